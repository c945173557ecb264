//! The native file dialogs: which one a screen asked for, and the message
//! that brings its answer back.

use std::path::PathBuf;

use iced::Task;

use super::app::Message;
use super::screen::{editor, exchange, first_run, settings, statistics, unlock};

/// File dialogs; a cancelled dialog (or none available) is "nothing happened".
#[derive(Debug, Clone)]
pub enum Dialog {
    OpenKey,
    SaveBackup,
    /// Mission: where to write an export, with a suggested name.
    SaveExport(String),
    /// Mission: the commission's key file, to store it later than at creation.
    OpenCommissionKey,
    /// Commission: the export files to import.
    OpenExports,
    /// Commission: where to write its public key.
    SaveCommissionKey,
    /// Commission: where to write the passphrase-protected copy of its secret key.
    SaveIdentityBackup,
    /// Mission: a reply from the commission, to receive.
    OpenReply,
    /// Commission: where to write a reply to this mission.
    SaveReply(String),
    /// Where to write a table of statistics, with a suggested name.
    SaveCsv(String),
    /// A backup to restore a damaged vault from.
    OpenBackup,
    /// A backup to replace the open vault by, from the settings.
    OpenBackupToReplace,
    /// The folder for automatic backups.
    AutoBackupFolder,
    /// Where to write a case summary (PDF), with a suggested name.
    SaveSummary(crate::domain::CaseId, String),
    /// Where to write the annual report (PDF), with a suggested name.
    SaveReport(String),
    /// Where a key rotation writes its backup (a vault backup at a mission,
    /// the identity backup at the commission), with a suggested name.
    SaveKeyBackup(String),
    /// Where to write the letter for referral N of a case, with a name.
    SaveLetter(crate::domain::CaseId, usize, String),
}

/// Awaits a native dialog with the process made reachable by the desktop
/// portal meanwhile (see `hardening`), and gives the chosen path.
async fn chosen(dialog: impl Future<Output = Option<rfd::FileHandle>>) -> Option<PathBuf> {
    let _open = crate::hardening::DialogOpen::new();
    dialog.await.map(|f| f.path().to_path_buf())
}

impl Dialog {
    pub fn into_task(self) -> Task<Message> {
        match self {
            Dialog::OpenKey => {
                Task::perform(chosen(rfd::AsyncFileDialog::new().pick_file()), |path| {
                    Message::FirstRun(first_run::Message::KeyFileChosen(path))
                })
            }
            Dialog::SaveBackup => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name("casebook-backup.cbk")
                        .save_file(),
                ),
                |path| Message::Settings(settings::Message::BackupFileChosen(path)),
            ),
            Dialog::SaveExport(name) => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name(name)
                        .add_filter("Casebook export", &["age"])
                        .save_file(),
                ),
                |path| Message::Exchange(exchange::Message::ExportFileChosen(path)),
            ),
            Dialog::OpenCommissionKey => {
                Task::perform(chosen(rfd::AsyncFileDialog::new().pick_file()), |path| {
                    Message::Exchange(exchange::Message::KeyFileChosen(path))
                })
            }
            Dialog::OpenExports => Task::perform(
                async {
                    let _open = crate::hardening::DialogOpen::new();
                    rfd::AsyncFileDialog::new()
                        .add_filter("Casebook export", &["age"])
                        .pick_files()
                        .await
                        .map(|files| files.iter().map(|f| f.path().to_path_buf()).collect())
                        .unwrap_or_default()
                },
                |files| Message::Exchange(exchange::Message::ImportFilesChosen(files)),
            ),
            Dialog::SaveCommissionKey => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name("commission-key.txt")
                        .save_file(),
                ),
                |path| Message::Exchange(exchange::Message::CommissionKeyFileChosen(path)),
            ),
            Dialog::OpenBackup => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .add_filter("Casebook backup", &["cbk"])
                        .pick_file(),
                ),
                |path| Message::Unlock(unlock::Message::BackupChosen(path)),
            ),
            Dialog::AutoBackupFolder => {
                Task::perform(chosen(rfd::AsyncFileDialog::new().pick_folder()), |path| {
                    Message::Settings(settings::Message::AutoFolderChosen(path))
                })
            }
            Dialog::OpenBackupToReplace => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .add_filter("Casebook backup", &["cbk"])
                        .pick_file(),
                ),
                |path| Message::Settings(settings::Message::RestoreFileChosen(path)),
            ),
            Dialog::SaveCsv(name) => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name(name)
                        .add_filter("CSV", &["csv"])
                        .save_file(),
                ),
                |path| Message::Statistics(statistics::Message::CsvFileChosen(path)),
            ),
            Dialog::OpenReply => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .add_filter("Casebook reply", &["age"])
                        .pick_file(),
                ),
                |path| {
                    Message::Exchange(exchange::Message::Reply(exchange::reply::Message::Chosen(
                        path,
                    )))
                },
            ),
            Dialog::SaveReply(mission) => {
                let name = format!("reply-{mission}.age");
                Task::perform(
                    chosen(
                        rfd::AsyncFileDialog::new()
                            .set_file_name(name)
                            .add_filter("Casebook reply", &["age"])
                            .save_file(),
                    ),
                    move |path| {
                        Message::Exchange(exchange::Message::Reply(
                            exchange::reply::Message::OutChosen(mission.clone(), path),
                        ))
                    },
                )
            }
            Dialog::SaveIdentityBackup => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name("commission-identity-backup.age")
                        .save_file(),
                ),
                |path| Message::Exchange(exchange::Message::IdentityBackupFileChosen(path)),
            ),
            Dialog::SaveSummary(id, name) => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name(name)
                        .add_filter("PDF", &["pdf"])
                        .save_file(),
                ),
                move |path| Message::Editor(editor::Message::SummaryFileChosen(id, path)),
            ),
            Dialog::SaveReport(name) => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name(name)
                        .add_filter("PDF", &["pdf"])
                        .save_file(),
                ),
                |path| {
                    Message::Statistics(statistics::Message::Report(
                        statistics::report::Message::FileChosen(path),
                    ))
                },
            ),
            Dialog::SaveKeyBackup(name) => Task::perform(
                chosen(rfd::AsyncFileDialog::new().set_file_name(name).save_file()),
                |path| {
                    Message::Settings(settings::Message::Keys(
                        settings::keys::Message::BackupChosen(path),
                    ))
                },
            ),
            Dialog::SaveLetter(id, number, name) => Task::perform(
                chosen(
                    rfd::AsyncFileDialog::new()
                        .set_file_name(name)
                        .add_filter("PDF", &["pdf"])
                        .save_file(),
                ),
                move |path| Message::Editor(editor::Message::LetterFileChosen(id, number, path)),
            ),
        }
    }
}
