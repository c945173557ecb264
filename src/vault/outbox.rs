//! What a mission sends: which cases and erasures an export carries, read
//! one at a time, the marks of what was exported, and the export sequence.
//!
//! The file format, the encryption and the signatures live in
//! `crate::exchange`; this module only reads and writes the database.

use serde::Serialize;

use super::cases;
use super::{Error, Result, Vault, audit, record, set_setting, setting};
use crate::domain::RecordMeta;
use crate::vault::Tombstone;

/// The last export sequence number recorded (also read by `epoch.rs`).
pub(super) const EXPORT_SEQUENCE: &str = "export_sequence";

/// A case or an erasure as it leaves a mission.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    Case(Box<StoredCase>),
    Tombstone(Tombstone),
}

/// A case as stored: its metadata, and the record as the JSON it is kept
/// as (unpacked, wiped when dropped), so that an export can pass it on
/// unparsed.
#[derive(Clone, PartialEq)]
pub struct StoredCase {
    pub meta: RecordMeta,
    pub body: zeroize::Zeroizing<String>,
}

/// The metadata only: the body is case content.
impl std::fmt::Debug for StoredCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredCase")
            .field("meta", &self.meta)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// How many cases, erasures and withdrawn consents (`withdrawals.rs`) an
/// export would carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct OutgoingCounts {
    pub cases: u64,
    pub tombstones: u64,
    pub withdrawals: u64,
}

impl OutgoingCounts {
    /// Whether an export would carry anything.
    pub fn is_empty(&self) -> bool {
        self.cases == 0 && self.tombstones == 0 && self.withdrawals == 0
    }
}

