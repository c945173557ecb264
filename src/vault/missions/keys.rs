//! The commission's history of each mission's signing keys.
//!
//! A mission has at most one *approved* key at a time. It is approved at
//! the mission's first import (by its fingerprint, compared by phone), by
//! `missions --replace-key` (a fingerprint compared by phone; the key
//! itself is learned from the first file it signs) or by a rotation
//! statement that the approved key signed. A key no longer approved is
//! *replaced* (by a phone approval or a rotation) or *revoked* (a stolen
//! laptop). A retired key's files are refused, except numbers not yet
//! received up to `accept_through` in the restore epoch `accept_epoch`
//! (`Vault::retired_key_takes`): for a rotated key, what the statement
//! says the old key signed; for a revoked key, what the analyst chose to
//! take (`--after SEQ`). A revocation or a phone approval closes every
//! replaced key's window (a revoked key's stays: the analyst chose it). Nothing is ever deleted.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::super::cases::{now, timestamp};
use super::super::{Error, Result, Vault, audit};

/// Where a key stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyStatus {
    Approved,
    Replaced,
    Revoked,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Approved => "approved",
            KeyStatus::Replaced => "replaced",
            KeyStatus::Revoked => "revoked",
        }
    }

    fn parse(text: &str) -> rusqlite::Result<KeyStatus> {
        match text {
            "approved" => Ok(KeyStatus::Approved),
            "replaced" => Ok(KeyStatus::Replaced),
            "revoked" => Ok(KeyStatus::Revoked),
            _ => Err(bad_column(4, "a key status")),
        }
    }
}

/// How a key came to be approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovedHow {
    /// With the mission itself, at its first import.
    FirstImport,
    /// `missions --replace-key`, after a phone check.
    Phone,
    /// A rotation statement signed by the key approved before.
    Rotation,
}

impl ApprovedHow {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovedHow::FirstImport => "first-import",
            ApprovedHow::Phone => "phone",
            ApprovedHow::Rotation => "rotation",
        }
    }

    fn parse(text: &str) -> rusqlite::Result<ApprovedHow> {
        match text {
            "first-import" => Ok(ApprovedHow::FirstImport),
            "phone" => Ok(ApprovedHow::Phone),
            "rotation" => Ok(ApprovedHow::Rotation),
            _ => Err(bad_column(5, "how a key was approved")),
        }
    }
}

/// One key of a mission, as the commission knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MissionKey {
    pub mission: String,
    /// As people read it aloud: `3F2A 91C0 ...`.
    pub fingerprint: String,
    /// `None` for a key approved by phone that has not signed a file yet.
    #[serde(skip)]
    pub public_key: Option<[u8; 32]>,
    pub status: KeyStatus,
    pub approved_how: ApprovedHow,
    pub approved_at: String,
    pub approved_by: String,
    pub retired_at: Option<String>,
    pub retired_by: Option<String>,
    /// A retired key's files are taken up to this export number of the
    /// restore epoch `accept_epoch` (`None`: a mission never restored).
    pub accept_epoch: Option<String>,
    pub accept_through: Option<u64>,
}

/// The fingerprint of a key as stored: the first 128 bits of its SHA-256,
/// 32 hexadecimal capitals (`exchange::key_fingerprint` groups them).
pub fn compact_fingerprint(key: &[u8]) -> String {
    hex::encode_upper(&Sha256::digest(key)[..16])
}

/// A compact fingerprint in groups of four, as printed.
pub fn grouped(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A link of a rotation the import accepted, from the key approved then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotated {
    pub old_key: [u8; 32],
    pub new_key: [u8; 32],
    /// The last export the old key signed, in the epoch the mission was in.
    pub epoch: Option<String>,
    pub after_sequence: u64,
}

/// What an import changes in a mission's keys, at its commit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyChange {
    /// The key of a fingerprint approved by phone, seen on its first file.
    pub learned: Option<[u8; 32]>,
    /// Rotations from the approved key to the key that signed the file.
    pub rotations: Vec<Rotated>,
}

