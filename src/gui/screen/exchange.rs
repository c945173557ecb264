//! Exchange with the commission. At a mission: what the next export will
//! carry, and writing it. At the commission: importing export files (with
//! approval of missions seen for the first time), the report per file, and
//! the conflicts an analyst must settle. An export or import that runs can
//! be cancelled; the library then leaves no file and merges nothing. The
//! commission's reply (`reply`): received at a mission, whose exports then
//! show whether the commission confirmed them; written at the commission.

pub mod guidance;
pub mod reply;
mod view;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use secrecy::SecretString;
use zeroize::Zeroize;

use crate::exchange::{
    self, Cancel, ExportSummary, FileOutcome, FileRow, ImportRun, MissionApproval, Overview,
    Question,
};
use crate::gui::widget::Said;
use crate::i18n::I18n;
use crate::vault::{self, Resolution, Role};

pub const BACKUP_PASSPHRASE_ID: &str = "identity-backup-passphrase";
pub const BACKUP_REPEAT_ID: &str = "identity-backup-repeat";

/// How far the running export or import is, shared with its worker thread.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicU64,
    total: AtomicU64,
}

impl Progress {
    pub fn set(&self, progress: exchange::Progress) {
        self.total.store(progress.total, Ordering::Relaxed);
        self.done.store(progress.done, Ordering::Relaxed);
    }

    fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        (self.done.load(Ordering::Relaxed) as f64 / total as f64).min(1.0) as f32
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Result<Box<Overview>, exchange::Error>),
    SetAll(bool),
    ChooseExportFile,
    ExportFileChosen(Option<PathBuf>),
    Exported(Result<Box<ExportSummary>, exchange::Error>),
    ChooseKeyFile,
    /// Mission: replace a stored key file of the older kind by the new one.
    ChooseNewKeyFile,
    KeyFileChosen(Option<PathBuf>),
    KeyStored(Result<String, crate::exchange::Error>),
    ChooseImportFiles,
    ImportFilesChosen(Vec<PathBuf>),
    Imported(ImportRun),
    /// Stop the running export or import.
    Cancel,
    Approve,
    Skip,
    SaveCommissionKey,
    CommissionKeyFileChosen(Option<PathBuf>),
    CommissionKeySaved(Result<PathBuf, exchange::Error>),
    Resolve(i64, Resolution),
    Resolved(Result<(), vault::Error>),
    BackupPassphrase(String),
    BackupRepeat(String),
    ChooseIdentityBackupFile,
    IdentityBackupFileChosen(Option<PathBuf>),
    IdentityBackedUp(Result<PathBuf, exchange::Error>),
    Reply(reply::Message),
    Back,
}

pub enum Action {
    None,
    Load,
    ChooseExportFile(String),
    Export {
        path: PathBuf,
        all: bool,
        progress: Arc<Progress>,
        cancel: Cancel,
    },
    ChooseKeyFile,
    /// Store the key file; `replace` only when the officer asked to load
    /// the commission's new key over the older one.
    StoreKey {
        path: PathBuf,
        replace: bool,
    },
    ChooseImportFiles,
    Import {
        files: Vec<PathBuf>,
        /// Each approved mission by its code and key together.
        approved: Vec<MissionApproval>,
        progress: Arc<Progress>,
        cancel: Cancel,
    },
    ChooseCommissionKeyFile,
    WriteCommissionKey(PathBuf),
    Resolve(i64, Resolution),
    ChooseIdentityBackupFile,
    WriteIdentityBackup {
        path: PathBuf,
        passphrase: SecretString,
    },
    Reply(reply::Action),
    Back,
}

/// The export or import that runs: how far it is, and the request to stop
/// it, both shared with its worker thread.
struct Running {
    progress: Arc<Progress>,
    cancel: Cancel,
}

impl Running {
    fn start() -> Running {
        Running {
            progress: Arc::new(Progress::default()),
            cancel: Cancel::new(),
        }
    }
}

