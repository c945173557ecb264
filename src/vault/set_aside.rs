//! Mission: the versions of its cases the commission's replies said were
//! set aside (the commission holds another version of the same revision),
//! kept to be shown (`casebook exports`, the Export screen, the editor) and
//! so that no such case is ever reduced to a stub (`stubs.rs`).
//!
//! Kept in one setting, a JSON list, each version once: the first reply
//! that named it gives its date; a later reply saying the commission
//! settled it marks it resolved. An entry stays once named (the
//! commission's later replies may no longer list a version a newer
//! revision replaced there). A list of bare references, as the first
//! builds of the stubs kept, still reads (without revision or dates).
//!
//! The list is bounded: at most [`MAX_SET_ASIDE`] versions, as many as one
//! reply may name (`exchange::reply::format` refuses a reply naming more).
//! Beyond it the oldest settled versions go first, then the oldest. A
//! case's versions go when the case is erased here (its tombstone tells
//! the commission, which deletes its own).

use std::collections::{BTreeSet, HashMap, HashSet};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{Error, Result, SetAside, Vault, set_setting, setting};

/// The setting: the versions set aside, JSON (see the module's text).
const SET_ASIDE: &str = "commission_set_aside";

/// The most versions set aside a mission keeps, and the most one reply may
/// name: a mission with more conflicts than this at once is not foreseen,
/// and the bound keeps a reply (signed, but perhaps by a stolen key) from
/// growing the list without end.
pub const MAX_SET_ASIDE: usize = 100_000;

/// A version of one of the mission's cases the commission set aside, as
/// the mission keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAsideVersion {
    pub reference: String,
    /// The revision of which the commission holds another version; `None`
    /// for an entry kept before revisions were (a bare reference). Every
    /// missing value is written as `null` (`exports --set-aside --json`).
    #[serde(default)]
    pub revision: Option<u32>,
    /// When the commission received the version it set aside (RFC 3339).
    #[serde(default)]
    pub received_at: Option<String>,
    /// The date (RFC 3339) of the first reply that named it.
    #[serde(default)]
    pub reply_of: Option<String>,
    /// A reply said the commission's analyst settled it (kept one version).
    #[serde(default)]
    pub resolved: bool,
}

/// An entry as stored: a version, or a bare reference (older builds).
#[derive(Deserialize)]
#[serde(untagged)]
enum Stored {
    Version(SetAsideVersion),
    Reference(String),
}

/// The versions set aside, as the replies said, in the order first named.
pub(super) fn read(conn: &Connection) -> Result<Vec<SetAsideVersion>> {
    let Some(text) = setting(conn, SET_ASIDE)? else {
        return Ok(Vec::new());
    };
    let stored: Vec<Stored> = serde_json::from_str(&text)
        .map_err(|e| Error::Damaged(format!("the versions set aside ({e})")))?;
    Ok(stored
        .into_iter()
        .map(|entry| match entry {
            Stored::Version(version) => version,
            Stored::Reference(reference) => SetAsideVersion {
                reference,
                revision: None,
                received_at: None,
                reply_of: None,
                resolved: false,
            },
        })
        .collect())
}

/// The references of the cases of which a version was set aside.
pub(super) fn references(conn: &Connection) -> Result<BTreeSet<String>> {
    Ok(read(conn)?.into_iter().map(|v| v.reference).collect())
}

/// Notes the versions a reply of `reply_of` (RFC 3339) lists as set aside:
/// a version not named before is added with that date; one named before
/// keeps its date and becomes resolved if this reply says so (settling is
/// never undone at the commission, so an older reply received late does
/// not unsettle it). A bare reference of an older build is replaced by
/// the versions that name it. Linear in the list and the reply (an index
/// by reference, revision and date), and the list stays within
/// [`MAX_SET_ASIDE`].
pub(super) fn note(conn: &Connection, set_aside: &[SetAside], reply_of: &str) -> Result<()> {
    if set_aside.is_empty() {
        return Ok(());
    }
    let mut kept = read(conn)?;
    let named: HashSet<&str> = set_aside.iter().map(|v| v.reference.as_str()).collect();
    let mut changed = false;
    kept.retain(|v| {
        let bare = v.revision.is_none() && named.contains(v.reference.as_str());
        changed |= bare;
        !bare
    });
    let mut index: HashMap<(String, u32, String), usize> = kept
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            Some((
                (v.reference.clone(), v.revision?, v.received_at.clone()?),
                i,
            ))
        })
        .collect();
    for version in set_aside {
        let key = (
            version.reference.clone(),
            version.revision,
            version.received_at.clone(),
        );
        if let Some(&i) = index.get(&key) {
            if version.resolved && !kept[i].resolved {
                kept[i].resolved = true;
                changed = true;
            }
            continue;
        }
        index.insert(key, kept.len());
        kept.push(SetAsideVersion {
            reference: version.reference.clone(),
            revision: Some(version.revision),
            received_at: Some(version.received_at.clone()),
            reply_of: Some(reply_of.to_owned()),
            resolved: version.resolved,
        });
        changed = true;
    }
    cap(&mut kept);
    if changed {
        write(conn, &kept)?;
    }
    Ok(())
}

