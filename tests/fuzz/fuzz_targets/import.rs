//! The export importer. Each input is the plaintext of an export file; it is
//! checked twice by `verify` (everything `import` does, in a transaction
//! that is rolled back, so the commission vault stays as set up):
//!
//! 1. encrypted for the commission as it is, so that the opening line, the
//!    manifest and the signature checks see arbitrary bytes;
//! 2. with its manifest and signature made afresh over whatever lines it
//!    holds, signed by a mission key, so that mutated case, tombstone and
//!    withdrawn-consent lines reach the record checks and the merge behind
//!    the signature (the manifest takes the opening line's version, so a
//!    withdrawal in a file opened as format 4 gets past the version check).
//!
//! Either gives a result or an error, never a panic.
#![no_main]

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use casebook::exchange::format::{Line, Opening};
use casebook::exchange::{Counts, Kind, Manifest};
use casebook::vault::{KdfParams, NewVault, Role, Vault};
use ed25519_dalek::Signer;
use libfuzzer_sys::fuzz_target;
use sha2::{Digest, Sha256};

struct Setup {
    _dir: tempfile::TempDir,
    vault: Mutex<Vault>,
    recipient: age::x25519::Recipient,
    signer: ed25519_dalek::SigningKey,
    file: PathBuf,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let vault = Vault::create(
            &dir.path().join("commission"),
            &NewVault {
                role: Role::Commission,
                mission_code: "LT-NCC".into(),
                mission_name: "National Coordination Commission".into(),
                officer: "A. Analyst".into(),
            },
            &secrecy::SecretString::from("correct horse battery staple".to_owned()),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let recipient = casebook::exchange::commission_public_key(&vault)
            .unwrap_or_else(|e| panic!("{e}"))
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let signer = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        // The mission the inputs are signed for is approved, as an analyst
        // would have approved it: `verify` reads no record of a file from a
        // mission not approved yet.
        vault
            .diagnostic_connection()
            .execute(
                "INSERT INTO missions (code, name, vault_id, public_key, approved_at, approved_by) \
                 VALUES ('LT-LON', 'Fuzz', '00000000-0000-4000-8000-000000000001', ?1, \
                 '2026-01-01T00:00:00Z', 'A. Analyst')",
                [&signer.verifying_key().to_bytes()[..]],
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("input.age");
        Setup {
            _dir: dir,
            vault: Mutex::new(vault),
            recipient,
            signer,
            file,
        }
    })
}

fn check(setup: &Setup, plaintext: &[u8]) {
    let encryptor =
        age::Encryptor::with_recipients(std::iter::once(&setup.recipient as &dyn age::Recipient))
            .unwrap_or_else(|e| panic!("{e}"));
    let mut bytes = Vec::with_capacity(plaintext.len() + 256);
    let mut writer = encryptor
        .wrap_output(&mut bytes)
        .unwrap_or_else(|e| panic!("{e}"));
    writer
        .write_all(plaintext)
        .and_then(|()| writer.finish().map(|_| ()))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&setup.file, &bytes).unwrap_or_else(|e| panic!("{e}"));
    let vault = setup.vault.lock().unwrap_or_else(|p| p.into_inner());
    let _ = casebook::exchange::verify(&vault, &setup.file, &mut |_| {});
}

/// The input's lines with a manifest and signature made for them.
fn resigned(setup: &Setup, data: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(data.len() + 1024);
    let mut counts = Counts::default();
    let mut mission_code = "LT-LON".to_owned();
    let mut mission_id = "00000000-0000-4000-8000-000000000001".to_owned();
    let mut sequence = 1;
    let mut kind = Kind::Full;
    let mut version = 1;
    for (number, line) in data.split(|&b| b == b'\n').enumerate() {
        if number > 0 && line.is_empty() {
            continue;
        }
        if number == 0
            && let Ok(opening) = serde_json::from_slice::<Opening>(line)
        {
            version = opening.version;
        }
        match serde_json::from_slice::<Line>(line) {
            Ok(Line::Manifest(manifest)) => {
                // Keep what it said of the mission, so records can match.
                mission_code = manifest.mission_code;
                mission_id = manifest.mission_id;
                sequence = manifest.sequence;
                kind = manifest.kind;
                continue;
            }
            Ok(Line::Signature(_)) => continue,
            Ok(Line::Case(case)) => {
                counts.cases += 1;
                counts.redacted += u64::from(case.redacted);
            }
            Ok(Line::Tombstone(_)) => counts.tombstones += 1,
            Ok(Line::Withdrawal(_)) => counts.withdrawals += 1,
            Err(_) => {}
        }
        body.extend_from_slice(line);
        body.push(b'\n');
    }
    let manifest = Manifest {
        format: "casebook-export".into(),
        version,
        mission_id,
        mission_code,
        mission_name: "Embassy in London".into(),
        mission_key: hex::encode(setup.signer.verifying_key().to_bytes()),
        mission_recipient: None,
        sequence,
        kind,
        epoch: None,
        key_rotations: Vec::new(),
        created_at: chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap_or_default(),
        app_version: "fuzz".into(),
        counts,
        body_sha256: hex::encode(Sha256::digest(&body)),
    };
    let manifest_line =
        serde_json::to_vec(&Line::Manifest(Box::new(manifest))).unwrap_or_else(|e| panic!("{e}"));
    let signature = setup.signer.sign(&manifest_line);
    body.extend_from_slice(&manifest_line);
    body.push(b'\n');
    let signature_line = serde_json::to_vec(&Line::Signature(hex::encode(signature.to_bytes())))
        .unwrap_or_else(|e| panic!("{e}"));
    body.extend_from_slice(&signature_line);
    body.push(b'\n');
    body
}

fuzz_target!(|data: &[u8]| {
    let setup = setup();
    check(setup, data);
    check(setup, &resigned(setup, data));
});
