//! The store: the open vault, shared with the worker threads, and one small
//! job per blocking library call. Each takes what the call needs, runs it
//! off the window's thread (`job`), and answers with the message that
//! carries its result; `update` never calls the vault itself.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use secrecy::SecretString;

use super::app::Message;
use super::job::Effect;
use super::screen::settings::officers;
use super::screen::{cases, editor, settings, statistics, unlock};
use crate::domain::{Case, CaseId};
use crate::i18n::Language;
use crate::stats::{Dimension, Filter, Table};
use crate::vault::{self, AutoBackup, KdfParams, Preferences, Vault, VaultInfo};

/// The open vault, shared with the worker threads that run store jobs.
pub type Store = Arc<Mutex<Vault>>;

/// What an unlock or a creation hands over: the vault and what the session
/// keeps of it, so that nothing needs reading again while it is open.
#[derive(Debug, Clone)]
pub struct Opened {
    pub store: Store,
    pub info: VaultInfo,
    pub preferences: Preferences,
    /// The automatic backups as stored (the session keeps them up to date).
    pub auto_backup: Option<AutoBackup>,
    /// The unsaved draft this officer left at the last lock, and the
    /// stored case it changes.
    pub draft: Option<Box<editor::Restored>>,
    /// Who can unlock the vault, as the header verified at unlock says.
    pub roster: officers::Roster,
    /// The stubs' setting (`None`: the commission).
    pub stubs: Option<settings::stubs::Loaded>,
    /// How many closed cases this unlock reduced to stubs.
    pub reduced_at_unlock: u64,
}

/// Runs `work` on the vault, waiting for any other job that holds it.
pub fn with_vault<T>(
    store: &Store,
    work: impl FnOnce(&mut Vault) -> vault::Result<T>,
) -> vault::Result<T> {
    // A worker that panicked while holding the vault leaves it usable: the
    // database itself is transactional.
    let mut vault = store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    work(&mut vault)
}

/// A job that runs `work` on the vault and answers `done(result)`.
fn on_vault<T: Send + 'static>(
    store: &Store,
    work: impl FnOnce(&mut Vault) -> vault::Result<T> + Send + 'static,
    done: impl FnOnce(vault::Result<T>) -> Message + Send + 'static,
) -> Effect {
    let store = store.clone();
    Effect::job(move || done(with_vault(&store, work)))
}

fn opened(mut vault: Vault, preferences: Preferences) -> vault::Result<Opened> {
    let info = vault.info().clone();
    // Keeping less at the mission (`vault::stubs`), if set: a failure
    // leaves the cases whole and must not keep the vault shut.
    let reduced_at_unlock = vault
        .reduce_to_stubs_if_set(crate::domain::today())
        .map_or(0, |reduced| reduced.len() as u64);
    // An unreadable setting must not keep the vault shut: no backups then,
    // as a lock that could not read it did before.
    let auto_backup = vault.auto_backup().ok().flatten();
    let roster = officers::Roster::of(&vault)?;
    let stubs = settings::stubs::Loaded::of(&vault)?;
    // A draft that cannot be read (or whose case is gone) is not offered;
    // it stays until the next save or discard replaces it. Read, not
    // viewed: a case handed over stays "not yet seen" until the officer
    // opens it themselves.
    let draft = vault
        .draft()
        .ok()
        .flatten()
        .and_then(|body| editor::Restored::read(&body, |id| vault.get_case(id).ok()))
        .map(Box::new);
    Ok(Opened {
        store: Arc::new(Mutex::new(vault)),
        info,
        preferences,
        auto_backup,
        draft,
        roster,
        stubs,
        reduced_at_unlock,
    })
}

/// Unlocks the vault in `dir` as `officer` (`None`: its only officer; key
/// derivation takes a second or more).
pub fn open(
    dir: &Path,
    passphrase: SecretString,
    failed_attempts: Vec<(Option<String>, u32)>,
    officer: Option<String>,
) -> Effect {
    let dir = dir.to_path_buf();
    let options = vault::OpenOptions {
        officer,
        failed_attempts,
        ..vault::OpenOptions::default()
    };
    Effect::job(move || {
        Message::Opened(
            Vault::open_with(&dir, &passphrase, options).and_then(|vault| {
                let preferences = vault.preferences(Language::from_system());
                opened(vault, preferences)
            }),
        )
    })
}

