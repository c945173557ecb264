//! The vault header: how a passphrase becomes the database key.
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

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::slots::Slot;
use super::{Error, Result, fsutil};

pub(crate) const HEADER_FILE: &str = "vault.json";
pub(super) const FORMAT: &str = "casebook-vault";
/// Format 2: key slots (`slots.rs`). Format 1 (one passphrase) is still read.
pub(super) const HEADER_VERSION: u32 = 2;

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
    /// The floor, OWASP's two least costly Argon2id settings: at least
    /// 19 MiB with 2 passes, and 1 pass only from 46 MiB up. Calibration never
    /// goes below it, and a vault is never sealed below it.
    pub const FLOOR_MEMORY_KIB: u32 = 19 * 1024;
    /// From this much memory up, one pass meets the floor.
    pub const ONE_PASS_MEMORY_KIB: u32 = 46 * 1024;
    /// Never derive with more than 1 GiB (16 times what calibration picks),
    /// nor with more memory than the machine has available: a header that
    /// asks for more is refused before anything is allocated.
    pub const CEILING_MEMORY_KIB: u32 = 1024 * 1024;
    /// At most this many passes: calibration picks a few dozen at most on
    /// the fastest machines; more would keep an unlock busy for hours.
    pub const CEILING_PASSES: u32 = 256;
    /// At most this many lanes (calibration uses one).
    pub const CEILING_LANES: u32 = 16;
    /// At most this much work, memory times passes (in KiB): 8 GiB, that
    /// is 64 MiB over 128 passes or 1 GiB over 8, a few seconds; the two
    /// ceilings alone would allow 256 passes over 1 GiB (minutes).
    pub const CEILING_WORK_KIB: u64 = 8 * 1024 * 1024;
    /// Aim for the middle of the 0.5–1.0 s band.
    const TARGET_SECONDS: f64 = 0.75;

    /// Parameters so cheap that they protect nothing: for tests only, where
    /// hundreds of vaults are opened. Never used by the application itself;
    /// the only parameters below the floor that a vault may be sealed with.
    pub fn insecure_for_tests() -> KdfParams {
        KdfParams {
            memory_kib: 64,
            iterations: 1,
            parallelism: 1,
        }
    }

    /// Whether these parameters meet the floor ([`Self::FLOOR_MEMORY_KIB`]).
    pub fn meets_floor(&self) -> bool {
        self.memory_kib >= Self::FLOOR_MEMORY_KIB
            && self.iterations >= self.passes_needed()
            && self.parallelism >= 1
    }

    /// The fewest passes that meet the floor at this memory cost.
    fn passes_needed(&self) -> u32 {
        if self.memory_kib >= Self::ONE_PASS_MEMORY_KIB {
            1
        } else {
            2
        }
    }

    /// These parameters, raised where needed to meet the floor.
    pub fn raised_to_floor(self) -> KdfParams {
        let mut raised = self;
        raised.memory_kib = raised.memory_kib.max(Self::FLOOR_MEMORY_KIB);
        raised.iterations = raised.iterations.max(raised.passes_needed());
        raised.parallelism = raised.parallelism.max(1);
        raised
    }

    /// Whether these are the test-only costs ([`Self::insecure_for_tests`])
    /// in a build that accepts them: tests, debug builds (the binary the
    /// integration tests run) and benchmarks built with `bench-baseline`;
    /// never a release build of the application, where such costs are
    /// refused when sealing and raised to the floor at unlock like any
    /// other costs below it.
    pub(crate) fn are_test_costs(&self) -> bool {
        self.are_test_costs_in(cfg!(any(
            test,
            debug_assertions,
            feature = "bench-baseline"
        )))
    }

    fn are_test_costs_in(&self, build_accepts_them: bool) -> bool {
        build_accepts_them && *self == KdfParams::insecure_for_tests()
    }

    /// Refuses parameters below the floor, for a vault being created or a
    /// passphrase being changed.
    pub(crate) fn check_floor(&self) -> Result<()> {
        if self.meets_floor() || self.are_test_costs() {
            return Ok(());
        }
        Err(Error::InvalidSetting(format!(
            "the key derivation is too cheap ({} MiB, {} pass(es)); Casebook needs at least 19 MiB with 2 passes, or 46 MiB with 1",
            self.memory_kib / 1024,
            self.iterations
        )))
    }

    /// Refuses parameters that would exhaust the machine, before anything
    /// is allocated: a header is not authenticated until the derivation it
    /// asks for has run, so its costs must be bounded first.
    pub(crate) fn check_ceiling(&self) -> Result<()> {
        self.check_ceiling_on(machine_memory_kib())
    }

    /// [`Self::check_ceiling`] on a machine with this much memory in all
    /// and available now, in KiB (where the system says). More than the
    /// machine has in all, or than the fixed ceiling, can only be an altered
    /// header; more than is available just now is a busy machine, and the
    /// officer can free memory and try again.
    fn check_ceiling_on(&self, memory: MachineMemory) -> Result<()> {
        let limit_kib = match memory.total_kib {
            Some(total) => total.min(u64::from(Self::CEILING_MEMORY_KIB)),
            None => u64::from(Self::CEILING_MEMORY_KIB),
        };
        let asked_kib = u64::from(self.memory_kib);
        if asked_kib > limit_kib {
            return Err(Error::KdfMemoryTooLarge {
                asked_mib: asked_kib / 1024,
                limit_mib: limit_kib / 1024,
            });
        }
        if let Some(available) = memory.available_kib
            && asked_kib > available
        {
            return Err(Error::KdfMemoryShort {
                asked_mib: asked_kib / 1024,
                available_mib: available / 1024,
            });
        }
        if self.iterations > Self::CEILING_PASSES
            || self.parallelism > Self::CEILING_LANES
            || asked_kib * u64::from(self.iterations) > Self::CEILING_WORK_KIB
        {
            return Err(Error::Damaged(format!(
                "the vault header {HEADER_FILE} asks for {} passes over {} lanes of key derivation, more than Casebook ever writes (at most {} and {})",
                self.iterations,
                self.parallelism,
                Self::CEILING_PASSES,
                Self::CEILING_LANES
            )));
        }
        Ok(())
    }

    /// Finds parameters that take about 0.75 s on this machine: 64 MiB of
    /// memory (less on a machine too slow for it) and as many passes as fit,
    /// never below the floor even where that takes longer.
    pub fn calibrate() -> Result<KdfParams> {
        Self::calibrate_with(KdfParams::time_one_derivation)
    }

    /// [`Self::calibrate`] with the clock of a derivation given, so that a
    /// slow machine can be tried on a fast one.
    fn calibrate_with(mut time: impl FnMut(&KdfParams) -> Result<f64>) -> Result<KdfParams> {
        let mut params = KdfParams {
            memory_kib: Self::DEFAULT_MEMORY_KIB,
            iterations: 1,
            parallelism: 1,
        };
        let mut one_pass = time(&params)?;
        while one_pass > Self::TARGET_SECONDS && params.memory_kib / 2 >= Self::FLOOR_MEMORY_KIB {
            params.memory_kib /= 2;
            one_pass = time(&params)?;
        }
        // Below 46 MiB one pass is under the floor: the slow machine pays
        // with time rather than the vault with strength.
        let fewest = f64::from(params.passes_needed());
        // Passes after the first cost less than the first (the memory is
        // already mapped), so estimate, then measure and correct. Each
        // candidate is timed twice and the faster time kept: other work on
        // the machine only ever makes a derivation slower, and parameters
        // fitted to a busy moment fall below the band once it is quiet. The
        // aim is the middle of the 0.5–1.0 s band, with room either side.
        let mut passes = (Self::TARGET_SECONDS / one_pass).round().max(fewest);
        for _ in 0..6 {
            // A float to integer cast saturates; the value is small and positive.
            let work_passes = Self::CEILING_WORK_KIB / u64::from(params.memory_kib);
            params.iterations = (passes as u32)
                .min(Self::CEILING_PASSES)
                .min(u32::try_from(work_passes).unwrap_or(u32::MAX));
            let took = time(&params)?.min(time(&params)?);
            if (0.65..=0.85).contains(&took)
                || (f64::from(params.iterations) <= fewest && took > 0.85)
            {
                break;
            }
            passes = (passes * Self::TARGET_SECONDS / took).round().max(fewest);
        }
        Ok(params.raised_to_floor())
    }

    fn time_one_derivation(&self) -> Result<f64> {
        let salt = [0u8; 16];
        let started = std::time::Instant::now();
        self.derive(b"calibration", &salt)?;
        Ok(started.elapsed().as_secs_f64())
    }

    pub(crate) fn derive(&self, passphrase: &[u8], salt: &[u8]) -> Result<Key> {
        self.check_ceiling()?;
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

/// The key derivation of one passphrase: the costs and the random salt.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct KdfHeader {
    algorithm: String,
    #[serde(flatten)]
    pub(super) params: KdfParams,
    salt: String,
}

