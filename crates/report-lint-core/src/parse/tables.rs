//! Reads tables 二, 三 and 四 from a stream of cells. The readers are driven
//! by the template: a row starts at a cell whose label matches a template row,
//! and takes the values that follow. A row with the wrong number of values is
//! kept but marked unreadable, with a parse note, so no arithmetic rule ever
//! runs on cells whose column is a guess.

use super::cells::{Cells, Tok, TokKind};
use crate::labels::{self, close_enough, split, SplitLabel};
use crate::normalize::Normalized;
use crate::report::*;
use crate::source::Span;
use crate::template::*;
use crate::value::CellValue;

pub struct Reader<'a> {
    pub text: &'a str,
    pub view: &'a Normalized,
    pub notes: Vec<ParseNote>,
    /// How the tables were written: in a document's own tables a blank
    /// cell is a cell wherever it stands.
    pub cells: Cells,
}

impl<'a> Reader<'a> {
    fn str(&self, tok: &Tok) -> &'a str {
        &self.text[tok.span.start..tok.span.end]
    }

    fn cell(&self, tok: &Tok) -> Cell {
        let (text, value) = match tok.kind {
            TokKind::Text => (self.str(tok).to_string(), CellValue::parse(self.str(tok))),
            _ => (String::new(), CellValue::Blank),
        };
        Cell {
            span: self.view.to_source(tok.span),
            text,
            value,
        }
    }

    fn label(&self, tok: &Tok, split: &SplitLabel) -> Label {
        let number = split.sub.as_ref().map(|(value, range)| Numbering {
            value: *value,
            digits: self.view.to_source(Span::new(
                tok.span.start + range.start,
                tok.span.start + range.end,
            )),
        });
        Label {
            span: self.view.to_source(tok.span),
            text: self.str(tok).to_string(),
            number,
        }
    }

    fn note(&mut self, span: Span, table: TableKind, message: String) {
        self.notes.push(ParseNote {
            span,
            kind: NoteKind::Unreadable(table),
            message,
        });
    }

    fn is_value(&self, tok: &Tok) -> bool {
        match tok.kind {
            TokKind::Blank => true,
            TokKind::Break | TokKind::Pipe | TokKind::Loose => false,
            TokKind::Text => {
                // "1.属于…" is a label; "12", "/", "3656", "-8" are values.
                // Parsing the value first spares most cells the label split.
                CellValue::parse(self.str(tok)).is_value_like()
                    && split(self.str(tok)).sub.is_none()
            }
        }
    }

    /// A lone `|` line is an empty cell while a row still lacks cells, and
    /// the end of the row once it has them all.
    fn pipe_as_blank(tok: &Tok, filled: usize, width: usize) -> Option<Tok> {
        (tok.kind == TokKind::Pipe && filled < width).then_some(Tok {
            kind: TokKind::Blank,
            span: tok.span,
        })
    }

    /// Whether `row` (from a blank cell to the end of its row) is a row of
    /// a document's own table holding only figures: then the blank is the
    /// first of them.
    fn starts_figures(&self, row: &[Tok]) -> bool {
        if self.cells != Cells::Exact {
            return false;
        }
        let row = row
            .iter()
            .take_while(|t| !matches!(t.kind, TokKind::Break | TokKind::Loose));
        let mut figures = false;
        for tok in row {
            if !self.is_value(tok) {
                return false;
            }
            figures |= tok.kind == TokKind::Text;
        }
        figures
    }

    fn span_of(&self, toks: &[Tok]) -> Span {
        match (toks.first(), toks.last()) {
            (Some(a), Some(b)) => self.view.to_source(Span::new(a.span.start, b.span.end)),
            _ => Span::default(),
        }
    }
}

// ---------------------------------------------------------------- table 三

/// Text short enough to be a mistyped cell value rather than a row label.
fn is_short(text: &str) -> bool {
    text.chars().count() <= 6
}

