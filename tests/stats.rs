//! Statistics on a hand-written set of cases whose counts are worked out by
//! hand below, small-count suppression checked by solving for hidden cells,
//! and the CSV read back with a standard CSV reader.

mod common;

use casebook::domain::Case;
use casebook::stats::{Dimension, Facts, Filter, Table, suppress};
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
        counts(dimension, &Filter::default()),
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
    let table = Table::count(&facts(), Dimension::Form, None, &Filter::default());
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
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        total(Filter {
            mission: Some("LT-BER".into()),
            ..Filter::default()
        }),
        4
    );
    assert_eq!(
        total(Filter {
            status: Some("Active".into()),
            ..Filter::default()
        }),
        7
    );
    // D refused anonymous statistics; B and others said nothing.
    assert_eq!(
        total(Filter {
            include_without_consent: false,
            ..Filter::default()
        }),
        9
    );
}

#[test]
fn two_cross_tables_count_as_worked_out_by_hand() {
    let table = Table::count(
        &facts(),
        Dimension::Gender,
        Some(Dimension::Minor),
        &Filter::default(),
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
        &Filter::default(),
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
                &Filter::default(),
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
            &Filter::default()
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
            &Filter::default()
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
    let facts: Vec<Facts> = casebook::domain::synthetic::generate(11, 150, today)
        .map(|case| Facts::of(&case, "LT-LON"))
        .collect();
    let mut hidden = 0;
    for (rows_by, columns_by) in [
        (Dimension::Gender, Dimension::AgeGroup),
        (Dimension::TraffickingStatus, Dimension::Year),
        (Dimension::Status, Dimension::LabourIndustry),
    ] {
        for k in [3, 5, 10] {
            let table = Table::count(&facts, rows_by, Some(columns_by), &Filter::default());
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
    let table = Table::count(&facts, Dimension::Gender, None, &Filter::default());
    // Feminine 5, Masculine 3, NonSpecifiedUnknown 1, unknown 1; total 10.
    let published = suppress(&table, 5);
    assert_eq!(published.row_totals, [false, true, true, true]);
    assert!(!published.total);
    let table = Table::count(&facts, Dimension::Mission, None, &Filter::default());
    // LT-BER 4 hidden, LT-LON 6: the smallest other count is hidden too.
    assert_eq!(suppress(&table, 5).row_totals, [true, true]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_table_of_random_cases_reveals_a_hidden_count(seed in any::<u64>(), count in 5usize..120, k in 2u64..8) {
        let facts: Vec<Facts> = casebook::domain::synthetic::generate(seed, count, date(2026, 11, 1))
            .map(|case| Facts::of(&case, "LT-LON"))
            .collect();
        let table = Table::count(&facts, Dimension::Gender, Some(Dimension::Minor), &Filter::default());
        check_protected(&table, k);
        let table = Table::count(&facts, Dimension::Status, Some(Dimension::TraffickingStatus), &Filter::default());
        check_protected(&table, k);
    }
}

#[test]
fn the_csv_reads_back_with_a_standard_reader_and_matches_the_table() {
    let facts = facts();
    let filter = Filter::default();
    let table = Table::count(&facts, Dimension::Gender, Some(Dimension::Minor), &filter);
    let text = table.to_csv(&filter, 3, date(2026, 11, 28));
    let comment = text.lines().next().unwrap_or_default();
    assert!(
        comment.starts_with("# Casebook statistics: cases by gender by minor;"),
        "{comment}"
    );
    assert!(comment.contains("counts below 3 suppressed") && comment.contains("made 2026-11-28"));
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
                "<3".to_owned()
            } else {
                table.cells[r][c].to_string()
            };
            assert_eq!(record[c + 1], expected);
        }
    }
    let last = &records[table.rows.len()];
    assert_eq!(last[0], "total");
    assert_eq!(last[last.len() - 1], "10");
    // No count below 3 appears in clear; hidden ones read "<3", never 0.
    for record in &records {
        for field in &record[1..] {
            if let Ok(n) = field.parse::<u64>() {
                assert!(n == 0 || n >= 3, "{field} shown");
            } else {
                assert_eq!(field, "<3");
            }
        }
    }
}
