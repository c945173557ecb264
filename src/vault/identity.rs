//! The vault's identity in the exchange and the keys it holds for it: a
//! random vault id; at a mission its Ed25519 signing key (exports) and its
//! age X25519 identity (the commission's replies); at the commission its
//! age X25519 identity (exports) and its Ed25519 signing key (replies).
//! The secrets never leave the encrypted database except through
//! `identity-backup`. Also the commission's public keys as a mission
//! stores them ([`CommissionKey`]).

use rusqlite::Transaction;
use zeroize::Zeroizing;

use super::{Error, Result, Role, Vault, audit, set_setting, setting};

const VAULT_ID: &str = "vault_id";
pub(super) const SIGNING_KEY: &str = "signing_key";
const COMMISSION_IDENTITY: &str = "commission_identity";
/// Mission: the age identity the commission's replies are encrypted to.
const MISSION_IDENTITY: &str = "mission_identity";
/// Commission: the seed of the Ed25519 key that signs its replies.
const COMMISSION_SIGNING_KEY: &str = "commission_signing_key";
/// Mission: the commission's public key (age recipient), and since key
/// file version 2 its signing key (hex) beside it.
pub(super) const COMMISSION_KEY: &str = "commission_key";
const COMMISSION_VERIFYING_KEY: &str = "commission_verifying_key";
/// Commission: its age identities before its key rotations (JSON list,
/// newest first).
const PREVIOUS_IDENTITIES: &str = "commission_previous_identities";
/// Commission: its key rotations, as its replies announce them (JSON).
const ROTATIONS: &str = "commission_key_rotations";

/// Mission: the commission's new keys that a verified reply announced,
/// held until an officer compares their fingerprint with the commission by
/// phone and accepts them: exports stay encrypted to the stored key (which
/// the commission keeps) until then.
const COMMISSION_KEY_PENDING: &str = "commission_key_pending";

/// Mission: holds the commission's new keys that a rotation announced in
/// a reply it verified (in the reply's transaction), unless they are held
/// already. Audited with the fingerprints (`detail`: old → new).
pub(super) fn hold_rotated_commission_key(
    tx: &Transaction<'_>,
    key: &CommissionKey,
    officer: &str,
    detail: &str,
) -> Result<()> {
    let text = key.key_lines();
    if setting(tx, COMMISSION_KEY_PENDING)?.as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    set_setting(tx, COMMISSION_KEY_PENDING, &text)?;
    audit::append(
        tx,
        officer,
        "commission-key-rotation-announced",
        None,
        Some(detail),
    )?;
    Ok(())
}

/// A commission's keys as an identity backup gives them back.
pub struct RestoredKeys {
    pub identity: Zeroizing<String>,
    pub signing_seed: Option<Zeroizing<[u8; 32]>>,
    /// Earlier age identities, newest first.
    pub previous: Vec<Zeroizing<String>>,
    /// The key rotations (JSON), if the backup holds them.
    pub rotations: Option<String>,
}

/// The prefix of the signing key's line in a commission key file
/// (version 2): `ed25519:` and 64 hexadecimal digits.
pub const SIGNING_KEY_PREFIX: &str = "ed25519:";

/// Gives a vault the identity and keys the exchange needs: a random vault
/// id; a mission's Ed25519 signing key and age identity, or the
/// commission's age identity and Ed25519 signing key. Run at creation, and
/// at opening, so that a vault made before a key existed gains it at its
/// next unlock. The secrets never leave the encrypted database except
/// through `identity-backup`.
pub(crate) fn ensure_keys(tx: &Transaction<'_>, role: Role, officer: &str) -> Result<()> {
    if setting(tx, VAULT_ID)?.is_none() {
        set_setting(tx, VAULT_ID, &uuid::Uuid::now_v7().to_string())?;
    }
    let (signing, identity, signing_action, identity_action) = match role {
        Role::Mission => (
            SIGNING_KEY,
            MISSION_IDENTITY,
            "signing-key-generated",
            "mission-identity-generated",
        ),
        Role::Commission => (
            COMMISSION_SIGNING_KEY,
            COMMISSION_IDENTITY,
            "commission-signing-key-generated",
            "commission-identity-generated",
        ),
    };
    if setting(tx, signing)?.is_none() {
        let seed = super::keys::random_key();
        set_setting(tx, signing, &Zeroizing::new(hex::encode(&seed[..])))?;
        audit::append(tx, officer, signing_action, None, None)?;
    }
    if setting(tx, identity)?.is_none() {
        let generated = age::x25519::Identity::generate();
        let text = generated.to_string();
        set_setting(tx, identity, secrecy::ExposeSecret::expose_secret(&text))?;
        audit::append(tx, officer, identity_action, None, None)?;
    }
    Ok(())
}

