//! Every key used in the interface exists in every language, and the
//! languages define the same keys.

use std::collections::BTreeSet;
use std::path::Path;

use casebook::domain::{
    CaseStatus, ConsentGivenBy, ContactChannel, DecisionMaker, DocumentType, EventType,
    ExploitationType, FollowUpKind, Gender, Indicator, InformedOf, LabourIndustry, MeansOfControl,
    OrganisationType, RecruitmentMethod, ReferralOutcome, ReferralReason, ReferralService,
    Relationship, SexExploitationType, TraffickingStatus, UrgentNeed,
};
use casebook::i18n::{I18n, Language};

/// Prefixes of translation keys; string literals with them in the GUI's
/// source are keys.
const KEY_PREFIXES: &[&str] = &[
    "nav-",
    "button-",
    "filter-",
    "not-",
    "first-run-",
    "role-",
    "strength-",
    "unlock-",
    "error-",
    "cases-",
    "column-",
    "editor-",
    "section-",
    "indicators-",
    "field-",
    "hint-",
    "problem-",
    "settings-",
    "exchange-",
    "missions-",
    "stats-",
    "officers-",
    "document-",
];

fn literal_keys(dir: &Path, keys: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            literal_keys(&path, keys);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            for literal in source.split('"').skip(1).step_by(2) {
                let is_key = KEY_PREFIXES.iter().any(|p| literal.starts_with(p))
                    && literal
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !literal.ends_with('-');
                if is_key {
                    keys.insert(literal.to_owned());
                }
            }
        }
    }
}

fn vocabulary_keys() -> Vec<String> {
    let mut keys = Vec::new();
    macro_rules! add {
        ($($kind:ident),+) => {
            $(keys.extend($kind::ALL.iter().map(|v| format!("vocab-{}-{}", stringify!($kind), v.as_str())));)+
        };
    }
    add!(
        CaseStatus,
        TraffickingStatus,
        Gender,
        ContactChannel,
        FollowUpKind,
        ExploitationType,
        Indicator,
        InformedOf,
        ConsentGivenBy,
        UrgentNeed,
        SexExploitationType,
        RecruitmentMethod,
        MeansOfControl,
        Relationship,
        OrganisationType,
        ReferralService,
        ReferralOutcome,
        ReferralReason,
        DocumentType,
        DecisionMaker,
        LabourIndustry,
        EventType
    );
    keys
}

#[test]
fn every_key_used_in_the_interface_is_translated_in_every_language() {
    let mut used = BTreeSet::new();
    for dir in ["src/gui", "src/document"] {
        literal_keys(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut used);
    }
    // The documents' keys are among them (the scan saw src/document).
    assert!(used.contains("document-training"), "{used:?}");
    assert!(
        used.len() > 100,
        "the scan found too few keys ({})",
        used.len()
    );
    used.extend(vocabulary_keys());
    used.extend((0..=4).map(|score| format!("strength-{score}")));
    used.extend(
        casebook::stats::Dimension::ALL
            .iter()
            .map(|d| format!("stats-by-{}", d.name())),
    );
    for language in Language::ALL {
        let i18n = I18n::new(*language);
        let missing: Vec<&String> = used.iter().filter(|key| !i18n.has(key)).collect();
        assert!(missing.is_empty(), "{language:?} lacks {missing:?}");
    }
}

#[test]
fn the_languages_define_the_same_keys() {
    let english: BTreeSet<String> = I18n::new(Language::English).keys().into_iter().collect();
    let lithuanian: BTreeSet<String> = I18n::new(Language::Lithuanian).keys().into_iter().collect();
    assert_eq!(
        english.difference(&lithuanian).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in lt"
    );
    assert_eq!(
        lithuanian.difference(&english).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "missing in en"
    );
}

#[test]
fn the_locale_files_parse_without_errors() {
    for language in Language::ALL {
        for source in language.sources() {
            let result = fluent_bundle::FluentResource::try_new(source.to_owned());
            assert!(
                result.is_ok(),
                "{language:?}: {:?}",
                result.err().map(|(_, e)| e)
            );
        }
    }
}

