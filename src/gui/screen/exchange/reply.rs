//! The commission's reply on the exchange screen: at a mission, receiving
//! one (a file dialog, then the work off the interface thread, like an
//! import); at the commission, writing one to a mission of its list.

use std::path::PathBuf;

use super::{Action as ScreenAction, Exchange, Told};
use crate::exchange::{self, reply};
use crate::gui::app::Message as AppMessage;
use crate::gui::dialog::Dialog;
use crate::gui::job::Effect;
use crate::gui::store::Store;
use crate::gui::widget::Said;

#[derive(Debug, Clone)]
pub enum Message {
    /// Mission: choose the reply file to receive.
    Choose,
    Chosen(Option<PathBuf>),
    Received(Result<Box<reply::Received>, exchange::Error>),
    /// Commission: write a reply to this mission.
    ReplyTo(String),
    OutChosen(String, Option<PathBuf>),
    Written(Result<Box<reply::ReplySummary>, exchange::Error>),
    /// Mission: the guidance notes shown are read.
    MarkRead,
    MarkedRead(Result<(), crate::vault::Error>),
    /// Mission: the officer compared the commission's new key by phone.
    AcceptRotation(String),
    RotationAccepted(Result<(String, String), exchange::Error>),
    /// Commission: withdrawing a guidance note (`guidance`).
    Guidance(super::guidance::Message),
}

#[derive(Debug)]
pub enum Action {
    ChooseFile,
    Receive(PathBuf),
    ChooseOut(String),
    Write {
        mission: String,
        path: PathBuf,
    },
    MarkRead,
    AcceptRotation(String),
    /// Commission: withdraw the guidance note with this id.
    Withdraw(String),
}

impl Exchange {
    pub(super) fn reply_update(&mut self, message: Message) -> ScreenAction {
        match message {
            Message::Choose => ScreenAction::Reply(Action::ChooseFile),
            Message::Chosen(None) | Message::OutChosen(_, None) => ScreenAction::None,
            Message::Chosen(Some(path)) => {
                self.outcome = None;
                ScreenAction::Reply(Action::Receive(path))
            }
            Message::Received(Ok(received)) => {
                let applied = &received.applied;
                self.outcome = Some(Ok(Told::Said(match &applied.already_received_at {
                    Some(at) => Said::with(
                        "exchange-reply-already",
                        "date",
                        crate::domain::day_of(at).to_owned(),
                    ),
                    None => Said::with(
                        "exchange-reply-received",
                        "count",
                        applied.newly_confirmed.to_string(),
                    ),
                })));
                ScreenAction::Load
            }
            Message::Received(Err(error)) | Message::Written(Err(error)) => {
                self.outcome = Some(Err(Told::Refused(error)));
                ScreenAction::None
            }
            Message::ReplyTo(mission) => ScreenAction::Reply(Action::ChooseOut(mission)),
            Message::OutChosen(mission, Some(path)) => {
                self.outcome = None;
                ScreenAction::Reply(Action::Write { mission, path })
            }
            Message::MarkRead => ScreenAction::Reply(Action::MarkRead),
            Message::Guidance(message) => self.guidance_update(message),
            Message::AcceptRotation(fingerprint) => {
                self.outcome = None;
                ScreenAction::Reply(Action::AcceptRotation(fingerprint))
            }
            Message::RotationAccepted(Ok((_, new))) => {
                self.outcome = Some(Ok(Told::Said(Said::with(
                    "exchange-rotation-accepted",
                    "fingerprint",
                    new,
                ))));
                ScreenAction::Load
            }
            Message::RotationAccepted(Err(error)) => {
                self.outcome = Some(Err(Told::Refused(error)));
                ScreenAction::None
            }
            Message::MarkedRead(Ok(())) => ScreenAction::Load,
            Message::MarkedRead(Err(error)) => {
                self.outcome = Some(Err(Told::Said(Said::Error(error))));
                ScreenAction::None
            }
            Message::Written(Ok(summary)) => {
                // Formats 2 and 3 lock a mission on an older build out of
                // the whole reply: the analyst is told which it is.
                let key = if summary.refused_by_older_missions() {
                    "exchange-reply-written-newer"
                } else {
                    "exchange-reply-written"
                };
                self.outcome = Some(Ok(Told::Said(Said::Text(
                    key,
                    vec![
                        ("code", summary.mission.clone()),
                        ("count", summary.receipts.to_string()),
                        ("path", summary.file.display().to_string()),
                        ("format", summary.version.to_string()),
                        ("release", env!("CARGO_PKG_VERSION").to_owned()),
                    ],
                ))));
                ScreenAction::None
            }
        }
    }
}

/// What a reply action becomes: a dialog, or a job on the vault.
pub fn effect(store: Store, action: Action) -> Effect {
    let done = |message: Message| AppMessage::Exchange(super::Message::Reply(message));
    match action {
        Action::ChooseFile => Effect::Dialog(Dialog::OpenReply),
        Action::ChooseOut(mission) => Effect::Dialog(Dialog::SaveReply(mission)),
        Action::Receive(path) => Effect::job(move || {
            let mut vault = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            done(Message::Received(
                reply::receive(&mut vault, &path).map(Box::new),
            ))
        }),
        Action::Withdraw(id) => super::guidance::effect(store, id),
        Action::MarkRead => Effect::job(move || {
            let mut vault = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            done(Message::MarkedRead(vault.mark_guidance_read().map(drop)))
        }),
        Action::AcceptRotation(fingerprint) => Effect::job(move || {
            let mut vault = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            done(Message::RotationAccepted(
                exchange::accept_commission_rotation(&mut vault, &fingerprint),
            ))
        }),
        Action::Write { mission, path } => Effect::job(move || {
            let mut vault = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            // The native dialog already asked before replacing a file.
            done(Message::Written(
                reply::reply(&mut vault, &mission, &path, true).map(Box::new),
            ))
        }),
    }
}
