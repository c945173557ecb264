//! How large a case may be: one chain of limits, each derived from the one
//! after it, so that whatever the editor or `add` lets an officer store can
//! be stored, read back, exported and imported.
//!
//! The chain, from the end: the importer reads a line of at most
//! [`MAX_EXPORT_LINE_BYTES`]; a case line is the case's JSON plus its
//! envelope and metadata, for which [`LINE_ALLOWANCE_BYTES`] is kept, so a
//! case's JSON may hold at most [`MAX_CASE_JSON_BYTES`]; validation refuses
//! anything larger (`Problem::CaseTooLarge`, naming the part to shorten);
//! the vault reads back records up to [`MAX_STORED_RECORD_BYTES`], above
//! every case validation accepts (and above any a vault could hold from
//! before this chain); and an export refuses to write a line longer than
//! the importer reads, so it never marks cases as sent in a file that
//! would not import.

/// The longest line an import reads, with its `\n`.
pub const MAX_EXPORT_LINE_BYTES: usize = 4 << 20;

/// What a case line holds besides the case's JSON: `{"case":{"meta":…,
/// "redacted":…,"case":…}}`, the metadata (reference, mission code, two
/// officer names and two times), and what redaction adds to a case (its
/// marker and the age at first contact). Generous: a few hundred bytes are
/// used.
pub const LINE_ALLOWANCE_BYTES: usize = 64 << 10;

/// The largest case, as compact JSON, that validation accepts.
pub const MAX_CASE_JSON_BYTES: usize = MAX_EXPORT_LINE_BYTES - LINE_ALLOWANCE_BYTES;

/// The largest record the vault reads back; a frame that claims more is
/// damaged. Above every case that validation accepts, with room for cases
/// stored before this chain existed.
pub const MAX_STORED_RECORD_BYTES: usize = 4 * MAX_EXPORT_LINE_BYTES;

const _: () = assert!(MAX_CASE_JSON_BYTES + LINE_ALLOWANCE_BYTES <= MAX_EXPORT_LINE_BYTES);
const _: () = assert!(MAX_CASE_JSON_BYTES < MAX_STORED_RECORD_BYTES);
