//! The application: locked or unlocked (two states, not a flag), message
//! routing, shortcuts, auto-lock, and the jobs that touch the store.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::Utc;
use iced::keyboard::{self, Key, key::Named, key::Physical};
use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Event, Length, Subscription, Task, Theme, window};
use secrecy::SecretString;

use super::clipboard::{self, Fingerprint};
use super::clock::Moment;
use super::job::Effect;
use super::screen::settings::Preferences;
use super::screen::{cases, editor, exchange, first_run, settings, statistics, unlock};
use super::theme;
use crate::domain::CaseRecord;
use crate::i18n::{I18n, Language};
use crate::vault::{self, KdfParams, Page, Vault, VaultInfo};

/// The open vault, shared with the worker threads that run store jobs.
pub type Store = Arc<Mutex<Vault>>;

/// When locking writes the automatic backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AutoBackup {
    InBackground,
    Now,
    Skip,
}

/// What an unlock or a creation hands over.
#[derive(Debug, Clone)]
pub struct Opened {
    store: Store,
    info: VaultInfo,
    preferences: Preferences,
}

#[derive(Debug, Clone)]
pub enum Message {
    FirstRun(first_run::Message),
    Unlock(unlock::Message),
    Cases(cases::Message),
    Editor(editor::Message),
    Settings(settings::Message),
    Exchange(exchange::Message),
    Statistics(statistics::Message),
    Opened(Result<Opened, vault::Error>),
    CaseOpened(Result<Box<CaseRecord>, vault::Error>),
    ShowCases,
    ShowSettings,
    ShowExchange,
    ShowStatistics,
    Lock,
    Tick(Instant),
    Activity,
    /// A key pressed: the key as the layout gives it, the key's place on
    /// the keyboard (shortcuts and copying go by its Latin letter, as the
    /// fields' own Ctrl+C does, so they work in any layout), the modifiers,
    /// and whether a widget handled it.
    Key(Key, Physical, keyboard::Modifiers, bool),
    /// The clipboard's fingerprint, read after a copy or at lock.
    ClipboardRead(clipboard::Reading, Option<Fingerprint>),
    CloseRequested(window::Id),
    Ignored,
}

enum State {
    FirstRun(first_run::FirstRun),
    Locked(unlock::Unlock),
    Unlocked(Box<Session>),
}

struct Session {
    store: Store,
    info: VaultInfo,
    cases: cases::Cases,
    screen: Screen,
    last_activity: Moment,
}

enum Screen {
    List,
    Editor(Box<editor::Editor>),
    Settings(Box<settings::Settings>),
    Exchange(Box<exchange::Exchange>),
    Statistics(Box<statistics::Statistics>),
}

impl Screen {
    /// Whether the header's links may replace this screen: not the editor
    /// (it asks about unsaved changes itself), not an export or import that
    /// is running (its result would have nowhere to go).
    fn may_switch(&self) -> bool {
        match self {
            Screen::Editor(_) => false,
            Screen::Exchange(exchange) => !exchange.is_running(),
            // Its result, and the lock that waits for it, need the screen.
            Screen::Settings(settings) => !settings.changing_passphrase(),
            Screen::List | Screen::Statistics(_) => true,
        }
    }
}

pub struct App {
    dir: PathBuf,
    i18n: I18n,
    preferences: Preferences,
    state: State,
    /// The clocks at the last tick (tests move them).
    now: Moment,
    /// What a field last copied to the clipboard, to empty it at lock.
    copied: Option<Fingerprint>,
}

impl App {
    /// The first state for the vault in `dir`: the unlock form if a vault is
    /// there, the first-run form otherwise.
    pub fn new(dir: PathBuf, language: Language) -> (App, Effect) {
        let preferences = Preferences {
            language,
            ..Preferences::default()
        };
        let (state, effect) = if vault::exists(&dir) {
            let owner = vault::owner(&dir).ok().flatten();
            (
                State::Locked(unlock::Unlock::new(owner)),
                Effect::Focus(unlock::PASSPHRASE_ID),
            )
        } else {
            (
                State::FirstRun(first_run::FirstRun::new()),
                Effect::Focus(first_run::Field::MissionCode.id()),
            )
        };
        let app = App {
            dir,
            i18n: I18n::new(language),
            preferences,
            state,
            now: Moment::now(),
            copied: None,
        };
        (app, effect)
    }

    pub fn boot(dir: PathBuf) -> (App, Task<Message>) {
        let (app, effect) = App::new(dir, Language::from_system());
        (app, effect.into_task())
    }

    pub fn update_task(&mut self, message: Message) -> Task<Message> {
        self.update(message).into_task()
    }

    pub fn is_locked(&self) -> bool {
        matches!(self.state, State::Locked(_))
    }

    pub fn is_unlocked(&self) -> bool {
        matches!(self.state, State::Unlocked(_))
    }

    pub fn is_editing(&self) -> bool {
        matches!(&self.state, State::Unlocked(s) if matches!(s.screen, Screen::Editor(_)))
    }

