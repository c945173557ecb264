//! Statistics on a hand-written set of cases whose counts are worked out by
//! hand below, small-count suppression checked by solving for hidden cells,
//! and the CSV read back with a standard CSV reader.

mod common;

use casebook::domain::Case;
use casebook::stats::{Dimension, Facts, Filter, Published, Table, suppress, suppress_within};
use common::*;
use proptest::prelude::*;

/// One hand-written case: contact date, mission, status, trafficking
/// status, forms, citizenship, gender, age (as JSON person fields), country
/// of exploitation, labour industry, means of control, referral services,
/// consent to anonymous statistics.
#[allow(clippy::too_many_arguments)]
fn case(
    contact: &str,
    mission: &str,
    status: &str,
    trafficking: Option<&str>,
    forms: &[&str],
    citizenship: &[&str],
    gender: Option<&str>,
    age: serde_json::Value,
    country: Option<&str>,
    industry: Option<&str>,
    means: &[&str],
    services: &[&str],
    consent: Option<bool>,
) -> (Case, String) {
    let mut person = age;
    person["citizenship"] = serde_json::json!(citizenship);
    if let Some(gender) = gender {
        person["gender"] = gender.into();
    }
    let mut value = serde_json::json!({
        "status": status,
        "person": person,
        "first_contact": {"date": contact, "channel": "WalkIn"},
        "assessment": {},
        "exploitation": {"types": forms, "means_of_control": means},
        "referrals": services.iter().map(|s| serde_json::json!({
            "date": contact, "organisation": "Org", "service": s
        })).collect::<Vec<_>>(),
        "consent": {},
    });
    if let Some(t) = trafficking {
        value["assessment"]["trafficking_status"] = t.into();
        // An identified victim names who identified them (validation).
        if t == "ActualVictimOfTrafficking" {
            value["assessment"]["decided_by"] = "Police".into();
        }
    }
    if let Some(c) = country {
        value["exploitation"]["country_of_exploitation"] = c.into();
    }
    if let Some(i) = industry {
        value["exploitation"]["labour_industry"] = i.into();
    }
    if let Some(c) = consent {
        value["consent"]["anonymous_statistics"] = c.into();
    }
    let case = Case::from_json(&value.to_string()).unwrap_or_else(|e| panic!("{e}: {value}"));
    (case, mission.to_owned())
}

fn birth(date: &str) -> serde_json::Value {
    serde_json::json!({ "birth_date": date })
}

/// Ten cases, A to J; the ages sit on the age groups' boundaries.
fn cases() -> Vec<(Case, String)> {
    use serde_json::json;
    vec![
        // A: age 8 exactly.
        case(
            "2025-05-10",
            "LT-LON",
            "Active",
            Some("PossibleVictimOfTrafficking"),
            &["ForcedLabour"],
            &["LT"],
            Some("Feminine"),
            birth("2017-05-10"),
            Some("GB"),
            Some("C_Manufacturing"),
            &["PhysicalThreats"],
            &["Shelter"],
            Some(true),
        ),
        // B: age 9 exactly; two forms, two citizenships.
        case(
            "2025-07-01",
            "LT-LON",
            "Closed",
            Some("ActualVictimOfTrafficking"),
            &["ForcedLabour", "SexualExploitation"],
            &["LT", "UA"],
            Some("Feminine"),
            birth("2016-07-01"),
            Some("GB"),
            None,
            &[],
            &[],
            None,
        ),
        // C: estimated 17.
        case(
            "2026-01-20",
            "LT-LON",
            "Active",
            Some("PossibleVictimOfTrafficking"),
            &["SexualExploitation"],
            &["UA"],
            Some("Masculine"),
            json!({"estimated_age": 17}),
            Some("DE"),
            None,
            &["PhysicalThreats", "DebtBondage"],
            &["Shelter", "Health"],
            Some(true),
        ),
        // D: age 18 exactly; refused anonymous statistics; little known.
        case(
            "2026-02-01",
            "LT-BER",
            "Active",
            None,
            &[],
            &[],
            None,
            birth("2008-02-01"),
            None,
            None,
            &[],
            &[],
            Some(false),
        ),
        // E: one day before 21.
        case(
            "2026-02-02",
            "LT-BER",
            "FollowUp",
            Some("ActualVictimOfTrafficking"),
            &["ForcedLabour"],
            &["LT"],
            Some("Masculine"),
            birth("2005-02-03"),
            Some("PL"),
            Some("F_Construction"),
            &["DebtBondage"],
            &["Legal"],
            None,
        ),
        // F: age 21 exactly.
        case(
            "2026-03-01",
            "LT-BER",
            "Active",
            Some("PossibleVictimOfTrafficking"),
            &["ForcedLabour"],
            &["LT"],
            Some("Feminine"),
            birth("2005-03-01"),
            Some("PL"),
            Some("F_Construction"),
            &[],
            &["Shelter"],
            Some(true),
        ),
        // G: only the year of birth: 2024 - 1977 = 47.
        case(
            "2024-12-31",
            "LT-LON",
            "ClosedReferred",
            Some("ActualVictimOfTrafficking"),
            &["Servitude"],
            &["BY"],
            Some("Feminine"),
            json!({"birth_year": 1977}),
            None,
            None,
            &[],
            &[],
            None,
        ),
        // H: estimated 48.
        case(
            "2026-04-04",
            "LT-LON",
            "Active",
            Some("PossibleVictimOfTrafficking"),
            &["ForcedLabour"],
            &["LT"],
            Some("NonSpecifiedUnknown"),
            json!({"estimated_age": 48}),
            Some("GB"),
            Some("C_Manufacturing"),
            &[],
            &[],
            None,
        ),
        // I: age unknown.
        case(
            "2026-05-05",
            "LT-BER",
            "Active",
            Some("NotAVictimOfTrafficking"),
            &[],
            &["LT"],
            Some("Masculine"),
            json!({}),
            None,
            None,
            &[],
            &[],
            None,
        ),
        // J: one day before 25.
        case(
            "2025-09-09",
            "LT-LON",
            "Active",
            Some("PossibleVictimOfTrafficking"),
            &["ForcedMarriage"],
            &[],
            Some("Feminine"),
            birth("2000-09-10"),
            None,
            None,
            &["WithholdsDocuments"],
            &["Return"],
            None,
        ),
    ]
}

fn facts() -> Vec<Facts> {
    cases()
        .iter()
        .map(|(case, mission)| Facts::of(case, mission))
        .collect()
}

/// The filter of a commission that counts refusals too (a documented legal
/// basis): the hand counts below include case D.
fn counting_refusals() -> Filter {
    Filter {
        include_without_consent: true,
        ..Filter::default()
    }
}

/// (value, count) rows of a one-dimension table, "unknown" for no value.
fn counts(dimension: Dimension, filter: &Filter) -> Vec<(String, u64)> {
    let table = Table::count(&facts(), dimension, None, filter);
    table
        .rows
        .iter()
        .map(casebook::stats::key_text)
        .zip(table.row_totals.iter().copied())
        .collect()
}

fn expect(dimension: Dimension, expected: &[(&str, u64)]) {
    let expected: Vec<(String, u64)> = expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), *v))
        .collect();
    assert_eq!(
        counts(dimension, &counting_refusals()),
        expected,
        "{dimension:?}"
    );
}

