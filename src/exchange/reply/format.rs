//! The plaintext inside a reply file (docs/export-format.md, "Reply
//! files"): three UTF-8 JSON lines, each ending in `\n`.
//!
//! ```text
//! {"format":"casebook-reply","version":1}     opening line
//! {"reply":{...}}                             everything the reply says
//! {"signature":"<hex>"}                       Ed25519 over the reply line
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::ReferralService;
use crate::vault::{ErasedAtCommission, ExportReceipt, HighWater, SetAside};

pub const FORMAT: &str = "casebook-reply";
/// The newest reply format this build reads and writes. 3 adds the
/// mission's cases the commission erased itself (`Reply::erased`).
pub const VERSION: u32 = 3;
/// The format of a reply that carries nothing version 3 brought.
pub const VERSION_2: u32 = 2;
/// The format of a reply that carries nothing version 2 brought, written
/// as such so that a mission of an older build still reads it.
pub const VERSION_1: u32 = 1;

/// The largest reply file this build reads (bytes, encrypted). A reply
/// carries a receipt per export and a directory of a few hundred
/// organisations: a few hundred kilobytes at most.
pub const MAX_FILE_BYTES: u64 = 16 << 20;
/// Bounds on what one reply may carry, checked before anything is stored.
pub const MAX_RECEIPTS: usize = 100_000;
pub const MAX_SET_ASIDE: usize = crate::vault::MAX_SET_ASIDE;
pub const MAX_ORGANISATIONS: usize = 5_000;
pub const MAX_NOTES: usize = 1_000;
pub const MAX_KEY_EVENTS: usize = 100;
/// The longest text of a directory entry or of one language of a note.
pub const MAX_TEXT: usize = 20_000;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opening {
    pub format: String,
    pub version: u32,
}

/// Everything a reply says; signed by the commission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    pub format: String,
    pub version: u32,
    pub commission_code: String,
    /// The commission's Ed25519 public key that signed the reply, hex.
    pub commission_key: String,
    /// Whom it is for: the mission's code, the id of its vault and its
    /// age recipient, as its latest export gave them.
    pub mission_code: String,
    pub mission_id: String,
    pub mission_recipient: String,
    pub created_at: DateTime<Utc>,
    pub app_version: String,
    /// Every export file of the mission the commission imported.
    pub receipts: Vec<ExportReceipt>,
    /// Versions of the mission's cases the commission set aside.
    pub set_aside: Vec<SetAside>,
    pub high_water: HighWater,
    pub directory: Directory,
    pub guidance: Vec<GuidanceNote>,
    pub key_events: Vec<KeyEvent>,
    /// Version 2: the ids of guidance notes the commission withdrew; a
    /// mission hides them, whatever an older reply carries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn_guidance: Vec<String>,
    /// Version 3: the mission's cases the commission erased itself (past
    /// their erase-after date), by reference and date, oldest first. The
    /// mission never reduces them to a stub and knows its updates of them
    /// reach nothing (`vault::withdrawals`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub erased: Vec<ErasedAtCommission>,
}

impl Reply {
    /// Whether the reply carries anything format 1 did not have.
    pub fn needs_version_2(&self) -> bool {
        !self.withdrawn_guidance.is_empty()
            || self.key_events.iter().any(|e| e.mission_key().is_some())
    }

    /// The lowest format that holds everything the reply carries: a
    /// mission of an older build still reads the others.
    pub fn needed_version(&self) -> u32 {
        if !self.erased.is_empty() {
            VERSION
        } else if self.needs_version_2() {
            VERSION_2
        } else {
            VERSION_1
        }
    }
}

/// Whether `text` is of the form of a case reference or a guidance note's
/// id: 1 to 100 ASCII letters, digits or `-`.
pub fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The organisations missions refer people to. Version 0 is the empty
/// directory a commission that keeps none sends.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directory {
    pub version: u64,
    pub organisations: Vec<Organisation>,
}

