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
