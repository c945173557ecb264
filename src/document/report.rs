//! The commission's annual report: the year's figures as the commission
//! presents them and the international questionnaires ask for them, from
//! `assets/documents/annual-report.*.txt`.
//!
//! Every table is a statistics table ([`crate::stats::Table`]) counted by
//! the vault with a [`Filter`] for the year (and mission), and published
//! through the same suppression as `casebook stats` with the vault's
//! threshold: a table of the report shows exactly what
//! `casebook stats --by ROWS [--by COLUMNS] --from-year Y --to-year Y`
//! prints, hidden counts hidden. Each is followed by a line saying what was
//! left out, and the main ones by a bar chart of their row totals (a hidden
//! total has no bar). [`gather`] reads the vault; [`report_document`] and
//! [`csv_bundle`] are plain functions of what it read.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::model::{Bar, Block, Document, PageMarks};
use super::template::{self, ANNUAL_REPORT};
use super::{Result, render};
use crate::i18n::{I18n, Language};
use crate::stats::labels::{dimension_label, label};
use crate::stats::{Dimension, FILE_MIN_COUNT, Filter, HIDDEN_MARK, Published, Table, suppress};

/// One table of the report: its slot in the template, what it counts by,
/// and whether a bar chart follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The template's slot and the CSV file's name.
    pub slot: &'static str,
    pub rows_by: Dimension,
    pub columns_by: Option<Dimension>,
    pub chart: bool,
    /// Counted over the year before and the year (the comparison).
    pub two_years: bool,
}

const fn spec(slot: &'static str, rows_by: Dimension, columns_by: Option<Dimension>) -> Spec {
    Spec {
        slot,
        rows_by,
        columns_by,
        chart: false,
        two_years: false,
    }
}

const fn chart(mut spec: Spec) -> Spec {
    spec.chart = true;
    spec
}

use Dimension as D;

/// The report's tables, in the order of the template.
pub const TABLES: &[Spec] = &[
    // 1. Identified and presumed victims (HTCDS trafficking status).
    chart(spec("victims-sex", D::TraffickingStatus, Some(D::Gender))),
    spec("victims-age", D::TraffickingStatus, Some(D::Minor)),
    spec(
        "victims-age-groups",
        D::AgeGroup,
        Some(D::TraffickingStatus),
    ),
    chart(spec("victims-form", D::Form, Some(D::TraffickingStatus))),
    chart(spec(
        "victims-citizenship",
        D::CitizenshipGroup,
        Some(D::TraffickingStatus),
    )),
    spec("victims-mission", D::Mission, Some(D::TraffickingStatus)),
    // 2. Exploitation.
    spec("form-sex", D::Form, Some(D::Gender)),
    chart(spec("labour-industry", D::LabourIndustry, None)),
    chart(spec("recruitment", D::RecruitmentMethod, None)),
    chart(spec("means-of-control", D::MeansOfControl, None)),
    // 3. Assistance.
    chart(spec("urgent-needs", D::UrgentNeed, None)),
    chart(spec("referral-service", D::ReferralService, None)),
    spec("referral-organisation", D::ReferralOrganisation, None),
    spec("referral-outcome", D::ReferralOutcome, None),
    spec("returns", D::ReturnAssisted, None),
    spec("reflection", D::ReflectionPeriod, None),
    // 5. The year before.
    Spec {
        slot: "comparison",
        rows_by: D::TraffickingStatus,
        columns_by: Some(D::Year),
        chart: false,
        two_years: true,
    },
];

/// What the report is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub year: i32,
    /// One mission's cases only (its code), or every mission's.
    pub mission: Option<String>,
}

impl Request {
    /// The filter `casebook stats` is given for the same table.
    pub fn filter(&self, spec: &Spec, include_without_consent: bool) -> Filter {
        Filter {
            from_year: Some(if spec.two_years {
                self.year - 1
            } else {
                self.year
            }),
            to_year: Some(self.year),
            mission: self.mission.clone(),
            status: None,
            trafficking_status: None,
            include_without_consent,
        }
    }

    /// The audit's subject: the period and the mission filter.
    pub fn subject(&self) -> String {
        match &self.mission {
            Some(mission) => format!("{} mission {mission}", self.year),
            None => format!("{} all missions", self.year),
        }
    }
}

/// One table, counted and published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    pub spec: Spec,
    pub table: Table,
    pub published: Published,
}