#[test]
fn every_dimension_counts_as_worked_out_by_hand() {
    expect(Dimension::Year, &[("2024", 1), ("2025", 3), ("2026", 6)]);
    expect(
        Dimension::TraffickingStatus,
        &[
            ("ActualVictimOfTrafficking", 3),
            ("NotAVictimOfTrafficking", 1),
            ("PossibleVictimOfTrafficking", 5),
            ("unknown", 1),
        ],
    );
    // Multi-valued: B counts under both forms (11 entries, 10 cases).
    expect(
        Dimension::Form,
        &[
            ("ForcedLabour", 5),
            ("ForcedMarriage", 1),
            ("Servitude", 1),
            ("SexualExploitation", 2),
            ("unknown", 2),
        ],
    );
    expect(
        Dimension::Citizenship,
        &[("BY", 1), ("LT", 6), ("UA", 2), ("unknown", 2)],
    );
    expect(
        Dimension::Gender,
        &[
            ("Feminine", 5),
            ("Masculine", 3),
            ("NonSpecifiedUnknown", 1),
            ("unknown", 1),
        ],
    );
    expect(
        Dimension::AgeGroup,
        &[
            ("0-8", 1),
            ("9-17", 2),
            ("18-20", 2),
            ("21-23", 1),
            ("24-26", 1),
            ("39-47", 1),
            ("48+", 1),
            ("unknown", 1),
        ],
    );
    expect(
        Dimension::Minor,
        &[("minor", 3), ("adult", 6), ("unknown", 1)],
    );
    // GBVIMS's groups: A 8 and B 9 are 0-11, C 17 is 12-17, D 18, E 20,
    // F 21 and J 24 are 18-25, G 47 and H 48 are 41-60.
    expect(
        Dimension::AgeGroupGbvims,
        &[
            ("0-11", 2),
            ("12-17", 1),
            ("18-25", 4),
            ("41-60", 2),
            ("unknown", 1),
        ],
    );
    expect(
        Dimension::CountryOfExploitation,
        &[("DE", 1), ("GB", 3), ("PL", 2), ("unknown", 4)],
    );
    expect(
        Dimension::LabourIndustry,
        &[
            ("C_Manufacturing", 2),
            ("F_Construction", 2),
            ("unknown", 6),
        ],
    );
    expect(
        Dimension::MeansOfControl,
        &[
            ("DebtBondage", 2),
            ("PhysicalThreats", 2),
            ("WithholdsDocuments", 1),
            ("unknown", 6),
        ],
    );
    expect(
        Dimension::ReferralService,
        &[
            ("Health", 1),
            ("Legal", 1),
            ("Return", 1),
            ("Shelter", 3),
            ("unknown", 5),
        ],
    );
    expect(Dimension::Mission, &[("LT-BER", 4), ("LT-LON", 6)]);
    expect(
        Dimension::Status,
        &[
            ("Active", 7),
            ("Closed", 1),
            ("ClosedReferred", 1),
            ("FollowUp", 1),
        ],
    );
    let table = Table::count(&facts(), Dimension::Form, None, &counting_refusals());
    assert_eq!(table.total, 10);
    assert!(table.multi_valued());
    assert_eq!(table.unknown_rows(), 2);
}

#[test]
fn filters_select_years_missions_statuses_and_consent() {
    let total = |filter: Filter| Table::count(&facts(), Dimension::Year, None, &filter).total;
    assert_eq!(
        total(Filter {
            from_year: Some(2025),
            to_year: Some(2025),
            ..counting_refusals()
        }),
        3
    );
    assert_eq!(
        total(Filter {
            mission: Some("LT-BER".into()),
            ..counting_refusals()
        }),
        4
    );
    assert_eq!(
        total(Filter {
            status: Some("Active".into()),
            ..counting_refusals()
        }),
        7
    );
    // D refused anonymous statistics; B and others said nothing. The
    // refusal is respected unless the commission's setting says otherwise.
    assert_eq!(
        total(Filter {
            include_without_consent: false,
            ..counting_refusals()
        }),
        9
    );
    assert_eq!(total(Filter::default()), 9);
    assert_eq!(total(counting_refusals()), 10);
}

/// A table of victims leaves out "not a victim" cases when asked: B, E and
/// G are actual victims (2025, 2026, 2024); five cases are possible
/// victims; a case without a status is in neither.
#[test]
fn the_trafficking_status_filter_counts_only_that_status() {
    let only = |status: &str| Filter {
        trafficking_status: Some(status.into()),
        ..counting_refusals()
    };
    let table = Table::count(
        &facts(),
        Dimension::Year,
        None,
        &only("ActualVictimOfTrafficking"),
    );
    assert_eq!(table.total, 3);
    assert_eq!(
        counts(Dimension::Year, &only("ActualVictimOfTrafficking")),
        [("2024", 1), ("2025", 1), ("2026", 1)].map(|(y, n)| (y.to_owned(), n))
    );
    assert_eq!(
        Table::count(
            &facts(),
            Dimension::Year,
            None,
            &only("PossibleVictimOfTrafficking")
        )
        .total,
        5
    );
    assert_eq!(
        Table::count(
            &facts(),
            Dimension::Year,
            None,
            &only("NotAVictimOfTrafficking")
        )
        .total,
        1
    );
    assert!(
        only("NotAVictimOfTrafficking")
            .describe()
            .ends_with("trafficking status NotAVictimOfTrafficking"),
        "{}",
        only("NotAVictimOfTrafficking").describe()
    );
    // Several statuses, separated by commas: identified and presumed
    // victims (the annual report's tables), 3 + 5; not the "not a victim"
    // case nor the one without a status.
    let victims = only("ActualVictimOfTrafficking,PossibleVictimOfTrafficking");
    assert_eq!(
        Table::count(&facts(), Dimension::Year, None, &victims).total,
        8
    );
    assert!(
        victims.describe().ends_with(
            "trafficking status ActualVictimOfTrafficking or PossibleVictimOfTrafficking"
        ),
        "{}",
        victims.describe()
    );
}

/// `--form`: only the cases with that form among theirs; a case with two
/// forms (B) is one of them. Five cases have forced labour.
#[test]
fn the_form_filter_counts_only_the_cases_with_that_form() {
    let filter = Filter {
        form: Some("ForcedLabour".into()),
        ..counting_refusals()
    };
    let table = Table::count(&facts(), Dimension::Form, None, &filter);
    assert_eq!(table.total, 5);
    let forced = table
        .rows
        .iter()
        .position(|k| k.as_deref() == Some("ForcedLabour"))
        .map(|r| table.row_totals[r]);
    assert_eq!(forced, Some(5), "every case counted has forced labour");
    assert!(
        !table.rows.contains(&None),
        "no case without a form is counted"
    );
    assert!(
        filter.describe().ends_with("; form ForcedLabour"),
        "{}",
        filter.describe()
    );
}

#[test]
fn two_cross_tables_count_as_worked_out_by_hand() {
    let table = Table::count(
        &facts(),
        Dimension::Gender,
        Some(Dimension::Minor),
        &counting_refusals(),
    );
    let rows: Vec<String> = table.rows.iter().map(casebook::stats::key_text).collect();
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(casebook::stats::key_text)
        .collect();
    assert_eq!(
        rows,
        ["Feminine", "Masculine", "NonSpecifiedUnknown", "unknown"]
    );
    assert_eq!(columns, ["minor", "adult", "unknown"]);
    assert_eq!(
        table.cells,
        vec![vec![2, 3, 0], vec![1, 1, 1], vec![0, 1, 0], vec![0, 1, 0]]
    );
    assert_eq!(table.row_totals, [5, 3, 1, 1]);
    assert_eq!(table.column_totals, [3, 6, 1]);
    assert_eq!(table.total, 10);

    // Forms (multi-valued) by year.
    let table = Table::count(
        &facts(),
        Dimension::Form,
        Some(Dimension::Year),
        &counting_refusals(),
    );
    let rows: Vec<String> = table.rows.iter().map(casebook::stats::key_text).collect();
    assert_eq!(
        rows,
        [
            "ForcedLabour",
            "ForcedMarriage",
            "Servitude",
            "SexualExploitation",
            "unknown"
        ]
    );
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(casebook::stats::key_text)
        .collect();
    assert_eq!(columns, ["2024", "2025", "2026"]);
    assert_eq!(
        table.cells,
        vec![
            vec![0, 2, 3],
            vec![0, 1, 0],
            vec![1, 0, 0],
            vec![0, 1, 1],
            vec![0, 0, 2]
        ]
    );
    assert_eq!(table.row_totals, [5, 1, 1, 2, 2]);
    assert_eq!(table.column_totals, [1, 3, 6]);
    assert_eq!(table.total, 10);
}