/// Creates a vault in `dir`; `commission_key` is the key or its file's path.
pub fn create(
    dir: &Path,
    new: vault::NewVault,
    passphrase: SecretString,
    commission_key: Option<String>,
    language: Language,
) -> Effect {
    let dir = dir.to_path_buf();
    Effect::job(move || {
        let created = || {
            // A key given as a file path is read before anything is created.
            let commission_key = commission_key
                .as_deref()
                .map(crate::exchange::commission_key_given)
                .transpose()?;
            let kdf = KdfParams::calibrate()?;
            let mut vault = Vault::create(&dir, &new, &passphrase, kdf)?;
            if let Some(key) = commission_key {
                vault.set_commission_key(&key, false)?;
            }
            let preferences = Preferences::in_language(language);
            vault.set_preferences(&preferences)?;
            opened(vault, preferences)
        };
        Message::Opened(created())
    })
}

/// Replaces the (closed) vault in `dir` by a backup, keeping its files aside.
pub fn restore(path: PathBuf, dir: &Path) -> Effect {
    let dir = dir.to_path_buf();
    Effect::job(move || {
        Message::Unlock(unlock::Message::Restored(vault::restore(
            &path,
            &dir,
            vault::Overwrite::Always,
        )))
    })
}

/// Keeps the editor's unsaved draft inside the vault at locking; the vault
/// closes when this job lets go of it (or the backup job after it does).
/// With `backup`, the automatic backup is written after it, by the same
/// job, so that the backup holds the draft too.
pub fn keep_draft(store: Store, draft: editor::Draft, backup: bool) -> Effect {
    Effect::job(move || {
        let kept = with_vault(&store, |v| {
            v.keep_draft(draft.case_id.as_deref(), &draft.body)
        });
        drop(draft);
        let backup = backup.then(|| with_vault(&store, Vault::automatic_backup));
        drop(store);
        Message::Unlock(unlock::Message::DraftKept(Box::new(unlock::DraftKept {
            kept,
            backup,
        })))
    })
}

/// Forgets this officer's draft: the case was saved or the changes
/// discarded.
pub fn discard_draft(store: &Store) -> Effect {
    on_vault(store, Vault::discard_draft, |_| Message::Ignored)
}

/// Writes the automatic backup if it is due, then lets the vault close:
/// this job holds the last handle on it.
pub fn automatic_backup(store: Store) -> Effect {
    Effect::job(move || {
        let result = with_vault(&store, Vault::automatic_backup);
        drop(store);
        Message::Unlock(unlock::Message::AutoBackupDone(result))
    })
}

/// One page of the case list.
/// The page a list asks for, the follow-ups due by `today` (for the count
/// on its button) and whose vault it is (for the names it lacks).
pub fn load_cases(store: &Store, request: cases::Request, today: NaiveDate) -> Effect {
    let listing = request.listing(today);
    let owner = request.owner_after().map(str::to_owned);
    let id = request.id;
    on_vault(
        store,
        move |v| {
            let mut page = v.case_page(&listing)?;
            if let Some(owner) = &owner {
                cases::keep_owner(&mut page, owner);
            }
            Ok(cases::Listed {
                page,
                due: v.count_due(today, cases::DUE_COUNTED)?,
                today,
                at_commission: v.info().role == vault::Role::Commission,
                handed_over: v.handed_over_to_me(cases::HANDED_OVER_SHOWN)?,
                // At the commission no case is handed over, and the owners
                // are the missions' officers: no owners, ticks, My cases.
                several_officers: v.info().role == vault::Role::Mission && v.officers()?.len() > 1,
                signing_key_unbacked: v.signing_key_unbacked()?,
            })
        },
        move |listed| Message::Cases(cases::Message::Loaded(id, listed)),
    )
}

/// What the handover dialog needs: the officers, and the cases it would
/// move with their owners.
pub fn prepare_handover(store: &Store, scope: cases::handover::Scope) -> Effect {
    use cases::handover::{Message as Handover, Prepared, Scope};
    on_vault(
        store,
        move |v| {
            // The cases as they are now: a ticked case erased meanwhile
            // is left out; what the officer confirms is what is done.
            let cases = match &scope {
                Scope::Selected(ids) => {
                    v.owners_of(&ids.iter().map(ToString::to_string).collect::<Vec<_>>())?
                }
                Scope::MyOpenCases => {
                    let me = v.info().officer.clone();
                    v.open_cases_named(&me)?
                }
            };
            Ok(Prepared {
                officers: v.officers()?,
                cases,
            })
        },
        |prepared| Message::Cases(cases::Message::Handover(Handover::Prepared(prepared))),
    )
}

