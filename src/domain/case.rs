//! The case record: what an officer writes down about one person.
//!
//! Field names follow HTCDS 2.0 where it has them (see `vocab`). Every part
//! rejects fields it does not know, so a typo in an imported JSON file is an
//! error rather than silently lost data. Optional facts are `Option`s, and a
//! yes/no question that may not have been asked is an `Option<bool>`: "not
//! recorded" is different from "no".

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::vocab::*;

/// The identity of a case: a UUID v7, unique across every mission.
///
/// Its timestamp is the first instant of the UTC month the case was created
/// in, and the other 74 bits are random: ids sort by month and say nothing
/// finer, since a redacted case travels with its id and the day it was
/// created is close to the day of first contact. Ids made before this rule
/// still carry their creation time to the millisecond
/// (docs/export-format.md). Nothing reads a time from an id or relies on
/// their order within a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseId(pub Uuid);

impl CaseId {
    pub fn new() -> Self {
        CaseId::in_month_of(Utc::now())
    }

    /// A new id for a case created at `now`: stamped with the first instant
    /// of its UTC month.
    fn in_month_of(now: DateTime<Utc>) -> Self {
        let month = NaiveDate::from_ymd_opt(now.year(), now.month(), 1)
            .and_then(|first| first.and_hms_opt(0, 0, 0))
            .map_or(0, |start| start.and_utc().timestamp());
        // No context: a v7 counter would fill the random bits with a
        // sequence, and a context may move the time to keep it increasing.
        let stamp =
            uuid::Timestamp::from_unix(uuid::NoContext, u64::try_from(month).unwrap_or(0), 0);
        CaseId(Uuid::new_v7(stamp))
    }
}

impl Default for CaseId {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for CaseId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(CaseId)
    }
}

/// What the vault adds to a case: identity, origin and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordMeta {
    pub id: CaseId,
    /// Shown to humans: `<MISSION>-<YEAR>-<NNNN>`, or
    /// `<MISSION>-<YEAR>-<NNNN>-<TAG>` when created after the vault was
    /// restored from a backup (the tag of its restore epoch).
    pub reference: String,
    /// Code of the mission that created the case.
    pub origin_mission: String,
    /// Starts at 1 and increases by one on every save.
    pub revision: u32,
    /// The restore epoch this revision was saved in, if the vault had been
    /// restored from a backup by then (`vault::epoch`). Versions are ordered
    /// by epoch first, then revision: a save after a restore outranks every
    /// version saved before it, whatever its revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}

/// A stored case: its metadata and its content.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub meta: RecordMeta,
    pub case: Case,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The content of a case, as an officer edits it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    #[serde(default)]
    pub status: CaseStatus,
    /// HTCDS `cas_ReasonForCaseClosure`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Person::is_empty")]
    pub person: Person,
    #[serde(default, skip_serializing_if = "Consent::is_empty")]
    pub consent: Consent,
    pub first_contact: FirstContact,
    #[serde(default, skip_serializing_if = "Assessment::is_empty")]
    pub assessment: Assessment,
    #[serde(default, skip_serializing_if = "Exploitation::is_empty")]
    pub exploitation: Exploitation,
    #[serde(default, skip_serializing_if = "Assistance::is_empty")]
    pub assistance: Assistance,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<Referral>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Retention: the case should be erased after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erase_after: Option<NaiveDate>,
    /// Made by the generator for training, demonstrations or benchmarks.
    #[serde(default, skip_serializing_if = "is_false")]
    pub synthetic: bool,
    /// The record as it reached the commission without the person's consent
    /// to identifiable data (`exchange::redact`): every date stands for its
    /// month and is written as the first day of it, the birth date became
    /// `person.age_at_first_contact`, and free text is gone.
    #[serde(default, skip_serializing_if = "is_false")]
    pub redacted: bool,
    /// A stub kept at the mission of a record the commission holds whole
    /// (`vault::stubs`): its reference, dates and statuses only. Read-only,
    /// and never exported.
    #[serde(default, skip_serializing_if = "is_false")]
    pub held_by_commission: bool,
}

impl Case {
    /// The action due next: the one set by the latest follow-up, if any.
    /// Closed cases have nothing due.
    pub fn next_due(&self) -> Option<NaiveDate> {
        if self.status.is_closed() {
            return None;
        }
        self.follow_ups
            .iter()
            .max_by_key(|f| f.date)
            .and_then(|f| f.next_action_due)
    }

    /// A short label for lists: the names if known, else nothing.
    pub fn display_name(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.person.given_name, &self.person.family_name]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// The names are a pseudonym chosen for or by the person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_pseudonym: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// The year of birth alone (what redaction kept of the birth date before
    /// format 2; still read, no longer written by an export).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i32>,
    /// Age in years estimated at first contact, when the birth date is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_age: Option<u8>,
    /// Age in whole years at first contact, worked out from the birth date:
    /// what remains of it in a record shared with the commission without
    /// consent to identifiable data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_at_first_contact: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// ISO 3166-1 alpha-2 codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citizenship: Vec<String>,
    /// ISO 639 code (three letters, or two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_document: Option<IdentityDocument>,
    /// E.164, e.g. `+447700900123`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_location: Option<Location>,
}

