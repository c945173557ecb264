//! The report's tables read together, as a reader would: every count
//! known by its set of cases (`Cases`), every sum of every table (a
//! single-valued dimension's parts add up to their whole; a multi-valued
//! one's to at least the whole, none above it, nor with the unknown
//! part), every published value, and a hidden count at least 1 (zeros are
//! shown). The range of each count follows by propagation over the sums
//! until nothing changes. Each table's own audit is stricter within the table, but two
//! tables can each bound a shared hidden count and only together pin it:
//! forced labour, identified, hidden in the form × status table beside
//! its published row total of 3, and split into two hidden cells (a woman
//! and a man) by the form × sex table of the identified: at least 2 there,
//! its presumed sibling at least 1, so exactly 2 and 1.
//!
//! [`failing`] names such a count: a hidden one fixed, or a small one
//! (below K) that cannot reach K − 1, or that cannot be as low as the rule
//! alone lets it be (its *floor*: the least it can be with every non-zero
//! count hidden, its hidden parts at 1 each and the zeros as they are;
//! that much no pattern hides, as for a small total in one table). The
//! report then hides one more published count tied to it and suppresses
//! again. `attack.rs` checks the result with an attack on whole numbers
//! of cases, written apart from this.

use std::collections::HashMap;

use super::{Cases, CountSets};
use crate::stats::{Published, Table};

/// Everything the propagation knows of one count.
#[derive(Clone)]
struct Count {
    value: u64,
    hidden: bool,
}

/// A sum along a multi-valued dimension: a case counts under each of its
/// values, or under "unknown" when it has none, so the parts add up to at
/// least the whole, none exceeds it, and no part with the unknown one
/// does either.
#[derive(Clone)]
struct Loose {
    whole: usize,
    parts: Vec<usize>,
    unknown: Option<usize>,
}

/// The counts of every table, each set of cases once, the exact sums
/// among them (`(whole, parts)`) and the loose ones.
#[derive(Clone)]
struct Reading<'a> {
    counts: Vec<Count>,
    cases: Vec<&'a Cases>,
    sums: Vec<(usize, Vec<usize>)>,
    loose: Vec<Loose>,
}

impl<'a> Reading<'a> {
    /// The report as published.
    fn of(tables: &[Table], sets: &'a [CountSets], published: &[Published]) -> Reading<'a> {
        let mut reading = Reading {
            counts: Vec::new(),
            cases: Vec::new(),
            sums: Vec::new(),
            loose: Vec::new(),
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
            let unknown_row = table.rows.iter().position(Option::is_none);
            let mut sum = |whole: usize, parts: Vec<usize>, exact: bool, unknown: Option<usize>| {
                if exact {
                    reading.sums.push((whole, parts));
                } else {
                    let unknown = unknown.and_then(|u| parts.get(u).copied());
                    reading.loose.push(Loose {
                        whole,
                        parts,
                        unknown,
                    });
                }
            };
            sum(total_id, row_ids.clone(), rows_exact, unknown_row);
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
            let columns_exact = !columns_by.multi_valued();
            let unknown_column = table.columns.iter().position(Option::is_none);
            sum(total_id, column_ids.clone(), columns_exact, unknown_column);
            for (r, row) in cell_ids.iter().enumerate() {
                sum(row_ids[r], row.clone(), columns_exact, unknown_column);
            }
            for (c, column) in column_ids.iter().enumerate() {
                let parts = cell_ids.iter().filter_map(|row| row.get(c).copied());
                sum(*column, parts.collect(), rows_exact, unknown_row);
            }
        }
        reading
    }

    /// The same reading with the counts `also` picks (by index and count)
    /// hidden as well.
    fn hiding(&self, also: impl Fn(usize, &Count) -> bool) -> Reading<'a> {
        let mut reading = self.clone();
        for (i, count) in reading.counts.iter_mut().enumerate() {
            count.hidden |= also(i, count);
        }
        reading
    }

    /// The least and greatest value of every count a reader can work out,
    /// and whether the propagation settled (else the ranges may be wider
    /// than a reader's).
    fn ranges(&self) -> (Vec<u64>, Vec<u64>, bool) {
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
        let mut settled = false;
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
            for loose in &self.loose {
                changed |= loose.narrow(&mut low, &mut high, unbounded);
            }
            if !changed {
                settled = true;
                break;
            }
        }
        (low, high, settled)
    }
}

