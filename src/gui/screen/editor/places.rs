//! Countries and languages picked by name in the interface language,
//! searched as the officer types, stored as ISO codes.

use std::collections::HashMap;

use super::{Field, Message};
use crate::domain::codes;
use crate::i18n::I18n;

/// A country or language: its code and "Name (CODE)", which is what the
/// search matches, so both the name and the code find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    label: String,
    /// The label folded for the search (`fold`).
    key: String,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

impl Place {
    fn new(code: String, label: String) -> Place {
        Place {
            key: fold(&label),
            code,
            label,
        }
    }
}

/// Which country field a pick is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryField {
    Citizenship,
    Location,
    Exploitation,
    Event,
}

impl CountryField {
    /// The country field whose search box is `field`, if it is one.
    fn of(field: Field) -> Option<CountryField> {
        match field {
            Field::Citizenship => Some(CountryField::Citizenship),
            Field::LocationCountry => Some(CountryField::Location),
            Field::CountryOfExploitation => Some(CountryField::Exploitation),
            Field::EventCountry => Some(CountryField::Event),
            _ => None,
        }
    }
}

/// The message that picks `place` in the searched `field` (`None`: not a
/// searched field).
pub(super) fn pick_message(field: Field, place: Place) -> Option<Message> {
    if field == Field::Language {
        return Some(Message::LanguagePicked(place));
    }
    CountryField::of(field).map(|country| Message::Country(country, place))
}

/// The lists, and what is typed in each searched field (until a choice
/// is made from it).
pub struct Places {
    countries: Vec<Place>,
    languages: Vec<Place>,
    typed: HashMap<Field, String>,
}

impl std::fmt::Debug for Places {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Places")
    }
}

fn sorted(mut places: Vec<Place>) -> Vec<Place> {
    places.sort_by(|a, b| a.key.cmp(&b.key));
    places
}

/// Lower case, without accents, letters and digits only (each run of
/// anything else one space): "Žaliasis Kyšulys (CV)" is
/// "zaliasis kysulys cv", so that "zal" and "kysu" find it, as
/// "Côte d'Ivoire" is found by "cote".
pub(super) fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
            'ĥ' | 'ħ' => "h",
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
            'ĵ' => "j",
            'ķ' => "k",
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
            'ñ' | 'ń' | 'ņ' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
            'œ' => "oe",
            'ŕ' | 'ŗ' | 'ř' => "r",
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
            'ß' => "ss",
            'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
            'þ' => "th",
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
            'ŵ' => "w",
            'ý' | 'ÿ' | 'ŷ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            c if c.is_alphanumeric() => {
                folded.push(c);
                continue;
            }
            _ => " ",
        };
        if plain == " " && (folded.is_empty() || folded.ends_with(' ')) {
            continue;
        }
        folded.push_str(plain);
    }
    folded.truncate(folded.trim_end().len());
    folded
}

/// The places whose label holds every word of `query` (folded), those
/// whose name starts with the query first, each group in the list's order.
fn search(places: &[Place], query: &str) -> Vec<Place> {
    let query = fold(query);
    if query.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = query.split(' ').collect();
    let (mut first, rest): (Vec<&Place>, Vec<&Place>) = places
        .iter()
        .filter(|p| words.iter().all(|w| p.key.contains(w)))
        .partition(|p| p.key.starts_with(&query));
    first.extend(rest);
    first.into_iter().cloned().collect()
}

impl Places {
    pub fn new(i18n: &I18n) -> Places {
        let countries = sorted(
            codes::all_countries()
                .into_iter()
                .map(|code| Place::new(code.to_owned(), format!("{} ({code})", i18n.country(code))))
                .collect(),
        );
        let languages = sorted(
            i18n.language_codes()
                .into_iter()
                .filter(|code| codes::is_language(code))
                .map(|code| {
                    let label = format!("{} ({code})", i18n.language_name(&code));
                    Place::new(code, label)
                })
                .collect(),
        );
        Places {
            countries,
            languages,
            typed: HashMap::new(),
        }
    }

