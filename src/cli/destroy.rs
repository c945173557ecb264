//! `destroy [--yes]`: the vault made unreadable (its keys first), then its
//! files and this mission's automatic backups overwritten and deleted. See
//! `src/vault/destroy.rs`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{Result, bail};

use super::passphrase;
use crate::vault::{self, DestroyStep, Destruction, OpenOptions};

/// `destroy [--yes]`: asks for the passphrase, warns, asks for the mission
/// code (unless `--yes`), destroys, reports. A vault whose keys are already
/// destroyed (a destruction cut short, or a backup folder that was not
/// there) is finished without a passphrase.
pub(super) fn destroy(
    dir: &Path,
    passphrase_file: Option<&Path>,
    officer: Option<String>,
    yes: bool,
    backups: Option<&Path>,
) -> Result<()> {
    if let Err(vault::Error::Destroyed { .. }) = vault::owner(dir) {
        return finish(dir, yes, backups);
    }
    if !yes && !std::io::stdin().is_terminal() {
        bail!(
            "destroy asks for the mission code on a terminal; give --yes to destroy without asking"
        );
    }
    let passphrase = passphrase::read(passphrase_file, "Passphrase: ")?;
    // Opened without rewriting the header: no fresh copy of the key
    // slots moments before they are overwritten.
    let options = OpenOptions {
        officer,
        rewrite_header: false,
        ..OpenOptions::default()
    };
    let mut vault = super::open_vault(dir, &passphrase, options)?;
    drop(passphrase);
    let before = vault.before_destroying()?;
    let code = vault.info().mission_code.clone();
    if let Some(at) = &before.last_export_at {
        eprintln!(
            "Warning: the last export was made at {at}; the commission has no way yet to confirm \
             that it received it. Make sure it arrived before destroying this vault."
        );
    }
    if let Some(counts) = before.unexported
        && (counts.cases > 0 || counts.tombstones > 0)
    {
        eprintln!(
            "Warning: {} case(s) and {} erasure(s) changed since the last export were never sent: \
             they are lost with the vault.",
            counts.cases, counts.tombstones
        );
    }
    if let Some(counts) = before.unexported
        && counts.withdrawals > 0
    {
        eprintln!(
            "Warning: {} consent withdrawal(s) recorded for stubs were never sent: the commission \
             keeps those persons' identifiable records, and nothing is left to tell it. Export \
             first if you can.",
            counts.withdrawals
        );
    }
    match &before.backup_folder {
        Some(folder) => eprintln!(
            "This mission's automatic backups in {} are destroyed too.",
            folder.display()
        ),
        None => eprintln!("Automatic backups are off: there are none to destroy."),
    }
    eprintln!(
        "Backups made by hand (`casebook backup --out`) are not known to the vault: destroy \
         them yourself."
    );
    if !yes {
        eprint!(
            "Destroy this vault for good? Its keys are overwritten first, then its files; \
             nothing in it can be recovered.\nType the mission code ({code}) to confirm: "
        );
        confirm(&code)?;
    }
    let done = vault.destroy(&mut step)?;
    report(&done)
}

/// A destruction cut short, or one that could not reach a backup folder:
/// finished without a passphrase (nothing in the vault opens), but only
/// once confirmed like a destruction, since the note that says what to
/// delete is not authenticated.
fn finish(dir: &Path, yes: bool, backups: Option<&Path>) -> Result<()> {
    let note = vault::destroyed_note(dir);
    eprintln!("This vault's keys were destroyed before; what is left of it is deleted now.");
    let hidden = note.as_ref().is_some_and(|n| n.backups_hidden);
    match (backups, note.as_ref().and_then(|n| n.backups.as_deref())) {
        (Some(folder), _) | (None, Some(folder)) => eprintln!(
            "This mission's automatic backups in {} are destroyed too.",
            folder.display()
        ),
        (None, None) if hidden => eprintln!(
            "The vault had an automatic backup folder; give it with --backups DIR to destroy \
             the backups in it."
        ),
        (None, None) => eprintln!("The vault names no automatic backup folder."),
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "destroy asks for the mission code on a terminal; give --yes to finish without \
                 asking"
            );
        }
        let Some(code) = note.as_ref().and_then(|n| n.mission.clone()) else {
            bail!("the vault's note names no mission code; give --yes to finish destroying it");
        };
        eprint!("Type the mission code ({code}) to finish destroying this vault: ");
        confirm(&code)?;
    }
    let done = vault::finish_destroying(dir, backups, &mut step)?;
    report(&done)
}

/// Reads the mission code typed on the terminal; an error unless it is
/// `code` (ASCII letters in either case, spaces around).
fn confirm(code: &str) -> Result<()> {
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if !answer.trim().eq_ignore_ascii_case(code.trim()) {
        bail!("not destroyed (the mission code typed did not match)");
    }
    Ok(())
}

fn step(step: DestroyStep) {
    if step == DestroyStep::KeysDestroyed {
        eprintln!("Keys destroyed: no passphrase opens this vault any more.");
    }
}

/// Says what was done; an error (a non-zero exit) unless everything was.
fn report(done: &Destruction) -> Result<()> {
    for path in &done.destroyed {
        println!("destroyed: {}", path.display());
    }
    for (path, why) in &done.keys_not_destroyed {
        println!("KEYS NOT DESTROYED: {} ({why})", path.display());
    }
    for (path, why) in &done.not_overwritten {
        println!("deleted without overwriting: {} ({why})", path.display());
    }
    for (path, why) in &done.not_reached {
        println!("NOT REACHED: {} ({why})", path.display());
    }
    if done.complete() {
        println!("The vault is destroyed.");
        return Ok(());
    }
    if !done.keys_destroyed() {
        bail!(
            "not every key slot could be overwritten (listed above): a passphrase may still open \
             those files; destroy them by hand or run `casebook destroy` again"
        );
    }
    if done.finished {
        bail!(
            "the vault is gone, but some files were only deleted, not overwritten (listed above)"
        );
    }
    bail!(
        "the vault can no longer be opened, but not everything was reached (listed above): run \
         `casebook destroy` again once it is (no passphrase is needed)"
    )
}
