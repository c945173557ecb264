//! Statistics: counts of cases by one or two dimensions, small-count
//! protection for what leaves the screen, and CSV.
//!
//! A case counts once under each value it has: once per form of
//! exploitation, once per citizenship, and so on. Totals count each case
//! once, so for a multi-valued dimension the cells add up to more than the
//! total, and every output says so. A case without a value counts under
//! "unknown", so that an analyst sees how complete the numbers are.

mod facts;
mod suppress;

use std::collections::HashMap;

use serde::Serialize;

pub use facts::Facts;
pub use suppress::{Published, suppress};

/// What cases can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Dimension {
    Year,
    TraffickingStatus,
    Form,
    Citizenship,
    Gender,
    AgeGroup,
    Minor,
    CountryOfExploitation,
    LabourIndustry,
    MeansOfControl,
    ReferralService,
    Mission,
    Status,
}

/// The CTDC age groups, at first contact.
pub const AGE_GROUPS: [&str; 9] = [
    "0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+",
];

fn age_group(age: u32) -> &'static str {
    match age {
        0..=8 => AGE_GROUPS[0],
        9..=17 => AGE_GROUPS[1],
        18..=20 => AGE_GROUPS[2],
        21..=23 => AGE_GROUPS[3],
        24..=26 => AGE_GROUPS[4],
        27..=29 => AGE_GROUPS[5],
        30..=38 => AGE_GROUPS[6],
        39..=47 => AGE_GROUPS[7],
        _ => AGE_GROUPS[8],
    }
}

impl Dimension {
    pub const ALL: [Dimension; 13] = [
        Dimension::Year,
        Dimension::TraffickingStatus,
        Dimension::Form,
        Dimension::Citizenship,
        Dimension::Gender,
        Dimension::AgeGroup,
        Dimension::Minor,
        Dimension::CountryOfExploitation,
        Dimension::LabourIndustry,
        Dimension::MeansOfControl,
        Dimension::ReferralService,
        Dimension::Mission,
        Dimension::Status,
    ];

    /// The name on the command line and in CSV headers.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Year => "year",
            Dimension::TraffickingStatus => "trafficking-status",
            Dimension::Form => "form",
            Dimension::Citizenship => "citizenship",
            Dimension::Gender => "gender",
            Dimension::AgeGroup => "age-group",
            Dimension::Minor => "minor",
            Dimension::CountryOfExploitation => "country-of-exploitation",
            Dimension::LabourIndustry => "labour-industry",
            Dimension::MeansOfControl => "means-of-control",
            Dimension::ReferralService => "referral-service",
            Dimension::Mission => "mission",
            Dimension::Status => "status",
        }
    }

    pub fn from_name(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.name() == name)
    }

    /// Whether a case can have several values.
    pub fn multi_valued(self) -> bool {
        matches!(
            self,
            Dimension::Form
                | Dimension::Citizenship
                | Dimension::MeansOfControl
                | Dimension::ReferralService
        )
    }

    /// The values of a case into `out` ("" when unknown), borrowed from the
    /// facts; `year` is the year already written out.
    fn values_into<'a>(self, facts: &'a Facts, year: &'a str, out: &mut Vec<&'a str>) {
        let start = out.len();
        match self {
            Dimension::Year => out.push(year),
            Dimension::TraffickingStatus => out.extend(facts.trafficking_status.as_deref()),
            Dimension::Form => out.extend(facts.forms.iter().map(String::as_str)),
            Dimension::Citizenship => out.extend(facts.citizenship.iter().map(String::as_str)),
            Dimension::Gender => out.extend(facts.gender.as_deref()),
            Dimension::AgeGroup => out.extend(facts.age.map(age_group)),
            Dimension::Minor => {
                out.extend(facts.age.map(|a| if a < 18 { "minor" } else { "adult" }));
            }
            Dimension::CountryOfExploitation => {
                out.extend(facts.country_of_exploitation.as_deref());
            }
            Dimension::LabourIndustry => out.extend(facts.labour_industry.as_deref()),
            Dimension::MeansOfControl => {
                out.extend(facts.means_of_control.iter().map(String::as_str));
            }
            Dimension::ReferralService => {
                out.extend(facts.referral_services.iter().map(String::as_str));
            }
            Dimension::Mission => out.push(&facts.mission),
            Dimension::Status => out.push(&facts.status),
        }
        if out.len() == start {
            out.push("");
        }
    }

    /// The order values are listed in: age groups by age, minor before
    /// adult, everything else by name (years thus in order).
    fn rank(self, value: &str) -> (usize, String) {
        let position = match self {
            Dimension::AgeGroup => AGE_GROUPS.iter().position(|g| *g == value),
            Dimension::Minor => ["minor", "adult"].iter().position(|g| *g == value),
            _ => None,
        };
        (position.unwrap_or(0), value.to_owned())
    }
}

