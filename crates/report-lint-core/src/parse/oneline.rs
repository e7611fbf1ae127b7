//! Crawler dumps: the whole report body on one line (DOMAIN §5.5, "Crawlers
//! store the whole body on one line with table cells glued together"). A
//! crawler keeps a few header lines of its own (`标题: …`, `发布时间: …`,
//! `==== 正文 ====`) and then writes the page's text with every line break
//! and every cell boundary collapsed: part headings stand mid-line
//! (`…联系。一、总体情况2021年，…`) and a table row is its label followed by
//! its figures run together (`一、本年新收政府信息公开申请数量640020470`).
//!
//! Like the PDF reflow ([`super::reflow`]), this is a pre-pass that plans
//! a view, not a reader of its own: the view puts a line break before every
//! part heading and after it, before the sub-headings and list items whose
//! place is certain, and rewrites each table as `| label | 1 | 2 | … |`
//! rows, the layout the table readers already read. Every character the
//! view adds is layout mapped to an empty span at its place in the source,
//! and every character it keeps is copied from the source, so every span
//! still maps back to the exact source bytes.
//!
//! Figures are only segmented where the template leaves one reading:
//!
//! - a run of digits splits into cells of non-negative integers without
//!   leading zeros (`0` alone is a cell); `/` and dashes are cells of
//!   their own; a space inside a run is a cell boundary (the crawler
//!   collapses the white space between and around cells, never inside a
//!   figure: a table cell holds one number, and no report seen writes
//!   thousands apart);
//! - a row is read when exactly one split exists at all (seven digits in
//!   seven cells), whatever its figures say: the rules then report a row
//!   that does not add up;
//! - else, a table 三 row has seven cells whose last is the sum of the six
//!   before it, table 四 three groups of five whose last is the sum of
//!   the four before it; a row is read when exactly one split satisfies
//!   that identity (table 二, which has no identity, is not read);
//! - the digit before `.` that starts a numbered sub-row (`…00000002.其他
//!   法律…`) is that sub-row's number (the template numbers sub-rows 1 to 8).
//!
//! A row that cannot be read so (no split, or two) is written as one glued
//! cell: the table reader then marks it unreadable with a note, and the
//! rule C003 reports the table once. Nothing is guessed.
//!
//! Site chrome the crawler kept around the body (a breadcrumb `当前位置：
//! 首页…` with its share buttons at the start, `附件下载` at the end) is left
//! out of the view, as the reflow leaves out page numbers: it is the
//! page's, not the report's.
//!
//! Work is linear in the text, except the splitting of a row, which is
//! bounded by a cap on the digits of a row and a budget of steps.

use super::cells::lines;
use crate::labels::{self, chinese_numeral};
use crate::normalize::{Folded, Normalized};
use crate::source::Span;
use crate::template::{
    RequestGroup, TemplateVersion, PROACTIVE_2019, PROACTIVE_2021, SECTION_HEADINGS,
};
use std::sync::LazyLock;

/// A dump's body line is at least this long (bytes of UTF-8, about 300
/// Chinese characters); a report's paragraph with part headings in it is
/// not a dump.
const MIN_LINE_BYTES: usize = 900;

/// Heading candidates measured per line at most: beyond, the line is not
/// a report's body (no report has thousands of `一、`).
const MAX_CANDIDATES: usize = 2000;

/// Digits (and marks) of a table 三 row at most: seven cells of up to four
/// digits each is 28. Longer runs are not split.
const MAX_ROW_UNITS: usize = 30;
/// The same for table 四's fifteen figures.
const MAX_REVIEW_UNITS: usize = 60;
/// The same for a row of table 二 (at most three cells).
const MAX_PROACTIVE_UNITS: usize = 40;
/// Steps of the split search per row, whatever the digits.
const SPLIT_BUDGET: usize = 50_000;
/// Rows of a table split at most; a table with more is not a template's.
const MAX_ROWS: usize = 40;

/// The view of a crawler dump, or `None` when `source` is not one.
pub(crate) fn view(source: &str) -> Option<Normalized> {
    if !might_be_dump(source) {
        return None;
    }
    let first = Normalized::new(source);
    let text = first.text.as_str();
    // A report whose headings stand on lines of their own is not a dump,
    // whatever one long paragraph of it holds.
    if !super::sections::find_headings(text, &[]).is_empty() {
        return None;
    }
    let (line, headings) = lines(text, Span::new(0, text.len()))
        .filter(|l| l.len() >= MIN_LINE_BYTES)
        .find_map(|l| {
            let found = headings_in(text, l)?;
            is_dump(&found).then_some((l, found))
        })?;
    let headings = with_reworded_parts(text, line, headings);
    let mut plan = Plan::new(text);
    plan.copy_to(line.start);
    plan.dump(line, &headings);
    plan.copy_to(text.len());
    Some(plan.build(source, &first))
}

/// A cheap look at the raw text before any work: a long line on which at
/// least three different part ordinals `一、` … `六、` stand mid-line.
fn might_be_dump(source: &str) -> bool {
    lines(source, Span::new(0, source.len()))
        .filter(|l| l.len() >= MIN_LINE_BYTES)
        .any(|l| {
            let line = &source[l.start..l.end];
            let mut seen = [false; 6];
            let mut prev: Option<char> = None;
            for (i, c) in line.char_indices() {
                if i > 0 && matches!(c, '、' | '．' | '.') {
                    if let Some(n) = prev.and_then(chinese_numeral).filter(|n| *n <= 6) {
                        seen[n as usize - 1] = true;
                    }
                }
                prev = Some(c);
            }
            seen.iter().filter(|s| **s).count() >= 3
        })
}

// ---------------------------------------------------------------- headings

/// A part heading found inside the dump line (view offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Heading {
    /// 0 for 一、总体情况 … 5 for 六、其他需要报告的事项.
    part: usize,
    /// Where the ordinal starts.
    start: usize,
    /// Where the title ends.
    end: usize,
}

/// The keys of the accepted heading wordings, per part, as characters.
static HEADING_KEYS: LazyLock<Vec<Vec<Vec<char>>>> = LazyLock::new(|| {
    SECTION_HEADINGS
        .iter()
        .map(|variants| {
            variants
                .iter()
                .map(|v| labels::key(v).chars().collect())
                .collect()
        })
        .collect()
});

/// Whether a dump line's headings are a report's: at least three parts,
/// three of them in order.
fn is_dump(found: &[Heading]) -> bool {
    let mut parts = [false; 6];
    for h in found {
        parts[h.part] = true;
    }
    if parts.iter().filter(|p| **p).count() < 3 {
        return false;
    }
    // Longest strictly increasing run of parts (at most six values).
    let mut best = [0usize; 6];
    for h in found {
        let before = best[..h.part].iter().copied().max().unwrap_or(0);
        best[h.part] = best[h.part].max(before + 1);
    }
    best.iter().copied().max().unwrap_or(0) >= 3
}

/// Whether the character before a heading's ordinal lets a heading start
/// there: the end of a sentence, of a table (a figure, `元`, `%`), white
/// space, or the start of the line. Inside a sentence (`包括：一、…；二、…`)
/// an ordinal is a list, not a part.
fn heading_may_follow(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || c.is_ascii_digit() || "。！？!?元%".contains(c),
    }
}

/// The part headings standing in `line`, or `None` when the line has so
/// many candidates it cannot be a report.
fn headings_in(text: &str, line: Span) -> Option<Vec<Heading>> {
    let body = &text[line.start..line.end];
    let mut out: Vec<Heading> = Vec::new();
    let mut candidates = 0;
    let mut prev: Option<char> = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let before = prev;
        prev = Some(c);
        if chinese_numeral(c).is_none_or(|n| n > 6) {
            continue;
        };
        let Some(&(di, d)) = chars.peek() else {
            break;
        };
        if !matches!(d, '、' | '．' | '.') || !heading_may_follow(before) {
            continue;
        }
        candidates += 1;
        if candidates > MAX_CANDIDATES {
            return None;
        }
        let title = line.start + di + d.len_utf8();
        if let Some((part, end)) = heading_title(text, Span::new(title, line.end)) {
            // The ordinal says nothing the title does not: like the
            // headings on lines of their own, the part is the title's.
            let start = line.start + i;
            if out.last().is_none_or(|h| h.end <= start) {
                out.push(Heading { part, start, end });
            }
        }
    }
    Some(out)
}

/// Title characters of a reworded heading at most.
const MAX_REWORDED_TITLE: usize = 24;

