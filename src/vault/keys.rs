//! The vault header: how a passphrase becomes the database key.
//!
//! The database is encrypted by SQLCipher with a random 256-bit data key. That
//! key is stored only wrapped (XChaCha20-Poly1305) under a key derived from
//! the passphrase with Argon2id, in the small `vault.json` header beside the
//! database. This gives three properties the product needs:
//!
//! - a wrong passphrase is detected by the header alone (the AEAD tag does not
//!   verify), so the database is never touched by a failed unlock;
//! - changing the passphrase rewrites only the header, with one atomic rename,
//!   so a crash at any moment leaves either the old or the new header (never a
//!   half re-encrypted database), however large the vault;
//! - the Argon2id parameters and salt travel with the vault, bound to the
//!   wrapped key as associated data so that they cannot be swapped.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Error, Result, fsutil};

pub(crate) const HEADER_FILE: &str = "vault.json";
const FORMAT: &str = "casebook-vault";
const HEADER_VERSION: u32 = 1;

/// A 256-bit key, wiped from memory when dropped.
pub(crate) type Key = Zeroizing<[u8; 32]>;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl KdfParams {
    /// Memory cost used unless the machine is too slow for it (64 MiB).
    const DEFAULT_MEMORY_KIB: u32 = 64 * 1024;
    /// Never go below the OWASP minimum for Argon2id (19 MiB).
    const MIN_MEMORY_KIB: u32 = 19 * 1024;
    /// Aim for the middle of the 0.5–1.0 s band.
    const TARGET_SECONDS: f64 = 0.75;

    /// Parameters so cheap that they protect nothing: for tests only, where
    /// hundreds of vaults are opened. Never used by the application itself.
    pub fn insecure_for_tests() -> KdfParams {
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }

    /// Finds parameters that take about 0.75 s on this machine: 64 MiB of
    /// memory (less on a machine too slow for it) and as many passes as fit.
    pub fn calibrate() -> Result<KdfParams> {
        let mut params = KdfParams {
            memory_kib: Self::DEFAULT_MEMORY_KIB,
            iterations: 1,
            parallelism: 1,
        };
        let mut one_pass = params.time_one_derivation()?;
        while one_pass > Self::TARGET_SECONDS && params.memory_kib / 2 >= Self::MIN_MEMORY_KIB {
            params.memory_kib /= 2;
            one_pass = params.time_one_derivation()?;
        }
        // Passes after the first cost less than the first (the memory is
        // already mapped), so estimate, then measure and correct. Each
        // candidate is timed twice and the faster time kept: other work on
        // the machine only ever makes a derivation slower, and parameters
        // fitted to a busy moment fall below the band once it is quiet. The
        // aim is the middle of the 0.5–1.0 s band, with room either side.
        let mut passes = (Self::TARGET_SECONDS / one_pass).round().max(1.0);
        for _ in 0..6 {
            // A float to integer cast saturates; the value is small and positive.
            params.iterations = passes as u32;
            let took = params
                .time_one_derivation()?
                .min(params.time_one_derivation()?);
            if (0.65..=0.85).contains(&took) || (params.iterations == 1 && took > 0.85) {
                break;
            }
            passes = (passes * Self::TARGET_SECONDS / took).round().max(1.0);
        }
        Ok(params)
    }

    fn time_one_derivation(&self) -> Result<f64> {
        let salt = [0u8; 16];
        let started = std::time::Instant::now();
        self.derive(b"calibration", &salt)?;
        Ok(started.elapsed().as_secs_f64())
    }

    pub(crate) fn derive(&self, passphrase: &[u8], salt: &[u8]) -> Result<Key> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32))
            .map_err(|e| {
                Error::Damaged(format!("the key derivation parameters are invalid ({e})"))
            })?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let mut key = Zeroizing::new([0u8; 32]);
        argon2
            .hash_password_into(passphrase, salt, key.as_mut())
            .map_err(|e| Error::Damaged(format!("the key derivation failed ({e})")))?;
        Ok(key)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KdfHeader {
    algorithm: String,
    #[serde(flatten)]
    params: KdfParams,
    salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WrappedKey {
    cipher: String,
    nonce: String,
    ciphertext: String,
}

/// Who the vault belongs to, shown on the unlock screen before the database
/// can be read. Not authenticated: altering it changes only what is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    pub officer: String,
    pub mission_code: String,
}

/// The contents of `vault.json`. Nothing in it is secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Header {
    format: String,
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner: Option<Owner>,
    kdf: KdfHeader,
    key: WrappedKey,
    /// Set by a restore from a backup, until the first unlock after it has
    /// started a new restore epoch (`epoch.rs`): a random marker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    restored: Option<String>,
}

