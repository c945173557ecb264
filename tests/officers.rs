//! Several officers per vault (issue 16, first part): each has a key slot
//! with their own passphrase; removing one re-keys the database; a vault of
//! the first header format migrates at its first unlock.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use casebook::vault::{Error, KdfParams, Vault};
use common::{PASSPHRASE, date, new_vault, passphrase, simple_case};
use secrecy::SecretString;

const FIRST: &str = "J. Jonaitis";
const SECOND: &str = "A. Petraitė";
const SECOND_PASSPHRASE: &str = "amber meadow kettle violin";

/// What the database says when a key the header verified does not open it.
const DATABASE_REFUSES: &str = "casebook.db cannot be decrypted with this vault's key";
/// What the header's MAC says when the header was edited.
const NOT_AN_OFFICERS: &str = "was not written by an officer of this vault";

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

/// A vault of two officers: the first (who made it) and the second.
fn two_officers(dir: &Path) {
    let mut vault = new_vault(dir);
    vault
        .add_officer(
            SECOND,
            &secret(SECOND_PASSPHRASE),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
}

fn open_as(dir: &Path, officer: &str, pass: &str) -> Result<Vault, Error> {
    Vault::open_as(dir, Some(officer), &secret(pass))
}

fn header(dir: &Path) -> serde_json::Value {
    let bytes = std::fs::read(dir.join("vault.json")).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn write_header(dir: &Path, header: &serde_json::Value) {
    let bytes = serde_json::to_vec_pretty(header).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("vault.json"), bytes).unwrap_or_else(|e| panic!("{e}"));
}

fn casebook(dir: &Path, pass_file: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(dir)
        .arg("--passphrase-file")
        .arg(pass_file)
        .args(args)
        .env_remove("CASEBOOK_VAULT")
        .output()
        .unwrap_or_else(|e| panic!("cannot run casebook: {e}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn two_officers_each_open_with_their_own_passphrase_and_not_as_each_other() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());

    let first = open_as(dir.path(), FIRST, PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.info().officer, FIRST);
    assert_eq!(first.officers().unwrap_or_default(), [FIRST, SECOND]);
    drop(first);
    // The name is matched whatever its case.
    let second =
        open_as(dir.path(), "a. petraitė", SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second.info().officer, SECOND);
    drop(second);

    for (name, pass) in [(FIRST, SECOND_PASSPHRASE), (SECOND, PASSPHRASE)] {
        assert!(
            matches!(open_as(dir.path(), name, pass), Err(Error::WrongPassphrase)),
            "{name} opened with the other officer's passphrase"
        );
    }
    // Several officers and no name: refused, naming them.
    let none = Vault::open(dir.path(), &passphrase());
    assert!(
        matches!(&none, Err(Error::OfficerNeeded { officers }) if officers == &[FIRST, SECOND]),
        "{:?}",
        none.err()
    );
    assert!(matches!(
        open_as(dir.path(), "Nobody", PASSPHRASE),
        Err(Error::UnknownOfficer { .. })
    ));
    // The list is readable before unlock, for the unlock form.
    assert_eq!(
        casebook::vault::officers(dir.path()).unwrap_or_default(),
        [FIRST, SECOND]
    );
}

#[test]
fn a_removed_officer_is_locked_out_even_with_the_old_header() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    {
        let mut vault =
            open_as(dir.path(), SECOND, SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
        vault
            .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let old_header = std::fs::read(dir.path().join("vault.json")).unwrap_or_else(|e| panic!("{e}"));
    let pass_file = dir.path().join("first.txt");
    std::fs::write(&pass_file, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    // (The passphrase file beside the vault's files changes nothing.)
    let removed = casebook(
        dir.path(),
        &pass_file,
        &["--officer", FIRST, "officer", "remove", SECOND, "--yes"],
    );
    assert!(removed.status.success(), "{}", text(&removed.stderr));

    // The removed officer's passphrase opens nothing now.
    assert!(matches!(
        open_as(dir.path(), SECOND, SECOND_PASSPHRASE),
        Err(Error::UnknownOfficer { .. })
    ));
    assert!(matches!(
        Vault::open(dir.path(), &secret(SECOND_PASSPHRASE)),
        Err(Error::WrongPassphrase)
    ));
    // The remaining officer opens, alone now, the case still there.
    let first = Vault::open(dir.path(), &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.officers().unwrap_or_default(), [FIRST]);
    assert_eq!(
        first
            .get_case("LT-LON-2026-0001")
            .map(|c| c.meta.created_by)
            .ok()
            .as_deref(),
        Some(SECOND)
    );
    drop(first);

    // The header from before the removal, put back: the removed officer's
    // passphrase still opens their slot in it, but the key it yields no
    // longer opens the database.
    let new_header = std::fs::read(dir.path().join("vault.json")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("vault.json"), &old_header).unwrap_or_else(|e| panic!("{e}"));
    let with_old = open_as(dir.path(), SECOND, SECOND_PASSPHRASE);
    assert!(
        matches!(&with_old, Err(Error::Damaged(m)) if m.contains(DATABASE_REFUSES)),
        "the old header's key must be accepted by the header and refused by the database: {:?}",
        with_old.err()
    );
    std::fs::write(dir.path().join("vault.json"), &new_header).unwrap_or_else(|e| panic!("{e}"));
    let first = Vault::open(dir.path(), &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    assert!(first.integrity_problems().unwrap_or_default().is_empty());
}

#[test]
fn audit_entries_and_revisions_name_the_officer_signed_in() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let reference = {
        let mut second =
            open_as(dir.path(), SECOND, SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
        let record = second
            .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(record.meta.created_by, SECOND);
        record.meta.reference
    };
    let mut first = open_as(dir.path(), FIRST, PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    let mut stored = first.get_case(&reference).unwrap_or_else(|e| panic!("{e}"));
    stored.case.person.given_name = Some("Ona Marija".into());
    let updated = first
        .update_case(stored.meta.id, stored.case, stored.meta.revision)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(updated.meta.created_by, SECOND);
    assert_eq!(updated.meta.updated_by, FIRST);
    first
        .remove_officer(SECOND)
        .unwrap_or_else(|e| panic!("{e}"));

    let entries = first.audit_entries().unwrap_or_else(|e| panic!("{e}"));
    // Every entry names the officer of its session: the one who created
    // the vault, then whoever each unlock signed in.
    let mut session = None;
    let mut sessions = Vec::new();
    for entry in &entries {
        if ["vault-created", "unlock"].contains(&entry.action.as_str()) {
            session = Some(entry.actor.clone());
            sessions.push(entry.actor.clone());
        }
        assert_eq!(
            Some(&entry.actor),
            session.as_ref(),
            "{entry:?} in a session of {session:?}"
        );
    }
    assert_eq!(sessions, [FIRST, SECOND, FIRST], "{entries:?}");
    let actions: Vec<(&str, &str, Option<&str>)> = entries
        .iter()
        .filter(|e| e.action != "identity-created")
        .map(|e| {
            (
                e.actor.as_str(),
                e.action.as_str(),
                e.detail.as_deref().or(e.subject.as_deref()),
            )
        })
        .collect();
    for expected in [
        (FIRST, "officer-added", Some(SECOND)),
        (SECOND, "case-created", Some(reference.as_str())),
        (FIRST, "case-updated", Some(reference.as_str())),
        (FIRST, "officer-removed", Some(SECOND)),
    ] {
        assert!(actions.contains(&expected), "{expected:?} in {actions:?}");
    }
    assert!(matches!(
        first.verify_audit(),
        Ok(casebook::vault::AuditCheck::Intact { .. })
    ));
}

#[test]
fn a_passphrase_change_locks_out_the_old_passphrase_and_keeps_the_other_officer_in() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let old_header = std::fs::read(dir.path().join("vault.json")).unwrap_or_else(|e| panic!("{e}"));
    let new_passphrase = "velvet lantern quarry moss";
    {
        let mut first = open_as(dir.path(), FIRST, PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
        first
            .change_passphrase(
                &passphrase(),
                &secret(new_passphrase),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(matches!(
        open_as(dir.path(), FIRST, PASSPHRASE),
        Err(Error::WrongPassphrase)
    ));
    drop(open_as(dir.path(), FIRST, new_passphrase).unwrap_or_else(|e| panic!("{e}")));
    // The other officer's passphrase was not needed and still works.
    drop(open_as(dir.path(), SECOND, SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}")));
    // The old header with the old passphrase: the old key, refused.
    std::fs::write(dir.path().join("vault.json"), &old_header).unwrap_or_else(|e| panic!("{e}"));
    let with_old = open_as(dir.path(), FIRST, PASSPHRASE);
    assert!(
        matches!(&with_old, Err(Error::Damaged(m)) if m.contains(DATABASE_REFUSES)),
        "{:?}",
        with_old.err()
    );
}

#[test]
fn removing_is_refused_for_the_last_officer_and_oneself() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    drop(new_vault(dir.path()));
    let pass_file = dir.path().join("pass.txt");
    std::fs::write(&pass_file, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let last = casebook(
        dir.path(),
        &pass_file,
        &["officer", "remove", FIRST, "--yes"],
    );
    assert!(!last.status.success());
    assert!(
        text(&last.stderr).contains("the last officer of a vault cannot be removed"),
        "{}",
        text(&last.stderr)
    );
    drop(Vault::open(dir.path(), &passphrase()).unwrap_or_else(|e| panic!("{e}")));

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let mut second =
        open_as(dir.path(), SECOND, SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    let result = second.remove_officer(SECOND);
    assert!(
        matches!(&result, Err(Error::InvalidSetting(m)) if m.contains("cannot remove themself")),
        "{result:?}"
    );
    assert_eq!(second.officers().unwrap_or_default(), [FIRST, SECOND]);
}

#[test]
fn an_edited_officer_list_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let original = header(dir.path());

    // The second officer's slot deleted by hand: the first officer's
    // passphrase still opens their slot, but the MAC does not verify.
    let mut fewer = original.clone();
    if let Some(slots) = fewer["slots"].as_array_mut() {
        slots.truncate(1);
    }
    write_header(dir.path(), &fewer);
    let result = open_as(dir.path(), FIRST, PASSPHRASE);
    assert!(
        matches!(&result, Err(Error::Damaged(m)) if m.contains(NOT_AN_OFFICERS)),
        "{:?}",
        result.err()
    );

    // A slot added by hand: one of a vault of the editor's own, whose
    // passphrase they know. Neither passphrase gets past the MAC.
    let theirs = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let intruder = casebook::vault::NewVault {
        officer: "M. Intruder".into(),
        ..common::mission()
    };
    drop(
        Vault::create(
            theirs.path(),
            &intruder,
            &secret(SECOND_PASSPHRASE),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}")),
    );
    let mut more = original.clone();
    if let Some(slots) = more["slots"].as_array_mut() {
        slots.push(header(theirs.path())["slots"][0].clone());
    }
    write_header(dir.path(), &more);
    for (name, pass) in [(FIRST, PASSPHRASE), ("M. Intruder", SECOND_PASSPHRASE)] {
        let result = open_as(dir.path(), name, pass);
        assert!(
            matches!(&result, Err(Error::Damaged(m)) if m.contains(NOT_AN_OFFICERS)),
            "{name}: {:?}",
            result.err()
        );
    }

    // The names swapped: the first officer's passphrase does not sign in
    // under the second's name, nor under their own (now another slot).
    let mut swapped = original.clone();
    let first_name = swapped["slots"][0]["officer"].clone();
    swapped["slots"][0]["officer"] = swapped["slots"][1]["officer"].clone();
    swapped["slots"][1]["officer"] = first_name;
    write_header(dir.path(), &swapped);
    for name in [FIRST, SECOND] {
        assert!(matches!(
            open_as(dir.path(), name, PASSPHRASE),
            Err(Error::WrongPassphrase)
        ));
    }

    write_header(dir.path(), &original);
    drop(open_as(dir.path(), FIRST, PASSPHRASE).unwrap_or_else(|e| panic!("{e}")));
}

/// `tests/fixtures/vault-header-v1` was made by Casebook before key slots
/// (commit bae4eef, `Vault::create` with the test passphrase and cheap key
/// derivation, one case added).
#[test]
fn a_vault_of_the_first_header_format_migrates_at_unlock() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixture = common::fixture("vault-header-v1");
    for name in ["vault.json", "casebook.db"] {
        std::fs::copy(fixture.join(name), dir.path().join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(header(dir.path())["version"], 1);
    assert_eq!(
        casebook::vault::officers(dir.path()).unwrap_or_default(),
        [FIRST]
    );
    assert!(matches!(
        Vault::open(dir.path(), &secret(SECOND_PASSPHRASE)),
        Err(Error::WrongPassphrase)
    ));
    assert_eq!(
        header(dir.path())["version"],
        1,
        "a wrong passphrase changes nothing"
    );

    let vault = Vault::open(dir.path(), &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vault.info().officer, FIRST);
    let case = vault
        .get_case("LT-LON-2026-0001")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(case.case.person.family_name.as_deref(), Some("Žemaitytė"));
    assert!(
        vault
            .audit_entries()
            .unwrap_or_default()
            .iter()
            .any(|e| e.action == "key-slots-created" && e.actor == FIRST)
    );
    drop(vault);

    let now = header(dir.path());
    assert_eq!(now["version"], 2);
    assert_eq!(now["slots"].as_array().map(Vec::len), Some(1));
    assert_eq!(now["slots"][0]["officer"], FIRST);
    assert!(now.get("kdf").is_none() && now.get("key").is_none());
    // And it opens again, by name or without, and takes a second officer.
    let mut vault = open_as(dir.path(), FIRST, PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    assert!(vault.integrity_problems().unwrap_or_default().is_empty());
    vault
        .add_officer(
            SECOND,
            &secret(SECOND_PASSPHRASE),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    drop(open_as(dir.path(), SECOND, SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}")));
}

#[test]
fn the_command_line_lists_adds_and_asks_which_officer_signs_in() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    drop(new_vault(&vault_dir));
    let first_file = dir.path().join("first.txt");
    let second_file = dir.path().join("second.txt");
    std::fs::write(&first_file, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&second_file, format!("{SECOND_PASSPHRASE}\n"))
        .unwrap_or_else(|e| panic!("{e}"));

    // One officer: no --officer needed.
    let added = casebook(
        &vault_dir,
        &first_file,
        &[
            "officer",
            "add",
            "--name",
            SECOND,
            "--new-passphrase-file",
            second_file.to_str().unwrap_or_default(),
        ],
    );
    assert!(added.status.success(), "{}", text(&added.stderr));

    // Two: the command stops and names them.
    let list = casebook(&vault_dir, &second_file, &["officer", "list"]);
    assert!(!list.status.success());
    let said = text(&list.stderr);
    assert!(
        said.contains("several officers")
            && said.contains(FIRST)
            && said.contains(SECOND)
            && said.contains("--officer"),
        "{said}"
    );
    let list = casebook(
        &vault_dir,
        &second_file,
        &["--officer", SECOND, "officer", "list"],
    );
    assert!(list.status.success(), "{}", text(&list.stderr));
    assert_eq!(
        text(&list.stdout),
        format!("{FIRST}\n{SECOND}  (signed in)\n")
    );
    // The audit printed names who did what.
    let audit = casebook(&vault_dir, &first_file, &["--officer", FIRST, "audit"]);
    let audit = text(&audit.stdout);
    assert!(
        audit
            .lines()
            .any(|l| l.contains("officer-added") && l.contains(FIRST) && l.contains(SECOND)),
        "{audit}"
    );
    assert!(
        audit
            .lines()
            .any(|l| l.contains("unlock") && l.contains(SECOND)),
        "{audit}"
    );
    // A weak passphrase for a newcomer is refused, as at the first run.
    let weak_file = dir.path().join("weak.txt");
    std::fs::write(&weak_file, "password\n").unwrap_or_else(|e| panic!("{e}"));
    let weak = casebook(
        &vault_dir,
        &first_file,
        &[
            "--officer",
            FIRST,
            "officer",
            "add",
            "--name",
            "P. Kazlauskas",
            "--new-passphrase-file",
            weak_file.to_str().unwrap_or_default(),
        ],
    );
    assert!(!weak.status.success());
    assert!(
        text(&weak.stderr).contains("too weak"),
        "{}",
        text(&weak.stderr)
    );
}

/// A case's owner is its creator (schema 11: no handover yet moves one),
/// in the library and under `record.owner` in `show --json`; a case of a
/// vault made before owners existed is its creator's too.
#[test]
fn a_case_is_owned_by_the_officer_who_created_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let reference = {
        let mut vault =
            open_as(dir.path(), SECOND, SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
        let record = vault
            .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            vault.case_owner(&record.meta.reference).ok().as_deref(),
            Some(SECOND)
        );
        record.meta.reference
    };
    let pass_file = dir.path().join("first.txt");
    std::fs::write(&pass_file, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    // Shown to the other officer as the creator's.
    let shown = casebook(
        dir.path(),
        &pass_file,
        &["--officer", FIRST, "show", &reference, "--json"],
    );
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&shown.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["record"]["owner"], SECOND);
    assert_eq!(json["record"]["created_by"], SECOND);
    // And in the list (review finding 17).
    let listed = casebook(
        dir.path(),
        &pass_file,
        &["--officer", FIRST, "list", "--json"],
    );
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&listed.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json[0]["reference"], reference.as_str());
    assert_eq!(json[0]["owner"], SECOND);

    // A vault of the schema before owners: its case is its creator's.
    let old = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixture = common::fixture("vault-header-v1");
    for name in ["vault.json", "casebook.db"] {
        std::fs::copy(fixture.join(name), old.path().join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    let vault = Vault::open(old.path(), &passphrase()).unwrap_or_else(|e| panic!("{e}"));
    let case = vault
        .get_case("LT-LON-2026-0001")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        vault.case_owner("LT-LON-2026-0001").ok(),
        Some(case.meta.created_by)
    );
}

/// Someone who can write the vault folder while a session is open (a sync
/// client, another account) puts a slot of their own into the header: a
/// slot of a vault they made, whose passphrase they know. No add, removal
/// or passphrase change of that session may sign the file or seal the
/// database key to that slot: each is refused, the file is left as it was
/// found, and the vault's own header, put back, still opens for its
/// officers with every case.
#[test]
fn a_header_changed_while_the_vault_is_open_is_never_signed_or_given_the_key() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let theirs = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let intruder = casebook::vault::NewVault {
        officer: "M. Intruder".into(),
        ..common::mission()
    };
    drop(
        Vault::create(
            theirs.path(),
            &intruder,
            &passphrase(),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}")),
    );
    let planted_slot = header(theirs.path())["slots"][0].clone();

    let mut vault = open_as(dir.path(), FIRST, PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    vault
        .create_case(simple_case("Ona", "Žemaitytė", date(2026, 11, 20)))
        .unwrap_or_else(|e| panic!("{e}"));
    let verified = std::fs::read(dir.path().join("vault.json")).unwrap_or_else(|e| panic!("{e}"));
    let mut edited = header(dir.path());
    edited["slots"]
        .as_array_mut()
        .unwrap_or_else(|| panic!("no slots"))
        .push(planted_slot);
    write_header(dir.path(), &edited);
    let planted = std::fs::read(dir.path().join("vault.json")).unwrap_or_else(|e| panic!("{e}"));

    let cheap = KdfParams::insecure_for_tests();
    let attempts: [(&str, Result<(), Error>); 3] = [
        (
            "add",
            vault.add_officer("R. Rimkus", &secret("quiet harbour lantern sorrel"), cheap),
        ),
        ("remove", vault.remove_officer(SECOND)),
        (
            "change",
            vault.change_passphrase(&passphrase(), &secret("violet canyon oyster maple"), cheap),
        ),
    ];
    for (what, result) in attempts {
        assert!(
            matches!(result, Err(Error::HeaderChanged)),
            "{what}: {result:?}"
        );
        assert_eq!(
            std::fs::read(dir.path().join("vault.json")).unwrap_or_default(),
            planted,
            "{what} rewrote the header"
        );
    }
    assert!(
        Error::HeaderChanged
            .to_string()
            .contains("changed by something else while the vault was open")
    );
    // Nor is the changed file carried into a backup.
    let backup = theirs.path().join("backup.cbk");
    assert!(matches!(
        vault.backup_to(&backup),
        Err(Error::HeaderChanged)
    ));
    assert!(!backup.exists());
    // The session lists the officers it verified, not the planted one.
    assert_eq!(vault.officers().unwrap_or_default(), [FIRST, SECOND]);
    drop(vault);

    // The planted slot opens nothing: its own passphrase meets a MAC it
    // cannot have made.
    assert!(matches!(
        open_as(dir.path(), "M. Intruder", PASSPHRASE),
        Err(Error::Damaged(m)) if m.contains("not written by an officer")
    ));
    // The header the session verified, put back: both officers open, with
    // the case, under the same passphrases (nothing was re-keyed).
    std::fs::write(dir.path().join("vault.json"), &verified).unwrap_or_else(|e| panic!("{e}"));
    for (name, pass) in [(FIRST, PASSPHRASE), (SECOND, SECOND_PASSPHRASE)] {
        let vault = open_as(dir.path(), name, pass).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(vault.get_case("LT-LON-2026-0001").is_ok(), "{name}");
        assert_eq!(vault.officers().unwrap_or_default(), [FIRST, SECOND]);
    }
}

/// The `owner` of a format 1 header is not authenticated: anyone could
/// have edited it. The migration names the slot, and the header's owner,
/// after the database's officer and mission; a name asked for is checked
/// against the database's officer, not that field.
#[test]
fn a_format_1_vault_migrates_under_the_databases_officer_not_its_headers_owner() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixture = common::fixture("vault-header-v1");
    for name in ["vault.json", "casebook.db"] {
        std::fs::copy(fixture.join(name), dir.path().join(name)).unwrap_or_else(|e| panic!("{e}"));
    }
    let mut edited = header(dir.path());
    edited["owner"]["officer"] = "M. Intruder".into();
    edited["owner"]["mission_code"] = "XX-XXX".into();
    write_header(dir.path(), &edited);

    let as_owner = open_as(dir.path(), "M. Intruder", PASSPHRASE);
    assert!(
        matches!(&as_owner, Err(Error::UnknownOfficer { officers, .. }) if officers == &[FIRST]),
        "{:?}",
        as_owner.err()
    );
    assert_eq!(header(dir.path())["version"], 1, "refused before any write");

    let vault = open_as(dir.path(), FIRST, PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vault.info().officer, FIRST);
    assert_eq!(vault.officers().unwrap_or_default(), [FIRST]);
    drop(vault);
    let now = header(dir.path());
    assert_eq!(now["version"], 2);
    assert_eq!(now["slots"][0]["officer"], FIRST);
    assert_eq!(now["owner"]["officer"], FIRST);
    assert_eq!(now["owner"]["mission_code"], "LT-LON");
}

/// One name, one officer: "ė" typed as one character (NFC) or as "e" and a
/// combining dot (NFD) is the same name; a name with characters that do
/// not show (a bidi override, a zero-width space) is refused, when the
/// vault is made and when an officer is added.
#[test]
fn names_are_compared_in_nfc_and_invisible_characters_are_refused() {
    let nfd = "A. Petraite\u{0307}";
    assert_ne!(nfd, SECOND, "the test needs SECOND in NFC");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let mut first = open_as(dir.path(), FIRST, PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    let cheap = KdfParams::insecure_for_tests();
    let again = first.add_officer(nfd, &secret("quiet harbour lantern sorrel"), cheap);
    assert!(
        matches!(&again, Err(Error::InvalidSetting(m)) if m.contains("already an officer")),
        "{again:?}"
    );
    for hidden in [
        "R. Rimkus\u{202E}",
        "R.\u{200B}Rimkus",
        "R. \u{2066}Rimkus\u{2069}",
    ] {
        let added = first.add_officer(hidden, &secret("quiet harbour lantern sorrel"), cheap);
        assert!(
            matches!(&added, Err(Error::InvalidSetting(m)) if m.contains("do not show")),
            "{hidden:?}: {added:?}"
        );
    }
    // A name typed in NFD is stored in NFC.
    first
        .add_officer(
            "R. Rimkuve\u{0307}",
            &secret("quiet harbour lantern sorrel"),
            cheap,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        first.officers().unwrap_or_default(),
        [FIRST, SECOND, "R. Rimkuvė"]
    );
    drop(first);
    // Found by either form, signed in under the stored one.
    let second = open_as(dir.path(), nfd, SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(second.info().officer, SECOND);
    drop(second);

    let made = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let reversed = casebook::vault::NewVault {
        officer: "J. Jonaitis\u{202E}".into(),
        ..common::mission()
    };
    assert!(matches!(
        Vault::create(made.path(), &reversed, &passphrase(), cheap),
        Err(Error::InvalidSetting(m)) if m.contains("do not show")
    ));
    let decomposed = casebook::vault::NewVault {
        officer: nfd.into(),
        ..common::mission()
    };
    let vault = Vault::create(made.path(), &decomposed, &passphrase(), cheap)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(vault.info().officer, SECOND);
    assert_eq!(vault.officers().unwrap_or_default(), [SECOND]);
}

/// `officer remove` from a script (stdin not a terminal) removes nobody
/// without --yes.
#[test]
fn officer_remove_from_a_script_needs_yes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let pass_file = dir.path().join("first.txt");
    std::fs::write(&pass_file, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let asked = casebook(
        dir.path(),
        &pass_file,
        &["--officer", FIRST, "officer", "remove", SECOND],
    );
    assert!(!asked.status.success());
    assert!(
        text(&asked.stderr).contains("--yes (nothing was removed)"),
        "{}",
        text(&asked.stderr)
    );
    assert_eq!(
        casebook::vault::officers(dir.path()).unwrap_or_default(),
        [FIRST, SECOND]
    );
    drop(open_as(dir.path(), SECOND, SECOND_PASSPHRASE).unwrap_or_else(|e| panic!("{e}")));
}

/// Wrong passphrases tried before an unlock are audited under the name of
/// the officer whose passphrase was tried, not charged to whoever signs in.
#[test]
fn failed_unlocks_name_the_officer_tried() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let options = casebook::vault::OpenOptions {
        officer: Some(FIRST.into()),
        failed_attempts: vec![(Some(SECOND.into()), 2), (Some(FIRST.into()), 1)],
        ..casebook::vault::OpenOptions::default()
    };
    let vault =
        Vault::open_with(dir.path(), &passphrase(), options).unwrap_or_else(|e| panic!("{e}"));
    let failed: Vec<(String, Option<String>)> = vault
        .audit_entries()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.action == "failed-unlock")
        .map(|e| (e.actor, e.detail))
        .collect();
    assert_eq!(
        failed,
        [
            (
                FIRST.to_owned(),
                Some(format!(
                    "2 wrong passphrase(s) for {SECOND} before this unlock"
                ))
            ),
            (
                FIRST.to_owned(),
                Some(format!(
                    "1 wrong passphrase(s) for {FIRST} before this unlock"
                ))
            ),
        ]
    );
}

/// `officer hide-list on`: the header says so before unlock; a command
/// without `--officer` is told to give one without the names, a name that
/// is no officer's reads as a wrong passphrase; `off` lists them again.
#[test]
fn officer_hide_list_keeps_the_names_out_of_the_unlock_messages() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_officers(dir.path());
    let pass_file = dir.path().join("pass.txt");
    std::fs::write(&pass_file, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let vault = dir.path();

    let on = casebook(
        vault,
        &pass_file,
        &["--officer", FIRST, "officer", "hide-list", "on"],
    );
    assert!(on.status.success(), "{}", text(&on.stderr));
    assert!(casebook::vault::officer_list_hidden(vault).unwrap_or(false));
    assert_eq!(
        header(vault)["hide_officers"],
        serde_json::Value::Bool(true)
    );

    let unnamed = casebook(vault, &pass_file, &["officer", "list"]);
    let said = text(&unnamed.stderr);
    assert!(!unnamed.status.success());
    assert!(
        said.contains("several officers: give --officer NAME"),
        "{said}"
    );
    assert!(!said.contains(SECOND) && !said.contains(FIRST), "{said}");
    let nobody = casebook(
        vault,
        &pass_file,
        &["--officer", "Nobody", "officer", "list"],
    );
    let said = text(&nobody.stderr);
    assert!(said.contains("wrong passphrase"), "{said}");
    assert!(!said.contains(SECOND), "{said}");

    let off = casebook(
        vault,
        &pass_file,
        &["--officer", FIRST, "officer", "hide-list", "off"],
    );
    assert!(off.status.success(), "{}", text(&off.stderr));
    let unnamed = casebook(vault, &pass_file, &["officer", "list"]);
    assert!(text(&unnamed.stderr).contains(SECOND));
    let audit = casebook(vault, &pass_file, &["--officer", FIRST, "audit"]);
    let listed = text(&audit.stdout);
    assert!(
        listed.contains("officer-list-hidden") && listed.contains("officer-list-shown"),
        "{listed}"
    );
}
