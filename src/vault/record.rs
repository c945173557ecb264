//! How a case's record is kept in `case_records`: its JSON, compressed with
//! zstd against a fixed dictionary of the record's structure.
//!
//! A record is about 2.2 KB of JSON, most of it keys and vocabulary that
//! every record repeats. Alone, it compresses poorly (1.9×); against a
//! dictionary of that structure, about 3.5×. The vault then has a third of
//! the pages to encrypt, authenticate, write and read, which is much of what
//! an import, an export and a backup spend (`docs/performance.md`).
//!
//! The dictionary (`assets/records/dictionary-1.zstd`) was trained by
//! `zstd --train --maxdict=16384` on 4,000 generated records with every
//! free-text, personal and date field emptied and every number zeroed: it
//! holds keys, vocabulary and their statistics, no case content (a test
//! checks). Its statistics spare zstd from building them for each record,
//! which doubled the speed against the same text used as a plain prefix. It
//! can never change: every record written with it needs it to be read. A
//! better one would be dictionary 2, with a tag of its own, beside this one.
//!
//! Stored form: one tag byte, then a zstd frame. Whatever reads a record
//! gets it back as text that is wiped when dropped; what is written is wiped
//! as well. zstd's own contexts, kept per thread, are not: the last record
//! each handled stays in them until the next (`docs/threat-model.md`).

use std::cell::RefCell;
use std::sync::OnceLock;

use rusqlite::{Connection, OptionalExtension, Row};
use zeroize::Zeroizing;
use zstd::bulk::{Compressor, Decompressor};
use zstd::dict::{DecoderDictionary, EncoderDictionary};

use super::{Error, Result};

/// The dictionary of tag 1. Never edited (a test holds its digest).
const DICTIONARY_1: &[u8] = include_bytes!("../../assets/records/dictionary-1.zstd");

/// A zstd frame made against [`DICTIONARY_1`].
const ZSTD_DICTIONARY_1: u8 = 1;

/// zstd's fastest regular level: the negative ones lose a tenth of the
/// ratio for a third more speed, higher ones gain 3% at half the speed.
const LEVEL: i32 = 1;

/// No record validation accepts comes near this; a frame that claims more is
/// damaged (`domain::limits`).
const LARGEST_RECORD: usize = crate::domain::limits::MAX_STORED_RECORD_BYTES;

fn encoder_dictionary() -> &'static EncoderDictionary<'static> {
    static DICTIONARY: OnceLock<EncoderDictionary<'static>> = OnceLock::new();
    DICTIONARY.get_or_init(|| EncoderDictionary::copy(DICTIONARY_1, LEVEL))
}

fn decoder_dictionary() -> &'static DecoderDictionary<'static> {
    static DICTIONARY: OnceLock<DecoderDictionary<'static>> = OnceLock::new();
    DICTIONARY.get_or_init(|| DecoderDictionary::copy(DICTIONARY_1))
}

thread_local! {
    // A context per thread, kept: making one costs more than a record.
    static COMPRESSOR: RefCell<Option<Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<Decompressor<'static>>> = const { RefCell::new(None) };
}

fn damaged(what: impl std::fmt::Display) -> Error {
    Error::Damaged(format!("a stored case cannot be read ({what})"))
}

fn not_encoded(what: impl std::fmt::Display) -> Error {
    Error::Damaged(format!("a case cannot be encoded ({what})"))
}

/// The record of the case in row `seq` of `cases`, unpacked, if it has one.
pub(crate) fn read(conn: &Connection, seq: i64) -> Result<Option<Zeroizing<String>>> {
    conn.prepare_cached("SELECT record FROM case_records WHERE case_seq = ?1")?
        .query_row([seq], |row| Ok(from_row(row, 0)))
        .optional()?
        .transpose()
}

/// The stored record in column `index` of `row`, unpacked.
pub(crate) fn from_row(row: &Row<'_>, index: usize) -> Result<Zeroizing<String>> {
    unpack(
        row.get_ref(index)?
            .as_blob()
            .map_err(rusqlite::Error::from)?,
    )
}

/// The record's JSON in its stored form.
pub(crate) fn pack(json: &str) -> Result<Zeroizing<Vec<u8>>> {
    // What could not be read back is not written.
    if json.len() > LARGEST_RECORD {
        return Err(not_encoded(format!(
            "{} bytes, more than the {LARGEST_RECORD} a record may hold",
            json.len()
        )));
    }
    COMPRESSOR.with(|cell| {
        let mut cell = cell.borrow_mut();
        let compressor = match &mut *cell {
            Some(compressor) => compressor,
            empty => empty.insert(
                Compressor::with_prepared_dictionary(encoder_dictionary()).map_err(not_encoded)?,
            ),
        };
        let mut out = Zeroizing::new(vec![0; 1 + zstd::zstd_safe::compress_bound(json.len())]);
        out[0] = ZSTD_DICTIONARY_1;
        let written = compressor
            .compress_to_buffer(json.as_bytes(), &mut out[1..])
            .map_err(not_encoded)?;
        out.truncate(1 + written);
        Ok(out)
    })
}

