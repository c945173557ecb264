//! Statistics: counts of cases by one or two dimensions, as bars or a
//! heat-table, with the unknowns shown so the analyst sees how complete the
//! numbers are. The screen shows exact counts; the CSV that leaves it has
//! small counts hidden (threshold at least 3), and both say how many cases
//! were left out and why.

use std::path::PathBuf;

use iced::alignment::Horizontal;
use iced::widget::{
    button, column, container, pick_list, row, scrollable, space, text, text_input, toggler,
};
use iced::{Alignment, Element, Length};

use crate::domain::{CaseStatus, TraffickingStatus};
use crate::gui::theme;
use crate::gui::widget::{Said, card, hint};
use crate::i18n::I18n;
use crate::stats::{Dimension, Filter, Table};
use crate::vault;

pub(crate) mod order;
pub mod report;
pub use crate::stats::labels::{dimension_label, label};
pub use order::{Order, collation_key, display_order};

/// A labelled choice for the pick-lists (iced shows `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A pick list opened (`true`) or closed without a choice (`false`).
    Menu(bool),
    RowsBy(Choice<Dimension>),
    ColumnsBy(Choice<Option<Dimension>>),
    FromYear(String),
    ToYear(String),
    Mission(Choice<Option<String>>),
    Status(Choice<Option<CaseStatus>>),
    TraffickingStatus(Choice<Option<TraffickingStatus>>),
    MinCount(Choice<u64>),
    Order(Choice<Order>),
    IncludeWithoutConsent(bool),
    /// A table counted for request `.0`; an older request's table is
    /// dropped (counts run on workers and may finish out of order).
    Counted(u64, Result<Box<Table>, vault::Error>),
    /// The missions and settings could not be read on opening.
    PrepareFailed(vault::Error),
    /// The missions to filter by and the stored settings, read on opening.
    Prepared {
        missions: Vec<String>,
        settings: vault::StatisticsSettings,
    },
    ChooseCsvFile,
    CsvFileChosen(Option<PathBuf>),
    /// "Annual report…": shows (or hides) its year and language.
    Report(report::Message),
    CsvSaved(Result<PathBuf, vault::Error>),
    SettingsSaved(Result<(), vault::Error>),
    Back,
}

pub enum Action {
    None,
    /// Read the missions to filter by and the stored settings; the answer
    /// is `Prepared`.
    Prepare,
    /// Count again with these choices.
    Count {
        request: u64,
        rows_by: Dimension,
        columns_by: Option<Dimension>,
        filter: Filter,
    },
    /// Store the statistics settings (threshold, consent rule) in the vault.
    SaveSettings {
        min_count: u64,
        include_without_consent: bool,
    },
    ChooseCsvFile(String),
    /// Ask where to write the annual report (a suggested name).
    ChooseReportFile(String),
    /// Make the annual report and write it to `path` (off the window's
    /// thread), audited.
    WriteReport {
        path: PathBuf,
        request: crate::document::report::Request,
        language: crate::i18n::Language,
        /// The interface's language, for what went wrong.
        interface: crate::i18n::Language,
    },
    /// Write `table` as CSV with counts below `min_count` hidden (off the
    /// update thread: the suppression solves linear programmes).
    WriteCsv {
        path: PathBuf,
        table: Box<Table>,
        min_count: u64,
        today: chrono::NaiveDate,
    },
    Back,
}

pub struct Statistics {
    rows_by: Dimension,
    columns_by: Option<Dimension>,
    from_year: String,
    to_year: String,
    mission: Option<String>,
    status: Option<CaseStatus>,
    trafficking_status: Option<TraffickingStatus>,
    missions: Vec<String>,
    min_count: u64,
    include_without_consent: bool,
    order: Order,
    table: Option<Table>,
    counting: bool,
    /// The number of the last count asked for.
    asked: u64,
    /// A CSV file is being written (the audit can take a while): the
    /// export button waits for it.
    writing: bool,
    outcome: Option<Result<Said, Said>>,
    /// The day files are named and dated by.
    today: chrono::NaiveDate,
    /// Whether a pick list is open, for Esc to close it alone.
    menus: crate::gui::widget::Menus,
    /// The annual report's year and language, while they are asked.
    report: Option<report::Form>,
}

