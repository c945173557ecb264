//! The benchmark suite: what users feel, next to a baseline measured in the
//! same run, against the targets. Writes `docs/benchmarks.md`.
//!
//! ```text
//! cargo bench --bench suite --features bench-baseline
//! ```
//!
//! Filled vaults are kept in `target/bench-data` (`CASEBOOK_BENCH_DIR`) for
//! later runs; the first run fills them (about 20 minutes for a million
//! cases). Delete them when the way records are stored changes: a kept
//! vault would be migrated on opening and keep the old form's free pages.
//! `CASEBOOK_BENCH_SMALL` and `CASEBOOK_BENCH_LARGE` change the sizes
//! (100,000 and 1,000,000), `CASEBOOK_BENCH_OUT` the output file, and
//! `CASEBOOK_BENCH_ONLY` (a list of `unlock`, `save`, `reads`, `exchange`,
//! `stats`, `gui`, `destroy`) runs only those sections, printing without writing. The
//! baseline is the same vault's database exported to plain SQLite with
//! `sqlcipher_export` and opened through the same code without encryption
//! (feature `bench-baseline`, never in a normal build); saves, searches,
//! list pages and statistics run the same calls on both, taking turns (see
//! [`turn`]), and ask for as many rows as the application does
//! ([`SEARCH_LIMIT`], [`PAGE`]). Nothing here asserts a time; the table says
//! pass or fail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use casebook::domain::{CaseStatus, ExploitationType, TraffickingStatus, synthetic};
use casebook::exchange::{self, Approval};
use casebook::stats::{Dimension, Filter};
use casebook::vault::{KdfParams, ListQuery, NewVault, OpenOptions, Role, SortKey, Vault};
use chrono::{Datelike, Utc};
use secrecy::{ExposeSecret, SecretString};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const PASSPHRASE: &str = "amber river lantern quietly";

fn passphrase() -> SecretString {
    SecretString::from(PASSPHRASE.to_owned())
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// Runs of each export and import (the rows give the median).
const RUNS: usize = 5;

/// Cases saved into each vault for the save row.
const SAVES: usize = 400;

/// The rows a search asks for, as the application asks: the case list
/// shows [`casebook::vault::SEARCH_SHOWN`] matches and asks for one more to
/// know whether there are others.
const SEARCH_LIMIT: u64 = casebook::vault::SEARCH_SHOWN + 1;

/// The rows of a list page, as the case list shows them (`PAGE_SIZE` in
/// `src/gui/screen/cases.rs`).
const PAGE: u64 = 50;

/// Median and 95th percentile.
fn summary(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.95))
}

fn time<T>(work: impl FnOnce() -> T) -> (Duration, T) {
    let started = Instant::now();
    let value = work();
    (started.elapsed(), value)
}

/// Which of Casebook (0) and its baseline (1) goes first in round `i`:
/// each every other time, so that neither always meets the machine as the
/// other left it.
fn turn(i: usize) -> [usize; 2] {
    if i.is_multiple_of(2) { [0, 1] } else { [1, 0] }
}

/// Lets the disk write out what the run before left behind (a deleted
/// vault copy, an overwritten export), so that a timed export or import
/// does not pay for it.
fn settle() {
    let _ = Command::new("sync").status();
    std::thread::sleep(Duration::from_secs(1));
}

fn fmt(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}

struct Row {
    operation: String,
    size: String,
    figure: String,
    baseline: String,
    ratio: String,
    target: String,
    pass: bool,
}

impl Row {
    fn print(&self) -> String {
        format!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            self.operation,
            self.size,
            self.figure,
            self.baseline,
            self.ratio,
            self.target,
            if self.pass { "pass" } else { "**fail**" }
        )
    }
}

/// What is known of why a row fails: the profiles behind these are in
/// `docs/performance.md`.
fn why_it_fails(operation: &str) -> &'static str {
    if operation.starts_with("save one case") {
        "both sides write the same pages, about 26 a save; the difference is \
         SQLCipher encrypting (AES-256-CBC) and authenticating (HMAC-SHA512) \
         each of them, about 9 µs a page on this CPU, against a disk whose \
         fsync is short. The code cannot remove it without giving up the \
         authentication of every page that tells a tampered vault. Profile and \
         figures: `docs/performance.md`, \"Saving one case: what the ratio \
         measures\"."
    } else if operation.starts_with("import") || operation.starts_with("export") {
        "its time follows the speed of this shared machine (the fixed work \
         above; runs of the same build differed by half). Where the time goes: \
         `docs/performance.md`, \"Import\" or \"Export\", and \"Open questions\"."
    } else if operation.starts_with("statistics") {
        "its time follows the speed of this shared machine; the baseline in \
         the same row ran the same code in turn with it. See \"Statistics \
         over a million cases\" in `docs/performance.md`."
    } else {
        "see \"Where it stands\" in `docs/performance.md`."
    }
}

fn mission(code: &str) -> NewVault {
    NewVault {
        role: Role::Mission,
        mission_code: code.into(),
        mission_name: "Embassy in London".into(),
        officer: "J. Jonaitis".into(),
    }
}

