//! Writing an export file at a mission.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{Days, NaiveDate, SubsecRound, Utc};
use ed25519_dalek::Signer;
use serde::Serialize;
use sha2::Digest;

use super::Error;
use super::format::{
    Counts, ExportedCase, FORMAT, Kind, Line, MAX_LINE_BYTES, Manifest, Opening, VERSION,
    VERSION_WITHOUT_WITHDRAWALS,
};
use super::job::{Cancel, Progress};
use super::keys::{commission_key_fingerprint, key_fingerprint, signing_key};
use super::pipe::Pipe;
use super::redact::{redact, redact_meta};
use crate::domain::{Case, RecordMeta, validate_received};
use crate::vault::{Outgoing, Vault, fsutil};

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    pub file: PathBuf,
    pub sequence: u64,
    pub kind: Kind,
    pub counts: Counts,
    /// The commission key the file is encrypted to.
    pub commission_fingerprint: String,
    /// The mission key that signed it.
    pub mission_fingerprint: String,
}

/// Mission: writes every case and erasure not yet exported (`all` false) or
/// all of them (`all` true) to `out`, encrypted to the commission and signed
/// by the mission. The file appears under its name only when complete and
/// synced; only then is the export recorded in the vault. An existing file
/// is replaced only with `overwrite` (the native save dialog asks first).
pub fn export(
    vault: &mut Vault,
    out: &Path,
    all: bool,
    overwrite: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportSummary, Error> {
    export_cancellable(vault, out, all, overwrite, &Cancel::new(), progress)
}

/// [`export`], stopped by `cancel` between two records or before the file
/// is renamed into place: then it fails with [`Error::Cancelled`], having
/// removed its temporary file and marked nothing as sent. Past the rename
/// the export is made and finishes, unless the vault cannot record it
/// (a full disk): then the file is removed too, and the error returned.
pub fn export_cancellable(
    vault: &mut Vault,
    out: &Path,
    all: bool,
    overwrite: bool,
    cancel: &Cancel,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportSummary, Error> {
    let recipient_text = vault.commission_key()?.ok_or(Error::NoCommissionKey)?;
    let recipient =
        age::x25519::Recipient::from_str(&recipient_text).map_err(|_| Error::NoCommissionKey)?;
    if vault.signing_key_unbacked()? {
        return Err(Error::SigningKeyUnbacked);
    }
    let signer = signing_key(vault)?;
    let mission_recipient = super::keys::mission_recipient(vault)?;
    if !overwrite && out.exists() {
        return Err(Error::FileExists(out.to_path_buf()));
    }
    let kind = if all { Kind::Full } else { Kind::Incremental };
    let sequence = vault.last_export_sequence()? + 1;
    if sequence > crate::vault::MAX_EXPORT_SEQUENCE {
        return Err(crate::vault::Error::InvalidSetting(format!(
            "the export numbers are used up (the last is {})",
            crate::vault::MAX_EXPORT_SEQUENCE
        ))
        .into());
    }
    let epoch = vault.restore_epoch()?;
    let key_rotations = super::rotation::carried(vault)?;
    // Every file carries the mission's reply key (format 3), so every file
    // is version 3, with key rotation statements or without; version 4 only
    // when it carries a withdrawn consent (`vault::withdrawals`), which a
    // commission that reads 3 then refuses as newer instead of skipping it.
    let expected = vault.outgoing_counts(all)?;
    let version = if expected.withdrawals > 0 {
        VERSION
    } else {
        VERSION_WITHOUT_WITHDRAWALS
    };
    let total = expected.cases + expected.tombstones + expected.withdrawals;
    // As the importer reckons it, a day of slack for missions ahead of UTC.
    let today = Utc::now()
        .date_naive()
        .checked_add_days(Days::new(1))
        .unwrap_or(NaiveDate::MAX);

    progress(Progress { done: 0, total });
    cancel.check()?;
    let tmp = fsutil::temp_sibling(out);
    let written =
        (|| -> Result<(Counts, [u8; 32], String), Error> {
            let file = fsutil::create_private_file(&tmp)
                .map_err(|e| Error::io(format!("cannot create {}", tmp.display()), e))?;
            let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
                .map_err(|e| Error::Io {
                    context: "cannot encrypt the export".into(),
                    cause: std::sync::Arc::new(std::io::Error::other(e.to_string())),
                })?;
            let stream = encryptor
                .wrap_output(BufWriter::with_capacity(1 << 16, file))
                .map_err(|e| Error::io("cannot write the export", e))?;
            let mut body = Pipe::new(stream);
            body.write(&Opening {
                format: FORMAT.into(),
                version,
            })?;
            let mut counts = Counts::default();
            let mut last_reference = String::new();
            vault.for_each_outgoing(all, |item| {
                cancel.check()?;
                match item {
                    Outgoing::Case(stored) => {
                        counts.cases += 1;
                        last_reference.clone_from(&stored.meta.reference);
                        // A case that may travel whole goes as it is stored,
                        // unparsed; only the consent is read to decide.
                        if shares_identity(&stored.body)? {
                            match for_the_commission(&stored.body)? {
                                None => case_as_stored(&mut body, &stored.meta, &stored.body)?,
                                Some(json) => case_as_stored(&mut body, &stored.meta, &json)?,
                            }
                        } else {
                            counts.redacted += 1;
                            let case = Case::from_json(&stored.body).map_err(|e| {
                                Error::Damaged(format!(
                                    "case {} cannot be read ({e})",
                                    stored.meta.reference
                                ))
                            })?;
                            let case = redact(&case);
                            // The commission checks the redacted form, which
                            // the mission's own validation never saw.
                            let problems = validate_received(&case, today);
                            if !problems.is_empty() {
                                return Err(Error::RedactedCaseRefused {
                                    reference: stored.meta.reference.clone(),
                                    problems: problems
                                        .iter()
                                        .map(ToString::to_string)
                                        .collect::<Vec<_>>()
                                        .join("; "),
                                });
                            }
                            body.write(&Line::Case(Box::new(ExportedCase {
                                meta: redact_meta(&stored.meta),
                                redacted: true,
                                case,
                            })))?;
                        }
                    }
                    Outgoing::Tombstone(tombstone) => {
                        counts.tombstones += 1;
                        last_reference.clone_from(&tombstone.reference);
                        body.write(&Line::Tombstone(tombstone))?;
                    }
                }
                // A line the importer would refuse makes the whole file
                // useless: stop before anything is marked as sent.
                let line = body.last_line_len() as u64;
                if line > MAX_LINE_BYTES {
                    return Err(Error::CaseTooLarge {
                        reference: last_reference.clone(),
                        bytes: line,
                    });
                }
                let done = counts.cases + counts.tombstones;
                if done % 500 == 0 {
                    progress(Progress { done, total });
                }
                Ok::<(), Error>(())
            })?;
            // Instructions, never records: what the commission holds of a
            // stub's case is redacted there.
            vault.for_each_outgoing_withdrawal(all, |withdrawal| {
                cancel.check()?;
                counts.withdrawals += 1;
                body.write(&Line::Withdrawal(withdrawal))?;
                Ok::<(), Error>(())
            })?;
            let (mut stream, digest) = body.finish()?;
            let created_at = Utc::now().trunc_subsecs(0);
            let manifest = Manifest {
                format: FORMAT.into(),
                version,
                mission_id: vault.vault_id()?,
                mission_code: vault.info().mission_code.clone(),
                mission_name: vault.info().mission_name.clone(),
                mission_key: hex::encode(signer.verifying_key().to_bytes()),
                mission_recipient: Some(mission_recipient.clone()),
                sequence,
                kind,
                epoch: epoch.clone(),
                key_rotations: key_rotations.clone(),
                created_at,
                app_version: env!("CARGO_PKG_VERSION").into(),
                counts,
                body_sha256: hex::encode(digest),
            };
            // The manifest and its signature close the file, outside the
            // digest of the body.
            let manifest_line = serde_json::to_vec(&Line::Manifest(Box::new(manifest)))
                .map_err(|e| Error::Damaged(e.to_string()))?;
            let signature = signer.sign(&manifest_line);
            let manifest_digest: [u8; 32] = sha2::Sha256::digest(&manifest_line).into();
            let mut closing = manifest_line;
            closing.push(b'\n');
            serde_json::to_writer(
                &mut closing,
                &Line::Signature(hex::encode(signature.to_bytes())),
            )
            .map_err(|e| Error::Damaged(e.to_string()))?;
            closing.push(b'\n');
            stream
                .write_all(&closing)
                .map_err(|e| Error::io("cannot write the export", e))?;
            // Every line is written; syncing and recording are left.
            progress(Progress { done: total, total });
            let file = stream
                .finish()
                .and_then(|buffered| buffered.into_inner().map_err(|e| e.into_error()))
                .map_err(|e| Error::io("cannot write the export", e))?;
            file.sync_all()
                .map_err(|e| Error::io("cannot write the export", e))?;
            drop(file);
            // The last moment the export can be abandoned without a trace.
            cancel.check()?;
            std::fs::rename(&tmp, out)
                .and_then(|()| fsutil::sync_dir(out))
                .map_err(|e| Error::io(format!("cannot write {}", out.display()), e))?;
            Ok((counts, manifest_digest, created_at.to_rfc3339()))
        })();
    let (counts, manifest_digest, created_at) = match written {
        Ok(written) => written,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    let recorded = vault.record_export(
        sequence,
        kind.as_str(),
        crate::vault::OutgoingCounts {
            cases: counts.cases,
            tombstones: counts.tombstones,
            withdrawals: counts.withdrawals,
        },
        &manifest_digest,
        &created_at,
    );
    if let Err(e) = recorded {
        // A file the vault does not know it made must not travel: the
        // next export would take its number, and a withdrawn consent it
        // carries could still be retracted. Nothing was marked as sent.
        let _ = std::fs::remove_file(out).and_then(|()| fsutil::sync_dir(out));
        return Err(e.into());
    }
    Ok(ExportSummary {
        file: out.to_path_buf(),
        sequence,
        kind,
        counts,
        commission_fingerprint: vault.commission_keys()?.map_or_else(
            || commission_key_fingerprint(&recipient_text),
            |key| super::keys::commission_keys_fingerprint(&key),
        ),
        mission_fingerprint: key_fingerprint(&signer.verifying_key().to_bytes()),
    })
}

/// A case line around a record's stored JSON, the same JSON that
/// [`Line::Case`] would write for it (checked by a test).
fn case_as_stored<W: Write + Send + 'static>(
    body: &mut Pipe<W>,
    meta: &RecordMeta,
    case_json: &str,
) -> Result<(), Error> {
    let line = body.line();
    line.extend_from_slice(br#"{"case":{"meta":"#);
    serde_json::to_writer(&mut *line, meta).map_err(|e| Error::Damaged(e.to_string()))?;
    line.extend_from_slice(br#","redacted":false,"case":"#);
    line.extend_from_slice(case_json.as_bytes());
    line.extend_from_slice(b"}}\n");
    body.end_line()
}

/// The stored case as it goes to the commission when that is not as it
/// is stored: without its referrals' `share_identity`, which is what the
/// person allowed the mission to tell a partner organisation, concerns no
/// one at the commission, and which a reader of format 3 (the field came
/// after it) would refuse as unknown. `None`, the case untouched and
/// unparsed, when no referral has it.
fn for_the_commission(case_json: &str) -> Result<Option<zeroize::Zeroizing<String>>, Error> {
    if !case_json.contains("\"share_identity\"") {
        return Ok(None);
    }
    let mut case = Case::from_json(case_json)
        .map_err(|e| Error::Damaged(format!("a stored case cannot be read ({e})")))?;
    if !case.referrals.iter().any(|r| r.share_identity) {
        zeroize::Zeroize::zeroize(&mut case);
        return Ok(None);
    }
    for referral in &mut case.referrals {
        referral.share_identity = false;
    }
    let json = serde_json::to_string(&case).map_err(|e| Error::Damaged(e.to_string()));
    zeroize::Zeroize::zeroize(&mut case);
    json.map(|j| Some(zeroize::Zeroizing::new(j)))
}

/// Whether the stored record says the person agreed that their identity
/// may travel, read without building the whole case.
fn shares_identity(case_json: &str) -> Result<bool, Error> {
    #[derive(serde::Deserialize, Default)]
    struct ConsentOnly {
        #[serde(default)]
        share_identifiable_with_commission: Option<bool>,
    }
    #[derive(serde::Deserialize)]
    struct CaseConsent {
        #[serde(default)]
        consent: ConsentOnly,
    }
    let read: CaseConsent = serde_json::from_str(case_json)
        .map_err(|e| Error::Damaged(format!("a stored case cannot be read ({e})")))?;
    Ok(read.consent.share_identifiable_with_commission == Some(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::synthetic;
    use crate::exchange::redact::may_share_identity;
    use chrono::Datelike;

    /// A mission vault with a commission key to export to.
    fn mission_vault(dir: &Path) -> Vault {
        let commission = age::x25519::Identity::generate().to_public().to_string();
        mission_vault_for(dir, &commission)
    }

    /// A mission vault that encrypts its exports to `commission`.
    pub(super) fn mission_vault_for(dir: &Path, commission: &str) -> Vault {
        let mut vault = Vault::create(
            &dir.join("vault"),
            &crate::vault::NewVault {
                role: crate::vault::Role::Mission,
                mission_code: "LT-LON".into(),
                mission_name: "Embassy in London".into(),
                officer: "J. Jonaitis".into(),
            },
            &secrecy::SecretString::from("correct horse battery staple".to_owned()),
            crate::vault::KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        vault
            .set_commission_key(commission, false)
            .unwrap_or_else(|e| panic!("{e}"));
        vault
    }

    /// A vault from before the size limit may hold a case whose line an
    /// import would refuse: the export stops, names it, leaves no file and
    /// marks nothing as sent.
    #[test]
    fn an_export_with_a_case_an_import_would_refuse_is_not_written_and_marks_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut vault = mission_vault(dir.path());
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let mut cases = synthetic::generate(3, 2, today);
        let mut small = cases.next().unwrap_or_default();
        small.synthetic = false;
        vault.create_case(small).unwrap_or_else(|e| panic!("{e}"));
        let mut large = cases.next().unwrap_or_default();
        large.synthetic = false;
        large.consent.share_identifiable_with_commission = Some(true);
        large.notes = Some("x".repeat(MAX_LINE_BYTES as usize));
        let large = vault
            .create_case_unchecked(large)
            .unwrap_or_else(|e| panic!("{e}"));

        let out = dir.path().join("export.age");
        let result = export(&mut vault, &out, false, false, &mut |_| {});
        assert!(
            matches!(&result, Err(Error::CaseTooLarge { reference, .. }) if *reference == large.meta.reference),
            "{result:?}"
        );
        assert!(!out.exists());
        assert_eq!(
            std::fs::read_dir(dir.path())
                .map(|entries| entries.count())
                .unwrap_or_default(),
            1,
            "only the vault's folder is left"
        );
        assert_eq!(vault.last_export_sequence().unwrap_or_default(), 0);
        assert_eq!(vault.outgoing_counts(false).map(|c| c.cases).ok(), Some(2));
    }

    /// A case saved before the mission checked what redaction makes of it
    /// may redact to a record the commission refuses: an age over 120 from
    /// an early birth date, or an age at contact from the year of birth
    /// below the age when trafficked. The export stops, names the case,
    /// leaves no file and marks nothing as sent.
    #[test]
    fn an_export_with_a_case_whose_redacted_form_the_commission_refuses_is_not_written() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let too_old = |case: &mut Case| {
            case.person.birth_date = Some(date(1900, 1, 2));
            case.person.birth_year = None;
        };
        let younger_than_trafficked = |case: &mut Case| {
            case.person.birth_date = None;
            case.person.birth_year = Some(case.first_contact.date.year() - 20);
            case.exploitation.age_when_trafficked = Some(21);
        };
        for (n, spoil) in [&too_old as &dyn Fn(&mut Case), &younger_than_trafficked]
            .into_iter()
            .enumerate()
        {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let mut vault = mission_vault(dir.path());
            let mut cases = synthetic::generate(5 + n as u64, 2, today).map(|mut case| {
                case.synthetic = false;
                case.consent.share_identifiable_with_commission = Some(false);
                case.first_contact.date = date(2026, 1, 10);
                case
            });
            vault
                .create_case(cases.next().unwrap_or_default())
                .unwrap_or_else(|e| panic!("{e}"));
            let mut bad = cases.next().unwrap_or_default();
            spoil(&mut bad);
            assert!(!crate::domain::validate(&bad, today).is_empty(), "case {n}");
            let bad = vault
                .create_case_unchecked(bad)
                .unwrap_or_else(|e| panic!("{e}"));

            let out = dir.path().join("export.age");
            let result = export(&mut vault, &out, false, false, &mut |_| {});
            assert!(
                matches!(&result, Err(Error::RedactedCaseRefused { reference, .. }) if *reference == bad.meta.reference),
                "case {n}: {result:?}"
            );
            assert!(!out.exists());
            assert_eq!(
                std::fs::read_dir(dir.path())
                    .map(|entries| entries.count())
                    .unwrap_or_default(),
                1,
                "only the vault's folder is left"
            );
            assert_eq!(vault.last_export_sequence().unwrap_or_default(), 0);
            assert_eq!(vault.outgoing_counts(false).map(|c| c.cases).ok(), Some(2));
        }
    }

    /// The line written around the stored JSON is the line serde writes, and
    /// the consent read alone agrees with the whole case's.
    #[test]
    fn a_case_as_stored_is_the_line_serde_would_write() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let mut whole = 0;
        for (n, case) in synthetic::generate(3, 60, today).enumerate() {
            let meta = RecordMeta {
                id: crate::domain::CaseId::new(),
                reference: format!("LT-LON-2026-{n:04}"),
                origin_mission: "LT-LON".into(),
                revision: 1,
                epoch: None,
                created_at: chrono::Utc::now(),
                created_by: "J. Jonaitis".into(),
                updated_at: chrono::Utc::now(),
                updated_by: "J. Jonaitis".into(),
            };
            let stored = serde_json::to_string(&case).unwrap_or_default();
            assert_eq!(
                shares_identity(&stored).ok(),
                Some(may_share_identity(&case))
            );
            if !may_share_identity(&case) {
                continue;
            }
            whole += 1;
            let mut ours = Pipe::new(Vec::new());
            super::case_as_stored(&mut ours, &meta, &stored).unwrap_or_else(|e| panic!("{e}"));
            let mut theirs = Pipe::new(Vec::new());
            theirs
                .write(&Line::Case(Box::new(ExportedCase {
                    meta,
                    redacted: false,
                    case,
                })))
                .unwrap_or_else(|e| panic!("{e}"));
            let (ours, _) = ours.finish().unwrap_or_else(|e| panic!("{e}"));
            let (theirs, _) = theirs.finish().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            );
        }
        assert!(whole > 0);
    }
}

#[cfg(test)]
mod withdrawal_tests {
    use std::io::Read as _;
    use std::path::Path;

    use super::*;

    /// The plaintext of an export, decrypted with the commission's identity.
    fn plaintext(file: &Path, identity: &age::x25519::Identity) -> String {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{e}"));
        let decryptor = age::Decryptor::new(&bytes[..]).unwrap_or_else(|e| panic!("{e}"));
        let mut reader = decryptor
            .decrypt(std::iter::once(identity as &dyn age::Identity))
            .unwrap_or_else(|e| panic!("{e}"));
        let mut text = String::new();
        reader
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{e}"));
        text
    }

    /// A file is format 4 only when it carries a withdrawn consent, which
    /// travels as an instruction without a word of the case; the next
    /// incremental file is format 3 again, and a full one carries it again.
    #[test]
    fn only_a_file_that_carries_a_withdrawn_consent_is_format_4() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let identity = age::x25519::Identity::generate();
        let mut vault =
            super::tests::mission_vault_for(dir.path(), &identity.to_public().to_string());
        let mut case = Case::default();
        case.first_contact.date = chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap_or_default();
        case.person.family_name = Some("Stubaitė".into());
        case.consent.share_identifiable_with_commission = Some(true);
        let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
        let reference = record.meta.reference.clone();
        let opening = |text: &str| text.lines().next().unwrap_or_default().to_owned();

        let first = dir.path().join("1.age");
        export(&mut vault, &first, false, false, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let text = plaintext(&first, &identity);
        assert_eq!(
            opening(&text),
            r#"{"format":"casebook-export","version":3}"#
        );
        // As a reduction would leave it (`vault::stubs`).
        vault
            .diagnostic_connection()
            .execute("UPDATE cases SET stub = 1", [])
            .unwrap_or_else(|e| panic!("{e}"));
        vault
            .withdraw_stub_consent(&reference)
            .unwrap_or_else(|e| panic!("{e}"));

        let second = dir.path().join("2.age");
        let summary = export(&mut vault, &second, false, false, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((summary.counts.cases, summary.counts.withdrawals), (0, 1));
        let text = plaintext(&second, &identity);
        assert_eq!(
            opening(&text),
            r#"{"format":"casebook-export","version":4}"#
        );
        let line = text
            .lines()
            .find(|l| l.starts_with(r#"{"withdrawal":"#))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(
            line.contains(&reference) && !line.contains("Stubait"),
            "{line}"
        );
        assert!(text.contains(r#""version":4"#) && text.contains(r#""withdrawals":1"#));
        assert!(
            !text.contains(r#"{"case":"#),
            "a stub never travels: {text}"
        );

        let third = dir.path().join("3.age");
        export(&mut vault, &third, false, false, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let text = plaintext(&third, &identity);
        assert_eq!(
            opening(&text),
            r#"{"format":"casebook-export","version":3}"#
        );
        assert!(!text.contains("withdrawal"), "{text}");

        let full = dir.path().join("4.age");
        export(&mut vault, &full, true, false, &mut |_| {}).unwrap_or_else(|e| panic!("{e}"));
        let text = plaintext(&full, &identity);
        assert_eq!(
            opening(&text),
            r#"{"format":"casebook-export","version":4}"#
        );
        assert!(text.contains(r#"{"withdrawal":"#) && !text.contains(r#"{"case":"#));
    }
}
