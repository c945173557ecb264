//! Key slots (header format 2): one per officer, so that each officer
//! unlocks with their own passphrase and one can be removed without the
//! others' passphrases.
//!
//! A slot holds an X25519 key pair: its secret wrapped
//! under the key Argon2id derives from the officer's passphrase (own salt,
//! the same floor and ceiling as ever), bound to the officer's name, the
//! public key and the costs, and wrapped together with the vault's
//! **authentication key**; and the database key sealed to its public key
//! (an ephemeral X25519 exchange, HKDF-SHA256 and the same AEAD as the
//! passphrase's, in buffers that are wiped). The header carries an
//! HMAC-SHA256 over everything but the
//! restore marker, under a key derived from the authentication key and the
//! database key. Anyone can seal a key of their own to a public key, but
//! only a holder of an officer's passphrase (or a removed officer, who knew
//! the authentication key) can write a header that verifies: a vault put in
//! the real one's place, sealed to an officer's public key, is refused.
//! docs/threat-model.md ("Several officers") says what this promises and
//! what not.

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::kdf::KdfHeader;
use super::keys::{
    self, FORMAT, HEADER_VERSION, Header, Key, Owner, Unlocked, WrappedKey, damaged_header,
    same_name,
};
use super::{Error, KdfParams, Result};

/// At most this many officers per vault (a header stays well under the
/// 64 KiB a backup carries).
pub const MAX_OFFICERS: usize = 16;

/// One officer's way in.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Slot {
    officer: String,
    kdf: KdfHeader,
    /// The slot's X25519 public key, in hex.
    recipient: String,
    /// The vault's authentication key (32 bytes) followed by the slot's
    /// X25519 secret key (32 bytes), wrapped.
    secret: WrappedKey,
    /// The database key, sealed to `recipient`.
    sealed: Sealed,
}

/// A key sealed to an X25519 public key: an ephemeral key pair's public
/// half, and the key wrapped (XChaCha20-Poly1305, `keys::wrap`) under
/// HKDF-SHA256 of the Diffie-Hellman secret. Every buffer that holds the
/// database key or the shared secret is wiped (`Zeroizing`, and the
/// AEAD encrypts and decrypts in place in a buffer sized once).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sealed {
    /// The ephemeral public key, in hex.
    ephemeral: String,
    key: WrappedKey,
}

/// The key that wraps a sealed key: HKDF-SHA256 of the shared secret,
/// salted with both public keys. A shared secret of a low-order point (an
/// ephemeral key chosen to make it known) is refused.
fn sealing_key(
    secret: &StaticSecret,
    their_public: &PublicKey,
    ephemeral: &PublicKey,
    recipient: &PublicKey,
) -> Result<Key> {
    let shared = secret.diffie_hellman(their_public);
    if !shared.was_contributory() {
        return Err(damaged_header("a sealed key's public key"));
    }
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(ephemeral.as_bytes());
    salt[32..].copy_from_slice(recipient.as_bytes());
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(&salt), shared.as_bytes())
        .expand(SEAL_INFO, key.as_mut())
        .map_err(|_| damaged_header("a sealed key"))?;
    Ok(key)
}

const SEAL_INFO: &[u8] = b"casebook-vault/2/sealed-key";

fn public_key(hex_text: &str, what: &str) -> Result<PublicKey> {
    let mut bytes = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut bytes).map_err(|_| damaged_header(what))?;
    Ok(PublicKey::from(bytes))
}

impl Sealed {
    fn to(recipient: &PublicKey, data_key: &Key) -> Result<Sealed> {
        let ephemeral_secret = StaticSecret::random_from_rng(rand::rngs::OsRng);
        let ephemeral = PublicKey::from(&ephemeral_secret);
        let wrapping = sealing_key(&ephemeral_secret, recipient, &ephemeral, recipient)?;
        Ok(Sealed {
            ephemeral: hex::encode(ephemeral.as_bytes()),
            key: keys::wrap(&wrapping, data_key.as_ref(), SEAL_INFO)?,
        })
    }

