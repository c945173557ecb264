//! Importing the files an analyst chose, in turn, as the window and the
//! command line both do: one share of the progress per file; a file that
//! fails does not stop the others; the first file from a mission not
//! approved yet stops the run, which hands back the question and the files
//! still to import; a cancel leaves the file being read unmerged and starts
//! no other.

use std::path::PathBuf;

use super::job::{Cancel, Progress};
use super::{Approval, Error, FileReport, MissionIdentity, import_cancellable};
use crate::vault::Vault;

/// What became of one file of a run.
#[derive(Debug, Clone)]
pub struct FileRow {
    pub file: PathBuf,
    pub outcome: FileOutcome,
}

#[derive(Debug, Clone)]
pub enum FileOutcome {
    Imported(Box<FileReport>),
    /// Refused, or (with [`Error::Cancelled`]) cancelled: either way nothing
    /// of the file was merged.
    Refused(Error),
    /// The analyst did not approve the file's mission.
    Skipped,
}

/// A mission seen for the first time, to approve by its code and key
/// together, and the files left: the first is the one that introduced it.
#[derive(Debug, Clone)]
pub struct Question {
    pub mission: MissionIdentity,
    pub files: Vec<PathBuf>,
}

/// What a run did before it finished or stopped for a question.
#[derive(Debug, Clone, Default)]
pub struct ImportRun {
    pub rows: Vec<FileRow>,
    pub question: Option<Question>,
}

impl ImportRun {
    /// Whether the run was cancelled (its last rows say which files).
    pub fn cancelled(&self) -> bool {
        self.rows
            .iter()
            .any(|row| matches!(row.outcome, FileOutcome::Refused(Error::Cancelled)))
    }
}

/// Imports `files` in turn, each in its own transaction, until one comes
/// from a mission that `approval` does not approve: the run stops there and
/// asks. Progress runs once from 0 to the end over all the files, each file
/// one equal share. Once `cancel` is set, the file being read is rolled
/// back, and it and every file after it are reported as cancelled; the
/// files imported before stay imported.
pub fn import_files(
    vault: &mut Vault,
    files: &[PathBuf],
    approval: &Approval,
    cancel: &Cancel,
    progress: &mut dyn FnMut(Progress),
) -> ImportRun {
    let mut run = ImportRun::default();
    let count = files.len() as u64;
    let share = SCALE / count.max(1);
    for (i, file) in files.iter().enumerate() {
        let before = share * i as u64;
        let mut report = |p: Progress| {
            let within = u128::from(share) * u128::from(p.done) / u128::from(p.total.max(1));
            progress(Progress {
                done: before + u64::try_from(within).unwrap_or(share).min(share),
                total: share * count,
            });
        };
        let result = if cancel.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            import_cancellable(vault, file, approval, cancel, &mut report)
        };
        // A cancel that lands after the signature pass of a file from a
        // mission not approved yet is a cancel, not a question.
        let result = match result {
            Err(Error::UnknownMission(_)) if cancel.is_cancelled() => Err(Error::Cancelled),
            other => other,
        };
        let outcome = match result {
            Ok(report) => FileOutcome::Imported(Box::new(report)),
            Err(Error::UnknownMission(mission)) => {
                run.question = Some(Question {
                    mission: *mission,
                    files: files[i..].to_vec(),
                });
                return run;
            }
            Err(Error::Cancelled) => {
                run.rows.extend(files[i..].iter().map(|file| FileRow {
                    file: file.clone(),
                    outcome: FileOutcome::Refused(Error::Cancelled),
                }));
                return run;
            }
            Err(error) => FileOutcome::Refused(error),
        };
        run.rows.push(FileRow {
            file: file.clone(),
            outcome,
        });
    }
    run
}

/// The units of a run's progress: each file has an equal share of them.
const SCALE: u64 = 1_000_000;
