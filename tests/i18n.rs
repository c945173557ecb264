//! Every key used in the interface exists in every language, and the
//! languages define the same keys.

use std::collections::BTreeSet;
use std::path::Path;

use casebook::domain::{
    CaseStatus, ConsentGivenBy, ContactChannel, DecisionMaker, DocumentType, EventType,
    ExploitationType, FollowUpKind, Gender, Indicator, InformedOf, LabourIndustry, MeansOfControl,
    OrganisationType, RecruitmentMethod, ReferralOutcome, ReferralService, Relationship,
    SexExploitationType, TraffickingStatus, UrgentNeed,
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
    "stats-",
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
    literal_keys(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/gui"),
        &mut used,
    );
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