fn open(dir: &Path) -> Result<Vault> {
    Ok(Vault::open(dir, &passphrase())?)
}

fn open_baseline(dir: &Path) -> Result<Vault> {
    let options = OpenOptions {
        unencrypted_baseline: true,
        ..OpenOptions::default()
    };
    Ok(Vault::open_with(dir, &passphrase(), options)?)
}

/// A mission vault of `count` generated cases in `root/name` and its plain
/// SQLite baseline in `root/name-baseline`, made once and kept.
fn filled(
    root: &Path,
    name: &str,
    count: usize,
    commission_key: &str,
) -> Result<(PathBuf, PathBuf)> {
    let dir = root.join(name);
    let baseline = root.join(format!("{name}-baseline"));
    if !casebook::vault::exists(&dir) || !casebook::vault::exists(&baseline) {
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&baseline);
        drop(Vault::create(
            &dir,
            &mission("LT-LON"),
            &passphrase(),
            KdfParams::insecure_for_tests(),
        )?);
        let options = OpenOptions {
            wipe_memory: false,
            ..OpenOptions::default()
        };
        let mut vault = Vault::open_with(&dir, &passphrase(), options)?;
        vault.set_commission_key(commission_key, true)?;
        let today = Utc::now().date_naive();
        let (took, ()) = time(|| -> () {
            let batch = 100_000;
            for seed in 0..count.div_ceil(batch) {
                let n = batch.min(count - seed * batch);
                // As recorded cases: generated ones marked synthetic never
                // leave in an export nor count in statistics.
                let cases = synthetic::generate(seed as u64 + 1, n, today).map(|mut case| {
                    case.synthetic = false;
                    case
                });
                if let Err(e) = vault.create_cases(cases, "cases-generated") {
                    panic!("filling failed: {e}");
                }
            }
        });
        eprintln!(
            "filled {name}: {count} cases in {:.0} s",
            took.as_secs_f64()
        );
        std::fs::create_dir_all(&baseline)?;
        vault.export_unencrypted_baseline(&baseline.join("casebook.db"))?;
        drop(vault);
        std::fs::copy(dir.join("vault.json"), baseline.join("vault.json"))?;
    }
    Ok((dir, baseline))
}

/// Copies the files of a closed vault (not its lock).
fn copy_vault(from: &Path, to: &Path) -> Result<()> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if path.is_file()
            && !path.ends_with("casebook.lock")
            && let Some(name) = path.file_name()
        {
            std::fs::copy(&path, to.join(name))?;
        }
    }
    Ok(())
}

/// Resident and peak memory of this process, in MB.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak so that the next reading is the peak of what follows.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Set (to `export` or `import`) in a copy of this program started by
/// [`memory_growth`]; `CASEBOOK_BENCH_VAULT` and `CASEBOOK_BENCH_FILE` say
/// on what.
const MEMORY_CHILD: &str = "CASEBOOK_BENCH_MEMORY";

/// How much the resident memory of a fresh process grows, in MB, while it
/// exports `vault` to `file` or imports `file` into `vault`, once the vault
/// is unlocked (the key derivation's 64 MiB are freed by then).
fn memory_growth(task: &str, vault: &Path, file: &Path) -> Result<f64> {
    let output = Command::new(std::env::current_exe()?)
        .env(MEMORY_CHILD, task)
        .env("CASEBOOK_BENCH_VAULT", vault)
        .env("CASEBOOK_BENCH_FILE", file)
        .stderr(Stdio::inherit())
        .output()?;
    if !output.status.success() {
        return Err(format!("the {task} for the memory reading failed").into());
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().parse()?)
}

fn memory_child(task: &str) -> Result<()> {
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from).ok_or("not set");
    let (vault_dir, file) = (var("CASEBOOK_BENCH_VAULT")?, var("CASEBOOK_BENCH_FILE")?);
    let mut vault = open(&vault_dir)?;
    // Outside the reading: the approval reads the file once to know its key.
    let approval = match task {
        "import" => approve_any(&vault, &file)?,
        _ => Approval::Nobody,
    };
    reset_peak();
    let (before, _) = memory();
    match task {
        "export" => {
            exchange::export(&mut vault, &file, true, true, &mut |_| {})?;
        }
        "import" => {
            exchange::import(&mut vault, &file, &approval, &mut |_| {})?;
        }
        other => return Err(format!("no memory reading for {other}").into()),
    }
    println!("{}", memory().1 - before);
    Ok(())
}

/// Approves the mission that signed `file`, by its code and key, as an
/// analyst would after comparing the fingerprint (read by `verify`, outside
/// the timed import).
fn approve_any(vault: &Vault, file: &Path) -> Result<Approval> {
    match exchange::verify(vault, file, &mut |_| {}) {
        Ok(found) => Ok(Approval::Missions(vec![exchange::MissionApproval::of(
            &found.mission,
        )])),
        Err(e) => Err(e.into()),
    }
}

