//! The sections of a case as document blocks: each field with the label
//! and the vocabulary the window shows (`i18n`), in the summary's language.
//! A section with nothing recorded says so rather than vanishing.

use chrono::NaiveDate;

use super::model::Block;
use crate::domain::{Case, CaseRecord};
use crate::i18n::I18n;

/// Makes the blocks of the case summary's slots.
pub(crate) struct Sections<'a> {
    i18n: &'a I18n,
    record: &'a CaseRecord,
    owner: Option<&'a str>,
}

/// Key–value lines under construction; empty values are left out.
struct Lines<'a> {
    i18n: &'a I18n,
    blocks: Vec<Block>,
}

impl Lines<'_> {
    fn add(&mut self, key: &str, value: Option<String>) {
        if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
            self.blocks.push(Block::KeyValue {
                key: self.i18n.t(key),
                value,
            });
        }
    }

    fn yes_no(&mut self, key: &str, value: Option<bool>) {
        let answer = value.map(|v| self.i18n.t(if v { "document-yes" } else { "document-no" }));
        self.add(key, answer);
    }

    fn done(self) -> Vec<Block> {
        if self.blocks.is_empty() {
            vec![Block::Paragraph(self.i18n.t("not-recorded"))]
        } else {
            self.blocks
        }
    }
}

impl<'a> Sections<'a> {
    pub(crate) fn new(i18n: &'a I18n, record: &'a CaseRecord, owner: Option<&'a str>) -> Self {
        Sections {
            i18n,
            record,
            owner,
        }
    }

