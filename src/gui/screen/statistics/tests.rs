//! The statistics screen's order of rows, its summary lines and its export.

use super::*;
use crate::i18n::Language;
use crate::stats::{Facts, Filter};

fn citizens(codes: &[&[&str]]) -> Vec<Facts> {
    codes
        .iter()
        .map(|codes| Facts {
            citizenship: codes.iter().map(|c| (*c).to_owned()).collect(),
            ..Facts::default()
        })
        .collect()
}

fn forms(lists: &[&[&str]]) -> Vec<Facts> {
    lists
        .iter()
        .map(|forms| Facts {
            forms: forms.iter().map(|f| (*f).to_owned()).collect(),
            ..Facts::default()
        })
        .collect()
}

/// The rows' labels in the order the screen shows them.
fn shown(i18n: &I18n, table: &Table, order: Order) -> Vec<String> {
    display_order(i18n, table.rows_by, &table.rows, &table.row_totals, order)
        .into_iter()
        .map(|r| label(i18n, table.rows_by, &table.rows[r]))
        .collect()
}

#[test]
fn rows_follow_the_alphabet_of_the_interface_language_with_unknown_last() {
    let facts = citizens(&[
        &["SE"],
        &["CH"],
        &["CZ"],
        &["CL"],
        &["CY"],
        &["DE"],
        &["ES"],
        &["YE"],
        &["IE"],
        &["CU"],
        &[],
    ]);
    let table = Table::count(&facts, Dimension::Citizenship, None, &Filter::default());
    // Č and Š are letters of their own, after C and S (a sort by code
    // point puts them after Z).
    assert_eq!(
        shown(&I18n::new(Language::Lithuanian), &table, Order::ByLabel),
        [
            "Airija",
            "Čekija",
            "Čilė",
            "Ispanija",
            "Jemenas",
            "Kipras",
            "Kuba",
            "Švedija",
            "Šveicarija",
            "Vokietija",
            "Nežinoma",
        ]
    );
    assert_eq!(
        shown(&I18n::new(Language::English), &table, Order::ByLabel),
        [
            "Chile",
            "Cuba",
            "Cyprus",
            "Czechia",
            "Germany",
            "Ireland",
            "Spain",
            "Sweden",
            "Switzerland",
            "Yemen",
            "Unknown",
        ]
    );
}

#[test]
fn other_and_unknown_come_last_in_either_order() {
    let i18n = I18n::new(Language::English);
    let facts = forms(&[
        &["Other"],
        &["Other"],
        &["Other"],
        &["Other"],
        &["Other"],
        &["ForcedLabour"],
        &["SexualExploitation"],
        &["SexualExploitation"],
        &["SexualExploitation"],
        &[],
        &[],
        &[],
        &[],
    ]);
    let table = Table::count(&facts, Dimension::Form, None, &Filter::default());
    assert_eq!(
        shown(&i18n, &table, Order::ByLabel),
        ["Forced labour", "Sexual exploitation", "Other", "Unknown"]
    );
    // Other (5) and Unknown (4) outnumber the rest and still close the list.
    assert_eq!(
        shown(&i18n, &table, Order::ByCount),
        ["Sexual exploitation", "Forced labour", "Other", "Unknown"]
    );
    let genders: Vec<Facts> = ["NonSpecifiedUnknown", "Masculine", "Feminine"]
        .iter()
        .map(|g| Facts {
            gender: Some((*g).to_owned()),
            ..Facts::default()
        })
        .chain([Facts::default()])
        .collect();
    let table = Table::count(&genders, Dimension::Gender, None, &Filter::default());
    assert_eq!(
        shown(&i18n, &table, Order::ByLabel),
        ["Man", "Woman", "Not specified / unknown", "Unknown"]
    );
}

#[test]
fn age_groups_keep_their_own_order_when_sorted_by_name() {
    let i18n = I18n::new(Language::English);
    let facts: Vec<Facts> = [30, 5, 19, 12]
        .iter()
        .map(|age| Facts {
            age: Some(*age),
            ..Facts::default()
        })
        .collect();
    let table = Table::count(&facts, Dimension::AgeGroup, None, &Filter::default());
    assert_eq!(
        shown(&i18n, &table, Order::ByLabel),
        ["0-8", "9-17", "18-20", "30-38"]
    );
}

