//! Checking and merging export files at the commission.
//!
//! A file is read three times, a line at a time, so that memory stays small
//! whatever its size (and a file larger than the vault's limit is refused
//! before it is read). The first pass only decrypts and hashes: it keeps a
//! hash state and the last two lines, and checks the mission's signature
//! over the manifest and the manifest's digest of everything before it, so
//! that no record of a file the mission did not sign is ever parsed. The
//! second pass checks every record against the case rules and the counts
//! against the manifest, and writes nothing. Only a file that passes both,
//! from a mission whose code and key are approved together, is read a third
//! time and merged in one transaction; the later passes hash the file again
//! and give up if it changed in between.

mod merge;
mod source;
mod tally;
mod trust;

pub use trust::KeyNotice;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::format::{Kind, Manifest};
use super::job::{Cancel, Progress};
use super::keys::key_fingerprint;
use super::{Error, MissionIdentity};
use crate::domain::codes::{MISSION_CODE_FORM, is_mission_code};
use crate::vault::{self, NewMission, Outcome, Receipt, Received, Vault};
use source::Source;

/// Which missions not seen before may be registered by an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Approval {
    /// None: a file from an unknown mission is refused with its fingerprint.
    Nobody,
    /// These missions, each named by its code and its key's fingerprint as
    /// the analyst compared them with the mission (`--approve-new-mission
    /// CODE:FINGERPRINT`, or the import screen's confirmation).
    Missions(Vec<MissionApproval>),
}

impl Approval {
    fn approves(&self, mission: &MissionIdentity) -> bool {
        match self {
            Approval::Nobody => false,
            Approval::Missions(approved) => approved.iter().any(|a| a.approves(mission)),
        }
    }
}

/// One new mission an analyst approved: its code and its key's fingerprint
/// together, so that a key approved for one code does not speak for another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissionApproval {
    code: String,
    /// The fingerprint's 32 hexadecimal digits, in capitals, without spaces.
    fingerprint: String,
}

impl MissionApproval {
    /// Approves the mission a file introduced, as the analyst saw it.
    pub fn of(mission: &MissionIdentity) -> MissionApproval {
        MissionApproval {
            code: mission.code.clone(),
            fingerprint: compact_fingerprint(&key_fingerprint(&mission.public_key)),
        }
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// The fingerprint's 32 hexadecimal digits, in capitals.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn approves(&self, mission: &MissionIdentity) -> bool {
        self.code == mission.code
            && self.fingerprint == compact_fingerprint(&key_fingerprint(&mission.public_key))
    }
}

fn compact_fingerprint(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

/// `CODE:FINGERPRINT`, the fingerprint as printed (spaces optional).
impl std::str::FromStr for MissionApproval {
    type Err = String;

    fn from_str(text: &str) -> Result<MissionApproval, String> {
        let Some((code, fingerprint)) = text.split_once(':') else {
            return Err(format!(
                "\"{text}\" is not CODE:FINGERPRINT; give the mission's code and its key fingerprint as printed, e.g. \"LT-LON:3F2A 91C0 ...\""
            ));
        };
        let code = code.trim();
        if !is_mission_code(code) {
            return Err(format!(
                "\"{code}\" is not a mission code ({MISSION_CODE_FORM})"
            ));
        }
        let compact = compact_fingerprint(fingerprint);
        if compact.len() != 32 || !compact.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "\"{}\" is not a key fingerprint: it has 32 hexadecimal digits, as printed by verify or export",
                fingerprint.trim()
            ));
        }
        Ok(MissionApproval {
            code: code.to_owned(),
            fingerprint: compact,
        })
    }
}

/// Files larger than this are refused unless the vault's limit was raised:
/// a real export holds a few kilobytes per case (100,000 cases make about
/// 300 MB), and the limit bounds the time a file of garbage can take.
pub const DEFAULT_MAX_IMPORT_MIB: u64 = 1024;

/// The vault setting that holds the limit, in MiB.
const MAX_IMPORT_SETTING: &str = "import-max-mib";

/// The largest export file this vault imports or verifies, in MiB.
pub fn max_import_mib(vault: &Vault) -> Result<u64, Error> {
    Ok(vault
        .preference(MAX_IMPORT_SETTING)?
        .and_then(|value| value.parse().ok())
        .filter(|mib| *mib > 0)
        .unwrap_or(DEFAULT_MAX_IMPORT_MIB))
}

/// Sets the largest export file this vault imports, in MiB (audited).
pub fn set_max_import_mib(vault: &mut Vault, mib: u64) -> Result<(), Error> {
    if !(1..=(1 << 20)).contains(&mib) {
        return Err(Error::Vault(vault::Error::InvalidSetting(format!(
            "the import size limit must be between 1 and {} MiB",
            1u64 << 20
        ))));
    }
    vault.set_preference(MAX_IMPORT_SETTING, &mib.to_string())?;
    vault.record_action("import-limit-changed", Some(&format!("{mib} MiB")))?;
    Ok(())
}

