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

use std::collections::BTreeSet;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::{Error, Result, SetAside, Vault, set_setting, setting};

/// The setting: the versions set aside, JSON (see the module's text).
const SET_ASIDE: &str = "commission_set_aside";

/// A version of one of the mission's cases the commission set aside, as
/// the mission keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetAsideVersion {
    pub reference: String,
    /// The revision of which the commission holds another version; `None`
    /// for an entry kept before revisions were (a bare reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<u32>,
    /// When the commission received the version it set aside (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<String>,
    /// The date (RFC 3339) of the first reply that named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
/// the version that names it.
pub(super) fn note(conn: &Connection, set_aside: &[SetAside], reply_of: &str) -> Result<()> {
    if set_aside.is_empty() {
        return Ok(());
    }
    let mut kept = read(conn)?;
    let before = kept.clone();
    for version in set_aside {
        let same = |v: &SetAsideVersion| {
            v.reference == version.reference
                && v.revision == Some(version.revision)
                && v.received_at.as_deref() == Some(version.received_at.as_str())
        };
        if let Some(known) = kept.iter_mut().find(|v| same(v)) {
            known.resolved |= version.resolved;
            continue;
        }
        kept.retain(|v| !(v.reference == version.reference && v.revision.is_none()));
        kept.push(SetAsideVersion {
            reference: version.reference.clone(),
            revision: Some(version.revision),
            received_at: Some(version.received_at.clone()),
            reply_of: Some(reply_of.to_owned()),
            resolved: version.resolved,
        });
    }
    if kept != before {
        let text = serde_json::to_string(&kept).map_err(|e| Error::Damaged(e.to_string()))?;
        set_setting(conn, SET_ASIDE, &text)?;
    }
    Ok(())
}

impl Vault {
    /// Mission: the versions of its cases the commission set aside, as its
    /// replies said, in the order first named (nothing at the commission).
    pub fn set_aside_by_commission(&self) -> Result<Vec<SetAsideVersion>> {
        read(&self.conn)
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
}
