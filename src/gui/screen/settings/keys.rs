//! Settings → "Keys": the planned rotation of this vault's exchange keys,
//! which the command line does with `rotate-key --backup-out` (a mission's
//! signing key) and `rotate-commission-key --backup-out
//! --backup-passphrase-file` (the commission's key pair).
//!
//! The section says what a rotation does; its button (or K, outside a
//! field: iced's buttons are not Tab stops) first reads the key in use, so
//! that the confirmation shows its fingerprint. The confirmation asks where
//! the rotation's backup goes (a vault backup at a mission, the identity
//! backup and its passphrase, typed twice, at the commission: the library
//! writes it in the same step), and for something typed on purpose in a
//! focused field: the mission's code, or at the commission the first four
//! characters of the key's fingerprint. Only Enter in that field or the
//! button rotates, once it matches; no letter typed outside a field does.
//! The rotation runs as a store job, and the screen then shows the old and
//! the new fingerprints and the file written.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use iced::keyboard::Key;
use iced::keyboard::key::Physical;
use iced::widget::{button, column, row, text, text_input};
use iced::{Alignment, Element};
use secrecy::SecretString;
use zeroize::Zeroize;

use crate::exchange::{self, RotationSummary};
use crate::gui::theme;
use crate::gui::widget::{Said, card, exchange_error_text};
use crate::i18n::I18n;
use crate::vault::{self, Role};

/// The field in which the confirmation is typed.
pub const CONFIRM_ID: &str = "rotate-key-confirm-input";
/// The identity backup's passphrase (commission), focused first there.
pub const PASSPHRASE_ID: &str = "rotate-key-backup-passphrase";

/// How many characters of the fingerprint the commission types.
const FINGERPRINT_TYPED: usize = 4;

#[derive(Debug, Clone)]
pub enum Message {
    /// "Rotate…" or K: read the key in use, then ask.
    Start,
    /// The key in use, answering the read with this tag.
    Checked(u64, Result<Current, exchange::Error>),
    /// "Choose the backup file…".
    ChooseBackup,
    BackupChosen(Option<PathBuf>),
    Passphrase(String),
    Repeat(String),
    /// The confirmation typed.
    Typed(String),
    /// Enter in the confirmation field, or the button.
    Confirm,
    /// Cancel or Esc.
    Cancel,
    Rotated(Result<Rotated, exchange::Error>),
}

/// The key in use, for the confirmation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Current {
    pub fingerprint: String,
    /// Mission: the last export signed by it (0: none yet).
    pub last_export: u64,
}

/// What a rotation did, and where its backup was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotated {
    Mission(RotationSummary, PathBuf),
    Commission {
        old: String,
        new: String,
        backup: PathBuf,
    },
}

/// A rotation to run: whose, and the backup it writes in the same step.
#[derive(Debug)]
pub struct Rotation {
    pub role: Role,
    pub backup: PathBuf,
    /// The commission's identity backup passphrase.
    pub passphrase: Option<SecretString>,
}

#[derive(Debug)]
pub enum Action {
    None,
    /// Read the key in use; the answer carries the tag.
    Check(Role, u64),
    /// The save dialog for the rotation's backup.
    ChooseBackup(Role),
    Focus(&'static str),
    /// Rotate it.
    Rotate(Rotation),
}

/// Tags for the reads of the key in use: unique in the process, so that a
/// reply meant for a screen since left is not taken by a later one.
static NEXT_TAG: AtomicU64 = AtomicU64::new(1);

/// The confirmation open, with what was typed and chosen in it.
#[derive(Default)]
struct Confirming {
    current: Current,
    backup: Option<PathBuf>,
    passphrase: String,
    repeat: String,
    typed: String,
    problem: Option<Said>,
}

impl Drop for Confirming {
    fn drop(&mut self) {
        self.passphrase.zeroize();
        self.repeat.zeroize();
    }
}

#[derive(Default)]
pub struct Keys {
    /// Whose keys: unknown until the session says (nothing is shown then).
    role: Option<Role>,
    /// The mission's code, typed to confirm at a mission.
    code: String,
    /// The read of the key in use awaited, by its tag.
    checking: Option<u64>,
    /// The key in use, read: the confirmation is open.
    confirming: Option<Confirming>,
    rotating: bool,
    outcome: Option<Result<Rotated, exchange::Error>>,
}

/// Written by hand: the passphrases typed never reach a log.
impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("role", &self.role)
            .field("checking", &self.checking)
            .field("confirming", &self.confirming.is_some())
            .field("rotating", &self.rotating)
            .field("outcome", &self.outcome)
            .finish()
    }
}

