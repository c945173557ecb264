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

/// A closed case whose person consented to identifiable sharing, with a
/// person the commission's redacted record still describes (gender,
/// citizenship) and words that identify her.
const CONSENTED: &str = r#"{
  "status": "Closed",
  "first_contact": { "date": "2025-01-10", "channel": "WalkIn", "place": "Victoria" },
  "person": { "given_name": "Rūta", "family_name": "Stubaitė", "gender": "Feminine",
              "citizenship": ["LT"], "phone": "+447700900555" },
  "consent": { "share_identifiable_with_commission": true },
  "notes": "Met her at the Kaunas bus station."
}"#;

/// The words of [`CONSENTED`] that identify the person.
const IDENTIFYING: &[&str] = &["Stubaitė", "Rūta", "447700900555", "Kaunas", "Victoria"];

/// A mission and a commission that exchanged one export, with the
/// mission's key approved; the case's saves set back to long ago.
fn exchanged(env: &Env, case: &str) -> String {
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    drop(new_vault(&env.path("mission")));
    env.ok("mission", &["set-commission-key", s(&key)]);
    let reference = env.add("mission", "case.json", case);
    open(&env.path("mission"))
        .diagnostic_connection()
        .execute(
            "UPDATE cases SET created_at = '2025-02-01T10:00:00.000000Z', updated_at = '2025-02-01T10:00:00.000000Z'",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
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
    reference
}

/// The commission replies and the mission receives it.
fn reply_received(env: &Env, name: &str) -> String {
    let reply = env.path(name);
    env.ok(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", s(&reply)],
    );
    env.ok("mission", &["receive", s(&reply)])
}

/// Which of `words` any plain-text column of any table (the search
/// index's included, read through its vocabulary) still holds.
fn words_anywhere(vault_dir: &Path, words: &[&str]) -> Vec<String> {
    let vault = open(vault_dir);
    let conn = vault.diagnostic_connection();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, case_search, 'row');",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let terms: Vec<String> = conn
        .prepare("SELECT term FROM temp.vocab")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'case_search%' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let mut texts = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .unwrap_or_else(|e| panic!("{e}"));
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap_or_else(|e| panic!("{e}"));
        while let Some(row) = rows.next().unwrap_or_else(|e| panic!("{e}")) {
            for i in 0..columns {
                if let Ok(text) = row.get::<_, String>(i) {
                    texts.push(text);
                }
            }
        }
    }
    // The index's pages, where a deleted term stays until the index is
    // compacted; a term is stored after the prefix it shares with the one
    // before it, so a page is searched for the word without its first
    // three letters.
    let pages: Vec<Vec<u8>> = conn
        .prepare("SELECT block FROM case_search_data")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get::<_, Vec<u8>>(0))?
                .collect::<Result<_, _>>()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    words
        .iter()
        .filter(|word| {
            let lower = word.to_lowercase();
            // The index folds diacritics: "stubaitė" is held as "stubaite".
            let folded = lower.replace('ė', "e").replace('ū', "u");
            let tail = folded.as_bytes().get(3..).unwrap_or_default();
            terms.iter().any(|t| *t == lower || *t == folded)
                || texts.iter().any(|t| t.contains(*word))
                || (tail.len() >= 5
                    && pages
                        .iter()
                        .any(|page| page.windows(tail.len()).any(|w| w == tail)))
        })
        .map(|word| (*word).to_owned())
        .collect()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn a_withdrawn_consent_for_a_stub_redacts_the_commission_record_and_never_replaces_it() {
    let env = Env::new();
    let reference = exchanged(&env, CONSENTED);
    // A consent withdrawn for a case that is not a stub is refused.
    let refused = env.run(
        "mission",
        &["stubs", "--withdraw-consent", &reference, "--yes"],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("not a stub"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    env.ok("mission", &["stubs", "--after-months", "6"]);
    // A reply of the first format: every build reads it, as it says.
    let written = env.ok(
        "commission",
        &[
            "reply",
            "--mission",
            "LT-LON",
            "--out",
            s(&env.path("reply-0.age")),
        ],
    );
    assert!(
        written.contains("Reply format 1: every build of Casebook reads it."),
        "{written}"
    );
    let received = reply_received(&env, "reply-1.age");
    assert!(received.contains(&reference), "{received}");
    assert!(
        env.ok("mission", &["show", &reference, "--json"])
            .contains("held_by_commission")
    );
    // --yes alone confirms nothing: it goes with --apply or
    // --withdraw-consent.
    assert!(!env.run("mission", &["stubs", "--yes"]).status.success());
    let before = json(&env.ok("commission", &["show", &reference, "--json"]));

    // (Set aside after the reply, which would otherwise keep the case
    // whole.) A version set aside at the commission is a full record too.
    let commission_vault = env.path("commission");
    {
        let vault = open(&commission_vault);
        let conn = vault.diagnostic_connection();
        conn.execute(
            "INSERT INTO conflicts (id, revision, digest, record, received_at) \
             SELECT id, revision, x'00', '{\"notes\":\"Stubaitė called from Kaunas\"}', '2026-01-01T00:00:00Z' FROM cases",
            [],
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    // The positive control: the commission holds her words, the index too.
    assert_eq!(
        words_anywhere(&commission_vault, &["Stubaitė", "Kaunas", "Victoria"]),
        ["Stubaitė", "Kaunas", "Victoria"]
    );
    // Without a terminal, only --yes confirms. The question names the
    // stub's dates (a stub holds no name) and says what cannot be undone.
    let refused = env.run("mission", &["stubs", "--withdraw-consent", &reference]);
    assert!(!refused.status.success());
    let question = String::from_utf8_lossy(&refused.stderr);
    assert!(
        question.contains(&format!(
            "{reference} (first contact 2025-01-10, Closed, last contact 2025-01-10)"
        )) && question.contains("once exported it cannot be undone")
            && question.contains("--retract"),
        "{question}"
    );
    // The commission applies withdrawals; it never records one.
    let refused = env.run(
        "commission",
        &["stubs", "--withdraw-consent", &reference, "--yes"],
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("only the mission"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let out = env.ok(
        "mission",
        &["stubs", "--withdraw-consent", &reference, "--yes"],
    );
    assert!(out.contains("Consent withdrawn"), "{out}");
    let again = env.run(
        "mission",
        &["stubs", "--withdraw-consent", &reference, "--yes"],
    );
    assert!(!again.status.success(), "recorded once");
    let audit = env.ok("mission", &["audit"]);
    assert!(audit.contains("stub-consent-withdrawn"), "{audit}");
    assert!(IDENTIFYING.iter().all(|w| !audit.contains(w)), "{audit}");
    // Pending, it is counted where an officer looks before exporting or
    // destroying the vault.
    {
        let vault = open(&env.path("mission"));
        let pending = vault
            .outgoing_counts(false)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((pending.cases, pending.withdrawals), (0, 1));
        let before = vault.before_destroying().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(before.unexported.map(|c| c.withdrawals), Some(1));
    }
    // A mistaken one is retracted while no export carried it.
    let out = env.ok(
        "mission",
        &["stubs", "--withdraw-consent", &reference, "--retract"],
    );
    assert!(out.contains("is retracted"), "{out}");
    {
        let vault = open(&env.path("mission"));
        assert_eq!(vault.consent_withdrawal(&reference).ok(), Some(None));
        assert_eq!(
            vault.outgoing_counts(false).map(|c| c.withdrawals).ok(),
            Some(0)
        );
    }
    assert!(
        env.ok("mission", &["audit"])
            .contains("stub-consent-withdrawal-retracted")
    );
    env.ok(
        "mission",
        &["stubs", "--withdraw-consent", &reference, "--yes"],
    );
    // A backup while it waits: restored after the export below, it knows
    // nothing of that export.
    let backup = env.path("before-export-2.cbk");
    open(&env.path("mission"))
        .backup_to(&backup)
        .unwrap_or_else(|e| panic!("{e}"));

    // The next export carries the instruction, in format 4.
    let second = env.path("export-2.age");
    let out = env.ok("mission", &["export", "--out", s(&second)]);
    assert!(out.contains("1 withdrawn consents"), "{out}");
    assert!(
        out.contains("an older one refuses the whole file, its 0 cases and 0 erasures included"),
        "{out}"
    );
    assert!(out.contains("0 erasures, 1 consent withdrawal\n"), "{out}");
    // Which export carried it is kept, and from then it is final.
    let exports = env.ok("mission", &["exports"]);
    assert!(
        exports
            .lines()
            .any(|l| l.trim_start().starts_with("2 ") && l.contains("1 consent withdrawal")),
        "{exports}"
    );
    let recorded = open(&env.path("mission"))
        .recorded_withdrawal(&reference)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("not recorded"));
    assert_eq!(
        (recorded.exported, recorded.export_sequence),
        (true, Some(2))
    );
    let refused = env.run(
        "mission",
        &["stubs", "--withdraw-consent", &reference, "--retract"],
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("already exported (export 2)"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // Restored from the backup made before that export, the vault holds
    // the withdrawal as not exported; it is final all the same.
    let restored = env.path("restored");
    casebook::vault::restore(&backup, &restored, casebook::vault::Overwrite::Always)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(open(&restored));
    let refused = env.run(
        "restored",
        &["stubs", "--withdraw-consent", &reference, "--retract"],
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("recorded before this vault was restored from a backup"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(
        open(&restored)
            .consent_withdrawal(&reference)
            .unwrap_or_else(|e| panic!("{e}"))
            .is_some()
    );
    let verified = env.ok("commission", &["verify", s(&second)]);
    assert!(
        verified.contains("1 withdrawn consents applied"),
        "{verified}"
    );
    let imported = env.ok("commission", &["import", s(&second)]);
    assert!(
        imported.contains("0 new, 0 updated, 0 unchanged")
            && imported.contains("1 withdrawn consents applied"),
        "{imported}"
    );

    let held = json(&env.ok("commission", &["show", &reference, "--json"]));
    let text = held.to_string();
    assert!(IDENTIFYING.iter().all(|w| !text.contains(w)), "{text}");
    assert_eq!(held["redacted"], true, "{text}");
    assert_eq!(
        held["consent"]["share_identifiable_with_commission"], false,
        "{text}"
    );
    // Redacted by the rules of a case shared without consent: the month,
    // the person's gender and citizenship; never the mission's stub.
    assert_eq!(held["first_contact"]["date"], "2025-01-01", "{text}");
    assert_eq!(
        held["person"]["gender"], before["person"]["gender"],
        "{text}"
    );
    assert_eq!(
        held["person"]["citizenship"],
        before["person"]["citizenship"]
    );
    assert!(
        held.get("held_by_commission").is_none_or(|v| v == false),
        "{text}"
    );
    assert_eq!(held["status"], "Closed");
    assert!(words_anywhere(&commission_vault, IDENTIFYING).is_empty());
    assert_eq!(
        env.ok("commission", &["search", "Stubaitė", "--json"])
            .trim(),
        "[]"
    );

    // Applied twice: a full export carries it again and changes nothing.
    let full = env.path("export-3.age");
    let out = env.ok("mission", &["export", "--all", "--out", s(&full)]);
    assert!(out.contains("1 consent withdrawal"), "{out}");
    let imported = env.ok("commission", &["import", s(&full)]);
    assert!(
        !imported.contains("withdrawn consents applied"),
        "{imported}"
    );
    assert_eq!(
        json(&env.ok("commission", &["show", &reference, "--json"])),
        held
    );
    // An incremental export after it carries nothing.
    let fourth = env.path("export-4.age");
    let out = env.ok("mission", &["export", "--out", s(&fourth)]);
    assert!(
        out.contains("0 cases") && !out.contains("withdraw"),
        "{out}"
    );
    let audit = env.ok("commission", &["audit"]);
    assert!(IDENTIFYING.iter().all(|w| !audit.contains(w)), "{audit}");
}

/// The closed case of [`CONSENTED`], past its erase-after date.
const CONSENTED_PAST_RETENTION: &str = r#"{
  "status": "Closed",
  "first_contact": { "date": "2025-01-10", "channel": "WalkIn" },
  "person": { "given_name": "Eglė", "family_name": "Retaitė" },
  "consent": { "share_identifiable_with_commission": true },
  "erase_after": "2025-06-01"
}"#;

#[test]
fn a_case_the_commission_erased_is_told_to_the_mission_never_stubbed_and_counted_apart() {
    let env = Env::new();
    let reference = exchanged(&env, CONSENTED_PAST_RETENTION);
    let erased = env.ok("commission", &["erase-due", "--apply", "--yes"]);
    assert!(erased.contains(&reference), "{erased}");

    // The analyst is told the reply's format, which older missions refuse.
    let written = env.ok(
        "commission",
        &[
            "reply",
            "--mission",
            "LT-LON",
            "--out",
            s(&env.path("reply-0.age")),
        ],
    );
    assert!(
        written.contains("It names 1 cases of LT-LON the commission erased itself.")
            && written.contains(&format!(
                "Reply format 3: a mission on an older build of Casebook refuses it until it upgrades to {} or later",
                env!("CARGO_PKG_VERSION")
            )),
        "{written}"
    );

    // The reply tells the mission; with the setting on, the case the
    // commission confirmed (export 1, stored as sent) is not reduced.
    env.ok("mission", &["stubs", "--after-months", "6"]);
    let received = reply_received(&env, "reply-1.age");
    assert!(!received.contains("kept as stubs"), "{received}");
    assert!(
        received.contains("The commission erased 1 more cases of this mission"),
        "{received}"
    );
    let shown = env.ok("mission", &["show", &reference, "--json"]);
    assert!(shown.contains("Retaitė"), "reduced to a stub: {shown}");
    let listed = env.ok(
        "mission",
        &["stubs", "--after-months", "6", "--apply", "--dry-run"],
    );
    assert!(listed.starts_with("0 cases would be reduced"), "{listed}");
    let exports = env.ok("mission", &["exports"]);
    assert!(
        exports.contains("The commission erased 1 cases") && exports.contains(&reference),
        "{exports}"
    );
    let listed: serde_json::Value =
        serde_json::from_str(&env.ok("mission", &["exports", "--erased", "--json"]))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["reference"], reference.as_str());
    // Received again: nothing new.
    let erased_at_commission = || {
        open(&env.path("mission"))
            .erased_at_commission()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let before = erased_at_commission();
    assert_eq!(before.len(), 1);
    let again = reply_received(&env, "reply-2.age");
    assert!(!again.contains("more cases"), "{again}");
    assert_eq!(erased_at_commission(), before);

    // An update of it imports as one to a case the commission erased.
    {
        let mut vault = open(&env.path("mission"));
        let record = vault.get_case(&reference).unwrap_or_else(|e| panic!("{e}"));
        let mut case = record.case.clone();
        case.erase_after = Some(date(2040, 1, 1));
        vault
            .update_case(record.meta.id, case, record.meta.revision)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let second = env.path("export-2.age");
    env.ok("mission", &["export", "--out", s(&second)]);
    let imported = env.ok("commission", &["import", s(&second)]);
    assert!(
        imported.contains("0 unchanged")
            && imported.contains("1 updates to cases the commission erased"),
        "{imported}"
    );
    assert!(
        !env.run("commission", &["show", &reference])
            .status
            .success()
    );
}

/// A commission that erased a case before its tombstones were marked
/// finds its own erasures in its audit log when it migrates: its reply
/// names them, and not the erasures the mission sent.
#[test]
fn the_commissions_earlier_erasures_are_found_when_it_migrates() {
    let env = Env::new();
    let erased_here = exchanged(&env, CONSENTED_PAST_RETENTION);
    let erased_there = env.add("mission", "closed.json", CLOSED);
    let second = env.path("export-2.age");
    env.ok("mission", &["export", "--out", s(&second)]);
    env.ok("commission", &["import", s(&second)]);
    env.ok("mission", &["erase", &erased_there, "--yes"]);
    let third = env.path("export-3.age");
    env.ok("mission", &["export", "--out", s(&third)]);
    env.ok("commission", &["import", s(&third)]);
    env.ok("commission", &["erase-due", "--apply", "--yes"]);
    // As an older build left it: no mark on its tombstones. And the
    // commission once erased a case that had the reference of the
    // mission's erased one (a mission rebuilt without its high-water marks
    // reuses references): only the tombstones its own officer made count.
    {
        let vault = open(&env.path("commission"));
        let conn = vault.diagnostic_connection();
        conn.execute(
            "INSERT INTO audit (at, actor, action, subject, hash) \
             SELECT at, actor, 'case-erased', ?1, x'00' FROM audit \
             WHERE action = 'case-erased' LIMIT 1",
            [&erased_there],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        conn.execute_batch(
            "ALTER TABLE tombstones DROP COLUMN at_commission;
             DROP TABLE consent_withdrawals;
             DROP TABLE erased_at_commission;
             ALTER TABLE sent_exports DROP COLUMN withdrawals;
             PRAGMA user_version = 21;",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    }
    reply_received(&env, "reply-1.age");
    let exports = env.ok("mission", &["exports"]);
    assert!(
        exports.contains("The commission erased 1 cases")
            && exports.contains(&erased_here)
            && !exports.contains(&erased_there),
        "{exports}"
    );
}
