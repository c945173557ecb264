//! What statistics need of a case, kept beside it in the vault so that a
//! table over a million cases reads a few dozen bytes per case instead of
//! the whole record.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::domain::Case;

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
        }
    }
}

/// Age at first contact: from the birth date; else from the year of birth
/// alone (the age the person reaches in the year of contact, so possibly one
/// year high); else the officer's estimate.
fn age_at(case: &Case) -> Option<u32> {
    let contact = case.first_contact.date;
    if let Some(birth) = case.person.birth_date {
        return contact.years_since(birth);
    }
    if let Some(year) = case.person.birth_year {
        return u32::try_from(contact.year() - year).ok();
    }
    case.person.estimated_age.map(u32::from)
}