/// What the screen says about the last thing done, kept untranslated and
/// put in words when shown.
#[derive(Debug)]
pub enum Told {
    Said(Said),
    Refused(exchange::Error),
}

impl Told {
    pub fn show(&self, i18n: &I18n) -> String {
        match self {
            Told::Said(said) => said.show(i18n),
            Told::Refused(error) => error_text(i18n, error),
        }
    }
}

pub struct Exchange {
    role: Role,
    mission_code: String,
    overview: Option<Overview>,
    all: bool,
    running: Option<Running>,
    outcome: Option<Result<Told, Told>>,
    exported: Option<ExportSummary>,
    rows: Vec<FileRow>,
    question: Option<Question>,
    /// The new missions the analyst approved in this screen, each by its
    /// code and key as the confirmation showed them.
    approved: Vec<MissionApproval>,
    backup_passphrase: String,
    backup_repeat: String,
    /// The key file being chosen replaces the stored one.
    replacing_key: bool,
    /// Commission: the guidance note asked about (its id), and whether
    /// its withdrawal runs (`guidance`).
    withdrawing: Option<(String, bool)>,
}

impl Drop for Exchange {
    fn drop(&mut self) {
        self.backup_passphrase.zeroize();
        self.backup_repeat.zeroize();
    }
}

impl Exchange {
    pub fn new(role: Role, mission_code: &str) -> (Exchange, Action) {
        let screen = Exchange {
            role,
            mission_code: mission_code.to_owned(),
            overview: None,
            all: false,
            running: None,
            outcome: None,
            exported: None,
            rows: Vec::new(),
            question: None,
            approved: Vec::new(),
            backup_passphrase: String::new(),
            backup_repeat: String::new(),
            replacing_key: false,
            withdrawing: None,
        };
        (screen, Action::Load)
    }

