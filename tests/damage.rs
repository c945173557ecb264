//! A damaged vault opens with a clear "the vault is damaged" error that
//! names what is wrong: never a panic, never a change to the files.

mod common;

use std::path::Path;

use casebook::vault::{Error, Vault};
use common::*;

/// A closed vault with a few cases, and the bytes of its files.
fn vault_with_cases(dir: &Path) {
    let mut vault = new_vault(dir);
    vault
        .generate_synthetic(3, 200, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .create_case(fixture_case("case-full.json"))
        .unwrap_or_else(|e| panic!("{e}"));
}

fn damaged(result: Result<Vault, Error>) -> String {
    match result {
        Err(Error::Damaged(what)) => what,
        Err(other) => panic!("expected 'damaged', got: {other}"),
        Ok(_) => panic!("a damaged vault opened"),
    }
}

/// Opens the vault and, if it opens, reads every case and checks
/// integrity: damage must be reported by one of these, as an error.
fn open_and_read(dir: &Path) -> Result<(), Error> {
    let vault = Vault::open(dir, &passphrase())?;
    let page = vault.list_cases(&casebook::vault::ListQuery {
        limit: 10_000,
        ..Default::default()
    })?;
    for row in page.rows {
        vault.get_case(&row.id.to_string())?;
    }
    let problems = vault.integrity_problems()?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Damaged(problems.join("; ")))
    }
}

#[test]
fn flipped_bytes_in_the_database_are_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    vault_with_cases(dir.path());
    let db = dir.path().join("casebook.db");
    let original = std::fs::read(&db).unwrap_or_else(|e| panic!("{e}"));
    let mut detected = 0;
    // Page 1 holds the salt and header; pages further in hold cases.
    for position in [
        100,
        5000,
        original.len() / 3,
        original.len() / 2,
        original.len() - 100,
    ] {
        let mut bytes = original.clone();
        bytes[position] ^= 0x10;
        std::fs::write(&db, &bytes).unwrap_or_else(|e| panic!("{e}"));
        match open_and_read(dir.path()) {
            Err(Error::Damaged(what)) => {
                assert!(!what.is_empty());
                detected += 1;
            }
            Err(other) => panic!("byte {position}: expected 'damaged', got: {other}"),
            Ok(()) => panic!("byte {position}: a flipped byte went unnoticed"),
        }
        // Damage deep in the file may only show when its page is read, after
        // the unlock was recorded; it is never repaired or written over.
        let after = std::fs::read(&db).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            after.get(position),
            bytes.get(position),
            "byte {position} was rewritten"
        );
        if position < 4096 {
            assert!(after == bytes, "byte {position}: the file was changed");
        }
    }
    assert_eq!(detected, 5);
    std::fs::write(&db, &original).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        open_and_read(dir.path()).is_ok(),
        "the undamaged vault opens again"
    );
}

#[test]
fn a_truncated_or_empty_or_missing_database_is_reported_as_damage() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    vault_with_cases(dir.path());
    let db = dir.path().join("casebook.db");
    let original = std::fs::read(&db).unwrap_or_else(|e| panic!("{e}"));

    std::fs::write(&db, &original[..original.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(open_and_read(dir.path()), Err(Error::Damaged(_))));

    std::fs::write(&db, b"").unwrap_or_else(|e| panic!("{e}"));
    let what = damaged(Vault::open(dir.path(), &passphrase()));
    assert!(!what.is_empty());
    assert!(
        std::fs::read(&db)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty(),
        "nothing was written"
    );

    std::fs::remove_file(&db).unwrap_or_else(|e| panic!("{e}"));
    let what = damaged(Vault::open(dir.path(), &passphrase()));
    assert!(what.contains("missing"), "{what}");
    assert!(!db.exists(), "no new database was made in its place");
}

#[test]
fn a_damaged_header_or_stray_log_is_reported_not_used() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    vault_with_cases(dir.path());
    let header = dir.path().join("vault.json");
    let original = std::fs::read(&header).unwrap_or_else(|e| panic!("{e}"));

    std::fs::write(&header, &original[..original.len() / 2]).unwrap_or_else(|e| panic!("{e}"));
    let error = Vault::open(dir.path(), &passphrase())
        .err()
        .map(|e| e.to_string());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("damaged")),
        "{error:?}"
    );
    std::fs::write(&header, &original).unwrap_or_else(|e| panic!("{e}"));

    // A write-ahead log of garbage beside the database: SQLite ignores a log
    // whose header or checksums do not match; the vault opens intact.
    let wal = dir.path().join("casebook.db-wal");
    std::fs::write(&wal, vec![0xA5; 8192]).unwrap_or_else(|e| panic!("{e}"));
    assert!(open_and_read(dir.path()).is_ok());
    let vault = open(dir.path());
    assert_eq!(vault.case_count().unwrap_or_else(|e| panic!("{e}")), 201);
}
