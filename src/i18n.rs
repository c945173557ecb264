//! Translations: every string the GUI shows comes from a Fluent file under
//! `assets/locales/<lang>/casebook.ftl`, embedded at build time. Vocabulary
//! labels use the key `vocab-<Type>-<WireName>`, so the stored HTCDS names map
//! one to one onto what the officer reads.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A language the interface is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    Lithuanian,
}

impl Language {
    pub const ALL: &'static [Language] = &[Language::English, Language::Lithuanian];

    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Lithuanian => "lt",
        }
    }

    /// The language's name in itself, as language menus show it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Lithuanian => "Lietuvių",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        let primary = code
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        Language::ALL.iter().copied().find(|l| l.code() == primary)
    }

    /// The system's language if Casebook speaks it, else English.
    pub fn from_system() -> Language {
        sys_locale::get_locales()
            .find_map(|locale| Language::from_code(&locale))
            .unwrap_or(Language::English)
    }

    /// The Fluent files of the language: the interface, then the names of
    /// countries and languages.
    pub fn sources(self) -> [&'static str; 2] {
        match self {
            Language::English => [
                include_str!("../assets/locales/en/casebook.ftl"),
                include_str!("../assets/locales/en/places.ftl"),
            ],
            Language::Lithuanian => [
                include_str!("../assets/locales/lt/casebook.ftl"),
                include_str!("../assets/locales/lt/places.ftl"),
            ],
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.native_name())
    }
}

/// The translations of one language.
pub struct I18n {
    language: Language,
    bundle: FluentBundle<FluentResource>,
    /// Every message id, in file order, read once when the files are parsed.
    keys: Vec<String>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("language", &self.language)
            .finish()
    }
}

/// The CLDR plural category of `n` in `language` ("one", "few", "many",
/// "other"), for the Fluent function `PLURAL`. Fluent's own selection on a
/// number is wrong in Lithuanian (intl_pluralrules 7.0.2 leaves out the
/// modulo of the rule: 22 comes out "other", 111 "one"), and a count written
/// with its grouping ("10 000") is a string, which no category matches.
pub fn plural_category(language: Language, n: f64) -> &'static str {
    if n.fract() != 0.0 {
        return match language {
            Language::English => "other",
            Language::Lithuanian => "many",
        };
    }
    let n = n.abs();
    let (last, last_two) = (n % 10.0, n % 100.0);
    match language {
        Language::English if n == 1.0 => "one",
        Language::English => "other",
        // one: 1, 21, 31 … 101 (not 11); few: 2–9, 22–29 … (not 12–19).
        Language::Lithuanian if (11.0..=19.0).contains(&last_two) => "other",
        Language::Lithuanian if last == 1.0 => "one",
        Language::Lithuanian if last >= 2.0 => "few",
        Language::Lithuanian => "other",
    }
}

impl I18n {
    pub fn new(language: Language) -> I18n {
        let id: LanguageIdentifier = language.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Unicode isolation marks around arguments would show as boxes in
        // some fonts and gain nothing in left-to-right languages.
        bundle.set_use_isolating(false);
        // `PLURAL($n)`: the plural category of a count, for every select
        // on a number; see `plural_category`.
        let _ = bundle.add_function("PLURAL", move |positional, _| {
            let category = match positional.first() {
                Some(FluentValue::Number(n)) => plural_category(language, n.value),
                Some(FluentValue::String(text)) => text
                    .chars()
                    .filter(|c| !matches!(c, ',' | '\u{a0}' | ' '))
                    .collect::<String>()
                    .parse()
                    .map_or("other", |n| plural_category(language, n)),
                _ => "other",
            };
            FluentValue::from(category)
        });
        // `LOWER_FIRST($value)`: a label set inside a phrase, where
        // Lithuanian writes it with a small letter ("Būsena: aktyvi");
        // only the first letter, as the rest may hold a name.
        let _ = bundle.add_function("LOWER_FIRST", |positional, _| match positional.first() {
            Some(FluentValue::String(label)) => {
                let mut chars = label.chars();
                let lowered: String = chars
                    .next()
                    .map(|first| first.to_lowercase().chain(chars).collect())
                    .unwrap_or_default();
                FluentValue::from(lowered)
            }
            Some(other) => other.clone(),
            None => FluentValue::None,
        });
        // The files are part of the build and checked by tests; a broken
        // entry shows its key rather than stopping the application.
        let mut keys = Vec::new();
        for source in language.sources() {
            let resource =
                FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, _)| resource);
            keys.extend(resource.entries().filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            }));
            let _ = bundle.add_resource(resource);
        }
        I18n {
            language,
            bundle,
            keys,
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The text for `key`, or the key itself if it is missing.
    pub fn t(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The text for `key` with named arguments.
    pub fn t_with(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(key, Some(&fluent_args))
    }

    /// A count as this language writes it: "12,345" in English, "12 345"
    /// in Lithuanian (a no-break space, so that it never breaks across
    /// lines; four digits stay together, as Lithuanian writes them).
    pub fn count(&self, n: u64) -> String {
        let digits = n.to_string();
        let (separator, grouped_from) = match self.language {
            Language::English => (',', 4),
            Language::Lithuanian => ('\u{a0}', 5),
        };
        if digits.len() < grouped_from {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }

    /// The label of a vocabulary value: `vocab-<Type>-<WireName>`.
    pub fn vocab(&self, kind: &str, wire_name: &str) -> String {
        self.t(&format!("vocab-{kind}-{wire_name}"))
    }

    /// A country's name in this language, or its code if unknown.
    pub fn country(&self, code: &str) -> String {
        let key = format!("country-{code}");
        if self.has(&key) {
            self.t(&key)
        } else {
            code.to_owned()
        }
    }

    /// A language's name (by its three-letter code), or the code.
    pub fn language_name(&self, code: &str) -> String {
        let key = format!("language-{code}");
        if self.has(&key) {
            self.t(&key)
        } else {
            code.to_owned()
        }
    }

    /// The codes of every country with a name, and of every language.
    pub fn country_codes(&self) -> Vec<String> {
        self.keys_with_prefix("country-")
    }

    pub fn language_codes(&self) -> Vec<String> {
        self.keys_with_prefix("language-")
    }

    fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        self.keys
            .iter()
            .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
            .collect()
    }

    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Every message key defined for this language.
    pub fn keys(&self) -> Vec<String> {
        self.keys.clone()
    }
}
