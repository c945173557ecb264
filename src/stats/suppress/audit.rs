//! The audit of a suppressed table: every count of the table in one list
//! with the sums that tie them ([`Layout`]), and for each hidden count the
//! range a reader could work out from what is published (a linear
//! programme over those sums, `range_end`); a count passes when that range
//! still holds 1 and `min_count` − 1. [`audit_and_extend`] hides more until
//! every hidden count passes.

use super::*;

/// A published sum: `parts` add up to `whole` (exactly, or, along a
/// multi-valued dimension, to at least `whole` with no part above it).
/// Entries are indices into [`Layout::values`].
#[derive(Debug, Clone)]
pub(super) struct Sum {
    pub(super) whole: usize,
    pub(super) parts: Vec<usize>,
    pub(super) exact: bool,
    /// Along a multi-valued dimension, the part counting the cases with no
    /// value ("unknown"), if the table has one: a case counts there exactly
    /// when it counts under no other part, so each other part and it add
    /// up to at most the whole.
    pub(super) unknown: Option<usize>,
}

/// Every count of a table in one list (cells row by row, row totals,
/// column totals, the total) with the sums that tie them together.
#[derive(Debug)]
pub(super) struct Layout {
    pub(super) values: Vec<u64>,
    /// Whether an entry is a cell (of a cross-table; a value's count in a
    /// one-dimension table) rather than a total.
    pub(super) cell: Vec<bool>,
    pub(super) sums: Vec<Sum>,
    pub(super) two_dimensions: bool,
    /// [`Layout::rank`] of each entry.
    pub(super) ranks: Vec<u8>,
    /// In how many tables each entry is shown (1 but in a report's linked
    /// tables: see [`Link::shown_in`]).
    pub(super) shown_in: Vec<u32>,
    /// Whether an entry is a cell of another table of a report (see
    /// [`Link::cell`]).
    pub(super) cell_elsewhere: Vec<bool>,
}

