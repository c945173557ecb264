//! The case editor. Raw input stays as typed in the form; on every change
//! the form is parsed into a `Case` and validated by the library; a field's
//! problems show once it is left or on Save, which goes to the first one
//! (`problems`). Fields this editor does not show are carried over
//! untouched. Tab follows the editor's own focus order (`focus`); unsaved
//! changes are kept inside the vault at locking (`draft`).

mod directory;
pub use directory::Listed;
mod documents;
pub use documents::document_error_text;
mod choices;
mod draft;
mod focus;
mod lists;
mod message;
mod places;
mod problems;
mod save;
pub mod set_aside;
pub mod stub;
mod view;

pub use draft::{Draft, Restored};
pub use focus::NO_INPUT;
use focus::Stop;
pub use problems::problem_key;
use problems::section_key;

pub use message::{Action, Field, Leaving, Message, Section};
pub use places::{CountryField, Place, Places};

use chrono::NaiveDate;

use crate::domain::{
    Case, CaseRecord, CaseStatus, ConsentGivenBy, ContactChannel, DecisionMaker, DocumentType,
    EventType, ExploitationType, FollowUp, FollowUpKind, Gender, IdentityDocument, Indicator,
    IndicatorGroup, InformedOf, LabourIndustry, Location, MeansOfControl, ObservedIndicator,
    OrganisationType, Problem, RecruitmentMethod, Referral, ReferralOutcome, ReferralService,
    Relationship, SexExploitationType, TraffickingEvent, TraffickingStatus, UrgentNeed, validate,
    validate_received,
};
use crate::gui::widget::Choice;
use crate::i18n::I18n;
use crate::vault;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Question {
    Unsaved(Leaving),
    Erase,
}

pub struct Editor {
    record: Option<CaseRecord>,
    case: Case,
    inputs: std::collections::HashMap<Field, String>,
    follow_up_kind: Option<FollowUpKind>,
    document_type: Option<DocumentType>,
    referral_type: Option<OrganisationType>,
    referral_service: Option<ReferralService>,
    referral_outcome: Option<ReferralOutcome>,
    event_type: Option<EventType>,
    places: Places,
    /// Set when the case belongs to another mission, or is one of this
    /// mission's stubs.
    read_only: Option<String>,
    /// One of this mission's stubs: read-only, but it may be erased (a
    /// person's request to erase is met without waiting for its date).
    own_stub: bool,
    /// A stub's withdrawn consent, asked or recorded (`stub.rs`).
    consent: stub::Consent,
    section: Section,
    dirty: bool,
    saving: bool,
    question: Option<Question>,
    /// A question was just asked: its view gives Keep editing the focus.
    question_asked: std::cell::Cell<bool>,
    errors: Vec<(String, String)>,
    /// Set when the whole case is larger than an export carries.
    too_large: Option<Problem>,
    error: Option<vault::Error>,
    today: NaiveDate,
    officer: String,
    /// The officer who owns the case (a stored case, once read).
    owner: Option<String>,
    /// The versions of the case the commission set aside (`set_aside`).
    set_aside: Vec<vault::SetAsideVersion>,
    /// The case's handovers, oldest first, notes included (case content:
    /// wiped when the editor goes).
    handovers: Vec<vault::Handover>,
    /// Opened from the draft kept at the last lock: the form says so (and
    /// whether the stored case changed since).
    restored: Option<draft::Restoration>,
    /// The case summary being written, written, or failed.
    printing: Option<documents::Printing>,
    /// The letter whose save dialog is open: case, referral number and
    /// the revision it was asked for.
    letter_asked: Option<(crate::domain::CaseId, usize, u32)>,
    /// The documents panel is open; just opened (its view gives the
    /// focus to its first button).
    documents_open: bool,
    documents_opened: std::cell::Cell<bool>,
    /// The referral directory, once read (the referrals section asks).
    directory: directory::Directory,
    /// The field being typed into: its problems wait until it is left (or
    /// the case saved), so that a date half typed is not called wrong.
    typing: Option<Field>,
    /// Whether a pick list is open, for Esc to close it alone.
    menus: crate::gui::widget::Menus,
    /// The focus order of the section shown, in reading order, as its view
    /// last made it (iced 0.14 focuses text inputs only: the pick lists,
    /// switches and checkboxes are stops of this order).
    stops: std::cell::RefCell<Vec<Stop>>,
    /// The stop that has the focus, if known (a cell: the view sets it
    /// when it makes the pick list that Save asked for, `wanted_choice`).
    focus: std::cell::Cell<Option<usize>>,
    /// The pick list (by its label) that Save went to for its problem,
    /// until the view has made the order it stands in.
    wanted_choice: std::cell::Cell<Option<&'static str>>,
    /// The text input the editor put the focus in, until the view has
    /// made the order it stands in.
    wanted: Option<Field>,
    /// The notes in their multi-line editor; what it holds is copied to
    /// `inputs` at every edit, so that drafts and saving see it.
    notes: Notes,
}