/// The commission's public keys as a mission stores them: the age
/// recipient its exports are encrypted to and, from key file version 2,
/// the Ed25519 key that signs the commission's replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommissionKey {
    /// `age1...`
    pub recipient: String,
    pub signing: Option<[u8; 32]>,
}

impl CommissionKey {
    /// Reads the key lines of a commission key file (comments and blank
    /// lines left out): the recipient, then, in version 2, `ed25519:HEX`.
    pub fn parse(text: &str) -> Result<CommissionKey> {
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'));
        let recipient = lines.next().unwrap_or_default();
        if !super::is_age_recipient(recipient) {
            return Err(Error::InvalidSetting(
                "this is not a commission public key (it should start with age1 and be 62 characters long)".into(),
            ));
        }
        let signing = match lines.next() {
            None => None,
            Some(line) => {
                let mut key = [0u8; 32];
                line.strip_prefix(SIGNING_KEY_PREFIX)
                    .and_then(|hex_key| hex::decode_to_slice(hex_key, &mut key).ok())
                    .filter(|()| ed25519_dalek::VerifyingKey::from_bytes(&key).is_ok())
                    .ok_or_else(|| {
                        Error::InvalidSetting(format!(
                            "the second key line of a commission key file is {SIGNING_KEY_PREFIX} and 64 hexadecimal digits"
                        ))
                    })?;
                Some(key)
            }
        };
        if lines.next().is_some() {
            return Err(Error::InvalidSetting(
                "a commission key file holds at most two key lines".into(),
            ));
        }
        Ok(CommissionKey {
            recipient: recipient.to_owned(),
            signing,
        })
    }

    /// The key lines as a key file carries them (no comments), each ending
    /// in a line break.
    pub fn key_lines(&self) -> String {
        match self.signing {
            None => format!("{}\n", self.recipient),
            Some(key) => format!(
                "{}\n{SIGNING_KEY_PREFIX}{}\n",
                self.recipient,
                hex::encode(key)
            ),
        }
    }

    /// The text its fingerprint is taken over: the recipient alone for a
    /// version 1 key, or both key lines, joined by a line break.
    pub fn fingerprinted_text(&self) -> String {
        match self.signing {
            None => self.recipient.clone(),
            Some(_) => self.key_lines().trim_end().to_owned(),
        }
    }
}

const EXCHANGE_INCOMPLETE: &str = "the vault lacks its exchange keys";

impl Vault {
    /// The random id of this vault, carried in its exports.
    pub fn vault_id(&self) -> Result<String> {
        setting(&self.conn, VAULT_ID)?.ok_or_else(|| Error::Damaged(EXCHANGE_INCOMPLETE.into()))
    }

