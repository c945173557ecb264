//! Exchange with the commission. At a mission: what the next export will
//! carry, and writing it. At the commission: importing export files (with
//! approval of missions seen for the first time), the report per file, and
//! the conflicts an analyst must settle.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use iced::widget::{
    button, column, container, progress_bar, radio, row, scrollable, text, text_input,
};
use iced::{Alignment, Element, Length};
use secrecy::SecretString;
use zeroize::Zeroize;

use crate::exchange::{self, ExportSummary, FileReport, MissionApproval, MissionIdentity};
use crate::gui::theme;
use crate::gui::widget::{card, hint};
use crate::i18n::I18n;
use crate::vault::{self, OutgoingCounts, Resolution, Role};

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

/// What the screen shows before anything is done; read from the vault.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub commission_fingerprint: Option<String>,
    /// Mission: its signing key's fingerprint.
    pub mission_fingerprint: Option<String>,
    pub pending: OutgoingCounts,
    pub everything: OutgoingCounts,
    pub last_sequence: u64,
    /// Commission: approved missions (code, name, fingerprint).
    pub missions: Vec<(String, String, String)>,
    pub conflicts: Vec<ConflictView>,
}

/// A conflict as the analyst sees it: which case, and how the two versions
/// differ, field by field.
#[derive(Debug, Clone)]
pub struct ConflictView {
    pub seq: i64,
    pub reference: String,
    pub revision: u32,
    pub differences: Vec<(String, String, String)>,
}

/// The differences are case values (names among them): overwritten before
/// they are freed, at lock with the rest of the screen.
impl Drop for ConflictView {
    fn drop(&mut self) {
        for (path, stored, other) in &mut self.differences {
            path.zeroize();
            stored.zeroize();
            other.zeroize();
        }
    }
}

impl ConflictView {
    pub fn new(conflict: &vault::Conflict) -> ConflictView {
        let mut stored = Vec::new();
        flatten("", &conflict.stored.case.to_json_value(), &mut stored);
        let mut other = Vec::new();
        flatten("", &conflict.set_aside.case.to_json_value(), &mut other);
        fn value<'a>(list: &'a [(String, String)], path: &str) -> &'a str {
            list.iter()
                .find(|(p, _)| p == path)
                .map_or("—", |(_, v)| v.as_str())
        }
        let mut paths: Vec<&String> = stored.iter().chain(&other).map(|(p, _)| p).collect();
        paths.sort();
        paths.dedup();
        let differences = paths
            .into_iter()
            .filter(|path| value(&stored, path) != value(&other, path))
            .map(|path| {
                (
                    path.clone(),
                    value(&stored, path).to_owned(),
                    value(&other, path).to_owned(),
                )
            })
            .collect();
        // The flattened versions are case values too.
        for (path, text) in stored.iter_mut().chain(other.iter_mut()) {
            path.zeroize();
            text.zeroize();
        }
        ConflictView {
            seq: conflict.seq,
            reference: conflict.stored.meta.reference.clone(),
            revision: conflict.stored.meta.revision,
            differences,
        }
    }
}

/// `{"a":{"b":[1]}}` → `a.b[0] = 1`.
fn flatten(path: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(&path, value, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                flatten(&format!("{path}[{i}]"), value, out);
            }
        }
        serde_json::Value::String(s) => out.push((path.into(), s.clone())),
        other => out.push((path.into(), other.to_string())),
    }
}

/// One file in the import report.
#[derive(Debug, Clone)]
pub struct FileRow {
    pub file: PathBuf,
    pub outcome: RowOutcome,
}

#[derive(Debug, Clone)]
pub enum RowOutcome {
    Imported(Box<FileReport>),
    Refused(exchange::Error),
    /// The analyst did not approve the file's mission.
    Skipped,
}

