//! The commission's reply: writing it at the commission, receiving it at a
//! mission, and the mission's exports with what the commission confirmed.

use std::path::Path;

use anyhow::Result;

use crate::domain::day_of as date;
use crate::exchange::reply;
use crate::exchange::reply::format::shown;
use crate::vault::Vault;

/// `reply --mission CODE --out FILE`
pub(super) fn write(vault: &mut Vault, mission: &str, out: &Path) -> Result<()> {
    let summary = reply::reply(vault, mission, out, false)?;
    println!(
        "Reply to {} written to {}: {} exports confirmed (highest {}), {} versions set aside, directory version {}, {} guidance notes",
        summary.mission,
        out.display(),
        summary.receipts,
        summary.highest_sequence,
        summary.set_aside,
        summary.directory_version,
        summary.guidance_notes
    );
    if summary.erased > 0 {
        println!(
            "It names {} cases of {} the commission erased itself.",
            summary.erased, summary.mission
        );
    }
    if summary.refused_by_older_missions() {
        println!(
            "Reply format {}: a mission on an older build of Casebook refuses it until it upgrades to {} or later (nothing changes there until then).",
            summary.version,
            env!("CARGO_PKG_VERSION")
        );
    } else {
        println!(
            "Reply format {}: every build of Casebook reads it.",
            summary.version
        );
    }
    Ok(())
}

/// `receive FILE`
pub(super) fn receive(vault: &mut Vault, file: &Path) -> Result<()> {
    let received = reply::receive(vault, file)?;
    let applied = &received.applied;
    if let Some(at) = &applied.already_received_at {
        println!("This reply was received before, on {at}; nothing changed.");
        print_pending(&received);
        print_own_key_events(vault)?;
        return Ok(());
    }
    println!(
        "Reply of {} received: {} exports newly confirmed ({} in the reply), directory version {}{}, {} new guidance notes",
        received.created_at,
        applied.newly_confirmed,
        received.receipts,
        applied.directory_version,
        if applied.directory_updated {
            " (updated)"
        } else {
            ""
        },
        applied.new_notes
    );
    if applied.withdrawn_notes > 0 {
        println!(
            "{} guidance notes withdrawn by the commission (no longer shown)",
            applied.withdrawn_notes
        );
    }
    if applied.newly_erased_at_commission > 0 {
        println!(
            "The commission erased {} more cases of this mission (past their erase-after date); casebook exports lists them",
            applied.newly_erased_at_commission
        );
    }
    print_pending(&received);
    print_own_key_events(vault)?;
    Ok(())
}

/// What the commission's replies said of this mission's own keys, and
/// whether its own rotated key still waits for a backup.
fn print_own_key_events(vault: &Vault) -> Result<()> {
    if vault.signing_key_unbacked()? {
        println!(
            "This mission's signing key was replaced and no backup holds the new key yet: nothing is exported until a backup is written (backup --out FILE, or Settings → Backup, Back up now, in the window)."
        );
    }
    for event in vault.own_key_events()? {
        let done = if event.event == "mission-key-revoked" {
            "revoked"
        } else {
            "replaced"
        };
        let accepted = match event.accepted_through {
            Some(n) => format!(
                "exports it signed up to number {n}{} that have not arrived are still accepted",
                event
                    .epoch
                    .as_deref()
                    .map(|e| format!(" (restore epoch {e})"))
                    .unwrap_or_default()
            ),
            None => "no export it signs is accepted any more".to_owned(),
        };
        println!(
            "The commission {done} this mission's key {} on {}; {accepted}.",
            event.fingerprint,
            shown(date(&event.at))
        );
    }
    Ok(())
}

/// A new key of the commission a reply announced: never taken without an
/// officer comparing its fingerprint by phone.
fn print_pending(received: &reply::Received) {
    if let Some(fingerprint) = &received.pending_commission_key {
        println!(
            "The commission announces a new key, endorsed by the key stored here: {fingerprint}. Exports stay encrypted to the stored key until you compare this fingerprint with the commission by phone and run: casebook set-commission-key --accept-rotation \"{fingerprint}\""
        );
    }
}

/// `exports [--json]`: the exports, each with the date the commission
/// confirmed it; the JSON is an array of exports.
pub(super) fn exports(vault: &mut Vault, json: bool) -> Result<()> {
    let exports = vault.sent_exports()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&exports)?);
        return Ok(());
    }
    for export in &exports {
        let confirmed = match &export.confirmed_at {
            Some(at) => format!("received by the commission on {}", shown(date(at))),
            None => "not yet confirmed".to_owned(),
        };
        let withdrawals = super::exports::consent_withdrawals(export.withdrawals);
        println!(
            "{:>5}  {}  {:<11}  {} cases, {} erasures{withdrawals}  {confirmed}",
            export.sequence,
            date(&export.created_at),
            export.kind,
            export.cases,
            export.erasures,
        );
    }
    if exports.is_empty() {
        println!("No export made yet.");
    }
    let set_aside = vault.set_aside_by_commission().map(|v| v.len());
    match set_aside {
        Ok(0) => {}
        Ok(n) => println!(
            "Versions of this mission's cases set aside by the commission: {n} (exports --set-aside lists them)."
        ),
        Err(e) => println!("The versions the commission set aside could not be read: {e}"),
    }
    let erased = vault.erased_at_commission()?;
    if !erased.is_empty() {
        println!(
            "The commission erased {} cases of this mission (past their erase-after date); it takes no update of them, and they are never kept as stubs:",
            erased.len()
        );
        print_erased(&erased);
    }
    Ok(())
}