impl KeyChange {
    pub fn is_empty(&self) -> bool {
        self.learned.is_none() && self.rotations.is_empty()
    }
}

/// Where the key that signed a file stands with its mission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// No mission has this code.
    Unregistered,
    /// The mission's approved key; `learned` when it was approved by its
    /// fingerprint alone and this is the first file it signs.
    Current { learned: bool },
    /// A key the mission had: replaced or revoked.
    Retired(Box<MissionKey>),
    /// Not a key of this mission; its approved key, if it has one.
    Unknown { current: Option<Box<MissionKey>> },
}

const COLUMNS: &str = "mission, fingerprint, public_key, approved_at, status, approved_how, \
                       approved_by, retired_at, retired_by, accept_epoch, accept_through";

fn bad_column(index: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("not {what}").into(),
    )
}

fn key_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<MissionKey> {
    let public_key = match row.get::<_, Option<Vec<u8>>>(2)? {
        Some(bytes) => {
            Some(<[u8; 32]>::try_from(bytes).map_err(|_| bad_column(2, "a 32-byte key"))?)
        }
        None => None,
    };
    let fingerprint: String = row.get(1)?;
    Ok(MissionKey {
        mission: row.get(0)?,
        fingerprint: grouped(&fingerprint),
        public_key,
        approved_at: row.get(3)?,
        status: KeyStatus::parse(&row.get::<_, String>(4)?)?,
        approved_how: ApprovedHow::parse(&row.get::<_, String>(5)?)?,
        approved_by: row.get(6)?,
        retired_at: row.get(7)?,
        retired_by: row.get(8)?,
        accept_epoch: row.get(9)?,
        accept_through: row.get::<_, Option<i64>>(10)?.map(i64::unsigned_abs),
    })
}

fn as_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Every key of `mission`, oldest first. A mission registered without a
/// history (by a build before it, past the migration that copied the
/// others) has the key it was registered with.
pub(crate) fn keys_of(conn: &Connection, mission: &str) -> Result<Vec<MissionKey>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM mission_keys WHERE mission = ?1 ORDER BY seq"
    ))?;
    let rows = stmt.query_map([mission], key_from_row)?;
    let keys: Vec<MissionKey> = rows.collect::<rusqlite::Result<_>>()?;
    if !keys.is_empty() {
        return Ok(keys);
    }
    Ok(conn
        .prepare_cached(
            "SELECT code, public_key, approved_at, approved_by FROM missions WHERE code = ?1",
        )?
        .query_row([mission], |row| {
            let key: Vec<u8> = row.get(1)?;
            Ok(MissionKey {
                mission: row.get(0)?,
                fingerprint: grouped(&compact_fingerprint(&key)),
                public_key: <[u8; 32]>::try_from(key).ok(),
                status: KeyStatus::Approved,
                approved_how: ApprovedHow::FirstImport,
                approved_at: row.get(2)?,
                approved_by: row.get(3)?,
                retired_at: None,
                retired_by: None,
                accept_epoch: None,
                accept_through: None,
            })
        })
        .optional()?
        .into_iter()
        .collect())
}

/// Gives `mission` its history if it has none yet (see [`keys_of`]),
/// before a change is written to it.
fn ensure_history(conn: &Connection, mission: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO mission_keys (mission, fingerprint, public_key, status, approved_how, approved_at, approved_by)          SELECT code, ?2, public_key, 'approved', 'first-import', approved_at, approved_by FROM missions          WHERE code = ?1 AND NOT EXISTS (SELECT 1 FROM mission_keys WHERE mission = ?1)",
    )?
    .execute(params![
        mission,
        keys_of(conn, mission)?
            .first()
            .map(|k| k.fingerprint.replace(' ', ""))
            .unwrap_or_default()
    ])?;
    Ok(())
}

fn current(conn: &Connection, mission: &str) -> Result<Option<MissionKey>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM mission_keys WHERE mission = ?1 AND status = 'approved'"
        ))?
        .query_row([mission], key_from_row)
        .optional()?)
}

