//! What the Missions screen shows: the search box, the table with its
//! sortable headings, silent missions marked, and the confirmation of a
//! key replaced or revoked.

use iced::widget::{button, column, container, row, scrollable, text, text_input};
use iced::{Alignment, Element, Length};

use super::{
    AFTER_ID, CONFIRM_ID, Column, Done, FINGERPRINT_ID, Message, Missions, Pending, SEARCH_ID,
    SILENT_AFTER_ID,
};
use crate::gui::theme;
use crate::gui::widget::{card, hint};
use crate::i18n::I18n;
use crate::vault::{MissionRow, RowStatus, ranges_text};

/// The width of each column, in its order.
const WIDTHS: [f32; 8] = [76.0, 140.0, 158.0, 100.0, 110.0, 76.0, 60.0, 140.0];
/// The actions' column (what the window leaves of its 1,180 pixels, at
/// least).
const ACTIONS_WIDTH: f32 = 210.0;

impl Missions {
    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let mut content = column![
            row![
                button(text(i18n.t("editor-back")))
                    .style(button::secondary)
                    .on_press(Message::Back),
                text(i18n.t("missions-title"))
                    .size(theme::TEXT_XL)
                    .font(theme::BOLD),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center)
        ]
        .spacing(theme::SPACE_L);
        match &self.outcome {
            Some(Ok(done)) => {
                content = content.push(text(done_text(done, i18n)).style(|t| text::Style {
                    color: Some(theme::success(t)),
                }));
            }
            Some(Err(error)) => {
                content = content.push(crate::gui::widget::banner(error.clone()));
            }
            None => {}
        }
        let Some(overview) = &self.overview else {
            return page(content.push(text(i18n.t("missions-loading"))));
        };
        content = content.push(
            column![
                text_input(&i18n.t("missions-search"), &self.search)
                    .id(SEARCH_ID)
                    .on_input(Message::Search)
                    .padding(8)
                    .width(560),
                hint(i18n.t("missions-hint")),
                self.silence(i18n),
            ]
            .spacing(theme::SPACE_S),
        );
        if overview.missions.is_empty() {
            return page(content.push(text(i18n.t("missions-none"))));
        }
        let rows = self.rows(i18n);
        let mut table = column![self.headings(i18n)].spacing(2);
        if rows.is_empty() {
            table = table.push(text(i18n.t("missions-no-match")));
        }
        for (n, mission) in rows.into_iter().enumerate() {
            let chosen = self.selected() == Some(mission.code.as_str());
            let line = mission_line(mission, i18n, self.running, chosen);
            table = table.push(if chosen {
                container(line).style(chosen_row).width(Length::Fill)
            } else if n % 2 == 1 {
                container(line).style(theme::row_stripe).width(Length::Fill)
            } else {
                container(line).width(Length::Fill)
            });
            // The confirmation opens under its row, where the analyst is.
            if let Some(pending) = &self.pending
                && pending.code() == mission.code
            {
                table = table.push(card(confirmation(
                    pending,
                    self.row_of(&mission.code),
                    i18n,
                )));
            }
        }
        page(content.push(table))
    }

    /// The days without a file after which a mission is marked silent.
    fn silence<'a>(&self, i18n: &I18n) -> Element<'a, Message> {
        let changed = self.silent_after.is_some();
        row![
            text(i18n.t("missions-silent-after")),
            text_input("90", &self.silent_after_text())
                .id(SILENT_AFTER_ID)
                .on_input(Message::SilentAfter)
                .on_submit(Message::SaveSilentAfter)
                .padding(6)
                .width(80),
            text(i18n.t("missions-silent-after-days")),
            button(text(i18n.t("missions-silent-after-save")))
                .style(theme::button_secondary)
                .padding([4, 10])
                .on_press_maybe((changed && !self.running).then_some(Message::SaveSilentAfter)),
        ]
        .spacing(theme::SPACE_S)
        .align_y(Alignment::Center)
        .into()
    }

    fn headings<'a>(&self, i18n: &I18n) -> Element<'a, Message> {
        let mut headings = row![].spacing(theme::SPACE_S);
        for (n, (column, width)) in Column::ALL.into_iter().zip(WIDTHS).enumerate() {
            let arrow = match (self.sort == column, self.descending) {
                (false, _) => "",
                (true, false) => " ▲",
                (true, true) => " ▼",
            };
            headings = headings.push(
                button(
                    text(format!("{} {}{arrow}", n + 1, i18n.t(column.label_key())))
                        .size(theme::TEXT_S)
                        .font(theme::BOLD),
                )
                .style(theme::sort_heading)
                .padding([2, 4])
                .width(width)
                .on_press(Message::SortBy(column)),
            );
        }
        headings
            .push(container(text("")).width(ACTIONS_WIDTH))
            .align_y(Alignment::Center)
            .into()
    }
}