    /// The references in the case list as it stands.
    pub fn listed_references(&self) -> Vec<String> {
        match &self.state {
            State::Unlocked(session) => session
                .cases
                .rows()
                .iter()
                .map(|r| r.reference.clone())
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    pub fn title(&self) -> String {
        match &self.state {
            State::Unlocked(session) => format!("Casebook — {}", session.info.mission_code),
            _ => "Casebook".into(),
        }
    }

    pub fn theme(&self) -> Theme {
        theme::theme(if self.preferences.dark {
            theme::Mode::Dark
        } else {
            theme::Mode::Light
        })
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let events = iced::event::listen_with(on_event);
        let exchanging = matches!(&self.state, State::Unlocked(s) if matches!(&s.screen, Screen::Exchange(e) if e.is_running()));
        if exchanging {
            // Progress of a running export or import is redrawn ten times a second.
            return Subscription::batch([
                events,
                iced::time::every(Duration::from_millis(100)).map(Message::Tick),
            ]);
        }
        let ticking = match &self.state {
            State::Unlocked(_) => true,
            State::Locked(unlock) => {
                unlock.waiting(self.now.instant()).is_some() || unlock.unlocking()
            }
            State::FirstRun(_) => false,
        };
        if ticking {
            Subscription::batch([
                events,
                iced::time::every(Duration::from_secs(1)).map(Message::Tick),
            ])
        } else {
            events
        }
    }

    pub fn update(&mut self, message: Message) -> Effect {
        self.update_at(message, Moment::now())
    }

    /// `update` with the clocks read at `now` (tests move them, as they do
    /// for `tick`).
    pub fn update_at(&mut self, message: Message, now: Moment) -> Effect {
        match message {
            Message::FirstRun(message) => self.first_run(message),
            Message::Unlock(message) => self.unlock(message),
            Message::Opened(result) => self.opened(result),
            Message::Cases(message) => self.cases(message),
            Message::Editor(message) => self.editor(message),
            Message::Settings(message) => self.settings(message),
            Message::Exchange(message) => self.exchange(message),
            Message::Statistics(message) => self.statistics(message),
            Message::CaseOpened(result) => self.case_opened(result),
            Message::ShowCases => self.show_list(),
            Message::ShowSettings => {
                if let State::Unlocked(session) = &mut self.state
                    && session.screen.may_switch()
                {
                    let auto = with_vault(&session.store, |v| v.auto_backup()).unwrap_or(None);
                    session.screen =
                        Screen::Settings(Box::new(settings::Settings::for_vault(&self.dir, auto)));
                }
                Effect::None
            }
            Message::ShowExchange => self.show_exchange(),
            Message::ShowStatistics => self.show_statistics(),
            Message::Lock => self.request_lock(),
            // The tick's `Instant` stands still in suspend; the clock module reads clocks that do not.
            Message::Tick(_) => self.tick(Moment::now()),
            Message::Activity => {
                // The first click after waking finds the vault locked.
                let now = now.latest(self.now);
                if let Some(locked) = self.lock_if_idle(now) {
                    return locked;
                }
                if let State::Unlocked(session) = &mut self.state {
                    session.last_activity = now;
                }
                Effect::None
            }
            Message::Key(key, physical, modifiers, captured) => {
                // The first key after waking locks and is not acted on (its
                // field has it already, but that field goes with the session).
                let now = now.latest(self.now);
                if let Some(locked) = self.lock_if_idle(now) {
                    return locked;
                }
                let latin = key.to_latin(physical).map(|c| c.to_ascii_lowercase());
                let mut copied = Effect::None;
                if let State::Unlocked(session) = &mut self.state {
                    session.last_activity = now;
                    // The field has written the clipboard by now: note what.
                    // Fields copy on the key's Latin letter, whatever the
                    // layout writes on it (`с` in Russian), and so does this.
                    if modifiers.command() && matches!(latin, Some('c' | 'x')) {
                        copied =
                            Effect::Clipboard(clipboard::Request::Read(clipboard::Reading::Copied));
                    }
                }
                copied.and(self.shortcut(key, latin, modifiers, captured))
            }
            Message::ClipboardRead(reading, fingerprint) => {
                self.clipboard_read(reading, fingerprint)
            }
            Message::CloseRequested(_) => self.request_quit(),
            Message::Ignored => Effect::None,
        }
    }

    /// Locks when the officer has been idle for the auto-lock delay, time
    /// asleep included (`clock`): at the first tick after waking from a
    /// longer sleep. `now` comes from the tick, so tests can move the clocks.
    pub fn tick(&mut self, now: Moment) -> Effect {
        self.now = now;
        self.lock_if_idle(now).unwrap_or(Effect::None)
    }

    /// Locks if the officer has been away for the auto-lock delay by `now`:
    /// at a tick, and before a key or click is taken as activity, so that
    /// the first input after waking cannot reset an idle time the next tick
    /// would have locked on.
    fn lock_if_idle(&mut self, now: Moment) -> Option<Effect> {
        if self.changing_passphrase() {
            // Locking would wait for the store on this thread and freeze the
            // window for minutes; the lock comes at the first tick after.
            return None;
        }
        if let State::Unlocked(session) = &self.state {
            let idle = now.since(&session.last_activity);
            if idle >= Duration::from_secs(u64::from(self.preferences.auto_lock_minutes) * 60) {
                // An unsaved draft is discarded, never written anywhere in clear.
                return Some(self.lock());
            }
        }
        None
    }

    /// Pretends the last activity was at `at` (tests of the auto-lock).
    pub fn set_last_activity(&mut self, at: Moment) {
        if let State::Unlocked(session) = &mut self.state {
            session.last_activity = at;
        }
    }

    fn lock(&mut self) -> Effect {
        self.lock_with(AutoBackup::InBackground)
    }

    /// After a copy, remembers what the clipboard holds; at lock, empties
    /// it if it still holds that (see `clipboard`).
    fn clipboard_read(
        &mut self,
        reading: clipboard::Reading,
        fingerprint: Option<Fingerprint>,
    ) -> Effect {
        match reading {
            clipboard::Reading::Copied => {
                if fingerprint.is_some() {
                    self.copied = fingerprint;
                }
                Effect::None
            }
            clipboard::Reading::Locking => {
                let ours = self.copied.take();
                if fingerprint.is_some() && fingerprint == ours {
                    Effect::Clipboard(clipboard::Request::Clear)
                } else {
                    Effect::None
                }
            }
        }
    }

    /// Locks: the session, and with it the unlocked vault, is dropped from
    /// the state. The automatic backup (if on and due) runs on a worker
    /// holding the store, the unlock form waiting for it; at quitting it
    /// runs before the window goes; before a restore it is not needed (the
    /// replaced vault is kept aside). A failure is told on the unlock screen
    /// and never keeps the vault open.
    fn lock_with(&mut self, backup: AutoBackup) -> Effect {
        // The session knows whose vault it is; no need to read the header again.
        let owner = match &self.state {
            State::Unlocked(session) => Some(vault::Owner {
                officer: session.info.officer.clone(),
                mission_code: session.info.mission_code.clone(),
            }),
            _ => vault::owner(&self.dir).ok().flatten(),
        };
        let store = match &self.state {
            State::Unlocked(session) => Some(session.store.clone()),
            _ => None,
        };
        // Off: nothing to wait for (a settings read, not a backup).
        let backup = match &store {
            Some(store) if with_vault(store, |v| v.auto_backup()).is_ok_and(|a| a.is_some()) => {
                backup
            }
            _ => AutoBackup::Skip,
        };
        let mut locked = unlock::Unlock::new(owner);
        if backup == AutoBackup::InBackground {
            locked = locked.backing_up();
        }
        // Replacing the state drops the session and its handle on the store.
        self.state = State::Locked(locked);
        let mut focus = Effect::Focus(unlock::PASSPHRASE_ID);
        if self.copied.is_some() {
            focus = focus.and(Effect::Clipboard(clipboard::Request::Read(
                clipboard::Reading::Locking,
            )));
        }
        let Some(store) = store else {
            return focus;
        };
        match backup {
            AutoBackup::Skip => focus,
            AutoBackup::Now => {
                let result = with_vault(&store, Vault::automatic_backup);
                let _ = self.unlock(unlock::Message::AutoBackupDone(result));
                focus
            }
            AutoBackup::InBackground => {
                focus.and(Effect::job(move || {
                    let result = with_vault(&store, Vault::automatic_backup);
                    // The last handle: the vault closes here.
                    drop(store);
                    Message::Unlock(unlock::Message::AutoBackupDone(result))
                }))
            }
        }
    }

    /// A passphrase change holds the store (for minutes on a large vault).
    fn changing_passphrase(&self) -> bool {
        matches!(&self.state, State::Unlocked(session)
            if matches!(&session.screen, Screen::Settings(settings) if settings.changing_passphrase()))
    }

    fn request_lock(&mut self) -> Effect {
        if let State::Unlocked(session) = &mut self.state
            && let Screen::Settings(settings) = &mut session.screen
            && settings.changing_passphrase()
        {
            settings.lock_waits(&self.i18n);
            return Effect::None;
        }
        if let State::Unlocked(session) = &mut self.state
            && let Screen::Editor(editor) = &mut session.screen
        {
            return match editor.request_leave(editor::Leaving::Lock) {
                editor::Action::None => Effect::None,
                _ => self.lock(),
            };
        }
        if self.is_unlocked() {
            self.lock()
        } else {
            Effect::None
        }
    }

    fn request_quit(&mut self) -> Effect {
        if let State::Unlocked(session) = &mut self.state
            && let Screen::Editor(editor) = &mut session.screen
            && let editor::Action::None = editor.request_leave(editor::Leaving::Quit)
        {
            return Effect::None;
        }
        // Close the store, after the automatic backup, before the window goes.
        if self.is_unlocked() {
            let _ = self.lock_with(AutoBackup::Now);
        }
        Effect::Exit
    }

    /// `latin` is the key's Latin letter (`Key::to_latin`), so Ctrl+L locks
    /// in a Cyrillic or Greek layout too.
    fn shortcut(
        &mut self,
        key: Key,
        latin: Option<char>,
        modifiers: keyboard::Modifiers,
        captured: bool,
    ) -> Effect {
        let command = modifiers.command();
        match (&key, latin, command) {
            (_, Some('l'), true) => self.request_lock(),
            (_, Some('n'), true) => self.cases(cases::Message::New),
            (_, Some('s'), true) => self.editor(editor::Message::Save),
            (_, Some('e'), true) => self.show_exchange(),
            (_, Some('f'), true) => {
                if let State::Unlocked(session) = &mut self.state
                    && matches!(session.screen, Screen::List)
                {
                    return Effect::Focus(cases::SEARCH_ID);
                }
                Effect::None
            }
            (Key::Named(Named::Escape), _, _) => match &self.state {
                State::Unlocked(session) => match session.screen {
                    Screen::Editor(_) => self.editor(editor::Message::Close),
                    Screen::Settings(_) | Screen::Exchange(_) | Screen::Statistics(_) => {
                        self.show_list()
                    }
                    Screen::List => Effect::None,
                },
                _ => Effect::None,
            },
            (Key::Named(Named::Tab), _, _) if !captured => {
                if modifiers.shift() {
                    Effect::FocusPrevious
                } else {
                    Effect::FocusNext
                }
            }
            _ => Effect::None,
        }
    }

    fn first_run(&mut self, message: first_run::Message) -> Effect {
        let State::FirstRun(form) = &mut self.state else {
            return Effect::None;
        };
        match form.update(message) {
            first_run::Action::None => Effect::None,
            first_run::Action::ChooseKeyFile => Effect::Dialog(Dialog::OpenKey),
            first_run::Action::Create {
                new,
                passphrase,
                commission_key,
            } => {
                let dir = self.dir.clone();
                let language = self.preferences.language;
                Effect::job(move || {
                    Message::Opened(create_vault(
                        &dir,
                        &new,
                        &passphrase,
                        commission_key,
                        language,
                    ))
                })
            }
        }
    }

    fn unlock(&mut self, message: unlock::Message) -> Effect {
        let State::Locked(form) = &mut self.state else {
            return Effect::None;
        };
        match form.update(message, self.now.instant().max(Instant::now()), &self.i18n) {
            unlock::Action::None => Effect::None,
            unlock::Action::ChooseBackup => Effect::Dialog(Dialog::OpenBackup),
            unlock::Action::Restore(path) => {
                let dir = self.dir.clone();
                Effect::job(move || {
                    Message::Unlock(unlock::Message::Restored(vault::restore(
                        &path,
                        &dir,
                        vault::Overwrite::Always,
                    )))
                })
            }
            unlock::Action::Unlock {
                passphrase,
                failed_attempts,
            } => {
                let dir = self.dir.clone();
                Effect::job(move || Message::Opened(open_vault(&dir, &passphrase, failed_attempts)))
            }
        }
    }

    fn opened(&mut self, result: Result<Opened, vault::Error>) -> Effect {
        match result {
            Ok(opened) => {
                if opened.preferences.language != self.i18n.language() {
                    self.i18n = I18n::new(opened.preferences.language);
                }
                self.preferences = opened.preferences;
                let (cases, action) = cases::Cases::new();
                self.state = State::Unlocked(Box::new(Session {
                    store: opened.store,
                    info: opened.info,
                    cases,
                    screen: Screen::List,
                    // By the same clocks as the ticks (tests move them ahead).
                    last_activity: Moment::now().latest(self.now),
                }));
                self.cases_action(action)
            }
            Err(error) => {
                let now = Instant::now();
                match &mut self.state {
                    State::Locked(form) => form.failed(error, now),
                    State::FirstRun(form) => form.failed(unlock::error_text(&self.i18n, &error)),
                    State::Unlocked(_) => {}
                }
                Effect::None
            }
        }
    }

    fn cases(&mut self, message: cases::Message) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        if !matches!(session.screen, Screen::List) && matches!(message, cases::Message::New) {
            return Effect::None;
        }
        let action = session.cases.update(message);
        self.cases_action(action)
    }

    fn cases_action(&mut self, action: cases::Action) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        match action {
            cases::Action::None => Effect::None,
            cases::Action::Load(request) => {
                let store = session.store.clone();
                Effect::job(move || {
                    let id = request.id;
                    Message::Cases(cases::Message::Loaded(id, load_cases(&store, request)))
                })
            }
            cases::Action::Debounce(generation) => Effect::job(move || {
                std::thread::sleep(Duration::from_millis(250));
                Message::Cases(cases::Message::SearchSettled(generation))
            }),
            cases::Action::Open(id) => {
                let store = session.store.clone();
                Effect::job(move || {
                    Message::CaseOpened(
                        with_vault(&store, |v| v.view_case(&id.to_string())).map(Box::new),
                    )
                })
            }
            cases::Action::New => {
                session.screen = Screen::Editor(Box::new(editor::Editor::new_case(
                    Utc::now().date_naive(),
                    &session.info.officer,
                    &self.i18n,
                )));
                Effect::Focus(editor::Field::GivenName.id())
            }
            cases::Action::SetDiscreet(on) => {
                let mut preferences = self.preferences.clone();
                preferences.discreet = on;
                self.set_preferences(preferences)
            }
        }
    }

