//! Settings → "Keys": the planned rotation of this vault's exchange keys,
//! which the command line does with `rotate-key` (a mission's signing key)
//! and `rotate-commission-key` (the commission's key pair).
//!
//! The section says what a rotation does; its button (or K, outside a
//! field: iced's buttons are not Tab stops) first reads the key in use, so
//! that the confirmation shows its fingerprint; R or the button rotates,
//! Esc or Cancel closes. Not Enter: a field of the settings that has no
//! action of its own for Enter lets it through, and Enter typed after a
//! passphrase must not rotate a key; a letter typed in a field stays there. The rotation runs as a store job, and
//! the screen then shows the old and the new fingerprints and, as the
//! command line does, that the backups made before still hold the old key.

use iced::keyboard::Key;
use iced::keyboard::key::Physical;
use iced::widget::{button, column, row, text};
use iced::{Alignment, Element};

use crate::exchange::{self, RotationSummary};
use crate::gui::app::Message as AppMessage;
use crate::gui::job::Effect;
use crate::gui::screen::exchange::error_text;
use crate::gui::store::Store;
use crate::gui::theme;
use crate::gui::widget::card;
use crate::i18n::I18n;
use crate::vault::{Role, Vault};

#[derive(Debug, Clone)]
pub enum Message {
    /// "Rotate…" or K: read the key in use, then ask.
    Start,
    Checked(Result<Current, exchange::Error>),
    /// The button or R in the confirmation.
    Confirm,
    /// Cancel or Esc.
    Cancel,
    Rotated(Result<Rotated, exchange::Error>),
}

/// The key in use, for the confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Current {
    pub fingerprint: String,
    /// Mission: the last export signed by it (0: none yet).
    pub last_export: u64,
}

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotated {
    Mission(RotationSummary),
    Commission { old: String, new: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    /// Read the key in use.
    Check(Role),
    /// Rotate it.
    Rotate(Role),
}

#[derive(Debug, Default)]
pub struct Keys {
    /// Whose keys: unknown until the session says (nothing is shown then).
    role: Option<Role>,
    /// The key in use, read: the confirmation is open.
    confirming: Option<Current>,
    checking: bool,
    rotating: bool,
    outcome: Option<Result<Rotated, exchange::Error>>,
}

impl Keys {
    pub fn new(role: Role) -> Keys {
        Keys {
            role: Some(role),
            ..Keys::default()
        }
    }

    /// A rotation runs: the settings stay until it ends.
    pub fn running(&self) -> bool {
        self.rotating
    }

    /// Esc: closes the confirmation, if it is open.
    pub fn close(&mut self) -> bool {
        if self.rotating {
            return false;
        }
        self.confirming.take().is_some()
    }

    /// A key pressed outside any field: K asks, R confirms.
    pub fn key(&self, key: &Key, physical: Physical) -> Option<Message> {
        self.role?;
        if self.rotating || self.checking {
            return None;
        }
        let letter = key.to_latin(physical).map(|c| c.to_ascii_lowercase());
        if self.confirming.is_some() {
            return (letter == Some('r')).then_some(Message::Confirm);
        }
        (letter == Some('k')).then_some(Message::Start)
    }

    pub fn update(&mut self, message: Message) -> Action {
        let Some(role) = self.role else {
            return Action::None;
        };
        match message {
            Message::Start => {
                if self.checking || self.rotating {
                    return Action::None;
                }
                self.checking = true;
                self.outcome = None;
                Action::Check(role)
            }
            Message::Checked(result) => {
                self.checking = false;
                match result {
                    Ok(current) => self.confirming = Some(current),
                    Err(error) => self.outcome = Some(Err(error)),
                }
                Action::None
            }
            Message::Confirm => {
                if self.confirming.is_none() || self.rotating {
                    return Action::None;
                }
                self.rotating = true;
                Action::Rotate(role)
            }
            Message::Cancel => {
                self.close();
                Action::None
            }
            Message::Rotated(result) => {
                self.rotating = false;
                self.confirming = None;
                self.outcome = Some(result);
                Action::None
            }
        }
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
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
                        .on_press_maybe((!self.checking).then_some(Message::Start)),
                );
            }
            Some(current) => section = section.push(card(self.confirmation(role, current, i18n))),
        }
        if self.rotating {
            section = section.push(text(i18n.t("settings-keys-rotating")).font(theme::BOLD));
        }
        match &self.outcome {
            Some(Ok(rotated)) => section = section.push(done(rotated, i18n)),
            Some(Err(error)) => {
                section = section.push(text(error_text(i18n, error)).style(|t| text::Style {
                    color: Some(theme::danger(t)),
                }));
            }
            None => {}
        }
        section.into()
    }

    fn confirmation<'a>(&self, role: Role, current: &Current, i18n: &I18n) -> Element<'a, Message> {
        let (now, what) = match role {
            Role::Mission => (
                i18n.t_with(
                    "settings-keys-mission-current",
                    &[
                        ("fingerprint", current.fingerprint.clone().into()),
                        ("number", current.last_export.into()),
                    ],
                ),
                i18n.t("settings-keys-mission-what"),
            ),
            Role::Commission => (
                i18n.t_with(
                    "settings-keys-commission-current",
                    &[("fingerprint", current.fingerprint.clone().into())],
                ),
                i18n.t("settings-keys-commission-what"),
            ),
        };
        column![
            text(now),
            text(what),
            row![
                button(text(i18n.t("settings-keys-confirm")))
                    .style(button::danger)
                    .on_press_maybe((!self.rotating).then_some(Message::Confirm)),
                button(text(i18n.t("settings-keys-cancel")))
                    .style(button::secondary)
                    .on_press_maybe((!self.rotating).then_some(Message::Cancel)),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
        ]
        .spacing(theme::SPACE_S)
        .into()
    }
}

