//! Handing cases over: an officer gives one case, several, or every open
//! case of an officer to another officer of the vault, with a note.
//!
//! Promises:
//! - The officer a case goes to is a current officer of the vault (a name
//!   matched as at unlock: case and Unicode form aside); any other name is
//!   refused with [`Error::UnknownOfficer`], which names the officers, and
//!   nothing changes.
//! - All or nothing: one transaction. A case that is not found refuses the
//!   whole handover.
//! - Each case that changes owner gets a handover entry in `handovers`
//!   (when, by whom, from whom, to whom, the note), inside the encrypted
//!   database. The note is case content: the audit log records only
//!   `case-reassigned`, the case's reference and "from A to B", by the
//!   officer signed in, one entry per case moved; never the note.
//! - A case handed to the officer who owns it already is left as it is:
//!   no entry, no audit line.
//! - Nothing else of the case changes, not its revision: the owner and the
//!   handovers are the vault's own (an export carries neither), so a
//!   handover is no new version of the case to send to the commission.
//! - "Handed over, not yet seen": a handover stays unseen until the
//!   officer it went to opens the case ([`Vault::view_case`]) or says they
//!   have seen them all ([`Vault::mark_handovers_seen`], the list's
//!   banner). [`Vault::handed_over_to_me`] lists the unseen cases that
//!   officer still owns, through a small partial index.
//! - One identity for an officer's name: a name given (`--to`, `--from`,
//!   a list's `--owner`) is matched as at unlock ([`keys::same_name`]:
//!   case and Unicode form aside) to the name the vault stores, and the
//!   SQL filters compare that stored name. No two names that match are
//!   ever in use at once: adding an officer whose name matches a removed
//!   officer who still owns cases is refused (`check_no_orphans`), so a
//!   newcomer never inherits a predecessor's cases and notes by name.
//! - The note is text for another officer to read: trimmed, in Unicode
//!   NFC, at most [`MAX_NOTE_CHARS`] characters, and without control,
//!   format or bidi characters (line breaks excepted) that could hide or
//!   reorder what it says or drive a terminal ([`check_note`]).
//! - At the commission no case is handed over: its cases are the
//!   missions', owned by their officers, who are no officers of the
//!   commission's vault (docs/threat-model.md).
//! - Erasing a case deletes its handovers, notes included (a foreign key
//!   with `ON DELETE CASCADE`; pages are wiped by `secure_delete`).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::cases::{Key, find, now, parse_timestamp, timestamp};
use super::list::{SUMMARY_COLUMNS, summary_from_row};
use super::{CaseSummary, Error, Result, Role, Vault, audit, keys};
use crate::domain::{CaseId, CaseStatus};

/// The longest handover note, in characters (a few paragraphs).
pub const MAX_NOTE_CHARS: usize = 4000;

/// The audit action of a case moved to another officer.
const REASSIGNED: &str = "case-reassigned";

/// One move of a case from one officer to another.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Handover {
    pub at: DateTime<Utc>,
    /// The officer who made the handover (signed in at the time).
    pub by: String,
    pub from: String,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the officer it went to first opened the case (or marked the
    /// handovers seen); `None` while they have not.
    pub seen_at: Option<DateTime<Utc>>,
}

/// Prints who and when, never the note (case content).
impl std::fmt::Debug for Handover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handover")
            .field("at", &self.at)
            .field("by", &self.by)
            .field("from", &self.from)
            .field("to", &self.to)
            .field("note", &self.note.as_ref().map(|_| "[redacted]"))
            .field("seen_at", &self.seen_at)
            .finish()
    }
}

/// Which cases a handover moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handing {
    /// These cases, each by id or reference.
    Cases(Vec<String>),
    /// Every open case (neither closed nor closed and referred) that this
    /// officer owns; a removed officer's name is taken too, so that what
    /// they left can be handed on.
    OpenCasesOf(String),
}

/// What a handover did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reassigned {
    /// The officer the cases went to, as the vault names them.
    pub to: String,
    /// How many cases changed owner.
    pub moved: u64,
    /// How many were that officer's already, and were left as they were.
    pub unchanged: u64,
}

