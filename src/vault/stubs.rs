//! Keeping less at the mission: closed cases the commission is known to
//! hold are reduced to a stub, and cases past their retention date are
//! listed for erasure.
//!
//! A mission setting (off by default) names a number of months. A case is
//! reduced when it is closed, its last contact (first contact or latest
//! follow-up) and its last save are older than that, counted from today
//! or the day after the commission's latest confirmation, whichever is
//! earlier (a clock set ahead does not make every case old), and the commission is known
//! to store its current revision: the export that first carried that
//! revision (`export_marks.sequence`, migration 21), or a later full
//! export, was confirmed in a reply (`receipts.rs`) by a receipt whose
//! counts show every case of that file stored as sent (each new or
//! updated there; none unchanged, which is also what a version of lower
//! rank or of a case erased there counts as; no conflict). A receipt
//! without counts cannot tell, and confirms nothing here. A case of which
//! any reply listed a version as set aside is never reduced, nor one an
//! officer keeps an unsaved draft of (it qualifies once the draft is
//! saved or discarded). A case changed since, or never confirmed, is
//! never reduced; nor one whose person did not consent to share
//! identifiable data, which reached the commission redacted (the
//! commission does not hold it whole).
//!
//! The stub (`Case::stub`) keeps the reference, the dates and the
//! statuses. Its row is rewritten with the stub (columns, record, facts,
//! search index), its draft and handover notes are deleted, the search
//! index is compacted and the WAL folded back, so that with
//! `secure_delete` no page of the database keeps the text. A stub is
//! never exported (`outbox.rs`: the commission's full record must not be
//! replaced by it) and cannot be changed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::cases::{Key, find, write_row};
use super::{Error, Result, Role, Tombstone, Vault, audit, draft, set_setting, setting};
use crate::domain::CaseRecord;

/// The setting: months after which a confirmed closed case becomes a stub.
const AFTER_MONTHS: &str = "stub_after_months";

/// The most months the setting takes (fifty years).
pub const MAX_STUB_MONTHS: u32 = 600;

/// A case that would be reduced to a stub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StubCandidate {
    pub reference: String,
    /// Its last contact or last save, whichever is later.
    pub last_activity: NaiveDate,
}

/// A case past its `erase_after` date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErasureDue {
    pub reference: String,
    pub origin_mission: String,
    pub erase_after: NaiveDate,
}

/// Whether the case in row `seq` is a stub.
pub(super) fn is_stub_row(conn: &Connection, seq: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT stub FROM cases WHERE seq = ?1")?
        .query_row([seq], |row| row.get::<_, bool>(0))
        .optional()?
        .unwrap_or(false))
}

impl Vault {
    /// Mission: after how many months confirmed closed cases are reduced
    /// to stubs; `None`: never (the default).
    pub fn stub_after_months(&self) -> Result<Option<u32>> {
        Ok(setting(&self.conn, AFTER_MONTHS)?
            .and_then(|m| m.parse().ok())
            .filter(|m| (1..=MAX_STUB_MONTHS).contains(m)))
    }

    /// Mission: sets (or with `None` turns off) the reduction to stubs.
    /// Audited.
    pub fn set_stub_after_months(&mut self, months: Option<u32>) -> Result<()> {
        if self.info.role != Role::Mission {
            return Err(Error::InvalidSetting(
                "only a mission keeps stubs of the cases the commission holds".into(),
            ));
        }
        if let Some(m) = months
            && !(1..=MAX_STUB_MONTHS).contains(&m)
        {
            return Err(Error::InvalidSetting(format!(
                "the months must be between 1 and {MAX_STUB_MONTHS}"
            )));
        }
        let tx = self.conn.transaction()?;
        let value = months.map_or_else(|| "off".to_owned(), |m| m.to_string());
        set_setting(&tx, AFTER_MONTHS, &value)?;
        let detail = months.map_or_else(|| "off".to_owned(), |m| format!("after {m} months"));
        audit::append(&tx, &self.info.officer, "stub-setting", None, Some(&detail))?;
        tx.commit()?;
        Ok(())
    }

