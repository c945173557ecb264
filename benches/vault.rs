//! Vault figures users feel: unlock at calibrated parameters, one save,
//! filling a vault with generated cases, a case summary and a referral letter (PDF). Run with `cargo bench --bench vault`
//! (release profile). Prints a Markdown table; nothing here asserts a time.

use std::time::{Duration, Instant};

use casebook::domain::synthetic;
use casebook::vault::{KdfParams, NewVault, Role, Vault};
use chrono::Utc;
use secrecy::SecretString;

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let passphrase = SecretString::from("amber river lantern quietly".to_owned());
    let new = NewVault {
        role: Role::Mission,
        mission_code: "LT-LON".into(),
        mission_name: "Embassy in London".into(),
        officer: "J. Jonaitis".into(),
    };
    let started = Instant::now();
    let kdf = KdfParams::calibrate()?;
    let calibration = started.elapsed();
    drop(Vault::create(dir.path(), &new, &passphrase, kdf)?);

    let mut unlocks: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let vault = Vault::open(dir.path(), &passphrase);
            let elapsed = started.elapsed();
            drop(vault);
            elapsed
        })
        .collect();

    // Filled by the real command, as a trainer would fill a vault.
    let pass_file = dir.path().join("pass.txt");
    std::fs::write(&pass_file, "amber river lantern quietly\n")?;
    let generated = 100_000;
    let started = Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(dir.path())
        .arg("--passphrase-file")
        .arg(&pass_file)
        .args(["generate", "--count", &generated.to_string(), "--seed", "1"])
        .status()?;
    let generate_time = started.elapsed();
    assert!(status.success(), "casebook generate failed");

    let mut vault = Vault::open(dir.path(), &passphrase)?;
    let today = Utc::now().date_naive();

    let mut saves: Vec<Duration> = synthetic::generate(2, 200, today)
        .map(|case| {
            let started = Instant::now();
            let result = vault.create_case(case);
            let elapsed = started.elapsed();
            if let Err(e) = result {
                panic!("save failed: {e}");
            }
            elapsed
        })
        .collect();

    // A case summary of the reference case (every section filled), read
    // from the full vault and rendered to PDF/A, as `document summary` does.
    let full = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/case-full.json"
    ))?;
    let reference = vault
        .create_case(casebook::domain::Case::from_json(&full)?)?
        .meta
        .reference;
    let mut summaries: Vec<Duration> = (0..20)
        .map(|_| {
            let started = Instant::now();
            let made = casebook::document::summary_input(&vault, &reference, today).map(
                |(record, context)| {
                    casebook::document::case_summary(
                        &record,
                        &context,
                        casebook::i18n::Language::Lithuanian,
                    )
                },
            );
            let elapsed = started.elapsed();
            match made {
                Ok(Ok(bytes)) => assert!(bytes.starts_with(b"%PDF")),
                Ok(Err(e)) => panic!("summary failed: {e}"),
                Err(e) => panic!("summary failed: {e}"),
            }
            elapsed
        })
        .collect();

    // The letter for the reference case's referral, read with its
    // directory entry and rendered, as `document referral` does.
    let mut letters: Vec<Duration> = (0..20)
        .map(|_| {
            let started = Instant::now();
            let made = casebook::document::referral_input(&vault, &reference, 1, today).map(
                |(record, context, entry)| {
                    casebook::document::referral_letter(
                        &record,
                        1,
                        &entry,
                        &context,
                        casebook::i18n::Language::Lithuanian,
                    )
                },
            );
            let elapsed = started.elapsed();
            match made {
                Ok(Ok(bytes)) => assert!(bytes.starts_with(b"%PDF")),
                Ok(Err(e)) => panic!("letter failed: {e}"),
                Err(e) => panic!("letter failed: {e}"),
            }
            elapsed
        })
        .collect();

    println!("| operation | size | median | p95 |");
    println!("|---|---|---|---|");
    println!(
        "| calibrate key derivation ({} KiB, {} passes) | — | {} (once) | — |",
        kdf.memory_kib,
        kdf.iterations,
        ms(calibration)
    );
    println!(
        "| unlock (key derivation, open, schema check, audit entry) | empty vault | {} | {} |",
        ms(percentile(&mut unlocks, 0.5)),
        ms(percentile(&mut unlocks, 0.95))
    );
    println!(
        "| save one case (synchronous=FULL) | {} in vault | {} | {} |",
        generated,
        ms(percentile(&mut saves, 0.5)),
        ms(percentile(&mut saves, 0.95))
    );
    println!(
        "| `casebook generate` (one transaction, includes unlock) | {generated} | {:.1} s | — |",
        generate_time.as_secs_f64()
    );
    println!(
        "| case summary, read and rendered to PDF/A-2b (target ≤ 300 ms) | {} in vault | {} | {} |",
        generated,
        ms(percentile(&mut summaries, 0.5)),
        ms(percentile(&mut summaries, 0.95))
    );
    println!(
        "| referral letter, read and rendered to PDF/A-2b (target ≤ 300 ms) | {} in vault | {} | {} |",
        generated,
        ms(percentile(&mut letters, 0.5)),
        ms(percentile(&mut letters, 0.95))
    );
    Ok(())
}
