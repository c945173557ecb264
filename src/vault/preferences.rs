//! The officer's interface preferences, stored (encrypted) in the vault
//! beside the cases: auto-lock delay, language, discreet mode, theme.

use super::{Result, Vault};
use crate::i18n::Language;

/// What the officer chose for the interface.
#[derive(Debug, Clone, PartialEq)]
pub struct Preferences {
    pub auto_lock_minutes: u32,
    pub language: Language,
    pub discreet: bool,
    pub dark: bool,
}

impl Default for Preferences {
    fn default() -> Self {
        Preferences {
            auto_lock_minutes: 5,
            language: Language::from_system(),
            discreet: true,
            dark: false,
        }
    }
}

impl Preferences {
    /// The defaults, in `language`.
    pub fn in_language(language: Language) -> Preferences {
        Preferences {
            language,
            ..Preferences::default()
        }
    }
}

impl Vault {
    /// The stored preferences; what is missing or unreadable takes its
    /// default, and the language falls back to `fallback_language`.
    pub fn preferences(&self, fallback_language: Language) -> Preferences {
        let get = |key: &str| self.preference(key).ok().flatten();
        let defaults = Preferences::in_language(fallback_language);
        Preferences {
            auto_lock_minutes: get("auto_lock_minutes")
                .and_then(|m| m.parse().ok())
                .unwrap_or(defaults.auto_lock_minutes)
                .clamp(1, 60),
            language: get("language")
                .and_then(|l| Language::from_code(&l))
                .unwrap_or(defaults.language),
            discreet: get("discreet")
                .map(|d| d == "true")
                .unwrap_or(defaults.discreet),
            dark: get("dark").map(|d| d == "true").unwrap_or(defaults.dark),
        }
    }

    /// Stores `preferences`. The language is stored once the officer has
    /// chosen one (it differs from the system's, or one was stored before):
    /// a vault whose officer only changed the theme keeps following the
    /// system's language.
    pub fn set_preferences(&mut self, preferences: &Preferences) -> Result<()> {
        self.set_preference(
            "auto_lock_minutes",
            &preferences.auto_lock_minutes.to_string(),
        )?;
        if self.preference("language")?.is_some() || preferences.language != Language::from_system()
        {
            self.set_preference("language", preferences.language.code())?;
        }
        self.set_preference("discreet", &preferences.discreet.to_string())?;
        self.set_preference("dark", &preferences.dark.to_string())
    }
}