/// What a merge did with the items of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MergeCounts {
    pub new: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub erased: u64,
    pub conflicts: u64,
    /// Versions of cases the commission erased itself (past their
    /// erase-after date): nothing stored; its next reply tells the mission.
    pub erased_here: u64,
    /// Withdrawn consents applied: the case is now held redacted.
    pub withdrawn: u64,
    /// Withdrawn consents for cases not held yet: kept until they arrive.
    pub withdrawn_kept: u64,
}

impl MergeCounts {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::New => self.new += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Erased => self.erased += 1,
            Outcome::Conflict => self.conflicts += 1,
            Outcome::ErasedHere => self.erased_here += 1,
            Outcome::Withdrawn => self.withdrawn += 1,
            Outcome::WithdrawnKept => self.withdrawn_kept += 1,
        }
    }
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    pub file: PathBuf,
    pub mission_code: String,
    pub mission_name: String,
    pub sequence: u64,
    pub kind: Kind,
    pub created_at: DateTime<Utc>,
    pub counts: MergeCounts,
    /// Set when the same file was imported before; nothing was done.
    pub duplicate_of: Option<Received>,
    /// Exports of this mission not received yet, as inclusive ranges.
    pub gaps: Vec<(u64, u64)>,
    /// Set when this import registered the mission.
    #[serde(skip)]
    pub new_mission: Option<MissionIdentity>,
    /// What the file did with the mission's keys (a rotation, a retired
    /// key's file taken): the analyst is told.
    pub key_notice: Option<KeyNotice>,
}

/// Whether the mission that signed a file is known to this vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MissionStatus {
    Approved,
    NotYetApproved,
}

/// What `verify` found: the file is what the key in its manifest signed,
/// whether that key is the one approved for the mission, and, once it is,
/// what importing it would do.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    pub manifest: Manifest,
    pub mission: MissionIdentity,
    pub status: MissionStatus,
    /// What importing would do; `None` while the key is not approved, since
    /// the records of a file nobody vouched for are not read.
    pub would: Option<MergeCounts>,
    pub duplicate_of: Option<Received>,
    /// What importing would do with the mission's keys.
    pub key_notice: Option<KeyNotice>,
}