/// The rotation done: both fingerprints, each on its line as the command
/// line prints them, what follows, and the backups.
fn done<'a>(rotated: &Rotated, i18n: &I18n) -> Element<'a, Message> {
    let success = |t: &iced::Theme| text::Style {
        color: Some(theme::success(t)),
    };
    let (said, old, new, next, backup) = match rotated {
        Rotated::Mission(summary) => (
            i18n.t("settings-keys-mission-done"),
            summary.old_fingerprint.clone(),
            summary.new_fingerprint.clone(),
            i18n.t_with(
                "settings-keys-mission-next",
                &[("number", summary.after_sequence.into())],
            ),
            i18n.t("settings-keys-mission-backup"),
        ),
        Rotated::Commission { old, new } => (
            i18n.t("settings-keys-commission-done"),
            old.clone(),
            new.clone(),
            i18n.t("settings-keys-commission-next"),
            i18n.t("settings-keys-commission-backup"),
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

/// The key in use, as the confirmation shows it.
fn current(vault: &Vault, role: Role) -> Result<Current, exchange::Error> {
    Ok(match role {
        Role::Mission => Current {
            fingerprint: exchange::key_fingerprint(&exchange::mission_public_key(vault)?),
            last_export: vault.last_export_sequence()?,
        },
        Role::Commission => Current {
            fingerprint: exchange::commission_fingerprint(vault)?,
            last_export: 0,
        },
    })
}

/// The rotation itself: the library's, as the command line calls it.
fn rotate(vault: &mut Vault, role: Role) -> Result<Rotated, exchange::Error> {
    match role {
        Role::Mission => exchange::rotate_signing_key(vault).map(Rotated::Mission),
        Role::Commission => exchange::rotate_commission_key(vault)
            .map(|(old, new)| Rotated::Commission { old, new }),
    }
}

/// What an action becomes: a job on the vault, off the window's thread.
pub fn effect(store: Store, action: Action) -> Effect {
    let done = |message: Message| AppMessage::Settings(super::Message::Keys(message));
    match action {
        Action::None => Effect::None,
        Action::Check(role) => Effect::job(move || {
            let vault = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            done(Message::Checked(current(&vault, role)))
        }),
        Action::Rotate(role) => Effect::job(move || {
            let mut vault = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            done(Message::Rotated(rotate(&mut vault, role)))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn k_asks_r_confirms_enter_does_not_and_nothing_starts_twice() {
        use iced::keyboard::key::Named;
        let physical = Physical::Unidentified(iced::keyboard::key::NativeCode::Unidentified);
        let mut keys = Keys::new(Role::Mission);
        let k = Key::Character("k".into());
        let enter = Key::Named(Named::Enter);
        assert!(keys.key(&enter, physical).is_none());
        assert!(matches!(keys.key(&k, physical), Some(Message::Start)));
        assert_eq!(keys.update(Message::Start), Action::Check(Role::Mission));
        // While the key is read, K does nothing more.
        assert!(keys.key(&k, physical).is_none());
        assert_eq!(keys.update(Message::Start), Action::None);
        keys.update(Message::Checked(Ok(Current {
            fingerprint: "AAAA".into(),
            last_export: 2,
        })));
        assert!(keys.key(&enter, physical).is_none());
        let r = Key::Character("r".into());
        assert!(matches!(keys.key(&r, physical), Some(Message::Confirm)));
        assert_eq!(keys.update(Message::Confirm), Action::Rotate(Role::Mission));
        assert_eq!(keys.update(Message::Confirm), Action::None);
        assert!(keys.running());
        assert!(!keys.close(), "Esc does not close a running rotation");
    }

    #[test]
    fn a_vault_without_a_role_shows_and_does_nothing() {
        let mut keys = Keys::default();
        assert_eq!(keys.update(Message::Start), Action::None);
        let i18n = I18n::new(Language::English);
        assert!(!crate::gui::shows(
            keys.view(&i18n),
            &i18n.t("settings-keys")
        ));
    }
}