/// Adds the parts whose heading is reworded (`五、存在的主要问题及明年工作
/// 计划2024年，…`): a part missing between two found ones (or after the
/// last, for 六) whose ordinal stands exactly once at a heading position
/// there, with a title that starts as the template's does. Its title runs
/// to the first figure, bracket or punctuation mark, as a heading run into
/// its first sentence does (`…计划2024年，`); S004 then names the wording.
/// Without this the part would be reported missing, which it is not.
fn with_reworded_parts(text: &str, line: Span, mut found: Vec<Heading>) -> Vec<Heading> {
    for part in 0..SECTION_HEADINGS.len() {
        if found.iter().any(|h| h.part == part) {
            continue;
        }
        let prev = found.iter().rfind(|h| h.part + 1 == part);
        let next = found.iter().find(|h| h.part == part + 1);
        let (from, to) = match (prev, next) {
            (Some(p), Some(n)) if p.end <= n.start => (p.end, n.start),
            (Some(p), None) if part + 1 == SECTION_HEADINGS.len() => (p.end, line.end),
            _ => continue,
        };
        let ordinal = ["一", "二", "三", "四", "五", "六"][part];
        let body = &text[from..to];
        let mut at: Vec<usize> = body
            .match_indices(ordinal)
            .filter(|(i, _)| body[i + ordinal.len()..].starts_with('、'))
            .filter(|(i, _)| heading_may_follow(body[..*i].chars().next_back()))
            .map(|(i, _)| from + i)
            .collect();
        if at.len() != 1 {
            continue;
        }
        let start = at.remove(0);
        let title = start + ordinal.len() + '、'.len_utf8();
        let end = text[title..to]
            .char_indices()
            .take(MAX_REWORDED_TITLE + 1)
            .find(|(_, c)| c.is_ascii_digit() || labels::is_key_skip(*c))
            .map(|(i, _)| title + i);
        let Some(end) = end.filter(|e| text[title..*e].chars().count() >= 4) else {
            continue;
        };
        let lead: Vec<char> = text[title..end].chars().take(2).collect();
        if !HEADING_KEYS[part].iter().any(|v| v.starts_with(&lead)) {
            continue;
        }
        found.push(Heading { part, start, end });
        found.sort_by_key(|h| h.start);
    }
    found
}

/// The part whose heading the text at `rest` starts with, and where the
/// heading's title ends. The title's end is where the text is most like
/// an accepted wording: an exact wording, or a misprint of a wording of at
/// least eight characters (one slip in seven), never a short title near
/// one ("总体情况" must be written so).
fn heading_title(text: &str, rest: Span) -> Option<(usize, usize)> {
    const SLACK: usize = 2;
    let longest = HEADING_KEYS
        .iter()
        .flatten()
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    // The first key characters of the text with where each ends; the
    // title starts after any spaces.
    let s = &text[rest.start..rest.end];
    let lead = s.len() - s.trim_start().len();
    let mut keyed: Vec<(char, usize)> = Vec::with_capacity(longest + SLACK);
    for (i, c) in s[lead..].char_indices() {
        if keyed.len() >= longest + SLACK {
            break;
        }
        if c == '\n' || c == '|' {
            break;
        }
        if labels::is_key_skip(c) {
            // A title never starts or runs through a sentence end.
            if c == '。' || keyed.is_empty() {
                break;
            }
            continue;
        }
        keyed.push((c, rest.start + lead + i + c.len_utf8()));
    }
    let first = keyed.first()?.0;
    // (score, closeness of the length, part, end)
    let mut best: Option<(f64, usize, usize, usize)> = None;
    for (part, variants) in HEADING_KEYS.iter().enumerate() {
        for variant in variants {
            let m = variant.len();
            // A title's first character is rarely the slip; this spares
            // the measure of most candidates.
            if !variant.contains(&first) {
                continue;
            }
            let wanted: String = variant.iter().collect();
            for len in m.saturating_sub(SLACK).max(2)..=(m + SLACK).min(keyed.len()) {
                let found: String = keyed[..len].iter().map(|(c, _)| *c).collect();
                let score = labels::similarity(&wanted, &found);
                let accepted = score >= 1.0 || (m >= 8 && score >= 0.85);
                if !accepted {
                    continue;
                }
                let off = len.abs_diff(m);
                let better = best.is_none_or(|(b, o, _, _)| score > b || (score == b && off < o));
                if better {
                    best = Some((score, off, part, keyed[len - 1].1));
                }
            }
        }
    }
    best.map(|(_, _, part, end)| (part, end))
}

// ---------------------------------------------------------------- the plan

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Copy this part of the first view's text (its source, folded again).
    Copy(Span),
    /// Layout the view adds, at an empty span at this offset.
    Put(&'static str, usize),
}

/// The view under construction, as operations on the first view (the
/// plain normalised text, in which everything is found).
struct Plan<'a> {
    text: &'a str,
    ops: Vec<Op>,
    /// How far the first view has been written or left out.
    done: usize,
    /// Whether the view so far ends a line.
    at_line_start: bool,
}

impl<'a> Plan<'a> {
    fn new(text: &'a str) -> Self {
        Plan {
            text,
            ops: Vec::new(),
            done: 0,
            at_line_start: true,
        }
    }

    /// Copies `text[span]` (what lies between the last copy and `span` is
    /// left out of the view).
    fn copy(&mut self, span: Span) {
        if span.start < self.done || span.is_empty() {
            return;
        }
        self.ops.push(Op::Copy(span));
        self.done = span.end;
        self.at_line_start = self.text[span.start..span.end].ends_with('\n');
    }

    /// Copies everything not yet written up to `end`.
    fn copy_to(&mut self, end: usize) {
        self.copy(Span::new(self.done, end));
    }

    /// Copies `span` without its spaces: a glued cell, one cell for the
    /// table reader whatever spaces the crawler left in it.
    fn glue(&mut self, span: Span) {
        let mut from = span.start;
        for (i, c) in self.text[span.start..span.end].char_indices() {
            let at = span.start + i;
            if c.is_whitespace() {
                self.copy(Span::new(from, at));
                from = at + c.len_utf8();
            }
        }
        self.copy(Span::new(from, span.end));
    }

    fn put(&mut self, layout: &'static str, at: usize) {
        self.ops.push(Op::Put(layout, at));
        self.at_line_start = layout.ends_with('\n');
    }

    /// A line break at `at`, unless the view is at a line start.
    fn break_at(&mut self, at: usize) {
        if !self.at_line_start {
            self.put("\n", at);
        }
    }

    /// One `| cell | cell |` row.
    fn row(&mut self, cells: &[Out]) {
        let Some(first) = cells.first() else {
            return;
        };
        self.break_at(first.span().start);
        for (k, cell) in cells.iter().enumerate() {
            self.put(if k == 0 { "| " } else { " | " }, cell.span().start);
            match *cell {
                Out::Cell(span) => self.copy(span),
                Out::Glued(span) => self.glue(span),
            }
        }
        let end = cells.last().map_or(first.span().end, |c| c.span().end);
        self.put(" |\n", end);
    }

    /// The view of the source: the operations folded one by one.
    fn build(self, source: &str, first: &Normalized) -> Normalized {
        let mut out = Folded::default();
        let mut at_line_start = true;
        let source_at = |at: usize| first.source_offset(at);
        for op in &self.ops {
            match *op {
                Op::Copy(span) => {
                    let from = source_at(span.start);
                    let to = source_at(span.end).max(from);
                    out.fold(source, Span::new(from, to), at_line_start);
                    at_line_start = self.text[span.start..span.end].ends_with('\n');
                }
                Op::Put(layout, at) => {
                    out.push_layout(layout, source_at(at));
                    at_line_start = layout.ends_with('\n');
                }
            }
        }
        out.finish()
    }
}

/// A cell of a row the view writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Out {
    /// Copied as it is.
    Cell(Span),
    /// Figures that could not be split: copied without spaces, one cell.
    Glued(Span),
}

impl Out {
    fn span(&self) -> Span {
        match *self {
            Out::Cell(s) | Out::Glued(s) => s,
        }
    }
}

// ---------------------------------------------------------------- the dump line

/// Words a breadcrumb at the start of a page's text begins with.
const BREADCRUMBS: [&str; 4] = ["当前位置", "您的位置", "您现在的位置", "所在位置"];

/// The last words of the page chrome after a breadcrumb: share buttons,
/// version switches, the end of a commented-out block.
const CHROME_ENDS: [&str; 13] = [
    "-->",
    "相关链接:",
    "相关链接",
    "QQ空间",
    "微信",
    "微博",
    "全真版",
    "文字版",
    "文件下载",
    "打印",
    "关闭",
    "分享到:",
    "分享到",
];

