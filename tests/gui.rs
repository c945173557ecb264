//! The desktop application's flows, driven headless with `iced_test`: the
//! simulator renders a view and turns clicks and typing into messages; the
//! test feeds them to `App::update` and runs the store jobs it asks for.

mod common;

use std::time::Duration;

use casebook::gui::clock::Moment;
use casebook::gui::{App, Effect, Message};
use casebook::i18n::Language;
use common::*;
use iced::{keyboard, widget};

/// The simulator, with the application's fonts and room for the longest form
/// (the Exploitation section with its trafficking history).
fn ui(app: &App) -> iced_test::Simulator<'_, Message> {
    iced_test::Simulator::with_size(casebook::gui::settings(), (1280.0, 2000.0), app.view())
}

/// Feeds `message` to the app and runs every job it asks for, recursively,
/// as the application would on its worker threads.
fn send(app: &mut App, message: Message) {
    let effect = app.update(message);
    run(app, effect);
}

fn run(app: &mut App, effect: Effect) {
    for job in effect.into_jobs() {
        let message = job.run();
        send(app, message);
    }
}

/// One interaction on the current view: the closure clicks and types; the
/// messages it produced are then applied.
fn interact(app: &mut App, act: impl FnOnce(&mut iced_test::Simulator<'_, Message>)) {
    let messages: Vec<Message> = {
        let mut ui = ui(app);
        act(&mut ui);
        ui.into_messages().collect()
    };
    for message in messages {
        send(app, message);
    }
}

/// Clicks the field, deletes what is there, and types `text`.
fn type_into(app: &mut App, id: &'static str, text: &str) {
    interact(app, |ui| {
        ui.click(widget::Id::new(id))
            .unwrap_or_else(|e| panic!("no field {id}: {e:?}"));
        ui.tap_key(keyboard::key::Named::End);
        for _ in 0..64 {
            ui.tap_key(keyboard::key::Named::Backspace);
        }
        ui.typewrite(text);
    });
}

fn click(app: &mut App, label: &str) {
    let label = label.to_owned();
    interact(app, move |ui| {
        ui.click(label.as_str())
            .unwrap_or_else(|e| panic!("no button {label}: {e:?}"));
    });
}

fn shows(app: &App, text: &str) -> bool {
    let mut ui = ui(app);
    ui.find(text).is_ok()
}

/// Whether some text on screen holds `part` (for a message that ends with
/// an error the test does not spell out).
fn shows_part(app: &App, part: &str) -> bool {
    use iced_test::selector::Candidate;
    let mut ui = ui(app);
    ui.find(|candidate: Candidate<'_>| match candidate {
        Candidate::Text { content, .. } if content.contains(part) => Some(()),
        _ => None,
    })
    .is_ok()
}

/// A vault made through the library (cheap key derivation), and the app on it.
fn app_on_vault() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    drop(new_vault(dir.path()));
    let (app, _) = App::new(dir.path().to_path_buf(), Language::English);
    (dir, app)
}

fn unlock(app: &mut App, passphrase: &str) {
    type_into(app, "passphrase-input", passphrase);
    click(app, "Unlock");
}

#[test]
fn first_run_creates_a_vault_and_opens_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault = dir.path().join("vault");
    let (mut app, _) = App::new(vault.clone(), Language::English);
    assert!(shows(&app, "Create your vault"));
    type_into(&mut app, "new-vault-mission-code", "lt-lon");
    type_into(&mut app, "new-vault-mission-name", "Embassy in London");
    type_into(&mut app, "new-vault-officer", "J. Jonaitis");
    type_into(&mut app, "new-vault-passphrase", "short");
    assert!(shows(
        &app,
        "The passphrase is too easy to guess: use at least 12 characters, better several unrelated words."
    ));
    type_into(&mut app, "new-vault-passphrase", PASSPHRASE);
    type_into(
        &mut app,
        "new-vault-repeat",
        "correct horse battery stapler",
    );
    assert!(shows(&app, "The two passphrases are not the same."));
    type_into(&mut app, "new-vault-repeat", PASSPHRASE);
    click(&mut app, "Create vault");
    assert!(app.is_unlocked(), "the new vault should be open");
    assert!(casebook::vault::exists(&vault));
    assert!(shows(
        &app,
        "No cases yet. Press Ctrl+N to record a first contact."
    ));
    assert_eq!(app.title(), "Casebook — LT-LON");
}

#[test]
fn add_find_edit_lock_unlock_a_case() {
    let (_dir, mut app) = app_on_vault();
    assert!(app.is_locked());
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_unlocked());

    // New case with a few fields.
    click(&mut app, "New case");
    assert!(app.is_editing());
    type_into(&mut app, "case-field-given-name", "Ona");
    type_into(&mut app, "case-field-family-name", "Žemaitytė");
    click(&mut app, "Save");
    click(&mut app, "Back");
    assert!(!app.is_editing());
    let references = app.listed_references();
    assert_eq!(references.len(), 1);
    let reference = references[0].clone();
    assert!(shows(&app, &reference));
    // Discreet mode is on by default: initials, not the name.
    assert!(shows(&app, "O. Ž."));
    assert!(!shows(&app, "Ona Žemaitytė"));

    // Search without the accents.
    type_into(&mut app, "case-search-input", "zemaityte");
    assert_eq!(app.listed_references(), std::slice::from_ref(&reference));
    type_into(&mut app, "case-search-input", "nobody-by-that-name");
    assert!(app.listed_references().is_empty());
    assert!(shows(&app, "No case matches."));
    type_into(&mut app, "case-search-input", "ona");

    // Edit and save.
    click(&mut app, &reference);
    assert!(app.is_editing());
    click(&mut app, "Notes & retention");
    type_into(&mut app, "case-field-notes", "Met at the station");
    click(&mut app, "Save");
    assert!(shows(&app, &format!("{reference} · revision 2")));
    click(&mut app, "Back");

    // Lock, then unlock: still there.
    click(&mut app, "Lock");
    assert!(app.is_locked());
    unlock(&mut app, PASSPHRASE);
    assert_eq!(app.listed_references(), [reference]);
}

#[test]
fn a_wrong_passphrase_shows_the_error() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, "not the passphrase");
    assert!(app.is_locked());
    assert!(shows(
        &app,
        "Wrong passphrase. Check Caps Lock and the keyboard language, then try again."
    ));
}

#[test]
fn an_invalid_date_shows_the_message_and_blocks_save() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-birth-date", "2001-13-45");
    // Not while the date is being typed: when it is left, or at Save.
    assert!(!shows(
        &app,
        "Birth date (Person): Write the date as YYYY-MM-DD, for example 2026-11-20."
    ));
    click(&mut app, "Save");
    assert!(shows(
        &app,
        "Birth date (Person): Write the date as YYYY-MM-DD, for example 2026-11-20."
    ));
    assert!(shows(&app, "Person •"), "the section's tab is marked");
    // Nothing was saved: back asks about the unsaved changes instead of leaving.
    click(&mut app, "Back");
    assert!(app.is_editing());
    assert!(shows(&app, "This case has unsaved changes."));
    click(&mut app, "Discard changes");
    assert!(!app.is_editing());
    assert!(app.listed_references().is_empty());
}

#[test]
fn a_birth_date_after_first_contact_is_named_beside_the_field() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-birth-date", "2099-01-01");
    // Told when the field is left.
    assert!(!shows(&app, "This date is in the future."));
    send(&mut app, tab());
    assert!(shows(&app, "This date is in the future."));
}

#[test]
fn idle_time_locks_the_vault_and_keeps_the_draft_inside_it() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-given-name", "Draftmarker");
    let start = Moment::now();
    app.set_last_activity(start);
    // Four minutes idle: still open (the default is five).
    let effect = app.tick(start.after_awake(Duration::from_secs(4 * 60)));
    run(&mut app, effect);
    assert!(app.is_unlocked());
    let effect = app.tick(start.after_awake(Duration::from_secs(5 * 60)));
    run(&mut app, effect);
    assert!(app.is_locked());
    assert!(shows(
        &app,
        "The unsaved changes were kept inside the vault; they open again at the next unlock."
    ));
    assert_eq!(
        files_containing(dir.path(), "Draftmarker"),
        Vec::<std::path::PathBuf>::new()
    );
    unlock(&mut app, PASSPHRASE);
    // Offered back, unsaved: the interview note is not lost to the idle lock.
    assert!(app.is_editing());
    assert!(shows(&app, "Draftmarker"));
    assert!(shows(
        &app,
        "These are the changes left unsaved when the vault locked. Save them, or go back and discard them."
    ));
    // Discarded here, it is discarded from the vault too.
    click(&mut app, "Back");
    click(&mut app, "Discard changes");
    assert!(!app.is_editing());
    assert!(app.listed_references().is_empty(), "nothing was saved");
    send(&mut app, Message::Lock);
    unlock(&mut app, PASSPHRASE);
    assert!(!app.is_editing(), "a discarded draft is not offered again");
}

#[test]
fn an_identified_victim_without_who_decided_is_named_beside_the_field() {
    use casebook::domain::{DecisionMaker, TraffickingStatus};
    use casebook::gui::screen::editor;
    use casebook::gui::widget::Choice;
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    click(&mut app, "Assessment & indicators");
    let problem = "For an identified victim, say who identified them: police, NGO, court or prosecution, other government body, or other.";
    assert!(!shows(&app, problem));
    send(
        &mut app,
        Message::Editor(editor::Message::Trafficking(Choice::new(
            Some(TraffickingStatus::ActualVictimOfTrafficking),
            "Identified victim".into(),
        ))),
    );
    assert!(shows(&app, problem));
    // The line above the form names the list, not only its section.
    assert!(shows(
        &app,
        &format!("Status decided by (Assessment & indicators): {problem}")
    ));
    click(&mut app, "Save");
    click(&mut app, "Back");
    assert!(app.is_editing(), "the case must not have been saved");
    click(&mut app, "Keep editing");
    send(
        &mut app,
        Message::Editor(editor::Message::DecidedBy(Choice::new(
            Some(DecisionMaker::Police),
            "Police".into(),
        ))),
    );
    assert!(!shows(&app, problem));
    click(&mut app, "Save");
    click(&mut app, "Back");
    assert_eq!(app.listed_references().len(), 1);
}

#[test]
fn time_asleep_counts_towards_the_idle_lock() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-given-name", "Draft");
    let start = Moment::now();
    app.set_last_activity(start);
    // One minute of work, then the lid closes for a night: `Instant` stands
    // still while the laptop sleeps, the other clocks do not.
    let effect = app.tick(start.after_awake(Duration::from_secs(60)));
    run(&mut app, effect);
    assert!(app.is_unlocked());
    let woke = start
        .after_awake(Duration::from_secs(60))
        .after_asleep(Duration::from_secs(8 * 3600));
    let effect = app.tick(woke.after_awake(Duration::from_secs(1)));
    run(&mut app, effect);
    assert!(app.is_locked(), "the first tick after waking must lock");
    unlock(&mut app, PASSPHRASE);
    assert!(
        app.listed_references().is_empty(),
        "the draft must not have been saved"
    );
}

/// The first click or key after a sleep longer than the idle limit locks,
/// and is not taken as activity that would start the idle time again.
#[test]
fn the_first_click_or_key_after_waking_locks_instead_of_counting_as_activity() {
    let key = || {
        Message::Key(
            keyboard::Key::Character("a".into()),
            keyboard::key::Physical::Code(keyboard::key::Code::KeyA),
            keyboard::Modifiers::default(),
            true,
        )
    };
    let (_dir, mut app) = app_on_vault();
    for (name, input) in [("a click", Message::Activity), ("a key", key())] {
        unlock(&mut app, PASSPHRASE);
        click(&mut app, "New case");
        type_into(&mut app, "case-field-given-name", "Draft");
        let start = Moment::now();
        app.set_last_activity(start);
        let effect = app.tick(start.after_awake(Duration::from_secs(60)));
        run(&mut app, effect);
        assert!(app.is_unlocked());
        // The lid closes for a night; on waking, the input comes before the tick.
        let woke = start
            .after_awake(Duration::from_secs(60))
            .after_asleep(Duration::from_secs(8 * 3600));
        let effect = app.update_at(input, woke);
        run(&mut app, effect);
        assert!(app.is_locked(), "{name} after waking must lock");
        // And the next tick finds nothing to undo.
        let effect = app.tick(woke.after_awake(Duration::from_secs(1)));
        run(&mut app, effect);
        assert!(app.is_locked(), "{name}");
    }
    unlock(&mut app, PASSPHRASE);
    assert!(
        app.listed_references().is_empty(),
        "the draft must not have been saved"
    );
}

/// Ctrl+C in a Cyrillic layout: the key gives `с`, the field copies because
/// the key's place is the Latin C (as iced's fields decide), and the app must
/// note the copy so that locking can empty the clipboard.
#[test]
fn a_copy_in_a_cyrillic_layout_is_noted_so_that_locking_empties_the_clipboard() {
    use casebook::gui::clipboard::{Fingerprint, Reading, Request};
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-family-name", "Žemaitytė");
    for (letter, code) in [
        ("с", keyboard::key::Code::KeyC),
        ("ч", keyboard::key::Code::KeyX),
    ] {
        let effect = app.update(Message::Key(
            keyboard::Key::Character(letter.into()),
            keyboard::key::Physical::Code(code),
            keyboard::Modifiers::CTRL,
            true,
        ));
        assert_eq!(
            effect.clipboard(),
            [Request::Read(Reading::Copied)],
            "{letter}"
        );
        run(&mut app, effect);
    }
    send(
        &mut app,
        Message::ClipboardRead(Reading::Copied, Some(Fingerprint::of("Žemaitytė"))),
    );
    assert_eq!(idle_lock(&mut app), [Request::Read(Reading::Locking)]);
    let effect = app.update(Message::ClipboardRead(
        Reading::Locking,
        Some(Fingerprint::of("Žemaitytė")),
    ));
    assert_eq!(effect.clipboard(), [Request::Clear]);
}

/// A passphrase change that wrote its header but could not open the
/// database again leaves the vault without one: the window locks and says
/// to unlock with the new passphrase.
#[test]
fn a_passphrase_change_that_cannot_reopen_the_vault_locks_it() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    send(
        &mut app,
        Message::Settings(casebook::gui::screen::settings::Message::PassphraseChanged(
            Err(casebook::vault::Error::ReopenAfterPassphraseChange),
        )),
    );
    assert!(app.is_locked());
    assert!(shows(
        &app,
        "The passphrase was changed, but the vault could not be opened again with it, so it was locked. Unlock it with the new passphrase."
    ));
}

/// A passphrase change holds the vault for minutes; locking then would wait
/// for it on the window's thread and freeze the window. Ctrl+L says the
/// lock waits, the idle lock waits, and both lock once the change is done.
#[test]
fn locking_waits_for_a_running_passphrase_change_without_freezing_the_window() {
    use casebook::gui::screen::settings;
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    for (field, value) in [
        (settings::Field::Current, PASSPHRASE),
        (settings::Field::New, "velvet lantern quarry moss harbour"),
        (
            settings::Field::Repeat,
            "velvet lantern quarry moss harbour",
        ),
    ] {
        send(
            &mut app,
            Message::Settings(settings::Message::FieldChanged(field, value.into())),
        );
    }
    // The change's job is not run: it is still going (it holds the vault
    // until it is dropped).
    let running = app.update(Message::Settings(settings::Message::ChangePassphrase));
    let jobs = running.into_jobs();
    assert!(!jobs.is_empty());

    let effect = app.update(Message::Key(
        keyboard::Key::Character("l".into()),
        keyboard::key::Physical::Code(keyboard::key::Code::KeyL),
        keyboard::Modifiers::CTRL,
        false,
    ));
    assert!(effect.into_jobs().is_empty());
    assert!(app.is_unlocked());
    assert!(shows(
        &app,
        "The vault will lock once the passphrase change has finished; it cannot lock while the change runs."
    ));
    let start = Moment::now();
    app.set_last_activity(start);
    let later = start.after_awake(Duration::from_secs(3600));
    let effect = app.tick(later);
    assert!(app.is_unlocked(), "the idle lock waits for the change");
    run(&mut app, effect);
    send(&mut app, Message::ShowCases);
    assert!(
        shows(
            &app,
            "The vault will lock once the passphrase change has finished; it cannot lock while the change runs."
        ),
        "the wait is all the window shows"
    );
    assert!(!shows(&app, "Change passphrase"));
    assert!(
        !shows(&app, "Cancel"),
        "a passphrase change is not cancelled"
    );

    // The change ends: its worker lets go of the vault, then says so.
    drop(jobs);
    send(
        &mut app,
        Message::Settings(settings::Message::PassphraseChanged(Ok(()))),
    );
    let effect = app.tick(later.after_awake(Duration::from_secs(1)));
    run(&mut app, effect);
    assert!(app.is_locked(), "the first tick after the change locks");
}

#[test]
fn no_screen_shows_a_typed_passphrase_in_its_debug_form() {
    use casebook::gui::screen::{first_run, settings, unlock};
    let typed = "typed-passphrase-canary";

    let (mut form, _) = unlock::Unlock::new(None);
    let _ = form.update(unlock::Message::PassphraseChanged(typed.into()));
    let (mut new, _) = first_run::FirstRun::new();
    let _ = new.update(first_run::Message::FieldChanged(
        first_run::Field::Passphrase,
        typed.into(),
    ));
    let _ = new.update(first_run::Message::FieldChanged(
        first_run::Field::Repeat,
        typed.into(),
    ));
    let (mut change, _) = settings::Settings::new(
        settings::Preferences::default(),
        None,
        Default::default(),
        None,
    );
    for field in [
        settings::Field::Current,
        settings::Field::New,
        settings::Field::Repeat,
    ] {
        let _ = change.update(settings::Message::FieldChanged(field, typed.into()));
    }
    for shown in [
        format!("{form:?}"),
        format!("{new:?}"),
        format!("{change:?}"),
    ] {
        assert!(!shown.contains(typed), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
}

/// Ctrl+C in a field: the field writes the clipboard itself; the app then
/// asks to read it back, and the test, playing the clipboard, answers that
/// it holds `text`.
fn copy_from_a_field(app: &mut App, text: &str) {
    use casebook::gui::clipboard::{Fingerprint, Reading, Request};
    let effect = app.update(Message::Key(
        keyboard::Key::Character("c".into()),
        keyboard::key::Physical::Code(keyboard::key::Code::KeyC),
        keyboard::Modifiers::CTRL,
        true,
    ));
    assert_eq!(effect.clipboard(), [Request::Read(Reading::Copied)]);
    send(
        app,
        Message::ClipboardRead(Reading::Copied, Some(Fingerprint::of(text))),
    );
}

/// Locks through the idle timer and gives what it asks of the clipboard.
fn idle_lock(app: &mut App) -> Vec<casebook::gui::clipboard::Request> {
    let start = Moment::now();
    app.set_last_activity(start);
    let effect = app.tick(start.after_awake(Duration::from_secs(3600)));
    assert!(app.is_locked());
    let asked = effect.clipboard();
    run(app, effect);
    asked
}

#[test]
fn locking_empties_the_clipboard_if_it_still_holds_what_a_field_copied() {
    use casebook::gui::clipboard::{Fingerprint, Reading, Request};
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-family-name", "Žemaitytė");
    copy_from_a_field(&mut app, "Žemaitytė");
    assert_eq!(idle_lock(&mut app), [Request::Read(Reading::Locking)]);
    let effect = app.update(Message::ClipboardRead(
        Reading::Locking,
        Some(Fingerprint::of("Žemaitytė")),
    ));
    assert_eq!(effect.clipboard(), [Request::Clear]);
}

#[test]
fn locking_leaves_the_clipboard_alone_if_casebook_did_not_put_its_text_there() {
    use casebook::gui::clipboard::{Fingerprint, Reading, Request};
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    // Nothing copied: locking does not even look.
    assert!(idle_lock(&mut app).is_empty());

    // Copied, then the officer copied something else in another program.
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-family-name", "Žemaitytė");
    copy_from_a_field(&mut app, "Žemaitytė");
    assert_eq!(idle_lock(&mut app), [Request::Read(Reading::Locking)]);
    let effect = app.update(Message::ClipboardRead(
        Reading::Locking,
        Some(Fingerprint::of("an address from the mail program")),
    ));
    assert!(effect.clipboard().is_empty());
}

/// Ctrl+L because someone came in: the vault locks at once, the draft is
/// kept inside it (no file holds what was typed), and the next unlock gives
/// every field back as it was typed; saving then forgets the draft.
#[test]
fn ctrl_l_with_unsaved_changes_locks_at_once_and_the_draft_comes_back() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    let typed = [
        ("case-field-given-name", "Zqmarker"),
        ("case-field-family-name", "Petraitytė"),
        // Half typed: comes back as typed, not as a parsed date.
        ("case-field-birth-date", "2010-02-1"),
        ("case-field-phone", "+447700900123"),
        ("case-field-document-number", "LT1234567"),
    ];
    for (id, text) in typed {
        type_into(&mut app, id, text);
    }
    click(&mut app, "Notes & retention");
    type_into(&mut app, "case-field-notes", "Came in with a cousin");
    send(&mut app, ctrl("l", keyboard::key::Code::KeyL));
    assert!(
        app.is_locked(),
        "Ctrl+L locks at once, unsaved changes or not"
    );
    assert!(!shows(&app, "Zqmarker"));
    for marker in ["Zqmarker", "LT1234567", "Came in with a cousin"] {
        assert_eq!(
            files_containing(dir.path(), marker),
            Vec::<std::path::PathBuf>::new(),
            "{marker} is on disk in clear"
        );
    }
    let vault = open(dir.path());
    let log = vault.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    assert!(log.iter().any(|e| e.action == "draft-kept"));
    assert!(
        !log.iter().any(
            |e| format!("{e:?}").contains("Zqmarker") || format!("{e:?}").contains("LT1234567")
        ),
        "the audit log records the action, never what was typed"
    );
    drop(vault);

    unlock(&mut app, PASSPHRASE);
    assert!(app.is_editing(), "the draft is offered at unlock");
    let mut window = Window::new(&app);
    click(&mut app, "Person");
    for (id, text) in typed {
        assert_eq!(
            value_in(&mut window, &app, id),
            text,
            "{id} comes back as typed"
        );
    }
    type_into(&mut app, "case-field-birth-date", "2010-02-11");
    click(&mut app, "Save");
    click(&mut app, "Back");
    assert_eq!(app.listed_references().len(), 1);
    send(&mut app, ctrl("l", keyboard::key::Code::KeyL));
    unlock(&mut app, PASSPHRASE);
    assert!(!app.is_editing(), "a saved draft is not offered again");
    let references = app.listed_references();
    assert_eq!(references.len(), 1);
    // The notes' multi-line editor was kept in the draft too.
    drop(app);
    let case = open(dir.path())
        .view_case(&references[0])
        .unwrap_or_else(|e| panic!("{e}"))
        .case;
    assert_eq!(case.notes.as_deref(), Some("Came in with a cousin"));
}

#[test]
fn the_interface_speaks_lithuanian() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    drop(new_vault(dir.path()));
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::Lithuanian);
    assert!(shows(&app, "Saugykla užrakinta"));
    type_into(&mut app, "passphrase-input", "neteisinga slaptafrazė");
    click(&mut app, "Atrakinti");
    assert!(shows(
        &app,
        "Neteisinga slaptafrazė. Patikrinkite „Caps Lock“ ir klaviatūros kalbą, tada bandykite dar kartą."
    ));
}

#[test]
fn a_referral_added_in_the_editor_is_saved_with_the_case() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-given-name", "Ona");
    click(&mut app, "Referrals");
    type_into(&mut app, "case-field-referral-date", "2026-11-21");
    type_into(
        &mut app,
        "case-field-referral-organisation",
        "Local shelter NGO",
    );
    click(&mut app, "Add");
    assert!(shows(&app, "Local shelter NGO"));
    click(&mut app, "Save");
    click(&mut app, "Back");
    let reference = app
        .listed_references()
        .pop()
        .unwrap_or_else(|| panic!("nothing listed"));
    click(&mut app, "Lock");
    let vault = open(dir.path());
    let record = vault.get_case(&reference).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record.case.referrals.len(), 1);
    assert_eq!(record.case.referrals[0].organisation, "Local shelter NGO");
    assert_eq!(record.case.referrals[0].date, date(2026, 11, 21));
}

