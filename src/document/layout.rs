//! Blocks laid out on A4 pages: text wrapped by its measured width, pages
//! broken where the next line would not fit, a table's header row repeated
//! on every page it runs onto. A row taller than what is left of a page
//! goes on line by line onto the next, so no text is ever cut off.

use super::model::{Bar, Block};
use super::text::{Fonts, wrap};

pub(crate) const PAGE_WIDTH: f32 = 595.28;
pub(crate) const PAGE_HEIGHT: f32 = 841.89;
pub(crate) const LEFT: f32 = 56.0;
pub(crate) const RIGHT: f32 = PAGE_WIDTH - 56.0;
/// Where the body starts, below the header, and ends, above the footer.
pub(crate) const BODY_TOP: f32 = 92.0;
pub(crate) const BODY_BOTTOM: f32 = PAGE_HEIGHT - 62.0;
const WIDTH: f32 = RIGHT - LEFT;

const BODY: f32 = 10.0;
const SMALL: f32 = 9.0;
const PADDING: f32 = 3.0;

fn line_height(size: f32) -> f32 {
    size * 1.35
}

/// Something drawn on a page; `y` is from the top, a text's at its baseline.
#[derive(Debug, Clone, PartialEq, zeroize::Zeroize)]
pub(crate) enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        /// 0 is black, 255 white.
        gray: u8,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        gray: u8,
    },
}

pub(crate) type Page = Vec<Item>;

/// Lays `blocks` out; there is always at least one page.
pub(crate) fn lay_out(blocks: &[Block], fonts: &Fonts) -> Vec<Page> {
    let mut layout = Layout {
        fonts,
        pages: Vec::new(),
        page: Vec::new(),
        y: BODY_TOP,
    };
    for (at, block) in blocks.iter().enumerate() {
        layout.block(block, blocks.get(at + 1));
    }
    layout.pages.push(layout.page);
    layout.pages
}

/// A row of cells: their texts wrapped into lines, and where they go.
struct Row {
    cells: Vec<Vec<String>>,
    xs: Vec<f32>,
    bold: Vec<bool>,
    size: f32,
}

impl Row {
    fn new(fonts: &Fonts, texts: &[String], widths: &[f32], bold: &[bool], size: f32) -> Row {
        let mut xs = Vec::new();
        let mut x = LEFT;
        let cells = texts
            .iter()
            .zip(widths)
            .zip(bold)
            .map(|((text, width), bold)| {
                xs.push(x + PADDING);
                x += width;
                wrap(fonts.face(*bold), text, size, width - 2.0 * PADDING)
            })
            .collect();
        Row {
            cells,
            xs,
            bold: bold.to_vec(),
            size,
        }
    }

    fn lines(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }

    fn height(&self) -> f32 {
        self.lines() as f32 * line_height(self.size) + 2.0 * PADDING
    }
}