/// Page chrome after the body's last sentence.
const TRAILING_CHROME: [&str; 5] = [
    "附件下载",
    "附件:",
    "相关附件",
    "【打印】【关闭】",
    "打印本页",
];

impl Plan<'_> {
    fn dump(&mut self, line: Span, headings: &[Heading]) {
        let text = self.text;
        let Some(first) = headings.first() else {
            return;
        };
        let mut pos = line.start;
        if let Some(end) = chrome_end(text, Span::new(line.start, first.start)) {
            pos = end;
        }
        // Leave out the chrome: the next copy starts after it.
        self.done = self.done.max(pos);
        let end = trailing_chrome(text, line);
        if let Some(title) = title_end(text, Span::new(pos, first.start)) {
            self.copy(Span::new(pos, title));
            self.break_at(title);
            pos = title;
        }
        self.prose(Span::new(pos, first.start), &mut ProseState::default());
        for (i, h) in headings.iter().enumerate() {
            let body_end = headings.get(i + 1).map_or(end, |n| n.start).max(h.end);
            self.break_at(h.start);
            self.copy(Span::new(h.start, h.end));
            self.break_at(h.end);
            let body = Span::new(h.end, body_end.min(end.max(h.end)));
            match h.part {
                1 => self.part_with_table(body, TableKind::Proactive),
                2 => self.part_with_table(body, TableKind::Requests),
                3 => self.part_with_table(body, TableKind::Review),
                _ => self.prose(body, &mut ProseState::default()),
            }
        }
        // The trailing chrome is left out: the next copy starts at the
        // line's end, with the line's own break.
        self.done = self.done.max(line.end);
    }

    /// A part's body: prose, its table, prose.
    fn part_with_table(&mut self, body: Span, kind: TableKind) {
        let mut state = ProseState::default();
        let Some(start) = table_start(self.text, body, kind) else {
            self.prose(body, &mut state);
            return;
        };
        self.prose(Span::new(body.start, start), &mut state);
        let region = Span::new(start, body.end);
        let after = match kind {
            TableKind::Proactive => self.table2(region),
            TableKind::Requests => self.table3(region),
            TableKind::Review => self.table4(region),
        };
        if let Some(after) = after {
            self.break_at(after);
            self.prose(Span::new(after, body.end), &mut state);
        }
    }
}

/// Where the breadcrumb and the buttons after it end, if the body starts
/// with a breadcrumb: the last chrome word among its first words, before
/// any sentence.
fn chrome_end(text: &str, head: Span) -> Option<usize> {
    let s = &text[head.start..head.end];
    let trimmed = s.trim_start();
    if !BREADCRUMBS.iter().any(|b| trimmed.starts_with(b)) {
        return None;
    }
    let mut end = None;
    let mut at = 0;
    for (n, word) in s.split(' ').enumerate() {
        let start = at;
        at += word.len() + 1;
        if n > 40 || start > 800 || word.contains('。') {
            break;
        }
        if CHROME_ENDS.iter().any(|w| word == *w || word.ends_with(w)) {
            end = Some(head.start + start + word.len());
        }
    }
    end
}

/// Where the body's text ends before the page chrome after its last
/// sentence (`… 附件下载`).
fn trailing_chrome(text: &str, line: Span) -> usize {
    let s = &text[line.start..line.end];
    let Some(last) = s.rfind(['。', '!', '?', '！', '？']) else {
        return line.end;
    };
    let tail_start = last + s[last..].chars().next().map_or(0, char::len_utf8);
    let tail = s[tail_start..].trim();
    if TRAILING_CHROME.contains(&tail) {
        line.start + tail_start
    } else {
        line.end
    }
}

/// The report's title written before the body (`…2019年政府信息公开工作年度报告
/// 根据…`): the first word, if it is a title.
fn title_end(text: &str, head: Span) -> Option<usize> {
    let s = &text[head.start..head.end];
    let lead = s.len() - s.trim_start().len();
    let word = s[lead..].split(' ').next()?;
    let is_title = word.ends_with("年度报告")
        && word.contains("政府信息公开")
        && word.chars().count() <= 60
        && !word.contains(['。', ',', '，']);
    (is_title && lead + word.len() < s.len()).then_some(head.start + lead + word.len())
}

// ---------------------------------------------------------------- prose

/// What the prose of a part has shown so far: whether its sub-headings
/// `（一）…` and its items `1.` have started (a `（二）` or `2.` is a
/// paragraph only after its list started where certain).
#[derive(Debug, Default)]
struct ProseState {
    paren: bool,
    arabic: bool,
}

/// Punctuation a paragraph's first item may follow.
fn ends_clause(c: char) -> bool {
    "。！？!?；;：:".contains(c)
}

/// A sub-heading `(三)` at `i`: the numeral and the marker's end.
fn paren_marker(text: &str, i: usize) -> Option<(u32, usize)> {
    let rest = text[i..].strip_prefix('(')?;
    let c = rest.chars().next()?;
    let n = chinese_numeral(c)?;
    let after = &rest[c.len_utf8()..];
    after
        .starts_with(')')
        .then_some((n, i + 1 + c.len_utf8() + 1))
}

/// A numbered item `2.` or `2、` at `i` (not a decimal, not a date).
fn arabic_marker(text: &str, i: usize) -> Option<(u32, usize)> {
    let rest = &text[i..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let after = &rest[digits..];
    let d = after.chars().next().filter(|d| matches!(d, '.' | '、'))?;
    let next = after[d.len_utf8()..].chars().next()?;
    if next.is_ascii_digit() || next.is_whitespace() || next == '%' {
        return None;
    }
    let n = rest[..digits].parse().ok()?;
    Some((n, i + digits + d.len_utf8()))
}

/// `一是` glued to the sub-heading it follows (`5.加强平台建设一是上线…`):
/// where it starts, when the list goes on with `二是` before the next
/// sub-heading.
fn glued_first_item(text: &str, from: usize, span: Span) -> Option<usize> {
    let s = &text[from..span.end];
    let mut prev: Option<char> = None;
    // A sub-heading is short: look at its first 40 characters.
    for (i, c) in s.char_indices().take(40) {
        if ends_clause(c) || "，,、()“”".contains(c) {
            return None;
        }
        if c == '一' && s[i..].starts_with("一是") {
            // `统一是…`, `之一是…` are words.
            let word = prev.is_some_and(|p| "统唯之第同单".contains(p));
            if i == 0 || word || prev.is_some_and(char::is_whitespace) {
                return None;
            }
            let at = from + i;
            // A list's next item is near: look a few sentences ahead.
            let mut end = (at + 1200).min(span.end);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let list = &text[at..end];
            let second = list.find("二是")?;
            let interrupted = list[..second]
                .char_indices()
                .any(|(k, _)| paren_marker(list, k).is_some());
            return (!interrupted).then_some(at);
        }
        prev = Some(c);
    }
    None
}

impl Plan<'_> {
    /// Prose, cut into paragraphs where certain: before a sub-heading
    /// `（一）` that starts a sentence (and the `（二）`… after it), before an
    /// item `1.` that starts a sentence (and the items after it), and
    /// between a sub-heading and a `一是` glued to it.
    fn prose(&mut self, span: Span, state: &mut ProseState) {
        let text = self.text;
        if text[span.start..span.end].trim().is_empty() {
            return;
        }
        let mut breaks: Vec<usize> = Vec::new();
        let mut prev: Option<char> = None;
        let mut prev_any: Option<char> = None;
        for (k, c) in text[span.start..span.end].char_indices() {
            let i = span.start + k;
            let starts = prev.is_none_or(ends_clause);
            let marker = match c {
                '(' => paren_marker(text, i).map(|(n, end)| (true, n, end)),
                '0'..='9' if !prev_any.is_some_and(|p| p.is_ascii_digit()) => {
                    arabic_marker(text, i).map(|(n, end)| (false, n, end))
                }
                _ => None,
            };
            if let Some((paren, n, end)) = marker.filter(|_| starts) {
                let open = if paren { state.paren } else { state.arabic };
                if n == 1 || open {
                    if paren {
                        state.paren = true;
                        state.arabic = false;
                    } else {
                        state.arabic = true;
                    }
                    breaks.push(i);
                    if let Some(at) = glued_first_item(text, end, span) {
                        breaks.push(at);
                    }
                }
            }
            if !c.is_whitespace() {
                prev = Some(c);
            }
            prev_any = Some(c);
        }
        breaks.sort_unstable();
        breaks.dedup();
        let mut from = span.start;
        for b in breaks {
            if b > from {
                self.copy(Span::new(from, b));
                self.break_at(b);
                from = b;
            }
        }
        self.copy(Span::new(from, span.end));
    }
}

