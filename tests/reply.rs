//! The commission's reply, end to end through the command line: the keys
//! it needs, the receipts it carries, and every file a mission must refuse
//! without changing anything.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use casebook::vault::{NewVault, Role, Vault};
use common::*;
use ed25519_dalek::{Signer, SigningKey};

/// A test folder with vaults made through the library (cheap key
/// derivation) and the passphrase in a file.
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

    fn fails(&self, vault: &str, args: &[&str]) -> String {
        let output = self.run(vault, args);
        assert!(!output.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        stderr
    }

    /// A mission vault with the commission's key file stored.
    fn mission(&self, name: &str, code: &str, key: &Path) {
        let vault = Vault::create(
            &self.path(name),
            &NewVault {
                role: Role::Mission,
                mission_code: code.into(),
                mission_name: format!("Embassy {code}"),
                officer: "J. Jonaitis".into(),
            },
            &passphrase(),
            casebook::vault::KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        drop(vault);
        self.ok(name, &["set-commission-key", s(key)]);
    }

    /// Adds a case and exports it as `NAME-N.age`; returns the file and
    /// the mission's key fingerprint the export printed.
    fn export(&self, mission: &str, n: u32) -> (PathBuf, String) {
        self.ok(
            mission,
            &["add", "--json", s(&fixture("case-minimal.json"))],
        );
        let file = self.path(&format!("{mission}-{n}.age"));
        let out = self.ok(mission, &["export", "--out", s(&file)]);
        assert!(out.contains(&format!("Export {n} ")), "{out}");
        let fingerprint = out
            .lines()
            .find_map(|l| l.strip_prefix("Signed with mission key"))
            .unwrap_or_else(|| panic!("{out}"))
            .trim()
            .to_owned();
        (file, fingerprint)
    }

    /// The commission `commission` imports `file`, approving mission `code`
    /// by the fingerprint its export printed (the first import).
    fn approve(&self, commission: &str, file: &Path, code: &str, fingerprint: &str) -> String {
        self.ok(
            commission,
            &[
                "import",
                s(file),
                "--approve-new-mission",
                &format!("{code}:{fingerprint}"),
            ],
        )
    }

    /// A commission and mission LT-LON holding its key, the mission's
    /// first export (one case) imported and the mission approved.
    fn commission_and_approved_mission(&self) {
        drop(new_commission_vault(&self.path("commission")));
        let key = self.path("commission.pub");
        self.ok("commission", &["commission-key", "--out", s(&key)]);
        self.mission("mission", "LT-LON", &key);
        let (first, fingerprint) = self.export("mission", 1);
        self.approve("commission", &first, "LT-LON", &fingerprint);
    }

    /// The commission `commission` writes a reply to `code` into `out`.
    fn reply(&self, commission: &str, code: &str, out: &Path) -> String {
        self.ok(commission, &["reply", "--mission", code, "--out", s(out)])
    }

    /// The exports `exports --json` lists: an array of exports.
    fn exports_json(&self, mission: &str) -> serde_json::Value {
        let out = self.ok(mission, &["exports", "--json"]);
        let listed: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
        assert!(listed.is_array(), "{listed}");
        listed
    }

    /// The versions the commission set aside, as `exports --set-aside
    /// --json` lists them.
    fn set_aside_json(&self, mission: &str) -> serde_json::Value {
        let out = self.ok(mission, &["exports", "--set-aside", "--json"]);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    }
}

fn s(path: &Path) -> &str {
    path.to_str()
        .unwrap_or_else(|| panic!("the path is not UTF-8"))
}

/// Everything a reply may change at a mission, read through the library.
#[derive(Debug, PartialEq)]
struct State {
    exports: Vec<casebook::vault::SentExport>,
    high_water: Option<casebook::vault::HighWater>,
    directory: Option<(u64, String)>,
    notes: usize,
    replies: i64,
    receipts: i64,
    counters: Vec<(String, i64)>,
}

fn state(env: &Env, mission: &str) -> State {
    let vault = open(&env.path(mission));
    let count = |sql: &str| -> i64 {
        vault
            .diagnostic_connection()
            .query_row(sql, [], |row| row.get(0))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let mut stmt = vault
        .diagnostic_connection()
        .prepare("SELECT prefix, last FROM reference_counters ORDER BY prefix")
        .unwrap_or_else(|e| panic!("{e}"));
    let counters = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .unwrap_or_else(|e| panic!("{e}"));
    State {
        exports: vault.sent_exports().unwrap_or_else(|e| panic!("{e}")),
        high_water: vault
            .commission_high_water()
            .unwrap_or_else(|e| panic!("{e}")),
        directory: vault.referral_directory().unwrap_or_else(|e| panic!("{e}")),
        notes: vault.guidance_notes().map(|n| n.len()).unwrap_or_default(),
        replies: count("SELECT count(*) FROM replies"),
        receipts: count("SELECT count(*) FROM export_receipts"),
        counters,
    }
}

/// A reply made by hand, signed by `signer` and encrypted to `recipient`,
/// addressed to the mission `vault` holds (code, vault id, reply key).
fn forged_reply(
    out: &Path,
    mission: &Path,
    signer: &SigningKey,
    recipient: &str,
    receipts: serde_json::Value,
    key_events: serde_json::Value,
) {
    forged_reply_with(out, mission, signer, recipient, |reply| {
        reply["receipts"] = receipts;
        reply["key_events"] = key_events;
    });
}

/// [`forged_reply`] with the reply's fields changed by `edit` before it
/// is signed.
fn forged_reply_with(
    out: &Path,
    mission: &Path,
    signer: &SigningKey,
    recipient: &str,
    edit: impl FnOnce(&mut serde_json::Value),
) {
    let vault = open(mission);
    let reply = serde_json::json!({"reply": {
        "format": "casebook-reply",
        "version": 1,
        "commission_code": "HQ",
        "commission_key": hex::encode(signer.verifying_key().to_bytes()),
        "mission_code": vault.info().mission_code,
        "mission_id": vault.vault_id().unwrap_or_else(|e| panic!("{e}")),
        "mission_recipient": casebook::exchange::mission_recipient(&vault).unwrap_or_else(|e| panic!("{e}")),
        "created_at": "2026-12-01T10:00:00Z",
        "app_version": "test",
        "receipts": [],
        "set_aside": [],
        "high_water": {"export_sequence": 3, "references": {}},
        "directory": {"version": 0, "organisations": []},
        "guidance": [],
        "key_events": []
    }});
    let mut reply = reply;
    edit(&mut reply["reply"]);
    drop(vault);
    let line = serde_json::to_vec(&reply).unwrap_or_else(|e| panic!("{e}"));
    let signature = signer.sign(&line);
    let mut plain = br#"{"format":"casebook-reply","version":1}"#.to_vec();
    plain.push(b'\n');
    plain.extend_from_slice(&line);
    plain.push(b'\n');
    plain.extend_from_slice(
        format!(
            "{{\"signature\":\"{}\"}}\n",
            hex::encode(signature.to_bytes())
        )
        .as_bytes(),
    );
    let recipient: age::x25519::Recipient = recipient.parse().unwrap_or_else(|e| panic!("{e}"));
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut file = Vec::new();
    let mut writer = encryptor
        .wrap_output(&mut file)
        .unwrap_or_else(|e| panic!("{e}"));
    writer.write_all(&plain).unwrap_or_else(|e| panic!("{e}"));
    writer.finish().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(out, file).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_reply_confirms_the_exports_the_commission_imported_and_nothing_else_changes_a_mission() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("mission", "LT-LON", &key);
    env.mission("other", "LT-RIG", &key);

    let (first, fingerprint) = env.export("mission", 1);
    let (second, _) = env.export("mission", 2);
    let (third, _) = env.export("mission", 3);
    let (other_first, other_fingerprint) = env.export("other", 1);
    assert!(second.exists());

    // A mission never imported cannot be replied to.
    let reply = env.path("reply.age");
    let error = env.fails(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", s(&reply)],
    );
    assert!(
        error.contains("no export of mission LT-LON was imported here"),
        "{error}"
    );
    assert!(!reply.exists());

    env.approve("commission", &first, "LT-LON", &fingerprint);
    env.ok("commission", &["import", s(&third)]);
    env.approve("commission", &other_first, "LT-RIG", &other_fingerprint);
    let out = env.reply("commission", "LT-LON", &reply);
    assert!(out.contains("2 exports confirmed (highest 3)"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&reply)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or_default();
        assert_eq!(mode, 0o600);
    }
    let bytes = std::fs::read(&reply).unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"age-encryption.org/v1\n-> X25519 "));
    assert!(!contains(&bytes, b"LT-LON"), "the reply is encrypted");
    let audit = env.ok("commission", &["audit"]);
    assert!(audit.contains("reply-written"), "{audit}");
    assert!(
        env.fails(
            "commission",
            &["reply", "--mission", "LT-LON", "--out", s(&reply)]
        )
        .contains("already exists")
    );
    let to_other = env.path("reply-to-riga.age");
    env.reply("commission", "LT-RIG", &to_other);

    let before = env.exports_json("mission");
    assert_eq!(before.as_array().map(Vec::len), Some(3), "{before}");
    assert!(
        before
            .as_array()
            .is_some_and(|a| a.iter().all(|e| e["confirmed_at"].is_null())),
        "{before}"
    );
    let untouched = state(&env, "mission");

    // Refused, each with nothing changed: one byte flipped, truncated,
    // encrypted to another mission, signed by another key, not a reply.
    let mut flipped = bytes.clone();
    let middle = flipped.len() - 40;
    flipped[middle] ^= 0x01;
    let flipped_file = env.path("flipped.age");
    std::fs::write(&flipped_file, &flipped).unwrap_or_else(|e| panic!("{e}"));
    let truncated_file = env.path("truncated.age");
    std::fs::write(&truncated_file, &bytes[..bytes.len() - 30]).unwrap_or_else(|e| panic!("{e}"));
    let forged_file = env.path("forged.age");
    let recipient = {
        let vault = open(&env.path("mission"));
        casebook::exchange::mission_recipient(&vault).unwrap_or_else(|e| panic!("{e}"))
    };
    forged_reply(
        &forged_file,
        &env.path("mission"),
        &SigningKey::from_bytes(&[7; 32]),
        &recipient,
        serde_json::json!([]),
        serde_json::json!([]),
    );
    let export_file = first.clone();
    for (file, expected) in [
        (&flipped_file, "the reply file is damaged or incomplete"),
        (&truncated_file, "the reply file is damaged or incomplete"),
        (&to_other, "this reply is not for this mission"),
        (
            &forged_file,
            "this reply is not signed by the commission's key stored here",
        ),
        (&export_file, "this reply is not for this mission"),
        (&key, "not a Casebook reply file"),
    ] {
        let error = env.fails("mission", &["receive", s(file)]);
        assert!(error.contains(expected), "{}: {error}", file.display());
        assert!(error.contains("nothing was changed"), "{error}");
        assert_eq!(state(&env, "mission"), untouched, "{}", file.display());
    }

    let out = env.ok("mission", &["receive", s(&reply)]);
    assert!(out.contains("2 exports newly confirmed"), "{out}");
    let after = env.exports_json("mission");
    let confirmed: Vec<(u64, bool)> = after
        .as_array()
        .unwrap_or_else(|| panic!("{after}"))
        .iter()
        .map(|e| {
            (
                e["sequence"].as_u64().unwrap_or_default(),
                e["confirmed_at"].is_string(),
            )
        })
        .collect();
    assert_eq!(confirmed, [(1, true), (2, false), (3, true)]);
    assert_eq!(after[0]["cases"], 1);
    assert_eq!(after[0]["erasures"], 0);
    let table = env.ok("mission", &["exports"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].contains("received by the commission on 20"),
        "{table}"
    );
    assert!(lines[1].ends_with("not yet confirmed"), "{table}");
    let received = state(&env, "mission");
    assert_eq!(
        received.high_water.as_ref().map(|h| h.export_sequence),
        Some(3)
    );
    assert_eq!(received.replies, 1);

    // The same reply again changes nothing.
    let out = env.ok("mission", &["receive", s(&reply)]);
    assert!(out.contains("received before"), "{out}");
    assert_eq!(state(&env, "mission"), received);
    let audit = env.ok("mission", &["audit"]);
    assert_eq!(audit.matches("reply-received").count(), 1, "{audit}");

    // A reply from another commission's key, even confirming every export,
    // confirms nothing.
    forged_reply(
        &forged_file,
        &env.path("mission"),
        &SigningKey::from_bytes(&[9; 32]),
        &recipient,
        serde_json::json!([{"sequence": 2, "manifest_sha256": "00".repeat(32), "kind": "incremental", "received_at": "2026-12-01T10:00:00Z"}]),
        serde_json::json!([]),
    );
    env.fails("mission", &["receive", s(&forged_file)]);
    assert_eq!(state(&env, "mission"), received);
}

