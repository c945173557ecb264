//! Changing the passphrase, and with it the database key: the database is
//! copied re-encrypted beside itself, the new header decides, the copy
//! takes the database's place; a crash at any point is finished or undone
//! at the next open ([`finish_rekey`]).

use std::fs::File;
use std::path::Path;

use rusqlite::{Connection, params};
use secrecy::SecretString;

use super::connect::{connect, opens_with};
use super::slots::Slot;
use super::{
    DATABASE_FILE, Error, KdfParams, REKEYED_FILE, REKEYED_FILES, Result, Vault, audit, fsutil,
    keys, passphrase_weakness,
};

impl Vault {
    /// Changes the passphrase and the database key with it: a passphrase is
    /// changed because the old one may be known, and an old copy of the
    /// header would otherwise still unlock the database with it.
    ///
    /// The database is copied, re-encrypted with a new random key, into
    /// `casebook.db.rekeyed` beside it (`sqlcipher_export`) and synced; then
    /// the new header replaces the old one atomically, which is the moment
    /// the change happens; then the copy replaces the database. A crash
    /// before the header is replaced leaves the old passphrase working (the
    /// copy is removed at the next open); a crash after it leaves the new
    /// one working (the next open finishes the swap: [`finish_rekey`]).
    /// Takes about as long as a backup.
    pub fn change_passphrase(
        &mut self,
        current: &SecretString,
        new: &SecretString,
        kdf: KdfParams,
    ) -> Result<()> {
        let info = &self.info;
        if let Some(weakness) = passphrase_weakness(
            secrecy::ExposeSecret::expose_secret(new),
            &[&info.officer, &info.mission_code, &info.mission_name],
        ) {
            return Err(Error::WeakPassphrase(weakness));
        }
        kdf.check_floor()?;
        let header = self.header_unchanged()?;
        let unlocked = header.open_as(Some(&self.info.officer), current)?;
        // The same keys as this session's, or the header is not the one
        // it unlocked (checked above byte for byte; this holds the keys
        // that the new header will be built on to the same standard).
        if *unlocked.key != *self.key || *unlocked.auth != *self.auth {
            return Err(Error::HeaderChanged);
        }
        drop(unlocked);
        // The officer's slot gets a new key pair too: with the old one, an
        // old header and the old passphrase would open the new sealed key.
        let new_key = keys::random_key();
        let own = Slot::new(&self.info.officer, new, kdf, &new_key, &self.auth)?;
        let new_header = if header.is_v1() {
            let owner = header.owner().cloned().unwrap_or_else(|| keys::Owner {
                officer: self.info.officer.clone(),
                mission_code: self.info.mission_code.clone(),
            });
            keys::Header::with_slots(Some(owner), vec![own], &new_key, &self.auth)
        } else {
            resealed_without(&header, &self.info.officer, Some(own), &new_key, &self.auth)?
        };
        self.rekey_to(new_key, &new_header)?;
        let tx = self.conn.transaction()?;
        audit::append(&tx, &self.info.officer, "passphrase-changed", None, None)
            .and_then(|()| Ok(tx.commit()?))
            .map_err(|e| Error::not_audited("the passphrase was changed".into(), &e))
    }

    /// Re-keys the database under `new_key`, which `new_header` holds: the
    /// copy under the new key, synced; then the header, the moment of the
    /// change; then the copy in the database's place. See
    /// [`Vault::change_passphrase`] for what a crash leaves.
    pub(super) fn rekey_to(&mut self, new_key: keys::Key, new_header: &keys::Header) -> Result<()> {
        self.header_unchanged()?;
        let rekeyed = self.dir.join(REKEYED_FILE);
        remove_rekeyed(&self.dir);
        let copied = self.copy_rekeyed(&rekeyed, &new_key);
        if let Err(e) = copied {
            let _ = self.conn.execute_batch("DETACH DATABASE rekeyed;");
            remove_rekeyed(&self.dir);
            return Err(e);
        }

        // The change happens here. A write that failed after its rename (the
        // folder's sync) has made the change all the same: the header on
        // disk decides whether the copy is now the database or debris.
        if let Err(e) = self.replace_header(new_header)
            && self.header != new_header.to_bytes()
        {
            remove_rekeyed(&self.dir);
            return Err(e);
        }

        // The header names the new key from here on, whatever the switch
        // does: a slot added later must be given this one.
        self.key = new_key;
        let key = zeroize::Zeroizing::new(*self.key);
        self.switch_to_rekeyed(&key, swap_in_rekeyed)
    }