impl Header {
    /// Wraps `data_key` under a key derived from `passphrase` with a fresh salt.
    pub(crate) fn seal(
        data_key: &Key,
        passphrase: &SecretString,
        kdf: KdfParams,
        owner: Option<Owner>,
    ) -> Result<Header> {
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let kdf = KdfHeader {
            algorithm: "argon2id".into(),
            params: kdf,
            salt: hex::encode(salt),
        };
        let wrapping_key = kdf
            .params
            .derive(passphrase.expose_secret().as_bytes(), &salt)?;
        let aad = associated_data(&kdf);
        let ciphertext = XChaCha20Poly1305::new((&*wrapping_key).into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: data_key.as_ref(),
                    aad: &aad,
                },
            )
            .map_err(|_| Error::Damaged("the key could not be sealed".into()))?;
        Ok(Header {
            format: FORMAT.into(),
            version: HEADER_VERSION,
            owner,
            kdf,
            restored: None,
            key: WrappedKey {
                cipher: "xchacha20poly1305".into(),
                nonce: hex::encode(nonce),
                ciphertext: hex::encode(ciphertext),
            },
        })
    }

    /// Recovers the data key, or `WrongPassphrase`.
    pub(crate) fn open(&self, passphrase: &SecretString) -> Result<Key> {
        let salt = hex::decode(&self.kdf.salt).map_err(|_| damaged_header("salt"))?;
        let nonce = hex::decode(&self.key.nonce).map_err(|_| damaged_header("nonce"))?;
        let ciphertext =
            hex::decode(&self.key.ciphertext).map_err(|_| damaged_header("wrapped key"))?;
        if nonce.len() != 24 || salt.len() < 16 {
            return Err(damaged_header("nonce or salt length"));
        }
        let wrapping_key = self
            .kdf
            .params
            .derive(passphrase.expose_secret().as_bytes(), &salt)?;
        let aad = associated_data(&self.kdf);
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new((&*wrapping_key).into())
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| Error::WrongPassphrase)?,
        );
        let mut key = Zeroizing::new([0u8; 32]);
        if plain.len() != key.len() {
            return Err(damaged_header("wrapped key length"));
        }
        key.copy_from_slice(&plain);
        Ok(key)
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

    /// Removes the restore marker once its epoch has been started.
    pub(crate) fn clear_restored(&mut self) {
        self.restored = None;
    }

    pub(crate) fn kdf_params(&self) -> KdfParams {
        self.kdf.params
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        // Plain strings and integers always serialize.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Header> {
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
        if header.kdf.algorithm != "argon2id" || header.key.cipher != "xchacha20poly1305" {
            return Err(damaged_header("algorithm names"));
        }
        Ok(header)
    }

    pub(crate) fn read(dir: &Path) -> Result<Header> {
        let path = dir.join(HEADER_FILE);
        let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::NoVault(dir.to_path_buf()),
            _ => Error::io(format!("cannot read {}", path.display()), e),
        })?;
        Header::from_bytes(&bytes)
    }

    /// Replaces the header on disk atomically: a crash leaves the old or the
    /// new one, never a mix.
    pub(crate) fn write(&self, dir: &Path) -> Result<()> {
        fsutil::write_atomically(&dir.join(HEADER_FILE), &self.to_bytes())
    }
}

fn damaged_header(what: &str) -> Error {
    Error::Damaged(format!(
        "the vault header {HEADER_FILE} is damaged ({what})"
    ))
}

fn associated_data(kdf: &KdfHeader) -> Vec<u8> {
    let mut aad = format!("{FORMAT}/{HEADER_VERSION}/").into_bytes();
    aad.extend(serde_json::to_vec(kdf).unwrap_or_default());
    aad
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
    Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex::encode(**key)))
}

/// Why a new passphrase is not good enough.
pub fn passphrase_weakness(passphrase: &str, context: &[&str]) -> Option<String> {
    const MIN_CHARS: usize = 12;
    if passphrase.chars().count() < MIN_CHARS {
        return Some(format!(
            "use at least {MIN_CHARS} characters; several unrelated words are easiest to remember"
        ));
    }
    let entropy = zxcvbn::zxcvbn(passphrase, context);
    if (entropy.score() as u8) < 3 {
        let hint = entropy
            .feedback()
            .and_then(|f| f.warning().map(|w| w.to_string()))
            .unwrap_or_else(|| "it would be guessed too easily".into());
        return Some(format!("{hint}; add more unrelated words"));
    }
    None
}