    fn case_opened(&mut self, result: Result<Box<CaseRecord>, vault::Error>) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        match result {
            Ok(record) => {
                session.screen = Screen::Editor(Box::new(editor::Editor::open(
                    *record,
                    Utc::now().date_naive(),
                    &session.info.officer,
                    &session.info.mission_code,
                    &self.i18n,
                )));
                Effect::None
            }
            Err(error) => {
                session
                    .cases
                    .update(cases::Message::Loaded(u64::MAX, Err(error)));
                Effect::None
            }
        }
    }

    fn show_list(&mut self) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        match &mut session.screen {
            Screen::Editor(editor) => match editor.request_leave(editor::Leaving::Back) {
                editor::Action::None => Effect::None,
                _ => self.back_to_list(),
            },
            screen if !screen.may_switch() => Effect::None,
            _ => self.back_to_list(),
        }
    }

    fn back_to_list(&mut self) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        session.screen = Screen::List;
        let action = session.cases.reload();
        self.cases_action(action)
    }

    fn editor(&mut self, message: editor::Message) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let Screen::Editor(editor) = &mut session.screen else {
            return Effect::None;
        };
        match editor.update(message) {
            editor::Action::None => Effect::None,
            editor::Action::Save { id, revision, case } => {
                let store = session.store.clone();
                Effect::job(move || {
                    let result = with_vault(&store, |v| match id {
                        Some(id) => v.update_case(id, *case, revision),
                        None => v.create_case(*case),
                    });
                    Message::Editor(editor::Message::Saved(result.map(Box::new)))
                })
            }
            editor::Action::Erase(id) => {
                let store = session.store.clone();
                Effect::job(move || {
                    let result = with_vault(&store, |v| v.erase_case(&id.to_string()).map(|_| ()));
                    Message::Editor(editor::Message::Erased(result))
                })
            }
            editor::Action::Close => self.back_to_list(),
            editor::Action::Leave(editor::Leaving::Back) => self.back_to_list(),
            editor::Action::Leave(editor::Leaving::Lock) => self.lock(),
            editor::Action::Leave(editor::Leaving::Quit) => {
                // Through locking, for the automatic backup.
                let _ = self.lock_with(AutoBackup::Now);
                Effect::Exit
            }
        }
    }

    fn settings(&mut self, message: settings::Message) -> Effect {
        // The new passphrase is in force but the vault lost its database on
        // the way: locking is the way back (the next unlock finishes the
        // change), and the unlock screen says so.
        if let settings::Message::PassphraseChanged(Err(
            error @ vault::Error::ReopenAfterPassphraseChange,
        )) = message
        {
            let effect = self.lock_with(AutoBackup::Skip);
            if let State::Locked(locked) = &mut self.state {
                locked.failed(error, Instant::now());
            }
            return effect;
        }
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let Screen::Settings(screen) = &mut session.screen else {
            return Effect::None;
        };
        match screen.update(message, &self.preferences, &self.i18n) {
            settings::Action::None => Effect::None,
            settings::Action::Preferences(preferences) => self.set_preferences(preferences),
            settings::Action::ChangePassphrase { current, new } => {
                let store = session.store.clone();
                Effect::job(move || {
                    let result = KdfParams::calibrate().and_then(|kdf| {
                        with_vault(&store, |v| v.change_passphrase(&current, &new, kdf))
                    });
                    Message::Settings(settings::Message::PassphraseChanged(result))
                })
            }
            settings::Action::ChooseBackupFile => Effect::Dialog(Dialog::SaveBackup),
            settings::Action::Backup(path) => {
                let store = session.store.clone();
                Effect::job(move || {
                    let result = with_vault(&store, |v| v.backup_to(&path)).map(|()| path);
                    Message::Settings(settings::Message::BackedUp(result))
                })
            }
            settings::Action::ChooseAutoFolder => Effect::Dialog(Dialog::AutoBackupFolder),
            settings::Action::SaveAuto(auto) => {
                let store = session.store.clone();
                Effect::job(move || {
                    let result = with_vault(&store, |v| v.set_auto_backup(auto.as_ref()));
                    Message::Settings(settings::Message::AutoSaved(result.map(|()| auto)))
                })
            }
            settings::Action::ChooseRestoreFile => Effect::Dialog(Dialog::OpenBackupToReplace),
            settings::Action::CheckRestore(path) => Effect::job(move || {
                let result = vault::inspect_backup(&path);
                Message::Settings(settings::Message::RestoreChecked(path, result))
            }),
            settings::Action::Restore(path) => {
                // Locking closes the vault; the unlock screen then restores
                // as it does for a damaged vault, and shows the outcome.
                let focus = self.lock_with(AutoBackup::Skip);
                let _ = self.unlock(unlock::Message::BackupChosen(Some(path)));
                focus.and(self.unlock(unlock::Message::ConfirmRestore))
            }
            settings::Action::Back => self.back_to_list(),
        }
    }

    fn show_exchange(&mut self) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        if !session.screen.may_switch() {
            return Effect::None;
        }
        let (screen, action) =
            exchange::Exchange::new(session.info.role, &session.info.mission_code);
        session.screen = Screen::Exchange(Box::new(screen));
        self.exchange_action(action)
    }

    fn show_statistics(&mut self) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        if !session.screen.may_switch() {
            return Effect::None;
        }
        session.screen = Screen::Statistics(Box::default());
        let store = session.store.clone();
        let role = session.info.role;
        let own = session.info.mission_code.clone();
        Effect::job(move || {
            let prepared = with_vault(&store, |v| {
                let missions = match role {
                    vault::Role::Mission => vec![own],
                    vault::Role::Commission => v.missions()?.into_iter().map(|m| m.code).collect(),
                };
                Ok((missions, v.statistics_settings()?))
            });
            Message::Statistics(match prepared {
                Ok((missions, settings)) => statistics::Message::Prepared { missions, settings },
                Err(error) => statistics::Message::Counted(Err(error)),
            })
        })
    }

    fn statistics(&mut self, message: statistics::Message) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let Screen::Statistics(screen) = &mut session.screen else {
            return Effect::None;
        };
        let action = screen.update(message, &self.i18n, Utc::now().date_naive());
        self.statistics_action(action)
    }

    fn statistics_action(&mut self, action: statistics::Action) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let store = session.store.clone();
        match action {
            statistics::Action::None => Effect::None,
            statistics::Action::Back => self.back_to_list(),
            statistics::Action::Count {
                rows_by,
                columns_by,
                filter,
            } => Effect::job(move || {
                let result = with_vault(&store, |v| v.statistics(rows_by, columns_by, &filter));
                Message::Statistics(statistics::Message::Counted(result.map(Box::new)))
            }),
            statistics::Action::SaveSettings {
                min_count,
                include_without_consent,
            } => Effect::job(move || {
                let result = with_vault(&store, |v| {
                    v.set_statistics_settings(vault::StatisticsSettings {
                        min_count,
                        include_without_consent,
                    })
                });
                Message::Statistics(statistics::Message::SettingsSaved(result))
            }),
            statistics::Action::ChooseCsvFile(name) => Effect::Dialog(Dialog::SaveCsv(name)),
            statistics::Action::WriteCsv {
                path,
                table,
                min_count,
                today,
            } => Effect::job(move || {
                // Aggregates only, small counts hidden: this file is meant to leave.
                let result = table
                    .to_csv(min_count, today)
                    .map_err(|e| vault::Error::InvalidSetting(e.to_string()))
                    .and_then(|csv| vault::write_file(&path, csv.as_bytes()))
                    .map(|()| path);
                Message::Statistics(statistics::Message::CsvSaved(result))
            }),
        }
    }

    fn exchange(&mut self, message: exchange::Message) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let Screen::Exchange(screen) = &mut session.screen else {
            return Effect::None;
        };
        let action = screen.update(message, &self.i18n);
        self.exchange_action(action)
    }

    fn exchange_action(&mut self, action: exchange::Action) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let store = session.store.clone();
        let done = |message: exchange::Message| Message::Exchange(message);
        match action {
            exchange::Action::None => Effect::None,
            exchange::Action::Back => self.back_to_list(),
            exchange::Action::Load => Effect::job(move || {
                done(exchange::Message::Loaded(
                    with_exchange(&store, |v| crate::exchange::overview(v)).map(Box::new),
                ))
            }),
            exchange::Action::ChooseExportFile(name) => Effect::Dialog(Dialog::SaveExport(name)),
            exchange::Action::ChooseKeyFile => Effect::Dialog(Dialog::OpenCommissionKey),
            exchange::Action::ChooseImportFiles => Effect::Dialog(Dialog::OpenExports),
            exchange::Action::ChooseCommissionKeyFile => Effect::Dialog(Dialog::SaveCommissionKey),
            exchange::Action::Export {
                path,
                all,
                progress,
                cancel,
            } => Effect::job(move || {
                // The native dialog already asked before replacing a file.
                let result = with_exchange(&store, |v| {
                    crate::exchange::export_cancellable(v, &path, all, true, &cancel, &mut |p| {
                        progress.set(p)
                    })
                });
                done(exchange::Message::Exported(result.map(Box::new)))
            }),
            exchange::Action::StoreKey(path) => Effect::job(move || {
                let result = with_vault(&store, |v| {
                    let key = vault::read_commission_key(&path)?;
                    v.set_commission_key(&key, false)
                });
                done(exchange::Message::KeyStored(result))
            }),
            exchange::Action::Import {
                files,
                approved,
                progress,
                cancel,
            } => Effect::job(move || {
                let approval = crate::exchange::Approval::Missions(approved);
                let mut vault = store
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                done(exchange::Message::Imported(crate::exchange::import_files(
                    &mut vault,
                    &files,
                    &approval,
                    &cancel,
                    &mut |p| progress.set(p),
                )))
            }),
            exchange::Action::WriteCommissionKey(path) => Effect::job(move || {
                let result = with_exchange(&store, |v| {
                    crate::exchange::write_commission_key(v, &path).map(|_| path)
                });
                done(exchange::Message::CommissionKeySaved(result))
            }),
            exchange::Action::ChooseIdentityBackupFile => {
                Effect::Dialog(Dialog::SaveIdentityBackup)
            }
            exchange::Action::WriteIdentityBackup { path, passphrase } => Effect::job(move || {
                let result = with_exchange(&store, |v| {
                    crate::exchange::write_identity_backup(v, &path, &passphrase).map(|()| path)
                });
                done(exchange::Message::IdentityBackedUp(result))
            }),
            exchange::Action::Resolve(seq, resolution) => Effect::job(move || {
                let result = with_vault(&store, |v| v.resolve_conflict(seq, resolution));
                done(exchange::Message::Resolved(result))
            }),
        }
    }

    fn set_preferences(&mut self, preferences: Preferences) -> Effect {
        if preferences.language != self.i18n.language() {
            self.i18n = I18n::new(preferences.language);
        }
        self.preferences = preferences.clone();
        let State::Unlocked(session) = &self.state else {
            return Effect::None;
        };
        let store = session.store.clone();
        Effect::job(move || {
            let _ = with_vault(&store, |v| save_preferences(v, &preferences));
            Message::Ignored
        })
    }

    pub fn view(&self) -> Element<'_, Message> {
        let now = self.now.instant().max(Instant::now());
        match &self.state {
            State::FirstRun(form) => form.view(&self.i18n).map(Message::FirstRun),
            State::Locked(form) => form.view(&self.i18n, now).map(Message::Unlock),
            State::Unlocked(session) => {
                let body = match &session.screen {
                    Screen::List => session
                        .cases
                        .view(&self.i18n, self.preferences.discreet)
                        .map(Message::Cases),
                    Screen::Editor(editor) => editor.view(&self.i18n).map(Message::Editor),
                    Screen::Settings(screen) => screen
                        .view(&self.i18n, &self.preferences)
                        .map(Message::Settings),
                    Screen::Exchange(screen) => screen.view(&self.i18n).map(Message::Exchange),
                    Screen::Statistics(screen) => screen.view(&self.i18n).map(Message::Statistics),
                };
                column![self.header(session), body].into()
            }
        }
    }

    fn header<'a>(&'a self, session: &'a Session) -> Element<'a, Message> {
        let info = &session.info;
        let nav = |key: &str, message: Message| {
            button(text(self.i18n.t(key)).size(theme::TEXT_M))
                .style(button::text)
                .on_press(message)
        };
        let bar = row![
            text("Casebook").size(theme::TEXT_L).font(theme::BOLD),
            text(format!("{} · {}", info.mission_code, info.officer)).size(theme::TEXT_M),
            iced::widget::space::horizontal(),
            nav("nav-cases", Message::ShowCases),
            nav(
                match info.role {
                    vault::Role::Mission => "nav-export",
                    vault::Role::Commission => "nav-import",
                },
                Message::ShowExchange
            ),
            nav("nav-statistics", Message::ShowStatistics),
            nav("nav-settings", Message::ShowSettings),
            button(text(self.i18n.t("nav-lock")).size(theme::TEXT_M))
                .style(button::secondary)
                .on_press(Message::Lock),
        ]
        .spacing(theme::SPACE_L)
        .align_y(Alignment::Center);
        container(bar)
            .padding([10, 24])
            .width(Length::Fill)
            .style(theme::header)
            .into()
    }
}