// ---------------------------------------------------------------- tables

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    Proactive,
    Requests,
    Review,
}

/// Where a part's table starts in its body.
fn table_start(text: &str, body: Span, kind: TableKind) -> Option<usize> {
    let s = &text[body.start..body.end];
    let at = match kind {
        TableKind::Proactive => [s.find("第二十条"), s.find("信息内容")]
            .into_iter()
            .flatten()
            .min()?,
        TableKind::Requests => {
            if let Some(note) = s.find("勾稽关系") {
                // The note's opening parenthesis, a few words before.
                let from = s[..note]
                    .char_indices()
                    .rev()
                    .take(12)
                    .last()
                    .map_or(0, |(i, _)| i);
                s[from..note].rfind('(').map_or(note, |p| from + p)
            } else if let Some(h) = s.find("申请人情况") {
                h
            } else {
                let row = s.find("本年新收政府信息公开申请数量")?;
                s[..row].strip_suffix("一、").map_or(row, str::len)
            }
        }
        TableKind::Review => {
            let mut found = None;
            for (i, _) in s.match_indices("行政复议") {
                let words = vocabulary_run(s, i, &REVIEW_WORDS);
                if words >= 3 {
                    found = Some(i);
                    break;
                }
            }
            found?
        }
    };
    Some(body.start + at)
}

/// How many words of `words` follow one another in `s` from `at`
/// (white space between them allowed).
fn vocabulary_run(s: &str, at: usize, words: &[(String, usize)]) -> usize {
    let mut n = 0;
    let mut i = at;
    loop {
        let rest = &s[i..];
        let trimmed = rest.trim_start();
        i += rest.len() - trimmed.len();
        match longest_word(&s[i..], words) {
            Some(len) => {
                n += 1;
                i += len;
            }
            None => return n,
        }
    }
}

/// The byte length of the longest word of `words` `s` starts with
/// (spaces inside a word allowed, as in `商业 企业`).
fn longest_word(s: &str, words: &[(String, usize)]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (key, _) in words {
        if let Some(len) = starts_with_key(s, key) {
            if best.is_none_or(|b| len > b) {
                best = Some(len);
            }
        }
    }
    best
}

/// The byte length of the prefix of `s` whose key is `key`: the key's
/// characters in order, with only white space (and the punctuation a key
/// leaves out) between them.
fn starts_with_key(s: &str, key: &str) -> Option<usize> {
    let mut wanted = key.chars().peekable();
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let Some(&w) = wanted.peek() else {
            break;
        };
        if c == w {
            wanted.next();
            end = i + c.len_utf8();
        } else if !(end > 0 && (c.is_whitespace() || labels::is_key_skip(c)) && c != '。') {
            return None;
        }
    }
    if wanted.peek().is_some() {
        return None;
    }
    // A word's closing brackets are the word's (`（单位：万元）`).
    let closers = s[end..]
        .chars()
        .take_while(|c| matches!(c, ')' | '）' | '】' | '」' | '”'))
        .map(char::len_utf8)
        .sum::<usize>();
    Some(end + closers)
}

/// Table 四's header words (keys, and an unused tag).
static REVIEW_WORDS: LazyLock<Vec<(String, usize)>> = LazyLock::new(|| {
    crate::template::REVIEW_HEADER_WORDS
        .iter()
        .map(|w| (labels::key(w), 0))
        .collect()
});

/// Table 三's header words besides its note.
static REQUEST_WORDS: LazyLock<Vec<(String, usize)>> = LazyLock::new(|| {
    crate::template::REQUEST_HEADER
        .iter()
        .map(|(w, _)| (labels::key(w), 0))
        .collect()
});

/// What table 二's words are: tags of [`PROACTIVE_WORDS`].
const BANNER: usize = 1;
const INFO: usize = 2;
const COLUMN: usize = 3;
const ROW: usize = 4;

/// Table 二's words: banners (tag [`BANNER`] + 10 × item), `信息内容`,
/// column names, row labels, of both templates.
static PROACTIVE_WORDS: LazyLock<Vec<(String, usize)>> = LazyLock::new(|| {
    let mut words: Vec<(String, usize)> = Vec::new();
    for item in ["一", "五", "六", "八", "九"] {
        let n = item.chars().next().and_then(chinese_numeral).unwrap_or(0) as usize;
        words.push((format!("第二十条第{item}项"), BANNER + 10 * n));
    }
    words.push(("信息内容".into(), INFO));
    for block in PROACTIVE_2021.iter().chain(PROACTIVE_2019.iter()) {
        for c in block.columns {
            words.push((labels::key(c), COLUMN));
        }
        for r in block.rows {
            words.push((labels::key(r), ROW));
        }
    }
    words.push((labels::key("其他主动公开文件"), ROW));
    words.sort();
    words.dedup();
    words
});

/// A piece of a table's text: words, or a run of figures.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Text(Span),
    Run(Run),
}

/// A run of figures: its characters as units, each knowing whether a cell
/// must start at it (after a space, at a mark, at a sign).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    span: Span,
    units: Vec<Unit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Unit {
    span: Span,
    kind: UnitKind,
    /// A cell starts here: the run's first unit, after a space, at or after
    /// a mark, at a sign.
    starts: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    Digit(u8),
    /// A decimal point between digits.
    Dot,
    /// `-` before digits (table 二's `本年增/减`).
    Sign,
    /// A cell of its own meaning "not applicable": `/`, `-`, `—`.
    Mark,
    /// `元` or `万元` after the last figure (table 二's amounts).
    Unit,
}

fn is_mark(c: char) -> bool {
    matches!(c, '/' | '\\' | '-' | '–' | '—')
}

/// The next character of `s` after `i` that is not white space.
fn next_solid(s: &str, i: usize) -> Option<char> {
    s[i..].chars().find(|c| !c.is_whitespace())
}

/// The previous character of `s` before `i` that is not white space.
fn prev_solid(s: &str, i: usize) -> Option<char> {
    s[..i].chars().rev().find(|c| !c.is_whitespace())
}

/// Whether a run of figures starts at `i` of `s`.
fn run_starts(s: &str, i: usize) -> bool {
    let Some(c) = s[i..].chars().next() else {
        return false;
    };
    if c.is_ascii_digit() {
        return true;
    }
    if !is_mark(c) {
        return false;
    }
    let figure = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || is_mark(c));
    figure(next_solid(s, i + c.len_utf8())) || figure(prev_solid(s, i))
}