impl Keys {
    pub fn new(role: Role, code: &str) -> Keys {
        Keys {
            role: Some(role),
            code: code.to_owned(),
            ..Keys::default()
        }
    }

    /// The key is being read or rotated: the settings stay until it ends,
    /// and no backup, restore or passphrase change starts meanwhile.
    pub fn running(&self) -> bool {
        self.rotating || self.checking.is_some()
    }

    /// A rotation runs.
    pub fn rotating(&self) -> bool {
        self.rotating
    }

    /// Esc: closes the confirmation, if it is open.
    pub fn close(&mut self) -> bool {
        if self.rotating {
            return false;
        }
        self.confirming.take().is_some()
    }

    /// A key pressed outside any field: K asks (it only opens the
    /// confirmation; nothing typed outside a field rotates).
    pub fn key(&self, key: &Key, physical: Physical) -> Option<Message> {
        self.role?;
        if self.running() || self.confirming.is_some() {
            return None;
        }
        let letter = key.to_latin(physical).map(|c| c.to_ascii_lowercase());
        (letter == Some('k')).then_some(Message::Start)
    }

    /// What is to be typed to confirm.
    fn expected(&self, current: &Current) -> String {
        match self.role {
            Some(Role::Commission) => current
                .fingerprint
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(FINGERPRINT_TYPED)
                .collect(),
            _ => self.code.clone(),
        }
    }

    /// Whether what was typed matches (case aside at the commission: the
    /// fingerprint's letters are hexadecimal digits).
    fn matches(&self, confirming: &Confirming) -> bool {
        let expected = self.expected(&confirming.current);
        let typed = confirming.typed.trim();
        !expected.is_empty()
            && match self.role {
                Some(Role::Commission) => typed.eq_ignore_ascii_case(&expected),
                _ => typed == expected,
            }
    }

    pub fn update(&mut self, message: Message) -> Action {
        let Some(role) = self.role else {
            return Action::None;
        };
        match message {
            Message::Start => {
                if self.running() || self.confirming.is_some() {
                    return Action::None;
                }
                let tag = NEXT_TAG.fetch_add(1, Ordering::Relaxed);
                self.checking = Some(tag);
                self.outcome = None;
                Action::Check(role, tag)
            }
            Message::Checked(tag, result) => {
                // A reply this screen did not ask for (or no longer waits
                // for) is dropped.
                if self.checking != Some(tag) {
                    return Action::None;
                }
                self.checking = None;
                match result {
                    Ok(current) => {
                        let mut confirming = Confirming::default();
                        confirming.current = current;
                        self.confirming = Some(confirming);
                        Action::Focus(match role {
                            Role::Mission => CONFIRM_ID,
                            Role::Commission => PASSPHRASE_ID,
                        })
                    }
                    Err(error) => {
                        self.outcome = Some(Err(error));
                        Action::None
                    }
                }
            }
            Message::ChooseBackup => {
                if self.confirming.is_none() || self.rotating {
                    return Action::None;
                }
                Action::ChooseBackup(role)
            }
            Message::BackupChosen(path) => {
                if let (Some(confirming), Some(path)) = (&mut self.confirming, path) {
                    confirming.backup = Some(path);
                    confirming.problem = None;
                    return Action::Focus(CONFIRM_ID);
                }
                Action::None
            }
            Message::Passphrase(value) => {
                if let Some(confirming) = &mut self.confirming {
                    confirming.passphrase.zeroize();
                    confirming.passphrase = value;
                }
                Action::None
            }
            Message::Repeat(value) => {
                if let Some(confirming) = &mut self.confirming {
                    confirming.repeat.zeroize();
                    confirming.repeat = value;
                }
                Action::None
            }
            Message::Typed(value) => {
                if let Some(confirming) = &mut self.confirming {
                    confirming.typed = value;
                }
                Action::None
            }
            Message::Confirm => self.confirm(role),
            Message::Cancel => {
                self.close();
                Action::None
            }
            Message::Rotated(result) => {
                if !self.rotating {
                    return Action::None;
                }
                self.rotating = false;
                self.confirming = None;
                self.outcome = Some(result);
                Action::None
            }
        }
    }

