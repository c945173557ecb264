//! The headless command line: the same library operations as the GUI, for
//! scripts at the central office and for tests. Every command prints one
//! clear `error: ...` line and exits non-zero when it fails. A passphrase is
//! read from `--passphrase-file` (first line) or asked on the terminal, never
//! taken from the command line or printed.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use secrecy::SecretString;
use zeroize::Zeroizing;

use crate::domain::{Case, CaseRecord, CaseStatus, ExploitationType, TraffickingStatus};
use crate::exchange;
use crate::stats;
use crate::vault::{
    self, AuditCheck, KdfParams, ListQuery, NewVault, OpenOptions, Role, SortKey, Vault,
};

const AFTER_HELP: &str = "\
Without a command, Casebook opens its desktop application.

The vault is the folder given by --vault, or CASEBOOK_VAULT, or else the
platform data folder (on Linux ~/.local/share/casebook/vault).

Examples:
  casebook --vault v init --role mission --mission-code LT-LON \\
           --mission-name \"Embassy in London\" --officer \"J. Jonaitis\" --passphrase-file pass.txt
  casebook --vault hq --passphrase-file pass.txt import LT-LON-1.age \\
           --approve-new-mission \"LT-LON:3F2A 91C0 ...\"   (the fingerprint as verify prints it)
  casebook --vault v --passphrase-file pass.txt add --json case.json
  casebook --vault v search          (asks for the passphrase, then: Search for:)
  PROGRAM | casebook --vault v --passphrase-file pass.txt search -
           (scripts: the query piped from the program that has it; never keep
            a person's name in a file, where it outlives the search)";

#[derive(Debug, Parser)]
#[command(name = "casebook", version, about = "Encrypted case records for consular staff assisting possible victims of trafficking", after_help = AFTER_HELP)]
pub struct Cli {
    /// The vault folder (default: the platform data folder).
    #[arg(long, global = true, env = "CASEBOOK_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Read the passphrase from the first line of FILE instead of asking.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Mission,
    Commission,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Reference,
    FirstContact,
    Status,
    LastUpdate,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new vault (the key derivation is calibrated to this machine).
    Init {
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Short code used in case references: two capital letters, a hyphen
        /// and 2 to 8 capital letters or digits, e.g. LT-LON (commission: default HQ).
        #[arg(long)]
        mission_code: Option<String>,
        /// The mission's name, e.g. "Embassy in London".
        #[arg(long)]
        mission_name: Option<String>,
        /// The officer's name, recorded on every change.
        #[arg(long)]
        officer: String,
        /// Mission: the commission's public key file (can be added later).
        #[arg(long, value_name = "FILE")]
        commission_key: Option<PathBuf>,
    },
    /// Mission: store the commission's public key (--replace to change it).
    SetCommissionKey {
        file: PathBuf,
        #[arg(long)]
        replace: bool,
    },
    /// Commission: write its public key (for the missions) to FILE.
    CommissionKey {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Commission: write its secret key to FILE, protected by a separate
    /// passphrase (a standard age file: `age -d FILE` opens it too).
    IdentityBackup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Read the backup's passphrase from the first line of FILE.
        #[arg(long, value_name = "FILE")]
        backup_passphrase_file: Option<PathBuf>,
    },
    /// Commission: replace this vault's secret key with one from an identity backup.
    IdentityRestore {
        file: PathBuf,
        #[arg(long, value_name = "FILE")]
        backup_passphrase_file: Option<PathBuf>,
        /// Confirm that the vault's current key is replaced.
        #[arg(long)]
        replace: bool,
    },
    /// Mission: write the cases created, changed or erased since the last
    /// export (or --all) to FILE, encrypted to the commission and signed.
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        all: bool,
    },
    /// Commission: check and merge export files from missions.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Register a mission not seen before, named by its code and its
        /// key's fingerprint as printed (spaces optional), after comparing
        /// the fingerprint with the mission; may be repeated.
        #[arg(long, value_name = "CODE:FINGERPRINT")]
        approve_new_mission: Vec<exchange::MissionApproval>,
        /// Raise (or lower) the largest file this vault imports, in MiB,
        /// for this import and the later ones (default 1024).
        #[arg(long, value_name = "MIB")]
        max_size: Option<u64>,
    },
    /// Commission: check an export file as import would, writing nothing.
    Verify { file: PathBuf },
    /// Commission: the approved missions and their key fingerprints.
    Missions,
    /// Commission: versions of cases set aside because they conflict.
    Conflicts {
        /// Settle conflict N ...
        #[arg(long, value_name = "N", requires = "choice")]
        resolve: Option<i64>,
        /// ... keeping the stored version,
        #[arg(long, group = "choice")]
        keep_stored: bool,
        /// ... or taking the set-aside version.
        #[arg(long, group = "choice")]
        take_set_aside: bool,
    },
    /// Count cases by one or two fields; counts below --min-count, and
    /// those that would reveal them, are hidden (shown as c, confidential)
    /// so that no person can be singled out.
    Stats {
        /// year, trafficking-status, form, citizenship, gender, age-group, minor,
        /// country-of-exploitation, labour-industry, means-of-control,
        /// referral-service, mission or status (once or twice).
        #[arg(long = "by", value_name = "FIELD")]
        by: Vec<String>,
        /// CSV with a header row, for spreadsheets and reports.
        #[arg(long)]
        csv: bool,
        /// Smallest count shown, 3 or more (default: the vault's setting, 5).
        #[arg(long, value_name = "K")]
        min_count: Option<u64>,
        #[arg(long, value_name = "YEAR")]
        from_year: Option<i32>,
        #[arg(long, value_name = "YEAR")]
        to_year: Option<i32>,
        #[arg(long, value_name = "CODE")]
        mission: Option<String>,
        /// Active, FollowUp, Closed or ClosedReferred.
        #[arg(long, value_name = "S")]
        status: Option<String>,
        /// Leave out cases whose person refused anonymous statistics even
        /// where the vault's setting counts them (by default they are left
        /// out).
        #[arg(long)]
        exclude_without_consent: bool,
    },
    /// Add a case from a JSON file; prints the new case's id and reference.
    Add {
        #[arg(long, value_name = "FILE")]
        json: PathBuf,
    },
    /// Show one case, by id or reference.
    Show {
        case: String,
        /// The whole record as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List cases (names are left out of the table; --json includes them).
    List {
        #[arg(long)]
        json: bool,
        /// Active, FollowUp, Closed or ClosedReferred.
        #[arg(long, value_name = "S")]
        status: Option<String>,
        /// Only open cases whose next action is due today or earlier.
        #[arg(long)]
        due: bool,
        /// PossibleVictimOfTrafficking, ActualVictimOfTrafficking or NotAVictimOfTrafficking.
        #[arg(long, value_name = "S")]
        trafficking_status: Option<String>,
        /// A form of exploitation, e.g. ForcedLabour.
        #[arg(long, value_name = "FORM")]
        form: Option<String>,
        /// First contact on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<NaiveDate>,
        /// First contact on or before this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<NaiveDate>,
        #[arg(long, value_enum, default_value = "first-contact")]
        sort: SortArg,
        /// Oldest (or A–Z) first.
        #[arg(long)]
        ascending: bool,
        #[arg(long, default_value_t = 100)]
        limit: u64,
        #[arg(long, default_value_t = 0)]
        offset: u64,
    },
    /// Full-text search (names, reference, places, notes, follow-ups, referrals).
    ///
    /// Without QUERY, asks for it on the terminal (shown as typed, like the
    /// search field of the window), or reads the first line of standard
    /// input when that is not a terminal; `-` always reads standard input.
    Search {
        /// What to look for. A name given here stays in the shell's history
        /// and is visible to other accounts in the process list (`ps`):
        /// leave it out to be asked, or give `-` and pipe it in from the
        /// program that has it (not from a file: a name kept in a file on
        /// disk outlives the search).
        query: Option<String>,
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Write an encrypted copy of the vault (same passphrase) to FILE, or
    /// into a folder of rotating backups (for a scheduled task).
    Backup {
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "into",
            conflicts_with = "into"
        )]
        out: Option<PathBuf>,
        /// A folder of backups named by mission and time; the oldest beyond --keep are deleted.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        #[arg(long, default_value_t = 7, requires = "into", value_parser = clap::value_parser!(u32).range(1..))]
        keep: u32,
    },
    /// Restore a backup into the vault folder.
    Restore {
        file: PathBuf,
        /// Replace the vault that is there now, if it was last changed
        /// before the backup was made (it is kept in a replaced-<time> folder).
        #[arg(long)]
        replace: bool,
        /// Replace it even if it was changed after the backup was made.
        #[arg(long)]
        replace_newer: bool,
    },
    /// Erase a case; a tombstone is kept so the erasure reaches the commission.
    Erase {
        case: String,
        /// Do not ask for confirmation on a terminal.
        #[arg(long)]
        yes: bool,
    },
    /// Show the audit log, or verify its hash chain.
    Audit {
        #[arg(long)]
        verify: bool,
    },
    /// Change the vault's passphrase.
    ChangePassphrase {
        /// Read the new passphrase from the first line of FILE.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Add synthetic cases (training, demonstrations, benchmarks).
    Generate {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

/// Parses the arguments and runs; prints `error: ...` on failure.
pub fn main() -> ExitCode {
    // Before anything secret is in memory.
    crate::hardening::apply();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

pub fn run(cli: Cli) -> Result<()> {
    let dir = match cli.vault {
        Some(dir) => dir,
        None => vault::default_location()
            .ok_or_else(|| anyhow!("no data folder on this system; give --vault DIR"))?,
    };
    let Some(command) = cli.command else {
        return crate::gui::run(dir).map_err(|e| anyhow!("the window could not be opened: {e}"));
    };
    let passphrase_file = cli.passphrase_file.as_deref();
    match command {
        Command::Init {
            role,
            mission_code,
            mission_name,
            officer,
            commission_key,
        } => init(
            &dir,
            passphrase_file,
            role,
            mission_code,
            mission_name,
            officer,
            commission_key,
        ),
        Command::Restore {
            file,
            replace,
            replace_newer,
        } => {
            let overwrite = match (replace, replace_newer) {
                (_, true) => vault::Overwrite::Always,
                (true, false) => vault::Overwrite::IfOlder,
                (false, false) => vault::Overwrite::Never,
            };
            let aside = vault::restore(&file, &dir, overwrite).map_err(|e| match e {
                vault::Error::NewerThanBackup { .. } => {
                    anyhow!("{e}. Give --replace-newer to restore anyway")
                }
                vault::Error::AlreadyExists(_) => anyhow!(
                    "{e}. Give --replace to replace it (it is kept in a replaced-<time> folder)"
                ),
                other => other.into(),
            })?;
            println!(
                "Restored into {}; it opens with the passphrase in use when the backup was made.",
                dir.display()
            );
            if let Some(aside) = aside {
                println!("The vault that was there is kept in {}", aside.display());
            }
            Ok(())
        }
        command => {
            let passphrase = read_passphrase(passphrase_file, "Passphrase: ")?;
            // The generator writes only made-up cases; see `OpenOptions::wipe_memory`.
            let options = OpenOptions {
                wipe_memory: !matches!(command, Command::Generate { .. }),
                ..OpenOptions::default()
            };
            let mut vault = Vault::open_with(&dir, &passphrase, options)?;
            run_on_vault(&mut vault, &passphrase, command)
        }
    }
}

fn run_on_vault(vault: &mut Vault, passphrase: &SecretString, command: Command) -> Result<()> {
    match command {
        Command::Init { .. } | Command::Restore { .. } => {
            bail!("this command does not open a vault")
        }
        Command::SetCommissionKey { file, replace } => {
            let key = vault::read_commission_key(&file)?;
            vault.set_commission_key(&key, replace)?;
            println!("Commission key stored.");
            Ok(())
        }
        Command::CommissionKey { out } => {
            let fingerprint = exchange::write_commission_key(vault, &out)?;
            println!("Commission public key written to {}", out.display());
            println!("Fingerprint: {fingerprint}");
            Ok(())
        }
        Command::IdentityBackup {
            out,
            backup_passphrase_file,
        } => {
            let backup_passphrase = match backup_passphrase_file {
                Some(file) => read_passphrase_file(&file)?,
                None => prompt_new_passphrase()?,
            };
            exchange::write_identity_backup(vault, &out, &backup_passphrase)?;
            println!(
                "Identity backup written to {}; keep it and its passphrase apart, in a safe.",
                out.display()
            );
            Ok(())
        }
        Command::IdentityRestore {
            file,
            backup_passphrase_file,
            replace,
        } => {
            if !replace {
                bail!(
                    "restoring replaces this vault's commission key; files encrypted to the current key can no longer be opened. Add --replace to go ahead"
                );
            }
            let backup_passphrase =
                read_passphrase(backup_passphrase_file.as_deref(), "Backup passphrase: ")?;
            let (before, after) = exchange::restore_identity(vault, &file, &backup_passphrase)?;
            println!("Commission key replaced: {before} → {after}");
            Ok(())
        }
        Command::Export { out, all } => {
            let summary = exchange::export(vault, &out, all, false, &mut |_| {})?;
            let counts = summary.counts;
            println!(
                "Export {} ({}) written to {}: {} cases ({} without identifying data), {} erasures",
                summary.sequence,
                summary.kind.as_str(),
                out.display(),
                counts.cases,
                counts.redacted,
                counts.tombstones
            );
            println!(
                "Encrypted for commission key {}",
                summary.commission_fingerprint
            );
            println!(
                "Signed with mission key      {}",
                summary.mission_fingerprint
            );
            Ok(())
        }
        Command::Import {
            files,
            approve_new_mission,
            max_size,
        } => {
            if let Some(mib) = max_size {
                exchange::set_max_import_mib(vault, mib)?;
                println!("This vault now imports files of up to {mib} MiB.");
            }
            import(vault, &files, approve_new_mission)
        }
        Command::Verify { file } => {
            let found = exchange::verify(vault, &file, &mut |_| {})?;
            let manifest = &found.manifest;
            // Anyone who knows the commission's public key can sign a file
            // in a mission's name: only an approved key makes it genuine.
            let approved = found.status == exchange::MissionStatus::Approved;
            println!(
                "{}: {} export {} ({}) of mission {} ({}), made {}",
                file.display(),
                if approved { "a genuine" } else { "an" },
                manifest.sequence,
                manifest.kind.as_str(),
                manifest.mission_code,
                manifest.mission_name,
                manifest.created_at.format("%Y-%m-%d %H:%M UTC")
            );
            println!(
                "  {} cases ({} without identifying data), {} erasures",
                manifest.counts.cases, manifest.counts.redacted, manifest.counts.tombstones
            );
            println!("  mission key fingerprint: {}", found.mission.fingerprint);
            match (&found.duplicate_of, found.would) {
                (Some(earlier), _) => println!("  already imported on {}", earlier.imported_at),
                (None, Some(would)) => println!(
                    "  importing would add {}, update {}, leave {} unchanged, erase {}, set aside {} conflicts",
                    would.new, would.updated, would.unchanged, would.erased, would.conflicts
                ),
                // Its records are read once the key is approved.
                (None, None) => println!("  records not checked until the key is approved"),
            }
            if !approved {
                let mission = &found.mission;
                bail!(
                    "signed by an unapproved key: mission {} ({}), key fingerprint {}; compare the fingerprint with the mission by phone, then import with --approve-new-mission \"{}:{}\"",
                    mission.code,
                    mission.name,
                    mission.fingerprint,
                    mission.code,
                    mission.fingerprint
                );
            }
            Ok(())
        }
        Command::Missions => {
            for mission in vault.missions()? {
                println!(
                    "{:<12} {:<32} {}  approved {} by {}",
                    mission.code,
                    mission.name,
                    exchange::key_fingerprint(&mission.public_key),
                    mission.approved_at,
                    mission.approved_by
                );
            }
            Ok(())
        }
        Command::Conflicts {
            resolve,
            keep_stored,
            take_set_aside: _,
        } => {
            if let Some(seq) = resolve {
                let resolution = if keep_stored {
                    vault::Resolution::KeepStored
                } else {
                    vault::Resolution::TakeSetAside
                };
                vault.resolve_conflict(seq, resolution)?;
                println!("Conflict {seq} resolved.");
                return Ok(());
            }
            let conflicts = vault.conflicts()?;
            for conflict in &conflicts {
                println!(
                    "{:>4}  {}  revision {}  received {}",
                    conflict.seq,
                    conflict.stored.meta.reference,
                    conflict.stored.meta.revision,
                    conflict.received_at
                );
            }
            println!("{} unresolved conflicts", conflicts.len());
            Ok(())
        }
        Command::Stats {
            by,
            csv,
            min_count,
            from_year,
            to_year,
            mission,
            status,
            exclude_without_consent,
        } => {
            let dimensions = by
                .iter()
                .map(|name| {
                    stats::Dimension::from_name(name).ok_or_else(|| {
                        let names: Vec<&str> =
                            stats::Dimension::ALL.iter().map(|d| d.name()).collect();
                        anyhow!("unknown field \"{name}\"; use one of {}", names.join(", "))
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            if dimensions.len() > 2 {
                bail!("give --by once or twice (a table or a cross-table)");
            }
            let status = parse_status(status.as_deref())?;
            let settings = vault.statistics_settings()?;
            let filter = stats::Filter {
                from_year,
                to_year,
                mission: mission.map(|m| m.trim().to_uppercase()),
                status: status.map(|s| s.to_string()),
                include_without_consent: settings.include_without_consent
                    && !exclude_without_consent,
            };
            let min_count = match min_count {
                Some(k) => stats::file_threshold(k).map_err(|_| {
                    anyhow!(
                        "--min-count {k} is too low: what leaves the screen hides counts below at least {}",
                        stats::FILE_MIN_COUNT
                    )
                })?,
                None => settings.min_count.max(stats::FILE_MIN_COUNT),
            };
            let rows_by = dimensions
                .first()
                .copied()
                .unwrap_or(stats::Dimension::Year);
            let table = vault.statistics(rows_by, dimensions.get(1).copied(), &filter)?;
            if csv {
                print!("{}", table.to_csv(min_count, Utc::now().date_naive())?);
            } else {
                print_table(&table, min_count);
            }
            Ok(())
        }
        Command::Add { json } => {
            let text = std::fs::read_to_string(&json)
                .with_context(|| format!("cannot read {}", json.display()))?;
            let case = Case::from_json(&text)?;
            let record = vault.create_case(case)?;
            println!("{} {}", record.meta.id, record.meta.reference);
            Ok(())
        }
        Command::Show { case, json } => {
            let record = vault.view_case(&case)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&record_json(&record))?);
            } else {
                print_record(&record);
            }
            Ok(())
        }
        Command::List {
            json,
            status,
            due,
            trafficking_status,
            form,
            from,
            to,
            sort,
            ascending,
            limit,
            offset,
        } => {
            let status = parse_status(status.as_deref())?;
            let (total, mut rows) = if due {
                let rows = vault.due_cases(Utc::now().date_naive())?;
                (rows.len().to_string(), rows)
            } else {
                let query = ListQuery {
                    status,
                    trafficking_status: parse_vocab(
                        trafficking_status.as_deref(),
                        "trafficking status",
                        TraffickingStatus::from_name,
                        TraffickingStatus::ALL,
                    )?,
                    form: parse_vocab(
                        form.as_deref(),
                        "form of exploitation",
                        ExploitationType::from_name,
                        ExploitationType::ALL,
                    )?,
                    contact_from: from,
                    contact_to: to,
                    sort: match sort {
                        SortArg::Reference => SortKey::Reference,
                        SortArg::FirstContact => SortKey::FirstContact,
                        SortArg::Status => SortKey::Status,
                        SortArg::LastUpdate => SortKey::LastUpdate,
                    },
                    descending: !ascending,
                    offset,
                    limit,
                };
                let page = vault.list_cases(&query)?;
                let total = if page.exact {
                    page.total.to_string()
                } else {
                    format!("more than {}", page.total)
                };
                (total, page.rows)
            };
            if due && let Some(status) = status {
                rows.retain(|row| row.status == status);
            }
            print_summaries(&rows, json, Some(total))
        }
        Command::Search { query, json, limit } => {
            let query = search_query(query)?;
            let rows = vault.search_cases(&query, limit)?;
            print_summaries(&rows, json, None)
        }
        Command::Backup { out, into, keep } => {
            let out = match (out, into) {
                (Some(out), _) => {
                    vault.backup_to(&out)?;
                    out
                }
                (None, Some(folder)) => vault.backup_rotating(&folder, keep)?,
                (None, None) => bail!("give --out FILE or --into DIR"),
            };
            println!("Backup written to {}", out.display());
            Ok(())
        }
        Command::Erase { case, yes } => {
            let record = vault.get_case(&case)?;
            if !yes && std::io::stdin().is_terminal() {
                eprint!(
                    "Erase case {} for good? Its content cannot be recovered; a tombstone without \
                     personal data is kept so the erasure reaches the commission.\nType the reference to confirm: ",
                    record.meta.reference
                );
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer)?;
                if answer.trim().to_uppercase() != record.meta.reference {
                    bail!("not erased (the reference typed did not match)");
                }
            }
            let tombstone = vault.erase_case(&record.meta.id.to_string())?;
            println!("Erased {}", tombstone.reference);
            Ok(())
        }
        Command::Audit { verify } => {
            if verify {
                match vault.verify_audit()? {
                    AuditCheck::Intact { entries } => {
                        println!("The audit log is intact ({entries} entries).");
                        Ok(())
                    }
                    AuditCheck::Broken { reason, .. } => {
                        bail!("the audit log has been tampered with: {reason}")
                    }
                }
            } else {
                for entry in vault.audit_entries()? {
                    println!(
                        "{:>6}  {}  {:<24} {:<16} {}{}",
                        entry.seq,
                        entry.at,
                        entry.action,
                        entry.subject.as_deref().unwrap_or("-"),
                        entry.actor,
                        entry.detail.map(|d| format!("  ({d})")).unwrap_or_default()
                    );
                }
                Ok(())
            }
        }
        Command::ChangePassphrase {
            new_passphrase_file,
        } => {
            let new = match new_passphrase_file {
                Some(file) => read_passphrase_file(&file)?,
                None => prompt_new_passphrase()?,
            };
            eprintln!("Calibrating the key derivation for this machine…");
            vault.change_passphrase(passphrase, &new, KdfParams::calibrate()?)?;
            println!("Passphrase changed.");
            Ok(())
        }
        Command::Generate { count, seed } => {
            let started = std::time::Instant::now();
            let added = vault.generate_synthetic(seed, count, Utc::now().date_naive())?;
            println!(
                "Added {added} synthetic cases in {:.1} s.",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
    }
}

/// A table for the terminal, with small counts suppressed as in the CSV.
fn print_table(table: &stats::Table, min_count: u64) {
    let published = stats::suppress(table, min_count);
    let show = |value: u64, hidden: bool| {
        if hidden {
            stats::HIDDEN_MARK.to_owned()
        } else {
            value.to_string()
        }
    };
    let width = table
        .rows
        .iter()
        .map(|k| stats::key_text(k).chars().count())
        .max()
        .unwrap_or(5)
        .max(table.rows_by.name().len())
        .max(5);
    let mut header = format!("{:<width$}", table.rows_by.name());
    for column in &table.columns {
        header.push_str(&format!(" {:>10}", truncate(&stats::key_text(column), 10)));
    }
    header.push_str(&format!(
        " {:>10}",
        if table.columns.is_empty() {
            "cases"
        } else {
            "total"
        }
    ));
    println!("{header}");
    for (r, key) in table.rows.iter().enumerate() {
        let mut line = format!("{:<width$}", stats::key_text(key));
        for (c, value) in table.cells.get(r).into_iter().flatten().enumerate() {
            line.push_str(&format!(" {:>10}", show(*value, published.cells[r][c])));
        }
        line.push_str(&format!(
            " {:>10}",
            show(table.row_totals[r], published.row_totals[r])
        ));
        println!("{line}");
    }
    let mut line = format!("{:<width$}", "total");
    for (c, value) in table.column_totals.iter().enumerate() {
        line.push_str(&format!(
            " {:>10}",
            show(*value, published.column_totals[c])
        ));
    }
    line.push_str(&format!(" {:>10}", show(table.total, published.total)));
    println!("{line}");
    if table.multi_valued() {
        println!("(a case counts once under each of its values; totals count each case once)");
    }
    if published.hidden() > 0 {
        println!(
            "({} = confidential: counts below {min_count} and those that would reveal them)",
            stats::HIDDEN_MARK
        );
    }
    if published.conservative {
        println!("({})", stats::CONSERVATIVE_NOTE);
    }
    println!("({})", table.describe_left_out(min_count));
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max - 1).chain(['…']).collect()
    }
}

/// Imports each file in turn; one failing file does not stop the others.
fn import(
    vault: &mut Vault,
    files: &[PathBuf],
    approve_new_mission: Vec<exchange::MissionApproval>,
) -> Result<()> {
    let approval = if approve_new_mission.is_empty() {
        exchange::Approval::Nobody
    } else {
        exchange::Approval::Missions(approve_new_mission)
    };
    let mut failed = 0;
    for file in files {
        let report = match exchange::import(vault, file, &approval, &mut |_| {}) {
            Ok(report) => report,
            Err(e) if files.len() == 1 => return Err(e.into()),
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                failed += 1;
                continue;
            }
        };
        if let Some(mission) = &report.new_mission {
            println!(
                "Approved new mission {} ({}), key fingerprint {}",
                mission.code, mission.name, mission.fingerprint
            );
        }
        let title = format!(
            "{}: {} export {} ({})",
            file.display(),
            report.mission_code,
            report.sequence,
            report.kind.as_str()
        );
        match &report.duplicate_of {
            Some(earlier) => println!(
                "{title}: already imported on {}; nothing changed",
                earlier.imported_at
            ),
            None => {
                let c = report.counts;
                println!(
                    "{title}: {} new, {} updated, {} unchanged, {} erased, {} conflicts",
                    c.new, c.updated, c.unchanged, c.erased, c.conflicts
                );
            }
        }
        for (from, to) in &report.gaps {
            if from == to {
                println!("  {}: export {from} not yet received", report.mission_code);
            } else {
                println!(
                    "  {}: exports {from}–{to} not yet received",
                    report.mission_code
                );
            }
        }
    }
    if failed > 0 {
        bail!("{failed} of {} files were not imported", files.len());
    }
    Ok(())
}

fn init(
    dir: &Path,
    passphrase_file: Option<&Path>,
    role: RoleArg,
    mission_code: Option<String>,
    mission_name: Option<String>,
    officer: String,
    commission_key: Option<PathBuf>,
) -> Result<()> {
    let role = match role {
        RoleArg::Mission => Role::Mission,
        RoleArg::Commission => Role::Commission,
    };
    let new = match role {
        Role::Mission => NewVault {
            role,
            mission_code: mission_code
                .ok_or_else(|| anyhow!("a mission vault needs --mission-code, e.g. LT-LON"))?,
            mission_name: mission_name
                .ok_or_else(|| anyhow!("a mission vault needs --mission-name"))?,
            officer,
        },
        Role::Commission => NewVault {
            role,
            mission_code: mission_code.unwrap_or_else(|| "HQ".into()),
            mission_name: mission_name.unwrap_or_else(|| "National commission".into()),
            officer,
        },
    };
    if role == Role::Commission && commission_key.is_some() {
        bail!("--commission-key is for mission vaults");
    }
    vault::validate_new_vault(&new)?;
    let commission_key = commission_key
        .map(|file| vault::read_commission_key(&file))
        .transpose()?;
    if vault::exists(dir) {
        bail!("a vault already exists in {}", dir.display());
    }
    let passphrase = match passphrase_file {
        Some(file) => read_passphrase_file(file)?,
        None => prompt_new_passphrase()?,
    };
    eprintln!("Calibrating the key derivation for this machine…");
    let kdf = KdfParams::calibrate()?;
    let mut vault = Vault::create(dir, &new, &passphrase, kdf)?;
    if let Some(key) = commission_key {
        vault.set_commission_key(&key, false)?;
    }
    println!(
        "Created a {} vault for {} in {}",
        role.as_str(),
        vault.info().mission_code,
        dir.display()
    );
    match role {
        Role::Mission => println!(
            "Mission signing key fingerprint: {}",
            exchange::key_fingerprint(&exchange::mission_public_key(&vault)?)
        ),
        Role::Commission => println!(
            "Commission key fingerprint: {} (write it for the missions with commission-key --out FILE)",
            exchange::commission_key_fingerprint(&exchange::commission_public_key(&vault)?)
        ),
    }
    Ok(())
}

fn read_passphrase(file: Option<&Path>, prompt: &str) -> Result<SecretString> {
    match file {
        Some(file) => read_passphrase_file(file),
        None => prompt_passphrase(prompt),
    }
}

/// The first line of `file`, without its line ending.
fn read_passphrase_file(file: &Path) -> Result<SecretString> {
    let bytes = Zeroizing::new(
        std::fs::read(file)
            .with_context(|| format!("cannot read the passphrase file {}", file.display()))?,
    );
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| anyhow!("the passphrase file {} is not UTF-8 text", file.display()))?;
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        bail!("the passphrase file {} is empty", file.display());
    }
    Ok(SecretString::from(line.to_owned()))
}