    /// Whether a case is kept as a stub.
    pub fn is_stub(&self, id_or_reference: &str) -> Result<bool> {
        let (seq, _) = find(&self.conn, &Key::parse(id_or_reference))?
            .ok_or_else(|| Error::CaseNotFound(id_or_reference.into()))?;
        is_stub_row(&self.conn, seq)
    }

    /// How many cases are kept as stubs.
    pub fn stub_count(&self) -> Result<u64> {
        let n: i64 =
            self.conn
                .query_row("SELECT count(*) FROM cases WHERE stub = 1", [], |row| {
                    row.get(0)
                })?;
        Ok(n.unsigned_abs())
    }

    /// Mission: the cases a reduction after `months` would make stubs of
    /// on `today`, oldest first. Nothing at the commission.
    pub fn stub_candidates(&self, months: u32, today: NaiveDate) -> Result<Vec<StubCandidate>> {
        if self.info.role != Role::Mission {
            return Ok(Vec::new());
        }
        // The exports the commission is known to have stored whole: a
        // case's revision is held there if the export that first carried it
        // is such an export, or a full export made after it (a full export
        // carries every case).
        let (stored_whole, confirmed_on) = self.exports_stored_whole()?;
        let Some(confirmed_on) = confirmed_on else {
            return Ok(Vec::new());
        };
        // A clock set ahead would make every case look old: the day after
        // the commission's latest confirmation bounds the day counted from.
        let today = today.min(confirmed_on.succ_opt().unwrap_or(confirmed_on));
        let Some(before) = today.checked_sub_months(Months::new(months)) else {
            return Ok(Vec::new());
        };
        let set_aside = super::set_aside::references(&self.conn)?;
        // A case the commission erased is held nowhere else.
        let erased_there = super::withdrawals::erased_at_commission_references(&self.conn)?;
        let drafted = drafted_cases(&self.conn)?;
        let mut stmt = self.conn.prepare(
            "SELECT c.reference, m.sequence, c.id FROM cases c JOIN export_marks m ON m.id = c.id \
             WHERE c.stub = 0 AND c.synthetic = 0 AND c.status IN ('Closed', 'ClosedReferred') \
             AND c.origin_mission = ?1 AND m.revision = c.revision AND m.sequence IS NOT NULL \
             ORDER BY c.seq",
        )?;
        let marked: Vec<(String, i64, crate::domain::CaseId)> = stmt
            .query_map([&self.info.mission_code], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut candidates = Vec::new();
        for (reference, carried_by, id) in marked {
            let carried_by = carried_by.unsigned_abs();
            let held = stored_whole
                .iter()
                .any(|&(s, full)| s == carried_by || (full && s > carried_by));
            // A version of the case the commission set aside means it may
            // hold another one; an officer's unsaved draft of the case is
            // work the stub would lose (it qualifies once saved or dropped).
            if !held
                || set_aside.contains(&reference)
                || erased_there.contains(&reference)
                || drafted.contains(&id.to_string())
            {
                continue;
            }
            let record = self.get_case(&reference)?;
            let last_activity = last_activity(&record);
            // A record shared without consent reached the commission
            // redacted: the commission does not hold it whole, so the
            // mission keeps it.
            let held_whole = crate::exchange::redact::may_share_identity(&record.case);
            if held_whole && record.case.status.is_closed() && last_activity < before {
                candidates.push(StubCandidate {
                    reference,
                    last_activity,
                });
            }
        }
        candidates.sort_by_key(|c| c.last_activity);
        Ok(candidates)
    }

    /// Mission: reduces the cases of [`Vault::stub_candidates`] to stubs,
    /// in one transaction, audited with their count and references.
    /// Returns the references.
    pub fn reduce_to_stubs(&mut self, months: u32, today: NaiveDate) -> Result<Vec<String>> {
        let candidates = self.stub_candidates(months, today)?;
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.conn.transaction()?;
        let mut references = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            let (seq, meta) = find(&tx, &Key::Reference(candidate.reference.clone()))?
                .ok_or_else(|| Error::CaseNotFound(candidate.reference.clone()))?;
            // A draft saved since the candidates were read keeps the case.
            if drafted_cases(&tx)?.contains(&meta.id.to_string()) {
                continue;
            }
            let body = super::record::read(&tx, seq)?
                .ok_or_else(|| Error::CaseNotFound(candidate.reference.clone()))?;
            let case = crate::domain::Case::from_json(&body).map_err(|e| {
                Error::Damaged(format!("case {} cannot be read ({e})", meta.reference))
            })?;
            // The revision stays: the stub is not a new version to send.
            let stub = CaseRecord {
                meta,
                case: case.stub(),
            };
            write_row(&tx, &stub, Some(seq))?;
            tx.prepare_cached("UPDATE cases SET stub = 1 WHERE seq = ?1")?
                .execute([seq])?;
            tx.prepare_cached("UPDATE handovers SET note = NULL WHERE case_seq = ?1")?
                .execute([seq])?;
            draft::discard_of_case(&tx, &stub.meta.id.to_string())?;
            references.push(stub.meta.reference);
        }
        if references.is_empty() {
            return Ok(references);
        }
        tx.execute(
            "INSERT INTO case_search (case_search) VALUES ('optimize')",
            [],
        )?;
        let detail = format!(
            "{} cases held by the commission: {}",
            references.len(),
            references.join(", ")
        );
        audit::append(
            &tx,
            &self.info.officer,
            "cases-reduced-to-stubs",
            None,
            Some(&detail),
        )?;
        tx.commit()?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(references)
    }

