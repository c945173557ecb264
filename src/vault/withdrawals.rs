//! Consent withdrawn for a stub, and erasures the commission made itself.
//!
//! A stub (`stubs.rs`) is what a mission keeps of a closed case whose full,
//! identifiable record the commission holds because the person consented.
//! When the person withdraws that consent, the officer records it on the
//! stub ([`Vault::withdraw_stub_consent`]). That is an *instruction*, not a
//! version of the case: the next export carries it (a `withdrawal` line,
//! export format 4), and the commission redacts what it holds of the case
//! by the rules a case shared without consent travels by
//! (`exchange::redact`), drops the versions set aside for it and compacts
//! its search index ([`super::Merge::withdrawal`]). It never carries a
//! record, so nothing a stub holds can replace the commission's.
//!
//! The instruction is final at the commission, as an erasure is: it is kept
//! (`consent_withdrawals`), and every version of the case that arrives
//! later (an older export, a restored mission) is stored redacted. Applied
//! twice it changes nothing.
//!
//! The other way: a case the commission erased itself (past its
//! erase-after date, `stubs.rs`) is named in its replies to the mission
//! (`erased`, reply format 3); the mission keeps the references
//! ([`note_erased_at_commission`]), never reduces such a case to a stub, and
//! lists them (`casebook exports`). An update of such a case reaches
//! nothing at the commission, whose import counts it apart.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::cases::{Key, find, timestamp};
use super::{Error, Result, Role, Vault, audit};
use crate::domain::{CaseId, CaseRecord};

/// The instruction a mission sends when the person of a stub withdrew
/// their consent to identifiable sharing: case, who recorded it and when.
/// No content of the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentWithdrawal {
    pub id: CaseId,
    pub reference: String,
    pub origin_mission: String,
    pub withdrawn_at: String,
    pub withdrawn_by: String,
}

/// A mission's withdrawn consent as recorded there: whether an export
/// carried it yet (until then it can be retracted), and which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedWithdrawal {
    #[serde(flatten)]
    pub withdrawal: ConsentWithdrawal,
    pub exported: bool,
    /// The export that first carried it (`None`: not yet exported, or
    /// exported before the number was kept).
    pub export_sequence: Option<u64>,
}

/// A case of this mission the commission said it erased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasedAtCommission {
    pub reference: String,
    pub erased_at: String,
}

const COLUMNS: &str = "id, reference, origin_mission, withdrawn_at, withdrawn_by";

/// The case `id_or_reference` of this mission (its row and metadata), for
/// a step only the mission that holds the stub takes (`doing`), or why
/// not: another role, no such case, another mission's case.
fn own_case(
    conn: &Connection,
    info: &super::VaultInfo,
    id_or_reference: &str,
    doing: &str,
) -> Result<(i64, crate::domain::RecordMeta)> {
    if info.role != Role::Mission {
        return Err(Error::InvalidSetting(format!(
            "only the mission that holds the stub {doing}"
        )));
    }
    let (seq, meta) = find(conn, &Key::parse(id_or_reference))?
        .ok_or_else(|| Error::CaseNotFound(id_or_reference.into()))?;
    super::cases::check_own(info, &meta)?;
    Ok((seq, meta))
}

