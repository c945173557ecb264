//! What the exchange screen shows: at a mission, the keys and the two
//! kinds of export; at the commission, its key and its backup, the files to
//! import with the report per file, the conflicts and the missions. A
//! running export or import shows its bar and a Cancel button.

use iced::widget::{
    button, column, container, progress_bar, radio, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length};

use super::{BACKUP_PASSPHRASE_ID, BACKUP_REPEAT_ID, Exchange, Message, Told, error_text, reply};
use crate::exchange::{ConflictView, FileOutcome, KeyNotice, Overview, Question};
use crate::gui::theme;
use crate::gui::widget::{card, hint};
use crate::i18n::I18n;
use crate::vault::{OutgoingCounts, Resolution, Role};

impl Exchange {
    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let title_key = match self.role {
            Role::Mission => "exchange-export-title",
            Role::Commission => "exchange-import-title",
        };
        let mut content = column![
            row![
                button(text(i18n.t("editor-back")))
                    .style(button::secondary)
                    .on_press(Message::Back),
                text(i18n.t(title_key))
                    .size(theme::TEXT_XL)
                    .font(theme::BOLD),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center)
        ]
        .spacing(theme::SPACE_L)
        .max_width(980);
        if let Some(outcome) = &self.outcome {
            content = content.push(outcome_line(outcome, i18n));
        }
        let Some(overview) = &self.overview else {
            return page(content.push(text(i18n.t("exchange-loading"))));
        };
        content = match self.role {
            Role::Mission => self.mission_view(content, overview, i18n),
            Role::Commission => self.commission_view(content, overview, i18n),
        };
        page(content)
    }

    fn mission_view<'a>(
        &'a self,
        content: iced::widget::Column<'a, Message>,
        overview: &'a Overview,
        i18n: &I18n,
    ) -> iced::widget::Column<'a, Message> {
        let key: Element<'a, Message> = match &overview.commission_fingerprint {
            Some(fingerprint) if !overview.commission_signs_replies => column![
                heading(i18n.t("exchange-commission-key")),
                text(fingerprint.clone()).font(theme::BOLD),
                hint(i18n.t("exchange-fingerprint-hint")),
                hint(i18n.t("exchange-old-key-hint")),
                button(text(i18n.t("exchange-load-new-key")))
                    .style(button::secondary)
                    .on_press(Message::ChooseNewKeyFile),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            Some(fingerprint) => column![
                heading(i18n.t("exchange-commission-key")),
                text(fingerprint.clone()).font(theme::BOLD),
                hint(i18n.t("exchange-fingerprint-hint")),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            None => column![
                heading(i18n.t("exchange-commission-key")),
                text(i18n.t("exchange-no-commission-key")).style(|t| text::Style {
                    color: Some(theme::danger(t)),
                }),
                button(text(i18n.t("exchange-load-key")))
                    .style(button::secondary)
                    .on_press(Message::ChooseKeyFile),
            ]
            .spacing(theme::SPACE_S)
            .into(),
        };
        // The commission compares this when it approves the first export.
        let own_key = hint(
            i18n.t_with(
                "exchange-mission-key",
                &[(
                    "fingerprint",
                    overview
                        .mission_fingerprint
                        .clone()
                        .unwrap_or_default()
                        .into(),
                )],
            ),
        );
        let key = column![key, own_key].spacing(theme::SPACE_S);
        let counts = |counts: &OutgoingCounts| {
            let cases = i18n.t_with(
                "exchange-counts",
                &[
                    ("cases", counts.cases.into()),
                    ("erasures", counts.tombstones.into()),
                ],
            );
            with_withdrawals(i18n, cases, counts.withdrawals)
        };
        let last = if overview.last_sequence == 0 {
            i18n.t("exchange-no-export-yet")
        } else {
            i18n.t_with(
                "exchange-last-export",
                &[("number", overview.last_sequence.into())],
            )
        };
        let can_export = overview.commission_fingerprint.is_some() && self.running.is_none();
        let what = column![
            heading(i18n.t("exchange-what-goes")),
            choice(
                i18n.t("exchange-incremental"),
                counts(&overview.pending),
                false,
                self.all
            ),
            choice(
                i18n.t("exchange-everything"),
                counts(&overview.everything),
                true,
                self.all
            ),
            hint(last),
            hint(i18n.t("exchange-consent-hint")),
            row![
                button(text(i18n.t("exchange-export-button")))
                    .on_press_maybe(can_export.then_some(Message::ChooseExportFile)),
                self.progress(i18n),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
        ]
        .spacing(theme::SPACE_S);
        let mut content = content
            .push(card(key))
            .push(card(what))
            .push(card(self.replies(overview, i18n)));
        if let Some(summary) = &self.exported {
            content = content.push(card(
                column![
                    heading(
                        i18n.t_with("exchange-exported", &[("number", summary.sequence.into())])
                    ),
                    text(summary.file.display().to_string()).font(theme::BOLD),
                    text({
                        let counts = i18n.t_with(
                            "exchange-exported-counts",
                            &[
                                ("cases", summary.counts.cases.into()),
                                ("redacted", summary.counts.redacted.into()),
                                ("erasures", summary.counts.tombstones.into()),
                            ],
                        );
                        match summary.counts.withdrawals {
                            0 => counts,
                            n => format!(
                                "{counts} {}",
                                i18n.t_with(
                                    "exchange-exported-withdrawals",
                                    &[("count", n.into())]
                                )
                            ),
                        }
                    }),
                    hint(i18n.t_with(
                        "exchange-exported-keys",
                        &[
                            ("commission", summary.commission_fingerprint.clone().into()),
                            ("mission", summary.mission_fingerprint.clone().into()),
                        ],
                    )),
                    hint(i18n.t("exchange-exported-hint")),
                ]
                .spacing(theme::SPACE_S),
            ));
        }
        content
    }

    fn commission_view<'a>(
        &'a self,
        content: iced::widget::Column<'a, Message>,
        overview: &'a Overview,
        i18n: &I18n,
    ) -> iced::widget::Column<'a, Message> {
        let key = column![
            heading(i18n.t("exchange-commission-key")),
            text(overview.commission_fingerprint.clone().unwrap_or_default()).font(theme::BOLD),
            hint(i18n.t("exchange-distribute-hint")),
            button(text(i18n.t("exchange-save-key")))
                .style(button::secondary)
                .on_press(Message::SaveCommissionKey),
            text(i18n.t("exchange-identity-backup"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            hint(i18n.t("exchange-identity-hint")),
            row![
                text_input(
                    &i18n.t("exchange-identity-passphrase"),
                    &self.backup_passphrase
                )
                .id(BACKUP_PASSPHRASE_ID)
                .secure(true)
                .on_input(Message::BackupPassphrase)
                .padding(8),
                text_input(&i18n.t("first-run-repeat"), &self.backup_repeat)
                    .id(BACKUP_REPEAT_ID)
                    .secure(true)
                    .on_input(Message::BackupRepeat)
                    .padding(8),
                button(text(i18n.t("exchange-identity-save"))).on_press_maybe(
                    (!self.backup_passphrase.is_empty())
                        .then_some(Message::ChooseIdentityBackupFile)
                ),
            ]
            .spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_S);
        let choose = column![
            heading(i18n.t("exchange-import-files")),
            hint(i18n.t("exchange-import-hint")),
            row![
                button(text(i18n.t("exchange-choose-files")))
                    .on_press_maybe(self.running.is_none().then_some(Message::ChooseImportFiles)),
                self.progress(i18n),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
        ]
        .spacing(theme::SPACE_S);
        let mut content = content.push(card(key)).push(card(choose));

        if let Some(Question { mission, files }) = &self.question {
            let file = files
                .first()
                .and_then(|f| f.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            content = content.push(card(
                column![
                    heading(i18n.t_with(
                        "exchange-new-mission",
                        &[
                            ("code", mission.code.clone().into()),
                            ("name", mission.name.clone().into()),
                        ],
                    )),
                    text(i18n.t_with("exchange-new-mission-file", &[("file", file.into())])),
                    text(mission.fingerprint.clone())
                        .size(theme::TEXT_L)
                        .font(theme::BOLD),
                    hint(i18n.t_with(
                        "exchange-new-mission-hint",
                        &[("code", mission.code.clone().into())],
                    )),
                    row![
                        button(text(i18n.t("exchange-approve"))).on_press(Message::Approve),
                        button(text(i18n.t("exchange-skip")))
                            .style(button::secondary)
                            .on_press(Message::Skip),
                    ]
                    .spacing(theme::SPACE_M),
                ]
                .spacing(theme::SPACE_S),
            ));
        }
        if !self.rows.is_empty() {
            content = content.push(card(self.report(i18n)));
        }
        if !overview.conflicts.is_empty() {
            content = content.push(card(conflicts(&overview.conflicts, i18n)));
        }
        if !overview.guidance.is_empty() {
            content = content.push(card(
                self.guidance_sent(&overview.guidance, i18n)
                    .map(|m| Message::Reply(reply::Message::Guidance(m))),
            ));
        }
        if overview.guidance_unreadable {
            content = content.push(unreadable(i18n.t("exchange-guidance-unreadable")));
        }
        if !overview.missions.is_empty() {
            let mut list = column![heading(i18n.t("exchange-missions"))].spacing(theme::SPACE_S);
            for (code, name, fingerprint) in &overview.missions {
                list = list.push(
                    row![
                        text(code.clone()).font(theme::BOLD).width(110),
                        text(name.clone()).width(Length::Fill),
                        text(fingerprint.clone()).size(theme::TEXT_S),
                        button(text(i18n.t("exchange-reply-to")))
                            .style(button::secondary)
                            .on_press(Message::Reply(reply::Message::ReplyTo(code.clone()))),
                    ]
                    .spacing(theme::SPACE_M)
                    .align_y(Alignment::Center),
                );
            }
            content = content.push(card(list));
        }
        content
    }

    /// Mission: receiving the commission's reply, and each export with
    /// whether the commission confirmed it (newest first).
    fn replies<'a>(&'a self, overview: &'a Overview, i18n: &I18n) -> Element<'a, Message> {
        /// The newest exports shown; the command line lists them all.
        const SHOWN: usize = 50;
        let mut list = column![
            heading(i18n.t("exchange-replies")),
            hint(i18n.t("exchange-replies-hint")),
            button(text(i18n.t("exchange-receive-reply")))
                .style(button::secondary)
                .on_press_maybe(
                    self.running
                        .is_none()
                        .then_some(Message::Reply(reply::Message::Choose))
                ),
        ]
        .spacing(theme::SPACE_S);
        if let Some(fingerprint) = &overview.commission_key_announced {
            list = list.push(
                text(i18n.t_with(
                    "exchange-rotation-announced",
                    &[("fingerprint", fingerprint.clone().into())],
                ))
                .font(theme::BOLD),
            );
            list = list.push(
                button(text(i18n.t("exchange-rotation-accept")))
                    .style(button::secondary)
                    .on_press_maybe(self.running.is_none().then(|| {
                        Message::Reply(reply::Message::AcceptRotation(fingerprint.clone()))
                    })),
            );
        }
        let day = |at: &str| crate::domain::day_of(at).to_owned();
        for event in &overview.own_key_events {
            let what = if event.event == "mission-key-revoked" {
                "exchange-own-key-revoked"
            } else {
                "exchange-own-key-replaced"
            };
            let accepted = match event.accepted_through {
                Some(number) => {
                    i18n.t_with("exchange-own-key-accepted", &[("number", number.into())])
                }
                None => i18n.t("exchange-own-key-none-accepted"),
            };
            list = list.push(text(format!(
                "{} {accepted}",
                i18n.t_with(
                    what,
                    &[
                        ("fingerprint", event.fingerprint.clone().into()),
                        ("date", day(&event.at).into()),
                    ],
                )
            )));
        }
        for export in overview.exports.iter().take(SHOWN) {
            let status = match &export.confirmed_at {
                Some(at) => {
                    text(i18n.t_with("exchange-export-confirmed", &[("date", day(at).into())]))
                }
                None => text(i18n.t("exchange-export-unconfirmed")).style(|t| text::Style {
                    color: Some(theme::muted(t)),
                }),
            };
            list = list.push(
                row![
                    text({
                        let row = i18n.t_with(
                            "exchange-export-row",
                            &[
                                ("number", export.sequence.into()),
                                ("date", day(&export.created_at).into()),
                                ("cases", export.cases.into()),
                                ("erasures", export.erasures.into()),
                            ],
                        );
                        // Which export carried a withdrawn consent.
                        with_withdrawals(i18n, row, export.withdrawals)
                    })
                    .width(Length::FillPortion(3)),
                    status.width(Length::FillPortion(2)),
                ]
                .spacing(theme::SPACE_M),
            );
        }
        if !overview.set_aside.is_empty() || overview.set_aside_unreadable {
            list = list.push(set_aside(overview, i18n));
        }
        if !overview.erased_at_commission.is_empty() {
            list = list.push(erased_at_commission(overview, i18n));
        }
        if overview.guidance_unreadable {
            list = list.push(unreadable(i18n.t("exchange-guidance-unreadable")));
        }
        if !overview.guidance.is_empty() {
            list = list.push(heading(i18n.t("exchange-guidance")));
            for note in &overview.guidance {
                let body = note.note.text_in(i18n.language());
                let mut line = row![
                    text(note.note.date.to_string())
                        .font(theme::BOLD)
                        .width(110)
                ]
                .spacing(theme::SPACE_M);
                if !note.read {
                    line = line.push(
                        text(i18n.t("exchange-guidance-new"))
                            .font(theme::BOLD)
                            .style(|t| text::Style {
                                color: Some(theme::success(t)),
                            }),
                    );
                }
                list = list.push(line.push(text(body).width(Length::Fill)));
            }
            if overview.guidance.iter().any(|n| !n.read) {
                list = list.push(
                    button(text(i18n.t("exchange-guidance-read")))
                        .style(button::secondary)
                        .on_press(Message::Reply(reply::Message::MarkRead)),
                );
            }
        }
        list.into()
    }

    fn report<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let header = |key: &str| text(i18n.t(key)).size(theme::TEXT_S).font(theme::BOLD);
        let number = |n: u64| text(n.to_string()).width(80);
        let mut table = column![
            heading(i18n.t("exchange-report")),
            row![
                header("column-file").width(Length::FillPortion(3)),
                header("column-mission").width(Length::FillPortion(2)),
                header("column-new").width(80),
                header("column-updated-cases").width(80),
                header("column-unchanged").width(80),
                header("column-erased").width(80),
                header("column-conflicts").width(80),
                // Versions of cases the commission erased itself, and
                // withdrawn consents (applied, or kept until the case
                // arrives): the row adds up to what the file carried.
                header("column-erased-here").width(80),
                header("column-withdrawn").width(80),
            ]
            .spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_S);
        for row_data in &self.rows {
            let file = row_data
                .file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let refused = |reason: String| -> Element<'a, Message> {
                row![
                    text(file.clone()).width(Length::FillPortion(3)),
                    text(reason)
                        .width(Length::FillPortion(6))
                        .style(|t| text::Style {
                            color: Some(theme::danger(t)),
                        }),
                ]
                .spacing(theme::SPACE_S)
                .into()
            };
            let line: Element<'a, Message> = match &row_data.outcome {
                FileOutcome::Imported(report) => {
                    let mission = i18n.t_with(
                        "exchange-mission-export",
                        &[
                            ("code", report.mission_code.clone().into()),
                            ("number", report.sequence.into()),
                        ],
                    );
                    let mut cells = column![
                        row![
                            text(file.clone()).width(Length::FillPortion(3)),
                            text(mission).width(Length::FillPortion(2)),
                            number(report.counts.new),
                            number(report.counts.updated),
                            number(report.counts.unchanged),
                            number(report.counts.erased),
                            number(report.counts.conflicts),
                            number(report.counts.erased_here),
                            number(report.counts.withdrawn + report.counts.withdrawn_kept),
                        ]
                        .spacing(theme::SPACE_S)
                    ];
                    if let Some(earlier) = &report.duplicate_of {
                        cells = cells.push(hint(
                            i18n.t_with(
                                "exchange-duplicate",
                                &[(
                                    "date",
                                    earlier
                                        .imported_at
                                        .chars()
                                        .take(10)
                                        .collect::<String>()
                                        .into(),
                                )],
                            ),
                        ));
                    }
                    if let Some(notice) = &report.key_notice {
                        cells = cells.push(
                            text(key_notice_text(i18n, &report.mission_code, notice)).style(|t| {
                                text::Style {
                                    color: Some(theme::danger(t)),
                                }
                            }),
                        );
                    }
                    for (from, to) in &report.gaps {
                        cells = cells.push(hint(i18n.t_with(
                            "exchange-gap",
                            &[
                                ("code", report.mission_code.clone().into()),
                                ("from", (*from).into()),
                                ("to", (*to).into()),
                                ("count", (to - from + 1).into()),
                            ],
                        )));
                    }
                    cells.into()
                }
                FileOutcome::Refused(error) => refused(error_text(i18n, error)),
                FileOutcome::Skipped => refused(i18n.t("exchange-skipped")),
            };
            table = table.push(line);
        }
        table.into()
    }

    /// The bar of the running export or import, with its Cancel button.
    /// Once every line is read or written, what is left (an import builds
    /// its indexes and commits, seconds at 100,000 cases) is said beside the
    /// full bar; a job asked to stop says so until it has.
    fn progress<'a>(&self, i18n: &I18n) -> Element<'a, Message> {
        let Some(running) = &self.running else {
            return text("").into();
        };
        let fraction = running.progress.fraction();
        let mut line = row![progress_bar(0.0..=1.0, fraction).girth(8).length(320)]
            .spacing(theme::SPACE_S)
            .align_y(Alignment::Center);
        if running.cancel.is_cancelled() {
            line = line.push(hint(i18n.t("exchange-cancelling")));
        } else {
            if fraction >= 1.0 {
                line = line.push(hint(i18n.t("exchange-finishing")));
            }
            line = line.push(
                button(text(i18n.t("exchange-cancel")))
                    .style(button::secondary)
                    .on_press(Message::Cancel),
            );
        }
        line.into()
    }
}

