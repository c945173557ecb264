//! The command line as scripts use it: the real binary, exit codes, stdout,
//! one-line errors on stderr.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A mission vault made with cheap key derivation through the library,
    /// and the passphrase in a file, as the CLI contract reads it.
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        drop(new_vault(&dir.path().join("vault")));
        std::fs::write(dir.path().join("pass.txt"), format!("{PASSPHRASE}\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        Env { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> Output {
        let vault = self.path("vault");
        let pass = self.path("pass.txt");
        let mut all: Vec<&str> = vec![
            "--vault",
            vault
                .to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
        ];
        all.extend([
            "--passphrase-file",
            pass.to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
        ]);
        all.extend(args);
        casebook(&all)
    }

    /// Runs with `input` on standard input (a pipe, not a terminal).
    fn run_with_input(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write as _;
        let vault = self.path("vault");
        let pass = self.path("pass.txt");
        let mut child = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args([
                "--vault",
                str_path(&vault),
                "--passphrase-file",
                str_path(&pass),
            ])
            .args(args)
            .env_remove("CASEBOOK_VAULT")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run casebook: {e}"));
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(input.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(!output.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(stderr.starts_with("error: "), "{stderr}");
        stderr
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path
    }
}

fn casebook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(args)
        .env_remove("CASEBOOK_VAULT")
        .output()
        .unwrap_or_else(|e| panic!("cannot run casebook: {e}"))
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn str_path(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("the path is not UTF-8"))
}

#[test]
fn add_accepts_the_reference_cases_and_show_gives_every_field_back() {
    let env = Env::new();
    let full = fixture("case-full.json");
    let out = env.ok(&["add", "--json", str_path(&full)]);
    let mut words = out.split_whitespace();
    let id = words
        .next()
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    let reference = words
        .next()
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    assert_eq!(id.len(), 36, "{out}");
    assert!(
        reference.starts_with("LT-LON-20") && reference.ends_with("-0001"),
        "{out}"
    );

    let mut shown = json(&env.ok(&["show", &reference, "--json"]));
    let record = shown
        .as_object_mut()
        .and_then(|o| o.remove("record"))
        .unwrap_or_else(|| panic!("not there"));
    assert_eq!(record["id"], id.as_str());
    assert_eq!(record["reference"], reference.as_str());
    assert_eq!(record["revision"], 1);
    assert_eq!(record["origin_mission"], "LT-LON");
    let original = json(&std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(shown, original);

    // By id too, and the minimal case.
    assert_eq!(
        json(&env.ok(&["show", &id, "--json"]))["record"]["reference"],
        reference.as_str()
    );
    let minimal = env.ok(&["add", "--json", str_path(&fixture("case-minimal.json"))]);
    assert!(minimal.trim().ends_with("-0002"), "{minimal}");
    let shown = json(
        &env.ok(&[
            "show",
            minimal
                .split_whitespace()
                .nth(1)
                .unwrap_or_else(|| panic!("nothing there")),
            "--json",
        ]),
    );
    assert_eq!(shown["person"]["given_name"], "Anonymous caller");
    assert_eq!(shown["person"]["is_pseudonym"], true);
    assert_eq!(shown["status"], "Active");
}

#[test]
fn search_reads_the_name_from_standard_input_so_it_stays_off_the_command_line() {
    let env = Env::new();
    let out = env.ok(&["add", "--json", str_path(&fixture("case-full.json"))]);
    let reference = out
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    for args in [
        &["search", "-"][..],
        &["search"],
        &["search", "-", "--json"],
    ] {
        let output = env.run_with_input(args, "Žemaitytė\n");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stdout.contains(&reference), "{args:?}: {stdout}");
    }
    let output = env.run_with_input(&["search", "-"], "nobody-by-that-name\n");
    assert!(!String::from_utf8_lossy(&output.stdout).contains(&reference));

    let output = env.run_with_input(&["search", "-"], "");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("error: no search query") && stderr.lines().count() == 1,
        "{stderr}"
    );

    // Scripts that give the query as an argument keep working; the help
    // says why not to.
    assert!(env.ok(&["search", "zemaityte"]).contains(&reference));
    let help = casebook(&["search", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("history") && help.contains("`-`"), "{help}");
    // The examples search by asking; a script pipes the query in from a
    // program, never from a file left on the disk.
    let help = casebook(&["--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    let examples: Vec<&str> = help
        .lines()
        .filter(|l| l.contains("casebook ") && l.contains(" search"))
        .collect();
    assert!(
        examples
            .first()
            .is_some_and(|l| l.contains("asks") && !l.contains("search -")),
        "the first example is not the prompt: {help}"
    );
    assert!(
        examples.iter().all(|l| !l.contains('<')),
        "an example reads the query from a file: {help}"
    );
    assert!(
        examples
            .iter()
            .any(|l| l.contains("| casebook") && l.contains("search -")),
        "{help}"
    );
}

#[test]
fn add_refuses_an_identified_victim_without_who_identified_them() {
    let env = Env::new();
    let undecided = env.write(
        "undecided.json",
        r#"{"first_contact": {"date": "2026-11-26", "channel": "Phone"}, "assessment": {"trafficking_status": "ActualVictimOfTrafficking"}}"#,
    );
    let err = env.fails(&["add", "--json", str_path(&undecided)]);
    assert!(
        err.contains("assessment.decided_by")
            && err.contains(
                "Police, NGO, CourtOrProsecution, NonPoliceGovernmentalOrganization, Other"
            ),
        "{err}"
    );
    assert!(env.ok(&["list"]).contains("0 of 0 cases"));

    let decided = env.write(
        "decided.json",
        r#"{"first_contact": {"date": "2026-11-26", "channel": "Phone"}, "assessment": {"trafficking_status": "ActualVictimOfTrafficking", "decided_by": "Police"}}"#,
    );
    env.ok(&["add", "--json", str_path(&decided)]);
}

#[test]
fn an_unknown_field_or_a_bad_value_is_named_in_the_error() {
    let env = Env::new();
    let bad_field = env.write(
        "unknown.json",
        r#"{"first_contact": {"date": "2026-11-26", "channel": "Phone"}, "person": {"nickname": "x"}}"#,
    );
    let err = env.fails(&["add", "--json", str_path(&bad_field)]);
    assert!(err.contains("person") && err.contains("nickname"), "{err}");

    let bad_value = env.write(
        "value.json",
        r#"{"first_contact": {"date": "2026-11-26", "channel": "Phone"}, "person": {"gender": "Female"}}"#,
    );
    let err = env.fails(&["add", "--json", str_path(&bad_value)]);
    assert!(
        err.contains("person.gender") && err.contains("Female"),
        "{err}"
    );

    let bad_date = env.write(
        "date.json",
        r#"{"first_contact": {"date": "2026-02-30", "channel": "Phone"}}"#,
    );
    let err = env.fails(&["add", "--json", str_path(&bad_date)]);
    assert!(err.contains("first_contact.date"), "{err}");

    let future = env.write(
        "future.json",
        r#"{"first_contact": {"date": "2999-01-01", "channel": "Phone"}}"#,
    );
    let err = env.fails(&["add", "--json", str_path(&future)]);
    assert!(
        err.contains("first_contact.date") && err.contains("future"),
        "{err}"
    );

    let country = env.write(
        "country.json",
        r#"{"first_contact": {"date": "2026-11-26", "channel": "Phone"}, "person": {"citizenship": ["LT", "QQ"]}}"#,
    );
    let err = env.fails(&["add", "--json", str_path(&country)]);
    assert!(
        err.contains("person.citizenship[1]") && err.contains("QQ"),
        "{err}"
    );

    // Nothing was stored by the failures.
    let list = env.ok(&["list"]);
    assert!(list.contains("0 of 0 cases"), "{list}");
}

#[test]
fn list_search_erase_and_audit_work_end_to_end() {
    let env = Env::new();
    let out = env.ok(&["add", "--json", str_path(&fixture("case-full.json"))]);
    let reference = out
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    env.ok(&["generate", "--count", "40", "--seed", "5"]);

    let list = env.ok(&["list", "--limit", "10"]);
    assert!(list.contains("10 of 41 cases"), "{list}");
    assert!(
        !list.contains("Žemaitytė"),
        "names must stay out of the table"
    );
    let active: serde_json::Value =
        json(&env.ok(&["list", "--json", "--status", "active", "--limit", "100"]));
    let rows = active
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("not an array"));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["status"] == "Active"));
    let err = env.fails(&["list", "--status", "Open"]);
    assert!(
        err.contains("Active, FollowUp, Closed, ClosedReferred"),
        "{err}"
    );

    let found = env.ok(&["search", "zemaityte"]);
    assert!(found.contains(&reference), "{found}");
    let found = json(&env.ok(&["search", "farm", "--json"]));
    assert!(
        found
            .as_array()
            .is_some_and(|a| a.iter().any(|r| r["reference"] == reference.as_str()))
    );

    let due = env.ok(&["list", "--due"]);
    assert!(due.contains("cases"), "{due}");

    env.ok(&["erase", &reference]);
    let err = env.fails(&["show", &reference]);
    assert!(err.contains("no case"), "{err}");
    assert!(!env.ok(&["search", "zemaityte"]).contains(&reference));

    let audit = env.ok(&["audit"]);
    assert!(
        audit.contains("case-created")
            && audit.contains("case-erased")
            && audit.contains("cases-generated"),
        "{audit}"
    );
    assert!(!audit.contains("Žemaitytė"));
    let verified = env.ok(&["audit", "--verify"]);
    assert!(verified.contains("intact"), "{verified}");
}

