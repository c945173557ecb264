//! The referral letter: what it says to an organisation, and what it never
//! says without the person's agreement for that organisation; written as an
//! archival PDF through the command, checked with poppler's tools; and the
//! organisation of a referral picked from the directory the commission
//! sent. Without poppler-utils these tests fail and say so; CI installs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use casebook::document::{self, Overwrite};
use casebook::domain::{Case, CaseRecord, Location, ReferralService};
use casebook::exchange::reply::format::Organisation;
use casebook::i18n::Language;
use common::*;

/// Runs a poppler tool on `pdf` and gives its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command.output().unwrap_or_else(|e| {
        panic!("cannot run {tool} ({e}): install poppler-utils (apt-get install poppler-utils)")
    });
    assert!(
        output.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the person's agreement for an organisation lets its letter carry:
/// their names, phone and e-mail (`field-share-identity` names exactly
/// these), each found nowhere else.
const SHARED: &[&str] = &[
    "Kanarėlė",
    "Giesmininkaitė",
    "+37069912345",
    "kanarele.giesme@example.lt",
];

/// What identifies the person but no letter carries, agreement or not:
/// birth date, identity document, whereabouts, each found nowhere else.
const NEVER: &[&str] = &["1987-06-05", "Žvirbliškių", "KN7654321"];

/// Free text of the case that no letter carries: notes, indicator notes,
/// events' cities and descriptions, follow-ups' officer, summary and next
/// action, the place of first contact, the closure reason.
const FREE_TEXT: &[&str] = &[
    "Pastabakanarė",
    "Požymiokanarė",
    "Miestokanarė",
    "Aprašokanarė",
    "Pareigūnokanarė",
    "Santraukoskanarė",
    "Veiksmokanarė",
    "Vietoskanarė",
    "Uždarymokanarė",
];

/// Every string of the canary person that a letter without their
/// agreement must not hold.
fn canaries() -> impl Iterator<Item = &'static &'static str> {
    SHARED.iter().chain(NEVER).chain(FREE_TEXT)
}

/// The reference case with the canary's identity, an urgent need and a
/// referral to a shelter (organisation and service distinctive too).
fn canary_case(share_identity: bool) -> Case {
    let mut case = fixture_case("case-full.json");
    let person = &mut case.person;
    person.given_name = Some("Kanarėlė".into());
    person.family_name = Some("Giesmininkaitė".into());
    person.birth_date = Some(date(1987, 6, 5));
    person.phone = Some("+37069912345".into());
    person.email = Some("kanarele.giesme@example.lt".into());
    person.current_location = Some(Location {
        city: Some("Žvirbliškių kaimas".into()),
        country: Some("GB".into()),
    });
    if let Some(document) = &mut person.identity_document {
        document.number = "KN7654321".into();
    }
    case.notes = Some(FREE_TEXT[0].into());
    for indicator in &mut case.assessment.indicators {
        indicator.note = Some(FREE_TEXT[1].into());
    }
    for event in &mut case.exploitation.events {
        event.city = Some(FREE_TEXT[2].into());
        event.description = Some(FREE_TEXT[3].into());
    }
    for follow_up in &mut case.follow_ups {
        follow_up.officer = Some(FREE_TEXT[4].into());
        follow_up.summary = Some(FREE_TEXT[5].into());
        follow_up.next_action = Some(FREE_TEXT[6].into());
    }
    case.first_contact.place = Some(FREE_TEXT[7].into());
    case.closure_reason = Some(FREE_TEXT[8].into());
    case.referrals[0].organisation = "St Anne's Shelter".into();
    case.referrals[0].service = ReferralService::Shelter;
    case.referrals[0].share_identity = share_identity;
    case
}

/// The letter for referral 1 of `case` in `language`, written to `out`.
fn letter_of(
    case: Case,
    entry: Option<&Organisation>,
    language: Language,
    out: &Path,
) -> CaseRecord {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    let (record, context, found) =
        document::referral_input(&vault, &record.meta.reference, 1, date(2026, 12, 5))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        found,
        document::Listing::Unlisted,
        "this vault holds no directory"
    );
    let listing = document::Listing::from(entry.cloned());
    let bytes = document::referral_letter(&record, 1, &listing, &context, language)
        .unwrap_or_else(|e| panic!("{e}"));
    document::write(out, &bytes, Overwrite::Refuse).unwrap_or_else(|e| panic!("{e}"));
    record
}

