//! The encrypted vault: a folder holding one SQLCipher database and the
//! header that unlocks it.
//!
//! ```text
//! vault.json      header: Argon2id parameters and salt, wrapped data key
//! casebook.db     SQLCipher database (AES-256, per-page HMAC)
//! casebook.lock   held exclusively while a Casebook process has the vault open
//! casebook.db.rekeyed   only during a passphrase change (the re-keyed copy)
//! replaced-<time>/      a vault set aside by a restore
//! ```
//!
//! The folder is 0700 and every file in it 0600 on Unix (`fsutil`).
//!
//! Promises: nothing is ever written in clear; a wrong passphrase changes no
//! byte of the folder; every acknowledged save survives a crash (WAL with
//! `synchronous=FULL`); a second process gets `OpenElsewhere`, never a
//! corrupted store; a vault from a newer Casebook is refused, not damaged.
//! Opening follows one order: lock → header → key → one read → pragmas →
//! migrations.

mod audit;
mod backup;
mod cases;
mod conflicts;
mod epoch;
pub(crate) mod fsutil;
mod identity;
mod keys;
mod merge;
mod missions;
mod outbox;
mod record;
mod schema;
mod stats;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::domain::FieldError;

pub use audit::{AuditCheck, AuditEntry};
pub use backup::{
    AutoBackup, BackupInfo, Overwrite, inspect as inspect_backup, last_change, restore,
};
pub(crate) use cases::RowText;
pub use cases::{COUNT_STEP, CaseSummary, ListQuery, Page, SEARCH_WINDOW, SortKey, Tombstone};
pub use conflicts::{Conflict, Resolution};
pub use epoch::{RestoreEpoch, is_epoch_id};
pub use keys::{KdfParams, Owner, passphrase_weakness};
pub use merge::Outcome;
pub(crate) use merge::{Merge, NewMission, Receipt};
pub use missions::{Mission, Received};
pub use outbox::{Outgoing, OutgoingCounts};
pub use stats::StatisticsSettings;

const DATABASE_FILE: &str = "casebook.db";
const LOCK_FILE: &str = "casebook.lock";
/// The database re-encrypted with a new key while the passphrase changes.
const REKEYED_FILE: &str = "casebook.db.rekeyed";
/// The re-keyed copy and what SQLite may leave beside it.
const REKEYED_FILES: [&str; 3] = [
    REKEYED_FILE,
    "casebook.db.rekeyed-journal",
    "casebook.db.rekeyed-wal",
];

/// What can go wrong with a vault, in terms a user can act on.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("there is no vault in {}", .0.display())]
    NoVault(PathBuf),
    #[error("a vault already exists in {}", .0.display())]
    AlreadyExists(PathBuf),
    #[error(
        "the vault here was changed {}, after this backup was made{}; restoring it would set those changes aside",
        changed.as_deref().map(|t| format!("on {t}")).unwrap_or_else(|| "at an unknown time".into()),
        made.as_deref().map(|t| format!(" ({t})")).unwrap_or_else(|| " (the backup does not say when)".into())
    )]
    NewerThanBackup {
        changed: Option<String>,
        made: Option<String>,
    },
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("the vault is open in another Casebook window; close it there first")]
    OpenElsewhere,
    #[error(
        "the vault was written by a newer version of Casebook (format {found}, this version reads up to {supported}); install the newer version"
    )]
    VaultNewerThanApp { found: u32, supported: u32 },
    #[error("the vault is damaged: {0}; restore it from a backup")]
    Damaged(String),
    #[error("the passphrase is too weak: {0}")]
    WeakPassphrase(String),
    #[error(
        "this vault's header asks for more memory than this machine has ({asked_mib} MiB to unlock, at most {limit_mib} MiB here); if the vault was made on this machine, its header vault.json was altered: restore it from a backup"
    )]
    KdfMemoryTooLarge { asked_mib: u64, limit_mib: u64 },
    #[error(
        "this machine has too little free memory just now to unlock the vault ({asked_mib} MiB needed, {available_mib} MiB free); close other programs and try again"
    )]
    KdfMemoryShort { asked_mib: u64, available_mib: u64 },
    #[error("{0}")]
    InvalidSetting(String),
    #[error("the case cannot be saved:\n{}", fmt_field_errors(.0))]
    InvalidCase(Vec<FieldError>),
    #[error("no case {0} in this vault")]
    CaseNotFound(String),
    #[error(
        "case {reference} was changed since it was opened (revision {expected}, now {found}); reopen it"
    )]
    StaleRevision {
        reference: String,
        expected: u32,
        found: u32,
    },
    #[error("case {reference} belongs to mission {mission}; it can only be changed there")]
    ForeignCase { reference: String, mission: String },
    #[error("the disk is full; free some space and try again (nothing was changed)")]
    DiskFull,
    #[error("not a Casebook backup file, or the file is damaged ({0})")]
    NotABackup(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: Arc<std::io::Error>,
    },
    #[error(
        "the passphrase was changed, but the vault could not be opened again with it; \
         lock the vault and unlock it with the new passphrase (nothing is saved until then)"
    )]
    ReopenAfterPassphraseChange,
    #[error("database error: {0}")]
    Database(Arc<rusqlite::Error>),
}

