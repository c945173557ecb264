//! Settings: auto-lock delay, language, discreet mode, theme, passphrase
//! change and backup. Preferences are stored (encrypted) in the vault.

use iced::widget::{
    button, column, container, pick_list, row, scrollable, slider, text, text_input, toggler,
};
use iced::{Alignment, Element, Length};
use secrecy::SecretString;
use zeroize::Zeroize;

use crate::gui::theme;
use crate::i18n::{I18n, Language};
use crate::vault;

#[derive(Debug, Clone, PartialEq)]
pub struct Preferences {
    pub auto_lock_minutes: u32,
    pub language: Language,
    pub discreet: bool,
    pub dark: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            auto_lock_minutes: 5,
            language: Language::from_system(),
            discreet: true,
            dark: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Current,
    New,
    Repeat,
    BackupPath,
}

#[derive(Debug, Clone)]
pub enum Message {
    AutoLock(u32),
    Language(Language),
    Discreet(bool),
    Dark(bool),
    FieldChanged(Field, String),
    ChangePassphrase,
    PassphraseChanged(Result<(), vault::Error>),
    ChooseBackupFile,
    BackupFileChosen(Option<std::path::PathBuf>),
    Backup,
    BackedUp(Result<std::path::PathBuf, vault::Error>),
    Back,
}

pub enum Action {
    None,
    Preferences(Preferences),
    ChangePassphrase {
        current: SecretString,
        new: SecretString,
    },
    ChooseBackupFile,
    Backup(std::path::PathBuf),
    Back,
}

#[derive(Debug, Default)]
pub struct Settings {
    current: String,
    new: String,
    repeat: String,
    backup_path: String,
    busy: bool,
    outcome: Option<Result<String, String>>,
}

impl Drop for Settings {
    fn drop(&mut self) {
        self.current.zeroize();
        self.new.zeroize();
        self.repeat.zeroize();
    }
}

impl Settings {
    pub fn update(&mut self, message: Message, preferences: &Preferences, i18n: &I18n) -> Action {
        let mut changed = preferences.clone();
        match message {
            Message::AutoLock(minutes) => changed.auto_lock_minutes = minutes.clamp(1, 60),
            Message::Language(language) => changed.language = language,
            Message::Discreet(on) => changed.discreet = on,
            Message::Dark(on) => changed.dark = on,
            Message::FieldChanged(field, value) => {
                let slot = match field {
                    Field::Current => &mut self.current,
                    Field::New => &mut self.new,
                    Field::Repeat => &mut self.repeat,
                    Field::BackupPath => &mut self.backup_path,
                };
                slot.zeroize();
                *slot = value;
                return Action::None;
            }
            Message::ChangePassphrase => {
                if self.busy || self.current.is_empty() {
                    return Action::None;
                }
                if self.new != self.repeat {
                    self.outcome = Some(Err(i18n.t("first-run-mismatch")));
                    return Action::None;
                }
                if let Some(weakness) = vault::passphrase_weakness(&self.new, &[]) {
                    self.outcome = Some(Err(weakness));
                    return Action::None;
                }
                self.busy = true;
                self.outcome = None;
                self.repeat.zeroize();
                return Action::ChangePassphrase {
                    current: SecretString::from(std::mem::take(&mut self.current)),
                    new: SecretString::from(std::mem::take(&mut self.new)),
                };
            }
            Message::PassphraseChanged(result) => {
                self.busy = false;
                self.outcome = Some(match result {
                    Ok(()) => Ok(i18n.t("settings-passphrase-changed")),
                    Err(error) => Err(super::unlock::error_text(i18n, &error)),
                });
                return Action::None;
            }
            Message::ChooseBackupFile => return Action::ChooseBackupFile,
            Message::BackupFileChosen(Some(path)) => {
                self.backup_path = path.display().to_string();
                return Action::None;
            }
            Message::BackupFileChosen(None) => return Action::None,
            Message::Backup => {
                let path = self.backup_path.trim();
                if self.busy || path.is_empty() {
                    return Action::None;
                }
                self.busy = true;
                self.outcome = None;
                return Action::Backup(path.into());
            }
            Message::BackedUp(result) => {
                self.busy = false;
                self.outcome = Some(match result {
                    Ok(path) => Ok(i18n.t_with(
                        "settings-backup-done",
                        &[("path", path.display().to_string().into())],
                    )),
                    Err(error) => Err(super::unlock::error_text(i18n, &error)),
                });
                return Action::None;
            }
            Message::Back => return Action::Back,
        }
        Action::Preferences(changed)
    }

