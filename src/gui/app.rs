//! The application: first run, locked or unlocked (states, not flags);
//! messages routed to the screen they are for, shortcuts, the idle lock,
//! and each screen's actions turned into store jobs (`store`), dialogs
//! (`dialog`) and focus. Nothing here reads or writes the vault.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::keyboard::{self, Key, key::Named, key::Physical};
use iced::{Task, window};

use super::clipboard::{self, Copied, Fingerprint};
use super::clock::{Calendar, Idle, Moment};
pub use super::dialog::Dialog;
use super::job::Effect;
use super::screen::{cases, editor, exchange, first_run, missions, settings, statistics, unlock};
use super::store::{self, Opened, Store, with_vault};
use super::{theme, widget};
use crate::domain::CaseRecord;
use crate::i18n::{I18n, Language};
use crate::vault::{self, Preferences, Vault, VaultInfo};

mod actions;
mod destroyed;
mod frame;
mod lock;
mod missions_screen;
mod screen_keys;

use lock::Pending;

/// How long the search waits for the next keystroke before it asks.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(250);

#[derive(Debug, Clone)]
pub enum Message {
    FirstRun(first_run::Message),
    Unlock(unlock::Message),
    Cases(cases::Message),
    Editor(editor::Message),
    Settings(settings::Message),
    Exchange(exchange::Message),
    Statistics(statistics::Message),
    Missions(missions::Message),
    Opened(Result<Opened, vault::Error>),
    CaseOpened(Result<Box<CaseRecord>, vault::Error>),
    ShowCases,
    ShowSettings,
    ShowExchange,
    ShowStatistics,
    ShowMissions,
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
    Locked(Box<unlock::Unlock>),
    Unlocked(Box<Session>),
}

struct Session {
    store: Store,
    info: VaultInfo,
    /// The automatic backups as stored: locking and the settings go by
    /// this, never by a read of the vault (a job may hold it for minutes).
    auto_backup: Option<vault::AutoBackup>,
    /// Who can unlock the vault (kept up to date by the settings).
    roster: settings::officers::Roster,
    /// The stubs' setting as read at unlock (`None`: the commission).
    stubs: Option<settings::stubs::Loaded>,
    cases: cases::Cases,
    screen: Screen,
    idle: Idle,
    /// A lock or quit asked for while a job holds the vault; it happens
    /// when the job ends, and the window says so meanwhile.
    waiting: Option<Pending>,
}

enum Screen {
    List,
    Editor(Box<editor::Editor>),
    Settings(Box<settings::Settings>),
    Exchange(Box<exchange::Exchange>),
    Statistics(Box<statistics::Statistics>),
    Missions(Box<missions::Missions>),
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
            Screen::Settings(settings) => settings.may_leave(),
            Screen::Missions(missions) => missions.may_switch(),
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
    /// Today, for what is due and overdue (tests fix it).
    calendar: Calendar,
    /// What a field last copied to the clipboard, to empty it at lock.
    copied: Copied,
    /// The window closes once the automatic backup at locking is written.
    quitting: bool,
}

