//! `document summary CASE --out FILE.pdf [--lang lt|en] [--force]`: a
//! document about one case, written where the user says and audited
//! (its kind, the case's reference and the language; never its contents).

use std::path::Path;

use anyhow::Result;

use crate::document::{self, Overwrite};
use crate::i18n::Language;
use crate::vault::Vault;

/// `document summary`
pub(super) fn summary(
    vault: &mut Vault,
    case: &str,
    out: &Path,
    language: Option<Language>,
    force: bool,
) -> Result<()> {
    let language = language.unwrap_or_else(|| vault.preferences(Language::from_system()).language);
    let (record, context) = document::summary_input(vault, case, crate::domain::today())?;
    let bytes = document::case_summary(&record, &context, language)?;
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    document::write(out, &bytes, overwrite)?;
    vault.record_document_written("case-summary", &record.meta.reference, language.code())?;
    println!(
        "Wrote the summary of {} to {}",
        record.meta.reference,
        out.display()
    );
    Ok(())
}

/// `--lang`: a language Casebook speaks.
pub(super) fn parse_language(code: &str) -> Result<Language, String> {
    Language::from_code(code)
        .filter(|l| l.code() == code.to_ascii_lowercase())
        .ok_or_else(|| {
            let codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
            format!("use one of {}", codes.join(", "))
        })
}
