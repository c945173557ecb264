//! The audit log: who did what and when, hash-chained so that an edited,
//! inserted or deleted entry is detected.
//!
//! Each entry's hash covers the previous entry's hash and the entry's own
//! fields, length-prefixed. The hash and number of the newest entry are kept in
//! the settings, so that removing entries from the end is detected too. The log
//! records actions and case references, never field values.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use super::{Result, Vault, cases, set_setting, setting};

const HEAD_SETTING: &str = "audit_head";

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    /// The case reference the action concerns, if any.
    pub subject: Option<String>,
    pub detail: Option<String>,
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditCheck {
    Intact {
        entries: u64,
    },
    /// The first entry whose hash does not follow from the ones before it.
    Broken {
        seq: i64,
        reason: String,
    },
}

fn entry_hash(previous: &[u8], entry: &AuditEntry) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(previous);
    hasher.update(entry.seq.to_be_bytes());
    for field in [
        Some(entry.at.as_str()),
        Some(entry.actor.as_str()),
        Some(entry.action.as_str()),
        entry.subject.as_deref(),
        entry.detail.as_deref(),
    ] {
        match field {
            Some(text) => {
                hasher.update([1u8]);
                hasher.update((text.len() as u64).to_be_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update([0u8]),
        }
    }
    hasher.finalize().to_vec()
}

/// Appends an entry; call inside the transaction of the action it records.
pub(crate) fn append(
    conn: &Connection,
    actor: &str,
    action: &str,
    subject: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    let last: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (seq, previous) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, vec![0u8; 32]),
    };
    let entry = AuditEntry {
        seq,
        at: cases::timestamp(Utc::now()),
        actor: actor.to_owned(),
        action: action.to_owned(),
        subject: subject.map(str::to_owned),
        detail: detail.map(str::to_owned),
    };
    let hash = entry_hash(&previous, &entry);
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, actor, action, subject, detail, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![entry.seq, entry.at, entry.actor, entry.action, entry.subject, entry.detail, hash])?;
    set_setting(conn, HEAD_SETTING, &format!("{seq}:{}", hex::encode(&hash)))?;
    Ok(())
}

impl Vault {
    /// The audit log, oldest first.
    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, at, actor, action, subject, detail FROM audit ORDER BY seq")?;
        let rows = stmt.query_map([], |row| {
            Ok(AuditEntry {
                seq: row.get(0)?,
                at: row.get(1)?,
                actor: row.get(2)?,
                action: row.get(3)?,
                subject: row.get(4)?,
                detail: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Recomputes the chain from the first entry and compares it with the
    /// stored hashes and the recorded head.
    pub fn verify_audit(&self) -> Result<AuditCheck> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, action, subject, detail, hash FROM audit ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut previous = vec![0u8; 32];
        let mut expected_seq = 1i64;
        let mut entries = 0u64;
        while let Some(row) = rows.next()? {
            let entry = AuditEntry {
                seq: row.get(0)?,
                at: row.get(1)?,
                actor: row.get(2)?,
                action: row.get(3)?,
                subject: row.get(4)?,
                detail: row.get(5)?,
            };
            let stored: Vec<u8> = row.get(6)?;
            if entry.seq != expected_seq {
                return Ok(AuditCheck::Broken {
                    seq: expected_seq,
                    reason: format!("entry {expected_seq} is missing"),
                });
            }
            let hash = entry_hash(&previous, &entry);
            if hash != stored {
                return Ok(AuditCheck::Broken {
                    seq: entry.seq,
                    reason: format!("entry {} was altered", entry.seq),
                });
            }
            previous = hash;
            expected_seq += 1;
            entries += 1;
        }
        let head = setting(&self.conn, HEAD_SETTING)?.unwrap_or_default();
        let expected_head = if entries == 0 {
            String::new()
        } else {
            format!("{}:{}", expected_seq - 1, hex::encode(&previous))
        };
        if head != expected_head {
            return Ok(AuditCheck::Broken {
                seq: expected_seq,
                reason: "entries were removed from the end of the log".into(),
            });
        }
        Ok(AuditCheck::Intact { entries })
    }
}
