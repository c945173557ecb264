//! What the vault keeps for the exchange of cases between missions and the
//! commission: the keys, the marks of what was exported, the registry of
//! missions, the files received, and the merge of a verified export.
//!
//! The file format, the encryption and the signatures live in
//! `crate::exchange`; this module only reads and writes the database.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::cases::{self, RowText, timestamp};
use super::{CACHE, Error, Result, Role, Vault, audit, record, set_setting, setting};
use crate::domain::{Case, CaseId, CaseRecord, RecordMeta};
use crate::vault::{RestoreEpoch, Tombstone};

const VAULT_ID: &str = "vault_id";
const SIGNING_KEY: &str = "signing_key";
const COMMISSION_IDENTITY: &str = "commission_identity";
/// The last export sequence number recorded (also read by `epoch.rs`).
pub(super) const EXPORT_SEQUENCE: &str = "export_sequence";

/// Gives a vault the identity and keys the exchange needs: a random vault
/// id, and a mission's Ed25519 signing key or the commission's age X25519
/// identity. Run at creation, and at opening for vaults made before the
/// exchange existed. The secrets never leave the encrypted database except
/// through `identity-backup`.
pub(crate) fn ensure_keys(tx: &Transaction<'_>, role: Role, officer: &str) -> Result<()> {
    if setting(tx, VAULT_ID)?.is_none() {
        set_setting(tx, VAULT_ID, &uuid::Uuid::now_v7().to_string())?;
    }
    match role {
        Role::Mission if setting(tx, SIGNING_KEY)?.is_none() => {
            let seed = super::keys::random_key();
            set_setting(tx, SIGNING_KEY, &Zeroizing::new(hex::encode(*seed)))?;
            audit::append(tx, officer, "signing-key-generated", None, None)?;
        }
        Role::Commission if setting(tx, COMMISSION_IDENTITY)?.is_none() => {
            let identity = age::x25519::Identity::generate();
            let text = identity.to_string();
            set_setting(
                tx,
                COMMISSION_IDENTITY,
                secrecy::ExposeSecret::expose_secret(&text),
            )?;
            audit::append(tx, officer, "commission-identity-generated", None, None)?;
        }
        _ => {}
    }
    Ok(())
}

/// A case or an erasure as it leaves a mission.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    Case(Box<StoredCase>),
    Tombstone(Tombstone),
}

/// A case as stored: its metadata, and the record as the JSON it is kept
/// as (unpacked, wiped when dropped), so that an export can pass it on
/// unparsed.
#[derive(Clone, PartialEq)]
pub struct StoredCase {
    pub meta: RecordMeta,
    pub body: zeroize::Zeroizing<String>,
}

/// The metadata only: the body is case content.
impl std::fmt::Debug for StoredCase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredCase")
            .field("meta", &self.meta)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// How many cases and erasures an export would carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct OutgoingCounts {
    pub cases: u64,
    pub tombstones: u64,
}

/// A mission whose signing key the commission has approved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mission {
    pub code: String,
    pub name: String,
    pub vault_id: String,
    pub public_key: [u8; 32],
    pub approved_at: String,
    pub approved_by: String,
}

/// An export file already imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Received {
    pub mission: String,
    pub sequence: u64,
    pub imported_at: String,
}

/// What a merge did (or, in a dry run, would do) with one incoming item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    Unchanged,
    Erased,
    Conflict,
}

/// A version of a case set aside because another version with the same
/// revision is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub seq: i64,
    pub stored: CaseRecord,
    pub set_aside: CaseRecord,
    pub received_at: String,
}

/// Which version an analyst keeps when resolving a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    KeepStored,
    TakeSetAside,
}

const EXCHANGE_INCOMPLETE: &str = "the vault lacks its exchange keys";

impl Vault {
    /// The random id of this vault, carried in its exports.
    pub fn vault_id(&self) -> Result<String> {
        setting(&self.conn, VAULT_ID)?.ok_or_else(|| Error::Damaged(EXCHANGE_INCOMPLETE.into()))
    }