#[test]
fn every_country_and_language_code_has_a_name_in_every_language() {
    for language in Language::ALL {
        let i18n = I18n::new(*language);
        for code in casebook::domain::codes::all_countries() {
            assert_ne!(
                i18n.country(code),
                code,
                "{language:?} lacks a name for {code}"
            );
        }
        assert!(i18n.language_codes().len() > 150);
    }
    let lt = I18n::new(Language::Lithuanian);
    assert_eq!(lt.country("LT"), "Lietuva");
    assert_eq!(lt.country("GB"), "Jungtinė Karalystė");
    assert_eq!(lt.language_name("ukr"), "Ukrainiečių");
}

#[test]
fn arguments_and_plurals_are_filled_in() {
    let lt = I18n::new(Language::Lithuanian);
    assert_eq!(
        lt.t_with("editor-problems", &[("count", 3.into())]),
        "Prieš išsaugant reikia patikslinti 3 laukelius."
    );
    let en = I18n::new(Language::English);
    assert_eq!(
        en.t_with("editor-problems", &[("count", 1.into())]),
        "One field needs attention before saving."
    );
    assert_eq!(
        en.vocab("TraffickingStatus", "ActualVictimOfTrafficking"),
        "Identified victim"
    );
}

#[test]
fn the_embedded_font_covers_every_lithuanian_letter() {
    let font = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
    let face = ttf_parser_free_check(font);
    for letter in "ąčęėįšųūžĄČĘĖĮŠŲŪŽ„“".chars() {
        assert!(face(letter), "the font has no glyph for {letter}");
    }
}

/// Looks the character up in the font's cmap (format 4) without a font crate.
fn ttf_parser_free_check(font: &'static [u8]) -> impl Fn(char) -> bool {
    let u16_at = move |at: usize| u16::from_be_bytes([font[at], font[at + 1]]) as usize;
    let u32_at = move |at: usize| {
        u32::from_be_bytes([font[at], font[at + 1], font[at + 2], font[at + 3]]) as usize
    };
    let tables = u16_at(4);
    let cmap = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|&record| &font[record..record + 4] == b"cmap")
        .map(|record| u32_at(record + 8))
        .unwrap_or_else(|| panic!("no cmap table"));
    let subtable = (0..u16_at(cmap + 2))
        .map(|i| cmap + 4 + 8 * i)
        .filter(|&record| u16_at(record) == 3 && u16_at(record + 2) == 1)
        .map(|record| cmap + u32_at(record + 4))
        .next()
        .unwrap_or_else(|| panic!("no Unicode BMP cmap"));
    assert_eq!(u16_at(subtable), 4, "expected a format 4 cmap");
    move |c: char| {
        let code = c as usize;
        let segments = u16_at(subtable + 6) / 2;
        let ends = subtable + 14;
        let starts = ends + 2 * segments + 2;
        let deltas = starts + 2 * segments;
        let offsets = deltas + 2 * segments;
        (0..segments).any(|i| {
            let (start, end) = (u16_at(starts + 2 * i), u16_at(ends + 2 * i));
            if code < start || code > end {
                return false;
            }
            let range_offset = u16_at(offsets + 2 * i);
            let glyph = if range_offset == 0 {
                (code + u16_at(deltas + 2 * i)) & 0xffff
            } else {
                u16_at(offsets + 2 * i + range_offset + 2 * (code - start))
            };
            glyph != 0
        })
    }
}

/// Counts are grouped as each language writes them, and a grouped count
/// reads in the list's footer.
#[test]
fn counts_are_grouped_as_each_language_writes_them() {
    let english = I18n::new(Language::English);
    let lithuanian = I18n::new(Language::Lithuanian);
    for (n, en, lt) in [
        (0, "0", "0"),
        (999, "999", "999"),
        (1_234, "1,234", "1234"),
        (10_000, "10,000", "10\u{a0}000"),
        (1_234_567, "1,234,567", "1\u{a0}234\u{a0}567"),
    ] {
        assert_eq!(english.count(n), en);
        assert_eq!(lithuanian.count(n), lt);
    }
    let footer = lithuanian.t_with(
        "cases-count-more",
        &[
            ("first", lithuanian.count(1).into()),
            ("last", lithuanian.count(50).into()),
            ("total", lithuanian.count(10_000).into()),
        ],
    );
    assert_eq!(footer, "1–50 iš daugiau nei 10\u{a0}000 bylų");
}

/// Lithuanian words a review found used for the wrong thing: asylum for a
/// shelter, slavery for servitude, mother tongue for the language spoken
/// with the person, field work for outreach (assets/locales/GLOSSARY.md).
const WRONG_IN_LITHUANIAN: &[&str] = &["Prieglobstis", "Vergovė", "Gimtoji kalba", "Lauko darbas"];

