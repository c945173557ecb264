//! Made-up cases for training sessions, demonstrations, screenshots and
//! benchmarks. The same seed always gives the same cases (ChaCha8 is stable
//! across platforms and releases), and every case is marked `synthetic`, so
//! that no generated record can be mistaken for a real person.

use chrono::{Duration, NaiveDate};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::case::*;
use super::vocab::*;

const GIVEN_FEMININE: &[&str] = &[
    "Ona",
    "Rūta",
    "Aistė",
    "Eglė",
    "Gintarė",
    "Jūratė",
    "Žydrė",
    "Dalia",
    "Laima",
    "Ieva",
    "Agnė",
    "Viktorija",
    "Olena",
    "Maria",
    "Ana",
    "Irina",
    "Fatima",
    "Amina",
    "Joy",
    "Grace",
];
const GIVEN_MASCULINE: &[&str] = &[
    "Jonas",
    "Petras",
    "Mindaugas",
    "Darius",
    "Tomas",
    "Andrius",
    "Žilvinas",
    "Vytautas",
    "Šarūnas",
    "Gediminas",
    "Mantas",
    "Dmytro",
    "Ion",
    "Mohammed",
    "Samuel",
    "Nguyen",
];
const FAMILY_FEMININE: &[&str] = &[
    "Žemaitytė",
    "Kazlauskienė",
    "Petrauskaitė",
    "Jankauskienė",
    "Stankevičiūtė",
    "Vasiliauskaitė",
    "Žukauskienė",
    "Butkutė",
    "Paulauskaitė",
    "Urbonienė",
    "Kavaliauskaitė",
    "Šimkutė",
    "Kovalenko",
    "Popescu",
    "Okafor",
    "Mensah",
];
const FAMILY_MASCULINE: &[&str] = &[
    "Jonaitis",
    "Kazlauskas",
    "Petrauskas",
    "Jankauskas",
    "Stankevičius",
    "Vasiliauskas",
    "Žukauskas",
    "Butkus",
    "Paulauskas",
    "Urbonas",
    "Kavaliauskas",
    "Šimkus",
    "Kovalenko",
    "Popescu",
    "Okafor",
    "Mensah",
];
const CITIZENSHIPS: &[&str] = &[
    "LT", "LT", "LT", "LT", "UA", "BY", "RO", "NG", "VN", "MD", "LV",
];
const LANGUAGES: &[(&str, &str)] = &[
    ("LT", "lit"),
    ("UA", "ukr"),
    ("BY", "bel"),
    ("RO", "ron"),
    ("NG", "eng"),
    ("VN", "vie"),
    ("MD", "ron"),
    ("LV", "lav"),
];
const PLACES: &[(&str, &[&str])] = &[
    (
        "GB",
        &["London", "Boston", "Peterborough", "Manchester", "Wisbech"],
    ),
    ("NO", &["Oslo", "Bergen", "Stavanger"]),
    ("DE", &["Berlin", "Hamburg", "München"]),
    ("ES", &["Madrid", "Almería", "Huelva"]),
    ("IE", &["Dublin", "Cork"]),
    ("NL", &["Amsterdam", "Rotterdam"]),
];
const HOME_CITIES: &[&str] = &[
    "Vilnius",
    "Kaunas",
    "Klaipėda",
    "Šiauliai",
    "Panevėžys",
    "Alytus",
    "Utena",
];
const CONTACT_PLACES: &[&str] = &[
    "Consular section",
    "Police station",
    "Immigration detention centre",
    "Shelter run by a local NGO",
    "By telephone",
    "Hospital",
];
const ORGANISATIONS: &[(&str, OrganisationType)] = &[
    ("Local shelter NGO", OrganisationType::Ngo),
    (
        "City police anti-trafficking unit",
        OrganisationType::LawEnforcement,
    ),
    (
        "International Organization for Migration",
        OrganisationType::Ngo,
    ),
    ("Legal aid clinic", OrganisationType::LegalService),
    (
        "Municipal social services",
        OrganisationType::LocalGovernmentOrganisation,
    ),
    (
        "General hospital",
        OrganisationType::HealthServiceOrganisation,
    ),
];
const NOTE_SENTENCES: &[&str] = &[
    "Came with a friend who also worked on the farm.",
    "Was promised a job in a warehouse through an acquaintance.",
    "Speaks little English and relied on the employer for everything.",
    "Lived with eight other workers in a caravan on the site.",
    "Says the recruiter kept the passports of the whole group.",
    "Wages were paid in cash and reduced for rent and transport.",
    "Afraid to contact the police because of threats against her family.",
    "Was moved between several cities every few weeks.",
    "Has a child at home with the grandparents.",
    "Asked that the family not be told where she is.",
    "Arrived with a bus organised by the agency.",
    "Reports that others are still at the same address.",
];
const FOLLOW_UP_SUMMARIES: &[&str] = &[
    "Safe at the shelter; wants to return home",
    "Met the lawyer; statement to police planned",
    "Emergency travel document collected",
    "Did not answer the phone; message left",
    "Started work with the support of the NGO",
    "Returned home; met by the family at the airport",
];
const NEXT_ACTIONS: &[&str] = &[
    "Arrange return travel",
    "Call again to check on safety",
    "Send documents to the police",
    "Confirm the appointment with the lawyer",
    "Check the referral outcome with the shelter",
];

