//! The page of cases a list shows: the paged list, the follow-ups due, or
//! a search capped at what a screen can show, so that the window and the
//! command line ask the vault the same way.

use chrono::NaiveDate;

use super::{ListQuery, Page, Result, Vault};

/// How many matches of a search a list shows; past that, the officer is
/// asked to type more.
pub const SEARCH_SHOWN: u64 = 200;

/// Which cases a list asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    /// Cases matching typed words, at most [`SEARCH_SHOWN`] of them.
    Search(String),
    /// Follow-ups due by this day.
    DueBy(NaiveDate),
    /// The filtered, sorted list, one page of it.
    Page(ListQuery),
}

impl Vault {
    /// The cases `listing` asks for, as one page. A search reads one more
    /// match than it shows, to know whether there are more: then `exact`
    /// is false and the officer is asked to type more.
    pub fn case_page(&self, listing: &Listing) -> Result<Page> {
        match listing {
            Listing::Search(search) => {
                let mut rows = self.search_cases(search, SEARCH_SHOWN + 1)?;
                let more = rows.len() as u64 > SEARCH_SHOWN;
                rows.truncate(SEARCH_SHOWN as usize);
                Ok(Page {
                    synthetic: self.synthetic_cases()?,
                    total: rows.len() as u64,
                    exact: !more,
                    rows,
                })
            }
            Listing::DueBy(day) => {
                let rows = self.due_cases(*day)?;
                Ok(Page {
                    synthetic: self.synthetic_cases()?,
                    total: rows.len() as u64,
                    exact: true,
                    rows,
                })
            }
            Listing::Page(query) => self.list_cases(query),
        }
    }
}