/// The organisation types of the directory: HTCDS `org_Type`, and the two
/// kinds the commission also works with.
pub const ORGANISATION_TYPES: &[&str] = &[
    "NGO",
    "LawEnforcement",
    "HealthServiceOrganisation",
    "CentralGovernmentOrganisation",
    "LocalGovernmentOrganisation",
    "ImmigrationService",
    "LegalService",
    "CorporateBusiness",
    "SchoolOrCollege",
    "LithuanianCommunityOrganisation",
    "FaithBasedOrganisation",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    /// One of [`ORGANISATION_TYPES`].
    #[serde(rename = "type")]
    pub kind: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default)]
    pub services: Vec<ReferralService>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// ISO 639-1 codes.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A short dated text from the commission, in Lithuanian and/or English.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuidanceNote {
    /// Unique and stable: the same note in a later reply is not new.
    pub id: String,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl GuidanceNote {
    /// The note's text in `language`, or in the other one when it has
    /// only that.
    pub fn text_in(&self, language: crate::i18n::Language) -> &str {
        let (first, second) = match language {
            crate::i18n::Language::Lithuanian => (&self.lt, &self.en),
            crate::i18n::Language::English => (&self.en, &self.lt),
        };
        first.as_deref().or(second.as_deref()).unwrap_or_default()
    }
}

/// A change of keys the mission must know of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "event", deny_unknown_fields)]
pub enum KeyEvent {
    /// The commission's keys were replaced: exports go to the new
    /// recipient and replies are signed by the new key from then on. The
    /// previous signing key endorses the new keys ([`rotation_statement`]),
    /// so that a mission holding it can follow without another phone call.
    CommissionKeyRotated(Rotation),
    /// Version 2: a key of this mission that the commission replaced (by
    /// phone or by a rotation the mission made).
    MissionKeyReplaced(MissionKeyEvent),
    /// Version 2: a key of this mission that the commission revoked.
    MissionKeyRevoked(MissionKeyEvent),
}

impl KeyEvent {
    /// The commission's rotation this event announces, if it is one.
    pub fn commission_rotation(&self) -> Option<&Rotation> {
        match self {
            KeyEvent::CommissionKeyRotated(rotation) => Some(rotation),
            _ => None,
        }
    }

    /// The event about one of the mission's own keys, if it is one.
    pub fn mission_key(&self) -> Option<(&'static str, &MissionKeyEvent)> {
        match self {
            KeyEvent::MissionKeyReplaced(event) => Some(("mission-key-replaced", event)),
            KeyEvent::MissionKeyRevoked(event) => Some(("mission-key-revoked", event)),
            KeyEvent::CommissionKeyRotated(_) => None,
        }
    }
}

/// What the commission did with one of the mission's keys, and which of
/// that key's exports it still takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissionKeyEvent {
    /// When the commission replaced or revoked it.
    pub at: DateTime<Utc>,
    /// The key's fingerprint, as people read it aloud
    /// (`3F2A 91C0 ...`, eight groups of four capitals).
    pub fingerprint: String,
    /// The restore epoch of the numbers still accepted, absent for a
    /// mission never restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// Exports the key signed up to this number (of that epoch, not yet
    /// received) are still accepted; absent: none is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_through: Option<u64>,
}

impl MissionKeyEvent {
    fn problem(&self) -> Option<String> {
        let groups: Vec<&str> = self.fingerprint.split(' ').collect();
        if groups.len() != 8
            || groups.iter().any(|g| {
                g.len() != 4
                    || !g
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b))
            })
        {
            return Some("a key event names a fingerprint that is not one".into());
        }
        if self
            .epoch
            .as_deref()
            .is_some_and(|e| !crate::vault::is_epoch_id(e))
        {
            return Some("a key event names a restore epoch that is not one".into());
        }
        if self
            .accepted_through
            .is_some_and(|n| n > crate::vault::MAX_EXPORT_SEQUENCE)
        {
            return Some("a key event accepts an export number beyond any mission's".into());
        }
        None
    }
}

