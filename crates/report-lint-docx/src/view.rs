//! Lays a Word document out as the text view the parser reads, recording
//! where every piece of the view came from.
//!
//! - A body paragraph is a line: its automatic number (as Word shows it),
//!   then the text of its runs as it would print — tracked insertions in,
//!   deletions out, field codes out, page-number fields out, soft line
//!   breaks as new lines. Text boxes follow the paragraph holding them.
//! - A table row is a `| cell | cell |` line. A horizontally merged cell
//!   appears once; the continuation of a vertically merged cell is left out,
//!   as a web page leaves out a `rowspan`. A cell's paragraphs and soft
//!   breaks are joined without a separator ("本年新" + "制作数量"); a `|`
//!   typed in a cell shows as `¦` so it cannot split the row.
//!
//! Every character copied from a `w:t` is a [`Segment`] of the view, so a
//! fix or a comment lands in the run it came from.

use crate::numbering::{Counters, Numbering};
use crate::styles::Styles;
use crate::xml::{Ns, Tree};
use report_lint_core::{Block, DocumentMap, Form, Place, Span};

/// View bytes copied from one `w:t`: `len` bytes at view offset `view`
/// are the node's text from byte `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub view: usize,
    pub len: usize,
    pub node: usize,
    pub offset: usize,
}

/// The first and last `w:p` of a block, where a comment on text that is
/// not typed (a number, an empty cell) is anchored.
#[derive(Debug, Clone, Copy)]
pub struct Anchor {
    pub first: usize,
    pub last: usize,
}

pub struct View {
    pub text: String,
    pub map: DocumentMap,
    /// Parallel to `map.blocks`.
    pub anchors: Vec<Anchor>,
    /// In view order.
    pub segments: Vec<Segment>,
}

/// A piece of a line: copied from a `w:t` (element and byte offset in its
/// text), or written by the reader (numbering, a tab's space).
struct Piece {
    text: String,
    node: Option<(usize, usize)>,
}

#[derive(Default)]
struct Line {
    pieces: Vec<Piece>,
    numbering: Option<String>,
    heading: bool,
    first: usize,
    last: usize,
    /// Text boxes met inside the line, each a list of lines.
    boxes: Vec<Line>,
}

impl Line {
    fn push(&mut self, text: &str, node: Option<(usize, usize)>) {
        if !text.is_empty() {
            self.pieces.push(Piece {
                text: text.to_string(),
                node,
            });
        }
    }
}

/// A complex field (`w:fldChar` begin … separate … end) being read.
struct Field {
    instruction: String,
    in_result: bool,
}

impl Field {
    /// Page numbers and counts change with the layout; they are not part
    /// of what the report says.
    fn hidden(&self) -> bool {
        let word = self
            .instruction
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        matches!(
            word.as_str(),
            "PAGE" | "NUMPAGES" | "SECTIONPAGES" | "PAGEREF"
        )
    }
}

struct Builder<'a> {
    tree: &'a Tree,
    numbering: &'a Numbering,
    styles: &'a Styles<'a>,
    counters: Counters,
    text: String,
    blocks: Vec<Block>,
    anchors: Vec<Anchor>,
    segments: Vec<Segment>,
    paragraphs: u32,
    tables: u32,
    fields: Vec<Field>,
    /// A paragraph whose mark was deleted (tracked): it joins the next one.
    carry: Option<Line>,
}

pub fn build(tree: &Tree, numbering: &Numbering, styles: &Styles<'_>) -> View {
    let mut b = Builder {
        tree,
        numbering,
        styles,
        counters: Counters::default(),
        text: String::new(),
        blocks: Vec::new(),
        anchors: Vec::new(),
        segments: Vec::new(),
        paragraphs: 0,
        tables: 0,
        fields: Vec::new(),
        carry: None,
    };
    let body = tree.children(tree.root).find(|&c| tree.get(c).is_w("body"));
    if let Some(body) = body {
        b.blocks_in(body);
    }
    if let Some(line) = b.carry.take() {
        b.emit_paragraph(line);
    }
    View {
        text: b.text,
        map: DocumentMap {
            form: Form::Word,
            unreadable: None,
            blocks: b.blocks,
        },
        anchors: b.anchors,
        segments: b.segments,
    }
}

