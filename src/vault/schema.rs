//! Schema migrations: append-only, keyed on `PRAGMA user_version`, applied in
//! one transaction. Never edit a released migration; add the next one.
//!
//! The SQL is in `schema/migrations.rs`. Some steps need the application
//! as well as SQL, and run in the same transaction: [`pack_records`] after
//! migration 6, the mission keys' first rows after 14, [`fill_sent_exports`]
//! after 15, the signers of exports received after 17, and [`fill_facts`]
//! after every migration that leaves cases without their statistics' facts.

use rusqlite::{Connection, params};

use super::{Error, Result, record};
use crate::domain::Case;
use crate::stats::Facts;

mod migrations;

use migrations::MIGRATIONS;

/// The version whose migration records the signer of each export received
/// ([`super::missions::note_signers`]).
const SIGNERS: u32 = 17;

/// The version whose migration copies the approved keys into
/// `mission_keys` ([`super::missions::copy_first_keys`]).
const MISSION_KEYS: u32 = 14;

/// The version whose migration creates `sent_exports`, which
/// [`fill_sent_exports`] fills from the audit log.
const SENT_EXPORTS_MADE: u32 = 15;

/// The version whose migration [`pack_records`] completes.
const RECORDS_PACKED: u32 = 6;

/// The versions whose migrations leave cases without facts (the table is
/// new, or emptied because the facts changed form): [`fill_facts`] runs
/// once, after the last migration, if any of them was applied.
const FACTS_REMADE: &[u32] = &[3, 5, 8, 9, 19];

/// The schema version this build writes.
pub(crate) const LATEST: u32 = MIGRATIONS.len() as u32;

/// Brings the database to the latest schema, or refuses a newer one.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version > LATEST {
        return Err(Error::VaultNewerThanApp {
            found: version,
            supported: LATEST,
        });
    }
    if version == LATEST {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let mut facts_remade = false;
    for (to, migration) in (version + 1..).zip(&MIGRATIONS[version as usize..]) {
        tx.execute_batch(migration)?;
        if to == RECORDS_PACKED {
            pack_records(&tx)?;
        }
        if to == MISSION_KEYS {
            super::missions::copy_first_keys(&tx)?;
        }
        if to == SENT_EXPORTS_MADE {
            fill_sent_exports(&tx)?;
        }
        if to == SIGNERS {
            super::missions::note_signers(&tx)?;
        }
        facts_remade |= FACTS_REMADE.contains(&to);
    }
    if facts_remade {
        fill_facts(&tx)?;
    }
    tx.pragma_update(None, "user_version", LATEST)?;
    tx.commit()?;
    Ok(())
}

/// Compresses every record of `case_bodies` into `case_records`, in the
/// migration's transaction, and deletes each text as it goes.
///
/// Row by row, in batches: the text of a record is wiped from its page as
/// it is deleted (`secure_delete`), and a single-row statement needs no
/// statement journal. Dropping the full table instead kept the original of
/// every page it zeroed in that journal, in memory: 400 MB at 100,000 cases.
fn pack_records(conn: &Connection) -> Result<()> {
    const BATCH: i64 = 512;
    let mut select = conn.prepare(
        "SELECT case_seq, body FROM case_bodies WHERE case_seq > ?1 ORDER BY case_seq LIMIT ?2",
    )?;
    let mut insert = conn.prepare("INSERT INTO case_records (case_seq, record) VALUES (?1, ?2)")?;
    let mut delete = conn.prepare("DELETE FROM case_bodies WHERE case_seq = ?1")?;
    let mut after = i64::MIN;
    loop {
        let mut batch = Vec::new();
        let mut rows = select.query(rusqlite::params![after, BATCH])?;
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            let body = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
            batch.push((seq, record::pack(body)?));
        }
        drop(rows);
        let Some(&(last, _)) = batch.last() else {
            break;
        };
        for (seq, packed) in &batch {
            insert.execute(rusqlite::params![seq, &packed[..]])?;
            delete.execute([seq])?;
        }
        after = last;
    }
    conn.execute_batch("DROP TABLE case_bodies;")?;
    Ok(())
}

