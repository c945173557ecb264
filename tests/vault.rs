//! The vault through its public API: encryption at rest, wrong passphrases,
//! locking, revisions, erase, audit, migrations, backup, passphrase change.

mod common;

use casebook::domain::{CaseStatus, ExploitationType, FollowUp, FollowUpKind, TraffickingStatus};
use casebook::vault::{self, AuditCheck, Error, KdfParams, ListQuery, SortKey, Vault};
use common::*;
use secrecy::SecretString;

const CANARY_NAME: &str = "Quetzalcanary";
const CANARY_NOTE: &str = "xylophonecanary";

fn canary_case() -> casebook::domain::Case {
    let mut case = simple_case(CANARY_NAME, "Žemaitytė", date(2026, 11, 20));
    case.notes = Some(format!("Met at the station; {CANARY_NOTE} said so."));
    case
}

#[test]
fn the_database_is_encrypted_and_no_case_text_reaches_the_disk() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .create_case(canary_case())
        .unwrap_or_else(|e| panic!("{e}"));
    for i in 0..30 {
        vault
            .create_case(simple_case("Ona", &format!("Filler{i}"), date(2026, 1, 1)))
            .unwrap_or_else(|e| panic!("{e}"));
    }

    // While open: the WAL holds the recent pages.
    let names: Vec<String> = files_in(dir.path())
        .iter()
        .map(|(p, _)| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| panic!("a file without a name"))
        })
        .collect();
    assert!(names.iter().any(|n| n == "casebook.db-wal"), "{names:?}");
    for needle in [CANARY_NAME, CANARY_NOTE, "Žemaitytė", "Consular section"] {
        assert!(
            files_containing(dir.path(), needle).is_empty(),
            "{needle} found while open"
        );
    }

    drop(vault);
    let database = std::fs::read(dir.path().join("casebook.db")).unwrap_or_else(|e| panic!("{e}"));
    assert!(!database.starts_with(b"SQLite format 3"));
    for needle in [CANARY_NAME, CANARY_NOTE, "Žemaitytė"] {
        assert!(
            files_containing(dir.path(), needle).is_empty(),
            "{needle} found after close"
        );
    }
}

#[test]
fn erase_removes_the_case_its_search_entries_and_leaves_a_tombstone() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let record = vault
        .create_case(canary_case())
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .create_case(simple_case("Ona", "Other", date(2026, 1, 1)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        vault.search_cases(CANARY_NOTE, 10).map(|r| r.len()).ok(),
        Some(1)
    );

    let tombstone = vault
        .erase_case(&record.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tombstone.id, record.meta.id);
    assert_eq!(tombstone.revision, record.meta.revision + 1);
    assert!(matches!(
        vault.get_case(&record.meta.reference),
        Err(Error::CaseNotFound(_))
    ));
    assert_eq!(
        vault.search_cases(CANARY_NOTE, 10).map(|r| r.len()).ok(),
        Some(0)
    );
    assert_eq!(
        vault.tombstones().unwrap_or_else(|e| panic!("{e}")),
        vec![tombstone]
    );
    assert_eq!(vault.case_count().ok(), Some(1));

    // Not even the search index's vocabulary remembers the words.
    let conn = vault.diagnostic_connection();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, case_search, 'row');",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let leftover: i64 = conn
        .query_row(
            "SELECT count(*) FROM temp.vocab WHERE term IN ('xylophonecanary', 'quetzalcanary', 'zemaityte')",
            [],
            |row| row.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(leftover, 0);
    drop(vault);
    for needle in [CANARY_NAME, CANARY_NOTE, "Žemaitytė"] {
        assert!(
            files_containing(dir.path(), needle).is_empty(),
            "{needle} found after erase"
        );
    }
}

