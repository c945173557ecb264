//! A small linear-programme solver for the suppression audit: minimise or
//! maximise one variable subject to linear equations and inequalities and
//! bounds on each variable. Two-phase dense simplex with Bland's rule (it
//! cannot cycle), in `f64`; the programmes are the size of a table's hidden
//! counts, with coefficients ±1 and whole-number bounds.
//!
//! Written here rather than taken from a crate: the pure-Rust solvers on
//! the registry bring a sparse-matrix stack (`sprs`, `ndarray`) whose
//! feature unification rebuilt the whole graphics stack of the interface.

/// How a constraint compares its left side with its right side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Equal,
    AtLeast,
    AtMost,
}

/// One constraint: Σ coefficient × variable, compared with `rhs`.
#[derive(Debug, Clone)]
pub struct Constraint {
    pub terms: Vec<(usize, f64)>,
    pub relation: Relation,
    pub rhs: f64,
}

/// A programme over `lower.len()` variables, each within
/// `lower[i]..=upper[i]` (`upper` may be `f64::INFINITY`; `lower` is finite).
#[derive(Debug, Clone, Default)]
pub struct Programme {
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub constraints: Vec<Constraint>,
}

/// The answer to "how small (or large) can this variable be?".
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Extreme {
    /// The least (or greatest) value.
    Value(f64),
    /// Nothing bounds it in that direction.
    Unbounded,
    /// No assignment meets every constraint.
    Infeasible,
}

const EPSILON: f64 = 1e-9;

/// The work budget ran out before the programme was solved: the caller
/// gave [`Programme::solve_within`] fewer pivots than it needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfBudget;

/// A constraint as an equation: its terms, the sign of its slack column
/// (0 for none) and its right-hand side.
type Row = (Vec<(usize, f64)>, f64, f64);

impl Programme {
    /// Adds a variable with these bounds; returns its index.
    pub fn variable(&mut self, lower: f64, upper: f64) -> usize {
        self.lower.push(lower);
        self.upper.push(upper);
        self.lower.len() - 1
    }

    pub fn constrain(&mut self, terms: Vec<(usize, f64)>, relation: Relation, rhs: f64) {
        self.constraints.push(Constraint {
            terms,
            relation,
            rhs,
        });
    }

    /// The least (`greatest == false`) or greatest value of `variable`.
    pub fn extreme(&self, variable: usize, greatest: bool) -> Extreme {
        self.solve(variable, greatest).0
    }

    /// The same, with an assignment of every variable that reaches it
    /// (empty unless the answer is a value).
    pub fn solve(&self, variable: usize, greatest: bool) -> (Extreme, Vec<f64>) {
        let mut unlimited = u64::MAX;
        match self.solve_within(variable, greatest, &mut unlimited) {
            Ok(answer) => answer,
            // Not reached: u64::MAX pivots outlast the safety limit.
            Err(OutOfBudget) => (Extreme::Infeasible, Vec::new()),
        }
    }

