//! Statistics: counts of cases by one or two dimensions, small-count
//! protection for what leaves the screen, and CSV.
//!
//! A case counts once under each value it has: once per form of
//! exploitation, once per citizenship, and so on. Totals count each case
//! once, so for a multi-valued dimension the cells add up to more than the
//! total, and every output says so. A case without a value counts under
//! "unknown", so that an analyst sees how complete the numbers are.
//!
//! Synthetic cases (training data) are never counted, and cases whose
//! person refused anonymous statistics are left out unless the commission
//! has chosen otherwise; every table knows how many it left out and why.

mod facts;
pub mod labels;
pub mod lp;
mod suppress;

use std::collections::HashMap;

use serde::Serialize;

pub use facts::{Facts, FactsView, Values};
pub use suppress::{
    AUDIT_BUDGET, Link, Linked, Published, suppress, suppress_linked, suppress_within,
};

/// The mark of a hidden count in everything that leaves the screen, the
/// same in every language: Eurostat's `c` for confidential. One mark for
/// every hidden count, so that it does not tell a small count from one
/// hidden to protect it.
pub const HIDDEN_MARK: &str = "c";

/// The least threshold for a table that leaves the screen (a file, the
/// command line's output): below 3, a count of 1 or 2 could be shown, and
/// one person can be picked out of two.
pub const FILE_MIN_COUNT: u64 = 3;

/// Why a table cannot be written out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error(
        "a table that leaves the screen hides counts below at least {FILE_MIN_COUNT}; a threshold of {0} is too low"
    )]
    ThresholdTooLow(u64),
}

/// `min_count` if a table may leave the screen with it.
pub fn file_threshold(min_count: u64) -> Result<u64, Error> {
    if min_count < FILE_MIN_COUNT {
        return Err(Error::ThresholdTooLow(min_count));
    }
    Ok(min_count)
}

/// What cases can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Dimension {
    Year,
    TraffickingStatus,
    Form,
    Citizenship,
    Gender,
    /// CTDC's age groups.
    AgeGroup,
    /// GBVIMS's age groups.
    AgeGroupGbvims,
    /// Child (under 18) or adult.
    Minor,
    CountryOfExploitation,
    LabourIndustry,
    MeansOfControl,
    ReferralService,
    Mission,
    Status,
    /// Citizenship grouped as Eurostat does: Lithuania, another EU member
    /// state, outside the EU.
    CitizenshipGroup,
    RecruitmentMethod,
    UrgentNeed,
    /// The organisation types of the case's referrals.
    ReferralOrganisation,
    /// The outcomes of the case's referrals.
    ReferralOutcome,
    /// Whether the person's return was assisted.
    ReturnAssisted,
    /// Whether a reflection period was started.
    ReflectionPeriod,
}

/// The member states of the European Union (ISO 3166-1 alpha-2), for the
/// citizenship groups.
pub const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// The citizenship groups, in order.
pub const CITIZENSHIP_GROUPS: [&str; 3] = ["lithuania", "other-eu", "outside-eu"];

