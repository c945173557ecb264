//! Mission: what the commission's replies said of the mission's own keys:
//! a key replaced (by phone, or after a rotation the mission made) or
//! revoked, when, and which of its exports the commission still takes.
//! Each reply carries the commission's whole current word on the
//! mission's retired keys, so the mission keeps the word of the newest
//! reply it received: a reply made later replaces the whole set (a window
//! closed since, a key approved again and so no longer named), one made
//! earlier changes nothing, so that an older reply never brings back what
//! a newer one said. Two replies made in the same second are merged key by
//! key, each key's word moving only forward: a later `at`, or at the same
//! `at` a closed window over an open one and a revocation over a
//! replacement.

use rusqlite::{Transaction, params};
use serde::Serialize;

use super::{Result, Role, Vault, set_setting, setting};

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

/// The setting holding when the reply that last set the events was made.
const EVENTS_REPLY_AT: &str = "own_key_events_reply_at";

/// How far along one key's word is at the same `at`: a replacement whose
/// window is still open, one whose window closed, a revocation.
fn rank(event: &OwnKeyEvent) -> u8 {
    match (event.event.as_str(), event.accepted_through) {
        ("mission-key-revoked", _) => 2,
        (_, None) => 1,
        (_, Some(_)) => 0,
    }
}

/// The held events, keyed by nothing: all of them.
fn held(tx: &Transaction<'_>) -> Result<Vec<OwnKeyEvent>> {
    let mut stmt = tx.prepare_cached(
        "SELECT event, fingerprint, at, epoch, accepted_through FROM own_key_events",
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

fn instant(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

fn put(tx: &Transaction<'_>, event: &OwnKeyEvent, now: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM own_key_events WHERE fingerprint = ?1")?
        .execute([&event.fingerprint])?;
    tx.prepare_cached(
        "INSERT INTO own_key_events (event, fingerprint, at, epoch, accepted_through, received_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        event.event,
        event.fingerprint,
        event.at,
        event.epoch,
        event.accepted_through.and_then(|n| i64::try_from(n).ok()),
        now
    ])?;
    Ok(())
}

/// Records `events`, the whole word of a reply made at `reply_at`, in the
/// reply's transaction (see the module's note); returns how many events
/// were new or changed.
pub(crate) fn record(
    tx: &Transaction<'_>,
    events: &[OwnKeyEvent],
    reply_at: &str,
    now: &str,
) -> Result<u64> {
    let last = setting(tx, EVENTS_REPLY_AT)?;
    let order = match (last.as_deref().and_then(instant), instant(reply_at)) {
        (None, _) => std::cmp::Ordering::Greater,
        (Some(last), Some(this)) => this.cmp(&last),
        (Some(_), None) => std::cmp::Ordering::Less,
    };
    let before = held(tx)?;
    match order {
        std::cmp::Ordering::Less => return Ok(0),
        std::cmp::Ordering::Greater => {
            tx.execute("DELETE FROM own_key_events", [])?;
            for event in events {
                put(tx, event, now)?;
            }
            set_setting(tx, EVENTS_REPLY_AT, reply_at)?;
        }
        std::cmp::Ordering::Equal => {
            for event in events {
                let newer = before
                    .iter()
                    .find(|held| held.fingerprint == event.fingerprint)
                    .is_none_or(|held| {
                        (instant(&event.at), rank(event)) > (instant(&held.at), rank(held))
                    });
                if newer {
                    put(tx, event, now)?;
                }
            }
        }
    }
    let after = held(tx)?;
    Ok(after.iter().filter(|event| !before.contains(event)).count() as u64)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, fingerprint: &str, at: &str, through: Option<u64>) -> OwnKeyEvent {
        OwnKeyEvent {
            event: format!("mission-key-{kind}"),
            fingerprint: fingerprint.into(),
            at: at.into(),
            epoch: None,
            accepted_through: through,
        }
    }

    const K0: &str = "3F2A 0000 0000 0000 0000 0000 0000 0000";
    const K1: &str = "9C01 0000 0000 0000 0000 0000 0000 0000";
    const T0: &str = "2026-12-01T10:00:00Z";
    const T1: &str = "2026-12-03T10:00:00Z";

    fn receive(vault: &mut Vault, events: &[OwnKeyEvent], reply_at: &str) -> u64 {
        let tx = vault.conn.transaction().unwrap_or_else(|e| panic!("{e}"));
        let changed =
            record(&tx, events, reply_at, "2026-12-06T00:00:00Z").unwrap_or_else(|e| panic!("{e}"));
        tx.commit().unwrap_or_else(|e| panic!("{e}"));
        changed
    }

    fn held(vault: &Vault) -> Vec<OwnKeyEvent> {
        vault.own_key_events().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Review 4: a window closed later keeps the event's date; the later
    /// reply's word replaces the earlier one all the same, and the
    /// earlier reply received again changes nothing.
    #[test]
    fn a_later_reply_closes_a_window_whose_event_kept_its_date() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, _) = crate::vault::testing::vault_with_a_case(&dir.path().join("m"));
        let open = [event("replaced", K0, T0, Some(14))];
        assert_eq!(receive(&mut vault, &open, "2026-12-02T00:00:00Z"), 1);
        let closed = [
            event("replaced", K0, T0, None),
            event("revoked", K1, T1, None),
        ];
        assert_eq!(receive(&mut vault, &closed, "2026-12-04T00:00:00Z"), 2);
        assert_eq!(held(&vault), closed.to_vec());
        // The earlier reply, received after: nothing changes.
        assert_eq!(receive(&mut vault, &open, "2026-12-02T00:00:00Z"), 0);
        assert_eq!(held(&vault), closed.to_vec());
        // Two replies made in the same second: each key's word only moves
        // forward (a closed window stays closed).
        assert_eq!(receive(&mut vault, &open, "2026-12-04T00:00:00Z"), 0);
        assert_eq!(held(&vault), closed.to_vec());
    }

    /// Review 4, the second path: a key replaced, then revoked; an older
    /// reply saying "replaced" adds nothing beside the "revoked", and a
    /// key approved again (no longer named) is no longer shown.
    #[test]
    fn an_older_reply_never_adds_a_replacement_beside_a_newer_revocation() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, _) = crate::vault::testing::vault_with_a_case(&dir.path().join("m"));
        let revoked = [event("revoked", K0, T1, None)];
        assert_eq!(receive(&mut vault, &revoked, "2026-12-04T00:00:00Z"), 1);
        let replaced = [event("replaced", K0, T0, Some(3))];
        assert_eq!(receive(&mut vault, &replaced, "2026-12-02T00:00:00Z"), 0);
        assert_eq!(held(&vault), revoked.to_vec());
        // The same second: a revocation is not taken back either.
        assert_eq!(receive(&mut vault, &replaced, "2026-12-04T00:00:00Z"), 0);
        assert_eq!(held(&vault), revoked.to_vec());
        // A newer reply that names no key: the key was approved again.
        assert_eq!(receive(&mut vault, &[], "2026-12-05T00:00:00Z"), 0);
        assert!(held(&vault).is_empty());
    }
}
