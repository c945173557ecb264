//! A case kept at the mission as a stub (`vault::stubs`): shown read-only
//! with what it keeps (dates and statuses), under a plain sentence saying
//! that the commission holds the full record; at its own mission, with
//! "Consent withdrawn…" (`vault::withdrawals`), which asks once and then
//! has the next export tell the commission to redact its record.

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};

use super::{Action, Editor};
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
    /// Recorded (the date it was, the first time), or why not.
    Withdrawn(Result<String, vault::Error>),
}

/// Where the withdrawal of a stub's consent stands in the editor.
#[derive(Debug, Default)]
pub(super) struct Consent {
    asking: bool,
    /// The date it was recorded, once the vault said so.
    withdrawn: Option<String>,
    error: Option<vault::Error>,
}

impl Editor {
    pub(super) fn stub_update(&mut self, message: Message) -> Action {
        match message {
            Message::Withdraw if self.own_stub => {
                self.consent.asking = true;
                self.consent.error = None;
            }
            Message::Withdraw => {}
            Message::Cancel => self.consent.asking = false,
            Message::Confirm => {
                self.consent.asking = false;
                if let Some(record) = self.record.as_ref().filter(|_| self.own_stub) {
                    return Action::WithdrawConsent(record.meta.id);
                }
            }
            Message::Withdrawn(Ok(at)) => self.consent.withdrawn = Some(at),
            Message::Withdrawn(Err(error)) => self.consent.error = Some(error),
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
            if let Some(at) = &self.consent.withdrawn {
                let date = at.get(..10).unwrap_or(at).to_owned();
                notice = notice.push(
                    text(i18n.t_with("editor-stub-withdrawn", &[("date", date.into())]))
                        .size(theme::TEXT_S),
                );
            } else if self.consent.asking {
                notice = notice.push(
                    container(
                        column![
                            text(i18n.t("editor-stub-withdraw-confirm")),
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