    fn open(&self, secret: &StaticSecret) -> Result<Zeroizing<Vec<u8>>> {
        let ephemeral = public_key(&self.ephemeral, "a sealed key's public key")?;
        let recipient = PublicKey::from(secret);
        let wrapping = sealing_key(secret, &ephemeral, &ephemeral, &recipient)?;
        keys::unwrap(&wrapping, &self.key, SEAL_INFO)
    }
}

impl Slot {
    /// A slot for `officer` with a new key pair, its secret and the vault's
    /// authentication key `auth` under `passphrase`, holding `data_key`.
    pub(crate) fn new(
        officer: &str,
        passphrase: &SecretString,
        kdf: KdfParams,
        data_key: &Key,
        auth: &Key,
    ) -> Result<Slot> {
        let identity = StaticSecret::random_from_rng(rand::rngs::OsRng);
        let public = PublicKey::from(&identity);
        let recipient = hex::encode(public.as_bytes());
        let kdf = KdfHeader::fresh(kdf);
        let wrapping_key = kdf.wrapping_key(passphrase)?;
        let officer = officer.trim().to_owned();
        let aad = slot_associated_data(&officer, &recipient, &kdf);
        let mut plain = Zeroizing::new([0u8; 64]);
        plain[..32].copy_from_slice(auth.as_ref());
        plain[32..].copy_from_slice(identity.as_bytes());
        let secret = keys::wrap(&wrapping_key, &plain[..], &aad)?;
        Ok(Slot {
            officer,
            kdf,
            recipient,
            secret,
            sealed: Sealed::to(&public, data_key)?,
        })
    }

    pub(crate) fn officer(&self) -> &str {
        &self.officer
    }

    pub(crate) fn kdf_params(&self) -> KdfParams {
        self.kdf.params
    }

    /// Seals `data_key` to this slot's public key: no passphrase needed.
    pub(crate) fn seal(&mut self, data_key: &Key) -> Result<()> {
        let recipient = public_key(&self.recipient, "a slot's public key")?;
        self.sealed = Sealed::to(&recipient, data_key)?;
        Ok(())
    }

    /// The slot's secret key and the vault's authentication key, or
    /// `WrongPassphrase`.
    fn identity(&self, passphrase: &SecretString) -> Result<(StaticSecret, Key)> {
        let wrapping_key = self.kdf.wrapping_key(passphrase)?;
        let aad = slot_associated_data(&self.officer, &self.recipient, &self.kdf);
        let plain = keys::unwrap(&wrapping_key, &self.secret, &aad)?;
        if plain.len() != 64 {
            return Err(damaged_header("a slot's secret key"));
        }
        let mut secret = Zeroizing::new([0u8; 32]);
        secret.copy_from_slice(&plain[32..]);
        let identity = StaticSecret::from(*secret);
        if hex::encode(PublicKey::from(&identity).as_bytes()) != self.recipient {
            return Err(damaged_header("a slot's secret key"));
        }
        Ok((
            identity,
            keys::key_from(&plain[..32], "a slot's secret key")?,
        ))
    }

    /// The database key sealed in this slot, opened with its secret key.
    fn unseal(&self, identity: &StaticSecret) -> Result<Key> {
        let plain = self.sealed.open(identity).map_err(|_| {
            Error::Damaged(format!(
                "the vault header {} was altered (the key slot of {}); restore it from a backup",
                keys::HEADER_FILE,
                self.officer
            ))
        })?;
        keys::key_from(&plain, "sealed key length")
    }
}

impl Slot {
    /// Every field within the sizes Casebook writes, when read.
    pub(super) fn check_shape(&self) -> Result<()> {
        check_name_shape(&self.officer)?;
        self.kdf.check_shape()?;
        keys::check_hex(&self.recipient, 32..=32, "a slot's public key")?;
        self.secret.check_shape()?;
        keys::check_hex(&self.sealed.ephemeral, 32..=32, "a sealed key's public key")?;
        self.sealed.key.check_shape()
    }
}

/// A name as a header may hold it: 1 to 80 characters on one line.
pub(super) fn check_name_shape(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.chars().count() > 80 || name.chars().any(char::is_control) {
        return Err(damaged_header("an officer's name"));
    }
    Ok(())
}

