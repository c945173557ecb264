//! Memory while the commission checks a file that is not a genuine export.
//!
//! Alone in its test binary, and its tests one at a time ([`alone`]), so
//! that the process's peak resident memory (`VmHWM`, reset through
//! `/proc/self/clear_refs`) measures the check and nothing else.
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufWriter, Write};
use std::str::FromStr;

use casebook::exchange::{self, Approval, Error};
use common::*;

/// Held for the whole of each test: the peak is the process's, so two
/// tests measured at once would count each other's memory.
fn alone() -> std::sync::MutexGuard<'static, ()> {
    static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    ALONE.lock().unwrap_or_else(|p| p.into_inner())
}

/// The process's peak resident memory so far, in MiB.
fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_else(|e| panic!("{e}"));
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in /proc/self/status"));
    kib / 1024
}

/// The process's resident memory now, in MiB.
fn resident_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_else(|e| panic!("{e}"));
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmRSS in /proc/self/status"));
    kib / 1024
}

/// How much of the garbage the file holds, in MiB: the review reproduced
/// the growth with 200 MB; 120 show it as well and take less time.
const GARBAGE_MIB: usize = 120;

#[test]
fn a_file_of_garbage_lines_is_refused_and_checking_it_keeps_memory_bounded() {
    let _alone = alone();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission_vault(&dir.path().join("commission"));
    let recipient = exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));

    // A valid opening line, then lines that read as empty signatures,
    // encrypted to the commission: anyone who knows its public key can
    // make this file.
    let file = dir.path().join("garbage.age");
    {
        let recipient =
            age::x25519::Recipient::from_str(&recipient).unwrap_or_else(|e| panic!("{e}"));
        let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
            .unwrap_or_else(|e| panic!("{e}"));
        let out = BufWriter::new(std::fs::File::create(&file).unwrap_or_else(|e| panic!("{e}")));
        let mut writer = encryptor.wrap_output(out).unwrap_or_else(|e| panic!("{e}"));
        writer
            .write_all(b"{\"format\":\"casebook-export\",\"version\":1}\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let chunk = "{\"signature\":\"\"}\n".repeat((1 << 20) / 17);
        for _ in 0..GARBAGE_MIB {
            writer
                .write_all(chunk.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        writer
            .finish()
            .and_then(|mut out| out.flush())
            .unwrap_or_else(|e| panic!("{e}"));
    }

    // From here on the peak counts only what checking the file holds.
    std::fs::write("/proc/self/clear_refs", "5").unwrap_or_else(|e| panic!("{e}"));
    let before = resident_mib();
    let verified = exchange::verify(&commission, &file, &mut |_| {});
    assert!(verified.is_err(), "a file of garbage was verified");
    let imported = exchange::import(&mut commission, &file, &Approval::Nobody, &mut |_| {});
    assert!(
        matches!(
            imported,
            Err(Error::ManifestMismatch(_) | Error::Damaged(_) | Error::BadSignature)
        ),
        "{imported:?}"
    );
    let growth = peak_mib().saturating_sub(before);
    eprintln!("checking {GARBAGE_MIB} MiB of garbage raised the peak by {growth} MiB");
    assert!(
        growth < 64,
        "checking {GARBAGE_MIB} MiB of garbage took {growth} MiB more memory"
    );
    assert_eq!(commission.case_count().ok(), Some(0));
    assert_eq!(commission.missions().map(|m| m.len()).ok(), Some(0));
}

/// How many lines of about 4 MiB the long-reference file holds.
const LONG_LINES: usize = 60;

/// A genuinely signed file from an approved mission whose records each carry
/// a reference of almost 4 MiB (the longest line an import reads), the last
/// of them invalid so that checking ends before any merge: the first pass's
/// tallies, one per batch of lines, keep no more than a short piece of a
/// reference, so memory does not grow with the number of such lines.
#[test]
fn verifying_a_file_of_long_references_keeps_memory_bounded() {
    use ed25519_dalek::{Signer, SigningKey};
    use sha2::{Digest, Sha256};

    let _alone = alone();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut commission = new_commission_vault(&dir.path().join("commission"));
    let recipient = exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));
    let recipient = age::x25519::Recipient::from_str(&recipient).unwrap_or_else(|e| panic!("{e}"));
    let key = SigningKey::from_bytes(&[7; 32]);
    let case_line = |reference: &str, contact: &str| {
        serde_json::json!({"case": {
            "meta": {
                "id": casebook::domain::CaseId::new(),
                "reference": reference,
                "origin_mission": "XX-MEM",
                "revision": 1,
                "created_at": "2026-10-01T10:00:00Z",
                "created_by": "X",
                "updated_at": "2026-10-01T10:00:00Z",
                "updated_by": "X",
            },
            "redacted": false,
            "case": {"first_contact": {"date": contact, "channel": "Phone"}},
        }})
        .to_string()
    };
    // Writes a signed export of `body`, encrypted to the commission,
    // without holding it whole.
    let write = |path: &std::path::Path, body: &mut dyn Iterator<Item = String>| {
        let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
            .unwrap_or_else(|e| panic!("{e}"));
        let out = BufWriter::new(std::fs::File::create(path).unwrap_or_else(|e| panic!("{e}")));
        let mut writer = encryptor.wrap_output(out).unwrap_or_else(|e| panic!("{e}"));
        let mut digest = Sha256::new();
        let mut cases = 0u64;
        let mut put = |line: &str, digest: Option<&mut Sha256>| {
            let line = format!("{line}\n");
            if let Some(digest) = digest {
                digest.update(line.as_bytes());
            }
            writer
                .write_all(line.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        };
        put(
            "{\"format\":\"casebook-export\",\"version\":1}",
            Some(&mut digest),
        );
        for line in body {
            cases += 1;
            put(&line, Some(&mut digest));
        }
        let manifest = serde_json::json!({"manifest": {
            "format": "casebook-export",
            "version": 1,
            "mission_id": "0190f000-0000-7000-8000-000000000000",
            "mission_code": "XX-MEM",
            "mission_name": "Memory",
            "mission_key": hex::encode(key.verifying_key().to_bytes()),
            "sequence": 1,
            "kind": "incremental",
            "created_at": "2026-11-01T10:00:00Z",
            "app_version": "test",
            "counts": {"cases": cases, "redacted": 0, "tombstones": 0},
            "body_sha256": hex::encode(digest.finalize()),
        }})
        .to_string();
        let signature = hex::encode(key.sign(manifest.as_bytes()).to_bytes());
        put(&manifest, None);
        put(
            &serde_json::json!({ "signature": signature }).to_string(),
            None,
        );
        writer
            .finish()
            .and_then(|mut out| out.flush())
            .unwrap_or_else(|e| panic!("{e}"));
    };

    // The mission is approved with a small file of its own.
    let small = dir.path().join("small.age");
    write(
        &small,
        &mut std::iter::once(case_line("XX-MEM-2026-0001", "2026-10-01")),
    );
    import_as_analyst(&mut commission, &small).unwrap_or_else(|e| panic!("{e}"));

    let long = dir.path().join("long.age");
    let padding = "9".repeat((4 << 20) - 1024);
    write(
        &long,
        &mut (0..LONG_LINES).map(|n| {
            let contact = if n + 1 == LONG_LINES {
                "2099-01-01"
            } else {
                "2026-10-01"
            };
            case_line(&format!("XX-MEM-2026-{n:04}{padding}"), contact)
        }),
    );
    drop(padding);

    std::fs::write("/proc/self/clear_refs", "5").unwrap_or_else(|e| panic!("{e}"));
    let before = resident_mib();
    let verified = exchange::verify(&commission, &long, &mut |_| {});
    let growth = peak_mib().saturating_sub(before);
    eprintln!("verifying {LONG_LINES} lines of 4 MiB references raised the peak by {growth} MiB");
    assert!(
        growth < 150,
        "verifying {LONG_LINES} lines of 4 MiB took {growth} MiB more memory"
    );
    // Refused for the invalid record, named in a message of bounded length.
    match &verified {
        Err(Error::InvalidRecord { line, message }) => {
            assert_eq!(*line, LONG_LINES as u64 + 1);
            assert!(message.len() < 1000, "a message of {} bytes", message.len());
        }
        Err(e) => panic!("refused for another reason: {}", e.to_string().len()),
        Ok(_) => panic!("a file with an invalid record was verified"),
    }
    assert_eq!(commission.case_count().ok(), Some(1));
}
