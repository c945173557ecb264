//! The commission's Missions screen: one row per mission (its key and the
//! key's status, the last export received and when, the exports missing,
//! the cases it holds, the days since its last file), silent missions
//! marked; sorted by a click on a heading or by the heading's number on the
//! keyboard, filtered by a search box; a mission's key replaced (after a
//! phone check) or revoked, each confirmed by typing the mission's code.
//! Everything is in reach of the keyboard: the arrows choose a row, R
//! replaces its key and V revokes it (the confirmation opens under the
//! row, its first field focused), Esc closes it. The days after which a
//! mission is marked silent are set here too, in the vault's setting that
//! `casebook missions --silent-after` writes (Tab reaches the field, Enter
//! saves).

mod view;

use iced::keyboard::Key;
use iced::keyboard::key::{Code, Named, Physical};

use crate::i18n::I18n;
use crate::vault::{self, MissionRow, MissionsOverview};

use super::statistics::order::collation_key;

pub const SEARCH_ID: &str = "find-mission-input";
pub const FINGERPRINT_ID: &str = "new-key-fingerprint-input";
pub const AFTER_ID: &str = "revoke-after-input";
pub const CONFIRM_ID: &str = "confirm-mission-code-input";
pub const SILENT_AFTER_ID: &str = "silent-after-days-input";

/// The table's columns, in their order on screen (the keyboard sorts by
/// the column's number, 1 to 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Code,
    Name,
    Key,
    Status,
    LastExport,
    Missing,
    Cases,
    Silence,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Code,
        Column::Name,
        Column::Key,
        Column::Status,
        Column::LastExport,
        Column::Missing,
        Column::Cases,
        Column::Silence,
    ];

    pub fn label_key(self) -> &'static str {
        match self {
            Column::Code => "missions-column-code",
            Column::Name => "missions-column-name",
            Column::Key => "missions-column-key",
            Column::Status => "missions-column-status",
            Column::LastExport => "missions-column-last-export",
            Column::Missing => "missions-column-missing",
            Column::Cases => "missions-column-cases",
            Column::Silence => "missions-column-silence",
        }
    }
}

/// A key action being confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Replace {
        code: String,
        fingerprint: String,
        confirm: String,
    },
    Revoke {
        code: String,
        after: String,
        confirm: String,
    },
}

impl Pending {
    fn code(&self) -> &str {
        match self {
            Pending::Replace { code, .. } | Pending::Revoke { code, .. } => code,
        }
    }

    fn confirm(&self) -> &str {
        match self {
            Pending::Replace { confirm, .. } | Pending::Revoke { confirm, .. } => confirm,
        }
    }

