//! The audit of the report's status × sex × form cube. Three tables of the
//! report are margins of one cube over the same cases: `victims-sex`
//! (status × sex), `victims-form` (form × status) and `form-sex` (form ×
//! sex). Their counts have different sets of cases, so the linking of
//! [`super::publish`] (a set hidden in one table is hidden in every table
//! that shows it) does not tie them; but they bound each other (Fréchet
//! bounds): identified and presumed victims of forced labour are at most,
//! sex by sex, the smaller of the victims of that status and sex and the
//! victims of forced labour of that sex, so a published `form-sex` row
//! and a published `victims-sex` can narrow a hidden `victims-form` cell.
//!
//! The audit is the attacker's programme over the cube itself. Its unknowns
//! are n\[s, g\], the cases of status s and sex g, and y\[s, g, f\], those
//! of them counted under form f ("unknown", no form, among the forms). What
//! a reader knows of them whatever is published: y\[s, g, f\] ≤ n\[s, g\];
//! Σ_f y\[s, g, f\] ≥ n\[s, g\] (every case counts under some form or
//! under unknown); y\[s, g, f\] + y\[s, g, unknown\] ≤ n\[s, g\] (a case
//! with no form has none of the others). Status and sex are single-valued:
//! their sums are the n themselves. Every published count of the three
//! tables is an equation over these; every hidden one is at least 1 (zeros
//! are shown), a small hidden cell at most K − 1. Each hidden count then
//! passes as in a table's own audit: a small cell still ranges over the
//! whole of 1..K−1 (K > 2), any other hidden count (a small total
//! included) over more than one value. This is exact for the cube's
//! margins: any n and y meeting these constraints come from some cases
//! (each (s, g) apart, m = n − y\[unknown\] cases each with one form or
//! more, y\[f\] ≤ m of them under f and Σ_f y\[f\] ≥ m).
//!
//! One relaxation: zeros are always shown, and with them the rule alone
//! can narrow a cell of one table that is the sum of cells of another. Men
//! with no form, 3, of whom 1 identified and 2 presumed (both hidden, so
//! each at least 1), with no woman and no one of unknown sex without a
//! form (two zeros shown): the 3 is at least 2 however much is hidden.
//! No pattern helps there, so a count that fails the rule is held to the
//! range it has with every non-zero count of the three tables hidden: it
//! passes if it keeps that much (a small cell reaching as low and as high
//! within 1..K−1, any other count as many values, up to two).
//!
//! Not audited here: the other tables. Status × age, status × citizenship,
//! status × mission and the one-dimension tables share with these only
//! the status totals and the grand total (the same sets of cases, which
//! the linking covers); no table crosses age, citizenship or mission with
//! sex or form, so no third margin bounds their cells.

use std::collections::HashMap;

use super::{Cases, Spec, counts_of};
use crate::stats::lp::{Constraint, Extreme, OutOfBudget, Programme, Relation};
use crate::stats::{Dimension as D, Key, Published, Table};

/// Within how much of a whole number the solver's answer counts as it.
const SLACK: f64 = 1e-6;

/// The positions in the report's tables of the cube's three margins:
/// status × sex, form × status, form × sex. `None` when the report has
/// not all three, or they are not counted over the same cases (another
/// filter: the cube would then not be one).
pub(super) fn margins(specs: &[Spec], tables: &[Table]) -> Option<[usize; 3]> {
    let find = |rows_by: D, columns_by: D| {
        specs.iter().position(|s| {
            s.rows_by == rows_by
                && s.columns_by == Some(columns_by)
                && !s.two_years
                && s.form.is_none()
        })
    };
    let found = [
        find(D::TraffickingStatus, D::Gender)?,
        find(D::Form, D::TraffickingStatus)?,
        find(D::Form, D::Gender)?,
    ];
    let filter = &tables.get(found[0])?.filter;
    found
        .iter()
        .all(|t| tables.get(*t).is_some_and(|t| &t.filter == filter))
        .then_some(found)
}

