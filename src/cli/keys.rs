//! The exchange keys: the commission's public key stored at a mission, and
//! at the commission its public key written out for the missions and its
//! secret key backed up and restored.

use std::path::Path;

use anyhow::{Result, bail};

use super::passphrase;
use crate::exchange;
use crate::vault::Vault;

/// `set-commission-key FILE [--replace --fingerprint FINGERPRINT]`
pub(super) fn set_commission_key(
    vault: &mut Vault,
    file: &Path,
    fingerprint: Option<String>,
) -> Result<()> {
    let replacement = match fingerprint {
        Some(fingerprint) => exchange::KeyReplacement::Fingerprint(fingerprint),
        None => exchange::KeyReplacement::No,
    };
    let fingerprint = exchange::store_commission_key_file(vault, file, &replacement)?;
    println!("Commission key stored; its fingerprint: {fingerprint}");
    Ok(())
}

/// `set-commission-key --accept-rotation FINGERPRINT`
pub(super) fn accept_rotation(vault: &mut Vault, fingerprint: &str) -> Result<()> {
    let (old, new) = exchange::accept_commission_rotation(vault, fingerprint)?;
    println!(
        "Commission key rotated: {old} → {new}; exports are encrypted to the new key from now on."
    );
    Ok(())
}

/// `commission-key --out FILE`
pub(super) fn commission_key(vault: &mut Vault, out: &Path) -> Result<()> {
    let fingerprint = exchange::write_commission_key(vault, out)?;
    println!("Commission public key written to {}", out.display());
    println!("Fingerprint: {fingerprint}");
    Ok(())
}

/// `rotate-commission-key --out FILE --backup-out FILE [--backup-passphrase-file FILE] --yes`
pub(super) fn rotate_commission_key(
    vault: &mut Vault,
    out: &Path,
    backup_out: &Path,
    backup_passphrase_file: Option<&Path>,
    yes: bool,
) -> Result<()> {
    if !yes {
        bail!(
            "rotating makes a new commission key pair; missions switch to it when they receive a reply and accept its fingerprint. Add --yes to go ahead"
        );
    }
    for file in [out, backup_out] {
        if file.exists() {
            bail!("{} already exists; choose another name", file.display());
        }
    }
    let backup_passphrase = passphrase::new(backup_passphrase_file)?;
    let (before, after) = exchange::rotate_commission_key(vault, backup_out, &backup_passphrase)?;
    let written = exchange::write_commission_key(vault, out)?;
    debug_assert_eq!(written, after);
    println!("Commission key rotated: {before} → {after}");
    println!(
        "Identity backup of the new keys (and the earlier ones) written to {}; keep it and its passphrase apart, in a safe, and destroy older identity backups.",
        backup_out.display()
    );
    println!("New public key written to {}", out.display());
    println!("Missions take the new key from their next reply, once they accept its fingerprint.");
    Ok(())
}

/// `identity-backup --out FILE [--backup-passphrase-file FILE]`
pub(super) fn identity_backup(
    vault: &mut Vault,
    out: &Path,
    backup_passphrase_file: Option<&Path>,
) -> Result<()> {
    let backup_passphrase = passphrase::new(backup_passphrase_file)?;
    exchange::write_identity_backup(vault, out, &backup_passphrase)?;
    println!(
        "Identity backup written to {}; keep it and its passphrase apart, in a safe.",
        out.display()
    );
    Ok(())
}

/// `identity-restore FILE --replace [--backup-passphrase-file FILE]`
pub(super) fn identity_restore(
    vault: &mut Vault,
    file: &Path,
    backup_passphrase_file: Option<&Path>,
    replace: bool,
) -> Result<()> {
    if !replace {
        bail!(
            "restoring makes the backup's key this vault's commission key (unless the backup is older than a rotation this vault made); the keys the vault holds now are kept, so files encrypted to them still open. Add --replace to go ahead"
        );
    }
    let backup_passphrase = passphrase::read(backup_passphrase_file, "Backup passphrase: ")?;
    let (before, after) = exchange::restore_identity(vault, file, &backup_passphrase)?;
    if before == after {
        println!(
            "The backup is older than this vault's keys ({after}), which missions already follow: they were kept, and the backup's keys were added to the earlier ones, so files encrypted to them open."
        );
    } else {
        println!("Commission key replaced: {before} → {after}; the earlier keys are kept.");
    }
    Ok(())
}