/// What an import run did before it finished or stopped for a question.
#[derive(Debug, Clone, Default)]
pub struct ImportRun {
    pub rows: Vec<FileRow>,
    /// The run stopped at the first file of this list: its mission is new.
    pub question: Option<(MissionIdentity, Vec<PathBuf>)>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Result<Box<Overview>, exchange::Error>),
    SetAll(bool),
    ChooseExportFile,
    ExportFileChosen(Option<PathBuf>),
    Exported(Result<Box<ExportSummary>, exchange::Error>),
    ChooseKeyFile,
    KeyFileChosen(Option<PathBuf>),
    KeyStored(Result<(), vault::Error>),
    ChooseImportFiles,
    ImportFilesChosen(Vec<PathBuf>),
    Imported(ImportRun),
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
    },
    ChooseKeyFile,
    StoreKey(PathBuf),
    ChooseImportFiles,
    Import {
        files: Vec<PathBuf>,
        /// Each approved mission by its code and key together.
        approved: Vec<MissionApproval>,
        progress: Arc<Progress>,
    },
    ChooseCommissionKeyFile,
    WriteCommissionKey(PathBuf),
    Resolve(i64, Resolution),
    ChooseIdentityBackupFile,
    WriteIdentityBackup {
        path: PathBuf,
        passphrase: SecretString,
    },
    Back,
}