/// The lines under the total that say what the table leaves out or counts
/// twice; a line whose count is zero says nothing and is not shown.
pub fn summary_lines(table: &Table, i18n: &I18n) -> Vec<String> {
    let mut lines = Vec::new();
    let mut count_line = |key: &str, count: u64, field: Option<Dimension>| {
        if count > 0 {
            let mut args = vec![("count", count.into())];
            if let Some(field) = field {
                args.push(("field", dimension_label(i18n, field).into()));
            }
            lines.push(i18n.t_with(key, &args));
        }
    };
    count_line(
        "stats-unknown-count",
        table.unknown_rows(),
        Some(table.rows_by),
    );
    if let Some(columns_by) = table.columns_by {
        count_line(
            "stats-unknown-count",
            table.unknown_columns(),
            Some(columns_by),
        );
    }
    if table.filter.include_without_consent {
        count_line(
            "stats-counted-despite-refusal",
            table.counted_despite_refusal,
            None,
        );
    } else {
        count_line("stats-left-out-refused", table.left_out.refused, None);
    }
    count_line("stats-left-out-synthetic", table.left_out.synthetic, None);
    if table.multi_valued() {
        lines.push(i18n.t("stats-multi-valued"));
    }
    lines
}

impl Default for Statistics {
    /// The screen before its settings are read; `Prepared` starts counting.
    fn default() -> Statistics {
        let defaults = vault::StatisticsSettings::default();
        Statistics {
            rows_by: Dimension::Year,
            columns_by: None,
            from_year: String::new(),
            to_year: String::new(),
            mission: None,
            status: None,
            trafficking_status: None,
            missions: Vec::new(),
            min_count: defaults.min_count,
            include_without_consent: defaults.include_without_consent,
            order: Order::default(),
            table: None,
            counting: false,
            asked: 0,
            writing: false,
            outcome: None,
            today: crate::domain::today(),
            menus: crate::gui::widget::Menus::default(),
            report: None,
        }
    }
}

impl Statistics {
    /// The screen on `today`; it asks to be prepared (missions, settings).
    pub fn new(today: chrono::NaiveDate) -> (Statistics, Action) {
        let screen = Statistics {
            today,
            ..Statistics::default()
        };
        (screen, Action::Prepare)
    }

    fn filter(&self) -> Filter {
        Filter {
            from_year: self.from_year.trim().parse().ok(),
            to_year: self.to_year.trim().parse().ok(),
            mission: self.mission.clone(),
            status: self.status.map(|s| s.to_string()),
            trafficking_status: self.trafficking_status.map(|s| s.to_string()),
            form: None,
            include_without_consent: self.include_without_consent,
        }
    }

    fn count_action(&mut self) -> Action {
        self.asked += 1;
        Action::Count {
            request: self.asked,
            rows_by: self.rows_by,
            columns_by: self.columns_by,
            filter: self.filter(),
        }
    }

    fn recount(&mut self) -> Action {
        self.counting = true;
        self.count_action()
    }

    /// Whether a typed year is empty or a plausible year.
    fn year_ok(text: &str) -> bool {
        let text = text.trim();
        text.is_empty()
            || text
                .parse::<i32>()
                .is_ok_and(|y| (1900..=2200).contains(&y))
    }

    /// Esc: closes the open pick list, if one is (`true`).
    pub fn close_menu(&mut self) -> bool {
        self.menus.close()
    }