    /// Mission: the 32-byte seed of its Ed25519 signing key.
    pub(crate) fn signing_seed(&self) -> Result<Zeroizing<[u8; 32]>> {
        let text = Zeroizing::new(
            setting(&self.conn, SIGNING_KEY)?
                .ok_or_else(|| Error::Damaged(EXCHANGE_INCOMPLETE.into()))?,
        );
        let mut seed = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(text.as_bytes(), &mut *seed)
            .map_err(|_| Error::Damaged("the mission's signing key is unreadable".into()))?;
        Ok(seed)
    }

    /// Commission: its age identity (`AGE-SECRET-KEY-1...`).
    pub(crate) fn commission_identity_text(&self) -> Result<Zeroizing<String>> {
        if self.info.role != Role::Commission {
            return Err(Error::InvalidSetting(
                "only a commission vault holds the commission's key".into(),
            ));
        }
        Ok(Zeroizing::new(
            setting(&self.conn, COMMISSION_IDENTITY)?
                .ok_or_else(|| Error::Damaged(EXCHANGE_INCOMPLETE.into()))?,
        ))
    }

    /// Commission: replaces its identity with one restored from a backup.
    /// Audited; the previous identity is gone afterwards, so files in transit
    /// to it become unreadable unless it was backed up too.
    pub(crate) fn replace_commission_identity(&mut self, identity: &str) -> Result<()> {
        self.commission_identity_text()?;
        let tx = self.conn.transaction()?;
        set_setting(&tx, COMMISSION_IDENTITY, identity)?;
        audit::append(
            &tx,
            &self.info.officer,
            "commission-identity-restored",
            None,
            None,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Mission: the sequence number of its last recorded export (0 if none).
    pub fn last_export_sequence(&self) -> Result<u64> {
        Ok(setting(&self.conn, EXPORT_SEQUENCE)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0))
    }

    /// Mission: how many cases and erasures an export would carry.
    pub fn outgoing_counts(&self, all: bool) -> Result<OutgoingCounts> {
        let count = |sql: &str| -> Result<u64> {
            let n: i64 = self.conn.query_row(sql, [], |row| row.get(0))?;
            Ok(n.unsigned_abs())
        };
        let cases = count(&format!(
            "SELECT count(*) FROM cases c {}",
            outgoing_cases(all)
        ))?;
        let tombstones = if all {
            count("SELECT count(*) FROM tombstones")?
        } else {
            count(&format!("SELECT count(*) FROM tombstones c {UNEXPORTED}"))?
        };
        Ok(OutgoingCounts { cases, tombstones })
    }

    /// Mission: hands every case and erasure of an export to `each`, one at a
    /// time (cases in the order they were created, then erasures), so that
    /// an export of any size needs little memory.
    pub(crate) fn for_each_outgoing<E: From<Error>>(
        &self,
        all: bool,
        mut each: impl FnMut(Outgoing) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let filter = if all { "" } else { UNEXPORTED };
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT c.id, c.reference, c.origin_mission, c.revision, c.created_at, c.created_by, \
                 c.updated_at, c.updated_by, c.epoch, r.record FROM cases c \
                 JOIN case_records r ON r.case_seq = c.seq {} ORDER BY c.seq",
                outgoing_cases(all)
            ))
            .map_err(Error::from)?;
        let mut rows = stmt.query([]).map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            let stored = StoredCase {
                meta: meta_from_row(row).map_err(E::from)?,
                body: record::from_row(row, 9).map_err(E::from)?,
            };
            each(Outgoing::Case(Box::new(stored)))?;
        }
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT c.id, c.reference, c.origin_mission, c.revision, c.erased_at, c.erased_by \
                 FROM tombstones c {filter} ORDER BY c.erased_at, c.id"
            ))
            .map_err(Error::from)?;
        let mut rows = stmt.query([]).map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            let tombstone = Tombstone {
                id: row.get(0).map_err(Error::from)?,
                reference: row.get(1).map_err(Error::from)?,
                origin_mission: row.get(2).map_err(Error::from)?,
                revision: row.get(3).map_err(Error::from)?,
                erased_at: row.get(4).map_err(Error::from)?,
                erased_by: row.get(5).map_err(Error::from)?,
            };
            each(Outgoing::Tombstone(tombstone))?;
        }
        Ok(())
    }

    /// Mission: records an export once its file is complete and synced:
    /// every case and erasure is now marked exported at its current
    /// revision, and the sequence number moves on. The caller holds the
    /// vault exclusively from reading the cases to this call, so nothing can
    /// have changed in between.
    pub(crate) fn record_export(
        &mut self,
        sequence: u64,
        kind: &str,
        counts: OutgoingCounts,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "INSERT OR REPLACE INTO export_marks (id, revision) SELECT id, revision FROM cases;
             INSERT OR REPLACE INTO export_marks (id, revision) SELECT id, revision FROM tombstones;",
        )?;
        set_setting(&tx, EXPORT_SEQUENCE, &sequence.to_string())?;
        let detail = format!(
            "export {sequence} ({kind}): {} cases, {} erasures",
            counts.cases, counts.tombstones
        );
        audit::append(&tx, &self.info.officer, "export", None, Some(&detail))?;
        tx.commit()?;
        Ok(())
    }

    /// Commission: every mission approved so far, by code.
    pub fn missions(&self) -> Result<Vec<Mission>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MISSION_COLUMNS} FROM missions ORDER BY code"
        ))?;
        let rows = stmt.query_map([], mission_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Commission: the approved mission with this code, if any.
    pub fn mission(&self, code: &str) -> Result<Option<Mission>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {MISSION_COLUMNS} FROM missions WHERE code = ?1"
            ))?
            .query_row([code], mission_from_row)
            .optional()?)
    }

    /// Commission: the earlier import of the export file with this manifest
    /// digest, if it was imported before.
    pub fn received(&self, digest: &[u8; 32]) -> Result<Option<Received>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT mission, sequence, imported_at FROM received_exports WHERE digest = ?1",
            )?
            .query_row([&digest[..]], |row| {
                Ok(Received {
                    mission: row.get(0)?,
                    sequence: row.get::<_, i64>(1)?.unsigned_abs(),
                    imported_at: row.get(2)?,
                })
            })
            .optional()?)
    }

    /// Commission: the exports of `mission` not yet received, as ranges of
    /// sequence numbers. Numbers below the latest full export received are
    /// not missing: a full export carries everything before it.
    ///
    /// Sequence numbers are counted in the mission's latest restore epoch
    /// (`epoch.rs`), from the number its backup had reached: the numbers
    /// after that which the mission used before the restore belong to work
    /// the restore undid, and cannot stand in for the epoch's own files.
    pub fn sequence_gaps(&self, mission: &str) -> Result<Vec<(u64, u64)>> {
        // NULL (no restore yet) sorts last when descending.
        let Some((epoch, after)) = self
            .conn
            .prepare_cached(
                "SELECT epoch, epoch_after FROM received_exports WHERE mission = ?1 \
                 ORDER BY epoch DESC LIMIT 1",
            )?
            .query_row([mission], |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, i64>(1)?.unsigned_abs(),
                ))
            })
            .optional()?
        else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT sequence, kind = 'full' FROM received_exports \
             WHERE mission = ?1 AND epoch IS ?2 ORDER BY sequence",
        )?;
        let received = stmt
            .query_map(params![mission, epoch], |row| {
                Ok((row.get::<_, i64>(0)?.unsigned_abs(), row.get::<_, bool>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let covered = received
            .iter()
            .filter(|(_, full)| *full)
            .map(|(n, _)| *n)
            .max()
            .unwrap_or(0)
            .max(after);
        let mut gaps = Vec::new();
        let mut expected = covered + 1;
        for (n, _) in received.iter().filter(|(n, _)| *n > covered) {
            if *n > expected {
                gaps.push((expected, n - 1));
            }
            expected = expected.max(n + 1);
        }
        Ok(gaps)
    }

    /// Commission: the conflicts an analyst has not resolved yet.
    pub fn conflicts(&self) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, record, received_at FROM conflicts WHERE resolved_at IS NULL ORDER BY seq",
        )?;
        let rows = stmt
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, CaseId>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(seq, id, record, received_at)| {
                Ok(Conflict {
                    seq,
                    stored: self.get_case(&id.to_string())?,
                    set_aside: decode_record(&record)?,
                    received_at,
                })
            })
            .collect()
    }

    /// Commission: settles a conflict. Taking the set-aside version swaps it
    /// with the stored one; either way the other version stays on record as
    /// resolved, so importing its file again changes nothing.
    pub fn resolve_conflict(&mut self, seq: i64, resolution: Resolution) -> Result<()> {
        let tx = self.conn.transaction()?;
        let (id, record): (CaseId, String) = tx
            .prepare_cached(
                "SELECT id, record FROM conflicts WHERE seq = ?1 AND resolved_at IS NULL",
            )?
            .query_row([seq], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
            .ok_or_else(|| Error::CaseNotFound(format!("conflict {seq}")))?;
        let set_aside = decode_record(&record)?;
        let now = timestamp(Utc::now());
        if resolution == Resolution::TakeSetAside {
            let (row, _) =
                stored_version(&tx, id)?.ok_or_else(|| Error::CaseNotFound(id.to_string()))?;
            let stored = stored_record(&tx, row)?;
            cases::write_row(&tx, &set_aside, Some(row))?;
            let encoded = encode_record(&stored)?;
            tx.prepare_cached("UPDATE conflicts SET digest = ?1, record = ?2 WHERE seq = ?3")?
                .execute(params![&digest(&encoded)[..], encoded, seq])?;
        }
        tx.prepare_cached("UPDATE conflicts SET resolved_at = ?1 WHERE seq = ?2")?
            .execute(params![now, seq])?;
        let detail = match resolution {
            Resolution::KeepStored => "kept the stored version",
            Resolution::TakeSetAside => "took the set-aside version",
        };
        audit::append(
            &tx,
            &self.info.officer,
            "conflict-resolved",
            Some(&set_aside.meta.reference),
            Some(detail),
        )?;
        tx.commit()?;
        Ok(())
    }

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

/// Cases and tombstones whose current revision has not been exported.
const UNEXPORTED: &str =
    "LEFT JOIN export_marks m ON m.id = c.id WHERE m.revision IS NULL OR m.revision < c.revision";

/// The cases an export carries (`c` is `cases`): never a synthetic one,
/// which is training data and must not reach the national figures.
fn outgoing_cases(all: bool) -> &'static str {
    if all {
        "WHERE c.synthetic = 0"
    } else {
        "LEFT JOIN export_marks m ON m.id = c.id \
         WHERE c.synthetic = 0 AND (m.revision IS NULL OR m.revision < c.revision)"
    }
}

