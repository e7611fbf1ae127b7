//! From glyphs to the text view: prose lines built from the characters
//! outside tables, page furniture (running headers, page numbers) dropped,
//! lines re-joined into the paragraphs they were wrapped from (also across
//! a page break), and tables laid out as `| cell |` rows.

use crate::tables::Part;
use pdfplumber::{Char, CroppedPage, Table};
use report_lint_core::{Block, Place, Span};

/// A line of prose on a page.
#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub top: f64,
    pub bottom: f64,
    pub size: f64,
}

#[derive(Debug)]
pub enum Item {
    Line(Line),
    Table(Part),
}

/// One page: its prose lines and tables from top to bottom, and what its
/// glyphs say about whether the text can be read at all.
#[derive(Debug)]
pub struct Page {
    pub number: u32,
    pub height: f64,
    pub items: Vec<Item>,
    glyphs: usize,
    garbled: usize,
    images: usize,
    /// The lines in the top and bottom margins as read, before footnotes
    /// were dropped: what running headers and footers are told by.
    margin: Vec<String>,
}

impl Page {
    pub fn read(number: u32, page: &CroppedPage, tables: Vec<Table>) -> Page {
        // A single framed cell ("（此件主动公开）" in a box) is prose, and so
        // is a stack of boxes with one cell a row: some PDF editors put a
        // filled rectangle behind every printed line of the body.
        let tables: Vec<Table> = tables
            .into_iter()
            .filter(|t| !is_text_box(t))
            .filter_map(without_prose_rows)
            .collect();
        let parts: Vec<Part> = tables.iter().map(|t| Part::of(t, number)).collect();
        let boxes: Vec<_> = tables.iter().map(|t| t.bbox).collect();
        let chars = page.chars();
        let glyphs = chars.iter().filter(|c| !c.text.trim().is_empty()).count();
        let garbled = chars.iter().filter(|c| is_garbled(&c.text)).count();
        let outside: Vec<&Char> = chars
            .iter()
            .filter(|c| {
                let (x, y) = (
                    (c.bbox.x0 + c.bbox.x1) / 2.0,
                    (c.bbox.top + c.bbox.bottom) / 2.0,
                );
                !boxes.iter().any(|b| {
                    x >= b.x0 - 1.0 && x <= b.x1 + 1.0 && y >= b.top - 1.0 && y <= b.bottom + 1.0
                })
            })
            .collect();
        let body = body_size(&outside);
        let height = page.height();
        let mut prose = lines(&outside);
        let margin = prose
            .iter()
            .filter(|l| in_margin(l, height))
            .map(|l| l.text.clone())
            .collect();
        // Footnotes: the small print that ends a page, below the body.
        let small = |l: &Line| body.is_some_and(|b| l.size < 0.85 * b);
        let footnotes = prose
            .iter()
            .rev()
            .take_while(|l| small(l) || is_page_number(&l.text))
            .filter(|l| small(l) && l.top > 0.5 * height)
            .count();
        if footnotes > 0 {
            let keep = prose.len()
                - prose
                    .iter()
                    .rev()
                    .position(|l| !(small(l) || is_page_number(&l.text)))
                    .unwrap_or(prose.len());
            prose.truncate(keep);
        }
        let mut items: Vec<Item> = prose.into_iter().map(Item::Line).collect();
        items.extend(parts.into_iter().map(Item::Table));
        items.sort_by(|a, b| top(a).total_cmp(&top(b)));
        Page {
            number,
            height: page.height(),
            items,
            glyphs,
            garbled,
            images: page.images().len(),
            margin,
        }
    }
}

/// A row that is a line of framed prose, not part of the table: one cell
/// with text, and that text a sentence or a part's heading. (A banner row
/// such as "第二十条第（一）项" has neither.)
fn is_prose_row(row: &[pdfplumber::Cell]) -> bool {
    // A row of the grid has a cell in each column, empty or not; a box
    // behind a line of text is one cell across them all.
    if row.iter().filter(|c| c.text.is_some()).count() > 1 {
        return false;
    }
    let mut texts = row
        .iter()
        .filter_map(|c| c.text.as_deref())
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let (Some(text), None) = (texts.next(), texts.next()) else {
        return false;
    };
    let part_heading = opens_item(text)
        && text
            .chars()
            .next()
            .is_some_and(|c| "一二三四五六".contains(c));
    // Counted without the line breaks a narrow cell wraps it with.
    let length = text.chars().filter(|c| !c.is_whitespace()).count();
    text.contains(['，', '。', '；']) || part_heading || length > 30
}