#[test]
fn a_count_of_zero_adds_no_line_under_the_total() {
    let i18n = I18n::new(Language::English);
    let complete = forms(&[&["ForcedLabour"], &["Other"]]);
    let table = Table::count(&complete, Dimension::Form, None, &Filter::default());
    let lines = summary_lines(&table, &i18n);
    assert!(lines.iter().all(|l| !l.starts_with('0')), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("lack")), "{lines:#?}");

    let mut gaps = forms(&[&["ForcedLabour"], &[], &[]]);
    gaps.push(Facts {
        anonymous_statistics: Some(false),
        ..Facts::default()
    });
    let table = Table::count(&gaps, Dimension::Form, None, &Filter::default());
    let lines = summary_lines(&table, &i18n);
    assert!(
        lines.contains(&"2 cases lack “Form of exploitation” (shown as Unknown).".to_owned()),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("1 case left out")),
        "{lines:#?}"
    );
}

#[test]
fn lithuanian_collation_puts_y_between_i_and_j_and_ogoneks_only_break_ties() {
    let key = |s| collation_key(Language::Lithuanian, s);
    let mut words = vec![
        "jūra",
        "ąžuolas",
        "yla",
        "įlanka",
        "žuvis",
        "zuikis",
        "ilgas",
        "acis",
    ];
    words.sort_by_key(|w| key(w));
    assert_eq!(
        words,
        [
            "acis",
            "ąžuolas",
            "įlanka",
            "ilgas",
            "yla",
            "jūra",
            "zuikis",
            "žuvis"
        ]
    );
    // English has no such letters: y after x, č beside c.
    let key = |s| collation_key(Language::English, s);
    let mut words = vec!["yes", "jam", "Čapek", "Dvořák", "cello"];
    words.sort_by_key(|w| key(w));
    assert_eq!(words, ["Čapek", "cello", "Dvořák", "jam", "yes"]);
}

#[test]
fn the_export_button_waits_while_a_csv_is_being_written() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
    let (mut screen, _) = Statistics::new(today);
    let facts = vec![Facts::default(); 12];
    let table = Table::count(&facts, Dimension::Year, None, &Filter::default());
    screen.update(Message::Counted(0, Ok(Box::new(table))));
    let path = PathBuf::from("table.csv");
    assert!(matches!(
        screen.update(Message::CsvFileChosen(Some(path.clone()))),
        Action::WriteCsv { .. }
    ));
    assert!(screen.writing);
    // A second export while the first is written starts nothing.
    assert!(matches!(
        screen.update(Message::ChooseCsvFile),
        Action::None
    ));
    assert!(matches!(
        screen.update(Message::CsvFileChosen(Some(path.clone()))),
        Action::None
    ));
    screen.update(Message::CsvSaved(Ok(path)));
    assert!(!screen.writing);
    assert!(matches!(
        screen.update(Message::ChooseCsvFile),
        Action::ChooseCsvFile(_)
    ));
}

#[test]
fn a_table_counted_for_an_older_choice_is_not_shown_over_a_newer_one() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
    let (mut screen, _) = Statistics::new(today);
    let first = match screen.recount() {
        Action::Count { request, .. } => request,
        _ => panic!("no count asked"),
    };
    let second = match screen.recount() {
        Action::Count { request, .. } => request,
        _ => panic!("no count asked"),
    };
    let facts = vec![Facts::default(); 12];
    let newer = Table::count(&facts, Dimension::Year, None, &Filter::default());
    let older = Table::count(&facts[..5], Dimension::Year, None, &Filter::default());
    screen.update(Message::Counted(second, Ok(Box::new(newer.clone()))));
    // The first count finishes last: it is dropped.
    screen.update(Message::Counted(first, Ok(Box::new(older))));
    assert_eq!(screen.table.as_ref().map(|t| t.total), Some(newer.total));
    assert!(!screen.counting);
}

#[test]
fn gbvims_age_groups_keep_their_own_order_when_sorted_by_name() {
    let i18n = I18n::new(Language::English);
    let facts: Vec<Facts> = [61, 5, 26, 12, 40, 41]
        .iter()
        .map(|age| Facts {
            age: Some(*age),
            ..Facts::default()
        })
        .collect();
    let table = Table::count(&facts, Dimension::AgeGroupGbvims, None, &Filter::default());
    assert_eq!(
        shown(&i18n, &table, Order::ByLabel),
        ["0-11", "12-17", "26-40", "41-60", "61+"]
    );
}

#[test]
fn choosing_a_trafficking_status_counts_again_with_it() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
    let (mut screen, _) = Statistics::new(today);
    let action = screen.update(Message::TraffickingStatus(Choice {
        value: Some(TraffickingStatus::ActualVictimOfTrafficking),
        label: String::new(),
    }));
    match action {
        Action::Count { filter, .. } => assert_eq!(
            filter.trafficking_status.as_deref(),
            Some("ActualVictimOfTrafficking")
        ),
        _ => panic!("no count asked"),
    }
    let action = screen.update(Message::TraffickingStatus(Choice {
        value: None,
        label: String::new(),
    }));
    assert!(matches!(action, Action::Count { filter, .. } if filter.trafficking_status.is_none()));
}
