//! Exchange between a mission and the commission: export, verify, import,
//! merge, redaction, and every way a file can be wrong.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use casebook::domain::{Case, CaseId, ConsentGivenBy, synthetic};
use casebook::exchange::{self, Approval, Error, FileReport, MissionApproval, redact};
use casebook::vault::{Resolution, Vault};
use common::*;
use ed25519_dalek::{Signer, SigningKey};
use proptest::prelude::*;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

const BACKUP_PASSPHRASE: &str = "violet harbour quietly engine forty two";

/// One commission vault made per test process, closed, and copied for each
/// test that needs a commission: every copy has the same key, so files can
/// be imported into several of them; its identity is read once from an
/// identity backup (scrypt is slow on purpose).
struct Template {
    _dir: tempfile::TempDir,
    vault: PathBuf,
    backup: PathBuf,
    recipient: String,
    identity: String,
}

fn template() -> &'static Template {
    static TEMPLATE: OnceLock<Template> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let vault_dir = dir.path().join("commission");
        let mut vault = new_commission_vault(&vault_dir);
        let recipient = exchange::commission_public_key(&vault).unwrap_or_else(|e| panic!("{e}"));
        let backup = dir.path().join("identity.age");
        let backup_passphrase = SecretString::from(BACKUP_PASSPHRASE.to_owned());
        exchange::write_identity_backup(&mut vault, &backup, &backup_passphrase)
            .unwrap_or_else(|e| panic!("{e}"));
        drop(vault);
        let identity = open_identity_backup(&backup, BACKUP_PASSPHRASE);
        Template {
            _dir: dir,
            vault: vault_dir,
            backup,
            recipient,
            identity,
        }
    })
}

/// Opens an identity backup with the age library alone, as a person with
/// the `age` tool would.
fn open_identity_backup(file: &Path, passphrase: &str) -> String {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{e}"));
    let decryptor = age::Decryptor::new(&bytes[..]).unwrap_or_else(|e| panic!("{e}"));
    let identity = age::scrypt::Identity::new(SecretString::from(passphrase.to_owned()));
    let mut text = String::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{e}"));
    text
}

fn identity() -> age::x25519::Identity {
    let line = template()
        .identity
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .unwrap_or_else(|| panic!("no key in the identity backup"));
    age::x25519::Identity::from_str(line).unwrap_or_else(|e| panic!("{e}"))
}

fn new_commission(dir: &Path) -> Vault {
    copy_vault(&template().vault, dir);
    open(dir)
}

fn new_mission(dir: &Path) -> Vault {
    let mut vault = new_vault(dir);
    vault
        .set_commission_key(&template().recipient, false)
        .unwrap_or_else(|e| panic!("{e}"));
    vault
}

