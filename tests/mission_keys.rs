//! The commission's missions over time: the overview (exports received and
//! missing, cases, silence), and a mission's key replaced by phone, rotated
//! with a statement signed by the old key, or revoked.

mod common;

use std::path::{Path, PathBuf};

use casebook::exchange::{self, Error, FileReport};
use casebook::vault::{self, ApprovedHow, KeyStatus, MissionRow, Overwrite, RowStatus, Vault};
use common::*;

struct World {
    dir: tempfile::TempDir,
    commission: Vault,
    recipient: String,
}

impl World {
    fn new() -> World {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let commission = new_commission_vault(&dir.path().join("commission"));
        let recipient =
            exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));
        World {
            dir,
            commission,
            recipient,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn mission(&self, name: &str) -> Vault {
        let mut vault = new_vault(&self.path(name));
        vault
            .set_commission_key(&self.recipient, false)
            .unwrap_or_else(|e| panic!("{e}"));
        vault
    }

    /// Adds a case at `mission` and exports what changed to `name`.
    fn export_one(&self, mission: &mut Vault, name: &str, given: &str) -> PathBuf {
        mission
            .create_case(simple_case(given, "Testaitė", date(2026, 3, 1)))
            .unwrap_or_else(|e| panic!("{e}"));
        self.export(mission, name)
    }

    fn export(&self, mission: &mut Vault, name: &str) -> PathBuf {
        let file = self.path(name);
        exchange::export(mission, &file, false, false, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        file
    }

    fn import(&mut self, file: &Path) -> Result<FileReport, Error> {
        import_as_analyst(&mut self.commission, file)
    }

    fn imported(&mut self, file: &Path) -> FileReport {
        self.import(file)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    }

    fn row(&self, code: &str) -> MissionRow {
        self.commission
            .missions_overview(chrono::Utc::now())
            .unwrap_or_else(|e| panic!("{e}"))
            .missions
            .into_iter()
            .find(|m| m.code == code)
            .unwrap_or_else(|| panic!("no mission {code}"))
    }

    /// What a refused file must leave as it was.
    fn snapshot(&self) -> Snapshot {
        let conn = self.commission.diagnostic_connection();
        let count = |sql: &str| -> i64 {
            conn.query_row(sql, [], |row| row.get(0))
                .unwrap_or_else(|e| panic!("{e}"))
        };
        Snapshot {
            cases: count("SELECT count(*) FROM cases"),
            received: count("SELECT count(*) FROM received_exports"),
            audit: self
                .commission
                .audit_entries()
                .unwrap_or_else(|e| panic!("{e}"))
                .len(),
            keys: self
                .commission
                .mission_keys("LT-LON")
                .unwrap_or_else(|e| panic!("{e}")),
            records: conn
                .prepare("SELECT record FROM case_records ORDER BY case_seq")
                .and_then(|mut stmt| {
                    stmt.query_map([], |row| row.get::<_, Vec<u8>>(0))?
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .unwrap_or_else(|e| panic!("{e}")),
            all_keys: conn
                .prepare(
                    "SELECT seq || mission || fingerprint || hex(coalesce(public_key, x'')) || status \
                     || coalesce(accept_epoch, '-') || coalesce(accept_through, '-') FROM mission_keys ORDER BY seq",
                )
                .and_then(|mut stmt| {
                    stmt.query_map([], |row| row.get::<_, String>(0))?
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .unwrap_or_else(|e| panic!("{e}")),
        }
    }

    /// Imports `file` expecting a refusal that changes nothing.
    fn refused(&mut self, file: &Path) -> Error {
        let before = self.snapshot();
        let error = match self.import(file) {
            Err(error) => error,
            Ok(report) => panic!("{} was imported: {report:?}", file.display()),
        };
        assert_eq!(
            self.snapshot(),
            before,
            "a refusal changed the vault: {error}"
        );
        error
    }
}

#[derive(Debug, PartialEq)]
struct Snapshot {
    cases: i64,
    received: i64,
    audit: usize,
    keys: Vec<vault::MissionKey>,
    /// Every stored record and every key row of every mission, in full.
    records: Vec<Vec<u8>>,
    all_keys: Vec<String>,
}

fn fingerprint(vault: &Vault) -> String {
    exchange::key_fingerprint(
        &exchange::mission_public_key(vault).unwrap_or_else(|e| panic!("{e}")),
    )
}

#[test]
fn exports_1_and_3_received_leave_2_missing_and_a_silent_mission_is_marked() {
    let mut world = World::new();
    let mut mission = world.mission("mission");
    let files: Vec<PathBuf> = ["Ona", "Rūta", "Eglė"]
        .iter()
        .enumerate()
        .map(|(n, given)| world.export_one(&mut mission, &format!("{}.age", n + 1), given))
        .collect();
    world.imported(&files[0]);
    world.imported(&files[2]);

    let row = world.row("LT-LON");
    assert_eq!(row.name, "Embassy in London");
    assert_eq!(row.fingerprint, fingerprint(&mission));
    assert_eq!(row.status, RowStatus::Approved);
    assert_eq!(row.last_export, Some(3));
    assert_eq!(row.missing, vec![(2, 2)]);
    assert_eq!(row.missing_text(), "2");
    assert_eq!(row.cases, 2);
    assert_eq!(row.days_since_last_file, Some(0));
    assert!(!row.silent);
    world.imported(&files[1]);
    assert_eq!(world.row("LT-LON").missing, vec![]);

    // The last file arrived 100 days ago: silent past the default 90 days,
    // not past a threshold of 120.
    let long_ago = (chrono::Utc::now() - chrono::Duration::days(100))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    world
        .commission
        .diagnostic_connection()
        .execute("UPDATE received_exports SET imported_at = ?1", [&long_ago])
        .unwrap_or_else(|e| panic!("{e}"));
    let row = world.row("LT-LON");
    assert_eq!(row.days_since_last_file, Some(100));
    assert!(row.silent);
    world
        .commission
        .set_silent_after_days(120)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!world.row("LT-LON").silent);
    assert!(world.commission.set_silent_after_days(0).is_err());
}

#[test]
fn a_key_replaced_by_phone_imports_from_its_first_file_and_the_old_keys_files_are_refused() {
    let mut world = World::new();
    let mut old = world.mission("old");
    let first = world.export_one(&mut old, "old-1.age", "Ona");
    let late = world.export_one(&mut old, "old-2.age", "Rūta");
    world.imported(&first);
    drop(old);

    // The mission rebuilt its vault: a new key, the same code.
    let mut rebuilt = world.mission("rebuilt");
    let new_file = world.export(&mut rebuilt, "new-1.age");
    let new_fingerprint = fingerprint(&rebuilt);
    let error = world.refused(&new_file);
    assert!(
        matches!(&error, Error::WrongMissionKey(m) if m.fingerprint == new_fingerprint),
        "{error}"
    );
    assert!(error.to_string().contains("--replace-key"), "{error}");

    let replaced = world
        .commission
        .replace_mission_key("LT-LON", &new_fingerprint)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(replaced.approved.fingerprint, new_fingerprint);
    assert_eq!(
        replaced.previous.map(|p| p.status),
        Some(KeyStatus::Replaced)
    );
    let row = world.row("LT-LON");
    assert!(row.awaiting_first_file);
    assert_eq!(row.status, RowStatus::ApprovedByPhone);

    // The old key's file not imported before is refused; the one imported
    // before says so and changes nothing.
    let error = world.refused(&late);
    assert!(
        matches!(&error, Error::ReplacedMissionKey { code, .. } if code == "LT-LON"),
        "{error}"
    );
    // The way back, if the old key must speak for the mission again.
    assert!(
        error
            .to_string()
            .contains("missions --replace-key \"LT-LON:FINGERPRINT\""),
        "{error}"
    );
    let again = world.imported(&first);
    assert!(again.duplicate_of.is_some());

    world.imported(&new_file);
    let row = world.row("LT-LON");
    assert!(!row.awaiting_first_file);
    assert_eq!(row.fingerprint, new_fingerprint);
    // The mission's earlier case is still its own.
    assert_eq!(row.cases, 1);
    let keys = world
        .commission
        .mission_keys("LT-LON")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        keys.iter()
            .map(|k| (k.status, k.approved_how))
            .collect::<Vec<_>>(),
        vec![
            (KeyStatus::Replaced, ApprovedHow::FirstImport),
            (KeyStatus::Approved, ApprovedHow::Phone)
        ]
    );
    let actions: Vec<String> = world
        .commission
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.iter().any(|a| a == "mission-key-replaced"),
        "{actions:?}"
    );
}

#[test]
fn a_rotated_key_is_accepted_with_its_statement_and_refused_without_it() {
    let mut world = World::new();
    let mut mission = world.mission("mission");
    let first = world.export_one(&mut mission, "1.age", "Ona");
    let second = world.export_one(&mut mission, "2.age", "Rūta");
    world.imported(&first);
    let old_fingerprint = fingerprint(&mission);
    // A copy of the vault as it was before the rotation: it still holds the
    // old key.
    drop(mission);
    copy_vault(&world.path("mission"), &world.path("before-rotation"));
    let mut mission = open(&world.path("mission"));

    let rotated = rotate(&world, &mut mission);
    assert_eq!(rotated.old_fingerprint, old_fingerprint);
    assert_eq!(rotated.after_sequence, 2);
    let new_fingerprint = fingerprint(&mission);
    assert_ne!(new_fingerprint, old_fingerprint);
    let third = world.export_one(&mut mission, "3.age", "Eglė");

    // The commission knows only the old key; a file of the new key
    // without the statement is an unknown key, with the approval hint.
    mission
        .diagnostic_connection()
        .execute(
            "DELETE FROM settings WHERE key = 'signing_key_rotations'",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let bare = world.export_one(&mut mission, "4-without-statement.age", "Aušra");
    let error = world.refused(&bare);
    assert!(
        matches!(&error, Error::WrongMissionKey(m) if m.fingerprint == new_fingerprint),
        "{error}"
    );
    assert!(error.to_string().contains("--replace-key"), "{error}");

    // With the statement: accepted without a phone call.
    let report = world.imported(&third);
    assert_eq!(report.counts.new, 1);
    let row = world.row("LT-LON");
    assert_eq!(row.fingerprint, new_fingerprint);
    assert_eq!(row.status, RowStatus::ApprovedByRotation);
    // The statement said the old key signed up to export 2, not received.
    assert_eq!(row.missing, vec![(2, 2)]);
    let keys = world
        .commission
        .mission_keys("LT-LON")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].accept_through, Some(2));
    assert_eq!(keys[1].approved_how, ApprovedHow::Rotation);
    // The old key's export 2, made before the rotation, still imports.
    assert_eq!(world.imported(&second).counts.new, 1);
    // The copy from before the rotation signs export 3 with the old key:
    // past what the statement allows.
    let mut stale = open(&world.path("before-rotation"));
    let forged = world.export_one(&mut stale, "3-old-key.age", "Vilija");
    let error = world.refused(&forged);
    assert!(
        matches!(&error, Error::ReplacedMissionKey { .. }),
        "{error}"
    );
    // Once the new key is approved, its files need no statement.
    assert_eq!(world.imported(&bare).counts.new, 1);
}

#[test]
fn a_restored_mission_keeps_its_rotation_and_one_restored_from_before_it_is_refused() {
    let mut world = World::new();
    let mut mission = world.mission("mission");
    let first = world.export_one(&mut mission, "1.age", "Ona");
    world.imported(&first);
    let before = world.path("before.cbk");
    mission.backup_to(&before).unwrap_or_else(|e| panic!("{e}"));
    rotate(&world, &mut mission);
    let rotated_fingerprint = fingerprint(&mission);
    let after = world.path("after.cbk");
    mission.backup_to(&after).unwrap_or_else(|e| panic!("{e}"));
    let second = world.export_one(&mut mission, "2.age", "Rūta");
    world.imported(&second);
    drop(mission);

    // Restored from the backup made after the rotation: the same new key,
    // a new restore epoch; its exports import.
    vault::restore(&after, &world.path("mission"), Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut restored = open(&world.path("mission"));
    assert!(
        restored
            .restore_epoch()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_some()
    );
    assert_eq!(fingerprint(&restored), rotated_fingerprint);
    let third = world.export_one(&mut restored, "3-restored.age", "Eglė");
    assert_eq!(world.imported(&third).counts.new, 1);
    drop(restored);

    // Restored from the backup made before it: the old key, in a restore
    // epoch after the rotation; refused, naming the replaced key.
    vault::restore(&before, &world.path("mission"), Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut restored = open(&world.path("mission"));
    let stale = world.export_one(&mut restored, "2-stale.age", "Vilija");
    let error = world.refused(&stale);
    assert!(
        matches!(&error, Error::ReplacedMissionKey { .. }),
        "{error}"
    );
}

/// `rotate-key` writes the backup that holds the new key in the same step:
/// the laptop lost right after, the vault restored from that backup signs
/// with the rotated key and the commission takes its files, and an export
/// the old key made before the rotation still imports.
#[test]
fn the_backup_a_rotation_writes_restores_a_vault_whose_files_import() {
    let mut world = World::new();
    let mut mission = world.mission("mission");
    let first = world.export_one(&mut mission, "1.age", "Ona");
    world.imported(&first);
    // Made before the rotation, still in transit.
    let second = world.export_one(&mut mission, "2.age", "Rūta");
    let backup = world.path("rotation.cbk");
    exchange::rotate_signing_key(&mut mission, &backup).unwrap_or_else(|e| panic!("{e}"));
    let rotated = fingerprint(&mission);
    drop(mission);
    std::fs::remove_dir_all(world.path("mission")).unwrap_or_else(|e| panic!("{e}"));

    vault::restore(&backup, &world.path("rebuilt"), Overwrite::Never)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut restored = open(&world.path("rebuilt"));
    assert_eq!(fingerprint(&restored), rotated);
    assert!(!restored.signing_key_unbacked().unwrap_or(true));
    assert_eq!(world.imported(&second).counts.new, 1);
    let third = world.export_one(&mut restored, "3.age", "Eglė");
    assert_eq!(world.imported(&third).counts.new, 1);
    assert_eq!(world.row("LT-LON").cases, 3);
}

#[test]
fn a_revoked_keys_files_are_refused_except_those_up_to_after() {
    let mut world = World::new();
    let mut mission = world.mission("mission");
    let files: Vec<PathBuf> = ["Ona", "Rūta", "Eglė"]
        .iter()
        .enumerate()
        .map(|(n, given)| world.export_one(&mut mission, &format!("{}.age", n + 1), given))
        .collect();
    world.imported(&files[0]);

    let revoked = world
        .commission
        .revoke_mission_key("LT-LON", Some(2))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(revoked.status, KeyStatus::Revoked);
    assert_eq!(world.row("LT-LON").status, RowStatus::Revoked);
    let error = world.refused(&files[2]);
    let day = revoked.retired_at.unwrap_or_default()[..10].to_owned();
    assert!(
        matches!(&error, Error::RevokedMissionKey { code, revoked_on } if code == "LT-LON" && *revoked_on == day),
        "{error}"
    );
    assert!(error.to_string().contains("revoked on"), "{error}");
    // Export 2 was made before the theft: the analyst chose to take it.
    assert_eq!(world.imported(&files[1]).counts.new, 1);
    // Imported before: the same answer, nothing changed.
    assert!(world.imported(&files[0]).duplicate_of.is_some());

    // Without --after nothing more is taken.
    let mut strict = World::new();
    let mut mission2 = strict.mission("mission");
    let a = strict.export_one(&mut mission2, "a.age", "Ona");
    let b = strict.export_one(&mut mission2, "b.age", "Rūta");
    strict.imported(&a);
    strict
        .commission
        .revoke_mission_key("LT-LON", None)
        .unwrap_or_else(|e| panic!("{e}"));
    strict.refused(&b);
    let actions: Vec<(String, Option<String>)> = strict
        .commission
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|e| (e.action, e.subject))
        .collect();
    assert!(
        actions.contains(&("mission-key-revoked".into(), Some("LT-LON".into()))),
        "{actions:?}"
    );
    // A revoked key cannot be approved again; a new one can.
    let old = fingerprint(&mission2);
    assert!(
        strict
            .commission
            .replace_mission_key("LT-LON", &old)
            .is_err()
    );
    let new = "AB12".repeat(8);
    let replaced = strict
        .commission
        .replace_mission_key("LT-LON", &new)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(replaced.approved.fingerprint, "AB12 ".repeat(8).trim());
    // The revoked key is still refused.
    strict.refused(&b);
}

/// A change made to a signed statement.
type Edit = fn(&mut exchange::KeyRotation);

/// Rotates the mission's signing key, writing its backup beside the other
/// files of the test.
fn rotate(world: &World, mission: &mut Vault) -> exchange::RotationSummary {
    let backup = world.path(&format!("rotation-{}.cbk", uuid::Uuid::now_v7()));
    exchange::rotate_signing_key(mission, &backup).unwrap_or_else(|e| panic!("{e}"))
}

/// The mission's signing seed, as a thief holding its vault and passphrase
/// reads it.
fn seed_of(vault: &Vault) -> [u8; 32] {
    let text: String = vault
        .diagnostic_connection()
        .query_row(
            "SELECT value FROM settings WHERE key = 'signing_key'",
            [],
            |row| row.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let mut seed = [0u8; 32];
    hex::decode_to_slice(text, &mut seed).unwrap_or_else(|e| panic!("{e}"));
    seed
}

/// Rewrites the last rotation statement `vault` carries with `edit`, and
/// signs it again with `old_seed`, as the holder of the old key can.
fn forge_last_statement(
    vault: &Vault,
    old_seed: &[u8; 32],
    edit: impl Fn(&mut exchange::KeyRotation),
) {
    use ed25519_dalek::Signer;
    let conn = vault.diagnostic_connection();
    let json: String = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'signing_key_rotations'",
            [],
            |row| row.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let mut statements: Vec<exchange::KeyRotation> =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let last = statements
        .last_mut()
        .unwrap_or_else(|| panic!("no statement"));
    edit(last);
    let key = ed25519_dalek::SigningKey::from_bytes(old_seed);
    last.signature = hex::encode(key.sign(&last.signed_bytes("LT-LON")).to_bytes());
    conn.execute(
        "UPDATE settings SET value = ?1 WHERE key = 'signing_key_rotations'",
        [serde_json::to_string(&statements).unwrap_or_else(|e| panic!("{e}"))],
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Review finding 1: the old key's window is what its holder signed, so it
/// must never take a number already received, and a revocation (a theft
/// that went through a rotation) must close it.
#[test]
fn a_rotated_keys_window_takes_no_received_number_and_a_revocation_closes_it() {
    let mut world = World::new();
    let mission = world.mission("mission");
    drop(mission);
    // A copy made before export 1: its own export 1, a different file.
    copy_vault(&world.path("mission"), &world.path("copy"));
    let mut mission = open(&world.path("mission"));
    let files: Vec<PathBuf> = ["Ona", "Rūta", "Eglė"]
        .iter()
        .enumerate()
        .map(|(n, given)| world.export_one(&mut mission, &format!("{}.age", n + 1), given))
        .collect();
    world.imported(&files[0]);
    // Someone holding the vault rotates its key (after export 3), and the
    // next file, signed by the new key, carries the statement.
    rotate(&world, &mut mission);
    let fourth = world.export_one(&mut mission, "4.age", "Aušra");
    world.imported(&fourth);
    assert_eq!(
        world
            .commission
            .mission_keys("LT-LON")
            .unwrap_or_else(|e| panic!("{e}"))[0]
            .accept_through,
        Some(3)
    );

    // Another file numbered 1, signed by the old key: 1 was received.
    let mut copy = open(&world.path("copy"));
    let other_first = world.export_one(&mut copy, "1-other.age", "Vilija");
    let error = world.refused(&other_first);
    assert!(
        matches!(&error, Error::ReplacedMissionKey { .. }),
        "{error}"
    );
    // Export 2, in transit when the key rotated, is taken.
    assert_eq!(world.imported(&files[1]).counts.new, 1);

    // The rotation was a thief's: the analyst revokes the key it approved.
    // The old key's export 3, though inside the statement's window, is now
    // refused as well.
    world
        .commission
        .revoke_mission_key("LT-LON", None)
        .unwrap_or_else(|e| panic!("{e}"));
    let error = world.refused(&files[2]);
    assert!(
        matches!(&error, Error::ReplacedMissionKey { .. }),
        "{error}"
    );
    assert!(
        world
            .commission
            .mission_keys("LT-LON")
            .unwrap_or_else(|e| panic!("{e}"))
            .iter()
            .all(|k| k.accept_through.is_none())
    );
}

/// Review finding 1 (a): a statement whose window does not fit the file
/// carrying it is refused, not taken as the old key's window.
#[test]
fn a_statement_that_does_not_fit_its_file_is_refused() {
    let cases: [(&str, Edit); 3] = [
        // An epoch later than any real one: every epoch would come before it.
        ("a far epoch", |s| {
            s.epoch = Some("99991231T235959Z-ZZZZ".into());
            s.after_sequence = 1_000_000;
        }),
        // Not an epoch at all.
        ("no epoch", |s| s.epoch = Some("-".into())),
        // In the file's own epoch, a number at or past the file's.
        ("past the file", |s| s.after_sequence = 1_000_000),
    ];
    for (what, edit) in cases {
        let mut world = World::new();
        let mut mission = world.mission("mission");
        world.imported(&world.export_one(&mut mission, "1.age", "Ona"));
        let old_seed = seed_of(&mission);
        rotate(&world, &mut mission);
        forge_last_statement(&mission, &old_seed, edit);
        let file = world.export_one(&mut mission, "2.age", "Rūta");
        let error = world.refused(&file);
        assert!(matches!(&error, Error::BadRotation(_)), "{what}: {error}");
    }
}

/// Review finding 2: `--after` is placed in the epoch of the revoked key's
/// own files (here a rebuilt vault's, never restored, while the old vault's
/// last files came in a restore epoch), and takes only numbers of it that
/// no file brought yet.
#[test]
fn after_takes_only_numbers_not_yet_received_in_the_revoked_keys_own_epoch() {
    let mut world = World::new();
    // The old vault, restored once: its last file is in a restore epoch.
    let mut old = world.mission("old");
    world.imported(&world.export_one(&mut old, "old-1.age", "Ona"));
    let backup = world.path("old.cbk");
    old.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
    drop(old);
    vault::restore(&backup, &world.path("old"), Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut old = open(&world.path("old"));
    world.imported(&world.export_one(&mut old, "old-2.age", "Rūta"));
    drop(old);

    // The rebuilt vault, approved by phone; its files have no epoch.
    let rebuilt = world.mission("rebuilt");
    drop(rebuilt);
    copy_vault(&world.path("rebuilt"), &world.path("rebuilt-copy"));
    let mut rebuilt = open(&world.path("rebuilt"));
    world
        .commission
        .replace_mission_key("LT-LON", &fingerprint(&rebuilt))
        .unwrap_or_else(|e| panic!("{e}"));
    let first = world.export(&mut rebuilt, "new-1.age");
    world.imported(&first);
    let after_first = world.path("rebuilt.cbk");
    rebuilt
        .backup_to(&after_first)
        .unwrap_or_else(|e| panic!("{e}"));
    let second = world.export(&mut rebuilt, "new-2.age");
    let third = world.export(&mut rebuilt, "new-3.age");
    drop(rebuilt);

    world
        .commission
        .revoke_mission_key("LT-LON", Some(2))
        .unwrap_or_else(|e| panic!("{e}"));
    // Export 2 was in transit: taken.
    assert!(world.imported(&second).duplicate_of.is_none());
    // 3 is past what the analyst chose.
    let error = world.refused(&third);
    assert!(matches!(&error, Error::RevokedMissionKey { .. }), "{error}");
    // Another file numbered 1, signed by the revoked key: 1 was received.
    let mut copy = open(&world.path("rebuilt-copy"));
    let other = world.export_one(&mut copy, "other-1.age", "Vilija");
    let error = world.refused(&other);
    assert!(matches!(&error, Error::RevokedMissionKey { .. }), "{error}");
    // The revoked key in another epoch (its vault restored), numbered 2.
    vault::restore(&after_first, &world.path("rebuilt"), Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut restored = open(&world.path("rebuilt"));
    let epoch_two = world.export_one(&mut restored, "epoch-2.age", "Aušra");
    let error = world.refused(&epoch_two);
    assert!(matches!(&error, Error::RevokedMissionKey { .. }), "{error}");
}

/// Review finding 3: a rebuilt vault, its key approved by phone, counts its
/// exports from 1 again: its numbers are a series of their own, not mixed
/// with the old vault's. What it cannot do yet: its references count from
/// 0001 again too, so its first case collides with the old vault's and the
/// file is refused as a whole (the reply file's high-water marks let a
/// rebuilt mission move its counters past the commission's).
#[test]
fn a_rebuilt_vault_counts_its_own_exports_and_its_first_case_collides_with_the_old_vaults() {
    let mut world = World::new();
    let mut old = world.mission("old");
    let files: Vec<PathBuf> = ["Ona", "Rūta", "Eglė"]
        .iter()
        .enumerate()
        .map(|(n, given)| world.export_one(&mut old, &format!("old-{}.age", n + 1), given))
        .collect();
    world.imported(&files[0]);
    world.imported(&files[2]);
    let row = world.row("LT-LON");
    assert_eq!((row.last_export, row.missing), (Some(3), vec![(2, 2)]));
    drop(old);

    let mut rebuilt = world.mission("rebuilt");
    world
        .commission
        .replace_mission_key("LT-LON", &fingerprint(&rebuilt))
        .unwrap_or_else(|e| panic!("{e}"));
    let first = world.export(&mut rebuilt, "new-1.age");
    let report = world.imported(&first);
    assert_eq!(report.gaps, vec![]);
    let row = world.row("LT-LON");
    assert_eq!((row.last_export, row.missing), (Some(1), vec![]));

    // The rebuilt vault's first case is LT-LON-…-0001, as the old one's.
    let second = world.export_one(&mut rebuilt, "new-2.age", "Vilija");
    let error = world.refused(&second);
    assert!(
        error
            .to_string()
            .contains("is already used by another case"),
        "{error}"
    );
    let row = world.row("LT-LON");
    assert_eq!((row.last_export, row.cases), (Some(1), 2));
}

/// The statements `vault` carries.
fn statements_of(vault: &Vault) -> Vec<exchange::KeyRotation> {
    let json: String = vault
        .diagnostic_connection()
        .query_row(
            "SELECT value FROM settings WHERE key = 'signing_key_rotations'",
            [],
            |row| row.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"))
}

fn set_statements(vault: &Vault, statements: &[exchange::KeyRotation]) {
    vault
        .diagnostic_connection()
        .execute(
            "UPDATE settings SET value = ?1 WHERE key = 'signing_key_rotations'",
            [serde_json::to_string(statements).unwrap_or_else(|e| panic!("{e}"))],
        )
        .unwrap_or_else(|e| panic!("{e}"));
}

/// A statement `old_seed`'s key signs for LT-LON, after export 1.
fn signed_statement(old_seed: &[u8; 32], new_key: &[u8; 32]) -> exchange::KeyRotation {
    use ed25519_dalek::Signer;
    let old = ed25519_dalek::SigningKey::from_bytes(old_seed);
    let mut statement = exchange::KeyRotation {
        old_key: hex::encode(old.verifying_key().to_bytes()),
        new_key: hex::encode(new_key),
        rotated_at: "2026-12-01T10:00:00Z".into(),
        epoch: None,
        after_sequence: 1,
        signature: String::new(),
    };
    statement.signature = hex::encode(old.sign(&statement.signed_bytes("LT-LON")).to_bytes());
    statement
}

/// Review finding 4: one signed statement has one reading, and a statement
/// written otherwise than a mission writes it is refused.
#[test]
fn a_statement_not_written_as_a_mission_writes_it_is_refused() {
    let cases: [(&str, Edit); 4] = [
        ("capitals", |s| s.new_key = s.new_key.to_uppercase()),
        ("an offset", |s| {
            s.rotated_at = "2026-12-01T12:00:00+02:00".into();
        }),
        ("a line break", |s| {
            s.rotated_at = "2026-12-01T10:00:00Z\n-".into();
        }),
        ("fractions", |s| {
            s.rotated_at = "2026-12-01T10:00:00.5Z".into()
        }),
    ];
    for (what, edit) in cases {
        let mut world = World::new();
        let mut mission = world.mission("mission");
        world.imported(&world.export_one(&mut mission, "1.age", "Ona"));
        let old_seed = seed_of(&mission);
        rotate(&world, &mut mission);
        forge_last_statement(&mission, &old_seed, edit);
        let file = world.export_one(&mut mission, "2.age", "Rūta");
        let error = world.refused(&file);
        assert!(matches!(&error, Error::BadRotation(_)), "{what}: {error}");
    }

    // More statements than any mission makes.
    let mut world = World::new();
    let mut mission = world.mission("mission");
    world.imported(&world.export_one(&mut mission, "1.age", "Ona"));
    rotate(&world, &mut mission);
    let one = statements_of(&mission);
    set_statements(&mission, &vec![one[0].clone(); 65]);
    let file = world.export_one(&mut mission, "2.age", "Rūta");
    let error = world.refused(&file);
    assert!(matches!(&error, Error::BadRotation(_)), "{error}");
}

/// Review finding 4: a chain through a key the mission had already is a
/// refusal that names the statement, not a database error.
#[test]
fn a_statement_naming_a_key_the_mission_had_is_refused() {
    let mut world = World::new();
    // The mission's first vault and key K, then a rebuilt vault, key A,
    // approved by phone.
    let mut first = world.mission("first");
    world.imported(&world.export_one(&mut first, "k-1.age", "Ona"));
    let k_seed = seed_of(&first);
    let k = exchange::mission_public_key(&first).unwrap_or_else(|e| panic!("{e}"));
    drop(first);
    let mut mission = world.mission("mission");
    world
        .commission
        .replace_mission_key("LT-LON", &fingerprint(&mission))
        .unwrap_or_else(|e| panic!("{e}"));
    world.imported(&world.export(&mut mission, "a-1.age"));
    let a_seed = seed_of(&mission);
    // A rotates to X; the statements say A → K → X.
    rotate(&world, &mut mission);
    let x = exchange::mission_public_key(&mission).unwrap_or_else(|e| panic!("{e}"));
    set_statements(
        &mission,
        &[signed_statement(&a_seed, &k), signed_statement(&k_seed, &x)],
    );
    let file = world.export(&mut mission, "x-2.age");
    let error = world.refused(&file);
    assert!(matches!(&error, Error::BadRotation(_)), "{error}");
}

/// Review finding 5: a key change is said before the analyst imports
/// (`verify`) and in the import's report, never a plain "approved".
#[test]
fn the_analyst_is_told_of_a_key_change_before_and_after_importing() {
    let mut world = World::new();
    let mut mission = world.mission("mission");
    let first = world.export_one(&mut mission, "1.age", "Ona");
    let second = world.export_one(&mut mission, "2.age", "Rūta");
    world.imported(&first);
    let old = fingerprint(&mission);
    rotate(&world, &mut mission);
    let new = fingerprint(&mission);
    let third = world.export_one(&mut mission, "3.age", "Eglė");

    let rotated = exchange::KeyNotice::Rotated {
        from: old.clone(),
        to: new.clone(),
        after_sequence: 2,
    };
    let found =
        exchange::verify(&world.commission, &third, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found.key_notice.as_ref(), Some(&rotated));
    let report = world.imported(&third);
    assert_eq!(report.key_notice.as_ref(), Some(&rotated));
    assert!(
        rotated.to_string().contains(&format!("{old} → {new}")),
        "{rotated}"
    );

    // The old key's export 2, taken inside its window: said as well.
    let report = world.imported(&second);
    assert_eq!(
        report.key_notice,
        Some(exchange::KeyNotice::RetiredKeyWindow {
            fingerprint: old,
            revoked: false,
            sequence: 2,
            through: 2,
        })
    );
    // A file of the approved key: nothing to say.
    let fourth = world.export_one(&mut mission, "4.age", "Aušra");
    assert_eq!(world.imported(&fourth).key_notice, None);
}

/// Review finding 6: after a rotation the vault's files no longer hold the
/// old key (the WAL is folded back and emptied), and the audit says which
/// key followed which.
#[test]
fn a_rotation_empties_the_wal_and_audits_both_fingerprints() {
    let world = World::new();
    let mut mission = world.mission("mission");
    let rotated = rotate(&world, &mut mission);
    let wal: Vec<u64> = std::fs::read_dir(world.path("mission"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().ends_with("-wal"))
        .map(|entry| entry.metadata().map(|m| m.len()).unwrap_or(u64::MAX))
        .collect();
    assert!(!wal.is_empty(), "no WAL file: the test shows nothing");
    assert!(wal.iter().all(|len| *len == 0), "{wal:?}");
    let entry = mission
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .find(|e| e.action == "signing-key-rotated")
        .unwrap_or_else(|| panic!("not audited"));
    assert_eq!(
        entry.detail.as_deref(),
        Some(
            format!(
                "{} → {}; exports up to 0 signed by the old key",
                rotated.old_fingerprint, rotated.new_fingerprint
            )
            .as_str()
        )
    );
}

/// Review finding 9: the audit says which key followed which, and what
/// window the old one kept, so that a rotation, a replacement and a
/// revocation can be reconstructed from it (no case content).
#[test]
fn key_changes_are_audited_with_both_fingerprints_and_the_window() {
    let mut world = World::new();
    let mut mission = world.mission("mission");
    let first = world.export_one(&mut mission, "1.age", "Ona");
    world.imported(&first);
    let rotated = rotate(&world, &mut mission);
    world.imported(&world.export_one(&mut mission, "2.age", "Rūta"));
    world
        .commission
        .revoke_mission_key("LT-LON", Some(3))
        .unwrap_or_else(|e| panic!("{e}"));
    let rebuilt = world.mission("rebuilt");
    world
        .commission
        .replace_mission_key("LT-LON", &fingerprint(&rebuilt))
        .unwrap_or_else(|e| panic!("{e}"));
    let detail = |action: &str| -> String {
        world
            .commission
            .audit_entries()
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .find(|e| e.action == action)
            .and_then(|e| e.detail)
            .unwrap_or_else(|| panic!("no {action}"))
    };
    assert_eq!(
        detail("mission-key-rotated"),
        format!(
            "{} → {}; the old key's exports up to 1 of epoch - not yet received still taken",
            rotated.old_fingerprint, rotated.new_fingerprint
        )
    );
    assert_eq!(
        detail("mission-key-revoked"),
        format!(
            "{}; exports up to 3 of epoch - not yet received still accepted",
            rotated.new_fingerprint
        )
    );
    // Revoked: no key was approved when the new one came.
    assert_eq!(
        detail("mission-key-replaced"),
        format!("no approved key → {}", fingerprint(&rebuilt))
    );
}
