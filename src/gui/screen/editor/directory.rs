//! The referral directory the commission sent, in the referrals section:
//! the organisation field searches it by name, city or service, and a
//! pick fills the organisation's name and type. What is typed without a
//! pick stays, as free text.

use std::fmt;

use crate::domain::{OrganisationType, ReferralService};
use crate::exchange::reply::format::Organisation;
use crate::i18n::I18n;

/// An organisation of the directory as the matches list it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub name: String,
    /// Its type, where the case's vocabulary has it (the directory also
    /// names Lithuanian community and faith-based organisations, which a
    /// referral records by name alone).
    pub kind: Option<OrganisationType>,
    /// Name, type and city, as the list shows it.
    label: String,
    /// What a search looks in, lower case: name, city, country, services
    /// (as the window names them and by their codes).
    haystack: String,
}

impl fmt::Display for Listed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl Listed {
    pub fn new(organisation: &Organisation, i18n: &I18n) -> Listed {
        let kind_name = i18n.vocab("OrganisationType", &organisation.kind);
        let country = i18n.country(&organisation.country);
        let place = match &organisation.city {
            Some(city) => format!("{city}, {country}"),
            None => country.clone(),
        };
        let services: Vec<String> = organisation
            .services
            .iter()
            .flat_map(|s: &ReferralService| {
                [
                    i18n.vocab("ReferralService", s.as_str()),
                    s.as_str().to_owned(),
                ]
            })
            .collect();
        let haystack = [
            organisation.name.as_str(),
            organisation.city.as_deref().unwrap_or(""),
            &country,
            &services.join(" "),
        ]
        .join(" ")
        .to_lowercase();
        Listed {
            name: organisation.name.clone(),
            kind: OrganisationType::ALL
                .iter()
                .copied()
                .find(|t| t.as_str() == organisation.kind),
            label: format!("{} — {kind_name}, {place}", organisation.name),
            haystack,
        }
    }

    /// Whether every word of `query` is in the entry (any letter case).
    pub fn matches(&self, query: &str) -> bool {
        let query = query.to_lowercase();
        let mut words = query.split_whitespace().peekable();
        words.peek().is_some() && words.all(|w| self.haystack.contains(w))
    }
}

/// The entries matching `query`, in the directory's order.
pub fn search(entries: &[Listed], query: &str) -> Vec<Listed> {
    entries
        .iter()
        .filter(|e| e.matches(query))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    fn shelter() -> Organisation {
        Organisation {
            name: "Caritas Lithuania".into(),
            kind: "NGO".into(),
            country: "LT".into(),
            city: Some("Vilnius".into()),
            services: vec![ReferralService::Shelter],
            phone: None,
            email: None,
            languages: vec!["lt".into()],
            notes: None,
        }
    }

    #[test]
    fn an_entry_is_found_by_name_city_or_service_and_keeps_its_type() {
        let i18n = I18n::new(Language::English);
        let entries = vec![Listed::new(&shelter(), &i18n)];
        for query in ["carit", "VILNIUS", "shelter", "caritas vilnius"] {
            assert_eq!(search(&entries, query).len(), 1, "{query}");
        }
        for query in ["", "kaunas", "caritas kaunas"] {
            assert!(search(&entries, query).is_empty(), "{query}");
        }
        assert_eq!(entries[0].kind, Some(OrganisationType::Ngo));
        let mut faith = shelter();
        faith.kind = "FaithBasedOrganisation".into();
        assert_eq!(Listed::new(&faith, &i18n).kind, None);
    }
}

/// The referral directory as the editor holds it: read once, when the
/// referrals section first asks, and listed for the organisation search
/// once per directory and language rather than on every redraw (up to
/// 5,000 entries, each with look-ups and formatting).
#[derive(Debug, Default)]
pub struct Directory {
    organisations: Option<Vec<Organisation>>,
    /// The directory could not be read: the organisation is then typed,
    /// and the editor says why there is no search.
    unreadable: bool,
    /// The directory was asked for (`wants`).
    asked: bool,
    listed: std::cell::RefCell<Option<(crate::i18n::Language, std::rc::Rc<Vec<Listed>>)>>,
}

impl Directory {
    /// Whether the directory should be read now (`at_referrals`: the
    /// editor is at the referrals section). Asked once per editor; the
    /// answer (an empty directory, marked unreadable, when none could be
    /// read) is kept.
    pub fn wants(&mut self, at_referrals: bool) -> bool {
        let wanted = at_referrals && self.organisations.is_none() && !self.asked;
        self.asked |= wanted;
        wanted
    }

    /// The directory as read (`None`: it could not be).
    pub fn read(&mut self, read: Option<Vec<Organisation>>) {
        self.unreadable = read.is_none();
        self.organisations = Some(read.unwrap_or_default());
        self.listed.replace(None);
    }

    /// Whether the directory could not be read.
    pub fn unreadable(&self) -> bool {
        self.unreadable
    }

    /// The directory as the organisation search lists it, in `i18n`'s
    /// language: made when first needed after the directory or the
    /// language changed, then shared.
    pub fn listed(&self, i18n: &I18n) -> std::rc::Rc<Vec<Listed>> {
        let mut cache = self.listed.borrow_mut();
        if let Some((language, listed)) = cache.as_ref()
            && *language == i18n.language()
        {
            return listed.clone();
        }
        let listed = std::rc::Rc::new(
            self.organisations
                .iter()
                .flatten()
                .map(|o| Listed::new(o, i18n))
                .collect::<Vec<_>>(),
        );
        *cache = Some((i18n.language(), listed.clone()));
        listed
    }
}
