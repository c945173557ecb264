//! Characters that do not show, or change how the text around them shows:
//! one rule for every text one person types and another reads (officers'
//! names, handover notes, the commission's directory and guidance). A bidi
//! override makes a phone number read reversed; a zero-width space makes
//! two names look alike; an escape sequence reaches a terminal.

/// Whether `c` is hidden: a control character (line breaks included; the
/// caller allows `\n` where a text has lines), a format character
/// (zero-width spaces and joiners, the soft hyphen, tags, bidi embeddings,
/// overrides and isolates), a line or paragraph separator.
pub fn is_hidden(c: char) -> bool {
    use icu_properties::props::{BidiControl, GeneralCategory as Gc};
    use icu_properties::{CodePointMapData, CodePointSetData};
    CodePointSetData::new::<BidiControl>().contains(c)
        || matches!(
            CodePointMapData::<Gc>::new().get(c),
            Gc::Control | Gc::Format | Gc::LineSeparator | Gc::ParagraphSeparator
        )
}

#[cfg(test)]
mod tests {
    use super::is_hidden;

    #[test]
    fn what_hides_or_reorders_text_is_hidden_and_letters_are_not() {
        for c in [
            '\u{7}',
            '\u{1b}',
            '\u{9b}',
            '\n',
            '\u{ad}',
            '\u{61c}',
            '\u{200b}',
            '\u{200d}',
            '\u{2028}',
            '\u{2029}',
            '\u{202e}',
            '\u{2066}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            assert!(is_hidden(c), "{:?}", c);
        }
        for c in ['a', 'Ž', 'ė', 'ا', '王', ' ', '+', '😀'] {
            assert!(!is_hidden(c), "{c}");
        }
    }
}
