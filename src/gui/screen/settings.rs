//! Settings: auto-lock delay, language, discreet mode, theme, passphrase
//! change and backup. Preferences are stored (encrypted) in the vault.

use iced::widget::{
    button, column, container, pick_list, row, scrollable, slider, text, text_input, toggler,
};
use iced::{Alignment, Element, Length};
use secrecy::SecretString;
use zeroize::Zeroize;

use crate::gui::theme;
use crate::gui::widget::Said;
use crate::i18n::{I18n, Language};
use crate::vault;

pub use crate::vault::Preferences;

/// The current passphrase's field (the first of the passphrase change).
pub const CURRENT_PASSPHRASE_ID: &str = "settings-current-passphrase";

pub mod danger;
pub mod keys;
pub mod officers;
pub mod stubs;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Current,
    New,
    Repeat,
    BackupPath,
    AutoFolder,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A pick list opened (`true`) or closed without a choice (`false`).
    Menu(bool),
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
    ChooseAutoFolder,
    AutoFolderChosen(Option<std::path::PathBuf>),
    AutoKeep(u32),
    /// Save the automatic backup settings (`false`: turn them off).
    SaveAuto(bool),
    AutoSaved(Result<Option<vault::AutoBackup>, vault::Error>),
    ChooseRestoreFile,
    RestoreFileChosen(Option<std::path::PathBuf>),
    /// The chosen backup, checked, with when it was made, and when the
    /// vault in use was last written.
    RestoreChecked(
        std::path::PathBuf,
        Result<vault::BackupInfo, vault::Error>,
        Option<chrono::DateTime<chrono::Utc>>,
    ),
    ConfirmRestore,
    CancelRestore,
    /// The danger zone: destroying the vault (`danger.rs`).
    Danger(danger::Message),
    /// The vault's officers (`officers.rs`).
    Officers(officers::Message),
    /// The exchange keys' rotation (`keys.rs`).
    Keys(keys::Message),
    /// Keeping less at the mission (`stubs.rs`).
    Stubs(stubs::Message),
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
    ChooseAutoFolder,
    SaveAuto(Option<vault::AutoBackup>),
    ChooseRestoreFile,
    /// Check a backup before asking for confirmation.
    CheckRestore(std::path::PathBuf),
    /// Lock, then replace the vault by this backup.
    Restore(std::path::PathBuf),
    /// The danger zone's (`danger.rs`).
    Danger(danger::Action),
    /// The officers' (`officers.rs`): add, remove, hide the list.
    Officers(officers::Action),
    /// The keys' (`keys.rs`): read the key in use, rotate it.
    Keys(keys::Action),
    /// Keeping less at the mission's (`stubs.rs`).
    Stubs(stubs::Action),
    Focus(&'static str),
    Back,
}

/// How many automatic backups may be kept.
const KEEP_CHOICES: [u32; 5] = [3, 7, 14, 30, 90];

/// A checked backup awaiting the officer's confirmation.
#[derive(Debug)]
struct PendingRestore {
    path: std::path::PathBuf,
    made_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the vault in use was last written, if after the backup.
    newer: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Default)]
pub struct Settings {
    /// Whether a pick list is open, for Esc to close it alone.
    menus: crate::gui::widget::Menus,
    current: String,
    new: String,
    repeat: String,
    backup_path: String,
    restore: Option<PendingRestore>,
    auto_folder: String,
    auto_keep: u32,
    /// Automatic backups are set in the vault (there is something to turn off).
    auto_set: bool,
    /// As the officer chose them; a change goes back as an action.
    preferences: Preferences,
    busy: bool,
    /// A passphrase change is under way: it re-encrypts the whole vault,
    /// which takes minutes for a large one, so the screen says so.
    changing_passphrase: bool,
    outcome: Option<Result<Said, Said>>,
    /// Destroying the vault, set apart at the foot (`danger.rs`).
    danger: danger::DangerZone,
    /// Who can unlock the vault (`officers.rs`).
    officers: officers::Officers,
    /// Rotating the exchange keys (`keys.rs`).
    keys: keys::Keys,
    /// Keeping less at the mission (`stubs.rs`).
    stubs: stubs::StubSetting,
}

/// Written by hand: the passphrases typed never reach a log or a panic
/// message through `{:?}`.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("current", &"[redacted]")
            .field("new", &"[redacted]")
            .field("repeat", &"[redacted]")
            .field("backup_path", &self.backup_path)
            .field("busy", &self.busy)
            .field("outcome", &self.outcome)
            .finish_non_exhaustive()
    }
}