/// The canary test: without the person's agreement for this organisation
/// the letter holds none of their identifying strings (and says so);
/// with it, it holds every one. Either way the organisation, the service
/// and the needs are there.
#[test]
fn a_letter_holds_the_persons_identity_only_when_they_agreed_for_that_organisation() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for language in [Language::English, Language::Lithuanian] {
        let withheld = dir.path().join(format!("withheld-{}.pdf", language.code()));
        let record = letter_of(canary_case(false), Some(&st_annes()), language, &withheld);
        let text = flat(&poppler("pdftotext", &[], &withheld));
        for canary in canaries() {
            assert!(!text.contains(canary), "{canary} in:\n{text}");
        }
        let (service, needs, said) = match language {
            Language::English => (
                "Service Shelter",
                "Further services needed",
                "The person has not agreed to share their name",
            ),
            _ => (
                "Paslauga Prieglauda",
                "Reikia kitų paslaugų",
                "Asmuo nesutiko, kad jo vardas",
            ),
        };
        for wanted in [
            "St Anne's Shelter",
            "Manchester",
            "+441619998877",
            "referrals@stannes.example.org",
            service,
            needs,
            said,
            record.meta.reference.as_str(),
            "Embassy in London",
            "J. Jonaitis",
            "2026-12-05",
        ] {
            assert!(text.contains(wanted), "{wanted:?} missing from:\n{text}");
        }

        let shared = dir.path().join(format!("shared-{}.pdf", language.code()));
        letter_of(canary_case(true), Some(&st_annes()), language, &shared);
        let text = flat(&poppler("pdftotext", &[], &shared));
        // Exactly what the agreement names: names, phone, e-mail.
        for canary in SHARED {
            assert!(text.contains(canary), "{canary} missing from:\n{text}");
        }
        for canary in NEVER.iter().chain(FREE_TEXT) {
            assert!(
                !text.contains(canary),
                "{canary} in the shared letter:\n{text}"
            );
        }
        assert!(!text.contains(said), "{text}");
        // The metadata of the letter that holds the name holds none of it.
        let info = poppler("pdfinfo", &[], &shared) + &poppler("pdfinfo", &["-meta"], &shared);
        for canary in canaries().chain(&["St Anne"]) {
            assert!(!info.contains(canary), "{canary} in the metadata:\n{info}");
        }
    }
}

#[test]
fn a_letter_is_pdf_a_2b_marked_confidential_on_every_page_with_its_fonts_embedded() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("letter.pdf");
    let mut case = canary_case(false);
    case.person.given_name = Some("Ąžuolė".into());
    case.referrals[0].organisation = "Prieglauda „Šilų užuovėja“ ąčęėįšųūž".into();
    let record = letter_of(case, None, Language::Lithuanian, &out);
    let meta = poppler("pdfinfo", &["-meta"], &out);
    let declares = |tag: &str, value: &str| {
        meta.contains(&format!("<pdfaid:{tag}>{value}</pdfaid:{tag}>"))
            || meta.contains(&format!("pdfaid:{tag}=\"{value}\""))
    };
    assert!(declares("part", "2"), "{meta}");
    assert!(declares("conformance", "B"), "{meta}");
    let fonts = poppler("pdffonts", &[], &out);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let embedded = row.split_whitespace().rev().nth(4);
        assert_eq!(embedded, Some("yes"), "not embedded: {row}");
    }
    let info = poppler("pdfinfo", &[], &out);
    assert!(
        info.contains(&format!("Nukreipimas {}", record.meta.reference)),
        "{info}"
    );
    for value in ["Ąžuolė", "Prieglauda", "Giesmininkaitė"] {
        assert!(!info.contains(value) && !meta.contains(value), "{value}");
    }
    let total: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(total >= 1);
    for page in 1..=total {
        let number = page.to_string();
        let text = poppler("pdftotext", &["-f", &number, "-l", &number], &out);
        assert!(text.matches("KONFIDENCIALU").count() >= 2, "page {page}");
        assert!(
            text.contains(&format!("Puslapis {page} iš {total}")),
            "{text}"
        );
    }
    // Lithuanian letters survive the text extraction, and no identity.
    let text = flat(&poppler("pdftotext", &[], &out));
    assert!(
        text.contains("Prieglauda „Šilų užuovėja“ ąčęėįšųūž"),
        "{text}"
    );
    assert!(text.contains("Kam"), "{text}");
    assert!(!text.contains("Ąžuolė"), "{text}");
}

