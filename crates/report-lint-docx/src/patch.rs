//! Writes edits of the text view back into `word/document.xml`: each edit
//! replaces the text of the `w:t` runs it covers, so the runs keep their
//! formatting; the rest of the part, and of the package, is unchanged.

use crate::view::Segment;
use crate::{Docx, DocxError};
use quick_xml::escape::partial_escape;
use report_lint_core::Span;
use std::collections::HashMap;

/// A document with edits applied.
#[derive(Debug)]
pub struct Patched {
    /// The new .docx.
    pub bytes: Vec<u8>,
    pub applied: usize,
    /// Edits left out: they touch automatic numbering or other text Word
    /// makes, or cross a paragraph or cell boundary.
    pub skipped: usize,
}

/// A replacement of `xml[start..end]`.
pub(crate) struct Splice {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Applies splices sorted by position; overlapping ones are a bug of the
/// caller and are dropped rather than corrupting the part.
pub(crate) fn splice(xml: &str, mut splices: Vec<Splice>) -> String {
    splices.sort_by_key(|s| (s.start, s.end));
    let mut out =
        String::with_capacity(xml.len() + splices.iter().map(|s| s.text.len()).sum::<usize>());
    let mut at = 0;
    for s in splices {
        if s.start < at || s.end > xml.len() {
            continue;
        }
        out.push_str(&xml[at..s.start]);
        out.push_str(&s.text);
        at = s.end;
    }
    out.push_str(&xml[at..]);
    out
}

/// The segments overlapping `[start, end)`, in view order.
pub(crate) fn segments_in(segments: &[Segment], start: usize, end: usize) -> &[Segment] {
    let from = segments.partition_point(|s| s.view + s.len <= start);
    let to = segments.partition_point(|s| s.view < end);
    &segments[from..to.max(from)]
}

/// `<w:t xml:space="preserve">text</w:t>` under the element's own prefix.
pub(crate) fn text_element(qname: &str, text: &str) -> String {
    format!(
        "<{qname} xml:space=\"preserve\">{}</{qname}>",
        partial_escape(text)
    )
}

pub(crate) fn apply(docx: &Docx, edits: &[(Span, &str)]) -> Result<Patched, DocxError> {
    let view = &docx.view;
    let tree = &docx.tree;
    let mut texts: HashMap<usize, String> = HashMap::new();
    let mut order: Vec<&(Span, &str)> = edits.iter().collect();
    order.sort_by_key(|(span, _)| std::cmp::Reverse((span.start, span.end)));
    let (mut applied, mut skipped) = (0, 0);
    let mut last_start = usize::MAX;
    for (span, replacement) in order {
        if span.end > last_start {
            skipped += 1; // overlaps an edit already applied
            continue;
        }
        match placement(&view.segments, *span) {
            Some(parts) => {
                for (i, (segment, from, to)) in parts.iter().enumerate().rev() {
                    let text = texts
                        .entry(segment.node)
                        .or_insert_with(|| tree.text(segment.node).to_string());
                    let (a, b) = (segment.offset + from, segment.offset + to);
                    if b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                        continue;
                    }
                    let with = if i == 0 { *replacement } else { "" };
                    text.replace_range(a..b, with);
                }
                applied += 1;
                last_start = span.start;
            }
            None => skipped += 1,
        }
    }
    if applied == 0 {
        return Ok(Patched {
            bytes: docx.package.bytes.clone(),
            applied,
            skipped,
        });
    }
    let xml = &docx.package.document;
    let splices = texts
        .into_iter()
        .map(|(node, text)| {
            let e = tree.get(node);
            Splice {
                start: e.start,
                end: e.end,
                text: text_element(tree.qname(xml, node), &text),
            }
        })
        .collect();
    let document = splice(xml, splices);
    let mut replace = HashMap::new();
    replace.insert(docx.package.document_name.clone(), document);
    Ok(Patched {
        bytes: docx.package.rewrite(&replace, &[])?,
        applied,
        skipped,
    })
}

/// Where an edit of `span` goes: the segments it covers, each with the
/// byte range covered (relative to the segment); the replacement goes
/// into the first. `None` when part of the span is not copied text, or
/// an insertion point touches none.
fn placement(segments: &[Segment], span: Span) -> Option<Vec<(Segment, usize, usize)>> {
    if span.is_empty() {
        // An insertion continues the run before it, as typing does.
        let at = segments.partition_point(|s| s.view + s.len < span.start);
        let s = segments.get(at).filter(|s| s.view <= span.start)?;
        let local = span.start - s.view;
        return Some(vec![(*s, local, local)]);
    }
    let covered = segments_in(segments, span.start, span.end);
    let mut out = Vec::new();
    let mut at = span.start;
    for s in covered {
        if s.view > at {
            return None; // generated text inside the span
        }
        let from = at - s.view;
        let to = (span.end - s.view).min(s.len);
        out.push((*s, from, to));
        at = s.view + to;
    }
    (at >= span.end).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(view: usize, len: usize, node: usize) -> Segment {
        Segment {
            view,
            len,
            node,
            offset: 0,
        }
    }

    #[test]
    fn places_edits_on_copied_text_only() {
        // "1." generated (0..2), then two runs: 2..5 and 5..9.
        let segments = [seg(2, 3, 10), seg(5, 4, 11)];
        let across = placement(&segments, Span::new(3, 7)).unwrap();
        assert_eq!(
            across
                .iter()
                .map(|(s, a, b)| (s.node, *a, *b))
                .collect::<Vec<_>>(),
            [(10, 1, 3), (11, 0, 2)]
        );
        assert!(placement(&segments, Span::new(0, 3)).is_none());
        assert!(placement(&segments, Span::new(8, 10)).is_none());
        let insert = placement(&segments, Span::new(5, 5)).unwrap();
        assert_eq!((insert[0].0.node, insert[0].1), (10, 3));
    }

    #[test]
    fn splices_in_order() {
        let out = splice(
            "abcdef",
            vec![
                Splice {
                    start: 4,
                    end: 5,
                    text: "E".into(),
                },
                Splice {
                    start: 1,
                    end: 1,
                    text: "+".into(),
                },
            ],
        );
        assert_eq!(out, "a+bcdEf");
    }
}
