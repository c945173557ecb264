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

/// Stores the commission's receipt of export `sequence`, as a reply does,
/// with the counts of an import that stored its one case as sent.
fn confirm(vault: &Vault, sequence: u64) {
    confirm_with(
        vault,
        sequence,
        Some(r#"{"cases":1,"new":1,"updated":0,"unchanged":0,"erased":0,"conflicts":0}"#),
    );
}

/// Stores a receipt of export `sequence` with the import's `counts`.
/// The commission's clock is right: it confirms on the day reductions are
/// tried (three years on).
fn confirm_with(vault: &Vault, sequence: u64, counts: Option<&str>) {
    confirm_on(vault, sequence, counts, &format!("{}T00:00:00Z", later()));
}

fn confirm_on(vault: &Vault, sequence: u64, counts: Option<&str>, imported_at: &str) {
    ok(vault.conn.execute(
        "INSERT INTO export_receipts (digest, sequence, epoch, imported_at, counts) VALUES (?1, ?2, NULL, ?4, ?3)",
        rusqlite::params![&[u8::try_from(sequence).unwrap_or(0); 32][..], sequence as i64, counts, imported_at],
    ));
}

/// The words the search index holds (its vocabulary).
fn index_words(vault: &Vault) -> Vec<String> {
    ok(vault.conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.stub_vocab USING fts5vocab(main, case_search, 'row');",
    ));
    ok(ok(vault.conn.prepare("SELECT term FROM temp.stub_vocab"))
        .query_map([], |row| row.get(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<String>>>()))
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
    export(&mut vault, 1, "incremental");
    let before = every_text(&vault);
    assert!(
        before.contains("aunt in Kaunas"),
        "the scan sees the record"
    );
    // The index's own vocabulary holds the words before: its check after
    // can see them.
    let words = index_words(&vault);
    for token in ["kaunas", "victoria", "aunt"] {
        assert!(
            words.iter().any(|w| w == token),
            "{token} not indexed: {words:?}"
        );
    }
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
    let words = index_words(&vault);
    for token in ["kaunas", "victoria", "aunt", "coach"] {
        assert!(
            !words.iter().any(|w| w == token),
            "{token} is still indexed"
        );
    }
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

/// The counts a receipt carried for export 1.
fn reduced_after(counts: Option<&str>) -> Vec<String> {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    close(&mut vault, &reference);
    export(&mut vault, 1, "incremental");
    confirm_with(&vault, 1, counts);
    let reduced = ok(vault.reduce_to_stubs(1, later()));
    if reduced.is_empty() {
        assert!(every_text(&vault).contains("aunt in Kaunas"));
    }
    reduced
}

#[test]
fn a_case_the_commission_did_not_store_as_sent_is_never_reduced() {
    // Stored as sent: reduced (the control).
    assert_eq!(
        reduced_after(Some(
            r#"{"cases":1,"new":0,"updated":1,"unchanged":0,"erased":0,"conflicts":0}"#
        ))
        .len(),
        1
    );
    // Set aside as a conflict (the commission keeps another version).
    assert!(
        reduced_after(Some(
            r#"{"cases":1,"new":0,"updated":0,"unchanged":0,"erased":0,"conflicts":1}"#
        ))
        .is_empty()
    );
    // Unchanged: a version of higher rank kept there (a restore whose
    // epoch sorts lower), or the case erased there.
    assert!(
        reduced_after(Some(
            r#"{"cases":1,"new":0,"updated":0,"unchanged":1,"erased":0,"conflicts":0}"#
        ))
        .is_empty()
    );
    // A receipt without counts cannot tell.
    assert!(reduced_after(None).is_empty());
}

#[test]
fn a_case_named_set_aside_in_a_reply_is_never_reduced() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    close(&mut vault, &reference);
    export(&mut vault, 1, "incremental");
    confirm(&vault, 1);
    ok(crate::vault::set_aside::note(
        &vault.conn,
        &[crate::vault::SetAside {
            reference: reference.clone(),
            revision: 2,
            received_at: "2026-12-02T00:00:00Z".into(),
            resolved: true,
        }],
        "2026-12-02T09:00:00Z",
    ));
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty());
    assert!(!ok(vault.is_stub(&reference)));
    // Even after a later full export confirmed clean.
    export(&mut vault, 2, "full");
    confirm(&vault, 2);
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty());
}