#[test]
fn the_vault_keeps_the_facts_with_every_save_and_erasure() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(dir.path());
    let mut references = Vec::new();
    for (case, _) in cases() {
        references.push(
            vault
                .create_case(case)
                .unwrap_or_else(|e| panic!("{e}"))
                .meta
                .reference,
        );
    }
    let from_vault = |vault: &casebook::vault::Vault| {
        vault
            .statistics(
                Dimension::Gender,
                Some(Dimension::AgeGroup),
                &counting_refusals(),
            )
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // Every case of this vault is of its own mission.
    let expected: Vec<Facts> = cases()
        .iter()
        .map(|(c, _)| Facts::of(c, "LT-LON"))
        .collect();
    assert_eq!(
        from_vault(&vault),
        Table::count(
            &expected,
            Dimension::Gender,
            Some(Dimension::AgeGroup),
            &counting_refusals()
        )
    );
    // An erased case is no longer counted; an edited one counts as edited.
    vault
        .erase_case(&references[0])
        .unwrap_or_else(|e| panic!("{e}"));
    let record = vault
        .get_case(&references[1])
        .unwrap_or_else(|e| panic!("{e}"));
    let mut changed = record.case.clone();
    changed.person.gender = Some(casebook::domain::Gender::Masculine);
    vault
        .update_case(record.meta.id, changed.clone(), 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut expected = expected[1..].to_vec();
    expected[0] = Facts::of(&changed, "LT-LON");
    assert_eq!(
        from_vault(&vault),
        Table::count(
            &expected,
            Dimension::Gender,
            Some(Dimension::AgeGroup),
            &counting_refusals()
        )
    );
}

/// Whether hidden entry `target` is determined by the table's sums and the
/// entries shown: is its unit vector in the row space of the sums,
/// restricted to the hidden entries? (Gaussian elimination.)
fn determined(equations: &[Vec<f64>], target: usize) -> bool {
    let rank = |rows: &[Vec<f64>]| -> usize {
        let mut m: Vec<Vec<f64>> = rows.to_vec();
        let width = m.first().map_or(0, Vec::len);
        let mut rank = 0;
        for column in 0..width {
            let Some(pivot) = (rank..m.len()).find(|&r| m[r][column].abs() > 1e-9) else {
                continue;
            };
            m.swap(rank, pivot);
            for r in 0..m.len() {
                if r != rank && m[r][column].abs() > 1e-9 {
                    let factor = m[r][column] / m[rank][column];
                    let pivot_row = m[rank].clone();
                    for (value, pivot) in m[r].iter_mut().zip(&pivot_row) {
                        *value -= factor * pivot;
                    }
                }
            }
            rank += 1;
        }
        rank
    };
    let mut with_target = equations.to_vec();
    let mut unit = vec![0.0; equations.first().map_or(0, Vec::len)];
    unit[target] = 1.0;
    with_target.push(unit);
    rank(&with_target) == rank(equations)
}

/// Checks a two-dimension table of single-valued dimensions: no shown count
/// below the threshold, and no hidden count can be solved for.
fn check_protected(table: &Table, k: u64) {
    let published = suppress(table, k);
    let rows = table.rows.len();
    let columns = table.columns.len();
    // Entries: cells, row totals, column totals, total; index them.
    let mut values = Vec::new();
    let mut hidden = Vec::new();
    for r in 0..rows {
        for c in 0..columns {
            values.push(table.cells[r][c]);
            hidden.push(published.cells[r][c]);
        }
    }
    for r in 0..rows {
        values.push(table.row_totals[r]);
        hidden.push(published.row_totals[r]);
    }
    for c in 0..columns {
        values.push(table.column_totals[c]);
        hidden.push(published.column_totals[c]);
    }
    values.push(table.total);
    hidden.push(published.total);
    for (value, hidden) in values.iter().zip(&hidden) {
        assert!(
            *hidden || *value == 0 || *value >= k,
            "{value} is shown below {k}"
        );
    }
    let cell = |r: usize, c: usize| r * columns + c;
    let row_total = |r: usize| rows * columns + r;
    let column_total = |c: usize| rows * columns + rows + c;
    let total = rows * columns + rows + columns;
    // The sums, as coefficient vectors over all entries.
    let mut sums = Vec::new();
    for r in 0..rows {
        let mut e = vec![0.0; values.len()];
        (0..columns).for_each(|c| e[cell(r, c)] = 1.0);
        e[row_total(r)] = -1.0;
        sums.push(e);
    }
    for c in 0..columns {
        let mut e = vec![0.0; values.len()];
        (0..rows).for_each(|r| e[cell(r, c)] = 1.0);
        e[column_total(c)] = -1.0;
        sums.push(e);
    }
    let mut e = vec![0.0; values.len()];
    (0..rows).for_each(|r| e[row_total(r)] = 1.0);
    e[total] = -1.0;
    sums.push(e);
    let mut e = vec![0.0; values.len()];
    (0..columns).for_each(|c| e[column_total(c)] = 1.0);
    e[total] = -1.0;
    sums.push(e);
    // Check the sums hold (single-valued dimensions), then restrict them to
    // the hidden entries: what an attacker must solve.
    for equation in &sums {
        let sum: f64 = equation
            .iter()
            .zip(&values)
            .map(|(a, v)| a * *v as f64)
            .sum();
        assert!(sum.abs() < 1e-9);
    }
    let hidden_index: Vec<usize> = (0..values.len()).filter(|i| hidden[*i]).collect();
    let restricted: Vec<Vec<f64>> = sums
        .iter()
        .map(|e| hidden_index.iter().map(|i| e[*i]).collect())
        .collect();
    for (position, index) in hidden_index.iter().enumerate() {
        assert!(
            !determined(&restricted, position),
            "hidden entry {index} (value {}) can be solved for",
            values[*index]
        );
    }
}

#[test]
fn hidden_counts_cannot_be_solved_for_on_generated_data() {
    let today = date(2026, 11, 1);
    let facts: Vec<Facts> = recorded(casebook::domain::synthetic::generate(11, 150, today))
        .map(|case| Facts::of(&case, "LT-LON"))
        .collect();
    let mut hidden = 0;
    for (rows_by, columns_by) in [
        (Dimension::Gender, Dimension::AgeGroup),
        (Dimension::TraffickingStatus, Dimension::Year),
        (Dimension::Status, Dimension::LabourIndustry),
    ] {
        for k in [3, 5, 10] {
            let table = Table::count(&facts, rows_by, Some(columns_by), &counting_refusals());
            check_protected(&table, k);
            hidden += suppress(&table, k).hidden();
        }
    }
    assert!(
        hidden > 20,
        "the data should have small cells to hide ({hidden})"
    );
}

#[test]
fn a_one_dimension_table_never_shows_a_lone_hidden_count() {
    let facts = facts();
    let table = Table::count(&facts, Dimension::Gender, None, &counting_refusals());
    // Feminine 5, Masculine 3, NonSpecifiedUnknown 1, unknown 1; total 10.
    // Hiding the three small ones alone would leave 5 for them together, so
    // Masculine could be at most 3: Feminine is hidden too.
    let published = suppress(&table, 5);
    assert_eq!(published.row_totals, [true, true, true, true]);
    assert!(!published.total);
    let table = Table::count(&facts, Dimension::Mission, None, &counting_refusals());
    // LT-BER 4 hidden, LT-LON 6: the smallest other count is hidden too.
    assert_eq!(suppress(&table, 5).row_totals, [true, true]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_table_of_random_cases_reveals_a_hidden_count(seed in any::<u64>(), count in 5usize..120, k in 2u64..8) {
        let facts: Vec<Facts> = recorded(casebook::domain::synthetic::generate(seed, count, date(2026, 11, 1)))
            .map(|case| Facts::of(&case, "LT-LON"))
            .collect();
        let table = Table::count(&facts, Dimension::Gender, Some(Dimension::Minor), &counting_refusals());
        check_protected(&table, k);
        let table = Table::count(&facts, Dimension::Status, Some(Dimension::TraffickingStatus), &counting_refusals());
        check_protected(&table, k);
    }
}

#[test]
fn the_csv_reads_back_with_a_standard_reader_and_matches_the_table() {
    let facts = facts();
    let filter = counting_refusals();
    let table = Table::count(&facts, Dimension::Gender, Some(Dimension::Minor), &filter);
    let text = table
        .to_csv(3, date(2026, 11, 28))
        .unwrap_or_else(|e| panic!("{e}"));
    let comment = text
        .lines()
        .next()
        .unwrap_or_else(|| panic!("nothing there"));
    assert!(
        comment.starts_with("# Casebook statistics: cases by gender by minor;"),
        "{comment}"
    );
    assert!(
        comment.contains("c = confidential: a count below 3")
            && comment.contains("made 2026-11-28"),
        "{comment}"
    );
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, ["gender", "minor", "adult", "unknown", "total"]);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("{e}"))
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    let published = suppress(&table, 3);
    assert_eq!(records.len(), table.rows.len() + 1);
    for (r, record) in records.iter().enumerate().take(table.rows.len()) {
        assert_eq!(record[0], casebook::stats::key_text(&table.rows[r]));
        for c in 0..table.columns.len() {
            let expected = if published.cells[r][c] {
                "c".to_owned()
            } else {
                table.cells[r][c].to_string()
            };
            assert_eq!(record[c + 1], expected);
        }
    }
    let last = &records[table.rows.len()];
    assert_eq!(last[0], "total");
    assert_eq!(last[last.len() - 1], "10");
    // No count below 3 appears in clear; hidden ones read "c", never 0.
    for record in &records {
        for field in &record[1..] {
            if let Ok(n) = field.parse::<u64>() {
                assert!(n == 0 || n >= 3, "{field} shown");
            } else {
                assert_eq!(field, "c");
            }
        }
    }
}