/// Which cases are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    pub mission: Option<String>,
    pub status: Option<String>,
    /// Count cases whose person did not consent to anonymous statistics.
    /// The default counts them: no person is identifiable in an aggregate
    /// with small counts suppressed. The commission may decide otherwise.
    pub include_without_consent: bool,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            from_year: None,
            to_year: None,
            mission: None,
            status: None,
            include_without_consent: true,
        }
    }
}

impl Filter {
    pub fn admits(&self, facts: &Facts) -> bool {
        self.from_year.is_none_or(|y| facts.year >= y)
            && self.to_year.is_none_or(|y| facts.year <= y)
            && self.mission.as_ref().is_none_or(|m| *m == facts.mission)
            && self.status.as_ref().is_none_or(|s| *s == facts.status)
            && (self.include_without_consent || facts.anonymous_statistics != Some(false))
    }

    /// The filters in words, for the CSV's comment line.
    pub fn describe(&self) -> String {
        let years = match (self.from_year, self.to_year) {
            (None, None) => "all years".to_owned(),
            (Some(from), None) => format!("years from {from}"),
            (None, Some(to)) => format!("years to {to}"),
            (Some(from), Some(to)) => format!("years {from}-{to}"),
        };
        format!(
            "{years}; mission {}; status {}; cases without consent to anonymous statistics {}",
            self.mission.as_deref().unwrap_or("any"),
            self.status.as_deref().unwrap_or("any"),
            if self.include_without_consent {
                "counted"
            } else {
                "left out"
            }
        )
    }
}

/// A value of a dimension, or `None` for "unknown".
pub type Key = Option<String>;

/// Counts by one dimension (rows) or two (rows × columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub rows_by: Dimension,
    pub columns_by: Option<Dimension>,
    pub rows: Vec<Key>,
    pub columns: Vec<Key>,
    /// `cells[r][c]`: cases with row value `r` and column value `c`. Empty
    /// rows for a one-dimension table.
    pub cells: Vec<Vec<u64>>,
    /// Cases with each row value (each case once per value).
    pub row_totals: Vec<u64>,
    pub column_totals: Vec<u64>,
    /// Cases counted, each once.
    pub total: u64,
}

/// Counts cases one at a time; `finish` makes the table. Values are
/// looked up by reference, so counting a case allocates nothing unless it
/// brings a value not seen before ("" stands for unknown inside).
pub struct Counter {
    rows_by: Dimension,
    columns_by: Option<Dimension>,
    rows: HashMap<String, u64>,
    columns: HashMap<String, u64>,
    cells: HashMap<String, HashMap<String, u64>>,
    total: u64,
}

fn bump<'m, V: Default>(map: &'m mut HashMap<String, V>, key: &str) -> &'m mut V {
    if !map.contains_key(key) {
        map.insert(key.to_owned(), V::default());
    }
    map.get_mut(key)
        .unwrap_or_else(|| unreachable!("inserted above"))
}

impl Counter {
    pub fn new(rows_by: Dimension, columns_by: Option<Dimension>) -> Counter {
        Counter {
            rows_by,
            columns_by,
            rows: HashMap::new(),
            columns: HashMap::new(),
            cells: HashMap::new(),
            total: 0,
        }
    }

    /// Counts one case (the caller has applied the filter).
    pub fn add(&mut self, facts: &Facts) {
        self.total += 1;
        let year = if self.rows_by == Dimension::Year || self.columns_by == Some(Dimension::Year) {
            facts.year.to_string()
        } else {
            String::new()
        };
        let mut rows: Vec<&str> = Vec::with_capacity(4);
        self.rows_by.values_into(facts, &year, &mut rows);
        for row in &rows {
            *bump(&mut self.rows, row) += 1;
        }
        if let Some(columns_by) = self.columns_by {
            let mut columns: Vec<&str> = Vec::with_capacity(4);
            columns_by.values_into(facts, &year, &mut columns);
            for column in &columns {
                *bump(&mut self.columns, column) += 1;
                for row in &rows {
                    *bump(bump(&mut self.cells, row), column) += 1;
                }
            }
        }
    }

