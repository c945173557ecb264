//! What a case keeps on its way to the commission when the person did not
//! consent to sharing identifiable data.
//!
//! Redaction is an allow-list: only the fields named in [`ALLOWED`] travel;
//! every other field, including any added to the record later, is removed
//! until someone decides it may travel and names it here. No free text is
//! on the list: a note, a summary, a description, an organisation's or an
//! officer's name can each hold a name or a place. What remains is what the
//! commission's statistics count and the closed vocabularies around it.
//!
//! Quasi-identifiers are coarsened: every date travels as its month
//! (written as the first day of it, the record marked `redacted`), and the
//! birth date as the age in whole years at first contact, which is what
//! every statistic counts (age group, minor or adult). docs/export-format.md
//! lists the fields and the reasons.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::{Map, Value};

use crate::domain::validate::age_from_birth;
use crate::domain::{Case, RecordMeta};

/// The fields that travel without consent, by JSON path (`[]` for every
/// element of a list). Everything else is removed.
pub const ALLOWED: &[&str] = &[
    "status",
    "person.estimated_age",
    "person.age_at_first_contact",
    "person.gender",
    "person.citizenship[]",
    "consent.interview",
    "consent.informed_of[]",
    "consent.given_by",
    "consent.share_identifiable_with_commission",
    "consent.anonymous_statistics",
    "consent.date",
    "first_contact.date",
    "first_contact.channel",
    "assessment.trafficking_status",
    "assessment.decided_by",
    "assessment.indicators[].indicator",
    "exploitation.types[]",
    "exploitation.sexual_exploitation_types[]",
    "exploitation.labour_industry",
    "exploitation.recruitment_methods[]",
    "exploitation.means_of_control[]",
    "exploitation.relationship_to_trafficker",
    "exploitation.age_when_trafficked",
    "exploitation.country_of_exploitation",
    "exploitation.events[].type",
    "exploitation.events[].date",
    "exploitation.events[].country",
    "assistance.urgent_needs[]",
    "assistance.travel_document_issued",
    "assistance.return_assisted",
    "assistance.reflection_period.start",
    "assistance.reflection_period.end",
    "referrals[].date",
    "referrals[].organisation_type",
    "referrals[].reason",
    "referrals[].service",
    "referrals[].outcome",
    "follow_ups[].date",
    "follow_ups[].kind",
    "erase_after",
    "synthetic",
    "redacted",
];

/// Why a case cannot be redacted: the allow-list keeps a field without one
/// its record cannot do without (a mistake in [`ALLOWED`], caught by tests).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the redacted case is not a valid record ({0})")]
pub struct RedactError(String);

/// Whether the person agreed that their identity may travel.
pub fn may_share_identity(case: &Case) -> bool {
    case.consent.share_identifiable_with_commission == Some(true)
}

/// The case with only the allowed fields, every date cut to its month and
/// the birth date turned into the age at first contact.
pub fn redact(case: &Case) -> Result<Case, RedactError> {
    let age = age_at_first_contact(case);
    let kept = keep(case.to_json_value(), &mut String::new()).unwrap_or(Value::Null);
    let mut redacted: Case =
        serde_json::from_value(kept).map_err(|e| RedactError(e.to_string()))?;
    // Always worked out here, never taken from the case: a supplied age
    // could disagree with the rest of the record.
    redacted.person.age_at_first_contact = age;
    redacted.redacted = true;
    Ok(redacted)
}

/// The record's metadata with its times cut to the month, like every date
/// of a redacted case: the time a case was created is close to its first
/// contact.
pub fn redact_meta(meta: &RecordMeta) -> RecordMeta {
    RecordMeta {
        created_at: month_start(meta.created_at),
        updated_at: month_start(meta.updated_at),
        ..meta.clone()
    }
}

fn month_start(time: DateTime<Utc>) -> DateTime<Utc> {
    time.date_naive()
        .with_day(1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map_or(time, |start| start.and_utc())
}

/// Age in whole years at first contact: from the birth date; from the year
/// of birth alone as statistics count it (the age reached in the year of
/// contact); else none.
fn age_at_first_contact(case: &Case) -> Option<u8> {
    age_from_birth(case).and_then(|(_, years)| u8::try_from(years).ok())
}

/// The paths of [`ALLOWED`], and every path that leads to one (`person`,
/// `exploitation.forms`, `exploitation.forms[]`): a field on neither is
/// dropped whole, without looking inside it.
struct Paths {
    leaves: HashSet<&'static str>,
    on_the_way: HashSet<&'static str>,
}

fn paths() -> &'static Paths {
    static PATHS: OnceLock<Paths> = OnceLock::new();
    PATHS.get_or_init(|| Paths {
        leaves: ALLOWED.iter().copied().collect(),
        on_the_way: ALLOWED
            .iter()
            .flat_map(|path| {
                path.char_indices()
                    .filter(|(_, c)| *c == '.' || *c == '[')
                    .map(|(i, _)| &path[..i])
            })
            .collect(),
    })
}

/// What of `value`, found at `path`, may travel; `None` for nothing.
/// `path` is a buffer the walk extends and gives back as it found it.
fn keep(value: Value, path: &mut String) -> Option<Value> {
    let paths = paths();
    let wanted = |path: &str| paths.leaves.contains(path) || paths.on_the_way.contains(path);
    let length = path.len();
    let kept = match value {
        Value::Object(fields) => {
            let kept: Map<String, Value> = fields
                .into_iter()
                .filter_map(|(name, value)| {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&name);
                    let kept = if wanted(path) {
                        keep(value, path)
                    } else {
                        None
                    };
                    path.truncate(length);
                    kept.map(|value| (name, value))
                })
                .collect();
            (!kept.is_empty()).then_some(Value::Object(kept))
        }
        Value::Array(items) => {
            path.push_str("[]");
            let kept: Vec<Value> = if wanted(path) {
                items
                    .into_iter()
                    .filter_map(|item| keep(item, path))
                    .collect()
            } else {
                Vec::new()
            };
            path.truncate(length);
            (!kept.is_empty()).then_some(Value::Array(kept))
        }
        leaf => paths.leaves.contains(path.as_str()).then(|| to_month(leaf)),
    };
    debug_assert_eq!(path.len(), length);
    kept
}