/// Whether `withdrawal` was recorded before the vault's current restore
/// epoch began (the backup restored held it, not yet exported): the
/// timeline the restore undid may have exported it. Compared to the
/// second, as epoch ids keep their time; a time that cannot be read counts
/// as before.
fn recorded_before_restore(
    conn: &rusqlite::Connection,
    withdrawal: &ConsentWithdrawal,
) -> Result<bool> {
    use chrono::SubsecRound as _;
    let Some(started) = super::epoch::current_id(conn)?
        .as_deref()
        .and_then(super::epoch::started_at)
    else {
        return Ok(false);
    };
    Ok(
        chrono::DateTime::parse_from_rfc3339(&withdrawal.withdrawn_at)
            .map_or(true, |at| at.to_utc().trunc_subsecs(0) <= started),
    )
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ConsentWithdrawal> {
    Ok(ConsentWithdrawal {
        id: row.get(0)?,
        reference: row.get(1)?,
        origin_mission: row.get(2)?,
        withdrawn_at: row.get(3)?,
        withdrawn_by: row.get(4)?,
    })
}

impl Vault {
    /// Mission: records that the person of the stub `id_or_reference`
    /// withdrew their consent to identifiable sharing. The next export
    /// carries the instruction; the commission redacts what it holds.
    /// Recording it again returns the first record and changes nothing.
    /// Audited (the reference, no value).
    pub fn withdraw_stub_consent(&mut self, id_or_reference: &str) -> Result<ConsentWithdrawal> {
        let tx = self.conn.transaction()?;
        let (seq, meta) = own_case(
            &tx,
            &self.info,
            id_or_reference,
            "records a withdrawn consent",
        )?;
        if !super::stubs::is_stub_row(&tx, seq)? {
            return Err(Error::InvalidSetting(format!(
                "case {} is not a stub: record the withdrawn consent in the case itself (its next export travels redacted)",
                meta.reference
            )));
        }
        if let Some(known) = withdrawal_of(&tx, meta.id)? {
            return Ok(known);
        }
        let withdrawal = ConsentWithdrawal {
            id: meta.id,
            reference: meta.reference.clone(),
            origin_mission: meta.origin_mission,
            withdrawn_at: timestamp(Utc::now()),
            withdrawn_by: self.info.officer.clone(),
        };
        insert(&tx, &withdrawal)?;
        audit::append(
            &tx,
            &self.info.officer,
            "stub-consent-withdrawn",
            Some(&meta.reference),
            None,
        )?;
        tx.commit()?;
        Ok(withdrawal)
    }

    /// Mission: retracts the withdrawn consent recorded for the stub
    /// `id_or_reference`, while no export has carried it yet (a mistaken
    /// one: the wrong stub, or the wrong person). Once exported it is final
    /// at the commission and this is refused; so it is for one recorded
    /// before the vault was restored from a backup (an export after that
    /// backup may have carried it). Audited (the reference).
    pub fn retract_stub_consent_withdrawal(
        &mut self,
        id_or_reference: &str,
    ) -> Result<ConsentWithdrawal> {
        let tx = self.conn.transaction()?;
        let (_, meta) = own_case(
            &tx,
            &self.info,
            id_or_reference,
            "retracts a withdrawn consent",
        )?;
        let recorded = recorded_of(&tx, meta.id)?.ok_or_else(|| {
            Error::InvalidSetting(format!(
                "no withdrawn consent is recorded for {}",
                meta.reference
            ))
        })?;
        if recorded.exported {
            let export = recorded
                .export_sequence
                .map(|n| format!(" (export {n})"))
                .unwrap_or_default();
            return Err(Error::InvalidSetting(format!(
                "the withdrawn consent for {} was already exported{export}: the commission redacts its record for good, which cannot be undone",
                meta.reference
            )));
        }
        if recorded_before_restore(&tx, &recorded.withdrawal)? {
            return Err(Error::InvalidSetting(format!(
                "the withdrawn consent for {} was recorded before this vault was restored from a backup: an export made after that backup may have carried it, and the commission redacts its record for good, so it cannot be retracted",
                meta.reference
            )));
        }
        tx.prepare_cached("DELETE FROM consent_withdrawals WHERE id = ?1 AND exported = 0")?
            .execute([meta.id])?;
        audit::append(
            &tx,
            &self.info.officer,
            "stub-consent-withdrawal-retracted",
            Some(&meta.reference),
            None,
        )?;
        tx.commit()?;
        Ok(recorded.withdrawal)
    }

    /// Mission: the withdrawn consent recorded for a stub, with whether an
    /// export carried it yet, if any.
    pub fn recorded_withdrawal(&self, id_or_reference: &str) -> Result<Option<RecordedWithdrawal>> {
        let Some(found) = self.consent_withdrawal(id_or_reference)? else {
            return Ok(None);
        };
        recorded_of(&self.conn, found.id)
    }

    /// The withdrawn consent recorded for a case (at a mission for its
    /// stub, at the commission as received), if any.
    pub fn consent_withdrawal(&self, id_or_reference: &str) -> Result<Option<ConsentWithdrawal>> {
        let key = Key::parse(id_or_reference);
        let found = match key {
            Key::Id(id) => withdrawal_of(&self.conn, id)?,
            Key::Reference(reference) => self
                .conn
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM consent_withdrawals WHERE reference = ?1"
                ))?
                .query_row([reference], from_row)
                .optional()?,
        };
        Ok(found)
    }

    /// Mission: hands each withdrawn consent an export carries to `each`:
    /// those not yet exported, or with `all` every one whose stub is still
    /// held (a full export stands in for the earlier ones; an erased case's
    /// tombstone says more).
    pub(crate) fn for_each_outgoing_withdrawal<E: From<Error>>(
        &self,
        all: bool,
        mut each: impl FnMut(ConsentWithdrawal) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let filter = if all { "" } else { "AND w.exported = 0" };
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT w.id, w.reference, w.origin_mission, w.withdrawn_at, w.withdrawn_by \
                 FROM consent_withdrawals w JOIN cases c ON c.id = w.id \
                 WHERE c.stub = 1 {filter} ORDER BY w.withdrawn_at, w.id"
            ))
            .map_err(Error::from)?;
        let mut rows = stmt.query([]).map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            each(from_row(row).map_err(Error::from)?)?;
        }
        Ok(())
    }

    /// Mission: how many withdrawn consents an export would carry.
    pub fn outgoing_withdrawals(&self, all: bool) -> Result<u64> {
        let mut n = 0u64;
        self.for_each_outgoing_withdrawal::<Error>(all, |_| {
            n += 1;
            Ok(())
        })?;
        Ok(n)
    }

    /// Mission: the cases the commission's replies said it erased, by
    /// reference, with the day it erased each.
    pub fn erased_at_commission(&self) -> Result<Vec<ErasedAtCommission>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT reference, erased_at FROM erased_at_commission ORDER BY erased_at, reference",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(ErasedAtCommission {
                reference: row.get(0)?,
                erased_at: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Commission: the cases of `mission` it erased itself, oldest first.
    pub fn erased_here(&self, mission: &str) -> Result<Vec<ErasedAtCommission>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT reference, erased_at FROM tombstones WHERE origin_mission = ?1 AND at_commission = 1 \
             ORDER BY erased_at, reference",
        )?;
        let rows = stmt.query_map([mission], |row| {
            Ok(ErasedAtCommission {
                reference: row.get(0)?,
                erased_at: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn withdrawal_of(conn: &Connection, id: CaseId) -> Result<Option<ConsentWithdrawal>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM consent_withdrawals WHERE id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?)
}

fn recorded_of(conn: &Connection, id: CaseId) -> Result<Option<RecordedWithdrawal>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS}, exported, export_sequence FROM consent_withdrawals WHERE id = ?1"
        ))?
        .query_row([id], |row| {
            Ok(RecordedWithdrawal {
                withdrawal: from_row(row)?,
                exported: row.get::<_, i64>(5)? != 0,
                export_sequence: row.get::<_, Option<i64>>(6)?.map(i64::unsigned_abs),
            })
        })
        .optional()?)
}

