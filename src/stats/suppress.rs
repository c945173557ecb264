//! Small-count protection. A count below the threshold (but not zero) is
//! hidden (primary suppression); then more counts are hidden until the
//! published table tells a reader nothing more about a hidden small count
//! than "between 1 and K − 1", and fixes no other hidden count (secondary
//! suppression).
//!
//! The check is the attacker's own linear programme, the audit τ-ARGUS and
//! sdcTable run on a suppression pattern: every published sum is an
//! equation over the hidden counts (each row of cells adds up to its row
//! total, each column to its column total, the totals to the grand total;
//! a one-dimension table is one sum), a small (primary) hidden cell lies in
//! 1..K−1, any other hidden count is at least 1 (zeros are shown). For each
//! hidden count the programme is minimised and maximised: a small cell must
//! still range over the whole of 1..K−1, any other hidden count over more
//! than one value. With K = 2 the first says nothing (1..1 is the value), so
//! a small cell is audited as any other: at least 1, never fixed. A small *total* is hidden like any small count but
//! bounded only below: its parts are smaller still by the rule alone (a
//! total of 2 over two cells makes each 1 whatever is published), which no
//! pattern can hide; what the audit promises is that the published numbers
//! add nothing to the rule. Where one does not, a published count that
//! shares a sum with it is hidden too, and the audit goes on; hiding a
//! count only widens every range, so a count that passed stays passed,
//! and the loop ends (at worst with every count hidden).
//!
//! Which count is hidden to protect another (the complementary one): an
//! interior cell before a row or column total, and the grand total last.
//! The totals are what a table is read for (the annual report's victims
//! by status, linked across its tables, were hidden in every table when
//! a total was chosen because it was the smallest count beside a small
//! one), so a total is hidden only where no interior cell protects the
//! small counts; among cells, the one beside the failing count first, then
//! the smallest; among totals, the smallest. Once the audit passes, what
//! the extension hid in vain is shown again if the whole audit still
//! passes without it (totals first, then the cells).
//!
//! Before the programme runs, a cheap graph test removes the patterns it
//! would reject anyway: seen as a graph whose nodes are the sums and whose
//! edges are the hidden counts, a hidden count is fixed exactly when its
//! edge is a bridge, so counts are hidden until no hidden edge is a bridge:
//! for each bridge, the cheapest path joining its two sums without it is
//! hidden (a cycle through it), any number of interior cells costing
//! less than one total, the grand total dearest, then the counts' sum.
//!
//! Work budget: the audit counts the simplex's pivots over the whole
//! suppression of a table (a count, not time, so the result is the same on
//! every machine). When the budget runs out, or a count fails its audit
//! with nothing left to hide beside it, the table is suppressed
//! conservatively: every non-zero count in a sum with a count not shown
//! safe is hidden and the pattern audited once more; failing that, every
//! non-zero count but the grand total; failing that, every non-zero count.
//! The last needs no audit: with every published number a zero, each sum
//! ties hidden counts only to each other and to no published value, so a
//! small cell can take any value in 1..K−1 (its totals follow it) and
//! every other hidden count is unbounded above. [`Published::conservative`]
//! says so, and every output tells the reader.
//!
//! Multi-valued dimensions (a case counts under each of its values): the
//! sums along such a dimension do not hold exactly. The programme then
//! knows what does hold — the parts add up to at least the whole, no part
//! exceeds the whole, and, since a case counts under "unknown" exactly
//! when it has no value, no other part and the unknown one together
//! exceed it either (1 + 1 + 40 published as `c, c, 40, 41` left one case
//! with a form, so both hidden 1s) — and audits with that.

use super::lp::{Extreme, OutOfBudget, Programme, Relation};

use super::Table;

/// Which counts of a table are hidden (`true`) when it leaves the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub cells: Vec<Vec<bool>>,
    pub row_totals: Vec<bool>,
    pub column_totals: Vec<bool>,
    pub total: bool,
    /// The audit's work budget ran out (or a count could not be shown
    /// safe), so the table was suppressed conservatively: more is hidden
    /// than the audit would have needed.
    pub conservative: bool,
}

impl Published {
    /// How many counts are hidden.
    pub fn hidden(&self) -> usize {
        self.cells.iter().flatten().filter(|h| **h).count()
            + self.row_totals.iter().filter(|h| **h).count()
            + self.column_totals.iter().filter(|h| **h).count()
            + usize::from(self.total)
    }
}

/// The audit's work budget for one table, in simplex pivots. A 30 × 10
/// table with 130 hidden counts (40% of its cells below 5) needed 10,045;
/// a larger one is suppressed conservatively rather than audited for
/// minutes or hours.
pub const AUDIT_BUDGET: u64 = 20_000;

