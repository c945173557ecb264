//! The exchange keys as people handle them: fingerprints read aloud over
//! the phone, the commission's public key file, and the passphrase-protected
//! backup of the commission's secret identity.

use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use ed25519_dalek::SigningKey;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::Error;
use super::reply::format::Rotation;
use crate::vault::{self, CommissionKey, RestoredKeys, Role, Vault, fsutil};

/// A fingerprint of any key: the first 128 bits of its SHA-256, as eight
/// groups of four hex digits, so that two people can compare it aloud.
pub fn key_fingerprint(key: &[u8]) -> String {
    let digest = Sha256::digest(key);
    let text = hex::encode_upper(&digest[..16]);
    text.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The commission's key as the officer gave it at creation: the key itself
/// (`age1...`, pasted), or else the path of the file it was distributed in,
/// read here (before anything is created, so a wrong path changes nothing).
pub fn commission_key_given(given: &str) -> Result<String, vault::Error> {
    let given = given.trim();
    if given.starts_with("age1") {
        Ok(given.to_owned())
    } else {
        vault::read_commission_key(Path::new(given))
    }
}

/// The fingerprint of a commission public key (`age1...`), over its text.
pub fn commission_key_fingerprint(recipient: &str) -> String {
    key_fingerprint(recipient.trim().as_bytes())
}

/// The one fingerprint of a commission's public keys: over the recipient
/// alone for a version 1 key file, over both key lines for version 2.
pub fn commission_keys_fingerprint(key: &CommissionKey) -> String {
    key_fingerprint(key.fingerprinted_text().as_bytes())
}

/// Mission: how a commission key file may replace the key stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyReplacement {
    /// Not at all: only a first key, or the same one again.
    No,
    /// Only by the same recipient with the signing key added (the key
    /// file version 2 of the commission whose key is stored): what the
    /// Export screen's "Load the commission's new key…" does.
    Upgrade,
    /// By any key whose fingerprint is this one, compared by phone.
    Fingerprint(String),
}

fn compact_fingerprint_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// Mission: stores the commission's key file `file`, and returns its
/// fingerprint (computed, never taken from the file). A file whose
/// `# fingerprint:` comment is not its key's fingerprint was altered, and
/// is refused; replacing a different key stored needs `replace`.
pub fn store_commission_key_file(
    vault: &mut Vault,
    file: &std::path::Path,
    replace: &KeyReplacement,
) -> Result<String, Error> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    let lines = crate::vault::read_commission_key(file)?;
    let key = CommissionKey::parse(&lines)?;
    let fingerprint = commission_keys_fingerprint(&key);
    let claimed = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# fingerprint:"))
        .map(str::trim);
    if let Some(claimed) = claimed
        && compact_fingerprint_text(claimed) != compact_fingerprint_text(&fingerprint)
    {
        return Err(crate::vault::Error::InvalidSetting(format!(
            "the fingerprint written in {} is not the fingerprint of the key it holds ({fingerprint}); the file was altered. Nothing was stored",
            file.display()
        ))
        .into());
    }
    let stored = vault.commission_keys()?;
    let differs = stored
        .as_ref()
        .is_some_and(|s| s != &key && !(key.signing.is_none() && s.recipient == key.recipient));
    let allowed = match replace {
        KeyReplacement::No => false,
        KeyReplacement::Upgrade => stored
            .as_ref()
            .is_some_and(|s| s.signing.is_none() && s.recipient == key.recipient),
        KeyReplacement::Fingerprint(given) => {
            if compact_fingerprint_text(given) != compact_fingerprint_text(&fingerprint) {
                return Err(crate::vault::Error::InvalidSetting(format!(
                    "the fingerprint given is not that of the key in {}, {fingerprint}; compare it with the commission by phone. Nothing was stored",
                    file.display()
                ))
                .into());
            }
            true
        }
    };
    if differs && !allowed {
        return Err(crate::vault::Error::InvalidSetting(match replace {
            KeyReplacement::Upgrade => format!(
                "the key in {} is not the stored commission key with its signing key added (its fingerprint is {fingerprint}); a different key is stored only from the command line, set-commission-key FILE --replace --fingerprint, after comparing it by phone. Nothing was stored",
                file.display()
            ),
            _ => format!(
                "a different commission key is already stored; the key in {} has fingerprint {fingerprint}: after comparing it with the commission by phone, replace the stored one with --replace --fingerprint \"{fingerprint}\"",
                file.display()
            ),
        })
        .into());
    }
    vault.set_commission_key(&lines, differs)?;
    Ok(fingerprint)
}