impl Vault {
    /// Gives `cases` to the officer `to`, with an optional note kept in
    /// each case's handovers (trimmed; empty means none). See the module's
    /// promises.
    pub fn reassign(
        &mut self,
        cases: &Handing,
        to: &str,
        note: Option<&str>,
    ) -> Result<Reassigned> {
        if self.info.role == Role::Commission {
            return Err(Error::InvalidSetting(AT_COMMISSION.into()));
        }
        let officers = self.officers()?;
        let to = officers
            .iter()
            .find(|o| keys::same_name(o, to))
            .cloned()
            .ok_or_else(|| Error::UnknownOfficer {
                name: shown_name(to),
                officers: officers.clone(),
            })?;
        let note = note.map(check_note).transpose()?.flatten();
        let note = note.as_deref();
        let from = match cases {
            Handing::OpenCasesOf(from) => Some(self.owner_named(from)?),
            Handing::Cases(_) => None,
        };
        let tx = self.conn.transaction()?;
        let targets = match (cases, from) {
            (Handing::OpenCasesOf(_), Some(from)) => open_cases_of(&tx, &from)?,
            (Handing::Cases(keys), _) => named_cases(&tx, keys)?,
            (Handing::OpenCasesOf(_), None) => Vec::new(),
        };
        let at = timestamp(now());
        let (mut moved, mut unchanged) = (0, 0);
        for Target {
            seq,
            reference,
            owner,
        } in targets
        {
            if owner == to {
                unchanged += 1;
                continue;
            }
            tx.prepare_cached("UPDATE cases SET owner = ?2 WHERE seq = ?1")?
                .execute(params![seq, to])?;
            // The case moved on: earlier handovers of it that were never
            // seen are no longer anyone's news.
            tx.prepare_cached(
                "UPDATE handovers SET seen_at = ?2 WHERE case_seq = ?1 AND seen_at IS NULL",
            )?
            .execute(params![seq, at])?;
            // Taking a case oneself is no news to oneself.
            let seen = (to == self.info.officer).then_some(&at);
            tx.prepare_cached(
                "INSERT INTO handovers \
                 (case_seq, at, by_officer, from_officer, to_officer, note, seen_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![seq, at, self.info.officer, owner, to, note, seen])?;
            audit::append(
                &tx,
                &self.info.officer,
                REASSIGNED,
                Some(&reference),
                Some(&format!("from {owner} to {to}")),
            )?;
            moved += 1;
        }
        tx.commit()?;
        Ok(Reassigned {
            to,
            moved,
            unchanged,
        })
    }

    /// The officer `name` stands for, as the vault names them: a current
    /// officer, or else one who owns cases still (a removed officer).
    /// Refused with [`Error::UnknownOfficer`] otherwise.
    pub fn owner_named(&self, name: &str) -> Result<String> {
        let officers = self.officers()?;
        if let Some(officer) = officers.iter().find(|o| keys::same_name(o, name)) {
            return Ok(officer.clone());
        }
        // Rare (a removed officer's name): a pass over the owners is fine.
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT coalesce(owner, created_by) FROM cases")?;
        let owners = stmt.query_map([], |row| row.get::<_, String>(0))?;
        for owner in owners {
            let owner = owner?;
            if keys::same_name(&owner, name) {
                return Ok(owner);
            }
        }
        Err(Error::UnknownOfficer {
            name: shown_name(name),
            officers,
        })
    }

    /// Refuses a new officer's `name` (canonical) when it matches a
    /// removed officer who still owns cases or has handovers not yet seen:
    /// the newcomer would inherit them (the same name is plausible: "J.
    /// Surname"). Those cases are handed over first. Not at the commission,
    /// whose cases are owned by the missions' officers.
    pub(super) fn check_no_orphans(&self, name: &str) -> Result<()> {
        if self.info.role == Role::Commission {
            return Ok(());
        }
        let officers = self.officers()?;
        let mut stmt = self.conn.prepare(
            "SELECT coalesce(owner, created_by), count(*) FROM cases \
             GROUP BY coalesce(owner, created_by) \
             UNION ALL SELECT to_officer, 0 FROM handovers WHERE seen_at IS NULL",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (owner, cases) = row?;
            if keys::same_name(&owner, name) && !officers.contains(&owner) {
                return Err(Error::InvalidSetting(format!(
                    "\"{name}\" is the name of {owner}, a removed officer who still owns {cases} \
                     case(s) or has handovers not yet seen; hand those over to a current officer \
                     first (casebook reassign --from \"{owner}\" --to NAME), so that the new \
                     officer does not inherit them"
                )));
            }
        }
        Ok(())
    }

    /// How many open cases `owner` owns: what [`Handing::OpenCasesOf`]
    /// would move. The name is matched as [`Vault::owner_named`] does.
    pub fn count_open_cases_of(&self, owner: &str) -> Result<u64> {
        let owner = self.owner_named(owner)?;
        let count: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM cases \
                 WHERE coalesce(owner, created_by) = ?1 AND status NOT IN (?2, ?3)",
            )?
            .query_row(
                params![
                    owner,
                    CaseStatus::Closed.as_str(),
                    CaseStatus::ClosedReferred.as_str()
                ],
                |row| row.get(0),
            )?;
        Ok(count.unsigned_abs())
    }