fn fmt_field_errors(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        if source.kind() == std::io::ErrorKind::StorageFull {
            return Error::DiskFull;
        }
        Error::Io {
            context: context.into(),
            source: Arc::new(source),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                Error::Damaged(format!("the database cannot be read ({e})"))
            }
            _ => Error::Database(Arc::new(e)),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Whether the vault belongs to a mission or to the commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Mission,
    Commission,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Mission => "mission",
            Role::Commission => "commission",
        }
    }
}

/// What is asked when a vault is created.
#[derive(Debug, Clone)]
pub struct NewVault {
    pub role: Role,
    /// Short code used in case references, e.g. `LT-LON`.
    pub mission_code: String,
    pub mission_name: String,
    pub officer: String,
}

/// Who owns the vault, as stored inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultInfo {
    pub role: Role,
    pub mission_code: String,
    pub mission_name: String,
    pub officer: String,
    pub created_at: DateTime<Utc>,
}

/// The platform's data folder for Casebook's vault, e.g.
/// `~/.local/share/casebook/vault` on Linux or
/// `%APPDATA%\Casebook\data\vault` on Windows.
pub fn default_location() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "Casebook").map(|dirs| dirs.data_dir().join("vault"))
}

/// Who owns the vault in `dir`, as its header says, readable before unlock.
pub fn owner(dir: &Path) -> Result<Option<Owner>> {
    Ok(keys::Header::read(dir)?.owner().cloned())
}

/// Whether `dir` holds a vault (its header exists).
pub fn exists(dir: &Path) -> bool {
    dir.join(keys::HEADER_FILE).is_file()
}

/// How to open a vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenOptions {
    /// Wrong passphrases tried since the last unlock, to be audited.
    pub failed_attempts: u32,
    /// SQLCipher's memory security: every allocation is locked out of swap
    /// and wiped when freed. On for every session; SQLCipher lets a process
    /// switch it on but never off again. Only the synthetic-case generator
    /// opens without it, because it makes a bulk insert three times slower
    /// and writes no real case.
    pub wipe_memory: bool,
    /// Benchmarks only: the database file is a plain SQLite copy of a vault
    /// (made with `sqlcipher_export`), opened through the same code, so that
    /// the cost of encryption can be measured. Not in a normal build.
    #[cfg(feature = "bench-baseline")]
    pub unencrypted_baseline: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            failed_attempts: 0,
            #[cfg(feature = "bench-baseline")]
            unencrypted_baseline: false,
            wipe_memory: true,
        }
    }
}