/// A slot's secret is bound to its officer's name, its public key and its
/// costs: none can be changed, nor names swapped between slots, without
/// the passphrase.
fn slot_associated_data(officer: &str, recipient: &str, kdf: &KdfHeader) -> Vec<u8> {
    let mut aad = format!("{FORMAT}/{HEADER_VERSION}/slot").into_bytes();
    for part in [officer.as_bytes(), recipient.as_bytes(), &kdf.to_bytes()] {
        aad.extend((part.len() as u64).to_be_bytes());
        aad.extend(part);
    }
    aad
}

/// What the header's MAC covers: all but the MAC and the restore marker.
#[derive(Serialize)]
struct Covered<'a> {
    format: &'a str,
    version: u32,
    owner: &'a Option<Owner>,
    slots: &'a [Slot],
    #[serde(skip_serializing_if = "keys::is_false")]
    hide_officers: bool,
}

/// The header's MAC, under a key derived from the vault's authentication
/// key (which only a passphrase unwraps) and the database key (which a
/// removed officer does not learn after the re-key): a header made by
/// someone who chose the database key but holds no passphrase does not
/// verify, nor one edited by a removed officer.
fn mac_of(header: &Header, auth: &Key, data_key: &Key) -> Hmac<Sha256> {
    let mut derive = <Hmac<Sha256> as Mac>::new_from_slice(auth.as_ref())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    derive.update(format!("{FORMAT}/{HEADER_VERSION}/header-mac").as_bytes());
    derive.update(data_key.as_ref());
    let mac_key = zeroize::Zeroizing::new(derive.finalize().into_bytes());
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&mac_key)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    let covered = Covered {
        format: &header.format,
        version: header.version,
        owner: &header.owner,
        slots: &header.slots,
        hide_officers: header.hide_officers,
    };
    mac.update(&serde_json::to_vec(&covered).unwrap_or_default());
    mac
}

/// The MAC of `header` under `auth` and `data_key`, in hex.
pub(super) fn mac(header: &Header, auth: &Key, data_key: &Key) -> String {
    hex::encode(mac_of(header, auth, data_key).finalize().into_bytes())
}

/// Opens the slot of `officer` (the only one when `None`) with `passphrase`
/// and checks the header's MAC with the key it holds.
pub(super) fn open(
    header: &Header,
    officer: Option<&str>,
    passphrase: &SecretString,
) -> Result<Unlocked> {
    let slot = match find(header, officer) {
        // The list is hidden: a name that is not an officer's is told as a
        // wrong passphrase, after a derivation as long as a real one (the
        // first slot's), so that neither the message nor the wait says
        // who has a slot.
        Err(Error::UnknownOfficer { .. }) if header.hides_officers() => {
            if let Some(first) = header.slots.first() {
                let _ = first.kdf.wrapping_key(passphrase);
            }
            return Err(Error::WrongPassphrase);
        }
        Err(Error::OfficerNeeded { .. }) if header.hides_officers() => {
            return Err(Error::OfficerNeeded {
                officers: Vec::new(),
            });
        }
        found => found?,
    };
    let (identity, auth) = slot.identity(passphrase)?;
    let key = slot.unseal(&identity)?;
    let stored = header
        .mac
        .as_deref()
        .and_then(|m| hex::decode(m).ok())
        .unwrap_or_default();
    if mac_of(header, &auth, &key).verify_slice(&stored).is_err() {
        return Err(Error::Damaged(format!(
            "the vault header {} was not written by an officer of this vault: it was altered, or the vault was replaced by another; do not use it (nothing typed into it would be safe), and restore the vault from a backup",
            keys::HEADER_FILE
        )));
    }
    Ok(Unlocked {
        key,
        auth,
        officer: Some(slot.officer.clone()),
        kdf: slot.kdf.params,
    })
}

/// The slot of `officer`, or the only one when `None`.
fn find<'h>(header: &'h Header, officer: Option<&str>) -> Result<&'h Slot> {
    let officers = || header.slots.iter().map(|s| s.officer.clone()).collect();
    match officer {
        Some(name) => header
            .slots
            .iter()
            .find(|s| same_name(&s.officer, name))
            .ok_or_else(|| Error::UnknownOfficer {
                name: name.trim().to_owned(),
                officers: officers(),
            }),
        None => match header.slots.as_slice() {
            [only] => Ok(only),
            _ => Err(Error::OfficerNeeded {
                officers: officers(),
            }),
        },
    }
}