/// A reply the mission would refuse is never written: here the
/// commission's stored guidance holds one note more than a reply may
/// carry (a vault edited outside Casebook; `guidance --add` stops at the
/// limit), so `reply` says which limit, writes no file and records no
/// reply; with the notes back within it, the reply is written.
#[test]
fn a_reply_beyond_the_missions_limits_is_refused_before_it_is_written() {
    let env = Env::new();
    env.commission_and_approved_mission();
    let notes = |n: usize| {
        let notes: Vec<_> = (1..=n)
            .map(|i| serde_json::json!({"id": format!("2026-11-01-{i}"), "date": "2026-11-01", "en": "Note"}))
            .collect();
        serde_json::to_string(&notes).unwrap_or_else(|e| panic!("{e}"))
    };
    let store = |text: String| {
        open(&env.path("commission"))
            .diagnostic_connection()
            .execute(
                "INSERT INTO settings (key, value) VALUES ('commission_guidance', ?1) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [text],
            )
            .unwrap_or_else(|e| panic!("{e}"));
    };
    let limit = casebook::exchange::reply::format::MAX_NOTES;
    store(notes(limit + 1));
    let reply = env.path("reply.age");
    let error = env.fails(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", s(&reply)],
    );
    assert!(
        error.contains("would be refused by the mission")
            && error.contains(&format!("guidance notes, more than the {limit}")),
        "{error}"
    );
    assert!(!reply.exists());
    assert!(!env.ok("commission", &["audit"]).contains("reply-written"));
    store(notes(limit));
    env.reply("commission", "LT-LON", &reply);
    assert!(reply.exists());
}

