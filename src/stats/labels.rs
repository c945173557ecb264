//! Dimensions and their values as people read them, in the interface's
//! language: the statistics screen and the annual report use the same.

use super::{Dimension, Key};
use crate::i18n::I18n;

/// The vocabulary type behind a dimension's values, for their labels.
fn vocabulary(dimension: Dimension) -> Option<&'static str> {
    match dimension {
        Dimension::TraffickingStatus => Some("TraffickingStatus"),
        Dimension::Form => Some("ExploitationType"),
        Dimension::Gender => Some("Gender"),
        Dimension::LabourIndustry => Some("LabourIndustry"),
        Dimension::MeansOfControl => Some("MeansOfControl"),
        Dimension::ReferralService => Some("ReferralService"),
        Dimension::Status => Some("CaseStatus"),
        Dimension::RecruitmentMethod => Some("RecruitmentMethod"),
        Dimension::UrgentNeed => Some("UrgentNeed"),
        Dimension::ReferralOrganisation => Some("OrganisationType"),
        Dimension::ReferralOutcome => Some("ReferralOutcome"),
        _ => None,
    }
}

/// A value as the interface shows it, in its language.
pub fn label(i18n: &I18n, dimension: Dimension, key: &Key) -> String {
    match key {
        None => i18n.t("stats-unknown"),
        Some(value) => match (dimension, vocabulary(dimension)) {
            (_, Some(kind)) => i18n.vocab(kind, value),
            (Dimension::Minor, _) => i18n.t(if value == "minor" {
                "stats-minor"
            } else {
                "stats-adult"
            }),
            (Dimension::CitizenshipGroup, _) => i18n.t(&format!("stats-citizenship-{value}")),
            (Dimension::ReturnAssisted | Dimension::ReflectionPeriod, _) => {
                i18n.t(if value == "yes" {
                    "stats-yes"
                } else {
                    "stats-no"
                })
            }
            (Dimension::Citizenship | Dimension::CountryOfExploitation, _) => i18n.country(value),
            _ => value.clone(),
        },
    }
}

pub fn dimension_label(i18n: &I18n, dimension: Dimension) -> String {
    i18n.t(&format!("stats-by-{}", dimension.name()))
}
