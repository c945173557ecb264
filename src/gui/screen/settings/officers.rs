//! Settings → "Officers": who can unlock this vault, the one signed in
//! marked; adding an officer (the newcomer types their name and their own
//! passphrase twice on this laptop, under the first run's strength rules);
//! removing one (a confirmation that says what happens, the name typed
//! again; the database is re-keyed); and hiding the list at unlock.
//!
//! An officer cannot remove themself (the library refuses it: another
//! officer of the vault does, so that no session runs on for someone who
//! is no longer an officer), nor the last officer be removed; the list says
//! why beside the officer. Adding derives a key with Argon2id and removing
//! re-encrypts the database: both run as store jobs, the screen saying
//! what runs, and the settings are not left meanwhile.

use iced::widget::{button, column, container, row, text, text_input, toggler};
use iced::{Alignment, Element, Length};
use secrecy::SecretString;
use zeroize::Zeroize;

use crate::gui::theme;
use crate::gui::widget::{self, Said};
use crate::i18n::I18n;
use crate::vault::{self, Strength};

/// The vault's officers as the session knows them (from the header it
/// verified), kept up to date by each change made here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub officers: Vec<String>,
    pub signed_in: String,
    /// The unlock screen asks for a typed name instead of listing them.
    pub hidden: bool,
    /// The mission's code and name: words a guesser of a passphrase tries.
    pub mission: [String; 2],
}

impl Roster {
    /// What the open vault says of its officers.
    pub fn of(vault: &vault::Vault) -> vault::Result<Roster> {
        let info = vault.info();
        Ok(Roster {
            officers: vault.officers()?,
            signed_in: info.officer.clone(),
            hidden: vault.officer_list_hidden()?,
            mission: [info.mission_code.clone(), info.mission_name.clone()],
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Passphrase,
    Repeat,
    /// The name of the officer to remove, typed again to confirm.
    Confirm,
}

impl Field {
    pub fn id(self) -> &'static str {
        match self {
            Field::Name => "officer-new-name",
            Field::Passphrase => "officer-new-passphrase",
            Field::Repeat => "officer-new-repeat",
            Field::Confirm => "officer-remove-confirm",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    /// "Add an officer…": the form opens, the cursor in the name.
    StartAdd,
    FieldChanged(Field, String),
    Add,
    /// Esc or Cancel: the open form or confirmation closes.
    Cancel,
    Added(Result<Roster, vault::Error>),
    /// "Remove…" beside an officer: the confirmation for them.
    AskRemove(String),
    ConfirmRemove,
    Removed(Result<Roster, vault::Error>),
    Hide(bool),
    HideSaved(Result<Roster, vault::Error>),
}

impl Message {
    /// The roster a finished change brings back, for the session to keep.
    pub fn roster(&self) -> Option<&Roster> {
        match self {
            Message::Added(Ok(roster))
            | Message::Removed(Ok(roster))
            | Message::HideSaved(Ok(roster)) => Some(roster),
            _ => None,
        }
    }
}

pub enum Action {
    None,
    Focus(&'static str),
    Add {
        name: String,
        passphrase: SecretString,
    },
    Remove(String),
    Hide(bool),
}

/// What runs: the window says so and the settings stay until it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Running {
    Adding(String),
    Removing(String),
    Hiding,
}

/// The add form, as typed.
struct Adding {
    name: String,
    passphrase: String,
    repeat: String,
    strength: Strength,
}

impl Drop for Adding {
    fn drop(&mut self) {
        self.passphrase.zeroize();
        self.repeat.zeroize();
    }
}

#[derive(Default)]
pub struct Officers {
    roster: Roster,
    adding: Option<Adding>,
    /// The officer whose removal awaits confirmation, and the name typed.
    removing: Option<(String, String)>,
    running: Option<Running>,
    outcome: Option<Result<Said, Said>>,
}

/// Written by hand: the passphrases typed never reach a log or a panic
/// message through `{:?}`.
impl std::fmt::Debug for Officers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Officers")
            .field("roster", &self.roster)
            .field("adding", &self.adding.as_ref().map(|_| "[redacted]"))
            .field("removing", &self.removing)
            .field("running", &self.running)
            .finish_non_exhaustive()
    }
}

/// Why an officer cannot be removed from here, as a translation key.
fn not_removable(roster: &Roster, name: &str) -> Option<&'static str> {
    if roster.officers.len() < 2 {
        Some("officers-last")
    } else if vault::same_officer_name(name, &roster.signed_in) {
        Some("officers-not-yourself")
    } else {
        None
    }
}

impl Officers {
    pub fn new(roster: Roster) -> Officers {
        Officers {
            roster,
            ..Officers::default()
        }
    }