fn conflicts<'a>(list: &'a [ConflictView], i18n: &I18n) -> Element<'a, Message> {
    let mut column = column![
        heading(i18n.t_with(
            "exchange-conflicts",
            &[("count", (list.len() as u64).into())]
        )),
        hint(i18n.t("exchange-conflicts-hint")),
    ]
    .spacing(theme::SPACE_S);
    for conflict in list {
        let mut entry = column![
            text(i18n.t_with(
                "exchange-conflict-case",
                &[
                    ("reference", conflict.reference.clone().into()),
                    ("revision", conflict.revision.into()),
                ],
            ))
            .font(theme::BOLD)
        ]
        .spacing(4);
        for (path, stored, other) in conflict.differences.iter().take(12) {
            entry = entry.push(
                row![
                    text(path.clone()).size(theme::TEXT_S).width(260),
                    text(stored.clone()).size(theme::TEXT_S).width(Length::Fill),
                    text(other.clone()).size(theme::TEXT_S).width(Length::Fill),
                ]
                .spacing(theme::SPACE_S),
            );
        }
        entry = entry.push(
            row![
                button(text(i18n.t("exchange-keep-stored")))
                    .style(button::secondary)
                    .on_press(Message::Resolve(conflict.seq, Resolution::KeepStored)),
                button(text(i18n.t("exchange-take-other")))
                    .style(button::secondary)
                    .on_press(Message::Resolve(conflict.seq, Resolution::TakeSetAside)),
            ]
            .spacing(theme::SPACE_M),
        );
        column = column.push(entry);
    }
    column.into()
}

