use super::*;
use crate::stats::Facts;

fn data(facts: &[Facts], year: i32) -> Data {
    data_with(facts, year, 3)
}

/// [`data`] with the threshold `min_count`.
pub(in crate::document::report) fn data_with(facts: &[Facts], year: i32, min_count: u64) -> Data {
    let request = Request {
        year,
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
    let tables = publish(TABLES, counted, min_count);
    Data {
        request,
        min_count,
        tables,
        previous_year: false,
        missions: Vec::new(),
        issuer: "Komisija".into(),
        officer: "Ona".into(),
        date: NaiveDate::from_ymd_opt(2027, 1, 15).unwrap_or_default(),
    }
}

#[test]
fn every_template_has_every_slot_the_report_fills() {
    for language in Language::ALL {
        let document =
            report_document(&data(&[], 2026), *language).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            document
                .blocks
                .iter()
                .filter(|b| matches!(b, Block::Table { .. }))
                .count(),
            // Every table but the comparison, which says there is no
            // year before; no missions in a test vault.
            TABLES.len() - 1
        );
    }
}

#[test]
fn a_hidden_total_has_no_bar() {
    let mut facts = Vec::new();
    for (i, form) in ["ForcedLabour", "ForcedLabour", "SexualExploitation"]
        .iter()
        .cycle()
        .take(9)
        .enumerate()
    {
        facts.push(Facts {
            year: 2026,
            mission: "LT-LON".into(),
            status: "Active".into(),
            trafficking_status: Some("ActualVictimOfTrafficking".into()),
            forms: vec![(*form).into()],
            gender: Some(if i % 2 == 0 { "Male" } else { "Female" }.into()),
            ..Facts::default()
        });
    }
    facts.push(Facts {
        year: 2026,
        mission: "LT-LON".into(),
        status: "Active".into(),
        trafficking_status: Some("ActualVictimOfTrafficking".into()),
        forms: vec!["ForcedBegging".into()],
        ..Facts::default()
    });
    let data = data(&facts, 2026);
    let document = report_document(&data, Language::English).unwrap_or_else(|e| panic!("{e}"));
    let bars: Vec<&Bar> = document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::BarChart { bars } => Some(bars),
            _ => None,
        })
        .flatten()
        .filter(|bar| bar.shown == HIDDEN_MARK)
        .collect();
    assert!(!bars.is_empty(), "the one begging case is hidden");
    assert!(bars.iter().all(|bar| bar.value == 0.0));
}

pub(in crate::document::report) fn victim(
    year: i32,
    status: &str,
    age: u32,
    gender: &str,
    form: &str,
) -> Facts {
    Facts {
        year,
        mission: "LT-LON".into(),
        status: "Active".into(),
        trafficking_status: Some(status.into()),
        forms: vec![form.into()],
        gender: Some(gender.into()),
        age: Some(age),
        ..Facts::default()
    }
}

/// The report's tables suppressed together: linked counts, the year
/// before, the tables read together, and the families of vaults that
/// check them.
mod linked;
