//! Locking and quitting: the idle lock by the clocks that count sleep,
//! the automatic backup written off the window's thread, and a lock or quit
//! asked for while a long job holds the vault, which waits for the job and
//! says so instead of freezing the window.

use std::time::Instant;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pending {
    Lock,
    Quit,
}

/// A job that holds the vault: locking waits for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hold {
    Passphrase,
    /// The vault is being destroyed.
    Destroy,
    Export,
    Import,
    /// Any other job (a backup, a CSV file, a page of the list).
    Work,
}

impl Session {
    /// The job that holds the vault now, if one does. Every job holds a
    /// handle on the store while it runs and drops it when it ends, even
    /// by a panic; so the count of handles, not the screens' flags, says
    /// whether one runs, and a lost result can never keep the window
    /// from locking. The screen only names the job.
    pub(super) fn hold(&self) -> Option<Hold> {
        if std::sync::Arc::strong_count(&self.store) == 1 {
            return None;
        }
        Some(match &self.screen {
            Screen::Settings(settings) if settings.changing_passphrase() => Hold::Passphrase,
            Screen::Settings(settings) if settings.destroying() => Hold::Destroy,
            Screen::Exchange(exchange) if exchange.is_running() => match self.info.role {
                vault::Role::Mission => Hold::Export,
                vault::Role::Commission => Hold::Import,
            },
            _ => Hold::Work,
        })
    }
}

/// What the window says while a lock or quit waits for a job.
pub(super) fn waiting_key(pending: Pending, hold: Hold) -> &'static str {
    match (pending, hold) {
        (Pending::Lock, Hold::Passphrase) => "settings-lock-waits-for-passphrase",
        (Pending::Lock, Hold::Export) => "lock-waits-export",
        (Pending::Lock, Hold::Import) => "lock-waits-import",
        (Pending::Quit, Hold::Passphrase) => "quit-waits-passphrase",
        (Pending::Quit, Hold::Export) => "quit-waits-export",
        (Pending::Quit, Hold::Import) => "quit-waits-import",
        (Pending::Lock, Hold::Destroy) => "lock-waits-destroy",
        (Pending::Quit, Hold::Destroy) => "quit-waits-destroy",
        (Pending::Lock, Hold::Work) => "lock-waits-work",
        (Pending::Quit, Hold::Work) => "quit-waits-work",
    }
}

/// The unlock form for the vault in `dir`: its officers as its header
/// names them, `signed_in` picked (after a lock), or a typed name asked
/// for when the vault hides them.
pub(super) fn unlock_form(
    dir: &std::path::Path,
    owner: Option<vault::Owner>,
    signed_in: Option<&str>,
) -> (unlock::Unlock, unlock::Action) {
    let (form, _) = unlock::Unlock::new(owner);
    let officers = vault::officers(dir).unwrap_or_default();
    let hidden = vault::officer_list_hidden(dir).unwrap_or(false);
    form.with_officers(officers, signed_in).hiding(hidden)
}

impl App {
    /// Locks when the officer has been idle for the auto-lock delay, time
    /// asleep included (`clock`): at the first tick after waking from a
    /// longer sleep. `now` comes from the tick, so tests can move the clocks.
    pub fn tick(&mut self, now: Moment) -> Effect {
        self.now = now;
        let clock = self.clock();
        if let State::Locked(form) = &mut self.state {
            let _ = form.update(unlock::Message::Tick(clock));
        }
        self.lock_if_idle(now).unwrap_or(Effect::None)
    }

    /// The monotonic clock as the screens count waits by.
    pub(super) fn clock(&self) -> Instant {
        self.now.instant().max(Instant::now())
    }

    /// A key or a click at `now`: locks if it comes after the idle delay
    /// (the first input after waking must not reset an idle time the next
    /// tick would have locked on), else counts as activity.
    pub(super) fn input(&mut self, now: Moment) -> Option<Effect> {
        let now = now.latest(self.now);
        if let Some(locked) = self.lock_if_idle(now) {
            return Some(locked);
        }
        if let State::Unlocked(session) = &mut self.state {
            session.idle.touch(now);
        }
        None
    }

