//! The commission's view of its missions: one row per mission, with its
//! key, the exports received and missing, the cases it holds and how long
//! it has been silent (`casebook missions`, the Missions screen).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::super::cases::parse_timestamp;
use super::super::{Error, Result, Vault};
use super::keys::{ApprovedHow, KeyStatus, MissionKey, keys_of};

/// A mission is marked silent after this many days without a file, unless
/// the vault says otherwise.
pub const DEFAULT_SILENT_AFTER_DAYS: u32 = 90;

/// The preference that holds it.
const SILENT_AFTER: &str = "missions-silent-after-days";

/// How a mission's row reads its key, the one shown beside it: an
/// approved key says how it came (a retired key's status is in `keys`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowStatus {
    /// Its key is the one approved at its first import.
    Approved,
    /// Its key was approved by phone, replacing an earlier one.
    ApprovedByPhone,
    /// Its key was approved by a rotation statement of the key before.
    ApprovedByRotation,
    /// Its last key was revoked and no other is approved.
    Revoked,
}

impl RowStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Approved => "approved",
            RowStatus::ApprovedByPhone => "approved-by-phone",
            RowStatus::ApprovedByRotation => "approved-by-rotation",
            RowStatus::Revoked => "revoked",
        }
    }
}

/// One mission as the commission sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissionRow {
    pub code: String,
    pub name: String,
    /// The approved key's fingerprint, or the revoked one's.
    pub fingerprint: String,
    pub status: RowStatus,
    /// An approved fingerprint whose key has not signed a file yet.
    pub awaiting_first_file: bool,
    /// The highest export number received in the mission's latest restore
    /// epoch, and when it was imported.
    pub last_export: Option<u64>,
    pub last_export_received_at: Option<String>,
    /// Exports not received, as inclusive ranges: gaps between those
    /// received, then numbers a rotation statement announced.
    pub missing: Vec<(u64, u64)>,
    pub cases: u64,
    /// Whole days since the last file of this mission was imported.
    pub days_since_last_file: Option<i64>,
    pub silent: bool,
    /// Every key of the mission, oldest first.
    pub keys: Vec<MissionKey>,
}

impl MissionRow {
    /// The missing exports as people write them: `2, 5–7`.
    pub fn missing_text(&self) -> String {
        ranges_text(&self.missing)
    }
}

