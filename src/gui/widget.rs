//! What several screens share: view pieces (banners, cards, hints), the
//! labelled pick-list entry, and vault errors and passphrase weaknesses in
//! the interface language. Screens import this, never each other.

use iced::widget::{container, text};
use iced::{Element, Length};

use super::theme;
use crate::i18n::I18n;
use crate::vault::{self, Weakness};

mod search_pick;
mod stop;
pub use search_pick::{SearchPick, search_pick};
pub use stop::{Stop, stop};

/// A pick-list entry: "any" or one value, labelled in the interface language.
/// Two entries are the same choice when their values are: the list's
/// filters show a chosen value under a longer label ("Status: Active") than
/// its entry in the menu ("Active"), and the menu opens on it all the same.
#[derive(Debug, Clone)]
pub struct Choice<T> {
    pub value: Option<T>,
    label: String,
}

impl<T> Choice<T> {
    pub fn new(value: Option<T>, label: String) -> Choice<T> {
        Choice { value, label }
    }
}

impl<T: PartialEq> PartialEq for Choice<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> std::fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// A full-width banner telling what went wrong with the vault, in the
/// interface language.
pub fn error_banner<'a, Message: 'a>(i18n: &I18n, error: &vault::Error) -> Element<'a, Message> {
    banner(error_text(i18n, error))
}

/// A full-width banner that asks for attention.
pub fn banner<'a, Message: 'a>(said: String) -> Element<'a, Message> {
    container(text(said))
        .padding(theme::SPACE_M)
        .style(theme::error_banner)
        .width(Length::Fill)
        .into()
}

/// A white (or raised) panel around a group of fields or results.
pub fn card<'a, Message: 'a>(content: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(content)
        .padding(theme::SPACE_M)
        .width(Length::Fill)
        .style(theme::card)
        .into()
}

/// Small, muted text for hints and secondary facts.
pub fn hint<'a>(label: String) -> text::Text<'a> {
    text(label).size(theme::TEXT_S).style(|t| text::Style {
        color: Some(theme::muted(t)),
    })
}

/// The strength of a new passphrase as the first run shows it: a bar of
/// `score` out of 4 and its word (the first run and a new officer's form).
pub fn strength_meter<'a, Message: 'a>(i18n: &I18n, score: u8) -> Element<'a, Message> {
    iced::widget::column![
        iced::widget::progress_bar(0.0..=4.0, f32::from(score)).girth(6),
        text(i18n.t(&format!("strength-{score}"))).size(theme::TEXT_S),
    ]
    .spacing(4)
    .into()
}

/// A sentence kept untranslated until it is shown, so that it follows a
/// change of language: a message with its arguments, a vault error, or why
/// a passphrase is refused.
#[derive(Debug, Clone)]
pub enum Said {
    Text(&'static str, Vec<(&'static str, String)>),
    Error(vault::Error),
    /// A message whose `$error` is a vault error.
    WithError(&'static str, vault::Error),
    Weak(Weakness),
}

impl Said {
    pub fn key(key: &'static str) -> Said {
        Said::Text(key, Vec::new())
    }

    pub fn with(key: &'static str, name: &'static str, value: String) -> Said {
        Said::Text(key, vec![(name, value)])
    }

    pub fn show(&self, i18n: &I18n) -> String {
        match self {
            Said::Text(key, args) => {
                let args: Vec<_> = args
                    .iter()
                    .map(|(name, value)| (*name, value.clone().into()))
                    .collect();
                i18n.t_with(key, &args)
            }
            Said::Error(error) => error_text(i18n, error),
            Said::WithError(key, error) => {
                i18n.t_with(key, &[("error", error_text(i18n, error).into())])
            }
            Said::Weak(weakness) => weakness_text(i18n, weakness),
        }
    }
}