/// Mission: the versions of its cases the commission set aside, each with
/// the date of the reply that named it (the commission does not say which
/// export brought it), and whether the commission has settled it since;
/// the first [`SET_ASIDE_SHOWN`] of them, then how many more (the command
/// line lists them all).
fn set_aside<'a>(overview: &'a Overview, i18n: &I18n) -> Element<'a, Message> {
    let day = |at: &str| crate::domain::day_of(at).to_owned();
    let mut list = column![
        heading(i18n.t("exchange-set-aside")),
        hint(i18n.t("exchange-set-aside-hint")),
    ]
    .spacing(theme::SPACE_S);
    if overview.set_aside_unreadable {
        list = list.push(unreadable(i18n.t("exchange-set-aside-unreadable")));
    }
    let versions = &overview.set_aside;
    for version in versions.iter().take(SET_ASIDE_SHOWN) {
        let line = match (version.revision, &version.reply_of) {
            (Some(revision), Some(at)) => i18n.t_with(
                "exchange-set-aside-row",
                &[
                    ("reference", version.reference.clone().into()),
                    ("revision", revision.into()),
                    ("date", day(at).into()),
                ],
            ),
            _ => i18n.t_with(
                "exchange-set-aside-row-earlier",
                &[("reference", version.reference.clone().into())],
            ),
        };
        let mut row = row![text(line).width(Length::FillPortion(3))].spacing(theme::SPACE_M);
        if version.resolved {
            row = row.push(
                text(i18n.t("exchange-set-aside-resolved"))
                    .width(Length::FillPortion(2))
                    .style(|t| text::Style {
                        color: Some(theme::muted(t)),
                    }),
            );
        }
        list = list.push(row);
    }
    if versions.len() > SET_ASIDE_SHOWN {
        list = list.push(hint(i18n.t_with(
            "exchange-set-aside-more",
            &[("count", (versions.len() - SET_ASIDE_SHOWN).into())],
        )));
    }
    list.into()
}

