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
//!    aside by a restore (`replaced-<time>`); the header of every automatic
//!    backup of the mission (and of one cut short, `.cbk.tmp`) is zeroed
//!    and synced too. Only when every one of them was is the step said
//!    done; a failure is reported, never hidden. Links are never followed.
//! 2. **The files.** The database, its WAL, shared memory and journal, a
//!    re-key's leftovers (drafts are in the database), the set-aside
//!    vaults, and every automatic backup of this mission in the automatic
//!    backup folder are overwritten with zeros, synced and deleted.
//! 3. The note stays while something could not be reached (a backup folder
//!    on a USB stick that is not plugged in): `casebook destroy --backups
//!    DIR` run again finishes from it, without a passphrase (nothing secret
//!    is left). The note keeps only a hash of the backup folder's path, so
//!    that it does not tell whoever finds it where the copies are. Once
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
    /// The automatic backup folder, in notes written before its path was
    /// kept out of them (still read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backups: Option<PathBuf>,
    /// SHA-256 of the automatic backup folder's path, if there was one:
    /// enough to check the folder given when finishing, without the note
    /// telling whoever reads it where the surviving copies are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backup_folder_sha256: Option<String>,
}

/// What a destruction works on: the mission and the backup folder, known
/// to the session (or given when finishing), not read from the note.
struct Plan {
    mission: Option<String>,
    backups: Option<PathBuf>,
    /// A backup folder there was but that is not known now (finishing
    /// without `--backups`): reported as not reached.
    backups_unknown: bool,
}

/// The hash of a backup folder's path kept in the note.
fn folder_hash(folder: &Path) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(folder.as_os_str().as_encoded_bytes()))
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
    /// Headers (key slots: the vault's, a copy, a set-aside vault's, an
    /// automatic backup's) that could not be overwritten and synced in the
    /// first step, and why. While one is listed, a passphrase may still
    /// open what it belongs to.
    pub keys_not_destroyed: Vec<(PathBuf, String)>,
    /// Whether the whole folder is gone (otherwise the note saying the
    /// vault was destroyed stays, for `casebook destroy` to finish).
    pub finished: bool,
}

impl Destruction {
    /// Every header found was overwritten and synced: no passphrase opens
    /// anything that was reached.
    pub fn keys_destroyed(&self) -> bool {
        self.keys_not_destroyed.is_empty()
    }

    /// Everything was reached, overwritten and deleted.
    pub fn complete(&self) -> bool {
        self.finished
            && self.keys_not_destroyed.is_empty()
            && self.not_overwritten.is_empty()
            && self.not_reached.is_empty()
    }
}

/// What the note of a destroyed vault says (unauthenticated: anyone who
/// can write the folder can write it; shown so that the officer sees what
/// finishing would delete before confirming).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestroyedNote {
    /// When the keys were destroyed.
    pub at: String,
    /// The mission's code, if the note names a valid one.
    pub mission: Option<String>,
    /// The automatic backup folder whose backups of that mission go too,
    /// if the note names it (older notes); see `backups_hidden`.
    pub backups: Option<PathBuf>,
    /// The vault had an automatic backup folder that the note does not
    /// name: finishing needs it given (`casebook destroy --backups DIR`).
    pub backups_hidden: bool,
}

/// The note of the destroyed vault in `dir`, or `None` if its header is not
/// one (a vault whose keys are there, or no vault).
pub fn destroyed_note(dir: &Path) -> Option<DestroyedNote> {
    let bytes = read_header_bytes(&dir.join(HEADER_FILE)).ok()?;
    let note = read_note(&bytes)?;
    let mission = valid_mission(&note);
    Some(DestroyedNote {
        at: note.destroyed,
        backups: note.backups.filter(|_| mission.is_some()),
        backups_hidden: note.backup_folder_sha256.is_some(),
        mission,
    })
}

