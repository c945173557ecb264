//! First run: create the vault. Role, mission, officer, a passphrase typed
//! twice with a strength meter, and for a mission the commission's public
//! key (pasted, or read from a file chosen or typed).

use iced::widget::{button, column, container, radio, row, scrollable, text, text_input};
use iced::{Element, Length};
use secrecy::SecretString;
use zeroize::Zeroize;

use crate::gui::theme;
use crate::i18n::I18n;
use crate::vault::{NewVault, Role, Strength};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    MissionCode,
    MissionName,
    Officer,
    Passphrase,
    Repeat,
    CommissionKey,
}

impl Field {
    pub fn id(self) -> &'static str {
        match self {
            Field::MissionCode => "new-vault-mission-code",
            Field::MissionName => "new-vault-mission-name",
            Field::Officer => "new-vault-officer",
            Field::Passphrase => "new-vault-passphrase",
            Field::Repeat => "new-vault-repeat",
            Field::CommissionKey => "new-vault-commission-key",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    RoleChosen(Role),
    FieldChanged(Field, String),
    ChooseKeyFile,
    KeyFileChosen(Option<std::path::PathBuf>),
    Create,
}

pub enum Action {
    None,
    /// Put the cursor in this field.
    Focus(&'static str),
    ChooseKeyFile,
    Create {
        new: NewVault,
        passphrase: SecretString,
        commission_key: Option<String>,
    },
}

pub struct FirstRun {
    role: Role,
    mission_code: String,
    mission_name: String,
    officer: String,
    passphrase: String,
    repeat: String,
    commission_key: String,
    /// The passphrase's estimate, made when it or the names change (zxcvbn
    /// takes milliseconds: not on every frame).
    strength: Strength,
    busy: bool,
    error: Option<String>,
}

/// Written by hand: the passphrases typed never reach a log or a panic
/// message through `{:?}`.
impl std::fmt::Debug for FirstRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FirstRun")
            .field("role", &self.role)
            .field("mission_code", &self.mission_code)
            .field("passphrase", &"[redacted]")
            .field("repeat", &"[redacted]")
            .field("busy", &self.busy)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl Drop for FirstRun {
    fn drop(&mut self) {
        self.passphrase.zeroize();
        self.repeat.zeroize();
    }
}

impl Default for FirstRun {
    fn default() -> Self {
        FirstRun {
            role: Role::Mission,
            mission_code: String::new(),
            mission_name: String::new(),
            officer: String::new(),
            passphrase: String::new(),
            repeat: String::new(),
            commission_key: String::new(),
            // Nothing typed: too short.
            strength: crate::vault::passphrase::strength("", &[]),
            busy: false,
            error: None,
        }
    }
}

impl FirstRun {
    /// The empty form, the cursor in its first field.
    pub fn new() -> (FirstRun, Action) {
        (FirstRun::default(), Action::Focus(Field::MissionCode.id()))
    }

    fn context(&self) -> [&str; 3] {
        [&self.officer, &self.mission_code, &self.mission_name]
    }

    /// Estimates the passphrase again, against the names as they are now.
    fn estimate(&mut self) {
        self.strength = crate::vault::passphrase::strength(&self.passphrase, &self.context());
    }

    /// Why the form cannot be submitted yet, as a translation key.
    fn blocker(&self) -> Option<&'static str> {
        if self.role == Role::Mission
            && (self.mission_code.trim().is_empty() || self.mission_name.trim().is_empty())
        {
            return Some("first-run-need-mission");
        }
        if self.role == Role::Mission
            && !crate::domain::codes::is_mission_code(self.mission_code.trim())
        {
            return Some("first-run-bad-mission-code");
        }
        if self.officer.trim().is_empty() {
            return Some("first-run-need-officer");
        }
        if self.strength.weakness.is_some() {
            return Some("first-run-weak");
        }
        if self.passphrase != self.repeat {
            return Some("first-run-mismatch");
        }
        None
    }

    pub fn failed(&mut self, message: String) {
        self.busy = false;
        self.error = Some(message);
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::RoleChosen(role) => self.role = role,
            Message::FieldChanged(field, value) => {
                let slot = match field {
                    Field::MissionCode => &mut self.mission_code,
                    Field::MissionName => &mut self.mission_name,
                    Field::Officer => &mut self.officer,
                    Field::Passphrase => &mut self.passphrase,
                    Field::Repeat => &mut self.repeat,
                    Field::CommissionKey => &mut self.commission_key,
                };
                slot.zeroize();
                *slot = if field == Field::MissionCode {
                    value.to_uppercase()
                } else {
                    value
                };
                if !matches!(field, Field::Repeat | Field::CommissionKey) {
                    self.estimate();
                }
            }
            Message::ChooseKeyFile => return Action::ChooseKeyFile,
            Message::KeyFileChosen(Some(path)) => self.commission_key = path.display().to_string(),
            Message::KeyFileChosen(None) => {}
            Message::Create => {
                if self.busy || self.blocker().is_some() {
                    return Action::None;
                }
                self.busy = true;
                self.error = None;
                let new = NewVault {
                    role: self.role,
                    mission_code: if self.role == Role::Commission
                        && self.mission_code.trim().is_empty()
                    {
                        "HQ".into()
                    } else {
                        self.mission_code.trim().to_owned()
                    },
                    mission_name: self.mission_name.trim().to_owned(),
                    officer: self.officer.trim().to_owned(),
                };
                let key = self.commission_key.trim();
                return Action::Create {
                    new,
                    passphrase: SecretString::from(std::mem::take(&mut self.passphrase)),
                    commission_key: (self.role == Role::Mission && !key.is_empty())
                        .then(|| key.to_owned()),
                };
            }
        }
        Action::None
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let input = |field: Field, label: &str, value: &'a str, secure: bool| {
            column![
                text(i18n.t(label)).size(theme::TEXT_S),
                text_input("", value)
                    .id(field.id())
                    .secure(secure)
                    .on_input(move |v| Message::FieldChanged(field, v))
                    .on_submit(Message::Create)
                    .padding(8),
            ]
            .spacing(4)
        };
        let meter = crate::gui::widget::strength_meter(i18n, self.strength.score);