impl App {
    /// The first state for the vault in `dir`: the unlock form if a vault is
    /// there, the first-run form otherwise.
    pub fn new(dir: PathBuf, language: Language) -> (App, Effect) {
        let mut app = App {
            i18n: I18n::new(language),
            preferences: Preferences::in_language(language),
            state: State::FirstRun(first_run::FirstRun::default()),
            now: Moment::now(),
            calendar: Calendar::system(),
            copied: Copied::default(),
            quitting: false,
            dir,
        };
        let effect = if vault::exists(&app.dir) {
            let owner = vault::owner(&app.dir).ok().flatten();
            let (form, action) = lock::unlock_form(&app.dir, owner, None);
            app.state = State::Locked(Box::new(form));
            app.unlock_action(action)
        } else {
            let (form, action) = first_run::FirstRun::new();
            app.state = State::FirstRun(form);
            app.first_run_action(action)
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

    /// Dates what is due and overdue by `calendar` from now on (tests).
    pub fn set_calendar(&mut self, calendar: Calendar) {
        self.calendar = calendar;
    }

    /// What the case list's filters show, in their order.
    pub fn list_filters(&self) -> Vec<String> {
        match &self.state {
            State::Unlocked(session) => session.cases.filter_labels(&self.i18n).to_vec(),
            _ => Vec::new(),
        }
    }

    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    pub fn update(&mut self, message: Message) -> Effect {
        self.update_at(message, Moment::now())
    }

    /// `update` with the clocks read at `now` (tests move them, as they do
    /// for `tick`).
    pub fn update_at(&mut self, message: Message, now: Moment) -> Effect {
        let effect = self.route(message, now);
        // A lock or quit that waited for a job goes ahead once it ended.
        effect.and(self.after_hold())
    }

    fn route(&mut self, message: Message, now: Moment) -> Effect {
        match message {
            Message::FirstRun(message) => self.first_run(message),
            Message::Unlock(message) => self.unlock(message),
            Message::Opened(result) => self.opened(result),
            Message::Cases(message) => self.cases(message),
            Message::Editor(message) => self.editor(message),
            Message::Settings(message) => self.settings(message),
            Message::Exchange(message) => self.exchange(message),
            Message::Statistics(message) => self.statistics(message),
            Message::Missions(message) => self.missions(message),
            Message::CaseOpened(result) => self.case_opened(result),
            Message::ShowCases => self.show_list(),
            Message::ShowSettings => self.show_settings(),
            Message::ShowExchange => self.show_exchange(),
            Message::ShowStatistics => self.show_statistics(),
            Message::ShowMissions => self.show_missions(),
            Message::Lock => self.request_lock(),
            // The tick's `Instant` stands still in suspend; the clock module reads clocks that do not.
            Message::Tick(_) => self.tick(Moment::now()),
            Message::Activity => {
                // The first click after waking finds the vault locked.
                self.input(now).unwrap_or(Effect::None)
            }
            Message::Key(key, physical, modifiers, captured) => {
                // The first key after waking locks and is not acted on (its
                // field has it already, but that field goes with the session).
                if let Some(locked) = self.input(now) {
                    return locked;
                }
                let latin = key.to_latin(physical).map(|c| c.to_ascii_lowercase());
                // The field has written the clipboard by now: note what.
                let copied = if self.is_unlocked() && Copied::is_copy(latin, modifiers.command()) {
                    Effect::Clipboard(clipboard::Request::Read(clipboard::Reading::Copied))
                } else {
                    Effect::None
                };
                copied.and(self.shortcut(key, (latin, physical), modifiers, captured))
            }
            Message::ClipboardRead(reading, fingerprint) => {
                match self.copied.read(reading, fingerprint) {
                    Some(request) => Effect::Clipboard(request),
                    None => Effect::None,
                }
            }
            Message::CloseRequested(_) => self.request_quit(),
            Message::Ignored => Effect::None,
        }
    }

    /// `latin` is the key's Latin letter (`Key::to_latin`), so Ctrl+L locks
    /// in a Cyrillic or Greek layout too.
    fn shortcut(
        &mut self,
        key: Key,
        (latin, physical): (Option<char>, Physical),
        modifiers: keyboard::Modifiers,
        captured: bool,
    ) -> Effect {
        // A lock or quit waiting for a job takes no more commands.
        if matches!(&self.state, State::Unlocked(s) if s.waiting.is_some()) {
            return Effect::None;
        }
        // The case list's own keys (its rows, the handover dialog) first.
        if let State::Unlocked(session) = &mut self.state
            && matches!(session.screen, Screen::List)
            && let Some(action) = session.cases.key(&key, latin, modifiers, captured)
        {
            return self.cases_action(action);
        }
        let command = modifiers.command();
        match (&key, latin, command) {
            (_, Some('l'), true) => self.request_lock(),
            (_, Some('h'), true) => self.unlock(unlock::Message::TogglePassphrase),
            (_, Some('n'), true) => self.cases(cases::Message::New),
            (_, Some('m' | 'M'), true) if modifiers.shift() => self.show_missions(),
            (_, Some('m'), true) => self.cases(cases::Message::MineToggled),
            (_, Some('s'), true) => self.editor(editor::Message::Save),
            (_, Some('p'), true) => self.editor(editor::Message::Documents),
            (_, Some('e'), true) => self.show_exchange(),
            (_, Some('f'), true) => match &self.state {
                State::Unlocked(session) if matches!(session.screen, Screen::List) => {
                    Effect::Focus(cases::SEARCH_ID)
                }
                _ => Effect::None,
            },
            // Esc closes only the innermost thing open: a field or a
            // searched list takes it itself (`captured`), an open pick list
            // is closed by its screen, and only then the screen.
            (Key::Named(Named::Escape), _, _) if !captured => {
                let State::Unlocked(session) = &mut self.state else {
                    return Effect::None;
                };
                let closed_menu = match &mut session.screen {
                    Screen::Editor(editor) => editor.close_menu(),
                    Screen::Settings(settings) => settings.close_menu(),
                    Screen::Statistics(statistics) => statistics.close_menu(),
                    Screen::Missions(missions) => missions.close_menu(),
                    Screen::Exchange(exchange) => exchange.close_menu(),
                    Screen::List => session.cases.close_menu(),
                };
                if closed_menu {
                    return Effect::None;
                }
                match session.screen {
                    Screen::Editor(_) => self.editor(editor::Message::Close),
                    Screen::Settings(_)
                    | Screen::Exchange(_)
                    | Screen::Statistics(_)
                    | Screen::Missions(_) => self.show_list(),
                    Screen::List => Effect::None,
                }
            }
            (Key::Named(Named::Tab), _, _) if !captured => {
                // The editor keeps its own order (its pick lists and
                // switches are stops too); the field left shows its
                // problems now. Elsewhere, iced's order of text inputs.
                if let State::Unlocked(session) = &mut self.state
                    && let Screen::Editor(editor) = &mut session.screen
                {
                    let action = editor.tab(modifiers.shift(), &self.i18n);
                    return self.editor_action(action);
                }
                if modifiers.shift() {
                    Effect::FocusPrevious
                } else {
                    Effect::FocusNext
                }
            }
            // A screen's own letters and Enter (`screen_keys`).
            (_, _, false) if !captured => self.screen_key(key, physical),
            _ => Effect::None,
        }
    }

    fn first_run(&mut self, message: first_run::Message) -> Effect {
        let State::FirstRun(form) = &mut self.state else {
            return Effect::None;
        };
        let action = form.update(message);
        self.first_run_action(action)
    }

    fn unlock(&mut self, message: unlock::Message) -> Effect {
        let clock = self.clock();
        let State::Locked(form) = &mut self.state else {
            return Effect::None;
        };
        let (backup_done, failed) = match &message {
            unlock::Message::AutoBackupDone(result) => (true, result.is_err()),
            unlock::Message::DraftKept(done) => (
                true,
                done.kept.is_err() || matches!(done.backup, Some(Err(_))),
            ),
            _ => (false, false),
        };
        let _ = form.update(unlock::Message::Tick(clock));
        let action = form.update(message);
        if backup_done && self.quitting {
            if !failed {
                return Effect::Exit;
            }
            // The officer must see that the backup was not written: the
            // window stays, saying so; closing it again quits.
            self.quitting = false;
        }
        self.unlock_action(action)
    }

    fn opened(&mut self, result: Result<Opened, vault::Error>) -> Effect {
        match result {
            Ok(opened) => {
                if opened.preferences.language != self.i18n.language() {
                    self.i18n = I18n::new(opened.preferences.language);
                }
                self.preferences = opened.preferences;
                let (cases, action) =
                    cases::Cases::new(self.preferences.discreet, &opened.info.officer);
                let cases = cases.reduced_at_unlock(opened.reduced_at_unlock);
                self.state = State::Unlocked(Box::new(Session {
                    store: opened.store,
                    info: opened.info,
                    auto_backup: opened.auto_backup,
                    roster: opened.roster,
                    stubs: opened.stubs,
                    cases,
                    screen: Screen::List,
                    // By the same clocks as the ticks (tests move them ahead).
                    idle: Idle::since(Moment::now().latest(self.now)),
                    waiting: None,
                }));
                let effect = self.cases_action(action);
                // The changes left unsaved at the last lock come back as
                // they were, still unsaved: the editor says so.
                match opened.draft {
                    Some(draft) => effect.and(self.restore_draft(draft)),
                    None => effect,
                }
            }
            Err(error) => {
                let now = Instant::now();
                match &mut self.state {
                    State::Locked(form) => form.failed(error, now),
                    State::FirstRun(form) => form.failed(widget::error_text(&self.i18n, &error)),
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
        if !matches!(session.screen, Screen::List)
            && matches!(message, cases::Message::New | cases::Message::MineToggled)
        {
            return Effect::None;
        }
        let action = session.cases.update(message);
        self.cases_action(action)
    }

    fn case_opened(&mut self, result: Result<Box<CaseRecord>, vault::Error>) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let action = match result {
            // A case read while the officer moved on (to an export, a
            // passphrase change) does not take the screen from under it.
            Ok(_) if !matches!(session.screen, Screen::List) => return Effect::None,
            Ok(record) => {
                let (editor, action) = editor::Editor::open(
                    *record,
                    self.calendar.today(),
                    &session.info.officer,
                    &session.info.mission_code,
                    &self.i18n,
                );
                session.screen = Screen::Editor(Box::new(editor));
                action
            }
            // The list says why (the case may have been erased meanwhile).
            Err(error) => {
                let action = session.cases.update(cases::Message::OpenFailed(error));
                return self.cases_action(action);
            }
        };
        self.editor_action(action)
    }

    fn restore_draft(&mut self, draft: Box<editor::Restored>) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let (editor, action) = editor::Editor::restore(
            *draft,
            self.calendar.today(),
            &session.info.officer,
            &self.i18n,
        );
        session.screen = Screen::Editor(Box::new(editor));
        self.editor_action(action)
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
        let discarded = matches!(message, editor::Message::DiscardAndLeave);
        let action = editor.update(message);
        // Changes discarded are discarded from the vault's draft too.
        let forget = if discarded {
            store::discard_draft(&session.store)
        } else {
            Effect::None
        };
        forget.and(self.editor_action(action))
    }

    fn show_settings(&mut self) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        if !session.screen.may_switch() {
            return Effect::None;
        }
        // What the session knows: opening the screen reads nothing.
        let (screen, action) = settings::Settings::new(
            self.preferences.clone(),
            session.auto_backup.clone(),
            session.roster.clone(),
            session.stubs,
        );
        let screen = screen.with_keys(session.info.role, &session.info.mission_code);
        session.screen = Screen::Settings(Box::new(screen));
        self.settings_action(action)
    }

    fn settings(&mut self, message: settings::Message) -> Effect {
        // The new passphrase is in force but the vault lost its database on
        // the way: locking is the way back (the next unlock finishes the
        // change), and the unlock screen says so.
        if let settings::Message::PassphraseChanged(Err(
            error @ vault::Error::ReopenAfterPassphraseChange,
        )) = message
        {
            let effect = self.lock_with(false);
            if let State::Locked(locked) = &mut self.state {
                locked.failed(error, Instant::now());
            }
            return effect;
        }
        if let settings::Message::Danger(settings::danger::Message::Destroyed(Ok(done))) = message {
            return self.vault_destroyed(&done);
        }
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        if let settings::Message::AutoSaved(Ok(auto)) = &message {
            session.auto_backup = auto.clone();
        }
        if let settings::Message::Stubs(settings::stubs::Message::Saved(Ok((loaded, _)))) = &message
        {
            session.stubs = Some(*loaded);
        }
        if let settings::Message::Officers(done) = &message
            && let Some(roster) = done.roster()
        {
            session.roster = roster.clone();
        }
        let Screen::Settings(screen) = &mut session.screen else {
            return Effect::None;
        };
        let action = match message {
            settings::Message::Danger(message) => screen.update_danger(message, &self.i18n),
            message => screen.update(message),
        };
        self.settings_action(action)
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
        let (screen, action) = statistics::Statistics::new(self.calendar.today());
        session.screen = Screen::Statistics(Box::new(screen));
        self.statistics_action(action)
    }

    fn statistics(&mut self, message: statistics::Message) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let Screen::Statistics(screen) = &mut session.screen else {
            return Effect::None;
        };
        let action = screen.update(message);
        self.statistics_action(action)
    }

    fn exchange(&mut self, message: exchange::Message) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let Screen::Exchange(screen) = &mut session.screen else {
            return Effect::None;
        };
        let action = screen.update(message);
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
            exchange::Action::StoreKey { path, replace } => Effect::job(move || {
                let mut vault = store
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                let replacement = if replace {
                    crate::exchange::KeyReplacement::Upgrade
                } else {
                    crate::exchange::KeyReplacement::No
                };
                done(exchange::Message::KeyStored(
                    crate::exchange::store_commission_key_file(&mut vault, &path, &replacement),
                ))
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
            exchange::Action::Reply(action) => exchange::reply::effect(store, action),
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
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        session.cases.set_discreet(preferences.discreet);
        store::save_preferences(&session.store, preferences)
    }
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