/// The note's mission code, if it is one (a forged note must not steer
/// the name matching of backups to another pattern).
fn valid_mission(note: &Destroyed) -> Option<String> {
    note.mission
        .clone()
        .filter(|code| crate::domain::codes::is_mission_code(code))
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

    /// Destroys this vault: its keys first (every header overwritten in
    /// place and synced, the automatic backups' included: from then
    /// nothing opens), then its database and everything beside it, and this
    /// mission's automatic backups. `progress` hears each step. An error
    /// before anything was written leaves the vault as it was (`Err`);
    /// once the first write happened the destruction goes on, and what
    /// failed is in the report (the vault is then closed either way). The
    /// vault is closed afterwards (on an empty in-memory database, so that
    /// any later call fails); drop it.
    pub fn destroy(&mut self, progress: &mut dyn FnMut(DestroyStep)) -> Result<Destruction> {
        let backups = self.auto_backup()?.map(|a| a.folder);
        let note = Destroyed {
            format: super::keys::FORMAT.into(),
            destroyed: Utc::now().to_rfc3339(),
            mission: Some(self.info.mission_code.clone()),
            backups: None,
            backup_folder_sha256: backups.as_deref().map(folder_hash),
        };
        let plan = Plan {
            mission: note.mission.clone(),
            backups,
            backups_unknown: false,
        };
        // Everything that can fail without writing, before the first write.
        let closed = rusqlite::Connection::open_in_memory()?;
        let mut done = Destruction::default();
        destroy_keys(&self.dir, &note, &plan, &mut done)?;
        if done.keys_destroyed() {
            progress(DestroyStep::KeysDestroyed);
        }
        // The database is closed under its key (the connection folds its
        // WAL back: encrypted pages, soon overwritten), and the keys this
        // session held are wiped.
        drop(std::mem::replace(&mut self.conn, closed));
        self.key.fill(0);
        self.auth.fill(0);
        destroy_files(&self.dir, &plan, progress, &mut done);
        Ok(done)
    }
}

/// Finishes destroying the vault in `dir` whose keys are already destroyed
/// (a destruction cut short, or one that could not reach a backup folder):
/// needs no passphrase, since nothing in it can be opened. Refuses a vault
/// whose keys are still there. `backups` is the automatic backup folder,
/// which the note does not name (only its hash, checked here): without it,
/// that folder is reported as not reached. The note is not authenticated:
/// callers confirm with the officer first ([`destroyed_note`] says what it
/// names).
pub fn finish_destroying(
    dir: &Path,
    backups: Option<&Path>,
    progress: &mut dyn FnMut(DestroyStep),
) -> Result<Destruction> {
    let path = dir.join(HEADER_FILE);
    let bytes = read_header_bytes(&path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NoVault(dir.to_path_buf()),
        _ => Error::io(format!("cannot read {}", path.display()), e),
    })?;
    let note = read_note(&bytes).ok_or_else(|| {
        Error::InvalidSetting("this vault's keys are still there: unlock it to destroy it".into())
    })?;
    let mission = valid_mission(&note);
    let plan = match (&note.backup_folder_sha256, backups, &note.backups) {
        (Some(hash), Some(given), _) => {
            if folder_hash(given) != *hash {
                return Err(Error::InvalidSetting(format!(
                    "{} is not the automatic backup folder this vault used",
                    given.display()
                )));
            }
            Plan {
                mission: mission.clone(),
                backups: Some(given.to_path_buf()),
                backups_unknown: false,
            }
        }
        (Some(_), None, _) => Plan {
            mission: mission.clone(),
            backups: None,
            backups_unknown: mission.is_some(),
        },
        (None, _, named) => Plan {
            mission: mission.clone(),
            backups: named.clone().filter(|_| mission.is_some()),
            backups_unknown: false,
        },
    };
    let _lock = super::lock_vault(dir, false)?;
    // Again, in case the first time was cut short inside its write.
    let mut done = Destruction::default();
    destroy_keys(dir, &note, &plan, &mut done)?;
    if done.keys_destroyed() {
        progress(DestroyStep::KeysDestroyed);
    }
    destroy_files(dir, &plan, progress, &mut done);
    Ok(done)
}

