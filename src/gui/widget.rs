//! Small view pieces shared by several screens.

use iced::widget::{container, text};
use iced::{Element, Length};

use super::theme;
use crate::i18n::I18n;
use crate::vault;

/// A full-width banner telling what went wrong with the vault, in the
/// interface language.
pub fn error_banner<'a, Message: 'a>(i18n: &I18n, error: &vault::Error) -> Element<'a, Message> {
    container(text(super::screen::unlock::error_text(i18n, error)))
        .padding(theme::SPACE_M)
        .style(theme::error_banner)
        .width(Length::Fill)
        .into()
}

/// A white (or raised) panel around a group of fields or results.
pub fn card<'a, Message: 'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(content)
        .padding(theme::SPACE_M)
        .width(Length::Fill)
        .style(theme::card)
        .into()
}

/// Small, muted text for hints and secondary facts.
pub fn hint<'a>(label: String) -> text::Text<'a> {
    text(label).size(theme::TEXT_S).style(|t| text::Style {
        color: Some(theme::muted(t)),
    })
}