/// The most set-aside versions the Export screen shows, as many as the
/// exports it shows.
pub const SET_ASIDE_SHOWN: usize = 50;

/// Mission: its cases the commission said it erased (past their
/// erase-after date there), each with the day; the first
/// [`SET_ASIDE_SHOWN`], then how many more (the command line lists them
/// all).
fn erased_at_commission<'a>(overview: &'a Overview, i18n: &I18n) -> Element<'a, Message> {
    let erased = &overview.erased_at_commission;
    let mut list = column![
        heading(i18n.t("exchange-erased-at-commission")),
        hint(i18n.t("exchange-erased-at-commission-hint")),
    ]
    .spacing(theme::SPACE_S);
    for case in erased.iter().take(SET_ASIDE_SHOWN) {
        list = list.push(text(i18n.t_with(
            "exchange-erased-at-commission-row",
            &[
                ("reference", case.reference.clone().into()),
                (
                    "date",
                    crate::domain::day_of(&case.erased_at).to_owned().into(),
                ),
            ],
        )));
    }
    if erased.len() > SET_ASIDE_SHOWN {
        list = list.push(hint(i18n.t_with(
            "exchange-erased-at-commission-more",
            &[("count", (erased.len() - SET_ASIDE_SHOWN).into())],
        )));
    }
    list.into()
}

