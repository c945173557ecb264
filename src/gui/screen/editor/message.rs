//! The editor's vocabulary: its text fields, its sections, the messages
//! it takes and the actions it asks of the application.

use crate::domain::{
    Case, CaseId, CaseRecord, CaseStatus, ConsentGivenBy, ContactChannel, DecisionMaker,
    DocumentType, EventType, ExploitationType, FollowUpKind, Gender, Indicator, InformedOf,
    LabourIndustry, MeansOfControl, OrganisationType, RecruitmentMethod, ReferralOutcome,
    ReferralService, Relationship, SexExploitationType, TraffickingStatus, UrgentNeed,
};
use crate::gui::widget::Choice;
use crate::vault;

use super::{CountryField, Place};

/// The text fields of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Field {
    GivenName,
    FamilyName,
    BirthDate,
    Citizenship,
    Language,
    Phone,
    Email,
    ContactDate,
    ContactPlace,
    ConsentDate,
    CountryOfExploitation,
    Notes,
    EraseAfter,
    EstimatedAge,
    DocumentNumber,
    LocationCity,
    LocationCountry,
    ClosureReason,
    AgeTrafficked,
    ReferralDate,
    ReferralOrganisation,
    FollowUpDate,
    FollowUpSummary,
    FollowUpNextAction,
    FollowUpDue,
    EventDate,
    EventCountry,
    EventCity,
    EventDescription,
}