    /// What confirming would ask for, once everything typed is valid: the
    /// code typed again, a fingerprint of 32 hexadecimal digits, an export
    /// number (or none).
    fn ready(&self) -> Option<Action> {
        if self.confirm().trim() != self.code() {
            return None;
        }
        match self {
            Pending::Replace {
                code, fingerprint, ..
            } => {
                let compact: String = fingerprint.chars().filter(|c| !c.is_whitespace()).collect();
                (compact.len() == 32 && compact.bytes().all(|b| b.is_ascii_hexdigit())).then(|| {
                    Action::Replace {
                        code: code.clone(),
                        fingerprint: compact.to_ascii_uppercase(),
                    }
                })
            }
            Pending::Revoke { code, after, .. } => {
                let after = after.trim();
                let after = if after.is_empty() {
                    None
                } else {
                    Some(after.parse::<u64>().ok()?)
                };
                Some(Action::Revoke {
                    code: code.clone(),
                    after,
                })
            }
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Back,
    Loaded(Result<Box<MissionsOverview>, vault::Error>),
    Search(String),
    SortBy(Column),
    /// A key pressed outside any field (the column numbers sort), and its
    /// place on the keyboard.
    Key(Key, Physical),
    Replace(String),
    Revoke(String),
    Fingerprint(String),
    After(String),
    Confirm(String),
    Submit,
    Cancel,
    /// The days of silence typed, and saved (Enter or the button).
    SilentAfter(String),
    SaveSilentAfter,
    /// A key replaced or revoked, or the days saved: what was done.
    Done(Result<Done, vault::Error>),
}

/// What a key action did, for the line above the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    Replaced { code: String, fingerprint: String },
    Revoked { code: String, on: String },
    SilentAfter(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Back,
    Load,
    Focus(&'static str),
    Replace {
        code: String,
        fingerprint: String,
    },
    Revoke {
        code: String,
        after: Option<u64>,
    },
    /// Store the days after which a mission is marked silent.
    SetSilentAfter(u32),
}

pub struct Missions {
    overview: Option<MissionsOverview>,
    search: String,
    sort: Column,
    descending: bool,
    pending: Option<Pending>,
    running: bool,
    outcome: Option<Result<Done, String>>,
    /// The row the arrow keys chose, by its code.
    selected: Option<String>,
    /// The days of silence as typed; `None`: the field shows the stored
    /// setting.
    silent_after: Option<String>,
}

impl Missions {
    pub fn new() -> (Missions, Action) {
        (
            Missions {
                overview: None,
                search: String::new(),
                sort: Column::Code,
                descending: false,
                pending: None,
                running: false,
                outcome: None,
                selected: None,
                silent_after: None,
            },
            Action::Load,
        )
    }

    /// Whether the header may leave the screen: not while a key action
    /// runs (its result would have nowhere to go).
    pub fn may_switch(&self) -> bool {
        !self.running
    }

    /// Closes the confirmation open, if one is (Esc).
    pub fn close_menu(&mut self) -> bool {
        self.pending.take().is_some()
    }

    pub fn update(&mut self, message: Message, i18n: &I18n) -> Action {
        match message {
            Message::Back => Action::Back,
            Message::Loaded(Ok(overview)) => {
                self.overview = Some(*overview);
                Action::None
            }
            Message::Loaded(Err(error)) => {
                self.outcome = Some(Err(crate::gui::widget::error_text(i18n, &error)));
                Action::None
            }
            Message::Search(search) => {
                self.search = search;
                Action::None
            }
            Message::SortBy(column) => {
                self.sort_by(column);
                Action::None
            }
            Message::Key(key, physical) => {
                if self.pending.is_some() || self.running {
                    return Action::None;
                }
                if let Some(column) = column_of(&key, physical) {
                    self.sort_by(column);
                    return Action::None;
                }
                match (&key, letter_of(&key, physical)) {
                    (Key::Named(Named::ArrowDown), _) => self.select(1, i18n),
                    (Key::Named(Named::ArrowUp), _) => self.select(-1, i18n),
                    (_, Some('r')) => {
                        if let Some(code) = self.selected_row(i18n).map(|r| r.code.clone()) {
                            return self.update(Message::Replace(code), i18n);
                        }
                    }
                    (_, Some('v')) => {
                        if let Some(row) = self.selected_row(i18n)
                            && row.status != vault::RowStatus::Revoked
                        {
                            let code = row.code.clone();
                            return self.update(Message::Revoke(code), i18n);
                        }
                    }
                    _ => {}
                }
                Action::None
            }
            Message::Replace(code) => {
                self.pending = Some(Pending::Replace {
                    code,
                    fingerprint: String::new(),
                    confirm: String::new(),
                });
                Action::Focus(FINGERPRINT_ID)
            }
            Message::Revoke(code) => {
                self.pending = Some(Pending::Revoke {
                    code,
                    after: String::new(),
                    confirm: String::new(),
                });
                Action::Focus(CONFIRM_ID)
            }
            Message::Fingerprint(text) => {
                if let Some(Pending::Replace { fingerprint, .. }) = &mut self.pending {
                    *fingerprint = text;
                }
                Action::None
            }
            Message::After(text) => {
                if let Some(Pending::Revoke { after, .. }) = &mut self.pending {
                    *after = text;
                }
                Action::None
            }
            Message::Confirm(text) => {
                match &mut self.pending {
                    Some(Pending::Replace { confirm, .. } | Pending::Revoke { confirm, .. }) => {
                        *confirm = text;
                    }
                    None => {}
                }
                Action::None
            }
            Message::Submit => {
                let Some(action) = self.pending.as_ref().and_then(Pending::ready) else {
                    return Action::None;
                };
                if self.running {
                    return Action::None;
                }
                self.running = true;
                self.pending = None;
                action
            }
            Message::Cancel => {
                self.pending = None;
                Action::None
            }
            Message::SilentAfter(text) => {
                self.silent_after = Some(text);
                Action::None
            }
            Message::SaveSilentAfter => {
                let Some(typed) = &self.silent_after else {
                    return Action::None;
                };
                if self.running {
                    return Action::None;
                }
                match typed.trim().parse::<u32>() {
                    Ok(days) if (1..=3650).contains(&days) => {
                        self.running = true;
                        self.outcome = None;
                        Action::SetSilentAfter(days)
                    }
                    _ => {
                        self.outcome = Some(Err(i18n.t("missions-silent-after-invalid")));
                        Action::None
                    }
                }
            }
            Message::Done(result) => {
                // The field shows the saved value at once (the reload that
                // follows may take a while, or fail).
                if let Ok(Done::SilentAfter(days)) = &result {
                    self.silent_after = None;
                    if let Some(overview) = &mut self.overview {
                        overview.silent_after_days = *days;
                    }
                }
                self.running = false;
                self.outcome = Some(result.map_err(|e| crate::gui::widget::error_text(i18n, &e)));
                Action::Load
            }
        }
    }

    /// Moves the chosen row `step` rows down (up, when negative) among
    /// those shown; the first arrow chooses the first or the last row.
    fn select(&mut self, step: isize, i18n: &I18n) {
        let codes = self.shown_codes(i18n);
        if codes.is_empty() {
            return;
        }
        let at = self
            .selected
            .as_ref()
            .and_then(|code| codes.iter().position(|c| c == code));
        let next = match at {
            Some(at) => at.saturating_add_signed(step).min(codes.len() - 1),
            None if step > 0 => 0,
            None => codes.len() - 1,
        };
        self.selected = Some(codes[next].clone());
    }

    /// The row the arrows chose, if the search still shows it.
    fn selected_row(&self, i18n: &I18n) -> Option<&MissionRow> {
        let code = self.selected.as_deref()?;
        self.rows(i18n).into_iter().find(|r| r.code == code)
    }

    /// What the days-of-silence field holds: as typed, or the setting.
    pub fn silent_after_text(&self) -> String {
        match (&self.silent_after, &self.overview) {
            (Some(typed), _) => typed.clone(),
            (None, Some(overview)) => overview.silent_after_days.to_string(),
            (None, None) => String::new(),
        }
    }

    /// The code of the row the arrows chose (tests).
    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    fn row_of(&self, code: &str) -> Option<&MissionRow> {
        self.overview
            .as_ref()?
            .missions
            .iter()
            .find(|r| r.code == code)
    }

    fn sort_by(&mut self, column: Column) {
        if self.sort == column {
            self.descending = !self.descending;
        } else {
            self.sort = column;
            self.descending = false;
        }
    }

    /// The rows the search lets through, in the order chosen. The search
    /// finds a mission by its code, its name or its key's fingerprint,
    /// whatever the case and the accents.
    pub fn rows(&self, i18n: &I18n) -> Vec<&MissionRow> {
        let Some(overview) = &self.overview else {
            return Vec::new();
        };
        let language = i18n.language();
        let needle = collation_key(language, self.search.trim()).0;
        let holds = |text: &str| {
            needle.is_empty()
                || collation_key(language, text)
                    .0
                    .windows(needle.len())
                    .any(|w| w == needle.as_slice())
        };
        let mut rows: Vec<&MissionRow> = overview
            .missions
            .iter()
            .filter(|row| {
                holds(&row.code)
                    || holds(&row.name)
                    || holds(&row.fingerprint)
                    || holds(&row.fingerprint.replace(' ', ""))
            })
            .collect();
        let by_text =
            |a: &str, b: &str| collation_key(language, a).cmp(&collation_key(language, b));
        rows.sort_by(|a, b| {
            let order = match self.sort {
                Column::Code => a.code.cmp(&b.code),
                Column::Name => by_text(&a.name, &b.name),
                Column::Key => a.fingerprint.cmp(&b.fingerprint),
                Column::Status => a.status.as_str().cmp(b.status.as_str()),
                Column::LastExport => a.last_export.cmp(&b.last_export),
                Column::Missing => missing_count(a).cmp(&missing_count(b)),
                Column::Cases => a.cases.cmp(&b.cases),
                Column::Silence => a.days_since_last_file.cmp(&b.days_since_last_file),
            };
            let order = if self.descending {
                order.reverse()
            } else {
                order
            };
            order.then_with(|| a.code.cmp(&b.code))
        });
        rows
    }

    /// The codes of the rows shown, in their order (tests).
    pub fn shown_codes(&self, i18n: &I18n) -> Vec<String> {
        self.rows(i18n).iter().map(|r| r.code.clone()).collect()
    }
}

/// The exports of `row`'s current series that a revocation with `--after
/// after` would still take if they arrived: those missing up to it, and
/// those after the last received up to it.
pub fn still_accepted(row: &MissionRow, after: u64) -> Vec<(u64, u64)> {
    let mut ranges: Vec<(u64, u64)> = row
        .missing
        .iter()
        .filter(|(from, _)| *from <= after)
        .map(|(from, to)| (*from, (*to).min(after)))
        .collect();
    let next = row.last_export.unwrap_or(0) + 1;
    if next <= after {
        match ranges.last_mut() {
            Some(last) if last.1 + 1 >= next => last.1 = last.1.max(after),
            _ => ranges.push((next, after)),
        }
    }
    ranges
}

/// A key's Latin letter, by the key typed or, in a layout whose key gives
/// another letter, by its place.
fn letter_of(key: &Key, physical: Physical) -> Option<char> {
    let typed = match key {
        Key::Character(c) => c.chars().next().map(|c| c.to_ascii_lowercase()),
        _ => None,
    };
    match physical {
        Physical::Code(Code::KeyR) => Some('r'),
        Physical::Code(Code::KeyV) => Some('v'),
        _ => typed.filter(char::is_ascii_lowercase),
    }
}

fn missing_count(row: &MissionRow) -> u64 {
    row.missing
        .iter()
        .map(|(from, to)| to.saturating_sub(*from) + 1)
        .sum()
}

/// The column a key sorts by: its digit, or, in a layout whose number row
/// gives letters (Lithuanian: ą č ę ė į š ų ū), the digit of its place.
fn column_of(key: &Key, physical: Physical) -> Option<Column> {
    let typed = match key {
        Key::Character(c) => c.chars().next().and_then(|c| c.to_digit(10)),
        _ => None,
    };
    let placed = || match physical {
        Physical::Code(code) => [
            (Code::Digit1, Code::Numpad1),
            (Code::Digit2, Code::Numpad2),
            (Code::Digit3, Code::Numpad3),
            (Code::Digit4, Code::Numpad4),
            (Code::Digit5, Code::Numpad5),
            (Code::Digit6, Code::Numpad6),
            (Code::Digit7, Code::Numpad7),
            (Code::Digit8, Code::Numpad8),
        ]
        .iter()
        .position(|(digit, numpad)| code == *digit || code == *numpad)
        .and_then(|i| u32::try_from(i + 1).ok()),
        Physical::Unidentified(_) => None,
    };
    let n = typed.or_else(placed)?;
    Column::ALL.get((n as usize).checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revocation_still_accepts_the_missing_and_the_next_numbers_up_to_after() {
        let row = MissionRow {
            code: "LT-LON".into(),
            name: String::new(),
            fingerprint: String::new(),
            status: vault::RowStatus::Approved,
            awaiting_first_file: false,
            last_export: Some(5),
            last_export_received_at: None,
            missing: vec![(2, 3)],
            cases: 0,
            days_since_last_file: None,
            silent: false,
            keys: Vec::new(),
        };
        assert_eq!(still_accepted(&row, 1), vec![]);
        assert_eq!(still_accepted(&row, 2), vec![(2, 2)]);
        assert_eq!(still_accepted(&row, 5), vec![(2, 3)]);
        assert_eq!(still_accepted(&row, 7), vec![(2, 3), (6, 7)]);
        let row = MissionRow {
            missing: vec![(5, 5)],
            last_export: Some(6),
            ..row
        };
        assert_eq!(still_accepted(&row, 8), vec![(5, 5), (7, 8)]);
    }

    #[test]
    fn the_days_saved_show_at_once_and_stay_if_the_reload_fails() {
        let i18n = I18n::new(crate::i18n::Language::English);
        let (mut screen, _) = Missions::new();
        screen.update(
            Message::Loaded(Ok(Box::new(MissionsOverview {
                silent_after_days: 90,
                missions: Vec::new(),
            }))),
            &i18n,
        );
        screen.update(Message::SilentAfter("150".into()), &i18n);
        assert!(matches!(
            screen.update(Message::SaveSilentAfter, &i18n),
            Action::SetSilentAfter(150)
        ));
        assert!(matches!(
            screen.update(Message::Done(Ok(Done::SilentAfter(150))), &i18n),
            Action::Load
        ));
        assert_eq!(screen.silent_after_text(), "150");
        screen.update(
            Message::Loaded(Err(vault::Error::Damaged("test".into()))),
            &i18n,
        );
        assert_eq!(screen.silent_after_text(), "150");
    }

    #[test]
    fn a_digit_sorts_by_its_column_in_any_layout() {
        let unknown = Physical::Unidentified(iced::keyboard::key::NativeCode::Unidentified);
        assert_eq!(
            column_of(&Key::Character("7".into()), unknown),
            Some(Column::Cases)
        );
        // The Lithuanian layout's "1" key gives "ą".
        assert_eq!(
            column_of(&Key::Character("ą".into()), Physical::Code(Code::Digit1)),
            Some(Column::Code)
        );
        assert_eq!(column_of(&Key::Character("9".into()), unknown), None);
        assert_eq!(column_of(&Key::Character("0".into()), unknown), None);
        assert_eq!(
            column_of(&Key::Character("a".into()), Physical::Code(Code::KeyA)),
            None
        );
    }
}