#[test]
fn a_mission_with_the_older_key_file_takes_the_new_one_once_with_replace() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    let out = env.ok("commission", &["commission-key", "--out", s(&key)]);
    let fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("Fingerprint: "))
        .unwrap_or_else(|| panic!("{out}"))
        .to_owned();
    let text = std::fs::read_to_string(&key).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        text.contains(&format!("# fingerprint: {fingerprint}")),
        "{text}"
    );
    let keys: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(keys.len(), 2, "{text}");
    assert!(keys[0].starts_with("age1"), "{text}");
    assert!(keys[1].starts_with("ed25519:"), "{text}");
    // The fingerprint covers both keys.
    assert_eq!(
        fingerprint,
        casebook::exchange::key_fingerprint(format!("{}\n{}", keys[0], keys[1]).as_bytes())
    );

    // Today's key file: the recipient alone.
    let old = env.path("commission-v1.pub");
    std::fs::write(
        &old,
        format!("# Casebook commission public key\n{}\n", keys[0]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    env.mission("mission", "LT-LON", &old);
    let (first, mission_fingerprint) = env.export("mission", 1);
    env.approve("commission", &first, "LT-LON", &mission_fingerprint);
    let reply = env.path("reply.age");
    env.reply("commission", "LT-LON", &reply);
    let error = env.fails("mission", &["receive", s(&reply)]);
    assert!(
        error.contains("set-commission-key FILE --replace"),
        "{error}"
    );

    let error = env.fails("mission", &["set-commission-key", s(&key)]);
    assert!(error.contains("--replace"), "{error}");
    assert!(error.contains(&fingerprint), "{error}");
    // Replacing needs the fingerprint compared by phone, and checks it.
    let output = env.run("mission", &["set-commission-key", s(&key), "--replace"]);
    assert!(!output.status.success());
    let error = env.fails(
        "mission",
        &[
            "set-commission-key",
            s(&key),
            "--replace",
            "--fingerprint",
            "0000 0000 0000 0000 0000 0000 0000 0000",
        ],
    );
    assert!(error.contains("not that of the key"), "{error}");
    // A file whose comment shows another fingerprint was altered.
    let tampered = env.path("tampered.pub");
    std::fs::write(
        &tampered,
        text.replace(
            &format!("# fingerprint: {fingerprint}"),
            "# fingerprint: 1111 1111 1111 1111 1111 1111 1111 1111",
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let error = env.fails(
        "mission",
        &[
            "set-commission-key",
            s(&tampered),
            "--replace",
            "--fingerprint",
            "1111 1111 1111 1111 1111 1111 1111 1111",
        ],
    );
    assert!(error.contains("was altered"), "{error}");
    let out = env.ok(
        "mission",
        &[
            "set-commission-key",
            s(&key),
            "--replace",
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(
        out.contains(&format!("fingerprint: {fingerprint}")),
        "{out}"
    );
    // Once stored, the same file or the older one changes nothing.
    env.ok("mission", &["set-commission-key", s(&key)]);
    env.ok("mission", &["set-commission-key", s(&old)]);
    let audit = env.ok("mission", &["audit"]);
    assert_eq!(
        audit.matches("commission-key-replaced").count(),
        1,
        "{audit}"
    );
    let out = env.ok("mission", &["receive", s(&reply)]);
    assert!(out.contains("1 exports newly confirmed"), "{out}");

    // Another commission's key file is refused without --replace.
    drop(new_commission_vault(&env.path("elsewhere")));
    let foreign = env.path("elsewhere.pub");
    env.ok("elsewhere", &["commission-key", "--out", s(&foreign)]);
    let error = env.fails("mission", &["set-commission-key", s(&foreign)]);
    assert!(error.contains("--replace"), "{error}");
    // A damaged second line is named.
    let broken = env.path("broken.pub");
    std::fs::write(&broken, format!("{}\ned25519:zz\n", keys[0])).unwrap_or_else(|e| panic!("{e}"));
    let error = env.fails(
        "mission",
        &[
            "set-commission-key",
            s(&broken),
            "--replace",
            "--fingerprint",
            &fingerprint,
        ],
    );
    assert!(error.contains("64 hexadecimal digits"), "{error}");
}

/// docs/export-format.md, "Reply files": the mission's identity backup
/// holds its reply key (and no export signing key), the standard `age`
/// tool decrypts the reply with it, and the three lines read as
/// documented: the signature checks against the key file's `ed25519:` line.
#[test]
fn the_reply_decrypts_with_the_mission_key_backup_and_reads_as_documented() {
    use std::io::Read as _;
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("mission", "LT-LON", &key);
    let (first, fingerprint) = env.export("mission", 1);
    env.approve("commission", &first, "LT-LON", &fingerprint);
    let reply = env.path("reply.age");
    env.reply("commission", "LT-LON", &reply);

    let backup = env.path("mission-key.age");
    let backup_pass = "granite orchard whistles at midnight";
    std::fs::write(env.path("backup-pass.txt"), format!("{backup_pass}\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    env.ok(
        "mission",
        &[
            "identity-backup",
            "--out",
            s(&backup),
            "--backup-passphrase-file",
            s(&env.path("backup-pass.txt")),
        ],
    );
    let bytes = std::fs::read(&backup).unwrap_or_else(|e| panic!("{e}"));
    let decryptor = age::Decryptor::new(&bytes[..]).unwrap_or_else(|e| panic!("{e}"));
    let scrypt = age::scrypt::Identity::new(secrecy::SecretString::from(backup_pass.to_owned()));
    let mut identity = String::new();
    decryptor
        .decrypt(std::iter::once(&scrypt as &dyn age::Identity))
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut identity)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        identity.starts_with("# Casebook mission reply key (LT-LON"),
        "{identity}"
    );
    assert_eq!(identity.matches("AGE-SECRET-KEY-1").count(), 1);
    assert!(!identity.contains("signing key"), "no export signing key");
    let identity_file = env.path("mission-key.txt");
    std::fs::write(&identity_file, &identity).unwrap_or_else(|e| panic!("{e}"));

    let output = Command::new("age")
        .arg("--decrypt")
        .arg("--identity")
        .arg(&identity_file)
        .arg(&reply)
        .output()
        .unwrap_or_else(|e| panic!("the age tool is needed (Debian package `age`): {e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plain = String::from_utf8(output.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert!(plain.ends_with('\n'));
    let lines: Vec<&str> = plain.split_terminator('\n').collect();
    assert_eq!(lines.len(), 3, "{plain}");
    assert_eq!(lines[0], r#"{"format":"casebook-reply","version":1}"#);
    let key_text = std::fs::read_to_string(&key).unwrap_or_else(|e| panic!("{e}"));
    let signing_hex = key_text
        .lines()
        .find_map(|l| l.strip_prefix("ed25519:"))
        .unwrap_or_else(|| panic!("{key_text}"));
    let mut signing = [0u8; 32];
    hex::decode_to_slice(signing_hex, &mut signing).unwrap_or_else(|e| panic!("{e}"));
    let signature: serde_json::Value =
        serde_json::from_str(lines[2]).unwrap_or_else(|e| panic!("{e}"));
    let mut signature_bytes = [0u8; 64];
    hex::decode_to_slice(
        signature["signature"].as_str().unwrap_or_default(),
        &mut signature_bytes,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    ed25519_dalek::VerifyingKey::from_bytes(&signing)
        .and_then(|k| {
            k.verify_strict(
                lines[1].as_bytes(),
                &ed25519_dalek::Signature::from_bytes(&signature_bytes),
            )
        })
        .unwrap_or_else(|e| panic!("the signature does not verify: {e}"));
    let body: serde_json::Value = serde_json::from_str(lines[1]).unwrap_or_else(|e| panic!("{e}"));
    let reply = &body["reply"];
    let fields: Vec<&str> = reply
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut expected = vec![
        "app_version",
        "commission_code",
        "commission_key",
        "created_at",
        "directory",
        "format",
        "guidance",
        "high_water",
        "key_events",
        "mission_code",
        "mission_id",
        "mission_recipient",
        "receipts",
        "set_aside",
        "version",
    ];
    expected.sort_unstable();
    let mut fields_sorted = fields.clone();
    fields_sorted.sort_unstable();
    assert_eq!(fields_sorted, expected);
    assert_eq!(reply["commission_key"], signing_hex);
    assert_eq!(reply["receipts"][0]["sequence"], 1);
    assert_eq!(reply["receipts"][0]["counts"]["new"], 1);
    assert_eq!(reply["high_water"]["export_sequence"], 1);
    let prefix = format!("LT-LON-{}", chrono::Utc::now().format("%Y"));
    assert_eq!(reply["high_water"]["references"][&prefix], 1);
    assert_eq!(reply["directory"]["version"], 0);
    assert!(
        reply["mission_recipient"]
            .as_str()
            .is_some_and(|r| identity.contains(&format!("# public key: {r}")))
    );
}

/// A mission whose vault went back in time (an older copy) learns from a
/// reply the highest reference the commission holds, and never issues it
/// again; its own exports made after the copy stay unconfirmed there.
#[test]
fn a_mission_set_back_in_time_takes_its_reference_counter_past_what_the_commission_holds() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("mission", "LT-LON", &key);
    let (first, fingerprint) = env.export("mission", 1);
    copy_vault(&env.path("mission"), &env.path("older"));
    let (second, _) = env.export("mission", 2);
    let (third, _) = env.export("mission", 3);
    env.approve("commission", &first, "LT-LON", &fingerprint);
    env.ok("commission", &["import", s(&second), s(&third)]);
    let reply = env.path("reply.age");
    env.reply("commission", "LT-LON", &reply);

    env.ok("older", &["receive", s(&reply)]);
    let added = env.ok(
        "older",
        &["add", "--json", s(&fixture("case-minimal.json"))],
    );
    let year = chrono::Utc::now().format("%Y");
    assert!(
        added.contains(&format!("LT-LON-{year}-0004")),
        "the older copy had issued 0001 only: {added}"
    );
    let exports = env.exports_json("older");
    assert_eq!(exports.as_array().map(Vec::len), Some(1), "{exports}");
    assert!(exports[0]["confirmed_at"].is_string(), "{exports}");
    let high = open(&env.path("older"))
        .commission_high_water()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(high.map(|h| h.export_sequence), Some(3));
    // And its next export is numbered past the commission's 3.
    let next = env.path("older-next.age");
    let out = env.ok("older", &["export", "--out", s(&next)]);
    assert!(out.contains("Export 4 "), "{out}");
    let out = env.ok("commission", &["import", s(&next)]);
    assert!(out.contains("LT-LON export 4"), "{out}");
}

/// The commission rotates its keys: files still encrypted to the old key
/// import, the next reply (signed by the new key, which the old one
/// endorses) makes the mission switch, and its next export goes to the new
/// key. A rotation the stored key did not endorse changes nothing, and the
/// identity backup carries the old keys too.
#[test]
fn after_a_commission_key_rotation_missions_switch_with_the_next_reply_and_old_files_import() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    let out = env.ok("commission", &["commission-key", "--out", s(&key)]);
    let old_fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("Fingerprint: "))
        .unwrap_or_else(|| panic!("{out}"))
        .to_owned();
    env.mission("mission", "LT-LON", &key);
    let (first, fingerprint) = env.export("mission", 1);
    env.approve("commission", &first, "LT-LON", &fingerprint);

    let new_key = env.path("commission-new.pub");
    std::fs::write(
        env.path("rotation-pass.txt"),
        "granite orchard whistles at midnight\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let error = env.fails(
        "commission",
        &[
            "rotate-commission-key",
            "--out",
            s(&new_key),
            "--backup-out",
            s(&env.path("rotation-identity.age")),
        ],
    );
    assert!(error.contains("--yes"), "{error}");
    let out = env.ok(
        "commission",
        &[
            "rotate-commission-key",
            "--out",
            s(&new_key),
            "--backup-out",
            s(&env.path("rotation-identity.age")),
            "--backup-passphrase-file",
            s(&env.path("rotation-pass.txt")),
            "--yes",
        ],
    );
    assert!(out.contains(&format!("{old_fingerprint} → ")), "{out}");
    let new_text = std::fs::read_to_string(&new_key).unwrap_or_else(|e| panic!("{e}"));
    let new_fingerprint = new_text
        .lines()
        .find_map(|l| l.strip_prefix("# fingerprint: "))
        .unwrap_or_else(|| panic!("{new_text}"))
        .to_owned();
    assert_ne!(new_fingerprint, old_fingerprint);

    // Made before the mission knows: encrypted to the old key, still imports.
    let (second, _) = env.export("mission", 2);
    let out = env.ok("commission", &["import", s(&second)]);
    assert!(out.contains("1 new"), "{out}");

    // A rotation the stored key did not endorse: refused, nothing changed.
    let recipient = {
        let vault = open(&env.path("mission"));
        casebook::exchange::mission_recipient(&vault).unwrap_or_else(|e| panic!("{e}"))
    };
    let stored_key = new_text_key(&std::fs::read_to_string(&key).unwrap_or_default());
    let attacker = SigningKey::from_bytes(&[11; 32]);
    let at = "2026-12-01T10:00:00Z";
    let attacker_recipient = age::x25519::Identity::generate().to_public().to_string();
    let attacker_hex = hex::encode(attacker.verifying_key().to_bytes());
    let statement =
        format!("casebook-commission-key-rotation/1\n{at}\n{attacker_recipient}\n{attacker_hex}");
    let forged_event = serde_json::json!([{
        "event": "commission-key-rotated",
        "at": at,
        "previous_signing_key": stored_key,
        "recipient": attacker_recipient,
        "signing_key": attacker_hex,
        "endorsement": hex::encode(attacker.sign(statement.as_bytes()).to_bytes()),
    }]);
    let forged = env.path("forged.age");
    forged_reply(
        &forged,
        &env.path("mission"),
        &attacker,
        &recipient,
        serde_json::json!([]),
        forged_event,
    );
    let untouched = state(&env, "mission");
    let error = env.fails("mission", &["receive", s(&forged)]);
    assert!(
        error.contains("not signed by the commission's key"),
        "{error}"
    );
    assert_eq!(state(&env, "mission"), untouched);
    // Also made before the mission knows, and imported after the reply.
    let (third, _) = env.export("mission", 3);

    let reply = env.path("reply.age");
    env.reply("commission", "LT-LON", &reply);
    let out = env.ok("mission", &["receive", s(&reply)]);
    // Announced, never taken without an officer comparing it by phone.
    assert!(
        out.contains(&format!(
            "The commission announces a new key, endorsed by the key stored here: {new_fingerprint}. Exports stay encrypted to the stored key"
        )),
        "{out}"
    );
    assert!(out.contains("2 exports newly confirmed"), "{out}");
    let audit = env.ok("mission", &["audit"]);
    assert_eq!(
        audit.matches("commission-key-rotation-announced").count(),
        1,
        "{audit}"
    );
    assert!(!audit.contains("commission-key-rotated"), "{audit}");
    let out = env.ok("mission", &["receive", s(&reply)]);
    assert!(out.contains("received before"), "{out}");
    assert!(out.contains(&new_fingerprint), "{out}");
    // Until then exports still go to the old key, which the commission keeps.
    env.ok(
        "mission",
        &["add", "--json", s(&fixture("case-minimal.json"))],
    );
    let before_accept = env.path("mission-4.age");
    let out = env.ok("mission", &["export", "--out", s(&before_accept)]);
    assert!(
        out.contains(&format!("Encrypted for commission key {old_fingerprint}")),
        "{out}"
    );
    let error = env.fails(
        "mission",
        &["set-commission-key", "--accept-rotation", &old_fingerprint],
    );
    assert!(error.contains(&new_fingerprint), "{error}");
    let out = env.ok(
        "mission",
        &["set-commission-key", "--accept-rotation", &new_fingerprint],
    );
    assert!(
        out.contains(&format!("{old_fingerprint} → {new_fingerprint}")),
        "{out}"
    );
    let audit = env.ok("mission", &["audit"]);
    assert_eq!(
        audit.matches("commission-key-rotated").count(),
        1,
        "{audit}"
    );
    let out = env.ok("mission", &["receive", s(&reply)]);
    assert!(!out.contains("announces"), "{out}");

    // The next export goes to the new key, and imports.
    let (fourth, _) = {
        env.ok(
            "mission",
            &["add", "--json", s(&fixture("case-minimal.json"))],
        );
        let file = env.path("mission-5.age");
        let out = env.ok("mission", &["export", "--out", s(&file)]);
        assert!(
            out.contains(&format!("Encrypted for commission key {new_fingerprint}")),
            "{out}"
        );
        (file, out)
    };
    env.ok("commission", &["import", s(&before_accept)]);
    env.ok("commission", &["import", s(&third), s(&fourth)]);
    // A later reply, signed by the new key, is taken directly.
    let later = env.path("reply-2.age");
    env.reply("commission", "LT-LON", &later);
    let out = env.ok("mission", &["receive", s(&later)]);
    assert!(out.contains("3 exports newly confirmed"), "{out}");
    assert!(!out.contains("announces"), "{out}");

    // The identity backup carries the earlier key: a vault restored from it
    // opens files encrypted to either key.
    std::fs::write(
        env.path("backup-pass.txt"),
        "granite orchard whistles at midnight\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let backup = env.path("identity.age");
    let backup_pass = env.path("backup-pass.txt");
    env.ok(
        "commission",
        &[
            "identity-backup",
            "--out",
            s(&backup),
            "--backup-passphrase-file",
            s(&backup_pass),
        ],
    );
    drop(new_commission_vault(&env.path("replacement")));
    env.ok(
        "replacement",
        &[
            "identity-restore",
            s(&backup),
            "--backup-passphrase-file",
            s(&backup_pass),
            "--replace",
        ],
    );
    for file in [&first, &fourth] {
        let out = env.approve("replacement", file, "LT-LON", &fingerprint);
        assert!(out.contains("LT-LON export"), "{out}");
    }
    // And its replies still carry the rotation, signed by the new key.
    let from_replacement = env.path("reply-3.age");
    env.ok(
        "replacement",
        &[
            "reply",
            "--mission",
            "LT-LON",
            "--out",
            s(&from_replacement),
        ],
    );
    let out = env.ok("mission", &["receive", s(&from_replacement)]);
    assert!(out.contains("Reply of"), "{out}");
}

/// A commission key rotation writes the identity backup of the new keys in
/// the same step, or does not rotate: restored from that backup, a vault
/// opens a file made before the rotation. A restore from an older backup
/// keeps the identity it replaces, so files encrypted to the newer key
/// still import.
#[test]
fn a_commission_rotation_writes_its_backup_and_a_restore_keeps_every_key() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("mission", "LT-LON", &key);
    let (first, fingerprint) = env.export("mission", 1);
    env.approve("commission", &first, "LT-LON", &fingerprint);
    // Encrypted to the old key, not yet imported.
    let (second, _) = env.export("mission", 2);
    let pass = env.path("backup-pass.txt");
    std::fs::write(&pass, "granite orchard whistles at midnight\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let weak = env.path("weak.txt");
    std::fs::write(&weak, "password\n").unwrap_or_else(|e| panic!("{e}"));
    let before_rotation = env.path("before.age");
    env.ok(
        "commission",
        &[
            "identity-backup",
            "--out",
            s(&before_rotation),
            "--backup-passphrase-file",
            s(&pass),
        ],
    );
    let key_before = std::fs::read_to_string(&key).unwrap_or_else(|e| panic!("{e}"));
    let new_key = env.path("new.pub");
    let backup = env.path("rotation.age");
    let rotate = |backup: &Path, pass: &Path| -> Vec<String> {
        [
            "rotate-commission-key",
            "--out",
            s(&new_key),
            "--backup-out",
            s(backup),
            "--backup-passphrase-file",
            s(pass),
            "--yes",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    // No backup, no rotation: a weak passphrase, or a backup file that
    // exists already, changes nothing.
    let error = env.fails("commission", &strs(&rotate(&backup, &weak)));
    assert!(error.to_lowercase().contains("passphrase"), "{error}");
    let error = env.fails("commission", &strs(&rotate(&before_rotation, &pass)));
    assert!(error.contains("already exists"), "{error}");
    // A backup that cannot be written once the keys are made (its folder
    // is missing): nothing changes either.
    let error = env.fails(
        "commission",
        &strs(&rotate(&env.path("missing").join("rotation.age"), &pass)),
    );
    assert!(error.contains("rotation.age"), "{error}");
    assert!(!env.path("missing").exists());
    env.ok(
        "commission",
        &["commission-key", "--out", s(&env.path("same.pub"))],
    );
    assert_eq!(
        std::fs::read_to_string(env.path("same.pub")).unwrap_or_default(),
        key_before
    );
    assert!(!backup.exists() && !new_key.exists());

    let out = env.ok("commission", &strs(&rotate(&backup, &pass)));
    assert!(out.contains(&s(&backup).to_string()), "{out}");
    let new_text = std::fs::read_to_string(&new_key).unwrap_or_else(|e| panic!("{e}"));
    let new_fingerprint = new_text
        .lines()
        .find_map(|l| l.strip_prefix("# fingerprint: "))
        .unwrap_or_else(|| panic!("{new_text}"))
        .to_owned();

    // A vault restored from the backup written by the rotation opens the
    // file made before it, and is the rotated commission.
    drop(new_commission_vault(&env.path("replacement")));
    env.ok(
        "replacement",
        &[
            "identity-restore",
            s(&backup),
            "--backup-passphrase-file",
            s(&pass),
            "--replace",
        ],
    );
    let out = env.approve("replacement", &second, "LT-LON", &fingerprint);
    assert!(out.contains("LT-LON export 2"), "{out}");
    env.ok(
        "replacement",
        &["commission-key", "--out", s(&env.path("restored.pub"))],
    );
    assert_eq!(
        std::fs::read_to_string(env.path("restored.pub")).unwrap_or_default(),
        new_text
    );

    // A file encrypted to the new key; then the commission restores the
    // backup from before the rotation: the new key it replaces is kept.
    env.ok(
        "mission",
        &[
            "set-commission-key",
            s(&new_key),
            "--replace",
            "--fingerprint",
            &new_fingerprint,
        ],
    );
    let (third, _) = env.export("mission", 3);
    env.ok(
        "commission",
        &[
            "identity-restore",
            s(&before_rotation),
            "--backup-passphrase-file",
            s(&pass),
            "--replace",
        ],
    );
    for file in [&second, &third] {
        let out = env.ok("commission", &["import", s(file)]);
        assert!(out.contains("LT-LON export"), "{out}");
    }
    // The older backup did not take the reply signing key back below the
    // rotation the mission accepted: the commission's key file is still
    // the rotated one, and its reply verifies at the mission.
    env.ok(
        "commission",
        &["commission-key", "--out", s(&env.path("after-older.pub"))],
    );
    assert_eq!(
        std::fs::read_to_string(env.path("after-older.pub")).unwrap_or_default(),
        new_text
    );
    let reply = env.path("after-older-restore.reply");
    env.ok(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", s(&reply)],
    );
    let out = env.ok("mission", &["receive", s(&reply)]);
    assert!(out.contains("export"), "{out}");
    // A mission's reply key is not the commission's identity.
    let mission_backup = env.path("mission-key.age");
    env.ok(
        "mission",
        &[
            "identity-backup",
            "--out",
            s(&mission_backup),
            "--backup-passphrase-file",
            s(&pass),
        ],
    );
    let error = env.fails(
        "commission",
        &[
            "identity-restore",
            s(&mission_backup),
            "--backup-passphrase-file",
            s(&pass),
            "--replace",
        ],
    );
    assert!(!error.is_empty());
}

/// The commission's reply signing key, read back from its identity
/// backup (as an attacker holding both the backup and its passphrase
/// would): so that a test can sign replies the mission's checks after the
/// signature must refuse.
fn commission_signer(env: &Env, commission: &str) -> SigningKey {
    use std::io::Read as _;
    let pass = "granite orchard whistles at midnight";
    let pass_file = env.path("signer-pass.txt");
    std::fs::write(&pass_file, format!("{pass}\n")).unwrap_or_else(|e| panic!("{e}"));
    let backup = env.path(&format!("{commission}-signer.age"));
    let _ = std::fs::remove_file(&backup);
    env.ok(
        commission,
        &[
            "identity-backup",
            "--out",
            s(&backup),
            "--backup-passphrase-file",
            s(&pass_file),
        ],
    );
    let bytes = std::fs::read(&backup).unwrap_or_else(|e| panic!("{e}"));
    let scrypt = age::scrypt::Identity::new(secrecy::SecretString::from(pass.to_owned()));
    let mut text = String::new();
    age::Decryptor::new(&bytes[..])
        .unwrap_or_else(|e| panic!("{e}"))
        .decrypt(std::iter::once(&scrypt as &dyn age::Identity))
        .unwrap_or_else(|e| panic!("{e}"))
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{e}"));
    let hex_seed = text
        .lines()
        .find_map(|l| l.strip_prefix("# reply signing key (ed25519 seed): "))
        .unwrap_or_else(|| panic!("no seed in the backup"));
    let mut seed = [0u8; 32];
    hex::decode_to_slice(hex_seed, &mut seed).unwrap_or_else(|e| panic!("{e}"));
    SigningKey::from_bytes(&seed)
}

/// Every byte of every file of a vault folder, by name.
fn vault_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_file())
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap_or_else(|e| panic!("{e}")),
            )
        })
        .collect();
    files.sort();
    files
}

/// Receives `file` in the open vault `vault` (folder `dir`) expecting a
/// refusal that leaves every byte of the vault's files as it was.
fn refused_unchanged(vault: &mut Vault, dir: &Path, file: &Path) -> casebook::exchange::Error {
    let before = vault_bytes(dir);
    let error = match casebook::exchange::reply::receive(vault, file) {
        Ok(received) => panic!("{} was received: {received:?}", file.display()),
        Err(e) => e,
    };
    assert!(
        vault_bytes(dir) == before,
        "{}: the vault changed",
        file.display()
    );
    error
}

/// An old reply replayed after the commission's key rotation is refused
/// (its signer is no longer the key stored) with not one byte of the vault
/// changed; before the officer accepted the new key it is a reply received
/// before, which changes nothing either.
#[test]
fn an_old_reply_replayed_after_a_commission_key_rotation_changes_nothing() {
    let env = Env::new();
    env.commission_and_approved_mission();
    let old_reply = env.path("reply-old.age");
    env.reply("commission", "LT-LON", &old_reply);
    env.ok("mission", &["receive", s(&old_reply)]);

    std::fs::write(
        env.path("rotation-pass.txt"),
        "granite orchard whistles at midnight\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    env.ok(
        "commission",
        &[
            "rotate-commission-key",
            "--out",
            s(&env.path("new.pub")),
            "--backup-out",
            s(&env.path("rotation.age")),
            "--backup-passphrase-file",
            s(&env.path("rotation-pass.txt")),
            "--yes",
        ],
    );
    let (second, _) = env.export("mission", 2);
    env.ok("commission", &["import", s(&second)]);
    let new_reply = env.path("reply-new.age");
    env.reply("commission", "LT-LON", &new_reply);
    let out = env.ok("mission", &["receive", s(&new_reply)]);
    let new_fingerprint = std::fs::read_to_string(env.path("new.pub"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("# fingerprint: ").map(str::to_owned))
        .unwrap_or_else(|| panic!("no fingerprint"));
    assert!(out.contains(&new_fingerprint), "{out}");

    // Announced, not accepted: the old reply is one received before.
    {
        let mut vault = open(&env.path("mission"));
        let before = vault_bytes(&env.path("mission"));
        let received = casebook::exchange::reply::receive(&mut vault, &old_reply)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            received.applied.already_received_at.is_some(),
            "{received:?}"
        );
        assert!(
            vault_bytes(&env.path("mission")) == before,
            "the vault changed"
        );
    }
    env.ok(
        "mission",
        &["set-commission-key", "--accept-rotation", &new_fingerprint],
    );
    let untouched = state(&env, "mission");
    let mut vault = open(&env.path("mission"));
    let error = refused_unchanged(&mut vault, &env.path("mission"), &old_reply);
    assert!(
        error
            .to_string()
            .contains("not signed by the commission's key"),
        "{error}"
    );
    drop(vault);
    assert_eq!(state(&env, "mission"), untouched);
}

/// A reply that is encrypted to the mission and signed by the
/// commission's own key, but names another mission's code, or was made
/// for another vault of the same mission (the one a rebuilt vault
/// replaced), is refused with not one byte of the vault changed.
#[test]
fn a_reply_naming_another_code_or_another_vault_of_the_mission_changes_nothing() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("mission", "LT-LON", &key);
    let (first, fingerprint) = env.export("mission", 1);
    env.approve("commission", &first, "LT-LON", &fingerprint);
    let for_old_vault = env.path("reply-old-vault.age");
    env.reply("commission", "LT-LON", &for_old_vault);
    let signer = commission_signer(&env, "commission");
    let (old_id, old_recipient) = {
        let vault = open(&env.path("mission"));
        (
            vault.vault_id().unwrap_or_else(|e| panic!("{e}")),
            casebook::exchange::mission_recipient(&vault).unwrap_or_else(|e| panic!("{e}")),
        )
    };
    // The mission rebuilds its vault: same code, a new vault and keys.
    env.mission("rebuilt", "LT-LON", &key);
    let rebuilt_recipient = {
        let vault = open(&env.path("rebuilt"));
        casebook::exchange::mission_recipient(&vault).unwrap_or_else(|e| panic!("{e}"))
    };
    let wrong_code = env.path("wrong-code.age");
    forged_reply_with(
        &wrong_code,
        &env.path("rebuilt"),
        &signer,
        &rebuilt_recipient,
        |reply| reply["mission_code"] = "LT-RIG".into(),
    );
    let other_vault = env.path("other-vault.age");
    forged_reply_with(
        &other_vault,
        &env.path("rebuilt"),
        &signer,
        &rebuilt_recipient,
        |reply| {
            reply["mission_id"] = old_id.clone().into();
            reply["mission_recipient"] = old_recipient.clone().into();
        },
    );
    // A control: the same forgery naming the rebuilt vault is taken, so
    // the refusals below come from the names alone.
    let control = env.path("control.age");
    forged_reply_with(
        &control,
        &env.path("rebuilt"),
        &signer,
        &rebuilt_recipient,
        |_| {},
    );

    let untouched = state(&env, "rebuilt");
    let mut vault = open(&env.path("rebuilt"));
    for (file, expected) in [
        (&wrong_code, "mission code LT-RIG"),
        (&other_vault, "another vault"),
        (&for_old_vault, "this reply is not for this mission"),
    ] {
        let error = refused_unchanged(&mut vault, &env.path("rebuilt"), file);
        let text = error.to_string();
        assert!(text.contains(expected), "{}: {text}", file.display());
    }
    casebook::exchange::reply::receive(&mut vault, &control).unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    assert_ne!(state(&env, "rebuilt"), untouched);
}

/// A rebuilt vault's key replaced by phone: the commission's next reply
/// (format 2, since it carries what format 1 cannot) tells the mission its
/// previous key was replaced, when, and that no export it signs is taken
/// any more; the mission shows it and keeps it once.
#[test]
fn a_reply_tells_the_mission_its_previous_key_was_replaced() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("mission", "LT-LON", &key);
    let (first, old_fingerprint) = env.export("mission", 1);
    env.approve("commission", &first, "LT-LON", &old_fingerprint);
    // A reply before anything happened to the key is format 1.
    let before = env.path("reply-before.age");
    env.reply("commission", "LT-LON", &before);

    env.mission("rebuilt", "LT-LON", &key);
    let empty = env.path("rebuilt-1.age");
    let out = env.ok("rebuilt", &["export", "--out", s(&empty)]);
    let new_fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("Signed with mission key"))
        .unwrap_or_else(|| panic!("{out}"))
        .trim()
        .to_owned();
    env.ok(
        "commission",
        &[
            "missions",
            "--replace-key",
            &format!("LT-LON:{new_fingerprint}"),
        ],
    );
    env.ok("commission", &["import", s(&empty)]);
    let reply = env.path("reply.age");
    env.reply("commission", "LT-LON", &reply);
    let out = env.ok("rebuilt", &["receive", s(&reply)]);
    assert!(
        out.contains(&format!(
            "The commission replaced this mission's key {old_fingerprint} on 20"
        )),
        "{out}"
    );
    assert!(
        out.contains("no export it signs is accepted any more"),
        "{out}"
    );
    let events = |name: &str| {
        open(&env.path(name))
            .own_key_events()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let held = events("rebuilt");
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0].event, "mission-key-replaced");
    assert_eq!(held[0].fingerprint, old_fingerprint);
    assert_eq!(held[0].accepted_through, None);
    // Received again: nothing changes.
    let untouched = state(&env, "rebuilt");
    let out = env.ok("rebuilt", &["receive", s(&reply)]);
    assert!(out.contains("received before"), "{out}");
    assert_eq!(state(&env, "rebuilt"), untouched);
    assert_eq!(events("rebuilt"), held);
    // A new reply with the same word reaches the events' code and
    // changes nothing there either (and reports no new event).
    // (A note makes it another reply, whatever the second it is made in.)
    env.ok(
        "commission",
        &[
            "guidance",
            "--add",
            "--date",
            "2026-12-01",
            "--en",
            "A note.",
        ],
    );
    let same = env.path("reply-same.age");
    env.reply("commission", "LT-LON", &same);
    let out = env.ok("rebuilt", &["receive", s(&same)]);
    assert!(!out.contains("received before"), "{out}");
    assert_eq!(events("rebuilt"), held);
    let mut expected = untouched;
    expected.replies += 1;
    expected.notes += 1;
    assert_eq!(state(&env, "rebuilt"), expected);
    // The format: 2 with the event, while the reply before it stayed 1.
    let report = env.ok("rebuilt", &["receive", s(&reply)]);
    assert!(report.contains(&old_fingerprint), "{report}");
    let plain = |file: &Path, mission: &str| -> String {
        let signer_pass = env.path("mk-pass.txt");
        std::fs::write(&signer_pass, "granite orchard whistles at midnight\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let backup = env.path(&format!("{mission}-key.age"));
        let _ = std::fs::remove_file(&backup);
        env.ok(
            mission,
            &[
                "identity-backup",
                "--out",
                s(&backup),
                "--backup-passphrase-file",
                s(&signer_pass),
            ],
        );
        use std::io::Read as _;
        let scrypt = age::scrypt::Identity::new(secrecy::SecretString::from(
            "granite orchard whistles at midnight".to_owned(),
        ));
        let bytes = std::fs::read(&backup).unwrap_or_else(|e| panic!("{e}"));
        let mut identity_text = String::new();
        age::Decryptor::new(&bytes[..])
            .unwrap_or_else(|e| panic!("{e}"))
            .decrypt(std::iter::once(&scrypt as &dyn age::Identity))
            .unwrap_or_else(|e| panic!("{e}"))
            .read_to_string(&mut identity_text)
            .unwrap_or_else(|e| panic!("{e}"));
        let identity: age::x25519::Identity = identity_text
            .lines()
            .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
            .unwrap_or_default()
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{e}"));
        let mut text = String::new();
        age::Decryptor::new(&bytes[..])
            .unwrap_or_else(|e| panic!("{e}"))
            .decrypt(std::iter::once(&identity as &dyn age::Identity))
            .unwrap_or_else(|e| panic!("{e}"))
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{e}"));
        text
    };
    let after = plain(&reply, "rebuilt");
    assert!(
        after.starts_with("{\"format\":\"casebook-reply\",\"version\":2}\n"),
        "{after}"
    );
    assert!(
        after.contains("\"event\":\"mission-key-replaced\""),
        "{after}"
    );
    let earlier = plain(&before, "mission");
    assert!(
        earlier.starts_with("{\"format\":\"casebook-reply\",\"version\":1}\n"),
        "{earlier}"
    );
    // The way through for a rebuilt vault: its first, empty export gave
    // the commission its reply address, the reply's high-water marks took
    // its reference counter past the old vault's, so its first case does
    // not collide with the old vault's LT-LON-YYYY-0001.
    let (next, _) = env.export("rebuilt", 2);
    let out = env.ok("commission", &["import", s(&next)]);
    assert!(out.contains("1 new"), "{out}");
}

