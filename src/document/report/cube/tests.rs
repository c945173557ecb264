//! The cube audit against an attack written apart from it: a reader's
//! integer programme over the microdata (cases by status, sex and *set*
//! of forms), branch and bound over the relaxation, asked for each hidden
//! count of the three margins whether another value (or, for a small
//! cell, 1 and K − 1) fits every published count of the three tables.
//! Its model shares nothing with the audit's (no n or y, no Fréchet
//! constraint: whole cases of each kind); the relaxations are solved by
//! the crate's simplex, which `tests/stats.rs` checks against enumeration
//! (`the_simplex_agrees_with_enumeration_on_small_programmes`).

use super::super::tests::{derivable, determined, inconsistent};
use super::super::*;
use crate::stats::lp::{Extreme, Programme, Relation};
use crate::stats::{Facts, Key};

const ACTUAL: &str = "ActualVictimOfTrafficking";
const POSSIBLE: &str = "PossibleVictimOfTrafficking";

fn case(year: i32, status: &str, gender: Option<&str>, forms: &[&str]) -> Facts {
    Facts {
        year,
        mission: "LT-LON".into(),
        status: "Active".into(),
        trafficking_status: Some(status.into()),
        forms: forms.iter().map(|f| (*f).into()).collect(),
        gender: gender.map(Into::into),
        age: Some(30),
        citizenship: vec!["LT".into()],
        ..Facts::default()
    }
}

/// The report of 2026 over `facts` with threshold `min_count`.
fn report(facts: &[Facts], min_count: u64) -> Data {
    report_within(facts, min_count, crate::stats::AUDIT_BUDGET)
}

/// The same with a work budget of `budget` pivots for the cube's audit.
fn report_within(facts: &[Facts], min_count: u64, budget: u64) -> Data {
    let request = Request {
        year: 2026,
        mission: None,
    };
    let counted = TABLES
        .iter()
        .map(|spec| {
            Table::count(
                facts,
                spec.rows_by,
                spec.columns_by,
                &request.filter(spec, false),
            )
        })
        .collect();
    Data {
        request,
        min_count,
        tables: publish_within(TABLES, counted, min_count, budget),
        previous_year: false,
        missions: Vec::new(),
        issuer: "Komisija".into(),
        officer: "Ona".into(),
        date: NaiveDate::from_ymd_opt(2027, 1, 15).unwrap_or_default(),
    }
}

fn table<'a>(data: &'a Data, slot: &str) -> &'a Counted {
    data.tables
        .iter()
        .find(|t| t.spec.slot == slot)
        .unwrap_or_else(|| panic!("{slot}"))
}

/// One kind of case of the microdata: status, sex, set of forms.
type Kind = (Key, Key, Vec<String>);

/// Whether a case of `kind` counts under `key` of `dimension`.
fn counts_under(kind: &Kind, dimension: Dimension, key: &Key) -> bool {
    let (status, sex, forms) = kind;
    match dimension {
        Dimension::TraffickingStatus => status == key,
        Dimension::Gender => sex == key,
        Dimension::Form => match key {
            Some(form) => forms.contains(form),
            None => forms.is_empty(),
        },
        other => panic!("not a margin of the cube: {other:?}"),
    }
}

/// A count of a margin for the attack: the kinds it adds up, its value,
/// whether hidden, whether a cell, and a name for messages.
struct Known {
    kinds: Vec<usize>,
    value: u64,
    hidden: bool,
    cell: bool,
    name: String,
}