#[derive(Debug)]
enum ReqLabel {
    Header,
    Row(RequestRow),
    Group(RequestGroup),
    Sub(SplitLabel),
    Unknown,
}

const REQUEST_HEADER_KEYS: [&str; 11] = [
    "申请人情况",
    "法人或其他组织",
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
    "本年度办理结果",
    "",
];

fn classify_request(text: &str, rows_started: bool) -> ReqLabel {
    let s = split(text);
    let key = s.key.as_str();
    if key.contains("勾稽关系") {
        return ReqLabel::Header;
    }
    if s.sub.is_none() && s.paren.is_none() {
        let top_rows = [
            (
                "本年新收政府信息公开申请数量",
                Some(RequestRow::NewRequests),
            ),
            (
                "上年结转政府信息公开申请数量",
                Some(RequestRow::CarriedOver),
            ),
            ("结转下年度继续办理", Some(RequestRow::CarriedForward)),
            ("本年度办理结果", None),
        ];
        match labels::best_match(key, top_rows) {
            Some((Some(row), _)) => return ReqLabel::Row(row),
            Some((None, _)) => return ReqLabel::Header,
            None => {}
        }
        if key == "总计" && rows_started && s.top.is_none() {
            return ReqLabel::Row(RequestRow::ResultsTotal);
        }
        if REQUEST_HEADER_KEYS.contains(&key) {
            return ReqLabel::Header;
        }
    }
    if s.sub.is_none() {
        match key {
            "予以公开" => return ReqLabel::Row(RequestRow::Granted),
            "总计" => return ReqLabel::Row(RequestRow::ResultsTotal),
            "不予公开" => return ReqLabel::Group(RequestGroup::Withheld),
            "无法提供" => return ReqLabel::Group(RequestGroup::Unavailable),
            "不予处理" => return ReqLabel::Group(RequestGroup::NotProcessed),
            "其他处理" => return ReqLabel::Group(RequestGroup::OtherHandling),
            _ => {}
        }
        if key.starts_with("部分公开") {
            return ReqLabel::Row(RequestRow::PartlyGranted);
        }
    }
    if s.sub.is_some() || find_sub_row(None, key).is_some() {
        return ReqLabel::Sub(s);
    }
    ReqLabel::Unknown
}

/// The sub-row whose template wording `key` is (close to), preferring the
/// current group, since the same words never repeat across groups.
fn find_sub_row(group: Option<RequestGroup>, key: &str) -> Option<(RequestRow, bool)> {
    // The template's sub-row keys, computed once.
    static KEYS: std::sync::LazyLock<Vec<(RequestGroup, String, RequestRow)>> =
        std::sync::LazyLock::new(|| {
            RequestGroup::ALL
                .iter()
                .flat_map(|g| {
                    g.sub_rows(TemplateVersion::V2021)
                        .iter()
                        .enumerate()
                        .map(move |(i, words)| (*g, labels::key(words), g.row(i as u8 + 1)))
                })
                .collect()
        });
    let best = |only: Option<RequestGroup>| {
        labels::best_match(
            key,
            KEYS.iter()
                .filter(|(g, _, _)| only.is_none_or(|o| o == *g))
                .map(|(_, k, r)| (k.as_str(), *r)),
        )
    };
    group.and_then(|g| best(Some(g))).or_else(|| best(None))
}

struct PendingRow {
    key: RequestRow,
    label: Label,
    exact: bool,
    values: Vec<Tok>,
    /// A （六）其他处理 label: a data row in 2019, a group in 2021.
    provisional: bool,
}

fn canonical_key(key: RequestRow) -> String {
    split(&key.label(TemplateVersion::V2021)).key
}