impl Layout {
    pub(super) fn of(table: &Table) -> Layout {
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
        let columns_multi = table
            .columns_by
            .is_some_and(crate::stats::Dimension::multi_valued);
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
            ranks: Vec::new(),
            shown_in: Vec::new(),
            cell_elsewhere: Vec::new(),
        }
        .ranked()
    }

    /// The layout with each entry ranked by its place in the table and
    /// known as a cell of no other table.
    pub(super) fn ranked(mut self) -> Layout {
        let last = self.values.len() - 1;
        self.ranks = (0..self.values.len())
            .map(|e| match (self.cell[e], e == last) {
                (true, _) => 0,
                (false, true) => 2,
                (false, false) => 1,
            })
            .collect();
        self.shown_in = vec![1; self.values.len()];
        self.cell_elsewhere = vec![false; self.values.len()];
        self
    }

    /// Takes in what a report's other tables say of each count: the
    /// dearer rank, and whether it is a cell somewhere.
    pub(super) fn link(&mut self, linked: &Linked) {
        let mut links: Vec<Link> = if self.two_dimensions {
            linked.cells.iter().flatten().copied().collect()
        } else {
            Vec::new()
        };
        links.extend(&linked.row_totals);
        links.extend(&linked.column_totals);
        links.push(linked.total);
        if links.len() != self.values.len() {
            debug_assert!(false, "links of another shape");
            return;
        }
        for (e, link) in links.iter().enumerate() {
            self.ranks[e] = self.ranks[e].max(link.rank);
            self.shown_in[e] = link.shown_in.max(1);
            self.cell_elsewhere[e] = link.cell;
        }
    }

    /// How dear an entry is to a reader: 0 for an interior cell (a
    /// value's count in a one-dimension table), 1 for a row or column
    /// total, 2 for the grand total; in a report's linked tables, the
    /// dearest it is in any of them ([`Link::rank`]).
    pub(super) fn rank(&self, entry: usize) -> u8 {
        self.ranks[entry]
    }

    /// How dear an entry is, compared in this order: its
    /// [`Layout::rank`], then, for a total, in how many tables it is
    /// shown (a status total of the annual report heads five tables and
    /// a column of the comparison; the comparison's two-year totals, only
    /// that table).
    pub(super) fn dearness(&self, entry: usize) -> (u8, u32) {
        let rank = self.rank(entry);
        (rank, if rank > 0 { self.shown_in[entry] } else { 0 })
    }

    /// The least value of hidden `entry` that the rule alone gives it, so
    /// that no suppression pattern can hide it: 1 for a cell (zeros are
    /// shown); for a total, over each sum it is the whole of, its hidden
    /// parts at their least and its published parts at their values added
    /// up (along a multi-valued dimension, the greatest part, with the
    /// unknown one beside it).
    pub(super) fn least(&self, member_of: &[Vec<usize>], hidden: &[bool], entry: usize) -> u64 {
        let of = |e: usize| {
            if hidden[e] {
                self.least(member_of, hidden, e)
            } else {
                self.values[e]
            }
        };
        member_of[entry]
            .iter()
            .map(|s| &self.sums[*s])
            .filter(|sum| sum.whole == entry)
            .map(|sum| {
                if sum.exact {
                    sum.parts.iter().map(|p| of(*p)).sum()
                } else {
                    let unknown = sum.unknown.map_or(0, of);
                    sum.parts
                        .iter()
                        .map(|p| of(*p) + if Some(*p) == sum.unknown { 0 } else { unknown })
                        .max()
                        .unwrap_or(0)
                }
            })
            .fold(1, u64::max)
    }

    /// For each entry, the sums it is a part or the whole of.
    pub(super) fn member_of(&self) -> Vec<Vec<usize>> {
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
    pub(super) fn hidden(&self, published: &Published) -> Vec<bool> {
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

    pub(super) fn apply(&self, hidden: &[bool], published: &mut Published) {
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
pub(super) const SLACK: f64 = 1e-6;

/// Audits every hidden count of `hidden` and hides more until each passes.
/// `Err` with the counts not shown safe: those that failed with nothing
/// left to hide beside them and, if `budget` ran out, every one not yet
/// audited.
pub(super) fn audit_and_extend(
    layout: &Layout,
    member_of: &[Vec<usize>],
    min_count: u64,
    hidden: &mut [bool],
    known: &mut Vec<Vec<f64>>,
    budget: &mut u64,
) -> Result<(), Vec<usize>> {
    let mut failed = Vec::new();
    let mut queue: Vec<usize> = (0..hidden.len()).filter(|e| hidden[*e]).collect();
    // `known`: assignments known to fit what is published (the table
    // itself, and each the programme finds): hiding more keeps every one
    // of them fitting, and most ends of a range are reached by one found
    // for another count, so fewer programmes run.
    let mut next = 0;
    while let Some(&entry) = queue.get(next) {
        let (entries, sums) = component(layout, member_of, hidden, entry);
        match passes(
            layout, member_of, min_count, hidden, entry, &entries, &sums, known, budget,
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
                let dear = layout.dearness(*e);
                let near = if dear.0 == 0 { *distance } else { 0 };
                (dear, near, layout.values[*e], *distance, *e)
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
pub(super) fn component(
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
/// for a primary count (for a small total that is a cell of another
/// table, from the least its parts give it, [`Layout::least`], up to
/// K − 1), more than one value for a secondary one. `Err` when `budget` runs out before that is
/// known.
#[allow(clippy::too_many_arguments)]
pub(super) fn passes(
    layout: &Layout,
    member_of: &[Vec<usize>],
    min_count: u64,
    hidden: &[bool],
    entry: usize,
    entries: &[usize],
    sums: &[usize],
    known: &mut Vec<Vec<f64>>,
    budget: &mut u64,
) -> Result<bool, OutOfBudget> {
    let primary =
        bounded_above(layout, min_count, entry) || small_cell_elsewhere(layout, min_count, entry);
    let top = (min_count - 1) as f64;
    let bottom = if layout.cell[entry] {
        1.0
    } else {
        layout.least(member_of, hidden, entry) as f64
    };
    let seen_low = known.iter().map(|p| p[entry]).fold(f64::INFINITY, f64::min);
    let seen_high = known
        .iter()
        .map(|p| p[entry])
        .fold(f64::NEG_INFINITY, f64::max);
    // Ends already reached by a known assignment need no programme.
    let low_done = if primary {
        seen_low <= bottom + SLACK
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
        (Some(low), Some(high)) if primary => low <= bottom + SLACK && high >= top - SLACK,
        (Some(low), Some(high)) => high - low >= 1.0 - SLACK,
        _ => false,
    })
}

/// Whether the audit takes `entry` to be a small cell, known to lie in
/// 1..K−1. Not with K = 2: "between 1 and 1" is the value itself, so a
/// small cell is audited as any other hidden count (at least 1, and never
/// fixed by what is published), or the audit would pass a cell that a
/// published row total gives away.
pub(super) fn bounded_above(layout: &Layout, min_count: u64, entry: usize) -> bool {
    min_count > 2 && layout.cell[entry] && layout.values[entry] < min_count
}

/// Whether `entry` is a small total here and a cell of another table of
/// a report, where a reader learns it is below K: it is audited as
/// strictly as there, its range reaching K − 1 (and down to the least its
/// parts give it by the rule alone, which no pattern can hide). Its
/// programme does not bound it by K − 1: that would bound its parts by
/// less than K − 1 through the rule alone (a total below K of two
/// non-zero cells leaves each at most K − 2), which no pattern can hide
/// either.
pub(super) fn small_cell_elsewhere(layout: &Layout, min_count: u64, entry: usize) -> bool {
    min_count > 2
        && !layout.cell[entry]
        && layout.cell_elsewhere[entry]
        && layout.values[entry] < min_count
}

/// An end of a count's range, and the whole table at that end when the
/// programme gave one.
pub(super) type RangeEnd = (f64, Option<Vec<f64>>);

/// The least (or greatest) value of `entry` the published table allows;
/// `f64::INFINITY` when nothing bounds it above; `None` if no assignment
/// fits (the table would then not be the one counted: hide more).
#[allow(clippy::too_many_arguments)]
pub(super) fn range_end(
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
pub(super) fn at_most_whole(
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