/// One count of the three tables (a set of cases shown in more than one
/// of them is one count).
#[derive(Debug, Clone)]
pub(super) struct Count {
    pub(super) cases: Cases,
    pub(super) value: u64,
    pub(super) hidden: bool,
    /// 0 for an interior cell, 1 for a row or column total, 2 for a grand
    /// total: the dearest the count is in any of the tables.
    pub(super) rank: u8,
    /// An interior cell of one of the tables (audited as one when small).
    cell: bool,
    /// The unknowns it adds up.
    terms: Vec<usize>,
}

/// The three margins as one programme's pieces.
#[derive(Debug)]
pub(super) struct Cube {
    pub(super) counts: Vec<Count>,
    /// The published sums of the tables (a row with its total, a column
    /// with its total, the totals with the grand total), as counts.
    sums: Vec<Vec<usize>>,
    /// How many unknowns (n, then y).
    unknowns: usize,
    /// What holds whatever is published.
    structure: Vec<Constraint>,
}

/// Why the audit did not pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Failure {
    /// This count's range is narrower than the rule allows (and than
    /// hiding every count would leave it): what it needs.
    Count(usize, Need),
    /// The work budget ran out first.
    OutOfBudget,
}

/// The keys of `lists` in their first order, each once.
fn union<'a>(lists: impl IntoIterator<Item = &'a Vec<Key>>) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    for key in lists.into_iter().flatten() {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    keys
}

