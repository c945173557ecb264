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
    match git(&["rev-parse", "--git-path", "HEAD"]) {
        Some(head) => println!("cargo:rerun-if-changed={head}"),
        // No Git here (a copy of the tree, or git missing): a path that
        // does not exist runs this script again at every build, so that a
        // copy built into a shared target folder does not leave "unknown
        // commit" to the checkout that shares it.
        None => println!("cargo:rerun-if-changed=.git/HEAD"),
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &reference])
        // A packed reference has no file of its own; a path that does not
        // exist would run this script on every build.
        && std::path::Path::new(&path).is_file()
    {
        println!("cargo:rerun-if-changed={path}");
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