#[test]
fn editing_one_field_keeps_every_other_field_of_a_full_case() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let original = vault
        .create_case(fixture_case("case-full.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    unlock(&mut app, PASSPHRASE);
    click(&mut app, &original.meta.reference);
    click(&mut app, "Notes & retention");
    type_into(&mut app, "case-field-notes", "Changed note");
    click(&mut app, "Save");
    click(&mut app, "Lock");

    let vault = open(dir.path());
    let saved = vault
        .get_case(&original.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(saved.meta.revision, 2);
    let mut expected = original.case.clone();
    expected.notes = Some("Changed note".into());
    assert_eq!(saved.case, expected);
}

/// An app unlocked on a vault made through the library.
fn unlocked_app(vault: casebook::vault::Vault) -> App {
    let dir = vault.dir().to_path_buf();
    drop(vault);
    let (mut app, _) = App::new(dir, Language::English);
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_unlocked());
    app
}

fn exchange_message(message: casebook::gui::screen::exchange::Message) -> Message {
    Message::Exchange(message)
}

#[test]
fn a_mission_exports_and_the_commission_approves_and_imports_through_the_window() {
    use casebook::gui::screen::exchange::Message as Exchange;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission_vault = new_commission_vault(&dir.path().join("commission"));
    let key = casebook::exchange::commission_public_key(&commission_vault)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mission_vault = new_vault(&dir.path().join("mission"));
    mission_vault
        .generate_recorded(2, 12, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));

    let mission_key =
        casebook::exchange::mission_public_key(&mission_vault).unwrap_or_else(|e| panic!("{e}"));
    // Without the commission's key the mission is told to load it first.
    let mut mission = unlocked_app(mission_vault);
    click(&mut mission, "Export");
    assert!(shows(&mission, "Export for the commission"), "title");
    assert!(shows(&mission, "What the export carries"), "loaded");
    assert!(shows(&mission, "12 cases, 0 erasures"));
    assert!(shows(&mission, "Load the commission's key…"));
    let key_file = dir.path().join("commission.pub");
    std::fs::write(&key_file, format!("{key}\n")).unwrap_or_else(|e| panic!("{e}"));
    send(
        &mut mission,
        exchange_message(Exchange::KeyFileChosen(Some(key_file))),
    );
    assert!(shows_part(
        &mission,
        "The commission's key is stored. Its fingerprint: "
    ));
    assert!(shows(
        &mission,
        &casebook::exchange::commission_key_fingerprint(&key)
    ));
    assert!(shows(
        &mission,
        &format!(
            "This mission's signing key: {}. The commission compares it with you when it approves your first export.",
            casebook::exchange::key_fingerprint(&mission_key)
        )
    ));

    // The native save dialog hands back a path; the export runs.
    click(&mut mission, "Export…");
    let file = dir.path().join("LT-LON-export-1.age");
    send(
        &mut mission,
        exchange_message(Exchange::ExportFileChosen(Some(file.clone()))),
    );
    assert!(shows(&mission, "Export number 1 is written"));
    assert!(file.is_file());
    assert!(shows(&mission, "0 cases, 0 erasures"));
    send(&mut mission, Message::Lock);

    // The commission: a new mission is shown with its fingerprint and
    // imported only once approved.
    let mut commission = unlocked_app(commission_vault);
    send(
        &mut commission,
        Message::Key(
            keyboard::Key::Character("e".into()),
            keyboard::key::Physical::Code(keyboard::key::Code::KeyE),
            keyboard::Modifiers::CTRL,
            false,
        ),
    );
    assert!(shows(&commission, "Import from missions"));
    send(
        &mut commission,
        exchange_message(Exchange::ImportFilesChosen(vec![file.clone()])),
    );
    assert!(shows(
        &commission,
        "New mission: LT-LON (Embassy in London)"
    ));
    click(&mut commission, "Approve and import");
    assert!(shows(&commission, "LT-LON, export 1"));
    assert!(shows(&commission, "12"));
    // The row adds up to what the file carried: the versions of cases
    // erased here and the withdrawn consents have their columns.
    assert!(shows(&commission, "Erased here"));
    assert!(shows(&commission, "Consent withdrawn"));
    assert!(shows(&commission, "Approved missions"));

    // An imported case opens read-only at the commission.
    click(&mut commission, "Cases");
    let reference = commission
        .listed_references()
        .pop()
        .unwrap_or_else(|| panic!("nothing listed"));
    click(&mut commission, &reference);
    assert!(shows(
        &commission,
        "This case comes from mission LT-LON. It is shown here as the mission last exported it and changes only through its next export."
    ));
    assert!(!shows(&commission, "Erase case"));
    send(&mut commission, Message::ShowExchange);
    assert!(
        !shows(&commission, "Import from missions"),
        "the editor stays until closed"
    );
    click(&mut commission, "Back");
    send(&mut commission, Message::ShowExchange);

    // The same file again: recognised as a duplicate, nothing changes.
    send(
        &mut commission,
        exchange_message(Exchange::ImportFilesChosen(vec![file.clone()])),
    );
    let today = chrono::Utc::now().date_naive();
    assert!(shows(
        &commission,
        &format!("Imported before, on {today}; nothing changed.")
    ));

    // A damaged file: a plain-words reason in the report.
    let damaged = dir.path().join("damaged.age");
    let mut bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&damaged, bytes).unwrap_or_else(|e| panic!("{e}"));
    send(
        &mut commission,
        exchange_message(Exchange::ImportFilesChosen(vec![damaged])),
    );
    assert!(shows(
        &commission,
        "The file is damaged or incomplete. Nothing was imported; ask the mission to send it again."
    ));

    // The commission's secret key, backed up under its own passphrase.
    use casebook::gui::screen::exchange::{BACKUP_PASSPHRASE_ID, BACKUP_REPEAT_ID};
    type_into(
        &mut commission,
        BACKUP_PASSPHRASE_ID,
        "granite orchard whistles",
    );
    type_into(&mut commission, BACKUP_REPEAT_ID, "granite orchard whistle");
    click(&mut commission, "Save the backup…");
    assert!(shows(&commission, "The two passphrases are not the same."));
    type_into(
        &mut commission,
        BACKUP_REPEAT_ID,
        "granite orchard whistles",
    );
    click(&mut commission, "Save the backup…");
    let backup = dir.path().join("identity.age");
    send(
        &mut commission,
        exchange_message(Exchange::IdentityBackupFileChosen(Some(backup.clone()))),
    );
    assert!(shows(
        &commission,
        &format!(
            "The key backup is saved in {}. Keep the file and its passphrase apart.",
            backup.display()
        )
    ));
    let bytes = std::fs::read(&backup).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
}

#[test]
fn statistics_show_counts_by_chosen_fields_and_export_a_suppressed_csv() {
    use casebook::gui::screen::statistics::{Choice, Message as Stats};
    use casebook::stats::Dimension;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("mission"));
    vault
        .generate_recorded(8, 30, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let expected = vault
        .statistics(
            Dimension::Gender,
            Some(Dimension::Minor),
            &Default::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let citizenships = vault
        .statistics(Dimension::Citizenship, None, &Default::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let first_country = citizenships
        .rows
        .iter()
        .flatten()
        .next()
        .cloned()
        .unwrap_or_else(|| panic!("not an array"));
    let mut app = unlocked_app(vault);
    click(&mut app, "Statistics");
    assert!(shows(&app, &format!("{} cases counted", expected.total)));
    let choose = |dimension: Dimension| Choice {
        value: dimension,
        label: String::new(),
    };
    let gender_by_minor = |app: &mut App| {
        send(
            app,
            Message::Statistics(Stats::RowsBy(choose(Dimension::Gender))),
        );
        send(
            app,
            Message::Statistics(Stats::ColumnsBy(Choice {
                value: Some(Dimension::Minor),
                label: String::new(),
            })),
        );
    };
    gender_by_minor(&mut app);
    assert!(shows(&app, "Woman"));
    assert!(shows(&app, "Adult"));
    assert!(shows(&app, &expected.total.to_string()));

    // Countries are named in the interface language.
    send(
        &mut app,
        Message::Statistics(Stats::RowsBy(choose(Dimension::Citizenship))),
    );
    assert!(shows(&app, &app.i18n().country(&first_country)));
    gender_by_minor(&mut app);

    // A year half typed is not counted with: the file states the filters
    // its table was counted with, not what the form holds now.
    send(&mut app, Message::Statistics(Stats::FromYear("20".into())));
    click(&mut app, "Export CSV…");
    let file = dir.path().join("table.csv");
    send(
        &mut app,
        Message::Statistics(Stats::CsvFileChosen(Some(file.clone()))),
    );
    assert!(shows(
        &app,
        &format!("The table is saved in {}.", file.display())
    ));
    let csv = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        csv,
        expected
            .to_csv(5, chrono::Utc::now().date_naive())
            .unwrap_or_else(|e| panic!("{e}"))
    );
    assert!(csv.contains("; all years;"), "{csv}");
}

#[test]
fn statistics_annual_report_asks_year_and_language_and_writes_a_private_pdf() {
    use casebook::gui::screen::statistics::{Message as Stats, report::Message as Report};
    use casebook::i18n::Language;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("mission"));
    vault
        .generate_recorded(8, 30, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    click(&mut app, "Statistics");
    assert!(!shows(&app, "Save the report…"));
    click(&mut app, "Annual report…");
    // Last year by default, the interface's language.
    let last_year = (chrono::Datelike::year(&chrono::Utc::now().date_naive()) - 1).to_string();
    assert!(shows(&app, "Year"), "the year is asked");
    assert!(shows(&app, "Save the report…"));
    // A year half typed cannot be saved: the hint says what is wanted.
    send(
        &mut app,
        Message::Statistics(Stats::Report(Report::Year("20".into()))),
    );
    let hint = format!("The report covers a past or the current year, such as {last_year}.");
    assert!(shows(&app, &hint));
    // A future year has no case: refused as the command line refuses it.
    send(
        &mut app,
        Message::Statistics(Stats::Report(Report::Year("2099".into()))),
    );
    assert!(shows(&app, &hint));
    // The mission filter of the screen does not apply, and the form says so.
    assert!(shows_part(&app, "The report covers every mission's cases"));
    for typed in ["2", "20", "202", "2026"] {
        send(
            &mut app,
            Message::Statistics(Stats::Report(Report::Year(typed.into()))),
        );
    }
    assert!(!shows_part(
        &app,
        "The report covers a past or the current year"
    ));
    send(
        &mut app,
        Message::Statistics(Stats::Report(Report::Language(Language::Lithuanian))),
    );
    click(&mut app, "Save the report…");
    let file = dir.path().join("metine.pdf");
    send(
        &mut app,
        Message::Statistics(Stats::Report(Report::FileChosen(Some(file.clone())))),
    );
    assert!(
        shows(
            &app,
            &format!("The annual report 2026 is saved in {}.", file.display())
        ),
        "the outcome is said"
    );
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
    }
    // A place that cannot be written is said, not lost.
    send(
        &mut app,
        Message::Statistics(Stats::Report(Report::FileChosen(Some(
            dir.path().to_path_buf(),
        )))),
    );
    assert!(shows_part(&app, "The annual report could not be made"));
    // In the interface's language (English), not the report's (Lithuanian).
    assert!(
        shows_part(&app, "is a folder; choose the name of a file."),
        "the reason is said in English"
    );
}

#[test]
fn statistics_rows_go_by_name_with_other_and_unknown_last_and_no_line_counts_zero() {
    use casebook::domain::ExploitationType::{ForcedLabour, Other, SexualExploitation};
    use casebook::gui::screen::statistics::{Choice, Message as Stats, Order};
    use casebook::stats::Dimension;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("mission"));
    let forms = [
        vec![Other],
        vec![Other],
        vec![Other],
        vec![SexualExploitation],
        vec![SexualExploitation],
        vec![ForcedLabour],
        vec![],
    ];
    for (day, types) in (1..).zip(forms) {
        let mut case = simple_case("Ona", "Petraitytė", date(2026, 10, day));
        case.exploitation.types = types;
        vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut app = unlocked_app(vault);
    click(&mut app, "Statistics");
    // Every case has a year: no "0 cases lack" line.
    assert!(shows(&app, "7 cases counted"));
    assert!(!shows(
        &app,
        "0 cases lack “Year of first contact” (shown as Unknown)."
    ));
    send(
        &mut app,
        Message::Statistics(Stats::RowsBy(Choice {
            value: Dimension::Form,
            label: String::new(),
        })),
    );
    assert!(shows(
        &app,
        "1 case lacks “Form of exploitation” (shown as Unknown)."
    ));
    let top = |app: &App, label: &str| {
        let mut ui = ui(app);
        ui.find(label)
            .unwrap_or_else(|e| panic!("no row {label}: {e:?}"))
            .bounds()
            .y
    };
    let rows = |app: &App| {
        let mut labels = ["Forced labour", "Sexual exploitation", "Other", "Unknown"];
        labels.sort_by(|a, b| top(app, a).total_cmp(&top(app, b)));
        labels
    };
    assert_eq!(
        rows(&app),
        ["Forced labour", "Sexual exploitation", "Other", "Unknown"]
    );
    // By count, Other (3) still comes after Sexual exploitation (2) and
    // Forced labour (1).
    send(
        &mut app,
        Message::Statistics(Stats::Order(Choice {
            value: Order::ByCount,
            label: String::new(),
        })),
    );
    assert_eq!(
        rows(&app),
        ["Sexual exploitation", "Forced labour", "Other", "Unknown"]
    );
}

#[test]
fn a_vault_that_holds_synthetic_cases_says_so_on_the_case_list() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .create_case(fixture_case("case-minimal.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let app = unlocked_app(vault);
    assert!(!shows(
        &app,
        "This vault holds 0 synthetic cases (training data made by “generate”). They are never exported and never counted in statistics."
    ));
    drop(app);
    let mut vault = open(dir.path());
    vault
        .generate_synthetic(2, 12, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let app = unlocked_app(vault);
    assert!(shows(
        &app,
        "This vault holds 12 synthetic cases (training data made by “generate”). They are never exported and never counted in statistics."
    ));
}

#[test]
fn trafficking_steps_countries_and_indicator_notes_are_saved_with_the_case() {
    use casebook::domain::Indicator;
    use casebook::gui::screen::editor::{CountryField, Message as Editor, Places};
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-given-name", "Ona");
    click(&mut app, "Exploitation");
    type_into(&mut app, "case-field-event-date", "2026-10-02");
    // Countries are picked by name from a searchable list (the combo box
    // sends the picked entry) and stored as codes.
    let places = Places::new(app.i18n());
    let country = |code: &str| {
        places
            .country(code)
            .cloned()
            .unwrap_or_else(|| panic!("no country {code}"))
    };
    send(
        &mut app,
        Message::Editor(Editor::Country(CountryField::Event, country("GB"))),
    );
    type_into(&mut app, "case-field-event-city", "Boston, Lincolnshire");
    type_into(
        &mut app,
        "case-field-event-description",
        "Picked up at the bus station",
    );
    click(&mut app, "Add this step");
    assert!(shows(&app, "Picked up at the bus station"));
    assert!(shows(&app, "Boston, Lincolnshire, GB"));

    click(&mut app, "Person");
    for code in ["LT", "UA", "BY"] {
        send(
            &mut app,
            Message::Editor(Editor::Country(CountryField::Citizenship, country(code))),
        );
    }
    assert!(shows(&app, "Ukraine (UA) ×"));
    click(&mut app, "Belarus (BY) ×");
    assert!(!shows(&app, "Belarus (BY) ×"));

    click(&mut app, "Assessment & indicators");
    click(&mut app, "Deception");
    assert!(shows(&app, "What was observed (optional)"));
    send(
        &mut app,
        Message::Editor(Editor::IndicatorNote(
            Indicator::Deception,
            "Promised a job in a hotel".into(),
        )),
    );
    click(&mut app, "Save");
    click(&mut app, "Back");
    let reference = app
        .listed_references()
        .pop()
        .unwrap_or_else(|| panic!("nothing listed"));
    click(&mut app, "Lock");

    let vault = open(dir.path());
    let record = vault.get_case(&reference).unwrap_or_else(|e| panic!("{e}"));
    let events = &record.case.exploitation.events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, casebook::domain::EventType::Recruitment);
    assert_eq!(events[0].date, Some(date(2026, 10, 2)));
    assert_eq!(events[0].country.as_deref(), Some("GB"));
    assert_eq!(events[0].city.as_deref(), Some("Boston, Lincolnshire"));
    assert_eq!(record.case.person.citizenship, ["LT", "UA"]);
    let observed = &record.case.assessment.indicators;
    assert_eq!(observed.len(), 1);
    assert_eq!(
        observed[0].note.as_deref(),
        Some("Promised a job in a hotel")
    );
}

#[test]
fn a_damaged_vault_is_restored_from_a_backup_and_the_damaged_files_are_kept() {
    use casebook::gui::screen::unlock::Message as Unlock;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    let backup = dir.path().join("copy.cbk");
    let reference = {
        let mut vault = new_vault(&vault_dir);
        let record = vault
            .create_case(fixture_case("case-full.json"))
            .unwrap_or_else(|e| panic!("{e}"));
        vault.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
        record.meta.reference
    };
    // The database is emptied (a failed disk, a bad copy).
    std::fs::write(vault_dir.join("casebook.db"), b"").unwrap_or_else(|e| panic!("{e}"));

    let (mut app, _) = App::new(vault_dir.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_locked());
    assert!(shows(
        &app,
        "The vault is damaged. Nothing was changed; restore it from a backup."
    ));
    click(&mut app, "Restore from a backup…");
    // The native dialog hands back the chosen file; nothing happens before
    // the officer confirms.
    send(
        &mut app,
        Message::Unlock(Unlock::BackupChosen(Some(backup))),
    );
    assert!(
        vault_dir
            .join("casebook.db")
            .metadata()
            .map(|m| m.len())
            .unwrap_or(1)
            == 0
    );
    click(&mut app, "Restore");
    // The damaged files are kept aside.
    let kept = [replaced_folder(&vault_dir)];
    assert!(kept[0].join("casebook.db").is_file());
    assert!(shows(
        &app,
        &format!(
            "Restored. Unlock with the passphrase that was in use when the backup was made. The files of the vault it replaced are kept in {}.",
            kept[0].display()
        )
    ));
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_unlocked());
    assert!(app.listed_references().contains(&reference));
    // The GUI's restore is the library's: its first unlock started a
    // restore epoch, as the command line's does (tests/restore.rs).
    drop(app);
    let restored = open(&vault_dir);
    assert!(
        restored
            .restore_epoch()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_some()
    );
}

#[test]
fn the_header_does_not_leave_an_export_that_is_running() {
    use casebook::gui::screen::exchange::Message as Exchange;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission = new_commission_vault(&dir.path().join("commission"));
    let key =
        casebook::exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("mission"));
    vault
        .set_commission_key(&key, false)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    click(&mut app, "Export");
    let file = dir.path().join("export.age");
    // The export is started but its job has not finished yet.
    let job = app.update(exchange_message(Exchange::ExportFileChosen(Some(
        file.clone(),
    ))));
    for message in [
        Message::ShowStatistics,
        Message::ShowSettings,
        Message::ShowCases,
    ] {
        send(&mut app, message);
        assert!(
            shows(&app, "Export for the commission"),
            "left a running export"
        );
    }
    run(&mut app, job);
    assert!(shows(&app, "Export number 1 is written"));
    click(&mut app, "Statistics");
    assert!(shows(&app, "Count cases by"));
}

#[test]
fn the_settings_restore_a_backup_after_saying_what_would_be_lost() {
    use casebook::gui::screen::settings::Message as Settings;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    let backup = dir.path().join("copy.cbk");
    let (kept, later) = {
        let mut vault = new_vault(&vault_dir);
        let kept = vault
            .create_case(simple_case("Ona", "Backedup", date(2026, 11, 2)))
            .unwrap_or_else(|e| panic!("{e}"));
        vault.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
        let later = vault
            .create_case(simple_case("Ona", "Later", date(2026, 11, 3)))
            .unwrap_or_else(|e| panic!("{e}"));
        (kept.meta.reference, later.meta.reference)
    };
    let (mut app, _) = App::new(vault_dir.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    assert!(app.listed_references().contains(&later));
    send(&mut app, Message::ShowSettings);
    click(&mut app, "Choose a backup…");
    // The native dialog hands back the chosen file; the backup is checked and
    // the officer told that this vault changed after it was made.
    send(
        &mut app,
        Message::Settings(Settings::RestoreFileChosen(Some(backup))),
    );
    assert!(shows(&app, "Lock and restore"));
    let changed = casebook::vault::last_change(&vault_dir)
        .unwrap_or_else(|| panic!("no vault"))
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M");
    assert!(shows(
        &app,
        &format!(
            "This vault was changed {changed}, after the backup was made: those changes will not be in the restored vault."
        )
    ));
    assert!(app.is_unlocked(), "nothing happens before confirmation");
    click(&mut app, "Lock and restore");
    assert!(app.is_locked());
    assert!(shows(
        &app,
        &format!(
            "Restored. Unlock with the passphrase that was in use when the backup was made. The files of the vault it replaced are kept in {}.",
            replaced_folder(&vault_dir).display()
        )
    ));
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_unlocked());
    let listed = app.listed_references();
    assert!(listed.contains(&kept));
    assert!(
        !listed.contains(&later),
        "the restored vault is the backup's"
    );
}

/// The one `replaced-<time>` folder in a vault folder.
fn replaced_folder(vault_dir: &std::path::Path) -> std::path::PathBuf {
    let found: Vec<_> = std::fs::read_dir(vault_dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("replaced-"))
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn automatic_backups_are_set_in_the_settings_and_written_at_lock() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    let folder = dir.path().join("usb");
    drop(new_vault(&vault_dir));
    let (mut app, _) = App::new(vault_dir.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    send(
        &mut app,
        Message::Settings(casebook::gui::screen::settings::Message::AutoFolderChosen(
            Some(folder.clone()),
        )),
    );
    click(&mut app, "Save");
    assert!(shows(
        &app,
        &format!(
            "Automatic backups are on: {}, the newest 7 kept.",
            folder.display()
        )
    ));
    // The first lock after turning them on writes one (the vault holds
    // something no automatic backup has) and says so.
    send(&mut app, Message::ShowCases);
    // The backup runs on a worker; until it is done the form says so and
    // the vault cannot be opened.
    let effect = app.update(Message::Lock);
    assert!(app.is_locked());
    assert!(shows(&app, "Writing the automatic backup…"));
    run(&mut app, effect);
    let written: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(shows(
        &app,
        &format!("Automatic backup written to {}.", written[0].display())
    ));
    assert!(casebook::vault::inspect_backup(&written[0]).is_ok());
    // Unlocked and locked again with no change: no second backup.
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "Lock");
    assert_eq!(
        std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{e}"))
            .count(),
        1
    );
}

#[test]
fn a_search_with_more_matches_than_shown_asks_for_more_words() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .generate_synthetic(
            9,
            230,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_else(|| panic!("no such date")),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let year = vault
        .list_cases(&casebook::vault::ListQuery::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .rows[0]
        .reference
        .rsplit('-')
        .nth(1)
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    let mut app = unlocked_app(vault);
    // Every reference holds the year it was made in: 230 matches.
    type_into(&mut app, "case-search-input", &year);
    assert_eq!(app.listed_references().len(), 200);
    assert!(shows(
        &app,
        "More than 200 found; type more to narrow the search"
    ));
    // Back to the list: a vault this size is counted exactly.
    type_into(&mut app, "case-search-input", "");
    assert!(
        shows(&app, "1–50 of 230 cases"),
        "{:?}",
        app.listed_references().len()
    );
}

/// A mission vault that holds the commission's key, ready to export.
fn mission_ready_to_export(dir: &std::path::Path) -> casebook::vault::Vault {
    let commission = new_commission_vault(&dir.join("commission"));
    let key =
        casebook::exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.join("mission"));
    vault
        .set_commission_key(&key, false)
        .unwrap_or_else(|e| panic!("{e}"));
    vault
}

fn tab() -> Message {
    Message::Key(
        keyboard::Key::Named(keyboard::key::Named::Tab),
        keyboard::key::Physical::Code(keyboard::key::Code::Tab),
        keyboard::Modifiers::empty(),
        false,
    )
}

fn ctrl(letter: &str, code: keyboard::key::Code) -> Message {
    Message::Key(
        keyboard::Key::Character(letter.into()),
        keyboard::key::Physical::Code(code),
        keyboard::Modifiers::CTRL,
        false,
    )
}

/// An export holds the vault while it runs: Ctrl+L and the idle lock must
/// not wait for it on the window's thread. The window says the lock waits,
/// and locks when the export has ended (its file written, its result seen).
#[test]
fn locking_during_an_export_waits_for_it_visibly_and_locks_when_it_ends() {
    use casebook::gui::screen::exchange::Message as Exchange;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(mission_ready_to_export(dir.path()));
    click(&mut app, "Export");
    let file = dir.path().join("export.age");
    // The export is started; its job has not run yet.
    let export = app.update(exchange_message(Exchange::ExportFileChosen(Some(
        file.clone(),
    ))));
    let effect = app.update(ctrl("l", keyboard::key::Code::KeyL));
    assert!(effect.into_jobs().is_empty());
    assert!(app.is_unlocked(), "the lock waits for the export");
    assert!(shows(&app, "Locking after the export finishes."));
    // The screen behind is gone (no header, no export form), and no
    // shortcut opens another; only Cancel is offered.
    assert!(!shows(&app, "Statistics"));
    assert!(!shows(&app, "Export"));
    assert!(shows(&app, "Cancel"));
    assert!(
        app.update(ctrl("n", keyboard::key::Code::KeyN))
            .into_jobs()
            .is_empty()
    );
    assert!(!app.is_editing());
    // The idle lock waits too.
    let start = Moment::now();
    app.set_last_activity(start);
    let effect = app.tick(start.after_awake(Duration::from_secs(3600)));
    assert!(effect.into_jobs().is_empty());
    assert!(app.is_unlocked());

    run(&mut app, export);
    assert!(file.is_file(), "the export was written");
    assert!(app.is_locked(), "the lock follows the export's end");
}

/// A job whose result never comes (its worker panicked: the window then
/// gets `Ignored`) must not keep the window from locking: the lock goes
/// ahead once no job holds the vault, whatever the screen still shows.
#[test]
fn a_lock_waiting_for_a_job_that_was_lost_still_locks() {
    use casebook::gui::screen::exchange::Message as Exchange;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(mission_ready_to_export(dir.path()));
    click(&mut app, "Export");
    let export = app.update(exchange_message(Exchange::ExportFileChosen(Some(
        dir.path().join("export.age"),
    ))));
    send(&mut app, ctrl("l", keyboard::key::Code::KeyL));
    assert!(app.is_unlocked(), "the lock waits for the export");
    // The worker dies: its work, and its handle on the vault, are dropped.
    drop(export);
    send(&mut app, Message::Ignored);
    assert!(app.is_locked(), "no job holds the vault any more");
}

/// Any job holds the vault while it runs, not only an export: a lock asked
/// for while a page of the list is read waits for it, and says so.
#[test]
fn a_lock_waits_for_any_job_that_holds_the_vault() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(mission_ready_to_export(dir.path()));
    click(&mut app, "Settings");
    let reload = app.update(Message::ShowCases);
    let jobs = reload.into_jobs();
    assert!(!jobs.is_empty(), "showing the list reads a page");
    send(&mut app, ctrl("l", keyboard::key::Code::KeyL));
    assert!(app.is_unlocked(), "the lock waits for the read");
    assert!(shows(&app, "Locking when the current work finishes."));
    for job in jobs {
        let message = job.run();
        send(&mut app, message);
    }
    assert!(app.is_locked(), "the lock follows the read's end");
}

/// Closing the window during an export waits for it in the same way, then
/// closes (no automatic backup is set here).
#[test]
fn closing_during_an_export_waits_for_it_then_closes() {
    use casebook::gui::screen::exchange::Message as Exchange;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(mission_ready_to_export(dir.path()));
    click(&mut app, "Export");
    let file = dir.path().join("export.age");
    let export = app.update(exchange_message(Exchange::ExportFileChosen(Some(
        file.clone(),
    ))));
    let effect = app.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(!effect.exits());
    assert!(effect.into_jobs().is_empty());
    assert!(shows(&app, "Closing after the export finishes."));
    let mut jobs = export.into_jobs();
    assert_eq!(jobs.len(), 1);
    let exported = jobs.remove(0).run();
    let effect = app.update(exported);
    // The screen reads its overview again after the export; the window
    // closes once that, too, has let go of the vault.
    assert!(
        runs_to_exit(&mut app, effect),
        "the window closes once the export has ended"
    );
    assert!(file.is_file());
    assert!(app.is_locked());
}

/// Runs `effect`'s jobs and those they lead to, as the worker threads
/// would; whether one of the effects closes the window.
fn runs_to_exit(app: &mut App, effect: Effect) -> bool {
    let mut exits = effect.exits();
    for job in effect.into_jobs() {
        let next = app.update(job.run());
        exits |= runs_to_exit(app, next);
    }
    exits
}

/// An unlocked app whose automatic backups go to `usb` in the returned
/// folder (set through the settings, as an officer does).
fn unlocked_with_automatic_backups() -> (tempfile::TempDir, App) {
    use casebook::gui::screen::settings::Message as Settings;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    drop(new_vault(&vault_dir));
    let (mut app, _) = App::new(vault_dir, Language::English);
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    send(
        &mut app,
        Message::Settings(Settings::AutoFolderChosen(Some(dir.path().join("usb")))),
    );
    click(&mut app, "Save");
    send(&mut app, Message::ShowCases);
    (dir, app)
}

/// Quitting writes the automatic backup on a worker, the unlock form
/// saying so, and closes the window only when it is written.
#[test]
fn quitting_writes_the_automatic_backup_off_the_window_thread_then_closes() {
    let (dir, mut app) = unlocked_with_automatic_backups();
    let folder = dir.path().join("usb");

    let effect = app.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(!effect.exits(), "the window waits for the backup");
    assert!(
        app.is_locked(),
        "the vault is closed to the officer at once"
    );
    assert!(shows(&app, "Writing the automatic backup, then closing…"));
    assert!(!folder.exists() || std::fs::read_dir(&folder).map_or(0, |d| d.count()) == 0);
    let mut jobs = effect.into_jobs();
    assert_eq!(jobs.len(), 1, "one job: the backup");
    let done = jobs.remove(0).run();
    let effect = app.update(done);
    assert!(
        effect.exits(),
        "the window closes once the backup is written"
    );
    let written = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{e}"))
        .count();
    assert_eq!(written, 1);
}