/// Generates `count` synthetic cases from `seed`, with first contacts within
/// the five years before `today`.
pub fn generate(seed: u64, count: usize, today: NaiveDate) -> impl Iterator<Item = Case> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count).map(move |_| one_case(&mut rng, today))
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    // Every list here is a non-empty constant.
    &items[rng.gen_range(0..items.len())]
}

fn some_of<T: Copy + Ord>(rng: &mut ChaCha8Rng, items: &[T], max: usize) -> Vec<T> {
    let n = rng.gen_range(0..=max.min(items.len()));
    let mut chosen: Vec<T> = items.choose_multiple(rng, n).copied().collect();
    chosen.sort();
    chosen
}

fn chance(rng: &mut ChaCha8Rng, p: f64) -> bool {
    rng.gen_bool(p)
}

fn days_after(date: NaiveDate, days: i64, today: NaiveDate) -> NaiveDate {
    (date + Duration::days(days)).min(today)
}

fn one_case(rng: &mut ChaCha8Rng, today: NaiveDate) -> Case {
    let contact = today - Duration::days(rng.gen_range(0..5 * 365));
    let feminine = chance(rng, 0.6);
    let (given, family, gender) = if feminine {
        (GIVEN_FEMININE, FAMILY_FEMININE, Gender::Feminine)
    } else {
        (GIVEN_MASCULINE, FAMILY_MASCULINE, Gender::Masculine)
    };
    let age_at_contact: i64 = rng.gen_range(14..62);
    let birth = contact - Duration::days(age_at_contact * 365 + rng.gen_range(0..365));
    let citizenship = pick(rng, CITIZENSHIPS).to_string();
    let language = LANGUAGES
        .iter()
        .find(|(country, _)| *country == citizenship)
        .map(|(_, language)| language.to_string());
    let (country, cities) = pick(rng, PLACES);
    let city = pick(rng, cities).to_string();
    let pseudonym = chance(rng, 0.1);
    let shares = chance(rng, 0.7);

    let exploitation_type = *pick(
        rng,
        &[
            ExploitationType::ForcedLabour,
            ExploitationType::ForcedLabour,
            ExploitationType::ForcedLabour,
            ExploitationType::SexualExploitation,
            ExploitationType::SexualExploitation,
            ExploitationType::ForcedBegging,
            ExploitationType::ForcedMarriage,
            ExploitationType::Servitude,
        ],
    );
    let mut types = vec![exploitation_type];
    if chance(rng, 0.15) {
        types.push(ExploitationType::Other);
    }
    let sexual = exploitation_type == ExploitationType::SexualExploitation;
    let labour = exploitation_type == ExploitationType::ForcedLabour;

    let ilo: Vec<Indicator> = Indicator::ALL[..11].to_vec();
    let mut indicators: Vec<ObservedIndicator> = some_of(rng, &ilo, 5)
        .into_iter()
        .map(|indicator| ObservedIndicator {
            indicator,
            note: chance(rng, 0.3).then(|| pick(rng, NOTE_SENTENCES).to_string()),
        })
        .collect();
    if sexual && chance(rng, 0.6) {
        indicators.push(ObservedIndicator {
            indicator: Indicator::SexualEarningsTakenByOthers,
            note: None,
        });
    }
    if labour && chance(rng, 0.6) {
        indicators.push(ObservedIndicator {
            indicator: Indicator::LabourRecruitmentFeesOwed,
            note: None,
        });
    }

    let recruited = contact - Duration::days(rng.gen_range(30..700));
    let recruited = recruited.max(birth + Duration::days(14 * 365));
    let age_when_trafficked = u8::try_from(super::validate::years_between(birth, recruited)).ok();
    let events = vec![
        TraffickingEvent {
            kind: EventType::Recruitment,
            date: Some(recruited.min(contact)),
            country: Some(citizenship.clone()),
            city: Some(pick(rng, HOME_CITIES).to_string()),
            description: Some("Job offer passed on by an acquaintance".into()),
        },
        TraffickingEvent {
            kind: EventType::Exploitation,
            date: Some(days_after(recruited, rng.gen_range(2..60), contact)),
            country: Some(country.to_string()),
            city: Some(city.clone()),
            description: Some(
                if sexual {
                    "Forced to see clients in rented flats"
                } else {
                    "Long days of work without pay"
                }
                .into(),
            ),
        },
    ];

    let mut referrals = Vec::new();
    for _ in 0..rng.gen_range(0..3) {
        let (organisation, organisation_type) = pick(rng, ORGANISATIONS);
        referrals.push(Referral {
            date: days_after(contact, rng.gen_range(0..20), today),
            organisation: organisation.to_string(),
            organisation_type: Some(*organisation_type),
            reason: Some(ReferralReason::AdditionalServicesRequired),
            service: *pick(rng, ReferralService::ALL),
            outcome: Some(*pick(rng, ReferralOutcome::ALL)),
            share_identity: false,
        });
    }

    let status = *pick(
        rng,
        &[
            CaseStatus::Active,
            CaseStatus::Active,
            CaseStatus::FollowUp,
            CaseStatus::Closed,
            CaseStatus::ClosedReferred,
        ],
    );
    let mut follow_ups = Vec::new();
    let mut date = contact;
    for _ in 0..rng.gen_range(0..4) {
        date = days_after(date, rng.gen_range(1..40), today);
        follow_ups.push(FollowUp {
            date,
            kind: *pick(rng, FollowUpKind::ALL),
            officer: Some(format!(
                "{}. {}",
                pick(rng, GIVEN_MASCULINE).chars().next().unwrap_or('J'),
                pick(rng, FAMILY_MASCULINE)
            )),
            summary: Some(pick(rng, FOLLOW_UP_SUMMARIES).to_string()),
            next_action: Some(pick(rng, NEXT_ACTIONS).to_string()),
            next_action_due: Some(date + Duration::days(rng.gen_range(3..30))),
        });
    }

    let notes: Vec<&str> = (0..rng.gen_range(1..4))
        .map(|_| *pick(rng, NOTE_SENTENCES))
        .collect();
    let trafficking_status = *pick(rng, TraffickingStatus::ALL);

    Case {
        status,
        closure_reason: status
            .is_closed()
            .then(|| "Person returned home and declined further assistance".into()),
        person: Person {
            given_name: Some(pick(rng, given).to_string()),
            family_name: (!pseudonym).then(|| pick(rng, family).to_string()),
            is_pseudonym: Some(pseudonym),
            birth_date: chance(rng, 0.8).then_some(birth),
            birth_year: None,
            estimated_age: None,
            age_at_first_contact: None,
            gender: Some(gender),
            citizenship: if chance(rng, 0.1) {
                vec![citizenship.clone(), "PL".into()]
            } else {
                vec![citizenship.clone()]
            },
            primary_language: language,
            identity_document: chance(rng, 0.5).then(|| IdentityDocument {
                kind: DocumentType::Passport,
                number: format!("{}{:07}", citizenship, rng.gen_range(0..10_000_000)),
            }),
            phone: chance(rng, 0.6).then(|| format!("+4477009{:05}", rng.gen_range(0..100_000))),
            email: None,
            current_location: Some(Location {
                city: Some(city),
                country: Some(country.to_string()),
            }),
        },
        consent: Consent {
            interview: Some(true),
            informed_of: InformedOf::ALL.to_vec(),
            given_by: Some(ConsentGivenBy::Person),
            share_identifiable_with_commission: Some(shares),
            anonymous_statistics: Some(chance(rng, 0.9)),
            date: Some(contact),
        },
        first_contact: FirstContact {
            date: contact,
            channel: *pick(rng, ContactChannel::ALL),
            place: Some(pick(rng, CONTACT_PLACES).to_string()),
        },
        assessment: Assessment {
            trafficking_status: Some(trafficking_status),
            decided_by: Some(*pick(rng, DecisionMaker::ALL)),
            indicators,
        },
        exploitation: Exploitation {
            types,
            sexual_exploitation_types: if sexual {
                vec![SexExploitationType::Prostitution]
            } else {
                Vec::new()
            },
            labour_industry: labour.then(|| *pick(rng, LabourIndustry::ALL)),
            recruitment_methods: some_of(rng, RecruitmentMethod::ALL, 2),
            means_of_control: some_of(rng, MeansOfControl::ALL, 4),
            relationship_to_trafficker: Some(*pick(rng, Relationship::ALL)),
            age_when_trafficked,
            country_of_exploitation: Some(country.to_string()),
            events,
        },
        assistance: Assistance {
            urgent_needs: some_of(rng, UrgentNeed::ALL, 3),
            travel_document_issued: Some(chance(rng, 0.4)),
            return_assisted: Some(chance(rng, 0.3)),
            reflection_period: None,
        },
        referrals,
        follow_ups,
        notes: Some(notes.join(" ")),
        erase_after: Some(contact + Duration::days(5 * 365)),
        synthetic: true,
        redacted: false,
        held_by_commission: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validate::validate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn the_same_seed_gives_the_same_cases() {
        let a: Vec<Case> = generate(7, 50, today()).collect();
        let b: Vec<Case> = generate(7, 50, today()).collect();
        let c: Vec<Case> = generate(8, 50, today()).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn generated_cases_are_valid_and_marked_synthetic() {
        for case in generate(1, 2_000, today()) {
            assert!(case.synthetic);
            let errors = validate(&case, today());
            assert!(errors.is_empty(), "{errors:?}");
        }
    }
}
