//! The referral letter: to the organisation of one of the case's
//! referrals, from the mission and its officer, saying what service is
//! asked for and what the person needs, from
//! `assets/documents/referral-letter.*.txt`.
//!
//! The person's names, phone and e-mail are in the letter only when that
//! referral says the person agreed to it (`Referral::share_identity`):
//! the case's consent to identifiable data covers the commission, never
//! an organisation. Otherwise the letter says that the person has not
//! agreed, and holds none of them. Their birth date, identity document
//! and whereabouts are in no letter: the agreement names only their name
//! and contact details.

use chrono::NaiveDate;

use super::model::{Block, Document};
use super::sections::Sections;
use super::summary::{SummaryContext, case_document};
use super::template::{self, REFERRAL_LETTER};
use super::{Error, Result, render};
use crate::domain::{CaseRecord, Referral};
use crate::exchange::reply::format::Organisation;
use crate::i18n::{I18n, Language};

/// What the directory says of a referral's organisation.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Listing {
    /// No entry has its name: the letter gives no address.
    #[default]
    Unlisted,
    /// Exactly one entry (or several identical ones) has its name, of its
    /// type if it has one.
    Entry(Box<Organisation>),
    /// Several different entries have its name (branches in different
    /// cities, say) and the referral does not say which: the letter gives
    /// no address rather than perhaps the wrong one, and says so.
    Ambiguous,
}

impl Listing {
    pub fn entry(&self) -> Option<&Organisation> {
        match self {
            Listing::Entry(entry) => Some(entry.as_ref()),
            _ => None,
        }
    }
}

impl From<Option<Organisation>> for Listing {
    fn from(entry: Option<Organisation>) -> Self {
        entry.map_or(Listing::Unlisted, |e| Listing::Entry(Box::new(e)))
    }
}

/// The directory entry a referral's organisation is: the entries of the
/// same name (spaces and letter case aside), narrowed to its type when it
/// has one and some entry is of it. More than one different entry left is
/// [`Listing::Ambiguous`]: a pick records the name and type, not the city.
pub fn directory_entry(referral: &Referral, directory: &[Organisation]) -> Listing {
    let wanted = normalise(&referral.organisation);
    if wanted.is_empty() {
        return Listing::Unlisted;
    }
    let same_name: Vec<&Organisation> = directory
        .iter()
        .filter(|o| normalise(&o.name) == wanted)
        .collect();
    let of_type: Vec<&Organisation> = same_name
        .iter()
        .copied()
        .filter(|o| {
            referral
                .organisation_type
                .is_some_and(|t| t.as_str() == o.kind)
        })
        .collect();
    let candidates = if of_type.is_empty() {
        same_name
    } else {
        of_type
    };
    match candidates.split_first() {
        None => Listing::Unlisted,
        Some((first, rest)) if rest.iter().all(|o| o == first) => {
            Listing::Entry(Box::new((*first).clone()))
        }
        Some(_) => Listing::Ambiguous,
    }
}

fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The referral at `number` (1-based, as the editor lists them).
pub fn referral_at(record: &CaseRecord, number: usize) -> Result<&Referral> {
    number
        .checked_sub(1)
        .and_then(|i| record.case.referrals.get(i))
        .ok_or(Error::NoReferral {
            number,
            count: record.case.referrals.len(),
        })
}