#[test]
fn a_wrong_passphrase_is_one_clear_line() {
    let env = Env::new();
    let wrong = env.write("wrong.txt", "not the passphrase at all\n");
    let vault = env.path("vault");
    let output = casebook(&[
        "--vault",
        str_path(&vault),
        "--passphrase-file",
        str_path(&wrong),
        "list",
    ]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: wrong passphrase\n"
    );
}

#[test]
fn a_second_process_on_an_open_vault_gets_a_clear_error() {
    let env = Env::new();
    let held = open(&env.path("vault"));
    let err = env.fails(&["list"]);
    assert_eq!(
        err,
        "error: the vault is open in another Casebook window; close it there first\n"
    );
    drop(held);
    env.ok(&["list"]);
}

#[test]
fn backup_and_restore_through_the_command_line() {
    let env = Env::new();
    let out = env.ok(&["add", "--json", str_path(&fixture("case-full.json"))]);
    let reference = out
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    let backup = env.path("copy.cbk");
    env.ok(&["backup", "--out", str_path(&backup)]);
    let restored = env.path("restored");
    let output = casebook(&["--vault", str_path(&restored), "restore", str_path(&backup)]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pass = env.path("pass.txt");
    let output = casebook(&[
        "--vault",
        str_path(&restored),
        "--passphrase-file",
        str_path(&pass),
        "show",
        &reference,
    ]);
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Ona Žemaitytė"));

    // Opened since (the unlock was recorded): newer than the backup, so a
    // plain --replace is refused and says what to do.
    let again = |flag: &str| {
        casebook(&[
            "--vault",
            str_path(&restored),
            "restore",
            str_path(&backup),
            flag,
        ])
    };
    let output = again("--replace");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("after this backup was made") && stderr.contains("--replace-newer"),
        "{stderr}"
    );
    let output = again("--replace-newer");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("kept in"));
}