/// A date (`YYYY-MM-DD`) becomes the first day of its month; no allowed
/// field holds text that looks like one.
fn to_month(leaf: Value) -> Value {
    // The shape first: a date parser run on every allowed text showed in
    // the export's profile.
    if let Value::String(text) = &leaf
        && text.len() == 10
        && text.as_bytes()[4] == b'-'
        && text.as_bytes()[7] == b'-'
        && let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && let Some(first) = date.with_day(1)
    {
        return Value::String(first.to_string());
    }
    leaf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::synthetic;
    use crate::stats::Facts;

    fn full_case() -> Case {
        let text = include_str!("../../tests/fixtures/case-full.json");
        Case::from_json(text).unwrap_or_default()
    }

    /// The walk as first written: every field visited, a leaf kept when
    /// its path is allowed. The pruned walk must give the same.
    fn keep_everything_visited(value: Value, path: &str) -> Option<Value> {
        match value {
            Value::Object(fields) => {
                let kept: Map<String, Value> = fields
                    .into_iter()
                    .filter_map(|(name, value)| {
                        let path = if path.is_empty() {
                            name.clone()
                        } else {
                            format!("{path}.{name}")
                        };
                        keep_everything_visited(value, &path).map(|value| (name, value))
                    })
                    .collect();
                (!kept.is_empty()).then_some(Value::Object(kept))
            }
            Value::Array(items) => {
                let path = format!("{path}[]");
                let kept: Vec<Value> = items
                    .into_iter()
                    .filter_map(|item| keep_everything_visited(item, &path))
                    .collect();
                (!kept.is_empty()).then_some(Value::Array(kept))
            }
            leaf => ALLOWED.contains(&path).then(|| to_month(leaf)),
        }
    }

    #[test]
    fn the_pruned_walk_keeps_exactly_what_visiting_every_field_keeps() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let cases = synthetic::generate(5, 300, today).chain([full_case()]);
        for case in cases {
            let value = case.to_json_value();
            assert_eq!(
                keep(value.clone(), &mut String::new()),
                keep_everything_visited(value, "")
            );
        }
    }

    #[test]
    fn a_redacted_case_keeps_the_age_at_first_contact_and_stays_valid() {
        let case = full_case();
        // Born 1998-03-14, first contact 2026-11-20.
        let redacted = redact(&case).unwrap_or_else(|e| panic!("{e}"));
        assert!(redacted.redacted);
        assert_eq!(redacted.person.birth_date, None);
        assert_eq!(redacted.person.birth_year, None);
        assert_eq!(redacted.person.age_at_first_contact, Some(28));
        assert_eq!(redacted.person.given_name, None);
        assert_eq!(redacted.notes, None);
        assert_eq!(redacted.referrals[0].organisation, "");
        assert_eq!(redacted.follow_ups[0].officer, None);
        assert_eq!(redacted.person.citizenship, case.person.citizenship);
        assert_eq!(redacted.exploitation.types, case.exploitation.types);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        assert_eq!(crate::domain::validate_received(&redacted, today), vec![]);
    }

    /// What the commission receives is what redaction worked out, never an
    /// age typed in (`add --json` could carry one).
    #[test]
    fn a_supplied_age_at_first_contact_is_worked_out_again() {
        let mut case = full_case();
        case.person.age_at_first_contact = Some(90);
        let redacted = redact(&case).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(redacted.person.age_at_first_contact, Some(28));
        case.person.birth_date = None;
        case.person.birth_year = None;
        let redacted = redact(&case).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(redacted.person.age_at_first_contact, None);
    }

    #[test]
    fn every_date_of_a_redacted_case_is_the_first_of_its_month() {
        let redacted = redact(&full_case()).unwrap_or_else(|e| panic!("{e}"));
        let text = redacted.to_json_value().to_string();
        let mut dates = 0;
        for piece in text.split('"') {
            if let Ok(date) = NaiveDate::parse_from_str(piece, "%Y-%m-%d") {
                dates += 1;
                assert_eq!(date.day(), 1, "{piece} in {text}");
            }
        }
        // Contact, consent, two events, reflection start, referral,
        // follow-up, erase-after.
        assert_eq!(dates, 8, "{text}");
    }

    /// Whatever redaction removes, each statistic counts a case as before:
    /// year of contact, age (group, minor or adult), and every dimension.
    #[test]
    fn statistics_count_a_redacted_case_as_the_whole_case() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let mut aged = 0;
        let mut cases: Vec<Case> = synthetic::generate(11, 400, today).collect();
        // The year of birth alone, as older records have it.
        for case in cases.iter_mut().step_by(7) {
            case.person.birth_year = case.person.birth_date.take().map(|b| b.year());
        }
        for case in &cases {
            let redacted = redact(case).unwrap_or_else(|e| panic!("{e}"));
            let whole = Facts::of(case, "LT-LON");
            assert_eq!(Facts::of(&redacted, "LT-LON"), whole);
            aged += usize::from(whole.age.is_some());
        }
        assert!(aged > 200, "only {aged} cases with an age");
    }
}