/// Fills `sent_exports` with the exports a mission made before it existed,
/// from the audit log, which recorded each as `export N (KIND): C cases, T
/// erasures` at the time it was made. Their manifest digests were not kept:
/// a receipt is matched to them by number and restore epoch.
fn fill_sent_exports(conn: &Connection) -> Result<()> {
    let setting = |key: &str| -> Result<Option<String>> { super::setting(conn, key) };
    let epoch = setting("restore_epoch")?;
    let epoch_after: u64 = setting("restore_epoch_after_sequence")?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    // Each restore wrote `restore-epoch-started` with its epoch id after
    // the backup's own entries: walking the log in order gives each export
    // the epoch it was made in, however many restores there were. A log
    // without such entries falls back on the current epoch and its number.
    let walked: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit WHERE action = 'restore-epoch-started')",
        [],
        |row| row.get(0),
    )?;
    let mut select = conn.prepare(
        "SELECT at, action, detail FROM audit \
         WHERE action IN ('export', 'restore-epoch-started') ORDER BY seq",
    )?;
    let mut insert = conn.prepare(
        "INSERT OR REPLACE INTO sent_exports (sequence, kind, created_at, cases, tombstones, epoch) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut current: Option<String> = None;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let at: String = row.get(0)?;
        let action: String = row.get(1)?;
        let Some(detail) = row.get::<_, Option<String>>(2)? else {
            continue;
        };
        if action == "restore-epoch-started" {
            if super::is_epoch_id(&detail) {
                current = Some(detail);
            }
            continue;
        }
        let Some((sequence, kind, cases, tombstones)) = parse_export_detail(&detail) else {
            continue;
        };
        let in_epoch = if walked {
            current.as_deref()
        } else {
            epoch.as_deref().filter(|_| sequence > epoch_after)
        };
        insert.execute(params![
            i64::try_from(sequence).unwrap_or(i64::MAX),
            kind,
            at,
            i64::try_from(cases).unwrap_or(i64::MAX),
            i64::try_from(tombstones).unwrap_or(i64::MAX),
            in_epoch
        ])?;
    }
    Ok(())
}

/// `export 3 (incremental): 5 cases, 2 erasures` (`outbox::record_export`).
fn parse_export_detail(detail: &str) -> Option<(u64, String, u64, u64)> {
    let rest = detail.strip_prefix("export ")?;
    let (sequence, rest) = rest.split_once(" (")?;
    let (kind, rest) = rest.split_once("): ")?;
    let (cases, rest) = rest.split_once(" cases, ")?;
    let tombstones = rest.strip_suffix(" erasures")?;
    Some((
        sequence.parse().ok()?,
        kind.to_owned(),
        cases.parse().ok()?,
        tombstones.parse().ok()?,
    ))
}

