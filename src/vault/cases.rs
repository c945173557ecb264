//! Cases in the vault: create, read, update, list, search, erase.
//!
//! The full record is stored as JSON, compressed (`record.rs`), in
//! `case_records`; the columns of `cases` exist for filtering, sorting and
//! listing without reading every record. They are rewritten from the record
//! on every save, in the same transaction as the record, the search index
//! and the audit entry.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, SubsecRound, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use zeroize::Zeroizing;

use super::{Error, Result, Vault, VaultInfo, audit, record};
use crate::domain::{
    Case, CaseId, CaseRecord, CaseStatus, ExploitationType, RecordMeta, TraffickingStatus, validate,
};

impl ToSql for CaseId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.as_bytes().to_vec()))
    }
}

impl FromSql for CaseId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let bytes = value.as_blob()?;
        Uuid::from_slice(bytes)
            .map(CaseId)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// Timestamps are stored as RFC 3339 UTC with microseconds, so that text
/// order is time order.
pub(crate) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The current time at the precision it is stored with, so that a record
/// returned by a save equals the record read back.
pub(crate) fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub(crate) fn parse_timestamp(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::Damaged(format!("a stored timestamp is not readable ({text})")))
}

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
}

const SUMMARY_COLUMNS: &str = "c.id, c.reference, c.status, c.trafficking_status, c.first_contact_date, \
     c.next_due, c.given_name, c.family_name, c.updated_at, c.revision";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<CaseSummary> {
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
    })
}

/// The column a list is sorted by.
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
            SortKey::Status => "c.status",
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

/// What is left of an erased case: enough for the erasure to travel to the
/// commission, nothing about the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tombstone {
    pub id: CaseId,
    pub reference: String,
    pub origin_mission: String,
    pub revision: u32,
    pub erased_at: String,
    pub erased_by: String,
}

/// The text the search index holds for a case, by column.
fn search_columns(record: &CaseRecord) -> [String; 4] {
    let case = &record.case;
    let join = |parts: Vec<Option<&str>>| -> String {
        parts.into_iter().flatten().collect::<Vec<_>>().join(" ")
    };
    let names = join(vec![
        case.person.given_name.as_deref(),
        case.person.family_name.as_deref(),
    ]);
    let mut places = vec![case.first_contact.place.as_deref()];
    if let Some(location) = &case.person.current_location {
        places.push(location.city.as_deref());
    }
    for event in &case.exploitation.events {
        places.push(event.city.as_deref());
    }
    let mut text = vec![case.notes.as_deref(), case.closure_reason.as_deref()];
    for follow_up in &case.follow_ups {
        text.extend([
            follow_up.summary.as_deref(),
            follow_up.next_action.as_deref(),
            follow_up.officer.as_deref(),
        ]);
    }
    for referral in &case.referrals {
        text.push(Some(&referral.organisation));
    }
    for event in &case.exploitation.events {
        text.push(event.description.as_deref());
    }
    for observed in &case.assessment.indicators {
        text.push(observed.note.as_deref());
    }
    [
        record.meta.reference.clone(),
        names,
        join(places),
        join(text),
    ]
}

/// How many of the newest matches a search ranks: see `search_cases`.
pub const SEARCH_WINDOW: u64 = 1_000;

/// Turns what a person typed into an FTS5 query: every word must match, as a
/// prefix, and nothing typed is taken for FTS5 syntax. None when nothing can
/// match.
///
/// `expand` gives the words of the index that begin with a typed word, when
/// the word is one word of the index and there are few of them: the query
/// then names them (`("kovalenko" OR "kovalenkova")`), which the index reads
/// lazily, where a prefix makes it merge every matching entry into one list
/// first (a city at the commission: 140,000 entries, for fifty results). A
/// number before the last word matches whole: a year or the digits of a
/// reference begin the words of most cases.
fn fts_query(
    input: &str,
    expand: &mut dyn FnMut(&str) -> Result<Option<Vec<String>>>,
) -> Result<Option<String>> {
    let quote = |word: &str| format!("\"{}\"", word.replace('"', "\"\""));
    let words: Vec<&str> = input
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    let Some(last) = words.len().checked_sub(1) else {
        return Ok(None);
    };
    let mut terms = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if i < last && word.chars().all(|c| c.is_ascii_digit()) {
            terms.push(quote(word));
            continue;
        }
        match expand(word)? {
            Some(found) if found.is_empty() => return Ok(None),
            Some(found) => {
                let any: Vec<String> = found.iter().map(|term| quote(term)).collect();
                terms.push(format!("({})", any.join(" OR ")));
            }
            None => terms.push(quote(word) + "*"),
        }
    }
    Ok(Some(terms.join(" AND ")))
}

