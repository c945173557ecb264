//! What Casebook put on the system clipboard, so that locking can take it
//! back.
//!
//! A text field writes the clipboard itself on Ctrl+C or Ctrl+X, and what it
//! wrote (a name, a phone number) would stay there after the vault locks,
//! for whoever uses the laptop next. After such a copy the application
//! reads the clipboard back and keeps only a [`Fingerprint`] of it: SHA-256
//! keyed with a random key made for this run, never the text, and a
//! fingerprint of a name cannot be checked against guesses without that
//! key. At lock it reads the clipboard again and empties it if it still
//! holds that text; something the officer copied elsewhere since is left
//! alone.

use std::sync::OnceLock;

use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

/// A keyed hash of a text on the clipboard.
#[derive(Clone, PartialEq, Eq)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of `text` in this run of the program.
    pub fn of(text: &str) -> Fingerprint {
        static KEY: OnceLock<[u8; 32]> = OnceLock::new();
        let key = KEY.get_or_init(|| {
            let mut key = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut key);
            key
        });
        let mut hash = Sha256::new();
        hash.update(key);
        hash.update(text.as_bytes());
        Fingerprint(hash.finalize().into())
    }

    /// The fingerprint of what the clipboard gave, which is wiped; `None`
    /// for an empty or unreadable clipboard (nothing to take back).
    pub fn of_read(text: Option<String>) -> Option<Fingerprint> {
        let mut text = text?;
        let fingerprint = (!text.is_empty()).then(|| Fingerprint::of(&text));
        text.zeroize();
        fingerprint
    }
}

impl std::fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fingerprint")
    }
}

/// Why the clipboard is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Just after a copy or cut in a field: remember what it wrote.
    Copied,
    /// At lock: empty it if it still holds that.
    Locking,
}

/// What the application asks of the system clipboard, which the runtime
/// holds (tests play its part).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// Read it; its fingerprint comes back as `Message::ClipboardRead`.
    Read(Reading),
    /// Empty it.
    Clear,
}

/// What a field of Casebook last copied, to take back at lock.
#[derive(Debug, Default)]
pub struct Copied(Option<Fingerprint>);

impl Copied {
    /// Whether a key just made a field copy or cut: Ctrl+C or Ctrl+X by the
    /// key's Latin letter, as the fields decide, whatever the layout writes
    /// on it (`с` in Russian). Then the clipboard is read back.
    pub fn is_copy(latin: Option<char>, command: bool) -> bool {
        command && matches!(latin, Some('c' | 'x'))
    }

    /// At lock: read the clipboard, if a field copied something.
    pub fn at_lock(&self) -> Option<Request> {
        self.0.is_some().then_some(Request::Read(Reading::Locking))
    }

    /// What the clipboard held when read: after a copy, remembered; at
    /// lock, emptied if it still holds that.
    pub fn read(&mut self, reading: Reading, fingerprint: Option<Fingerprint>) -> Option<Request> {
        match reading {
            Reading::Copied => {
                if fingerprint.is_some() {
                    self.0 = fingerprint;
                }
                None
            }
            Reading::Locking => {
                let ours = self.0.take();
                (fingerprint.is_some() && fingerprint == ours).then_some(Request::Clear)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_tells_texts_apart_and_never_shows_them() {
        assert_eq!(Fingerprint::of("Ona"), Fingerprint::of("Ona"));
        assert_ne!(Fingerprint::of("Ona"), Fingerprint::of("Ona "));
        assert_eq!(
            Fingerprint::of_read(Some("Ona".into())),
            Some(Fingerprint::of("Ona"))
        );
        assert_eq!(Fingerprint::of_read(Some(String::new())), None);
        assert_eq!(Fingerprint::of_read(None), None);
        assert!(!format!("{:?}", Fingerprint::of("Ona")).contains("Ona"));
    }
}
