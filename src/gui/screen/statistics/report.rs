//! Statistics → "Annual report…": the year (last year by default) and the
//! language of the commission's annual report, then a save dialog; the
//! report is made off the window's thread (`store::write_report`) for
//! every mission (the form says so: the screen's mission filter does not
//! apply, since a mission's report subtracted from the national one gives
//! the other missions' figures), and the outcome said here.

use std::path::PathBuf;

use chrono::Datelike;
use iced::widget::{button, column, pick_list, row, text, text_input};
use iced::{Alignment, Element};

use super::Action;
use crate::document::report::Request;
use crate::gui::theme;
use crate::gui::widget::{card, hint};
use crate::i18n::{I18n, Language};

#[derive(Debug, Clone)]
pub enum Message {
    /// The button: shows the form (in the interface's language), or
    /// hides it.
    Toggle(Language),
    Year(String),
    Language(Language),
    /// "Save the report…": asks where.
    Choose,
    FileChosen(Option<PathBuf>),
    /// The report was written (its path), or why not, said in the
    /// interface's language.
    Written(Result<PathBuf, String>),
}

/// The form while it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub year: String,
    pub language: Language,
    /// The interface's language when the form was opened: failures are
    /// said in it, whatever the report's language.
    pub interface: Language,
    /// Today, for the years the report can cover and the hint's example.
    today: chrono::NaiveDate,
    pub making: bool,
    /// The last report's outcome: its path, or why it failed.
    pub outcome: Option<Result<(i32, PathBuf), String>>,
    /// The year of the report being made.
    asked: Option<i32>,
}

impl Form {
    fn new(today: chrono::NaiveDate, language: Language) -> Form {
        Form {
            year: (today.year() - 1).to_string(),
            language,
            interface: language,
            today,
            making: false,
            outcome: None,
            asked: None,
        }
    }

    fn year(&self) -> Option<i32> {
        self.year
            .trim()
            .parse()
            .ok()
            .filter(|y| crate::document::report::year_allowed(*y, self.today))
    }
}

pub(super) fn update(
    form: &mut Option<Form>,
    message: Message,
    today: chrono::NaiveDate,
) -> Action {
    match message {
        Message::Toggle(language) => {
            *form = match form.take() {
                Some(shown) if !shown.making => None,
                Some(shown) => Some(shown),
                None => Some(Form::new(today, language)),
            };
            Action::None
        }
        _ if form.is_none() => Action::None,
        Message::Year(text) => {
            if let Some(form) = form {
                form.year = text.chars().filter(char::is_ascii_digit).take(4).collect();
            }
            Action::None
        }
        Message::Language(chosen) => {
            if let Some(form) = form {
                form.language = chosen;
            }
            Action::None
        }
        Message::Choose => match form.as_ref().and_then(Form::year) {
            Some(year) if form.as_ref().is_some_and(|f| !f.making) => {
                Action::ChooseReportFile(format!("casebook-annual-report-{year}.pdf"))
            }
            _ => Action::None,
        },
        Message::FileChosen(None) => Action::None,
        Message::FileChosen(Some(path)) => {
            let Some(shown) = form.as_mut() else {
                return Action::None;
            };
            let Some(year) = shown.year() else {
                return Action::None;
            };
            if shown.making {
                return Action::None;
            }
            shown.making = true;
            shown.outcome = None;
            shown.asked = Some(year);
            Action::WriteReport {
                path,
                request: Request {
                    year,
                    mission: None,
                },
                language: shown.language,
                interface: shown.interface,
            }
        }
        Message::Written(result) => {
            if let Some(shown) = form.as_mut() {
                shown.making = false;
                let year = shown.asked.take().unwrap_or_default();
                shown.outcome = Some(result.map(|path| (year, path)));
            }
            Action::None
        }
    }
}

pub(super) fn view<'a>(form: Option<&'a Form>, i18n: &I18n) -> Element<'a, super::Message> {
    let open = button(text(i18n.t("report-button")))
        .style(theme::button_secondary)
        .on_press(super::Message::Report(Message::Toggle(i18n.language())));
    let Some(form) = form else {
        return open.into();
    };
    let valid = form.year().is_some();
    let year = text_input("", &form.year)
        .on_input(|t| super::Message::Report(Message::Year(t)))
        .width(80)
        .style(if valid {
            theme::text_input
        } else {
            theme::text_input_invalid
        });
    let save = button(text(i18n.t(if form.making {
        "report-making"
    } else {
        "report-write"
    })))
    .style(theme::button_primary)
    .on_press_maybe((valid && !form.making).then_some(super::Message::Report(Message::Choose)));
    let mut content = column![
        row![
            open,
            text(i18n.t("report-year")),
            year,
            text(i18n.t("report-language")),
            pick_list(Language::ALL, Some(form.language), |l| {
                super::Message::Report(Message::Language(l))
            })
            .style(theme::pick_list),
            save,
        ]
        .spacing(theme::SPACE_M)
        .align_y(Alignment::Center)
    ]
    .spacing(theme::SPACE_S)
    .push(hint(i18n.t("report-every-mission")));
    if !valid {
        content = content.push(hint(i18n.t_with(
            "report-year-invalid",
            &[("year", (form.today.year() - 1).into())],
        )));
    }
    match &form.outcome {
        Some(Ok((year, path))) => {
            content = content.push(
                text(i18n.t_with(
                    "report-saved",
                    &[
                        ("year", year.to_string().into()),
                        ("path", path.display().to_string().into()),
                    ],
                ))
                .style(|t| text::Style {
                    color: Some(theme::success(t)),
                }),
            );
        }
        Some(Err(detail)) => {
            content = content.push(
                text(i18n.t_with("report-failed", &[("detail", detail.clone().into())])).style(
                    |t| text::Style {
                        color: Some(theme::danger(t)),
                    },
                ),
            );
        }
        None => {}
    }
    card(content)
}