/// The name a new officer is given, checked ([`canonical_name`]) and not
/// already an officer's.
pub(crate) fn check_new_name(header: &Header, name: &str) -> Result<String> {
    let name = canonical_name(name)?;
    if header.officers().iter().any(|o| same_name(o, &name)) {
        return Err(Error::InvalidSetting(format!(
            "\"{name}\" is already an officer of this vault"
        )));
    }
    if header.slots.len() >= MAX_OFFICERS {
        return Err(Error::InvalidSetting(format!(
            "a vault has at most {MAX_OFFICERS} officers"
        )));
    }
    Ok(name)
}

/// An officer's name as it is stored, for a new vault or a new officer:
/// trimmed, in Unicode NFC (so that "ė" typed as one character or as "e"
/// and a combining dot is one name), 1 to 80 characters, and without
/// characters that do not show: control and format characters (zero-width
/// spaces and joiners, bidi overrides and isolates such as U+202E, which
/// make two names look alike or one look like another), line and
/// paragraph separators, private-use, surrogate or unassigned code points.
pub(crate) fn canonical_name(name: &str) -> Result<String> {
    use icu_properties::CodePointMapData;
    use icu_properties::props::GeneralCategory as Gc;
    let name = icu_normalizer::ComposingNormalizerBorrowed::new_nfc()
        .normalize(name.trim())
        .into_owned();
    // The project's rule for hidden characters, and for a name also the
    // code points that show as nothing certain.
    let category = CodePointMapData::<Gc>::new();
    let hidden = |c: char| {
        crate::domain::text::is_hidden(c)
            || matches!(
                category.get(c),
                Gc::PrivateUse | Gc::Surrogate | Gc::Unassigned
            )
    };
    if name.is_empty() || name.chars().count() > 80 {
        return Err(Error::InvalidSetting(
            "an officer's name must be 1 to 80 characters on one line".into(),
        ));
    }
    if let Some(c) = name.chars().find(|&c| hidden(c)) {
        return Err(Error::InvalidSetting(format!(
            "an officer's name cannot hold characters that do not show (U+{:04X})",
            u32::from(c)
        )));
    }
    Ok(name)
}