fn search_queries() -> [&'static str; 5] {
    [
        "zukauskiene",
        "Peterborough",
        "Kovalenko Boston",
        "Klaipėda",
        "2026-00042",
    ]
}

fn list_queries() -> Vec<ListQuery> {
    let today = Utc::now().date_naive();
    vec![
        ListQuery {
            limit: PAGE,
            ..ListQuery::default()
        },
        ListQuery {
            status: Some(CaseStatus::FollowUp),
            sort: SortKey::FirstContact,
            descending: true,
            limit: PAGE,
            ..ListQuery::default()
        },
        ListQuery {
            trafficking_status: Some(TraffickingStatus::ActualVictimOfTrafficking),
            limit: PAGE,
            offset: 10 * PAGE,
            ..ListQuery::default()
        },
        ListQuery {
            form: Some(ExploitationType::ForcedLabour),
            contact_from: today.with_year(today.year() - 1),
            limit: PAGE,
            ..ListQuery::default()
        },
    ]
}

/// The p95 of searches and of list pages in each of `vaults` (Casebook and
/// its baseline). Both run each query in turn (see [`turn`]), so that both
/// meet the same machine. The first round is not counted: the first read
/// of a page after unlocking decrypts it, and the round warms the
/// baseline's cache alike.
fn reads(vaults: [&Vault; 2]) -> Result<[(Duration, Duration); 2]> {
    let mut searches = [Vec::new(), Vec::new()];
    let mut pages = [Vec::new(), Vec::new()];
    for round in 0..21 {
        if round == 1 {
            searches = [Vec::new(), Vec::new()];
            pages = [Vec::new(), Vec::new()];
        }
        for query in search_queries() {
            for which in turn(round) {
                let (took, found) = time(|| vaults[which].search_cases(query, SEARCH_LIMIT));
                found?;
                searches[which].push(took);
            }
        }
        for query in list_queries() {
            for which in turn(round) {
                let (took, page) = time(|| vaults[which].list_cases(&query));
                page?;
                pages[which].push(took);
            }
        }
    }
    let [mut ours, mut theirs] = searches;
    let [mut our_pages, mut their_pages] = pages;
    Ok([
        (summary(&mut ours).1, summary(&mut our_pages).1),
        (summary(&mut theirs).1, summary(&mut their_pages).1),
    ])
}

/// A fixed piece of CPU work, timed (median of three): how fast the shared
/// machine is at the moment, for reading the rows that have no baseline.
fn reference_work() -> Duration {
    let block = vec![0x5a_u8; 16 << 20];
    let mut runs: Vec<Duration> = (0..3)
        .map(|_| {
            time(|| {
                let mut hasher = openssl::sha::Sha256::new();
                for _ in 0..16 {
                    hasher.update(&block);
                }
                hasher.finish()
            })
            .0
        })
        .collect();
    summary(&mut runs).0
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|m| m.trim().to_owned())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let output = |program: &str, args: &[&str]| {
        Command::new(program)
            .args(args)
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    format!(
        "{cpu}, {cores} cores, {memory:.0} GiB; {}; {}; commit {}",
        output("uname", &["-sr"]),
        output("rustc", &["--version"]),
        output("git", &["rev-parse", "--short", "HEAD"])
    )
}

/// How long the unlocked window sits idle before its memory is read.
const IDLE: Duration = Duration::from_secs(5);