/// Keeps at most [`MAX_SET_ASIDE`] versions: the oldest settled ones go
/// first, then the oldest.
fn cap(kept: &mut Vec<SetAsideVersion>) {
    let excess = kept.len().saturating_sub(MAX_SET_ASIDE);
    if excess == 0 {
        return;
    }
    let mut settled = excess.min(kept.iter().filter(|v| v.resolved).count());
    let mut others = excess - settled;
    kept.retain(|v| {
        let goes = if v.resolved {
            &mut settled
        } else {
            &mut others
        };
        if *goes > 0 {
            *goes -= 1;
            return false;
        }
        true
    });
}

fn write(conn: &Connection, kept: &[SetAsideVersion]) -> Result<()> {
    let text = serde_json::to_string(kept).map_err(|e| Error::Damaged(e.to_string()))?;
    set_setting(conn, SET_ASIDE, &text)
}

/// Drops the versions of an erased case. A list that does not read is left
/// as it is: it must not keep a case from being erased.
pub(super) fn forget(conn: &Connection, reference: &str) -> Result<()> {
    let Ok(mut kept) = read(conn) else {
        return Ok(());
    };
    let before = kept.len();
    kept.retain(|v| v.reference != reference);
    if kept.len() != before {
        write(conn, &kept)?;
    }
    Ok(())
}

impl Vault {
    /// Mission: the versions of its cases the commission set aside, as its
    /// replies said, in the order first named (nothing at the commission).
    pub fn set_aside_by_commission(&self) -> Result<Vec<SetAsideVersion>> {
        read(&self.conn)
    }