/// The attacker's linear programme, written out here over every count of
/// the table (independently of the library's own audit, which builds it
/// over the hidden counts tied to each one; the same simplex solves both,
/// and has its own tests in `stats::lp`): each published
/// count is fixed at its value, a hidden cell below `k` lies in 1..k−1, any
/// other hidden count (a total too) is at least 1; the sums hold exactly along a
/// single-valued dimension, and along a multi-valued one the parts add up
/// to at least the whole, none exceeds it, and none with the unknown part
/// (the cases with no value) exceeds it either. For each hidden count it
/// minimises and maximises; returns the counts whose range says more than
/// "between 1 and k−1" (primary) or is a single value (secondary).
fn interval_attack(table: &Table, k: u64) -> Vec<String> {
    interval_attack_on(table, k, &suppress(table, k))
}

/// The interval attack on `table` published as `published`.
fn interval_attack_on(table: &Table, k: u64, published: &Published) -> Vec<String> {
    use casebook::stats::lp::{Extreme, Programme, Relation};
    let two = table.columns_by.is_some();
    let (rows, columns) = (table.rows.len(), table.columns.len());
    let mut values = Vec::new();
    let mut hidden = Vec::new();
    let mut names = Vec::new();
    if two {
        for r in 0..rows {
            for c in 0..columns {
                values.push(table.cells[r][c]);
                hidden.push(published.cells[r][c]);
                names.push(format!("cell {r},{c}"));
            }
        }
    }
    // Cells come first: those of a cross-table, or the values' counts of a
    // one-dimension table. A small total is bounded only below (its parts
    // are smaller by the rule alone; see `stats::suppress`).
    let cells_end = if two { rows * columns } else { rows };
    let row_total0 = values.len();
    for r in 0..rows {
        values.push(table.row_totals[r]);
        hidden.push(published.row_totals[r]);
        names.push(format!("row total {r}"));
    }
    let column_total0 = values.len();
    for c in 0..columns {
        values.push(table.column_totals[c]);
        hidden.push(published.column_totals[c]);
        names.push(format!("column total {c}"));
    }
    let total = values.len();
    values.push(table.total);
    hidden.push(published.total);
    names.push("total".into());
    for (i, value) in values.iter().enumerate() {
        assert!(
            hidden[i] || *value == 0 || *value >= k,
            "{} = {value} is shown below {k}",
            names[i]
        );
        assert!(!(hidden[i] && *value == 0), "{} is a hidden zero", names[i]);
    }
    // (whole, parts, exact, the unknown part along a multi-valued dimension)
    let rows_exact = !table.rows_by.multi_valued();
    let columns_exact = !table.columns_by.is_some_and(Dimension::multi_valued);
    let unknown_row = table.rows.iter().position(Option::is_none);
    let unknown_column = table.columns.iter().position(Option::is_none);
    let mut sums: Vec<(usize, Vec<usize>, bool, Option<usize>)> = vec![(
        total,
        (0..rows).map(|r| row_total0 + r).collect(),
        rows_exact,
        unknown_row.map(|r| row_total0 + r),
    )];
    if two {
        for r in 0..rows {
            sums.push((
                row_total0 + r,
                (0..columns).map(|c| r * columns + c).collect(),
                columns_exact,
                unknown_column.map(|c| r * columns + c),
            ));
        }
        for c in 0..columns {
            sums.push((
                column_total0 + c,
                (0..rows).map(|r| r * columns + c).collect(),
                rows_exact,
                unknown_row.map(|r| r * columns + c),
            ));
        }
        sums.push((
            total,
            (0..columns).map(|c| column_total0 + c).collect(),
            columns_exact,
            unknown_column.map(|c| column_total0 + c),
        ));
    }
    // Every count is a variable: a published one fixed at its value.
    let mut programme = Programme::default();
    let vars: Vec<usize> = (0..values.len())
        .map(|i| {
            if !hidden[i] {
                programme.variable(values[i] as f64, values[i] as f64)
            } else if values[i] < k && i < cells_end {
                programme.variable(1.0, (k - 1) as f64)
            } else {
                programme.variable(1.0, f64::INFINITY)
            }
        })
        .collect();
    for (whole, parts, exact, unknown) in &sums {
        let mut terms: Vec<(usize, f64)> = parts.iter().map(|p| (vars[*p], 1.0)).collect();
        terms.push((vars[*whole], -1.0));
        let relation = if *exact {
            Relation::Equal
        } else {
            Relation::AtLeast
        };
        programme.constrain(terms, relation, 0.0);
        if !exact {
            for p in parts {
                programme.constrain(
                    vec![(vars[*p], 1.0), (vars[*whole], -1.0)],
                    Relation::AtMost,
                    0.0,
                );
                // A case counts as unknown exactly when it has no value, so
                // the unknown part and any other one fit in the whole.
                if let Some(u) = unknown.filter(|u| u != p) {
                    programme.constrain(
                        vec![(vars[*p], 1.0), (vars[u], 1.0), (vars[*whole], -1.0)],
                        Relation::AtMost,
                        0.0,
                    );
                }
            }
        }
    }
    let mut leaks = Vec::new();
    for target in (0..values.len()).filter(|i| hidden[*i]) {
        let end = |greatest: bool| match programme.extreme(vars[target], greatest) {
            Extreme::Value(v) => v,
            Extreme::Unbounded => f64::INFINITY,
            Extreme::Infeasible => panic!("the true table must be feasible"),
        };
        let (low, high) = (end(false), end(true));
        let primary = values[target] < k && target < cells_end;
        let fine = if primary {
            low <= 1.0 + 1e-6 && high >= (k - 1) as f64 - 1e-6
        } else {
            high - low >= 1.0 - 1e-6
        };
        if !fine {
            leaks.push(format!(
                "{} = {} can be told to lie in {low}..{high}",
                names[target], values[target]
            ));
        }
    }
    leaks
}

/// Facts of `n` cases with this gender (single-valued) and nothing else.
fn of_gender(gender: &str, n: usize) -> impl Iterator<Item = Facts> + '_ {
    (0..n).map(move |_| Facts {
        year: 2026,
        mission: "LT-LON".into(),
        status: "Active".into(),
        gender: Some(gender.into()),
        ..Facts::default()
    })
}

/// A table of two single-valued dimensions with these cells (labels do
/// not matter to suppression).
fn table_of(cells: &[Vec<u64>]) -> Table {
    let rows = cells.len();
    let columns = cells.first().map_or(0, Vec::len);
    let row_totals: Vec<u64> = cells.iter().map(|r| r.iter().sum()).collect();
    let column_totals: Vec<u64> = (0..columns)
        .map(|c| cells.iter().map(|r| r[c]).sum())
        .collect();
    Table {
        rows_by: Dimension::Gender,
        columns_by: Some(Dimension::AgeGroup),
        rows: (0..rows).map(|r| Some(format!("r{r}"))).collect(),
        columns: (0..columns).map(|c| Some(format!("c{c}"))).collect(),
        cells: cells.to_vec(),
        total: row_totals.iter().sum(),
        row_totals,
        column_totals,
        filter: Filter::default(),
        left_out: Default::default(),
        counted_despite_refusal: 0,
    }
}

