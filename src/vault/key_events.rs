//! Mission: what the commission's replies said of the mission's own keys:
//! a key replaced (by phone, or after a rotation the mission made) or
//! revoked, when, and which of its exports the commission still takes.
//! Kept once per key and event; a later reply's word replaces an earlier
//! one only if it is newer, so that an older reply never brings back what
//! a newer one said.

use rusqlite::{Transaction, params};
use serde::Serialize;

use super::{Result, Role, Vault};

/// One event about one of the mission's keys, as a reply carried it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnKeyEvent {
    /// `mission-key-replaced` or `mission-key-revoked`.
    pub event: String,
    /// The key's fingerprint, in groups of four.
    pub fingerprint: String,
    /// When the commission did it, RFC 3339.
    pub at: String,
    /// The restore epoch of the numbers still accepted, if any.
    pub epoch: Option<String>,
    /// The key's exports up to this number (not yet received) are still
    /// accepted; `None`: none is.
    pub accepted_through: Option<u64>,
}

/// Records `events` in the reply's transaction; returns how many were new
/// or newer than the word held.
pub(crate) fn record(tx: &Transaction<'_>, events: &[OwnKeyEvent], now: &str) -> Result<u64> {
    let mut changed = 0;
    for event in events {
        changed += tx
            .prepare_cached(
                "INSERT INTO own_key_events (event, fingerprint, at, epoch, accepted_through, received_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT (event, fingerprint) DO UPDATE SET \
                   at = excluded.at, epoch = excluded.epoch, \
                   accepted_through = excluded.accepted_through, received_at = excluded.received_at \
                 WHERE excluded.at > own_key_events.at",
            )?
            .execute(params![
                event.event,
                event.fingerprint,
                event.at,
                event.epoch,
                event.accepted_through.and_then(|n| i64::try_from(n).ok()),
                now
            ])? as u64;
    }
    Ok(changed)
}

impl Vault {
    /// Mission: what the commission's replies said of its keys, oldest
    /// first.
    pub fn own_key_events(&self) -> Result<Vec<OwnKeyEvent>> {
        if self.info.role != Role::Mission {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT event, fingerprint, at, epoch, accepted_through FROM own_key_events \
             ORDER BY at, event, fingerprint",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(OwnKeyEvent {
                event: row.get(0)?,
                fingerprint: row.get(1)?,
                at: row.get(2)?,
                epoch: row.get(3)?,
                accepted_through: row.get::<_, Option<i64>>(4)?.map(i64::unsigned_abs),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