struct Layout<'a> {
    fonts: &'a Fonts,
    pages: Vec<Page>,
    page: Page,
    y: f32,
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.page));
        self.y = BODY_TOP;
    }

    /// Starts a new page unless `height` fits on this one.
    fn ensure(&mut self, height: f32) {
        if self.y + height > BODY_BOTTOM && self.y > BODY_TOP {
            self.new_page();
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, gray: u8, text: String) {
        self.page.push(Item::Text {
            x,
            y: self.y + size,
            size,
            bold,
            gray,
            text,
        });
    }

    fn rect(&mut self, y: f32, width: f32, height: f32, gray: u8) {
        self.page.push(Item::Rect {
            x: LEFT,
            y,
            width,
            height,
            gray,
        });
    }

    /// Wrapped text, line by line, breaking pages as it goes.
    fn lines(&mut self, text: &str, size: f32, bold: bool, centred: bool) {
        let face = self.fonts.face(bold);
        for line in wrap(face, text, size, WIDTH) {
            self.ensure(line_height(size));
            let x = if centred {
                LEFT + (WIDTH - face.width(&line, size)) / 2.0
            } else {
                LEFT
            };
            self.text(x, size, bold, 0, line);
            self.y += line_height(size);
        }
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Letterhead(lines) => {
                for line in lines {
                    self.lines(line, SMALL, false, true);
                }
                self.y += 14.0;
            }
            Block::Title(title) => {
                self.lines(title, 16.0, true, false);
                self.y += 8.0;
            }
            Block::Heading(heading) => {
                // Kept with what follows: a heading alone at a page's foot
                // heads nothing.
                let following = next.map_or(0.0, |_| 3.0 * line_height(BODY));
                self.y += 8.0;
                self.ensure(line_height(12.0) + following);
                self.lines(heading, 12.0, true, false);
                self.rect(self.y, WIDTH, 0.6, 120);
                self.y += 5.0;
            }
            Block::Paragraph(text) => {
                self.y += 2.0;
                self.lines(text, BODY, false, false);
                self.y += 6.0;
            }
            Block::KeyValue { key, value } => {
                let row = Row::new(
                    self.fonts,
                    &[key.clone(), value.clone()],
                    &[WIDTH * 0.36, WIDTH * 0.64],
                    &[true, false],
                    BODY,
                );
                self.row(&row, None);
            }
            Block::Table {
                header,
                widths,
                rows,
            } => self.table(header, widths, rows),
            Block::BarChart { bars } => self.bars(bars),
        }
    }

    fn table(&mut self, header: &[String], shares: &[f32], rows: &[Vec<String>]) {
        let total: f32 = shares.iter().sum::<f32>().max(f32::EPSILON);
        let widths: Vec<f32> = shares.iter().map(|s| s / total * WIDTH).collect();
        let head = Row::new(
            self.fonts,
            header,
            &widths,
            &vec![true; header.len()],
            SMALL,
        );
        let first = rows
            .first()
            .map(|r| Row::new(self.fonts, r, &widths, &vec![false; r.len()], SMALL).height());
        self.ensure(head.height() + first.unwrap_or(0.0).min(3.0 * line_height(SMALL)));
        self.header_row(&head);
        for row in rows {
            let row = Row::new(self.fonts, row, &widths, &vec![false; row.len()], SMALL);
            self.row(&row, Some(&head));
            self.rect(self.y, WIDTH, 0.4, 190);
        }
        self.y += 8.0;
    }

    fn header_row(&mut self, head: &Row) {
        self.rect(self.y, WIDTH, head.height(), 232);
        self.row(head, None);
    }

    /// A row, line by line; on a new page the table's header comes first.
    fn row(&mut self, row: &Row, header: Option<&Row>) {
        let height = line_height(row.size);
        // A row up to a third of a page is kept whole; a longer one runs
        // onto the next page rather than leave a gap that large.
        if row.height() <= (BODY_BOTTOM - BODY_TOP) / 3.0 {
            self.break_for(row.height(), header);
        }
        self.y += PADDING;
        for line in 0..row.lines() {
            let mut continued = false;
            if self.y + height > BODY_BOTTOM {
                self.new_page();
                if let Some(header) = header {
                    self.header_row(header);
                }
                continued = header.is_none();
            }
            for (at, cell) in row.cells.iter().enumerate() {
                if let (Some(text), Some(x), Some(bold)) =
                    (cell.get(line), row.xs.get(at), row.bold.get(at))
                    && !text.is_empty()
                {
                    self.text(*x, row.size, *bold, 0, text.clone());
                } else if continued
                    && at == 0
                    && let (Some(label), Some(x), Some(bold)) =
                        (cell.first(), row.xs.first(), row.bold.first())
                {
                    // A label and its value run onto a new page: the label
                    // again, so the page says what the text is.
                    self.text(*x, row.size, *bold, 0, label.clone());
                }
            }
            self.y += height;
        }
        self.y += PADDING;
    }

    fn break_for(&mut self, height: f32, header: Option<&Row>) {
        if self.y + height > BODY_BOTTOM && self.y > BODY_TOP {
            self.new_page();
            if let Some(header) = header {
                self.header_row(header);
            }
        }
    }

    fn bars(&mut self, bars: &[Bar]) {
        let largest = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
        let (label_width, bar_width) = (WIDTH * 0.38, WIDTH * 0.47);
        for bar in bars {
            let label = Row::new(
                self.fonts,
                std::slice::from_ref(&bar.label),
                &[label_width],
                &[false],
                SMALL,
            );
            self.ensure(label.height());
            let top = self.y;
            let length = if largest > 0.0 {
                (bar.value / largest) as f32 * bar_width
            } else {
                0.0
            };
            self.page.push(Item::Rect {
                x: LEFT + label_width,
                y: top + PADDING + 1.0,
                width: length.max(0.5),
                height: line_height(SMALL) - 2.0,
                gray: 110,
            });
            self.y = top + PADDING;
            self.text(
                LEFT + label_width + length + 4.0,
                SMALL,
                false,
                0,
                bar.shown.clone(),
            );
            self.y = top;
            self.row(&label, None);
        }
        self.y += 8.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(pages: &[Page]) -> Vec<Vec<String>> {
        pages
            .iter()
            .map(|page| {
                page.iter()
                    .filter_map(|item| match item {
                        Item::Text { text, .. } => Some(text.clone()),
                        Item::Rect { .. } => None,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_long_table_repeats_its_header_on_every_page_and_keeps_every_row() {
        let fonts = Fonts::new().unwrap_or_else(|e| panic!("{e}"));
        let rows: Vec<Vec<String>> = (0..200)
            .map(|n| vec![format!("row {n}"), "ąčęėįšųūž ".repeat(n % 7 + 1)])
            .collect();
        let blocks = [Block::Table {
            header: vec!["Number".into(), "Words".into()],
            widths: vec![1.0, 3.0],
            rows,
        }];
        let pages = lay_out(&blocks, &fonts);
        assert!(pages.len() >= 3, "{}", pages.len());
        let texts = texts(&pages);
        for page in &texts {
            assert_eq!(page.first().map(String::as_str), Some("Number"));
        }
        let all: Vec<&String> = texts.iter().flatten().collect();
        for n in 0..200 {
            let wanted = format!("row {n}");
            assert_eq!(all.iter().filter(|t| ***t == wanted).count(), 1, "{wanted}");
        }
        for page in &pages {
            for item in page {
                if let Item::Text { y, .. } = item {
                    assert!(*y <= BODY_BOTTOM && *y >= BODY_TOP, "{y}");
                }
            }
        }
    }

    #[test]
    fn a_value_longer_than_a_page_runs_onto_the_next_pages() {
        let fonts = Fonts::new().unwrap_or_else(|e| panic!("{e}"));
        let value: String = (0..3000).map(|n| format!("w{n} ")).collect();
        let blocks = [Block::KeyValue {
            key: "Notes".into(),
            value: value.clone(),
        }];
        let pages = lay_out(&blocks, &fonts);
        assert!(pages.len() >= 3);
        let words: Vec<String> = texts(&pages)
            .concat()
            .iter()
            .filter(|t| *t != "Notes")
            .flat_map(|t| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .collect();
        assert_eq!(words, value.split_whitespace().collect::<Vec<_>>());
        for (at, page) in texts(&pages).iter().enumerate() {
            assert!(page.iter().any(|t| t == "Notes"), "page {at} has no label");
        }
    }

    #[test]
    fn bars_are_rectangles_as_long_as_their_values_say() {
        let fonts = Fonts::new().unwrap_or_else(|e| panic!("{e}"));
        let bar = |label: &str, value: f64| Bar {
            label: label.into(),
            value,
            shown: value.to_string(),
        };
        let blocks = [Block::BarChart {
            bars: vec![bar("Priverstinis darbas", 40.0), bar("Kita", 10.0)],
        }];
        let pages = lay_out(&blocks, &fonts);
        let widths: Vec<f32> = pages[0]
            .iter()
            .filter_map(|item| match item {
                Item::Rect { width, .. } => Some(*width),
                Item::Text { .. } => None,
            })
            .collect();
        assert_eq!(widths.len(), 2, "{widths:?}");
        assert!((widths[0] / widths[1] - 4.0).abs() < 0.01, "{widths:?}");
        let texts = texts(&pages).concat();
        for wanted in ["Priverstinis darbas", "40", "Kita", "10"] {
            assert!(texts.iter().any(|t| t == wanted), "{wanted}: {texts:?}");
        }
    }
}
