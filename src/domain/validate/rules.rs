//! The rules shared by a case saved and a record received, field by field:
//! a checker walks the case and notes every problem it finds.

use chrono::{Datelike, NaiveDate};

use super::super::case::Case;
use super::super::codes;
use super::super::vocab::TraffickingStatus;
use super::{
    FieldError, MAX_AGE, MAX_NAME_CHARS, MAX_TEXT_CHARS, MAX_YEARS_AHEAD, Problem,
    earliest_plausible_date, is_e164, is_email, years_between,
};

pub(super) fn check_rules(case: &Case, today: NaiveDate) -> Vec<FieldError> {
    let mut check = Checker {
        today,
        errors: Vec::new(),
    };
    check.case(case);
    check.errors
}

struct Checker {
    today: NaiveDate,
    errors: Vec<FieldError>,
}

/// Where a problem is, written out as its dotted path only once a problem
/// is found there: almost every check finds none, and formatting the path
/// of every item of every list was most of the time a check took (which an
/// import spends on every record and an export on every redacted case).
#[derive(Clone, Copy)]
enum At<'a> {
    Path(&'a str),
    /// `list[index].field`, or `list[index]` when `field` is empty.
    Item(&'static str, usize, &'static str),
}

impl At<'_> {
    fn path(self) -> String {
        match self {
            At::Path(path) => path.to_owned(),
            At::Item(list, index, "") => format!("{list}[{index}]"),
            At::Item(list, index, field) => format!("{list}[{index}].{field}"),
        }
    }
}

impl<'a> From<&'a str> for At<'a> {
    fn from(path: &'a str) -> Self {
        At::Path(path)
    }
}