/// File dialogs; a cancelled dialog (or none available) is "nothing happened".
#[derive(Debug, Clone)]
pub enum Dialog {
    OpenKey,
    SaveBackup,
    /// Mission: where to write an export, with a suggested name.
    SaveExport(String),
    /// Mission: the commission's key file, to store it later than at creation.
    OpenCommissionKey,
    /// Commission: the export files to import.
    OpenExports,
    /// Commission: where to write its public key.
    SaveCommissionKey,
    /// Commission: where to write the passphrase-protected copy of its secret key.
    SaveIdentityBackup,
    /// Where to write a table of statistics, with a suggested name.
    SaveCsv(String),
    /// A backup to restore a damaged vault from.
    OpenBackup,
    /// A backup to replace the open vault by, from the settings.
    OpenBackupToReplace,
    /// The folder for automatic backups.
    AutoBackupFolder,
}

/// Awaits a native dialog with the process made reachable by the desktop
/// portal meanwhile (see `hardening`), and gives the chosen path.
async fn chosen(dialog: impl Future<Output = Option<rfd::FileHandle>>) -> Option<PathBuf> {
    let _open = crate::hardening::DialogOpen::new();
    dialog.await.map(|f| f.path().to_path_buf())
}

impl Dialog {
    pub fn into_task(self) -> Task<Message> {
        match self {
            Dialog::OpenKey => {
                Task::perform(chosen(rfd::AsyncFileDialog::new().pick_file()), |path| {
                    Message::FirstRun(first_run::Message::KeyFileChosen(path))
                })
            }
            Dialog::SaveBackup => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name("casebook-backup.cbk")
                        .save_file(),
                ),
                |path| Message::Settings(settings::Message::BackupFileChosen(path)),
            ),
            Dialog::SaveExport(name) => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name(name)
                        .add_filter("Casebook export", &["age"])
                        .save_file(),
                ),
                |path| Message::Exchange(exchange::Message::ExportFileChosen(path)),
            ),
            Dialog::OpenCommissionKey => {
                Task::perform(chosen(rfd::AsyncFileDialog::new().pick_file()), |path| {
                    Message::Exchange(exchange::Message::KeyFileChosen(path))
                })
            }
            Dialog::OpenExports => Task::perform(
                async {
                    let _open = crate::hardening::DialogOpen::new();
                    rfd::AsyncFileDialog::new()
                        .add_filter("Casebook export", &["age"])
                        .pick_files()
                        .await
                        .map(|files| files.iter().map(|f| f.path().to_path_buf()).collect())
                        .unwrap_or_default()
                },
                |files| Message::Exchange(exchange::Message::ImportFilesChosen(files)),
            ),
            Dialog::SaveCommissionKey => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name("commission-key.txt")
                        .save_file(),
                ),
                |path| Message::Exchange(exchange::Message::CommissionKeyFileChosen(path)),
            ),
            Dialog::OpenBackup => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .add_filter("Casebook backup", &["cbk"])
                        .pick_file(),
                ),
                |path| Message::Unlock(unlock::Message::BackupChosen(path)),
            ),
            Dialog::AutoBackupFolder => {
                Task::perform(chosen(rfd::AsyncFileDialog::new().pick_folder()), |path| {
                    Message::Settings(settings::Message::AutoFolderChosen(path))
                })
            }
            Dialog::OpenBackupToReplace => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .add_filter("Casebook backup", &["cbk"])
                        .pick_file(),
                ),
                |path| Message::Settings(settings::Message::RestoreFileChosen(path)),
            ),
            Dialog::SaveCsv(name) => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name(name)
                        .add_filter("CSV", &["csv"])
                        .save_file(),
                ),
                |path| Message::Statistics(statistics::Message::CsvFileChosen(path)),
            ),
            Dialog::SaveIdentityBackup => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name("commission-identity-backup.age")
                        .save_file(),
                ),
                |path| Message::Exchange(exchange::Message::IdentityBackupFileChosen(path)),
            ),
        }
    }
}