/// The text of every message of a language, every variant of a plural
/// included (what `t` shows is only the default one): the lines of its
/// files without comments and without the keys.
fn message_texts(language: Language) -> Vec<String> {
    let mut texts = Vec::new();
    for source in language.sources() {
        for line in source.lines() {
            if line.starts_with('#') {
                continue;
            }
            let text = match line.split_once(" = ") {
                Some((key, text)) if !key.starts_with(' ') && !key.contains('{') => text,
                _ => line,
            };
            texts.push(text.to_owned());
        }
    }
    texts
}

/// One row of the glossary's table.
struct Term {
    english: String,
    lithuanian: String,
    not: Vec<String>,
    keys: Vec<String>,
}

fn glossary() -> Vec<Term> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/locales/GLOSSARY.md");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
    // "Shelter (an urgent need)": the words before the explanation.
    let term = |cell: &str| cell.split(" (").next().unwrap_or(cell).trim().to_owned();
    text.lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| English |"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 7, "a row of five cells: {line}");
            Term {
                english: term(cells[1]),
                lithuanian: term(cells[2]),
                not: cells[3]
                    .split(',')
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect(),
                keys: cells[5]
                    .split('`')
                    .skip(1)
                    .step_by(2)
                    .map(str::to_owned)
                    .collect(),
            }
        })
        .collect()
}

#[test]
fn no_message_uses_a_word_the_glossary_rules_out() {
    let terms = glossary();
    let ruled_out: Vec<&str> = WRONG_IN_LITHUANIAN
        .iter()
        .copied()
        .chain(terms.iter().flat_map(|t| t.not.iter().map(String::as_str)))
        .collect();
    for word in WRONG_IN_LITHUANIAN {
        assert!(
            ruled_out.iter().filter(|w| *w == word).count() >= 2,
            "the glossary rules out {word}"
        );
    }
    for language in Language::ALL {
        let texts = message_texts(*language);
        assert!(texts.len() > 500, "{language:?}: {} lines", texts.len());
        for word in &ruled_out {
            let found: Vec<&String> = texts.iter().filter(|t| t.contains(word)).collect();
            assert!(found.is_empty(), "{language:?} uses {word}: {found:?}");
        }
    }
}