#[test]
fn a_case_added_after_a_restore_never_gets_a_reference_the_undone_work_used() {
    let env = Env::new();
    let minimal = fixture("case-minimal.json");
    let reference = |out: String| {
        out.split_whitespace()
            .nth(1)
            .unwrap_or_else(|| panic!("nothing there"))
            .to_owned()
    };
    env.ok(&["add", "--json", str_path(&minimal)]);
    let backup = env.path("copy.cbk");
    env.ok(&["backup", "--out", str_path(&backup)]);
    let undone = reference(env.ok(&["add", "--json", str_path(&minimal)]));
    let vault = env.path("vault");
    let output = casebook(&[
        "--vault",
        str_path(&vault),
        "restore",
        str_path(&backup),
        "--replace-newer",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let added = reference(env.ok(&["add", "--json", str_path(&minimal)]));
    assert_ne!(added, undone);
    assert!(added.starts_with(&format!("{undone}-")), "{added}");
    let shown = json(&env.ok(&["show", &added, "--json"]));
    assert!(shown["record"]["epoch"].is_string(), "{shown}");
}

#[test]
fn init_creates_a_calibrated_vault_and_refuses_weak_passphrases_and_a_second_init() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault = dir.path().join("vault");
    let weak = dir.path().join("weak.txt");
    std::fs::write(&weak, "password123\n").unwrap_or_else(|e| panic!("{e}"));
    let strong = dir.path().join("strong.txt");
    std::fs::write(&strong, "amber river lantern quietly\n").unwrap_or_else(|e| panic!("{e}"));
    let key = dir.path().join("commission.txt");
    std::fs::write(
        &key,
        "# Commission public key\nage1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let init = |pass: &Path| {
        casebook(&[
            "--vault",
            str_path(&vault),
            "--passphrase-file",
            str_path(pass),
            "init",
            "--role",
            "mission",
            "--mission-code",
            "LT-LON",
            "--mission-name",
            "Embassy in London",
            "--officer",
            "J. Jonaitis",
            "--commission-key",
            str_path(&key),
        ])
    };
    let output = init(&weak);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("too weak"));
    assert!(!vault.join("vault.json").exists());

    let output = init(&strong);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = init(&strong);
    assert!(String::from_utf8_lossy(&output.stderr).contains("already exists"));

    let header =
        json(&std::fs::read_to_string(vault.join("vault.json")).unwrap_or_else(|e| panic!("{e}")));
    assert!(
        header["slots"][0]["kdf"]["memory_kib"]
            .as_u64()
            .is_some_and(|m| m >= 19 * 1024),
        "{header}"
    );
    let list = casebook(&[
        "--vault",
        str_path(&vault),
        "--passphrase-file",
        str_path(&strong),
        "list",
    ]);
    assert!(list.status.success());
}

#[test]
fn without_a_passphrase_file_and_no_terminal_the_error_says_what_to_do() {
    let env = Env::new();
    let vault = env.path("vault");
    let output = casebook(&["--vault", str_path(&vault), "list"]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("--passphrase-file"));
}

/// `commission-key --out key` on the commission vault; returns the
/// fingerprint it prints.
fn write_commission_key(env: &Env, key: &Path) -> String {
    let out = stdout_of(&on(
        env,
        "commission",
        &["commission-key", "--out", str_path(key)],
    ));
    out.lines()
        .last()
        .unwrap_or_else(|| panic!("nothing there"))
        .replace("Fingerprint: ", "")
}

/// Runs a command on another vault of the same test folder.
fn on(env: &Env, vault: &str, args: &[&str]) -> Output {
    let vault = env.path(vault);
    let pass = env.path("pass.txt");
    let mut all = vec![
        "--vault",
        str_path(&vault),
        "--passphrase-file",
        str_path(&pass),
    ];
    all.extend(args);
    casebook(&all)
}

