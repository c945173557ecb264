//! Encrypted backups: one file holding the vault header and a consistent,
//! still-encrypted copy of the database, so that it opens with the same
//! passphrase once restored.
//!
//! ```text
//! "CASEBOOK-BACKUP2"  16 bytes, magic and format version
//! i64 LE              when the backup was made, Unix milliseconds (not in version 1)
//! u32 LE              length of the header
//! header              vault.json, as on disk
//! u64 LE              length of the database
//! database            SQLCipher pages, encrypted with the vault's data key
//! SHA-256             32 bytes, over everything before it
//! ```
//!
//! The snapshot is taken with `VACUUM INTO`, which SQLCipher writes encrypted
//! with the key of the open database; no page is ever in clear on disk.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::keys::{HEADER_FILE, Header};
use super::{
    DATABASE_FILE, Error, REKEYED_FILES, Result, Vault, audit, fsutil, set_setting, setting,
};

const MAGIC: &[u8; 16] = b"CASEBOOK-BACKUP2";
/// Version 1 had no time of making; it is still read.
const MAGIC_V1: &[u8; 16] = b"CASEBOOK-BACKUP1";

/// What may be replaced when restoring into a folder that holds a vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Nothing: a vault in the folder is an error.
    Never,
    /// A vault last changed before the backup was made.
    IfOlder,
    /// Any vault, also one changed after the backup was made (the user
    /// confirmed). Its files are kept aside either way.
    Always,
}

/// What a checked backup says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    /// When it was made; unknown for backups of format version 1.
    pub made_at: Option<DateTime<Utc>>,
}

/// Writes through to the file and into the running digest.
struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Vault {
    /// Writes an encrypted backup to `out`. The file appears under its final
    /// name only once it is complete and synced.
    pub fn backup_to(&mut self, out: &Path) -> Result<()> {
        self.backup_to_placing(out, false)
            .map_err(|failed| failed.error)
    }

    /// [`Vault::backup_to`], saying on failure whether the complete file
    /// was already in place under its final name (a failure after the
    /// rename: the folder's sync, or the audit entry's transaction), so
    /// that a caller undoing what the backup was for knows whether a
    /// backup of it exists.
    /// With `new_only`, a file at `out` is never replaced, also one that
    /// appears while the backup is written (`renameat2(RENAME_NOREPLACE)`).
    pub(crate) fn backup_to_placing(
        &mut self,
        out: &Path,
        new_only: bool,
    ) -> std::result::Result<(), BackupFailed> {
        let early = |error: Error| BackupFailed {
            error,
            in_place: false,
        };
        let late = |error: Error| BackupFailed {
            error,
            in_place: true,
        };
        // The header this session verified, if the file is still it: a
        // slot put into the file meanwhile is not carried into backups.
        let header = self.header_unchanged().map_err(early)?.to_bytes();
        let snapshot = fsutil::temp_sibling(&out.with_extension("snapshot"));
        let _ = std::fs::remove_file(&snapshot);
        let snapshot_path = snapshot.to_str().ok_or_else(|| {
            early(Error::InvalidSetting(
                "the backup folder's name is not valid Unicode".into(),
            ))
        })?;
        let mut placed = false;
        let result = (|| -> Result<()> {
            // SQLite would create the snapshot with its default mode; an
            // empty private file is what `VACUUM INTO` then fills.
            fsutil::create_private_file(&snapshot)
                .map_err(|e| Error::io(format!("cannot write the backup {}", out.display()), e))?;
            self.conn.execute("VACUUM INTO ?1", [snapshot_path])?;
            let tmp = fsutil::temp_sibling(out);
            let written = write_backup(&tmp, &header, &snapshot);
            let _ = std::fs::remove_file(&snapshot);
            written.map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                Error::io(format!("cannot write the backup {}", out.display()), e)
            })?;
            let published = if new_only {
                fsutil::place_new(&tmp, out)
            } else {
                std::fs::rename(&tmp, out)
            };
            published.map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                Error::io(format!("cannot write the backup {}", out.display()), e)
            })?;
            placed = true;
            fail_after_placing()?;
            fsutil::sync_dir(out).map_err(|e| Error::io("cannot sync the backup folder", e))?;
            Ok(())
        })();
        let _ = std::fs::remove_file(&snapshot);
        result.map_err(|error| BackupFailed {
            error,
            in_place: placed,
        })?;
        (|| -> Result<()> {
            let tx = self.conn.transaction()?;
            audit::append(&tx, &self.info.officer, "backup", None, None)?;
            // The backup holds the signing key: a rotation is backed up now.
            super::signing::clear_unbacked(&tx)?;
            tx.commit()?;
            Ok(())
        })()
        .map_err(late)
    }
}

