//! What codespan-reporting is shown of a report: only the lines one
//! diagnostic touches, each cut to a window around its labels.
//!
//! Reports often hold a whole paragraph on one line, hundreds of Chinese
//! characters wide. Printed whole, the terminal wraps it and the carets no
//! longer sit under the text they mark. Line and column numbers in the
//! output still refer to the real file.

use crate::width::char_width;
use codespan_reporting::files::{Error, Files};
use report_lint_core::{SourceFile, Span};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Columns of report text shown per line, marks included.
const WINDOW: usize = 100;

/// Marks text cut off a line. ASCII, because "…" is one column in some
/// terminals and two in others, which would shift every caret after it.
const CUT: &str = "...";

pub struct Excerpt<'a> {
    source: &'a SourceFile,
    /// The shown lines joined by `\n`, control characters replaced.
    text: String,
    /// Sorted by line; the same order as in `text`.
    lines: Vec<Shown>,
}

/// One shown line: `start..end` of the excerpt's text, where `body` holds
/// the bytes `window` of the report (between `CUT` marks, if cut).
struct Shown {
    /// Real 0-based line index.
    line: usize,
    start: usize,
    end: usize,
    body: Range<usize>,
    window: Range<usize>,
    /// Real column (in chars) where the window starts.
    column: usize,
}

impl<'a> Excerpt<'a> {
    /// Shows the lines codespan-reporting asks for when drawing `spans`:
    /// the lines where each starts and ends, every line inside a span that
    /// crosses lines, and a single line between two shown ones. Each line
    /// is cut to a window around the span ends that fall on it.
    pub fn new(source: &'a SourceFile, spans: &[Span]) -> Excerpt<'a> {
        let mut ends: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut inside: BTreeSet<usize> = BTreeSet::new();
        for span in spans {
            let (first, last) = (source.line_index(span.start), source.line_index(span.end));
            ends.entry(first).or_default().push(span.start);
            ends.entry(last).or_default().push(span.end);
            inside.extend(first + 1..last);
        }
        let mut lines: BTreeSet<usize> = ends.keys().copied().chain(inside).collect();
        let gaps: Vec<usize> = lines
            .iter()
            .filter(|&&l| lines.contains(&(l + 2)) && !lines.contains(&(l + 1)))
            .map(|&l| l + 1)
            .collect();
        lines.extend(gaps);
        let mut excerpt = Excerpt {
            source,
            text: String::new(),
            lines: Vec::new(),
        };
        for line in lines {
            let span = source.line_span(line);
            let points = ends.get(&line).map_or(&[][..], Vec::as_slice);
            let relative = points
                .iter()
                .map(|&p| p.clamp(span.start, span.end) - span.start);
            let interest = match (relative.clone().min(), relative.max()) {
                (Some(lo), Some(hi)) => lo..hi,
                _ => 0..0,
            };
            excerpt.push_line(line, span.start, source.slice(span), interest);
        }
        excerpt
    }

    fn push_line(&mut self, index: usize, line_start: usize, line: &str, interest: Range<usize>) {
        if !self.lines.is_empty() {
            self.text.push('\n');
        }
        let window = window(line, interest);
        let start = self.text.len();
        if window.start > 0 {
            self.text.push_str(CUT);
        }
        let body_start = self.text.len();
        self.text
            .extend(line[window.clone()].chars().map(printable));
        let body = body_start..self.text.len();
        if window.end < line.len() {
            self.text.push_str(CUT);
        }
        self.lines.push(Shown {
            line: index,
            start,
            end: self.text.len(),
            body,
            window: line_start + window.start..line_start + window.end,
            column: line[..window.start].chars().count(),
        });
    }

    /// Where a byte offset of the report appears in the excerpt; offsets
    /// cut away land on the nearest shown character.
    pub fn map(&self, offset: usize) -> usize {
        let offset = self.source.floor_boundary(offset);
        let line = self.source.line_index(offset);
        let index = self.lines.partition_point(|l| l.line < line);
        let Some(shown) = self
            .lines
            .get(index.min(self.lines.len().saturating_sub(1)))
        else {
            return 0;
        };
        let offset = offset.clamp(shown.window.start, shown.window.end);
        // Characters are replaced one for one, so counting chars maps exactly.
        let chars = self.source.text[shown.window.start..offset].chars().count();
        self.text[shown.body.clone()]
            .char_indices()
            .nth(chars)
            .map_or(shown.body.end, |(i, _)| shown.body.start + i)
    }

    fn shown(&self, line_index: usize) -> Result<&Shown, Error> {
        match self.lines.binary_search_by_key(&line_index, |l| l.line) {
            Ok(i) => Ok(&self.lines[i]),
            Err(_) => Err(Error::LineTooLarge {
                given: line_index,
                max: self.lines.last().map_or(0, |l| l.line),
            }),
        }
    }
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.source.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        let after = self.lines.partition_point(|l| l.start <= byte_index);
        Ok(self
            .lines
            .get(after.saturating_sub(1))
            .map_or(0, |l| l.line))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        self.shown(line_index).map(|l| l.start..l.end)
    }

