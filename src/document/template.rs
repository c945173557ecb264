//! The templates of `assets/documents/`: the letterhead, the wording and
//! the order of a document, in a markup small enough for a person at the
//! commission to adjust (assets/documents/README.md describes it):
//!
//! ```text
//! % a comment
//! > a line of the letterhead
//! = the title
//! == a heading
//! a paragraph, over one or more lines, with {placeholders}
//! [slot]          where Casebook puts a block it makes (a section of the case)
//! ```
//!
//! A template naming a placeholder or slot its document does not have is
//! an error, which a test finds for every bundled template.

use super::model::Block;
use super::{Error, Result};
use crate::i18n::Language;

/// A kind of document: its name and what its templates may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The templates' file name without language: `case-summary`.
    pub name: &'static str,
    pub placeholders: &'static [&'static str],
    pub slots: &'static [&'static str],
}

pub const CASE_SUMMARY: Kind = Kind {
    name: "case-summary",
    placeholders: &["reference", "mission", "mission_code", "officer", "date"],
    slots: &[
        "record",
        "person",
        "contact",
        "consent",
        "assessment",
        "exploitation",
        "assistance",
        "referrals",
        "follow-ups",
        "notes",
    ],
};

pub const ANNUAL_REPORT: Kind = Kind {
    name: "annual-report",
    placeholders: &[
        "year",
        "previous_year",
        "scope",
        "issuer",
        "officer",
        "date",
        "min_count",
        "mark",
    ],
    slots: &[
        "victims-sex",
        "victims-age",
        "victims-form",
        "victims-citizenship",
        "victims-mission",
        "form-sex-identified",
        "form-sex-presumed",
        "labour-industry",
        "recruitment",
        "means-of-control",
        "urgent-needs",
        "referral-service",
        "referral-organisation",
        "referral-outcome",
        "returns",
        "reflection",
        "missions",
        "comparison",
    ],
};

pub const REFERRAL_LETTER: Kind = Kind {
    name: "referral-letter",
    placeholders: &[
        "reference",
        "mission",
        "mission_code",
        "officer",
        "date",
        "organisation",
        "service",
    ],
    slots: &["to", "request", "person", "needs"],
};

/// Every kind of document.
pub const KINDS: &[Kind] = &[CASE_SUMMARY, ANNUAL_REPORT, REFERRAL_LETTER];

/// The bundled template of `kind` in `language`.
pub fn source(kind: Kind, language: Language) -> Option<&'static str> {
    match (kind.name, language) {
        ("case-summary", Language::English) => {
            Some(include_str!("../../assets/documents/case-summary.en.txt"))
        }
        ("case-summary", Language::Lithuanian) => {
            Some(include_str!("../../assets/documents/case-summary.lt.txt"))
        }
        ("annual-report", Language::English) => {
            Some(include_str!("../../assets/documents/annual-report.en.txt"))
        }
        ("annual-report", Language::Lithuanian) => {
            Some(include_str!("../../assets/documents/annual-report.lt.txt"))
        }
        ("referral-letter", Language::English) => Some(include_str!(
            "../../assets/documents/referral-letter.en.txt"
        )),
        ("referral-letter", Language::Lithuanian) => Some(include_str!(
            "../../assets/documents/referral-letter.lt.txt"
        )),
        _ => None,
    }
}

/// The bundled template of `kind` in `language`, read and checked.
pub fn load(kind: Kind, language: Language) -> Result<Template> {
    let name = format!("{}.{}.txt", kind.name, language.code());
    let text = source(kind, language).ok_or_else(|| Error::Template {
        name: name.clone(),
        problem: "there is no such template".into(),
    })?;
    Template::parse(text, kind).map_err(|problem| Error::Template { name, problem })
}

/// Text with placeholders.
#[derive(Debug, Clone, PartialEq)]
struct Text(Vec<Piece>);

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Literal(String),
    Placeholder(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Letterhead(Vec<Text>),
    Title(Text),
    Heading(Text),
    Paragraph(Text),
    Slot(String),
}