pub fn read_requests(r: &mut Reader, toks: &[Tok]) -> Option<RequestTable> {
    // The table starts at its identity note or at its first row.
    let start = toks.iter().position(|t| {
        t.kind == TokKind::Text
            && (matches!(
                classify_request(r.str(t), false),
                ReqLabel::Row(RequestRow::NewRequests)
            ) || split(r.str(t)).key.contains("勾稽关系"))
    })?;
    let mut rows: Vec<RequestTableRow> = Vec::new();
    let mut groups = Vec::new();
    let mut group: Option<RequestGroup> = None;
    let mut current: Option<PendingRow> = None;
    let mut orphan_values: Vec<Tok> = Vec::new();
    let mut unknown: Option<Tok> = None;
    let mut end = toks.len();
    let mut header = Vec::new();
    const WIDTH: usize = REQUEST_COLUMNS.len();

    for (i, tok) in toks.iter().enumerate().skip(start) {
        if tok.kind == TokKind::Pipe {
            if let Some(row) = current.as_mut() {
                row.values
                    .extend(Reader::pipe_as_blank(tok, row.values.len(), WIDTH));
            }
            continue;
        }
        if tok.kind == TokKind::Break {
            continue;
        }
        if tok.kind == TokKind::Loose {
            // A paragraph after the table's last row ends it; one between
            // two parts of the table ("续表") is passed over.
            let done = rows.iter().any(|row| row.key == RequestRow::CarriedForward)
                || current
                    .as_ref()
                    .is_some_and(|c| c.key == RequestRow::CarriedForward && c.values.len() >= WIDTH);
            if done {
                end = i;
                break;
            }
            continue;
        }
        if r.is_value(tok) {
            match current.as_mut() {
                // A blank after a complete row is padding or an empty merged-label cell.
                Some(row) if tok.kind == TokKind::Blank && row.values.len() >= WIDTH => {}
                Some(row) => row.values.push(*tok),
                None if unknown.is_some() => orphan_values.push(*tok),
                None => {}
            }
            continue;
        }
        let text = r.str(tok);
        let rows_started = !rows.is_empty() || current.is_some();
        let class = classify_request(text, rows_started);
        if !rows_started
            && matches!(class, ReqLabel::Header | ReqLabel::Unknown)
            && !text.contains("勾稽")
        {
            header.push(r.cell(tok));
        }
        let next = match class {
            ReqLabel::Header => continue,
            ReqLabel::Row(key) => {
                let s = split(text);
                Some(PendingRow {
                    key,
                    exact: s.key == canonical_key(key),
                    label: r.label(tok, &s),
                    values: Vec::new(),
                    provisional: false,
                })
            }
            ReqLabel::Group(g) => {
                groups.push(Spanned {
                    value: g,
                    span: r.view.to_source(tok.span),
                });
                group = Some(g);
                (g == RequestGroup::OtherHandling).then(|| {
                    let s = split(text);
                    PendingRow {
                        key: RequestRow::OtherHandling(0),
                        exact: true,
                        label: r.label(tok, &s),
                        values: Vec::new(),
                        provisional: true,
                    }
                })
            }
            ReqLabel::Sub(s) => match find_sub_row(group, &s.key) {
                Some((key, exact)) => Some(PendingRow {
                    key,
                    exact,
                    label: r.label(tok, &s),
                    values: Vec::new(),
                    provisional: false,
                }),
                None => {
                    finish(
                        r,
                        current.take(),
                        &mut rows,
                        &mut orphan_values,
                        &mut unknown,
                    );
                    unknown = Some(*tok);
                    continue;
                }
            },
            // Short unknown text inside an incomplete row is a cell holding
            // text where a number belongs ("1O", "若干"): keep it in its column.
            ReqLabel::Unknown
                if current.as_ref().is_some_and(|c| c.values.len() < WIDTH) && is_short(text) =>
            {
                if let Some(row) = current.as_mut() {
                    row.values.push(*tok);
                }
                continue;
            }
            ReqLabel::Unknown => {
                let done = rows.iter().any(|row| row.key == RequestRow::CarriedForward)
                    || current.as_ref().is_some_and(|c| {
                        c.key == RequestRow::CarriedForward && c.values.len() >= WIDTH
                    });
                if done {
                    end = i;
                    break;
                }
                finish(
                    r,
                    current.take(),
                    &mut rows,
                    &mut orphan_values,
                    &mut unknown,
                );
                unknown = Some(*tok);
                continue;
            }
        };
        finish(
            r,
            current.take(),
            &mut rows,
            &mut orphan_values,
            &mut unknown,
        );
        current = next;
        if let Some(c) = &current {
            if c.key.group().is_none() && !c.provisional {
                group = None;
            }
        }
    }
    finish(
        r,
        current.take(),
        &mut rows,
        &mut orphan_values,
        &mut unknown,
    );
    if rows.is_empty() {
        return None;
    }
    let last = rows
        .iter()
        .map(|row| {
            row.label
                .span
                .end
                .max(row.cells.last().map_or(0, |c| c.span.end))
        })
        .max();
    let mut span = r.span_of(&toks[start..end.max(start + 1)]);
    if let Some(last) = last {
        span.end = last.max(span.start);
    }
    Some(RequestTable {
        span,
        rows,
        groups,
        header,
    })
}

