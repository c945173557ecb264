//! `document summary CASE --out FILE.pdf [--lang lt|en] [--force]` and
//! `document referral CASE --referral N --out FILE.pdf …`: a document
//! about one case, written where the user says and audited
//! (its kind, the case's reference and the language; never its contents).

use std::path::Path;

use anyhow::Result;
use zeroize::Zeroize;

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
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    // Before the case is read: a taken name or a folder is said at once.
    document::check_target(out, overwrite)?;
    let (mut record, context) = document::summary_input(vault, case, crate::domain::today())?;
    let reference = record.meta.reference.clone();
    let rendered = document::case_summary(&record, &context, language);
    record.case.zeroize();
    let bytes = zeroize::Zeroizing::new(rendered?);
    // Audited before the file exists: no summary is ever on the disk
    // without its line (a failed write leaves a line for an attempt).
    vault.record_document_written("case-summary", &reference, language.code())?;
    document::write(out, &bytes, overwrite)?;
    println!("Wrote the summary of {} to {}", reference, out.display());
    Ok(())
}

/// `document referral`
pub(super) fn referral(
    vault: &mut Vault,
    case: &str,
    number: usize,
    out: &Path,
    language: Option<Language>,
    force: bool,
) -> Result<()> {
    let language = language.unwrap_or_else(|| vault.preferences(Language::from_system()).language);
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    document::check_target(out, overwrite)?;
    let (mut record, context, entry) =
        document::referral_input(vault, case, number, crate::domain::today())?;
    let reference = record.meta.reference.clone();
    let rendered = document::referral_letter(&record, number, &entry, &context, language);
    let kind = document::referral_audit_kind(&record, number);
    record.case.zeroize();
    let bytes = zeroize::Zeroizing::new(rendered?);
    // Audited before the file exists, as the summary is.
    vault.record_document_written(&kind, &reference, language.code())?;
    document::write(out, &bytes, overwrite)?;
    println!(
        "Wrote the letter for referral {number} of {} to {}",
        reference,
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