/// The table without the framed prose lines its grid took in above and
/// below it (boxes behind each printed line that touch the table's own
/// ruling); `None` when nothing of a table is left. Those lines' glyphs
/// then count as prose.
fn without_prose_rows(mut table: Table) -> Option<Table> {
    let leading = table.rows.iter().take_while(|r| is_prose_row(r)).count();
    let trailing = table.rows[leading..]
        .iter()
        .rev()
        .take_while(|r| is_prose_row(r))
        .count();
    if leading == 0 && trailing == 0 {
        return Some(table);
    }
    if leading + trailing >= table.rows.len() {
        return None;
    }
    // Only real cells have a box; a position a merge covers has none.
    let real = |row: &[pdfplumber::Cell]| {
        row.iter()
            .filter(|c| c.text.is_some())
            .map(|c| c.bbox)
            .collect::<Vec<_>>()
    };
    let bottom =
        |row: &[pdfplumber::Cell]| real(row).iter().map(|b| b.bottom).fold(f64::MIN, f64::max);
    let top = |row: &[pdfplumber::Cell]| real(row).iter().map(|b| b.top).fold(f64::MAX, f64::min);
    let keep = leading..table.rows.len() - trailing;
    let from = top(&table.rows[keep.start]);
    let to = bottom(&table.rows[keep.end - 1]);
    table.rows = table.rows[keep].to_vec();
    let inside = |c: &pdfplumber::Cell| c.bbox.top >= from - 0.5 && c.bbox.bottom <= to + 0.5;
    table.cells.retain(inside);
    for column in &mut table.columns {
        column.retain(inside);
    }
    table.bbox.top = from;
    table.bbox.bottom = to;
    Some(table)
}

/// Whether a "table" is only framed text: no row has two cells with text.
fn is_text_box(table: &Table) -> bool {
    table.rows.iter().all(|row| {
        row.iter()
            .filter(|c| c.text.as_deref().is_some_and(|t| !t.trim().is_empty()))
            .count()
            <= 1
    })
}

fn top(item: &Item) -> f64 {
    match item {
        Item::Line(l) => l.top,
        Item::Table(t) => t.top,
    }
}

/// The size of the body text: the most common glyph size, by count.
fn body_size(chars: &[&Char]) -> Option<f64> {
    use std::collections::HashMap;
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for c in chars.iter().filter(|c| !c.text.trim().is_empty()) {
        *counts.entry((c.size * 2.0).round() as i64).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(size, n)| (*n, *size))
        .map(|(size, _)| size as f64 / 2.0)
}

/// A glyph that did not map to a character: U+FFFD, pdfminer-style
/// `(cid:12)`, private-use code points, control characters.
fn is_garbled(text: &str) -> bool {
    text.starts_with("(cid:")
        || text.chars().any(|c| {
            c == '\u{fffd}'
                || ('\u{e000}'..='\u{f8ff}').contains(&c)
                || (c.is_control() && c != '\n')
        })
}

/// Why the pages' text cannot be read, if it cannot.
pub fn unreadable(pages: &[Page]) -> Option<String> {
    let glyphs: usize = pages.iter().map(|p| p.glyphs).sum();
    let garbled: usize = pages.iter().map(|p| p.garbled).sum();
    let images: usize = pages.iter().map(|p| p.images).sum();
    if glyphs < 20 {
        return Some(if images > 0 {
            "PDF 是扫描件（页面上只有图片）".into()
        } else {
            "PDF 中没有文字".into()
        });
    }
    (garbled * 10 > glyphs * 3).then(|| "PDF 所用字体无法转换为文字（提取出的多是乱码）".into())
}

