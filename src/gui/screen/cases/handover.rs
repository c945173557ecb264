//! The list's handover dialog: the cases ticked in the list, or every open
//! case of the officer signed in, given to another officer of the vault
//! with a note. Two steps in one card: choose the officer and write the
//! note, then a sentence naming the officer and the count to confirm.
//! From the keyboard: the note has the focus, Enter asks, Enter again hands
//! over, Esc steps back. The note is wiped when the dialog goes.

use iced::widget::{button, column, container, radio, row, text, text_input};
use iced::{Alignment, Element, Length};
use zeroize::{Zeroize, Zeroizing};

use crate::domain::CaseId;
use crate::gui::theme;
use crate::gui::widget::error_banner;
use crate::i18n::I18n;
use crate::vault::{self, Handing, MAX_NOTE_CHARS, Reassigned};

/// The note's field (it has the focus while the dialog is open).
pub const NOTE_ID: &str = "handover-note";

/// Which cases the dialog hands over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The cases ticked in the list.
    Selected(Vec<CaseId>),
    /// Every open case of the officer signed in.
    MyOpenCases,
}

/// What the dialog needs from the vault: the officers, and how many cases
/// it would move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub officers: Vec<String>,
    pub count: u64,
}

#[derive(Clone)]
pub enum Message {
    Prepared(Result<Prepared, vault::Error>),
    /// The officer chosen, by their place among the others.
    To(usize),
    NoteChanged(String),
    /// Enter in the note, or the dialog's main button: ask, then hand over.
    Submit,
    Back,
    Cancel,
    Done(Result<Reassigned, vault::Error>),
}

/// Never prints the note.
impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Message::Prepared(result) => f.debug_tuple("Prepared").field(result).finish(),
            Message::To(i) => f.debug_tuple("To").field(i).finish(),
            Message::NoteChanged(_) => f.write_str("NoteChanged([redacted])"),
            Message::Submit => f.write_str("Submit"),
            Message::Back => f.write_str("Back"),
            Message::Cancel => f.write_str("Cancel"),
            Message::Done(result) => f.debug_tuple("Done").field(result).finish(),
        }
    }
}

pub enum Action {
    None,
    Reassign {
        handing: Handing,
        to: String,
        note: Option<Zeroizing<String>>,
    },
    /// The dialog is done with (cancelled).
    Close,
    /// The cases were handed over.
    Finished(Reassigned),
}

pub struct Handover {
    scope: Scope,
    /// The officer signed in (not offered, and whose open cases go).
    me: String,
    /// The other officers, once read.
    officers: Option<Vec<String>>,
    count: Option<u64>,
    to: Option<usize>,
    note: String,
    confirming: bool,
    working: bool,
    error: Option<vault::Error>,
}

impl std::fmt::Debug for Handover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handover")
            .field("scope", &self.scope)
            .field("to", &self.to)
            .field("confirming", &self.confirming)
            .finish_non_exhaustive()
    }
}

impl Drop for Handover {
    fn drop(&mut self) {
        self.note.zeroize();
    }
}