impl Vault {
    /// Mission: the sequence number of its last recorded export (0 if none).
    pub fn last_export_sequence(&self) -> Result<u64> {
        Ok(setting(&self.conn, EXPORT_SEQUENCE)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0))
    }

    /// Mission: how many cases and erasures an export would carry.
    pub fn outgoing_counts(&self, all: bool) -> Result<OutgoingCounts> {
        let count = |sql: &str| -> Result<u64> {
            let n: i64 = self.conn.query_row(sql, [], |row| row.get(0))?;
            Ok(n.unsigned_abs())
        };
        let cases = count(&format!(
            "SELECT count(*) FROM cases c {}",
            outgoing_cases(all)
        ))?;
        let tombstones = if all {
            count("SELECT count(*) FROM tombstones")?
        } else {
            count(&format!("SELECT count(*) FROM tombstones c {UNEXPORTED}"))?
        };
        Ok(OutgoingCounts {
            cases,
            tombstones,
            withdrawals: self.outgoing_withdrawals(all)?,
        })
    }

    /// Mission: hands every case and erasure of an export to `each`, one at a
    /// time (cases in the order they were created, then erasures), so that
    /// an export of any size needs little memory.
    pub(crate) fn for_each_outgoing<E: From<Error>>(
        &self,
        all: bool,
        mut each: impl FnMut(Outgoing) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let filter = if all { "" } else { UNEXPORTED };
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT c.id, c.reference, c.origin_mission, c.revision, c.created_at, c.created_by, \
                 c.updated_at, c.updated_by, c.epoch, r.record FROM cases c \
                 JOIN case_records r ON r.case_seq = c.seq {} ORDER BY c.seq",
                outgoing_cases(all)
            ))
            .map_err(Error::from)?;
        let mut rows = stmt.query([]).map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            let stored = StoredCase {
                meta: meta_from_row(row).map_err(E::from)?,
                body: record::from_row(row, 9).map_err(E::from)?,
            };
            each(Outgoing::Case(Box::new(stored)))?;
        }
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT c.id, c.reference, c.origin_mission, c.revision, c.erased_at, c.erased_by \
                 FROM tombstones c {filter} ORDER BY c.erased_at, c.id"
            ))
            .map_err(Error::from)?;
        let mut rows = stmt.query([]).map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            let tombstone = Tombstone {
                id: row.get(0).map_err(Error::from)?,
                reference: row.get(1).map_err(Error::from)?,
                origin_mission: row.get(2).map_err(Error::from)?,
                revision: row.get(3).map_err(Error::from)?,
                erased_at: row.get(4).map_err(Error::from)?,
                erased_by: row.get(5).map_err(Error::from)?,
            };
            each(Outgoing::Tombstone(tombstone))?;
        }
        Ok(())
    }

    /// Mission: records an export once its file is complete and synced:
    /// every case and erasure is now marked exported at its current
    /// revision, and the sequence number moves on. The caller holds the
    /// vault exclusively from reading the cases to this call, so nothing can
    /// have changed in between.
    /// The export is also kept in `sent_exports` with the digest of its
    /// manifest line, which the commission's receipts name.
    pub(crate) fn record_export(
        &mut self,
        sequence: u64,
        kind: &str,
        counts: OutgoingCounts,
        manifest_digest: &[u8; 32],
        created_at: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        // Each case's mark keeps the export that first carried its
        // revision (`stubs.rs`): a synthetic case or a stub was carried by
        // none, and a case unchanged since an earlier export keeps that
        // export's number (a full export carries every case, so it gives
        // one to a case marked before numbers were kept).
        tx.prepare_cached(
            "INSERT INTO export_marks (id, revision, sequence) \
             SELECT id, revision, CASE WHEN synthetic = 0 AND stub = 0 THEN ?1 END FROM cases WHERE true \
             ON CONFLICT(id) DO UPDATE SET revision = excluded.revision, \
             sequence = CASE WHEN export_marks.revision = excluded.revision \
                 THEN CASE WHEN ?2 THEN coalesce(export_marks.sequence, excluded.sequence) \
                      ELSE export_marks.sequence END \
                 ELSE excluded.sequence END",
        )?
        .execute(rusqlite::params![cases::sql_int(sequence), kind == "full"])?;
        tx.execute_batch(
            "INSERT OR REPLACE INTO export_marks (id, revision) SELECT id, revision FROM tombstones;",
        )?;
        super::withdrawals::mark_exported(&tx, sequence)?;
        set_setting(&tx, EXPORT_SEQUENCE, &sequence.to_string())?;
        tx.prepare_cached(
            "INSERT OR REPLACE INTO sent_exports (sequence, kind, created_at, cases, tombstones, epoch, digest, withdrawals) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(rusqlite::params![
            cases::sql_int(sequence),
            kind,
            created_at,
            cases::sql_int(counts.cases),
            cases::sql_int(counts.tombstones),
            super::epoch::current_id(&tx)?,
            &manifest_digest[..],
            cases::sql_int(counts.withdrawals),
        ])?;
        let detail = format!(
            "export {sequence} ({kind}): {} cases, {} erasures",
            counts.cases, counts.tombstones
        );
        audit::append(&tx, &self.info.officer, "export", None, Some(&detail))?;
        tx.commit()?;
        Ok(())
    }
}

/// Cases and tombstones whose current revision has not been exported.
const UNEXPORTED: &str =
    "LEFT JOIN export_marks m ON m.id = c.id WHERE m.revision IS NULL OR m.revision < c.revision";

/// The cases an export carries (`c` is `cases`): never a synthetic one,
/// which is training data and must not reach the national figures, and
/// never a stub (`stubs.rs`): the commission holds the full record, which
/// a stub must not replace.
fn outgoing_cases(all: bool) -> &'static str {
    if all {
        "WHERE c.synthetic = 0 AND c.stub = 0"
    } else {
        "LEFT JOIN export_marks m ON m.id = c.id \
         WHERE c.synthetic = 0 AND c.stub = 0 AND (m.revision IS NULL OR m.revision < c.revision)"
    }
}

/// Columns: id, reference, origin, revision, created at/by, updated at/by,
/// epoch.
pub(super) fn meta_from_row(row: &rusqlite::Row<'_>) -> Result<RecordMeta> {
    Ok(RecordMeta {
        id: row.get(0)?,
        reference: row.get(1)?,
        origin_mission: row.get(2)?,
        revision: row.get(3)?,
        created_at: cases::parse_timestamp(&row.get::<_, String>(4)?)?,
        created_by: row.get(5)?,
        updated_at: cases::parse_timestamp(&row.get::<_, String>(6)?)?,
        updated_by: row.get(7)?,
        epoch: row.get(8)?,
    })
}