/// Characters into lines: by vertical overlap, then left to right. Spaces
/// are kept only between Latin letters or digits: Chinese justified text
/// has gaps, and a gap between 件 and 3 is typesetting, not a space.
fn lines(chars: &[&Char]) -> Vec<Line> {
    let mut sorted: Vec<&Char> = chars.iter().copied().filter(|c| c.upright).collect();
    sorted.sort_by(|a, b| a.bbox.top.total_cmp(&b.bbox.top));
    let mut rows: Vec<Vec<&Char>> = Vec::new();
    for c in sorted {
        let centre = (c.bbox.top + c.bbox.bottom) / 2.0;
        match rows.last_mut() {
            Some(row)
                if {
                    let top = row.iter().map(|r| r.bbox.top).fold(f64::INFINITY, f64::min);
                    let bottom = row.iter().map(|r| r.bbox.bottom).fold(0.0, f64::max);
                    centre > top && centre < bottom
                } =>
            {
                row.push(c)
            }
            _ => rows.push(vec![c]),
        }
    }
    rows.into_iter()
        .filter_map(|mut row| {
            row.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
            // A footnote mark (small and raised) is not part of the text:
            // "48件¹" is 48 件.
            let size = row.iter().map(|c| c.size).fold(0.0, f64::max);
            let bottom = row.iter().map(|c| c.bbox.bottom).fold(0.0, f64::max);
            row.retain(|c| !(c.size < 0.75 * size && c.bbox.bottom < bottom - 0.15 * size));
            let mut text = String::new();
            let mut last: Option<&Char> = None;
            for c in &row {
                if c.text.trim().is_empty() {
                    continue;
                }
                if let Some(prev) = last {
                    let gap = c.bbox.x0 - prev.bbox.x1;
                    let latin = |s: &str| {
                        s.chars()
                            .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '%')
                    };
                    if gap > 0.2 * c.size.max(1.0) && latin(&prev.text) && latin(&c.text) {
                        text.push(' ');
                    }
                }
                text.push_str(&c.text);
                last = Some(c);
            }
            let glyphs: Vec<&&Char> = row.iter().filter(|c| !c.text.trim().is_empty()).collect();
            let first = glyphs.first()?;
            // The line's size is its most common glyph size: a footnote's
            // number in the body size does not make it body text.
            let size =
                body_size(&glyphs.iter().map(|c| **c).collect::<Vec<_>>()).unwrap_or(first.size);
            Some(Line {
                text,
                x0: first.bbox.x0,
                x1: glyphs.iter().map(|c| c.bbox.x1).fold(0.0, f64::max),
                top: glyphs
                    .iter()
                    .map(|c| c.bbox.top)
                    .fold(f64::INFINITY, f64::min),
                bottom: glyphs.iter().map(|c| c.bbox.bottom).fold(0.0, f64::max),
                size,
            })
        })
        .collect()
}

/// How much of the page height at the top and at the bottom running
/// headers and page numbers live in.
const MARGIN: f64 = 0.09;

/// Page numbers and the like: `— 3 —`, `- 3 -`, `3`, `3/8`, `第3页`,
/// `第 3 页 共 8 页`, `Page 3`.
pub(crate) fn is_page_number(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '-' | '—' | '–' | '－' | '_' | '·' | '.' | '•')
        })
        .collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(&t) {
        return true;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    let t = t.to_lowercase();
    let t = t.trim_start_matches("page").trim_start_matches('p');
    if digits(t) {
        return true;
    }
    if let Some(rest) = t.strip_prefix('第') {
        let (n, rest) = rest.split_once('页').unwrap_or((rest, "~"));
        return digits(n)
            && (rest.is_empty()
                || rest
                    .strip_prefix('共')
                    .and_then(|r| r.strip_suffix('页'))
                    .is_some_and(digits));
    }
    false
}

/// Drops running headers and footers: page numbers in the margins (and,
/// anywhere, one written like `— 3 —`), and a line repeated in the same
/// margin on at least half of the pages.
/// Whether a line is in a page's top or bottom margin.
fn in_margin(line: &Line, height: f64) -> bool {
    line.bottom < height * MARGIN || line.top > height * (1.0 - MARGIN)
}

fn drop_furniture(pages: &mut [Page]) {
    use std::collections::HashMap;
    // A running line is the same on every page but for its numbers: a
    // browser's footer is the page's address and "4/9".
    let key = |text: &str| -> String {
        let mut key = String::with_capacity(text.len());
        for c in text.chars() {
            if !(c.is_ascii_digit() && key.ends_with('#')) {
                key.push(if c.is_ascii_digit() { '#' } else { c });
            }
        }
        key
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut on_page: Vec<String> = page.margin.iter().map(|t| key(t)).collect();
        on_page.sort();
        on_page.dedup();
        for text in on_page {
            *seen.entry(text).or_default() += 1;
        }
    }
    let count = pages.len();
    let repeated = |text: &str| count >= 2 && seen.get(&key(text)).is_some_and(|n| *n * 2 >= count);
    for page in pages.iter_mut() {
        let height = page.height;
        page.items.retain(|i| match i {
            Item::Line(l) => {
                let decorated =
                    is_page_number(&l.text) && !l.text.trim().chars().all(|c| c.is_ascii_digit());
                !(decorated
                    || in_margin(l, height) && (is_page_number(&l.text) || repeated(&l.text)))
            }
            Item::Table(_) => true,
        });
    }
}

