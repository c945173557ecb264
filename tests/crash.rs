//! Crash safety: a process writing to the vault is killed with SIGKILL at
//! random moments; the vault must open clean and hold every save that had
//! been acknowledged.
//!
//! The test runs itself as the child: when `CASEBOOK_CRASH_CHILD` names a
//! vault folder, the test body becomes the writing loop, printing one line
//! per acknowledged operation.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use casebook::vault::{KdfParams, Vault};
use common::*;
use rand::{Rng, SeedableRng};
use secrecy::SecretString;

const CHILD_ENV: &str = "CASEBOOK_CRASH_CHILD";
const MODE_ENV: &str = "CASEBOOK_CRASH_MODE";
/// The number of the passphrase that opens the vault when a passphrase
/// child starts.
const NUMBER_ENV: &str = "CASEBOOK_CRASH_PASSPHRASE";

/// What the parent knows of a case from the child's acknowledgements.
#[derive(Debug, Clone)]
enum Expect {
    /// Saved at least at this revision.
    Revision(u32),
    /// Saved at this revision; an erase was under way when the child died.
    RevisionOrErased(u32),
    Erased,
}

/// The n-th passphrase of the passphrase test; 0 is the common one.
fn numbered_passphrase(n: u64) -> SecretString {
    if n == 0 {
        return passphrase();
    }
    SecretString::from(format!("velvet lantern quarry moss {n}"))
}