/// A backup that failed, and whether its complete file is in place.
#[derive(Debug)]
pub(crate) struct BackupFailed {
    pub error: Error,
    /// The file is complete under its final name (the failure came after
    /// the rename).
    pub in_place: bool,
}

#[cfg(test)]
thread_local! {
    /// Tests: the next backup fails once its file is in place (as a
    /// failing folder sync would).
    pub(crate) static FAIL_AFTER_PLACING: std::cell::Cell<bool> =
        const { std::cell::Cell::new(false) };
}

#[cfg(test)]
fn fail_after_placing() -> Result<()> {
    if FAIL_AFTER_PLACING.with(|f| f.replace(false)) {
        return Err(Error::io(
            "cannot sync the backup folder",
            std::io::Error::other("injected by a test"),
        ));
    }
    Ok(())
}

#[cfg(not(test))]
fn fail_after_placing() -> Result<()> {
    Ok(())
}

fn write_backup(tmp: &Path, header: &[u8], snapshot: &Path) -> std::io::Result<()> {
    let file = fsutil::create_new_private_file(tmp)?;
    let mut out = HashingWriter {
        inner: BufWriter::new(file),
        hasher: Sha256::new(),
    };
    out.write_all(MAGIC)?;
    out.write_all(&Utc::now().timestamp_millis().to_le_bytes())?;
    out.write_all(
        &u32::try_from(header.len())
            .unwrap_or(u32::MAX)
            .to_le_bytes(),
    )?;
    out.write_all(header)?;
    let mut database = File::open(snapshot)?;
    let length = database.metadata()?.len();
    out.write_all(&length.to_le_bytes())?;
    let copied = std::io::copy(&mut database, &mut out)?;
    if copied != length {
        return Err(std::io::Error::other(
            "the snapshot changed while it was copied",
        ));
    }
    let digest = out.hasher.finalize();
    let mut inner = out.inner;
    inner.write_all(&digest)?;
    let file = inner.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// Where the header of a backup ends, from the file's first bytes (at
/// least its magic and header length): everything before holds the key
/// slots. `None` if they are not a backup's start.
pub(super) fn header_end(start: &[u8]) -> Option<u64> {
    let offset = match start.get(..16)? {
        m if m == MAGIC => 16 + 8 + 4,
        m if m == MAGIC_V1 => 16 + 4,
        _ => return None,
    };
    let length = start.get(offset - 4..offset)?;
    let length = u32::from_le_bytes(length.try_into().ok()?);
    (length <= 64 * 1024).then_some(offset as u64 + u64::from(length))
}

/// Checks the whole backup `file` and says when it was made. Writes nothing.
pub fn inspect(file: &Path) -> Result<BackupInfo> {
    let opened =
        File::open(file).map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    Ok(check_backup(opened)?.info)
}

/// When the vault in `dir` was last written to (its database, log or
/// header), if there is one.
pub fn last_change(dir: &Path) -> Option<DateTime<Utc>> {
    [HEADER_FILE, DATABASE_FILE, "casebook.db-wal"]
        .iter()
        .filter_map(|name| std::fs::metadata(dir.join(name)).ok()?.modified().ok())
        .max()
        .map(DateTime::<Utc>::from)
}

/// Restores the backup `file` into the folder `dir`. A vault already there
/// is replaced only as `overwrite` allows; one changed after the backup was
/// made (or when the backup does not say when it was made) needs
/// [`Overwrite::Always`]. The backup is checked completely before anything
/// is written; the restored vault opens with the passphrase that was in use
/// when the backup was made, and its first unlock starts a new restore
/// epoch (`epoch.rs`). A vault that is replaced is not deleted: its
/// files are moved into a `replaced-<time>` folder beside the restored ones,
/// whose path is returned.
pub fn restore(file: &Path, dir: &Path, overwrite: Overwrite) -> Result<Option<PathBuf>> {
    let existing = super::exists(dir);
    if existing && overwrite == Overwrite::Never {
        return Err(Error::AlreadyExists(dir.to_path_buf()));
    }
    let open =
        || File::open(file).map_err(|e| Error::io(format!("cannot read {}", file.display()), e));
    let checked = check_backup(open()?)?;
    if existing && overwrite == Overwrite::IfOlder {
        let changed = last_change(dir);
        let newer = match (changed, checked.info.made_at) {
            (Some(changed), Some(made)) => changed > made,
            _ => true,
        };
        if newer {
            return Err(Error::NewerThanBackup {
                changed: changed.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
                made: checked
                    .info
                    .made_at
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
            });
        }
    }
    let database_length = checked.database_length;
    // The restored header is marked, so that the first unlock starts a new
    // restore epoch (`epoch.rs`): the backup's counters are behind what the
    // commission may already hold.
    let mut restored_header = Header::from_bytes(&checked.header)?;
    restored_header.mark_restored();
    let header_length = checked.header.len() as u64;

    fsutil::create_private_dir_all(dir)
        .and_then(|()| fsutil::make_vault_private(dir))
        .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    let _lock = super::lock_vault(dir, true)?;
    let set_aside = set_aside(dir)?;
    let mut reader = BufReader::new(open()?);
    let skip = checked.header_offset + header_length + 8;
    std::io::copy(&mut (&mut reader).take(skip), &mut std::io::sink())
        .map_err(|e| Error::io("cannot read the backup", e))?;
    let database = dir.join(DATABASE_FILE);
    let tmp = fsutil::temp_sibling(&database);
    let copy = (|| -> std::io::Result<()> {
        let mut out = fsutil::create_private_file(&tmp)?;
        let copied = std::io::copy(&mut (&mut reader).take(database_length), &mut out)?;
        if copied != database_length {
            return Err(std::io::Error::other("the backup ended early"));
        }
        out.sync_all()
    })();
    copy.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("cannot restore the database", e)
    })?;
    // The header goes last, as at creation: a restore cut short leaves a
    // folder that does not claim to be a vault.
    let _ = std::fs::remove_file(dir.join(HEADER_FILE));
    for stale in ["casebook.db-wal", "casebook.db-shm"] {
        let _ = std::fs::remove_file(dir.join(stale));
    }
    std::fs::rename(&tmp, &database).map_err(|e| Error::io("cannot restore the database", e))?;
    restored_header.write(dir)?;
    Ok(set_aside)
}