impl Cube {
    /// The cube of the margins `tables` (status × sex, form × status,
    /// form × sex) as `published` hides them.
    pub(super) fn of(tables: [&Table; 3], published: [&Published; 3]) -> Cube {
        let [by_sex, by_form, form_sex] = tables;
        let statuses = union([&by_sex.rows, &by_form.columns]);
        let sexes = union([&by_sex.columns, &form_sex.columns]);
        let forms = union([&by_form.rows, &form_sex.rows]);
        let (ns, ng, nf) = (statuses.len(), sexes.len(), forms.len());
        let n = |s: usize, g: usize| s * ng + g;
        let y = |s: usize, g: usize, f: usize| ns * ng + (s * ng + g) * nf + f;
        let unknowns = ns * ng * (1 + nf);
        let mut structure = Vec::new();
        let unknown = forms.iter().position(Option::is_none);
        let at_most_n = |terms| Constraint {
            terms,
            relation: Relation::AtMost,
            rhs: 0.0,
        };
        for s in 0..ns {
            for g in 0..ng {
                for f in 0..nf {
                    structure.push(at_most_n(vec![(y(s, g, f), 1.0), (n(s, g), -1.0)]));
                    if let Some(u) = unknown.filter(|u| *u != f) {
                        structure.push(at_most_n(vec![
                            (y(s, g, f), 1.0),
                            (y(s, g, u), 1.0),
                            (n(s, g), -1.0),
                        ]));
                    }
                }
                let mut terms: Vec<_> = (0..nf).map(|f| (y(s, g, f), 1.0)).collect();
                terms.push((n(s, g), -1.0));
                structure.push(Constraint {
                    terms,
                    relation: Relation::AtLeast,
                    rhs: 0.0,
                });
            }
        }
        let at = |keys: &[Key], key: &Key| keys.iter().position(|k| k == key);
        let all_n: Vec<usize> = (0..ns * ng).collect();
        let status_n = |s: usize| (0..ng).map(|g| n(s, g)).collect::<Vec<_>>();
        let sex_n = |g: usize| (0..ns).map(|s| n(s, g)).collect::<Vec<_>>();
        let form_y = |f: usize| {
            (0..ns)
                .flat_map(|s| (0..ng).map(move |g| (s, g)))
                .map(|(s, g)| y(s, g, f))
                .collect::<Vec<_>>()
        };
        let mut cube = Cube {
            counts: Vec::new(),
            sums: Vec::new(),
            unknowns,
            structure,
        };
        let mut index: HashMap<Cases, usize> = HashMap::new();
        for (which, (table, published)) in tables.into_iter().zip(published).enumerate() {
            let (cells, rows, columns, total) = counts_of(table);
            // The unknowns of the row value `r` and column value `c`
            // (either `None` for all of them).
            let terms = |r: Option<&Key>, c: Option<&Key>| -> Vec<usize> {
                let key = |keys: &[Key], k: Option<&Key>| k.and_then(|k| at(keys, k));
                if which == 0 {
                    match (key(&statuses, r), key(&sexes, c)) {
                        (Some(s), Some(g)) => vec![n(s, g)],
                        (Some(s), None) => status_n(s),
                        (None, Some(g)) => sex_n(g),
                        (None, None) => all_n.clone(),
                    }
                } else {
                    let f = key(&forms, r);
                    let other = if which == 1 {
                        key(&statuses, c).map(|s| (s, true))
                    } else {
                        key(&sexes, c).map(|g| (g, false))
                    };
                    match (f, other) {
                        (Some(f), Some((s, true))) => (0..ng).map(|g| y(s, g, f)).collect(),
                        (Some(f), Some((g, false))) => (0..ns).map(|s| y(s, g, f)).collect(),
                        (Some(f), None) => form_y(f),
                        (None, Some((s, true))) => status_n(s),
                        (None, Some((g, false))) => sex_n(g),
                        (None, None) => all_n.clone(),
                    }
                }
            };
            let mut add = |cases: &Cases, value: u64, hidden: bool, rank: u8, terms: Vec<usize>| {
                let at = *index.entry(cases.clone()).or_insert_with(|| {
                    cube.counts.push(Count {
                        cases: cases.clone(),
                        value,
                        hidden: false,
                        rank: 0,
                        cell: false,
                        terms,
                    });
                    cube.counts.len() - 1
                });
                let count = &mut cube.counts[at];
                count.hidden |= hidden;
                count.rank = count.rank.max(rank);
                count.cell |= rank == 0;
                at
            };
            let mut row_sums = Vec::new();
            for (r, row) in table.rows.iter().enumerate() {
                let mut sum = Vec::new();
                for (c, column) in table.columns.iter().enumerate() {
                    let (Some(cases), Some(value)) = (
                        cells.get(r).and_then(|x| x.get(c)),
                        table.cells.get(r).and_then(|x| x.get(c)),
                    ) else {
                        continue;
                    };
                    let hidden = published.cells[r][c];
                    sum.push(add(
                        cases,
                        *value,
                        hidden,
                        0,
                        terms(Some(row), Some(column)),
                    ));
                }
                sum.push(add(
                    &rows[r],
                    table.row_totals[r],
                    published.row_totals[r],
                    1,
                    terms(Some(row), None),
                ));
                row_sums.push(sum);
            }
            let mut column_sums: Vec<Vec<usize>> = vec![Vec::new(); table.columns.len()];
            for sum in &row_sums {
                for (c, count) in sum.iter().take(table.columns.len()).enumerate() {
                    column_sums[c].push(*count);
                }
            }
            let mut totals = Vec::new();
            for (c, column) in table.columns.iter().enumerate() {
                let at = add(
                    &columns[c],
                    table.column_totals[c],
                    published.column_totals[c],
                    1,
                    terms(None, Some(column)),
                );
                column_sums[c].push(at);
                totals.push(at);
            }
            let grand = add(&total, table.total, published.total, 2, terms(None, None));
            let mut row_totals: Vec<usize> =
                row_sums.iter().filter_map(|s| s.last().copied()).collect();
            row_totals.push(grand);
            totals.push(grand);
            cube.sums.extend(row_sums);
            cube.sums.extend(column_sums);
            cube.sums.push(row_totals);
            cube.sums.push(totals);
        }
        cube
    }

