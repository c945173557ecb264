//! The plaintext inside an export file (docs/export-format.md): UTF-8 JSON
//! lines, each ending in `\n`.
//!
//! ```text
//! {"format":"casebook-export","version":1}     opening line
//! {"case":{...}}  or  {"tombstone":{...}}      body, one line per item
//!   or  {"withdrawal":{...}} (version 4)
//! {"manifest":{...}}                           counts, digest of all lines above
//! {"signature":"<hex>"}                        Ed25519 over the manifest line
//! ```

use std::io::{BufRead, Read};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Error;
use super::rotation::KeyRotation;
use crate::domain::{Case, RecordMeta};
use crate::vault::{ConsentWithdrawal, RestoreEpoch, Tombstone};

pub const FORMAT: &str = "casebook-export";
/// The newest format version this build reads and writes (it reads 1 as
/// well). 2 adds the restore epoch (`RecordMeta::epoch`, `Manifest::epoch`,
/// only in a file of a vault that was restored) and, for a redacted case,
/// `redacted`, `person.age_at_first_contact` and dates cut to their month
/// (a referral's organisation may then be omitted). 3 adds the mission's
/// age recipient (`Manifest::mission_recipient`), which the commission's
/// replies are encrypted to, and the mission's key rotation statements
/// (`Manifest::key_rotations`, empty unless it rotated its signing key).
/// 4 adds withdrawn consents (`Line::Withdrawal`, `Counts::withdrawals`):
/// a file is written as version 4 only when it carries one, so that a
/// commission that reads 3 takes every other file and refuses this one
/// as newer rather than skip the instruction.
pub const VERSION: u32 = 4;

/// The version of a file that carries no withdrawn consent.
pub const VERSION_WITHOUT_WITHDRAWALS: u32 = 3;

/// No line of a genuine export is longer (validation keeps every case below
/// it, `domain::limits`); a longer one is refused before it is held in
/// memory, and an export refuses to write one.
pub const MAX_LINE_BYTES: u64 = crate::domain::limits::MAX_EXPORT_LINE_BYTES as u64;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    pub format: String,
    pub version: u32,
}

/// Full export or only what changed since the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Full,
    Incremental,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Full => "full",
            Kind::Incremental => "incremental",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub cases: u64,
    /// Of the cases, how many travel without identifying data.
    pub redacted: u64,
    pub tombstones: u64,
    /// Withdrawn consents (format 4; absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub withdrawals: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What a file says about itself; signed by the mission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    /// The random id of the mission's vault.
    pub mission_id: String,
    pub mission_code: String,
    pub mission_name: String,
    /// The mission's Ed25519 public key, hex.
    pub mission_key: String,
    /// The mission's age recipient (`age1...`), which the commission's
    /// replies are encrypted to (format 3; absent in older files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mission_recipient: Option<String>,
    pub sequence: u64,
    pub kind: Kind,
    /// The mission's restore epoch, once its vault was restored from a
    /// backup: sequence numbers count on from its `after_sequence`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<RestoreEpoch>,
    /// The mission's key rotation statements, oldest first (format 3): the
    /// commission follows them from the key it approved to the key that
    /// signed this file (`rotation.rs`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_rotations: Vec<KeyRotation>,
    pub created_at: DateTime<Utc>,
    pub app_version: String,
    pub counts: Counts,
    /// SHA-256, hex, of every byte before the manifest line.
    pub body_sha256: String,
}

/// One case as it travels: its metadata, whether it was redacted, and its
/// content.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedCase {
    pub meta: RecordMeta,
    pub redacted: bool,
    pub case: Case,
}

/// A line after the opening one.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Line {
    Case(Box<ExportedCase>),
    Tombstone(Tombstone),
    /// A withdrawn consent for a stub (format 4): an instruction to redact
    /// what the commission holds of the case, never a record.
    Withdrawal(ConsentWithdrawal),
    Manifest(Box<Manifest>),
    Signature(String),
}

/// Reads the next line (with its `\n`) into `buf`; false at the end.
pub fn next_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> Result<bool, Error> {
    buf.clear();
    let n = reader
        .by_ref()
        .take(MAX_LINE_BYTES + 1)
        .read_until(b'\n', buf)
        .map_err(super::read_error)?;
    if n == 0 {
        return Ok(false);
    }
    if buf.last() != Some(&b'\n') {
        return Err(if n as u64 > MAX_LINE_BYTES {
            Error::Damaged("a line is longer than any export holds".into())
        } else {
            Error::Damaged("the last line is incomplete".into())
        });
    }
    Ok(true)
}

/// Reads a line as far as `T` goes, borrowing from it; `None` for a line
/// that is not one (without naming the fault: for a shortcut, whose
/// failure leads to [`parse`]).
pub fn read_borrowed<'a, T: serde::Deserialize<'a>>(line: &'a [u8]) -> Option<T> {
    serde_json::from_str(std::str::from_utf8(line).ok()?).ok()
}

/// Parses a line, naming the field at fault (`case.case.person.gender: ...`).
/// A line is read without tracking the path first, which is twice as fast;
/// only a line that fails is read again to name the field. The line is
/// checked to be UTF-8 once, as a whole, rather than string by string.
pub fn parse<T: serde::de::DeserializeOwned>(line: &[u8]) -> Result<T, String> {
    let line = std::str::from_utf8(line)
        .map_err(|e| format!("the line is not UTF-8 text after byte {}", e.valid_up_to()))?;
    if let Ok(value) = serde_json::from_str(line) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_str(line);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.into_inner().to_string()
        } else {
            format!("{path}: {}", e.into_inner())
        }
    })?;
    deserializer.end().map_err(|e| e.to_string())?;
    Ok(value)
}