    /// The real column, counted in characters like the JSON output.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let shown = self.shown(line_index)?;
        let upto = byte_index.clamp(shown.body.start, shown.body.end);
        let chars = self
            .text
            .get(shown.body.start..upto)
            .map_or(0, |s| s.chars().count());
        Ok(shown.column + chars + 1)
    }
}

/// Control characters would move the terminal's cursor or recolour it;
/// bidirectional overrides would reorder what is shown.
fn printable(c: char) -> char {
    let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if c.is_control() && c != '\t' || bidi {
        '\u{FFFD}'
    } else {
        c
    }
}

/// The byte range of `line` to show: all of it when it fits, else about
/// `WINDOW` columns around `interest` (which is always kept whole).
fn window(line: &str, interest: Range<usize>) -> Range<usize> {
    let total: usize = line.chars().take(WINDOW + 1).map(char_width).sum();
    if total <= WINDOW {
        return 0..line.len();
    }
    let inner: usize = line[interest.clone()].chars().map(char_width).sum();
    let spare = WINDOW.saturating_sub(inner + 2 * CUT.len());
    let (start, used_left) = step_left(line, interest.start, spare / 2);
    let (end, used_right) = step_right(line, interest.end, spare - used_left);
    let (start, _) = step_left(line, start, spare - used_left - used_right);
    start..end
}

/// Moves left from `from` by at most `columns`; returns the offset and the columns used.
fn step_left(line: &str, from: usize, columns: usize) -> (usize, usize) {
    let mut used = 0;
    let mut at = from;
    for (i, c) in line[..from].char_indices().rev() {
        if used + char_width(c) > columns {
            break;
        }
        used += char_width(c);
        at = i;
    }
    (at, used)
}

fn step_right(line: &str, from: usize, columns: usize) -> (usize, usize) {
    let mut used = 0;
    let mut at = from;
    for (i, c) in line[from..].char_indices() {
        if used + char_width(c) > columns {
            break;
        }
        used += char_width(c);
        at = from + i + c.len_utf8();
    }
    (at, used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        let source = SourceFile::new("t", "第一行\r\n总计 | 12\n");
        let at = source.text.find("12").unwrap();
        let excerpt = Excerpt::new(&source, &[Span::new(at, at + 2)]);
        assert_eq!(excerpt.text, "总计 | 12");
        assert_eq!(&excerpt.text[excerpt.map(at)..excerpt.map(at + 2)], "12");
        assert_eq!(
            excerpt.location((), excerpt.map(at)).unwrap().line_number,
            2
        );
        assert_eq!(
            excerpt.location((), excerpt.map(at)).unwrap().column_number,
            6
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_label_with_real_columns() {
        let line = format!("{}占比23.07%{}", "前".repeat(300), "后".repeat(300));
        let source = SourceFile::new("t", line.as_str());
        let at = source.text.find("23.07").unwrap();
        let excerpt = Excerpt::new(&source, &[Span::new(at, at + 5)]);
        assert!(excerpt.text.starts_with("...前") && excerpt.text.ends_with("后..."));
        assert!(crate::width::str_width(&excerpt.text) <= WINDOW);
        assert_eq!(&excerpt.text[excerpt.map(at)..excerpt.map(at + 5)], "23.07");
        let location = excerpt.location((), excerpt.map(at)).unwrap();
        assert_eq!((location.line_number, location.column_number), (1, 303));
    }

    #[test]
    fn lines_inside_a_span_are_shown_and_controls_are_replaced() {
        let source = SourceFile::new("t", "a\n\u{1b}[31mb\nc\nd");
        let excerpt = Excerpt::new(&source, &[Span::new(0, 10)]);
        assert_eq!(excerpt.text, "a\n\u{FFFD}[31mb\nc");
        assert!(excerpt.line_range((), 1).is_ok());
        assert!(excerpt.line_range((), 3).is_err());
    }

    #[test]
    fn far_apart_labels_show_only_their_lines_and_single_gaps() {
        let text: String = (0..1000).map(|i| format!("{i}\n")).collect();
        let source = SourceFile::new("t", text.as_str());
        let at = |line: usize| source.line_start(line);
        let excerpt = Excerpt::new(
            &source,
            &[
                Span::new(at(3), at(3) + 1),
                Span::new(at(5), at(5)),
                Span::new(at(900), at(900)),
            ],
        );
        assert_eq!(excerpt.text, "3\n4\n5\n900");
        assert_eq!(excerpt.line_index((), excerpt.map(at(900))).unwrap(), 900);
    }
}
