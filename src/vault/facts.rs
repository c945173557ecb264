//! The countable facts of every case, as the statistics read them, and the
//! commission's statistics settings. The facts are written with each case
//! (`cases::write_row`) and made from the records by the migrations that
//! need them again (`schema::fill_facts`).

use super::{Error, Result, Vault};
use crate::stats::{Counter, Dimension, FILE_MIN_COUNT, Facts, FactsView, Filter, Table};

impl Vault {
    /// Hands the facts of every case to `each`, one at a time.
    pub fn for_each_facts(&self, mut each: impl FnMut(Facts)) -> Result<()> {
        self.for_each_facts_view(|view| each(view.to_facts()))
    }

    /// The same, borrowed from the row being read: nothing is allocated per
    /// case.
    fn for_each_facts_view(&self, mut each: impl FnMut(&FactsView<'_>)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached("SELECT facts FROM case_facts")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let text = row.get_ref(0)?.as_str().ok();
            let view = text
                .and_then(FactsView::decode)
                .ok_or_else(|| Error::Damaged("stored statistics cannot be read".into()))?;
            each(&view);
        }
        Ok(())
    }

    /// Counts the cases by one or two dimensions.
    pub fn statistics(
        &self,
        rows_by: Dimension,
        columns_by: Option<Dimension>,
        filter: &Filter,
    ) -> Result<Table> {
        let mut counter = Counter::new(rows_by, columns_by, filter.clone());
        self.for_each_facts_view(|facts| counter.offer(facts))?;
        Ok(counter.finish())
    }

    /// Several tables in one reading of the facts, each counted exactly as
    /// [`Vault::statistics`] counts it alone (the annual report's tables).
    pub fn statistics_many(
        &self,
        asked: &[(Dimension, Option<Dimension>, Filter)],
    ) -> Result<Vec<Table>> {
        let mut counters: Vec<Counter> = asked
            .iter()
            .map(|(rows_by, columns_by, filter)| {
                Counter::new(*rows_by, *columns_by, filter.clone())
            })
            .collect();
        self.for_each_facts_view(|facts| {
            for counter in &mut counters {
                counter.offer(facts);
            }
        })?;
        Ok(counters.into_iter().map(Counter::finish).collect())
    }
}

/// The commission's statistics settings, stored (encrypted) in the vault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatisticsSettings {
    /// Counts below this are hidden in what leaves the screen (CSV,
    /// command line); never below [`crate::stats::FILE_MIN_COUNT`]. The
    /// screen itself shows exact counts to the analyst.
    pub min_count: u64,
    /// Whether cases whose person refused anonymous statistics are counted
    /// (off by default: the refusal is respected; a commission that
    /// documents another legal basis may turn it on).
    pub include_without_consent: bool,
}

impl Default for StatisticsSettings {
    fn default() -> Self {
        StatisticsSettings {
            min_count: 5,
            include_without_consent: false,
        }
    }
}

impl Vault {
    pub fn statistics_settings(&self) -> Result<StatisticsSettings> {
        let defaults = StatisticsSettings::default();
        Ok(StatisticsSettings {
            min_count: self
                .preference("stats_min_count")?
                .and_then(|v| v.parse().ok())
                .unwrap_or(defaults.min_count)
                .max(FILE_MIN_COUNT),
            include_without_consent: self
                .preference("stats_include_without_consent")?
                .map_or(defaults.include_without_consent, |v| v == "true"),
        })
    }

    /// Stores the settings; audited, as they change what is published.
    pub fn set_statistics_settings(&mut self, settings: StatisticsSettings) -> Result<()> {
        if settings == self.statistics_settings()? {
            return Ok(());
        }
        let settings = StatisticsSettings {
            min_count: crate::stats::file_threshold(settings.min_count)
                .map_err(|e| Error::InvalidSetting(e.to_string()))?,
            ..settings
        };
        self.set_preference("stats_min_count", &settings.min_count.to_string())?;
        self.set_preference(
            "stats_include_without_consent",
            &settings.include_without_consent.to_string(),
        )?;
        let detail = format!(
            "threshold {}, cases without consent {}",
            settings.min_count,
            if settings.include_without_consent {
                "counted"
            } else {
                "left out"
            }
        );
        self.record_action("statistics-settings-changed", Some(&detail))
    }
}
