//! Receiving the commission's reply at a mission: everything is checked
//! before anything is stored, and storing is one transaction.

use std::io::Read;
use std::path::Path;

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::format::{self, FORMAT, KeyEvent, Line, MAX_FILE_BYTES, Opening, Reply, VERSION};
use crate::exchange::Error;
use crate::exchange::keys::{mission_identity, mission_recipient};
use crate::vault::{Applied, CommissionKey, ReplyContent, Role, Vault};

/// What receiving a reply did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Received {
    pub created_at: String,
    pub receipts: usize,
    #[serde(flatten)]
    pub applied: Applied,
    /// The fingerprint of the commission's new keys that a reply announced
    /// and no officer accepted yet: exports stay encrypted to the stored
    /// key until one compares it by phone and accepts it
    /// (`set-commission-key --accept-rotation FINGERPRINT`).
    pub pending_commission_key: Option<String>,
}

/// Mission: checks a reply file and records what it says. Refused, with
/// nothing changed, unless it opens with this mission's key, is signed by
/// the commission's key stored here, names this mission (code, vault and
/// key) and stays within the format's bounds. The same reply twice changes
/// nothing the second time.
pub fn receive(vault: &mut Vault, file: &Path) -> Result<Received, Error> {
    if vault.info().role != Role::Mission {
        return Err(crate::vault::Error::InvalidSetting(
            "only a mission receives replies; the commission writes them".into(),
        )
        .into());
    }
    let commission_key = vault
        .commission_keys()?
        .ok_or(Error::NoCommissionKey)?
        .signing
        .ok_or(Error::NoCommissionSigningKey)?;
    let plaintext = decrypt(vault, file)?;
    let (reply_line, reply, rotated_key) = check(&plaintext, &commission_key)?;
    let info = vault.info();
    let mut wrong = Vec::new();
    if reply.mission_code != info.mission_code {
        wrong.push(format!("mission code {}", reply.mission_code));
    }
    if reply.mission_id != vault.vault_id()? {
        wrong.push("another vault".to_owned());
    }
    if reply.mission_recipient != mission_recipient(vault)? {
        wrong.push("another key".to_owned());
    }
    if !wrong.is_empty() {
        return Err(Error::ReplyForAnotherMission(wrong.join(", ")));
    }
    if let Some(problem) = reply.problem() {
        return Err(Error::ReplyDamaged(problem));
    }
    let directory = Zeroizing::new(
        serde_json::to_string(&reply.directory).map_err(|e| Error::Damaged(e.to_string()))?,
    );
    let notes = reply
        .guidance
        .iter()
        .map(|note| {
            Ok((
                note.id.clone(),
                note.date.to_string(),
                serde_json::to_string(note).map_err(|e| Error::Damaged(e.to_string()))?,
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let created_at = reply.created_at.to_rfc3339();
    let own_key_events = reply
        .key_events
        .iter()
        .filter_map(KeyEvent::mission_key)
        .map(|(event, key)| crate::vault::OwnKeyEvent {
            event: event.to_owned(),
            fingerprint: key.fingerprint.clone(),
            at: key.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            epoch: key.epoch.clone(),
            accepted_through: key.accepted_through,
        })
        .collect();
    let applied = vault.apply_reply(&ReplyContent {
        digest: Sha256::digest(reply_line).into(),
        created_at: &created_at,
        receipts: &reply.receipts,
        high_water: &reply.high_water,
        directory_version: reply.directory.version,
        directory: &directory,
        notes,
        rotated_key: rotated_key.map(|key| {
            let detail = format!(
                "{} → {}",
                crate::exchange::commission_fingerprint_of(vault),
                crate::exchange::commission_keys_fingerprint(&key)
            );
            (key, detail)
        }),
        own_key_events,
        withdrawn_notes: &reply.withdrawn_guidance,
        set_aside: &reply.set_aside,
        erased_at_commission: &reply.erased,
    })?;
    Ok(Received {
        created_at,
        receipts: reply.receipts.len(),
        applied,
        pending_commission_key: vault
            .pending_commission_key()?
            .map(|key| crate::exchange::commission_keys_fingerprint(&key)),
    })
}

/// Reads and decrypts a reply file, within the size bound.
fn decrypt(vault: &Vault, file: &Path) -> Result<Zeroizing<Vec<u8>>, Error> {
    // One handle, read through a bound: a FIFO or a device (which report
    // no size) or a file that grows while read never takes more than the
    // bound.
    // Opening a FIFO for reading waits for a writer: its kind is checked
    // before, and again on the handle.
    let not_a_file = || Error::ReplyDamaged(format!("{} is not a regular file", file.display()));
    if !std::fs::metadata(file)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?
        .is_file()
    {
        return Err(not_a_file());
    }
    let handle = std::fs::File::open(file)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    if !handle.metadata().is_ok_and(|m| m.is_file()) {
        return Err(not_a_file());
    }
    let mut bytes = Vec::new();
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::ReplyDamaged(format!(
            "the file is larger than any reply ({MAX_FILE_BYTES} bytes)"
        )));
    }
    let decryptor = age::Decryptor::new(&bytes[..]).map_err(|_| Error::NotAReply)?;
    let identity = mission_identity(vault)?;
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => {
                Error::ReplyForAnotherMission("it was encrypted for another mission's key".into())
            }
            _ => Error::ReplyDamaged("its header is damaged".into()),
        })?;
    // Room for the whole plaintext from the start (it is shorter than the
    // file), so that no buffer it outgrew is freed unwiped.
    let mut plaintext = Zeroizing::new(Vec::with_capacity(bytes.len()));
    reader
        .by_ref()
        .take(MAX_FILE_BYTES)
        .read_to_end(&mut plaintext)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => {
                Error::ReplyDamaged("the file is truncated".into())
            }
            _ => Error::ReplyDamaged("a part of the file fails its integrity check".into()),
        })?;
    Ok(plaintext)
}

