//! What leaves the mission for a person who did not consent to sharing
//! identifiable data: no free text at all, dates as months, the birth date
//! as the age at first contact; and the commission still counts the case as
//! the mission does.

mod common;

use chrono::Datelike;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use casebook::domain::{Case, synthetic, validate};
use casebook::exchange;
use casebook::stats::Facts;
use casebook::vault::Vault;
use common::*;
use secrecy::SecretString;
use serde_json::Value;

const BACKUP_PASSPHRASE: &str = "violet harbour quietly engine forty two";

/// A commission vault and its identity, read from an identity backup as a
/// person with the `age` tool would.
fn commission(dir: &Path) -> (Vault, age::x25519::Identity) {
    let mut vault = new_commission_vault(&dir.join("commission"));
    let backup = dir.join("identity.age");
    exchange::write_identity_backup(
        &mut vault,
        &backup,
        &SecretString::from(BACKUP_PASSPHRASE.to_owned()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::fs::read(&backup).unwrap_or_else(|e| panic!("{e}"));
    let decryptor = age::Decryptor::new(&bytes[..]).unwrap_or_else(|e| panic!("{e}"));
    let scrypt = age::scrypt::Identity::new(SecretString::from(BACKUP_PASSPHRASE.to_owned()));
    let mut text = String::new();
    decryptor
        .decrypt(std::iter::once(&scrypt as &dyn age::Identity))
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{e}"));
    let line = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap_or_else(|| panic!("no key in the identity backup"));
    let identity = age::x25519::Identity::from_str(line).unwrap_or_else(|e| panic!("{e}"));
    (vault, identity)
}

fn mission_for(dir: &Path, commission: &Vault) -> Vault {
    let mut mission = new_vault(&dir.join("mission"));
    let recipient = exchange::commission_public_key(commission).unwrap_or_else(|e| panic!("{e}"));
    mission
        .set_commission_key(&recipient, false)
        .unwrap_or_else(|e| panic!("{e}"));
    mission
}

fn decrypt(file: &Path, identity: &age::x25519::Identity) -> Vec<u8> {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{e}"));
    let decryptor = age::Decryptor::new(&bytes[..]).unwrap_or_else(|e| panic!("{e}"));
    let mut plain = Vec::new();
    decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_end(&mut plain)
        .unwrap_or_else(|e| panic!("{e}"));
    plain
}

/// The case lines of a decrypted export, as JSON.
fn case_lines(plain: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(plain)
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|line| line.get("case").cloned())
        .collect()
}

/// JSON pointers of every string in `value`.
fn string_leaves(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                string_leaves(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(fields) => {
            for (name, item) in fields {
                string_leaves(item, format!("{at}/{name}"), out);
            }
        }
        _ => {}
    }
}

/// The reference case with every optional field filled.
fn fully_filled_case() -> Case {
    let mut case = fixture_case("case-full.json");
    case.closure_reason = Some("Went home with her sister".into());
    case.assessment.indicators[2].note = Some("Works every day of the week".into());
    case
}

/// Every string of a fully filled case that can hold any text (it still
/// reads as a case with a unique canary in it, and the case stays valid),
/// with its canary. The canary takes the shape the field needs (an e-mail
/// address, a phone number); fields that take none (codes) are not free
/// text. Built from the record's own JSON, so a field added later is found
/// without changing this test.
fn free_text_canaries(case: &Case, tag: u32, today: chrono::NaiveDate) -> Vec<(String, String)> {
    let value = case.to_json_value();
    let mut leaves = Vec::new();
    string_leaves(&value, String::new(), &mut leaves);
    let mut found = Vec::new();
    for (n, pointer) in leaves.into_iter().enumerate() {
        let shapes = [
            format!("Cnry{tag}{n}q"),
            format!("cnry{tag}{n}q@example.org"),
            format!("+3706{tag}{n:04}"),
        ];
        for canary in shapes {
            let mut changed = value.clone();
            if let Some(slot) = changed.pointer_mut(&pointer) {
                *slot = Value::String(canary.clone());
            }
            let Ok(parsed) = serde_json::from_value::<Case>(changed) else {
                break;
            };
            if validate(&parsed, today).is_empty() {
                found.push((pointer.clone(), canary));
                break;
            }
        }
    }
    found
}

fn with_canaries(case: &Case, canaries: &[(String, String)]) -> Case {
    let mut value = case.to_json_value();
    for (pointer, canary) in canaries {
        if let Some(slot) = value.pointer_mut(pointer) {
            *slot = Value::String(canary.clone());
        }
    }
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn no_free_text_of_a_case_without_consent_reaches_the_export() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (commission, identity) = commission(dir.path());
    let mut mission = mission_for(dir.path(), &commission);
    let today = chrono::Utc::now().date_naive();

    let mut shared = fully_filled_case();
    shared.consent.share_identifiable_with_commission = Some(true);
    let shared_canaries = free_text_canaries(&shared, 1, today);
    let mut withheld = fully_filled_case();
    withheld.consent.share_identifiable_with_commission = Some(false);
    let withheld_canaries = free_text_canaries(&withheld, 2, today);
    let names: Vec<&str> = withheld_canaries.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        withheld_canaries.len() >= 15,
        "only {} free-text fields found: {names:?}",
        withheld_canaries.len()
    );
    for expected in [
        "/referrals/0/organisation",
        "/follow_ups/0/officer",
        "/notes",
    ] {
        assert!(names.contains(&expected), "{expected} not found: {names:?}");
    }

    for case in [
        with_canaries(&shared, &shared_canaries),
        with_canaries(&withheld, &withheld_canaries),
    ] {
        mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    }
    let file = dir.path().join("export.age");
    exchange::export(&mut mission, &file, false, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let plain = decrypt(&file, &identity);

    // The canaries are stored and exported: with consent, every one arrives.
    for (pointer, canary) in &shared_canaries {
        assert!(
            contains(&plain, canary.as_bytes()),
            "{pointer} did not travel with consent"
        );
    }
    // Without consent, none: the allow-list holds no free text.
    let leaked: Vec<&str> = withheld_canaries
        .iter()
        .filter(|(_, canary)| contains(&plain, canary.as_bytes()))
        .map(|(pointer, _)| pointer.as_str())
        .collect();
    assert!(leaked.is_empty(), "reached the export: {leaked:?}");
}

/// Every `YYYY-MM-DD` in `text` (dates, and the dates of times).
fn dates_in(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for start in 0..bytes.len().saturating_sub(9) {
        let Ok(candidate) = std::str::from_utf8(&bytes[start..start + 10]) else {
            continue;
        };
        if chrono::NaiveDate::parse_from_str(candidate, "%Y-%m-%d").is_ok()
            && (start == 0 || !bytes[start - 1].is_ascii_digit())
        {
            found.push(candidate.to_owned());
        }
    }
    found
}

fn facts_of(vault: &Vault) -> Vec<String> {
    let mut all = Vec::new();
    vault
        .for_each_facts(|facts: Facts| all.push(format!("{facts:?}")))
        .unwrap_or_else(|e| panic!("{e}"));
    all.sort();
    all
}

#[test]
fn without_consent_dates_travel_as_months_and_the_birth_date_as_the_age_at_first_contact() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut commission, identity) = commission(dir.path());
    let mut mission = mission_for(dir.path(), &commission);

    let mut case = fixture_case("case-full.json");
    case.consent.share_identifiable_with_commission = Some(false);
    // Born 1998-03-14; first contact 2026-11-20: 28 years old.
    let record = mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    // Many more, some born later in the year than they were first met
    // (made by the generator, but not marked as training data, which never
    // leaves the mission).
    let more = synthetic::generate(17, 300, date(2026, 11, 1)).map(|mut case| {
        case.synthetic = false;
        case
    });
    mission
        .create_cases(more, "cases-created")
        .unwrap_or_else(|e| panic!("{e}"));

    let file = dir.path().join("export.age");
    exchange::export(&mut mission, &file, false, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let plain = decrypt(&file, &identity);
    let lines = case_lines(&plain);
    let mut redacted = 0;
    for line in &lines {
        if line["redacted"] != Value::Bool(true) {
            continue;
        }
        redacted += 1;
        let text = line.to_string();
        for date in dates_in(&text) {
            assert!(date.ends_with("-01"), "{date} is not a month: {text}");
        }
        let person = &line["case"]["person"];
        assert!(person.get("birth_date").is_none(), "{text}");
        assert!(person.get("birth_year").is_none(), "{text}");
        // The id is a UUID v7: its time is the first instant of a month.
        let id = line["meta"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("not a string"));
        let (secs, nanos) = uuid::Uuid::parse_str(id)
            .ok()
            .and_then(|id| id.get_timestamp())
            .map(|stamp| stamp.to_unix())
            .unwrap_or_else(|| panic!("{id} has no time: {text}"));
        let made = chrono::DateTime::from_timestamp(secs as i64, nanos)
            .unwrap_or_else(|| panic!("no such time"));
        assert_eq!(
            (made.day(), made.time()),
            (1, chrono::NaiveTime::MIN),
            "{id} says {made}: {text}"
        );
    }
    assert!(redacted > 50, "only {redacted} redacted cases");
    let ours = lines
        .iter()
        .find(|line| line["meta"]["reference"] == record.meta.reference.as_str())
        .unwrap_or_else(|| panic!("the case is not in the export"));
    assert_eq!(ours["case"]["person"]["age_at_first_contact"], 28);
    assert_eq!(ours["case"]["first_contact"]["date"], "2026-11-01");
    let text = ours.to_string();
    for exact in ["2026-11-20", "1998-03-14", "2026-05-02", "2026-11-25"] {
        assert!(!text.contains(exact), "{exact} travelled: {text}");
    }

    import_as_analyst(&mut commission, &file).unwrap_or_else(|e| panic!("{e}"));
    let arrived = commission
        .get_case(&record.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"))
        .case
        .to_json_value();
    assert_eq!(arrived["redacted"], true);
    assert_eq!(arrived["person"]["age_at_first_contact"], 28);
    assert_eq!(arrived["exploitation"]["events"][0]["date"], "2026-05-01");

    // Every statistic counts each case at the commission as the mission
    // counts it: year, age (group, minor), and every other dimension.
    assert_eq!(facts_of(&commission), facts_of(&mission));
}
