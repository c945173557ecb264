//! The unlock form: one hidden passphrase field, Enter submits, a clear
//! error beside it, and a growing wait after repeated wrong passphrases.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use iced::widget::{button, column, container, pick_list, row, text, text_input};
use iced::{Alignment, Element, Length};
use secrecy::SecretString;
use zeroize::Zeroize;

use crate::gui::theme;
use crate::gui::widget::Said;
use crate::i18n::I18n;
use crate::vault::{self, Owner};

/// Where the exchange screen reaches it (the shared one is in `widget`).
pub use crate::gui::widget::error_text;

pub const PASSPHRASE_ID: &str = "passphrase-input";
/// The typed name, when the vault hides its list of officers.
pub const NAME_ID: &str = "officer-name-input";

/// Under what wrong passphrases for a typed name that is no officer's are
/// audited (never the text typed: it may be a passphrase typed in the
/// wrong field).
const UNKNOWN_NAME: &str = "a name that is not an officer's";

#[derive(Debug, Clone)]
pub enum Message {
    /// The clock moved (the waits after wrong passphrases count by it).
    Tick(Instant),
    PassphraseChanged(String),
    /// Show the passphrase typed, or hide it again (the button, Ctrl+H).
    TogglePassphrase,
    /// A vault of several officers: who signs in.
    OfficerPicked(String),
    /// A vault that hides its officers: the name typed.
    NameChanged(String),
    /// Enter in the name: on to the passphrase (or unlock, if typed).
    NameEntered,
    Submit,
    /// A damaged vault: choose a backup to restore from.
    ChooseBackup,
    BackupChosen(Option<PathBuf>),
    ConfirmRestore,
    CancelRestore,
    Restored(Result<Option<PathBuf>, vault::Error>),
    /// The automatic backup written at locking: the file, if one was due.
    AutoBackupDone(Result<Option<PathBuf>, vault::Error>),
    /// The editor's unsaved draft, kept inside the vault at locking, and
    /// the automatic backup written after it, if one was asked for.
    DraftKept(Box<DraftKept>),
}

/// The draft kept at locking, and the automatic backup written after it.
#[derive(Debug, Clone)]
pub struct DraftKept {
    pub kept: Result<(), vault::Error>,
    pub backup: Option<Result<Option<PathBuf>, vault::Error>>,
}

/// What the application must do for this screen.
pub enum Action {
    None,
    /// Put the cursor in this field.
    Focus(&'static str),
    Unlock {
        passphrase: SecretString,
        /// Wrong passphrases since the last unlock, for each officer tried
        /// (`None`: a vault of one officer), to be audited under that name.
        failed_attempts: Vec<(Option<String>, u32)>,
        /// The officer picked; `None` for a vault of one officer.
        officer: Option<String>,
    },
    ChooseBackup,
    /// Replace the vault by this backup (its files are kept aside).
    Restore(PathBuf),
}

pub struct Unlock {
    owner: Option<Owner>,
    /// The vault's officers, as its header names them: a pick list when
    /// there are several (`with_officers`).
    officers: Vec<String>,
    officer: Option<String>,
    /// The vault hides its officers: each types their name (`hiding`).
    hidden: bool,
    typed_name: String,
    passphrase: String,
    /// The passphrase is shown as typed (the officer asked, as KeePassXC
    /// allows); hidden again after a failed attempt, and a new form (at
    /// every lock) starts hidden.
    shown: bool,
    /// Wrong passphrases in all: the wait before the next try grows with
    /// them, whichever officer was picked.
    failed_attempts: u32,
    /// The same, for each officer tried, in the order first tried.
    failed_by_officer: Vec<(Option<String>, u32)>,
    /// The officer the running unlock is for.
    trying: Option<String>,
    retry_at: Option<Instant>,
    busy: bool,
    /// When the running unlock was asked for.
    unlocking_since: Option<Instant>,
    error: Option<vault::Error>,
    /// The backup chosen to replace a damaged vault, awaiting confirmation.
    restore_from: Option<PathBuf>,
    notice: Option<Said>,
    /// The automatic backup is being written; the vault cannot be opened
    /// until it is done.
    backing_up: bool,
    /// The window closes once the backup is written.
    closing: bool,
    /// The unsaved draft is being kept inside the vault (with no backup
    /// after it): the vault cannot be opened, nor the window closed, until
    /// it is done.
    keeping_draft: bool,
    /// The clocks at the last tick.
    now: Instant,
}

/// Written by hand: what the officer typed never reaches a log or a panic
/// message through `{:?}`.
impl std::fmt::Debug for Unlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unlock")
            .field("owner", &self.owner)
            .field("passphrase", &"[redacted]")
            .field("failed_attempts", &self.failed_attempts)
            .field("busy", &self.busy)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl Drop for Unlock {
    fn drop(&mut self) {
        self.passphrase.zeroize();
    }
}

/// How long an unlock runs before the screen says why it may take longer
/// (it takes about a second otherwise).
const LONG_UNLOCK: Duration = Duration::from_secs(5);

/// After three wrong passphrases each further try waits longer: 2, 4, 8 … 60 s.
pub fn delay_after(failed_attempts: u32) -> Duration {
    if failed_attempts < 3 {
        return Duration::ZERO;
    }
    Duration::from_secs((1u64 << (failed_attempts - 2).min(6)).min(60))
}

impl Unlock {
    /// Waiting for the automatic backup written at locking.
    pub fn backing_up(mut self) -> Unlock {
        self.busy = true;
        self.backing_up = true;
        self
    }