/// The pieces of a table's text (offsets of `text`). `signs`: a `-`
/// before digits is a sign, and `元` after figures their unit (table 二).
fn items(text: &str, region: Span, signs: bool) -> Vec<Item> {
    let s = &text[region.start..region.end];
    let mut out = Vec::new();
    let mut i = 0;
    let mut text_from: Option<usize> = None;
    while i < s.len() {
        if !run_starts(s, i) {
            if text_from.is_none() {
                text_from = Some(i);
            }
            i += s[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        if let Some(from) = text_from.take() {
            out.push(Item::Text(Span::new(region.start + from, region.start + i)));
        }
        let (run, end) = scan_run(s, i, region.start, signs);
        out.push(Item::Run(run));
        i = end;
    }
    if let Some(from) = text_from {
        out.push(Item::Text(Span::new(region.start + from, region.end)));
    }
    out
}

/// The run of figures starting at `i` of `s`; offsets are `base + …`.
fn scan_run(s: &str, i: usize, base: usize, signs: bool) -> (Run, usize) {
    let bytes = s.as_bytes();
    let mut units: Vec<Unit> = Vec::new();
    let mut j = i;
    let mut after_space = true;
    let mut after_mark = false;
    while j < s.len() {
        let Some(c) = s[j..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let span = Span::new(base + j, base + j + len);
        if c.is_ascii_digit() {
            units.push(Unit {
                span,
                kind: UnitKind::Digit(c as u8 - b'0'),
                starts: after_space || after_mark,
            });
            after_space = false;
            after_mark = false;
        } else if c == '.'
            && units
                .last()
                .is_some_and(|u| matches!(u.kind, UnitKind::Digit(_)))
            && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
        {
            units.push(Unit {
                span,
                kind: UnitKind::Dot,
                starts: false,
            });
        } else if c == '-' && signs && bytes.get(j + 1).is_some_and(u8::is_ascii_digit) {
            units.push(Unit {
                span,
                kind: UnitKind::Sign,
                starts: true,
            });
            after_space = false;
            after_mark = false;
        } else if is_mark(c) {
            // `——` and `--` are one mark.
            let doubled = matches!(c, '-' | '—')
                && units.last().is_some_and(|u| {
                    u.kind == UnitKind::Mark
                        && u.span.end == base + j
                        && u.span.len() == len
                        && s[u.span.start - base..].starts_with(c)
                });
            if doubled {
                if let Some(last) = units.last_mut() {
                    last.span.end = span.end;
                }
            } else {
                units.push(Unit {
                    span,
                    kind: UnitKind::Mark,
                    starts: true,
                });
            }
            after_mark = true;
            after_space = false;
        } else if c.is_whitespace() {
            // Spaces inside a run: a cell boundary, if figures follow.
            let rest = &s[j..];
            let solid = rest.trim_start();
            let next = solid.chars().next();
            if next.is_some_and(|n| n.is_ascii_digit() || is_mark(n)) {
                j += rest.len() - solid.len();
                after_space = true;
                continue;
            }
            break;
        } else if signs && !units.is_empty() && (s[j..].starts_with("万元") || c == '元') {
            let unit_len = if s[j..].starts_with("万元") {
                "万元".len()
            } else {
                len
            };
            units.push(Unit {
                span: Span::new(base + j, base + j + unit_len),
                kind: UnitKind::Unit,
                starts: false,
            });
            j += unit_len;
            break;
        } else {
            break;
        }
        j += len;
    }
    let span = Span::new(
        units.first().map_or(base + i, |u| u.span.start),
        units.last().map_or(base + i, |u| u.span.end),
    );
    (Run { span, units }, j.max(i + 1))
}

/// What the split of a run found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reading {
    /// Exactly one reading: the cells' spans.
    One(Vec<Span>),
    /// No reading, or more than one, or too many figures to look.
    Unread,
}

/// A row's identity, checked on its figures (marks count as nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    /// Table 二: none; a reading must be the only split there is.
    None,
    /// The last figure is the sum of the others (table 三's rows: 7).
    Total,
    /// Groups of five whose last is the sum of the four before (table 四).
    Groups,
}

/// Splits a run into `width` cells, if exactly one split there is, or
/// else exactly one split satisfies `identity`. The first reading is
/// certain whatever the figures say, so a row that does not add up
/// (`1000000`: 自然人 1, 总计 0) is read, and reported by the rules.
fn split(run: &Run, width: usize, identity: Identity, max_units: usize) -> Reading {
    let units = &run.units;
    if units.is_empty() || units.len() > max_units || width == 0 || units.len() < width {
        return Reading::Unread;
    }
    let counts = identity != Identity::None;
    let search = |identity| {
        let mut search = Search {
            units,
            width,
            identity,
            counts,
            cells: Vec::with_capacity(width),
            found: Vec::new(),
            solutions: 0,
            steps: 0,
        };
        search.go(0);
        (search.steps <= SPLIT_BUDGET && search.solutions == 1).then_some(search.found)
    };
    let Some(found) = search(Identity::None).or_else(|| search(identity).filter(|_| counts)) else {
        return Reading::Unread;
    };
    Reading::One(
        found
            .iter()
            .map(|r| Span::new(units[r.start].span.start, units[r.end - 1].span.end))
            .collect(),
    )
}

struct Search<'u> {
    units: &'u [Unit],
    width: usize,
    identity: Identity,
    /// Cells are counts (tables 三 and 四): digits only.
    counts: bool,
    cells: Vec<std::ops::Range<usize>>,
    found: Vec<std::ops::Range<usize>>,
    solutions: usize,
    steps: usize,
}

impl Search<'_> {
    fn go(&mut self, at: usize) {
        self.steps += 1;
        if self.solutions > 1 || self.steps > SPLIT_BUDGET {
            return;
        }
        let n = self.units.len();
        if self.cells.len() == self.width {
            if at == n && self.holds() {
                self.solutions += 1;
                self.found = self.cells.clone();
            }
            return;
        }
        let left = self.width - self.cells.len();
        // Each remaining cell needs a unit.
        let last = if left == 1 { n } else { n - (left - 1) };
        for end in at + 1..=last {
            // A cell never runs over a boundary the text fixes.
            if end > at + 1 && self.units[end - 1].starts {
                break;
            }
            if left == 1 && end != n {
                continue;
            }
            // Table 三: no figure is larger than the total, which is what
            // is left after one unit for each cell between.
            if self.identity == Identity::Total && left > 1 && end - at > n - end - (left - 2) {
                break;
            }
            if !self.valid(at..end) {
                // A leading zero or a mark stays invalid however long.
                if self.dead(at..end) {
                    break;
                }
                continue;
            }
            // Table 四: a group's fifth cell is the sum of its four.
            if self.identity == Identity::Groups && (self.cells.len() + 1).is_multiple_of(5) {
                let group = self.cells.len() + 1 - 5;
                let sum: Option<u128> = self.cells[group..]
                    .iter()
                    .map(|r| self.value(r.clone()))
                    .sum();
                if sum != self.value(at..end) {
                    continue;
                }
            }
            self.cells.push(at..end);
            self.go(end);
            self.cells.pop();
            if self.solutions > 1 || self.steps > SPLIT_BUDGET {
                return;
            }
        }
    }

    /// Whether `r` is a cell: a mark alone, or a figure without a leading
    /// zero (a count, or for table 二 a signed decimal with a unit).
    fn valid(&self, r: std::ops::Range<usize>) -> bool {
        let cell = &self.units[r];
        if cell.iter().any(|u| u.kind == UnitKind::Mark) {
            return cell.len() == 1;
        }
        let mut digits = cell;
        if let Some((first, rest)) = digits.split_first() {
            if first.kind == UnitKind::Sign {
                if self.counts {
                    return false;
                }
                digits = rest;
            }
        }
        if let Some((last, rest)) = digits.split_last() {
            if last.kind == UnitKind::Unit {
                if self.counts {
                    return false;
                }
                digits = rest;
            }
        }
        if digits.is_empty() || cell.iter().skip(1).any(|u| u.kind == UnitKind::Sign) {
            return false;
        }
        let dots = digits.iter().filter(|u| u.kind == UnitKind::Dot).count();
        if dots > 1 || (dots == 1 && self.counts) {
            return false;
        }
        if digits.first().is_some_and(|u| u.kind == UnitKind::Dot)
            || digits.last().is_some_and(|u| u.kind == UnitKind::Dot)
            || digits
                .iter()
                .any(|u| !matches!(u.kind, UnitKind::Digit(_) | UnitKind::Dot))
        {
            return false;
        }
        let whole = digits
            .iter()
            .take_while(|u| matches!(u.kind, UnitKind::Digit(_)))
            .count();
        // No leading zero; at most 15 digits (no count has more).
        !(whole > 1 && digits[0].kind == UnitKind::Digit(0)) && whole <= 15
    }

    /// Whether no longer cell starting like `r` can be valid either.
    fn dead(&self, r: std::ops::Range<usize>) -> bool {
        let cell = &self.units[r];
        let first = cell[0];
        first.kind == UnitKind::Mark
            || (self.counts && first.kind == UnitKind::Digit(0))
            || (cell.len() > 1 && cell[1..].iter().any(|u| u.kind == UnitKind::Unit))
            || cell.len() > 24
    }

    /// A count's value; a mark is nothing (0).
    fn value(&self, r: std::ops::Range<usize>) -> Option<u128> {
        let mut v: u128 = 0;
        for u in &self.units[r] {
            match u.kind {
                UnitKind::Digit(d) => v = v.checked_mul(10)?.checked_add(u128::from(d))?,
                UnitKind::Mark => return Some(0),
                _ => return None,
            }
        }
        Some(v)
    }

    fn holds(&self) -> bool {
        match self.identity {
            Identity::None | Identity::Groups => true,
            Identity::Total => {
                let (total, parts) = match self.cells.split_last() {
                    Some(x) => x,
                    None => return false,
                };
                let sum: Option<u128> = parts.iter().map(|r| self.value(r.clone())).sum();
                sum.is_some() && sum == self.value(total.clone())
            }
        }
    }
}