fn export(mission: &mut Vault, out: &Path, all: bool) -> exchange::ExportSummary {
    exchange::export(mission, out, all, false, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"))
}

fn import(commission: &mut Vault, file: &Path) -> Result<FileReport, Error> {
    import_as_analyst(commission, file)
}

fn imported(commission: &mut Vault, file: &Path) -> FileReport {
    import(commission, file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Everything a commission holds, comparable between vaults.
#[derive(Debug, PartialEq)]
struct State {
    cases: BTreeMap<CaseId, (u32, serde_json::Value)>,
    tombstones: BTreeMap<CaseId, u32>,
    conflicts: usize,
}

fn state(vault: &Vault) -> State {
    let page = vault
        .list_cases(&casebook::vault::ListQuery {
            limit: 1_000_000,
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let cases = page
        .rows
        .iter()
        .map(|row| {
            let record = vault
                .get_case(&row.id.to_string())
                .unwrap_or_else(|e| panic!("{e}"));
            let mut value = record.case.to_json_value();
            value["meta"] = serde_json::to_value(&record.meta).unwrap_or_else(|e| panic!("{e}"));
            (row.id, (record.meta.revision, value))
        })
        .collect();
    let tombstones = vault
        .tombstones()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|t| (t.id, t.revision))
        .collect();
    let conflicts = vault.conflicts().unwrap_or_else(|e| panic!("{e}")).len();
    State {
        cases,
        tombstones,
        conflicts,
    }
}

/// What the commission should hold after every export of `mission` was
/// imported: each case as the mission has it, redacted without consent.
fn expected_at_commission(mission: &Vault) -> State {
    let mut expected = state(mission);
    for (_, value) in expected.cases.values_mut() {
        let mut case =
            Case::from_json(&strip_meta(value).to_string()).unwrap_or_else(|e| panic!("{e}"));
        let mut meta = value["meta"].clone();
        // No export carries what the person allowed a partner to know.
        for referral in &mut case.referrals {
            referral.share_identity = false;
        }
        if !redact::may_share_identity(&case) {
            case = redact::redact(&case);
            let redacted = redact::redact_meta(
                &serde_json::from_value(meta).unwrap_or_else(|e| panic!("{e}")),
            );
            meta = serde_json::to_value(redacted).unwrap_or_else(|e| panic!("{e}"));
        }
        *value = case.to_json_value();
        value["meta"] = meta;
    }
    expected
}

fn strip_meta(value: &serde_json::Value) -> serde_json::Value {
    let mut value = value.clone();
    if let Some(map) = value.as_object_mut() {
        map.remove("meta");
    }
    value
}

fn decrypt(file: &Path) -> Vec<u8> {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{e}"));
    let decryptor = age::Decryptor::new(&bytes[..]).unwrap_or_else(|e| panic!("{e}"));
    let identity = identity();
    let mut plain = Vec::new();
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_end(&mut plain)
        .unwrap_or_else(|e| panic!("{e}"));
    plain
}

fn encrypt(plaintext: &[u8], recipient: &str) -> Vec<u8> {
    let recipient = age::x25519::Recipient::from_str(recipient).unwrap_or_else(|e| panic!("{e}"));
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let mut writer = encryptor
        .wrap_output(&mut out)
        .unwrap_or_else(|e| panic!("{e}"));
    writer
        .write_all(plaintext)
        .unwrap_or_else(|e| panic!("{e}"));
    writer.finish().unwrap_or_else(|e| panic!("{e}"));
    out
}

/// A file as a forger (or a careless script) would build it by following
/// docs/export-format.md: `body` lines, a manifest (which `edit` may spoil),
/// signed with `key`, encrypted to the commission.
fn craft(
    mission_code: &str,
    body: &[String],
    key: &SigningKey,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Vec<u8> {
    craft_as(1, mission_code, body, key, edit)
}

/// [`craft`] as a file of format `version` (its opening line and its
/// manifest say so).
fn craft_as(
    version: u32,
    mission_code: &str,
    body: &[String],
    key: &SigningKey,
    edit: impl FnOnce(&mut serde_json::Value),
) -> Vec<u8> {
    let mut plain = format!("{{\"format\":\"casebook-export\",\"version\":{version}}}\n");
    for line in body {
        plain.push_str(line);
        plain.push('\n');
    }
    let starting = |prefix: &str| body.iter().filter(|l| l.starts_with(prefix)).count();
    let cases = starting("{\"case\"");
    let withdrawals = starting("{\"withdrawal\"");
    let tombstones = body.len() - cases - withdrawals;
    let redacted = body
        .iter()
        .filter(|l| l.contains("\"redacted\":true"))
        .count();
    let mut manifest = serde_json::json!({
        "format": "casebook-export",
        "version": version,
        "mission_id": "0190f000-0000-7000-8000-000000000000",
        "mission_code": mission_code,
        "mission_name": "Crafted",
        "mission_key": hex::encode(key.verifying_key().to_bytes()),
        "sequence": 1,
        "kind": "incremental",
        "created_at": "2026-11-01T10:00:00Z",
        "app_version": "test",
        "counts": {"cases": cases, "redacted": redacted, "tombstones": tombstones},
        "body_sha256": hex::encode(Sha256::digest(plain.as_bytes())),
    });
    if withdrawals > 0 {
        manifest["counts"]["withdrawals"] = withdrawals.into();
    }
    edit(&mut manifest);
    let manifest_line = serde_json::json!({ "manifest": manifest }).to_string();
    let signature = key.sign(manifest_line.as_bytes());
    plain.push_str(&manifest_line);
    plain.push('\n');
    plain
        .push_str(&serde_json::json!({"signature": hex::encode(signature.to_bytes())}).to_string());
    plain.push('\n');
    encrypt(plain.as_bytes(), &template().recipient)
}

/// One case line of mission `code`, from the minimal reference case.
fn case_line(code: &str, number: u32, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("case-minimal.json")).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    edit(&mut case);
    serde_json::json!({"case": {
        "meta": {
            "id": CaseId::new(),
            "reference": format!("{code}-2026-{number:04}"),
            "origin_mission": code,
            "revision": 1,
            "created_at": "2026-10-01T10:00:00Z",
            "created_by": "X",
            "updated_at": "2026-10-01T10:00:00Z",
            "updated_by": "X",
        },
        "redacted": false,
        "case": case,
    }})
    .to_string()
}

/// A case line of [`case_line`] as its mission revised it a day later:
/// revision 2.
fn revised(line: &str) -> String {
    line.replacen("\"revision\":1", "\"revision\":2", 1)
        .replacen(
            "\"updated_at\":\"2026-10-01T10:00:00Z\"",
            "\"updated_at\":\"2026-10-02T10:00:00Z\"",
            1,
        )
}

/// Which error a refused file must give.
type Expected = fn(&Error) -> bool;

fn signing_key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32])
}

#[test]
fn every_case_arrives_as_the_mission_has_it_and_the_export_is_recorded_only_after() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut commission = new_commission(&dir.path().join("commission"));
    mission
        .create_case(fixture_case("case-full.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    mission
        .create_case(fixture_case("case-minimal.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    mission
        .generate_recorded(5, 300, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));

    let first = dir.path().join("LT-LON-1.age");
    let summary = export(&mut mission, &first, false);
    assert_eq!(summary.sequence, 1);
    assert_eq!(summary.counts.cases, 302);
    assert!(
        summary.counts.redacted > 0,
        "the generator makes cases without consent"
    );
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .all(|e| !e
                .map(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .unwrap_or(true)),
        "no temp file is left beside the export"
    );
    assert_eq!(
        mission
            .outgoing_counts(false)
            .unwrap_or_else(|e| panic!("{e}"))
            .cases,
        0
    );

    let report = imported(&mut commission, &first);
    assert_eq!((report.counts.new, report.counts.updated), (302, 0));
    assert!(report.new_mission.is_some());
    assert_eq!(report.gaps, vec![]);
    assert_eq!(state(&commission), expected_at_commission(&mission));

    // Everything again, as it is: every case, redacted or not, is known as
    // the version stored.
    let again = dir.path().join("LT-LON-again.age");
    export(&mut mission, &again, true);
    let report = imported(&mut commission, &again);
    assert_eq!(
        (
            report.counts.new,
            report.counts.updated,
            report.counts.unchanged,
            report.counts.conflicts
        ),
        (0, 0, 302, 0)
    );
    assert_eq!(state(&commission), expected_at_commission(&mission));

    // Imported cases change only through their mission's exports.
    let record = commission
        .get_case("LT-LON-2026-0001")
        .unwrap_or_else(|e| panic!("{e}"));
    let reference = record.meta.reference.clone();
    let refused = commission.update_case(record.meta.id, record.case, 1);
    assert!(
        matches!(&refused, Err(casebook::vault::Error::ForeignCase { mission, .. }) if mission == "LT-LON"),
        "{refused:?}"
    );
    assert!(matches!(
        commission.erase_case(&reference),
        Err(casebook::vault::Error::ForeignCase { .. })
    ));

    // The same file again: recognised, nothing changes.
    let again = imported(&mut commission, &first);
    assert!(again.duplicate_of.is_some());
    assert_eq!(state(&commission), expected_at_commission(&mission));
}

#[test]
fn a_case_without_consent_travels_without_what_identifies_the_person() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let mut case = fixture_case("case-full.json");
    case.person.given_name = Some("Canarygiven".into());
    case.person.family_name = Some("Žemaitytė-Canary".into());
    case.person.phone = Some("+37060000001".into());
    case.notes = Some("canary-note-text".into());
    case.consent.share_identifiable_with_commission = Some(false);
    case.consent.given_by = Some(ConsentGivenBy::Person);
    let record = mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));

    let file = dir.path().join("export.age");
    export(&mut mission, &file, true);
    let plain = decrypt(&file);
    for canary in ["Canarygiven", "Canary", "+37060000001", "canary-note-text"] {
        assert!(
            !contains(&plain, canary.as_bytes()),
            "{canary} is in the export"
        );
    }
    assert!(!contains(
        &std::fs::read(&file).unwrap_or_else(|e| panic!("{e}")),
        b"Canary"
    ));

    imported(&mut commission, &file);
    let arrived = commission
        .get_case(&record.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(arrived.case.person.given_name, None);
    assert_eq!(arrived.case.person.birth_date, None);
    assert_eq!(arrived.case.person.birth_year, None);
    assert_eq!(
        arrived.case.person.age_at_first_contact.map(u32::from),
        record
            .case
            .person
            .birth_date
            .and_then(|d| record.case.first_contact.date.years_since(d))
    );
    assert_eq!(
        arrived.case.person.citizenship,
        record.case.person.citizenship
    );
    assert_eq!(arrived.case, redact::redact(&record.case));
}

/// A referral's `share_identity` (what the person allowed the mission to
/// tell a partner organisation) is in no export, whole or redacted: it
/// concerns no one at the commission, and a reader of format 3, which came
/// before the field, refuses a field it does not know. Everything else of a
/// consented case arrives as the mission has it.
#[test]
fn no_export_carries_a_referrals_share_identity() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let mut records = Vec::new();
    for consent in [true, false] {
        let mut case = fixture_case("case-full.json");
        case.consent.share_identifiable_with_commission = Some(consent);
        case.consent.given_by = Some(ConsentGivenBy::Person);
        for referral in &mut case.referrals {
            referral.share_identity = true;
        }
        records.push(mission.create_case(case).unwrap_or_else(|e| panic!("{e}")));
    }
    let file = dir.path().join("export.age");
    export(&mut mission, &file, true);
    let plain = decrypt(&file);
    assert!(contains(&plain, b"\"redacted\":false"));
    assert!(!contains(&plain, b"share_identity"));
    imported(&mut commission, &file);
    for record in &records {
        let arrived = commission
            .get_case(&record.meta.reference)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(arrived.case.referrals.iter().all(|r| !r.share_identity));
    }
    let mut whole = records[0].case.clone();
    for referral in &mut whole.referrals {
        referral.share_identity = false;
    }
    let arrived = commission
        .get_case(&records[0].meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(arrived.case, whole);
    assert_eq!(
        arrived.case.person.given_name,
        records[0].case.person.given_name
    );
}

#[test]
fn incremental_exports_carry_changes_and_erasures_and_gaps_are_reported() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let a = mission
        .create_case(simple_case("Ona", "Ona", date(2026, 3, 1)))
        .unwrap_or_else(|e| panic!("{e}"));
    let b = mission
        .create_case(simple_case("Rūta", "Rūta", date(2026, 3, 2)))
        .unwrap_or_else(|e| panic!("{e}"));
    let files: Vec<PathBuf> = (1..=4)
        .map(|n| dir.path().join(format!("{n}.age")))
        .collect();
    export(&mut mission, &files[0], false);

    let mut changed = a.case.clone();
    changed.notes = Some("second visit".into());
    mission
        .update_case(a.meta.id, changed, 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let second = export(&mut mission, &files[1], false);
    assert_eq!((second.sequence, second.counts.cases), (2, 1));

    mission
        .erase_case(&b.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
    let third = export(&mut mission, &files[2], false);
    assert_eq!((third.counts.cases, third.counts.tombstones), (0, 1));
    let fourth = export(&mut mission, &files[3], false);
    assert_eq!(
        (
            fourth.sequence,
            fourth.counts.cases,
            fourth.counts.tombstones
        ),
        (4, 0, 0)
    );

    let report = imported(&mut commission, &files[0]);
    assert_eq!(report.counts.new, 2);
    let report = imported(&mut commission, &files[3]);
    assert_eq!(report.gaps, vec![(2, 3)]);
    let report = imported(&mut commission, &files[2]);
    assert_eq!(
        (report.counts.erased, report.gaps.clone()),
        (1, vec![(2, 2)])
    );
    let report = imported(&mut commission, &files[1]);
    assert_eq!((report.counts.updated, report.gaps.clone()), (1, vec![]));
    assert_eq!(state(&commission), expected_at_commission(&mission));
    assert!(commission.get_case(&b.meta.reference).is_err());

    // A full export covers everything before it: no gap below it.
    let full = dir.path().join("full.age");
    let summary = export(&mut mission, &full, true);
    assert_eq!(
        (
            summary.sequence,
            summary.counts.cases,
            summary.counts.tombstones
        ),
        (5, 1, 1)
    );
    let mut other = new_commission(&dir.path().join("other"));
    let report = imported(&mut other, &full);
    assert_eq!(
        (report.gaps.clone(), report.counts.new, report.counts.erased),
        (vec![], 1, 1)
    );
    assert_eq!(state(&other), expected_at_commission(&mission));
}

#[test]
fn exporting_needs_the_commission_key_and_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_vault(&dir.path().join("mission"));
    let out = dir.path().join("export.age");
    let error = exchange::export(&mut mission, &out, false, false, &mut |_| {})
        .err()
        .map(|e| e.to_string());
    assert!(
        error
            .as_deref()
            .is_some_and(|e| e.contains("commission's public key is not stored")),
        "{error:?}"
    );
    assert!(!out.exists());
    mission
        .set_commission_key(&template().recipient, false)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&out, b"earlier export").unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        exchange::export(&mut mission, &out, false, false, &mut |_| {}),
        Err(Error::FileExists(_))
    ));
    assert_eq!(
        std::fs::read(&out).unwrap_or_else(|e| panic!("{e}")),
        b"earlier export"
    );
    assert_eq!(mission.last_export_sequence().unwrap_or(99), 0);
}