/// The search query: the argument, or (without one, or with `-`) a line
/// asked for on the terminal or read from standard input, so that a name
/// need not be written on the command line. Wiped after the search.
fn search_query(argument: Option<String>) -> Result<Zeroizing<String>> {
    if let Some(query) = argument
        && query != "-"
    {
        return Ok(Zeroizing::new(query));
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Search for: ");
        std::io::stderr().flush().ok();
    }
    // Room for any name, so that reading does not move (and leave behind) it.
    let mut line = Zeroizing::new(String::with_capacity(1024));
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the search query from standard input")?;
    let query = line.trim();
    if query.is_empty() {
        bail!(
            "no search query: type it when asked, or give it on the first line of standard input with `search -`"
        );
    }
    Ok(Zeroizing::new(query.to_owned()))
}

fn prompt_passphrase(prompt: &str) -> Result<SecretString> {
    if !std::io::stdin().is_terminal() {
        bail!("no passphrase: give --passphrase-file FILE or run in a terminal");
    }
    let typed =
        Zeroizing::new(rpassword::prompt_password(prompt).context("cannot read the passphrase")?);
    Ok(SecretString::from(typed.as_str().to_owned()))
}

fn prompt_new_passphrase() -> Result<SecretString> {
    let first = prompt_passphrase("New passphrase: ")?;
    let second = prompt_passphrase("Type it again: ")?;
    if secrecy::ExposeSecret::expose_secret(&first) != secrecy::ExposeSecret::expose_secret(&second)
    {
        bail!("the two passphrases differ");
    }
    Ok(first)
}