/// Checks a file as `import` would, and says what importing it would do.
/// Writes nothing. A file signed by a key not yet approved is checked as
/// far as `import` checks it before it asks for the approval: its digest
/// and signature, no record.
pub fn verify(
    vault: &Vault,
    file: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<Verification, Error> {
    let mut source = Source::open(vault, file, Cancel::new())?;
    let signed = source.signed(progress)?;
    check_mission_code(vault, &signed.mission.code)?;
    check_epoch(signed.manifest.epoch.as_ref().map(|e| e.id.as_str())).map_err(Error::Damaged)?;
    check_recipient(signed.manifest.mission_recipient.as_deref()).map_err(Error::Damaged)?;
    let (status, key_notice) = match trust::decide(
        vault,
        &signed.manifest,
        &signed.mission,
        &signed.manifest_digest,
    )? {
        trust::Trust::Known(_, notice) => (MissionStatus::Approved, notice),
        trust::Trust::NewMission => (MissionStatus::NotYetApproved, None),
    };
    let duplicate_of = vault.received(&signed.manifest_digest)?;
    if status == MissionStatus::NotYetApproved {
        return Ok(Verification {
            manifest: signed.manifest,
            mission: signed.mission,
            status,
            would: None,
            duplicate_of,
            key_notice,
        });
    }
    let scan = source.scan(signed, progress)?;
    let mut merge = vault.begin_merge(&scan.manifest.mission_code, false)?;
    let would = source.merge(&scan, &mut merge, progress)?;
    Ok(Verification {
        manifest: scan.manifest,
        mission: scan.mission,
        status,
        would: Some(would),
        duplicate_of,
        key_notice,
    })
}

/// Checks a file and merges it into the commission's vault in one
/// transaction. A file imported before changes nothing and says so.
pub fn import(
    vault: &mut Vault,
    file: &Path,
    approval: &Approval,
    progress: &mut dyn FnMut(Progress),
) -> Result<FileReport, Error> {
    import_cancellable(vault, file, approval, &Cancel::new(), progress)
}

/// [`import`], stopped by `cancel` between two lines of any pass or before
/// the merge commits: then it fails with [`Error::Cancelled`], and the
/// merge's transaction is rolled back, leaving the vault as it was.
pub fn import_cancellable(
    vault: &mut Vault,
    file: &Path,
    approval: &Approval,
    cancel: &Cancel,
    progress: &mut dyn FnMut(Progress),
) -> Result<FileReport, Error> {
    let mut source = Source::open(vault, file, cancel.clone())?;
    let signed = source.signed(progress)?;
    check_mission_code(vault, &signed.mission.code)?;
    check_epoch(signed.manifest.epoch.as_ref().map(|e| e.id.as_str())).map_err(Error::Damaged)?;
    check_recipient(signed.manifest.mission_recipient.as_deref()).map_err(Error::Damaged)?;
    let (new_mission, key_change, key_notice) = match trust::decide(
        vault,
        &signed.manifest,
        &signed.mission,
        &signed.manifest_digest,
    )? {
        trust::Trust::Known(change, notice) => (None, change, notice),
        trust::Trust::NewMission => {
            if !approval.approves(&signed.mission) {
                return Err(Error::UnknownMission(Box::new(signed.mission)));
            }
            (
                Some(signed.mission.clone()),
                vault::KeyChange::default(),
                None,
            )
        }
    };
    let scan = source.scan(signed, progress)?;
    let manifest = &scan.manifest;
    let mut report = FileReport {
        file: file.to_path_buf(),
        mission_code: manifest.mission_code.clone(),
        mission_name: manifest.mission_name.clone(),
        sequence: manifest.sequence,
        kind: manifest.kind,
        created_at: manifest.created_at,
        counts: MergeCounts::default(),
        duplicate_of: vault.received(&scan.manifest_digest)?,
        gaps: Vec::new(),
        new_mission: None,
        key_notice,
    };
    if report.duplicate_of.is_none() {
        let mut merge = vault.begin_merge(&manifest.mission_code, true)?;
        report.counts = source.merge(&scan, &mut merge, progress)?;
        let counts = report.counts;
        let created_at = manifest.created_at.to_rfc3339();
        // Dropping the merge rolls it back.
        cancel.check()?;
        merge.commit(&Receipt {
            digest: scan.manifest_digest,
            sequence: manifest.sequence,
            kind: manifest.kind.as_str(),
            created_at: &created_at,
            epoch: manifest.epoch.as_ref(),
            counts: serde_json::json!({
                "cases": manifest.counts.cases,
                "redacted": manifest.counts.redacted,
                "tombstones": manifest.counts.tombstones,
                "new": counts.new,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "erased": counts.erased,
                "conflicts": counts.conflicts,
                "erased_here": counts.erased_here,
                "withdrawals": manifest.counts.withdrawals,
                "withdrawn": counts.withdrawn,
            })
            .to_string(),
            recipient: manifest
                .mission_recipient
                .as_deref()
                .map(|recipient| (manifest.mission_id.as_str(), recipient)),
            signer: &scan.mission.public_key,
            vault_id: &manifest.mission_id,
            summary: format!(
                "export {} ({}): {} new, {} updated, {} unchanged, {} erased, {} conflicts, \
                 {} to cases erased here, {} consents withdrawn",
                manifest.sequence,
                manifest.kind.as_str(),
                counts.new,
                counts.updated,
                counts.unchanged,
                counts.erased,
                counts.conflicts,
                counts.erased_here,
                counts.withdrawn
            ),
            new_mission: new_mission.as_ref().map(|m| NewMission {
                code: &m.code,
                name: &m.name,
                vault_id: &manifest.mission_id,
                public_key: m.public_key,
            }),
            key_change: (!key_change.is_empty()).then_some(&key_change),
        })?;
        report.new_mission = new_mission;
    }
    report.gaps = vault.sequence_gaps(&manifest.mission_code)?;
    Ok(report)
}

/// A file must not name its mission by the commission's own code, and a
/// mission not registered yet must have a code of the form Casebook now
/// gives them. A mission registered before that form was required keeps
/// the code it has (`LT-LON-2`, `LTLON`): its files still import.
fn check_mission_code(vault: &Vault, code: &str) -> Result<(), Error> {
    if code == vault.info().mission_code {
        return Err(Error::CommissionCode(code.to_owned()));
    }
    if !is_mission_code(code) && vault.mission(code)?.is_none() {
        return Err(Error::NotAMissionCode(code.to_owned()));
    }
    Ok(())
}

/// A restore epoch in a file must have the form the mission's vault gives
/// it (`vault::is_epoch_id`).
fn check_epoch(epoch: Option<&str>) -> Result<(), String> {
    match epoch {
        Some(id) if !vault::is_epoch_id(id) => Err(format!(
            "the restore epoch {:?} is not of the form 20261130T054512Z-KXQR",
            id.chars().take(40).collect::<String>()
        )),
        _ => Ok(()),
    }
}

/// A mission's reply recipient in a file must be an age X25519 recipient.
fn check_recipient(recipient: Option<&str>) -> Result<(), String> {
    match recipient {
        Some(text) if <age::x25519::Recipient as std::str::FromStr>::from_str(text).is_err() => {
            Err("the mission's reply key is not an age recipient".into())
        }
        _ => Ok(()),
    }
}
