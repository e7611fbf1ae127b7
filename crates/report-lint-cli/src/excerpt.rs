//! What codespan-reporting is shown of a report: only the lines one
//! diagnostic touches, each cut to windows around its labels.
//!
//! Reports often hold a whole paragraph on one line, hundreds of Chinese
//! characters wide, and a crawled page holds the whole report on one line.
//! Printed whole, the terminal wraps it and the carets no longer sit under
//! the text they mark; and a finding with labels far apart on a line of
//! 700 KB made codespan-reporting lay out the whole line for each label
//! (74 seconds for 209 findings). So a line is shown as a window around
//! each group of nearby label ends (`...前文23.07%后文...前文12后文...`),
//! and a label that spans thousands of lines as its first and last lines:
//! what is shown of a finding, and the work of showing it, is bounded
//! whatever the length of its lines or spans. Nothing here looks at more
//! than [`SCAN_BYTES`] bytes of the report at once; where a window starts,
//! in characters, comes from the file's line index and checkpoints
//! ([`SourceFile::line_col_chars`]), not from scanning the line.
//!
//! Line and column numbers in the output still refer to the real file.

use crate::width::char_width;
use codespan_reporting::files::{Error, Files};
use report_lint_core::{SourceFile, Span};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Columns of report text shown per line when it has one place to show,
/// marks included.
const WINDOW: usize = 100;

/// Label ends spread over at most this many columns are shown in one
/// window (wider than [`WINDOW`] when they are spread wider than it).
const WIDEST: usize = 2 * WINDOW;

/// Label ends spread wider are shown in groups, each within this many
/// columns of its first.
const GROUP: usize = 50;

/// Columns shown either side of each group when a line shows several.
const CONTEXT: usize = 12;

/// The most bytes of the report looked at in one go: the widest window's
/// worth of the longest characters UTF-8 has (four bytes, at least one
/// column each).
pub const SCAN_BYTES: usize = 4 * (WIDEST + 1);

/// Marks text cut off a line. ASCII, because "…" is one column in some
/// terminals and two in others, which would shift every caret after it.
const CUT: &str = "...";

/// Lines codespan-reporting shows of a label over many lines: the first,
/// this many after it, the one before the last and the last
/// (`Config::default()`'s `start_context_lines` and `end_context_lines`).
const START_CONTEXT: usize = 3;
const END_CONTEXT: usize = 1;

pub struct Excerpt<'a> {
    source: &'a SourceFile,
    /// The shown lines joined by `\n`, control characters replaced.
    text: String,
    /// Sorted by line; the same order as in `text`.
    lines: Vec<Shown>,
}

/// One shown line: `start..end` of the excerpt's text.
struct Shown {
    /// Real 0-based line index.
    line: usize,
    /// The index codespan-reporting knows it by: consecutive for
    /// consecutive lines, three more after lines left out (so that it
    /// draws a break and never asks to show a line in between).
    index: usize,
    start: usize,
    end: usize,
    /// The windows of the line shown, in order.
    parts: Vec<Part>,
}

/// A window of a line: `body` of the excerpt's text holds the bytes
/// `window` of the report.
struct Part {
    body: Range<usize>,
    window: Range<usize>,
    /// Real column (in chars) where the window starts.
    column: usize,
}