/// One rotation of the commission's keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    pub at: DateTime<Utc>,
    /// The signing key replaced, hex.
    pub previous_signing_key: String,
    /// The new age recipient.
    pub recipient: String,
    /// The new signing key, hex.
    pub signing_key: String,
    /// Ed25519 by the previous signing key over [`rotation_statement`], hex.
    pub endorsement: String,
}

/// The bytes a rotation's endorsement signs: four lines, no final line
/// break.
pub fn rotation_statement(rotation: &Rotation) -> String {
    format!(
        "casebook-commission-key-rotation/1\n{}\n{}\n{}",
        rotation
            .at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        rotation.recipient,
        rotation.signing_key
    )
}

/// A line after the opening one.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Line {
    Reply(Box<Reply>),
    Signature(String),
}

impl Reply {
    /// What is wrong with a reply's content, if anything: counts beyond the
    /// bounds, texts too long, values out of their vocabularies.
    pub fn problem(&self) -> Option<String> {
        let too_many = |what: &str, n: usize, max: usize| {
            (n > max).then(|| format!("{n} {what}, more than the {max} a reply may carry"))
        };
        if let Some(problem) = too_many("receipts", self.receipts.len(), MAX_RECEIPTS)
            .or_else(|| too_many("set-aside versions", self.set_aside.len(), MAX_SET_ASIDE))
            .or_else(|| {
                too_many(
                    "organisations",
                    self.directory.organisations.len(),
                    MAX_ORGANISATIONS,
                )
            })
            .or_else(|| too_many("guidance notes", self.guidance.len(), MAX_NOTES))
            .or_else(|| too_many("key events", self.key_events.len(), MAX_KEY_EVENTS))
        {
            return Some(problem);
        }
        if let Some(problem) = self.high_water_problem() {
            return Some(problem);
        }
        for receipt in &self.receipts {
            if receipt.manifest_sha256.len() != 64
                || !receipt
                    .manifest_sha256
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit())
            {
                return Some(format!(
                    "the receipt of export {} has no valid manifest digest",
                    receipt.sequence
                ));
            }
            if !is_rfc3339(&receipt.received_at)
                || receipt.kind.is_empty()
                || receipt.kind.len() > 40
                || !receipt
                    .kind
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-')
                || receipt.counts.as_ref().is_some_and(|counts| {
                    counts.len() > 20
                        || counts.keys().any(|k| {
                            k.is_empty()
                                || k.len() > 40
                                || !k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                        })
                })
            {
                return Some(format!(
                    "the receipt of export {} has a date, kind or count that is not of its kind",
                    receipt.sequence
                ));
            }
            if let Some(epoch) = &receipt.epoch
                && !crate::vault::is_epoch_id(epoch)
            {
                return Some(format!(
                    "the receipt of export {} has no valid restore epoch",
                    receipt.sequence
                ));
            }
        }
        for set_aside in &self.set_aside {
            if !is_token(&set_aside.reference) || !is_rfc3339(&set_aside.received_at) {
                return Some(
                    "a set-aside version has a reference or date that is not of its kind".into(),
                );
            }
        }
        if let Some(problem) = self
            .key_events
            .iter()
            .filter_map(KeyEvent::mission_key)
            .find_map(|(_, event)| event.problem())
        {
            return Some(problem);
        }
        if self.version < VERSION_2 && self.needs_version_2() {
            return Some(format!(
                "events about the mission's own keys and withdrawn guidance appear only in reply format {VERSION_2} and later"
            ));
        }
        if self.version < VERSION && !self.erased.is_empty() {
            return Some(format!(
                "cases erased at the commission appear only in reply format {VERSION}"
            ));
        }
        if let Some(problem) = too_many("erased cases", self.erased.len(), MAX_SET_ASIDE) {
            return Some(problem);
        }
        for erased in &self.erased {
            if !is_token(&erased.reference) || !is_rfc3339(&erased.erased_at) {
                return Some(
                    "a case erased at the commission has a reference or date that is not of its kind"
                        .into(),
                );
            }
            // Only this mission's own cases: a reply names nothing else.
            if !erased
                .reference
                .strip_prefix(self.mission_code.as_str())
                .is_some_and(|rest| rest.starts_with('-'))
            {
                return Some("a case erased at the commission is not one of this mission's".into());
            }
        }
        if let Some(problem) = too_many(
            "withdrawn guidance notes",
            self.withdrawn_guidance.len(),
            MAX_NOTES,
        ) {
            return Some(problem);
        }
        if self.withdrawn_guidance.iter().any(|id| !is_token(id)) {
            return Some("a withdrawn guidance note's id is not of the form of one".into());
        }
        self.directory
            .organisations
            .iter()
            .find_map(Organisation::problem)
            .or_else(|| self.guidance.iter().find_map(GuidanceNote::problem))
    }
}