/// An open, unlocked vault. Dropping it closes the database, wipes SQLCipher's
/// key from memory and releases the lock.
pub struct Vault {
    conn: Connection,
    dir: PathBuf,
    info: VaultInfo,
    // Held for as long as the vault is open; the OS releases it on drop or crash.
    _lock: File,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Creates a new vault in `dir` (created if missing, otherwise it must not
    /// hold a vault). `kdf` is normally `KdfParams::calibrate()`.
    pub fn create(
        dir: &Path,
        new: &NewVault,
        passphrase: &SecretString,
        kdf: KdfParams,
    ) -> Result<Vault> {
        validate_new_vault(new)?;
        kdf.check_floor()?;
        if let Some(weakness) = passphrase_weakness(
            secrecy::ExposeSecret::expose_secret(passphrase),
            &[&new.officer, &new.mission_code, &new.mission_name],
        ) {
            return Err(Error::WeakPassphrase(weakness));
        }
        if exists(dir) {
            return Err(Error::AlreadyExists(dir.to_path_buf()));
        }
        fsutil::create_private_dir_all(dir)
            .and_then(|()| fsutil::make_vault_private(dir))
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        let lock = lock_vault(dir, true)?;

        // Without a header no database is usable, so a database left by an
        // interrupted creation is unreadable debris and may be replaced.
        for stale in [
            DATABASE_FILE,
            "casebook.db-wal",
            "casebook.db-shm",
            REKEYED_FILE,
        ] {
            let _ = std::fs::remove_file(dir.join(stale));
        }
        // SQLite would create the database with its own default mode (0644
        // under a usual umask), and gives its WAL the database's mode: the
        // database is made private first, empty, so that both are.
        fsutil::create_private_file(&dir.join(DATABASE_FILE))
            .map_err(|e| Error::io(format!("cannot create {DATABASE_FILE}"), e))?;
        let data_key = keys::random_key();
        let owner = keys::Owner {
            officer: new.officer.trim().to_owned(),
            mission_code: new.mission_code.trim().to_owned(),
        };
        let header = keys::Header::seal(&data_key, passphrase, kdf, Some(owner))?;
        let mut conn = connect(dir, &data_key, true, true)?;
        drop(data_key);
        schema::migrate(&mut conn)?;
        stats::backfill(&conn)?;
        let now = cases::now();
        let info = VaultInfo {
            role: new.role,
            mission_code: new.mission_code.trim().to_owned(),
            mission_name: new.mission_name.trim().to_owned(),
            officer: new.officer.trim().to_owned(),
            created_at: now,
        };
        {
            let tx = conn.transaction()?;
            for (key, value) in [
                ("role", info.role.as_str().to_owned()),
                ("mission_code", info.mission_code.clone()),
                ("mission_name", info.mission_name.clone()),
                ("officer", info.officer.clone()),
                ("created_at", cases::timestamp(now)),
            ] {
                set_setting(&tx, key, &value)?;
            }
            audit::append(
                &tx,
                &info.officer,
                "vault-created",
                None,
                Some(info.role.as_str()),
            )?;
            identity::ensure_keys(&tx, info.role, &info.officer)?;
            tx.commit()?;
        }
        // The header is written last: until it exists there is no vault.
        header.write(dir)?;
        Ok(Vault {
            conn,
            dir: dir.to_path_buf(),
            info,
            _lock: lock,
        })
    }

    /// Opens the vault in `dir` with `passphrase`.
    pub fn open(dir: &Path, passphrase: &SecretString) -> Result<Vault> {
        Self::open_with(dir, passphrase, OpenOptions::default())
    }

    /// Opens the vault and records in its audit log how many wrong
    /// passphrases were tried since the last unlock. A failed attempt cannot
    /// be written when it happens: that would change the vault without the key.
    pub fn open_after_failures(
        dir: &Path,
        passphrase: &SecretString,
        failed_attempts: u32,
    ) -> Result<Vault> {
        let options = OpenOptions {
            failed_attempts,
            ..OpenOptions::default()
        };
        Self::open_with(dir, passphrase, options)
    }

    /// Opens the vault with explicit options.
    pub fn open_with(dir: &Path, passphrase: &SecretString, options: OpenOptions) -> Result<Vault> {
        let failed_attempts = options.failed_attempts;
        let header = keys::Header::read(dir)?;
        let lock = lock_vault(dir, false)?;
        let data_key = header.open(passphrase)?;
        // Only once the passphrase is known right: a wrong one changes
        // nothing in the folder, not even a mode.
        fsutil::make_vault_private(dir)
            .map_err(|e| Error::io(format!("cannot make {} private", dir.display()), e))?;
        // A header below the floor can only come from an older Casebook
        // (its parameters are the wrapped key's associated data, so nobody
        // without the key can lower them): it is sealed again at the floor.
        let kdf = header.kdf_params();
        let strengthened = !kdf.meets_floor() && kdf != KdfParams::insecure_for_tests();
        if strengthened {
            let mut stronger = keys::Header::seal(
                &data_key,
                passphrase,
                kdf.raised_to_floor(),
                header.owner().cloned(),
            )?;
            // The restore marker stays until the transaction that starts its
            // epoch has committed: this unlock may still fail.
            stronger.keep_restored(header.restored());
            stronger.write(dir)?;
        }
        let rekey_completed = finish_rekey(dir, &data_key)?;
        match std::fs::metadata(dir.join(DATABASE_FILE)) {
            Ok(meta) if meta.is_file() && meta.len() > 0 => {}
            Ok(meta) if meta.is_file() => {
                return Err(Error::Damaged(format!(
                    "the database file {DATABASE_FILE} is empty"
                )));
            }
            _ => {
                return Err(Error::Damaged(format!(
                    "the database file {DATABASE_FILE} is missing"
                )));
            }
        }
        #[cfg(feature = "bench-baseline")]
        let mut conn = if options.unencrypted_baseline {
            connect_unencrypted_baseline(dir)?
        } else {
            connect(dir, &data_key, false, options.wipe_memory)?
        };
        #[cfg(not(feature = "bench-baseline"))]
        let mut conn = connect(dir, &data_key, false, options.wipe_memory)?;
        drop(data_key);
        // A vault's database always has a schema; one without is not the
        // vault's (an emptied file) and must not be silently made anew.
        let version: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version == 0 {
            return Err(Error::Damaged(format!(
                "the database file {DATABASE_FILE} holds no vault"
            )));
        }
        schema::migrate(&mut conn)?;
        stats::backfill(&conn)?;
        let info = read_info(&conn)?;
        let vault = Vault {
            conn,
            dir: dir.to_path_buf(),
            info,
            _lock: lock,
        };
        {
            let tx = vault.conn.unchecked_transaction()?;
            if failed_attempts > 0 {
                let detail = format!("{failed_attempts} wrong passphrase(s) before this unlock");
                audit::append(
                    &tx,
                    &vault.info.officer,
                    "failed-unlock",
                    None,
                    Some(&detail),
                )?;
            }
            if rekey_completed {
                audit::append(
                    &tx,
                    &vault.info.officer,
                    "passphrase-changed",
                    None,
                    Some("finished at this unlock after an interruption"),
                )?;
            }
            if strengthened {
                audit::append(
                    &tx,
                    &vault.info.officer,
                    "key-derivation-strengthened",
                    None,
                    None,
                )?;
            }
            audit::append(&tx, &vault.info.officer, "unlock", None, None)?;
            identity::ensure_keys(&tx, vault.info.role, &vault.info.officer)?;
            if let Some(marker) = header.restored() {
                epoch::begin_after_restore(&tx, marker, &vault.info.officer)?;
            }
            tx.commit()?;
        }
        if let Some(marker) = header.restored() {
            // The epoch is recorded; a header left marked (the rewrite
            // failed) only repeats this at the next unlock, which then
            // starts nothing (the marker is known).
            let _ = clear_restore_marker(dir, marker);
        }
        Ok(vault)
    }

    pub fn info(&self) -> &VaultInfo {
        &self.info
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The Argon2id parameters stored with the vault.
    pub fn kdf_params(&self) -> Result<KdfParams> {
        Ok(keys::Header::read(&self.dir)?.kdf_params())
    }

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
        let header = keys::Header::read(&self.dir)?;
        drop(header.open(current)?);
        let new_key = keys::random_key();
        let new_header = keys::Header::seal(&new_key, new, kdf, header.owner().cloned())?;

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
        if let Err(e) = new_header.write(&self.dir) {
            let on_disk = keys::Header::read(&self.dir).map(|h| h.to_bytes());
            if on_disk.ok() != Some(new_header.to_bytes()) {
                remove_rekeyed(&self.dir);
                return Err(e);
            }
        }

        self.switch_to_rekeyed(&new_key, swap_in_rekeyed)?;
        drop(new_key);
        let tx = self.conn.transaction()?;
        audit::append(&tx, &self.info.officer, "passphrase-changed", None, None)?;
        tx.commit()?;
        Ok(())
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
    fn copy_rekeyed(&self, out: &Path, key: &keys::Key) -> Result<()> {
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

    /// Runs SQLite's and SQLCipher's own checks of every page; returns the
    /// problems found (empty when the database is sound).
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for pragma in ["PRAGMA integrity_check", "PRAGMA cipher_integrity_check"] {
            let mut stmt = self.conn.prepare(pragma)?;
            let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
            for row in rows {
                let row = row?;
                if row != "ok" {
                    problems.push(row);
                }
            }
        }
        Ok(problems)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?)
    }
}

/// Rewrites the header without the restore marker `marker`.
fn clear_restore_marker(dir: &Path, marker: &str) -> Result<()> {
    let mut header = keys::Header::read(dir)?;
    if header.restored() == Some(marker) {
        header.clear_restored();
        header.write(dir)?;
    }
    Ok(())
}

impl Drop for Vault {
    fn drop(&mut self) {
        // Fold the WAL back into the database so the folder holds only the
        // three files at rest; failure here loses nothing (the WAL is replayed
        // at the next open).
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
    }
}

/// Checks what is asked for a new vault, before any slow work (the key
/// derivation's calibration) is done. A mission's code must have the form
/// of [`crate::domain::codes::is_mission_code`]; the commission's own code
/// only needs to be short and plain, since it never travels as a mission's.
pub fn validate_new_vault(new: &NewVault) -> Result<()> {
    let code = new.mission_code.trim();
    if new.role == Role::Mission && !crate::domain::codes::is_mission_code(code) {
        return Err(Error::InvalidSetting(format!(
            "the mission code \"{code}\" must be {}",
            crate::domain::codes::MISSION_CODE_FORM
        )));
    }
    let code_ok = (2..=16).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !code.starts_with('-')
        && !code.ends_with('-');
    if !code_ok {
        return Err(Error::InvalidSetting(format!(
            "the mission code \"{code}\" must be 2 to 16 capital letters, digits or hyphens, like LT-LON"
        )));
    }
    if new.officer.trim().is_empty() {
        return Err(Error::InvalidSetting(
            "the officer's name must not be empty".into(),
        ));
    }
    if new.role == Role::Mission && new.mission_name.trim().is_empty() {
        return Err(Error::InvalidSetting(
            "the mission's name must not be empty".into(),
        ));
    }
    Ok(())
}

/// Takes the vault's lock file, so that a second process is told the vault
/// is in use instead of racing the first one.
fn lock_vault(dir: &Path, create: bool) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    let file = match File::options().read(true).write(true).open(&path) {
        Ok(file) => file,
        // A vault restored by hand may lack the (empty) lock file.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound || create => {
            let mut options = File::options();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, fsutil::PRIVATE_FILE);
            options
                .open(&path)
                .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?
        }
        Err(e) => return Err(Error::io(format!("cannot open {}", path.display()), e)),
    };
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::OpenElsewhere),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io("cannot lock the vault", e)),
    }
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
fn finish_rekey(dir: &Path, key: &keys::Key) -> Result<bool> {
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

/// Whether the database file `path` can be read with `key`. Writes nothing.
/// Initialises SQLite and SQLCipher once, before the process opens its
/// first database. SQLite marks itself initialised before it runs
/// SQLCipher's own initialisation (`sqlite3Initialize`, then
/// `sqlcipher_extra_init`), so a connection another thread opens in that
/// moment has neither SQLCipher's crypto provider set up nor its
/// `sqlcipher_export` function, which the passphrase change needs; the
/// tests, which open vaults on many threads at once, hit it.
fn sqlcipher_initialised() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // An in-memory database is enough to run the whole initialisation;
    // a failure here shows again, with its reason, at the real open.
    ONCE.call_once(|| drop(Connection::open_in_memory()));
}