    /// What is typed in the searched `field`.
    pub fn typed(&self, field: Field) -> &str {
        self.typed.get(&field).map_or("", String::as_str)
    }

    /// The officer typed in the searched `field` (empty: the search ends,
    /// as after a pick).
    pub fn set_typed(&mut self, field: Field, text: String) {
        if let Some(mut old) = self.typed.insert(field, text) {
            zeroize::Zeroize::zeroize(&mut old);
        }
    }

    /// Forgets what is typed in the searched fields but `keep`: a box
    /// left without a pick shows its value again, not a search that
    /// chose nothing.
    pub fn forget_typed_but(&mut self, keep: Option<Field>) {
        for (field, text) in &mut self.typed {
            if Some(*field) != keep {
                zeroize::Zeroize::zeroize(text);
            }
        }
        self.typed.retain(|_, text| !text.is_empty());
    }

    /// Wipes everything typed in the searched fields (the editor goes).
    pub fn forget_typed(&mut self) {
        self.forget_typed_but(None);
    }

    /// The choices for `text` typed in `field`: languages for the
    /// language, countries for the others.
    pub fn search(&self, field: Field, text: &str) -> Vec<Place> {
        let list = if field == Field::Language {
            &self.languages
        } else {
            &self.countries
        };
        search(list, text)
    }

    /// The one place that `text` typed in `field` can only mean: its only
    /// match, or the match whose name or code it is in full ("lietuva",
    /// "LT"). `None` while several remain.
    pub fn resolve(&self, field: Field, text: &str) -> Option<Place> {
        let matches = self.search(field, text);
        if let [only] = matches.as_slice() {
            return Some(only.clone());
        }
        let folded = fold(text.trim());
        matches.into_iter().find(|place| {
            place.code.eq_ignore_ascii_case(text.trim())
                || place.key == folded
                || place
                    .key
                    .strip_suffix(')')
                    .and_then(|k| k.rsplit_once(" ("))
                    .is_some_and(|(name, _)| name == folded)
        })
    }

    /// The searched fields that hold a search typed and not chosen.
    pub fn unchosen(&self) -> impl Iterator<Item = Field> + '_ {
        self.typed
            .iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(field, _)| *field)
    }

    /// The entry for a stored country code, if it is one.
    pub fn country(&self, code: &str) -> Option<&Place> {
        self.countries.iter().find(|p| p.code == code)
    }

    pub fn language(&self, code: &str) -> Option<&Place> {
        self.languages.iter().find(|p| p.code == code)
    }

    /// A country's label, or the code itself when it is not a known one.
    pub fn country_label(&self, code: &str) -> String {
        self.country(code)
            .map_or_else(|| code.to_owned(), ToString::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_ignores_case_and_accents_and_puts_names_that_start_with_it_first() {
        assert_eq!(fold("Žaliasis Kyšulys (CV)"), "zaliasis kysulys cv");
        assert_eq!(fold("Côte d'Ivoire (CI)"), "cote d ivoire ci");
        let places = sorted(vec![
            Place::new("IO".into(), "British Indian Ocean Territory (IO)".into()),
            Place::new("ID".into(), "Indonesia (ID)".into()),
            Place::new("IN".into(), "India (IN)".into()),
            Place::new("CV".into(), "Žaliasis Kyšulys (CV)".into()),
            Place::new("LT".into(), "Lietuva (LT)".into()),
        ]);
        let codes = |query| {
            search(&places, query)
                .into_iter()
                .map(|p| p.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("ind"), ["IN", "ID", "IO"]);
        assert_eq!(codes("zal"), ["CV"]);
        assert_eq!(codes("ŽAL"), ["CV"]);
        assert_eq!(codes("lietuva"), ["LT"]);
        assert_eq!(codes("lt"), ["LT"]);
        assert_eq!(codes("kyšu žal"), ["CV"]);
        assert!(codes("").is_empty());
    }
}