    /// Mission: what the setting asks for, if it is on (at unlock, after a
    /// reply is received). Returns the references reduced.
    pub fn reduce_to_stubs_if_set(&mut self, today: NaiveDate) -> Result<Vec<String>> {
        match self.stub_after_months()? {
            Some(months) if self.info.role == Role::Mission => self.reduce_to_stubs(months, today),
            _ => Ok(Vec::new()),
        }
    }

    /// The cases past their `erase_after` date on `today` (the day after
    /// it), the oldest date first: at a mission its own cases, at the
    /// commission every mission's.
    pub fn erasures_due(&self, today: NaiveDate) -> Result<Vec<ErasureDue>> {
        let mut stmt = self
            .conn
            .prepare("SELECT reference FROM cases WHERE synthetic = 0 ORDER BY seq")?;
        let references: Vec<String> = stmt
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut due = Vec::new();
        for reference in references {
            let record = self.get_case(&reference)?;
            if self.info.role == Role::Mission
                && record.meta.origin_mission != self.info.mission_code
            {
                continue;
            }
            // A redacted record's date was cut to the first of its month:
            // the commission counts it to the end of that month, never
            // before the mission's own date.
            let erase_after = record.case.erase_after.map(|date| {
                if self.info.role == Role::Commission && record.case.redacted {
                    end_of_month(date)
                } else {
                    date
                }
            });
            if let Some(erase_after) = erase_after
                && erase_after < today
            {
                due.push(ErasureDue {
                    reference,
                    origin_mission: record.meta.origin_mission,
                    erase_after,
                });
            }
        }
        due.sort_by_key(|d| d.erase_after);
        Ok(due)
    }

    /// Erases the cases of [`Vault::erasures_due`] on `today` through the
    /// erasure of one case (its tombstone travels to the commission as
    /// any erasure's), audited with their count and references. At the
    /// commission a mission's case past its date is erased too. Returns
    /// the tombstones.
    pub fn erase_due(&mut self, today: NaiveDate) -> Result<Vec<Tombstone>> {
        let due = self.erasures_due(today)?;
        self.erase_listed(due)
    }

