//! What a document reader (Word, PDF) tells the parser about the text view
//! it made of a document: which paragraph, page or table cell every stretch
//! of the view came from, which paragraphs are headings, and which
//! characters are automatic numbering rather than typed text.
//!
//! A reader lays a document out as text the parser already reads — each
//! paragraph on its own line, each table row as a `| cell | cell |` line with
//! merged cells resolved — and attaches a [`DocumentMap`] to the
//! [`SourceFile`](crate::SourceFile). Spans stay byte ranges into that view;
//! the map turns them into places a user can find in the document
//! ([`crate::Report::locate`]).

use crate::source::Span;
use serde::{Deserialize, Serialize};

/// The form a document view was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    Word,
    Pdf,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::Word => "Word",
            Form::Pdf => "PDF",
        }
    }

    /// Whether fixes can be written back into a document of this form (a
    /// PDF is a published artefact: it is fixed in its source document).
    pub fn takes_fixes(self) -> bool {
        self == Form::Word
    }
}

/// Where a block of the view sits in the document, 1-based as a person
/// counts: paragraphs of the body with visible text; a table's row and grid
/// column (merged cells take the number of their first column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Paragraph(u32),
    Cell {
        table: u32,
        row: u32,
        column: u32,
    },
    /// Prose of a PDF: its page ([`Block::page`]) is the place.
    Line,
}

/// One paragraph or table cell of the document, as laid out in the view.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Block {
    /// The block's bytes in the view: a paragraph's line, or a cell's text
    /// with the spaces around it up to its `|` separators.
    pub span: Span,
    pub place: Place,
    /// The page it is printed on, where the form has pages (PDF).
    pub page: Option<u32>,
    /// A heading by its style or outline level.
    pub heading: bool,
    /// The characters of automatic numbering ("1.", "一、") in the view.
    pub numbering: Option<Span>,
}

/// The blocks of a document view, in view order, never overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentMap {
    pub form: Form,
    pub blocks: Vec<Block>,
    /// Why the document's text could not be read at all (a scanned PDF,
    /// fonts without a mapping to characters); the view is then empty.
    pub unreadable: Option<String>,
}

impl DocumentMap {
    /// The block holding view offset `offset`, or the first block after it
    /// when `offset` falls between blocks (a `|` or a line break).
    pub fn block_at(&self, offset: usize) -> Option<&Block> {
        let i = self.blocks.partition_point(|b| b.span.end < offset);
        let block = self.blocks.get(i)?;
        // A block ending exactly at `offset` holds it only if nothing starts there.
        match self.blocks.get(i + 1) {
            Some(next) if block.span.end == offset && next.span.start == offset => Some(next),
            _ => Some(block),
        }
    }

    /// Whether `span` touches automatic numbering.
    pub fn is_numbering(&self, span: Span) -> bool {
        let Some(n) = self.block_at(span.start).and_then(|b| b.numbering) else {
            return false;
        };
        if span.is_empty() {
            n.start <= span.start && span.start < n.end
        } else {
            span.start < n.end && n.start < span.end
        }
    }

    /// The view offsets where heading paragraphs start.
    pub fn heading_starts(&self) -> impl Iterator<Item = usize> + '_ {
        self.blocks
            .iter()
            .filter(|b| b.heading && matches!(b.place, Place::Paragraph(_)))
            .map(|b| b.span.start)
    }
}

/// Where a finding is, in the document's own terms. Made by
/// [`crate::Report::locate`] for reports read from a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// For the user: `表三“（一）予以公开”行“总计”列`, `第12段“……”`.
    pub text: String,
    /// The paragraph number, for a place in a paragraph (Word).
    pub paragraph: Option<u32>,
    /// The page, for a document with pages (PDF).
    pub page: Option<u32>,
    /// The document's table, row and grid column, for a place in a table.
    pub table: Option<u32>,
    pub row: Option<u32>,
    pub column: Option<u32>,
    /// The flagged text with a little context.
    pub excerpt: String,
    /// The flagged characters are automatic numbering, not typed text.
    pub auto_number: bool,
}

impl Location {
    /// One line for text output: the place, the table coordinates and
    /// whether automatic numbering is involved.
    pub fn describe(&self) -> String {
        let mut out = self.text.clone();
        let page = self.page.map(|p| format!("第{p}页，"));
        if let (Some(t), Some(r), Some(c)) = (self.table, self.row, self.column) {
            let page = page.unwrap_or_default();
            out.push_str(&format!("（{page}第{t}个表格第{r}行第{c}列）"));
        }
        if self.auto_number {
            out.push_str("，该编号由 Word 自动编号生成");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> DocumentMap {
        let block = |start, end, place| Block {
            span: Span::new(start, end),
            place,
            page: None,
            heading: false,
            numbering: None,
        };
        DocumentMap {
            form: Form::Word,
            unreadable: None,
            blocks: vec![
                block(0, 10, Place::Paragraph(1)),
                block(
                    12,
                    15,
                    Place::Cell {
                        table: 1,
                        row: 1,
                        column: 1,
                    },
                ),
                block(
                    16,
                    19,
                    Place::Cell {
                        table: 1,
                        row: 1,
                        column: 2,
                    },
                ),
            ],
        }
    }

    #[test]
    fn finds_the_block_of_an_offset_or_the_next_one() {
        let map = map();
        assert_eq!(map.block_at(3).unwrap().place, Place::Paragraph(1));
        assert_eq!(map.block_at(10).unwrap().place, Place::Paragraph(1));
        assert_eq!(
            map.block_at(11).unwrap().place,
            Place::Cell {
                table: 1,
                row: 1,
                column: 1
            }
        );
        assert_eq!(
            map.block_at(16).unwrap().place,
            Place::Cell {
                table: 1,
                row: 1,
                column: 2
            }
        );
        assert!(map.block_at(20).is_none());
    }
}