/// Why a passphrase is refused, in the interface language.
pub fn weakness_text(i18n: &I18n, weakness: &Weakness) -> String {
    use zxcvbn::feedback::Warning as W;
    match weakness {
        Weakness::TooShort => i18n.t_with(
            "passphrase-too-short",
            &[("min", vault::passphrase::MIN_CHARS.into())],
        ),
        Weakness::Guessable(warning) => {
            let reason = match warning {
                Some(W::StraightRowsOfKeysAreEasyToGuess) => "passphrase-warning-key-rows",
                Some(W::ShortKeyboardPatternsAreEasyToGuess) => "passphrase-warning-key-patterns",
                Some(W::RepeatsLikeAaaAreEasyToGuess) => "passphrase-warning-repeated-letters",
                Some(W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess) => {
                    "passphrase-warning-repeated-groups"
                }
                Some(W::ThisIsATop10Password | W::ThisIsATop100Password) => {
                    "passphrase-warning-top"
                }
                Some(W::ThisIsACommonPassword) => "passphrase-warning-common",
                Some(W::ThisIsSimilarToACommonlyUsedPassword) => "passphrase-warning-similar",
                Some(W::SequencesLikeAbcAreEasyToGuess) => "passphrase-warning-sequences",
                Some(W::RecentYearsAreEasyToGuess) => "passphrase-warning-years",
                Some(W::AWordByItselfIsEasyToGuess) => "passphrase-warning-one-word",
                Some(W::DatesAreOftenEasyToGuess) => "passphrase-warning-dates",
                Some(
                    W::NamesAndSurnamesByThemselvesAreEasyToGuess
                    | W::CommonNamesAndSurnamesAreEasyToGuess,
                ) => "passphrase-warning-names",
                None => "passphrase-warning-guessable",
            };
            i18n.t_with("passphrase-guessable", &[("reason", i18n.t(reason).into())])
        }
    }
}

/// An exchange error in the interface language.
pub fn exchange_error_text(i18n: &I18n, error: &crate::exchange::Error) -> String {
    use crate::exchange::Error as E;
    match error {
        E::NotAnExport => i18n.t("exchange-error-not-an-export"),
        E::NotForThisCommission => i18n.t("exchange-error-other-commission"),
        E::Damaged(_) => i18n.t("exchange-error-damaged"),
        E::NewerFormat(_) => i18n.t("exchange-error-newer"),
        E::ManifestMismatch(_) | E::BadSignature | E::ChangedDuringImport => {
            i18n.t("exchange-error-altered")
        }
        E::WrongMissionKey(mission) => i18n.t_with(
            "exchange-error-wrong-key",
            &[
                ("code", mission.code.clone().into()),
                ("fingerprint", mission.fingerprint.clone().into()),
            ],
        ),
        E::RevokedMissionKey { code, revoked_on } => i18n.t_with(
            "exchange-error-revoked-key",
            &[
                ("code", code.clone().into()),
                ("date", revoked_on.clone().into()),
            ],
        ),
        E::ReplacedMissionKey { code, replaced_on } => i18n.t_with(
            "exchange-error-replaced-key",
            &[
                ("code", code.clone().into()),
                ("date", replaced_on.clone().into()),
            ],
        ),
        E::BadRotation(_) => i18n.t("exchange-error-bad-rotation"),
        E::InvalidRecord { message, .. } => i18n.t_with(
            "exchange-error-invalid-record",
            &[("detail", message.clone().into())],
        ),
        E::TooLarge {
            size_mib,
            limit_mib,
        } => i18n.t_with(
            "exchange-error-too-large",
            &[("size", (*size_mib).into()), ("limit", (*limit_mib).into())],
        ),
        E::NotAMissionCode(code) | E::CommissionCode(code) => i18n.t_with(
            "exchange-error-mission-code",
            &[("code", code.clone().into())],
        ),
        E::NoCommissionKey => i18n.t("exchange-no-commission-key"),
        E::SigningKeyUnbacked => i18n.t("exchange-error-signing-key-unbacked"),
        E::CaseTooLarge { reference, .. } => i18n.t_with(
            "exchange-error-case-too-large",
            &[("reference", reference.clone().into())],
        ),
        E::RedactedCaseRefused {
            reference,
            problems,
        } => i18n.t_with(
            "exchange-error-redacted-case-refused",
            &[
                ("reference", reference.clone().into()),
                ("problems", problems.clone().into()),
            ],
        ),
        E::Cancelled => i18n.t("exchange-error-cancelled"),
        E::NotAReply => i18n.t("exchange-reply-error-not-a-reply"),
        E::ReplyForAnotherMission(_) => i18n.t("exchange-reply-error-other-mission"),
        E::ReplyBadSignature => i18n.t("exchange-reply-error-signature"),
        E::ReplyDamaged(_) => i18n.t("exchange-reply-error-damaged"),
        E::ReplyNewerFormat(_) => i18n.t("exchange-reply-error-newer"),
        E::NoCommissionSigningKey => i18n.t("exchange-reply-error-old-key"),
        E::NoSuchMission(code) | E::NoReplyKey(code) => i18n.t_with(
            "exchange-reply-error-no-key",
            &[("code", code.clone().into())],
        ),
        E::Vault(error) => crate::gui::widget::error_text(i18n, error),
        other => i18n.t_with("error-other", &[("detail", other.to_string().into())]),
    }
}