    /// The officer signed in.
    pub fn signed_in(&self) -> &str {
        &self.roster.signed_in
    }

    /// A change is running: the settings are not left until it ends.
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// Esc: closes the add form or the confirmation, if one is open.
    pub fn close(&mut self) -> bool {
        if self.running.is_some() {
            return false;
        }
        self.adding.take().is_some() | self.removing.take().is_some()
    }

    fn context(&self) -> Vec<&str> {
        let mut context: Vec<&str> = self.roster.mission.iter().map(String::as_str).collect();
        if let Some(adding) = &self.adding {
            context.push(&adding.name);
        }
        context
    }

    /// Why the add form cannot be sent yet, as a translation key.
    fn blocker(&self) -> Option<&'static str> {
        let adding = self.adding.as_ref()?;
        if adding.name.trim().is_empty() {
            return Some("officers-need-name");
        }
        if self
            .roster
            .officers
            .iter()
            .any(|o| vault::same_officer_name(o, &adding.name))
        {
            return Some("officers-name-taken");
        }
        if adding.strength.weakness.is_some() {
            return Some("first-run-weak");
        }
        if adding.passphrase != adding.repeat {
            return Some("first-run-mismatch");
        }
        None
    }

    pub fn update(&mut self, message: Message) -> Action {
        let idle = self.running.is_none();
        match message {
            Message::StartAdd if idle => {
                self.removing = None;
                self.outcome = None;
                self.adding = Some(Adding {
                    name: String::new(),
                    passphrase: String::new(),
                    repeat: String::new(),
                    strength: vault::passphrase::strength("", &[]),
                });
                return Action::Focus(Field::Name.id());
            }
            Message::FieldChanged(Field::Confirm, value) => {
                if let Some((_, typed)) = &mut self.removing {
                    *typed = value;
                }
            }
            Message::FieldChanged(field, value) => {
                let Some(adding) = &mut self.adding else {
                    return Action::None;
                };
                let slot = match field {
                    Field::Name => &mut adding.name,
                    Field::Passphrase => &mut adding.passphrase,
                    _ => &mut adding.repeat,
                };
                slot.zeroize();
                *slot = value;
                if field != Field::Repeat {
                    let context = self.context();
                    let strength = self
                        .adding
                        .as_ref()
                        .map(|a| vault::passphrase::strength(&a.passphrase, &context));
                    if let (Some(adding), Some(strength)) = (&mut self.adding, strength) {
                        adding.strength = strength;
                    }
                }
            }
            Message::Add if idle && self.blocker().is_none() => {
                let Some(mut adding) = self.adding.take() else {
                    return Action::None;
                };
                let name = adding.name.trim().to_owned();
                self.running = Some(Running::Adding(name.clone()));
                self.outcome = None;
                return Action::Add {
                    name,
                    passphrase: SecretString::from(std::mem::take(&mut adding.passphrase)),
                };
            }
            Message::Cancel => {
                self.close();
            }
            Message::Added(result) => {
                let name = match self.running.take() {
                    Some(Running::Adding(name)) => name,
                    _ => String::new(),
                };
                self.outcome = Some(self.done(result, "officers-added", name));
            }
            Message::AskRemove(name) if idle && not_removable(&self.roster, &name).is_none() => {
                self.adding = None;
                self.outcome = None;
                self.removing = Some((name, String::new()));
                return Action::Focus(Field::Confirm.id());
            }
            Message::ConfirmRemove if idle => {
                let Some((name, typed)) = &self.removing else {
                    return Action::None;
                };
                if !vault::same_officer_name(name, typed) {
                    self.outcome = Some(Err(Said::key("officers-confirm-mismatch")));
                    return Action::None;
                }
                let name = name.clone();
                self.removing = None;
                self.running = Some(Running::Removing(name.clone()));
                self.outcome = None;
                return Action::Remove(name);
            }
            Message::Removed(result) => {
                let name = match self.running.take() {
                    Some(Running::Removing(name)) => name,
                    _ => String::new(),
                };
                self.outcome = Some(self.done(result, "officers-removed", name));
            }
            Message::Hide(on) if idle && on != self.roster.hidden => {
                self.running = Some(Running::Hiding);
                self.outcome = None;
                return Action::Hide(on);
            }
            Message::HideSaved(result) => {
                self.running = None;
                match result {
                    Ok(roster) => self.roster = roster,
                    Err(error) => self.outcome = Some(Err(Said::Error(error))),
                }
            }
            _ => {}
        }
        Action::None
    }