    /// Enter in the confirmation field or the button: rotates only once
    /// the typed word matches, the backup file is chosen and (commission)
    /// its passphrase is typed twice alike and strong enough.
    fn confirm(&mut self, role: Role) -> Action {
        if self.rotating {
            return Action::None;
        }
        let matches = match &self.confirming {
            Some(confirming) => self.matches(confirming),
            None => return Action::None,
        };
        let Some(confirming) = &mut self.confirming else {
            return Action::None;
        };
        if !matches {
            return Action::None;
        }
        let Some(backup) = confirming.backup.clone() else {
            confirming.problem = Some(Said::key("settings-keys-backup-missing"));
            return Action::None;
        };
        let passphrase = match role {
            Role::Mission => None,
            Role::Commission => {
                if confirming.passphrase != confirming.repeat {
                    confirming.problem = Some(Said::key("first-run-mismatch"));
                    return Action::Focus(PASSPHRASE_ID);
                }
                if let Some(weakness) = vault::passphrase::weakness(&confirming.passphrase, &[]) {
                    confirming.problem = Some(Said::Weak(weakness));
                    return Action::Focus(PASSPHRASE_ID);
                }
                confirming.repeat.zeroize();
                Some(SecretString::from(std::mem::take(
                    &mut confirming.passphrase,
                )))
            }
        };
        confirming.problem = None;
        self.rotating = true;
        self.outcome = None;
        Action::Rotate(Rotation {
            role,
            backup,
            passphrase,
        })
    }