    /// Waiting for the unsaved draft to be kept inside the vault (no
    /// automatic backup follows it).
    pub fn keeping_draft(mut self) -> Unlock {
        self.busy = true;
        self.backing_up = true;
        self.keeping_draft = true;
        self
    }

    /// The window closes after the automatic backup: the form says so.
    pub fn closing(&mut self) {
        self.closing = true;
    }

    /// Whether the automatic backup written at locking is still running.
    pub fn is_backing_up(&self) -> bool {
        self.backing_up
    }

    /// The form for the vault of `owner`, the cursor in the passphrase.
    pub fn new(owner: Option<Owner>) -> (Unlock, Action) {
        (Unlock::empty(owner), Action::Focus(PASSPHRASE_ID))
    }

    /// The vault's officers, read from its header: with several, the form
    /// asks who signs in, `signed_in` picked (after a lock: the officer who
    /// was signed in). Names are in the header in clear (docs/threat-model.md).
    pub fn with_officers(mut self, officers: Vec<String>, signed_in: Option<&str>) -> Unlock {
        self.officer = signed_in
            .and_then(|name| officers.iter().find(|o| o.as_str() == name))
            .cloned();
        self.officers = officers;
        self
    }

    /// The vault hides its officers (a vault setting, in its header):
    /// the form asks for a typed name instead of listing them, picks no
    /// one after a lock, and says the same of a wrong name as of a wrong
    /// passphrase. The cursor starts in the name.
    pub fn hiding(mut self, hidden: bool) -> (Unlock, Action) {
        self.hidden = hidden;
        if hidden {
            self.officer = None;
            (self, Action::Focus(NAME_ID))
        } else {
            (self, Action::Focus(PASSPHRASE_ID))
        }
    }

    /// Several officers and none picked yet (or no name typed when the
    /// list is hidden): the form cannot be sent.
    fn officer_missing(&self) -> bool {
        if self.hidden {
            return self.typed_name.trim().is_empty();
        }
        self.officers.len() > 1 && self.officer.is_none()
    }

    /// The officer the form signs in as, and the name their wrong
    /// passphrases are counted under.
    fn signing_in(&self) -> (Option<String>, Option<String>) {
        if self.hidden {
            let typed = self.typed_name.trim().to_owned();
            let counted = self
                .officers
                .iter()
                .find(|o| vault::same_officer_name(o, &typed))
                .cloned()
                .unwrap_or_else(|| UNKNOWN_NAME.to_owned());
            return (Some(typed), Some(counted));
        }
        let officer = (self.officers.len() > 1)
            .then(|| self.officer.clone())
            .flatten();
        (officer.clone(), officer)
    }