    /// The same, spending at most `budget` pivots (each pivot taken from
    /// it), so that a caller can bound the work of many programmes by a
    /// count that is the same on every machine, unlike time.
    pub fn solve_within(
        &self,
        variable: usize,
        greatest: bool,
        budget: &mut u64,
    ) -> Result<(Extreme, Vec<f64>), OutOfBudget> {
        let n = self.lower.len();
        // Rows over the shifted variables y = x − lower ≥ 0, each made an
        // equation with a slack column where needed: (terms, slack sign, rhs).
        let mut rows: Vec<Row> = Vec::new();
        for constraint in &self.constraints {
            let shift: f64 = constraint
                .terms
                .iter()
                .map(|(j, a)| a * self.lower[*j])
                .sum();
            let slack = match constraint.relation {
                Relation::Equal => 0.0,
                Relation::AtLeast => -1.0,
                Relation::AtMost => 1.0,
            };
            rows.push((constraint.terms.clone(), slack, constraint.rhs - shift));
        }
        for j in 0..n {
            if self.upper[j].is_finite() {
                rows.push((vec![(j, 1.0)], 1.0, self.upper[j] - self.lower[j]));
            }
        }
        let m = rows.len();
        let slacks: Vec<Option<usize>> = {
            let mut next = n;
            rows.iter()
                .map(|(_, sign, _)| {
                    (*sign != 0.0).then(|| {
                        next += 1;
                        next - 1
                    })
                })
                .collect()
        };
        let structural = n + slacks.iter().flatten().count();
        // One artificial column per row: the first basis.
        let columns = structural + m;
        let width = columns + 1;
        let mut tableau = vec![0.0; m * width];
        let mut basis = vec![0usize; m];
        for (i, (terms, sign, rhs)) in rows.iter().enumerate() {
            let row = &mut tableau[i * width..(i + 1) * width];
            for (j, a) in terms {
                row[*j] += a;
            }
            if let Some(s) = slacks[i] {
                row[s] = *sign;
            }
            row[columns] = *rhs;
            if *rhs < 0.0 {
                for value in row.iter_mut() {
                    *value = -*value;
                }
            }
            row[structural + i] = 1.0;
            basis[i] = structural + i;
        }
        // Phase 1: drive the artificials to zero.
        let mut cost = vec![0.0; columns];
        for c in cost.iter_mut().skip(structural) {
            *c = 1.0;
        }
        if pivot_to_optimum(&mut tableau, &mut basis, &cost, m, width, columns, budget)?
            != Some(true)
        {
            return Ok((Extreme::Infeasible, Vec::new()));
        }
        let infeasibility: f64 = (0..m)
            .filter(|i| basis[*i] >= structural)
            .map(|i| tableau[i * width + columns])
            .sum();
        if infeasibility > 1e-7 {
            return Ok((Extreme::Infeasible, Vec::new()));
        }
        // Artificials still in the basis (at zero) leave it where a real
        // column can take their place; none may enter again. The column
        // with the largest coefficient: dividing by a tiny one would blow
        // up round-off in every other row.
        for i in 0..m {
            if basis[i] < structural {
                continue;
            }
            let largest = (0..structural)
                .map(|j| (j, tableau[i * width + j].abs()))
                .filter(|(_, a)| *a > EPSILON)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((j, _)) = largest {
                spend(budget)?;
                pivot(&mut tableau, &mut basis, m, width, i, j);
            }
        }
        // Phase 2.
        let mut cost = vec![0.0; columns];
        cost[variable] = if greatest { -1.0 } else { 1.0 };
        let allowed = structural;
        match pivot_to_optimum(&mut tableau, &mut basis, &cost, m, width, allowed, budget)? {
            Some(true) => {}
            Some(false) => return Ok((Extreme::Unbounded, Vec::new())),
            None => return Ok((Extreme::Infeasible, Vec::new())),
        }
        let mut point = self.lower.clone();
        for i in 0..m {
            if basis[i] < n {
                point[basis[i]] += tableau[i * width + columns];
            }
        }
        Ok((Extreme::Value(point[variable]), point))
    }
}

/// Takes one pivot from `budget`.
fn spend(budget: &mut u64) -> Result<(), OutOfBudget> {
    *budget = budget.checked_sub(1).ok_or(OutOfBudget)?;
    Ok(())
}

/// Pivots until no column below `allowed` improves `cost`: the most
/// improving column first (few pivots), then, should that stall on a
/// degenerate vertex, Bland's rule (which cannot cycle). `Some(true)` at an
/// optimum, `Some(false)` if unbounded, `None` if it did not settle (a
/// safety limit); `Err` when `budget` runs out first.
#[allow(clippy::too_many_arguments)]
fn pivot_to_optimum(
    tableau: &mut [f64],
    basis: &mut [usize],
    cost: &[f64],
    m: usize,
    width: usize,
    allowed: usize,
    budget: &mut u64,
) -> Result<Option<bool>, OutOfBudget> {
    let rhs = width - 1;
    // Reduced costs, kept up to date by each pivot.
    let mut reduced: Vec<f64> = (0..width)
        .map(|j| {
            let own = if j < rhs { cost[j] } else { 0.0 };
            own - (0..m)
                .map(|i| cost[basis[i]] * tableau[i * width + j])
                .sum::<f64>()
        })
        .collect();
    let mut in_basis = vec![false; rhs];
    for b in basis.iter() {
        in_basis[*b] = true;
    }
    let greedy_for = 4 * (m + width);
    let limit = greedy_for + 50 * (m + width) + 1000;
    for iteration in 0..limit {
        let candidates = (0..allowed).filter(|&j| !in_basis[j] && reduced[j] < -EPSILON);
        let entering = if iteration < greedy_for {
            candidates.min_by(|a, b| reduced[*a].total_cmp(&reduced[*b]))
        } else {
            candidates.into_iter().next()
        };
        let Some(entering) = entering else {
            return Ok(Some(true));
        };
        let mut leaving: Option<(usize, f64)> = None;
        for i in 0..m {
            let a = tableau[i * width + entering];
            if a > EPSILON {
                let ratio = tableau[i * width + rhs] / a;
                let better = match leaving {
                    None => true,
                    Some((l, best)) => {
                        ratio < best - EPSILON || (ratio <= best + EPSILON && basis[i] < basis[l])
                    }
                };
                if better {
                    leaving = Some((i, ratio));
                }
            }
        }
        let Some((row, _)) = leaving else {
            return Ok(Some(false));
        };
        spend(budget)?;
        in_basis[basis[row]] = false;
        in_basis[entering] = true;
        pivot(tableau, basis, m, width, row, entering);
        let factor = reduced[entering];
        for (value, p) in reduced
            .iter_mut()
            .zip(&tableau[row * width..(row + 1) * width])
        {
            *value -= factor * p;
        }
    }
    Ok(None)
}