/// Makes the facts of every case that has none from its record, in the
/// migration's transaction. Needs the latest schema (`case_records`), so it
/// runs after the last migration, not after the one that asked for it.
fn fill_facts(conn: &Connection) -> Result<()> {
    let mut select = conn.prepare(
        "SELECT c.seq, c.origin_mission, r.record FROM cases c JOIN case_records r ON r.case_seq = c.seq \
         WHERE c.seq NOT IN (SELECT case_seq FROM case_facts)",
    )?;
    let mut insert = conn.prepare("INSERT INTO case_facts (case_seq, facts) VALUES (?1, ?2)")?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let seq: i64 = row.get(0)?;
        let mission: String = row.get(1)?;
        let body = record::from_row(row, 2)?;
        let case = Case::from_json(&body)
            .map_err(|e| Error::Damaged(format!("a case cannot be read ({e})")))?;
        insert.execute(params![seq, Facts::of(&case, &mission).encode()])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(conn: &Connection) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master ORDER BY name")
            .unwrap_or_else(|e| panic!("{e}"));
        stmt.query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_owner_filters_read_the_owner_index() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        migrate(&mut conn)?;
        for sql in [
            "SELECT count(*) FROM cases WHERE coalesce(owner, created_by) = 'A' \
             AND status NOT IN ('Closed', 'ClosedReferred')",
            "SELECT c.seq FROM cases c WHERE coalesce(c.owner, c.created_by) = 'A'",
        ] {
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?
                .query_map([], |row| row.get::<_, String>(3))?
                .collect::<rusqlite::Result<_>>()?;
            assert!(
                plan.iter().any(|step| step.contains("cases_by_owner")),
                "{sql}: {plan:?}"
            );
        }
        Ok(())
    }

    #[test]
    fn migrating_twice_is_a_no_op() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        migrate(&mut conn)?;
        let first = tables(&conn);
        migrate(&mut conn)?;
        assert_eq!(tables(&conn), first);
        assert!(first.iter().any(|t| t == "cases"));
        let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        assert_eq!(version, LATEST);
        Ok(())
    }

    /// A database at schema `version`, as a build of that time left it.
    fn at_version(version: u32) -> Result<Connection> {
        let conn = Connection::open_in_memory()?;
        for migration in &MIGRATIONS[..version as usize] {
            conn.execute_batch(migration)?;
        }
        conn.pragma_update(None, "user_version", version)?;
        Ok(conn)
    }

    /// A record as a build of that time stored it: a whole case (the
    /// migrations make its facts from it), with `notes` to tell it by.
    fn case_json(notes: &str) -> Result<String> {
        let case = Case {
            notes: Some(notes.to_owned()),
            ..Case::default()
        };
        serde_json::to_string(&case).map_err(|e| Error::Damaged(e.to_string()))
    }

    #[test]
    fn version_4_moves_the_bodies_out_and_dates_the_forms() -> Result<()> {
        let mut conn = at_version(3)?;
        let body = case_json("canary")?;
        conn.execute(
            "INSERT INTO cases (seq, id, reference, origin_mission, revision, status, first_contact_date,
                created_at, created_by, updated_at, updated_by, synthetic, body)
             VALUES (7, x'01', 'LT-LON-2026-0001', 'LT-LON', 1, 'Active', '2026-11-02',
                't', 'o', 't', 'o', 0, ?1)",
            [&body],
        )?;
        conn.execute(
            "INSERT INTO case_forms (form, case_seq) VALUES ('ForcedLabour', 7)",
            [],
        )?;
        migrate(&mut conn)?;
        let stored = record::read(&conn, 7)?;
        assert_eq!(stored.as_deref().map(String::as_str), Some(body.as_str()));
        let date: String = conn.query_row(
            "SELECT first_contact_date FROM case_forms WHERE case_seq = 7",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(date, "2026-11-02");
        let columns: i64 = conn.query_row(
            "SELECT count(*) FROM pragma_table_info('cases') WHERE name = 'body'",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(columns, 0, "the body column is gone from cases");
        Ok(())
    }

    #[test]
    fn version_6_compresses_every_record_and_drops_the_text() -> Result<()> {
        let mut conn = at_version(5)?;
        // More than two batches of the migration.
        let bodies: Vec<String> = (1..=1100)
            .map(|i| case_json(&format!("Žemaitytė {i}")))
            .collect::<Result<_>>()?;
        for (seq, body) in (1..).zip(&bodies) {
            conn.execute(
                "INSERT INTO cases (seq, id, reference, origin_mission, revision, status, first_contact_date,
                    created_at, created_by, updated_at, updated_by, synthetic)
                 VALUES (?1, ?2, ?3, 'LT-LON', 1, 'Active', '2026-11-02', 't', 'o', 't', 'o', 0)",
                rusqlite::params![seq, format!("{seq}").into_bytes(), format!("LT-LON-2026-{seq:04}")],
            )?;
            conn.execute(
                "INSERT INTO case_bodies (case_seq, body) VALUES (?1, ?2)",
                rusqlite::params![seq, body],
            )?;
        }
        migrate(&mut conn)?;
        let mut stmt =
            conn.prepare("SELECT case_seq, record FROM case_records ORDER BY case_seq")?;
        let stored: Vec<(i64, Vec<u8>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(stored.len(), bodies.len());
        for ((seq, record), (expected_seq, body)) in stored.iter().zip((1..).zip(&bodies)) {
            assert_eq!(*seq, expected_seq);
            assert_eq!(record::unpack(record)?.as_str(), body.as_str());
            assert_ne!(record.as_slice(), body.as_bytes(), "stored as text");
        }
        assert!(!tables(&conn).iter().any(|t| t == "case_bodies"));
        Ok(())
    }

    /// A vault at schema 8 whose unlock was cut short before the facts
    /// were made (they were made apart from the migrations then): the
    /// migration to 9 makes the missing facts and keeps the ones there.
    #[test]
    fn version_9_makes_the_facts_an_unlock_left_unmade() -> Result<()> {
        let mut conn = at_version(8)?;
        let mut case = Case::default();
        case.first_contact.date = chrono::NaiveDate::from_ymd_opt(2025, 3, 4).unwrap_or_default();
        let json = serde_json::to_string(&case).map_err(|e| Error::Damaged(e.to_string()))?;
        for seq in [1, 2] {
            conn.execute(
                "INSERT INTO cases (seq, id, reference, origin_mission, revision, status, first_contact_date,
                    created_at, created_by, updated_at, updated_by, synthetic)
                 VALUES (?1, ?2, ?3, 'LT-LON', 1, 'Active', '2025-03-04', 't', 'o', 't', 'o', 0)",
                params![seq, format!("{seq}").into_bytes(), format!("LT-LON-2025-{seq:04}")],
            )?;
            conn.execute(
                "INSERT INTO case_records (case_seq, record) VALUES (?1, ?2)",
                params![seq, &record::pack(&json)?[..]],
            )?;
        }
        conn.execute(
            "INSERT INTO case_facts (case_seq, facts) VALUES (1, 'kept')",
            [],
        )?;
        migrate(&mut conn)?;
        let mut stmt = conn.prepare("SELECT case_seq, facts FROM case_facts ORDER BY case_seq")?;
        let facts: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let made = Facts::of(&case, "LT-LON").encode();
        // Migration 19 changed the facts' form, so every case's facts are
        // made again on the way to the latest schema, the kept one too.
        assert_eq!(facts, vec![(1, made.clone()), (2, made)]);
        Ok(())
    }

    /// The exports a mission made before `sent_exports` existed are read
    /// back from the audit log, in the restore epoch they belong to; other
    /// audit entries are left alone.
    #[test]
    fn the_exports_made_before_are_filled_from_the_audit_log() -> Result<()> {
        let mut conn = at_version(SENT_EXPORTS_MADE - 1)?;
        for (seq, action, detail) in [
            (1, "export", "export 1 (incremental): 5 cases, 0 erasures"),
            (2, "import", "export 9 (full): 1 new"),
            (3, "export", "export 2 (full): 7 cases, 2 erasures"),
            (4, "export", "export 3 (incremental): 1 cases, 1 erasures"),
        ] {
            conn.execute(
                "INSERT INTO audit (seq, at, actor, action, detail, hash) VALUES (?1, ?2, 'o', ?3, ?4, x'00')",
                params![seq, format!("2026-11-0{seq}T10:00:00Z"), action, detail],
            )?;
        }
        conn.execute_batch(
            "INSERT INTO settings (key, value) VALUES ('restore_epoch', '20261103T000000Z-KXQR'), \
             ('restore_epoch_after_sequence', '2');",
        )?;
        migrate(&mut conn)?;
        let mut stmt = conn.prepare(
            "SELECT sequence, kind, created_at, cases, tombstones, epoch FROM sent_exports ORDER BY sequence",
        )?;
        let rows: Vec<(i64, String, String, i64, i64, Option<String>)> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let row = |n: i64, kind: &str, day: u32, c: i64, t: i64, epoch: Option<&str>| {
            (
                n,
                kind.to_owned(),
                format!("2026-11-0{day}T10:00:00Z"),
                c,
                t,
                epoch.map(str::to_owned),
            )
        };
        assert_eq!(
            rows,
            vec![
                row(1, "incremental", 1, 5, 0, None),
                row(2, "full", 3, 7, 2, None),
                row(3, "incremental", 4, 1, 1, Some("20261103T000000Z-KXQR")),
            ]
        );
        Ok(())
    }

    /// A vault restored twice: exports 6 and 7 made in the first restore's
    /// epoch keep it after the second restore, rather than taking none
    /// (which matched the commission's receipts of the lost exports 6 and
    /// 7 made before any restore, and marked them received).
    #[test]
    fn the_exports_of_a_vault_restored_twice_keep_the_epoch_they_were_made_in() -> Result<()> {
        let mut conn = at_version(SENT_EXPORTS_MADE - 1)?;
        let first = "20261103T000000Z-KXQR";
        let second = "20261107T000000Z-ABCD";
        for (seq, action, detail) in [
            (1, "export", "export 5 (incremental): 1 cases, 0 erasures"),
            (2, "restore-epoch-started", first),
            (3, "export", "export 6 (incremental): 2 cases, 0 erasures"),
            (4, "export", "export 7 (incremental): 3 cases, 0 erasures"),
            (5, "restore-epoch-started", second),
            (6, "export", "export 8 (incremental): 4 cases, 0 erasures"),
        ] {
            conn.execute(
                "INSERT INTO audit (seq, at, actor, action, detail, hash) VALUES (?1, ?2, 'o', ?3, ?4, x'00')",
                params![seq, format!("2026-11-0{seq}T10:00:00Z"), action, detail],
            )?;
        }
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('restore_epoch', ?1), \
             ('restore_epoch_after_sequence', '7')",
            [second],
        )?;
        migrate(&mut conn)?;
        let mut stmt =
            conn.prepare("SELECT sequence, epoch FROM sent_exports ORDER BY sequence")?;
        let rows: Vec<(i64, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        assert_eq!(
            rows,
            vec![
                (5, None),
                (6, Some(first.to_owned())),
                (7, Some(first.to_owned())),
                (8, Some(second.to_owned())),
            ]
        );
        Ok(())
    }

    /// From the first schema on, the facts are made in the same step as
    /// the tables: a record written at schema 6, before migration 8
    /// emptied the facts, has its facts at the end.
    #[test]
    fn the_facts_are_made_after_the_last_migration_from_any_older_schema() -> Result<()> {
        let mut conn = at_version(6)?;
        let case = Case::default();
        let json = serde_json::to_string(&case).map_err(|e| Error::Damaged(e.to_string()))?;
        conn.execute(
            "INSERT INTO cases (seq, id, reference, origin_mission, revision, status, first_contact_date,
                created_at, created_by, updated_at, updated_by, synthetic)
             VALUES (3, x'03', 'LT-VNO-2025-0003', 'LT-VNO', 1, 'Active', '2025-03-04', 't', 'o', 't', 'o', 0)",
            [],
        )?;
        conn.execute(
            "INSERT INTO case_records (case_seq, record) VALUES (3, ?1)",
            [&record::pack(&json)?[..]],
        )?;
        conn.execute(
            "INSERT INTO case_facts (case_seq, facts) VALUES (3, 'the form of version 6')",
            [],
        )?;
        migrate(&mut conn)?;
        let facts: String =
            conn.query_row("SELECT facts FROM case_facts WHERE case_seq = 3", [], |r| {
                r.get(0)
            })?;
        assert_eq!(facts, Facts::of(&case, "LT-VNO").encode());
        Ok(())
    }

    /// A vault of schema 12 gains the handovers: its cases are kept, and
    /// a handover goes with its case when the case is deleted.
    #[test]
    fn version_13_adds_handovers_that_go_with_their_case() -> Result<()> {
        let mut conn = at_version(12)?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        conn.execute(
            "INSERT INTO cases (seq, id, reference, origin_mission, revision, status, first_contact_date,
                created_at, created_by, updated_at, updated_by, synthetic)
             VALUES (4, x'04', 'LT-LON-2026-0004', 'LT-LON', 1, 'Active', '2026-11-02', 't', 'o', 't', 'o', 0)",
            [],
        )?;
        migrate(&mut conn)?;
        conn.execute(
            "INSERT INTO handovers (case_seq, at, by_officer, from_officer, to_officer, note)
             VALUES (4, 't', 'o', 'o', 'p', 'the note')",
            [],
        )?;
        let count = |conn: &Connection| -> Result<i64> {
            Ok(conn.query_row("SELECT count(*) FROM handovers", [], |r| r.get(0))?)
        };
        assert_eq!(count(&conn)?, 1);
        conn.execute("DELETE FROM cases WHERE seq = 4", [])?;
        assert_eq!(count(&conn)?, 0);
        Ok(())
    }

    #[test]
    fn a_newer_schema_is_refused() -> Result<()> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "user_version", LATEST + 1)?;
        assert!(matches!(
            migrate(&mut conn),
            Err(Error::VaultNewerThanApp { found, .. }) if found == LATEST + 1
        ));
        Ok(())
    }
}