    fn empty(owner: Option<Owner>) -> Unlock {
        Unlock {
            owner,
            officers: Vec::new(),
            officer: None,
            hidden: false,
            typed_name: String::new(),
            passphrase: String::new(),
            shown: false,
            failed_attempts: 0,
            failed_by_officer: Vec::new(),
            trying: None,
            retry_at: None,
            busy: false,
            unlocking_since: None,
            error: None,
            restore_from: None,
            notice: None,
            backing_up: false,
            closing: false,
            keeping_draft: false,
            now: Instant::now(),
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        let now = self.now;
        match message {
            Message::Tick(now) => {
                self.now = self.now.max(now);
                Action::None
            }
            Message::ChooseBackup => Action::ChooseBackup,
            Message::BackupChosen(path) => {
                self.restore_from = path;
                Action::None
            }
            Message::CancelRestore => {
                self.restore_from = None;
                Action::None
            }
            Message::ConfirmRestore => match self.restore_from.take() {
                Some(path) if !self.busy => {
                    self.busy = true;
                    Action::Restore(path)
                }
                _ => Action::None,
            },
            Message::Restored(result) => {
                self.busy = false;
                match result {
                    Ok(aside) => {
                        self.error = None;
                        let kept = aside.map(|p| p.display().to_string()).unwrap_or_default();
                        self.notice = Some(Said::with("unlock-restored", "folder", kept));
                    }
                    Err(error) => self.error = Some(error),
                }
                Action::None
            }
            Message::AutoBackupDone(result) => {
                self.busy = false;
                self.backing_up = false;
                self.notice = match result {
                    Ok(Some(path)) => Some(Said::with(
                        "unlock-auto-backup-done",
                        "path",
                        path.display().to_string(),
                    )),
                    Ok(None) => None,
                    Err(error) if self.closing => {
                        self.closing = false;
                        Some(Said::WithError("unlock-auto-backup-failed-closing", error))
                    }
                    Err(error) => Some(Said::WithError("unlock-auto-backup-failed", error)),
                };
                Action::None
            }
            Message::DraftKept(done) => {
                let DraftKept { kept, backup } = *done;
                if let Some(backup) = backup {
                    let _ = self.update(Message::AutoBackupDone(backup));
                }
                self.busy = false;
                self.backing_up = false;
                self.keeping_draft = false;
                // A draft that could not be kept is what matters most.
                match kept {
                    Err(error) => {
                        self.notice = Some(Said::WithError("unlock-draft-failed", error));
                    }
                    Ok(()) if self.notice.is_none() => {
                        self.notice = Some(Said::key("unlock-draft-kept"));
                    }
                    Ok(()) => {}
                }
                Action::None
            }
            Message::TogglePassphrase => {
                self.shown = !self.shown;
                // The cursor goes back to the field (a click on the button
                // took it), so that typing and Enter go on.
                Action::Focus(PASSPHRASE_ID)
            }
            Message::PassphraseChanged(value) => {
                self.passphrase.zeroize();
                self.passphrase = value;
                Action::None
            }
            Message::OfficerPicked(officer) => {
                self.officer = Some(officer);
                Action::Focus(PASSPHRASE_ID)
            }
            Message::NameChanged(name) => {
                self.typed_name = name;
                Action::None
            }
            Message::NameEntered if self.passphrase.is_empty() => Action::Focus(PASSPHRASE_ID),
            Message::NameEntered => self.update(Message::Submit),
            Message::Submit => {
                if self.busy
                    || self.passphrase.is_empty()
                    || self.waiting(now).is_some()
                    || self.officer_missing()
                {
                    return Action::None;
                }
                self.busy = true;
                self.unlocking_since = Some(now);
                self.error = None;
                let passphrase = SecretString::from(std::mem::take(&mut self.passphrase));
                let (officer, counted) = self.signing_in();
                self.trying = counted;
                Action::Unlock {
                    passphrase,
                    failed_attempts: self.failed_by_officer.clone(),
                    officer,
                }
            }
        }
    }

    /// The outcome of an unlock attempt that failed.
    pub fn failed(&mut self, error: vault::Error, now: Instant) {
        self.busy = false;
        self.unlocking_since = None;
        self.shown = false;
        if matches!(error, vault::Error::WrongPassphrase) {
            self.failed_attempts += 1;
            let tried = self.trying.take();
            match self.failed_by_officer.iter_mut().find(|(o, _)| *o == tried) {
                Some((_, count)) => *count += 1,
                None => self.failed_by_officer.push((tried, 1)),
            }
            let delay = delay_after(self.failed_attempts);
            self.retry_at = (!delay.is_zero()).then(|| now + delay);
        }
        self.error = Some(error);
    }

    /// An unlock is running and has taken long enough to say why: the first
    /// unlock after an update brings a vault's storage up to date, which
    /// takes minutes for a commission's million cases.
    fn unlocking_long(&self, now: Instant) -> bool {
        self.unlocking()
            && self
                .unlocking_since
                .is_some_and(|since| now.saturating_duration_since(since) >= LONG_UNLOCK)
    }

    /// An unlock is running (the screen ticks, to say so if it takes long).
    pub fn unlocking(&self) -> bool {
        self.busy && self.unlocking_since.is_some()
    }

    /// Seconds left before the next try is allowed.
    pub fn waiting(&self, now: Instant) -> Option<u64> {
        let retry_at = self.retry_at?;
        (retry_at > now).then(|| (retry_at - now).as_secs_f64().ceil() as u64)
    }

    /// Who signs in, for a vault of several officers (their name typed
    /// when the vault hides them); nothing otherwise.
    fn officer_pick<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        if self.hidden {
            return column![
                text(i18n.t("unlock-officer-name")).size(theme::TEXT_S),
                text_input("", &self.typed_name)
                    .id(NAME_ID)
                    .on_input(Message::NameChanged)
                    .on_submit(Message::NameEntered)
                    .padding(10)
                    .size(theme::TEXT_M),
            ]
            .spacing(theme::SPACE_S)
            .into();
        }
        if self.officers.len() < 2 {
            return column![].into();
        }
        column![
            text(i18n.t("unlock-officer")).size(theme::TEXT_S),
            pick_list(
                self.officers.as_slice(),
                self.officer.as_ref(),
                Message::OfficerPicked,
            )
            .placeholder(i18n.t("unlock-officer-choose"))
            .padding(10)
            .text_size(theme::TEXT_M)
            .width(Length::Fill),
        ]
        .spacing(theme::SPACE_S)
        .into()
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let now = self.now;
        let waiting = self.waiting(now);
        let can_submit = !self.busy
            && !self.passphrase.is_empty()
            && waiting.is_none()
            && !self.officer_missing();
        let owner = match &self.owner {
            // Several officers, or their names hidden: the vault is the
            // mission's, not one's.
            Some(owner) if self.officers.len() > 1 || self.hidden => i18n.t_with(
                "unlock-mission",
                &[("mission", owner.mission_code.clone().into())],
            ),
            Some(owner) => i18n.t_with(
                "unlock-owner",
                &[
                    ("officer", owner.officer.clone().into()),
                    ("mission", owner.mission_code.clone().into()),
                ],
            ),
            None => String::new(),
        };
        let field = text_input(&i18n.t("unlock-passphrase"), &self.passphrase)
            .id(PASSPHRASE_ID)
            .secure(!self.shown)
            .on_input(Message::PassphraseChanged)
            .on_submit_maybe(can_submit.then_some(Message::Submit))
            .padding(10)
            .size(theme::TEXT_M);
        // Shows or hides what was typed; Ctrl+H does the same from the
        // keyboard (the field keeps the cursor).
        let (label, shortcut) = if self.shown {
            ("unlock-hide-passphrase", "unlock-hide-passphrase-key")
        } else {
            ("unlock-show-passphrase", "unlock-show-passphrase-key")
        };
        let toggle = iced::widget::tooltip(
            button(text(i18n.t(label)).size(theme::TEXT_S))
                .style(theme::button_secondary)
                .padding([10, 12])
                .on_press(Message::TogglePassphrase),
            container(text(i18n.t(shortcut)).size(theme::TEXT_S))
                .padding(theme::SPACE_S)
                .style(theme::card),
            iced::widget::tooltip::Position::Bottom,
        );
        // Shown in clear, it may be read but not copied: nothing would
        // take it back from the clipboard before the vault is open.
        let field: Element<'a, Message> = if self.shown {
            crate::gui::widget::stop(field).without_copy().into()
        } else {
            field.into()
        };
        let field = row![field, toggle]
            .spacing(theme::SPACE_S)
            .align_y(Alignment::Center);
        let status: Element<'a, Message> = if self.busy {
            text(i18n.t(if self.keeping_draft && self.closing {
                "unlock-draft-keeping-closing"
            } else if self.keeping_draft {
                "unlock-draft-keeping"
            } else if self.backing_up && self.closing {
                "unlock-auto-backup-closing"
            } else if self.backing_up {
                "unlock-auto-backup-running"
            } else if self.unlocking_long(now) {
                "unlock-busy-long"
            } else {
                "unlock-busy"
            }))
            .size(theme::TEXT_S)
            .style(|t| text::Style {
                color: Some(theme::muted(t)),
            })
            .into()
        } else if let Some(seconds) = waiting {
            text(i18n.t_with("unlock-wait", &[("seconds", seconds.into())]))
                .size(theme::TEXT_S)
                .style(|t| text::Style {
                    color: Some(theme::danger(t)),
                })
                .into()
        } else if let Some(error) = &self.error {
            text(match error {
                vault::Error::WrongPassphrase if self.hidden => {
                    i18n.t("unlock-wrong-name-or-passphrase")
                }
                error => error_text(i18n, error),
            })
            .size(theme::TEXT_S)
            .style(|t| text::Style {
                color: Some(theme::danger(t)),
            })
            .into()
        } else {
            text(i18n.t("unlock-hint"))
                .size(theme::TEXT_S)
                .style(|t| text::Style {
                    color: Some(theme::muted(t)),
                })
                .into()
        };
        let mut form = column![
            text("Casebook").size(theme::TEXT_XL).font(theme::BOLD),
            text(i18n.t("unlock-title")).size(theme::TEXT_L),
            text(owner).size(theme::TEXT_M),
            self.officer_pick(i18n),
            field,
            status,
            button(text(i18n.t("unlock-button")).size(theme::TEXT_M))
                .padding([8, 20])
                .on_press_maybe(can_submit.then_some(Message::Submit)),
        ]
        .spacing(theme::SPACE_M)
        .align_x(Alignment::Start)
        .width(460);
        if let Some(notice) = &self.notice {
            form = form.push(
                text(notice.show(i18n))
                    .size(theme::TEXT_S)
                    .style(|t| text::Style {
                        color: Some(theme::success(t)),
                    }),
            );
        }
        // A damaged vault can be replaced by a backup; the damaged files stay.
        if let Some(path) = &self.restore_from {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            form = form.push(
                column![
                    text(i18n.t_with("unlock-restore-confirm", &[("file", name.into())]))
                        .size(theme::TEXT_S),
                    row![
                        button(text(i18n.t("unlock-restore-button")))
                            .style(button::danger)
                            .on_press_maybe((!self.busy).then_some(Message::ConfirmRestore)),
                        button(text(i18n.t("button-cancel")))
                            .style(button::secondary)
                            .on_press(Message::CancelRestore),
                    ]
                    .spacing(theme::SPACE_M),
                ]
                .spacing(theme::SPACE_S),
            );
        } else if matches!(self.error, Some(vault::Error::Damaged(_))) {
            form = form.push(
                button(text(i18n.t("unlock-restore")))
                    .style(button::secondary)
                    .on_press(Message::ChooseBackup),
            );
        }
        container(
            container(form)
                .padding(theme::SPACE_L * 1.5)
                .style(theme::card),
        )
        .center(Length::Fill)
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_failures_slow_down() {
        assert_eq!(delay_after(1), Duration::ZERO);
        assert_eq!(delay_after(2), Duration::ZERO);
        assert_eq!(delay_after(3), Duration::from_secs(2));
        assert_eq!(delay_after(4), Duration::from_secs(4));
        assert_eq!(delay_after(20), Duration::from_secs(60));
    }