#[test]
fn wrong_passphrase_leaves_vault_untouched() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .create_case(canary_case())
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let before = files_in(dir.path());

    let wrong = SecretString::from("correct horse battery stapler".to_owned());
    for _ in 0..3 {
        assert!(matches!(
            Vault::open(dir.path(), &wrong),
            Err(Error::WrongPassphrase)
        ));
    }
    assert_eq!(files_in(dir.path()), before, "a file changed or appeared");

    // The failures are recorded at the next successful unlock.
    let vault =
        Vault::open_after_failures(dir.path(), &passphrase(), 3).unwrap_or_else(|e| panic!("{e}"));
    let entries = vault.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    let failed = entries.iter().find(|e| e.action == "failed-unlock");
    assert_eq!(
        failed.and_then(|e| e.detail.clone()).as_deref(),
        Some("3 wrong passphrase(s) before this unlock")
    );
}

#[test]
fn a_second_opener_is_told_the_vault_is_in_use() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault = new_vault(dir.path());
    let second = Vault::open(dir.path(), &passphrase());
    assert!(matches!(second, Err(Error::OpenElsewhere)), "{second:?}");
    drop(vault);
    assert!(Vault::open(dir.path(), &passphrase()).is_ok());
}

#[test]
fn revision_increases_on_update_and_a_stale_update_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let first = vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.meta.revision, 1);
    assert_eq!(
        first.meta.reference,
        format!("LT-LON-{}-0001", first.meta.created_at.format("%Y"))
    );

    let mut case = first.case.clone();
    case.status = CaseStatus::FollowUp;
    let second = vault
        .update_case(first.meta.id, case.clone(), 1)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second.meta.revision, 2);
    assert_eq!(second.meta.created_at, first.meta.created_at);
    assert!(second.meta.updated_at >= first.meta.updated_at);

    let stale = vault.update_case(first.meta.id, case, 1);
    assert!(
        matches!(
            stale,
            Err(Error::StaleRevision {
                expected: 1,
                found: 2,
                ..
            })
        ),
        "{stale:?}"
    );
    let stored = vault
        .get_case(&first.meta.id.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored, second);
}

#[test]
fn an_invalid_case_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let mut case = simple_case("Ona", "Žemaitytė", date(2026, 11, 20));
    case.person.phone = Some("0044 7700".into());
    match vault.create_case(case) {
        Err(Error::InvalidCase(problems)) => assert_eq!(problems[0].field, "person.phone"),
        other => panic!("{other:?}"),
    }
    assert_eq!(vault.case_count().ok(), Some(0));
}

#[test]
fn search_ignores_accents_and_finds_references_and_follow_ups() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let mut case = simple_case("Ona", "Žemaitytė", date(2026, 11, 20));
    case.follow_ups.push(FollowUp {
        date: date(2026, 11, 25),
        kind: FollowUpKind::Phone,
        officer: None,
        summary: Some("Safe at the shelter in Peterborough".into()),
        next_action: None,
        next_action_due: None,
    });
    let ona = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    vault
        .create_case(simple_case("Jonas", "Petraitis", date(2026, 10, 1)))
        .unwrap_or_else(|e| panic!("{e}"));

    let only_ona = vec![ona.meta.reference.clone()];
    let found = |query: &str| -> Vec<String> {
        vault
            .search_cases(query, 10)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|s| s.reference)
            .collect()
    };
    assert_eq!(found("zemaityte"), only_ona);
    assert_eq!(found("ŽEMAIT"), only_ona);
    assert_eq!(found(&ona.meta.reference), only_ona);
    assert_eq!(found("peterborough"), only_ona);
    assert_eq!(found("ona peterborough"), only_ona);
    assert!(found("jonas peterborough").is_empty());
    assert!(found("\"unbalanced OR (").is_empty());
}