/// Moves the files of the vault in `dir`, if any, into a new
/// `replaced-<time>` folder inside it.
fn set_aside(dir: &Path) -> Result<Option<PathBuf>> {
    // After a passphrase change cut short, the re-keyed copy may be the only
    // database the header's key opens: it goes aside with the rest, or the
    // next unlock of the restored vault would take it for debris and delete it.
    let present: Vec<&str> = [
        HEADER_FILE,
        DATABASE_FILE,
        "casebook.db-wal",
        "casebook.db-shm",
    ]
    .into_iter()
    .chain(REKEYED_FILES)
    .filter(|name| dir.join(name).exists())
    .collect();
    if present.is_empty() {
        return Ok(None);
    }
    let aside = new_aside_folder(dir)?;
    for name in present {
        std::fs::rename(dir.join(name), aside.join(name))
            .map_err(|e| Error::io(format!("cannot move {name} aside"), e))?;
    }
    fsutil::sync_dir(&aside.join(HEADER_FILE))
        .and_then(|()| fsutil::sync_dir(&dir.join(HEADER_FILE)))
        .map_err(|e| Error::io("cannot move the vault aside", e))?;
    Ok(Some(aside))
}

/// Creates a new, empty, private `replaced-<time>` folder in `dir`. The
/// time is to the millisecond, and a number follows it when a folder of
/// that name exists already, so that a second restore never moves its files
/// into (and over) the first one's.
fn new_aside_folder(dir: &Path) -> Result<PathBuf> {
    let stamp = Utc::now().format("%Y%m%d-%H%M%S-%3f").to_string();
    for n in 1u32..1000 {
        let name = if n == 1 {
            format!("replaced-{stamp}")
        } else {
            format!("replaced-{stamp}-{n}")
        };
        let aside = dir.join(name);
        match fsutil::create_private_dir(&aside) {
            Ok(()) => return Ok(aside),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(format!("cannot create {}", aside.display()), e)),
        }
    }
    Err(Error::InvalidSetting(format!(
        "{} holds too many replaced-{stamp} folders; move some away",
        dir.display()
    )))
}

