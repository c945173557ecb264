//! The case record and its rules: pure data, no I/O, no GUI.
//!
//! `case` holds the record, `vocab` the closed vocabularies (HTCDS value
//! names), `validate` the rules with field-naming messages, `limits` the
//! chain of size limits from the editor to the importer, `codes` the ISO
//! country and language lists, `synthetic` the reproducible generator of
//! made-up cases for training and benchmarks.

pub mod case;
pub mod codes;
pub mod limits;
mod stub;
pub mod synthetic;
pub mod text;
pub mod validate;
pub mod vocab;
mod wipe;

pub use case::*;
pub use validate::{FieldError, Problem, validate, validate_received};
pub use vocab::*;

/// Today as the officer's computer says, in its own time zone: the day an
/// officer writes down and the day that decides what is overdue. (UTC's day
/// differs for hours at a time at missions far from Greenwich: in Tokyo until
/// nine in the morning today would still be yesterday and a contact dated
/// today would be refused as in the future.) The commission allows a day's
/// difference when it checks what arrives.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The day of a stored RFC 3339 time (`2026-12-06T10:00:00Z` → `2026-12-06`),
/// as lists and messages show it; a text too short is shown whole.
pub fn day_of(time: &str) -> &str {
    time.get(..10).unwrap_or(time)
}
