//! Whether the key that signed a file speaks for its mission
//! (`vault::missions` keeps the history of each mission's keys).
//!
//! - The mission's approved key: yes. A key approved by its fingerprint
//!   alone (`missions --replace-key`) is learned from its first file.
//! - A key the file's rotation statements lead to from the approved key:
//!   yes, and the import approves it (and retires the ones before it).
//! - A key the mission had before: only for a file imported already
//!   (nothing changes), or one its retirement still lets in: a rotated
//!   key's exports up to the number its statement gave, a revoked key's up
//!   to the number the analyst chose, in that epoch only, and only numbers
//!   no file brought yet (`Vault::retired_key_takes`). A revocation or a
//!   phone approval closes every replaced (rotated-away) key's window.
//! - Every rotation statement a file carries must fit the file: a restore
//!   epoch of the right form, none later than the file's own, and in the
//!   file's own epoch a number before the file's.
//! - Any other key: refused, naming its fingerprint and how to approve it.

use super::super::rotation::{chain, check_against_file};
use serde::Serialize;

use super::super::keys::key_fingerprint;
use super::super::{Error, MissionIdentity, format::Manifest};
use crate::vault::{KeyChange, KeyStatus, Standing, Vault};

/// What a file does with its mission's keys, which the analyst is told
/// before confirming (`verify`, the import's report): never a silent
/// change of the key that speaks for a mission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum KeyNotice {
    /// Rotation statements, the first signed by the approved key, approve
    /// the key that signed the file; `from` is retired.
    Rotated {
        from: String,
        to: String,
        /// The last export the approved key signed, as its statement says.
        after_sequence: u64,
    },
    /// A key approved by phone signs its first file.
    FirstFile { fingerprint: String },
    /// A retired key's file, taken inside the window its retirement left.
    RetiredKeyWindow {
        fingerprint: String,
        revoked: bool,
        sequence: u64,
        through: u64,
    },
}

impl std::fmt::Display for KeyNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyNotice::Rotated {
                from,
                to,
                after_sequence,
            } => write!(
                f,
                "the mission's key changes {from} → {to} (a rotation statement signed by the approved key; the old key's exports up to {after_sequence} not yet received are still taken)"
            ),
            KeyNotice::FirstFile { fingerprint } => write!(
                f,
                "first file signed by the key {fingerprint}, approved by phone"
            ),
            KeyNotice::RetiredKeyWindow {
                fingerprint,
                revoked,
                sequence,
                through,
            } => write!(
                f,
                "signed by the {} key {fingerprint}, taken as export {sequence} ≤ {through}, not yet received",
                if *revoked { "revoked" } else { "replaced" }
            ),
        }
    }
}

/// What an import may do with the file's mission.
pub(super) enum Trust {
    /// The key speaks for the mission; the import applies the change, of
    /// which the analyst is told.
    Known(KeyChange, Option<KeyNotice>),
    /// No mission has the code: an analyst's approval may register it.
    NewMission,
}

pub(super) fn decide(
    vault: &Vault,
    manifest: &Manifest,
    mission: &MissionIdentity,
    manifest_digest: &[u8; 32],
) -> Result<Trust, Error> {
    let code = &mission.code;
    let epoch = manifest.epoch.as_ref().map(|e| e.id.as_str());
    check_against_file(manifest)?;
    match vault.key_standing(code, &mission.public_key)? {
        Standing::Unregistered => Ok(Trust::NewMission),
        Standing::Current { learned } => Ok(Trust::Known(
            KeyChange {
                learned: learned.then_some(mission.public_key),
                rotations: Vec::new(),
            },
            learned.then(|| KeyNotice::FirstFile {
                fingerprint: mission.fingerprint.clone(),
            }),
        )),
        Standing::Retired(key) => {
            // The very file imported before: it says so, and changes nothing.
            if vault.received(manifest_digest)?.is_some() {
                return Ok(Trust::Known(KeyChange::default(), None));
            }
            if vault.retired_key_takes(&key, epoch, manifest.sequence)? {
                return Ok(Trust::Known(
                    KeyChange::default(),
                    Some(KeyNotice::RetiredKeyWindow {
                        fingerprint: key.fingerprint.clone(),
                        revoked: key.status == KeyStatus::Revoked,
                        sequence: manifest.sequence,
                        through: key.accept_through.unwrap_or_default(),
                    }),
                ));
            }
            let on = crate::vault::missions_day(key.retired_at.as_deref());
            Err(match key.status {
                KeyStatus::Revoked => Error::RevokedMissionKey {
                    code: code.clone(),
                    revoked_on: on,
                },
                _ => Error::ReplacedMissionKey {
                    code: code.clone(),
                    replaced_on: on,
                },
            })
        }
        Standing::Unknown { current } => {
            if let Some(approved) = current.and_then(|c| c.public_key)
                && let Some(rotations) = chain(
                    code,
                    &approved,
                    &mission.public_key,
                    &manifest.key_rotations,
                )?
            {
                // A key the mission had, or its approved key, is never
                // approved again by a statement (nor would a second row
                // for it fit the key history).
                for link in &rotations {
                    if !matches!(
                        vault.key_standing(code, &link.new_key)?,
                        Standing::Unknown { .. }
                    ) {
                        return Err(Error::BadRotation(
                            "it names as new a key the mission had already".into(),
                        ));
                    }
                }
                let notice = KeyNotice::Rotated {
                    from: key_fingerprint(&approved),
                    to: mission.fingerprint.clone(),
                    after_sequence: rotations.first().map_or(0, |r| r.after_sequence),
                };
                return Ok(Trust::Known(
                    KeyChange {
                        learned: None,
                        rotations,
                    },
                    Some(notice),
                ));
            }
            Err(Error::WrongMissionKey(Box::new(mission.clone())))
        }
    }
}
