//! What the passes check of a file's lines: where its manifest and
//! signature are, the signature itself, and, in the second pass, every
//! record, tallied by batches of lines that add up in file order.

use chrono::NaiveDate;
use ed25519_dalek::{Signature, VerifyingKey};

use super::super::Error;
use super::super::format::{self, ExportedCase, Line, Manifest};
use super::check_epoch;
use crate::domain::validate_received;

/// Where the manifests and signatures of a file are (`structure`, by line
/// number) must be where a file has them: its last two lines, `lines` being
/// the number of the last.
pub(super) fn check_structure(structure: &[(u64, Structure)], lines: u64) -> Result<(), Error> {
    match structure.first() {
        None => Err(Error::Damaged("the file ends before its manifest".into())),
        Some((_, Structure::Signature)) => Err(Error::ManifestMismatch(
            "the signature comes before the manifest".into(),
        )),
        Some((at, Structure::Manifest)) if *at == lines => {
            Err(Error::Damaged("the file ends before its signature".into()))
        }
        Some((at, Structure::Manifest)) => {
            if structure.get(1) != Some(&(at + 1, Structure::Signature)) {
                Err(Error::ManifestMismatch(
                    "the line after the manifest is not a signature".into(),
                ))
            } else if at + 1 != lines {
                Err(Error::ManifestMismatch(
                    "there is data after the signature".into(),
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// Verifies the mission's signature over the manifest line with the key
/// the manifest names; returns that key.
pub(super) fn check_signature(
    manifest: &Manifest,
    line: &[u8],
    signature: &str,
) -> Result<[u8; 32], Error> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(&manifest.mission_key, &mut key).map_err(|_| Error::BadSignature)?;
    let mut bytes = [0u8; 64];
    hex::decode_to_slice(signature, &mut bytes).map_err(|_| Error::BadSignature)?;
    VerifyingKey::from_bytes(&key)
        .and_then(|verifying| verifying.verify_strict(line, &Signature::from_bytes(&bytes)))
        .map_err(|_| Error::BadSignature)?;
    Ok(key)
}

/// A record must be a valid case, as if it had been typed in at the
/// commission (a day of slack for missions ahead of UTC), under the rules
/// that bound it when its mission saved it.
fn check_case(exported: &ExportedCase, today: NaiveDate) -> Result<(), String> {
    if exported.meta.revision == 0 {
        return Err(format!("case {}: revision 0", exported.meta.reference));
    }
    check_epoch(exported.meta.epoch.as_deref())
        .map_err(|e| format!("case {}: {e}", exported.meta.reference))?;
    // A stub stays at its mission: the commission's full record must never
    // be compared with, let alone replaced by, one.
    if exported.case.held_by_commission {
        return Err(format!(
            "case {}: it is a stub (held_by_commission), which a mission never sends",
            exported.meta.reference
        ));
    }
    // Its size is bounded by the line it came in.
    let problems = validate_received(&exported.case, today);
    if problems.is_empty() {
        return Ok(());
    }
    let list = problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    Err(format!("case {}: {list}", exported.meta.reference))
}

/// What checking some of a file's lines found; tallies of consecutive runs
/// of lines add up, in file order, to that of the whole file.
///
/// What it keeps is bounded whatever the lines hold: counts, and texts cut
/// to [`KEPT_CHARS`], so that the tallies of a file's batches, gathered
/// before they are added up, do not grow with the length of its lines.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) counts: format::Counts,
    /// The first record that does not belong to the mission that signed
    /// the file.
    pub(super) stray: Option<Stray>,
    pub(super) first_invalid: Option<Error>,
    /// The first two lines among the records that are a manifest or a
    /// signature, by number: in a sound file, none.
    pub(super) structure: Vec<(u64, Structure)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Structure {
    Manifest,
    Signature,
}

impl Structure {
    /// What a line opens like, as Casebook writes it, without parsing it.
    pub(super) fn opening(line: &[u8]) -> Option<Structure> {
        if line.starts_with(b"{\"manifest\":") {
            Some(Structure::Manifest)
        } else if line.starts_with(b"{\"signature\":") {
            Some(Structure::Signature)
        } else {
            None
        }
    }

    fn of<E>(line: &Result<Line, E>) -> Option<Structure> {
        match line {
            Ok(Line::Manifest(_)) => Some(Structure::Manifest),
            Ok(Line::Signature(_)) => Some(Structure::Signature),
            _ => None,
        }
    }
}

impl Tally {
    pub(super) fn check(&mut self, number: u64, line: &[u8], mission: &str, today: NaiveDate) {
        let parsed = format::parse::<Line>(line);
        if let Some(kind) = Structure::of(&parsed) {
            // Only the first two are ever looked at: the list stays short
            // whatever a file holds.
            if self.structure.len() < 2 {
                self.structure.push((number, kind));
            }
            return;
        }
        match parsed {
            Ok(Line::Case(exported)) => {
                self.counts.cases += 1;
                self.counts.redacted += u64::from(exported.redacted);
                self.note_origin(
                    number,
                    mission,
                    &exported.meta.origin_mission,
                    &exported.meta.reference,
                );
                if self.first_invalid.is_none() {
                    self.first_invalid =
                        check_case(&exported, today)
                            .err()
                            .map(|message| Error::InvalidRecord {
                                line: number,
                                message: cut(&message, KEPT_MESSAGE_CHARS),
                            });
                }
            }
            Ok(Line::Tombstone(tombstone)) => {
                self.counts.tombstones += 1;
                self.note_origin(
                    number,
                    mission,
                    &tombstone.origin_mission,
                    &tombstone.reference,
                );
            }
            Ok(Line::Withdrawal(withdrawal)) => {
                self.counts.withdrawals += 1;
                self.note_origin(
                    number,
                    mission,
                    &withdrawal.origin_mission,
                    &withdrawal.reference,
                );
                if self.first_invalid.is_none()
                    && let Some(problem) = withdrawal_problem(&withdrawal)
                {
                    self.first_invalid = Some(Error::InvalidRecord {
                        line: number,
                        message: format!(
                            "withdrawn consent for {}: {problem}",
                            cut(&withdrawal.reference, KEPT_CHARS)
                        ),
                    });
                }
            }
            // Noted above.
            Ok(Line::Manifest(_) | Line::Signature(_)) => {}
            Err(message) => {
                self.first_invalid.get_or_insert(Error::InvalidRecord {
                    line: number,
                    message: cut(&message, KEPT_MESSAGE_CHARS),
                });
            }
        }
    }

    /// Adds the tally of the lines that follow this one's.
    pub(super) fn add(&mut self, later: Tally) {
        self.counts.cases += later.counts.cases;
        self.counts.redacted += later.counts.redacted;
        self.counts.tombstones += later.counts.tombstones;
        self.counts.withdrawals += later.counts.withdrawals;
        if self.stray.is_none() {
            self.stray = later.stray;
        }
        if self.first_invalid.is_none() {
            self.first_invalid = later.first_invalid;
        }
        self.structure.extend(later.structure);
        self.structure.truncate(2);
    }
}

/// How much of a record's reference or mission code a tally keeps to name
/// it: a genuine one is far shorter.
const KEPT_CHARS: usize = 64;

/// How much of a message about a refused record a tally keeps: a parser's
/// message may quote the whole of a value.
const KEPT_MESSAGE_CHARS: usize = 500;

/// `text` cut to its first `max` characters, marked as cut.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

impl Tally {
    /// Every record of a file must come from the mission that signed it,
    /// and its reference must begin with that mission's code.
    fn note_origin(&mut self, line: u64, mission: &str, origin: &str, reference: &str) {
        if self.stray.is_some() {
            return;
        }
        let prefix_ok = reference
            .strip_prefix(origin)
            .is_some_and(|rest| rest.starts_with('-'));
        if origin != mission || !prefix_ok {
            self.stray = Some(Stray {
                line,
                reference: cut(reference, KEPT_CHARS),
                origin: cut(origin, KEPT_CHARS),
                mission: mission.to_owned(),
            });
        }
    }
}

/// The longest reference and officer name a withdrawn consent may carry.
const MAX_WITHDRAWAL_FIELD_CHARS: usize = 100;

/// What is wrong with a withdrawn consent's own fields, if anything: its
/// reference is of the form references take (letters, digits and `-`),
/// the officer's name is short and printable, no control, direction or
/// invisible character (it is shown to the analyst),
/// and its time is RFC 3339.
fn withdrawal_problem(withdrawal: &crate::vault::ConsentWithdrawal) -> Option<&'static str> {
    let reference = &withdrawal.reference;
    if !crate::exchange::reply::format::is_token(reference) {
        return Some("the reference is not of the form references take");
    }
    let by = &withdrawal.withdrawn_by;
    if by.trim().is_empty()
        || by.chars().count() > MAX_WITHDRAWAL_FIELD_CHARS
        || !crate::exchange::reply::format::is_clean(by, false)
    {
        return Some("withdrawn_by is empty, too long or holds control or invisible characters");
    }
    if chrono::DateTime::parse_from_rfc3339(&withdrawal.withdrawn_at).is_err() {
        return Some("withdrawn_at is not an RFC 3339 time");
    }
    None
}

/// A record that does not belong to the mission that signed its file.
pub(super) struct Stray {
    pub(super) line: u64,
    reference: String,
    origin: String,
    mission: String,
}

impl std::fmt::Display for Stray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.origin == self.mission {
            write!(
                f,
                "record {} does not belong to mission {}",
                self.reference, self.mission
            )
        } else {
            write!(
                f,
                "record {} comes from mission {}, the file is signed by {}",
                self.reference, self.origin, self.mission
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::withdrawal_problem;
    use crate::domain::CaseId;
    use crate::vault::ConsentWithdrawal;

    /// A withdrawn consent's reference and officer are checked: the name is
    /// shown to the analyst, so a signed file cannot carry escapes there.
    #[test]
    fn a_withdrawals_reference_and_officer_are_checked() {
        let good = ConsentWithdrawal {
            id: CaseId::new(),
            reference: "LT-LON-2025-0001".into(),
            origin_mission: "LT-LON".into(),
            withdrawn_at: "2026-12-06T09:15:02Z".into(),
            withdrawn_by: "J. Jonaitė".into(),
        };
        assert_eq!(withdrawal_problem(&good), None);
        for (reference, by) in [
            ("LT-LON-2025-0001\u{1b}[2J", "J. Jonaitė"),
            ("LT-LON 2025/0001", "J. Jonaitė"),
            ("", "J. Jonaitė"),
            ("LT-LON-2025-0001", "J. \u{1b}]0;owned\u{7}Jonaitė"),
            ("LT-LON-2025-0001", ""),
            // A direction override or a zero-width space, as names are
            // checked elsewhere in what a signed file carries.
            ("LT-LON-2025-0001", "J. \u{202e}ėtianoJ"),
            ("LT-LON-2025-0001", "J.\u{200b}Jonaitė"),
        ] {
            let bad = ConsentWithdrawal {
                reference: reference.into(),
                withdrawn_by: by.into(),
                ..good.clone()
            };
            assert!(withdrawal_problem(&bad).is_some(), "{bad:?}");
        }
        let long = ConsentWithdrawal {
            withdrawn_by: "J".repeat(101),
            ..good.clone()
        };
        assert!(withdrawal_problem(&long).is_some());
    }
}
