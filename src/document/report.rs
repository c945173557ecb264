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
use crate::stats::{
    Dimension, FILE_MIN_COUNT, Filter, HIDDEN_MARK, Link, Linked, Published, Table, suppress,
    suppress_linked,
};

/// One table of the report: its slot in the template, what it counts by,
/// and whether a bar chart follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// The template's slot and the CSV file's name.
    pub slot: &'static str,
    pub rows_by: Dimension,
    pub columns_by: Option<Dimension>,
    pub chart: bool,
    /// Counted over the year before, not the year (the comparison).
    pub previous_year: bool,
    /// Only cases with this form of exploitation (`stats --form`).
    pub form: Option<&'static str>,
    /// Only cases of this trafficking status, rather than [`VICTIMS`]
    /// (`stats --trafficking-status`).
    pub status: Option<&'static str>,
}

const fn spec(slot: &'static str, rows_by: Dimension, columns_by: Option<Dimension>) -> Spec {
    Spec {
        slot,
        rows_by,
        columns_by,
        chart: false,
        previous_year: false,
        form: None,
        status: None,
    }
}

const fn chart(mut spec: Spec) -> Spec {
    spec.chart = true;
    spec
}

/// The trafficking statuses every table of the report counts: identified
/// (actual) and presumed (possible) victims, never "not a victim" nor a
/// case without a status (`stats --trafficking-status` with this).
pub const VICTIMS: &str = "ActualVictimOfTrafficking,PossibleVictimOfTrafficking";
/// The identified (actual) victims alone.
pub const IDENTIFIED: &str = "ActualVictimOfTrafficking";
/// The presumed (possible) victims alone.
pub const PRESUMED: &str = "PossibleVictimOfTrafficking";

use Dimension as D;