/// Whether a line opens a paragraph of its own: a part heading or a
/// numbered sub-heading, which real reports put on their own line.
fn opens_item(text: &str) -> bool {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), Some('、')) => "一二三四五六七八九十".contains(c),
        (Some('（' | '('), Some(c)) => "一二三四五六七八九十".contains(c),
        _ => false,
    }
}

/// The body's left and right edges on a page: the most common line start,
/// and the farthest line end.
fn edges(page: &Page) -> Option<(f64, f64)> {
    use std::collections::HashMap;
    let mut starts: HashMap<i64, usize> = HashMap::new();
    let mut right = 0f64;
    for item in &page.items {
        if let Item::Line(l) = item {
            *starts.entry(l.x0.round() as i64).or_default() += 1;
            right = right.max(l.x1);
        }
    }
    let left = starts.into_iter().max_by_key(|(x, n)| (*n, -x))?.0 as f64;
    Some((left, right))
}

/// The view and its blocks.
pub fn assemble(mut pages: Vec<Page>) -> (String, Vec<Block>) {
    drop_furniture(&mut pages);
    let mut sizes: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for page in &pages {
        for item in &page.items {
            if let Item::Line(l) = item {
                *sizes.entry((l.size * 2.0).round() as i64).or_default() += l.text.chars().count();
            }
        }
    }
    let mut out = Assembler {
        body: sizes
            .into_iter()
            .max_by_key(|(s, n)| (*n, *s))
            .map_or(0.0, |(s, _)| s as f64 / 2.0),
        ..Assembler::default()
    };
    for page in pages {
        let (left, right) = edges(&page).unwrap_or((0.0, f64::MAX));
        for item in page.items {
            match item {
                Item::Line(line) => out.line(line, page.number, left, right),
                Item::Table(part) => out.table(part, page.number),
            }
        }
        out.page_break();
    }
    out.finish()
}

/// A paragraph being gathered.
struct Open {
    text: String,
    page: u32,
    last: Line,
    /// The right edge of the body where its last line is.
    right: f64,
    lines: usize,
}

/// Whether a paragraph's text ends a sentence (or a clause of a list,
/// "一是…；"), so that a short line there ends the paragraph.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .chars()
        .last()
        .is_some_and(|c| "。！？；：!?;:".contains(c))
}

/// The width the start of `text` needs on a line: what line breaking keeps
/// together — opening quotes and brackets, one Chinese character or a run
/// of Latin letters and digits, closing punctuation. A line that ends with
/// less room than that was broken by the width, and the text goes on.
fn first_token_width(text: &str, size: f64) -> f64 {
    const OPENING: &str = "“‘（《【「『〈(";
    const CLOSING: &str = "”’）》】」』〉)，。、；：！？%,.;:!?";
    let mut chars = text.chars().peekable();
    let mut width = 0.0;
    while let Some(c) = chars.next_if(|c| OPENING.contains(*c)) {
        width += if c.is_ascii() { 0.5 } else { 1.0 };
    }
    match chars.peek().copied() {
        Some(c) if c.is_ascii_alphanumeric() => {
            while chars
                .next_if(|c| c.is_ascii_alphanumeric() || *c == '.')
                .is_some()
            {
                width += 0.55;
            }
        }
        Some(_) => {
            chars.next();
            width += 1.0;
        }
        None => {}
    }
    while let Some(c) = chars.next_if(|c| CLOSING.contains(*c)) {
        width += if c.is_ascii() { 0.5 } else { 1.0 };
    }
    width * size
}

#[derive(Default)]
struct Assembler {
    /// The size of the body text over the whole document.
    body: f64,
    text: String,
    blocks: Vec<Block>,
    paragraph: Option<Open>,
    table: Option<Part>,
    /// The open table ended its page: the next page's first table may carry it on.
    table_at_break: bool,
    /// Whether the open paragraph is from an earlier page.
    paragraph_at_break: bool,
    tables: u32,
}

