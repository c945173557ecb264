//! Documents: the case summary as an archival PDF, checked through
//! poppler's tools (pdftotext, pdffonts, pdfinfo) as a reader would see it.
//! Without poppler-utils these tests fail and say so; CI installs it.

mod common;

use std::path::Path;
use std::process::Command;

use casebook::document::{self, Overwrite};
use casebook::domain::{Case, FollowUp, FollowUpKind};
use casebook::i18n::Language;
use common::*;

const LETTERS: &str = "ąčęėįšųūž";

/// Runs a poppler tool on `pdf` and gives its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let output = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {tool} ({e}): install poppler-utils (apt-get install poppler-utils)")
        });
    assert!(
        output.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    poppler("pdfinfo", &[], pdf)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gives no page count"))
}

/// The reference case, with names, places and notes in Lithuanian letters.
fn lithuanian_case(notes: String) -> Case {
    let mut case = fixture_case("case-full.json");
    case.person.given_name = Some("Ąžuolė".into());
    case.person.family_name = Some("Čiūrienė-Šęšėlgytė".into());
    case.first_contact.place = Some("Konsulinis skyrius, Įėjimas iš kiemo".into());
    case.referrals[0].organisation = "Prieglauda „Šilų užuovėja“".into();
    case.follow_ups.push(FollowUp {
        date: date(2026, 11, 27),
        kind: FollowUpKind::InPerson,
        officer: Some("J. Jonaitis".into()),
        summary: Some(format!("Susitikimas prieglaudoje; raidės {LETTERS}")),
        next_action: Some("Paruošti kelionės dokumentą".into()),
        next_action_due: Some(date(2026, 12, 3)),
    });
    case.notes = Some(notes);
    case
}

/// A vault holding `case`; the summary of it written to `out` in `language`.
fn summary_of(case: Case, language: Language, out: &Path) -> String {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    let (record_read, context) =
        document::summary_input(&vault, &record.meta.reference, date(2026, 12, 5))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(record_read, record);
    let bytes =
        document::case_summary(&record, &context, language).unwrap_or_else(|e| panic!("{e}"));
    document::write(out, &bytes, Overwrite::Refuse).unwrap_or_else(|e| panic!("{e}"));
    record.meta.reference
}

