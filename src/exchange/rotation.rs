//! A planned rotation of a mission's signing key (docs/export-format.md,
//! "Key rotation statements").
//!
//! The mission makes a new key and has the old one sign a statement: this
//! mission's key `old_key` is followed by `new_key`, the old one having
//! signed the exports up to `after_sequence` of restore epoch `epoch`.
//! Every later export carries the mission's statements in its signed
//! manifest, oldest first; the commission follows them from the key it
//! approved to the key that signed the file, and approves that key without
//! a phone call.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::Error;
use super::format::Manifest;
use super::keys::{key_fingerprint, signing_key};
use crate::vault::{self, Rotated, Vault};

/// What the signature of a statement begins with, so that it can never be
/// taken for another signed thing (a manifest line begins with `{`).
const DOMAIN: &str = "casebook-key-rotation/1";

/// One rotation, signed by the old key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyRotation {
    /// The key replaced, Ed25519, hex.
    pub old_key: String,
    /// The key that follows it, hex.
    pub new_key: String,
    /// When the mission rotated, RFC 3339 UTC, as signed.
    pub rotated_at: String,
    /// The mission's restore epoch at the time, if it was ever restored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    /// The last export number the old key signed (0: none).
    pub after_sequence: u64,
    /// Ed25519 by `old_key` over [`KeyRotation::signed_bytes`], hex.
    pub signature: String,
}

impl KeyRotation {
    /// The bytes the old key signs: seven lines, each ending in `\n`.
    pub fn signed_bytes(&self, mission_code: &str) -> Vec<u8> {
        format!(
            "{DOMAIN}\n{mission_code}\n{}\n{}\n{}\n{}\n{}\n",
            self.old_key,
            self.new_key,
            self.rotated_at,
            self.epoch.as_deref().unwrap_or("-"),
            self.after_sequence
        )
        .into_bytes()
    }

    /// The two keys, once the old one's signature for `mission_code` holds.
    pub fn verify(&self, mission_code: &str) -> Result<([u8; 32], [u8; 32]), String> {
        let old = key_bytes(&self.old_key).ok_or("the old key is not a key")?;
        let new = key_bytes(&self.new_key).ok_or("the new key is not a key")?;
        let verifying = VerifyingKey::from_bytes(&old).map_err(|_| "the old key is not a key")?;
        let mut signature = [0u8; 64];
        hex::decode_to_slice(&self.signature, &mut signature)
            .map_err(|_| "the signature is not 64 bytes of hex")?;
        verifying
            .verify_strict(
                &self.signed_bytes(mission_code),
                &Signature::from_bytes(&signature),
            )
            .map_err(|_| "the old key's signature does not hold")?;
        Ok((old, new))
    }
}

/// The format version that brought the statements.
const FIRST_VERSION: u32 = 3;

/// No mission rotates its key more often than this over a file's life.
pub const MAX_STATEMENTS: usize = 64;

impl KeyRotation {
    /// The statement is written as a mission writes it (see
    /// [`check_against_file`]).
    fn check_form(&self) -> Result<(), &'static str> {
        let lower_hex = |text: &str, len: usize| {
            text.len() == len && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        if !lower_hex(&self.old_key, 64) || !lower_hex(&self.new_key, 64) {
            return Err("a key is not 64 lowercase hexadecimal digits");
        }
        if !lower_hex(&self.signature, 128) {
            return Err("the signature is not 128 lowercase hexadecimal digits");
        }
        let written_back = chrono::DateTime::parse_from_rfc3339(&self.rotated_at)
            .ok()
            .map(|t| {
                t.with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            });
        if written_back.as_deref() != Some(self.rotated_at.as_str()) {
            return Err("its date is not RFC 3339 UTC to the second (2026-12-01T10:00:00Z)");
        }
        Ok(())
    }
}

fn key_bytes(text: &str) -> Option<[u8; 32]> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(text, &mut key).ok()?;
    Some(key)
}

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationSummary {
    pub old_fingerprint: String,
    pub new_fingerprint: String,
    /// The last export signed by the old key.
    pub after_sequence: u64,
}