/// The command: a letter to an organisation of the received directory
/// carries its address and phone; the file is private, not replaced
/// without --force, audited without a value; a referral the case lacks is
/// refused.
#[test]
fn the_command_writes_the_letter_with_the_directory_entry_privately_and_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (vault, record) = mission_with_directory(dir.path(), canary_case(false));
    drop(vault);
    let vault_dir = dir.path().join("mission");
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .env_remove("CASEBOOK_VAULT")
            .arg("--vault")
            .arg(&vault_dir)
            .arg("--passphrase-file")
            .arg(&pass)
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let out: PathBuf = dir.path().join("laiskas.pdf");
    let out_arg = out.to_str().unwrap_or_else(|| panic!("not UTF-8"));
    let reference = record.meta.reference.as_str();
    let letter = [
        "document",
        "referral",
        reference,
        "--referral",
        "1",
        "--out",
        out_arg,
        "--lang",
        "lt",
    ];
    let first = run(&letter);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode.ok(), Some(0o600));
    }
    let text = flat(&poppler("pdftotext", &[], &out));
    for wanted in [
        "St Anne's Shelter",
        "Manchester, Jungtinė Karalystė",
        "+441619998877",
        "referrals@stannes.example.org",
        "Apgyvendinimas",
        "Kalbos Anglų, Lietuvių",
    ] {
        assert!(text.contains(wanted), "{wanted:?} missing from:\n{text}");
    }
    for canary in canaries() {
        assert!(!text.contains(canary), "{canary} in:\n{text}");
    }
    let written = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));
    let again = run(&letter);
    assert!(!again.status.success());
    let error = String::from_utf8_lossy(&again.stderr);
    assert!(error.contains("--force"), "{error}");
    assert_eq!(std::fs::read(&out).ok(), Some(written));
    let forced = run(&[&letter[..], &["--force"]].concat());
    assert!(forced.status.success());

    let missing = run(&[
        "document",
        "referral",
        reference,
        "--referral",
        "2",
        "--out",
        &format!("{out_arg}.2"),
    ]);
    assert!(!missing.status.success());
    let error = String::from_utf8_lossy(&missing.stderr);
    assert!(error.contains("no referral 2; it has 1"), "{error}");
    assert!(!Path::new(&format!("{out_arg}.2")).exists());

    let audit = String::from_utf8_lossy(&run(&["audit"]).stdout).into_owned();
    let lines: Vec<&str> = audit
        .lines()
        .filter(|l| l.contains("referral-letter 1 withheld lt"))
        .collect();
    assert_eq!(lines.len(), 2, "{audit}");
    for value in canaries().chain(&["St Anne", "Manchester"]) {
        assert!(!audit.contains(value), "{value} in the audit log");
    }
}

/// Older records have no share_identity: they read as no, and a record
/// saying no is written without the field.
#[test]
fn a_referral_without_share_identity_reads_as_no_and_no_is_not_written() {
    let case = fixture_case("case-full.json");
    assert!(!case.referrals[0].share_identity);
    let json = serde_json::to_string(&case).unwrap_or_else(|e| panic!("{e}"));
    assert!(!json.contains("share_identity"), "{json}");
    let mut case = case;
    case.referrals[0].share_identity = true;
    let json = serde_json::to_string(&case).unwrap_or_else(|e| panic!("{e}"));
    assert!(json.contains("\"share_identity\":true"), "{json}");
    let back: Case = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert!(back.referrals[0].share_identity);
}

