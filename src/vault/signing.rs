//! Mission: a planned rotation of its signing key. The new key replaces
//! the old one in the vault, and the statement the old key signed for it
//! (`exchange::rotation`) is kept beside it, so that every export from now
//! on can carry it to the commission. The old key is not kept.

use zeroize::Zeroizing;

use super::identity::SIGNING_KEY;
use super::{Error, Result, Role, Vault, audit, set_setting, setting};

/// The rotation statements of this vault, oldest first, as a JSON array.
const ROTATIONS: &str = "signing_key_rotations";

impl Vault {
    /// Mission: the rotation statements its exports carry, as stored (a
    /// JSON array), if its key was ever rotated.
    pub(crate) fn key_rotations_json(&self) -> Result<Option<String>> {
        setting(&self.conn, ROTATIONS)
    }

    /// Mission: replaces its signing key with `new_seed` and stores the
    /// statements (`rotations`, the JSON array with the new one last), in
    /// one transaction. Audited, with `fingerprints` (old → new).
    pub(crate) fn rotate_signing_seed(
        &mut self,
        new_seed: &Zeroizing<[u8; 32]>,
        rotations: &str,
        fingerprints: &str,
    ) -> Result<()> {
        if self.info.role != Role::Mission {
            return Err(Error::InvalidSetting(
                "only a mission vault has a signing key to rotate".into(),
            ));
        }
        let tx = self.conn.transaction()?;
        set_setting(&tx, SIGNING_KEY, &Zeroizing::new(hex::encode(**new_seed)))?;
        set_setting(&tx, ROTATIONS, rotations)?;
        audit::append(
            &tx,
            &self.info.officer,
            "signing-key-rotated",
            None,
            Some(fingerprints),
        )?;
        tx.commit()?;
        // The page that held the old seed is in the main file until a
        // checkpoint writes the new one over it (`secure_delete`), and its
        // earlier image may sit in the WAL: fold the WAL back and empty it.
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }
}
