//! Exports and imports: writing an export at a mission; at the commission
//! importing and verifying files, and the missions and conflicts they left.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::exchange::{self, FileOutcome, FileReport};
use crate::vault::{self, Vault};

/// `export --out FILE [--all]`
pub(super) fn export(vault: &mut Vault, out: &Path, all: bool) -> Result<()> {
    let summary = exchange::export(vault, out, all, false, &mut |_| {})?;
    let counts = summary.counts;
    println!(
        "Export {} ({}) written to {}: {} cases ({} without identifying data), {} erasures{}",
        summary.sequence,
        summary.kind.as_str(),
        out.display(),
        counts.cases,
        counts.redacted,
        counts.tombstones,
        consent_withdrawals(counts.withdrawals)
    );
    if counts.withdrawals > 0 {
        println!(
            "It tells the commission of {} withdrawn consents (format 4: the commission needs Casebook {} or later; an older one refuses the whole file, its {} cases and {} erasures included, until it upgrades)",
            counts.withdrawals,
            env!("CARGO_PKG_VERSION"),
            counts.cases,
            counts.tombstones
        );
    }
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

/// ", 1 consent withdrawal" (or N), when an export carries any: the
/// instruction is not a case, and would otherwise go unmentioned.
pub(super) fn consent_withdrawals(n: u64) -> String {
    match n {
        0 => String::new(),
        1 => ", 1 consent withdrawal".to_owned(),
        n => format!(", {n} consent withdrawals"),
    }
}

/// `import FILE... [--approve-new-mission CODE:FINGERPRINT]... [--max-size MIB]`:
/// each file in turn, as the window imports them (`exchange::import_files`);
/// one failing file does not stop the others, and a file from a mission
/// not approved on the command line is refused with its fingerprint.
pub(super) fn import(
    vault: &mut Vault,
    files: &[PathBuf],
    approve_new_mission: Vec<exchange::MissionApproval>,
    max_size: Option<u64>,
) -> Result<()> {
    if let Some(mib) = max_size {
        exchange::set_max_import_mib(vault, mib)?;
        println!("This vault now imports files of up to {mib} MiB.");
    }
    let approval = if approve_new_mission.is_empty() {
        exchange::Approval::Nobody
    } else {
        exchange::Approval::Missions(approve_new_mission)
    };
    let never = exchange::Cancel::new();
    let mut failed = 0;
    let mut refused = |file: &Path, error: exchange::Error| -> Result<()> {
        if files.len() == 1 {
            return Err(error.into());
        }
        eprintln!("{}: {error}", file.display());
        failed += 1;
        Ok(())
    };
    // One file at a time, so that each is reported as soon as it is done
    // (a long batch shows its progress, and a batch stopped halfway has
    // said which files are in).
    for file in files {
        let run = exchange::import_files(
            vault,
            std::slice::from_ref(file),
            &approval,
            &never,
            &mut |_| {},
        );
        for row in run.rows {
            match row.outcome {
                FileOutcome::Imported(report) => print_report(&row.file, &report),
                FileOutcome::Refused(error) => refused(&row.file, error)?,
                // Only the window skips a file.
                FileOutcome::Skipped => {}
            }
        }
        // No one at the command line to ask: the question is the refusal.
        if let Some(question) = run.question {
            refused(
                file,
                exchange::Error::UnknownMission(Box::new(question.mission)),
            )?;
        }
    }
    if failed > 0 {
        bail!("{failed} of {} files were not imported", files.len());
    }
    Ok(())
}

fn print_report(file: &Path, report: &FileReport) {
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
                "{title}: {} new, {} updated, {} unchanged, {} erased, {} conflicts{}",
                c.new,
                c.updated,
                c.unchanged,
                c.erased,
                c.conflicts,
                withdrawals_and_erased_here(&c)
            );
        }
    }
    if let Some(notice) = &report.key_notice {
        println!("  {}: {notice}", report.mission_code);
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

/// The counts of an import that concern a withdrawn consent or a case
/// the commission erased itself, when there are any (`vault::withdrawals`).
fn withdrawals_and_erased_here(c: &exchange::MergeCounts) -> String {
    let mut text = String::new();
    if c.erased_here > 0 {
        text.push_str(&format!(
            ", {} updates to cases the commission erased",
            c.erased_here
        ));
    }
    if c.withdrawn > 0 {
        text.push_str(&format!(
            ", {} withdrawn consents applied (held redacted)",
            c.withdrawn
        ));
    }
    if c.withdrawn_kept > 0 {
        text.push_str(&format!(
            ", {} withdrawn consents kept until their case arrives",
            c.withdrawn_kept
        ));
    }
    text
}

/// `verify FILE`
pub(super) fn verify(vault: &mut Vault, file: &Path) -> Result<()> {
    let found = exchange::verify(vault, file, &mut |_| {})?;
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
    if manifest.counts.withdrawals > 0 {
        println!(
            "  {} withdrawn consents (instructions to redact a case held here)",
            manifest.counts.withdrawals
        );
    }
    println!("  mission key fingerprint: {}", found.mission.fingerprint);
    if let Some(notice) = &found.key_notice {
        println!("  importing it: {notice}");
    }
    match (&found.duplicate_of, found.would) {
        (Some(earlier), _) => println!("  already imported on {}", earlier.imported_at),
        (None, Some(would)) => println!(
            "  importing would add {}, update {}, leave {} unchanged, erase {}, set aside {} conflicts{}",
            would.new,
            would.updated,
            would.unchanged,
            would.erased,
            would.conflicts,
            withdrawals_and_erased_here(&would)
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

/// `conflicts [--resolve N --keep-stored | --take-set-aside]`
pub(super) fn conflicts(vault: &mut Vault, resolve: Option<i64>, keep_stored: bool) -> Result<()> {
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
