//! What can be wrong with a case, one problem per field, and the English
//! message for each (the GUI translates the problem itself).

use chrono::NaiveDate;

use super::MAX_AGE;
use crate::domain::vocab::{DecisionMaker, TraffickingStatus};

/// One thing wrong with a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `person.birth_date`.
    pub field: String,
    pub problem: Problem,
}

/// What is wrong, in terms the GUI can translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    DateInFuture {
        date: NaiveDate,
    },
    DateImplausible {
        date: NaiveDate,
    },
    DateAfterFirstContact {
        date: NaiveDate,
        first_contact: NaiveDate,
    },
    DateBeforeBirth {
        date: NaiveDate,
        birth: NaiveDate,
    },
    DateNotAfter {
        date: NaiveDate,
        other_field: &'static str,
        other: NaiveDate,
    },
    UnknownCountry {
        code: String,
    },
    UnknownLanguage {
        code: String,
    },
    DuplicateValue {
        value: String,
    },
    InvalidPhone {
        value: String,
    },
    InvalidEmail {
        value: String,
    },
    AgeOutOfRange {
        age: u8,
    },
    AgeAboveAgeAtContact {
        age: u8,
        age_at_contact: u32,
    },
    BirthYearMismatch {
        year: i32,
        birth: NaiveDate,
    },
    Empty,
    TooLong {
        max_chars: usize,
    },
    /// An identified victim (HTCDS `ActualVictimOfTrafficking`) without the
    /// organisation that identified them.
    DecisionMakerMissing,
    /// A field only redaction sets (`redacted`,
    /// `person.age_at_first_contact`): a case typed in at a mission never
    /// has it, so that what the commission receives is what redaction
    /// worked out.
    SetOnlyByRedaction,
    /// `held_by_commission`: only the mission's reduction to a stub sets
    /// it (`vault::stubs`); a stub never enters a vault any other way.
    SetOnlyByStubs,
    /// The whole case is larger than an export line carries
    /// (`limits::MAX_CASE_JSON_BYTES`); `part` is the top-level field that
    /// holds the most of it, the one to shorten.
    CaseTooLarge {
        bytes: usize,
        max_bytes: usize,
        part: String,
        part_bytes: usize,
    },
}

impl Problem {
    /// Whether the commission refuses a received record for it. A rule
    /// added after missions began exporting binds new saves only, so that a
    /// mission's older exports stay importable (docs/threat-model.md).
    pub fn refused_on_import(&self) -> bool {
        !matches!(self, Problem::DecisionMakerMissing)
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::DateInFuture { date } => write!(f, "{date} is in the future"),
            Problem::DateImplausible { date } => {
                write!(f, "{date} is too far in the past or future to be right")
            }
            Problem::DateAfterFirstContact {
                date,
                first_contact,
            } => write!(
                f,
                "{date} is after the date of first contact ({first_contact})"
            ),
            Problem::DateBeforeBirth { date, birth } => {
                write!(f, "{date} is before the person's birth date ({birth})")
            }
            Problem::DateNotAfter {
                date,
                other_field,
                other,
            } => write!(f, "{date} must be after {other_field} ({other})"),
            Problem::UnknownCountry { code } => write!(
                f,
                "\"{code}\" is not an ISO 3166-1 country code (two capital letters, e.g. LT)"
            ),
            Problem::UnknownLanguage { code } => write!(
                f,
                "\"{code}\" is not an ISO 639 language code (e.g. lit or lt)"
            ),
            Problem::DuplicateValue { value } => write!(f, "{value} is listed twice"),
            Problem::InvalidPhone { value } => write!(
                f,
                "\"{value}\" is not an international phone number: write + and the country code, digits only, e.g. +447700900123"
            ),
            Problem::InvalidEmail { value } => {
                write!(f, "\"{value}\" is not an e-mail address (name@example.org)")
            }
            Problem::AgeOutOfRange { age } => {
                write!(f, "{age} is not a possible age (0 to {MAX_AGE})")
            }
            Problem::AgeAboveAgeAtContact {
                age,
                age_at_contact,
            } => write!(
                f,
                "{age} is more than the person's age at first contact ({age_at_contact})"
            ),
            Problem::BirthYearMismatch { year, birth } => {
                write!(f, "{year} is not the year of the birth date ({birth})")
            }
            Problem::SetOnlyByRedaction => write!(
                f,
                "is set only when a case is redacted for export; leave it out"
            ),
            Problem::SetOnlyByStubs => write!(
                f,
                "is set only when a mission keeps a closed case as a stub; a stub cannot be \
                 added, edited or imported; leave it out"
            ),
            Problem::Empty => write!(f, "must not be empty"),
            Problem::TooLong { max_chars } => {
                write!(f, "is too long (at most {max_chars} characters)")
            }
            Problem::DecisionMakerMissing => {
                let values: Vec<&str> = DecisionMaker::ALL.iter().map(|d| d.as_str()).collect();
                write!(
                    f,
                    "an identified victim ({}) needs who identified them: one of {}",
                    TraffickingStatus::ActualVictimOfTrafficking.as_str(),
                    values.join(", ")
                )
            }
            Problem::CaseTooLarge {
                bytes,
                max_bytes,
                part,
                part_bytes,
            } => write!(
                f,
                "the case is too large to store and send ({} of at most {}); shorten {part}, which holds {}",
                megabytes(*bytes),
                megabytes(*max_bytes),
                megabytes(*part_bytes)
            ),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// A size in bytes as people read it: `3.9 MB`.
fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