/// The three lines: a reply opening, a reply line whose signature by
/// `commission_key` (or by a key it endorsed) is valid, and nothing after
/// the signature. Returns the reply line (without its line break), what
/// it says, and the commission's new keys if it signed with them.
fn check<'a>(
    plaintext: &'a [u8],
    commission_key: &[u8; 32],
) -> Result<(&'a [u8], Reply, Option<CommissionKey>), Error> {
    let Some(body) = plaintext.strip_suffix(b"\n") else {
        return Err(Error::ReplyDamaged("the last line is incomplete".into()));
    };
    let lines: Vec<&[u8]> = body.split(|b| *b == b'\n').collect();
    let opening: Opening = lines
        .first()
        .and_then(|line| serde_json::from_slice(line).ok())
        .filter(|o: &Opening| o.format == FORMAT)
        .ok_or(Error::NotAReply)?;
    if opening.version > VERSION {
        return Err(Error::ReplyNewerFormat(opening.version));
    }
    if opening.version == 0 || lines.len() != 3 {
        return Err(Error::ReplyDamaged(format!(
            "it has {} lines where a reply has 3",
            lines.len()
        )));
    }
    let (reply_line, signature_line) = (lines[1], lines[2]);
    let signature = match serde_json::from_slice::<Line>(signature_line) {
        Ok(Line::Signature(hex_signature)) => {
            let mut bytes = [0u8; 64];
            hex::decode_to_slice(hex_signature, &mut bytes)
                .map_err(|_| Error::ReplyDamaged("the signature is not 128 hex digits".into()))?;
            Signature::from_bytes(&bytes)
        }
        _ => {
            return Err(Error::ReplyDamaged(
                "the last line is not a signature".into(),
            ));
        }
    };
    // The key stored here signed it, or a key that the stored one
    // endorsed, through the rotations the reply announces.
    let stored = VerifyingKey::from_bytes(commission_key).map_err(|_| {
        crate::vault::Error::Damaged("the commission's signing key is unreadable".into())
    })?;
    let signed_by_stored = stored.verify(reply_line, &signature).is_ok();
    let reply = match format::parse_line(reply_line) {
        Ok(Line::Reply(reply)) => *reply,
        // Unsigned garbage is named as unsigned, not as malformed.
        _ if !signed_by_stored => return Err(Error::ReplyBadSignature),
        Ok(Line::Signature(_)) => {
            return Err(Error::ReplyDamaged("the reply line is missing".into()));
        }
        Err(e) => return Err(e),
    };
    if reply.key_events.len() > format::MAX_KEY_EVENTS {
        return Err(Error::ReplyDamaged("too many key events".into()));
    }
    let mut rotated = None;
    if !signed_by_stored {
        let (key, recipient) = follow_rotations(commission_key, &reply)?;
        VerifyingKey::from_bytes(&key)
            .ok()
            .filter(|k| k.verify(reply_line, &signature).is_ok())
            .ok_or(Error::ReplyBadSignature)?;
        rotated = Some(CommissionKey {
            recipient,
            signing: Some(key),
        });
    }
    if reply.format != opening.format || reply.version != opening.version {
        return Err(Error::ReplyDamaged(
            "the format differs from the opening line".into(),
        ));
    }
    let signer = rotated
        .as_ref()
        .and_then(|k| k.signing)
        .unwrap_or(*commission_key);
    if reply.commission_key != hex::encode(signer) {
        return Err(Error::ReplyBadSignature);
    }
    Ok((reply_line, reply, rotated))
}

/// From the key stored here, the rotations the reply announces, each
/// endorsed by the key before it: the newest signing key reached and its
/// recipient. None reached: the reply is not the commission's.
fn follow_rotations(stored: &[u8; 32], reply: &Reply) -> Result<([u8; 32], String), Error> {
    let mut key = *stored;
    let mut recipient = None;
    for rotation in reply
        .key_events
        .iter()
        .filter_map(KeyEvent::commission_rotation)
    {
        if rotation.previous_signing_key != hex::encode(key) {
            continue;
        }
        let mut endorsement = [0u8; 64];
        let mut next = [0u8; 32];
        let endorsed = hex::decode_to_slice(&rotation.endorsement, &mut endorsement).is_ok()
            && hex::decode_to_slice(&rotation.signing_key, &mut next).is_ok()
            && <age::x25519::Recipient as std::str::FromStr>::from_str(&rotation.recipient).is_ok()
            && VerifyingKey::from_bytes(&key).is_ok_and(|k| {
                k.verify(
                    format::rotation_statement(rotation).as_bytes(),
                    &Signature::from_bytes(&endorsement),
                )
                .is_ok()
            });
        if !endorsed {
            return Err(Error::ReplyBadSignature);
        }
        key = next;
        recipient = Some(rotation.recipient.clone());
    }
    match recipient {
        Some(recipient) => Ok((key, recipient)),
        None => Err(Error::ReplyBadSignature),
    }
}
