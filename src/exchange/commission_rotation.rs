//! Rotating the commission's keys: a new key pair, the old identity kept
//! so that files in transit still import, and the old signing key's
//! endorsement of the new keys, which every later reply carries
//! (docs/export-format.md, "key_events").

use std::str::FromStr;

use chrono::SubsecRound;
use ed25519_dalek::SigningKey;
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::Error;
use super::keys::{
    BackupKeys, commission_fingerprint, commission_identity, commission_signing_key,
    seal_identity_backup,
};
use super::reply::format::{Rotation, rotation_statement};
use crate::vault::{self, Vault};

/// Commission: its key rotations so far, oldest first.
pub(super) fn rotations(vault: &Vault) -> Result<Vec<Rotation>, Error> {
    match vault.commission_rotations()? {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text).map_err(|_| {
            vault::Error::Damaged("the commission's key rotations are unreadable".into()).into()
        }),
    }
}

/// Commission: every age identity it holds, the current one first, then
/// those it replaced (files in transit to them still import).
pub(super) fn commission_identities(vault: &Vault) -> Result<Vec<age::x25519::Identity>, Error> {
    let mut identities = vec![commission_identity(vault)?];
    for text in vault.previous_commission_identities()? {
        identities.push(age::x25519::Identity::from_str(&text).map_err(|_| {
            vault::Error::Damaged("an earlier commission key is unreadable".into())
        })?);
    }
    Ok(identities)
}

/// Commission: replaces its age identity and reply signing key by new
/// ones. The old identity is kept (files encrypted to it still import, and
/// it goes into the identity backup); the old signing key endorses the new
/// keys, and every later reply carries that endorsement, so that a mission
/// holding the old key file takes the new keys from its next reply.
///
/// The identity backup of the new keys (with every earlier identity and
/// the rotations) is written to `backup`, protected by `passphrase`,
/// before the vault takes the new keys: if it cannot be written nothing
/// changes, and no moment exists at which the vault holds a key that no
/// backup holds. (Should the process die between the two, the backup
/// holds keys the vault never used: restoring it is a rotation endorsed
/// by the old key, with every old identity kept.)
/// Returns the fingerprints of the old and the new key files.
pub fn rotate_commission_key(
    vault: &mut Vault,
    backup: &std::path::Path,
    passphrase: &secrecy::SecretString,
) -> Result<(String, String), Error> {
    if let Some(weakness) = vault::passphrase_weakness(passphrase.expose_secret(), &[]) {
        return Err(vault::Error::WeakPassphrase(weakness).into());
    }
    if backup.exists() {
        return Err(Error::FileExists(backup.to_path_buf()));
    }
    let before = commission_fingerprint(vault)?;
    let old = commission_signing_key(vault)?;
    let identity = age::x25519::Identity::generate();
    let mut seed = Zeroizing::new([0u8; 32]);
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut *seed);
    let new = SigningKey::from_bytes(&seed);
    let mut rotation = Rotation {
        at: chrono::Utc::now().trunc_subsecs(0),
        previous_signing_key: hex::encode(old.verifying_key().to_bytes()),
        recipient: identity.to_public().to_string(),
        signing_key: hex::encode(new.verifying_key().to_bytes()),
        endorsement: String::new(),
    };
    rotation.endorsement = hex::encode(
        ed25519_dalek::Signer::sign(&old, rotation_statement(&rotation).as_bytes()).to_bytes(),
    );
    let mut all = rotations(vault)?;
    all.push(rotation);
    let text = serde_json::to_string(&all).map_err(|e| Error::Damaged(e.to_string()))?;
    // Every identity the vault will hold once rotated, newest first.
    let mut previous = vec![vault.commission_identity_text()?];
    previous.extend(vault.previous_commission_identities()?);
    // A backup with more earlier keys would be refused at its restore.
    if previous.len() > super::keys::MAX_EARLIER_IDENTITIES {
        return Err(vault::Error::InvalidSetting(format!(
            "after this rotation the vault would keep {} earlier keys, more than the {} an identity backup holds; it is not rotated",
            previous.len(),
            super::keys::MAX_EARLIER_IDENTITIES
        ))
        .into());
    }
    let plaintext = BackupKeys {
        title: super::keys::COMMISSION_TITLE,
        identity: &identity,
        signing_seed: Some(&seed),
        previous: &previous,
        rotations: Some(&text),
    }
    .plaintext(vault);
    seal_identity_backup(backup, &plaintext, passphrase, true)?;
    drop(plaintext);
    if let Err(e) = vault.rotate_commission_keys(identity.to_string().expose_secret(), &seed, &text)
    {
        // The vault never took these keys: a backup of them, endorsed by
        // the old key, would bring a rotation the missions never heard of
        // if it were restored.
        let _ = std::fs::remove_file(backup);
        let _ = vault::fsutil::sync_dir(backup);
        return Err(e.into());
    }
    Ok((before, commission_fingerprint(vault)?))
}

/// Mission: the fingerprint of the commission's keys stored here, or `?`.
pub(crate) fn commission_fingerprint_of(vault: &Vault) -> String {
    vault
        .commission_keys()
        .ok()
        .flatten()
        .map(|key| super::commission_keys_fingerprint(&key))
        .unwrap_or_else(|| "?".into())
}

/// Mission: takes the commission's new keys that a reply announced, once
/// an officer compared `fingerprint` with the commission by phone: it must
/// be the fingerprint of the keys waiting. From then on exports are
/// encrypted to the new key. Audited with the old and new fingerprints.
/// Returns them.
pub fn accept_commission_rotation(
    vault: &mut Vault,
    fingerprint: &str,
) -> Result<(String, String), Error> {
    let Some(pending) = vault.pending_commission_key()? else {
        return Err(vault::Error::InvalidSetting(
            "no new key of the commission is waiting: a reply announces one when the commission rotates its key".into(),
        )
        .into());
    };
    let new = super::commission_keys_fingerprint(&pending);
    let compact = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase()
    };
    if compact(fingerprint) != compact(&new) {
        return Err(vault::Error::InvalidSetting(format!(
            "the fingerprint given is not that of the commission's new key, {new}; compare it with the commission by phone"
        ))
        .into());
    }
    let old = commission_fingerprint_of(vault);
    vault.accept_pending_commission_key(&pending, &format!("{old} → {new}"))?;
    Ok((old, new))
}