/// A guidance note withdrawn at the commission: the next reply names it,
/// the mission hides it (once), a reply made before the withdrawal and
/// received after it does not bring it back, and a withdrawn note's id is
/// never given to a new one.
#[test]
fn a_withdrawn_guidance_note_is_hidden_and_an_older_reply_does_not_bring_it_back() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("mission", "LT-LON", &key);
    let (first, fingerprint) = env.export("mission", 1);
    env.approve("commission", &first, "LT-LON", &fingerprint);
    // A reply carrying the first note only, received last of all.
    let older = env.path("reply-older.age");
    for (n, text) in ["First procedure.", "Second procedure."].iter().enumerate() {
        env.ok(
            "commission",
            &["guidance", "--add", "--date", "2026-12-01", "--en", text],
        );
        if n == 0 {
            env.reply("commission", "LT-LON", &older);
        }
    }
    let before = env.path("reply-before.age");
    env.reply("commission", "LT-LON", &before);
    env.ok("mission", &["receive", s(&before)]);
    let ids = |out: String| -> Vec<String> {
        let notes: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
        notes
            .as_array()
            .unwrap_or_else(|| panic!("{notes}"))
            .iter()
            .map(|n| n["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        ids(env.ok("mission", &["guidance", "--json"])),
        ["2026-12-01-2", "2026-12-01-1"]
    );

    let error = env.fails("commission", &["guidance", "--withdraw", "2026-12-01-9"]);
    assert!(error.contains("no guidance note"), "{error}");
    let out = env.ok("commission", &["guidance", "--withdraw", "2026-12-01-1"]);
    // The officer is told what the withdrawal does to every later reply.
    assert!(
        out.contains("every reply to every mission is written in reply format 2")
            && out.contains("older than reply format 2 refuses"),
        "{out}"
    );
    env.ok("commission", &["guidance", "--withdraw", "2026-12-01-1"]);
    let out = env.ok(
        "commission",
        &[
            "guidance",
            "--add",
            "--date",
            "2026-12-01",
            "--en",
            "Third.",
        ],
    );
    assert!(out.contains("2026-12-01-3"), "{out}");
    assert_eq!(
        ids(env.ok("commission", &["guidance", "--json"])),
        ["2026-12-01-3", "2026-12-01-2"]
    );
    let audit = env.ok("commission", &["audit"]);
    assert_eq!(audit.matches("guidance-withdrawn").count(), 1, "{audit}");
    assert!(!audit.contains("First procedure"), "{audit}");

    let after = env.path("reply-after.age");
    env.reply("commission", "LT-LON", &after);
    let out = env.ok("mission", &["receive", s(&after)]);
    assert!(out.contains("1 guidance notes withdrawn"), "{out}");
    let shown = ids(env.ok("mission", &["guidance", "--json"]));
    assert_eq!(shown, ["2026-12-01-3", "2026-12-01-2"]);
    let text = env.ok("mission", &["guidance"]);
    assert!(!text.contains("First procedure"), "{text}");
    // Again: nothing changes, the same file nor a new reply saying the
    // same (which reaches the withdrawals' code).
    let untouched = state(&env, "mission");
    env.ok("mission", &["receive", s(&after)]);
    assert_eq!(state(&env, "mission"), untouched);
    // (A note makes it another reply, whatever the second it is made in.)
    env.ok(
        "commission",
        &[
            "guidance",
            "--add",
            "--date",
            "2026-12-01",
            "--en",
            "Fourth.",
        ],
    );
    let again = env.path("reply-again.age");
    env.reply("commission", "LT-LON", &again);
    let out = env.ok("mission", &["receive", s(&again)]);
    assert!(!out.contains("received before"), "{out}");
    assert!(!out.contains("withdrawn"), "{out}");
    let mut expected = untouched;
    expected.replies += 1;
    expected.notes += 1;
    assert_eq!(state(&env, "mission"), expected);
    let shown = ids(env.ok("mission", &["guidance", "--json"]));
    assert_eq!(shown, ["2026-12-01-4", "2026-12-01-3", "2026-12-01-2"]);
    // A reply made before the withdrawal, received after it: the note
    // stays hidden.
    let out = env.ok("mission", &["receive", s(&older)]);
    assert!(!out.contains("received before"), "{out}");
    assert_eq!(ids(env.ok("mission", &["guidance", "--json"])), shown);
    // The highest id withdrawn: the next note does not take it again
    // (the highest note held plus one would be -4).
    env.ok("commission", &["guidance", "--withdraw", "2026-12-01-4"]);
    let out = env.ok(
        "commission",
        &[
            "guidance",
            "--add",
            "--date",
            "2026-12-01",
            "--en",
            "Fifth.",
        ],
    );
    assert!(out.contains("2026-12-01-5"), "{out}");
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The `ed25519:` key of a key file's text, hex.
fn new_text_key(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("ed25519:"))
        .unwrap_or_else(|| panic!("{text}"))
        .to_owned()
}

/// The referral directory and guidance notes travel in the replies: a
/// newer directory replaces the one held, an older one never does, and a
/// note sent again is not new.
#[test]
fn the_directory_and_guidance_reach_the_mission_and_an_older_directory_never_replaces_a_newer() {
    let env = Env::new();
    env.commission_and_approved_mission();
    let bad = env.path("bad.json");
    std::fs::write(
        &bad,
        r#"{"organisations":[{"name":"Shelter","type":"Church","country":"GB"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let error = env.fails("commission", &["directory", "--set", s(&bad)]);
    assert!(error.contains("unknown type"), "{error}");
    // A phone number that reads reversed on screen, an escape sequence for
    // the terminal: refused where they are typed, as at the mission.
    std::fs::write(
        &bad,
        "{\"organisations\":[{\"name\":\"Shelter\",\"type\":\"NGO\",\"country\":\"GB\",\"phone\":\"+44 \u{202E}0000 311\"}]}",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let error = env.fails("commission", &["directory", "--set", s(&bad)]);
    assert!(error.contains("phone number"), "{error}");
    assert!(!error.contains('\u{202E}'), "{error}");
    let error = env.fails(
        "commission",
        &["guidance", "--add", "--en", "Call \u{1b}[2Jus"],
    );
    assert!(error.contains("control or invisible"), "{error}");
    assert!(!error.contains('\u{1b}'), "{error}");
    assert!(
        env.ok("commission", &["guidance"])
            .contains("No guidance notes"),
        "a refused note was kept"
    );

    let first_directory = env.path("directory-1.json");
    std::fs::write(
        &first_directory,
        r#"{"organisations":[{"name":"Lithuanian Community in the UK","type":"LithuanianCommunityOrganisation","country":"GB","city":"London","services":["Psychosocial"],"languages":["lt","en"]}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = env.ok("commission", &["directory", "--set", s(&first_directory)]);
    assert!(
        out.contains("Directory version 1 stored: 1 organisations"),
        "{out}"
    );
    env.ok(
        "commission",
        &[
            "guidance",
            "--add",
            "--date",
            "2026-12-01",
            "--en",
            "Refer to the NRM first.",
        ],
    );
    let older = env.path("reply-1.age");
    env.reply("commission", "LT-LON", &older);

    let second_directory = env.path("directory-2.json");
    std::fs::write(
        &second_directory,
        r#"{"organisations":[{"name":"Lithuanian Community in the UK","type":"LithuanianCommunityOrganisation","country":"GB","city":"London"},{"name":"St Anne's Shelter","type":"FaithBasedOrganisation","country":"GB","city":"Leeds","services":["Shelter"],"phone":"+44 113 000 0000"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    env.ok("commission", &["directory", "--set", s(&second_directory)]);
    env.ok(
        "commission",
        &[
            "guidance",
            "--add",
            "--date",
            "2026-12-02",
            "--lt",
            "Nauja tvarka.",
            "--en",
            "New procedure.",
        ],
    );
    let newer = env.path("reply-2.age");
    env.reply("commission", "LT-LON", &newer);

    let out = env.ok("mission", &["receive", s(&newer)]);
    assert!(
        out.contains("directory version 2 (updated), 2 new guidance notes"),
        "{out}"
    );
    let out = env.ok("mission", &["receive", s(&older)]);
    assert!(
        out.contains("directory version 2, 0 new guidance notes"),
        "{out}"
    );
    let directory = env.ok("mission", &["directory", "--json"]);
    let directory: serde_json::Value =
        serde_json::from_str(&directory).unwrap_or_else(|e| panic!("{e}: {directory}"));
    assert_eq!(directory["version"], 2);
    assert_eq!(directory["organisations"][1]["name"], "St Anne's Shelter");
    assert_eq!(
        directory["organisations"][1]["type"],
        "FaithBasedOrganisation"
    );

    // A script reading --json leaves the notes new for the officer.
    let scripted = env.ok("mission", &["guidance", "--json"]);
    assert_eq!(scripted.matches("\"read\": false").count(), 2, "{scripted}");
    let listed = env.ok("mission", &["guidance"]);
    assert_eq!(listed.matches("new ").count(), 2, "{listed}");
    assert!(listed.contains("[lt] Nauja tvarka."), "{listed}");
    let again = env.ok("mission", &["guidance", "--json"]);
    let notes: serde_json::Value =
        serde_json::from_str(&again).unwrap_or_else(|e| panic!("{e}: {again}"));
    assert_eq!(notes[0]["id"], "2026-12-02-1");
    assert_eq!(notes[0]["read"], true, "shown once, then read");
    assert_eq!(notes[1]["en"], "Refer to the NRM first.");
}

/// A revoked key's laptop never receives a reply, and a replaced key's
/// address is not used once the key is replaced: the reply goes only to
/// the address a file of the approved key gave.
#[test]
fn a_reply_goes_only_to_the_address_of_the_missions_approved_key() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("stolen", "LT-LON", &key);
    let (first, fingerprint) = env.export("stolen", 1);
    env.approve("commission", &first, "LT-LON", &fingerprint);
    let reply = env.path("reply.age");
    env.reply("commission", "LT-LON", &reply);
    std::fs::remove_file(&reply).unwrap_or_else(|e| panic!("{e}"));

    // The laptop is stolen: its key is revoked, its second export still
    // taken under --after.
    let (second, _) = env.export("stolen", 2);
    env.ok(
        "commission",
        &["missions", "--revoke", "LT-LON", "--after", "5"],
    );
    env.ok("commission", &["import", s(&second)]);
    let error = env.fails(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", s(&reply)],
    );
    assert!(error.contains("was revoked on 20"), "{error}");
    assert!(!reply.exists());

    // A rebuilt vault's key is approved by phone: no reply until one of
    // its files gives its address.
    env.mission("rebuilt", "LT-LON", &key);
    // No case: its first reference would be one the stolen laptop used.
    let rebuilt_first = env.path("rebuilt-1.age");
    let out = env.ok("rebuilt", &["export", "--out", s(&rebuilt_first)]);
    let rebuilt_fingerprint = out
        .lines()
        .find_map(|l| l.strip_prefix("Signed with mission key"))
        .unwrap_or_else(|| panic!("{out}"))
        .trim()
        .to_owned();
    env.ok(
        "commission",
        &[
            "missions",
            "--replace-key",
            &format!("LT-LON:{rebuilt_fingerprint}"),
        ],
    );
    let error = env.fails(
        "commission",
        &["reply", "--mission", "LT-LON", "--out", s(&reply)],
    );
    assert!(error.contains("was replaced on 20"), "{error}");
    assert!(!reply.exists());
    env.ok("commission", &["import", s(&rebuilt_first)]);
    env.reply("commission", "LT-LON", &reply);
    let error = env.fails("stolen", &["receive", s(&reply)]);
    assert!(error.contains("not for this mission"), "{error}");
    let out = env.ok("rebuilt", &["receive", s(&reply)]);
    assert!(out.contains("Reply of"), "{out}");
}

/// A reply is read through its bound from one handle: a FIFO (which
/// reports no size and was then read without end) is refused at once, and
/// so is a file larger than any reply.
#[cfg(unix)]
#[test]
fn a_fifo_or_an_oversized_file_is_refused_as_a_reply_without_reading_it_all() {
    let env = Env::new();
    drop(new_commission_vault(&env.path("commission")));
    let key = env.path("commission.pub");
    env.ok("commission", &["commission-key", "--out", s(&key)]);
    env.mission("mission", "LT-LON", &key);
    let untouched = state(&env, "mission");
    let fifo = env.path("reply.fifo");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(made.success());
    let error = env.fails("mission", &["receive", s(&fifo)]);
    assert!(error.contains("not a regular file"), "{error}");
    let big = env.path("big.age");
    let file = std::fs::File::create(&big).unwrap_or_else(|e| panic!("{e}"));
    file.set_len((16 << 20) + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    drop(file);
    let error = env.fails("mission", &["receive", s(&big)]);
    assert!(error.contains("larger than any reply"), "{error}");
    assert_eq!(state(&env, "mission"), untouched);
}

/// The versions of the mission's cases the commission set aside are
/// listed by `exports --set-aside` (for the mission: the commission does
/// not say which export brought each), with the revision and the date of
/// the reply that named them, every field present (`null` when missing);
/// a mission without any lists an empty array. `exports --json` stays an
/// array of exports.
#[test]
fn exports_set_aside_lists_the_versions_the_commission_set_aside() {
    let env = Env::new();
    let record = mission_with_a_set_aside_version(env.dir.path());
    drop(new_vault(&env.path("quiet")));
    assert_eq!(env.set_aside_json("quiet"), serde_json::json!([]));

    let listed = env.set_aside_json("mission");
    let set_aside = listed.as_array().unwrap_or_else(|| panic!("{listed}"));
    assert_eq!(set_aside.len(), 1, "{listed}");
    let version = &set_aside[0];
    let today = chrono::Utc::now().date_naive().to_string();
    let reply_of = version["reply_of"].as_str().unwrap_or_default();
    assert!(reply_of.starts_with(&today), "{listed}");
    let received_at = version["received_at"].as_str().unwrap_or_default();
    assert!(received_at.starts_with(&today), "{listed}");
    assert_eq!(
        version,
        &serde_json::json!({
            "reference": record.meta.reference.as_str(),
            "revision": 2,
            "received_at": received_at,
            "reply_of": reply_of,
            "resolved": false,
        }),
        "{listed}"
    );
    let exports = env.exports_json("mission");
    assert_eq!(exports.as_array().map(Vec::len), Some(1), "{exports}");
    assert_eq!(exports[0]["sequence"], 1, "{exports}");

    let table = env.ok("mission", &["exports", "--set-aside"]);
    assert!(table.contains("Set aside by the commission"), "{table}");
    assert!(
        table.contains(&format!(
            "  {}  revision 2  reply of {today}",
            record.meta.reference
        )),
        "{table}"
    );
    let exports = env.ok("mission", &["exports"]);
    assert!(
        exports.contains("set aside by the commission: 1 (exports --set-aside lists them)"),
        "{exports}"
    );
    let quiet = env.ok("quiet", &["exports"]);
    assert!(!quiet.contains("set aside"), "{quiet}");
    let quiet = env.ok("quiet", &["exports", "--set-aside"]);
    assert!(quiet.contains("no version"), "{quiet}");
}
