//! The officers of a vault: listing, adding and removing them. Each has a
//! key slot in the header (`slots.rs`); removing one re-keys the database
//! (`rekey.rs`), so that a copy of the old header, with the removed
//! officer's passphrase, no longer opens it.

use secrecy::SecretString;

use super::rekey::resealed_without;
use super::slots::{Slot, check_new_name};
use super::{Error, KdfParams, Result, Vault, audit, keys, passphrase_weakness};

impl Vault {
    /// The officers who can unlock this vault, in the order they were added
    /// (as the header this session verified or wrote names them).
    pub fn officers(&self) -> Result<Vec<String>> {
        Ok(self.session_header()?.officers())
    }

    /// Whether the unlock screen asks for a typed name instead of listing
    /// the officers (the header says it, so it can be read before unlock).
    pub fn officer_list_hidden(&self) -> Result<bool> {
        Ok(self.session_header()?.hides_officers())
    }

    /// Hides the list of officers at unlock (each officer types their
    /// name; a name that is not an officer's is told as a wrong
    /// passphrase), or shows it again. Kept in the header, covered by its
    /// MAC: a header edited to show the list again does not open. Audited
    /// `officer-list-hidden` or `officer-list-shown`, by the officer
    /// signed in.
    pub fn set_officer_list_hidden(&mut self, hidden: bool) -> Result<()> {
        let header = self.header_unchanged()?;
        if header.hides_officers() == hidden {
            return Ok(());
        }
        let mut template = header.clone();
        template.hide_officers = hidden;
        let changed =
            keys::Header::resealed_like(&template, header.slots.clone(), &self.key, &self.auth);
        self.replace_header(&changed)?;
        let (action, detail) = if hidden {
            (
                "officer-list-hidden",
                "each officer types their name at unlock",
            )
        } else {
            ("officer-list-shown", "the unlock screen lists the officers")
        };
        self.audit_now(action, detail)
            .map_err(|e| Error::not_audited(format!("the setting was changed ({action})"), &e))
    }

    /// The header this session verified at unlock or last wrote.
    pub(super) fn session_header(&self) -> Result<keys::Header> {
        keys::Header::from_bytes(&self.header)
    }

    /// The session's header, once the file on disk is checked to be it,
    /// byte for byte: anything that rewrites the header builds on this, so
    /// that a slot put into the file while the vault was open (by a sync
    /// client, another account, a removed officer) is never signed with
    /// this session's keys nor given the database key. A file changed by
    /// something else is refused: [`Error::HeaderChanged`].
    pub(super) fn header_unchanged(&self) -> Result<keys::Header> {
        if keys::read_bytes(&self.dir)? != self.header {
            return Err(Error::HeaderChanged);
        }
        self.session_header()
    }

    /// Replaces the header, if the file on disk is still the session's
    /// ([`Vault::header_unchanged`]); the new one becomes the session's.
    pub(super) fn replace_header(&mut self, header: &keys::Header) -> Result<()> {
        self.header_unchanged()?;
        let result = header.write(&self.dir);
        // A write that failed after its rename (the folder's sync) has
        // replaced the file all the same.
        let bytes = header.to_bytes();
        if result.is_ok() || keys::read_bytes(&self.dir).ok().as_ref() == Some(&bytes) {
            self.header = bytes;
        }
        result
    }

    /// Adds an officer with their own passphrase (the strength rules of a
    /// new vault, with their name and the mission as words a guesser would
    /// try). The database key is sealed to their new slot; nothing is
    /// re-keyed. Audited `officer-added`, by the officer signed in.
    pub fn add_officer(
        &mut self,
        name: &str,
        passphrase: &SecretString,
        kdf: KdfParams,
    ) -> Result<()> {
        let header = self.header_unchanged()?;
        let name = check_new_name(&header, name)?;
        // Not a removed officer's name while cases are still theirs.
        self.check_no_orphans(&name)?;
        if let Some(weakness) = passphrase_weakness(
            secrecy::ExposeSecret::expose_secret(passphrase),
            &[&name, &self.info.mission_code, &self.info.mission_name],
        ) {
            return Err(Error::WeakPassphrase(weakness));
        }
        kdf.check_floor()?;
        // The newcomer's slot is given the vault's authentication key by
        // the officer adding them (it is in their slot, under their
        // passphrase, and kept while the vault is open).
        let slot = Slot::new(&name, passphrase, kdf, &self.key, &self.auth)?;
        let mut slots = header.slots.clone();
        slots.push(slot);
        let added = keys::Header::resealed_like(&header, slots, &self.key, &self.auth);
        self.replace_header(&added)?;
        self.audit_now("officer-added", &name)
            .map_err(|e| Error::not_audited(format!("{name} was added"), &e))
    }

