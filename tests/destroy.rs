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
    // The note left in the folder does not say where the surviving
    // copies are (review finding 10).
    let note = std::fs::read_to_string(dir.join("vault.json")).unwrap_or_default();
    assert!(!note.contains("stick"), "{note}");

    // Plugged in again: finished from the command line, no passphrase,
    // but not unasked (the note is not authenticated): from a script,
    // only with --yes.
    std::fs::rename(&unplugged, &backups).unwrap_or_else(|e| panic!("{e}"));
    let finish = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .arg("--vault")
            .arg(&dir)
            .arg("destroy")
            .args(extra)
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // Not yet plugged in: said, and a non-zero exit (finding 13).
    std::fs::rename(&backups, &unplugged).unwrap_or_else(|e| panic!("{e}"));
    let stick = backups.to_str().unwrap_or_else(|| panic!("not UTF-8"));
    let incomplete = finish(&["--yes", "--backups", stick]);
    assert!(!incomplete.status.success());
    assert!(String::from_utf8_lossy(&incomplete.stdout).contains("NOT REACHED"));
    std::fs::rename(&unplugged, &backups).unwrap_or_else(|e| panic!("{e}"));
    // Without the folder: the backups are not reached, and said.
    let no_folder = finish(&["--yes"]);
    assert!(!no_folder.status.success());
    assert!(String::from_utf8_lossy(&no_folder.stdout).contains("--backups"));
    // Another folder than the vault's: refused.
    let other = root.path().to_str().unwrap_or_else(|| panic!("not UTF-8"));
    let wrong = finish(&["--yes", "--backups", other]);
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("is not the automatic backup folder"));
    for file in &files {
        assert!(file.exists(), "{file:?} destroyed without its folder");
    }
    let unasked = finish(&["--backups", stick]);
    assert!(!unasked.status.success());
    assert!(String::from_utf8_lossy(&unasked.stderr).contains("--yes"));
    for file in &files {
        assert!(file.exists(), "{file:?} destroyed unasked");
    }
    let output = finish(&["--yes", "--backups", stick]);
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

/// Every file in `backups` that fails to restore (its header no longer
/// parses or opens): none can be opened with any passphrase.
fn no_backup_restores(root: &Path, backups: &[std::path::PathBuf]) {
    for (n, file) in backups.iter().enumerate() {
        let into = root.join(format!("restored-{n}"));
        let restored = vault::restore(file, &into, vault::Overwrite::Never);
        assert!(restored.is_err(), "{file:?} still restores");
    }
}