/// The letter for referral `number` (1-based) of `record`, ready to
/// render; `listing` is what the directory says of its organisation.
pub fn referral_document(
    record: &CaseRecord,
    number: usize,
    listing: &Listing,
    context: &SummaryContext,
    language: Language,
) -> Result<Document> {
    let referral = referral_at(record, number)?;
    let i18n = I18n::new(language);
    let template = template::load(REFERRAL_LETTER, language)?;
    let reference = record.meta.reference.clone();
    let date = context.date.to_string();
    let sections = Sections::new(&i18n, record, context.owner.as_deref());
    let letter = Letter {
        i18n: &i18n,
        record,
        referral,
        listing,
        sections: &sections,
    };
    let service = i18n.vocab("ReferralService", referral.service.as_str());
    let blocks = template.fill(
        |name| match name {
            "reference" => reference.clone(),
            "mission" => context.mission_name.clone(),
            "mission_code" => context.mission_code.clone(),
            "officer" => context.officer.clone(),
            "date" => date.clone(),
            "organisation" => referral.organisation.clone(),
            "service" => service.clone(),
            _ => String::new(),
        },
        |slot| letter.slot(slot),
    );
    // The title holds the reference, never a name or the organisation's.
    Ok(case_document(
        &i18n,
        "document-referral-title",
        record,
        context,
        blocks,
    ))
}

/// What the audit log says of the letter for referral `number`: the
/// kind, the referral's number and whether the letter carries the
/// person's names and contacts ("identity") or not ("withheld"); never a
/// value, and never the organisation.
pub fn audit_kind(record: &CaseRecord, number: usize) -> String {
    let shared = referral_at(record, number).is_ok_and(|r| shares_identity(record, r));
    let identity = if shared { "identity" } else { "withheld" };
    format!("referral-letter {number} {identity}")
}

/// Whether the letter for `referral` carries the person's names and
/// contacts: the person agreed for that organisation, and the record is
/// not redacted (a redacted record, at the commission, holds none).
fn shares_identity(record: &CaseRecord, referral: &Referral) -> bool {
    referral.share_identity && !record.case.redacted
}

/// The letter as the bytes of a PDF/A-2b file.
pub fn referral_letter(
    record: &CaseRecord,
    number: usize,
    listing: &Listing,
    context: &SummaryContext,
    language: Language,
) -> Result<Vec<u8>> {
    let mut document = referral_document(record, number, listing, context, language)?;
    let bytes = render(&document);
    zeroize::Zeroize::zeroize(&mut document);
    bytes
}

/// The case `id_or_reference`, what its letter says besides it, and the
/// directory entry of its referral `number` (the directory the mission
/// received, or the commission's own), read from `vault`.
pub fn referral_input(
    vault: &crate::vault::Vault,
    id_or_reference: &str,
    number: usize,
    date: NaiveDate,
) -> crate::vault::Result<(CaseRecord, SummaryContext, Listing)> {
    let (record, context) = super::summary_input(vault, id_or_reference, date)?;
    let entry = match referral_at(&record, number) {
        Ok(referral) => {
            let directory = crate::exchange::reply::directory(vault).map_err(|e| match e {
                crate::exchange::Error::Vault(e) => e,
                other => crate::vault::Error::Damaged(other.to_string()),
            })?;
            directory_entry(referral, &directory.organisations)
        }
        // Said by the letter itself, with the number of referrals.
        Err(_) => Listing::Unlisted,
    };
    Ok((record, context, entry))
}

struct Letter<'a> {
    i18n: &'a I18n,
    record: &'a CaseRecord,
    referral: &'a Referral,
    listing: &'a Listing,
    sections: &'a Sections<'a>,
}

