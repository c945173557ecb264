//! The editor on its own: what it lets save, and how it shows a received case.

use super::*;
use crate::domain::{CaseId, RecordMeta};
use crate::i18n::Language;

fn record(case: Case, mission: &str) -> CaseRecord {
    CaseRecord {
        meta: RecordMeta {
            id: CaseId::new(),
            reference: format!("{mission}-2026-0001"),
            origin_mission: mission.into(),
            revision: 1,
            epoch: None,
            created_at: chrono::Utc::now(),
            created_by: "J. Jonaitis".into(),
            updated_at: chrono::Utc::now(),
            updated_by: "J. Jonaitis".into(),
        },
        case,
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default()
}

#[test]
fn a_case_too_large_to_send_cannot_be_saved_and_the_editor_says_what_to_shorten() {
    let mut case = Case::default();
    case.first_contact.date = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap_or_default();
    case.follow_ups = (0..30)
        .map(|_| FollowUp {
            date: case.first_contact.date,
            kind: FollowUpKind::Phone,
            officer: None,
            summary: Some("ž".repeat(100_000)),
            next_action: None,
            next_action_due: None,
        })
        .collect();
    for (language, says) in [
        (
            Language::English,
            "too large to store and send to the commission",
        ),
        (
            Language::Lithuanian,
            "per didelė, kad ją būtų galima išsaugoti",
        ),
    ] {
        let i18n = I18n::new(language);
        let (mut editor, _) = Editor::open(
            record(case.clone(), "LT-LON"),
            today(),
            "J. Jonaitis",
            "LT-LON",
            &i18n,
        );
        editor.update(Message::Show(Section::Notes));
        let Some((bytes, max_bytes)) =
            validate(&case, today())
                .into_iter()
                .find_map(|error| match error.problem {
                    Problem::CaseTooLarge {
                        bytes, max_bytes, ..
                    } => Some((bytes, max_bytes)),
                    _ => None,
                })
        else {
            panic!("the case is not too large");
        };
        let megabytes = |bytes: usize| format!("{:.1}", bytes as f64 / 1e6);
        let expected = i18n.t_with(
            "editor-case-too-large",
            &[
                ("size", megabytes(bytes).into()),
                ("max", megabytes(max_bytes).into()),
                ("part", i18n.t("section-follow-ups").into()),
            ],
        );
        assert!(expected.contains(says), "{expected}");
        assert!(
            crate::gui::shows(editor.view(&i18n), &expected),
            "{language:?}"
        );
        editor.dirty = true;
        assert!(!editor.can_save());
    }
}

#[test]
fn a_redacted_case_shows_its_dates_as_months_and_the_age_at_first_contact() {
    let mut case = Case {
        redacted: true,
        ..Case::default()
    };
    case.first_contact.date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    case.person.age_at_first_contact = Some(28);
    let i18n = I18n::new(Language::English);
    let (editor, _) = Editor::open(record(case, "LT-LON"), today(), "A. Analyst", "HQ", &i18n);
    assert_eq!(editor.input(Field::ContactDate), "2026-11");
    assert!(editor.errors.is_empty(), "{:?}", editor.errors);
    let expected = i18n.t_with("editor-redacted", &[("age", "28".into())]);
    assert!(expected.contains("dates are shown as months"), "{expected}");
    assert!(crate::gui::shows(editor.view(&i18n), &expected));
}

/// The notes typed in their multi-line editor go into the draft kept at
/// lock, and the editor made again from it shows them (its own buffer is
/// filled anew, not only the form's copy); the buffer's `{:?}` hides them.
#[test]
fn notes_typed_in_the_multi_line_editor_come_back_from_a_draft() {
    use iced::widget::text_editor::{Action as Edit, Edit as Key};
    let i18n = I18n::new(Language::English);
    let (mut editor, _) = Editor::new_case(today(), "J. Jonaitis", &i18n);
    for c in "Zqnote one".chars() {
        editor.update(Message::NotesEdited(Edit::Edit(Key::Insert(c))));
    }
    editor.update(Message::NotesEdited(Edit::Edit(Key::Enter)));
    for c in "two".chars() {
        editor.update(Message::NotesEdited(Edit::Edit(Key::Insert(c))));
    }
    // A line begun: kept as typed, though the case stores the text trimmed.
    editor.update(Message::NotesEdited(Edit::Edit(Key::Enter)));
    assert!(editor.is_dirty());
    assert_eq!(editor.case.notes.as_deref(), Some("Zqnote one\ntwo"));
    assert!(!format!("{:?}", editor.notes).contains("Zqnote"));
    let Some(draft) = editor.draft() else {
        panic!("no draft of a changed case");
    };
    drop(editor);
    let restored = Restored::read(&draft.body, |_| None).unwrap_or_else(|| panic!("unread"));
    let (editor, _) = Editor::restore(restored, today(), "J. Jonaitis", &i18n);
    assert_eq!(editor.notes.0.text(), "Zqnote one\ntwo\n");
    assert_eq!(editor.case.notes.as_deref(), Some("Zqnote one\ntwo"));
}

#[test]
fn an_editors_debug_text_names_no_one() {
    let mut case = Case::default();
    case.first_contact.date = today();
    case.person.given_name = Some("Žemaitė".into());
    case.notes = Some("met at the bus station".into());
    let i18n = I18n::new(Language::English);
    let (editor, _) = Editor::open(
        record(case, "LT-LON"),
        today(),
        "J. Jonaitis",
        "LT-LON",
        &i18n,
    );
    let printed = format!("{editor:?}");
    assert!(printed.starts_with("Editor"), "{printed}");
    for secret in ["Žemaitė", "bus station"] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
}

/// A stub of a record the commission holds opens read-only at its own
/// mission, saying why and that it cannot be reopened, with its dates kept,
/// no way to save, and Erase (with its confirmation) still there.
#[test]
fn a_stub_opens_read_only_as_held_by_the_commission() {
    let mut case = Case {
        status: crate::domain::CaseStatus::Closed,
        ..Case::default()
    };
    case.first_contact.date = NaiveDate::from_ymd_opt(2025, 1, 10).unwrap_or_default();
    case.person.given_name = Some("Rūta".into());
    let stub = case.stub();
    for language in [Language::English, Language::Lithuanian] {
        let i18n = I18n::new(language);
        let (editor, _) = Editor::open(
            record(stub.clone(), "LT-LON"),
            today(),
            "J. Jonaitis",
            "LT-LON",
            &i18n,
        );
        assert!(editor.read_only.is_some());
        assert!(!editor.can_save());
        assert_eq!(editor.input(Field::ContactDate), "2025-01-10");
        assert_eq!(editor.input(Field::GivenName), "");
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-title")
        ));
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-why")
        ));
        // It says plainly that it cannot be reopened, and it may be erased.
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-final")
        ));
        assert!(editor.may_erase());
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-erase")
        ));
    }
    // Another mission's stub-flagged record is not this mission's to erase.
    let i18n = I18n::new(Language::English);
    let (editor, _) = Editor::open(
        record(stub.clone(), "LT-RIG"),
        today(),
        "J. Jonaitis",
        "LT-LON",
        &i18n,
    );
    assert!(!editor.may_erase());
    // The same case whole is the mission's to edit.
    let i18n = I18n::new(Language::English);
    let (editor, _) = Editor::open(
        record(case, "LT-LON"),
        today(),
        "J. Jonaitis",
        "LT-LON",
        &i18n,
    );
    assert!(editor.read_only.is_none());
    assert!(!crate::gui::shows(
        editor.view(&i18n),
        &i18n.t("editor-stub-title")
    ));
}

