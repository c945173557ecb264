//! The editor's unsaved draft, kept when the vault locks with changes not
//! saved (Ctrl+L, the idle lock): stored in the encrypted database, never
//! in a file of its own, one per officer, and given back at the next
//! unlock by that officer. Saving the case, erasing it or discarding the
//! changes removes it. The audit log records that a draft was kept or
//! restored, never what it holds.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use zeroize::Zeroizing;

use super::{Result, Vault, audit, cases};

impl Vault {
    /// Keeps `body` (the editor's draft, serialised) for this vault's
    /// officer, replacing any earlier one; `case_id` is the stored case it
    /// changes, if any.
    pub fn keep_draft(&mut self, case_id: Option<&str>, body: &[u8]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO drafts (officer, case_id, saved_at, body) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(officer) DO UPDATE SET case_id = excluded.case_id,
                 saved_at = excluded.saved_at, body = excluded.body",
            params![
                self.info.officer,
                case_id,
                cases::timestamp(Utc::now()),
                body
            ],
        )?;
        audit::append(&tx, &self.info.officer, "draft-kept", case_id, None)?;
        tx.commit()?;
        Ok(())
    }

    /// The draft kept for this vault's officer, if any.
    pub fn draft(&self) -> Result<Option<Zeroizing<Vec<u8>>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT body FROM drafts WHERE officer = ?1",
                [&self.info.officer],
                |row| row.get::<_, Vec<u8>>(0),
            )
            .optional()?
            .map(Zeroizing::new))
    }

    /// Removes this officer's draft (saved, discarded or restored).
    pub fn discard_draft(&mut self) -> Result<()> {
        self.conn.execute(
            "DELETE FROM drafts WHERE officer = ?1",
            [&self.info.officer],
        )?;
        Ok(())
    }
}

/// At the first unlock after a restore: removes the drafts of new cases,
/// and of cases the restored vault does not hold. A backup may be older
/// than an erasure: a new case's draft in it could name a person saved and
/// erased since, and saving it would bring them back as a new case that
/// nothing ties to the erasure (the commission keeps erasures by case id).
/// A draft of a stored case stays: the backup brought its case back with it.
pub(super) fn drop_after_restore(conn: &Connection, officer: &str) -> Result<()> {
    let mut dropped = conn.execute("DELETE FROM drafts WHERE case_id IS NULL", [])?;
    let kept: Vec<String> = conn
        .prepare("SELECT case_id FROM drafts")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in kept {
        let held = match uuid::Uuid::parse_str(&id) {
            Ok(uuid) => conn
                .query_row(
                    "SELECT 1 FROM cases WHERE id = ?1",
                    [crate::domain::CaseId(uuid)],
                    |_| Ok(()),
                )
                .optional()?
                .is_some(),
            Err(_) => false,
        };
        if !held {
            dropped += conn.execute("DELETE FROM drafts WHERE case_id = ?1", [&id])?;
        }
    }
    if dropped > 0 {
        audit::append(
            conn,
            officer,
            "draft-dropped",
            None,
            Some("restored from a backup: a new case's draft is not offered"),
        )?;
    }
    Ok(())
}

/// Removes every draft of the case `case_id` (it is being erased).
pub(super) fn discard_of_case(conn: &Connection, case_id: &str) -> Result<()> {
    conn.execute("DELETE FROM drafts WHERE case_id = ?1", [case_id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::vault::testing::{OLD, actions, passphrase, vault_with_a_case};
    use crate::vault::{Overwrite, Vault, restore};

    /// Keeps a draft (of the stored case, or of a new case), backs the vault
    /// up, restores the backup into a new folder and unlocks it.
    fn restored_with_a_draft(of_the_case: bool) -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = vault_with_a_case(&dir.path().join("vault"));
        let id = of_the_case.then(|| {
            vault
                .get_case(&reference)
                .unwrap_or_else(|e| panic!("{e}"))
                .meta
                .id
                .to_string()
        });
        vault
            .keep_draft(id.as_deref(), b"{\"typed\":\"Draftmarker\"}")
            .unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("backup.casebook");
        vault.backup_to(&file).unwrap_or_else(|e| panic!("{e}"));
        drop(vault);
        let again = dir.path().join("restored");
        restore(&file, &again, Overwrite::Never).unwrap_or_else(|e| panic!("{e}"));
        let vault = Vault::open(&again, &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        (dir, vault)
    }

    /// A backup older than an erasure may hold a new case's draft naming
    /// the person erased: it is not offered after the restore.
    #[test]
    fn the_first_unlock_after_a_restore_drops_a_new_case_draft() {
        let (_dir, vault) = restored_with_a_draft(false);
        assert!(
            vault.draft().unwrap_or_else(|e| panic!("{e}")).is_none(),
            "a new case's draft came back with the backup"
        );
        let log = actions(&vault);
        assert!(
            log.iter().any(|(a, _)| a == "draft-dropped"),
            "the log says a draft was dropped"
        );
        assert!(!format!("{log:?}").contains("Draftmarker"));
    }

    /// A draft of a stored case stays: its case came back with the backup.
    #[test]
    fn a_stored_case_draft_survives_a_restore() {
        let (_dir, vault) = restored_with_a_draft(true);
        assert!(vault.draft().unwrap_or_else(|e| panic!("{e}")).is_some());
        assert!(!actions(&vault).iter().any(|(a, _)| a == "draft-dropped"));
    }

    #[test]
    fn a_draft_is_kept_replaced_and_discarded_and_erasing_its_case_removes_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = vault_with_a_case(dir.path());
        let ok = |r: crate::vault::Result<()>| r.unwrap_or_else(|e| panic!("{e}"));
        let draft = |v: &crate::vault::Vault| v.draft().unwrap_or_else(|e| panic!("{e}"));
        assert!(draft(&vault).is_none());
        ok(vault.keep_draft(None, b"first"));
        ok(vault.keep_draft(Some("another"), b"second"));
        assert_eq!(
            draft(&vault).as_deref().map(Vec::as_slice),
            Some(&b"second"[..])
        );
        ok(vault.discard_draft());
        assert!(draft(&vault).is_none());

        let id = vault
            .view_case(&reference)
            .unwrap_or_else(|e| panic!("{e}"))
            .meta
            .id
            .to_string();
        ok(vault.keep_draft(Some(&id), b"third"));
        vault
            .erase_case(&reference)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(draft(&vault).is_none(), "erasing a case removes its draft");
        // The log says a draft was kept, never what it held.
        let log = actions(&vault);
        assert!(log.iter().any(|(a, d)| a == "draft-kept" && d.is_none()));
    }
}