/// Finding 1: the automatic backups carry the key slots too; when the
/// keys are said destroyed, no backup restores any more (before their
/// bodies are zeroed, which can take minutes).
#[test]
fn when_the_keys_are_said_destroyed_no_backup_restores() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (dir, backups) = (root.path().join("vault"), root.path().join("backups"));
    let files = vault_with_backups(&dir, &backups);
    // What an automatic backup cut short leaves: synced, with the header.
    let cut = backups.join("casebook-LT-LON-20200102-000000-000.cbk.tmp");
    std::fs::copy(&files[0], &cut).unwrap_or_else(|e| panic!("{e}"));
    let mut vault =
        Vault::open_as(&dir, Some("J. Jonaitis"), &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    let mut checked = false;
    let scratch = root.path().join("scratch");
    let done = vault
        .destroy(&mut |step| {
            if step == DestroyStep::KeysDestroyed {
                let mut all = files.clone();
                all.push(cut.clone());
                no_backup_restores(&scratch, &all);
                // The body is still there: only the header was zeroed.
                assert!(std::fs::metadata(&files[0]).is_ok_and(|m| m.len() > 4096));
                checked = true;
            }
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(checked, "the keys were never said destroyed: {done:?}");
    assert!(done.complete(), "{done:?}");
    assert!(!cut.exists());
}

/// Finding 2: what a backup or a restore cut short leaves is destroyed; a
/// file of someone else's in the vault folder is left, said, and the
/// vault is not called destroyed while it is there.
#[test]
fn leftovers_are_destroyed_and_anything_else_in_the_folder_is_reported() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (dir, backups) = (root.path().join("vault"), root.path().join("backups"));
    let files = vault_with_backups(&dir, &backups);
    let leftovers = [
        backups.join("casebook-LT-LON-20200102-000000-000.cbk.tmp"),
        backups.join("casebook-LT-LON-20200102-000000-000.snapshot.tmp"),
        dir.join("casebook.db.tmp"),
    ];
    for leftover in &leftovers {
        std::fs::copy(&files[0], leftover).unwrap_or_else(|e| panic!("{e}"));
    }
    // Not ours: another mission's, and a name that only looks alike.
    let others = [
        backups.join("casebook-LT-LONX-20200102-000000-000.cbk.tmp"),
        backups.join("casebook-LT-LON-2020.cbk.tmp"),
    ];
    for other in &others {
        std::fs::write(other, "theirs").unwrap_or_else(|e| panic!("{e}"));
    }
    let mine = dir.join("mine.txt");
    std::fs::write(&mine, "the officer's own").unwrap_or_else(|e| panic!("{e}"));
    let done = Vault::open_as(&dir, Some("J. Jonaitis"), &passphrase())
        .and_then(|mut v| v.destroy(&mut |_| {}))
        .unwrap_or_else(|e| panic!("{e}"));
    for leftover in &leftovers {
        assert!(!leftover.exists(), "{leftover:?} left");
        assert!(
            done.destroyed.contains(leftover),
            "{leftover:?} in {done:?}"
        );
    }
    for other in &others {
        assert!(other.exists(), "{other:?} destroyed");
    }
    assert!(!done.finished, "{done:?}");
    assert!(done.not_reached.iter().any(|(p, _)| *p == mine), "{done:?}");
    assert_eq!(
        std::fs::read_to_string(&mine).unwrap_or_default(),
        "the officer's own"
    );
    // The note stays: the vault is said destroyed, not gone.
    assert!(matches!(
        Vault::open(&dir, &passphrase()),
        Err(Error::Destroyed { .. })
    ));
}

/// Finding 4: links are never followed: a set-aside folder, a header copy
/// or a backup that is a symbolic link to the officer's own files leaves
/// those files as they were; a folder only named like a set-aside one is
/// not touched.
#[cfg(unix)]
#[test]
fn symbolic_links_are_never_followed() {
    use std::os::unix::fs::symlink;
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (dir, backups) = (root.path().join("vault"), root.path().join("backups"));
    let files = vault_with_backups(&dir, &backups);
    let documents = root.path().join("documents");
    std::fs::create_dir(&documents).unwrap_or_else(|e| panic!("{e}"));
    let precious = documents.join("report.odt");
    let header_like = documents.join("vault.json");
    std::fs::write(&precious, "precious").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&header_like, "precious too").unwrap_or_else(|e| panic!("{e}"));
    let mut vault =
        Vault::open_as(&dir, Some("J. Jonaitis"), &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    symlink(&documents, dir.join("replaced-20260101-000000-000")).unwrap_or_else(|e| panic!("{e}"));
    symlink(&precious, dir.join("vault.json.tmp")).unwrap_or_else(|e| panic!("{e}"));
    symlink(&precious, dir.join("casebook.db-journal")).unwrap_or_else(|e| panic!("{e}"));
    let link = backups.join("casebook-LT-LON-20200102-000000-000.cbk");
    symlink(&precious, &link).unwrap_or_else(|e| panic!("{e}"));
    let lookalike = dir.join("replaced-holiday");
    std::fs::create_dir(&lookalike).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(lookalike.join("vault.json"), "photos").unwrap_or_else(|e| panic!("{e}"));

    let done = vault.destroy(&mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap_or_default(),
        "precious"
    );
    assert_eq!(
        std::fs::read_to_string(&header_like).unwrap_or_default(),
        "precious too"
    );
    assert_eq!(
        std::fs::read_to_string(lookalike.join("vault.json")).unwrap_or_default(),
        "photos"
    );
    // The links in the backup folder and the vault folder are gone.
    assert!(std::fs::symlink_metadata(&link).is_err(), "{done:?}");
    assert!(std::fs::symlink_metadata(dir.join("vault.json.tmp")).is_err());
    for file in &files {
        assert!(!file.exists());
    }
    assert!(
        done.not_reached.iter().any(|(p, _)| *p == lookalike),
        "{done:?}"
    );
    assert!(!done.finished);
}

/// Finding 7: a header that cannot be overwritten is said, and the keys
/// are never called destroyed while one is left.
#[test]
fn a_header_that_cannot_be_overwritten_is_said_and_no_one_is_told_the_keys_are_gone() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (dir, backups) = (root.path().join("vault"), root.path().join("backups"));
    vault_with_backups(&dir, &backups);
    // Something in the way where a header copy would be: not a file.
    std::fs::create_dir(dir.join("vault.json.tmp")).unwrap_or_else(|e| panic!("{e}"));
    let mut steps = Vec::new();
    let done = Vault::open_as(&dir, Some("J. Jonaitis"), &passphrase())
        .and_then(|mut v| v.destroy(&mut |step| steps.push(step)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!done.keys_destroyed(), "{done:?}");
    assert_eq!(done.keys_not_destroyed[0].0, dir.join("vault.json.tmp"));
    assert!(!steps.contains(&DestroyStep::KeysDestroyed), "{steps:?}");
    assert!(!done.finished && !done.complete());
    // The database is gone all the same.
    assert!(!dir.join("casebook.db").exists());
}

/// Review finding 15: opening to destroy does not rewrite the header (a
/// restored vault's marker would otherwise be cleared by writing a fresh
/// copy of the slots moments before the destruction); a normal open does.
#[test]
fn opening_to_destroy_leaves_the_header_as_it_is() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (dir, restored) = (root.path().join("vault"), root.path().join("restored"));
    let file = root.path().join("backup.cbk");
    new_vault(&dir)
        .backup_to(&file)
        .unwrap_or_else(|e| panic!("{e}"));
    vault::restore(&file, &restored, vault::Overwrite::Never).unwrap_or_else(|e| panic!("{e}"));
    let header = || std::fs::read(restored.join("vault.json")).unwrap_or_default();
    let before = header();
    let options = vault::OpenOptions {
        rewrite_header: false,
        ..vault::OpenOptions::default()
    };
    drop(Vault::open_with(&restored, &passphrase(), options).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(header(), before, "opening to destroy rewrote the header");
    drop(Vault::open(&restored, &passphrase()).unwrap_or_else(|e| panic!("{e}")));
    assert_ne!(header(), before, "a normal open clears the restore marker");
}