/// `counts` followed by the withdrawn consents, when there are any: an
/// instruction, not a case, so counted apart (an export carrying only
/// that is not taken for an empty one).
fn with_withdrawals(i18n: &I18n, counts: String, withdrawals: u64) -> String {
    match withdrawals {
        0 => counts,
        n => i18n.t_with(
            "exchange-counts-with-withdrawals",
            &[("counts", counts.into()), ("withdrawals", n.into())],
        ),
    }
}

/// A part of the screen that could not be read.
fn unreadable<'a>(said: String) -> Element<'a, Message> {
    container(text(said))
        .padding(theme::SPACE_M)
        .style(theme::error_banner)
        .width(Length::Fill)
        .into()
}

/// One of the two kinds of export, with what it would carry beside it.
fn choice<'a>(label: String, counts: String, all: bool, chosen: bool) -> Element<'a, Message> {
    row![
        radio(label, all, Some(chosen), Message::SetAll).width(Length::FillPortion(3)),
        text(counts).width(Length::FillPortion(2)),
    ]
    .spacing(theme::SPACE_M)
    .into()
}

fn heading<'a>(label: String) -> iced::widget::Text<'a> {
    text(label).size(theme::TEXT_L).font(theme::BOLD)
}

fn outcome_line<'a>(outcome: &Result<Told, Told>, i18n: &I18n) -> Element<'a, Message> {
    match outcome {
        Ok(message) => text(message.show(i18n))
            .style(|t| text::Style {
                color: Some(theme::success(t)),
            })
            .into(),
        Err(message) => container(text(message.show(i18n)))
            .padding(theme::SPACE_M)
            .style(theme::error_banner)
            .width(Length::Fill)
            .into(),
    }
}

