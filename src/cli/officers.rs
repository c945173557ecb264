//! The officers of a vault: `officer list`, `officer add`, `officer remove`,
//! `officer hide-list`.
//! Each officer has their own passphrase; the one signed in is chosen with
//! `--officer NAME` (default: the only officer).

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{Result, bail};

use super::passphrase;
use crate::vault::{KdfParams, Vault};

/// `officer list`
pub(super) fn list(vault: &mut Vault) -> Result<()> {
    let signed_in = vault.info().officer.clone();
    for officer in vault.officers()? {
        if officer == signed_in {
            println!("{officer}  (signed in)");
        } else {
            println!("{officer}");
        }
    }
    Ok(())
}

/// `officer add --name NAME [--new-passphrase-file FILE]`: the newcomer's
/// own passphrase, from FILE or typed twice.
pub(super) fn add(vault: &mut Vault, name: &str, new_passphrase_file: Option<&Path>) -> Result<()> {
    let new = passphrase::new(new_passphrase_file)?;
    eprintln!("Calibrating the key derivation for this machine…");
    vault.add_officer(name, &new, KdfParams::calibrate()?)?;
    println!(
        "Added officer {}; they unlock with --officer \"{}\" and their own passphrase.",
        name.trim(),
        name.trim()
    );
    Ok(())
}

/// `officer remove NAME [--yes]`: asks for the name to be typed again,
/// or, from a script (stdin not a terminal), needs `--yes`.
pub(super) fn remove(vault: &mut Vault, name: &str, yes: bool) -> Result<()> {
    if !yes && !std::io::stdin().is_terminal() {
        bail!(
            "removing officer {} re-keys the vault and locks them out; from a script, say so with --yes (nothing was removed)",
            name.trim()
        );
    }
    if !yes {
        eprint!(
            "Remove officer {}? Their passphrase will open this vault no more: the database is \
             re-encrypted under a new key (this takes about as long as a backup). Copies they \
             made before, such as backups, still open with it.\nType the name to confirm: ",
            name.trim()
        );
        std::io::stderr().flush().ok();
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim().to_lowercase() != name.trim().to_lowercase() {
            bail!("not removed (the name typed did not match)");
        }
    }
    vault.remove_officer(name)?;
    println!("Removed officer {}; the vault is re-keyed.", name.trim());
    Ok(())
}

/// `officer hide-list on|off`
pub(super) fn hide_list(vault: &mut Vault, hidden: bool) -> Result<()> {
    vault.set_officer_list_hidden(hidden)?;
    if hidden {
        println!(
            "The unlock screen no longer lists the officers: each types their name (a wrong name reads as a wrong passphrase)."
        );
    } else {
        println!("The unlock screen lists the officers again.");
    }
    Ok(())
}