/// The row the arrow keys chose: framed in the primary colour, and its
/// code marked, so that neither the colour nor the mark is alone.
fn chosen_row(t: &iced::Theme) -> container::Style {
    container::Style {
        border: iced::Border {
            color: theme::colors(t).primary,
            width: 2.0,
            radius: 4.0.into(),
        },
        ..container::Style::default()
    }
}

fn mission_line<'a>(
    row: &'a MissionRow,
    i18n: &I18n,
    running: bool,
    chosen: bool,
) -> Element<'a, Message> {
    // As far in as the headings' text, inside their buttons.
    let cell = |content: String, width: f32| {
        container(text(content).size(theme::TEXT_S))
            .padding([0, 4])
            .width(width)
    };
    let status = status_text(row, i18n);
    let last = last_text(row);
    let silence = match row.days_since_last_file {
        Some(0) => i18n.t("missions-today"),
        Some(days) => i18n.t_with("missions-days", &[("days", days.into())]),
        None => "—".into(),
    };
    let silence: Element<'a, Message> = if row.silent {
        container(
            text(format!("{silence} · {}", i18n.t("missions-silent")))
                .size(theme::TEXT_S)
                .font(theme::BOLD),
        )
        .style(theme::overdue)
        .padding([0, 4])
        .width(WIDTHS[7])
        .into()
    } else {
        cell(silence, WIDTHS[7]).into()
    };
    let missing = row.missing_text();
    let revocable = row.status != RowStatus::Revoked;
    row![
        cell(
            if chosen {
                format!("▶ {}", row.code)
            } else {
                row.code.clone()
            },
            WIDTHS[0]
        ),
        cell(row.name.clone(), WIDTHS[1]),
        // Eight groups of four, on two lines of four.
        cell(two_lines(&row.fingerprint), WIDTHS[2]),
        if row.status == RowStatus::Revoked {
            container(text(status).size(theme::TEXT_S).style(|t| text::Style {
                color: Some(theme::danger(t)),
            }))
            .padding([0, 4])
            .width(WIDTHS[3])
        } else {
            cell(status, WIDTHS[3])
        },
        cell(last, WIDTHS[4]),
        cell(
            if missing.is_empty() {
                "—".into()
            } else {
                missing
            },
            WIDTHS[5]
        ),
        cell(row.cases.to_string(), WIDTHS[6]),
        silence,
        row![
            button(text(i18n.t("missions-replace")).size(theme::TEXT_S))
                .style(theme::button_secondary)
                .padding([2, 6])
                .on_press_maybe((!running).then(|| Message::Replace(row.code.clone()))),
            button(text(i18n.t("missions-revoke")).size(theme::TEXT_S))
                .style(theme::button_danger)
                .padding([2, 6])
                .on_press_maybe((!running && revocable).then(|| Message::Revoke(row.code.clone()))),
        ]
        .spacing(theme::SPACE_S)
        .width(ACTIONS_WIDTH),
    ]
    .spacing(theme::SPACE_S)
    .padding([4, 0])
    .align_y(Alignment::Center)
    .into()
}