pub struct Exchange {
    role: Role,
    mission_code: String,
    overview: Option<Overview>,
    all: bool,
    running: Option<Arc<Progress>>,
    outcome: Option<Result<String, String>>,
    exported: Option<ExportSummary>,
    rows: Vec<FileRow>,
    question: Option<(MissionIdentity, Vec<PathBuf>)>,
    /// The new missions the analyst approved in this screen, each by its
    /// code and key as the confirmation showed them.
    approved: Vec<MissionApproval>,
    backup_passphrase: String,
    backup_repeat: String,
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
        };
        (screen, Action::Load)
    }

    /// Whether an export or import is running (the app ticks faster then).
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    pub fn update(&mut self, message: Message, i18n: &I18n) -> Action {
        match message {
            Message::Loaded(Ok(overview)) => {
                self.overview = Some(*overview);
                Action::None
            }
            Message::Loaded(Err(error)) => {
                self.outcome = Some(Err(error_text(i18n, &error)));
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
                    self.outcome = Some(Err(i18n.t("first-run-mismatch")));
                    return Action::None;
                }
                if let Some(weakness) = vault::passphrase::weakness(&self.backup_passphrase, &[]) {
                    self.outcome = Some(Err(crate::gui::widget::weakness_text(i18n, &weakness)));
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
                            i18n.t_with(
                                "exchange-identity-saved",
                                &[("path", path.display().to_string().into())],
                            )
                        })
                        .map_err(|e| error_text(i18n, &e)),
                );
                Action::None
            }
            Message::ExportFileChosen(Some(path)) => {
                let progress = Arc::new(Progress::default());
                self.running = Some(progress.clone());
                self.outcome = None;
                self.exported = None;
                Action::Export {
                    path,
                    all: self.all,
                    progress,
                }
            }
            Message::Exported(result) => {
                self.running = None;
                match result {
                    Ok(summary) => {
                        self.exported = Some(*summary);
                        Action::Load
                    }
                    Err(error) => {
                        self.outcome = Some(Err(error_text(i18n, &error)));
                        Action::None
                    }
                }
            }
            Message::ChooseKeyFile => Action::ChooseKeyFile,
            Message::KeyFileChosen(Some(path)) => Action::StoreKey(path),
            Message::KeyStored(result) => {
                self.outcome = Some(
                    result
                        .map(|()| i18n.t("exchange-key-stored"))
                        .map_err(|e| super::unlock::error_text(i18n, &e)),
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
                self.rows.extend(run.rows);
                self.question = run.question;
                Action::Load
            }
            Message::Approve => match self.question.take() {
                Some((mission, files)) => {
                    self.approved.push(MissionApproval::of(&mission));
                    self.import(files)
                }
                None => Action::None,
            },
            Message::Skip => match self.question.take() {
                Some((_, mut files)) if !files.is_empty() => {
                    let skipped = files.remove(0);
                    self.rows.push(FileRow {
                        file: skipped,
                        outcome: RowOutcome::Skipped,
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
                            i18n.t_with(
                                "exchange-key-saved",
                                &[("path", path.display().to_string().into())],
                            )
                        })
                        .map_err(|e| error_text(i18n, &e)),
                );
                Action::None
            }
            Message::Resolve(seq, resolution) => Action::Resolve(seq, resolution),
            Message::Resolved(result) => {
                if let Err(error) = result {
                    self.outcome = Some(Err(super::unlock::error_text(i18n, &error)));
                }
                Action::Load
            }
            Message::Back => Action::Back,
        }
    }

    fn import(&mut self, files: Vec<PathBuf>) -> Action {
        let progress = Arc::new(Progress::default());
        self.running = Some(progress.clone());
        Action::Import {
            files,
            approved: self.approved.clone(),
            progress,
        }
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let title_key = match self.role {
            Role::Mission => "exchange-export-title",
            Role::Commission => "exchange-import-title",
        };
        let mut content = column![
            row![
                button(text(i18n.t("editor-back")))
                    .style(button::secondary)
                    .on_press(Message::Back),
                text(i18n.t(title_key))
                    .size(theme::TEXT_XL)
                    .font(theme::BOLD),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center)
        ]
        .spacing(theme::SPACE_L)
        .max_width(980);
        if let Some(outcome) = &self.outcome {
            content = content.push(outcome_line(outcome));
        }
        let Some(overview) = &self.overview else {
            return page(content.push(text(i18n.t("exchange-loading"))));
        };
        content = match self.role {
            Role::Mission => self.mission_view(content, overview, i18n),
            Role::Commission => self.commission_view(content, overview, i18n),
        };
        page(content)
    }

    fn mission_view<'a>(
        &'a self,
        content: iced::widget::Column<'a, Message>,
        overview: &'a Overview,
        i18n: &I18n,
    ) -> iced::widget::Column<'a, Message> {
        let key: Element<'a, Message> = match &overview.commission_fingerprint {
            Some(fingerprint) => column![
                heading(i18n.t("exchange-commission-key")),
                text(fingerprint.clone()).font(theme::BOLD),
                hint(i18n.t("exchange-fingerprint-hint")),
            ]
            .spacing(theme::SPACE_S)
            .into(),
            None => column![
                heading(i18n.t("exchange-commission-key")),
                text(i18n.t("exchange-no-commission-key")).style(|t| text::Style {
                    color: Some(theme::danger(t)),
                }),
                button(text(i18n.t("exchange-load-key")))
                    .style(button::secondary)
                    .on_press(Message::ChooseKeyFile),
            ]
            .spacing(theme::SPACE_S)
            .into(),
        };
        // The commission compares this when it approves the first export.
        let own_key = hint(
            i18n.t_with(
                "exchange-mission-key",
                &[(
                    "fingerprint",
                    overview
                        .mission_fingerprint
                        .clone()
                        .unwrap_or_default()
                        .into(),
                )],
            ),
        );
        let key = column![key, own_key].spacing(theme::SPACE_S);
        let counts = |counts: &OutgoingCounts| {
            i18n.t_with(
                "exchange-counts",
                &[
                    ("cases", counts.cases.into()),
                    ("erasures", counts.tombstones.into()),
                ],
            )
        };
        let last = if overview.last_sequence == 0 {
            i18n.t("exchange-no-export-yet")
        } else {
            i18n.t_with(
                "exchange-last-export",
                &[("number", overview.last_sequence.into())],
            )
        };
        let can_export = overview.commission_fingerprint.is_some() && self.running.is_none();
        let what = column![
            heading(i18n.t("exchange-what-goes")),
            choice(
                i18n.t("exchange-incremental"),
                counts(&overview.pending),
                false,
                self.all
            ),
            choice(
                i18n.t("exchange-everything"),
                counts(&overview.everything),
                true,
                self.all
            ),
            hint(last),
            hint(i18n.t("exchange-consent-hint")),
            row![
                button(text(i18n.t("exchange-export-button")))
                    .on_press_maybe(can_export.then_some(Message::ChooseExportFile)),
                self.progress(i18n),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
        ]
        .spacing(theme::SPACE_S);
        let mut content = content.push(card(key)).push(card(what));
        if let Some(summary) = &self.exported {
            content = content.push(card(
                column![
                    heading(
                        i18n.t_with("exchange-exported", &[("number", summary.sequence.into())])
                    ),
                    text(summary.file.display().to_string()).font(theme::BOLD),
                    text(i18n.t_with(
                        "exchange-exported-counts",
                        &[
                            ("cases", summary.counts.cases.into()),
                            ("redacted", summary.counts.redacted.into()),
                            ("erasures", summary.counts.tombstones.into()),
                        ],
                    )),
                    hint(i18n.t_with(
                        "exchange-exported-keys",
                        &[
                            ("commission", summary.commission_fingerprint.clone().into()),
                            ("mission", summary.mission_fingerprint.clone().into()),
                        ],
                    )),
                    hint(i18n.t("exchange-exported-hint")),
                ]
                .spacing(theme::SPACE_S),
            ));
        }
        content
    }

    fn commission_view<'a>(
        &'a self,
        content: iced::widget::Column<'a, Message>,
        overview: &'a Overview,
        i18n: &I18n,
    ) -> iced::widget::Column<'a, Message> {
        let key = column![
            heading(i18n.t("exchange-commission-key")),
            text(overview.commission_fingerprint.clone().unwrap_or_default()).font(theme::BOLD),
            hint(i18n.t("exchange-distribute-hint")),
            button(text(i18n.t("exchange-save-key")))
                .style(button::secondary)
                .on_press(Message::SaveCommissionKey),
            text(i18n.t("exchange-identity-backup"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            hint(i18n.t("exchange-identity-hint")),
            row![
                text_input(
                    &i18n.t("exchange-identity-passphrase"),
                    &self.backup_passphrase
                )
                .id(BACKUP_PASSPHRASE_ID)
                .secure(true)
                .on_input(Message::BackupPassphrase)
                .padding(8),
                text_input(&i18n.t("first-run-repeat"), &self.backup_repeat)
                    .id(BACKUP_REPEAT_ID)
                    .secure(true)
                    .on_input(Message::BackupRepeat)
                    .padding(8),
                button(text(i18n.t("exchange-identity-save"))).on_press_maybe(
                    (!self.backup_passphrase.is_empty())
                        .then_some(Message::ChooseIdentityBackupFile)
                ),
            ]
            .spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_S);
        let choose = column![
            heading(i18n.t("exchange-import-files")),
            hint(i18n.t("exchange-import-hint")),
            row![
                button(text(i18n.t("exchange-choose-files")))
                    .on_press_maybe(self.running.is_none().then_some(Message::ChooseImportFiles)),
                self.progress(i18n),
            ]
            .spacing(theme::SPACE_M)
            .align_y(Alignment::Center),
        ]
        .spacing(theme::SPACE_S);
        let mut content = content.push(card(key)).push(card(choose));

        if let Some((mission, files)) = &self.question {
            let file = files
                .first()
                .and_then(|f| f.file_name())
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            content = content.push(card(
                column![
                    heading(i18n.t_with(
                        "exchange-new-mission",
                        &[
                            ("code", mission.code.clone().into()),
                            ("name", mission.name.clone().into()),
                        ],
                    )),
                    text(i18n.t_with("exchange-new-mission-file", &[("file", file.into())])),
                    text(mission.fingerprint.clone())
                        .size(theme::TEXT_L)
                        .font(theme::BOLD),
                    hint(i18n.t("exchange-new-mission-hint")),
                    row![
                        button(text(i18n.t("exchange-approve"))).on_press(Message::Approve),
                        button(text(i18n.t("exchange-skip")))
                            .style(button::secondary)
                            .on_press(Message::Skip),
                    ]
                    .spacing(theme::SPACE_M),
                ]
                .spacing(theme::SPACE_S),
            ));
        }
        if !self.rows.is_empty() {
            content = content.push(card(self.report(i18n)));
        }
        if !overview.conflicts.is_empty() {
            content = content.push(card(conflicts(&overview.conflicts, i18n)));
        }
        if !overview.missions.is_empty() {
            let mut list = column![heading(i18n.t("exchange-missions"))].spacing(theme::SPACE_S);
            for (code, name, fingerprint) in &overview.missions {
                list = list.push(
                    row![
                        text(code.clone()).font(theme::BOLD).width(110),
                        text(name.clone()).width(Length::Fill),
                        text(fingerprint.clone()).size(theme::TEXT_S),
                    ]
                    .spacing(theme::SPACE_M),
                );
            }
            content = content.push(card(list));
        }
        content
    }

    fn report<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let header = |key: &str| text(i18n.t(key)).size(theme::TEXT_S).font(theme::BOLD);
        let number = |n: u64| text(n.to_string()).width(80);
        let mut table = column![
            heading(i18n.t("exchange-report")),
            row![
                header("column-file").width(Length::FillPortion(3)),
                header("column-mission").width(Length::FillPortion(2)),
                header("column-new").width(80),
                header("column-updated-cases").width(80),
                header("column-unchanged").width(80),
                header("column-erased").width(80),
                header("column-conflicts").width(80),
            ]
            .spacing(theme::SPACE_S),
        ]
        .spacing(theme::SPACE_S);
        for row_data in &self.rows {
            let file = row_data
                .file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let refused = |reason: String| -> Element<'a, Message> {
                row![
                    text(file.clone()).width(Length::FillPortion(3)),
                    text(reason)
                        .width(Length::FillPortion(6))
                        .style(|t| text::Style {
                            color: Some(theme::danger(t)),
                        }),
                ]
                .spacing(theme::SPACE_S)
                .into()
            };
            let line: Element<'a, Message> = match &row_data.outcome {
                RowOutcome::Imported(report) => {
                    let mission = i18n.t_with(
                        "exchange-mission-export",
                        &[
                            ("code", report.mission_code.clone().into()),
                            ("number", report.sequence.into()),
                        ],
                    );
                    let mut cells = column![
                        row![
                            text(file.clone()).width(Length::FillPortion(3)),
                            text(mission).width(Length::FillPortion(2)),
                            number(report.counts.new),
                            number(report.counts.updated),
                            number(report.counts.unchanged),
                            number(report.counts.erased),
                            number(report.counts.conflicts),
                        ]
                        .spacing(theme::SPACE_S)
                    ];
                    if let Some(earlier) = &report.duplicate_of {
                        cells = cells.push(hint(
                            i18n.t_with(
                                "exchange-duplicate",
                                &[(
                                    "date",
                                    earlier
                                        .imported_at
                                        .chars()
                                        .take(10)
                                        .collect::<String>()
                                        .into(),
                                )],
                            ),
                        ));
                    }
                    for (from, to) in &report.gaps {
                        cells = cells.push(hint(i18n.t_with(
                            "exchange-gap",
                            &[
                                ("code", report.mission_code.clone().into()),
                                ("from", (*from).into()),
                                ("to", (*to).into()),
                                ("count", (to - from + 1).into()),
                            ],
                        )));
                    }
                    cells.into()
                }
                RowOutcome::Refused(error) => refused(error_text(i18n, error)),
                RowOutcome::Skipped => refused(i18n.t("exchange-skipped")),
            };
            table = table.push(line);
        }
        table.into()
    }

    /// The bar of the running export or import. Once every line is read
    /// or written, what is left (an import builds its indexes and commits,
    /// seconds at 100,000 cases) is said beside the full bar.
    fn progress<'a>(&self, i18n: &I18n) -> Element<'a, Message> {
        match &self.running {
            Some(progress) => {
                let fraction = progress.fraction();
                let bar = progress_bar(0.0..=1.0, fraction).girth(8).length(320);
                if fraction >= 1.0 {
                    row![bar, hint(i18n.t("exchange-finishing"))]
                        .spacing(theme::SPACE_S)
                        .align_y(Alignment::Center)
                        .into()
                } else {
                    bar.into()
                }
            }
            None => text("").into(),
        }
    }
}

