//! The original text of a report and conversions from byte offsets to
//! line/column positions. Conversions happen only at the edges (CLI, LSP).
//!
//! A column in characters or UTF-16 units is counted from the start of the
//! line. Counting it afresh for every position is quadratic on a report
//! pasted as one line (a 1 MB line with thousands of findings took
//! minutes), so a long distance is counted from a checkpoint instead: the
//! character and UTF-16 counts at every [`STEP`] bytes, built on first use.

use crate::document::DocumentMap;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// A half-open byte range into [`SourceFile::text`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not UTF-8; `offset` is where the first invalid sequence starts.
    InvalidUtf8 { offset: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { offset } => {
                write!(f, "不是有效的 UTF-8 文本（第 {offset} 字节处编码无效）")
            }
        }
    }
}

/// Line ending style, kept so that `fix` writes the file back the way it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LineEnding {
    Lf,
    CrLf,
}

/// A report's text. The UTF-8 byte-order mark, if any, is not part of `text`
/// (so that line 1 column 1 is the first visible character) but is remembered
/// in `bom` so a rewritten file keeps it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    pub bom: bool,
    /// For a text view made from a document (Word): where each part of the
    /// view is in the document. `None` for text and HTML files.
    pub document: Option<Arc<DocumentMap>>,
    line_starts: Vec<usize>,
    /// See the module docs; only texts with a line longer than [`STEP`]
    /// bytes ever build it.
    checkpoints: OnceLock<Vec<Checkpoint>>,
}

const BOM: &str = "\u{feff}";

/// Distance in bytes between checkpoints: counting at most this far is
/// cheap, and the checkpoints take 0.3 % of the text's size.
const STEP: usize = 8 * 1024;

/// Counts before `byte`, the char boundary at or before a multiple of [`STEP`].
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    byte: usize,
    chars: usize,
    utf16: usize,
}

/// What a column counts.
#[derive(Clone, Copy)]
enum Unit {
    Char,
    Utf16,
}

impl Unit {
    fn count(self, text: &str) -> usize {
        match self {
            Unit::Char => text.chars().count(),
            Unit::Utf16 => text.chars().map(char::len_utf16).sum(),
        }
    }

