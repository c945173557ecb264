//! What the commission sends its missions besides receipts: the referral
//! directory, versioned, and guidance notes. Kept in the commission's
//! vault as the reply format writes them; received at a mission.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::format::{Directory, GuidanceNote, MAX_NOTES, MAX_ORGANISATIONS, Organisation};
use crate::exchange::Error;
use crate::vault::{self, Role, Vault};

/// The directory the commission sends (at the commission) or the newest
/// one received (at a mission); version 0 and empty when there is none.
pub fn directory(vault: &Vault) -> Result<Directory, Error> {
    let text = match vault.info().role {
        Role::Commission => vault.commission_directory_text()?,
        Role::Mission => vault.referral_directory()?.map(|(_, text)| text),
    };
    match text {
        None => Ok(Directory::default()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| vault::Error::Damaged(format!("the referral directory ({e})")).into()),
    }
}

/// A directory file as the commission edits it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    organisations: Vec<Organisation>,
}

/// Commission: replaces the directory its replies carry by the one in
/// `file` (`{"organisations":[...]}`, docs/export-format.md), as the next
/// version. Every entry is checked first; a file with a fault changes
/// nothing and names it.
pub fn set_directory(vault: &mut Vault, file: &Path) -> Result<Directory, Error> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::io(format!("cannot read {}", file.display()), e))?;
    let read: DirectoryFile = crate::exchange::format::parse(text.as_bytes()).map_err(|e| {
        vault::Error::InvalidSetting(format!("{} is not a directory file: {e}", file.display()))
    })?;
    if read.organisations.len() > MAX_ORGANISATIONS {
        return Err(vault::Error::InvalidSetting(format!(
            "the directory has more than {MAX_ORGANISATIONS} organisations"
        ))
        .into());
    }
    if let Some(problem) = read.organisations.iter().find_map(Organisation::problem) {
        return Err(vault::Error::InvalidSetting(problem).into());
    }
    let previous = directory(vault)?;
    let directory = Directory {
        version: previous.version + 1,
        organisations: read.organisations,
    };
    let json = serde_json::to_string(&directory).map_err(|e| Error::Damaged(e.to_string()))?;
    vault.set_commission_content(
        true,
        &json,
        &format!(
            "version {}, {} organisations",
            directory.version,
            directory.organisations.len()
        ),
    )?;
    Ok(directory)
}

/// A guidance note with whether the mission has shown it yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    #[serde(flatten)]
    pub note: GuidanceNote,
    pub read: bool,
}

/// The guidance notes: those the commission sends, or those a mission
/// received (newest first).
pub fn guidance(vault: &Vault) -> Result<Vec<Note>, Error> {
    match vault.info().role {
        Role::Commission => Ok(commission_notes(vault)?
            .into_iter()
            .rev()
            .map(|note| Note { note, read: true })
            .collect()),
        Role::Mission => vault
            .guidance_notes()?
            .into_iter()
            .map(|stored| {
                Ok(Note {
                    note: serde_json::from_str(&stored.body)
                        .map_err(|e| vault::Error::Damaged(format!("a guidance note ({e})")))?,
                    read: stored.read,
                })
            })
            .collect(),
    }
}

/// Commission: the notes its replies carry, oldest first.
pub(super) fn commission_notes(vault: &Vault) -> Result<Vec<GuidanceNote>, Error> {
    match vault.commission_guidance_text()? {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| vault::Error::Damaged(format!("the guidance notes ({e})")).into()),
    }
}

/// Commission: adds a note (Lithuanian and/or English) that every later
/// reply carries. Its id is the date and its number that day, stable.
pub fn add_guidance(
    vault: &mut Vault,
    date: NaiveDate,
    lt: Option<String>,
    en: Option<String>,
) -> Result<GuidanceNote, Error> {
    let mut notes = commission_notes(vault)?;
    if notes.len() >= MAX_NOTES {
        return Err(vault::Error::InvalidSetting(format!(
            "a reply carries at most {MAX_NOTES} guidance notes"
        ))
        .into());
    }
    // The next number of the day, past the notes withdrawn that day too:
    // a withdrawn note's id is never given to another.
    let prefix = format!("{date}-");
    let withdrawn = withdrawn_notes(vault)?;
    let last = notes
        .iter()
        .map(|n| n.id.as_str())
        .chain(withdrawn.iter().map(String::as_str))
        .filter_map(|id| id.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let note = GuidanceNote {
        id: format!("{date}-{}", last + 1),
        date,
        lt: lt.filter(|t| !t.trim().is_empty()),
        en: en.filter(|t| !t.trim().is_empty()),
    };
    if let Some(problem) = note.problem() {
        return Err(vault::Error::InvalidSetting(problem).into());
    }
    notes.push(note.clone());
    let json = serde_json::to_string(&notes).map_err(|e| Error::Damaged(e.to_string()))?;
    vault.set_commission_content(false, &json, &format!("{} notes", notes.len()))?;
    Ok(note)
}

/// Commission: the ids of the notes it withdrew, oldest first.
pub(super) fn withdrawn_notes(vault: &Vault) -> Result<Vec<String>, Error> {
    match vault.commission_withdrawn_guidance_text()? {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            vault::Error::Damaged(format!("the withdrawn guidance notes ({e})")).into()
        }),
    }
}

/// Commission: withdraws the note `id`: later replies no longer carry it,
/// and name it as withdrawn, so that missions hide it. Audited with the
/// id. Withdrawing it again changes nothing.
pub fn withdraw_guidance(vault: &mut Vault, id: &str) -> Result<(), Error> {
    let mut notes = commission_notes(vault)?;
    let mut withdrawn = withdrawn_notes(vault)?;
    if withdrawn.iter().any(|w| w == id) {
        return Ok(());
    }
    let Some(position) = notes.iter().position(|n| n.id == id) else {
        return Err(vault::Error::InvalidSetting(format!(
            "no guidance note {id}; guidance lists them with their ids"
        ))
        .into());
    };
    notes.remove(position);
    withdrawn.push(id.to_owned());
    let notes_json = serde_json::to_string(&notes).map_err(|e| Error::Damaged(e.to_string()))?;
    let withdrawn_json =
        serde_json::to_string(&withdrawn).map_err(|e| Error::Damaged(e.to_string()))?;
    vault.withdraw_commission_note(&notes_json, &withdrawn_json, id)?;
    Ok(())
}