fn conflicts<'a>(list: &'a [ConflictView], i18n: &I18n) -> Element<'a, Message> {
    let mut column = column![
        heading(i18n.t_with(
            "exchange-conflicts",
            &[("count", (list.len() as u64).into())]
        )),
        hint(i18n.t("exchange-conflicts-hint")),
    ]
    .spacing(theme::SPACE_S);
    for conflict in list {
        let mut entry = column![
            text(i18n.t_with(
                "exchange-conflict-case",
                &[
                    ("reference", conflict.reference.clone().into()),
                    ("revision", conflict.revision.into()),
                ],
            ))
            .font(theme::BOLD)
        ]
        .spacing(4);
        for (path, stored, other) in conflict.differences.iter().take(12) {
            entry = entry.push(
                row![
                    text(path.clone()).size(theme::TEXT_S).width(260),
                    text(stored.clone()).size(theme::TEXT_S).width(Length::Fill),
                    text(other.clone()).size(theme::TEXT_S).width(Length::Fill),
                ]
                .spacing(theme::SPACE_S),
            );
        }
        entry = entry.push(
            row![
                button(text(i18n.t("exchange-keep-stored")))
                    .style(button::secondary)
                    .on_press(Message::Resolve(conflict.seq, Resolution::KeepStored)),
                button(text(i18n.t("exchange-take-other")))
                    .style(button::secondary)
                    .on_press(Message::Resolve(conflict.seq, Resolution::TakeSetAside)),
            ]
            .spacing(theme::SPACE_M),
        );
        column = column.push(entry);
    }
    column.into()
}