fn on_event(event: Event, status: iced::event::Status, window: window::Id) -> Option<Message> {
    let captured = status == iced::event::Status::Captured;
    match event {
        Event::Window(window::Event::CloseRequested) => Some(Message::CloseRequested(window)),
        Event::Keyboard(keyboard::Event::KeyPressed {
            key,
            physical_key,
            modifiers,
            ..
        }) => Some(Message::Key(key, physical_key, modifiers, captured)),
        Event::Mouse(
            iced::mouse::Event::ButtonPressed(_) | iced::mouse::Event::WheelScrolled { .. },
        ) => Some(Message::Activity),
        _ => None,
    }
}

fn with_vault<T>(
    store: &Store,
    work: impl FnOnce(&mut Vault) -> vault::Result<T>,
) -> vault::Result<T> {
    // A worker that panicked while holding the vault leaves it usable: the
    // database itself is transactional.
    let mut vault = store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    work(&mut vault)
}

fn with_exchange<T>(
    store: &Store,
    work: impl FnOnce(&mut Vault) -> Result<T, crate::exchange::Error>,
) -> Result<T, crate::exchange::Error> {
    let mut vault = store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    work(&mut vault)
}

/// How many matches of a search the list shows; past that, the officer is
/// asked to type more.
const SEARCH_SHOWN: u64 = 200;

