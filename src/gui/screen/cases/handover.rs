//! The list's handover dialog: the cases ticked in the list, or every open
//! case of the officer signed in, given to another officer of the vault
//! with a note. Two steps in one card: choose the officer and write the
//! note, then a sentence naming the officer and the count to confirm.
//! From the keyboard: the note has the focus (Tab keeps it there), Up and
//! Down choose the officer, Enter asks, Enter again hands over, Esc steps
//! back (one press, even from the note). While the cases are being handed
//! over nothing closes the dialog: its result is always shown.
//!
//! What is confirmed is what is done: the cases are read when the dialog
//! opens (those ticked that still exist, or the officer's open ones), the
//! count asked about leaves out those the chosen officer owns already,
//! and exactly those cases, by reference, are handed over.
//! The note is wiped when the dialog goes.

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

/// What the dialog needs from the vault: the officers, and the cases it
/// would move, `(reference, owner)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Prepared {
    pub officers: Vec<String>,
    pub cases: Vec<(String, String)>,
}

/// Counts, names no one.
impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("officers", &self.officers.len())
            .field("cases", &self.cases.len())
            .finish()
    }
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
    /// A click on the shade around the card: cancels unless a note is
    /// typed (or the cases are being handed over).
    Shade,
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
            Message::Shade => f.write_str("Shade"),
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
    /// The cases, `(reference, owner)`, once read.
    cases: Option<Vec<(String, String)>>,
    to: Option<usize>,
    note: String,
    /// The last thing typed in the note went past [`MAX_NOTE_CHARS`].
    note_full: bool,
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

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