    /// Removes an officer: the database is re-keyed and the new key sealed
    /// to the other officers' slots (their passphrases are not needed), so
    /// that the removed officer's passphrase opens nothing, not even with a
    /// copy of the header taken before. The last officer cannot be removed,
    /// nor the officer signed in (another officer removes them, so that no
    /// session runs on for someone who is no longer an officer). Takes
    /// about as long as a backup.
    ///
    /// Audited twice: `officer-removal-started` before the re-keyed copy
    /// is made (so the copy carries it), `officer-removed` once done. A
    /// removal cut short is audited at the next open, by what the header
    /// then says ([`unfinished_removal`]): `officer-removed` (finished) or
    /// `officer-removal-undone`.
    pub fn remove_officer(&mut self, name: &str) -> Result<()> {
        let (removed, new_key, new_header) = self.begin_removal(name)?;
        let before = self.header.clone();
        if let Err(e) = self.rekey_to(new_key, &new_header) {
            if self.header == before {
                // Nothing changed: said at once (best effort; the next open
                // says it otherwise).
                let _ = self.audit_now(REMOVAL_UNDONE, &removed);
            }
            return Err(e);
        }
        self.audit_now(REMOVED, &removed)
            .map_err(|e| Error::not_audited(format!("{removed} was removed"), &e))
    }

    /// The checks of a removal, the new key and header, and the
    /// `officer-removal-started` entry, committed.
    fn begin_removal(&mut self, name: &str) -> Result<(String, keys::Key, keys::Header)> {
        let header = self.header_unchanged()?;
        let (new_key, new_header) = self.header_without(&header, name)?;
        let removed = header
            .officers()
            .into_iter()
            .find(|o| keys::same_name(o, name))
            .unwrap_or_else(|| name.trim().to_owned());
        self.audit_now(REMOVAL_STARTED, &removed)?;
        Ok((removed, new_key, new_header))
    }

    /// Appends an audit entry by the officer signed in, committed.
    pub(super) fn audit_now(&mut self, action: &str, detail: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        audit::append(&tx, &self.info.officer, action, None, Some(detail))?;
        tx.commit()?;
        Ok(())
    }

    /// The header without `name`'s slot, under a new database key, after
    /// the checks of [`Vault::remove_officer`].
    fn header_without(
        &self,
        header: &keys::Header,
        name: &str,
    ) -> Result<(keys::Key, keys::Header)> {
        let officers = header.officers();
        if !officers.iter().any(|o| keys::same_name(o, name)) {
            return Err(Error::UnknownOfficer {
                name: name.trim().to_owned(),
                officers,
            });
        }
        if officers.len() < 2 {
            return Err(Error::InvalidSetting(
                "the last officer of a vault cannot be removed".into(),
            ));
        }
        if keys::same_name(name, &self.info.officer) {
            return Err(Error::InvalidSetting(
                "an officer cannot remove themself; another officer of the vault must".into(),
            ));
        }
        let new_key = keys::random_key();
        let new_header = resealed_without(header, name, None, &new_key, &self.auth)?;
        Ok((new_key, new_header))
    }
}

const REMOVAL_STARTED: &str = "officer-removal-started";
const REMOVED: &str = "officer-removed";
const REMOVAL_UNDONE: &str = "officer-removal-undone";

