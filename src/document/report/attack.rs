//! The report attacked as a reader attacks it, apart from the audit
//! (review-margins M4): the unknowns are whole numbers of cases of each
//! *kind* — trafficking status, sex (or none recorded), set of forms of
//! exploitation (the empty set included) — and what the reader knows is
//! every count `victims-sex`, `victims-form`, `form-sex-identified` and
//! `form-sex-presumed` publish, each a sum over kinds: a published count
//! is that number, a hidden one is at least 1 (zeros are shown), and
//! nothing more (no "below K" for a hidden small count), a row or column
//! a table does not have is a zero. Branch and bound over the
//! relaxation (solved by [`crate::stats::lp`], checked against
//! enumeration in `tests/stats.rs`) says whether whole numbers of cases
//! fit that with one more condition on one count.
//!
//! For each hidden count of the four tables: a small one (1..K − 1) must
//! still be able to be 1 and K − 1 (or more), any other must not be fixed.
//! A finding is marked "floor" when it holds as well with every non-zero
//! count of the four tables hidden (what the zeros and the tables' shape
//! give away; no suppression that shows zeros can hide it), "pattern"
//! when the published numbers narrow it further.
//!
//! What it found at 51b28e5, before the report read its tables together
//! (`intervals.rs`; now none of these vaults gives more than floors, and
//! the tests assert it). Of the random vaults of seeds 0..40 (the test
//! runs 0..24), 10 gave nothing away; 18 only floors: a small total that
//! is a cell elsewhere (a status's count of a form, over its non-zero sex
//! cells) kept at 2 or more, as C1's organ removal (≥ 4 with K = 5).
//! Patterns: M1, and 12 of the 40. Each time a count H that one table
//! shows as a sum of disjoint hidden non-zero parts (so H ≥ their number,
//! p) is a hidden cell of an exact sum S = H + H' that another table
//! publishes, so H' ≤ S − p: below K − 1, or fixed. The per-table audits
//! know H only as "at least 1". Examples (`c` hidden):
//!
//! - seed 16 (K = 3): form-sex-identified's forced-marriage row is `1c
//!   1c 1c | 3c` (F, M, unknown sex), so (ForcedMarriage, identified) ≥ 3;
//!   victims-form publishes its row `3c 1c | 4`: identified = 3 and
//!   presumed = 1 exactly, and with them the three 1s.
//! - seed 6 (K = 5): form-sex-presumed's forced-begging row is `0 1c 1c
//!   0 | 2c`, victims-form's `3c 2c | 5`: (ForcedBegging, identified) = 3
//!   is at most 3, never 4.
//! - M1 (K = 5): victims-form publishes sexual exploitation `10c 1c |
//!   11`, so identified ≤ 10; form-sex-identified's row is `9c 1c | 10c`
//!   (F, M), so identified women ≤ 9; its F column is `4c, 0, 9c | 13`
//!   (forced labour, forced marriage, sexual exploitation; no case
//!   without a form) and every case has a form: (ForcedLabour,
//!   identified, F) ≥ 13 − 9 = 4: the hidden small 4 is 4.

use super::tests::{data_with, victim};
use super::*;
use crate::stats::lp::{Extreme, Programme, Relation};
use crate::stats::{Facts, Key, key_text};

/// The tables of the status × sex × form cube the attack reads.
const SLOTS: [&str; 4] = [
    "victims-sex",
    "victims-form",
    "form-sex-identified",
    "form-sex-presumed",
];

fn table<'a>(data: &'a Data, slot: &str) -> &'a Counted {
    data.tables
        .iter()
        .find(|t| t.spec.slot == slot)
        .unwrap_or_else(|| panic!("{slot}"))
}

/// One kind of case: status, sex, set of forms.
type Kind = (Key, Key, Vec<String>);

/// The values a reader sees: the statuses and sexes of `victims-sex`,
/// the forms of `victims-form`.
struct Universe {
    statuses: Vec<Key>,
    sexes: Vec<Key>,
    forms: Vec<String>,
}

fn universe(data: &Data) -> Universe {
    let sex = &table(data, "victims-sex").table;
    let form = &table(data, "victims-form").table;
    Universe {
        statuses: sex.rows.clone(),
        sexes: sex.columns.clone(),
        forms: form.rows.iter().flatten().cloned().collect(),
    }
}

/// Every kind over the universe: each status, each sex, each set of forms.
fn kinds_of(u: &Universe) -> Vec<Kind> {
    let mut kinds = Vec::new();
    for status in &u.statuses {
        for sex in &u.sexes {
            for set in 0..1usize << u.forms.len() {
                let forms = (0..u.forms.len())
                    .filter(|i| set >> i & 1 == 1)
                    .map(|i| u.forms[i].clone())
                    .collect();
                kinds.push((status.clone(), sex.clone(), forms));
            }
        }
    }
    kinds
}

