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

    /// Whether the font has a glyph for `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        self.shaper.glyph_index(c).is_some()
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

    /// `text` as it can be drawn: every run of characters the fonts lack
    /// (Arabic, Chinese, Amharic, Georgian, Thai, emoji… Noto Sans covers
    /// Latin, Greek and Cyrillic) written as its code points,
    /// `[U+0645 U+062D]`, so that nothing is drawn as an empty box
    /// (which PDF/A forbids) and nothing is silently lost. The flag says
    /// whether anything was replaced.
    pub(crate) fn shown(&self, text: &str) -> (String, bool) {
        let drawable = |c: char| c == '\n' || (self.regular.covers(c) && self.bold.covers(c));
        if text.chars().all(drawable) {
            return (text.to_owned(), false);
        }
        let mut shown = String::with_capacity(text.len() * 2);
        let mut in_run = false;
        for c in text.chars() {
            if drawable(c) {
                if in_run {
                    shown.push(']');
                    in_run = false;
                }
                shown.push(c);
            } else {
                shown.push_str(if in_run { " " } else { "[" });
                in_run = true;
                shown.push_str(&format!("U+{:04X}", u32::from(c)));
            }
        }
        if in_run {
            shown.push(']');
        }
        (shown, true)
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
            if word_width > width {
                // Shaped once and cut between clusters (a letter stays with
                // its marks): re-measuring the rest after every cut took
                // quadratic time, minutes for a pasted run of 100 KB.
                let mut pieces = cut_word(face, word, size, width);
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                word_width = face.width(&last, size);
                line.push_str(&last);
            } else {
                line.push_str(word);
            }
            line_width = word_width;
        }
        lines.push(line);
    }
    lines
}

/// `word` cut into pieces no wider than `width` (each at least one
/// cluster), shaped once: the pieces' widths are summed from the clusters'
/// advances, and every cut falls between clusters, so a base letter is
/// never parted from its combining marks.
fn cut_word(face: &Face, word: &str, size: f32, width: f32) -> Vec<String> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(word);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    // (byte offset where a cluster starts, its advance in font units)
    let mut clusters: Vec<(usize, i64)> = shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, position)| (info.cluster as usize, i64::from(position.x_advance)))
        .collect();
    clusters.sort_by_key(|&(at, _)| at);
    let scale = size / face.units_per_em;
    let mut pieces = Vec::new();
    let (mut start, mut used) = (0usize, 0i64);
    let mut at = 0;
    while at < clusters.len() {
        let cluster = clusters[at].0;
        let mut advance = 0;
        while at < clusters.len() && clusters[at].0 == cluster {
            advance += clusters[at].1;
            at += 1;
        }
        if cluster > start && (used + advance) as f32 * scale > width {
            pieces.push(word[start..cluster].to_owned());
            start = cluster;
            used = 0;
        }
        used += advance;
    }
    pieces.push(word[start..].to_owned());
    pieces
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
    fn a_word_of_100000_letters_is_cut_into_lines_that_fit() {
        let fonts = fonts();
        let word = "ąžuolasA\u{301}b".repeat(10_000);
        assert!(word.chars().count() >= 100_000);
        let lines = wrap(&fonts.regular, &word, 10.0, 480.0);
        assert!(lines.len() > 100, "{}", lines.len());
        assert_eq!(lines.concat(), word);
        for line in &lines {
            // No line starts with a combining mark parted from its letter.
            assert!(!line.starts_with('\u{301}'), "{line}");
            assert!(fonts.regular.width(line, 10.0) <= 480.5, "{line}");
        }
    }

    #[test]
    fn characters_the_font_lacks_are_written_as_code_points() {
        let fonts = fonts();
        assert_eq!(fonts.shown("Ąžuolė"), ("Ąžuolė".to_owned(), false));
        assert_eq!(
            fonts.shown("محمد 王 ok 😀"),
            (
                "[U+0645 U+062D U+0645 U+062F] [U+738B] ok [U+1F600]".to_owned(),
                true
            )
        );
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let fonts = fonts();
        assert!(
            fonts.bold.width("Konfidencialu", 10.0) > fonts.regular.width("Konfidencialu", 10.0)
        );
    }
}