const MISSION_COLUMNS: &str = "code, name, vault_id, public_key, approved_at, approved_by";

fn mission_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Mission> {
    let key: Vec<u8> = row.get(3)?;
    let public_key = key.try_into().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            3,
            rusqlite::types::Type::Blob,
            "a mission key is not 32 bytes".into(),
        )
    })?;
    Ok(Mission {
        code: row.get(0)?,
        name: row.get(1)?,
        vault_id: row.get(2)?,
        public_key,
        approved_at: row.get(4)?,
        approved_by: row.get(5)?,
    })
}

/// Columns: id, reference, origin, revision, created at/by, updated at/by,
/// epoch.
fn meta_from_row(row: &rusqlite::Row<'_>) -> Result<RecordMeta> {
    Ok(RecordMeta {
        id: row.get(0)?,
        reference: row.get(1)?,
        origin_mission: row.get(2)?,
        revision: row.get(3)?,
        created_at: cases::parse_timestamp(&row.get::<_, String>(4)?)?,
        created_by: row.get(5)?,
        updated_at: cases::parse_timestamp(&row.get::<_, String>(6)?)?,
        updated_by: row.get(7)?,
        epoch: row.get(8)?,
    })
}

/// The JSON a version of a case is compared and set aside by.
fn encode_record(record: &CaseRecord) -> Result<String> {
    #[derive(Serialize)]
    struct Version<'a> {
        meta: &'a RecordMeta,
        case: &'a Case,
    }
    serde_json::to_string(&Version {
        meta: &record.meta,
        case: &record.case,
    })
    .map_err(|e| Error::Damaged(format!("a case cannot be encoded ({e})")))
}