#[test]
fn every_term_of_the_glossary_is_what_its_keys_show() {
    let terms = glossary();
    assert!(terms.len() >= 30, "{} rows read", terms.len());
    let english = I18n::new(Language::English);
    let lithuanian = I18n::new(Language::Lithuanian);
    let mut checked = 0;
    for term in &terms {
        for key in &term.keys {
            assert!(lithuanian.has(key) && english.has(key), "no message {key}");
            for (i18n, word) in [(&english, &term.english), (&lithuanian, &term.lithuanian)] {
                let shown = i18n.t(key);
                assert!(
                    shown.to_lowercase().contains(&word.to_lowercase()),
                    "{key} shows {shown:?}, the glossary says {word:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked} keys checked");
    // The terms the review asked for, whatever the table says.
    for (kind, value, lt) in [
        ("UrgentNeed", "Shelter", "Apgyvendinimas"),
        ("ReferralService", "Shelter", "Prieglauda"),
        ("ExploitationType", "Servitude", "Nelaisvė"),
        ("ContactChannel", "Outreach", "Gatvės darbas"),
        ("Gender", "Feminine", "Moteris"),
        ("Gender", "Masculine", "Vyras"),
    ] {
        assert_eq!(lithuanian.vocab(kind, value), lt);
    }
    assert_eq!(lithuanian.t("field-language"), "Bendravimo kalba");
    assert_eq!(english.vocab("Gender", "Feminine"), "Woman");
    assert_eq!(english.vocab("Gender", "Masculine"), "Man");
}

/// "Any" agrees with the filter's noun, and a name in the statistics'
/// "missing" line is nominative.
#[test]
fn lithuanian_filters_and_labels_agree_with_their_nouns() {
    let lt = I18n::new(Language::Lithuanian);
    assert_eq!(lt.t("filter-status-any"), "Būsena: visos");
    assert_eq!(lt.t("filter-form-any"), "Išnaudojimo forma: visos");
    assert_eq!(
        lt.t("filter-trafficking-status-any"),
        "Prekybos žmonėmis statusas: visi"
    );
    // The statistics screen shows "Atstovybė", "Būsena" and `filter-any`.
    assert_eq!(
        format!("{}: {}", lt.t("stats-mission"), lt.t("filter-any")),
        "Atstovybė: visos"
    );
    assert_eq!(
        format!("{}: {}", lt.t("stats-status"), lt.t("filter-any")),
        "Būsena: visos"
    );
    let missing = |count: u64, dimension: &str| {
        lt.t_with(
            "stats-unknown-count",
            &[
                ("count", count.into()),
                ("field", lt.t(&format!("stats-by-{dimension}")).into()),
            ],
        )
    };
    assert_eq!(
        missing(3, "form"),
        "3 bylose nenurodyta „Išnaudojimo forma“ (rodoma kaip Nežinoma)."
    );
    assert_eq!(
        missing(21, "gender"),
        "21 byloje nenurodyta „Lytis“ (rodoma kaip Nežinoma)."
    );
    assert_eq!(
        missing(12, "gender"),
        "12 bylų nenurodyta „Lytis“ (rodoma kaip Nežinoma)."
    );
    let en = I18n::new(Language::English);
    assert_eq!(en.t("filter-status-any"), "Status: any");
    assert_eq!(en.t("filter-form-any"), "Form of exploitation: any");

    // A filter that is set keeps its name; in Lithuanian the value
    // follows it with a small letter.
    let set = |i18n: &I18n, key: &str, kind: &str, value: &str| {
        i18n.t_with(key, &[("value", i18n.vocab(kind, value).into())])
    };
    assert_eq!(
        set(&lt, "filter-status-set", "CaseStatus", "ClosedReferred"),
        "Būsena: užbaigta, perduota"
    );
    assert_eq!(
        set(
            &lt,
            "filter-trafficking-status-set",
            "TraffickingStatus",
            "PossibleVictimOfTrafficking"
        ),
        "Prekybos žmonėmis statusas: galima auka"
    );
    assert_eq!(
        set(
            &lt,
            "filter-form-set",
            "ExploitationType",
            "ForcedMilitaryByNonStateActors"
        ),
        "Išnaudojimo forma: priverstinė karinė tarnyba (nevalstybinės grupuotės)"
    );
    assert_eq!(
        set(&en, "filter-status-set", "CaseStatus", "Active"),
        "Status: Active"
    );
    // The count on "Follow-ups due", grouped as each language writes it.
    let due =
        |i18n: &I18n, n: u64| i18n.t_with("cases-due-count", &[("count", i18n.count(n).into())]);
    assert_eq!(due(&en, 16), "Follow-ups due (16)");
    assert_eq!(due(&lt, 16), "Laukiantys veiksmai (16)");
    assert_eq!(due(&en, 1234), "Follow-ups due (1,234)");
}

/// "1–41 iš 41 bylos": after "iš" the noun is genitive, singular with the
/// numbers Lithuanian counts as one (1, 21, 41, 101), plural with the
/// others (2–9, 10–20, 111); whether the count comes written with its
/// grouping, as the case list passes it, or as a number.
#[test]
fn the_list_footer_says_bylos_or_bylu_as_lithuanian_counts() {
    let lt = I18n::new(Language::Lithuanian);
    let en = I18n::new(Language::English);
    let mut expected: Vec<(u64, &str)> =
        vec![(1, "bylos"), (21, "bylos"), (41, "bylos"), (101, "bylos")];
    expected.extend((2..=9).map(|n| (n, "bylų")));
    expected.extend((10..=20).map(|n| (n, "bylų")));
    expected.extend([(22, "bylų"), (111, "bylų"), (12_345, "bylų")]);
    for (n, noun) in expected {
        let written = lt.t_with(
            "cases-count",
            &[
                ("first", lt.count(1).into()),
                ("last", lt.count(n).into()),
                ("total", lt.count(n).into()),
            ],
        );
        assert_eq!(written, format!("1–{0} iš {0} {noun}", lt.count(n)));
        let numbers = lt.t_with(
            "cases-count",
            &[("first", 1.into()), ("last", n.into()), ("total", n.into())],
        );
        assert_eq!(numbers, format!("1–{n} iš {n} {noun}"));
        let english = en.t_with(
            "cases-count",
            &[
                ("first", en.count(1).into()),
                ("last", en.count(n).into()),
                ("total", en.count(n).into()),
            ],
        );
        let noun = if n == 1 { "case" } else { "cases" };
        assert_eq!(english, format!("1–{0} of {0} {noun}", en.count(n)));
    }
    let more = |total: u64| {
        lt.t_with(
            "cases-count-more",
            &[
                ("first", lt.count(1).into()),
                ("last", lt.count(50).into()),
                ("total", lt.count(total).into()),
            ],
        )
    };
    assert_eq!(more(10_000), "1–50 iš daugiau nei 10\u{a0}000 bylų");
    assert_eq!(more(20_001), "1–50 iš daugiau nei 20\u{a0}001 bylos");
}

/// Lithuanian's plural categories (CLDR): the ones Fluent's own rules get
/// wrong (22, 111) included.
#[test]
fn lithuanian_counts_fall_in_their_plural_categories() {
    use casebook::i18n::plural_category;
    let lt = |n: f64| plural_category(Language::Lithuanian, n);
    for n in [1, 21, 31, 41, 101, 121, 1_001] {
        assert_eq!(lt(f64::from(n)), "one", "{n}");
    }
    for n in [2, 5, 9, 22, 29, 34, 102, 122] {
        assert_eq!(lt(f64::from(n)), "few", "{n}");
    }
    for n in [0, 10, 11, 12, 15, 19, 20, 30, 100, 111, 112, 119, 10_000] {
        assert_eq!(lt(f64::from(n)), "other", "{n}");
    }
    assert_eq!(lt(1.5), "many");
    assert_eq!(plural_category(Language::English, 1.0), "one");
    assert_eq!(plural_category(Language::English, 21.0), "other");

    let lt = I18n::new(Language::Lithuanian);
    let total = |count: u64| lt.t_with("stats-total", &[("count", count.into())]);
    assert_eq!(total(21), "Suskaičiuota 21 byla");
    assert_eq!(total(22), "Suskaičiuotos 22 bylos");
    assert_eq!(total(111), "Suskaičiuota 111 bylų");
    assert_eq!(
        lt.t_with("editor-problems", &[("count", 22.into())]),
        "Prieš išsaugant reikia patikslinti 22 laukelius."
    );
}

/// Every choice among plural forms goes through `PLURAL`; a select on the
/// number itself may only name exact numbers.
#[test]
fn every_plural_is_chosen_through_the_plural_function() {
    for language in Language::ALL {
        let source = language.sources()[0];
        let mut on_number = false;
        for line in source.lines() {
            if line.contains("->") {
                on_number = !line.contains("{ PLURAL(");
            } else if on_number
                && let Some(key) = line
                    .trim_start()
                    .strip_prefix('[')
                    .or_else(|| line.trim_start().strip_prefix("*["))
            {
                let key = key.split(']').next().unwrap_or_default();
                assert!(
                    key == "other" || key.chars().all(|c| c.is_ascii_digit()),
                    "{language:?}: [{key}] chosen on a number without PLURAL: {line}"
                );
            } else if line.starts_with('}') {
                on_number = false;
            }
        }
    }
}

/// The keys the source shows with `t("key")`, that is without arguments
/// (rustfmt may break the call over lines).
fn keys_shown_without_arguments(dir: &Path, keys: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            keys_shown_without_arguments(&path, keys);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            for call in source.split(".t(").skip(1) {
                let call = call.trim_start();
                let Some(rest) = call.strip_prefix('"') else {
                    continue;
                };
                let Some((key, after)) = rest.split_once('"') else {
                    continue;
                };
                let after = after.trim_start();
                let after = after.strip_prefix(',').unwrap_or(after).trim_start();
                if after.starts_with(')') {
                    keys.insert(key.to_owned());
                }
            }
        }
    }
}

/// A message that takes an argument, shown without it, reads "{$code}"
/// on the screen (the import's approval once did).
#[test]
fn no_message_that_takes_an_argument_is_shown_without_it() {
    let mut keys = BTreeSet::new();
    keys_shown_without_arguments(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut keys,
    );
    assert!(keys.len() > 100, "only {} calls found", keys.len());
    let mut unfilled = Vec::new();
    for language in [Language::English, Language::Lithuanian] {
        let i18n = I18n::new(language);
        for key in &keys {
            let shown = i18n.t(key);
            if shown.contains("{$") || shown.contains("{ $") {
                unfilled.push(format!("{key}: {shown}"));
            }
        }
    }
    assert!(unfilled.is_empty(), "{unfilled:#?}");
}