fn citizenship_group(code: &str) -> &'static str {
    if code == "LT" {
        CITIZENSHIP_GROUPS[0]
    } else if EU_MEMBERS.contains(&code) {
        CITIZENSHIP_GROUPS[1]
    } else {
        CITIZENSHIP_GROUPS[2]
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// The CTDC age groups, at first contact.
pub const AGE_GROUPS: [&str; 9] = [
    "0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+",
];

/// The GBVIMS age groups (the Incident Recorder's), at first contact.
pub const GBVIMS_AGE_GROUPS: [&str; 6] = ["0-11", "12-17", "18-25", "26-40", "41-60", "61+"];

fn gbvims_age_group(age: u32) -> &'static str {
    match age {
        0..=11 => GBVIMS_AGE_GROUPS[0],
        12..=17 => GBVIMS_AGE_GROUPS[1],
        18..=25 => GBVIMS_AGE_GROUPS[2],
        26..=40 => GBVIMS_AGE_GROUPS[3],
        41..=60 => GBVIMS_AGE_GROUPS[4],
        _ => GBVIMS_AGE_GROUPS[5],
    }
}

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
    pub const ALL: [Dimension; 21] = [
        Dimension::Year,
        Dimension::TraffickingStatus,
        Dimension::Form,
        Dimension::Citizenship,
        Dimension::Gender,
        Dimension::AgeGroup,
        Dimension::AgeGroupGbvims,
        Dimension::Minor,
        Dimension::CountryOfExploitation,
        Dimension::LabourIndustry,
        Dimension::MeansOfControl,
        Dimension::ReferralService,
        Dimension::Mission,
        Dimension::Status,
        Dimension::CitizenshipGroup,
        Dimension::RecruitmentMethod,
        Dimension::UrgentNeed,
        Dimension::ReferralOrganisation,
        Dimension::ReferralOutcome,
        Dimension::ReturnAssisted,
        Dimension::ReflectionPeriod,
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
            Dimension::AgeGroupGbvims => "age-group-gbvims",
            Dimension::Minor => "minor",
            Dimension::CountryOfExploitation => "country-of-exploitation",
            Dimension::LabourIndustry => "labour-industry",
            Dimension::MeansOfControl => "means-of-control",
            Dimension::ReferralService => "referral-service",
            Dimension::Mission => "mission",
            Dimension::Status => "status",
            Dimension::CitizenshipGroup => "citizenship-group",
            Dimension::RecruitmentMethod => "recruitment",
            Dimension::UrgentNeed => "urgent-need",
            Dimension::ReferralOrganisation => "referral-organisation",
            Dimension::ReferralOutcome => "referral-outcome",
            Dimension::ReturnAssisted => "return-assisted",
            Dimension::ReflectionPeriod => "reflection-period",
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
                | Dimension::CitizenshipGroup
                | Dimension::RecruitmentMethod
                | Dimension::UrgentNeed
                | Dimension::ReferralOrganisation
                | Dimension::ReferralOutcome
        )
    }

    /// The values of a case into `out` ("" when unknown), borrowed from the
    /// facts; `year` is the year already written out.
    fn values_into<'a>(self, facts: &FactsView<'a>, year: &'a str, out: &mut Vec<&'a str>) {
        let start = out.len();
        match self {
            Dimension::Year => out.push(year),
            Dimension::TraffickingStatus => out.extend(facts.trafficking_status),
            Dimension::Form => out.extend(facts.forms.iter()),
            Dimension::Citizenship => out.extend(facts.citizenship.iter()),
            Dimension::Gender => out.extend(facts.gender),
            Dimension::AgeGroup => out.extend(facts.age.map(age_group)),
            Dimension::AgeGroupGbvims => out.extend(facts.age.map(gbvims_age_group)),
            Dimension::Minor => {
                out.extend(facts.age.map(|a| if a < 18 { "minor" } else { "adult" }));
            }
            Dimension::CountryOfExploitation => {
                out.extend(facts.country_of_exploitation);
            }
            Dimension::LabourIndustry => out.extend(facts.labour_industry),
            Dimension::MeansOfControl => {
                out.extend(facts.means_of_control.iter());
            }
            Dimension::ReferralService => {
                out.extend(facts.referral_services.iter());
            }
            Dimension::Mission => out.push(facts.mission),
            Dimension::Status => out.push(facts.status),
            Dimension::CitizenshipGroup => {
                // Each group once, however many citizenships fall in it.
                for group in CITIZENSHIP_GROUPS {
                    if facts
                        .citizenship
                        .iter()
                        .any(|code| citizenship_group(code) == group)
                    {
                        out.push(group);
                    }
                }
            }
            Dimension::RecruitmentMethod => out.extend(facts.recruitment.iter()),
            Dimension::UrgentNeed => out.extend(facts.urgent_needs.iter()),
            Dimension::ReferralOrganisation => out.extend(facts.referral_organisations.iter()),
            Dimension::ReferralOutcome => out.extend(facts.referral_outcomes.iter()),
            Dimension::ReturnAssisted => out.extend(facts.return_assisted.map(yes_no)),
            Dimension::ReflectionPeriod => out.push(yes_no(facts.reflection_period)),
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
            Dimension::AgeGroupGbvims => GBVIMS_AGE_GROUPS.iter().position(|g| *g == value),
            Dimension::Minor => ["minor", "adult"].iter().position(|g| *g == value),
            Dimension::CitizenshipGroup => CITIZENSHIP_GROUPS.iter().position(|g| *g == value),
            Dimension::ReturnAssisted | Dimension::ReflectionPeriod => {
                ["yes", "no"].iter().position(|g| *g == value)
            }
            _ => None,
        };
        (position.unwrap_or(0), value.to_owned())
    }
}