    /// The roster taken from a change that finished, and what to say.
    fn done(
        &mut self,
        result: Result<Roster, vault::Error>,
        key: &'static str,
        name: String,
    ) -> Result<Said, Said> {
        match result {
            Ok(roster) => {
                self.roster = roster;
                Ok(Said::with(key, "name", name))
            }
            Err(error) => Err(Said::Error(error)),
        }
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let idle = self.running.is_none();
        let mut list = column![].spacing(theme::SPACE_S);
        for name in &self.roster.officers {
            let signed_in = vault::same_officer_name(name, &self.roster.signed_in);
            let mut line = row![
                text(name.clone())
                    .size(theme::TEXT_M)
                    .font(if signed_in {
                        theme::BOLD
                    } else {
                        iced::Font::DEFAULT
                    })
                    .width(Length::FillPortion(2)),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center);
            if signed_in {
                line = line.push(widget::hint(i18n.t("officers-signed-in")));
            }
            line = line.push(iced::widget::space::horizontal());
            match not_removable(&self.roster, name) {
                Some(why) => line = line.push(widget::hint(i18n.t(why))),
                None => {
                    line = line.push(
                        button(text(i18n.t("officers-remove")))
                            .style(button::secondary)
                            .on_press_maybe(idle.then(|| Message::AskRemove(name.clone()))),
                    );
                }
            }
            list = list.push(line);
        }
        let mut section = column![
            text(i18n.t("officers-heading"))
                .size(theme::TEXT_L)
                .font(theme::BOLD),
            widget::hint(i18n.t("officers-hint")),
            widget::card(list),
        ]
        .spacing(theme::SPACE_S);
        if let Some((name, typed)) = &self.removing {
            section = section.push(self.confirmation(name, typed, i18n));
        } else if let Some(adding) = &self.adding {
            section = section.push(self.add_form(adding, i18n));
        } else {
            section = section.push(
                button(text(i18n.t("officers-add")))
                    .on_press_maybe(idle.then_some(Message::StartAdd)),
            );
        }
        if let Some(running) = &self.running {
            let said = match running {
                Running::Adding(name) => {
                    i18n.t_with("officers-adding", &[("name", name.clone().into())])
                }
                Running::Removing(name) => {
                    i18n.t_with("officers-removing", &[("name", name.clone().into())])
                }
                Running::Hiding => i18n.t("officers-saving"),
            };
            section = section.push(text(said).font(theme::BOLD));
        }
        match &self.outcome {
            Some(Ok(said)) => {
                section = section.push(text(said.show(i18n)).style(|t| text::Style {
                    color: Some(theme::success(t)),
                }));
            }
            Some(Err(said)) => {
                section = section.push(text(said.show(i18n)).style(|t| text::Style {
                    color: Some(theme::danger(t)),
                }));
            }
            None => {}
        }
        section
            .push(
                toggler(self.roster.hidden)
                    .label(i18n.t("officers-hide-list"))
                    .on_toggle_maybe(idle.then_some(Message::Hide)),
            )
            .push(widget::hint(i18n.t("officers-hide-list-hint")))
            .into()
    }