    /// [`Vault::erase_due`], of the cases `references` names only (the
    /// list an officer confirmed), each checked again to be still due on
    /// `today`: a case not listed is never erased, whatever became due
    /// since.
    pub fn erase_due_of(
        &mut self,
        references: &[String],
        today: NaiveDate,
    ) -> Result<Vec<Tombstone>> {
        let due = self
            .erasures_due(today)?
            .into_iter()
            .filter(|d| references.contains(&d.reference))
            .collect();
        self.erase_listed(due)
    }

    fn erase_listed(&mut self, due: Vec<ErasureDue>) -> Result<Vec<Tombstone>> {
        let commission = self.info.role == Role::Commission;
        let mut tombstones = Vec::with_capacity(due.len());
        for case in &due {
            tombstones.push(self.erase(&case.reference, commission)?);
        }
        if !tombstones.is_empty() {
            let references: Vec<&str> = due.iter().map(|d| d.reference.as_str()).collect();
            let detail = format!(
                "{} cases past their erase-after date: {}",
                references.len(),
                references.join(", ")
            );
            self.record_action("erasures-due-erased", Some(&detail))?;
        }
        Ok(tombstones)
    }
}

/// The ids (text) of the cases some officer keeps an unsaved draft of.
fn drafted_cases(conn: &Connection) -> Result<BTreeSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT case_id FROM drafts WHERE case_id IS NOT NULL")?;
    let ids = stmt
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// Whether a receipt's counts show every case of its file stored as
/// sent: each case new or updated at the commission, none unchanged
/// (held there already, at a higher rank, or erased there), none set
/// aside as a conflict. A receipt without counts cannot tell.
fn stored_as_sent(counts: Option<&str>) -> bool {
    let Some(counts) = counts.and_then(|c| serde_json::from_str::<BTreeMap<String, u64>>(c).ok())
    else {
        return false;
    };
    let get = |key: &str| counts.get(key).copied();
    match (get("cases"), get("new"), get("updated"), get("conflicts")) {
        (Some(cases), Some(new), Some(updated), Some(0)) => new.saturating_add(updated) == cases,
        _ => false,
    }
}

/// Exports stored whole (number, full) and the day of the latest such
/// confirmation.
type StoredWhole = (Vec<(u64, bool)>, Option<NaiveDate>);

impl Vault {
    /// Mission: its exports the commission confirmed with a receipt whose
    /// counts show every case stored as sent ([`stored_as_sent`]): their
    /// numbers, and whether each is a full export; and the day of the
    /// latest such confirmation. An export matched by more than one receipt
    /// counts only if each shows it.
    fn exports_stored_whole(&self) -> Result<StoredWhole> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.sequence, s.kind = 'full', r.counts, r.imported_at FROM sent_exports s \
             JOIN export_receipts r ON CASE WHEN s.digest IS NULL \
                THEN r.sequence = s.sequence AND r.epoch IS s.epoch ELSE r.digest = s.digest END \
             ORDER BY s.sequence",
        )?;
        let rows: Vec<(i64, bool, Option<String>, String)> = stmt
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut whole: BTreeMap<u64, (bool, bool)> = BTreeMap::new();
        let mut latest: Option<NaiveDate> = None;
        for (sequence, full, counts, imported_at) in rows {
            let entry = whole.entry(sequence.unsigned_abs()).or_insert((full, true));
            entry.1 &= stored_as_sent(counts.as_deref());
            // RFC 3339: the day is its first ten characters.
            let day = imported_at
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            latest = latest.max(day);
        }
        let exports = whole
            .into_iter()
            .filter(|(_, (_, ok))| *ok)
            .map(|(sequence, (full, _))| (sequence, full))
            .collect();
        Ok((exports, latest))
    }
}

/// The last day of `date`'s month.
fn end_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// The later of a case's last contact and its last save.
fn last_activity(record: &CaseRecord) -> NaiveDate {
    record
        .case
        .last_contact()
        .max(record.meta.updated_at.date_naive())
}

#[cfg(test)]
mod tests;