/// Mission: replaces its signing key with a new one, signs the statement
/// with the old key, keeps it for every export from now on, and writes a
/// backup of the vault to `backup` in the same step, so that the new key
/// is never held by the vault alone. If the backup cannot be written the
/// rotation is undone (the new key signed nothing), the "no backup holds
/// the key" marker goes back to what it was, and the error is returned;
/// if the backup failed once its complete file was in place (the folder's
/// sync, the audit entry), the rotation stands, the marker stays set and
/// the officer is asked for another backup, so that no backup holds a key
/// the vault lacks. If the process dies in between, the vault signs no
/// export until a backup is written. The old key is gone afterwards.
/// Audited.
pub fn rotate_signing_key(
    vault: &mut Vault,
    backup: &std::path::Path,
) -> Result<RotationSummary, Error> {
    if backup.exists() {
        return Err(Error::FileExists(backup.to_path_buf()));
    }
    let old_seed = vault.signing_seed()?;
    let old_rotations = vault.key_rotations_json()?;
    let was_unbacked = vault.signing_key_unbacked()?;
    let summary = rotate_unbacked(vault)?;
    if let Err(failed) = vault.backup_to_placing(backup, true) {
        if failed.in_place {
            // The complete backup holds the new key: undoing would leave a
            // backup of a key the vault no longer has, which a restore
            // would bring back. The rotation stands; the marker stays set
            // until a backup is confirmed, so nothing is signed meanwhile.
            return Err(Error::RotatedBackupUnconfirmed {
                backup: backup.to_path_buf(),
                new_fingerprint: summary.new_fingerprint,
                cause: failed.error.to_string(),
            });
        }
        if let Err(undo) =
            vault.undo_signing_rotation(&old_seed, old_rotations.as_deref(), was_unbacked)
        {
            return Err(Error::RotationUndoFailed {
                backup: failed.error.to_string(),
                undo: undo.to_string(),
            });
        }
        return Err(failed.error.into());
    }
    vault.fold_wal()?;
    Ok(summary)
}

/// The rotation itself; the vault refuses to export until a backup holds
/// the new key.
fn rotate_unbacked(vault: &mut Vault) -> Result<RotationSummary, Error> {
    let old = signing_key(vault)?;
    let mut seed = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(&mut *seed);
    let new = SigningKey::from_bytes(&seed);
    let mut rotations = carried(vault)?;
    let after_sequence = vault.last_export_sequence()?;
    let mut statement = KeyRotation {
        old_key: hex::encode(old.verifying_key().to_bytes()),
        new_key: hex::encode(new.verifying_key().to_bytes()),
        rotated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        epoch: vault.restore_epoch()?.map(|e| e.id),
        after_sequence,
        signature: String::new(),
    };
    let signed = statement.signed_bytes(&vault.info().mission_code);
    statement.signature = hex::encode(old.sign(&signed).to_bytes());
    rotations.push(statement);
    let json = serde_json::to_string(&rotations).map_err(|e| Error::Damaged(e.to_string()))?;
    let summary = RotationSummary {
        old_fingerprint: key_fingerprint(&old.verifying_key().to_bytes()),
        new_fingerprint: key_fingerprint(&new.verifying_key().to_bytes()),
        after_sequence,
    };
    vault.rotate_signing_seed(
        &seed,
        &json,
        &format!(
            "{} → {}; exports up to {after_sequence} signed by the old key",
            summary.old_fingerprint, summary.new_fingerprint
        ),
    )?;
    Ok(summary)
}

/// Mission: the statements its exports carry, oldest first.
pub(super) fn carried(vault: &Vault) -> Result<Vec<KeyRotation>, Error> {
    match vault.key_rotations_json()? {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json).map_err(|_| {
            vault::Error::Damaged("the vault's key rotation statements are unreadable".into())
                .into()
        }),
    }
}

/// Commission: the statements a file carries must fit the file that
/// carries them, since the window a retired key keeps comes from them: a
/// restore epoch of the form a vault gives it, none later than the file's
/// own epoch, and, in the file's own epoch, an old key's last export
/// before the file's number.
///
/// Each statement must also be written as a mission writes it, so that one
/// signed text has one reading: keys and signature in lowercase hex of
/// their exact length, `rotated_at` in RFC 3339 UTC to the second, at most
/// [`MAX_STATEMENTS`] of them, and only in a file of format 3 or later.
pub(super) fn check_against_file(manifest: &Manifest) -> Result<(), Error> {
    let statements = &manifest.key_rotations;
    if !statements.is_empty() && manifest.version < FIRST_VERSION {
        return Err(Error::BadRotation(format!(
            "statements appear only in format {FIRST_VERSION} and later, this file is format {}",
            manifest.version
        )));
    }
    if statements.len() > MAX_STATEMENTS {
        return Err(Error::BadRotation(format!(
            "a file carries at most {MAX_STATEMENTS} statements, this one {}",
            statements.len()
        )));
    }
    let file_epoch = manifest.epoch.as_ref().map(|e| e.id.as_str());
    for statement in statements {
        statement
            .check_form()
            .map_err(|why| Error::BadRotation(why.into()))?;
        let epoch = statement.epoch.as_deref();
        if epoch.is_some_and(|id| !vault::is_epoch_id(id)) {
            return Err(Error::BadRotation(
                "its restore epoch is not of the form 20261130T054512Z-KXQR".into(),
            ));
        }
        if epoch > file_epoch {
            return Err(Error::BadRotation(
                "it names a restore epoch later than the file's own".into(),
            ));
        }
        if epoch == file_epoch && statement.after_sequence >= manifest.sequence {
            return Err(Error::BadRotation(format!(
                "it says the old key signed export {}, not before this file's number {}",
                statement.after_sequence, manifest.sequence
            )));
        }
    }
    Ok(())
}