    /// `blocked`: another job of the settings runs (a backup, a restore, a
    /// passphrase change), so nothing starts.
    pub fn view<'a>(&'a self, i18n: &I18n, blocked: bool) -> Element<'a, Message> {
        let Some(role) = self.role else {
            return column![].into();
        };
        let (title, hint_key, start) = match role {
            Role::Mission => (
                "settings-keys-mission",
                "settings-keys-mission-hint",
                "settings-keys-mission-start",
            ),
            Role::Commission => (
                "settings-keys-commission",
                "settings-keys-commission-hint",
                "settings-keys-commission-start",
            ),
        };
        let mut section = column![
            text(i18n.t("settings-keys"))
                .size(theme::TEXT_L)
                .font(theme::BOLD),
            text(i18n.t(title)).size(theme::TEXT_M).font(theme::BOLD),
            text(i18n.t(hint_key)).size(theme::TEXT_S),
        ]
        .spacing(theme::SPACE_S);
        match &self.confirming {
            None => {
                section = section.push(
                    button(text(i18n.t(start)))
                        .style(button::secondary)
                        .on_press_maybe((!self.running() && !blocked).then_some(Message::Start)),
                );
            }
            Some(confirming) => {
                section = section.push(card(self.confirmation(role, confirming, i18n, blocked)));
            }
        }
        if self.checking.is_some() {
            section = section.push(text(i18n.t("settings-keys-reading")));
        }
        if self.rotating {
            section = section.push(text(i18n.t("settings-keys-rotating")).font(theme::BOLD));
        }
        match &self.outcome {
            Some(Ok(rotated)) => section = section.push(done(rotated, i18n)),
            Some(Err(error)) => {
                section =
                    section.push(
                        text(exchange_error_text(i18n, error)).style(|t| text::Style {
                            color: Some(theme::danger(t)),
                        }),
                    );
            }
            None => {}
        }
        section.into()
    }

    fn confirmation<'a>(
        &self,
        role: Role,
        confirming: &'a Confirming,
        i18n: &I18n,
        blocked: bool,
    ) -> Element<'a, Message> {
        let current = &confirming.current;
        let (now, what, choose) = match role {
            Role::Mission => (
                i18n.t_with(
                    "settings-keys-mission-current",
                    &[
                        ("fingerprint", current.fingerprint.clone().into()),
                        ("number", current.last_export.into()),
                    ],
                ),
                i18n.t("settings-keys-mission-what"),
                i18n.t("settings-keys-mission-choose-backup"),
            ),
            Role::Commission => (
                i18n.t_with(
                    "settings-keys-commission-current",
                    &[("fingerprint", current.fingerprint.clone().into())],
                ),
                i18n.t("settings-keys-commission-what"),
                i18n.t("settings-keys-commission-choose-backup"),
            ),
        };
        let idle = !self.rotating;
        let mut panel = column![text(now), text(what)].spacing(theme::SPACE_S);
        if role == Role::Commission {
            let secret =
                |id: &'static str, key: &str, value: &'a str, on: fn(String) -> Message| {
                    text_input(&i18n.t(key), value)
                        .id(id)
                        .secure(true)
                        .on_input(on)
                        .padding(8)
                };
            panel = panel
                .push(text(i18n.t("settings-keys-commission-passphrase")).size(theme::TEXT_S))
                .push(
                    row![
                        secret(
                            PASSPHRASE_ID,
                            "exchange-identity-passphrase",
                            &confirming.passphrase,
                            Message::Passphrase,
                        ),
                        secret(
                            "rotate-key-backup-repeat",
                            "first-run-repeat",
                            &confirming.repeat,
                            Message::Repeat,
                        ),
                    ]
                    .spacing(theme::SPACE_S),
                );
        }
        let file = match &confirming.backup {
            Some(path) => i18n.t_with(
                "settings-keys-backup-file",
                &[("path", path.display().to_string().into())],
            ),
            None => i18n.t("settings-keys-backup-none"),
        };
        panel = panel.push(
            row![
                button(text(choose))
                    .style(button::secondary)
                    .on_press_maybe(idle.then_some(Message::ChooseBackup)),
                text(file).size(theme::TEXT_S),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
        );
        let expected = self.expected(current);
        let ask = match role {
            Role::Mission => i18n.t_with("settings-keys-type-code", &[("code", expected.into())]),
            Role::Commission => i18n.t_with(
                "settings-keys-type-fingerprint",
                &[("start", expected.into())],
            ),
        };
        panel = panel.push(text(ask)).push(
            text_input("", &confirming.typed)
                .id(CONFIRM_ID)
                .on_input(Message::Typed)
                .on_submit(Message::Confirm)
                .padding(8)
                .width(200),
        );
        if let Some(problem) = &confirming.problem {
            panel = panel.push(text(problem.show(i18n)).style(|t| text::Style {
                color: Some(theme::danger(t)),
            }));
        }
        let ready = idle && !blocked && self.matches(confirming) && confirming.backup.is_some();
        panel
            .push(
                row![
                    button(text(i18n.t("settings-keys-confirm")))
                        .style(button::danger)
                        .on_press_maybe(ready.then_some(Message::Confirm)),
                    button(text(i18n.t("settings-keys-cancel")))
                        .style(button::secondary)
                        .on_press_maybe(idle.then_some(Message::Cancel)),
                ]
                .spacing(theme::SPACE_M)
                .align_y(Alignment::Center),
            )
            .into()
    }
}