    /// Whether the audit takes count `c` to be known to lie in 1..K−1.
    fn bounded_above(&self, min_count: u64, c: usize) -> bool {
        let count = &self.counts[c];
        min_count > 2 && count.cell && count.value < min_count
    }

    /// The attacker's programme with the counts `hidden` hides: the
    /// unknowns, then one variable per hidden count (`Some` at its index).
    fn programme(&self, min_count: u64, hidden: &[bool]) -> (Programme, Vec<Option<usize>>) {
        let mut problem = Programme::default();
        for _ in 0..self.unknowns {
            problem.variable(0.0, f64::INFINITY);
        }
        problem.constraints.extend(self.structure.iter().cloned());
        let mut variables = vec![None; self.counts.len()];
        for (c, count) in self.counts.iter().enumerate() {
            let mut terms: Vec<(usize, f64)> = count.terms.iter().map(|t| (*t, 1.0)).collect();
            if hidden[c] {
                let upper = if self.bounded_above(min_count, c) {
                    (min_count - 1) as f64
                } else {
                    f64::INFINITY
                };
                let v = problem.variable(1.0, upper);
                terms.push((v, -1.0));
                problem.constrain(terms, Relation::Equal, 0.0);
                variables[c] = Some(v);
            } else {
                problem.constrain(terms, Relation::Equal, count.value as f64);
            }
        }
        (problem, variables)
    }

    /// Count `c` at a point of the unknowns.
    fn at(&self, point: &[f64], c: usize) -> f64 {
        self.counts[c].terms.iter().map(|t| point[*t]).sum()
    }

    /// What the rule asks of hidden count `c`: a small cell must reach 1
    /// and K − 1, any other count two values.
    fn need(&self, min_count: u64, c: usize) -> Need {
        if self.bounded_above(min_count, c) {
            Need {
                low: 1.0,
                high: (min_count - 1) as f64,
                spread: 0.0,
            }
        } else {
            Need {
                low: f64::INFINITY,
                high: f64::NEG_INFINITY,
                spread: 1.0,
            }
        }
    }

    /// Whether hidden count `c` meets `need` under `problem`; `known`
    /// holds points of the unknowns that fit it (reused: a point that fits
    /// a pattern fits every pattern hiding more).
    fn passes(
        &self,
        problem: &Programme,
        variable: usize,
        c: usize,
        need: Need,
        known: &mut Vec<Vec<f64>>,
        budget: &mut u64,
    ) -> Result<bool, OutOfBudget> {
        let seen = known.iter().map(|p| self.at(p, c));
        let low_seen = seen.clone().fold(f64::INFINITY, f64::min);
        let high_seen = seen.fold(f64::NEG_INFINITY, f64::max);
        if need.met(low_seen, high_seen) {
            return Ok(true);
        }
        let Some((low, high)) = self.range(problem, variable, known, budget)? else {
            return Ok(false);
        };
        Ok(need.met(low, high))
    }

    /// The least and the greatest value of `variable` under `problem`
    /// (`None` if nothing fits), the points reaching them added to `known`.
    fn range(
        &self,
        problem: &Programme,
        variable: usize,
        known: &mut Vec<Vec<f64>>,
        budget: &mut u64,
    ) -> Result<Option<(f64, f64)>, OutOfBudget> {
        let mut end = |greatest: bool| -> Result<Option<f64>, OutOfBudget> {
            Ok(match problem.solve_within(variable, greatest, budget)? {
                (Extreme::Value(value), point) => {
                    known.push(point[..self.unknowns].to_vec());
                    Some(value)
                }
                (Extreme::Unbounded, _) => Some(if greatest {
                    f64::INFINITY
                } else {
                    f64::NEG_INFINITY
                }),
                (Extreme::Infeasible, _) => None,
            })
        };
        Ok(end(false)?.zip(end(true)?))
    }