/// A vault error in the interface language.
pub fn error_text(i18n: &I18n, error: &vault::Error) -> String {
    let key = match error {
        vault::Error::WrongPassphrase => "error-wrong-passphrase",
        vault::Error::OpenElsewhere => "error-open-elsewhere",
        vault::Error::VaultNewerThanApp { .. } => "error-newer-vault",
        vault::Error::Damaged(_) => "error-damaged",
        vault::Error::DiskFull => "error-disk-full",
        vault::Error::NoVault(_) => "error-no-vault",
        vault::Error::WeakPassphrase(_) => "error-weak-passphrase",
        vault::Error::ReopenAfterPassphraseChange => "error-reopen-after-passphrase-change",
        vault::Error::Destroyed { .. } => "error-destroyed",
        vault::Error::HeaderChanged => "error-header-changed",
        vault::Error::KdfMemoryTooLarge {
            asked_mib,
            limit_mib,
        } => {
            return i18n.t_with(
                "error-kdf-memory",
                &[
                    ("asked", (*asked_mib).into()),
                    ("limit", (*limit_mib).into()),
                ],
            );
        }
        vault::Error::KdfMemoryShort {
            asked_mib,
            available_mib,
        } => {
            return i18n.t_with(
                "error-kdf-memory-short",
                &[
                    ("asked", (*asked_mib).into()),
                    ("available", (*available_mib).into()),
                ],
            );
        }
        _ => return i18n.t_with("error-other", &[("detail", error.to_string().into())]),
    };
    i18n.t(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn every_passphrase_weakness_is_said_in_both_languages() {
        use zxcvbn::feedback::Warning as W;
        let warnings = [
            W::StraightRowsOfKeysAreEasyToGuess,
            W::ShortKeyboardPatternsAreEasyToGuess,
            W::RepeatsLikeAaaAreEasyToGuess,
            W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess,
            W::ThisIsATop10Password,
            W::ThisIsATop100Password,
            W::ThisIsACommonPassword,
            W::ThisIsSimilarToACommonlyUsedPassword,
            W::SequencesLikeAbcAreEasyToGuess,
            W::RecentYearsAreEasyToGuess,
            W::AWordByItselfIsEasyToGuess,
            W::DatesAreOftenEasyToGuess,
            W::NamesAndSurnamesByThemselvesAreEasyToGuess,
            W::CommonNamesAndSurnamesAreEasyToGuess,
        ];
        let weaknesses = std::iter::once(Weakness::TooShort)
            .chain(std::iter::once(Weakness::Guessable(None)))
            .chain(warnings.into_iter().map(|w| Weakness::Guessable(Some(w))));
        let english = I18n::new(Language::English);
        let lithuanian = I18n::new(Language::Lithuanian);
        for weakness in weaknesses {
            let en = weakness_text(&english, &weakness);
            let lt = weakness_text(&lithuanian, &weakness);
            for said in [&en, &lt] {
                assert!(!said.is_empty() && !said.contains("passphrase-"), "{said}");
            }
            assert_ne!(en, lt, "{weakness:?} is not translated");
        }
        assert!(weakness_text(&lithuanian, &Weakness::TooShort).contains("12"));
    }
}

/// The pick lists of a screen, as far as Esc is concerned: whether one is
/// open, and a way to close it. iced 0.14's pick list neither handles Esc
/// nor can be closed from outside; the screen learns it opened (`on_open`)
/// and that it closed (`on_close`, or any other message of the screen: a
/// choice made), and closing it gives the lists fresh state (`wrap`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Menus {
    open: bool,
    generation: u64,
}

impl Menus {
    /// Notes what a message of the screen says: `Some(true)` a list
    /// opened, anything else that none is open any more.
    pub fn seen(&mut self, opened: bool) {
        self.open = opened;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Closes the open list; `false` if none was open (Esc then goes on
    /// to close the screen).
    pub fn close(&mut self) -> bool {
        let was = self.open;
        if was {
            self.open = false;
            self.generation += 1;
        }
        was
    }

    /// A pick list (or anything holding one) that Esc can close: after a
    /// close its wrapper is of the other kind, so the list's state is made
    /// anew, closed (a keyed column of one child keeps its child's state).
    pub fn wrap<'a, M: 'a>(&self, element: impl Into<Element<'a, M>>) -> Element<'a, M> {
        if self.generation.is_multiple_of(2) {
            container(element).into()
        } else {
            iced::widget::column![element.into()].into()
        }
    }
}