/// The rotation done: both fingerprints, each on its line as the command
/// line prints them, what follows, and the backup written.
fn done<'a>(rotated: &Rotated, i18n: &I18n) -> Element<'a, Message> {
    let success = |t: &iced::Theme| text::Style {
        color: Some(theme::success(t)),
    };
    let (said, old, new, next, backup) = match rotated {
        Rotated::Mission(summary, path) => (
            i18n.t("settings-keys-mission-done"),
            summary.old_fingerprint.clone(),
            summary.new_fingerprint.clone(),
            i18n.t_with(
                "settings-keys-mission-next",
                &[("number", summary.after_sequence.into())],
            ),
            i18n.t_with(
                "settings-keys-mission-backup",
                &[("path", path.display().to_string().into())],
            ),
        ),
        Rotated::Commission { old, new, backup } => (
            i18n.t("settings-keys-commission-done"),
            old.clone(),
            new.clone(),
            i18n.t("settings-keys-commission-next"),
            i18n.t_with(
                "settings-keys-commission-backup",
                &[("path", backup.display().to_string().into())],
            ),
        ),
    };
    column![
        text(said).style(success),
        text(i18n.t_with("settings-keys-old", &[("fingerprint", old.into())])),
        text(i18n.t_with("settings-keys-new", &[("fingerprint", new.into())])).font(theme::BOLD),
        text(next),
        text(backup).font(theme::BOLD),
    ]
    .spacing(theme::SPACE_S)
    .into()
}