#[test]
fn a_damaged_foreign_forged_or_invalid_file_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut commission = new_commission(&dir.path().join("commission"));
    mission
        .generate_recorded(9, 40, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let genuine = dir.path().join("genuine.age");
    export(&mut mission, &genuine, false);
    imported(&mut commission, &genuine);
    let before = state(&commission);
    let received_before = commission
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .filter(|e| e.action == "import")
        .count();

    // A second, later export from the same mission to damage in every way.
    mission
        .generate_recorded(10, 20, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let later = dir.path().join("later.age");
    export(&mut mission, &later, false);
    let bytes = std::fs::read(&later).unwrap_or_else(|e| panic!("{e}"));
    let mut refused: Vec<(String, Vec<u8>, Expected)> = Vec::new();

    for i in 0..120 {
        let position = i * (bytes.len() - 1) / 119;
        let mut flipped = bytes.clone();
        flipped[position] ^= 0x5a;
        refused.push((format!("byte {position} flipped"), flipped, |_| true));
    }
    for keep in [
        0,
        10,
        100,
        bytes.len() / 2,
        bytes.len() - 17,
        bytes.len() - 1,
    ] {
        refused.push((
            format!("truncated to {keep} bytes"),
            bytes[..keep].to_vec(),
            |e| matches!(e, Error::NotAnExport | Error::Damaged(_)),
        ));
    }
    refused.push(("empty".into(), Vec::new(), |e| {
        matches!(e, Error::NotAnExport)
    }));
    let random: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    refused.push(("random".into(), random, |e| matches!(e, Error::NotAnExport)));

    let stranger = age::x25519::Identity::generate().to_public().to_string();
    let plain = decrypt(&later);
    refused.push((
        "for another commission".into(),
        encrypt(&plain, &stranger),
        |e| matches!(e, Error::NotForThisCommission),
    ));
    refused.push((
        "a passphrase-encrypted age file".into(),
        std::fs::read(&template().backup).unwrap_or_else(|e| panic!("{e}")),
        |e| matches!(e, Error::NotAnExport),
    ));
    refused.push((
        "a vault header".into(),
        std::fs::read(template().vault.join("vault.json")).unwrap_or_else(|e| panic!("{e}")),
        |e| matches!(e, Error::NotAnExport),
    ));
    refused.push((
        "an age file that is not an export".into(),
        encrypt(b"hello\n", &template().recipient),
        |e| matches!(e, Error::NotAnExport),
    ));

    // The genuine plaintext with one record changed, re-encrypted: the
    // signature still holds, the digest does not.
    let text = String::from_utf8(plain.clone()).unwrap_or_else(|e| panic!("{e}"));
    let tampered = text.replacen("\"revision\":1", "\"revision\":7", 1);
    assert_ne!(tampered, text);
    refused.push((
        "a record changed after signing".into(),
        encrypt(tampered.as_bytes(), &template().recipient),
        |e| matches!(e, Error::ManifestMismatch(_)),
    ));
    // A record line dropped.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.remove(2);
    refused.push((
        "a record removed".into(),
        encrypt((lines.join("\n") + "\n").as_bytes(), &template().recipient),
        |e| matches!(e, Error::ManifestMismatch(_)),
    ));
    // The manifest edited: the signature breaks.
    let edited = text.replacen("\"sequence\":2", "\"sequence\":9", 1);
    assert_ne!(edited, text);
    refused.push((
        "the manifest edited".into(),
        encrypt(edited.as_bytes(), &template().recipient),
        |e| matches!(e, Error::BadSignature),
    ));
    // Signed by another key in the name of the registered mission.
    let body: Vec<String> = text
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("{\"manifest\""))
        .map(str::to_owned)
        .collect();
    refused.push((
        "signed by another key for a known mission".into(),
        craft("LT-LON", &body, &signing_key(1), |_| {}),
        |e| matches!(e, Error::WrongMissionKey(m) if m.code == "LT-LON"),
    ));
    // Well signed by a new mission, but the manifest disagrees with the body.
    let crafted_body = vec![
        case_line("XX-TST", 1, |_| {}),
        case_line("XX-TST", 2, |_| {}),
    ];
    refused.push((
        "counts that disagree".into(),
        craft("XX-TST", &crafted_body, &signing_key(2), |m| {
            m["counts"]["cases"] = 3.into();
        }),
        |e| matches!(e, Error::ManifestMismatch(_)),
    ));
    refused.push((
        "a digest that disagrees".into(),
        craft("XX-TST", &crafted_body, &signing_key(2), |m| {
            m["body_sha256"] = hex::encode([0u8; 32]).into();
        }),
        |e| matches!(e, Error::ManifestMismatch(_)),
    ));
    refused.push((
        "a record that fails validation".into(),
        craft(
            "XX-TST",
            &[case_line("XX-TST", 1, |c| {
                c["first_contact"]["date"] = "2099-01-01".into();
            })],
            &signing_key(2),
            |_| {},
        ),
        |e| matches!(e, Error::InvalidRecord { message, .. } if message.contains("first_contact.date")),
    ));
    refused.push((
        "a record with an unknown field".into(),
        craft(
            "XX-TST",
            &[case_line("XX-TST", 1, |c| {
                c["person"]["nickname"] = "x".into();
            })],
            &signing_key(2),
            |_| {},
        ),
        |e| matches!(e, Error::InvalidRecord { message, .. } if message.contains("person")),
    ));
    // A made-up restore epoch would rank a version above the mission's
    // later saves: only the form a vault gives one is taken.
    refused.push((
        "a manifest with a made-up restore epoch".into(),
        craft("XX-TST", &crafted_body, &signing_key(2), |m| {
            m["epoch"] = serde_json::json!({"id": "99999999999-ZZZZZZZZ", "after_sequence": 0});
        }),
        |e| matches!(e, Error::Damaged(message) if message.contains("restore epoch")),
    ));
    refused.push((
        "a record with a made-up restore epoch".into(),
        craft(
            "XX-TST",
            &[case_line("XX-TST", 1, |_| {}).replacen(
                "\"revision\":1",
                "\"revision\":1,\"epoch\":\"~~~~~~~~\"",
                1,
            )],
            &signing_key(2),
            |_| {},
        ),
        |e| matches!(e, Error::InvalidRecord { message, .. } if message.contains("restore epoch")),
    ));
    refused.push((
        "a record of another mission".into(),
        craft(
            "XX-TST",
            &[case_line("LT-LON", 99, |_| {})],
            &signing_key(2),
            |_| {},
        ),
        |e| matches!(e, Error::InvalidRecord { .. }),
    ));
    refused.push((
        "a newer format".into(),
        encrypt(
            format!(
                "{{\"format\":\"casebook-export\",\"version\":{}}}\n",
                exchange::format::VERSION + 1
            )
            .as_bytes(),
            &template().recipient,
        ),
        |e| matches!(e, Error::NewerFormat(v) if *v == exchange::format::VERSION + 1),
    ));

    // The manifest and its signature must be the last two lines, in order.
    let genuine: Vec<&str> = text.lines().collect();
    let n = genuine.len();
    let rearranged = |order: Vec<usize>| -> Vec<u8> {
        let lines: Vec<&str> = order.into_iter().map(|i| genuine[i]).collect();
        encrypt((lines.join("\n") + "\n").as_bytes(), &template().recipient)
    };
    refused.push((
        "the signature cut off".into(),
        rearranged((0..n - 1).collect()),
        |e| matches!(e, Error::Damaged(m) if m.contains("before its signature")),
    ));
    refused.push((
        "the manifest and signature cut off".into(),
        rearranged((0..n - 2).collect()),
        |e| matches!(e, Error::Damaged(m) if m.contains("before its manifest")),
    ));
    refused.push((
        "the signature before the manifest".into(),
        rearranged((0..n - 2).chain([n - 1, n - 2]).collect()),
        |e| matches!(e, Error::ManifestMismatch(m) if m.contains("before the manifest")),
    ));
    refused.push((
        "a record after the signature".into(),
        rearranged((0..n).chain([2]).collect()),
        |e| matches!(e, Error::ManifestMismatch(m) if m.contains("after the signature")),
    ));
    refused.push((
        "the manifest in the middle".into(),
        rearranged((0..3).chain([n - 2, n - 1]).chain(3..n - 2).collect()),
        |e| matches!(e, Error::ManifestMismatch(m) if m.contains("after the signature")),
    ));
    // Far into a file, past the first pass's first batches of lines: the
    // line named is the right one, and a stray record is still found.
    let long = |at: u32, stray: &str| -> Vec<String> {
        (1..=300)
            .map(|i| {
                if i == at {
                    case_line(stray, i, |c| {
                        c["first_contact"]["date"] = "2099-01-01".into();
                    })
                } else {
                    case_line("XX-TST", i, |_| {})
                }
            })
            .collect()
    };
    // A withdrawn consent came with format 4: a file of format 3 that
    // holds one was not written by Casebook, whatever its signature.
    let withdrawal = serde_json::json!({"withdrawal": {
        "id": CaseId::new(),
        "reference": "XX-TST-2026-0001",
        "origin_mission": "XX-TST",
        "withdrawn_at": "2026-11-01T10:00:00Z",
        "withdrawn_by": "X",
    }})
    .to_string();
    refused.push((
        "a withdrawn consent in a file of format 3".into(),
        craft_as(
            3,
            "XX-TST",
            &[case_line("XX-TST", 1, |_| {}), withdrawal],
            &signing_key(2),
            |_| {},
        ),
        |e| matches!(e, Error::Damaged(message) if message.contains("carries a withdrawn consent")),
    ));
    refused.push((
        "a record that fails validation at line 252".into(),
        craft("XX-TST", &long(251, "XX-TST"), &signing_key(2), |_| {}),
        |e| matches!(e, Error::InvalidRecord { line: 252, message } if message.contains("XX-TST-2026-0251")),
    ));
    refused.push((
        "a record of another mission at line 252".into(),
        craft("XX-TST", &long(251, "LT-LON"), &signing_key(2), |_| {}),
        |e| matches!(e, Error::InvalidRecord { message, .. } if message.contains("LT-LON-2026-0251")),
    ));

    for (what, bytes, expected) in &refused {
        let file = dir.path().join("bad.age");
        std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
        let verified = exchange::verify(&commission, &file, &mut |_| {});
        let result = import(&mut commission, &file);
        match (&result, &verified) {
            // A file signed by a mission not yet approved is read no further
            // than its signature; its records are checked on approval.
            (
                Err(e),
                Err(_)
                | Ok(exchange::Verification {
                    status: exchange::MissionStatus::NotYetApproved,
                    would: None,
                    ..
                }),
            ) => assert!(expected(e), "{what}: unexpected error {e:?}"),
            _ => panic!("{what}: accepted (import {:?})", result.map(|r| r.counts)),
        }
        assert!(
            !result
                .err()
                .map_or_else(
                    || panic!("it succeeded where it must fail"),
                    |e| e.to_string()
                )
                .is_empty()
        );
    }
    assert_eq!(
        state(&commission),
        before,
        "the commission's cases are unchanged"
    );
    let received_after = commission
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .filter(|e| e.action == "import")
        .count();
    assert_eq!(received_after, received_before);
    assert!(
        commission
            .mission("XX-TST")
            .unwrap_or_else(|e| panic!("{e}"))
            .is_none()
    );

    // And the undamaged file still imports.
    assert_eq!(imported(&mut commission, &later).counts.new, 20);
}