impl Letter<'_> {
    fn line(&self, key: &str, value: Option<String>) -> Option<Block> {
        value
            .filter(|v| !v.trim().is_empty())
            .map(|value| Block::KeyValue {
                key: self.i18n.t(key),
                value,
            })
    }

    fn slot(&self, name: &str) -> Vec<Block> {
        match name {
            "to" => self.to(),
            "request" => self.request(),
            "person" => self.person(),
            "needs" => self.sections.slot("assistance"),
            _ => Vec::new(),
        }
    }

    fn to(&self) -> Vec<Block> {
        let i18n = self.i18n;
        let kind = self
            .referral
            .organisation_type
            .map(|t| i18n.vocab("OrganisationType", t.as_str()))
            .or_else(|| {
                self.listing
                    .entry()
                    .map(|o| i18n.vocab("OrganisationType", &o.kind))
            });
        let mut lines = vec![
            self.line(
                "field-organisation",
                Some(self.referral.organisation.clone()),
            ),
            self.line("field-organisation-type", kind),
        ];
        if *self.listing == Listing::Ambiguous {
            lines.push(Some(Block::Paragraph(
                i18n.t("document-referral-directory-ambiguous"),
            )));
        }
        if let Some(entry) = self.listing.entry() {
            let place = [entry.city.clone(), Some(i18n.country(&entry.country))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            lines.push(self.line("document-referral-place", Some(place)));
            lines.push(self.line("field-phone", entry.phone.clone()));
            lines.push(self.line("field-email", entry.email.clone()));
            // The directory writes ISO 639-1 codes; the translations name
            // languages by their three-letter codes.
            let languages: Vec<String> = entry
                .languages
                .iter()
                .map(|l| {
                    let code =
                        isolang::Language::from_639_1(l).map_or(l.as_str(), |l| l.to_639_3());
                    i18n.language_name(code)
                })
                .collect();
            lines.push(self.line("document-referral-languages", Some(languages.join(", "))));
        }
        lines.into_iter().flatten().collect()
    }

    fn request(&self) -> Vec<Block> {
        let (i18n, referral) = (self.i18n, self.referral);
        let date = if self.record.case.redacted {
            referral.date.format("%Y-%m").to_string()
        } else {
            referral.date.to_string()
        };
        [
            self.line("field-date", Some(date)),
            self.line(
                "field-service",
                Some(i18n.vocab("ReferralService", referral.service.as_str())),
            ),
            self.line(
                "document-referral-reason",
                referral
                    .reason
                    .map(|r| i18n.vocab("ReferralReason", r.as_str())),
            ),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// What no one is found by (gender, age, citizenship, language), and,
    /// with the person's agreement for this organisation, what it needs to
    /// reach them and nothing more: their names, phone and e-mail, exactly
    /// what `field-share-identity` names. Never the birth date, the
    /// identity document or where they are. A redacted record (at the
    /// commission) holds none of it, so it reads as not agreed.
    fn person(&self) -> Vec<Block> {
        let (i18n, person) = (self.i18n, &self.record.case.person);
        let shared = shares_identity(self.record, self.referral);
        let mut blocks = vec![Block::Paragraph(i18n.t(if shared {
            "document-referral-identity-shared"
        } else {
            "document-referral-identity-withheld"
        }))];
        if shared {
            blocks.extend(
                [
                    self.line("field-given-name", person.given_name.clone()),
                    self.line("field-family-name", person.family_name.clone()),
                    self.line(
                        "field-pseudonym",
                        person
                            .is_pseudonym
                            .filter(|p| *p)
                            .map(|_| i18n.t("document-yes")),
                    ),
                    self.line("field-phone", person.phone.clone()),
                    self.line("field-email", person.email.clone()),
                ]
                .into_iter()
                .flatten(),
            );
        }
        let age = crate::domain::validate::age_from_birth(&self.record.case)
            .map(|(_, years)| years)
            .or(person.age_at_first_contact.map(u32::from))
            .or(person.estimated_age.map(u32::from));
        let citizenship: Vec<String> = person.citizenship.iter().map(|c| i18n.country(c)).collect();
        blocks.extend(
            [
                self.line(
                    "field-gender",
                    person.gender.map(|g| i18n.vocab("Gender", g.as_str())),
                ),
                self.line("document-age-at-first-contact", age.map(|a| a.to_string())),
                self.line("field-citizenship", Some(citizenship.join(", "))),
                self.line(
                    "field-language",
                    person
                        .primary_language
                        .as_deref()
                        .map(|l| i18n.language_name(l)),
                ),
            ]
            .into_iter()
            .flatten(),
        );
        blocks
    }
}