fn opens_with(path: &Path, key: &keys::Key) -> bool {
    if !path.is_file() {
        return false;
    }
    sqlcipher_initialised();
    let Ok(conn) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return false;
    };
    // Keyed as `connect` keys: memory security before the key. This look
    // can come before any connection of the process has turned it on.
    let opened = set_key(&conn, key, true)
        // No `-shm` file for a look (see `connect`).
        .and_then(|()| conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;"))
        .and_then(|()| {
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
                row.get::<_, i64>(0)
            })
        });
    opened.is_ok()
}

/// Gives SQLCipher the key, memory security first (where asked): SQLite's
/// parse of the key pragma copies the hex key into allocations it frees,
/// which are wiped only once it is on. Every connection is keyed here.
fn set_key(conn: &Connection, key: &keys::Key, wipe_memory: bool) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if wipe_memory {
        conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    }
    conn.execute_batch(&keys::key_pragma(key))
}

/// Opens the database with the data key, checks the key with one read, and
/// sets the pragmas every connection needs (outside any transaction).
fn connect(
    dir: &Path,
    data_key: &keys::Key,
    create: bool,
    wipe_memory: bool,
) -> Result<Connection> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    sqlcipher_initialised();
    let conn = Connection::open_with_flags(dir.join(DATABASE_FILE), flags)?;
    set_key(&conn, data_key, wipe_memory)?;
    // Exclusive before the first read: SQLite then keeps the WAL index in
    // memory and never makes a `-shm` file, whose growth fails on a full
    // disk and would stop even reading the cases.
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;")?;
    // The key was verified by the header, so a database that cannot be read
    // with it is damaged, not locked with another passphrase.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(|e| match Error::from(e) {
        Error::Damaged(_) => Error::Damaged(format!(
            "{DATABASE_FILE} cannot be decrypted with this vault's key"
        )),
        other => other,
    })?;
    conn.execute_batch(SETTINGS)?;
    conn.execute_batch(CACHE)?;
    Ok(conn)
}

