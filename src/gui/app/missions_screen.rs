//! The commission's Missions screen: opening it, its messages, and its
//! actions turned into store jobs.

use super::*;

impl App {
    pub(super) fn show_missions(&mut self) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        if session.info.role != vault::Role::Commission || !session.screen.may_switch() {
            return Effect::None;
        }
        let (screen, action) = missions::Missions::new();
        session.screen = Screen::Missions(Box::new(screen));
        self.missions_action(action)
    }

    pub(super) fn missions(&mut self, message: missions::Message) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let Screen::Missions(screen) = &mut session.screen else {
            return Effect::None;
        };
        let action = screen.update(message, &self.i18n);
        self.missions_action(action)
    }

    /// A key no field took, on the Missions screen: its column numbers sort.
    pub(super) fn missions_key(&mut self, key: Key, physical: Physical) -> Effect {
        match &self.state {
            State::Unlocked(session) if matches!(session.screen, Screen::Missions(_)) => {
                self.missions(missions::Message::Key(key, physical))
            }
            _ => Effect::None,
        }
    }

    fn missions_action(&mut self, action: missions::Action) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let store = session.store.clone();
        let done = |message: missions::Message| Message::Missions(message);
        match action {
            missions::Action::None => Effect::None,
            missions::Action::Back => self.back_to_list(),
            missions::Action::Focus(id) => Effect::Focus(id),
            missions::Action::Load => Effect::job(move || {
                done(missions::Message::Loaded(
                    with_vault(&store, |v| v.missions_overview(chrono::Utc::now())).map(Box::new),
                ))
            }),
            missions::Action::Replace { code, fingerprint } => Effect::job(move || {
                let result = with_vault(&store, |v| v.replace_mission_key(&code, &fingerprint))
                    .map(|replaced| missions::Done::Replaced {
                        code,
                        fingerprint: replaced.approved.fingerprint,
                    });
                done(missions::Message::Done(result))
            }),
            missions::Action::Revoke { code, after } => Effect::job(move || {
                let result =
                    with_vault(&store, |v| v.revoke_mission_key(&code, after)).map(|revoked| {
                        missions::Done::Revoked {
                            code,
                            on: vault::missions_day(revoked.retired_at.as_deref()),
                        }
                    });
                done(missions::Message::Done(result))
            }),
            missions::Action::SetSilentAfter(days) => Effect::job(move || {
                let result = with_vault(&store, |v| v.set_silent_after_days(days))
                    .map(|()| missions::Done::SilentAfter(days));
                done(missions::Message::Done(result))
            }),
        }
    }
}

impl App {
    /// The codes of the rows the Missions screen shows, in their order
    /// (tests).
    pub fn shown_missions(&self) -> Vec<String> {
        match &self.state {
            State::Unlocked(session) => match &session.screen {
                Screen::Missions(screen) => screen.shown_codes(&self.i18n),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}
