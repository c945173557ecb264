//! Handing cases over (issue 16): `casebook reassign` moves the owner and
//! keeps the note in the case's handovers, `--from` moves only open cases,
//! the audit log names who did it and never the note, an unknown officer
//! changes nothing, and `list --owner` / `--mine` show the right rows.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use casebook::domain::CaseStatus;
use casebook::vault::{KdfParams, Vault};
use common::{PASSPHRASE, date, files_containing, new_vault, simple_case};
use secrecy::SecretString;

const FIRST: &str = "J. Jonaitis";
const SECOND: &str = "A. Petraitė";
const SECOND_PASSPHRASE: &str = "amber meadow kettle violin";
const NOTE: &str = "Calls on Tuesdays only; needs a Romanian interpreter";

/// A vault of two officers in `dir/vault` holding three cases of the first
/// (two open, one closed), and each officer's passphrase in a file.
struct Env {
    dir: tempfile::TempDir,
    open: [String; 2],
    closed: String,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut vault = new_vault(&dir.path().join("vault"));
        vault
            .add_officer(
                SECOND,
                &SecretString::from(SECOND_PASSPHRASE.to_owned()),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let mut add = |given: &str, status: CaseStatus| {
            let mut case = simple_case(given, "Žemaitytė", date(2026, 11, 2));
            case.status = status;
            if status.is_closed() {
                case.closure_reason = Some("Returned home".into());
            }
            vault
                .create_case(case)
                .unwrap_or_else(|e| panic!("{e}"))
                .meta
                .reference
        };
        let open = [
            add("Ona", CaseStatus::Active),
            add("Rasa", CaseStatus::FollowUp),
        ];
        let closed = add("Eglė", CaseStatus::Closed);
        drop(vault);
        for (file, pass) in [("first.txt", PASSPHRASE), ("second.txt", SECOND_PASSPHRASE)] {
            std::fs::write(dir.path().join(file), format!("{pass}\n"))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        Env { dir, open, closed }
    }

    fn vault(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    /// Runs casebook as `officer` (FIRST or SECOND).
    fn run(&self, officer: &str, args: &[&str]) -> Output {
        let pass = if officer == FIRST {
            "first.txt"
        } else {
            "second.txt"
        };
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .arg("--vault")
            .arg(self.vault())
            .arg("--passphrase-file")
            .arg(self.dir.path().join(pass))
            .args(["--officer", officer])
            .args(args)
            .env_remove("CASEBOOK_VAULT")
            .output()
            .unwrap_or_else(|e| panic!("cannot run casebook: {e}"))
    }

    fn ok(&self, officer: &str, args: &[&str]) -> String {
        let output = self.run(officer, args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn json(&self, officer: &str, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(officer, args)).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The owner of a case, as `show --json` gives it.
    fn owner(&self, reference: &str) -> String {
        self.json(FIRST, &["show", reference, "--json"])["record"]["owner"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    fn open_as(&self, officer: &str, pass: &str) -> Vault {
        Vault::open_as(
            &self.vault(),
            Some(officer),
            &SecretString::from(pass.to_owned()),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }
}

fn references(list: &serde_json::Value) -> Vec<String> {
    let mut found: Vec<String> = list
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .filter_map(|row| row["reference"].as_str().map(str::to_owned))
        .collect();
    found.sort();
    found
}

fn sorted(mut references: Vec<String>) -> Vec<String> {
    references.sort();
    references
}

#[test]
fn reassign_moves_the_owner_and_keeps_the_note_in_the_history() {
    let env = Env::new();
    let [ona, _] = &env.open;
    let said = env.ok(
        FIRST,
        &["reassign", ona, "--to", "a. petraitė", "--note", NOTE],
    );
    assert_eq!(said.trim(), format!("Handed 1 case over to {SECOND}."));
    assert_eq!(env.owner(ona), SECOND);

    let shown = env.json(SECOND, &["show", ona, "--json"]);
    let handovers = shown["record"]["handovers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(handovers.len(), 1, "{shown}");
    let handover = &handovers[0];
    assert_eq!(handover["by"], FIRST);
    assert_eq!(handover["from"], FIRST);
    assert_eq!(handover["to"], SECOND);
    assert_eq!(handover["note"], NOTE);
    // The revision is the same: a handover is not a new version of the case.
    assert_eq!(shown["record"]["revision"], 1);
    // Inside the encrypted vault only: no file holds it in clear.
    assert_eq!(
        files_containing(env.dir.path(), "Tuesdays"),
        Vec::<PathBuf>::new()
    );
    // The text form names it too.
    let text = env.ok(FIRST, &["show", ona]);
    assert!(
        text.contains(&format!(
            "from {FIRST} to {SECOND}:\n                     {NOTE}\n"
        )),
        "{text}"
    );

    // Handing it to its owner again changes nothing.
    let said = env.ok(FIRST, &["reassign", ona, "--to", SECOND]);
    assert!(said.starts_with("Handed 0 cases over"), "{said}");
    let shown = env.json(FIRST, &["show", ona, "--json"]);
    assert_eq!(
        shown["record"]["handovers"].as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn reassign_from_moves_only_the_open_cases() {
    let env = Env::new();
    let said = env.ok(FIRST, &["reassign", "--from", FIRST, "--to", SECOND]);
    assert_eq!(said.trim(), format!("Handed 2 cases over to {SECOND}."));
    for reference in &env.open {
        assert_eq!(env.owner(reference), SECOND, "{reference}");
    }
    assert_eq!(env.owner(&env.closed), FIRST);

    // The lists by owner.
    let theirs = env.json(FIRST, &["list", "--owner", SECOND, "--json"]);
    assert_eq!(references(&theirs), sorted(env.open.to_vec()));
    let mine = env.json(FIRST, &["list", "--mine", "--json"]);
    assert_eq!(references(&mine), vec![env.closed.clone()]);
    let mine = env.json(SECOND, &["list", "--mine", "--json"]);
    assert_eq!(references(&mine), sorted(env.open.to_vec()));
    let table = env.ok(SECOND, &["list", "--mine"]);
    assert!(
        table.contains("OWNER") && table.contains("2 of 2 cases"),
        "{table}"
    );
}

#[test]
fn audit_entries_name_the_officer_who_reassigned_and_never_the_note() {
    let env = Env::new();
    let [ona, rasa] = &env.open;
    env.ok(
        SECOND,
        &["reassign", ona, rasa, "--to", SECOND, "--note", NOTE],
    );
    let audit = env.ok(FIRST, &["audit"]);
    let moved: Vec<&str> = audit
        .lines()
        .filter(|line| line.contains("case-reassigned"))
        .collect();
    assert_eq!(moved.len(), 2, "{audit}");
    for (line, reference) in moved.iter().zip([ona, rasa]) {
        assert!(line.contains(reference.as_str()), "{line}");
        // The officer signed in did it; the move is named.
        assert!(
            line.contains(&format!("{SECOND}  (from {FIRST} to {SECOND})")),
            "{line}"
        );
    }
    assert!(
        !audit.contains("Tuesdays"),
        "the note reached the audit log"
    );
    // In the library's terms too: actor and detail.
    let vault = env.open_as(FIRST, PASSPHRASE);
    let entries = vault.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    let reassigned: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "case-reassigned")
        .collect();
    assert_eq!(reassigned.len(), 2);
    assert!(reassigned.iter().all(|e| e.actor == SECOND));
    // Revisions name who made them: the handover made none.
    let record = vault.get_case(ona).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (record.meta.revision, record.meta.updated_by.as_str()),
        (1, FIRST)
    );
    drop(vault);
    let verified = env.ok(FIRST, &["audit", "--verify"]);
    assert!(verified.contains("intact"), "{verified}");
}

#[test]
fn an_unknown_officer_fails_with_nothing_changed() {
    let env = Env::new();
    let [ona, _] = &env.open;
    let audit_before = env.ok(FIRST, &["audit"]);
    let output = env.run(
        FIRST,
        &["reassign", ona, "--to", "P. Nobody", "--note", NOTE],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        format!(
            "error: \"P. Nobody\" is not an officer of this vault (its officers: {FIRST}, {SECOND})"
        )
    );
    let output = env.run(FIRST, &["reassign", "--from", "P. Nobody", "--to", SECOND]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("\"P. Nobody\" is not an officer of this vault"),
        "{stderr}"
    );
    assert_eq!(env.owner(ona), FIRST);
    let audit = env.ok(FIRST, &["audit"]);
    assert!(!audit.contains("case-reassigned"), "{audit}");
    // Only the unlocks and reads since (each `show` of the owner) were
    // added: no entry of a refused handover.
    let added: Vec<&str> = audit
        .lines()
        .skip(audit_before.lines().count())
        .filter(|line| !line.contains("case-viewed") && !line.contains(" unlock "))
        .collect();
    assert!(added.is_empty(), "{added:?}");
    let vault = env.open_as(FIRST, PASSPHRASE);
    assert!(
        vault
            .case_handovers(ona)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty()
    );
    // Neither a list of cases nor --from: clap refuses.
    let output = env.run(FIRST, &["reassign", "--to", SECOND]);
    assert!(!output.status.success());
}

#[test]
fn a_note_can_be_piped_in_instead_of_written_on_the_command_line() {
    use std::io::Write as _;
    let env = Env::new();
    let [ona, _] = &env.open;
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(env.vault())
        .arg("--passphrase-file")
        .arg(env.dir.path().join("first.txt"))
        .args([
            "--officer",
            FIRST,
            "reassign",
            ona,
            "--to",
            SECOND,
            "--note",
            "-",
        ])
        .env_remove("CASEBOOK_VAULT")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(format!("{NOTE}\n").as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let vault = env.open_as(FIRST, PASSPHRASE);
    let handovers = vault.case_handovers(ona).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        handovers.first().and_then(|h| h.note.as_deref()),
        Some(NOTE)
    );
}

/// At the commission no case is handed over: its cases are the missions',
/// whose officers are not the commission's. Refused by the library and
/// by `casebook reassign`, saying why, with nothing changed.
#[test]
fn the_commission_hands_over_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = common::new_commission_vault(&dir.path().join("hq"));
    let refused = vault.reassign(
        &casebook::vault::Handing::OpenCasesOf("A. Analyst".into()),
        "A. Analyst",
        None,
    );
    assert!(
        matches!(&refused, Err(casebook::vault::Error::InvalidSetting(m))
            if m.contains("not handed over at the commission")),
        "{refused:?}"
    );
    drop(vault);
    std::fs::write(dir.path().join("pass.txt"), format!("{PASSPHRASE}\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    let output = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(dir.path().join("hq"))
        .arg("--passphrase-file")
        .arg(dir.path().join("pass.txt"))
        .args(["reassign", "--from", "A. Analyst", "--to", "A. Analyst"])
        .env_remove("CASEBOOK_VAULT")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not handed over at the commission"),
        "{stderr}"
    );
}

/// A note with a terminal escape is refused with a clear message; a note
/// of several lines piped in is kept whole, and `show` prints each of its
/// lines indented under the handover, nothing raw.
#[test]
fn a_note_is_checked_kept_whole_and_printed_escaped() {
    use std::io::Write as _;
    let env = Env::new();
    let [ona, _] = &env.open;
    let output = env.run(
        FIRST,
        &["reassign", ona, "--to", SECOND, "--note", "\u{1b}[2J hi"],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("control, format or text-direction"),
        "{stderr}"
    );
    assert_eq!(env.owner(ona), FIRST);
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(env.vault())
        .arg("--passphrase-file")
        .arg(env.dir.path().join("first.txt"))
        .args([
            "--officer",
            FIRST,
            "reassign",
            ona,
            "--to",
            SECOND,
            "--note",
            "-",
        ])
        .env_remove("CASEBOOK_VAULT")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(b"First line\nSecond line\n")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let vault = env.open_as(FIRST, PASSPHRASE);
    let handovers = vault.case_handovers(ona).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        handovers.first().and_then(|h| h.note.as_deref()),
        Some("First line\nSecond line")
    );
    drop(vault);
    let shown = env.ok(FIRST, &["show", ona]);
    assert!(
        shown.contains("\n                     First line\n"),
        "{shown}"
    );
    assert!(
        shown.contains("\n                     Second line\n"),
        "{shown}"
    );
}

/// A note longer than the limit piped in is refused, not cut.
#[test]
fn a_piped_note_past_the_limit_is_refused() {
    use std::io::Write as _;
    let env = Env::new();
    let [ona, _] = &env.open;
    let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(env.vault())
        .arg("--passphrase-file")
        .arg(env.dir.path().join("first.txt"))
        .args([
            "--officer",
            FIRST,
            "reassign",
            ona,
            "--to",
            SECOND,
            "--note",
            "-",
        ])
        .env_remove("CASEBOOK_VAULT")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    if let Some(mut stdin) = child.stdin.take() {
        // Ignored when the command stops reading early.
        let _ = stdin.write_all("ė".repeat(100_000).as_bytes());
    }
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at most 4000 characters"), "{stderr}");
    assert_eq!(env.owner(ona), FIRST);
}

/// A removed officer: no case can be handed to them (refused, naming the
/// officers), and what they left is handed on with `--from`.
#[test]
fn a_removed_officer_takes_nothing_and_their_cases_are_handed_on() {
    let env = Env::new();
    let [ona, rasa] = &env.open;
    env.ok(FIRST, &["reassign", ona, "--to", SECOND]);
    env.ok(FIRST, &["officer", "remove", SECOND, "--yes"]);
    let output = env.run(FIRST, &["reassign", rasa, "--to", SECOND]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "\"{SECOND}\" is not an officer of this vault (its officers: {FIRST})"
        )),
        "{stderr}"
    );
    assert_eq!(env.owner(rasa), FIRST);
    let said = env.ok(FIRST, &["reassign", "--from", SECOND, "--to", FIRST]);
    assert!(said.starts_with("Handed 1 case over to"), "{said}");
    assert_eq!(env.owner(ona), FIRST);
}

/// A backup holds the handovers and their notes, and a restore brings
/// them back; an export carries neither the owner nor the note: the
/// commission that imports it sees the case's creator and no handover.
#[test]
fn handovers_survive_a_restore_and_never_leave_in_an_export() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission_dir = dir.path().join("hq");
    let mut commission = common::new_commission_vault(&commission_dir);
    let key =
        casebook::exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));
    let mission_dir = dir.path().join("vault");
    let mut vault = new_vault(&mission_dir);
    vault
        .set_commission_key(&key, false)
        .unwrap_or_else(|e| panic!("{e}"));
    vault
        .add_officer(
            SECOND,
            &SecretString::from(SECOND_PASSPHRASE.to_owned()),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let reference = vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 2)))
        .unwrap_or_else(|e| panic!("{e}"))
        .meta
        .reference;
    vault
        .reassign(
            &casebook::vault::Handing::Cases(vec![reference.clone()]),
            SECOND,
            Some(NOTE),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let backup = dir.path().join("backup.casebook");
    vault.backup_to(&backup).unwrap_or_else(|e| panic!("{e}"));
    let export = dir.path().join("export.age");
    casebook::exchange::export(&mut vault, &export, true, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    // Handed back after the backup: the restore must bring the first back.
    vault
        .reassign(
            &casebook::vault::Handing::Cases(vec![reference.clone()]),
            FIRST,
            None,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);

    common::import_as_analyst(&mut commission, &export).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        commission
            .case_owner(&reference)
            .unwrap_or_else(|e| panic!("{e}")),
        FIRST,
        "the owner stayed at the mission"
    );
    assert!(
        commission
            .case_handovers(&reference)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_empty(),
        "the handover and its note stayed at the mission"
    );
    drop(commission);

    casebook::vault::restore(&backup, &mission_dir, casebook::vault::Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"));
    let vault = Vault::open_as(&mission_dir, Some(FIRST), &common::passphrase())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        vault
            .case_owner(&reference)
            .unwrap_or_else(|e| panic!("{e}")),
        SECOND
    );
    let handovers = vault
        .case_handovers(&reference)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        handovers
            .iter()
            .map(|h| h.note.as_deref())
            .collect::<Vec<_>>(),
        [Some(NOTE)]
    );
}
