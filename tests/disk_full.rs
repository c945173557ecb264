//! A full disk: on a small tmpfs, saving, exporting and backing up fail with
//! "the disk is full", leave no half-written file under a final name, and
//! the vault opens afterwards with every earlier case.
//!
//! Mounting a tmpfs needs root (or CAP_SYS_ADMIN), which the CI machine and
//! this project's development machines have; elsewhere the test fails and
//! says so rather than pass without checking anything.
#![cfg(target_os = "linux")]

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use casebook::vault::{Error, Vault};

use common::*;

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
            .unwrap_or_else(|e| panic!("cannot run mount: {e}"));
        assert!(
            output.status.success(),
            "this test mounts a small tmpfs and needs root for it: {}",
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
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
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
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.contains("the disk is full"), "{message}");

    // Exporting: a clear error, no file under the export's name, no temp file.
    let export = out.join("LT-LON-export-1.age");
    let result = casebook::exchange::export(&mut vault, &export, true, false, &mut |_| {});
    let error = result.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("the disk is full"), "export said: {error}");
    assert_eq!(names(&out), Vec::<String>::new(), "export left files");
    assert_eq!(vault.last_export_sequence().unwrap_or(99), 0);

    // Backing up: the same.
    let backup = out.join("casebook-backup.cbk");
    let error = vault
        .backup_to(&backup)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("the disk is full"), "backup said: {error}");
    assert_eq!(names(&out), Vec::<String>::new(), "backup left files");

    // Unlocking writes its audit entry, so while the disk is full it is
    // refused in the same plain words; nothing on disk is changed by trying.
    drop(vault);
    let error = Vault::open(&vault_dir, &passphrase())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("the disk is full"), "unlock said: {error}");

    // Space again: every earlier case is there, the vault is sound, and
    // everything works; nothing was left behind.
    std::fs::remove_file(&filler).unwrap_or_else(|e| panic!("{e}"));
    let vault = open(&vault_dir);
    for reference in &saved {
        assert!(vault.get_case(reference).is_ok(), "{reference} lost");
    }
    assert_eq!(vault.case_count().unwrap_or(0), saved.len() as u64);
    assert_eq!(
        vault.integrity_problems().unwrap_or_default(),
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