impl Reply {
    /// The high-water marks must name this mission's references
    /// (`CODE-YYYY`), few of them, and numbers within the bounds a mission
    /// counts to: one mark far out would otherwise stop it making cases.
    fn high_water_problem(&self) -> Option<String> {
        use crate::vault::{
            MAX_EXPORT_SEQUENCE, MAX_HIGH_WATER_PREFIXES, MAX_REFERENCE_NUMBER, is_reference_prefix,
        };
        let high = &self.high_water;
        if high.export_sequence > MAX_EXPORT_SEQUENCE {
            return Some(format!(
                "its highest export number, {}, is beyond any mission's ({MAX_EXPORT_SEQUENCE})",
                high.export_sequence
            ));
        }
        if high.references.len() > MAX_HIGH_WATER_PREFIXES {
            return Some(format!(
                "its high-water marks name {} reference prefixes, more than the {MAX_HIGH_WATER_PREFIXES} a reply may carry",
                high.references.len()
            ));
        }
        if high.export_sequences.len() > MAX_HIGH_WATER_PREFIXES
            || high.export_sequences.iter().any(|(epoch, last)| {
                (!epoch.is_empty() && !crate::vault::is_epoch_id(epoch))
                    || *last > MAX_EXPORT_SEQUENCE
            })
        {
            return Some(
                "its export numbers per restore epoch name an epoch that is none, or a number beyond any mission's"
                    .into(),
            );
        }
        for (prefix, last) in &high.references {
            if !is_reference_prefix(&self.mission_code, prefix) {
                return Some(
                    "a high-water mark names a reference prefix that is not this mission's code and a year"
                        .into(),
                );
            }
            if *last > MAX_REFERENCE_NUMBER {
                return Some(format!(
                    "its high-water mark for {prefix}, {last}, is beyond any case number ({MAX_REFERENCE_NUMBER})"
                ));
            }
        }
        for receipt in &self.receipts {
            if receipt.sequence > MAX_EXPORT_SEQUENCE {
                return Some(format!(
                    "a receipt names export {}, beyond any mission's ({MAX_EXPORT_SEQUENCE})",
                    receipt.sequence
                ));
            }
        }
        None
    }
}

/// Whether a character may not appear in a text of a reply: the project's
/// rule for hidden characters (`domain::text`), a line break allowed only
/// where `lines` says. A phone number with U+202E reads reversed on screen.
pub fn is_unsafe_char(c: char, lines: bool) -> bool {
    crate::domain::text::is_hidden(c) && !(lines && c == '\n')
}

/// Whether `text` is free of [`is_unsafe_char`]s.
pub fn is_clean(text: &str, lines: bool) -> bool {
    !text.chars().any(|c| is_unsafe_char(c, lines))
}

