//! What a case keeps on its way to the commission when the person did not
//! consent to sharing identifiable data.
//!
//! Redaction is an allow-list: only the fields named in [`ALLOWED`] travel;
//! every other field is removed. [`redact`] builds the redacted record field
//! by field, and names every field of the record and of each part it keeps
//! (no `..`): a field added to the record later stops the build there until
//! someone decides whether it may travel (then it is named here, and in
//! [`ALLOWED`] if it does). A test holds [`redact`] to [`ALLOWED`], walking
//! the record's JSON as the first version of this module did. No free text
//! is on the list: a note, a summary, a description, an organisation's or
//! an officer's name can each hold a name or a place. What remains is what
//! the commission's statistics count and the closed vocabularies around it.
//!
//! Quasi-identifiers are coarsened: every date travels as its month
//! (written as the first day of it, the record marked `redacted`), and the
//! birth date as the age in whole years at first contact, which is what
//! every statistic counts (age group, minor or adult). docs/export-format.md
//! lists the fields and the reasons.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::domain::validate::age_from_birth;
use crate::domain::{
    Assessment, Assistance, Case, Consent, Exploitation, FirstContact, FollowUp, ObservedIndicator,
    Period, Person, RecordMeta, Referral, TraffickingEvent,
};

/// The fields that travel without consent, by JSON path (`[]` for every
/// element of a list). Everything else is removed. [`redact`] keeps these
/// and no other (test `the_typed_redaction_keeps_what_the_allow_list_walk_keeps`).
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

/// Whether the person agreed that their identity may travel.
pub fn may_share_identity(case: &Case) -> bool {
    case.consent.share_identifiable_with_commission == Some(true)
}

/// The case with only the allowed fields, every date cut to its month and
/// the birth date turned into the age at first contact.
///
/// Every field of the record is named, kept or left out (`_`), and so is
/// every field of each part that is kept: a field added to any of them is
/// an error here until someone decides whether it travels. A part left out
/// whole (the identity document, the place of residence) is not opened.
pub fn redact(case: &Case) -> Case {
    let Case {
        status,
        closure_reason: _,
        person,
        consent,
        first_contact,
        assessment,
        exploitation,
        assistance,
        referrals,
        follow_ups,
        notes: _,
        erase_after,
        synthetic,
        redacted: _,
        held_by_commission: _,
    } = case;
    Case {
        status: *status,
        person: redact_person(person, age_at_first_contact(case)),
        consent: redact_consent(consent),
        first_contact: redact_first_contact(first_contact),
        assessment: redact_assessment(assessment),
        exploitation: redact_exploitation(exploitation),
        assistance: redact_assistance(assistance),
        referrals: referrals.iter().map(redact_referral).collect(),
        follow_ups: follow_ups.iter().map(redact_follow_up).collect(),
        erase_after: erase_after.map(month),
        synthetic: *synthetic,
        redacted: true,
        ..Case::default()
    }
}

/// `age` is always worked out by [`redact`], never taken from the case: a
/// supplied age could disagree with the rest of the record.
fn redact_person(person: &Person, age: Option<u8>) -> Person {
    let Person {
        given_name: _,
        family_name: _,
        is_pseudonym: _,
        birth_date: _,
        birth_year: _,
        estimated_age,
        age_at_first_contact: _,
        gender,
        citizenship,
        primary_language: _,
        identity_document: _,
        phone: _,
        email: _,
        current_location: _,
    } = person;
    Person {
        estimated_age: *estimated_age,
        age_at_first_contact: age,
        gender: *gender,
        citizenship: citizenship.clone(),
        ..Person::default()
    }
}

fn redact_consent(consent: &Consent) -> Consent {
    let Consent {
        interview,
        informed_of,
        given_by,
        share_identifiable_with_commission,
        anonymous_statistics,
        date,
    } = consent;
    Consent {
        interview: *interview,
        informed_of: informed_of.clone(),
        given_by: *given_by,
        share_identifiable_with_commission: *share_identifiable_with_commission,
        anonymous_statistics: *anonymous_statistics,
        date: date.map(month),
    }
}

