//! Rules a case must satisfy before it is stored, with messages an officer can
//! act on. Every problem names the field it is about, by the same dotted path
//! the JSON uses (`follow_ups[0].date`), so the GUI can show it beside the
//! field and the CLI can print it.

mod problem;
mod rules;

use chrono::{Datelike, NaiveDate};

pub use problem::{FieldError, Problem};
use rules::check_rules;

use super::case::Case;
use super::limits::MAX_CASE_JSON_BYTES;

/// Dates before this are taken for typing mistakes.
pub fn earliest_plausible_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// How far ahead a planned date (a due action, a retention date) may lie.
const MAX_YEARS_AHEAD: i32 = 100;
const MAX_AGE: u8 = 120;
/// The longest name (a person's, an organisation's), in characters.
pub const MAX_NAME_CHARS: usize = 200;
const MAX_TEXT_CHARS: usize = 100_000;

/// Checks a case against every rule, as of `today`, and returns all problems
/// found (empty when the case may be saved), its size included.
pub fn validate(case: &Case, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = check_rules(case, today);
    errors.extend(check_for_redaction(case));
    errors.extend(check_size(case));
    errors
}

/// The rules a record received from a mission must satisfy: not the size,
/// which the importer already bounded by its line
/// (`limits::MAX_EXPORT_LINE_BYTES`), and only those of the other rules
/// that bound it when the mission saved it (see
/// [`Problem::refused_on_import`]).
pub fn validate_received(case: &Case, today: NaiveDate) -> Vec<FieldError> {
    let mut errors = check_rules(case, today);
    errors.retain(|e| e.problem.refused_on_import());
    errors
}

/// What a case saved at a mission needs so that its redacted form, checked
/// by [`validate_received`] at the commission, is accepted too: the fields
/// only redaction sets are absent, and the age redaction will work out from
/// the birth date or year is possible and not below the age when trafficked.
/// Not applied on import: a mission's older exports may hold records saved
/// before these rules.
fn check_for_redaction(case: &Case) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut push = |field: &str, problem| {
        errors.push(FieldError {
            field: field.to_owned(),
            problem,
        })
    };
    if case.redacted {
        push("redacted", Problem::SetOnlyByRedaction);
    }
    if case.held_by_commission {
        push("held_by_commission", Problem::SetOnlyByStubs);
    }
    if case.person.age_at_first_contact.is_some() {
        push("person.age_at_first_contact", Problem::SetOnlyByRedaction);
    }
    let Some((field, age)) = age_from_birth(case) else {
        return errors;
    };
    if age > u32::from(MAX_AGE) {
        let age = u8::try_from(age).unwrap_or(u8::MAX);
        push(field, Problem::AgeOutOfRange { age });
    } else if field == "person.birth_year"
        // From a birth date, the shared rules already compare them.
        && let Some(trafficked) = case.exploitation.age_when_trafficked
        && u32::from(trafficked) > age
    {
        push(
            "exploitation.age_when_trafficked",
            Problem::AgeAboveAgeAtContact {
                age: trafficked,
                age_at_contact: age,
            },
        );
    }
    errors
}

/// The age in whole years at first contact and the field it comes from:
/// from the birth date; from the year of birth alone as statistics count it
/// (the age reached in the year of contact); none without either, or with
/// one after the contact (a problem of its own). Redaction sends this age.
pub fn age_from_birth(case: &Case) -> Option<(&'static str, u32)> {
    let contact = case.first_contact.date;
    match (case.person.birth_date, case.person.birth_year) {
        (Some(birth), _) if birth <= contact => {
            Some(("person.birth_date", years_between(birth, contact)))
        }
        (None, Some(year)) if year <= contact.year() => u32::try_from(contact.year() - year)
            .ok()
            .map(|age| ("person.birth_year", age)),
        _ => None,
    }
}

/// Counts bytes written, keeping none.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn json_bytes(value: &impl serde::Serialize) -> usize {
    let mut counter = Counter(0);
    // Plain data with string keys always serialises.
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0
}

/// The case as stored and exported must fit an export line; if it does
/// not, the problem names the part that holds the most of it.
fn check_size(case: &Case) -> Option<FieldError> {
    let bytes = json_bytes(case);
    if bytes <= MAX_CASE_JSON_BYTES {
        return None;
    }
    let serde_json::Value::Object(parts) = case.to_json_value() else {
        return None;
    };
    let (part, part_bytes) = parts
        .iter()
        .map(|(name, value)| (name.clone(), json_bytes(value)))
        .max_by_key(|(_, size)| *size)
        .unwrap_or_default();
    Some(FieldError {
        field: part.clone(),
        problem: Problem::CaseTooLarge {
            bytes,
            max_bytes: MAX_CASE_JSON_BYTES,
            part,
            part_bytes,
        },
    })
}