/// A mission's files in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissionYear {
    pub code: String,
    pub name: String,
    /// Files (exports) received from it in the year.
    pub files: u64,
    /// Export numbers not received, as a person reads them ("2, 5–7").
    pub missing: String,
}

/// Everything the report shows, read from the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Data {
    pub request: Request,
    pub min_count: u64,
    pub tables: Vec<Counted>,
    /// Whether the vault holds any case of the year before.
    pub previous_year: bool,
    /// The missions the commission receives files from (none in a
    /// mission's own vault).
    pub missions: Vec<MissionYear>,
    /// Who made the report, where and when.
    pub issuer: String,
    pub officer: String,
    pub date: NaiveDate,
}

/// Reads what the report of `request` shows from `vault`, with the
/// vault's statistics settings (as `casebook stats` without options).
pub fn gather(
    vault: &crate::vault::Vault,
    request: &Request,
    date: NaiveDate,
) -> crate::vault::Result<Data> {
    let settings = vault.statistics_settings()?;
    let min_count = settings.min_count.max(FILE_MIN_COUNT);
    // Every table in one reading of the facts, each counted as
    // `casebook stats` counts it alone.
    let asked: Vec<_> = TABLES
        .iter()
        .map(|spec| {
            let filter = request.filter(spec, settings.include_without_consent);
            (spec.rows_by, spec.columns_by, filter)
        })
        .collect();
    let tables: Vec<Counted> = vault
        .statistics_many(&asked)?
        .into_iter()
        .zip(TABLES)
        .map(|(table, spec)| Counted {
            spec: *spec,
            published: suppress(&table, min_count),
            table,
        })
        .collect();
    let previous_year = tables.iter().find(|t| t.spec.two_years).is_some_and(|t| {
        let year = (request.year - 1).to_string();
        t.table.columns.iter().any(|c| c.as_deref() == Some(&year))
    });
    let received = vault.files_received_in(request.year)?;
    let overview = vault.missions_overview(chrono::Utc::now())?;
    let missions = overview
        .missions
        .iter()
        .filter(|row| request.mission.as_deref().is_none_or(|m| m == row.code))
        .map(|row| MissionYear {
            code: row.code.clone(),
            name: row.name.clone(),
            files: received.get(&row.code).copied().unwrap_or(0),
            missing: row.missing_text(),
        })
        .collect();
    let info = vault.info();
    Ok(Data {
        request: request.clone(),
        min_count,
        tables,
        previous_year,
        missions,
        issuer: info.mission_name.clone(),
        officer: info.officer.clone(),
        date,
    })
}

/// A count as published: the language's digits, or the hidden mark.
fn shown(i18n: &I18n, value: u64, hidden: bool) -> String {
    if hidden {
        HIDDEN_MARK.to_owned()
    } else {
        i18n.count(value)
    }
}

/// A count of cases in a line under a table: "fewer than K" for a small
/// one, as a hidden cell would be.
fn small(i18n: &I18n, count: u64, min_count: u64) -> String {
    if count > 0 && count < min_count {
        i18n.t_with("report-fewer-than", &[("min", min_count.into())])
    } else {
        i18n.count(count)
    }
}

/// The rows of a counted table as the report and its CSV show them: the
/// header, one row per value, the total row; every count as published.
fn grid(i18n: &I18n, counted: &Counted, labelled: bool) -> (Vec<String>, Vec<Vec<String>>) {
    let Counted {
        spec,
        table,
        published,
    } = counted;
    let name = |dimension: Dimension, key: &crate::stats::Key| {
        if labelled {
            label(i18n, dimension, key)
        } else {
            crate::stats::key_text(key)
        }
    };
    let total = if labelled {
        i18n.t("report-total")
    } else {
        "total".to_owned()
    };
    let mut header = vec![if labelled {
        dimension_label(i18n, spec.rows_by)
    } else {
        spec.rows_by.name().to_owned()
    }];
    if let Some(columns_by) = spec.columns_by {
        header.extend(table.columns.iter().map(|c| name(columns_by, c)));
        header.push(total.clone());
    } else {
        header.push(if labelled {
            i18n.t("report-cases")
        } else {
            "cases".to_owned()
        });
    }
    let count = |value: u64, hidden: bool| {
        if labelled {
            shown(i18n, value, hidden)
        } else if hidden {
            HIDDEN_MARK.to_owned()
        } else {
            value.to_string()
        }
    };
    let mut rows = Vec::with_capacity(table.rows.len() + 1);
    for (r, key) in table.rows.iter().enumerate() {
        let mut row = vec![name(spec.rows_by, key)];
        for (c, value) in table.cells.get(r).into_iter().flatten().enumerate() {
            row.push(count(*value, published.cells[r][c]));
        }
        row.push(count(table.row_totals[r], published.row_totals[r]));
        rows.push(row);
    }
    let mut last = vec![total];
    for (c, value) in table.column_totals.iter().enumerate() {
        last.push(count(*value, published.column_totals[c]));
    }
    last.push(count(table.total, published.total));
    rows.push(last);
    (header, rows)
}

