//! What stays on the laptop: the modes of the files Casebook writes, the
//! database key after a passphrase change, the names of automatic backups
//! and of replaced vaults, and the bounds of the key derivation.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use casebook::vault::{self, Error, KdfParams, Vault};
use common::*;
use secrecy::SecretString;

const NEW_PASSPHRASE: &str = "velvet lantern quarry moss";

fn new_passphrase() -> SecretString {
    SecretString::from(NEW_PASSPHRASE.to_owned())
}

// ---------------------------------------------------------------------------
// Item 12: every file private, every folder private.

/// Runs the binary under `umask 022`, the usual one, so that anything it
/// creates without an explicit mode would be readable by every account.
#[cfg(unix)]
fn casebook_umask_022(args: &[&str]) -> Output {
    let output = Command::new("sh")
        .arg("-c")
        .arg("umask 022 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .env_remove("CASEBOOK_VAULT")
        .output()
        .unwrap_or_else(|e| panic!("cannot run casebook: {e}"));
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every file and folder under `root`, except the ones named in `skip`.
fn everything_under(root: &Path, skip: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            if !skip.contains(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[cfg(unix)]
#[test]
fn every_file_and_folder_a_session_writes_is_private_under_a_usual_umask() {
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = |name: &str| root.path().join(name);
    let s = |p: &Path| {
        p.to_str()
            .unwrap_or_else(|| panic!("the path is not UTF-8"))
            .to_owned()
    };
    // What the test itself writes, under the test's own umask.
    let (pass, backup_pass, new_pass, out) = (
        path("pass.txt"),
        path("backup-pass.txt"),
        path("new-pass.txt"),
        path("out"),
    );
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&backup_pass, "juniper orbit saffron delta\n").unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&new_pass, format!("{NEW_PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir(&out).unwrap_or_else(|e| panic!("{e}"));
    let ours = [
        pass.clone(),
        backup_pass.clone(),
        new_pass.clone(),
        out.clone(),
    ];

    let (hq, mission) = (s(&path("hq")), s(&path("vaults/mission")));
    let run = |vault: &str, args: &[&str]| {
        let mut all = vec![
            "--vault",
            vault,
            "--passphrase-file",
            pass.to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
        ];
        all.extend(args);
        casebook_umask_022(&all)
    };
    run(
        &hq,
        &["init", "--role", "commission", "--officer", "A. Analyst"],
    );
    let key = s(&out.join("commission.pub"));
    run(&hq, &["commission-key", "--out", &key]);
    run(
        &hq,
        &[
            "identity-backup",
            "--out",
            &s(&out.join("identity.age")),
            "--backup-passphrase-file",
            &s(&backup_pass),
        ],
    );
    run(
        &mission,
        &[
            "init",
            "--role",
            "mission",
            "--mission-code",
            "LT-LON",
            "--mission-name",
            "Embassy in London",
            "--officer",
            "J. Jonaitis",
            "--commission-key",
            &key,
        ],
    );
    run(&mission, &["add", "--json", &s(&fixture("case-full.json"))]);
    run(&mission, &["export", "--out", &s(&out.join("export.age"))]);
    let backup = s(&out.join("backup.cbk"));
    run(&mission, &["backup", "--out", &backup]);
    run(
        &mission,
        &["backup", "--into", &s(&out.join("auto/usb")), "--keep", "2"],
    );
    // A restore into a new folder, and one over the vault (set aside).
    run(&s(&path("restored")), &["restore", &backup]);
    run(&mission, &["restore", &backup, "--replace-newer"]);
    run(
        &mission,
        &["change-passphrase", "--new-passphrase-file", &s(&new_pass)],
    );

    let written = everything_under(root.path(), &ours);
    assert!(
        written.iter().any(|p| p.ends_with("casebook.db"))
            && written.iter().any(|p| p.ends_with("vault.json"))
            && written.iter().any(|p| p.ends_with("casebook.lock"))
            && written.iter().any(|p| p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("replaced-")))
            && written.iter().any(|p| p.ends_with("export.age"))
            && written.iter().any(|p| p.ends_with("identity.age")),
        "the session should have written the vault, a replaced vault, an export and keys: {written:#?}"
    );
    let loose: Vec<String> = written
        .iter()
        .filter(|p| mode(p) != if p.is_dir() { 0o700 } else { 0o600 })
        .map(|p| format!("{:o} {}", mode(p), p.display()))
        .collect();
    assert!(loose.is_empty(), "readable by other accounts: {loose:#?}");
}

#[cfg(unix)]
#[test]
fn opening_a_vault_made_with_loose_modes_makes_it_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let here = dir.path().join("vault");
    drop(new_vault(&here));
    let aside = here.join("replaced-20260101-120000");
    std::fs::create_dir(&aside).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(here.join("vault.json"), aside.join("vault.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    // As an older Casebook left it under umask 022.
    let set = |p: &Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    for path in everything_under(&here, &[]) {
        set(&path, if path.is_dir() { 0o755 } else { 0o644 });
    }
    set(&here, 0o755);

    // A wrong passphrase changes nothing, not even a mode.
    assert!(Vault::open(&here, &new_passphrase()).is_err());
    assert_eq!(mode(&here.join("vault.json")), 0o644);

    drop(open(&here));
    assert_eq!(mode(&here), 0o700);
    for path in everything_under(&here, &[]) {
        let wanted = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), wanted, "{}", path.display());
    }
}

// ---------------------------------------------------------------------------
// Item 13: a passphrase change re-keys the database.

#[test]
fn an_old_header_does_not_open_the_database_after_a_passphrase_change() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let before = vault
        .create_case(simple_case("Ona", "Before", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    let backup = dir.path().join("before-the-change.cbk");
    vault.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let old_header = std::fs::read(dir.path().join("vault.json")).unwrap_or_else(|e| panic!("{e}"));

    let mut vault = open(dir.path());
    vault
        .change_passphrase(
            &passphrase(),
            &new_passphrase(),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let after = vault
        .create_case(simple_case("Ona", "After", date(2026, 11, 21)))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let new_header = std::fs::read(dir.path().join("vault.json")).unwrap_or_else(|e| panic!("{e}"));

    // The reproduction: the old header put back, the old passphrase tried.
    std::fs::write(dir.path().join("vault.json"), &old_header).unwrap_or_else(|e| panic!("{e}"));
    let result = Vault::open(dir.path(), &passphrase());
    assert!(
        result.is_err(),
        "the old header and passphrase opened the database, with {} case(s)",
        result.map(|v| v.case_count().unwrap_or(0)).unwrap_or(0)
    );

    // The current header and passphrase open it, with both cases.
    std::fs::write(dir.path().join("vault.json"), &new_header).unwrap_or_else(|e| panic!("{e}"));
    let vault = Vault::open(dir.path(), &new_passphrase()).unwrap_or_else(|e| panic!("{e}"));
    assert!(vault.get_case(&before.meta.reference).is_ok());
    assert!(vault.get_case(&after.meta.reference).is_ok());
    assert!(
        vault
            .integrity_problems()
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
    drop(vault);
    let leftovers: Vec<_> = everything_under(dir.path(), &[])
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("rekeyed"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // What an old backup still holds: the cases up to the backup, under
    // the old passphrase (docs/threat-model.md says so).
    let restored = dir.path().join("restored");
    vault::restore(&backup, &restored, vault::Overwrite::Never).unwrap_or_else(|e| panic!("{e}"));
    let old = Vault::open(&restored, &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    assert!(old.get_case(&before.meta.reference).is_ok());
    assert!(old.get_case(&after.meta.reference).is_err());
}

// ---------------------------------------------------------------------------
// Item 17: names of automatic backups and of replaced vaults.

#[test]
fn backup_rotation_deletes_only_this_missions_own_backups() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let folder = dir.path().join("usb");
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("{e}"));
    // Older than anything written now, and each a name this mission's
    // prefix `casebook-LT-LON-` begins, but none this mission's backup.
    let others = [
        "casebook-LT-LON-2-20250101-000000-000.cbk",
        "casebook-LT-LON-X1-20250101-000000-000.cbk",
        "casebook-LT-LON-copy.cbk",
        "casebook-LT-LON-20250101-000000-000 (copy).cbk",
        "casebook-LT-LONDON-20250101-000000-000.cbk",
    ];
    for name in others {
        std::fs::write(folder.join(name), "another mission's").unwrap_or_else(|e| panic!("{e}"));
    }
    let mut vault = new_vault(&dir.path().join("vault"));
    let mut written = Vec::new();
    for _ in 0..3 {
        written.push(
            vault
                .backup_rotating(&folder, 1)
                .unwrap_or_else(|e| panic!("{e}")),
        );
    }
    for name in others {
        assert!(folder.join(name).exists(), "{name} was deleted");
    }
    let newest = written.last().unwrap_or_else(|| panic!("no backup"));
    assert!(newest.exists());
    for older in &written[..2] {
        assert!(!older.exists() || older == newest, "{}", older.display());
    }
}

#[test]
fn two_restores_in_one_second_keep_both_replaced_vaults() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let here = dir.path().join("vault");
    let mut vault = new_vault(&here);
    let backup = dir.path().join("copy.cbk");
    vault.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let original = std::fs::read(here.join("vault.json")).unwrap_or_else(|e| panic!("{e}"));
    // A folder already named as this second's (and the next few seconds')
    // set-aside folder used to be written into.
    let now = chrono::Utc::now();
    let mut planted = Vec::new();
    for s in 0..10 {
        let name = (now + chrono::Duration::seconds(s)).format("replaced-%Y%m%d-%H%M%S");
        let folder = here.join(name.to_string());
        std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(folder.join("vault.json"), "planted").unwrap_or_else(|e| panic!("{e}"));
        planted.push(folder);
    }

    let first = vault::restore(&backup, &here, vault::Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("nothing set aside"));
    let second = vault::restore(&backup, &here, vault::Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("nothing set aside"));
    assert_ne!(first, second);
    assert!(!planted.contains(&first) && !planted.contains(&second));
    for folder in &planted {
        assert_eq!(
            std::fs::read(folder.join("vault.json")).ok().as_deref(),
            Some(&b"planted"[..])
        );
    }
    assert_eq!(
        std::fs::read(first.join("vault.json")).ok(),
        Some(original),
        "the first replaced vault is kept as it was"
    );
    assert!(second.join("vault.json").exists() && second.join("casebook.db").exists());
    drop(open(&here));
}

/// A passphrase change cut short can leave the re-keyed copy as the only
/// database the header's key opens; a restore over that vault must keep it
/// with the rest of the replaced vault, where the next unlock cannot delete it.
#[test]
fn a_restore_keeps_the_re_keyed_copy_of_an_interrupted_passphrase_change() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let here = dir.path().join("vault");
    let mut vault = new_vault(&here);
    let backup = dir.path().join("copy.cbk");
    vault.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let left = [
        ("casebook.db.rekeyed", &b"the only current copy"[..]),
        ("casebook.db.rekeyed-journal", &b"its journal"[..]),
    ];
    for (name, bytes) in left {
        std::fs::write(here.join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
    }

    let aside = vault::restore(&backup, &here, vault::Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("nothing set aside"));
    for (name, _) in left {
        assert!(!here.join(name).exists(), "{name} left in the vault folder");
    }
    // The restored vault opens (and clears its folder of debris) ...
    drop(open(&here));
    // ... and the copy is still in the replaced vault, as it was.
    for (name, bytes) in left {
        assert_eq!(
            std::fs::read(aside.join(name)).ok().as_deref(),
            Some(bytes),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// Item 19: bounds of the key derivation.

/// Rewrites one number in the `kdf` object of the vault's header (of its
/// first officer's key slot).
fn tamper_kdf(dir: &Path, field: &str, value: u64) {
    let path = dir.join("vault.json");
    let mut header: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    header["slots"][0]["kdf"][field] = value.into();
    std::fs::write(
        &path,
        serde_json::to_vec(&header).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_header_asking_for_more_memory_than_the_machine_has_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    drop(new_vault(dir.path()));
    let files = files_in(dir.path());
    tamper_kdf(dir.path(), "memory_kib", u64::from(u32::MAX));
    let result = Vault::open(dir.path(), &passphrase());
    let message = result.err().map_or_else(
        || panic!("it succeeded where it must fail"),
        |e| e.to_string(),
    );
    assert!(
        message.contains("this vault's header asks for more memory than this machine has"),
        "{message}"
    );
    // 2 GiB: above the fixed ceiling, whatever the machine has.
    tamper_kdf(dir.path(), "memory_kib", 2 * 1024 * 1024);
    let message = Vault::open(dir.path(), &passphrase()).err().map_or_else(
        || panic!("it succeeded where it must fail"),
        |e| e.to_string(),
    );
    assert!(
        message.contains("more memory than this machine has"),
        "{message}"
    );
    // Nothing but the tampered header changed.
    let now = files_in(dir.path());
    assert_eq!(now.len(), files.len());
    for ((path, before), (_, after)) in files.iter().zip(&now) {
        if !path.ends_with("vault.json") {
            assert_eq!(before, after, "{}", path.display());
        }
    }
}

#[test]
fn a_header_asking_for_endless_passes_is_refused_as_damaged() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    drop(new_vault(dir.path()));
    tamper_kdf(dir.path(), "iterations", u64::from(u32::MAX));
    let result = Vault::open(dir.path(), &passphrase());
    assert!(matches!(&result, Err(Error::Damaged(_))), "{result:?}");
    // One lane over the ceiling, with memory enough for 17 lanes (Argon2
    // needs 8 KiB a lane): only Casebook's own ceiling refuses it; Argon2
    // would derive a key, and the header would read as a wrong passphrase.
    tamper_kdf(dir.path(), "iterations", 1);
    tamper_kdf(dir.path(), "memory_kib", 1024);
    tamper_kdf(dir.path(), "parallelism", 17);
    let result = Vault::open(dir.path(), &passphrase());
    assert!(matches!(&result, Err(Error::Damaged(_))), "{result:?}");
}

#[test]
fn a_vault_is_never_sealed_below_the_floor() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let cheap = KdfParams {
        memory_kib: 32 * 1024,
        iterations: 1,
        parallelism: 1,
    };
    let created = Vault::create(&dir.path().join("a"), &mission(), &passphrase(), cheap);
    assert!(
        matches!(&created, Err(Error::InvalidSetting(why)) if why.contains("19 MiB")),
        "{created:?}"
    );
    assert!(!dir.path().join("a/vault.json").exists());

    let mut vault = new_vault(&dir.path().join("b"));
    let changed = vault.change_passphrase(&passphrase(), &new_passphrase(), cheap);
    assert!(
        matches!(changed, Err(Error::InvalidSetting(_))),
        "{changed:?}"
    );
    drop(vault);
    // Still the old passphrase.
    drop(open(&dir.path().join("b")));

    // At the floor it is accepted (19 MiB, 2 passes).
    let floor = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    let mut vault = open(&dir.path().join("b"));
    vault
        .change_passphrase(&passphrase(), &new_passphrase(), floor)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vault.kdf_params().ok(), Some(floor));
}