        let mut form = column![
            text(i18n.t("first-run-title"))
                .size(theme::TEXT_XL)
                .font(theme::BOLD),
            text(i18n.t("first-run-intro")).size(theme::TEXT_M),
            text(i18n.t("first-run-role")).size(theme::TEXT_S),
            radio(
                i18n.t("role-mission"),
                Role::Mission,
                Some(self.role),
                Message::RoleChosen
            ),
            radio(
                i18n.t("role-commission"),
                Role::Commission,
                Some(self.role),
                Message::RoleChosen
            ),
        ]
        .spacing(theme::SPACE_M)
        .width(560);
        if self.role == Role::Mission {
            form = form
                .push(input(
                    Field::MissionCode,
                    "first-run-mission-code",
                    &self.mission_code,
                    false,
                ))
                .push(input(
                    Field::MissionName,
                    "first-run-mission-name",
                    &self.mission_name,
                    false,
                ));
        }
        form = form
            .push(input(
                Field::Officer,
                "first-run-officer",
                &self.officer,
                false,
            ))
            .push(input(
                Field::Passphrase,
                "first-run-passphrase",
                &self.passphrase,
                true,
            ))
            .push(meter)
            .push(input(Field::Repeat, "first-run-repeat", &self.repeat, true));
        if self.role == Role::Mission {
            form = form.push(
                column![
                    text(i18n.t("first-run-commission-key")).size(theme::TEXT_S),
                    row![
                        text_input(
                            &i18n.t("first-run-commission-key-hint"),
                            &self.commission_key
                        )
                        .id(Field::CommissionKey.id())
                        .on_input(|v| Message::FieldChanged(Field::CommissionKey, v))
                        .padding(8),
                        button(text(i18n.t("button-choose-file")))
                            .on_press(Message::ChooseKeyFile)
                            .padding([8, 12]),
                    ]
                    .spacing(theme::SPACE_S),
                    text(i18n.t("first-run-commission-key-later"))
                        .size(theme::TEXT_S)
                        .style(|t| text::Style {
                            color: Some(theme::muted(t))
                        }),
                ]
                .spacing(4),
            );
        }
        let blocker = self.blocker();
        let status = if self.busy {
            i18n.t("first-run-busy")
        } else if let Some(error) = &self.error {
            error.clone()
        } else {
            blocker.map(|key| i18n.t(key)).unwrap_or_default()
        };
        let is_error = self.error.is_some();
        form = form
            .push(
                text(status)
                    .size(theme::TEXT_S)
                    .style(move |t| text::Style {
                        color: Some(if is_error {
                            theme::danger(t)
                        } else {
                            theme::muted(t)
                        }),
                    }),
            )
            .push(
                button(text(i18n.t("first-run-create")).size(theme::TEXT_M))
                    .padding([8, 20])
                    .on_press_maybe((!self.busy && blocker.is_none()).then_some(Message::Create)),
            );
        scrollable(
            container(
                container(form)
                    .padding(theme::SPACE_L * 1.5)
                    .style(theme::card),
            )
            .center_x(Length::Fill)
            .padding(theme::SPACE_L),
        )
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn a_mission_code_of_another_form_keeps_the_vault_from_being_created() {
        let i18n = I18n::new(Language::English);
        let (mut form, _) = FirstRun::new();
        for (field, value) in [
            (Field::MissionName, "Embassy in London"),
            (Field::Officer, "J. Jonaitis"),
            (Field::Passphrase, "violet harbour quietly engine forty two"),
            (Field::Repeat, "violet harbour quietly engine forty two"),
            (Field::MissionCode, "ltlon"),
        ] {
            form.update(Message::FieldChanged(field, value.into()));
        }
        assert_eq!(form.blocker(), Some("first-run-bad-mission-code"));
        assert!(crate::gui::shows(
            form.view(&i18n),
            &i18n.t("first-run-bad-mission-code")
        ));
        assert!(matches!(form.update(Message::Create), Action::None));

        form.update(Message::FieldChanged(Field::MissionCode, "lt-lon".into()));
        assert_eq!(form.blocker(), None);
        match form.update(Message::Create) {
            Action::Create { new, .. } => assert_eq!(new.mission_code, "LT-LON"),
            _ => panic!("the vault was not created with a good code"),
        }
    }

    #[test]
    fn the_passphrase_is_estimated_when_typed_not_when_shown() {
        let i18n = I18n::new(Language::English);
        let (mut form, _) = FirstRun::new();
        let estimates = || crate::vault::passphrase::ESTIMATES.with(std::cell::Cell::get);
        let before = estimates();
        form.update(Message::FieldChanged(
            Field::Passphrase,
            "velvet lantern quarry moss harbour".into(),
        ));
        assert_eq!(estimates(), before + 1);
        let shown = i18n.t(&format!("strength-{}", form.strength.score));
        for _ in 0..3 {
            assert!(crate::gui::shows(form.view(&i18n), &shown));
        }
        assert_eq!(estimates(), before + 1, "shown three times, estimated once");
        // The repeat field does not change the estimate.
        form.update(Message::FieldChanged(Field::Repeat, "velvet".into()));
        assert_eq!(estimates(), before + 1);
        // A name does: a passphrase made of it is weaker.
        form.update(Message::FieldChanged(Field::Officer, "velvet".into()));
        assert_eq!(estimates(), before + 2);
    }
}