    /// Mission: the 32-byte seed of its Ed25519 signing key.
    pub(crate) fn signing_seed(&self) -> Result<Zeroizing<[u8; 32]>> {
        let text = Zeroizing::new(
            setting(&self.conn, SIGNING_KEY)?
                .ok_or_else(|| Error::Damaged(EXCHANGE_INCOMPLETE.into()))?,
        );
        let mut seed = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.as_bytes(), &mut *seed)
            .map_err(|_| Error::Damaged("the mission's signing key is unreadable".into()))?;
        Ok(seed)
    }

    /// Mission: its age identity (`AGE-SECRET-KEY-1...`), which the
    /// commission's replies are encrypted to.
    pub(crate) fn mission_identity_text(&self) -> Result<Zeroizing<String>> {
        if self.info.role != Role::Mission {
            return Err(Error::InvalidSetting(
                "only a mission vault receives the commission's replies".into(),
            ));
        }
        Ok(Zeroizing::new(
            setting(&self.conn, MISSION_IDENTITY)?
                .ok_or_else(|| Error::Damaged(EXCHANGE_INCOMPLETE.into()))?,
        ))
    }

    /// Commission: the 32-byte seed of the Ed25519 key that signs its replies.
    pub(crate) fn commission_signing_seed(&self) -> Result<Zeroizing<[u8; 32]>> {
        if self.info.role != Role::Commission {
            return Err(Error::InvalidSetting(
                "only a commission vault signs replies".into(),
            ));
        }
        let text = Zeroizing::new(
            setting(&self.conn, COMMISSION_SIGNING_KEY)?
                .ok_or_else(|| Error::Damaged(EXCHANGE_INCOMPLETE.into()))?,
        );
        let mut seed = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.as_bytes(), &mut *seed)
            .map_err(|_| Error::Damaged("the commission's signing key is unreadable".into()))?;
        Ok(seed)
    }

    /// Mission: the commission's public keys, if stored yet.
    pub fn commission_keys(&self) -> Result<Option<CommissionKey>> {
        let Some(recipient) = setting(&self.conn, COMMISSION_KEY)? else {
            return Ok(None);
        };
        let signing = match setting(&self.conn, COMMISSION_VERIFYING_KEY)? {
            None => None,
            Some(text) => {
                let mut key = [0u8; 32];
                hex::decode_to_slice(text.as_bytes(), &mut key).map_err(|_| {
                    Error::Damaged("the commission's signing key is unreadable".into())
                })?;
                Some(key)
            }
        };
        Ok(Some(CommissionKey { recipient, signing }))
    }

    /// Mission: the commission's new keys a reply announced and no officer
    /// accepted yet, if any.
    pub fn pending_commission_key(&self) -> Result<Option<CommissionKey>> {
        setting(&self.conn, COMMISSION_KEY_PENDING)?
            .map(|text| CommissionKey::parse(&text))
            .transpose()
    }

    /// Mission: takes the commission's new keys a reply announced, once an
    /// officer compared their fingerprint by phone (the caller checks it).
    /// Audited with `detail` (old → new fingerprints).
    pub(crate) fn accept_pending_commission_key(
        &mut self,
        key: &CommissionKey,
        detail: &str,
    ) -> Result<()> {
        if self.pending_commission_key()?.as_ref() != Some(key) {
            return Err(Error::InvalidSetting(
                "no such key of the commission is waiting for acceptance".into(),
            ));
        }
        let tx = self.conn.transaction()?;
        set_setting(&tx, COMMISSION_KEY, &key.recipient)?;
        if let Some(signing) = key.signing {
            set_setting(&tx, COMMISSION_VERIFYING_KEY, &hex::encode(signing))?;
        }
        tx.execute(
            "DELETE FROM settings WHERE key = ?1",
            [COMMISSION_KEY_PENDING],
        )?;
        audit::append(
            &tx,
            &self.info.officer,
            "commission-key-rotated",
            None,
            Some(detail),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Mission: stores the commission's public keys, as read from its key
    /// file. The same keys again change nothing, nor does an older file
    /// (version 1) of the same commission; any other key replaces the
    /// stored one only with `replace`, and is audited.
    pub(super) fn store_commission_keys(
        &mut self,
        key: &CommissionKey,
        replace: bool,
    ) -> Result<()> {
        if self.info.role != Role::Mission {
            return Err(Error::InvalidSetting(
                "only a mission vault stores the commission's key".into(),
            ));
        }
        let previous = self.commission_keys()?;
        if let Some(previous) = &previous
            && (previous == key || (key.signing.is_none() && previous.recipient == key.recipient))
        {
            return Ok(());
        }
        if previous.is_some() && !replace {
            return Err(Error::InvalidSetting(
                "a different commission key is already stored; after comparing the new key's fingerprint with the commission by phone, replacing it needs --replace".into(),
            ));
        }
        let tx = self.conn.transaction()?;
        set_setting(&tx, COMMISSION_KEY, &key.recipient)?;
        match key.signing {
            Some(signing) => set_setting(&tx, COMMISSION_VERIFYING_KEY, &hex::encode(signing))?,
            None => {
                tx.execute(
                    "DELETE FROM settings WHERE key = ?1",
                    [COMMISSION_VERIFYING_KEY],
                )?;
            }
        }
        tx.execute(
            "DELETE FROM settings WHERE key = ?1",
            [COMMISSION_KEY_PENDING],
        )?;
        let action = if previous.is_some() {
            "commission-key-replaced"
        } else {
            "commission-key-set"
        };
        audit::append(&tx, &self.info.officer, action, None, None)?;
        tx.commit()?;
        Ok(())
    }

    /// Commission: its age identity (`AGE-SECRET-KEY-1...`).
    pub(crate) fn commission_identity_text(&self) -> Result<Zeroizing<String>> {
        if self.info.role != Role::Commission {
            return Err(Error::InvalidSetting(
                "only a commission vault holds the commission's key".into(),
            ));
        }
        Ok(Zeroizing::new(
            setting(&self.conn, COMMISSION_IDENTITY)?
                .ok_or_else(|| Error::Damaged(EXCHANGE_INCOMPLETE.into()))?,
        ))
    }

    /// Commission: replaces its keys with those restored from a backup, in
    /// one transaction: its age identity, and what the backup holds of its
    /// reply signing key, earlier identities and key rotations. The
    /// identities the vault held (its current one and those before it) are
    /// kept among the earlier ones, so that files still encrypted to them
    /// import. Audited.
    pub(crate) fn replace_commission_identity(&mut self, restored: &RestoredKeys) -> Result<()> {
        let current = self.commission_identity_text()?;
        let held = self.previous_commission_identities()?;
        let mut previous: Vec<&str> = Vec::new();
        for text in restored
            .previous
            .iter()
            .chain(std::iter::once(&current))
            .chain(held.iter())
        {
            if text.as_str() != restored.identity.as_str() && !previous.contains(&text.as_str()) {
                previous.push(text.as_str());
            }
        }
        let previous = identities_json(&previous)?;
        let tx = self.conn.transaction()?;
        set_setting(&tx, COMMISSION_IDENTITY, &restored.identity)?;
        if let Some(seed) = &restored.signing_seed {
            set_setting(
                &tx,
                COMMISSION_SIGNING_KEY,
                &Zeroizing::new(hex::encode(&seed[..])),
            )?;
        }
        set_setting(&tx, PREVIOUS_IDENTITIES, &previous)?;
        if let Some(rotations) = &restored.rotations {
            set_setting(&tx, ROTATIONS, rotations)?;
        }
        audit::append(
            &tx,
            &self.info.officer,
            "commission-identity-restored",
            None,
            restored
                .signing_seed
                .as_ref()
                .map(|_| "with the reply signing key"),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Commission: the age identities it held before its key rotations,
    /// newest first, kept so that files encrypted to them still import.
    pub(crate) fn previous_commission_identities(&self) -> Result<Vec<Zeroizing<String>>> {
        if self.info.role != Role::Commission {
            return Ok(Vec::new());
        }
        let Some(text) = setting(&self.conn, PREVIOUS_IDENTITIES)?.map(Zeroizing::new) else {
            return Ok(Vec::new());
        };
        let list: Vec<String> = serde_json::from_str(&text)
            .map_err(|_| Error::Damaged("the commission's earlier keys are unreadable".into()))?;
        Ok(list.into_iter().map(Zeroizing::new).collect())
    }

    /// Commission: its key rotations as its replies announce them (JSON),
    /// if it rotated its keys.
    pub(crate) fn commission_rotations(&self) -> Result<Option<String>> {
        setting(&self.conn, ROTATIONS)
    }

    /// Commission: replaces its age identity and signing key by new ones,
    /// keeping the old identity (files in transit to it still import) and
    /// recording the rotation (`rotations`, the whole list as JSON, the new
    /// one last), in one transaction. Audited, with the identity backup the
    /// rotation wrote before.
    pub(crate) fn rotate_commission_keys(
        &mut self,
        identity: &str,
        signing_seed: &[u8; 32],
        rotations: &str,
    ) -> Result<()> {
        let current = self.commission_identity_text()?;
        let held = self.previous_commission_identities()?;
        let previous = identities_json(
            &std::iter::once(current.as_str())
                .chain(held.iter().map(|p| p.as_str()))
                .collect::<Vec<_>>(),
        )?;
        let tx = self.conn.transaction()?;
        set_setting(&tx, PREVIOUS_IDENTITIES, &previous)?;
        set_setting(&tx, COMMISSION_IDENTITY, identity)?;
        set_setting(
            &tx,
            COMMISSION_SIGNING_KEY,
            &Zeroizing::new(hex::encode(&signing_seed[..])),
        )?;
        set_setting(&tx, ROTATIONS, rotations)?;
        audit::append(
            &tx,
            &self.info.officer,
            "commission-key-rotated",
            None,
            None,
        )?;
        // In the same transaction, so that a rotation that happened is
        // never reported as failed for want of its audit entry.
        audit::append(
            &tx,
            &self.info.officer,
            "identity-backup-written",
            None,
            None,
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// A JSON list of secret identities, written into one buffer of its
/// measured size (no reallocation leaves a copy behind), wiped when dropped.
fn identities_json(list: &[&str]) -> Result<Zeroizing<String>> {
    let capacity =
        2 + list.iter().map(|text| text.len() + 3).sum::<usize>() - usize::from(!list.is_empty());
    let mut bytes = Zeroizing::new(Vec::with_capacity(capacity));
    serde_json::to_writer(&mut *bytes, list).map_err(|e| Error::Damaged(e.to_string()))?;
    debug_assert!(bytes.len() <= capacity);
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::Damaged(e.to_string()))?
        .to_owned();
    Ok(Zeroizing::new(text))
}
