//! Names the place of a span in a report read from a document, in the terms
//! a person looks for it: `表三“（一）予以公开”行“总计”列` for a cell the
//! template names, `第12段“……”` for prose. The table names come from the
//! parsed tables (so they are the template's, whatever the document's own
//! layout); the paragraph and table numbers from the reader's map.

use crate::document::{Location, Place};
use crate::quote::quote;
use crate::report::Report;
use crate::source::Span;
use crate::template::{REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS};

/// How many characters of context an excerpt shows on each side of a short
/// flagged text, and how long a flagged text is shown whole.
const CONTEXT: usize = 8;
const LONGEST: usize = 24;

impl Report {
    /// Where `span` is in the document this report was read from; `None`
    /// for a report read from text or HTML, whose lines are the place.
    pub fn locate(&self, span: Span) -> Option<Location> {
        let map = self.source.document.as_deref()?;
        let block = map.block_at(span.start)?;
        let auto_number = map.is_numbering(span);
        let excerpt = excerpt(&self.source.text, block.span, span);
        let mut location = Location {
            text: String::new(),
            paragraph: None,
            page: block.page,
            table: None,
            row: None,
            column: None,
            excerpt,
            auto_number,
        };
        match block.place {
            Place::Paragraph(n) => {
                location.text = format!("第{n}段“{}”", location.excerpt);
                location.paragraph = Some(n);
            }
            Place::Line => {
                let page = block.page.unwrap_or(1);
                location.text = format!("第{page}页“{}”", location.excerpt);
            }
            Place::Cell { table, row, column } => {
                location.text = self
                    .name_in_tables(span.start)
                    .unwrap_or_else(|| format!("第{table}个表格第{row}行第{column}列"));
                location.table = Some(table);
                location.row = Some(row);
                location.column = Some(column);
            }
        }
        Some(location)
    }

    /// The template's name for the table cell or label at `offset`.
    fn name_in_tables(&self, offset: usize) -> Option<String> {
        let holds = |span: Span| span.contains(offset) || (span.is_empty() && span.start == offset);
        if let Some(t) = &self.tables.requests {
            for row in &t.rows {
                let name = row.key.short_name();
                if let Some(i) = row.cells.iter().position(|c| holds(c.span)) {
                    let column = REQUEST_COLUMNS.get(i).copied().unwrap_or("");
                    return Some(format!("表三“{name}”行“{column}”列"));
                }
                if holds(row.label.span) {
                    return Some(format!("表三“{name}”行的行名"));
                }
            }
            if let Some(g) = t.groups.iter().find(|g| holds(g.span)) {
                return Some(format!("表三“{}”", quote(self.source.slice(g.span).trim())));
            }
            if let Some(h) = t.header.iter().find(|h| holds(h.span)) {
                return Some(format!("表三表头“{}”", quote(h.text.trim())));
            }
            if holds(t.span) {
                return Some("表三".into());
            }
        }
        if let Some(t) = &self.tables.review {
            if let Some(i) = t.cells.iter().position(|c| holds(c.span)) {
                let group = REVIEW_GROUPS.get(i / 5).copied().unwrap_or("");
                let column = REVIEW_COLUMNS.get(i % 5).copied().unwrap_or("");
                return Some(format!("表四“{group}”“{column}”列"));
            }
            if let Some(h) = t.header.iter().find(|h| holds(h.span)) {
                return Some(format!("表四表头“{}”", quote(h.text.trim())));
            }
            if holds(t.span) {
                return Some("表四".into());
            }
        }
        if let Some(t) = &self.tables.proactive {
            for block in &t.blocks {
                for row in &block.rows {
                    let name = quote(row.label.text.trim());
                    if let Some(i) = row.cells.iter().position(|c| holds(c.span)) {
                        return Some(match block.columns.get(i) {
                            Some(c) => format!("表二“{name}”行“{}”列", quote(c.text.trim())),
                            None => format!("表二“{name}”行第{}个数值", i + 1),
                        });
                    }
                    if holds(row.label.span) {
                        return Some(format!("表二“{name}”行的行名"));
                    }
                }
                if let Some(c) = block.columns.iter().find(|c| holds(c.span)) {
                    return Some(format!("表二表头“{}”", quote(c.text.trim())));
                }
            }
            if holds(t.span) {
                return Some("表二".into());
            }
        }
        None
    }
}

/// The flagged text, whole when it says enough, else with a few characters
/// of its block on each side; on one line, `…` where it was cut. Looks at
/// no more than a few dozen characters, however long the block or the span.
fn excerpt(text: &str, block: Span, span: Span) -> String {
    let clamp = |o: usize| {
        let mut o = o.clamp(block.start.min(text.len()), block.end.min(text.len()));
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    let (start, end) = (clamp(span.start), clamp(span.end.max(span.start)));
    let flagged = text[start..end].trim();
    let one_line = |s: &str| s.split(['\n', '\r']).collect::<Vec<_>>().join(" ");
    if flagged.chars().nth(CONTEXT - 1).is_some() {
        return match flagged.char_indices().nth(LONGEST) {
            Some((cut, _)) => one_line(&format!("{}…", &flagged[..cut])),
            None => one_line(flagged),
        };
    }
    let before = text[clamp(block.start)..start].trim_start();
    let after = text[end..clamp(block.end)].trim_end();
    // The last CONTEXT characters before, the first CONTEXT after.
    let from = before
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let upto = after
        .char_indices()
        .nth(CONTEXT)
        .map_or(after.len(), |(i, _)| i);
    let out = format!(
        "{}{}{}{}{}",
        if from > 0 { "…" } else { "" },
        &before[from..],
        &text[start..end],
        &after[..upto],
        if upto < after.len() { "…" } else { "" }
    );
    one_line(out.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_show_short_texts_with_context() {
        let text = "本年度共收到申请13件，予以公开3件，占比23.07%，部分公开2件。";
        let at = text.find("23.07").unwrap();
        let e = excerpt(text, Span::new(0, text.len()), Span::new(at, at + 5));
        assert_eq!(e, "…以公开3件，占比23.07%，部分公开2件…");
        let long = excerpt(text, Span::new(0, text.len()), Span::new(0, text.len()));
        assert!(long.starts_with("本年度共收到申请13件") && long.ends_with('…'));
    }
}