/// The report's tables, in the order of the template. One age grouping
/// only, child or adult (as Eurostat and the TIP questionnaire ask): with
/// CTDC's groups beside it, 0–8 + 9–17 = children, and a reader could
/// subtract a hidden count out of the two tables.
pub const TABLES: &[Spec] = &[
    // 1. Identified and presumed victims (HTCDS trafficking status).
    chart(spec("victims-sex", D::TraffickingStatus, Some(D::Gender))),
    spec("victims-age", D::TraffickingStatus, Some(D::Minor)),
    chart(spec("victims-form", D::Form, Some(D::TraffickingStatus))),
    chart(spec(
        "victims-citizenship",
        D::CitizenshipGroup,
        Some(D::TraffickingStatus),
    )),
    spec("victims-mission", D::Mission, Some(D::TraffickingStatus)),
    // 2. Exploitation. The forms by sex for each status apart: with the
    // victims by status and sex, and by form and status, a table of the
    // forms by sex of all victims would be the third two-way margin of
    // one status × sex × form cube, and three margins bound each other's
    // hidden counts where the linking does not see it (a hidden small
    // count known to be 2 or more). Split by status, the two tables are
    // the cube itself, its margins their linked totals.
    Spec {
        status: Some(IDENTIFIED),
        ..spec("form-sex-identified", D::Form, Some(D::Gender))
    },
    Spec {
        status: Some(PRESUMED),
        ..spec("form-sex-presumed", D::Form, Some(D::Gender))
    },
    chart(Spec {
        form: Some("ForcedLabour"),
        ..spec("labour-industry", D::LabourIndustry, None)
    }),
    chart(spec("recruitment", D::RecruitmentMethod, None)),
    chart(spec("means-of-control", D::MeansOfControl, None)),
    // 3. Assistance.
    chart(spec("urgent-needs", D::UrgentNeed, None)),
    chart(spec("referral-service", D::ReferralService, None)),
    spec("referral-organisation", D::ReferralOrganisation, None),
    spec("referral-outcome", D::ReferralOutcome, None),
    spec("returns", D::ReturnAssisted, None),
    spec("reflection", D::ReflectionPeriod, None),
    // 5. The year before, by status, recounted today: a table of its own,
    // for with the year's status totals as one of its columns a small
    // count of the year before made the report hide those totals.
    Spec {
        previous_year: true,
        ..spec("comparison", D::TraffickingStatus, None)
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
            from_year: Some(self.year - i32::from(spec.previous_year)),
            to_year: Some(self.year - i32::from(spec.previous_year)),
            mission: self.mission.clone(),
            status: None,
            trafficking_status: Some(spec.status.unwrap_or(VICTIMS).to_owned()),
            form: spec.form.map(str::to_owned),
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

/// Whether the report can cover `year`: a past year or the current one
/// (a later year has no case yet), the same in the window and on the
/// command line.
pub fn year_allowed(year: i32, today: NaiveDate) -> bool {
    (1900..=chrono::Datelike::year(&today)).contains(&year)
}

/// The mission codes a report can be restricted to: the vault's own and
/// those of the missions it receives files from.
pub fn mission_codes(vault: &crate::vault::Vault) -> crate::vault::Result<Vec<String>> {
    let mut codes = vec![vault.info().mission_code.clone()];
    for row in vault.missions_overview(chrono::Utc::now())?.missions {
        if !codes.contains(&row.code) {
            codes.push(row.code);
        }
    }
    Ok(codes)
}

/// The names of the CSV bundle's files, known before anything is counted.
pub fn csv_names() -> impl Iterator<Item = String> {
    TABLES
        .iter()
        .map(|spec| format!("{}.csv", spec.slot))
        .chain(["missions.csv".to_owned()])
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
    /// Whether any victim of the year before is counted (the comparison
    /// has a count).
    pub previous_year: bool,
    /// The missions the commission receives files from (none in a
    /// mission's own vault).
    pub missions: Vec<MissionYear>,
    /// Who made the report, where and when.
    pub issuer: String,
    pub officer: String,
    pub date: NaiveDate,
}

/// Reads what the report of `request` shows from `vault` and publishes
/// it, with the vault's statistics settings (as `casebook stats` without
/// options): [`read`], then [`Read::publish`].
pub fn gather(
    vault: &crate::vault::Vault,
    request: &Request,
    date: NaiveDate,
) -> crate::vault::Result<Data> {
    Ok(read(vault, request, date)?.publish())
}

/// What the report reads from the vault: every table counted, not yet
/// published. The suppression solves linear programmes over every table
/// together, so the window runs [`Read::publish`] once the vault is free
/// again for other work.
#[derive(Debug, Clone)]
pub struct Read {
    counted: Vec<Table>,
    /// Everything but the tables.
    data: Data,
}

impl Read {
    /// The tables published together, small counts hidden.
    pub fn publish(self) -> Data {
        let Read { counted, mut data } = self;
        data.tables = publish(TABLES, counted, data.min_count);
        data
    }
}

/// Reads the report of `request` from `vault`: the tables counted, the
/// missions' files, who makes it.
pub fn read(
    vault: &crate::vault::Vault,
    request: &Request,
    date: NaiveDate,
) -> crate::vault::Result<Read> {
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
    let counted = vault.statistics_many(&asked)?;
    let previous_year = TABLES
        .iter()
        .zip(&counted)
        .find(|(spec, _)| spec.previous_year)
        .is_some_and(|(_, table)| table.total > 0);
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
    Ok(Read {
        counted,
        data: Data {
            request: request.clone(),
            min_count,
            tables: Vec::new(),
            previous_year,
            missions,
            issuer: info.mission_name.clone(),
            officer: info.officer.clone(),
            date,
        },
    })
}

/// The set of cases a published count counts, whatever table shows it:
/// the table's filter narrowed by the values of its row and column. Two
/// counts with the same set are the same number, so a count hidden in one
/// table must be hidden in every other (the status totals are the row
/// totals of one table, the column totals of others and the grand totals
/// of the two tables of one status).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cases {
    from_year: Option<i32>,
    to_year: Option<i32>,
    mission: Option<String>,
    statuses: Option<std::collections::BTreeSet<String>>,
    /// Other values the cases have (a multi-valued dimension's value: one
    /// of theirs), by dimension name.
    values: std::collections::BTreeSet<(&'static str, crate::stats::Key)>,
}

impl Cases {
    /// The cases of `filter` with the values `conditions`.
    pub fn of(filter: &Filter, conditions: &[(Dimension, &crate::stats::Key)]) -> Cases {
        let mut cases = Cases {
            from_year: filter.from_year,
            to_year: filter.to_year,
            mission: filter.mission.clone(),
            statuses: filter
                .trafficking_status
                .as_deref()
                .map(|s| s.split(',').map(str::to_owned).collect()),
            values: Default::default(),
        };
        if let Some(form) = &filter.form {
            cases.values.insert((D::Form.name(), Some(form.clone())));
        }
        for (dimension, key) in conditions {
            match (dimension, key) {
                (D::Year, Some(year)) if year.parse::<i32>().is_ok() => {
                    let year = year.parse::<i32>().ok();
                    cases.from_year = year;
                    cases.to_year = year;
                }
                (D::TraffickingStatus, Some(status)) => {
                    cases.statuses = Some([status.clone()].into());
                }
                (D::Mission, Some(mission)) => cases.mission = Some(mission.clone()),
                _ => {
                    cases.values.insert((dimension.name(), (*key).clone()));
                }
            }
        }
        cases
    }
}

/// The sets of cases of a table's counts: cells, row totals, column
/// totals, total.
type CountSets = (Vec<Vec<Cases>>, Vec<Cases>, Vec<Cases>, Cases);

/// Every count of `table` (cells, row totals, column totals, total, in
/// the order of [`Published`]) as the set of cases it counts.
fn counts_of(table: &Table) -> CountSets {
    let filter = &table.filter;
    let columns_by = table.columns_by.unwrap_or(table.rows_by);
    let cells = table
        .rows
        .iter()
        .zip(&table.cells)
        .map(|(row, cells)| {
            table
                .columns
                .iter()
                .take(cells.len())
                .map(|column| Cases::of(filter, &[(table.rows_by, row), (columns_by, column)]))
                .collect()
        })
        .collect();
    let rows = table
        .rows
        .iter()
        .map(|row| Cases::of(filter, &[(table.rows_by, row)]))
        .collect();
    let columns = table
        .columns
        .iter()
        .map(|column| Cases::of(filter, &[(columns_by, column)]))
        .collect();
    (cells, rows, columns, Cases::of(filter, &[]))
}

/// For each set of cases the report counts, how dear it is to a reader
/// and whether it is a cell anywhere ([`Link`]): the dearest place it has
/// in any table (a count that is a cell in one table and a total in
/// another costs as a total), how many tables show it, a
/// cell if it is one in some table (a small one is then audited as a
/// small cell wherever it shows).
fn links(tables: &[Table], sets: &[CountSets]) -> HashMap<Cases, Link> {
    let mut links: HashMap<Cases, Link> = HashMap::new();
    for (table, (cells, rows, columns, total)) in tables.iter().zip(sets) {
        let row_rank = u8::from(table.columns_by.is_some());
        let ranked = cells
            .iter()
            .flatten()
            .map(|c| (c, 0))
            .chain(rows.iter().map(|c| (c, row_rank)))
            .chain(columns.iter().map(|c| (c, 1)))
            .chain([(total, 2)]);
        for (cases, rank) in ranked {
            let link = links.entry(cases.clone()).or_default();
            link.rank = link.rank.max(rank);
            link.shown_in += 1;
            link.cell |= rank == 0;
        }
    }
    links
}

/// The linked tables' loop: each table suppressed with every count
/// `hidden` holds forced hidden, the counts it hides added to `hidden`,
/// until no table hides a new one. Each count costs what it costs where
/// it is dearest, and a small one that is a cell anywhere is audited as a
/// small cell everywhere (`links`).
fn publish_linked(
    tables: &[Table],
    sets: &[CountSets],
    links: &HashMap<Cases, Link>,
    hidden: &mut std::collections::HashSet<Cases>,
    min_count: u64,
) -> Vec<Published> {
    loop {
        let before = hidden.len();
        let published: Vec<Published> = tables
            .iter()
            .zip(sets)
            .map(|(table, (cells, rows, columns, total))| {
                let link = |c: &Cases| Link {
                    forced: hidden.contains(c),
                    ..links.get(c).copied().unwrap_or_default()
                };
                let linked = Linked {
                    cells: cells
                        .iter()
                        .map(|row| row.iter().map(link).collect())
                        .collect(),
                    row_totals: rows.iter().map(link).collect(),
                    column_totals: columns.iter().map(link).collect(),
                    total: link(total),
                };
                suppress_linked(table, min_count, &linked)
            })
            .collect();
        for (p, set) in published.iter().zip(sets) {
            for (is_hidden, cases) in flags(p, set) {
                if is_hidden {
                    hidden.insert(cases.clone());
                }
            }
        }
        if hidden.len() == before {
            return published;
        }
    }
}

/// Each count of a table as published (hidden or not) with its set of
/// cases, in the order of [`Published`].
fn flags<'a>(p: &'a Published, set: &'a CountSets) -> impl Iterator<Item = (bool, &'a Cases)> {
    let (cells, rows, columns, total) = set;
    let flags = p.cells.iter().flatten().zip(cells.iter().flatten());
    flags
        .chain(p.row_totals.iter().zip(rows))
        .chain(p.column_totals.iter().zip(columns))
        .chain([(&p.total, total)])
        .map(|(h, c)| (*h, c))
}

/// Suppresses the report's tables together: each table's own audit (as
/// `casebook stats` runs it) with every count hidden in another table
/// forced hidden in this one, over and over until no table hides a new
/// count (the linked tables' method of τ-ARGUS). A set of cases hidden
/// once stays hidden, so this ends; at the end a count is hidden in every
/// table that shows it or in none, and each table's audit passed with the
/// others' hidden counts hidden.
///
/// That ties counts of the same set of cases. Tables whose counts are
/// sets that differ but overlap can still bound each other's hidden
/// counts (three two-way margins of one cube do: Fréchet bounds), so the
/// report publishes no such three: the forms of exploitation by sex are
/// given for the identified and the presumed victims apart, which are
/// together the whole status × sex × form cube, each count of it in one
/// table, its margins the linked totals of those tables (docs/statistics.md).
///
/// The linking starts from what each table hides alone, as `casebook
/// stats` prints it: the report hides all that and perhaps more, never
/// shows a count `stats` hides for the same filters, so the two published
/// side by side give away no more than the report.
pub fn publish(specs: &[Spec], tables: Vec<Table>, min_count: u64) -> Vec<Counted> {
    publish_reading(specs, tables, min_count, true)
}

/// [`publish`], with the tables read together or (`read_together` false,
/// for tests) not.
fn publish_reading(
    specs: &[Spec],
    tables: Vec<Table>,
    min_count: u64,
    read_together: bool,
) -> Vec<Counted> {
    let sets: Vec<_> = tables.iter().map(counts_of).collect();
    let links = links(&tables, &sets);
    let mut hidden: std::collections::HashSet<Cases> = Default::default();
    for (table, set) in tables.iter().zip(&sets) {
        let alone = suppress(table, min_count);
        for (is_hidden, cases) in flags(&alone, set) {
            if is_hidden {
                hidden.insert(cases.clone());
            }
        }
    }
    // Then the tables read together: where two of them pin a hidden
    // count between them, the cheapest published count tied to it is
    // hidden too, and the tables suppressed again. Each round hides a
    // new set of cases, so this ends.
    let published = loop {
        let published = publish_linked(&tables, &sets, &links, &mut hidden, min_count);
        if !read_together {
            break published;
        }
        let cost = |cases: &Cases, value: u64| {
            let link = links.get(cases).copied().unwrap_or_default();
            (link.rank, link.shown_in, value)
        };
        match intervals::to_hide(&tables, &sets, &published, min_count, cost) {
            Some(cases) if hidden.insert(cases.clone()) => {}
            _ => break published,
        }
    };
    // A table of one status says what was left out of all the year's
    // victims, as the others do: its own line beside theirs would give the
    // other status's, exact however small, by subtraction.
    let year = specs
        .iter()
        .zip(&tables)
        .find(|(spec, _)| !spec.previous_year && spec.form.is_none() && spec.status.is_none())
        .map(|(_, t)| (t.left_out, t.counted_despite_refusal));
    specs
        .iter()
        .zip(tables)
        .zip(published)
        .map(|((spec, mut table), published)| {
            if let (Some(_), Some((left_out, despite))) = (spec.status, year) {
                table.left_out = left_out;
                table.counted_despite_refusal = despite;
            }
            Counted {
                spec: *spec,
                table,
                published,
            }
        })
        .collect()
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

/// The missions' section: a table of files received in the year and of
/// exports not received by the report's date, then the missions silent
/// for the whole year.
fn missions_blocks(i18n: &I18n, data: &Data) -> Vec<Block> {
    if data.missions.is_empty() {
        return vec![Block::Paragraph(i18n.t("report-missions-none"))];
    }
    let year = data.request.year.to_string();
    let header = vec![
        i18n.t("stats-by-mission"),
        i18n.t_with("report-files-received", &[("year", year.clone().into())]),
        // Missing exports are known as of today, whatever the year: said
        // so, beside a count of the year.
        i18n.t_with(
            "report-exports-missing",
            &[("date", data.date.to_string().into())],
        ),
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
            counted
                .table
                .to_csv_published(data.min_count, data.date, &counted.published),
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
mod attack;
mod intervals;
#[cfg(test)]
mod tests;