/// The name the save dialog suggests for the rotation's backup.
pub fn suggested_name(role: Role, today: chrono::NaiveDate) -> String {
    match role {
        Role::Mission => format!("casebook-backup-{}.cbk", today.format("%Y-%m-%d")),
        Role::Commission => format!(
            "commission-identity-backup-{}.age",
            today.format("%Y-%m-%d")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    fn physical() -> Physical {
        Physical::Unidentified(iced::keyboard::key::NativeCode::Unidentified)
    }

    fn checked(keys: &mut Keys, fingerprint: &str, last_export: u64) -> Action {
        let Action::Check(_, tag) = keys.update(Message::Start) else {
            panic!("no read of the key");
        };
        keys.update(Message::Checked(
            tag,
            Ok(Current {
                fingerprint: fingerprint.into(),
                last_export,
            }),
        ))
    }

    #[test]
    fn k_asks_no_letter_confirms_and_only_the_typed_code_with_a_backup_rotates() {
        let mut keys = Keys::new(Role::Mission, "LT-LON");
        let k = Key::Character("k".into());
        assert!(matches!(keys.key(&k, physical()), Some(Message::Start)));
        assert!(matches!(
            checked(&mut keys, "AAAA BBBB", 2),
            Action::Focus(CONFIRM_ID)
        ));
        // Open: no letter outside a field does anything more.
        for letter in ["r", "k", "R"] {
            assert!(
                keys.key(&Key::Character(letter.into()), physical())
                    .is_none()
            );
        }
        assert!(matches!(keys.update(Message::Confirm), Action::None));
        keys.update(Message::Typed("LT-LO".into()));
        assert!(matches!(keys.update(Message::Confirm), Action::None));
        keys.update(Message::Typed("LT-LON".into()));
        // The code alone is not enough: the backup's file first.
        assert!(matches!(keys.update(Message::Confirm), Action::None));
        assert!(!keys.rotating());
        keys.update(Message::BackupChosen(Some("/tmp/b.cbk".into())));
        let Action::Rotate(rotation) = keys.update(Message::Confirm) else {
            panic!("no rotation");
        };
        assert_eq!(rotation.role, Role::Mission);
        assert_eq!(rotation.backup, PathBuf::from("/tmp/b.cbk"));
        assert!(rotation.passphrase.is_none());
        assert!(matches!(keys.update(Message::Confirm), Action::None));
        assert!(keys.running());
        assert!(!keys.close(), "Esc does not close a running rotation");
    }

    #[test]
    fn the_commission_types_the_fingerprint_start_and_a_strong_passphrase_twice() {
        let i18n = I18n::new(Language::English);
        let mut keys = Keys::new(Role::Commission, "HQ");
        assert!(matches!(
            checked(&mut keys, "9F3A 11B2", 0),
            Action::Focus(PASSPHRASE_ID)
        ));
        keys.update(Message::BackupChosen(Some("/tmp/id.age".into())));
        keys.update(Message::Typed("HQ".into()));
        assert!(matches!(keys.update(Message::Confirm), Action::None));
        keys.update(Message::Typed("9f3a".into()));
        keys.update(Message::Passphrase("short".into()));
        keys.update(Message::Repeat("short".into()));
        assert!(matches!(
            keys.update(Message::Confirm),
            Action::Focus(PASSPHRASE_ID)
        ));
        let weak = i18n.t_with("passphrase-too-short", &[("min", 12.into())]);
        assert!(crate::gui::shows(keys.view(&i18n, false), &weak));
        keys.update(Message::Passphrase("velvet lantern quarry moss".into()));
        keys.update(Message::Repeat("velvet lantern quarry mass".into()));
        assert!(matches!(
            keys.update(Message::Confirm),
            Action::Focus(PASSPHRASE_ID)
        ));
        keys.update(Message::Repeat("velvet lantern quarry moss".into()));
        let Action::Rotate(rotation) = keys.update(Message::Confirm) else {
            panic!("no rotation");
        };
        assert!(rotation.passphrase.is_some());
        assert_eq!(rotation.backup, PathBuf::from("/tmp/id.age"));
    }

    #[test]
    fn a_key_read_this_screen_did_not_ask_for_opens_nothing() {
        let i18n = I18n::new(Language::English);
        let mut keys = Keys::new(Role::Mission, "LT-LON");
        let current = Current {
            fingerprint: "AAAA".into(),
            last_export: 2,
        };
        assert!(matches!(
            keys.update(Message::Checked(1, Ok(current.clone()))),
            Action::None
        ));
        // An earlier screen's read, arriving while this one reads.
        let Action::Check(_, tag) = keys.update(Message::Start) else {
            panic!("no read");
        };
        keys.update(Message::Checked(tag.wrapping_sub(1), Ok(current.clone())));
        let asking = i18n.t_with(
            "settings-keys-mission-current",
            &[("fingerprint", "AAAA".into()), ("number", 2.into())],
        );
        assert!(!crate::gui::shows(keys.view(&i18n, false), &asking));
        keys.update(Message::Checked(tag, Ok(current)));
        assert!(crate::gui::shows(keys.view(&i18n, false), &asking));
    }

    #[test]
    fn a_key_that_signed_nothing_yet_is_not_said_to_have_signed_up_to_number_0() {
        for language in [Language::English, Language::Lithuanian] {
            let i18n = I18n::new(language);
            let said = i18n.t_with("settings-keys-mission-next", &[("number", 0.into())]);
            assert!(!said.contains(" 0"), "{language:?}: {said}");
            let said = i18n.t_with("settings-keys-mission-next", &[("number", 3.into())]);
            assert!(said.contains('3'), "{language:?}: {said}");
        }
    }

    #[test]
    fn a_vault_without_a_role_shows_and_does_nothing() {
        let mut keys = Keys::default();
        assert!(matches!(keys.update(Message::Start), Action::None));
        let i18n = I18n::new(Language::English);
        assert!(!crate::gui::shows(
            keys.view(&i18n, false),
            &i18n.t("settings-keys")
        ));
    }
}