#[test]
fn a_case_with_an_unsaved_draft_is_kept_whole_with_its_draft() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    close(&mut vault, &reference);
    let id = ok(vault.get_case(&reference)).meta.id.to_string();
    ok(vault.keep_draft(Some(&id), b"Ona draft"));
    export(&mut vault, 1, "incremental");
    confirm(&vault, 1);
    assert!(ok(vault.stub_candidates(1, later())).is_empty());
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty());
    assert!(!ok(vault.is_stub(&reference)));
    assert!(ok(vault.draft()).is_some(), "the draft is kept");
    // Once the draft is gone, the case qualifies.
    ok(vault.discard_draft());
    assert_eq!(ok(vault.reduce_to_stubs(1, later())), vec![reference]);
}

#[test]
fn a_clock_set_ahead_does_not_make_cases_old() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    close(&mut vault, &reference);
    export(&mut vault, 1, "incremental");
    // The commission confirmed it today; the mission's clock says three
    // years on.
    let today = crate::domain::today();
    confirm_on(
        &vault,
        1,
        Some(r#"{"cases":1,"new":1,"updated":0,"unchanged":0,"erased":0,"conflicts":0}"#),
        &format!("{today}T12:00:00Z"),
    );
    assert!(ok(vault.stub_candidates(1, later())).is_empty());
    assert!(ok(vault.reduce_to_stubs(1, later())).is_empty());
    assert!(!ok(vault.is_stub(&reference)));
}

#[test]
fn a_case_stored_with_the_stub_flag_is_refused() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, reference) = vault_with_a_case(dir.path());
    let record = ok(vault.get_case(&reference));
    let mut case = record.case.clone();
    case.held_by_commission = true;
    let error = vault.update_case(record.meta.id, case.clone(), record.meta.revision);
    assert!(
        matches!(&error, Err(super::Error::InvalidCase(p)) if p.iter().any(|p| p.field == "held_by_commission")),
        "{error:?}"
    );
    assert!(vault.create_case(case).is_err());
    assert!(!ok(vault.get_case(&reference)).case.held_by_commission);
}

#[test]
fn the_end_of_a_month() {
    assert_eq!(super::end_of_month(day(2026, 2, 1)), day(2026, 2, 28));
    assert_eq!(super::end_of_month(day(2026, 12, 1)), day(2026, 12, 31));
    assert_eq!(super::end_of_month(day(2028, 2, 10)), day(2028, 2, 29));
}

#[test]
fn only_the_cases_confirmed_are_erased() {
    let dir = ok(tempfile::tempdir());
    let (mut vault, first) = vault_with_a_case(dir.path());
    let record = ok(vault.get_case(&first));
    let mut case = record.case.clone();
    case.erase_after = Some(crate::domain::today());
    ok(vault.update_case(record.meta.id, case.clone(), record.meta.revision));
    // Became due after the list was shown: not erased.
    let second = ok(vault.create_case(case)).meta.reference;
    let tomorrow = crate::domain::today().succ_opt().unwrap_or_default();
    let erased = ok(vault.erase_due_of(std::slice::from_ref(&first), tomorrow));
    assert_eq!(erased.len(), 1);
    assert!(vault.get_case(&first).is_err());
    assert!(vault.get_case(&second).is_ok());
    // A listed case no longer due is not erased either.
    assert!(
        ok(vault.erase_due_of(std::slice::from_ref(&second), crate::domain::today())).is_empty()
    );
    assert!(vault.get_case(&second).is_ok());
}