#[test]
fn a_new_mission_needs_approval_of_its_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut commission = new_commission(&dir.path().join("commission"));
    mission
        .generate_recorded(3, 5, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("e.age");
    export(&mut mission, &file, false);
    let key = exchange::mission_public_key(&mission).unwrap_or_else(|e| panic!("{e}"));

    let refused = exchange::import(&mut commission, &file, &Approval::Nobody, &mut |_| {});
    let Err(Error::UnknownMission(identity)) = refused else {
        panic!("an unknown mission was not stopped: {refused:?}");
    };
    assert_eq!(identity.code, "LT-LON");
    assert_eq!(identity.fingerprint, exchange::key_fingerprint(&key));
    assert_eq!(commission.case_count().unwrap_or(9), 0);
    let approve = |text: &str| {
        Approval::Missions(vec![
            text.parse::<MissionApproval>()
                .unwrap_or_else(|e| panic!("{e}")),
        ])
    };
    let other_key = approve(&format!("LT-LON:{}", exchange::key_fingerprint(&[7; 32])));
    assert!(exchange::import(&mut commission, &file, &other_key, &mut |_| {}).is_err());
    assert_eq!(commission.case_count().unwrap_or(9), 0);

    // The fingerprint as printed, with or without its spaces.
    let approved = approve(&format!(
        "LT-LON:{}",
        identity.fingerprint.replace(' ', "").to_lowercase()
    ));
    let report = exchange::import(&mut commission, &file, &approved, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.counts.new, 5);
    let missions = commission.missions().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(missions.len(), 1);
    assert_eq!(missions[0].public_key, key);
}

#[test]
fn an_older_export_with_an_identified_victim_without_who_decided_still_imports() {
    // Missions saved such records before the rule existed; the commission
    // must not refuse their exports for it (the rule binds new saves).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let line = case_line("LT-RIG", 1, |case| {
        case["assessment"] = serde_json::json!({"trafficking_status": "ActualVictimOfTrafficking"});
    });
    let file = dir.path().join("older.age");
    std::fs::write(&file, craft("LT-RIG", &[line], &signing_key(3), |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));
    let report = imported(&mut commission, &file);
    assert_eq!(report.counts.new, 1);
}

#[test]
fn the_same_revision_with_other_content_is_a_conflict_whatever_the_order() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    // With consent, so that the notes that differ reach the commission
    // (without it, two versions that differ only in what redaction removes
    // arrive the same).
    let mut case = simple_case("Ona", "Ona", date(2026, 3, 1));
    case.consent.share_identifiable_with_commission = Some(true);
    let record = mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    drop(mission);
    // The mission restores an old copy of its vault and edits the case
    // again: two different revision-2 versions exist.
    copy_vault(&dir.path().join("mission"), &dir.path().join("restored"));
    let files = ["a.age", "b.age"].map(|n| dir.path().join(n));
    for (vault_dir, file, note) in [
        ("mission", &files[0], "first version"),
        ("restored", &files[1], "second version"),
    ] {
        let mut vault = open(&dir.path().join(vault_dir));
        let mut case = record.case.clone();
        case.notes = Some(note.into());
        vault
            .update_case(record.meta.id, case, 1)
            .unwrap_or_else(|e| panic!("{e}"));
        export(&mut vault, file, true);
    }
    let mut states = Vec::new();
    for (name, order) in [("ab", [0, 1]), ("ba", [1, 0])] {
        let mut commission = new_commission(&dir.path().join(name));
        let first = imported(&mut commission, &files[order[0]]);
        let second = imported(&mut commission, &files[order[1]]);
        assert_eq!((first.counts.new, second.counts.conflicts), (1, 1));
        // Importing either file again changes nothing.
        let again = exchange::import(
            &mut commission,
            &files[order[1]],
            &Approval::Nobody,
            &mut |_| {},
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(again.duplicate_of.is_some());
        states.push(state(&commission));
        if name == "ba" {
            let conflicts = commission.conflicts().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(conflicts.len(), 1);
            let taken = conflicts[0].set_aside.case.notes.clone();
            commission
                .resolve_conflict(conflicts[0].seq, Resolution::TakeSetAside)
                .unwrap_or_else(|e| panic!("{e}"));
            let stored = commission
                .get_case(&record.meta.reference)
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(stored.case.notes, taken);
            assert_eq!(
                commission
                    .conflicts()
                    .unwrap_or_else(|e| panic!("{e}"))
                    .len(),
                0
            );
        }
    }
    assert_eq!(states[0], states[1]);
    assert_eq!(states[0].conflicts, 1);
}

/// The merging pass parses cases on a second thread: a case that comes
/// twice in one file is still merged in file order, the later line seeing
/// what the earlier one stored (new, then updated), with the cases around
/// them merged as well.
#[test]
fn a_case_twice_in_one_file_is_merged_in_file_order() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let twice = case_line("XX-TST", 1, |_| {});
    let later = revised(&twice);
    assert_ne!(later, twice);
    let mut body: Vec<String> = (2..=100).map(|i| case_line("XX-TST", i, |_| {})).collect();
    body.insert(40, twice);
    body.push(later);
    let file = dir.path().join("twice.age");
    std::fs::write(&file, craft("XX-TST", &body, &signing_key(2), |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));
    let report = imported(&mut commission, &file);
    assert_eq!(
        (report.counts.new, report.counts.updated),
        (100, 1),
        "{:?}",
        report.counts
    );
    let stored = commission
        .get_case("XX-TST-2026-0001")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.meta.revision, 2);
}

