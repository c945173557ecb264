//! The vault header: how a passphrase becomes the database key (the costs
//! of deriving a key from a passphrase are `kdf.rs`).
//!
//! The database is encrypted by SQLCipher with a random 256-bit data key.
//! That key is stored only sealed, in the small `vault.json` header beside
//! the database: in format 2 to each officer's key slot (`slots.rs`: an
//! X25519 key pair whose secret is wrapped, XChaCha20-Poly1305, under a key
//! derived from the officer's passphrase with Argon2id); in format 1, still
//! read and replaced at the first unlock, wrapped under the one passphrase.
//! This gives the properties the product needs:
//!
//! - a wrong passphrase is detected by the header alone (the AEAD tag does not
//!   verify), so the database is never touched by a failed unlock;
//! - the header is replaced with one atomic rename, so a crash at any moment
//!   leaves either the old or the new header; a passphrase change and an
//!   officer's removal also re-key the database (`rekey.rs` says in what order);
//! - the Argon2id parameters and salt travel with the vault, bound to the
//!   wrapped key as associated data so that they cannot be swapped; they are
//!   bounded (a floor when sealing, a ceiling checked before any derivation
//!   allocates), so that a header cannot make an unlock weak or endless.

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::kdf::{KdfHeader, KdfParams};
use super::slots::Slot;
use super::{Error, Result, fsutil};

pub(crate) const HEADER_FILE: &str = "vault.json";
pub(super) const FORMAT: &str = "casebook-vault";
/// Format 2: key slots (`slots.rs`). Format 1 (one passphrase) is still read.
pub(super) const HEADER_VERSION: u32 = 2;

/// A 256-bit key, wiped from memory when dropped.
pub(crate) type Key = Zeroizing<[u8; 32]>;

/// A secret encrypted (XChaCha20-Poly1305) under a key a passphrase derives.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WrappedKey {
    cipher: String,
    nonce: String,
    ciphertext: String,
}

#[cfg(test)]
impl WrappedKey {
    pub(super) fn ciphertext_hex(&self) -> &str {
        &self.ciphertext
    }

    pub(super) fn with_ciphertext_hex(&self, ciphertext: String) -> WrappedKey {
        WrappedKey {
            ciphertext,
            ..self.clone()
        }
    }
}

impl WrappedKey {
    /// The nonce's and the ciphertext's sizes checked when read (at most
    /// 256 bytes: the largest Casebook wraps is 80).
    pub(super) fn check_shape(&self) -> Result<()> {
        check_hex(&self.nonce, 24..=24, "nonce")?;
        check_hex(&self.ciphertext, 16..=256, "wrapped key")?;
        if self.cipher.len() > 32 {
            return Err(damaged_header("algorithm names"));
        }
        Ok(())
    }
}

/// Encrypts `secret` under `wrapping_key`, bound to `aad`.
pub(super) fn wrap(wrapping_key: &Key, secret: &[u8], aad: &[u8]) -> Result<WrappedKey> {
    let mut nonce = [0u8; 24];
    OsRng.fill_bytes(&mut nonce);
    let ciphertext = XChaCha20Poly1305::new((&**wrapping_key).into())
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: secret, aad })
        .map_err(|_| Error::Damaged("the key could not be sealed".into()))?;
    Ok(WrappedKey {
        cipher: "xchacha20poly1305".into(),
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    })
}

/// Decrypts what [`wrap`] wrote, or `WrongPassphrase` when the tag does not
/// verify (a wrong passphrase, or an altered block).
pub(super) fn unwrap(
    wrapping_key: &Key,
    wrapped: &WrappedKey,
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>> {
    if wrapped.cipher != "xchacha20poly1305" {
        return Err(damaged_header("algorithm names"));
    }
    let nonce = hex::decode(&wrapped.nonce).map_err(|_| damaged_header("nonce"))?;
    let ciphertext = hex::decode(&wrapped.ciphertext).map_err(|_| damaged_header("wrapped key"))?;
    if nonce.len() != 24 {
        return Err(damaged_header("nonce or salt length"));
    }
    Ok(Zeroizing::new(
        XChaCha20Poly1305::new((&**wrapping_key).into())
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &ciphertext,
                    aad,
                },
            )
            .map_err(|_| Error::WrongPassphrase)?,
    ))
}