/// An automatic backup that fails while closing keeps the window open and
/// says so: the officer must not leave believing a backup exists. Closing
/// again quits.
#[test]
fn a_failed_automatic_backup_at_closing_keeps_the_window_open_and_says_so() {
    let (dir, mut app) = unlocked_with_automatic_backups();
    let folder = dir.path().join("usb");
    // The stick is gone and a file has its name: no backup can be written.
    if folder.exists() {
        std::fs::remove_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(&folder, b"not a folder").unwrap_or_else(|e| panic!("{e}"));

    let effect = app.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(!effect.exits());
    let mut jobs = effect.into_jobs();
    assert_eq!(jobs.len(), 1, "one job: the backup");
    let done = jobs.remove(0).run();
    let effect = app.update(done);
    assert!(!effect.exits(), "the window stays to say the backup failed");
    assert!(app.is_locked());
    assert!(shows_part(
        &app,
        "close it again to quit without the backup"
    ));
    let effect = app.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(effect.exits(), "closing again quits");
}

/// Whether the vault in `dir` (the window closed) holds a draft.
fn keeps_a_draft(dir: &std::path::Path) -> bool {
    let vault =
        casebook::vault::Vault::open(dir, &secrecy::SecretString::from(PASSPHRASE.to_owned()))
            .unwrap_or_else(|e| panic!("{e}"));
    vault.draft().unwrap_or_else(|e| panic!("{e}")).is_some()
}

/// Closing the window right after Ctrl+L waits for the draft to be kept
/// inside the vault (no automatic backup here), or the interview note
/// would be lost.
#[test]
fn closing_right_after_a_lock_waits_for_the_draft_to_be_kept() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-given-name", "Draftmarker");
    let lock = app.update(ctrl("l", keyboard::key::Code::KeyL));
    assert!(app.is_locked(), "Ctrl+L locks at once");
    let effect = app.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(!effect.exits(), "the draft is not in the vault yet");
    assert!(shows(
        &app,
        "Keeping the unsaved changes inside the vault, then closing…"
    ));
    assert!(runs_to_exit(&mut app, lock), "then the window closes");
    drop(app);
    assert!(keeps_a_draft(dir.path()), "the draft is in the vault");
}

/// Closing with a restored draft and choosing Discard: the window closes
/// only once the draft is gone from the vault, or it would come back.
#[test]
fn discarding_a_draft_on_closing_removes_it_before_the_window_closes() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-given-name", "Draftmarker");
    send(&mut app, ctrl("l", keyboard::key::Code::KeyL));
    assert!(app.is_locked());
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_editing(), "the draft is offered back");

    let effect = app.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(!effect.exits(), "the editor asks first");
    run(&mut app, effect);
    let effect = app.update(Message::Editor(
        casebook::gui::screen::editor::Message::DiscardAndLeave,
    ));
    assert!(!effect.exits(), "not before the draft is discarded");
    assert!(runs_to_exit(&mut app, effect), "then the window closes");
    drop(app);
    assert!(!keeps_a_draft(dir.path()), "the discarded draft is gone");
}

/// Opens the stored case `reference`, changes its given name, presses
/// Ctrl+L (the draft is kept), runs `meanwhile` on the closed vault, and
/// unlocks again: the draft is offered.
fn draft_of_a_stored_case(meanwhile: impl FnOnce(&mut casebook::vault::Vault)) -> (App, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let record = vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    let reference = record.meta.reference.clone();
    let mut app = unlocked_app(vault);
    click(&mut app, &reference);
    type_into(&mut app, "case-field-given-name", "Onutė");
    send(&mut app, ctrl("l", keyboard::key::Code::KeyL));
    assert!(app.is_locked());
    meanwhile(&mut open(dir.path()));
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_editing(), "the draft is offered");
    // The folder goes with the test; the app keeps its path only.
    std::mem::forget(dir);
    (app, reference)
}

/// A draft of a stored case that was saved again after the draft was kept
/// (here through the library while the window was locked; in use, a
/// removal of the draft that failed at that save): the form says so and
/// who saved it, and that version is
/// replaced only when the officer saves; a case unchanged since opens with
/// the usual notice.
#[test]
fn a_draft_of_a_case_saved_again_since_says_so_before_it_replaces_it() {
    let changed_since = "but the case was saved again since (J. Jonaitis, ";
    let (app, _) = draft_of_a_stored_case(|_| {});
    assert!(shows(
        &app,
        "These are the changes left unsaved when the vault locked. Save them, or go back and discard them."
    ));
    assert!(!shows_part(&app, changed_since));

    let (mut app, reference) = draft_of_a_stored_case(|vault| {
        let record = vault
            .get_case("LT-LON-2026-0001")
            .unwrap_or_else(|e| panic!("{e}"));
        let mut case = record.case.clone();
        case.notes = Some("Added from the command line".into());
        vault
            .update_case(record.meta.id, case, record.meta.revision)
            .unwrap_or_else(|e| panic!("{e}"));
    });
    assert!(
        shows_part(&app, changed_since),
        "the form says the case changed"
    );
    assert!(shows_part(
        &app,
        "Saving replaces that version with what you see here"
    ));
    // Saving is the officer's word: the draft becomes revision 3.
    click(&mut app, "Save");
    assert!(shows(&app, &format!("{reference} · revision 3")));
    assert!(
        !shows_part(&app, changed_since),
        "once saved, the notice is over"
    );
}

/// The child half of the test below: the session runs in a process of its
/// own whose temp and home folders are the test's, to be searched after.
const DRAFT_SESSION: &str = "CASEBOOK_TEST_DRAFT_SESSION";
const DRAFT_MARKER: &str = "Qzdraftmarker";

/// A draft kept at two locks (Ctrl+L, then the idle lock), with automatic
/// backups on, leaves what was typed in no file of the vault, the
/// automatic backups' folder, TMPDIR or HOME. The search is shown to work: it finds the marker in a file
/// that holds it in clear, and nowhere else.
#[test]
fn a_kept_draft_is_in_no_file_of_the_vault_backups_temp_or_home() {
    if let Some(root) = std::env::var_os(DRAFT_SESSION) {
        return draft_session(std::path::Path::new(&root));
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    for folder in ["tmp", "home", "usb"] {
        std::fs::create_dir_all(root.join(folder)).unwrap_or_else(|e| panic!("{e}"));
    }
    let output =
        std::process::Command::new(std::env::current_exe().unwrap_or_else(|e| panic!("{e}")))
            .args([
                "a_kept_draft_is_in_no_file_of_the_vault_backups_temp_or_home",
                "--exact",
                "--test-threads=1",
            ])
            .env(DRAFT_SESSION, root)
            .env("TMPDIR", root.join("tmp"))
            .env("HOME", root.join("home"))
            .env("XDG_DATA_HOME", root.join("home/data"))
            .env("XDG_CACHE_HOME", root.join("home/cache"))
            .env("XDG_CONFIG_HOME", root.join("home/config"))
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && said.contains("1 passed"),
        "the session failed: {said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let backups = std::fs::read_dir(root.join("usb"))
        .unwrap_or_else(|e| panic!("{e}"))
        .count();
    assert_eq!(backups, 2, "each lock wrote a backup holding the draft");
    let control = root.join("tmp/control");
    std::fs::write(&control, format!("typed: {DRAFT_MARKER}")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        files_containing(root, DRAFT_MARKER),
        vec![control],
        "the marker is in clear outside the control file"
    );
}

fn draft_session(root: &std::path::Path) {
    assert_eq!(std::env::temp_dir(), root.join("tmp"));
    let mut vault = new_vault(&root.join("vault"));
    vault
        .set_auto_backup(Some(&casebook::vault::AutoBackup {
            folder: root.join("usb"),
            keep: 5,
        }))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    click(&mut app, "New case");
    type_into(&mut app, "case-field-given-name", DRAFT_MARKER);
    click(&mut app, "Notes & retention");
    type_into(
        &mut app,
        "case-field-notes",
        &format!("Met {DRAFT_MARKER} at the station"),
    );
    send(&mut app, ctrl("l", keyboard::key::Code::KeyL));
    assert!(app.is_locked());
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_editing(), "the draft is offered back");
    // The idle lock keeps it too.
    let start = Moment::now();
    app.set_last_activity(start);
    let effect = app.tick(start.after_awake(Duration::from_secs(5 * 60)));
    run(&mut app, effect);
    assert!(app.is_locked());
    assert!(keeps_a_draft(&root.join("vault")));
}

/// The settings open from what the session knows (the automatic backup
/// folder included): no job, nothing read from the vault.
#[test]
fn the_settings_open_without_reading_the_vault() {
    use casebook::gui::screen::settings::Message as Settings;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("usb");
    let mut app = unlocked_app(new_vault(&dir.path().join("vault")));
    send(&mut app, Message::ShowSettings);
    send(
        &mut app,
        Message::Settings(Settings::AutoFolderChosen(Some(folder.clone()))),
    );
    click(&mut app, "Save");
    send(&mut app, Message::ShowCases);
    let effect = app.update(Message::ShowSettings);
    assert!(effect.into_jobs().is_empty());
    assert!(shows(&app, &folder.display().to_string()));
}

/// The search waits for typing to pause with a timer on the runtime, not a
/// thread that sleeps; tests deliver the timer's message at once.
#[test]
fn the_search_waits_for_a_pause_with_a_timer() {
    use casebook::gui::screen::cases::Message as Cases;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 2)))
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .create_case(simple_case("Jonas", "Petraitis", date(2026, 11, 3)))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    assert_eq!(app.listed_references().len(), 2);
    let first = app.update(Message::Cases(Cases::SearchChanged("ona".into())));
    assert_eq!(first.timers(), [Duration::from_millis(250)]);
    let second = app.update(Message::Cases(Cases::SearchChanged("zemait".into())));
    assert_eq!(second.timers(), [Duration::from_millis(250)]);
    // The first timer fires after the second keystroke: nothing is asked.
    for job in first.into_jobs() {
        let settled = job.run();
        assert!(app.update(settled).into_jobs().is_empty(), "a stale timer");
    }
    assert_eq!(app.listed_references().len(), 2);
    run(&mut app, second);
    assert_eq!(app.listed_references().len(), 1);
    // A search is not filtered: the filters say so instead of looking set.
    assert!(shows(
        &app,
        "Filters apply to the whole list, not to a search."
    ));
    assert!(!shows(&app, "Clear filters"));
}

/// A case read while the officer moved on to another screen (an export, a
/// passphrase change) arrives late: it must not take that screen, whose
/// job would then be orphaned.
#[test]
fn a_case_read_after_the_officer_moved_on_does_not_take_the_screen() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("mission"));
    vault
        .generate_recorded(3, 2, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let reference = vault
        .list_cases(&casebook::vault::ListQuery::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .rows[0]
        .reference
        .clone();
    let record = vault.get_case(&reference).unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    click(&mut app, "Settings");
    send(&mut app, Message::CaseOpened(Ok(Box::new(record.clone()))));
    assert!(!app.is_editing(), "the settings stay");
    assert!(shows(&app, "Change passphrase"));
    // On the list, the same result opens the case.
    send(&mut app, Message::ShowCases);
    send(&mut app, Message::CaseOpened(Ok(Box::new(record))));
    assert!(app.is_editing());
}

/// A case that cannot be opened (erased meanwhile, a damaged record) is
/// said on the list, not dropped.
#[test]
fn an_error_opening_a_case_is_shown_on_the_list() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let error = casebook::vault::Error::CaseNotFound("LT-LON-2026-0007".into());
    let said = casebook::gui::widget::error_text(app.i18n(), &error);
    assert!(!shows(&app, &said));
    send(&mut app, Message::CaseOpened(Err(error)));
    assert!(!app.is_editing());
    assert!(shows(&app, &said), "{said}");
}

/// A running export and a running import each offer Cancel; cancelled,
/// the export leaves no file and marks nothing as sent, the import merges
/// nothing and registers no mission; run again, both are whole.
#[test]
fn an_export_and_an_import_cancelled_from_the_window_leave_nothing() {
    use casebook::gui::screen::exchange::Message as Exchange;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission_vault = new_commission_vault(&dir.path().join("commission"));
    let key = casebook::exchange::commission_public_key(&commission_vault)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mission_vault = new_vault(&dir.path().join("mission"));
    mission_vault
        .set_commission_key(&key, false)
        .unwrap_or_else(|e| panic!("{e}"));
    mission_vault
        .generate_recorded(4, 12, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));

    let mut mission = unlocked_app(mission_vault);
    click(&mut mission, "Export");
    assert!(!shows(&mission, "Cancel"), "nothing runs yet");
    let file = dir.path().join("LT-LON-export-1.age");
    // The export is started; its job waits while the officer cancels.
    let job = mission.update(exchange_message(Exchange::ExportFileChosen(Some(
        file.clone(),
    ))));
    click(&mut mission, "Cancel");
    assert!(shows(&mission, "Cancelling…"));
    run(&mut mission, job);
    assert!(shows(
        &mission,
        "The export was cancelled. No file was written and nothing is marked as sent."
    ));
    assert!(!file.exists());
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .count(),
        2,
        "only the two vaults' folders: no temporary file either"
    );
    assert!(shows(&mission, "12 cases, 0 erasures"), "still to send");
    assert!(shows(
        &mission,
        "No export has been made from this vault yet."
    ));

    send(
        &mut mission,
        exchange_message(Exchange::ExportFileChosen(Some(file.clone()))),
    );
    assert!(shows(&mission, "Export number 1 is written"));
    assert!(file.is_file());
    send(&mut mission, Message::Lock);

    let mut commission = unlocked_app(commission_vault);
    send(&mut commission, Message::ShowExchange);
    send(
        &mut commission,
        exchange_message(Exchange::ImportFilesChosen(vec![file.clone()])),
    );
    assert!(shows(
        &commission,
        "New mission: LT-LON (Embassy in London)"
    ));
    let job = commission.update(exchange_message(Exchange::Approve));
    click(&mut commission, "Cancel");
    run(&mut commission, job);
    assert!(shows(
        &commission,
        "The import was cancelled: the file it was reading, and those after it, were not imported."
    ));
    assert!(shows(
        &commission,
        "Cancelled: nothing of this file was imported."
    ));
    assert!(!shows(&commission, "Approved missions"));
    send(&mut commission, Message::Lock);
    let vault = open(&dir.path().join("commission"));
    assert!(
        vault
            .missions()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
    assert_eq!(
        vault
            .list_cases(&Default::default())
            .unwrap_or_else(|e| panic!("{e}"))
            .total,
        0
    );
    drop(vault);

    // The same file again, not cancelled: all of it.
    let mut commission = unlocked_app(open(&dir.path().join("commission")));
    send(&mut commission, Message::ShowExchange);
    send(
        &mut commission,
        exchange_message(Exchange::ImportFilesChosen(vec![file])),
    );
    click(&mut commission, "Approve and import");
    assert!(shows(&commission, "LT-LON, export 1"));
    assert!(shows(&commission, "Approved missions"));
}

/// A window that keeps its widgets' state (focus, cursor) from one view to
/// the next, as the real one does: every update rebuilds the view from the
/// app, and each key is its own update. The keys no widget took reach the
/// app as the window's event subscription gives them, and the focus moves
/// the app asks for are done on the view rebuilt after the update.
struct Window {
    renderer: iced::Renderer,
    cache: Option<iced_test::runtime::user_interface::Cache>,
    cursor: iced::mouse::Cursor,
    /// Focus moves asked for by the last update, done on the next view.
    moves: Vec<Move>,
}

enum Move {
    To(&'static str),
    ToId(widget::Id),
    Next,
    Previous,
}

const WINDOW: iced::Size = iced::Size::new(1280.0, 2000.0);

impl Window {
    fn new(app: &App) -> Window {
        // The simulator loads the application's fonts once for all.
        drop(ui(app));
        let settings = casebook::gui::settings();
        let renderer = iced::futures::executor::block_on(
            <iced::Renderer as iced::advanced::renderer::Headless>::new(
                settings.default_font,
                settings.default_text_size,
                None,
            ),
        )
        .unwrap_or_else(|| panic!("no headless renderer"));
        Window {
            renderer,
            cache: None,
            cursor: iced::mouse::Cursor::Unavailable,
            moves: Vec::new(),
        }
    }

    /// Builds the view, does the focus moves waiting, lets `act` look or
    /// feed events, and keeps the widgets' state for the next view.
    fn with_view<T>(
        &mut self,
        app: &App,
        act: impl FnOnce(
            &mut iced_test::runtime::UserInterface<'_, Message, iced::Theme, iced::Renderer>,
            &mut iced::Renderer,
        ) -> T,
    ) -> T {
        use iced::advanced::widget::operation::{Outcome, focusable};
        let mut ui = iced_test::runtime::UserInterface::build(
            app.view(),
            WINDOW,
            self.cache.take().unwrap_or_default(),
            &mut self.renderer,
        );
        for step in self.moves.drain(..) {
            let mut operation: Box<dyn iced::advanced::widget::Operation> = match step {
                Move::To(id) => Box::new(focusable::focus(widget::Id::new(id))),
                Move::ToId(id) => Box::new(focusable::focus(id)),
                Move::Next => Box::new(focusable::focus_next()),
                Move::Previous => Box::new(focusable::focus_previous()),
            };
            loop {
                ui.operate(&self.renderer, operation.as_mut());
                match operation.finish() {
                    Outcome::Chain(next) => operation = next,
                    _ => break,
                }
            }
        }
        let result = act(&mut ui, &mut self.renderer);
        self.cache = Some(ui.into_cache());
        result
    }

    /// Feeds `events` to the view as it stands, then the messages to the app.
    fn events(&mut self, app: &mut App, events: Vec<iced::Event>) {
        let cursor = self.cursor;
        let (mut messages, statuses) = self.with_view(app, |ui, renderer| {
            let mut messages = Vec::new();
            let (_, statuses) = ui.update(
                &events,
                cursor,
                renderer,
                &mut iced::advanced::clipboard::Null,
                &mut messages,
            );
            (messages, statuses)
        });
        for (event, status) in events.iter().zip(statuses) {
            if let iced::Event::Keyboard(keyboard::Event::KeyPressed {
                key,
                physical_key,
                modifiers,
                ..
            }) = event
            {
                messages.push(Message::Key(
                    key.clone(),
                    *physical_key,
                    *modifiers,
                    status == iced::event::Status::Captured,
                ));
            }
        }
        for message in messages {
            self.send(app, message);
        }
    }

    fn send(&mut self, app: &mut App, message: Message) {
        let effect = app.update(message);
        self.run(app, effect);
    }

    fn run(&mut self, app: &mut App, effect: Effect) {
        match effect {
            Effect::Focus(id) => self.moves.push(Move::To(id)),
            Effect::FocusId(id) => self.moves.push(Move::ToId(id)),
            Effect::FocusNext => self.moves.push(Move::Next),
            Effect::FocusPrevious => self.moves.push(Move::Previous),
            Effect::Batch(effects) => effects.into_iter().for_each(|e| self.run(app, e)),
            other => {
                for job in other.into_jobs() {
                    let message = job.run();
                    self.send(app, message);
                }
            }
        }
    }

    /// Types `text` one key per update, the view rebuilt between keys.
    fn type_keys(&mut self, app: &mut App, text: &str) {
        for c in text.chars() {
            let events = iced_test::simulator::typewrite(&c.to_string()).collect();
            self.events(app, events);
        }
    }

    /// Ctrl with a letter (Ctrl+S, Ctrl+L, Ctrl+N), as a person presses it.
    fn ctrl(&mut self, app: &mut App, letter: &str) {
        self.key(
            app,
            keyboard::Key::Character(letter.into()),
            keyboard::Modifiers::CTRL,
        );
    }

    fn key(
        &mut self,
        app: &mut App,
        key: impl Into<keyboard::Key>,
        modifiers: keyboard::Modifiers,
    ) {
        let key = key.into();
        let events = vec![
            iced::Event::Keyboard(keyboard::Event::KeyPressed {
                key: key.clone(),
                modified_key: key.clone(),
                physical_key: keyboard::key::Physical::Unidentified(
                    keyboard::key::NativeCode::Unidentified,
                ),
                location: keyboard::Location::Standard,
                modifiers,
                text: None,
                repeat: false,
            }),
            iced::Event::Keyboard(keyboard::Event::KeyReleased {
                key: key.clone(),
                modified_key: key,
                physical_key: keyboard::key::Physical::Unidentified(
                    keyboard::key::NativeCode::Unidentified,
                ),
                location: keyboard::Location::Standard,
                modifiers,
            }),
        ];
        self.events(app, events);
    }

    fn tab(&mut self, app: &mut App) {
        self.key(app, keyboard::key::Named::Tab, keyboard::Modifiers::empty());
    }

    fn shift_tab(&mut self, app: &mut App) {
        self.key(app, keyboard::key::Named::Tab, keyboard::Modifiers::SHIFT);
    }

    /// Clicks the widget with this id.
    fn click(&mut self, app: &mut App, id: &'static str) {
        let target = self.find(app, widget::Id::new(id));
        let bounds = target
            .and_then(|t| iced_test::selector::Bounded::visible_bounds(&t))
            .unwrap_or_else(|| panic!("no visible widget {id}"));
        self.cursor = iced::mouse::Cursor::Available(bounds.center());
        self.events(app, iced_test::simulator::click().collect());
    }

    /// Clicks `right` and `down` pixels away from the top left corner of
    /// the text `label` (a pick list has no id of its own to find it by).
    fn click_near(&mut self, app: &mut App, label: &str, right: f32, down: f32) {
        let bounds = self
            .find(app, label)
            .map(|t| t.bounds())
            .unwrap_or_else(|| panic!("no text {label}"));
        self.cursor =
            iced::mouse::Cursor::Available(iced::Point::new(bounds.x + right, bounds.y + down));
        let position = iced::Point::new(bounds.x + right, bounds.y + down);
        let mut events = vec![iced::Event::Mouse(iced::mouse::Event::CursorMoved {
            position,
        })];
        events.extend(iced_test::simulator::click());
        self.events(app, events);
    }

    /// Moves the pointer to (`x`, `y`) and clicks there.
    fn click_at(&mut self, app: &mut App, x: f32, y: f32) {
        let position = iced::Point::new(x, y);
        self.cursor = iced::mouse::Cursor::Available(position);
        let mut events = vec![iced::Event::Mouse(iced::mouse::Event::CursorMoved {
            position,
        })];
        events.extend(iced_test::simulator::click());
        self.events(app, events);
    }

    fn find<S>(&mut self, app: &App, selector: S) -> Option<S::Output>
    where
        S: iced_test::Selector + Send,
        S::Output: Clone + Send,
    {
        self.with_view(app, |ui, renderer| {
            let mut operation = selector.find();
            ui.operate(
                renderer,
                &mut iced::advanced::widget::operation::black_box(&mut operation),
            );
            match iced::advanced::widget::Operation::finish(&operation) {
                iced::advanced::widget::operation::Outcome::Some(found) => found,
                _ => None,
            }
        })
    }

    /// The id of the widget that has the focus.
    fn focused(&mut self, app: &App) -> Option<widget::Id> {
        self.find(
            app,
            |candidate: iced_test::selector::Candidate<'_>| match candidate {
                iced_test::selector::Candidate::Focusable { state, .. } if state.is_focused() => {
                    Some(candidate.id().cloned())
                }
                _ => None,
            },
        )
        .flatten()
    }
}

fn focus_is(window: &mut Window, app: &App, id: &'static str) {
    assert_eq!(
        window.focused(app),
        Some(widget::Id::new(id)),
        "the focus should be in {id}"
    );
}

/// What the editor's form holds in the field with this id.
fn value_in(window: &mut Window, app: &App, id: &'static str) -> String {
    window
        .find(
            app,
            |candidate: iced_test::selector::Candidate<'_>| match candidate {
                iced_test::selector::Candidate::TextInput {
                    id: Some(found),
                    state,
                    ..
                } if *found == widget::Id::new(id) => Some(state.text().to_owned()),
                _ => None,
            },
        )
        .unwrap_or_else(|| panic!("no field {id}"))
}

/// A person's keyboard: Ctrl+N, the given name, Tab, the family name, Tab
/// to the birth date, the date key by key (the first key makes the date
/// invalid), Ctrl+S. Every key is its own update, as in the real window.
#[test]
fn a_date_typed_key_by_key_keeps_the_focus_and_every_key() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    window.ctrl(&mut app, "n");
    assert!(app.is_editing());
    focus_is(&mut window, &app, "case-field-given-name");
    window.type_keys(&mut app, "Ona");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-family-name");
    window.type_keys(&mut app, "Petraitė");
    // Past the pseudonym switch.
    window.tab(&mut app);
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-birth-date");
    window.type_keys(&mut app, "2010-02-11");
    focus_is(&mut window, &app, "case-field-birth-date");
    assert_eq!(
        value_in(&mut window, &app, "case-field-birth-date"),
        "2010-02-11"
    );
    window.ctrl(&mut app, "s");
    window.ctrl(&mut app, "l");
    assert!(app.is_locked());
    drop(app);
    let case = the_first_case(dir.path()).case;
    assert_eq!(case.person.given_name.as_deref(), Some("Ona"));
    assert_eq!(case.person.family_name.as_deref(), Some("Petraitė"));
    assert_eq!(case.person.birth_date, Some(date(2010, 2, 11)));
}

/// Esc with a pick list open closes the list, and only the list: the
/// settings (and the editor) stay; the next Esc leaves the screen.
#[test]
fn esc_in_an_open_pick_list_closes_only_the_list() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    window.send(&mut app, Message::ShowSettings);
    assert!(shows(&app, "Settings"));
    // The language list, right of its label.
    window.click_near(&mut app, "Language", 240.0, 8.0);
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(
        shows(&app, "Language"),
        "Esc closed the list and the settings with it"
    );
    // Closed indeed: a click where its second choice (Lietuvių) was
    // chooses nothing.
    window.click_near(&mut app, "Language", 260.0, 70.0);
    assert!(shows(&app, "Language"), "the list was still open");
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(
        !shows(&app, "Language"),
        "the second Esc leaves the settings"
    );

    // In the editor: the gender list, under its label.
    window.ctrl(&mut app, "n");
    assert!(app.is_editing());
    window.click_near(&mut app, "Gender", 20.0, 30.0);
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(
        app.is_editing(),
        "Esc closed the list and the editor with it"
    );
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(
        !app.is_editing(),
        "the second Esc leaves the (unchanged) case"
    );

    // The same click with the list open chooses Lithuanian (the click is
    // where the choice is).
    window.send(&mut app, Message::ShowSettings);
    window.click_near(&mut app, "Language", 240.0, 8.0);
    window.click_near(&mut app, "Language", 260.0, 70.0);
    assert!(shows(&app, "Kalba"), "the click missed the list's choice");
}