/// Decides which counts of `table` to hide with threshold `min_count`
/// (1 or less hides nothing).
pub fn suppress(table: &Table, min_count: u64) -> Published {
    suppress_within(table, min_count, AUDIT_BUDGET)
}

/// [`suppress`] with a work budget of `budget` pivots for the audit (and
/// as much again for each conservative fallback that needs one).
pub fn suppress_within(table: &Table, min_count: u64, budget: u64) -> Published {
    suppress_forced_within(table, min_count, None, budget)
}

/// [`suppress`] with the counts `forced` marks hidden hidden from the
/// start, as if they were small (a zero stays shown): the step of a
/// suppression consistent across tables that publish the same counts (the
/// annual report's), where a count hidden in one table must be hidden in
/// every other that shows it. A forced count that is not small is audited
/// as any secondary one: never fixed by what the table publishes.
/// `forced` has the shape of the table's [`Published`].
pub fn suppress_forced(table: &Table, min_count: u64, forced: &Published) -> Published {
    suppress_forced_within(table, min_count, Some(forced), AUDIT_BUDGET)
}

fn suppress_forced_within(
    table: &Table,
    min_count: u64,
    forced: Option<&Published>,
    budget: u64,
) -> Published {
    let small = |v: u64| v > 0 && v < min_count;
    let hide = |v: u64, forced: Option<bool>| small(v) || (v > 0 && forced == Some(true));
    let mut published = Published {
        cells: table
            .cells
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(|(c, v)| hide(*v, forced.and_then(|f| f.cells.get(r)?.get(c).copied())))
                    .collect()
            })
            .collect(),
        row_totals: table
            .row_totals
            .iter()
            .enumerate()
            .map(|(r, v)| hide(*v, forced.and_then(|f| f.row_totals.get(r).copied())))
            .collect(),
        column_totals: table
            .column_totals
            .iter()
            .enumerate()
            .map(|(c, v)| hide(*v, forced.and_then(|f| f.column_totals.get(c).copied())))
            .collect(),
        total: hide(table.total, forced.map(|f| f.total)),
        conservative: false,
    };
    if published.hidden() == 0 {
        return published;
    }
    if table.columns_by.is_none() {
        one_dimension(table, &mut published);
    } else {
        two_dimensions(table, &mut published);
    }
    let layout = Layout::of(table);
    let mut hidden = layout.hidden(&published);
    let member_of = layout.member_of();
    let chosen = hidden.clone();
    let mut spent = budget;
    if let Err(troubled) = audit_and_extend(&layout, &member_of, min_count, &mut hidden, &mut spent)
    {
        hide_conservatively(
            &layout,
            &member_of,
            min_count,
            &mut hidden,
            &troubled,
            budget,
        );
        published.conservative = true;
    } else {
        show_again(
            &layout,
            &member_of,
            min_count,
            &chosen,
            &mut hidden,
            &mut spent,
        );
    }
    layout.apply(&hidden, &mut published);
    published
}

/// Hides more than the audit needed, in three steps, each taken only if
/// the one before cannot be shown safe within `budget` pivots: every
/// non-zero count in a sum with a `troubled` one; every non-zero count but
/// the grand total; every non-zero count (safe without an audit: see the
/// module's comment).
fn hide_conservatively(
    layout: &Layout,
    member_of: &[Vec<usize>],
    min_count: u64,
    hidden: &mut [bool],
    troubled: &[usize],
    budget: u64,
) {
    let non_zero = |e: usize| layout.values[e] > 0;
    let mut around = hidden.to_vec();
    for &entry in troubled {
        for &s in &member_of[entry] {
            let sum = &layout.sums[s];
            for &e in sum.parts.iter().chain([&sum.whole]) {
                around[e] |= non_zero(e);
            }
        }
    }
    let total = layout.values.len() - 1;
    let mut all_but_total: Vec<bool> = (0..hidden.len()).map(non_zero).collect();
    all_but_total[total] = hidden[total];
    for candidate in [around, all_but_total] {
        if audit(
            layout,
            member_of,
            min_count,
            &candidate,
            &mut budget.clone(),
        ) {
            hidden.copy_from_slice(&candidate);
            return;
        }
    }
    for (e, h) in hidden.iter_mut().enumerate() {
        *h = non_zero(e);
    }
}