    /// After the header has named `new_key`: closes the database under the
    /// old key (its WAL folds back and goes), puts the copy in its place
    /// with `swap` and connects under the new key; the lock file is held
    /// throughout. If the swap or the connection fails, the open that
    /// follows a crash is tried ([`finish_rekey`]); if that fails too, the
    /// vault is left without a database connection, and the error says to
    /// lock and unlock (which runs that open again).
    fn switch_to_rekeyed(
        &mut self,
        new_key: &keys::Key,
        swap: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<()> {
        drop(std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory()?,
        ));
        let switched = swap(&self.dir).and_then(|()| connect(&self.dir, new_key, false, true));
        let conn = match switched {
            Ok(conn) => conn,
            Err(_) => finish_rekey(&self.dir, new_key)
                .and_then(|_| connect(&self.dir, new_key, false, true))
                .map_err(|_| Error::ReopenAfterPassphraseChange)?,
        };
        self.conn = conn;
        Ok(())
    }

    /// Writes the whole database, encrypted with `key`, into the empty
    /// private file `out`, and syncs it.
    pub(super) fn copy_rekeyed(&self, out: &Path, key: &keys::Key) -> Result<()> {
        fsutil::create_private_file(out)
            .map_err(|e| Error::io(format!("cannot create {REKEYED_FILE}"), e))?;
        let path = out.to_str().ok_or_else(|| {
            Error::InvalidSetting("the vault folder's name is not valid Unicode".into())
        })?;
        let key_text = keys::raw_key_text(key);
        self.conn.execute(
            "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
            params![path, key_text.as_str()],
        )?;
        drop(key_text);
        // No journal for the copy: until the header names its key, a copy
        // cut short is debris that the next open removes.
        self.conn.execute_batch(
            "PRAGMA rekeyed.journal_mode = OFF; PRAGMA rekeyed.synchronous = FULL;",
        )?;
        self.conn
            .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        let version: u32 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        self.conn.execute_batch(&format!(
            "PRAGMA rekeyed.user_version = {version}; DETACH DATABASE rekeyed;"
        ))?;
        File::open(out)
            .and_then(|file| file.sync_all())
            .and_then(|()| fsutil::sync_dir(out))
            .map_err(|e| Error::io(format!("cannot write {REKEYED_FILE}"), e))?;
        Ok(())
    }
}

/// `header` of format 2 under `new_key`: `officer`'s slot replaced by
/// `replacement` (or left out when `None`), every other slot keeping its
/// key pair and given `new_key` (no passphrase needed), the restore marker
/// kept, the header authenticated under `auth` (the same authentication
/// key: the other slots hold it under passphrases that are not here).
pub(super) fn resealed_without(
    header: &keys::Header,
    officer: &str,
    replacement: Option<Slot>,
    new_key: &keys::Key,
    auth: &keys::Key,
) -> Result<keys::Header> {
    let mut replacement = replacement;
    let mut slots = Vec::with_capacity(header.slots.len());
    for slot in &header.slots {
        if keys::same_name(slot.officer(), officer) {
            slots.extend(replacement.take());
        } else {
            let mut slot = slot.clone();
            slot.seal(new_key)?;
            slots.push(slot);
        }
    }
    if slots.is_empty() {
        return Err(Error::InvalidSetting(
            "the last officer of a vault cannot be removed".into(),
        ));
    }
    Ok(keys::Header::resealed_like(header, slots, new_key, auth))
}

/// Removes a re-encrypted copy and anything SQLite left beside it.
fn remove_rekeyed(dir: &Path) {
    for name in REKEYED_FILES {
        let _ = std::fs::remove_file(dir.join(name));
    }
}

/// Replaces the database by its re-encrypted copy. The old database's WAL
/// and index go first: their frames are under the old key and the copy
/// already holds what they held.
fn swap_in_rekeyed(dir: &Path) -> Result<()> {
    for stale in ["casebook.db-wal", "casebook.db-shm"] {
        match std::fs::remove_file(dir.join(stale)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(format!("cannot remove {stale}"), e));
            }
            _ => {}
        }
    }
    let database = dir.join(DATABASE_FILE);
    std::fs::rename(dir.join(REKEYED_FILE), &database)
        .and_then(|()| fsutil::sync_dir(&database))
        .map_err(|e| Error::io(format!("cannot replace {DATABASE_FILE}"), e))?;
    remove_rekeyed(dir);
    Ok(())
}