/// Every count of the three margins as the attack reads it.
fn knowns(data: &Data, kinds: &[Kind]) -> Vec<Known> {
    let mut out = Vec::new();
    for slot in ["victims-sex", "victims-form", "form-sex"] {
        let t = table(data, slot);
        let (table, p) = (&t.table, &t.published);
        let columns_by = table.columns_by.unwrap_or(table.rows_by);
        let select = |row: Option<&Key>, column: Option<&Key>| -> Vec<usize> {
            (0..kinds.len())
                .filter(|k| row.is_none_or(|r| counts_under(&kinds[*k], table.rows_by, r)))
                .filter(|k| column.is_none_or(|c| counts_under(&kinds[*k], columns_by, c)))
                .collect()
        };
        for (r, row) in table.rows.iter().enumerate() {
            for (c, column) in table.columns.iter().enumerate() {
                out.push(Known {
                    kinds: select(Some(row), Some(column)),
                    value: table.cells[r][c],
                    hidden: p.cells[r][c],
                    cell: true,
                    name: format!("{slot} ({row:?}, {column:?})"),
                });
            }
            out.push(Known {
                kinds: select(Some(row), None),
                value: table.row_totals[r],
                hidden: p.row_totals[r],
                cell: false,
                name: format!("{slot} row {row:?}"),
            });
        }
        for (c, column) in table.columns.iter().enumerate() {
            out.push(Known {
                kinds: select(None, Some(column)),
                value: table.column_totals[c],
                hidden: p.column_totals[c],
                cell: false,
                name: format!("{slot} column {column:?}"),
            });
        }
        out.push(Known {
            kinds: select(None, None),
            value: table.total,
            hidden: p.total,
            cell: false,
            name: format!("{slot} total"),
        });
    }
    out
}

/// Whether whole numbers of cases of each kind fit `problem` (branch and
/// bound over its relaxation, depth first).
fn integer_feasible(problem: &Programme) -> bool {
    let mut stack = vec![problem.clone()];
    let mut nodes = 0;
    while let Some(node) = stack.pop() {
        nodes += 1;
        assert!(nodes < 20_000, "the attack did not finish");
        let (Extreme::Value(_), point) = node.solve(0, false) else {
            continue;
        };
        let fractional = point.iter().position(|x| (x - x.round()).abs() > 1e-6);
        let Some(j) = fractional else {
            return true;
        };
        let mut down = node.clone();
        down.upper[j] = point[j].floor();
        let mut up = node;
        up.lower[j] = point[j].ceil();
        stack.push(down);
        stack.push(up);
    }
    false
}

/// The reader's programme over the cases of each kind: every count of
/// the three margins published (`hidden` false) or hidden (at least 1; a
/// small cell at most K − 1).
fn programme(counts: &[Known], kinds: usize, k: u64, hidden: impl Fn(&Known) -> bool) -> Programme {
    let mut problem = Programme::default();
    for _ in 0..kinds {
        problem.variable(0.0, f64::INFINITY);
    }
    for c in counts {
        let terms: Vec<_> = c.kinds.iter().map(|k| (*k, 1.0)).collect();
        if !hidden(c) {
            problem.constrain(terms, Relation::Equal, c.value as f64);
        } else {
            problem.constrain(terms.clone(), Relation::AtLeast, 1.0);
            if small_cell(c, k) {
                problem.constrain(terms, Relation::AtMost, (k - 1) as f64);
            }
        }
    }
    problem
}

fn small_cell(c: &Known, k: u64) -> bool {
    k > 2 && c.cell && c.value < k
}

/// Whether whole numbers of cases of each kind fit `problem` with count
/// `c` compared with `value` by `relation`.
fn fits(problem: &Programme, c: &Known, relation: Relation, value: u64) -> bool {
    let mut problem = problem.clone();
    let terms = c.kinds.iter().map(|k| (*k, 1.0)).collect();
    problem.constrain(terms, relation, value as f64);
    integer_feasible(&problem)
}