/// A template read and checked against its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
}

impl Template {
    /// Reads `source`; the error names the line and what is wrong.
    pub fn parse(source: &str, kind: Kind) -> std::result::Result<Template, String> {
        let mut parts: Vec<Part> = Vec::new();
        // A paragraph's lines, each read on its own so that an error names
        // the line it is on.
        let mut paragraph: Vec<Text> = Vec::new();
        let flush = |paragraph: &mut Vec<Text>, parts: &mut Vec<Part>| {
            if paragraph.is_empty() {
                return Ok(());
            }
            let mut pieces = Vec::new();
            for (at, line) in paragraph.drain(..).enumerate() {
                if at > 0 {
                    pieces.push(Piece::Literal(" ".into()));
                }
                pieces.extend(line.0);
            }
            parts.push(Part::Paragraph(Text(pieces)));
            Ok::<_, String>(())
        };
        for (at, raw) in source.lines().enumerate() {
            let number = at + 1;
            let line = raw.trim();
            if line.starts_with('%') {
                continue;
            }
            if line.is_empty() {
                flush(&mut paragraph, &mut parts)?;
                continue;
            }
            let is_plain = !(line.starts_with('>')
                || line.starts_with('=')
                || (line.starts_with('[') && line.ends_with(']')));
            if is_plain {
                paragraph.push(text(line, kind, number)?);
                continue;
            }
            flush(&mut paragraph, &mut parts)?;
            if let Some(rest) = line.strip_prefix("==") {
                parts.push(Part::Heading(text(rest.trim(), kind, number)?));
            } else if let Some(rest) = line.strip_prefix('=') {
                parts.push(Part::Title(text(rest.trim(), kind, number)?));
            } else if let Some(rest) = line.strip_prefix('>') {
                let line = text(rest.trim(), kind, number)?;
                match parts.last_mut() {
                    Some(Part::Letterhead(lines)) => lines.push(line),
                    _ => parts.push(Part::Letterhead(vec![line])),
                }
            } else {
                let name = line.trim_start_matches('[').trim_end_matches(']').trim();
                if !kind.slots.contains(&name) {
                    return Err(format!(
                        "line {number}: unknown slot [{name}]; a {} has {}",
                        kind.name,
                        list(kind.slots, "[", "]")
                    ));
                }
                parts.push(Part::Slot(name.to_owned()));
            }
        }
        flush(&mut paragraph, &mut parts)?;
        Ok(Template { parts })
    }