    /// The add form: name, passphrase with the first run's meter, repeat.
    fn add_form<'a>(&'a self, adding: &'a Adding, i18n: &I18n) -> Element<'a, Message> {
        let input = |field: Field, label: &str, value: &'a str, secure: bool| {
            column![
                text(i18n.t(label)).size(theme::TEXT_S),
                escapes(
                    text_input("", value)
                        .id(field.id())
                        .secure(secure)
                        .on_input(move |v| Message::FieldChanged(field, v))
                        .on_submit(Message::Add)
                        .padding(8)
                ),
            ]
            .spacing(4)
        };
        let blocker = self.blocker();
        let form = column![
            text(i18n.t("officers-add-intro")).size(theme::TEXT_S),
            input(Field::Name, "officers-new-name", &adding.name, false),
            input(
                Field::Passphrase,
                "officers-new-passphrase",
                &adding.passphrase,
                true
            ),
            widget::strength_meter(i18n, adding.strength.score),
            input(Field::Repeat, "first-run-repeat", &adding.repeat, true),
            widget::hint(blocker.map(|key| i18n.t(key)).unwrap_or_default()),
            row![
                button(text(i18n.t("officers-add-button")))
                    .on_press_maybe(blocker.is_none().then_some(Message::Add)),
                button(text(i18n.t("button-cancel")))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            ]
            .spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_S);
        widget::card(form)
    }

    /// What removing `name` does, and their name to type again.
    fn confirmation<'a>(&'a self, name: &str, typed: &'a str, i18n: &I18n) -> Element<'a, Message> {
        let danger = |t: &iced::Theme| container::Style {
            border: iced::Border {
                color: theme::danger(t),
                width: 1.0,
                radius: 6.0.into(),
            },
            ..container::Style::default()
        };
        let ready = !typed.trim().is_empty();
        container(
            column![
                text(i18n.t_with("officers-remove-title", &[("name", name.to_owned().into())]))
                    .size(theme::TEXT_M)
                    .font(theme::BOLD),
                text(i18n.t_with("officers-remove-what", &[("name", name.to_owned().into())]))
                    .size(theme::TEXT_S),
                text(i18n.t("officers-remove-type")).size(theme::TEXT_S),
                row![
                    escapes(
                        text_input("", typed)
                            .id(Field::Confirm.id())
                            .on_input(|v| Message::FieldChanged(Field::Confirm, v))
                            .on_submit(Message::ConfirmRemove)
                            .padding(8)
                            .width(260)
                    ),
                    button(text(i18n.t("officers-remove-confirm")))
                        .style(button::danger)
                        .on_press_maybe(ready.then_some(Message::ConfirmRemove)),
                    button(text(i18n.t("button-cancel")))
                        .style(button::secondary)
                        .on_press(Message::Cancel),
                ]
                .spacing(theme::SPACE_S)
                .align_y(Alignment::Center),
            ]
            .spacing(theme::SPACE_S),
        )
        .padding(theme::SPACE_M)
        .width(Length::Fill)
        .style(danger)
        .into()
    }
}

