//! The list's layout: the toolbar with the search, the filters (each
//! keeping its name when set, as wide as its longest choice, wrapping to a
//! second line rather than running off the window), the heading, and rows
//! that all have the same height in either language.

use iced::widget::text::Wrapping;
use iced::widget::{
    button, center, checkbox, column, container, mouse_area, opaque, pick_list, row, scrollable,
    stack, text, text_input, toggler, tooltip,
};
use iced::{Alignment, Element, Length};

use super::{Cases, Message, SEARCH_ID, choices, display_name, handover};
use crate::domain::{CaseStatus, ExploitationType, TraffickingStatus};
use crate::gui::theme;
use crate::gui::widget::{self, Choice, error_banner};
use crate::i18n::I18n;
use crate::vault::{CaseSummary, SortKey};

/// The width of each column, in the order shown. What must never be cut
/// has a fixed width that holds it whatever the window (at the interface's
/// own font): the reference (its number is at its end, and after a restore
/// a tag: "LT-LON-2026-0005-KXQR"), the dates, and a due date with
/// "overdue" ("pradelsta") beside it. The words share what
/// is left, by portions set for the longer language at the window's first
/// size (1280 pixels), where every heading ("Prekybos žmonėmis statusas")
/// and every value ("Užbaigta, perduota") is on one line, the owner's
/// column and the ticks of a vault of several officers included. A narrower
/// window wraps a heading at its spaces and cuts a word cell at its edge,
/// never into the next one, so that rows keep one height.
const REFERENCE: Length = Length::Fixed(180.0);
const NAME: Length = Length::FillPortion(11);
const FIRST_CONTACT: Length = Length::Fixed(140.0);
const STATUS: Length = Length::FillPortion(13);
const TRAFFICKING: Length = Length::FillPortion(18);
const NEXT_DUE: Length = Length::Fixed(168.0);
const UPDATED: Length = Length::Fixed(100.0);
/// Room for an officer's name as the vault's officers write them ("A.
/// Petraitė"); a longer one is cut at its edge.
const OWNER: Length = Length::Fixed(90.0);
/// The box that ticks a case for a handover, left of each row.
const SELECT: Length = Length::Fixed(20.0);

/// The room left and right of a heading's label, so that its hover shape
/// does not touch the text; the cells below have the same, so that the
/// columns line up.
const HEADING_PAD: u16 = 4;
/// The row's own margin, outside its cells' room.
const ROW_PAD: u16 = 10 - HEADING_PAD;

/// The filters by status, trafficking status and form, in this order.
pub const FILTER_IDS: [&str; 3] = [
    "case-filter-status",
    "case-filter-trafficking-status",
    "case-filter-form",
];

