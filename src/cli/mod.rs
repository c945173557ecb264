//! The headless command line: the same library operations as the GUI, for
//! scripts at the central office and for tests. Every command prints one
//! clear `error: ...` line and exits non-zero when it fails. A passphrase is
//! read from `--passphrase-file` (first line) or asked on the terminal, never
//! taken from the command line or printed.
//!
//! This file holds the arguments and sends each command to its function:
//! `keys` (the exchange keys), `exports` (export, import, verify, missions,
//! conflicts), `missions` (the commission's missions and their keys),
//! `reply` (the commission's reply, and a mission's exports), `records`
//! (cases), `tables` (statistics), `upkeep` (creating, backing up,
//! restoring and auditing the vault), `officers` (who can unlock it),
//! `handover` (cases given to another officer), `stubs` (stubs and the
//! erasures due), `destroy` (an evacuation),
//! `documents` (PDFs), and `passphrase`.

mod destroy;
mod documents;
mod exports;
mod handover;
mod keys;
mod manuals;
mod missions;
mod officers;
mod passphrase;
mod records;
mod reply;
mod report;
mod stubs;
mod tables;
mod upkeep;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use secrecy::SecretString;

use crate::exchange;
use crate::vault::{self, OpenOptions, Vault};

pub use handover::ReassignArgs;
pub use records::record_json;

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

/// The version and the commit it was built from (build.rs), as
/// `casebook --version` prints them.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("CASEBOOK_COMMIT"),
    ")"
);

