use chrono::NaiveDate;

use super::super::testing::{actions, vault_with_a_case};
use super::super::{OutgoingCounts, Vault, record};
use crate::domain::{CaseStatus, FollowUp, FollowUpKind};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Three years on: every case made today is old by then.
fn later() -> NaiveDate {
    crate::domain::today()
        .checked_add_months(chrono::Months::new(36))
        .unwrap_or_default()
}

fn ok<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// Closes the case, with a follow-up whose texts must go with the stub.
fn close(vault: &mut Vault, reference: &str) {
    let record = ok(vault.get_case(reference));
    let mut case = record.case;
    case.status = CaseStatus::Closed;
    case.consent.share_identifiable_with_commission = Some(true);
    case.notes = Some("met her at Victoria coach station".into());
    case.follow_ups.push(FollowUp {
        date: day(2026, 11, 21),
        kind: FollowUpKind::Phone,
        officer: None,
        summary: Some("safe with her aunt in Kaunas".into()),
        next_action: None,
        next_action_due: None,
    });
    ok(vault.update_case(record.meta.id, case, record.meta.revision));
}

/// Records export `sequence` of `kind` as if its file had been written.
fn export(vault: &mut Vault, sequence: u64, kind: &str) {
    ok(vault.record_export(
        sequence,
        kind,
        OutgoingCounts::default(),
        &[u8::try_from(sequence).unwrap_or(0); 32],
        "2026-12-01T00:00:00Z",
    ));
}

/// Stores the commission's receipt of export `sequence`, as a reply does.
fn confirm(vault: &Vault, sequence: u64) {
    ok(vault.conn.execute(
        "INSERT INTO export_receipts (digest, sequence, epoch, imported_at) VALUES (?1, ?2, NULL, '2026-12-02T00:00:00Z')",
        rusqlite::params![&[u8::try_from(sequence).unwrap_or(0); 32][..], sequence as i64],
    ));
}

/// Every text of every row of every table, records unpacked.
fn every_text(vault: &Vault) -> String {
    let conn = &vault.conn;
    let tables: Vec<String> = ok(ok(conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    ))
    .query_map([], |row| row.get(0))
    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>()));
    let mut all = String::new();
    for table in tables {
        let mut stmt = ok(conn.prepare(&format!("SELECT * FROM \"{table}\"")));
        let columns = stmt.column_count();
        let mut rows = ok(stmt.query([]));
        while let Some(row) = ok(rows.next()) {
            for i in 0..columns {
                match ok(row.get_ref(i)) {
                    rusqlite::types::ValueRef::Text(t) => {
                        all.push_str(&String::from_utf8_lossy(t));
                    }
                    rusqlite::types::ValueRef::Blob(b) => {
                        all.push_str(&String::from_utf8_lossy(b));
                        if let Ok(text) = record::unpack(b) {
                            all.push_str(&text);
                        }
                    }
                    _ => {}
                }
                all.push('\n');
            }
        }
    }
    all
}

const TEXTS: [&str; 4] = ["Žemaitytė", "Ona", "Victoria coach", "aunt in Kaunas"];

#[test]
fn a_confirmed_old_closed_case_becomes_a_stub_with_no_text_left() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    close(&mut vault, &reference);
    ok(vault.keep_draft(
        Some(&ok(vault.get_case(&reference)).meta.id.to_string()),
        b"Ona draft",
    ));
    export(&mut vault, 1, "incremental");
    let before = every_text(&vault);
    assert!(
        before.contains("aunt in Kaunas"),
        "the scan sees the record"
    );
    assert!(before.to_lowercase().contains("kaunas"));
    confirm(&vault, 1);
    ok(vault.set_stub_after_months(Some(12)));

    // Not yet old enough today.
    assert_eq!(
        ok(vault.reduce_to_stubs_if_set(crate::domain::today())),
        Vec::<String>::new()
    );
    let candidates = ok(vault.stub_candidates(12, later()));
    assert_eq!(candidates.len(), 1);
    assert_eq!(
        ok(vault.reduce_to_stubs_if_set(later())),
        vec![reference.clone()]
    );

    assert!(ok(vault.is_stub(&reference)));
    let stub = ok(vault.get_case(&reference));
    assert_eq!(stub.case.status, CaseStatus::Closed);
    assert_eq!(stub.case.first_contact.date, day(2026, 11, 20));
    assert_eq!(stub.case.follow_ups.len(), 1);
    assert_eq!(stub.case.display_name(), None);
    assert_eq!(stub.meta.revision, 2, "the revision stays");
    for text in TEXTS {
        assert!(
            ok(vault.search_cases(text, 10)).is_empty(),
            "search finds {text}"
        );
    }
    let all = every_text(&vault);
    for text in TEXTS {
        assert!(!all.contains(text), "{text} is still in the vault");
    }
    // The search index keeps tokens in lower case, without diacritics.
    let lower = all.to_lowercase();
    for token in ["kaunas", "victoria", "aunt", "emaityt"] {
        assert!(!lower.contains(token), "{token} is still in the vault");
    }
    assert!(ok(vault.draft()).is_none());
    // Read-only, and never sent again.
    let error = vault.update_case(stub.meta.id, stub.case.clone(), stub.meta.revision);
    assert!(
        matches!(error, Err(super::Error::HeldByCommission(_))),
        "{error:?}"
    );
    assert_eq!(ok(vault.outgoing_counts(true)).cases, 0);
    assert_eq!(ok(vault.outgoing_counts(false)).cases, 0);
    // Audited by count and reference.
    let audit = actions(&vault);
    assert!(audit.contains(&(
        "cases-reduced-to-stubs".into(),
        Some(format!("1 cases held by the commission: {reference}"))
    )));
    // Twice changes nothing.
    assert!(ok(vault.reduce_to_stubs(12, later())).is_empty());
}

