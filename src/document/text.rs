//! Text measured as it will be drawn: shaped (rustybuzz, as krilla shapes
//! it) in the bundled Noto Sans, so that lines wrap where they really end.

use super::{Error, FONT_BOLD, FONT_REGULAR, Result};

/// One font, for measuring and for drawing.
pub(crate) struct Face {
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
    pub(crate) pdf: krilla::text::Font,
}

impl Face {
    fn new(bytes: &'static [u8], name: &str) -> Result<Face> {
        let broken = || Error::Pdf(format!("the bundled font {name} cannot be read"));
        let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or_else(broken)?;
        let units_per_em = shaper.units_per_em() as f32;
        let pdf = krilla::text::Font::new(bytes.into(), 0).ok_or_else(broken)?;
        Ok(Face {
            shaper,
            units_per_em,
            pdf,
        })
    }

    /// The width of `text` set on one line at `size` points.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);
        let units: i64 = shaped
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// The regular and the bold face.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Fonts {
    pub(crate) fn new() -> Result<Fonts> {
        Ok(Fonts {
            regular: Face::new(FONT_REGULAR, "NotoSans-Regular")?,
            bold: Face::new(FONT_BOLD, "NotoSans-Bold")?,
        })
    }

    pub(crate) fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

/// `text` broken into lines no wider than `width`: at spaces, at a `\n`,
/// and inside a word only where the word alone is wider than a line.
pub(crate) fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split_whitespace() {
            let mut word_width = face.width(word, size);
            if !line.is_empty() && line_width + space + word_width <= width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word;
            while word_width > width {
                let cut = longest_prefix(face, rest, size, width);
                lines.push(rest[..cut].to_owned());
                rest = &rest[cut..];
                word_width = face.width(rest, size);
            }
            line.push_str(rest);
            line_width = word_width;
        }
        lines.push(line);
    }
    lines
}

/// The byte length of the longest prefix of `word` (at least one
/// character) that fits in `width`.
fn longest_prefix(face: &Face, word: &str, size: f32, width: f32) -> usize {
    let mut fits = word.chars().next().map_or(word.len(), char::len_utf8);
    for (at, _) in word.char_indices().skip(1) {
        if face.width(&word[..at], size) > width {
            break;
        }
        fits = at;
    }
    fits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        Fonts::new().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let fonts = fonts();
        let text = "Šiandien ąžuolas žaliuoja, o čia įvyko kažkas svarbaus ir ilgo ".repeat(8);
        let lines = wrap(&fonts.regular, &text, 10.0, 150.0);
        assert!(lines.len() > 5, "{lines:?}");
        for line in &lines {
            assert!(fonts.regular.width(line, 10.0) <= 150.0, "{line}");
        }
        assert_eq!(
            lines.join(" ").split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_word_wider_than_a_line_is_cut_without_losing_letters() {
        let fonts = fonts();
        let word = "ąčęėįšųūž".repeat(10);
        let lines = wrap(&fonts.bold, &word, 12.0, 60.0);
        assert!(lines.len() > 3);
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let fonts = fonts();
        assert!(
            fonts.bold.width("Konfidencialu", 10.0) > fonts.regular.width("Konfidencialu", 10.0)
        );
    }
}