impl Plan<'_> {
    /// Writes a row's figures: split cells, or one glued cell. `width` 1:
    /// the run is the cell; its spaces are kept, so a run of two figures
    /// where one belongs is two cells and the row is not read.
    fn figures(run: &Run, width: Option<usize>, identity: Identity, max: usize) -> Vec<Out> {
        match width.map(|w| split(run, w, identity, max)) {
            Some(Reading::One(cells)) => cells.into_iter().map(Out::Cell).collect(),
            _ if width == Some(1) => vec![Out::Cell(run.span)],
            _ => vec![Out::Glued(run.span)],
        }
    }

    /// Table 二's figures: split cells; or, when no split is certain, the
    /// pieces the text itself sets apart (at spaces, signs, marks) — each
    /// one a figure the reader takes for a cell (a glued `2648-18538`
    /// would be words to it, and so a row label), and never as many as the
    /// row's columns, so the reader does not take the row.
    fn proactive_figures(run: &Run, width: Option<usize>) -> Vec<Out> {
        let read = Self::figures(run, width, Identity::None, MAX_PROACTIVE_UNITS);
        if !matches!(read.as_slice(), [Out::Glued(_)]) {
            return read;
        }
        let mut pieces: Vec<Span> = Vec::new();
        for u in &run.units {
            match pieces.last_mut() {
                Some(last) if !u.starts => last.end = u.span.end,
                _ => pieces.push(u.span),
            }
        }
        if width.is_some_and(|w| pieces.len() == w) {
            return read;
        }
        pieces.into_iter().map(Out::Cell).collect()
    }

    // ------------------------------------------------------------ table 三

    /// Table 三 as rows; returns where prose after it starts.
    fn table3(&mut self, region: Span) -> Option<usize> {
        let text = self.text;
        let items = attribute_sub_numbers(text, items(text, region, false));
        // Labels: each text cut at its ordinals.
        let mut pieces: Vec<Item> = Vec::new();
        for item in items {
            match item {
                Item::Text(span) => {
                    pieces.extend(cut_labels(text, span).into_iter().map(Item::Text))
                }
                run => pieces.push(run),
            }
        }
        let tail = request_table_end(text, &pieces);
        if let Some(t) = tail {
            pieces.retain(|i| item_span(i).start < t);
        }
        let first_row = pieces.iter().position(|p| match p {
            Item::Text(s) => is_request_label(&text[s.start..s.end]),
            Item::Run(_) => true,
        });
        let (header, rows) = pieces.split_at(first_row.unwrap_or(pieces.len()));
        let mut cells: Vec<Out> = Vec::new();
        for piece in header {
            if let Item::Text(span) = piece {
                cells.extend(header_cells(text, *span, &REQUEST_WORDS));
            }
        }
        self.row(&cells);
        let mut pending: Vec<Out> = Vec::new();
        let mut written = 0;
        for piece in rows {
            match piece {
                Item::Text(span) => {
                    let trimmed = trim(text, *span);
                    if !trimmed.is_empty() {
                        pending.push(Out::Cell(trimmed));
                    }
                }
                Item::Run(run) => {
                    written += 1;
                    let width = (written <= MAX_ROWS).then_some(7);
                    let mut cells = std::mem::take(&mut pending);
                    cells.extend(Self::figures(run, width, Identity::Total, MAX_ROW_UNITS));
                    self.row(&cells);
                }
            }
        }
        self.row(&pending);
        tail
    }

    // ------------------------------------------------------------ table 四

    fn table4(&mut self, region: Span) -> Option<usize> {
        let text = self.text;
        let mut items = items(text, region, false);
        // The header, then the fifteen figures in one run: what follows
        // them is not the table's.
        let figures = items.iter().position(|i| matches!(i, Item::Run(_)));
        let tail = figures
            .and_then(|f| items.get(f + 1))
            .map(|i| item_span(i).start);
        if let Some(t) = tail {
            items.retain(|i| item_span(i).start < t);
        }
        let mut pending: Vec<Out> = Vec::new();
        for item in &items {
            match item {
                Item::Text(span) => pending.extend(header_cells(text, *span, &REVIEW_WORDS)),
                Item::Run(run) => {
                    self.row(&std::mem::take(&mut pending));
                    let cells = Self::figures(run, Some(15), Identity::Groups, MAX_REVIEW_UNITS);
                    self.row(&cells);
                }
            }
        }
        self.row(&pending);
        tail
    }

    // ------------------------------------------------------------ table 二

    fn table2(&mut self, region: Span) -> Option<usize> {
        let text = self.text;
        // The words, each with its tag (`None`: words no template has).
        let mut pieces: Vec<(Option<usize>, Item)> = Vec::new();
        for item in items(text, region, true) {
            match item {
                Item::Text(span) => {
                    for (tag, span) in words(text, span, &PROACTIVE_WORDS) {
                        pieces.push((tag, Item::Text(span)));
                    }
                }
                run => pieces.push((None, run)),
            }
        }
        // Once rows have figures, words no template has that read like a
        // sentence or a sub-heading are prose after the table.
        let mut figures = false;
        let tail = pieces.iter().find_map(|(tag, item)| match item {
            Item::Run(_) => {
                figures = true;
                None
            }
            Item::Text(span) => (figures && tag.is_none() && is_prose(&text[span.start..span.end]))
                .then_some(span.start),
        });
        if let Some(t) = tail {
            pieces.retain(|(_, i)| item_span(i).start < t);
        }
        let mut block = Block::default();
        let mut written = 0;
        for (k, (tag, piece)) in pieces.iter().enumerate() {
            let span = match piece {
                Item::Run(run) => {
                    self.flush_header(&mut block);
                    written += 1;
                    let width = if written <= MAX_ROWS && block.known {
                        block_width(text, block.item, &block.columns)
                    } else {
                        None
                    };
                    let mut cells: Vec<Out> = block.label.take().into_iter().collect();
                    cells.extend(Self::proactive_figures(run, width));
                    self.row(&cells);
                    block.in_rows = true;
                    continue;
                }
                Item::Text(span) => *span,
            };
            if let Some(l) = block.label.take() {
                self.row(&[l]);
            }
            let next_is_run = matches!(pieces.get(k + 1), Some((_, Item::Run(_))));
            match *tag {
                Some(t) if t % 10 == BANNER => {
                    self.flush_header(&mut block);
                    block = Block {
                        item: Some(t / 10),
                        known: true,
                        ..Block::default()
                    };
                    self.row(&[Out::Cell(span)]);
                }
                Some(INFO) => {
                    self.flush_header(&mut block);
                    block.columns.clear();
                    block.in_rows = false;
                    block.header.push(Out::Cell(span));
                }
                Some(COLUMN) if !next_is_run => {
                    if block.in_rows {
                        // A header again without a banner: a block the
                        // text does not name.
                        block.columns.clear();
                        block.in_rows = false;
                        block.item = None;
                    }
                    block.columns.push(span);
                    block.header.push(Out::Cell(span));
                }
                None if !block.in_rows && !next_is_run && !block.header.is_empty() => {
                    // Words among the column names that no template has:
                    // which columns there are is not certain.
                    block.known = false;
                    block.header.push(Out::Cell(span));
                }
                _ => {
                    // A row's label (or words no template has before
                    // figures: a label whose row the reader will not take).
                    self.flush_header(&mut block);
                    block.label = Some(Out::Cell(span));
                }
            }
        }
        self.flush_header(&mut block);
        if let Some(l) = block.label.take() {
            self.row(&[l]);
        }
        tail
    }

    fn flush_header(&mut self, block: &mut Block) {
        if !block.header.is_empty() {
            let header = std::mem::take(&mut block.header);
            self.row(&header);
        }
    }
}

/// A block of table 二 as it is written.
#[derive(Debug, Default)]
struct Block {
    /// The 第二十条 item of its banner.
    item: Option<usize>,
    /// Its column names.
    columns: Vec<Span>,
    /// Its header row, not yet written.
    header: Vec<Out>,
    /// A row label waiting for its figures.
    label: Option<Out>,
    in_rows: bool,
    /// Every word of its header is a template's.
    known: bool,
}

/// Where table 三 ends: after the figures of its last row, 四、结转下年度继续
/// 办理, or at a sentence.
fn request_table_end(text: &str, pieces: &[Item]) -> Option<usize> {
    for (k, piece) in pieces.iter().enumerate() {
        let Item::Text(span) = piece else {
            continue;
        };
        let s = &text[span.start..span.end];
        if s.contains('。') {
            return Some(span.start);
        }
        let label = labels::split(s);
        let last_row =
            label.top == Some(4) && labels::close_enough(&label.key, "结转下年度继续办理");
        if last_row && matches!(pieces.get(k + 1), Some(Item::Run(_))) {
            return pieces.get(k + 2).map(|p| item_span(p).start);
        }
    }
    None
}

/// Words that read like prose rather than a table's label: a sentence's
/// punctuation, a sub-heading's ordinal, or too long for a label.
fn is_prose(s: &str) -> bool {
    s.contains(['。', '，', ',', '；', ';', '：', ':', '！', '？'])
        || paren_marker(s, 0).is_some()
        || s.chars().next().and_then(chinese_numeral).is_some() && s[3..].starts_with('、')
        || s.chars().count() > 30
}