/// 32 bytes as a key, or the header is damaged.
pub(super) fn key_from(bytes: &[u8], what: &str) -> Result<Key> {
    let mut key = Zeroizing::new([0u8; 32]);
    if bytes.len() != key.len() {
        return Err(damaged_header(what));
    }
    key.copy_from_slice(bytes);
    Ok(key)
}

/// Who the vault belongs to, shown on the unlock screen before the database
/// can be read. In format 1 not authenticated; in format 2 covered by the
/// header's MAC (`slots.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    pub officer: String,
    pub mission_code: String,
}

/// The contents of `vault.json`. Nothing in it is secret.
///
/// Format 1: one passphrase (`kdf`) and the database key wrapped under it
/// (`key`). Format 2: one key slot per officer (`slots`) and a MAC over the
/// header under the vault's authentication key and the database key (`mac`); see `slots.rs` and
/// docs/threat-model.md. Format 1 is still read, and replaced by format 2 at
/// its first unlock.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    pub(super) format: String,
    pub(super) version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) owner: Option<Owner>,
    /// Format 1: the passphrase's key derivation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kdf: Option<KdfHeader>,
    /// Format 1: the database key, wrapped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<WrappedKey>,
    /// Format 2: one per officer, in the order they were added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) slots: Vec<Slot>,
    /// Format 2: HMAC-SHA256 of the header under the authentication key
    /// and the database key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) mac: Option<String>,
    /// Set by a restore from a backup, until the first unlock after it has
    /// started a new restore epoch (`epoch.rs`): a random marker. Outside
    /// the MAC: a restore writes it without the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    restored: Option<String>,
    /// Format 2: the unlock screen asks each officer to type their name
    /// instead of listing the officers (`Vault::set_officer_list_hidden`).
    /// Covered by the MAC when set; absent when not, so that a header
    /// without it is byte for byte what it was before the setting existed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub(super) hide_officers: bool,
}

pub(super) fn is_false(value: &bool) -> bool {
    !*value
}

/// What a passphrase opened.
pub(crate) struct Unlocked {
    /// The database key.
    pub(crate) key: Key,
    /// The vault's authentication key (format 2; for format 1 a new one,
    /// which the header written at this unlock starts to use).
    pub(crate) auth: Key,
    /// The officer whose slot opened (format 2); `None` for format 1, whose
    /// one officer is named in the database.
    pub(crate) officer: Option<String>,
    /// The costs of the key derivation that ran.
    pub(crate) kdf: KdfParams,
}

impl Header {
    /// A format 2 header of one slot, for `owner`'s officer, holding
    /// `data_key` and the authentication key `auth` under `passphrase`.
    pub(crate) fn seal(
        data_key: &Key,
        auth: &Key,
        passphrase: &SecretString,
        kdf: KdfParams,
        owner: Option<Owner>,
    ) -> Result<Header> {
        kdf.check_floor()?;
        let officer = owner
            .as_ref()
            .map(|o| o.officer.clone())
            .ok_or_else(|| damaged_header("no officer"))?;
        let slot = Slot::new(&officer, passphrase, kdf, data_key, auth)?;
        Ok(Header::with_slots(owner, vec![slot], data_key, auth))
    }

    /// A format 1 header, as Casebook wrote it before key slots, without
    /// the floor: for tests that need a header an older Casebook wrote.
    #[cfg(test)]
    pub(crate) fn seal_v1(
        data_key: &Key,
        passphrase: &SecretString,
        kdf: KdfParams,
        owner: Option<Owner>,
    ) -> Result<Header> {
        let kdf = KdfHeader::fresh(kdf);
        let wrapping_key = kdf.wrapping_key(passphrase)?;
        let key = wrap(&wrapping_key, data_key.as_ref(), &v1_associated_data(&kdf))?;
        Ok(Header {
            format: FORMAT.into(),
            version: 1,
            owner,
            kdf: Some(kdf),
            key: Some(key),
            slots: Vec::new(),
            mac: None,
            restored: None,
            hide_officers: false,
        })
    }

    /// A format 2 header of `slots`, authenticated under the vault's
    /// authentication key `auth` and `data_key`.
    pub(crate) fn with_slots(
        owner: Option<Owner>,
        slots: Vec<Slot>,
        data_key: &Key,
        auth: &Key,
    ) -> Header {
        let mut header = Header {
            format: FORMAT.into(),
            version: HEADER_VERSION,
            owner,
            kdf: None,
            key: None,
            slots,
            mac: None,
            restored: None,
            hide_officers: false,
        };
        header.mac = Some(super::slots::mac(&header, auth, data_key));
        header
    }