/// Shows again what the audit's extension hid and turned out not to need.
/// The extension hides one count at a time, often several before the one
/// that protects (interior cells tried before the total that was needed),
/// and a pair of cells in a sum with nothing else hidden can be shown
/// only together. Among the counts hidden after `chosen` (the small
/// counts, the forced ones and the graph test's): each total, the grand
/// total first, then the largest, is shown again if every hidden count
/// still passes the audit without it; then the cells all at once; then,
/// if that failed, each cell, the largest first. What stays hidden passed
/// the whole audit, so the table is as safe; when `budget` runs out the
/// rest stays hidden.
fn show_again(
    layout: &Layout,
    member_of: &[Vec<usize>],
    min_count: u64,
    chosen: &[bool],
    hidden: &mut [bool],
    budget: &mut u64,
) {
    let mut extra: Vec<usize> = (0..hidden.len())
        .filter(|e| hidden[*e] && !chosen[*e])
        .collect();
    extra.sort_by_key(|e| {
        (
            std::cmp::Reverse(layout.rank(*e)),
            std::cmp::Reverse(layout.values[*e]),
            *e,
        )
    });
    let cells: Vec<usize> = extra
        .iter()
        .copied()
        .filter(|e| layout.rank(*e) == 0)
        .collect();
    let mut attempts: Vec<Vec<usize>> = extra
        .iter()
        .filter(|e| layout.rank(**e) > 0)
        .map(|e| vec![*e])
        .collect();
    if cells.len() > 1 {
        attempts.push(cells.clone());
    }
    attempts.extend(cells.into_iter().map(|e| vec![e]));
    for group in attempts {
        if *budget == 0 {
            return;
        }
        if group.iter().any(|e| !hidden[*e]) {
            continue;
        }
        for &e in &group {
            hidden[e] = false;
        }
        if !audit(layout, member_of, min_count, hidden, budget) {
            for &e in &group {
                hidden[e] = true;
            }
        }
    }
}

/// Whether every hidden count of `hidden` passes the audit within
/// `budget` pivots (less what it spends), hiding nothing more.
fn audit(
    layout: &Layout,
    member_of: &[Vec<usize>],
    min_count: u64,
    hidden: &[bool],
    budget: &mut u64,
) -> bool {
    let mut known: Vec<Vec<f64>> = vec![layout.values.iter().map(|v| *v as f64).collect()];
    (0..hidden.len()).filter(|e| hidden[*e]).all(|entry| {
        let (entries, sums) = component(layout, member_of, hidden, entry);
        passes(
            layout, min_count, hidden, entry, &entries, &sums, &mut known, budget,
        ) == Ok(true)
    })
}

fn one_dimension(table: &Table, published: &mut Published) {
    let hidden = published.row_totals.iter().filter(|h| **h).count() + usize::from(published.total);
    if hidden != 1 {
        return;
    }
    // Hide the smallest other non-zero value's count of the one sum; the
    // total only if there is none (zeros are shown).
    let mut candidates: Vec<(Option<usize>, u64)> = table
        .row_totals
        .iter()
        .enumerate()
        .filter(|(i, v)| !published.row_totals[*i] && **v > 0)
        .map(|(i, v)| (Some(i), *v))
        .collect();
    if !published.total && table.total > 0 {
        candidates.push((None, table.total));
    }
    match candidates
        .into_iter()
        .min_by_key(|(i, v)| (i.is_none(), *v))
    {
        Some((Some(i), _)) => published.row_totals[i] = true,
        Some((None, _)) => published.total = true,
        None => {}
    }
}

/// A published sum: `parts` add up to `whole` (exactly, or, along a
/// multi-valued dimension, to at least `whole` with no part above it).
/// Entries are indices into [`Layout::values`].
#[derive(Debug, Clone)]
struct Sum {
    whole: usize,
    parts: Vec<usize>,
    exact: bool,
    /// Along a multi-valued dimension, the part counting the cases with no
    /// value ("unknown"), if the table has one: a case counts there exactly
    /// when it counts under no other part, so each other part and it add
    /// up to at most the whole.
    unknown: Option<usize>,
}

/// Every count of a table in one list (cells row by row, row totals,
/// column totals, the total) with the sums that tie them together.
#[derive(Debug)]
struct Layout {
    values: Vec<u64>,
    /// Whether an entry is a cell (of a cross-table; a value's count in a
    /// one-dimension table) rather than a total.
    cell: Vec<bool>,
    sums: Vec<Sum>,
    two_dimensions: bool,
}

