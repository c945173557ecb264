//! What the commission's reply to a mission is made of and what it leaves
//! at the mission, as the database holds them (the file, its encryption and
//! its signature live in `crate::exchange::reply`).
//!
//! At the commission: each mission's reply recipient (from its latest
//! export), the receipts of the files imported from it, the versions of its
//! cases set aside, and the highest numbers held from it. At a mission:
//! every export it made (`sent_exports`), the receipts the commission sent
//! back, the replies applied, the referral directory and guidance notes.

use std::collections::BTreeMap;

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::cases::{sql_int, timestamp};
use super::{Error, Result, Role, Vault, audit, set_setting, setting};

/// Mission: the newest referral directory received, JSON, and its version.
const DIRECTORY: &str = "referral_directory";
const DIRECTORY_VERSION: &str = "referral_directory_version";
/// Mission: the highest numbers the commission holds from it, JSON.
const HIGH_WATER: &str = "commission_high_water";
/// Commission: the referral directory it sends (JSON, with its version),
/// and its guidance notes (JSON list).
const COMMISSION_DIRECTORY: &str = "commission_directory";
const COMMISSION_GUIDANCE: &str = "commission_guidance";
/// Commission: the ids of the guidance notes it withdrew (JSON list).
const COMMISSION_GUIDANCE_WITHDRAWN: &str = "commission_guidance_withdrawn";

/// One export file the commission imported, as its reply confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportReceipt {
    pub sequence: u64,
    /// The mission's restore epoch the file was made in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// SHA-256, hex, of the file's manifest line.
    pub manifest_sha256: String,
    pub kind: String,
    /// When the commission imported it (RFC 3339).
    pub received_at: String,
    /// What the import did: the manifest's counts and the merge's (`new`,
    /// `updated`, `unchanged`, `erased`, `conflicts`); absent for a file
    /// imported before Casebook kept them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<BTreeMap<String, u64>>,
}

/// A version of one of the mission's cases the commission set aside
/// because it holds another version of the same revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetAside {
    pub reference: String,
    pub revision: u32,
    pub received_at: String,
    pub resolved: bool,
}

/// The highest case number a reference may carry, and the highest export
/// number: a mission never counts past them (six digits are a century of a
/// busy mission's cases), and a reply's marks above them are refused, so
/// that no file can take a counter to where it overflows.
pub const MAX_REFERENCE_NUMBER: u64 = 999_999;
pub const MAX_EXPORT_SEQUENCE: u64 = 999_999;
/// The most reference prefixes (one per year) a reply's marks may name.
pub const MAX_HIGH_WATER_PREFIXES: usize = 1_000;

/// Whether `prefix` is `CODE-YYYY` for the mission `code`.
pub fn is_reference_prefix(code: &str, prefix: &str) -> bool {
    prefix
        .strip_prefix(code)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|year| year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
}

/// The highest numbers the commission holds from a mission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighWater {
    /// The highest export sequence number received (0: none), in any
    /// restore epoch.
    pub export_sequence: u64,
    /// Per reference prefix (`LT-LON-2026`), the highest case number.
    pub references: BTreeMap<String, u64>,
    /// Per restore epoch of the mission (`""`: never restored), the
    /// highest export number received: a mission in that epoch numbers
    /// its next export past it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub export_sequences: BTreeMap<String, u64>,
}

impl HighWater {
    /// The larger of each number.
    fn merge(&mut self, other: &HighWater) {
        self.export_sequence = self.export_sequence.max(other.export_sequence);
        for (prefix, last) in &other.references {
            let entry = self.references.entry(prefix.clone()).or_default();
            *entry = (*entry).max(*last);
        }
        for (epoch, last) in &other.export_sequences {
            let entry = self.export_sequences.entry(epoch.clone()).or_default();
            *entry = (*entry).max(*last);
        }
    }
}

/// A mission's export as the mission recorded it, and whether the
/// commission has confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentExport {
    pub sequence: u64,
    pub kind: String,
    pub created_at: String,
    pub cases: u64,
    pub erasures: u64,
    /// How many withdrawn consents for stubs it carried
    /// (`withdrawals.rs`).
    pub withdrawals: u64,
    /// When the commission imported it, as its reply said; `None`: not yet
    /// confirmed.
    pub confirmed_at: Option<String>,
}