#[derive(Debug, Parser)]
#[command(name = "casebook", version = VERSION, about = "Encrypted case records for consular staff assisting possible victims of trafficking", after_help = AFTER_HELP)]
pub struct Cli {
    /// The vault folder (default: the platform data folder).
    #[arg(long, global = true, env = "CASEBOOK_VAULT", value_name = "DIR")]
    pub vault: Option<PathBuf>,
    /// Read the passphrase from the first line of FILE instead of asking.
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// The officer who signs in, with their own passphrase (default: the
    /// vault's only officer; required when it has several). For `init`:
    /// the vault's first officer, recorded on every change they make.
    #[arg(long = "officer", global = true, value_name = "NAME")]
    pub officer_name: Option<String>,
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
        /// Mission: the commission's public key file (can be added later).
        #[arg(long, value_name = "FILE")]
        commission_key: Option<PathBuf>,
    },
    /// Mission: store the commission's public key file (--replace to change
    /// it, e.g. to take the commission's version 2 key file once).
    SetCommissionKey {
        #[arg(required_unless_present = "accept_rotation")]
        file: Option<PathBuf>,
        /// Replace a different key stored (with --fingerprint).
        #[arg(long, requires = "fingerprint")]
        replace: bool,
        /// With --replace: the new key's fingerprint, as compared with the
        /// commission by phone.
        #[arg(long, value_name = "FINGERPRINT", requires = "replace")]
        fingerprint: Option<String>,
        /// Take the commission's new key that a reply announced, after
        /// comparing this fingerprint with the commission by phone.
        #[arg(long, value_name = "FINGERPRINT", conflicts_with_all = ["file", "replace"])]
        accept_rotation: Option<String>,
    },
    /// Commission: replace its key pair by a new one and write the new
    /// public key file to FILE. The old keys are kept: files encrypted to
    /// them still import, and the old signing key endorses the new keys in
    /// every later reply; a mission switches once an officer there has
    /// compared the new fingerprint by phone and accepted it.
    RotateCommissionKey {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Write the identity backup of the new keys (and every earlier
        /// one) here, in the same step: no backup, no rotation.
        #[arg(long, value_name = "FILE")]
        backup_out: PathBuf,
        /// Read the backup's passphrase from the first line of FILE.
        #[arg(long, value_name = "FILE")]
        backup_passphrase_file: Option<PathBuf>,
        /// Confirm the rotation.
        #[arg(long)]
        yes: bool,
    },
    /// Commission: write its public key (for the missions) to FILE.
    CommissionKey {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Write the vault's secret key to FILE, protected by a separate
    /// passphrase (a standard age file: `age -d FILE` opens it too).
    /// Commission: its keys; mission: the key its replies are encrypted to.
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
    /// Commission: one row per mission (key, exports received and missing,
    /// cases, days since the last file); replace or revoke a mission's key.
    Missions(missions::MissionsArgs),
    /// Mission: replace its signing key with a new one; the next exports
    /// carry a statement signed by the old key, which the commission accepts.
    /// A backup of the vault, which holds the new key, is written to
    /// --backup-out in the same step (no backup, no rotation).
    RotateKey {
        #[arg(long, value_name = "FILE")]
        backup_out: PathBuf,
    },
    /// Commission: write a reply to a mission (receipts of its exports,
    /// the highest numbers held from it, the referral directory, guidance),
    /// encrypted to the mission and signed by the commission.
    Reply {
        #[arg(long, value_name = "CODE")]
        mission: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// The referral directory: at the commission the one its replies carry
    /// (--set FILE replaces it by the next version), at a mission the
    /// newest one received.
    Directory {
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Guidance notes: at the commission those its replies carry (--add
    /// one, in Lithuanian and/or English), at a mission those received
    /// (new ones marked, then marked read).
    Guidance {
        #[arg(long)]
        add: bool,
        /// The note's date (default today).
        #[arg(long, value_name = "DATE", requires = "add")]
        date: Option<NaiveDate>,
        #[arg(long, value_name = "TEXT", requires = "add")]
        lt: Option<String>,
        #[arg(long, value_name = "TEXT", requires = "add")]
        en: Option<String>,
        /// Commission: withdraw note ID; later replies tell missions to
        /// hide it.
        #[arg(long, value_name = "ID", conflicts_with = "add")]
        withdraw: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Mission: check and record a reply from the commission.
    Receive { file: PathBuf },
    /// Mission: its exports, each with the date the commission confirmed
    /// it (--json: an array of exports).
    Exports {
        /// List instead the versions of the mission's cases the
        /// commission's replies said were set aside (--json: an array of
        /// versions).
        #[arg(long)]
        set_aside: bool,
        /// List instead the mission's cases the commission's replies said
        /// it erased (--json: an array of {reference, erased_at}).
        #[arg(long, conflicts_with = "set_aside")]
        erased: bool,
        #[arg(long)]
        json: bool,
    },
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
    Stats(StatsArgs),
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
    List(ListArgs),
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
    /// Mission: keep only a stub of closed cases older than N months once
    /// the commission has confirmed them (off by default); list or reduce them.
    Stubs(stubs::StubsArgs),
    /// The cases past their erase-after date; with --apply, erase them
    /// (tombstones travel to the commission as for any erasure).
    EraseDue {
        #[arg(long)]
        apply: bool,
        /// Do not ask for confirmation on a terminal.
        #[arg(long, requires = "apply")]
        yes: bool,
        #[arg(long)]
        json: bool,
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
    /// The officers who can unlock the vault, each with their own passphrase.
    #[command(subcommand)]
    Officer(OfficerCommand),
    /// Print a document as an archival PDF (PDF/A-2b), marked confidential.
    #[command(subcommand)]
    Document(DocumentCommand),
    /// The commission's annual report for a year, as an archival PDF
    /// (PDF/A-2b) and/or CSV files, with the same small-count protection
    /// as `stats`.
    Report(report::ReportArgs),
    /// Destroy the vault (an evacuation): its keys first, so that no
    /// passphrase opens it within about a second, then its files and this
    /// mission's automatic backups, overwritten and deleted. Asks for the
    /// mission code on the terminal. Run again to finish a destruction that
    /// could not reach everything (no passphrase needed then).
    Destroy {
        /// Do not ask for the mission code (scripts; an evacuation).
        #[arg(long)]
        yes: bool,
        /// Finishing: the automatic backup folder (the vault keeps only a
        /// hash of its path once its keys are destroyed).
        #[arg(long, value_name = "DIR")]
        backups: Option<std::path::PathBuf>,
    },
    /// Hand cases over to another officer of the vault, with an optional
    /// note kept in each case's history (the audit log records the move,
    /// never the note): the cases named, or with --from every open case of
    /// an officer. The officer who takes them sees them first at their
    /// next unlock.
    Reassign(ReassignArgs),
    /// Packaging: write the manual pages and the bash, zsh and fish
    /// completions, generated from these definitions, into DIR.
    #[command(hide = true)]
    Manuals {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Add synthetic cases (training, demonstrations, benchmarks).
    Generate {
        #[arg(long)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum OfficerCommand {
    /// List the officers (the one signed in is marked).
    List,
    /// Add an officer with their own passphrase (typed twice, or from FILE).
    Add {
        #[arg(long)]
        name: String,
        /// Read the new officer's passphrase from the first line of FILE.
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: Option<PathBuf>,
    },
    /// Remove an officer: the vault is re-keyed, so that their passphrase
    /// opens it no more. The last officer cannot be removed, nor the one
    /// signed in.
    Remove {
        name: String,
        /// Do not ask for confirmation on a terminal.
        #[arg(long)]
        yes: bool,
    },
    /// Hide the list of officers at unlock (`on`: each officer types their
    /// name, and a wrong name reads as a wrong passphrase) or show it
    /// (`off`). Kept in the vault's header, readable before unlock.
    HideList {
        #[arg(value_parser = ["on", "off"])]
        setting: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum DocumentCommand {
    /// Every section of a case, for the mission's paper file.
    Summary {
        /// The case's id or reference.
        case: String,
        /// The PDF file to write (private to you; never a temporary folder).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// lt or en (default: the language chosen in the window's settings).
        #[arg(long = "lang", value_name = "LANG", value_parser = documents::parse_language)]
        language: Option<crate::i18n::Language>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// A letter to the organisation of one of the case's referrals: the
    /// service asked for and the person's needs; their name and contact
    /// details only if that referral says they agreed (share_identity).
    Referral {
        /// The case's id or reference.
        case: String,
        /// Which referral, counting from 1 as the editor lists them.
        #[arg(long, value_name = "N")]
        referral: usize,
        /// The PDF file to write (private to you; never a temporary folder).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// lt or en (default: the language chosen in the window's settings).
        #[arg(long = "lang", value_name = "LANG", value_parser = documents::parse_language)]
        language: Option<crate::i18n::Language>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
}

// `stats`'s arguments (the command's help is the variant's).
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// year, trafficking-status, form, citizenship, gender, age-group
    /// (CTDC's groups), age-group-gbvims (GBVIMS's: 0-11, 12-17, 18-25,
    /// 26-40, 41-60, 61+), minor (child or adult), country-of-exploitation,
    /// labour-industry, means-of-control, referral-service, mission,
    /// status, citizenship-group (lithuania, other-eu, outside-eu),
    /// recruitment, urgent-need, referral-organisation, referral-outcome,
    /// return-assisted or reflection-period (once or twice).
    #[arg(long = "by", value_name = "FIELD")]
    pub by: Vec<String>,
    /// CSV with a header row, for spreadsheets and reports.
    #[arg(long)]
    pub csv: bool,
    /// Smallest count shown, 3 or more (default: the vault's setting, 5).
    #[arg(long, value_name = "K")]
    pub min_count: Option<u64>,
    #[arg(long, value_name = "YEAR")]
    pub from_year: Option<i32>,
    #[arg(long, value_name = "YEAR")]
    pub to_year: Option<i32>,
    #[arg(long, value_name = "CODE")]
    pub mission: Option<String>,
    /// Active, FollowUp, Closed or ClosedReferred.
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Only cases of this trafficking status: PossibleVictimOfTrafficking,
    /// ActualVictimOfTrafficking or NotAVictimOfTrafficking, or of any of
    /// several separated by commas (a table of victims leaves out "not a
    /// victim" cases with ActualVictimOfTrafficking,PossibleVictimOfTrafficking).
    #[arg(long, value_name = "S")]
    pub trafficking_status: Option<String>,
    /// Only cases with this form of exploitation among theirs, e.g.
    /// ForcedLabour.
    #[arg(long, value_name = "FORM")]
    pub form: Option<String>,
    /// Leave out cases whose person refused anonymous statistics even
    /// where the vault's setting counts them (by default they are left
    /// out).
    #[arg(long)]
    pub exclude_without_consent: bool,
}

// `list`'s arguments (the command's help is the variant's).
#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long)]
    pub json: bool,
    /// Active, FollowUp, Closed or ClosedReferred.
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Only open cases whose next action is due today or earlier.
    #[arg(long)]
    pub due: bool,
    /// PossibleVictimOfTrafficking, ActualVictimOfTrafficking or NotAVictimOfTrafficking.
    #[arg(long, value_name = "S")]
    pub trafficking_status: Option<String>,
    /// A form of exploitation, e.g. ForcedLabour.
    #[arg(long, value_name = "FORM")]
    pub form: Option<String>,
    /// First contact on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// First contact on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Only the cases this officer owns.
    #[arg(long, value_name = "NAME", conflicts_with = "mine")]
    pub owner: Option<String>,
    /// Only the cases of the officer signed in.
    #[arg(long)]
    pub mine: bool,
    #[arg(long, value_enum, default_value = "first-contact")]
    pub sort: SortArg,
    /// Oldest (or A–Z) first.
    #[arg(long)]
    pub ascending: bool,
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
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
    if let Some(Command::Manuals { out }) = &cli.command {
        return manuals::write(out);
    }
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
            commission_key,
        } => upkeep::init(
            &dir,
            passphrase_file,
            role,
            mission_code,
            mission_name,
            cli.officer_name
                .ok_or_else(|| anyhow!("init needs --officer NAME (the vault's first officer)"))?,
            commission_key,
        ),
        Command::Restore {
            file,
            replace,
            replace_newer,
        } => upkeep::restore(&dir, &file, replace, replace_newer),
        Command::Destroy { yes, backups } => destroy::destroy(
            &dir,
            passphrase_file,
            cli.officer_name,
            yes,
            backups.as_deref(),
        ),
        command => {
            let passphrase = passphrase::read(passphrase_file, "Passphrase: ")?;
            // The generator writes only made-up cases; see `OpenOptions::wipe_memory`.
            let options = OpenOptions {
                officer: cli.officer_name,
                wipe_memory: !matches!(command, Command::Generate { .. }),
                ..OpenOptions::default()
            };
            let mut vault = open_vault(&dir, &passphrase, options)?;
            run_on_vault(&mut vault, &passphrase, command)
        }
    }
}

/// Opens the vault for a command, saying how to name the officer.
fn open_vault(
    dir: &std::path::Path,
    passphrase: &SecretString,
    options: OpenOptions,
) -> Result<Vault> {
    Vault::open_with(dir, passphrase, options).map_err(|e| match e {
        vault::Error::OfficerNeeded { officers } if officers.is_empty() => {
            anyhow!("this vault has several officers: give --officer NAME")
        }
        vault::Error::OfficerNeeded { officers } => anyhow!(
            "this vault has several officers ({}): give --officer NAME",
            officers.join(", ")
        ),
        vault::Error::UnknownOfficer { .. } => anyhow!("{e}: give --officer NAME"),
        other => other.into(),
    })
}

/// Sends a command that works on the open vault to its function.
fn run_on_vault(vault: &mut Vault, passphrase: &SecretString, command: Command) -> Result<()> {
    match command {
        Command::Init { .. }
        | Command::Restore { .. }
        | Command::Destroy { .. }
        | Command::Manuals { .. } => {
            bail!("this command does not open a vault")
        }
        Command::SetCommissionKey {
            file,
            replace: _,
            fingerprint,
            accept_rotation,
        } => match (accept_rotation, file) {
            (Some(fingerprint), _) => keys::accept_rotation(vault, &fingerprint),
            (None, Some(file)) => keys::set_commission_key(vault, &file, fingerprint),
            (None, None) => anyhow::bail!("set-commission-key needs a key file"),
        },
        Command::CommissionKey { out } => keys::commission_key(vault, &out),
        Command::RotateCommissionKey {
            out,
            backup_out,
            backup_passphrase_file,
            yes,
        } => keys::rotate_commission_key(
            vault,
            &out,
            &backup_out,
            backup_passphrase_file.as_deref(),
            yes,
        ),
        Command::IdentityBackup {
            out,
            backup_passphrase_file,
        } => keys::identity_backup(vault, &out, backup_passphrase_file.as_deref()),
        Command::IdentityRestore {
            file,
            backup_passphrase_file,
            replace,
        } => keys::identity_restore(vault, &file, backup_passphrase_file.as_deref(), replace),
        Command::Export { out, all } => exports::export(vault, &out, all),
        Command::Import {
            files,
            approve_new_mission,
            max_size,
        } => exports::import(vault, &files, approve_new_mission, max_size),
        Command::Verify { file } => exports::verify(vault, &file),
        Command::Missions(args) => missions::missions(vault, args),
        Command::RotateKey { backup_out } => missions::rotate_key(vault, &backup_out),
        Command::Reply { mission, out } => reply::write(vault, &mission, &out),
        Command::Receive { file } => {
            reply::receive(vault, &file).and_then(|()| stubs::after_receive(vault))
        }
        Command::Stubs(args) => stubs::stubs(vault, args),
        Command::EraseDue { apply, yes, json } => stubs::erase_due(vault, apply, yes, json),
        Command::Exports {
            set_aside,
            erased,
            json,
        } => match (set_aside, erased) {
            (true, _) => reply::set_aside(vault, json),
            (_, true) => reply::erased(vault, json),
            _ => reply::exports(vault, json),
        },
        Command::Directory { set, json } => reply::directory(vault, set.as_deref(), json),
        Command::Guidance {
            add,
            date,
            lt,
            en,
            withdraw,
            json,
        } => match withdraw {
            Some(id) => reply::withdraw_guidance(vault, &id),
            None => reply::guidance(vault, add.then_some((date, lt, en)), json),
        },
        Command::Conflicts {
            resolve,
            keep_stored,
            take_set_aside: _,
        } => exports::conflicts(vault, resolve, keep_stored),
        Command::Stats(args) => tables::stats(vault, args),
        Command::Report(args) => report::report(vault, args),
        Command::Add { json } => records::add(vault, &json),
        Command::Show { case, json } => records::show(vault, &case, json),
        Command::List(args) => records::list(vault, args),
        Command::Search { query, json, limit } => records::search(vault, query, json, limit),
        Command::Backup { out, into, keep } => upkeep::backup(vault, out, into, keep),
        Command::Erase { case, yes } => records::erase(vault, &case, yes),
        Command::Audit { verify } => upkeep::audit(vault, verify),
        Command::ChangePassphrase {
            new_passphrase_file,
        } => upkeep::change_passphrase(vault, passphrase, new_passphrase_file.as_deref()),
        Command::Generate { count, seed } => upkeep::generate(vault, count, seed),
        Command::Reassign(args) => handover::reassign(vault, args),
        Command::Document(DocumentCommand::Summary {
            case,
            out,
            language,
            force,
        }) => documents::summary(vault, &case, &out, language, force),
        Command::Document(DocumentCommand::Referral {
            case,
            referral,
            out,
            language,
            force,
        }) => documents::referral(vault, &case, referral, &out, language, force),
        Command::Officer(OfficerCommand::List) => officers::list(vault),
        Command::Officer(OfficerCommand::Add {
            name,
            new_passphrase_file,
        }) => officers::add(vault, &name, new_passphrase_file.as_deref()),
        Command::Officer(OfficerCommand::Remove { name, yes }) => {
            officers::remove(vault, &name, yes)
        }
        Command::Officer(OfficerCommand::HideList { setting }) => {
            officers::hide_list(vault, setting == "on")
        }
    }
}
