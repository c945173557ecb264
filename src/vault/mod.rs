//! The encrypted vault: a folder holding one SQLCipher database and the
//! header that unlocks it.
//!
//! ```text
//! vault.json      header: one key slot per officer (Argon2id parameters and
//!                 salt, wrapped key pair, the data key sealed to it), a MAC
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
//!
//! Where things are: `open` (create, open, the lock), `connect` (SQLCipher
//! keying and pragmas), `keys` (the header and the key derivation), `slots` (one key slot per
//! officer), `officers` (adding and removing officers), `handover` (cases
//! given from one officer to another, and who has seen them), `rekey`
//! (passphrase change and removals), `schema` (migrations), `cases` (create, read,
//! update, erase), `list` and `search` (the case list and full-text search),
//! `facts` (what the statistics count), `audit`, `backup`, `epoch` (restore
//! epochs), `receipts` (the commission's replies: receipts, directory, notes), `record` (the stored form of a record), `fsutil` (private files).

mod audit;
mod backup;
mod cases;
mod conflicts;
mod connect;
mod destroy;
mod documents;
mod draft;
mod epoch;
mod facts;
pub(crate) mod fsutil;
mod handover;
mod identity;
mod kdf;
mod key_events;
mod keys;
mod list;
mod merge;
mod missions;
mod officers;
mod open;
mod outbox;
mod page;
pub mod passphrase;
mod preferences;
mod receipts;
mod record;
mod rekey;
mod schema;
mod search;
mod set_aside;
mod signing;
mod slots;
mod stubs;
#[cfg(test)]
pub(crate) mod testing;
mod withdrawals;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::domain::FieldError;

pub use audit::{AuditCheck, AuditEntry};
#[cfg(test)]
pub(crate) use backup::FAIL_AFTER_PLACING as FAIL_BACKUP_AFTER_PLACING;
pub use backup::{
    AutoBackup, BackupInfo, Overwrite, inspect as inspect_backup, last_change, restore,
};
pub(crate) use cases::RowText;
pub use cases::Tombstone;
pub use conflicts::{Conflict, Resolution};
pub use destroy::{
    BeforeDestroying, DestroyStep, DestroyedNote, Destruction, destroyed_note, finish_destroying,
};
pub use epoch::{RestoreEpoch, is_epoch_id};
pub use facts::StatisticsSettings;
pub use handover::{Handing, Handover, MAX_NOTE_CHARS, Reassigned, check_note, escaped};
pub use identity::{CommissionKey, RestoredKeys, SIGNING_KEY_PREFIX};
pub use kdf::KdfParams;
pub use key_events::OwnKeyEvent;
pub use keys::{Owner, passphrase_weakness};
pub use list::{COUNT_STEP, CaseSummary, ListQuery, Page, SortKey};
pub use merge::Outcome;
pub(crate) use merge::{Merge, NewMission, Receipt};
pub use missions::{
    ApprovedHow, DEFAULT_SILENT_AFTER_DAYS, KeyChange, KeyStatus, Mission, MissionKey, MissionRow,
    MissionsOverview, Received, Replaced, Rotated, RowStatus, Standing, missions_day, ranges_text,
};
pub use open::{OpenOptions, validate_new_vault};
pub use outbox::{Outgoing, OutgoingCounts};
pub use page::{Listing, SEARCH_SHOWN};
pub use passphrase::{Strength, Weakness};
pub use preferences::Preferences;
pub use receipts::{
    Applied, ExportReceipt, HighWater, MAX_EXPORT_SEQUENCE, MAX_HIGH_WATER_PREFIXES,
    MAX_REFERENCE_NUMBER, ReplyAddress, ReplyContent, SentExport, SetAside, StoredNote,
    is_reference_prefix,
};
pub use search::SEARCH_WINDOW;
pub use set_aside::{MAX_SET_ASIDE, SetAsideVersion};
pub use slots::MAX_OFFICERS;
pub use stubs::{ErasureDue, MAX_STUB_MONTHS, StubCandidate};
pub use withdrawals::{ConsentWithdrawal, ErasedAtCommission, RecordedWithdrawal};

pub(crate) use connect::CACHE;
use open::lock_vault;

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