/// A case belongs to the mission that created it: another mission's file
/// can neither change it nor erase it, even when it names the case by its
/// id under a reference of its own.
#[test]
fn a_mission_can_neither_change_nor_erase_another_missions_case() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let original = case_line("XX-TST", 1, |_| {});
    let id = serde_json::from_str::<serde_json::Value>(&original).unwrap_or_else(|e| panic!("{e}"))
        ["case"]["meta"]["id"]
        .clone();
    let first = dir.path().join("first.age");
    std::fs::write(
        &first,
        craft("XX-TST", &[original], &signing_key(2), |_| {}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    imported(&mut commission, &first);

    let mut claim: serde_json::Value =
        serde_json::from_str(&case_line("YY-TST", 1, |_| {})).unwrap_or_else(|e| panic!("{e}"));
    claim["case"]["meta"]["id"] = id.clone();
    claim["case"]["meta"]["revision"] = 5.into();
    let tombstone = serde_json::json!({"tombstone": {
        "id": id,
        "reference": "YY-TST-2026-0001",
        "origin_mission": "YY-TST",
        "revision": 5,
        "erased_at": "2026-11-01T10:00:00Z",
        "erased_by": "X",
    }});
    for (name, line) in [
        ("change", claim.to_string()),
        ("erase", tombstone.to_string()),
    ] {
        let file = dir.path().join(format!("{name}.age"));
        std::fs::write(&file, craft("YY-TST", &[line], &signing_key(3), |_| {}))
            .unwrap_or_else(|e| panic!("{e}"));
        let refused = import(&mut commission, &file);
        assert!(
            matches!(&refused, Err(e) if e.to_string().contains("belongs to mission XX-TST")),
            "{name}: {refused:?}"
        );
    }
    let stored = commission
        .get_case("XX-TST-2026-0001")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.meta.revision, 1);
    assert!(
        commission
            .tombstones()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
}

/// A file that changes between the check and the merge (the check reads
/// it whole before the merge reads it again) is refused, and nothing of
/// it is kept.
#[test]
fn a_file_changed_between_check_and_merge_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let checked: Vec<String> = (1..=3).map(|i| case_line("XX-TST", i, |_| {})).collect();
    let mut merged = checked.clone();
    merged[1] = merged[1].replacen("\"created_by\":\"X\"", "\"created_by\":\"Y\"", 1);
    assert_ne!(merged, checked);
    let key = signing_key(2);
    let (first, second) = (
        craft("XX-TST", &checked, &key, |_| {}),
        craft("XX-TST", &merged, &key, |_| {}),
    );
    let file = dir.path().join("changing.age");
    std::fs::write(&file, &first).unwrap_or_else(|e| panic!("{e}"));
    let mut changed = false;
    let approval = Approval::Missions(vec![
        format!(
            "XX-TST:{}",
            exchange::key_fingerprint(&key.verifying_key().to_bytes())
        )
        .parse::<MissionApproval>()
        .unwrap_or_else(|e| panic!("{e}")),
    ]);
    let refused = exchange::import(&mut commission, &file, &approval, &mut |progress| {
        // The signature and then the records were checked: two of the
        // three passes have read the whole file.
        if !changed && progress.done == progress.total / 3 * 2 {
            std::fs::write(&file, &second).unwrap_or_else(|e| panic!("{e}"));
            changed = true;
        }
    });
    assert!(changed);
    // The passes read ahead on a thread of their own: a change that lands
    // between two passes reads as a changed file, one that lands while the
    // next pass is already reading as a damaged one. Either way the file is
    // refused whole.
    assert!(
        matches!(refused, Err(Error::ChangedDuringImport | Error::Damaged(_))),
        "{refused:?}"
    );
    assert_eq!(stored_cases(&commission), 0);
    assert!(
        commission
            .missions()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
}

/// The indexes and their definitions, as the database holds them.
fn indexes(vault: &Vault) -> Vec<(String, String)> {
    let conn = vault.diagnostic_connection();
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .unwrap_or_else(|e| panic!("{e}"));
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .and_then(|rows| rows.collect())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// How many cases the vault holds.
fn stored_cases(vault: &Vault) -> u64 {
    vault
        .list_cases(&casebook::vault::ListQuery::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .total
}

/// The page cache's size as the connection has it now (negative: KiB).
fn cache_size(vault: &Vault) -> i64 {
    vault
        .diagnostic_connection()
        .query_row("PRAGMA cache_size", [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// `count` case lines of mission XX-TST; the even ones first met in March.
fn many_cases(count: u32) -> Vec<String> {
    (1..=count)
        .map(|i| {
            case_line("XX-TST", i, |case| {
                if i % 2 == 0 {
                    case["first_contact"]["date"] = "2026-03-01".into();
                }
            })
        })
        .collect()
}

/// A merge that adds more cases than the vault held (and more than a
/// thousand) drops the list's indexes and builds them again before it
/// commits: afterwards they are all there, as they were defined, they hold
/// every case (the integrity check compares each index with its table), and
/// a filtered list reads them. A case updated after the drop is merged too.
#[test]
fn a_large_merge_leaves_every_index_as_defined_and_complete() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let before = indexes(&commission);
    assert!(
        before
            .iter()
            .any(|(name, _)| name == "cases_by_first_contact")
    );
    let mut body = many_cases(1_200);
    let updated = revised(&body[10]);
    assert_ne!(updated, body[10]);
    body.push(updated);
    let file = dir.path().join("many.age");
    std::fs::write(&file, craft("XX-TST", &body, &signing_key(2), |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));
    let report = imported(&mut commission, &file);
    assert_eq!((report.counts.new, report.counts.updated), (1_200, 1));

    assert_eq!(indexes(&commission), before);
    // The merge's smaller cache is given back.
    assert_eq!(cache_size(&commission), -32768);
    let check: String = commission
        .diagnostic_connection()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check, "ok");
    let march = commission
        .list_cases(&casebook::vault::ListQuery {
            contact_to: chrono::NaiveDate::from_ymd_opt(2026, 6, 30),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(march.total, 600);
    let stored = commission
        .get_case("XX-TST-2026-0011")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.meta.revision, 2);
}

/// A large merge that fails after it dropped the indexes leaves the vault
/// as it was, indexes included.
#[test]
fn a_large_merge_that_fails_leaves_the_vault_and_its_indexes_as_they_were() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let before = indexes(&commission);
    let mut body = many_cases(1_200);
    // Another case under a reference already taken, after the thousandth:
    // the merge refuses it.
    body.push(case_line("XX-TST", 5, |_| {}));
    let file = dir.path().join("taken.age");
    std::fs::write(&file, craft("XX-TST", &body, &signing_key(2), |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));
    let refused = import(&mut commission, &file);
    assert!(
        matches!(&refused, Err(e) if e.to_string().contains("already used")),
        "{refused:?}"
    );
    assert_eq!(indexes(&commission), before);
    assert_eq!(cache_size(&commission), -32768);
    assert_eq!(stored_cases(&commission), 0);
}

#[test]
fn an_identity_backup_restores_the_key_that_opens_files_in_transit() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    mission
        .generate_recorded(4, 3, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("in-transit.age");
    export(&mut mission, &file, false);

    // The commission's laptop is lost; a new vault gets the old key back.
    let mut replacement = new_commission_vault(&dir.path().join("new-commission"));
    assert!(matches!(
        import(&mut replacement, &file),
        Err(Error::NotForThisCommission)
    ));
    let backup = dir.path().join("identity.age");
    std::fs::write(&backup, b"").unwrap_or_else(|e| panic!("{e}"));
    let mut original = new_commission(&dir.path().join("original"));
    let passphrase = SecretString::from(BACKUP_PASSPHRASE.to_owned());
    exchange::write_identity_backup(&mut original, &backup, &passphrase)
        .unwrap_or_else(|e| panic!("{e}"));
    let wrong = SecretString::from("not the backup passphrase at all".to_owned());
    assert!(matches!(
        exchange::restore_identity(&mut replacement, &backup, &wrong),
        Err(Error::NotAnIdentityBackup)
    ));
    let (_, restored) = exchange::restore_identity(&mut replacement, &backup, &passphrase)
        .unwrap_or_else(|e| panic!("{e}"));
    // Both keys come back: the age identity and the reply signing key,
    // which the key file's one fingerprint covers.
    assert_eq!(
        Some(restored),
        exchange::commission_fingerprint(&original).ok()
    );
    assert_eq!(
        exchange::commission_public_keys(&replacement)
            .ok()
            .map(|k| k.recipient),
        Some(template().recipient.clone())
    );
    assert_eq!(imported(&mut replacement, &file).counts.new, 3);
    assert!(passphrase.expose_secret().len() > 20);
}

#[test]
fn the_standard_age_tool_decrypts_an_export_and_the_plaintext_reads_as_documented() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    mission
        .create_case(fixture_case("case-full.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    add_and_erase_a_case(&mut mission);
    let file = dir.path().join("export.age");
    export(&mut mission, &file, false);

    let identity_file = dir.path().join("identity.txt");
    std::fs::write(&identity_file, &template().identity).unwrap_or_else(|e| panic!("{e}"));
    let output = std::process::Command::new("age")
        .arg("--decrypt")
        .arg("--identity")
        .arg(&identity_file)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "the age tool is needed (Debian package `age`, in the README's install line): {e}"
            )
        });
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plain = String::from_utf8(output.stdout).unwrap_or_else(|e| panic!("{e}"));

    // docs/export-format.md: opening line, body lines, manifest, signature.
    let lines: Vec<&str> = plain.split_terminator('\n').collect();
    assert!(plain.ends_with('\n'));
    assert_eq!(lines[0], r#"{"format":"casebook-export","version":3}"#);
    let manifest_at = lines.len() - 2;
    let manifest_line = lines[manifest_at];
    let manifest: serde_json::Value = serde_json::from_str::<serde_json::Value>(manifest_line)
        .unwrap_or_else(|e| panic!("{e}"))["manifest"]
        .clone();
    let body_len: usize = lines[..manifest_at].iter().map(|l| l.len() + 1).sum();
    assert_eq!(
        manifest["body_sha256"],
        hex::encode(Sha256::digest(&plain.as_bytes()[..body_len]))
    );
    assert_eq!(manifest["mission_code"], "LT-LON");
    assert_eq!(manifest["counts"]["cases"], 1);
    assert_eq!(manifest["counts"]["tombstones"], 1);
    assert!(
        manifest["mission_recipient"]
            .as_str()
            .is_some_and(|r| r.starts_with("age1") && r.len() == 62),
        "{manifest}"
    );
    let kinds: Vec<String> = lines[1..manifest_at]
        .iter()
        .map(|l| {
            let value: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}"));
            value
                .as_object()
                .and_then(|o| o.keys().next().cloned())
                .unwrap_or_else(|| panic!("a line that is not one object: {l}"))
        })
        .collect();
    assert_eq!(kinds, ["case", "tombstone"]);
    let signature: serde_json::Value =
        serde_json::from_str(lines[manifest_at + 1]).unwrap_or_else(|e| panic!("{e}"));
    let signature_bytes: [u8; 64] = hex::decode(
        signature["signature"]
            .as_str()
            .unwrap_or_else(|| panic!("not a string")),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .try_into()
    .unwrap_or([0; 64]);
    let key_bytes: [u8; 32] = hex::decode(
        manifest["mission_key"]
            .as_str()
            .unwrap_or_else(|| panic!("not a string")),
    )
    .unwrap_or_else(|e| panic!("{e}"))
    .try_into()
    .unwrap_or([0; 32]);
    let key = ed25519_dalek::VerifyingKey::from_bytes(&key_bytes).unwrap_or_else(|e| panic!("{e}"));
    key.verify_strict(
        manifest_line.as_bytes(),
        &ed25519_dalek::Signature::from_bytes(&signature_bytes),
    )
    .unwrap_or_else(|e| panic!("the signature does not verify: {e}"));
    assert_eq!(
        key_bytes,
        exchange::mission_public_key(&mission).unwrap_or_else(|e| panic!("{e}"))
    );
}

#[derive(Debug, Clone)]
enum Step {
    Add(u64),
    Edit(usize),
    Erase(usize),
    Consent(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => any::<u64>().prop_map(Step::Add),
        3 => any::<usize>().prop_map(Step::Edit),
        1 => any::<usize>().prop_map(Step::Erase),
        1 => any::<usize>().prop_map(Step::Consent),
    ]
}

/// Rounds of edits, each ending in an export (full when the flag is set).
fn rounds() -> impl Strategy<Value = Vec<(Vec<Step>, bool)>> {
    prop::collection::vec(
        (
            prop::collection::vec(step(), 1..8),
            prop::bool::weighted(0.2),
        ),
        2..5,
    )
}

fn play(mission: &mut Vault, steps: &[Step], live: &mut Vec<CaseId>) {
    let today = date(2026, 11, 1);
    for step in steps {
        match *step {
            Step::Add(seed) => {
                let case = recorded(synthetic::generate(seed, 1, today))
                    .next()
                    .unwrap_or_else(|| panic!("nothing there"));
                live.push(
                    mission
                        .create_case(case)
                        .unwrap_or_else(|e| panic!("{e}"))
                        .meta
                        .id,
                );
            }
            Step::Edit(i) | Step::Consent(i) if !live.is_empty() => {
                let id = live[i % live.len()];
                let record = mission
                    .get_case(&id.to_string())
                    .unwrap_or_else(|e| panic!("{e}"));
                let mut case = record.case.clone();
                if matches!(step, Step::Consent(_)) {
                    let consent = &mut case.consent.share_identifiable_with_commission;
                    *consent = Some(*consent != Some(true));
                } else {
                    case.notes = Some(format!("edited at revision {}", record.meta.revision));
                }
                mission
                    .update_case(id, case, record.meta.revision)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            Step::Erase(i) if !live.is_empty() => {
                let id = live.remove(i % live.len());
                mission
                    .erase_case(&id.to_string())
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Several incremental (and some full) exports, imported in a shuffled
    /// order and each twice, leave the commission exactly as importing them
    /// once in order does, and as the mission's cases say.
    #[test]
    fn any_order_and_repetition_of_imports_gives_the_same_commission(
        rounds in rounds(),
        order_seed in any::<u64>(),
    ) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut mission = new_mission(&dir.path().join("mission"));
        let mut live = Vec::new();
        let mut files = Vec::new();
        for (n, (steps, full)) in rounds.iter().enumerate() {
            play(&mut mission, steps, &mut live);
            let file = dir.path().join(format!("{n}.age"));
            export(&mut mission, &file, *full);
            files.push(file);
        }

        let mut in_order = new_commission(&dir.path().join("in-order"));
        for file in &files {
            imported(&mut in_order, file);
        }
        let mut shuffled = new_commission(&dir.path().join("shuffled"));
        let mut order: Vec<&PathBuf> = files.iter().chain(files.iter()).collect();
        let mut rng = order_seed;
        for i in (1..order.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (rng >> 33) as usize % (i + 1));
        }
        for file in order {
            imported(&mut shuffled, file);
        }
        let expected = expected_at_commission(&mission);
        prop_assert_eq!(state(&in_order), state(&shuffled));
        prop_assert_eq!(state(&in_order), expected);
    }
}

/// Adds the minimal reference case and erases it, so that an export
/// carries a tombstone.
fn add_and_erase_a_case(mission: &mut casebook::vault::Vault) {
    let erased = mission
        .create_case(fixture_case("case-minimal.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    mission
        .erase_case(&erased.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// One genuine export (small), its plaintext, and a commission to check
/// mutations of it against; made once per test process.
fn sample() -> &'static (tempfile::TempDir, Vec<u8>, Vec<u8>) {
    static SAMPLE: OnceLock<(tempfile::TempDir, Vec<u8>, Vec<u8>)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut mission = new_mission(&dir.path().join("mission"));
        mission
            .generate_recorded(21, 6, date(2026, 11, 1))
            .unwrap_or_else(|e| panic!("{e}"));
        add_and_erase_a_case(&mut mission);
        let file = dir.path().join("sample.age");
        export(&mut mission, &file, false);
        drop(new_commission(&dir.path().join("commission")));
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
        let plain = decrypt(&file);
        (dir, bytes, plain)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// Any change to the file, or to its plaintext re-encrypted for the
    /// commission, is refused with an error, never accepted, never a panic.
    #[test]
    fn a_mutated_export_is_always_refused(
        in_plaintext in any::<bool>(),
        position in any::<prop::sample::Index>(),
        mask in 1u8..=255,
        cut in prop::option::weighted(0.1, any::<prop::sample::Index>()),
    ) {
        let (dir, bytes, plain) = sample();
        let mut data = if in_plaintext { plain.clone() } else { bytes.clone() };
        match cut {
            Some(cut) => data.truncate(cut.index(data.len())),
            None => {
                let at = position.index(data.len());
                data[at] ^= mask;
            }
        }
        if in_plaintext {
            data = encrypt(&data, &template().recipient);
        }
        let file = dir.path().join(format!("mutated-{}.age", std::process::id()));
        std::fs::write(&file, &data).unwrap_or_else(|e| panic!("{e}"));
        // Opened once for all cases: thousands of files in seconds.
        static COMMISSION: OnceLock<std::sync::Mutex<casebook::vault::Vault>> = OnceLock::new();
        let commission = COMMISSION
            .get_or_init(|| std::sync::Mutex::new(open(&dir.path().join("commission"))))
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let result = exchange::verify(&commission, &file, &mut |_| {});
        prop_assert!(result.is_err(), "a mutated file was accepted");
    }
}

/// The words of `words` (as the index folds them: lower case, without
/// diacritics) that the commission's full-text index still holds, whether
/// or not a search would find them: in its vocabulary, or as bytes in the
/// index's own pages (`case_search_data`), where a deleted row's terms stay
/// until the segments holding them are merged. A term is stored after the
/// prefix it shares with the term before it, so the pages are searched for
/// the word without its first three letters.
fn words_in_index(vault: &Vault, words: &[&str]) -> Vec<String> {
    let conn = vault.diagnostic_connection();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, case_search, 'row');",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let pages: Vec<Vec<u8>> = conn
        .prepare("SELECT block FROM case_search_data")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get::<_, Vec<u8>>(0))?
                .collect::<Result<_, _>>()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    words
        .iter()
        .filter(|word| {
            let in_vocabulary = conn
                .query_row(
                    "SELECT count(*) FROM temp.vocab WHERE term = ?1",
                    [word],
                    |row| row.get::<_, i64>(0),
                )
                .unwrap_or_else(|e| panic!("{e}"))
                > 0;
            let tail = &word.as_bytes()[3..];
            in_vocabulary || pages.iter().any(|page| contains(page, tail))
        })
        .map(|word| (*word).to_owned())
        .collect()
}

/// A case whose person agreed that their identity travels, with a canary in
/// the name and in the notes.
fn consenting_canary_case() -> Case {
    let mut case = fixture_case("case-full.json");
    case.person.given_name = Some("Quetzalcanary".into());
    case.person.family_name = Some("Žemaitytė-Zephyrcanary".into());
    case.notes = Some("Met at the station; xylophonecanary said so.".into());
    case.consent.share_identifiable_with_commission = Some(true);
    case.consent.given_by = Some(ConsentGivenBy::Person);
    case
}

const CANARY_WORDS: [&str; 3] = ["quetzalcanary", "zephyrcanary", "xylophonecanary"];

#[test]
fn an_erasure_or_a_withdrawn_consent_that_arrives_by_import_leaves_no_word_in_the_index() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let commission_dir = dir.path().join("commission");
    let mut commission = new_commission(&commission_dir);
    let erased = mission
        .create_case(consenting_canary_case())
        .unwrap_or_else(|e| panic!("{e}"));
    let withdrawn = mission
        .create_case(consenting_canary_case())
        .unwrap_or_else(|e| panic!("{e}"));
    mission
        .create_case(simple_case("Ona", "Other", date(2026, 1, 1)))
        .unwrap_or_else(|e| panic!("{e}"));
    let first = dir.path().join("1.age");
    export(&mut mission, &first, false);
    imported(&mut commission, &first);
    // The names travelled with consent and are in the index now.
    assert_eq!(words_in_index(&commission, &CANARY_WORDS), CANARY_WORDS);

    // At the mission: one case is erased, the other person withdraws the
    // consent to share their identity.
    mission
        .erase_case(&erased.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut case = withdrawn.case.clone();
    case.consent.share_identifiable_with_commission = Some(false);
    mission
        .update_case(withdrawn.meta.id, case, withdrawn.meta.revision)
        .unwrap_or_else(|e| panic!("{e}"));
    let second = dir.path().join("2.age");
    export(&mut mission, &second, false);
    let report = imported(&mut commission, &second);
    assert_eq!((report.counts.erased, report.counts.updated), (1, 1));
    assert_eq!(
        commission
            .get_case(&withdrawn.meta.reference)
            .unwrap_or_else(|e| panic!("{e}"))
            .case
            .person
            .given_name,
        None
    );
    assert!(
        commission
            .search_cases("quetzalcanary", 10)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );

    // Not even the index's vocabulary remembers the words, and no file of
    // the commission's folder holds them.
    assert_eq!(
        words_in_index(&commission, &CANARY_WORDS),
        Vec::<String>::new()
    );
    drop(commission);
    for needle in [
        "Quetzalcanary",
        "Zephyrcanary",
        "xylophonecanary",
        "Žemaitytė",
    ] {
        assert!(
            files_containing(&commission_dir, needle).is_empty(),
            "{needle} found in the commission's folder"
        );
    }
}

#[test]
fn a_key_approved_for_one_mission_does_not_register_another_code() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let key = signing_key(3);
    let write = |name: &str, code: &str| -> PathBuf {
        let file = dir.path().join(name);
        let body = vec![case_line(code, 1, |_| {})];
        std::fs::write(&file, craft(code, &body, &key, |_| {})).unwrap_or_else(|e| panic!("{e}"));
        file
    };
    let london = write("lon.age", "LT-LON");
    let riga = write("rig.age", "LT-RIG");

    // The analyst compared the fingerprint with London and approved it.
    let fingerprint = exchange::key_fingerprint(&key.verifying_key().to_bytes());
    let approved = Approval::Missions(vec![
        format!("LT-LON:{fingerprint}")
            .parse::<MissionApproval>()
            .unwrap_or_else(|e| panic!("{e}")),
    ]);
    let report = exchange::import(&mut commission, &london, &approved, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.counts.new, 1);

    // The same approval does not let the same key speak for Riga.
    let refused = exchange::import(&mut commission, &riga, &approved, &mut |_| {});
    assert!(
        matches!(&refused, Err(Error::UnknownMission(m)) if m.code == "LT-RIG"),
        "{refused:?}"
    );
    let codes: Vec<String> = commission
        .missions()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|m| m.code)
        .collect();
    assert_eq!(codes, ["LT-LON"]);
}

#[test]
fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    assert_eq!(
        exchange::max_import_mib(&commission).ok(),
        Some(exchange::DEFAULT_MAX_IMPORT_MIB)
    );
    assert!(exchange::set_max_import_mib(&mut commission, 0).is_err());
    exchange::set_max_import_mib(&mut commission, 1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(exchange::max_import_mib(&commission).ok(), Some(1));

    // Two MiB and a byte that are not even an export: refused for their size.
    let file = dir.path().join("big.age");
    std::fs::write(&file, vec![b'x'; (2 << 20) + 1]).unwrap_or_else(|e| panic!("{e}"));
    for result in [
        exchange::verify(&commission, &file, &mut |_| {}).map(|_| ()),
        import(&mut commission, &file).map(|_| ()),
    ] {
        let Err(error) = result else {
            panic!("a file over the limit was accepted");
        };
        assert!(
            matches!(
                error,
                Error::TooLarge {
                    size_mib: 3,
                    limit_mib: 1
                }
            ),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("--max-size"), "{message}");
    }
    // With the limit raised, the same file is read, and refused for what it is.
    exchange::set_max_import_mib(&mut commission, 4).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        import(&mut commission, &file),
        Err(Error::NotAnExport)
    ));
    let changes = commission
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .filter(|e| e.action == "import-limit-changed")
        .count();
    assert_eq!(changes, 2);
    assert_eq!(commission.case_count().ok(), Some(0));
}

/// The chain of limits (`casebook::domain::limits`): the largest case that
/// validation lets a mission store travels, with consent and without, and
/// the commission imports it.
#[test]
fn the_largest_case_validation_accepts_is_exported_and_imported() {
    use casebook::domain::limits::MAX_CASE_JSON_BYTES;
    use casebook::domain::{FollowUp, FollowUpKind};
    let json_len =
        |case: &Case| serde_json::to_vec(case).map_or_else(|e| panic!("{e}"), |v| v.len());
    let mut case = fixture_case("case-full.json");
    // `false` is the longer answer: the case with consent is a byte shorter.
    case.consent.share_identifiable_with_commission = Some(false);
    while MAX_CASE_JSON_BYTES - json_len(&case) > 1000 {
        case.follow_ups.push(FollowUp {
            date: date(2026, 11, 25),
            kind: FollowUpKind::InPerson,
            officer: Some("J. Jonaitis".into()),
            summary: Some(String::new()),
            next_action: None,
            next_action_due: None,
        });
        let room = MAX_CASE_JSON_BYTES - json_len(&case);
        if let Some(last) = case.follow_ups.last_mut() {
            last.summary = Some("x".repeat(room.min(100_000)));
        }
    }
    assert_eq!(json_len(&case), MAX_CASE_JSON_BYTES);

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let mut shared = case.clone();
    shared.consent.share_identifiable_with_commission = Some(true);
    for case in [shared, case] {
        mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    }
    let file = dir.path().join("export.age");
    let summary = export(&mut mission, &file, false);
    assert_eq!((summary.counts.cases, summary.counts.redacted), (2, 1));
    let report = imported(&mut commission, &file);
    assert_eq!(report.counts.new, 2);
    assert_eq!(state(&commission), expected_at_commission(&mission));
}

/// Anyone who knows the commission's public key can sign a file in a new
/// mission's name: until its key is approved, `verify` reads no record of
/// it (as `import` asks for the approval first), and names the code and
/// fingerprint to check. Once approved, the same file is read in full.
#[test]
fn verify_reads_no_record_of_a_file_from_a_mission_not_yet_approved() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let file = dir.path().join("new.age");
    // A record that fails validation: reading it would refuse the file.
    let body = vec![
        case_line("XX-NEW", 1, |_| {}),
        case_line("XX-NEW", 2, |c| {
            c["first_contact"]["date"] = "2099-01-01".into();
        }),
    ];
    std::fs::write(&file, craft("XX-NEW", &body, &signing_key(3), |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));

    let verified =
        exchange::verify(&commission, &file, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(verified.status, exchange::MissionStatus::NotYetApproved);
    assert_eq!(verified.would, None);
    assert_eq!(verified.mission.code, "XX-NEW");
    assert_eq!(
        verified.mission.fingerprint,
        exchange::key_fingerprint(&signing_key(3).verifying_key().to_bytes())
    );

    // Approved, the mission's records are read, and the bad one named.
    let refused = import(&mut commission, &file);
    assert!(
        matches!(&refused, Err(Error::InvalidRecord { line: 3, .. })),
        "{refused:?}"
    );
    let good = dir.path().join("good.age");
    std::fs::write(&good, craft("XX-NEW", &body[..1], &signing_key(3), |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));
    imported(&mut commission, &good);
    let verified = exchange::verify(&commission, &file, &mut |_| {});
    assert!(
        matches!(&verified, Err(Error::InvalidRecord { line: 3, .. })),
        "{verified:?}"
    );
}

/// Codes such as `LT-LON-2` or `LTLON` were registered before the form of a
/// mission code was required at import: such a mission's files still
/// import, while a new mission with a code of that kind is refused.
#[test]
fn a_mission_registered_before_the_code_form_was_required_still_imports() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    for (seed, code) in [(4u8, "LT-LON-2"), (5, "LTLON")] {
        let key = signing_key(seed);
        let file = dir.path().join(format!("{code}.age"));
        std::fs::write(
            &file,
            craft(code, &[case_line(code, 1, |_| {})], &key, |_| {}),
        )
        .unwrap_or_else(|e| panic!("{e}"));

        // Not registered: a new mission must have a code of the form.
        let refused = import(&mut commission, &file);
        assert!(
            matches!(&refused, Err(Error::NotAMissionCode(c)) if c == code),
            "{code}: {refused:?}"
        );
        let message = refused.err().map_or_else(
            || panic!("it succeeded where it must fail"),
            |e| e.to_string(),
        );
        assert!(!message.contains("not made by Casebook"), "{message}");

        // Registered by an earlier version, as that version wrote it.
        commission
            .diagnostic_connection()
            .execute(
                "INSERT INTO missions (code, name, vault_id, public_key, approved_at, approved_by) \
                 VALUES (?1, 'Older', '0190f000-0000-7000-8000-000000000000', ?2, \
                 '2026-01-01T00:00:00Z', 'A. Analyst')",
                rusqlite::params![code, &key.verifying_key().to_bytes()[..]],
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let verified =
            exchange::verify(&commission, &file, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(verified.status, exchange::MissionStatus::Approved);
        let report = exchange::import(&mut commission, &file, &Approval::Nobody, &mut |_| {})
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(report.counts.new, 1, "{code}");
        assert!(
            commission.get_case(&format!("{code}-2026-0001")).is_ok(),
            "{code}"
        );
    }
}

/// Everything of a commission that an import could change: its cases,
/// erasures and conflicts, the missions it registered, the files it
/// received (as the gaps in a mission's numbers say), its audit log, and
/// its schema (a merge that adds many cases drops indexes for a while).
#[derive(Debug, PartialEq)]
struct Untouched {
    state: State,
    missions: Vec<String>,
    gaps: Vec<(u64, u64)>,
    audit: usize,
    schema: Vec<(String, Option<String>)>,
}

fn untouched(vault: &Vault, mission: &str) -> Untouched {
    let schema = vault
        .diagnostic_connection()
        .prepare("SELECT name, sql FROM sqlite_master ORDER BY name")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    Untouched {
        state: state(vault),
        missions: vault
            .missions()
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|m| m.code)
            .collect(),
        gaps: vault
            .sequence_gaps(mission)
            .unwrap_or_else(|e| panic!("{e}")),
        audit: vault
            .audit_entries()
            .unwrap_or_else(|e| panic!("{e}"))
            .len(),
        schema,
    }
}

fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).file_name())
        .collect();
    names.sort();
    names
}

