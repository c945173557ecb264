//! Destroying a vault (an evacuation): afterwards no passphrase opens
//! anything, the folder holds no database, this mission's automatic backups
//! are gone, and what could not be reached is reported and finished later.
//! The SIGKILL loop is in `tests/crash.rs`
//! (`killed_destruction_leaves_the_vault_whole_or_unopenable`).

mod common;

use std::path::Path;
use std::process::Command;

use casebook::vault::{self, AutoBackup, DestroyStep, Error, KdfParams, Vault};
use common::{PASSPHRASE, date, new_vault, passphrase, simple_case};
use secrecy::SecretString;

const SECOND: &str = "A. Petraitė";
const SECOND_PASSPHRASE: &str = "amber meadow kettle violin";

/// A vault of two officers and a case, with automatic backups into
/// `backups` and two of them made there; returns the backup files.
fn vault_with_backups(dir: &Path, backups: &Path) -> Vec<std::path::PathBuf> {
    let mut vault = new_vault(dir);
    vault
        .add_officer(
            SECOND,
            &SecretString::from(SECOND_PASSPHRASE.to_owned()),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .set_auto_backup(Some(&AutoBackup {
            folder: backups.to_path_buf(),
            keep: 5,
        }))
        .unwrap_or_else(|e| panic!("{e}"));
    let first = vault
        .backup_rotating(backups, 5)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut files = vec![first];
    // Automatic backups are named to the millisecond: a second one needs
    // another name, which a rename gives.
    let second = backups.join("casebook-LT-LON-20200101-000000-000.cbk");
    std::fs::copy(&files[0], &second).unwrap_or_else(|e| panic!("{e}"));
    files.push(second);
    files
}

fn nothing_opens(dir: &Path) {
    for (officer, pass) in [("J. Jonaitis", PASSPHRASE), (SECOND, SECOND_PASSPHRASE)] {
        let opened = Vault::open_as(dir, Some(officer), &SecretString::from(pass.to_owned()));
        assert!(opened.is_err(), "{officer} still opens the vault");
    }
}

#[test]
fn after_destroying_no_passphrase_opens_anything_and_no_database_is_left() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (dir, backups) = (root.path().join("vault"), root.path().join("backups"));
    let files = vault_with_backups(&dir, &backups);
    // Someone else's file in the backup folder stays.
    std::fs::write(backups.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    let mut vault =
        Vault::open_as(&dir, Some("J. Jonaitis"), &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    let before = vault.before_destroying().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(before.backup_folder.as_deref(), Some(backups.as_path()));
    assert_eq!(before.last_export_at, None);
    assert_eq!(before.unexported.map(|c| c.cases), Some(1));
    let mut steps = Vec::new();
    let done = vault
        .destroy(&mut |step| steps.push(step))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        steps.first(),
        Some(&DestroyStep::KeysDestroyed),
        "keys first"
    );
    assert!(done.finished, "{done:?}");
    assert!(done.not_reached.is_empty(), "{done:?}");
    assert!(
        done.destroyed.contains(&dir.join("casebook.db")),
        "{done:?}"
    );
    for file in &files {
        assert!(done.destroyed.contains(file), "{file:?} not in {done:?}");
        assert!(!file.exists());
        // Nor can the backup be restored.
        assert!(
            vault::restore(file, &root.path().join("restored"), vault::Overwrite::Never).is_err()
        );
    }
    assert!(backups.join("notes.txt").exists());
    assert!(!dir.join("casebook.db").exists());
    assert!(!dir.exists(), "the emptied folder is removed");
    nothing_opens(&dir);
}

/// The backup folder is on a USB stick that is not plugged in: the vault
/// is unreadable at once, the folder is reported, and a later `destroy`
/// (no passphrase: nothing in the vault opens) finishes once it is back.
#[test]
fn a_backup_folder_out_of_reach_is_reported_and_destroyed_later() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (dir, backups) = (root.path().join("vault"), root.path().join("stick"));
    let files = vault_with_backups(&dir, &backups);
    let unplugged = root.path().join("in-a-drawer");
    std::fs::rename(&backups, &unplugged).unwrap_or_else(|e| panic!("{e}"));
    let done = Vault::open_as(&dir, Some("J. Jonaitis"), &passphrase())
        .and_then(|mut v| v.destroy(&mut |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!done.finished);
    assert_eq!(done.not_reached.len(), 1, "{done:?}");
    assert_eq!(done.not_reached[0].0, backups);
    assert!(!dir.join("casebook.db").exists());
    nothing_opens(&dir);
    let opened = Vault::open(&dir, &passphrase());
    assert!(
        matches!(opened, Err(Error::Destroyed { .. })),
        "{:?}",
        opened.err()
    );
    assert!(
        opened.is_err_and(|e| e.to_string().contains("was destroyed")),
        "a clear message"
    );

    // Plugged in again: finished from the command line, no passphrase.
    std::fs::rename(&unplugged, &backups).unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(&dir)
        .arg("destroy")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("The vault is destroyed"), "{stdout}");
    for file in &files {
        assert!(!file.exists(), "{file:?}");
    }
    assert!(!dir.exists());
}

#[test]
fn the_command_line_destroys_with_yes_and_refuses_without_a_terminal() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = root.path().join("vault");
    drop(new_vault(&dir));
    let pass_file = root.path().join("pass.txt");
    std::fs::write(&pass_file, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .arg("--vault")
            .arg(&dir)
            .arg("--passphrase-file")
            .arg(&pass_file)
            .arg("destroy")
            .args(extra)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // No terminal to type the mission code on, and no --yes: nothing done.
    let refused = run(&[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    drop(Vault::open(&dir, &passphrase()).unwrap_or_else(|e| panic!("{e}")));

    let destroyed = run(&["--yes"]);
    let stdout = String::from_utf8_lossy(&destroyed.stdout);
    let stderr = String::from_utf8_lossy(&destroyed.stderr);
    assert!(destroyed.status.success(), "{stdout} {stderr}");
    assert!(stderr.contains("Keys destroyed"), "{stderr}");
    assert!(
        stdout.contains("destroyed: ") && stdout.contains("casebook.db"),
        "{stdout}"
    );
    assert!(!dir.join("casebook.db").exists());
    nothing_opens(&dir);
}