/// Reads a header, never through a symbolic link, at most 1 MiB.
fn read_header_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = open_regular(path, false)?;
    let mut bytes = Vec::new();
    file.take(1 << 20).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Step 1: every header in the folder overwritten in place by `note`, and
/// the header of every automatic backup of the mission zeroed, each
/// synced, the folders synced. `Err` only if nothing was written (the
/// vault's own header could not be opened); any later failure is noted in
/// `done.keys_not_destroyed`.
fn destroy_keys(dir: &Path, note: &Destroyed, plan: &Plan, done: &mut Destruction) -> Result<()> {
    let text = serde_json::to_vec_pretty(note).unwrap_or_default();
    let header = dir.join(HEADER_FILE);
    // The vault's own header goes last: until it is overwritten the vault
    // is whole and opens (a kill leaves it so, and destroying again starts
    // over); once it reads as destroyed, no other header with key slots is
    // left, so nothing is ever half readable.
    let mut others = Vec::new();
    let mut keep = |path: &Path, result: std::result::Result<(), Failure>| {
        if let Err(Failure::NotWritten(e) | Failure::Written(e)) = result {
            others.push((path.to_path_buf(), e.to_string()));
        }
    };
    // A copy a crash left while the header was being replaced, and the
    // headers of vaults set aside by a restore: they hold key slots too.
    let copy = fsutil::temp_sibling(&header);
    keep(&copy, overwrite_header(&copy, &text));
    for aside in set_aside_folders(dir) {
        let path = aside.join(HEADER_FILE);
        keep(&path, overwrite_header(&path, &text));
        keep(&path, fsutil::sync_dir(&path).map_err(Failure::Written));
    }
    // Every automatic backup carries the header with the key slots: its
    // header is zeroed here, its body in step 2.
    if let Some(folder) = &plan.backups {
        let backups = backups_of(folder, plan);
        for path in &backups {
            keep(path, zero_backup_header(path));
        }
        if !backups.is_empty() {
            let marker = folder.join(HEADER_FILE);
            keep(folder, fsutil::sync_dir(&marker).map_err(Failure::Written));
        }
    }
    match overwrite_header(&header, &text) {
        Ok(()) => {}
        Err(Failure::NotWritten(e)) => {
            done.keys_not_destroyed.extend(others);
            return Err(Error::io(format!("cannot overwrite {HEADER_FILE}"), e));
        }
        Err(Failure::Written(e)) => done
            .keys_not_destroyed
            .push((header.clone(), e.to_string())),
    }
    if let Err(e) = fsutil::sync_dir(&header) {
        others.push((dir.to_path_buf(), e.to_string()));
    }
    done.keys_not_destroyed.extend(others);
    Ok(())
}

/// How overwriting a header failed: before anything was written (the
/// file is as it was), or after.
#[derive(Debug)]
enum Failure {
    NotWritten(std::io::Error),
    Written(std::io::Error),
}

/// Opens `path` for writing (or reading), never through a symbolic link,
/// and only if it is a regular file.
fn open_regular(path: &Path, write: bool) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(!write).write(write);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
            return std::io::Error::other("a symbolic link: not followed");
        }
        e
    })?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Overwrites the file at `path` from its start with `text`, padded with
/// spaces over the rest of its old length, in one write, and syncs it.
/// Nothing to do if it does not exist.
fn overwrite_header(path: &Path, text: &[u8]) -> std::result::Result<(), Failure> {
    let mut file = match open_regular(path, true) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Failure::NotWritten(e)),
    };
    let old = file.metadata().map_err(Failure::NotWritten)?.len();
    let old = usize::try_from(old).unwrap_or(usize::MAX);
    let mut bytes = text.to_vec();
    if bytes.len() < old {
        bytes.resize(old, b' ');
    }
    file.write_all(&bytes).map_err(Failure::Written)?;
    file.sync_all().map_err(Failure::Written)
}

