//! `reassign`: cases handed over from one officer to another, with a note
//! kept in each case's handovers (never in the audit log). The library
//! does the work and its checks (`vault::handover`).

use std::io::{IsTerminal, Read, Write};

use anyhow::{Context, Result, bail};
use clap::Args;
use zeroize::Zeroizing;

use crate::vault::{Handing, MAX_NOTE_CHARS, Vault};

// `reassign`'s arguments (the command's help is the variant's).
#[derive(Args)]
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

/// Never prints the note (case content).
impl std::fmt::Debug for ReassignArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReassignArgs")
            .field("cases", &self.cases.len())
            .field("from", &self.from.is_some())
            .field("note", &self.note.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
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

/// The most bytes a note of [`MAX_NOTE_CHARS`] characters takes in UTF-8.
const MAX_NOTE_BYTES: usize = 4 * MAX_NOTE_CHARS;

/// The note from the terminal (asked for: one line) or all of standard
/// input (every line kept), read into a buffer sized once for the longest
/// note and wiped after the handover, so that no copy is left behind by a
/// buffer that grew. A note longer than [`MAX_NOTE_CHARS`] is refused,
/// never cut.
fn read_note() -> Result<Zeroizing<String>> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    if terminal {
        eprint!("Handover note: ");
        std::io::stderr().flush().ok();
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(MAX_NOTE_BYTES + 1));
    let mut limited = stdin.lock().take(MAX_NOTE_BYTES as u64 + 1);
    if terminal {
        // One line typed: read up to the newline, byte by byte, into the
        // buffer sized already.
        let mut byte = [0u8; 1];
        while bytes.len() <= MAX_NOTE_BYTES
            && limited
                .read(&mut byte)
                .context("cannot read the handover note")?
                == 1
            && byte[0] != b'\n'
        {
            bytes.push(byte[0]);
        }
    } else {
        limited
            .read_to_end(&mut bytes)
            .context("cannot read the handover note from standard input")?;
    }
    let too_long = || anyhow::anyhow!("a handover note holds at most {MAX_NOTE_CHARS} characters");
    if bytes.len() > MAX_NOTE_BYTES {
        return Err(too_long());
    }
    let text = std::str::from_utf8(&bytes).context("the handover note is not UTF-8 text")?;
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(too_long());
    }
    let note = text.trim();
    if note.is_empty() {
        bail!("no handover note: type it when asked, or leave out --note");
    }
    Ok(Zeroizing::new(note.to_owned()))
}
