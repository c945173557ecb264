//! `reassign`: cases handed over from one officer to another, with a note
//! kept in each case's handovers (never in the audit log). The library
//! does the work and its checks (`vault::handover`).

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, Result, bail};
use clap::Args;
use zeroize::Zeroizing;

use crate::vault::{Handing, Vault};

// `reassign`'s arguments (the command's help is the variant's).
#[derive(Debug, Args)]
pub struct ReassignArgs {
    /// The cases, by id or reference.
    #[arg(
        value_name = "ID|REFERENCE",
        required_unless_present = "from",
        conflicts_with = "from"
    )]
    pub cases: Vec<String>,
    /// Instead of naming cases: every open case of this officer (a removed
    /// officer's name is taken too).
    #[arg(long, value_name = "NAME")]
    pub from: Option<String>,
    /// The officer who takes the cases over (a current officer of the vault).
    #[arg(long, value_name = "NAME")]
    pub to: String,
    /// A handover note, kept with each case inside the vault. Given here it
    /// stays in the shell's history and shows in the process list: give `-`
    /// to type it when asked, or to pipe it in.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

/// `reassign ID|REFERENCE... --to NAME [--note TEXT]` or
/// `reassign --from NAME --to NAME [--note TEXT]`
pub(super) fn reassign(vault: &mut Vault, args: ReassignArgs) -> Result<()> {
    let ReassignArgs {
        cases,
        from,
        to,
        note,
    } = args;
    let note = match note {
        Some(note) if note == "-" => Some(read_note()?),
        Some(note) => Some(Zeroizing::new(note)),
        None => None,
    };
    let handing = match from {
        Some(from) => Handing::OpenCasesOf(from),
        None => Handing::Cases(cases),
    };
    let done = vault.reassign(&handing, &to, note.as_deref().map(String::as_str))?;
    let cases = |n: u64| if n == 1 { "case" } else { "cases" };
    print!(
        "Handed {} {} over to {}",
        done.moved,
        cases(done.moved),
        done.to
    );
    if done.unchanged > 0 {
        print!(
            " ({} {} theirs already, left as {})",
            done.unchanged,
            if done.unchanged == 1 { "was" } else { "were" },
            if done.unchanged == 1 {
                "it was"
            } else {
                "they were"
            }
        );
    }
    println!(".");
    Ok(())
}

/// The note from the terminal (asked for) or the first line of standard
/// input; wiped after the handover.
fn read_note() -> Result<Zeroizing<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Handover note: ");
        std::io::stderr().flush().ok();
    }
    let mut line = Zeroizing::new(String::with_capacity(4096));
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the handover note from standard input")?;
    let note = line.trim();
    if note.is_empty() {
        bail!("no handover note: type it when asked, or leave out --note");
    }
    Ok(Zeroizing::new(note.to_owned()))
}
