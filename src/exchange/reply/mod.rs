//! The commission's reply to a mission: an age file encrypted to the
//! mission's recipient (which its exports carry) and signed by the
//! commission's Ed25519 key (which its key file, version 2, carries). It
//! tells the mission which of its exports arrived, the highest numbers the
//! commission holds from it, the referral directory and guidance notes.
//!
//! The plaintext exists only in memory, on both sides; the file on disk is
//! encrypted. The format: `format` and docs/export-format.md.

mod content;
pub mod format;
mod receive;

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{SubsecRound, Utc};
use ed25519_dalek::Signer;
use serde::Serialize;
use std::str::FromStr;
use zeroize::Zeroizing;

use super::Error;
use super::keys::commission_signing_key;
use crate::vault::{ReplyAddress, Role, Vault, fsutil};
use format::{FORMAT, Line, Opening, Reply};

pub use content::{Note, add_guidance, directory, guidance, set_directory, withdraw_guidance};
pub use receive::{Received, receive};

/// What `reply` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplySummary {
    pub file: PathBuf,
    pub mission: String,
    /// How many export files of the mission it confirms.
    pub receipts: usize,
    pub highest_sequence: u64,
    pub set_aside: usize,
    pub directory_version: u64,
    pub guidance_notes: usize,
    /// The reply's format (`format::VERSION_1` … `VERSION`): a mission
    /// whose build reads only older formats refuses the whole file until
    /// it upgrades, which the analyst is told.
    pub version: u32,
    /// How many cases of the mission the commission erased itself that it
    /// names (each makes the reply format 3).
    pub erased: usize,
}

impl ReplySummary {
    /// Whether a mission on an older build refuses this reply until it
    /// upgrades: formats 2 and 3 came after the first (3 with 0.2.0).
    pub fn refused_by_older_missions(&self) -> bool {
        self.version > format::VERSION_1
    }
}

/// Commission: writes the reply to `mission` to `out`: encrypted to the
/// address the latest export of the mission's approved key gave (refused
/// while its key is revoked, or replaced and no file of the new key came),
/// signed by the
/// commission. The file appears under its name only when complete and
/// synced (0600); an existing one is replaced only with `overwrite`.
/// Audited with the mission's code and the counts, never the content.
pub fn reply(
    vault: &mut Vault,
    mission: &str,
    out: &Path,
    overwrite: bool,
) -> Result<ReplySummary, Error> {
    if vault.info().role != Role::Commission {
        return Err(crate::vault::Error::InvalidSetting(
            "only the commission writes replies; a mission receives them".into(),
        )
        .into());
    }
    if vault.mission(mission)?.is_none() {
        return Err(Error::NoSuchMission(mission.to_owned()));
    }
    let code = mission.to_owned();
    let (mission_id, recipient_text) = match vault.reply_address(mission)? {
        ReplyAddress::Ready {
            vault_id,
            recipient,
        } => (vault_id, recipient),
        ReplyAddress::Missing => return Err(Error::NoReplyKey(code)),
        ReplyAddress::Replaced { on } => return Err(Error::ReplyKeyReplaced { code, on }),
        ReplyAddress::Revoked { on } => return Err(Error::ReplyKeyRevoked { code, on }),
    };
    let recipient = age::x25519::Recipient::from_str(&recipient_text)
        .map_err(|_| Error::NoReplyKey(mission.to_owned()))?;
    if !overwrite && out.exists() {
        return Err(Error::FileExists(out.to_path_buf()));
    }
    let signer = commission_signing_key(vault)?;
    let mut key_events: Vec<format::KeyEvent> = super::commission_rotation::rotations(vault)?
        .into_iter()
        .map(format::KeyEvent::CommissionKeyRotated)
        .collect();
    key_events.extend(mission_key_events(vault, mission)?);
    let mut content = Reply {
        format: FORMAT.into(),
        version: format::VERSION_1,
        commission_code: vault.info().mission_code.clone(),
        commission_key: hex::encode(signer.verifying_key().to_bytes()),
        mission_code: mission.to_owned(),
        mission_id,
        mission_recipient: recipient_text,
        created_at: Utc::now().trunc_subsecs(0),
        app_version: env!("CARGO_PKG_VERSION").into(),
        receipts: vault.receipts_for(mission)?,
        set_aside: vault.set_aside_for(mission)?,
        high_water: vault.high_water(mission)?,
        directory: content::directory(vault)?,
        guidance: content::commission_notes(vault)?,
        key_events,
        withdrawn_guidance: content::withdrawn_notes(vault)?,
        erased: vault.erased_here(mission)?,
    };
    // Version 2 or 3 only when the reply carries what that version
    // brought, so that a mission of an older build still reads the others.
    content.version = content.needed_version();
    // The mission refuses a reply beyond its limits (the erased list only
    // grows): never write one it cannot read.
    if let Some(problem) = content.problem() {
        return Err(crate::vault::Error::InvalidSetting(format!(
            "the reply to {mission} would be refused by the mission: {problem}"
        ))
        .into());
    }
    let summary = ReplySummary {
        file: out.to_path_buf(),
        mission: mission.to_owned(),
        receipts: content.receipts.len(),
        highest_sequence: content.high_water.export_sequence,
        set_aside: content.set_aside.len(),
        directory_version: content.directory.version,
        guidance_notes: content.guidance.len(),
        version: content.version,
        erased: content.erased.len(),
    };
    let plaintext = plaintext(&content, &signer)?;
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&recipient as _)).map_err(|e| {
            Error::io(
                "cannot encrypt the reply",
                std::io::Error::other(e.to_string()),
            )
        })?;
    let mut ciphertext = Vec::new();
    let mut writer = encryptor
        .wrap_output(&mut ciphertext)
        .map_err(|e| Error::io("cannot encrypt the reply", e))?;
    writer
        .write_all(&plaintext)
        .and_then(|()| writer.finish().map(drop))
        .map_err(|e| Error::io("cannot encrypt the reply", e))?;
    fsutil::write_atomically(out, &ciphertext)?;
    vault.record_reply_written(
        mission,
        &format!(
            "{} receipts, {} set aside, directory version {}, {} guidance notes",
            summary.receipts, summary.set_aside, summary.directory_version, summary.guidance_notes
        ),
    )?;
    Ok(summary)
}