    fn lines(&self) -> Lines<'a> {
        Lines {
            i18n: self.i18n,
            blocks: Vec::new(),
        }
    }

    fn case(&self) -> &'a Case {
        &self.record.case
    }

    /// A date as the record holds it: a redacted record's dates stand for
    /// their month (docs/export-format.md).
    fn day(&self, date: NaiveDate) -> String {
        if self.case().redacted {
            date.format("%Y-%m").to_string()
        } else {
            date.to_string()
        }
    }

    fn vocab(&self, kind: &str, value: impl std::fmt::Display) -> String {
        self.i18n.vocab(kind, &value.to_string())
    }

    fn vocabs<T: std::fmt::Display>(&self, kind: &str, values: &[T]) -> Option<String> {
        (!values.is_empty()).then(|| {
            values
                .iter()
                .map(|v| self.vocab(kind, v))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    fn country(&self, code: Option<&String>) -> Option<String> {
        code.map(|c| self.i18n.country(c))
    }

    /// The blocks of the slot `name`.
    pub(crate) fn slot(&self, name: &str) -> Vec<Block> {
        match name {
            "record" => self.record_lines(),
            "person" => self.person(),
            "contact" => self.contact(),
            "consent" => self.consent(),
            "assessment" => self.assessment(),
            "exploitation" => self.exploitation(),
            "assistance" => self.assistance(),
            "referrals" => self.referrals(),
            "follow-ups" => self.follow_ups(),
            "notes" => self.notes(),
            _ => Vec::new(),
        }
    }

    fn record_lines(&self) -> Vec<Block> {
        let (meta, case) = (&self.record.meta, self.case());
        let mut lines = self.lines();
        lines.add("column-reference", Some(meta.reference.clone()));
        if case.synthetic {
            lines.add("document-synthetic", Some(self.i18n.t("document-yes")));
        }
        lines.add("document-origin-mission", Some(meta.origin_mission.clone()));
        lines.add("field-status", Some(self.vocab("CaseStatus", case.status)));
        lines.add("field-closure-reason", case.closure_reason.clone());
        lines.add("document-revision", Some(meta.revision.to_string()));
        let when = |at: chrono::DateTime<chrono::Utc>, by: &str| {
            format!("{}, {by}", at.format("%Y-%m-%d %H:%M UTC"))
        };
        lines.add(
            "document-created",
            Some(when(meta.created_at, &meta.created_by)),
        );
        lines.add(
            "document-updated",
            Some(when(meta.updated_at, &meta.updated_by)),
        );
        lines.add("document-owner", self.owner.map(str::to_owned));
        if case.redacted {
            lines.add("document-redacted", Some(self.i18n.t("document-yes")));
        }
        lines.done()
    }

    fn person(&self) -> Vec<Block> {
        let person = &self.case().person;
        let mut lines = self.lines();
        lines.add("field-given-name", person.given_name.clone());
        lines.add("field-family-name", person.family_name.clone());
        lines.yes_no("field-pseudonym", person.is_pseudonym);
        lines.add("field-birth-date", person.birth_date.map(|d| self.day(d)));
        lines.add(
            "document-birth-year",
            person.birth_year.map(|y| y.to_string()),
        );
        lines.add(
            "field-estimated-age",
            person.estimated_age.map(|a| a.to_string()),
        );
        lines.add(
            "document-age-at-first-contact",
            person.age_at_first_contact.map(|a| a.to_string()),
        );
        lines.add(
            "field-gender",
            person.gender.map(|g| self.vocab("Gender", g)),
        );
        let citizenship: Vec<String> = person
            .citizenship
            .iter()
            .map(|c| self.i18n.country(c))
            .collect();
        lines.add("field-citizenship", Some(citizenship.join(", ")));
        lines.add(
            "field-language",
            person
                .primary_language
                .as_deref()
                .map(|l| self.i18n.language_name(l)),
        );
        if let Some(document) = &person.identity_document {
            lines.add(
                "field-document-type",
                Some(self.vocab("DocumentType", document.kind)),
            );
            lines.add("field-document-number", Some(document.number.clone()));
        }
        lines.add("field-phone", person.phone.clone());
        lines.add("field-email", person.email.clone());
        if let Some(location) = &person.current_location {
            lines.add("field-location-city", location.city.clone());
            lines.add(
                "field-location-country",
                self.country(location.country.as_ref()),
            );
        }
        lines.done()
    }

    fn contact(&self) -> Vec<Block> {
        let contact = &self.case().first_contact;
        let mut lines = self.lines();
        lines.add("field-contact-date", Some(self.day(contact.date)));
        lines.add(
            "field-channel",
            Some(self.vocab("ContactChannel", contact.channel)),
        );
        lines.add("field-contact-place", contact.place.clone());
        lines.done()
    }

    fn consent(&self) -> Vec<Block> {
        let consent = &self.case().consent;
        let mut lines = self.lines();
        lines.yes_no("field-consent-interview", consent.interview);
        lines.add(
            "field-informed-of",
            self.vocabs("InformedOf", &consent.informed_of),
        );
        lines.add(
            "field-consent-given-by",
            consent.given_by.map(|g| self.vocab("ConsentGivenBy", g)),
        );
        lines.yes_no(
            "field-share-with-commission",
            consent.share_identifiable_with_commission,
        );
        lines.yes_no("field-anonymous-statistics", consent.anonymous_statistics);
        lines.add("field-consent-date", consent.date.map(|d| self.day(d)));
        lines.done()
    }

    fn assessment(&self) -> Vec<Block> {
        let assessment = &self.case().assessment;
        let mut lines = self.lines();
        lines.add(
            "field-trafficking-status",
            assessment
                .trafficking_status
                .map(|s| self.vocab("TraffickingStatus", s)),
        );
        lines.add(
            "field-decided-by",
            assessment
                .decided_by
                .map(|d| self.vocab("DecisionMaker", d)),
        );
        for observed in &assessment.indicators {
            lines.blocks.push(Block::KeyValue {
                key: self.vocab("Indicator", observed.indicator),
                value: observed
                    .note
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| self.i18n.t("document-observed")),
            });
        }
        lines.done()
    }

    fn exploitation(&self) -> Vec<Block> {
        let exploitation = &self.case().exploitation;
        let mut lines = self.lines();
        lines.add(
            "field-forms",
            self.vocabs("ExploitationType", &exploitation.types),
        );
        lines.add(
            "field-sexual-exploitation",
            self.vocabs(
                "SexExploitationType",
                &exploitation.sexual_exploitation_types,
            ),
        );
        lines.add(
            "field-labour-industry",
            exploitation
                .labour_industry
                .map(|l| self.vocab("LabourIndustry", l)),
        );
        lines.add(
            "field-recruitment",
            self.vocabs("RecruitmentMethod", &exploitation.recruitment_methods),
        );
        lines.add(
            "field-means-of-control",
            self.vocabs("MeansOfControl", &exploitation.means_of_control),
        );
        lines.add(
            "field-relationship",
            exploitation
                .relationship_to_trafficker
                .map(|r| self.vocab("Relationship", r)),
        );
        lines.add(
            "field-age-trafficked",
            exploitation.age_when_trafficked.map(|a| a.to_string()),
        );
        lines.add(
            "field-country-of-exploitation",
            self.country(exploitation.country_of_exploitation.as_ref()),
        );
        let mut blocks = lines.done();
        if !exploitation.events.is_empty() {
            blocks.push(Block::Paragraph(self.i18n.t("field-events")));
            blocks.push(Block::Table {
                header: self.headers(&[
                    "field-event-type",
                    "field-date",
                    "document-country",
                    "field-event-city",
                    "field-event-description",
                ]),
                widths: vec![1.2, 1.1, 1.3, 1.3, 3.5],
                rows: exploitation
                    .events
                    .iter()
                    .map(|e| {
                        vec![
                            self.vocab("EventType", e.kind),
                            e.date.map(|d| self.day(d)).unwrap_or_default(),
                            self.country(e.country.as_ref()).unwrap_or_default(),
                            e.city.clone().unwrap_or_default(),
                            e.description.clone().unwrap_or_default(),
                        ]
                    })
                    .collect(),
            });
        }
        blocks
    }

    fn assistance(&self) -> Vec<Block> {
        let assistance = &self.case().assistance;
        let mut lines = self.lines();
        lines.add(
            "field-urgent-needs",
            self.vocabs("UrgentNeed", &assistance.urgent_needs),
        );
        lines.yes_no("field-travel-document", assistance.travel_document_issued);
        lines.yes_no("field-return-assisted", assistance.return_assisted);
        if let Some(period) = &assistance.reflection_period {
            let end = |d: Option<NaiveDate>| d.map(|d| self.day(d)).unwrap_or_else(|| "…".into());
            lines.add(
                "document-reflection-period",
                Some(format!("{} – {}", end(period.start), end(period.end))),
            );
        }
        lines.done()
    }

    fn headers(&self, keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| self.i18n.t(k)).collect()
    }

    fn referrals(&self) -> Vec<Block> {
        let referrals = &self.case().referrals;
        if referrals.is_empty() {
            return self.lines().done();
        }
        vec![Block::Table {
            header: self.headers(&[
                "field-date",
                "field-organisation",
                "field-organisation-type",
                "document-referral-reason",
                "field-service",
                "field-outcome",
                "editor-share-identity",
            ]),
            widths: vec![1.0, 1.8, 1.2, 2.0, 1.2, 1.2, 1.0],
            rows: referrals
                .iter()
                .map(|r| {
                    vec![
                        self.day(r.date),
                        r.organisation.clone(),
                        r.organisation_type
                            .map(|t| self.vocab("OrganisationType", t))
                            .unwrap_or_default(),
                        r.reason
                            .map(|t| self.vocab("ReferralReason", t))
                            .unwrap_or_default(),
                        self.vocab("ReferralService", r.service),
                        r.outcome
                            .map(|o| self.vocab("ReferralOutcome", o))
                            .unwrap_or_default(),
                        self.i18n.t(if r.share_identity {
                            "document-yes"
                        } else {
                            "document-no"
                        }),
                    ]
                })
                .collect(),
        }]
    }

    fn follow_ups(&self) -> Vec<Block> {
        let follow_ups = &self.case().follow_ups;
        if follow_ups.is_empty() {
            return self.lines().done();
        }
        vec![Block::Table {
            header: self.headers(&[
                "field-date",
                "field-follow-up-kind",
                "document-officer",
                "field-summary",
                "field-next-action",
                "field-next-action-due",
            ]),
            widths: vec![1.1, 1.3, 1.3, 3.0, 2.0, 1.1],
            rows: follow_ups
                .iter()
                .map(|f| {
                    vec![
                        self.day(f.date),
                        self.vocab("FollowUpKind", f.kind),
                        f.officer.clone().unwrap_or_default(),
                        f.summary.clone().unwrap_or_default(),
                        f.next_action.clone().unwrap_or_default(),
                        f.next_action_due.map(|d| self.day(d)).unwrap_or_default(),
                    ]
                })
                .collect(),
        }]
    }

    fn notes(&self) -> Vec<Block> {
        let case = self.case();
        let mut blocks = Vec::new();
        if let Some(notes) = case.notes.as_ref().filter(|n| !n.trim().is_empty()) {
            blocks.push(Block::Paragraph(notes.clone()));
        }
        let mut lines = self.lines();
        lines.add("field-erase-after", case.erase_after.map(|d| self.day(d)));
        if blocks.is_empty() {
            return lines.done();
        }
        blocks.extend(lines.blocks);
        blocks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::template::CASE_SUMMARY;
    use crate::domain::{CaseId, RecordMeta};
    use crate::i18n::Language;

    /// The template's slots and `Sections::slot` are matched by name: a slot
    /// the match lacks would print its heading over nothing. Every slot of
    /// the summary gives at least "Not recorded", even for an empty case.
    #[test]
    fn every_slot_of_the_summary_template_gives_blocks() {
        let at =
            chrono::DateTime::<chrono::Utc>::from_timestamp(1_764_000_000, 0).unwrap_or_default();
        let record = CaseRecord {
            meta: RecordMeta {
                id: CaseId::default(),
                reference: "LT-LON-2026-0001".into(),
                origin_mission: "LT-LON".into(),
                revision: 1,
                epoch: None,
                created_at: at,
                created_by: "J. Jonaitis".into(),
                updated_at: at,
                updated_by: "J. Jonaitis".into(),
            },
            case: Case::default(),
        };
        for language in Language::ALL {
            let i18n = I18n::new(*language);
            let sections = Sections::new(&i18n, &record, None);
            for slot in CASE_SUMMARY.slots {
                assert!(!sections.slot(slot).is_empty(), "{language:?}: [{slot}]");
            }
        }
    }
}
