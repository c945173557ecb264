//! After a scripted session through the command line (add a case, search,
//! show, export, backup, erase, import at the commission), a canary string
//! from the case appears in no file the application wrote: vault folders,
//! export, backup, the temp folder and the home folder it was given.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

const CANARY: &str = "Zvaigzdute-Canary-7Q";

fn run(root: &Path, vault: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_casebook"))
        .arg("--vault")
        .arg(root.join(vault))
        .arg("--passphrase-file")
        .arg(root.join("pass.txt"))
        .args(args)
        .env_remove("CASEBOOK_VAULT")
        .env("TMPDIR", root.join("tmp"))
        .env("HOME", root.join("home"))
        .env("XDG_DATA_HOME", root.join("home/data"))
        .env("XDG_CACHE_HOME", root.join("home/cache"))
        .env("XDG_CONFIG_HOME", root.join("home/config"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run casebook: {e}"));
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_canary_from_a_case_is_in_no_file_after_a_whole_session() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    for folder in ["tmp", "home", "out"] {
        std::fs::create_dir_all(root.join(folder)).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(root.join("pass.txt"), format!("{PASSPHRASE}\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(new_commission_vault(&root.join("commission")));
    drop(new_vault(&root.join("mission")));

    // The case to add lives outside the scanned folder, as a file an officer
    // would not keep; its name and notes carry the canary.
    let input = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut case: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("case-full.json")).unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    case["person"]["given_name"] = CANARY.into();
    case["notes"] = format!("Met with {CANARY} at the consulate").into();
    let json = input.path().join("case.json");
    std::fs::write(&json, case.to_string()).unwrap_or_else(|e| panic!("{e}"));

    let key = root.join("out/commission.pub");
    run(
        root,
        "commission",
        &[
            "commission-key",
            "--out",
            key.to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
        ],
    );
    run(
        root,
        "mission",
        &[
            "set-commission-key",
            key.to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
        ],
    );
    let added = run(
        root,
        "mission",
        &[
            "add",
            "--json",
            json.to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
        ],
    );
    let reference = added
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    drop(input);
    assert!(run(root, "mission", &["search", "zvaigzdute"]).contains(&reference));
    assert!(run(root, "mission", &["show", &reference, "--json"]).contains(CANARY));
    let export = root.join("out/export.age");
    let exported = run(
        root,
        "mission",
        &[
            "export",
            "--out",
            export
                .to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
        ],
    );
    let fingerprint = exported
        .lines()
        .find_map(|line| line.strip_prefix("Signed with mission key"))
        .unwrap_or_else(|| panic!("no such line"))
        .trim()
        .to_owned();
    let backup = root.join("out/mission.cbk");
    run(
        root,
        "mission",
        &[
            "backup",
            "--out",
            backup
                .to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
        ],
    );
    run(
        root,
        "commission",
        &[
            "import",
            export
                .to_str()
                .unwrap_or_else(|| panic!("the path is not UTF-8")),
            "--approve-new-mission",
            &format!("LT-LON:{fingerprint}"),
        ],
    );
    assert!(run(root, "commission", &["show", &reference, "--json"]).contains(CANARY));
    run(root, "mission", &["erase", &reference, "--yes"]);
    let csv = run(root, "commission", &["stats", "--by", "gender", "--csv"]);
    std::fs::write(root.join("out/stats.csv"), csv).unwrap_or_else(|e| panic!("{e}"));

    let written = files_in(root);
    assert!(
        written.len() > 10,
        "the session wrote its files: {}",
        written.len()
    );
    let leaks: Vec<_> = written
        .iter()
        .filter(|(_, bytes)| {
            contains(bytes, CANARY.as_bytes()) || contains(bytes, "zvaigzdute".as_bytes())
        })
        .map(|(path, _)| path.clone())
        .collect();
    assert!(leaks.is_empty(), "the canary is in {leaks:?}");
}