    /// Mission: the versions of the case `id` the commission set aside
    /// (none for a case not held here).
    pub fn set_aside_of(&self, id: crate::domain::CaseId) -> Result<Vec<SetAsideVersion>> {
        let Some((_, meta)) = super::cases::find(&self.conn, &super::cases::Key::Id(id))? else {
            return Ok(Vec::new());
        };
        let mut versions = read(&self.conn)?;
        versions.retain(|v| v.reference == meta.reference);
        Ok(versions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aside(reference: &str, revision: u32, resolved: bool) -> SetAside {
        SetAside {
            reference: reference.into(),
            revision,
            received_at: "2026-12-01T10:00:00Z".into(),
            resolved,
        }
    }

    #[test]
    fn a_version_keeps_the_date_of_the_first_reply_and_is_resolved_once_a_reply_says_so()
    -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let (vault, _) = crate::vault::testing::vault_with_a_case(dir.path());
        let conn = &vault.conn;
        note(
            conn,
            &[aside("LT-LON-2026-0001", 2, false)],
            "2026-12-02T09:00:00Z",
        )?;
        note(
            conn,
            &[
                aside("LT-LON-2026-0001", 2, true),
                aside("LT-LON-2026-0002", 1, false),
            ],
            "2026-12-03T09:00:00Z",
        )?;
        // An older reply received late unsettles nothing.
        note(
            conn,
            &[aside("LT-LON-2026-0001", 2, false)],
            "2026-12-01T09:00:00Z",
        )?;
        let kept = vault.set_aside_by_commission()?;
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].reply_of.as_deref(), Some("2026-12-02T09:00:00Z"));
        assert!(kept[0].resolved);
        assert_eq!(kept[1].reference, "LT-LON-2026-0002");
        assert_eq!(kept[1].reply_of.as_deref(), Some("2026-12-03T09:00:00Z"));
        Ok(())
    }

    #[test]
    fn a_list_of_bare_references_still_reads_and_is_replaced_by_versions() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let (vault, _) = crate::vault::testing::vault_with_a_case(dir.path());
        let conn = &vault.conn;
        set_setting(
            conn,
            SET_ASIDE,
            r#"["LT-LON-2026-0001","LT-LON-2026-0003"]"#,
        )?;
        assert_eq!(references(conn)?.len(), 2);
        note(
            conn,
            &[aside("LT-LON-2026-0001", 2, false)],
            "2026-12-02T09:00:00Z",
        )?;
        let kept = vault.set_aside_by_commission()?;
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].reference, "LT-LON-2026-0003");
        assert_eq!(kept[0].revision, None);
        assert_eq!(kept[1].revision, Some(2));
        Ok(())
    }

    #[test]
    fn a_reply_of_the_most_versions_is_kept_and_the_list_stays_within_the_bound() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let (vault, _) = crate::vault::testing::vault_with_a_case(dir.path());
        let conn = &vault.conn;
        let many = |from: usize, resolved: bool| -> Vec<SetAside> {
            (from..from + MAX_SET_ASIDE)
                .map(|n| SetAside {
                    reference: format!("LT-LON-2026-{n:06}"),
                    revision: 2,
                    received_at: "2026-12-01T10:00:00Z".into(),
                    resolved: resolved && n % 2 == 0,
                })
                .collect()
        };
        // A first reply naming the most versions, every other one settled.
        let first = many(0, true);
        note(conn, &first, "2026-12-02T09:00:00Z")?;
        assert_eq!(read(conn)?.len(), MAX_SET_ASIDE);
        // The same reply again changes nothing.
        note(conn, &first, "2026-12-03T09:00:00Z")?;
        let kept = read(conn)?;
        assert_eq!(kept.len(), MAX_SET_ASIDE);
        assert_eq!(kept[0].reply_of.as_deref(), Some("2026-12-02T09:00:00Z"));
        // A second one naming as many others: the settled go first, then
        // the oldest; every version of the newer reply is kept.
        note(conn, &many(MAX_SET_ASIDE, false), "2026-12-04T09:00:00Z")?;
        let kept = read(conn)?;
        assert_eq!(kept.len(), MAX_SET_ASIDE);
        assert!(kept.iter().all(|v| !v.resolved));
        assert_eq!(
            kept[0].reference,
            format!("LT-LON-2026-{:06}", MAX_SET_ASIDE)
        );
        // Fewer new ones: the settled go, the unsettled old ones stay.
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let (vault, _) = crate::vault::testing::vault_with_a_case(dir.path());
        let conn = &vault.conn;
        note(conn, &first, "2026-12-02T09:00:00Z")?;
        note(
            conn,
            &many(MAX_SET_ASIDE, false)[..10],
            "2026-12-04T09:00:00Z",
        )?;
        let kept = read(conn)?;
        assert_eq!(kept.len(), MAX_SET_ASIDE);
        assert_eq!(kept[0].reference, "LT-LON-2026-000001");
        assert_eq!(
            kept.iter().filter(|v| v.resolved).count(),
            MAX_SET_ASIDE / 2 - 10
        );
        Ok(())
    }

    #[test]
    fn erasing_a_case_drops_its_set_aside_versions() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let (mut vault, reference) = crate::vault::testing::vault_with_a_case(dir.path());
        note(
            &vault.conn,
            &[
                aside(&reference, 1, false),
                aside("LT-LON-2026-0999", 1, false),
            ],
            "2026-12-02T09:00:00Z",
        )?;
        vault.erase_case(&reference)?;
        let kept = vault.set_aside_by_commission()?;
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].reference, "LT-LON-2026-0999");
        Ok(())
    }

    #[test]
    fn missing_values_are_null_in_json() -> Result<()> {
        let version = SetAsideVersion {
            reference: "LT-LON-2026-0001".into(),
            revision: None,
            received_at: None,
            reply_of: None,
            resolved: false,
        };
        let json = serde_json::to_value(&version).map_err(|e| Error::Damaged(e.to_string()))?;
        assert_eq!(
            json,
            serde_json::json!({
                "reference": "LT-LON-2026-0001",
                "revision": null,
                "received_at": null,
                "reply_of": null,
                "resolved": false,
            })
        );
        Ok(())
    }
}