/// The headings the bundled template of `language` puts in the summary.
fn headings(language: Language) -> Vec<String> {
    let source = document::template::source(document::template::CASE_SUMMARY, language)
        .unwrap_or_else(|| panic!("no template"));
    source
        .lines()
        .filter_map(|l| l.strip_prefix("== "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_lithuanian_summary_holds_every_section_and_its_letters_survive_text_extraction() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("santrauka.pdf");
    let notes = format!("Atėjo su drauge; abi dirbo ūkyje. Raidės: {LETTERS}.");
    let reference = summary_of(lithuanian_case(notes.clone()), Language::Lithuanian, &out);
    let text = poppler("pdftotext", &[], &out);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        reference.as_str(),
        "Embassy in London",
        "J. Jonaitis",
        "2026-12-05",
        "Ąžuolė",
        "Čiūrienė-Šęšėlgytė",
        "Konsulinis skyrius, Įėjimas iš kiemo",
        "Prieglauda „Šilų užuovėja“",
        "Paruošti kelionės dokumentą",
        notes.as_str(),
        // Labels and vocabulary as the window shows them.
        "Prekybos žmonėmis statusas",
        "Galima auka",
        "Priverstinis darbas",
        "Apgyvendinimas",
        "Employer holds her passport",
        "LT1234567",
        "+447700900123",
        "2031-11-20",
    ] {
        assert!(flat.contains(wanted), "{wanted:?} missing from:\n{text}");
    }
    for heading in headings(Language::Lithuanian) {
        assert!(flat.contains(&heading), "heading {heading:?} missing");
    }
    assert!(flat.matches(LETTERS).count() >= 2, "{text}");
    let total = pages(&out);
    for page in 1..=total {
        let number = page.to_string();
        let text = poppler("pdftotext", &["-f", &number, "-l", &number], &out);
        assert!(
            text.matches("KONFIDENCIALU").count() >= 2,
            "page {page}: {text}"
        );
        assert!(
            text.contains(&format!("Puslapis {page} iš {total}")),
            "{text}"
        );
        assert!(text.contains(&reference), "page {page}");
    }
}

#[test]
fn an_english_summary_is_pdf_a_2b_with_every_font_embedded_and_no_name_in_its_metadata() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("summary.pdf");
    let reference = summary_of(fixture_case("case-full.json"), Language::English, &out);
    let text = poppler("pdftotext", &[], &out);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for heading in headings(Language::English) {
        assert!(flat.contains(&heading), "heading {heading:?} missing");
    }
    for wanted in [
        "Trafficking status Possible victim",
        "Family name Žemaitytė",
        "Citizenship Lithuania",
        "Further services needed",
        "Safe at the shelter; wants to return home",
        "Came with a friend who also worked on the farm.",
        "CONFIDENTIAL",
        "Page 1 of",
    ] {
        assert!(flat.contains(wanted), "{wanted:?} missing from:\n{text}");
    }

    let fonts = poppler("pdffonts", &[], &out);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        // name, type…, encoding, emb, sub, uni, object, generation
        let embedded = columns.iter().rev().nth(4);
        assert_eq!(embedded, Some(&"yes"), "not embedded: {row}");
    }

    let meta = poppler("pdfinfo", &["-meta"], &out);
    let info = &meta;
    let declares = |tag: &str, value: &str| {
        info.contains(&format!("<pdfaid:{tag}>{value}</pdfaid:{tag}>"))
            || info.contains(&format!("pdfaid:{tag}=\"{value}\""))
    };
    assert!(declares("part", "2"), "{info}");
    assert!(declares("conformance", "B"), "{info}");
    let info = poppler("pdfinfo", &[], &out);
    let title = info
        .lines()
        .find_map(|l| l.strip_prefix("Title:"))
        .map(str::trim)
        .unwrap_or_default();
    assert_eq!(title, format!("Case summary {reference}"));
    // Neither the Info dictionary nor the XMP names the person or the officer.
    for value in ["Žemaitytė", "Ona", "J. Jonaitis", "Jonaitis"] {
        assert!(!info.contains(value), "{value} in:\n{info}");
        assert!(!meta.contains(value), "{value} in the XMP:\n{meta}");
    }
    assert!(meta.contains(&reference), "{meta}");
}

/// The summary of `case` in `language`, written to `out`; its record.
fn summary_record(case: Case, language: Language, out: &Path) -> casebook::domain::CaseRecord {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut vault = new_vault(&dir.path().join("vault"));
    let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    let (record, context) =
        document::summary_input(&vault, &record.meta.reference, date(2026, 12, 5))
            .unwrap_or_else(|e| panic!("{e}"));
    let bytes =
        document::case_summary(&record, &context, language).unwrap_or_else(|e| panic!("{e}"));
    document::write(out, &bytes, Overwrite::Refuse).unwrap_or_else(|e| panic!("{e}"));
    record
}

