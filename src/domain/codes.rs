//! ISO 3166-1 country and ISO 639 language codes: which exist, and their
//! English names. The lists come from maintained crates rather than a table
//! of our own. Also the form of a mission's code.

/// An ISO 3166-1 alpha-2 code, in capitals as the standard writes it.
pub fn is_country(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && rust_iso3166::from_alpha2(code).is_some()
}

/// A mission's code as case references and exports carry it: two capital
/// letters (the country, by custom), a hyphen, and 2 to 8 capital letters
/// or digits (`LT-LON`, `LT-NY1`), i.e. `^[A-Z]{2}-[A-Z0-9]{2,8}$`. ASCII
/// only, so that a code cannot be two look-alikes of one another.
pub fn is_mission_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() >= 5
        && bytes.len() <= 11
        && bytes[..2].iter().all(u8::is_ascii_uppercase)
        && bytes[2] == b'-'
        && bytes[3..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// What a mission code must look like, for messages.
pub const MISSION_CODE_FORM: &str =
    "two capital letters, a hyphen and 2 to 8 capital letters or digits, like LT-LON";

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

    #[test]
    fn a_mission_code_is_two_letters_a_hyphen_and_two_to_eight_letters_or_digits() {
        for good in [
            "LT-LON",
            "LT-NY",
            "LT-NY1",
            "XX-TST",
            "LT-ABCDEFGH",
            "LT-12",
        ] {
            assert!(is_mission_code(good), "{good}");
        }
        for bad in [
            "",
            "HQ",
            "LTLON",
            "LT-",
            "LT-L",
            "L-LON",
            "LT-ABCDEFGHI",
            "lt-lon",
            "LT-lon",
            "LT-LO N",
            "LT_LON",
            "LT--LON",
            "LT-ŁON",
            "ŁT-LON",
            "LT-LON ",
            "1T-LON",
        ] {
            assert!(!is_mission_code(bad), "{bad}");
        }
    }
}