/// Migration: the key each mission was approved with becomes the first of
/// its history.
pub(crate) fn copy_first_keys(conn: &Connection) -> Result<()> {
    let mut select =
        conn.prepare("SELECT code, public_key, approved_at, approved_by FROM missions")?;
    let mut insert = conn.prepare(
        "INSERT INTO mission_keys (mission, fingerprint, public_key, status, approved_how, approved_at, approved_by) \
         VALUES (?1, ?2, ?3, 'approved', 'first-import', ?4, ?5)",
    )?;
    let mut rows = select.query([])?;
    while let Some(row) = rows.next()? {
        let code: String = row.get(0)?;
        let key: Vec<u8> = row.get(1)?;
        let at: String = row.get(2)?;
        let by: String = row.get(3)?;
        insert.execute(params![code, compact_fingerprint(&key), key, at, by])?;
    }
    Ok(())
}

/// Migration: the exports received before signers were recorded were
/// signed by their mission's only key, for a mission that has had one key
/// only; for the others the signer stays unknown (`NULL`).
pub(crate) fn note_signers(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "UPDATE received_exports SET signer = ( \
             SELECT k.fingerprint FROM mission_keys k WHERE k.mission = received_exports.mission) \
         WHERE signer IS NULL \
           AND (SELECT count(*) FROM mission_keys k WHERE k.mission = received_exports.mission) = 1",
    )?;
    Ok(())
}

/// A new mission's key, approved with it at its first import.
pub(crate) fn record_first_key(
    conn: &Connection,
    mission: &str,
    key: &[u8; 32],
    officer: &str,
    at: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO mission_keys (mission, fingerprint, public_key, status, approved_how, approved_at, approved_by) \
         VALUES (?1, ?2, ?3, 'approved', 'first-import', ?4, ?5)",
    )?
    .execute(params![mission, compact_fingerprint(key), &key[..], at, officer])?;
    Ok(())
}

/// Applies what an import found about the keys, inside its transaction:
/// the key of a fingerprint approved by phone is stored; each rotation
/// retires the key approved then and approves the next one. Audited.
pub(crate) fn apply_key_change(
    conn: &Connection,
    mission: &str,
    officer: &str,
    at: &str,
    change: &KeyChange,
) -> Result<()> {
    ensure_history(conn, mission)?;
    if let Some(key) = change.learned {
        conn.prepare_cached(
            "UPDATE mission_keys SET public_key = ?3 \
             WHERE mission = ?1 AND fingerprint = ?2 AND status = 'approved' AND public_key IS NULL",
        )?
        .execute(params![mission, compact_fingerprint(&key), &key[..]])?;
        set_mission_key(conn, mission, &key)?;
        audit::append(
            conn,
            officer,
            "mission-key-first-file",
            Some(mission),
            Some(&grouped(&compact_fingerprint(&key))),
        )?;
    }
    for link in &change.rotations {
        let retired = conn
            .prepare_cached(
                "UPDATE mission_keys SET status = 'replaced', retired_at = ?3, retired_by = ?4, \
                 accept_epoch = ?5, accept_through = ?6 \
                 WHERE mission = ?1 AND fingerprint = ?2 AND status = 'approved'",
            )?
            .execute(params![
                mission,
                compact_fingerprint(&link.old_key),
                at,
                officer,
                link.epoch,
                as_i64(link.after_sequence)
            ])?;
        if retired != 1 {
            return Err(Error::Damaged(format!(
                "the key a rotation of {mission} starts from is not its approved key"
            )));
        }
        conn.prepare_cached(
            "INSERT INTO mission_keys (mission, fingerprint, public_key, status, approved_how, approved_at, approved_by) \
             VALUES (?1, ?2, ?3, 'approved', 'rotation', ?4, ?5)",
        )?
        .execute(params![
            mission,
            compact_fingerprint(&link.new_key),
            &link.new_key[..],
            at,
            officer
        ])?;
        set_mission_key(conn, mission, &link.new_key)?;
        audit::append(
            conn,
            officer,
            "mission-key-rotated",
            Some(mission),
            Some(&format!(
                "{} → {}; the old key's exports up to {} of epoch {} not yet received still taken",
                grouped(&compact_fingerprint(&link.old_key)),
                grouped(&compact_fingerprint(&link.new_key)),
                link.after_sequence,
                link.epoch.as_deref().unwrap_or("-")
            )),
        )?;
    }
    Ok(())
}

