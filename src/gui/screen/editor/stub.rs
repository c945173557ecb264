//! A case kept at the mission as a stub (`vault::stubs`): shown read-only
//! with what it keeps (dates and statuses), under a plain sentence saying
//! that the commission holds the full record; at its own mission, with
//! "Consent withdrawn…" (`vault::withdrawals`), which asks once and then
//! has the next export tell the commission to redact its record.

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};

use super::{Action, Editor};
use crate::domain::CaseId;
use crate::gui::theme;
use crate::i18n::I18n;
use crate::vault;

/// What the stub's notice does.
#[derive(Debug, Clone)]
pub enum Message {
    /// "Consent withdrawn…": ask first.
    Withdraw,
    Confirm,
    Cancel,
    /// "Not withdrawn after all": retracts a withdrawal no export carried.
    Retract,
    /// What the vault holds for the stub with this id (read when it opens,
    /// and after recording or retracting: `None` when nothing is
    /// recorded), or why not. A result for another case is ignored.
    Withdrawn(CaseId, Result<Option<Recorded>, vault::Error>),
}

/// A withdrawal as the vault recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// When it was recorded (RFC 3339).
    pub at: String,
    /// Whether an export carried it (then it cannot be retracted).
    pub exported: bool,
}

impl From<vault::RecordedWithdrawal> for Recorded {
    fn from(recorded: vault::RecordedWithdrawal) -> Self {
        Recorded {
            at: recorded.withdrawal.withdrawn_at,
            exported: recorded.exported,
        }
    }
}

/// Where the withdrawal of a stub's consent stands in the editor.
#[derive(Debug, Default)]
pub(super) struct Consent {
    asking: bool,
    /// What the vault said is recorded.
    withdrawn: Option<Recorded>,
    error: Option<vault::Error>,
}

impl Consent {
    /// Closes the question "Consent withdrawn?" if it is asked (`true`).
    pub(super) fn cancel_question(&mut self) -> bool {
        std::mem::take(&mut self.asking)
    }
}

impl Editor {
    pub(super) fn stub_update(&mut self, message: Message) -> Action {
        let shown = self.record.as_ref().map(|r| r.meta.id);
        match message {
            Message::Withdraw if self.own_stub => {
                self.consent.asking = true;
                self.consent.error = None;
            }
            Message::Withdraw => {}
            Message::Cancel => self.consent.asking = false,
            Message::Confirm => {
                self.consent.asking = false;
                if let Some(id) = shown.filter(|_| self.own_stub) {
                    return Action::WithdrawConsent(id);
                }
            }
            Message::Retract => {
                let pending = self.consent.withdrawn.as_ref().is_some_and(|r| !r.exported);
                if let Some(id) = shown.filter(|_| self.own_stub && pending) {
                    self.consent.error = None;
                    return Action::RetractWithdrawal(id);
                }
            }
            Message::Withdrawn(id, _) if Some(id) != shown => {}
            Message::Withdrawn(_, Ok(recorded)) => {
                self.consent.withdrawn = recorded;
                self.consent.error = None;
            }
            Message::Withdrawn(_, Err(error)) => self.consent.error = Some(error),
        }
        Action::None
    }

    /// "Held by the commission", and why nothing else is shown; at the
    /// stub's own mission, the withdrawal of consent.
    pub(super) fn stub_notice<'a>(&self, i18n: &I18n) -> Element<'a, super::Message> {
        let mut notice = column![
            text(i18n.t("editor-stub-title")).font(theme::BOLD),
            text(i18n.t("editor-stub-why")).size(theme::TEXT_S),
            text(i18n.t("editor-stub-final")).size(theme::TEXT_S),
        ]
        .spacing(theme::SPACE_S);
        if self.own_stub {
            let stub = |m| super::Message::Stub(m);
            if let Some(recorded) = &self.consent.withdrawn {
                let at = &recorded.at;
                let date = crate::domain::day_of(at).to_owned();
                notice = notice.push(
                    text(i18n.t_with("editor-stub-withdrawn", &[("date", date.into())]))
                        .size(theme::TEXT_S),
                );
                notice = if recorded.exported {
                    notice.push(text(i18n.t("editor-stub-withdrawn-exported")).size(theme::TEXT_S))
                } else {
                    notice.push(
                        button(text(i18n.t("editor-stub-retract")))
                            .style(theme::button_secondary)
                            .on_press(stub(Message::Retract)),
                    )
                };
            } else if self.consent.asking {
                // A stub holds no name: its reference and dates are what
                // the officer checks against the person.
                let (reference, opened, last) = self
                    .record
                    .as_ref()
                    .map(|r| {
                        (
                            r.meta.reference.clone(),
                            r.case.first_contact.date.to_string(),
                            r.case.last_contact().to_string(),
                        )
                    })
                    .unwrap_or_default();
                notice = notice.push(
                    container(
                        column![
                            text(i18n.t_with(
                                "editor-stub-withdraw-confirm",
                                &[
                                    ("reference", reference.into()),
                                    ("opened", opened.into()),
                                    ("last", last.into()),
                                ],
                            )),
                            row![
                                button(text(i18n.t("editor-stub-withdraw-yes")))
                                    .style(theme::button_danger)
                                    .on_press(stub(Message::Confirm)),
                                button(text(i18n.t("editor-stub-withdraw-no")))
                                    .style(theme::button_secondary)
                                    .on_press(stub(Message::Cancel)),
                            ]
                            .spacing(theme::SPACE_S),
                        ]
                        .spacing(theme::SPACE_S),
                    )
                    .padding(theme::SPACE_M)
                    .width(Length::Fill)
                    .style(theme::error_banner),
                );
            } else {
                notice = notice.push(
                    button(text(i18n.t("editor-stub-withdraw")))
                        .style(theme::button_secondary)
                        .on_press(stub(Message::Withdraw)),
                );
            }
            if let Some(error) = &self.consent.error {
                notice = notice.push(
                    text(crate::gui::widget::error_text(i18n, error))
                        .size(theme::TEXT_S)
                        .style(text::danger),
                );
            }
        }
        container(notice)
            .padding(theme::SPACE_M)
            .width(Length::Fill)
            .style(theme::card)
            .into()
    }
}