/// A removal whose start is audited and whose end is not (the process
/// stopped in between), as the audit entry to append at this open, by the
/// officer signing in: `officer-removed` if `header` no longer names the
/// officer (the re-key took effect, and this open finished it),
/// `officer-removal-undone` if it still does. Names the officer removed and
/// the officer who started it.
pub(super) fn unfinished_removal(
    conn: &rusqlite::Connection,
    header: &keys::Header,
) -> Result<Option<(&'static str, String)>> {
    use rusqlite::OptionalExtension as _;
    let started: Option<(i64, String, Option<String>)> = conn
        .query_row(
            "SELECT seq, actor, detail FROM audit WHERE action = ?1 ORDER BY seq DESC LIMIT 1",
            [REMOVAL_STARTED],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let Some((seq, by, Some(name))) = started else {
        return Ok(None);
    };
    let ended: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM audit WHERE seq > ?1 AND action IN (?2, ?3))",
        rusqlite::params![seq, REMOVED, REMOVAL_UNDONE],
        |row| row.get(0),
    )?;
    if ended {
        return Ok(None);
    }
    if header.officers().iter().any(|o| keys::same_name(o, &name)) {
        Ok(Some((
            REMOVAL_UNDONE,
            format!("{name}; started by {by}, cut short before it took effect"),
        )))
    } else {
        Ok(Some((
            REMOVED,
            format!("{name}; started by {by}, finished at this unlock after an interruption"),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::connect::opens_with;
    use crate::vault::testing::{OLD, actions, passphrase, vault_with_a_case};
    use crate::vault::{DATABASE_FILE, REKEYED_FILE};

    const SECOND: &str = "amber meadow kettle violin";

    /// A vault of two officers, signed in as the first; the second's name.
    fn two_officers(dir: &std::path::Path) -> (Vault, String) {
        let (mut vault, reference) = vault_with_a_case(dir);
        vault
            .add_officer(
                "A. Petraitė",
                &passphrase(SECOND),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        (vault, reference)
    }

    /// A removal cut after the copy, before the new header: nothing
    /// happened, both officers open, the copy is removed.
    #[test]
    fn a_removal_cut_before_the_new_header_leaves_both_officers_in() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        let (_, new_key, _) = vault
            .begin_removal("A. Petraitė")
            .unwrap_or_else(|e| panic!("{e}"));
        vault
            .copy_rekeyed(&dir.path().join(REKEYED_FILE), &new_key)
            .unwrap_or_else(|e| panic!("{e}"));
        drop(vault); // the process dies here
        let second = Vault::open_as(dir.path(), Some("A. Petraitė"), &passphrase(SECOND))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(second.get_case(&reference).is_ok());
        // Audited as undone, by the officer who opened, naming who
        // started it; not as a removal, nor as a passphrase change.
        let entries = actions(&second);
        assert!(
            entries.contains(&(
                "officer-removal-undone".into(),
                Some("A. Petraitė; started by J. Jonaitis, cut short before it took effect".into())
            )),
            "{entries:?}"
        );
        assert!(!entries.iter().any(|(a, _)| a == "officer-removed"));
        assert!(
            !dir.path().join(REKEYED_FILE).exists(),
            "the copy is removed"
        );
        drop(second);
        let first = Vault::open_as(dir.path(), Some("J. Jonaitis"), &passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.officers().unwrap_or_default().len(), 2);
    }

    /// A removal cut after the new header, before the swap: the officer
    /// is out, the other opens and the swap is finished.
    #[test]
    fn a_removal_cut_after_the_new_header_is_finished_at_the_next_open() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        let header = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let (_, new_key, new_header) = vault
            .begin_removal("A. Petraitė")
            .unwrap_or_else(|e| panic!("{e}"));
        vault
            .copy_rekeyed(&dir.path().join(REKEYED_FILE), &new_key)
            .unwrap_or_else(|e| panic!("{e}"));
        new_header
            .write(dir.path())
            .unwrap_or_else(|e| panic!("{e}"));
        drop(vault); // the process dies here, the database not yet swapped
        assert!(matches!(
            Vault::open_as(dir.path(), Some("A. Petraitė"), &passphrase(SECOND)),
            Err(Error::UnknownOfficer { .. })
        ));
        // The old header, kept by the removed officer, yields the old key,
        // which opens neither the copy nor (once swapped) the database.
        let old_key = header
            .open_as(Some("A. Petraitė"), &passphrase(SECOND))
            .unwrap_or_else(|e| panic!("{e}"))
            .key;
        assert!(!opens_with(&dir.path().join(REKEYED_FILE), &old_key));
        let first = Vault::open(dir.path(), &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        assert!(first.get_case(&reference).is_ok());
        assert!(!dir.path().join(REKEYED_FILE).exists());
        assert!(first.integrity_problems().unwrap_or_default().is_empty());
        // The started entry travelled with the copy: the removal is audited
        // as finished at this open, naming who started it, not as a
        // passphrase change.
        let entries = actions(&first);
        assert!(
            entries.contains(&(
                "officer-removed".into(),
                Some(
                    "A. Petraitė; started by J. Jonaitis, finished at this unlock after an interruption"
                        .into()
                )
            )),
            "{entries:?}"
        );
        assert!(!entries.iter().any(|(a, _)| a == "passphrase-changed"));
        drop(first);
        let database = dir.path().join(DATABASE_FILE);
        assert!(opens_with(&database, &new_key));
        assert!(!opens_with(&database, &old_key));
    }

    /// The audit entry after the re-key fails: the error says the removal
    /// took effect (not "nothing was changed"), and the next open records
    /// it.
    #[test]
    fn a_removal_whose_audit_entry_fails_says_it_took_effect() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, _) = two_officers(dir.path());
        vault
            .conn
            .execute_batch(
                "CREATE TRIGGER refuse BEFORE INSERT ON audit WHEN NEW.action = 'officer-removed'
                 BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let result = vault.remove_officer("A. Petraitė");
        let message = result.as_ref().err().map(ToString::to_string);
        assert!(
            matches!(&result, Err(Error::NotAudited { done, .. }) if done == "A. Petraitė was removed"),
            "{message:?}"
        );
        assert!(message.is_some_and(|m| !m.contains("nothing was changed")));
        assert_eq!(vault.officers().unwrap_or_default(), ["J. Jonaitis"]);
        vault
            .conn
            .execute_batch("DROP TRIGGER refuse;")
            .unwrap_or_else(|e| panic!("{e}"));
        drop(vault);
        let vault = Vault::open(dir.path(), &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        assert!(actions(&vault).contains(&(
            "officer-removed".into(),
            Some(
                "A. Petraitė; started by J. Jonaitis, finished at this unlock after an interruption"
                    .into()
            )
        )));
    }

    /// A removed officer who can write the folder drops in a
    /// `casebook.db.rekeyed` under a key they know (a copy of the database
    /// under the old key, made while they were an officer). The next open
    /// swaps in only a copy that opens under the key the verified header
    /// seals: the planted file is removed, the database kept as it is.
    #[test]
    fn a_planted_rekeyed_copy_is_never_swapped_in() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        let old_key = keys::Header::read(dir.path())
            .and_then(|h| h.open_as(Some("A. Petraitė"), &passphrase(SECOND)))
            .unwrap_or_else(|e| panic!("{e}"))
            .key;
        let kept = dir.path().join("kept.db");
        vault
            .copy_rekeyed(&kept, &old_key)
            .unwrap_or_else(|e| panic!("{e}"));
        vault
            .remove_officer("A. Petraitė")
            .unwrap_or_else(|e| panic!("{e}"));
        drop(vault);
        std::fs::rename(&kept, dir.path().join(REKEYED_FILE)).unwrap_or_else(|e| panic!("{e}"));

        let vault = Vault::open(dir.path(), &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        assert!(vault.get_case(&reference).is_ok());
        assert!(
            !dir.path().join(REKEYED_FILE).exists(),
            "the planted copy is removed"
        );
        assert!(
            !actions(&vault)
                .iter()
                .any(|(a, _)| a == "passphrase-changed"),
            "no re-key was finished"
        );
        drop(vault);
        let key = keys::Header::read(dir.path())
            .and_then(|h| h.open_as(None, &passphrase(OLD)))
            .unwrap_or_else(|e| panic!("{e}"))
            .key;
        let database = dir.path().join(DATABASE_FILE);
        assert!(opens_with(&database, &key));
        assert!(!opens_with(&database, &old_key));
    }

    /// The hidden list: read before unlock, kept by every header written
    /// after it (an officer added, removed, a passphrase changed), covered
    /// by the MAC; a name that is not an officer's reads as a wrong
    /// passphrase and a missing name does not list the officers.
    #[test]
    fn a_hidden_officer_list_is_kept_authenticated_and_tells_no_names() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, _) = two_officers(dir.path());
        assert!(!crate::vault::officer_list_hidden(dir.path()).unwrap_or(true));
        vault
            .set_officer_list_hidden(true)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(crate::vault::officer_list_hidden(dir.path()).unwrap_or(false));
        assert!(
            actions(&vault)
                .iter()
                .any(|(a, _)| a == "officer-list-hidden")
        );
        vault
            .add_officer(
                "B. Kazlauskas",
                &passphrase("copper lagoon thistle anchor"),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        vault
            .remove_officer("B. Kazlauskas")
            .unwrap_or_else(|e| panic!("{e}"));
        vault
            .change_passphrase(
                &passphrase(OLD),
                &passphrase(crate::vault::testing::NEW),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(vault.officer_list_hidden().unwrap_or(false));
        drop(vault);
        assert!(crate::vault::officer_list_hidden(dir.path()).unwrap_or(false));
        let header = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            header.open_as(Some("Nobody"), &passphrase(SECOND)),
            Err(Error::WrongPassphrase)
        ));
        assert!(matches!(
            header.open_as(None, &passphrase(SECOND)),
            Err(Error::OfficerNeeded { officers }) if officers.is_empty()
        ));
        // Typed in another case and composed otherwise: the same name.
        assert!(
            header
                .open_as(Some(" a. petraite\u{307}"), &passphrase(SECOND))
                .is_ok()
        );

        // The flag taken out of the file by someone without a passphrase:
        // the header no longer verifies.
        let text =
            String::from_utf8(keys::read_bytes(dir.path()).unwrap_or_default()).unwrap_or_default();
        let mut value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        value
            .as_object_mut()
            .map(|o| o.remove("hide_officers"))
            .unwrap_or_else(|| panic!("not an object"));
        std::fs::write(
            dir.path().join(keys::HEADER_FILE),
            serde_json::to_vec(&value).unwrap_or_default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Vault::open_as(dir.path(), Some("A. Petraitė"), &passphrase(SECOND)),
            Err(Error::Damaged(_))
        ));
        std::fs::write(dir.path().join(keys::HEADER_FILE), text.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut vault = Vault::open_as(dir.path(), Some("A. Petraitė"), &passphrase(SECOND))
            .unwrap_or_else(|e| panic!("{e}"));
        vault
            .set_officer_list_hidden(false)
            .unwrap_or_else(|e| panic!("{e}"));
        // Off again: the header is as one that never had the setting.
        assert!(
            !String::from_utf8_lossy(&keys::read_bytes(dir.path()).unwrap_or_default())
                .contains("hide_officers")
        );
        assert!(matches!(
            keys::Header::read(dir.path())
                .and_then(|h| h.open_as(Some("Nobody"), &passphrase(SECOND))),
            Err(Error::UnknownOfficer { .. })
        ));
    }

    #[test]
    fn a_new_officer_is_checked_like_a_new_vault() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, _) = vault_with_a_case(dir.path());
        let cheap = KdfParams::insecure_for_tests();
        for (name, pass) in [
            ("A. Petraitė", "short"),
            ("A. Petraitė", "A. PetraitėLT-LON"),
            ("j. jonaitis", SECOND),
            ("", SECOND),
            ("two\nlines", SECOND),
        ] {
            assert!(
                vault.add_officer(name, &passphrase(pass), cheap).is_err(),
                "{name:?} with {pass:?}"
            );
        }
        // Refused for the newcomer's name and the mission, strong without.
        assert!(passphrase_weakness("A. PetraitėLT-LON", &[]).is_none());
        let weak_kdf = KdfParams {
            memory_kib: 8 * 1024,
            iterations: 1,
            parallelism: 1,
        };
        assert!(
            vault
                .add_officer("A. Petraitė", &passphrase(SECOND), weak_kdf)
                .is_err()
        );
        assert_eq!(vault.officers().unwrap_or_default(), ["J. Jonaitis"]);
    }
}
