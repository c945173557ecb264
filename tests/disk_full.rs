//! A full disk: on a small tmpfs, saving, exporting and backing up fail with
//! "the disk is full", leave no half-written file under a final name, and
//! the vault opens afterwards with every earlier case.
//!
//! The test runs itself again inside a new user and mount namespace
//! (`unshare --user --map-root-user --mount`, util-linux), where an
//! unprivileged user may mount a tmpfs that nobody else sees and that goes
//! away with the process. Where the machine refuses such a namespace the
//! test fails and says what the machine lacks, rather than pass without
//! checking anything.
#![cfg(target_os = "linux")]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use casebook::vault::{Error, Vault};

use common::*;

/// Set in the copy of this test that runs inside the namespace.
const INSIDE_ENV: &str = "CASEBOOK_DISK_FULL_INSIDE";

/// The first line the copy inside the namespace prints, so that the outer
/// test tells "no namespace" from "the test failed in it".
const INSIDE_MARK: &str = "disk_full: inside a mount namespace";

/// A tmpfs mounted for the test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .unwrap_or_else(|e| panic!("cannot run mount (package mount): {e}"));
        assert!(
            output.status.success(),
            "inside its own user and mount namespace, this test could not mount a small \
             tmpfs; the kernel gave the namespace no right to mount (on Ubuntu 24.04, \
             AppArmor's kernel.apparmor_restrict_unprivileged_userns=1 does this): {}",
            String::from_utf8_lossy(&output.stderr)
        );
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a filler file until the disk refuses another byte.
    fn fill(&self) -> PathBuf {
        let filler = self.path().join("filler");
        let mut file = std::fs::File::create(&filler).unwrap_or_else(|e| panic!("{e}"));
        let block = vec![0xA5u8; 4096];
        loop {
            match file.write(&block) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
                Err(e) => panic!("{e}"),
            }
        }
        // The last bytes a page could not take.
        while file.write(&[0xA5]).is_ok_and(|n| n == 1) {}
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Before the temporary folder goes (the mount would keep it busy);
        // the namespace's end would unmount it anyway.
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Runs this test again inside a new mount namespace: first a user
/// namespace of its own (no privilege needed), else, for root where user
/// namespaces are off, a mount namespace alone. Fails with what the
/// machine lacks when neither can be made, and with the inner run's output
/// when the test fails inside.
fn run_inside_a_mount_namespace(test: &str) {
    let exe = std::env::current_exe().unwrap_or_else(|e| panic!("{e}"));
    let mut refusals = Vec::new();
    for flags in [
        &["--user", "--map-root-user", "--mount"][..],
        &["--mount"][..],
    ] {
        let output = Command::new("unshare")
            .args(flags)
            .arg(&exe)
            .args(["--exact", test, "--nocapture", "--test-threads=1"])
            .env(INSIDE_ENV, "1")
            .output()
            .unwrap_or_else(|e| {
                panic!("this test needs `unshare` (Debian package util-linux) and could not run it: {e}")
            });
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if stdout.contains(INSIDE_MARK) {
            assert!(
                output.status.success(),
                "the test failed inside its namespace (unshare {}):\n{stdout}\n{stderr}",
                flags.join(" ")
            );
            eprint!("{stderr}");
            return;
        }
        refusals.push(format!("unshare {}: {}", flags.join(" "), stderr.trim()));
    }
    panic!(
        "this test mounts a small tmpfs in a namespace of its own, and this machine made \
         none: it lacks unprivileged user namespaces (sysctl user.max_user_namespaces must \
         be above 0, and kernel.unprivileged_userns_clone 1 where it exists), and the test \
         does not run as root; what unshare said:\n{}",
        refusals.join("\n")
    );
}

