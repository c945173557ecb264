//! Memory while the commission checks a file that is not a genuine export.
//!
//! Alone in its test binary, so that the process's peak resident memory
//! (`VmHWM`, reset through `/proc/self/clear_refs`) measures the import and
//! nothing else.
#![cfg(target_os = "linux")]

mod common;

use std::io::{BufWriter, Write};
use std::str::FromStr;

use casebook::exchange::{self, Approval, Error};
use common::*;

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