/// Which cases are counted. The default counts every year, mission and
/// status, and respects refusals of anonymous statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filter {
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    pub mission: Option<String>,
    pub status: Option<String>,
    /// Only cases of this HTCDS trafficking status (its name, e.g.
    /// `ActualVictimOfTrafficking`), or of any of several separated by
    /// commas (`ActualVictimOfTrafficking,PossibleVictimOfTrafficking`:
    /// identified and presumed victims); a case without one is left out
    /// when a status is asked for.
    pub trafficking_status: Option<String>,
    /// Only cases with this form of exploitation among theirs (its name,
    /// e.g. `ForcedLabour`).
    pub form: Option<String>,
    /// Count cases whose person refused anonymous statistics. The default
    /// respects the refusal (leaves them out); a commission that documents
    /// another legal basis may count them.
    pub include_without_consent: bool,
}

/// What a filter does with one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Counted,
    /// Counted although the person refused anonymous statistics (the
    /// commission's setting).
    CountedDespiteRefusal,
    /// Outside the years, mission, status or trafficking status asked for.
    Outside,
    /// Left out: the person refused anonymous statistics.
    Refused,
    /// Left out: made by the generator, not a real case.
    Synthetic,
}

impl Filter {
    pub fn admits(&self, facts: &FactsView<'_>) -> bool {
        matches!(
            self.admission(facts),
            Admission::Counted | Admission::CountedDespiteRefusal
        )
    }

    pub fn admission(&self, facts: &FactsView<'_>) -> Admission {
        let chosen = self.from_year.is_none_or(|y| facts.year >= y)
            && self.to_year.is_none_or(|y| facts.year <= y)
            && self.mission.as_deref().is_none_or(|m| m == facts.mission)
            && self.status.as_deref().is_none_or(|s| s == facts.status)
            && self
                .trafficking_status
                .as_deref()
                .is_none_or(|s| s.split(',').any(|s| Some(s) == facts.trafficking_status))
            && self
                .form
                .as_deref()
                .is_none_or(|f| facts.forms.iter().any(|form| form == f));
        if !chosen {
            Admission::Outside
        } else if facts.synthetic {
            Admission::Synthetic
        } else if facts.anonymous_statistics != Some(false) {
            Admission::Counted
        } else if self.include_without_consent {
            Admission::CountedDespiteRefusal
        } else {
            Admission::Refused
        }
    }

    /// The filters in words, for the CSV's comment line.
    pub fn describe(&self) -> String {
        let years = match (self.from_year, self.to_year) {
            (None, None) => "all years".to_owned(),
            (Some(from), None) => format!("years from {from}"),
            (None, Some(to)) => format!("years to {to}"),
            (Some(from), Some(to)) => format!("years {from}-{to}"),
        };
        // The comment line stays one field for a spreadsheet: no comma, no
        // line break, whatever a mission code holds.
        let plain = |value: Option<&str>| -> String {
            value
                .unwrap_or("any")
                .chars()
                .filter(|c| *c != ',' && !c.is_control())
                .collect()
        };
        let statuses = self
            .trafficking_status
            .as_deref()
            .map(|s| s.replace(',', " or "));
        let form = match &self.form {
            Some(form) => format!("; form {}", plain(Some(form))),
            None => String::new(),
        };
        format!(
            "{years}; mission {}; status {}; trafficking status {}{form}",
            plain(self.mission.as_deref()),
            plain(self.status.as_deref()),
            plain(statuses.as_deref()),
        )
    }
}

/// Cases the filters chose that a table did not count, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// The person refused anonymous statistics.
    pub refused: u64,
    /// Made by the generator (training, demonstrations, benchmarks).
    pub synthetic: u64,
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
    /// The filters the table was counted with.
    pub filter: Filter,
    /// Cases the filters chose that were not counted, and why.
    pub left_out: LeftOut,
    /// Cases counted although the person refused anonymous statistics
    /// (only when the filter includes them).
    pub counted_despite_refusal: u64,
}

/// Counts cases one at a time; `finish` makes the table. Each value gets
/// an index the first time it is seen; counting a case then costs one hash
/// per value and array increments, and allocates nothing ("" stands for
/// unknown inside).
pub struct Counter {
    filter: Filter,
    left_out: LeftOut,
    counted_despite_refusal: u64,
    rows_by: Dimension,
    columns_by: Option<Dimension>,
    row_index: HashMap<String, usize, Fnv>,
    column_index: HashMap<String, usize, Fnv>,
    row_counts: Vec<u64>,
    column_counts: Vec<u64>,
    /// `cells[row][column]`, grown as values appear.
    cells: Vec<Vec<u64>>,
    total: u64,
    /// The indices of the case being counted, kept to reuse their memory.
    scratch_rows: Vec<usize>,
}

