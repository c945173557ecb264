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
//! add nothing to the rule (in the annual report, a small total that is a
//! cell of another table, where a reader learns it is below K, must still
//! reach K − 1 here too: `small_cell_elsewhere`). Where one does not, a published count that
//! shares a sum with it is hidden too, and the audit goes on; hiding a
//! count only widens every range, so a count that passed stays passed,
//! and the loop ends (at worst with every count hidden).
//!
//! Which count is hidden to protect another (the complementary one): an
//! interior cell before a row or column total, and the grand total last
//! ([`Layout::rank`]; in the annual report, the dearest place a count has
//! in any of its tables, a total counted once for each table that shows
//! it: [`Link`]). The totals are what a table is read for (the annual
//! report's victims by status, linked across its tables, were hidden in
//! every table when a total was chosen because it was the smallest count
//! beside a small one), so cells are preferred: among cells, the one
//! beside the failing count first, then the smallest; among totals, the
//! cheapest, then the smallest. The extension chooses one count at a
//! time, so it may still hide a total another pattern would spare. Once
//! the audit passes, what the extension hid in vain, then what the graph
//! step did, is shown again if the audit still passes without it (the
//! dearest totals first, then the cells), within a work budget of its own: when that runs out the rest
//! stays hidden and [`Published::tidy_incomplete`] says so.
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
//! every machine); showing again has half as much of its own (or what
//! the audit left, if more), and each
//! fallback audit below as much again (at most 1.5 × the budget when the
//! audit passes, 3 × when it does not). When the audit's budget runs out, or a count fails its audit
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
    /// The tidy-up after the audit (showing again what the extension hid
    /// in vain) ran out of its own work budget: the table is as safe, but
    /// may hide counts it need not.
    pub tidy_incomplete: bool,
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

/// What a report's other tables say about one count of a table (the
/// annual report's linked tables: the same set of cases is the same
/// number in every table that shows it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Link {
    /// Hidden in another table: hidden here too from the start.
    pub forced: bool,
    /// How dear the count is to a reader across the report, the most of
    /// any table that shows it: 0 an interior cell (a value's count in a
    /// one-dimension table), 1 a row or column total, 2 a grand total. The
    /// count's place in this table is the least it is taken to be.
    pub rank: u8,
    /// In how many tables the count is shown (0 or 1: this one only):
    /// among totals, one shown in more tables is dearer.
    pub shown_in: u32,
    /// A cell in some table: a small one is audited as a small cell
    /// wherever it shows (its range must still reach K − 1), even where it
    /// is a total.
    pub cell: bool,
}

/// A [`Link`] for each count of a table, in the shape of its [`Published`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Linked {
    pub cells: Vec<Vec<Link>>,
    pub row_totals: Vec<Link>,
    pub column_totals: Vec<Link>,
    pub total: Link,
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
/// as much again for each conservative fallback that needs one; half as
/// much of its own, or what the audit left if more, for the tidy-up after
/// an audit that passed).
pub fn suppress_within(table: &Table, min_count: u64, budget: u64) -> Published {
    suppress_linked_within(table, min_count, None, budget)
}

/// [`suppress`] with what the other tables say of each count ([`Link`]):
/// hidden there (hidden here from the start, as if small; a zero stays
/// shown, and a forced count that is not small is audited as any
/// secondary one: never fixed by what the table publishes), how dear to
/// the reader across the report
/// (the cost of hiding it here, and the order of the tidy-up), a cell
/// somewhere. With every link at its default it is [`suppress`].
pub fn suppress_linked(table: &Table, min_count: u64, linked: &Linked) -> Published {
    suppress_linked_within(table, min_count, Some(linked), AUDIT_BUDGET)
}

/// The tidy-up's own work budget when the audit's is `budget` and it left
/// `left` of it: half the audit's, or what it left if that is more (so
/// never less than it had when it ran on what was left; at most the
/// audit's and the tidy-up's together, 1.5 × `budget`).
fn tidy_budget(budget: u64, left: u64) -> u64 {
    (budget / 2).max(left)
}