/// Commission: its public keys, as its key file carries them.
pub fn commission_public_keys(vault: &Vault) -> Result<CommissionKey, Error> {
    Ok(CommissionKey {
        recipient: commission_public_key(vault)?,
        signing: Some(commission_signing_key(vault)?.verifying_key().to_bytes()),
    })
}

/// Commission: the fingerprint of its key file, as missions compare it.
pub fn commission_fingerprint(vault: &Vault) -> Result<String, Error> {
    Ok(commission_keys_fingerprint(&commission_public_keys(vault)?))
}

pub(super) fn commission_signing_key(vault: &Vault) -> Result<SigningKey, Error> {
    Ok(SigningKey::from_bytes(&*vault.commission_signing_seed()?))
}

/// Mission: the age identity the commission's replies are encrypted to.
pub(super) fn mission_identity(vault: &Vault) -> Result<age::x25519::Identity, Error> {
    let text = vault.mission_identity_text()?;
    age::x25519::Identity::from_str(&text)
        .map_err(|_| vault::Error::Damaged("the mission's reply key is unreadable".into()).into())
}

/// Mission: its age recipient (`age1...`), carried in its exports so that
/// the commission can encrypt its replies to it.
pub fn mission_recipient(vault: &Vault) -> Result<String, Error> {
    Ok(mission_identity(vault)?.to_public().to_string())
}

/// Mission: its Ed25519 public key.
pub fn mission_public_key(vault: &Vault) -> Result<[u8; 32], Error> {
    Ok(signing_key(vault)?.verifying_key().to_bytes())
}

pub(super) fn signing_key(vault: &Vault) -> Result<SigningKey, Error> {
    if vault.info().role != Role::Mission {
        return Err(
            vault::Error::InvalidSetting("only a mission vault signs exports".into()).into(),
        );
    }
    Ok(SigningKey::from_bytes(&*vault.signing_seed()?))
}

pub(super) fn commission_identity(vault: &Vault) -> Result<age::x25519::Identity, Error> {
    let text = vault.commission_identity_text()?;
    age::x25519::Identity::from_str(&text)
        .map_err(|_| vault::Error::Damaged("the commission's key is unreadable".into()).into())
}

/// Commission: its public key, the `age1...` recipient missions encrypt to.
pub fn commission_public_key(vault: &Vault) -> Result<String, Error> {
    Ok(commission_identity(vault)?.to_public().to_string())
}

/// Commission: writes its public keys to `out` in the form missions load
/// (`set-commission-key`, first-run screen): comments, then the age
/// recipient and (key file version 2) the signing key of its replies.
/// Returns the fingerprint, taken over both.
pub fn write_commission_key(vault: &Vault, out: &Path) -> Result<String, Error> {
    let key = commission_public_keys(vault)?;
    let fingerprint = commission_keys_fingerprint(&key);
    let text = format!(
        "# Casebook commission public key, version 2\n# fingerprint: {fingerprint}\n# Load it in each mission's vault; compare the fingerprint by phone.\n{}",
        key.key_lines()
    );
    fsutil::write_atomically(out, text.as_bytes())?;
    Ok(fingerprint)
}

/// Writes the vault's secret identity to `out` as a standard age file
/// protected by `passphrase` (an scrypt recipient), so that it can be
/// restored with Casebook or read with the `age` tool. At the commission:
/// its age identity and its reply signing key. At a mission: its reply
/// key only (the age identity the commission's replies are encrypted to,
/// so that a reply can be read with the `age` tool; its export signing key
/// never leaves the vault). Encrypted in memory; no clear copy touches the
/// disk.
pub fn write_identity_backup(
    vault: &mut Vault,
    out: &Path,
    passphrase: &SecretString,
) -> Result<(), Error> {
    if let Some(weakness) = vault::passphrase_weakness(passphrase.expose_secret(), &[]) {
        return Err(vault::Error::WeakPassphrase(weakness).into());
    }
    let plaintext = match vault.info().role {
        Role::Commission => {
            let identity = commission_identity(vault)?;
            let seed = vault.commission_signing_seed()?;
            let previous = vault.previous_commission_identities()?;
            let rotations = vault.commission_rotations()?;
            BackupKeys {
                title: COMMISSION_TITLE,
                identity: &identity,
                signing_seed: Some(&seed),
                previous: &previous,
                rotations: rotations.as_deref(),
            }
            .plaintext(vault)
        }
        Role::Mission => {
            let identity = mission_identity(vault)?;
            BackupKeys {
                title: MISSION_TITLE,
                identity: &identity,
                signing_seed: None,
                previous: &[],
                rotations: None,
            }
            .plaintext(vault)
        }
    };
    seal_identity_backup(out, &plaintext, passphrase, false)?;
    vault.record_action("identity-backup-written", None)?;
    Ok(())
}

