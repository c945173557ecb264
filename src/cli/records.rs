//! Commands on case records: add, show, list, search, erase.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use zeroize::Zeroizing;

use super::{ListArgs, SortArg};
use crate::domain::{Case, CaseRecord, CaseStatus, ExploitationType, TraffickingStatus};
use crate::vault::{self, ListQuery, SortKey, Vault};

/// `add --json FILE`
pub(super) fn add(vault: &mut Vault, json: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(json).with_context(|| format!("cannot read {}", json.display()))?;
    let case = Case::from_json(&text)?;
    let record = vault.create_case(case)?;
    println!("{} {}", record.meta.id, record.meta.reference);
    Ok(())
}

/// `show CASE [--json]`
pub(super) fn show(vault: &mut Vault, case: &str, json: bool) -> Result<()> {
    let record = vault.view_case(case)?;
    let id = record.meta.id.to_string();
    let owner = vault.case_owner(&id)?;
    let handovers = vault.case_handovers(&id)?;
    if json {
        let mut value = record_json(&record);
        if let Some(meta) = value.get_mut("record").and_then(|r| r.as_object_mut()) {
            meta.insert("owner".into(), owner.into());
            // The case's history of owners, notes included (`vault::handover`).
            meta.insert("handovers".into(), serde_json::to_value(&handovers)?);
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        print_record(&record);
        println!("  Owner:             {owner}");
        for handover in &handovers {
            println!(
                "  Handed over:       {} by {}, from {} to {}{}",
                handover.at.format("%Y-%m-%d %H:%M"),
                handover.by,
                handover.from,
                handover.to,
                if handover.note.is_some() { ":" } else { "" }
            );
            // Each line of the note under it, indented; a character that
            // does not show (an escape sequence, a bidi override from a
            // note stored before notes were checked) is printed escaped,
            // never sent to the terminal.
            for line in handover.note.as_deref().unwrap_or_default().lines() {
                println!("                     {}", vault::escaped(line));
            }
        }
    }
    Ok(())
}

/// `list [filters] [--sort ...] [--json]`
pub(super) fn list(vault: &mut Vault, args: ListArgs) -> Result<()> {
    let ListArgs {
        json,
        status,
        due,
        trafficking_status,
        form,
        from,
        to,
        owner,
        mine,
        sort,
        ascending,
        limit,
        offset,
    } = args;
    let status = parse_status(status.as_deref())?;
    let owner = match (owner, mine) {
        (_, true) => Some(vault.info().officer.clone()),
        (Some(name), false) => Some(vault.owner_named(&name)?),
        (None, false) => None,
    };
    let (total, mut rows) = if due {
        let rows = vault.due_cases(crate::domain::today())?;
        // Counted once filtered (below).
        (String::new(), rows)
    } else {
        let query = ListQuery {
            status,
            trafficking_status: parse_vocab(
                trafficking_status.as_deref(),
                "trafficking status",
                TraffickingStatus::from_name,
                TraffickingStatus::ALL,
            )?,
            form: parse_vocab(
                form.as_deref(),
                "form of exploitation",
                ExploitationType::from_name,
                ExploitationType::ALL,
            )?,
            contact_from: from,
            contact_to: to,
            owner: owner.clone(),
            sort: match sort {
                SortArg::Reference => SortKey::Reference,
                SortArg::FirstContact => SortKey::FirstContact,
                SortArg::Status => SortKey::Status,
                SortArg::LastUpdate => SortKey::LastUpdate,
            },
            descending: !ascending,
            offset,
            limit,
        };
        let page = vault.list_cases(&query)?;
        let total = if page.exact {
            page.total.to_string()
        } else {
            format!("more than {}", page.total)
        };
        (total, page.rows)
    };
    if due && let Some(status) = status {
        rows.retain(|row| row.status == status);
    }
    if due && let Some(owner) = &owner {
        rows.retain(|row| &row.owner == owner);
    }
    let total = if due { rows.len().to_string() } else { total };
    print_summaries(&rows, json, Some(total))
}

/// `search [QUERY | -] [--json] [--limit N]`
pub(super) fn search(
    vault: &mut Vault,
    query: Option<String>,
    json: bool,
    limit: u64,
) -> Result<()> {
    let query = search_query(query)?;
    let rows = vault.search_cases(&query, limit)?;
    print_summaries(&rows, json, None)
}

/// `erase CASE [--yes]`
pub(super) fn erase(vault: &mut Vault, case: &str, yes: bool) -> Result<()> {
    let record = vault.get_case(case)?;
    if !yes && std::io::stdin().is_terminal() {
        eprint!(
            "Erase case {} for good? Its content cannot be recovered; a tombstone without \
             personal data is kept so the erasure reaches the commission.\nType the reference to confirm: ",
            record.meta.reference
        );
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if answer.trim().to_uppercase() != record.meta.reference {
            bail!("not erased (the reference typed did not match)");
        }
    }
    let tombstone = vault.erase_case(&record.meta.id.to_string())?;
    println!("Erased {}", tombstone.reference);
    Ok(())
}

/// The search query: the argument, or (without one, or with `-`) a line
/// asked for on the terminal or read from standard input, so that a name
/// need not be written on the command line. Wiped after the search.
fn search_query(argument: Option<String>) -> Result<Zeroizing<String>> {
    if let Some(query) = argument
        && query != "-"
    {
        return Ok(Zeroizing::new(query));
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Search for: ");
        std::io::stderr().flush().ok();
    }
    // Room for any name, so that reading does not move (and leave behind) it.
    let mut line = Zeroizing::new(String::with_capacity(1024));
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the search query from standard input")?;
    let query = line.trim();
    if query.is_empty() {
        bail!(
            "no search query: type it when asked, or give it on the first line of standard input with `search -`"
        );
    }
    Ok(Zeroizing::new(query.to_owned()))
}

pub(super) fn parse_status(value: Option<&str>) -> Result<Option<CaseStatus>> {
    parse_vocab(value, "status", CaseStatus::from_name, CaseStatus::ALL)
}

pub(super) fn parse_vocab<T: Copy + std::fmt::Display>(
    value: Option<&str>,
    what: &str,
    from_name: fn(&str) -> Option<T>,
    all: &[T],
) -> Result<Option<T>> {
    let Some(value) = value else { return Ok(None) };
    let found = all
        .iter()
        .copied()
        .find(|v| v.to_string().eq_ignore_ascii_case(value))
        .or_else(|| from_name(value));
    match found {
        Some(v) => Ok(Some(v)),
        None => {
            let names: Vec<String> = all.iter().map(ToString::to_string).collect();
            bail!(
                "unknown {what} \"{value}\"; use one of {}",
                names.join(", ")
            )
        }
    }
}

/// The record as JSON: the case's own fields as `add` takes them, and the
/// vault's metadata under `record`.
pub fn record_json(record: &CaseRecord) -> serde_json::Value {
    let mut value = record.case.to_json_value();
    if let serde_json::Value::Object(map) = &mut value {
        map.insert(
            "record".into(),
            serde_json::to_value(&record.meta).unwrap_or_default(),
        );
    }
    value
}

fn print_summaries(rows: &[vault::CaseSummary], json: bool, total: Option<String>) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(rows)?);
        return Ok(());
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<20} {:<13} {:<15} {:<28} {:<10} OWNER",
        "REFERENCE", "FIRST CONTACT", "STATUS", "TRAFFICKING STATUS", "NEXT DUE"
    )?;
    for row in rows {
        writeln!(
            out,
            "{:<20} {:<13} {:<15} {:<28} {:<10} {}",
            row.reference,
            row.first_contact_date,
            row.status,
            row.trafficking_status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "-".into()),
            row.next_due
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            row.owner,
        )?;
    }
    match total {
        Some(total) => writeln!(out, "{} of {total} cases", rows.len())?,
        None => writeln!(out, "{} cases found", rows.len())?,
    }
    Ok(())
}