fn insert(conn: &Connection, w: &ConsentWithdrawal) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO consent_withdrawals ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5)"
    ))?
    .execute(params![
        w.id,
        w.reference,
        w.origin_mission,
        w.withdrawn_at,
        w.withdrawn_by
    ])?;
    Ok(())
}

/// Mission: marks every withdrawn consent as exported (in the export's
/// transaction), each one the export carried (its stub still held) with
/// the export's number: from then it can no longer be retracted.
pub(super) fn mark_exported(conn: &Connection, sequence: u64) -> Result<()> {
    conn.prepare_cached(
        "UPDATE consent_withdrawals SET exported = 1, \
         export_sequence = CASE WHEN id IN (SELECT id FROM cases WHERE stub = 1) THEN ?1 END \
         WHERE exported = 0",
    )?
    .execute([super::cases::sql_int(sequence)])?;
    Ok(())
}

/// Mission: keeps the cases a reply says the commission erased (each once,
/// with its first date), audited with their count when any is new.
pub(super) fn note_erased_at_commission(
    conn: &Connection,
    officer: &str,
    erased: &[ErasedAtCommission],
    now: &str,
) -> Result<usize> {
    let mut added = 0;
    for e in erased {
        added += conn
            .prepare_cached(
                "INSERT OR IGNORE INTO erased_at_commission (reference, erased_at, received_at) \
                 VALUES (?1, ?2, ?3)",
            )?
            .execute(params![e.reference, e.erased_at, now])?;
    }
    if added > 0 {
        audit::append(
            conn,
            officer,
            "erased-at-commission-noted",
            None,
            Some(&format!("{added} cases")),
        )?;
    }
    Ok(added)
}

/// Mission: the references the commission said it erased.
pub(super) fn erased_at_commission_references(
    conn: &Connection,
) -> Result<std::collections::BTreeSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT reference FROM erased_at_commission")?;
    let rows = stmt.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Commission: whether a withdrawn consent was received for the case of
/// `id`, named by `origin_mission` and `reference`. A withdrawal is kept
/// by the case's id alone, so one kept for that id under another mission
/// or reference refuses the file (as damaged) rather than being passed
/// over: a withdrawal is final, and a version arriving under another name
/// must never be stored identifiable beside it, nor a second withdrawal
/// for the id be dropped by the insert that keeps the first.
pub(super) fn is_withdrawn(
    conn: &Connection,
    id: CaseId,
    origin_mission: &str,
    reference: &str,
) -> Result<bool> {
    let kept: Option<(String, String)> = conn
        .prepare_cached("SELECT origin_mission, reference FROM consent_withdrawals WHERE id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match kept {
        None => Ok(false),
        Some((mission, kept_reference))
            if mission == origin_mission && kept_reference == reference =>
        {
            Ok(true)
        }
        Some((mission, kept_reference)) => Err(Error::Damaged(format!(
            "case {id} arrives as {reference} of {origin_mission}, but a withdrawn consent \
             kept here names it {kept_reference} of {mission}"
        ))),
    }
}

/// Commission: keeps a withdrawn consent received (once).
pub(super) fn keep_received(conn: &Connection, w: &ConsentWithdrawal) -> Result<()> {
    insert(conn, w)
}

/// The form the commission holds a case in once its person withdrew
/// consent: redacted by the rules of a case shared without consent
/// (`exchange::redact`, its metadata's times cut to the month), marked as
/// not shared. A record already redacted keeps what it holds (its age at
/// first contact was worked out from a birth date it no longer has), so
/// that the form of a form is itself.
pub(crate) fn withdrawn_form(record: &CaseRecord) -> CaseRecord {
    let mut case = if record.case.redacted {
        record.case.clone()
    } else {
        crate::exchange::redact::redact(&record.case)
    };
    case.consent.share_identifiable_with_commission = Some(false);
    CaseRecord {
        meta: crate::exchange::redact::redact_meta(&record.meta),
        case,
    }
}