impl Person {
    pub fn is_empty(&self) -> bool {
        *self == Person::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityDocument {
    #[serde(rename = "type")]
    pub kind: DocumentType,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// HTCDS `con_*`: what the person agreed to and was told.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// Consent (or assent) to the interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interview: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub informed_of: Vec<InformedOf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_by: Option<ConsentGivenBy>,
    /// Only `Some(true)` lets names, contact details and identity numbers
    /// travel to the commission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_identifiable_with_commission: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anonymous_statistics: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

impl Consent {
    pub fn is_empty(&self) -> bool {
        *self == Consent::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstContact {
    pub date: NaiveDate,
    pub channel: ContactChannel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

impl Default for FirstContact {
    fn default() -> Self {
        FirstContact {
            date: NaiveDate::MIN,
            channel: ContactChannel::WalkIn,
            place: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trafficking_status: Option<TraffickingStatus>,
    /// Who decided the trafficking status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<DecisionMaker>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<ObservedIndicator>,
}

impl Assessment {
    pub fn is_empty(&self) -> bool {
        *self == Assessment::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedIndicator {
    pub indicator: Indicator,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// HTCDS `vic_*`: how the person was exploited.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exploitation {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<ExploitationType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sexual_exploitation_types: Vec<SexExploitationType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labour_industry: Option<LabourIndustry>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recruitment_methods: Vec<RecruitmentMethod>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub means_of_control: Vec<MeansOfControl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_to_trafficker: Option<Relationship>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_when_trafficked: Option<u8>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_of_exploitation: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<TraffickingEvent>,
}

impl Exploitation {
    pub fn is_empty(&self) -> bool {
        *self == Exploitation::default()
    }
}

/// HTCDS `hte_*`: a step of the trafficking history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraffickingEvent {
    #[serde(rename = "type")]
    pub kind: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assistance {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urgent_needs: Vec<UrgentNeed>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub travel_document_issued: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_assisted: Option<bool>,
    /// The reflection and recovery period granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reflection_period: Option<Period>,
}

impl Assistance {
    pub fn is_empty(&self) -> bool {
        *self == Assistance::default()
    }
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
}

/// HTCDS `cas_*` outgoing referral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    pub date: NaiveDate,
    /// Required, except in a redacted record, which travels without it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_type: Option<OrganisationType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ReferralReason>,
    pub service: ReferralService,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<ReferralOutcome>,
    /// The person agrees that this organisation receives their name and
    /// contact details (the referral letter then carries them). The case's
    /// consent covers the commission only; this covers one organisation.
    /// Absent (older records) reads as no.
    #[serde(default, skip_serializing_if = "is_false")]
    pub share_identity: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    pub date: NaiveDate,
    pub kind: FollowUpKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_action_due: Option<NaiveDate>,
}

/// Why a JSON text is not a case, naming the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    /// Dotted path of the field, e.g. `person.gender`; empty for the whole text.
    pub field: String,
    pub message: String,
}

impl Case {
    /// Reads a case from JSON, rejecting unknown fields and invalid values
    /// with a message that names the field (`person.gender: unknown variant ...`).
    pub fn from_json(text: &str) -> Result<Case, ParseError> {
        // Without tracking the path first (twice as fast); a text that fails
        // is read again to name the field at fault.
        if let Ok(case) = serde_json::from_str(text) {
            return Ok(case);
        }
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let case: Case = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let field = e.path().to_string();
            let field = if field == "." { String::new() } else { field };
            let inner = e.into_inner();
            let message = if field.is_empty() {
                inner.to_string()
            } else {
                format!("{field}: {inner}")
            };
            ParseError { field, message }
        })?;
        deserializer.end().map_err(|e| ParseError {
            field: String::new(),
            message: e.to_string(),
        })?;
        Ok(case)
    }

    pub fn to_json_value(&self) -> serde_json::Value {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id's timestamp read back as a UTC time.
    fn stamp(id: CaseId) -> Option<DateTime<Utc>> {
        let (secs, nanos) = id.0.get_timestamp()?.to_unix();
        DateTime::from_timestamp(i64::try_from(secs).ok()?, nanos)
    }

    fn month_start(time: DateTime<Utc>) -> Option<DateTime<Utc>> {
        NaiveDate::from_ymd_opt(time.year(), time.month(), 1)?
            .and_hms_opt(0, 0, 0)
            .map(|start| start.and_utc())
    }

    #[test]
    fn a_new_case_id_carries_only_the_month_it_was_made_in() {
        let before = Utc::now();
        let id = CaseId::new();
        let after = Utc::now();
        assert_eq!(id.0.get_version_num(), 7);
        let stamp = stamp(id);
        // The month may turn between the two readings of the clock.
        assert!(
            stamp == month_start(before) || stamp == month_start(after),
            "{stamp:?}"
        );

        let made = DateTime::parse_from_rfc3339("2026-11-20T13:45:12.345Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default();
        let first = CaseId::in_month_of(made);
        let second = CaseId::in_month_of(made);
        assert_eq!(stamp_text(first), "2026-11-01T00:00:00+00:00");
        // The rest is random, so two ids made in one month differ.
        assert_ne!(first, second);
        assert_eq!(first.0.get_version_num(), 7);
    }

    fn stamp_text(id: CaseId) -> String {
        stamp(id).map(|t| t.to_rfc3339()).unwrap_or_default()
    }
}
