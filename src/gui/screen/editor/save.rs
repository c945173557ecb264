//! What Save does: every problem shown and the cursor put at the first, a
//! row or a search typed and not added gone back to, no new revision for a
//! case that did not change, and otherwise the case handed to the store.

use super::{Action, Editor, Field, NO_INPUT, problems};

impl Editor {
    /// Whether Save is offered: an invalid case too, for Save then shows
    /// every problem and goes to the first.
    pub(super) fn offers_save(&self) -> bool {
        self.read_only.is_none() && !self.saving && (self.dirty || self.record.is_none())
    }

    pub fn can_save(&self) -> bool {
        self.read_only.is_none()
            && !self.saving
            && self.errors.is_empty()
            && (self.dirty || self.record.is_none())
    }

    pub(super) fn save(&mut self) -> Action {
        self.revalidate();
        if self.read_only.is_none() && !self.saving && !self.errors.is_empty() {
            // Saving shows every problem and goes to the first.
            self.typing = None;
            if let Some((path, _)) = self.first_problem() {
                let (field, section) = Self::place_of(path);
                let choice = problems::choice_label(path);
                self.section = section;
                self.focus.set(None);
                if let Some(field) = field.filter(|f| f.has_input()) {
                    self.wanted = Some(field);
                    return Action::Focus(field);
                }
                // A pick list: the view rings it; no text input keeps the cursor.
                if let Some(label) = choice {
                    self.wanted_choice.set(Some(label));
                    return Action::FocusId(iced::widget::Id::new(NO_INPUT));
                }
            }
            return Action::None;
        }
        // A follow-up, referral or step typed but not added is not part of
        // the case: saving would drop it unsaid. Save goes to it instead.
        if self.read_only.is_none()
            && !self.saving
            && let Some(field) = self.typed_but_not_added()
        {
            let problem = if field.has_input() {
                "problem-not-added"
            } else {
                "problem-not-chosen"
            };
            self.errors
                .push((field.path().to_owned(), problem.to_owned()));
            self.typing = None;
            self.section = field.section();
            self.focus.set(None);
            self.wanted = Some(field);
            return Action::Focus(field);
        }
        // Nothing changed (a row typed and cleared again): no new revision.
        if let Some(record) = &self.record
            && record.case == self.case
        {
            self.dirty = false;
            return Action::None;
        }
        if !self.can_save() {
            return Action::None;
        }
        self.saving = true;
        Action::Save {
            id: self.record.as_ref().map(|r| r.meta.id),
            revision: self.record.as_ref().map(|r| r.meta.revision).unwrap_or(0),
            case: Box::new(self.case.clone()),
        }
    }

    /// The first field of a new follow-up, referral or trafficking step
    /// that holds text not yet added to the case.
    fn typed_but_not_added(&self) -> Option<Field> {
        if let Some(field) = self.places.unchosen().next() {
            return Some(field);
        }
        Field::ALL.into_iter().find(|field| {
            field.path().starts_with("new_")
                && field.has_input()
                && self
                    .inputs
                    .get(field)
                    .is_some_and(|text| !text.trim().is_empty())
        })
    }
}
