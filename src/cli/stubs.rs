//! Keeping less at the mission (`vault::stubs`): `stubs` (the setting, and
//! reducing the confirmed closed cases to stubs) and `erase-due` (the cases
//! past their erase-after date).

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{Result, bail};
use clap::Args;

use crate::exchange::reply::format::shown;
use crate::vault::Vault;

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("confirmed").args(["apply", "withdraw_consent"]).multiple(true))]
pub struct StubsArgs {
    /// Keep only a stub of closed cases older than N months once the
    /// commission has confirmed them (turns the setting on).
    #[arg(long, value_name = "N", conflicts_with = "off")]
    after_months: Option<u32>,
    /// Turn the setting off (the default): cases are kept whole.
    #[arg(long)]
    off: bool,
    /// Reduce the cases now, after the months set (or given).
    #[arg(long)]
    apply: bool,
    /// With --apply: list what would be reduced, change nothing.
    #[arg(long, requires = "apply")]
    dry_run: bool,
    /// The person of stub REF withdrew their consent to identifiable
    /// sharing: the next export tells the commission to redact what it
    /// holds of the case.
    #[arg(long, value_name = "REF", conflicts_with_all = ["after_months", "off", "apply"])]
    withdraw_consent: Option<String>,
    /// With --withdraw-consent: retract the withdrawn consent recorded for
    /// REF by mistake, while no export has carried it yet.
    #[arg(long, requires = "withdraw_consent")]
    retract: bool,
    /// With --apply or --withdraw-consent: go ahead without asking (needed
    /// without a terminal).
    #[arg(long, requires = "confirmed")]
    yes: bool,
    #[arg(long)]
    json: bool,
}

/// Asks on a terminal for "yes" before what cannot be undone; without a
/// terminal (a script), only `--yes` confirms.
fn confirmed(question: &str, yes: bool) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        bail!("{question} Not done: give --yes to confirm without a terminal.");
    }
    eprint!("{question}\nType yes to confirm: ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if answer.trim() != "yes" {
        bail!("not confirmed; nothing was changed");
    }
    Ok(())
}

/// `stubs [--after-months N | --off] [--apply [--dry-run]] [--json]`
pub(super) fn stubs(vault: &mut Vault, args: StubsArgs) -> Result<()> {
    if let Some(reference) = &args.withdraw_consent {
        if vault.info().role != crate::vault::Role::Mission {
            bail!(
                "only the mission that holds the stub records or retracts a withdrawn consent; the commission applies it when it imports the export"
            );
        }
        if args.retract {
            return retract(vault, reference, args.json);
        }
        return withdraw_consent(vault, reference, args.yes, args.json);
    }
    if args.apply && !args.dry_run && !args.off {
        let months = args
            .after_months
            .or(vault.stub_after_months()?)
            .unwrap_or(0);
        let count = match months {
            0 => 0,
            m => vault.stub_candidates(m, crate::domain::today())?.len(),
        };
        if count > 0 {
            confirmed(
                &format!(
                    "Reduce {count} closed cases to stubs? Their person data, account and notes are deleted from this vault for good; the commission keeps the full record."
                ),
                args.yes,
            )?;
        }
    }
    if args.off {
        vault.set_stub_after_months(None)?;
        println!("Stubs: off; cases are kept whole.");
    } else if let Some(months) = args.after_months
        && !(args.apply && args.dry_run)
    {
        vault.set_stub_after_months(Some(months))?;
        println!(
            "Stubs: closed cases older than {months} months are kept as stubs once the commission has confirmed them."
        );
    }
    let months = match args.after_months.or(vault.stub_after_months()?) {
        Some(months) if !args.off => months,
        _ => {
            if args.apply {
                bail!("the setting is off: give --after-months N");
            }
            if !args.off {
                println!(
                    "Stubs: off; cases are kept whole ({} stubs kept).",
                    vault.stub_count()?
                );
            }
            return Ok(());
        }
    };
    let today = crate::domain::today();
    if args.apply && !args.dry_run {
        let reduced = vault.reduce_to_stubs(months, today)?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&reduced)?);
        } else {
            println!("{} cases reduced to stubs", reduced.len());
            for reference in reduced {
                println!("  {reference}");
            }
        }
        return Ok(());
    }
    let candidates = vault.stub_candidates(months, today)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&candidates)?);
        return Ok(());
    }
    println!(
        "{} cases would be reduced to stubs (closed, older than {months} months, confirmed by the commission); {} stubs kept",
        candidates.len(),
        vault.stub_count()?
    );
    for candidate in candidates {
        println!(
            "  {}  last {}",
            candidate.reference, candidate.last_activity
        );
    }
    Ok(())
}

