//! Cases in the vault: create, read, update, erase (the list is in
//! `list.rs`, the search in `search.rs`).
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
use crate::domain::{Case, CaseId, CaseRecord, RecordMeta, TraffickingStatus, validate};

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
            search: super::search::search_columns(record),
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
    let bound = sql_int(super::receipts::MAX_REFERENCE_NUMBER);
    let number: i64 = conn
        .prepare_cached(
            "INSERT INTO reference_counters (prefix, last) VALUES (?1, 1) \
             ON CONFLICT(prefix) DO UPDATE SET last = last + 1 WHERE last < ?2 RETURNING last",
        )?
        .query_row(params![prefix, bound], |row| row.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::InvalidSetting(format!(
                "the case numbers of {prefix} are used up (the last is {bound})"
            ))
        })?;
    Ok(match epoch {
        Some(epoch) => format!("{prefix}-{number:04}-{}", super::epoch::tag(epoch)),
        None => format!("{prefix}-{number:04}"),
    })
}

/// SQLite integers are signed; counts and offsets beyond i64 do not occur.
pub(super) fn sql_int(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn today() -> NaiveDate {
    crate::domain::today()
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
pub(super) fn check_own(info: &VaultInfo, meta: &RecordMeta) -> Result<()> {
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
        let tx = self.conn.transaction()?;
        let (seq, mut meta) =
            find(&tx, &Key::Id(id))?.ok_or_else(|| Error::CaseNotFound(id.to_string()))?;
        check_own(&self.info, &meta)?;
        if super::stubs::is_stub_row(&tx, seq)? {
            return Err(Error::HeldByCommission(meta.reference));
        }
        Self::check(&case)?;
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
        // Seen by the officer it was handed over to (`handover.rs`).
        super::handover::mark_seen(&tx, &record.meta.id, &self.info.officer)?;
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

    /// The officer who owns a case: its creator until a handover gives it
    /// to another officer (schema 11).
    pub fn case_owner(&self, id_or_reference: &str) -> Result<String> {
        let key = Key::parse(id_or_reference);
        let (seq, _) =
            find(&self.conn, &key)?.ok_or_else(|| Error::CaseNotFound(id_or_reference.into()))?;
        Ok(self.conn.query_row(
            "SELECT coalesce(owner, created_by) FROM cases WHERE seq = ?1",
            [seq],
            |row| row.get(0),
        )?)
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
        self.erase(id_or_reference, false)
    }

    /// [`Vault::erase_case`]; with `past_retention`, also a case of another
    /// mission (at the commission) whose `erase_after` date has passed
    /// (`stubs.rs`, the erasures due), which the caller has checked.
    pub(super) fn erase(
        &mut self,
        id_or_reference: &str,
        past_retention: bool,
    ) -> Result<Tombstone> {
        let key = Key::parse(id_or_reference);
        let tx = self.conn.transaction()?;
        let (seq, meta) =
            find(&tx, &key)?.ok_or_else(|| Error::CaseNotFound(id_or_reference.into()))?;
        if !past_retention {
            check_own(&self.info, &meta)?;
        }
        let tombstone = Tombstone {
            id: meta.id,
            reference: meta.reference.clone(),
            origin_mission: meta.origin_mission.clone(),
            revision: meta.revision + 1,
            erased_at: timestamp(Utc::now()),
            erased_by: self.info.officer.clone(),
        };
        replace_with_tombstone(&tx, Some(seq), &tombstone)?;
        if self.info.role == super::Role::Commission {
            // The commission's replies tell the mission (`withdrawals.rs`).
            tx.prepare_cached("UPDATE tombstones SET at_commission = 1 WHERE id = ?1")?
                .execute([meta.id])?;
        }
        // A draft kept at lock would hold what was erased.
        super::draft::discard_of_case(&tx, &meta.id.to_string())?;
        // Neither side holds a version of it any more.
        super::set_aside::forget(&tx, &meta.reference)?;
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

/// Deletes the case in row `seq` (its search entries, facts, forms,
/// record, handovers and the versions set aside for it go with it) and keeps `tombstone` in its place, replacing an older one.
pub(crate) fn replace_with_tombstone(
    conn: &Connection,
    seq: Option<i64>,
    tombstone: &Tombstone,
) -> Result<()> {
    // Versions set aside at the commission are full records too (their
    // table has no key to `cases`): they go with the case.
    conn.prepare_cached("DELETE FROM conflicts WHERE id = ?1")?
        .execute([tombstone.id])?;
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
pub(super) enum Key {
    Id(CaseId),
    Reference(String),
}

impl Key {
    pub(super) fn parse(text: &str) -> Key {
        let text = text.trim();
        match text.parse::<CaseId>() {
            Ok(id) => Key::Id(id),
            Err(_) => Key::Reference(text.to_uppercase()),
        }
    }
}

pub(super) fn find(conn: &Connection, key: &Key) -> Result<Option<(i64, RecordMeta)>> {
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