/// FNV-1a: the keys are a few bytes of codes and names, where it is several
/// times faster than the default hasher; they are not chosen by an attacker
/// in a way that matters (a slow table, at worst).
#[derive(Default, Clone, Copy)]
struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

fn index_of(index: &mut HashMap<String, usize, Fnv>, counts: &mut Vec<u64>, key: &str) -> usize {
    if let Some(&i) = index.get(key) {
        return i;
    }
    let i = counts.len();
    index.insert(key.to_owned(), i);
    counts.push(0);
    i
}

impl Counter {
    pub fn new(rows_by: Dimension, columns_by: Option<Dimension>, filter: Filter) -> Counter {
        Counter {
            filter,
            left_out: LeftOut::default(),
            counted_despite_refusal: 0,
            rows_by,
            columns_by,
            row_index: HashMap::default(),
            column_index: HashMap::default(),
            row_counts: Vec::new(),
            column_counts: Vec::new(),
            cells: Vec::new(),
            total: 0,
            scratch_rows: Vec::new(),
        }
    }

    /// Counts one case if the filter admits it; otherwise notes why not.
    pub fn offer(&mut self, facts: &FactsView<'_>) {
        match self.filter.admission(facts) {
            Admission::Counted => self.add(facts),
            Admission::CountedDespiteRefusal => {
                self.counted_despite_refusal += 1;
                self.add(facts);
            }
            Admission::Outside => {}
            Admission::Refused => self.left_out.refused += 1,
            Admission::Synthetic => self.left_out.synthetic += 1,
        }
    }

    fn add(&mut self, facts: &FactsView<'_>) {
        self.total += 1;
        // The year as text without an allocation per case.
        let mut digits = [0u8; 12];
        let year = if self.rows_by == Dimension::Year || self.columns_by == Some(Dimension::Year) {
            let mut cursor = std::io::Cursor::new(&mut digits[..]);
            let _ = std::io::Write::write_fmt(&mut cursor, format_args!("{}", facts.year));
            let end = cursor.position() as usize;
            std::str::from_utf8(&digits[..end]).unwrap_or_default()
        } else {
            ""
        };
        let mut values: Vec<&str> = Vec::with_capacity(8);
        self.rows_by.values_into(facts, year, &mut values);
        self.scratch_rows.clear();
        for value in &values {
            let row = index_of(&mut self.row_index, &mut self.row_counts, value);
            self.row_counts[row] += 1;
            self.scratch_rows.push(row);
        }
        if let Some(columns_by) = self.columns_by {
            values.clear();
            columns_by.values_into(facts, year, &mut values);
            for value in &values {
                let column = index_of(&mut self.column_index, &mut self.column_counts, value);
                self.column_counts[column] += 1;
                for &row in &self.scratch_rows {
                    if self.cells.len() <= row {
                        self.cells.resize_with(row + 1, Vec::new);
                    }
                    let cells = &mut self.cells[row];
                    if cells.len() <= column {
                        cells.resize(column + 1, 0);
                    }
                    cells[column] += 1;
                }
            }
        }
    }