/// `stubs --withdraw-consent REF [--yes] [--json]`
fn withdraw_consent(vault: &mut Vault, reference: &str, yes: bool, json: bool) -> Result<()> {
    if let Some(known) = vault.consent_withdrawal(reference)? {
        bail!(
            "the withdrawn consent for {} was recorded on {} by {}; nothing to do",
            shown(&known.reference),
            shown(crate::domain::day_of(&known.withdrawn_at)),
            shown(&known.withdrawn_by)
        );
    }
    if !vault.is_stub(reference)? {
        bail!(
            "case {reference} is not a stub: record the withdrawn consent in the case itself (casebook edit); its next export travels redacted"
        );
    }
    // A stub holds no name: its reference and dates are what the officer
    // checks against the person before this.
    let stub = vault.get_case(reference)?;
    let last = stub.case.last_contact();
    confirmed(
        &format!(
            "Record that the person of {} (first contact {}, {}, last contact {last}) withdrew consent to identifiable sharing? The next export tells the commission to redact what it holds of this case, for good. Until that export you can retract it (--withdraw-consent {} --retract); once exported it cannot be undone, and no record of the person's identity then remains anywhere: this mission keeps only the stub.",
            stub.meta.reference,
            stub.case.first_contact.date,
            stub.case.status,
            stub.meta.reference,
        ),
        yes,
    )?;
    let withdrawal = vault.withdraw_stub_consent(reference)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&withdrawal)?);
    } else {
        println!(
            "Consent withdrawn for {}: the next export (casebook export) tells the commission to redact its record. Until then, --withdraw-consent REF --retract undoes it.",
            withdrawal.reference
        );
    }
    Ok(())
}

/// `stubs --withdraw-consent REF --retract [--json]`
fn retract(vault: &mut Vault, reference: &str, json: bool) -> Result<()> {
    let retracted = vault.retract_stub_consent_withdrawal(reference)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&retracted)?);
    } else {
        println!(
            "The withdrawn consent for {} is retracted: no export carries it.",
            retracted.reference
        );
    }
    Ok(())
}

/// After a reply is received: what the setting asks for, if it is on.
/// The reply is applied and committed by then: a reduction that fails is a
/// warning, not a failed receive.
pub(super) fn after_receive(vault: &mut Vault) -> Result<()> {
    let reduced = match vault.reduce_to_stubs_if_set(crate::domain::today()) {
        Ok(reduced) => reduced,
        Err(e) => {
            eprintln!(
                "warning: the reply was received, but keeping stubs failed ({e}); `casebook stubs --apply` tries again"
            );
            return Ok(());
        }
    };
    if !reduced.is_empty() {
        println!(
            "{} closed cases the commission confirmed are now kept as stubs: {}",
            reduced.len(),
            reduced.join(", ")
        );
    }
    Ok(())
}

/// `erase-due [--apply [--yes]] [--json]`
pub(super) fn erase_due(vault: &mut Vault, apply: bool, yes: bool, json: bool) -> Result<()> {
    let today = crate::domain::today();
    let due = vault.erasures_due(today)?;
    if json && !apply {
        println!("{}", serde_json::to_string_pretty(&due)?);
        return Ok(());
    }
    if !apply {
        println!("{} cases past their erase-after date", due.len());
        for case in &due {
            println!("  {}  erase after {}", case.reference, case.erase_after);
        }
        return Ok(());
    }
    if due.is_empty() {
        println!("No case is past its erase-after date.");
        return Ok(());
    }
    confirmed(
        &format!(
            "Erase {} cases past their erase-after date for good? Their content cannot be recovered; a tombstone without personal data is kept for each.",
            due.len()
        ),
        yes,
    )?;
    let tombstones = vault.erase_due(today)?;
    println!("Erased {} cases", tombstones.len());
    for tombstone in tombstones {
        println!("  {}", tombstone.reference);
    }
    Ok(())
}