/// `add --json` takes a referral's share_identity and `show --json` gives
/// it back; the shared fixtures, without it, are still taken.
#[test]
fn the_command_line_takes_and_shows_share_identity() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    drop(new_vault(&vault_dir));
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let run = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_casebook"))
            .env_remove("CASEBOOK_VAULT")
            .arg("--vault")
            .arg(&vault_dir)
            .arg("--passphrase-file")
            .arg(&pass)
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            output.status.success(),
            "{extra:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let mut case = fixture_case("case-full.json");
    case.referrals[0].share_identity = true;
    let file = dir.path().join("case.json");
    std::fs::write(&file, serde_json::to_string(&case).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let added = run(&["add", "--json", file.to_str().unwrap_or_default()]);
    let reference = added
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    let shown = run(&["show", &reference, "--json"]);
    assert!(shown.contains("\"share_identity\": true"), "{shown}");
    for name in ["case-full.json", "case-minimal.json"] {
        run(&["add", "--json", fixture(name).to_str().unwrap_or_default()]);
    }
}

/// A case with two referrals, the person agreeing for the second only:
/// the first one's letter holds none of their identity, the second's their
/// names and contacts, in both languages.
#[test]
fn with_two_referrals_only_the_agreed_ones_letter_holds_the_identity() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut case = canary_case(false);
    let mut second = case.referrals[0].clone();
    second.organisation = "Caritas".into();
    second.share_identity = true;
    case.referrals.push(second);
    let mut vault = new_vault(&dir.path().join("vault"));
    let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    for language in [Language::English, Language::Lithuanian] {
        for (number, agreed) in [(1, false), (2, true)] {
            let (record, context, listing) =
                document::referral_input(&vault, &record.meta.reference, number, date(2026, 12, 5))
                    .unwrap_or_else(|e| panic!("{e}"));
            let bytes = document::referral_letter(&record, number, &listing, &context, language)
                .unwrap_or_else(|e| panic!("{e}"));
            let out = dir.path().join(format!("{number}-{}.pdf", language.code()));
            document::write(&out, &bytes, Overwrite::Refuse).unwrap_or_else(|e| panic!("{e}"));
            let text = flat(&poppler("pdftotext", &[], &out));
            for canary in SHARED {
                assert_eq!(
                    text.contains(canary),
                    agreed,
                    "{canary}, letter {number}:\n{text}"
                );
            }
            for canary in NEVER.iter().chain(FREE_TEXT) {
                assert!(!text.contains(canary), "{canary}, letter {number}:\n{text}");
            }
            assert_eq!(
                document::referral_audit_kind(&record, number),
                format!(
                    "referral-letter {number} {}",
                    if agreed { "identity" } else { "withheld" }
                )
            );
        }
    }
}

/// A redacted record (as the commission holds one) whose referral says
/// "agreed" gives a letter that says the opposite: it holds no identity.
#[test]
fn a_redacted_record_with_the_box_ticked_gives_a_withheld_letter() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    let record = vault
        .create_case(canary_case(true))
        .unwrap_or_else(|e| panic!("{e}"));
    let (mut record, context, _) =
        document::referral_input(&vault, &record.meta.reference, 1, date(2026, 12, 5))
            .unwrap_or_else(|e| panic!("{e}"));
    // As a file of an earlier build would bring it to the commission.
    record.case = casebook::exchange::redact::redact(&record.case);
    record.case.referrals[0].share_identity = true;
    let out = dir.path().join("redacted.pdf");
    let bytes = document::referral_letter(
        &record,
        1,
        &document::Listing::Unlisted,
        &context,
        Language::English,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    document::write(&out, &bytes, Overwrite::Refuse).unwrap_or_else(|e| panic!("{e}"));
    let text = flat(&poppler("pdftotext", &[], &out));
    assert!(
        text.contains("The person has not agreed to share their name"),
        "{text}"
    );
    assert!(!text.contains("given below"), "{text}");
    assert_eq!(
        document::referral_audit_kind(&record, 1),
        "referral-letter 1 withheld"
    );
}

fn branch(city: &str, phone: &str, kind: &str) -> Organisation {
    Organisation {
        name: "Caritas".into(),
        kind: kind.into(),
        city: Some(city.into()),
        phone: Some(phone.into()),
        email: None,
        ..st_annes()
    }
}

