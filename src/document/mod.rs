//! Documents: archival PDFs (PDF/A-2b) an official can sign and file, made
//! from templates a person at the commission can read and adjust
//! (`assets/documents/`, bundled into the program).
//!
//! `model` is what a document holds (letterhead, title, headings,
//! paragraphs, key–value lines, tables, bar charts); `template` reads the
//! templates and fills them; `text` measures shaped text in the bundled
//! Noto Sans; `layout` wraps lines by measured width and breaks pages;
//! `pdf` draws the pages with krilla, every one marked confidential with
//! its page number, mission, officer, date and reference; `summary` is the
//! case summary; `file` writes a document where the user said, privately.
//!
//! Rendering is a plain function of data in, bytes out: no vault, no file,
//! no clock, so that the window can run it off its thread and a test can
//! read what it made.

mod file;
mod layout;
pub mod model;
mod pdf;
pub mod referral;
pub mod report;
mod sections;
pub mod summary;
pub mod template;
mod text;

pub use file::{Overwrite, UNFINISHED, check_target, write};
pub use model::{Block, Document, PageMarks};
pub use pdf::render;
pub use referral::{
    Listing, audit_kind as referral_audit_kind, directory_entry, referral_document, referral_input,
    referral_letter,
};
pub use summary::{SummaryContext, case_summary, summary_document, summary_input};

/// The bundled fonts; they cover every Lithuanian letter. The window draws
/// with the same bytes.
pub const FONT_REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// What can go wrong making or writing a document.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("template {name}: {problem}")]
    Template { name: String, problem: String },
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
    #[error("{} exists already; choose another name, or replace it (--force)", .0.display())]
    Exists(std::path::PathBuf),
    #[error("{} is a folder; give the name of a file to write", .0.display())]
    Folder(std::path::PathBuf),
    #[error("the case has no referral {number}; it has {count}")]
    NoReferral { number: usize, count: usize },
    #[error("cannot write {}: {}", .path.display(), .source)]
    Io {
        path: std::path::PathBuf,
        source: std::sync::Arc<std::io::Error>,
    },
}

pub type Result<T> = std::result::Result<T, Error>;
