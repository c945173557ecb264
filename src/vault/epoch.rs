//! Restore epochs: what keeps a mission and the commission in step after
//! the mission's vault is restored from a backup.
//!
//! A restore takes the vault back in time: the reference counters, the
//! revisions of the cases and the export sequence are those of the backup,
//! while the commission may already hold what the mission did after it. So
//! every restore starts a new *epoch*, at the first unlock after it:
//!
//! - its id is the time it started and a random tag, `20261130T054512Z-KXQR`,
//!   so that ids sort by time and two restores of the same backup (on this
//!   laptop or on a new one) never share one;
//! - references issued in it end in its tag (`LT-LON-2026-0005-KXQR`), so
//!   they cannot repeat a reference issued before the restore;
//! - every revision saved in it carries its id (`RecordMeta::epoch`), and
//!   the commission orders versions by epoch, then revision: a save after a
//!   restore outranks whatever the lost work had saved;
//! - exports made in it carry it in their manifest, with the sequence number
//!   the backup had reached, and the commission counts sequence numbers per
//!   epoch.
//!
//! Nothing here relies on anything of the vault that was replaced: the
//! restore marks the header it writes (`Header::mark_restored`), and the
//! backup carries the rest.

use chrono::{DateTime, NaiveDateTime, Utc};
use rand::Rng;
use rand::rngs::OsRng;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::outbox::EXPORT_SEQUENCE;
use super::{Result, Vault, audit, set_setting, setting};

/// The current epoch's id; absent in a vault never restored.
const EPOCH: &str = "restore_epoch";
/// The export sequence number the backup had reached when the epoch began.
const EPOCH_AFTER: &str = "restore_epoch_after_sequence";
/// The restore marker of the header already acted on, so that a crash
/// between starting an epoch and clearing the marker starts no second one.
const MARKER: &str = "restore_marker";

/// How an epoch's time is written at the start of its id: fixed width, so
/// that ids sort as the times do.
const TIME_FORMAT: &str = "%Y%m%dT%H%M%SZ";

/// Capital letters nobody confuses with a digit or with each other
/// (Crockford's alphabet without digits): a tag reads as a word, not as
/// another number after the case's number.
const TAG_LETTERS: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ";
const TAG_LENGTH: usize = 4;

/// The restore epoch a mission's vault is in, as its exports carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestoreEpoch {
    /// `<UTC time it began>-<TAG>`.
    pub id: String,
    /// The last export sequence number the restored backup had recorded:
    /// the epoch's exports are numbered from the next one.
    pub after_sequence: u64,
}

impl RestoreEpoch {
    /// The tag that ends the references issued in this epoch.
    pub fn tag(&self) -> &str {
        tag(&self.id)
    }
}

impl Vault {
    /// The restore epoch the vault is in; `None` if it was never restored
    /// from a backup.
    pub fn restore_epoch(&self) -> Result<Option<RestoreEpoch>> {
        current(&self.conn)
    }
}

/// The tag of an epoch id: what follows its time.
pub(crate) fn tag(id: &str) -> &str {
    id.rsplit('-').next().unwrap_or(id)
}

/// The current epoch's id, if the vault was ever restored.
pub(crate) fn current_id(conn: &Connection) -> Result<Option<String>> {
    setting(conn, EPOCH)
}

/// The current epoch, if the vault was ever restored.
pub(crate) fn current(conn: &Connection) -> Result<Option<RestoreEpoch>> {
    let Some(id) = setting(conn, EPOCH)? else {
        return Ok(None);
    };
    let after_sequence = setting(conn, EPOCH_AFTER)?
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok(Some(RestoreEpoch { id, after_sequence }))
}

/// At the first unlock after a restore (the header carries `marker`):
/// starts a new epoch, unless this marker was acted on already. Returns
/// whether one was started.
pub(crate) fn begin_after_restore(conn: &Connection, marker: &str, officer: &str) -> Result<bool> {
    if setting(conn, MARKER)?.as_deref() == Some(marker) {
        return Ok(false);
    }
    let previous = current_id(conn)?;
    let id = new_id(Utc::now(), previous.as_deref());
    let after = setting(conn, EXPORT_SEQUENCE)?.unwrap_or_else(|| "0".into());
    set_setting(conn, EPOCH, &id)?;
    set_setting(conn, EPOCH_AFTER, &after)?;
    set_setting(conn, MARKER, marker)?;
    // The backup restored holds the signing key the vault now has.
    super::signing::clear_unbacked(conn)?;
    audit::append(conn, officer, "restore-epoch-started", None, Some(&id))?;
    Ok(true)
}

/// A new epoch id: the time now, or just after the `previous` epoch's if
/// the clock is behind it (a new epoch always sorts after the one the
/// backup was in), and a random tag other than the previous one's.
fn new_id(now: DateTime<Utc>, previous: Option<&str>) -> String {
    let mut at = now;
    if let Some(before) = previous.and_then(started_at)
        && before >= at
    {
        at = before + chrono::Duration::seconds(1);
    }
    let previous_tag = previous.map(tag);
    let tag = loop {
        let tag: String = (0..TAG_LENGTH)
            .map(|_| char::from(TAG_LETTERS[OsRng.gen_range(0..TAG_LETTERS.len())]))
            .collect();
        if Some(tag.as_str()) != previous_tag {
            break tag;
        }
    };
    format!("{}-{tag}", at.format(TIME_FORMAT))
}

/// Whether `id` has an epoch id's form (`20261130T054512Z-KXQR`). A file
/// from a mission is checked with it, so that no made-up epoch can rank a
/// version above the mission's later saves.
pub fn is_epoch_id(id: &str) -> bool {
    let Some((time, tag)) = id.split_once('-') else {
        return false;
    };
    // The time must read back as written: fixed width, nothing more.
    NaiveDateTime::parse_from_str(time, TIME_FORMAT)
        .is_ok_and(|t| t.format(TIME_FORMAT).to_string() == time)
        && tag.len() == TAG_LENGTH
        && tag.bytes().all(|b| TAG_LETTERS.contains(&b))
}

/// When the epoch `id` began.
pub(crate) fn started_at(id: &str) -> Option<DateTime<Utc>> {
    let time = id.split('-').next()?;
    NaiveDateTime::parse_from_str(time, TIME_FORMAT)
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_epoch_sorts_after_the_one_before_even_with_a_clock_behind() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let first = new_id(now, None);
        assert_eq!(started_at(&first), Some(now));
        assert_eq!(tag(&first).len(), TAG_LENGTH);
        assert!(tag(&first).bytes().all(|b| TAG_LETTERS.contains(&b)));
        let earlier = now - chrono::Duration::days(3);
        let second = new_id(earlier, Some(&first));
        assert!(second > first, "{second} sorts after {first}");
        assert_ne!(tag(&second), tag(&first));
        let later = new_id(now + chrono::Duration::hours(1), Some(&second));
        assert!(later > second);
        for id in [&first, &second, &later] {
            assert!(is_epoch_id(id), "{id}");
        }
    }

    #[test]
    fn only_an_epoch_ids_form_is_taken_for_one() {
        assert!(is_epoch_id("20261130T054512Z-KXQR"));
        for id in [
            "",
            "20261130T054512Z",
            "20261130T054512Z-KXQ",
            "20261130T054512Z-KXQRS",
            "20261130T054512Z-kxqr",
            "20261130T054512Z-KXQ1",
            "99999999T999999Z-KXQR",
            "20261130T054512-KXQR",
            "920261130T054512Z-KXQR",
            "20261130T054512Z-KXQR-KXQR",
        ] {
            assert!(!is_epoch_id(id), "{id}");
        }
    }
}
