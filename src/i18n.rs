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

    pub fn source(self) -> &'static str {
        match self {
            Language::English => include_str!("../assets/locales/en/casebook.ftl"),
            Language::Lithuanian => include_str!("../assets/locales/lt/casebook.ftl"),
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
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("language", &self.language)
            .finish()
    }
}

impl I18n {
    pub fn new(language: Language) -> I18n {
        let id: LanguageIdentifier = language.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Unicode isolation marks around arguments would show as boxes in
        // some fonts and gain nothing in left-to-right languages.
        bundle.set_use_isolating(false);
        // The files are part of the build and checked by tests; a broken
        // entry shows its key rather than stopping the application.
        let resource = FluentResource::try_new(language.source().to_owned())
            .unwrap_or_else(|(resource, _)| resource);
        let _ = bundle.add_resource(resource);
        I18n { language, bundle }
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

    /// The label of a vocabulary value: `vocab-<Type>-<WireName>`.
    pub fn vocab(&self, kind: &str, wire_name: &str) -> String {
        self.t(&format!("vocab-{kind}-{wire_name}"))
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
        let resource = FluentResource::try_new(self.language.source().to_owned())
            .unwrap_or_else(|(resource, _)| resource);
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }
}