/// How many words of the index a typed word may stand for before the search
/// lets the index expand the prefix itself.
const MOST_EXPANSIONS: u16 = 16;

/// The words of the index beginning with `word`, if `word` is one word to
/// the index (after its own folding of case and accents), at least three
/// letters long and the beginning of at most [`MOST_EXPANSIONS`] words.
/// The index tokenizes `word` itself, in a scratch table in memory
/// (`temp_store = MEMORY`, see [`make_search_scratch`]), so that the folding
/// is exactly the index's.
fn prefix_expansions(conn: &Connection, word: &str) -> Result<Option<Vec<String>>> {
    conn.prepare_cached("DELETE FROM temp.typed")?.execute([])?;
    conn.prepare_cached("INSERT INTO temp.typed (word) VALUES (?1)")?
        .execute([word])?;
    let tokens = conn
        .prepare_cached("SELECT term FROM temp.typed_tokens")?
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    conn.prepare_cached("DELETE FROM temp.typed")?.execute([])?;
    let [token] = tokens.as_slice() else {
        return Ok(None);
    };
    if token.chars().count() < 3 {
        return Ok(None);
    }
    let found = conn
        .prepare_cached(
            "SELECT term FROM temp.index_words \
             WHERE term >= ?1 AND term < ?1 || char(1114111) LIMIT ?2",
        )?
        .query_map(params![token, MOST_EXPANSIONS + 1], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok((found.len() <= usize::from(MOST_EXPANSIONS)).then_some(found))
}

/// The scratch tables `prefix_expansions` reads, made by a connection's
/// first search and found by the later ones (they live in its temporary
/// schema, in memory); asked once per search, not once per typed word.
fn make_search_scratch(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.typed USING fts5 \
             (word, tokenize = 'unicode61 remove_diacritics 2');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.typed_tokens USING fts5vocab \
             (temp, typed, 'instance');
         CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_words USING fts5vocab \
             (main, case_search, 'row');",
    )?;
    Ok(())
}

pub(crate) fn write_row(conn: &Connection, record: &CaseRecord, seq: Option<i64>) -> Result<i64> {
    write_row_text(conn, record, &RowText::of(record)?, seq)
}

/// What a case's rows hold besides its columns: the record in its stored
/// form, its countable facts and its search text. Built apart from the
/// writing, so that an import builds it (and compresses the record) on the
/// thread that parses.
pub(crate) struct RowText {
    body: Zeroizing<Vec<u8>>,
    facts: String,
    search: [String; 4],
}

impl RowText {
    pub(crate) fn of(record: &CaseRecord) -> Result<RowText> {
        Ok(RowText {
            body: record::pack(&Zeroizing::new(
                serde_json::to_string(&record.case)
                    .map_err(|e| Error::Damaged(format!("the case cannot be encoded ({e})")))?,
            ))?,
            facts: crate::stats::Facts::of(&record.case, &record.meta.origin_mission).encode(),
            search: search_columns(record),
        })
    }
}

