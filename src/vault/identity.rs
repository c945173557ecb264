//! The vault's identity in the exchange and the keys it holds for it: a
//! random vault id, a mission's Ed25519 signing key, or the commission's
//! age X25519 identity. The secrets never leave the encrypted database
//! except through `identity-backup`.

use rusqlite::Transaction;
use zeroize::Zeroizing;

use super::{Error, Result, Role, Vault, audit, set_setting, setting};

const VAULT_ID: &str = "vault_id";
pub(super) const SIGNING_KEY: &str = "signing_key";
const COMMISSION_IDENTITY: &str = "commission_identity";

/// Gives a vault the identity and keys the exchange needs: a random vault
/// id, and a mission's Ed25519 signing key or the commission's age X25519
/// identity. Run at creation, and at opening for vaults made before the
/// exchange existed. The secrets never leave the encrypted database except
/// through `identity-backup`.
pub(crate) fn ensure_keys(tx: &Transaction<'_>, role: Role, officer: &str) -> Result<()> {
    if setting(tx, VAULT_ID)?.is_none() {
        set_setting(tx, VAULT_ID, &uuid::Uuid::now_v7().to_string())?;
    }
    match role {
        Role::Mission if setting(tx, SIGNING_KEY)?.is_none() => {
            let seed = super::keys::random_key();
            set_setting(tx, SIGNING_KEY, &Zeroizing::new(hex::encode(*seed)))?;
            audit::append(tx, officer, "signing-key-generated", None, None)?;
        }
        Role::Commission if setting(tx, COMMISSION_IDENTITY)?.is_none() => {
            let identity = age::x25519::Identity::generate();
            let text = identity.to_string();
            set_setting(
                tx,
                COMMISSION_IDENTITY,
                secrecy::ExposeSecret::expose_secret(&text),
            )?;
            audit::append(tx, officer, "commission-identity-generated", None, None)?;
        }
        _ => {}
    }
    Ok(())
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

    /// Commission: replaces its identity with one restored from a backup.
    /// Audited; the previous identity is gone afterwards, so files in transit
    /// to it become unreadable unless it was backed up too.
    pub(crate) fn replace_commission_identity(&mut self, identity: &str) -> Result<()> {
        self.commission_identity_text()?;
        let tx = self.conn.transaction()?;
        set_setting(&tx, COMMISSION_IDENTITY, identity)?;
        audit::append(
            &tx,
            &self.info.officer,
            "commission-identity-restored",
            None,
            None,
        )?;
        tx.commit()?;
        Ok(())
    }
}