/// The blocks of one table: the table, what was left out, and its chart.
fn table_blocks(i18n: &I18n, counted: &Counted, min_count: u64) -> Vec<Block> {
    let (header, rows) = grid(i18n, counted, true);
    let columns = header.len();
    let first = if columns > 2 { 0.3 } else { 0.6 };
    let rest = (1.0 - first) / (columns - 1) as f32;
    let mut widths = vec![first];
    widths.extend(std::iter::repeat_n(rest, columns - 1));
    let mut blocks = vec![Block::Table {
        header,
        widths,
        rows,
    }];
    blocks.push(Block::Paragraph(notes(i18n, counted, min_count)));
    if counted.spec.chart {
        let bars = counted
            .table
            .rows
            .iter()
            .enumerate()
            .map(|(r, key)| {
                let hidden = counted.published.row_totals[r];
                let value = counted.table.row_totals[r];
                Bar {
                    label: label(i18n, counted.spec.rows_by, key),
                    // A hidden count has no bar: its length would show it.
                    value: if hidden { 0.0 } else { value as f64 },
                    shown: shown(i18n, value, hidden),
                }
            })
            .collect();
        blocks.push(Block::BarChart { bars });
    }
    blocks
}

/// The line under a table: what was left out, what is hidden, how cases
/// with several values count.
fn notes(i18n: &I18n, counted: &Counted, min_count: u64) -> String {
    let table = &counted.table;
    let mut parts = Vec::new();
    if table.filter.include_without_consent {
        parts.push(i18n.t_with(
            "report-counted-despite-refusal",
            &[(
                "count",
                small(i18n, table.counted_despite_refusal, min_count).into(),
            )],
        ));
    }
    parts.push(i18n.t_with(
        "report-left-out",
        &[
            (
                "refused",
                small(i18n, table.left_out.refused, min_count).into(),
            ),
            (
                "synthetic",
                small(i18n, table.left_out.synthetic, min_count).into(),
            ),
        ],
    ));
    let hidden = counted.published.hidden();
    parts.push(if hidden > 0 {
        i18n.t_with(
            "report-hidden",
            &[("count", hidden.into()), ("min", min_count.into())],
        )
    } else {
        i18n.t("report-none-hidden")
    });
    if counted.published.conservative {
        parts.push(i18n.t("report-conservative"));
    }
    if table.multi_valued() {
        parts.push(i18n.t("stats-multi-valued"));
    }
    parts.join(" ")
}

/// The missions' section: a table of files received, then the missions
/// silent for the whole year.
fn missions_blocks(i18n: &I18n, data: &Data) -> Vec<Block> {
    if data.missions.is_empty() {
        return vec![Block::Paragraph(i18n.t("report-missions-none"))];
    }
    let year = data.request.year.to_string();
    let header = vec![
        i18n.t("stats-by-mission"),
        i18n.t_with("report-files-received", &[("year", year.clone().into())]),
        i18n.t("report-exports-missing"),
    ];
    let rows = data
        .missions
        .iter()
        .map(|m| {
            vec![
                format!("{} ({})", m.name, m.code),
                i18n.count(m.files),
                if m.missing.is_empty() {
                    "–".to_owned()
                } else {
                    m.missing.clone()
                },
            ]
        })
        .collect();
    let silent: Vec<&str> = data
        .missions
        .iter()
        .filter(|m| m.files == 0)
        .map(|m| m.code.as_str())
        .collect();
    let silent = if silent.is_empty() {
        i18n.t_with("report-silent-none", &[("year", year.into())])
    } else {
        i18n.t_with(
            "report-silent",
            &[
                ("year", year.into()),
                ("missions", silent.join(", ").into()),
            ],
        )
    };
    vec![
        Block::Table {
            header,
            widths: vec![0.45, 0.25, 0.3],
            rows,
        },
        Block::Paragraph(silent),
    ]
}