/// One of the two kinds of export, with what it would carry beside it.
fn choice<'a>(label: String, counts: String, all: bool, chosen: bool) -> Element<'a, Message> {
    row![
        radio(label, all, Some(chosen), Message::SetAll).width(Length::FillPortion(3)),
        text(counts).width(Length::FillPortion(2)),
    ]
    .spacing(theme::SPACE_M)
    .into()
}

fn heading<'a>(label: String) -> iced::widget::Text<'a> {
    text(label).size(theme::TEXT_L).font(theme::BOLD)
}

fn outcome_line<'a>(outcome: &Result<String, String>) -> Element<'a, Message> {
    match outcome {
        Ok(message) => text(message.clone())
            .style(|t| text::Style {
                color: Some(theme::success(t)),
            })
            .into(),
        Err(message) => container(text(message.clone()))
            .padding(theme::SPACE_M)
            .style(theme::error_banner)
            .width(Length::Fill)
            .into(),
    }
}

fn page<'a>(content: iced::widget::Column<'a, Message>) -> Element<'a, Message> {
    scrollable(container(content).padding(theme::SPACE_L))
        .height(Length::Fill)
        .into()
}

/// An exchange error in the interface language.
pub fn error_text(i18n: &I18n, error: &exchange::Error) -> String {
    use exchange::Error as E;
    match error {
        E::NotAnExport => i18n.t("exchange-error-not-an-export"),
        E::NotForThisCommission => i18n.t("exchange-error-other-commission"),
        E::Damaged(_) => i18n.t("exchange-error-damaged"),
        E::NewerFormat(_) => i18n.t("exchange-error-newer"),
        E::ManifestMismatch(_) | E::BadSignature | E::ChangedDuringImport => {
            i18n.t("exchange-error-altered")
        }
        E::WrongMissionKey(code) => {
            i18n.t_with("exchange-error-wrong-key", &[("code", code.clone().into())])
        }
        E::InvalidRecord { message, .. } => i18n.t_with(
            "exchange-error-invalid-record",
            &[("detail", message.clone().into())],
        ),
        E::TooLarge {
            size_mib,
            limit_mib,
        } => i18n.t_with(
            "exchange-error-too-large",
            &[("size", (*size_mib).into()), ("limit", (*limit_mib).into())],
        ),
        E::NotAMissionCode(code) | E::CommissionCode(code) => i18n.t_with(
            "exchange-error-mission-code",
            &[("code", code.clone().into())],
        ),
        E::NoCommissionKey => i18n.t("exchange-no-commission-key"),
        E::CaseTooLarge { reference, .. } => i18n.t_with(
            "exchange-error-case-too-large",
            &[("reference", reference.clone().into())],
        ),
        E::RedactedCaseRefused {
            reference,
            problems,
        } => i18n.t_with(
            "exchange-error-redacted-case-refused",
            &[
                ("reference", reference.clone().into()),
                ("problems", problems.clone().into()),
            ],
        ),
        E::Vault(error) => super::unlock::error_text(i18n, error),
        other => i18n.t_with("error-other", &[("detail", other.to_string().into())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        screen.update(
            Message::Imported(ImportRun {
                rows: Vec::new(),
                question: Some((london.clone(), files.clone())),
            }),
            &i18n,
        );
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
        } = screen.update(Message::Approve, &i18n)
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
    fn a_full_bar_says_the_import_is_finishing() {
        for (language, finishing) in [
            (Language::English, "Finishing…"),
            (Language::Lithuanian, "Baigiama…"),
        ] {
            let i18n = I18n::new(language);
            let (mut screen, _) = Exchange::new(Role::Commission, "HQ");
            screen.overview = Some(Overview::default());
            assert!(shows(&screen, &i18n, &i18n.t("exchange-choose-files")));
            let progress = Arc::new(Progress::default());
            screen.running = Some(progress.clone());
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