impl Layout {
    fn of(table: &Table) -> Layout {
        let rows = table.rows.len();
        let columns = table.columns.len();
        let two_dimensions = table.columns_by.is_some();
        let mut values: Vec<u64> = table.cells.iter().flatten().copied().collect();
        if !two_dimensions {
            values.clear();
        }
        let cells = values.len();
        values.extend(&table.row_totals);
        values.extend(&table.column_totals);
        values.push(table.total);
        let cell = |r: usize, c: usize| r * columns + c;
        let row_total = |r: usize| cells + r;
        let column_total = |c: usize| cells + rows + c;
        let total = values.len() - 1;
        let rows_multi = table.rows_by.multi_valued();
        let columns_multi = table.columns_by.is_some_and(super::Dimension::multi_valued);
        // The unknown row (column) of a multi-valued dimension; along a
        // single-valued one the sums are exact and need no more.
        let unknown_row = table
            .rows
            .iter()
            .position(Option::is_none)
            .filter(|_| rows_multi);
        let unknown_column = table
            .columns
            .iter()
            .position(Option::is_none)
            .filter(|_| columns_multi);
        let mut sums = vec![Sum {
            whole: total,
            parts: (0..rows).map(row_total).collect(),
            exact: !rows_multi,
            unknown: unknown_row.map(row_total),
        }];
        if two_dimensions {
            for r in 0..rows {
                sums.push(Sum {
                    whole: row_total(r),
                    parts: (0..columns).map(|c| cell(r, c)).collect(),
                    exact: !columns_multi,
                    unknown: unknown_column.map(|c| cell(r, c)),
                });
            }
            for c in 0..columns {
                sums.push(Sum {
                    whole: column_total(c),
                    parts: (0..rows).map(|r| cell(r, c)).collect(),
                    exact: !rows_multi,
                    unknown: unknown_row.map(|r| cell(r, c)),
                });
            }
            sums.push(Sum {
                whole: total,
                parts: (0..columns).map(column_total).collect(),
                exact: !columns_multi,
                unknown: unknown_column.map(column_total),
            });
        }
        let cell = (0..values.len())
            .map(|e| if two_dimensions { e < cells } else { e < total })
            .collect();
        Layout {
            values,
            cell,
            sums,
            two_dimensions,
        }
    }

    /// How dear an entry is to a reader: 0 for an interior cell (a
    /// value's count in a one-dimension table), 1 for a row or column
    /// total, 2 for the grand total.
    fn rank(&self, entry: usize) -> u8 {
        if self.cell[entry] {
            0
        } else if entry + 1 == self.values.len() {
            2
        } else {
            1
        }
    }

    /// For each entry, the sums it is a part or the whole of.
    fn member_of(&self) -> Vec<Vec<usize>> {
        let mut member_of: Vec<Vec<usize>> = vec![Vec::new(); self.values.len()];
        for (s, sum) in self.sums.iter().enumerate() {
            member_of[sum.whole].push(s);
            for part in &sum.parts {
                member_of[*part].push(s);
            }
        }
        member_of
    }

    /// The hidden entries of `published`, in layout order.
    fn hidden(&self, published: &Published) -> Vec<bool> {
        let mut hidden: Vec<bool> = if self.two_dimensions {
            published.cells.iter().flatten().copied().collect()
        } else {
            Vec::new()
        };
        hidden.extend(&published.row_totals);
        hidden.extend(&published.column_totals);
        hidden.push(published.total);
        hidden
    }

    fn apply(&self, hidden: &[bool], published: &mut Published) {
        let mut at = 0;
        if self.two_dimensions {
            for row in &mut published.cells {
                for cell in row.iter_mut() {
                    *cell = hidden[at];
                    at += 1;
                }
            }
        }
        for h in published
            .row_totals
            .iter_mut()
            .chain(&mut published.column_totals)
        {
            *h = hidden[at];
            at += 1;
        }
        published.total = hidden[at];
    }
}

/// Within how much of a whole number a solver's answer counts as that
/// number (the counts are whole; the programme's answers are floats).
const SLACK: f64 = 1e-6;