fn print_record(record: &CaseRecord) {
    let meta = &record.meta;
    let case = &record.case;
    println!(
        "{}  (id {}, revision {})",
        meta.reference, meta.id, meta.revision
    );
    println!("  Status:            {}", case.status);
    println!(
        "  Name:              {}",
        case.display_name().unwrap_or_else(|| "-".into())
    );
    // A redacted record's dates stand for their month (docs/export-format.md).
    let day = |date: chrono::NaiveDate| {
        if case.redacted {
            date.format("%Y-%m").to_string()
        } else {
            date.to_string()
        }
    };
    println!(
        "  First contact:     {} ({})",
        day(case.first_contact.date),
        case.first_contact.channel
    );
    if case.redacted {
        println!(
            "  Shared without consent to identifiable data: no names, contacts or free text; dates are months"
        );
    }
    if let Some(age) = case.person.age_at_first_contact {
        println!("  Age at first contact: {age}");
    }
    if let Some(status) = case.assessment.trafficking_status {
        println!("  Trafficking status: {status}");
    }
    if !case.exploitation.types.is_empty() {
        let forms: Vec<String> = case
            .exploitation
            .types
            .iter()
            .map(ToString::to_string)
            .collect();
        println!("  Exploitation:      {}", forms.join(", "));
    }
    println!("  Indicators:        {}", case.assessment.indicators.len());
    println!("  Referrals:         {}", case.referrals.len());
    println!("  Follow-ups:        {}", case.follow_ups.len());
    if let Some(due) = case.next_due() {
        println!("  Next action due:   {}", day(due));
    }
    println!(
        "  Created:           {} by {}",
        meta.created_at.format("%Y-%m-%d %H:%M"),
        meta.created_by
    );
    println!(
        "  Updated:           {} by {}",
        meta.updated_at.format("%Y-%m-%d %H:%M"),
        meta.updated_by
    );
    println!("Use --json for every field.");
}
