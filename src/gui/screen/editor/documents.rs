//! Documents from the editor ("Documents…", Ctrl+P): the case summary and
//! a referral letter per referral, written as a PDF where the save dialog
//! says, by a job off the window's thread. Only a saved case with no
//! unsaved changes is printed, so that the paper shows what the vault
//! holds.

use std::path::PathBuf;

use iced::widget::text;

use super::{Action, Editor, Message};
use crate::gui::theme;
use crate::i18n::I18n;

/// Where the document being written stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Printing {
    Writing(Paper),
    Written(Paper, PathBuf),
    Failed(Paper, String),
    /// The case was saved again while the letter's save dialog was open:
    /// its referral `number` may now be another organisation's, so nothing
    /// was written.
    Changed,
}

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Paper {
    Summary,
    Letter,
}

impl Paper {
    /// The keys of its lines: writing, written, failed.
    fn keys(self) -> [&'static str; 3] {
        match self {
            Paper::Summary => [
                "editor-summary-writing",
                "editor-summary-written",
                "editor-summary-failed",
            ],
            Paper::Letter => [
                "editor-letter-writing",
                "editor-letter-written",
                "editor-letter-failed",
            ],
        }
    }
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
            && !matches!(self.printing, Some(Printing::Writing(_)))
    }

    /// The documents that can be asked for now: the summary, then one
    /// letter per stored referral (number, organisation).
    pub(super) fn letters(&self) -> Vec<(usize, String)> {
        match &self.record {
            Some(record) if self.offers_summary() => record
                .case
                .referrals
                .iter()
                .enumerate()
                .map(|(i, r)| (i + 1, r.organisation.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub(super) fn printing_update(&mut self, message: Message) -> Action {
        match message {
            Message::Documents => {
                self.documents_open = !self.documents_open && self.record.is_some();
                self.documents_opened.set(self.documents_open);
                Action::None
            }
            Message::Letter(number) if self.offers_summary() => match &self.record {
                Some(record) if number >= 1 && number <= record.case.referrals.len() => {
                    // The letter is for referral `number` of this revision.
                    self.letter_asked = Some((record.meta.id, number, record.meta.revision));
                    Action::ChooseLetterFile {
                        id: record.meta.id,
                        number,
                        name: format!("{}-referral-{number}.pdf", record.meta.reference),
                    }
                }
                _ => Action::None,
            },
            // Only for the case, the referral and the revision the dialog
            // was opened for: the list of referrals may have changed and been
            // saved meanwhile, and number 2 be another organisation now.
            Message::LetterFileChosen(id, number, path) => {
                let asked = self.letter_asked.take();
                let Some(record) = self.record.as_ref().filter(|r| r.meta.id == id) else {
                    return Action::None;
                };
                let Some(path) = path else {
                    return Action::None;
                };
                if self.offers_summary() && asked == Some((id, number, record.meta.revision)) {
                    self.printing = Some(Printing::Writing(Paper::Letter));
                    Action::WriteLetter {
                        id,
                        number,
                        revision: record.meta.revision,
                        path,
                    }
                } else {
                    self.printing = Some(Printing::Changed);
                    Action::None
                }
            }
            Message::LetterWritten(id, result) if self.record_id() == Some(id) => {
                self.printing = Some(match result {
                    Ok(path) => Printing::Written(Paper::Letter, path),
                    Err(error) => Printing::Failed(Paper::Letter, error),
                });
                Action::None
            }
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
                        self.printing = Some(Printing::Writing(Paper::Summary));
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
                    Ok(path) => Printing::Written(Paper::Summary, path),
                    Err(error) => Printing::Failed(Paper::Summary, error),
                });
                Action::None
            }
            _ => Action::None,
        }
    }

    /// The line saying where the summary went, or why it did not.
    pub(super) fn printing_view<'a>(&self, i18n: &I18n) -> Option<iced::Element<'a, Message>> {
        let (line, failed) = match self.printing.as_ref()? {
            Printing::Writing(paper) => (i18n.t(paper.keys()[0]), false),
            Printing::Written(paper, path) => (
                i18n.t_with(
                    paper.keys()[1],
                    &[("path", path.display().to_string().into())],
                ),
                false,
            ),
            Printing::Failed(paper, error) => (
                i18n.t_with(paper.keys()[2], &[("error", error.clone().into())]),
                true,
            ),
            Printing::Changed => (i18n.t("editor-letter-case-changed"), true),
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

impl Editor {
    /// The documents panel: the summary, a letter per referral, Close;
    /// stops of the focus order after the section's, the first taking the
    /// focus when the panel opens (Ctrl+P or "Documents…").
    pub(super) fn documents_view<'a>(&'a self, i18n: &I18n) -> Option<iced::Element<'a, Message>> {
        use iced::widget::{button, column, container};
        if !self.documents_open {
            return None;
        }
        if self.documents_opened.take() {
            self.focus.set(Some(self.stops.borrow().len()));
        }
        let offered = self.offers_summary();
        let mut list = column![self.pressable(
            button(text(i18n.t("editor-summary"))).style(button::secondary),
            offered.then_some(Message::Summary),
        )]
        .spacing(theme::SPACE_S);
        for (number, organisation) in self.letters() {
            list = list.push(
                self.pressable(
                    button(text(i18n.t_with(
                        "editor-letter",
                        &[
                            ("number", number.into()),
                            ("organisation", organisation.into()),
                        ],
                    )))
                    .style(button::secondary),
                    Some(Message::Letter(number)),
                ),
            );
        }
        list = list.push(self.pressable(
            button(text(i18n.t("editor-documents-close"))).style(button::text),
            Some(Message::Documents),
        ));
        Some(
            container(list)
                .padding(theme::SPACE_M)
                .width(iced::Length::Fill)
                .style(theme::card)
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
        Error::NoReferral { number, count } => i18n.t_with(
            "document-error-no-referral",
            &[("number", (*number).into()), ("count", (*count).into())],
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