/// Zeroes the start of the backup at `path` through the end of its header
/// (the key slots), and syncs it. A file that does not parse as a backup
/// (a `.tmp` cut short) has its first 64 KiB and a bit zeroed: a header is
/// never longer.
fn zero_backup_header(path: &Path) -> std::result::Result<(), Failure> {
    use std::io::{Read, Seek};
    let mut file = match open_regular(path, true) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Failure::NotWritten(e)),
    };
    let length = file.metadata().map_err(Failure::NotWritten)?.len();
    let mut start = [0u8; 28];
    let mut reader = open_regular(path, false).map_err(Failure::NotWritten)?;
    let got = reader.read(&mut start).map_err(Failure::NotWritten)?;
    let end = super::backup::header_end(&start[..got]).unwrap_or(28 + 64 * 1024 + 8);
    let end = usize::try_from(end.min(length)).unwrap_or(0);
    file.seek(std::io::SeekFrom::Start(0))
        .map_err(Failure::NotWritten)?;
    file.write_all(&vec![0u8; end]).map_err(Failure::Written)?;
    file.sync_all().map_err(Failure::Written)
}

/// Whether `name` is exactly that of a `replaced-<time>[-n]` folder a
/// restore makes.
fn is_set_aside_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("replaced-") else {
        return false;
    };
    let (Some(stamp), Some(tail)) = (rest.get(..19), rest.get(19..)) else {
        return false;
    };
    // `%Y%m%d-%H%M%S-%3f`: 8 digits, 6, 3; then nothing or `-<n>`.
    let shape = stamp.bytes().enumerate().all(|(i, b)| {
        if i == 8 || i == 15 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    let number = tail.is_empty()
        || tail
            .strip_prefix('-')
            .is_some_and(|n| (1..=3).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()));
    shape && number
}

/// The `replaced-*` folders a restore made in `dir`: real folders only
/// (a link named so is never followed), named exactly as a restore names
/// them.
fn set_aside_folders(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_str().is_some_and(is_set_aside_name))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect()
}

/// Whether `name` is one of this mission's automatic backups, or what a
/// backup cut short leaves of one (`.cbk.tmp`, `.snapshot.tmp`).
fn is_backup_name(name: &str, code: &str) -> bool {
    [".cbk", ".cbk.tmp", ".snapshot.tmp"].iter().any(|suffix| {
        name.strip_suffix(suffix)
            .is_some_and(|stem| rotation_time(&format!("{stem}.cbk"), code).is_some())
    })
}

/// This mission's automatic backups (and their leftovers) in `folder`,
/// links included (they are unlinked, never followed).
fn backups_of(folder: &Path, plan: &Plan) -> Vec<PathBuf> {
    let (Some(code), Ok(entries)) = (&plan.mission, std::fs::read_dir(folder)) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|name| is_backup_name(name, code))
        })
        .map(|e| e.path())
        .collect()
}

