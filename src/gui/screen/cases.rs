//! The case list: search as you type (debounced), filters, sortable
//! columns, follow-ups due, paging so that only the visible rows are built
//! however large the vault. Discreet mode shows initials instead of names.
//! Overdue follow-ups are marked with a word as well as a colour, counted
//! from the day the page was read; the layout is in `view`.
//!
//! Several officers share a vault: each row names the case's owner, "My
//! cases" (Ctrl+M) keeps the officer's own, the cases handed over to the
//! officer and not yet opened come first under a banner, and ticked cases
//! (or all the officer's open ones) are handed over in `handover`.
//!
//! From the keyboard (`key`): Up and Down move a marked row, Enter opens
//! it, Ctrl+T ticks it, Ctrl+Shift+H opens the handover for the ticked
//! cases (or, none ticked, for all the officer's open cases). While the
//! dialog is open the list's shortcuts do nothing, Tab stays in the note,
//! Up and Down choose the officer and Esc steps back, even from the note.
//! Ctrl+Shift+E lists the cases past their erase-after date
//! (`erase_due`): Enter erases them, Esc closes the list.

use chrono::NaiveDate;

use crate::domain::{CaseId, CaseStatus, ExploitationType, TraffickingStatus};
use crate::gui::widget::{Choice, Menus};
use crate::i18n::I18n;
use crate::vault::{self, CaseSummary, Handing, ListQuery, Listing, Page, Reassigned, SortKey};

pub mod erase_due;
pub mod handover;
pub mod unlock_notices;
mod view;
pub use view::FILTER_IDS;

pub const SEARCH_ID: &str = "case-search-input";
pub const PAGE_SIZE: u64 = 50;
/// The "Follow-ups due" button counts up to this many, then says "more".
pub const DUE_COUNTED: u64 = 999;
/// How many of the cases handed over to the officer the list shows first.
pub const HANDED_OVER_SHOWN: u64 = 10;

#[derive(Debug, Clone)]
pub enum Message {
    SearchChanged(String),
    SearchSettled(u64),
    StatusFilter(Choice<CaseStatus>),
    TraffickingFilter(Choice<TraffickingStatus>),
    FormFilter(Choice<ExploitationType>),
    SortBy(SortKey),
    /// Every filter back to "any".
    ClearFilters,
    /// A filter's list opened (`true`) or closed.
    Menu(bool),
    ShowDue(bool),
    PreviousPage,
    NextPage,
    Loaded(u64, Result<Listed, vault::Error>),
    Open(CaseId),
    /// The case asked for could not be opened.
    OpenFailed(vault::Error),
    New,
    DiscreetToggled(bool),
    /// "My cases": only the officer's own, or every case.
    MineToggled,
    /// A case ticked (or not) for a handover.
    Select(CaseId, bool),
    /// Opens the handover dialog for the ticked cases.
    HandOverSelected,
    /// Opens the handover dialog for all the officer's open cases.
    HandOverMine,
    Handover(handover::Message),
    /// The banner of cases handed over: "Mark as seen".
    MarkHandedOverSeen,
    HandedOverSeen(Result<u64, vault::Error>),
    /// Opens the list of cases past their erase-after date.
    ShowEraseDue,
    EraseDue(erase_due::Message),
    /// What the list says of this unlock (`unlock_notices`).
    Notice(unlock_notices::Message),
}

/// A page as the store read it, with what the list shows beside it. Its
/// `{:?}` counts the rows and names no one.
#[derive(Clone, PartialEq)]
pub struct Listed {
    pub page: Page,
    /// Cases with a follow-up due by `today`; `None` past [`DUE_COUNTED`].
    pub due: Option<u64>,
    /// The day the page was read on: a follow-up due before it is overdue.
    pub today: NaiveDate,
    /// The vault is the commission's, where a case without a name is one
    /// whose name the mission withheld.
    pub at_commission: bool,
    /// The cases handed over to the officer signed in and not yet seen: how
    /// many, and the first [`HANDED_OVER_SHOWN`].
    pub handed_over: (u64, Vec<CaseSummary>),
    /// The vault has several officers: the list names each case's owner
    /// and offers "My cases" and the handover (with one, all is theirs).
    pub several_officers: bool,
    /// Mission: no backup holds its rotated signing key, so nothing is
    /// exported until one is written.
    pub signing_key_unbacked: bool,
}

