//! `stats`: counts of cases by one or two fields, small counts hidden.

use anyhow::{Result, anyhow, bail};

use super::StatsArgs;
use super::records::{parse_status, parse_vocab};
use crate::domain::{ExploitationType, TraffickingStatus};
use crate::stats;
use crate::vault::Vault;

/// `stats --by FIELD [--by FIELD] [filters] [--csv]`
pub(super) fn stats(vault: &mut Vault, args: StatsArgs) -> Result<()> {
    let StatsArgs {
        by,
        csv,
        min_count,
        from_year,
        to_year,
        mission,
        status,
        trafficking_status,
        form,
        exclude_without_consent,
    } = args;
    let dimensions = by
        .iter()
        .map(|name| {
            stats::Dimension::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = stats::Dimension::ALL.iter().map(|d| d.name()).collect();
                anyhow!("unknown field \"{name}\"; use one of {}", names.join(", "))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if dimensions.len() > 2 {
        bail!("give --by once or twice (a table or a cross-table)");
    }
    let status = parse_status(status.as_deref())?;
    // One status, or several separated by commas (victims: actual and
    // possible).
    let trafficking_status = match trafficking_status {
        Some(list) => Some(
            list.split(',')
                .map(|one| {
                    parse_vocab(
                        Some(one.trim()),
                        "trafficking status",
                        TraffickingStatus::from_name,
                        TraffickingStatus::ALL,
                    )
                    .map(|s| s.map(|s| s.to_string()).unwrap_or_default())
                })
                .collect::<Result<Vec<_>>>()?
                .join(","),
        ),
        None => None,
    };
    let form = parse_vocab(
        form.as_deref(),
        "form of exploitation",
        ExploitationType::from_name,
        ExploitationType::ALL,
    )?;
    let settings = vault.statistics_settings()?;
    let filter = stats::Filter {
        from_year,
        to_year,
        mission: mission.map(|m| m.trim().to_uppercase()),
        status: status.map(|s| s.to_string()),
        trafficking_status,
        form: form.map(|f| f.to_string()),
        include_without_consent: settings.include_without_consent && !exclude_without_consent,
    };
    let min_count = match min_count {
        Some(k) => stats::file_threshold(k).map_err(|_| {
            anyhow!(
                "--min-count {k} is too low: what leaves the screen hides counts below at least {}",
                stats::FILE_MIN_COUNT
            )
        })?,
        None => settings.min_count.max(stats::FILE_MIN_COUNT),
    };
    let rows_by = dimensions
        .first()
        .copied()
        .unwrap_or(stats::Dimension::Year);
    let table = vault.statistics(rows_by, dimensions.get(1).copied(), &filter)?;
    if csv {
        print!("{}", table.to_csv(min_count, crate::domain::today())?);
    } else {
        print_table(&table, min_count);
    }
    Ok(())
}

/// A table for the terminal, with small counts suppressed as in the CSV.
fn print_table(table: &stats::Table, min_count: u64) {
    let published = stats::suppress(table, min_count);
    let show = |value: u64, hidden: bool| {
        if hidden {
            stats::HIDDEN_MARK.to_owned()
        } else {
            value.to_string()
        }
    };
    let width = table
        .rows
        .iter()
        .map(|k| stats::key_text(k).chars().count())
        .max()
        .unwrap_or(5)
        .max(table.rows_by.name().len())
        .max(5);
    let mut header = format!("{:<width$}", table.rows_by.name());
    for column in &table.columns {
        header.push_str(&format!(" {:>10}", truncate(&stats::key_text(column), 10)));
    }
    header.push_str(&format!(
        " {:>10}",
        if table.columns.is_empty() {
            "cases"
        } else {
            "total"
        }
    ));
    println!("{header}");
    for (r, key) in table.rows.iter().enumerate() {
        let mut line = format!("{:<width$}", stats::key_text(key));
        for (c, value) in table.cells.get(r).into_iter().flatten().enumerate() {
            line.push_str(&format!(" {:>10}", show(*value, published.cells[r][c])));
        }
        line.push_str(&format!(
            " {:>10}",
            show(table.row_totals[r], published.row_totals[r])
        ));
        println!("{line}");
    }
    let mut line = format!("{:<width$}", "total");
    for (c, value) in table.column_totals.iter().enumerate() {
        line.push_str(&format!(
            " {:>10}",
            show(*value, published.column_totals[c])
        ));
    }
    line.push_str(&format!(" {:>10}", show(table.total, published.total)));
    println!("{line}");
    if table.multi_valued() {
        println!("(a case counts once under each of its values; totals count each case once)");
    }
    if published.hidden() > 0 {
        println!(
            "({} = confidential: counts below {min_count} and those that would reveal them)",
            stats::HIDDEN_MARK
        );
    }
    if published.conservative {
        println!("({})", stats::CONSERVATIVE_NOTE);
    }
    println!("({})", table.describe_left_out(min_count));
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max - 1).chain(['…']).collect()
    }
}