fn redact_first_contact(first_contact: &FirstContact) -> FirstContact {
    let FirstContact {
        date,
        channel,
        place: _,
    } = first_contact;
    FirstContact {
        date: month(*date),
        channel: *channel,
        place: None,
    }
}

fn redact_assessment(assessment: &Assessment) -> Assessment {
    let Assessment {
        trafficking_status,
        decided_by,
        indicators,
    } = assessment;
    Assessment {
        trafficking_status: *trafficking_status,
        decided_by: *decided_by,
        indicators: indicators
            .iter()
            .map(|observed| {
                let ObservedIndicator { indicator, note: _ } = observed;
                ObservedIndicator {
                    indicator: *indicator,
                    note: None,
                }
            })
            .collect(),
    }
}

fn redact_exploitation(exploitation: &Exploitation) -> Exploitation {
    let Exploitation {
        types,
        sexual_exploitation_types,
        labour_industry,
        recruitment_methods,
        means_of_control,
        relationship_to_trafficker,
        age_when_trafficked,
        country_of_exploitation,
        events,
    } = exploitation;
    Exploitation {
        types: types.clone(),
        sexual_exploitation_types: sexual_exploitation_types.clone(),
        labour_industry: *labour_industry,
        recruitment_methods: recruitment_methods.clone(),
        means_of_control: means_of_control.clone(),
        relationship_to_trafficker: *relationship_to_trafficker,
        age_when_trafficked: *age_when_trafficked,
        country_of_exploitation: country_of_exploitation.clone(),
        events: events
            .iter()
            .map(|event| {
                let TraffickingEvent {
                    kind,
                    date,
                    country,
                    city: _,
                    description: _,
                } = event;
                TraffickingEvent {
                    kind: *kind,
                    date: date.map(month),
                    country: country.clone(),
                    city: None,
                    description: None,
                }
            })
            .collect(),
    }
}

fn redact_assistance(assistance: &Assistance) -> Assistance {
    let Assistance {
        urgent_needs,
        travel_document_issued,
        return_assisted,
        reflection_period,
    } = assistance;
    Assistance {
        urgent_needs: urgent_needs.clone(),
        travel_document_issued: *travel_document_issued,
        return_assisted: *return_assisted,
        // A period without either date says nothing and does not travel,
        // as an empty part of the record never does.
        reflection_period: reflection_period.as_ref().and_then(|period| {
            let Period { start, end } = period;
            (start.is_some() || end.is_some()).then(|| Period {
                start: start.map(month),
                end: end.map(month),
            })
        }),
    }
}

fn redact_referral(referral: &Referral) -> Referral {
    let Referral {
        date,
        organisation: _,
        organisation_type,
        reason,
        service,
        outcome,
        // What the person allowed the mission to tell its partner; it says
        // nothing the commission counts, and no export carries it
        // (`export::for_the_commission`).
        share_identity: _,
    } = referral;
    Referral {
        date: month(*date),
        organisation: String::new(),
        organisation_type: *organisation_type,
        reason: *reason,
        service: *service,
        outcome: *outcome,
        share_identity: false,
    }
}

fn redact_follow_up(follow_up: &FollowUp) -> FollowUp {
    let FollowUp {
        date,
        kind,
        officer: _,
        summary: _,
        next_action: _,
        next_action_due: _,
    } = follow_up;
    FollowUp {
        date: month(*date),
        kind: *kind,
        officer: None,
        summary: None,
        next_action: None,
        next_action_due: None,
    }
}

