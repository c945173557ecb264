//! What the case list, the first screen after unlocking, says of what
//! happened at this unlock or holds the vault back: how many closed cases
//! the unlock reduced to stubs (`vault::stubs`; the officer dismisses it),
//! and, while no backup holds the mission's rotated signing key, that
//! exports are blocked until one is written (it stays until then, read
//! again with every page of the list; its button opens the settings,
//! where "Back up now" writes one).

use iced::widget::text::Wrapping;
use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::gui::theme;
use crate::i18n::I18n;

#[derive(Debug, Clone)]
pub enum Message {
    /// The officer read how many cases were reduced.
    DismissReduced,
    /// Opens the settings, to write a backup.
    OpenSettings,
}

#[derive(Debug, Default)]
pub struct Notices {
    /// Cases reduced to stubs at this unlock, until dismissed.
    reduced: u64,
    /// No backup holds the signing key (as the last page read said).
    unbacked: bool,
}

impl Notices {
    /// The cases reduced at this unlock.
    pub fn reduced(reduced: u64) -> Notices {
        Notices {
            reduced,
            unbacked: false,
        }
    }

    pub fn set_unbacked(&mut self, unbacked: bool) {
        self.unbacked = unbacked;
    }

    /// Dismisses the count; `true` if the settings are asked for.
    pub fn update(&mut self, message: Message) -> bool {
        match message {
            Message::DismissReduced => {
                self.reduced = 0;
                false
            }
            Message::OpenSettings => true,
        }
    }

    pub fn view<'a>(&self, i18n: &I18n) -> Option<Element<'a, Message>> {
        let mut notices = column![].spacing(theme::SPACE_S);
        if self.unbacked {
            notices = notices.push(
                container(
                    row![
                        text(i18n.t("cases-unbacked-key"))
                            .width(Length::Fill)
                            .wrapping(Wrapping::Word),
                        button(text(i18n.t("cases-unbacked-key-open")).wrapping(Wrapping::None))
                            .style(theme::button_secondary)
                            .on_press(Message::OpenSettings),
                    ]
                    .spacing(theme::SPACE_M)
                    .align_y(Alignment::Center),
                )
                .padding(theme::SPACE_M)
                .width(Length::Fill)
                .style(theme::error_banner),
            );
        }
        if self.reduced > 0 {
            notices = notices.push(
                container(
                    row![
                        text(i18n.t_with(
                            "cases-reduced-at-unlock",
                            &[("count", i18n.count(self.reduced).into())]
                        ))
                        .width(Length::Fill)
                        .wrapping(Wrapping::Word),
                        button(
                            text(i18n.t("cases-reduced-at-unlock-dismiss"))
                                .wrapping(Wrapping::None)
                        )
                        .style(theme::button_secondary)
                        .on_press(Message::DismissReduced),
                    ]
                    .spacing(theme::SPACE_M)
                    .align_y(Alignment::Center),
                )
                .padding(theme::SPACE_M)
                .width(Length::Fill)
                .style(theme::card),
            );
        }
        (self.unbacked || self.reduced > 0).then(|| notices.into())
    }
}