/// The title of a commission's identity backup (its first comment line).
pub(super) const COMMISSION_TITLE: &str = "commission identity";
/// The title of a mission's identity backup: its reply key only.
const MISSION_TITLE: &str = "mission reply key";

/// What an identity backup holds.
pub(super) struct BackupKeys<'a> {
    pub title: &'static str,
    pub identity: &'a age::x25519::Identity,
    pub signing_seed: Option<&'a Zeroizing<[u8; 32]>>,
    /// Earlier age identities, newest first.
    pub previous: &'a [Zeroizing<String>],
    /// The commission's key rotations (JSON).
    pub rotations: Option<&'a str>,
}

impl BackupKeys<'_> {
    /// The decrypted text of the backup: an identity file the `age` tool
    /// reads (`age -d -i`), the signing key, earlier identities and
    /// rotations in comments. Written into one buffer of its measured size,
    /// wiped when dropped; no temporary copy of a secret is left behind.
    pub(super) fn plaintext(&self, vault: &Vault) -> Zeroizing<String> {
        self.text_for(&vault.info().mission_code, &vault.info().officer)
    }

    fn text_for(&self, code: &str, officer: &str) -> Zeroizing<String> {
        use std::fmt::Write as _;
        let public = self.identity.to_public().to_string();
        let secret = self.identity.to_string();
        let header = format!(
            "# Casebook {} ({code}, {officer})\n# created: {}\n# public key: {public}\n",
            self.title,
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        );
        let capacity = header.len()
            + self
                .signing_seed
                .map_or(0, |_| SIGNING_SEED_LABEL.len() + 2 + 64 + 1)
            + secret.expose_secret().len()
            + 1
            + self
                .previous
                .iter()
                .map(|p| EARLIER_LABEL.len() + 3 + p.len() + 1)
                .sum::<usize>()
            + self
                .rotations
                .map_or(0, |r| ROTATIONS_LABEL.len() + 2 + r.len() + 1);
        let mut text = Zeroizing::new(String::with_capacity(capacity));
        text.push_str(&header);
        // The signing key rides in a comment, so that the decrypted text
        // stays an identity file the `age` tool reads.
        if let Some(seed) = self.signing_seed {
            text.push_str("# ");
            text.push_str(SIGNING_SEED_LABEL);
            let mut digits = Zeroizing::new([0u8; 64]);
            if hex::encode_to_slice(&seed[..], &mut digits[..]).is_ok() {
                text.push_str(std::str::from_utf8(&digits[..]).unwrap_or_default());
            }
            text.push('\n');
        }
        text.push_str(secret.expose_secret());
        text.push('\n');
        // After a rotation: the earlier identities (the `age` tool tries
        // every identity of the file) and the rotations that later
        // replies announce.
        for previous in self.previous {
            let _ = write!(text, "# {EARLIER_LABEL}\n{}\n", previous.as_str());
        }
        if let Some(rotations) = self.rotations {
            let _ = writeln!(text, "# {ROTATIONS_LABEL}{rotations}");
        }
        debug_assert!(text.len() <= capacity);
        text
    }
}

/// Encrypts an identity backup's text to `passphrase` (scrypt) in memory
/// and writes it to `out`, atomically and private.
pub(super) fn seal_identity_backup(
    out: &Path,
    plaintext: &str,
    passphrase: &SecretString,
    new_only: bool,
) -> Result<(), Error> {
    if let Some(weakness) = vault::passphrase_weakness(passphrase.expose_secret(), &[]) {
        return Err(vault::Error::WeakPassphrase(weakness).into());
    }
    let encryptor = age::Encryptor::with_user_passphrase(passphrase.clone());
    let mut ciphertext = Vec::new();
    let mut writer = encryptor
        .wrap_output(&mut ciphertext)
        .map_err(|e| Error::io("cannot encrypt the identity", e))?;
    writer
        .write_all(plaintext.as_bytes())
        .and_then(|()| writer.finish().map(drop))
        .map_err(|e| Error::io("cannot encrypt the identity", e))?;
    if new_only {
        fsutil::write_new_atomically(out, &ciphertext)?;
    } else {
        fsutil::write_atomically(out, &ciphertext)?;
    }
    Ok(())
}