/// A guidance note as the mission keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredNote {
    pub id: String,
    pub dated: String,
    /// The note as it travelled, JSON.
    pub body: String,
    pub read: bool,
}

/// What a verified reply asks the mission's vault to record.
#[derive(Debug, Clone)]
pub struct ReplyContent<'a> {
    /// SHA-256 of the reply's signed line.
    pub digest: [u8; 32],
    pub created_at: &'a str,
    pub receipts: &'a [ExportReceipt],
    pub high_water: &'a HighWater,
    pub directory_version: u64,
    /// The directory, JSON; stored only when its version is newer.
    pub directory: &'a str,
    /// Guidance notes: id, date, the note as JSON.
    pub notes: Vec<(String, String, String)>,
    /// The commission's new keys, when the reply announced a rotation
    /// (checked against the key stored here), held until an officer
    /// accepts them; with the audit detail (old → new fingerprints).
    pub rotated_key: Option<(super::CommissionKey, String)>,
    /// What the reply says of the mission's own keys.
    pub own_key_events: Vec<super::OwnKeyEvent>,
    /// The ids of guidance notes the commission withdrew.
    pub withdrawn_notes: &'a [String],
    /// Versions of the mission's cases the commission set aside: their
    /// references are never reduced to stubs (`stubs.rs`).
    pub set_aside: &'a [SetAside],
    /// The mission's cases the commission erased itself: never reduced to
    /// stubs, listed (`withdrawals.rs`).
    pub erased_at_commission: &'a [super::ErasedAtCommission],
}

/// What applying a reply did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// Set when this reply was received before: nothing was changed.
    pub already_received_at: Option<String>,
    /// Receipts for exports not confirmed before.
    pub newly_confirmed: u64,
    /// The directory version now held, and whether this reply brought it.
    pub directory_version: u64,
    pub directory_updated: bool,
    pub new_notes: u64,
    /// Whether this reply announced new keys of the commission (held
    /// until an officer accepts them).
    pub commission_key_announced: bool,
    /// Events about the mission's own keys that were new (or newer).
    pub new_key_events: u64,
    /// Guidance notes withdrawn by this reply (hidden from now on).
    pub withdrawn_notes: u64,
    /// Cases of this mission the commission erased that this reply named
    /// for the first time (`withdrawals.rs`).
    pub newly_erased_at_commission: u64,
}

/// The reply address an imported file carried, and what tells it apart.
pub(super) struct Address<'a> {
    pub vault_id: &'a str,
    pub recipient: &'a str,
    /// The key that signed the file.
    pub signer: &'a [u8; 32],
    pub epoch: Option<&'a str>,
    pub sequence: u64,
    pub created_at: &'a str,
}

/// Commission: keeps the reply address a mission's file carried, in the
/// merge's transaction, once the file's key changes are applied. Only a
/// file signed by the key approved for the mission at that moment gives
/// one: a revoked or replaced key's file (let in under `--after`) never
/// does. It replaces the address an earlier key gave, or one from an
/// earlier file of the same key, told by restore epoch and number (never
/// by the date the mission wrote in it).
pub(super) fn note_recipient(conn: &Connection, code: &str, address: &Address<'_>) -> Result<()> {
    let approved: Option<Vec<u8>> = conn
        .prepare_cached(
            "SELECT public_key FROM mission_keys WHERE mission = ?1 AND status = 'approved'",
        )?
        .query_row([code], |row| row.get(0))
        .optional()?
        .flatten();
    if approved.as_deref() != Some(&address.signer[..]) {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT INTO mission_recipients (code, vault_id, recipient, created_at, signing_key, epoch, sequence) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         ON CONFLICT(code) DO UPDATE SET vault_id = excluded.vault_id, recipient = excluded.recipient, \
         created_at = excluded.created_at, signing_key = excluded.signing_key, epoch = excluded.epoch, \
         sequence = excluded.sequence \
         WHERE mission_recipients.signing_key IS NOT excluded.signing_key \
         OR (coalesce(excluded.epoch, ''), excluded.sequence) \
            >= (coalesce(mission_recipients.epoch, ''), mission_recipients.sequence)",
    )?
    .execute(params![
        code,
        address.vault_id,
        address.recipient,
        address.created_at,
        &address.signer[..],
        address.epoch,
        sql_int(address.sequence)
    ])?;
    Ok(())
}