fn load_cases(store: &Store, request: cases::Request) -> vault::Result<Page> {
    with_vault(store, |v| {
        if let Some(search) = &request.search {
            // One more than is shown, to know whether there are more.
            let mut rows = v.search_cases(search, SEARCH_SHOWN + 1)?;
            let more = rows.len() as u64 > SEARCH_SHOWN;
            rows.truncate(SEARCH_SHOWN as usize);
            Ok(Page {
                synthetic: v.synthetic_cases()?,
                total: rows.len() as u64,
                exact: !more,
                rows,
            })
        } else if request.due {
            let rows = v.due_cases(Utc::now().date_naive())?;
            Ok(Page {
                synthetic: v.synthetic_cases()?,
                total: rows.len() as u64,
                exact: true,
                rows,
            })
        } else {
            v.list_cases(&request.query)
        }
    })
}

fn read_preferences(vault: &Vault, fallback_language: Language) -> Preferences {
    let get = |key: &str| vault.preference(key).ok().flatten();
    let defaults = Preferences {
        language: fallback_language,
        ..Preferences::default()
    };
    Preferences {
        auto_lock_minutes: get("auto_lock_minutes")
            .and_then(|m| m.parse().ok())
            .unwrap_or(defaults.auto_lock_minutes)
            .clamp(1, 60),
        language: get("language")
            .and_then(|l| Language::from_code(&l))
            .unwrap_or(defaults.language),
        discreet: get("discreet")
            .map(|d| d == "true")
            .unwrap_or(defaults.discreet),
        dark: get("dark").map(|d| d == "true").unwrap_or(defaults.dark),
    }
}

