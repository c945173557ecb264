//! ISO 3166-1 country and ISO 639 language codes: which exist, and their
//! English names. The lists come from maintained crates rather than a table
//! of our own.

/// An ISO 3166-1 alpha-2 code, in capitals as the standard writes it.
pub fn is_country(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && rust_iso3166::from_alpha2(code).is_some()
}

/// The English short name of a country code.
pub fn country_name(code: &str) -> Option<&'static str> {
    rust_iso3166::from_alpha2(code).map(|c| c.name)
}

/// Every country code, sorted.
pub fn all_countries() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = rust_iso3166::ALL.iter().map(|c| c.alpha2).collect();
    codes.sort_unstable();
    codes
}

/// An ISO 639 code in lower case: three letters (639-2/639-3) or two (639-1).
pub fn is_language(code: &str) -> bool {
    code.bytes().all(|b| b.is_ascii_lowercase())
        && match code.len() {
            3 => isolang::Language::from_639_3(code).is_some(),
            2 => isolang::Language::from_639_1(code).is_some(),
            _ => false,
        }
}

/// The English name of a language code.
pub fn language_name(code: &str) -> Option<&'static str> {
    let language = match code.len() {
        3 => isolang::Language::from_639_3(code),
        2 => isolang::Language::from_639_1(code),
        _ => None,
    };
    language.map(|l| l.to_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_are_recognised() {
        assert!(is_country("LT"));
        assert!(is_country("GB"));
        assert!(!is_country("XX"));
        assert!(!is_country("lt"));
        assert!(is_language("lit"));
        assert!(is_language("lt"));
        assert!(!is_language("xyz"));
        assert_eq!(country_name("LT"), Some("Lithuania"));
        assert_eq!(language_name("lit"), Some("Lithuanian"));
    }
}
