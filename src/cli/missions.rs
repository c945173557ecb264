//! `missions` (the commission's missions and their keys) and `rotate-key`
//! (a mission's planned key rotation): thin calls of `vault::missions` and
//! `exchange::rotate_signing_key`.

use anyhow::{Result, bail};
use clap::Args;

use crate::exchange;
use crate::vault::{MissionsOverview, Vault};

#[derive(Debug, Args)]
pub struct MissionsArgs {
    /// Print the rows (and each mission's keys) as JSON.
    #[arg(long)]
    pub json: bool,
    /// Approve a new key for a registered mission (a rebuilt vault, a new
    /// laptop) by the fingerprint compared with the mission by phone; its
    /// earlier key's files are refused from then on.
    #[arg(long, value_name = "CODE:FINGERPRINT", conflicts_with = "revoke")]
    pub replace_key: Option<KeyReplacement>,
    /// Revoke a mission's key (a stolen laptop): its files are refused
    /// from then on.
    #[arg(long, value_name = "CODE")]
    pub revoke: Option<String>,
    /// With --revoke: still accept the revoked key's exports up to this
    /// number (made before the theft), if not received yet.
    #[arg(long, value_name = "SEQ", requires = "revoke")]
    pub after: Option<u64>,
    /// Mark missions silent after this many days without a file (stored;
    /// default 90).
    #[arg(long, value_name = "DAYS")]
    pub silent_after: Option<u32>,
}

/// `--replace-key CODE:FINGERPRINT`: the code of a registered mission,
/// whatever its form (a mission registered before codes had one, such as
/// `LT-LON-2`, keeps it), and the fingerprint as printed. The vault checks
/// both.
#[derive(Debug, Clone)]
pub struct KeyReplacement {
    code: String,
    fingerprint: String,
}

impl std::str::FromStr for KeyReplacement {
    type Err = String;

    fn from_str(text: &str) -> Result<KeyReplacement, String> {
        match text.split_once(':') {
            Some((code, fingerprint)) if !code.trim().is_empty() => Ok(KeyReplacement {
                code: code.trim().to_owned(),
                fingerprint: fingerprint.to_owned(),
            }),
            _ => Err(format!(
                "\"{text}\" is not CODE:FINGERPRINT; give the mission's code and its new key's fingerprint as printed, e.g. \"LT-LON:3F2A 91C0 ...\""
            )),
        }
    }
}

/// `missions [--json] [--replace-key CODE:FP | --revoke CODE [--after SEQ]] [--silent-after DAYS]`
pub(super) fn missions(vault: &mut Vault, args: MissionsArgs) -> Result<()> {
    if let Some(days) = args.silent_after {
        vault.set_silent_after_days(days)?;
        // Standard output carries only the JSON with --json.
        let said = format!("Missions are now marked silent after {days} days without a file.");
        if args.json {
            eprintln!("{said}");
        } else {
            println!("{said}");
        }
    }
    if let Some(replacement) = &args.replace_key {
        let code = &replacement.code;
        let replaced = vault.replace_mission_key(code, &replacement.fingerprint)?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "mission": code,
                    "previous": replaced.previous,
                    "approved": replaced.approved,
                }))?
            );
            return Ok(());
        }
        if let Some(previous) = &replaced.previous {
            println!(
                "Mission {code}: key {} replaced; its files are refused from now on.",
                previous.fingerprint
            );
        }
        println!(
            "Mission {code}: key {} approved; the next file it signs imports.",
            replaced.approved.fingerprint
        );
        return Ok(());
    }
    if let Some(code) = &args.revoke {
        let revoked = vault.revoke_mission_key(code, args.after)?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&serde_json::json!({
                    "mission": code,
                    "revoked": revoked,
                }))?
            );
            return Ok(());
        }
        println!(
            "Mission {code}: key {} revoked on {}; its files are refused from now on{}.",
            revoked.fingerprint,
            crate::vault::missions_day(revoked.retired_at.as_deref()),
            match args.after {
                Some(n) => format!(", except exports up to {n} not received yet"),
                None => String::new(),
            }
        );
        println!(
            "Approve the mission's new key, once compared by phone, with --replace-key CODE:FINGERPRINT."
        );
        return Ok(());
    }
    let overview = vault.missions_overview(chrono::Utc::now())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&overview)?);
    } else {
        print_table(&overview);
    }
    Ok(())
}

fn print_table(overview: &MissionsOverview) {
    // Nothing to list, nothing printed (scripts read the rows).
    if overview.missions.is_empty() {
        return;
    }
    println!(
        "{:<10} {:<28} {:<40} {:<20} {:>5} {:<10} {:<10} {:>6} {:>5}",
        "CODE", "NAME", "KEY FINGERPRINT", "STATUS", "LAST", "RECEIVED", "MISSING", "CASES", "DAYS"
    );
    for row in &overview.missions {
        let name: String = row.name.chars().take(28).collect();
        println!(
            "{:<10} {:<28} {:<40} {:<20} {:>5} {:<10} {:<10} {:>6} {:>5}{}",
            row.code,
            name,
            row.fingerprint,
            row.status.as_str(),
            row.last_export.map(|n| n.to_string()).unwrap_or_default(),
            crate::vault::missions_day(row.last_export_received_at.as_deref()),
            row.missing_text(),
            row.cases,
            row.days_since_last_file
                .map(|d| d.to_string())
                .unwrap_or_default(),
            if row.silent { "  silent" } else { "" }
        );
        if row.awaiting_first_file {
            println!("           (approved by phone; no file signed by this key yet)");
        }
    }
    println!(
        "{} missions; marked silent after {} days without a file",
        overview.missions.len(),
        overview.silent_after_days
    );
}

/// `rotate-key` (mission)
pub(super) fn rotate_key(vault: &mut Vault, backup_out: &std::path::Path) -> Result<()> {
    if vault.info().role != crate::vault::Role::Mission {
        bail!(
            "only a mission rotates its signing key; the commission replaces a mission's key with missions --replace-key"
        );
    }
    let done = exchange::rotate_signing_key(vault, backup_out)?;
    println!("Signing key rotated.");
    println!("  old key fingerprint: {}", done.old_fingerprint);
    println!("  new key fingerprint: {}", done.new_fingerprint);
    println!(
        "Every export from now on carries a statement signed by the old key (exports up to {} were signed by it); the commission accepts the new key without a phone call.",
        done.after_sequence
    );
    println!(
        "Backup with the new key written to {}. Every backup made before now still holds the old key: destroy the older ones.",
        backup_out.display()
    );
    Ok(())
}