/// Where the commission may send its reply to a mission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyAddress {
    /// The vault id and age recipient the approved key's latest file gave.
    Ready { vault_id: String, recipient: String },
    /// No file of the approved key carried one yet.
    Missing,
    /// The approved key was replaced on this day; the new key has not
    /// given an address yet.
    Replaced { on: String },
    /// The mission's key was revoked on this day, and none approved since.
    Revoked { on: String },
}

/// `LT-LON-2026-0042` or `LT-LON-2026-0042-KXQR` of mission `LT-LON`:
/// (`LT-LON-2026`, 42).
fn reference_number(code: &str, reference: &str) -> Option<(String, u64)> {
    let rest = reference.strip_prefix(code)?.strip_prefix('-')?;
    let mut parts = rest.split('-');
    let year = parts.next()?;
    let number = parts.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // A number beyond the bound is no mission's: it is left out of the
    // marks rather than sent back to lock the mission's counter.
    let number: u64 = number.parse().ok().filter(|n| *n <= MAX_REFERENCE_NUMBER)?;
    Some((format!("{code}-{year}"), number))
}

impl Vault {
    fn require(&self, role: Role, what: &str) -> Result<()> {
        if self.info.role == role {
            Ok(())
        } else {
            Err(Error::InvalidSetting(what.into()))
        }
    }

