//! Wiping a case from memory: every text of a case is overwritten with
//! zeros, in place, before the case is dropped (the screens wipe what they
//! held when the vault locks).
//!
//! Each part is taken apart field by field without `..`, so a field added
//! to the record later does not compile until it is wiped here too (or said
//! to hold no text). Dates, numbers and vocabulary values are not wiped: the
//! promise is about what names and describes a person.

use zeroize::Zeroize;

use super::case::*;

impl Zeroize for Case {
    fn zeroize(&mut self) {
        let Case {
            status: _,
            closure_reason,
            person,
            consent: _,
            first_contact,
            assessment,
            exploitation,
            assistance: _,
            referrals,
            follow_ups,
            notes,
            erase_after: _,
            synthetic: _,
            redacted: _,
            held_by_commission: _,
        } = self;
        closure_reason.zeroize();
        person.zeroize();
        first_contact.zeroize();
        assessment.zeroize();
        exploitation.zeroize();
        referrals.zeroize();
        follow_ups.zeroize();
        notes.zeroize();
    }
}

impl Zeroize for Person {
    fn zeroize(&mut self) {
        let Person {
            given_name,
            family_name,
            is_pseudonym: _,
            birth_date: _,
            birth_year,
            estimated_age,
            gender: _,
            citizenship,
            primary_language,
            identity_document,
            phone,
            email,
            current_location,
            age_at_first_contact: _,
        } = self;
        given_name.zeroize();
        family_name.zeroize();
        birth_year.zeroize();
        estimated_age.zeroize();
        citizenship.zeroize();
        primary_language.zeroize();
        identity_document.zeroize();
        phone.zeroize();
        email.zeroize();
        current_location.zeroize();
    }
}

impl Zeroize for IdentityDocument {
    fn zeroize(&mut self) {
        let IdentityDocument { kind: _, number } = self;
        number.zeroize();
    }
}

impl Zeroize for Location {
    fn zeroize(&mut self) {
        let Location { city, country } = self;
        city.zeroize();
        country.zeroize();
    }
}

impl Zeroize for FirstContact {
    fn zeroize(&mut self) {
        let FirstContact {
            date: _,
            channel: _,
            place,
        } = self;
        place.zeroize();
    }
}

impl Zeroize for Assessment {
    fn zeroize(&mut self) {
        let Assessment {
            trafficking_status: _,
            decided_by: _,
            indicators,
        } = self;
        indicators.zeroize();
    }
}

impl Zeroize for ObservedIndicator {
    fn zeroize(&mut self) {
        let ObservedIndicator { indicator: _, note } = self;
        note.zeroize();
    }
}

impl Zeroize for Exploitation {
    fn zeroize(&mut self) {
        let Exploitation {
            types: _,
            sexual_exploitation_types: _,
            labour_industry: _,
            recruitment_methods: _,
            means_of_control: _,
            relationship_to_trafficker: _,
            age_when_trafficked,
            country_of_exploitation,
            events,
        } = self;
        age_when_trafficked.zeroize();
        country_of_exploitation.zeroize();
        events.zeroize();
    }
}

impl Zeroize for TraffickingEvent {
    fn zeroize(&mut self) {
        let TraffickingEvent {
            kind: _,
            date: _,
            country,
            city,
            description,
        } = self;
        country.zeroize();
        city.zeroize();
        description.zeroize();
    }
}

impl Zeroize for Referral {
    fn zeroize(&mut self) {
        let Referral {
            date: _,
            organisation,
            organisation_type: _,
            reason: _,
            service: _,
            outcome: _,
            share_identity: _,
        } = self;
        organisation.zeroize();
    }
}

impl Zeroize for FollowUp {
    fn zeroize(&mut self) {
        let FollowUp {
            date: _,
            kind: _,
            officer,
            summary,
            next_action,
            next_action_due: _,
        } = self;
        officer.zeroize();
        summary.zeroize();
        next_action.zeroize();
    }
}

impl Zeroize for CaseRecord {
    fn zeroize(&mut self) {
        let CaseRecord { meta, case } = self;
        let RecordMeta {
            id: _,
            reference,
            origin_mission: _,
            revision: _,
            epoch: _,
            created_at: _,
            created_by: _,
            updated_at: _,
            updated_by: _,
        } = meta;
        reference.zeroize();
        case.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wiped_case_keeps_none_of_its_texts() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/case-full.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut record = CaseRecord {
            meta: RecordMeta {
                id: CaseId::new(),
                reference: "LT-LON-2026-0001".into(),
                origin_mission: "LT-LON".into(),
                revision: 1,
                epoch: None,
                created_at: chrono::Utc::now(),
                created_by: "J. Jonaitis".into(),
                updated_at: chrono::Utc::now(),
                updated_by: "J. Jonaitis".into(),
            },
            case: Case::from_json(&text).unwrap_or_else(|e| panic!("{e}")),
        };
        // Every text field of the reference case, one value of each.
        let texts = [
            "Ona",
            "Žemaitytė",
            "LT1234567",
            "+447700900123",
            "ona.example@example.org",
            "Boston",
            "Consular section",
            "Employer holds her passport",
            "Kaunas",
            "Job offer for fruit picking",
            "Local shelter NGO",
            "Safe at the shelter",
            "Arrange return travel",
            "Came with a friend",
            "LT-LON-2026-0001",
        ];
        let shown = format!("{record:?}");
        for text in texts {
            assert!(shown.contains(text), "{text} is not in the fixture");
        }
        record.zeroize();
        let shown = format!("{record:?}");
        for text in texts {
            assert!(!shown.contains(text), "{text} survived: {shown}");
        }
        assert_eq!(record.case.person.primary_language, None);
        assert!(record.case.person.citizenship.is_empty());
    }
}