fn pivot(
    tableau: &mut [f64],
    basis: &mut [usize],
    m: usize,
    width: usize,
    row: usize,
    column: usize,
) {
    let scale = tableau[row * width + column];
    for value in &mut tableau[row * width..(row + 1) * width] {
        *value /= scale;
    }
    let pivot_row: Vec<f64> = tableau[row * width..(row + 1) * width].to_vec();
    for i in 0..m {
        if i == row {
            continue;
        }
        let factor = tableau[i * width + column];
        if factor.abs() > 0.0 {
            for (value, p) in tableau[i * width..(i + 1) * width]
                .iter_mut()
                .zip(&pivot_row)
            {
                *value -= factor * p;
            }
        }
    }
    basis[row] = column;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value to a millionth, so that round-off does not matter.
    fn at(extreme: Extreme) -> Option<f64> {
        match extreme {
            Extreme::Value(v) => Some((v * 1e6).round() / 1e6),
            _ => None,
        }
    }

    #[test]
    fn two_hidden_counts_that_sum_to_two_are_each_one() {
        let mut p = Programme::default();
        let a = p.variable(1.0, 4.0);
        let b = p.variable(1.0, 4.0);
        p.constrain(vec![(a, 1.0), (b, 1.0)], Relation::Equal, 2.0);
        assert_eq!(at(p.extreme(a, false)), Some(1.0));
        assert_eq!(at(p.extreme(a, true)), Some(1.0));
        let c = p.variable(1.0, f64::INFINITY);
        p.constraints.clear();
        p.constrain(vec![(a, 1.0), (b, 1.0), (c, 1.0)], Relation::Equal, 22.0);
        assert_eq!(at(p.extreme(a, true)), Some(4.0));
        assert_eq!(at(p.extreme(c, false)), Some(14.0));
        assert_eq!(at(p.extreme(c, true)), Some(20.0));
    }

    #[test]
    fn unbounded_and_infeasible_are_told_apart() {
        let mut p = Programme::default();
        let a = p.variable(1.0, f64::INFINITY);
        let b = p.variable(1.0, 4.0);
        p.constrain(vec![(a, 1.0), (b, -1.0)], Relation::AtLeast, 0.0);
        assert_eq!(p.extreme(a, true), Extreme::Unbounded);
        assert_eq!(at(p.extreme(a, false)), Some(1.0));
        p.constrain(vec![(b, 1.0)], Relation::AtLeast, 5.0);
        assert_eq!(p.extreme(a, false), Extreme::Infeasible);
        let mut q = Programme::default();
        let x = q.variable(0.0, 10.0);
        let y = q.variable(0.0, 10.0);
        q.constrain(vec![(x, 1.0), (y, 2.0)], Relation::AtMost, 8.0);
        q.constrain(vec![(x, 1.0), (y, -1.0)], Relation::Equal, 2.0);
        assert_eq!(at(q.extreme(x, true)), Some(4.0));
        assert_eq!(at(q.extreme(y, true)), Some(2.0));
    }
}