impl Handover {
    pub fn new(scope: Scope, me: &str) -> Handover {
        Handover {
            scope,
            me: me.to_owned(),
            officers: None,
            cases: None,
            to: None,
            note: String::new(),
            note_full: false,
            confirming: false,
            working: false,
            error: None,
        }
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Esc: from the question back to the form (`true`), or nothing left
    /// to step back from (`false`: the dialog closes). While the cases are
    /// being handed over, Esc does nothing (`true`): the result must be
    /// seen.
    pub fn step_back(&mut self) -> bool {
        if self.working {
            true
        } else if self.confirming {
            self.confirming = false;
            true
        } else {
            false
        }
    }

    /// Whether the cases are being handed over (nothing closes the dialog).
    pub fn working(&self) -> bool {
        self.working
    }

    /// Up (`forward` false) or Down: the previous or next officer.
    pub fn choose_next(&mut self, forward: bool) {
        let Some(officers) = &self.officers else {
            return;
        };
        if self.working || officers.is_empty() {
            return;
        }
        let last = officers.len() - 1;
        self.to = Some(match (self.to, forward) {
            (None, true) => 0,
            (None, false) => last,
            (Some(i), true) => (i + 1).min(last),
            (Some(i), false) => i.saturating_sub(1),
        });
        self.confirming = false;
    }

    fn chosen(&self) -> Option<&String> {
        self.officers.as_ref()?.get(self.to?)
    }

    /// The cases read, whoever they would go to.
    fn count(&self) -> u64 {
        count(self.cases.as_ref().map_or(0, Vec::len))
    }

    /// The references of the cases that would change owner: those not
    /// the chosen officer's already.
    fn moving(&self) -> Vec<String> {
        let (Some(cases), Some(to)) = (&self.cases, self.chosen()) else {
            return Vec::new();
        };
        cases
            .iter()
            .filter(|(_, owner)| owner != to)
            .map(|(reference, _)| reference.clone())
            .collect()
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
                self.cases = Some(prepared.cases);
                Action::None
            }
            Message::Prepared(Err(error)) => {
                self.error = Some(error);
                Action::None
            }
            Message::To(_) if self.working => Action::None,
            Message::To(i) => {
                self.to = Some(i);
                self.confirming = false;
                Action::None
            }
            Message::NoteChanged(mut note) => {
                self.note_full = note.chars().count() > MAX_NOTE_CHARS;
                if self.note_full {
                    note.zeroize();
                } else {
                    self.note.zeroize();
                    self.note = note;
                }
                self.confirming = false;
                Action::None
            }
            Message::Submit if self.working => Action::None,
            Message::Submit => match self.chosen() {
                Some(_) if self.moving().is_empty() => Action::None,
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
                        handing: Handing::Cases(self.moving()),
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
            Message::Cancel | Message::Shade if self.working => Action::None,
            Message::Cancel => Action::Close,
            Message::Shade if self.note.trim().is_empty() => Action::Close,
            Message::Shade => Action::None,
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
        if self.note_full {
            content = content.push(
                text(i18n.t_with(
                    "cases-handover-note-full",
                    &[("count", i18n.count(count(MAX_NOTE_CHARS)).into())],
                ))
                .size(theme::TEXT_S),
            );
        }
        if let Some(to) = self.chosen()
            && self.moving().is_empty()
        {
            content = content.push(text(
                i18n.t_with("cases-handover-theirs", &[("officer", to.clone().into())]),
            ));
        }
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
                                    ("count", i18n.count(count(self.moving().len())).into()),
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
                    .on_press_maybe((!self.moving().is_empty()).then_some(Message::Submit)),
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
            cases: (0..count)
                .map(|i| {
                    (
                        format!("LT-LON-2026-{:04}", i + 1),
                        "J. Jonaitis".to_owned(),
                    )
                })
                .collect(),
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
                // Exactly the cases counted when the dialog opened.
                assert_eq!(
                    handing,
                    Handing::Cases(
                        ["LT-LON-2026-0001", "LT-LON-2026-0002", "LT-LON-2026-0003"]
                            .map(String::from)
                            .to_vec()
                    )
                );
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

    #[test]
    fn nothing_closes_a_dialog_at_work_and_the_shade_keeps_a_typed_note() {
        let mut dialog = Handover::new(Scope::MyOpenCases, "J. Jonaitis");
        prepared(&mut dialog, &["J. Jonaitis", "A. Petraitė"], 1);
        let _ = dialog.update(Message::NoteChanged("Typed with care".into()));
        assert!(matches!(dialog.update(Message::Shade), Action::None));
        let _ = dialog.update(Message::Submit);
        assert!(matches!(
            dialog.update(Message::Submit),
            Action::Reassign { .. }
        ));
        assert!(dialog.step_back(), "Esc is taken, and does nothing");
        assert!(dialog.working());
        assert!(matches!(dialog.update(Message::Cancel), Action::None));
        assert!(matches!(dialog.update(Message::Shade), Action::None));
        let _ = dialog.update(Message::To(5));
        assert_eq!(dialog.to, Some(0), "the officer asked for stays chosen");
        let mut empty = Handover::new(Scope::MyOpenCases, "J. Jonaitis");
        prepared(&mut empty, &["J. Jonaitis", "A. Petraitė"], 1);
        assert!(matches!(empty.update(Message::Shade), Action::Close));
    }

    #[test]
    fn the_count_leaves_out_the_cases_the_officer_chosen_owns() {
        let mut dialog = Handover::new(Scope::Selected(vec![CaseId::new()]), "J. Jonaitis");
        let _ = dialog.update(Message::Prepared(Ok(Prepared {
            officers: vec![
                "J. Jonaitis".into(),
                "A. Petraitė".into(),
                "R. Kazlauskas".into(),
            ],
            cases: vec![
                ("LT-LON-2026-0001".into(), "J. Jonaitis".into()),
                ("LT-LON-2026-0002".into(), "A. Petraitė".into()),
            ],
        })));
        dialog.choose_next(true);
        assert_eq!(dialog.chosen().map(String::as_str), Some("A. Petraitė"));
        assert_eq!(dialog.moving(), ["LT-LON-2026-0001"]);
        dialog.choose_next(true);
        dialog.choose_next(true);
        assert_eq!(dialog.chosen().map(String::as_str), Some("R. Kazlauskas"));
        assert_eq!(dialog.moving().len(), 2);
        dialog.choose_next(false);
        let _ = dialog.update(Message::Submit);
        assert!(matches!(
            dialog.update(Message::Submit),
            Action::Reassign { handing: Handing::Cases(refs), .. } if refs == ["LT-LON-2026-0001"]
        ));
    }

    #[test]
    fn a_note_past_the_limit_is_said_and_the_note_kept() {
        let mut dialog = Handover::new(Scope::MyOpenCases, "J. Jonaitis");
        prepared(&mut dialog, &["J. Jonaitis", "A. Petraitė"], 1);
        let _ = dialog.update(Message::NoteChanged("short".into()));
        let _ = dialog.update(Message::NoteChanged("x".repeat(MAX_NOTE_CHARS + 1)));
        assert!(dialog.note_full);
        assert_eq!(dialog.note, "short");
        let _ = dialog.update(Message::NoteChanged("shorter".into()));
        assert!(!dialog.note_full);
    }
}