/// Whole years from `from` to `to` (age at `to` for a birth date `from`).
pub fn years_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// E.164: a plus sign, a country code not starting with 0, at most 15 digits.
pub fn is_e164(phone: &str) -> bool {
    let Some(digits) = phone.strip_prefix('+') else {
        return false;
    };
    (2..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// The shape of an e-mail address: one `@`, something before it, a domain
/// with a dot after it, no spaces. Whether it exists is not ours to know.
pub fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !email.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::*;
    use crate::domain::vocab::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
    }

    fn case_on(contact: NaiveDate) -> Case {
        Case {
            first_contact: FirstContact {
                date: contact,
                channel: ContactChannel::Phone,
                place: None,
            },
            ..Case::default()
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_contact_date_in_the_future_is_refused() {
        let today = date(2026, 11, 27);
        let errors = validate(&case_on(date(2026, 11, 28)), today);
        assert_eq!(fields(&errors), ["first_contact.date"]);
        assert!(errors[0].to_string().contains("in the future"));
        assert!(validate(&case_on(today), today).is_empty());
    }

    #[test]
    fn birth_must_come_before_first_contact() {
        let mut case = case_on(date(2026, 1, 10));
        case.person.birth_date = Some(date(2026, 2, 1));
        let errors = validate(&case, date(2026, 11, 27));
        assert_eq!(fields(&errors), ["person.birth_date"]);
    }

    #[test]
    fn country_and_language_codes_must_exist() {
        let mut case = case_on(date(2026, 1, 10));
        case.person.citizenship = vec!["LT".into(), "XX".into(), "lt".into()];
        case.person.primary_language = Some("xyz".into());
        case.exploitation.country_of_exploitation = Some("GB".into());
        let errors = validate(&case, date(2026, 11, 27));
        assert_eq!(
            fields(&errors),
            [
                "person.citizenship[1]",
                "person.citizenship[2]",
                "person.primary_language"
            ]
        );
    }

    #[test]
    fn phone_numbers_must_be_e164() {
        assert!(is_e164("+447700900123"));
        assert!(!is_e164("07700 900123"));
        assert!(!is_e164("+44 7700 900123"));
        assert!(!is_e164("+0123"));
        assert!(!is_e164("+1234567890123456"));
    }

    #[test]
    fn email_addresses_need_their_shape() {
        assert!(is_email("ona.example@example.org"));
        for bad in [
            "ona",
            "@example.org",
            "ona@example",
            "ona@@example.org",
            "o na@x.lt",
            "ona@x..lt",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn reflection_period_must_end_after_it_starts() {
        let mut case = case_on(date(2026, 1, 10));
        case.assistance.reflection_period = Some(Period {
            start: Some(date(2026, 3, 1)),
            end: Some(date(2026, 2, 1)),
        });
        let errors = validate(&case, date(2026, 11, 27));
        assert_eq!(fields(&errors), ["assistance.reflection_period.end"]);
    }

    #[test]
    fn follow_up_dates_are_checked_and_named_by_position() {
        let mut case = case_on(date(2026, 1, 10));
        case.person.birth_date = Some(date(1990, 5, 5));
        case.follow_ups = vec![
            FollowUp {
                date: date(2026, 2, 1),
                kind: FollowUpKind::Phone,
                officer: None,
                summary: None,
                next_action: None,
                next_action_due: Some(date(2026, 1, 1)),
            },
            FollowUp {
                date: date(1890, 2, 1),
                kind: FollowUpKind::Phone,
                officer: None,
                summary: None,
                next_action: None,
                next_action_due: None,
            },
        ];
        let errors = validate(&case, date(2026, 11, 27));
        assert_eq!(
            fields(&errors),
            ["follow_ups[0].next_action_due", "follow_ups[1].date"]
        );
    }

    /// The problems of items of a list name the item by its position and
    /// the field in it, for every list and every field checked there (the
    /// paths are written out only when a problem is found).
    #[test]
    fn the_items_of_every_list_are_named_by_position_and_field() {
        let mut case = case_on(date(2026, 1, 10));
        case.person.birth_date = Some(date(1990, 5, 5));
        let long = Some("x".repeat(MAX_TEXT_CHARS + 1));
        let name = Some("x".repeat(MAX_NAME_CHARS + 1));
        case.person.citizenship = vec!["LT".into(), "LT".into()];
        case.assessment.indicators = vec![
            ObservedIndicator {
                indicator: Indicator::DebtBondage,
                note: None,
            },
            ObservedIndicator {
                indicator: Indicator::DebtBondage,
                note: long.clone(),
            },
        ];
        let event = TraffickingEvent {
            kind: EventType::Recruitment,
            date: Some(date(2026, 1, 1)),
            country: Some("GB".into()),
            city: None,
            description: None,
        };
        case.exploitation.events = vec![
            event.clone(),
            TraffickingEvent {
                date: Some(date(1980, 1, 1)),
                country: Some("XX".into()),
                city: name.clone(),
                description: long.clone(),
                ..event
            },
        ];
        let referral = Referral {
            date: date(2026, 1, 12),
            organisation: "Shelter".into(),
            organisation_type: None,
            reason: None,
            service: ReferralService::Shelter,
            outcome: None,
            share_identity: false,
        };
        case.referrals = vec![
            referral.clone(),
            Referral {
                date: date(2027, 1, 1),
                organisation: " ".into(),
                ..referral
            },
        ];
        let follow_up = FollowUp {
            date: date(2026, 2, 1),
            kind: FollowUpKind::Phone,
            officer: None,
            summary: None,
            next_action: None,
            next_action_due: None,
        };
        case.follow_ups = vec![
            follow_up.clone(),
            FollowUp {
                officer: name,
                summary: long.clone(),
                next_action: long,
                ..follow_up
            },
        ];
        let errors = validate(&case, date(2026, 11, 27));
        assert_eq!(
            fields(&errors),
            [
                "person.citizenship[1]",
                "assessment.indicators[1].indicator",
                "assessment.indicators[1].note",
                "exploitation.events[1].date",
                "exploitation.events[1].country",
                "exploitation.events[1].city",
                "exploitation.events[1].description",
                "referrals[1].date",
                "referrals[1].organisation",
                "follow_ups[1].officer",
                "follow_ups[1].summary",
                "follow_ups[1].next_action",
            ]
        );
    }

    #[test]
    fn age_when_trafficked_cannot_exceed_age_at_contact() {
        let mut case = case_on(date(2026, 1, 10));
        case.person.birth_date = Some(date(2000, 6, 1));
        case.exploitation.age_when_trafficked = Some(26);
        let errors = validate(&case, date(2026, 11, 27));
        assert_eq!(fields(&errors), ["exploitation.age_when_trafficked"]);
        case.exploitation.age_when_trafficked = Some(25);
        assert!(validate(&case, date(2026, 11, 27)).is_empty());
    }

    /// A case with `count` follow-ups whose summaries are each as long as
    /// a text may be.
    fn case_with_long_follow_ups(count: usize) -> Case {
        let mut case = case_on(date(2026, 1, 10));
        case.follow_ups = (0..count)
            .map(|_| FollowUp {
                date: date(2026, 2, 1),
                kind: FollowUpKind::Phone,
                officer: None,
                summary: Some("ž".repeat(MAX_TEXT_CHARS)),
                next_action: None,
                next_action_due: None,
            })
            .collect();
        case
    }

    #[test]
    fn a_case_larger_than_an_export_line_carries_is_refused_naming_what_to_shorten() {
        let today = date(2026, 11, 27);
        // Each summary is 200 kB of JSON (two bytes a letter).
        let fits = MAX_CASE_JSON_BYTES / (2 * MAX_TEXT_CHARS + 100);
        assert!(validate(&case_with_long_follow_ups(fits), today).is_empty());
        let errors = validate(&case_with_long_follow_ups(fits + 1), today);
        assert_eq!(fields(&errors), ["follow_ups"]);
        assert!(
            matches!(
                &errors[0].problem,
                Problem::CaseTooLarge { bytes, max_bytes, part, .. }
                    if *bytes > MAX_CASE_JSON_BYTES && *max_bytes == MAX_CASE_JSON_BYTES && part == "follow_ups"
            ),
            "{errors:?}"
        );
        let message = errors[0].to_string();
        assert!(
            message.contains("too large") && message.contains("shorten follow_ups"),
            "{message}"
        );
        // A record that came in an export line was bounded by it.
        assert!(validate_received(&case_with_long_follow_ups(fits + 1), today).is_empty());
    }

    #[test]
    fn a_redacted_record_may_have_dates_in_the_same_month_and_no_organisation_name() {
        let mut case = case_on(date(2026, 3, 1));
        case.erase_after = Some(date(2026, 3, 1));
        case.assistance.reflection_period = Some(Period {
            start: Some(date(2026, 3, 1)),
            end: Some(date(2026, 3, 1)),
        });
        case.referrals = vec![Referral {
            date: date(2026, 3, 1),
            organisation: String::new(),
            organisation_type: None,
            reason: None,
            service: ReferralService::Shelter,
            outcome: None,
            share_identity: false,
        }];
        let today = date(2026, 11, 27);
        assert_eq!(
            fields(&validate(&case, today)),
            [
                "assistance.reflection_period.end",
                "referrals[0].organisation",
                "erase_after"
            ]
        );
        case.redacted = true;
        assert_eq!(validate_received(&case, today), vec![]);
    }

    /// Only redaction sets them; a case typed in at a mission that had them
    /// would reach the commission with what the officer wrote.
    #[test]
    fn a_mission_case_may_not_set_what_only_redaction_sets() {
        let today = date(2026, 11, 27);
        let mut case = case_on(date(2026, 1, 10));
        case.redacted = true;
        case.person.age_at_first_contact = Some(30);
        let errors = validate(&case, today);
        assert_eq!(fields(&errors), ["redacted", "person.age_at_first_contact"]);
        assert!(
            errors
                .iter()
                .all(|e| e.problem == Problem::SetOnlyByRedaction)
        );
        assert!(validate_received(&case, today).is_empty());
    }

    /// The age redaction sends must be one the commission accepts: at most
    /// 120, and not below the age when trafficked, from a birth date or a
    /// year of birth alone.
    #[test]
    fn the_age_worked_out_from_the_birth_must_be_possible_and_not_below_the_age_when_trafficked() {
        let today = date(2026, 11, 27);
        let mut case = case_on(date(2026, 1, 10));
        // A plausible date (after 1900) that makes the person 124.
        case.person.birth_date = Some(date(1901, 6, 1));
        let errors = validate(&case, today);
        assert_eq!(fields(&errors), ["person.birth_date"]);
        assert_eq!(errors[0].problem, Problem::AgeOutOfRange { age: 124 });
        case.person.birth_date = Some(date(1906, 1, 10));
        assert!(validate(&case, today).is_empty());

        case.person.birth_date = None;
        case.person.birth_year = Some(1905);
        assert_eq!(fields(&validate(&case, today)), ["person.birth_year"]);
        // Born in 2000: 26 in the year of contact, whatever the day.
        case.person.birth_year = Some(2000);
        case.exploitation.age_when_trafficked = Some(27);
        let errors = validate(&case, today);
        assert_eq!(fields(&errors), ["exploitation.age_when_trafficked"]);
        assert_eq!(
            errors[0].problem,
            Problem::AgeAboveAgeAtContact {
                age: 27,
                age_at_contact: 26
            }
        );
        case.exploitation.age_when_trafficked = Some(26);
        assert!(validate(&case, today).is_empty());
    }

    #[test]
    fn an_identified_victim_needs_who_identified_them_but_a_received_record_does_not() {
        let today = date(2026, 11, 27);
        let mut case = case_on(date(2026, 1, 10));
        case.assessment.trafficking_status = Some(TraffickingStatus::ActualVictimOfTrafficking);
        let errors = validate(&case, today);
        assert_eq!(fields(&errors), ["assessment.decided_by"]);
        let message = errors[0].to_string();
        for value in DecisionMaker::ALL {
            assert!(message.contains(value.as_str()), "{message}");
        }
        // A mission's older export may hold such a record: it still imports.
        assert!(validate_received(&case, today).is_empty());

        case.assessment.decided_by = Some(DecisionMaker::CourtOrProsecution);
        assert!(validate(&case, today).is_empty());
        // A possible victim has not been identified yet: nobody to name.
        case.assessment.decided_by = None;
        case.assessment.trafficking_status = Some(TraffickingStatus::PossibleVictimOfTrafficking);
        assert!(validate(&case, today).is_empty());
    }

    #[test]
    fn age_is_counted_in_whole_years() {
        assert_eq!(years_between(date(2000, 6, 1), date(2026, 5, 31)), 25);
        assert_eq!(years_between(date(2000, 6, 1), date(2026, 6, 1)), 26);
    }
}