/// Steps 2 and 3.
fn destroy_files(
    dir: &Path,
    plan: &Plan,
    progress: &mut dyn FnMut(DestroyStep),
    done: &mut Destruction,
) {
    let beside = [
        DATABASE_FILE,
        "casebook.db-wal",
        "casebook.db-shm",
        "casebook.db-journal",
    ]
    .into_iter()
    .chain(REKEYED_FILES)
    .map(|name| dir.join(name))
    .chain([
        fsutil::temp_sibling(&dir.join(HEADER_FILE)),
        // What a restore cut short leaves.
        fsutil::temp_sibling(&dir.join(DATABASE_FILE)),
    ]);
    for path in beside.filter(|p| std::fs::symlink_metadata(p).is_ok()) {
        shred(&path, done, progress);
    }
    for aside in set_aside_folders(dir) {
        if let Ok(entries) = std::fs::read_dir(&aside) {
            for entry in entries.filter_map(|e| e.ok()) {
                let path = entry.path();
                if entry.file_name() != HEADER_FILE {
                    shred(&path, done, progress);
                }
            }
        }
        shred(&aside.join(HEADER_FILE), done, progress);
        if let Err(e) = std::fs::remove_dir(&aside) {
            done.not_reached.push((aside.clone(), e.to_string()));
        }
    }
    if plan.backups_unknown {
        done.not_reached.push((
            PathBuf::from("(the automatic backup folder)"),
            "not named in the vault; give it with `casebook destroy --backups DIR`".to_owned(),
        ));
    }
    if let (Some(folder), Some(_)) = (&plan.backups, &plan.mission) {
        match std::fs::read_dir(folder) {
            Ok(_) => {
                for path in backups_of(folder, plan) {
                    shred(&path, done, progress);
                }
                let _ = fsutil::sync_dir(&folder.join(HEADER_FILE));
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
    // Anything else in the folder is not Casebook's (or could not be
    // destroyed): left as it was, and said.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name();
            if name == HEADER_FILE || name == LOCK_FILE {
                continue;
            }
            let path = entry.path();
            if !done.not_reached.iter().any(|(p, _)| *p == path) {
                done.not_reached.push((
                    path,
                    "left in the vault folder (not a file Casebook destroys)".to_owned(),
                ));
            }
        }
    }
    if done.not_reached.is_empty() && done.keys_not_destroyed.is_empty() {
        let header = dir.join(HEADER_FILE);
        let removed = std::fs::remove_file(&header);
        let _ = std::fs::remove_file(dir.join(LOCK_FILE));
        let _ = fsutil::sync_dir(&header);
        match (removed, std::fs::remove_dir(dir)) {
            (Ok(()), Ok(())) => done.finished = true,
            (Err(e), _) => done.not_reached.push((header, e.to_string())),
            (_, Err(e)) => done.not_reached.push((dir.to_path_buf(), e.to_string())),
        }
    }
}

/// Overwrites `path` with zeros over its whole length, syncs it and
/// deletes it, noting the outcome in `done`. A symbolic link is removed,
/// never followed; anything but a regular file is left.
fn shred(path: &Path, done: &mut Destruction, progress: &mut dyn FnMut(DestroyStep)) {
    let kind = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta.file_type(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            done.not_reached.push((path.to_path_buf(), e.to_string()));
            return;
        }
    };
    if kind.is_symlink() {
        match std::fs::remove_file(path) {
            Ok(()) => done.not_overwritten.push((
                path.to_path_buf(),
                "a symbolic link: removed, what it points to left as it was".to_owned(),
            )),
            Err(e) => done.not_reached.push((path.to_path_buf(), e.to_string())),
        }
        return;
    }
    if !kind.is_file() {
        done.not_reached.push((
            path.to_path_buf(),
            "not a regular file: left as it was".to_owned(),
        ));
        return;
    }
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
    let mut file = open_regular(path, true)?;
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
            backup_folder_sha256: None,
        };
        let plan = Plan {
            mission: note.mission.clone(),
            backups: None,
            backups_unknown: false,
        };
        let mut done = Destruction::default();
        destroy_keys(&vault_dir, &note, &plan, &mut done).unwrap_or_else(|e| panic!("{e}"));
        assert!(done.keys_destroyed(), "{done:?}");
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
        let done =
            finish_destroying(&vault_dir, None, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        assert!(done.finished, "{done:?}");
        assert!(!vault_dir.exists());
    }

    #[test]
    fn finishing_refuses_a_vault_whose_keys_are_there() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, _) = vault_with_a_case(dir.path());
        drop(vault);
        assert!(finish_destroying(dir.path(), None, &mut |_| {}).is_err());
        assert!(Vault::open(dir.path(), &passphrase(OLD)).is_ok());
    }
}
