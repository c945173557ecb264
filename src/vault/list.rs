//! The case list: one row per case, read from the columns of `cases`
//! without the records; filtered, sorted and paged, counted up to a step
//! past the page; and the follow-ups due.

use chrono::NaiveDate;
use rusqlite::Row;
use rusqlite::types::ToSql;
use serde::Serialize;

use super::cases::sql_int;
use super::{Result, Vault};
use crate::domain::{CaseId, CaseStatus, ExploitationType, TraffickingStatus};

fn parse_date(text: &str) -> rusqlite::Result<NaiveDate> {
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// One row of the case list: enough to show and sort, without the body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: String,
    pub status: CaseStatus,
    pub trafficking_status: Option<TraffickingStatus>,
    pub first_contact_date: NaiveDate,
    pub next_due: Option<NaiveDate>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub updated_at: String,
    pub revision: u32,
    /// The officer responsible for the case (its creator until a
    /// handover; see `Vault::case_owner`).
    pub owner: String,
    /// Kept as a stub of a record the commission holds (`stubs.rs`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stub: bool,
}

pub(super) const SUMMARY_COLUMNS: &str = "c.id, c.reference, c.status, c.trafficking_status, c.first_contact_date, \
     c.next_due, c.given_name, c.family_name, c.updated_at, c.revision, coalesce(c.owner, c.created_by), c.stub";

pub(super) fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<CaseSummary> {
    let status: String = row.get(2)?;
    let trafficking: Option<String> = row.get(3)?;
    let contact: String = row.get(4)?;
    let due: Option<String> = row.get(5)?;
    Ok(CaseSummary {
        id: row.get(0)?,
        reference: row.get(1)?,
        status: CaseStatus::from_name(&status).unwrap_or_default(),
        trafficking_status: trafficking
            .as_deref()
            .and_then(TraffickingStatus::from_name),
        first_contact_date: parse_date(&contact)?,
        next_due: due.as_deref().map(parse_date).transpose()?,
        given_name: row.get(6)?,
        family_name: row.get(7)?,
        updated_at: row.get(8)?,
        revision: row.get(9)?,
        owner: row.get(10)?,
        stub: row.get(11)?,
    })
}

/// The column a list is sorted by. Status goes by the order of the work
/// (active, follow-up, closed, closed and referred), not by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    Reference,
    #[default]
    FirstContact,
    Status,
    LastUpdate,
}

impl SortKey {
    fn column(self) -> &'static str {
        match self {
            SortKey::Reference => "c.reference",
            SortKey::FirstContact => "c.first_contact_date",
            // The order of the work, the same in every language (the
            // stored names' alphabet put "FollowUp" after "Closed").
            // The same expression as the index `cases_by_work_order`.
            SortKey::Status => {
                "CASE c.status WHEN 'Active' THEN 0 WHEN 'FollowUp' THEN 1 \
                 WHEN 'Closed' THEN 2 ELSE 3 END"
            }
            SortKey::LastUpdate => "c.updated_at",
        }
    }
}

/// Filters, order and page of a case list. Empty filters match everything.
#[derive(Debug, Clone, PartialEq)]
pub struct ListQuery {
    pub status: Option<CaseStatus>,
    pub trafficking_status: Option<TraffickingStatus>,
    pub form: Option<ExploitationType>,
    pub contact_from: Option<NaiveDate>,
    pub contact_to: Option<NaiveDate>,
    /// Only the cases this officer owns (by the name the vault gives them:
    /// [`Vault::owner_named`]).
    pub owner: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub offset: u64,
    pub limit: u64,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            status: None,
            trafficking_status: None,
            form: None,
            contact_from: None,
            contact_to: None,
            owner: None,
            sort: SortKey::default(),
            descending: true,
            offset: 0,
            limit: 100,
        }
    }
}

/// A page of a list and the number of cases matching the filters in all.
///
/// Counting stops at the next multiple of [`COUNT_STEP`] past the page, so
/// that a page of a million-case vault costs what a page of a small one does;
/// then `exact` is false and `total` means "more than".
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub total: u64,
    pub exact: bool,
    pub rows: Vec<CaseSummary>,
    /// Synthetic cases in the whole vault (the list warns while any are).
    pub synthetic: u64,
}

/// Where a list stops counting the cases that match: see [`Page`].
pub const COUNT_STEP: u64 = 10_000;