    #[test]
    fn a_long_unlock_says_why_it_may_take_minutes() {
        let start = Instant::now();
        for language in [
            crate::i18n::Language::English,
            crate::i18n::Language::Lithuanian,
        ] {
            let i18n = I18n::new(language);
            let long = i18n.t("unlock-busy-long");
            let shows = |unlock: &mut Unlock, at: Instant, text: &str| {
                unlock.update(Message::Tick(at));
                crate::gui::shows(unlock.view(&i18n), text)
            };
            let (mut unlock, _) = Unlock::new(None);
            unlock.update(Message::Tick(start));
            unlock.update(Message::PassphraseChanged("amber".into()));
            assert!(!unlock.unlocking());
            unlock.update(Message::Submit);
            assert!(unlock.unlocking());
            let soon = start + Duration::from_secs(1);
            assert!(shows(&mut unlock, soon, &i18n.t("unlock-busy")));
            assert!(!shows(&mut unlock, soon, &long));
            let later = start + Duration::from_secs(6);
            assert!(shows(&mut unlock, later, &long));
            unlock.failed(vault::Error::WrongPassphrase, later);
            assert!(!unlock.unlocking());
            assert!(!shows(&mut unlock, later, &long));
        }
    }

    #[test]
    fn a_wrong_passphrase_blocks_submitting_until_the_wait_is_over() {
        let start = Instant::now();
        let (mut unlock, _) = Unlock::new(None);
        unlock.update(Message::Tick(start));
        for _ in 0..3 {
            unlock.update(Message::PassphraseChanged("nope".into()));
            assert!(matches!(
                unlock.update(Message::Submit),
                Action::Unlock { .. }
            ));
            unlock.failed(vault::Error::WrongPassphrase, start);
        }
        unlock.update(Message::PassphraseChanged("again".into()));
        assert_eq!(unlock.waiting(start), Some(2));
        assert!(matches!(unlock.update(Message::Submit), Action::None));
        let later = start + Duration::from_secs(3);
        unlock.update(Message::Tick(later));
        assert!(matches!(
            unlock.update(Message::Submit),
            Action::Unlock {
                failed_attempts,
                ..
            } if failed_attempts == [(None, 3)]
        ));
    }