    /// Whether an export or import is running (the app ticks faster then).
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Loaded(Ok(overview)) => {
                self.overview = Some(*overview);
                self.forget_gone_question();
                Action::None
            }
            Message::Loaded(Err(error)) => {
                self.outcome = Some(Err(Told::Refused(error)));
                Action::None
            }
            Message::SetAll(all) => {
                self.all = all;
                Action::None
            }
            Message::ChooseExportFile => {
                if self.running.is_some() {
                    return Action::None;
                }
                let sequence = self.overview.as_ref().map_or(0, |o| o.last_sequence) + 1;
                Action::ChooseExportFile(format!("{}-export-{sequence}.age", self.mission_code))
            }
            Message::ExportFileChosen(None)
            | Message::KeyFileChosen(None)
            | Message::CommissionKeyFileChosen(None)
            | Message::IdentityBackupFileChosen(None) => Action::None,
            Message::BackupPassphrase(value) => {
                self.backup_passphrase.zeroize();
                self.backup_passphrase = value;
                Action::None
            }
            Message::BackupRepeat(value) => {
                self.backup_repeat.zeroize();
                self.backup_repeat = value;
                Action::None
            }
            Message::ChooseIdentityBackupFile => {
                if self.backup_passphrase != self.backup_repeat {
                    self.outcome = Some(Err(Told::Said(Said::key("first-run-mismatch"))));
                    return Action::None;
                }
                if let Some(weakness) = vault::passphrase::weakness(&self.backup_passphrase, &[]) {
                    self.outcome = Some(Err(Told::Said(Said::Weak(weakness))));
                    return Action::None;
                }
                Action::ChooseIdentityBackupFile
            }
            Message::IdentityBackupFileChosen(Some(path)) => {
                self.backup_repeat.zeroize();
                Action::WriteIdentityBackup {
                    path,
                    passphrase: SecretString::from(std::mem::take(&mut self.backup_passphrase)),
                }
            }
            Message::IdentityBackedUp(result) => {
                self.outcome = Some(
                    result
                        .map(|path| {
                            Told::Said(Said::with(
                                "exchange-identity-saved",
                                "path",
                                path.display().to_string(),
                            ))
                        })
                        .map_err(Told::Refused),
                );
                Action::None
            }
            Message::ExportFileChosen(Some(path)) => {
                if self.running.is_some() {
                    return Action::None;
                }
                let running = Running::start();
                let action = Action::Export {
                    path,
                    all: self.all,
                    progress: running.progress.clone(),
                    cancel: running.cancel.clone(),
                };
                self.running = Some(running);
                self.outcome = None;
                self.exported = None;
                action
            }
            Message::Exported(result) => {
                self.running = None;
                match result {
                    Ok(summary) => {
                        self.exported = Some(*summary);
                        Action::Load
                    }
                    Err(exchange::Error::Cancelled) => {
                        self.outcome = Some(Ok(Told::Said(Said::key("exchange-export-cancelled"))));
                        Action::None
                    }
                    Err(error) => {
                        self.outcome = Some(Err(Told::Refused(error)));
                        Action::None
                    }
                }
            }
            Message::ChooseKeyFile => {
                self.replacing_key = false;
                Action::ChooseKeyFile
            }
            Message::ChooseNewKeyFile => {
                self.replacing_key = true;
                Action::ChooseKeyFile
            }
            Message::KeyFileChosen(Some(path)) => Action::StoreKey {
                path,
                replace: std::mem::take(&mut self.replacing_key),
            },
            Message::KeyStored(result) => {
                self.outcome = Some(
                    result
                        .map(|fingerprint| {
                            Told::Said(Said::with(
                                "exchange-key-stored",
                                "fingerprint",
                                fingerprint,
                            ))
                        })
                        .map_err(Told::Refused),
                );
                Action::Load
            }
            Message::ChooseImportFiles => {
                if self.running.is_some() {
                    return Action::None;
                }
                Action::ChooseImportFiles
            }
            Message::ImportFilesChosen(files) => {
                if files.is_empty() || self.running.is_some() {
                    return Action::None;
                }
                self.rows.clear();
                self.outcome = None;
                self.import(files)
            }
            Message::Imported(run) => {
                self.running = None;
                if run.cancelled() {
                    self.outcome = Some(Ok(Told::Said(Said::key("exchange-import-cancelled"))));
                }
                self.rows.extend(run.rows);
                self.question = run.question;
                Action::Load
            }
            Message::Cancel => {
                if let Some(running) = &self.running {
                    running.cancel.cancel();
                }
                Action::None
            }
            Message::Approve => match self.question.take() {
                Some(Question { mission, files }) => {
                    self.approved.push(MissionApproval::of(&mission));
                    self.import(files)
                }
                None => Action::None,
            },
            Message::Skip => match self.question.take() {
                Some(Question { mut files, .. }) if !files.is_empty() => {
                    let skipped = files.remove(0);
                    self.rows.push(FileRow {
                        file: skipped,
                        outcome: FileOutcome::Skipped,
                    });
                    if files.is_empty() {
                        Action::None
                    } else {
                        self.import(files)
                    }
                }
                _ => Action::None,
            },
            Message::SaveCommissionKey => Action::ChooseCommissionKeyFile,
            Message::CommissionKeyFileChosen(Some(path)) => Action::WriteCommissionKey(path),
            Message::CommissionKeySaved(result) => {
                self.outcome = Some(
                    result
                        .map(|path| {
                            Told::Said(Said::with(
                                "exchange-key-saved",
                                "path",
                                path.display().to_string(),
                            ))
                        })
                        .map_err(Told::Refused),
                );
                Action::None
            }
            Message::Resolve(seq, resolution) => Action::Resolve(seq, resolution),
            Message::Resolved(result) => {
                if let Err(error) = result {
                    self.outcome = Some(Err(Told::Said(Said::Error(error))));
                }
                Action::Load
            }
            Message::Reply(message) => self.reply_update(message),
            Message::Back => Action::Back,
        }
    }

    fn import(&mut self, files: Vec<PathBuf>) -> Action {
        let running = Running::start();
        let action = Action::Import {
            files,
            approved: self.approved.clone(),
            progress: running.progress.clone(),
            cancel: running.cancel.clone(),
        };
        self.running = Some(running);
        action
    }
}