impl std::fmt::Debug for Listed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listed")
            .field("rows", &self.page.rows.len())
            .field("due", &self.due)
            .field("handed_over", &self.handed_over.0)
            .finish_non_exhaustive()
    }
}

/// What the list needs from the store. Its `{:?}` does not print the
/// search typed.
#[derive(Clone, PartialEq)]
pub struct Request {
    pub id: u64,
    pub search: Option<String>,
    pub due: bool,
    pub query: ListQuery,
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("id", &self.id)
            .field("searching", &self.search.is_some())
            .field("due", &self.due)
            .finish_non_exhaustive()
    }
}

impl Request {
    /// "My cases" in a search or in the follow-ups due: only the rows of
    /// this owner are kept (the page of the list filters in the vault).
    pub fn owner_after(&self) -> Option<&str> {
        match (&self.search, self.due) {
            (None, false) => None,
            _ => self.query.owner.as_deref(),
        }
    }

    /// What to ask the vault for, follow-ups due counted by `today`.
    pub fn listing(&self, today: NaiveDate) -> Listing {
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
    Focus(&'static str),
    /// Read what the handover dialog needs (`handover::Prepared`).
    PrepareHandover(handover::Scope),
    Reassign {
        handing: Handing,
        to: String,
        note: Option<zeroize::Zeroizing<String>>,
    },
    /// The cases the banner shows (and only those) are seen.
    MarkHandedOverSeen(Vec<CaseId>),
    /// The erasures due' (`erase_due.rs`).
    EraseDue(erase_due::Action),
    /// Open the settings (to write a backup).
    ShowSettings,
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

/// The label of a filter that is set, e.g. "Status: Active": the filter
/// keeps its name, so that a glance tells what the list is limited to.
fn set_label(i18n: &I18n, kind: &str, value: &str) -> String {
    i18n.t_with(
        match kind {
            "CaseStatus" => "filter-status-set",
            "TraffickingStatus" => "filter-trafficking-status-set",
            _ => "filter-form-set",
        },
        &[("value", i18n.vocab(kind, value).into())],
    )
}

/// What a filter shows when closed: its name and its value.
fn label<T: std::fmt::Display>(i18n: &I18n, kind: &str, value: Option<T>) -> String {
    match value {
        Some(v) => set_label(i18n, kind, &v.to_string()),
        None => any_label(i18n, kind),
    }
}

fn choices<T: Copy + std::fmt::Display>(i18n: &I18n, kind: &str, all: &[T]) -> Vec<Choice<T>> {
    std::iter::once(Choice::new(None, any_label(i18n, kind)))
        .chain(
            all.iter()
                .map(|v| Choice::new(Some(*v), i18n.vocab(kind, &v.to_string()))),
        )
        .collect()
}

pub struct Cases {
    search: String,
    search_generation: u64,
    query: ListQuery,
    due: bool,
    request: u64,
    page: Option<Page>,
    /// Follow-ups due, as last counted (`None`: more than [`DUE_COUNTED`]).
    due_count: Option<Option<u64>>,
    /// The day the shown page was read on.
    today: Option<NaiveDate>,
    at_commission: bool,
    loading: bool,
    error: Option<vault::Error>,
    /// Initials instead of names.
    discreet: bool,
    /// Whether a filter's list is open, for Esc to close it.
    menus: Menus,
    /// The officer signed in ("My cases").
    officer: String,
    /// The cases ticked for a handover, in the order ticked.
    selected: Vec<CaseId>,
    /// The row marked from the keyboard (Up, Down), if any.
    cursor: Option<CaseId>,
    /// The cases handed over to the officer and not yet seen (how many,
    /// the first few), as last read.
    handed_over: Option<(u64, Vec<CaseSummary>)>,
    handover: Option<Box<handover::Handover>>,
    /// The cases past their erase-after date, in a dialog (`erase_due.rs`).
    erase_due: Option<Box<erase_due::EraseDue>>,
    /// The last handover done, said above the list until the next one.
    handed: Option<Reassigned>,
    /// Several officers share the vault (as of the last page read).
    several_officers: bool,
    /// What the list says of this unlock (`unlock_notices`).
    notices: unlock_notices::Notices,
}

/// Prints the list's state, never the rows' names or the search typed.
impl std::fmt::Debug for Cases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cases")
            .field("due", &self.due)
            .field("request", &self.request)
            .field("loading", &self.loading)
            .finish_non_exhaustive()
    }
}

/// The rows shown (names included) and the search typed are wiped when the
/// list goes, which is when the vault locks.
impl Drop for Cases {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.search.zeroize();
        wipe_rows(&mut self.page);
        wipe_handed_over(&mut self.handed_over);
    }
}