/// Commission: what it did with the mission's keys other than the one
/// approved now, oldest first: each key replaced or revoked, when, and the
/// numbers it still takes.
fn mission_key_events(vault: &Vault, mission: &str) -> Result<Vec<format::KeyEvent>, Error> {
    use crate::vault::KeyStatus;
    let mut events = Vec::new();
    for key in vault.mission_keys(mission)? {
        let Some(at) = key
            .retired_at
            .as_deref()
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok())
        else {
            continue;
        };
        let event = format::MissionKeyEvent {
            at: at.with_timezone(&Utc).trunc_subsecs(0),
            fingerprint: key.fingerprint.clone(),
            epoch: key.accept_through.and(key.accept_epoch.clone()),
            accepted_through: key.accept_through,
        };
        match key.status {
            KeyStatus::Replaced => events.push(format::KeyEvent::MissionKeyReplaced(event)),
            KeyStatus::Revoked => events.push(format::KeyEvent::MissionKeyRevoked(event)),
            KeyStatus::Approved => {}
        }
    }
    events.sort_by(|a, b| {
        let at = |e: &format::KeyEvent| e.mission_key().map(|(_, m)| m.at);
        at(a).cmp(&at(b))
    });
    Ok(events)
}

/// The three lines of a reply: opening, reply, signature over the reply
/// line (without its line break). Wiped when dropped: it names the
/// mission's cases.
fn plaintext(
    content: &Reply,
    signer: &ed25519_dalek::SigningKey,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let mut text = json(&Opening {
        format: FORMAT.into(),
        version: content.version,
    })?;
    text.push(b'\n');
    let line = json(&Line::Reply(Box::new(content.clone())))?;
    let signature = signer.sign(&line);
    text.extend_from_slice(&line);
    text.push(b'\n');
    text.extend_from_slice(&json(&Line::Signature(hex::encode(signature.to_bytes())))?);
    text.push(b'\n');
    Ok(text)
}

fn json<T: Serialize>(value: &T) -> Result<Zeroizing<Vec<u8>>, Error> {
    serde_json::to_vec(value)
        .map(Zeroizing::new)
        .map_err(|e| Error::Damaged(e.to_string()))
}
