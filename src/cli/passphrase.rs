//! Passphrases at the command line: the first line of a file, or typed at
//! the terminal without echo; never an argument, never printed.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use secrecy::SecretString;
use zeroize::Zeroizing;

/// From `file` if given, else asked at the terminal with `prompt`.
pub(super) fn read(file: Option<&Path>, prompt: &str) -> Result<SecretString> {
    match file {
        Some(file) => read_file(file),
        None => prompt_for(prompt),
    }
}

/// A new passphrase: from `file` if given, else typed twice.
pub(super) fn new(file: Option<&Path>) -> Result<SecretString> {
    match file {
        Some(file) => read_file(file),
        None => prompt_new(),
    }
}

/// The first line of `file`, without its line ending.
pub(super) fn read_file(file: &Path) -> Result<SecretString> {
    let bytes = Zeroizing::new(
        std::fs::read(file)
            .with_context(|| format!("cannot read the passphrase file {}", file.display()))?,
    );
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| anyhow!("the passphrase file {} is not UTF-8 text", file.display()))?;
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        bail!("the passphrase file {} is empty", file.display());
    }
    Ok(SecretString::from(line.to_owned()))
}

fn prompt_for(prompt: &str) -> Result<SecretString> {
    if !std::io::stdin().is_terminal() {
        bail!("no passphrase: give --passphrase-file FILE or run in a terminal");
    }
    let typed =
        Zeroizing::new(rpassword::prompt_password(prompt).context("cannot read the passphrase")?);
    Ok(SecretString::from(typed.as_str().to_owned()))
}

fn prompt_new() -> Result<SecretString> {
    let first = prompt_for("New passphrase: ")?;
    let second = prompt_for("Type it again: ")?;
    if secrecy::ExposeSecret::expose_secret(&first) != secrecy::ExposeSecret::expose_secret(&second)
    {
        bail!("the two passphrases differ");
    }
    Ok(first)
}
