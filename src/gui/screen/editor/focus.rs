//! The editor's own focus order: every text field, pick list, switch and
//! checkbox of a section in reading order (iced 0.14 focuses text inputs
//! only), and Tab and Shift+Tab through it.

use super::*;

/// A stop of the focus order: a text input (iced focuses it by its id) or
/// a control the editor rings and gives keys to.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Stop {
    Text(iced::widget::Id),
    Control,
}

/// The id given to no widget: focusing it takes the focus from every text
/// input (a control has it then).
pub const NO_INPUT: &str = "case-control-has-the-focus";

impl Editor {
    /// Adds a stop to the focus order being made; its index.
    pub(super) fn add_stop(&self, stop: Stop) -> usize {
        let mut stops = self.stops.borrow_mut();
        stops.push(stop);
        stops.len() - 1
    }

    /// Tab (or Shift+Tab with `back`): the next stop in reading order; past
    /// the section's last, the next section's first (and back).
    pub fn tab(&mut self, back: bool, i18n: &I18n) -> Action {
        self.typing = None;
        self.leave_search();
        self.wanted_choice.set(None);
        if let Some(field) = self.wanted.take() {
            self.focus_on(field.id().into());
        }
        let count = self.stops.borrow().len();
        let next = match (self.focus.get(), back) {
            (Some(at), false) if at + 1 < count => Some(at + 1),
            (Some(at), true) if at > 0 && at <= count => Some(at - 1),
            (None, false) if count > 0 => Some(0),
            (None, true) if count > 0 => Some(count - 1),
            _ => None,
        };
        let next = match next {
            Some(next) => next,
            None => {
                // On to the next section (or back to the previous one).
                let at = Section::ALL
                    .iter()
                    .position(|s| *s == self.section)
                    .unwrap_or(0);
                let len = Section::ALL.len();
                self.section = Section::ALL[if back {
                    (at + len - 1) % len
                } else {
                    (at + 1) % len
                }];
                self.stops.borrow_mut().clear();
                let _ = self.section_view(i18n);
                let count = self.stops.borrow().len();
                if count == 0 {
                    self.focus.set(None);
                    return Action::FocusId(iced::widget::Id::new(NO_INPUT));
                }
                if back { count - 1 } else { 0 }
            }
        };
        self.focus.set(Some(next));
        match self.stops.borrow().get(next) {
            Some(Stop::Text(id)) => Action::FocusId(id.clone()),
            _ => Action::FocusId(iced::widget::Id::new(NO_INPUT)),
        }
    }

    /// The focus leaves the field it is in: a search typed there is
    /// chosen if it can mean one place only, and otherwise stays typed
    /// (Save goes back to it), never dropped unsaid.
    pub(super) fn leave_search(&mut self) {
        let Some(field) = self.focus.get().and_then(|at| self.field_at(at)) else {
            return;
        };
        let typed = zeroize::Zeroizing::new(self.places.typed(field).to_owned());
        if typed.trim().is_empty() {
            return;
        }
        if let Some(pick) = self
            .places
            .resolve(field, &typed)
            .and_then(|place| super::places::pick_message(field, place))
        {
            let _ = self.update(pick);
        }
    }

    /// The field whose text input is the stop at `index`, if one is.
    pub(super) fn field_at(&self, index: usize) -> Option<Field> {
        match self.stops.borrow().get(index) {
            Some(Stop::Text(id)) => Field::ALL
                .into_iter()
                .find(|f| iced::widget::Id::new(f.id()) == *id),
            _ => None,
        }
    }

    /// Notes that the text input with this id has the focus (typed into).
    pub(super) fn focus_on(&mut self, id: iced::widget::Id) {
        let found = self
            .stops
            .borrow()
            .iter()
            .position(|s| *s == Stop::Text(id.clone()));
        if found.is_some() {
            self.focus.set(found);
            self.wanted = None;
        }
    }

    /// Esc: closes the open pick list or else the question asked, if one
    /// is open (`true`).
    pub fn close_menu(&mut self) -> bool {
        if self.menus.close() {
            return true;
        }
        // A question is the innermost thing open: Esc answers Keep editing.
        if self.question.take().is_some() {
            self.focus.set(None);
            return true;
        }
        // A stub's "Consent withdrawn?" question: Esc answers No.
        if self.consent.cancel_question() {
            self.focus.set(None);
            return true;
        }
        // Then the documents panel.
        if std::mem::take(&mut self.documents_open) {
            self.focus.set(None);
            return true;
        }
        false
    }
}