/// Tab and Shift+Tab go through every stop of a section in reading order,
/// the pick lists and switches included (Space turns a switch, the arrows
/// choose in a list), and on into the next section; after a click into a
/// field of an open case, Tab goes on from that field.
#[test]
fn tab_goes_through_every_field_switch_and_list_of_a_section_in_reading_order() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    window.ctrl(&mut app, "n");
    focus_is(&mut window, &app, "case-field-given-name");
    window.type_keys(&mut app, "Ona");
    let space = keyboard::key::Named::Space;
    let none = keyboard::Modifiers::empty();
    // Given name → family name → the pseudonym switch (Space turns it) →
    // birth date → gender (the arrow chooses) → citizenship → language →
    // phone → e-mail → estimated age → document type → document number →
    // city → country.
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-family-name");
    window.tab(&mut app);
    assert_eq!(
        window.focused(&app),
        None,
        "the switch has the focus, no field"
    );
    window.key(&mut app, space, none);
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-birth-date");
    window.tab(&mut app);
    assert_eq!(window.focused(&app), None, "the gender list has the focus");
    window.key(&mut app, keyboard::key::Named::ArrowDown, none);
    for id in [
        "case-field-citizenship",
        "case-field-language",
        "case-field-phone",
        "case-field-email",
        "case-field-estimated-age",
    ] {
        window.tab(&mut app);
        focus_is(&mut window, &app, id);
    }
    window.tab(&mut app);
    assert_eq!(
        window.focused(&app),
        None,
        "the document type has the focus"
    );
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-document-number");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-location-city");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-location-country");
    // Past the section's last stop: the next section's first.
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-contact-date");
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "case-field-location-country");
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "case-field-location-city");
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "case-field-document-number");
    window.ctrl(&mut app, "s");
    window.key(&mut app, keyboard::key::Named::Escape, none);
    window.key(&mut app, keyboard::key::Named::Escape, none);
    assert!(!app.is_editing());

    // An open case: a click into the given name, then Tab.
    let reference = app.listed_references()[0].clone();
    click(&mut app, &reference);
    assert!(app.is_editing());
    window.click(&mut app, "case-field-given-name");
    focus_is(&mut window, &app, "case-field-given-name");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-family-name");
    window.type_keys(&mut app, "Petraitė");
    window.ctrl(&mut app, "s");
    window.ctrl(&mut app, "l");
    drop(app);
    let mut vault = open(dir.path());
    let case = vault
        .view_case(&reference)
        .unwrap_or_else(|e| panic!("{e}"))
        .case;
    assert_eq!(case.person.given_name.as_deref(), Some("Ona"));
    assert_eq!(case.person.family_name.as_deref(), Some("Petraitė"));
    assert_eq!(
        case.person.is_pseudonym,
        Some(true),
        "Space turned the switch"
    );
    assert!(case.person.gender.is_some(), "the arrow chose a gender");
}

/// The searched boxes (citizenship, language, the current country, the
/// country of exploitation, a trafficking step's country) are stops of the
/// Tab order like any field and work by keyboard alone: typed key by key,
/// the matches open under the box; the arrows move through them, Enter
/// picks, Esc closes the matches only (the box keeps the focus and what is
/// typed), Tab goes on and Shift+Tab comes back.
#[test]
fn the_searched_boxes_are_reached_by_tab_and_picked_by_keyboard() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    let named = |key| keyboard::Key::Named(key);
    use keyboard::key::Named::{ArrowDown, ArrowUp, Enter, Escape};
    window.ctrl(&mut app, "n");
    window.type_keys(&mut app, "Ona");
    // Birth date → gender → citizenship.
    window.click(&mut app, "case-field-birth-date");
    window.tab(&mut app);
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-citizenship");
    window.type_keys(&mut app, "lith");
    window.key(&mut app, named(Enter), none);
    assert!(shows(&app, "Lithuania (LT) ×"), "Enter picked no country");
    focus_is(&mut window, &app, "case-field-citizenship");
    // The box is empty again (its placeholder shows) for another one.
    assert_eq!(
        value_in(&mut window, &app, "case-field-citizenship"),
        "Add a citizenship: type a name or code"
    );

    // The language: Esc closes the matches alone, and Enter then picks
    // nothing; the arrow opens them again.
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-language");
    window.type_keys(&mut app, "lithu");
    window.key(&mut app, named(Escape), none);
    assert!(app.is_editing(), "Esc left the case");
    focus_is(&mut window, &app, "case-field-language");
    assert_eq!(value_in(&mut window, &app, "case-field-language"), "lithu");
    window.key(&mut app, named(Enter), none);
    assert_eq!(
        value_in(&mut window, &app, "case-field-language"),
        "lithu",
        "Enter picked from closed matches"
    );
    window.key(&mut app, named(ArrowDown), none);
    window.key(&mut app, named(Enter), none);
    // What is typed gives way to the choice (the placeholder while the
    // box has the focus).
    assert_eq!(
        value_in(&mut window, &app, "case-field-language"),
        "Lithuanian (lit)"
    );
    // Back to the citizenship box, and on again: past the language, its
    // clear button (there is a value now), then the phone.
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "case-field-citizenship");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-language");
    window.tab(&mut app);
    assert_eq!(window.focused(&app), None, "the clear button has the focus");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-phone");

    // The current country: "ind" finds India first, the arrow goes on to
    // Indonesia (and up and down again), Enter picks it.
    window.click(&mut app, "case-field-location-city");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-location-country");
    window.type_keys(&mut app, "ind");
    window.key(&mut app, named(ArrowDown), none);
    window.key(&mut app, named(ArrowDown), none);
    window.key(&mut app, named(ArrowUp), none);
    window.key(&mut app, named(Enter), none);
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "case-field-location-city");

    // The country of exploitation, the Assessment's last stop: Shift+Tab
    // back into it from the next section, Tab into it from the stop before.
    click(&mut app, "Exploitation");
    window.tab(&mut app);
    assert_eq!(window.focused(&app), None, "the first list has the focus");
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "case-field-country-of-exploitation");
    window.shift_tab(&mut app);
    assert_eq!(window.focused(&app), None, "the last form has the focus");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-country-of-exploitation");
    window.type_keys(&mut app, "Czech");
    window.key(&mut app, named(Enter), none);

    // A trafficking step's country, after its date, before its city.
    click(&mut app, "Exploitation");
    window.click(&mut app, "case-field-event-date");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-event-country");
    window.type_keys(&mut app, "pol");
    window.key(&mut app, named(Enter), none);
    window.tab(&mut app);
    assert_eq!(window.focused(&app), None, "the clear button has the focus");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-event-city");
    window.shift_tab(&mut app);
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "case-field-event-country");

    window.ctrl(&mut app, "s");
    for _ in 0..3 {
        window.key(&mut app, named(Escape), none);
    }
    assert!(!app.is_editing(), "the case was not saved");
    let references = app.listed_references();
    assert_eq!(references.len(), 1, "the case was not saved");
    window.ctrl(&mut app, "l");
    drop(app);
    let case = open(dir.path())
        .view_case(&references[0])
        .unwrap_or_else(|e| panic!("{e}"))
        .case;
    assert_eq!(case.person.citizenship, ["LT"]);
    assert_eq!(case.person.primary_language.as_deref(), Some("lit"));
    assert_eq!(
        case.person
            .current_location
            .and_then(|l| l.country)
            .as_deref(),
        Some("ID")
    );
    assert_eq!(
        case.exploitation.country_of_exploitation.as_deref(),
        Some("CZ")
    );
}

/// Keys typed faster than the view is rebuilt reach it in one batch (as
/// xdotool types, or a quick typist): Enter right after the letters picks
/// from their matches, not from those of the view made before them.
#[test]
fn enter_typed_with_the_letters_picks_from_their_matches() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    window.ctrl(&mut app, "n");
    window.click(&mut app, "case-field-birth-date");
    window.tab(&mut app);
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-citizenship");
    let enter = keyboard::Key::Named(keyboard::key::Named::Enter);
    let mut events: Vec<iced::Event> = iced_test::simulator::typewrite("lith").collect();
    events.push(iced::Event::Keyboard(keyboard::Event::KeyPressed {
        key: enter.clone(),
        modified_key: enter,
        physical_key: keyboard::key::Physical::Unidentified(
            keyboard::key::NativeCode::Unidentified,
        ),
        location: keyboard::Location::Standard,
        modifiers: keyboard::Modifiers::empty(),
        text: None,
        repeat: false,
    }));
    window.events(&mut app, events);
    assert!(shows(&app, "Lithuania (LT) ×"), "Enter picked no country");
}

/// In Lithuanian, "lie" typed key by key finds Lietuva, and the search
/// ignores accents: "zal" finds Žaliasis Kyšulys, "cek" Čekija.
#[test]
fn a_searched_box_finds_places_by_their_lithuanian_name_without_accents() {
    use casebook::vault::Preferences;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .set_preferences(&Preferences::in_language(Language::Lithuanian))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::Lithuanian);
    type_into(&mut app, "passphrase-input", PASSPHRASE);
    click(&mut app, "Atrakinti");
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    window.ctrl(&mut app, "n");
    window.click(&mut app, "case-field-birth-date");
    window.tab(&mut app);
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-citizenship");
    for (typed, picked) in [
        ("lie", "Lietuva (LT) ×"),
        ("zal", "Žaliasis Kyšulys (CV) ×"),
        ("cek", "Čekija (CZ) ×"),
    ] {
        window.type_keys(&mut app, typed);
        window.key(&mut app, keyboard::key::Named::ArrowDown, none);
        window.key(&mut app, keyboard::key::Named::ArrowUp, none);
        window.key(&mut app, keyboard::key::Named::Enter, none);
        assert!(shows(&app, picked), "{typed} did not pick {picked}");
    }
    // Left by Tab, a search that can mean one place only is that place;
    // one that can mean several stays typed, and Save goes back to it.
    window.type_keys(&mut app, "lenk");
    window.tab(&mut app);
    assert!(shows(&app, "Lenkija (PL) ×"), "Tab did not choose Lenkija");
    window.click(&mut app, "case-field-citizenship");
    window.type_keys(&mut app, "šve");
    window.tab(&mut app);
    assert_eq!(value_in(&mut window, &app, "case-field-citizenship"), "šve");
    window.ctrl(&mut app, "s");
    focus_is(&mut window, &app, "case-field-citizenship");
    assert!(shows_part(&app, "Dar nepasirinkta"));
    assert!(app.listed_references().is_empty(), "saved without it");
}

/// Save on an invalid case shows every problem and puts the cursor in the
/// first, naming the field and its section.
#[test]
fn save_on_an_invalid_case_goes_to_the_first_problem() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    window.ctrl(&mut app, "n");
    window.click(&mut app, "case-field-birth-date");
    window.type_keys(&mut app, "2010-13");
    window.click(&mut app, "case-field-phone");
    window.type_keys(&mut app, "12");
    window.ctrl(&mut app, "s");
    focus_is(&mut window, &app, "case-field-birth-date");
    assert!(shows(
        &app,
        "2 fields need attention before saving. Birth date (Person): Write the date as YYYY-MM-DD, for example 2026-11-20."
    ));
    assert!(app.listed_references().is_empty());
}

/// The notes are a multi-line editor in the focus order: Tab from the
/// field before them lands in them, Enter breaks the line (typed key by
/// key, the view rebuilt between keys), Tab goes on to the next field
/// (no tab is typed), and Ctrl+S saves the lines as typed.
#[test]
fn notes_take_several_lines_key_by_key_and_keep_their_place_in_the_tab_order() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    window.ctrl(&mut app, "n");
    window.type_keys(&mut app, "Ona");
    click(&mut app, "Follow-ups");
    window.click(&mut app, "case-field-follow-up-due");
    focus_is(&mut window, &app, "case-field-follow-up-due");
    // Past the follow-up's Add button, on into the next section.
    window.tab(&mut app);
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-notes");
    window.type_keys(&mut app, "Came in with a cousin.");
    window.key(
        &mut app,
        keyboard::key::Named::Enter,
        keyboard::Modifiers::empty(),
    );
    window.type_keys(&mut app, "Will call back.");
    focus_is(&mut window, &app, "case-field-notes");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-erase-after");
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "case-field-notes");
    // Esc leaves the notes as it leaves a text field; the case stays open.
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(
        !shows(&app, "Keep editing"),
        "Esc in the notes asked to leave the case"
    );
    assert_eq!(window.focused(&app), None);
    window.ctrl(&mut app, "s");
    window.ctrl(&mut app, "l");
    assert!(app.is_locked());
    drop(app);
    let case = the_first_case(dir.path()).case;
    assert_eq!(
        case.notes.as_deref(),
        Some("Came in with a cousin.\nWill call back.")
    );
}

/// The unlock form's passphrase is hidden until the officer asks to see
/// it (the button, or Ctrl+H from the keyboard); it is hidden again after
/// a failed attempt and at the next lock.
#[test]
fn the_passphrase_is_shown_on_request_and_hidden_again_after_a_failure_and_at_lock() {
    let (_dir, mut app) = app_on_vault();
    let mut window = Window::new(&app);
    let typed = "wrong horse battery";
    window.click(&mut app, "passphrase-input");
    window.type_keys(&mut app, typed);
    let hidden = value_in(&mut window, &app, "passphrase-input");
    assert!(!hidden.contains("horse"), "shown before asked: {hidden}");
    assert!(shows(&app, "Show passphrase"));
    click(&mut app, "Show passphrase");
    assert_eq!(value_in(&mut window, &app, "passphrase-input"), typed);
    assert!(shows(&app, "Hide passphrase"));
    window.ctrl(&mut app, "h");
    assert!(!value_in(&mut window, &app, "passphrase-input").contains("horse"));
    window.ctrl(&mut app, "h");
    assert_eq!(value_in(&mut window, &app, "passphrase-input"), typed);
    // A wrong passphrase: the message, and the field hidden again.
    window.key(
        &mut app,
        keyboard::key::Named::Enter,
        keyboard::Modifiers::empty(),
    );
    assert!(shows_part(&app, "passphrase"));
    assert!(
        shows(&app, "Show passphrase"),
        "hidden again after a failure"
    );
    window.click(&mut app, "passphrase-input");
    window.type_keys(&mut app, "again typed");
    assert!(!value_in(&mut window, &app, "passphrase-input").contains("typed"));

    // Shown, unlocked, locked: the new form hides it.
    type_into(&mut app, "passphrase-input", PASSPHRASE);
    click(&mut app, "Show passphrase");
    click(&mut app, "Unlock");
    assert!(app.is_unlocked());
    send(&mut app, ctrl("l", keyboard::key::Code::KeyL));
    assert!(app.is_locked());
    assert!(shows(&app, "Show passphrase"), "hidden again at lock");
    type_into(&mut app, "passphrase-input", "once more");
    let mut window = Window::new(&app);
    assert!(!value_in(&mut window, &app, "passphrase-input").contains("more"));
}

/// "Turn off" for automatic backups does nothing when none is set: it is
/// disabled (a click sends nothing); once they are on, it turns them off.
#[test]
fn turn_off_is_disabled_while_no_automatic_backup_is_set() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    drop(new_vault(&vault_dir));
    let (mut app, _) = App::new(vault_dir.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    click(&mut app, "Turn off");
    assert!(
        !shows(&app, "Automatic backups are off."),
        "Turn off acted with nothing to turn off"
    );
    send(
        &mut app,
        Message::Settings(casebook::gui::screen::settings::Message::AutoFolderChosen(
            Some(dir.path().join("usb")),
        )),
    );
    click(&mut app, "Save");
    click(&mut app, "Turn off");
    assert!(shows(&app, "Automatic backups are off."));
}

/// The follow-ups and referrals of a case with none say so in a line; with
/// one, the rows stand under column headings.
#[test]
fn follow_ups_and_referrals_say_when_there_are_none_and_head_their_columns() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    click(&mut app, "New case");
    click(&mut app, "Follow-ups");
    assert!(shows(&app, "No follow-ups yet."));
    assert_eq!(
        texts_reading(&app, "Kind of contact"),
        1,
        "a heading with no rows"
    );
    type_into(&mut app, "case-field-follow-up-date", "2026-11-02");
    type_into(&mut app, "case-field-follow-up-summary", "Called back");
    click(&mut app, "Add");
    assert!(!shows(&app, "No follow-ups yet."));
    assert!(shows(&app, "Summary") && shows(&app, "Called back"));
    assert!(shows(&app, "Next action due"));
    click(&mut app, "Referrals");
    assert!(shows(&app, "No referrals yet."));
    type_into(&mut app, "case-field-referral-date", "2026-11-03");
    type_into(&mut app, "case-field-referral-organisation", "Caritas");
    click(&mut app, "Add");
    assert!(!shows(&app, "No referrals yet."));
    let headings = ["Date", "Organisation", "Service", "Outcome"].map(|h| texts_reading(&app, h));
    // Each heading stands above the row and beside the form's own label.
    assert_eq!(headings, [2, 2, 2, 2], "{headings:?}");
}

/// Esc in an open pick list of the statistics closes only the list; the
/// next Esc leaves the screen.
#[test]
fn esc_in_an_open_statistics_list_closes_only_the_list() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    vault
        .generate_recorded(4, 10, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    let mut window = Window::new(&app);
    window.send(&mut app, Message::ShowStatistics);
    assert!(shows(&app, "Count cases by"));
    let label = window
        .find(&app, "Count cases by")
        .map(|t| t.bounds())
        .unwrap_or_else(|| panic!("no label"));
    let right = label.width + 40.0;
    window.click_near(&mut app, "Count cases by", right, 8.0);
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(
        shows(&app, "Count cases by"),
        "Esc closed the list and the statistics with it"
    );
    // Closed indeed: a click where its second choice was chooses nothing.
    window.click_near(&mut app, "Count cases by", right, 70.0);
    assert!(!shows(&app, "Possible victim"), "the list was still open");
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(
        !shows(&app, "Count cases by"),
        "the second Esc leaves the statistics"
    );
    // The same clicks with the list open choose its second choice.
    window.send(&mut app, Message::ShowStatistics);
    window.click_near(&mut app, "Count cases by", right, 8.0);
    window.click_near(&mut app, "Count cases by", right, 70.0);
    assert!(
        shows(&app, "Possible victim"),
        "the click missed the list's choice (rows by trafficking status)"
    );
}

/// How many texts on screen read exactly `wanted`.
fn texts_reading(app: &App, wanted: &str) -> usize {
    use iced_test::selector::Candidate;
    let mut count = 0;
    let mut ui = ui(app);
    let _ = ui.find(|candidate: Candidate<'_>| {
        if let Candidate::Text { content, .. } = candidate
            && content == wanted
        {
            count += 1;
        }
        None::<()>
    });
    count
}

/// The rows' buttons are stops of the Tab order: Enter on "Add" adds the
/// follow-up typed (and the cursor goes to the next one's date), Shift+Tab
/// from there reaches the new row's "Remove", and Enter removes it.
#[test]
fn the_add_and_remove_buttons_are_reached_by_tab_and_pressed_by_enter() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    window.ctrl(&mut app, "n");
    click(&mut app, "Follow-ups");
    window.click(&mut app, "case-field-follow-up-date");
    window.type_keys(&mut app, "2026-11-02");
    // The kind of contact, then the summary.
    window.tab(&mut app);
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-follow-up-summary");
    window.type_keys(&mut app, "Called back");
    for id in [
        "case-field-follow-up-next-action",
        "case-field-follow-up-due",
    ] {
        window.tab(&mut app);
        focus_is(&mut window, &app, id);
    }
    window.tab(&mut app);
    assert_eq!(window.focused(&app), None, "Add has the focus, no field");
    let enter = || keyboard::Key::Named(keyboard::key::Named::Enter);
    window.key(&mut app, enter(), keyboard::Modifiers::empty());
    assert!(shows(&app, "Called back"), "Enter on Add added nothing");
    assert!(!shows(&app, "No follow-ups yet."));
    focus_is(&mut window, &app, "case-field-follow-up-date");
    window.shift_tab(&mut app);
    assert_eq!(window.focused(&app), None, "Remove has the focus");
    window.key(&mut app, enter(), keyboard::Modifiers::empty());
    assert!(
        !shows(&app, "Called back"),
        "Enter on Remove removed nothing"
    );
    assert!(shows(&app, "No follow-ups yet."));
}

/// Ctrl+S on a case whose first problem is at a pick list (an identified
/// victim, nobody named as deciding it) goes to that list: its section
/// opens and the list has the focus, so that the arrow chooses at once.
#[test]
fn save_goes_to_a_pick_list_whose_choice_is_missing() {
    use casebook::domain::TraffickingStatus;
    use casebook::gui::screen::editor;
    use casebook::gui::widget::Choice;
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    window.ctrl(&mut app, "n");
    window.send(
        &mut app,
        Message::Editor(editor::Message::Trafficking(Choice::new(
            Some(TraffickingStatus::ActualVictimOfTrafficking),
            "Identified victim".into(),
        ))),
    );
    window.click(&mut app, "case-field-given-name");
    window.type_keys(&mut app, "Ona");
    window.ctrl(&mut app, "s");
    assert!(shows(&app, "Status decided by"), "Save stayed on Person");
    assert_eq!(window.focused(&app), None, "a text field kept the cursor");
    // The arrow chooses the first who decides: the problem is gone.
    window.key(
        &mut app,
        keyboard::key::Named::ArrowDown,
        keyboard::Modifiers::empty(),
    );
    assert!(
        !shows_part(&app, "say who identified them"),
        "the list did not have the focus"
    );
    window.ctrl(&mut app, "s");
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(!app.is_editing());
    assert_eq!(app.listed_references().len(), 1);
}

/// A vault of four cases from the full fixture: the references in the
/// order they were made, with their status and their next action due.
fn list_vault(dir: &std::path::Path) -> (casebook::vault::Vault, Vec<String>) {
    use casebook::domain::CaseStatus;
    let mut vault = new_vault(dir);
    let cases = [
        (CaseStatus::Active, Some(date(2026, 11, 28))),
        (CaseStatus::FollowUp, Some(date(2026, 12, 5))),
        (CaseStatus::Active, Some(date(2026, 12, 20))),
        (CaseStatus::Closed, None),
    ];
    let mut references = Vec::new();
    for (i, (status, due)) in cases.into_iter().enumerate() {
        let mut case = fixture_case("case-full.json");
        case.status = status;
        case.first_contact.date = date(2026, 11, 10 + i as u32);
        case.follow_ups[0].next_action_due = due;
        if due.is_none() {
            case.follow_ups[0].next_action = None;
        }
        let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
        references.push(record.meta.reference);
    }
    (vault, references)
}

/// The app on `vault`, its calendar fixed at `today`, unlocked.
fn unlocked_on(vault: casebook::vault::Vault, today: chrono::NaiveDate) -> App {
    let dir = vault.dir().to_path_buf();
    drop(vault);
    let (mut app, _) = App::new(dir, Language::English);
    app.set_calendar(casebook::gui::clock::Calendar::fixed(today));
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_unlocked());
    app
}

/// Every text on screen, in reading order.
fn texts(app: &App) -> Vec<String> {
    use iced_test::selector::Candidate;
    let found = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let into = found.clone();
    let mut ui = ui(app);
    let _ = ui.find(move |candidate: Candidate<'_>| {
        if let Candidate::Text { content, .. } = candidate {
            into.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(content.to_owned());
        }
        None::<()>
    });
    drop(ui);
    found.lock().map(|t| t.clone()).unwrap_or_default()
}

/// The next action due of each row on screen, each with whether "overdue"
/// stands beside it. A row reads: reference, name, first contact, status,
/// trafficking status, next action due, then the mark if there is one.
fn due_dates_marked(app: &App) -> Vec<(String, bool)> {
    let texts = texts(app);
    texts
        .iter()
        .enumerate()
        .filter(|(_, t)| t.starts_with("LT-LON-"))
        .filter_map(|(i, _)| {
            let due = texts.get(i + 5).filter(|d| !d.is_empty())?;
            Some((
                due.clone(),
                texts.get(i + 6).is_some_and(|next| next == "overdue"),
            ))
        })
        .collect()
}

#[test]
fn overdue_follow_ups_are_marked_with_a_word_by_the_apps_calendar_and_counted_on_the_button() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (vault, _) = list_vault(dir.path());
    let mut app = unlocked_on(vault, date(2026, 12, 5));
    // Before the 5th is overdue; the 5th itself is due, not overdue.
    assert_eq!(
        due_dates_marked(&app),
        [
            ("2026-12-20".to_owned(), false),
            ("2026-12-05".to_owned(), false),
            ("2026-11-28".to_owned(), true),
        ]
    );
    assert!(shows(&app, "Follow-ups due (2)"));
    click(&mut app, "Follow-ups due (2)");
    assert_eq!(
        due_dates_marked(&app),
        [
            ("2026-11-28".to_owned(), true),
            ("2026-12-05".to_owned(), false),
        ]
    );
    // Three weeks on, every follow-up is overdue, and the count follows.
    app.set_calendar(casebook::gui::clock::Calendar::fixed(date(2026, 12, 26)));
    click(&mut app, "All cases");
    assert!(shows(&app, "Follow-ups due (3)"));
    assert!(due_dates_marked(&app).iter().all(|(_, overdue)| *overdue));
    assert_eq!(due_dates_marked(&app).len(), 3);
}

/// Opens the filter `id` and clicks its choice number `k` (0 is "any"):
/// the menu opens under the list, its choices as tall as the list.
fn choose(window: &mut Window, app: &mut App, id: &'static str, k: usize) {
    let bounds = window
        .find(app, widget::Id::new(id))
        .map(|t| t.bounds())
        .unwrap_or_else(|| panic!("no filter {id}"));
    window.click(app, id);
    window.click_at(
        app,
        bounds.center_x(),
        bounds.y + bounds.height * (k as f32 + 1.5),
    );
}

#[test]
fn a_filter_keeps_its_name_when_set_and_clear_filters_resets_every_filter() {
    use casebook::gui::screen::cases::FILTER_IDS;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (vault, references) = list_vault(dir.path());
    let mut app = unlocked_on(vault, date(2026, 12, 5));
    let mut window = Window::new(&app);
    let any = [
        "Status: any",
        "Trafficking status: any",
        "Form of exploitation: any",
    ];
    assert_eq!(app.list_filters(), any);
    // Clear filters has nothing to do yet: a click on it does nothing.
    click(&mut app, "Clear filters");
    assert_eq!(app.listed_references().len(), 4);

    // Esc closes an open list and nothing else: a click where "Active"
    // was then reaches the row beneath and opens its case.
    window.click(&mut app, FILTER_IDS[0]);
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    let bounds = window
        .find(&app, widget::Id::new(FILTER_IDS[0]))
        .map(|t| t.bounds())
        .unwrap_or_else(|| panic!("no status filter"));
    assert!(!app.is_editing(), "Esc did more than close the list");
    window.click_at(&mut app, bounds.center_x(), bounds.y + bounds.height * 2.5);
    assert_eq!(app.list_filters(), any, "the list was still open");
    assert!(app.is_editing());
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(!app.is_editing());

    // The status list: "Active" is its second choice.
    choose(&mut window, &mut app, FILTER_IDS[0], 1);
    assert_eq!(app.list_filters()[0], "Status: Active");
    let active = vec![references[2].clone(), references[0].clone()];
    assert_eq!(app.listed_references(), active);
    // The form: "Forced labour", its second choice.
    choose(&mut window, &mut app, FILTER_IDS[2], 1);
    assert_eq!(app.list_filters()[2], "Form of exploitation: Forced labour");
    assert_eq!(app.listed_references(), active);
    // The trafficking status: "Identified victim", which none is.
    choose(&mut window, &mut app, FILTER_IDS[1], 2);
    assert_eq!(
        app.list_filters()[1],
        "Trafficking status: Identified victim"
    );
    assert!(app.listed_references().is_empty());
    assert!(shows(&app, "No case matches."));

    click(&mut app, "Clear filters");
    assert_eq!(app.list_filters(), any);
    let mut all = references.clone();
    all.reverse();
    assert_eq!(app.listed_references(), all);
}