/// Audits every hidden count of `hidden` and hides more until each passes.
/// `Err` with the counts not shown safe: those that failed with nothing
/// left to hide beside them and, if `budget` ran out, every one not yet
/// audited.
fn audit_and_extend(
    layout: &Layout,
    member_of: &[Vec<usize>],
    min_count: u64,
    hidden: &mut [bool],
    budget: &mut u64,
) -> Result<(), Vec<usize>> {
    let mut failed = Vec::new();
    let mut queue: Vec<usize> = (0..hidden.len()).filter(|e| hidden[*e]).collect();
    // Assignments known to fit what is published, the table itself first:
    // hiding more keeps every one of them fitting, and most ends of a range
    // are reached by one found for another count, so fewer programmes run.
    let mut known: Vec<Vec<f64>> = vec![layout.values.iter().map(|v| *v as f64).collect()];
    let mut next = 0;
    while let Some(&entry) = queue.get(next) {
        let (entries, sums) = component(layout, member_of, hidden, entry);
        match passes(
            layout, min_count, hidden, entry, &entries, &sums, &mut known, budget,
        ) {
            Ok(true) => {
                next += 1;
                continue;
            }
            Ok(false) => {}
            Err(OutOfBudget) => {
                failed.extend_from_slice(&queue[next..]);
                return Err(failed);
            }
        }
        // A published count beside it, or anywhere in the sums that tie it
        // to other hidden counts: an interior cell before a row or column
        // total, the grand total last (the totals are the figures a table
        // is read for); among cells, one beside it before one further
        // away, then the smallest; among totals, the smallest (a total
        // further away can be the one that pins it: the parts of a
        // multi-valued dimension add up to at least the grand total).
        let shown = |e: &usize| !hidden[*e] && layout.values[*e] > 0;
        let around = |sums: &[usize]| -> Vec<usize> {
            sums.iter()
                .flat_map(|s| {
                    let sum = &layout.sums[*s];
                    sum.parts.iter().copied().chain([sum.whole])
                })
                .collect()
        };
        let beside = around(&member_of[entry]);
        let tied = around(&sums);
        let extra = beside
            .iter()
            .map(|e| (0, *e))
            .chain(tied.iter().map(|e| (1, *e)))
            .filter(|(_, e)| shown(e))
            .min_by_key(|(distance, e)| {
                let rank = layout.rank(*e);
                let near = if rank == 0 { *distance } else { 0 };
                (rank, near, layout.values[*e], *distance, *e)
            })
            .map(|(_, e)| e);
        match extra {
            Some(extra) => {
                hidden[extra] = true;
                queue.push(extra);
            }
            // Every count it could hide behind is hidden already: the
            // pattern cannot be shown safe this way (the solver failed on
            // it), so it must not be published as it is.
            None => {
                failed.push(entry);
                next += 1;
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(failed)
    }
}

/// The hidden entries tied to `entry` through sums, and those sums.
fn component(
    layout: &Layout,
    member_of: &[Vec<usize>],
    hidden: &[bool],
    entry: usize,
) -> (Vec<usize>, Vec<usize>) {
    let mut seen_entry = vec![false; hidden.len()];
    let mut seen_sum = vec![false; layout.sums.len()];
    let mut entries = vec![entry];
    let mut sums = Vec::new();
    seen_entry[entry] = true;
    let mut at = 0;
    while let Some(&e) = entries.get(at) {
        at += 1;
        for &s in &member_of[e] {
            if seen_sum[s] {
                continue;
            }
            seen_sum[s] = true;
            sums.push(s);
            let sum = &layout.sums[s];
            for &other in sum.parts.iter().chain([&sum.whole]) {
                if hidden[other] && !seen_entry[other] {
                    seen_entry[other] = true;
                    entries.push(other);
                }
            }
        }
    }
    (entries, sums)
}

/// Whether the attacker's programme leaves `entry` its whole range: 1..K−1
/// for a primary count, more than one value for a secondary one. `Err`
/// when `budget` runs out before that is known.
#[allow(clippy::too_many_arguments)]
fn passes(
    layout: &Layout,
    min_count: u64,
    hidden: &[bool],
    entry: usize,
    entries: &[usize],
    sums: &[usize],
    known: &mut Vec<Vec<f64>>,
    budget: &mut u64,
) -> Result<bool, OutOfBudget> {
    let primary = bounded_above(layout, min_count, entry);
    let top = (min_count - 1) as f64;
    let seen_low = known.iter().map(|p| p[entry]).fold(f64::INFINITY, f64::min);
    let seen_high = known
        .iter()
        .map(|p| p[entry])
        .fold(f64::NEG_INFINITY, f64::max);
    // Ends already reached by a known assignment need no programme.
    let low_done = if primary {
        seen_low <= 1.0 + SLACK
    } else {
        seen_high - seen_low >= 1.0 - SLACK
    };
    let high_done = if primary {
        seen_high >= top - SLACK
    } else {
        low_done
    };
    if low_done && high_done {
        return Ok(true);
    }
    let mut end = |greatest: bool| -> Result<Option<f64>, OutOfBudget> {
        let Some((value, point)) = range_end(
            layout, min_count, hidden, entry, entries, sums, greatest, budget,
        )?
        else {
            return Ok(None);
        };
        if let Some(point) = point {
            known.push(point);
        }
        Ok(Some(value))
    };
    let low = if low_done {
        Some(seen_low)
    } else {
        end(false)?
    };
    let high = if high_done {
        Some(seen_high)
    } else {
        end(true)?
    };
    Ok(match (low, high) {
        (Some(low), Some(high)) if primary => low <= 1.0 + SLACK && high >= top - SLACK,
        (Some(low), Some(high)) => high - low >= 1.0 - SLACK,
        _ => false,
    })
}

/// Whether the audit takes `entry` to be a small cell, known to lie in
/// 1..K−1. Not with K = 2: "between 1 and 1" is the value itself, so a
/// small cell is audited as any other hidden count (at least 1, and never
/// fixed by what is published), or the audit would pass a cell that a
/// published row total gives away.
fn bounded_above(layout: &Layout, min_count: u64, entry: usize) -> bool {
    min_count > 2 && layout.cell[entry] && layout.values[entry] < min_count
}

/// An end of a count's range, and the whole table at that end when the
/// programme gave one.
type RangeEnd = (f64, Option<Vec<f64>>);

/// The least (or greatest) value of `entry` the published table allows;
/// `f64::INFINITY` when nothing bounds it above; `None` if no assignment
/// fits (the table would then not be the one counted: hide more).
#[allow(clippy::too_many_arguments)]
fn range_end(
    layout: &Layout,
    min_count: u64,
    hidden: &[bool],
    entry: usize,
    entries: &[usize],
    sums: &[usize],
    greatest: bool,
    budget: &mut u64,
) -> Result<Option<RangeEnd>, OutOfBudget> {
    let mut problem = Programme::default();
    let mut variables = std::collections::HashMap::with_capacity(entries.len());
    for &e in entries {
        let upper = if bounded_above(layout, min_count, e) {
            (min_count - 1) as f64
        } else {
            f64::INFINITY
        };
        variables.insert(e, problem.variable(1.0, upper));
    }
    debug_assert!(entries.iter().all(|e| hidden[*e]));
    for &s in sums {
        let sum = &layout.sums[s];
        // Σ hidden parts − hidden whole  (= or ≥)  shown whole − Σ shown parts
        let mut terms = Vec::new();
        let mut rhs = 0.0;
        for &part in &sum.parts {
            match variables.get(&part) {
                Some(v) => terms.push((*v, 1.0)),
                None => rhs -= layout.values[part] as f64,
            }
        }
        let whole = variables.get(&sum.whole).copied();
        match whole {
            Some(v) => terms.push((v, -1.0)),
            None => rhs += layout.values[sum.whole] as f64,
        }
        let relation = if sum.exact {
            Relation::Equal
        } else {
            Relation::AtLeast
        };
        if !terms.is_empty() {
            problem.constrain(terms, relation, rhs);
        }
        if !sum.exact {
            // No part exceeds the whole; and the cases with no value are
            // none of those with one, so no other part and the unknown one
            // together exceed it either.
            for &part in &sum.parts {
                at_most_whole(&mut problem, &variables, layout, &[part], sum.whole);
                if let Some(unknown) = sum.unknown.filter(|u| *u != part) {
                    at_most_whole(
                        &mut problem,
                        &variables,
                        layout,
                        &[part, unknown],
                        sum.whole,
                    );
                }
            }
        }
    }
    let Some(&variable) = variables.get(&entry) else {
        return Ok(None);
    };
    Ok(match problem.solve_within(variable, greatest, budget)? {
        (Extreme::Value(value), point) => {
            // The whole table with this component's counts as solved: the
            // rest keeps its true values, so every sum still holds.
            let mut full: Vec<f64> = layout.values.iter().map(|v| *v as f64).collect();
            for (e, v) in &variables {
                full[*e] = point[*v];
            }
            Some((value, Some(full)))
        }
        (Extreme::Unbounded, _) => Some((
            if greatest {
                f64::INFINITY
            } else {
                f64::NEG_INFINITY
            },
            None,
        )),
        (Extreme::Infeasible, _) => None,
    })
}

/// Constrains `parts` to add up to at most `whole`, in the programme's
/// hidden counts (`variables`), a published count taken at its value.
fn at_most_whole(
    problem: &mut Programme,
    variables: &std::collections::HashMap<usize, usize>,
    layout: &Layout,
    parts: &[usize],
    whole: usize,
) {
    // Σ hidden parts − hidden whole  ≤  shown whole − Σ shown parts
    let mut terms = Vec::new();
    let mut rhs = 0.0;
    for (entry, sign) in parts.iter().map(|p| (*p, 1.0)).chain([(whole, -1.0)]) {
        match variables.get(&entry) {
            Some(v) => terms.push((*v, sign)),
            None => rhs -= sign * layout.values[entry] as f64,
        }
    }
    if !terms.is_empty() {
        problem.constrain(terms, Relation::AtMost, rhs);
    }
}

/// An entry of a two-dimension table: row sum node and column sum node.
/// Rows are `0..R` and `R` is the total row; columns `0..C` and `C` the
/// total column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    row: usize,
    column: usize,
}

fn two_dimensions(table: &Table, published: &mut Published) {
    let rows = table.rows.len();
    let columns = table.columns.len();
    let value = |e: Entry| -> u64 {
        match (e.row == rows, e.column == columns) {
            (false, false) => table.cells[e.row][e.column],
            (false, true) => table.row_totals[e.row],
            (true, false) => table.column_totals[e.column],
            (true, true) => table.total,
        }
    };
    let is_hidden = |p: &Published, e: Entry| -> bool {
        match (e.row == rows, e.column == columns) {
            (false, false) => p.cells[e.row][e.column],
            (false, true) => p.row_totals[e.row],
            (true, false) => p.column_totals[e.column],
            (true, true) => p.total,
        }
    };
    let hide = |p: &mut Published, e: Entry| match (e.row == rows, e.column == columns) {
        (false, false) => p.cells[e.row][e.column] = true,
        (false, true) => p.row_totals[e.row] = true,
        (true, false) => p.column_totals[e.column] = true,
        (true, true) => p.total = true,
    };
    let all: Vec<Entry> = (0..=rows)
        .flat_map(|row| (0..=columns).map(move |column| Entry { row, column }))
        .collect();
    loop {
        let hidden: Vec<Entry> = all
            .iter()
            .copied()
            .filter(|e| is_hidden(published, *e))
            .collect();
        let Some(bridge) = find_bridge(&hidden, rows + 1, columns + 1) else {
            return;
        };
        // Close the cheapest cycle through the bridge: hide the shown
        // counts of the cheapest path between its row and its column that
        // does not use it, interior cells before totals.
        let usable: Vec<(Entry, Cost)> = all
            .iter()
            .copied()
            .filter(|e| *e != bridge)
            .filter_map(|e| {
                if is_hidden(published, e) {
                    Some((e, Cost::default()))
                } else if value(e) > 0 {
                    Some((e, Cost::of(e.row == rows, e.column == columns, value(e))))
                } else {
                    None
                }
            })
            .collect();
        match cheapest_path(&usable, rows + 1, columns + 1, bridge) {
            // A path of hidden counts alone would have made it no bridge;
            // never loop on one.
            Some(path) if !path.is_empty() => {
                for entry in path {
                    hide(published, entry);
                }
            }
            // No cycle can hold it (a zero is shown, never hidden): the
            // linear programme's audit decides what more to hide.
            _ => return,
        }
    }
}

/// What hiding a published count costs the reader, compared in this
/// order: the grand total, then how many row or column totals (the
/// figures a report is read for: the victims of a status, of a sex),
/// then the counts' sum. Any number of interior cells costs less than
/// one total, so a total is hidden only where no interior cell protects
/// the small counts as well.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    grand_total: u64,
    totals: u64,
    value: u64,
}