    /// A format 2 header of `slots` that keeps what `template` says of the
    /// vault (its owner, whether the officer list is hidden, a restore
    /// marker), authenticated under `auth` and `data_key`.
    pub(crate) fn resealed_like(
        template: &Header,
        slots: Vec<Slot>,
        data_key: &Key,
        auth: &Key,
    ) -> Header {
        let mut header = Header {
            hide_officers: template.hide_officers,
            ..Header::with_slots(template.owner.clone(), slots, data_key, auth)
        };
        header.mac = Some(super::slots::mac(&header, auth, data_key));
        header.keep_restored(template.restored());
        header
    }

    /// Whether the unlock screen asks for a typed name instead of listing
    /// the officers (format 2; never for format 1).
    pub(crate) fn hides_officers(&self) -> bool {
        !self.is_v1() && self.hide_officers
    }

    /// Recovers the data key as the only officer, or `WrongPassphrase`.
    #[cfg(test)]
    pub(crate) fn open(&self, passphrase: &SecretString) -> Result<Key> {
        Ok(self.open_as(None, passphrase)?.key)
    }

    /// Recovers the data key as `officer` (the only one when `None`), or
    /// `WrongPassphrase`; in format 2 the MAC is checked with it.
    pub(crate) fn open_as(
        &self,
        officer: Option<&str>,
        passphrase: &SecretString,
    ) -> Result<Unlocked> {
        if self.version >= 2 {
            return super::slots::open(self, officer, passphrase);
        }
        // The name asked for is checked against the database's officer
        // once it is open (`open.rs`): the format 1 `owner` is not
        // authenticated.
        let _ = officer;
        let (Some(kdf), Some(wrapped)) = (&self.kdf, &self.key) else {
            return Err(damaged_header("no key"));
        };
        let wrapping_key = kdf.wrapping_key(passphrase)?;
        let plain = unwrap(&wrapping_key, wrapped, &v1_associated_data(kdf))?;
        Ok(Unlocked {
            key: key_from(&plain, "wrapped key length")?,
            auth: random_key(),
            officer: None,
            kdf: kdf.params,
        })
    }

    /// Whether this is a format 1 header (one passphrase, no slots).
    pub(crate) fn is_v1(&self) -> bool {
        self.version < 2
    }

    /// The officers who can unlock, in order; for format 1 the owner's name
    /// if the header has one.
    pub(crate) fn officers(&self) -> Vec<String> {
        if self.is_v1() {
            return self.owner.iter().map(|o| o.officer.clone()).collect();
        }
        self.slots.iter().map(|s| s.officer().to_owned()).collect()
    }

    pub(crate) fn owner(&self) -> Option<&Owner> {
        self.owner.as_ref()
    }

    /// The restore marker, if the vault was restored and not unlocked since.
    pub(crate) fn restored(&self) -> Option<&str> {
        self.restored.as_deref()
    }

    /// Marks the header of a vault being restored from a backup, with a new
    /// random marker (see `epoch.rs`).
    pub(crate) fn mark_restored(&mut self) {
        self.restored = Some(uuid::Uuid::now_v7().to_string());
    }

    /// Carries `marker` (a restore not yet followed by a finished unlock)
    /// into a header sealed again, so that its epoch still starts.
    pub(crate) fn keep_restored(&mut self, marker: Option<&str>) {
        self.restored = marker.map(str::to_owned);
    }

    /// Removes the restore marker once its epoch has been started.
    pub(crate) fn clear_restored(&mut self) {
        self.restored = None;
    }

    /// The costs of `officer`'s passphrase (format 1: the one passphrase;
    /// format 2 with no such officer: the first slot's).
    pub(crate) fn kdf_params_of(&self, officer: &str) -> KdfParams {
        if let Some(kdf) = &self.kdf {
            return kdf.params;
        }
        self.slots
            .iter()
            .find(|s| same_name(s.officer(), officer))
            .or(self.slots.first())
            .map(|s| s.kdf_params())
            .unwrap_or_else(KdfParams::insecure_for_tests)
    }

