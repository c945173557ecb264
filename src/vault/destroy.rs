//! Destroying a vault, for an evacuation: unreadable in about one fsync,
//! whatever its size, then its files gone.
//!
//! The order is what makes it safe to be cut short at any moment:
//!
//! 1. **The keys.** The header `vault.json` is overwritten in place (same
//!    file, same blocks where the file system allows) by a short note that
//!    says the vault was destroyed, and synced with its folder. The
//!    database key was only ever in the header's key slots: from here no
//!    passphrase opens anything. The same is done to a header copy a crash
//!    may have left (`vault.json.tmp`) and to the headers of vaults set
//!    aside by a restore (`replaced-*`).
//! 2. **The files.** The database, its WAL, shared memory and journal, a
//!    re-key's leftovers (drafts are in the database), the set-aside
//!    vaults, and every automatic backup of this mission in the automatic
//!    backup folder are overwritten with zeros, synced and deleted.
//! 3. The note stays while something could not be reached (a backup folder
//!    on a USB stick that is not plugged in): `casebook destroy` run again
//!    finishes from it, without a passphrase (nothing secret is left). Once
//!    everything is gone, the note, the lock and the (then empty) folder go
//!    too.
//!
//! docs/threat-model.md ("Destroying a vault") says what overwriting cannot
//! promise on SSDs and copy-on-write file systems, and why the keys are
//! what count.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::backup::rotation_time;
use super::keys::HEADER_FILE;
use super::outbox::OutgoingCounts;
use super::{DATABASE_FILE, Error, LOCK_FILE, REKEYED_FILES, Result, Role, Vault, fsutil};

/// What the header becomes: no key, no slot; where the backups were, so
/// that a destruction cut short can be finished without the database.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Destroyed {
    format: String,
    /// When the keys were destroyed (RFC 3339).
    destroyed: String,
    /// The mission's code (automatic backups are named after it).
    #[serde(default)]
    mission: Option<String>,
    /// The automatic backup folder, if there was one.
    #[serde(default)]
    backups: Option<PathBuf>,
}

/// The note at the start of `bytes`, if they are the header of a destroyed
/// vault. Only the first JSON value is read: a destruction killed in the
/// middle of its one write leaves the note followed by the rest of the old
/// header, which is still a destroyed vault (and finishing it overwrites
/// the rest).
fn read_note(bytes: &[u8]) -> Option<Destroyed> {
    let note: Destroyed = serde_json::Deserializer::from_slice(bytes)
        .into_iter()
        .next()?
        .ok()?;
    (note.format == super::keys::FORMAT).then_some(note)
}

/// If `bytes` are the header of a destroyed vault, the error that says so.
pub(super) fn destroyed_error(bytes: &[u8]) -> Option<Error> {
    read_note(bytes).map(|note| Error::Destroyed { at: note.destroyed })
}

/// What to weigh before destroying: what the commission may not have.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BeforeDestroying {
    /// A mission's last export, when it was recorded (as the audit log
    /// keeps times). The commission cannot yet confirm that it received an
    /// export (there are no receipts), so any export may be unconfirmed.
    pub last_export_at: Option<String>,
    /// A mission's cases and erasures never exported at their current
    /// revision: they are lost with the vault.
    pub unexported: Option<OutgoingCounts>,
    /// The automatic backup folder, whose backups of this mission are
    /// destroyed too.
    pub backup_folder: Option<PathBuf>,
}

/// The steps of a destruction, as they happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DestroyStep {
    /// The keys are destroyed and synced: nothing opens any more.
    KeysDestroyed,
    /// A file is about to be overwritten and deleted.
    File(PathBuf),
}

/// What a destruction did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Destruction {
    /// The files overwritten and deleted (or only deleted, where noted in
    /// `not_overwritten`).
    pub destroyed: Vec<PathBuf>,
    /// Places that could not be reached, and why: their copies, if any,
    /// still exist (e.g. a backup folder on a USB stick that is not
    /// plugged in). Encrypted, and since the keys in the vault are gone,
    /// only a passphrase with such a backup's own header opens one.
    pub not_reached: Vec<(PathBuf, String)>,
    /// Files deleted whose overwriting failed, and why.
    pub not_overwritten: Vec<(PathBuf, String)>,
    /// Whether the whole folder is gone (otherwise the note saying the
    /// vault was destroyed stays, for `casebook destroy` to finish).
    pub finished: bool,
}

