//! Moving plaintext between threads, so that hashing, encryption and
//! decryption run beside the reading and writing of cases. Every buffer that
//! held plaintext is wiped before it is reused or freed.

use std::io::{BufRead, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use openssl::sha::Sha256;
use serde::Serialize;
use zeroize::Zeroize;

use super::Error;

/// A buffer of plaintext, wiped when dropped and by [`Plain::wipe`] before
/// it is reused: every byte of its allocation overwritten with zeros, as
/// `Zeroizing<Vec<u8>>` would, but a whole slice at once. `Zeroize` for a
/// `Vec` writes its elements one at a time (a volatile write per byte),
/// which ran at 1.5–3 GB/s here against 10–16 GB/s for its slices (filled
/// whole, behind a barrier the optimiser cannot see through); an import
/// wipes each byte of plaintext several times (read ahead, hashed, checked,
/// merged), and the byte loop was a tenth of its time.
#[derive(Default)]
pub(crate) struct Plain(Vec<u8>);

impl Plain {
    pub(crate) fn with_capacity(capacity: usize) -> Plain {
        Plain(Vec::with_capacity(capacity))
    }

    /// Overwrites every byte of the allocation, in use or not, and empties
    /// the buffer.
    pub(crate) fn wipe(&mut self) {
        self.0.as_mut_slice().zeroize();
        self.0.spare_capacity_mut().zeroize();
        self.0.clear();
    }
}

impl Drop for Plain {
    fn drop(&mut self) {
        self.wipe();
    }
}

impl std::ops::Deref for Plain {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl std::ops::DerefMut for Plain {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

/// Plaintext on its way out, one JSON line at a time, hashed and written by
/// a second thread (for an export, into the age stream; for an import's
/// check, nowhere: only the digest is wanted).
///
/// Lines are gathered into batches that a second thread hashes, encrypts and
/// writes while this one reads and builds the next: hashing (SHA-256, in
/// software where the processor has no instructions for it) and encryption
/// are about as much work as reading the cases, so the two halves overlap.
/// Every batch is wiped once written and comes back to be filled again.
///
/// The digest is OpenSSL's SHA-256 (the library SQLCipher is built on, so
/// nothing new is linked): it has code for the vector instructions of
/// processors without SHA extensions, and hashed 360–396 MB/s here against
/// 171–207 MB/s for the `sha2` crate, with or without its assembly.
pub(crate) struct Pipe<W: Write + Send + 'static> {
    batch: Plain,
    full: Option<SyncSender<Plain>>,
    empty: Receiver<Plain>,
    worker: Option<JoinHandle<Written<W>>>,
    /// Where in the batch the line being written starts.
    line_start: usize,
    /// The length of the last complete line, with its `\n`.
    last_line: usize,
}

/// What the writing thread hands back: the stream and the SHA-256 of all
/// written through it.
type Written<W> = std::io::Result<(W, [u8; 32])>;

/// A batch goes to the writing thread once it holds this much.
const BATCH_BYTES: usize = 1 << 16;

impl<W: Write + Send + 'static> Pipe<W> {
    pub(crate) fn new(mut out: W) -> Self {
        let (full, to_write) = sync_channel::<Plain>(4);
        let (give_back, empty) = sync_channel(8);
        let worker = std::thread::spawn(move || {
            let mut digest = Sha256::new();
            for mut batch in to_write {
                digest.update(&batch);
                let written = out.write_all(&batch);
                batch.wipe();
                let _ = give_back.try_send(batch);
                written?;
            }
            Ok((out, digest.finish()))
        });
        Pipe {
            batch: Plain::with_capacity(2 * BATCH_BYTES),
            full: Some(full),
            empty,
            worker: Some(worker),
            line_start: 0,
            last_line: 0,
        }
    }

    pub(crate) fn write(&mut self, value: &impl Serialize) -> Result<(), Error> {
        self.line_start = self.batch.len();
        serde_json::to_writer(&mut *self.batch, value)
            .map_err(|e| Error::Damaged(e.to_string()))?;
        self.batch.push(b'\n');
        self.end_line()
    }

    /// Where the next line is to be written; [`Pipe::end_line`] once done.
    pub(crate) fn line(&mut self) -> &mut Vec<u8> {
        self.line_start = self.batch.len();
        &mut self.batch
    }

    /// Bytes as they are, a whole line with its `\n`.
    pub(crate) fn append(&mut self, line: &[u8]) -> Result<(), Error> {
        self.line_start = self.batch.len();
        self.batch.extend_from_slice(line);
        self.end_line()
    }

    /// A line is complete: the batch goes to the writer once full.
    pub(crate) fn end_line(&mut self) -> Result<(), Error> {
        self.last_line = self.batch.len() - self.line_start;
        if self.batch.len() >= BATCH_BYTES {
            self.send()?;
        }
        Ok(())
    }

    /// The length of the last line written, with its `\n`: an export
    /// checks it against what an import reads.
    pub(crate) fn last_line_len(&self) -> usize {
        self.last_line
    }

    fn send(&mut self) -> Result<(), Error> {
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Plain::with_capacity(2 * BATCH_BYTES));
        let batch = std::mem::replace(&mut self.batch, next);
        if self
            .full
            .as_ref()
            .is_some_and(|full| full.send(batch).is_ok())
        {
            return Ok(());
        }
        // The writer stopped: its error says why.
        Err(self.finish().err().unwrap_or_else(stopped))
    }

    /// Writes what is left and hands back the stream and the digest of
    /// everything written through it.
    pub(crate) fn finish(&mut self) -> Result<(W, [u8; 32]), Error> {
        if let Some(full) = self.full.take()
            && !self.batch.is_empty()
        {
            let _ = full.send(std::mem::take(&mut self.batch));
        }
        let worker = self.worker.take().ok_or_else(stopped)?;
        worker
            .join()
            .map_err(|_| stopped())?
            .map_err(|e| Error::io("cannot write the export", e))
    }
}