fn finish(
    r: &mut Reader,
    row: Option<PendingRow>,
    rows: &mut Vec<RequestTableRow>,
    orphans: &mut Vec<Tok>,
    unknown: &mut Option<Tok>,
) {
    if let Some(label) = unknown.take() {
        if orphans.iter().any(|t| t.kind == TokKind::Text) {
            let span = r.view.to_source(label.span);
            let text = r.str(&label).to_string();
            r.note(
                span,
                TableKind::Requests,
                format!("无法识别的行“{text}”，其数值未参与核对"),
            );
        }
        orphans.clear();
    }
    let Some(mut row) = row else { return };
    const WIDTH: usize = REQUEST_COLUMNS.len();
    if row.provisional && row.values.is_empty() {
        return; // （六）其他处理 as a group label (2021)
    }
    while row.values.len() > WIDTH && row.values.last().is_some_and(|t| t.kind == TokKind::Blank) {
        row.values.pop();
    }
    let readable = row.values.len() == WIDTH;
    if !readable {
        let name = row.key.short_name();
        let n = row.values.len();
        r.note(
            row.label.span,
            TableKind::Requests,
            format!("“{name}”一行读到{n}个单元格，应为{WIDTH}个，无法确定各列，未核对该行"),
        );
    }
    let cells = row.values.iter().map(|t| r.cell(t)).collect();
    rows.push(RequestTableRow {
        key: row.key,
        label: row.label,
        exact_label: row.exact,
        cells,
        readable,
    });
}

// ---------------------------------------------------------------- table 四

fn is_review_header(text: &str) -> bool {
    let key = labels::key(text);
    if key.is_empty() {
        return false;
    }
    if REVIEW_HEADER_WORDS.iter().any(|w| key == *w) {
        return true;
    }
    // PDF extractions split header words into single characters per line.
    key.chars()
        .all(|c| REVIEW_HEADER_WORDS.iter().any(|w| w.contains(c)))
}

/// A header cell, or a misprint of one: kept as header (and reported by the
/// label rules) rather than ending the table before its figures.
fn is_review_header_cell(text: &str) -> bool {
    is_review_header(text) || {
        let key = labels::key(text);
        REVIEW_HEADER_WORDS
            .iter()
            .any(|w| labels::is_misprint_of(&key, w))
    }
}

