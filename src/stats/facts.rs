//! What statistics need of a case, kept beside it in the vault so that a
//! table over a million cases reads a few dozen bytes per case instead of
//! the whole record.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::domain::{
    Case, CaseStatus, ExploitationType, Gender, LabourIndustry, MeansOfControl, OrganisationType,
    RecruitmentMethod, ReferralOutcome, ReferralService, TraffickingStatus, UrgentNeed,
};

/// The countable facts of one case, as vocabulary wire names and codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facts {
    /// Year of first contact.
    #[serde(rename = "y")]
    pub year: i32,
    #[serde(rename = "m")]
    pub mission: String,
    #[serde(rename = "s")]
    pub status: String,
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub trafficking_status: Option<String>,
    #[serde(rename = "f", default, skip_serializing_if = "Vec::is_empty")]
    pub forms: Vec<String>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub citizenship: Vec<String>,
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Age in whole years at first contact, if it can be told.
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub country_of_exploitation: Option<String>,
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    pub labour_industry: Option<String>,
    #[serde(rename = "k", default, skip_serializing_if = "Vec::is_empty")]
    pub means_of_control: Vec<String>,
    #[serde(rename = "r", default, skip_serializing_if = "Vec::is_empty")]
    pub referral_services: Vec<String>,
    /// The person's consent to anonymous statistics, as recorded.
    #[serde(rename = "o", default, skip_serializing_if = "Option::is_none")]
    pub anonymous_statistics: Option<bool>,
    /// Made by the generator: never counted.
    #[serde(rename = "z", default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
    #[serde(rename = "rm", default, skip_serializing_if = "Vec::is_empty")]
    pub recruitment: Vec<String>,
    #[serde(rename = "u", default, skip_serializing_if = "Vec::is_empty")]
    pub urgent_needs: Vec<String>,
    /// The organisation types of the case's referrals.
    #[serde(rename = "ro", default, skip_serializing_if = "Vec::is_empty")]
    pub referral_organisations: Vec<String>,
    /// The outcomes of the case's referrals.
    #[serde(rename = "rq", default, skip_serializing_if = "Vec::is_empty")]
    pub referral_outcomes: Vec<String>,
    #[serde(rename = "ra", default, skip_serializing_if = "Option::is_none")]
    pub return_assisted: Option<bool>,
    /// Whether a reflection period was started (has a start date).
    #[serde(rename = "rp", default, skip_serializing_if = "std::ops::Not::not")]
    pub reflection_period: bool,
}

fn distinct<T: ToString>(values: &[T]) -> Vec<String> {
    let mut names: Vec<String> = values.iter().map(ToString::to_string).collect();
    names.sort();
    names.dedup();
    names
}

impl Facts {
    pub fn of(case: &Case, mission: &str) -> Facts {
        let contact = case.first_contact.date;
        Facts {
            year: contact.year(),
            mission: mission.to_owned(),
            status: case.status.to_string(),
            trafficking_status: case.assessment.trafficking_status.map(|s| s.to_string()),
            forms: distinct(&case.exploitation.types),
            citizenship: distinct(&case.person.citizenship),
            gender: case.person.gender.map(|g| g.to_string()),
            age: age_at(case),
            country_of_exploitation: case.exploitation.country_of_exploitation.clone(),
            labour_industry: case.exploitation.labour_industry.map(|i| i.to_string()),
            means_of_control: distinct(&case.exploitation.means_of_control),
            referral_services: distinct(
                &case.referrals.iter().map(|r| r.service).collect::<Vec<_>>(),
            ),
            anonymous_statistics: case.consent.anonymous_statistics,
            synthetic: case.synthetic,
            recruitment: distinct(&case.exploitation.recruitment_methods),
            urgent_needs: distinct(&case.assistance.urgent_needs),
            referral_organisations: distinct(
                &case
                    .referrals
                    .iter()
                    .filter_map(|r| r.organisation_type)
                    .collect::<Vec<_>>(),
            ),
            referral_outcomes: distinct(
                &case
                    .referrals
                    .iter()
                    .filter_map(|r| r.outcome)
                    .collect::<Vec<_>>(),
            ),
            return_assisted: case.assistance.return_assisted,
            reflection_period: case
                .assistance
                .reflection_period
                .as_ref()
                .is_some_and(|p| p.start.is_some()),
        }
    }
}

