//! The report's tables read together, as a reader would: every count
//! known by its set of cases (`Cases`), every exact sum of every table
//! (a single-valued dimension's parts add up to their whole), every
//! published value, and a hidden count at least 1 (zeros are shown). The
//! range of each count follows by propagation over the sums until nothing
//! changes. Each table's own audit is stricter within the table, but two
//! tables can each bound a shared hidden count and only together pin it:
//! forced labour, identified, hidden in the form × status table beside
//! its published row total of 3, and split into two hidden cells (a woman
//! and a man) by the form × sex table of the identified: at least 2 there,
//! its presumed sibling at least 1, so exactly 2 and 1.
//!
//! [`failing`] names such a count: a hidden one fixed, or a small one
//! (below K) known to lie in 2..K − 1. The report then hides one more
//! published count tied to it and suppresses again.

use std::collections::HashMap;

use super::{Cases, CountSets};
use crate::stats::{Published, Table};

/// Everything the propagation knows of one count.
struct Count {
    value: u64,
    hidden: bool,
}

/// The counts of every table, each set of cases once, and the exact sums
/// among them (`(whole, parts)`).
struct Reading<'a> {
    counts: Vec<Count>,
    cases: Vec<&'a Cases>,
    sums: Vec<(usize, Vec<usize>)>,
}

impl<'a> Reading<'a> {
    fn of(tables: &[Table], sets: &'a [CountSets], published: &[Published]) -> Reading<'a> {
        let mut reading = Reading {
            counts: Vec::new(),
            cases: Vec::new(),
            sums: Vec::new(),
        };
        let mut ids: HashMap<&'a Cases, usize> = HashMap::new();
        for ((table, set), p) in tables.iter().zip(sets).zip(published) {
            let (cells, rows, columns, total) = set;
            let mut id = |cases: &'a Cases, value: u64, hidden: bool| -> usize {
                let next = reading.counts.len();
                let at = *ids.entry(cases).or_insert(next);
                if at == next {
                    reading.counts.push(Count { value, hidden });
                    reading.cases.push(cases);
                } else {
                    reading.counts[at].hidden |= hidden;
                }
                at
            };
            let row_ids: Vec<usize> = rows
                .iter()
                .enumerate()
                .map(|(r, c)| id(c, table.row_totals[r], p.row_totals[r]))
                .collect();
            let total_id = id(total, table.total, p.total);
            let rows_exact = !table.rows_by.multi_valued();
            if rows_exact {
                reading.sums.push((total_id, row_ids.clone()));
            }
            let Some(columns_by) = table.columns_by else {
                continue;
            };
            let column_ids: Vec<usize> = columns
                .iter()
                .enumerate()
                .map(|(c, cases)| id(cases, table.column_totals[c], p.column_totals[c]))
                .collect();
            let cell_ids: Vec<Vec<usize>> = cells
                .iter()
                .enumerate()
                .map(|(r, row)| {
                    row.iter()
                        .enumerate()
                        .map(|(c, cases)| id(cases, table.cells[r][c], p.cells[r][c]))
                        .collect()
                })
                .collect();
            if !columns_by.multi_valued() {
                reading.sums.push((total_id, column_ids.clone()));
                for (r, row) in cell_ids.iter().enumerate() {
                    reading.sums.push((row_ids[r], row.clone()));
                }
            }
            if rows_exact {
                for (c, column) in column_ids.iter().enumerate() {
                    let parts = cell_ids.iter().filter_map(|row| row.get(c).copied());
                    reading.sums.push((*column, parts.collect()));
                }
            }
        }
        reading
    }

    /// The least and greatest value of every count a reader can work out.
    fn ranges(&self) -> (Vec<u64>, Vec<u64>) {
        let unbounded = u64::MAX / 4;
        let mut low: Vec<u64> = self
            .counts
            .iter()
            .map(|c| if c.hidden { 1 } else { c.value })
            .collect();
        let mut high: Vec<u64> = self
            .counts
            .iter()
            .map(|c| if c.hidden { unbounded } else { c.value })
            .collect();
        // Each pass only raises a low end or lowers a high end, by whole
        // numbers, within the true value: it ends. The cap only guards
        // against a very slow approach; it is far above what a report's
        // sums need.
        for _ in 0..10_000 {
            let mut changed = false;
            for (whole, parts) in &self.sums {
                let parts_low: u64 = parts.iter().map(|p| low[*p]).sum();
                let parts_high = parts
                    .iter()
                    .fold(0u64, |sum, p| sum.saturating_add(high[*p]))
                    .min(unbounded);
                if parts_low > low[*whole] {
                    low[*whole] = parts_low;
                    changed = true;
                }
                if parts_high < high[*whole] {
                    high[*whole] = parts_high;
                    changed = true;
                }
                for &part in parts {
                    let others_low = parts_low - low[part];
                    let others_high = parts
                        .iter()
                        .filter(|q| **q != part)
                        .fold(0u64, |sum, q| sum.saturating_add(high[*q]))
                        .min(unbounded);
                    if high[*whole] < unbounded {
                        let most = high[*whole].saturating_sub(others_low);
                        if most < high[part] {
                            high[part] = most;
                            changed = true;
                        }
                    }
                    if others_high < unbounded && low[*whole] > others_high {
                        let least = low[*whole] - others_high;
                        if least > low[part] {
                            low[part] = least;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        (low, high)
    }
}

/// A hidden count the tables together give away — fixed, or a small one
/// known to lie in 2..K − 1 — and the published counts in a sum with it,
/// whose hiding would widen its range. `None` when there is none.
pub(super) fn failing<'a>(
    tables: &[Table],
    sets: &'a [CountSets],
    published: &[Published],
    min_count: u64,
) -> Option<(&'a Cases, Vec<(&'a Cases, u64)>)> {
    let reading = Reading::of(tables, sets, published);
    let (low, high) = reading.ranges();
    let given_away = (0..reading.counts.len()).find(|&i| {
        let count = &reading.counts[i];
        count.hidden
            && count.value > 0
            && (low[i] == high[i]
                || (count.value < min_count && low[i] >= 2 && high[i] < min_count))
    })?;
    // The published counts in a sum with it, then, if none, in a sum with
    // a hidden count of those sums (the range came through them).
    let mut reached = vec![false; reading.counts.len()];
    let mut frontier = vec![given_away];
    reached[given_away] = true;
    let mut shown = Vec::new();
    while shown.is_empty() && !frontier.is_empty() {
        let mut next = Vec::new();
        for &at in &frontier {
            for (whole, parts) in &reading.sums {
                if *whole != at && !parts.contains(&at) {
                    continue;
                }
                for &other in parts.iter().chain([whole]) {
                    if reached[other] {
                        continue;
                    }
                    reached[other] = true;
                    let count = &reading.counts[other];
                    if !count.hidden && count.value > 0 {
                        shown.push((reading.cases[other], count.value));
                    } else if count.hidden {
                        next.push(other);
                    }
                }
            }
        }
        frontier = next;
    }
    Some((reading.cases[given_away], shown))
}