/// Ranges of export numbers as a person reads them: "2, 5–7".
pub fn ranges_text(ranges: &[(u64, u64)]) -> String {
    ranges
        .iter()
        .map(|(from, to)| {
            if from == to {
                from.to_string()
            } else {
                format!("{from}–{to}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every mission, by code, with the threshold its rows were marked by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissionsOverview {
    pub silent_after_days: u32,
    pub missions: Vec<MissionRow>,
}

impl Vault {
    /// Commission: after how many days without a file a mission is marked
    /// silent.
    pub fn silent_after_days(&self) -> Result<u32> {
        Ok(self
            .preference(SILENT_AFTER)?
            .and_then(|v| v.parse().ok())
            .filter(|d| *d > 0)
            .unwrap_or(DEFAULT_SILENT_AFTER_DAYS))
    }

    /// Commission: sets it (1 to 3,650 days). Audited.
    pub fn set_silent_after_days(&mut self, days: u32) -> Result<()> {
        if !(1..=3650).contains(&days) {
            return Err(Error::InvalidSetting(
                "a mission is marked silent after 1 to 3650 days".into(),
            ));
        }
        self.set_preference(SILENT_AFTER, &days.to_string())?;
        self.record_action(
            "missions-silent-after-changed",
            Some(&format!("{days} days")),
        )
    }

    /// Commission: one row per mission, as of `now`.
    pub fn missions_overview(&self, now: DateTime<Utc>) -> Result<MissionsOverview> {
        let silent_after_days = self.silent_after_days()?;
        let cases = self.cases_by_mission()?;
        let mut rows = Vec::new();
        for mission in self.missions()? {
            let keys = keys_of(&self.conn, &mission.code)?;
            let approved = keys.iter().find(|k| k.status == KeyStatus::Approved);
            let shown = approved.or_else(|| keys.last());
            let status = match approved {
                None if shown.is_some_and(|k| k.status == KeyStatus::Revoked) => RowStatus::Revoked,
                Some(k) => match k.approved_how {
                    ApprovedHow::FirstImport => RowStatus::Approved,
                    ApprovedHow::Phone => RowStatus::ApprovedByPhone,
                    ApprovedHow::Rotation => RowStatus::ApprovedByRotation,
                },
                None => RowStatus::Approved,
            };
            let (last_export, last_export_received_at) = self.last_export(&mission.code)?;
            let mut missing = self.sequence_gaps(&mission.code)?;
            // Numbers a rotation statement said the old key signed, beyond
            // the last received (in the same epoch).
            let epoch = self.current_series(&mission.code)?.and_then(|s| s.epoch);
            let announced = keys
                .iter()
                .filter(|k| k.status == KeyStatus::Replaced && k.accept_epoch == epoch)
                .filter_map(|k| k.accept_through)
                .max();
            if let (Some(announced), Some(last)) = (announced, last_export)
                && announced > last
            {
                missing.push((last + 1, announced));
            }
            let last_file = self.last_file_at(&mission.code)?;
            let days = last_file.map(|at| (now - at).num_days().max(0));
            rows.push(MissionRow {
                fingerprint: shown.map(|k| k.fingerprint.clone()).unwrap_or_default(),
                awaiting_first_file: approved.is_some_and(|k| k.public_key.is_none()),
                status,
                last_export,
                last_export_received_at,
                missing,
                cases: cases.get(&mission.code).copied().unwrap_or(0),
                days_since_last_file: days,
                silent: days.is_some_and(|d| d > i64::from(silent_after_days)),
                keys,
                code: mission.code,
                name: mission.name,
            });
        }
        Ok(MissionsOverview {
            silent_after_days,
            missions: rows,
        })
    }

    /// The number of cases each mission holds here.
    fn cases_by_mission(&self) -> Result<HashMap<String, u64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT origin_mission, count(*) FROM cases GROUP BY origin_mission")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?.unsigned_abs(),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The highest export number received in the mission's current series
    /// (its vault's latest epoch), and when it was imported.
    fn last_export(&self, mission: &str) -> Result<(Option<u64>, Option<String>)> {
        let Some(series) = self.current_series(mission)? else {
            return Ok((None, None));
        };
        let found = self
            .conn
            .prepare_cached(
                "SELECT sequence, imported_at FROM received_exports \
                 WHERE mission = ?1 AND epoch IS ?2 AND vault_id IS ?3 \
                 ORDER BY sequence DESC, imported_at LIMIT 1",
            )?
            .query_row(
                rusqlite::params![mission, series.epoch, series.vault_id],
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?.unsigned_abs(),
                        row.get::<_, String>(1)?,
                    ))
                },
            )?;
        Ok((Some(found.0), Some(found.1)))
    }

    /// When the latest file of the mission was imported.
    fn last_file_at(&self, mission: &str) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .conn
            .prepare_cached("SELECT max(imported_at) FROM received_exports WHERE mission = ?1")?
            .query_row([mission], |row| row.get(0))?;
        at.as_deref().map(parse_timestamp).transpose()
    }
}

impl Vault {
    /// The files (exports) received from each mission in `year`, by the
    /// day they were imported, for the annual report.
    pub fn files_received_in(&self, year: i32) -> Result<HashMap<String, u64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT mission, count(*) FROM received_exports \
             WHERE substr(imported_at, 1, 4) = ?1 GROUP BY mission",
        )?;
        let rows = stmt.query_map([format!("{year:04}")], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        let mut files = HashMap::new();
        for row in rows {
            let (mission, count) = row?;
            files.insert(mission, u64::try_from(count).unwrap_or(0));
        }
        Ok(files)
    }
}