impl Cost {
    /// The cost of hiding a count of `value` in the total row and/or the
    /// total column (both: the grand total).
    fn of(total_row: bool, total_column: bool, value: u64) -> Cost {
        Cost {
            grand_total: u64::from(total_row && total_column),
            totals: u64::from(total_row != total_column),
            value,
        }
    }

    fn plus(self, other: Cost) -> Cost {
        Cost {
            grand_total: self.grand_total + other.grand_total,
            totals: self.totals + other.totals,
            value: self.value.saturating_add(other.value),
        }
    }
}

/// The shown entries on the cheapest path from `bridge`'s row node to
/// its column node over `edges` (each with the cost of hiding it, zero
/// when hidden already) in the bipartite graph of [`find_bridge`];
/// `None` when no path joins them (Dijkstra's algorithm: the costs are
/// never negative and add up in their order).
fn cheapest_path(
    edges: &[(Entry, Cost)],
    rows: usize,
    columns: usize,
    bridge: Entry,
) -> Option<Vec<Entry>> {
    let nodes = rows + columns;
    let mut adjacent: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (id, (edge, _)) in edges.iter().enumerate() {
        let (a, b) = (edge.row, rows + edge.column);
        adjacent[a].push((b, id));
        adjacent[b].push((a, id));
    }
    let (start, goal) = (bridge.row, rows + bridge.column);
    let mut best: Vec<Option<Cost>> = vec![None; nodes];
    let mut via: Vec<Option<(usize, usize)>> = vec![None; nodes];
    let mut queue = std::collections::BinaryHeap::new();
    best[start] = Some(Cost::default());
    queue.push(std::cmp::Reverse((Cost::default(), start)));
    while let Some(std::cmp::Reverse((cost, node))) = queue.pop() {
        if best[node].is_some_and(|b| b < cost) {
            continue;
        }
        if node == goal {
            break;
        }
        for &(neighbour, id) in &adjacent[node] {
            let reached = cost.plus(edges[id].1);
            if best[neighbour].is_none_or(|b| reached < b) {
                best[neighbour] = Some(reached);
                via[neighbour] = Some((node, id));
                queue.push(std::cmp::Reverse((reached, neighbour)));
            }
        }
    }
    best[goal]?;
    let mut path = Vec::new();
    let mut node = goal;
    while let Some((previous, id)) = via[node] {
        let (entry, cost) = edges[id];
        if cost != Cost::default() {
            path.push(entry);
        }
        node = previous;
    }
    Some(path)
}

