//! Exchange files: how cases travel from a mission to the commission.
//!
//! An export is a standard age v1 file encrypted to the commission's X25519
//! recipient. Inside, JSON lines (see `format` and docs/export-format.md):
//! an opening line, one line per case or erasure, a manifest with counts and
//! the digest of everything before it, and the mission's Ed25519 signature
//! over the manifest. age alone does not say who wrote a file; the
//! signature, checked against the key the commission approved for that
//! mission, does.
//!
//! Nothing of an export is ever written in clear: the plaintext exists only
//! in memory, a line at a time, between the vault and the age stream.

mod batch;
mod commission_rotation;
mod export;
pub mod format;
mod import;
mod job;
mod keys;
mod overview;
mod pipe;
pub mod redact;
pub mod reply;
mod rotation;

use std::sync::Arc;

pub use batch::{FileOutcome, FileRow, ImportRun, Question, import_files};
pub(crate) use commission_rotation::commission_fingerprint_of;
pub use commission_rotation::{accept_commission_rotation, rotate_commission_key};
pub use export::{ExportSummary, export, export_cancellable};
pub use format::{Counts, Kind, Manifest};
pub use import::{
    Approval, DEFAULT_MAX_IMPORT_MIB, FileReport, KeyNotice, MergeCounts, MissionApproval,
    MissionStatus, Verification, import, import_cancellable, max_import_mib, set_max_import_mib,
    verify,
};
pub use job::{Cancel, Progress};
pub use keys::commission_key_given;
pub use keys::{KeyReplacement, store_commission_key_file};
pub use keys::{
    commission_fingerprint, commission_key_fingerprint, commission_keys_fingerprint,
    commission_public_key, commission_public_keys, key_fingerprint, mission_public_key,
    mission_recipient, restore_identity, write_commission_key, write_identity_backup,
};
pub use overview::{ConflictView, Overview, overview};
pub use rotation::{KeyRotation, RotationSummary, rotate_signing_key};

use crate::vault;

/// A mission as a file introduces it, for the analyst to approve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissionIdentity {
    pub code: String,
    pub name: String,
    /// The key's fingerprint as people read it aloud: `3F2A 91C0 ...`.
    pub fingerprint: String,
    pub public_key: [u8; 32],
}