    /// The cases named (by id or reference) that are still in the vault,
    /// each once, with their owners: `(reference, owner)`. What a handover
    /// of them would move is those not the recipient's already; a case
    /// erased meanwhile is left out.
    pub fn owners_of(&self, cases: &[String]) -> Result<Vec<(String, String)>> {
        let mut found: Vec<(i64, String, String)> = Vec::new();
        for case in cases {
            if let Some((seq, meta)) = find(&self.conn, &Key::parse(case))?
                && !found.iter().any(|(s, ..)| *s == seq)
            {
                found.push((seq, meta.reference, owner_of(&self.conn, seq)?));
            }
        }
        Ok(found.into_iter().map(|(_, r, o)| (r, o)).collect())
    }

    /// The open cases of `owner` (matched as [`Vault::owner_named`] does),
    /// oldest first: `(reference, owner)`, what [`Handing::OpenCasesOf`]
    /// would move now. A dialog that asks first hands over exactly these
    /// ([`Handing::Cases`]), not what is open when the answer comes.
    pub fn open_cases_named(&self, owner: &str) -> Result<Vec<(String, String)>> {
        let owner = self.owner_named(owner)?;
        Ok(open_cases_of(&self.conn, &owner)?
            .into_iter()
            .map(|t| (t.reference, t.owner))
            .collect())
    }

    /// The handovers of a case, oldest first.
    pub fn case_handovers(&self, id_or_reference: &str) -> Result<Vec<Handover>> {
        let (seq, _) = find(&self.conn, &Key::parse(id_or_reference))?
            .ok_or_else(|| Error::CaseNotFound(id_or_reference.into()))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, by_officer, from_officer, to_officer, note, seen_at FROM handovers \
             WHERE case_seq = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([seq], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut handovers = Vec::new();
        for row in rows {
            let (at, by, from, to, note, seen_at) = row?;
            handovers.push(Handover {
                at: parse_timestamp(&at)?,
                by,
                from,
                to,
                note,
                seen_at: seen_at.as_deref().map(parse_timestamp).transpose()?,
            });
        }
        Ok(handovers)
    }

    /// The cases handed over to the officer signed in that they own and
    /// have not seen yet: how many, and the first `limit` of them (latest
    /// first contact first).
    pub fn handed_over_to_me(&self, limit: u64) -> Result<(u64, Vec<CaseSummary>)> {
        const UNSEEN: &str = "c.seq IN (SELECT case_seq FROM handovers \
             WHERE to_officer = ?1 AND seen_at IS NULL) AND coalesce(c.owner, c.created_by) = ?1";
        let officer = &self.info.officer;
        let count: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM cases c WHERE {UNSEEN}"))?
            .query_row([officer], |row| row.get(0))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM cases c WHERE {UNSEEN} \
             ORDER BY c.first_contact_date DESC, c.seq DESC LIMIT ?2"
        ))?;
        let rows = stmt
            .query_map(
                params![officer, super::cases::sql_int(limit)],
                summary_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((count.unsigned_abs(), rows))
    }

    /// The officer signed in has seen every case handed over to them (the
    /// list's banner acknowledged). Returns how many handovers were unseen.
    pub fn mark_handovers_seen(&mut self) -> Result<u64> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE handovers SET seen_at = ?2 WHERE to_officer = ?1 AND seen_at IS NULL",
            )?
            .execute(params![self.info.officer, timestamp(now())])?;
        Ok(changed as u64)
    }

    /// The officer signed in has seen these cases (by id or reference)
    /// handed over to them, and only these: the ones the list's banner
    /// showed. Returns how many handovers were unseen.
    pub fn mark_handovers_seen_of(&mut self, cases: &[String]) -> Result<u64> {
        let tx = self.conn.transaction()?;
        let mut changed = 0;
        for case in cases {
            if let Some((seq, _)) = find(&tx, &Key::parse(case))? {
                changed += tx
                    .prepare_cached(
                        "UPDATE handovers SET seen_at = ?3 \
                         WHERE case_seq = ?1 AND to_officer = ?2 AND seen_at IS NULL",
                    )?
                    .execute(params![seq, self.info.officer, timestamp(now())])?;
            }
        }
        tx.commit()?;
        Ok(changed as u64)
    }
}

