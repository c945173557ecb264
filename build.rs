//! Records the commit Casebook is built from, for `casebook --version`:
//! `CASEBOOK_COMMIT` from the environment (a source archive without Git),
//! else `git rev-parse`, else "unknown commit".

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=CASEBOOK_COMMIT");
    let commit = std::env::var("CASEBOOK_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(git_commit)
        .unwrap_or_else(|| "unknown commit".to_owned());
    println!("cargo:rustc-env=CASEBOOK_COMMIT={commit}");
    // Built again when HEAD moves (a checkout, or a commit on the branch).
    // Absolute paths: a copy of the tree built into the same target
    // folder (its units hash alike) must not leave its answer to this
    // checkout, nor this checkout's to it; outside Git the path does not
    // exist, and the script runs again at every build.
    let root = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let head = git(&["rev-parse", "--git-path", "HEAD"]).unwrap_or_else(|| ".git/HEAD".to_owned());
    println!("cargo:rerun-if-changed={}", root.join(head).display());
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &reference])
        // A packed reference has no file of its own; a path that does not
        // exist would run this script on every build.
        && root.join(&path).is_file()
    {
        println!("cargo:rerun-if-changed={}", root.join(path).display());
    }
}

fn git_commit() -> Option<String> {
    git(&["rev-parse", "--short=12", "HEAD"]).map(|c| format!("commit {c}"))
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}