/// Whether a case of `kind` counts under `key` of `dimension`: under
/// each of its forms, and under "unknown" exactly when it has none.
fn counts_under(kind: &Kind, dimension: Dimension, key: &Key) -> bool {
    let (status, sex, forms) = kind;
    match dimension {
        Dimension::TraffickingStatus => status == key,
        Dimension::Gender => sex == key,
        Dimension::Form => match key {
            Some(form) => forms.contains(form),
            None => forms.is_empty(),
        },
        other => panic!("not a dimension of the cube: {other:?}"),
    }
}

/// A count of the four tables as the reader has it: the kinds it adds
/// up, its value, whether hidden, and a name for messages.
struct Count {
    kinds: Vec<usize>,
    value: u64,
    hidden: bool,
    name: String,
}

/// Every count of the four tables over the universe's values (a row or
/// column a table lacks is a published zero).
fn counts(data: &Data, u: &Universe, kinds: &[Kind]) -> Vec<Count> {
    let mut out = Vec::new();
    for slot in SLOTS {
        let t = table(data, slot);
        let (table, p) = (&t.table, &t.published);
        let statuses: Vec<String> = table
            .filter
            .trafficking_status
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::to_owned)
            .collect();
        let columns_by = table.columns_by.unwrap_or_else(|| panic!("{slot}"));
        let keys = |dimension: Dimension| -> Vec<Key> {
            match dimension {
                Dimension::TraffickingStatus => u.statuses.clone(),
                Dimension::Gender => u.sexes.clone(),
                Dimension::Form => u.forms.iter().cloned().map(Some).chain([None]).collect(),
                other => panic!("{other:?}"),
            }
        };
        let select = |row: Option<&Key>, column: Option<&Key>| -> Vec<usize> {
            (0..kinds.len())
                .filter(|k| {
                    let kind = &kinds[*k];
                    kind.0.as_ref().is_some_and(|s| statuses.contains(s))
                        && row.is_none_or(|r| counts_under(kind, table.rows_by, r))
                        && column.is_none_or(|c| counts_under(kind, columns_by, c))
                })
                .collect()
        };
        let (rows, columns) = (keys(table.rows_by), keys(columns_by));
        let r_of = |key: &Key| table.rows.iter().position(|r| r == key);
        let c_of = |key: &Key| table.columns.iter().position(|c| c == key);
        for row in &rows {
            for column in &columns {
                let (value, hidden) = match (r_of(row), c_of(column)) {
                    (Some(r), Some(c)) => (table.cells[r][c], p.cells[r][c]),
                    _ => (0, false),
                };
                out.push(Count {
                    kinds: select(Some(row), Some(column)),
                    value,
                    hidden,
                    name: format!("{slot} ({}, {})", key_text(row), key_text(column)),
                });
            }
            let (value, hidden) =
                r_of(row).map_or((0, false), |r| (table.row_totals[r], p.row_totals[r]));
            out.push(Count {
                kinds: select(Some(row), None),
                value,
                hidden,
                name: format!("{slot} row {}", key_text(row)),
            });
        }
        for column in &columns {
            let (value, hidden) =
                c_of(column).map_or((0, false), |c| (table.column_totals[c], p.column_totals[c]));
            out.push(Count {
                kinds: select(None, Some(column)),
                value,
                hidden,
                name: format!("{slot} column {}", key_text(column)),
            });
        }
        out.push(Count {
            kinds: select(None, None),
            value: table.total,
            hidden: p.total,
            name: format!("{slot} total"),
        });
    }
    out
}

/// How many cases of `facts` (of 2026, identified or presumed) are of
/// each kind.
fn truth(facts: &[Facts], kinds: &[Kind]) -> Vec<u64> {
    let mut n = vec![0; kinds.len()];
    for f in facts.iter().filter(|f| f.year == 2026) {
        let mut forms: Vec<String> = f.forms.clone();
        forms.sort();
        forms.dedup();
        let k = kinds.iter().position(|(status, sex, set)| {
            *status == f.trafficking_status
                && *sex == f.gender
                && set.len() == forms.len()
                && set.iter().all(|x| forms.contains(x))
        });
        if let Some(k) = k {
            n[k] += 1;
        } else {
            assert!(
                f.trafficking_status
                    .as_deref()
                    .is_none_or(|s| !VICTIMS.split(',').any(|v| v == s)),
                "a victim of no kind: {f:?}"
            );
        }
    }
    n
}