    pub fn update(&mut self, message: Message) -> Action {
        let today = self.today;
        // What the officer does means no list is open now (a choice made);
        // the results of the workers say nothing of the lists.
        if !matches!(
            message,
            Message::Counted(..)
                | Message::PrepareFailed(_)
                | Message::Prepared { .. }
                | Message::CsvSaved(_)
                | Message::SettingsSaved(_)
        ) {
            self.menus.seen(matches!(message, Message::Menu(true)));
        }
        match message {
            Message::Menu(_) => Action::None,
            Message::RowsBy(choice) => {
                self.rows_by = choice.value;
                if self.columns_by == Some(choice.value) {
                    self.columns_by = None;
                }
                self.recount()
            }
            Message::ColumnsBy(choice) => {
                self.columns_by = choice.value.filter(|d| *d != self.rows_by);
                self.recount()
            }
            Message::FromYear(text) | Message::ToYear(text)
                if !text.chars().all(|c| c.is_ascii_digit()) || text.len() > 4 =>
            {
                Action::None
            }
            Message::FromYear(text) => {
                self.from_year = text;
                if Self::year_ok(&self.from_year) {
                    self.recount()
                } else {
                    Action::None
                }
            }
            Message::ToYear(text) => {
                self.to_year = text;
                if Self::year_ok(&self.to_year) {
                    self.recount()
                } else {
                    Action::None
                }
            }
            Message::Mission(choice) => {
                self.mission = choice.value;
                self.recount()
            }
            Message::Status(choice) => {
                self.status = choice.value;
                self.recount()
            }
            Message::TraffickingStatus(choice) => {
                self.trafficking_status = choice.value;
                self.recount()
            }
            Message::MinCount(choice) => {
                self.min_count = choice.value;
                Action::SaveSettings {
                    min_count: self.min_count,
                    include_without_consent: self.include_without_consent,
                }
            }
            // The same table, shown in another order: nothing to count.
            Message::Order(choice) => {
                self.order = choice.value;
                Action::None
            }
            Message::IncludeWithoutConsent(on) => {
                self.include_without_consent = on;
                self.counting = true;
                // Saved, then counted again by the application.
                Action::SaveSettings {
                    min_count: self.min_count,
                    include_without_consent: on,
                }
            }
            Message::Counted(request, _) if request != self.asked => Action::None,
            Message::PrepareFailed(error) => {
                self.counting = false;
                self.outcome = Some(Err(Said::Error(error)));
                Action::None
            }
            Message::Counted(_, result) => {
                self.counting = false;
                match result {
                    Ok(table) => self.table = Some(*table),
                    Err(error) => {
                        self.outcome = Some(Err(Said::Error(error)));
                    }
                }
                Action::None
            }
            Message::Prepared { missions, settings } => {
                self.missions = missions;
                self.min_count = settings.min_count;
                self.include_without_consent = settings.include_without_consent;
                self.recount()
            }
            Message::ChooseCsvFile if self.writing => Action::None,
            Message::ChooseCsvFile => {
                let name = match self.columns_by {
                    Some(columns) => format!(
                        "casebook-{}-by-{}-{today}.csv",
                        self.rows_by.name(),
                        columns.name()
                    ),
                    None => format!("casebook-{}-{today}.csv", self.rows_by.name()),
                };
                Action::ChooseCsvFile(name)
            }
            Message::CsvFileChosen(None) => Action::None,
            // The table as it was counted, with the filters it was counted
            // with (it carries them), whatever the form shows now.
            Message::CsvFileChosen(Some(_)) if self.writing => Action::None,
            Message::CsvFileChosen(Some(path)) => match &self.table {
                Some(table) => {
                    self.writing = true;
                    self.outcome = None;
                    Action::WriteCsv {
                        path,
                        table: Box::new(table.clone()),
                        min_count: self.min_count.max(crate::stats::FILE_MIN_COUNT),
                        today,
                    }
                }
                None => Action::None,
            },
            Message::CsvSaved(result) => {
                self.writing = false;
                self.outcome = Some(match result {
                    Ok(path) => Ok(Said::with(
                        "stats-csv-saved",
                        "path",
                        path.display().to_string(),
                    )),
                    Err(error) => Err(Said::Error(error)),
                });
                Action::None
            }
            Message::SettingsSaved(Ok(())) => self.recount(),
            Message::SettingsSaved(Err(error)) => {
                self.counting = false;
                self.outcome = Some(Err(Said::Error(error)));
                Action::None
            }
            Message::Report(message) => report::update(&mut self.report, message, today),
            Message::Back => Action::Back,
        }
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let dimensions: Vec<Choice<Dimension>> = Dimension::ALL
            .iter()
            .map(|d| Choice {
                value: *d,
                label: dimension_label(i18n, *d),
            })
            .collect();
        let mut second: Vec<Choice<Option<Dimension>>> = vec![Choice {
            value: None,
            label: i18n.t("stats-by-nothing"),
        }];
        second.extend(
            Dimension::ALL
                .iter()
                .filter(|d| **d != self.rows_by)
                .map(|d| Choice {
                    value: Some(*d),
                    label: dimension_label(i18n, *d),
                }),
        );
        let any = i18n.t("filter-any");
        let mut missions = vec![Choice {
            value: None,
            label: any.clone(),
        }];
        missions.extend(self.missions.iter().map(|m| Choice {
            value: Some(m.clone()),
            label: m.clone(),
        }));
        let mut statuses = vec![Choice {
            value: None,
            label: any,
        }];
        statuses.extend(CaseStatus::ALL.iter().map(|s| Choice {
            value: Some(*s),
            label: i18n.vocab("CaseStatus", s.as_str()),
        }));
        let mut trafficking = vec![Choice {
            value: None,
            label: i18n.t("stats-trafficking-status-any"),
        }];
        trafficking.extend(TraffickingStatus::ALL.iter().map(|s| Choice {
            value: Some(*s),
            label: i18n.vocab("TraffickingStatus", s.as_str()),
        }));
        // The threshold is for the file only (the screen shows exact
        // counts), so none below 3 is offered.
        let thresholds: Vec<Choice<u64>> = [3, 5, 10, 20]
            .into_iter()
            .map(|k| Choice {
                value: k,
                label: k.to_string(),
            })
            .collect();
        let selected =
            |list: &[Choice<Dimension>], value| list.iter().find(|c| c.value == value).cloned();
        let labelled = |key: &str| text(i18n.t(key)).size(theme::TEXT_S);
        let year_input = |value: &'a str, on: fn(String) -> Message| {
            text_input("", value)
                .on_input(on)
                .width(70)
                .padding(6)
                .style(theme::text_input)
        };
        let orders = [
            Choice {
                value: Order::ByLabel,
                label: i18n.t("stats-order-by-label"),
            },
            Choice {
                value: Order::ByCount,
                label: i18n.t("stats-order-by-count"),
            },
        ];
        // A label and its control wrap to the next line together, so that
        // the longer language (Lithuanian) moves a pair down instead of
        // squeezing a pick list into two lines.
        let labelled_control = |key: &str, control: Element<'a, Message>| {
            Element::from(
                row![labelled(key), control]
                    .spacing(theme::SPACE_S)
                    .align_y(Alignment::Center),
            )
        };
        let line = |items: Vec<Element<'a, Message>>| {
            iced::widget::Row::with_children(items)
                .spacing(theme::SPACE_L)
                .align_y(Alignment::Center)
                .wrap()
                .vertical_spacing(theme::SPACE_S)
        };
        let choices = column![
            line(vec![
                labelled_control(
                    "stats-count-by",
                    self.menus.wrap(
                        pick_list(
                            dimensions.clone(),
                            selected(&dimensions, self.rows_by),
                            Message::RowsBy,
                        )
                        .style(theme::pick_list)
                        .on_open(Message::Menu(true))
                        .on_close(Message::Menu(false))
                    ),
                ),
                labelled_control(
                    "stats-and-by",
                    self.menus.wrap(
                        pick_list(
                            second.clone(),
                            second.iter().find(|c| c.value == self.columns_by).cloned(),
                            Message::ColumnsBy,
                        )
                        .style(theme::pick_list)
                        .on_open(Message::Menu(true))
                        .on_close(Message::Menu(false))
                    ),
                ),
            ]),
            line(vec![
                labelled_control(
                    "stats-years",
                    row![
                        year_input(&self.from_year, Message::FromYear),
                        text("–"),
                        year_input(&self.to_year, Message::ToYear),
                    ]
                    .spacing(theme::SPACE_S)
                    .align_y(Alignment::Center)
                    .into(),
                ),
                labelled_control(
                    "stats-mission",
                    self.menus.wrap(
                        pick_list(
                            missions.clone(),
                            missions.iter().find(|c| c.value == self.mission).cloned(),
                            Message::Mission,
                        )
                        .style(theme::pick_list)
                        .on_open(Message::Menu(true))
                        .on_close(Message::Menu(false))
                    ),
                ),
                labelled_control(
                    "stats-status",
                    self.menus.wrap(
                        pick_list(
                            statuses.clone(),
                            statuses.iter().find(|c| c.value == self.status).cloned(),
                            Message::Status,
                        )
                        .style(theme::pick_list)
                        .on_open(Message::Menu(true))
                        .on_close(Message::Menu(false))
                    ),
                ),
                labelled_control(
                    "stats-trafficking-status",
                    self.menus.wrap(
                        pick_list(
                            trafficking.clone(),
                            trafficking
                                .iter()
                                .find(|c| c.value == self.trafficking_status)
                                .cloned(),
                            Message::TraffickingStatus,
                        )
                        .style(theme::pick_list)
                        .on_open(Message::Menu(true))
                        .on_close(Message::Menu(false))
                    ),
                ),
            ]),
            toggler(self.include_without_consent)
                .label(i18n.t("stats-include-without-consent"))
                .on_toggle(Message::IncludeWithoutConsent)
                .style(theme::toggler),
        ]
        .spacing(theme::SPACE_M);
        // How the counted table is shown: beside it, not among the choices
        // that count it again.
        let order = labelled_control(
            "stats-order",
            self.menus.wrap(
                pick_list(
                    orders.clone(),
                    orders.iter().find(|c| c.value == self.order).cloned(),
                    Message::Order,
                )
                .style(theme::pick_list)
                .on_open(Message::Menu(true))
                .on_close(Message::Menu(false)),
            ),
        );

        let mut content = column![
            row![
                button(text(i18n.t("editor-back")))
                    .style(theme::button_secondary)
                    .on_press(Message::Back),
                text(i18n.t("stats-title"))
                    .size(theme::TEXT_XL)
                    .font(theme::BOLD),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
            card(choices),
        ]
        .spacing(theme::SPACE_L)
        .max_width(1100);
        content = content.push(report::view(self.report.as_ref(), i18n));
        if let Some(outcome) = &self.outcome {
            content = content.push(match outcome {
                Ok(message) => text(message.show(i18n)).style(|t| text::Style {
                    color: Some(theme::success(t)),
                }),
                Err(message) => text(message.show(i18n)).style(|t| text::Style {
                    color: Some(theme::danger(t)),
                }),
            });
        }
        if let Some(table) = &self.table {
            let chart = if table.columns_by.is_some() {
                heat_table(table, i18n, self.order)
            } else {
                bars(table, i18n, self.order)
            };
            let mut summary = column![
                text(i18n.t_with("stats-total", &[("count", table.total.into())]))
                    .font(theme::BOLD)
            ]
            .spacing(4);
            for line in summary_lines(table, i18n) {
                summary = summary.push(hint(line));
            }
            if self.counting {
                summary = summary.push(hint(i18n.t("stats-counting")));
            }
            let export_label = if self.writing {
                "stats-writing-csv"
            } else {
                "stats-export-csv"
            };
            let export = row![
                button(text(i18n.t(export_label)))
                    .style(theme::button_primary)
                    .on_press_maybe((!self.writing).then_some(Message::ChooseCsvFile)),
                labelled("stats-threshold"),
                self.menus.wrap(
                    pick_list(
                        thresholds.clone(),
                        thresholds
                            .iter()
                            .find(|c| c.value == self.min_count)
                            .cloned(),
                        Message::MinCount
                    )
                    .style(theme::pick_list)
                    .on_open(Message::Menu(true))
                    .on_close(Message::Menu(false))
                ),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center);
            content = content.push(card(
                column![
                    summary,
                    order,
                    chart,
                    export,
                    hint(i18n.t("stats-export-hint"))
                ]
                .spacing(theme::SPACE_M),
            ));
        } else {
            content = content.push(text(i18n.t("stats-counting")));
        }
        scrollable(container(content).padding(theme::SPACE_L))
            .height(Length::Fill)
            .into()
    }
}