fn item_span(item: &Item) -> Span {
    match item {
        Item::Text(s) => *s,
        Item::Run(r) => r.span,
    }
}

/// `span` without white space at its ends.
fn trim(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = (span.end - (s.len() - s.trim_end().len())).max(start);
    Span::new(start, end)
}

/// How many cells a row of table 二 has: the columns of the template's
/// block for the banner's item, when the header names exactly them.
fn block_width(text: &str, item: Option<usize>, columns: &[Span]) -> Option<usize> {
    let item = item?;
    let written: Vec<String> = columns
        .iter()
        .map(|c| labels::key(&text[c.start..c.end]))
        .collect();
    PROACTIVE_2021
        .iter()
        .chain(PROACTIVE_2019.iter())
        .filter(|b| usize::from(b.item) == item)
        .find(|b| {
            b.columns.len() == written.len()
                && b.columns
                    .iter()
                    .zip(&written)
                    .all(|(c, w)| labels::key(c) == *w)
        })
        .map(|b| b.columns.len())
}

/// `span` cut into the words of `vocabulary` (tag `Some`) and the stretches
/// between them (tag `None`), trimmed.
fn words(text: &str, span: Span, vocabulary: &[(String, usize)]) -> Vec<(Option<usize>, Span)> {
    let s = &text[span.start..span.end];
    let mut out: Vec<(Option<usize>, Span)> = Vec::new();
    let mut unknown: Option<usize> = None;
    let mut i = 0;
    let push_unknown = |out: &mut Vec<(Option<usize>, Span)>, from: usize, to: usize| {
        let t = trim(text, Span::new(span.start + from, span.start + to));
        if !t.is_empty() {
            out.push((None, t));
        }
    };
    while i < s.len() {
        let c = s[i..].chars().next().map_or(' ', |c| c);
        let best = if c.is_whitespace() {
            None
        } else {
            vocabulary
                .iter()
                .filter_map(|(key, tag)| starts_with_key(&s[i..], key).map(|len| (len, *tag)))
                .max_by_key(|(len, _)| *len)
        };
        match best {
            Some((len, tag)) => {
                if let Some(from) = unknown.take() {
                    push_unknown(&mut out, from, i);
                }
                out.push((Some(tag), Span::new(span.start + i, span.start + i + len)));
                i += len;
            }
            None => {
                if unknown.is_none() {
                    unknown = Some(i);
                }
                i += c.len_utf8();
            }
        }
    }
    if let Some(from) = unknown {
        push_unknown(&mut out, from, s.len());
    }
    out
}

/// Header cells of a table: its words, the note `（本列数据的勾稽关系为：…）`
/// as one cell, words no template has as cells of their own.
fn header_cells(text: &str, span: Span, vocabulary: &[(String, usize)]) -> Vec<Out> {
    let s = &text[span.start..span.end];
    let mut out = Vec::new();
    let mut rest = span;
    if let Some(note) = s.find("勾稽关系") {
        let open = s[..note].rfind('(').unwrap_or(note);
        let close = s[note..].find(')').map_or(s.len(), |c| note + c + 1);
        for (_, w) in words(text, Span::new(span.start, span.start + open), vocabulary) {
            out.push(Out::Cell(w));
        }
        let note_span = trim(text, Span::new(span.start + open, span.start + close));
        if !note_span.is_empty() {
            out.push(Out::Cell(note_span));
        }
        rest = Span::new(span.start + close, span.end);
    }
    for (_, w) in words(text, rest, vocabulary) {
        out.push(Out::Cell(w));
    }
    out
}

/// Whether a piece of table 三's text is a row or group label (not a header
/// word): it starts with an ordinal or a sub-row number, or is a sub-row's
/// words.
fn is_request_label(s: &str) -> bool {
    let split = labels::split(s);
    split.top.is_some() || split.paren.is_some() || split.sub.is_some() || sub_row_words(&split.key)
}

/// Whether `key` is the words of one of table 三's sub-rows (or close).
fn sub_row_words(key: &str) -> bool {
    static KEYS: LazyLock<Vec<String>> = LazyLock::new(|| {
        RequestGroup::ALL
            .iter()
            .flat_map(|g| g.sub_rows(TemplateVersion::V2021).iter())
            .map(|w| labels::key(w))
            .collect()
    });
    !key.is_empty() && labels::best_match(key, KEYS.iter().map(|k| (k.as_str(), ()))).is_some()
}