/// A bridge among `edges` of the bipartite graph with `rows` row nodes and
/// `columns` column nodes, if any (Tarjan's lowlink).
fn find_bridge(edges: &[Entry], rows: usize, columns: usize) -> Option<Entry> {
    let nodes = rows + columns;
    let mut adjacent: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (id, edge) in edges.iter().enumerate() {
        let (a, b) = (edge.row, rows + edge.column);
        adjacent[a].push((b, id));
        adjacent[b].push((a, id));
    }
    let mut discovered = vec![usize::MAX; nodes];
    let mut low = vec![0; nodes];
    let mut time = 0;
    for start in 0..nodes {
        if discovered[start] != usize::MAX {
            continue;
        }
        // Iterative DFS: (node, edge it was reached by, next neighbour index).
        let mut stack = vec![(start, usize::MAX, 0usize)];
        discovered[start] = time;
        low[start] = time;
        time += 1;
        while let Some(&mut (node, via, ref mut next)) = stack.last_mut() {
            if let Some(&(neighbour, id)) = adjacent[node].get(*next) {
                *next += 1;
                if id == via {
                    continue;
                }
                if discovered[neighbour] == usize::MAX {
                    discovered[neighbour] = time;
                    low[neighbour] = time;
                    time += 1;
                    stack.push((neighbour, id, 0));
                } else {
                    low[node] = low[node].min(discovered[neighbour]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    low[parent] = low[parent].min(low[node]);
                    if low[node] > discovered[parent] {
                        return Some(edges[via]);
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_that_fails_its_audit_with_nothing_left_to_hide_is_reported() {
        // Two hidden cells whose published sum is 0 can take no value of
        // at least 1: no assignment fits, and nothing non-zero is left to
        // hide beside them (zeros are shown).
        let layout = Layout {
            values: vec![1, 1, 0],
            cell: vec![true, true, false],
            sums: vec![Sum {
                whole: 2,
                parts: vec![0, 1],
                exact: true,
                unknown: None,
            }],
            two_dimensions: false,
        };
        let member_of = layout.member_of();
        let mut hidden = vec![true, true, false];
        let mut budget = AUDIT_BUDGET;
        assert_eq!(
            audit_and_extend(&layout, &member_of, 5, &mut hidden, &mut budget),
            Err(vec![0, 1])
        );
    }

    #[test]
    fn with_a_threshold_of_two_a_lone_small_cell_beside_its_published_total_is_not_left_alone() {
        // 1 + 3 + 4 = 8 with only the 1 hidden: the total gives it away.
        // With K = 2 "between 1 and 1" says nothing the reader could not
        // work out, so the audit must still find the cell fixed.
        let layout = Layout {
            values: vec![1, 3, 4, 8],
            cell: vec![true, true, true, false],
            sums: vec![Sum {
                whole: 3,
                parts: vec![0, 1, 2],
                exact: true,
                unknown: None,
            }],
            two_dimensions: false,
        };
        let member_of = layout.member_of();
        let mut hidden = vec![true, false, false, false];
        let mut budget = AUDIT_BUDGET;
        assert_eq!(
            audit_and_extend(&layout, &member_of, 2, &mut hidden, &mut budget),
            Ok(())
        );
        assert_eq!(
            hidden,
            [true, true, false, false],
            "the next smallest is hidden too"
        );
    }
}