#[cfg(test)]
mod mission_keys_tests {
    use super::*;

    /// Migration 14 gives every registered mission the key it was approved
    /// with as the first of its history (key, fingerprint, date and
    /// officer, each mission its own); migration 15 then names that key as
    /// the signer of the files received from it, and the mission's vault
    /// as theirs.
    #[test]
    fn the_migration_copies_each_missions_approved_key_into_its_history() -> Result<()> {
        use sha2::{Digest, Sha256};
        let mut conn = Connection::open_in_memory()?;
        let tx = conn.transaction()?;
        for migration in &MIGRATIONS[..(MISSION_KEYS - 1) as usize] {
            tx.execute_batch(migration)?;
        }
        let missions = [
            ("LT-LON", [7u8; 32], "2026-01-01T00:00:00Z", "A. Analyst"),
            ("LT-PAR", [9u8; 32], "2026-02-01T00:00:00Z", "B. Analyst"),
        ];
        for (code, key, at, by) in &missions {
            tx.execute(
                "INSERT INTO missions (code, name, vault_id, public_key, approved_at, approved_by) \
                 VALUES (?1, 'Embassy', ?1 || '-vault', ?2, ?3, ?4)",
                rusqlite::params![code, &key[..], at, by],
            )?;
            tx.execute(
                "INSERT INTO received_exports (digest, mission, sequence, kind, created_at, imported_at, imported_by) \
                 VALUES (?1, ?2, 1, 'full', ?3, ?3, ?4)",
                rusqlite::params![&Sha256::digest(code.as_bytes())[..], code, at, by],
            )?;
        }
        tx.pragma_update(None, "user_version", MISSION_KEYS - 1)?;
        tx.commit()?;
        migrate(&mut conn)?;
        for (code, key, at, by) in &missions {
            let fingerprint = hex::encode_upper(&Sha256::digest(key)[..16]);
            let row: (String, Vec<u8>, String, String, String, String) = conn.query_row(
                "SELECT fingerprint, public_key, status, approved_how, approved_at, approved_by \
                 FROM mission_keys WHERE mission = ?1",
                [code],
                |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                    ))
                },
            )?;
            assert_eq!(
                row,
                (
                    fingerprint.clone(),
                    key.to_vec(),
                    "approved".into(),
                    "first-import".into(),
                    (*at).into(),
                    (*by).into()
                ),
                "{code}"
            );
            let (signer, vault_id): (Option<String>, Option<String>) = conn.query_row(
                "SELECT signer, vault_id FROM received_exports WHERE mission = ?1",
                [code],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            assert_eq!(signer, Some(fingerprint), "{code}");
            assert_eq!(vault_id, Some(format!("{code}-vault")), "{code}");
        }
        Ok(())
    }
}