/// Every file in `dir` (not recursive) by name.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| {
            e.unwrap_or_else(|e| panic!("{e}"))
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_disk_fails_cleanly_and_loses_nothing() {
    if std::env::var_os(INSIDE_ENV).is_none() {
        run_inside_a_mount_namespace("a_full_disk_fails_cleanly_and_loses_nothing");
        return;
    }
    println!("{INSIDE_MARK}");
    let disk = SmallDisk::mount("6m");
    let vault_dir = disk.path().join("vault");
    let commission_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission = new_commission_vault(commission_dir.path());
    let key =
        casebook::exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&vault_dir);
    vault
        .set_commission_key(&key, false)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut saved = Vec::new();
    for n in 0..40 {
        let record = vault
            .create_case(simple_case("Ona", &format!("Before{n}"), date(2026, 11, 2)))
            .unwrap_or_else(|e| panic!("{e}"));
        saved.push(record.meta.reference);
    }
    let out = disk.path().join("out");
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{e}"));
    let filler = disk.fill();

    // Saving: refused as a full disk; the case is not half there.
    let mut refused_saves = 0;
    for n in 0..5 {
        match vault.create_case(simple_case("Ona", &format!("During{n}"), date(2026, 11, 3))) {
            Err(Error::DiskFull) => refused_saves += 1,
            Err(other) => panic!("a save on a full disk said: {other}"),
            // SQLite may still have a free page in its file for a small case.
            Ok(record) => saved.push(record.meta.reference),
        }
    }
    assert!(refused_saves > 0, "no save was refused on a full disk");
    let message = vault
        .create_case(simple_case("Ona", "Refused", date(2026, 11, 3)))
        .err()
        .map_or_else(
            || panic!("it succeeded where it must fail"),
            |e| e.to_string(),
        );
    assert!(message.contains("the disk is full"), "{message}");

    // Exporting: a clear error, no file under the export's name, no temp file.
    let export = out.join("LT-LON-export-1.age");
    let result = casebook::exchange::export(&mut vault, &export, true, false, &mut |_| {});
    let error = result.err().map_or_else(
        || panic!("it succeeded where it must fail"),
        |e| e.to_string(),
    );
    assert!(error.contains("the disk is full"), "export said: {error}");
    assert_eq!(names(&out), Vec::<String>::new(), "export left files");
    assert_eq!(vault.last_export_sequence().unwrap_or(99), 0);
    // Exporting to another disk, with room: the file is written but the
    // vault cannot record it. A file the vault does not know it made must
    // not travel (the next export would take its number, and a withdrawn
    // consent in it could still be retracted): it is removed.
    let elsewhere = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let export_elsewhere = elsewhere.path().join("LT-LON-export-1.age");
    let result =
        casebook::exchange::export(&mut vault, &export_elsewhere, true, false, &mut |_| {});
    let error = result.err().map_or_else(
        || panic!("it succeeded where it must fail"),
        |e| e.to_string(),
    );
    assert!(error.contains("the disk is full"), "export said: {error}");
    assert_eq!(
        names(elsewhere.path()),
        Vec::<String>::new(),
        "an export the vault could not record was left"
    );
    assert_eq!(vault.last_export_sequence().unwrap_or(99), 0);

    // Backing up: the same.
    let backup = out.join("casebook-backup.cbk");
    let error = vault.backup_to(&backup).err().map_or_else(
        || panic!("it succeeded where it must fail"),
        |e| e.to_string(),
    );
    assert!(error.contains("the disk is full"), "backup said: {error}");
    assert_eq!(names(&out), Vec::<String>::new(), "backup left files");

    // Unlocking writes its audit entry, so while the disk is full it is
    // refused in the same plain words; nothing on disk is changed by trying.
    drop(vault);
    let error = Vault::open(&vault_dir, &passphrase()).err().map_or_else(
        || panic!("it succeeded where it must fail"),
        |e| e.to_string(),
    );
    assert!(error.contains("the disk is full"), "unlock said: {error}");

    // Space again: every earlier case is there, the vault is sound, and
    // everything works; nothing was left behind.
    std::fs::remove_file(&filler).unwrap_or_else(|e| panic!("{e}"));
    let vault = open(&vault_dir);
    for reference in &saved {
        assert!(vault.get_case(reference).is_ok(), "{reference} lost");
    }
    assert_eq!(
        vault.case_count().unwrap_or_else(|e| panic!("{e}")),
        saved.len() as u64
    );
    assert_eq!(
        vault.integrity_problems().unwrap_or_else(|e| panic!("{e}")),
        Vec::<String>::new()
    );
    drop(vault);
    let mut vault = open(&vault_dir);
    vault
        .create_case(simple_case("Ona", "After", date(2026, 11, 4)))
        .unwrap_or_else(|e| panic!("{e}"));
    casebook::exchange::export(&mut vault, &export, true, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    vault.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        names(&out),
        vec![
            "LT-LON-export-1.age".to_owned(),
            "casebook-backup.cbk".to_owned()
        ]
    );
    let verified = casebook::exchange::verify(&commission, &export, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(verified.manifest.counts.cases, saved.len() as u64 + 1);
    eprintln!(
        "full disk: {refused_saves} of 5 saves refused, export and backup refused, {} cases kept",
        saved.len()
    );
}