#[test]
fn the_sort_arrow_says_the_order_the_rows_are_in() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (vault, references) = list_vault(dir.path());
    let mut app = unlocked_on(vault, date(2026, 12, 5));
    let mut newest_first = references.clone();
    newest_first.reverse();
    // At first: newest first contact first, and the arrow points down.
    assert!(shows(&app, "First contact\u{a0}▼"));
    assert_eq!(app.listed_references(), newest_first);

    click(&mut app, "Reference");
    assert!(shows(&app, "Reference\u{a0}▲"));
    assert!(shows(&app, "First contact"), "the arrow stayed behind");
    assert_eq!(app.listed_references(), references);
    click(&mut app, "Reference\u{a0}▲");
    assert!(shows(&app, "Reference\u{a0}▼"));
    assert_eq!(app.listed_references(), newest_first);

    // Status goes by the order of the work, the same in every language:
    // active, follow-up, closed ("FollowUp" is not after "Closed").
    click(&mut app, "Status");
    assert!(shows(&app, "Status\u{a0}▲"));
    assert_eq!(
        app.listed_references(),
        [
            references[0].clone(),
            references[2].clone(),
            references[1].clone(),
            references[3].clone(),
        ]
    );

    // The follow-ups due come soonest first, whatever the list's order:
    // the arrow moves to their date, and the headings are not buttons.
    click(&mut app, "Follow-ups due (2)");
    assert!(shows(&app, "Next action due\u{a0}▲"));
    assert!(shows(&app, "Status"));
    assert!(!shows(&app, "Status\u{a0}▲"));
    assert_eq!(
        app.listed_references(),
        [references[0].clone(), references[1].clone()]
    );
    // They are not filtered: the filters give way to a line that says so,
    // rather than look set and do nothing.
    assert!(shows(
        &app,
        "Filters apply to the whole list, not to the follow-ups due."
    ));
    assert!(!shows(&app, "Clear filters"));
}

#[test]
fn a_name_withheld_from_the_commission_is_shown_as_withheld() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut mission = mission_ready_to_export(dir.path());
    for share in [true, false] {
        let mut case = fixture_case("case-full.json");
        case.consent.share_identifiable_with_commission = Some(share);
        mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    }
    let file = dir.path().join("export.age");
    casebook::exchange::export(&mut mission, &file, true, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    drop(mission);
    let mut commission = open(&dir.path().join("commission"));
    import_as_analyst(&mut commission, &file).unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(commission);
    send(
        &mut app,
        Message::Cases(casebook::gui::screen::cases::Message::DiscreetToggled(
            false,
        )),
    );
    let shown = texts(&app);
    assert_eq!(
        shown.iter().filter(|t| *t == "withheld").count(),
        1,
        "{shown:?}"
    );
    assert!(shows(&app, "Ona Žemaitytė"));
    assert_eq!(app.listed_references().len(), 2);
}

/// The texts on screen with their bounds, in a window `width` wide.
fn texts_at(app: &App, width: f32) -> Vec<(String, iced::Rectangle)> {
    use iced_test::selector::Candidate;
    let found = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let into = found.clone();
    let mut ui =
        iced_test::Simulator::with_size(casebook::gui::settings(), (width, 900.0), app.view());
    let _ = ui.find(move |candidate: Candidate<'_>| {
        if let Candidate::Text {
            content, bounds, ..
        } = candidate
        {
            into.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((content.to_owned(), bounds));
        }
        None::<()>
    });
    drop(ui);
    found.lock().map(|t| t.clone()).unwrap_or_default()
}

