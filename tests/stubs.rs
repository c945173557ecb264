//! Keeping less at the mission, end to end through the command line: a
//! closed case the commission confirmed becomes a stub at the mission and
//! never travels again, so the commission keeps the full record; cases past
//! their erase-after date are listed on both sides and erased with
//! tombstones that import at the commission.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("pass.txt"), format!("{PASSPHRASE}\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        Env { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, vault: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .args(["--vault", s(&self.path(vault))])
            .args(["--passphrase-file", s(&self.path("pass.txt"))])
            .args(args)
            .env_remove("CASEBOOK_VAULT")
            .output()
            .unwrap_or_else(|e| panic!("cannot run casebook: {e}"))
    }

    fn ok(&self, vault: &str, args: &[&str]) -> String {
        let output = self.run(vault, args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn add(&self, vault: &str, name: &str, json: &str) -> String {
        let file = self.path(name);
        std::fs::write(&file, json).unwrap_or_else(|e| panic!("{e}"));
        let out = self.ok(vault, &["add", "--json", s(&file)]);
        std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{e}"));
        out.split_whitespace()
            .find(|w| w.starts_with("LT-LON-"))
            .unwrap_or_else(|| panic!("{out}"))
            .trim_end_matches(['.', ','])
            .to_owned()
    }
}

fn s(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("the path is not UTF-8"))
}

const CLOSED: &str = r#"{
  "status": "Closed",
  "first_contact": { "date": "2025-01-10", "channel": "WalkIn" },
  "person": { "given_name": "Rūta", "family_name": "Stubaitė" },
  "consent": { "share_identifiable_with_commission": true },
  "notes": "Met her at the Kaunas bus station."
}"#;

const PAST_RETENTION: &str = r#"{
  "first_contact": { "date": "2025-01-12", "channel": "Phone" },
  "person": { "given_name": "Eglė", "family_name": "Retaitė" },
  "erase_after": "2025-06-01"
}"#;