/// Table 三's text pieces cut before each ordinal (`一、`, `（三）`): the
/// crawler glued `三、本年度办理结果（一）予以公开`.
fn cut_labels(text: &str, span: Span) -> Vec<Span> {
    let s = &text[span.start..span.end];
    let mut cuts = vec![0];
    for (i, c) in s.char_indices() {
        if i == 0 {
            continue;
        }
        let top =
            chinese_numeral(c).is_some_and(|n| n <= 4) && s[i + c.len_utf8()..].starts_with('、');
        if top || (c == '(' && paren_marker(s, i).is_some()) {
            cuts.push(i);
        }
    }
    cuts.push(s.len());
    cuts.windows(2)
        .map(|w| trim(text, Span::new(span.start + w[0], span.start + w[1])))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The digit before `.` that starts a numbered sub-row belongs to its
/// label, not to the figures before it (`00000002.其他法律…`): the
/// template numbers sub-rows 1 to 8.
fn attribute_sub_numbers(text: &str, items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for item in items {
        let Item::Text(label) = item else {
            out.push(item);
            continue;
        };
        let s = &text[label.start..label.end];
        let sep = s.chars().next().filter(|c| matches!(c, '.' | '、' | '．'));
        let number = match (sep, out.last()) {
            (Some(sep), Some(Item::Run(run))) if s.len() > sep.len_utf8() => run
                .units
                .last()
                .copied()
                .filter(|u| matches!(u.kind, UnitKind::Digit(_)) && u.span.end == label.start)
                .filter(|_| {
                    // The words up to the next ordinal: the sub-row's own.
                    cut_labels(text, Span::new(label.start + sep.len_utf8(), label.end))
                        .first()
                        .is_some_and(|w| sub_row_words(&labels::key(&text[w.start..w.end])))
                }),
            _ => None,
        };
        let Some(number) = number else {
            out.push(Item::Text(label));
            continue;
        };
        if let Some(Item::Run(run)) = out.last_mut() {
            run.units.pop();
            match run.units.last().map(|u| u.span.end) {
                Some(end) => run.span.end = end,
                None => {
                    out.pop();
                }
            }
        }
        out.push(Item::Text(Span::new(number.span.start, label.end)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2021 dump of a small report (simplified, full-width punctuation
    /// as the crawler keeps it).
    fn dump(table3: &str, table4: &str) -> String {
        let mut s = String::from(
            "标题: 青溪县2021年度政府信息公开工作年度报告\n发布时间: 2022-01-20 09:30\n==================== 正文 ====================\n",
        );
        s.push_str("当前位置： 首页政务公开 青溪县2021年度政府信息公开工作年度报告 来源：青溪县 时间：2022-01-20 微信 微博 QQ空间 相关链接： --> ");
        s.push_str("本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据统计期限为2021年1月1日至2021年12月31日。");
        s.push_str("一、总体情况2021年，青溪县持续推进政府信息公开工作，坚持以公开为常态、不公开为例外，围绕中心工作做好各项公开。");
        s.push_str("（一）主动公开全年主动公开政府信息326条。（二）依申请公开全年共收到政府信息公开申请9件。");
        s.push_str(
            "（三）政府信息管理一是严格落实保密审查；二是动态更新公开指南；三是清理过期信息。",
        );
        s.push_str("二、主动公开政府信息情况 第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件4 1 23");
        s.push_str("第二十条第（五）项信息内容本年处理决定数量行政许可1286第二十条第（六）项信息内容本年处理决定数量行政处罚157行政强制12");
        s.push_str("第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费35.62");
        s.push_str("三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他");
        s.push_str(table3);
        s.push_str("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计");
        s.push_str(table4);
        s.push_str("五、存在的主要问题及改进情况（一）存在的主要问题一是公开深度不够；二是解读形式单一。（二）改进情况一是扩大公开范围；二是丰富解读形式。");
        s.push_str("六、其他需要报告的事项本年度未收取信息处理费。 附件下载");
        s
    }

    const TABLE3: &str = "一、本年新收政府信息公开申请数量8000019二、上年结转政府信息公开申请数量0000000三、本年度办理结果（一）予以公开5000005（二）部分公开（区分处理的，只计这一情形，不计其他情形）1000001（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益00000005.属于三类内部事务信息00000006.属于四类过程性信息00000007.属于行政执法案卷00000008.属于行政查询事项0000000（四）无法提供1.本机关不掌握相关政府信息10000012.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请00000002.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请00000005.要求行政机关确认或重新出具已获取信息0000000（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他0000000（七）总计7000018四、结转下年度继续办理1000001";
    const TABLE4: &str = "210141010210001";

    fn view_of(text: &str) -> Normalized {
        view(text).expect("a dump")
    }

    fn run_of(s: &str) -> Run {
        match items(s, Span::new(0, s.len()), false).into_iter().next() {
            Some(Item::Run(r)) => r,
            other => panic!("not a run: {other:?}"),
        }
    }

    fn cells(s: &str, width: usize, identity: Identity) -> Option<Vec<String>> {
        match split(&run_of(s), width, identity, 60) {
            Reading::One(spans) => Some(
                spans
                    .iter()
                    .map(|c| s[c.start..c.end].to_string())
                    .collect(),
            ),
            Reading::Unread => None,
        }
    }

    #[test]
    fn splits_a_row_only_when_one_reading_satisfies_its_identity() {
        // The real Pingtan 2021 row 一: 64 0 0 2 0 4 | 70.
        assert_eq!(
            cells("640020470", 7, Identity::Total).unwrap(),
            ["64", "0", "0", "2", "0", "4", "70"]
        );
        // Spaces are cell boundaries: 23 0 0 0 0 0 | 23 (Pingtan 2019).
        assert_eq!(
            cells("230 000023", 7, Identity::Total).unwrap(),
            ["23", "0", "0", "0", "0", "0", "23"]
        );
        assert_eq!(
            cells("20 0 00 0 121", 7, Identity::Total).unwrap(),
            ["20", "0", "0", "0", "0", "1", "21"]
        );
        // 1 1 0 0 0 0 | 2 and 11 0 0 0 0 0 | 11 both hold for "1100002"?
        // No: seven digits, seven cells. Two readings do exist for this:
        let two = "1010000011";
        // 10 1 0 0 0 0 | 11 and 1 0 10 0 0 0 | 11
        assert!(cells(two, 7, Identity::Total).is_none());
        // The only split there is is read even when it does not add up
        // (a B001 defect the rules report: Haitan 2021's `1000000`) ...
        assert_eq!(
            cells("5000006", 7, Identity::Total).unwrap(),
            ["5", "0", "0", "0", "0", "0", "6"]
        );
        // ... but of two splits (50 0 0 0 0 1 | 6, 5 0 0 0 0 0 | 16), none
        // of which adds up, neither is.
        assert!(cells("50000016", 7, Identity::Total).is_none());
        // Leading zeros are never a cell; a lone 0 is.
        assert_eq!(cells("0000000", 7, Identity::Total).unwrap(), vec!["0"; 7]);
        // Marks are cells of their own and count as nothing.
        assert_eq!(
            cells("0000/00", 7, Identity::Total).unwrap(),
            ["0", "0", "0", "0", "/", "0", "0"]
        );
        // Table 四: three groups of five.
        assert_eq!(
            cells("10203120001200000", 15, Identity::Groups).unwrap(),
            ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
        );
        // Too many digits: not looked at.
        assert!(cells(&"1".repeat(40), 7, Identity::Total).is_none());
    }

    #[test]
    fn table_2_cells_are_read_only_when_the_split_is_the_only_one() {
        assert_eq!(cells("000", 3, Identity::None).unwrap(), ["0", "0", "0"]);
        assert_eq!(
            cells("4 1 23", 3, Identity::None).unwrap(),
            ["4", "1", "23"]
        );
        assert!(cells("693665", 3, Identity::None).is_none());
        let s = "58 -2 1190";
        let run = match items(s, Span::new(0, s.len()), true).remove(0) {
            Item::Run(r) => r,
            _ => unreachable!(),
        };
        let Reading::One(found) = split(&run, 3, Identity::None, 40) else {
            panic!("one reading");
        };
        let found: Vec<&str> = found.iter().map(|c| &s[c.start..c.end]).collect();
        assert_eq!(found, ["58", "-2", "1190"]);
    }

    #[test]
    fn headings_are_found_mid_line_and_misprints_kept() {
        let text = dump(TABLE3, TABLE4);
        let v = view_of(&text);
        let lines: Vec<&str> = v.text.lines().collect();
        for heading in [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ] {
            assert!(lines.contains(&heading), "{heading}\n{}", v.text);
        }
        let misprint = text.replace("四、政府信息公开行政复议", "四、政府信息公开行政法复议");
        let v = view_of(&misprint);
        assert!(
            v.text
                .lines()
                .any(|l| l == "四、政府信息公开行政法复议、行政诉讼情况"),
            "{}",
            v.text
        );
        // The chrome is left out of the view, the header lines kept.
        assert!(!v.text.contains("当前位置"));
        assert!(!v.text.contains("附件下载"));
        assert!(v.text.contains("发布时间: 2022-01-20"));
    }

    #[test]
    fn tables_become_pipe_rows() {
        let text = dump(TABLE3, TABLE4);
        let v = view_of(&text);
        for row in [
            "| 规章 | 0 | 0 | 0 |",
            "| 行政规范性文件 | 4 | 1 | 23 |",
            "| 行政事业性收费 | 35.62 |",
            "| 一、本年新收政府信息公开申请数量 | 8 | 0 | 0 | 0 | 0 | 1 | 9 |",
            "| 三、本年度办理结果 | (一)予以公开 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
            "| (三)不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| (七)总计 | 7 | 0 | 0 | 0 | 0 | 1 | 8 |",
            "| 2 | 1 | 0 | 1 | 4 | 1 | 0 | 1 | 0 | 2 | 1 | 0 | 0 | 0 | 1 |",
        ] {
            assert!(v.text.lines().any(|l| l == row), "{row}\n{}", v.text);
        }
        assert!(v
            .text
            .lines()
            .any(|l| l.starts_with("| (本列数据的勾稽关系为")));
        // Sub-headings start paragraphs; a 一是 glued to one is its own.
        assert!(
            v.text.lines().any(|l| l == "(三)政府信息管理"),
            "{}",
            v.text
        );
        assert!(v
            .text
            .lines()
            .any(|l| l.starts_with("一是严格落实保密审查")));
    }

    #[test]
    fn an_ambiguous_row_is_one_glued_cell() {
        let table3 = TABLE3.replace("（一）予以公开5000005", "（一）予以公开1010000011");
        let v = view_of(&dump(&table3, TABLE4));
        assert!(
            v.text
                .lines()
                .any(|l| l == "| 三、本年度办理结果 | (一)予以公开 | 1010000011 |"),
            "{}",
            v.text
        );
    }

    #[test]
    fn spans_map_back_to_the_exact_source_bytes() {
        let text = dump(TABLE3, TABLE4);
        let v = view_of(&text);
        // Every character of the view is layout (an empty span) or comes
        // from source bytes that fold to it.
        for (i, c) in v.text.char_indices() {
            let src = v.to_source(Span::new(i, i + c.len_utf8()));
            let original = &text[src.start..src.end];
            if src.is_empty() {
                assert!("| \n".contains(c), "{c:?} at {i} has no source");
                continue;
            }
            let folded = Normalized::new(original).text;
            assert_eq!(folded, c.to_string(), "{c:?} at {i} from {original:?}");
        }
        // A cell's span is its digits.
        let at = v.text.find("| 64").map(|i| i + 2);
        assert!(at.is_none());
        let row = v.text.find("| 行政规范性文件 | 4 | 1 | 23 |").unwrap();
        let cell = row + "| 行政规范性文件 | 4 | 1 | ".len();
        let src = v.to_source(Span::new(cell, cell + 2));
        assert_eq!(&text[src.start..src.end], "23");
    }

    #[test]
    fn not_a_dump() {
        assert!(view("").is_none());
        assert!(view("一、总体情况\n二、主动公开政府信息情况\n").is_none());
        // A long paragraph listing the parts inside a sentence.
        let list = format!(
            "{}本报告包括：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况。\n",
            "说明。".repeat(200)
        );
        assert!(view(&list).is_none());
    }

    #[test]
    fn hostile_input_is_bounded() {
        // Thousands of heading ordinals: not a report's body.
        let many = format!("说明。{}\n", "一、总体情况。".repeat(20_000));
        assert!(view(&many).is_none());
        let digits = format!(
            "{}三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量{}",
            dump("", ""),
            "1".repeat(100_000)
        );
        // A run too long to split is one glued cell, kept whole.
        let v = view(&digits).expect("a dump");
        assert!(v.text.contains(&"1".repeat(100_000)));
    }
}
