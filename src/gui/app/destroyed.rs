//! After the vault was destroyed (Settings → "Destroy this vault",
//! `screen::settings::danger`): the session ends without a lock (there is
//! nothing left to keep a draft in or back up), the clipboard is emptied as
//! at a lock, and the first-run screen says what happened.

use super::*;

impl App {
    pub(super) fn vault_destroyed(&mut self, done: &vault::Destruction) -> Effect {
        // A quit asked for while destroying waited for it: the window
        // closes now (there is no vault left to back up or lock).
        let quit = self.quitting
            || matches!(&self.state, State::Unlocked(s) if s.waiting == Some(lock::Pending::Quit));
        let (mut form, action) = first_run::FirstRun::new();
        form.failed(settings::danger::destroyed_text(&self.i18n, done));
        // Replacing the state drops the session and its handle on the
        // (closed) vault.
        self.state = State::FirstRun(form);
        let mut effect = self.first_run_action(action);
        if let Some(request) = self.copied.at_lock() {
            effect = effect.and(Effect::Clipboard(request));
        }
        if quit {
            effect = effect.and(Effect::Exit);
        }
        effect
    }
}