fn parse_status(value: Option<&str>) -> Result<Option<CaseStatus>> {
    parse_vocab(value, "status", CaseStatus::from_name, CaseStatus::ALL)
}

fn parse_vocab<T: Copy + std::fmt::Display>(
    value: Option<&str>,
    what: &str,
    from_name: fn(&str) -> Option<T>,
    all: &[T],
) -> Result<Option<T>> {
    let Some(value) = value else { return Ok(None) };
    let found = all
        .iter()
        .copied()
        .find(|v| v.to_string().eq_ignore_ascii_case(value))
        .or_else(|| from_name(value));
    match found {
        Some(v) => Ok(Some(v)),
        None => {
            let names: Vec<String> = all.iter().map(ToString::to_string).collect();
            bail!(
                "unknown {what} \"{value}\"; use one of {}",
                names.join(", ")
            )
        }
    }
}

/// The record as JSON: the case's own fields as `add` takes them, and the
/// vault's metadata under `record`.
pub fn record_json(record: &CaseRecord) -> serde_json::Value {
    let mut value = record.case.to_json_value();
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            "record".into(),
            serde_json::to_value(&record.meta).unwrap_or_default(),
        );
    }
    value
}

fn print_summaries(rows: &[vault::CaseSummary], json: bool, total: Option<String>) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(rows)?);
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<20} {:<13} {:<15} {:<28} {:<10}",
        "REFERENCE", "FIRST CONTACT", "STATUS", "TRAFFICKING STATUS", "NEXT DUE"
    )?;
    for row in rows {
        writeln!(
            out,
            "{:<20} {:<13} {:<15} {:<28} {:<10}",
            row.reference,
            row.first_contact_date,
            row.status,
            row.trafficking_status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "-".into()),
            row.next_due
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
        )?;
    }
    match total {
        Some(total) => writeln!(out, "{} of {total} cases", rows.len())?,
        None => writeln!(out, "{} cases found", rows.len())?,
    }
    Ok(())
}