    /// The costs of the first (format 1: the only) passphrase.
    #[cfg(test)]
    pub(crate) fn kdf_params(&self) -> KdfParams {
        self.kdf_params_of("")
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        // Plain strings and integers always serialize.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Header> {
        if let Some(destroyed) = super::destroy::destroyed_error(bytes) {
            return Err(destroyed);
        }
        let header: Header = serde_json::from_slice(bytes).map_err(|e| {
            Error::Damaged(format!(
                "the vault header {HEADER_FILE} cannot be read ({e})"
            ))
        })?;
        if header.format != FORMAT {
            return Err(Error::Damaged(format!(
                "{HEADER_FILE} is not a Casebook vault header"
            )));
        }
        if header.version > HEADER_VERSION {
            return Err(Error::VaultNewerThanApp {
                found: header.version,
                supported: HEADER_VERSION,
            });
        }
        let complete = if header.is_v1() {
            header.kdf.is_some() && header.key.is_some() && header.slots.is_empty()
        } else {
            header.kdf.is_none()
                && header.key.is_none()
                && !header.slots.is_empty()
                && header.mac.is_some()
        };
        if !complete {
            return Err(damaged_header("its parts do not match its format"));
        }
        header.check_shape()?;
        Ok(header)
    }

    /// Every field within the sizes Casebook writes, checked when read
    /// (before any derivation or decoding): at most
    /// [`super::slots::MAX_OFFICERS`] slots, names of one line and at most
    /// 80 characters, salts, nonces, keys and MACs of their lengths.
    fn check_shape(&self) -> Result<()> {
        if self.slots.len() > super::slots::MAX_OFFICERS {
            return Err(damaged_header("more officers than a vault can have"));
        }
        if let Some(owner) = &self.owner {
            super::slots::check_name_shape(&owner.officer)?;
            if owner.mission_code.chars().count() > 80 {
                return Err(damaged_header("the mission code"));
            }
        }
        if let Some(kdf) = &self.kdf {
            kdf.check_shape()?;
        }
        if let Some(key) = &self.key {
            key.check_shape()?;
        }
        for slot in &self.slots {
            slot.check_shape()?;
        }
        if let Some(mac) = &self.mac {
            check_hex(mac, 32..=32, "mac")?;
        }
        if self.restored.as_ref().is_some_and(|r| r.len() > 64) {
            return Err(damaged_header("restore marker"));
        }
        Ok(())
    }
    pub(crate) fn read(dir: &Path) -> Result<Header> {
        Header::from_bytes(&read_bytes(dir)?)
    }

    /// Replaces the header on disk atomically: a crash leaves the old or the
    /// new one, never a mix.
    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        fsutil::write_atomically(&dir.join(HEADER_FILE), &self.to_bytes())
    }
}

/// The bytes of the header in `dir`, as they are on disk.
/// at most [`MAX_HEADER_BYTES`] of them (a header is a few KiB; a larger
/// file is not read into memory).
pub(crate) fn read_bytes(dir: &Path) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let path = dir.join(HEADER_FILE);
    let failed = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NoVault(dir.to_path_buf()),
        _ => Error::io(format!("cannot read {}", path.display()), e),
    };
    let mut bytes = Vec::new();
    std::fs::File::open(&path)
        .and_then(|file| file.take(MAX_HEADER_BYTES + 1).read_to_end(&mut bytes))
        .map_err(failed)?;
    if bytes.len() as u64 > MAX_HEADER_BYTES {
        return Err(damaged_header(
            "it is larger than any header Casebook writes",
        ));
    }
    Ok(bytes)
}

/// The largest header read: 16 slots take about 16 KiB.
pub(crate) const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// Refuses a field that is not hex of a length in `lengths` (in bytes),
/// before it is decoded or used.
pub(super) fn check_hex(
    text: &str,
    lengths: std::ops::RangeInclusive<usize>,
    what: &str,
) -> Result<()> {
    let ok = text.len().is_multiple_of(2)
        && lengths.contains(&(text.len() / 2))
        && text.bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(damaged_header(what))
    }
}

pub(super) fn damaged_header(what: &str) -> Error {
    Error::Damaged(format!(
        "the vault header {HEADER_FILE} is damaged ({what})"
    ))
}

/// Format 1 bound the wrapped key to its costs and salt.
fn v1_associated_data(kdf: &KdfHeader) -> Vec<u8> {
    let mut aad = format!("{FORMAT}/1/").into_bytes();
    aad.extend(kdf.to_bytes());
    aad
}

/// Whether two officers' names are the same name (case, Unicode
/// normalisation and the spaces around them aside: `slots::name_key`).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    super::slots::name_key(a) == super::slots::name_key(b)
}

/// A new random data key.
pub(crate) fn random_key() -> Key {
    let mut key = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(key.as_mut());
    key
}