#[test]
fn names_and_notes_in_scripts_the_font_lacks_are_shown_as_code_points_and_said() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("scripts.pdf");
    let mut case = fixture_case("case-full.json");
    case.person.given_name = Some("محمد".into()); // Arabic
    case.person.family_name = Some("王".into()); // Chinese
    case.first_contact.place = Some("ሰላም ნინო สวัสดี Ирина".into()); // Amharic, Georgian, Thai, Cyrillic
    case.notes = Some("Safe now 😀 thanks".into());
    let record = summary_record(case, Language::English, &out);
    let text = poppler("pdftotext", &[], &out);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        "Given name [U+0645 U+062D U+0645 U+062F]",
        "Family name [U+738B]",
        "[U+1230 U+120B U+121D]",
        "[U+10DC U+10D8 U+10DC U+10DD]",
        "[U+0E2A",
        "Ирина",
        "Safe now [U+1F600] thanks",
        "Some characters cannot be drawn in this document's font",
        &record.meta.reference,
    ] {
        assert!(flat.contains(wanted), "{wanted:?} missing from:\n{text}");
    }
    let meta = poppler("pdfinfo", &["-meta"], &out);
    assert!(
        meta.contains("<pdfaid:part>2</pdfaid:part>") || meta.contains("pdfaid:part=\"2\""),
        "{meta}"
    );
}

#[test]
fn a_summary_in_latin_letters_says_nothing_about_missing_characters() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("plain.pdf");
    summary_record(fixture_case("case-full.json"), Language::English, &out);
    let text = poppler("pdftotext", &[], &out);
    assert!(!text.contains("[U+"), "{text}");
    assert!(!text.contains("Some characters cannot"), "{text}");
}

#[test]
fn a_synthetic_case_is_marked_training_on_every_page_and_shows_its_origin_mission() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("training.pdf");
    let mut case = lithuanian_case(
        (0..2000)
            .map(|n| format!("žodis{n}"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    case.synthetic = true;
    let record = summary_record(case, Language::Lithuanian, &out);
    let total = pages(&out);
    assert!(total >= 3, "{total}");
    for page in 1..=total {
        let number = page.to_string();
        let text = poppler("pdftotext", &["-f", &number, "-l", &number], &out);
        assert!(
            text.matches("SINTETINĖ – MOKYMAMS").count() >= 2,
            "page {page}: {text}"
        );
    }
    let text = poppler("pdftotext", &[], &out);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Sintetinė mokomoji byla, ne tikras asmuo Taip"),
        "{text}"
    );
    assert!(
        flat.contains(&format!(
            "Bylą pradėjusi misija {}",
            record.meta.origin_mission
        )),
        "{text}"
    );

    // A real case carries no such marking.
    let real = dir.path().join("real.pdf");
    summary_record(
        lithuanian_case("Pastaba".into()),
        Language::Lithuanian,
        &real,
    );
    let text = poppler("pdftotext", &[], &real);
    assert!(
        !text.contains("SINTETINĖ") && !text.contains("Sintetinė"),
        "{text}"
    );
}

#[test]
fn long_notes_run_onto_several_pages_without_losing_a_word() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("long.pdf");
    let words: Vec<String> = (0..3000).map(|n| format!("žodis{n:04}")).collect();
    let notes = words.join(" ");
    summary_of(lithuanian_case(notes), Language::Lithuanian, &out);
    let total = pages(&out);
    assert!(total >= 5, "{total} pages");
    let text = poppler("pdftotext", &[], &out);
    let found: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.starts_with("žodis"))
        .collect();
    assert_eq!(found, words.iter().map(String::as_str).collect::<Vec<_>>());
    for page in 1..=total {
        let number = page.to_string();
        let text = poppler("pdftotext", &["-f", &number, "-l", &number], &out);
        assert!(text.matches("KONFIDENCIALU").count() >= 2, "page {page}");
    }
}