/// Prints which case is open and in which state, never what it holds: an
/// editor's `{:?}` must not carry a name into a log or a crash report.
impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("case", &self.record.as_ref().map(|record| record.meta.id))
            .field("section", &self.section)
            .field("dirty", &self.dirty)
            .field("saving", &self.saving)
            .finish_non_exhaustive()
    }
}

/// The notes' multi-line text. Its buffer belongs to the text engine and
/// cannot be overwritten in place: it is dropped with the editor (at lock,
/// at close), and its text is never printed by `{:?}`.
pub(super) struct Notes(iced::widget::text_editor::Content);

impl Notes {
    fn new(text: &str) -> Notes {
        Notes(iced::widget::text_editor::Content::with_text(text))
    }
}

impl std::fmt::Debug for Notes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Notes([redacted])")
    }
}

/// The draft and the stored case it came from are wiped when the editor
/// goes: at lock, at close, and when another case is opened.
impl Drop for Editor {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.case.zeroize();
        self.record.zeroize();
        self.inputs.values_mut().for_each(Zeroize::zeroize);
        self.places.forget_typed();
        wipe_handovers(&mut self.handovers);
        // The text engine's buffer goes now, not with some later state.
        self.notes = Notes::new("");
    }
}

/// Overwrites the notes of handovers (read for a case, or the editor gone).
fn wipe_handovers(handovers: &mut [vault::Handover]) {
    use zeroize::Zeroize;
    for handover in handovers {
        handover.note.zeroize();
    }
}

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn parse_date(raw: &str) -> Result<Option<NaiveDate>, ()> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| ())
}

/// A date as the form shows it: a redacted case's dates stand for their
/// month, so only the month is shown.
fn date_text(case: &Case, date: NaiveDate) -> String {
    if case.redacted {
        date.format("%Y-%m").to_string()
    } else {
        date.to_string()
    }
}

/// The form's section that holds a top-level field of the record.
fn non_empty(raw: &str) -> Option<String> {
    let raw = raw.trim();
    (!raw.is_empty()).then(|| raw.to_owned())
}

impl Editor {
    /// A new case, first contact today; the cursor in the given name.
    pub fn new_case(today: NaiveDate, officer: &str, i18n: &I18n) -> (Editor, Action) {
        let mut case = Case::default();
        case.first_contact.date = today;
        let mut editor = Editor::with(None, case, today, officer, i18n);
        editor.dirty = false;
        editor.wanted = Some(Field::GivenName);
        (editor, Action::Focus(Field::GivenName))
    }