/// Two branches of one organisation, in different cities: a referral
/// naming it (the pick records the name and type, not the city) gets
/// neither's address, and the letter says the officer adds it; a type
/// that tells them apart, or a single entry, gets its own.
#[test]
fn two_same_named_entries_give_no_address_unless_the_type_tells_them_apart() {
    let kaunas = branch("Kaunas", "+37037000001", "NGO");
    let vilnius = branch("Vilnius", "+37052000002", "NGO");
    let mut referral = canary_case(false).referrals[0].clone();
    referral.organisation = "  caritas ".into();
    referral.organisation_type = Some(casebook::domain::OrganisationType::Ngo);
    let both = [kaunas.clone(), vilnius.clone()];
    assert_eq!(
        document::directory_entry(&referral, &both),
        document::Listing::Ambiguous
    );
    referral.organisation_type = None;
    assert_eq!(
        document::directory_entry(&referral, &both),
        document::Listing::Ambiguous
    );
    // The same entry twice is one entry.
    assert_eq!(
        document::directory_entry(&referral, &[kaunas.clone(), kaunas.clone()]),
        document::Listing::Entry(Box::new(kaunas.clone()))
    );
    // A type only one of them has tells them apart.
    let legal = branch("Vilnius", "+37052000002", "LegalService");
    referral.organisation_type = Some(casebook::domain::OrganisationType::LegalService);
    assert_eq!(
        document::directory_entry(&referral, &[kaunas.clone(), legal.clone()]),
        document::Listing::Entry(Box::new(legal))
    );
    assert_eq!(
        document::directory_entry(&referral, std::slice::from_ref(&kaunas)),
        document::Listing::Entry(Box::new(kaunas.clone()))
    );
    referral.organisation = "Caritas Vilnius".into();
    assert_eq!(
        document::directory_entry(&referral, &both),
        document::Listing::Unlisted
    );

    // The letter for an ambiguous name: no city, phone of either; a line
    // saying why, in both languages.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    let mut case = canary_case(false);
    case.referrals[0].organisation = "Caritas".into();
    let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    let (record, context, _) =
        document::referral_input(&vault, &record.meta.reference, 1, date(2026, 12, 5))
            .unwrap_or_else(|e| panic!("{e}"));
    let listing = document::directory_entry(&record.case.referrals[0], &both);
    for (language, said) in [
        (
            Language::English,
            "Several organisations in the referral directory have this name",
        ),
        (
            Language::Lithuanian,
            "Organizacijų sąraše yra kelios organizacijos tokiu pavadinimu",
        ),
    ] {
        let bytes = document::referral_letter(&record, 1, &listing, &context, language)
            .unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join(format!("caritas-{}.pdf", language.code()));
        document::write(&out, &bytes, Overwrite::Refuse).unwrap_or_else(|e| panic!("{e}"));
        let text = flat(&poppler("pdftotext", &[], &out));
        assert!(text.contains(said), "{text}");
        for value in ["Kaunas", "Vilnius", "+37037000001", "+37052000002"] {
            assert!(!text.contains(value), "{value} in:\n{text}");
        }
    }
}

/// Every organisation type the directory may hold is named, in both
/// languages, not shown as its translation key.
#[test]
fn every_directory_organisation_type_is_translated() {
    for language in [Language::English, Language::Lithuanian] {
        let i18n = casebook::i18n::I18n::new(language);
        for kind in casebook::exchange::reply::format::ORGANISATION_TYPES {
            let named = i18n.vocab("OrganisationType", kind);
            assert!(!named.starts_with("vocab-"), "{language:?}: {named}");
        }
    }
}

/// A directory name is no longer than a referral's organisation may be, so
/// picking one never makes a referral that Add or Save refuses.
#[test]
fn a_directory_name_fits_a_referrals_organisation() {
    let mut entry = st_annes();
    entry.name = "Ž".repeat(200);
    assert_eq!(entry.problem(), None);
    let mut case = canary_case(false);
    case.referrals[0].organisation = entry.name.clone();
    assert!(casebook::domain::validate(&case, date(2026, 12, 5)).is_empty());
    entry.name = "x".repeat(201);
    assert!(entry.problem().is_some());
}