/// The first day of the date's month, which stands for the month.
fn month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rand::seq::SliceRandom;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use serde_json::{Map, Value};

    use super::*;
    use crate::domain::{CaseStatus, DecisionMaker, SexExploitationType, synthetic};
    use crate::stats::Facts;

    fn full_case() -> Case {
        let text = include_str!("../../tests/fixtures/case-full.json");
        Case::from_json(text).unwrap_or_default()
    }

    /// Redaction as first written, the oracle [`redact`] is held to: the
    /// record as JSON, every field visited, a leaf kept when its path is in
    /// [`ALLOWED`] (a date-shaped text cut to its month), a part or a list
    /// left empty dropped, and the rest read back as a case.
    fn redact_by_walking(case: &Case) -> Result<Case, String> {
        let kept = keep_allowed(case.to_json_value(), "").unwrap_or(Value::Null);
        let mut redacted: Case = serde_json::from_value(kept).map_err(|e| e.to_string())?;
        redacted.person.age_at_first_contact = age_at_first_contact(case);
        redacted.redacted = true;
        Ok(redacted)
    }

    fn keep_allowed(value: Value, path: &str) -> Option<Value> {
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
                        keep_allowed(value, &path).map(|value| (name, value))
                    })
                    .collect();
                (!kept.is_empty()).then_some(Value::Object(kept))
            }
            Value::Array(items) => {
                let path = format!("{path}[]");
                let kept: Vec<Value> = items
                    .into_iter()
                    .filter_map(|item| keep_allowed(item, &path))
                    .collect();
                (!kept.is_empty()).then_some(Value::Array(kept))
            }
            leaf => ALLOWED.contains(&path).then(|| to_month(leaf)),
        }
    }

    fn to_month(leaf: Value) -> Value {
        if let Value::String(text) = &leaf
            && let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        {
            return Value::String(month(date).to_string());
        }
        leaf
    }

    /// The paths of every leaf of `value`, `[]` for each element of a list.
    fn leaf_paths(value: &Value, path: &str, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(fields) => {
                for (name, value) in fields {
                    let path = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}.{name}")
                    };
                    leaf_paths(value, &path, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    leaf_paths(item, &format!("{path}[]"), out);
                }
            }
            _ => {
                out.insert(path.to_owned());
            }
        }
    }

    /// A date between 1990 and 2026, any day of the year.
    fn any_date(rng: &mut ChaCha8Rng) -> NaiveDate {
        let first = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
        first + chrono::Days::new(rng.gen_range(0..13_500))
    }

    fn maybe<T>(rng: &mut ChaCha8Rng, value: impl FnOnce(&mut ChaCha8Rng) -> T) -> Option<T> {
        rng.gen_bool(0.5).then(|| value(rng))
    }

    /// A generated case with its fields filled, emptied and changed at
    /// random, past what the generator makes: parts left empty, periods
    /// without dates, ages and marks only redaction should set, dates on
    /// any day, texts where the generator leaves none.
    fn shaken(mut case: Case, rng: &mut ChaCha8Rng) -> Case {
        let text = |rng: &mut ChaCha8Rng| format!("text {}", rng.gen_range(0..1000));
        case.status = *[
            CaseStatus::Active,
            CaseStatus::FollowUp,
            CaseStatus::Closed,
            CaseStatus::ClosedReferred,
        ]
        .choose(rng)
        .unwrap_or(&CaseStatus::Active);
        case.closure_reason = maybe(rng, text);
        case.notes = maybe(rng, text);
        case.erase_after = maybe(rng, any_date);
        case.synthetic = rng.gen_bool(0.5);
        case.redacted = rng.gen_bool(0.2);
        case.first_contact.date = any_date(rng);
        case.first_contact.place = maybe(rng, text);
        if rng.gen_bool(0.1) {
            case.person = Person::default();
        }
        let person = &mut case.person;
        person.birth_date = maybe(rng, any_date);
        person.birth_year = maybe(rng, |rng| rng.gen_range(1900..2030));
        person.estimated_age = maybe(rng, |rng| rng.gen_range(0..130));
        person.age_at_first_contact = maybe(rng, |rng| rng.gen_range(0..130));
        person.email = maybe(rng, |rng| format!("{}@example.org", text(rng)));
        if rng.gen_bool(0.2) {
            person.citizenship.clear();
        }
        if rng.gen_bool(0.1) {
            case.consent = Consent::default();
        }
        case.consent.date = maybe(rng, any_date);
        case.consent.share_identifiable_with_commission = maybe(rng, |rng| rng.gen_bool(0.5));
        for observed in &mut case.assessment.indicators {
            observed.note = maybe(rng, text);
        }
        if rng.gen_bool(0.1) {
            case.assessment = Assessment::default();
        }
        for event in &mut case.exploitation.events {
            event.date = maybe(rng, any_date);
            event.country = maybe(rng, |_| "GB".to_owned());
            event.city = maybe(rng, text);
            event.description = maybe(rng, text);
        }
        if rng.gen_bool(0.1) {
            case.exploitation = Exploitation::default();
        }
        case.assistance.reflection_period = maybe(rng, |rng| Period {
            start: maybe(rng, any_date),
            end: maybe(rng, any_date),
        });
        if rng.gen_bool(0.1) {
            case.assistance = Assistance::default();
        }
        for referral in &mut case.referrals {
            referral.date = any_date(rng);
            if rng.gen_bool(0.3) {
                referral.organisation.clear();
            }
            referral.organisation_type = referral.organisation_type.filter(|_| rng.gen_bool(0.5));
            referral.reason = referral.reason.filter(|_| rng.gen_bool(0.5));
            referral.outcome = referral.outcome.filter(|_| rng.gen_bool(0.5));
            referral.share_identity = rng.gen_bool(0.5);
        }
        for follow_up in &mut case.follow_ups {
            follow_up.date = any_date(rng);
            follow_up.officer = maybe(rng, text);
            follow_up.next_action_due = maybe(rng, any_date);
        }
        case
    }

    /// Many cases, generated and then shaken, and the fixture with every
    /// field filled: the typed redaction gives what the walk over the
    /// record's JSON gives, field for field.
    #[test]
    fn the_typed_redaction_keeps_what_the_allow_list_walk_keeps() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let mut rng = ChaCha8Rng::seed_from_u64(15);
        let mut compared = 0;
        for seed in 1..=4 {
            for case in synthetic::generate(seed, 1_000, today) {
                let cases = [case.clone(), shaken(case, &mut rng)];
                for case in cases {
                    assert_eq!(Ok(redact(&case)), redact_by_walking(&case), "{case:?}");
                    compared += 1;
                }
            }
        }
        assert_eq!(Ok(redact(&full_case())), redact_by_walking(&full_case()));
        assert_eq!(compared, 8_000);
    }

    /// A case with every field filled keeps, redacted, a leaf at every path
    /// of [`ALLOWED`] and at no other.
    #[test]
    fn a_case_with_every_field_filled_keeps_exactly_the_allowed_paths() {
        let mut case = full_case();
        case.closure_reason = Some("Went home".into());
        case.person.estimated_age = Some(30);
        case.person.birth_year = Some(1998);
        case.assessment.decided_by = Some(DecisionMaker::Police);
        case.exploitation.sexual_exploitation_types = vec![SexExploitationType::Prostitution];
        case.synthetic = true;
        for referral in &mut case.referrals {
            referral.share_identity = true;
        }
        if let Some(period) = &mut case.assistance.reflection_period {
            period.end = period
                .start
                .and_then(|start| start.checked_add_days(chrono::Days::new(40)));
        }
        let mut whole = BTreeSet::new();
        leaf_paths(&case.to_json_value(), "", &mut whole);
        let mut kept = BTreeSet::new();
        leaf_paths(&redact(&case).to_json_value(), "", &mut kept);
        let allowed: BTreeSet<String> = ALLOWED.iter().map(|p| (*p).to_owned()).collect();
        assert_eq!(kept, allowed);
        // And the case had more to leave out.
        assert!(whole.len() > kept.len() + 15, "{whole:?}");
    }

    #[test]
    fn a_redacted_case_keeps_the_age_at_first_contact_and_stays_valid() {
        let case = full_case();
        // Born 1998-03-14, first contact 2026-11-20.
        let redacted = redact(&case);
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
        let redacted = redact(&case);
        assert_eq!(redacted.person.age_at_first_contact, Some(28));
        case.person.birth_date = None;
        case.person.birth_year = None;
        let redacted = redact(&case);
        assert_eq!(redacted.person.age_at_first_contact, None);
    }

    #[test]
    fn every_date_of_a_redacted_case_is_the_first_of_its_month() {
        let redacted = redact(&full_case());
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
            let redacted = redact(case);
            let whole = Facts::of(case, "LT-LON");
            assert_eq!(Facts::of(&redacted, "LT-LON"), whole);
            aged += usize::from(whole.age.is_some());
        }
        assert!(aged > 200, "only {aged} cases with an age");
    }
}
