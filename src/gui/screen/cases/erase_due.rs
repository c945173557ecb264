//! The cases past their erase-after date (`vault::stubs`), from the case
//! list: a dialog lists them (at a mission its own, at the commission
//! every mission's) and erases them after one confirmation, through the
//! usual erasure, so that the mission's tombstones travel as any other.

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Element, Length};

use crate::gui::job::Effect;
use crate::gui::store::{Store, with_vault};
use crate::gui::theme;
use crate::i18n::I18n;
use crate::vault::{self, ErasureDue};

#[derive(Debug, Clone)]
pub enum Message {
    Listed(Result<Vec<ErasureDue>, vault::Error>),
    Erase,
    Erased(Result<usize, vault::Error>),
    Close,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    List,
    /// Erase the cases listed (the references shown and confirmed).
    Erase(Vec<String>),
    /// Closed; `true`: cases were erased, the list is read again.
    Close(bool),
}

#[derive(Debug, Default)]
pub struct EraseDue {
    due: Option<Vec<ErasureDue>>,
    busy: bool,
    erased: Option<usize>,
    error: Option<vault::Error>,
}

impl EraseDue {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Listed(Ok(due)) => self.due = Some(due),
            Message::Listed(Err(error)) | Message::Erased(Err(error)) => {
                self.busy = false;
                self.error = Some(error);
            }
            Message::Erase => {
                if !self.busy
                    && let Some(due) = self.due.as_ref().filter(|d| !d.is_empty())
                {
                    self.busy = true;
                    return Action::Erase(due.iter().map(|d| d.reference.clone()).collect());
                }
            }
            Message::Erased(Ok(count)) => {
                self.busy = false;
                self.erased = Some(count);
                self.due = Some(Vec::new());
            }
            Message::Close if !self.busy => return Action::Close(self.erased.is_some()),
            Message::Close => {}
        }
        Action::None
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let mut content = column![
            text(i18n.t("erase-due-title"))
                .size(theme::TEXT_L)
                .font(theme::BOLD)
        ]
        .spacing(theme::SPACE_M);
        match &self.due {
            None => content = content.push(text(i18n.t("erase-due-reading"))),
            Some(due) if due.is_empty() => {
                content = content.push(text(match self.erased {
                    Some(count) => i18n.t_with("erase-due-erased", &[("count", count.into())]),
                    None => i18n.t("erase-due-none"),
                }));
            }
            Some(due) => {
                let lines = due.iter().fold(column![].spacing(2), |list, case| {
                    list.push(text(i18n.t_with(
                        "erase-due-line",
                        &[
                            ("reference", case.reference.clone().into()),
                            ("date", case.erase_after.to_string().into()),
                        ],
                    )))
                });
                content = content
                    .push(text(
                        i18n.t_with("erase-due-confirm", &[("count", due.len().into())]),
                    ))
                    .push(scrollable(lines).height(Length::Shrink));
            }
        }
        if let Some(error) = &self.error {
            content = content.push(text(error.to_string()).style(|t| text::Style {
                color: Some(theme::danger(t)),
            }));
        }
        let count = self.due.as_ref().map_or(0, Vec::len);
        let mut buttons = row![].spacing(theme::SPACE_S);
        if count > 0 {
            buttons = buttons.push(
                button(text(
                    i18n.t_with("erase-due-erase", &[("count", count.into())]),
                ))
                .style(theme::button_danger)
                .on_press_maybe((!self.busy).then_some(Message::Erase)),
            );
        }
        buttons = buttons.push(
            button(text(i18n.t(if count > 0 {
                "button-cancel"
            } else {
                "erase-due-close"
            })))
            .style(button::secondary)
            .on_press_maybe((!self.busy).then_some(Message::Close)),
        );
        container(content.push(buttons))
            .padding(theme::SPACE_L)
            .max_width(620)
            .style(theme::card)
            .into()
    }
}

/// Runs `action` on the vault (a job), answering with the dialog's message
/// wrapped by `wrap`.
pub fn run(
    store: &Store,
    action: Action,
    wrap: impl Fn(Message) -> crate::gui::Message + Send + 'static,
) -> Effect {
    let store = store.clone();
    let today = crate::domain::today();
    match action {
        Action::None | Action::Close(_) => Effect::None,
        Action::List => Effect::job(move || {
            wrap(Message::Listed(with_vault(&store, |v| {
                v.erasures_due(today)
            })))
        }),
        Action::Erase(references) => Effect::job(move || {
            wrap(Message::Erased(with_vault(&store, |v| {
                v.erase_due_of(&references, today).map(|t| t.len())
            })))
        }),
    }
}
