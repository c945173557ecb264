//! Versions of a case set aside at the commission because another version
//! of the same revision is stored, and how an analyst settles them.

use chrono::Utc;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::cases::{self, timestamp};
use super::merge::{stored_record, stored_version};
use super::{Error, Result, Vault, audit};
use crate::domain::{Case, CaseId, CaseRecord, RecordMeta};

/// A version of a case set aside because another version with the same
/// revision is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub seq: i64,
    pub stored: CaseRecord,
    pub set_aside: CaseRecord,
    pub received_at: String,
}

/// Which version an analyst keeps when resolving a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    KeepStored,
    TakeSetAside,
}

impl Vault {
    /// Commission: the conflicts an analyst has not resolved yet.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, record, received_at FROM conflicts WHERE resolved_at IS NULL ORDER BY seq",
        )?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, CaseId>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // A case erased since is not listed: its versions go with it
        // (`replace_with_tombstone`), and one left by an older build has
        // nothing to be compared with.
        let mut conflicts = Vec::with_capacity(rows.len());
        for (seq, id, record, received_at) in rows {
            let stored = match self.get_case(&id.to_string()) {
                Ok(stored) => stored,
                Err(Error::CaseNotFound(_)) => continue,
                Err(e) => return Err(e),
            };
            conflicts.push(Conflict {
                seq,
                stored,
                set_aside: decode_record(&record)?,
                received_at,
            });
        }
        Ok(conflicts)
    }

    /// Commission: settles a conflict. Taking the set-aside version swaps it
    /// with the stored one; either way the other version stays on record as
    /// resolved, so importing its file again changes nothing.
    pub fn resolve_conflict(&mut self, seq: i64, resolution: Resolution) -> Result<()> {
        let tx = self.conn.transaction()?;
        let (id, record): (CaseId, String) = tx
            .prepare_cached(
                "SELECT id, record FROM conflicts WHERE seq = ?1 AND resolved_at IS NULL",
            )?
            .query_row([seq], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
            .ok_or_else(|| Error::CaseNotFound(format!("conflict {seq}")))?;
        let set_aside = decode_record(&record)?;
        let now = timestamp(Utc::now());
        if resolution == Resolution::TakeSetAside {
            let (row, _) =
                stored_version(&tx, id)?.ok_or_else(|| Error::CaseNotFound(id.to_string()))?;
            let stored = stored_record(&tx, row)?;
            cases::write_row(&tx, &set_aside, Some(row))?;
            let encoded = encode_record(&stored)?;
            tx.prepare_cached("UPDATE conflicts SET digest = ?1, record = ?2 WHERE seq = ?3")?
                .execute(params![&digest(&encoded)[..], encoded, seq])?;
        }
        tx.prepare_cached("UPDATE conflicts SET resolved_at = ?1 WHERE seq = ?2")?
            .execute(params![now, seq])?;
        let detail = match resolution {
            Resolution::KeepStored => "kept the stored version",
            Resolution::TakeSetAside => "took the set-aside version",
        };
        audit::append(
            &tx,
            &self.info.officer,
            "conflict-resolved",
            Some(&set_aside.meta.reference),
            Some(detail),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The JSON a version of a case is compared and set aside by.
pub(super) fn encode_record(record: &CaseRecord) -> Result<String> {
    #[derive(Serialize)]
    struct Version<'a> {
        meta: &'a RecordMeta,
        case: &'a Case,
    }
    serde_json::to_string(&Version {
        meta: &record.meta,
        case: &record.case,
    })
    .map_err(|e| Error::Damaged(format!("a case cannot be encoded ({e})")))
}

fn decode_record(text: &str) -> Result<CaseRecord> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Version {
        meta: RecordMeta,
        case: Case,
    }
    let version: Version = serde_json::from_str(text)
        .map_err(|e| Error::Damaged(format!("a set-aside case cannot be read ({e})")))?;
    Ok(CaseRecord {
        meta: version.meta,
        case: version.case,
    })
}

pub(super) fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_aside_version_reads_back_as_it_was_written() -> Result<()> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        let case = crate::domain::synthetic::generate(7, 1, today)
            .next()
            .ok_or_else(|| Error::InvalidSetting("no case".into()))?;
        let now = cases::now();
        let record = CaseRecord {
            meta: RecordMeta {
                id: CaseId::new(),
                reference: "LT-LON-2026-0001".into(),
                origin_mission: "LT-LON".into(),
                revision: 3,
                epoch: Some("20261130T054512Z-KXQR".into()),
                created_at: now,
                created_by: "A".into(),
                updated_at: now,
                updated_by: "B".into(),
            },
            case,
        };
        let encoded = encode_record(&record)?;
        assert_eq!(decode_record(&encoded)?, record);
        Ok(())
    }
}