    pub fn view<'a>(&'a self, i18n: &I18n, preferences: &Preferences) -> Element<'a, Message> {
        let heading = |key: &str| text(i18n.t(key)).size(theme::TEXT_L).font(theme::BOLD);
        let secret = |field: Field, key: &str, value: &'a str| {
            text_input(&i18n.t(key), value)
                .secure(true)
                .on_input(move |v| Message::FieldChanged(field, v))
                .padding(8)
        };
        let outcome: Element<'a, Message> = match &self.outcome {
            Some(Ok(message)) => text(message.clone())
                .style(|t| text::Style {
                    color: Some(theme::success(t)),
                })
                .into(),
            Some(Err(message)) => text(message.clone())
                .style(|t| text::Style {
                    color: Some(theme::danger(t)),
                })
                .into(),
            None => text("").into(),
        };
        let content = column![
            row![
                button(text(i18n.t("editor-back")))
                    .style(button::secondary)
                    .on_press(Message::Back),
                text(i18n.t("settings-title"))
                    .size(theme::TEXT_XL)
                    .font(theme::BOLD),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
            heading("settings-display"),
            row![
                text(i18n.t("settings-language")).width(220),
                pick_list(Language::ALL, Some(preferences.language), Message::Language),
            ]
            .align_y(Alignment::Center),
            toggler(preferences.discreet)
                .label(i18n.t("cases-discreet"))
                .on_toggle(Message::Discreet),
            toggler(preferences.dark)
                .label(i18n.t("settings-dark"))
                .on_toggle(Message::Dark),
            heading("settings-security"),
            row![
                text(i18n.t_with(
                    "settings-auto-lock",
                    &[("minutes", preferences.auto_lock_minutes.into())]
                ))
                .width(220),
                slider(1..=60, preferences.auto_lock_minutes, Message::AutoLock).width(300),
            ]
            .align_y(Alignment::Center),
            text(i18n.t("settings-change-passphrase"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            secret(Field::Current, "settings-current-passphrase", &self.current),
            secret(Field::New, "settings-new-passphrase", &self.new),
            secret(Field::Repeat, "first-run-repeat", &self.repeat),
            button(text(i18n.t("settings-change-passphrase"))).on_press_maybe(
                (!self.busy && !self.current.is_empty() && !self.new.is_empty())
                    .then_some(Message::ChangePassphrase)
            ),
            text(i18n.t("settings-backup"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            text(i18n.t("settings-backup-hint")).size(theme::TEXT_S),
            row![
                text_input(&i18n.t("settings-backup-path"), &self.backup_path)
                    .on_input(|v| Message::FieldChanged(Field::BackupPath, v))
                    .padding(8),
                button(text(i18n.t("button-choose-file")))
                    .style(button::secondary)
                    .on_press(Message::ChooseBackupFile),
                button(text(i18n.t("settings-backup-now"))).on_press_maybe(
                    (!self.busy && !self.backup_path.trim().is_empty()).then_some(Message::Backup)
                ),
            ]
            .spacing(theme::SPACE_S),
            outcome,
        ]
        .spacing(theme::SPACE_M)
        .max_width(760);
        scrollable(container(content).padding(theme::SPACE_L))
            .height(Length::Fill)
            .into()
    }
}
