//! Small-count protection. A count below the threshold (but not zero) is
//! hidden (primary suppression); then more counts are hidden until none of
//! the hidden ones can be worked out from what is shown (secondary
//! suppression).
//!
//! A two-dimension table with its totals is a set of sums: each row of
//! cells adds up to the row total, each column to the column total, the
//! totals to the grand total. Seen as a graph whose nodes are those sums
//! (rows, the total row, columns, the total column) and whose edges are the
//! hidden counts (each count lies in exactly one row sum and one column
//! sum), a hidden count can be worked out exactly if and only if its edge is
//! a bridge: on a cycle, values can be shifted up and down alternately
//! without changing any sum. So counts are hidden until no hidden edge is a
//! bridge. A one-dimension table is one sum: it needs 0 or at least 2
//! hidden counts.
//!
//! For multi-valued dimensions the sums do not hold exactly (a case counts
//! in several cells); the same rule is applied anyway.

use super::Table;

/// Which counts of a table are hidden (`true`) when it leaves the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub cells: Vec<Vec<bool>>,
    pub row_totals: Vec<bool>,
    pub column_totals: Vec<bool>,
    pub total: bool,
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

/// Decides which counts of `table` to hide with threshold `min_count`
/// (1 or less hides nothing).
pub fn suppress(table: &Table, min_count: u64) -> Published {
    let small = |v: u64| v > 0 && v < min_count;
    let mut published = Published {
        cells: table
            .cells
            .iter()
            .map(|row| row.iter().map(|v| small(*v)).collect())
            .collect(),
        row_totals: table.row_totals.iter().map(|v| small(*v)).collect(),
        column_totals: table.column_totals.iter().map(|v| small(*v)).collect(),
        total: small(table.total),
    };
    if table.columns_by.is_none() {
        one_dimension(table, &mut published);
    } else {
        two_dimensions(table, &mut published);
    }
    published
}

fn one_dimension(table: &Table, published: &mut Published) {
    let hidden = published.row_totals.iter().filter(|h| **h).count() + usize::from(published.total);
    if hidden != 1 {
        return;
    }
    // Hide the smallest other count of the one sum.
    let mut candidates: Vec<(Option<usize>, u64)> = table
        .row_totals
        .iter()
        .enumerate()
        .filter(|(i, _)| !published.row_totals[*i])
        .map(|(i, v)| (Some(i), *v))
        .collect();
    if !published.total {
        candidates.push((None, table.total));
    }
    match candidates.into_iter().min_by_key(|(_, v)| *v) {
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
        // Hide the smallest shown count in the bridge's row or column.
        let candidate = all
            .iter()
            .copied()
            .filter(|e| {
                (e.row == bridge.row || e.column == bridge.column) && !is_hidden(published, *e)
            })
            .min_by_key(|e| value(*e));
        match candidate {
            Some(entry) => hide(published, entry),
            None => {
                for entry in &all {
                    hide(published, *entry);
                }
                return;
            }
        }
    }
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