/// The report as a document, ready to render.
pub fn report_document(data: &Data, language: Language) -> Result<Document> {
    let i18n = I18n::new(language);
    let template = template::load(ANNUAL_REPORT, language)?;
    let year = data.request.year.to_string();
    let previous = (data.request.year - 1).to_string();
    let date = data.date.to_string();
    let scope = match &data.request.mission {
        Some(code) => i18n.t_with("report-scope-mission", &[("mission", code.clone().into())]),
        None => i18n.t("report-scope-all"),
    };
    let by_slot: HashMap<&str, &Counted> = data.tables.iter().map(|t| (t.spec.slot, t)).collect();
    let blocks = template.fill(
        |name| match name {
            "year" => year.clone(),
            "previous_year" => previous.clone(),
            "scope" => scope.clone(),
            "issuer" => data.issuer.clone(),
            "officer" => data.officer.clone(),
            "date" => date.clone(),
            "min_count" => data.min_count.to_string(),
            "mark" => HIDDEN_MARK.to_owned(),
            _ => String::new(),
        },
        |slot| match slot {
            "missions" => missions_blocks(&i18n, data),
            "comparison" if !data.previous_year => vec![Block::Paragraph(i18n.t_with(
                "report-no-previous-year",
                &[("year", previous.clone().into())],
            ))],
            _ => by_slot
                .get(slot)
                .map(|counted| table_blocks(&i18n, counted, data.min_count))
                .unwrap_or_default(),
        },
    );
    let title = i18n.t_with("report-title", &[("year", year.clone().into())]);
    Ok(Document {
        language: language.code().to_owned(),
        title: title.clone(),
        created: data.date,
        marks: PageMarks {
            confidential: i18n.t("document-confidential"),
            reference: title,
            details: format!("{} · {scope} · {} · {date}", data.issuer, data.officer),
            page_of: i18n.t_with(
                "document-page-of",
                &[("page", "{page}".into()), ("pages", "{pages}".into())],
            ),
            training: None,
        },
        blocks,
        unshown_note: i18n.t("document-unshown"),
    })
}

/// The report as the bytes of a PDF/A-2b file.
pub fn annual_report(data: &Data, language: Language) -> Result<Vec<u8>> {
    render(&report_document(data, language)?)
}

/// The same tables as CSV files for the questionnaires, named by their
/// slot (`victims-sex.csv`), each as `casebook stats --csv` writes it with
/// the same filters; and `missions.csv`.
pub fn csv_bundle(data: &Data) -> std::result::Result<Vec<(String, String)>, crate::stats::Error> {
    let mut files = Vec::with_capacity(data.tables.len() + 1);
    for counted in &data.tables {
        files.push((
            format!("{}.csv", counted.spec.slot),
            counted.table.to_csv(data.min_count, data.date)?,
        ));
    }
    let mut missions = crate::stats::csv_line(&[
        "mission".into(),
        format!("files-received-{}", data.request.year),
        "exports-missing".into(),
    ]);
    for m in &data.missions {
        missions.push_str(&crate::stats::csv_line(&[
            m.code.clone(),
            m.files.to_string(),
            m.missing.clone(),
        ]));
    }
    files.push(("missions.csv".to_owned(), missions));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Facts;

    fn data(facts: &[Facts], year: i32) -> Data {
        let request = Request {
            year,
            mission: None,
        };
        let tables = TABLES
            .iter()
            .map(|spec| {
                let table = Table::count(
                    facts,
                    spec.rows_by,
                    spec.columns_by,
                    &request.filter(spec, false),
                );
                let published = suppress(&table, 3);
                Counted {
                    spec: *spec,
                    table,
                    published,
                }
            })
            .collect();
        Data {
            request,
            min_count: 3,
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
                forms: vec![(*form).into()],
                gender: Some(if i % 2 == 0 { "Male" } else { "Female" }.into()),
                ..Facts::default()
            });
        }
        facts.push(Facts {
            year: 2026,
            mission: "LT-LON".into(),
            status: "Active".into(),
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
}