/// Whole numbers of cases of each kind that fit `problem`, if any
/// (branch and bound over its relaxation, depth first).
fn integer_point(problem: &Programme) -> Option<Vec<u64>> {
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
            return Some(point.iter().map(|x| x.round().max(0.0) as u64).collect());
        };
        let mut down = node.clone();
        down.upper[j] = point[j].floor();
        let mut up = node;
        up.lower[j] = point[j].ceil();
        stack.push(down);
        stack.push(up);
    }
    None
}

/// The reader's programme with what it knows, and the counts' values at
/// every whole-number assignment found so far (each answers many
/// questions without a programme).
struct Reader<'a> {
    base: Programme,
    counts: &'a [Count],
    seen: Vec<Vec<u64>>,
}

impl<'a> Reader<'a> {
    /// Every count with `hidden` false published, the others at least 1.
    fn new(counts: &'a [Count], kinds: usize, hidden: impl Fn(&Count) -> bool) -> Reader<'a> {
        let mut base = Programme::default();
        for _ in 0..kinds {
            base.variable(0.0, f64::INFINITY);
        }
        for c in counts {
            let terms: Vec<_> = c.kinds.iter().map(|k| (*k, 1.0)).collect();
            if hidden(c) {
                base.constrain(terms, Relation::AtLeast, 1.0);
            } else {
                base.constrain(terms, Relation::Equal, c.value as f64);
            }
        }
        Reader {
            base,
            counts,
            seen: Vec::new(),
        }
    }

    /// The same with `point` (cases of each kind) known to fit.
    fn fitted_by(mut self, point: &[u64]) -> Reader<'a> {
        self.seen.push(
            self.counts
                .iter()
                .map(|count| count.kinds.iter().map(|k| point[*k]).sum())
                .collect(),
        );
        self
    }

    /// Whether whole numbers of cases fit with count `c` compared with
    /// `value` by `relation`.
    fn fits(&mut self, c: usize, relation: Relation, value: u64) -> bool {
        let holds = |x: u64| match relation {
            Relation::Equal => x == value,
            Relation::AtLeast => x >= value,
            Relation::AtMost => x <= value,
        };
        if self.seen.iter().any(|values| holds(values[c])) {
            return true;
        }
        let mut problem = self.base.clone();
        let terms = self.counts[c].kinds.iter().map(|k| (*k, 1.0)).collect();
        problem.constrain(terms, relation, value as f64);
        let Some(point) = integer_point(&problem) else {
            return false;
        };
        let values: Vec<u64> = self
            .counts
            .iter()
            .map(|count| count.kinds.iter().map(|k| point[*k]).sum())
            .collect();
        assert!(holds(values[c]), "{}: {values:?}", self.counts[c].name);
        self.seen.push(values);
        true
    }

    /// What is wrong with count `c` (hidden, true value `value`), if
    /// anything: a small one whose least value is above 1 or whose
    /// greatest is below K − 1, any one fixed.
    fn narrowed(&mut self, c: usize, k: u64) -> Option<String> {
        let value = self.counts[c].value;
        if value < k {
            let low = self.fits(c, Relation::AtMost, 1);
            let high = self.fits(c, Relation::AtLeast, k - 1);
            if low && high {
                return None;
            }
            let least = (1..=value)
                .find(|v| self.fits(c, Relation::AtMost, *v))
                .unwrap_or(value);
            let greatest = if high {
                format!("{}+", k - 1)
            } else {
                (value..k - 1)
                    .rev()
                    .find(|v| self.fits(c, Relation::AtLeast, *v))
                    .unwrap_or(value)
                    .to_string()
            };
            Some(format!("small, can be {least}..{greatest} only"))
        } else {
            let other = value > 1 && self.fits(c, Relation::AtMost, value - 1)
                || self.fits(c, Relation::AtLeast, value + 1);
            (!other).then(|| "fixed".to_owned())
        }
    }
}

/// A hidden count a reader narrows beyond the rule: its name, true
/// value and range, and whether every non-zero count of the four tables
/// hidden narrows it as well (the floor that the zeros and the tables'
/// shape give away).
#[derive(Debug)]
struct Finding {
    text: String,
    floor: bool,
}