impl Vault {
    /// What the officer should know before destroying this vault.
    pub fn before_destroying(&self) -> Result<BeforeDestroying> {
        let mission = self.info.role == Role::Mission;
        let last_export_at = if mission {
            self.conn
                .query_row(
                    "SELECT at FROM audit WHERE action = 'export' ORDER BY seq DESC LIMIT 1",
                    [],
                    |row| row.get::<_, String>(0),
                )
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?
        } else {
            None
        };
        let unexported = if mission {
            Some(self.outgoing_counts(false)?)
        } else {
            None
        };
        Ok(BeforeDestroying {
            last_export_at,
            unexported,
            backup_folder: self.auto_backup()?.map(|a| a.folder),
        })
    }

    /// Destroys this vault: its keys first (overwritten in place and
    /// synced: from then nothing opens), then its database and everything
    /// beside it, and this mission's automatic backups. `progress` hears
    /// each step. An error before the keys are destroyed leaves the vault
    /// as it was; after, the destruction goes on and reports what it could
    /// not reach. The vault is closed afterwards (on an empty in-memory
    /// database, so that any later call fails); drop it.
    pub fn destroy(&mut self, progress: &mut dyn FnMut(DestroyStep)) -> Result<Destruction> {
        let note = Destroyed {
            format: super::keys::FORMAT.into(),
            destroyed: Utc::now().to_rfc3339(),
            mission: Some(self.info.mission_code.clone()),
            backups: self.auto_backup()?.map(|a| a.folder),
        };
        destroy_keys(&self.dir, &note)?;
        progress(DestroyStep::KeysDestroyed);
        // The database is closed under its key (the connection folds its
        // WAL back: encrypted pages, soon overwritten), and the keys this
        // session held are wiped.
        drop(std::mem::replace(
            &mut self.conn,
            rusqlite::Connection::open_in_memory()?,
        ));
        self.key.fill(0);
        self.auth.fill(0);
        Ok(destroy_files(&self.dir, &note, progress))
    }
}

/// Finishes destroying the vault in `dir` whose keys are already destroyed
/// (a destruction cut short, or one that could not reach a backup folder):
/// needs no passphrase, since nothing in it can be opened. Refuses a vault
/// whose keys are still there.
pub fn finish_destroying(dir: &Path, progress: &mut dyn FnMut(DestroyStep)) -> Result<Destruction> {
    let path = dir.join(HEADER_FILE);
    let bytes = std::fs::read(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NoVault(dir.to_path_buf()),
        _ => Error::io(format!("cannot read {}", path.display()), e),
    })?;
    let note = read_note(&bytes).ok_or_else(|| {
        Error::InvalidSetting("this vault's keys are still there: unlock it to destroy it".into())
    })?;
    let _lock = super::lock_vault(dir, false)?;
    // Again, in case the first time was cut short inside its write.
    destroy_keys(dir, &note)?;
    progress(DestroyStep::KeysDestroyed);
    Ok(destroy_files(dir, &note, progress))
}

/// Step 1: every header in the folder overwritten in place by `note`,
/// synced, the folder synced.
fn destroy_keys(dir: &Path, note: &Destroyed) -> Result<()> {
    let text = serde_json::to_vec_pretty(note).unwrap_or_default();
    overwrite_header(&dir.join(HEADER_FILE), &text)
        .map_err(|e| Error::io(format!("cannot overwrite {HEADER_FILE}"), e))?;
    // A copy a crash left while the header was being replaced, and the
    // headers of vaults set aside by a restore: they hold key slots too.
    let _ = overwrite_header(&fsutil::temp_sibling(&dir.join(HEADER_FILE)), &text);
    for aside in set_aside_folders(dir) {
        let _ = overwrite_header(&aside.join(HEADER_FILE), &text);
    }
    fsutil::sync_dir(&dir.join(HEADER_FILE))
        .map_err(|e| Error::io(format!("cannot sync {}", dir.display()), e))
}

/// Overwrites the file at `path` from its start with `text`, padded with
/// spaces over the rest of its old length, in one write, and syncs it.
/// Nothing to do if it does not exist.
fn overwrite_header(path: &Path, text: &[u8]) -> std::io::Result<()> {
    let mut file = match OpenOptions::new().write(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let old = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    let mut bytes = text.to_vec();
    if bytes.len() < old {
        bytes.resize(old, b' ');
    }
    file.write_all(&bytes)?;
    file.sync_all()
}

/// The `replaced-*` folders a restore made in `dir`.
fn set_aside_folders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("replaced-"))
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect()
}

