//! Statistics over a large vault: a one- and a two-dimension table over
//! N generated cases (default 1,000,000; `CASEBOOK_BENCH_CASES` to change),
//! and the commission's annual report (its statistics alone beside it).
//! Run with `cargo bench --bench stats` (release profile). Filling the vault
//! takes several minutes; nothing here asserts a time.

use std::time::{Duration, Instant};

use casebook::document::report;
use casebook::stats::{Dimension, Filter};
use casebook::vault::{KdfParams, NewVault, OpenOptions, Role, Vault};
use chrono::Utc;
use secrecy::SecretString;

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = std::env::var("CASEBOOK_BENCH_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    // CASEBOOK_BENCH_VAULT=DIR keeps the filled vault there for later runs.
    let temp = tempfile::tempdir()?;
    let dir = std::env::var_os("CASEBOOK_BENCH_VAULT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    let passphrase = SecretString::from("amber river lantern quietly".to_owned());
    let new = NewVault {
        role: Role::Commission,
        mission_code: "HQ".into(),
        mission_name: "National commission".into(),
        officer: "A. Analyst".into(),
    };
    if !casebook::vault::exists(&dir) {
        drop(Vault::create(
            &dir,
            &new,
            &passphrase,
            // The floor: a release build refuses the test-only costs.
            KdfParams {
                memory_kib: KdfParams::FLOOR_MEMORY_KIB,
                iterations: 2,
                parallelism: 1,
            },
        )?);
        // Filled without SQLCipher's memory wiping, as `casebook generate` does.
        let options = OpenOptions {
            wipe_memory: false,
            ..OpenOptions::default()
        };
        let mut vault = Vault::open_with(&dir, &passphrase, options)?;
        let started = Instant::now();
        let today = Utc::now().date_naive();
        let batch = 100_000;
        for seed in 0..count.div_ceil(batch) {
            let n = batch.min(count - seed * batch);
            // As recorded cases: generated ones marked synthetic are never counted.
            let cases =
                casebook::domain::synthetic::generate(seed as u64 + 1, n, today).map(|mut case| {
                    case.synthetic = false;
                    case
                });
            vault.create_cases(cases, "cases-generated")?;
        }
        eprintln!(
            "filled {count} cases in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    // Timed as an analyst's session runs: memory security on.
    let vault = Vault::open(&dir, &passphrase)?;
    let count = vault.case_count()? as usize;
    let mut reads = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let mut n = 0usize;
        vault.for_each_facts(|_| n += 1)?;
        reads.push(started.elapsed());
    }
    eprintln!(
        "reading and parsing the facts alone: {:.2} s",
        median(&mut reads).as_secs_f64()
    );

    println!("| table | cases | median of 5 | slowest |");
    println!("|---|---|---|---|");
    for (rows_by, columns_by) in [
        (Dimension::Year, None),
        (Dimension::Gender, Some(Dimension::AgeGroup)),
        (Dimension::Citizenship, Some(Dimension::Form)),
    ] {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let started = Instant::now();
            let table = vault.statistics(rows_by, columns_by, &Filter::default())?;
            samples.push(started.elapsed());
            // Every case counted but those whose person refused anonymous
            // statistics (the generator records some refusals).
            assert_eq!((table.total + table.left_out.refused) as usize, count);
        }
        let slowest = *samples.iter().max().unwrap_or(&Duration::ZERO);
        let name = match columns_by {
            Some(columns) => format!("{} × {}", rows_by.name(), columns.name()),
            None => rows_by.name().to_owned(),
        };
        println!(
            "| {name} | {count} | {:.2} s | {:.2} s |",
            median(&mut samples).as_secs_f64(),
            slowest.as_secs_f64()
        );
    }

    // The annual report of the year with the most cases: its statistics
    // (every table counted and suppressed, `report::gather`), then the same
    // with the PDF/A drawn, as `casebook report` makes it.
    let years = vault.statistics(Dimension::Year, None, &Filter::default())?;
    let busiest = (0..years.rows.len())
        .max_by_key(|&r| years.row_totals[r])
        .and_then(|r| years.rows[r].as_deref()?.parse::<i32>().ok())
        .unwrap_or(2026);
    let in_year = (0..years.rows.len())
        .find(|&r| years.rows[r].as_deref() == Some(&busiest.to_string()))
        .map_or(0, |r| years.row_totals[r]);
    let request = report::Request {
        year: busiest,
        mission: None,
    };
    let today = Utc::now().date_naive();
    let (mut statistics, mut whole) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let started = Instant::now();
        let data = report::gather(&vault, &request, today)?;
        statistics.push(started.elapsed());
        let pdf = report::annual_report(&data, casebook::i18n::Language::Lithuanian)?;
        whole.push(started.elapsed());
        assert!(pdf.starts_with(b"%PDF"));
    }
    println!(
        "| annual report {busiest} ({in_year} cases that year), PDF/A-2b (target ≤ 5 s) | {count} | {:.2} s | {:.2} s |",
        median(&mut whole).as_secs_f64(),
        whole.iter().max().unwrap_or(&Duration::ZERO).as_secs_f64()
    );
    println!(
        "| the report's statistics alone ({} tables counted and suppressed) | {count} | {:.2} s | {:.2} s |",
        report::TABLES.len(),
        median(&mut statistics).as_secs_f64(),
        statistics
            .iter()
            .max()
            .unwrap_or(&Duration::ZERO)
            .as_secs_f64()
    );
    Ok(())
}