/// At its own mission a stub offers "Consent withdrawn…", which asks
/// first: Cancel changes nothing, Confirm asks the vault to record it, and
/// the notice then says when and what the next export does. Another
/// mission's stub offers nothing.
#[test]
fn a_stubs_consent_is_withdrawn_after_one_confirmation() {
    let mut case = Case {
        status: crate::domain::CaseStatus::Closed,
        ..Case::default()
    };
    case.first_contact.date = NaiveDate::from_ymd_opt(2025, 1, 10).unwrap_or_default();
    let stub = case.stub();
    for language in [Language::English, Language::Lithuanian] {
        let i18n = I18n::new(language);
        let (mut editor, _) = Editor::open(
            record(stub.clone(), "LT-LON"),
            today(),
            "J. Jonaitis",
            "LT-LON",
            &i18n,
        );
        let id = editor.record.as_ref().map(|r| r.meta.id);
        let Some(id) = id else { panic!("no record") };
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-withdraw")
        ));
        let action = editor.update(Message::Stub(stub::Message::Withdraw));
        assert!(matches!(action, Action::None));
        // The question names the stub and its dates, which the officer
        // checks against the person (a stub holds no name).
        let question = i18n.t_with(
            "editor-stub-withdraw-confirm",
            &[
                ("reference", "LT-LON-2026-0001".into()),
                ("opened", "2025-01-10".into()),
                ("last", "2025-01-10".into()),
            ],
        );
        assert!(crate::gui::shows(editor.view(&i18n), &question));
        let action = editor.update(Message::Stub(stub::Message::Cancel));
        assert!(matches!(action, Action::None));
        assert!(!crate::gui::shows(editor.view(&i18n), &question));
        // Esc answers No too.
        editor.update(Message::Stub(stub::Message::Withdraw));
        assert!(crate::gui::shows(editor.view(&i18n), &question));
        assert!(editor.close_menu());
        assert!(!crate::gui::shows(editor.view(&i18n), &question));
        editor.update(Message::Stub(stub::Message::Withdraw));
        let action = editor.update(Message::Stub(stub::Message::Confirm));
        assert!(matches!(action, Action::WithdrawConsent(withdrawn) if withdrawn == id));
        // A result for another stub (opened before this one) is ignored.
        editor.update(Message::Stub(stub::Message::Withdrawn(
            CaseId::new(),
            Ok(Some(stub::Recorded {
                at: "2026-12-01T09:15:02Z".into(),
                exported: true,
            })),
        )));
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-withdraw")
        ));
        editor.update(Message::Stub(stub::Message::Withdrawn(
            id,
            Ok(Some(stub::Recorded {
                at: "2026-12-06T09:15:02.123456Z".into(),
                exported: false,
            })),
        )));
        let said = i18n.t_with("editor-stub-withdrawn", &[("date", "2026-12-06".into())]);
        assert!(crate::gui::shows(editor.view(&i18n), &said));
        assert!(!crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-withdraw")
        ));
        // Not yet exported: it can be retracted, and is gone once the
        // vault says so.
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-retract")
        ));
        let action = editor.update(Message::Stub(stub::Message::Retract));
        assert!(matches!(action, Action::RetractWithdrawal(retracted) if retracted == id));
        editor.update(Message::Stub(stub::Message::Withdrawn(id, Ok(None))));
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-withdraw")
        ));
        // Exported (as read when a stub opens): final, no retraction.
        editor.update(Message::Stub(stub::Message::Withdrawn(
            id,
            Ok(Some(stub::Recorded {
                at: "2026-12-06T09:15:02Z".into(),
                exported: true,
            })),
        )));
        assert!(crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-withdrawn-exported")
        ));
        assert!(!crate::gui::shows(
            editor.view(&i18n),
            &i18n.t("editor-stub-retract")
        ));
        assert!(matches!(
            editor.update(Message::Stub(stub::Message::Retract)),
            Action::None
        ));
    }
    let i18n = I18n::new(Language::English);
    let (mut editor, _) = Editor::open(
        record(stub, "LT-RIG"),
        today(),
        "J. Jonaitis",
        "LT-LON",
        &i18n,
    );
    assert!(!crate::gui::shows(
        editor.view(&i18n),
        &i18n.t("editor-stub-withdraw")
    ));
    editor.update(Message::Stub(stub::Message::Withdraw));
    assert!(matches!(
        editor.update(Message::Stub(stub::Message::Confirm)),
        Action::None
    ));
}
