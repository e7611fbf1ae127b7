//! Byte offsets → 1-based line and column (in Unicode scalar values) for
//! the machine-readable formats, in time independent of the line's length.
//!
//! Counting characters from the start of the line for every position is
//! quadratic on a report pasted as one line (a 1 MB line with thousands of
//! findings took minutes); checkpoints of the character count every
//! [`STEP`] bytes make each conversion a short count.

use report_lint_core::{SourceFile, Span};
use serde::Serialize;
use std::cell::OnceCell;

const STEP: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

pub struct Positions<'a> {
    source: &'a SourceFile,
    /// `(byte, chars before byte)` at the char boundary at or before each multiple of `STEP`.
    checkpoints: OnceCell<Vec<(usize, usize)>>,
}

impl<'a> Positions<'a> {
    pub fn new(source: &'a SourceFile) -> Positions<'a> {
        Positions {
            source,
            checkpoints: OnceCell::new(),
        }
    }

    pub fn source(&self) -> &'a SourceFile {
        self.source
    }

    /// A span that ends before it starts is shown as empty at its start.
    pub fn range(&self, span: Span) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end.max(span.start)),
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = self.source.floor_boundary(offset);
        let line = self.source.line_index(offset);
        let column = self.chars_before(offset) - self.chars_before(self.source.line_start(line));
        Position {
            line: line + 1,
            column: column + 1,
        }
    }

    /// How many characters precede the char boundary `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let text = &self.source.text;
        let checkpoints = self.checkpoints.get_or_init(|| {
            let mut points = Vec::with_capacity(text.len() / STEP + 1);
            let (mut byte, mut chars) = (0, 0);
            for i in 0..=text.len() / STEP {
                let next = self.source.floor_boundary(i * STEP);
                chars += text[byte..next].chars().count();
                byte = next;
                points.push((byte, chars));
            }
            points
        });
        let (byte, chars) = checkpoints[(offset / STEP).min(checkpoints.len() - 1)];
        let (from, to) = (byte.min(offset), offset.max(byte));
        chars + text[from..to].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_counting_from_the_line_start() {
        let line = "予以公开3件，占比23.08%。".repeat(400);
        let text = format!("标题\r\n{line}\n\n尾");
        let source = SourceFile::new("t.txt", text.as_str());
        let positions = Positions::new(&source);
        for offset in (0..=text.len() + 3).step_by(7) {
            let (line, col) = source.line_col_chars(offset);
            assert_eq!(
                positions.position(offset),
                Position {
                    line: line + 1,
                    column: col + 1
                },
                "offset {offset}"
            );
        }
    }
}