/// Hands cases over to another officer (`vault::handover`); the note is
/// wiped once given to the vault.
pub fn reassign(
    store: &Store,
    handing: vault::Handing,
    to: String,
    note: Option<zeroize::Zeroizing<String>>,
) -> Effect {
    on_vault(
        store,
        move |v| v.reassign(&handing, &to, note.as_deref().map(String::as_str)),
        |done| {
            Message::Cases(cases::Message::Handover(cases::handover::Message::Done(
                done,
            )))
        },
    )
}

/// The officer has seen the cases handed over to them that the list's
/// banner shows (not those past it, which come up next).
pub fn mark_handed_over_seen(store: &Store, ids: Vec<CaseId>) -> Effect {
    let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
    on_vault(
        store,
        move |v| v.mark_handovers_seen_of(&ids),
        |seen| Message::Cases(cases::Message::HandedOverSeen(seen)),
    )
}

/// The owner of a case and its handovers (the notes too), for the
/// editor's header.
pub fn case_owner(store: &Store, id: CaseId) -> Effect {
    on_vault(
        store,
        move |v| {
            let key = id.to_string();
            Ok((v.case_owner(&key)?, v.case_handovers(&key)?))
        },
        move |read| match read {
            Ok((owner, handovers)) => {
                Message::Editor(editor::Message::OwnerRead(id, owner, handovers))
            }
            // Not shown, as before it was read: nothing else depends on it.
            Err(_) => Message::Ignored,
        },
    )
}

pub fn open_case(store: &Store, id: CaseId) -> Effect {
    on_vault(
        store,
        move |v| v.view_case(&id.to_string()),
        |record| Message::CaseOpened(record.map(Box::new)),
    )
}

/// Saves a new case (`id` none) or a new revision of a stored one.
pub fn save_case(store: &Store, id: Option<CaseId>, revision: u32, case: Box<Case>) -> Effect {
    on_vault(
        store,
        move |v| {
            match id {
                Some(id) => v.update_case(id, *case, revision),
                None => v.create_case(*case),
            }
            .inspect(|_| {
                // The draft kept at a lock is now saved; a draft left behind
                // by a failure here is only offered again, never lost.
                let _ = v.discard_draft();
            })
        },
        |saved| Message::Editor(editor::Message::Saved(saved.map(Box::new))),
    )
}

pub fn erase_case(store: &Store, id: CaseId) -> Effect {
    on_vault(
        store,
        move |v| v.erase_case(&id.to_string()).map(|_| ()),
        |erased| Message::Editor(editor::Message::Erased(erased)),
    )
}

/// Records that the person of a stub withdrew consent (`vault::withdrawals`):
/// what is then recorded (the first record, if it was already).
pub fn withdraw_stub_consent(store: &Store, id: CaseId) -> Effect {
    on_vault(
        store,
        move |v| {
            v.withdraw_stub_consent(&id.to_string())?;
            v.recorded_withdrawal(&id.to_string())
        },
        move |done| stub_withdrawn(id, done),
    )
}

/// Retracts a stub's withdrawn consent no export carried yet.
pub fn retract_stub_consent_withdrawal(store: &Store, id: CaseId) -> Effect {
    on_vault(
        store,
        move |v| {
            v.retract_stub_consent_withdrawal(&id.to_string())?;
            v.recorded_withdrawal(&id.to_string())
        },
        move |done| stub_withdrawn(id, done),
    )
}

/// Reads the withdrawn consent recorded for a case as it opens (a stub's,
/// at its own mission; nothing for any other case).
pub fn stub_withdrawal(store: &Store, id: CaseId) -> Effect {
    on_vault(
        store,
        move |v| v.recorded_withdrawal(&id.to_string()),
        move |done| stub_withdrawn(id, done),
    )
}

fn stub_withdrawn(id: CaseId, done: vault::Result<Option<vault::RecordedWithdrawal>>) -> Message {
    Message::Editor(editor::Message::Stub(editor::stub::Message::Withdrawn(
        id,
        done.map(|recorded| recorded.map(Into::into)),
    )))
}

/// Re-encrypts the vault under a new passphrase (minutes for a large one).
pub fn change_passphrase(store: &Store, current: SecretString, new: SecretString) -> Effect {
    on_vault(
        store,
        move |v| {
            let kdf = KdfParams::calibrate()?;
            v.change_passphrase(&current, &new, kdf)
        },
        |changed| Message::Settings(settings::Message::PassphraseChanged(changed)),
    )
}