fn suppress_linked_within(
    table: &Table,
    min_count: u64,
    linked: Option<&Linked>,
    budget: u64,
) -> Published {
    let small = |v: u64| v > 0 && v < min_count;
    let hide = |v: u64, link: Option<&Link>| small(v) || (v > 0 && link.is_some_and(|l| l.forced));
    let mut published = Published {
        cells: table
            .cells
            .iter()
            .enumerate()
            .map(|(r, row)| {
                row.iter()
                    .enumerate()
                    .map(|(c, v)| hide(*v, linked.and_then(|l| l.cells.get(r)?.get(c))))
                    .collect()
            })
            .collect(),
        row_totals: table
            .row_totals
            .iter()
            .enumerate()
            .map(|(r, v)| hide(*v, linked.and_then(|l| l.row_totals.get(r))))
            .collect(),
        column_totals: table
            .column_totals
            .iter()
            .enumerate()
            .map(|(c, v)| hide(*v, linked.and_then(|l| l.column_totals.get(c))))
            .collect(),
        total: hide(table.total, linked.map(|l| &l.total)),
        conservative: false,
        tidy_incomplete: false,
    };
    if published.hidden() == 0 {
        return published;
    }
    let mut layout = Layout::of(table);
    if let Some(linked) = linked {
        layout.link(linked);
    }
    // The small and the forced counts are never shown again.
    let primary = layout.hidden(&published);
    if table.columns_by.is_none() {
        one_dimension(&layout, table, &mut published);
    } else {
        two_dimensions(&layout, table, &mut published);
    }
    let mut hidden = layout.hidden(&published);
    let chosen = hidden.clone();
    let member_of = layout.member_of();
    let mut left = budget;
    let mut known = vec![layout.values.iter().map(|v| *v as f64).collect()];
    if let Err(troubled) = audit_and_extend(
        &layout,
        &member_of,
        min_count,
        &mut hidden,
        &mut known,
        &mut left,
    ) {
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
        // What the extension hid in vain first; then what the graph step
        // hid (it may close a bridge by a long chain of cells where,
        // with the extension's counts hidden too, fewer do), never to
        // the cost of the first.
        let mut tidy = tidy_budget(budget, left);
        let but_graph_step: Vec<bool> =
            chosen.iter().zip(&primary).map(|(c, p)| !c || *p).collect();
        published.tidy_incomplete = !show_again(
            &layout,
            &member_of,
            min_count,
            &chosen,
            &mut hidden,
            &mut known,
            &mut tidy,
        ) || !show_again(
            &layout,
            &member_of,
            min_count,
            &but_graph_step,
            &mut hidden,
            &mut known,
            &mut tidy,
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
/// only together. Among the hidden counts `chosen` does not mark (first
/// the extension's, then the graph step's; never the small and the
/// forced ones): each total, the dearest
/// first ([`Layout::dearness`]: the grand total first), then the largest,
/// is shown again if every hidden count still passes the audit without
/// it; then the cells all at once; then, if that failed, each cell, the
/// largest first. What stays hidden passed the whole audit, so the table
/// is as safe.
///
/// Each attempt re-audits only the hidden counts tied through sums to
/// what it shows (no other count's programme changes), and keeps the
/// assignments of `known` that still fit: those where every count it
/// shows has its true value (they fit every pattern that hides as much
/// or more). `false` when `budget` ran out before every attempt was made:
/// the rest stays hidden.
#[allow(clippy::too_many_arguments)]
fn show_again(
    layout: &Layout,
    member_of: &[Vec<usize>],
    min_count: u64,
    chosen: &[bool],
    hidden: &mut [bool],
    known: &mut Vec<Vec<f64>>,
    budget: &mut u64,
) -> bool {
    let mut extra: Vec<usize> = (0..hidden.len())
        .filter(|e| hidden[*e] && !chosen[*e])
        .collect();
    extra.sort_by_key(|e| {
        (
            std::cmp::Reverse(layout.dearness(*e)),
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
        if group.iter().any(|e| !hidden[*e]) {
            continue;
        }
        let mut touched = vec![false; hidden.len()];
        for &e in &group {
            for t in component(layout, member_of, hidden, e).0 {
                touched[t] = true;
            }
        }
        for &e in &group {
            hidden[e] = false;
            touched[e] = false;
        }
        let true_value = |p: &Vec<f64>| {
            group
                .iter()
                .all(|e| (p[*e] - layout.values[*e] as f64).abs() <= SLACK)
        };
        let (fit, unfit): (Vec<_>, Vec<_>) =
            std::mem::take(known).into_iter().partition(true_value);
        *known = fit;
        let outcome = audit_some(
            layout,
            member_of,
            min_count,
            hidden,
            (0..hidden.len()).filter(|e| touched[*e]),
            known,
            budget,
        );
        if outcome != Ok(true) {
            // Hiding the group again widens every range: every point
            // found fits that pattern too.
            for &e in &group {
                hidden[e] = true;
            }
            known.extend(unfit);
        }
        if outcome.is_err() {
            return false;
        }
    }
    true
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
    let all = (0..hidden.len()).filter(|e| hidden[*e]);
    audit_some(
        layout, member_of, min_count, hidden, all, &mut known, budget,
    ) == Ok(true)
}

/// Whether each of `entries` (hidden in `hidden`) passes the audit, with
/// the assignments `known` to fit the pattern (and those found added);
/// `Err` when `budget` runs out first.
fn audit_some(
    layout: &Layout,
    member_of: &[Vec<usize>],
    min_count: u64,
    hidden: &[bool],
    entries: impl Iterator<Item = usize>,
    known: &mut Vec<Vec<f64>>,
    budget: &mut u64,
) -> Result<bool, OutOfBudget> {
    for entry in entries {
        let (tied, sums) = component(layout, member_of, hidden, entry);
        if !passes(
            layout, member_of, min_count, hidden, entry, &tied, &sums, known, budget,
        )? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn one_dimension(layout: &Layout, table: &Table, published: &mut Published) {
    let hidden = published.row_totals.iter().filter(|h| **h).count() + usize::from(published.total);
    if hidden != 1 {
        return;
    }
    // Hide the cheapest other non-zero value's count of the one sum (the
    // least dear to the report, then the smallest); the total only if
    // there is none (zeros are shown).
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
    match candidates.into_iter().min_by_key(|(i, v)| {
        let entry = i.unwrap_or(layout.values.len() - 1);
        (i.is_none(), layout.dearness(entry), *v)
    }) {
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

fn two_dimensions(layout: &Layout, table: &Table, published: &mut Published) {
    let rows = table.rows.len();
    let columns = table.columns.len();
    // The entry's index in `layout`.
    let index = |e: Entry| -> usize {
        let cells = rows * columns;
        match (e.row == rows, e.column == columns) {
            (false, false) => e.row * columns + e.column,
            (false, true) => cells + e.row,
            (true, false) => cells + rows + e.column,
            (true, true) => cells + rows + columns,
        }
    };
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
                    Some((e, Cost::of(layout.dearness(index(e)), value(e))))
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
/// order: how many grand totals, then how many row or column totals (the
/// figures a report is read for: the victims of a status, of a sex),
/// then the counts' sum; each count by its [`Layout::dearness`] (in the
/// annual report the dearest place it has in any table, a total counted
/// once for each table that shows it). Any number of
/// interior cells costs less than one total, so the graph step closes a
/// cycle with a total only where no path of interior cells does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Cost {
    grand_total: u64,
    totals: u64,
    value: u64,
}

impl Cost {
    /// The cost of hiding a count of `value` with [`Layout::dearness`]
    /// `(rank, tables)`: rank 0 an interior cell, 1 a row or column total,
    /// 2 a grand total, counted in each of `tables`.
    fn of((rank, tables): (u8, u32), value: u64) -> Cost {
        let tables = u64::from(tables.max(1));
        Cost {
            grand_total: if rank >= 2 { tables } else { 0 },
            totals: if rank == 1 { tables } else { 0 },
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
            ranks: Vec::new(),
            shown_in: Vec::new(),
            cell_elsewhere: Vec::new(),
        }
        .ranked();
        let member_of = layout.member_of();
        let mut hidden = vec![true, true, false];
        let mut budget = AUDIT_BUDGET;
        assert_eq!(
            audit_and_extend(
                &layout,
                &member_of,
                5,
                &mut hidden,
                &mut vec![],
                &mut budget
            ),
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
            ranks: Vec::new(),
            shown_in: Vec::new(),
            cell_elsewhere: Vec::new(),
        }
        .ranked();
        let member_of = layout.member_of();
        let mut hidden = vec![true, false, false, false];
        let mut budget = AUDIT_BUDGET;
        assert_eq!(
            audit_and_extend(
                &layout,
                &member_of,
                2,
                &mut hidden,
                &mut vec![],
                &mut budget
            ),
            Ok(())
        );
        assert_eq!(
            hidden,
            [true, true, false, false],
            "the next smallest is hidden too"
        );
    }
}
