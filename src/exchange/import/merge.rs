//! The third pass over an export file: every item merged into the vault,
//! in file order, inside the transaction the caller commits.

use std::collections::VecDeque;
use std::io::BufRead;
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

use sha2::{Digest, Sha256};

use super::super::Error;
use super::super::format::{self, ExportedCase, Line};
use super::super::job::Progress;
use super::super::pipe::{Pipe, Plain};
use super::MergeCounts;
use super::source::{Scan, Source, read_opening};
use crate::domain::{CaseId, CaseRecord};
use crate::vault::{self, Tombstone};

impl Source {
    /// The third pass: merges every item, then checks that the file read
    /// is the file checked. The caller commits.
    ///
    /// A case line as the vault holds it is unchanged, known from its
    /// metadata and the raw text of its record without building the record
    /// (the second pass checked it in full). Every other case line is parsed,
    /// and its rows' text built, on a second thread while this one writes
    /// the cases before it; they are merged in file order, and a line whose
    /// case is still on its way waits for it, so that every decision sees
    /// what the lines before it did.
    pub(super) fn merge(
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
            let (to_parse, lines) = sync_channel::<Plain>(PARSED_AHEAD);
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
                self.cancel.check()?;
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
                    ReadLine::Withdrawal(withdrawal) => {
                        parsing.merge_all(merge)?;
                        parsing.counts.add(merge.withdrawal(&withdrawal)?);
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
                    // A line an earlier pass read as a case or a tombstone and
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

/// A line of the third pass, as the reading thread hands it over.
enum ReadLine {
    /// A case line, with its metadata and where its record's text is.
    Case {
        line: Plain,
        meta: crate::domain::RecordMeta,
        case: std::ops::Range<usize>,
    },
    /// The manifest line, with the digest of every line before it.
    Manifest { line: Plain, body: [u8; 32] },
    /// A tombstone line.
    Tombstone(Tombstone),
    /// A withdrawn consent (format 4).
    Withdrawal(crate::vault::ConsentWithdrawal),
    /// A line that is none of these.
    Unexpected,
    /// The file could not be read further.
    Failed(Error),
}

/// How many lines the reading thread may read ahead of the merging.
const READ_AHEAD: usize = 256;

/// The third pass's reading thread: reads the lines, hashes them (on a
/// thread of its own) and reads each case line's metadata, so that the
/// merging thread only decides and writes.
fn read_lines(reader: &mut impl BufRead, send: &SyncSender<ReadLine>) -> Result<(), Error> {
    let mut digest = Pipe::new(std::io::sink());
    let mut line = Plain::default();
    read_opening(reader, &mut line)?;
    digest.append(&line)?;
    loop {
        let mut line = Plain::with_capacity(4096);
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
                Ok(Line::Withdrawal(withdrawal)) => {
                    digest.append(&line)?;
                    ReadLine::Withdrawal(withdrawal)
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

/// The third pass's case lines being parsed on another thread, in order.
struct Parsing {
    to_parse: SyncSender<Plain>,
    parsed: Receiver<Option<Parsed>>,
    /// The cases on their way, in file order.
    ids: VecDeque<CaseId>,
    counts: MergeCounts,
}

impl Parsing {
    /// Hands a case line over; merges the oldest parsed case first when
    /// enough are on their way.
    fn send(&mut self, id: CaseId, line: Plain, merge: &mut vault::Merge<'_>) -> Result<(), Error> {
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
        // A line an earlier pass read as a case and this one cannot: the file
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