    pub fn finish(self) -> Table {
        let key = |value: &String| -> Key { (!value.is_empty()).then(|| value.clone()) };
        let ordered = |dimension: Dimension, counts: &HashMap<String, u64>| -> Vec<Key> {
            let mut keys: Vec<Key> = counts.keys().map(key).collect();
            keys.sort_by_key(|key| match key {
                Some(value) => (0, dimension.rank(value)),
                None => (1, (0, String::new())),
            });
            keys
        };
        let text = |key: &Key| key.clone().unwrap_or_default();
        let rows = ordered(self.rows_by, &self.rows);
        let columns = self
            .columns_by
            .map_or_else(Vec::new, |d| ordered(d, &self.columns));
        let cells = if self.columns_by.is_some() {
            rows.iter()
                .map(|r| {
                    let row = self.cells.get(&text(r));
                    columns
                        .iter()
                        .map(|c| row.and_then(|row| row.get(&text(c))).copied().unwrap_or(0))
                        .collect()
                })
                .collect()
        } else {
            Vec::new()
        };
        Table {
            rows_by: self.rows_by,
            columns_by: self.columns_by,
            row_totals: rows.iter().map(|r| self.rows[&text(r)]).collect(),
            column_totals: columns.iter().map(|c| self.columns[&text(c)]).collect(),
            rows,
            columns,
            cells,
            total: self.total,
        }
    }
}

impl Table {
    /// Counts the cases `facts` yields that `filter` admits.
    pub fn count<'a>(
        facts: impl IntoIterator<Item = &'a Facts>,
        rows_by: Dimension,
        columns_by: Option<Dimension>,
        filter: &Filter,
    ) -> Table {
        let mut counter = Counter::new(rows_by, columns_by);
        for facts in facts {
            if filter.admits(facts) {
                counter.add(facts);
            }
        }
        counter.finish()
    }

    /// Whether cells may add up to more than the totals.
    pub fn multi_valued(&self) -> bool {
        self.rows_by.multi_valued() || self.columns_by.is_some_and(Dimension::multi_valued)
    }

    /// Cases without a value for the row (or column) dimension.
    pub fn unknown_rows(&self) -> u64 {
        self.rows
            .iter()
            .position(Option::is_none)
            .map_or(0, |i| self.row_totals[i])
    }

    pub fn unknown_columns(&self) -> u64 {
        self.columns
            .iter()
            .position(Option::is_none)
            .map_or(0, |i| self.column_totals[i])
    }

    /// The table as CSV, with small counts suppressed: a comment line with
    /// the filters, the threshold and the date, a header row, one row per
    /// value, and a total row.
    pub fn to_csv(&self, filter: &Filter, min_count: u64, today: chrono::NaiveDate) -> String {
        let published = suppress(self, min_count);
        let show = |value: u64, hidden: bool| {
            if hidden {
                format!("<{min_count}")
            } else {
                value.to_string()
            }
        };
        let by = match self.columns_by {
            Some(columns) => format!("{} by {}", self.rows_by.name(), columns.name()),
            None => self.rows_by.name().to_owned(),
        };
        let multi = if self.multi_valued() {
            "; a case counts once under each of its values, totals count each case once"
        } else {
            ""
        };
        let mut out = format!(
            "# Casebook statistics: cases by {by}; {}; counts below {min_count} suppressed (shown as <{min_count}){multi}; made {today}\n",
            filter.describe()
        );
        let mut header = vec![self.rows_by.name().to_owned()];
        if self.columns_by.is_some() {
            header.extend(self.columns.iter().map(key_text));
            header.push("total".into());
        } else {
            header.push("cases".into());
        }
        out.push_str(&csv_line(&header));
        for (r, key) in self.rows.iter().enumerate() {
            let mut line = vec![key_text(key)];
            for (c, value) in self.cells.get(r).into_iter().flatten().enumerate() {
                line.push(show(*value, published.cells[r][c]));
            }
            line.push(show(self.row_totals[r], published.row_totals[r]));
            out.push_str(&csv_line(&line));
        }
        let mut line = vec!["total".to_owned()];
        for (c, value) in self.column_totals.iter().enumerate() {
            line.push(show(*value, published.column_totals[c]));
        }
        line.push(show(self.total, published.total));
        out.push_str(&csv_line(&line));
        out
    }
}

/// A value as CSV and the command line show it.
pub fn key_text(key: &Key) -> String {
    key.clone().unwrap_or_else(|| "unknown".into())
}

fn csv_line(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect();
    quoted.join(",") + "\n"
}