#[test]
fn a_confirmed_old_closed_case_becomes_a_stub_and_the_commission_keeps_the_full_record() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    drop(new_vault(&env.path("mission")));
    env.ok("mission", &["set-commission-key", s(&key)]);

    let closed = env.add("mission", "closed.json", CLOSED);
    let retained = env.add("mission", "retained.json", PAST_RETENTION);
    // Saved long ago: the closure is older than the months set.
    {
        let vault = open(&env.path("mission"));
        vault
            .diagnostic_connection()
            .execute(
                "UPDATE cases SET created_at = '2025-02-01T10:00:00.000000Z', updated_at = '2025-02-01T10:00:00.000000Z'",
                [],
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }

    let first = env.path("export-1.age");
    let out = env.ok("mission", &["export", "--out", s(&first)]);
    let fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("Signed with mission key"))
        .unwrap_or_else(|| panic!("{out}"))
        .trim()
        .to_owned();
    // Not confirmed yet: nothing would be reduced.
    let listed = env.ok(
        "mission",
        &["stubs", "--after-months", "6", "--apply", "--dry-run"],
    );
    assert!(listed.starts_with("0 cases would be reduced"), "{listed}");
    assert!(listed.contains("0 stubs kept"), "{listed}");

    env.ok(
        "commission",
        &[
            "import",
            s(&first),
            "--approve-new-mission",
            &format!("LT-LON:{fingerprint}"),
        ],
    );
    // Both sides list the case past its erase-after date.
    for side in ["mission", "commission"] {
        let due = env.ok(side, &["erase-due", "--json"]);
        assert!(
            due.contains(&retained) && !due.contains(&closed),
            "{side}: {due}"
        );
    }

    let reply = env.path("reply.age");
    env.ok(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", s(&reply)],
    );
    // Received with the setting off: nothing is reduced.
    let received = env.ok("mission", &["receive", s(&reply)]);
    assert!(!received.contains("stubs"), "{received}");
    let listed = env.ok(
        "mission",
        &["stubs", "--after-months", "6", "--apply", "--dry-run"],
    );
    assert!(listed.starts_with("1 cases would be reduced"), "{listed}");
    assert!(
        listed.contains(&closed) && !listed.contains(&retained),
        "{listed}"
    );
    assert!(
        env.ok("mission", &["show", &closed, "--json"])
            .contains("Stubaitė"),
        "a dry run changes nothing"
    );

    // Without a terminal, reducing needs --yes: nothing changes.
    let refused = env.run("mission", &["stubs", "--after-months", "6", "--apply"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("--yes"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        env.ok("mission", &["show", &closed, "--json"])
            .contains("Stubaitė")
    );

    // The setting on, receiving the next reply reduces it.
    env.ok("mission", &["stubs", "--after-months", "6"]);
    let reply = env.path("reply-2.age");
    env.ok(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", s(&reply)],
    );
    let received = env.ok("mission", &["receive", s(&reply)]);
    assert!(
        received.contains(&format!(
            "1 closed cases the commission confirmed are now kept as stubs: {closed}"
        )),
        "{received}"
    );
    let shown = env.ok("mission", &["show", &closed, "--json"]);
    assert!(
        !shown.contains("Stubaitė") && !shown.contains("Kaunas"),
        "{shown}"
    );
    assert!(shown.contains("2025-01-10"), "{shown}");
    assert!(env.ok("mission", &["search", "Stubaitė", "--json"]).trim() == "[]");
    let audit = env.ok("mission", &["audit"]);
    assert!(
        audit.contains("cases-reduced-to-stubs") && !audit.contains("Stubaitė"),
        "{audit}"
    );

    // A full export later does not carry the stub: the commission keeps
    // the full record.
    // The commission's stored record is compared whole, before and after:
    // a stub arriving would be a conflict that replaces it about half the
    // time, or sits in the conflicts list the other half.
    let before = env.ok("commission", &["show", &closed, "--json"]);
    let full = env.path("export-2.age");
    env.ok("mission", &["export", "--all", "--out", s(&full)]);
    env.ok("commission", &["import", s(&full)]);
    let held = env.ok("commission", &["show", &closed, "--json"]);
    assert!(
        held.contains("Stubaitė") && held.contains("Kaunas bus station"),
        "{held}"
    );
    let parse = |text: &str| -> serde_json::Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
    };
    assert_eq!(parse(&held), parse(&before), "the stored record changed");
    let conflicts = env.ok("commission", &["conflicts"]);
    assert!(!conflicts.contains(&closed), "{conflicts}");

    // The erasure due, with one confirmation, travels as a tombstone.
    // Without a terminal, erasing needs --yes: nothing is erased.
    let refused = env.run("mission", &["erase-due", "--apply"]);
    assert!(!refused.status.success());
    assert!(
        env.ok("mission", &["erase-due", "--json"])
            .contains(&retained)
    );
    let erased = env.ok("mission", &["erase-due", "--apply", "--yes"]);
    assert!(erased.contains(&retained), "{erased}");
    assert_eq!(env.ok("mission", &["erase-due", "--json"]).trim(), "[]");
    let third = env.path("export-3.age");
    env.ok("mission", &["export", "--out", s(&third)]);
    env.ok("commission", &["import", s(&third)]);
    assert_eq!(env.ok("commission", &["erase-due", "--json"]).trim(), "[]");
    assert!(!env.run("commission", &["show", &retained]).status.success());
    assert!(
        env.ok("commission", &["show", &closed, "--json"])
            .contains("Stubaitė")
    );
}

#[test]
fn the_commission_erases_a_case_past_its_date_with_one_confirmation() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    drop(new_vault(&env.path("mission")));
    env.ok("mission", &["set-commission-key", s(&key)]);
    let retained = env.add("mission", "retained.json", PAST_RETENTION);
    let kept = env.add("mission", "closed.json", CLOSED);
    let first = env.path("export-1.age");
    let out = env.ok("mission", &["export", "--out", s(&first)]);
    let fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("Signed with mission key"))
        .unwrap_or_else(|| panic!("{out}"))
        .trim()
        .to_owned();
    env.ok(
        "commission",
        &[
            "import",
            s(&first),
            "--approve-new-mission",
            &format!("LT-LON:{fingerprint}"),
        ],
    );
    let listed = env.ok("commission", &["erase-due"]);
    assert!(
        listed.starts_with("1 cases past their erase-after date"),
        "{listed}"
    );
    let erased = env.ok("commission", &["erase-due", "--apply", "--yes"]);
    assert!(erased.contains(&retained), "{erased}");
    assert!(!env.run("commission", &["show", &retained]).status.success());
    assert!(env.run("commission", &["show", &kept]).status.success());
    // The mission's own erasure, arriving later, imports as unchanged.
    env.ok("mission", &["erase-due", "--apply", "--yes"]);
    let second = env.path("export-2.age");
    env.ok("mission", &["export", "--out", s(&second)]);
    env.ok("commission", &["import", s(&second)]);
    assert!(
        env.ok("commission", &["audit"])
            .contains("erasures-due-erased")
    );
}
