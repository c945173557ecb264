//! Mission: a planned rotation of its signing key. The new key replaces
//! the old one in the vault, and the statement the old key signed for it
//! (`exchange::rotation`) is kept beside it, so that every export from now
//! on can carry it to the commission. The old key is not kept.

use zeroize::Zeroizing;

use super::identity::SIGNING_KEY;
use super::{Error, Result, Role, Vault, audit, set_setting, setting};

/// The rotation statements of this vault, oldest first, as a JSON array.
const ROTATIONS: &str = "signing_key_rotations";

/// Set in the rotation's transaction, cleared once a backup holds the new
/// key (or at the first unlock after a restore, whose backup holds it):
/// while set, no export is signed, so that a key no backup holds never
/// signs a file the commission then trusts.
const UNBACKED: &str = "signing_key_unbacked";

/// At the first unlock after a restore: the backup restored holds the key
/// the vault now has.
pub(crate) fn clear_unbacked(conn: &rusqlite::Connection) -> Result<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [UNBACKED])?;
    Ok(())
}

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
        set_setting(
            &tx,
            SIGNING_KEY,
            &Zeroizing::new(hex::encode(&new_seed[..])),
        )?;
        set_setting(&tx, ROTATIONS, rotations)?;
        set_setting(&tx, UNBACKED, "1")?;
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

    /// Mission: its signing key was rotated and no backup holds the new
    /// key yet (`backup --out FILE` clears it).
    pub fn signing_key_unbacked(&self) -> Result<bool> {
        Ok(setting(&self.conn, UNBACKED)?.is_some())
    }

    /// Mission: folds the WAL back and empties it, so that no earlier
    /// image of the page that held a replaced key stays in it.
    pub(crate) fn fold_wal(&mut self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// Mission: undoes a rotation whose backup could not be written (the
    /// new key signed nothing): the old seed and statements come back, and
    /// the "no backup holds the key" marker as it was before the rotation
    /// (`was_unbacked`), in one transaction. Audited.
    pub(crate) fn undo_signing_rotation(
        &mut self,
        old_seed: &Zeroizing<[u8; 32]>,
        old_rotations: Option<&str>,
        was_unbacked: bool,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        set_setting(
            &tx,
            SIGNING_KEY,
            &Zeroizing::new(hex::encode(&old_seed[..])),
        )?;
        match old_rotations {
            Some(json) => set_setting(&tx, ROTATIONS, json)?,
            None => {
                tx.execute("DELETE FROM settings WHERE key = ?1", [ROTATIONS])?;
            }
        }
        // The marker as it was before this rotation: one an earlier
        // rotation left (a crash before its backup) still stands, since no
        // backup holds the key that comes back.
        if was_unbacked {
            set_setting(&tx, UNBACKED, "1")?;
        } else {
            tx.execute("DELETE FROM settings WHERE key = ?1", [UNBACKED])?;
        }
        audit::append(
            &tx,
            &self.info.officer,
            "signing-key-rotation-undone",
            None,
            Some("no backup could be written"),
        )?;
        tx.commit()?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }
}