/// A field whose Esc cancels the form it is in at once (a text input
/// would otherwise only give up the focus, and a second Esc cancel).
fn escapes<'a>(input: text_input::TextInput<'a, Message>) -> Element<'a, Message> {
    widget::stop(input)
        .on_key_anywhere(iced::keyboard::key::Named::Escape, Message::Cancel)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    const STRONG: &str = "amber meadow kettle violin";

    fn two() -> Roster {
        Roster {
            officers: vec!["J. Jonaitis".into(), "A. Petraitė".into()],
            signed_in: "J. Jonaitis".into(),
            hidden: false,
            mission: ["LT-LON".into(), "Embassy in London".into()],
        }
    }

    fn fill(screen: &mut Officers, name: &str, pass: &str, repeat: &str) {
        for (field, value) in [
            (Field::Name, name),
            (Field::Passphrase, pass),
            (Field::Repeat, repeat),
        ] {
            screen.update(Message::FieldChanged(field, value.into()));
        }
    }

    /// The add form refuses what the first run refuses (a weak passphrase,
    /// two that differ, one made of the newcomer's name) and a name that
    /// is an officer's already, saying why; a good form is sent once.
    #[test]
    fn adding_checks_the_form_like_the_first_run() {
        let i18n = I18n::new(Language::English);
        let mut screen = Officers::new(two());
        assert!(matches!(
            screen.update(Message::StartAdd),
            Action::Focus("officer-new-name")
        ));
        for (name, pass, repeat, why) in [
            ("", STRONG, STRONG, "officers-need-name"),
            ("a. petraite\u{307}", STRONG, STRONG, "officers-name-taken"),
            ("B. Kazlauskas", "short", "short", "first-run-weak"),
            (
                "Kazlauskas Birutė",
                "Kazlauskas Birutė",
                "Kazlauskas Birutė",
                "first-run-weak",
            ),
            (
                "B. Kazlauskas",
                STRONG,
                "amber meadow",
                "first-run-mismatch",
            ),
        ] {
            fill(&mut screen, name, pass, repeat);
            assert_eq!(screen.blocker(), Some(why), "{name} {pass}");
            assert!(crate::gui::shows(screen.view(&i18n), &i18n.t(why)));
            assert!(matches!(screen.update(Message::Add), Action::None));
        }
        fill(&mut screen, " B. Kazlauskas ", STRONG, STRONG);
        assert!(crate::gui::shows(
            screen.view(&i18n),
            &i18n.t(&format!(
                "strength-{}",
                screen.adding.as_ref().map_or(0, |a| a.strength.score)
            ))
        ));
        match screen.update(Message::Add) {
            Action::Add { name, .. } => assert_eq!(name, "B. Kazlauskas"),
            _ => panic!("a good form was not sent"),
        }
        assert!(screen.running());
        assert!(crate::gui::shows(
            screen.view(&i18n),
            &i18n.t_with("officers-adding", &[("name", "B. Kazlauskas".into())])
        ));
        assert!(matches!(screen.update(Message::StartAdd), Action::None));
        let mut after = two();
        after.officers.push("B. Kazlauskas".into());
        screen.update(Message::Added(Ok(after.clone())));
        assert!(!screen.running());
        assert_eq!(screen.roster, after);
        assert!(crate::gui::shows(screen.view(&i18n), "B. Kazlauskas"));
    }

    /// Remove: not for the officer signed in nor the last one (the list
    /// says why); the confirmation names what happens, takes the name
    /// typed again (as the command line does), and Esc closes it.
    #[test]
    fn removing_asks_for_the_name_and_says_what_happens() {
        for language in [Language::English, Language::Lithuanian] {
            let i18n = I18n::new(language);
            let mut screen = Officers::new(two());
            assert!(crate::gui::shows(
                screen.view(&i18n),
                &i18n.t("officers-not-yourself")
            ));
            assert!(matches!(
                screen.update(Message::AskRemove("J. Jonaitis".into())),
                Action::None
            ));
            assert!(screen.removing.is_none());
            assert!(matches!(
                screen.update(Message::AskRemove("A. Petraitė".into())),
                Action::Focus("officer-remove-confirm")
            ));
            let what = i18n.t_with("officers-remove-what", &[("name", "A. Petraitė".into())]);
            assert!(crate::gui::shows(screen.view(&i18n), &what));
            assert!(screen.close(), "Esc closes the confirmation");
            assert!(screen.removing.is_none());

            screen.update(Message::AskRemove("A. Petraitė".into()));
            screen.update(Message::FieldChanged(Field::Confirm, "A. Petraite".into()));
            assert!(matches!(
                screen.update(Message::ConfirmRemove),
                Action::None
            ));
            assert!(crate::gui::shows(
                screen.view(&i18n),
                &i18n.t("officers-confirm-mismatch")
            ));
            screen.update(Message::FieldChanged(Field::Confirm, "a. petraitė ".into()));
            assert!(matches!(
                screen.update(Message::ConfirmRemove),
                Action::Remove(name) if name == "A. Petraitė"
            ));
            assert!(screen.running());
            assert!(!screen.close(), "not while it runs");
            let mut one = two();
            one.officers.pop();
            screen.update(Message::Removed(Ok(one)));
            assert!(crate::gui::shows(
                screen.view(&i18n),
                &i18n.t("officers-last")
            ));
        }
    }

    #[test]
    fn a_failed_change_is_said_and_the_roster_kept() {
        let i18n = I18n::new(Language::English);
        let mut screen = Officers::new(two());
        screen.update(Message::AskRemove("A. Petraitė".into()));
        screen.update(Message::FieldChanged(Field::Confirm, "A. Petraitė".into()));
        screen.update(Message::ConfirmRemove);
        screen.update(Message::Removed(Err(vault::Error::DiskFull)));
        assert!(!screen.running());
        assert_eq!(screen.roster, two());
        let said = widget::error_text(&i18n, &vault::Error::DiskFull);
        assert!(crate::gui::shows(screen.view(&i18n), &said));
        assert!(matches!(
            screen.update(Message::Hide(true)),
            Action::Hide(true)
        ));
        screen.update(Message::HideSaved(Ok(Roster {
            hidden: true,
            ..two()
        })));
        assert!(screen.roster.hidden);
    }
}