/// Age at first contact: from the birth date; else as a redacted record
/// carries it (worked out from the birth date by the mission); else from the
/// year of birth alone (the age the person reaches in the year of contact,
/// so possibly one year high); else the officer's estimate.
fn age_at(case: &Case) -> Option<u32> {
    let contact = case.first_contact.date;
    if let Some(birth) = case.person.birth_date {
        return contact.years_since(birth);
    }
    if let Some(age) = case.person.age_at_first_contact {
        return Some(u32::from(age));
    }
    if let Some(year) = case.person.birth_year {
        return u32::try_from(contact.year() - year).ok();
    }
    case.person.estimated_age.map(u32::from)
}

/// Between the fields of the stored form.
const FIELD: char = '\u{1f}';
/// Between the values of a list.
const ITEM: char = '\u{1e}';
const FIELDS: usize = 20;

/// A list of values, owned by a [`Facts`] or packed in its stored form.
#[derive(Debug, Clone, Copy)]
pub enum Values<'a> {
    Owned(&'a [String]),
    Packed(&'a str),
    /// Packed positions in a vocabulary.
    Coded(&'a str, Vocab),
}

impl std::fmt::Debug for Vocab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vocab")
    }
}

impl<'a> Values<'a> {
    pub fn iter(self) -> impl Iterator<Item = &'a str> {
        let (owned, packed, vocab) = match self {
            Values::Owned(values) => (Some(values.iter().map(String::as_str)), None, None),
            Values::Packed(text) => (None, Some(text), None),
            Values::Coded(text, vocab) => (None, Some(text), Some(vocab)),
        };
        let packed = packed
            .into_iter()
            .flat_map(|text| text.split(ITEM).filter(|value| !value.is_empty()))
            .filter_map(move |value| match vocab {
                Some(vocab) => vocab.decode(value),
                None => Some(value),
            });
        owned.into_iter().flatten().chain(packed)
    }
}

/// The facts of one case as the counting reads them: borrowed, either from
/// a [`Facts`] or straight from the stored text, so that a table over a
/// million cases allocates nothing per case.
#[derive(Debug, Clone, Copy)]
pub struct FactsView<'a> {
    pub year: i32,
    pub mission: &'a str,
    pub status: &'a str,
    pub trafficking_status: Option<&'a str>,
    pub forms: Values<'a>,
    pub citizenship: Values<'a>,
    pub gender: Option<&'a str>,
    pub age: Option<u32>,
    pub country_of_exploitation: Option<&'a str>,
    pub labour_industry: Option<&'a str>,
    pub means_of_control: Values<'a>,
    pub referral_services: Values<'a>,
    pub anonymous_statistics: Option<bool>,
    pub synthetic: bool,
    pub recruitment: Values<'a>,
    pub urgent_needs: Values<'a>,
    pub referral_organisations: Values<'a>,
    pub referral_outcomes: Values<'a>,
    pub return_assisted: Option<bool>,
    pub reflection_period: bool,
}

/// A vocabulary as the stored form uses it: a value is written as its
/// position in the vocabulary (one or two digits instead of a name such as
/// `RestrictsMedicalCare`), and read back as the vocabulary's own name.
#[derive(Clone, Copy)]
pub struct Vocab {
    name: fn(usize) -> Option<&'static str>,
    position: fn(&str) -> Option<usize>,
}

macro_rules! vocab {
    ($type:ty) => {
        Vocab {
            name: |i| <$type>::ALL.get(i).map(|v| v.as_str()),
            position: |name| <$type>::ALL.iter().position(|v| v.as_str() == name),
        }
    };
}

const STATUS: Vocab = vocab!(CaseStatus);
const TRAFFICKING: Vocab = vocab!(TraffickingStatus);
const FORM: Vocab = vocab!(ExploitationType);
const GENDER: Vocab = vocab!(Gender);
const INDUSTRY: Vocab = vocab!(LabourIndustry);
const CONTROL: Vocab = vocab!(MeansOfControl);
const SERVICE: Vocab = vocab!(ReferralService);
const RECRUITMENT: Vocab = vocab!(RecruitmentMethod);
const NEED: Vocab = vocab!(UrgentNeed);
const ORGANISATION: Vocab = vocab!(OrganisationType);
const OUTCOME: Vocab = vocab!(ReferralOutcome);

