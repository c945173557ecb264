//! The merge of one verified export into the commission's vault: each
//! case and erasure decided against what is stored, in one transaction
//! that also registers a new mission and records the file as received.
//!
//! The file format, the encryption and the signatures live in
//! `crate::exchange`; this module only reads and writes the database.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use zeroize::Zeroizing;

use super::cases::{self, RowText, timestamp};
use super::conflicts::{digest, encode_record};
use super::missions::{self, MISSION_COLUMNS};
use super::outbox::meta_from_row;
use super::{CACHE, Error, Result, Role, Vault, audit, record};
use crate::domain::{Case, CaseId, CaseRecord, RecordMeta};
use crate::vault::{RestoreEpoch, Tombstone};

/// What a merge did (or, in a dry run, would do) with one incoming item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
    Erased,
    Conflict,
    /// A version of a case the commission erased itself (past its
    /// erase-after date): nothing is stored, and the mission is told in
    /// the next reply (`withdrawals.rs`).
    ErasedHere,
    /// A withdrawn consent applied: what the commission held of the case
    /// is now redacted.
    Withdrawn,
    /// A withdrawn consent for a case not held yet: kept, so that the
    /// case is stored redacted when it arrives.
    WithdrawnKept,
}

impl Vault {
    /// Commission: starts merging one verified export from `mission`. With
    /// `apply` false nothing is written: the outcomes say what an import
    /// would do (`verify`). Dropping the merge without `commit` undoes it.
    pub(crate) fn begin_merge(&self, mission: &str, apply: bool) -> Result<Merge<'_>> {
        if self.info.role != Role::Commission {
            return Err(Error::InvalidSetting(
                "only a commission vault imports exports".into(),
            ));
        }
        self.conn.execute_batch(MERGE_CACHE)?;
        let cache = CacheForMerge(&self.conn);
        let tx = self.conn.unchecked_transaction()?;
        let rows_at_start = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM cases", [], |row| {
            row.get(0)
        })?;
        Ok(Merge {
            tx,
            apply,
            mission: mission.to_owned(),
            officer: self.info.officer.clone(),
            now: timestamp(Utc::now()),
            rows_at_start,
            added: 0,
            deferred: Vec::new(),
            compact: false,
            cache,
        })
    }
}

/// The row and revision of the stored case with this id.
pub(super) fn stored_version(conn: &Connection, id: CaseId) -> Result<Option<(i64, u32)>> {
    Ok(conn
        .prepare_cached("SELECT seq, revision FROM cases WHERE id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

pub(super) fn stored_record(conn: &Connection, row: i64) -> Result<CaseRecord> {
    let (meta, body) = stored_parts(conn, row)?;
    let case = Case::from_json(&body)
        .map_err(|e| Error::Damaged(format!("case {} cannot be read ({e})", meta.reference)))?;
    Ok(CaseRecord { meta, case })
}

/// The stored case's metadata and its record as stored (JSON).
fn stored_parts(conn: &Connection, row: i64) -> Result<(RecordMeta, Zeroizing<String>)> {
    // Two lookups by row, not a join: SQLite prepares a join on these two
    // tables again for new parameter values, which took half the time of an
    // import of unchanged cases.
    let body = record::read(conn, row)?.ok_or_else(|| Error::CaseNotFound(format!("row {row}")))?;
    let meta = conn
        .prepare_cached(
            "SELECT id, reference, origin_mission, revision, created_at, created_by, updated_at, \
             updated_by, epoch FROM cases WHERE seq = ?1",
        )?
        .query_row([row], |row| Ok(meta_from_row(row)))
        .optional()?
        .ok_or_else(|| Error::CaseNotFound(format!("row {row}")))??;
    Ok((meta, body))
}

/// The indexes a merge never reads and whose keys arrive in no order a file
/// keeps: each new case is an insert at a random place in each of them. A
/// merge that adds many cases drops them and builds them again, sorted,
/// before it commits (`Merge::defer_indexes`). The index of a case's forms
/// by case is not here: keys arrive in order, and replacing or erasing a
/// case reads it.
const DEFERRED_INDEXES: &[&str] = &[
    "cases_by_first_contact",
    "cases_by_status",
    "cases_by_trafficking_status",
    "cases_by_update",
    "cases_by_due",
    "case_forms_by_form_and_date",
];

/// A merge defers the indexes once it has added this many cases, and at
/// least as many as the vault had rows when it began: building an index
/// anew then costs less than the inserts it saves, and a merge into a large
/// vault keeps them up to date as it goes.
const DEFER_INDEXES_AFTER: i64 = 1_000;

/// A merge keeps 16 MiB of pages in its cache instead of 32 ([`CACHE`]):
/// it reads and writes each page about once, so the larger cache did not
/// make an import faster (100,000 new cases: 13.1 / 14.6 s with 32 MiB,
/// 13.6 / 14.0 s with 16), while the import's memory grew by 49–50 MB
/// against 32–33 MB.
const MERGE_CACHE: &str = "PRAGMA cache_size = -16384;";

/// Gives the connection its usual cache back when the merge ends, however
/// it ends (dropped after the merge's transaction).
struct CacheForMerge<'v>(&'v Connection);

impl Drop for CacheForMerge<'_> {
    fn drop(&mut self) {
        // Only a smaller or larger cache is at stake; nothing to report.
        let _ = self.0.execute_batch(CACHE);
    }
}

/// Where a version of a case stands among the others: its restore epoch
/// (none before the mission's first restore, which sorts first; epoch ids
/// sort by the time the epoch began), then its revision. A version saved
/// after a restore outranks every version saved before it: the revisions
/// of a restored vault start again from the backup's.
type Rank<'a> = (Option<&'a str>, u32);