/// The comment of an identity backup that carries the commission's signing
/// key (the seed, hex).
const SIGNING_SEED_LABEL: &str = "reply signing key (ed25519 seed): ";
/// The comment before each identity the commission held before a rotation.
const EARLIER_LABEL: &str = "earlier key, kept for files still encrypted to it:";
/// The comment that carries the commission's key rotations (JSON).
const ROTATIONS_LABEL: &str = "key rotations: ";

/// Commission: replaces the vault's identity with the one in a backup made
/// by `write_identity_backup`, and its reply signing key with the backup's
/// (a backup made before replies were signed has none: the vault keeps its
/// own). Returns the fingerprints of the replaced and the restored key
/// files.
pub fn restore_identity(
    vault: &mut Vault,
    file: &Path,
    passphrase: &SecretString,
) -> Result<(String, String), Error> {
    if vault.info().role != Role::Commission {
        return Err(vault::Error::InvalidSetting(
            "identity-restore is for the commission; a mission's keys come back with its vault backup (restore)".into(),
        )
        .into());
    }
    let previous = commission_fingerprint(vault)?;
    let bytes =
        std::fs::read(file).map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    let decryptor = age::Decryptor::new(&bytes[..]).map_err(|_| Error::NotAnIdentityBackup)?;
    let identity = age::scrypt::Identity::new(passphrase.clone());
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|_| Error::NotAnIdentityBackup)?;
    // Room for the whole text from the start (it is shorter than the
    // file), so that no buffer the text outgrew is freed unwiped.
    let mut text = Zeroizing::new(String::with_capacity(bytes.len()));
    reader
        .read_to_string(&mut text)
        .map_err(|_| Error::NotAnIdentityBackup)?;
    // A mission's reply key, or any other identity file, is not the
    // commission's identity.
    if !text
        .lines()
        .next()
        .is_some_and(|line| line.starts_with(&format!("# Casebook {COMMISSION_TITLE} (")))
    {
        return Err(Error::NotAnIdentityBackup);
    }
    // The first identity is the current one; any after it were replaced
    // by rotations.
    let mut identities = Vec::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("AGE-SECRET-KEY-1"))
    {
        let identity =
            age::x25519::Identity::from_str(line).map_err(|_| Error::NotAnIdentityBackup)?;
        identities.push(Zeroizing::new(
            identity.to_string().expose_secret().to_owned(),
        ));
    }
    if identities.is_empty() {
        return Err(Error::NotAnIdentityBackup);
    }
    if identities.len() > 1 + MAX_EARLIER_IDENTITIES {
        return Err(vault::Error::InvalidSetting(format!(
            "this identity backup holds {} earlier keys; Casebook keeps at most {MAX_EARLIER_IDENTITIES}, so it was not written by Casebook and is not restored",
            identities.len() - 1
        ))
        .into());
    }
    let identity = identities.remove(0);
    let mut seed = Zeroizing::new([0u8; 32]);
    let signing = text
        .lines()
        .filter_map(|line| {
            line.trim()
                .strip_prefix("# ")?
                .strip_prefix(SIGNING_SEED_LABEL)
        })
        .find(|hex_seed| hex::decode_to_slice(hex_seed.trim(), &mut *seed).is_ok())
        .is_some();
    let rotations = text
        .lines()
        .filter_map(|line| {
            line.trim()
                .strip_prefix("# ")?
                .strip_prefix(ROTATIONS_LABEL)
        })
        .find(|json| serde_json::from_str::<Vec<Rotation>>(json).is_ok())
        .map(str::to_owned);
    let restored_key = signing.then(|| SigningKey::from_bytes(&seed).verifying_key().to_bytes());
    // The backup's own rotations must lead, endorsement by endorsement,
    // to the signing key it holds.
    if let (Some(key), Some(json)) = (restored_key, rotations.as_deref()) {
        let chain: Vec<Rotation> =
            serde_json::from_str(json).map_err(|_| Error::NotAnIdentityBackup)?;
        if !chain_ends_at(&chain, &key) {
            return Err(vault::Error::InvalidSetting(
                "the key rotations in this identity backup do not lead to the signing key it holds; it is damaged and is not restored".into(),
            )
            .into());
        }
    }
    // A backup made before a rotation this vault made: its signing key was
    // endorsed away (or its identity replaced) since. Missions that took
    // the newer keys would refuse every reply signed by the older one, so
    // the vault keeps its current keys and rotations, and only adds the
    // backup's identities to its earlier ones (files encrypted to them
    // still import).
    let current_identity = vault.commission_identity_text()?;
    let older = (identity.as_str() != current_identity.as_str()
        && vault
            .previous_commission_identities()?
            .iter()
            .any(|held| held.as_str() == identity.as_str()))
        || restored_key.is_some_and(|key| {
            let key = hex::encode(key);
            super::commission_rotation::rotations(vault)
                .is_ok_and(|all| all.iter().any(|r| r.previous_signing_key == key))
        });
    if older {
        let mut earlier = vec![identity];
        earlier.extend(identities);
        vault.replace_commission_identity(&RestoredKeys {
            identity: current_identity,
            signing_seed: None,
            previous: earlier,
            rotations: None,
        })?;
        return Ok((previous, commission_fingerprint(vault)?));
    }
    vault.replace_commission_identity(&RestoredKeys {
        identity,
        signing_seed: signing.then_some(seed),
        previous: identities,
        rotations,
    })?;
    Ok((previous, commission_fingerprint(vault)?))
}

