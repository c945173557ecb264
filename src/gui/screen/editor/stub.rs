//! A case kept at the mission as a stub (`vault::stubs`): shown read-only
//! with what it keeps (dates and statuses), under a plain sentence saying
//! that the commission holds the full record.

use iced::widget::{column, container, text};
use iced::{Element, Length};

use super::Message;
use crate::gui::theme;
use crate::i18n::I18n;

/// "Held by the commission", and why nothing else is shown.
pub(super) fn notice<'a>(i18n: &I18n) -> Element<'a, Message> {
    container(
        column![
            text(i18n.t("editor-stub-title")).font(theme::BOLD),
            text(i18n.t("editor-stub-why")).size(theme::TEXT_S),
            text(i18n.t("editor-stub-final")).size(theme::TEXT_S),
        ]
        .spacing(theme::SPACE_S),
    )
    .padding(theme::SPACE_M)
    .width(Length::Fill)
    .style(theme::card)
    .into()
}
