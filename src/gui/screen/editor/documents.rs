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
    fn record_id(&self) -> Option<crate::domain::CaseId> {
        self.record.as_ref().map(|r| r.meta.id)
    }

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
                Some(record) => Action::ChooseSummaryFile {
                    id: record.meta.id,
                    name: format!("{}.pdf", record.meta.reference),
                },
                None => Action::None,
            },
            // Only for the case the dialog was opened for: a path chosen
            // for another case (left meanwhile) is dropped, never used to
            // file this one under the other's name.
            Message::SummaryFileChosen(id, Some(path)) if self.offers_summary() => {
                match &self.record {
                    Some(record) if record.meta.id == id => {
                        self.printing = Some(Printing::Writing);
                        Action::WriteSummary {
                            id: record.meta.id,
                            path,
                        }
                    }
                    _ => Action::None,
                }
            }
            Message::SummaryWritten(id, result) if self.record_id() == Some(id) => {
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

/// A document error in the interface language (the system's own words for
/// a write error stay as the system gives them).
pub fn document_error_text(i18n: &I18n, error: &crate::document::Error) -> String {
    use crate::document::Error;
    match error {
        Error::Folder(path) => i18n.t_with(
            "document-error-folder",
            &[("path", path.display().to_string().into())],
        ),
        Error::Exists(path) => i18n.t_with(
            "document-error-exists",
            &[("path", path.display().to_string().into())],
        ),
        Error::Io { path, source } => i18n.t_with(
            "document-error-write",
            &[
                ("path", path.display().to_string().into()),
                ("detail", source.to_string().into()),
            ],
        ),
        Error::Pdf(detail)
        | Error::Template {
            problem: detail, ..
        } => i18n.t_with("document-error-make", &[("detail", detail.clone().into())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn a_document_error_is_said_in_lithuanian() {
        let i18n = I18n::new(Language::Lithuanian);
        let folder = crate::document::Error::Folder("/tmp/popieriai".into());
        assert_eq!(
            document_error_text(&i18n, &folder),
            "/tmp/popieriai yra aplankas; pasirinkite failo pavadinimą."
        );
        let failed = crate::document::Error::Pdf("x".into());
        assert_eq!(
            document_error_text(&i18n, &failed),
            "dokumento sukurti nepavyko (x)."
        );
    }
}
