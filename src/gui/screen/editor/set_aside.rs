//! A case of which the commission set a version aside (`vault::set_aside`):
//! the commission holds another version of the same revision, and the
//! officer is told so above the form, in plain words, while the case is
//! at that revision (a newer revision saved here is a new version the
//! commission takes as usual) and until a reply says the commission
//! settled it. Dated as the Export screen dates it: by the reply that
//! first named it. Read after the case, as its owner is.

use iced::widget::{container, text};
use iced::{Element, Length};

use super::{Editor, Message};
use crate::domain::CaseId;
use crate::gui::app::Message as AppMessage;
use crate::gui::job::Effect;
use crate::gui::store::{Store, with_vault};
use crate::gui::theme;
use crate::i18n::I18n;
use crate::vault::SetAsideVersion;

/// Reads the versions of the case `id` set aside (a job: the list may be
/// long, and only the case's own come back); nothing is shown if they
/// cannot be read, as before they were.
pub fn read(store: &Store, id: CaseId) -> Effect {
    let store = store.clone();
    Effect::job(move || match with_vault(&store, |v| v.set_aside_of(id)) {
        Ok(versions) => AppMessage::Editor(Message::SetAsideRead(id, versions)),
        Err(_) => AppMessage::Ignored,
    })
}

impl Editor {
    /// The versions set aside, read for the case `id`, kept if it is still
    /// the case open.
    pub(super) fn set_aside_read(&mut self, id: CaseId, versions: Vec<SetAsideVersion>) {
        if self.record.as_ref().is_some_and(|r| r.meta.id == id) {
            self.set_aside = versions;
        }
    }

    /// The notice, while the case is at a revision the commission set a
    /// version of aside and has not settled.
    pub(super) fn set_aside_notice<'a>(&self, i18n: &I18n) -> Option<Element<'a, Message>> {
        let revision = self.record.as_ref()?.meta.revision;
        let version = self
            .set_aside
            .iter()
            .find(|s| s.revision == Some(revision) && !s.resolved)?;
        let on = version
            .reply_of
            .as_deref()
            .or(version.received_at.as_deref())
            .unwrap_or_default();
        let date = crate::domain::day_of(on).to_owned();
        Some(
            container(text(
                i18n.t_with("editor-set-aside", &[("date", date.into())]),
            ))
            .padding(theme::SPACE_M)
            .width(Length::Fill)
            .style(theme::card)
            .into(),
        )
    }
}