fn confirmation<'a>(
    pending: &'a Pending,
    row: Option<&MissionRow>,
    i18n: &I18n,
) -> Element<'a, Message> {
    let code = pending.code().to_owned();
    let mut panel = column![].spacing(theme::SPACE_S);
    let fingerprint_now = row.map(|r| r.fingerprint.clone()).unwrap_or_default();
    match pending {
        Pending::Replace { fingerprint, .. } => {
            panel = panel
                .push(heading(i18n.t_with(
                    "missions-replace-title",
                    &[("code", code.clone().into())],
                )))
                .push(text(i18n.t_with(
                    "missions-replace-current",
                    &[
                        ("fingerprint", fingerprint_now.into()),
                        (
                            "status",
                            row.map(|r| status_text(r, i18n)).unwrap_or_default().into(),
                        ),
                    ],
                )))
                .push(hint(i18n.t("missions-replace-hint")))
                .push(
                    text_input(&i18n.t("missions-fingerprint"), fingerprint)
                        .id(FINGERPRINT_ID)
                        .on_input(Message::Fingerprint)
                        .padding(8)
                        .width(460),
                );
        }
        Pending::Revoke { after, .. } => {
            panel = panel
                .push(heading(i18n.t_with(
                    "missions-revoke-title",
                    &[("code", code.clone().into())],
                )))
                .push(text(i18n.t_with(
                    "missions-revoke-current",
                    &[
                        ("fingerprint", fingerprint_now.into()),
                        (
                            "last",
                            row.map(last_text).unwrap_or_else(|| "—".into()).into(),
                        ),
                    ],
                )))
                .push(hint(i18n.t("missions-revoke-hint")))
                .push(
                    text_input(&i18n.t("missions-after"), after)
                        .id(AFTER_ID)
                        .on_input(Message::After)
                        .padding(8)
                        .width(460),
                );
            if let (Some(row), Ok(n)) = (row, after.trim().parse::<u64>()) {
                let taken = super::still_accepted(row, n);
                panel = panel.push(text(if taken.is_empty() {
                    i18n.t_with("missions-revoke-window-none", &[("after", n.into())])
                } else {
                    i18n.t_with(
                        "missions-revoke-window",
                        &[("after", n.into()), ("numbers", ranges_text(&taken).into())],
                    )
                }));
            }
        }
    }
    let ready = pending.ready().is_some();
    let confirm_label = match pending {
        Pending::Replace { .. } => i18n.t("missions-replace-confirm"),
        Pending::Revoke { .. } => i18n.t("missions-revoke-confirm"),
    };
    panel
        .push(text(
            i18n.t_with("missions-type-code", &[("code", code.into())]),
        ))
        .push(
            text_input("", pending.confirm())
                .id(CONFIRM_ID)
                .on_input(Message::Confirm)
                .on_submit(Message::Submit)
                .padding(8)
                .width(200),
        )
        .push(
            row![
                button(text(confirm_label))
                    .style(theme::button_danger)
                    .on_press_maybe(ready.then_some(Message::Submit)),
                button(text(i18n.t("missions-cancel")))
                    .style(theme::button_secondary)
                    .on_press(Message::Cancel),
            ]
            .spacing(theme::SPACE_M),
        )
        .into()
}

fn done_text(done: &Done, i18n: &I18n) -> String {
    match done {
        Done::Replaced { code, fingerprint } => i18n.t_with(
            "missions-replaced",
            &[
                ("code", code.clone().into()),
                ("fingerprint", fingerprint.clone().into()),
            ],
        ),
        Done::Revoked { code, on } => i18n.t_with(
            "missions-revoked",
            &[("code", code.clone().into()), ("date", on.clone().into())],
        ),
        Done::SilentAfter(days) => {
            i18n.t_with("missions-silent-after-saved", &[("days", (*days).into())])
        }
    }
}

/// The row's status as read, with "no file yet" for a key approved by
/// phone that has signed nothing.
fn status_text(row: &MissionRow, i18n: &I18n) -> String {
    let status = match row.status {
        RowStatus::Approved => i18n.t("missions-status-approved"),
        RowStatus::ApprovedByPhone => i18n.t("missions-status-phone"),
        RowStatus::ApprovedByRotation => i18n.t("missions-status-rotation"),
        RowStatus::Revoked => i18n.t("missions-status-revoked"),
    };
    if row.awaiting_first_file {
        format!("{status} · {}", i18n.t("missions-awaiting-file"))
    } else {
        status
    }
}

/// The last export received and its day: `3 · 2026-12-01`.
fn last_text(row: &MissionRow) -> String {
    match (row.last_export, &row.last_export_received_at) {
        (Some(n), Some(at)) => format!("{n} · {}", at.chars().take(10).collect::<String>()),
        _ => "—".into(),
    }
}

/// A fingerprint's eight groups as two lines of four.
fn two_lines(fingerprint: &str) -> String {
    let groups: Vec<&str> = fingerprint.split(' ').collect();
    let half = groups.len().div_ceil(2);
    format!("{}\n{}", groups[..half].join(" "), groups[half..].join(" "))
}

fn heading<'a>(label: String) -> iced::widget::Text<'a> {
    text(label).size(theme::TEXT_L).font(theme::BOLD)
}

fn page<'a>(content: iced::widget::Column<'a, Message>) -> Element<'a, Message> {
    scrollable(container(content.max_width(1600)).padding(theme::SPACE_L))
        .height(Length::Fill)
        .into()
}