/// Finishes or undoes a passphrase change that a crash interrupted, using
/// the key of the header now on disk: if it opens the database, the change
/// never happened and the copy is removed; if it opens only the copy, the
/// header was replaced and the copy takes the database's place. Returns
/// whether a change was finished.
pub(super) fn finish_rekey(dir: &Path, key: &keys::Key) -> Result<bool> {
    if !dir.join(REKEYED_FILE).exists() {
        return Ok(false);
    }
    if opens_with(&dir.join(DATABASE_FILE), key) {
        remove_rekeyed(dir);
        return Ok(false);
    }
    if opens_with(&dir.join(REKEYED_FILE), key) {
        swap_in_rekeyed(dir)?;
        return Ok(true);
    }
    // Neither: the database is reported as damaged by the open that follows.
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::testing::{NEW, OLD, actions, passphrase, vault_with_a_case};

    #[test]
    fn a_change_interrupted_before_the_new_header_leaves_the_old_passphrase() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, reference) = vault_with_a_case(dir.path());
        let new_key = keys::random_key();
        vault
            .copy_rekeyed(&dir.path().join(REKEYED_FILE), &new_key)
            .unwrap_or_else(|e| panic!("{e}"));
        drop(vault); // the process dies here
        assert!(dir.path().join(REKEYED_FILE).exists());
        assert!(matches!(
            Vault::open(dir.path(), &passphrase(NEW)),
            Err(Error::WrongPassphrase)
        ));
        let vault = Vault::open(dir.path(), &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        assert!(vault.get_case(&reference).is_ok());
        assert!(
            !dir.path().join(REKEYED_FILE).exists(),
            "the copy is removed"
        );
        assert!(vault.integrity_problems().unwrap_or_default().is_empty());
    }

    #[test]
    fn a_change_interrupted_after_the_new_header_is_finished_at_the_next_open() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, reference) = vault_with_a_case(dir.path());
        let header = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let old_key = header
            .open(&passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"));
        let new_key = keys::random_key();
        vault
            .copy_rekeyed(&dir.path().join(REKEYED_FILE), &new_key)
            .unwrap_or_else(|e| panic!("{e}"));
        keys::Header::seal(
            &new_key,
            &vault.auth,
            &passphrase(NEW),
            KdfParams::insecure_for_tests(),
            header.owner().cloned(),
        )
        .and_then(|h| h.write(dir.path()))
        .unwrap_or_else(|e| panic!("{e}"));
        drop(vault); // the process dies here, the database not yet swapped
        assert!(matches!(
            Vault::open(dir.path(), &passphrase(OLD)),
            Err(Error::WrongPassphrase)
        ));
        let vault = Vault::open(dir.path(), &passphrase(NEW)).unwrap_or_else(|e| panic!("{e}"));
        assert!(vault.get_case(&reference).is_ok());
        assert!(!dir.path().join(REKEYED_FILE).exists());
        assert!(vault.integrity_problems().unwrap_or_default().is_empty());
        assert!(
            actions(&vault)
                .iter()
                .any(|(action, detail)| action == "passphrase-changed" && detail.is_some()),
            "{:?}",
            actions(&vault)
        );
        // The database is under the new key; the old key opens nothing.
        drop(vault);
        let database = dir.path().join(DATABASE_FILE);
        assert!(opens_with(&database, &new_key));
        assert!(!opens_with(&database, &old_key));
    }

    /// The header names the new key, and the swap fails: the vault retries
    /// as the next open would and goes on under the new key; when that
    /// fails too, it says to lock and unlock, and the next open succeeds.
    #[test]
    fn a_change_whose_swap_fails_after_the_new_header_reconnects_or_says_to_lock() {
        for retry_works in [true, false] {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let (mut vault, reference) = vault_with_a_case(dir.path());
            let header = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
            let new_key = keys::random_key();
            vault
                .copy_rekeyed(&dir.path().join(REKEYED_FILE), &new_key)
                .unwrap_or_else(|e| panic!("{e}"));
            keys::Header::seal(
                &new_key,
                &vault.auth,
                &passphrase(NEW),
                KdfParams::insecure_for_tests(),
                header.owner().cloned(),
            )
            .and_then(|h| h.write(dir.path()))
            .unwrap_or_else(|e| panic!("{e}"));
            // The swap fails; when the retry is to fail as well, the copy
            // is out of reach until the vault is locked.
            let hidden = dir.path().join("hidden");
            let switched = vault.switch_to_rekeyed(&new_key, |dir| {
                if !retry_works {
                    std::fs::rename(dir.join(REKEYED_FILE), &hidden)
                        .map_err(|e| Error::io("test", e))?;
                }
                Err(Error::io("cannot replace", std::io::Error::other("test")))
            });
            if retry_works {
                assert!(switched.is_ok(), "{switched:?}");
                // The vault works on, under the new key.
                let stored = vault.get_case(&reference).unwrap_or_else(|e| panic!("{e}"));
                vault
                    .create_case(stored.case)
                    .unwrap_or_else(|e| panic!("{e}"));
                drop(vault);
                assert!(!dir.path().join(REKEYED_FILE).exists());
                assert!(opens_with(&dir.path().join(DATABASE_FILE), &new_key));
                continue;
            }
            assert!(
                matches!(switched, Err(Error::ReopenAfterPassphraseChange)),
                "{switched:?}"
            );
            assert!(switched.is_err_and(|e| e.to_string().contains("lock the vault")));
            // Lock and unlock with the new passphrase.
            drop(vault);
            std::fs::rename(&hidden, dir.path().join(REKEYED_FILE))
                .unwrap_or_else(|e| panic!("{e}"));
            let vault = Vault::open(dir.path(), &passphrase(NEW)).unwrap_or_else(|e| panic!("{e}"));
            assert!(vault.get_case(&reference).is_ok());
        }
    }
}