/// What is said when a handover is asked for at the commission.
const AT_COMMISSION: &str = "cases are not handed over at the commission: its cases belong to \
     the missions that sent them, and their owners are the missions' officers";

/// A name given that is no officer's, as an error message shows it: at
/// most 80 characters, control and format characters escaped.
fn shown_name(name: &str) -> String {
    let name = name.trim();
    let mut shown: String = name.chars().take(80).collect();
    if name.chars().count() > 80 {
        shown.push('…');
    }
    escaped(&shown)
}

/// `text` with the characters that do not show (control, format, bidi
/// and line separators, line breaks included) written as `\u{…}`: for a
/// terminal or a one-line message.
pub fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| {
            if hidden(c) || c == '\n' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Whether `c` is a character a note must not hold (line breaks aside,
/// which `check_note` allows): the project's one rule.
fn hidden(c: char) -> bool {
    crate::domain::text::is_hidden(c)
}

/// A handover note as it is kept: line breaks as `\n`, in Unicode NFC,
/// trimmed (`None`: empty). Refused, with what is wrong, when longer than
/// [`MAX_NOTE_CHARS`] or holding a control, format or bidi character
/// other than a line break.
pub fn check_note(note: &str) -> Result<Option<String>> {
    let note = icu_normalizer::ComposingNormalizerBorrowed::new_nfc()
        .normalize(&note.replace("\r\n", "\n"))
        .trim()
        .to_owned();
    if note.is_empty() {
        return Ok(None);
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(Error::InvalidSetting(format!(
            "a handover note holds at most {MAX_NOTE_CHARS} characters"
        )));
    }
    if let Some(c) = note.chars().find(|&c| c != '\n' && hidden(c)) {
        return Err(Error::InvalidSetting(format!(
            "a handover note cannot hold control, format or text-direction characters (it holds {}); \
             write it as plain text, with line breaks if need be",
            c.escape_unicode()
        )));
    }
    Ok(Some(note))
}

/// The case `id` is seen by `officer`: the handovers of it to them are
/// seen now. In the transaction of the view.
pub(super) fn mark_seen(conn: &Connection, id: &CaseId, officer: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE handovers SET seen_at = ?3 WHERE to_officer = ?2 AND seen_at IS NULL \
         AND case_seq = (SELECT seq FROM cases WHERE id = ?1)",
    )?
    .execute(params![id, officer, timestamp(now())])?;
    Ok(())
}

/// A case a handover may move, with its owner before it.
struct Target {
    seq: i64,
    reference: String,
    owner: String,
}

fn owner_of(conn: &Connection, seq: i64) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT coalesce(owner, created_by) FROM cases WHERE seq = ?1")?
        .query_row([seq], |row| row.get(0))?)
}

/// The cases named, each once, in the order given.
fn named_cases(conn: &Connection, names: &[String]) -> Result<Vec<Target>> {
    let mut targets: Vec<Target> = Vec::new();
    for name in names {
        let (seq, meta) =
            find(conn, &Key::parse(name))?.ok_or_else(|| Error::CaseNotFound(name.clone()))?;
        if targets.iter().any(|t| t.seq == seq) {
            continue;
        }
        targets.push(Target {
            seq,
            reference: meta.reference,
            owner: owner_of(conn, seq)?,
        });
    }
    Ok(targets)
}