fn print_record(record: &CaseRecord) {
    let meta = &record.meta;
    let case = &record.case;
    println!(
        "{}  (id {}, revision {})",
        meta.reference, meta.id, meta.revision
    );
    println!("  Status:            {}", case.status);
    println!(
        "  Name:              {}",
        case.display_name().unwrap_or_else(|| "-".into())
    );
    // A redacted record's dates stand for their month (docs/export-format.md).
    let day = |date: chrono::NaiveDate| {
        if case.redacted {
            date.format("%Y-%m").to_string()
        } else {
            date.to_string()
        }
    };
    println!(
        "  First contact:     {} ({})",
        day(case.first_contact.date),
        case.first_contact.channel
    );
    if case.redacted {
        println!(
            "  Shared without consent to identifiable data: no names, contacts or free text; dates are months"
        );
    }
    if let Some(age) = case.person.age_at_first_contact {
        println!("  Age at first contact: {age}");
    }
    if let Some(status) = case.assessment.trafficking_status {
        println!("  Trafficking status: {status}");
    }
    if !case.exploitation.types.is_empty() {
        let forms: Vec<String> = case
            .exploitation
            .types
            .iter()
            .map(ToString::to_string)
            .collect();
        println!("  Exploitation:      {}", forms.join(", "));
    }
    println!("  Indicators:        {}", case.assessment.indicators.len());
    println!("  Referrals:         {}", case.referrals.len());
    println!("  Follow-ups:        {}", case.follow_ups.len());
    if let Some(due) = case.next_due() {
        println!("  Next action due:   {}", day(due));
    }
    println!(
        "  Created:           {} by {}",
        meta.created_at.format("%Y-%m-%d %H:%M"),
        meta.created_by
    );
    println!(
        "  Updated:           {} by {}",
        meta.updated_at.format("%Y-%m-%d %H:%M"),
        meta.updated_by
    );
    println!("Use --json for every field.");
}
