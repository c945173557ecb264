//! The statistics' view of the vault: the countable facts of every case.

use rusqlite::params;

use super::{Error, Result, Vault, set_setting, setting};
use crate::domain::Case;
use crate::stats::{Counter, Dimension, Facts, Filter, Table};

const FACTS_COMPLETE: &str = "case_facts_complete";

/// Fills the facts of cases stored before the facts existed (once per vault).
pub(crate) fn backfill(conn: &rusqlite::Connection) -> Result<()> {
    if setting(conn, FACTS_COMPLETE)?.is_some() {
        return Ok(());
    }
    let tx = conn.unchecked_transaction()?;
    {
        let mut select = tx.prepare(
            "SELECT seq, origin_mission, body FROM cases WHERE seq NOT IN (SELECT case_seq FROM case_facts)",
        )?;
        let mut insert = tx.prepare("INSERT INTO case_facts (case_seq, facts) VALUES (?1, ?2)")?;
        let mut rows = select.query([])?;
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            let mission: String = row.get(1)?;
            let body: String = row.get(2)?;
            let case = Case::from_json(&body)
                .map_err(|e| Error::Damaged(format!("a case cannot be read ({e})")))?;
            let facts = serde_json::to_string(&Facts::of(&case, &mission))
                .map_err(|e| Error::Damaged(e.to_string()))?;
            insert.execute(params![seq, facts])?;
        }
    }
    set_setting(&tx, FACTS_COMPLETE, "1")?;
    tx.commit()?;
    Ok(())
}

impl Vault {
    /// Hands the facts of every case to `each`, one at a time.
    pub fn for_each_facts(&self, mut each: impl FnMut(Facts)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached("SELECT facts FROM case_facts")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let text: String = row.get(0)?;
            let facts = serde_json::from_str(&text)
                .map_err(|e| Error::Damaged(format!("stored statistics cannot be read ({e})")))?;
            each(facts);
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
        let mut counter = Counter::new(rows_by, columns_by);
        self.for_each_facts(|facts| {
            if filter.admits(&facts) {
                counter.add(&facts);
            }
        })?;
        Ok(counter.finish())
    }
}