/// The writing thread is gone without an error of its own to tell.
fn stopped() -> Error {
    Error::io(
        "cannot write the export",
        std::io::Error::other("the writer stopped"),
    )
}

/// Plaintext read ahead by a second thread (for an import, out of the age
/// stream) in chunks, so that decryption runs beside the parsing.
pub(crate) struct ReadAhead {
    chunk: Plain,
    at: usize,
    chunks: Receiver<std::io::Result<Plain>>,
    spent: SyncSender<Plain>,
    ended: bool,
}

const CHUNK_BYTES: usize = 1 << 16;

impl ReadAhead {
    pub(crate) fn new(mut from: impl Read + Send + 'static) -> Self {
        let (send, chunks) = sync_channel(4);
        let (spent, reuse) = sync_channel::<Plain>(8);
        std::thread::spawn(move || {
            loop {
                let mut chunk = reuse
                    .try_recv()
                    .unwrap_or_else(|_| Plain::with_capacity(CHUNK_BYTES));
                chunk.resize(CHUNK_BYTES, 0);
                let read = loop {
                    match from.read(&mut chunk) {
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                        other => break other,
                    }
                };
                let message = read.map(|n| {
                    chunk.truncate(n);
                    chunk
                });
                let last = !matches!(&message, Ok(chunk) if !chunk.is_empty());
                // The reader is gone (it stopped early): the chunk is wiped
                // as it drops.
                if send.send(message).is_err() || last {
                    return;
                }
            }
        });
        ReadAhead {
            chunk: Plain::default(),
            at: 0,
            chunks,
            spent,
            ended: false,
        }
    }
}

impl Read for ReadAhead {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for ReadAhead {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.at == self.chunk.len() && !self.ended {
            match self.chunks.recv() {
                Ok(Ok(next)) => {
                    let mut spent = std::mem::replace(&mut self.chunk, next);
                    spent.wipe();
                    let _ = self.spent.try_send(spent);
                    self.at = 0;
                    self.ended = self.chunk.is_empty();
                }
                Ok(Err(e)) => {
                    self.ended = true;
                    return Err(e);
                }
                Err(_) => self.ended = true,
            }
        }
        Ok(&self.chunk[self.at..])
    }

    fn consume(&mut self, amount: usize) {
        self.at = (self.at + amount).min(self.chunk.len());
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufRead, Read};

    use sha2::{Digest, Sha256};

    use super::{Pipe, ReadAhead};

    fn bytes(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| if i % 97 == 96 { b'\n' } else { (i % 251) as u8 })
            .collect()
    }

    #[test]
    fn read_ahead_gives_every_byte_in_order() {
        let input = bytes(300_000);
        let mut ahead = ReadAhead::new(std::io::Cursor::new(input.clone()));
        let mut lines = Vec::new();
        let mut line = Vec::new();
        while ahead.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
            lines.extend_from_slice(&line);
            line.clear();
        }
        assert_eq!(lines, input);
    }

    #[test]
    fn read_ahead_passes_a_read_error_on() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("damaged"));
                }
                let n = buf.len().min(self.0);
                buf[..n].fill(b'x');
                self.0 -= n;
                Ok(n)
            }
        }
        let mut all = Vec::new();
        let result = ReadAhead::new(Failing(100_000)).read_to_end(&mut all);
        assert_eq!(result.map_err(|e| e.to_string()), Err("damaged".to_owned()));
        assert_eq!(all.len(), 100_000);
    }

    #[test]
    fn a_pipe_writes_and_hashes_every_line() {
        let input = bytes(500_000);
        let mut pipe = Pipe::new(Vec::new());
        for line in input.split_inclusive(|b| *b == b'\n') {
            pipe.append(line).unwrap_or_else(|e| panic!("{e}"));
        }
        let (written, digest) = pipe.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(written, input);
        assert_eq!(digest[..], Sha256::digest(&input)[..]);
    }
}
