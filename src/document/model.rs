//! What a document holds, before it is laid out: a list of blocks and the
//! marks every page carries. They hold case text, so they can be wiped
//! (`Zeroize`) once drawn.

/// A whole document.
#[derive(Debug, Clone, PartialEq, zeroize::Zeroize)]
pub struct Document {
    /// BCP 47 code of its language (`lt`, `en`), set in the PDF.
    pub language: String,
    /// The PDF's title metadata: never a person's name (a reference, a year).
    pub title: String,
    /// The day it was made: PDF/A requires a creation date; the day alone
    /// says no more than the date printed on every page.
    #[zeroize(skip)]
    pub created: chrono::NaiveDate,
    pub marks: PageMarks,
    pub blocks: Vec<Block>,
    /// The line put under the title when some characters could not be
    /// drawn with the bundled fonts and are shown as code points.
    pub unshown_note: String,
}

/// What the header and footer of every page show.
#[derive(Debug, Clone, PartialEq, zeroize::Zeroize)]
pub struct PageMarks {
    /// "CONFIDENTIAL", in the document's language; in header and footer.
    pub confidential: String,
    /// Shown at the header's right, e.g. the case reference.
    pub reference: String,
    /// The header's second line: the mission, the officer, the date.
    pub details: String,
    /// The footer's page number, with `{page}` and `{pages}` in it.
    pub page_of: String,
    /// For a synthetic (training) case: the marking put in the header and
    /// the footer of every page, so that no training printout passes for
    /// a real victim's paper.
    pub training: Option<String>,
}

/// One part of a document's flow.
#[derive(Debug, Clone, PartialEq, zeroize::Zeroize)]
pub enum Block {
    /// Lines of the letterhead, small and centred at the top.
    Letterhead(Vec<String>),
    Title(String),
    Heading(String),
    /// Text wrapped to the width of the page; a `\n` starts a new line.
    Paragraph(String),
    /// A label and its value, the value wrapped beside the label.
    KeyValue {
        key: String,
        value: String,
    },
    /// A table whose header row is repeated on every page it runs onto.
    /// `widths` are the columns' shares of the page's width.
    Table {
        header: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
    /// Horizontal bars, drawn as rectangles, with their labels and values.
    BarChart {
        bars: Vec<Bar>,
    },
}

#[derive(Debug, Clone, PartialEq, zeroize::Zeroize)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// What is written after the bar (the count as the language writes it).
    pub shown: String,
}