fn rank(meta: &RecordMeta) -> Rank<'_> {
    (meta.epoch.as_deref(), meta.revision)
}

/// What the vault holds of one case: see `Merge::held`.
struct Held {
    /// Its row, revision and epoch, if stored.
    stored: Option<(i64, u32, Option<String>)>,
    erased: bool,
    /// Erased by the commission itself (an erasure due), not by the mission.
    erased_here: bool,
}

/// One export being merged into the commission's vault, in one transaction.
pub(crate) struct Merge<'v> {
    tx: Transaction<'v>,
    apply: bool,
    mission: String,
    officer: String,
    now: String,
    /// The highest row number of `cases` when the merge began.
    rows_at_start: i64,
    /// New cases written so far.
    added: i64,
    /// What creates each index dropped by `defer_indexes`, to run at commit.
    deferred: Vec<String>,
    /// Whether the merge removed words that identify a person from the
    /// search index (an erasure, a withdrawn consent): the index is then
    /// compacted at commit, as an erasure at the mission does, so that the
    /// words do not stay in its old segments.
    compact: bool,
    /// Declared after `tx`, so dropped after it.
    cache: CacheForMerge<'v>,
}

impl Merge<'_> {
    /// Merges one case version: a higher rank (restore epoch, then
    /// revision: [`Rank`]) replaces a lower one; an erased case stays
    /// erased, whatever the rank of the version; the same rank with the same
    /// content changes nothing; the same rank with other content is a
    /// conflict. Of two conflicting versions the one with the smaller digest
    /// is stored and the other set aside, so the outcome does not depend on
    /// the order in which files arrive.
    /// `text` is the record's [`RowText`], written if the record is.
    /// A case whose person withdrew consent (`withdrawals.rs`) is merged
    /// in its withdrawn form, whatever version arrives.
    pub(crate) fn case(&mut self, record: &CaseRecord, text: &RowText) -> Result<Outcome> {
        let meta = &record.meta;
        if super::withdrawals::is_withdrawn(
            &self.tx,
            meta.id,
            &meta.origin_mission,
            &meta.reference,
        )? {
            let withdrawn = super::withdrawals::withdrawn_form(record);
            let text = RowText::of(&withdrawn)?;
            return self.case_as_sent(&withdrawn, &text);
        }
        self.case_as_sent(record, text)
    }

    fn case_as_sent(&mut self, record: &CaseRecord, text: &RowText) -> Result<Outcome> {
        let id = record.meta.id;
        let held = self.held(id, &record.meta.reference)?;
        // An erasure is final: a mission restored from a backup made before
        // it holds the case again, and may edit it, at any revision. A
        // version of a case the commission erased itself is counted apart.
        if held.erased {
            return Ok(if held.erased_here {
                Outcome::ErasedHere
            } else {
                Outcome::Unchanged
            });
        }
        let Some((row, revision, epoch)) = held.stored else {
            if self.apply {
                self.check_reference_free(record)?;
                cases::write_row_text(&self.tx, record, text, None)?;
                self.added += 1;
                if self.added == self.rows_at_start.max(DEFER_INDEXES_AFTER) {
                    self.defer_indexes()?;
                }
            }
            return Ok(Outcome::New);
        };
        match rank(&record.meta).cmp(&(epoch.as_deref(), revision)) {
            std::cmp::Ordering::Less => return Ok(Outcome::Unchanged),
            std::cmp::Ordering::Greater => {
                if self.apply {
                    self.note_withdrawn_consent(row, record)?;
                    cases::write_row_text(&self.tx, record, text, Some(row))?;
                    // Every version set aside ranks at most as the one replaced.
                    self.tx
                        .prepare_cached("DELETE FROM conflicts WHERE id = ?1")?
                        .execute([id])?;
                }
                return Ok(Outcome::Updated);
            }
            std::cmp::Ordering::Equal => {}
        }
        // A version the file holds byte for byte as stored was told apart
        // before parsing (`same_as_stored`); here the versions are compared
        // as encoded, the same way whatever the file's spacing.
        let incoming = encode_record(record)?;
        let stored = encode_record(&stored_record(&self.tx, row)?)?;
        if incoming == stored {
            return Ok(Outcome::Unchanged);
        }
        let (incoming_digest, stored_digest) = (digest(&incoming), digest(&stored));
        let known: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM conflicts WHERE id = ?1 AND revision = ?2 AND digest = ?3)",
            )?
            .query_row(params![id, revision, &incoming_digest[..]], |row| row.get(0))?;
        if known {
            return Ok(Outcome::Unchanged);
        }
        if self.apply {
            let (kept, set_aside, set_aside_digest) = if incoming_digest < stored_digest {
                (Some(record), stored, stored_digest)
            } else {
                (None, incoming, incoming_digest)
            };
            if let Some(kept) = kept {
                self.note_withdrawn_consent(row, kept)?;
                cases::write_row_text(&self.tx, kept, text, Some(row))?;
            }
            self.tx
                .prepare_cached(
                    "INSERT INTO conflicts (id, revision, digest, record, received_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, revision, &set_aside_digest[..], set_aside, self.now])?;
        }
        Ok(Outcome::Conflict)
    }

    /// Whether this exact version is the one stored: the same metadata and,
    /// byte for byte, the same record text. Such a version changes nothing
    /// whatever else is stored (an erasure would also leave it unchanged).
    pub(crate) fn same_as_stored(&self, meta: &RecordMeta, case_json: &str) -> Result<bool> {
        let Some((row, revision)) = stored_version(&self.tx, meta.id)? else {
            return Ok(false);
        };
        if revision != meta.revision {
            return Ok(false);
        }
        let (stored_meta, body) = stored_parts(&self.tx, row)?;
        Ok(stored_meta == *meta && body.as_str() == case_json)
    }

    /// Merges one erasure: the stored case is erased, whatever its
    /// revision (a mission restored from a backup erases at the backup's
    /// revisions, which may be behind the commission's); the tombstone is
    /// kept, so that the case cannot come back when an older export, or an
    /// export of a restored mission that still holds it, arrives later.
    pub(crate) fn tombstone(&mut self, tombstone: &Tombstone) -> Result<Outcome> {
        let id = tombstone.id;
        let held = self.held(id, &tombstone.reference)?;
        if held.erased {
            return Ok(Outcome::Unchanged);
        }
        if self.apply {
            self.tx
                .prepare_cached("DELETE FROM conflicts WHERE id = ?1")?
                .execute([id])?;
            self.compact |= held.stored.is_some();
            cases::replace_with_tombstone(&self.tx, held.stored.map(|(row, _, _)| row), tombstone)?;
        }
        Ok(Outcome::Erased)
    }

    /// Merges one withdrawn consent (`withdrawals.rs`): it is kept, so that
    /// every later version of the case is stored redacted; the stored case,
    /// if any, is replaced by its withdrawn form (the same revision), every
    /// version set aside for it is deleted, and the index is compacted at
    /// commit. Never a record from the mission: nothing a stub holds can
    /// replace what the commission holds. Applied again, or to a case
    /// erased, it changes nothing.
    pub(crate) fn withdrawal(
        &mut self,
        withdrawal: &super::withdrawals::ConsentWithdrawal,
    ) -> Result<Outcome> {
        let held = self.held(withdrawal.id, &withdrawal.reference)?;
        // The case held under that id must be the one named: a withdrawal
        // naming one reference must never redact another case.
        let held_reference: Option<String> = self
            .tx
            .prepare_cached(
                "SELECT reference FROM cases WHERE id = ?1 \
                 UNION ALL SELECT reference FROM tombstones WHERE id = ?1 LIMIT 1",
            )?
            .query_row([withdrawal.id], |row| row.get(0))
            .optional()?;
        if let Some(held_reference) = held_reference
            && held_reference != withdrawal.reference
        {
            return Err(Error::Damaged(format!(
                "a withdrawn consent names case {} as {}, but that case is {held_reference}",
                withdrawal.id, withdrawal.reference
            )));
        }
        if held.erased {
            return Ok(Outcome::Unchanged);
        }
        let known = super::withdrawals::is_withdrawn(
            &self.tx,
            withdrawal.id,
            &withdrawal.origin_mission,
            &withdrawal.reference,
        )?;
        let stored = match held.stored {
            Some((row, _, _)) => Some((row, stored_record(&self.tx, row)?)),
            None => None,
        };
        let set_aside: bool = self
            .tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM conflicts WHERE id = ?1)")?
            .query_row([withdrawal.id], |row| row.get(0))?;
        // The stored record in its withdrawn form, where that differs.
        let redact = stored.as_ref().and_then(|(row, record)| {
            let withdrawn = super::withdrawals::withdrawn_form(record);
            (withdrawn != *record).then_some((*row, withdrawn))
        });
        if known && redact.is_none() && !set_aside {
            return Ok(Outcome::Unchanged);
        }
        if self.apply {
            super::withdrawals::keep_received(&self.tx, withdrawal)?;
            if let Some((row, withdrawn)) = &redact {
                cases::write_row(&self.tx, withdrawn, Some(*row))?;
            }
            // The versions set aside are the mission's full records too.
            self.tx
                .prepare_cached("DELETE FROM conflicts WHERE id = ?1")?
                .execute([withdrawal.id])?;
            self.compact = true;
        }
        if stored.is_none() {
            return Ok(Outcome::WithdrawnKept);
        }
        Ok(Outcome::Withdrawn)
    }

    /// Notes that the index must be compacted when the version about to
    /// replace row `row` travelled without identity (its person did not, or
    /// no longer, consent to share it) while the stored one carried it. The
    /// stored record is read only for such versions.
    fn note_withdrawn_consent(&mut self, row: i64, incoming: &CaseRecord) -> Result<()> {
        // The rule of `exchange::redact::may_share_identity`.
        let shares = |case: &Case| case.consent.share_identifiable_with_commission == Some(true);
        if !self.compact && !shares(&incoming.case) {
            self.compact = shares(&stored_record(&self.tx, row)?.case);
        }
        Ok(())
    }

    /// Drops the indexes in [`DEFERRED_INDEXES`], keeping what creates them
    /// for `commit`. Inside the merge's transaction, so that a merge that
    /// fails or is abandoned leaves them as they were.
    fn defer_indexes(&mut self) -> Result<()> {
        for name in DEFERRED_INDEXES {
            let sql: String = self.tx.query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1",
                [name],
                |row| row.get(0),
            )?;
            self.tx.execute_batch(&format!("DROP INDEX {name}"))?;
            self.deferred.push(sql);
        }
        Ok(())
    }

    /// What the vault holds of case `id`: its row, revision and epoch if
    /// stored, whether it was erased. A case may only be changed by the
    /// mission that created it, so another mission's case is refused.
    fn held(&self, id: CaseId, reference: &str) -> Result<Held> {
        type StoredRow = (i64, u32, Option<String>, String);
        let stored: Option<StoredRow> = self
            .tx
            .prepare_cached("SELECT seq, revision, epoch, origin_mission FROM cases WHERE id = ?1")?
            .query_row([id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        let erased: Option<(String, bool)> = self
            .tx
            .prepare_cached("SELECT origin_mission, at_commission FROM tombstones WHERE id = ?1")?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let origin = stored
            .as_ref()
            .map(|(_, _, _, origin)| origin)
            .or(erased.as_ref().map(|(origin, _)| origin));
        if let Some(origin) = origin
            && *origin != self.mission
        {
            return Err(Error::InvalidSetting(format!(
                "case {reference} belongs to mission {origin}, not {}",
                self.mission
            )));
        }
        Ok(Held {
            stored: stored.map(|(row, revision, epoch, _)| (row, revision, epoch)),
            erased: erased.is_some(),
            erased_here: erased.is_some_and(|(_, here)| here),
        })
    }

    fn check_reference_free(&self, record: &CaseRecord) -> Result<()> {
        let taken: bool = self
            .tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM cases WHERE reference = ?1)")?
            .query_row([&record.meta.reference], |row| row.get(0))?;
        if taken {
            return Err(Error::InvalidSetting(format!(
                "the reference {} is already used by another case of mission {}",
                record.meta.reference, self.mission
            )));
        }
        Ok(())
    }

    /// Ends the merge: registers the mission if it is new, records the file
    /// as received, audits the import with its counts, and commits.
    pub(crate) fn commit(self, receipt: &Receipt<'_>) -> Result<()> {
        if !self.apply {
            return Ok(());
        }
        let tx = self.tx;
        for sql in &self.deferred {
            tx.execute_batch(sql)?;
        }
        if self.compact {
            tx.execute(
                "INSERT INTO case_search (case_search) VALUES ('optimize')",
                [],
            )?;
        }
        if let Some(mission) = &receipt.new_mission {
            tx.prepare_cached(&format!(
                "INSERT INTO missions ({MISSION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            ))?
            .execute(params![
                mission.code,
                mission.name,
                mission.vault_id,
                &mission.public_key[..],
                self.now,
                self.officer
            ])?;
            missions::record_first_key(
                &tx,
                mission.code,
                &mission.public_key,
                &self.officer,
                &self.now,
            )?;
            audit::append(
                &tx,
                &self.officer,
                "mission-approved",
                Some(mission.code),
                None,
            )?;
        }
        if let Some(change) = receipt.key_change {
            missions::apply_key_change(&tx, &self.mission, &self.officer, &self.now, change)?;
        }
        tx.prepare_cached(
            "INSERT INTO received_exports (digest, mission, sequence, kind, created_at, imported_at, imported_by, \
             epoch, epoch_after, counts, signer, vault_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            &receipt.digest[..],
            self.mission,
            i64::try_from(receipt.sequence).unwrap_or(i64::MAX),
            receipt.kind,
            receipt.created_at,
            self.now,
            self.officer,
            receipt.epoch.map(|e| e.id.as_str()),
            i64::try_from(receipt.epoch.map_or(0, |e| e.after_sequence)).unwrap_or(i64::MAX),
            receipt.counts,
            missions::compact_fingerprint(receipt.signer),
            receipt.vault_id,
        ])?;
        if let Some((vault_id, recipient)) = receipt.recipient {
            super::receipts::note_recipient(
                &tx,
                &self.mission,
                &super::receipts::Address {
                    vault_id,
                    recipient,
                    signer: receipt.signer,
                    epoch: receipt.epoch.map(|e| e.id.as_str()),
                    sequence: receipt.sequence,
                    created_at: receipt.created_at,
                },
            )?;
        }
        audit::append(
            &tx,
            &self.officer,
            "import",
            Some(&self.mission),
            Some(&receipt.summary),
        )?;
        tx.commit()?;
        if self.compact {
            // The old segments' pages are in the WAL too: fold it back. The
            // import is committed by now, and the compaction happened inside
            // it: a checkpoint that fails leaves encrypted pages in the WAL
            // until the next checkpoint (at the latest when the vault
            // closes), and must not report a committed import as failed,
            // which a second try would then call a duplicate.
            let _ = self
                .cache
                .0
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        Ok(())
    }
}

/// What is recorded about an imported file.
pub(crate) struct Receipt<'a> {
    pub digest: [u8; 32],
    pub sequence: u64,
    pub kind: &'a str,
    pub created_at: &'a str,
    /// The mission's restore epoch, from the manifest.
    pub epoch: Option<&'a RestoreEpoch>,
    /// Counts only, for the audit log: never a field value.
    pub summary: String,
    /// What the merge did, JSON (for the receipts of the replies).
    pub counts: String,
    /// The mission's vault id and the age recipient its file carried, which
    /// the commission's replies are encrypted to.
    pub recipient: Option<(&'a str, &'a str)>,
    /// The key that signed the file, and the mission vault it came from.
    pub signer: &'a [u8; 32],
    pub vault_id: &'a str,
    pub new_mission: Option<NewMission<'a>>,
    /// What the file changes in the mission's keys (`missions/keys.rs`).
    pub key_change: Option<&'a missions::KeyChange>,
}

/// A mission an analyst approved during this import.
pub(crate) struct NewMission<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub vault_id: &'a str,
    pub public_key: [u8; 32],
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commission(dir: &std::path::Path) -> Result<Vault> {
        Vault::create(
            &dir.join("commission"),
            &crate::vault::NewVault {
                role: Role::Commission,
                mission_code: "LT-NTC".into(),
                mission_name: "National commission".into(),
                officer: "A. Analyst".into(),
            },
            &secrecy::SecretString::from("correct horse battery staple".to_owned()),
            crate::vault::KdfParams::insecure_for_tests(),
        )
    }

    fn receipt(digest: [u8; 32], sequence: u64, new_mission: bool) -> Receipt<'static> {
        Receipt {
            digest,
            sequence,
            kind: "incremental",
            created_at: "2026-11-01T10:00:00Z",
            epoch: None,
            summary: format!("export {sequence}"),
            counts: "{}".into(),
            recipient: None,
            signer: &[1; 32],
            vault_id: "0190f000-0000-7000-8000-000000000000",
            new_mission: new_mission.then_some(NewMission {
                code: "LT-LON",
                name: "Embassy in London",
                vault_id: "0190f000-0000-7000-8000-000000000000",
                public_key: [1; 32],
            }),
            key_change: None,
        }
    }

    /// A withdrawn consent is final at the commission: applied twice it
    /// changes nothing, and a version of the case that arrives after it
    /// (an older export, a later revision) is stored redacted.
    #[test]
    fn a_withdrawn_consent_keeps_every_later_version_redacted() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let vault = commission(dir.path())?;
        let mut case = Case::default();
        case.first_contact.date = chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap_or_default();
        case.person.family_name = Some("Stubaitė".into());
        case.notes = Some("Kaunas".into());
        case.consent.share_identifiable_with_commission = Some(true);
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-10T10:00:00Z")
            .map_err(|e| Error::InvalidSetting(e.to_string()))?
            .with_timezone(&Utc);
        let full = CaseRecord {
            meta: RecordMeta {
                id: CaseId::new(),
                reference: "LT-LON-2025-0001".into(),
                origin_mission: "LT-LON".into(),
                revision: 1,
                epoch: None,
                created_at: at,
                created_by: "J. Jonaitis".into(),
                updated_at: at,
                updated_by: "J. Jonaitis".into(),
            },
            case,
        };
        let withdrawal = crate::vault::ConsentWithdrawal {
            id: full.meta.id,
            reference: full.meta.reference.clone(),
            origin_mission: "LT-LON".into(),
            withdrawn_at: "2026-11-02T10:00:00Z".into(),
            withdrawn_by: "J. Jonaitis".into(),
        };
        let text = |record: &CaseRecord| RowText::of(record);
        let mut merge = vault.begin_merge("LT-LON", true)?;
        assert_eq!(merge.case(&full, &text(&full)?)?, Outcome::New);
        // Another version of the same revision: set aside, a full record
        // too, which the withdrawal must not leave behind.
        let mut other = full.clone();
        other.case.notes = Some("Kaunas bus station".into());
        assert_eq!(merge.case(&other, &text(&other)?)?, Outcome::Conflict);
        merge.commit(&receipt([1; 32], 1, true))?;
        assert!(!vault.conflicts()?.is_empty(), "no version set aside");

        let mut merge = vault.begin_merge("LT-LON", true)?;
        assert_eq!(merge.withdrawal(&withdrawal)?, Outcome::Withdrawn);
        merge.commit(&receipt([2; 32], 2, false))?;
        let held = vault.get_case("LT-LON-2025-0001")?;
        assert!(held.case.redacted && held.case.person.family_name.is_none());
        assert!(held.case.notes.is_none());

        // Twice: nothing changes.
        let mut merge = vault.begin_merge("LT-LON", true)?;
        assert_eq!(merge.withdrawal(&withdrawal)?, Outcome::Unchanged);
        // The full version again (an export that arrives late): the same
        // version as stored, once redacted.
        assert_eq!(merge.case(&full, &text(&full)?)?, Outcome::Unchanged);
        // A later revision with the person's name: stored, redacted.
        let mut later = full.clone();
        later.meta.revision = 2;
        later.case.notes = Some("Vilnius".into());
        assert_eq!(merge.case(&later, &text(&later)?)?, Outcome::Updated);
        merge.commit(&receipt([3; 32], 3, false))?;
        let held = vault.get_case("LT-LON-2025-0001")?;
        assert_eq!(held.meta.revision, 2);
        assert!(held.case.redacted && held.case.person.family_name.is_none());
        assert!(held.case.notes.is_none());
        assert_eq!(
            held.case.consent.share_identifiable_with_commission,
            Some(false)
        );
        assert!(vault.conflicts()?.is_empty());
        // The form of a withdrawn form is itself.
        assert_eq!(super::super::withdrawals::withdrawn_form(&held), held);
        Ok(())
    }

    /// A withdrawn consent for a case not held yet is kept (and counted
    /// so), and applies to that case alone when it arrives: never to
    /// another mission's case with the same id. One that names a held case
    /// by another reference is refused.
    #[test]
    fn a_withdrawal_kept_before_its_case_applies_to_that_case_alone() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let vault = commission(dir.path())?;
        let at = chrono::DateTime::parse_from_rfc3339("2025-01-10T10:00:00Z")
            .map_err(|e| Error::InvalidSetting(e.to_string()))?
            .with_timezone(&Utc);
        let record = |mission: &str, reference: &str, id: CaseId| {
            let mut case = Case::default();
            case.first_contact.date =
                chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap_or_default();
            case.person.family_name = Some("Stubaitė".into());
            case.consent.share_identifiable_with_commission = Some(true);
            CaseRecord {
                meta: RecordMeta {
                    id,
                    reference: reference.into(),
                    origin_mission: mission.into(),
                    revision: 1,
                    epoch: None,
                    created_at: at,
                    created_by: "J. Jonaitis".into(),
                    updated_at: at,
                    updated_by: "J. Jonaitis".into(),
                },
                case,
            }
        };
        let withdrawal = |id: CaseId, reference: &str| crate::vault::ConsentWithdrawal {
            id,
            reference: reference.into(),
            origin_mission: "LT-LON".into(),
            withdrawn_at: "2026-11-02T10:00:00Z".into(),
            withdrawn_by: "J. Jonaitis".into(),
        };
        let text = |record: &CaseRecord| RowText::of(record);
        // Kept before its case arrives, and said so.
        let shared = CaseId::new();
        let mut merge = vault.begin_merge("LT-LON", true)?;
        assert_eq!(
            merge.withdrawal(&withdrawal(shared, "LT-LON-2025-0001"))?,
            Outcome::WithdrawnKept
        );
        merge.commit(&receipt([1; 32], 1, true))?;
        // Another mission's case with that id, or the id under another
        // reference, refuses the file: the kept withdrawal is never passed
        // over, and a second one for the id is never dropped.
        let foreign = record("LT-RIG", "LT-RIG-2025-0001", shared);
        let mut merge = vault.begin_merge("LT-RIG", true)?;
        assert!(matches!(
            merge.case(&foreign, &text(&foreign)?),
            Err(Error::Damaged(_))
        ));
        drop(merge);
        let renamed = record("LT-LON", "LT-LON-2025-0009", shared);
        let mut merge = vault.begin_merge("LT-LON", true)?;
        assert!(matches!(
            merge.case(&renamed, &text(&renamed)?),
            Err(Error::Damaged(_))
        ));
        assert!(matches!(
            merge.withdrawal(&withdrawal(shared, "LT-LON-2025-0009")),
            Err(Error::Damaged(_))
        ));
        drop(merge);
        // The case it names is stored redacted when it arrives.
        let mut merge = vault.begin_merge("LT-LON", true)?;
        let named_first = record("LT-LON", "LT-LON-2025-0001", shared);
        assert_eq!(
            merge.case(&named_first, &text(&named_first)?)?,
            Outcome::New
        );
        merge.commit(&receipt([3; 32], 3, false))?;
        let held = vault.get_case("LT-LON-2025-0001")?;
        assert!(held.case.redacted && held.case.person.family_name.is_none());
        // The case it names is stored redacted when it arrives.
        let named = CaseId::new();
        let mut merge = vault.begin_merge("LT-LON", true)?;
        merge.withdrawal(&withdrawal(named, "LT-LON-2025-0002"))?;
        let case = record("LT-LON", "LT-LON-2025-0002", named);
        assert_eq!(merge.case(&case, &text(&case)?)?, Outcome::New);
        merge.commit(&receipt([2; 32], 2, false))?;
        let held = vault.get_case("LT-LON-2025-0002")?;
        assert!(held.case.redacted && held.case.person.family_name.is_none());
        // A withdrawal naming a held case by another reference: refused.
        let other = record("LT-LON", "LT-LON-2025-0003", CaseId::new());
        let mut merge = vault.begin_merge("LT-LON", true)?;
        assert_eq!(merge.case(&other, &text(&other)?)?, Outcome::New);
        assert!(matches!(
            merge.withdrawal(&withdrawal(other.meta.id, "LT-LON-2025-0002")),
            Err(Error::Damaged(_))
        ));
        Ok(())
    }

    /// A checkpoint fails while a statement on the connection is still
    /// reading; the import it follows was committed all the same.
    #[test]
    fn a_checkpoint_that_fails_after_the_commit_does_not_fail_the_import() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let vault = commission(dir.path())?;
        let mut merge = vault.begin_merge("LT-LON", true)?;
        // As after an erasure that arrived in the file.
        merge.compact = true;
        let mut reading = vault.conn.prepare("SELECT name FROM sqlite_master")?;
        let mut rows = reading.query([])?;
        assert!(rows.next()?.is_some());
        let digest = [7; 32];
        let committed = merge.commit(&Receipt {
            digest,
            sequence: 1,
            kind: "incremental",
            created_at: "2026-11-01T10:00:00Z",
            epoch: None,
            summary: "export 1".into(),
            counts: "{}".into(),
            recipient: None,
            signer: &[1; 32],
            vault_id: "0190f000-0000-7000-8000-000000000000",
            new_mission: Some(NewMission {
                code: "LT-LON",
                name: "Embassy in London",
                vault_id: "0190f000-0000-7000-8000-000000000000",
                public_key: [1; 32],
            }),
            key_change: None,
        });
        assert!(
            vault
                .conn
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .is_err(),
            "the checkpoint did not fail: the test shows nothing"
        );
        drop(rows);
        drop(reading);
        assert!(committed.is_ok(), "{committed:?}");
        assert!(vault.received(&digest)?.is_some());
        assert!(vault.mission("LT-LON")?.is_some());
        Ok(())
    }
}