/// Commission: the rotations that lead from `approved`, the mission's
/// approved key, to `signer`, the key that signed a file, among the
/// statements it carries. `Ok(None)` when they lead nowhere from
/// `approved`; an error when a statement on the way does not hold.
pub(super) fn chain(
    mission_code: &str,
    approved: &[u8; 32],
    signer: &[u8; 32],
    statements: &[KeyRotation],
) -> Result<Option<Vec<Rotated>>, Error> {
    let approved_hex = hex::encode(approved);
    let Some(start) = statements.iter().position(|s| s.old_key == approved_hex) else {
        return Ok(None);
    };
    let mut links = Vec::new();
    let mut key = *approved;
    for statement in &statements[start..] {
        let (old, new) = statement
            .verify(mission_code)
            .map_err(|why| Error::BadRotation(why.to_owned()))?;
        if old != key {
            return Err(Error::BadRotation(
                "the statements do not follow one another".into(),
            ));
        }
        links.push(Rotated {
            old_key: old,
            new_key: new,
            epoch: statement.epoch.clone(),
            after_sequence: statement.after_sequence,
        });
        key = new;
        if key == *signer {
            return Ok(Some(links));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(old: &SigningKey, new: &SigningKey, code: &str) -> KeyRotation {
        let mut s = KeyRotation {
            old_key: hex::encode(old.verifying_key().to_bytes()),
            new_key: hex::encode(new.verifying_key().to_bytes()),
            rotated_at: "2026-12-01T10:00:00Z".into(),
            epoch: None,
            after_sequence: 3,
            signature: String::new(),
        };
        s.signature = hex::encode(old.sign(&s.signed_bytes(code)).to_bytes());
        s
    }

    fn manifest(version: u32, statements: Vec<KeyRotation>) -> Manifest {
        Manifest {
            format: super::super::format::FORMAT.into(),
            version,
            mission_id: "0190f000-0000-7000-8000-000000000000".into(),
            mission_code: "LT-LON".into(),
            mission_name: "Embassy in London".into(),
            mission_key: String::new(),
            mission_recipient: None,
            sequence: 5,
            kind: super::super::format::Kind::Incremental,
            epoch: None,
            key_rotations: statements,
            created_at: chrono::Utc::now(),
            app_version: String::new(),
            counts: super::super::format::Counts::default(),
            body_sha256: String::new(),
        }
    }

    fn mission_with_a_case(dir: &std::path::Path) -> Vault {
        let (mut vault, _) = crate::vault::testing::vault_with_a_case(&dir.join("mission"));
        let commission = age::x25519::Identity::generate().to_public().to_string();
        vault
            .set_commission_key(&commission, false)
            .unwrap_or_else(|e| panic!("{e}"));
        vault
    }

    fn export(vault: &mut Vault, out: &std::path::Path) -> Result<(), Error> {
        super::super::export(vault, out, true, false, &mut |_| {}).map(drop)
    }

    /// The state a crash leaves between the rotation's commit and its
    /// backup: the new key signs nothing until a backup holds it.
    #[test]
    fn a_rotated_key_that_no_backup_holds_signs_no_export() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut vault = mission_with_a_case(dir.path());
        rotate_unbacked(&mut vault).unwrap_or_else(|e| panic!("{e}"));
        assert!(vault.signing_key_unbacked().unwrap_or(false));
        // A typed error, so that the window says it in its language.
        assert!(matches!(
            export(&mut vault, &dir.path().join("1.age")),
            Err(Error::SigningKeyUnbacked)
        ));
        let error = export(&mut vault, &dir.path().join("1.age"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("no backup holds the new key"), "{error}");
        assert!(!dir.path().join("1.age").exists());
        vault
            .backup_to(&dir.path().join("after.cbk"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!vault.signing_key_unbacked().unwrap_or(true));
        export(&mut vault, &dir.path().join("1.age")).unwrap_or_else(|e| panic!("{e}"));
    }

    /// A rotation whose backup cannot be written is undone: the same key
    /// and statements as before, and an export signs with the old key.
    #[test]
    fn a_rotation_whose_backup_cannot_be_written_is_undone() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut vault = mission_with_a_case(dir.path());
        let seed = *vault.signing_seed().unwrap_or_else(|e| panic!("{e}"));
        let nowhere = dir.path().join("missing-folder").join("after.cbk");
        assert!(rotate_signing_key(&mut vault, &nowhere).is_err());
        assert_eq!(
            *vault.signing_seed().unwrap_or_else(|e| panic!("{e}")),
            seed
        );
        assert!(carried(&vault).unwrap_or_else(|e| panic!("{e}")).is_empty());
        assert!(!vault.signing_key_unbacked().unwrap_or(true));
        let actions = crate::vault::testing::actions(&vault);
        assert!(
            actions
                .iter()
                .any(|(action, _)| action == "signing-key-rotation-undone"),
            "{actions:?}"
        );
        // A backup file already there is refused before anything changes.
        let taken = dir.path().join("taken.cbk");
        std::fs::write(&taken, b"x").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            rotate_signing_key(&mut vault, &taken),
            Err(Error::FileExists(_))
        ));
        assert_eq!(
            *vault.signing_seed().unwrap_or_else(|e| panic!("{e}")),
            seed
        );
        let backup = dir.path().join("after.cbk");
        rotate_signing_key(&mut vault, &backup).unwrap_or_else(|e| panic!("{e}"));
        assert!(backup.exists());
        assert_ne!(
            *vault.signing_seed().unwrap_or_else(|e| panic!("{e}")),
            seed
        );
        export(&mut vault, &dir.path().join("1.age")).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Review 1: a rotation whose backup fails, run while an earlier
    /// rotation's key is in no backup (a crash before its backup), leaves
    /// the marker set: the key that comes back is still in no backup.
    #[test]
    fn undoing_a_rotation_keeps_the_marker_an_earlier_crash_left() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut vault = mission_with_a_case(dir.path());
        rotate_unbacked(&mut vault).unwrap_or_else(|e| panic!("{e}"));
        let crashed = *vault.signing_seed().unwrap_or_else(|e| panic!("{e}"));
        let nowhere = dir.path().join("missing-folder").join("after.cbk");
        assert!(rotate_signing_key(&mut vault, &nowhere).is_err());
        assert_eq!(
            *vault.signing_seed().unwrap_or_else(|e| panic!("{e}")),
            crashed
        );
        assert!(vault.signing_key_unbacked().unwrap_or(false));
        let error = export(&mut vault, &dir.path().join("1.age"))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("no backup holds the new key"), "{error}");
        assert!(!dir.path().join("1.age").exists());
    }

    /// Review 2: a backup that fails once its complete file is in place
    /// (the folder's sync) does not undo the rotation: the file holds the
    /// new key, and so does the vault; the marker stays set, so nothing is
    /// signed until another backup is confirmed.
    #[test]
    fn a_backup_failing_after_its_file_is_in_place_keeps_the_rotation() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut vault = mission_with_a_case(dir.path());
        let seed = *vault.signing_seed().unwrap_or_else(|e| panic!("{e}"));
        let backup = dir.path().join("after.cbk");
        crate::vault::FAIL_BACKUP_AFTER_PLACING.with(|f| f.set(true));
        let error = rotate_signing_key(&mut vault, &backup)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("could not be confirmed"), "{error}");
        assert!(backup.exists());
        let rotated = *vault.signing_seed().unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(rotated, seed);
        assert_eq!(carried(&vault).unwrap_or_else(|e| panic!("{e}")).len(), 1);
        assert!(vault.signing_key_unbacked().unwrap_or(false));
        assert!(export(&mut vault, &dir.path().join("1.age")).is_err());
        // The backup left in place restores the key the vault now holds.
        let restored = dir.path().join("restored");
        crate::vault::restore(&backup, &restored, crate::vault::Overwrite::Never)
            .unwrap_or_else(|e| panic!("{e}"));
        let reopened = Vault::open(
            &restored,
            &crate::vault::testing::passphrase(crate::vault::testing::OLD),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            *reopened.signing_seed().unwrap_or_else(|e| panic!("{e}")),
            rotated
        );
        // Another backup, and the vault signs again, with the new key.
        vault
            .backup_to(&dir.path().join("again.cbk"))
            .unwrap_or_else(|e| panic!("{e}"));
        export(&mut vault, &dir.path().join("1.age")).unwrap_or_else(|e| panic!("{e}"));
    }

    /// Review 13: the rotation's backup never replaces a file that
    /// appeared at its name after the check (as between `exists()` and
    /// the rename): it fails, the file stays, and the rotation is undone.
    #[test]
    fn a_rotations_backup_never_replaces_a_file_that_appeared_meanwhile() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut vault = mission_with_a_case(dir.path());
        let taken = dir.path().join("taken.cbk");
        std::fs::write(&taken, b"theirs").unwrap_or_else(|e| panic!("{e}"));
        // The backup step itself, past the rotation's check for the name.
        let failed = vault.backup_to_placing(&taken, true).err();
        assert!(failed.is_some_and(|f| !f.in_place));
        assert_eq!(std::fs::read(&taken).ok().as_deref(), Some(&b"theirs"[..]));
    }

    /// Statements came with format 3: an older file carries none, and a
    /// file carries at most 64.
    #[test]
    fn statements_are_refused_in_a_file_before_format_3_and_past_64() {
        let one = statement(
            &SigningKey::from_bytes(&[1; 32]),
            &SigningKey::from_bytes(&[2; 32]),
            "LT-LON",
        );
        assert!(check_against_file(&manifest(3, vec![one.clone()])).is_ok());
        assert!(check_against_file(&manifest(2, Vec::new())).is_ok());
        assert!(matches!(
            check_against_file(&manifest(2, vec![one.clone()])),
            Err(Error::BadRotation(_))
        ));
        assert!(check_against_file(&manifest(3, vec![one.clone(); 64])).is_ok());
        assert!(matches!(
            check_against_file(&manifest(3, vec![one; 65])),
            Err(Error::BadRotation(_))
        ));
    }

    /// The bytes as docs/export-format.md spells them.
    #[test]
    fn the_signed_bytes_are_the_seven_documented_lines() {
        let mut s = statement(
            &SigningKey::from_bytes(&[1; 32]),
            &SigningKey::from_bytes(&[2; 32]),
            "LT-LON",
        );
        let text =
            |s: &KeyRotation| String::from_utf8(s.signed_bytes("LT-LON")).unwrap_or_default();
        assert_eq!(
            text(&s),
            format!(
                "casebook-key-rotation/1\nLT-LON\n{}\n{}\n2026-12-01T10:00:00Z\n-\n3\n",
                s.old_key, s.new_key
            )
        );
        s.epoch = Some("20261130T054512Z-KXQR".into());
        assert!(text(&s).ends_with("\n20261130T054512Z-KXQR\n3\n"));
    }

    #[test]
    fn a_chain_leads_from_the_approved_key_to_the_signer_through_every_statement() {
        let [a, b, c] = [1u8, 2, 3].map(|n| SigningKey::from_bytes(&[n; 32]));
        let pk = |k: &SigningKey| k.verifying_key().to_bytes();
        let statements = vec![statement(&a, &b, "LT-LON"), statement(&b, &c, "LT-LON")];
        let links = chain("LT-LON", &pk(&a), &pk(&c), &statements)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no chain"));
        assert_eq!(links.len(), 2);
        assert_eq!(links[1].new_key, pk(&c));
        // From the middle key: one link.
        let links = chain("LT-LON", &pk(&b), &pk(&c), &statements)
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("no chain"));
        assert_eq!(links.len(), 1);
        // Signed for another mission's code: the signature does not hold.
        assert!(matches!(
            chain("LT-PAR", &pk(&a), &pk(&c), &statements),
            Err(Error::BadRotation(_))
        ));
        // A statement whose numbers were changed after signing.
        let mut forged = statements.clone();
        forged[0].after_sequence = 9;
        assert!(chain("LT-LON", &pk(&a), &pk(&c), &forged).is_err());
        // From a key none of them starts at.
        assert!(matches!(
            chain("LT-LON", &pk(&c), &pk(&a), &statements),
            Ok(None)
        ));
    }
}