    /// Opens a stored case. A case from another mission (at the commission)
    /// is shown read-only: it changes only through that mission's exports.
    pub fn open(
        record: CaseRecord,
        today: NaiveDate,
        officer: &str,
        own_mission: &str,
        i18n: &I18n,
    ) -> (Editor, Action) {
        let case = record.case.clone();
        let foreign =
            (record.meta.origin_mission != own_mission).then(|| record.meta.origin_mission.clone());
        // A stub of a record the commission holds is read-only too.
        let foreign = foreign.or_else(|| {
            case.held_by_commission
                .then(|| record.meta.origin_mission.clone())
        });
        let own_stub = case.held_by_commission && record.meta.origin_mission == own_mission;
        let mut editor = Editor::with(Some(record), case, today, officer, i18n);
        editor.own_stub = own_stub;
        if foreign.is_some() {
            editor.read_only = foreign;
            // A received record is held to the rules of a received record:
            // a redacted one has fields a mission's own case never has.
            editor.revalidate();
        }
        let id = editor.record.as_ref().map(|r| r.meta.id);
        let stub = editor.own_stub;
        (
            editor,
            id.map_or(Action::None, |id| Action::ReadOwner(id, stub)),
        )
    }

    /// The owner of the case shown, once read.
    pub fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }

    /// The handovers of the case shown, once read (oldest first).
    pub fn handovers(&self) -> &[vault::Handover] {
        &self.handovers
    }

    fn with(
        record: Option<CaseRecord>,
        case: Case,
        today: NaiveDate,
        officer: &str,
        i18n: &I18n,
    ) -> Editor {
        let document_type = case.person.identity_document.as_ref().map(|d| d.kind);
        let mut inputs = std::collections::HashMap::new();
        let person = &case.person;
        inputs.insert(Field::GivenName, opt(&person.given_name));
        inputs.insert(Field::FamilyName, opt(&person.family_name));
        inputs.insert(
            Field::BirthDate,
            person.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        );
        inputs.insert(Field::Citizenship, person.citizenship.join(", "));
        inputs.insert(Field::Language, opt(&person.primary_language));
        inputs.insert(Field::Phone, opt(&person.phone));
        inputs.insert(Field::Email, opt(&person.email));
        inputs.insert(
            Field::ContactDate,
            date_text(&case, case.first_contact.date),
        );
        inputs.insert(Field::ContactPlace, opt(&case.first_contact.place));
        inputs.insert(
            Field::EstimatedAge,
            person
                .estimated_age
                .map(|a| a.to_string())
                .unwrap_or_default(),
        );
        inputs.insert(
            Field::DocumentNumber,
            person
                .identity_document
                .as_ref()
                .map(|d| d.number.clone())
                .unwrap_or_default(),
        );
        let location = person.current_location.clone().unwrap_or_default();
        inputs.insert(Field::LocationCity, opt(&location.city));
        inputs.insert(Field::LocationCountry, opt(&location.country));
        inputs.insert(Field::ClosureReason, opt(&case.closure_reason));
        inputs.insert(
            Field::AgeTrafficked,
            case.exploitation
                .age_when_trafficked
                .map(|a| a.to_string())
                .unwrap_or_default(),
        );
        inputs.insert(
            Field::ConsentDate,
            case.consent
                .date
                .map(|d| date_text(&case, d))
                .unwrap_or_default(),
        );
        inputs.insert(
            Field::CountryOfExploitation,
            opt(&case.exploitation.country_of_exploitation),
        );
        inputs.insert(Field::Notes, opt(&case.notes));
        inputs.insert(
            Field::EraseAfter,
            case.erase_after
                .map(|d| date_text(&case, d))
                .unwrap_or_default(),
        );
        let notes = Notes::new(opt(&case.notes).as_str());
        let mut editor = Editor {
            notes,
            record,
            case,
            inputs,
            follow_up_kind: Some(FollowUpKind::Phone),
            document_type,
            referral_type: None,
            referral_service: Some(ReferralService::Shelter),
            referral_outcome: Some(ReferralOutcome::Referred),
            event_type: Some(EventType::Recruitment),
            places: Places::new(i18n),
            read_only: None,
            own_stub: false,
            set_aside: Vec::new(),
            consent: stub::Consent::default(),
            section: Section::Person,
            dirty: false,
            saving: false,
            question: None,
            question_asked: std::cell::Cell::new(false),
            errors: Vec::new(),
            too_large: None,
            error: None,
            today,
            officer: officer.to_owned(),
            owner: None,
            handovers: Vec::new(),
            restored: None,
            printing: None,
            letter_asked: None,
            documents_open: false,
            documents_opened: std::cell::Cell::new(false),
            directory: directory::Directory::default(),
            typing: None,
            menus: crate::gui::widget::Menus::default(),
            stops: std::cell::RefCell::new(Vec::new()),
            focus: std::cell::Cell::new(None),
            wanted_choice: std::cell::Cell::new(None),
            wanted: None,
        };
        editor.revalidate();
        editor
    }

    /// A date of this case as the form shows it.
    pub(super) fn date_text(&self, date: NaiveDate) -> String {
        date_text(&self.case, date)
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn reference(&self) -> Option<&str> {
        self.record.as_ref().map(|r| r.meta.reference.as_str())
    }

    fn input(&self, field: Field) -> &str {
        self.inputs
            .get(&field)
            .map(String::as_str)
            .unwrap_or_default()
    }

    /// Parses the raw inputs into the case; returns the fields that do not parse.
    fn apply_inputs(&mut self) -> Vec<(String, String)> {
        let mut errors = Vec::new();
        let month_only = self.case.redacted;
        let date = |field: Field, errors: &mut Vec<(String, String)>| -> Option<NaiveDate> {
            let raw = self
                .inputs
                .get(&field)
                .map(String::as_str)
                .unwrap_or_default();
            // A redacted case's dates are months.
            let parsed = parse_date(raw).or_else(|()| {
                if month_only {
                    parse_date(&format!("{}-01", raw.trim()))
                } else {
                    Err(())
                }
            });
            match parsed {
                Ok(date) => date,
                Err(()) => {
                    errors.push((field.path().to_owned(), "problem-date-format".to_owned()));
                    None
                }
            }
        };
        let birth = date(Field::BirthDate, &mut errors);
        let contact = date(Field::ContactDate, &mut errors);
        let erase_after = date(Field::EraseAfter, &mut errors);
        let consent_date = date(Field::ConsentDate, &mut errors);
        let number = |field: Field, errors: &mut Vec<(String, String)>| -> Option<u8> {
            let raw = self
                .inputs
                .get(&field)
                .map(String::as_str)
                .unwrap_or_default()
                .trim();
            if raw.is_empty() {
                return None;
            }
            raw.parse()
                .map_err(|_| errors.push((field.path().to_owned(), "problem-number".to_owned())))
                .ok()
        };
        let estimated_age = number(Field::EstimatedAge, &mut errors);
        let age_trafficked = number(Field::AgeTrafficked, &mut errors);
        let document_number = non_empty(self.input(Field::DocumentNumber));
        let document = match (self.document_type, document_number) {
            (Some(kind), number) => Some(IdentityDocument {
                kind,
                number: number.unwrap_or_default(),
            }),
            (None, Some(number)) => Some(IdentityDocument {
                kind: DocumentType::Other,
                number,
            }),
            (None, None) => None,
        };
        let location = Location {
            city: non_empty(self.input(Field::LocationCity)),
            country: non_empty(self.input(Field::LocationCountry)).map(|c| c.to_uppercase()),
        };
        let closure_reason = non_empty(self.input(Field::ClosureReason));
        let get = |field: Field| {
            non_empty(
                self.inputs
                    .get(&field)
                    .map(String::as_str)
                    .unwrap_or_default(),
            )
        };
        let (given, family, language, phone, email, place, country, notes) = (
            get(Field::GivenName),
            get(Field::FamilyName),
            get(Field::Language),
            get(Field::Phone).map(|p| {
                p.chars()
                    .filter(|c| !c.is_whitespace() && *c != '-')
                    .collect()
            }),
            get(Field::Email),
            get(Field::ContactPlace),
            get(Field::CountryOfExploitation).map(|c| c.to_uppercase()),
            get(Field::Notes),
        );
        let citizenship: Vec<String> = self
            .input(Field::Citizenship)
            .split([',', ' '])
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        let case = &mut self.case;
        case.person.given_name = given;
        case.person.family_name = family;
        case.person.birth_date = birth;
        case.person.citizenship = citizenship;
        case.person.primary_language = language.map(|l| l.to_lowercase());
        case.person.phone = phone;
        case.person.email = email;
        match contact {
            Some(contact) => case.first_contact.date = contact,
            None if self
                .inputs
                .get(&Field::ContactDate)
                .is_some_and(|raw| raw.trim().is_empty()) =>
            {
                errors.push((
                    Field::ContactDate.path().to_owned(),
                    "problem-required".to_owned(),
                ));
            }
            None => {}
        }
        case.first_contact.place = place;
        case.exploitation.country_of_exploitation = country;
        case.notes = notes;
        case.erase_after = erase_after;
        case.consent.date = consent_date;
        case.person.estimated_age = estimated_age;
        case.person.identity_document = document;
        case.person.current_location = (location != Location::default()).then_some(location);
        case.closure_reason = closure_reason;
        case.exploitation.age_when_trafficked = age_trafficked;
        errors
    }

    /// Asks to leave; returns the action now, or `None` if a question is shown.
    pub fn request_leave(&mut self, leaving: Leaving) -> Action {
        if self.dirty {
            self.question = Some(Question::Unsaved(leaving));
            self.question_asked.set(true);
            Action::None
        } else {
            match leaving {
                Leaving::Back => Action::Close,
                other => Action::Leave(other),
            }
        }
    }

    /// Whether the referral directory should be read now: the editor is at
    /// the referrals section and has not asked for it yet.
    pub fn wants_directory(&mut self) -> bool {
        self.directory.wants(self.section == Section::Referrals)
    }

    /// The directory as the organisation search lists it.
    fn listed(&self, i18n: &I18n) -> std::rc::Rc<Vec<Listed>> {
        self.directory.listed(i18n)
    }

    pub fn update(&mut self, message: Message) -> Action {
        // Read for the case shown, it changes nothing the officer does.
        if let Message::OwnerRead(id, owner, mut handovers) = message {
            if self.record.as_ref().is_some_and(|r| r.meta.id == id) {
                self.owner = Some(owner);
                wipe_handovers(&mut self.handovers);
                self.handovers = handovers;
            } else {
                wipe_handovers(&mut handovers);
            }
            return Action::None;
        }
        if let Message::SetAsideRead(id, versions) = message {
            self.set_aside_read(id, versions);
            return Action::None;
        }
        // A list Save went to that the view has not made yet is forgotten.
        self.wanted_choice.set(None);
        if message.edits_case() {
            self.dirty = true;
        }
        // Any other message leaves the field being typed into.
        self.typing = match &message {
            Message::FieldChanged(field, _) => Some(*field),
            Message::NotesEdited(action) if action.is_edit() => Some(Field::Notes),
            _ => None,
        };
        // A choice made, or anything else the officer does, means no list
        // is open now (a save's result says nothing of the lists).
        if let Message::DirectoryRead(directory) = message {
            self.directory.read(directory);
            return Action::None;
        }
        if matches!(
            message,
            Message::Summary
                | Message::SummaryFileChosen(..)
                | Message::SummaryWritten(..)
                | Message::Documents
                | Message::Letter(..)
                | Message::LetterFileChosen(..)
                | Message::LetterWritten(..)
        ) {
            return self.printing_update(message);
        }
        if !matches!(
            message,
            Message::Saved(_) | Message::Erased(_) | Message::Stub(stub::Message::Withdrawn(..))
        ) {
            self.menus.seen(matches!(message, Message::Menu(true)));
        }
        match &message {
            Message::FieldChanged(field, _) | Message::Search(field, _) => {
                self.focus_on(field.id().into())
            }
            Message::NotesEdited(_) => self.focus_on(Field::Notes.id().into()),
            Message::IndicatorNote(indicator, _) => self.focus_on(view::note_id(*indicator).into()),
            _ => {}
        }
        // After a row is added, the cursor goes to the first field of the
        // next one (the rows' buttons before it have shifted the order).
        let mut then_focus = None;
        match message {
            Message::Menu(_) | Message::OwnerRead(..) | Message::SetAsideRead(..) => {}
            Message::FocusAt(index) => {
                if self.focus.get() != Some(index) {
                    self.leave_search();
                }
                self.focus.set(Some(index));
                self.wanted = None;
            }
            Message::Search(field, typed) => self.places.set_typed(field, typed),
            Message::FieldChanged(field, value) => {
                // The text it replaces is freed here: overwritten first, as
                // the rest of the form is at lock.
                if let Some(mut old) = self.inputs.insert(field, value) {
                    zeroize::Zeroize::zeroize(&mut old);
                }
            }
            Message::NotesEdited(action) => {
                let edit = action.is_edit();
                self.notes.0.perform(action);
                if edit {
                    self.dirty = true;
                    let text = self.notes.0.text();
                    if let Some(mut old) = self.inputs.insert(Field::Notes, text) {
                        zeroize::Zeroize::zeroize(&mut old);
                    }
                }
            }
            Message::Status(..)
            | Message::Gender(..)
            | Message::Channel(..)
            | Message::Trafficking(..)
            | Message::FollowUpKind(..)
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
            | Message::AnonymousStatistics(..)
            | Message::Indicator(..)
            | Message::Form(..) => self.choose(message),
            Message::ReferralOrganisationType(choice) => self.referral_type = choice.value,
            Message::ReferralService(choice) => self.referral_service = choice.value,
            Message::ReferralOutcome(choice) => self.referral_outcome = choice.value,
            Message::AddReferral => then_focus = self.add_referral(),
            Message::EventType(choice) => self.event_type = choice.value,
            Message::Country(CountryField::Citizenship, place) => {
                let mut list = self.citizenship_codes();
                if !list.contains(&place.code) {
                    list.push(place.code);
                }
                self.inputs.insert(Field::Citizenship, list.join(", "));
                // Empty the search box for the next one; the new chip
                // before it shifts the focus order, so the box is found
                // again by its id.
                self.places.set_typed(Field::Citizenship, String::new());
                then_focus = Some(Field::Citizenship);
            }
            Message::Country(field, place) => {
                self.inputs.insert(country_input(field), place.code);
                self.places.set_typed(country_input(field), String::new());
            }
            Message::ClearCountry(field) => {
                self.inputs.insert(country_input(field), String::new());
            }
            Message::RemoveCitizenship(index) => {
                let mut list = self.citizenship_codes();
                if index < list.len() {
                    list.remove(index);
                }
                self.inputs.insert(Field::Citizenship, list.join(", "));
            }
            Message::LanguagePicked(place) => {
                self.inputs.insert(Field::Language, place.code);
                self.places.set_typed(Field::Language, String::new());
            }
            Message::ClearLanguage => {
                self.inputs.insert(Field::Language, String::new());
            }
            Message::AddEvent => then_focus = self.add_event(),
            Message::RemoveEvent(index) => {
                if index < self.case.exploitation.events.len() {
                    self.case.exploitation.events.remove(index);
                    self.dirty = true;
                }
            }
            Message::IndicatorNote(indicator, note) => {
                if let Some(observed) = self
                    .case
                    .assessment
                    .indicators
                    .iter_mut()
                    .find(|o| o.indicator == indicator)
                {
                    observed.note = (!note.is_empty()).then_some(note);
                }
            }
            Message::RemoveReferral(index) => {
                if index < self.case.referrals.len() {
                    self.case.referrals.remove(index);
                    self.dirty = true;
                }
            }
            Message::AddFollowUp => then_focus = self.add_follow_up(),
            Message::RemoveFollowUp(index) => {
                if index < self.case.follow_ups.len() {
                    self.case.follow_ups.remove(index);
                    self.dirty = true;
                }
            }
            // The directory is asked for by `wants_directory`, whichever
            // way the section is reached.
            Message::Show(section) => {
                self.section = section;
                self.focus.set(None);
            }
            Message::Save => return self.save(),
            Message::Saved(Ok(record)) => {
                let record = *record;
                self.saving = false;
                self.dirty = false;
                self.error = None;
                // A restored draft is saved: what the form said of it is over.
                self.restored = None;
                self.case = record.case.clone();
                self.record = Some(record);
                if let Some(Question::Unsaved(leaving)) = self.question.take() {
                    return match leaving {
                        Leaving::Back => Action::Close,
                        other => Action::Leave(other),
                    };
                }
            }
            Message::Saved(Err(error)) => {
                self.saving = false;
                self.question = None;
                self.error = Some(error);
            }
            Message::Close => return self.request_leave(Leaving::Back),
            Message::Erase if self.may_erase() => {
                self.question = Some(Question::Erase);
                self.question_asked.set(true);
            }
            Message::Erase => {}
            Message::ConfirmErase => {
                self.question = None;
                if let Some(record) = &self.record {
                    return Action::Erase(record.meta.id);
                }
            }
            Message::Summary
            | Message::SummaryFileChosen(..)
            | Message::SummaryWritten(..)
            | Message::Documents
            | Message::Letter(..)
            | Message::LetterFileChosen(..)
            | Message::LetterWritten(..)
            | Message::DirectoryRead(..) => {}
            Message::OrganisationPicked(listed) => {
                if let Some(mut old) = self
                    .inputs
                    .insert(Field::ReferralOrganisation, listed.name.clone())
                {
                    zeroize::Zeroize::zeroize(&mut old);
                }
                // An organisation whose type the case's vocabulary lacks
                // clears the type an earlier pick left.
                self.referral_type = listed.kind;
            }
            Message::ShareIdentity(index, on) => {
                if let Some(referral) = self.case.referrals.get_mut(index) {
                    referral.share_identity = on;
                }
            }
            Message::Stub(message) => return self.stub_update(message),
            Message::Erased(Ok(())) => return Action::Close,
            Message::Erased(Err(error)) => self.error = Some(error),
            Message::KeepEditing => self.question = None,
            Message::DiscardAndLeave => {
                let question = self.question.take();
                self.dirty = false;
                return match question {
                    Some(Question::Unsaved(Leaving::Back)) | None | Some(Question::Erase) => {
                        Action::Close
                    }
                    Some(Question::Unsaved(other)) => Action::Leave(other),
                };
            }
        }
        self.revalidate();
        match then_focus {
            Some(field) => {
                self.focus.set(None);
                self.wanted = Some(field);
                Action::Focus(field)
            }
            None => Action::None,
        }
    }
}

/// The text buffer a single-country field writes its code to.
pub(super) fn country_input(field: CountryField) -> Field {
    match field {
        CountryField::Citizenship => Field::Citizenship,
        CountryField::Location => Field::LocationCountry,
        CountryField::Exploitation => Field::CountryOfExploitation,
        CountryField::Event => Field::EventCountry,
    }
}

impl Editor {
    /// Whether the case may be erased here: a saved case of this mission,
    /// a stub included.
    fn may_erase(&self) -> bool {
        self.record.is_some() && (self.read_only.is_none() || self.own_stub)
    }

    /// The citizenship codes as entered, in order.
    pub(super) fn citizenship_codes(&self) -> Vec<String> {
        self.input(Field::Citizenship)
            .split([',', ' '])
            .map(|c| c.trim().to_uppercase())
            .filter(|c| !c.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests;