/// An export is cancelled at each point it reports progress (before the
/// first record, every 500 records, and once the last line is written,
/// before the file is synced and renamed into place): each time it leaves
/// no file, not even its temporary one, and marks nothing as sent. The
/// export after them is whole.
#[test]
fn an_export_cancelled_at_any_point_leaves_no_file_and_marks_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    mission
        .generate_recorded(21, 1001, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let erased = mission
        .list_cases(&casebook::vault::ListQuery {
            limit: 1,
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .rows[0]
        .id;
    mission
        .erase_case(&erased.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let outbox = std::fs::create_dir(dir.path().join("out"))
        .map(|()| dir.path().join("out"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = outbox.join("LT-LON-1.age");
    let pending = mission
        .outgoing_counts(false)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((pending.cases, pending.tombstones), (1000, 1));
    let audit = mission
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .len();

    let mut cancelled_at = Vec::new();
    let summary = (1..)
        .find_map(|point| {
            let cancel = exchange::Cancel::new();
            let mut calls = 0;
            let mut at = None;
            let result =
                exchange::export_cancellable(&mut mission, &out, false, false, &cancel, &mut |p| {
                    calls += 1;
                    if calls == point {
                        cancel.cancel();
                        at = Some(p.done);
                    }
                });
            match result {
                Ok(summary) => Some(summary),
                Err(Error::Cancelled) => {
                    cancelled_at.extend(at);
                    assert_eq!(names_in(&outbox), Vec::<std::ffi::OsString>::new());
                    assert_eq!(
                        mission
                            .outgoing_counts(false)
                            .unwrap_or_else(|e| panic!("{e}")),
                        pending,
                        "cancelled at {point}"
                    );
                    assert_eq!(
                        mission
                            .last_export_sequence()
                            .unwrap_or_else(|e| panic!("{e}")),
                        0
                    );
                    assert_eq!(
                        mission
                            .audit_entries()
                            .unwrap_or_else(|e| panic!("{e}"))
                            .len(),
                        audit
                    );
                    None
                }
                Err(e) => panic!("cancelled at {point}: {e}"),
            }
        })
        .unwrap_or_else(|| panic!("never finished"));
    assert_eq!(cancelled_at, [0, 500, 1000, 1001]);

    assert_eq!(summary.sequence, 1);
    assert_eq!((summary.counts.cases, summary.counts.tombstones), (1000, 1));
    assert_eq!(
        names_in(&outbox),
        [std::ffi::OsString::from("LT-LON-1.age")]
    );
    let after = mission
        .outgoing_counts(false)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((after.cases, after.tombstones), (0, 0));
    let mut commission = new_commission(&dir.path().join("commission"));
    assert_eq!(imported(&mut commission, &out).counts.new, 1000);
    assert_eq!(state(&commission), expected_at_commission(&mission));
}

/// An import is cancelled at each point it reports progress, in each of
/// its three passes, the last one just before its transaction commits:
/// each time the vault is left exactly as it was (no case, no mission, no
/// file received, nothing audited, every index back). The import after
/// them is whole.
#[test]
fn an_import_cancelled_at_any_point_leaves_the_vault_as_it_was() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    mission
        .generate_recorded(22, 1200, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("LT-LON-1.age");
    export(&mut mission, &file, false);
    let mut commission = new_commission(&dir.path().join("commission"));
    let before = untouched(&commission, "LT-LON");
    let mission_identity =
        match exchange::import(&mut commission, &file, &Approval::Nobody, &mut |_| {}) {
            Err(Error::UnknownMission(mission)) => *mission,
            other => panic!("{other:?}"),
        };
    let approval = Approval::Missions(vec![MissionApproval::of(&mission_identity)]);

    let mut cancelled_at = Vec::new();
    let report = (1..)
        .find_map(|point| {
            let cancel = exchange::Cancel::new();
            let mut calls = 0;
            let mut at = None;
            let result = exchange::import_cancellable(
                &mut commission,
                &file,
                &approval,
                &cancel,
                &mut |p| {
                    calls += 1;
                    if calls == point {
                        cancel.cancel();
                        at = Some((p.done, p.total));
                    }
                },
            );
            match result {
                Ok(report) => Some(report),
                Err(Error::Cancelled) => {
                    cancelled_at.extend(at);
                    assert_eq!(
                        untouched(&commission, "LT-LON"),
                        before,
                        "cancelled at {point}"
                    );
                    None
                }
                Err(e) => panic!("cancelled at {point}: {e}"),
            }
        })
        .unwrap_or_else(|| panic!("never finished"));
    // Each pass at 1000 lines and at its end; the merge also at its first
    // line. The last point is the merge's end, after which only the commit
    // is left.
    assert_eq!(cancelled_at.len(), 7, "{cancelled_at:?}");
    let (done, total) = cancelled_at[6];
    assert_eq!(done, total);
    assert_eq!(report.counts.new, 1200);
    assert_ne!(untouched(&commission, "LT-LON"), before);
    assert_eq!(state(&commission), expected_at_commission(&mission));
}

/// Files imported in turn: one share of the progress each, the run stopped
/// at a file from a mission not approved yet with the files left, and a
/// cancel during the second file that keeps the first, merges nothing of
/// the second and does not start the third.
#[test]
fn files_are_imported_in_turn_until_a_question_or_a_cancel() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut files = Vec::new();
    for n in 1..=3u64 {
        mission
            .generate_recorded(30 + n, 20, date(2026, 11, 1))
            .unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join(format!("LT-LON-{n}.age"));
        export(&mut mission, &file, false);
        files.push(file);
    }
    let mut commission = new_commission(&dir.path().join("commission"));
    let never = exchange::Cancel::new();

    // Not approved: the run stops at the first file and hands all back.
    let mut seen = Vec::new();
    let run = exchange::import_files(
        &mut commission,
        &files,
        &Approval::Nobody,
        &never,
        &mut |p| seen.push(p),
    );
    assert!(run.rows.is_empty());
    let question = run.question.unwrap_or_else(|| panic!("no question"));
    assert_eq!(question.mission.code, "LT-LON");
    assert_eq!(question.files, files);
    assert!(seen.iter().all(|p| p.done * 3 <= p.total), "{seen:?}");

    // Approved, with a cancel once the second file's share has begun.
    let approval = Approval::Missions(vec![MissionApproval::of(&question.mission)]);
    let cancel = exchange::Cancel::new();
    let mut seen: Vec<exchange::Progress> = Vec::new();
    let run = exchange::import_files(&mut commission, &files, &approval, &cancel, &mut |p| {
        if p.done * 3 > p.total {
            cancel.cancel();
        }
        seen.push(p);
    });
    assert!(run.question.is_none());
    assert!(run.cancelled());
    let outcomes: Vec<(&Path, bool)> = run
        .rows
        .iter()
        .map(|row| {
            (
                row.file.as_path(),
                match &row.outcome {
                    exchange::FileOutcome::Imported(_) => true,
                    exchange::FileOutcome::Refused(Error::Cancelled) => false,
                    other => panic!("{other:?}"),
                },
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            (files[0].as_path(), true),
            (files[1].as_path(), false),
            (files[2].as_path(), false)
        ]
    );
    assert!(
        seen.windows(2)
            .all(|w| w[0].done <= w[1].done && w[0].total == w[1].total),
        "{seen:?}"
    );
    assert!(seen.iter().all(|p| p.done * 3 < p.total * 2), "{seen:?}");
    // As if only the first file had come.
    let mut first_only = new_commission(&dir.path().join("first-only"));
    imported(&mut first_only, &files[0]);
    assert_eq!(state(&commission), state(&first_only));
    assert_eq!(
        commission
            .sequence_gaps("LT-LON")
            .unwrap_or_else(|e| panic!("{e}")),
        []
    );

    // The rest, imported afterwards, complete the progress.
    let mut seen: Vec<exchange::Progress> = Vec::new();
    let run = exchange::import_files(&mut commission, &files[1..], &approval, &never, &mut |p| {
        seen.push(p)
    });
    assert_eq!(run.rows.len(), 2);
    assert!(!run.cancelled());
    let last = seen
        .last()
        .copied()
        .unwrap_or_else(|| panic!("no progress"));
    assert_eq!(last.done, last.total);
    assert_eq!(state(&commission), expected_at_commission(&mission));
}

/// An erasure at the commission (of a case past its erase-after date)
/// takes the versions set aside for it too: nothing of them is left in any
/// table, and the analyst's list of conflicts still opens.
#[test]
fn erasing_a_case_at_the_commission_takes_its_set_aside_versions() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut case = simple_case("Ona", "Ona", date(2026, 3, 1));
    case.consent.share_identifiable_with_commission = Some(true);
    case.erase_after = Some(date(2027, 1, 15));
    let record = mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    drop(mission);
    copy_vault(&dir.path().join("mission"), &dir.path().join("restored"));
    let files = ["a.age", "b.age"].map(|n| dir.path().join(n));
    for (vault_dir, file, note) in [
        ("mission", &files[0], "first Vilnius version"),
        ("restored", &files[1], "second Vilnius version"),
    ] {
        let mut vault = open(&dir.path().join(vault_dir));
        let mut case = record.case.clone();
        case.notes = Some(note.into());
        vault
            .update_case(record.meta.id, case, 1)
            .unwrap_or_else(|e| panic!("{e}"));
        export(&mut vault, file, true);
    }
    let mut commission = new_commission(&dir.path().join("commission"));
    imported(&mut commission, &files[0]);
    assert_eq!(imported(&mut commission, &files[1]).counts.conflicts, 1);
    let rows = |commission: &Vault| -> i64 {
        commission
            .diagnostic_connection()
            .query_row("SELECT count(*) FROM conflicts", [], |row| row.get(0))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(rows(&commission), 1, "the set-aside version is stored");

    let erased = commission
        .erase_due(date(2030, 1, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(erased.len(), 1);
    assert_eq!(rows(&commission), 0, "the set-aside version is left");
    assert!(
        commission
            .conflicts()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
    let conn = commission.diagnostic_connection();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    for table in tables {
        let found: i64 = conn
            .query_row(
                &format!(
                    "SELECT count(*) FROM \"{table}\" WHERE CAST(\"{table}\" AS TEXT) LIKE '%Vilnius version%'"
                ),
                [],
                |row| row.get(0),
            )
            .unwrap_or(0);
        assert_eq!(found, 0, "{table} keeps the erased text");
    }
}

/// A redacted record's erase-after date reaches the commission cut to the
/// first of its month: the commission counts it to the end of that month,
/// never before the mission's date.
#[test]
fn a_redacted_erase_after_date_is_due_at_the_end_of_its_month() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_mission(&dir.path().join("mission"));
    let mut case = simple_case("Ona", "Ona", date(2026, 3, 1));
    case.erase_after = Some(date(2027, 1, 15));
    mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.age");
    export(&mut mission, &file, true);
    let mut commission = new_commission(&dir.path().join("commission"));
    imported(&mut commission, &file);
    let due = |today| {
        commission
            .erasures_due(today)
            .unwrap_or_else(|e| panic!("{e}"))
            .len()
    };
    assert_eq!(due(date(2027, 1, 16)), 0, "not before the mission's date");
    assert_eq!(due(date(2027, 1, 31)), 0);
    assert_eq!(due(date(2027, 2, 1)), 1);
}

/// A stub stays at its mission: a file carrying one is refused at the
/// commission with a plain message, and nothing of it is stored.
#[test]
fn a_file_carrying_a_stub_is_refused_at_the_commission() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission(&dir.path().join("commission"));
    let line = case_line("LT-RIG", 1, |case| {
        case["held_by_commission"] = serde_json::json!(true);
    });
    let file = dir.path().join("stub.age");
    std::fs::write(&file, craft("LT-RIG", &[line], &signing_key(3), |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));
    let Err(error) = import(&mut commission, &file) else {
        panic!("a file carrying a stub was imported");
    };
    assert!(error.to_string().contains("stub"), "{error}");
    assert_eq!(commission.case_count().unwrap_or_else(|e| panic!("{e}")), 0);
}
