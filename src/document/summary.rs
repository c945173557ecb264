//! The case summary: every section of a case, for the mission's paper file,
//! in the officer's language, from `assets/documents/case-summary.*.txt`.

use chrono::NaiveDate;

use super::model::{Block, Document, PageMarks};
use super::sections::Sections;
use super::template::{self, CASE_SUMMARY};
use super::{Result, render};
use crate::domain::CaseRecord;
use crate::i18n::{I18n, Language};

/// What a summary says besides the case: who printed it, where and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryContext {
    pub mission_code: String,
    pub mission_name: String,
    /// The officer printing the summary.
    pub officer: String,
    /// The officer the case belongs to, if the vault says.
    pub owner: Option<String>,
    pub date: NaiveDate,
}

/// The summary of `record` as a document, ready to render.
pub fn summary_document(
    record: &CaseRecord,
    context: &SummaryContext,
    language: Language,
) -> Result<Document> {
    let i18n = I18n::new(language);
    let template = template::load(CASE_SUMMARY, language)?;
    let reference = record.meta.reference.clone();
    let date = context.date.to_string();
    let sections = Sections::new(&i18n, record, context.owner.as_deref());
    let blocks = template.fill(
        |name| match name {
            "reference" => reference.clone(),
            "mission" => context.mission_name.clone(),
            "mission_code" => context.mission_code.clone(),
            "officer" => context.officer.clone(),
            "date" => date.clone(),
            _ => String::new(),
        },
        |slot| sections.slot(slot),
    );
    Ok(case_document(
        &i18n,
        "document-summary-title",
        record,
        context,
        blocks,
    ))
}

/// A document about the case of `record`: its title (`title_key` and the
/// reference, never a name: a PDF's title shows in file managers, viewers'
/// title bars and search indexes) and the marks of every page.
pub(crate) fn case_document(
    i18n: &I18n,
    title_key: &str,
    record: &CaseRecord,
    context: &SummaryContext,
    blocks: Vec<Block>,
) -> Document {
    let reference = record.meta.reference.clone();
    let date = context.date.to_string();
    Document {
        language: i18n.language().code().to_owned(),
        title: format!("{} {reference}", i18n.t(title_key)),
        created: context.date,
        marks: PageMarks {
            confidential: i18n.t("document-confidential"),
            reference,
            details: format!(
                "{} ({}) · {} · {date}",
                context.mission_name, context.mission_code, context.officer
            ),
            // Filled in per page by the renderer.
            page_of: i18n.t_with(
                "document-page-of",
                &[("page", "{page}".into()), ("pages", "{pages}".into())],
            ),
            training: record.case.synthetic.then(|| i18n.t("document-training")),
        },
        blocks,
        unshown_note: i18n.t("document-unshown"),
    }
}

/// The summary of `record` as the bytes of a PDF/A-2b file.
pub fn case_summary(
    record: &CaseRecord,
    context: &SummaryContext,
    language: Language,
) -> Result<Vec<u8>> {
    let mut document = summary_document(record, context, language)?;
    let bytes = render(&document);
    zeroize::Zeroize::zeroize(&mut document);
    bytes
}

/// The case `id_or_reference` and what its summary says besides it, read
/// from `vault` (not audited as a view: the caller audits the document).
pub fn summary_input(
    vault: &crate::vault::Vault,
    id_or_reference: &str,
    date: NaiveDate,
) -> crate::vault::Result<(CaseRecord, SummaryContext)> {
    let record = vault.get_case(id_or_reference)?;
    let owner = vault.case_owner(&record.meta.id.to_string())?;
    let info = vault.info();
    let context = SummaryContext {
        mission_code: info.mission_code.clone(),
        mission_name: info.mission_name.clone(),
        officer: info.officer.clone(),
        owner: Some(owner),
        date,
    };
    Ok((record, context))
}