/// Every open case `owner` owns, oldest row first.
fn open_cases_of(conn: &Connection, owner: &str) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, reference, coalesce(owner, created_by) FROM cases \
         WHERE coalesce(owner, created_by) = ?1 AND status NOT IN (?2, ?3) ORDER BY seq",
    )?;
    let rows = stmt.query_map(
        params![
            owner,
            CaseStatus::Closed.as_str(),
            CaseStatus::ClosedReferred.as_str()
        ],
        |row| {
            Ok(Target {
                seq: row.get(0)?,
                reference: row.get(1)?,
                owner: row.get(2)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the case in row `seq` has any handover (for tests of erasure).
#[cfg(test)]
fn has_handovers(conn: &Connection, seq: i64) -> Result<bool> {
    use rusqlite::OptionalExtension as _;
    Ok(conn
        .query_row(
            "SELECT 1 FROM handovers WHERE case_seq = ?1 LIMIT 1",
            [seq],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::testing::{actions, passphrase, vault_with_a_case};
    use crate::vault::{KdfParams, ListQuery};

    const SECOND: &str = "A. Petraitė";
    const SECOND_PASSPHRASE: &str = "amber meadow kettle violin";

    fn two_officers(dir: &std::path::Path) -> (Vault, String) {
        let (mut vault, reference) = vault_with_a_case(dir);
        vault
            .add_officer(
                SECOND,
                &passphrase(SECOND_PASSPHRASE),
                KdfParams::insecure_for_tests(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        (vault, reference)
    }

    fn ok<T>(result: Result<T>) -> T {
        result.unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_handover_moves_the_owner_keeps_the_note_and_audits_no_note() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        let before = ok(vault.get_case(&reference));
        let done = ok(vault.reassign(
            &Handing::Cases(vec![reference.to_lowercase()]),
            "a. petraitė",
            Some("  Calls on Tuesdays; interpreter needed  "),
        ));
        assert_eq!(
            done,
            Reassigned {
                to: SECOND.into(),
                moved: 1,
                unchanged: 0
            }
        );
        assert_eq!(ok(vault.case_owner(&reference)), SECOND);
        let handovers = ok(vault.case_handovers(&reference));
        assert_eq!(handovers.len(), 1);
        let handover = &handovers[0];
        assert_eq!(
            (
                handover.by.as_str(),
                handover.from.as_str(),
                handover.to.as_str()
            ),
            ("J. Jonaitis", "J. Jonaitis", SECOND)
        );
        assert_eq!(
            handover.note.as_deref(),
            Some("Calls on Tuesdays; interpreter needed")
        );
        assert!(handover.seen_at.is_none());
        assert!(!format!("{handover:?}").contains("Tuesdays"));
        // The record itself is untouched: no new revision to export.
        assert_eq!(ok(vault.get_case(&reference)), before);
        let entries = ok(vault.audit_entries());
        let last = entries.last().cloned();
        assert_eq!(
            last.map(|e| (e.actor, e.action, e.subject, e.detail)),
            Some((
                "J. Jonaitis".into(),
                REASSIGNED.into(),
                Some(reference.clone()),
                Some(format!("from J. Jonaitis to {SECOND}"))
            ))
        );
        assert!(
            !entries
                .iter()
                .any(|e| e.detail.as_deref().is_some_and(|d| d.contains("Tuesdays")))
        );
    }

    #[test]
    fn handing_a_case_to_its_owner_changes_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        let audited = actions(&vault).len();
        let done = ok(vault.reassign(
            &Handing::Cases(vec![reference.clone()]),
            "J. Jonaitis",
            Some("note"),
        ));
        assert_eq!((done.moved, done.unchanged), (0, 1));
        assert!(ok(vault.case_handovers(&reference)).is_empty());
        assert_eq!(actions(&vault).len(), audited);
    }

    #[test]
    fn an_unknown_officer_or_case_changes_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        let audited = actions(&vault).len();
        let refused = vault.reassign(&Handing::Cases(vec![reference.clone()]), "Nobody", None);
        assert!(
            matches!(&refused, Err(Error::UnknownOfficer { name, officers })
                if name == "Nobody" && officers == &["J. Jonaitis", SECOND]),
            "{refused:?}"
        );
        // One unknown case among known ones: none moves.
        let refused = vault.reassign(
            &Handing::Cases(vec![reference.clone(), "LT-LON-1999-0001".into()]),
            SECOND,
            None,
        );
        assert!(matches!(refused, Err(Error::CaseNotFound(_))));
        assert_eq!(ok(vault.case_owner(&reference)), "J. Jonaitis");
        assert!(ok(vault.case_handovers(&reference)).is_empty());
        assert_eq!(actions(&vault).len(), audited);
        let long = "x".repeat(MAX_NOTE_CHARS + 1);
        assert!(matches!(
            vault.reassign(&Handing::Cases(vec![reference]), SECOND, Some(&long)),
            Err(Error::InvalidSetting(_))
        ));
    }

    #[test]
    fn all_open_cases_move_and_closed_ones_stay() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, open) = two_officers(dir.path());
        let mut closed = ok(vault.get_case(&open)).case;
        closed.status = CaseStatus::Closed;
        closed.closure_reason = Some("Returned home".into());
        let closed = ok(vault.create_case(closed)).meta.reference;
        let done = ok(vault.reassign(&Handing::OpenCasesOf("j. jonaitis".into()), SECOND, None));
        assert_eq!((done.moved, done.unchanged), (1, 0));
        assert_eq!(ok(vault.case_owner(&open)), SECOND);
        assert_eq!(ok(vault.case_owner(&closed)), "J. Jonaitis");
        assert_eq!(ok(vault.count_open_cases_of("J. Jonaitis")), 0);
        assert_eq!(ok(vault.count_open_cases_of(SECOND)), 1);
        let mine = ok(vault.list_cases(&ListQuery {
            owner: Some(SECOND.into()),
            ..ListQuery::default()
        }));
        let listed: Vec<String> = mine.rows.into_iter().map(|r| r.reference).collect();
        assert_eq!((mine.total, listed), (1, vec![open]));
    }

    #[test]
    fn the_receiver_sees_the_case_until_they_open_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        ok(vault.reassign(&Handing::Cases(vec![reference.clone()]), SECOND, None));
        assert_eq!(ok(vault.handed_over_to_me(10)).0, 0, "not to the giver");
        drop(vault);
        let mut second = ok(Vault::open_as(
            dir.path(),
            Some(SECOND),
            &passphrase(SECOND_PASSPHRASE),
        ));
        let (count, rows) = ok(second.handed_over_to_me(10));
        assert_eq!(count, 1);
        assert_eq!(
            rows.first().map(|r| r.reference.as_str()),
            Some(&*reference)
        );
        ok(second.view_case(&reference));
        assert_eq!(ok(second.handed_over_to_me(10)).0, 0);
        assert!(ok(second.case_handovers(&reference))[0].seen_at.is_some());
    }

    #[test]
    fn marking_seen_clears_every_handover_to_the_officer_signed_in() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        ok(vault.reassign(&Handing::Cases(vec![reference]), SECOND, None));
        assert_eq!(ok(vault.mark_handovers_seen()), 0, "none to the giver");
        drop(vault);
        let mut second = ok(Vault::open_as(
            dir.path(),
            Some(SECOND),
            &passphrase(SECOND_PASSPHRASE),
        ));
        assert_eq!(ok(second.mark_handovers_seen()), 1);
        assert_eq!(ok(second.handed_over_to_me(10)).0, 0);
    }

    #[test]
    fn erasing_a_case_deletes_its_handovers() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        ok(vault.reassign(
            &Handing::Cases(vec![reference.clone()]),
            SECOND,
            Some("note"),
        ));
        let (seq, _) = ok(find(&vault.conn, &Key::parse(&reference))).unwrap_or_else(|| panic!());
        assert!(ok(has_handovers(&vault.conn, seq)));
        ok(vault.erase_case(&reference));
        assert!(!ok(has_handovers(&vault.conn, seq)));
    }

    #[test]
    fn a_removed_officers_name_is_refused_while_their_cases_are_theirs() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        ok(vault.reassign(
            &Handing::Cases(vec![reference.clone()]),
            SECOND,
            Some("note"),
        ));
        ok(vault.remove_officer(SECOND));
        // Neither the same name nor one that matches it as at unlock: the
        // newcomer would inherit the case, its note and the banner.
        for name in [SECOND, "a. petraitė"] {
            let refused = vault.add_officer(
                name,
                &passphrase(SECOND_PASSPHRASE),
                KdfParams::insecure_for_tests(),
            );
            assert!(
                matches!(&refused, Err(Error::InvalidSetting(m))
                    if m.contains("removed officer") && m.contains("reassign --from")),
                "{refused:?}"
            );
        }
        // Handed on first, the name is free; the newcomer gets nothing.
        let done = ok(vault.reassign(
            &Handing::OpenCasesOf("a. petraitė".into()),
            "J. Jonaitis",
            None,
        ));
        assert_eq!(done.moved, 1);
        ok(vault.add_officer(
            "a. petraitė",
            &passphrase(SECOND_PASSPHRASE),
            KdfParams::insecure_for_tests(),
        ));
        assert_eq!(ok(vault.count_open_cases_of("A. Petraitė")), 0);
        assert_eq!(ok(vault.case_owner(&reference)), "J. Jonaitis");
        drop(vault);
        let newcomer = ok(Vault::open_as(
            dir.path(),
            Some("a. petraitė"),
            &passphrase(SECOND_PASSPHRASE),
        ));
        assert_eq!(ok(newcomer.handed_over_to_me(10)).0, 0);
    }

    #[test]
    fn a_note_with_control_format_or_bidi_characters_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        let audited = actions(&vault).len();
        for bad in [
            "\u{1b}[2J",
            "pay \u{202E}txt.exe",
            "a\0b",
            "zero\u{200B}width",
        ] {
            let refused =
                vault.reassign(&Handing::Cases(vec![reference.clone()]), SECOND, Some(bad));
            assert!(
                matches!(&refused, Err(Error::InvalidSetting(m)) if m.contains("control, format")),
                "{refused:?}"
            );
        }
        assert_eq!(ok(vault.case_owner(&reference)), "J. Jonaitis");
        assert_eq!(actions(&vault).len(), audited);
        // Line breaks are kept (as \n), and the text is kept in NFC.
        ok(vault.reassign(
            &Handing::Cases(vec![reference.clone()]),
            SECOND,
            Some(" Line one\r\nRu\u{0304}ta calls "),
        ));
        let kept = ok(vault.case_handovers(&reference));
        assert_eq!(kept[0].note.as_deref(), Some("Line one\nR\u{016B}ta calls"));
        assert_eq!(
            escaped("a\u{1b}[2J\nb\u{202E}"),
            "a\\u{1b}[2J\\u{a}b\\u{202e}"
        );
    }

    #[test]
    fn an_unknown_name_is_cut_short_and_escaped_in_the_error() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        let name = format!("\u{1b}[31m{}", "x".repeat(500));
        let refused = vault.reassign(&Handing::Cases(vec![reference]), &name, None);
        match refused {
            Err(Error::UnknownOfficer { name, .. }) => {
                assert!(name.starts_with("\\u{1b}[31m"), "{name}");
                assert!(name.chars().count() < 100, "{name}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn taking_a_case_oneself_or_moving_it_on_leaves_nothing_unseen() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (mut vault, reference) = two_officers(dir.path());
        ok(vault.reassign(&Handing::Cases(vec![reference.clone()]), SECOND, None));
        // Taken back by the one who gave it: the handover to A. Petraitė
        // is no longer news, and J. Jonaitis does not tell himself.
        ok(vault.reassign(
            &Handing::Cases(vec![reference.clone()]),
            "J. Jonaitis",
            None,
        ));
        assert_eq!(ok(vault.handed_over_to_me(10)).0, 0);
        assert!(
            ok(vault.case_handovers(&reference))
                .iter()
                .all(|h| h.seen_at.is_some())
        );
        ok(vault.reassign(&Handing::Cases(vec![reference.clone()]), SECOND, None));
        drop(vault);
        let mut second = ok(Vault::open_as(
            dir.path(),
            Some(SECOND),
            &passphrase(SECOND_PASSPHRASE),
        ));
        // Only the cases shown are marked seen.
        assert_eq!(
            ok(second.mark_handovers_seen_of(&["LT-LON-1999-0001".into()])),
            0
        );
        assert_eq!(ok(second.handed_over_to_me(10)).0, 1);
        assert_eq!(ok(second.mark_handovers_seen_of(&[reference])), 1);
        assert_eq!(ok(second.handed_over_to_me(10)).0, 0);
    }

    #[test]
    fn what_a_dialog_reads_first_is_the_cases_still_there_with_their_owners() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (vault, reference) = two_officers(dir.path());
        let id = ok(vault.get_case(&reference)).meta.id.to_string();
        let read = ok(vault.owners_of(&[id, reference.clone(), "LT-LON-1999-0001".into()]));
        assert_eq!(read, vec![(reference.clone(), "J. Jonaitis".to_owned())]);
        assert_eq!(
            ok(vault.open_cases_named("j. jonaitis")),
            vec![(reference, "J. Jonaitis".to_owned())]
        );
    }
}