/// Steps 2 and 3.
fn destroy_files(
    dir: &Path,
    note: &Destroyed,
    progress: &mut dyn FnMut(DestroyStep),
) -> Destruction {
    let mut done = Destruction::default();
    let beside = [
        DATABASE_FILE,
        "casebook.db-wal",
        "casebook.db-shm",
        "casebook.db-journal",
    ]
    .into_iter()
    .chain(REKEYED_FILES)
    .map(|name| dir.join(name))
    .chain(std::iter::once(fsutil::temp_sibling(
        &dir.join(HEADER_FILE),
    )));
    for path in beside.filter(|p| p.exists()) {
        shred(&path, &mut done, progress);
    }
    for aside in set_aside_folders(dir) {
        if let Ok(entries) = std::fs::read_dir(&aside) {
            for path in entries.filter_map(|e| e.ok()).map(|e| e.path()) {
                if path.is_file() && !path.ends_with(HEADER_FILE) {
                    shred(&path, &mut done, progress);
                }
            }
        }
        shred(&aside.join(HEADER_FILE), &mut done, progress);
        let _ = std::fs::remove_dir(&aside);
    }
    if let (Some(folder), Some(code)) = (&note.backups, &note.mission) {
        match std::fs::read_dir(folder) {
            Ok(entries) => {
                let ours: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok())
                    .filter(|e| {
                        e.file_name()
                            .to_str()
                            .is_some_and(|name| rotation_time(name, code).is_some())
                    })
                    .map(|e| e.path())
                    .collect();
                for path in ours {
                    shred(&path, &mut done, progress);
                }
            }
            Err(e) => done.not_reached.push((
                folder.clone(),
                if e.kind() == std::io::ErrorKind::NotFound {
                    "the automatic backup folder is not there (a USB stick not plugged in?)"
                        .to_owned()
                } else {
                    e.to_string()
                },
            )),
        }
    }
    let _ = fsutil::sync_dir(&dir.join(HEADER_FILE));
    if done.not_reached.is_empty() {
        let header = dir.join(HEADER_FILE);
        let removed = std::fs::remove_file(&header).is_ok();
        let _ = std::fs::remove_file(dir.join(LOCK_FILE));
        let _ = fsutil::sync_dir(&header);
        // The folder goes too if nothing else is in it (it may also hold
        // the officer's own files: those stay).
        let _ = std::fs::remove_dir(dir);
        done.finished = removed;
    }
    done
}

/// Overwrites `path` with zeros over its whole length, syncs it and
/// deletes it, noting the outcome in `done`.
fn shred(path: &Path, done: &mut Destruction, progress: &mut dyn FnMut(DestroyStep)) {
    progress(DestroyStep::File(path.to_path_buf()));
    if let Err(e) = overwrite_with_zeros(path) {
        done.not_overwritten
            .push((path.to_path_buf(), e.to_string()));
    }
    match std::fs::remove_file(path) {
        Ok(()) => done.destroyed.push(path.to_path_buf()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => done.not_reached.push((path.to_path_buf(), e.to_string())),
    }
}

fn overwrite_with_zeros(path: &Path) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).open(path)?;
    let mut left = file.metadata()?.len();
    let zeros = vec![0u8; 1 << 20];
    while left > 0 {
        let n = usize::try_from(left.min(zeros.len() as u64)).unwrap_or(zeros.len());
        file.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    file.sync_all()?;
    drop::<File>(file);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::testing::{OLD, passphrase, vault_with_a_case};

    /// Cut right after the keys: nothing opens, and finishing needs no
    /// passphrase.
    #[test]
    fn a_destruction_cut_after_the_keys_opens_nothing_and_can_be_finished() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let vault_dir = dir.path().join("vault");
        let (vault, _) = vault_with_a_case(&vault_dir);
        let note = Destroyed {
            format: super::super::keys::FORMAT.into(),
            destroyed: Utc::now().to_rfc3339(),
            mission: Some("LT-LON".into()),
            backups: None,
        };
        destroy_keys(&vault_dir, &note).unwrap_or_else(|e| panic!("{e}"));
        drop(vault); // the process dies here
        let opened = Vault::open(&vault_dir, &passphrase(OLD));
        assert!(
            matches!(opened, Err(Error::Destroyed { .. })),
            "{:?}",
            opened.err()
        );
        assert!(vault_dir.join(DATABASE_FILE).exists());
        let header = std::fs::read_to_string(vault_dir.join(HEADER_FILE)).unwrap_or_default();
        assert!(!header.contains("slots") && !header.contains("sealed"));
        let done = finish_destroying(&vault_dir, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        assert!(done.finished, "{done:?}");
        assert!(!vault_dir.exists());
    }

    #[test]
    fn finishing_refuses_a_vault_whose_keys_are_there() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, _) = vault_with_a_case(dir.path());
        drop(vault);
        assert!(finish_destroying(dir.path(), &mut |_| {}).is_err());
        assert!(Vault::open(dir.path(), &passphrase(OLD)).is_ok());
    }
}
