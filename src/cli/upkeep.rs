//! Commands that look after the vault itself: creating it, backing it up
//! and restoring it, its audit log, its passphrase, and synthetic cases.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use secrecy::SecretString;

use super::{RoleArg, passphrase};
use crate::exchange;
use crate::vault::{self, AuditCheck, KdfParams, NewVault, Role, Vault};

/// `init --role ROLE ...`
pub(super) fn init(
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
    let passphrase = passphrase::new(passphrase_file)?;
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
            exchange::commission_fingerprint(&vault)?
        ),
    }
    Ok(())
}

/// `restore FILE [--replace | --replace-newer]`
pub(super) fn restore(dir: &Path, file: &Path, replace: bool, replace_newer: bool) -> Result<()> {
    let overwrite = match (replace, replace_newer) {
        (_, true) => vault::Overwrite::Always,
        (true, false) => vault::Overwrite::IfOlder,
        (false, false) => vault::Overwrite::Never,
    };
    let aside = vault::restore(file, dir, overwrite).map_err(|e| match e {
        vault::Error::NewerThanBackup { .. } => {
            anyhow!("{e}. Give --replace-newer to restore anyway")
        }
        vault::Error::AlreadyExists(_) => {
            anyhow!("{e}. Give --replace to replace it (it is kept in a replaced-<time> folder)")
        }
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

/// `backup --out FILE` or `backup --into DIR [--keep N]`
pub(super) fn backup(
    vault: &mut Vault,
    out: Option<PathBuf>,
    into: Option<PathBuf>,
    keep: u32,
) -> Result<()> {
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

/// `audit [--verify]`
pub(super) fn audit(vault: &mut Vault, verify: bool) -> Result<()> {
    if verify {
        return match vault.verify_audit()? {
            AuditCheck::Intact { entries } => {
                println!("The audit log is intact ({entries} entries).");
                Ok(())
            }
            AuditCheck::Broken { reason, .. } => {
                bail!("the audit log has been tampered with: {reason}")
            }
        };
    }
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

/// `change-passphrase [--new-passphrase-file FILE]`
pub(super) fn change_passphrase(
    vault: &mut Vault,
    passphrase: &SecretString,
    new_passphrase_file: Option<&Path>,
) -> Result<()> {
    let new = passphrase::new(new_passphrase_file)?;
    eprintln!("Calibrating the key derivation for this machine…");
    vault.change_passphrase(passphrase, &new, KdfParams::calibrate()?)?;
    println!("Passphrase changed.");
    Ok(())
}

/// `generate --count N [--seed S]`
pub(super) fn generate(vault: &mut Vault, count: usize, seed: u64) -> Result<()> {
    let started = std::time::Instant::now();
    let added = vault.generate_synthetic(seed, count, crate::domain::today())?;
    println!(
        "Added {added} synthetic cases in {:.1} s.",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