fn save_preferences(vault: &mut Vault, preferences: &Preferences) -> vault::Result<()> {
    vault.set_preference(
        "auto_lock_minutes",
        &preferences.auto_lock_minutes.to_string(),
    )?;
    vault.set_preference("language", preferences.language.code())?;
    vault.set_preference("discreet", &preferences.discreet.to_string())?;
    vault.set_preference("dark", &preferences.dark.to_string())
}

fn open_vault(
    dir: &std::path::Path,
    passphrase: &SecretString,
    failed_attempts: u32,
) -> Result<Opened, vault::Error> {
    let vault = Vault::open_after_failures(dir, passphrase, failed_attempts)?;
    let preferences = read_preferences(&vault, Language::from_system());
    let info = vault.info().clone();
    Ok(Opened {
        store: Arc::new(Mutex::new(vault)),
        info,
        preferences,
    })
}

fn create_vault(
    dir: &std::path::Path,
    new: &vault::NewVault,
    passphrase: &SecretString,
    commission_key: Option<String>,
    language: Language,
) -> Result<Opened, vault::Error> {
    // Read a key given as a file path before anything is created.
    let commission_key = match commission_key {
        Some(key) if !key.starts_with("age1") => {
            Some(vault::read_commission_key(std::path::Path::new(&key))?)
        }
        other => other,
    };
    let kdf = KdfParams::calibrate()?;
    let mut vault = Vault::create(dir, new, passphrase, kdf)?;
    if let Some(key) = commission_key {
        vault.set_commission_key(&key, false)?;
    }
    let preferences = Preferences {
        language,
        ..Preferences::default()
    };
    save_preferences(&mut vault, &preferences)?;
    let info = vault.info().clone();
    Ok(Opened {
        store: Arc::new(Mutex::new(vault)),
        info,
        preferences,
    })
}