#[test]
fn the_reproduced_gender_table_no_longer_gives_its_two_small_counts_away() {
    // 22 cases by gender, 20 / 1 / 1: publishing Feminine 20 and the total
    // 22 told a reader that the two hidden counts were 1 each.
    let facts: Vec<Facts> = of_gender("Feminine", 20)
        .chain(of_gender("Masculine", 1))
        .chain(of_gender("TransgenderFeminine", 1))
        .collect();
    let table = Table::count(&facts, Dimension::Gender, None, &Filter::default());
    assert_eq!(table.row_totals, [20, 1, 1]);
    assert_eq!(interval_attack(&table, 5), Vec::<String>::new());
    let published = suppress(&table, 5);
    assert!(published.row_totals[1] && published.row_totals[2]);
    assert!(
        published.row_totals[0] || published.total,
        "the 20 or the total is hidden as well: {published:?}"
    );
}

#[test]
fn a_cross_table_hides_until_its_small_counts_keep_their_whole_range() {
    // Two minors in a column of 2: a column total of 2 over two hidden
    // cells of at least 1 would fix both.
    let table = table_of(&[vec![1, 20], vec![1, 30], vec![9, 12]]);
    assert_eq!(interval_attack(&table, 5), Vec::<String>::new());
    let table = table_of(&[vec![1, 1, 40], vec![1, 7, 6], vec![30, 2, 0]]);
    assert_eq!(interval_attack(&table, 5), Vec::<String>::new());
}

/// Facts of `n` identified (`true`) or presumed victims with these forms
/// of exploitation (none: unknown) and nothing else.
fn with_forms(
    forms: &'static [&'static str],
    identified: bool,
    n: usize,
) -> impl Iterator<Item = Facts> {
    (0..n).map(move |_| Facts {
        year: 2026,
        mission: "LT-LON".into(),
        status: "Active".into(),
        trafficking_status: Some(
            if identified {
                "ActualVictimOfTrafficking"
            } else {
                "PossibleVictimOfTrafficking"
            }
            .into(),
        ),
        forms: forms.iter().map(|f| (*f).to_owned()).collect(),
        ..Facts::default()
    })
}

const BOTH: &[&str] = &["ForcedLabour", "SexualExploitation"];

#[test]
fn the_cases_with_no_form_do_not_give_away_the_few_with_one() {
    // One person with two forms, 40 with none: published as c, c, 40, 41
    // the table told a reader that 41 − 40 = 1 case has a form, so both
    // hidden counts were exactly 1 (the audit only knew that the forms add
    // up to at least 41 and none exceeds it).
    let facts: Vec<Facts> = with_forms(BOTH, true, 1)
        .chain(with_forms(&[], true, 40))
        .collect();
    let table = Table::count(&facts, Dimension::Form, None, &Filter::default());
    let row = |key: Option<&str>| {
        table
            .rows
            .iter()
            .position(|r| r.as_deref() == key)
            .unwrap_or_else(|| panic!("no row {key:?}"))
    };
    let (forced, sexual, unknown) = (
        row(Some("ForcedLabour")),
        row(Some("SexualExploitation")),
        row(None),
    );
    assert_eq!(
        (
            table.row_totals[forced],
            table.row_totals[sexual],
            table.row_totals[unknown],
            table.total
        ),
        (1, 1, 40, 41)
    );
    // The attack knows that the cases with no form are none of the others.
    let mut leaky = suppress(&table, 5);
    leaky.row_totals = vec![false; 3];
    leaky.row_totals[forced] = true;
    leaky.row_totals[sexual] = true;
    leaky.total = false;
    assert_eq!(interval_attack_on(&table, 5, &leaky).len(), 2);

    let published = suppress(&table, 5);
    assert!(published.row_totals[forced] && published.row_totals[sexual]);
    assert!(
        published.row_totals[unknown] || published.total,
        "whole − unknown no longer tells how many cases have a form: {published:?}"
    );
    assert_eq!(
        interval_attack_on(&table, 5, &published),
        Vec::<String>::new()
    );
}

#[test]
fn a_form_by_status_table_keeps_the_unknown_forms_small_cell_in_its_range() {
    // Identified: 2 with both forms, 4 forced labour, 1 sexual exploitation,
    // 1 with none; presumed: 2 with both, 4 forced labour, 4 sexual
    // exploitation, 5 with none. Cells [[6, 6], [3, 6], [1, 5]], rows 12,
    // 9, 6, columns 8, 15, 23. Hiding only the sexual exploitation and
    // unknown rows' cells told a reader that the identified unknown cell
    // lay in 1..2: forced labour's published 6 and it fit in the column's
    // 8.
    let facts: Vec<Facts> = with_forms(BOTH, true, 2)
        .chain(with_forms(&["ForcedLabour"], true, 4))
        .chain(with_forms(&["SexualExploitation"], true, 1))
        .chain(with_forms(&[], true, 1))
        .chain(with_forms(BOTH, false, 2))
        .chain(with_forms(&["ForcedLabour"], false, 4))
        .chain(with_forms(&["SexualExploitation"], false, 4))
        .chain(with_forms(&[], false, 5))
        .collect();
    let table = Table::count(
        &facts,
        Dimension::Form,
        Some(Dimension::TraffickingStatus),
        &Filter::default(),
    );
    let row = |key: Option<&str>| {
        table
            .rows
            .iter()
            .position(|r| r.as_deref() == key)
            .unwrap_or_else(|| panic!("no row {key:?}"))
    };
    let column = |key: &str| {
        table
            .columns
            .iter()
            .position(|c| c.as_deref() == Some(key))
            .unwrap_or_else(|| panic!("no column {key}"))
    };
    let (forced, sexual, unknown) = (
        row(Some("ForcedLabour")),
        row(Some("SexualExploitation")),
        row(None),
    );
    let (identified, presumed) = (
        column("ActualVictimOfTrafficking"),
        column("PossibleVictimOfTrafficking"),
    );
    let cell = |r: usize, c: usize| table.cells[r][c];
    assert_eq!(
        [
            [cell(forced, identified), cell(forced, presumed)],
            [cell(sexual, identified), cell(sexual, presumed)],
            [cell(unknown, identified), cell(unknown, presumed)],
        ],
        [[6, 6], [3, 6], [1, 5]]
    );
    assert_eq!(
        (
            table.column_totals[identified],
            table.column_totals[presumed]
        ),
        (8, 15)
    );
    // The pattern the review found: every total shown, the two lower rows'
    // cells hidden. The attack now sees the leak.
    let mut leaky = suppress(&table, 5);
    for (r, row) in leaky.cells.iter_mut().enumerate() {
        for h in row.iter_mut() {
            *h = r != forced;
        }
    }
    leaky.row_totals.fill(false);
    leaky.column_totals.fill(false);
    leaky.total = false;
    assert!(
        interval_attack_on(&table, 5, &leaky)
            .iter()
            .any(|leak| leak.starts_with(&format!("cell {unknown},{identified} ="))),
        "{:?}",
        interval_attack_on(&table, 5, &leaky)
    );
    let published = suppress(&table, 5);
    assert!(published.cells[sexual][identified] && published.cells[unknown][identified]);
    assert_ne!(published, leaky);
    assert_eq!(
        interval_attack_on(&table, 5, &published),
        Vec::<String>::new()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random cross-tables, heavy in small counts and zeros: the attacker's
    /// programme learns nothing from any published pattern.
    #[test]
    fn the_interval_attack_learns_nothing_from_any_random_cross_table(
        cells in (1usize..6, 1usize..5).prop_flat_map(|(rows, columns)| {
            proptest::collection::vec(
                proptest::collection::vec(
                    prop_oneof![4 => 0u64..5, 2 => 5u64..12, 1 => 12u64..60],
                    columns,
                ),
                rows,
            )
        }),
        k in 3u64..8,
    ) {
        let table = table_of(&cells);
        prop_assert_eq!(interval_attack(&table, k), Vec::<String>::new());
    }

    /// Random one-dimension tables.
    #[test]
    fn the_interval_attack_learns_nothing_from_any_random_list(
        counts in proptest::collection::vec(prop_oneof![3 => 1u64..5, 1 => 5u64..40], 1..9),
        k in 3u64..8,
    ) {
        let facts: Vec<Facts> = counts
            .iter()
            .enumerate()
            .flat_map(|(i, n)| {
                (0..*n).map(move |_| Facts {
                    year: 2000 + i as i32,
                    ..Facts::default()
                })
            })
            .collect();
        let table = Table::count(&facts, Dimension::Year, None, &Filter::default());
        prop_assert_eq!(interval_attack(&table, k), Vec::<String>::new());
    }

    /// Tables of generated cases, multi-valued dimensions among them: the
    /// programme with "parts at least the whole" learns nothing either.
    #[test]
    fn the_interval_attack_learns_nothing_from_tables_of_random_cases(
        seed in any::<u64>(),
        count in 5usize..60,
        k in 3u64..8,
    ) {
        let facts: Vec<Facts> = recorded(casebook::domain::synthetic::generate(seed, count, date(2026, 11, 1)))
            .map(|case| Facts::of(&case, "LT-LON"))
            .collect();
        for (rows_by, columns_by) in [
            (Dimension::Gender, Some(Dimension::Minor)),
            (Dimension::Form, Some(Dimension::Gender)),
            (Dimension::AgeGroup, Some(Dimension::TraffickingStatus)),
            (Dimension::Form, None),
        ] {
            let table = Table::count(&facts, rows_by, columns_by, &counting_refusals());
            prop_assert_eq!(interval_attack(&table, k), Vec::<String>::new(), "{:?} by {:?}", rows_by, columns_by);
        }
    }
}

#[test]
fn every_hidden_count_has_the_same_neutral_mark_and_the_comment_says_what_it_means() {
    // 20 / 1: both are hidden, and "<5" beside the 20 was false and told
    // which one was the big one.
    let facts: Vec<Facts> = of_gender("Feminine", 20)
        .chain(of_gender("Masculine", 1))
        .collect();
    let table = Table::count(&facts, Dimension::Gender, None, &Filter::default());
    let text = table
        .to_csv(5, date(2026, 11, 28))
        .unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1..],
        ["gender,cases", "Feminine,c", "Masculine,c", "total,21"]
    );
    assert!(
        lines[0].contains("c = confidential: a count below 5 or a count hidden so that none below 5 can be worked out"),
        "{}",
        lines[0]
    );
    assert!(!text.contains('<'), "{text}");
}

