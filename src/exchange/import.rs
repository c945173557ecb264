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

use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Days, NaiveDate, Utc};
use ed25519_dalek::{Signature, VerifyingKey};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::format::{self, ExportedCase, Kind, Line, Manifest, Opening};
use super::keys::{commission_identity, key_fingerprint};
use super::pipe::{Pipe, ReadAhead};
use super::{Error, MissionIdentity, read_error};
use crate::domain::codes::{MISSION_CODE_FORM, is_mission_code};
use crate::domain::{CaseId, CaseRecord, validate_received};
use crate::vault::{self, NewMission, Outcome, Receipt, Received, Tombstone, Vault};

/// How far a long operation has come, in units of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

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
}

impl MergeCounts {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::New => self.new += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Erased => self.erased += 1,
            Outcome::Conflict => self.conflicts += 1,
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
    let mut source = Source::open(vault, file)?;
    let signed = source.signed(progress)?;
    check_mission_code(vault, &signed.mission.code)?;
    check_epoch(signed.manifest.epoch.as_ref().map(|e| e.id.as_str())).map_err(Error::Damaged)?;
    let status = mission_status(vault, &signed.mission)?;
    let duplicate_of = vault.received(&signed.manifest_digest)?;
    if status == MissionStatus::NotYetApproved {
        return Ok(Verification {
            manifest: signed.manifest,
            mission: signed.mission,
            status,
            would: None,
            duplicate_of,
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
    let mut source = Source::open(vault, file)?;
    let signed = source.signed(progress)?;
    check_mission_code(vault, &signed.mission.code)?;
    check_epoch(signed.manifest.epoch.as_ref().map(|e| e.id.as_str())).map_err(Error::Damaged)?;
    let new_mission = match mission_status(vault, &signed.mission)? {
        MissionStatus::Approved => None,
        MissionStatus::NotYetApproved => {
            if !approval.approves(&signed.mission) {
                return Err(Error::UnknownMission(Box::new(signed.mission)));
            }
            Some(signed.mission.clone())
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
    };
    if report.duplicate_of.is_none() {
        let mut merge = vault.begin_merge(&manifest.mission_code, true)?;
        report.counts = source.merge(&scan, &mut merge, progress)?;
        let counts = report.counts;
        let created_at = manifest.created_at.to_rfc3339();
        merge.commit(&Receipt {
            digest: scan.manifest_digest,
            sequence: manifest.sequence,
            kind: manifest.kind.as_str(),
            created_at: &created_at,
            epoch: manifest.epoch.as_ref(),
            summary: format!(
                "export {} ({}): {} new, {} updated, {} unchanged, {} erased, {} conflicts",
                manifest.sequence,
                manifest.kind.as_str(),
                counts.new,
                counts.updated,
                counts.unchanged,
                counts.erased,
                counts.conflicts
            ),
            new_mission: new_mission.as_ref().map(|m| NewMission {
                code: &m.code,
                name: &m.name,
                vault_id: &manifest.mission_id,
                public_key: m.public_key,
            }),
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

fn mission_status(vault: &Vault, mission: &MissionIdentity) -> Result<MissionStatus, Error> {
    match vault.mission(&mission.code)? {
        Some(known) if known.public_key == mission.public_key => Ok(MissionStatus::Approved),
        Some(_) => Err(Error::WrongMissionKey(mission.code.clone())),
        None => Ok(MissionStatus::NotYetApproved),
    }
}

/// What the first pass established: the file is what the key named in its
/// manifest signed.
struct Signed {
    manifest: Manifest,
    /// SHA-256 of the manifest line: the file's identity.
    manifest_digest: [u8; 32],
    mission: MissionIdentity,
    /// The number of the last line (the signature).
    lines: u64,
}

/// What the first two passes established about a file.
struct Scan {
    manifest: Manifest,
    /// SHA-256 of the manifest line: the file's identity.
    manifest_digest: [u8; 32],
    mission: MissionIdentity,
}

/// An export file being read: the file, the commission's identity, and how
/// many bytes of it were read so far (for progress).
struct Source {
    file: File,
    identity: age::x25519::Identity,
    size: u64,
    read: Arc<AtomicU64>,
    passes: u64,
}

impl Source {
    fn open(vault: &Vault, path: &Path) -> Result<Source, Error> {
        let identity = commission_identity(vault)?;
        let file = File::open(path)
            .map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
        let metadata = file
            .metadata()
            .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
        // A pipe or a device has no size to check, and cannot be read again.
        if !metadata.is_file() {
            return Err(Error::io(
                format!("cannot import {}", path.display()),
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "it is not a regular file"),
            ));
        }
        let size = metadata.len();
        let limit_mib = max_import_mib(vault)?;
        if size > limit_mib << 20 {
            return Err(Error::TooLarge {
                size_mib: size.div_ceil(1 << 20),
                limit_mib,
            });
        }
        Ok(Source {
            file,
            identity,
            size,
            read: Arc::new(AtomicU64::new(0)),
            passes: 0,
        })
    }

    /// The file from its start, as far as it reached when its size was
    /// checked against the limit at open: a file that grows afterwards
    /// (something still writing it) cannot take a pass past the limit.
    fn bytes_checked(&self) -> Result<std::io::Take<File>, Error> {
        let mut file = self
            .file
            .try_clone()
            .map_err(|e| Error::io("cannot read the export file", e))?;
        file.rewind()
            .map_err(|e| Error::io("cannot read the export file", e))?;
        Ok(file.take(self.size))
    }

    /// Decrypts the file from its start.
    fn plaintext(&mut self) -> Result<impl BufRead + use<>, Error> {
        let file = self.bytes_checked()?;
        self.read.store(0, Ordering::Relaxed);
        self.passes += 1;
        let counted = Counted {
            inner: BufReader::with_capacity(1 << 16, file),
            read: Arc::clone(&self.read),
        };
        let decryptor = age::Decryptor::new_buffered(counted).map_err(|e| match e {
            age::DecryptError::InvalidMac => {
                Error::Damaged("the file's header fails its integrity check".into())
            }
            _ => Error::NotAnExport,
        })?;
        if decryptor.is_scrypt() {
            return Err(Error::NotAnExport);
        }
        let stream = decryptor
            .decrypt(std::iter::once(&self.identity as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys => Error::NotForThisCommission,
                age::DecryptError::Io(e) => read_error(e),
                _ => Error::Damaged("the file's header fails its integrity check".into()),
            })?;
        Ok(ReadAhead::new(stream))
    }

    fn progress(&self, progress: &mut dyn FnMut(Progress)) {
        let before = (self.passes - 1) * self.size;
        progress(Progress {
            done: before + self.read.load(Ordering::Relaxed).min(self.size),
            total: PASSES * self.size,
        });
    }

    /// The first pass: the signature and the digest, before any record is
    /// parsed. It holds a hash state, the last two lines (each at most
    /// [`format::MAX_LINE_BYTES`]) and where the first two lines that open
    /// like a manifest or a signature are, nothing that grows with the file.
    fn signed(&mut self, progress: &mut dyn FnMut(Progress)) -> Result<Signed, Error> {
        let mut reader = self.plaintext()?;
        let mut line = Zeroizing::new(Vec::new());
        // Hashed on a second thread, beside the decryption.
        let mut digest = Pipe::new(std::io::sink());
        let opening = read_opening(&mut reader, &mut line)?;
        digest.append(&line)?;
        let mut held: VecDeque<Zeroizing<Vec<u8>>> = VecDeque::with_capacity(3);
        let mut structure: Vec<(u64, Structure)> = Vec::with_capacity(4);
        let mut number = 1u64;
        while format::next_line(&mut reader, &mut line)? {
            number += 1;
            if number.is_multiple_of(1000) {
                self.progress(progress);
            }
            held.push_back(std::mem::replace(&mut line, Zeroizing::new(Vec::new())));
            if held.len() > 2
                && let Some(out) = held.pop_front()
            {
                digest.append(&out)?;
                if structure.len() < 2
                    && let Some(kind) = Structure::opening(&out)
                {
                    structure.push((number - 2, kind));
                }
                line = out;
            }
        }
        let body_digest = hex::encode(digest.finish()?.1);
        self.progress(progress);

        // The held-back lines, which must be the manifest and its signature;
        // read without parsing any record they may be instead.
        let held_from = number + 1 - held.len() as u64;
        let ending: Vec<Option<Ending>> = held
            .iter()
            .map(|line| format::parse::<Ending>(line).ok())
            .collect();
        for (at, parsed) in (held_from..).zip(&ending) {
            match parsed {
                Some(Ending::Manifest(_)) => structure.push((at, Structure::Manifest)),
                Some(Ending::Signature(_)) => structure.push((at, Structure::Signature)),
                _ => {}
            }
        }
        check_structure(&structure, number)?;
        let mut ending = ending.into_iter();
        let (
            Some(Some(Ending::Manifest(manifest))),
            Some(Some(Ending::Signature(signature))),
            Some(manifest_line),
        ) = (ending.next(), ending.next(), held.front())
        else {
            return Err(Error::ManifestMismatch(
                "the manifest cannot be read".into(),
            ));
        };
        let manifest_line = &manifest_line[..manifest_line.len() - 1];
        let mission_key = check_signature(&manifest, manifest_line, &signature)?;
        if manifest.format != opening.format || manifest.version != opening.version {
            return Err(Error::ManifestMismatch(
                "the format differs from the opening line".into(),
            ));
        }
        if manifest.body_sha256 != body_digest {
            return Err(Error::ManifestMismatch(
                "the digest of the records differs".into(),
            ));
        }
        Ok(Signed {
            mission: MissionIdentity {
                code: manifest.mission_code.clone(),
                name: manifest.mission_name.clone(),
                fingerprint: key_fingerprint(&mission_key),
                public_key: mission_key,
            },
            manifest_digest: Sha256::digest(manifest_line).into(),
            manifest: *manifest,
            lines: number,
        })
    }

    /// The second pass, over a file whose signature the first one checked:
    /// every record against the case rules, the counts against the
    /// manifest. Keeps only counts and digests.
    fn scan(&mut self, signed: Signed, progress: &mut dyn FnMut(Progress)) -> Result<Scan, Error> {
        let mut reader = self.plaintext()?;
        let mut line = Zeroizing::new(Vec::new());
        // Hashed on a second thread, beside the parsing.
        let mut digest = Pipe::new(std::io::sink());
        read_opening(&mut reader, &mut line)?;
        digest.append(&line)?;
        let Checked {
            tally: mut total,
            held,
            last_line: lines,
        } = self.check_lines(
            &mut reader,
            &mut digest,
            &signed.manifest.mission_code,
            progress,
        )?;
        let body_digest = hex::encode(digest.finish()?.1);
        self.progress(progress);

        // The lines read now must be the ones whose signature was checked.
        let manifest_digest = held
            .front()
            .map(|line| <[u8; 32]>::from(Sha256::digest(&line[..line.len() - 1])));
        if lines != signed.lines
            || manifest_digest != Some(signed.manifest_digest)
            || body_digest != signed.manifest.body_sha256
        {
            return Err(Error::ChangedDuringImport);
        }
        // A manifest or a signature among the records, which the first pass
        // knew only by how their lines open.
        if !total.structure.is_empty() {
            total.structure.extend([
                (lines - 1, Structure::Manifest),
                (lines, Structure::Signature),
            ]);
            check_structure(&total.structure, lines)?;
        }
        let manifest = signed.manifest;
        // The records are what the mission signed; a bad one is the reason.
        if let Some(invalid) = total.first_invalid {
            return Err(invalid);
        }
        if manifest.counts != total.counts {
            let describe = |c: &format::Counts| {
                format!(
                    "{} cases ({} redacted) and {} erasures",
                    c.cases, c.redacted, c.tombstones
                )
            };
            return Err(Error::ManifestMismatch(format!(
                "it announces {}, the file holds {}",
                describe(&manifest.counts),
                describe(&total.counts)
            )));
        }
        if let Some(stray) = total.stray {
            return Err(Error::InvalidRecord {
                line: stray.line,
                message: stray.to_string(),
            });
        }
        Ok(Scan {
            mission: signed.mission,
            manifest_digest: signed.manifest_digest,
            manifest,
        })
    }

    /// Checks every line after the opening one in batches, by as many
    /// threads as the machine has cores (parsing and validating the records
    /// is most of the first pass), and adds their tallies up in file order.
    /// The last two lines, which must be the manifest and its signature, are
    /// held back from the batches and the digest, and returned with the
    /// number of the last line; a file whose manifest is elsewhere is
    /// refused by [`check_structure`], whatever its digest.
    fn check_lines(
        &self,
        reader: &mut impl BufRead,
        digest: &mut Pipe<std::io::Sink>,
        mission: &str,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Checked, Error> {
        let today = Utc::now()
            .date_naive()
            .checked_add_days(Days::new(1))
            .unwrap_or(NaiveDate::MAX);
        let checkers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        std::thread::scope(|scope| {
            let (work, queue) = sync_channel::<Batch>(2 * checkers);
            let queue = Arc::new(Mutex::new(queue));
            let (done, tallies) = channel::<(u64, Tally)>();
            for _ in 0..checkers {
                let queue = Arc::clone(&queue);
                let done = done.clone();
                scope.spawn(move || {
                    let next = || queue.lock().ok()?.recv().ok();
                    while let Some(batch) = next() {
                        let mut tally = Tally::default();
                        let lines = batch.lines.split_inclusive(|&b| b == b'\n');
                        for (number, line) in (batch.first_line..).zip(lines) {
                            tally.check(number, line, mission, today);
                        }
                        if done.send((batch.first_line, tally)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done);

            // Tallies are added up as they arrive, in file order; those
            // that come early wait for the ones before them.
            let mut total = Tally::default();
            let mut sent: VecDeque<u64> = VecDeque::new();
            let mut early: BTreeMap<u64, Tally> = BTreeMap::new();
            let mut fold = |(first_line, tally): (u64, Tally), sent: &mut VecDeque<u64>| {
                early.insert(first_line, tally);
                while let Some(next) = sent.front()
                    && let Some(tally) = early.remove(next)
                {
                    total.add(tally);
                    sent.pop_front();
                }
            };
            let mut line = Zeroizing::new(Vec::new());
            let mut held: VecDeque<Zeroizing<Vec<u8>>> = VecDeque::with_capacity(3);
            let mut batch = Batch::starting_at(2);
            let mut number = 1u64;
            while format::next_line(reader, &mut line)? {
                number += 1;
                if number.is_multiple_of(1000) {
                    self.progress(progress);
                }
                held.push_back(std::mem::replace(&mut line, Zeroizing::new(Vec::new())));
                if held.len() > 2
                    && let Some(out) = held.pop_front()
                {
                    digest.append(&out)?;
                    batch.lines.extend_from_slice(&out);
                    line = out;
                    if batch.lines.len() >= CHECK_BATCH_BYTES {
                        let next = Batch::starting_at(number - 1);
                        sent.push_back(batch.first_line);
                        if work.send(std::mem::replace(&mut batch, next)).is_err() {
                            break;
                        }
                        while let Ok(done) = tallies.try_recv() {
                            fold(done, &mut sent);
                        }
                    }
                }
            }
            if !batch.lines.is_empty() {
                sent.push_back(batch.first_line);
                let _ = work.send(batch);
            }
            drop(work);
            for done in tallies.iter() {
                fold(done, &mut sent);
            }
            Ok(Checked {
                tally: total,
                held,
                last_line: number,
            })
        })
    }

    /// The second pass: merges every item, then checks that the file read
    /// is the file checked. The caller commits.
    ///
    /// A case line as the vault holds it is unchanged, known from its
    /// metadata and the raw text of its record without building the record
    /// (the first pass checked it in full). Every other case line is parsed,
    /// and its rows' text built, on a second thread while this one writes
    /// the cases before it; they are merged in file order, and a line whose
    /// case is still on its way waits for it, so that every decision sees
    /// what the lines before it did.
    fn merge(
        &mut self,
        scan: &Scan,
        merge: &mut vault::Merge<'_>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<MergeCounts, Error> {
        let mut reader = self.plaintext()?;
        std::thread::scope(|scope| {
            let (send_read, read) = sync_channel::<ReadLine>(READ_AHEAD);
            scope.spawn(move || {
                if let Err(e) = read_lines(&mut reader, &send_read) {
                    let _ = send_read.send(ReadLine::Failed(e));
                }
            });
            let (to_parse, lines) = sync_channel::<Zeroizing<Vec<u8>>>(PARSED_AHEAD);
            let (send_parsed, parsed) = channel::<Option<Parsed>>();
            scope.spawn(move || {
                for line in lines {
                    let parsed = match format::parse::<Line>(&line) {
                        Ok(Line::Case(exported)) => {
                            let ExportedCase { meta, case, .. } = *exported;
                            let record = CaseRecord { meta, case };
                            let text = vault::RowText::of(&record);
                            Some((record, text))
                        }
                        _ => None,
                    };
                    if send_parsed.send(parsed).is_err() {
                        break;
                    }
                }
            });
            let mut parsing = Parsing {
                to_parse,
                parsed,
                ids: VecDeque::with_capacity(PARSED_AHEAD),
                counts: MergeCounts::default(),
            };
            for (number, item) in read.into_iter().enumerate() {
                if number.is_multiple_of(1000) {
                    self.progress(progress);
                }
                match item {
                    ReadLine::Case { line, meta, case } => {
                        while parsing.ids.contains(&meta.id) {
                            parsing.merge_next(merge)?;
                        }
                        let stored_as_is = std::str::from_utf8(&line[case])
                            .map_or(Ok(false), |case| merge.same_as_stored(&meta, case))?;
                        if stored_as_is {
                            parsing.counts.add(vault::Outcome::Unchanged);
                        } else {
                            parsing.send(meta.id, line, merge)?;
                        }
                    }
                    // Not a case: everything before it is merged first.
                    ReadLine::Tombstone(tombstone) => {
                        parsing.merge_all(merge)?;
                        parsing.counts.add(merge.tombstone(&tombstone)?);
                    }
                    ReadLine::Manifest { line, body } => {
                        parsing.merge_all(merge)?;
                        let manifest_digest: [u8; 32] =
                            Sha256::digest(&line[..line.len() - 1]).into();
                        if manifest_digest != scan.manifest_digest
                            || hex::encode(body) != scan.manifest.body_sha256
                        {
                            return Err(Error::ChangedDuringImport);
                        }
                        self.progress(progress);
                        return Ok(parsing.counts);
                    }
                    // A line the first pass read as a case or a tombstone and
                    // this one cannot: the file changed in between.
                    ReadLine::Unexpected => return Err(Error::ChangedDuringImport),
                    ReadLine::Failed(e) => return Err(e),
                }
            }
            // The lines ended before the manifest.
            Err(Error::ChangedDuringImport)
        })
    }
}

/// A line of the second pass, as the reading thread hands it over.
enum ReadLine {
    /// A case line, with its metadata and where its record's text is.
    Case {
        line: Zeroizing<Vec<u8>>,
        meta: crate::domain::RecordMeta,
        case: std::ops::Range<usize>,
    },
    /// The manifest line, with the digest of every line before it.
    Manifest {
        line: Zeroizing<Vec<u8>>,
        body: [u8; 32],
    },
    /// A tombstone line.
    Tombstone(Tombstone),
    /// A line that is none of these.
    Unexpected,
    /// The file could not be read further.
    Failed(Error),
}

/// How many times a file is read: signature, records, merge.
const PASSES: u64 = 3;

/// The last two lines of a file as the first pass reads them: a case or an
/// erasure is only recognised, not parsed.
#[derive(serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Ending {
    Case(serde::de::IgnoredAny),
    Tombstone(serde::de::IgnoredAny),
    Manifest(Box<Manifest>),
    Signature(String),
}

/// How many lines the reading thread may read ahead of the merging.
const READ_AHEAD: usize = 256;

/// The second pass's reading thread: reads the lines, hashes them (on a
/// thread of its own) and reads each case line's metadata, so that the
/// merging thread only decides and writes.
fn read_lines(reader: &mut impl BufRead, send: &SyncSender<ReadLine>) -> Result<(), Error> {
    let mut digest = Pipe::new(std::io::sink());
    let mut line = Zeroizing::new(Vec::new());
    read_opening(reader, &mut line)?;
    digest.append(&line)?;
    loop {
        let mut line = Zeroizing::new(Vec::with_capacity(4096));
        if !format::next_line(reader, &mut line)? {
            return Err(Error::ChangedDuringImport);
        }
        let read = if let Some(raw) = format::read_borrowed::<RawCaseLine<'_>>(&line) {
            let text = raw.case.case.get();
            let start = text.as_ptr() as usize - line.as_ptr() as usize;
            let case = start..start + text.len();
            let meta = raw.case.meta;
            digest.append(&line)?;
            ReadLine::Case { line, meta, case }
        } else {
            match format::parse::<Line>(&line) {
                Ok(Line::Manifest(_)) => ReadLine::Manifest {
                    body: digest.finish()?.1,
                    line,
                },
                Ok(Line::Tombstone(tombstone)) => {
                    digest.append(&line)?;
                    ReadLine::Tombstone(tombstone)
                }
                _ => ReadLine::Unexpected,
            }
        };
        let last = matches!(read, ReadLine::Manifest { .. } | ReadLine::Unexpected);
        if send.send(read).is_err() || last {
            return Ok(());
        }
    }
}

/// How many case lines may be on their way through the parsing thread.
const PARSED_AHEAD: usize = 64;

/// A case parsed, with what its rows will hold besides its columns (built
/// on the parsing thread too).
type Parsed = (CaseRecord, Result<vault::RowText, vault::Error>);

/// The second pass's case lines being parsed on another thread, in order.
struct Parsing {
    to_parse: SyncSender<Zeroizing<Vec<u8>>>,
    parsed: Receiver<Option<Parsed>>,
    /// The cases on their way, in file order.
    ids: VecDeque<CaseId>,
    counts: MergeCounts,
}

impl Parsing {
    /// Hands a case line over; merges the oldest parsed case first when
    /// enough are on their way.
    fn send(
        &mut self,
        id: CaseId,
        line: Zeroizing<Vec<u8>>,
        merge: &mut vault::Merge<'_>,
    ) -> Result<(), Error> {
        if self.ids.len() >= PARSED_AHEAD {
            self.merge_next(merge)?;
        }
        self.to_parse
            .send(line)
            .map_err(|_| Error::ChangedDuringImport)?;
        self.ids.push_back(id);
        Ok(())
    }

    /// Merges every case on its way.
    fn merge_all(&mut self, merge: &mut vault::Merge<'_>) -> Result<(), Error> {
        while !self.ids.is_empty() {
            self.merge_next(merge)?;
        }
        Ok(())
    }

    /// Merges the oldest case on its way, waiting for it to be parsed.
    fn merge_next(&mut self, merge: &mut vault::Merge<'_>) -> Result<(), Error> {
        self.ids.pop_front();
        // A line the first pass read as a case and this one cannot: the file
        // changed in between (the digest would say so at the end).
        let (record, text) = self
            .parsed
            .recv()
            .ok()
            .flatten()
            .ok_or(Error::ChangedDuringImport)?;
        self.counts.add(merge.case(&record, &text?)?);
        Ok(())
    }
}

/// A case line read only as far as deciding whether it is the version
/// stored: its metadata, and its record as the text it is.
#[derive(serde::Deserialize)]
struct RawCaseLine<'a> {
    #[serde(borrow)]
    case: RawCase<'a>,
}

#[derive(serde::Deserialize)]
struct RawCase<'a> {
    meta: crate::domain::RecordMeta,
    #[serde(borrow)]
    case: &'a serde_json::value::RawValue,
}

fn read_opening(reader: &mut impl BufRead, line: &mut Vec<u8>) -> Result<Opening, Error> {
    if !format::next_line(reader, line)? {
        return Err(Error::NotAnExport);
    }
    let opening: Opening = format::parse(line).map_err(|_| Error::NotAnExport)?;
    if opening.format != format::FORMAT || opening.version == 0 {
        return Err(Error::NotAnExport);
    }
    if opening.version > format::VERSION {
        return Err(Error::NewerFormat(opening.version));
    }
    Ok(opening)
}

/// Where the manifests and signatures of a file are (`structure`, by line
/// number) must be where a file has them: its last two lines, `lines` being
/// the number of the last.
fn check_structure(structure: &[(u64, Structure)], lines: u64) -> Result<(), Error> {
    match structure.first() {
        None => Err(Error::Damaged("the file ends before its manifest".into())),
        Some((_, Structure::Signature)) => Err(Error::ManifestMismatch(
            "the signature comes before the manifest".into(),
        )),
        Some((at, Structure::Manifest)) if *at == lines => {
            Err(Error::Damaged("the file ends before its signature".into()))
        }
        Some((at, Structure::Manifest)) => {
            if structure.get(1) != Some(&(at + 1, Structure::Signature)) {
                Err(Error::ManifestMismatch(
                    "the line after the manifest is not a signature".into(),
                ))
            } else if at + 1 != lines {
                Err(Error::ManifestMismatch(
                    "there is data after the signature".into(),
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// Verifies the mission's signature over the manifest line with the key
/// the manifest names; returns that key.
fn check_signature(manifest: &Manifest, line: &[u8], signature: &str) -> Result<[u8; 32], Error> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(&manifest.mission_key, &mut key).map_err(|_| Error::BadSignature)?;
    let mut bytes = [0u8; 64];
    hex::decode_to_slice(signature, &mut bytes).map_err(|_| Error::BadSignature)?;
    VerifyingKey::from_bytes(&key)
        .and_then(|verifying| verifying.verify_strict(line, &Signature::from_bytes(&bytes)))
        .map_err(|_| Error::BadSignature)?;
    Ok(key)
}

/// A record must be a valid case, as if it had been typed in at the
/// commission (a day of slack for missions ahead of UTC), under the rules
/// that bound it when its mission saved it.
fn check_case(exported: &ExportedCase, today: NaiveDate) -> Result<(), String> {
    if exported.meta.revision == 0 {
        return Err(format!("case {}: revision 0", exported.meta.reference));
    }
    check_epoch(exported.meta.epoch.as_deref())
        .map_err(|e| format!("case {}: {e}", exported.meta.reference))?;
    // Its size is bounded by the line it came in.
    let problems = validate_received(&exported.case, today);
    if problems.is_empty() {
        return Ok(());
    }
    let list = problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    Err(format!("case {}: {list}", exported.meta.reference))
}

/// What [`Source::check_lines`] found: the tally of every line but the
/// last two, which are held back, and the number of the last line.
struct Checked {
    tally: Tally,
    held: VecDeque<Zeroizing<Vec<u8>>>,
    last_line: u64,
}

/// Lines checked together by one thread in the first pass.
struct Batch {
    first_line: u64,
    /// Whole lines, each with its `\n`.
    lines: Zeroizing<Vec<u8>>,
}

/// A batch is handed to a checking thread once it holds this much.
const CHECK_BATCH_BYTES: usize = 1 << 16;

impl Batch {
    fn starting_at(first_line: u64) -> Batch {
        Batch {
            first_line,
            lines: Zeroizing::new(Vec::with_capacity(CHECK_BATCH_BYTES + (1 << 12))),
        }
    }
}

/// What checking some of a file's lines found; tallies of consecutive runs
/// of lines add up, in file order, to that of the whole file.
///
/// What it keeps is bounded whatever the lines hold: counts, and texts cut
/// to [`KEPT_CHARS`], so that the tallies of a file's batches, gathered
/// before they are added up, do not grow with the length of its lines.
#[derive(Default)]
struct Tally {
    counts: format::Counts,
    /// The first record that does not belong to the mission that signed
    /// the file.
    stray: Option<Stray>,
    first_invalid: Option<Error>,
    /// The first two lines among the records that are a manifest or a
    /// signature, by number: in a sound file, none.
    structure: Vec<(u64, Structure)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Structure {
    Manifest,
    Signature,
}

impl Structure {
    /// What a line opens like, as Casebook writes it, without parsing it.
    fn opening(line: &[u8]) -> Option<Structure> {
        if line.starts_with(b"{\"manifest\":") {
            Some(Structure::Manifest)
        } else if line.starts_with(b"{\"signature\":") {
            Some(Structure::Signature)
        } else {
            None
        }
    }

    fn of<E>(line: &Result<Line, E>) -> Option<Structure> {
        match line {
            Ok(Line::Manifest(_)) => Some(Structure::Manifest),
            Ok(Line::Signature(_)) => Some(Structure::Signature),
            _ => None,
        }
    }
}

impl Tally {
    fn check(&mut self, number: u64, line: &[u8], mission: &str, today: NaiveDate) {
        let parsed = format::parse::<Line>(line);
        if let Some(kind) = Structure::of(&parsed) {
            // Only the first two are ever looked at: the list stays short
            // whatever a file holds.
            if self.structure.len() < 2 {
                self.structure.push((number, kind));
            }
            return;
        }
        match parsed {
            Ok(Line::Case(exported)) => {
                self.counts.cases += 1;
                self.counts.redacted += u64::from(exported.redacted);
                self.note_origin(
                    number,
                    mission,
                    &exported.meta.origin_mission,
                    &exported.meta.reference,
                );
                if self.first_invalid.is_none() {
                    self.first_invalid =
                        check_case(&exported, today)
                            .err()
                            .map(|message| Error::InvalidRecord {
                                line: number,
                                message: cut(&message, KEPT_MESSAGE_CHARS),
                            });
                }
            }
            Ok(Line::Tombstone(tombstone)) => {
                self.counts.tombstones += 1;
                self.note_origin(
                    number,
                    mission,
                    &tombstone.origin_mission,
                    &tombstone.reference,
                );
            }
            // Noted above.
            Ok(Line::Manifest(_) | Line::Signature(_)) => {}
            Err(message) => {
                self.first_invalid.get_or_insert(Error::InvalidRecord {
                    line: number,
                    message: cut(&message, KEPT_MESSAGE_CHARS),
                });
            }
        }
    }

    /// Adds the tally of the lines that follow this one's.
    fn add(&mut self, later: Tally) {
        self.counts.cases += later.counts.cases;
        self.counts.redacted += later.counts.redacted;
        self.counts.tombstones += later.counts.tombstones;
        if self.stray.is_none() {
            self.stray = later.stray;
        }
        if self.first_invalid.is_none() {
            self.first_invalid = later.first_invalid;
        }
        self.structure.extend(later.structure);
        self.structure.truncate(2);
    }
}

/// How much of a record's reference or mission code a tally keeps to name
/// it: a genuine one is far shorter.
const KEPT_CHARS: usize = 64;

/// How much of a message about a refused record a tally keeps: a parser's
/// message may quote the whole of a value.
const KEPT_MESSAGE_CHARS: usize = 500;

/// `text` cut to its first `max` characters, marked as cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

impl Tally {
    /// Every record of a file must come from the mission that signed it,
    /// and its reference must begin with that mission's code.
    fn note_origin(&mut self, line: u64, mission: &str, origin: &str, reference: &str) {
        if self.stray.is_some() {
            return;
        }
        let prefix_ok = reference
            .strip_prefix(origin)
            .is_some_and(|rest| rest.starts_with('-'));
        if origin != mission || !prefix_ok {
            self.stray = Some(Stray {
                line,
                reference: cut(reference, KEPT_CHARS),
                origin: cut(origin, KEPT_CHARS),
                mission: mission.to_owned(),
            });
        }
    }
}

/// A record that does not belong to the mission that signed its file.
struct Stray {
    line: u64,
    reference: String,
    origin: String,
    mission: String,
}

impl std::fmt::Display for Stray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.origin == self.mission {
            write!(
                f,
                "record {} does not belong to mission {}",
                self.reference, self.mission
            )
        } else {
            write!(
                f,
                "record {} comes from mission {}, the file is signed by {}",
                self.reference, self.origin, self.mission
            )
        }
    }
}

/// Counts the bytes read from the file, for progress.
struct Counted<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amount: usize) {
        self.read.fetch_add(amount as u64, Ordering::Relaxed);
        self.inner.consume(amount);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_grows_after_its_size_was_checked_is_read_only_as_far_as_it_was() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("growing.age");
        std::fs::write(&path, b"0123456789").unwrap_or_else(|e| panic!("{e}"));
        let file = File::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let source = Source {
            file,
            identity: age::x25519::Identity::generate(),
            size: 10,
            read: Arc::new(AtomicU64::new(0)),
            passes: 0,
        };
        let mut more = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        std::io::Write::write_all(&mut more, &[b'x'; 4096]).unwrap_or_else(|e| panic!("{e}"));
        for _ in 0..2 {
            let mut read = Vec::new();
            source
                .bytes_checked()
                .and_then(|mut file| {
                    file.read_to_end(&mut read)
                        .map_err(|e| Error::io("read", e))
                })
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(read, b"0123456789");
        }
    }
}