impl Drop for Settings {
    fn drop(&mut self) {
        self.current.zeroize();
        self.new.zeroize();
        self.repeat.zeroize();
    }
}

impl Settings {
    /// The screen for these preferences and automatic backups (as the
    /// session knows them: nothing is read from the vault to open it).
    pub fn new(
        preferences: Preferences,
        auto: Option<vault::AutoBackup>,
        roster: officers::Roster,
        stubs: Option<stubs::Loaded>,
    ) -> (Settings, Action) {
        let mut settings = Settings::default();
        settings.preferences = preferences;
        settings.officers = officers::Officers::new(roster);
        settings.auto_keep = auto.as_ref().map_or(7, |a| a.keep);
        settings.auto_set = auto.is_some();
        settings.auto_folder = auto
            .map(|a| a.folder.display().to_string())
            .unwrap_or_default();
        settings.stubs = stubs::StubSetting::new(stubs);
        (settings, Action::None)
    }

    /// The restore button, or the confirmation for a checked backup.
    fn restore_view(&self, i18n: &I18n) -> Element<'_, Message> {
        let Some(pending) = &self.restore else {
            return button(text(i18n.t("settings-restore-choose")))
                .style(button::secondary)
                .on_press_maybe(
                    (!self.busy && !self.keys.running()).then_some(Message::ChooseRestoreFile),
                )
                .into();
        };
        let when = |time: Option<chrono::DateTime<chrono::Utc>>| match time {
            Some(time) => time
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            None => i18n.t("settings-restore-unknown-time"),
        };
        let file = pending
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut confirm = column![
            text(i18n.t_with(
                "settings-restore-confirm",
                &[
                    ("file", file.into()),
                    ("made", when(pending.made_at).into())
                ]
            ))
            .size(theme::TEXT_S)
        ]
        .spacing(theme::SPACE_S);
        if let Some(changed) = pending.newer {
            confirm = confirm.push(
                text(i18n.t_with(
                    "settings-restore-newer",
                    &[("changed", when(Some(changed)).into())],
                ))
                .size(theme::TEXT_S)
                .font(theme::BOLD),
            );
        }
        confirm
            .push(
                row![
                    button(text(i18n.t("settings-restore-button")))
                        .style(button::danger)
                        .on_press_maybe((!self.keys.running()).then_some(Message::ConfirmRestore)),
                    button(text(i18n.t("button-cancel")))
                        .style(button::secondary)
                        .on_press(Message::CancelRestore),
                ]
                .spacing(theme::SPACE_M),
            )
            .into()
    }

    /// A passphrase change is running: the vault is busy for minutes, and
    /// locking must wait for it.
    pub fn changing_passphrase(&self) -> bool {
        self.changing_passphrase
    }

    /// Esc: closes the open pick list, or the officers' open form or
    /// confirmation, or the keys' confirmation, if one is (`true`).
    pub fn close_menu(&mut self) -> bool {
        self.menus.close() || self.officers.close() || self.keys.close() || self.stubs.close()
    }

    /// The keys' section for this vault's role (the session knows it).
    pub fn with_keys(mut self, role: vault::Role, code: &str) -> Settings {
        self.keys = keys::Keys::new(role, code);
        self
    }

    /// A key pressed outside any field: the keys' shortcut (K, which only
    /// opens the confirmation).
    pub fn key(
        &mut self,
        key: &iced::keyboard::Key,
        physical: iced::keyboard::key::Physical,
    ) -> Action {
        match self.keys.key(key, physical) {
            Some(message) => self.update(Message::Keys(message)),
            None => Action::None,
        }
    }

    /// Whether the screen may be left: not while its result is awaited
    /// (a passphrase change, a destruction, an officer added or removed).
    pub fn may_leave(&self) -> bool {
        !self.changing_passphrase()
            && !self.destroying()
            && !self.officers.running()
            && !self.keys.running()
    }

    /// Another job of the screen runs or waits for the officer (a
    /// passphrase change, a backup, a restore checked or confirmed, an
    /// officer added or removed): no key rotation starts meanwhile.
    fn keys_blocked(&self) -> bool {
        self.busy || self.restore.is_some() || self.changing_passphrase || self.officers.running()
    }

    /// A message for the officers' section.
    fn update_officers(&mut self, message: officers::Message) -> Action {
        match self.officers.update(message) {
            officers::Action::None => Action::None,
            officers::Action::Focus(id) => Action::Focus(id),
            action => Action::Officers(action),
        }
    }

    /// The vault is being destroyed: nothing may lock it meanwhile.
    pub fn destroying(&self) -> bool {
        self.danger.destroying()
    }

    /// A message for the danger zone (it needs the interface language for
    /// what it says).
    pub fn update_danger(&mut self, message: danger::Message, i18n: &I18n) -> Action {
        match self.danger.update(message, i18n) {
            danger::Action::None => Action::None,
            action => Action::Danger(action),
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        // While the vault is being destroyed nothing else may start (it
        // would queue behind the destruction on a vault that is gone);
        // typing and the results of jobs still arrive.
        if self.destroying()
            && !matches!(
                message,
                Message::FieldChanged(..)
                    | Message::PassphraseChanged(_)
                    | Message::BackedUp(_)
                    | Message::AutoFolderChosen(_)
                    | Message::AutoSaved(_)
                    | Message::RestoreFileChosen(_)
                    | Message::RestoreChecked(..)
                    | Message::BackupFileChosen(_)
                    | Message::Danger(_)
                    | Message::Officers(
                        officers::Message::Added(_)
                            | officers::Message::Removed(_)
                            | officers::Message::HideSaved(_)
                            | officers::Message::FieldChanged(..)
                    )
                    | Message::Keys(
                        keys::Message::Checked(..)
                            | keys::Message::Rotated(_)
                            | keys::Message::Typed(_)
                            | keys::Message::Passphrase(_)
                            | keys::Message::Repeat(_)
                    )
            )
        {
            return Action::None;
        }
        match &message {
            Message::Menu(open) => self.menus.seen(*open),
            Message::Language(_) | Message::AutoKeep(_) => self.menus.seen(false),
            _ => {}
        }
        let changed = &mut self.preferences;
        match message {
            Message::Menu(_) => {}
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
                    Field::AutoFolder => &mut self.auto_folder,
                };
                slot.zeroize();
                *slot = value;
                return Action::None;
            }
            Message::ChangePassphrase => {
                if self.busy || self.keys.running() || self.current.is_empty() {
                    return Action::None;
                }
                if self.new != self.repeat {
                    self.outcome = Some(Err(Said::key("first-run-mismatch")));
                    return Action::None;
                }
                if let Some(weakness) = vault::passphrase::weakness(&self.new, &[]) {
                    self.outcome = Some(Err(Said::Weak(weakness)));
                    return Action::None;
                }
                self.busy = true;
                self.changing_passphrase = true;
                self.outcome = None;
                self.repeat.zeroize();
                return Action::ChangePassphrase {
                    current: SecretString::from(std::mem::take(&mut self.current)),
                    new: SecretString::from(std::mem::take(&mut self.new)),
                };
            }
            Message::PassphraseChanged(result) => {
                self.busy = false;
                self.changing_passphrase = false;
                self.outcome = Some(match result {
                    Ok(()) => Ok(Said::key("settings-passphrase-changed")),
                    Err(error) => Err(Said::Error(error)),
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
                if self.busy || self.keys.running() || path.is_empty() {
                    return Action::None;
                }
                self.busy = true;
                self.outcome = None;
                return Action::Backup(path.into());
            }
            Message::BackedUp(result) => {
                self.busy = false;
                self.outcome = Some(match result {
                    Ok(path) => Ok(Said::with(
                        "settings-backup-done",
                        "path",
                        path.display().to_string(),
                    )),
                    Err(error) => Err(Said::Error(error)),
                });
                return Action::None;
            }
            Message::ChooseAutoFolder => return Action::ChooseAutoFolder,
            Message::AutoFolderChosen(Some(path)) => {
                self.auto_folder = path.display().to_string();
                return Action::None;
            }
            Message::AutoFolderChosen(None) => return Action::None,
            Message::AutoKeep(keep) => {
                self.auto_keep = keep.clamp(1, 100);
                return Action::None;
            }
            Message::SaveAuto(on) => {
                let folder = self.auto_folder.trim();
                if self.busy || (on && folder.is_empty()) || (!on && !self.auto_set) {
                    return Action::None;
                }
                self.busy = true;
                self.outcome = None;
                return Action::SaveAuto(on.then(|| vault::AutoBackup {
                    folder: folder.into(),
                    keep: self.auto_keep,
                }));
            }
            Message::AutoSaved(result) => {
                self.busy = false;
                if let Ok(auto) = &result {
                    self.auto_set = auto.is_some();
                }
                self.outcome = Some(match result {
                    Ok(Some(auto)) => Ok(Said::Text(
                        "settings-auto-backup-saved",
                        vec![
                            ("folder", auto.folder.display().to_string()),
                            ("keep", auto.keep.to_string()),
                        ],
                    )),
                    Ok(None) => {
                        self.auto_folder.clear();
                        Ok(Said::key("settings-auto-backup-stopped"))
                    }
                    Err(error) => Err(Said::Error(error)),
                });
                return Action::None;
            }
            Message::ChooseRestoreFile if self.keys.running() => return Action::None,
            Message::ChooseRestoreFile => return Action::ChooseRestoreFile,
            Message::RestoreFileChosen(Some(path)) if !self.busy && !self.keys.running() => {
                self.busy = true;
                self.outcome = None;
                self.restore = None;
                return Action::CheckRestore(path);
            }
            Message::RestoreFileChosen(_) => return Action::None,
            Message::RestoreChecked(path, result, changed) => {
                self.busy = false;
                match result {
                    Ok(info) => {
                        let newer = match (changed, info.made_at) {
                            (Some(changed), Some(made)) if changed <= made => None,
                            (changed, _) => changed,
                        };
                        self.restore = Some(PendingRestore {
                            path,
                            made_at: info.made_at,
                            newer,
                        });
                    }
                    Err(error) => {
                        self.outcome = Some(Err(Said::Error(error)));
                    }
                }
                return Action::None;
            }
            Message::CancelRestore => {
                self.restore = None;
                return Action::None;
            }
            // A rotation in flight would be lost with the vault replaced.
            Message::ConfirmRestore if self.keys.running() => return Action::None,
            Message::ConfirmRestore => {
                return match self.restore.take() {
                    Some(pending) => Action::Restore(pending.path),
                    None => Action::None,
                };
            }
            // Routed by the app to `update_danger`.
            Message::Danger(_) => return Action::None,
            Message::Officers(message) => return self.update_officers(message),
            Message::Keys(message) => {
                if self.keys_blocked()
                    && matches!(
                        message,
                        keys::Message::Start | keys::Message::Confirm | keys::Message::ChooseBackup
                    )
                {
                    return Action::None;
                }
                return match self.keys.update(message) {
                    keys::Action::None => Action::None,
                    keys::Action::Focus(id) => Action::Focus(id),
                    action => Action::Keys(action),
                };
            }
            Message::Stubs(message) => {
                return match self.stubs.update(message) {
                    stubs::Action::None => Action::None,
                    action => Action::Stubs(action),
                };
            }
            Message::Back => return Action::Back,
        }
        Action::Preferences(changed.clone())
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let preferences = &self.preferences;
        let heading = |key: &str| text(i18n.t(key)).size(theme::TEXT_L).font(theme::BOLD);
        let secret = |field: Field, key: &str, value: &'a str| {
            text_input(&i18n.t(key), value)
                .secure(true)
                .on_input(move |v| Message::FieldChanged(field, v))
                .padding(8)
        };
        let outcome: Element<'a, Message> = match &self.outcome {
            Some(Ok(message)) => text(message.show(i18n))
                .style(|t| text::Style {
                    color: Some(theme::success(t)),
                })
                .into(),
            Some(Err(message)) => text(message.show(i18n))
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
            // First: who can open the vault is what a new officer (and
            // the one who adds them) comes here for.
            self.officers.view(i18n).map(Message::Officers),
            // Beside who opens the vault: the keys it signs and reads with.
            self.keys.view(i18n, self.keys_blocked()).map(Message::Keys),
            heading("settings-display"),
            row![
                text(i18n.t("settings-language")).width(220),
                self.menus.wrap(
                    pick_list(Language::ALL, Some(preferences.language), Message::Language)
                        .on_open(Message::Menu(true))
                        .on_close(Message::Menu(false))
                ),
            ]
            .align_y(Alignment::Center),
            toggler(preferences.discreet)
                .label(i18n.t("cases-discreet"))
                .on_toggle(Message::Discreet),
            toggler(preferences.dark)
                .label(i18n.t("settings-dark"))
                .on_toggle(Message::Dark),
            heading("settings-security"),
            // The label above its slider: in Lithuanian it is half as long
            // again, and beside the slider it wrapped.
            column![
                text(i18n.t_with(
                    "settings-auto-lock",
                    &[("minutes", preferences.auto_lock_minutes.into())]
                )),
                slider(1..=60, preferences.auto_lock_minutes, Message::AutoLock).width(300),
            ]
            .spacing(theme::SPACE_S),
            text(i18n.t("settings-change-passphrase"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            crate::gui::widget::hint(i18n.t_with(
                "settings-change-passphrase-whose",
                &[("name", self.officers.signed_in().to_owned().into())]
            )),
            secret(Field::Current, "settings-current-passphrase", &self.current)
                .id(CURRENT_PASSPHRASE_ID),
            secret(Field::New, "settings-new-passphrase", &self.new),
            secret(Field::Repeat, "first-run-repeat", &self.repeat),
            button(text(i18n.t("settings-change-passphrase"))).on_press_maybe(
                (!self.busy
                    && !self.keys.running()
                    && !self.current.is_empty()
                    && !self.new.is_empty())
                .then_some(Message::ChangePassphrase)
            ),
            text(if self.changing_passphrase {
                i18n.t("settings-passphrase-changing")
            } else {
                String::new()
            }),
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
                    (!self.busy && !self.keys.running() && !self.backup_path.trim().is_empty())
                        .then_some(Message::Backup)
                ),
            ]
            .spacing(theme::SPACE_S),
            text(i18n.t("settings-auto-backup"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            text(i18n.t("settings-auto-backup-hint")).size(theme::TEXT_S),
            row![
                text_input(&i18n.t("settings-auto-backup-folder"), &self.auto_folder)
                    .on_input(|v| Message::FieldChanged(Field::AutoFolder, v))
                    .padding(8),
                button(text(i18n.t("button-choose-folder")))
                    .style(button::secondary)
                    .on_press(Message::ChooseAutoFolder),
            ]
            .spacing(theme::SPACE_S),
            row![
                text(i18n.t("settings-auto-backup-keep")),
                self.menus.wrap(
                    pick_list(KEEP_CHOICES, Some(self.auto_keep), Message::AutoKeep)
                        .on_open(Message::Menu(true))
                        .on_close(Message::Menu(false))
                ),
                button(text(i18n.t("settings-auto-backup-save"))).on_press_maybe(
                    (!self.busy && !self.auto_folder.trim().is_empty())
                        .then_some(Message::SaveAuto(true))
                ),
                button(text(i18n.t("settings-auto-backup-off")))
                    .style(button::secondary)
                    // Nothing to turn off when none is set.
                    .on_press_maybe(
                        (!self.busy && self.auto_set).then_some(Message::SaveAuto(false))
                    ),
            ]
            .spacing(theme::SPACE_S)
            .align_y(iced::Alignment::Center),
            text(i18n.t("settings-restore"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            text(i18n.t("settings-restore-hint")).size(theme::TEXT_S),
            self.restore_view(i18n),
            outcome,
            self.stubs
                .view(i18n)
                .map_or_else(|| column![].into(), |v| v.map(Message::Stubs)),
            // Set apart from everything above.
            iced::widget::space::vertical().height(theme::SPACE_L),
            self.danger.view(i18n).map(Message::Danger),
        ]
        .spacing(theme::SPACE_M)
        .max_width(760);
        scrollable(container(content).padding(theme::SPACE_L))
            .height(Length::Fill)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_change_says_it_is_re_encrypting_until_it_is_done() {
        for language in [Language::English, Language::Lithuanian] {
            let i18n = I18n::new(language);
            let changing = i18n.t("settings-passphrase-changing");
            let mut screen = Settings::default();
            for (field, value) in [
                (Field::Current, "correct horse battery staple"),
                (Field::New, "velvet lantern quarry moss sextant"),
                (Field::Repeat, "velvet lantern quarry moss sextant"),
            ] {
                screen.update(Message::FieldChanged(field, value.into()));
            }
            assert!(!crate::gui::shows(screen.view(&i18n), &changing));
            let action = screen.update(Message::ChangePassphrase);
            assert!(matches!(action, Action::ChangePassphrase { .. }));
            assert!(
                crate::gui::shows(screen.view(&i18n), &changing),
                "{language:?}"
            );
            // A second press does nothing while the first runs.
            let again = screen.update(Message::ChangePassphrase);
            assert!(matches!(again, Action::None));
            screen.update(Message::PassphraseChanged(Ok(())));
            let view = screen.view(&i18n);
            assert!(!crate::gui::shows(view, &changing));
            assert!(crate::gui::shows(
                screen.view(&i18n),
                &i18n.t("settings-passphrase-changed")
            ));
        }
    }

    #[test]
    fn a_weak_new_passphrase_is_refused_in_the_interface_language() {
        let i18n = I18n::new(Language::Lithuanian);
        let mut screen = Settings::default();
        for (field, value) in [
            (Field::Current, "correct horse battery staple"),
            (Field::New, "short"),
            (Field::Repeat, "short"),
        ] {
            screen.update(Message::FieldChanged(field, value.into()));
        }
        assert!(matches!(
            screen.update(Message::ChangePassphrase),
            Action::None
        ));
        let said = i18n.t_with("passphrase-too-short", &[("min", 12.into())]);
        assert!(said.starts_with("Naudokite bent 12"), "{said}");
        assert!(crate::gui::shows(screen.view(&i18n), &said));
    }
}