/// A name not in the vocabulary (none is, today) is kept as it is, marked.
const VERBATIM: char = '~';

impl Vocab {
    fn encode(self, name: &str, out: &mut String) {
        match (self.position)(name) {
            Some(position) => out.push_str(&position.to_string()),
            None => {
                out.push(VERBATIM);
                out.extend(clean(name));
            }
        }
    }

    fn decode(self, code: &str) -> Option<&str> {
        match code.strip_prefix(VERBATIM) {
            Some(name) => Some(name),
            None => (self.name)(code.parse().ok()?),
        }
    }
}

/// Codes and vocabulary names hold no control characters; a value that
/// did would break the stored form, so they are dropped from it.
fn clean(value: &str) -> impl Iterator<Item = char> + '_ {
    value.chars().filter(|c| !c.is_control())
}

impl Facts {
    pub fn view(&self) -> FactsView<'_> {
        FactsView {
            year: self.year,
            mission: &self.mission,
            status: &self.status,
            trafficking_status: self.trafficking_status.as_deref(),
            forms: Values::Owned(&self.forms),
            citizenship: Values::Owned(&self.citizenship),
            gender: self.gender.as_deref(),
            age: self.age,
            country_of_exploitation: self.country_of_exploitation.as_deref(),
            labour_industry: self.labour_industry.as_deref(),
            means_of_control: Values::Owned(&self.means_of_control),
            referral_services: Values::Owned(&self.referral_services),
            anonymous_statistics: self.anonymous_statistics,
            synthetic: self.synthetic,
            recruitment: Values::Owned(&self.recruitment),
            urgent_needs: Values::Owned(&self.urgent_needs),
            referral_organisations: Values::Owned(&self.referral_organisations),
            referral_outcomes: Values::Owned(&self.referral_outcomes),
            return_assisted: self.return_assisted,
            reflection_period: self.reflection_period,
        }
    }

    /// The stored form: the fields in a fixed order, separated by control
    /// characters, vocabulary values as their positions (a fifth of the size
    /// of JSON, and read without allocating).
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(48);
        let text = |out: &mut String, value: &str| out.extend(clean(value));
        let coded = |out: &mut String, vocab: Vocab, value: Option<&str>| {
            if let Some(value) = value {
                vocab.encode(value, out);
            }
        };
        let list = |out: &mut String, vocab: Option<Vocab>, values: &[String]| {
            for (i, value) in values.iter().enumerate() {
                if i > 0 {
                    out.push(ITEM);
                }
                match vocab {
                    Some(vocab) => vocab.encode(value, out),
                    None => out.extend(clean(value)),
                }
            }
        };
        out.push_str(&self.year.to_string());
        out.push(FIELD);
        text(&mut out, &self.mission);
        out.push(FIELD);
        coded(&mut out, STATUS, Some(&self.status));
        out.push(FIELD);
        coded(&mut out, TRAFFICKING, self.trafficking_status.as_deref());
        out.push(FIELD);
        list(&mut out, Some(FORM), &self.forms);
        out.push(FIELD);
        list(&mut out, None, &self.citizenship);
        out.push(FIELD);
        coded(&mut out, GENDER, self.gender.as_deref());
        out.push(FIELD);
        if let Some(age) = self.age {
            out.push_str(&age.to_string());
        }
        out.push(FIELD);
        text(
            &mut out,
            self.country_of_exploitation.as_deref().unwrap_or(""),
        );
        out.push(FIELD);
        coded(&mut out, INDUSTRY, self.labour_industry.as_deref());
        out.push(FIELD);
        list(&mut out, Some(CONTROL), &self.means_of_control);
        out.push(FIELD);
        list(&mut out, Some(SERVICE), &self.referral_services);
        out.push(FIELD);
        out.push_str(match self.anonymous_statistics {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        });
        out.push(FIELD);
        if self.synthetic {
            out.push('1');
        }
        out.push(FIELD);
        list(&mut out, Some(RECRUITMENT), &self.recruitment);
        out.push(FIELD);
        list(&mut out, Some(NEED), &self.urgent_needs);
        out.push(FIELD);
        list(&mut out, Some(ORGANISATION), &self.referral_organisations);
        out.push(FIELD);
        list(&mut out, Some(OUTCOME), &self.referral_outcomes);
        out.push(FIELD);
        out.push_str(match self.return_assisted {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        });
        out.push(FIELD);
        if self.reflection_period {
            out.push('1');
        }
        out
    }
}