/// [`write_row`] with the record's [`RowText`] built beforehand.
pub(crate) fn write_row_text(
    conn: &Connection,
    record: &CaseRecord,
    text: &RowText,
    seq: Option<i64>,
) -> Result<i64> {
    let case = &record.case;
    let meta = &record.meta;
    let RowText {
        body,
        facts,
        search,
    } = text;
    let values = params![
        meta.id,
        meta.reference,
        meta.origin_mission,
        meta.revision,
        case.status.as_str(),
        case.assessment
            .trafficking_status
            .map(TraffickingStatus::as_str),
        case.first_contact.date.to_string(),
        case.next_due().map(|d| d.to_string()),
        case.person.given_name,
        case.person.family_name,
        timestamp(meta.created_at),
        meta.created_by,
        timestamp(meta.updated_at),
        meta.updated_by,
        case.synthetic,
        meta.epoch,
    ];
    let replacing = seq.is_some();
    let seq = match seq {
        None => {
            conn.prepare_cached(
                "INSERT INTO cases (id, reference, origin_mission, revision, status, trafficking_status, \
                 first_contact_date, next_due, given_name, family_name, created_at, created_by, updated_at, \
                 updated_by, synthetic, epoch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(values)?;
            conn.last_insert_rowid()
        }
        Some(seq) => {
            conn.prepare_cached(
                "UPDATE cases SET id = ?1, reference = ?2, origin_mission = ?3, revision = ?4, status = ?5, \
                 trafficking_status = ?6, first_contact_date = ?7, next_due = ?8, given_name = ?9, family_name = ?10, \
                 created_at = ?11, created_by = ?12, updated_at = ?13, updated_by = ?14, synthetic = ?15, \
                 epoch = ?16 WHERE seq = ?17",
            )?
            .execute(rusqlite::params_from_iter(values.iter().copied().chain([&seq as &dyn ToSql])))?;
            conn.prepare_cached("DELETE FROM case_forms WHERE case_seq = ?1")?
                .execute([seq])?;
            conn.prepare_cached("DELETE FROM case_search WHERE rowid = ?1")?
                .execute([seq])?;
            seq
        }
    };
    // A new case is written with plain single-row INSERTs, an update with
    // single-row UPDATEs: a statement that may write several rows (an
    // upsert, INSERT OR REPLACE) opens a statement journal, and with it a
    // savepoint in which FTS5 flushes its pending index, so that each case
    // became a segment of its own (30% of an import of new cases in perf).
    if replacing {
        conn.prepare_cached("UPDATE case_records SET record = ?2 WHERE case_seq = ?1")?
            .execute(params![seq, &body[..]])?;
        conn.prepare_cached("UPDATE case_facts SET facts = ?2 WHERE case_seq = ?1")?
            .execute(params![seq, facts])?;
    } else {
        conn.prepare_cached("INSERT INTO case_records (case_seq, record) VALUES (?1, ?2)")?
            .execute(params![seq, &body[..]])?;
        conn.prepare_cached("INSERT INTO case_facts (case_seq, facts) VALUES (?1, ?2)")?
            .execute(params![seq, facts])?;
    }
    let mut forms = case.exploitation.types.clone();
    forms.sort();
    forms.dedup();
    let contact = case.first_contact.date.to_string();
    for form in forms {
        conn.prepare_cached(
            "INSERT INTO case_forms (form, case_seq, first_contact_date) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![form.as_str(), seq, contact])?;
    }
    let [reference, names, places, text] = search;
    conn.prepare_cached("INSERT INTO case_search (rowid, reference, names, places, text) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![seq, reference, names, places, text])?;
    Ok(seq)
}

/// Takes the next number for references with `prefix` (`LT-LON-2026`);
/// after a restore the reference ends in the epoch's tag
/// (`LT-LON-2026-0005-KXQR`): the counter is the backup's, and the numbers
/// after it may have been issued before the restore.
fn next_reference(conn: &Connection, prefix: &str, epoch: Option<&str>) -> Result<String> {
    let number: i64 = conn
        .prepare_cached(
            "INSERT INTO reference_counters (prefix, last) VALUES (?1, 1) \
             ON CONFLICT(prefix) DO UPDATE SET last = last + 1 RETURNING last",
        )?
        .query_row([prefix], |row| row.get(0))?;
    Ok(match epoch {
        Some(epoch) => format!("{prefix}-{number:04}-{}", super::epoch::tag(epoch)),
        None => format!("{prefix}-{number:04}"),
    })
}

/// SQLite integers are signed; counts and offsets beyond i64 do not occur.
fn sql_int(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

impl Vault {
    fn check(case: &Case) -> Result<()> {
        let problems = validate(case, today());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidCase(problems))
        }
    }
}

/// Only the mission that created a case changes or erases it; at the
/// commission, imported cases change by the mission's next export.
fn check_own(info: &VaultInfo, meta: &RecordMeta) -> Result<()> {
    if meta.origin_mission == info.mission_code {
        Ok(())
    } else {
        Err(Error::ForeignCase {
            reference: meta.reference.clone(),
            mission: meta.origin_mission.clone(),
        })
    }
}

/// A new case's record, in the restore epoch `epoch` (the vault's current).
fn new_record(
    info: &VaultInfo,
    conn: &Connection,
    case: Case,
    now: DateTime<Utc>,
    epoch: Option<&str>,
) -> Result<CaseRecord> {
    let prefix = format!("{}-{}", info.mission_code, now.year());
    Ok(CaseRecord {
        meta: RecordMeta {
            id: CaseId::new(),
            reference: next_reference(conn, &prefix, epoch)?,
            origin_mission: info.mission_code.clone(),
            revision: 1,
            epoch: epoch.map(str::to_owned),
            created_at: now,
            created_by: info.officer.clone(),
            updated_at: now,
            updated_by: info.officer.clone(),
        },
        case,
    })
}

impl Vault {
    /// Validates and stores a new case; returns it with its id and reference.
    pub fn create_case(&mut self, case: Case) -> Result<CaseRecord> {
        Self::check(&case)?;
        let tx = self.conn.transaction()?;
        let epoch = super::epoch::current_id(&tx)?;
        let record = new_record(&self.info, &tx, case, now(), epoch.as_deref())?;
        write_row(&tx, &record, None)?;
        audit::append(
            &tx,
            &self.info.officer,
            "case-created",
            Some(&record.meta.reference),
            None,
        )?;
        tx.commit()?;
        Ok(record)
    }

    /// Stores a case without checking it, as a vault may hold one saved
    /// before a rule existed.
    #[cfg(test)]
    pub(crate) fn create_case_unchecked(&mut self, case: Case) -> Result<CaseRecord> {
        let tx = self.conn.transaction()?;
        let record = new_record(&self.info, &tx, case, now(), None)?;
        write_row(&tx, &record, None)?;
        tx.commit()?;
        Ok(record)
    }

    /// Stores many new cases in one transaction (the generator, imports of
    /// training data). Either all are stored or none. Returns how many.
    pub fn create_cases(
        &mut self,
        cases: impl IntoIterator<Item = Case>,
        action: &str,
    ) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let now = now();
        let epoch = super::epoch::current_id(&tx)?;
        let mut count = 0u64;
        for case in cases {
            Self::check(&case)?;
            let record = new_record(&self.info, &tx, case, now, epoch.as_deref())?;
            write_row(&tx, &record, None)?;
            count += 1;
        }
        audit::append(
            &tx,
            &self.info.officer,
            action,
            None,
            Some(&format!("{count} cases")),
        )?;
        tx.commit()?;
        Ok(count)
    }

    /// How many synthetic cases (training data) the vault holds: they are
    /// never exported nor counted, and the case list says so while any are
    /// here. Read through a partial index, so it costs nothing on a vault
    /// of real cases.
    pub fn synthetic_cases(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM cases WHERE synthetic = 1")?
            .query_row([], |row| row.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// Adds `count` synthetic cases generated from `seed` (training,
    /// demonstrations, benchmarks), in one transaction.
    pub fn generate_synthetic(&mut self, seed: u64, count: usize, today: NaiveDate) -> Result<u64> {
        self.create_cases(
            crate::domain::synthetic::generate(seed, count, today),
            "cases-generated",
        )
    }

    /// Saves a new version of a case that was read at `expected_revision`.
    /// The revision increases by one; a case changed in between is refused.
    pub fn update_case(
        &mut self,
        id: CaseId,
        case: Case,
        expected_revision: u32,
    ) -> Result<CaseRecord> {
        Self::check(&case)?;
        let tx = self.conn.transaction()?;
        let (seq, mut meta) =
            find(&tx, &Key::Id(id))?.ok_or_else(|| Error::CaseNotFound(id.to_string()))?;
        check_own(&self.info, &meta)?;
        if meta.revision != expected_revision {
            return Err(Error::StaleRevision {
                reference: meta.reference,
                expected: expected_revision,
                found: meta.revision,
            });
        }
        meta.revision += 1;
        meta.epoch = super::epoch::current_id(&tx)?;
        meta.updated_at = now();
        meta.updated_by = self.info.officer.clone();
        let record = CaseRecord { meta, case };
        write_row(&tx, &record, Some(seq))?;
        audit::append(
            &tx,
            &self.info.officer,
            "case-updated",
            Some(&record.meta.reference),
            None,
        )?;
        tx.commit()?;
        Ok(record)
    }

    /// Reads a case by id or reference without recording it (internal reads,
    /// exports). Opening a case for a person to see goes through `view_case`.
    pub fn get_case(&self, id_or_reference: &str) -> Result<CaseRecord> {
        let key = Key::parse(id_or_reference);
        let (seq, meta) =
            find(&self.conn, &key)?.ok_or_else(|| Error::CaseNotFound(id_or_reference.into()))?;
        let body = record::read(&self.conn, seq)?
            .ok_or_else(|| Error::CaseNotFound(id_or_reference.into()))?;
        let case = Case::from_json(&body)
            .map_err(|e| Error::Damaged(format!("case {} cannot be read ({e})", meta.reference)))?;
        Ok(CaseRecord { meta, case })
    }

    /// Reads a case for display and records the view in the audit log.
    pub fn view_case(&mut self, id_or_reference: &str) -> Result<CaseRecord> {
        let record = self.get_case(id_or_reference)?;
        let tx = self.conn.transaction()?;
        audit::append(
            &tx,
            &self.info.officer,
            "case-viewed",
            Some(&record.meta.reference),
            None,
        )?;
        tx.commit()?;
        Ok(record)
    }

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
        let count_from =
            if query.form.is_some() && query.status.is_none() && query.trafficking_status.is_none()
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

    /// Full-text search over names, reference, places, notes, follow-ups and
    /// referrals; accents are ignored and each word matches as a prefix
    /// (numbers before the last word match whole). Best matches first, among
    /// the [`SEARCH_WINDOW`] most recently stored cases that match. A whole
    /// reference finds its case.
    pub fn search_cases(&self, text: &str, limit: u64) -> Result<Vec<CaseSummary>> {
        let reference = text.trim().to_uppercase();
        if !reference.contains(char::is_whitespace) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM cases c WHERE c.reference = ?1"
            ))?;
            if let Some(found) = stmt.query_row([&reference], summary_from_row).optional()? {
                return Ok(vec![found]);
            }
        }
        make_search_scratch(&self.conn)?;
        let expand = &mut |word: &str| prefix_expansions(&self.conn, word);
        let Some(query) = fts_query(text, expand)? else {
            return Ok(Vec::new());
        };
        // Ranking needs every match scored: a common word at the commission
        // (a city, a year) matches hundreds of thousands of cases. Only the
        // newest matches are ranked. They are found by reading the matches'
        // rowids forwards: in descending order the index is many times
        // slower on an encrypted database (see docs/performance.md).
        let floor = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT rowid FROM case_search WHERE case_search MATCH ?1")?;
            let rowids = stmt
                .query_map([&query], |row| row.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let window = usize::try_from(SEARCH_WINDOW).unwrap_or(usize::MAX);
            rowids
                .len()
                .checked_sub(window)
                .map_or(0, |first| rowids[first])
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM \
             (SELECT rowid, rank FROM case_search WHERE case_search MATCH ?1 AND rowid >= ?2 \
              ORDER BY rank, rowid LIMIT ?3) s \
             JOIN cases c ON c.seq = s.rowid ORDER BY s.rank, c.seq"
        ))?;
        let rows = stmt.query_map(params![query, floor, sql_int(limit)], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The number of cases in the vault.
    pub fn case_count(&self) -> Result<u64> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM cases", [], |row| row.get(0))?;
        Ok(count.unsigned_abs())
    }

    /// Erases a case: its record and its search entries are deleted and a
    /// tombstone is kept so that the erasure can travel to the commission.
    /// The search index is then compacted and the WAL folded back, so that
    /// the text is not left in old index segments or log frames.
    pub fn erase_case(&mut self, id_or_reference: &str) -> Result<Tombstone> {
        let key = Key::parse(id_or_reference);
        let tx = self.conn.transaction()?;
        let (seq, meta) =
            find(&tx, &key)?.ok_or_else(|| Error::CaseNotFound(id_or_reference.into()))?;
        check_own(&self.info, &meta)?;
        let tombstone = Tombstone {
            id: meta.id,
            reference: meta.reference.clone(),
            origin_mission: meta.origin_mission.clone(),
            revision: meta.revision + 1,
            erased_at: timestamp(Utc::now()),
            erased_by: self.info.officer.clone(),
        };
        replace_with_tombstone(&tx, Some(seq), &tombstone)?;
        tx.execute(
            "INSERT INTO case_search (case_search) VALUES ('optimize')",
            [],
        )?;
        audit::append(
            &tx,
            &self.info.officer,
            "case-erased",
            Some(&meta.reference),
            None,
        )?;
        tx.commit()?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(tombstone)
    }

    /// Every tombstone, oldest first.
    pub fn tombstones(&self) -> Result<Vec<Tombstone>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, reference, origin_mission, revision, erased_at, erased_by FROM tombstones ORDER BY erased_at",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(Tombstone {
                id: row.get(0)?,
                reference: row.get(1)?,
                origin_mission: row.get(2)?,
                revision: row.get(3)?,
                erased_at: row.get(4)?,
                erased_by: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Deletes the case in row `seq` (its search entries, facts and forms go
/// with it) and keeps `tombstone` in its place, replacing an older one.
pub(crate) fn replace_with_tombstone(
    conn: &Connection,
    seq: Option<i64>,
    tombstone: &Tombstone,
) -> Result<()> {
    if let Some(seq) = seq {
        conn.prepare_cached("DELETE FROM case_search WHERE rowid = ?1")?
            .execute([seq])?;
        conn.prepare_cached("DELETE FROM cases WHERE seq = ?1")?
            .execute([seq])?;
    }
    conn.prepare_cached(
        "INSERT OR REPLACE INTO tombstones (id, reference, origin_mission, revision, erased_at, erased_by) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        tombstone.id,
        tombstone.reference,
        tombstone.origin_mission,
        tombstone.revision,
        tombstone.erased_at,
        tombstone.erased_by
    ])?;
    Ok(())
}

/// How a person names a case: by its UUID or by its reference.
enum Key {
    Id(CaseId),
    Reference(String),
}

impl Key {
    fn parse(text: &str) -> Key {
        let text = text.trim();
        match text.parse::<CaseId>() {
            Ok(id) => Key::Id(id),
            Err(_) => Key::Reference(text.to_uppercase()),
        }
    }
}

fn find(conn: &Connection, key: &Key) -> Result<Option<(i64, RecordMeta)>> {
    const COLUMNS: &str = "seq, id, reference, origin_mission, revision, created_at, created_by, updated_at, updated_by, epoch FROM cases";
    let map = |row: &Row<'_>| -> rusqlite::Result<(i64, RecordMeta)> {
        let meta = RecordMeta {
            id: row.get(1)?,
            reference: row.get(2)?,
            origin_mission: row.get(3)?,
            revision: row.get(4)?,
            created_at: timestamp_column(row, 5)?,
            created_by: row.get(6)?,
            updated_at: timestamp_column(row, 7)?,
            updated_by: row.get(8)?,
            epoch: row.get(9)?,
        };
        Ok((row.get(0)?, meta))
    };
    let found = match key {
        Key::Id(id) => conn
            .prepare_cached(&format!("SELECT {COLUMNS} WHERE id = ?1"))?
            .query_row([id], map),
        Key::Reference(reference) => conn
            .prepare_cached(&format!("SELECT {COLUMNS} WHERE reference = ?1"))?
            .query_row([reference], map),
    };
    Ok(found.optional()?)
}