/// A backup read through once, with its structure and digest checked.
struct Checked {
    info: BackupInfo,
    header: Vec<u8>,
    /// Where the header starts in the file.
    header_offset: u64,
    database_length: u64,
}

/// Reads the whole backup once, checking its structure and digest.
fn check_backup(file: File) -> Result<Checked> {
    let bad = |why: &str| Error::NotABackup(why.to_owned());
    let total = file
        .metadata()
        .map_err(|e| Error::io("cannot read the backup", e))?
        .len();
    let mut reader = BufReader::new(file);
    let mut hasher = Sha256::new();
    let mut read = |buf: &mut [u8], hasher: &mut Sha256| -> Result<()> {
        reader
            .read_exact(buf)
            .map_err(|_| bad("it ends too early"))?;
        hasher.update(&*buf);
        Ok(())
    };
    let mut magic = [0u8; 16];
    read(&mut magic, &mut hasher)?;
    let made_at = if &magic == MAGIC {
        let mut time = [0u8; 8];
        read(&mut time, &mut hasher)?;
        Some(
            DateTime::from_timestamp_millis(i64::from_le_bytes(time))
                .ok_or_else(|| bad("its time of making is impossible"))?,
        )
    } else if &magic == MAGIC_V1 {
        None
    } else {
        return Err(bad("it does not start like a Casebook backup"));
    };
    let header_offset: u64 = if made_at.is_some() {
        16 + 8 + 4
    } else {
        16 + 4
    };
    let mut len4 = [0u8; 4];
    read(&mut len4, &mut hasher)?;
    let header_length = u64::from(u32::from_le_bytes(len4));
    if header_length > 64 * 1024 || header_length > total {
        return Err(bad("the header length is wrong"));
    }
    let mut header = vec![0u8; header_length as usize];
    read(&mut header, &mut hasher)?;
    Header::from_bytes(&header)?;
    let mut len8 = [0u8; 8];
    read(&mut len8, &mut hasher)?;
    let database_length = u64::from_le_bytes(len8);
    let expected_total = header_offset + header_length + 8 + database_length + 32;
    if database_length > total || expected_total != total {
        return Err(bad("its length does not match its contents"));
    }
    let mut buffer = vec![0u8; 64 * 1024];
    let mut left = database_length;
    while left > 0 {
        let n = left.min(buffer.len() as u64) as usize;
        read(&mut buffer[..n], &mut hasher)?;
        left -= n as u64;
    }
    let mut digest = [0u8; 32];
    reader
        .read_exact(&mut digest)
        .map_err(|_| bad("it ends too early"))?;
    if hasher.finalize().as_slice() != digest {
        return Err(bad(
            "its checksum does not match; the file was changed or damaged",
        ));
    }
    Ok(Checked {
        info: BackupInfo { made_at },
        header,
        header_offset,
        database_length,
    })
}

/// Automatic backups: where, and how many to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoBackup {
    pub folder: PathBuf,
    /// The newest this many automatic backups of this vault are kept.
    pub keep: u32,
}

/// The time in an automatic backup's name.
const ROTATION_TIME_FORMAT: &str = "%Y%m%d-%H%M%S-%3f";

/// When the automatic backup named `name` was made, if the name is exactly
/// that of an automatic backup of the mission `code`; `None` for any other
/// name, including another mission's whose code begins with this one.
pub(super) fn rotation_time(name: &str, code: &str) -> Option<chrono::NaiveDateTime> {
    let time = name
        .strip_prefix("casebook-")?
        .strip_prefix(code)?
        .strip_prefix('-')?
        .strip_suffix(".cbk")?;
    // Exactly the written form: `parse_from_str` alone would also accept
    // other widths of some fields.
    let parsed = chrono::NaiveDateTime::parse_from_str(time, ROTATION_TIME_FORMAT).ok()?;
    (parsed.format(ROTATION_TIME_FORMAT).to_string() == time).then_some(parsed)
}

