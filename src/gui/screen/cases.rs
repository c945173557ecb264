//! The case list: search as you type (debounced), filters, sortable
//! columns, follow-ups due, paging so that only the visible rows are built
//! however large the vault. Discreet mode shows initials instead of names.

use iced::widget::{
    button, column, container, pick_list, row, scrollable, text, text_input, toggler,
};
use iced::{Alignment, Element, Length};

use crate::domain::{CaseId, CaseStatus, ExploitationType, TraffickingStatus};
use crate::gui::theme;
use crate::gui::widget::{Choice, error_banner};
use crate::i18n::I18n;
use crate::vault::{self, CaseSummary, ListQuery, Listing, Page, SortKey};

pub const SEARCH_ID: &str = "case-search-input";
pub const PAGE_SIZE: u64 = 50;

#[derive(Debug, Clone)]
pub enum Message {
    SearchChanged(String),
    SearchSettled(u64),
    StatusFilter(Choice<CaseStatus>),
    TraffickingFilter(Choice<TraffickingStatus>),
    FormFilter(Choice<ExploitationType>),
    SortBy(SortKey),
    ShowDue(bool),
    PreviousPage,
    NextPage,
    Loaded(u64, Result<Page, vault::Error>),
    Open(CaseId),
    /// The case asked for could not be opened.
    OpenFailed(vault::Error),
    New,
    DiscreetToggled(bool),
}

/// What the list needs from the store.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub id: u64,
    pub search: Option<String>,
    pub due: bool,
    pub query: ListQuery,
}

impl Request {
    /// What to ask the vault for, follow-ups due counted by `today`.
    pub fn listing(&self, today: chrono::NaiveDate) -> Listing {
        match &self.search {
            Some(search) => Listing::Search(search.clone()),
            None if self.due => Listing::DueBy(today),
            None => Listing::Page(self.query.clone()),
        }
    }
}

pub enum Action {
    None,
    Load(Request),
    /// Wait a moment, then send `SearchSettled(generation)`.
    Debounce(u64),
    Open(CaseId),
    New,
    SetDiscreet(bool),
}

/// The label of a filter that lets everything through, e.g. "Status: any";
/// one message each, as "any" agrees with the filter's noun in Lithuanian.
fn any_label(i18n: &I18n, kind: &str) -> String {
    i18n.t(match kind {
        "CaseStatus" => "filter-status-any",
        "TraffickingStatus" => "filter-trafficking-status-any",
        _ => "filter-form-any",
    })
}

fn choices<T: Copy + std::fmt::Display>(i18n: &I18n, kind: &str, all: &[T]) -> Vec<Choice<T>> {
    std::iter::once(Choice::new(None, any_label(i18n, kind)))
        .chain(
            all.iter()
                .map(|v| Choice::new(Some(*v), i18n.vocab(kind, &v.to_string()))),
        )
        .collect()
}

#[derive(Debug)]
pub struct Cases {
    search: String,
    search_generation: u64,
    query: ListQuery,
    due: bool,
    request: u64,
    page: Option<Page>,
    loading: bool,
    error: Option<vault::Error>,
    /// Initials instead of names.
    discreet: bool,
}

/// The rows shown (names included) and the search typed are wiped when the
/// list goes, which is when the vault locks.
impl Drop for Cases {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.search.zeroize();
        wipe_rows(&mut self.page);
    }
}

/// Overwrites the texts of a page's rows (a page replaced, or the list gone).
fn wipe_rows(page: &mut Option<Page>) {
    use zeroize::Zeroize;
    if let Some(page) = page {
        for row in &mut page.rows {
            row.reference.zeroize();
            row.given_name.zeroize();
            row.family_name.zeroize();
        }
    }
}

impl Cases {
    pub fn new(discreet: bool) -> (Cases, Action) {
        let mut cases = Cases {
            search: String::new(),
            search_generation: 0,
            query: ListQuery {
                limit: PAGE_SIZE,
                ..ListQuery::default()
            },
            due: false,
            request: 0,
            page: None,
            loading: false,
            error: None,
            discreet,
        };
        let action = cases.reload();
        (cases, action)
    }

    /// Asks for the current page again (after a save, an erase, a filter).
    pub fn reload(&mut self) -> Action {
        self.request += 1;
        self.loading = true;
        let search = self.search.trim();
        Action::Load(Request {
            id: self.request,
            search: (!search.is_empty()).then(|| search.to_owned()),
            due: self.due,
            query: self.query.clone(),
        })
    }

    pub fn rows(&self) -> &[CaseSummary] {
        self.page
            .as_ref()
            .map(|p| p.rows.as_slice())
            .unwrap_or_default()
    }

