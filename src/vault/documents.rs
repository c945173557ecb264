//! The audit of documents printed from the vault: which kind, for which
//! case or period, in which language, never what they hold.

use super::{Result, Vault, audit};

impl Vault {
    /// Records that a document of `kind` (`case-summary`) was written about
    /// `subject` (a case reference, or a period), in `language`.
    pub fn record_document_written(
        &mut self,
        kind: &str,
        subject: &str,
        language: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        audit::append(
            &tx,
            &self.info.officer,
            "document-written",
            Some(subject),
            Some(&format!("{kind} {language}")),
        )?;
        tx.commit()?;
        Ok(())
    }
}
