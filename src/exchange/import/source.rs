//! An export file being read, and its first two passes: the signature and
//! the digest (pass 1), then every record checked (pass 2). Both read the
//! lines after the opening one the same way, holding back the last two
//! (the manifest and its signature): [`Source::hold_back_last_two`].

use std::collections::{BTreeMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, sync_channel};
use std::sync::{Arc, Mutex};

use chrono::{Days, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use super::super::commission_rotation::commission_identities;
use super::super::format::{self, Manifest, Opening};
use super::super::job::{Cancel, Progress};
use super::super::keys::key_fingerprint;
use super::super::pipe::{Pipe, Plain, ReadAhead};
use super::super::{Error, MissionIdentity, read_error};
use super::max_import_mib;
use super::tally::{Structure, Tally, check_signature, check_structure};
use crate::vault::Vault;

/// What the first pass established: the file is what the key named in its
/// manifest signed.
pub(super) struct Signed {
    pub(super) manifest: Manifest,
    /// SHA-256 of the manifest line: the file's identity.
    pub(super) manifest_digest: [u8; 32],
    pub(super) mission: MissionIdentity,
    /// The number of the last line (the signature).
    lines: u64,
}

/// What the first two passes established about a file.
pub(super) struct Scan {
    pub(super) manifest: Manifest,
    /// SHA-256 of the manifest line: the file's identity.
    pub(super) manifest_digest: [u8; 32],
    pub(super) mission: MissionIdentity,
}

/// An export file being read: the file, the commission's identity, how
/// many bytes of it were read so far (for progress), and the request to
/// stop that every pass looks at between lines.
pub(super) struct Source {
    file: File,
    /// The current identity, then those replaced by key rotations.
    identities: Vec<age::x25519::Identity>,
    size: u64,
    read: Arc<AtomicU64>,
    passes: u64,
    pub(super) cancel: Cancel,
}

impl Source {
    pub(super) fn open(vault: &Vault, path: &Path, cancel: Cancel) -> Result<Source, Error> {
        let identities = commission_identities(vault)?;
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
            identities,
            size,
            read: Arc::new(AtomicU64::new(0)),
            passes: 0,
            cancel,
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
    pub(super) fn plaintext(&mut self) -> Result<impl BufRead + use<>, Error> {
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
            .decrypt(self.identities.iter().map(|i| i as &dyn age::Identity))
            .map_err(|e| match e {
                age::DecryptError::NoMatchingKeys => Error::NotForThisCommission,
                age::DecryptError::Io(e) => read_error(e),
                _ => Error::Damaged("the file's header fails its integrity check".into()),
            })?;
        Ok(ReadAhead::new(stream))
    }

    pub(super) fn progress(&self, progress: &mut dyn FnMut(Progress)) {
        let before = (self.passes - 1) * self.size;
        progress(Progress {
            done: before + self.read.load(Ordering::Relaxed).min(self.size),
            total: PASSES * self.size,
        });
    }

    /// Reads the lines after the opening one to the end, holding back the
    /// last two, which must be the manifest and its signature: every other
    /// line is hashed into `digest` and handed to `each` with its number,
    /// in file order, as soon as two more lines follow it. `each` answers
    /// whether to go on. What is held at any moment is three lines, each at
    /// most [`format::MAX_LINE_BYTES`], however long the file. Reports
    /// progress every thousand lines, and stops when cancelled.
    fn hold_back_last_two(
        &self,
        reader: &mut impl BufRead,
        digest: &mut Pipe<std::io::Sink>,
        progress: &mut dyn FnMut(Progress),
        mut each: impl FnMut(u64, &[u8]) -> Result<bool, Error>,
    ) -> Result<Held, Error> {
        let mut line = Plain::default();
        let mut held: VecDeque<Plain> = VecDeque::with_capacity(3);
        let mut number = 1u64;
        while format::next_line(reader, &mut line)? {
            number += 1;
            self.cancel.check()?;
            if number.is_multiple_of(1000) {
                self.progress(progress);
            }
            held.push_back(std::mem::take(&mut line));
            if held.len() > 2
                && let Some(out) = held.pop_front()
            {
                digest.append(&out)?;
                let go_on = each(number - 2, &out)?;
                line = out;
                if !go_on {
                    break;
                }
            }
        }
        Ok(Held {
            lines: held,
            last: number,
        })
    }

    /// The first pass: the signature and the digest, before any record is
    /// parsed. It holds a hash state, the last two lines (each at most
    /// [`format::MAX_LINE_BYTES`]) and where the first two lines that open
    /// like a manifest or a signature are, nothing that grows with the file.
    pub(super) fn signed(&mut self, progress: &mut dyn FnMut(Progress)) -> Result<Signed, Error> {
        let mut reader = self.plaintext()?;
        let mut line = Plain::default();
        // Hashed on a second thread, beside the decryption.
        let mut digest = Pipe::new(std::io::sink());
        let opening = read_opening(&mut reader, &mut line)?;
        digest.append(&line)?;
        let mut structure: Vec<(u64, Structure)> = Vec::with_capacity(4);
        let Held {
            lines: held,
            last: number,
        } = self.hold_back_last_two(&mut reader, &mut digest, progress, |number, out| {
            if structure.len() < 2
                && let Some(kind) = Structure::opening(out)
            {
                structure.push((number, kind));
            }
            Ok(true)
        })?;
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
    pub(super) fn scan(
        &mut self,
        signed: Signed,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Scan, Error> {
        let mut reader = self.plaintext()?;
        let mut line = Plain::default();
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
        // A withdrawn consent came with format 4: an older file holding
        // one was not written by Casebook.
        if total.counts.withdrawals > 0 && manifest.version < format::VERSION {
            return Err(Error::Damaged(format!(
                "a file of format {} carries a withdrawn consent, which came with format {}",
                manifest.version,
                format::VERSION
            )));
        }
        if manifest.counts != total.counts {
            let describe = |c: &format::Counts| {
                format!(
                    "{} cases ({} redacted), {} erasures and {} withdrawn consents",
                    c.cases, c.redacted, c.tombstones, c.withdrawals
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
    /// is most of the second pass), and adds their tallies up in file order.
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
                        let mut start = 0;
                        let lines = batch.ends.iter().map(|&end| {
                            let line = &batch.lines[start..end];
                            start = end;
                            line
                        });
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
            let mut batch = Batch::starting_at(2);
            let held = self.hold_back_last_two(reader, digest, progress, |number, out| {
                batch.lines.extend_from_slice(out);
                batch.ends.push(batch.lines.len());
                if batch.lines.len() >= CHECK_BATCH_BYTES {
                    let next = Batch::starting_at(number + 1);
                    sent.push_back(batch.first_line);
                    if work.send(std::mem::replace(&mut batch, next)).is_err() {
                        return Ok(false);
                    }
                    while let Ok(done) = tallies.try_recv() {
                        fold(done, &mut sent);
                    }
                }
                Ok(true)
            })?;
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
                held: held.lines,
                last_line: held.last,
            })
        })
    }
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
    Withdrawal(serde::de::IgnoredAny),
    Manifest(Box<Manifest>),
    Signature(String),
}

pub(super) fn read_opening(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
) -> Result<Opening, Error> {
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

/// What [`Source::check_lines`] found: the tally of every line but the
/// last two, which are held back, and the number of the last line.
struct Checked {
    tally: Tally,
    held: VecDeque<Plain>,
    last_line: u64,
}

/// The lines [`Source::hold_back_last_two`] held back, and the number of
/// the last line read.
struct Held {
    lines: VecDeque<Plain>,
    last: u64,
}

/// Lines checked together by one thread in the second pass.
struct Batch {
    first_line: u64,
    /// Whole lines, each with its `\n`.
    lines: Plain,
    /// Where each line ends in `lines` (found as they were read, rather
    /// than by looking for each `\n` again).
    ends: Vec<usize>,
}

/// A batch is handed to a checking thread once it holds this much.
const CHECK_BATCH_BYTES: usize = 1 << 16;

impl Batch {
    fn starting_at(first_line: u64) -> Batch {
        Batch {
            first_line,
            lines: Plain::with_capacity(CHECK_BATCH_BYTES + (1 << 12)),
            ends: Vec::with_capacity(64),
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
            identities: vec![age::x25519::Identity::generate()],
            size: 10,
            read: Arc::new(AtomicU64::new(0)),
            passes: 0,
            cancel: Cancel::new(),
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