    /// Discreet mode as the preferences say (the settings can change it).
    pub fn set_discreet(&mut self, on: bool) {
        self.discreet = on;
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::SearchChanged(value) => {
                zeroize::Zeroize::zeroize(&mut self.search);
                self.search = value;
                self.search_generation += 1;
                self.query.offset = 0;
                Action::Debounce(self.search_generation)
            }
            Message::SearchSettled(generation) if generation == self.search_generation => {
                self.reload()
            }
            Message::SearchSettled(_) => Action::None,
            Message::StatusFilter(choice) => {
                self.query.status = choice.value;
                self.query.offset = 0;
                self.reload()
            }
            Message::TraffickingFilter(choice) => {
                self.query.trafficking_status = choice.value;
                self.query.offset = 0;
                self.reload()
            }
            Message::FormFilter(choice) => {
                self.query.form = choice.value;
                self.query.offset = 0;
                self.reload()
            }
            Message::SortBy(key) => {
                if self.query.sort == key {
                    self.query.descending = !self.query.descending;
                } else {
                    self.query.sort = key;
                    self.query.descending =
                        matches!(key, SortKey::FirstContact | SortKey::LastUpdate);
                }
                self.query.offset = 0;
                self.reload()
            }
            Message::ShowDue(due) => {
                self.due = due;
                self.query.offset = 0;
                self.reload()
            }
            Message::PreviousPage => {
                self.query.offset = self.query.offset.saturating_sub(PAGE_SIZE);
                self.reload()
            }
            Message::NextPage => {
                self.query.offset += PAGE_SIZE;
                self.reload()
            }
            Message::Loaded(id, result) => {
                // A reply to an older request is stale: a newer one is on its way.
                if id == self.request {
                    self.loading = false;
                    match result {
                        Ok(page) => {
                            wipe_rows(&mut self.page);
                            self.page = Some(page);
                            self.error = None;
                        }
                        Err(error) => self.error = Some(error),
                    }
                }
                Action::None
            }
            Message::Open(id) => Action::Open(id),
            Message::OpenFailed(error) => {
                self.error = Some(error);
                Action::None
            }
            Message::New => Action::New,
            Message::DiscreetToggled(on) => {
                self.discreet = on;
                Action::SetDiscreet(on)
            }
        }
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let discreet = self.discreet;
        let searching = !self.search.trim().is_empty();
        // The trafficking filter as wide as its longest choice: its "any"
        // label is long in Lithuanian and ran into the arrow at a share of
        // the row. The others share what is left.
        let filters = row![
            text_input(&i18n.t("cases-search"), &self.search)
                .id(SEARCH_ID)
                .on_input(Message::SearchChanged)
                .padding(8)
                .width(Length::FillPortion(5)),
            pick_list(
                choices(i18n, "CaseStatus", CaseStatus::ALL),
                Some(Choice::new(
                    self.query.status,
                    self.label(i18n, "CaseStatus", self.query.status)
                )),
                Message::StatusFilter
            )
            .placeholder(i18n.t("column-status"))
            .width(Length::FillPortion(2)),
            pick_list(
                choices(i18n, "TraffickingStatus", TraffickingStatus::ALL),
                Some(Choice::new(
                    self.query.trafficking_status,
                    self.label(i18n, "TraffickingStatus", self.query.trafficking_status)
                )),
                Message::TraffickingFilter
            )
            .width(Length::Shrink),
            pick_list(
                choices(i18n, "ExploitationType", ExploitationType::ALL),
                Some(Choice::new(
                    self.query.form,
                    self.label(i18n, "ExploitationType", self.query.form)
                )),
                Message::FormFilter
            )
            .width(Length::FillPortion(3)),
        ]
        .spacing(theme::SPACE_S)
        .align_y(Alignment::Center);