#[test]
fn a_table_is_never_written_with_a_threshold_below_three() {
    let table = Table::count(&facts(), Dimension::Gender, None, &Filter::default());
    for k in [0, 1, 2] {
        assert_eq!(
            table.to_csv(k, date(2026, 11, 28)),
            Err(casebook::stats::Error::ThresholdTooLow(k))
        );
    }
    assert!(table.to_csv(3, date(2026, 11, 28)).is_ok());
}

#[test]
fn the_csv_states_the_filters_the_table_was_counted_with() {
    let counted_with = Filter {
        from_year: Some(2026),
        mission: Some("LT-LON".into()),
        ..Filter::default()
    };
    let table = Table::count(&facts(), Dimension::Gender, None, &counted_with);
    let text = table
        .to_csv(5, date(2026, 11, 28))
        .unwrap_or_else(|e| panic!("{e}"));
    let comment = text
        .lines()
        .next()
        .unwrap_or_else(|| panic!("nothing there"));
    assert!(
        comment.contains("years from 2026; mission LT-LON; status any"),
        "{comment}"
    );
}

#[test]
fn synthetic_cases_are_never_counted_and_the_table_says_how_many_were_left_out() {
    let today = date(2026, 11, 1);
    let generated: Vec<Facts> = casebook::domain::synthetic::generate(4, 25, today)
        .map(|case| Facts::of(&case, "LT-LON"))
        .collect();
    assert!(generated.iter().all(|f| f.synthetic));
    let mut facts = facts();
    facts.extend(generated);
    for filter in [Filter::default(), counting_refusals()] {
        let table = Table::count(&facts, Dimension::Year, None, &filter);
        assert_eq!(table.left_out.synthetic, 25);
        assert_eq!(
            table.total,
            if filter.include_without_consent {
                10
            } else {
                9
            }
        );
    }
    let table = Table::count(&facts, Dimension::Year, None, &Filter::default());
    let comment = table
        .to_csv(5, today)
        .unwrap_or_else(|e| panic!("{e}"))
        .lines()
        .next()
        .unwrap_or_else(|| panic!("nothing there"))
        .to_owned();
    assert!(
        comment.contains("25 synthetic (training) cases left out"),
        "{comment}"
    );
}

#[test]
fn a_refusal_is_left_out_by_default_and_every_table_says_how_many() {
    // Case D refused anonymous statistics.
    let table = Table::count(&facts(), Dimension::Gender, None, &Filter::default());
    assert_eq!(table.total, 9);
    assert_eq!(table.left_out.refused, 1);
    let comment = table
        .to_csv(5, date(2026, 11, 28))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        comment.contains(
            "fewer than 5 cases left out because the person refused anonymous statistics"
        ),
        "{comment}"
    );
    // A commission with another documented legal basis counts them, and
    // the table says so.
    let table = Table::count(&facts(), Dimension::Gender, None, &counting_refusals());
    assert_eq!(table.total, 10);
    assert_eq!(table.counted_despite_refusal, 1);
    let comment = table
        .to_csv(5, date(2026, 11, 28))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        comment.contains("fewer than 5 cases whose person refused anonymous statistics counted"),
        "{comment}"
    );
}

#[test]
fn a_formula_in_a_mission_code_reaches_a_spreadsheet_as_text() {
    let formula = "=HYPERLINK(\"http://example.org/?\"&A1,\"open\")";
    let facts: Vec<Facts> = ["+1-2", "-3", "@SUM(A1)", "\tTAB", formula, "LT-LON"]
        .iter()
        .flat_map(|mission| {
            (0..6).map(move |_| Facts {
                year: 2026,
                mission: (*mission).to_owned(),
                status: "Active".into(),
                ..Facts::default()
            })
        })
        .collect();
    let table = Table::count(&facts, Dimension::Mission, None, &Filter::default());
    let text = table
        .to_csv(5, date(2026, 11, 28))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut missions = Vec::new();
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        let first = record
            .get(0)
            .unwrap_or_else(|| panic!("no such field"))
            .to_owned();
        assert!(
            !first.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{first:?} would be a formula"
        );
        // Counts stay plain numbers.
        assert!(
            record
                .get(1)
                .unwrap_or_else(|| panic!("no such field"))
                .parse::<u64>()
                .is_ok()
        );
        missions.push(first);
    }
    assert!(missions.contains(&format!("'{formula}")), "{missions:?}");
    assert!(missions.contains(&"'-3".to_owned()), "{missions:?}");
    assert!(missions.contains(&"LT-LON".to_owned()), "{missions:?}");
    // The field is quoted in the file itself, and the comment line stays
    // one cell (no comma for a spreadsheet to split it at).
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(
        !text
            .lines()
            .next()
            .unwrap_or_else(|| panic!("nothing there"))
            .contains(','),
        "{text}"
    );
}

/// A cross-table heavy in small counts, whose audit needs many programmes.
fn busy_table() -> Table {
    table_of(&[
        vec![1, 2, 7, 0, 3, 12],
        vec![4, 1, 1, 9, 2, 1],
        vec![0, 3, 15, 1, 1, 2],
        vec![2, 8, 1, 3, 0, 4],
        vec![6, 1, 2, 1, 1, 30],
    ])
}

#[test]
fn a_table_that_exhausts_its_work_budget_is_suppressed_conservatively_and_still_safe() {
    let table = busy_table();
    let audited = suppress(&table, 5);
    assert!(!audited.conservative, "{audited:?}");
    assert_eq!(
        interval_attack_on(&table, 5, &audited),
        Vec::<String>::new()
    );
    for budget in [0, 1, 3, 10, 30] {
        let published = suppress_within(&table, 5, budget);
        assert!(published.conservative, "budget {budget}: {published:?}");
        assert_eq!(
            interval_attack_on(&table, 5, &published),
            Vec::<String>::new(),
            "budget {budget}"
        );
        assert!(published.hidden() >= audited.hidden(), "budget {budget}");
    }
    let csv = table
        .to_csv_within(5, date(2026, 11, 30), 0)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        csv.lines()
            .next()
            .unwrap_or_else(|| panic!("nothing there"))
            .contains("suppressed conservatively: the table was too large to audit"),
        "{csv}"
    );
    let csv = table
        .to_csv(5, date(2026, 11, 30))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!csv.contains("conservatively"), "{csv}");
}

