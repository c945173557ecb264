//! The commission's annual report (`casebook report`): for a vault with
//! known counts, every table of the PDF and of the CSV bundle shows what
//! `casebook stats` prints with the same filters, hidden counts hidden;
//! checked through poppler's tools (pdftotext, pdffonts, pdfinfo), as a
//! reader would see it. Without poppler-utils these tests fail and say so.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use casebook::document::report::{TABLES, VICTIMS};
use casebook::domain::{
    DecisionMaker, ExploitationType, Gender, OrganisationType, ReferralOutcome, ReferralService,
    TraffickingStatus, UrgentNeed,
};
use casebook::i18n::{I18n, Language};
use casebook::stats::Dimension;
use casebook::stats::labels::label;
use casebook::vault::{KdfParams, NewVault, Role, Vault};
use common::*;

const LETTERS: &str = "ąčęėįšųūž";

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

/// A vault whose counts are known: 2025 and 2026 cases of each status,
/// sex, age, form and citizenship group, with small cells among them, and
/// two 2026 cases whose person refused anonymous statistics.
struct Env {
    _dir: tempfile::TempDir,
    root: PathBuf,
    vault: PathBuf,
    pass: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().to_path_buf();
        let vault_dir = root.join("vault");
        let mut vault = Vault::create(
            &vault_dir,
            &NewVault {
                role: Role::Mission,
                mission_code: "LT-LON".into(),
                mission_name: format!("Ambasada Londone {LETTERS}"),
                officer: "J. Jonaitis".into(),
            },
            &passphrase(),
            KdfParams::insecure_for_tests(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let statuses = [
            TraffickingStatus::ActualVictimOfTrafficking,
            TraffickingStatus::ActualVictimOfTrafficking,
            TraffickingStatus::PossibleVictimOfTrafficking,
            TraffickingStatus::NotAVictimOfTrafficking,
        ];
        let forms = [
            ExploitationType::ForcedLabour,
            ExploitationType::ForcedLabour,
            ExploitationType::SexualExploitation,
            ExploitationType::ForcedBegging,
            ExploitationType::SexualExploitation,
        ];
        let citizenships = ["LT", "LT", "LV", "UA", "LT", "PL"];
        for i in 0..46usize {
            let mut case = fixture_case("case-full.json");
            let year = if i < 12 { 2025 } else { 2026 };
            let contact = date(year, 1 + (i % 11) as u32, 3);
            case.first_contact.date = contact;
            case.consent.date = Some(contact);
            case.consent.anonymous_statistics = Some(i != 20 && i != 33);
            case.person.gender = Some(if i % 3 == 0 {
                Gender::Masculine
            } else {
                Gender::Feminine
            });
            case.person.birth_date = Some(date(if i % 7 == 0 { year - 15 } else { 1990 }, 2, 1));
            case.person.citizenship = vec![citizenships[i % citizenships.len()].into()];
            let status = statuses[i % statuses.len()];
            // Every ninth case has no status yet: no table of victims
            // counts it, nor a "not a victim" case.
            case.assessment.trafficking_status = (i % 9 != 4).then_some(status);
            case.assessment.decided_by = Some(DecisionMaker::Police);
            case.exploitation.age_when_trafficked = None;
            let form = forms[i % forms.len()];
            case.exploitation.types = vec![form];
            // An industry on a case of another form too: the industry
            // table counts forced labour only.
            case.exploitation.events.clear();
            case.assistance.return_assisted = Some(i % 4 == 1);
            case.assistance.urgent_needs = if i % 5 == 0 {
                vec![UrgentNeed::Medical]
            } else {
                vec![UrgentNeed::Shelter, UrgentNeed::Documents]
            };
            case.assistance.reflection_period = (i % 2 == 0).then_some(casebook::domain::Period {
                start: Some(contact),
                end: None,
            });
            case.referrals[0].date = contact;
            case.referrals[0].service = if i % 3 == 0 {
                ReferralService::Legal
            } else {
                ReferralService::Shelter
            };
            case.referrals[0].organisation_type = Some(OrganisationType::Ngo);
            case.referrals[0].outcome = Some(if i % 6 == 0 {
                ReferralOutcome::DeclinedByPerson
            } else {
                ReferralOutcome::Referred
            });
            case.follow_ups.clear();
            case.erase_after = None;
            vault
                .create_case(case)
                .unwrap_or_else(|e| panic!("case {i}: {e}"));
        }
        drop(vault);
        let pass = root.join("pass.txt");
        std::fs::write(&pass, format!("{PASSPHRASE}\n")).unwrap_or_else(|e| panic!("{e}"));
        Env {
            _dir: dir,
            vault: vault_dir,
            pass,
            root,
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_casebook"))
            .env_remove("CASEBOOK_VAULT")
            .arg("--vault")
            .arg(&self.vault)
            .arg("--passphrase-file")
            .arg(&self.pass)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn path(&self, name: &str) -> String {
        self.root.join(name).to_string_lossy().into_owned()
    }

    /// What `casebook stats --csv` prints for a table of the report.
    fn stats_csv(&self, slot: &str, year: i32) -> String {
        let spec = TABLES
            .iter()
            .find(|s| s.slot == slot)
            .unwrap_or_else(|| panic!("no table {slot}"));
        let year = if spec.previous_year { year - 1 } else { year };
        let (from, to) = (year.to_string(), year.to_string());
        let mut args = vec!["stats", "--csv", "--by", spec.rows_by.name()];
        if let Some(columns) = spec.columns_by {
            args.extend(["--by", columns.name()]);
        }
        args.extend(["--from-year", &from, "--to-year", &to]);
        args.extend(["--trafficking-status", spec.status.unwrap_or(VICTIMS)]);
        if let Some(form) = spec.form {
            args.extend(["--form", form]);
        }
        self.ok(&args)
    }
}

/// The data rows of a CSV (header and comment left out), each as its row
/// key and its counts.
fn csv_rows(csv: &str) -> Vec<(String, Vec<String>)> {
    csv.lines()
        .skip(2)
        .map(|line| {
            let mut fields = line.split(',').map(str::to_owned);
            let key = fields.next().unwrap_or_default();
            (key, fields.collect())
        })
        .collect()
}

/// Whether a row of the report shows what `stats` printed: every count
/// the same, or hidden in the report where `stats` showed it (the report
/// hides, in every table, a count another of its tables hides); never
/// shown where `stats` hid it.
fn agrees(report: &[&str], stats: &[String]) -> bool {
    report.len() == stats.len()
        && report
            .iter()
            .zip(stats)
            .all(|(r, s)| *r == s || (*r == "c" && s != "0"))
}

/// Finds, from `from` on, the line of the report's layout text that is
/// `label` followed by counts that agree with `counts`; the line after it
/// and the report's counts.
fn find_row(
    lines: &[&str],
    from: usize,
    label: &str,
    counts: &[String],
) -> Option<(usize, Vec<String>)> {
    (from..lines.len()).find_map(|at| {
        let rest = lines[at].trim().strip_prefix(label)?;
        let tokens: Vec<&str> = rest.split_whitespace().collect();
        agrees(&tokens, counts).then(|| (at + 1, tokens.iter().map(|t| (*t).to_owned()).collect()))
    })
}

/// Every table of the report in `language`, in order, row by row, as
/// `casebook stats` prints it (more may be hidden: see [`agrees`]); the
/// report's counts of each table, row by row.
fn check_tables(env: &Env, pdf: &str, language: Language) -> Vec<Vec<Vec<String>>> {
    let i18n = I18n::new(language);
    let text = poppler("pdftotext", &["-layout"], Path::new(pdf));
    let lines: Vec<&str> = text.lines().collect();
    let mut at = 0;
    let mut hidden = 0;
    let mut tables = Vec::new();
    for spec in TABLES {
        let csv = env.stats_csv(spec.slot, 2026);
        let mut rows = Vec::new();
        for (key, counts) in csv_rows(&csv) {
            let name = if key == "total" {
                i18n.t("report-total")
            } else {
                let key = (key != "unknown").then_some(key.clone());
                label(&i18n, spec.rows_by, &key)
            };
            hidden += counts.iter().filter(|c| *c == "c").count();
            let (next, shown) = find_row(&lines, at, &name, &counts).unwrap_or_else(|| {
                panic!(
                    "{language:?} {}: row {name:?} {counts:?} not found after line {at} of:\n{text}",
                    spec.slot
                )
            });
            at = next;
            rows.push(shown);
        }
        tables.push(rows);
    }
    assert!(hidden > 0, "the vault has small counts that must be hidden");
    tables
}

#[test]
fn every_table_of_the_report_shows_what_stats_prints_in_both_languages_and_the_csv_bundle_is_the_same()
 {
    let env = Env::new();
    let en = env.path("report-en.pdf");
    let lt = env.path("report-lt.pdf");
    let csv_dir = env.path("csv");
    env.ok(&[
        "report",
        "--year",
        "2026",
        "--out",
        &en,
        "--lang",
        "en",
        "--csv-dir",
        &csv_dir,
    ]);
    env.ok(&["report", "--year", "2026", "--out", &lt, "--lang", "lt"]);
    let pdf_en = check_tables(&env, &en, Language::English);
    let pdf_lt = check_tables(&env, &lt, Language::Lithuanian);
    assert_eq!(pdf_en, pdf_lt, "the same counts hidden in both languages");

    // The CSV bundle: each table as `stats --csv` writes it (its rows and
    // keys; counts as the report shows them), and exactly the PDF's counts.
    let mut bundle = std::collections::HashMap::new();
    for (spec, pdf) in TABLES.iter().zip(&pdf_en) {
        let file = Path::new(&csv_dir).join(format!("{}.csv", spec.slot));
        let written = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        let stats = env.stats_csv(spec.slot, 2026);
        assert_eq!(
            written.lines().nth(1),
            stats.lines().nth(1),
            "{}",
            spec.slot
        );
        let (rows, expected) = (csv_rows(&written), csv_rows(&stats));
        assert_eq!(rows.len(), expected.len(), "{}", spec.slot);
        for ((key, counts), (stats_key, stats_counts)) in rows.iter().zip(&expected) {
            assert_eq!(key, stats_key, "{}", spec.slot);
            let counts: Vec<&str> = counts.iter().map(String::as_str).collect();
            assert!(
                agrees(&counts, stats_counts),
                "{} {key}: {counts:?} {stats_counts:?}",
                spec.slot
            );
        }
        let counts: Vec<Vec<String>> = rows.into_iter().map(|(_, c)| c).collect();
        assert_eq!(&counts, pdf, "{}: the CSV is the PDF's table", spec.slot);
        bundle.insert(spec.slot, written);
    }
    // The victims by status are published six times (row totals of two
    // tables, column totals of three, the comparison's 2026 column): the
    // same counts hidden in all six.
    let by_status = |slot: &str| -> Vec<(String, String)> {
        let rows = csv_rows(&bundle[slot]);
        let header: Vec<String> = bundle[slot]
            .lines()
            .nth(1)
            .unwrap_or_default()
            .split(',')
            .map(str::to_owned)
            .collect();
        let status_rows = |column: usize| -> Vec<(String, String)> {
            rows.iter()
                .filter(|(key, _)| key != "total")
                .map(|(key, counts)| (key.clone(), counts[column].clone()))
                .collect()
        };
        match slot {
            "victims-sex" | "victims-age" => status_rows(header.len() - 2),
            _ => {
                let total = &rows[rows.len() - 1].1;
                header[1..header.len() - 1]
                    .iter()
                    .cloned()
                    .zip(total.iter().cloned())
                    .collect()
            }
        }
    };
    let statuses = by_status("victims-sex");
    assert!(statuses.iter().any(|(_, c)| c == "c"), "{statuses:?}");
    for slot in [
        "victims-age",
        "victims-form",
        "victims-citizenship",
        "victims-mission",
    ] {
        assert_eq!(by_status(slot), statuses, "{slot}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777);
        assert_eq!(mode(Path::new(&csv_dir)).ok(), Some(0o700));
        assert_eq!(mode(Path::new(&en)).ok(), Some(0o600));
        for entry in std::fs::read_dir(&csv_dir).unwrap_or_else(|e| panic!("{e}")) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            assert_eq!(mode(&path).ok(), Some(0o600), "{}", path.display());
        }
    }

    // The two refusals are left out and said; the year before is compared.
    let flat_en = poppler("pdftotext", &[], Path::new(&en))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat_en
            .contains("Left out: cases whose person refused anonymous statistics, fewer than 5;"),
        "{flat_en}"
    );
    assert!(flat_en.contains("Page 1 of") && flat_en.contains("CONFIDENTIAL"));
    assert!(!flat_en.contains("[U+"), "a character could not be drawn");
    let flat_lt = poppler("pdftotext", &[], Path::new(&lt));
    assert!(flat_lt.contains(LETTERS), "the Lithuanian letters are lost");
    assert!(flat_lt.contains("KONFIDENCIALU") && flat_lt.contains("Metinė ataskaita"));
}

#[test]
fn the_report_is_pdf_a_2b_with_every_font_embedded_private_audited_without_figures() {
    let env = Env::new();
    let out = env.path("report.pdf");
    env.ok(&["report", "--year", "2026", "--out", &out, "--lang", "lt"]);
    let pdf = Path::new(&out);
    let meta = poppler("pdfinfo", &["-meta"], pdf);
    let declares = |tag: &str, value: &str| {
        meta.contains(&format!("<pdfaid:{tag}>{value}</pdfaid:{tag}>"))
            || meta.contains(&format!("pdfaid:{tag}=\"{value}\""))
    };
    assert!(declares("part", "2"), "{meta}");
    assert!(declares("conformance", "B"), "{meta}");
    let fonts = poppler("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        let embedded = row.split_whitespace().rev().nth(4);
        assert_eq!(embedded, Some("yes"), "not embedded: {row}");
    }
    // The bars are vector paths: the report holds no image.
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdfimages: {e}"));
    assert_eq!(
        String::from_utf8_lossy(&images.stdout).lines().count(),
        2,
        "only pdfimages' header: no raster image"
    );

    // Without --force a second report does not replace the first.
    let before = std::fs::read(pdf).unwrap_or_else(|e| panic!("{e}"));
    let again = env.run(&["report", "--year", "2026", "--out", &out]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read(pdf).ok(), Some(before));
    let csv_dir = env.path("csv");
    env.ok(&["report", "--year", "2026", "--csv-dir", &csv_dir]);
    let again = env.run(&["report", "--year", "2026", "--csv-dir", &csv_dir]);
    assert!(!again.status.success(), "the CSV files are not replaced");
    env.ok(&[
        "report",
        "--year",
        "2026",
        "--csv-dir",
        &csv_dir,
        "--force",
        "--mission",
        "lt-lon",
    ]);
    let neither = env.run(&["report", "--year", "2026"]);
    assert!(!neither.status.success());
    // A mistyped mission is refused, not written as an all-zero report;
    // so is a year to come.
    let refused = |args: &[&str], says: &str| {
        let output = env.run(args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    };
    let nowhere = env.path("nowhere.pdf");
    refused(
        &[
            "report",
            "--year",
            "2026",
            "--out",
            &nowhere,
            "--mission",
            "lt-lnd",
        ],
        "unknown mission \"LT-LND\"; this vault's missions: LT-LON",
    );
    refused(
        &["report", "--year", "2999", "--out", &nowhere],
        "the report covers a past or the current year",
    );
    assert!(!Path::new(&nowhere).exists());
    // A folder other users can open is refused before anything is counted.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let open = env.path("shared");
        std::fs::create_dir(&open).unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("{e}"));
        refused(
            &["report", "--year", "2026", "--csv-dir", &open],
            "is open to other users (mode 755)",
        );
        let files = std::fs::read_dir(&open).map(Iterator::count).ok();
        assert_eq!(files, Some(0), "nothing written into it");
    }

    let audit = env.ok(&["audit"]);
    let lines: Vec<&str> = audit
        .lines()
        .filter(|l| l.contains("document-written"))
        .collect();
    assert_eq!(lines.len(), 3, "{audit}");
    assert!(lines[0].contains("2026 all missions") && lines[0].contains("annual-report lt"));
    assert!(lines[2].contains("2026 mission LT-LON") && lines[2].contains("annual-report-csv"));
    // One line per report, never a figure: the year is the only number.
    let total = env.ok(&[
        "stats",
        "--by",
        "year",
        "--from-year",
        "2026",
        "--to-year",
        "2026",
    ]);
    let figure = total
        .lines()
        .find_map(|l| l.strip_prefix("2026"))
        .map(str::trim)
        .unwrap_or_else(|| panic!("{total}"));
    for line in lines {
        assert!(!line.contains(&format!(" {figure}")), "{line}");
    }
}

#[test]
fn citizenship_groups_follow_eurostat_and_stats_can_show_them() {
    let env = Env::new();
    let table = env.ok(&[
        "stats",
        "--by",
        "citizenship-group",
        "--from-year",
        "2026",
        "--to-year",
        "2026",
        "--min-count",
        "3",
    ]);
    // 34 cases of 2026, two refused: i % 6 picks LT, LT, LV, UA, LT, PL,
    // so 17 Lithuanian, 10 of another member state, 5 from outside the EU.
    for (group, count) in [("lithuania", "17"), ("other-eu", "10"), ("outside-eu", "5")] {
        let line = table
            .lines()
            .find(|l| l.starts_with(group))
            .unwrap_or_else(|| panic!("{group} missing:\n{table}"));
        assert_eq!(line.split_whitespace().nth(1), Some(count), "{table}");
    }
    assert_eq!(
        Dimension::from_name("citizenship-group"),
        Some(Dimension::CitizenshipGroup)
    );
}

#[test]
fn the_missions_section_counts_the_files_received_in_the_year_and_names_the_silent() {
    use casebook::exchange;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let commission_dir = dir.path().join("commission");
    let mut commission = new_commission_vault(&commission_dir);
    let recipient = exchange::commission_public_key(&commission).unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_vault(&dir.path().join("mission"));
    mission
        .set_commission_key(&recipient, false)
        .unwrap_or_else(|e| panic!("{e}"));
    mission
        .generate_recorded(3, 6, date(2026, 11, 1))
        .unwrap_or_else(|e| panic!("{e}"));
    for number in 1..=2 {
        let file = dir.path().join(format!("export-{number}.age"));
        if number == 2 {
            mission
                .generate_recorded(4, 2, date(2026, 11, 2))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        exchange::export(&mut mission, &file, false, false, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        // The first export never arrives: the second is received alone.
        if number == 2 {
            import_as_analyst(&mut commission, &file).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let today = chrono::Utc::now().date_naive();
    let this_year = chrono::Datelike::year(&today);
    let request = |year| casebook::document::report::Request {
        year,
        mission: None,
    };
    let now = casebook::document::report::gather(&commission, &request(this_year), today)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(now.missions.len(), 1);
    assert_eq!(now.missions[0].code, "LT-LON");
    assert_eq!(now.missions[0].files, 1);
    assert_eq!(now.missions[0].missing, "1");
    let before = casebook::document::report::gather(&commission, &request(this_year - 1), today)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(before.missions[0].files, 0);

    let pdf = dir.path().join("report.pdf");
    let bytes = casebook::document::report::annual_report(&before, Language::English)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&pdf, bytes).unwrap_or_else(|e| panic!("{e}"));
    let text = poppler("pdftotext", &[], &pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains(&format!(
            "Missions silent for the whole of {}: LT-LON.",
            this_year - 1
        )),
        "{text}"
    );
    let bytes = casebook::document::report::annual_report(&now, Language::English)
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&pdf, bytes).unwrap_or_else(|e| panic!("{e}"));
    let text = poppler("pdftotext", &["-layout"], &pdf);
    assert!(
        text.lines().any(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            t.ends_with(&["(LT-LON)", "1", "1"])
        }),
        "{text}"
    );
    assert!(text.contains(&format!(
        "No mission was silent for the whole of {this_year}."
    )));
}