/// One line per case the commission erased: its reference and the day.
fn print_erased(erased: &[crate::vault::ErasedAtCommission]) {
    for case in erased {
        println!(
            "  {}  erased on {}",
            shown(&case.reference),
            date(&case.erased_at)
        );
    }
}

/// `exports --set-aside [--json]`: the versions of the mission's cases the
/// commission set aside, oldest first. The commission does not say which
/// export brought each of those, so they are listed for the mission, each
/// with the date of the reply that first named it. The JSON is an array
/// of versions, a missing value `null`.
pub(super) fn set_aside(vault: &mut Vault, json: bool) -> Result<()> {
    let set_aside = vault.set_aside_by_commission()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&set_aside)?);
        return Ok(());
    }
    if set_aside.is_empty() {
        println!("The commission set aside no version of this mission's cases.");
        return Ok(());
    }
    println!(
        "Set aside by the commission (it holds another version of the same revision; ask the commission which version it holds):"
    );
    for version in &set_aside {
        let revision = version
            .revision
            .map(|r| format!("revision {r}"))
            .unwrap_or_else(|| "revision not known".to_owned());
        let said = version
            .reply_of
            .as_deref()
            .map(|at| format!("reply of {}", shown(date(at))))
            .unwrap_or_else(|| "reply date not known".to_owned());
        let resolved = if version.resolved {
            "  (settled by the commission)"
        } else {
            ""
        };
        println!(
            "  {}  {revision}  {said}{resolved}",
            shown(&version.reference)
        );
    }
    Ok(())
}

/// `exports --erased [--json]`: the mission's cases the commission said
/// it erased, oldest erasure first. The JSON is an array of
/// `{reference, erased_at}`.
pub(super) fn erased(vault: &mut Vault, json: bool) -> Result<()> {
    let erased = vault.erased_at_commission()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&erased)?);
        return Ok(());
    }
    if erased.is_empty() {
        println!("The commission erased no case of this mission.");
        return Ok(());
    }
    print_erased(&erased);
    Ok(())
}

/// `directory [--set FILE] [--json]`
pub(super) fn directory(vault: &mut Vault, set: Option<&Path>, json: bool) -> Result<()> {
    if let Some(file) = set {
        let directory = reply::set_directory(vault, file)?;
        println!(
            "Directory version {} stored: {} organisations; replies carry it from now on.",
            directory.version,
            directory.organisations.len()
        );
        return Ok(());
    }
    let directory = reply::directory(vault)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&directory)?);
        return Ok(());
    }
    if directory.version == 0 {
        println!("No referral directory yet.");
        return Ok(());
    }
    println!("Referral directory, version {}", directory.version);
    for organisation in &directory.organisations {
        let services: Vec<&str> = organisation.services.iter().map(|s| s.as_str()).collect();
        let line = format!(
            "{} ({}), {}{}: {}{}{}",
            organisation.name,
            organisation.kind,
            organisation.country,
            organisation
                .city
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default(),
            services.join(", "),
            organisation
                .phone
                .as_deref()
                .map(|p| format!("; {p}"))
                .unwrap_or_default(),
            organisation
                .email
                .as_deref()
                .map(|e| format!("; {e}"))
                .unwrap_or_default(),
        );
        // Checked when stored; escaped again here, as the last guard of
        // the terminal.
        println!("{}", shown(&line));
    }
    Ok(())
}

type NewNote = (Option<chrono::NaiveDate>, Option<String>, Option<String>);

/// `guidance --withdraw ID`: says, as the window's question does, that
/// every later reply is format 2 (docs/export-format.md, "Versions").
pub(super) fn withdraw_guidance(vault: &mut Vault, id: &str) -> Result<()> {
    reply::withdraw_guidance(vault, id)?;
    println!(
        "Guidance note {} withdrawn; replies tell the missions to hide it from now on.",
        shown(id)
    );
    println!(
        "From now on every reply to every mission is written in reply format 2. A mission whose Casebook is older than reply format 2 refuses such a reply, and with it the receipts and key changes it carries, until it upgrades: make sure every mission has upgraded."
    );
    Ok(())
}

/// `guidance [--add [--date DATE] [--lt TEXT] [--en TEXT]] [--json]`
pub(super) fn guidance(vault: &mut Vault, add: Option<NewNote>, json: bool) -> Result<()> {
    if let Some((date, lt, en)) = add {
        let date = date.unwrap_or_else(crate::domain::today);
        let note = reply::add_guidance(vault, date, lt, en)?;
        println!(
            "Guidance note {} added; replies carry it from now on.",
            note.id
        );
        return Ok(());
    }
    let notes = reply::guidance(vault)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&notes)?);
    } else if notes.is_empty() {
        println!("No guidance notes.");
    } else {
        for note in &notes {
            let mark = if note.read { "   " } else { "new" };
            println!("{mark} {} ({})", note.note.date, shown(&note.note.id));
            for (language, text) in [("lt", &note.note.lt), ("en", &note.note.en)] {
                if let Some(text) = text {
                    println!("    [{language}] {}", shown(text).replace('\n', "\n    "));
                }
            }
        }
    }
    // Only an officer reading the list marks the notes read; a script
    // reading --json leaves them new for the officer.
    if !json && vault.info().role == crate::vault::Role::Mission {
        vault.mark_guidance_read()?;
    }
    Ok(())
}