/// Seconds from starting the GUI to its window being mapped, and the
/// resident memory of the last start once unlocked and idle (0 when it did
/// not unlock). Needs Xvfb and xdotool.
fn gui_launch(vault: &Path) -> Option<(Vec<Duration>, f64)> {
    // A display no other server holds (an Xvfb that was killed leaves its
    // lock file, and a second one on the same display exits at once).
    let number = (90..200).find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists())?;
    let display = &format!(":{number}");
    let mut xvfb = Command::new("Xvfb")
        .args([display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    // Ready when a client can ask it where the pointer is.
    let ready = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        Command::new("xdotool")
            .arg("getmouselocation")
            .env("DISPLAY", display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    if !ready {
        eprintln!("Xvfb did not start on {display}");
    }
    let mut launches = Vec::new();
    let mut idle_rss = 0.0;
    for run in 0..5 {
        let started = Instant::now();
        let mut app = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .arg("--vault")
            .arg(vault)
            .env("DISPLAY", display)
            .env("ICED_BACKEND", "tiny-skia")
            .stderr(Stdio::inherit())
            .spawn()
            .ok()?;
        let mut window = None;
        while started.elapsed() < Duration::from_secs(30) {
            let found = Command::new("xdotool")
                .args(["search", "--onlyvisible", "--name", "Casebook"])
                .env("DISPLAY", display)
                .output()
                .ok()?;
            let text = String::from_utf8_lossy(&found.stdout).trim().to_owned();
            if !text.is_empty() {
                window = Some(text.lines().next().unwrap_or_default().to_owned());
                launches.push(started.elapsed());
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if window.is_none() {
            eprintln!(
                "launch {run}: no window; the application ended with {:?}",
                app.try_wait()
            );
        }
        if run == 4
            && let Some(window) = window
        {
            {
                // Unlock, show the first page, then sit idle. Focus, not
                // activate: Xvfb runs without a window manager.
                let _ = Command::new("xdotool")
                    .args(["windowfocus", "--sync", &window])
                    .env("DISPLAY", display)
                    .status();
                let _ = Command::new("xdotool")
                    .args(["type", "--delay", "5", "--", PASSPHRASE])
                    .env("DISPLAY", display)
                    .status();
                let _ = Command::new("xdotool")
                    .args(["key", "Return"])
                    .env("DISPLAY", display)
                    .status();
                // Unlocked, the title names the mission: waited for (the
                // key derivation takes about a second), then IDLE without
                // input. Nothing outside the window tells when the list's
                // first page is drawn; it is read in milliseconds (the
                // reads rows) and the wait is seconds.
                let unlocked = (0..300).any(|_| {
                    std::thread::sleep(Duration::from_millis(100));
                    Command::new("xdotool")
                        .args(["getwindowname", &window])
                        .env("DISPLAY", display)
                        .output()
                        .is_ok_and(|title| {
                            String::from_utf8_lossy(&title.stdout).contains("LT-LON")
                        })
                });
                if unlocked {
                    std::thread::sleep(IDLE);
                } else {
                    eprintln!("the window did not unlock: no idle memory reading");
                }
                let status = std::fs::read_to_string(format!("/proc/{}/status", app.id()))
                    .unwrap_or_default();
                idle_rss = if unlocked { status } else { String::new() }
                    .lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<f64>().ok())
                    .map_or(0.0, |kb| kb / 1024.0);
            }
        }
        let _ = app.kill();
        let _ = app.wait();
        // Let the server finish with the closed window: a launch straight
        // after sometimes could not open the display.
        std::thread::sleep(Duration::from_secs(1));
    }
    // Terminated, not killed: Xvfb then removes its lock file.
    let _ = Command::new("kill")
        .args(["-TERM", &xvfb.id().to_string()])
        .status();
    let _ = xvfb.wait();
    if launches.len() < 5 {
        eprintln!("the window appeared in {} of 5 launches", launches.len());
    }
    (launches.len() == 5).then_some((launches, idle_rss))
}

fn main() -> Result<()> {
    if let Ok(task) = std::env::var(MEMORY_CHILD) {
        return memory_child(&task);
    }
    let root = std::env::var_os("CASEBOOK_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
    let small: usize = std::env::var("CASEBOOK_BENCH_SMALL")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let large: usize = std::env::var("CASEBOOK_BENCH_LARGE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let out = std::env::var_os("CASEBOOK_BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/benchmarks.md"));
    // `CASEBOOK_BENCH_ONLY=reads,exchange` runs some sections and prints
    // their rows without writing the table.
    let only: Option<Vec<String>> = std::env::var("CASEBOOK_BENCH_ONLY")
        .ok()
        .map(|list| list.split(',').map(str::to_owned).collect());
    let wanted = |section: &str| only.as_ref().is_none_or(|o| o.iter().any(|s| s == section));
    std::fs::create_dir_all(&root)?;
    let scratch = tempfile::tempdir_in(&root)?;
    let mut rows = Vec::new();
    let mut speeds = Vec::new();

    // The commission, empty, made once; every import starts from a copy.
    let commission_dir = root.join("commission");
    if !casebook::vault::exists(&commission_dir) {
        drop(Vault::create(
            &commission_dir,
            &NewVault {
                role: Role::Commission,
                mission_code: "HQ".into(),
                mission_name: "National commission".into(),
                officer: "A. Analyst".into(),
            },
            &passphrase(),
            KdfParams::insecure_for_tests(),
        )?);
    }
    let commission_key = exchange::commission_public_key(&open(&commission_dir)?)?;
    let (small_dir, small_baseline) =
        filled(&root, &format!("mission-{small}"), small, &commission_key)?;
    let (large_dir, large_baseline) =
        filled(&root, &format!("mission-{large}"), large, &commission_key)?;

    if wanted("unlock") {
        speeds.push(("unlock", reference_work()));
        // Unlock: key derivation at calibrated parameters.
        let kdf = KdfParams::calibrate()?;
        let empty = scratch.path().join("empty");
        drop(Vault::create(
            &empty,
            &mission("LT-LON"),
            &passphrase(),
            kdf,
        )?);
        // The filled vault gets the same parameters. Unlocking the empty
        // vault and unlocking the filled one up to its first page take
        // turns, each going first every other round (see [`turn`]), so that
        // each difference is taken on the same machine.
        {
            let mut vault = open(&small_dir)?;
            vault.change_passphrase(&passphrase(), &passphrase(), kdf)?;
        }
        let (mut unlocks, mut firsts, mut extras) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..7 {
            let [mut unlock, mut first] = [Duration::ZERO; 2];
            for which in turn(round) {
                if which == 0 {
                    let (took, vault) = time(|| Vault::open(&empty, &passphrase()));
                    drop(vault?);
                    unlock = took;
                } else {
                    let (took, page) = time(|| -> Result<usize> {
                        let vault = open(&small_dir)?;
                        Ok(vault
                            .list_cases(&ListQuery {
                                limit: PAGE,
                                ..ListQuery::default()
                            })?
                            .rows
                            .len())
                    });
                    assert_eq!(page?, PAGE as usize);
                    first = took;
                }
            }
            unlocks.push(unlock);
            firsts.push(first);
            extras.push(seconds(first) - seconds(unlock));
        }
        let (derivation, _) = summary(&mut unlocks);
        rows.push(Row {
            operation: format!(
                "unlock: key derivation (Argon2id, {} MiB, {} passes)",
                kdf.memory_kib / 1024,
                kdf.iterations
            ),
            size: "empty vault".into(),
            figure: fmt(derivation),
            baseline: "—".into(),
            ratio: "—".into(),
            target: "0.5–1.0 s".into(),
            pass: (0.5..=1.0).contains(&seconds(derivation)),
        });
        let (first, _) = summary(&mut firsts);
        extras.sort_by(f64::total_cmp);
        let extra = extras[extras.len() / 2];
        rows.push(Row {
            operation: "unlock → first page of the list".into(),
            size: format!("{small} cases"),
            figure: fmt(first),
            baseline: "—".into(),
            ratio: format!("derivation {:+.1} ms", extra * 1000.0),
            target: "≤ derivation + 100 ms".into(),
            pass: extra <= 0.1,
        });
    }
    if wanted("save") {
        speeds.push(("save", reference_work()));
        // Save one case, synchronous=FULL. At p95 a save is mostly the
        // fsync, and a shared disk's slow spells come and go within
        // seconds: Casebook and the baseline save the same cases in turn,
        // each going first every other time, so that both meet the same
        // disk.
        let today = Utc::now().date_naive();
        let mut vaults = [open(&small_dir)?, open_baseline(&small_baseline)?];
        let mut samples = [Vec::new(), Vec::new()];
        // Recorded cases, as an officer saves them (generated ones are
        // marked synthetic, and would not be exported in the next section).
        let cases = synthetic::generate(99, SAVES, today).map(|mut case| {
            case.synthetic = false;
            case
        });
        for (i, case) in cases.enumerate() {
            for which in turn(i) {
                let (took, saved) = time(|| vaults[which].create_case(case.clone()));
                saved?;
                samples[which].push(took);
            }
        }
        let [mut ours, mut baseline] = samples;
        let (median, save) = summary(&mut ours);
        let (median_baseline, save_baseline) = summary(&mut baseline);
        let ratio = seconds(save) / seconds(save_baseline);
        rows.push(Row {
            operation: format!("save one case (synchronous=FULL), p95 of {SAVES}"),
            size: format!("{small} in vault"),
            figure: format!("{} (median {})", fmt(save), fmt(median)),
            baseline: format!(
                "{} (median {}) plain SQLite, in turn",
                fmt(save_baseline),
                fmt(median_baseline)
            ),
            ratio: format!("{ratio:.2}×"),
            target: "p95 ≤ 1.2× baseline".into(),
            pass: ratio <= 1.2,
        });
    }
    if wanted("reads") {
        speeds.push(("reads", reference_work()));
        // Search and list pages.
        for (dir, baseline, size, search_target, list_target) in [
            (&small_dir, &small_baseline, small, 20, 10),
            (&large_dir, &large_baseline, large, 100, 50),
        ] {
            let [(search, list), (search_b, list_b)] =
                reads([&open(dir)?, &open_baseline(baseline)?])?;
            let ratio = seconds(search) / seconds(search_b);
            rows.push(Row {
                operation: "search, 5 typical queries, p95".into(),
                size: format!("{size} cases"),
                figure: fmt(search),
                baseline: format!("{} plain SQLite FTS5", fmt(search_b)),
                ratio: format!("{ratio:.2}×"),
                target: format!("p95 ≤ {search_target} ms and ≤ 1.3× baseline"),
                pass: search <= Duration::from_millis(search_target) && ratio <= 1.3,
            });
            rows.push(Row {
                operation: "list page with filters, 4 queries, p95".into(),
                size: format!("{size} cases"),
                figure: fmt(list),
                baseline: format!("{} plain SQLite", fmt(list_b)),
                ratio: format!("{:.2}×", seconds(list) / seconds(list_b)),
                target: format!("p95 ≤ {list_target} ms"),
                pass: list <= Duration::from_millis(list_target),
            });
        }
    }
    if wanted("exchange") {
        speeds.push(("exchange", reference_work()));
        // Export of everything.
        let export_file = scratch.path().join("export.age");
        let mut exports = Vec::new();
        // What the export holds (synthetic cases, if any, stay behind).
        let mut exported = 0;
        {
            let mut vault = open(&small_dir)?;
            for _ in 0..RUNS {
                settle();
                let (took, done) =
                    time(|| exchange::export(&mut vault, &export_file, true, true, &mut |_| {}));
                exported = done?.counts.cases as usize;
                exports.push(took);
            }
        }
        let (export, _) = summary(&mut exports);
        rows.push(Row {
            operation: "export all (encrypt + sign)".into(),
            size: format!("{small} cases"),
            figure: fmt(export),
            baseline: "—".into(),
            ratio: "—".into(),
            target: "≤ 5 s".into(),
            pass: export <= Duration::from_secs(5),
        });

        // The encryption step alone, against the age command on the same
        // plaintext (kept in memory, handed over a pipe).
        if let Some(row) = encryption_step(
            &commission_dir,
            &commission_key,
            &export_file,
            scratch.path(),
        )? {
            rows.push(row);
        }

        // Import into an empty commission, then a second full export (all
        // unchanged) into the same.
        let second = scratch.path().join("export-again.age");
        exchange::export(&mut open(&small_dir)?, &second, true, true, &mut |_| {})?;
        let (mut news, mut unchanged) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let run = scratch.path().join("commission-run");
            copy_vault(&commission_dir, &run)?;
            let mut vault = open(&run)?;
            settle();
            let approval = approve_any(&vault, &export_file)?;
            let (took, report) =
                time(|| exchange::import(&mut vault, &export_file, &approval, &mut |_| {}));
            assert_eq!(report?.counts.new as usize, exported);
            news.push(took);
            settle();
            let (took, report) =
                time(|| exchange::import(&mut vault, &second, &Approval::Nobody, &mut |_| {}));
            assert_eq!(report?.counts.unchanged as usize, exported);
            unchanged.push(took);
        }
        let (new, _) = summary(&mut news);
        let (same, _) = summary(&mut unchanged);
        rows.push(Row {
            operation: "import (verify + merge), all new".into(),
            size: format!("{small} cases"),
            figure: fmt(new),
            baseline: "—".into(),
            ratio: "—".into(),
            target: "≤ 15 s".into(),
            pass: new <= Duration::from_secs(15),
        });
        rows.push(Row {
            operation: "import, all unchanged".into(),
            size: format!("{small} cases"),
            figure: fmt(same),
            baseline: "—".into(),
            ratio: "—".into(),
            target: "≤ 5 s".into(),
            pass: same <= Duration::from_secs(5),
        });

        // Memory, each in a process of its own: in this one, what the
        // allocator holds from the rows before would be reused unseen.
        let export_growth = memory_growth("export", &small_dir, &scratch.path().join("m.age"))?;
        let run = scratch.path().join("commission-run");
        copy_vault(&commission_dir, &run)?;
        let import_growth = memory_growth("import", &run, &export_file)?;
        rows.push(Row {
            operation: "memory: growth during export / import".into(),
            size: format!("{small} cases"),
            figure: format!("{export_growth:.0} MB / {import_growth:.0} MB"),
            baseline: "—".into(),
            ratio: "—".into(),
            target: "≤ 50 MB".into(),
            pass: export_growth <= 50.0 && import_growth <= 50.0,
        });
    }
    if wanted("stats") {
        speeds.push(("stats", reference_work()));
        // Statistics: a two-dimension table over the large vault. Casebook
        // and its plain SQLite baseline run the same `statistics()` in turn
        // (see [`turn`]); the first round is not counted, as for reads.
        let vaults = [open(&large_dir)?, open_baseline(&large_baseline)?];
        let statistics = |vault: &Vault| {
            vault.statistics(
                Dimension::Gender,
                Some(Dimension::AgeGroup),
                &Filter::default(),
            )
        };
        // A third figure, for scale only: a GROUP BY written by hand over
        // the same facts kept as two plain columns in the baseline (a table
        // made once, not timed), which neither parses a record nor applies
        // the application's rules.
        let conn = vaults[1].diagnostic_connection();
        let made: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'bench_facts')",
            [],
            |row| row.get(0),
        )?;
        if !made {
            let mut facts = Vec::new();
            vaults[1].for_each_facts(|f| facts.push((f.gender, f.age)))?;
            conn.execute_batch("BEGIN; CREATE TABLE bench_facts (gender TEXT, age INTEGER);")?;
            {
                let mut insert = conn.prepare("INSERT INTO bench_facts VALUES (?1, ?2)")?;
                for (gender, age) in facts {
                    insert.execute(rusqlite::params![gender, age])?;
                }
            }
            conn.execute_batch("COMMIT;")?;
        }
        let group_by = || -> rusqlite::Result<i64> {
            let mut stmt = conn.prepare(
                "SELECT gender, CASE WHEN age IS NULL THEN NULL WHEN age <= 8 THEN 0
                    WHEN age <= 17 THEN 1 WHEN age <= 20 THEN 2 WHEN age <= 23 THEN 3
                    WHEN age <= 26 THEN 4 WHEN age <= 29 THEN 5 WHEN age <= 38 THEN 6
                    WHEN age <= 47 THEN 7 ELSE 8 END, count(*)
                 FROM bench_facts GROUP BY 1, 2",
            )?;
            let mut rows = stmt.query([])?;
            let mut total = 0;
            while let Some(row) = rows.next()? {
                total += row.get::<_, i64>(2)?;
            }
            Ok(total)
        };
        let mut samples = [Vec::new(), Vec::new()];
        let mut groups = Vec::new();
        let mut tables = [None, None];
        for round in 0..8 {
            for which in turn(round) {
                let (took, table) = time(|| statistics(&vaults[which]));
                tables[which] = Some(table?);
                if round > 0 {
                    samples[which].push(took);
                }
            }
            let (took, counted) = time(group_by);
            counted?;
            if round > 0 {
                groups.push(took);
            }
        }
        assert_eq!(
            tables[0], tables[1],
            "the baseline counted another table from the same facts"
        );
        let [mut ours, mut theirs] = samples;
        let (table, _) = summary(&mut ours);
        let (baseline, _) = summary(&mut theirs);
        let (group, _) = summary(&mut groups);
        rows.push(Row {
            operation: "statistics, 2-dimension table (gender × age group)".into(),
            size: format!("{large} cases"),
            figure: fmt(table),
            baseline: format!(
                "{} plain SQLite, same `statistics()`, in turn; for scale, {} a hand-made \
                 GROUP BY over two plain columns",
                fmt(baseline),
                fmt(group)
            ),
            ratio: format!("{:.2}×", seconds(table) / seconds(baseline)),
            target: "≤ 1 s".into(),
            pass: table <= Duration::from_secs(1),
        });
    }
    if wanted("gui") {
        speeds.push(("gui", reference_work()));
        // The window: launch to mapped, and memory idle after unlocking.
        match gui_launch(&small_dir) {
            Some((mut launches, idle)) => {
                let (launch, _) = summary(&mut launches);
                rows.push(Row {
                    operation: "GUI launch → window shown (release, tiny-skia, Xvfb)".into(),
                    size: "—".into(),
                    figure: fmt(launch),
                    baseline: "—".into(),
                    ratio: "—".into(),
                    target: "≤ 1 s".into(),
                    pass: launch <= Duration::from_secs(1),
                });
                rows.push(Row {
                    operation: format!(
                        "memory: GUI unlocked on the case list, then idle {} s",
                        IDLE.as_secs()
                    ),
                    size: format!("{small} cases"),
                    figure: format!("{idle:.0} MB RSS"),
                    baseline: "—".into(),
                    ratio: "—".into(),
                    target: "≤ 150 MB".into(),
                    pass: idle > 0.0 && idle <= 150.0,
                });
            }
            None => eprintln!("no Xvfb/xdotool here: the GUI rows are left out"),
        }
    }
    if wanted("destroy") {
        speeds.push(("destroy", reference_work()));
        // Destroying a copy of the filled vault with automatic backups on,
        // as a mission keeps them (two in its backup folder, whose headers
        // destruction overwrites before it says the keys are gone): the
        // time from the call to the moment every key slot is overwritten
        // and synced (from then no passphrase opens the vault or a backup),
        // and to the end (files overwritten).
        let (mut unreadable, mut whole) = (Vec::new(), Vec::new());
        for round in 0..3 {
            let copy = scratch.path().join(format!("destroy-{round}"));
            copy_vault(&small_dir, &copy)?;
            let mut vault = open(&copy)?;
            let backups = scratch.path().join(format!("destroy-{round}-backups"));
            vault.set_auto_backup(Some(&casebook::vault::AutoBackup {
                folder: backups.clone(),
                keep: 2,
            }))?;
            vault.backup_rotating(&backups, 2)?;
            vault.backup_rotating(&backups, 2)?;
            settle();
            let started = Instant::now();
            let mut keys_gone = None;
            vault.destroy(&mut |step| {
                if step == casebook::vault::DestroyStep::KeysDestroyed {
                    keys_gone = Some(started.elapsed());
                }
            })?;
            whole.push(started.elapsed());
            unreadable.push(keys_gone.ok_or("the keys were not destroyed")?);
        }
        let (unreadable, _) = summary(&mut unreadable);
        let (whole, _) = summary(&mut whole);
        rows.push(Row {
            operation:
                "destroy: time to unreadable (key slots and 2 backups' headers overwritten, synced)"
                    .into(),
            size: format!("{small} cases"),
            figure: fmt(unreadable),
            baseline: "—".into(),
            ratio: format!("whole destruction {}", fmt(whole)),
            target: "≤ 1 s".into(),
            pass: unreadable <= Duration::from_secs(1),
        });
    }
    speeds.push(("end", reference_work()));
    let mut text = String::new();
    text.push_str("# Benchmarks\n\n");
    text.push_str("Generated by `cargo bench --bench suite --features bench-baseline` (see the\n");
    text.push_str("top of `benches/suite.rs`); do not edit by hand. What the figures mean, the\n");
    text.push_str("profiles and what was changed: `docs/performance.md`; where a row says\n");
    text.push_str("fail, \"Why a row fails\" below says why and where its profile is.\n\n");
    text.push_str(&format!(
        "Run on {} at {}. Medians unless marked p95. The baseline ran in the same\nprocess, on the same data, through the same code, taking turns with Casebook\n(each going first every other time) for saves, searches, list pages and\nstatistics; unlocking the empty vault and the filled one took turns alike.\nSearches ask for {SEARCH_LIMIT} rows and list pages for {PAGE}, as the application does.\n\n",
        machine(),
        Utc::now().format("%Y-%m-%d %H:%M UTC")
    ));
    let speeds: Vec<String> = speeds
        .iter()
        .map(|(section, took)| format!("{} {section}", fmt(*took)))
        .collect();
    text.push_str(&format!(
        "How fast this shared machine was during the run: a fixed piece of work\n(SHA-256 of 256 MiB in memory) took, before each part of the run: {}.\n\n",
        speeds.join(", ")
    ));
    text.push_str("| operation | size | Casebook | baseline | ratio | target | result |\n");
    text.push_str("|---|---|---|---|---|---|---|\n");
    for row in &rows {
        text.push_str(&row.print());
        text.push('\n');
    }
    let failed: Vec<&Row> = rows.iter().filter(|row| !row.pass).collect();
    if !failed.is_empty() {
        text.push_str("\n## Why a row fails\n\n");
        for row in failed {
            text.push_str(&format!(
                "- **{}, {}**: {}\n",
                row.operation,
                row.size,
                why_it_fails(&row.operation)
            ));
        }
    }
    if only.is_none() {
        std::fs::write(&out, &text)?;
    }
    print!("{text}");
    Ok(())
}

/// Encrypting the plaintext of an export with the age library as the export
/// does, against `age -r` over a pipe; both write to a file in `scratch`.
fn encryption_step(
    commission_dir: &Path,
    recipient: &str,
    export_file: &Path,
    scratch: &Path,
) -> Result<Option<Row>> {
    if Command::new("age").arg("--version").output().is_err() {
        eprintln!("no age command here: the encryption row is left out");
        return Ok(None);
    }
    // The identity, through the passphrase-protected backup the commission
    // would keep.
    let backup = scratch.join("identity.age");
    let backup_passphrase = SecretString::from("quiet harbour lantern mosaic".to_owned());
    exchange::write_identity_backup(&mut open(commission_dir)?, &backup, &backup_passphrase)?;
    let decryptor = age::Decryptor::new(std::fs::File::open(&backup)?)?;
    let mut key = String::new();
    std::io::Read::read_to_string(
        &mut decryptor.decrypt(std::iter::once(&age::scrypt::Identity::new(
            backup_passphrase.clone(),
        ) as &dyn age::Identity))?,
        &mut key,
    )?;
    let identity: age::x25519::Identity = key
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .ok_or("no key in the identity backup")?
        .parse()?;
    let mut plaintext = Vec::new();
    std::io::Read::read_to_end(
        &mut age::Decryptor::new_buffered(std::io::BufReader::new(std::fs::File::open(
            export_file,
        )?))?
        .decrypt(std::iter::once(&identity as &dyn age::Identity))?,
        &mut plaintext,
    )?;
    let recipient_key: age::x25519::Recipient = recipient.parse()?;
    let ours_file = scratch.join("ours.age");
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..3 {
        let (took, written) = time(|| -> Result<()> {
            let file =
                std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&ours_file)?);
            let mut writer = age::Encryptor::with_recipients(std::iter::once(
                &recipient_key as &dyn age::Recipient,
            ))?
            .wrap_output(file)?;
            writer.write_all(&plaintext)?;
            writer
                .finish()?
                .into_inner()
                .map_err(|e| e.into_error())?
                .sync_all()?;
            Ok(())
        });
        written?;
        ours.push(took);
        let theirs_file = scratch.join("theirs.age");
        let (took, status) = time(|| -> Result<bool> {
            let mut child = Command::new("age")
                .args(["-r", recipient, "-o"])
                .arg(&theirs_file)
                .stdin(Stdio::piped())
                .spawn()?;
            child
                .stdin
                .take()
                .ok_or("no stdin")?
                .write_all(&plaintext)?;
            let status = child.wait()?;
            std::fs::File::open(&theirs_file)?.sync_all()?;
            Ok(status.success())
        });
        assert!(status?, "age failed");
        theirs.push(took);
    }
    plaintext.iter_mut().for_each(|b| *b = 0);
    let _ = backup_passphrase.expose_secret();
    let (ours, _) = summary(&mut ours);
    let (theirs, _) = summary(&mut theirs);
    let ratio = seconds(ours) / seconds(theirs);
    Ok(Some(Row {
        operation: "export: the encryption step alone".into(),
        size: format!("{:.0} MB plaintext", plaintext.len() as f64 / 1e6),
        figure: fmt(ours),
        baseline: format!("{} `age` CLI", fmt(theirs)),
        ratio: format!("{ratio:.2}×"),
        target: "≤ 1.5× age CLI".into(),
        pass: ratio <= 1.5,
    }))
}
