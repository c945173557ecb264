//! What the exchange screen shows before anything is done, read from the
//! vault: at a mission, the keys and what the next export would carry; at
//! the commission, its key, the approved missions and the conflicts an
//! analyst must settle, each as the differences between its two versions.

use zeroize::Zeroize;

use super::Error;
use super::keys::{
    commission_fingerprint, commission_keys_fingerprint, key_fingerprint, mission_public_key,
};
use crate::vault::{self, OutgoingCounts, Role, Vault};

/// Plain data, for the screen to show.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub commission_fingerprint: Option<String>,
    /// Mission: whether the stored commission key file carries the key
    /// that signs replies (version 2).
    pub commission_signs_replies: bool,
    /// Mission: its signing key's fingerprint.
    pub mission_fingerprint: Option<String>,
    pub pending: OutgoingCounts,
    pub everything: OutgoingCounts,
    pub last_sequence: u64,
    /// Mission: its exports, each with the date the commission confirmed
    /// it, newest first.
    pub exports: Vec<vault::SentExport>,
    /// Mission: the commission's guidance notes, newest first. Commission:
    /// the notes its replies carry, newest first.
    pub guidance: Vec<super::reply::Note>,
    /// Mission: the versions of its cases the commission set aside, in
    /// the order its replies first named them.
    pub set_aside: Vec<vault::SetAsideVersion>,
    /// Mission: the set-aside versions could not be read (a damaged
    /// setting); the rest is shown.
    pub set_aside_unreadable: bool,
    /// Mission: its cases the commission's replies said it erased, oldest
    /// erasure first.
    pub erased_at_commission: Vec<vault::ErasedAtCommission>,
    /// The guidance notes could not be read (a damaged setting); the rest
    /// is shown.
    pub guidance_unreadable: bool,
    /// Mission: the fingerprint of the commission's new keys a reply
    /// announced, waiting for an officer to accept them.
    pub commission_key_announced: Option<String>,
    /// Mission: what the commission's replies said of its own keys
    /// (replaced or revoked), oldest first.
    pub own_key_events: Vec<vault::OwnKeyEvent>,
    /// Commission: approved missions (code, name, fingerprint).
    pub missions: Vec<(String, String, String)>,
    pub conflicts: Vec<ConflictView>,
}

/// Reads the overview for the vault's role.
pub fn overview(vault: &Vault) -> Result<Overview, Error> {
    let mut overview = Overview::default();
    match vault.info().role {
        Role::Mission => {
            let stored = vault.commission_keys()?;
            overview.commission_signs_replies =
                stored.as_ref().is_some_and(|key| key.signing.is_some());
            overview.commission_fingerprint = stored.map(|key| commission_keys_fingerprint(&key));
            overview.mission_fingerprint = Some(key_fingerprint(&mission_public_key(vault)?));
            overview.pending = vault.outgoing_counts(false)?;
            overview.everything = vault.outgoing_counts(true)?;
            overview.last_sequence = vault.last_export_sequence()?;
            overview.exports = vault.sent_exports()?;
            overview.exports.reverse();
            read_guidance(vault, &mut overview);
            overview.commission_key_announced = vault
                .pending_commission_key()?
                .map(|key| commission_keys_fingerprint(&key));
            overview.own_key_events = vault.own_key_events()?;
            match vault.set_aside_by_commission() {
                Ok(versions) => overview.set_aside = versions,
                Err(_) => overview.set_aside_unreadable = true,
            }
            overview.erased_at_commission = vault.erased_at_commission()?;
        }
        Role::Commission => {
            overview.commission_fingerprint = Some(commission_fingerprint(vault)?);
            overview.missions = vault
                .missions()?
                .into_iter()
                .map(|m| (m.code, m.name, key_fingerprint(&m.public_key)))
                .collect();
            overview.conflicts = vault.conflicts()?.iter().map(ConflictView::new).collect();
            read_guidance(vault, &mut overview);
        }
    }
    Ok(overview)
}

/// The guidance notes; a damaged list of them leaves the rest of the
/// screen readable and says so (`guidance_unreadable`).
fn read_guidance(vault: &Vault, overview: &mut Overview) {
    match super::reply::guidance(vault) {
        Ok(notes) => overview.guidance = notes,
        Err(_) => overview.guidance_unreadable = true,
    }
}

/// A conflict as the analyst sees it: which case, and how the two versions
/// differ, field by field.
#[derive(Debug, Clone)]
pub struct ConflictView {
    pub seq: i64,
    pub reference: String,
    pub revision: u32,
    /// (field path, stored value, set-aside value).
    pub differences: Vec<(String, String, String)>,
}

/// The differences are case values (names among them): overwritten before
/// they are freed, at lock with the rest of the screen.
impl Drop for ConflictView {
    fn drop(&mut self) {
        for (path, stored, other) in &mut self.differences {
            path.zeroize();
            stored.zeroize();
            other.zeroize();
        }
    }
}

impl ConflictView {
    pub fn new(conflict: &vault::Conflict) -> ConflictView {
        let mut stored = Vec::new();
        flatten("", &conflict.stored.case.to_json_value(), &mut stored);
        let mut other = Vec::new();
        flatten("", &conflict.set_aside.case.to_json_value(), &mut other);
        fn value<'a>(list: &'a [(String, String)], path: &str) -> &'a str {
            list.iter()
                .find(|(p, _)| p == path)
                .map_or("—", |(_, v)| v.as_str())
        }
        let mut paths: Vec<&String> = stored.iter().chain(&other).map(|(p, _)| p).collect();
        paths.sort();
        paths.dedup();
        let differences = paths
            .into_iter()
            .filter(|path| value(&stored, path) != value(&other, path))
            .map(|path| {
                (
                    path.clone(),
                    value(&stored, path).to_owned(),
                    value(&other, path).to_owned(),
                )
            })
            .collect();
        // The flattened versions are case values too.
        for (path, text) in stored.iter_mut().chain(other.iter_mut()) {
            path.zeroize();
            text.zeroize();
        }
        ConflictView {
            seq: conflict.seq,
            reference: conflict.stored.meta.reference.clone(),
            revision: conflict.stored.meta.revision,
            differences,
        }
    }
}

/// `{"a":{"b":[1]}}` → `a.b[0] = 1`.
fn flatten(path: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(&path, value, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                flatten(&format!("{path}[{i}]"), value, out);
            }
        }
        serde_json::Value::String(s) => out.push((path.into(), s.clone())),
        other => out.push((path.into(), other.to_string())),
    }
}