/// The child: writes until killed, acknowledging each write on stdout only
/// after the library call has returned.
fn child(dir: &str, mode: &str) {
    let dir = std::path::Path::new(dir);
    let mut out = std::io::stdout().lock();
    if mode == "passphrase" {
        let mut n: u64 = std::env::var(NUMBER_ENV)
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{NUMBER_ENV} not set"));
        let mut vault = Vault::open(dir, &numbered_passphrase(n)).unwrap_or_else(|e| panic!("{e}"));
        loop {
            vault
                .change_passphrase(
                    &numbered_passphrase(n),
                    &numbered_passphrase(n + 1),
                    KdfParams::insecure_for_tests(),
                )
                .unwrap_or_else(|e| panic!("{e}"));
            n += 1;
            let _ = writeln!(out, "passphrase {n}");
            let _ = out.flush();
        }
    }
    if mode == "officers" {
        officers_child(dir, &mut out);
    }
    if mode == "destroy" {
        // Up (acknowledged before the unlock, so that kills land before
        // the destruction as well as inside it), then destroyed; then it
        // waits to be killed.
        // (On a line of its own: the test harness has begun one.)
        let _ = writeln!(out, "\nopening");
        let _ = out.flush();
        let mut vault = open_first(dir);
        // In use until the moment it is destroyed: every case read.
        let page = vault
            .list_cases(&casebook::vault::ListQuery {
                limit: u64::MAX >> 1,
                ..casebook::vault::ListQuery::default()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        for row in &page.rows {
            vault
                .get_case(&row.reference)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        // Each step said as it comes; a short pause before each file
        // widens the stretch between the keys and the end, where the
        // kills that matter most land.
        vault
            .destroy(&mut |step| match step {
                casebook::vault::DestroyStep::KeysDestroyed => {
                    let _ = writeln!(out, "keys destroyed");
                    let _ = out.flush();
                }
                casebook::vault::DestroyStep::File(_) => {
                    let _ = writeln!(out, "file");
                    let _ = out.flush();
                    std::thread::sleep(Duration::from_millis(25));
                }
            })
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = writeln!(out, "destroyed");
        let _ = out.flush();
        loop {
            std::thread::park();
        }
    }
    let mut vault = open(dir);
    let mut n = 0u64;
    loop {
        n += 1;
        let record = vault
            .create_case(simple_case("Ona", &format!("Saved{n}"), date(2026, 11, 20)))
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = writeln!(out, "saved {} {}", record.meta.id, record.meta.revision);
        if n.is_multiple_of(3) {
            let mut case = record.case.clone();
            case.notes = Some(format!("updated {n}"));
            let updated = vault
                .update_case(record.meta.id, case, 1)
                .unwrap_or_else(|e| panic!("{e}"));
            let _ = writeln!(out, "saved {} {}", updated.meta.id, updated.meta.revision);
        }
        if n.is_multiple_of(7) {
            // Announced first: once the erase starts, either outcome is right
            // until it is acknowledged.
            let _ = writeln!(out, "erasing {}", record.meta.id);
            let _ = out.flush();
            let tombstone = vault
                .erase_case(&record.meta.id.to_string())
                .unwrap_or_else(|e| panic!("{e}"));
            let _ = writeln!(out, "erased {}", tombstone.id);
        }
        if n.is_multiple_of(10) {
            // Each export to its own file; a kill may leave a temp file,
            // never a half-written file under an export's name.
            let file = dir
                .join("exports")
                .join(format!("export-{}-{n}.age", std::process::id()));
            casebook::exchange::export(&mut vault, &file, false, true, &mut |_| {})
                .unwrap_or_else(|e| panic!("{e}"));
            let _ = writeln!(out, "exported {n}");
        }
        let _ = out.flush();
    }
}

/// Where the officers child keeps the header that named `O<n>`, beside the
/// vault folder.
fn kept_header(dir: &std::path::Path, n: u64) -> std::path::PathBuf {
    let mut name = dir.as_os_str().to_owned();
    name.push(format!("-header-of-O{n}.json"));
    std::path::PathBuf::from(name)
}

/// The officers child: signed in as the first officer, adds officer `O<n>`
/// and removes them again (a re-key), from the number the parent gives,
/// after removing any officer a kill left behind.
fn officers_child(dir: &std::path::Path, out: &mut impl Write) -> ! {
    let mut n: u64 = std::env::var(NUMBER_ENV)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{NUMBER_ENV} not set"));
    let mut vault =
        Vault::open_as(dir, Some(FIRST_OFFICER), &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    for left in vault.officers().unwrap_or_else(|e| panic!("{e}")) {
        if left != FIRST_OFFICER {
            vault
                .remove_officer(&left)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    loop {
        let name = format!("O{n}");
        vault
            .add_officer(
                &name,
                &numbered_passphrase(n),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        // The header that names O<n>, kept as a removed officer would keep
        // it, before "added" is acknowledged (so before any removal is).
        std::fs::copy(dir.join("vault.json"), kept_header(dir, n))
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = writeln!(out, "added {n}");
        let _ = out.flush();
        vault
            .remove_officer(&name)
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = writeln!(out, "removed {n}");
        let _ = out.flush();
        n += 1;
    }
}

const FIRST_OFFICER: &str = "J. Jonaitis";

/// How long a child may take to acknowledge its first write: it opens a
/// vault with cheap key derivation and saves one case, which takes well
/// under a second; the margin is for a machine shared with other builds.
const FIRST_ACKNOWLEDGEMENT: Duration = Duration::from_secs(30);

/// What the reader of a child's output tells the parent.
enum Heard {
    /// The first acknowledgement: the child is up.
    Started,
    /// The child's output ended before any acknowledgement.
    Ended,
}

/// Runs the child until it has acknowledged something and a random moment
/// has passed, kills it, and returns its acknowledged lines. A child that
/// ends, or stays silent, before its first acknowledgement fails the test at
/// once with what it wrote on stderr.
fn run_and_kill(dir: &std::path::Path, mode: &str, number: u64, delay: Duration) -> Vec<String> {
    let mut child = Command::new(std::env::current_exe().unwrap_or_else(|e| panic!("{e}")))
        .args([
            "--exact",
            match mode {
                "passphrase" => "killed_passphrase_change_leaves_one_passphrase_working",
                "officers" => "killed_officer_removal_leaves_the_remaining_officers_in",
                "destroy" => "killed_destruction_leaves_the_vault_whole_or_unopenable",
                _ => "killed_writer_loses_no_acknowledged_save",
            },
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir)
        .env(MODE_ENV, mode)
        .env(NUMBER_ENV, number.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
    // Read to the end in its own thread, so that a child writing much to
    // stderr never blocks on a full pipe.
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let (tx, rx) = mpsc::channel();
    // The acknowledged lines, and the others (the test harness's) for a
    // report.
    let reader = std::thread::spawn(move || {
        let (mut lines, mut others) = (Vec::new(), Vec::new());
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if [
                "saved ",
                "erasing ",
                "erased ",
                "exported ",
                "passphrase ",
                "added ",
                "removed ",
                "opening",
                "keys destroyed",
                "file",
                "destroyed",
            ]
            .iter()
            .any(|p| line.starts_with(p))
            {
                if lines.is_empty() {
                    let _ = tx.send(Heard::Started);
                }
                lines.push(line);
            } else {
                others.push(line);
            }
        }
        if lines.is_empty() {
            let _ = tx.send(Heard::Ended);
        }
        (lines, others)
    });
    let joined = |reader: std::thread::JoinHandle<(Vec<String>, Vec<String>)>| {
        reader
            .join()
            .unwrap_or_else(|_| panic!("the stdout reader failed"))
    };
    // Wait for the first acknowledgement (the child is up), then a random moment.
    let heard = rx.recv_timeout(FIRST_ACKNOWLEDGEMENT);
    if !matches!(heard, Ok(Heard::Started)) {
        let _ = child.kill();
        let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
        let stderr = errors
            .join()
            .unwrap_or_else(|_| panic!("the stderr reader failed"));
        let (_, stdout) = joined(reader);
        panic!(
            "the {mode} child {} before its first acknowledgement ({status}); its stdout:\n{}\nits stderr:\n{stderr}",
            if heard.is_ok() {
                "ended".to_owned()
            } else {
                format!("stayed silent for {} s", FIRST_ACKNOWLEDGEMENT.as_secs())
            },
            stdout.join("\n")
        );
    }
    std::thread::sleep(delay);
    child.kill().unwrap_or_else(|e| panic!("{e}")); // SIGKILL on Unix
    let status = child.wait().unwrap_or_else(|e| panic!("{e}"));
    let stderr = errors
        .join()
        .unwrap_or_else(|_| panic!("the stderr reader failed"));
    // The child writes until killed: one that ended on its own failed.
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9),
        "the {mode} child ended on its own ({status}); its stderr:\n{stderr}"
    );
    joined(reader).0
}

/// Every stored case's id and revision, in one query.
fn stored_revisions(vault: &Vault) -> HashMap<String, u32> {
    let conn = vault.diagnostic_connection();
    let mut statement = conn
        .prepare("SELECT id, revision FROM cases")
        .unwrap_or_else(|e| panic!("{e}"));
    statement
        .query_map([], |row| {
            let id: Vec<u8> = row.get(0)?;
            Ok((id, row.get::<_, u32>(1)?))
        })
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|row| {
            let (id, revision) = row.unwrap_or_else(|e| panic!("{e}"));
            let id = uuid::Uuid::from_slice(&id).unwrap_or_else(|e| panic!("{e}"));
            (id.to_string(), revision)
        })
        .collect()
}

/// The two tests below run one at a time: each spawns child processes, and a
/// child forked by one test while the other holds its vault's lock file
/// would briefly hold that lock too and make the other's next open fail.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn killed_writer_loses_no_acknowledged_save() {
    if let (Ok(dir), Ok(mode)) = (std::env::var(CHILD_ENV), std::env::var(MODE_ENV)) {
        if mode == "cases" {
            child(&dir, &mode);
        }
        return;
    }
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission = new_commission_vault(commission_dir.path());
    {
        let key = casebook::exchange::commission_public_key(&commission)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut vault = new_vault(dir.path());
        vault
            .set_commission_key(&key, false)
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.path().join("exports")).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2026);
    let mut acknowledged: HashMap<String, Expect> = HashMap::new();
    // With the passphrase test's 100, more than 500 kills in all.
    const KILLS: usize = 420;
    for round in 0..KILLS {
        let delay = Duration::from_millis(rng.gen_range(0..120));
        for line in run_and_kill(dir.path(), "cases", 0, delay) {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["saved", id, revision] => {
                    let revision = revision.parse().unwrap_or_else(|e| panic!("{e}"));
                    acknowledged.insert((*id).to_owned(), Expect::Revision(revision));
                }
                ["erasing", id] => {
                    if let Some(Expect::Revision(revision)) = acknowledged.get(*id).cloned() {
                        acknowledged.insert((*id).to_owned(), Expect::RevisionOrErased(revision));
                    }
                }
                ["erased", id] => {
                    acknowledged.insert((*id).to_owned(), Expect::Erased);
                }
                _ => {}
            }
        }
        let vault = open(dir.path());
        let problems = vault.integrity_problems().unwrap_or_else(|e| panic!("{e}"));
        assert!(problems.is_empty(), "round {round}: {problems:?}");
        let stored = stored_revisions(&vault);
        for (id, state) in &acknowledged {
            match (state, stored.get(id)) {
                (Expect::Revision(revision) | Expect::RevisionOrErased(revision), Some(stored)) => {
                    assert!(
                        stored >= revision,
                        "round {round}: case {id} went back from revision {revision} to {stored}"
                    )
                }
                (Expect::Revision(_), None) => {
                    panic!("round {round}: acknowledged case {id} lost")
                }
                (Expect::Erased, Some(_)) => panic!("round {round}: erased case {id} came back"),
                (Expect::Erased | Expect::RevisionOrErased(_), None) => {}
            }
        }
        // The typed read path agrees for a sample (the whole set is checked
        // above through one query, which keeps 400 rounds affordable).
        for id in acknowledged.keys().take(20) {
            match (vault.get_case(id), stored.get(id)) {
                (Ok(record), Some(revision)) => assert_eq!(
                    record.meta.revision, *revision,
                    "round {round}: case {id} read at another revision"
                ),
                (Err(casebook::vault::Error::CaseNotFound(_)), None) => {}
                (read, stored) => panic!(
                    "round {round}: case {id} read as {:?}, stored as {stored:?}",
                    read.map(|r| r.meta.revision).map_err(|e| e.to_string())
                ),
            }
        }
    }
    let saved = acknowledged
        .values()
        .filter(|s| matches!(s, Expect::Revision(_)))
        .count();
    let erased = acknowledged
        .values()
        .filter(|s| matches!(s, Expect::Erased))
        .count();
    assert!(
        saved > KILLS,
        "the child should have saved many cases ({saved})"
    );
    // Every file under an export's name is complete and genuine.
    let mut exports = 0;
    for entry in std::fs::read_dir(dir.path().join("exports")).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.extension().is_some_and(|e| e == "age") {
            casebook::exchange::verify(&commission, &path, &mut |_| {})
                .unwrap_or_else(|e| panic!("{} is not a complete export: {e}", path.display()));
            exports += 1;
        }
    }
    assert!(exports > 0, "the child should have exported");
    eprintln!(
        "{KILLS} kills: {saved} acknowledged cases present, {erased} erased cases absent, {exports} export files all complete, 0 integrity problems"
    );
}

#[test]
fn killed_passphrase_change_leaves_one_passphrase_working() {
    if let (Ok(dir), Ok(mode)) = (std::env::var(CHILD_ENV), std::env::var(MODE_ENV)) {
        if mode == "passphrase" {
            child(&dir, &mode);
        }
        return;
    }
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let record = vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    // Enough cases that re-encrypting the database takes a while, so that
    // kills land inside a change and not only between two.
    for n in 0..150 {
        vault
            .create_case(simple_case(
                "Ona",
                &format!("Filler{n}"),
                date(2026, 11, 20),
            ))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let cases = vault.case_count().unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    const KILLS: usize = 100;
    // `number` is the passphrase known to open the vault.
    let (mut number, mut changes, mut unacknowledged) = (0u64, 0, 0);
    for round in 0..KILLS {
        let lines = run_and_kill(
            dir.path(),
            "passphrase",
            number,
            // A change re-encrypts the database (tens of milliseconds
            // here): the kill may land anywhere in the first few.
            Duration::from_millis(rng.gen_range(0..300)),
        );
        changes += lines.len();
        let acknowledged = lines
            .last()
            .and_then(|line| line.strip_prefix("passphrase "))
            .map(|n| n.parse().unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or(number);
        // The last acknowledged passphrase opens the vault, or the next one:
        // a change the child finished but could not report before it died.
        // Anything older would be an acknowledged change lost.
        let vault = match Vault::open(dir.path(), &numbered_passphrase(acknowledged)) {
            Ok(vault) => {
                number = acknowledged;
                vault
            }
            Err(first) => {
                let vault = Vault::open(dir.path(), &numbered_passphrase(acknowledged + 1))
                    .unwrap_or_else(|e| {
                        panic!(
                            "round {round}: passphrase {acknowledged} was acknowledged and does not open the vault ({first}), nor does the next ({e})"
                        )
                    });
                unacknowledged += 1;
                number = acknowledged + 1;
                vault
            }
        };
        assert!(vault.get_case(&record.meta.reference).is_ok());
        assert_eq!(vault.case_count().ok(), Some(cases), "round {round}");
        assert_eq!(
            vault
                .integrity_problems()
                .unwrap_or_else(|e| panic!("round {round}: {e}")),
            Vec::<String>::new()
        );
        assert!(
            !dir.path().join("casebook.db.rekeyed").exists(),
            "round {round}: the open left the re-encrypted copy behind"
        );
    }
    assert!(
        changes >= KILLS,
        "the child should have changed the passphrase ({changes})"
    );
    eprintln!(
        "{KILLS} kills during {changes} acknowledged passphrase changes: the last acknowledged passphrase \
         opened the vault {} times, a change finished but not yet acknowledged {unacknowledged} times, \
         never an older one; 0 integrity problems",
        KILLS - unacknowledged
    );
}

/// Officers added and removed (each removal re-keys the database), killed
/// at random moments: the remaining officer always opens the vault with
/// every case, clean; an officer whose removal was acknowledged never opens
/// it again; an officer still listed opens it with their own passphrase.
#[test]
fn killed_officer_removal_leaves_the_remaining_officers_in() {
    if let (Ok(dir), Ok(mode)) = (std::env::var(CHILD_ENV), std::env::var(MODE_ENV)) {
        if mode == "officers" {
            child(&dir, &mode);
        }
        return;
    }
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    // Enough cases that re-encrypting takes a while, so that kills land
    // inside a removal and not only between two.
    for n in 0..150 {
        vault
            .create_case(simple_case(
                "Ona",
                &format!("Filler{n}"),
                date(2026, 11, 20),
            ))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let cases = vault.case_count().unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(16);
    const KILLS: usize = 40;
    let (mut next, mut removals, mut removed) = (1u64, 0usize, Vec::new());
    for round in 0..KILLS {
        let lines = run_and_kill(
            dir.path(),
            "officers",
            next,
            Duration::from_millis(rng.gen_range(0..300)),
        );
        let mut removed_now = Vec::new();
        for line in &lines {
            if let Some(n) = line.strip_prefix("removed ") {
                let n = n.parse::<u64>().unwrap_or_else(|e| panic!("{e}"));
                removed_now.push(n);
                removed.push(n);
                removals += 1;
            }
            if let Some(n) = line.strip_prefix("added ") {
                next = next.max(n.parse::<u64>().unwrap_or_else(|e| panic!("{e}")) + 1);
            }
        }
        let vault = Vault::open_as(dir.path(), Some(FIRST_OFFICER), &passphrase())
            .unwrap_or_else(|e| panic!("round {round}: the remaining officer cannot open: {e}"));
        assert_eq!(vault.case_count().ok(), Some(cases), "round {round}");
        assert_eq!(
            vault
                .integrity_problems()
                .unwrap_or_else(|e| panic!("round {round}: {e}")),
            Vec::<String>::new()
        );
        assert!(
            !dir.path().join("casebook.db.rekeyed").exists(),
            "round {round}: the open left the re-encrypted copy behind"
        );
        // Every removal started is audited as ended, whatever the kill cut:
        // removed (in the session or at this open) or undone, naming the
        // officer.
        let entries = vault.audit_entries().unwrap_or_else(|e| panic!("{e}"));
        for (i, started) in entries.iter().enumerate() {
            if started.action != "officer-removal-started" {
                continue;
            }
            let name = started.detail.clone().unwrap_or_default();
            assert!(
                entries[i + 1..].iter().any(|e| {
                    ["officer-removed", "officer-removal-undone"].contains(&e.action.as_str())
                        && e.detail
                            .as_deref()
                            .is_some_and(|d| d == name || d.starts_with(&format!("{name}; ")))
                }),
                "round {round}: the removal of {name} is not audited as ended"
            );
        }
        let officers = vault.officers().unwrap_or_else(|e| panic!("{e}"));
        drop(vault);
        assert!(officers.len() <= 2, "round {round}: {officers:?}");
        for officer in officers.iter().filter(|o| o.as_str() != FIRST_OFFICER) {
            let n: u64 = officer
                .strip_prefix('O')
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("round {round}: {officer:?}"));
            assert!(
                !removed.contains(&n),
                "round {round}: {officer}'s removal was acknowledged"
            );
            drop(
                Vault::open_as(dir.path(), Some(officer), &numbered_passphrase(n)).unwrap_or_else(
                    |e| panic!("round {round}: {officer} is listed but cannot open: {e}"),
                ),
            );
        }
        // Every removal acknowledged in this round: the header from before
        // it, with the removed officer's passphrase, yields a key that the
        // header accepts and the database refuses.
        for &n in &removed_now {
            let probe = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            std::fs::copy(
                dir.path().join("casebook.db"),
                probe.path().join("casebook.db"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            std::fs::copy(kept_header(dir.path(), n), probe.path().join("vault.json"))
                .unwrap_or_else(|e| panic!("round {round}: no header kept for O{n}: {e}"));
            let old = Vault::open_as(
                probe.path(),
                Some(&format!("O{n}")),
                &numbered_passphrase(n),
            );
            assert!(
                matches!(&old, Err(casebook::vault::Error::Damaged(m))
                    if m.contains("casebook.db cannot be decrypted with this vault's key")),
                "round {round}: O{n}'s removal was acknowledged; the old key: {:?}",
                old.err()
            );
        }
    }
    for n in 1..next {
        let _ = std::fs::remove_file(kept_header(dir.path(), n));
    }
    assert!(removals >= KILLS / 2, "few removals were made ({removals})");
    eprintln!(
        "{KILLS} kills during {removals} acknowledged officer removals: the remaining officer opened the vault every time, clean, with every case"
    );
}

/// A destruction killed at any moment (SIGKILL) leaves the vault whole and
/// openable, with every case readable, or opened by no passphrase: never
/// half-readable. The child opens a vault of a few thousand cases and two
/// officers, with an automatic backup, a vault set aside by a restore and
/// a header copy, and destroys it; the kill lands before, inside or after
/// the overwriting of the keys or of the files. In every round not left
/// whole, no header anywhere parses with its slots and no backup restores,
/// and enough kills must land between the keys and the end for that to
/// mean something (review finding 3).
#[test]
fn killed_destruction_leaves_the_vault_whole_or_unopenable() {
    if let (Ok(dir), Ok(mode)) = (std::env::var(CHILD_ENV), std::env::var(MODE_ENV)) {
        if mode == "destroy" {
            child(&dir, &mode);
        }
        return;
    }
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let root = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let template = root.path().join("template");
    let mut vault = new_vault(&template);
    let today = chrono::Utc::now().date_naive();
    vault
        .create_cases(
            recorded(casebook::domain::synthetic::generate(1, 3000, today)),
            "cases-generated",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .add_officer(
            DESTROY_SECOND.0,
            &SecretString::from(DESTROY_SECOND.1.to_owned()),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let cases = vault.case_count().unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
    const KILLS: usize = 30;
    let (mut whole, mut unopenable, mut between) = (0, 0, 0);
    for round in 0..KILLS {
        let dir = root.path().join(format!("round-{round}"));
        let backups = root.path().join(format!("backups-{round}"));
        copy_vault(&template, &dir);
        {
            let mut vault = open_first(&dir);
            vault
                .set_auto_backup(Some(&casebook::vault::AutoBackup {
                    folder: backups.clone(),
                    keep: 3,
                }))
                .unwrap_or_else(|e| panic!("{e}"));
            vault
                .backup_rotating(&backups, 3)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        // Two more places with key slots: a vault a restore set aside, and
        // a header copy a crash left.
        let aside = dir.join("replaced-20260101-000000-000");
        std::fs::create_dir(&aside).unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(dir.join("vault.json"), aside.join("vault.json"))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::copy(dir.join("vault.json"), dir.join("vault.json.tmp"))
            .unwrap_or_else(|e| panic!("{e}"));
        let lines = run_and_kill(
            &dir,
            "destroy",
            0,
            Duration::from_millis(rng.gen_range(0..400)),
        );
        let acknowledged = lines.iter().any(|l| l == "destroyed");
        match Vault::open_as(&dir, Some(DESTROY_FIRST), &passphrase()) {
            Ok(vault) => {
                assert!(!acknowledged, "round {round}: destroyed, and it opens");
                assert_eq!(vault.case_count().ok(), Some(cases), "round {round}");
                let page = vault
                    .list_cases(&casebook::vault::ListQuery {
                        limit: cases,
                        ..casebook::vault::ListQuery::default()
                    })
                    .unwrap_or_else(|e| panic!("round {round}: {e}"));
                assert_eq!(page.rows.len() as u64, cases, "round {round}");
                for row in &page.rows {
                    vault
                        .get_case(&row.reference)
                        .unwrap_or_else(|e| panic!("round {round}: {}: {e}", row.reference));
                }
                assert_eq!(
                    vault
                        .integrity_problems()
                        .unwrap_or_else(|e| panic!("round {round}: {e}")),
                    Vec::<String>::new()
                );
                whole += 1;
            }
            Err(e) => {
                assert!(
                    matches!(
                        e,
                        casebook::vault::Error::Destroyed { .. }
                            | casebook::vault::Error::NoVault(_)
                    ),
                    "round {round}: neither whole nor destroyed: {e}"
                );
                // No header with key slots is left anywhere: not the
                // vault's, not the copy, not the set-aside vault's, and no
                // backup restores.
                no_key_slot_left(
                    &dir,
                    &backups,
                    &root.path().join(format!("scratch-{round}")),
                )
                .unwrap_or_else(|what| panic!("round {round}: {what}"));
                let second = Vault::open_as(
                    &dir,
                    Some(DESTROY_SECOND.0),
                    &SecretString::from(DESTROY_SECOND.1.to_owned()),
                );
                assert!(
                    second.is_err(),
                    "round {round}: the second officer opens it"
                );
                if lines.iter().any(|l| l == "keys destroyed") && !acknowledged {
                    between += 1;
                }
                if acknowledged {
                    assert!(!dir.join("casebook.db").exists(), "round {round}");
                }
                unopenable += 1;
            }
        }
    }
    assert!(unopenable > 0, "no destruction got as far as the keys");
    assert!(
        between >= 3,
        "only {between} kills landed between the keys and the end of a destruction"
    );
    eprintln!(
        "{KILLS} kills during destructions: {whole} left the vault whole (every case read), {unopenable} left it unopenable ({between} killed between the keys and the end)"
    );
}

/// The first officer of the destruction test (the vault's creator).
const DESTROY_FIRST: &str = "J. Jonaitis";

/// Opens the vault of the destruction test as its first officer.
fn open_first(dir: &std::path::Path) -> Vault {
    Vault::open_as(dir, Some(DESTROY_FIRST), &passphrase()).unwrap_or_else(|e| panic!("{e}"))
}

/// The second officer of the destruction test.
const DESTROY_SECOND: (&str, &str) = ("A. Petraitė", "amber meadow kettle violin");

/// Whether any header with key slots is left of the vault in `dir`: its
/// own and its copy (`vault.json.tmp`), a set-aside vault's, or a backup
/// in `backups` that restores (each restored into `scratch`). Read with
/// the library's own parsing, as anyone trying a passphrase would.
fn no_key_slot_left(
    dir: &std::path::Path,
    backups: &std::path::Path,
    scratch: &std::path::Path,
) -> Result<(), String> {
    use casebook::vault::Error;
    // A header that parses, or one that could not be read, fails; one
    // destroyed, missing or no longer a header passes.
    let gone = |at: &std::path::Path| match casebook::vault::owner(at) {
        Ok(_) | Err(Error::Io { .. }) => Err(format!(
            "{} still has a header: {:?}",
            at.display(),
            casebook::vault::owner(at)
        )),
        Err(_) => Ok(()),
    };
    gone(dir)?;
    gone(&dir.join("replaced-20260101-000000-000"))?;
    let copy = dir.join("vault.json.tmp");
    if copy.exists() {
        let look = scratch.join("copy");
        std::fs::create_dir_all(&look).map_err(|e| e.to_string())?;
        std::fs::copy(&copy, look.join("vault.json")).map_err(|e| e.to_string())?;
        gone(&look)?;
    }
    if let Ok(entries) = std::fs::read_dir(backups) {
        for (n, entry) in entries.filter_map(|e| e.ok()).enumerate() {
            let into = scratch.join(format!("restored-{n}"));
            let restored =
                casebook::vault::restore(&entry.path(), &into, casebook::vault::Overwrite::Never);
            if restored.is_ok() {
                return Err(format!("{} still restores", entry.path().display()));
            }
        }
    }
    Ok(())
}