#[test]
fn left_out_counts_in_a_file_are_written_fewer_than_k_when_small() {
    let mut table = table_of(&[vec![10, 20]]);
    table.left_out.refused = 4;
    table.left_out.synthetic = 12;
    let comment = table
        .to_csv(5, date(2026, 11, 30))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        comment.contains("fewer than 5 cases left out because the person refused"),
        "{comment}"
    );
    assert!(
        comment.contains("; 12 synthetic (training) cases left out"),
        "{comment}"
    );
    // Exact, with the English singular, only where nothing is hidden.
    table.left_out.refused = 1;
    table.left_out.synthetic = 0;
    assert_eq!(
        table.describe_left_out(0),
        "1 case left out because the person refused anonymous statistics; 0 synthetic (training) cases left out"
    );
}

/// The published row total, column total and grand total over cell
/// `(r, c)`, each `None` where it is hidden.
fn published_wholes(
    table: &Table,
    published: &Published,
    (r, c): (usize, usize),
) -> [Option<u64>; 3] {
    let shown = |hidden: bool, value: u64| (!hidden).then_some(value);
    [
        shown(published.row_totals[r], table.row_totals[r]),
        shown(published.column_totals[c], table.column_totals[c]),
        shown(published.total, table.total),
    ]
}

/// The greatest value [`brute_force_attack`] tries in hidden cell `(r, c)`
/// (it tries 1 up to this).
fn highest_tried(table: &Table, k: u64, published: &Published, (r, c): (usize, usize)) -> u64 {
    if table.cells[r][c] < k {
        k - 1
    } else {
        published_wholes(table, published, (r, c))
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(table.total.max(k))
    }
}

/// At most how many assignments [`brute_force_attack`] visits: the product
/// of the values it tries in each hidden cell (the published sums prune
/// many of them; without any, it visits them all).
fn assignments_at_most(table: &Table, k: u64, published: &Published) -> u128 {
    let (rows, columns) = (table.rows.len(), table.columns.len());
    (0..rows)
        .flat_map(|r| (0..columns).map(move |c| (r, c)))
        .filter(|(r, c)| published.cells[*r][*c])
        .map(|cell| u128::from(highest_tried(table, k, published, cell)))
        .product()
}

/// The most assignments a draw of the brute-force proptest may need. The
/// search takes about 4 µs an assignment in a debug build, so a draw under
/// this takes at most about a second. A draw above it (a 2 × 3 table of
/// large hidden counts and no published total: up to 42⁶ assignments; one
/// such draw once made this file take two minutes) is set aside, and
/// proptest draws another in its place: about 1 draw in 50 of 1,000
/// measured, so the 48 cases are still 48 tables checked.
const ASSIGNMENTS_AT_MOST: u128 = 200_000;

/// The interval attack again, independent of `casebook::stats::lp` (and of
/// any linear programme): every assignment of whole numbers to the hidden
/// cells of a small single-valued cross-table that fits every published
/// count and the bounds the reader knows (1..K − 1 on a small hidden cell,
/// at least 1 on any other hidden count) is enumerated; hidden totals
/// follow from the cells. A small hidden cell must take every value in
/// 1..K − 1 and no hidden count may be fixed. A hidden cell that nothing
/// published bounds is tried up to the grand total (or K): a smaller set of
/// assignments than the reader's, so a pass here is a pass there.
fn brute_force_attack(table: &Table, k: u64, published: &Published) -> Vec<String> {
    use std::collections::BTreeSet;
    struct Search<'a> {
        table: &'a Table,
        published: &'a Published,
        k: u64,
        order: Vec<(usize, usize)>,
        x: Vec<Vec<u64>>,
        seen: Vec<BTreeSet<u64>>,
        rows_seen: Vec<BTreeSet<u64>>,
        columns_seen: Vec<BTreeSet<u64>>,
        total_seen: BTreeSet<u64>,
    }
    impl Search<'_> {
        /// Whether the cells assigned so far (hidden ones up to `upto`,
        /// exclusive) can still fit row `r`'s or column `c`'s published sum.
        fn fits(&self, upto: usize, cells: &[(usize, usize)], whole: Option<u64>) -> bool {
            let Some(whole) = whole else { return true };
            let assigned: u64 = cells
                .iter()
                .filter(|e| self.order[..upto].contains(e) || !self.is_hidden(**e))
                .map(|(r, c)| self.x[*r][*c])
                .sum();
            let open = cells
                .iter()
                .filter(|e| self.is_hidden(**e) && !self.order[..upto].contains(e))
                .count() as u64;
            if open == 0 {
                assigned == whole
            } else {
                assigned + open <= whole
            }
        }
        fn is_hidden(&self, (r, c): (usize, usize)) -> bool {
            self.published.cells[r][c]
        }
        fn go(&mut self, i: usize) {
            let (rows, columns) = (self.table.rows.len(), self.table.columns.len());
            if i == self.order.len() {
                for (n, &(r, c)) in self.order.iter().enumerate() {
                    self.seen[n].insert(self.x[r][c]);
                }
                for r in 0..rows {
                    self.rows_seen[r].insert(self.x[r].iter().sum());
                }
                for c in 0..columns {
                    self.columns_seen[c].insert((0..rows).map(|r| self.x[r][c]).sum());
                }
                self.total_seen.insert(self.x.iter().flatten().sum());
                return;
            }
            let (r, c) = self.order[i];
            let [row_whole, column_whole, total_whole] =
                published_wholes(self.table, self.published, (r, c));
            let high = highest_tried(self.table, self.k, self.published, (r, c));
            let row: Vec<(usize, usize)> = (0..columns).map(|c| (r, c)).collect();
            let column: Vec<(usize, usize)> = (0..rows).map(|r| (r, c)).collect();
            let all: Vec<(usize, usize)> = (0..rows)
                .flat_map(|r| (0..columns).map(move |c| (r, c)))
                .collect();
            for v in 1..=high {
                self.x[r][c] = v;
                if self.fits(i + 1, &row, row_whole)
                    && self.fits(i + 1, &column, column_whole)
                    && self.fits(i + 1, &all, total_whole)
                {
                    self.go(i + 1);
                }
            }
            self.x[r][c] = self.table.cells[r][c];
        }
    }
    let (rows, columns) = (table.rows.len(), table.columns.len());
    let order: Vec<(usize, usize)> = (0..rows)
        .flat_map(|r| (0..columns).map(move |c| (r, c)))
        .filter(|(r, c)| published.cells[*r][*c])
        .collect();
    let mut search = Search {
        table,
        published,
        k,
        seen: vec![BTreeSet::new(); order.len()],
        order,
        x: table.cells.clone(),
        rows_seen: vec![BTreeSet::new(); rows],
        columns_seen: vec![BTreeSet::new(); columns],
        total_seen: BTreeSet::new(),
    };
    search.go(0);
    let mut leaks = Vec::new();
    for (n, &(r, c)) in search.order.iter().enumerate() {
        let seen = &search.seen[n];
        let value = table.cells[r][c];
        let fine = if value < k {
            (1..k).all(|v| seen.contains(&v))
        } else {
            seen.len() >= 2
        };
        if !fine {
            leaks.push(format!("cell {r},{c} = {value} can only be {seen:?}"));
        }
    }
    let totals = (0..rows)
        .map(|r| {
            (
                published.row_totals[r],
                &search.rows_seen[r],
                format!("row total {r}"),
            )
        })
        .chain((0..columns).map(|c| {
            (
                published.column_totals[c],
                &search.columns_seen[c],
                format!("column total {c}"),
            )
        }))
        .chain([(published.total, &search.total_seen, "total".to_owned())]);
    for (hidden, seen, name) in totals {
        if hidden && seen.len() < 2 {
            leaks.push(format!("{name} can only be {seen:?}"));
        }
    }
    leaks
}