    /// Commission: where a reply to `code` may go: the address the latest
    /// file of its approved key gave, and only while that key is approved.
    pub fn reply_address(&self, code: &str) -> Result<ReplyAddress> {
        let keys = self.mission_keys(code)?;
        let Some(approved) = keys.iter().find(|k| k.status == super::KeyStatus::Approved) else {
            let on = keys
                .iter()
                .rev()
                .find(|k| k.status == super::KeyStatus::Revoked)
                .map(|k| super::missions_day(k.retired_at.as_deref()))
                .unwrap_or_else(|| "?".into());
            return Ok(ReplyAddress::Revoked { on });
        };
        let replaced_on = || ReplyAddress::Replaced {
            on: super::missions_day(Some(&approved.approved_at)),
        };
        let Some(key) = approved.public_key else {
            return Ok(replaced_on());
        };
        let row: Option<(String, String, Option<Vec<u8>>)> = self
            .conn
            .prepare_cached(
                "SELECT vault_id, recipient, signing_key FROM mission_recipients WHERE code = ?1",
            )?
            .query_row([code], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        Ok(match row {
            Some((vault_id, recipient, Some(signer))) if signer[..] == key[..] => {
                ReplyAddress::Ready {
                    vault_id,
                    recipient,
                }
            }
            _ if keys.len() > 1 => replaced_on(),
            _ => ReplyAddress::Missing,
        })
    }

    /// Commission: a receipt for every file imported from `code`, by
    /// sequence number.
    pub fn receipts_for(&self, code: &str) -> Result<Vec<ExportReceipt>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT sequence, epoch, digest, kind, imported_at, counts FROM received_exports \
             WHERE mission = ?1 ORDER BY sequence, imported_at",
        )?;
        let rows = stmt.query_map([code], |row| {
            Ok((
                row.get::<_, i64>(0)?.unsigned_abs(),
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Vec<u8>>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut receipts = Vec::new();
        for row in rows {
            let (sequence, epoch, digest, kind, received_at, counts) = row?;
            let counts = counts
                .map(|text| serde_json::from_str(&text))
                .transpose()
                .map_err(|e| Error::Damaged(format!("the counts of an import ({e})")))?;
            receipts.push(ExportReceipt {
                sequence,
                epoch,
                manifest_sha256: hex::encode(digest),
                kind,
                received_at,
                counts,
            });
        }
        Ok(receipts)
    }

    /// Commission: the versions of `code`'s cases set aside as conflicts.
    pub fn set_aside_for(&self, code: &str) -> Result<Vec<SetAside>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.reference, x.revision, x.received_at, x.resolved_at IS NOT NULL \
             FROM conflicts x JOIN cases c ON c.id = x.id WHERE c.origin_mission = ?1 ORDER BY x.seq",
        )?;
        let rows = stmt.query_map([code], |row| {
            Ok(SetAside {
                reference: row.get(0)?,
                revision: row.get(1)?,
                received_at: row.get(2)?,
                resolved: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Commission: the highest export sequence and case numbers it holds
    /// from `code` (cases and erasures alike).
    pub fn high_water(&self, code: &str) -> Result<HighWater> {
        let sequence: Option<i64> = self.conn.query_row(
            "SELECT max(sequence) FROM received_exports WHERE mission = ?1 AND sequence <= ?2",
            params![code, sql_int(MAX_EXPORT_SEQUENCE)],
            |row| row.get(0),
        )?;
        let mut high = HighWater {
            export_sequence: sequence.unwrap_or(0).unsigned_abs(),
            references: BTreeMap::new(),
            export_sequences: BTreeMap::new(),
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(epoch, ''), max(sequence) FROM received_exports \
             WHERE mission = ?1 AND sequence <= ?2 GROUP BY epoch ORDER BY epoch DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            params![
                code,
                sql_int(MAX_EXPORT_SEQUENCE),
                sql_int(MAX_HIGH_WATER_PREFIXES as u64)
            ],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?.unsigned_abs(),
                ))
            },
        )?;
        for row in rows {
            let (epoch, last) = row?;
            high.export_sequences.insert(epoch, last);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT reference FROM cases WHERE origin_mission = ?1 \
             UNION ALL SELECT reference FROM tombstones WHERE origin_mission = ?1",
        )?;
        let mut rows = stmt.query([code])?;
        while let Some(row) = rows.next()? {
            let reference: String = row.get(0)?;
            if let Some((prefix, number)) = reference_number(code, &reference)
                && (high.references.len() < MAX_HIGH_WATER_PREFIXES
                    || high.references.contains_key(&prefix))
            {
                let entry = high.references.entry(prefix).or_default();
                *entry = (*entry).max(number);
            }
        }
        Ok(high)
    }

    /// Commission: audits a reply written to `mission` (never its content).
    pub(crate) fn record_reply_written(&mut self, mission: &str, detail: &str) -> Result<()> {
        self.require(Role::Commission, "only the commission writes replies")?;
        let tx = self.conn.transaction()?;
        audit::append(
            &tx,
            &self.info.officer,
            "reply-written",
            Some(mission),
            Some(detail),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Commission: the referral directory it sends (JSON), if it keeps one.
    pub(crate) fn commission_directory_text(&self) -> Result<Option<String>> {
        setting(&self.conn, COMMISSION_DIRECTORY)
    }

    /// Commission: the guidance notes it sends (JSON list), if any.
    pub(crate) fn commission_guidance_text(&self) -> Result<Option<String>> {
        setting(&self.conn, COMMISSION_GUIDANCE)
    }

    /// Commission: stores the directory (JSON) or the guidance notes (JSON
    /// list) its replies carry from now on. Audited with `detail` (counts,
    /// never the texts).
    pub(crate) fn set_commission_content(
        &mut self,
        directory: bool,
        json: &str,
        detail: &str,
    ) -> Result<()> {
        self.require(
            Role::Commission,
            "only the commission keeps the directory and guidance it sends",
        )?;
        let (key, action) = if directory {
            (COMMISSION_DIRECTORY, "directory-set")
        } else {
            (COMMISSION_GUIDANCE, "guidance-added")
        };
        let tx = self.conn.transaction()?;
        set_setting(&tx, key, json)?;
        audit::append(&tx, &self.info.officer, action, None, Some(detail))?;
        tx.commit()?;
        Ok(())
    }

    /// Commission: the ids of the guidance notes it withdrew (JSON list).
    pub(crate) fn commission_withdrawn_guidance_text(&self) -> Result<Option<String>> {
        setting(&self.conn, COMMISSION_GUIDANCE_WITHDRAWN)
    }

    /// Commission: stores the notes left and the ids withdrawn, in one
    /// transaction. Audited with the note's id (never its text).
    pub(crate) fn withdraw_commission_note(
        &mut self,
        notes: &str,
        withdrawn: &str,
        id: &str,
    ) -> Result<()> {
        self.require(
            Role::Commission,
            "only the commission withdraws the guidance it sends",
        )?;
        let tx = self.conn.transaction()?;
        set_setting(&tx, COMMISSION_GUIDANCE, notes)?;
        set_setting(&tx, COMMISSION_GUIDANCE_WITHDRAWN, withdrawn)?;
        audit::append(
            &tx,
            &self.info.officer,
            "guidance-withdrawn",
            None,
            Some(id),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Mission: marks every guidance note read; returns how many shown
    /// ones were not (a withdrawn note is hidden, never counted).
    pub fn mark_guidance_read(&mut self) -> Result<u64> {
        let now = timestamp(Utc::now());
        Ok(self.conn.execute(
            "UPDATE guidance_notes SET read_at = ?1 WHERE read_at IS NULL \
             AND id NOT IN (SELECT id FROM withdrawn_notes)",
            [now],
        )? as u64)
    }

    /// Mission: every export it made, oldest first, each with the date the
    /// commission confirmed it, if it did. A receipt names an export by the
    /// digest of its manifest; an export made before Casebook kept that
    /// digest is matched by its number and restore epoch.
    pub fn sent_exports(&self) -> Result<Vec<SentExport>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.sequence, s.kind, s.created_at, s.cases, s.tombstones, s.withdrawals, \
             (SELECT min(r.imported_at) FROM export_receipts r WHERE \
                CASE WHEN s.digest IS NULL THEN r.sequence = s.sequence AND r.epoch IS s.epoch \
                ELSE r.digest = s.digest END) \
             FROM sent_exports s ORDER BY s.sequence",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(SentExport {
                sequence: row.get::<_, i64>(0)?.unsigned_abs(),
                kind: row.get(1)?,
                created_at: row.get(2)?,
                cases: row.get::<_, i64>(3)?.unsigned_abs(),
                erasures: row.get::<_, i64>(4)?.unsigned_abs(),
                withdrawals: row.get::<_, i64>(5)?.unsigned_abs(),
                confirmed_at: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Mission: the newest referral directory received (JSON) and its
    /// version, if any.
    pub fn referral_directory(&self) -> Result<Option<(u64, String)>> {
        let version = setting(&self.conn, DIRECTORY_VERSION)?.and_then(|v| v.parse().ok());
        Ok(match (version, setting(&self.conn, DIRECTORY)?) {
            (Some(version), Some(directory)) => Some((version, directory)),
            _ => None,
        })
    }

    /// Mission: the highest numbers the commission said it holds.
    pub fn commission_high_water(&self) -> Result<Option<HighWater>> {
        setting(&self.conn, HIGH_WATER)?
            .map(|text| {
                serde_json::from_str(&text)
                    .map_err(|e| Error::Damaged(format!("the commission's high-water marks ({e})")))
            })
            .transpose()
    }

    /// Mission: the guidance notes received, newest first.
    pub fn guidance_notes(&self) -> Result<Vec<StoredNote>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, dated, body, read_at IS NOT NULL FROM guidance_notes \
             WHERE id NOT IN (SELECT id FROM withdrawn_notes) \
             ORDER BY dated DESC, length(id) DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok(StoredNote {
                id: row.get(0)?,
                dated: row.get(1)?,
                body: row.get(2)?,
                read: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Mission: records a reply whose signature and address were checked,
    /// in one transaction. A reply received before changes nothing. Every
    /// part is applied so that applying it again would change nothing
    /// either: receipts and notes are kept once, the high-water marks and
    /// the reference counters only rise, and a directory replaces the one
    /// held only when its version is newer.
    pub(crate) fn apply_reply(&mut self, reply: &ReplyContent<'_>) -> Result<Applied> {
        self.require(Role::Mission, "only a mission receives replies")?;
        let tx = self.conn.transaction()?;
        let earlier: Option<String> = tx
            .prepare_cached("SELECT received_at FROM replies WHERE digest = ?1")?
            .query_row([&reply.digest[..]], |row| row.get(0))
            .optional()?;
        let held_version: u64 = setting(&tx, DIRECTORY_VERSION)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if let Some((key, detail)) = &reply.rotated_key {
            super::identity::hold_rotated_commission_key(&tx, key, &self.info.officer, detail)?;
        }
        if let Some(at) = earlier {
            tx.commit()?;
            return Ok(Applied {
                already_received_at: Some(at),
                newly_confirmed: 0,
                directory_version: held_version,
                directory_updated: false,
                new_notes: 0,
                commission_key_announced: reply.rotated_key.is_some(),
                new_key_events: 0,
                withdrawn_notes: 0,
                newly_erased_at_commission: 0,
            });
        }
        let now = timestamp(Utc::now());
        let mut newly_confirmed = 0;
        for receipt in reply.receipts {
            let mut digest = [0u8; 32];
            hex::decode_to_slice(&receipt.manifest_sha256, &mut digest).map_err(|_| {
                Error::InvalidSetting("a receipt's manifest digest is not 64 hex digits".into())
            })?;
            let counts = receipt
                .counts
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| Error::Damaged(e.to_string()))?;
            newly_confirmed += tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO export_receipts (digest, sequence, epoch, imported_at, counts) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    &digest[..],
                    sql_int(receipt.sequence),
                    receipt.epoch,
                    receipt.received_at,
                    counts
                ])? as u64;
        }
        let mut high: HighWater = match setting(&tx, HIGH_WATER)? {
            Some(text) => serde_json::from_str(&text)
                .map_err(|e| Error::Damaged(format!("the commission's high-water marks ({e})")))?,
            None => HighWater::default(),
        };
        high.merge(reply.high_water);
        set_setting(
            &tx,
            HIGH_WATER,
            &serde_json::to_string(&high).map_err(|e| Error::Damaged(e.to_string()))?,
        )?;
        // A reference the commission already holds is never given again.
        for (prefix, last) in &reply.high_water.references {
            // Checked before (`Reply::problem`); again here, as the last
            // guard of the counters.
            if !is_reference_prefix(&self.info.mission_code, prefix) || *last > MAX_REFERENCE_NUMBER
            {
                continue;
            }
            tx.prepare_cached(
                "INSERT INTO reference_counters (prefix, last) VALUES (?1, ?2) \
                 ON CONFLICT(prefix) DO UPDATE SET last = max(last, excluded.last)",
            )?
            .execute(params![prefix, sql_int(*last)])?;
        }
        // An export number the commission holds in this vault's restore
        // epoch is never given again (a vault set back by a copy).
        let epoch = setting(&tx, "restore_epoch")?.unwrap_or_default();
        if let Some(&last) = reply.high_water.export_sequences.get(&epoch)
            && last <= MAX_EXPORT_SEQUENCE
        {
            let own: u64 = setting(&tx, super::outbox::EXPORT_SEQUENCE)?
                .and_then(|s| s.parse().ok())
                .unwrap_or(0);
            if last > own {
                set_setting(&tx, super::outbox::EXPORT_SEQUENCE, &last.to_string())?;
            }
        }
        let directory_updated = reply.directory_version > held_version;
        if directory_updated {
            set_setting(&tx, DIRECTORY, reply.directory)?;
            set_setting(&tx, DIRECTORY_VERSION, &reply.directory_version.to_string())?;
        }
        // Withdrawals first, so that a note withdrawn (by this reply or an
        // earlier one) is neither stored nor counted as new when an older
        // reply carries it again; only withdrawals of notes this mission
        // held are counted, the others being nothing it ever showed.
        let mut withdrawn_notes = 0;
        for id in reply.withdrawn_notes {
            let added = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO withdrawn_notes (id, withdrawn_at) VALUES (?1, ?2)",
                )?
                .execute(params![id, now])?;
            if added > 0 {
                let held: bool = tx
                    .prepare_cached("SELECT EXISTS (SELECT 1 FROM guidance_notes WHERE id = ?1)")?
                    .query_row([id], |row| row.get(0))?;
                withdrawn_notes += u64::from(held);
            }
        }
        let mut new_notes = 0;
        for (id, dated, body) in &reply.notes {
            new_notes += tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO guidance_notes (id, dated, body, received_at) \
                     SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM withdrawn_notes WHERE id = ?1)",
                )?
                .execute(params![id, dated, body, now])? as u64;
        }
        super::set_aside::note(&tx, reply.set_aside, reply.created_at)?;
        let newly_erased_at_commission = super::withdrawals::note_erased_at_commission(
            &tx,
            &self.info.officer,
            reply.erased_at_commission,
            &now,
        )? as u64;
        let new_key_events =
            super::key_events::record(&tx, &reply.own_key_events, reply.created_at, &now)?;
        tx.prepare_cached(
            "INSERT INTO replies (digest, created_at, received_at, received_by) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            &reply.digest[..],
            reply.created_at,
            now,
            self.info.officer
        ])?;
        let directory_version = held_version.max(reply.directory_version);
        audit::append(
            &tx,
            &self.info.officer,
            "reply-received",
            None,
            Some(&format!(
                "{newly_confirmed} exports newly confirmed, directory version {directory_version}, {new_notes} new guidance notes"
            )),
        )?;
        tx.commit()?;
        Ok(Applied {
            already_received_at: None,
            newly_confirmed,
            directory_version,
            directory_updated,
            new_notes,
            commission_key_announced: reply.rotated_key.is_some(),
            new_key_events,
            withdrawn_notes,
            newly_erased_at_commission,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_is_read_as_its_prefix_and_number_with_or_without_an_epoch_tag() {
        assert_eq!(
            reference_number("LT-LON", "LT-LON-2026-0042"),
            Some(("LT-LON-2026".into(), 42))
        );
        assert_eq!(
            reference_number("LT-LON", "LT-LON-2026-0043-KXQR"),
            Some(("LT-LON-2026".into(), 43))
        );
        assert_eq!(reference_number("LT-LON", "LT-LONX-2026-0001"), None);
        assert_eq!(reference_number("LT-LON", "LT-RIG-2026-0001"), None);
        assert_eq!(reference_number("LT-LON", "LT-LON-26-0001"), None);
        assert_eq!(
            reference_number("LT-LON", "LT-LON-2026-9223372036854775807"),
            None
        );
        assert_eq!(reference_number("LT-LON", "LT-LON-2026-+5"), None);
        assert_eq!(
            reference_number("LT-LON", "LT-LON-2026-999999"),
            Some(("LT-LON-2026".into(), 999_999))
        );
    }

    /// A counter at the bound refuses the next case by name instead of
    /// overflowing (which SQLite's STRICT column refused as a REAL).
    #[test]
    fn a_reference_counter_never_passes_its_bound() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| Error::InvalidSetting(e.to_string()))?;
        let (mut vault, reference) = crate::vault::testing::vault_with_a_case(dir.path());
        let prefix = reference
            .rsplit_once('-')
            .map(|(p, _)| p.to_owned())
            .unwrap_or_default();
        vault.conn.execute(
            "UPDATE reference_counters SET last = ?2 WHERE prefix = ?1",
            params![prefix, sql_int(MAX_REFERENCE_NUMBER)],
        )?;
        let case = crate::domain::Case {
            first_contact: crate::domain::FirstContact {
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default(),
                channel: crate::domain::ContactChannel::WalkIn,
                place: None,
            },
            ..crate::domain::Case::default()
        };
        let error = vault.create_case(case).map(drop);
        assert!(
            matches!(&error, Err(Error::InvalidSetting(m)) if m.contains("999999")),
            "{error:?}"
        );
        Ok(())
    }
}