/// Every connection's settings, and its page cache: [`CACHE`].
const SETTINGS: &str = "PRAGMA journal_mode = WAL;
     PRAGMA synchronous = FULL;
     PRAGMA secure_delete = ON;
     PRAGMA temp_store = MEMORY;
     PRAGMA foreign_keys = ON;";

/// The page cache holds 32 MiB of decrypted pages (SQLite's default is
/// 2 MiB): a page read again is then not decrypted and authenticated again,
/// which is what searching and paging a large vault do. With memory
/// security the cache is wiped when freed.
pub(crate) const CACHE: &str = "PRAGMA cache_size = -32768;";

/// The plain SQLite baseline of the benchmarks, with the vault's settings.
#[cfg(feature = "bench-baseline")]
fn connect_unencrypted_baseline(dir: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        dir.join(DATABASE_FILE),
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE;")?;
    conn.execute_batch(SETTINGS)?;
    conn.execute_batch(CACHE)?;
    Ok(conn)
}

impl Vault {
    /// Benchmarks only: writes a plain SQLite copy of this vault's database
    /// to `out` (synthetic data; the benchmark's baseline).
    #[cfg(feature = "bench-baseline")]
    pub fn export_unencrypted_baseline(&self, out: &Path) -> Result<()> {
        // The vault's connection may not create files: give it an empty one.
        fsutil::create_private_file(out).map_err(|e| Error::io("cannot create the baseline", e))?;
        let out = out
            .to_str()
            .ok_or_else(|| Error::InvalidSetting("path is not valid Unicode".into()))?;
        self.conn
            .execute("ATTACH DATABASE ?1 AS baseline KEY ''", [out])?;
        self.conn
            .query_row("SELECT sqlcipher_export('baseline')", [], |_| Ok(()))?;
        let version: u32 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        self.conn.execute_batch(&format!(
            "PRAGMA baseline.user_version = {version}; DETACH DATABASE baseline;"
        ))?;
        Ok(())
    }
}

pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")?
        .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?)
}

fn read_info(conn: &Connection) -> Result<VaultInfo> {
    let get = |key: &str| -> Result<String> {
        setting(conn, key)?
            .ok_or_else(|| Error::Damaged(format!("the setting \"{key}\" is missing")))
    };
    let role = match get("role")?.as_str() {
        "mission" => Role::Mission,
        "commission" => Role::Commission,
        other => return Err(Error::Damaged(format!("unknown role \"{other}\""))),
    };
    let created_at = cases::parse_timestamp(&get("created_at")?)?;
    Ok(VaultInfo {
        role,
        mission_code: get("mission_code")?,
        mission_name: get("mission_name")?,
        officer: get("officer")?,
        created_at,
    })
}

impl Vault {
    /// Mission: the commission's public key (an age X25519 recipient), if
    /// stored yet.
    pub fn commission_key(&self) -> Result<Option<String>> {
        setting(&self.conn, "commission_key")
    }

    /// Mission: stores the commission's public key. Replacing one already
    /// stored must be asked for explicitly, and is audited.
    pub fn set_commission_key(&mut self, key: &str, replace: bool) -> Result<()> {
        if self.info.role != Role::Mission {
            return Err(Error::InvalidSetting(
                "only a mission vault stores the commission's key".into(),
            ));
        }
        let key = key.trim();
        if !is_age_recipient(key) {
            return Err(Error::InvalidSetting(
                "this is not a commission public key (it should start with age1 and be 62 characters long)".into(),
            ));
        }
        let previous = self.commission_key()?;
        if previous.as_deref() == Some(key) {
            return Ok(());
        }
        if previous.is_some() && !replace {
            return Err(Error::InvalidSetting(
                "a commission key is already stored; replacing it needs --replace".into(),
            ));
        }
        let tx = self.conn.transaction()?;
        set_setting(&tx, "commission_key", key)?;
        let action = if previous.is_some() {
            "commission-key-replaced"
        } else {
            "commission-key-set"
        };
        audit::append(&tx, &self.info.officer, action, None, None)?;
        tx.commit()?;
        Ok(())
    }
}