const AUTO_FOLDER: &str = "auto_backup_folder";
const AUTO_KEEP: &str = "auto_backup_keep";
/// The audit position of the last automatic backup.
const AUTO_AT: &str = "auto_backup_audit_seq";
/// Audit actions that change nothing a backup would hold differently.
const NOT_CHANGES: &str = "'unlock', 'failed-unlock', 'case-viewed', 'document-written', 'backup'";

impl Vault {
    /// The automatic backup settings, if automatic backups are on.
    pub fn auto_backup(&self) -> Result<Option<AutoBackup>> {
        let Some(folder) = self.preference(AUTO_FOLDER)?.filter(|f| !f.is_empty()) else {
            return Ok(None);
        };
        let keep = self
            .preference(AUTO_KEEP)?
            .and_then(|k| k.parse().ok())
            .unwrap_or(7);
        Ok(Some(AutoBackup {
            folder: folder.into(),
            keep,
        }))
    }

    /// Turns automatic backups on (into a folder, keeping the newest `keep`)
    /// or off.
    pub fn set_auto_backup(&mut self, settings: Option<&AutoBackup>) -> Result<()> {
        match settings {
            Some(settings) => {
                let folder = settings.folder.to_str().ok_or_else(|| {
                    Error::InvalidSetting("the backup folder's name is not valid Unicode".into())
                })?;
                if settings.keep == 0 {
                    return Err(Error::InvalidSetting(
                        "keep at least one automatic backup".into(),
                    ));
                }
                self.set_preference(AUTO_FOLDER, folder)?;
                self.set_preference(AUTO_KEEP, &settings.keep.to_string())
            }
            None => self.set_preference(AUTO_FOLDER, ""),
        }
    }

    /// Writes a backup into `folder` under a name with the mission and the
    /// time, then deletes this mission's oldest automatic backups there
    /// beyond the newest `keep`. Other files in the folder are never
    /// touched: a file is this mission's automatic backup only if its whole
    /// name is `casebook-<this mission's code>-<time>.cbk` (see
    /// [`rotation_time`]), so another mission whose code starts like this
    /// one's keeps its backups.
    pub fn backup_rotating(&mut self, folder: &Path, keep: u32) -> Result<PathBuf> {
        let code = self.info.mission_code.clone();
        let name = format!(
            "casebook-{code}-{}.cbk",
            Utc::now().format(ROTATION_TIME_FORMAT)
        );
        fsutil::create_private_dir_all(folder)
            .map_err(|e| Error::io(format!("cannot create {}", folder.display()), e))?;
        let out = folder.join(name);
        self.backup_to(&out)?;
        let mut ours: Vec<(chrono::NaiveDateTime, String)> = std::fs::read_dir(folder)
            .map_err(|e| Error::io(format!("cannot read {}", folder.display()), e))?
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter_map(|name| Some((rotation_time(&name, &code)?, name)))
            .collect();
        ours.sort();
        let excess = ours.len().saturating_sub(keep.max(1) as usize);
        for (_, old) in &ours[..excess] {
            std::fs::remove_file(folder.join(old))
                .map_err(|e| Error::io(format!("cannot delete the old backup {old}"), e))?;
        }
        Ok(out)
    }

    /// The automatic backup, when the vault is locked or closed: written if
    /// automatic backups are on and something changed since the last one.
    /// Returns the file written, if any.
    pub fn automatic_backup(&mut self) -> Result<Option<PathBuf>> {
        let Some(settings) = self.auto_backup()? else {
            return Ok(None);
        };
        let since: i64 = setting(&self.conn, AUTO_AT)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let changed: bool = self.conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM audit WHERE seq > ?1 AND action NOT IN ({NOT_CHANGES}))"
            ),
            [since],
            |row| row.get(0),
        )?;
        if !changed {
            return Ok(None);
        }
        let out = self.backup_rotating(&settings.folder, settings.keep)?;
        let latest: i64 =
            self.conn
                .query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |row| {
                    row.get(0)
                })?;
        set_setting(&self.conn, AUTO_AT, &latest.to_string())?;
        Ok(Some(out))
    }
}