impl Vault {
    /// A page of cases matching the filters, in the chosen order.
    pub fn list_cases(&self, query: &ListQuery) -> Result<Page> {
        let mut conditions = Vec::new();
        let mut values: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(status) = query.status {
            values.push(Box::new(status.as_str()));
            conditions.push(format!("c.status = ?{}", values.len()));
        }
        if let Some(status) = query.trafficking_status {
            values.push(Box::new(status.as_str()));
            conditions.push(format!("c.trafficking_status = ?{}", values.len()));
        }
        if let Some(owner) = &query.owner {
            values.push(Box::new(owner.clone()));
            conditions.push(format!(
                "coalesce(c.owner, c.created_by) = ?{}",
                values.len()
            ));
        }
        // Filtered by form, the rows come from the forms' index, which holds
        // the date of first contact: in date order without a sort.
        let (from, date, order) = match query.form {
            Some(form) => {
                values.push(Box::new(form.as_str()));
                conditions.push(format!("f.form = ?{}", values.len()));
                let order = match query.sort {
                    SortKey::FirstContact => "f.first_contact_date",
                    other => other.column(),
                };
                (
                    "case_forms f JOIN cases c ON c.seq = f.case_seq",
                    "f.first_contact_date",
                    (order, "f.case_seq"),
                )
            }
            None => (
                "cases c",
                "c.first_contact_date",
                (query.sort.column(), "c.seq"),
            ),
        };
        if let Some(from) = query.contact_from {
            values.push(Box::new(from.to_string()));
            conditions.push(format!("{date} >= ?{}", values.len()));
        }
        if let Some(to) = query.contact_to {
            values.push(Box::new(to.to_string()));
            conditions.push(format!("{date} <= ?{}", values.len()));
        }
        // Only fixed fragments and placeholders reach the SQL text.
        let filter = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        // Filtered by form alone, the count needs only the forms' index, not
        // a lookup of each case.
        let count_from = if query.form.is_some()
            && query.status.is_none()
            && query.trafficking_status.is_none()
            && query.owner.is_none()
        {
            "case_forms f"
        } else {
            from
        };
        let page_end = query.offset.saturating_add(query.limit);
        let count_to = (page_end / COUNT_STEP + 1).saturating_mul(COUNT_STEP);
        values.push(Box::new(sql_int(count_to + 1)));
        let counted: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM {count_from} {filter} LIMIT ?{})",
                values.len()
            ))?
            .query_row(rusqlite::params_from_iter(values.iter()), |row| row.get(0))?;
        values.pop();
        let counted = counted.unsigned_abs();
        let direction = if query.descending { "DESC" } else { "ASC" };
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM {from} {filter} ORDER BY {} {direction}, {} {direction} LIMIT ?{} OFFSET ?{}",
            order.0,
            order.1,
            values.len() + 1,
            values.len() + 2
        );
        values.push(Box::new(sql_int(query.limit)));
        values.push(Box::new(sql_int(query.offset)));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values.iter()), summary_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            synthetic: self.synthetic_cases()?,
            total: counted.min(count_to),
            exact: counted <= count_to,
            rows,
        })
    }

    /// Open cases whose next action is due on or before `by`, soonest first.
    pub fn due_cases(&self, by: NaiveDate) -> Result<Vec<CaseSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM cases c WHERE c.next_due IS NOT NULL AND c.next_due <= ?1 \
             ORDER BY c.next_due, c.seq"
        ))?;
        let rows = stmt.query_map([by.to_string()], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many cases have their next action due on or before `by` (what
    /// [`Vault::due_cases`] lists), counted up to `cap`: the count is read
    /// from the index of due dates alone, and bounded so that it costs the
    /// same in a vault of a million cases. `None` means more than `cap`.
    pub fn count_due(&self, by: NaiveDate, cap: u64) -> Result<Option<u64>> {
        let counted: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM cases c \
                 WHERE c.next_due IS NOT NULL AND c.next_due <= ?1 LIMIT ?2)",
            )?
            .query_row(
                rusqlite::params![by.to_string(), sql_int(cap.saturating_add(1))],
                |row| row.get(0),
            )?;
        let counted = counted.unsigned_abs();
        Ok((counted <= cap).then_some(counted))
    }
}

#[cfg(test)]
mod plan_tests {
    use super::SortKey;
    use crate::vault::testing::vault_with_a_case;

    /// A page sorted by status reads it from the index of the work's
    /// order, in either direction, instead of sorting every case.
    #[test]
    fn a_page_sorted_by_status_is_read_from_an_index() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, _) = vault_with_a_case(dir.path());
        for direction in ["ASC", "DESC"] {
            let sql = format!(
                "EXPLAIN QUERY PLAN SELECT c.id FROM cases c ORDER BY {} {direction}, c.seq {direction} LIMIT 50",
                SortKey::Status.column()
            );
            let plan: Vec<String> = vault
                .conn
                .prepare(&sql)
                .and_then(|mut stmt| {
                    stmt.query_map([], |row| row.get::<_, String>(3))?
                        .collect::<rusqlite::Result<_>>()
                })
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(
                plan.iter().any(|step| step.contains("cases_by_work_order"))
                    && !plan.iter().any(|step| step.contains("TEMP B-TREE")),
                "{direction}: {plan:?}"
            );
        }
    }
}