impl KdfHeader {
    /// These costs with a fresh random salt.
    pub(super) fn fresh(params: KdfParams) -> KdfHeader {
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        KdfHeader {
            algorithm: "argon2id".into(),
            params,
            salt: hex::encode(salt),
        }
    }

    /// The key `passphrase` derives under these costs and salt.
    pub(super) fn wrapping_key(&self, passphrase: &SecretString) -> Result<Key> {
        if self.algorithm != "argon2id" {
            return Err(damaged_header("algorithm names"));
        }
        let salt = hex::decode(&self.salt).map_err(|_| damaged_header("salt"))?;
        if salt.len() < 16 {
            return Err(damaged_header("nonce or salt length"));
        }
        self.params
            .derive(passphrase.expose_secret().as_bytes(), &salt)
    }

    /// The salt's size checked, and the costs' ceiling, when read.
    pub(super) fn check_shape(&self) -> Result<()> {
        check_hex(&self.salt, 16..=64, "salt")?;
        if self.algorithm.len() > 16 {
            return Err(damaged_header("algorithm names"));
        }
        Ok(())
    }

    /// The block as it is bound into associated data.
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

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
        };
        header.mac = Some(super::slots::mac(&header, auth, data_key));
        header
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

/// The machine's memory, where the system says, in KiB.
#[derive(Debug, Clone, Copy, Default)]
struct MachineMemory {
    /// All of it (Linux: `MemTotal`).
    total_kib: Option<u64>,
    /// What it can still give without swapping (Linux: `MemAvailable`).
    available_kib: Option<u64>,
}