/// Laid out for the longer language: in the window the list opens in
/// (1280 pixels), with the owner's column and the ticks of a vault of two
/// officers, every heading is on one line, so none runs into the next
/// ("…statusas" into "Kitas veiksmas iki"); in that window and in a
/// narrower one, every row has one line ("Užbaigta, perduota" does not
/// wrap and make its row taller).
#[test]
fn lithuanian_rows_keep_one_height_and_headings_do_not_collide() {
    use casebook::vault::Preferences;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut vault, _) = list_vault(dir.path());
    let mut case = fixture_case("case-full.json");
    case.status = casebook::domain::CaseStatus::ClosedReferred;
    case.assessment.trafficking_status =
        Some(casebook::domain::TraffickingStatus::ActualVictimOfTrafficking);
    case.assessment.decided_by = Some(casebook::domain::DecisionMaker::Police);
    vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    vault
        .set_preferences(&Preferences {
            discreet: false,
            ..Preferences::in_language(Language::Lithuanian)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .add_officer(
            "A. Petraitė",
            &secrecy::SecretString::from("amber meadow kettle violin".to_owned()),
            casebook::vault::KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let dir = vault.dir().to_path_buf();
    drop(vault);
    let (mut app, _) = App::new(dir, Language::English);
    app.set_calendar(casebook::gui::clock::Calendar::fixed(date(2026, 12, 5)));
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    for width in [1280.0, 900.0] {
        let texts = texts_at(&app, width);
        let bounds_of = |content: &str| {
            texts
                .iter()
                .find(|(c, _)| c == content)
                .map(|(_, b)| *b)
                .unwrap_or_else(|| panic!("no {content} at {width}: {texts:?}"))
        };
        let line = bounds_of("Aktyvi").height;
        for value in [
            "Užbaigta, perduota",
            "Ona Žemaitytė",
            "Nustatyta auka",
            "LT-LON-2026-0005",
            "J. Jonaitis",
        ] {
            assert!(
                (bounds_of(value).height - line).abs() < 0.5,
                "{value} takes more than a line at {width}"
            );
        }
        if width < 1280.0 {
            continue;
        }
        // Nor is any cut at its cell's edge: as wide as in a wide window.
        let wide = texts_at(&app, 2400.0);
        for value in [
            "Užbaigta, perduota",
            "Ona Žemaitytė",
            "Nustatyta auka",
            "J. Jonaitis",
        ] {
            let natural = wide
                .iter()
                .find(|(c, _)| c == value)
                .map(|(_, b)| b.width)
                .unwrap_or_default();
            assert!(
                (bounds_of(value).width - natural).abs() < 0.5,
                "{value} is cut at {width} ({} of {natural})",
                bounds_of(value).width
            );
        }
        let heading_line = bounds_of("Numeris").height;
        for heading in [
            "Vardas",
            "Pirmas kontaktas\u{a0}▼",
            "Būsena",
            "Prekybos žmonėmis statusas",
            "Kitas veiksmas iki",
            "Atnaujinta",
            "Atsakingas",
        ] {
            assert!(
                (bounds_of(heading).height - heading_line).abs() < 0.5,
                "{heading} wraps at {width}"
            );
        }
    }
}

/// A follow-up typed but not added is not part of the case: Save goes to
/// it and says so instead of saving without it; typed and cleared again,
/// nothing has changed and Save writes no new revision.
#[test]
fn save_goes_to_a_follow_up_typed_but_not_added_and_writes_no_empty_revision() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    let save = |window: &mut Window, app: &mut App| window.ctrl(app, "s");
    window.ctrl(&mut app, "n");
    window.type_keys(&mut app, "Ona");
    click(&mut app, "Follow-ups");
    window.click(&mut app, "case-field-follow-up-date");
    window.type_keys(&mut app, "2026-11-3");
    save(&mut window, &mut app);
    focus_is(&mut window, &app, "case-field-follow-up-date");
    assert!(shows_part(&app, "Not added to the case yet"));
    assert!(app.listed_references().is_empty(), "saved without the row");

    // Cleared key by key, the case saves (it is new).
    for _ in 0.."2026-11-3".len() {
        window.key(
            &mut app,
            keyboard::key::Named::Backspace,
            keyboard::Modifiers::empty(),
        );
    }
    save(&mut window, &mut app);

    // Typed and cleared again: nothing changed, no new revision.
    window.click(&mut app, "case-field-follow-up-summary");
    window.type_keys(&mut app, "x");
    window.key(
        &mut app,
        keyboard::key::Named::Backspace,
        keyboard::Modifiers::empty(),
    );
    save(&mut window, &mut app);
    window.ctrl(&mut app, "l");
    assert!(app.is_locked());
    drop(app);
    let record = the_first_case(dir.path());
    assert_eq!(record.meta.revision, 1, "an unchanged case was saved again");
}

fn app_reference(vault: &mut casebook::vault::Vault) -> String {
    vault
        .list_cases(&casebook::vault::ListQuery::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .rows
        .into_iter()
        .map(|c| c.reference)
        .next()
        .unwrap_or_else(|| panic!("no case was saved"))
}

/// The question asked on leaving a changed case is answered by keyboard:
/// it gives Keep editing the focus, Esc answers Keep editing, Shift+Tab
/// reaches Discard and Enter presses it (a keyboard user was trapped).
#[test]
fn the_unsaved_changes_question_is_answered_by_keyboard() {
    let (_dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    let mut window = Window::new(&app);
    let press = |window: &mut Window, app: &mut App, key: keyboard::key::Named| {
        window.key(app, key, keyboard::Modifiers::empty())
    };
    window.ctrl(&mut app, "n");
    window.type_keys(&mut app, "Ona");
    // The first Esc leaves the field, the second asks.
    press(&mut window, &mut app, keyboard::key::Named::Escape);
    press(&mut window, &mut app, keyboard::key::Named::Escape);
    assert!(shows(&app, "Keep editing"), "no question");
    press(&mut window, &mut app, keyboard::key::Named::Enter);
    assert!(!shows(&app, "Keep editing"), "Enter did not keep editing");
    assert!(app.is_editing());

    press(&mut window, &mut app, keyboard::key::Named::Escape);
    assert!(shows(&app, "Keep editing"));
    press(&mut window, &mut app, keyboard::key::Named::Escape);
    assert!(
        !shows(&app, "Keep editing"),
        "Esc did not close the question"
    );
    assert!(app.is_editing());

    press(&mut window, &mut app, keyboard::key::Named::Escape);
    window.shift_tab(&mut app);
    press(&mut window, &mut app, keyboard::key::Named::Enter);
    assert!(!app.is_editing(), "Discard was not reached by Shift+Tab");
    assert!(app.listed_references().is_empty(), "the case was saved");
}

/// A vault of two officers: the unlock form asks who signs in (the names
/// come from the header), sends nothing until one is picked, and opens as
/// that officer, whom the header then names; after a lock they are picked
/// already.
#[test]
fn a_vault_of_two_officers_asks_who_signs_in() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    new_vault(dir.path())
        .add_officer(
            "A. Petraitė",
            &secrecy::SecretString::from("amber meadow kettle violin".to_owned()),
            casebook::vault::KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    assert!(shows(&app, "Officer signing in"));
    unlock(&mut app, "amber meadow kettle violin");
    assert!(app.is_locked(), "no officer picked: nothing is sent");
    assert!(!shows_part(&app, "several officers"), "not even tried");

    // Picked in the list (as the pick list sends it; what a pick list
    // shows is not text the simulator finds).
    send(
        &mut app,
        Message::Unlock(casebook::gui::screen::unlock::Message::OfficerPicked(
            "A. Petraitė".into(),
        )),
    );
    unlock(&mut app, "amber meadow kettle violin");
    assert!(app.is_unlocked());
    assert!(shows(&app, "LT-LON · A. Petraitė"));

    click(&mut app, "Lock");
    assert!(app.is_locked());
    assert!(shows(&app, "Officer signing in"));
    // No pick needed: the officer who was signed in is picked.
    unlock(&mut app, "amber meadow kettle violin");
    assert!(app.is_unlocked());
    assert!(shows(&app, "LT-LON · A. Petraitė"));
}

/// Settings → "Destroy this vault": the confirmation says what happens and
/// asks for the mission code, typed one key at a time; a wrong code
/// destroys nothing, the right one destroys the vault, and the window
/// leaves the session for the first-run screen, which says so.
#[test]
fn destroying_from_the_settings_takes_the_mission_code_and_ends_on_the_first_run_screen() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    {
        let mut vault = new_vault(&vault_dir);
        vault
            .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 2)))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (mut app, _) = App::new(vault_dir.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    assert!(shows(&app, "Danger zone: destroy this vault"));
    click(&mut app, "Destroy this vault…");
    assert!(shows(&app, "Type the mission code (LT-LON) to confirm:"));
    assert!(shows_part(&app, "overwrites this vault's keys first"));
    assert!(shows_part(
        &app,
        "1 case(s) and 0 erasure(s) have changes never sent to the commission"
    ));

    let mut window = Window::new(&app);
    window.click(&mut app, "destroy-code");
    window.type_keys(&mut app, "LT-LOM");
    click(&mut app, "Destroy for good");
    assert!(shows(
        &app,
        "That is not this vault's mission code: nothing was destroyed."
    ));
    assert!(app.is_unlocked());
    assert!(vault_dir.join("casebook.db").exists());

    window.click(&mut app, "destroy-code");
    for key in [keyboard::key::Named::End, keyboard::key::Named::Backspace] {
        window.key(&mut app, key, keyboard::Modifiers::empty());
    }
    window.type_keys(&mut app, "N");
    click(&mut app, "Destroy for good");
    assert!(
        !app.is_unlocked() && !app.is_locked(),
        "the first-run screen"
    );
    assert!(shows_part(
        &app,
        "This vault was destroyed: no passphrase opens it any more"
    ));
    assert!(!vault_dir.join("casebook.db").exists());
    assert!(casebook::vault::Vault::open(&vault_dir, &passphrase()).is_err());
}

/// While the vault is being destroyed the officer cannot leave the
/// settings (the result would have nowhere to go) nor start other work;
/// a quit asked for meanwhile waits, says so, and closes the window once
/// the destruction has finished (review finding 11).
#[test]
fn during_a_destruction_the_settings_stay_and_a_quit_closes_after_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    drop(new_vault(&vault_dir));
    let (mut app, _) = App::new(vault_dir.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    click(&mut app, "Destroy this vault…");
    let mut window = Window::new(&app);
    window.click(&mut app, "destroy-code");
    window.type_keys(&mut app, "LT-LON");
    // "Destroy for good", its job held back as if still running.
    let messages: Vec<Message> = {
        let mut ui = ui(&app);
        ui.click("Destroy for good")
            .unwrap_or_else(|e| panic!("{e:?}"));
        ui.into_messages().collect()
    };
    let mut jobs = Vec::new();
    for message in messages {
        jobs.extend(app.update(message).into_jobs());
    }
    assert_eq!(jobs.len(), 1, "one job: the destruction");
    assert!(shows_part(&app, "Destroying…"));

    send(&mut app, Message::ShowCases);
    send(&mut app, Message::ShowStatistics);
    assert!(
        shows(&app, "Danger zone: destroy this vault"),
        "still on the settings"
    );
    let effect = app.update(Message::CloseRequested(iced::window::Id::unique()));
    assert!(!effect.exits(), "the window waits for the destruction");
    assert!(shows(&app, "Closing once the destruction has finished."));

    let done = jobs.remove(0).run();
    let effect = app.update(done);
    assert!(effect.exits(), "the window closes once it has finished");
    assert!(!vault_dir.join("casebook.db").exists());
}

/// The first case of the vault in `dir` (by the list's default order), read
/// back once the window has let go of it.
fn the_first_case(dir: &std::path::Path) -> casebook::domain::CaseRecord {
    let mut vault = open(dir);
    let reference = app_reference(&mut vault);
    vault
        .view_case(&reference)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A vault of two officers, J. Jonaitis (who made it) and A. Petraitė,
/// with two open cases of the first: Ona's (first contact in October) and
/// Rasa's (in November, so first in the list's default order). Returns
/// their ids and references.
fn two_officers_two_cases(dir: &std::path::Path) -> [(casebook::domain::CaseId, String); 2] {
    let mut vault = new_vault(dir);
    vault
        .add_officer(
            "A. Petraitė",
            &secrecy::SecretString::from("amber meadow kettle violin".to_owned()),
            casebook::vault::KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    [("Ona", date(2026, 10, 2)), ("Rasa", date(2026, 11, 20))].map(|(given, contact)| {
        let record = vault
            .create_case(simple_case(given, "Žemaitytė", contact))
            .unwrap_or_else(|e| panic!("{e}"));
        (record.meta.id, record.meta.reference)
    })
}

fn sign_in_as(app: &mut App, officer: &str, passphrase: &str) {
    send(
        app,
        Message::Unlock(casebook::gui::screen::unlock::Message::OfficerPicked(
            officer.into(),
        )),
    );
    unlock(app, passphrase);
    assert!(app.is_unlocked(), "{officer} could not sign in");
}

/// The references on screen, top to bottom.
fn references_from_the_top(app: &App) -> Vec<String> {
    let mut found: Vec<(String, iced::Rectangle)> = texts_at(app, 1280.0)
        .into_iter()
        .filter(|(text, _)| text.starts_with("LT-LON-"))
        .collect();
    found.sort_by(|a, b| a.1.y.total_cmp(&b.1.y));
    found.into_iter().map(|(text, _)| text).collect()
}

/// Issue 16's handover in the window: J. Jonaitis ticks Ona's case and
/// hands it over with a note (Enter asks, naming the officer and the
/// count, Enter again hands over); A. Petraitė signs in and is told, with
/// the case above the list; "My cases" (Ctrl+M) shows her one case; the
/// editor names its owner, and once opened the case is no longer "new".
#[test]
fn a_case_handed_over_comes_first_for_its_new_owner_with_a_banner() {
    use casebook::gui::screen::cases;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let [(_, ona_ref), (_, rasa_ref)] = two_officers_two_cases(dir.path());
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    assert!(shows(&app, "Owner"), "the owner column");
    assert_eq!(
        references_from_the_top(&app),
        [rasa_ref.clone(), ona_ref.clone()]
    );
    assert!(!shows_part(&app, "handed over to you"));

    // The box left of Ona's reference, clicked as a person does.
    let mut window = Window::new(&app);
    window.click_near(&mut app, &ona_ref, -22.0, 9.0);
    assert!(
        shows(&app, "Hand over ticked cases (1)…"),
        "the box was ticked"
    );
    click(&mut app, "Hand over ticked cases (1)…");
    assert!(shows(&app, "Cases ticked in the list: 1"));
    window.click(&mut app, cases::handover::NOTE_ID);
    window.type_keys(&mut app, "Calls on Tuesdays");
    window.key(
        &mut app,
        keyboard::key::Named::Enter,
        keyboard::Modifiers::empty(),
    );
    assert!(shows(&app, "Hand over 1 case to A. Petraitė?"));
    // One Esc steps back to the form, even from the note's field; Enter
    // asks again.
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(!shows(&app, "Hand over 1 case to A. Petraitė?"));
    assert!(shows(&app, "Hand over cases"), "the dialog stays");
    window.click(&mut app, cases::handover::NOTE_ID);
    window.key(
        &mut app,
        keyboard::key::Named::Enter,
        keyboard::Modifiers::empty(),
    );
    window.key(
        &mut app,
        keyboard::key::Named::Enter,
        keyboard::Modifiers::empty(),
    );
    assert!(shows(&app, "1 case was handed over to A. Petraitė."));
    assert!(!shows(&app, "Hand over cases"), "the dialog is gone");
    assert!(!shows_part(&app, "handed over to you"), "not to the giver");

    click(&mut app, "Lock");
    sign_in_as(&mut app, "A. Petraitė", "amber meadow kettle violin");
    assert!(shows(&app, "1 case was handed over to you."));
    assert_eq!(
        references_from_the_top(&app).first(),
        Some(&ona_ref),
        "the case handed over comes first"
    );

    // My cases: hers only, from the keyboard; and back.
    let mut window = Window::new(&app);
    window.ctrl(&mut app, "m");
    assert_eq!(app.listed_references(), std::slice::from_ref(&ona_ref));
    window.ctrl(&mut app, "m");
    assert_eq!(app.listed_references(), [rasa_ref.clone(), ona_ref.clone()]);
    click(&mut app, "My cases");
    assert_eq!(app.listed_references(), std::slice::from_ref(&ona_ref));

    // Opened, it is seen: the banner goes.
    click(&mut app, &ona_ref);
    assert!(app.is_editing());
    assert!(shows(&app, "Owner: A. Petraitė"));
    // The handover, with its note, in the case's history.
    assert!(shows(&app, "Handovers"));
    assert!(shows_part(
        &app,
        "from J. Jonaitis to A. Petraitė, by J. Jonaitis"
    ));
    assert!(shows(&app, "Calls on Tuesdays"), "the note is read here");
    click(&mut app, "Back");
    assert!(!shows_part(&app, "handed over to you"));
    send(&mut app, Message::Lock);

    let vault = casebook::vault::Vault::open_as(dir.path(), Some("J. Jonaitis"), &passphrase())
        .unwrap_or_else(|e| panic!("{e}"));
    let handovers = vault
        .case_handovers(&ona_ref)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(handovers.len(), 1);
    assert_eq!(handovers[0].note.as_deref(), Some("Calls on Tuesdays"));
    assert_eq!(handovers[0].by, "J. Jonaitis");
    assert!(handovers[0].seen_at.is_some());
}

/// "Hand over all my open cases…" counts them and names the officer;
/// Esc and Cancel leave everything as it was (nothing handed over, no
/// audit entry); "Mark as seen" on the receiving side clears the banner
/// without opening the cases, which came before her own newer case.
#[test]
fn all_my_open_cases_are_counted_and_the_banner_can_be_marked_seen() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let [(_, ona_ref), (_, rasa_ref)] = two_officers_two_cases(dir.path());
    // A. Petraitė's own case, the latest: first in the list's order.
    let mut vault = casebook::vault::Vault::open_as(
        dir.path(),
        Some("A. Petraitė"),
        &secrecy::SecretString::from("amber meadow kettle violin".to_owned()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    vault
        .create_case(simple_case("Eglė", "Žemaitytė", date(2026, 12, 1)))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    click(&mut app, "Hand over all my open cases…");
    assert!(shows(&app, "Your open cases: 2"));
    let mut window = Window::new(&app);
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(!shows(&app, "Hand over cases"), "Esc closes the dialog");
    click(&mut app, "Hand over all my open cases…");
    click(&mut app, "Cancel");
    assert!(!shows(&app, "Hand over cases"), "Cancel closes the dialog");
    let reassigned = |dir: &std::path::Path| {
        audit_of(dir, "J. Jonaitis", PASSPHRASE)
            .into_iter()
            .filter(|(_, action, _)| action == "case-reassigned")
            .count()
    };
    send(&mut app, Message::Lock);
    assert_eq!(reassigned(dir.path()), 0, "nothing was handed over");
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    click(&mut app, "Hand over all my open cases…");
    click(&mut app, "Continue");
    assert!(shows(&app, "Hand over 2 cases to A. Petraitė?"));
    click(&mut app, "Hand over");
    assert!(shows(&app, "2 cases were handed over to A. Petraitė."));
    send(&mut app, Message::Lock);
    assert_eq!(reassigned(dir.path()), 2);
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    // Mine no longer: My cases is empty.
    click(&mut app, "My cases");
    assert!(app.listed_references().is_empty());

    click(&mut app, "Lock");
    sign_in_as(&mut app, "A. Petraitė", "amber meadow kettle violin");
    assert!(shows(&app, "2 cases were handed over to you."));
    let mut first_two = references_from_the_top(&app);
    first_two.truncate(2);
    first_two.sort();
    let mut both = vec![ona_ref, rasa_ref];
    both.sort();
    assert_eq!(first_two, both);
    click(&mut app, "Mark as seen");
    assert!(!shows_part(&app, "handed over to you"));
    click(&mut app, "Lock");
    sign_in_as(&mut app, "A. Petraitė", "amber meadow kettle violin");
    assert!(!shows_part(&app, "handed over to you"), "seen stays seen");
}

fn escape() -> Message {
    Message::Key(
        keyboard::Key::Named(keyboard::key::Named::Escape),
        keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified),
        keyboard::Modifiers::empty(),
        false,
    )
}

/// Esc, or a click on the shade, while the cases are being handed over
/// neither closes the dialog nor loses what the handover did: the list
/// says it when it is done.
#[test]
fn esc_while_handing_over_keeps_the_dialog_and_its_result() {
    use casebook::gui::screen::cases::{self, handover};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers_two_cases(dir.path());
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    click(&mut app, "Hand over all my open cases…");
    click(&mut app, "Continue");
    assert!(shows(&app, "Hand over 2 cases to A. Petraitė?"));
    // The job is held back while the officer presses Esc and clicks out.
    let working = app.update(Message::Cases(cases::Message::Handover(
        handover::Message::Submit,
    )));
    send(&mut app, escape());
    send(
        &mut app,
        Message::Cases(cases::Message::Handover(handover::Message::Shade)),
    );
    assert!(
        shows(&app, "Handing over…"),
        "the dialog stays while it works"
    );
    run(&mut app, working);
    assert!(shows(&app, "2 cases were handed over to A. Petraitė."));
    assert!(!shows(&app, "Hand over cases"));
}

/// What is ticked is what is listed: a reload to other rows (here the
/// follow-ups due, none) forgets the ticks. The question counts the cases
/// that will really move: a ticked case that is the recipient's already
/// is left out, and exactly the others move.
#[test]
fn ticks_follow_the_list_and_the_question_counts_what_moves() {
    use casebook::gui::screen::cases;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let [(ona, ona_ref), (rasa, rasa_ref)] = two_officers_two_cases(dir.path());
    {
        let mut vault =
            casebook::vault::Vault::open_as(dir.path(), Some("J. Jonaitis"), &passphrase())
                .unwrap_or_else(|e| panic!("{e}"));
        vault
            .reassign(
                &casebook::vault::Handing::Cases(vec![rasa_ref.clone()]),
                "A. Petraitė",
                None,
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    send(&mut app, Message::Cases(cases::Message::Select(ona, true)));
    assert!(shows(&app, "Hand over ticked cases (1)…"));
    send(&mut app, Message::Cases(cases::Message::ShowDue(true)));
    send(&mut app, Message::Cases(cases::Message::ShowDue(false)));
    assert!(shows(&app, "Hand over ticked cases…"), "no tick unseen");

    for id in [ona, rasa] {
        send(&mut app, Message::Cases(cases::Message::Select(id, true)));
    }
    click(&mut app, "Hand over ticked cases (2)…");
    assert!(shows(&app, "Cases ticked in the list: 2"));
    click(&mut app, "Continue");
    assert!(shows(&app, "Hand over 1 case to A. Petraitė?"));
    click(&mut app, "Hand over");
    assert!(shows(&app, "1 case was handed over to A. Petraitė."));
    send(&mut app, Message::Lock);
    let vault = casebook::vault::Vault::open_as(dir.path(), Some("J. Jonaitis"), &passphrase())
        .unwrap_or_else(|e| panic!("{e}"));
    for reference in [&ona_ref, &rasa_ref] {
        assert_eq!(
            vault
                .case_owner(reference)
                .unwrap_or_else(|e| panic!("{e}")),
            "A. Petraitė"
        );
    }
    assert_eq!(
        vault
            .case_handovers(&rasa_ref)
            .unwrap_or_else(|e| panic!("{e}"))
            .len(),
        1,
        "Rasa's was not handed over again"
    );
}

/// The handover without the mouse, among three officers: Down marks a
/// row, Ctrl+T ticks it, Ctrl+Shift+H opens the dialog with the note
/// focused, Down chooses the officer, Tab stays in the note, Ctrl+N does
/// nothing under the dialog, Enter asks, one Esc steps back even from the
/// note, Enter twice hands over.
#[test]
fn a_handover_is_done_from_the_keyboard_alone() {
    use casebook::gui::screen::cases;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let [_, (_, rasa_ref)] = two_officers_two_cases(dir.path());
    {
        let mut vault =
            casebook::vault::Vault::open_as(dir.path(), Some("J. Jonaitis"), &passphrase())
                .unwrap_or_else(|e| panic!("{e}"));
        vault
            .add_officer(
                "R. Kazlauskas",
                &secrecy::SecretString::from("copper lantern orchard whistle".to_owned()),
                casebook::vault::KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    let mut window = Window::new(&app);
    press_key(&mut window, &mut app, keyboard::key::Named::ArrowDown);
    window.ctrl(&mut app, "t");
    assert!(shows(&app, "Hand over ticked cases (1)…"));
    window.key(
        &mut app,
        keyboard::Key::Character("h".into()),
        keyboard::Modifiers::CTRL | keyboard::Modifiers::SHIFT,
    );
    assert!(shows(&app, "Cases ticked in the list: 1"));
    focus_is(&mut window, &app, cases::handover::NOTE_ID);
    press_key(&mut window, &mut app, keyboard::key::Named::ArrowDown);
    press_key(&mut window, &mut app, keyboard::key::Named::ArrowDown);
    window.type_keys(&mut app, "Keys only");
    window.tab(&mut app);
    focus_is(&mut window, &app, cases::handover::NOTE_ID);
    window.ctrl(&mut app, "n");
    assert!(!app.is_editing(), "no new case under the dialog");
    press_key(&mut window, &mut app, keyboard::key::Named::Enter);
    assert!(shows(&app, "Hand over 1 case to R. Kazlauskas?"));
    press_key(&mut window, &mut app, keyboard::key::Named::Escape);
    assert!(!shows(&app, "Hand over 1 case to R. Kazlauskas?"));
    assert!(shows(&app, "Hand over cases"), "one Esc, one step back");
    press_key(&mut window, &mut app, keyboard::key::Named::Enter);
    press_key(&mut window, &mut app, keyboard::key::Named::Enter);
    assert!(shows(&app, "1 case was handed over to R. Kazlauskas."));
    send(&mut app, Message::Lock);
    let vault = casebook::vault::Vault::open_as(dir.path(), Some("J. Jonaitis"), &passphrase())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        vault
            .case_owner(&rasa_ref)
            .unwrap_or_else(|e| panic!("{e}")),
        "R. Kazlauskas"
    );
    let handovers = vault
        .case_handovers(&rasa_ref)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(handovers[0].note.as_deref(), Some("Keys only"));
}

/// "My cases" holds in a search too: only the officer's own matches.
#[test]
fn my_cases_keeps_to_the_officers_own_in_a_search() {
    use casebook::gui::screen::cases;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let [(_, ona_ref), (_, rasa_ref)] = two_officers_two_cases(dir.path());
    {
        let mut vault =
            casebook::vault::Vault::open_as(dir.path(), Some("J. Jonaitis"), &passphrase())
                .unwrap_or_else(|e| panic!("{e}"));
        vault
            .reassign(
                &casebook::vault::Handing::Cases(vec![rasa_ref.clone()]),
                "A. Petraitė",
                None,
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    sign_in_as(&mut app, "J. Jonaitis", PASSPHRASE);
    send(
        &mut app,
        Message::Cases(cases::Message::SearchChanged("Žemaitytė".into())),
    );
    send(&mut app, Message::Cases(cases::Message::SearchSettled(1)));
    let mut both = app.listed_references().to_vec();
    both.sort();
    let mut expected = vec![ona_ref.clone(), rasa_ref];
    expected.sort();
    assert_eq!(both, expected, "the search finds both");
    Window::new(&app).ctrl(&mut app, "m");
    assert_eq!(app.listed_references(), std::slice::from_ref(&ona_ref));
}

/// A commission with two missions: LT-LON, whose exports 1 and 3 arrived
/// (2 is missing), and LT-RIG, silent for 120 days.
fn commission_with_missions(dir: &std::path::Path) -> casebook::vault::Vault {
    let mut commission = new_commission_vault(&dir.join("commission"));
    let key =
        casebook::exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));
    let mut london = new_vault(&dir.join("london"));
    let mut riga = casebook::vault::Vault::create(
        &dir.join("riga"),
        &casebook::vault::NewVault {
            role: casebook::vault::Role::Mission,
            mission_code: "LT-RIG".into(),
            mission_name: "Embassy in Riga".into(),
            officer: "R. Rygaitė".into(),
        },
        &passphrase(),
        casebook::vault::KdfParams::insecure_for_tests(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for (n, given) in ["Ona", "Rūta", "Eglė", "Aušra"].into_iter().enumerate() {
        let mission = if n < 3 { &mut london } else { &mut riga };
        mission
            .set_commission_key(&key, true)
            .unwrap_or_else(|e| panic!("{e}"));
        mission
            .create_case(simple_case(given, "Testaitė", date(2026, 3, 1)))
            .unwrap_or_else(|e| panic!("{e}"));
        // London's first export carries two cases: it holds 3, a number
        // no other cell of its row shows (its missing export is 2).
        if n == 0 {
            mission
                .create_case(simple_case("Jūratė", "Testaitė", date(2026, 3, 1)))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let file = dir.join(format!("{n}.age"));
        casebook::exchange::export(mission, &file, false, false, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        // London's second export never arrives.
        if n != 1 {
            import_as_analyst(&mut commission, &file).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let long_ago = (chrono::Utc::now() - chrono::Duration::days(120))
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    commission
        .diagnostic_connection()
        .execute(
            "UPDATE received_exports SET imported_at = ?1 WHERE mission = 'LT-RIG'",
            [&long_ago],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    commission
}

fn key_press(character: &str) -> Message {
    Message::Key(
        keyboard::Key::Character(character.into()),
        keyboard::key::Physical::Unidentified(keyboard::key::NativeCode::Unidentified),
        keyboard::Modifiers::empty(),
        false,
    )
}

#[test]
fn the_missions_screen_lists_sorts_searches_and_marks_the_silent() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission = commission_with_missions(dir.path());
    let mut app = unlocked_app(commission);
    click(&mut app, "Missions");
    assert!(shows(&app, "Embassy in London"));
    assert!(shows(&app, "Embassy in Riga"));
    // London: export 3 last, 2 missing, 3 cases (no other cell reads "2"
    // or "3" alone).
    assert!(shows_part(&app, "3 · "));
    assert!(shows(&app, "2"));
    assert!(shows(&app, "3"));
    // Riga has been silent for 120 days, past the default 90.
    assert!(shows(&app, "120 days ago · silent"));
    assert!(shows(&app, "today"));
    assert_eq!(app.shown_missions(), ["LT-LON", "LT-RIG"]);

    // A click on a heading sorts by it; a second click reverses.
    click(&mut app, "7 Cases");
    assert_eq!(app.shown_missions(), ["LT-RIG", "LT-LON"]);
    click(&mut app, "7 Cases ▲");
    assert_eq!(app.shown_missions(), ["LT-LON", "LT-RIG"]);
    // The keyboard: a column's number sorts by it, again reverses.
    send(&mut app, key_press("8"));
    assert_eq!(app.shown_missions(), ["LT-LON", "LT-RIG"]);
    send(&mut app, key_press("8"));
    assert_eq!(app.shown_missions(), ["LT-RIG", "LT-LON"]);
    send(&mut app, key_press("1"));
    assert_eq!(app.shown_missions(), ["LT-LON", "LT-RIG"]);

    // The search, typed a key at a time: by name, accents aside.
    type_into(&mut app, "find-mission-input", "riga");
    assert_eq!(app.shown_missions(), ["LT-RIG"]);
    type_into(&mut app, "find-mission-input", "nowhere");
    assert!(app.shown_missions().is_empty());
    assert!(shows(&app, "No mission matches."));
    // Esc leaves the screen.
    send(
        &mut app,
        Message::Key(
            keyboard::Key::Named(keyboard::key::Named::Escape),
            keyboard::key::Physical::Code(keyboard::key::Code::Escape),
            keyboard::Modifiers::empty(),
            false,
        ),
    );
    assert!(!shows(&app, "Embassy in London"));
}

#[test]
fn the_missions_screen_revokes_and_replaces_a_key_once_the_code_is_typed() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission = commission_with_missions(dir.path());
    let vault_dir = commission.dir().to_path_buf();
    let mut app = unlocked_app(commission);
    click(&mut app, "Missions");
    type_into(&mut app, "find-mission-input", "london");
    click(&mut app, "Revoke…");
    assert!(shows(&app, "Revoke the key of mission LT-LON"));
    type_into(&mut app, "revoke-after-input", "2");
    // Another code typed: the button does nothing.
    type_into(&mut app, "confirm-mission-code-input", "LT-RIG");
    click(&mut app, "Revoke the key");
    assert!(shows(&app, "Revoke the key of mission LT-LON"));
    type_into(&mut app, "confirm-mission-code-input", "LT-LON");
    click(&mut app, "Revoke the key");
    assert!(shows_part(&app, "The key of mission LT-LON was revoked on"));
    assert!(shows(&app, "revoked"));

    let fingerprint = "0123 4567 89AB CDEF 0123 4567 89AB CDEF";
    click(&mut app, "Replace key…");
    type_into(&mut app, "new-key-fingerprint-input", fingerprint);
    type_into(&mut app, "confirm-mission-code-input", "LT-LON");
    click(&mut app, "Replace the key");
    assert!(shows(
        &app,
        &format!(
            "The key of mission LT-LON is replaced: {fingerprint} is approved; the next file it signs imports."
        )
    ));
    assert!(shows(&app, "approved (phone) · no file yet"));

    click(&mut app, "Lock");
    let vault = open(&vault_dir);
    let keys = vault
        .mission_keys("LT-LON")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        keys.iter().map(|k| k.status).collect::<Vec<_>>(),
        [
            casebook::vault::KeyStatus::Revoked,
            casebook::vault::KeyStatus::Approved
        ]
    );
    assert_eq!(keys[0].accept_through, Some(2));
    assert_eq!(keys[1].fingerprint, fingerprint);
}

/// The second officer's passphrase in the officers' flows.
const SECOND: &str = "amber meadow kettle violin";

/// A vault of two officers (cheap key derivation): J. Jonaitis, who made
/// it, and A. Petraitė.
fn vault_of_two(dir: &std::path::Path) {
    new_vault(dir)
        .add_officer(
            "A. Petraitė",
            &secrecy::SecretString::from(SECOND.to_owned()),
            casebook::vault::KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
}

fn officers_message(message: casebook::gui::screen::settings::officers::Message) -> Message {
    Message::Settings(casebook::gui::screen::settings::Message::Officers(message))
}

fn pick_officer(app: &mut App, name: &str) {
    send(
        app,
        Message::Unlock(casebook::gui::screen::unlock::Message::OfficerPicked(
            name.into(),
        )),
    );
}

fn press_key(window: &mut Window, app: &mut App, key: keyboard::key::Named) {
    window.key(app, key, keyboard::Modifiers::empty());
}

/// The audit's (actor, action, detail) of the vault in `dir`, opened as
/// `officer` with `pass`.
fn audit_of(dir: &std::path::Path, officer: &str, pass: &str) -> Vec<(String, String, String)> {
    casebook::vault::Vault::open_as(
        dir,
        Some(officer),
        &secrecy::SecretString::from(pass.to_owned()),
    )
    .and_then(|v| v.audit_entries())
    .unwrap_or_else(|e| panic!("{e}"))
    .into_iter()
    .map(|e| (e.actor, e.action, e.detail.unwrap_or_default()))
    .collect()
}

fn opens_as(dir: &std::path::Path, officer: &str, pass: &str) -> bool {
    casebook::vault::Vault::open_as(
        dir,
        Some(officer),
        &secrecy::SecretString::from(pass.to_owned()),
    )
    .is_ok()
}

/// Settings → Officers → "Add an officer…": the newcomer types their name
/// and their passphrase twice, key by key, Tab between the fields, Enter
/// to add; the list then names them, the audit says who added them, and
/// after a lock they unlock with their own passphrase and are shown in
/// the header.
#[test]
fn an_officer_added_in_the_settings_unlocks_with_their_own_passphrase() {
    let (dir, mut app) = app_on_vault();
    unlock(&mut app, PASSPHRASE);
    assert!(
        shows(&app, "LT-LON · J. Jonaitis"),
        "the header names who is signed in"
    );
    send(&mut app, Message::ShowSettings);
    assert!(shows(&app, "Officers"));
    assert!(shows(&app, "signed in"));
    assert!(shows(&app, "The last officer cannot be removed"));
    assert!(shows_part(
        &app,
        "Changes the passphrase of J. Jonaitis only"
    ));

    let mut window = Window::new(&app);
    window.click_near(&mut app, "Add an officer…", 4.0, 4.0);
    focus_is(&mut window, &app, "officer-new-name");
    window.type_keys(&mut app, "A. Petraitė");
    window.tab(&mut app);
    focus_is(&mut window, &app, "officer-new-passphrase");
    window.type_keys(&mut app, SECOND);
    window.tab(&mut app);
    focus_is(&mut window, &app, "officer-new-repeat");
    window.type_keys(&mut app, "amber meadow");
    press_key(&mut window, &mut app, keyboard::key::Named::Enter);
    assert!(shows(&app, "The two passphrases are not the same."));
    window.type_keys(&mut app, " kettle violin");
    press_key(&mut window, &mut app, keyboard::key::Named::Enter);
    assert!(
        shows(
            &app,
            "A. Petraitė was added. They unlock with their name and their own passphrase."
        ),
        "the officer was not added"
    );
    assert!(shows(
        &app,
        "You cannot remove yourself: another officer must"
    ));
    assert!(shows(&app, "Remove…"));

    click(&mut app, "Lock");
    assert!(shows(&app, "Officer signing in"));
    pick_officer(&mut app, "A. Petraitė");
    unlock(&mut app, SECOND);
    assert!(app.is_unlocked());
    assert!(shows(&app, "LT-LON · A. Petraitė"));
    click(&mut app, "Lock");
    let audit = audit_of(dir.path(), "J. Jonaitis", PASSPHRASE);
    assert!(
        audit
            .iter()
            .any(|(actor, action, detail)| actor == "J. Jonaitis"
                && action == "officer-added"
                && detail == "A. Petraitė"),
        "{audit:?}"
    );
}

/// Remove: the confirmation says what happens, Esc closes it, the name
/// typed again and Enter remove; the database is re-keyed, the removed
/// officer's passphrase opens nothing, and the audit names who removed
/// whom.
#[test]
fn an_officer_removed_in_the_settings_is_refused_at_unlock() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    vault_of_two(dir.path());
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    pick_officer(&mut app, "J. Jonaitis");
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    let mut window = Window::new(&app);
    window.click_near(&mut app, "Remove…", 4.0, 4.0);
    assert!(shows(&app, "Remove A. Petraitė?"));
    assert!(shows_part(
        &app,
        "Their passphrase will no longer open this vault"
    ));
    assert!(shows_part(
        &app,
        "The cases they own stay theirs until they are handed over"
    ));
    focus_is(&mut window, &app, "officer-remove-confirm");
    press_key(&mut window, &mut app, keyboard::key::Named::Escape);
    assert!(
        !shows(&app, "Remove A. Petraitė?"),
        "Esc closes the confirmation"
    );
    assert!(app.is_unlocked());

    window.click_near(&mut app, "Remove…", 4.0, 4.0);
    window.type_keys(&mut app, "a. petraitė");
    press_key(&mut window, &mut app, keyboard::key::Named::Enter);
    assert!(shows(
        &app,
        "A. Petraitė was removed: their passphrase no longer opens this vault."
    ));
    assert!(shows(&app, "The last officer cannot be removed"));

    click(&mut app, "Lock");
    assert!(!shows(&app, "Officer signing in"), "one officer is left");
    unlock(&mut app, SECOND);
    assert!(app.is_locked());
    assert!(shows_part(&app, "Wrong passphrase"));
    assert!(!opens_as(dir.path(), "A. Petraitė", SECOND));
    let audit = audit_of(dir.path(), "J. Jonaitis", PASSPHRASE);
    assert!(
        audit
            .iter()
            .any(|(actor, action, detail)| actor == "J. Jonaitis"
                && action == "officer-removed"
                && detail == "A. Petraitė"),
        "{audit:?}"
    );
}

/// "Change passphrase" with two officers changes the signed-in officer's
/// own passphrase only: the other's still opens the (re-keyed) vault.
#[test]
fn changing_my_passphrase_leaves_the_other_officers_passphrase_working() {
    use casebook::gui::screen::settings;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    vault_of_two(dir.path());
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    pick_officer(&mut app, "A. Petraitė");
    unlock(&mut app, SECOND);
    send(&mut app, Message::ShowSettings);
    assert!(shows_part(
        &app,
        "Changes the passphrase of A. Petraitė only"
    ));
    const NEW: &str = "velvet lantern quarry moss harbour";
    for (field, value) in [
        (settings::Field::Current, SECOND),
        (settings::Field::New, NEW),
        (settings::Field::Repeat, NEW),
    ] {
        send(
            &mut app,
            Message::Settings(settings::Message::FieldChanged(field, value.into())),
        );
    }
    send(
        &mut app,
        Message::Settings(settings::Message::ChangePassphrase),
    );
    assert!(shows(&app, "The passphrase was changed."));
    click(&mut app, "Lock");
    assert!(!opens_as(dir.path(), "A. Petraitė", SECOND));
    assert!(opens_as(dir.path(), "A. Petraitė", NEW));
    assert!(
        opens_as(dir.path(), "J. Jonaitis", PASSPHRASE),
        "the other officer's passphrase must still open the vault"
    );
    assert!(!opens_as(dir.path(), "J. Jonaitis", NEW));
}

/// The list hidden (set in the settings): the unlock form asks for a
/// typed name, matched as the command line matches it (case and Unicode
/// composition aside), picks nobody after a lock, and says the same of a
/// wrong name as of a wrong passphrase; the audit counts the tries under
/// the officer's name, or under no name typed.
#[test]
fn a_vault_that_hides_its_officers_takes_a_typed_name() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    vault_of_two(dir.path());
    let (mut app, _) = App::new(dir.path().to_path_buf(), Language::English);
    pick_officer(&mut app, "J. Jonaitis");
    unlock(&mut app, PASSPHRASE);
    send(&mut app, Message::ShowSettings);
    // As the switch sends it (a switch's label is not text the
    // simulator finds).
    send(
        &mut app,
        officers_message(casebook::gui::screen::settings::officers::Message::Hide(
            true,
        )),
    );
    assert!(casebook::vault::officer_list_hidden(dir.path()).unwrap_or(false));
    click(&mut app, "Lock");
    assert!(!shows(&app, "Officer signing in"));
    assert!(shows(&app, "Your name"));
    assert!(
        !shows_part(&app, "J. Jonaitis"),
        "nobody named after the lock"
    );

    let mut window = Window::new(&app);
    let wrong = "Wrong name or passphrase. Check the spelling of your name, Caps Lock and the keyboard language, then try again.";
    for (name, pass) in [
        ("Nobody", SECOND),
        ("A. Petraitė", "amber meadow kettle viola"),
    ] {
        window.click(&mut app, "officer-name-input");
        press_key(&mut window, &mut app, keyboard::key::Named::End);
        for _ in 0..20 {
            press_key(&mut window, &mut app, keyboard::key::Named::Backspace);
        }
        window.type_keys(&mut app, name);
        press_key(&mut window, &mut app, keyboard::key::Named::Enter);
        focus_is(&mut window, &app, "passphrase-input");
        window.type_keys(&mut app, pass);
        press_key(&mut window, &mut app, keyboard::key::Named::Enter);
        assert!(app.is_locked());
        assert!(shows(&app, wrong), "{name}");
    }
    window.click(&mut app, "officer-name-input");
    press_key(&mut window, &mut app, keyboard::key::Named::End);
    for _ in 0..20 {
        press_key(&mut window, &mut app, keyboard::key::Named::Backspace);
    }
    // Lower case, and "ė" as "e" with a combining dot.
    window.type_keys(&mut app, " a. petraite\u{307}");
    press_key(&mut window, &mut app, keyboard::key::Named::Enter);
    window.type_keys(&mut app, SECOND);
    press_key(&mut window, &mut app, keyboard::key::Named::Enter);
    assert!(app.is_unlocked());
    assert!(shows(&app, "LT-LON · A. Petraitė"));
    click(&mut app, "Lock");
    assert_eq!(value_in(&mut window, &app, "officer-name-input"), "");

    let audit = audit_of(dir.path(), "J. Jonaitis", PASSPHRASE);
    let failed: Vec<&str> = audit
        .iter()
        .filter(|(_, action, _)| action == "failed-unlock")
        .map(|(_, _, detail)| detail.as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "1 wrong passphrase(s) for a name that is not an officer's before this unlock",
            "1 wrong passphrase(s) for A. Petraitė before this unlock",
        ]
    );
    assert!(
        audit
            .iter()
            .any(|(actor, action, _)| actor == "J. Jonaitis" && action == "officer-list-hidden")
    );
}

/// The commission's reply through the window: written from the
/// commission's list of missions, received at the mission, whose exports
/// then say which the commission confirmed; the same reply again changes
/// nothing, and a mission holding the older key file is told how to load
/// the new one.
#[test]
fn a_reply_from_the_commission_is_written_and_received_through_the_window() {
    use casebook::gui::screen::exchange::Message as Exchange;
    use casebook::gui::screen::exchange::reply::Message as Reply;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission_vault = new_commission_vault(&dir.path().join("commission"));
    let key_file = dir.path().join("commission.pub");
    casebook::exchange::write_commission_key(&commission_vault, &key_file)
        .unwrap_or_else(|e| panic!("{e}"));
    let recipient = casebook::exchange::commission_public_key(&commission_vault)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mission_vault = new_vault(&dir.path().join("mission"));
    // The older key file: the recipient alone.
    mission_vault
        .set_commission_key(&recipient, false)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut files = Vec::new();
    for n in 1..=2 {
        mission_vault
            .generate_recorded(n, 1, date(2026, 11, 1))
            .unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join(format!("LT-LON-{n}.age"));
        casebook::exchange::export(&mut mission_vault, &file, false, false, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        files.push(file);
    }
    import_as_analyst(&mut commission_vault, &files[1]).unwrap_or_else(|e| panic!("{e}"));
    casebook::exchange::reply::add_guidance(
        &mut commission_vault,
        date(2026, 12, 1),
        Some("Pirmiausia kreipkitės į NRM.".into()),
        Some("Refer to the NRM first.".into()),
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let mut commission = unlocked_app(commission_vault);
    send(&mut commission, Message::ShowExchange);
    assert!(shows(&commission, "Approved missions"));
    click(&mut commission, "Reply…");
    let reply = dir.path().join("reply-LT-LON.age");
    send(
        &mut commission,
        exchange_message(Exchange::Reply(Reply::OutChosen(
            "LT-LON".into(),
            Some(reply.clone()),
        ))),
    );
    assert!(shows(
        &commission,
        &format!(
            "The reply to LT-LON is saved in {} (1 export confirmed, reply format 1). Carry it to the mission as agreed; only that mission can read it.",
            reply.display()
        )
    ));
    assert!(reply.is_file());

    let mut mission = unlocked_app(mission_vault);
    send(&mut mission, Message::ShowExchange);
    let today = chrono::Utc::now().date_naive();
    assert!(shows(&mission, "Replies from the commission"));
    assert!(shows(
        &mission,
        &format!("Export 2, {today}: 1 case, 0 erasures")
    ));
    assert!(shows(&mission, "not yet confirmed"));
    // The older key file cannot check a reply: the screen says what to do.
    assert!(shows(&mission, "Load the commission's new key…"));
    send(
        &mut mission,
        exchange_message(Exchange::Reply(Reply::Chosen(Some(reply.clone())))),
    );
    assert!(shows_part(
        &mission,
        "Ask the commission for its new key file"
    ));
    click(&mut mission, "Load the commission's new key…");
    send(
        &mut mission,
        exchange_message(Exchange::KeyFileChosen(Some(key_file.clone()))),
    );
    assert!(shows_part(
        &mission,
        "The commission's key is stored. Its fingerprint: "
    ));
    assert!(!shows(&mission, "Load the commission's new key…"));

    click(&mut mission, "Receive a reply from the commission…");
    send(
        &mut mission,
        exchange_message(Exchange::Reply(Reply::Chosen(Some(reply.clone())))),
    );
    assert!(shows(
        &mission,
        "The reply is recorded: 1 export newly confirmed."
    ));
    assert!(shows(
        &mission,
        &format!("received by the commission on {today}")
    ));
    assert!(
        shows(&mission, "not yet confirmed"),
        "export 1 never arrived"
    );
    send(
        &mut mission,
        exchange_message(Exchange::Reply(Reply::Chosen(Some(reply.clone())))),
    );
    assert!(shows(
        &mission,
        &format!("This reply was received before, on {today}; nothing changed.")
    ));
    // An export file is not a reply for this mission.
    send(
        &mut mission,
        exchange_message(Exchange::Reply(Reply::Chosen(Some(files[0].clone())))),
    );
    assert!(shows(
        &mission,
        "This reply is for another mission (or for another vault or key of this one). Nothing was changed."
    ));
}

#[test]
fn the_editor_saves_the_case_summary_as_a_private_pdf_but_not_with_unsaved_changes() {
    use casebook::gui::screen::editor::Message as Editor;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    let record = vault
        .create_case(fixture_case("case-full.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    click(&mut app, &record.meta.reference);
    click(&mut app, "Documents…");
    click(&mut app, "Case summary (PDF)…");
    // The save dialog answers with the path chosen.
    let file = dir.path().join("summary.pdf");
    send(
        &mut app,
        Message::Editor(Editor::SummaryFileChosen(
            record.meta.id,
            Some(file.clone()),
        )),
    );
    assert!(shows(
        &app,
        &format!("The case summary is saved in {}.", file.display())
    ));
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"%PDF-"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
    }

    // With unsaved changes the paper would not show what the vault holds.
    click(&mut app, "Notes & retention");
    type_into(&mut app, "case-field-notes", "Not saved yet");
    // The button is off: clicking it asks nothing.
    let asked = |app: &App| -> bool {
        let mut ui = ui(app);
        let _ = ui.click("Case summary (PDF)…");
        ui.into_messages()
            .any(|m| matches!(m, Message::Editor(Editor::Summary)))
    };
    assert!(!asked(&app), "the summary is offered with unsaved changes");
    let other = dir.path().join("unsaved.pdf");
    send(
        &mut app,
        Message::Editor(Editor::SummaryFileChosen(
            record.meta.id,
            Some(other.clone()),
        )),
    );
    assert!(!other.exists());
    click(&mut app, "Save");
    assert!(asked(&app), "the summary is not offered once saved");
    click(&mut app, "Lock");
    let vault = open(&dir.path().join("vault"));
    let audit = vault.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    let written: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "document-written")
        .collect();
    assert_eq!(written.len(), 1, "{audit:?}");
    assert_eq!(
        written[0].subject.as_deref(),
        Some(record.meta.reference.as_str())
    );
    assert_eq!(written[0].detail.as_deref(), Some("case-summary en"));
}

/// Review finding 5: the import screen says when a file changes a mission's
/// key (a rotation statement), rather than a plain import.
#[test]
fn the_import_screen_says_a_rotation_changed_the_missions_key() {
    use casebook::gui::screen::exchange::Message as Exchange;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission_vault = new_commission_vault(&dir.path().join("commission"));
    let key = casebook::exchange::commission_public_key(&commission_vault)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_vault(&dir.path().join("mission"));
    mission
        .set_commission_key(&key, false)
        .unwrap_or_else(|e| panic!("{e}"));
    let export = |mission: &mut casebook::vault::Vault, name: &str| {
        let file = dir.path().join(name);
        casebook::exchange::export(mission, &file, false, false, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        file
    };
    let first = export(&mut mission, "1.age");
    import_as_analyst(&mut commission_vault, &first).unwrap_or_else(|e| panic!("{e}"));
    let rotated =
        casebook::exchange::rotate_signing_key(&mut mission, &dir.path().join("rotated.cbk"))
            .unwrap_or_else(|e| panic!("{e}"));
    let second = export(&mut mission, "2.age");

    let mut commission = unlocked_app(commission_vault);
    send(&mut commission, Message::ShowExchange);
    send(
        &mut commission,
        exchange_message(Exchange::ImportFilesChosen(vec![second])),
    );
    assert!(shows(&commission, "LT-LON, export 2"));
    assert!(shows(
        &commission,
        &format!(
            "LT-LON: the mission's key changed {} → {}, by a rotation statement the approved key signed. Its exports up to 1 not yet received are still taken from the old key. If the mission did not rotate its key, revoke it on the Missions screen.",
            rotated.old_fingerprint, rotated.new_fingerprint
        )
    ));
}

/// Review findings 7 and 8: the Missions screen from the keyboard alone
/// (Ctrl+Shift+M opens it, the arrows choose a row, V revokes and R
/// replaces its key, Tab and Enter in the confirmation, which opens under
/// the row), and the confirmation says what the decision needs: the key
/// approved now, the last export received, and which numbers the typed
/// "up to" still lets in.
#[test]
fn the_missions_screen_works_from_the_keyboard_alone() {
    use keyboard::key::Named;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission = commission_with_missions(dir.path());
    let london = commission
        .missions_overview(chrono::Utc::now())
        .unwrap_or_else(|e| panic!("{e}"))
        .missions[0]
        .fingerprint
        .clone();
    let mut app = unlocked_app(commission);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    window.key(
        &mut app,
        keyboard::Key::Character("M".into()),
        keyboard::Modifiers::CTRL | keyboard::Modifiers::SHIFT,
    );
    assert!(shows(&app, "Embassy in London"));
    window.key(&mut app, Named::ArrowDown, none);
    assert!(shows(&app, "▶ LT-LON"));
    window.key(&mut app, Named::ArrowDown, none);
    assert!(shows(&app, "▶ LT-RIG"));
    window.key(&mut app, Named::ArrowUp, none);
    assert!(shows(&app, "▶ LT-LON"));

    // V: the revocation, with the key and the last export, the code field
    // focused.
    window.key(&mut app, keyboard::Key::Character("v".into()), none);
    assert!(shows(&app, "Revoke the key of mission LT-LON"));
    assert!(shows_part(
        &app,
        &format!("Key to revoke: {london}. Last export received: 3 · ")
    ));
    focus_is(&mut window, &app, "confirm-mission-code-input");
    window.type_keys(&mut app, "LT-LON");
    window.shift_tab(&mut app);
    focus_is(&mut window, &app, "revoke-after-input");
    window.type_keys(&mut app, "4");
    assert!(shows(
        &app,
        "With 4: exports 2, 4 are still accepted if they arrive; every other file of this key is refused."
    ));
    window.tab(&mut app);
    window.key(&mut app, Named::Enter, none);
    assert!(shows_part(&app, "The key of mission LT-LON was revoked on"));

    // R: the replacement says which key is approved now (none: revoked).
    window.key(&mut app, keyboard::Key::Character("r".into()), none);
    assert!(shows(&app, "Replace the key of mission LT-LON"));
    assert!(shows(&app, &format!("Current key: {london} – revoked.")));
    focus_is(&mut window, &app, "new-key-fingerprint-input");
    // Esc leaves the field, a second Esc closes the dialog.
    window.key(&mut app, Named::Escape, none);
    window.key(&mut app, Named::Escape, none);
    assert!(!shows(&app, "Replace the key of mission LT-LON"));
    assert!(
        shows(&app, "Embassy in London"),
        "Esc closes the dialog only"
    );
}

#[test]
fn a_summary_path_or_result_for_another_case_is_not_used_on_the_open_one() {
    use casebook::gui::screen::editor::Message as Editor;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    let first = vault
        .create_case(fixture_case("case-full.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let second = vault
        .create_case(fixture_case("case-full.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    // The dialog was opened for the first case; the second is open now.
    click(&mut app, &second.meta.reference);
    let file = dir.path().join(format!("{}.pdf", first.meta.reference));
    send(
        &mut app,
        Message::Editor(Editor::SummaryFileChosen(first.meta.id, Some(file.clone()))),
    );
    assert!(
        !file.exists(),
        "the second case was filed under the first's name"
    );
    // A result for the first case is not shown on the second.
    send(
        &mut app,
        Message::Editor(Editor::SummaryWritten(first.meta.id, Ok(file.clone()))),
    );
    assert!(!shows(
        &app,
        &format!("The case summary is saved in {}.", file.display())
    ));
    // The second case's own answer is used.
    let own = dir.path().join("own.pdf");
    send(
        &mut app,
        Message::Editor(Editor::SummaryFileChosen(second.meta.id, Some(own.clone()))),
    );
    assert!(shows(
        &app,
        &format!("The case summary is saved in {}.", own.display())
    ));
}

#[test]
fn a_summary_that_cannot_be_written_says_why() {
    use casebook::gui::screen::editor::Message as Editor;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    let record = vault
        .create_case(fixture_case("case-full.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    click(&mut app, &record.meta.reference);
    // The dialog answered with a folder's name.
    let folder = dir.path().join("papers");
    std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
    send(
        &mut app,
        Message::Editor(Editor::SummaryFileChosen(
            record.meta.id,
            Some(folder.clone()),
        )),
    );
    assert!(shows(
        &app,
        &format!(
            "The case summary could not be saved: {} is a folder; choose the name of a file.",
            folder.display()
        )
    ));
}

/// A mission that stored the commission's key file (age and signing keys)
/// and a commission that imported its first export: what the keys' flows
/// start from. The mission's vault, the commission's, and export 1.
fn exchanging(dir: &std::path::Path) -> (casebook::vault::Vault, casebook::vault::Vault) {
    let mut commission = new_commission_vault(&dir.join("commission"));
    let key_file = dir.join("commission.pub");
    casebook::exchange::write_commission_key(&commission, &key_file)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_vault(&dir.join("mission"));
    casebook::exchange::store_commission_key_file(
        &mut mission,
        &key_file,
        &casebook::exchange::KeyReplacement::No,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    mission
        .generate_recorded(1, 1, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let first = dir.join("LT-LON-1.age");
    casebook::exchange::export(&mut mission, &first, false, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    import_as_analyst(&mut commission, &first).unwrap_or_else(|e| panic!("{e}"));
    (mission, commission)
}

fn mission_key_fingerprint(vault: &casebook::vault::Vault) -> String {
    casebook::exchange::key_fingerprint(
        &casebook::exchange::mission_public_key(vault).unwrap_or_else(|e| panic!("{e}")),
    )
}

/// The commission's key a mission stores, and the one a reply announced
/// and that waits for the officer's phone check, by their fingerprints.
fn stored_commission_keys(vault: &casebook::vault::Vault) -> (Option<String>, Option<String>) {
    let fingerprint = |key: Option<casebook::vault::CommissionKey>| {
        key.map(|k| casebook::exchange::commission_keys_fingerprint(&k))
    };
    (
        fingerprint(vault.commission_keys().unwrap_or_else(|e| panic!("{e}"))),
        fingerprint(
            vault
                .pending_commission_key()
                .unwrap_or_else(|e| panic!("{e}")),
        ),
    )
}

/// Settings → Keys at a mission, by keyboard: K asks (the confirmation's
/// field takes the focus), Esc closes; the code typed and Enter rotate only
/// once the backup's file is chosen (as the save dialog answers); the
/// result shows both fingerprints and the backup written; the vault signs
/// with the new key only after that, the backup restores a vault holding
/// the new key, and the next export imports at the commission by the
/// statement, without a phone call.
#[test]
fn the_mission_rotates_its_signing_key_from_the_settings_once_its_code_is_typed() {
    use casebook::gui::screen::settings::keys::{CONFIRM_ID, Message as Keys};
    use keyboard::key::Named;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mission, mut commission) = exchanging(dir.path());
    let old = mission_key_fingerprint(&mission);
    let mission_dir = mission.dir().to_path_buf();
    let mut app = unlocked_app(mission);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    send(&mut app, Message::ShowSettings);
    assert!(shows(&app, "Rotate the signing key… (K)"));
    let asking = format!("Key in use: {old}. It signed the exports up to number 1.");
    window.key(&mut app, keyboard::Key::Character("k".into()), none);
    assert!(shows(&app, &asking));
    assert!(shows(
        &app,
        "Type the mission's code, LT-LON, to confirm (Enter):"
    ));
    focus_is(&mut window, &app, CONFIRM_ID);
    // Esc leaves the field, a second Esc closes the question.
    window.key(&mut app, Named::Escape, none);
    window.key(&mut app, Named::Escape, none);
    assert!(!shows(&app, &asking));
    assert!(
        shows(&app, "Rotate the signing key… (K)"),
        "Esc left the settings"
    );
    window.key(&mut app, keyboard::Key::Character("k".into()), none);
    assert!(shows(&app, &asking));
    // The code alone does not rotate: the backup's file is chosen first.
    window.type_keys(&mut app, "LT-LON");
    window.key(&mut app, Named::Enter, none);
    assert!(shows(&app, "Choose where the backup goes first."));
    assert!(shows(&app, &asking));
    let backup = dir.path().join("casebook-backup-2026-12-06.cbk");
    assert!(!backup.exists());
    // As the save dialog answers.
    send(
        &mut app,
        Message::Settings(casebook::gui::screen::settings::Message::Keys(
            Keys::BackupChosen(Some(backup.clone())),
        )),
    );
    assert!(shows(
        &app,
        &format!("Backup to write: {}", backup.display())
    ));
    window.key(&mut app, Named::Enter, none);
    assert!(!shows(&app, &asking));
    assert!(shows(&app, "Signing key rotated."));
    assert!(shows(&app, &format!("Old key: {old}")));
    assert!(shows(
        &app,
        &format!(
            "A backup of the vault holding the new key was written to {}. Every backup made before holds the old key: destroy the older ones.",
            backup.display()
        )
    ));
    assert!(shows(
        &app,
        "Every export from now on carries a statement signed by the old key (it signed the exports up to number 1); the commission accepts the new key without a phone call."
    ));
    assert!(backup.exists(), "the rotation wrote no backup");
    let said = texts(&app).into_iter().find(|t| t.starts_with("New key: "));
    click(&mut app, "Lock");

    let mut mission = open(&mission_dir);
    let new = mission_key_fingerprint(&mission);
    assert_ne!(new, old);
    assert_eq!(said, Some(format!("New key: {new}")));
    let audit = mission.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "signing-key-rotated")
            .count(),
        1
    );
    // The backup written in the same step holds the new key.
    let restored = dir.path().join("restored");
    casebook::vault::restore(&backup, &restored, casebook::vault::Overwrite::Never)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mission_key_fingerprint(&open(&restored)), new);
    let second = dir.path().join("LT-LON-2.age");
    casebook::exchange::export(&mut mission, &second, false, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    let report = casebook::exchange::import(
        &mut commission,
        &second,
        &casebook::exchange::Approval::Nobody,
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("the rotated key's export was refused: {e}"));
    assert!(
        matches!(
            &report.key_notice,
            Some(casebook::exchange::KeyNotice::Rotated { from, to, .. }) if *from == old && *to == new
        ),
        "{:?}",
        report.key_notice
    );
}

/// Letters typed on the settings with no field focused, as an officer who
/// believes a field has the focus types a name: K opens the question and
/// its field takes the rest; neither a letter nor Enter rotates. Letters
/// typed in a field of the settings stay there. The vault's key is the
/// one it had.
#[test]
fn a_name_typed_on_the_settings_outside_a_field_does_not_rotate_the_key() {
    use keyboard::key::Named;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mission, _commission) = exchanging(dir.path());
    let old = mission_key_fingerprint(&mission);
    let mission_dir = mission.dir().to_path_buf();
    let mut app = unlocked_app(mission);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    send(&mut app, Message::ShowSettings);
    // In a field first: "kr" and Enter stay in the current passphrase.
    window.click(
        &mut app,
        casebook::gui::screen::settings::CURRENT_PASSPHRASE_ID,
    );
    focus_is(
        &mut window,
        &app,
        casebook::gui::screen::settings::CURRENT_PASSPHRASE_ID,
    );
    window.type_keys(&mut app, "kr");
    window.key(&mut app, Named::Enter, none);
    assert!(!shows_part(&app, "Key in use:"));
    window.key(&mut app, Named::Escape, none);
    // Outside any field.
    for name in ["Kristina", "Karolis"] {
        window.type_keys(&mut app, name);
        window.key(&mut app, Named::Enter, none);
        assert!(!shows(&app, "Signing key rotated."), "{name}");
        assert!(!shows_part(&app, "Rotating the key"), "{name}");
        window.key(&mut app, Named::Escape, none);
        window.key(&mut app, Named::Escape, none);
    }
    click(&mut app, "Lock");
    let mission = open(&mission_dir);
    assert_eq!(mission_key_fingerprint(&mission), old);
    let audit = mission.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    assert!(!audit.iter().any(|e| e.action == "signing-key-rotated"));
}

/// Settings → Keys at the commission: the confirmation shows the key in
/// use and asks for the identity backup's passphrase twice, its file, and
/// the fingerprint's first four characters; the key changes only then, the
/// identity backup is written and restores the new key elsewhere, an
/// export encrypted to the old key still imports, and the next reply
/// announces the new key to the mission, which holds it until an officer
/// accepts it.
#[test]
fn the_commission_rotates_its_key_from_the_settings_and_keeps_the_old_one() {
    use casebook::gui::screen::settings::keys::{CONFIRM_ID, Message as Keys, PASSPHRASE_ID};
    use keyboard::key::Named;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mut mission, commission) = exchanging(dir.path());
    let old =
        casebook::exchange::commission_fingerprint(&commission).unwrap_or_else(|e| panic!("{e}"));
    let commission_dir = commission.dir().to_path_buf();
    // Made before the rotation, encrypted to the old key.
    mission
        .generate_recorded(2, 1, date(2026, 11, 2))
        .unwrap_or_else(|e| panic!("{e}"));
    let second = dir.path().join("LT-LON-2.age");
    casebook::exchange::export(&mut mission, &second, false, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));

    let mut app = unlocked_app(commission);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    send(&mut app, Message::ShowSettings);
    click(&mut app, "Rotate the commission key… (K)");
    assert!(shows(&app, &format!("Key in use: {old}.")));
    click(&mut app, "Cancel (Esc)");
    assert!(!shows(&app, &format!("Key in use: {old}.")));
    window.key(&mut app, keyboard::Key::Character("k".into()), none);
    focus_is(&mut window, &app, PASSPHRASE_ID);
    let passphrase = "velvet lantern quarry moss sextant";
    window.type_keys(&mut app, passphrase);
    window.tab(&mut app);
    window.type_keys(&mut app, passphrase);
    window.tab(&mut app);
    focus_is(&mut window, &app, CONFIRM_ID);
    let start: String = old.chars().take(4).collect();
    assert!(shows(
        &app,
        &format!("Type the first four characters of the key in use, {start}, to confirm (Enter):")
    ));
    window.type_keys(&mut app, &start.to_lowercase());
    window.key(&mut app, Named::Enter, none);
    assert!(shows(&app, "Choose where the backup goes first."));
    let backup = dir.path().join("commission-identity-backup-2026-12-06.age");
    send(
        &mut app,
        Message::Settings(casebook::gui::screen::settings::Message::Keys(
            Keys::BackupChosen(Some(backup.clone())),
        )),
    );
    click(&mut app, "Rotate the key");
    assert!(shows(&app, "Commission key rotated."));
    assert!(shows(&app, &format!("Old key: {old}")));
    assert!(shows(
        &app,
        &format!(
            "Identity backup of the new keys (and the earlier ones) written to {}: keep it and its passphrase apart, in a safe, and destroy older identity backups.",
            backup.display()
        )
    ));
    assert!(backup.exists(), "the rotation wrote no identity backup");
    let said = texts(&app).into_iter().find(|t| t.starts_with("New key: "));
    click(&mut app, "Lock");

    let mut commission = open(&commission_dir);
    let new =
        casebook::exchange::commission_fingerprint(&commission).unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(new, old);
    assert_eq!(said, Some(format!("New key: {new}")));
    // The identity backup gives another commission vault the new key.
    let mut rebuilt = new_commission_vault(&dir.path().join("rebuilt"));
    let (_, restored) = casebook::exchange::restore_identity(
        &mut rebuilt,
        &backup,
        &secrecy::SecretString::from(passphrase.to_owned()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(restored, new);
    import_as_analyst(&mut commission, &second)
        .unwrap_or_else(|e| panic!("an export to the old key no longer imports: {e}"));
    let reply = dir.path().join("reply.age");
    casebook::exchange::reply::reply(&mut commission, "LT-LON", &reply, false)
        .unwrap_or_else(|e| panic!("{e}"));
    casebook::exchange::reply::receive(&mut mission, &reply).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        stored_commission_keys(&mission),
        (Some(old), Some(new)),
        "the mission holds the announced key until it is accepted"
    );
}

/// The days of silence set on the Missions screen, typed a key at a time
/// (Enter saves): Riga, silent for 120 days, is no longer marked at 150
/// and marked again at 100; a number out of range is refused and changes
/// nothing; the command line reads the same setting.
#[test]
fn the_days_of_silence_set_on_the_missions_screen_mark_missions_and_the_cli_reads_them() {
    use casebook::gui::screen::missions::SILENT_AFTER_ID;
    use keyboard::key::Named;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission = commission_with_missions(dir.path());
    let vault_dir = commission.dir().to_path_buf();
    let mut app = unlocked_app(commission);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    click(&mut app, "Missions");
    assert_eq!(value_in(&mut window, &app, SILENT_AFTER_ID), "90");
    assert!(shows(&app, "120 days ago · silent"));
    let set = |window: &mut Window, app: &mut App, days: &str| {
        window.click(app, SILENT_AFTER_ID);
        window.key(app, Named::End, none);
        for _ in 0..4 {
            window.key(app, Named::Backspace, none);
        }
        window.type_keys(app, days);
        window.key(app, Named::Enter, none);
    };
    set(&mut window, &mut app, "150");
    assert!(shows(
        &app,
        "Missions are now marked silent after 150 days without a file."
    ));
    assert!(shows(&app, "120 days ago"));
    assert!(!shows(&app, "120 days ago · silent"));
    assert_eq!(value_in(&mut window, &app, SILENT_AFTER_ID), "150");

    set(&mut window, &mut app, "0");
    assert!(shows(&app, "Type a number of days from 1 to 3650."));
    assert!(!shows(&app, "120 days ago · silent"));
    set(&mut window, &mut app, "100");
    assert!(shows(&app, "120 days ago · silent"));
    assert!(!shows(&app, "today · silent"), "London sent a file today");
    click(&mut app, "Lock");

    let vault = open(&vault_dir);
    assert_eq!(vault.silent_after_days().ok(), Some(100));
    drop(vault);
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(&vault_dir)
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["missions", "--json"])
        .env_remove("CASEBOOK_VAULT")
        .output()
        .unwrap_or_else(|e| panic!("cannot run casebook: {e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let listed: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listed["silent_after_days"], 100);
    let riga = listed["missions"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["code"] == "LT-RIG"))
        .unwrap_or_else(|| panic!("{listed}"));
    assert_eq!(riga["silent"], true);
}

/// The mission's Export screen receives a reply that announces the
/// commission's new key: it shows the new fingerprint, the stored key
/// stays until the officer accepts (checked in the vault), and Accept
/// switches it.
#[test]
fn a_commission_key_rotation_is_shown_on_the_export_screen_and_switches_only_when_accepted() {
    use casebook::gui::screen::exchange::Message as Exchange;
    use casebook::gui::screen::exchange::reply::Message as Reply;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mission, mut commission) = exchanging(dir.path());
    let mission_dir = mission.dir().to_path_buf();
    let (old, new) = casebook::exchange::rotate_commission_key(
        &mut commission,
        &dir.path().join("identity-backup.age"),
        &secrecy::SecretString::from("velvet lantern quarry moss sextant".to_owned()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let reply = dir.path().join("reply.age");
    casebook::exchange::reply::reply(&mut commission, "LT-LON", &reply, false)
        .unwrap_or_else(|e| panic!("{e}"));

    let mut app = unlocked_app(mission);
    send(&mut app, Message::ShowExchange);
    let announced = format!(
        "The commission announces a new key, endorsed by the key stored here: {new}. Exports stay encrypted to the stored key until you compare this fingerprint with the commission by phone and accept it."
    );
    assert!(!shows(&app, &announced));
    click(&mut app, "Receive a reply from the commission…");
    send(
        &mut app,
        exchange_message(Exchange::Reply(Reply::Chosen(Some(reply.clone())))),
    );
    assert!(shows(
        &app,
        "The reply is recorded: 1 export newly confirmed."
    ));
    assert!(shows(&app, &announced));
    assert!(shows(&app, &old), "the key in use is still the old one");
    click(&mut app, "Lock");
    let vault = open(&mission_dir);
    assert_eq!(
        stored_commission_keys(&vault),
        (Some(old.clone()), Some(new.clone())),
        "without Accept the stored key did not change"
    );
    drop(vault);

    let mut app = unlocked_app(open(&mission_dir));
    send(&mut app, Message::ShowExchange);
    assert!(shows(&app, &announced), "the notice stays until accepted");
    click(
        &mut app,
        "I compared the fingerprint by phone: use the new key",
    );
    assert!(shows(
        &app,
        &format!(
            "The commission's new key {new} is stored; exports are encrypted to it from now on."
        )
    ));
    assert!(!shows(&app, &announced));
    click(&mut app, "Lock");
    let vault = open(&mission_dir);
    assert_eq!(stored_commission_keys(&vault), (Some(new), None));
}

/// Issue 17's "Directory: a referral picks an organisation" and issue 18's
/// referral letter, by keyboard: at a mission that received the
/// commission's directory, "manch" typed in a new referral's organisation
/// finds St Anne's Shelter (by its city) and Enter fills its name and
/// type; the referral's "shares name and contacts" box is ticked with
/// Space; Ctrl+P opens the documents, Tab goes to the letter for that
/// referral and Enter asks where to save it; the letter written names the
/// organisation with the directory's phone, and the person (who agreed).
#[test]
fn a_referral_picks_an_organisation_from_the_directory_and_its_letter_is_written_by_keyboard() {
    use casebook::gui::screen::editor::Message as Editor;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (vault, record) = mission_with_directory(dir.path(), fixture_case("case-full.json"));
    let mut app = unlocked_app(vault);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    let named = |key| keyboard::Key::Named(key);
    use keyboard::key::Named::{Enter, Space};
    click(&mut app, &record.meta.reference);
    click(&mut app, "Referrals");
    window.click(&mut app, "case-field-referral-date");
    window.type_keys(&mut app, "2026-12-01");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-referral-organisation");
    window.type_keys(&mut app, "manch");
    window.key(&mut app, named(Enter), none);
    assert_eq!(
        value_in(&mut window, &app, "case-field-referral-organisation"),
        "St Anne's Shelter"
    );
    click(&mut app, "Add");
    assert!(shows(&app, "St Anne's Shelter"));
    // The new row's box, by keyboard: from the date field back past the
    // row's remove button.
    window.click(&mut app, "case-field-referral-date");
    window.shift_tab(&mut app);
    window.shift_tab(&mut app);
    window.key(&mut app, named(Space), none);
    window.ctrl(&mut app, "s");
    assert!(shows(&app, "Documents…"));

    window.ctrl(&mut app, "p");
    assert!(shows(&app, "Referral letter 2: St Anne's Shelter (PDF)…"));
    window.tab(&mut app);
    window.tab(&mut app);
    let enter = vec![iced::Event::Keyboard(keyboard::Event::KeyPressed {
        key: named(Enter),
        modified_key: named(Enter),
        physical_key: keyboard::key::Physical::Unidentified(
            keyboard::key::NativeCode::Unidentified,
        ),
        location: keyboard::Location::Standard,
        modifiers: none,
        text: None,
        repeat: false,
    })];
    let cursor = window.cursor;
    let messages = window.with_view(&app, |ui, renderer| {
        let mut messages = Vec::new();
        let _ = ui.update(
            &enter,
            cursor,
            renderer,
            &mut iced::advanced::clipboard::Null,
            &mut messages,
        );
        messages
    });
    assert!(
        messages
            .iter()
            .any(|m| matches!(m, Message::Editor(Editor::Letter(2)))),
        "Enter asked for no letter 2: {messages:?}"
    );
    for message in messages {
        window.send(&mut app, message);
    }
    // The save dialog answers with the path chosen.
    let file = dir.path().join("letter.pdf");
    window.send(
        &mut app,
        Message::Editor(Editor::LetterFileChosen(
            record.meta.id,
            2,
            Some(file.clone()),
        )),
    );
    assert!(shows(
        &app,
        &format!("The referral letter is saved in {}.", file.display())
    ));
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdftotext ({e}): install poppler-utils"));
    let text = String::from_utf8_lossy(&text.stdout);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        "St Anne's Shelter",
        "+441619998877",
        "Manchester",
        "Žemaitytė",
    ] {
        assert!(text.contains(wanted), "{wanted:?} missing from:\n{text}");
    }

    window.ctrl(&mut app, "l");
    drop(app);
    let case = open(&dir.path().join("mission"))
        .get_case(&record.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"))
        .case;
    assert_eq!(case.referrals.len(), 2);
    let added = &case.referrals[1];
    assert_eq!(added.organisation, "St Anne's Shelter");
    assert_eq!(
        added.organisation_type,
        Some(casebook::domain::OrganisationType::Ngo)
    );
    assert!(added.share_identity, "Space did not tick the box");
    assert!(!case.referrals[0].share_identity);
}

/// A mission whose closed case the commission confirmed (through the
/// command line: export, import, reply, receive), with the stubs' setting
/// stored but not yet applied; returns its folder and the case's reference.
fn mission_with_a_confirmed_old_case(
    dir: &std::path::Path,
    months: Option<u32>,
) -> (std::path::PathBuf, String) {
    let cli = |vault: &str, args: &[&str]| -> String {
        let pass = dir.join("pass.txt");
        std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
            .arg("--vault")
            .arg(dir.join(vault))
            .arg("--passphrase-file")
            .arg(&pass)
            .args(args)
            .env_remove("CASEBOOK_VAULT")
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    drop(new_commission_vault(&dir.join("commission")));
    drop(new_vault(&dir.join("mission")));
    cli("commission", &["commission-key", "--out", &path("hq.pub")]);
    cli("mission", &["set-commission-key", &path("hq.pub")]);
    let mut vault = open(&dir.join("mission"));
    let mut case = simple_case("Rūta", "Stubaitė", date(2025, 1, 10));
    case.status = casebook::domain::CaseStatus::Closed;
    case.consent.share_identifiable_with_commission = Some(true);
    let reference = vault
        .create_case(case)
        .unwrap_or_else(|e| panic!("{e}"))
        .meta
        .reference;
    vault
        .diagnostic_connection()
        .execute(
            "UPDATE cases SET updated_at = '2025-02-01T10:00:00.000000Z'",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let out = cli("mission", &["export", "--out", &path("1.age")]);
    let fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("Signed with mission key"))
        .unwrap_or_else(|| panic!("{out}"))
        .trim()
        .to_owned();
    cli(
        "commission",
        &[
            "import",
            &path("1.age"),
            "--approve-new-mission",
            &format!("LT-LON:{fingerprint}"),
        ],
    );
    cli(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", &path("reply.age")],
    );
    cli("mission", &["receive", &path("reply.age")]);
    let mut vault = open(&dir.join("mission"));
    if months.is_some() {
        vault
            .set_stub_after_months(months)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(!vault.is_stub(&reference).unwrap_or_else(|e| panic!("{e}")));
    (dir.join("mission"), reference)
}

/// Unlocking reduces what the setting asks for: the list marks the stub,
/// and the editor shows it as held by the commission, read-only, with its
/// dates; searching for the name finds nothing.
#[test]
fn a_stub_is_marked_in_the_list_and_opens_as_held_by_the_commission() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mission, reference) = mission_with_a_confirmed_old_case(dir.path(), Some(6));
    let (mut app, _) = App::new(mission.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_unlocked());
    assert!(shows(&app, "Stub (commission)"));
    assert!(!shows_part(&app, "Stubaitė"));
    click(&mut app, &reference);
    assert!(shows(&app, "Held by the commission"));
    assert!(shows_part(
        &app,
        "the commission confirmed it holds the full record"
    ));
    assert!(!shows_part(&app, "Rūta"));
    drop(app);
    let vault = open(&mission);
    assert!(vault.is_stub(&reference).unwrap_or_else(|e| panic!("{e}")));
    assert!(
        vault
            .search_cases("Stubaitė", 10)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
}

/// A stub whose consent withdrawal was recorded (here through the
/// library, as the command line does) shows it when it opens; while no
/// export carried it, it can be retracted and recorded again through the
/// window, and the Export screen counts it as pending.
#[test]
fn a_stubs_recorded_withdrawal_shows_when_it_opens_can_be_retracted_and_is_counted_for_export() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mission, reference) = mission_with_a_confirmed_old_case(dir.path(), Some(6));
    {
        let mut vault = open(&mission);
        vault
            .reduce_to_stubs(6, casebook::domain::today())
            .unwrap_or_else(|e| panic!("{e}"));
        vault
            .withdraw_stub_consent(&reference)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let today = chrono::Utc::now().date_naive();
    let recorded = format!(
        "Consent withdrawal recorded on {today}: the next export tells the commission to remove the person's identifying data from its record."
    );
    let (mut app, _) = App::new(mission.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    click(&mut app, &reference);
    assert!(shows(&app, "Held by the commission"));
    assert!(shows(&app, &recorded), "not read when the stub opened");
    assert!(!shows(&app, "Consent withdrawn…"));
    click(&mut app, "Not withdrawn after all (retract)");
    assert!(!shows(&app, &recorded));
    click(&mut app, "Consent withdrawn…");
    assert!(shows(
        &app,
        &format!(
            "Did the person of {reference} (first contact 2025-01-10, last contact 2025-01-10) withdraw their consent to share identifiable data with the commission? The next export tells the commission to remove their name, contact details, places and every text from its record, for good. Until that export you can retract it here; once exported it cannot be undone, and no record of the person's identity then remains anywhere: this mission keeps only the stub."
        )
    ));
    click(&mut app, "Consent withdrawn");
    assert!(shows(&app, &recorded));
    click(&mut app, "Back");
    send(&mut app, Message::ShowExchange);
    assert!(shows(&app, "What the export carries"));
    assert!(
        shows(&app, "0 cases, 0 erasures, 1 consent withdrawal"),
        "the pending withdrawal is not counted"
    );
    // Exported: the summary says so, and the list of exports names the
    // export that carried it.
    click(&mut app, "Export…");
    let file = dir.path().join("2.age");
    send(
        &mut app,
        Message::Exchange(casebook::gui::screen::exchange::Message::ExportFileChosen(
            Some(file.clone()),
        )),
    );
    assert!(shows(&app, "Export number 2 is written"));
    assert!(shows(
        &app,
        "0 cases (0 without identifying data), 0 erasures. It tells the commission of 1 consent withdrawal (export format 4: the commission's Casebook must be of this version or later; an older one refuses the whole file, with every case it carries, until it upgrades)."
    ));
    assert!(
        shows(
            &app,
            &format!("Export 2, {today}: 0 cases, 0 erasures, 1 consent withdrawal")
        ),
        "which export carried it"
    );
    drop(app);
    let audit = open(&mission)
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"));
    let actions: Vec<&str> = audit
        .iter()
        .map(|e| e.action.as_str())
        .filter(|a| a.starts_with("stub-consent"))
        .collect();
    assert_eq!(
        actions,
        [
            "stub-consent-withdrawn",
            "stub-consent-withdrawal-retracted",
            "stub-consent-withdrawn"
        ]
    );
}

/// The cases past their erase-after date, from the keyboard: Ctrl+Shift+E
/// lists them, Enter erases them (the one confirmation), Esc closes; the
/// erasure leaves a tombstone for the commission.
#[test]
fn the_erasures_due_are_confirmed_and_erased_by_keyboard() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let mut due = simple_case("Eglė", "Retaitė", date(2025, 1, 12));
    due.erase_after = Some(date(2025, 6, 1));
    let due = vault
        .create_case(due)
        .unwrap_or_else(|e| panic!("{e}"))
        .meta
        .reference;
    let kept = vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2025, 1, 12)))
        .unwrap_or_else(|e| panic!("{e}"))
        .meta
        .reference;
    let mut app = unlocked_app(vault);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    window.key(
        &mut app,
        keyboard::Key::Character("e".into()),
        keyboard::Modifiers::CTRL | keyboard::Modifiers::SHIFT,
    );
    assert!(shows(&app, "Cases past their erase-after date"));
    assert!(shows(&app, &format!("{due} (erase after 2025-06-01)")));
    assert!(!shows_part(&app, &format!("{kept} (erase")));
    assert!(shows(&app, "Erase 1 cases"));
    window.key(&mut app, keyboard::key::Named::Enter, none);
    assert!(shows(&app, "1 cases erased."));
    window.key(&mut app, keyboard::key::Named::Escape, none);
    assert!(!shows(&app, "Cases past their erase-after date"));
    assert!(!shows(&app, &due));
    assert!(shows(&app, &kept));
    drop(app);
    let vault = open(dir.path());
    let tombstones = vault.tombstones().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tombstones.len(), 1);
    assert_eq!(tombstones[0].reference, due);
}

/// Settings → Keeping less at the mission: off at first; turning it on
/// says how many cases it reduces now and waits for one confirmation.
#[test]
fn stubs_are_turned_on_in_the_settings_after_one_confirmation() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mission, reference) = mission_with_a_confirmed_old_case(dir.path(), None);
    let mut app = unlocked_app(open(&mission));
    assert!(
        !shows(&app, "Stub (commission)"),
        "off: unlocking reduces nothing"
    );
    send(&mut app, Message::ShowSettings);
    assert!(shows(&app, "Keeping less at the mission"));
    type_into(
        &mut app,
        casebook::gui::screen::settings::stubs::MONTHS_ID,
        "6",
    );
    click(&mut app, "Keep stubs");
    assert!(shows_part(
        &app,
        "reduces 1 closed cases older than 6 months"
    ));
    let vault_untouched = {
        let mut window = Window::new(&app);
        window.key(
            &mut app,
            keyboard::key::Named::Escape,
            keyboard::Modifiers::empty(),
        );
        !shows_part(&app, "reduces 1 closed cases")
    };
    assert!(vault_untouched, "Esc closes the confirmation");
    click(&mut app, "Keep stubs");
    click(&mut app, "Reduce and turn on");
    assert!(shows(&app, "Stubs are kept: 1 cases reduced now."));
    assert!(shows_part(&app, "Stubs kept: 1."));
    drop(app);
    let vault = open(&mission);
    assert!(vault.is_stub(&reference).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(
        vault.stub_after_months().unwrap_or_else(|e| panic!("{e}")),
        Some(6)
    );
}

/// The referrals section reached by Tab, not by its tab: the directory is
/// read all the same, so "manch" finds St Anne's Shelter. Picking a
/// Lithuanian community organisation (a type the case's vocabulary lacks)
/// after it leaves the referral without the NGO's type. Each referral's box
/// reads as what it means, not "Yes".
#[test]
fn the_directory_is_searched_when_the_referrals_are_reached_by_keyboard() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (vault, record) = mission_with_directory(dir.path(), fixture_case("case-full.json"));
    let mut app = unlocked_app(vault);
    let mut window = Window::new(&app);
    let none = keyboard::Modifiers::empty();
    let named = |key| keyboard::Key::Named(key);
    use keyboard::key::Named::{Backspace, End, Enter};
    click(&mut app, &record.meta.reference);
    click(&mut app, "Assistance");
    let date = widget::Id::new("case-field-referral-date");
    let mut tabs = 0;
    while window.focused(&app) != Some(date.clone()) {
        assert!(tabs < 80, "Tab never reached the referral's date");
        window.tab(&mut app);
        tabs += 1;
    }
    assert!(shows(
        &app,
        "The person agrees to share their name, phone and e-mail"
    ));
    window.type_keys(&mut app, "2026-12-01");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-referral-organisation");
    window.type_keys(&mut app, "manch");
    window.key(&mut app, named(Enter), none);
    assert_eq!(
        value_in(&mut window, &app, "case-field-referral-organisation"),
        "St Anne's Shelter"
    );
    assert!(!shows_part(
        &app,
        "The referral directory stored in this vault could not be read"
    ));
    window.key(&mut app, named(End), none);
    for _ in 0.."St Anne's Shelter".len() {
        window.key(&mut app, named(Backspace), none);
    }
    window.type_keys(&mut app, "commun");
    window.key(&mut app, named(Enter), none);
    assert_eq!(
        value_in(&mut window, &app, "case-field-referral-organisation"),
        "Lithuanian Community in the UK"
    );
    click(&mut app, "Add");
    window.ctrl(&mut app, "s");
    window.ctrl(&mut app, "l");
    drop(app);
    let case = open(&dir.path().join("mission"))
        .get_case(&record.meta.reference)
        .unwrap_or_else(|e| panic!("{e}"))
        .case;
    assert_eq!(case.referrals.len(), 2);
    assert_eq!(
        case.referrals[1].organisation,
        "Lithuanian Community in the UK"
    );
    assert_eq!(case.referrals[1].organisation_type, None);
}

/// A referral directory that cannot be read is said so beside the
/// organisation field, with the reason, rather than looking like a
/// directory in which nothing matches; the organisation is typed by hand.
#[test]
fn an_unreadable_directory_is_said_so_beside_the_organisation_field() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (vault, record) = mission_with_directory(dir.path(), fixture_case("case-full.json"));
    vault
        .diagnostic_connection()
        .execute(
            "UPDATE settings SET value = 'not a directory' WHERE key = 'referral_directory'",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(vault);
    let mut window = Window::new(&app);
    click(&mut app, &record.meta.reference);
    click(&mut app, "Referrals");
    assert!(shows_part(
        &app,
        "The referral directory stored in this vault could not be read"
    ));
    window.click(&mut app, "case-field-referral-date");
    window.type_keys(&mut app, "2026-12-01");
    window.tab(&mut app);
    focus_is(&mut window, &app, "case-field-referral-organisation");
    window.type_keys(&mut app, "manch");
    window.key(
        &mut app,
        keyboard::Key::Named(keyboard::key::Named::Enter),
        keyboard::Modifiers::empty(),
    );
    assert_eq!(
        value_in(&mut window, &app, "case-field-referral-organisation"),
        "manch"
    );
}

/// A letter is for the referral it was asked for: the list of referrals
/// changed and saved while the save dialog was open (referral 1 removed,
/// so that number 2 is another organisation now), the path chosen writes
/// nothing and the editor says why.
#[test]
fn a_letter_asked_for_before_the_referrals_changed_is_not_written() {
    use casebook::gui::screen::editor::Message as Editor;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut case = fixture_case("case-full.json");
    for name in ["Second Shelter", "Third Shelter"] {
        let mut referral = case.referrals[0].clone();
        referral.organisation = name.into();
        case.referrals.push(referral);
    }
    let (vault, record) = mission_with_directory(dir.path(), case);
    let mut app = unlocked_app(vault);
    let mut window = Window::new(&app);
    click(&mut app, &record.meta.reference);
    window.send(&mut app, Message::Editor(Editor::Letter(2)));
    window.send(&mut app, Message::Editor(Editor::RemoveReferral(0)));
    window.ctrl(&mut app, "s");
    assert!(shows(&app, "Documents…"), "not saved");
    let file = dir.path().join("letter.pdf");
    window.send(
        &mut app,
        Message::Editor(Editor::LetterFileChosen(
            record.meta.id,
            2,
            Some(file.clone()),
        )),
    );
    assert!(
        !file.exists(),
        "the letter for another referral was written"
    );
    assert!(shows(
        &app,
        "The case was saved again while the save dialog was open, so its referrals may have changed: no letter was written. Ask for the letter again."
    ));
    // Asked again, it is written.
    window.send(&mut app, Message::Editor(Editor::Letter(2)));
    window.send(
        &mut app,
        Message::Editor(Editor::LetterFileChosen(
            record.meta.id,
            2,
            Some(file.clone()),
        )),
    );
    assert!(file.exists());
}

/// Sets the mission's stored set-aside versions (the setting's JSON, as
/// the vault keeps it) by SQL, before the window opens.
fn store_set_aside(dir: &std::path::Path, sql: &str) {
    open(dir)
        .diagnostic_connection()
        .execute(sql, [])
        .unwrap_or_else(|e| panic!("{e}"));
}

/// The versions the commission set aside, as its reply said: listed on the
/// mission's Export screen beside the receipts (with the date of the
/// reply), and told in the editor of the case, dated the same, while it is
/// at that revision; a revision saved since is a new version, and the
/// notice goes.
#[test]
fn the_versions_the_commission_set_aside_are_shown_at_export_and_in_the_editor() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let record = mission_with_a_set_aside_version(dir.path());
    let reference = record.meta.reference.clone();
    let today = chrono::Utc::now().date_naive();
    // A reply dated otherwise than the commission's import of the version.
    store_set_aside(
        &dir.path().join("mission"),
        "UPDATE settings SET value = json_set(value, '$[0].reply_of', '2026-11-30T09:00:00Z') \
         WHERE key = 'commission_set_aside'",
    );
    let mut app = unlocked_app(open(&dir.path().join("mission")));
    send(&mut app, Message::ShowExchange);
    assert!(shows(&app, "Set aside by the commission"));
    assert!(shows(
        &app,
        &format!("{reference}, revision 2: named in the reply of 2026-11-30")
    ));
    assert!(shows(
        &app,
        &format!("received by the commission on {today}")
    ));
    send(&mut app, Message::ShowCases);
    let notice = "The commission's reply of 2026-11-30 says it set aside a version of this case: it holds another version with the same revision number. Ask the commission which version it holds before you rely on this one.";
    click(&mut app, &reference);
    assert!(app.is_editing());
    assert!(shows(&app, notice));
    click(&mut app, "Notes & retention");
    type_into(&mut app, "case-field-notes", "Asked the commission");
    click(&mut app, "Save");
    assert!(shows(&app, &format!("{reference} · revision 3")));
    assert!(!shows(&app, notice), "revision 3 is not the one set aside");
    // Another mission's vault, without any: no list, no notice.
    let quiet = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(quiet.path());
    let other = vault
        .create_case(simple_case("Ona", "Ona", date(2026, 3, 1)))
        .unwrap_or_else(|e| panic!("{e}"))
        .meta
        .reference;
    let mut app = unlocked_app(vault);
    send(&mut app, Message::ShowExchange);
    assert!(!shows(&app, "Set aside by the commission"));
    send(&mut app, Message::ShowCases);
    click(&mut app, &other);
    assert!(!shows_part(&app, "set aside a version"));
}

/// A version the commission has settled since is marked so on the Export
/// screen, and the editor no longer warns about it.
#[test]
fn a_settled_set_aside_version_leaves_no_notice_in_the_editor() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let record = mission_with_a_set_aside_version(dir.path());
    let reference = record.meta.reference.clone();
    store_set_aside(
        &dir.path().join("mission"),
        "UPDATE settings SET value = json_set(value, '$[0].resolved', json('true')) \
         WHERE key = 'commission_set_aside'",
    );
    let mut app = unlocked_app(open(&dir.path().join("mission")));
    send(&mut app, Message::ShowExchange);
    assert!(shows(&app, "settled by the commission since"));
    send(&mut app, Message::ShowCases);
    click(&mut app, &reference);
    assert!(app.is_editing());
    assert!(shows(&app, &format!("{reference} · revision 2")));
    assert!(!shows_part(&app, "set aside a version"));
}

/// The Export screen shows the first 50 versions set aside and how many
/// more there are (the command line lists them all).
#[test]
fn the_export_screen_shows_the_first_set_aside_versions_and_how_many_more() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    mission_with_a_set_aside_version(dir.path());
    let versions: Vec<serde_json::Value> = (1..=53)
        .map(|n| {
            serde_json::json!({
                "reference": format!("LT-LON-2026-{:04}", 9000 + n),
                "revision": 1,
                "received_at": "2026-11-29T09:00:00Z",
                "reply_of": "2026-11-30T09:00:00Z",
                "resolved": false,
            })
        })
        .collect();
    store_set_aside(
        &dir.path().join("mission"),
        &format!(
            "UPDATE settings SET value = '{}' WHERE key = 'commission_set_aside'",
            serde_json::Value::from(versions)
        ),
    );
    let mut app = unlocked_app(open(&dir.path().join("mission")));
    send(&mut app, Message::ShowExchange);
    let row = |n: u32| {
        format!(
            "LT-LON-2026-{}, revision 1: named in the reply of 2026-11-30",
            9000 + n
        )
    };
    assert!(shows(&app, &row(1)));
    assert!(shows(&app, &row(50)));
    assert!(!shows(&app, &row(51)));
    assert!(shows(
        &app,
        "… and 3 more (the command line lists them all: exports --set-aside)"
    ));
}

/// The cases the commission said it erased are listed on the mission's
/// Export screen, each with its day: the first 50, then how many more.
#[test]
fn the_cases_the_commission_erased_are_listed_on_the_export_screen() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mission = dir.path().join("mission");
    new_vault(&mission);
    let mut app = unlocked_app(open(&mission));
    send(&mut app, Message::ShowExchange);
    assert!(!shows(&app, "Erased by the commission"));
    drop(app);
    let vault = open(&mission);
    for n in 1..=53 {
        vault
            .diagnostic_connection()
            .execute(
                "INSERT INTO erased_at_commission (reference, erased_at, received_at) \
                 VALUES (?1, ?2, '2026-11-20T10:00:00Z')",
                [
                    format!("LT-LON-2024-{n:04}"),
                    format!("2026-11-{:02}T09:00:00Z", 1 + n % 19),
                ],
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut app = unlocked_app(vault);
    send(&mut app, Message::ShowExchange);
    assert!(shows(&app, "Erased by the commission"));
    assert!(shows(&app, "LT-LON-2024-0019: erased on 2026-11-01"));
    assert!(shows(
        &app,
        "… and 3 more (the command line lists them all: exports --erased)"
    ));
}

/// A damaged list of set-aside versions does not take the Export screen
/// down: the exports and their receipts are shown, and the list is said
/// to be unreadable; the editor opens the case as before.
#[test]
fn a_damaged_set_aside_list_leaves_the_rest_of_the_export_screen() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let record = mission_with_a_set_aside_version(dir.path());
    let today = chrono::Utc::now().date_naive();
    store_set_aside(
        &dir.path().join("mission"),
        "UPDATE settings SET value = 'not a list' WHERE key = 'commission_set_aside'",
    );
    let mut app = unlocked_app(open(&dir.path().join("mission")));
    send(&mut app, Message::ShowExchange);
    assert!(shows(
        &app,
        &format!("received by the commission on {today}")
    ));
    assert!(shows(
        &app,
        "The list of versions the commission set aside could not be read. The rest of this screen is shown."
    ));
    send(&mut app, Message::ShowCases);
    click(&mut app, &record.meta.reference);
    assert!(app.is_editing());
}

/// An unlock that reduced closed cases to stubs says how many, until the
/// officer dismisses it; the next unlock, which reduces nothing, says
/// nothing.
#[test]
fn an_unlock_that_reduced_cases_to_stubs_says_how_many() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (mission, _) = mission_with_a_confirmed_old_case(dir.path(), Some(6));
    let told = "1 closed case is now held by the commission only: this unlock reduced it to a stub (reference, dates and statuses), as the setting under Settings asks.";
    let (mut app, _) = App::new(mission.clone(), Language::English);
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_unlocked());
    assert!(shows(&app, told));
    click(&mut app, "Dismiss");
    assert!(!shows(&app, told));
    send(&mut app, Message::Lock);
    unlock(&mut app, PASSPHRASE);
    assert!(app.is_unlocked());
    assert!(!shows_part(&app, "held by the commission only"));
}

/// While no backup holds the mission's rotated signing key, the case list
/// warns that exports are blocked and opens the settings; once a backup is
/// written there, the warning is gone.
#[test]
fn an_unbacked_signing_key_warns_on_the_list_until_a_backup_is_written() {
    use casebook::gui::screen::settings::Message as Settings;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault = new_vault(&dir.path().join("vault"));
    let warning = "Exports are blocked: this mission's signing key was replaced and no backup holds the new key yet. Write a backup now: Settings → Backup, Back up now. Exports work again once it is written.";
    let mut app = unlocked_app(vault);
    assert!(!shows(&app, warning), "no rotation, no warning");
    send(&mut app, Message::Lock);
    // The marker a rotation leaves until its backup is written.
    open(&dir.path().join("vault"))
        .diagnostic_connection()
        .execute(
            "INSERT INTO settings (key, value) VALUES ('signing_key_unbacked', '1')",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    unlock(&mut app, PASSPHRASE);
    assert!(shows(&app, warning));
    assert!(!shows(&app, "Dismiss"), "it cannot be dismissed");
    click(&mut app, "Open Settings");
    assert!(shows(&app, "Back up now"));
    let backup = dir.path().join("backup.cbk");
    send(
        &mut app,
        Message::Settings(Settings::BackupFileChosen(Some(backup.clone()))),
    );
    click(&mut app, "Back up now");
    assert!(backup.is_file());
    send(&mut app, Message::ShowCases);
    assert!(!shows(&app, warning));
}

/// The commission withdraws a guidance note from its exchange screen:
/// Withdraw… asks first (Cancel leaves it), then the vault no longer
/// sends it and names it as withdrawn, audited with its id.
#[test]
fn withdrawing_a_guidance_note_asks_first_and_then_withdraws_it_in_the_vault() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission_vault(&dir.path().join("commission"));
    let note = casebook::exchange::reply::add_guidance(
        &mut commission,
        date(2026, 12, 1),
        Some("Pirmiausia kreipkitės į NRM.".into()),
        Some("Refer to the NRM first.".into()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut app = unlocked_app(commission);
    send(&mut app, Message::ShowExchange);
    assert!(shows(&app, "Guidance sent to the missions"));
    assert!(shows(&app, "Refer to the NRM first."));
    let question = format!(
        "Withdraw the note of 2026-12-01 ({})? Every mission hides it when it receives its next reply, and it is never sent again.",
        note.id
    );
    click(&mut app, "Withdraw…");
    assert!(shows(&app, &question));
    assert!(shows(&app, FORMAT_2_WARNING));
    click(&mut app, "Cancel");
    assert!(!shows(&app, &question));
    assert!(shows(&app, "Refer to the NRM first."));
    click(&mut app, "Withdraw…");
    click(&mut app, "Withdraw the note");
    assert!(shows(
        &app,
        &format!(
            "The note {} is withdrawn: the next replies tell every mission to hide it.",
            note.id
        )
    ));
    assert!(!shows(&app, "Refer to the NRM first."));
    drop(app);
    let vault = open(&dir.path().join("commission"));
    assert!(
        casebook::exchange::reply::guidance(&vault)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
    let audit = vault.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "guidance-withdrawn")
            .map(|e| e.detail.clone().unwrap_or_default())
            .collect::<Vec<_>>(),
        std::slice::from_ref(&note.id)
    );
}

/// What the question before a withdrawal says of the replies after it.
const FORMAT_2_WARNING: &str = "After this, every reply to every mission is written in reply format 2. A mission whose Casebook is older than reply format 2 refuses such a reply, and with it the receipts and key changes it carries, until it upgrades. Make sure every mission has upgraded first.";

/// The question before a withdrawal keeps the other notes' Withdraw…
/// disabled; a reload without the note asked about drops the question
/// (withdrawn meanwhile from the command line); a late result of an
/// earlier withdrawal leaves the current question; Esc cancels the question
/// and stays on the screen, and the next Esc leaves it.
#[test]
fn the_withdraw_question_follows_reloads_late_results_and_esc() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission_vault(&dir.path().join("commission"));
    let older = casebook::exchange::reply::add_guidance(
        &mut commission,
        date(2026, 12, 1),
        None,
        Some("Older note.".into()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let newer = casebook::exchange::reply::add_guidance(
        &mut commission,
        date(2026, 12, 2),
        None,
        Some("Newer note.".into()),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // The overview a reload reads once the newer note is withdrawn.
    let mut reloaded = casebook::exchange::overview(&commission).unwrap_or_else(|e| panic!("{e}"));
    reloaded.guidance.retain(|n| n.note.id == older.id);
    assert_eq!(reloaded.guidance.len(), 1);
    let question = |note: &casebook::exchange::reply::format::GuidanceNote| {
        format!(
            "Withdraw the note of {} ({})? Every mission hides it when it receives its next reply, and it is never sent again.",
            note.date, note.id
        )
    };
    let mut app = unlocked_app(commission);
    let mut window = Window::new(&app);
    window.send(&mut app, Message::ShowExchange);
    // Newest first: the first Withdraw… is the newer note's.
    click(&mut app, "Withdraw…");
    assert!(shows(&app, &question(&newer)));
    // The older note's button is disabled while asked.
    click(&mut app, "Withdraw…");
    assert!(!shows(&app, &question(&older)));
    window.send(
        &mut app,
        exchange_message(casebook::gui::screen::exchange::Message::Loaded(Ok(
            Box::new(reloaded),
        ))),
    );
    assert!(!shows(&app, &question(&newer)));
    assert!(!shows(&app, "Newer note."));
    click(&mut app, "Withdraw…");
    assert!(
        shows(&app, &question(&older)),
        "the button is enabled again"
    );
    // A late result of the newer note's withdrawal.
    use casebook::gui::screen::exchange::{guidance, reply};
    window.send(
        &mut app,
        exchange_message(casebook::gui::screen::exchange::Message::Reply(
            reply::Message::Guidance(guidance::Message::Withdrawn(newer.id.clone(), Ok(()))),
        )),
    );
    assert!(shows(&app, &question(&older)), "the current question stays");
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(!shows(&app, &question(&older)), "Esc cancels the question");
    assert!(shows(&app, "Guidance sent to the missions"), "and stays");
    assert!(shows(&app, "Older note."));
    window.key(
        &mut app,
        keyboard::key::Named::Escape,
        keyboard::Modifiers::empty(),
    );
    assert!(!shows(&app, "Guidance sent to the missions"));
    drop(app);
    let vault = open(&dir.path().join("commission"));
    assert_eq!(
        casebook::exchange::reply::guidance(&vault)
            .unwrap_or_else(|e| panic!("{e}"))
            .len(),
        2,
        "nothing was withdrawn"
    );
}