/// Why an export cannot be written, or a file cannot be imported.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("not a Casebook export file")]
    NotAnExport,
    #[error(
        "this export file was encrypted for another commission key; it cannot be opened with this vault"
    )]
    NotForThisCommission,
    #[error("the export file is damaged or incomplete ({0}); ask the mission to send it again")]
    Damaged(String),
    #[error(
        "the export file was made by a newer version of Casebook (format {0}); install the newer version"
    )]
    NewerFormat(u32),
    #[error("the export file does not match its own manifest ({0}); it was altered")]
    ManifestMismatch(String),
    #[error("the export file's signature is not valid; it was altered after it was signed")]
    BadSignature,
    #[error(
        "mission {} ({}) signed this file with a key not approved for it, fingerprint {}; if the mission has a new key (a rebuilt vault, a new laptop), compare the fingerprint with the mission by phone, then approve it with missions --replace-key \"{}:{}\". Nothing was imported",
        .0.code, .0.name, .0.fingerprint, .0.code, .0.fingerprint
    )]
    WrongMissionKey(Box<MissionIdentity>),
    #[error(
        "the key of mission {code} that signed this file was revoked on {revoked_on}; its files are refused. Nothing was imported"
    )]
    RevokedMissionKey { code: String, revoked_on: String },
    #[error(
        "this file is signed by an earlier key of mission {code}, replaced on {replaced_on}; its files are refused unless imported before. Ask the mission for a file signed with its current key; if this key must speak for the mission again, compare its fingerprint with the mission by phone and approve it with missions --replace-key \"{code}:FINGERPRINT\". Nothing was imported"
    )]
    ReplacedMissionKey { code: String, replaced_on: String },
    #[error(
        "the file's key rotation statement is not valid ({0}); it was altered or forged. Nothing was imported"
    )]
    BadRotation(String),
    #[error(
        "mission {} ({}) is not known yet; check its key fingerprint {} with the mission, then approve it",
        .0.code, .0.name, .0.fingerprint
    )]
    UnknownMission(Box<MissionIdentity>),
    #[error(
        "the export file comes from a mission not registered here, \"{0}\", whose code is not of the form a new mission must have ({form}); nothing was imported",
        form = crate::domain::codes::MISSION_CODE_FORM
    )]
    NotAMissionCode(String),
    #[error(
        "the export file claims to come from {0}, this commission's own code; a mission never has it"
    )]
    CommissionCode(String),
    #[error(
        "the file is {size_mib} MiB, more than the {limit_mib} MiB this vault accepts; if it is a genuine export, raise the limit with import --max-size MIB"
    )]
    TooLarge { size_mib: u64, limit_mib: u64 },
    #[error("line {line} of the export file is not a valid record: {message}")]
    InvalidRecord { line: u64, message: String },
    #[error(
        "case {reference} is too large to export ({bytes} bytes; an import reads at most {max} a case); open it, shorten its longest texts or follow-ups, save it, and export again. Nothing was exported",
        max = format::MAX_LINE_BYTES
    )]
    CaseTooLarge { reference: String, bytes: u64 },
    #[error(
        "case {reference} would be refused by the commission once redacted ({problems}); open it, correct what is named, save it, and export again. Nothing was exported"
    )]
    RedactedCaseRefused { reference: String, problems: String },
    #[error("the file changed while it was being imported; nothing was written")]
    ChangedDuringImport,
    #[error("cancelled; nothing was written")]
    Cancelled,
    #[error(
        "the commission's public key is not stored in this vault; add it in Settings or with set-commission-key"
    )]
    NoCommissionKey,
    #[error("{} already exists; choose another name (an export that was not yet delivered would be lost)", .0.display())]
    FileExists(std::path::PathBuf),
    #[error(
        "the identity backup cannot be opened: wrong passphrase or not a Casebook identity backup"
    )]
    NotAnIdentityBackup,
    #[error(
        "no export of mission {0} was imported here; a reply goes only to a mission whose exports the commission holds"
    )]
    NoSuchMission(String),
    #[error(
        "the exports of mission {0} imported so far carry no reply key (they were made by an older Casebook); import an export the mission makes with this version, then reply"
    )]
    NoReplyKey(String),
    #[error(
        "the key of mission {code} was revoked on {on}; a reply would go to the key that was revoked. Approve the mission's new key (missions --replace-key) and import an export it signs, then reply"
    )]
    ReplyKeyRevoked { code: String, on: String },
    #[error(
        "the key of mission {code} was replaced on {on}, and no export signed by its new key was imported yet; a reply goes only to the address the approved key gives. Import an export of the new key, then reply"
    )]
    ReplyKeyReplaced { code: String, on: String },
    #[error("not a Casebook reply file; nothing was changed")]
    NotAReply,
    #[error("this reply is not for this mission ({0}); nothing was changed")]
    ReplyForAnotherMission(String),
    #[error(
        "this reply is not signed by the commission's key stored here: it was altered, or comes from elsewhere; nothing was changed"
    )]
    ReplyBadSignature,
    #[error("the reply file is damaged or incomplete ({0}); nothing was changed")]
    ReplyDamaged(String),
    #[error(
        "the reply was made by a newer version of Casebook (reply format {0}); install the newer version. Nothing was changed"
    )]
    ReplyNewerFormat(u32),
    #[error(
        "the commission key stored here is the older kind, without the key that signs replies; load the commission's new key file with set-commission-key FILE --replace --fingerprint FINGERPRINT (after comparing its fingerprint by phone)"
    )]
    NoCommissionSigningKey,
    #[error(
        "the signing key was rotated and no backup holds the new key yet; write a backup first (Settings → Backup in the window, or backup --out FILE), then export"
    )]
    SigningKeyUnbacked,
    #[error(
        "the key was rotated (new key {new_fingerprint}) and its backup {} was written, but it could not be confirmed ({cause}); the vault signs no export until another backup is written: write one to another place (Settings → Backup, or backup --out FILE)", backup.display()
    )]
    RotatedBackupUnconfirmed {
        backup: std::path::PathBuf,
        new_fingerprint: String,
        cause: String,
    },
    #[error(
        "the rotation's backup could not be written ({backup}), and the rotation could not be undone ({undo}); the vault signs no export until a backup is written"
    )]
    RotationUndoFailed { backup: String, undo: String },
    #[error("{context}: {cause}")]
    Io {
        context: String,
        cause: Arc<std::io::Error>,
    },
    #[error(transparent)]
    Vault(#[from] vault::Error),
}

impl Error {
    fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        if source.kind() == std::io::ErrorKind::StorageFull {
            return Error::Vault(vault::Error::DiskFull);
        }
        Error::Io {
            context: context.into(),
            cause: Arc::new(source),
        }
    }
}

/// An error while reading decrypted data: age reports a failed chunk as
/// `InvalidData` and a missing end as `UnexpectedEof`.
fn read_error(e: std::io::Error) -> Error {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof => Error::Damaged("the file is truncated".into()),
        std::io::ErrorKind::InvalidData => {
            Error::Damaged("a part of the file fails its integrity check".into())
        }
        _ => Error::io("cannot read the export file", e),
    }
}