/// Every hidden count of the four tables a reader narrows beyond the
/// rule, with `facts` the cases `data` counted.
fn attack(facts: &[Facts], data: &Data) -> Vec<Finding> {
    let k = data.min_count;
    let u = universe(data);
    let kinds = kinds_of(&u);
    let counts = counts(data, &u, &kinds);
    // The model counts what the tables count.
    let truth = truth(facts, &kinds);
    for c in &counts {
        let sum: u64 = c.kinds.iter().map(|k| truth[*k]).sum();
        assert_eq!(sum, c.value, "{}", c.name);
        assert!(!c.hidden || c.value > 0, "a zero hidden: {}", c.name);
    }
    // The true cases fit both programmes: a first answer to many questions.
    let mut published = Reader::new(&counts, kinds.len(), |c| c.hidden).fitted_by(&truth);
    let mut everything = Reader::new(&counts, kinds.len(), |c| c.value > 0).fitted_by(&truth);
    let mut found = Vec::new();
    for c in (0..counts.len()).filter(|c| counts[*c].hidden) {
        if let Some(what) = published.narrowed(c, k) {
            let floor = everything.narrowed(c, k).is_some();
            let why = if floor { "floor" } else { "pattern" };
            found.push(Finding {
                text: format!("{} = {}: {what} ({why})", counts[c].name, counts[c].value),
                floor,
            });
        }
    }
    found
}

/// A victim of 2026 with these forms and this sex (or none).
fn case(status: &str, sex: Option<&str>, forms: &[&str]) -> Facts {
    let mut facts = victim(2026, status, 30, "", "");
    facts.gender = sex.map(str::to_owned);
    facts.forms = forms.iter().map(|f| (*f).to_owned()).collect();
    facts
}

fn many(facts: &mut Vec<Facts>, n: usize, status: &str, sex: Option<&str>, forms: &[&str]) {
    facts.extend(std::iter::repeat_n(case(status, sex, forms), n));
}

/// review-margins M1's 40 victims (K = 5): one form each.
fn forty_victims() -> Vec<Facts> {
    let (fl, se, fm) = ("ForcedLabour", "SexualExploitation", "ForcedMarriage");
    let (f, m) = (Some("Feminine"), Some("Masculine"));
    let mut facts = Vec::new();
    for (status, sex, form, n) in [
        (IDENTIFIED, f, fl, 4),
        (IDENTIFIED, f, se, 9),
        (IDENTIFIED, m, se, 1),
        (IDENTIFIED, m, fm, 8),
        (PRESUMED, f, fl, 5),
        (PRESUMED, f, se, 1),
        (PRESUMED, f, fm, 1),
        (PRESUMED, m, fl, 9),
        (PRESUMED, m, fm, 2),
    ] {
        many(&mut facts, n, status, sex, &[form]);
    }
    facts
}

/// review-cube C1's victims: 10 each of identified F SE, identified M
/// FL, presumed F SE, presumed M FL, and identified victims of organ
/// removal of the sexes `organ` (four in the review, K = 5: F, M, TF and
/// none; two for K = 3: F and M).
fn organ_removal(organ: &[Option<&str>]) -> Vec<Facts> {
    let (fl, se) = ("ForcedLabour", "SexualExploitation");
    let (f, m) = (Some("Feminine"), Some("Masculine"));
    let mut facts = Vec::new();
    many(&mut facts, 10, IDENTIFIED, f, &[se]);
    many(&mut facts, 10, IDENTIFIED, m, &[fl]);
    many(&mut facts, 10, PRESUMED, f, &[se]);
    many(&mut facts, 10, PRESUMED, m, &[fl]);
    for sex in organ {
        many(&mut facts, 1, IDENTIFIED, *sex, &["OrganRemoval"]);
    }
    facts
}

/// A pseudo-random vault of 2026 (the same on every machine) from
/// `seed`: 30 to 80 victims, a third presumed; 2 to 5 forms, the later
/// ones rarer, a case in twelve with none and one in four with two or
/// three; 1 to 3 sexes, the later ones rarer, and cases with none.
fn random_vault(seed: u64) -> Vec<Facts> {
    let mut state = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(17);
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    // The first draws follow the seed closely.
    for _ in 0..3 {
        next(2);
    }
    let all_forms = [
        "ForcedLabour",
        "SexualExploitation",
        "ForcedMarriage",
        "ForcedBegging",
        "OrganRemoval",
    ];
    let forms = &all_forms[..2 + next(4) as usize];
    let all_sexes = ["Feminine", "Masculine", "TransgenderFeminine"];
    let named = 1 + next(3) as usize;
    let sexes: Vec<Option<&str>> = all_sexes[..named]
        .iter()
        .map(|s| Some(*s))
        .chain([None])
        .collect();
    let n = forms.len() as u64;
    let mut facts = Vec::new();
    for _ in 0..30 + next(51) {
        let status = if next(3) == 0 { PRESUMED } else { IDENTIFIED };
        let sex = sexes[next(sexes.len() as u64).min(next(sexes.len() as u64)) as usize];
        let how_many = match next(12) {
            0 => 0,
            1..=2 => 2,
            3 => 3,
            _ => 1,
        };
        let mut chosen: Vec<&str> = Vec::new();
        for _ in 0..how_many * 3 {
            let form = forms[next(n).min(next(n)) as usize];
            if chosen.len() < how_many && !chosen.contains(&form) {
                chosen.push(form);
            }
        }
        facts.push(case(status, sex, &chosen));
    }
    facts
}