fn page<'a>(content: iced::widget::Column<'a, Message>) -> Element<'a, Message> {
    scrollable(container(content).padding(theme::SPACE_L))
        .height(Length::Fill)
        .into()
}

/// What an import did with a mission's keys, as the analyst reads it.
fn key_notice_text(i18n: &I18n, code: &str, notice: &KeyNotice) -> String {
    match notice {
        KeyNotice::Rotated {
            from,
            to,
            after_sequence,
        } => i18n.t_with(
            "exchange-key-rotated",
            &[
                ("code", code.to_owned().into()),
                ("from", from.clone().into()),
                ("to", to.clone().into()),
                ("number", (*after_sequence).into()),
            ],
        ),
        KeyNotice::FirstFile { fingerprint } => i18n.t_with(
            "exchange-key-first-file",
            &[
                ("code", code.to_owned().into()),
                ("fingerprint", fingerprint.clone().into()),
            ],
        ),
        KeyNotice::RetiredKeyWindow {
            fingerprint,
            revoked,
            sequence,
            through,
        } => i18n.t_with(
            if *revoked {
                "exchange-key-revoked-taken"
            } else {
                "exchange-key-replaced-taken"
            },
            &[
                ("code", code.to_owned().into()),
                ("fingerprint", fingerprint.clone().into()),
                ("number", (*sequence).into()),
                ("through", (*through).into()),
            ],
        ),
    }
}