    /// The slots the template uses, in order.
    pub fn slots(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|p| match p {
                Part::Slot(name) => Some(name.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The document's blocks: placeholders replaced by `value`, slots by
    /// the blocks `slot` makes. Values are not read as markup.
    pub fn fill(
        &self,
        value: impl Fn(&str) -> String,
        mut slot: impl FnMut(&str) -> Vec<Block>,
    ) -> Vec<Block> {
        let fill = |text: &Text| -> String {
            text.0
                .iter()
                .map(|piece| match piece {
                    Piece::Literal(literal) => literal.clone(),
                    Piece::Placeholder(name) => value(name),
                })
                .collect()
        };
        let mut blocks = Vec::new();
        for part in &self.parts {
            match part {
                Part::Letterhead(lines) => {
                    blocks.push(Block::Letterhead(lines.iter().map(fill).collect()))
                }
                Part::Title(text) => blocks.push(Block::Title(fill(text))),
                Part::Heading(text) => blocks.push(Block::Heading(fill(text))),
                Part::Paragraph(text) => blocks.push(Block::Paragraph(fill(text))),
                Part::Slot(name) => blocks.extend(slot(name)),
            }
        }
        blocks
    }
}

fn list(names: &[&str], open: &str, close: &str) -> String {
    names
        .iter()
        .map(|n| format!("{open}{n}{close}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads `{placeholders}` out of one line of text.
fn text(line: &str, kind: Kind, number: usize) -> std::result::Result<Text, String> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find(['{', '}']) {
        // `{{` and `}}` are a literal brace.
        if rest[open..].starts_with("{{") || rest[open..].starts_with("}}") {
            pieces.push(Piece::Literal(rest[..open + 1].to_owned()));
            rest = &rest[open + 2..];
            continue;
        }
        if rest[open..].starts_with('}') {
            return Err(format!("line {number}: a }} without its {{"));
        }
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(format!("line {number}: a {{ without its }}"));
        };
        if open > 0 {
            pieces.push(Piece::Literal(rest[..open].to_owned()));
        }
        let name = rest[open + 1..close].trim();
        if !kind.placeholders.contains(&name) {
            return Err(format!(
                "line {number}: unknown placeholder {{{name}}}; a {} has {}",
                kind.name,
                list(kind.placeholders, "{", "}")
            ));
        }
        pieces.push(Piece::Placeholder(name.to_owned()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest.to_owned()));
    }
    Ok(Text(pieces))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_template_reads_and_uses_every_slot_once() {
        for kind in KINDS {
            for language in Language::ALL {
                let template = load(*kind, *language).unwrap_or_else(|e| panic!("{e}"));
                let mut used = template.slots();
                used.sort_unstable();
                let mut wanted = kind.slots.to_vec();
                wanted.sort_unstable();
                assert_eq!(used, wanted, "{} {}", kind.name, language.code());
            }
        }
    }

    #[test]
    fn an_unknown_placeholder_or_slot_is_an_error_naming_its_line() {
        let wrong = Template::parse("= Summary\n\nDear {name},\n", CASE_SUMMARY);
        assert!(
            wrong
                .as_ref()
                .is_err_and(|e| e.starts_with("line 3: unknown placeholder {name}")),
            "{wrong:?}"
        );
        let wrong = Template::parse("== Person\n[persons]\n", CASE_SUMMARY);
        assert!(
            wrong
                .as_ref()
                .is_err_and(|e| e.starts_with("line 2: unknown slot [persons]")),
            "{wrong:?}"
        );
        assert!(Template::parse("Unclosed {reference\n", CASE_SUMMARY).is_err());
        // In a paragraph of several lines, the line the mistake is on.
        let wrong = Template::parse(
            "= Summary\n\nFirst line,\nsecond {nme},\nthird.\n",
            CASE_SUMMARY,
        );
        assert!(
            wrong
                .as_ref()
                .is_err_and(|e| e.starts_with("line 4: unknown placeholder {nme}")),
            "{wrong:?}"
        );
    }

    #[test]
    fn doubled_braces_are_literal_braces() {
        let template = Template::parse("Set {{like this}} for {reference}.\n", CASE_SUMMARY)
            .unwrap_or_else(|e| panic!("{e}"));
        let blocks = template.fill(|_| "LT-LON-2026-0001".into(), |_| Vec::new());
        assert_eq!(
            blocks,
            [Block::Paragraph(
                "Set {like this} for LT-LON-2026-0001.".into()
            )]
        );
    }

    #[test]
    fn values_are_filled_in_and_never_read_as_markup() {
        let template = Template::parse(
            "% comment\n> Letterhead\n> {mission}\n= Case {reference}\nFirst line\nsame paragraph.\n\n[notes]\n",
            CASE_SUMMARY,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let blocks = template.fill(
            |name| match name {
                "mission" => "{officer} [notes]".into(),
                _ => "LT-LON-2026-0001".into(),
            },
            |slot| vec![Block::Paragraph(format!("<{slot}>"))],
        );
        assert_eq!(
            blocks,
            vec![
                Block::Letterhead(vec!["Letterhead".into(), "{officer} [notes]".into()]),
                Block::Title("Case LT-LON-2026-0001".into()),
                Block::Paragraph("First line same paragraph.".into()),
                Block::Paragraph("<notes>".into()),
            ]
        );
    }
}