/// The four tables as published, a hidden count as its value and `c`
/// ("4c"), for messages.
fn pattern(data: &Data) -> String {
    let mut out = String::new();
    for slot in SLOTS {
        let t = table(data, slot);
        let (table, p) = (&t.table, &t.published);
        let show = |v: u64, h: bool| format!("{v}{}", if h { "c" } else { "" });
        let key = |k: &Key| {
            k.as_deref()
                .unwrap_or("-")
                .chars()
                .take(6)
                .collect::<String>()
        };
        out.push_str(&format!(
            "{slot}: columns {:?}\n",
            table.columns.iter().map(key).collect::<Vec<_>>()
        ));
        for (r, row) in table.rows.iter().enumerate() {
            let cells: Vec<String> = (0..table.columns.len())
                .map(|c| show(table.cells[r][c], p.cells[r][c]))
                .collect();
            out.push_str(&format!(
                "  {:>6}: {} | {}\n",
                key(row),
                cells.join(" "),
                show(table.row_totals[r], p.row_totals[r])
            ));
        }
        let columns: Vec<String> = (0..table.columns.len())
            .map(|c| show(table.column_totals[c], p.column_totals[c]))
            .collect();
        out.push_str(&format!(
            "  {:>6}: {} | {}\n",
            "total",
            columns.join(" "),
            show(table.total, p.total)
        ));
    }
    out
}

/// Attacks the report of `facts` with threshold `k` and asserts that it
/// finds floors at most (see the module's comment), no pattern.
fn check(name: &str, facts: &[Facts], k: u64) {
    let data = data_with(facts, 2026, k);
    let found = attack(facts, &data);
    let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
    assert!(
        found.iter().all(|f| f.floor),
        "{name}: {texts:#?}\n{}",
        pattern(&data)
    );
}

#[test]
fn the_review_vaults_give_no_hidden_count_of_the_cube_away_to_a_reader_of_the_cases() {
    let (f, m) = (Some("Feminine"), Some("Masculine"));
    let c1 = organ_removal(&[f, m, Some("TransgenderFeminine"), None]);
    // M1 gave (forced labour, identified) = 4 away before the report read
    // its tables together (see the module's end); C1 leaves (organ removal, identified) at least 4 (K = 5), at
    // least 2 (K = 3): the floor of four (two) non-zero sex cells of
    // form-sex-identified, with no more found.
    check("M1", &forty_victims(), 5);
    check("C1", &c1, 5);
    check("C1, K = 3", &organ_removal(&[f, m]), 3);
}

fn threshold(seed: u64) -> u64 {
    [5, 3][(seed / 3 % 2) as usize]
}

/// No random vault's report gives a hidden count away through its
/// published numbers: at most floors. Before the report read its tables
/// together, 10 of these 24 did (seeds 0, 3, 4, 6, 7, 13, 16, 18, 19, 21),
/// and 5 of 40 with the exact sums read but not the loose ones.
#[test]
fn random_vaults_give_no_hidden_count_of_the_cube_away_to_a_reader_of_the_cases() {
    let mut clean = 0;
    for seed in 0..24 {
        let facts = random_vault(seed);
        let k = threshold(seed);
        check(&format!("seed {seed}"), &facts, k);
        clean += usize::from(attack(&facts, &data_with(&facts, 2026, k)).is_empty());
    }
    assert!(clean >= 5, "{clean}");
}

#[test]
fn the_attack_finds_what_tables_suppressed_alone_give_away() {
    // Vaults whose report gives nothing away, each table published as
    // `casebook stats` alone publishes it (no linking): a count hidden in
    // one table is printed by another, and the attack says so.
    for seed in [2, 9, 10, 23] {
        let facts = random_vault(seed);
        let k = threshold(seed);
        let mut data = data_with(&facts, 2026, k);
        assert!(attack(&facts, &data).is_empty(), "seed {seed}");
        for t in &mut data.tables {
            t.published = crate::stats::suppress(&t.table, k);
        }
        let found = attack(&facts, &data);
        assert!(found.iter().any(|f| !f.floor), "seed {seed}");
    }
}
