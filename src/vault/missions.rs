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
pub(crate) use keys::{apply_key_change, copy_first_keys, record_first_key};
pub use overview::{DEFAULT_SILENT_AFTER_DAYS, MissionRow, MissionsOverview, RowStatus};

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
    /// Sequence numbers are counted in the mission's latest restore epoch
    /// (`epoch.rs`), from the number its backup had reached: the numbers
    /// after that which the mission used before the restore belong to work
    /// the restore undid, and cannot stand in for the epoch's own files.
    pub fn sequence_gaps(&self, mission: &str) -> Result<Vec<(u64, u64)>> {
        // NULL (no restore yet) sorts last when descending.
        let Some((epoch, after)) = self
            .conn
            .prepare_cached(
                "SELECT epoch, epoch_after FROM received_exports WHERE mission = ?1 \
                 ORDER BY epoch DESC LIMIT 1",
            )?
            .query_row([mission], |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, i64>(1)?.unsigned_abs(),
                ))
            })
            .optional()?
        else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT sequence, kind = 'full' FROM received_exports \
             WHERE mission = ?1 AND epoch IS ?2 ORDER BY sequence",
        )?;
        let received = stmt
            .query_map(params![mission, epoch], |row| {
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