pub fn read_review(r: &mut Reader, toks: &[Tok]) -> Option<ReviewTable> {
    let start = toks
        .iter()
        .position(|t| t.kind == TokKind::Text && labels::key(r.str(t)) == "行政复议")?;
    const WIDTH: usize = 15;
    let mut values: Vec<Tok> = Vec::new();
    let mut header = vec![r.cell(&toks[start])];
    let mut last = start;
    for (i, tok) in toks.iter().enumerate().skip(start + 1) {
        if tok.kind == TokKind::Pipe && !values.is_empty() {
            values.extend(Reader::pipe_as_blank(tok, values.len(), WIDTH));
            continue;
        }
        match tok.kind {
            TokKind::Break | TokKind::Pipe => continue,
            TokKind::Loose if values.len() >= WIDTH => break,
            TokKind::Loose => continue,
            // Flattened text pads rows with empty cells; a document's
            // blank first figure is a figure left blank.
            TokKind::Blank if values.is_empty() && !r.starts_figures(&toks[i..]) => continue,
            _ => {}
        }
        if r.is_value(tok) {
            if values.len() >= WIDTH && tok.kind == TokKind::Blank {
                continue;
            }
            if values.len() >= WIDTH {
                values.push(*tok);
                last = i;
                continue;
            }
            values.push(*tok);
            last = i;
        } else if values.is_empty() && is_review_header_cell(r.str(tok)) {
            header.push(r.cell(tok));
            last = i;
        } else if !values.is_empty() && values.len() < WIDTH && is_short(r.str(tok)) {
            values.push(*tok);
            last = i;
        } else {
            break;
        }
    }
    while values.len() > WIDTH && values.last().is_some_and(|t| t.kind == TokKind::Blank) {
        values.pop();
    }
    let span = r.span_of(&toks[start..=last]);
    let readable = values.len() == WIDTH;
    if !readable {
        let n = values.len();
        let at = r.view.to_source(toks[start].span);
        r.note(
            at,
            TableKind::Review,
            format!(
                "行政复议、行政诉讼情况表读到{n}个数值，应为{WIDTH}个，无法确定各列，未核对该表"
            ),
        );
    }
    let cells = values.iter().map(|t| r.cell(t)).collect();
    Some(ReviewTable {
        span,
        cells,
        readable,
        header,
    })
}

// ---------------------------------------------------------------- table 二

fn banner_item(key: &str) -> Option<Option<u8>> {
    let rest = key.strip_prefix("第二十条")?;
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let rest = rest.strip_suffix('项')?;
    let mut chars = rest.chars();
    let item = match (chars.next(), chars.next()) {
        (Some(c), None) => labels::chinese_numeral(c).map(|n| n as u8),
        _ => None,
    };
    Some(item)
}

const EXTRA_PROACTIVE_ROWS: [&str; 1] = ["其他主动公开文件"];

fn is_proactive_row(key: &str) -> bool {
    // The rows' keys, computed once: this runs for every cell of table 二.
    static KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        PROACTIVE_2021
            .iter()
            .chain(PROACTIVE_2019.iter())
            .flat_map(|b| b.rows.iter())
            .chain(EXTRA_PROACTIVE_ROWS.iter())
            .map(|row| labels::key(row))
            .collect()
    });
    KEYS.iter().any(|row| close_enough(key, row))
}

fn ends_proactive(key: &str) -> bool {
    key.contains("勾稽关系")
        || key == "申请人情况"
        || close_enough(key, "本年新收政府信息公开申请数量")
}