/// What a reader can tell of the hidden counts of the three margins
/// beyond the rule: a small hidden cell whose least (greatest) value in
/// 1..K−1 is above 1 (below K − 1), any other hidden count that can have
/// no other value. Except what the rule and the zeros give away with
/// every non-zero count hidden (no suppression can hide that): such a
/// count must keep the range it has then.
fn attack(data: &Data, kinds: &[Kind]) -> Vec<String> {
    let k = data.min_count;
    let counts = knowns(data, kinds);
    let published = programme(&counts, kinds.len(), k, |c| c.hidden);
    let everything = programme(&counts, kinds.len(), k, |c| c.value > 0);
    assert!(integer_feasible(&published), "the true cases fit");
    let mut found = Vec::new();
    for c in counts.iter().filter(|c| c.hidden) {
        let narrowed = if small_cell(c, k) {
            let least = |p: &Programme| (1..k).find(|v| fits(p, c, Relation::Equal, *v));
            let greatest = |p: &Programme| (1..k).rev().find(|v| fits(p, c, Relation::Equal, *v));
            least(&published) != least(&everything) || greatest(&published) != greatest(&everything)
        } else {
            let fixed = |p: &Programme| {
                !fits(p, c, Relation::AtMost, c.value - 1)
                    && !fits(p, c, Relation::AtLeast, c.value + 1)
            };
            fixed(&published) && !fixed(&everything)
        };
        if narrowed {
            found.push(format!("{} = {}", c.name, c.value));
        }
    }
    found
}

/// Every kind of case over the statuses, sexes and forms of `data`'s
/// status × sex and form × sex tables (any set of the forms).
fn kinds_of(data: &Data) -> Vec<Kind> {
    let sex = &table(data, "victims-sex").table;
    let forms: Vec<String> = table(data, "form-sex")
        .table
        .rows
        .iter()
        .flatten()
        .cloned()
        .collect();
    let mut kinds = Vec::new();
    for status in &sex.rows {
        for gender in &sex.columns {
            for set in 0..1usize << forms.len() {
                let chosen = forms
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| set >> i & 1 == 1)
                    .map(|(_, f)| f.clone())
                    .collect();
                kinds.push((status.clone(), gender.clone(), chosen));
            }
        }
    }
    kinds
}

/// The reviewer's 40 victims (K = 5): published as main published them,
/// (forced labour, identified) = 4 was known to be at least 2.
fn forty_victims() -> Vec<Facts> {
    let (fl, se, fm) = ("ForcedLabour", "SexualExploitation", "ForcedMarriage");
    let groups = [
        (ACTUAL, "Feminine", fl, 4),
        (ACTUAL, "Feminine", se, 9),
        (ACTUAL, "Masculine", se, 1),
        (ACTUAL, "Masculine", fm, 8),
        (POSSIBLE, "Feminine", fl, 5),
        (POSSIBLE, "Feminine", se, 1),
        (POSSIBLE, "Feminine", fm, 1),
        (POSSIBLE, "Masculine", fl, 9),
        (POSSIBLE, "Masculine", fm, 2),
    ];
    let mut facts = Vec::new();
    for (status, sex, form, n) in groups {
        for _ in 0..n {
            facts.push(case(2026, status, Some(sex), &[form]));
        }
    }
    facts
}

#[test]
fn the_reviewer_s_forty_victims_keep_forced_labour_identified_within_one_to_four() {
    let data = report(&forty_victims(), 5);
    let form = table(&data, "victims-form");
    let labour = form
        .table
        .rows
        .iter()
        .position(|r| r.as_deref() == Some("ForcedLabour"))
        .unwrap_or_else(|| panic!("{:?}", form.table.rows));
    let identified = form
        .table
        .columns
        .iter()
        .position(|c| c.as_deref() == Some(ACTUAL))
        .unwrap_or_else(|| panic!("{:?}", form.table.columns));
    assert_eq!(form.table.cells[labour][identified], 4);
    assert!(form.published.cells[labour][identified], "the 4 is hidden");
    let found = attack(&data, &kinds_of(&data));
    assert!(found.is_empty(), "{found:?}");
    // What the tables publish still checks out table by table.
    assert!(!inconsistent(&data));
    assert!(derivable(&data).is_empty(), "{:?}", derivable(&data));
    assert!(determined(&data).is_empty(), "{:?}", determined(&data));
}