impl Builder<'_> {
    /// Block-level content: paragraphs, tables, and the containers around
    /// them (content controls, custom XML, alternate content).
    fn blocks_in(&mut self, parent: usize) {
        let tree = self.tree;
        for child in tree.children(parent) {
            let e = tree.get(child);
            match (e.ns, &*e.local) {
                (Ns::W, "p") => {
                    if let Some(line) = self.paragraph(child, false) {
                        self.emit_paragraph(line);
                    }
                }
                (Ns::W, "tbl") => {
                    if let Some(line) = self.carry.take() {
                        self.emit_paragraph(line);
                    }
                    self.table(child);
                }
                (Ns::W, "sdt") => {
                    if let Some(content) = tree.child_w(child, "sdtContent") {
                        self.blocks_in(content);
                    }
                }
                (Ns::W, "customXml") | (Ns::W, "ins") | (Ns::W, "moveTo") => self.blocks_in(child),
                (Ns::Mc, "AlternateContent") => {
                    if let Some(choice) = self.choice(child) {
                        self.blocks_in(choice);
                    }
                }
                _ => {}
            }
        }
    }

    /// The branch of `mc:AlternateContent` a reader sees: the first choice
    /// (the fallback repeats it for older programs).
    fn choice(&self, alternate: usize) -> Option<usize> {
        let tree = self.tree;
        tree.children(alternate)
            .find(|&c| tree.get(c).is(Ns::Mc, "Choice"))
            .or_else(|| {
                tree.children(alternate)
                    .find(|&c| tree.get(c).is(Ns::Mc, "Fallback"))
            })
    }

    /// A paragraph's line; `None` when its mark is deleted (it joins the
    /// next paragraph, kept in `carry`).
    fn paragraph(&mut self, p: usize, in_cell: bool) -> Option<Line> {
        let tree = self.tree;
        let mut line = self.carry.take().unwrap_or_default();
        if line.pieces.is_empty() && line.boxes.is_empty() {
            line.first = p;
        }
        line.last = p;
        let ppr = tree.child_w(p, "pPr");
        let mark_deleted = ppr
            .and_then(|ppr| tree.child_w(ppr, "rPr"))
            .is_some_and(|rpr| {
                tree.child_w(rpr, "del").is_some() || tree.child_w(rpr, "moveFrom").is_some()
            });
        if !mark_deleted {
            let (style, num, ilvl, outline) = self.paragraph_properties(ppr);
            let (style_num, style_ilvl) = self.styles.numbering(style.as_deref());
            let num = num.or(style_num).filter(|n| n != "0");
            if let Some(num) = num {
                let ilvl = ilvl.or(style_ilvl).unwrap_or(0).min(8);
                line.numbering = self.counters.next(self.numbering, &num, ilvl);
            }
            let outline = outline.or_else(|| self.styles.outline(style.as_deref()));
            line.heading = outline == Some(0);
        }
        self.inline(p, &mut line, in_cell);
        if mark_deleted && !in_cell {
            self.carry = Some(line);
            return None;
        }
        Some(line)
    }

    fn paragraph_properties(
        &self,
        ppr: Option<usize>,
    ) -> (Option<String>, Option<String>, Option<u8>, Option<u8>) {
        let tree = self.tree;
        let Some(ppr) = ppr else {
            return (None, None, None, None);
        };
        let val = |parent: usize, local: &str| {
            tree.child_w(parent, local)
                .and_then(|c| tree.w_attr(c, "val"))
                .map(str::to_string)
        };
        let style = val(ppr, "pStyle");
        let (num, ilvl) = match tree.child_w(ppr, "numPr") {
            Some(numpr) => (
                val(numpr, "numId"),
                val(numpr, "ilvl").and_then(|v| v.parse().ok()),
            ),
            None => (None, None),
        };
        let outline = val(ppr, "outlineLvl").and_then(|v| v.parse().ok());
        (style, num, ilvl, outline)
    }

    /// The inline content of a paragraph (or of a container inside one).
    fn inline(&mut self, parent: usize, line: &mut Line, in_cell: bool) {
        let tree = self.tree;
        for child in tree.children(parent) {
            let e = tree.get(child);
            match (e.ns, &*e.local) {
                (Ns::W, "r") => self.run(child, line, in_cell),
                (
                    Ns::W,
                    "ins" | "moveTo" | "hyperlink" | "smartTag" | "customXml" | "dir" | "bdo"
                    | "subDoc",
                ) => self.inline(child, line, in_cell),
                (Ns::W, "sdt") => {
                    if let Some(content) = tree.child_w(child, "sdtContent") {
                        self.inline(content, line, in_cell);
                    }
                }
                (Ns::W, "fldSimple") => {
                    let field = Field {
                        instruction: tree.w_attr(child, "instr").unwrap_or("").trim().to_string(),
                        in_result: true,
                    };
                    if !field.hidden() {
                        self.inline(child, line, in_cell);
                    }
                }
                (Ns::Mc, "AlternateContent") => {
                    if let Some(choice) = self.choice(child) {
                        self.inline(choice, line, in_cell);
                    }
                }
                _ => {}
            }
        }
    }

    fn run(&mut self, r: usize, line: &mut Line, in_cell: bool) {
        let tree = self.tree;
        for child in tree.children(r) {
            let e = tree.get(child);
            match (e.ns, &*e.local) {
                (Ns::W, "t") => {
                    let showing = self.fields.iter().all(|f| f.in_result && !f.hidden());
                    if showing {
                        push_node_text(line, child, tree.text(child), in_cell);
                    }
                }
                (Ns::W, "fldChar") => match tree.w_attr(child, "fldCharType") {
                    Some("begin") => self.fields.push(Field {
                        instruction: String::new(),
                        in_result: false,
                    }),
                    Some("separate") => {
                        if let Some(f) = self.fields.last_mut() {
                            f.in_result = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                (Ns::W, "instrText") => {
                    if let Some(f) = self.fields.last_mut() {
                        if !f.in_result {
                            f.instruction.push_str(tree.text(child));
                        }
                    }
                }
                (Ns::W, "tab" | "ptab") => line.push(" ", None),
                (Ns::W, "br" | "cr") => {
                    let kind = tree.w_attr(child, "type").unwrap_or("textWrapping");
                    if !in_cell && kind == "textWrapping" {
                        line.push("\n", None);
                    }
                }
                (Ns::W, "noBreakHyphen") => line.push("-", None),
                (Ns::W, "drawing" | "pict" | "object") => self.text_boxes(child, line),
                (Ns::Mc, "AlternateContent") => {
                    if let Some(choice) = self.choice(child) {
                        self.text_boxes(choice, line);
                    }
                }
                _ => {}
            }
        }
    }

    /// The paragraphs of the text boxes under `parent` (a drawing), kept
    /// with the line to follow it.
    fn text_boxes(&mut self, parent: usize, line: &mut Line) {
        let tree = self.tree;
        let mut stack = vec![parent];
        while let Some(node) = stack.pop() {
            let e = tree.get(node);
            if e.is_w("txbxContent") {
                for p in tree.children(node).filter(|&c| tree.get(c).is_w("p")) {
                    let saved = self.carry.take();
                    if let Some(inner) = self.paragraph(p, true) {
                        line.boxes.push(inner);
                    }
                    self.carry = saved;
                }
                continue;
            }
            if e.is(Ns::Mc, "AlternateContent") {
                stack.extend(self.choice(node));
                continue;
            }
            let mut kids: Vec<usize> = tree.children(node).collect();
            kids.reverse();
            stack.extend(kids);
        }
    }

    /// Appends a line's pieces to the view; returns the span of its text
    /// and of its numbering.
    fn write_line(&mut self, line: &Line) -> (Span, Option<Span>) {
        let start = self.text.len();
        let numbering = line.numbering.as_ref().map(|n| {
            self.text.push_str(n);
            Span::new(start, self.text.len())
        });
        for piece in &line.pieces {
            if let Some((node, offset)) = piece.node {
                self.segments.push(Segment {
                    view: self.text.len(),
                    len: piece.text.len(),
                    node,
                    offset,
                });
            }
            self.text.push_str(&piece.text);
        }
        (Span::new(start, self.text.len()), numbering)
    }

    fn emit_paragraph(&mut self, line: Line) {
        let (span, numbering) = self.write_line(&line);
        let visible = !self.text[span.start..span.end].trim().is_empty();
        self.text.push('\n');
        if visible {
            self.paragraphs += 1;
            self.blocks.push(Block {
                page: None,
                span,
                place: Place::Paragraph(self.paragraphs),
                heading: line.heading,
                numbering,
            });
            self.anchors.push(Anchor {
                first: line.first,
                last: line.last,
            });
        }
        self.emit_boxes(line.boxes);
    }

    /// Text-box paragraphs: lines of their own, placed at the paragraph
    /// that holds them (they are not counted as paragraphs).
    fn emit_boxes(&mut self, boxes: Vec<Line>) {
        for inner in boxes {
            let (span, numbering) = self.write_line(&inner);
            let visible = !self.text[span.start..span.end].trim().is_empty();
            self.text.push('\n');
            if visible {
                self.blocks.push(Block {
                    page: None,
                    span,
                    place: Place::Paragraph(self.paragraphs.max(1)),
                    heading: false,
                    numbering,
                });
                self.anchors.push(Anchor {
                    first: inner.first,
                    last: inner.last,
                });
            }
            self.emit_boxes(inner.boxes);
        }
    }

    fn table(&mut self, tbl: usize) {
        self.tables += 1;
        let table = self.tables;
        let tree = self.tree;
        let mut row_number = 0;
        let mut boxes = Vec::new();
        for tr in through_wrappers(tree, tbl, "tr") {
            let trpr = tree.child_w(tr, "trPr");
            let deleted = trpr.is_some_and(|t| tree.child_w(t, "del").is_some());
            if deleted {
                continue;
            }
            row_number += 1;
            let mut column = 1 + trpr
                .and_then(|t| tree.child_w(t, "gridBefore"))
                .and_then(|g| tree.w_attr(g, "val"))
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(0);
            let row_start = self.text.len();
            self.text.push('|');
            let mut cells = 0;
            for tc in through_wrappers(tree, tr, "tc") {
                let tcpr = tree.child_w(tc, "tcPr");
                let val = |local: &str| {
                    tcpr.and_then(|p| tree.child_w(p, local))
                        .map(|c| tree.w_attr(c, "val").unwrap_or("continue"))
                };
                let span = val("gridSpan")
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let continued = val("vMerge").is_some_and(|v| v != "restart");
                if continued {
                    column += span;
                    continue;
                }
                let mut line = self.cell(tc);
                let start = self.text.len();
                self.text.push(' ');
                let (_, numbering) = self.write_line(&line);
                self.text.push(' ');
                let end = self.text.len();
                self.text.push('|');
                self.blocks.push(Block {
                    page: None,
                    span: Span::new(start, end),
                    place: Place::Cell {
                        table,
                        row: row_number,
                        column,
                    },
                    heading: false,
                    numbering,
                });
                self.anchors.push(Anchor {
                    first: line.first,
                    last: line.last,
                });
                boxes.append(&mut line.boxes);
                cells += 1;
                column += span;
            }
            if cells == 0 {
                // A row made only of merged continuations shows nothing.
                self.text.truncate(row_start);
            } else {
                self.text.push('\n');
            }
        }
        self.emit_boxes(boxes);
    }

    /// A cell's content as one line: its paragraphs (and nested tables'
    /// cells) joined without a separator, the first numbering kept.
    fn cell(&mut self, tc: usize) -> Line {
        let tree = self.tree;
        let mut out = Line {
            first: tc,
            last: tc,
            ..Line::default()
        };
        let mut paragraphs = Vec::new();
        collect_cell_paragraphs(tree, tc, &mut paragraphs);
        for (i, p) in paragraphs.into_iter().enumerate() {
            let Some(mut line) = self.paragraph(p, true) else {
                continue;
            };
            if i == 0 {
                out.first = p;
            }
            out.last = p;
            if let Some(n) = line.numbering.take() {
                if out.pieces.is_empty() && out.numbering.is_none() {
                    out.numbering = Some(n);
                } else {
                    out.push(&n, None);
                }
            }
            out.pieces.append(&mut line.pieces);
            out.boxes.append(&mut line.boxes);
        }
        out
    }
}

/// The children named `local` of a table (rows) or a row (cells), through
/// the content controls and custom XML that may wrap them.
fn through_wrappers(tree: &Tree, parent: usize, local: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for c in tree.children(parent) {
        let e = tree.get(c);
        if e.is_w(local) {
            out.push(c);
        } else if e.is_w("sdt") {
            if let Some(content) = tree.child_w(c, "sdtContent") {
                out.extend(through_wrappers(tree, content, local));
            }
        } else if e.is_w("customXml") {
            out.extend(through_wrappers(tree, c, local));
        }
    }
    out
}

/// The paragraphs of a cell in order, those of nested tables included.
fn collect_cell_paragraphs(tree: &Tree, parent: usize, out: &mut Vec<usize>) {
    for c in tree.children(parent) {
        let e = tree.get(c);
        if e.is_w("p") {
            out.push(c);
        } else if e.is_w("tbl")
            || e.is_w("tr")
            || e.is_w("tc")
            || e.is_w("sdt")
            || e.is_w("sdtContent")
            || e.is_w("customXml")
        {
            collect_cell_paragraphs(tree, c, out);
        }
    }
}

/// A `w:t`'s text as pieces of the line. Characters that would break the
/// view's layout are written instead of copied: a line break or tab as a
/// space, a `|` inside a cell as `¦`; a byte-order mark is dropped.
fn push_node_text(line: &mut Line, node: usize, text: &str, in_cell: bool) {
    let mut from = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '\n' | '\r' | '\t' => Some(" "),
            '|' if in_cell => Some("¦"),
            '\u{feff}' => Some(""),
            _ => None,
        };
        if let Some(r) = replacement {
            line.push(&text[from..i], Some((node, from)));
            line.push(r, None);
            from = i + c.len_utf8();
        }
    }
    line.push(&text[from..], Some((node, from)));
}
