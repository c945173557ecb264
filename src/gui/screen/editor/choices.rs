//! The form's choices: pick lists and checkboxes, each setting one value
//! of the case (or of the row being added) as it is made.

use super::*;

impl Editor {
    /// Sets what the choice `message` chose; any other message is left.
    pub(super) fn choose(&mut self, message: Message) {
        match message {
            Message::Status(choice) => {
                self.case.status = choice.value.unwrap_or_default();
            }
            Message::Gender(choice) => {
                self.case.person.gender = choice.value;
            }
            Message::Channel(choice) => {
                if let Some(channel) = choice.value {
                    self.case.first_contact.channel = channel;
                    self.dirty = true;
                }
            }
            Message::Trafficking(choice) => {
                self.case.assessment.trafficking_status = choice.value;
            }
            Message::FollowUpKind(choice) => self.follow_up_kind = choice.value,
            Message::Pseudonym(on) => {
                self.case.person.is_pseudonym = Some(on);
            }
            Message::Interview(on) => {
                self.case.consent.interview = Some(on);
            }
            Message::InformedOf(item, on) => {
                toggle(&mut self.case.consent.informed_of, item, on);
            }
            Message::GivenBy(choice) => {
                self.case.consent.given_by = choice.value;
            }
            Message::UrgentNeed(need, on) => {
                toggle(&mut self.case.assistance.urgent_needs, need, on);
            }
            Message::SexType(kind, on) => {
                toggle(
                    &mut self.case.exploitation.sexual_exploitation_types,
                    kind,
                    on,
                );
            }
            Message::Recruitment(method, on) => {
                toggle(&mut self.case.exploitation.recruitment_methods, method, on);
            }
            Message::Control(means, on) => {
                toggle(&mut self.case.exploitation.means_of_control, means, on);
            }
            Message::DocumentType(choice) => {
                self.document_type = choice.value;
            }
            Message::DecidedBy(choice) => {
                self.case.assessment.decided_by = choice.value;
            }
            Message::Industry(choice) => {
                self.case.exploitation.labour_industry = choice.value;
            }
            Message::Relationship(choice) => {
                self.case.exploitation.relationship_to_trafficker = choice.value;
            }
            Message::TravelDocument(on) => {
                self.case.assistance.travel_document_issued = Some(on);
            }
            Message::ReturnAssisted(on) => {
                self.case.assistance.return_assisted = Some(on);
            }
            Message::ShareWithCommission(on) => {
                self.case.consent.share_identifiable_with_commission = Some(on);
            }
            Message::AnonymousStatistics(on) => {
                self.case.consent.anonymous_statistics = Some(on);
            }
            Message::Indicator(indicator, on) => {
                let list = &mut self.case.assessment.indicators;
                list.retain(|o| o.indicator != indicator);
                if on {
                    list.push(ObservedIndicator {
                        indicator,
                        note: None,
                    });
                }
            }
            Message::Form(form, on) => {
                toggle(&mut self.case.exploitation.types, form, on);
            }
            _ => {}
        }
    }
}

/// Adds or removes `item` in a multi-valued field, keeping it sorted.
fn toggle<T: Ord + Copy>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|x| *x != item);
    if on {
        list.push(item);
        list.sort();
    }
}
