//! A report's text as HTML a person reads: paragraphs, `| … |` rows as
//! tables, an HTML page's own tables and paragraphs (nothing else of its
//! markup), and each finding's span wrapped in a `<mark>` that names it.
//!
//! Marks are placed by byte offsets into the text the findings' spans are
//! about (a Word or PDF file's text view, a text file, an HTML page's
//! source), so a highlight lands on exactly the characters a rule flagged.

use crate::escape::escape_into;
use report_lint_core::{looks_like_html, SourceFile};
use report_lint_rules::Diagnostic;
use std::fmt::Write;

/// A finding's place in the text: its index among the report's findings.
#[derive(Debug, Clone, Copy)]
struct Mark {
    start: usize,
    end: usize,
    index: usize,
    severity: &'static str,
}

/// Writes the marks that fall in one stretch of text.
struct Marker<'a> {
    text: &'a str,
    marks: Vec<Mark>,
    /// `id` prefix of each finding's first mark (`f2-` → `f2-7`).
    prefix: &'a str,
    shown: Vec<bool>,
}

impl Marker<'_> {
    /// `text[start..end]`, escaped unless `raw` (an HTML page's text,
    /// which is HTML already and holds no `<`), with its marks.
    fn emit(&mut self, out: &mut String, start: usize, end: usize, raw: bool) {
        let mut cuts = vec![start, end];
        for m in &self.marks {
            for at in [m.start, m.end] {
                if at > start && at < end {
                    cuts.push(at);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            self.empty_marks_at(out, a);
            let active: Vec<Mark> = self
                .marks
                .iter()
                .filter(|m| m.start <= a && m.end >= b && m.start < m.end)
                .copied()
                .collect();
            let piece = &self.text[a..b];
            if active.is_empty() {
                push_text(out, piece, raw);
                continue;
            }
            self.open(out, &active, "");
            push_text(out, piece, raw);
            out.push_str("</mark>");
        }
    }

    /// Findings about no characters (a missing part, text to insert) as a
    /// marker where they are.
    fn empty_marks_at(&mut self, out: &mut String, at: usize) {
        let here: Vec<Mark> = self
            .marks
            .iter()
            .filter(|m| m.start == at && m.end <= m.start && !self.shown[m.index])
            .copied()
            .collect();
        if !here.is_empty() {
            self.open(out, &here, " point");
            out.push_str("</mark>");
        }
    }

    fn open(&mut self, out: &mut String, active: &[Mark], class: &str) {
        // The most severe finding colours the mark.
        let severity = ["error", "warning", "info"]
            .into_iter()
            .find(|s| active.iter().any(|m| m.severity == *s))
            .unwrap_or("info");
        let ids: Vec<String> = active.iter().map(|m| m.index.to_string()).collect();
        let _ = write!(
            out,
            "<mark class=\"f {severity}{class}\" data-f=\"{}\"",
            ids.join(" ")
        );
        if let Some(first) = active.iter().find(|m| !self.shown[m.index]) {
            let _ = write!(out, " id=\"{}{}\"", self.prefix, first.index);
        }
        for m in active {
            self.shown[m.index] = true;
        }
        out.push('>');
    }
}

fn push_text(out: &mut String, text: &str, raw: bool) {
    if raw {
        out.push_str(text);
    } else {
        escape_into(out, text);
    }
}

/// The body of one report; `prefix` makes the marks' ids unique in a page
/// of several reports.
pub fn render(source: &SourceFile, diagnostics: &[Diagnostic], prefix: &str) -> String {
    let text = source.text.as_str();
    let marks = diagnostics
        .iter()
        .enumerate()
        .map(|(index, d)| {
            let start = source.floor_boundary(d.span.start.min(text.len()));
            Mark {
                start,
                end: source.floor_boundary(d.span.end.min(text.len())).max(start),
                index,
                severity: d.severity.as_str(),
            }
        })
        .collect();
    let mut marker = Marker {
        text,
        marks,
        prefix,
        shown: vec![false; diagnostics.len()],
    };
    let mut out = String::with_capacity(text.len() * 2);
    if source.document.is_none() && looks_like_page(&source.name, text) {
        html_body(&mut out, &mut marker);
    } else {
        text_body(&mut out, &mut marker);
    }
    out
}

fn looks_like_page(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".html") || lower.ends_with(".htm") || text.trim_start().starts_with('<'))
        && looks_like_html(name, text)
}