pub fn read_proactive(r: &mut Reader, toks: &[Tok]) -> Option<ProactiveTable> {
    let start = toks.iter().position(|t| {
        let key = || labels::key(r.str(t));
        match t.kind {
            TokKind::Text => banner_item(&key()).is_some() || key() == "信息内容",
            TokKind::Loose => banner_item(&key()).is_some(),
            _ => false,
        }
    })?;
    let mut blocks: Vec<ProactiveBlock> = Vec::new();
    let mut pending: Vec<(Label, Vec<Tok>)> = Vec::new();
    let mut in_rows = false;
    let mut last = start;
    for (i, tok) in toks.iter().enumerate().skip(start) {
        if tok.kind == TokKind::Pipe {
            let width = blocks.last().map_or(0, |b| b.columns.len());
            if let Some((_, values)) = pending.last_mut() {
                values.extend(Reader::pipe_as_blank(tok, values.len(), width));
            }
            continue;
        }
        if tok.kind == TokKind::Break {
            continue;
        }
        // A paragraph is a block's banner written above its table, or prose.
        if tok.kind == TokKind::Loose && banner_item(&labels::key(r.str(tok))).is_none() {
            continue;
        }
        if r.is_value(tok) {
            if let Some((_, values)) = pending.last_mut() {
                values.push(*tok);
                last = i;
            }
            continue;
        }
        let text = r.str(tok);
        let key = labels::key(text);
        if ends_proactive(&key) {
            break;
        }
        last = i;
        if let Some(item) = banner_item(&key) {
            close_block(r, &mut blocks, &mut pending);
            blocks.push(ProactiveBlock {
                item,
                banner: Some(r.view.to_source(tok.span)),
                columns: Vec::new(),
                rows: Vec::new(),
            });
            in_rows = false;
            continue;
        }
        if blocks.is_empty() {
            blocks.push(ProactiveBlock {
                item: None,
                banner: None,
                columns: Vec::new(),
                rows: Vec::new(),
            });
        }
        if key == "信息内容" {
            in_rows = false;
            continue;
        }
        if is_proactive_row(&key) || in_rows {
            in_rows = true;
            let s = split(text);
            pending.push((r.label(tok, &s), Vec::new()));
        } else if let Some(block) = blocks.last_mut() {
            let cell = r.cell(tok);
            // A header wrapped inside its cell ("本年新" / "制作数量") arrives
            // as two cells: join them back when together they start a column name.
            match block.columns.last_mut() {
                Some(prev)
                    if is_column_fragment(&prev.text)
                        && is_column_prefix(&format!("{}{}", prev.text, cell.text)) =>
                {
                    prev.text.push_str(&cell.text);
                    prev.span = prev.span.cover(cell.span);
                }
                _ => block.columns.push(cell),
            }
        }
    }
    close_block(r, &mut blocks, &mut pending);
    Some(ProactiveTable {
        span: r.span_of(&toks[start..=last]),
        blocks,
    })
}

fn column_keys() -> impl Iterator<Item = &'static String> {
    static KEYS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        PROACTIVE_2021
            .iter()
            .chain(PROACTIVE_2019.iter())
            .flat_map(|b| b.columns.iter())
            .map(|c| labels::key(c))
            .collect()
    });
    KEYS.iter()
}

fn is_column_prefix(text: &str) -> bool {
    let key = labels::key(text);
    column_keys().any(|c| c.starts_with(&key))
}

/// A header cell that is not a whole column name but begins one.
fn is_column_fragment(text: &str) -> bool {
    let key = labels::key(text);
    !column_keys().any(|c| *c == key) && is_column_prefix(text)
}

fn close_block(
    r: &mut Reader,
    blocks: &mut [ProactiveBlock],
    pending: &mut Vec<(Label, Vec<Tok>)>,
) {
    let Some(block) = blocks.last_mut() else {
        return;
    };
    let width = block.columns.len();
    for (label, mut values) in pending.drain(..) {
        while values.len() > width.max(1) && values.last().is_some_and(|t| t.kind == TokKind::Blank)
        {
            values.pop();
        }
        if width > 0 && values.len() != width {
            let n = values.len();
            let name = label.text.clone();
            r.notes.push(ParseNote {
                span: label.span,
                kind: NoteKind::Unreadable(TableKind::Proactive),
                message: format!("“{name}”一行读到{n}个单元格，应为{width}个，无法确定各列"),
            });
        }
        let cells = values.iter().map(|t| r.cell(t)).collect();
        block.rows.push(ProactiveRow { label, cells });
    }
}
