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

mod audit;
use audit::*;

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