impl Cases {
    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let searching = !self.search.trim().is_empty();
        let mut content = column![self.toolbar(i18n), self.filters(i18n)].spacing(theme::SPACE_M);
        let synthetic = self.page.as_ref().map_or(0, |p| p.synthetic);
        if synthetic > 0 {
            // Training data beside real cases: say so on the list itself.
            content = content.push(
                container(text(
                    i18n.t_with("cases-synthetic-banner", &[("count", synthetic.into())]),
                ))
                .padding(theme::SPACE_M)
                .style(theme::error_banner)
                .width(Length::Fill),
            );
        }
        if let Some(notices) = self.notices.view(i18n) {
            content = content.push(notices.map(Message::Notice));
        }
        if let Some(error) = &self.error {
            content = content.push(error_banner(i18n, error));
        }
        if let Some(done) = &self.handed {
            content = content.push(widget::card(text(i18n.t_with(
                "cases-handover-done",
                &[
                    ("count", i18n.count(done.moved).into()),
                    ("officer", done.to.clone().into()),
                ],
            ))));
        }
        if !searching
            && !self.due
            && let Some(handed_over) = self.handed_over_view(i18n)
        {
            content = content.push(handed_over);
        }
        let body: Element<'a, Message> = if self.rows().is_empty() && !self.loading {
            let key = if searching || self.filtered() || self.due {
                "cases-none-match"
            } else {
                "cases-empty"
            };
            container(text(i18n.t(key)).size(theme::TEXT_M))
                .padding(theme::SPACE_L)
                .into()
        } else {
            let rows = self
                .rows()
                .iter()
                .enumerate()
                .map(|(i, case)| self.line(i18n, i, case));
            scrollable(column(rows)).height(Length::Fill).into()
        };
        let list: Element<'a, Message> = content
            .push(
                // Inside the card's hairline, which the striped rows hid.
                container(column![self.heading(i18n), body])
                    .padding(1)
                    .style(theme::card)
                    .height(Length::Fill),
            )
            .push(self.footer(i18n))
            .padding(theme::SPACE_L)
            .into();
        if let Some(dialog) = &self.erase_due {
            return stack![
                list,
                opaque(
                    center(opaque(dialog.view(i18n).map(Message::EraseDue))).style(theme::shade)
                )
            ]
            .into();
        }
        match &self.handover {
            // The dialog over the list, which it shades and keeps from clicks.
            Some(dialog) => stack![
                list,
                opaque(
                    mouse_area(
                        center(opaque(dialog.view(i18n).map(Message::Handover)))
                            .style(theme::shade)
                    )
                    .on_press(Message::Handover(handover::Message::Shade))
                )
            ]
            .into(),
            None => list,
        }
    }

    /// The cases handed over to the officer and not yet opened: a banner
    /// saying how many, and the first of them, above the list.
    fn handed_over_view<'a>(&'a self, i18n: &I18n) -> Option<Element<'a, Message>> {
        let (count, rows) = self.handed_over.as_ref()?;
        if *count == 0 {
            return None;
        }
        let lines = rows
            .iter()
            .enumerate()
            .map(|(i, case)| self.line(i18n, i, case));
        Some(
            container(
                column![
                    row![
                        text(
                            i18n.t_with(
                                "cases-handed-over",
                                &[("count", i18n.count(*count).into())]
                            )
                        )
                        .font(theme::BOLD),
                        iced::widget::space::horizontal(),
                        button(text(i18n.t("cases-handed-over-seen")).wrapping(Wrapping::None))
                            .style(theme::button_secondary)
                            .on_press(Message::MarkHandedOverSeen),
                    ]
                    .spacing(theme::SPACE_M)
                    .align_y(Alignment::Center)
                    .padding([0, ROW_PAD + HEADING_PAD]),
                    container(
                        text(i18n.t("cases-handed-over-hint"))
                            .size(theme::TEXT_S)
                            .style(|t| text::Style {
                                color: Some(theme::muted(t)),
                            })
                            .width(Length::Fill)
                            .wrapping(Wrapping::Word)
                    )
                    .padding([0, ROW_PAD + HEADING_PAD]),
                    column(lines),
                ]
                .spacing(theme::SPACE_S),
            )
            .padding([theme::SPACE_M, 1.0])
            .style(theme::card)
            .width(Length::Fill)
            .into(),
        )
    }

    /// All cases or the follow-ups due (with their count), the search, the
    /// discreet switch and New case.
    fn toolbar<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let due_label = match self.due_count {
            Some(Some(count)) => {
                i18n.t_with("cases-due-count", &[("count", i18n.count(count).into())])
            }
            Some(None) => i18n.t_with(
                "cases-due-count-more",
                &[("count", i18n.count(super::DUE_COUNTED).into())],
            ),
            None => i18n.t("cases-due"),
        };
        let view_button = |label: String, on: bool, show_due: bool| {
            button(text(label).wrapping(Wrapping::None))
                .style(if on {
                    theme::button_primary
                } else {
                    theme::button_secondary
                })
                .on_press(Message::ShowDue(show_due))
        };
        row![
            view_button(i18n.t("cases-all"), !self.due, false),
            view_button(due_label, self.due, true),
            text_input(&i18n.t("cases-search"), &self.search)
                .id(SEARCH_ID)
                .on_input(Message::SearchChanged)
                .padding(8)
                .width(Length::Fill),
            toggler(self.discreet)
                .label(i18n.t("cases-discreet"))
                .on_toggle(Message::DiscreetToggled)
                .size(18),
            button(text(i18n.t("cases-new")).wrapping(Wrapping::None))
                .on_press(Message::New)
                .padding([6, 14]),
        ]
        .spacing(theme::SPACE_M)
        .align_y(Alignment::Center)
        .into()
    }

    /// The three filters and Clear filters. Each pick list is as wide as
    /// the longest of its choices and of its own label, so that neither
    /// the closed list nor its menu cuts a choice short ("Forced military
    /// service (non-state actors)"); when they do not fit beside each
    /// other they wrap to a second line.
    ///
    /// A search and the follow-ups due are not filtered: there the filters
    /// give way to a line saying so, rather than look set and do nothing.
    fn filters<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let unfiltered = if self.due {
            Some("cases-filters-not-on-due")
        } else if !self.search.trim().is_empty() {
            Some("cases-filters-not-on-search")
        } else {
            None
        };
        if let Some(key) = unfiltered {
            return text(i18n.t(key))
                .style(|t| text::Style {
                    color: Some(theme::muted(t)),
                })
                .into();
        }
        fn filter<'a, T>(
            i18n: &I18n,
            id: &'static str,
            kind: &str,
            all: &[T],
            value: Option<T>,
            shown: String,
            on_select: fn(Choice<T>) -> Message,
        ) -> Element<'a, Message>
        where
            T: Copy + std::fmt::Display + PartialEq + 'a,
        {
            let list = pick_list(
                choices(i18n, kind, all),
                Some(Choice::new(value, shown.clone())),
                on_select,
            )
            // Never shown while a value is chosen (one always is); iced
            // makes a list that shrinks to its content as wide as its
            // placeholder too, and so as wide as the label shown.
            .placeholder(shown)
            .width(Length::Shrink)
            .padding([6, 10])
            .on_open(Message::Menu(true))
            .on_close(Message::Menu(false));
            // An id to find it by (tests click it).
            container(list).id(id).into()
        }
        let [status, trafficking, form] = self.filter_labels(i18n);
        let mine = self.query.owner.is_some();
        // A switch that says it is on by its fill, and by its tooltip how to
        // reach it from the keyboard.
        let mine = tooltip(
            button(text(i18n.t("cases-mine")).wrapping(Wrapping::None))
                .style(if mine {
                    theme::button_primary
                } else {
                    theme::button_secondary
                })
                .padding([6, 10])
                .on_press(Message::MineToggled),
            container(text(i18n.t("cases-mine-hint")).size(theme::TEXT_S))
                .padding([4, 8])
                .style(theme::card),
            tooltip::Position::Bottom,
        );
        let clear = button(text(i18n.t("cases-clear-filters")).wrapping(Wrapping::None))
            .style(theme::button_secondary)
            .on_press_maybe(self.filtered().then_some(Message::ClearFilters));
        // Esc closes an open list: `wrap` gives the lists fresh state.
        self.menus.wrap(
            row![
                filter(
                    i18n,
                    FILTER_IDS[0],
                    "CaseStatus",
                    CaseStatus::ALL,
                    self.query.status,
                    status,
                    Message::StatusFilter
                ),
                filter(
                    i18n,
                    FILTER_IDS[1],
                    "TraffickingStatus",
                    TraffickingStatus::ALL,
                    self.query.trafficking_status,
                    trafficking,
                    Message::TraffickingFilter
                ),
                filter(
                    i18n,
                    FILTER_IDS[2],
                    "ExploitationType",
                    ExploitationType::ALL,
                    self.query.form,
                    form,
                    Message::FormFilter
                ),
            ]
            .push(self.several_officers.then_some(mine))
            .push(clear)
            .spacing(theme::SPACE_S)
            .align_y(Alignment::Center)
            .wrap()
            .vertical_spacing(theme::SPACE_S),
        )
    }

    /// The column headings. The sortable ones are buttons in the link
    /// colour that take a shape when hovered; the arrow sits on the column
    /// the rows are really in order of: the chosen one on the paged list,
    /// the due date (soonest first) on the follow-ups due, none on a
    /// search (best matches first).
    fn heading<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let searching = !self.search.trim().is_empty();
        let sortable = !searching && !self.due;
        // The column the rows are in order of, and which way: the chosen
        // one on the paged list, the due date (earliest first) on the
        // follow-ups due, none on a search.
        let sorted = match (searching, self.due) {
            (true, _) => None,
            (false, true) => Some((By::Due, false)),
            (false, false) => Some((By::Key(self.query.sort), self.query.descending)),
        };
        let heading = |by: Option<By>, name: &str, width: Length| -> Element<'a, Message> {
            let order = sorted
                .filter(|(column, _)| Some(*column) == by)
                .map(|(_, down)| down);
            // Kept with the last word (a no-break space) if the heading wraps.
            let arrow = match order {
                Some(true) => "\u{a0}▼",
                Some(false) => "\u{a0}▲",
                None => "",
            };
            let title = text(format!("{}{arrow}", i18n.t(name)))
                .size(theme::TEXT_S)
                .font(theme::BOLD);
            let cell: Element<'a, Message> = match by {
                Some(By::Key(key)) if sortable => button(title)
                    .style(theme::sort_heading)
                    .padding([2, HEADING_PAD])
                    .on_press(Message::SortBy(key))
                    .width(width)
                    .into(),
                _ => container(title)
                    .padding([2, HEADING_PAD])
                    .width(width)
                    .into(),
            };
            // The arrow says which way in words too, when hovered.
            match (by, order) {
                (Some(by), Some(down)) => tooltip(
                    cell,
                    container(text(i18n.t(order_key(by, down))).size(theme::TEXT_S))
                        .padding([4, 8])
                        .style(theme::card),
                    tooltip::Position::Bottom,
                )
                .into(),
                _ => cell,
            }
        };
        let ticks = self.several_officers;
        row![]
            .push(ticks.then(|| iced::widget::space::horizontal().width(SELECT)))
            .push(
                row![
                    heading(
                        Some(By::Key(SortKey::Reference)),
                        "column-reference",
                        REFERENCE
                    ),
                    heading(None, "column-name", NAME),
                    heading(
                        Some(By::Key(SortKey::FirstContact)),
                        "column-first-contact",
                        FIRST_CONTACT
                    ),
                    heading(Some(By::Key(SortKey::Status)), "column-status", STATUS),
                    heading(None, "column-trafficking-status", TRAFFICKING),
                    // Not a key of the paged list: the follow-ups due's own order.
                    heading(Some(By::Due), "column-next-due", NEXT_DUE),
                    heading(
                        Some(By::Key(SortKey::LastUpdate)),
                        "column-updated",
                        UPDATED
                    ),
                ]
                .spacing(theme::SPACE_S)
                .align_y(Alignment::End),
            )
            .push(ticks.then(|| heading(None, "column-owner", OWNER)))
            .spacing(theme::SPACE_S)
            .padding([4, ROW_PAD])
            .align_y(Alignment::End)
            .into()
    }

    /// One case: a row of single-line cells, each cut at its edge, so that
    /// every row has the same height whatever the language and the window.
    fn line<'a>(&'a self, i18n: &I18n, i: usize, case: &CaseSummary) -> Element<'a, Message> {
        fn cell<'a>(
            content: impl Into<Element<'a, Message>>,
            width: Length,
        ) -> Element<'a, Message> {
            container(content)
                .padding([0, HEADING_PAD])
                .width(width)
                .clip(true)
                .into()
        }
        let words = |s: String| text(s).size(theme::TEXT_M).wrapping(Wrapping::None);
        let name = display_name(case, self.discreet);
        // A stub has no name left: it says where the record is.
        let name = if case.stub {
            i18n.t("cases-stub")
        } else if name.is_empty() && self.at_commission {
            i18n.t("cases-name-withheld")
        } else {
            name
        };
        let due: Element<'a, Message> = match case.next_due {
            Some(day) if self.overdue(Some(day)) => row![
                words(day.to_string()),
                container(
                    text(i18n.t("cases-overdue"))
                        .size(theme::TEXT_S)
                        .font(theme::BOLD)
                        .wrapping(Wrapping::None)
                )
                .padding([0, 6])
                .style(theme::overdue),
            ]
            .spacing(theme::SPACE_S)
            .align_y(Alignment::Center)
            .into(),
            Some(day) => words(day.to_string()).into(),
            None => words(String::new()).into(),
        };
        let line = row![
            cell(words(case.reference.clone()), REFERENCE),
            cell(words(name), NAME),
            cell(words(case.first_contact_date.to_string()), FIRST_CONTACT),
            cell(
                words(i18n.vocab("CaseStatus", case.status.as_str())),
                STATUS
            ),
            cell(
                words(
                    case.trafficking_status
                        .map(|s| i18n.vocab("TraffickingStatus", s.as_str()))
                        .unwrap_or_default()
                ),
                TRAFFICKING
            ),
            cell(due, NEXT_DUE),
            cell(
                words(case.updated_at.get(..10).unwrap_or_default().to_owned()),
                UPDATED
            ),
        ]
        .spacing(theme::SPACE_S)
        .align_y(Alignment::Center)
        .push(
            self.several_officers
                .then(|| cell(words(case.owner.clone()), OWNER)),
        );
        let id = case.id;
        let ticked = self.selected.contains(&id);
        let entry = row![]
            .push(self.several_officers.then(|| {
                container(
                    checkbox(ticked)
                        .on_toggle(move |on| Message::Select(id, on))
                        .size(16)
                        .style(theme::checkbox),
                )
                .width(SELECT)
            }))
            .push(
                button(line)
                    .style(theme::button_quiet)
                    .padding([6, 0])
                    .width(Length::Fill)
                    .on_press(Message::Open(id)),
            )
            .spacing(theme::SPACE_S)
            .padding([0, ROW_PAD])
            .align_y(Alignment::Center);
        let stripe = if self.cursor == Some(id) {
            theme::row_cursor
        } else if i % 2 == 1 {
            theme::row_stripe
        } else {
            |_: &iced::Theme| container::Style::default()
        };
        container(entry).style(stripe).into()
    }

    /// Where the page is in the list, and the buttons to the next.
    fn footer<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let searching = !self.search.trim().is_empty();
        let total = self.page.as_ref().map(|p| p.total).unwrap_or(0);
        let exact = self.page.as_ref().is_none_or(|p| p.exact);
        let first = if total == 0 { 0 } else { self.query.offset + 1 };
        let last = self.query.offset + self.rows().len() as u64;
        // "0–0 of 0" says nothing the empty list does not: the count alone.
        let paged = !searching && !self.due;
        row![
            text(if paged && total > 0 {
                i18n.t_with(
                    if exact {
                        "cases-count"
                    } else {
                        "cases-count-more"
                    },
                    &[
                        ("first", i18n.count(first).into()),
                        ("last", i18n.count(last).into()),
                        ("total", i18n.count(total).into()),
                    ],
                )
            } else {
                i18n.t_with(
                    if exact {
                        "cases-found"
                    } else {
                        "cases-found-more"
                    },
                    &[("count", i18n.count(total).into())],
                )
            })
            .size(theme::TEXT_S),
            iced::widget::space::horizontal(),
        ]
        .push(
            button(text(i18n.t("erase-due-open")).wrapping(Wrapping::None))
                .style(button::secondary)
                .on_press(Message::ShowEraseDue),
        )
        .push(self.several_officers.then(|| self.handover_buttons(i18n)))
        .push(
            row![
                button(text(i18n.t("cases-previous")))
                    .style(button::secondary)
                    .on_press_maybe(
                        (paged && self.query.offset > 0).then_some(Message::PreviousPage)
                    ),
                button(text(i18n.t("cases-next")))
                    .style(button::secondary)
                    .on_press_maybe((paged && last < total).then_some(Message::NextPage)),
            ]
            .spacing(theme::SPACE_S),
        )
        .spacing(theme::SPACE_S)
        .align_y(Alignment::Center)
        .into()
    }

    /// Hand over the ticked cases, or all the officer's open ones, and a
    /// line between them and the pages.
    fn handover_buttons<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let ticked = self.selected.len() as u64;
        row![
            button(text(if ticked == 0 {
                i18n.t("cases-handover-selected-none")
            } else {
                i18n.t_with(
                    "cases-handover-selected",
                    &[("count", i18n.count(ticked).into())],
                )
            }))
            .style(theme::button_secondary)
            .on_press_maybe((ticked > 0).then_some(Message::HandOverSelected)),
            button(text(i18n.t("cases-handover-mine")))
                .style(theme::button_secondary)
                .on_press(Message::HandOverMine),
            container(iced::widget::rule::vertical(1)).height(theme::TEXT_L),
        ]
        .spacing(theme::SPACE_S)
        .align_y(Alignment::Center)
        .into()
    }
}

/// What rows can be in order of: a key of the paged list, or the due date
/// of the follow-ups due (their own order, earliest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum By {
    Key(SortKey),
    Due,
}

/// The order of the rows in words.
fn order_key(by: By, descending: bool) -> &'static str {
    match (by, descending) {
        (By::Due, _) => "cases-order-earliest",
        (By::Key(SortKey::Reference), false) => "cases-order-a-z",
        (By::Key(SortKey::Reference), true) => "cases-order-z-a",
        (By::Key(SortKey::Status), false) => "cases-order-active-first",
        (By::Key(SortKey::Status), true) => "cases-order-closed-first",
        (By::Key(SortKey::FirstContact | SortKey::LastUpdate), false) => "cases-order-oldest",
        (By::Key(SortKey::FirstContact | SortKey::LastUpdate), true) => "cases-order-newest",
    }
}