/// An exchange error in the interface language (shared, in `widget`).
pub use crate::gui::widget::exchange_error_text as error_text;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::MissionIdentity;
    use crate::i18n::Language;

    fn shows(screen: &Exchange, i18n: &I18n, text: &str) -> bool {
        crate::gui::shows(screen.view(i18n), text)
    }

    #[test]
    fn approving_a_new_mission_approves_its_code_and_key_together() {
        let i18n = I18n::new(Language::English);
        let (mut screen, _) = Exchange::new(Role::Commission, "HQ");
        screen.overview = Some(Overview::default());
        let london = MissionIdentity {
            code: "LT-LON".into(),
            name: "Embassy in London".into(),
            fingerprint: exchange::key_fingerprint(&[7; 32]),
            public_key: [7; 32],
        };
        let files = vec![PathBuf::from("lon.age"), PathBuf::from("rig.age")];
        screen.update(Message::Imported(ImportRun {
            rows: Vec::new(),
            question: Some(Question {
                mission: london.clone(),
                files: files.clone(),
            }),
        }));
        // The confirmation shows what the analyst compares by phone.
        for shown in [
            i18n.t_with(
                "exchange-new-mission",
                &[
                    ("code", "LT-LON".into()),
                    ("name", "Embassy in London".into()),
                ],
            ),
            london.fingerprint.clone(),
        ] {
            assert!(shows(&screen, &i18n, &shown), "{shown}");
        }
        let Action::Import {
            files: again,
            approved,
            ..
        } = screen.update(Message::Approve)
        else {
            panic!("approving did not import");
        };
        assert_eq!(again, files);
        // The code travels with the key: the library then refuses the same
        // key in another mission's name (tests/exchange.rs).
        assert_eq!(approved, vec![MissionApproval::of(&london)]);
        assert_eq!(approved[0].code(), "LT-LON");
    }

    #[test]
    fn a_running_export_offers_cancel_and_says_when_it_was_cancelled() {
        for (language, cancel, cancelling) in [
            (Language::English, "Cancel", "Cancelling…"),
            (Language::Lithuanian, "Atšaukti", "Atšaukiama…"),
        ] {
            let i18n = I18n::new(language);
            let (mut screen, _) = Exchange::new(Role::Mission, "LT-LON");
            screen.overview = Some(Overview::default());
            assert!(!shows(&screen, &i18n, cancel));
            let Action::Export { cancel: token, .. } =
                screen.update(Message::ExportFileChosen(Some("x.age".into())))
            else {
                panic!("the export did not start");
            };
            assert!(shows(&screen, &i18n, cancel));
            assert!(!token.is_cancelled());
            screen.update(Message::Cancel);
            assert!(token.is_cancelled(), "the worker is asked to stop");
            assert!(shows(&screen, &i18n, cancelling));
            assert!(!shows(&screen, &i18n, cancel));
            screen.update(Message::Exported(Err(exchange::Error::Cancelled)));
            assert!(!screen.is_running());
            assert!(shows(&screen, &i18n, &i18n.t("exchange-export-cancelled")));
        }
    }

    #[test]
    fn a_full_bar_says_the_import_is_finishing() {
        for (language, finishing) in [
            (Language::English, "Finishing…"),
            (Language::Lithuanian, "Baigiama…"),
        ] {
            let i18n = I18n::new(language);
            let (mut screen, _) = Exchange::new(Role::Commission, "HQ");
            screen.overview = Some(Overview::default());
            assert!(shows(&screen, &i18n, &i18n.t("exchange-choose-files")));
            let running = Running::start();
            let progress = running.progress.clone();
            screen.running = Some(running);
            progress.set(exchange::Progress {
                done: 40,
                total: 100,
            });
            assert!(!shows(&screen, &i18n, finishing));
            progress.set(exchange::Progress {
                done: 100,
                total: 100,
            });
            assert!(shows(&screen, &i18n, finishing));
        }
    }
}