/// Adds an officer with their own passphrase, at costs calibrated for this
/// machine (Argon2id: seconds).
pub fn add_officer(store: &Store, name: String, passphrase: SecretString) -> Effect {
    on_vault(
        store,
        move |v| {
            v.add_officer(&name, &passphrase, KdfParams::calibrate()?)?;
            officers::Roster::of(v)
        },
        |done| officer_done(officers::Message::Added(done)),
    )
}

/// Removes an officer: the database is re-keyed (about as long as a backup).
pub fn remove_officer(store: &Store, name: String) -> Effect {
    on_vault(
        store,
        move |v| {
            v.remove_officer(&name)?;
            officers::Roster::of(v)
        },
        |done| officer_done(officers::Message::Removed(done)),
    )
}

/// Hides the list of officers at unlock, or shows it again.
pub fn hide_officers(store: &Store, hidden: bool) -> Effect {
    on_vault(
        store,
        move |v| {
            v.set_officer_list_hidden(hidden)?;
            officers::Roster::of(v)
        },
        |done| officer_done(officers::Message::HideSaved(done)),
    )
}

fn officer_done(message: officers::Message) -> Message {
    Message::Settings(settings::Message::Officers(message))
}

pub fn backup_to(store: &Store, path: PathBuf) -> Effect {
    on_vault(
        store,
        move |v| v.backup_to(&path).map(|()| path),
        |written| Message::Settings(settings::Message::BackedUp(written)),
    )
}

fn keys_done(message: settings::keys::Message) -> Message {
    Message::Settings(settings::Message::Keys(message))
}

/// Runs `work` on the vault, as `with_vault` does, for an exchange call.
fn with_exchange<T>(
    store: &Store,
    work: impl FnOnce(&mut Vault) -> Result<T, crate::exchange::Error>,
) -> Result<T, crate::exchange::Error> {
    let mut vault = store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    work(&mut vault)
}

/// The exchange key in use, for the rotation's confirmation (the answer
/// carries the read's tag).
pub fn read_exchange_key(store: &Store, role: vault::Role, tag: u64) -> Effect {
    use settings::keys::Current;
    let store = store.clone();
    Effect::job(move || {
        let current = with_exchange(&store, |v| {
            Ok(match role {
                vault::Role::Mission => Current {
                    fingerprint: crate::exchange::key_fingerprint(
                        &crate::exchange::mission_public_key(v)?,
                    ),
                    last_export: v.last_export_sequence()?,
                },
                vault::Role::Commission => Current {
                    fingerprint: crate::exchange::commission_fingerprint(v)?,
                    last_export: 0,
                },
            })
        });
        keys_done(settings::keys::Message::Checked(tag, current))
    })
}

/// The rotation, as the command line calls it: the library writes the
/// backup (a vault backup, or the commission's identity backup) in the
/// same step.
pub fn rotate_exchange_key(store: &Store, rotation: settings::keys::Rotation) -> Effect {
    use settings::keys::Rotated;
    let store = store.clone();
    Effect::job(move || {
        let settings::keys::Rotation {
            role,
            backup,
            passphrase,
        } = rotation;
        let result = with_exchange(&store, |v| match (role, passphrase) {
            (vault::Role::Mission, _) => crate::exchange::rotate_signing_key(v, &backup)
                .map(|summary| Rotated::Mission(summary, backup.clone())),
            (vault::Role::Commission, Some(passphrase)) => {
                crate::exchange::rotate_commission_key(v, &backup, &passphrase).map(|(old, new)| {
                    Rotated::Commission {
                        old,
                        new,
                        backup: backup.clone(),
                    }
                })
            }
            (vault::Role::Commission, None) => Err(crate::exchange::Error::Vault(
                vault::Error::InvalidSetting("no identity backup passphrase".into()),
            )),
        });
        keys_done(settings::keys::Message::Rotated(result))
    })
}

pub fn set_auto_backup(store: &Store, auto: Option<AutoBackup>) -> Effect {
    on_vault(
        store,
        move |v| v.set_auto_backup(auto.as_ref()).map(|()| auto),
        |saved| Message::Settings(settings::Message::AutoSaved(saved)),
    )
}