impl Assembler {
    fn line(&mut self, line: Line, page: u32, left: f64, right: f64) {
        self.close_table();
        let size = line.size.max(1.0);
        let indented = line.x0 > left + 0.9 * size;
        // A title wrapped over lines larger than the body ("…2021年政府信息
        // 公开" / "工作年度报告") is one line of text.
        let display = |l: &Line| l.size > 1.15 * self.body;
        let joins = match &self.paragraph {
            Some(open)
                if display(&open.last)
                    && display(&line)
                    && (open.last.size - line.size).abs() < 1.0
                    && line.top - open.last.bottom < 0.9 * size =>
            {
                true
            }
            Some(open) => {
                let gap_ok = self.paragraph_at_break || line.top - open.last.bottom < 0.9 * size;
                let room = open.right - open.last.x1;
                let broken_by_width = room < first_token_width(&line.text, size) + 0.3 * size;
                // A short line that does not end a sentence was cut short
                // by something beside it (a framed note, a seal).
                let goes_on = broken_by_width
                    || !(ends_sentence(&open.text) || open.lines == 1 && opens_item(&open.text));
                goes_on
                    && gap_ok
                    && !indented
                    && (open.last.size - line.size).abs() < 1.0
                    && !opens_item(&line.text)
            }
            None => false,
        };
        if joins {
            if let Some(open) = self.paragraph.as_mut() {
                let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
                if latin(open.text.chars().last()) && latin(line.text.chars().next()) {
                    open.text.push(' ');
                }
                open.text.push_str(&line.text);
                open.right = right;
                open.last = line;
                open.lines += 1;
            }
        } else {
            self.close_paragraph();
            self.paragraph = Some(Open {
                text: line.text.clone(),
                page,
                right,
                last: line,
                lines: 1,
            });
        }
        self.paragraph_at_break = false;
    }

    fn table(&mut self, part: Part, _page: u32) {
        self.close_paragraph();
        match self.table.as_mut() {
            Some(open) if self.table_at_break && open.continued_by(&part) => open.append(part),
            _ => {
                self.close_table();
                self.table = Some(part);
            }
        }
        self.table_at_break = false;
    }

    fn page_break(&mut self) {
        self.table_at_break = self.table.is_some();
        self.paragraph_at_break = self.paragraph.is_some();
    }

    fn close_paragraph(&mut self) {
        let Some(open) = self.paragraph.take() else {
            return;
        };
        let start = self.text.len();
        self.text.push_str(&open.text);
        self.blocks.push(Block {
            span: Span::new(start, self.text.len()),
            place: Place::Line,
            page: Some(open.page),
            heading: false,
            numbering: None,
        });
        self.text.push('\n');
    }

    fn close_table(&mut self) {
        let Some(table) = self.table.take() else {
            return;
        };
        self.tables += 1;
        let labels = table.label_columns();
        let mut row_number = 0;
        for row in table.rows {
            // Nothing in it: a sliver between two rulings drawn a little
            // apart (browsers draw each cell's border on its own).
            if row.cells.iter().flatten().all(|c| c.trim().is_empty()) {
                continue;
            }
            row_number += 1;
            self.text.push('|');
            let labelled = row.has_label();
            for (column, cell) in row.cells.iter().enumerate() {
                let Some(cell) = cell else { continue };
                // An empty cell among a row's labels is drawing, not data:
                // the rest of a label merged over two columns or down a
                // group ("（六）其他处理" beside an empty sub-label cell).
                // Left out, as Word's merged cells are. In a row of
                // figures only (table 四's), an empty first cell is a
                // figure left out.
                if cell.trim().is_empty()
                    && labelled
                    && labels.get(column).copied().unwrap_or(false)
                {
                    continue;
                }
                let start = self.text.len();
                self.text.push(' ');
                self.text.push_str(cell);
                self.text.push(' ');
                self.blocks.push(Block {
                    span: Span::new(start, self.text.len()),
                    place: Place::Cell {
                        table: self.tables,
                        row: row_number,
                        column: column as u32 + 1,
                    },
                    page: Some(row.page),
                    heading: false,
                    numbering: None,
                });
                self.text.push('|');
            }
            self.text.push('\n');
        }
    }

    fn finish(mut self) -> (String, Vec<Block>) {
        self.close_paragraph();
        self.close_table();
        (self.text, self.blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_page_numbers() {
        for t in [
            "— 3 —",
            "- 3 -",
            "3",
            "3/8",
            "第3页",
            "第 3 页 共 8 页",
            "Page 3",
            "·12·",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["一、总体情况", "2023年", "第三部分", "第3条"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn measures_what_line_breaking_keeps_together() {
        assert_eq!(first_token_width("管”微信", 10.0), 20.0);
        assert_eq!(first_token_width("“青溪", 10.0), 20.0);
        assert!((first_token_width("6.12%；", 10.0) - 37.0).abs() < 0.01);
    }

    #[test]
    fn knows_headings_that_open_a_paragraph() {
        assert!(opens_item("一、总体情况"));
        assert!(opens_item("（三）政府信息管理"));
        assert!(!opens_item("一是严格落实"));
    }
}