fn stdout_of(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of_failure(output: &Output) -> String {
    assert!(
        !output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn export_verify_and_import_through_the_command_line() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    let fingerprint = write_commission_key(&env, &key);
    assert_eq!(fingerprint.len(), 39, "{fingerprint}");

    let first = env.path("LT-LON-1.age");
    let error = env.fails(&["export", "--out", str_path(&first)]);
    assert!(
        error.contains("commission's public key is not stored"),
        "{error}"
    );
    env.ok(&["set-commission-key", str_path(&key)]);
    let other_key = env.write(
        "other.pub",
        "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj\n",
    );
    let error = env.fails(&["set-commission-key", str_path(&other_key)]);
    assert!(error.contains("--replace"), "{error}");

    let added = env.ok(&["add", "--json", str_path(&fixture("case-full.json"))]);
    let reference = added
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    let minimal = env.ok(&["add", "--json", str_path(&fixture("case-minimal.json"))]);
    let out = env.ok(&["export", "--out", str_path(&first)]);
    assert!(out.contains("Export 1 (incremental)"), "{out}");
    assert!(out.contains("2 cases"), "{out}");
    assert!(out.contains(&fingerprint), "{out}");
    let error = env.fails(&["export", "--out", str_path(&first)]);
    assert!(error.contains("already exists"), "{error}");

    let mission_fingerprint = signing_fingerprint(&out);
    assert_eq!(mission_fingerprint.len(), 39, "{out}");

    // Until its key is approved, a file is not called genuine: anyone who
    // knows the commission's public key can sign one in any mission's name.
    let verified = on(&env, "commission", &["verify", str_path(&first)]);
    let out = String::from_utf8_lossy(&verified.stdout).into_owned();
    let error = stderr_of_failure(&verified);
    assert!(!out.contains("genuine"), "{out}");
    assert!(!out.contains("would add"), "{out}");
    assert!(
        out.contains("records not checked until the key is approved"),
        "{out}"
    );
    assert!(
        error.starts_with("error: signed by an unapproved key: mission LT-LON (Embassy in London)"),
        "{error}"
    );
    assert!(error.contains(&mission_fingerprint), "{error}");
    assert_eq!(error.lines().count(), 1, "{error}");
    let listed = stdout_of(&on(&env, "commission", &["list"]));
    assert!(
        listed.contains("0 of 0 cases"),
        "verify wrote nothing: {listed}"
    );

    let error = stderr_of_failure(&on(&env, "commission", &["import", str_path(&first)]));
    assert!(
        error.starts_with("error: mission LT-LON (Embassy in London) is not known yet"),
        "{error}"
    );
    // Approval names the mission and the key together: the right key for
    // another code, or another key for this code, approves nothing.
    let compact = mission_fingerprint.replace(' ', "");
    for wrong in [
        format!("LT-RIG:{mission_fingerprint}"),
        format!("LT-LON:{}", "0".repeat(32)),
    ] {
        let error = stderr_of_failure(&on(
            &env,
            "commission",
            &["import", str_path(&first), "--approve-new-mission", &wrong],
        ));
        assert!(error.contains("is not known yet"), "{wrong}: {error}");
    }
    let error = stderr_of_failure(&on(
        &env,
        "commission",
        &[
            "import",
            str_path(&first),
            "--approve-new-mission",
            "LT-LON",
        ],
    ));
    assert!(error.contains("CODE:FINGERPRINT"), "{error}");
    assert!(stdout_of(&on(&env, "commission", &["missions"])).is_empty());
    let out = stdout_of(&on(
        &env,
        "commission",
        &[
            "import",
            str_path(&first),
            "--approve-new-mission",
            &format!("LT-LON:{compact}"),
        ],
    ));
    assert!(out.contains("Approved new mission LT-LON"), "{out}");
    let verified = stdout_of(&on(&env, "commission", &["verify", str_path(&first)]));
    assert!(
        verified.contains("a genuine export 1 (incremental) of mission LT-LON"),
        "{verified}"
    );
    assert!(
        out.contains("2 new, 0 updated, 0 unchanged, 0 erased, 0 conflicts"),
        "{out}"
    );
    let shown = stdout_of(&on(&env, "commission", &["show", &reference, "--json"]));
    assert_eq!(json(&shown)["record"]["reference"], reference.as_str());
    // The minimal case has no consent to identifiable data: it arrived
    // redacted, and `show` gives its dates as months and says why.
    let minimal = minimal
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("nothing there"));
    let shown = stdout_of(&on(&env, "commission", &["show", minimal]));
    assert!(
        shown.contains("First contact:     2026-11 (Phone)"),
        "{shown}"
    );
    assert!(
        shown.contains("Shared without consent to identifiable data"),
        "{shown}"
    );

    // An erasure travels; a skipped export shows as a gap; a file imported
    // twice changes nothing.
    env.ok(&["erase", &reference, "--yes"]);
    let second = env.path("LT-LON-2.age");
    let third = env.path("LT-LON-3.age");
    env.ok(&["export", "--out", str_path(&second)]);
    env.ok(&["export", "--out", str_path(&third)]);
    let out = stdout_of(&on(
        &env,
        "commission",
        &["import", str_path(&third), str_path(&first)],
    ));
    assert!(out.contains("LT-LON: export 2 not yet received"), "{out}");
    assert!(out.contains("already imported"), "{out}");
    let out = stdout_of(&on(&env, "commission", &["import", str_path(&second)]));
    assert!(out.contains("1 erased"), "{out}");
    let error = stderr_of_failure(&on(&env, "commission", &["show", &reference]));
    assert!(error.contains("no case"), "{error}");

    // A damaged file and a file for the wrong vault: one clear line each.
    let damaged = env.path("damaged.age");
    let mut bytes = std::fs::read(&second).unwrap_or_else(|e| panic!("{e}"));
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&damaged, bytes).unwrap_or_else(|e| panic!("{e}"));
    let error = stderr_of_failure(&on(&env, "commission", &["import", str_path(&damaged)]));
    assert!(
        error.starts_with("error: the export file is damaged"),
        "{error}"
    );
    assert_eq!(error.lines().count(), 1, "{error}");
    let error = stderr_of_failure(&on(&env, "commission", &["verify", str_path(&key)]));
    assert_eq!(error.trim(), "error: not a Casebook export file");
    let out = stdout_of(&on(&env, "commission", &["missions"]));
    assert!(
        out.contains("LT-LON") && out.contains("Embassy in London"),
        "{out}"
    );
}

#[test]
fn the_commission_identity_backup_is_a_standard_age_file_and_restores() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let backup = env.path("identity.age");
    let weak = env.write("weak.txt", "secret\n");
    let error = stderr_of_failure(&on(
        &env,
        "commission",
        &[
            "identity-backup",
            "--out",
            str_path(&backup),
            "--backup-passphrase-file",
            str_path(&weak),
        ],
    ));
    assert!(error.contains("too weak"), "{error}");
    let strong = env.write("backup-pass.txt", "granite orchard whistles at midnight\n");
    stdout_of(&on(
        &env,
        "commission",
        &[
            "identity-backup",
            "--out",
            str_path(&backup),
            "--backup-passphrase-file",
            str_path(&strong),
        ],
    ));
    let bytes = std::fs::read(&backup).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> scrypt "));
    assert!(!contains(&bytes, b"AGE-SECRET-KEY"));

    let key = env.path("commission.pub");
    let fingerprint = write_commission_key(&env, &key);
    drop(new_commission_vault(&env.path("replacement")));
    let error = stderr_of_failure(&on(
        &env,
        "replacement",
        &[
            "identity-restore",
            str_path(&backup),
            "--backup-passphrase-file",
            str_path(&strong),
        ],
    ));
    assert!(error.contains("--replace"), "{error}");
    let out = stdout_of(&on(
        &env,
        "replacement",
        &[
            "identity-restore",
            str_path(&backup),
            "--backup-passphrase-file",
            str_path(&strong),
            "--replace",
        ],
    ));
    // The restored key is the one in use now ("old → restored").
    assert!(out.contains(&format!("→ {fingerprint}")), "{out}");
    let audit = stdout_of(&on(&env, "replacement", &["audit"]));
    assert!(audit.contains("commission-identity-restored"), "{audit}");
}