        let toolbar = row![
            button(text(i18n.t("cases-all")))
                .style(if self.due {
                    button::secondary
                } else {
                    button::primary
                })
                .on_press(Message::ShowDue(false)),
            button(text(i18n.t("cases-due")))
                .style(if self.due {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(Message::ShowDue(true)),
            iced::widget::space::horizontal(),
            toggler(discreet)
                .label(i18n.t("cases-discreet"))
                .on_toggle(Message::DiscreetToggled)
                .size(18),
            button(text(i18n.t("cases-new")))
                .on_press(Message::New)
                .padding([6, 14]),
        ]
        .spacing(theme::SPACE_M)
        .align_y(Alignment::Center);

        let header = |key: SortKey, label: &str, portion: u16| -> Element<'a, Message> {
            let arrow = if self.query.sort == key && !searching {
                if self.query.descending {
                    " ▼"
                } else {
                    " ▲"
                }
            } else {
                ""
            };
            button(
                text(format!("{}{arrow}", i18n.t(label)))
                    .size(theme::TEXT_S)
                    .font(theme::BOLD),
            )
            .style(button::text)
            .padding(0)
            .on_press_maybe((!searching && !self.due).then_some(Message::SortBy(key)))
            .width(Length::FillPortion(portion))
            .into()
        };
        let plain = |label: &str, portion: u16| -> Element<'a, Message> {
            text(i18n.t(label))
                .size(theme::TEXT_S)
                .font(theme::BOLD)
                .width(Length::FillPortion(portion))
                .into()
        };
        let heading = row![
            header(SortKey::Reference, "column-reference", 3),
            plain("column-name", 3),
            header(SortKey::FirstContact, "column-first-contact", 2),
            header(SortKey::Status, "column-status", 2),
            plain("column-trafficking-status", 3),
            plain("column-next-due", 2),
            header(SortKey::LastUpdate, "column-updated", 2),
        ]
        .spacing(theme::SPACE_S)
        .padding([6, 10]);

        let rows = self.rows().iter().enumerate().map(|(i, case)| {
            let cell = |s: String, portion: u16| {
                text(s)
                    .size(theme::TEXT_M)
                    .width(Length::FillPortion(portion))
            };
            let line = row![
                cell(case.reference.clone(), 3),
                cell(display_name(case, discreet), 3),
                cell(case.first_contact_date.to_string(), 2),
                cell(i18n.vocab("CaseStatus", case.status.as_str()), 2),
                cell(
                    case.trafficking_status
                        .map(|s| i18n.vocab("TraffickingStatus", s.as_str()))
                        .unwrap_or_default(),
                    3
                ),
                cell(case.next_due.map(|d| d.to_string()).unwrap_or_default(), 2),
                cell(case.updated_at.get(..10).unwrap_or_default().to_owned(), 2),
            ]
            .spacing(theme::SPACE_S);
            let entry = button(line)
                .style(button::text)
                .padding([6, 10])
                .width(Length::Fill)
                .on_press(Message::Open(case.id));
            let stripe = if i % 2 == 1 {
                theme::row_stripe
            } else {
                |_: &iced::Theme| container::Style::default()
            };
            container(entry).style(stripe).into()
        });
        let body: Element<'a, Message> = if self.rows().is_empty() && !self.loading {
            let key = if searching || self.query.status.is_some() || self.due {
                "cases-none-match"
            } else {
                "cases-empty"
            };
            container(text(i18n.t(key)).size(theme::TEXT_M))
                .padding(theme::SPACE_L)
                .into()
        } else {
            scrollable(column(rows)).height(Length::Fill).into()
        };

        let total = self.page.as_ref().map(|p| p.total).unwrap_or(0);
        let exact = self.page.as_ref().is_none_or(|p| p.exact);
        let first = if total == 0 { 0 } else { self.query.offset + 1 };
        let last = self.query.offset + self.rows().len() as u64;
        let paged = !searching && !self.due;
        let footer = row![
            text(if paged {
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
            button(text(i18n.t("cases-previous")))
                .style(button::secondary)
                .on_press_maybe((paged && self.query.offset > 0).then_some(Message::PreviousPage)),
            button(text(i18n.t("cases-next")))
                .style(button::secondary)
                .on_press_maybe((paged && last < total).then_some(Message::NextPage)),
        ]
        .spacing(theme::SPACE_S)
        .align_y(Alignment::Center);

        let mut content = column![toolbar, filters].spacing(theme::SPACE_M);
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
        if let Some(error) = &self.error {
            content = content.push(error_banner(i18n, error));
        }
        content = content
            .push(
                container(column![heading, body])
                    .style(theme::card)
                    .height(Length::Fill),
            )
            .push(footer);
        content.padding(theme::SPACE_L).into()
    }

    fn label<T: std::fmt::Display>(&self, i18n: &I18n, kind: &str, value: Option<T>) -> String {
        match value {
            Some(v) => i18n.vocab(kind, &v.to_string()),
            None => any_label(i18n, kind),
        }
    }
}

/// The name as the list shows it: initials only in discreet mode.
pub fn display_name(case: &CaseSummary, discreet: bool) -> String {
    let parts = [&case.given_name, &case.family_name];
    let names = parts
        .iter()
        .filter_map(|p| p.as_deref())
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if discreet {
        names
            .filter_map(|n| n.chars().next())
            .map(|c| format!("{c}."))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        names.collect::<Vec<_>>().join(" ")
    }
}