/// The record's JSON from its stored form.
pub(crate) fn unpack(stored: &[u8]) -> Result<Zeroizing<String>> {
    let Some((&tag, frame)) = stored.split_first() else {
        return Err(damaged("empty"));
    };
    if tag != ZSTD_DICTIONARY_1 {
        return Err(damaged(format!("unknown form {tag}")));
    }
    let size = match zstd::zstd_safe::get_frame_content_size(frame) {
        Ok(Some(size)) if size <= LARGEST_RECORD as u64 => size as usize,
        _ => return Err(damaged("no valid size")),
    };
    let mut out = Zeroizing::new(vec![0; size]);
    let read = DECOMPRESSOR.with(|cell| {
        let mut cell = cell.borrow_mut();
        let decompressor = match &mut *cell {
            Some(decompressor) => decompressor,
            empty => empty.insert(
                Decompressor::with_prepared_dictionary(decoder_dictionary()).map_err(damaged)?,
            ),
        };
        decompressor
            .decompress_to_buffer(frame, &mut out[..])
            .map_err(damaged)
    })?;
    if read != size {
        return Err(damaged("short"));
    }
    match String::from_utf8(std::mem::take(&mut *out)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(e) => {
            // The bytes are still case content: wipe them too.
            drop(Zeroizing::new(e.into_bytes()));
            Err(damaged("not text"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn a_record_comes_back_as_it_was_written() -> Result<()> {
        for json in [
            "",
            r#"{"status":"Active","person":{"given_name":"Žemaitytė"}}"#,
            &"x".repeat(100_000),
        ] {
            let stored = pack(json)?;
            assert_eq!(stored[0], ZSTD_DICTIONARY_1);
            assert_eq!(unpack(&stored)?.as_str(), json);
        }
        Ok(())
    }

    #[test]
    fn the_dictionary_shrinks_a_typical_record() -> Result<()> {
        // The reference fixture, written by hand, in the form a vault keeps.
        let case =
            crate::domain::Case::from_json(include_str!("../../tests/fixtures/case-full.json"))
                .map_err(damaged)?;
        let json = serde_json::to_string(&case).map_err(damaged)?;
        let json = json.as_str();
        let stored = pack(json)?;
        let plain = zstd::bulk::compress(json.as_bytes(), LEVEL).map_err(damaged)?;
        assert!(
            stored.len() * 3 < json.len() && stored.len() < plain.len(),
            "{} bytes stored, {} without the dictionary, {} as text",
            stored.len(),
            plain.len(),
            json.len()
        );
        Ok(())
    }

    #[test]
    fn a_record_too_large_to_read_back_is_not_written() -> Result<()> {
        let largest = "x".repeat(LARGEST_RECORD);
        assert_eq!(unpack(&pack(&largest)?)?.len(), LARGEST_RECORD);
        let larger = "x".repeat(LARGEST_RECORD + 1);
        assert!(matches!(pack(&larger), Err(Error::Damaged(_))));
        Ok(())
    }

    #[test]
    fn damaged_forms_are_refused_not_misread() -> Result<()> {
        let stored = pack(r#"{"status":"Active"}"#)?;
        let mut other_tag = stored.to_vec();
        other_tag[0] = 2;
        let mut flipped = stored.to_vec();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x55;
        for bad in [&[][..], &[ZSTD_DICTIONARY_1][..], &other_tag, &flipped] {
            assert!(
                matches!(unpack(bad), Err(Error::Damaged(_))),
                "{bad:?} was read"
            );
        }
        Ok(())
    }

    /// Records written with dictionary 1 are read with it for as long as the
    /// vault exists: the file may not change.
    #[test]
    fn dictionary_1_is_unchanged() {
        assert_eq!(
            hex::encode(Sha256::digest(DICTIONARY_1)),
            "1eadd6746a43d8c8b1c6bd87ef97e1e8c9570ed9bf02fd93f8f4bffe797ee773"
        );
    }

    /// The dictionary is shipped with the program: it holds the structure of
    /// a record and no content. Every text in it that is a JSON field is
    /// either vocabulary (no space) or, for a field of free text, personal
    /// data or a date, empty; every number is zero.
    #[test]
    fn dictionary_1_holds_no_case_content() {
        const CONTENT: [&str; 18] = [
            "closure_reason",
            "given_name",
            "family_name",
            "city",
            "place",
            "description",
            "organisation",
            "officer",
            "summary",
            "next_action",
            "notes",
            "note",
            "phone",
            "number",
            "birth_date",
            "date",
            "next_action_due",
            "erase_after",
        ];
        let text = String::from_utf8_lossy(DICTIONARY_1);
        let mut fields = 0;
        let mut found = Vec::new();
        for (at, _) in text.match_indices("\":") {
            // `"key":"value"` or `"key":123`
            let key = text[..at].rsplit('"').next().unwrap_or_default();
            let rest = &text[at + 2..];
            if !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') || key.is_empty() {
                continue;
            }
            fields += 1;
            if let Some(value) = rest.strip_prefix('"') {
                let value = value.split('"').next().unwrap_or_default();
                if (CONTENT.contains(&key) && !value.is_empty()) || value.contains(' ') {
                    found.push(format!("{key}: {value}"));
                }
            } else {
                let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
                if !number.trim_start_matches('0').is_empty() {
                    found.push(format!("{key}: {number}"));
                }
            }
        }
        assert!(fields > 100, "only {fields} fields found");
        assert!(!text.contains("\"synthetic\":true"));
        assert!(found.is_empty(), "content in the dictionary: {found:?}");
    }
}
