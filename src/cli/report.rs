//! `report --year YYYY [--out FILE.pdf] [--csv-dir DIR] [--lang lt|en]
//! [--mission CODE] [--force]`: the commission's annual report, as an
//! archival PDF and/or the same tables as CSV files for the
//! questionnaires, audited (the kind, the year and the mission filter;
//! never a figure).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::Args;

use crate::document::{self, Overwrite, report};
use crate::i18n::Language;
use crate::vault::Vault;

// The command's help is the variant's.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The year of first contact the report counts.
    #[arg(long, value_name = "YYYY")]
    pub year: i32,
    /// The PDF file to write (private to you; never a temporary folder).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also (or instead) write each table as a CSV file into DIR (made if
    /// missing, private to you), for the questionnaires.
    #[arg(long, value_name = "DIR")]
    pub csv_dir: Option<PathBuf>,
    /// lt or en (default: the language chosen in the window's settings).
    #[arg(long = "lang", value_name = "LANG", value_parser = super::documents::parse_language)]
    pub language: Option<Language>,
    /// Only this mission's cases (its code).
    #[arg(long, value_name = "CODE")]
    pub mission: Option<String>,
    /// Replace files that exist.
    #[arg(long)]
    pub force: bool,
}

/// `report`
pub(super) fn report(vault: &mut Vault, args: ReportArgs) -> Result<()> {
    let ReportArgs {
        year,
        out,
        csv_dir,
        language,
        mission,
        force,
    } = args;
    if out.is_none() && csv_dir.is_none() {
        bail!("give --out FILE.pdf, --csv-dir DIR, or both");
    }
    let today = crate::domain::today();
    if !report::year_allowed(year, today) {
        bail!(
            "--year {year}: the report covers a past or the current year, from 1900 to {}",
            chrono::Datelike::year(&today)
        );
    }
    let mission = mission.map(|m| m.trim().to_uppercase());
    if let Some(code) = &mission {
        let known = report::mission_codes(vault)?;
        if !known.contains(code) {
            bail!(
                "unknown mission \"{code}\"; this vault's missions: {}",
                known.join(", ")
            );
        }
    }
    let language = language.unwrap_or_else(|| vault.preferences(Language::from_system()).language);
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    // Taken names, and a folder open to others, are said before anything
    // is counted.
    if let Some(out) = &out {
        document::check_target(out, overwrite)?;
    }
    if let Some(dir) = &csv_dir {
        check_private_dir(dir)?;
        for name in report::csv_names() {
            document::check_target(&dir.join(name), overwrite)?;
        }
    }
    let request = report::Request { year, mission };
    let data = report::gather(vault, &request, today)?;
    let files = match &csv_dir {
        Some(dir) => {
            let files = report::csv_bundle(&data)?;
            make_private_dir(dir)?;
            Some(files)
        }
        None => None,
    };
    let pdf = match &out {
        Some(_) => Some(report::annual_report(&data, language)?),
        None => None,
    };
    // Audited before any file exists: no report is ever on the disk
    // without its line.
    if pdf.is_some() {
        vault.record_document_written("annual-report", &request.subject(), language.code())?;
    }
    if files.is_some() {
        vault.record_document_written("annual-report-csv", &request.subject(), "csv")?;
    }
    if let (Some(out), Some(bytes)) = (&out, &pdf) {
        document::write(out, bytes, overwrite)?;
        println!("Wrote the annual report {year} to {}", out.display());
    }
    if let (Some(dir), Some(files)) = (&csv_dir, &files) {
        // All or nothing: a failure removes the files this run wrote, so
        // no half bundle is left to be sent.
        let mut written = Vec::with_capacity(files.len());
        for (name, text) in files {
            let path = dir.join(name);
            if let Err(e) = document::write(&path, text.as_bytes(), overwrite) {
                for done in &written {
                    let _ = std::fs::remove_file(done);
                }
                return Err(e.into());
            }
            written.push(path);
        }
        println!(
            "Wrote {} tables of the annual report {year} to {}",
            files.len(),
            dir.display()
        );
    }
    Ok(())
}

/// Refuses a `dir` that is not a folder of its own (a link, a file) or
/// that other users can open: the tables go to the questionnaires, not
/// to whoever shares the machine.
fn check_private_dir(dir: &Path) -> Result<()> {
    let Ok(meta) = dir.symlink_metadata() else {
        // Made private below.
        return Ok(());
    };
    if !meta.is_dir() {
        bail!(
            "{} is not a folder (a link or a file); give a folder for --csv-dir",
            dir.display()
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mode = meta.permissions().mode() & 0o777;
        let me = rustix::process::getuid().as_raw();
        if mode & 0o077 != 0 || meta.uid() != me {
            bail!(
                "{} is open to other users (mode {mode:o}) or not yours; give a private folder \
                 (chmod 700) or a new one for --csv-dir",
                dir.display()
            );
        }
    }
    Ok(())
}

/// `dir`, made private to the user (0700) if it does not exist.
fn make_private_dir(dir: &Path) -> Result<()> {
    if dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| anyhow::anyhow!("cannot make {}: {e}", dir.display()))
}