/// Reads the commission's public key from a file as distributed with the
/// installation: the first line that is neither empty nor a `#` comment.
pub fn read_commission_key(file: &Path) -> Result<String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .ok_or_else(|| Error::InvalidSetting(format!("{} holds no commission key", file.display())))
}

/// The shape of an age X25519 recipient: `age1` and 58 Bech32 characters.
fn is_age_recipient(key: &str) -> bool {
    const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    key.len() == 62 && key.starts_with("age1") && key[4..].chars().all(|c| BECH32.contains(c))
}

impl Vault {
    /// The open database, for diagnostics and for tests that must tamper
    /// with it on purpose. Application code goes through the typed methods.
    #[doc(hidden)]
    pub fn diagnostic_connection(&self) -> &Connection {
        &self.conn
    }
}

impl Vault {
    /// A user preference stored (encrypted) in the vault, e.g. the auto-lock
    /// delay or the interface language.
    pub fn preference(&self, key: &str) -> Result<Option<String>> {
        setting(&self.conn, &format!("pref.{key}"))
    }

    pub fn set_preference(&mut self, key: &str, value: &str) -> Result<()> {
        set_setting(&self.conn, &format!("pref.{key}"), value)
    }
}

impl Vault {
    /// Records an action done outside the vault's own methods (an export
    /// file or an identity backup written). Never pass a field value.
    pub(crate) fn record_action(&mut self, action: &str, detail: Option<&str>) -> Result<()> {
        let tx = self.conn.transaction()?;
        audit::append(&tx, &self.info.officer, action, None, detail)?;
        tx.commit()?;
        Ok(())
    }
}