/// `text` as it may be shown on a terminal: every character that
/// [`is_unsafe_char`] names is written as `\u{...}` (a second guard:
/// receiving refuses them already).
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_char(c, true) {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_rfc3339(text: &str) -> bool {
    text.len() <= 40 && DateTime::parse_from_rfc3339(text).is_ok()
}

/// `+44 20 7946 0000`, `(0)20-7946`: digits, spaces, `+()-`, 3 to 32.
fn is_phone(text: &str) -> bool {
    (3..=32).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b" +()-".contains(&b))
}

/// `name@domain.tld`: one `@`, no spaces or controls, a dot in the domain.
fn is_email(text: &str) -> bool {
    text.len() <= 254
        && is_clean(text, false)
        && !text.chars().any(char::is_whitespace)
        && text.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
}

fn too_long(text: &Option<String>) -> bool {
    text.as_ref().is_some_and(|t| t.len() > MAX_TEXT)
}

impl Organisation {
    /// What is wrong with an entry of the directory, if anything. Messages
    /// never repeat a text that failed its check.
    pub fn problem(&self) -> Option<String> {
        // No longer than a referral's organisation may be, so a pick is
        // never refused for a name the officer did not type.
        if self.name.trim().is_empty()
            || self.name.chars().count() > crate::domain::validate::MAX_NAME_CHARS
            || !is_clean(&self.name, false)
        {
            return Some(
                "an organisation of the directory has no name, too long a one, or one with control or invisible characters"
                    .into(),
            );
        }
        let name = &self.name;
        if !ORGANISATION_TYPES.contains(&self.kind.as_str()) {
            return Some(format!(
                "organisation \"{name}\" has an unknown type (one of {})",
                ORGANISATION_TYPES.join(", ")
            ));
        }
        if self.country.len() != 2 || !self.country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Some(format!(
                "organisation \"{name}\" has no country code of two capital letters"
            ));
        }
        if [&self.city, &self.phone, &self.email, &self.notes]
            .into_iter()
            .any(too_long)
            || self.languages.len() > 100
        {
            return Some(format!("organisation \"{name}\" has too long a text"));
        }
        if self
            .city
            .as_deref()
            .is_some_and(|c| c.trim().is_empty() || c.len() > 200 || !is_clean(c, false))
            || self.notes.as_deref().is_some_and(|n| !is_clean(n, true))
        {
            return Some(format!(
                "organisation \"{name}\" has control or invisible characters in its city or notes"
            ));
        }
        if self.phone.as_deref().is_some_and(|p| !is_phone(p)) {
            return Some(format!(
                "organisation \"{name}\" has a phone number with other than digits, spaces and +()-"
            ));
        }
        if self.email.as_deref().is_some_and(|e| !is_email(e)) {
            return Some(format!(
                "organisation \"{name}\" has an e-mail address that is not one"
            ));
        }
        if self
            .languages
            .iter()
            .any(|l| l.len() != 2 || !l.bytes().all(|b| b.is_ascii_lowercase()))
        {
            return Some(format!(
                "organisation \"{name}\" has a language that is not an ISO 639-1 code of two small letters"
            ));
        }
        None
    }
}

impl GuidanceNote {
    /// What is wrong with a note, if anything.
    pub fn problem(&self) -> Option<String> {
        if self.id.is_empty()
            || self.id.len() > 100
            || !self
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Some("a guidance note has no id, too long a one, or one of other than letters, digits and -".into());
        }
        if (self.lt.is_none() && self.en.is_none()) || too_long(&self.lt) || too_long(&self.en) {
            return Some(format!(
                "guidance note {} has no text or too long a one",
                self.id
            ));
        }
        if [&self.lt, &self.en]
            .into_iter()
            .flatten()
            .any(|text| !is_clean(text, true))
        {
            return Some(format!(
                "guidance note {} has control or invisible characters",
                self.id
            ));
        }
        None
    }
}

/// Parses a signed line, naming the field at fault.
pub fn parse_line(line: &[u8]) -> Result<Line, super::Error> {
    crate::exchange::format::parse(line).map_err(super::Error::ReplyDamaged)
}

#[cfg(test)]
pub(crate) mod tests;