impl Field {
    pub fn id(self) -> &'static str {
        match self {
            Field::GivenName => "case-field-given-name",
            Field::FamilyName => "case-field-family-name",
            Field::BirthDate => "case-field-birth-date",
            Field::Citizenship => "case-field-citizenship",
            Field::Language => "case-field-language",
            Field::Phone => "case-field-phone",
            Field::Email => "case-field-email",
            Field::ContactDate => "case-field-contact-date",
            Field::ContactPlace => "case-field-contact-place",
            Field::ConsentDate => "case-field-consent-date",
            Field::CountryOfExploitation => "case-field-country-of-exploitation",
            Field::Notes => "case-field-notes",
            Field::EraseAfter => "case-field-erase-after",
            Field::EstimatedAge => "case-field-estimated-age",
            Field::DocumentNumber => "case-field-document-number",
            Field::LocationCity => "case-field-location-city",
            Field::LocationCountry => "case-field-location-country",
            Field::ClosureReason => "case-field-closure-reason",
            Field::AgeTrafficked => "case-field-age-trafficked",
            Field::ReferralDate => "case-field-referral-date",
            Field::ReferralOrganisation => "case-field-referral-organisation",
            Field::FollowUpDate => "case-field-follow-up-date",
            Field::FollowUpSummary => "case-field-follow-up-summary",
            Field::FollowUpNextAction => "case-field-follow-up-next-action",
            Field::FollowUpDue => "case-field-follow-up-due",
            Field::EventDate => "case-field-event-date",
            Field::EventCountry => "case-field-event-country",
            Field::EventCity => "case-field-event-city",
            Field::EventDescription => "case-field-event-description",
        }
    }

    pub(super) const ALL: [Field; 29] = [
        Field::GivenName,
        Field::FamilyName,
        Field::BirthDate,
        Field::Citizenship,
        Field::Language,
        Field::Phone,
        Field::Email,
        Field::ContactDate,
        Field::ContactPlace,
        Field::ConsentDate,
        Field::CountryOfExploitation,
        Field::Notes,
        Field::EraseAfter,
        Field::EstimatedAge,
        Field::DocumentNumber,
        Field::LocationCity,
        Field::LocationCountry,
        Field::ClosureReason,
        Field::AgeTrafficked,
        Field::ReferralDate,
        Field::ReferralOrganisation,
        Field::FollowUpDate,
        Field::FollowUpSummary,
        Field::FollowUpNextAction,
        Field::FollowUpDue,
        Field::EventDate,
        Field::EventCountry,
        Field::EventCity,
        Field::EventDescription,
    ];

    /// The field whose problems are reported under `path`.
    pub(super) fn at(path: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.path() == path)
    }

    /// The translation key of the field's label.
    pub(super) fn label(self) -> &'static str {
        match self {
            Field::GivenName => "field-given-name",
            Field::FamilyName => "field-family-name",
            Field::BirthDate => "field-birth-date",
            Field::Citizenship => "field-citizenship",
            Field::Language => "field-language",
            Field::Phone => "field-phone",
            Field::Email => "field-email",
            Field::ContactDate => "field-contact-date",
            Field::ContactPlace => "field-contact-place",
            Field::ConsentDate => "field-consent-date",
            Field::CountryOfExploitation => "field-country-of-exploitation",
            Field::Notes => "field-notes",
            Field::EraseAfter => "field-erase-after",
            Field::EstimatedAge => "field-estimated-age",
            Field::DocumentNumber => "field-document-number",
            Field::LocationCity => "field-location-city",
            Field::LocationCountry => "field-location-country",
            Field::ClosureReason => "field-closure-reason",
            Field::AgeTrafficked => "field-age-trafficked",
            Field::ReferralDate | Field::FollowUpDate | Field::EventDate => "field-date",
            Field::ReferralOrganisation => "field-organisation",
            Field::FollowUpSummary => "field-summary",
            Field::FollowUpNextAction => "field-next-action",
            Field::FollowUpDue => "field-next-action-due",
            Field::EventCountry => "field-event-country",
            Field::EventCity => "field-event-city",
            Field::EventDescription => "field-event-description",
        }
    }

    /// The section of the form that shows the field.
    pub(super) fn section(self) -> Section {
        match self {
            Field::GivenName
            | Field::FamilyName
            | Field::BirthDate
            | Field::Citizenship
            | Field::Language
            | Field::Phone
            | Field::Email
            | Field::EstimatedAge
            | Field::DocumentNumber
            | Field::LocationCity
            | Field::LocationCountry => Section::Person,
            Field::ContactDate
            | Field::ContactPlace
            | Field::ClosureReason
            | Field::ConsentDate => Section::Contact,
            Field::CountryOfExploitation => Section::Assessment,
            Field::AgeTrafficked
            | Field::EventDate
            | Field::EventCountry
            | Field::EventCity
            | Field::EventDescription => Section::Exploitation,
            Field::ReferralDate | Field::ReferralOrganisation => Section::Referrals,
            Field::FollowUpDate
            | Field::FollowUpSummary
            | Field::FollowUpNextAction
            | Field::FollowUpDue => Section::FollowUps,
            Field::Notes | Field::EraseAfter => Section::Notes,
        }
    }

    /// Whether the field is a text input with its own id (the country and
    /// language fields are searched lists).
    pub(super) fn has_input(self) -> bool {
        !matches!(
            self,
            Field::Citizenship
                | Field::Language
                | Field::LocationCountry
                | Field::CountryOfExploitation
                | Field::EventCountry
        )
    }

    /// The record path that validation messages use for this field.
    pub(super) fn path(self) -> &'static str {
        match self {
            Field::GivenName => "person.given_name",
            Field::FamilyName => "person.family_name",
            Field::BirthDate => "person.birth_date",
            Field::Citizenship => "person.citizenship",
            Field::Language => "person.primary_language",
            Field::Phone => "person.phone",
            Field::Email => "person.email",
            Field::ContactDate => "first_contact.date",
            Field::ContactPlace => "first_contact.place",
            Field::ConsentDate => "consent.date",
            Field::CountryOfExploitation => "exploitation.country_of_exploitation",
            Field::Notes => "notes",
            Field::EraseAfter => "erase_after",
            Field::EstimatedAge => "person.estimated_age",
            Field::DocumentNumber => "person.identity_document.number",
            Field::LocationCity => "person.current_location.city",
            Field::LocationCountry => "person.current_location.country",
            Field::ClosureReason => "closure_reason",
            Field::AgeTrafficked => "exploitation.age_when_trafficked",
            Field::ReferralDate => "new_referral.date",
            Field::ReferralOrganisation => "new_referral.organisation",
            Field::FollowUpDate => "new_follow_up.date",
            Field::FollowUpSummary => "new_follow_up.summary",
            Field::FollowUpNextAction => "new_follow_up.next_action",
            Field::FollowUpDue => "new_follow_up.next_action_due",
            Field::EventDate => "new_event.date",
            Field::EventCountry => "new_event.country",
            Field::EventCity => "new_event.city",
            Field::EventDescription => "new_event.description",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Section {
    Person,
    Contact,
    Assessment,
    Exploitation,
    Assistance,
    Referrals,
    FollowUps,
    Notes,
}

impl Section {
    pub(super) const ALL: [Section; 8] = [
        Section::Person,
        Section::Contact,
        Section::Assessment,
        Section::Exploitation,
        Section::Assistance,
        Section::Referrals,
        Section::FollowUps,
        Section::Notes,
    ];
    pub(super) fn key(self) -> &'static str {
        match self {
            Section::Person => "section-person",
            Section::Contact => "section-contact",
            Section::Assessment => "section-assessment",
            Section::Exploitation => "section-exploitation",
            Section::Assistance => "section-assistance",
            Section::Referrals => "section-referrals",
            Section::FollowUps => "section-follow-ups",
            Section::Notes => "section-notes",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    FieldChanged(Field, String),
    /// Typing, moving or selecting in the notes' multi-line editor.
    NotesEdited(iced::widget::text_editor::Action),
    /// A pick list opened (`true`) or closed without a choice (`false`).
    Menu(bool),
    /// The officer clicked into the stop of the focus order at this index.
    FocusAt(usize),
    Status(Choice<CaseStatus>),
    Gender(Choice<Gender>),
    Channel(Choice<ContactChannel>),
    Trafficking(Choice<TraffickingStatus>),
    FollowUpKind(Choice<FollowUpKind>),
    Pseudonym(bool),
    Interview(bool),
    InformedOf(InformedOf, bool),
    GivenBy(Choice<ConsentGivenBy>),
    UrgentNeed(UrgentNeed, bool),
    SexType(SexExploitationType, bool),
    Recruitment(RecruitmentMethod, bool),
    Control(MeansOfControl, bool),
    Relationship(Choice<Relationship>),
    Industry(Choice<LabourIndustry>),
    DocumentType(Choice<DocumentType>),
    DecidedBy(Choice<DecisionMaker>),
    ReferralOrganisationType(Choice<OrganisationType>),
    ReferralService(Choice<ReferralService>),
    ReferralOutcome(Choice<ReferralOutcome>),
    AddReferral,
    RemoveReferral(usize),
    EventType(Choice<EventType>),
    AddEvent,
    RemoveEvent(usize),
    IndicatorNote(Indicator, String),
    /// Typed in a searched field (a country or the language): its
    /// matches, not yet a choice.
    Search(Field, String),
    /// A country picked from the searchable list for one of the fields.
    Country(CountryField, Place),
    ClearCountry(CountryField),
    RemoveCitizenship(usize),
    LanguagePicked(Place),
    ClearLanguage,
    TravelDocument(bool),
    ReturnAssisted(bool),
    ShareWithCommission(bool),
    AnonymousStatistics(bool),
    Indicator(Indicator, bool),
    Form(ExploitationType, bool),
    AddFollowUp,
    RemoveFollowUp(usize),
    Show(Section),
    Save,
    Saved(Result<Box<CaseRecord>, vault::Error>),
    /// The owner of the case opened and its handovers (notes included),
    /// as the vault read them (not an edit: they arrive on their own,
    /// after the case). `{:?}` prints no note (`Handover`'s own).
    OwnerRead(CaseId, String, Vec<vault::Handover>),
    /// The versions of the mission's cases the commission set aside, read
    /// after the case opened (not an edit); the editor keeps its case's.
    SetAsideRead(CaseId, Vec<vault::SetAsideVersion>),
    Close,
    Erase,
    ConfirmErase,
    Erased(Result<(), vault::Error>),
    /// The stub's notice (`stub.rs`): consent withdrawn.
    Stub(super::stub::Message),
    /// The pending question (leave with unsaved changes, erase) was dismissed.
    KeepEditing,
    DiscardAndLeave,
    /// Print the case summary: ask where to save it.
    Summary,
    /// Where to save the summary of the case it was asked for (none: the
    /// dialog was cancelled). The dialog does not block the window, so
    /// another case may be open by the time it answers.
    SummaryFileChosen(CaseId, Option<std::path::PathBuf>),
    /// The summary of a case written, or why not (in words).
    SummaryWritten(CaseId, Result<std::path::PathBuf, String>),
    /// Open or close the documents (the summary and the referral letters).
    Documents,
    /// The letter for referral N (counted from 1): ask where to save it.
    Letter(usize),
    /// Where to save the letter for referral N of the case it was asked
    /// for (none: the dialog was cancelled).
    LetterFileChosen(CaseId, usize, Option<std::path::PathBuf>),
    /// The letter of a case written, or why not (in words).
    LetterWritten(CaseId, Result<std::path::PathBuf, String>),
    /// The referral directory the commission sent (empty: none yet), read
    /// when the referrals section is first shown; `None` when it could not
    /// be read.
    DirectoryRead(Option<Vec<crate::exchange::reply::format::Organisation>>),
    /// An organisation picked from the directory for the referral added.
    OrganisationPicked(super::directory::Listed),
    /// Whether the person agrees that referral i's organisation receives
    /// their name and contact details.
    ShareIdentity(usize, bool),
}

impl Message {
    /// Whether the message changes the case being edited (and so makes it
    /// unsaved). Additions and removals of rows say so themselves, because
    /// they may find nothing to add or remove.
    pub(super) fn edits_case(&self) -> bool {
        matches!(
            self,
            Message::FieldChanged(..)
                | Message::Status(..)
                | Message::Gender(..)
                | Message::Trafficking(..)
                | Message::Pseudonym(..)
                | Message::Interview(..)
                | Message::InformedOf(..)
                | Message::GivenBy(..)
                | Message::UrgentNeed(..)
                | Message::SexType(..)
                | Message::Recruitment(..)
                | Message::Control(..)
                | Message::DocumentType(..)
                | Message::DecidedBy(..)
                | Message::Industry(..)
                | Message::Relationship(..)
                | Message::TravelDocument(..)
                | Message::ReturnAssisted(..)
                | Message::ShareWithCommission(..)
                | Message::ShareIdentity(..)
                | Message::AnonymousStatistics(..)
                | Message::Indicator(..)
                | Message::IndicatorNote(..)
                | Message::Country(..)
                | Message::ClearCountry(..)
                | Message::RemoveCitizenship(..)
                | Message::LanguagePicked(..)
                | Message::ClearLanguage
                | Message::Form(..)
        )
    }
}

pub enum Action {
    None,
    /// Put the cursor in this field.
    Focus(Field),
    /// Put the focus on the widget with this id (none: on a control).
    FocusId(iced::widget::Id),
    Save {
        id: Option<CaseId>,
        revision: u32,
        case: Box<Case>,
    },
    Erase(CaseId),
    /// Record that the person of this stub withdrew consent (`stub.rs`).
    WithdrawConsent(CaseId),
    /// Retract the withdrawal recorded for this stub, not yet exported.
    RetractWithdrawal(CaseId),
    /// Read the owner of this case and its handovers (shown above the form),
    /// its set-aside versions and, for one of this mission's stubs
    /// (`true`), its withdrawn consent.
    ReadOwner(CaseId, bool),
    /// Leave the editor (after saving, discarding or erasing).
    Close,
    /// Leave and then do what was asked before the question (lock, quit).
    Leave(Leaving),
    /// Ask where to save the summary of case `id`, suggesting `name`.
    ChooseSummaryFile {
        id: CaseId,
        name: String,
    },
    /// Write the summary of the stored case to `path`.
    WriteSummary {
        id: CaseId,
        path: std::path::PathBuf,
    },
    /// Ask where to save the letter for referral `number` of case `id`.
    ChooseLetterFile {
        id: CaseId,
        number: usize,
        name: String,
    },
    /// Write the letter for referral `number` of the stored case to `path`,
    /// if the stored case is still at `revision`.
    WriteLetter {
        id: CaseId,
        number: usize,
        revision: u32,
        path: std::path::PathBuf,
    },
}

/// Why the editor is being left with unsaved changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaving {
    Back,
    Lock,
    Quit,
}