impl Handover {
    pub fn new(scope: Scope, me: &str) -> Handover {
        Handover {
            scope,
            me: me.to_owned(),
            officers: None,
            count: None,
            to: None,
            note: String::new(),
            confirming: false,
            working: false,
            error: None,
        }
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Esc: from the question back to the form (`true`), or nothing left
    /// to step back from (`false`: the dialog closes).
    pub fn step_back(&mut self) -> bool {
        if self.confirming && !self.working {
            self.confirming = false;
            true
        } else {
            false
        }
    }

    fn chosen(&self) -> Option<&String> {
        self.officers.as_ref()?.get(self.to?)
    }

    fn count(&self) -> u64 {
        self.count.unwrap_or(0)
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Prepared(Ok(prepared)) => {
                let others: Vec<String> = prepared
                    .officers
                    .into_iter()
                    .filter(|o| *o != self.me)
                    .collect();
                // One other officer: the only one it can go to.
                self.to = (others.len() == 1).then_some(0);
                self.officers = Some(others);
                self.count = Some(prepared.count);
                Action::None
            }
            Message::Prepared(Err(error)) => {
                self.error = Some(error);
                Action::None
            }
            Message::To(i) => {
                self.to = Some(i);
                self.confirming = false;
                Action::None
            }
            Message::NoteChanged(note) => {
                if note.chars().count() <= MAX_NOTE_CHARS {
                    self.note.zeroize();
                    self.note = note;
                }
                self.confirming = false;
                Action::None
            }
            Message::Submit if self.working => Action::None,
            Message::Submit => match self.chosen() {
                Some(_) if self.count() == 0 => Action::None,
                Some(_) if !self.confirming => {
                    self.confirming = true;
                    Action::None
                }
                Some(to) => {
                    let to = to.clone();
                    self.working = true;
                    self.error = None;
                    let note = self.note.trim();
                    Action::Reassign {
                        handing: match &self.scope {
                            Scope::Selected(ids) => {
                                Handing::Cases(ids.iter().map(ToString::to_string).collect())
                            }
                            Scope::MyOpenCases => Handing::OpenCasesOf(self.me.clone()),
                        },
                        to,
                        note: (!note.is_empty()).then(|| Zeroizing::new(note.to_owned())),
                    }
                }
                None => Action::None,
            },
            Message::Back => {
                self.confirming = false;
                Action::None
            }
            Message::Cancel if self.working => Action::None,
            Message::Cancel => Action::Close,
            Message::Done(Ok(done)) => Action::Finished(done),
            Message::Done(Err(error)) => {
                self.working = false;
                self.confirming = false;
                self.error = Some(error);
                Action::None
            }
        }
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let mut content = column![
            text(i18n.t("cases-handover-title"))
                .size(theme::TEXT_L)
                .font(theme::BOLD)
        ]
        .spacing(theme::SPACE_M);
        let Some(officers) = &self.officers else {
            if let Some(error) = &self.error {
                content = content.push(error_banner(i18n, error));
            }
            return panel(content.push(cancel(i18n)));
        };
        let what = match self.scope {
            Scope::Selected(_) => "cases-handover-what-selected",
            Scope::MyOpenCases => "cases-handover-what-mine",
        };
        content = content.push(text(
            i18n.t_with(what, &[("count", i18n.count(self.count()).into())]),
        ));
        if officers.is_empty() {
            return panel(
                content
                    .push(text(i18n.t("cases-handover-no-other")))
                    .push(cancel(i18n)),
            );
        }
        if self.count() == 0 {
            return panel(
                content
                    .push(text(i18n.t("cases-handover-nothing")))
                    .push(cancel(i18n)),
            );
        }
        let choices = officers.iter().enumerate().fold(
            column![text(i18n.t("cases-handover-to")).font(theme::BOLD)].spacing(theme::SPACE_S),
            |list, (i, name)| list.push(radio(name.as_str(), i, self.to, Message::To)),
        );
        content = content.push(choices).push(
            column![
                text(i18n.t("cases-handover-note")).font(theme::BOLD),
                text_input(&i18n.t("cases-handover-note-placeholder"), &self.note)
                    .id(NOTE_ID)
                    .on_input_maybe((!self.working).then_some(Message::NoteChanged))
                    .on_submit(Message::Submit)
                    .padding(8),
            ]
            .spacing(theme::SPACE_S),
        );
        if let Some(error) = &self.error {
            content = content.push(error_banner(i18n, error));
        }
        let buttons = match (self.confirming, self.chosen()) {
            (true, Some(to)) => {
                content = content.push(
                    container(
                        column![
                            text(i18n.t_with(
                                "cases-handover-confirm",
                                &[
                                    ("count", i18n.count(self.count()).into()),
                                    ("officer", to.clone().into()),
                                ],
                            ))
                            .font(theme::BOLD),
                            text(i18n.t_with(
                                "cases-handover-confirm-hint",
                                &[("officer", to.clone().into())]
                            ))
                            .size(theme::TEXT_S),
                        ]
                        .spacing(theme::SPACE_S),
                    )
                    .padding(theme::SPACE_M)
                    .width(Length::Fill)
                    .style(theme::card),
                );
                row![
                    button(text(i18n.t("cases-handover-back")))
                        .style(theme::button_secondary)
                        .on_press_maybe((!self.working).then_some(Message::Back)),
                    iced::widget::space::horizontal(),
                    button(text(i18n.t(if self.working {
                        "cases-handover-working"
                    } else {
                        "cases-handover-do"
                    })))
                    .style(theme::button_primary)
                    .on_press_maybe((!self.working).then_some(Message::Submit)),
                ]
            }
            _ => row![
                button(text(i18n.t("cases-handover-cancel")))
                    .style(theme::button_secondary)
                    .on_press(Message::Cancel),
                iced::widget::space::horizontal(),
                button(text(i18n.t("cases-handover-next")))
                    .style(theme::button_primary)
                    .on_press_maybe(self.chosen().is_some().then_some(Message::Submit)),
            ],
        };
        panel(content.push(buttons.spacing(theme::SPACE_M).align_y(Alignment::Center)))
    }
}

