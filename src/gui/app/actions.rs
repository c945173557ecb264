//! What each screen's actions become: store jobs (`store`), dialogs,
//! focus, and moves between screens. Every vault call here is a job.

use super::*;

impl App {
    pub(super) fn first_run_action(&mut self, action: first_run::Action) -> Effect {
        match action {
            first_run::Action::None => Effect::None,
            first_run::Action::Focus(id) => Effect::Focus(id),
            first_run::Action::ChooseKeyFile => Effect::Dialog(Dialog::OpenKey),
            first_run::Action::Create {
                new,
                passphrase,
                commission_key,
            } => store::create(
                &self.dir,
                new,
                passphrase,
                commission_key,
                self.preferences.language,
            ),
        }
    }

    pub(super) fn unlock_action(&mut self, action: unlock::Action) -> Effect {
        match action {
            unlock::Action::None => Effect::None,
            unlock::Action::Focus(id) => Effect::Focus(id),
            unlock::Action::ChooseBackup => Effect::Dialog(Dialog::OpenBackup),
            unlock::Action::Restore(path) => store::restore(path, &self.dir),
            unlock::Action::Unlock {
                passphrase,
                failed_attempts,
                officer,
            } => store::open(&self.dir, passphrase, failed_attempts, officer),
        }
    }