    pub fn finish(self) -> Table {
        // Values in display order, each with its index in the counts.
        let ordered = |dimension: Dimension, index: &HashMap<String, usize, Fnv>| {
            let mut keys: Vec<(Key, usize)> = index
                .iter()
                .map(|(value, &i)| ((!value.is_empty()).then(|| value.clone()), i))
                .collect();
            keys.sort_by_key(|(key, _)| match key {
                Some(value) => (0, dimension.rank(value)),
                None => (1, (0, String::new())),
            });
            keys
        };
        let rows = ordered(self.rows_by, &self.row_index);
        let columns = match self.columns_by {
            Some(d) => ordered(d, &self.column_index),
            None => Vec::new(),
        };
        let cells = if self.columns_by.is_some() {
            rows.iter()
                .map(|(_, r)| {
                    let row = self.cells.get(*r);
                    columns
                        .iter()
                        .map(|(_, c)| row.and_then(|row| row.get(*c)).copied().unwrap_or(0))
                        .collect()
                })
                .collect()
        } else {
            Vec::new()
        };
        Table {
            rows_by: self.rows_by,
            columns_by: self.columns_by,
            row_totals: rows.iter().map(|(_, r)| self.row_counts[*r]).collect(),
            column_totals: columns
                .iter()
                .map(|(_, c)| self.column_counts[*c])
                .collect(),
            rows: rows.into_iter().map(|(key, _)| key).collect(),
            columns: columns.into_iter().map(|(key, _)| key).collect(),
            cells,
            total: self.total,
            filter: self.filter,
            left_out: self.left_out,
            counted_despite_refusal: self.counted_despite_refusal,
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
        let mut counter = Counter::new(rows_by, columns_by, filter.clone());
        for facts in facts {
            counter.offer(&facts.view());
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

    /// What the table left out, in words, for what leaves the screen (the
    /// CSV's comment line, the command line). These are counts of cases
    /// too: one from 1 to `min_count` − 1 is written "fewer than
    /// `min_count`", as a hidden cell would be (the screen keeps them exact).
    pub fn describe_left_out(&self, min_count: u64) -> String {
        let refused = if self.filter.include_without_consent {
            format!(
                "{} whose person refused anonymous statistics counted (the commission's setting)",
                cases(self.counted_despite_refusal, min_count, "case")
            )
        } else {
            format!(
                "{} left out because the person refused anonymous statistics",
                cases(self.left_out.refused, min_count, "case")
            )
        };
        format!(
            "{refused}; {} left out",
            cases(
                self.left_out.synthetic,
                min_count,
                "synthetic (training) case"
            )
        )
    }

    /// The table as CSV, with small counts hidden (threshold at least
    /// [`FILE_MIN_COUNT`]): a comment line with the filters the table was
    /// counted with, what was left out, the threshold and the date; a header
    /// row, one row per value, and a total row.
    pub fn to_csv(&self, min_count: u64, today: chrono::NaiveDate) -> Result<String, Error> {
        self.to_csv_within(min_count, today, AUDIT_BUDGET)
    }

    /// [`Table::to_csv`] with the suppression audit's work budget given
    /// (see [`suppress_within`]).
    pub fn to_csv_within(
        &self,
        min_count: u64,
        today: chrono::NaiveDate,
        budget: u64,
    ) -> Result<String, Error> {
        let min_count = file_threshold(min_count)?;
        let published = suppress_within(self, min_count, budget);
        Ok(self.to_csv_published(min_count, today, &published))
    }

    /// The table as CSV with the counts `published` hides hidden (a
    /// suppression made elsewhere: the annual report's, consistent across
    /// its tables), as [`Table::to_csv`] writes it otherwise.
    pub fn to_csv_published(
        &self,
        min_count: u64,
        today: chrono::NaiveDate,
        published: &Published,
    ) -> String {
        let show = |value: u64, hidden: bool| {
            if hidden {
                HIDDEN_MARK.to_owned()
            } else {
                value.to_string()
            }
        };
        let by = match self.columns_by {
            Some(columns) => format!("{} by {}", self.rows_by.name(), columns.name()),
            None => self.rows_by.name().to_owned(),
        };
        let multi = if self.multi_valued() {
            "; a case counts once under each of its values and totals count each case once"
        } else {
            ""
        };
        let conservative = if published.conservative {
            format!("; {CONSERVATIVE_NOTE}")
        } else {
            String::new()
        };
        let mut out = format!(
            "# Casebook statistics: cases by {by}; {}; {}; {HIDDEN_MARK} = confidential: a count below {min_count} or a count hidden so that none below {min_count} can be worked out{conservative}{multi}; made {today}\n",
            self.filter.describe(),
            self.describe_left_out(min_count),
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

/// `count` of `noun` in English for what leaves the screen: "fewer than
/// K" for a small count, the singular for one, the plural otherwise.
fn cases(count: u64, min_count: u64, noun: &str) -> String {
    if count > 0 && count < min_count {
        format!("fewer than {min_count} {noun}s")
    } else if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// What every output that leaves the screen says of a table suppressed
/// conservatively (see [`Published::conservative`]).
pub const CONSERVATIVE_NOTE: &str = "suppressed conservatively: the table was too large to audit, so more counts are hidden than needed";

/// A value as CSV and the command line show it.
pub fn key_text(key: &Key) -> String {
    key.clone().unwrap_or_else(|| "unknown".into())
}

/// One CSV record. A field a spreadsheet would take for a formula (one
/// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a
/// mission's name, for instance) is neutralised as OWASP advises: a single
/// quote before it, and the field quoted. Counts are digits only, so they
/// stay numbers.
pub fn csv_line(fields: &[String]) -> String {
    let quoted: Vec<String> = fields
        .iter()
        .map(|f| {
            if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("\"'{}\"", f.replace('"', "\"\""))
            } else if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect();
    quoted.join(",") + "\n"
}