/// The SQL that hands a raw key to SQLCipher (`x'…'` skips its own PBKDF2,
/// which would add nothing on top of Argon2id). Wiped after use.
pub(crate) fn key_pragma(key: &Key) -> Zeroizing<String> {
    key_text("PRAGMA key = \"", key, "\";")
}

/// A raw key as SQLCipher takes it in `ATTACH ... KEY` (`x'…'`). Wiped
/// after use.
pub(crate) fn raw_key_text(key: &Key) -> Zeroizing<String> {
    key_text("", key, "")
}

/// `head`, the key as `x'<hex>'`, `tail`. The hex digits are written one by
/// one into a text sized for them once: no temporary hex string, and no
/// growth that would leave a copy behind.
fn key_text(head: &str, key: &Key, tail: &str) -> Zeroizing<String> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = Zeroizing::new(String::with_capacity(
        head.len() + 3 + 2 * key.len() + tail.len(),
    ));
    text.push_str(head);
    text.push_str("x'");
    for byte in key.iter() {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text.push('\'');
    text.push_str(tail);
    text
}

/// Why a new passphrase is not good enough, in English (the window puts
/// [`super::passphrase::Weakness`] in the interface language).
pub fn passphrase_weakness(passphrase: &str, context: &[&str]) -> Option<String> {
    super::passphrase::weakness(passphrase, context).map(|w| w.to_string())
}

#[cfg(test)]
mod key_pragma_tests {
    use super::*;

    #[test]
    fn the_key_pragma_is_written_in_place_without_a_loose_hex_copy() {
        let key = random_key();
        let sql = key_pragma(&key);
        assert_eq!(
            sql.as_str(),
            format!("PRAGMA key = \"x'{}'\";", hex::encode(*key))
        );
        // Never grown: a reallocation would free an unwiped part of the key.
        assert_eq!(sql.capacity(), sql.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header larger than any Casebook writes is not read into memory;
    /// more slots than a vault can have, or fields of the wrong size, are
    /// refused when the header is read, before any derivation.
    #[test]
    fn a_header_out_of_bounds_is_refused_when_read() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let huge = vec![b' '; (MAX_HEADER_BYTES + 1) as usize];
        std::fs::write(dir.path().join(HEADER_FILE), &huge).unwrap_or_else(|e| panic!("{e}"));
        let read = Header::read(dir.path());
        assert!(
            matches!(&read, Err(Error::Damaged(m)) if m.contains("larger than any header")),
            "{:?}",
            read.err()
        );

        let cheap = KdfParams::insecure_for_tests();
        let key = random_key();
        let auth = random_key();
        let pass = SecretString::from("amber meadow".to_owned());
        let slots: Vec<Slot> = (0..=super::super::slots::MAX_OFFICERS)
            .map(|i| {
                Slot::new(&format!("Officer {i}"), &pass, cheap, &key, &auth)
                    .unwrap_or_else(|e| panic!("{e}"))
            })
            .collect();
        let too_many = Header::with_slots(None, slots.clone(), &key, &auth);
        let read = Header::from_bytes(&too_many.to_bytes());
        assert!(
            matches!(&read, Err(Error::Damaged(m)) if m.contains("more officers")),
            "{:?}",
            read.err()
        );
        let fine = Header::with_slots(None, slots[..2].to_vec(), &key, &auth);
        let text = String::from_utf8(fine.to_bytes()).unwrap_or_default();
        assert!(Header::from_bytes(text.as_bytes()).is_ok());
        let mut value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        let long_salt = "00".repeat(4096);
        let long_name = "x".repeat(81);
        let edits: [(&str, serde_json::Value); 4] = [
            ("salt", long_salt.into()),
            ("officer", long_name.into()),
            ("recipient", "00".repeat(33).into()),
            ("officer", "two\nlines".into()),
        ];
        for (field, edit) in edits {
            let mut edited = value.clone();
            let slot = &mut edited["slots"][0];
            if field == "salt" {
                slot["kdf"]["salt"] = edit;
            } else {
                slot[field] = edit;
            }
            let bytes = serde_json::to_vec(&edited).unwrap_or_default();
            assert!(
                matches!(Header::from_bytes(&bytes), Err(Error::Damaged(_))),
                "{field}"
            );
        }
        value["slots"][0]["sealed"]["key"]["ciphertext"] = "00".repeat(300).into();
        let bytes = serde_json::to_vec(&value).unwrap_or_default();
        assert!(matches!(Header::from_bytes(&bytes), Err(Error::Damaged(_))));
    }
}
