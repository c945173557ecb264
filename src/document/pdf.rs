//! The laid-out pages drawn into a PDF/A-2b file with krilla: the fonts
//! embedded and subsetted, the document's language and title set, and on
//! every page a header and a footer marked confidential, with the page
//! number, the mission, the officer, the date and the reference.

use chrono::Datelike;
use krilla::color::{luma, rgb};
use krilla::configure::{Configuration, PdfVersion, Validator};
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Paint};
use krilla::surface::Surface;
use krilla::text::TextDirection;
use krilla::{Document as Pdf, SerializeSettings};

use super::layout::{self, BODY_BOTTOM, BODY_TOP, Item, LEFT, PAGE_HEIGHT, PAGE_WIDTH, RIGHT};
use super::model::{Bar, Block, Document, PageMarks};
use super::text::Fonts;
use super::{Error, Result};
use zeroize::Zeroize;

/// The marking's colour: a dark red that prints as a strong grey.
const MARK: (u8, u8, u8) = (150, 20, 20);

/// Renders `document` to the bytes of a PDF/A-2b file.
pub fn render(document: &Document) -> Result<Vec<u8>> {
    let fonts = Fonts::new()?;
    let (mut blocks, mut marks) = drawable(document, &fonts);
    let mut pages = layout::lay_out(&blocks, &fonts);
    let pdf = draw_pages(document, &fonts, &pages, &marks);
    // The copies of case text made here are wiped; krilla's own buffers
    // (its content streams, the bytes it returns before we hold them)
    // cannot be.
    blocks.zeroize();
    marks.zeroize();
    pages.zeroize();
    pdf
}

fn draw_pages(
    document: &Document,
    fonts: &Fonts,
    pages: &[layout::Page],
    marks: &PageMarks,
) -> Result<Vec<u8>> {
    let configuration = Configuration::new_with(Validator::A2_B, PdfVersion::Pdf17)
        .ok_or_else(|| Error::Pdf("PDF/A-2b cannot be written as PDF 1.7".into()))?;
    let mut pdf = Pdf::new_with(SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    });
    let total = pages.len();
    for (at, items) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| Error::Pdf("the page size is not valid".into()))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        for item in items {
            draw(&mut surface, fonts, item);
        }
        self::marks(&mut surface, fonts, marks, at + 1, total);
        surface.finish();
        page.finish();
    }
    let created = &document.created;
    pdf.set_metadata(
        Metadata::new()
            .creation_date(
                DateTime::new(u16::try_from(created.year()).unwrap_or(0))
                    .month(u8::try_from(created.month()).unwrap_or(1))
                    .day(u8::try_from(created.day()).unwrap_or(1)),
            )
            .title(document.title.clone())
            .language(document.language.clone())
            .creator("Casebook".into())
            .producer(format!("Casebook {}", env!("CARGO_PKG_VERSION"))),
    );
    // Never krilla's own message: its validation errors quote the text
    // they are about, which is case text.
    pdf.finish().map_err(|e| Error::Pdf(plain(&e)))
}

/// What went wrong, without a word of the document's text.
fn plain(error: &krilla::error::KrillaError) -> String {
    use krilla::error::KrillaError;
    match error {
        KrillaError::Validation(problems) => format!(
            "it does not meet PDF/A-2b ({} problems found by the check)",
            problems.len()
        ),
        KrillaError::Font(..) => "a font could not be embedded".into(),
        _ => "the PDF writer failed".into(),
    }
}

/// The document's blocks and marks with every character the fonts lack
/// shown as its code point, and, if there was one, a line under the title
/// saying so: a name in a script Noto Sans does not cover must not stop
/// the summary (PDF/A forbids drawing a missing glyph).
fn drawable(document: &Document, fonts: &Fonts) -> (Vec<Block>, PageMarks) {
    let mut replaced = false;
    let mut show = |text: &String| {
        let (shown, any) = fonts.shown(text);
        replaced |= any;
        shown
    };
    let mut blocks: Vec<Block> = document
        .blocks
        .iter()
        .map(|block| match block {
            Block::Letterhead(lines) => Block::Letterhead(lines.iter().map(&mut show).collect()),
            Block::Title(text) => Block::Title(show(text)),
            Block::Heading(text) => Block::Heading(show(text)),
            Block::Paragraph(text) => Block::Paragraph(show(text)),
            Block::KeyValue { key, value } => Block::KeyValue {
                key: show(key),
                value: show(value),
            },
            Block::Table {
                header,
                widths,
                rows,
            } => Block::Table {
                header: header.iter().map(&mut show).collect(),
                widths: widths.clone(),
                rows: rows
                    .iter()
                    .map(|row| row.iter().map(&mut show).collect())
                    .collect(),
            },
            Block::BarChart { bars } => Block::BarChart {
                bars: bars
                    .iter()
                    .map(|bar| Bar {
                        label: show(&bar.label),
                        value: bar.value,
                        shown: show(&bar.shown),
                    })
                    .collect(),
            },
        })
        .collect();
    let marks = &document.marks;
    let marks = PageMarks {
        confidential: show(&marks.confidential),
        reference: show(&marks.reference),
        details: show(&marks.details),
        page_of: show(&marks.page_of),
        training: marks.training.as_ref().map(&mut show),
    };
    if replaced {
        let (note, _) = fonts.shown(&document.unshown_note);
        let at = blocks
            .iter()
            .position(|b| matches!(b, Block::Title(_)))
            .map_or(0, |at| at + 1);
        blocks.insert(at, Block::Paragraph(note));
    }
    (blocks, marks)
}