/// A count, right-aligned in its column, as the interface's language
/// writes numbers.
fn number<'a>(i18n: &I18n, count: u64) -> text::Text<'a> {
    text(i18n.count(count))
        .size(theme::TEXT_S)
        .width(Length::Fill)
        .align_x(Horizontal::Right)
}

/// One bar per value, its length in proportion to the largest count.
fn bars<'a>(table: &Table, i18n: &I18n, order: Order) -> Element<'a, Message> {
    let largest = table.row_totals.iter().copied().max().unwrap_or(1).max(1);
    let mut list = column![].spacing(4);
    for r in display_order(i18n, table.rows_by, &table.rows, &table.row_totals, order) {
        let (key, count) = (&table.rows[r], table.row_totals[r]);
        let filled = u16::try_from(count * 1000 / largest).unwrap_or(1000).max(1);
        let bar = container(space::horizontal())
            .height(18)
            .width(Length::FillPortion(filled))
            .style(theme::bar(key.is_none()));
        list = list.push(
            row![
                text(label(i18n, table.rows_by, key))
                    .width(260)
                    .size(theme::TEXT_S),
                row![
                    bar,
                    space::horizontal().width(Length::FillPortion(1000 - filled + 1))
                ]
                .width(Length::Fill),
                container(number(i18n, count)).width(80),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
        );
    }
    list.into()
}

/// Rows × columns with each cell shaded by its count, and its number in the
/// colour that reads on that shade.
fn heat_table<'a>(table: &Table, i18n: &I18n, order: Order) -> Element<'a, Message> {
    let Some(columns_by) = table.columns_by else {
        return bars(table, i18n, order);
    };
    let largest = table
        .cells
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let rows = display_order(i18n, table.rows_by, &table.rows, &table.row_totals, order);
    let columns = display_order(
        i18n,
        columns_by,
        &table.columns,
        &table.column_totals,
        order,
    );
    let cell_width = 90;
    let label_width = 220;
    let total_width = 80;
    // Headings and totals sit over the numbers, right-aligned with them.
    let heading = |content: String, width: u32, bold: bool| {
        container(
            text(content)
                .size(theme::TEXT_S)
                .font(if bold { theme::BOLD } else { theme::FONT })
                .width(Length::Fill)
                .align_x(Horizontal::Right),
        )
        .width(width)
        .padding([0, 6])
    };
    let mut header = row![space::horizontal().width(label_width)]
        .spacing(2)
        .align_y(Alignment::End);
    for &c in &columns {
        header = header.push(heading(
            label(i18n, columns_by, &table.columns[c]),
            cell_width,
            false,
        ));
    }
    header = header.push(heading(i18n.t("stats-row-total"), total_width, true));
    let mut grid = column![header].spacing(2);
    for &r in &rows {
        let mut line = row![
            text(label(i18n, table.rows_by, &table.rows[r]))
                .size(theme::TEXT_S)
                .width(label_width)
        ]
        .spacing(2)
        .align_y(Alignment::Center);
        for &c in &columns {
            let count = table.cells[r][c];
            let strength = count as f32 / largest as f32;
            line = line.push(
                container(number(i18n, count))
                    .width(cell_width)
                    .padding([4, 6])
                    .style(theme::heat_cell(strength)),
            );
        }
        line = line.push(
            container(number(i18n, table.row_totals[r]).font(theme::BOLD))
                .width(total_width)
                .padding([0, 6]),
        );
        grid = grid.push(line);
    }
    let mut totals = row![
        text(i18n.t("stats-column-total"))
            .size(theme::TEXT_S)
            .font(theme::BOLD)
            .width(label_width)
    ]
    .spacing(2);
    for &c in &columns {
        totals = totals.push(heading(
            i18n.count(table.column_totals[c]),
            cell_width,
            true,
        ));
    }
    totals = totals.push(heading(i18n.count(table.total), total_width, true));
    // Many columns (citizenships, years) scroll sideways instead of squeezing.
    scrollable(grid.push(totals))
        .direction(scrollable::Direction::Horizontal(
            scrollable::Scrollbar::default(),
        ))
        .into()
}

#[cfg(test)]
mod tests;
