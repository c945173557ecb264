//! Keys that no field took, for the screen that has its own: the Missions
//! screen's column numbers, arrows and letters, the settings' K and R (the
//! keys' rotation).

use super::*;

impl App {
    pub(super) fn screen_key(&mut self, key: Key, physical: Physical) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        match &mut session.screen {
            Screen::Missions(_) => self.missions_key(key, physical),
            Screen::Settings(settings) => {
                let action = settings.key(&key, physical);
                self.settings_action(action)
            }
            _ => Effect::None,
        }
    }
}