/// " (A, B)", or nothing when the names are not to be told (a vault whose
/// officer list is hidden).
fn officer_names(officers: &[String]) -> String {
    if officers.is_empty() {
        String::new()
    } else {
        format!(" ({})", officers.join(", "))
    }
}

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
    #[error(
        "this vault was destroyed ({at}); nothing in it can be opened any more (if files of it are left, `casebook destroy` finishes deleting them)"
    )]
    Destroyed { at: String },
    #[error("this vault has several officers{}; say which of them signs in", officer_names(.officers))]
    OfficerNeeded { officers: Vec<String> },
    #[error("\"{name}\" is not an officer of this vault (its officers: {})", .officers.join(", "))]
    UnknownOfficer { name: String, officers: Vec<String> },
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
    #[error(
        "case {0} is kept here as a stub (its full record is held by the commission); it cannot be changed"
    )]
    HeldByCommission(String),
    #[error("case {reference} belongs to mission {mission}; it can only be changed there")]
    ForeignCase { reference: String, mission: String },
    #[error("the disk is full; free some space and try again (nothing was changed)")]
    DiskFull,
    #[error("not a Casebook backup file, or the file is damaged ({0})")]
    NotABackup(String),
    #[error("{context}: {cause}")]
    Io {
        context: String,
        cause: Arc<std::io::Error>,
    },
    #[error(
        "the passphrase was changed, but the vault could not be opened again with it; \
         lock the vault and unlock it with the new passphrase (nothing is saved until then)"
    )]
    ReopenAfterPassphraseChange,
    #[error(
        "the vault's key file vault.json was changed by something else while the vault was open; \
         nothing was changed: lock the vault, and if it no longer opens, restore it from a backup"
    )]
    HeaderChanged,
    #[error(
        "{done}, but the audit log could not record it ({cause}); it is recorded at the next unlock"
    )]
    NotAudited { done: String, cause: String },
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
    /// `done` took effect and its audit entry failed with `cause`: not
    /// "nothing was changed".
    pub(crate) fn not_audited(done: String, cause: &Error) -> Error {
        Error::NotAudited {
            done,
            cause: cause.to_string(),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        if source.kind() == std::io::ErrorKind::StorageFull {
            return Error::DiskFull;
        }
        Error::Io {
            context: context.into(),
            cause: Arc::new(source),
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

/// Who owns the vault, as stored inside it, and who is signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultInfo {
    pub role: Role,
    pub mission_code: String,
    pub mission_name: String,
    /// The officer signed in: every audit entry and case revision of the
    /// session names them. (The officer who created the vault stays in
    /// the settings.)
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

/// The officers who can unlock the vault in `dir`, in the order they were
/// added, as its header names them (readable before unlock, for the unlock
/// form's list). A vault of the first header format names its one officer
/// if its header does.
pub fn officers(dir: &Path) -> Result<Vec<String>> {
    Ok(keys::Header::read(dir)?.officers())
}

/// Whether the vault in `dir` asks for a typed name at unlock instead of
/// listing its officers, as its header says (readable before unlock; the
/// header's MAC, checked at unlock, covers it).
pub fn officer_list_hidden(dir: &Path) -> Result<bool> {
    Ok(keys::Header::read(dir)?.hides_officers())
}

/// Whether two officers' names are one name, as an unlock or
/// `--officer` matches them (Unicode NFC, case and spaces around aside).
pub fn same_officer_name(a: &str, b: &str) -> bool {
    keys::same_name(a, b)
}

/// Whether `dir` holds a vault (its header exists).
pub fn exists(dir: &Path) -> bool {
    dir.join(keys::HEADER_FILE).is_file()
}

/// An open, unlocked vault. Dropping it closes the database, wipes SQLCipher's
/// key from memory and releases the lock.
pub struct Vault {
    conn: Connection,
    dir: PathBuf,
    /// `officer` is the officer signed in.
    info: VaultInfo,
    /// The database key, kept while the vault is open (SQLCipher holds it
    /// too) so that a new officer's slot can be given it; wiped on drop.
    key: keys::Key,
    /// The vault's authentication key (in every slot, under its passphrase),
    /// kept for the same reason; wiped on drop.
    auth: keys::Key,
    /// The header as this session verified it at unlock or last wrote it,
    /// byte for byte: every rewrite first checks that the file on disk is
    /// still this (`officers.rs`), and builds on this, never on the file.
    header: Vec<u8>,
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
    pub fn info(&self) -> &VaultInfo {
        &self.info
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The Argon2id parameters of the signed-in officer's passphrase.
    pub fn kdf_params(&self) -> Result<KdfParams> {
        Ok(self.session_header()?.kdf_params_of(&self.info.officer))
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

impl Drop for Vault {
    fn drop(&mut self) {
        // Fold the WAL back into the database so the folder holds only the
        // three files at rest; failure here loses nothing (the WAL is replayed
        // at the next open).
        let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
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

    /// Mission: stores the commission's public key: its key lines as read
    /// from its file (`read_commission_key`), or the `age1...` recipient
    /// alone. Replacing a different key already stored must be asked for
    /// explicitly, and is audited (`CommissionKey`).
    pub fn set_commission_key(&mut self, key: &str, replace: bool) -> Result<()> {
        let key = CommissionKey::parse(key)?;
        self.store_commission_keys(&key, replace)
    }
}

/// Reads the commission's public key from a file as distributed with the
/// installation: its lines that are neither empty nor a `#` comment (the
/// recipient, and in version 2 the signing key), one per line.
pub fn read_commission_key(file: &Path) -> Result<String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    if lines.is_empty() {
        return Err(Error::InvalidSetting(format!(
            "{} holds no commission key",
            file.display()
        )));
    }
    Ok(lines.join("\n"))
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