fn cancel<'a>(i18n: &I18n) -> Element<'a, Message> {
    button(text(i18n.t("cases-handover-cancel")))
        .style(theme::button_secondary)
        .on_press(Message::Cancel)
        .into()
}

/// The dialog's card, of a width that reads well.
fn panel<'a>(content: iced::widget::Column<'a, Message>) -> Element<'a, Message> {
    container(content)
        .padding(theme::SPACE_L)
        .max_width(560)
        .style(theme::card)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(dialog: &mut Handover, officers: &[&str], count: u64) {
        let _ = dialog.update(Message::Prepared(Ok(Prepared {
            officers: officers.iter().map(|o| (*o).to_owned()).collect(),
            count,
        })));
    }

    #[test]
    fn the_only_other_officer_is_chosen_and_enter_asks_before_handing_over() {
        let mut dialog = Handover::new(Scope::MyOpenCases, "J. Jonaitis");
        prepared(&mut dialog, &["J. Jonaitis", "A. Petraitė"], 3);
        let _ = dialog.update(Message::NoteChanged("Interpreter needed".into()));
        assert!(matches!(dialog.update(Message::Submit), Action::None));
        assert!(dialog.confirming, "the first Enter asks");
        match dialog.update(Message::Submit) {
            Action::Reassign { handing, to, note } => {
                assert_eq!(handing, Handing::OpenCasesOf("J. Jonaitis".into()));
                assert_eq!(to, "A. Petraitė");
                assert_eq!(
                    note.as_deref().map(String::as_str),
                    Some("Interpreter needed")
                );
            }
            _ => panic!("the second Enter hands over"),
        }
        assert!(!format!("{:?}", Message::NoteChanged("secret".into())).contains("secret"));
    }

    #[test]
    fn with_several_officers_nothing_goes_until_one_is_chosen() {
        let mut dialog = Handover::new(Scope::Selected(vec![CaseId::new()]), "J. Jonaitis");
        prepared(
            &mut dialog,
            &["J. Jonaitis", "A. Petraitė", "R. Kazlauskas"],
            1,
        );
        assert!(matches!(dialog.update(Message::Submit), Action::None));
        assert!(!dialog.confirming);
        let _ = dialog.update(Message::To(1));
        let _ = dialog.update(Message::Submit);
        assert!(dialog.step_back(), "Esc steps back from the question");
        assert!(!dialog.step_back());
        let _ = dialog.update(Message::Submit);
        assert!(matches!(
            dialog.update(Message::Submit),
            Action::Reassign { to, .. } if to == "R. Kazlauskas"
        ));
    }
}