#[test]
fn the_command_writes_a_private_file_refuses_to_overwrite_and_audits_no_value() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    let mut vault = new_vault(&vault_dir);
    let notes = format!("Slapta pastaba {LETTERS}");
    let record = vault
        .create_case(lithuanian_case(notes.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
    let pass = dir.path().join("pass.txt");
    std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("santrauka.pdf");
    let run = |extra: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_casebook"));
        command
            .env_remove("CASEBOOK_VAULT")
            .arg("--vault")
            .arg(&vault_dir)
            .arg("--passphrase-file")
            .arg(&pass)
            .args(extra);
        command.output().unwrap_or_else(|e| panic!("{e}"))
    };
    let out_arg = out.to_str().unwrap_or_else(|| panic!("not UTF-8"));
    let summary = [
        "document",
        "summary",
        &record.meta.reference,
        "--out",
        out_arg,
        "--lang",
        "lt",
    ];
    let first = run(&summary);
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
    let written = std::fs::read(&out).unwrap_or_else(|e| panic!("{e}"));

    let again = run(&summary);
    assert!(!again.status.success());
    let error = String::from_utf8_lossy(&again.stderr);
    assert!(
        error.starts_with("error: ") && error.contains("--force"),
        "{error}"
    );
    assert_eq!(std::fs::read(&out).ok(), Some(written));
    let forced = run(&[&summary[..], &["--force"]].concat());
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(leftovers.len(), 3, "{leftovers:?}"); // vault, pass.txt, the PDF

    let audit = run(&["audit"]);
    let audit = String::from_utf8_lossy(&audit.stdout);
    let lines: Vec<&str> = audit
        .lines()
        .filter(|l| l.contains("document-written"))
        .collect();
    assert_eq!(lines.len(), 2, "{audit}");
    for line in lines {
        assert!(
            line.contains(&record.meta.reference) && line.contains("case-summary lt"),
            "{line}"
        );
    }
    for value in [
        "Ąžuolė",
        "Čiūrienė",
        "Slapta",
        "LT1234567",
        "Konsulinis",
        "Prieglauda",
    ] {
        assert!(!audit.contains(value), "{value} in the audit log:\n{audit}");
    }
}

#[test]
fn the_command_audits_before_writing_and_names_a_folder_or_an_unwritable_place() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let vault_dir = dir.path().join("vault");
    let mut vault = new_vault(&vault_dir);
    let record = vault
        .create_case(lithuanian_case("Pastaba".into()))
        .unwrap_or_else(|e| panic!("{e}"));
    drop(vault);
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
    let reference = record.meta.reference.as_str();
    let folder = dir.path().join("papers");
    std::fs::create_dir(&folder).unwrap_or_else(|e| panic!("{e}"));
    let folder_arg = folder.to_str().unwrap_or_else(|| panic!("not UTF-8"));
    for force in [&[][..], &["--force"][..]] {
        let output = run(&[
            &["document", "summary", reference, "--out", folder_arg][..],
            force,
        ]
        .concat());
        assert!(!output.status.success());
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(error.contains("is a folder"), "{error}");
    }
    // The write fails (no such folder): the attempt is audited all the
    // same, since the audit comes before the file.
    let missing = dir.path().join("no-such-folder").join("x.pdf");
    let missing_arg = missing.to_str().unwrap_or_else(|| panic!("not UTF-8"));
    let output = run(&["document", "summary", reference, "--out", missing_arg]);
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(error.contains("cannot write"), "{error}");
    assert!(
        !error.contains("Pastaba") && !error.contains("Ąžuolė"),
        "{error}"
    );
    let audit = run(&["audit"]);
    let audit = String::from_utf8_lossy(&audit.stdout);
    assert_eq!(
        audit
            .lines()
            .filter(|l| l.contains("document-written"))
            .count(),
        1,
        "{audit}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(names.len(), 3, "{names:?}"); // vault, pass.txt, papers
}

#[test]
fn a_note_of_100000_letters_without_a_space_is_printed_whole() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("long-word.pdf");
    // The longest note a case may hold (limits.rs), in one word.
    let word = format!("{}ą", "ąbž".repeat(33_333));
    assert_eq!(word.chars().count(), 100_000);
    summary_record(lithuanian_case(word.clone()), Language::Lithuanian, &out);
    let text = poppler("pdftotext", &[], &out);
    let found: String = text
        .split_whitespace()
        .filter(|w| w.chars().all(|c| "ąbž".contains(c)))
        .collect();
    assert_eq!(found.chars().count(), word.chars().count());
    assert_eq!(found, word);
}