    /// With several officers, wrong passphrases are counted for the officer
    /// picked, so that the audit names whose passphrase was tried rather
    /// than charge them to whoever then signs in; the wait grows with all
    /// of them.
    #[test]
    fn wrong_passphrases_are_counted_for_the_officer_tried() {
        let start = Instant::now();
        let (unlock, _) = Unlock::new(None);
        let mut unlock =
            unlock.with_officers(vec!["J. Jonaitis".into(), "A. Petraitė".into()], None);
        unlock.update(Message::Tick(start));
        let mut later = start;
        for officer in ["A. Petraitė", "A. Petraitė", "J. Jonaitis"] {
            unlock.update(Message::OfficerPicked(officer.into()));
            unlock.update(Message::PassphraseChanged("nope".into()));
            assert!(matches!(
                unlock.update(Message::Submit),
                Action::Unlock { .. }
            ));
            unlock.failed(vault::Error::WrongPassphrase, later);
            later += Duration::from_secs(120);
            unlock.update(Message::Tick(later));
        }
        assert_eq!(unlock.failed_attempts, 3);
        unlock.update(Message::PassphraseChanged("right".into()));
        let action = unlock.update(Message::Submit);
        assert!(
            matches!(
                &action,
                Action::Unlock { failed_attempts, officer: Some(o), .. }
                    if o == "J. Jonaitis"
                        && failed_attempts == &[
                            (Some("A. Petraitė".to_owned()), 2),
                            (Some("J. Jonaitis".to_owned()), 1),
                        ]
            ),
            "{:?}",
            match &action {
                Action::Unlock {
                    failed_attempts, ..
                } => Some(failed_attempts.clone()),
                _ => None,
            }
        );
    }
}