impl<'a> Excerpt<'a> {
    /// Shows the lines codespan-reporting draws for `spans`: the lines
    /// where each starts and ends, the first and last few lines of a span
    /// over many lines, and a single line between two shown ones. Each
    /// line is cut to windows around the span ends that fall on it.
    pub fn new(source: &'a SourceFile, spans: &[Span]) -> Excerpt<'a> {
        let mut ends: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        let mut inside: BTreeSet<usize> = BTreeSet::new();
        for span in spans {
            let (first, last) = (source.line_index(span.start), source.line_index(span.end));
            ends.entry(first).or_default().push(span.start);
            ends.entry(last).or_default().push(span.end);
            if last > first + 1 {
                inside.extend(first + 1..=(first + START_CONTEXT).min(last - 1));
                inside.extend((last - END_CONTEXT).max(first + 1)..last);
            }
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
        let mut previous: Option<(usize, usize)> = None;
        for line in lines {
            let index = match previous {
                None => 0,
                Some((real, index)) if line == real + 1 => index + 1,
                Some((_, index)) => index + 3,
            };
            previous = Some((line, index));
            let points = ends.get(&line).map_or(&[][..], Vec::as_slice);
            excerpt.push_line(line, index, points);
        }
        excerpt
    }

    fn push_line(&mut self, line: usize, index: usize, points: &[usize]) {
        if !self.lines.is_empty() {
            self.text.push('\n');
        }
        let span = self.source.line_span(line);
        let windows = self.windows(span, points);
        let start = self.text.len();
        let mut parts = Vec::with_capacity(windows.len());
        let mut shown_to = span.start;
        for window in windows {
            if window.start > shown_to {
                self.text.push_str(CUT);
            }
            let body_start = self.text.len();
            let shown = self.scan(window.clone());
            self.text.extend(shown.chars().map(printable));
            parts.push(Part {
                body: body_start..self.text.len(),
                column: self.source.line_col_chars(window.start).1,
                window: window.clone(),
            });
            shown_to = window.end;
        }
        if shown_to < span.end {
            self.text.push_str(CUT);
        }
        self.lines.push(Shown {
            line,
            index,
            start,
            end: self.text.len(),
            parts,
        });
    }

    /// The byte ranges of the line `span` to show: all of it when it fits,
    /// else one window of [`WINDOW`] columns around `points` (as wide as
    /// they are spread, up to [`WIDEST`]), else a window around each group
    /// of them.
    fn windows(&self, span: Span, points: &[usize]) -> Vec<Range<usize>> {
        let head = self.scan(span.start..span.end.min(span.start + SCAN_BYTES));
        let fits =
            head.len() == span.len() && head.chars().map(char_width).sum::<usize>() <= WINDOW;
        if fits {
            // One window: the whole span.
            return std::iter::once(span.start..span.end).collect();
        }
        let mut points: Vec<usize> = points
            .iter()
            .map(|&p| self.source.floor_boundary(p.clamp(span.start, span.end)))
            .collect();
        points.sort_unstable();
        points.dedup();
        if points.is_empty() {
            points.push(span.start);
        }
        // One window when the points are not spread too wide; else groups
        // of points, each within GROUP columns of its first point.
        let (first, last) = (points[0], points[points.len() - 1]);
        let mut groups: Vec<Range<usize>> = Vec::new();
        if self.columns_between(first, last, WIDEST) <= WIDEST {
            groups.push(first..last);
        } else {
            for &p in &points {
                match groups.last_mut() {
                    Some(g) if self.columns_between(g.start, p, GROUP) <= GROUP => g.end = p,
                    _ => groups.push(p..p),
                }
            }
        }
        let mut windows: Vec<Range<usize>> = Vec::with_capacity(groups.len());
        if let [group] = groups.as_slice() {
            let inner = self.columns_between(group.start, group.end, WIDEST);
            let spare = WINDOW.saturating_sub(inner + 2 * CUT.len());
            let (start, used_left) = self.step_left(span, group.start, spare / 2);
            let (end, used_right) = self.step_right(span, group.end, spare - used_left);
            let (start, _) = self.step_left(span, start, spare - used_left - used_right);
            windows.push(start..end);
        } else {
            for group in groups {
                let start = self.step_left(span, group.start, CONTEXT).0;
                let end = self.step_right(span, group.end, CONTEXT).0;
                // Windows that overlap are shown one after the other,
                // each no wider than a window (what `map` counts over).
                let start = windows.last().map_or(start, |last| start.max(last.end));
                windows.push(start..end.max(start));
            }
        }
        windows
    }

    /// Columns from `from` to `to` on one line, counted up to `most + 1`
    /// (`most` at most [`WIDEST`]).
    fn columns_between(&self, from: usize, to: usize, most: usize) -> usize {
        let text = self.scan(from..to.min(from + SCAN_BYTES));
        let mut columns = 0;
        for c in text.chars() {
            columns += char_width(c);
            if columns > most {
                return columns;
            }
        }
        if text.len() < to - from {
            most + 1
        } else {
            columns
        }
    }

    /// Moves left from `from` by at most `columns`, within the line;
    /// returns the offset and the columns used.
    fn step_left(&self, line: Span, from: usize, columns: usize) -> (usize, usize) {
        let text = self.scan(from.saturating_sub(SCAN_BYTES).max(line.start)..from);
        let base = from - text.len();
        let mut used = 0;
        let mut at = from;
        for (i, c) in text.char_indices().rev() {
            if used + char_width(c) > columns {
                break;
            }
            used += char_width(c);
            at = base + i;
        }
        (at, used)
    }

    fn step_right(&self, line: Span, from: usize, columns: usize) -> (usize, usize) {
        let text = self.scan(from..(from + SCAN_BYTES).min(line.end));
        let mut used = 0;
        let mut at = from;
        for (i, c) in text.char_indices() {
            if used + char_width(c) > columns {
                break;
            }
            used += char_width(c);
            at = from + i + c.len_utf8();
        }
        (at, used)
    }

    /// The report's text in `range`, narrowed to character boundaries:
    /// every look at the report goes through here.
    fn scan(&self, range: Range<usize>) -> &'a str {
        let text = &self.source.text;
        let mut start = range.start.min(text.len());
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let end = self.source.floor_boundary(range.end).max(start);
        #[cfg(test)]
        scanned::add(end - start);
        &text[start..end]
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
        let Some(part) = part_at(&shown.parts, offset, |p| p.window.start) else {
            return shown.start;
        };
        let offset = offset.clamp(part.window.start, part.window.end);
        // Characters are replaced one for one, so counting chars maps exactly.
        let chars = self.scan(part.window.start..offset).chars().count();
        self.text[part.body.clone()]
            .char_indices()
            .nth(chars)
            .map_or(part.body.end, |(i, _)| part.body.start + i)
    }

    /// The shown line codespan-reporting knows by `index`, or for an index
    /// between shown lines (left out), the shown line before it.
    fn shown(&self, index: usize) -> Result<(&Shown, bool), Error> {
        let after = self.lines.partition_point(|l| l.index <= index);
        match after.checked_sub(1).map(|i| &self.lines[i]) {
            Some(shown) if shown.index == index => Ok((shown, true)),
            Some(shown) if after < self.lines.len() => Ok((shown, false)),
            _ => Err(Error::LineTooLarge {
                given: index,
                max: self.lines.last().map_or(0, |l| l.index),
            }),
        }
    }
}

/// The part holding `at` (by `start`), else the one before it, else the first.
fn part_at<T>(parts: &[T], at: usize, start: impl Fn(&T) -> usize) -> Option<&T> {
    let after = parts.partition_point(|p| start(p) <= at);
    parts.get(after.saturating_sub(1))
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
            .map_or(0, |l| l.index))
    }

    /// A line left out (inside a long span) is empty: codespan-reporting
    /// asks for it but does not draw it.
    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        self.shown(line_index).map(
            |(l, shown)| {
                if shown {
                    l.start..l.end
                } else {
                    l.end..l.end
                }
            },
        )
    }

    /// The real line number.
    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, Error> {
        self.shown(line_index)
            .map(|(l, _)| l.line + 1 + (line_index - l.index))
    }

    /// The real column, counted in characters like the JSON output.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let (shown, true) = self.shown(line_index)? else {
            return Ok(1);
        };
        let Some(part) = part_at(&shown.parts, byte_index, |p| p.body.start) else {
            return Ok(1);
        };
        let upto = byte_index.clamp(part.body.start, part.body.end);
        let chars = self
            .text
            .get(part.body.start..upto)
            .map_or(0, |s| s.chars().count());
        Ok(part.column + chars + 1)
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

