//! Countries and languages picked by name in the interface language,
//! searched as the officer types, stored as ISO codes.

use iced::widget::combo_box;

use crate::domain::codes;
use crate::i18n::I18n;

/// A country or language: its code and "Name (CODE)", which is what the
/// search matches, so both the name and the code find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub code: String,
    label: String,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
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

/// The searchable lists, one state per field (each keeps what is typed).
pub struct Places {
    countries: Vec<Place>,
    languages: Vec<Place>,
    citizenship: combo_box::State<Place>,
    location: combo_box::State<Place>,
    exploitation: combo_box::State<Place>,
    event: combo_box::State<Place>,
    language: combo_box::State<Place>,
}

impl std::fmt::Debug for Places {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Places")
    }
}

fn sorted(mut places: Vec<Place>) -> Vec<Place> {
    places.sort_by_cached_key(|p| p.label.to_lowercase());
    places
}

impl Places {
    pub fn new(i18n: &I18n) -> Places {
        let countries = sorted(
            codes::all_countries()
                .into_iter()
                .map(|code| Place {
                    code: code.to_owned(),
                    label: format!("{} ({code})", i18n.country(code)),
                })
                .collect(),
        );
        let languages = sorted(
            i18n.language_codes()
                .into_iter()
                .filter(|code| codes::is_language(code))
                .map(|code| Place {
                    label: format!("{} ({code})", i18n.language_name(&code)),
                    code,
                })
                .collect(),
        );
        Places {
            citizenship: combo_box::State::new(countries.clone()),
            location: combo_box::State::new(countries.clone()),
            exploitation: combo_box::State::new(countries.clone()),
            event: combo_box::State::new(countries.clone()),
            language: combo_box::State::new(languages.clone()),
            countries,
            languages,
        }
    }

    pub fn state(&self, field: CountryField) -> &combo_box::State<Place> {
        match field {
            CountryField::Citizenship => &self.citizenship,
            CountryField::Location => &self.location,
            CountryField::Exploitation => &self.exploitation,
            CountryField::Event => &self.event,
        }
    }

    /// Empties the citizenship search box after a pick.
    pub fn reset_citizenship(&mut self) {
        self.citizenship = combo_box::State::new(self.countries.clone());
    }

    pub fn language_state(&self) -> &combo_box::State<Place> {
        &self.language
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
