//! Adding to the case's lists (referrals, trafficking events, follow-ups)
//! from the row of fields under each: the entry is added only when its
//! fields make one, and the fields are emptied for the next.

use super::*;

impl Editor {
    /// Adds the referral the fields describe; the field to focus next.
    pub(super) fn add_referral(&mut self) -> Option<Field> {
        let date = parse_date(self.input(Field::ReferralDate));
        let organisation = non_empty(self.input(Field::ReferralOrganisation));
        if let (Ok(Some(date)), Some(organisation), Some(service)) =
            (date, organisation, self.referral_service)
        {
            self.case.referrals.push(Referral {
                date,
                organisation,
                organisation_type: self.referral_type,
                reason: None,
                service,
                outcome: self.referral_outcome,
                share_identity: false,
            });
            self.inputs.remove(&Field::ReferralDate);
            self.inputs.remove(&Field::ReferralOrganisation);
            // As the date and the organisation: the next referral
            // starts without the last one's type.
            self.referral_type = None;
            self.dirty = true;
            return Some(Field::ReferralDate);
        }
        None
    }

    /// Adds the trafficking event the fields describe; the field to focus next.
    pub(super) fn add_event(&mut self) -> Option<Field> {
        let date = parse_date(self.input(Field::EventDate));
        if let (Ok(date), Some(kind)) = (date, self.event_type) {
            self.case.exploitation.events.push(TraffickingEvent {
                kind,
                date,
                country: non_empty(self.input(Field::EventCountry)).map(|c| c.to_uppercase()),
                city: non_empty(self.input(Field::EventCity)),
                description: non_empty(self.input(Field::EventDescription)),
            });
            for field in [
                Field::EventDate,
                Field::EventCountry,
                Field::EventCity,
                Field::EventDescription,
            ] {
                self.inputs.remove(&field);
            }
            self.dirty = true;
            return Some(Field::EventDate);
        }
        None
    }

    /// Adds the follow-up the fields describe; the field to focus next.
    pub(super) fn add_follow_up(&mut self) -> Option<Field> {
        let date = parse_date(self.input(Field::FollowUpDate));
        let due = parse_date(self.input(Field::FollowUpDue));
        if let (Ok(Some(date)), Ok(due), Some(kind)) = (date, due, self.follow_up_kind) {
            self.case.follow_ups.push(FollowUp {
                date,
                kind,
                officer: Some(self.officer.clone()),
                summary: non_empty(self.input(Field::FollowUpSummary)),
                next_action: non_empty(self.input(Field::FollowUpNextAction)),
                next_action_due: due,
            });
            for field in [
                Field::FollowUpDate,
                Field::FollowUpSummary,
                Field::FollowUpNextAction,
                Field::FollowUpDue,
            ] {
                self.inputs.remove(&field);
            }
            self.dirty = true;
            return Some(Field::FollowUpDate);
        }
        None
    }
}