#[test]
fn filters_and_paging_agree_with_the_records() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let today = date(2026, 11, 27);
    vault
        .create_cases(
            casebook::domain::synthetic::generate(3, 300, today),
            "cases-generated",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let all = vault
        .list_cases(&ListQuery {
            limit: 1000,
            ..ListQuery::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((all.total, all.exact), (300, true));
    let records: Vec<_> = all
        .rows
        .iter()
        .map(|row| {
            vault
                .get_case(&row.reference)
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();

    let from = date(2024, 1, 1);
    let to = date(2025, 12, 31);
    let query = ListQuery {
        status: Some(CaseStatus::Active),
        trafficking_status: Some(TraffickingStatus::PossibleVictimOfTrafficking),
        form: Some(ExploitationType::ForcedLabour),
        contact_from: Some(from),
        contact_to: Some(to),
        owner: None,
        sort: SortKey::Reference,
        descending: false,
        offset: 0,
        limit: 7,
    };
    let mut expected: Vec<String> = records
        .iter()
        .filter(|r| {
            let c = &r.case;
            c.status == CaseStatus::Active
                && c.assessment.trafficking_status
                    == Some(TraffickingStatus::PossibleVictimOfTrafficking)
                && c.exploitation
                    .types
                    .contains(&ExploitationType::ForcedLabour)
                && c.first_contact.date >= from
                && c.first_contact.date <= to
        })
        .map(|r| r.meta.reference.clone())
        .collect();
    expected.sort();
    assert!(
        expected.len() > 7,
        "the fixture should need more than one page ({})",
        expected.len()
    );

    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = vault
            .list_cases(&ListQuery {
                offset,
                ..query.clone()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.total, expected.len() as u64);
        if page.rows.is_empty() {
            break;
        }
        assert!(page.rows.len() <= 7);
        paged.extend(page.rows.into_iter().map(|r| r.reference));
        offset += 7;
    }
    assert_eq!(paged, expected);

    // Filtered by form alone, the count is read from the forms' index.
    let forced_labour = records
        .iter()
        .filter(|r| {
            let c = &r.case;
            c.exploitation
                .types
                .contains(&ExploitationType::ForcedLabour)
                && c.first_contact.date >= from
        })
        .count();
    let page = vault
        .list_cases(&ListQuery {
            form: Some(ExploitationType::ForcedLabour),
            contact_from: Some(from),
            ..ListQuery::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((page.total, page.exact), (forced_labour as u64, true));

    // Sorted by first contact, newest first.
    let by_date = vault
        .list_cases(&ListQuery {
            limit: 300,
            ..ListQuery::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        by_date
            .rows
            .windows(2)
            .all(|w| w[0].first_contact_date >= w[1].first_contact_date)
    );

    // Follow-ups due: open cases whose latest follow-up set a due date by then.
    let due = vault.due_cases(today).unwrap_or_else(|e| panic!("{e}"));
    let expected_due = records
        .iter()
        .filter(|r| r.case.next_due().is_some_and(|d| d <= today))
        .count();
    assert_eq!(due.len(), expected_due);
    assert!(due.iter().all(|s| !s.status.is_closed()));
    assert!(due.windows(2).all(|w| w[0].next_due <= w[1].next_due));
    // The list's button counts the same cases, up to a cap.
    assert!(expected_due > 2, "too few due to test the cap");
    let count = |cap| {
        vault
            .count_due(today, cap)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(count(10_000), Some(expected_due as u64));
    assert_eq!(count(expected_due as u64), Some(expected_due as u64));
    assert_eq!(count(expected_due as u64 - 1), None);
}

#[test]
fn the_audit_chain_verifies_and_detects_an_edited_row() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let record = vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .view_case(&record.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .update_case(record.meta.id, record.case.clone(), 1)
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .erase_case(&record.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
    let actions: Vec<String> = vault
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "vault-created",
            "signing-key-generated",
            "mission-identity-generated",
            "case-created",
            "case-viewed",
            "case-updated",
            "case-erased"
        ]
    );
    assert_eq!(
        vault.verify_audit().ok(),
        Some(AuditCheck::Intact { entries: 7 })
    );

    // The log never holds field values.
    for entry in vault.audit_entries().unwrap_or_else(|e| panic!("{e}")) {
        let line = format!("{entry:?}");
        assert!(
            !line.contains("Ona") && !line.contains("Žemaitytė"),
            "{line}"
        );
    }

    vault
        .diagnostic_connection()
        .execute("UPDATE audit SET action = 'case-viewed' WHERE seq = 6", [])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        vault.verify_audit(),
        Ok(AuditCheck::Broken { seq: 6, .. })
    ));
}

#[test]
fn deleting_the_newest_audit_entries_is_detected() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .diagnostic_connection()
        .execute(
            "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        vault.verify_audit(),
        Ok(AuditCheck::Broken { .. })
    ));
}

#[test]
fn a_vault_from_a_newer_casebook_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault = new_vault(dir.path());
    let version = vault.schema_version().unwrap_or_else(|e| panic!("{e}"));
    vault
        .diagnostic_connection()
        .pragma_update(None, "user_version", version + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let before = files_in(dir.path());
    match Vault::open(dir.path(), &passphrase()) {
        Err(Error::VaultNewerThanApp { found, supported }) => {
            assert_eq!((found, supported), (version + 1, version));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(files_in(dir.path()), before);
}

#[test]
fn reopening_runs_no_migration_twice() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    let version = vault.schema_version().ok();
    drop(vault);
    let vault = open(dir.path());
    assert_eq!(vault.schema_version().ok(), version);
    assert_eq!(vault.case_count().ok(), Some(1));
}

/// The facts of every case, as the statistics read them.
fn stored_facts(vault: &Vault) -> Vec<casebook::stats::Facts> {
    let mut all = Vec::new();
    vault
        .for_each_facts(|facts| all.push(facts))
        .unwrap_or_else(|e| panic!("{e}"));
    all.sort_by_key(casebook::stats::Facts::encode);
    all
}

/// A vault left at schema 7 by an older Casebook, whose facts are in the
/// form that version wrote: migration 8 empties them, and the migrations
/// make them again from the records, in the same step; the unlocks after
/// that do not look at them again.
#[test]
fn an_old_schema_vault_gets_its_facts_made_by_the_migrations_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    for (given, family) in [("Ona", "Žemaitytė"), ("Petras", "Kovalenko")] {
        let mut case = simple_case(given, family, date(2026, 11, 20));
        case.exploitation.types = vec![ExploitationType::ForcedLabour];
        vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    }
    let expected = stored_facts(&vault);
    assert_eq!(expected.len(), 2);
    let latest = vault.schema_version().unwrap_or_else(|e| panic!("{e}"));
    // Schema 7 as it was: no index of synthetic cases, no drafts, no case
    // owners, no index of the work's order, no handovers, no history of
    // mission keys nor index of the cases by mission, no reply tables, no
    // signer or vault of the exports received, no events about the
    // mission's own keys nor withdrawn notes, no stubs nor the export
    // that carried each revision, no withdrawn consents nor erasures the
    // commission made or reported, facts of an older form, the
    // flag of the per-unlock fill that was there then.
    vault
        .diagnostic_connection()
        .execute_batch(
            "DROP INDEX cases_synthetic;
             DROP INDEX cases_by_work_order;
             DROP TABLE handovers;
             DROP TABLE drafts;
             DROP TABLE mission_keys;
             DROP INDEX cases_by_origin;
             DROP INDEX cases_by_owner;
             ALTER TABLE cases DROP COLUMN owner;
             DROP TABLE mission_recipients;
             DROP TABLE sent_exports;
             DROP TABLE export_receipts;
             DROP TABLE replies;
             DROP TABLE guidance_notes;
             DROP TABLE own_key_events;
             DROP TABLE withdrawn_notes;
             ALTER TABLE received_exports DROP COLUMN counts;
             ALTER TABLE received_exports DROP COLUMN signer;
             ALTER TABLE received_exports DROP COLUMN vault_id;
             ALTER TABLE export_marks DROP COLUMN sequence;
             ALTER TABLE cases DROP COLUMN stub;
             DROP TABLE consent_withdrawals;
             ALTER TABLE tombstones DROP COLUMN at_commission;
             DROP TABLE erased_at_commission;
             UPDATE case_facts SET facts = 'an older form';
             INSERT INTO settings (key, value) VALUES ('case_facts_complete', '1');
             PRAGMA user_version = 7;",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);

    let vault = open(dir.path());
    assert_eq!(vault.schema_version().ok(), Some(latest));
    assert_eq!(
        stored_facts(&vault),
        expected,
        "made again from the records"
    );
    let flag: i64 = vault
        .diagnostic_connection()
        .query_row(
            "SELECT count(*) FROM settings WHERE key = 'case_facts_complete'",
            [],
            |row| row.get(0),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(flag, 0, "the old flag is gone");

    // Once: at the latest schema an unlock makes no facts, so facts lost
    // afterwards are not quietly made again on every unlock.
    vault
        .diagnostic_connection()
        .execute_batch("DELETE FROM case_facts;")
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let vault = open(dir.path());
    assert!(stored_facts(&vault).is_empty());
}

#[test]
fn changing_the_passphrase_keeps_every_case() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .create_case(canary_case())
        .unwrap_or_else(|e| panic!("{e}"));
    let new = SecretString::from("velvet lantern quarry moss".to_owned());
    let weak = SecretString::from("password".to_owned());
    assert!(matches!(
        vault.change_passphrase(&passphrase(), &weak, KdfParams::insecure_for_tests()),
        Err(Error::WeakPassphrase(_))
    ));
    assert!(matches!(
        vault.change_passphrase(&new, &new, KdfParams::insecure_for_tests()),
        Err(Error::WrongPassphrase)
    ));
    vault
        .change_passphrase(&passphrase(), &new, KdfParams::insecure_for_tests())
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    assert!(matches!(
        Vault::open(dir.path(), &passphrase()),
        Err(Error::WrongPassphrase)
    ));
    let vault = Vault::open(dir.path(), &new).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vault.case_count().ok(), Some(1));
}

#[test]
fn a_backup_restores_into_a_vault_that_opens_with_the_same_passphrase() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    let mut vault = new_vault(&vault_dir);
    let record = vault
        .create_case(canary_case())
        .unwrap_or_else(|e| panic!("{e}"));
    let backup = dir.path().join("backup.cbk");
    vault.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
    let bytes = std::fs::read(&backup).unwrap_or_else(|e| panic!("{e}"));
    for needle in [CANARY_NAME, CANARY_NOTE, "Žemaitytė"] {
        assert!(
            !contains(&bytes, needle.as_bytes()),
            "{needle} in the backup"
        );
    }
    assert!(!contains(&bytes, b"SQLite format 3"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(leftovers.len(), 2, "temporary files left: {leftovers:?}");

    let restored = dir.path().join("restored");
    vault::restore(&backup, &restored, vault::Overwrite::Never).unwrap_or_else(|e| panic!("{e}"));
    let copy = Vault::open(&restored, &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(copy.get_case(&record.meta.reference).ok(), Some(record));
    assert!(
        copy.integrity_problems()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
    drop(copy);

    // A vault is never overwritten without asking.
    assert!(matches!(
        vault::restore(&backup, &restored, vault::Overwrite::Never),
        Err(Error::AlreadyExists(_))
    ));

    // A damaged backup is refused before anything is written.
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x40;
    let damaged_file = dir.path().join("damaged.cbk");
    std::fs::write(&damaged_file, &damaged).unwrap_or_else(|e| panic!("{e}"));
    let target = dir.path().join("from-damaged");
    assert!(matches!(
        vault::restore(&damaged_file, &target, vault::Overwrite::Never),
        Err(Error::NotABackup(_))
    ));
    assert!(!target.exists());
}

#[test]
fn key_calibration_never_goes_below_the_minimum_memory_cost() {
    let params = KdfParams::calibrate().unwrap_or_else(|e| panic!("{e}"));
    assert!(params.memory_kib >= 19 * 1024);
    assert!(params.iterations >= 1);
}

#[test]
fn a_missing_vault_and_a_missing_database_are_told_apart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(
        Vault::open(dir.path(), &passphrase()),
        Err(Error::NoVault(_))
    ));
    drop(new_vault(dir.path()));
    std::fs::remove_file(dir.path().join("casebook.db")).unwrap_or_else(|e| panic!("{e}"));
    let result = Vault::open(dir.path(), &passphrase());
    assert!(
        matches!(&result, Err(Error::Damaged(why)) if why.contains("missing")),
        "{result:?}"
    );
}

#[test]
fn a_restore_replaces_an_older_vault_but_asks_before_a_newer_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (here, other) = (dir.path().join("here"), dir.path().join("other"));
    drop(new_vault(&here));
    std::thread::sleep(std::time::Duration::from_millis(30));
    let mut source = new_vault(&other);
    let record = source
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    let backup = dir.path().join("copy.cbk");
    source.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
    drop(source);
    let made = vault::inspect_backup(&backup)
        .unwrap_or_else(|e| panic!("{e}"))
        .made_at
        .unwrap_or_else(|| panic!("the backup does not say when it was made"));
    assert!(vault::last_change(&here).is_some_and(|changed| changed < made));

    // The vault here was last changed before the backup: replaced, kept aside.
    let aside = vault::restore(&backup, &here, vault::Overwrite::IfOlder)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("the replaced vault was not kept"));
    assert!(aside.join("casebook.db").exists());
    let restored = open(&here);
    assert!(restored.get_case(&record.meta.reference).is_ok());
    drop(restored); // unlocking wrote to it: it is now newer than the backup

    let refused = vault::restore(&backup, &here, vault::Overwrite::IfOlder);
    assert!(
        matches!(refused, Err(Error::NewerThanBackup { .. })),
        "{refused:?}"
    );
    let message = refused.err().map_or_else(
        || panic!("it succeeded where it must fail"),
        |e| e.to_string(),
    );
    assert!(message.contains("after this backup was made"), "{message}");
    assert!(vault::last_change(&here).is_some_and(|changed| changed > made));
    // With confirmation it is replaced too.
    assert!(
        vault::restore(&backup, &here, vault::Overwrite::Always)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_some()
    );
    assert!(open(&here).get_case(&record.meta.reference).is_ok());
}

#[test]
fn automatic_backups_follow_changes_and_keep_the_newest_few() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("usb");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.join("notes.txt"), "not ours").unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    assert_eq!(vault.automatic_backup().ok(), Some(None), "off by default");
    vault
        .set_auto_backup(Some(&vault::AutoBackup {
            folder: folder.clone(),
            keep: 3,
        }))
        .unwrap_or_else(|e| panic!("{e}"));
    let backups = |folder: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".cbk"))
            .collect();
        names.sort();
        names
    };
    let mut references = Vec::new();
    for n in 0..5 {
        let record = vault
            .create_case(simple_case("Ona", &format!("Auto{n}"), date(2026, 11, 20)))
            .unwrap_or_else(|e| panic!("{e}"));
        references.push(record.meta.reference);
        let written = vault.automatic_backup().unwrap_or_else(|e| panic!("{e}"));
        assert!(written.is_some(), "a change since the last backup");
        // Nothing changed since: no second backup.
        assert_eq!(vault.automatic_backup().ok(), Some(None));
    }
    let kept = backups(&folder);
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(kept.iter().all(|n| n.starts_with("casebook-LT-LON-")));
    assert!(
        folder.join("notes.txt").exists(),
        "other files are left alone"
    );
    // The newest holds every case.
    let newest = folder.join(&kept[2]);
    let restored = dir.path().join("restored");
    vault::restore(&newest, &restored, vault::Overwrite::Never).unwrap_or_else(|e| panic!("{e}"));
    let copy = Vault::open(&restored, &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    for reference in &references {
        assert!(copy.get_case(reference).is_ok(), "{reference}");
    }
    vault
        .set_auto_backup(None)
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .create_case(simple_case("Ona", "Off", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vault.automatic_backup().ok(), Some(None));
}

#[test]
fn a_large_vault_counts_a_list_up_to_a_bound_and_ranks_the_newest_matches() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let today = date(2026, 11, 27);
    let count = vault::COUNT_STEP + 50;
    vault
        .generate_synthetic(5, count as usize, today)
        .unwrap_or_else(|e| panic!("{e}"));
    let page = |offset: u64| {
        vault
            .list_cases(&ListQuery {
                offset,
                limit: 50,
                ..ListQuery::default()
            })
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // The first page says "more than 10,000"; a page past the bound counts
    // to the next one, which is past the end: exact again.
    let first = page(0);
    assert_eq!((first.total, first.exact), (vault::COUNT_STEP, false));
    let last = page(vault::COUNT_STEP);
    assert_eq!((last.total, last.exact), (count, true));
    assert_eq!(last.rows.len(), 50);

    // Every reference holds the year it was made in: a search for the year
    // ranks only the newest matches, and still returns a full list.
    let all = vault
        .list_cases(&ListQuery {
            limit: count,
            ..ListQuery::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let newest: std::collections::HashSet<String> = {
        let mut rows = all.rows.clone();
        // References are numbered in the order the cases were stored.
        let number = |reference: &str| -> u64 {
            reference
                .rsplit('-')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{reference}"))
        };
        rows.sort_by_key(|r| std::cmp::Reverse(number(&r.reference)));
        rows.into_iter()
            .take(vault::SEARCH_WINDOW as usize)
            .map(|r| r.reference)
            .collect()
    };
    let year = first.rows[0]
        .reference
        .rsplit('-')
        .nth(1)
        .unwrap_or_else(|| panic!("{}", first.rows[0].reference));
    let found = vault
        .search_cases(year, 50)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(found.len(), 50);
    assert!(found.iter().all(|r| newest.contains(&r.reference)));
}

#[test]
fn a_prefix_standing_for_many_words_still_finds_them_all() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    // Twenty family names beginning "Petrav": more than a search names one
    // by one, so the index expands the prefix itself.
    for i in 0..20u8 {
        let name = format!("Petrav{}ius", char::from(b'a' + i));
        vault
            .create_case(simple_case("Jonas", &name, date(2026, 10, 1)))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let found = |query: &str| vault.search_cases(query, 100).map(|r| r.len()).ok();
    assert_eq!(found("petrav"), Some(20));
    assert_eq!(
        found("PETRĀV"),
        Some(20),
        "accents are folded as the index does"
    );
    assert_eq!(found("petravc"), Some(1));
    assert_eq!(found("jonas petravc"), Some(1));
    assert_eq!(found("petravz"), Some(0));
}

/// SQLCipher is built without locking its memory out of swap
/// (`.cargo/config.toml`; why in docs/threat-model.md): the program links no
/// `mlock`, while SQLite's own calls, such as `pwrite64`, are there.
#[cfg(target_os = "linux")]
#[test]
fn sqlcipher_is_built_without_page_locking() {
    let program = std::fs::read("/proc/self/exe").unwrap_or_else(|e| panic!("{e}"));
    let links = |name: &str| {
        let symbol = format!("\0{name}\0");
        program
            .windows(symbol.len())
            .any(|w| w == symbol.as_bytes())
    };
    assert!(links("pwrite64"));
    assert!(!links("mlock"));
    assert!(!links("munlock"));
}

/// Changing the theme does not fix the language: a vault whose officer
/// never chose one keeps following the system's; once chosen, it stays.
#[test]
fn the_language_is_stored_only_once_the_officer_chooses_one() {
    use casebook::i18n::Language;
    use casebook::vault::Preferences;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let system = Language::from_system();
    let other = match system {
        Language::English => Language::Lithuanian,
        Language::Lithuanian => Language::English,
    };
    let mut preferences = Preferences {
        dark: true,
        ..Preferences::in_language(system)
    };
    vault
        .set_preferences(&preferences)
        .unwrap_or_else(|e| panic!("{e}"));
    // Opened where the system speaks the other language, it speaks that.
    let read = vault.preferences(other);
    assert!(read.dark);
    assert_eq!(read.language, other, "the theme fixed the language");

    preferences.language = other;
    vault
        .set_preferences(&preferences)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vault.preferences(system).language, other);
    // Chosen back to the system's, it is stored too.
    preferences.language = system;
    vault
        .set_preferences(&preferences)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vault.preferences(other).language, system);
}
