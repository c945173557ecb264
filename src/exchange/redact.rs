//! What a case loses on its way to the commission when the person did not
//! consent to sharing identifiable data.

use chrono::Datelike;

use crate::domain::Case;

/// Whether the person agreed that their identity may travel.
pub fn may_share_identity(case: &Case) -> bool {
    case.consent.share_identifiable_with_commission == Some(true)
}

/// The case without names, birth date (the year is kept), contact details,
/// identity document, city of residence and free text. What remains is what
/// statistics need: dates, places by country, vocabulary values, ages.
pub fn redact(case: &Case) -> Case {
    let mut case = case.clone();
    let person = &mut case.person;
    person.given_name = None;
    person.family_name = None;
    person.is_pseudonym = None;
    if let Some(birth) = person.birth_date.take() {
        person.birth_year = Some(birth.year());
    }
    person.identity_document = None;
    person.phone = None;
    person.email = None;
    if let Some(location) = &mut person.current_location {
        location.city = None;
        if location.country.is_none() {
            person.current_location = None;
        }
    }
    case.closure_reason = None;
    case.notes = None;
    case.first_contact.place = None;
    for observed in &mut case.assessment.indicators {
        observed.note = None;
    }
    for event in &mut case.exploitation.events {
        event.description = None;
        event.city = None;
    }
    for follow_up in &mut case.follow_ups {
        follow_up.summary = None;
        follow_up.next_action = None;
    }
    case
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redacted_case_keeps_the_birth_year_and_stays_valid() {
        let text = include_str!("../../tests/fixtures/case-full.json");
        let case = Case::from_json(text).unwrap_or_default();
        let birth = case.person.birth_date;
        assert!(birth.is_some());
        let redacted = redact(&case);
        assert_eq!(redacted.person.birth_date, None);
        assert_eq!(redacted.person.birth_year, birth.map(|b| b.year()));
        assert_eq!(redacted.person.given_name, None);
        assert_eq!(redacted.notes, None);
        assert_eq!(redacted.person.citizenship, case.person.citizenship);
        assert_eq!(redacted.exploitation.types, case.exploitation.types);
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
        assert_eq!(crate::domain::validate(&redacted, today), vec![]);
    }
}
