//! How hard a passphrase is to guess, as data the interfaces put in words:
//! zxcvbn's score for a meter, and what is wrong with a weak one.

use zxcvbn::feedback::Warning;

/// Fewer characters than this are refused whatever else they are.
pub const MIN_CHARS: usize = 12;

/// Why a passphrase is refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Weakness {
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort,
    /// Long enough but guessed too easily, with zxcvbn's reason if it gives one.
    Guessable(Option<Warning>),
}

impl std::fmt::Display for Weakness {
    /// In English, for the command line and error messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Weakness::TooShort => write!(
                f,
                "use at least {MIN_CHARS} characters; several unrelated words are easiest to remember"
            ),
            Weakness::Guessable(Some(warning)) => {
                write!(f, "{warning}; add more unrelated words")
            }
            Weakness::Guessable(None) => {
                write!(
                    f,
                    "it would be guessed too easily; add more unrelated words"
                )
            }
        }
    }
}

/// One estimate of a passphrase: compute it when the passphrase changes,
/// not every time it is shown (zxcvbn takes milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Strength {
    /// zxcvbn's score, 0 (very weak) to 4 (very strong); 0 when empty.
    pub score: u8,
    /// Why it would be refused, if it would.
    pub weakness: Option<Weakness>,
}

#[cfg(test)]
thread_local! {
    /// How many times this thread ran zxcvbn (tests of when screens ask).
    pub(crate) static ESTIMATES: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Estimates `passphrase`; `context` holds words the owner is known by
/// (names, mission), which make a passphrase weaker.
pub fn strength(passphrase: &str, context: &[&str]) -> Strength {
    if passphrase.is_empty() {
        return Strength {
            score: 0,
            weakness: Some(Weakness::TooShort),
        };
    }
    #[cfg(test)]
    ESTIMATES.with(|n| n.set(n.get() + 1));
    let entropy = zxcvbn::zxcvbn(passphrase, context);
    let score = entropy.score() as u8;
    let weakness = if passphrase.chars().count() < MIN_CHARS {
        Some(Weakness::TooShort)
    } else if score < 3 {
        Some(Weakness::Guessable(
            entropy.feedback().and_then(|f| f.warning()),
        ))
    } else {
        None
    };
    Strength { score, weakness }
}

/// Why `passphrase` would be refused, if it would.
pub fn weakness(passphrase: &str, context: &[&str]) -> Option<Weakness> {
    if passphrase.chars().count() < MIN_CHARS {
        return Some(Weakness::TooShort);
    }
    strength(passphrase, context).weakness
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_guessable_and_strong_passphrases_are_told_apart() {
        assert_eq!(weakness("short", &[]), Some(Weakness::TooShort));
        assert!(matches!(
            weakness("passwordpassword", &[]),
            Some(Weakness::Guessable(_))
        ));
        assert_eq!(weakness("velvet lantern quarry moss harbour", &[]), None);
        assert_eq!(strength("", &[]).score, 0);
        assert!(strength("velvet lantern quarry moss harbour", &[]).score >= 3);
    }
}