/// The form two names are compared in: trimmed, NFC, lower case (Rust's
/// full lower-casing, then NFC again, since lower-casing can decompose).
/// Used wherever an officer is found by name.
pub(crate) fn name_key(name: &str) -> String {
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    nfc.normalize(&nfc.normalize(name.trim()).to_lowercase())
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::testing::{OLD, passphrase};

    fn owner() -> Option<Owner> {
        Some(Owner {
            officer: "J. Jonaitis".into(),
            mission_code: "LT-LON".into(),
        })
    }

    fn two_officers(key: &Key) -> Header {
        let cheap = KdfParams::insecure_for_tests();
        let auth = keys::random_key();
        let slots = vec![
            Slot::new("J. Jonaitis", &passphrase(OLD), cheap, key, &auth)
                .unwrap_or_else(|e| panic!("{e}")),
            Slot::new(
                "A. Petraitė",
                &passphrase("amber meadow"),
                cheap,
                key,
                &auth,
            )
            .unwrap_or_else(|e| panic!("{e}")),
        ];
        Header::with_slots(owner(), slots, key, &auth)
    }

    #[test]
    fn each_slot_opens_with_its_own_passphrase_and_names_its_officer() {
        let key = keys::random_key();
        let header = two_officers(&key);
        let bytes = header.to_bytes();
        let header = Header::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
        for (name, pass) in [("J. Jonaitis", OLD), ("a. petraitė", "amber meadow")] {
            let unlocked = header
                .open_as(Some(name), &passphrase(pass))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(*unlocked.key, *key);
        }
        assert!(matches!(
            header.open_as(Some("J. Jonaitis"), &passphrase("amber meadow")),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(
            header.open_as(None, &passphrase(OLD)),
            Err(Error::OfficerNeeded { officers }) if officers.len() == 2
        ));
        assert!(matches!(
            header.open_as(Some("Nobody"), &passphrase(OLD)),
            Err(Error::UnknownOfficer { .. })
        ));
    }

    /// Names swapped between slots: each passphrase now meets the other
    /// name's slot, whose associated data does not match.
    #[test]
    fn names_cannot_be_swapped_between_slots() {
        let key = keys::random_key();
        let mut header = two_officers(&key);
        let first = header.slots[0].officer.clone();
        header.slots[0].officer = header.slots[1].officer.clone();
        header.slots[1].officer = first;
        assert!(matches!(
            header.open_as(Some("A. Petraitė"), &passphrase(OLD)),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(
            header.open_as(Some("J. Jonaitis"), &passphrase("amber meadow")),
            Err(Error::WrongPassphrase)
        ));
    }

    /// A slot removed, or the list reordered, without the key: the MAC
    /// does not verify.
    #[test]
    fn a_list_changed_without_the_key_is_refused() {
        let key = keys::random_key();
        let header = two_officers(&key);
        let mut fewer = header.clone();
        fewer.slots.remove(1);
        let mut reordered = header.clone();
        reordered.slots.swap(0, 1);
        let mut renamed_owner = header.clone();
        renamed_owner.owner = Some(Owner {
            officer: "Someone".into(),
            mission_code: "LT-LON".into(),
        });
        for altered in [fewer, reordered, renamed_owner] {
            let result = altered.open_as(Some("J. Jonaitis"), &passphrase(OLD));
            assert!(
                matches!(&result, Err(Error::Damaged(m)) if m.contains("altered")),
                "{:?}",
                result.err()
            );
        }
        // A sealed key replaced by one to the same public key, made by
        // anyone (public keys are public): refused by the MAC too.
        let mut replaced = header.clone();
        replaced.slots[0]
            .seal(&keys::random_key())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            replaced.open_as(Some("J. Jonaitis"), &passphrase(OLD)),
            Err(Error::Damaged(_))
        ));
    }

    /// After a passphrase change, the old header and the old passphrase
    /// give the old secret key: it must not open the new sealed key (the
    /// slot has a new key pair), nor the database key (a new one).
    #[test]
    fn a_changed_passphrase_gives_the_slot_a_new_key_pair() {
        use crate::vault::testing::{NEW, vault_with_a_case};
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, _) = vault_with_a_case(dir.path());
        let old = Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        vault
            .change_passphrase(
                &passphrase(OLD),
                &passphrase(NEW),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let new = Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(old.slots[0].recipient, new.slots[0].recipient);
        let (old_identity, _) = old.slots[0]
            .identity(&passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(new.slots[0].unseal(&old_identity).is_err());
        let new_key = new
            .open_as(None, &passphrase(NEW))
            .unwrap_or_else(|e| panic!("{e}"))
            .key;
        let old_key = old
            .open_as(None, &passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"))
            .key;
        assert_ne!(*new_key, *old_key);
    }

    /// The hole the authentication key closes: anyone who can write the
    /// vault folder puts in a vault of their own (a database whose key they
    /// chose), with a header that copies an officer's slot as it is (name,
    /// costs, public key, wrapped secret), the chosen key sealed to that
    /// public key (public keys are in the header), and a MAC computed with
    /// every key they know. The officer's real passphrase opens the slot's
    /// secret and the sealed key, and must then be refused: the MAC needs
    /// the authentication key, which only a passphrase unwraps.
    #[test]
    fn a_substitute_vault_sealed_to_an_officers_public_key_is_refused() {
        use crate::vault::testing::{NEW, vault_with_a_case};
        use crate::vault::{DATABASE_FILE, NewVault, Role, Vault};
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, _) = vault_with_a_case(dir.path());
        drop(vault);
        let real = Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));

        // The maker's own vault, under a passphrase of theirs: they know
        // its database key.
        let theirs = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let new = NewVault {
            role: Role::Mission,
            mission_code: "LT-LON".into(),
            mission_name: "Embassy in London".into(),
            officer: "J. Jonaitis".into(),
        };
        drop(
            Vault::create(
                theirs.path(),
                &new,
                &passphrase(NEW),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}")),
        );
        let their_key = Header::read(theirs.path())
            .and_then(|h| h.open(&passphrase(NEW)))
            .unwrap_or_else(|e| panic!("{e}"));

        // MACs they can compute: under their database key alone (what the
        // header's MAC was keyed from before), and under any
        // authentication key they make up.
        let old_style = |header: &Header| {
            let mut derive = <Hmac<Sha256> as Mac>::new_from_slice(their_key.as_ref())
                .unwrap_or_else(|_| unreachable!());
            derive.update(format!("{FORMAT}/{HEADER_VERSION}/header-mac").as_bytes());
            let mac_key = derive.finalize().into_bytes();
            let mut mac =
                <Hmac<Sha256> as Mac>::new_from_slice(&mac_key).unwrap_or_else(|_| unreachable!());
            let covered = Covered {
                format: &header.format,
                version: header.version,
                owner: &header.owner,
                slots: &header.slots,
                hide_officers: false,
            };
            mac.update(&serde_json::to_vec(&covered).unwrap_or_default());
            hex::encode(mac.finalize().into_bytes())
        };
        let made_up = keys::random_key();
        let guessed = |header: &Header| mac(header, &made_up, &their_key);

        std::fs::copy(
            theirs.path().join(DATABASE_FILE),
            dir.path().join(DATABASE_FILE),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let computations: [&dyn Fn(&Header) -> String; 2] = [&old_style, &guessed];
        for compute in computations {
            let mut slot = real.slots[0].clone();
            slot.seal(&their_key).unwrap_or_else(|e| panic!("{e}"));
            let mut substitute = real.clone();
            substitute.slots = vec![slot];
            substitute.mac = Some(compute(&substitute));
            substitute
                .write(dir.path())
                .unwrap_or_else(|e| panic!("{e}"));
            let opened = Vault::open(dir.path(), &passphrase(OLD));
            let message = opened.as_ref().err().map(ToString::to_string);
            assert!(
                matches!(&opened, Err(Error::Damaged(m)) if m.contains("not written by an officer of this vault")),
                "{message:?}"
            );
        }
        // The real header back: the real passphrase opens it (onto the
        // substitute's database, which its key does not open).
        real.write(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(real.open(&passphrase(OLD)).is_ok());
    }

    /// A sealed key: a fresh ephemeral key each time, opened only by the
    /// slot's own secret key; an ephemeral key of low order (which would
    /// make the shared secret known to anyone) or a changed byte is
    /// refused.
    #[test]
    fn a_sealed_key_opens_only_with_its_slots_secret_key() {
        let key = keys::random_key();
        let header = two_officers(&key);
        let (first, _) = header.slots[0]
            .identity(&passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"));
        let (second, _) = header.slots[1]
            .identity(&passphrase("amber meadow"))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut slot = header.slots[0].clone();
        let before = slot.sealed.ephemeral.clone();
        slot.seal(&key).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(slot.sealed.ephemeral, before, "a new ephemeral key");
        assert_eq!(*slot.unseal(&first).unwrap_or_else(|e| panic!("{e}")), *key);
        assert!(slot.unseal(&second).is_err());
        let mut low_order = slot.clone();
        low_order.sealed.ephemeral = hex::encode([0u8; 32]);
        assert!(low_order.unseal(&first).is_err());
        let mut flipped = slot.clone();
        let mut text = flipped.sealed.key.ciphertext_hex().to_owned();
        let last = if text.ends_with('0') { '1' } else { '0' };
        text.pop();
        text.push(last);
        flipped.sealed.key = flipped.sealed.key.with_ciphertext_hex(text);
        assert!(flipped.unseal(&first).is_err());
    }

    #[test]
    fn a_format_1_header_still_opens() {
        let key = keys::random_key();
        let v1 = Header::seal_v1(
            &key,
            &passphrase(OLD),
            KdfParams::insecure_for_tests(),
            owner(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let read = Header::from_bytes(&v1.to_bytes()).unwrap_or_else(|e| panic!("{e}"));
        assert!(read.is_v1());
        assert_eq!(
            *read
                .open(&passphrase(OLD))
                .unwrap_or_else(|e| panic!("{e}")),
            *key
        );
        assert!(matches!(
            read.open(&passphrase("amber meadow")),
            Err(Error::WrongPassphrase)
        ));
    }
}