fn decode_record(text: &str) -> Result<CaseRecord> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Version {
        meta: RecordMeta,
        case: Case,
    }
    let version: Version = serde_json::from_str(text)
        .map_err(|e| Error::Damaged(format!("a set-aside case cannot be read ({e})")))?;
    Ok(CaseRecord {
        meta: version.meta,
        case: version.case,
    })
}

fn digest(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// The row and revision of the stored case with this id.
fn stored_version(conn: &Connection, id: CaseId) -> Result<Option<(i64, u32)>> {
    Ok(conn
        .prepare_cached("SELECT seq, revision FROM cases WHERE id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

fn stored_record(conn: &Connection, row: i64) -> Result<CaseRecord> {
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
    pub(crate) fn case(&mut self, record: &CaseRecord, text: &RowText) -> Result<Outcome> {
        let id = record.meta.id;
        let held = self.held(id, &record.meta.reference)?;
        // An erasure is final: a mission restored from a backup made before
        // it holds the case again, and may edit it, at any revision.
        if held.erased {
            return Ok(Outcome::Unchanged);
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
        let erased: Option<String> = self
            .tx
            .prepare_cached("SELECT origin_mission FROM tombstones WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        let origin = stored
            .as_ref()
            .map(|(_, _, _, origin)| origin)
            .or(erased.as_ref());
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
            audit::append(
                &tx,
                &self.officer,
                "mission-approved",
                Some(mission.code),
                None,
            )?;
        }
        tx.prepare_cached(
            "INSERT INTO received_exports (digest, mission, sequence, kind, created_at, imported_at, imported_by, \
             epoch, epoch_after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
        ])?;
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
    pub new_mission: Option<NewMission<'a>>,
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

    /// A checkpoint fails while a statement on the connection is still
    /// reading; the import it follows was committed all the same.
    #[test]
    fn a_checkpoint_that_fails_after_the_commit_does_not_fail_the_import() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let vault = Vault::create(
            &dir.path().join("commission"),
            &crate::vault::NewVault {
                role: Role::Commission,
                mission_code: "LT-NTC".into(),
                mission_name: "National commission".into(),
                officer: "A. Analyst".into(),
            },
            &secrecy::SecretString::from("correct horse battery staple".to_owned()),
            crate::vault::KdfParams::insecure_for_tests(),
        )?;
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
            new_mission: Some(NewMission {
                code: "LT-LON",
                name: "Embassy in London",
                vault_id: "0190f000-0000-7000-8000-000000000000",
                public_key: [1; 32],
            }),
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

    #[test]
    fn a_set_aside_version_reads_back_as_it_was_written() -> Result<()> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
        let case = crate::domain::synthetic::generate(7, 1, today)
            .next()
            .ok_or_else(|| Error::InvalidSetting("no case".into()))?;
        let now = cases::now();
        let record = CaseRecord {
            meta: RecordMeta {
                id: CaseId::new(),
                reference: "LT-LON-2026-0001".into(),
                origin_mission: "LT-LON".into(),
                revision: 3,
                epoch: Some("20261130T054512Z-KXQR".into()),
                created_at: now,
                created_by: "A".into(),
                updated_at: now,
                updated_by: "B".into(),
            },
            case,
        };
        let encoded = encode_record(&record)?;
        assert_eq!(decode_record(&encoded)?, record);
        Ok(())
    }
}