    /// What the rule asks of hidden count `c`, less what no pattern can
    /// give it: its range with every non-zero count of the three tables
    /// hidden. A zero is always shown, and with it the rule alone can
    /// narrow a cell of one table that is the sum of cells of another
    /// (unknown forms of men only, 1 identified and 2 presumed, make
    /// the unknown forms of men at least 2, however much is hidden).
    fn attainable(&self, min_count: u64, c: usize, budget: &mut u64) -> Result<Need, OutOfBudget> {
        let mut need = self.need(min_count, c);
        let everything: Vec<bool> = self.counts.iter().map(|c| c.value > 0).collect();
        let (problem, variables) = self.programme(min_count, &everything);
        let Some(variable) = variables[c] else {
            return Ok(need);
        };
        if let Some((low, high)) = self.range(&problem, variable, &mut Vec::new(), budget)? {
            need.low = need.low.max(low);
            need.high = need.high.min(high);
            need.spread = need.spread.min(high - low);
        }
        Ok(need)
    }

    /// Audits every hidden count; the first that fails, if one does, with
    /// what it needs.
    pub(super) fn audit(&self, min_count: u64, budget: &mut u64) -> Result<(), Failure> {
        let hidden: Vec<bool> = self.counts.iter().map(|c| c.hidden).collect();
        let (problem, variables) = self.programme(min_count, &hidden);
        let mut known = Vec::new();
        for (c, variable) in variables.iter().enumerate() {
            let Some(variable) = variable else { continue };
            let mut check = |need: Need, budget: &mut u64| {
                self.passes(&problem, *variable, c, need, &mut known, budget)
                    .map_err(|OutOfBudget| Failure::OutOfBudget)
            };
            if check(self.need(min_count, c), budget)? {
                continue;
            }
            let need = self
                .attainable(min_count, c, budget)
                .map_err(|OutOfBudget| Failure::OutOfBudget)?;
            if !check(need, budget)? {
                return Err(Failure::Count(c, need));
            }
        }
        Ok(())
    }

    /// The published count to hide for the failing count `failing`: the
    /// cheapest (an interior cell before a total, the grand total last,
    /// then the smallest) whose hiding lets `failing` meet `need`, if the
    /// budget finds one; else the cheapest in a sum with it; else the
    /// cheapest. `None` when every non-zero count is hidden.
    pub(super) fn extra(
        &self,
        min_count: u64,
        failing: usize,
        need: Need,
        budget: &mut u64,
    ) -> Option<usize> {
        let mut candidates: Vec<usize> = (0..self.counts.len())
            .filter(|c| !self.counts[*c].hidden && self.counts[*c].value > 0)
            .collect();
        candidates.sort_by_key(|c| (self.counts[*c].rank, self.counts[*c].value, *c));
        for &candidate in &candidates {
            // Points found with another candidate hidden need not fit
            // this one's programme (that candidate is published here).
            let mut known = Vec::new();
            let mut hidden: Vec<bool> = self.counts.iter().map(|c| c.hidden).collect();
            hidden[candidate] = true;
            let (problem, variables) = self.programme(min_count, &hidden);
            let variable = variables[failing]?;
            match self.passes(&problem, variable, failing, need, &mut known, budget) {
                Ok(true) => return Some(candidate),
                Ok(false) => {}
                Err(OutOfBudget) => break,
            }
        }
        let beside = |c: &usize| {
            self.sums
                .iter()
                .any(|s| s.contains(c) && s.contains(&failing))
        };
        candidates
            .iter()
            .find(|c| beside(c))
            .or(candidates.first())
            .copied()
    }
}

/// The range a hidden count must keep: down to `low`, up to `high`, and
/// at least `spread` wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Need {
    low: f64,
    high: f64,
    spread: f64,
}

impl Need {
    fn met(self, low: f64, high: f64) -> bool {
        low <= self.low + SLACK && high >= self.high - SLACK && high - low >= self.spread - SLACK
    }
}

#[cfg(test)]
mod tests;