#[test]
fn an_unconfirmed_case_is_never_reduced() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    close(&mut vault, &reference);
    export(&mut vault, 1, "incremental");
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty());
    // Confirming another export does not confirm this one.
    export(&mut vault, 2, "incremental");
    confirm(&vault, 2);
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty());
    assert!(!ok(vault.is_stub(&reference)));
    // A later full export carries it; once that is confirmed, it is held.
    export(&mut vault, 3, "full");
    confirm(&vault, 3);
    assert_eq!(ok(vault.reduce_to_stubs(1, later())), vec![reference]);
}

#[test]
fn a_case_changed_after_its_confirmed_export_is_never_reduced() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    close(&mut vault, &reference);
    export(&mut vault, 1, "incremental");
    confirm(&vault, 1);
    let record = ok(vault.get_case(&reference));
    let mut case = record.case;
    case.notes = Some("a later note".into());
    ok(vault.update_case(record.meta.id, case, record.meta.revision));
    assert!(ok(vault.stub_candidates(1, later())).is_empty());
    // An incremental export after it that is not confirmed: still not.
    export(&mut vault, 2, "incremental");
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty());
    assert!(every_text(&vault).contains("a later note"));
}

#[test]
fn an_open_case_is_never_reduced_and_the_setting_off_changes_nothing() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    export(&mut vault, 1, "incremental");
    confirm(&vault, 1);
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty(), "open");

    close(&mut vault, &reference);
    export(&mut vault, 2, "incremental");
    confirm(&vault, 2);
    assert_eq!(ok(vault.stub_after_months()), None, "off by default");
    assert!(ok(vault.reduce_to_stubs_if_set(later())).is_empty());
    ok(vault.set_stub_after_months(Some(6)));
    ok(vault.set_stub_after_months(None));
    assert!(ok(vault.reduce_to_stubs_if_set(later())).is_empty());
    assert!(!ok(vault.is_stub(&reference)));
    assert!(every_text(&vault).contains("aunt in Kaunas"));
    assert!(vault.set_stub_after_months(Some(0)).is_err());
}

#[test]
fn cases_past_their_erase_after_date_are_listed_and_erased_with_a_tombstone() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, first) = vault_with_a_case(dir.path());
    let record = ok(vault.get_case(&first));
    let mut case = record.case.clone();
    case.erase_after = Some(crate::domain::today());
    ok(vault.update_case(record.meta.id, case, record.meta.revision));
    let mut later_case = record.case;
    later_case.erase_after = crate::domain::today().checked_add_months(chrono::Months::new(24));
    let second = ok(vault.create_case(later_case)).meta.reference;

    assert!(
        ok(vault.erasures_due(crate::domain::today())).is_empty(),
        "not past yet"
    );
    let tomorrow = crate::domain::today().succ_opt().unwrap_or_default();
    let due = ok(vault.erasures_due(tomorrow));
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].reference, first);
    let tombstones = ok(vault.erase_due(tomorrow));
    assert_eq!(tombstones.len(), 1);
    assert_eq!(tombstones[0].reference, first);
    assert!(vault.get_case(&first).is_err());
    assert!(vault.get_case(&second).is_ok());
    assert_eq!(ok(vault.outgoing_counts(false)).tombstones, 1);
    assert!(actions(&vault).contains(&(
        "erasures-due-erased".into(),
        Some(format!("1 cases past their erase-after date: {first}"))
    )));
}

#[test]
fn a_case_shared_without_consent_reached_the_commission_redacted_and_is_kept() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    close(&mut vault, &reference);
    let record = ok(vault.get_case(&reference));
    let mut case = record.case;
    case.consent.share_identifiable_with_commission = None;
    ok(vault.update_case(record.meta.id, case, record.meta.revision));
    export(&mut vault, 1, "incremental");
    confirm(&vault, 1);
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty());
    assert!(every_text(&vault).contains("aunt in Kaunas"));
}