/// A pseudo-random vault of 30 to 69 victims of 2026: identified or
/// presumed, a sex unknown in one in twelve (`variant` 1 and 3), forms
/// forced labour and sexual exploitation (and forced marriage, `variant`
/// 2 and 3), a case in eight or ten with no form and one with two; and
/// victims of 2025 (in the comparison only), one in half the vaults.
fn random_vault(variant: u64, seed: u64) -> Vec<Facts> {
    let mut state = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(11 + variant);
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let (fl, se, fm) = ("ForcedLabour", "SexualExploitation", "ForcedMarriage");
    let before = 1 + 5 * (seed % 2) as usize;
    let mut facts = vec![case(2025, POSSIBLE, Some("Feminine"), &[fl]); before];
    for _ in 0..30 + next(40) {
        let status = [ACTUAL, POSSIBLE][next(2) as usize];
        let sex = match next(if variant & 1 == 1 { 12 } else { 100 }) {
            0 => None,
            x if x % 2 == 0 => Some("Feminine"),
            _ => Some("Masculine"),
        };
        let forms: &[&str] = if variant & 2 == 2 {
            match next(10) {
                0 => &[],
                1 => &[fl, se],
                2..=4 => &[fl],
                5..=7 => &[se],
                _ => &[fm],
            }
        } else {
            match next(8) {
                0 => &[],
                1 => &[fl, se],
                2..=4 => &[fl],
                _ => &[se],
            }
        };
        facts.push(case(2026, status, sex, forms));
    }
    facts
}

#[test]
fn no_hidden_count_of_the_cube_s_margins_falls_to_an_integer_attack_on_the_cases() {
    // Before the cube was audited, (variant 2, seed 11) published cells
    // of 4 (K = 5) that a reader could tell were not 1, among them
    // (forced labour, presumed) of `victims-form`.
    let mut hidden = 0;
    for variant in 0..4 {
        // Three forms with unknown sexes make the slowest attack.
        for seed in 0..if variant == 3 { 5 } else { 12 } {
            let min_count = if seed % 5 == 4 { 3 } else { 5 };
            let data = report(&random_vault(variant, seed), min_count);
            hidden += table(&data, "victims-form").published.hidden();
            let found = attack(&data, &kinds_of(&data));
            assert!(
                found.is_empty(),
                "variant {variant}, seed {seed}: {found:?}"
            );
            assert!(!inconsistent(&data), "variant {variant}, seed {seed}");
        }
    }
    assert!(hidden > 0, "the vaults have hidden counts");
}

#[test]
fn a_cube_audit_out_of_budget_hides_the_whole_of_status_by_sex_and_gives_nothing_away() {
    // Each table's own audit keeps its budget; the cube's has none, so
    // its audit fails at the first programme.
    let data = report_within(&forty_victims(), 5, 0);
    let sex = table(&data, "victims-sex");
    let p = &sex.published;
    let every = p
        .cells
        .iter()
        .flatten()
        .chain(&p.row_totals)
        .chain(&p.column_totals);
    assert!(every.chain([&p.total]).all(|h| *h), "{p:?}");
    let found = attack(&data, &kinds_of(&data));
    assert!(found.is_empty(), "{found:?}");
    assert!(!inconsistent(&data));
    // With the budget, the cube passes with less hidden.
    let ample = report(&forty_victims(), 5);
    assert!(!table(&ample, "victims-sex").published.total);
}

#[test]
fn the_margins_are_one_cube_only_when_counted_over_one_filter() {
    let request = |mission: Option<&str>| Request {
        year: 2026,
        mission: mission.map(Into::into),
    };
    let count = |request: &Request, spec: &Spec| {
        Table::count(
            &forty_victims(),
            spec.rows_by,
            spec.columns_by,
            &request.filter(spec, false),
        )
    };
    let mission = request(Some("LT-LON"));
    let tables: Vec<Table> = TABLES.iter().map(|s| count(&mission, s)).collect();
    let found = cube::margins(TABLES, &tables).unwrap_or_else(|| panic!("one mission's cube"));
    let slots = found.map(|t| TABLES[t].slot);
    assert_eq!(slots, ["victims-sex", "victims-form", "form-sex"]);
    // form-sex over all missions beside the others over one: no cube.
    let mut mixed = tables;
    mixed[found[2]] = count(&request(None), &TABLES[found[2]]);
    assert!(cube::margins(TABLES, &mixed).is_none());
}
