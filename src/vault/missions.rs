//! The commission's registry of missions whose keys it approved, and of
//! the export files it received from them, with the gaps in their numbers.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Result, Vault};

mod keys;
mod overview;

pub use keys::{
    ApprovedHow, KeyChange, KeyStatus, MissionKey, Replaced, Rotated, Standing, day as missions_day,
};
pub(crate) use keys::{
    apply_key_change, compact_fingerprint, copy_first_keys, note_signers, record_first_key,
};
pub use overview::{
    DEFAULT_SILENT_AFTER_DAYS, MissionRow, MissionsOverview, RowStatus, ranges_text,
};

/// A mission whose signing key the commission has approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mission {
    pub code: String,
    pub name: String,
    pub vault_id: String,
    pub public_key: [u8; 32],
    pub approved_at: String,
    pub approved_by: String,
}

/// An export file already imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Received {
    pub mission: String,
    pub sequence: u64,
    pub imported_at: String,
}

impl Vault {
    /// Commission: every mission approved so far, by code.
    pub fn missions(&self) -> Result<Vec<Mission>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MISSION_COLUMNS} FROM missions ORDER BY code"
        ))?;
        let rows = stmt.query_map([], mission_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Commission: the approved mission with this code, if any.
    pub fn mission(&self, code: &str) -> Result<Option<Mission>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {MISSION_COLUMNS} FROM missions WHERE code = ?1"
            ))?
            .query_row([code], mission_from_row)
            .optional()?)
    }

    /// Commission: the earlier import of the export file with this manifest
    /// digest, if it was imported before.
    pub fn received(&self, digest: &[u8; 32]) -> Result<Option<Received>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT mission, sequence, imported_at FROM received_exports WHERE digest = ?1",
            )?
            .query_row([&digest[..]], |row| {
                Ok(Received {
                    mission: row.get(0)?,
                    sequence: row.get::<_, i64>(1)?.unsigned_abs(),
                    imported_at: row.get(2)?,
                })
            })
            .optional()?)
    }

    /// Commission: the exports of `mission` not yet received, as ranges of
    /// sequence numbers. Numbers below the latest full export received are
    /// not missing: a full export carries everything before it.
    ///
    /// Sequence numbers are counted in the mission's current series
    /// ([`Vault::current_series`]): its vault's latest restore epoch
    /// (`epoch.rs`), from the number its backup had reached: the numbers
    /// after that which the mission used before the restore belong to work
    /// the restore undid, and cannot stand in for the epoch's own files. A
    /// rebuilt vault (a key replaced by phone) counts from 1 again, in a
    /// series of its own.
    pub fn sequence_gaps(&self, mission: &str) -> Result<Vec<(u64, u64)>> {
        let Some(Series {
            vault_id,
            epoch,
            after,
        }) = self.current_series(mission)?
        else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT sequence, kind = 'full' FROM received_exports \
             WHERE mission = ?1 AND epoch IS ?2 AND vault_id IS ?3 ORDER BY sequence",
        )?;
        let received = stmt
            .query_map(params![mission, epoch, vault_id], |row| {
                Ok((row.get::<_, i64>(0)?.unsigned_abs(), row.get::<_, bool>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let covered = received
            .iter()
            .filter(|(_, full)| *full)
            .map(|(n, _)| *n)
            .max()
            .unwrap_or(0)
            .max(after);
        let mut gaps = Vec::new();
        let mut expected = covered + 1;
        for (n, _) in received.iter().filter(|(n, _)| *n > covered) {
            if *n > expected {
                gaps.push((expected, n - 1));
            }
            expected = expected.max(n + 1);
        }
        Ok(gaps)
    }
}

/// The series of export numbers a mission counts in: one vault, one
/// restore epoch of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Series {
    /// The mission vault's id (`None`: received before it was recorded).
    pub vault_id: Option<String>,
    pub epoch: Option<String>,
    /// The number the epoch continues from.
    pub after: u64,
}

impl Vault {
    /// Commission: the series `mission` counts its exports in now: the
    /// vault of the latest file its approved key signed (of the latest
    /// file, if that key signed none), in that vault's latest restore
    /// epoch. `None` before any file arrived.
    pub(crate) fn current_series(&self, mission: &str) -> Result<Option<Series>> {
        let approved: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT fingerprint FROM mission_keys WHERE mission = ?1 AND status = 'approved'",
            )?
            .query_row([mission], |row| row.get(0))
            .optional()?;
        let Some(vault_id) = self
            .conn
            .prepare_cached(
                "SELECT vault_id FROM received_exports WHERE mission = ?1 \
                 ORDER BY signer IS ?2 DESC, imported_at DESC, rowid DESC LIMIT 1",
            )?
            .query_row(params![mission, approved], |row| {
                row.get::<_, Option<String>>(0)
            })
            .optional()?
        else {
            return Ok(None);
        };
        let (epoch, after) = self
            .conn
            .prepare_cached(
                "SELECT epoch, epoch_after FROM received_exports \
                 WHERE mission = ?1 AND vault_id IS ?2 \
                 ORDER BY epoch IS NULL, epoch DESC, epoch_after DESC LIMIT 1",
            )?
            .query_row(params![mission, vault_id], |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, i64>(1)?.unsigned_abs(),
                ))
            })?;
        Ok(Some(Series {
            vault_id,
            epoch,
            after,
        }))
    }
}

pub(super) const MISSION_COLUMNS: &str =
    "code, name, vault_id, public_key, approved_at, approved_by";

fn mission_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Mission> {
    let key: Vec<u8> = row.get(3)?;
    let public_key = key.try_into().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Blob,
            "a mission key is not 32 bytes".into(),
        )
    })?;
    Ok(Mission {
        code: row.get(0)?,
        name: row.get(1)?,
        vault_id: row.get(2)?,
        public_key,
        approved_at: row.get(4)?,
        approved_by: row.get(5)?,
    })
}