/// Closes the window of every replaced key of `mission`, which its own
/// holder signed (a rotation statement): after a revocation or a phone
/// approval, no such key's file is taken. A revoked key's window is the
/// analyst's choice (`--after`), and stays until it is used up: the
/// revoke-then-replace flow keeps the files in transit.
fn close_windows(conn: &Connection, mission: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE mission_keys SET accept_epoch = NULL, accept_through = NULL \
         WHERE mission = ?1 AND status = 'replaced'",
    )?
    .execute([mission])?;
    Ok(())
}

/// The latest restore epoch among the files `fingerprint` (compact)
/// signed for `mission`, where a revoked key's window is placed: not that
/// of another key's or another vault's files. A key with no file recorded
/// as its own: the files whose signer is unknown (received before signers
/// were recorded), else no epoch.
fn signed_epoch(conn: &Connection, mission: &str, fingerprint: &str) -> Result<Option<String>> {
    let latest = |signer: Option<&str>| -> Result<Option<Option<String>>> {
        Ok(conn
            .prepare_cached(
                "SELECT epoch FROM received_exports WHERE mission = ?1 AND signer IS ?2 \
                 ORDER BY epoch IS NULL, epoch DESC LIMIT 1",
            )?
            .query_row(params![mission, signer], |row| {
                row.get::<_, Option<String>>(0)
            })
            .optional()?)
    };
    Ok(match latest(Some(fingerprint))? {
        Some(epoch) => epoch,
        None => latest(None)?.flatten(),
    })
}

/// `missions.public_key` follows the approved key once it is known.
fn set_mission_key(conn: &Connection, mission: &str, key: &[u8; 32]) -> Result<()> {
    conn.prepare_cached("UPDATE missions SET public_key = ?2 WHERE code = ?1")?
        .execute(params![mission, &key[..]])?;
    Ok(())
}

/// What `replace_mission_key` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    /// The key approved before, now replaced (none if it was revoked).
    pub previous: Option<MissionKey>,
    pub approved: MissionKey,
}

impl Vault {
    /// Commission: every key of `mission`, oldest first.
    pub fn mission_keys(&self, mission: &str) -> Result<Vec<MissionKey>> {
        keys_of(&self.conn, mission)
    }

    /// Commission: where `key` stands with `mission`.
    pub fn key_standing(&self, mission: &str, key: &[u8; 32]) -> Result<Standing> {
        if self.mission(mission)?.is_none() {
            return Ok(Standing::Unregistered);
        }
        let fingerprint = grouped(&compact_fingerprint(key));
        let keys = keys_of(&self.conn, mission)?;
        let current = keys
            .iter()
            .find(|k| k.status == KeyStatus::Approved)
            .cloned();
        if let Some(current) = &current
            && current.fingerprint == fingerprint
            && current.public_key.is_none_or(|known| known == *key)
        {
            return Ok(Standing::Current {
                learned: current.public_key.is_none(),
            });
        }
        if let Some(retired) = keys
            .into_iter()
            .find(|k| k.fingerprint == fingerprint && k.status != KeyStatus::Approved)
        {
            return Ok(Standing::Retired(Box::new(retired)));
        }
        Ok(Standing::Unknown {
            current: current.map(Box::new),
        })
    }

