//! What a mission keeps of a case the commission holds (`vault::stubs`):
//! the statuses and the dates, nothing about the person and no text.

use chrono::NaiveDate;

use super::case::{Assessment, Case, FirstContact, FollowUp};

impl Case {
    /// The stub of this case: its status, trafficking status and who
    /// decided it, the date and channel of first contact, the dates and
    /// kinds of its follow-ups, and its retention date. Everything else
    /// (the person, consent, exploitation, assistance, referrals, every
    /// free text) is left out.
    pub fn stub(&self) -> Case {
        Case {
            status: self.status,
            first_contact: FirstContact {
                date: self.first_contact.date,
                channel: self.first_contact.channel,
                place: None,
            },
            assessment: Assessment {
                trafficking_status: self.assessment.trafficking_status,
                decided_by: self.assessment.decided_by,
                indicators: Vec::new(),
            },
            follow_ups: self
                .follow_ups
                .iter()
                .map(|f| FollowUp {
                    date: f.date,
                    kind: f.kind,
                    officer: None,
                    summary: None,
                    next_action: None,
                    next_action_due: None,
                })
                .collect(),
            erase_after: self.erase_after,
            redacted: self.redacted,
            held_by_commission: true,
            ..Case::default()
        }
    }

    /// The last day the case was worked on as its content says: its first
    /// contact or its latest follow-up, whichever is later.
    pub fn last_contact(&self) -> NaiveDate {
        self.follow_ups
            .iter()
            .map(|f| f.date)
            .fold(self.first_contact.date, NaiveDate::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseStatus, FollowUpKind, TraffickingStatus};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_stub_keeps_dates_and_statuses_and_no_text() {
        let mut case = Case {
            status: CaseStatus::Closed,
            closure_reason: Some("returned home to Kaunas".into()),
            notes: Some("met at the bus station".into()),
            erase_after: Some(day(2030, 1, 1)),
            ..Case::default()
        };
        case.first_contact.date = day(2024, 3, 4);
        case.first_contact.place = Some("Victoria".into());
        case.person.given_name = Some("Ona".into());
        case.assessment.trafficking_status = Some(TraffickingStatus::ActualVictimOfTrafficking);
        case.follow_ups.push(FollowUp {
            date: day(2024, 5, 6),
            kind: FollowUpKind::Phone,
            officer: Some("J. Jonaitis".into()),
            summary: Some("she is safe".into()),
            next_action: Some("call again".into()),
            next_action_due: Some(day(2024, 6, 1)),
        });
        let stub = case.stub();
        let json = serde_json::to_string(&stub).unwrap_or_default();
        for text in [
            "Kaunas",
            "bus station",
            "Victoria",
            "Ona",
            "J. Jonaitis",
            "safe",
            "call again",
        ] {
            assert!(!json.contains(text), "{text} in {json}");
        }
        assert_eq!(stub.status, CaseStatus::Closed);
        assert!(stub.held_by_commission && !case.held_by_commission);
        assert_eq!(stub.first_contact.date, day(2024, 3, 4));
        assert_eq!(
            stub.assessment.trafficking_status,
            Some(TraffickingStatus::ActualVictimOfTrafficking)
        );
        assert_eq!(stub.follow_ups.len(), 1);
        assert_eq!(stub.follow_ups[0].date, day(2024, 5, 6));
        assert_eq!(stub.erase_after, Some(day(2030, 1, 1)));
        assert_eq!(case.last_contact(), day(2024, 5, 6));
    }
}
