//! The editor's problems: the library's validation of the form as typed,
//! each problem placed at its field and section, and which are shown.

use super::*;

impl Editor {
    pub(super) fn revalidate(&mut self) {
        let parse_errors = self.apply_inputs();
        let mut errors: Vec<(String, String)> = parse_errors;
        let parsed: std::collections::HashSet<String> =
            errors.iter().map(|(f, _)| f.clone()).collect();
        self.too_large = None;
        let problems = if self.read_only.is_some() {
            validate_received(&self.case, self.today)
        } else {
            validate(&self.case, self.today)
        };
        for problem in problems {
            if matches!(problem.problem, Problem::CaseTooLarge { .. }) {
                self.too_large = Some(problem.problem.clone());
            }
            // A field that does not parse has already said so.
            if !parsed.contains(&problem.field) {
                errors.push((problem.field, problem_key(&problem.problem)));
            }
        }
        self.errors = errors;
    }

    pub(super) fn error_for(&self, path: &str) -> Option<&str> {
        self.shown_errors()
            .find(|(field, _)| field == path || field.starts_with(&format!("{path}[")))
            .map(|(_, key)| key.as_str())
    }

    /// The problems the form shows: all but those of the field being typed
    /// into (saving still needs none at all).
    pub(super) fn shown_errors(&self) -> impl Iterator<Item = &(String, String)> {
        let typing = self.typing.map(Field::path);
        self.errors
            .iter()
            .filter(move |(field, _)| Some(field.as_str()) != typing)
    }

    /// Where a problem reported under `path` is shown: the field, if it
    /// is one of the form's text fields, and the section.
    pub(super) fn place_of(path: &str) -> (Option<Field>, Section) {
        if let Some(field) = Field::at(path) {
            return (Some(field), field.section());
        }
        let part = path.split(['.', '[']).next().unwrap_or_default();
        let key = section_key(part);
        let section = Section::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .unwrap_or(Section::Notes);
        (None, section)
    }

    /// The first problem the form shows, in the order of the sections.
    pub(super) fn first_problem(&self) -> Option<&(String, String)> {
        self.shown_errors()
            .min_by_key(|(path, _)| Self::place_of(path).1 as usize)
    }

    /// The sections that hold a problem (their tabs are marked).
    pub(super) fn sections_with_problems(&self) -> Vec<Section> {
        self.shown_errors()
            .map(|(path, _)| Self::place_of(path).1)
            .collect()
    }
}

/// The pick lists of the form: each label's translation key and the
/// record path of the choice it makes (its problems are shown at it).
const CHOICES: [(&str, &str); 14] = [
    ("field-gender", "person.gender"),
    ("field-document-type", "person.identity_document.kind"),
    ("field-channel", "first_contact.channel"),
    ("field-status", "status"),
    ("field-consent-given-by", "consent.given_by"),
    ("field-trafficking-status", "assessment.trafficking_status"),
    ("field-decided-by", "assessment.decided_by"),
    (
        "field-relationship",
        "exploitation.relationship_to_trafficker",
    ),
    ("field-labour-industry", "exploitation.labour_industry"),
    ("field-event-type", "new_event.kind"),
    ("field-organisation-type", "new_referral.organisation_type"),
    ("field-service", "new_referral.service"),
    ("field-outcome", "new_referral.outcome"),
    ("field-follow-up-kind", "new_follow_up.kind"),
];

/// The record path of the choice the pick list labelled `label` makes.
pub(super) fn choice_path(label: &str) -> &'static str {
    CHOICES
        .iter()
        .find(|(l, _)| *l == label)
        .map_or("", |(_, path)| path)
}

/// The label of the pick list that makes the choice at `path`, if one does.
pub(super) fn choice_label(path: &str) -> Option<&'static str> {
    CHOICES.iter().find(|(_, p)| *p == path).map(|(l, _)| *l)
}

pub(super) fn section_key(part: &str) -> &'static str {
    match part {
        "person" => "section-person",
        "first_contact" | "consent" => "section-contact",
        "assessment" => "section-assessment",
        "exploitation" => "section-exploitation",
        "assistance" => "section-assistance",
        "referrals" => "section-referrals",
        "follow_ups" => "section-follow-ups",
        _ => "section-notes",
    }
}

/// The translation key of a validation problem.
pub fn problem_key(problem: &Problem) -> String {
    match problem {
        Problem::DateInFuture { .. } => "problem-date-in-future",
        Problem::DateImplausible { .. } => "problem-date-implausible",
        Problem::DateAfterFirstContact { .. } => "problem-date-after-contact",
        Problem::DateBeforeBirth { .. } => "problem-date-before-birth",
        Problem::DateNotAfter { .. } => "problem-date-not-after",
        Problem::UnknownCountry { .. } => "problem-unknown-country",
        Problem::UnknownLanguage { .. } => "problem-unknown-language",
        Problem::DuplicateValue { .. } => "problem-duplicate",
        Problem::InvalidPhone { .. } => "problem-phone",
        Problem::InvalidEmail { .. } => "problem-email",
        Problem::AgeOutOfRange { .. } | Problem::AgeAboveAgeAtContact { .. } => "problem-age",
        Problem::BirthYearMismatch { .. } => "problem-birth-year",
        Problem::Empty => "problem-required",
        Problem::TooLong { .. } => "problem-too-long",
        Problem::DecisionMakerMissing => "problem-decided-by",
        Problem::SetOnlyByRedaction => "problem-set-by-redaction",
        Problem::SetOnlyByStubs => "problem-set-by-stubs",
        Problem::CaseTooLarge { .. } => "problem-case-too-large",
    }
    .to_owned()
}