    /// Locks if the officer has been away for the auto-lock delay by `now`;
    /// while a job holds the vault the lock waits for it.
    pub(super) fn lock_if_idle(&mut self, now: Moment) -> Option<Effect> {
        let State::Unlocked(session) = &mut self.state else {
            return None;
        };
        if !session
            .idle
            .is_over(now, self.preferences.auto_lock_minutes)
        {
            return None;
        }
        if session.hold().is_some() {
            session.waiting.get_or_insert(Pending::Lock);
            return None;
        }
        // An unsaved draft is kept inside the vault (`lock_with`), never
        // written anywhere in clear.
        Some(self.lock())
    }

    /// Pretends the last activity was at `at` (tests of the auto-lock).
    pub fn set_last_activity(&mut self, at: Moment) {
        if let State::Unlocked(session) = &mut self.state {
            session.idle = Idle::since(at);
        }
    }

    /// The lock or quit that waited, once no job holds the vault.
    pub(super) fn after_hold(&mut self) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        if session.hold().is_some() {
            return Effect::None;
        }
        match session.waiting.take() {
            None => Effect::None,
            Some(Pending::Lock) => self.lock(),
            Some(Pending::Quit) => self.quit(),
        }
    }

    pub(super) fn lock(&mut self) -> Effect {
        self.lock_with(true)
    }

    /// Locks: the session, and with it the unlocked vault, is dropped from
    /// the state. The automatic backup (if on and `backup` asks for it)
    /// runs on a worker holding the store, the unlock form waiting for it;
    /// before a restore it is not needed (the replaced vault is kept
    /// aside). A failure is told on the unlock screen and never keeps the
    /// vault open.
    pub(super) fn lock_with(&mut self, backup: bool) -> Effect {
        let State::Unlocked(session) = &self.state else {
            return Effect::None;
        };
        // The session knows whose vault it is and whether backups are on.
        let owner = vault::Owner {
            officer: session.info.officer.clone(),
            mission_code: session.info.mission_code.clone(),
        };
        let backup = backup && session.auto_backup.is_some();
        let store = session.store.clone();
        // Unsaved changes go into the vault before it closes, to be offered
        // at the next unlock: locking never waits for a question.
        let draft = match &session.screen {
            Screen::Editor(editor) => editor.draft(),
            _ => None,
        };
        let (mut form, action) = unlock_form(&self.dir, Some(owner), Some(&session.info.officer));
        // The form waits for what is written after the lock: closing the
        // window before the draft is in the vault would lose it.
        if backup || draft.is_some() {
            form = if backup {
                form.backing_up()
            } else {
                form.keeping_draft()
            };
            if self.quitting {
                form.closing();
            }
        }
        // Replacing the state drops the session and its handle on the store.
        self.state = State::Locked(Box::new(form));
        let mut effect = self.unlock_action(action);
        if let Some(request) = self.copied.at_lock() {
            effect = effect.and(Effect::Clipboard(request));
        }
        // The draft is written first, then the backup by the same job, so
        // that the backup holds the draft.
        match (draft, backup) {
            (Some(draft), backup) => effect.and(store::keep_draft(store, draft, backup)),
            (None, true) => effect.and(store::automatic_backup(store)),
            (None, false) => effect,
        }
    }

    pub(super) fn request_lock(&mut self) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        if session.hold().is_some() {
            session.waiting.get_or_insert(Pending::Lock);
            return Effect::None;
        }
        // An editor with unsaved changes does not ask: its draft is kept
        // inside the vault (`lock_with`).
        self.lock()
    }

    pub(super) fn request_quit(&mut self) -> Effect {
        match &mut self.state {
            State::Unlocked(session) => {
                if let Screen::Editor(editor) = &mut session.screen
                    && let editor::Action::None = editor.request_leave(editor::Leaving::Quit)
                {
                    return Effect::None;
                }
                if session.hold().is_some() {
                    session.waiting = Some(Pending::Quit);
                    return Effect::None;
                }
                self.quit()
            }
            // The backup written at the last lock finishes first.
            State::Locked(form) if form.is_backing_up() => {
                self.quitting = true;
                form.closing();
                Effect::None
            }
            _ => Effect::Exit,
        }
    }

    /// Closes the store, after the automatic backup (shown on the unlock
    /// form), then the window.
    pub(super) fn quit(&mut self) -> Effect {
        self.quitting = true;
        let backup = matches!(&self.state, State::Unlocked(s) if s.auto_backup.is_some());
        let effect = self.lock();
        if backup {
            effect
        } else {
            effect.and(Effect::Exit)
        }
    }
}