/// No commission rotates its keys more often than this; an identity
/// backup with more earlier keys was not written by Casebook.
pub const MAX_EARLIER_IDENTITIES: usize = 64;

/// The rotations, oldest first, each endorsed by the key before it, end
/// at `key`.
fn chain_ends_at(chain: &[Rotation], key: &[u8; 32]) -> bool {
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};
    let endorsed = chain.iter().all(|rotation| {
        let mut previous = [0u8; 32];
        let mut endorsement = [0u8; 64];
        hex::decode_to_slice(&rotation.previous_signing_key, &mut previous).is_ok()
            && hex::decode_to_slice(&rotation.endorsement, &mut endorsement).is_ok()
            && VerifyingKey::from_bytes(&previous).is_ok_and(|k| {
                k.verify(
                    super::reply::format::rotation_statement(rotation).as_bytes(),
                    &Signature::from_bytes(&endorsement),
                )
                .is_ok()
            })
    });
    let linked = chain
        .windows(2)
        .all(|pair| pair[0].signing_key == pair[1].previous_signing_key);
    endorsed
        && linked
        && chain
            .last()
            .is_none_or(|last| last.signing_key == hex::encode(key))
}

#[cfg(test)]
mod key_given_tests {
    use super::*;

    /// The backup's text is written into one buffer reserved for it and
    /// never grown: a reallocation would free an unwiped copy of the keys.
    #[test]
    fn an_identity_backups_text_is_never_grown() {
        let identity = age::x25519::Identity::generate();
        let seed = Zeroizing::new([7u8; 32]);
        let previous = vec![
            Zeroizing::new(
                age::x25519::Identity::generate()
                    .to_string()
                    .expose_secret()
                    .to_owned(),
            );
            3
        ];
        let rotations = "[{\"event\":\"commission-key-rotated\"}]";
        let keys = BackupKeys {
            title: COMMISSION_TITLE,
            identity: &identity,
            signing_seed: Some(&seed),
            previous: &previous,
            rotations: Some(rotations),
        };
        let text = keys.text_for("HQ", "J. Jonaitis");
        // Measured exactly: reserved once, filled to the last byte.
        assert_eq!(text.capacity(), text.len());
        assert!(text.contains(&hex::encode([7u8; 32])));
        assert!(text.contains(previous[0].as_str()));
        assert!(text.ends_with(&format!("{ROTATIONS_LABEL}{rotations}\n")));
        // Read back as the restore reads it: the first identity is the
        // current one.
        let first = text
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
            .unwrap_or_default();
        assert_eq!(first, identity.to_string().expose_secret());
    }

    #[test]
    fn a_commission_key_is_taken_as_given_and_anything_else_read_as_its_file() {
        let key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        assert_eq!(
            commission_key_given(&format!("  {key}\n")).ok().as_deref(),
            Some(key)
        );
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("commission.pub");
        std::fs::write(&file, format!("# the commission's key\n{key}\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        let given = file.display().to_string();
        assert_eq!(commission_key_given(&given).ok().as_deref(), Some(key));
        assert!(commission_key_given(&dir.path().join("missing").display().to_string()).is_err());
    }
}