fn wipe_handed_over(handed_over: &mut Option<(u64, Vec<CaseSummary>)>) {
    if let Some((_, rows)) = handed_over {
        wipe_summaries(rows);
    }
}

/// Overwrites the texts of a page's rows (a page replaced, or the list gone).
fn wipe_rows(page: &mut Option<Page>) {
    if let Some(page) = page {
        wipe_page(page);
    }
}

fn wipe_page(page: &mut Page) {
    wipe_summaries(&mut page.rows);
}

/// Keeps the rows of `owner` only (My cases in a search or the
/// follow-ups due), the others wiped; the count is of the rows kept.
pub fn keep_owner(page: &mut Page, owner: &str) {
    let (kept, mut dropped): (Vec<_>, Vec<_>) = std::mem::take(&mut page.rows)
        .into_iter()
        .partition(|row| row.owner == owner);
    wipe_summaries(&mut dropped);
    page.total = kept.len() as u64;
    page.rows = kept;
}

fn wipe_summaries(rows: &mut [CaseSummary]) {
    use zeroize::Zeroize;
    for row in rows {
        row.reference.zeroize();
        row.given_name.zeroize();
        row.family_name.zeroize();
    }
}

impl Cases {
    pub fn new(discreet: bool, officer: &str) -> (Cases, Action) {
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
            due_count: None,
            today: None,
            at_commission: false,
            loading: false,
            error: None,
            discreet,
            menus: Menus::default(),
            officer: officer.to_owned(),
            selected: Vec::new(),
            cursor: None,
            handed_over: None,
            handover: None,
            erase_due: None,
            handed: None,
            several_officers: false,
            notices: unlock_notices::Notices::default(),
        };
        let action = cases.reload();
        (cases, action)
    }

    /// The list as unlocking opens it: `reduced` cases were reduced to
    /// stubs at this unlock (`unlock_notices`).
    pub fn reduced_at_unlock(mut self, reduced: u64) -> Cases {
        self.notices = unlock_notices::Notices::reduced(reduced);
        self
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

    /// Esc: closes the open filter list, if one is, or steps back in the
    /// handover dialog, or closes it (`true`). A dialog handing cases over
    /// stays (`step_back` says so): its result is shown when it comes.
    pub fn close_menu(&mut self) -> bool {
        if self.erase_due.is_some() {
            let _ = self.erase_due(erase_due::Message::Close);
            return true;
        }
        if let Some(dialog) = &mut self.handover {
            if !dialog.step_back()
                && matches!(
                    dialog.update(handover::Message::Cancel),
                    handover::Action::Close
                )
            {
                self.handover = None;
            }
            return true;
        }
        self.menus.close()
    }

    /// The cases handed over to the officer and not yet seen, as the list
    /// shows them first.
    pub fn handed_over_rows(&self) -> &[CaseSummary] {
        self.handed_over
            .as_ref()
            .map(|(_, rows)| rows.as_slice())
            .unwrap_or_default()
    }

    /// Whether the handover dialog is open.
    pub fn handing_over(&self) -> bool {
        self.handover.is_some()
    }

    pub fn update(&mut self, message: Message) -> Action {
        match &message {
            Message::Menu(open) => self.menus.seen(*open),
            Message::StatusFilter(_) | Message::TraffickingFilter(_) | Message::FormFilter(_) => {
                self.menus.seen(false)
            }
            _ => {}
        }
        match message {
            Message::Menu(_) => Action::None,
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
            Message::ClearFilters => {
                self.query = ListQuery {
                    sort: self.query.sort,
                    descending: self.query.descending,
                    limit: self.query.limit,
                    ..ListQuery::default()
                };
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
                        Ok(listed) => {
                            wipe_rows(&mut self.page);
                            wipe_handed_over(&mut self.handed_over);
                            self.handed_over = Some(listed.handed_over);
                            self.page = Some(listed.page);
                            self.due_count = Some(listed.due);
                            self.today = Some(listed.today);
                            self.at_commission = listed.at_commission;
                            self.several_officers = listed.several_officers;
                            self.notices.set_unbacked(listed.signing_key_unbacked);
                            self.error = None;
                            // Ticks are kept only on the cases listed:
                            // none goes unseen (another page, a filter, a
                            // search, a case erased meanwhile).
                            self.prune_ticks();
                        }
                        Err(error) => self.error = Some(error),
                    }
                } else if let Ok(mut stale) = result {
                    // Never shown: its names are wiped as the shown ones are.
                    wipe_page(&mut stale.page);
                    wipe_summaries(&mut stale.handed_over.1);
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
            // With one officer every case is theirs: nothing to keep apart.
            Message::MineToggled if !self.several_officers => Action::None,
            Message::MineToggled => {
                self.query.owner = match self.query.owner {
                    Some(_) => None,
                    None => Some(self.officer.clone()),
                };
                self.query.offset = 0;
                self.reload()
            }
            Message::Select(id, on) => {
                self.selected.retain(|s| *s != id);
                if on {
                    self.selected.push(id);
                }
                Action::None
            }
            Message::HandOverSelected if self.selected.is_empty() => Action::None,
            Message::HandOverSelected => {
                self.open_handover(handover::Scope::Selected(self.selected.clone()))
            }
            Message::HandOverMine => self.open_handover(handover::Scope::MyOpenCases),
            Message::Handover(message) => self.handover(message),
            Message::MarkHandedOverSeen => {
                Action::MarkHandedOverSeen(self.handed_over_rows().iter().map(|r| r.id).collect())
            }
            Message::HandedOverSeen(Ok(_)) => self.reload(),
            Message::ShowEraseDue => {
                self.erase_due = Some(Box::default());
                Action::EraseDue(erase_due::Action::List)
            }
            Message::EraseDue(message) => self.erase_due(message),
            Message::Notice(message) => {
                if self.notices.update(message) {
                    Action::ShowSettings
                } else {
                    Action::None
                }
            }
            Message::HandedOverSeen(Err(error)) => {
                self.error = Some(error);
                Action::None
            }
        }
    }

    /// A key pressed on the list (`captured`: a field took it), or `None`
    /// when the list leaves it to the application's shortcuts. See the
    /// module's doc.
    pub fn key(
        &mut self,
        key: &iced::keyboard::Key,
        latin: Option<char>,
        modifiers: iced::keyboard::Modifiers,
        captured: bool,
    ) -> Option<Action> {
        use iced::keyboard::key::{Key, Named};
        let command = modifiers.command();
        if self.erase_due.is_some() {
            // Enter erases (the one confirmation), Esc closes; the list
            // beneath takes no key while the dialog is open.
            return match (key, latin) {
                (_, Some('l')) if command => None,
                (Key::Named(Named::Escape), _) => Some(self.erase_due(erase_due::Message::Close)),
                (Key::Named(Named::Enter), _) => Some(self.erase_due(erase_due::Message::Erase)),
                _ => Some(Action::None),
            };
        }
        if let Some(dialog) = &mut self.handover {
            return match (key, latin) {
                // Locking still locks.
                (_, Some('l')) if command => None,
                // Whether the note took it or not: one Esc, one step.
                (Key::Named(Named::Escape), _) => {
                    self.close_menu();
                    Some(Action::None)
                }
                (Key::Named(Named::Tab), _) => Some(Action::Focus(handover::NOTE_ID)),
                (Key::Named(Named::ArrowUp | Named::ArrowDown), _) => {
                    dialog.choose_next(matches!(key, Key::Named(Named::ArrowDown)));
                    Some(Action::None)
                }
                (Key::Named(Named::Enter), _) if !captured => {
                    Some(self.handover(handover::Message::Submit))
                }
                // The list beneath takes no command while the dialog is open.
                _ if command => Some(Action::None),
                _ => None,
            };
        }
        if self.menus.is_open() {
            return None;
        }
        match (key, latin) {
            (_, Some('e')) if command && modifiers.shift() => {
                Some(self.update(Message::ShowEraseDue))
            }
            (_, Some('h')) if command && modifiers.shift() && self.several_officers => {
                Some(if self.selected.is_empty() {
                    self.open_handover(handover::Scope::MyOpenCases)
                } else {
                    self.open_handover(handover::Scope::Selected(self.selected.clone()))
                })
            }
            (_, Some('t')) if command && self.several_officers => {
                let id = self.cursor?;
                let on = !self.selected.contains(&id);
                Some(self.update(Message::Select(id, on)))
            }
            (Key::Named(Named::ArrowUp | Named::ArrowDown), _) if !command => {
                let ids: Vec<CaseId> = self
                    .handed_over_rows()
                    .iter()
                    .chain(self.rows())
                    .map(|r| r.id)
                    .collect();
                let at = self.cursor.and_then(|c| ids.iter().position(|id| *id == c));
                let down = matches!(key, Key::Named(Named::ArrowDown));
                let next = match at {
                    None if down => 0,
                    None => ids.len().checked_sub(1)?,
                    Some(i) if down => (i + 1).min(ids.len().checked_sub(1)?),
                    Some(i) => i.saturating_sub(1),
                };
                self.cursor = ids.get(next).copied();
                Some(Action::None)
            }
            (Key::Named(Named::Enter), _) if !captured => self.cursor.map(Action::Open),
            _ => None,
        }
    }

    /// The row marked from the keyboard.
    pub fn cursor(&self) -> Option<CaseId> {
        self.cursor
    }

    /// Forgets the ticks of cases no longer on screen.
    fn prune_ticks(&mut self) {
        let mut selected = std::mem::take(&mut self.selected);
        selected.retain(|id| {
            self.rows()
                .iter()
                .chain(self.handed_over_rows())
                .any(|r| r.id == *id)
        });
        self.selected = selected;
        if let Some(cursor) = self.cursor
            && !self
                .rows()
                .iter()
                .chain(self.handed_over_rows())
                .any(|r| r.id == cursor)
        {
            self.cursor = None;
        }
    }

    /// The cases ticked, in the order ticked.
    pub fn ticked(&self) -> &[CaseId] {
        &self.selected
    }

    fn erase_due(&mut self, message: erase_due::Message) -> Action {
        let Some(dialog) = &mut self.erase_due else {
            return Action::None;
        };
        match dialog.update(message) {
            erase_due::Action::None => Action::None,
            erase_due::Action::Close(erased) => {
                self.erase_due = None;
                if erased { self.reload() } else { Action::None }
            }
            action => Action::EraseDue(action),
        }
    }

    /// Whether the dialog of the erasures due is open.
    pub fn erasing_due(&self) -> bool {
        self.erase_due.is_some()
    }

    fn open_handover(&mut self, scope: handover::Scope) -> Action {
        self.handed = None;
        self.handover = Some(Box::new(handover::Handover::new(
            scope.clone(),
            &self.officer,
        )));
        Action::PrepareHandover(scope)
    }

    fn handover(&mut self, message: handover::Message) -> Action {
        let Some(dialog) = &mut self.handover else {
            return Action::None;
        };
        let prepared = matches!(message, handover::Message::Prepared(Ok(_)));
        match dialog.update(message) {
            handover::Action::None if prepared => Action::Focus(handover::NOTE_ID),
            handover::Action::None => Action::None,
            handover::Action::Reassign { handing, to, note } => {
                Action::Reassign { handing, to, note }
            }
            handover::Action::Close => {
                self.handover = None;
                Action::None
            }
            handover::Action::Finished(done) => {
                self.handover = None;
                self.selected.clear();
                self.handed = Some(done);
                self.reload()
            }
        }
    }

    /// What the three filters show, in their order: "Status: any",
    /// "Status: Active" …
    pub fn filter_labels(&self, i18n: &I18n) -> [String; 3] {
        [
            label(i18n, "CaseStatus", self.query.status),
            label(i18n, "TraffickingStatus", self.query.trafficking_status),
            label(i18n, "ExploitationType", self.query.form),
        ]
    }

    /// Whether any filter is set (Clear filters has something to do).
    pub fn filtered(&self) -> bool {
        let q = &self.query;
        q.status.is_some()
            || q.owner.is_some()
            || q.trafficking_status.is_some()
            || q.form.is_some()
            || q.contact_from.is_some()
            || q.contact_to.is_some()
    }

    /// Whether the follow-up due on `due` is overdue on the day the page
    /// was read.
    fn overdue(&self, due: Option<NaiveDate>) -> bool {
        matches!((due, self.today), (Some(due), Some(today)) if due < today)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_debug_text_has_no_search_typed() {
        let (mut cases, _) = Cases::new(false, "J. Jonaitis");
        let _ = cases.update(Message::SearchChanged("Žemaitė".into()));
        let printed = format!("{cases:?}");
        assert!(printed.starts_with("Cases"), "{printed}");
        assert!(!printed.contains("Žemaitė"), "{printed}");
        let request = Request {
            id: 1,
            search: Some("Žemaitė".into()),
            due: false,
            query: ListQuery::default(),
        };
        let printed = format!("{request:?}");
        assert!(printed.starts_with("Request"), "{printed}");
        assert!(!printed.contains("Žemaitė"), "{printed}");
    }
}