fn timestamp_column(row: &Row<'_>, index: usize) -> rusqlite::Result<DateTime<Utc>> {
    let text: String = row.get(index)?;
    DateTime::parse_from_rfc3339(&text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                index,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    fn query(input: &str) -> Option<String> {
        // A vocabulary of two words beginning with "kov" and none with "xyz".
        let mut expand = |word: &str| {
            Ok(match word.to_lowercase().as_str() {
                "kov" => Some(vec!["kovalenko".to_owned(), "kovas".to_owned()]),
                "xyz" => Some(Vec::new()),
                _ => None,
            })
        };
        fts_query(input, &mut expand).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn typed_text_never_becomes_fts_syntax() {
        assert_eq!(
            query("ona  zemaityte").as_deref(),
            Some("\"ona\"* AND \"zemaityte\"*")
        );
        assert_eq!(query("a\"b OR").as_deref(), Some("\"a\"\"b\"* AND \"OR\"*"));
        assert_eq!(query(" - * "), None);
    }

    #[test]
    fn prefixes_become_the_words_they_stand_for() {
        assert_eq!(
            query("Kov boston").as_deref(),
            Some("(\"kovalenko\" OR \"kovas\") AND \"boston\"*")
        );
        assert_eq!(
            query("ona xyz"),
            None,
            "a word no case has: nothing matches"
        );
        assert_eq!(
            query("2026 00042").as_deref(),
            Some("\"2026\" AND \"00042\"*"),
            "a number before the last word matches whole"
        );
    }
}