/// Lines of text: `| … |` rows make tables (a Markdown rule row is left
/// out), other lines paragraphs.
fn text_body(out: &mut String, marker: &mut Marker) {
    let text = marker.text;
    let mut in_table = false;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        let end = start + line.len();
        let trimmed = line.trim();
        let row = trimmed.starts_with('|') && trimmed.len() > 1;
        if row && !in_table {
            out.push_str("<table>");
            in_table = true;
        } else if !row && in_table {
            out.push_str("</table>");
            in_table = false;
        }
        if row {
            let cells = cells(line, start);
            if cells.iter().all(|&(a, b)| is_rule_cell(&text[a..b])) {
                continue;
            }
            out.push_str("<tr>");
            for (a, b) in cells {
                out.push_str("<td>");
                marker.emit(out, a, b, false);
                out.push_str("</td>");
            }
            out.push_str("</tr>");
        } else if trimmed.is_empty() {
            out.push_str("<p class=\"blank\">");
            marker.emit(out, start, end, false);
            out.push_str("</p>");
        } else {
            out.push_str("<p>");
            marker.emit(out, start, end, false);
            out.push_str("</p>");
        }
    }
    if in_table {
        out.push_str("</table>");
    }
    // Findings at the very end of the text (a missing last part).
    marker.empty_marks_at(out, text.len());
}

/// The byte ranges of a `| a | b |` row's cells, trimmed.
fn cells(line: &str, start: usize) -> Vec<(usize, usize)> {
    let first = line.find('|').unwrap_or(0);
    let last = line.rfind('|').unwrap_or(line.len());
    let inner_end = if last > first { last } else { line.len() };
    let mut out = Vec::new();
    let mut cell_start = first + 1;
    for (i, c) in line[first + 1..inner_end].char_indices() {
        if c == '|' {
            out.push(trim(line, cell_start, first + 1 + i, start));
            cell_start = first + 1 + i + 1;
        }
    }
    out.push(trim(line, cell_start, inner_end.max(cell_start), start));
    out
}

fn trim(line: &str, a: usize, b: usize, base: usize) -> (usize, usize) {
    let piece = &line[a..b];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    let (a, b) = (a + lead, (b - trail).max(a + lead));
    (base + a, base + b)
}

fn is_rule_cell(cell: &str) -> bool {
    let cell = cell.trim();
    !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':' | ' '))
}

/// An HTML page: its text with its tables, rows, cells and line breaks;
/// no other markup, no attributes, nothing of scripts and styles.
fn html_body(out: &mut String, marker: &mut Marker) {
    let text = marker.text;
    let bytes = text.as_bytes();
    let mut depth = Depth::default();
    let mut at = 0;
    while at < text.len() {
        let Some(lt) = text[at..].find('<').map(|i| at + i) else {
            marker.emit(out, at, text.len(), true);
            break;
        };
        if lt > at {
            marker.emit(out, at, lt, true);
        }
        if text[lt..].starts_with("<!--") {
            at = text[lt..].find("-->").map_or(text.len(), |i| lt + i + 3);
            continue;
        }
        let Some(gt) = text[lt..].find('>').map(|i| lt + i) else {
            break;
        };
        let tag = &text[lt + 1..gt];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        at = gt + 1;
        if !closing && (name == "script" || name == "style") {
            let end = format!("</{name}");
            at = find_ascii_ci(bytes, at, end.as_bytes()).unwrap_or(text.len());
            continue;
        }
        // Anything a finding says about markup is shown where it is.
        marker.empty_marks_at(out, lt);
        depth.tag(out, &name, closing);
    }
    depth.close(out);
    marker.empty_marks_at(out, text.len());
}

