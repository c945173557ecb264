//! Documents from the editor: the case summary, written as a PDF where the
//! save dialog says, by a job off the window's thread. Only a saved case
//! with no unsaved changes is printed, so that the paper shows what the
//! vault holds.

use std::path::PathBuf;

use iced::widget::text;

use super::{Action, Editor, Message};
use crate::gui::theme;
use crate::i18n::I18n;

/// Where the summary stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Printing {
    Writing,
    Written(PathBuf),
    Failed(String),
}

impl Editor {
    /// Whether the summary can be printed now.
    pub(super) fn offers_summary(&self) -> bool {
        self.record.is_some()
            && !self.dirty
            && !self.saving
            && self.printing != Some(Printing::Writing)
    }

    pub(super) fn printing_update(&mut self, message: Message) -> Action {
        match message {
            Message::Summary if self.offers_summary() => match &self.record {
                Some(record) => Action::ChooseSummaryFile(format!("{}.pdf", record.meta.reference)),
                None => Action::None,
            },
            Message::SummaryFileChosen(Some(path)) if self.offers_summary() => match &self.record {
                Some(record) => {
                    self.printing = Some(Printing::Writing);
                    Action::WriteSummary {
                        id: record.meta.id,
                        path,
                    }
                }
                None => Action::None,
            },
            Message::SummaryWritten(result) => {
                self.printing = Some(match result {
                    Ok(path) => Printing::Written(path),
                    Err(error) => Printing::Failed(error),
                });
                Action::None
            }
            _ => Action::None,
        }
    }

    /// The line saying where the summary went, or why it did not.
    pub(super) fn printing_view<'a>(&self, i18n: &I18n) -> Option<iced::Element<'a, Message>> {
        let (line, failed) = match self.printing.as_ref()? {
            Printing::Writing => (i18n.t("editor-summary-writing"), false),
            Printing::Written(path) => (
                i18n.t_with(
                    "editor-summary-written",
                    &[("path", path.display().to_string().into())],
                ),
                false,
            ),
            Printing::Failed(error) => (
                i18n.t_with("editor-summary-failed", &[("error", error.clone().into())]),
                true,
            ),
        };
        Some(
            text(line)
                .size(theme::TEXT_S)
                .style(move |t| text::Style {
                    color: Some(if failed {
                        theme::danger(t)
                    } else {
                        theme::muted(t)
                    }),
                })
                .into(),
        )
    }
}