#[test]
fn the_brute_force_attack_finds_the_reproduced_leak_and_nothing_after_the_fix() {
    // Hiding only the two small cells of a row 20 / 1 / 1 (total 22) fixes
    // both: the independent oracle must see that.
    let table = table_of(&[vec![20, 1, 1]]);
    let naive = Published {
        cells: vec![vec![false, true, true]],
        row_totals: vec![false],
        column_totals: vec![false, true, true],
        total: false,
        conservative: false,
        tidy_incomplete: false,
    };
    assert!(!brute_force_attack(&table, 5, &naive).is_empty());
    assert_eq!(
        brute_force_attack(&table, 5, &suppress(&table, 5)),
        Vec::<String>::new()
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Tiny single-valued cross-tables (up to 2 × 3 cells: a table with
    /// every count hidden has as many assignments as ways to split its
    /// total): no whole-number assignment the
    /// published table allows tells a reader more than the rule does, with
    /// the audit's budget ample or nearly none (the conservative fallback).
    #[test]
    fn the_brute_force_attack_learns_nothing_from_any_tiny_cross_table(
        cells in (1usize..3, 1usize..4).prop_flat_map(|(rows, columns)| {
            proptest::collection::vec(
                proptest::collection::vec(prop_oneof![3 => 0u64..5, 1 => 5u64..8], columns),
                rows,
            )
        }),
        k in 3u64..6,
        budget in prop_oneof![1 => 0u64..8, 1 => Just(casebook::stats::AUDIT_BUDGET)],
    ) {
        let table = table_of(&cells);
        let published = suppress_within(&table, k, budget);
        prop_assume!(assignments_at_most(&table, k, &published) <= ASSIGNMENTS_AT_MOST);
        prop_assert_eq!(brute_force_attack(&table, k, &published), Vec::<String>::new());
    }

    /// `Programme`'s least and greatest values against every whole-number
    /// point of small random programmes. With constraints over runs of
    /// consecutive variables (an interval matrix, totally unimodular, like
    /// a table's sums) the two agree exactly; with any ±1 coefficients the
    /// programme's range contains every whole-number point's value, and a
    /// programme it calls infeasible has none.
    #[test]
    fn the_simplex_agrees_with_enumeration_on_small_programmes(
        bounds in proptest::collection::vec((0i64..3, 0i64..4), 1..5),
        rows in proptest::collection::vec(
            (0usize..4, 0usize..4, 0u8..3, -2i64..9, proptest::collection::vec(prop_oneof![Just(1i64), Just(-1i64)], 4)),
            0..4,
        ),
        interval in any::<bool>(),
    ) {
        use casebook::stats::lp::{Extreme, Programme, Relation};
        let n = bounds.len();
        let mut programme = Programme::default();
        for (low, width) in &bounds {
            programme.variable(*low as f64, (low + width) as f64);
        }
        // (terms, relation: 0 =, 1 >=, 2 <=, right-hand side)
        type Row = (Vec<(usize, i64)>, u8, i64);
        let mut constraints: Vec<Row> = Vec::new();
        for (a, b, relation, rhs, signs) in &rows {
            let (a, b) = ((*a).min(*b) % n, (*a).max(*b) % n);
            let (a, b) = (a.min(b), a.max(b));
            let terms: Vec<(usize, i64)> = (a..=b)
                .map(|j| (j, if interval { 1 } else { signs[j] }))
                .collect();
            let relation_of = [Relation::Equal, Relation::AtLeast, Relation::AtMost];
            programme.constrain(
                terms.iter().map(|(j, a)| (*j, *a as f64)).collect(),
                relation_of[*relation as usize],
                *rhs as f64,
            );
            constraints.push((terms, *relation, *rhs));
        }
        // Every whole-number point within the bounds.
        let mut points: Vec<Vec<i64>> = vec![Vec::new()];
        for (low, width) in &bounds {
            points = points
                .into_iter()
                .flat_map(|p| (*low..=low + width).map(move |v| {
                    let mut q = p.clone();
                    q.push(v);
                    q
                }))
                .collect();
        }
        let feasible: Vec<Vec<i64>> = points
            .into_iter()
            .filter(|p| {
                constraints.iter().all(|(terms, relation, rhs)| {
                    let left: i64 = terms.iter().map(|(j, a)| a * p[*j]).sum();
                    match relation {
                        0 => left == *rhs,
                        1 => left >= *rhs,
                        _ => left <= *rhs,
                    }
                })
            })
            .collect();
        for variable in 0..n {
            for greatest in [false, true] {
                let answer = programme.extreme(variable, greatest);
                let whole = feasible.iter().map(|p| p[variable]);
                let best = if greatest { whole.max() } else { whole.min() };
                match (answer, best) {
                    (Extreme::Value(v), Some(best)) => {
                        if interval {
                            prop_assert!((v - best as f64).abs() < 1e-6, "x{variable} {greatest}: {v} vs {best}");
                        } else if greatest {
                            prop_assert!(v >= best as f64 - 1e-6, "x{variable} max {v} < {best}");
                        } else {
                            prop_assert!(v <= best as f64 + 1e-6, "x{variable} min {v} > {best}");
                        }
                    }
                    (Extreme::Value(v), None) => {
                        prop_assert!(!interval, "x{variable}: {v} but no whole-number point fits");
                    }
                    (Extreme::Infeasible, None) => {}
                    (other, best) => prop_assert!(false, "x{variable} {greatest}: {other:?} vs {best:?}"),
                }
            }
        }
    }
}

#[test]
fn a_small_cell_is_protected_by_interior_cells_and_the_totals_stay_published() {
    // Identified and possible victims by sex, 50 + 2 and 60 + 3: the 2
    // and the 3 can hide behind the women's two cells (a cycle of cells),
    // so no total needs to go. The old choice took the smallest count
    // beside the 2, and that was a total (the men, 5), hidden then in
    // every table of the annual report that prints it. `casebook stats`,
    // its CSV and the report all publish through this choice.
    let table = table_of(&[vec![50, 2], vec![60, 3]]);
    let published = suppress(&table, 5);
    assert_eq!(published.cells, [[true, true], [true, true]]);
    assert_eq!(published.row_totals, [false, false], "{published:?}");
    assert_eq!(published.column_totals, [false, false], "{published:?}");
    assert!(!published.total);
    assert_eq!(interval_attack(&table, 5), Vec::<String>::new());
    assert_eq!(
        brute_force_attack(&table, 5, &published),
        Vec::<String>::new()
    );
}

#[test]
fn a_tidy_up_cut_short_by_its_budget_is_reported_and_the_table_is_still_safe() {
    // 3, 4 and 5, 5 hide behind each other; the extension hides more than
    // that on its way, and the tidy-up after the audit (with half the
    // audit's budget of its own) shows those again. With a budget between
    // "the audit passes" and "the tidy-up finishes" the extras stay hidden,
    // the table says so, and no whole-number fill tells a reader more.
    let table = table_of(&[vec![3, 5, 7], vec![4, 5, 6]]);
    let full = suppress(&table, 5);
    assert!(!full.conservative && !full.tidy_incomplete, "{full:?}");
    assert_eq!(brute_force_attack(&table, 5, &full), Vec::<String>::new());
    let mut cut_short = Vec::new();
    for budget in 0..300 {
        let published = suppress_within(&table, 5, budget);
        if published.conservative {
            // Too little for the audit itself (the fallback is tested
            // above, and its fills are too many to count here).
            continue;
        }
        assert_eq!(
            brute_force_attack(&table, 5, &published),
            Vec::<String>::new(),
            "budget {budget}: {published:?}"
        );
        assert!(published.hidden() >= full.hidden(), "budget {budget}");
        if published.tidy_incomplete {
            cut_short.push((budget, published.hidden()));
        }
        if published.hidden() > full.hidden() {
            assert!(
                published.tidy_incomplete,
                "budget {budget}: more hidden than needed, and nothing says so"
            );
        }
    }
    assert!(
        cut_short.iter().any(|(_, hidden)| *hidden > full.hidden()),
        "{cut_short:?}"
    );
}

#[test]
fn a_cell_the_graph_step_hid_is_shown_again_when_the_audit_no_longer_needs_it() {
    // The graph step's hides (cycles round the small counts) were never
    // tried again, only the extension's: the 10 stayed hidden though the
    // pattern passes the audit without it. They are now tried after the
    // extension's, so nothing that was shown before is hidden now.
    let table = table_of(&[vec![1, 1, 10], vec![13, 9, 2]]);
    let published = suppress(&table, 5);
    assert!(!published.cells[0][2], "{published:?}");
    assert_eq!(published.hidden(), 9, "{published:?}");
    assert!(!published.tidy_incomplete && !published.conservative);
    assert_eq!(
        brute_force_attack(&table, 5, &published),
        Vec::<String>::new()
    );
}