/// What destroying the vault would lose, and its mission code (for the
/// confirmation: `settings::danger`).
pub fn before_destroying(store: &Store) -> Effect {
    on_vault(
        store,
        |v| Ok((v.before_destroying()?, v.info().mission_code.clone())),
        |checked| {
            Message::Settings(settings::Message::Danger(
                settings::danger::Message::Checked(checked),
            ))
        },
    )
}

/// Destroys the vault (`src/vault/destroy.rs`); the vault in the store is
/// left closed, for the session to drop.
pub fn destroy(store: &Store) -> Effect {
    on_vault(
        store,
        |v| v.destroy(&mut |_| {}),
        |done| {
            Message::Settings(settings::Message::Danger(
                settings::danger::Message::Destroyed(done),
            ))
        },
    )
}

/// Checks a backup chosen to replace the vault in `dir`, and reads when
/// that vault was last written (to warn of what the restore would lose).
pub fn check_backup(path: PathBuf, dir: &Path) -> Effect {
    let dir = dir.to_path_buf();
    Effect::job(move || {
        let info = vault::inspect_backup(&path);
        let changed = vault::last_change(&dir);
        Message::Settings(settings::Message::RestoreChecked(path, info, changed))
    })
}

pub fn save_preferences(store: &Store, preferences: Preferences) -> Effect {
    on_vault(
        store,
        move |v| v.set_preferences(&preferences),
        // Not saved: the officer sees the choice in force until the lock.
        |_| Message::Ignored,
    )
}

/// What the statistics screen needs before counting: the missions to filter
/// by (a mission's own only) and the stored settings.
pub fn prepare_statistics(store: &Store, role: vault::Role, own: String) -> Effect {
    on_vault(
        store,
        move |v| {
            let missions = match role {
                vault::Role::Mission => vec![own],
                vault::Role::Commission => v.missions()?.into_iter().map(|m| m.code).collect(),
            };
            Ok((missions, v.statistics_settings()?))
        },
        |prepared| {
            Message::Statistics(match prepared {
                Ok((missions, settings)) => statistics::Message::Prepared { missions, settings },
                Err(error) => statistics::Message::PrepareFailed(error),
            })
        },
    )
}

pub fn count(
    store: &Store,
    request: u64,
    rows_by: Dimension,
    columns_by: Option<Dimension>,
    filter: Filter,
) -> Effect {
    on_vault(
        store,
        move |v| v.statistics(rows_by, columns_by, &filter),
        move |table| {
            Message::Statistics(statistics::Message::Counted(request, table.map(Box::new)))
        },
    )
}

pub fn save_statistics_settings(store: &Store, settings: vault::StatisticsSettings) -> Effect {
    on_vault(
        store,
        move |v| v.set_statistics_settings(settings),
        |saved| Message::Statistics(statistics::Message::SettingsSaved(saved)),
    )
}

/// Writes the summary of case `id` to `path` (the save dialog asked
/// before replacing a file): read under the vault's lock, rendered and
/// written without it, audited (kind, reference, language) before the
/// file appears.
pub fn write_summary(
    store: &Store,
    id: CaseId,
    path: PathBuf,
    language: crate::i18n::Language,
    today: NaiveDate,
) -> Effect {
    let store = store.clone();
    Effect::job(move || {
        let i18n = crate::i18n::I18n::new(language);
        let vault_error = |e: vault::Error| crate::gui::widget::error_text(&i18n, &e);
        let document_error = |e: crate::document::Error| editor::document_error_text(&i18n, &e);
        let written = (|| -> Result<PathBuf, String> {
            let (mut record, context) = with_vault(&store, |v| {
                crate::document::summary_input(v, &id.to_string(), today)
            })
            .map_err(vault_error)?;
            let reference = record.meta.reference.clone();
            let rendered = crate::document::case_summary(&record, &context, language);
            zeroize::Zeroize::zeroize(&mut record.case);
            let bytes = zeroize::Zeroizing::new(rendered.map_err(document_error)?);
            // Audited before the file exists, so that no summary is on the
            // disk without its line.
            with_vault(&store, |v| {
                v.record_document_written("case-summary", &reference, language.code())
            })
            .map_err(vault_error)?;
            crate::document::write(&path, &bytes, crate::document::Overwrite::Replace)
                .map_err(document_error)?;
            Ok(path)
        })();
        Message::Editor(editor::Message::SummaryWritten(id, written))
    })
}