    pub(super) fn cases_action(&mut self, action: cases::Action) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        match action {
            cases::Action::None => Effect::None,
            cases::Action::Load(request) => {
                store::load_cases(&session.store, request, self.calendar.today())
            }
            cases::Action::Debounce(generation) => Effect::after(
                SEARCH_DEBOUNCE,
                Message::Cases(cases::Message::SearchSettled(generation)),
            ),
            cases::Action::Open(id) => store::open_case(&session.store, id),
            cases::Action::New => {
                let (editor, action) = editor::Editor::new_case(
                    self.calendar.today(),
                    &session.info.officer,
                    &self.i18n,
                );
                session.screen = Screen::Editor(Box::new(editor));
                self.editor_action(action)
            }
            cases::Action::Focus(id) => Effect::Focus(id),
            cases::Action::PrepareHandover(scope) => store::prepare_handover(&session.store, scope),
            cases::Action::Reassign { handing, to, note } => {
                store::reassign(&session.store, handing, to, note)
            }
            cases::Action::EraseDue(action) => cases::erase_due::run(&session.store, action, |m| {
                Message::Cases(cases::Message::EraseDue(m))
            }),
            cases::Action::ShowSettings => self.show_settings(),
            cases::Action::MarkHandedOverSeen(ids) => {
                store::mark_handed_over_seen(&session.store, ids)
            }
            cases::Action::SetDiscreet(on) => {
                let mut preferences = self.preferences.clone();
                preferences.discreet = on;
                self.set_preferences(preferences)
            }
        }
    }

    /// What the editor asked for, and the referral directory whenever the
    /// editor is at its referrals section without it, however it got there
    /// (a click, Tab, a restored draft, Save going to a problem).
    pub(super) fn editor_action(&mut self, action: editor::Action) -> Effect {
        let effect = self.editor_action_only(action);
        let State::Unlocked(session) = &mut self.state else {
            return effect;
        };
        if let Screen::Editor(editor) = &mut session.screen
            && editor.wants_directory()
        {
            return effect.and(store::read_directory(&session.store));
        }
        effect
    }

    fn editor_action_only(&mut self, action: editor::Action) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        match action {
            editor::Action::None => Effect::None,
            editor::Action::Focus(field) => Effect::Focus(field.id()),
            editor::Action::FocusId(id) => Effect::FocusId(id),
            editor::Action::Save { id, revision, case } => {
                store::save_case(&session.store, id, revision, case)
            }
            editor::Action::Erase(id) => store::erase_case(&session.store, id),
            editor::Action::WithdrawConsent(id) => store::withdraw_stub_consent(&session.store, id),
            editor::Action::RetractWithdrawal(id) => {
                store::retract_stub_consent_withdrawal(&session.store, id)
            }
            editor::Action::ReadOwner(id, stub) => {
                let read = store::case_owner(&session.store, id)
                    .and(editor::set_aside::read(&session.store, id));
                // A withdrawn consent is recorded for this mission's stubs
                // only.
                match stub {
                    true => read.and(store::stub_withdrawal(&session.store, id)),
                    false => read,
                }
            }
            editor::Action::ChooseSummaryFile { id, name } => {
                Effect::Dialog(Dialog::SaveSummary(id, name))
            }
            editor::Action::WriteSummary { id, path } => store::write_summary(
                &session.store,
                id,
                path,
                self.i18n.language(),
                self.calendar.today(),
            ),
            editor::Action::ChooseLetterFile { id, number, name } => {
                Effect::Dialog(Dialog::SaveLetter(id, number, name))
            }
            editor::Action::WriteLetter {
                id,
                number,
                revision,
                path,
            } => store::write_letter(
                &session.store,
                id,
                (number, revision),
                path,
                self.i18n.language(),
                self.calendar.today(),
            ),
            editor::Action::Close | editor::Action::Leave(editor::Leaving::Back) => {
                self.back_to_list()
            }
            editor::Action::Leave(editor::Leaving::Lock) => self.lock(),
            // Through locking, for the automatic backup.
            // Quits once the jobs this leaves behind (the draft discarded
            // from the vault) have let go of it: exiting at once could end
            // the process before the discard is written.
            editor::Action::Leave(editor::Leaving::Quit) => {
                session.waiting = Some(super::lock::Pending::Quit);
                Effect::None
            }
        }
    }

    pub(super) fn settings_action(&mut self, action: settings::Action) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let store = session.store.clone();
        match action {
            settings::Action::None => Effect::None,
            settings::Action::Preferences(preferences) => self.set_preferences(preferences),
            settings::Action::ChangePassphrase { current, new } => {
                store::change_passphrase(&store, current, new)
            }
            settings::Action::ChooseBackupFile => Effect::Dialog(Dialog::SaveBackup),
            settings::Action::Backup(path) => store::backup_to(&store, path),
            settings::Action::ChooseAutoFolder => Effect::Dialog(Dialog::AutoBackupFolder),
            settings::Action::SaveAuto(auto) => store::set_auto_backup(&store, auto),
            settings::Action::ChooseRestoreFile => Effect::Dialog(Dialog::OpenBackupToReplace),
            settings::Action::CheckRestore(path) => store::check_backup(path, &self.dir),
            settings::Action::Restore(path) => {
                // Locking closes the vault; the unlock screen then restores
                // as it does for a damaged vault, and shows the outcome.
                drop(store);
                let focus = self.lock_with(false);
                let _ = self.unlock(unlock::Message::BackupChosen(Some(path)));
                focus.and(self.unlock(unlock::Message::ConfirmRestore))
            }
            settings::Action::Danger(settings::danger::Action::Check) => {
                store::before_destroying(&store)
            }
            settings::Action::Danger(settings::danger::Action::Destroy) => store::destroy(&store),
            settings::Action::Danger(settings::danger::Action::None) => Effect::None,
            settings::Action::Stubs(action) => settings::stubs::run(&store, action, |m| {
                Message::Settings(settings::Message::Stubs(m))
            }),
            settings::Action::Officers(action) => match action {
                settings::officers::Action::Add { name, passphrase } => {
                    store::add_officer(&store, name, passphrase)
                }
                settings::officers::Action::Remove(name) => store::remove_officer(&store, name),
                settings::officers::Action::Hide(on) => store::hide_officers(&store, on),
                settings::officers::Action::None => Effect::None,
                settings::officers::Action::Focus(id) => Effect::Focus(id),
            },
            settings::Action::Keys(action) => match action {
                settings::keys::Action::None => Effect::None,
                settings::keys::Action::Check(role, tag) => {
                    store::read_exchange_key(&store, role, tag)
                }
                settings::keys::Action::ChooseBackup(role) => {
                    Effect::Dialog(Dialog::SaveKeyBackup(settings::keys::suggested_name(
                        role,
                        self.calendar.today(),
                    )))
                }
                settings::keys::Action::Focus(id) => Effect::Focus(id),
                settings::keys::Action::Rotate(rotation) => {
                    store::rotate_exchange_key(&store, rotation)
                }
            },
            settings::Action::Focus(id) => Effect::Focus(id),
            settings::Action::Back => self.back_to_list(),
        }
    }

    pub(super) fn statistics_action(&mut self, action: statistics::Action) -> Effect {
        let State::Unlocked(session) = &mut self.state else {
            return Effect::None;
        };
        let store = &session.store;
        match action {
            statistics::Action::None => Effect::None,
            statistics::Action::Back => self.back_to_list(),
            statistics::Action::Prepare => store::prepare_statistics(
                store,
                session.info.role,
                session.info.mission_code.clone(),
            ),
            statistics::Action::Count {
                request,
                rows_by,
                columns_by,
                filter,
            } => store::count(store, request, rows_by, columns_by, filter),
            statistics::Action::SaveSettings {
                min_count,
                include_without_consent,
            } => store::save_statistics_settings(
                store,
                vault::StatisticsSettings {
                    min_count,
                    include_without_consent,
                },
            ),
            statistics::Action::ChooseCsvFile(name) => Effect::Dialog(Dialog::SaveCsv(name)),
            statistics::Action::WriteCsv {
                path,
                table,
                min_count,
                today,
            } => store::write_csv(path, table, min_count, today),
            statistics::Action::ChooseReportFile(name) => Effect::Dialog(Dialog::SaveReport(name)),
            statistics::Action::WriteReport {
                path,
                request,
                language,
                interface,
            } => store::write_report(store, path, request, language, interface),
        }
    }
}
