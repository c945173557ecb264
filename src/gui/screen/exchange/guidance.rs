//! Commission: the guidance notes its replies carry, listed on its
//! exchange screen, each with Withdraw. Withdrawing asks first (every
//! mission hides the note once it receives the next reply, and the note is
//! never sent again), then runs as the command line's `guidance
//! --withdraw ID` does (`exchange::reply::withdraw_guidance`, audited with
//! the note's id).

use iced::widget::{button, column, row, text};
use iced::{Alignment, Element, Length};

use super::{Action as ScreenAction, Exchange, Told, reply};
use crate::exchange::{self, reply::Note};
use crate::gui::app::Message as AppMessage;
use crate::gui::job::Effect;
use crate::gui::store::Store;
use crate::gui::theme;
use crate::gui::widget::{Said, hint};
use crate::i18n::I18n;

#[derive(Debug, Clone)]
pub enum Message {
    /// Withdraw… on the note with this id: asks first.
    Withdraw(String),
    Confirm,
    Cancel,
    /// The withdrawal of the note with this id ended.
    Withdrawn(String, Result<(), exchange::Error>),
}

impl Exchange {
    pub(super) fn guidance_update(&mut self, message: Message) -> ScreenAction {
        match message {
            Message::Withdraw(id) if self.withdrawing.is_none() => {
                self.outcome = None;
                self.withdrawing = Some((id, false));
                ScreenAction::None
            }
            Message::Withdraw(_) => ScreenAction::None,
            Message::Cancel => {
                if self.withdrawing.as_ref().is_some_and(|(_, busy)| !busy) {
                    self.withdrawing = None;
                }
                ScreenAction::None
            }
            Message::Confirm => match &mut self.withdrawing {
                Some((id, busy)) if !*busy => {
                    *busy = true;
                    ScreenAction::Reply(reply::Action::Withdraw(id.clone()))
                }
                _ => ScreenAction::None,
            },
            Message::Withdrawn(id, result) => {
                // A late result of an earlier question (asked before the
                // officer left and came back) leaves the current one be.
                if self
                    .withdrawing
                    .as_ref()
                    .is_some_and(|(asked, _)| *asked == id)
                {
                    self.withdrawing = None;
                }
                self.outcome = Some(
                    result
                        .map(|()| Told::Said(Said::with("exchange-guidance-withdrawn", "id", id)))
                        .map_err(Told::Refused),
                );
                ScreenAction::Load
            }
        }
    }

    /// Esc: cancels the question asked before a withdrawal, if one is
    /// open and not yet answered (true), before it leaves the screen.
    pub fn close_menu(&mut self) -> bool {
        if self.withdrawing.as_ref().is_some_and(|(_, busy)| !busy) {
            self.withdrawing = None;
            return true;
        }
        false
    }

    /// After a reload: a question about a note the list no longer holds
    /// (withdrawn meanwhile, from the command line) is dropped, or it would
    /// keep every Withdraw… disabled with no Cancel to be seen.
    pub(super) fn forget_gone_question(&mut self) {
        let gone = match (&self.withdrawing, &self.overview) {
            (Some((id, false)), Some(overview)) => {
                !overview.guidance.iter().any(|note| note.note.id == *id)
            }
            _ => false,
        };
        if gone {
            self.withdrawing = None;
        }
    }

    /// The notes the commission's replies carry, newest first, each with
    /// Withdraw…, or the question for the one being withdrawn.
    pub(super) fn guidance_sent<'a>(&self, notes: &'a [Note], i18n: &I18n) -> Element<'a, Message> {
        let mut list = column![
            text(i18n.t("exchange-guidance-sent"))
                .size(theme::TEXT_L)
                .font(theme::BOLD),
            hint(i18n.t("exchange-guidance-sent-hint")),
        ]
        .spacing(theme::SPACE_S);
        for note in notes {
            let note = &note.note;
            let body = note.text_in(i18n.language());
            let asked = self.withdrawing.as_ref().filter(|(id, _)| *id == note.id);
            let mut line = row![
                text(note.date.to_string()).font(theme::BOLD).width(110),
                text(body).width(Length::Fill),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center);
            if asked.is_none() {
                line = line.push(
                    button(text(i18n.t("exchange-guidance-withdraw")))
                        .style(button::secondary)
                        .on_press_maybe(
                            self.withdrawing
                                .is_none()
                                .then(|| Message::Withdraw(note.id.clone())),
                        ),
                );
            }
            list = list.push(line);
            if let Some((_, busy)) = asked {
                let idle = (!busy).then_some(());
                list = list.push(
                    column![
                        text(i18n.t_with(
                            "exchange-guidance-withdraw-confirm",
                            &[
                                ("date", note.date.to_string().into()),
                                ("id", note.id.clone().into()),
                            ],
                        ))
                        .font(theme::BOLD),
                        text(i18n.t("exchange-guidance-withdraw-format")),
                        row![
                            button(text(i18n.t("exchange-guidance-withdraw-yes")))
                                .style(theme::button_danger)
                                .on_press_maybe(idle.map(|()| Message::Confirm)),
                            button(text(i18n.t("button-cancel")))
                                .style(button::secondary)
                                .on_press_maybe(idle.map(|()| Message::Cancel)),
                        ]
                        .spacing(theme::SPACE_M),
                    ]
                    .spacing(theme::SPACE_S),
                );
            }
        }
        list.into()
    }
}

/// Withdraws the note `id` (a job).
pub fn effect(store: Store, id: String) -> Effect {
    Effect::job(move || {
        let mut vault = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let result = exchange::reply::withdraw_guidance(&mut vault, &id);
        AppMessage::Exchange(super::Message::Reply(reply::Message::Guidance(
            Message::Withdrawn(id, result),
        )))
    })
}