/// How many bytes of the report the excerpts of this thread looked at, and
/// the most at once: what the tests count instead of timing.
#[cfg(test)]
pub mod scanned {
    use std::cell::Cell;

    thread_local! {
        static TOTAL: Cell<usize> = const { Cell::new(0) };
        static LARGEST: Cell<usize> = const { Cell::new(0) };
    }

    pub fn add(bytes: usize) {
        TOTAL.with(|t| t.set(t.get() + bytes));
        LARGEST.with(|l| l.set(l.get().max(bytes)));
    }

    /// `(total, largest)` since the last call.
    pub fn take() -> (usize, usize) {
        (TOTAL.with(|t| t.replace(0)), LARGEST.with(|l| l.replace(0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::width::str_width;

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
        assert!(str_width(&excerpt.text) <= WINDOW);
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
        let index = excerpt.line_index((), excerpt.map(at(900))).unwrap();
        assert_eq!(excerpt.line_number((), index).unwrap(), 901);
    }

    #[test]
    fn labels_far_apart_on_one_line_get_a_window_each() {
        let line = format!(
            "{}甲{}乙{}",
            "前".repeat(5000),
            "中".repeat(5000),
            "后".repeat(5000)
        );
        let source = SourceFile::new("t", line.as_str());
        let (a, b) = (
            source.text.find('甲').unwrap(),
            source.text.find('乙').unwrap(),
        );
        let excerpt = Excerpt::new(&source, &[Span::new(a, a + 3), Span::new(b, b + 3)]);
        assert!(str_width(&excerpt.text) <= 2 * (2 * CONTEXT + 2) + 3 * CUT.len());
        assert_eq!(&excerpt.text[excerpt.map(a)..excerpt.map(a + 3)], "甲");
        assert_eq!(&excerpt.text[excerpt.map(b)..excerpt.map(b + 3)], "乙");
        let column = |at| excerpt.location((), excerpt.map(at)).unwrap().column_number;
        assert_eq!((column(a), column(b)), (5001, 10002));
    }

    #[test]
    fn a_span_over_many_lines_shows_its_first_and_last_lines() {
        let text: String = (0..100_000).map(|i| format!("第{i}行\n")).collect();
        let source = SourceFile::new("t", text.as_str());
        let end = source.line_start(99_000) + "第".len();
        let excerpt = Excerpt::new(&source, &[Span::new(0, end)]);
        assert_eq!(
            excerpt.text,
            "第0行\n第1行\n第2行\n第3行\n第98999行\n第99000行"
        );
        let last = excerpt.line_index((), excerpt.map(end)).unwrap();
        assert_eq!(excerpt.line_number((), last).unwrap(), 99_001);
        // A line left out is there for codespan-reporting, and empty.
        assert_eq!(excerpt.line_range((), 4).unwrap().len(), 0);
    }
}