fn find_ascii_ci(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack[from..]
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|i| from + i)
}

/// Open tables, rows and cells, so that the page's markup, however
/// broken, cannot leave the report's own element.
#[derive(Default)]
struct Depth {
    tables: usize,
    rows: usize,
    cells: usize,
}

impl Depth {
    fn tag(&mut self, out: &mut String, name: &str, closing: bool) {
        match (name, closing) {
            ("table", false) => {
                out.push_str("<table>");
                self.tables += 1;
            }
            ("table", true) if self.tables > 0 => {
                self.close_cells(out);
                out.push_str("</table>");
                self.tables -= 1;
            }
            ("tr", false) if self.tables > 0 => {
                self.close_cells(out);
                out.push_str("<tr>");
                self.rows += 1;
            }
            ("td" | "th", false) if self.rows > 0 => {
                if self.cells > 0 {
                    out.push_str("</td>");
                    self.cells -= 1;
                }
                out.push_str("<td>");
                self.cells += 1;
            }
            ("td" | "th", true) if self.cells > 0 => {
                out.push_str("</td>");
                self.cells -= 1;
            }
            ("br", _) => out.push_str("<br>"),
            ("p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "title", _)
                if self.cells == 0 =>
            {
                out.push_str("<br>");
            }
            _ => {}
        }
    }

    fn close_cells(&mut self, out: &mut String) {
        for _ in 0..self.cells {
            out.push_str("</td>");
        }
        self.cells = 0;
        if self.rows > 0 {
            out.push_str("</tr>");
            self.rows = 0;
        }
    }

    fn close(&mut self, out: &mut String) {
        while self.tables > 0 {
            self.close_cells(out);
            out.push_str("</table>");
            self.tables -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use report_lint_core::Span;
    use report_lint_rules::{Diagnostic, RuleMeta};

    fn finding(meta: &RuleMeta, text: &str, what: &str) -> Diagnostic {
        let at = text.find(what).unwrap();
        Diagnostic::new(meta, Span::new(at, at + what.len()), "m")
    }

    #[test]
    fn rows_become_tables_and_marks_land_on_the_flagged_text() {
        let meta = report_lint_rules::find_rule("B001").unwrap().meta;
        let text = "标题<b>\n| 甲 | 1 |\n|---|---|\n| 乙 | 2 |\n尾";
        let source = SourceFile::new("a.md", text);
        let html = render(&source, &[finding(meta, text, "2")], "f0-");
        assert_eq!(
            html,
            "<p>标题&lt;b&gt;</p><table><tr><td>甲</td><td>1</td></tr><tr><td>乙</td>\
             <td><mark class=\"f error\" data-f=\"0\" id=\"f0-0\">2</mark></td></tr></table><p>尾</p>"
        );
    }

    #[test]
    fn an_html_page_keeps_its_tables_and_drops_other_markup() {
        let meta = report_lint_rules::find_rule("B001").unwrap().meta;
        let text =
            "<html><script>x<y</script><p class=a>一、总体</p><table><tr><td>5<td>6</table></html>";
        let source = SourceFile::new("a.html", text);
        let html = render(&source, &[finding(meta, text, "6")], "f0-");
        assert_eq!(
            html,
            "<br>一、总体<br><table><tr><td>5</td><td><mark class=\"f error\" data-f=\"0\" id=\"f0-0\">6</mark></td></tr></table>"
        );
    }

    #[test]
    fn a_finding_on_no_characters_is_a_point() {
        let meta = report_lint_rules::find_rule("S001").unwrap().meta;
        let source = SourceFile::new("a.txt", "一");
        let d = Diagnostic::new(meta, Span::new(3, 3), "m");
        let html = render(&source, &[d], "f0-");
        assert!(
            html.ends_with("<mark class=\"f warning point\" data-f=\"0\" id=\"f0-0\"></mark>")
                || html.ends_with("<mark class=\"f error point\" data-f=\"0\" id=\"f0-0\"></mark>"),
            "{html}"
        );
    }
}