    fn at(self, point: &Checkpoint) -> usize {
        match self {
            Unit::Char => point.chars,
            Unit::Utf16 => point.utf16,
        }
    }
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        let bom = text.starts_with(BOM);
        if bom {
            text.drain(..BOM.len());
        }
        // memchr's vectorised search: the line index is built for every file.
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            bom,
            document: None,
            line_starts,
            checkpoints: OnceLock::new(),
        }
    }

    /// The text view a reader made of a document, with its map.
    pub fn of_document(name: impl Into<String>, view: String, map: DocumentMap) -> Self {
        let mut source = SourceFile::new(name, view);
        source.document = Some(Arc::new(map));
        source
    }

    /// Decodes raw file contents; invalid UTF-8 is an error, never a panic.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, DecodeError> {
        // simdutf8 validates many bytes per instruction where the standard
        // validator goes through CJK text a byte at a time; copying the
        // validated text into a String costs far less than validating again.
        match simdutf8::basic::from_utf8(&bytes) {
            Ok(text) => Ok(SourceFile::new(name, text.to_owned())),
            // Only the standard validator says where the text goes wrong.
            Err(_) => Err(DecodeError::InvalidUtf8 {
                offset: std::str::from_utf8(&bytes)
                    .err()
                    .map_or(0, |e| e.valid_up_to()),
            }),
        }
    }

    /// The line ending used by the first line break (LF when there is none).
    pub fn line_ending(&self) -> LineEnding {
        match self.text.find('\n') {
            Some(i) if i > 0 && self.text.as_bytes()[i - 1] == b'\r' => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset` (offsets past the end clamp to the last line).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset of the start of a 0-based line (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The byte range of a 0-based line, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        let bytes = self.text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// The nearest char boundary at or before `offset`.
    pub fn floor_boundary(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// 0-based line and 0-based column counted in Unicode scalar values.
    pub fn line_col_chars(&self, offset: usize) -> (usize, usize) {
        self.line_col(offset, Unit::Char)
    }

    /// 0-based line and 0-based column counted in UTF-16 code units (LSP default).
    pub fn line_col_utf16(&self, offset: usize) -> (usize, usize) {
        self.line_col(offset, Unit::Utf16)
    }

    fn line_col(&self, offset: usize, unit: Unit) -> (usize, usize) {
        let offset = self.floor_boundary(offset);
        let line = self.line_index(offset);
        let start = self.line_start(line);
        let col = if offset - start <= STEP {
            unit.count(&self.text[start..offset])
        } else {
            self.units_before(offset, unit) - self.units_before(start, unit)
        };
        (line, col)
    }

    fn checkpoints(&self) -> &[Checkpoint] {
        self.checkpoints.get_or_init(|| {
            let mut points = Vec::with_capacity(self.text.len() / STEP + 1);
            let mut at = Checkpoint {
                byte: 0,
                chars: 0,
                utf16: 0,
            };
            for i in 0..=self.text.len() / STEP {
                let next = self.floor_boundary(i * STEP);
                let run = &self.text[at.byte..next];
                at = Checkpoint {
                    byte: next,
                    chars: at.chars + Unit::Char.count(run),
                    utf16: at.utf16 + Unit::Utf16.count(run),
                };
                points.push(at);
            }
            points
        })
    }

    /// How many units precede the char boundary `offset`.
    fn units_before(&self, offset: usize, unit: Unit) -> usize {
        let points = self.checkpoints();
        // The checkpoint of `offset / STEP` is at or before `offset`.
        let point = &points[(offset / STEP).min(points.len() - 1)];
        unit.at(point) + unit.count(&self.text[point.byte..offset])
    }

    /// 0-based line and 0-based column counted in UTF-8 bytes.
    pub fn line_col_utf8(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_boundary(offset);
        let line = self.line_index(offset);
        (line, offset - self.line_start(line))
    }

    /// Inverse of [`line_col_utf16`](Self::line_col_utf16); out-of-range
    /// positions clamp to the end of the line / text.
    pub fn offset_utf16(&self, line: usize, col: usize) -> usize {
        if line >= self.line_count() {
            return self.text.len();
        }
        let span = self.line_span(line);
        let mut from = span.start;
        let mut units = 0;
        if span.len() > STEP {
            // Start from the last checkpoint of the line before the column.
            let points = self.checkpoints();
            let base = self.units_before(span.start, Unit::Utf16);
            let first = span.start.div_ceil(STEP);
            let last = points.partition_point(|p| p.byte <= span.end);
            if let Some(p) = points[first.min(last)..last]
                .iter()
                .take_while(|p| p.utf16 - base <= col)
                .last()
            {
                from = p.byte;
                units = p.utf16 - base;
            }
        }
        for (i, c) in self.text[from..span.end].char_indices() {
            if units >= col {
                return from + i;
            }
            units += c.len_utf16();
        }
        span.end
    }

    /// Inverse of [`line_col_utf8`](Self::line_col_utf8), clamped and
    /// snapped to a char boundary.
    pub fn offset_utf8(&self, line: usize, col: usize) -> usize {
        if line >= self.line_count() {
            return self.text.len();
        }
        let span = self.line_span(line);
        self.floor_boundary((span.start + col).min(span.end))
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_chars_and_utf16_units() {
        let src = SourceFile::new("t", "一、总体\n𠀀1.其他\r\nx");
        let off = src.text.find("1.").unwrap();
        assert_eq!(src.line_col_chars(off), (1, 1));
        assert_eq!(src.line_col_utf16(off), (1, 2));
        assert_eq!(src.offset_utf16(1, 2), off);
        assert_eq!(
            src.line_span(1),
            Span::new(src.line_start(1), src.text.find('\r').unwrap())
        );
    }

    #[test]
    fn long_lines_agree_with_counting_from_the_line_start() {
        let line = "予以公开3件，占比23.08%。𠀀".repeat(2000);
        let text = format!("标题\r\n{line}\n\n尾");
        let src = SourceFile::new("t.txt", text.as_str());
        let naive = |offset: usize, utf16: bool| {
            let offset = src.floor_boundary(offset);
            let line = src.line_index(offset);
            let before = &src.text[src.line_start(line)..offset];
            let col = if utf16 {
                before.chars().map(char::len_utf16).sum()
            } else {
                before.chars().count()
            };
            (line, col)
        };
        for offset in (0..=text.len() + 3).step_by(997) {
            assert_eq!(src.line_col_chars(offset), naive(offset, false), "{offset}");
            let (line, col) = naive(offset, true);
            assert_eq!(src.line_col_utf16(offset), (line, col), "{offset}");
            let back = src.floor_boundary(offset.min(src.line_span(line).end));
            assert_eq!(src.offset_utf16(line, col), back, "{offset}");
        }
        assert_eq!(src.offset_utf16(1, usize::MAX), src.line_span(1).end);
    }

    #[test]
    fn bom_is_remembered_and_stripped() {
        let src = SourceFile::new("t", "\u{feff}一、总体情况\r\n");
        assert!(src.bom);
        assert!(src.text.starts_with('一'));
        assert_eq!(src.line_ending(), LineEnding::CrLf);
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        let err = SourceFile::from_bytes("t", vec![b'a', 0xff, b'b']).unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 1 });
    }
}