    /// Commission: whether an export of `mission` with this restore epoch
    /// and number was imported already (whichever file it was).
    pub fn has_received(&self, mission: &str, epoch: Option<&str>, sequence: u64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM received_exports \
                 WHERE mission = ?1 AND epoch IS ?2 AND sequence = ?3)",
            )?
            .query_row(params![mission, epoch, as_i64(sequence)], |row| row.get(0))?)
    }

    /// Commission: whether a file signed by `key`, a retired key of its
    /// mission, with this restore epoch and number is one its retirement
    /// still lets in: only in the epoch of its window (`accept_epoch`),
    /// only a number after the one that epoch continues from and up to
    /// `accept_through`, and only a number of that epoch no file has
    /// brought yet. The window is what the old key's holder signed (a
    /// rotation) or what the analyst chose (a revocation); either way a
    /// number already received cannot be taken again from another file,
    /// and once every number in it has arrived it lets nothing in.
    pub fn retired_key_takes(
        &self,
        key: &MissionKey,
        epoch: Option<&str>,
        sequence: u64,
    ) -> Result<bool> {
        let Some(through) = key.accept_through else {
            return Ok(false);
        };
        if key.status == KeyStatus::Approved
            || epoch != key.accept_epoch.as_deref()
            || sequence > through
            || sequence <= self.epoch_floor(&key.mission, epoch)?
        {
            return Ok(false);
        }
        Ok(!self.has_received(&key.mission, epoch, sequence)?)
    }

    /// Commission: the number `mission`'s restore epoch `epoch` continues
    /// from, as its files received said (0 when none arrived).
    fn epoch_floor(&self, mission: &str, epoch: Option<&str>) -> Result<u64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT max(epoch_after) FROM received_exports WHERE mission = ?1 AND epoch IS ?2",
            )?
            .query_row(params![mission, epoch], |row| row.get::<_, Option<i64>>(0))?
            .map_or(0, i64::unsigned_abs))
    }

    /// Commission: approves a new key for `mission` by the fingerprint the
    /// analyst compared by phone (a rebuilt vault, a new laptop). The key
    /// approved until now is replaced: its files are refused from now on,
    /// except those imported already, which stay as they are, and so do
    /// the mission's cases. The key itself is learned from the first file
    /// it signs. Audited.
    pub fn replace_mission_key(&mut self, mission: &str, fingerprint: &str) -> Result<Replaced> {
        let compact: String = fingerprint
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if compact.len() != 32 || !compact.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Error::InvalidSetting(format!(
                "\"{}\" is not a key fingerprint: it has 32 hexadecimal digits",
                fingerprint.trim()
            )));
        }
        if self.mission(mission)?.is_none() {
            return Err(Error::InvalidSetting(format!(
                "no mission {mission} is registered here; a new mission is approved at its first import"
            )));
        }
        let keys = keys_of(&self.conn, mission)?;
        let grouped_fingerprint = grouped(&compact);
        if let Some(known) = keys.iter().find(|k| k.fingerprint == grouped_fingerprint) {
            match known.status {
                KeyStatus::Approved => {
                    return Err(Error::InvalidSetting(format!(
                        "{grouped_fingerprint} is already the approved key of {mission}"
                    )));
                }
                KeyStatus::Revoked => {
                    return Err(Error::InvalidSetting(format!(
                        "{grouped_fingerprint} is a key of {mission} that was revoked on {}; it cannot be approved again",
                        day(known.retired_at.as_deref())
                    )));
                }
                KeyStatus::Replaced => {}
            }
        }
        let officer = self.info.officer.clone();
        let at = timestamp(now());
        let tx = self.conn.transaction()?;
        ensure_history(&tx, mission)?;
        close_windows(&tx, mission)?;
        let previous = current(&tx, mission)?;
        tx.execute(
            "UPDATE mission_keys SET status = 'replaced', retired_at = ?2, retired_by = ?3, \
             accept_epoch = NULL, accept_through = NULL \
             WHERE mission = ?1 AND status = 'approved'",
            params![mission, at, officer],
        )?;
        // A key of the mission replaced before comes back.
        let back = tx.execute(
            "UPDATE mission_keys SET status = 'approved', approved_how = 'phone', approved_at = ?3, \
             approved_by = ?4, retired_at = NULL, retired_by = NULL, accept_epoch = NULL, accept_through = NULL \
             WHERE mission = ?1 AND fingerprint = ?2",
            params![mission, compact, at, officer],
        )?;
        if back == 0 {
            tx.execute(
                "INSERT INTO mission_keys (mission, fingerprint, public_key, status, approved_how, approved_at, approved_by) \
                 VALUES (?1, ?2, NULL, 'approved', 'phone', ?3, ?4)",
                params![mission, compact, at, officer],
            )?;
        }
        if let Some(key) = tx
            .query_row(
                "SELECT public_key FROM mission_keys WHERE mission = ?1 AND fingerprint = ?2",
                params![mission, compact],
                |row| row.get::<_, Option<Vec<u8>>>(0),
            )?
            .and_then(|k| <[u8; 32]>::try_from(k).ok())
        {
            set_mission_key(&tx, mission, &key)?;
        }
        audit::append(
            &tx,
            &officer,
            "mission-key-replaced",
            Some(mission),
            Some(&format!(
                "{} → {grouped_fingerprint}",
                previous
                    .as_ref()
                    .map_or("no approved key", |p| p.fingerprint.as_str())
            )),
        )?;
        let approved = current(&tx, mission)?
            .ok_or_else(|| Error::Damaged("the key just approved is not found".into()))?;
        tx.commit()?;
        Ok(Replaced {
            previous: previous.map(|mut p| {
                p.status = KeyStatus::Replaced;
                p.retired_at = Some(at.clone());
                p.retired_by = Some(officer.clone());
                p
            }),
            approved,
        })
    }

    /// Commission: revokes `mission`'s approved key (a stolen laptop): its
    /// files are refused from now on, except, with `after`, the exports up
    /// to that number in the restore epoch of the latest file received,
    /// which the analyst chose to take. Audited (the action, the mission,
    /// the number). The mission has no approved key until one is approved
    /// by phone (`replace_mission_key`).
    pub fn revoke_mission_key(&mut self, mission: &str, after: Option<u64>) -> Result<MissionKey> {
        if self.mission(mission)?.is_none() {
            return Err(Error::InvalidSetting(format!(
                "no mission {mission} is registered here"
            )));
        }
        let officer = self.info.officer.clone();
        let at = timestamp(now());
        let tx = self.conn.transaction()?;
        ensure_history(&tx, mission)?;
        let Some(key) = current(&tx, mission)? else {
            return Err(Error::InvalidSetting(format!(
                "{mission} has no approved key to revoke"
            )));
        };
        // A theft may have gone through a rotation: the keys retired
        // before take nothing more either.
        close_windows(&tx, mission)?;
        let epoch = signed_epoch(&tx, mission, &key.fingerprint.replace(' ', ""))?;
        tx.execute(
            "UPDATE mission_keys SET status = 'revoked', retired_at = ?2, retired_by = ?3, \
             accept_epoch = ?4, accept_through = ?5 WHERE mission = ?1 AND status = 'approved'",
            params![mission, at, officer, epoch, after.map(as_i64)],
        )?;
        audit::append(
            &tx,
            &officer,
            "mission-key-revoked",
            Some(mission),
            Some(&match after {
                Some(n) => format!(
                    "{}; exports up to {n} of epoch {} not yet received still accepted",
                    key.fingerprint,
                    epoch.as_deref().unwrap_or("-")
                ),
                None => key.fingerprint.clone(),
            }),
        )?;
        tx.commit()?;
        Ok(MissionKey {
            status: KeyStatus::Revoked,
            retired_at: Some(at),
            retired_by: Some(officer),
            accept_epoch: epoch,
            accept_through: after,
            ..key
        })
    }
}

/// The day of a stored timestamp, for messages.
pub fn day(at: Option<&str>) -> String {
    at.map(|t| t.chars().take(10).collect())
        .unwrap_or_else(|| "?".into())
}