impl Checker {
    fn push<'a>(&mut self, at: impl Into<At<'a>>, problem: Problem) {
        self.errors.push(FieldError {
            field: at.into().path(),
            problem,
        });
    }

    /// A date of something that has already happened.
    fn past_date<'a>(&mut self, field: impl Into<At<'a>>, date: NaiveDate) -> bool {
        let field = field.into();
        if date > self.today {
            self.push(field, Problem::DateInFuture { date });
            false
        } else if date < earliest_plausible_date() {
            self.push(field, Problem::DateImplausible { date });
            false
        } else {
            true
        }
    }

    /// A date of something planned; it may lie ahead, within reason.
    fn planned_date<'a>(&mut self, field: impl Into<At<'a>>, date: NaiveDate) -> bool {
        let field = field.into();
        let latest = self
            .today
            .with_year(self.today.year() + MAX_YEARS_AHEAD)
            .unwrap_or(NaiveDate::MAX);
        if date < earliest_plausible_date() || date > latest {
            self.push(field, Problem::DateImplausible { date });
            false
        } else {
            true
        }
    }

    /// A past event in the person's life: not before their birth.
    fn life_event<'a>(
        &mut self,
        field: impl Into<At<'a>>,
        date: NaiveDate,
        birth: Option<NaiveDate>,
    ) {
        let field = field.into();
        if self.past_date(field, date)
            && let Some(birth) = birth
            && date < birth
        {
            self.push(field, Problem::DateBeforeBirth { date, birth });
        }
    }

    fn country<'a>(&mut self, field: impl Into<At<'a>>, code: &str) {
        if !codes::is_country(code) {
            self.push(
                field,
                Problem::UnknownCountry {
                    code: code.to_owned(),
                },
            );
        }
    }

    fn text<'a>(&mut self, field: impl Into<At<'a>>, text: &str, max_chars: usize) {
        if text.chars().count() > max_chars {
            self.push(field, Problem::TooLong { max_chars });
        }
    }

    fn optional_text<'a>(
        &mut self,
        field: impl Into<At<'a>>,
        text: &Option<String>,
        max_chars: usize,
    ) {
        if let Some(text) = text {
            self.text(field, text, max_chars);
        }
    }

    fn required_text<'a>(&mut self, field: impl Into<At<'a>>, text: &str, max_chars: usize) {
        let field = field.into();
        if text.trim().is_empty() {
            self.push(field, Problem::Empty);
        } else {
            self.text(field, text, max_chars);
        }
    }

    fn age<'a>(&mut self, field: impl Into<At<'a>>, age: u8) -> bool {
        if age > MAX_AGE {
            self.push(field, Problem::AgeOutOfRange { age });
            false
        } else {
            true
        }
    }

    fn case(&mut self, case: &Case) {
        let contact = case.first_contact.date;
        self.past_date("first_contact.date", contact);
        self.optional_text(
            "first_contact.place",
            &case.first_contact.place,
            MAX_NAME_CHARS,
        );
        self.optional_text("closure_reason", &case.closure_reason, MAX_TEXT_CHARS);

        let birth = self.person(case);
        self.consent(case);
        self.assessment(case);
        self.exploitation(case, birth);
        self.assistance(case);

        for (i, referral) in case.referrals.iter().enumerate() {
            self.life_event(At::Item("referrals", i, "date"), referral.date, birth);
            let field = At::Item("referrals", i, "organisation");
            if case.redacted {
                // Redaction removes it: a name can tell where the person is.
                self.text(field, &referral.organisation, MAX_NAME_CHARS);
            } else {
                self.required_text(field, &referral.organisation, MAX_NAME_CHARS);
            }
        }

        for (i, follow_up) in case.follow_ups.iter().enumerate() {
            let field = |name| At::Item("follow_ups", i, name);
            self.life_event(field("date"), follow_up.date, birth);
            self.optional_text(field("officer"), &follow_up.officer, MAX_NAME_CHARS);
            self.optional_text(field("summary"), &follow_up.summary, MAX_TEXT_CHARS);
            self.optional_text(field("next_action"), &follow_up.next_action, MAX_TEXT_CHARS);
            if let Some(due) = follow_up.next_action_due {
                let due_field = field("next_action_due");
                if self.planned_date(due_field, due) && due < follow_up.date {
                    self.push(
                        due_field,
                        Problem::DateNotAfter {
                            date: due,
                            other_field: "the date of the follow-up",
                            other: follow_up.date,
                        },
                    );
                }
            }
        }

        self.optional_text("notes", &case.notes, MAX_TEXT_CHARS);
        // In a redacted record both dates stand for their month, which may
        // be the same one.
        if let Some(erase_after) = case.erase_after
            && self.planned_date("erase_after", erase_after)
            && (erase_after < contact || (erase_after == contact && !case.redacted))
        {
            self.push(
                "erase_after",
                Problem::DateNotAfter {
                    date: erase_after,
                    other_field: "the date of first contact",
                    other: contact,
                },
            );
        }
    }

    /// The year of birth: plausible, not after the first contact, and the
    /// birth date's year when both are known.
    fn birth_year(&mut self, year: i32, birth_date: Option<NaiveDate>, contact: NaiveDate) {
        const FIELD: &str = "person.birth_year";
        let Some(first_day) = NaiveDate::from_ymd_opt(year, 1, 1) else {
            self.push(
                FIELD,
                Problem::DateImplausible {
                    date: NaiveDate::MIN,
                },
            );
            return;
        };
        if !self.past_date(FIELD, first_day) {
            return;
        }
        if year > contact.year() {
            self.push(
                FIELD,
                Problem::DateAfterFirstContact {
                    date: first_day,
                    first_contact: contact,
                },
            );
        } else if let Some(birth) = birth_date
            && birth.year() != year
        {
            self.push(FIELD, Problem::BirthYearMismatch { year, birth });
        }
    }

    /// Checks the person and returns the birth date if it is usable.
    fn person(&mut self, case: &Case) -> Option<NaiveDate> {
        let person = &case.person;
        let contact = case.first_contact.date;
        self.optional_text("person.given_name", &person.given_name, MAX_NAME_CHARS);
        self.optional_text("person.family_name", &person.family_name, MAX_NAME_CHARS);

        let mut birth = None;
        if let Some(date) = person.birth_date
            && self.past_date("person.birth_date", date)
        {
            if date > contact {
                self.push(
                    "person.birth_date",
                    Problem::DateAfterFirstContact {
                        date,
                        first_contact: contact,
                    },
                );
            } else {
                birth = Some(date);
            }
        }
        if let Some(year) = person.birth_year {
            self.birth_year(year, person.birth_date, contact);
        }
        if let Some(age) = person.estimated_age {
            self.age("person.estimated_age", age);
        }
        if let Some(age) = person.age_at_first_contact {
            self.age("person.age_at_first_contact", age);
        }

        for (i, code) in person.citizenship.iter().enumerate() {
            let field = At::Item("person.citizenship", i, "");
            self.country(field, code);
            if person.citizenship[..i].contains(code) {
                self.push(
                    field,
                    Problem::DuplicateValue {
                        value: code.clone(),
                    },
                );
            }
        }
        if let Some(code) = &person.primary_language
            && !codes::is_language(code)
        {
            self.push(
                "person.primary_language",
                Problem::UnknownLanguage { code: code.clone() },
            );
        }
        if let Some(document) = &person.identity_document {
            self.required_text(
                "person.identity_document.number",
                &document.number,
                MAX_NAME_CHARS,
            );
        }
        if let Some(phone) = &person.phone
            && !is_e164(phone)
        {
            self.push(
                "person.phone",
                Problem::InvalidPhone {
                    value: phone.clone(),
                },
            );
        }
        if let Some(email) = &person.email
            && !is_email(email)
        {
            self.push(
                "person.email",
                Problem::InvalidEmail {
                    value: email.clone(),
                },
            );
        }
        if let Some(location) = &person.current_location {
            self.optional_text(
                "person.current_location.city",
                &location.city,
                MAX_NAME_CHARS,
            );
            if let Some(country) = &location.country {
                self.country("person.current_location.country", country);
            }
        }
        birth
    }

    fn consent(&mut self, case: &Case) {
        if let Some(date) = case.consent.date {
            self.past_date("consent.date", date);
        }
    }

    fn assessment(&mut self, case: &Case) {
        // HTCDS records who decided the status; for an identified victim
        // that is what makes the identification verifiable.
        if case.assessment.trafficking_status == Some(TraffickingStatus::ActualVictimOfTrafficking)
            && case.assessment.decided_by.is_none()
        {
            self.push("assessment.decided_by", Problem::DecisionMakerMissing);
        }
        let indicators = &case.assessment.indicators;
        for (i, observed) in indicators.iter().enumerate() {
            let field = |name| At::Item("assessment.indicators", i, name);
            if indicators[..i]
                .iter()
                .any(|earlier| earlier.indicator == observed.indicator)
            {
                self.push(
                    field("indicator"),
                    Problem::DuplicateValue {
                        value: observed.indicator.to_string(),
                    },
                );
            }
            self.optional_text(field("note"), &observed.note, MAX_TEXT_CHARS);
        }
    }

    fn exploitation(&mut self, case: &Case, birth: Option<NaiveDate>) {
        let exploitation = &case.exploitation;
        let age_at_contact = birth
            .map(|birth| years_between(birth, case.first_contact.date))
            .or(case.person.age_at_first_contact.map(u32::from));
        if let Some(age) = exploitation.age_when_trafficked
            && self.age("exploitation.age_when_trafficked", age)
            && let Some(age_at_contact) = age_at_contact
            && u32::from(age) > age_at_contact
        {
            self.push(
                "exploitation.age_when_trafficked",
                Problem::AgeAboveAgeAtContact {
                    age,
                    age_at_contact,
                },
            );
        }
        if let Some(country) = &exploitation.country_of_exploitation {
            self.country("exploitation.country_of_exploitation", country);
        }
        for (i, event) in exploitation.events.iter().enumerate() {
            let field = |name| At::Item("exploitation.events", i, name);
            if let Some(date) = event.date {
                self.life_event(field("date"), date, birth);
            }
            if let Some(country) = &event.country {
                self.country(field("country"), country);
            }
            self.optional_text(field("city"), &event.city, MAX_NAME_CHARS);
            self.optional_text(field("description"), &event.description, MAX_TEXT_CHARS);
        }
    }

    fn assistance(&mut self, case: &Case) {
        let Some(period) = &case.assistance.reflection_period else {
            return;
        };
        let start_ok = match period.start {
            Some(start) => self.planned_date("assistance.reflection_period.start", start),
            None => false,
        };
        if let Some(end) = period.end
            && self.planned_date("assistance.reflection_period.end", end)
            && start_ok
            && let Some(start) = period.start
            && (end < start || (end == start && !case.redacted))
        {
            self.push(
                "assistance.reflection_period.end",
                Problem::DateNotAfter {
                    date: end,
                    other_field: "the start of the reflection period",
                    other: start,
                },
            );
        }
    }
}