fn machine_memory_kib() -> MachineMemory {
    #[cfg(target_os = "linux")]
    {
        let Ok(text) = std::fs::read_to_string("/proc/meminfo") else {
            return MachineMemory::default();
        };
        let field = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.trim().strip_suffix("kB"))
                .and_then(|n| n.trim().parse().ok())
        };
        MachineMemory {
            total_kib: field("MemTotal:"),
            available_kib: field("MemAvailable:"),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        MachineMemory::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A machine where a pass over `memory_kib` takes `per_mib_pass`
    /// seconds per MiB, the first pass costing twice the others.
    fn machine(per_mib_pass: f64) -> impl FnMut(&KdfParams) -> Result<f64> {
        move |params: &KdfParams| {
            let mib = f64::from(params.memory_kib) / 1024.0;
            Ok(mib * per_mib_pass * (1.0 + f64::from(params.iterations)))
        }
    }

    #[test]
    fn calibration_on_a_slow_machine_never_goes_below_the_floor() {
        // 64 MiB takes 1.6 s, 32 MiB 0.8 s for one pass: the old calibration
        // stopped at 32 MiB with a single pass.
        for per_mib_pass in [0.0125, 0.02, 0.05, 0.5] {
            let params =
                KdfParams::calibrate_with(machine(per_mib_pass)).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                params.memory_kib >= KdfParams::FLOOR_MEMORY_KIB,
                "{per_mib_pass}: {params:?}"
            );
            assert!(params.meets_floor(), "{per_mib_pass}: {params:?}");
            if params.memory_kib < KdfParams::ONE_PASS_MEMORY_KIB {
                assert!(params.iterations >= 2, "{per_mib_pass}: {params:?}");
            }
        }
    }

    #[test]
    fn calibration_on_a_fast_machine_keeps_64_mib_and_aims_at_the_band() {
        let params = KdfParams::calibrate_with(machine(0.0005)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(params.memory_kib, 64 * 1024);
        let took = 64.0 * 0.0005 * (1.0 + f64::from(params.iterations));
        assert!((0.5..=1.0).contains(&took), "{params:?} takes {took} s");
    }

    #[test]
    fn the_floor_is_owasps_two_cheapest_settings() {
        let p = |memory_mib: u32, iterations: u32| KdfParams {
            memory_kib: memory_mib * 1024,
            iterations,
            parallelism: 1,
        };
        assert!(!p(32, 1).meets_floor());
        assert!(!p(18, 5).meets_floor());
        assert!(p(19, 2).meets_floor());
        assert!(p(46, 1).meets_floor());
        assert!(p(64, 1).meets_floor());
        assert_eq!(p(32, 1).raised_to_floor(), p(32, 2));
        assert_eq!(p(8, 1).raised_to_floor(), p(19, 2));
        assert!(p(32, 1).check_floor().is_err());
        assert!(KdfParams::insecure_for_tests().check_floor().is_ok());
    }

    /// A machine short of free memory for a moment is not a tampered
    /// header: the officer is told to close programs, not to restore.
    #[test]
    fn memory_short_only_for_now_is_told_apart_from_an_altered_header() {
        let asks = |mib: u32| KdfParams {
            memory_kib: mib * 1024,
            iterations: 1,
            parallelism: 1,
        };
        let busy = MachineMemory {
            total_kib: Some(8 * 1024 * 1024),
            available_kib: Some(40 * 1024),
        };
        let result = asks(64).check_ceiling_on(busy);
        assert!(
            matches!(
                result,
                Err(Error::KdfMemoryShort {
                    asked_mib: 64,
                    available_mib: 40
                })
            ),
            "{result:?}"
        );
        assert!(
            result.is_err_and(|e| e.to_string().contains("close other programs and try again"))
        );
        // More than the machine has in all, or than the ceiling: altered.
        let small = MachineMemory {
            total_kib: Some(512 * 1024),
            available_kib: Some(400 * 1024),
        };
        assert!(matches!(
            asks(600).check_ceiling_on(small),
            Err(Error::KdfMemoryTooLarge { limit_mib: 512, .. })
        ));
        assert!(matches!(
            asks(2048).check_ceiling_on(busy),
            Err(Error::KdfMemoryTooLarge {
                limit_mib: 1024,
                ..
            })
        ));
        assert!(asks(64).check_ceiling_on(small).is_ok());
        assert!(asks(64).check_ceiling_on(MachineMemory::default()).is_ok());
    }

    /// 256 passes over 1 GiB pass both ceilings alone (minutes of work):
    /// refused; calibration on a machine fast enough to want more passes
    /// stays under the work ceiling.
    #[test]
    fn memory_times_passes_is_bounded() {
        let asks = |mib: u32, iterations: u32| KdfParams {
            memory_kib: mib * 1024,
            iterations,
            parallelism: 1,
        };
        let roomy = MachineMemory {
            total_kib: Some(64 * 1024 * 1024),
            available_kib: None,
        };
        assert!(matches!(
            asks(1024, 256).check_ceiling_on(roomy),
            Err(Error::Damaged(_))
        ));
        assert!(asks(1024, 9).check_ceiling_on(roomy).is_err());
        assert!(asks(1024, 8).check_ceiling_on(roomy).is_ok());
        assert!(asks(64, 128).check_ceiling_on(roomy).is_ok());
        assert!(asks(64, 129).check_ceiling_on(roomy).is_err());
        let fastest =
            KdfParams::calibrate_with(machine(0.000_01)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            u64::from(fastest.memory_kib) * u64::from(fastest.iterations)
                <= KdfParams::CEILING_WORK_KIB,
            "{fastest:?}"
        );
    }

    /// The test-only costs are accepted only by a build made for tests or
    /// benchmarks; a release build refuses them like any costs below the
    /// floor.
    #[test]
    fn the_test_costs_are_not_accepted_by_a_release_build() {
        let cheap = KdfParams::insecure_for_tests();
        assert!(cheap.are_test_costs_in(true));
        assert!(!cheap.are_test_costs_in(false));
        assert!(!cheap.meets_floor());
        let other_cheap = KdfParams {
            memory_kib: 128,
            ..cheap
        };
        assert!(!other_cheap.are_test_costs_in(true));
        assert!(other_cheap.check_floor().is_err());
    }

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

    #[test]
    fn a_derivation_asking_for_too_much_is_refused_before_it_allocates() {
        let huge = KdfParams {
            memory_kib: u32::MAX,
            iterations: 1,
            parallelism: 1,
        };
        let error = huge.derive(b"p", &[0u8; 16]).err();
        assert!(
            matches!(error, Some(Error::KdfMemoryTooLarge { .. })),
            "{error:?}"
        );
        let endless = KdfParams {
            memory_kib: 64,
            iterations: u32::MAX,
            parallelism: 1,
        };
        assert!(endless.derive(b"p", &[0u8; 16]).is_err());
    }
}