#[test]
fn stats_prints_a_suppressed_table_and_csv() {
    let env = Env::new();
    // Generated cases stored as recorded ones: `generate`'s are never counted.
    open(&env.path("vault"))
        .generate_recorded(4, 60, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = env.ok(&["stats", "--by", "gender", "--by", "minor"]);
    let header = out
        .lines()
        .next()
        .unwrap_or_else(|| panic!("nothing there"));
    assert!(
        header.starts_with("gender") && header.contains("minor") && header.contains("total"),
        "{out}"
    );
    let refused = out
        .lines()
        .find(|l| l.contains(" cases left out because"))
        .and_then(|l| l.strip_prefix('('))
        .and_then(|l| l.split(" cases left out because").next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no line says how many were left out: {out}"));
    assert!(
        out.lines().any(
            |l| l.starts_with("total") && l.trim_end().ends_with(&format!(" {}", 60 - refused))
        ),
        "{out}"
    );
    let csv = env.ok(&["stats", "--by", "form", "--csv", "--min-count", "10"]);
    assert!(
        csv.starts_with("# Casebook statistics: cases by form;"),
        "{csv}"
    );
    assert!(
        csv.contains("a case counts once under each of its values"),
        "{csv}"
    );
    assert!(csv.lines().nth(1) == Some("form,cases"), "{csv}");
    for line in csv.lines().skip(2) {
        let count = line
            .rsplit(',')
            .next()
            .unwrap_or_else(|| panic!("nothing there"));
        assert!(
            count == "c" || count.parse::<u64>().is_ok_and(|n| n == 0 || n >= 10),
            "{line}"
        );
    }
    let error = env.fails(&["stats", "--by", "shoe-size"]);
    assert!(
        error.contains("unknown field \"shoe-size\"; use one of year,"),
        "{error}"
    );
    let error = env.fails(&["stats", "--by", "year", "--by", "gender", "--by", "form"]);
    assert!(error.contains("once or twice"), "{error}");
}

/// `--trafficking-status` counts one status only (a table of victims
/// without the "not a victim" cases); `age-group-gbvims` counts by GBVIMS's
/// groups.
#[test]
fn stats_filter_by_trafficking_status_and_count_by_gbvims_age_groups() {
    let env = Env::new();
    open(&env.path("vault"))
        .generate_recorded(4, 60, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    let first_column = |out: &str| -> Vec<String> {
        out.lines()
            .skip(1)
            .take_while(|l| !l.trim().is_empty() && !l.starts_with('('))
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect()
    };
    let all = env.ok(&["stats", "--by", "trafficking-status"]);
    let statuses = first_column(&all);
    assert!(
        statuses.iter().any(|s| s == "NotAVictimOfTrafficking"),
        "the generated cases include a 'not a victim' one: {all}"
    );
    let victims = env.ok(&[
        "stats",
        "--by",
        "trafficking-status",
        "--trafficking-status",
        "ActualVictimOfTrafficking",
    ]);
    assert_eq!(
        first_column(&victims)
            .into_iter()
            .filter(|v| v != "total")
            .collect::<Vec<_>>(),
        ["ActualVictimOfTrafficking"],
        "{victims}"
    );
    let error = env.fails(&["stats", "--trafficking-status", "Victim"]);
    assert!(error.contains("ActualVictimOfTrafficking"), "{error}");

    let gbvims = env.ok(&["stats", "--by", "age-group-gbvims"]);
    assert!(gbvims.starts_with("age-group-gbvims"), "{gbvims}");
    let groups = [
        "0-11", "12-17", "18-25", "26-40", "41-60", "61+", "unknown", "total",
    ];
    for value in first_column(&gbvims) {
        assert!(groups.contains(&value.as_str()), "{value} in {gbvims}");
    }
}

/// The process turns core dumps off before it reads a passphrase: it is
/// held at the passphrase (a FIFO nobody writes yet) while its limits are read.
#[cfg(target_os = "linux")]
#[test]
fn core_dumps_are_off_before_the_passphrase_is_read() {
    let env = Env::new();
    let fifo = env.path("pass.fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(made.success());
    let child = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(env.path("vault"))
        .arg("--passphrase-file")
        .arg(&fifo)
        .arg("list")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let limits = format!("/proc/{}/limits", child.id());
    let core_line = |text: &str| {
        text.lines()
            .find(|l| l.starts_with("Max core file size"))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut seen = None;
    while std::time::Instant::now() < deadline {
        seen = std::fs::read_to_string(&limits)
            .ok()
            .and_then(|t| core_line(&t));
        if seen.as_deref() == Some("Max core file size 0 0 bytes") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The passphrase goes in; the command finishes normally.
    std::fs::write(&fifo, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(seen.as_deref(), Some("Max core file size 0 0 bytes"));
    assert!(output.status.success());
}

#[test]
fn a_mission_code_that_is_not_two_letters_a_hyphen_and_two_to_eight_more_is_refused_at_init() {
    let env = Env::new();
    let pass = env.write("strong.txt", "violet harbour quietly engine forty two\n");
    let init = |vault: &Path, code: &str| {
        casebook(&[
            "--vault",
            str_path(vault),
            "--passphrase-file",
            str_path(&pass),
            "init",
            "--role",
            "mission",
            "--mission-code",
            code,
            "--mission-name",
            "Embassy in London",
            "--officer",
            "J. Jonaitis",
        ])
    };
    let codes = [
        "LTLON",
        "LT-",
        "L-LON",
        "LT-LONDONXYZ",
        "lt-lon",
        "LT-LO N",
        "LT-ŁON",
    ];
    for (i, code) in codes.into_iter().enumerate() {
        let vault = env.path(&format!("refused-{i}"));
        let error = stderr_of_failure(&init(&vault, code));
        assert!(error.contains("LT-LON"), "{code}: {error}");
        assert_eq!(error.lines().count(), 1, "{code}: {error}");
        assert!(!vault.join("vault.json").exists(), "{code}");
    }
}

/// Adds `n` cases of this gender through `add`.
fn add_cases_of_gender(env: &Env, gender: &str, n: usize, consent: Option<bool>) {
    let mut case = serde_json::json!({
        "first_contact": { "date": "2026-11-02", "channel": "WalkIn" },
        "person": { "gender": gender },
    });
    if let Some(consent) = consent {
        case["consent"] = serde_json::json!({ "anonymous_statistics": consent });
    }
    let file = env.write(&format!("{gender}.json"), &case.to_string());
    for _ in 0..n {
        env.ok(&["add", "--json", str_path(&file)]);
    }
}

/// The (value, field) pairs of a one-dimension CSV, comment and header
/// left out.
fn csv_rows(csv: &str) -> Vec<(String, String)> {
    csv.lines()
        .skip(2)
        .filter_map(|l| l.split_once(','))
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

#[test]
fn stats_csv_of_22_cases_by_gender_20_1_1_does_not_pin_the_two_small_counts() {
    let env = Env::new();
    add_cases_of_gender(&env, "Feminine", 20, None);
    add_cases_of_gender(&env, "Masculine", 1, None);
    add_cases_of_gender(&env, "TransgenderFeminine", 1, None);
    let csv = env.ok(&["stats", "--by", "gender", "--csv"]);
    let rows = csv_rows(&csv);
    let (total, values): (Vec<_>, Vec<_>) = rows.iter().partition(|(name, _)| name == "total");
    let shown: Vec<u64> = values.iter().filter_map(|(_, v)| v.parse().ok()).collect();
    let hidden = values.len() - shown.len();
    assert!(hidden >= 2, "{csv}");
    // With the total published, the hidden counts share what is left; each
    // is at least 1, so a small one can reach 4 only if the others leave
    // room for it.
    if let Some(Ok(total)) = total.first().map(|(_, v)| v.parse::<u64>()) {
        let left = total - shown.iter().sum::<u64>();
        assert!(
            left >= 4 + (hidden as u64 - 1),
            "the hidden counts add up to {left}: each one is pinned\n{csv}"
        );
    }
}

#[test]
fn add_refuses_a_case_too_large_to_export_and_says_what_to_shorten() {
    let env = Env::new();
    let mut case =
        json(&std::fs::read_to_string(fixture("case-full.json")).unwrap_or_else(|e| panic!("{e}")));
    let follow_up = case["follow_ups"][0].clone();
    let mut long = follow_up.clone();
    long["summary"] = "ž".repeat(100_000).into();
    case["follow_ups"] = (0..30).map(|_| long.clone()).collect();
    let path = env.write("large.json", &case.to_string());
    let err = env.fails(&["add", "--json", str_path(&path)]);
    assert!(
        err.contains("too large") && err.contains("shorten follow_ups"),
        "{err}"
    );
    // Nothing was stored; a case of ordinary size still is.
    case["follow_ups"] = vec![follow_up].into();
    let path = env.write("ordinary.json", &case.to_string());
    let out = env.ok(&["add", "--json", str_path(&path)]);
    assert!(out.trim().ends_with("-0001"), "{out}");
}

#[test]
fn stats_marks_every_hidden_count_c_and_refuses_a_file_threshold_below_three() {
    let env = Env::new();
    add_cases_of_gender(&env, "Feminine", 20, None);
    add_cases_of_gender(&env, "Masculine", 1, None);
    let csv = env.ok(&["stats", "--by", "gender", "--csv"]);
    assert_eq!(
        csv_rows(&csv),
        [
            ("Feminine".to_owned(), "c".to_owned()),
            ("Masculine".to_owned(), "c".to_owned()),
            ("total".to_owned(), "21".to_owned()),
        ],
        "{csv}"
    );
    assert!(
        csv.lines()
            .next()
            .unwrap_or_else(|| panic!("nothing there"))
            .contains("c = confidential"),
        "{csv}"
    );
    let out = env.ok(&["stats", "--by", "gender"]);
    assert!(
        !out.contains('<') && out.contains("c = confidential"),
        "{out}"
    );
    for k in ["0", "1", "2"] {
        let error = env.fails(&["stats", "--by", "gender", "--csv", "--min-count", k]);
        assert_eq!(
            error.trim(),
            format!(
                "error: --min-count {k} is too low: what leaves the screen hides counts below at least 3"
            )
        );
    }
    env.ok(&["stats", "--by", "gender", "--csv", "--min-count", "3"]);
}

#[test]
fn stats_leave_out_a_refusal_by_default_and_say_how_many() {
    let env = Env::new();
    add_cases_of_gender(&env, "Feminine", 6, Some(true));
    add_cases_of_gender(&env, "Masculine", 2, Some(false));
    let csv = env.ok(&["stats", "--by", "gender", "--csv"]);
    assert!(
        csv.lines()
            .next()
            .unwrap_or_else(|| panic!("nothing there"))
            .contains(
                "fewer than 5 cases left out because the person refused anonymous statistics"
            ),
        "{csv}"
    );
    assert!(csv.contains("total,6"), "{csv}");
    let out = env.ok(&["stats", "--by", "gender"]);
    assert!(
        out.contains("fewer than 5 cases left out because the person refused"),
        "{out}"
    );
}

#[test]
fn generated_cases_never_leave_in_an_export_nor_count_at_the_commission() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    write_commission_key(&env, &key);
    env.ok(&["set-commission-key", str_path(&key)]);
    add_cases_of_gender(&env, "Feminine", 6, None);
    env.ok(&["generate", "--count", "40", "--seed", "3"]);
    // The mission's own statistics count its real cases only.
    let csv = env.ok(&["stats", "--by", "gender", "--csv"]);
    assert!(csv.contains("total,6"), "{csv}");
    assert!(
        csv.contains("40 synthetic (training) cases left out"),
        "{csv}"
    );

    let file = env.path("LT-LON-1.age");
    let out = env.ok(&["export", "--out", str_path(&file)]);
    assert!(out.contains("6 cases"), "{out}");
    let approval = format!("LT-LON:{}", signing_fingerprint(&out));
    let out = stdout_of(&on(
        &env,
        "commission",
        &[
            "import",
            str_path(&file),
            "--approve-new-mission",
            &approval,
        ],
    ));
    assert!(out.contains("6 new"), "{out}");
    let csv = stdout_of(&on(
        &env,
        "commission",
        &["stats", "--by", "mission", "--csv"],
    ));
    assert!(csv.contains("LT-LON,6") && csv.contains("total,6"), "{csv}");
}

/// The mission key's fingerprint, as `export` prints it.
fn signing_fingerprint(export_output: &str) -> String {
    export_output
        .lines()
        .find_map(|line| line.strip_prefix("Signed with mission key"))
        .unwrap_or_else(|| panic!("no such line"))
        .trim()
        .to_owned()
}

/// The day that decides "in the future" is the officer's own, in the
/// computer's time zone, not UTC's. Whatever the hour this runs at, it
/// picks a zone whose day differs from UTC's now (UTC+14 from 11:00 UTC,
/// UTC−12 before; each holds an hour past the switch, so a run that
/// crosses it still expects the right answer) and dates a contact on the
/// day that tells them apart.
#[test]
fn a_contact_dated_today_in_the_computers_time_zone_is_accepted_and_tomorrow_is_not() {
    use chrono::Timelike;
    let env = Env::new();
    let now = chrono::Utc::now();
    let (zone, hours, accepted) = if now.hour() >= 11 {
        ("<+14>-14", 14, true)
    } else {
        ("<-12>+12", -12, false)
    };
    // From 10:00 UTC the zone's today is UTC's tomorrow: a UTC clock calls
    // it the future. Before noon UTC's today is the zone's tomorrow.
    let day = if accepted {
        (now + chrono::Duration::hours(hours)).date_naive()
    } else {
        now.date_naive()
    };
    let case = env.write(
        "today.json",
        &format!(r#"{{"first_contact": {{"date": "{day}", "channel": "Phone"}}}}"#),
    );
    let output = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .args(["--vault", str_path(&env.path("vault"))])
        .args(["--passphrase-file", str_path(&env.path("pass.txt"))])
        .args(["add", "--json", str_path(&case)])
        .env_remove("CASEBOOK_VAULT")
        .env("TZ", zone)
        .output()
        .unwrap_or_else(|e| panic!("cannot run casebook: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.success(),
        accepted,
        "{day} in {zone} at {now}: {stderr}"
    );
    if !accepted {
        assert!(stderr.contains("in the future"), "{stderr}");
    }
}

/// A file that cannot be read is named once, with the system's reason
/// once (the reason was printed twice, from the message and its source).
#[test]
fn a_missing_file_is_reported_once() {
    let env = Env::new();
    let missing = env.path("no-such-key.txt");
    let err = env.fails(&["set-commission-key", str_path(&missing)]);
    assert_eq!(err.matches("os error 2").count(), 1, "{err}");
    assert!(err.contains("no-such-key.txt"), "{err}");
}

/// `--version` names the version and the commit the binary was built from
/// (build.rs), which a bug report needs.
#[test]
fn version_names_the_commit() {
    let out = casebook(&["--version"]);
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        said.starts_with(&format!("casebook {version} (")) && said.trim_end().ends_with(')'),
        "{said}"
    );
    let commit = said
        .trim_end()
        .trim_end_matches(')')
        .rsplit(' ')
        .next()
        .unwrap_or_default();
    assert!(
        commit == "commit" || commit.len() == 12 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
        "not a commit: {said}"
    );
}

/// The package's manual pages and completions come from the command line's
/// own definitions: every command has its page, and the completions offer
/// the commands.
#[test]
fn manuals_and_completions_are_generated_from_the_commands() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = casebook(&["manuals", "--out", str_path(dir.path())]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(dir.path().join("man/casebook.1"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(page.contains(".TH casebook 1"), "{page}");
    for command in ["export", "import", "destroy", "officer-add"] {
        let page = std::fs::read_to_string(dir.path().join(format!("man/casebook-{command}.1")))
            .unwrap_or_else(|e| panic!("casebook-{command}.1: {e}"));
        assert!(
            page.contains(&format!(".TH casebook-{command} 1")),
            "{page}"
        );
    }
    assert!(
        !dir.path().join("man/casebook-manuals.1").exists(),
        "the packaging command is hidden"
    );
    for file in ["casebook.bash", "_casebook", "casebook.fish"] {
        let text = std::fs::read_to_string(dir.path().join("completions").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            text.contains("destroy") && text.contains("export"),
            "{file}"
        );
    }
}

/// `missions --json` shows export 2 missing after 1 and 3 arrived; a
/// rotation at the mission is accepted without a phone call; a revoked
/// key's next file is refused, naming the mission and the day, and its
/// export up to `--after` is still taken; a replaced key's file is refused.
#[test]
fn missions_lists_the_gaps_and_rotate_revoke_and_replace_work_through_the_command_line() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    write_commission_key(&env, &key);
    env.ok(&["set-commission-key", str_path(&key)]);
    let files: Vec<PathBuf> = (1..=3).map(|n| env.path(&format!("{n}.age"))).collect();
    let mut fingerprint = String::new();
    for file in &files {
        env.ok(&["add", "--json", str_path(&fixture("case-minimal.json"))]);
        fingerprint = signing_fingerprint(&env.ok(&["export", "--out", str_path(file)]));
    }
    let approval = format!("LT-LON:{fingerprint}");
    for file in [&files[0], &files[2]] {
        stdout_of(&on(
            &env,
            "commission",
            &["import", str_path(file), "--approve-new-mission", &approval],
        ));
    }
    let listed = json(&stdout_of(&on(&env, "commission", &["missions", "--json"])));
    let row = &listed["missions"][0];
    assert_eq!(row["code"], "LT-LON");
    assert_eq!(row["status"], "approved");
    assert_eq!(row["fingerprint"], fingerprint.as_str());
    assert_eq!(row["last_export"], 3);
    assert_eq!(row["missing"], serde_json::json!([[2, 2]]));
    assert_eq!(row["cases"], 2);
    assert_eq!(row["silent"], false);
    assert_eq!(listed["silent_after_days"], 90);
    let table = stdout_of(&on(&env, "commission", &["missions"]));
    assert!(
        table.contains("LT-LON") && table.contains(&fingerprint),
        "{table}"
    );

    // A planned rotation: the next export carries the statement.
    let rotation_backup = env.path("rotated.cbk");
    let rotated = env.ok(&["rotate-key", "--backup-out", str_path(&rotation_backup)]);
    assert!(rotation_backup.exists(), "{rotated}");
    assert!(
        rotated.contains(&format!("old key fingerprint: {fingerprint}")),
        "{rotated}"
    );
    env.ok(&["add", "--json", str_path(&fixture("case-minimal.json"))]);
    let fourth = env.path("4.age");
    let new_fingerprint = signing_fingerprint(&env.ok(&["export", "--out", str_path(&fourth)]));
    assert_ne!(new_fingerprint, fingerprint);
    let out = stdout_of(&on(&env, "commission", &["import", str_path(&fourth)]));
    assert!(out.contains("1 new"), "{out}");
    let listed = json(&stdout_of(&on(&env, "commission", &["missions", "--json"])));
    assert_eq!(listed["missions"][0]["status"], "approved-by-rotation");
    assert_eq!(
        listed["missions"][0]["fingerprint"],
        new_fingerprint.as_str()
    );
    assert_eq!(listed["missions"][0]["keys"][1]["approved_how"], "rotation");

    // Revoked, with exports up to 5 still taken.
    let fifth = env.path("5.age");
    let sixth = env.path("6.age");
    for file in [&fifth, &sixth] {
        env.ok(&["add", "--json", str_path(&fixture("case-minimal.json"))]);
        env.ok(&["export", "--out", str_path(file)]);
    }
    let out = stdout_of(&on(
        &env,
        "commission",
        &["missions", "--revoke", "LT-LON", "--after", "5"],
    ));
    assert!(out.contains("revoked on"), "{out}");
    let error = stderr_of_failure(&on(&env, "commission", &["import", str_path(&sixth)]));
    assert!(
        error.starts_with("error: the key of mission LT-LON that signed this file was revoked on "),
        "{error}"
    );
    let out = stdout_of(&on(&env, "commission", &["import", str_path(&fifth)]));
    assert!(out.contains("1 new"), "{out}");
    let audit = stdout_of(&on(&env, "commission", &["audit"]));
    assert!(audit.contains("mission-key-revoked"), "{audit}");
    assert!(audit.contains("mission-key-rotated"), "{audit}");

    // A new key approved by phone; the revoked key stays refused.
    let error = stderr_of_failure(&on(
        &env,
        "commission",
        &[
            "missions",
            "--replace-key",
            &format!("LT-LON:{new_fingerprint}"),
        ],
    ));
    assert!(error.contains("revoked"), "{error}");
    stdout_of(&on(
        &env,
        "commission",
        &[
            "missions",
            "--replace-key",
            &format!("LT-LON:{}", "AB12".repeat(8)),
        ],
    ));
    let listed = json(&stdout_of(&on(&env, "commission", &["missions", "--json"])));
    assert_eq!(listed["missions"][0]["awaiting_first_file"], true);
    assert!(
        stderr_of_failure(&on(&env, "commission", &["import", str_path(&sixth)]))
            .contains("revoked")
    );
}

/// Review finding 12: `--replace-key` takes a mission registered under an
/// older code form (its files still import, so its key must be
/// replaceable); `--json` holds for --replace-key, --revoke and
/// --silent-after, with only JSON on standard output.
#[test]
fn missions_replaces_the_key_of_an_older_code_and_answers_in_json() {
    let env = Env::new();
    let commission = new_commission_vault(&env.path("commission"));
    commission
        .diagnostic_connection()
        .execute(
            "INSERT INTO missions (code, name, vault_id, public_key, approved_at, approved_by) \
             VALUES ('LT-LON-2', 'Embassy in London', 'v', ?1, '2026-01-01T00:00:00Z', 'J. Jonaitis')",
            [vec![7u8; 32]],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    drop(commission);
    let fingerprint = "AB12".repeat(8);
    let replaced = json(&stdout_of(&on(
        &env,
        "commission",
        &[
            "missions",
            "--replace-key",
            &format!("LT-LON-2:{fingerprint}"),
            "--json",
        ],
    )));
    assert_eq!(replaced["mission"], "LT-LON-2");
    assert_eq!(
        replaced["approved"]["fingerprint"],
        "AB12 ".repeat(8).trim()
    );
    assert_eq!(replaced["approved"]["approved_how"], "phone");
    assert_eq!(replaced["previous"]["status"], "replaced");
    let revoked = json(&stdout_of(&on(
        &env,
        "commission",
        &["missions", "--revoke", "LT-LON-2", "--after", "4", "--json"],
    )));
    assert_eq!(revoked["revoked"]["status"], "revoked");
    assert_eq!(revoked["revoked"]["accept_through"], 4);
    let listed = json(&stdout_of(&on(
        &env,
        "commission",
        &["missions", "--silent-after", "30", "--json"],
    )));
    assert_eq!(listed["silent_after_days"], 30);
    assert_eq!(listed["missions"][0]["status"], "revoked");
}