fn fill(surface: &mut Surface<'_>, paint: Paint) {
    surface.set_fill(Some(Fill {
        paint,
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }));
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, item: &Item) {
    match item {
        Item::Text {
            x,
            y,
            size,
            bold,
            gray,
            text,
        } => {
            fill(surface, luma::Color::new(*gray).into());
            surface.draw_text(
                Point::from_xy(*x, *y),
                fonts.face(*bold).pdf.clone(),
                *size,
                text,
                false,
                TextDirection::Auto,
            );
        }
        Item::Rect {
            x,
            y,
            width,
            height,
            gray,
        } => rect(
            surface,
            *x,
            *y,
            *width,
            *height,
            luma::Color::new(*gray).into(),
        ),
    }
}

fn rect(surface: &mut Surface<'_>, x: f32, y: f32, width: f32, height: f32, paint: Paint) {
    let Some(area) = Rect::from_xywh(x, y, width, height) else {
        return;
    };
    let mut path = PathBuilder::new();
    path.push_rect(area);
    if let Some(path) = path.finish() {
        fill(surface, paint);
        surface.draw_path(&path);
    }
}

fn text(
    surface: &mut Surface<'_>,
    fonts: &Fonts,
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    line: &str,
) {
    surface.draw_text(
        Point::from_xy(x, y),
        fonts.face(bold).pdf.clone(),
        size,
        line,
        false,
        TextDirection::Auto,
    );
}

/// The header and footer of page `number` of `total`.
fn marks(surface: &mut Surface<'_>, fonts: &Fonts, marks: &PageMarks, number: usize, total: usize) {
    let red: Paint = rgb::Color::new(MARK.0, MARK.1, MARK.2).into();
    let black: Paint = luma::Color::new(0).into();
    let grey: Paint = luma::Color::new(70).into();
    let (head, foot) = (BODY_TOP - 50.0, BODY_BOTTOM + 30.0);

    fill(surface, red.clone());
    text(surface, fonts, LEFT, head, 10.0, true, &marks.confidential);
    fill(surface, black);
    let width = fonts.bold.width(&marks.reference, 10.0);
    text(
        surface,
        fonts,
        RIGHT - width,
        head,
        10.0,
        true,
        &marks.reference,
    );
    if let Some(training) = &marks.training {
        // Centred in the header and the footer, in the marking's colour.
        fill(surface, red.clone());
        let width = fonts.bold.width(training, 10.0);
        let x = (LEFT + RIGHT - width) / 2.0;
        text(surface, fonts, x, head, 10.0, true, training);
        text(surface, fonts, x, foot, 10.0, true, training);
    }
    fill(surface, grey.clone());
    let details = clipped(&fonts.regular, &marks.details, 8.0, RIGHT - LEFT);
    text(surface, fonts, LEFT, head + 14.0, 8.0, false, &details);
    rect(surface, LEFT, head + 22.0, RIGHT - LEFT, 0.6, grey.clone());

    rect(surface, LEFT, foot - 14.0, RIGHT - LEFT, 0.6, grey.clone());
    fill(surface, red);
    text(surface, fonts, LEFT, foot, 9.0, true, &marks.confidential);
    fill(surface, grey);
    let page = marks
        .page_of
        .replace("{page}", &number.to_string())
        .replace("{pages}", &total.to_string());
    let width = fonts.regular.width(&page, 9.0);
    text(surface, fonts, RIGHT - width, foot, 9.0, false, &page);
}

/// `line` cut with an ellipsis where it would run past `width` (the
/// header's second line: a long mission or officer name).
fn clipped(face: &super::text::Face, line: &str, size: f32, width: f32) -> String {
    if face.width(line, size) <= width {
        return line.to_owned();
    }
    let mut cut: String = line.to_owned();
    while !cut.is_empty() && face.width(&format!("{cut}…"), size) > width {
        // Halve the excess quickly for very long lines, then a letter at a time.
        let keep = if cut.chars().count() > 400 {
            400
        } else {
            cut.chars().count() - 1
        };
        cut = cut.chars().take(keep).collect();
    }
    format!("{cut}…")
}
