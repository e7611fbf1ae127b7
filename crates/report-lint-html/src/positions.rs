//! 1-based line and column (in Unicode scalar values) of the
//! machine-readable formats. The conversion is `SourceFile::line_col_chars`,
//! linear however long the line.

use report_lint_core::{SourceFile, Span};
use serde::Serialize;

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

/// A span that ends before it starts is shown as empty at its start.
pub fn range(source: &SourceFile, span: Span) -> Range {
    Range {
        start: position(source, span.start),
        end: position(source, span.end.max(span.start)),
    }
}

pub fn position(source: &SourceFile, offset: usize) -> Position {
    let (line, column) = source.line_col_chars(offset);
    Position {
        line: line + 1,
        column: column + 1,
    }
}