impl Loose {
    /// Narrows the ranges of its counts by what it says; whether any
    /// changed.
    fn narrow(&self, low: &mut [u64], high: &mut [u64], unbounded: u64) -> bool {
        let mut changed = false;
        let mut lower = |at: usize, to: u64, high: &mut [u64]| {
            if to < high[at] {
                high[at] = to;
                changed = true;
            }
        };
        let whole = self.whole;
        // At most the parts together.
        let parts_high = self
            .parts
            .iter()
            .fold(0u64, |sum, p| sum.saturating_add(high[*p]))
            .min(unbounded);
        lower(whole, parts_high, high);
        for &part in &self.parts {
            // No part exceeds the whole, nor does it with the unknown one.
            lower(part, high[whole], high);
            if let Some(unknown) = self.unknown.filter(|u| *u != part)
                && high[whole] < unbounded
            {
                lower(part, high[whole].saturating_sub(low[unknown]), high);
                lower(unknown, high[whole].saturating_sub(low[part]), high);
            }
        }
        let mut raise = |at: usize, to: u64, low: &mut [u64]| {
            if to > low[at] {
                low[at] = to;
                changed = true;
            }
        };
        for &part in &self.parts {
            raise(whole, low[part], low);
            if let Some(unknown) = self.unknown.filter(|u| *u != part) {
                raise(whole, low[part] + low[unknown], low);
            }
            let others_high = self
                .parts
                .iter()
                .filter(|q| **q != part)
                .fold(0u64, |sum, q| sum.saturating_add(high[*q]))
                .min(unbounded);
            if others_high < unbounded && low[whole] > others_high {
                raise(part, low[whole] - others_high, low);
            }
        }
        changed
    }

    /// The counts it ties, the whole first.
    fn counts(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.whole).chain(self.parts.iter().copied())
    }
}

/// The published count to hide next, if the tables together give a
/// hidden count away — fixed, or a small one held below K − 1 or above
/// its floor (or the reading did not settle): among the published counts
/// in a sum with it (else in a sum with a hidden count of those sums, the
/// range came through them), the cheapest by `cost` whose hiding widens
/// its range, else the cheapest. `None` when nothing is given away.
pub(super) fn to_hide<'a, C: Ord>(
    tables: &[Table],
    sets: &'a [CountSets],
    published: &[Published],
    min_count: u64,
    cost: impl Fn(&Cases, u64) -> C,
) -> Option<&'a Cases> {
    let reading = Reading::of(tables, sets, published);
    let (low, high, settled) = reading.ranges();
    // The least a count can be however much is hidden (its hidden parts
    // at 1 each, and what zeros force): the rule alone, not the pattern.
    let (floor, _, _) = reading.hiding(|_, count| count.value > 0).ranges();
    let given_away = (0..reading.counts.len()).find(|&i| {
        let count = &reading.counts[i];
        let small = count.value < min_count;
        count.hidden
            && count.value > 0
            && (!settled
                || low[i] == high[i]
                || (small && high[i] < min_count - 1)
                || (small && low[i] > floor[i].max(1)))
    })?;
    let mut reached = vec![false; reading.counts.len()];
    let mut frontier = vec![given_away];
    reached[given_away] = true;
    let mut shown = Vec::new();
    while shown.is_empty() && !frontier.is_empty() {
        let mut next = Vec::new();
        for &at in &frontier {
            let exact = reading.sums.iter().map(|(whole, parts)| {
                std::iter::once(*whole)
                    .chain(parts.iter().copied())
                    .collect()
            });
            let loose = reading
                .loose
                .iter()
                .map(|l| l.counts().collect::<Vec<usize>>());
            for tied in exact.chain(loose) {
                if !tied.contains(&at) {
                    continue;
                }
                for &other in &tied {
                    if reached[other] {
                        continue;
                    }
                    reached[other] = true;
                    let count = &reading.counts[other];
                    if !count.hidden && count.value > 0 {
                        shown.push(other);
                    } else if count.hidden {
                        next.push(other);
                    }
                }
            }
        }
        frontier = next;
    }
    shown.sort_by_key(|&o| (cost(reading.cases[o], reading.counts[o].value), o));
    // A few candidates tried, each one more reading: enough to pass over
    // the cells of a loose sum that leave the range as it was.
    let widens = |&&o: &&usize| {
        let (l, h, _) = reading.hiding(|i, _| i == o).ranges();
        l[given_away] < low[given_away] || h[given_away] > high[given_away]
    };
    let chosen = shown.iter().take(16).find(widens).or(shown.first())?;
    Some(reading.cases[*chosen])
}