/// Writes the letter for referral `number` of case `id` to `path`, as
/// `write_summary` writes the summary (the directory entry of its
/// organisation read with the case).
pub fn write_letter(
    store: &Store,
    id: CaseId,
    (number, revision): (usize, u32),
    path: PathBuf,
    language: crate::i18n::Language,
    today: NaiveDate,
) -> Effect {
    let store = store.clone();
    Effect::job(move || {
        let i18n = crate::i18n::I18n::new(language);
        let vault_error = |e: vault::Error| crate::gui::widget::error_text(&i18n, &e);
        let document_error = |e: crate::document::Error| editor::document_error_text(&i18n, &e);
        let written = (|| -> Result<PathBuf, String> {
            let (mut record, context, entry) = with_vault(&store, |v| {
                crate::document::referral_input(v, &id.to_string(), number, today)
            })
            .map_err(vault_error)?;
            // Saved again since the letter was asked for: its referral
            // `number` may be another one now.
            if record.meta.revision != revision {
                zeroize::Zeroize::zeroize(&mut record.case);
                return Err(i18n.t("editor-letter-case-changed"));
            }
            let reference = record.meta.reference.clone();
            let rendered =
                crate::document::referral_letter(&record, number, &entry, &context, language);
            let kind = crate::document::referral_audit_kind(&record, number);
            zeroize::Zeroize::zeroize(&mut record.case);
            let bytes = zeroize::Zeroizing::new(rendered.map_err(document_error)?);
            with_vault(&store, |v| {
                v.record_document_written(&kind, &reference, language.code())
            })
            .map_err(vault_error)?;
            crate::document::write(&path, &bytes, crate::document::Overwrite::Replace)
                .map_err(document_error)?;
            Ok(path)
        })();
        Message::Editor(editor::Message::LetterWritten(id, written))
    })
}

/// The referral directory (received at a mission, or the commission's
/// own), for the editor's organisation search; none received is an empty
/// one, one that cannot be read is said so.
pub fn read_directory(store: &Store) -> Effect {
    on_vault(
        store,
        |v| {
            crate::exchange::reply::directory(v).map_err(|e| match e {
                crate::exchange::Error::Vault(e) => e,
                other => vault::Error::Damaged(other.to_string()),
            })
        },
        |read| {
            Message::Editor(editor::Message::DirectoryRead(
                read.ok().map(|d| d.organisations),
            ))
        },
    )
}

/// Writes a table as CSV, small counts hidden (the suppression solves
/// linear programmes: not on the window's thread). No vault needed.
pub fn write_csv(path: PathBuf, table: Box<Table>, min_count: u64, today: NaiveDate) -> Effect {
    Effect::job(move || {
        // Aggregates only, small counts hidden: this file is meant to leave.
        let result = table
            .to_csv(min_count, today)
            .map_err(|e| vault::Error::InvalidSetting(e.to_string()))
            .and_then(|csv| vault::write_file(&path, csv.as_bytes()))
            .map(|()| path);
        Message::Statistics(statistics::Message::CsvSaved(result))
    })
}

/// Makes the commission's annual report and writes it to `path` (the
/// suppression solves linear programmes and the PDF is drawn: not on the
/// window's thread), audited before the file exists.
pub fn write_report(
    store: &Store,
    path: PathBuf,
    request: crate::document::report::Request,
    language: crate::i18n::Language,
    interface: crate::i18n::Language,
) -> Effect {
    let store = store.clone();
    Effect::job(move || {
        // What went wrong is said in the interface's language, not the
        // report's.
        let i18n = crate::i18n::I18n::new(interface);
        let vault_error = |e: vault::Error| crate::gui::widget::error_text(&i18n, &e);
        let document_error = |e: crate::document::Error| editor::document_error_text(&i18n, &e);
        let written = (|| -> Result<PathBuf, String> {
            // The vault is held for the reading only, not the suppression.
            let data = with_vault(&store, |v| {
                crate::document::report::read(v, &request, crate::domain::today())
            })
            .map_err(vault_error)?
            .publish();
            let bytes =
                crate::document::report::annual_report(&data, language).map_err(document_error)?;
            with_vault(&store, |v| {
                v.record_document_written("annual-report", &request.subject(), language.code())
            })
            .map_err(vault_error)?;
            crate::document::write(&path, &bytes, crate::document::Overwrite::Replace)
                .map_err(document_error)?;
            Ok(path)
        })();
        Message::Statistics(statistics::Message::Report(
            statistics::report::Message::Written(written),
        ))
    })
}