impl<'a> FactsView<'a> {
    /// Reads the stored form; `None` if it is not one.
    pub fn decode(text: &'a str) -> Option<FactsView<'a>> {
        let mut fields = [""; FIELDS];
        let mut parts = text.split(FIELD);
        for slot in &mut fields {
            *slot = parts.next()?;
        }
        if parts.next().is_some() {
            return None;
        }
        let optional = |value: &'a str| (!value.is_empty()).then_some(value);
        let coded = |vocab: Vocab, value: &'a str| -> Option<Option<&'a str>> {
            match value {
                "" => Some(None),
                code => vocab.decode(code).map(Some),
            }
        };
        Some(FactsView {
            year: fields[0].parse().ok()?,
            mission: fields[1],
            status: coded(STATUS, fields[2])??,
            trafficking_status: coded(TRAFFICKING, fields[3])?,
            forms: Values::Coded(fields[4], FORM),
            citizenship: Values::Packed(fields[5]),
            gender: coded(GENDER, fields[6])?,
            age: match fields[7] {
                "" => None,
                age => Some(age.parse().ok()?),
            },
            country_of_exploitation: optional(fields[8]),
            labour_industry: coded(INDUSTRY, fields[9])?,
            means_of_control: Values::Coded(fields[10], CONTROL),
            referral_services: Values::Coded(fields[11], SERVICE),
            anonymous_statistics: match fields[12] {
                "" => None,
                "1" => Some(true),
                "0" => Some(false),
                _ => return None,
            },
            synthetic: match fields[13] {
                "" => false,
                "1" => true,
                _ => return None,
            },
            recruitment: Values::Coded(fields[14], RECRUITMENT),
            urgent_needs: Values::Coded(fields[15], NEED),
            referral_organisations: Values::Coded(fields[16], ORGANISATION),
            referral_outcomes: Values::Coded(fields[17], OUTCOME),
            return_assisted: match fields[18] {
                "" => None,
                "1" => Some(true),
                "0" => Some(false),
                _ => return None,
            },
            reflection_period: match fields[19] {
                "" => false,
                "1" => true,
                _ => return None,
            },
        })
    }

    pub fn to_facts(&self) -> Facts {
        let owned = |values: Values<'_>| values.iter().map(str::to_owned).collect();
        Facts {
            year: self.year,
            mission: self.mission.to_owned(),
            status: self.status.to_owned(),
            trafficking_status: self.trafficking_status.map(str::to_owned),
            forms: owned(self.forms),
            citizenship: owned(self.citizenship),
            gender: self.gender.map(str::to_owned),
            age: self.age,
            country_of_exploitation: self.country_of_exploitation.map(str::to_owned),
            labour_industry: self.labour_industry.map(str::to_owned),
            means_of_control: owned(self.means_of_control),
            referral_services: owned(self.referral_services),
            anonymous_statistics: self.anonymous_statistics,
            synthetic: self.synthetic,
            recruitment: owned(self.recruitment),
            urgent_needs: owned(self.urgent_needs),
            referral_organisations: owned(self.referral_organisations),
            referral_outcomes: owned(self.referral_outcomes),
            return_assisted: self.return_assisted,
            reflection_period: self.reflection_period,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::synthetic;

    #[test]
    fn the_stored_form_gives_back_the_same_facts() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let mut seen = 0;
        for case in synthetic::generate(5, 300, today) {
            let facts = Facts::of(&case, "LT-LON");
            let text = facts.encode();
            let view =
                FactsView::decode(&text).unwrap_or_else(|| panic!("cannot read back {text:?}"));
            assert_eq!(view.to_facts(), facts);
            seen += usize::from(!facts.means_of_control.is_empty());
        }
        assert!(seen > 0, "lists were exercised");
        let empty = Facts::default();
        assert_eq!(
            FactsView::decode(&empty.encode()).map(|v| v.to_facts()),
            Some(empty)
        );
        assert!(FactsView::decode("{\"y\":2026}").is_none());
        assert!(FactsView::decode("").is_none());
    }
}