/// Writes a file that is meant to leave the vault (a table of aggregates)
/// so that a crash leaves the old file or the whole new one.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    fsutil::write_atomically(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Case, ContactChannel, FirstContact};

    fn passphrase(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    const OLD: &str = "correct horse battery staple";
    const NEW: &str = "velvet lantern quarry moss";

    fn vault_with_a_case(dir: &Path) -> (Vault, String) {
        let new = NewVault {
            role: Role::Mission,
            mission_code: "LT-LON".into(),
            mission_name: "Embassy in London".into(),
            officer: "J. Jonaitis".into(),
        };
        let mut vault = Vault::create(dir, &new, &passphrase(OLD), KdfParams::insecure_for_tests())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut case = Case {
            first_contact: FirstContact {
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
                channel: ContactChannel::WalkIn,
                place: None,
            },
            ..Case::default()
        };
        case.person.given_name = Some("Ona".into());
        case.person.family_name = Some("Žemaitytė".into());
        let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
        (vault, record.meta.reference)
    }

    fn actions(vault: &Vault) -> Vec<(String, Option<String>)> {
        vault
            .audit_entries()
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|e| (e.action, e.detail))
            .collect()
    }

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

    #[test]
    fn a_header_an_older_casebook_sealed_below_the_floor_is_strengthened_at_unlock() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, reference) = vault_with_a_case(dir.path());
        drop(vault);
        let old = KdfParams {
            memory_kib: 32 * 1024,
            iterations: 1,
            parallelism: 1,
        };
        let header = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let key = header
            .open(&passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"));
        keys::Header::seal_any(&key, &passphrase(OLD), old, header.owner().cloned())
            .and_then(|h| h.write(dir.path()))
            .unwrap_or_else(|e| panic!("{e}"));
        let vault = Vault::open(dir.path(), &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        assert!(vault.get_case(&reference).is_ok());
        let now = vault.kdf_params().unwrap_or_else(|e| panic!("{e}"));
        assert!(now.meets_floor(), "{now:?}");
        assert_eq!(now, old.raised_to_floor());
        assert!(
            actions(&vault)
                .iter()
                .any(|(action, _)| action == "key-derivation-strengthened")
        );
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

    /// A restored vault whose header an older Casebook sealed below the
    /// floor: the unlock that strengthens the header fails later on (the
    /// database is not there), and the next one must still start the
    /// restore epoch.
    #[test]
    fn a_strengthened_header_keeps_the_restore_marker_until_the_epoch_begins() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, _) = vault_with_a_case(dir.path());
        drop(vault);
        let old = KdfParams {
            memory_kib: 32 * 1024,
            iterations: 1,
            parallelism: 1,
        };
        let header = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let key = header
            .open(&passphrase(OLD))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut weak = keys::Header::seal_any(&key, &passphrase(OLD), old, header.owner().cloned())
            .unwrap_or_else(|e| panic!("{e}"));
        weak.mark_restored();
        weak.write(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let marker = weak.restored().map(str::to_owned);

        let database = dir.path().join(DATABASE_FILE);
        let away = dir.path().join("away.db");
        std::fs::rename(&database, &away).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            Vault::open(dir.path(), &passphrase(OLD)),
            Err(Error::Damaged(_))
        ));
        let now = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            now.kdf_params().meets_floor(),
            "the header was strengthened"
        );
        assert_eq!(now.restored().map(str::to_owned), marker, "marker kept");

        std::fs::rename(&away, &database).unwrap_or_else(|e| panic!("{e}"));
        let vault = Vault::open(dir.path(), &passphrase(OLD)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            vault.restore_epoch().ok().flatten().is_some(),
            "the restore epoch began"
        );
        drop(vault);
        let after = keys::Header::read(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(after.restored(), None, "and the marker is gone once it has");
    }
}
