//! Reads tables 二, 三 and 四 from a stream of cells. The readers are driven
//! by the template: a row starts at a cell whose label matches a template row,
//! and takes the values that follow. A row with the wrong number of values is
//! kept but marked unreadable, with a parse note, so no arithmetic rule ever
//! runs on cells whose column is a guess.

use super::cells::{rule_columns, Cells, Tok, TokKind};
use crate::labels::{self, close_enough, has_sub_number, split, SplitLabel};
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
            // A cell wrapped over lines (see `join_wrapped_cells`) is its
            // lines' text run together.
            TokKind::Text if self.str(tok).contains('\n') => {
                let text: String = self.str(tok).split_whitespace().collect();
                let value = CellValue::parse(&text);
                (text, value)
            }
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
            TokKind::Break | TokKind::Pipe | TokKind::Loose | TokKind::Rule | TokKind::Doubt => {
                false
            }
            TokKind::Text => {
                // "1.属于…" is a label; "12", "/", "3656", "-8" are values.
                // Parsing the value first spares most cells the label split.
                CellValue::is_value_text(self.str(tok)) && !has_sub_number(self.str(tok))
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
        let row = row.iter().take_while(|t| {
            !matches!(
                t.kind,
                TokKind::Break | TokKind::Loose | TokKind::Rule | TokKind::Doubt
            )
        });
        let mut figures = false;
        for tok in row {
            if !self.is_value(tok) {
                return false;
            }
            figures |= tok.kind == TokKind::Text;
        }
        figures
    }

    /// Whether `tok` is the [`TokKind::Break`] at the end of a `|` row
    /// (not a line of PDF columns, not a padding line `||`).
    fn ends_pipe_row(&self, tok: &Tok) -> bool {
        let end = tok.span.start;
        tok.kind == TokKind::Break
            && tok.span.is_empty()
            && self.text[..end]
                .rfind('\n')
                .map_or(&self.text[..end], |i| &self.text[i + 1..end])
                .contains('|')
    }

    fn span_of(&self, toks: &[Tok]) -> Span {
        match (toks.first(), toks.last()) {
            (Some(a), Some(b)) => self.view.to_source(Span::new(a.span.start, b.span.end)),
            _ => Span::default(),
        }
    }
}

// ---------------------------------------------------------------- rows

/// One `|` row of the text: its cells are `toks[cells]` and `toks[end]` is
/// the [`TokKind::Break`] that ends it.
struct PipeRow {
    cells: std::ops::Range<usize>,
    end: usize,
    /// Columns of the Markdown table the row belongs to, when a separator
    /// line (`|---|`) above it, with no line between, gives them.
    width: Option<usize>,
}

/// The `|` rows among `toks`, each with its Markdown table's width.
fn pipe_rows(text: &str, toks: &[Tok]) -> Vec<PipeRow> {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut rows = Vec::new();
    // (columns, end of the table's last line so far)
    let mut table: Option<(usize, usize)> = None;
    for (i, tok) in toks.iter().enumerate() {
        match tok.kind {
            TokKind::Rule => table = Some((rule_columns(text, tok), tok.span.end)),
            // A row ends with an empty Break at the end of its line (the
            // padding lines `||` of other layouts have a Break of their own).
            TokKind::Break if tok.span.is_empty() => {
                let start = line_start(tok.span.start);
                if !text[start..tok.span.start].contains('|') {
                    continue; // a line of columns in PDF text
                }
                let mut first = i;
                while first > 0
                    && matches!(toks[first - 1].kind, TokKind::Text | TokKind::Blank)
                    && toks[first - 1].span.start >= start
                {
                    first -= 1;
                }
                // A table goes on while its lines follow each other.
                let width = match table {
                    Some((columns, last))
                        if last <= start && text[last..start].trim_start_matches('\r') == "\n" =>
                    {
                        table = Some((columns, tok.span.start));
                        Some(columns)
                    }
                    _ => {
                        table = None;
                        None
                    }
                };
                rows.push(PipeRow {
                    cells: first..i,
                    end: i,
                    width,
                });
            }
            _ => {}
        }
    }
    rows
}

/// A column header a converter writes in place of the template's
/// (`类别 | 数据1 … 数据6 | 总计`), never a word of the report.
fn is_generic_header(key: &str) -> bool {
    const WORDS: [&str; 5] = ["类别", "项目", "分类", "指标", "序号"];
    let numbered =
        |rest: &str| (1..=2).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit());
    let lower = key.to_ascii_lowercase();
    WORDS.contains(&key)
        || ["数据", "列", "栏", "字段", "column", "col"]
            .iter()
            .any(|p| lower.strip_prefix(p).is_some_and(numbered))
        || key
            .strip_prefix('第')
            .and_then(|r| r.strip_suffix('列').or_else(|| r.strip_suffix('栏')))
            .is_some_and(numbered)
}

/// A header word of the table's template, or a piece of one.
fn is_template_header(table: TableKind, key: &str) -> bool {
    match table {
        TableKind::Requests => {
            key.contains("勾稽关系")
                || REQUEST_HEADER_KEYS.iter().any(|k| {
                    !k.is_empty() && (*k == key || (key.chars().count() >= 2 && k.contains(key)))
                })
        }
        TableKind::Review => is_review_header(key),
        TableKind::Proactive => key == "信息内容" || column_keys().any(|c| c == key),
    }
}

/// A total column's name, in the template's words or not.
fn is_total_word(key: &str) -> bool {
    matches!(key, "总计" | "合计" | "小计")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeaderRow {
    /// The converter's own column names (`类别 | 数据1 … | 总计`): dropped
    /// wherever it stands.
    Generic,
    /// The template's header words (with made-up ones, which are left
    /// out): the table's header, or, once figures have been read, a header
    /// row repeated between rows (a page break).
    Template,
}

/// Whether `cells` are a header row: no figure, at least two words, every
/// word a header word.
fn header_row(r: &Reader, table: TableKind, cells: &[Tok]) -> Option<HeaderRow> {
    let mut generic = false;
    let mut template = false;
    let mut words = 0;
    for tok in cells.iter().filter(|t| t.kind == TokKind::Text) {
        if r.is_value(tok) {
            return None;
        }
        words += 1;
        let key = labels::key(r.str(tok));
        if is_generic_header(&key) {
            generic = true;
        } else if is_total_word(&key) {
        } else if is_template_header(table, &key) {
            template = true;
        } else {
            return None;
        }
    }
    if words < 2 {
        return None;
    }
    Some(match (generic, template) {
        (_, true) => HeaderRow::Template,
        (true, false) => HeaderRow::Generic,
        // Only totals: `总计 | 合计` is no header anyone wrote.
        (false, false) => return None,
    })
}

/// The token stream of a table region with its `|` rows settled as a PDF or
/// OCR converter wrote them (DOMAIN §5.5):
///
/// - header rows the converter made up (`类别 | 数据1 …`) are dropped, and
///   so, in table 三, are the template's header rows repeated once figures
///   have been read: a header row is never data;
/// - table 三 written as a Markdown grid with its label columns kept empty
///   where a label spans them (`| 一、本年新收… |  | 38 | …`): in a row that
///   fills the grid, the cells before the last seven are labels, so its
///   empty label cells are no cells at all, and a piece of a label written
///   vertically (`度办`) beside the row's own label is left out;
/// - in such a grid, a row with figures that does not fill it (a cell lost
///   or two run together) is marked [`TokKind::Doubt`]: which column each
///   figure is in is a guess, so the row is not read.
fn settle_rows(r: &Reader, toks: &[Tok], table: TableKind) -> Vec<Tok> {
    let rows = pipe_rows(r.text, toks);
    if rows.is_empty() {
        return toks.to_vec();
    }
    const WIDTH: usize = REQUEST_COLUMNS.len();
    let figure = |t: &Tok| t.kind == TokKind::Text && r.is_value(t);
    let has_figure = |row: &PipeRow| toks[row.cells.clone()].iter().any(figure);
    let is_header = |row: &PipeRow| header_row(r, table, &toks[row.cells.clone()]).is_some();
    // The label cells of a row that fills a grid of `width` columns.
    let label_cells = |row: &PipeRow, width: usize| -> Option<&[Tok]> {
        let cells = &toks[row.cells.clone()];
        (table == TableKind::Requests && width > WIDTH && cells.len() == width)
            .then(|| &cells[..width - WIDTH])
            .filter(|labels| !labels.iter().any(figure))
    };
    // Table 三 is a grid when a row with figures fills its Markdown table
    // and leaves a label cell empty; the grid's width, when all such rows
    // agree on it.
    let mut widths = rows.iter().filter_map(|row| {
        let width = row.width?;
        let labels = label_cells(row, width)?;
        (labels.iter().any(|t| t.kind == TokKind::Blank) && has_figure(row) && !is_header(row))
            .then_some(width)
    });
    let grid = widths.next().filter(|w| widths.all(|o| o == *w));

    let mut out = Vec::with_capacity(toks.len() + 8);
    let mut copied = 0;
    let mut seen_figures = false;
    for row in &rows {
        for tok in &toks[copied..row.cells.start] {
            seen_figures |= figure(tok);
            out.push(*tok);
        }
        copied = row.end + 1;
        let cells = &toks[row.cells.clone()];
        let figures = has_figure(row);
        match header_row(r, table, cells) {
            Some(HeaderRow::Generic) => continue,
            Some(HeaderRow::Template) if seen_figures && table == TableKind::Requests => continue,
            Some(HeaderRow::Template) => {
                out.extend(cells.iter().filter(|t| {
                    t.kind != TokKind::Text || !is_generic_header(&labels::key(r.str(t)))
                }));
                out.push(toks[row.end]);
                continue;
            }
            None => {}
        }
        seen_figures |= figures;
        let Some(grid) = grid else {
            out.extend_from_slice(&toks[row.cells.start..=row.end]);
            continue;
        };
        let width = row.width.unwrap_or(grid);
        match label_cells(row, width) {
            Some(labels) => {
                let known =
                    |t: &Tok| !matches!(classify_request(r.str(t), true), ReqLabel::Unknown);
                let any_known = labels.iter().any(|t| t.kind == TokKind::Text && known(t));
                out.extend(
                    labels
                        .iter()
                        .filter(|t| t.kind == TokKind::Text && (!any_known || known(t))),
                );
                out.extend_from_slice(&cells[labels.len()..]);
            }
            None => {
                out.extend_from_slice(cells);
                if figures {
                    out.push(Tok {
                        kind: TokKind::Doubt,
                        span: toks[row.end].span,
                    });
                }
            }
        }
        out.push(toks[row.end]);
    }
    out.extend_from_slice(&toks[copied..]);
    out
}

// ---------------------------------------------------------------- table 三

/// Text short enough to be a mistyped cell value rather than a row label.
/// A cell's word rather than a label: six characters at most (a cell
/// wrapped over lines counts without its line breaks).
fn is_short(text: &str) -> bool {
    text.chars().filter(|c| !c.is_whitespace()).count() <= 6
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
    /// The row's cells do not fill its table's columns: not read.
    doubtful: bool,
    /// The `|` line the row's figures are on has ended.
    closed: bool,
}

fn canonical_key(key: RequestRow) -> String {
    split(&key.label(TemplateVersion::V2021)).key
}

pub fn read_requests(r: &mut Reader, toks: &[Tok]) -> Option<RequestTable> {
    let settled = settle_rows(r, toks, TableKind::Requests);
    let toks = settled.as_slice();
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
            // One row per `|` line: a row that got figures on its line
            // takes none from the next.
            if let Some(row) = current.as_mut() {
                row.closed |= !row.values.is_empty() && r.ends_pipe_row(tok);
            }
            continue;
        }
        if tok.kind == TokKind::Rule {
            continue;
        }
        if tok.kind == TokKind::Doubt {
            if let Some(row) = current.as_mut() {
                row.doubtful = true;
            }
            continue;
        }
        if tok.kind == TokKind::Loose {
            // A paragraph after the table's last row ends it; one between
            // two parts of the table ("续表") is passed over.
            let done = rows.iter().any(|row| row.key == RequestRow::CarriedForward)
                || current.as_ref().is_some_and(|c| {
                    c.key == RequestRow::CarriedForward && c.values.len() >= WIDTH
                });
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
                // After its own line, a row's blank is the next line's empty
                // label cell.
                Some(row) if row.closed && tok.kind == TokKind::Blank => {}
                // Figures on a line with no label, after a row whose line
                // has ended: which row they are is not known.
                Some(row) if row.closed => {
                    finish(
                        r,
                        current.take(),
                        &mut rows,
                        &mut orphan_values,
                        &mut unknown,
                    );
                    unknown = Some(*tok);
                    orphan_values.push(*tok);
                }
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
                    doubtful: false,
                    closed: false,
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
                        doubtful: false,
                        closed: false,
                    }
                })
            }
            ReqLabel::Sub(s) => match find_sub_row(group, &s.key) {
                Some((key, exact)) => {
                    // （六）其他处理 on a row of its own with every cell empty,
                    // followed by its sub-rows: a group label, not a 2019 row.
                    if let Some(c) = current.as_mut().filter(|c| {
                        c.provisional
                            && key.group() == Some(RequestGroup::OtherHandling)
                            && c.values.iter().all(|t| t.kind == TokKind::Blank)
                    }) {
                        c.values.clear();
                    }
                    Some(PendingRow {
                        key,
                        exact,
                        label: r.label(tok, &s),
                        values: Vec::new(),
                        provisional: false,
                        doubtful: false,
                        closed: false,
                    })
                }
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
            let text = crate::quote(r.str(&label)).into_owned();
            let message = if r.is_value(&label) {
                format!("数值“{text}”起的一行没有可识别的行名，这些数值未参与核对")
            } else {
                format!("无法识别的行“{text}”，其数值未参与核对")
            };
            r.note(span, TableKind::Requests, message);
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
    let readable = row.values.len() == WIDTH && !row.doubtful;
    if !readable {
        let name = row.key.short_name();
        let n = row.values.len();
        let message = if row.doubtful {
            format!("“{name}”一行的单元格数与所在表格的列数不符，无法确定各列，未核对该行")
        } else {
            format!("“{name}”一行读到{n}个单元格，应为{WIDTH}个，无法确定各列，未核对该行")
        };
        r.note(row.label.span, TableKind::Requests, message);
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
    let settled = settle_rows(r, toks, TableKind::Review);
    let joined;
    let toks = if r.cells == Cells::Columns {
        joined = join_wrapped_cells(r, &settled);
        joined.as_slice()
    } else {
        settled.as_slice()
    };
    // "行政复议" alone, or in PDF text the header's first line as one run
    // of words ("行政复议 行政诉讼", as a PDF's content order gives it).
    let start = toks.iter().position(|t| {
        t.kind == TokKind::Text
            && (labels::key(r.str(t)) == "行政复议"
                || r.cells == Cells::Columns && {
                    let mut words = r.str(t).split_whitespace();
                    words.next().is_some_and(|w| labels::key(w) == "行政复议")
                        && words.all(|w| REVIEW_HEADER_WORDS.contains(&labels::key(w).as_str()))
                })
    })?;
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
            TokKind::Break | TokKind::Pipe | TokKind::Rule | TokKind::Doubt => continue,
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
    if values.len() != WIDTH {
        match review_in_reading_order(r, toks, start, WIDTH) {
            Some((figures, end, true)) => {
                values = figures;
                last = end;
                // The header's pieces there come in whatever order their
                // lines fell: it cannot be compared with the template's.
                header.truncate(1);
            }
            Some((_, end, false)) => {
                let at = r.view.to_source(toks[start].span);
                r.note(
                    at,
                    TableKind::Review,
                    "行政复议、行政诉讼情况表的数字与表头文字交错（如从 PDF 复制出的文字），\
                     被表头隔开的各段数字不一定按各列的先后排列，而使各组总计等于其各项之和的排法\
                     没有或不止一种，无法确定各列，未核对该表"
                        .into(),
                );
                let span = r.span_of(&toks[start..=end]);
                return Some(ReviewTable {
                    span,
                    cells: Vec::new(),
                    readable: false,
                    header: Vec::new(),
                });
            }
            None => {}
        }
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

/// PDF text in content order (`pdftotext -raw`, pdf.js) gives a
/// cell too narrow for its word one piece a line ("无" / "数" / "据") where
/// the figures are one line; pdf.js keeps the first piece at the end of
/// the figures line and the last at the start of the next ("… 0 0 不" /
/// "详 1"). After the first figure, such a run of two pieces or more that
/// are no figures — each alone on its line but the first, which may end a
/// line, and the last, which may start one — is one cell: read as several,
/// they would push the figures after them into the wrong columns. (Before
/// the figures they are the header's characters.)
fn join_wrapped_cells(r: &Reader, toks: &[Tok]) -> Vec<Tok> {
    let digits = |t: &Tok| r.str(t).bytes().all(|b| b.is_ascii_digit());
    let piece = |i: usize| toks[i].kind == TokKind::Text && !digits(&toks[i]);
    let starts_line = |i: usize| i == 0 || toks[i - 1].kind == TokKind::Break;
    let ends_line = |i: usize| toks.get(i + 1).is_some_and(|t| t.kind == TokKind::Break);
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut figures_seen = false;
    let mut i = 0;
    while i < toks.len() {
        let tok = toks[i];
        figures_seen |= tok.kind == TokKind::Text && digits(&tok);
        if figures_seen && piece(i) && ends_line(i) {
            // The run: this piece, the next lines' lone pieces, and a piece
            // starting the line after them.
            let next = |end: usize| end + 2 < toks.len() && piece(end + 2) && starts_line(end + 2);
            let mut end = i;
            while next(end) && ends_line(end + 2) {
                end += 2;
            }
            if next(end) {
                end += 2;
            }
            if end > i {
                out.push(Tok {
                    kind: TokKind::Text,
                    span: Span::new(tok.span.start, toks[end].span.end),
                });
                i = end + 1;
                continue;
            }
        }
        out.push(tok);
        i += 1;
    }
    out
}

/// Table 四 as text copied from a PDF in reading order (`pdftotext` without
/// `-layout`, a reader's copy): the header's words broken into characters
/// and interleaved with the figures (`结 果 维 持 1`, `结 其 尚 果 他 未 … 0 1
/// 0`). The table has one row of figures, and the figures in text order are
/// the row — but only when nothing else is there: every token up to the
/// end of the table is a figure or a piece of the template's header, and
/// there are exactly `width` figures. Anything else (a word that is
/// neither, a blank cell, a figure too many or too few) leaves the table
/// unread. Where header pieces stand between the figures, the runs of
/// figures between them may come in any order (see [`runs_in_order`]).
fn review_in_reading_order(
    r: &Reader,
    toks: &[Tok],
    start: usize,
    width: usize,
) -> Option<(Vec<Tok>, usize, bool)> {
    let mut figures = Vec::new();
    let mut last = start;
    // Header pieces between figures: the tool wrote the header's cells
    // where their lines fell, between the figures. Where each run of
    // figures between them starts.
    let mut runs: Vec<usize> = Vec::new();
    let mut split = false;
    for (i, tok) in toks.iter().enumerate().skip(start + 1) {
        match tok.kind {
            TokKind::Break | TokKind::Pipe | TokKind::Rule | TokKind::Doubt => continue,
            TokKind::Blank => return None,
            TokKind::Loose => break,
            TokKind::Text => {}
        }
        if r.is_value(tok) {
            if figures.len() == width {
                return None;
            }
            if figures.is_empty() || split {
                runs.push(figures.len());
                split = false;
            }
            figures.push(*tok);
            last = i;
        } else if is_review_header(r.str(tok)) {
            split = !figures.is_empty();
            continue;
        } else {
            break;
        }
    }
    if figures.len() != width {
        return None;
    }
    let counts: Option<Vec<u128>> = figures
        .iter()
        .map(|t| CellValue::parse(r.str(t)).as_count().map(u128::from))
        .collect();
    match counts.and_then(|counts| runs_in_order(&counts, &runs)) {
        Some(order) => Some((order.iter().map(|&i| figures[i]).collect(), last, true)),
        None if runs.len() <= 1 => Some((figures, last, true)),
        None => Some((figures, last, false)),
    }
}

/// Most runs of figures [`runs_in_order`] tries the orders of (40 320 orders).
const MAX_RUNS: usize = 8;

/// Table 四's figures (`counts`, in the order they came) when header pieces
/// split them into runs (`runs`: where each starts): the tool gives each
/// run where its block fell, not left to right. A real WPS PDF gives "72
/// 64 178 37 | 12 1 1 6 | 351 | 13 4 8 1 26 | 20" for "72 64 178 37 351 |
/// 13 4 8 1 26 | 12 1 1 6 20": 复议后起诉's figures before 未经复议直接起诉's.
/// So every order of the runs is tried, each run's figures kept in theirs:
/// the order of the cells is the one that makes every group's 总计 the sum
/// of its group, when all that do give one and the same table. None when
/// the groups could be swapped (both 行政诉讼 groups stand alone in runs),
/// when none does (a 总计 wrong in the report cannot be told from one out
/// of place), or a single run (nothing to order).
fn runs_in_order(counts: &[u128], runs: &[usize]) -> Option<Vec<usize>> {
    if runs.len() <= 1 || runs.len() > MAX_RUNS {
        return None;
    }
    let spans: Vec<std::ops::Range<usize>> = runs
        .iter()
        .zip(runs.iter().skip(1).chain([&counts.len()]))
        .map(|(&a, &b)| a..b)
        .collect();
    let group = REVIEW_COLUMNS.len();
    let mut found: Option<Vec<usize>> = None;
    let mut order: Vec<usize> = (0..spans.len()).collect();
    let mut try_order = |order: &[usize]| -> bool {
        let cells: Vec<usize> = order.iter().flat_map(|&s| spans[s].clone()).collect();
        let holds = cells.chunks(group).all(|g| {
            g.split_last().is_some_and(|(total, parts)| {
                parts.iter().map(|&i| counts[i]).sum::<u128>() == counts[*total]
            })
        });
        if !holds {
            return true;
        }
        match &found {
            // Equal figures in other places: the same table.
            Some(seen)
                if seen
                    .iter()
                    .zip(&cells)
                    .all(|(x, y)| counts[*x] == counts[*y]) =>
            {
                true
            }
            Some(_) => false,
            None => {
                found = Some(cells);
                true
            }
        }
    };
    // Every order of the runs (Heap's algorithm); stop at a second table.
    if !try_order(&order) {
        return None;
    }
    let mut c = vec![0usize; order.len()];
    let mut i = 1;
    while i < order.len() {
        if c[i] < i {
            order.swap(if i % 2 == 0 { 0 } else { c[i] }, i);
            if !try_order(&order) {
                return None;
            }
            c[i] += 1;
            i = 1;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    found
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
    let settled = settle_rows(r, toks, TableKind::Proactive);
    let toks = settled.as_slice();
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
    // PDF text in reading order may give a block's figures before its row
    // label ("本年处理决定数量" / "550" / "行政许可"): kept for a block of
    // one row (see `close_block`).
    let mut early: Vec<Tok> = Vec::new();
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
        if matches!(tok.kind, TokKind::Break | TokKind::Rule | TokKind::Doubt) {
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
            } else if r.cells == Cells::Columns && !blocks.is_empty() {
                early.push(*tok);
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
            close_block(r, &mut blocks, &mut pending, &mut early);
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
        // A column's name after a row label is the header (reading order
        // puts "本年处理决定数量" after "行政许可"), never a row.
        if is_proactive_row(&key) || (in_rows && !is_column_name(&key)) {
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
    close_block(r, &mut blocks, &mut pending, &mut early);
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
    !is_column_name(&labels::key(text)) && is_column_prefix(text)
}

/// Whether `key` (a [`labels::key`]) is a column's whole name.
fn is_column_name(key: &str) -> bool {
    column_keys().any(|c| c == key)
}

/// Ends the last block: its pending rows with their values. `early`: the
/// values that came before the block's first row label; they are the row's
/// when the block is one row with none after its label and they fill its
/// columns (nothing else could be that row's), else dropped.
fn close_block(
    r: &mut Reader,
    blocks: &mut [ProactiveBlock],
    pending: &mut Vec<(Label, Vec<Tok>)>,
    early: &mut Vec<Tok>,
) {
    let early = std::mem::take(early);
    let Some(block) = blocks.last_mut() else {
        return;
    };
    let width = block.columns.len();
    if let [(_, values)] = pending.as_mut_slice() {
        if block.rows.is_empty() && values.is_empty() && width > 0 && early.len() == width {
            *values = early;
        }
    }
    for (label, mut values) in pending.drain(..) {
        while values.len() > width.max(1) && values.last().is_some_and(|t| t.kind == TokKind::Blank)
        {
            values.pop();
        }
        if width > 0 && values.len() != width {
            let n = values.len();
            // A prose paragraph read as a row is named by its start, not quoted whole.
            let name = crate::quote::quote_at_most(&label.text, 25);
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

#[cfg(test)]
mod tests {
    use crate::report::Report;
    use crate::source::SourceFile;
    use crate::template::{RequestRow, TemplateVersion};
    use crate::value::CellValue;

    const GENERIC: &str = "| 类别 |  | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |";
    const RULE: &str = "|---|---|---|---|---|---|---|---|---|";

    /// Table 三 (2021) as rows of a converter's Markdown grid: two label
    /// columns, the first left empty where a label spans it; every figure
    /// 1, every total 6.
    fn grid_rows() -> Vec<String> {
        RequestRow::all(TemplateVersion::V2021)
            .into_iter()
            .map(|row| {
                let label = row.label(TemplateVersion::V2021);
                let (a, b) = match (row.group(), row.sub_index()) {
                    (Some(g), Some(k)) => {
                        let sub = label.strip_prefix(g.label()).unwrap_or(&label).to_string();
                        (
                            if k == 1 {
                                g.label().to_string()
                            } else {
                                String::new()
                            },
                            sub,
                        )
                    }
                    _ if label.starts_with('（') => (String::new(), label),
                    _ => (label, String::new()),
                };
                format!("| {a} | {b} | 1 | 1 | 1 | 1 | 1 | 1 | 6 |")
            })
            .collect()
    }

    fn header() -> Vec<String> {
        vec![
            GENERIC.into(),
            RULE.into(),
            "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |  | 申请人情况 |  |  |  |  |  |  |".into(),
            "|  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |".into(),
            "|  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |".into(),
        ]
    }

    fn read(lines: &[String]) -> Report {
        let text = format!(
            "## 三、收到和处理政府信息公开申请情况\n\n{}\n\n## 四、政府信息公开行政复议、行政诉讼情况\n",
            lines.join("\n")
        );
        crate::parse::parse(SourceFile::new("t.md", text))
    }

    /// The labels of the rows read, and of those that could not be.
    fn rows(report: &Report) -> (usize, Vec<String>) {
        let table = report.tables.requests.as_ref().expect("table 三");
        for row in table.rows.iter().filter(|r| r.readable) {
            let figures: Vec<_> = row.cells.iter().map(|c| c.value.clone()).collect();
            let mut expected = vec![CellValue::Count(1); 6];
            expected.push(CellValue::Count(6));
            assert_eq!(figures, expected, "{}", row.label.text);
        }
        let unread = table
            .rows
            .iter()
            .filter(|r| !r.readable)
            .map(|r| r.key.short_name())
            .collect();
        (table.rows.len(), unread)
    }

    #[test]
    fn a_converters_grid_is_read_row_for_row() {
        let rows_2021 = RequestRow::all(TemplateVersion::V2021).len();
        let g = grid_rows();
        let mut lines = header();
        lines.extend_from_slice(&g[..2]);
        // Page footer, the vertical label in pieces, a new part.
        lines.extend([
            "".into(),
            "— 4 —".into(),
            "".into(),
            "三、本年".into(),
            "度办".into(),
        ]);
        lines.extend(["".into(), GENERIC.into(), RULE.into()]);
        lines.extend_from_slice(&g[2..6]);
        // A header row between sub-rows, the template's and the converter's.
        lines.push("| 申请人情况 |  | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |".into());
        lines.extend_from_slice(&g[6..12]);
        lines.push(GENERIC.into());
        // （四） on a loose line above its part, its first row without it.
        lines.extend([
            "".into(),
            "（四）无法提供".into(),
            "".into(),
            GENERIC.into(),
            RULE.into(),
        ]);
        lines.push(g[12].replace("（四）无法提供", ""));
        lines.extend_from_slice(&g[13..]);
        let report = read(&lines);
        assert_eq!(rows(&report), (rows_2021, vec![]));
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        let header: Vec<&str> = report
            .tables
            .requests
            .as_ref()
            .unwrap()
            .header
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert!(
            header.contains(&"社会公益组织") && !header.contains(&"数据1"),
            "{header:?}"
        );
    }

    #[test]
    fn a_grid_row_that_lost_a_cell_is_not_read() {
        let mut lines = header();
        let mut g = grid_rows();
        g[5] = g[5].replacen(" 1 |", "", 1);
        lines.extend(g);
        let report = read(&lines);
        let (_, unread) = rows(&report);
        assert_eq!(unread, ["（三）2"]);
        assert!(report.notes[0].message.contains("列数不符"));
    }

    #[test]
    fn pipe_rows_without_a_separator_take_no_cell_from_the_next_line() {
        // The ordinary layout: merged labels written once, empty below.
        let mut lines: Vec<String> = grid_rows()
            .iter()
            .map(|l| l.trim_start_matches("|  |").replace("|  |", "|"))
            .map(|l| {
                if l.starts_with('|') {
                    l
                } else {
                    format!("|  |{l}")
                }
            })
            .collect();
        lines[4] = lines[4].replacen(" 1 |", "", 1);
        let report = read(&lines);
        let (_, unread) = rows(&report);
        assert_eq!(unread, ["（三）1"]);
    }

    #[test]
    fn figures_without_a_label_are_no_rows_figures() {
        let mut lines = header();
        let mut g = grid_rows();
        g[3] = g[3].replace(
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "",
        );
        g.remove(2);
        lines.extend(g);
        // The row of figures whose label was lost follows 二's own line.
        let report = read(&lines);
        let (_, unread) = rows(&report);
        assert!(unread.is_empty(), "{unread:?}");
        let table = report.tables.requests.as_ref().unwrap();
        assert!(table.row(RequestRow::PartlyGranted).is_none());
        assert!(report
            .notes
            .iter()
            .any(|n| n.message.contains("没有可识别的行名")));
    }

    #[test]
    fn other_handling_on_an_empty_row_of_its_own_is_a_group() {
        let mut lines = header();
        let mut g = grid_rows();
        let at = g.iter().position(|l| l.contains("（六）其他处理")).unwrap();
        g[at] = g[at].replace("（六）其他处理", "");
        g.insert(at, format!("| （六）其他处理 |{}", " |".repeat(8)));
        lines.extend(g);
        let report = read(&lines);
        let (n, unread) = rows(&report);
        assert_eq!(
            (n, unread),
            (RequestRow::all(TemplateVersion::V2021).len(), vec![])
        );
        let table = report.tables.requests.as_ref().unwrap();
        assert!(table.row(RequestRow::OtherHandling(0)).is_none());
    }

    /// Table 四 as `pdftotext` (no `-layout`) writes it: the header's
    /// characters and the figures interleaved, one block per blank line.
    fn review_in_reading_order(last_group: &str) -> Report {
        review_in_reading_order_with("2\n\n1\n\n0\n\n1\n\n4", "", last_group)
    }

    /// The same with 行政复议's five figures as `first_group`, and
    /// `second` after the first figure of 未经复议直接起诉.
    fn review_in_reading_order_with(first_group: &str, second: &str, last_group: &str) -> Report {
        let second_group = format!("结\n果\n维\n持\n1{second}");
        let lines = [
            "四、政府信息公开行政复议、行政诉讼情况",
            "行政复议",
            "",
            "行政诉讼",
            "",
            "结\n果\n维\n持",
            "",
            "结\n果\n纠\n正",
            "",
            "其\n他\n结\n果",
            "",
            "尚\n未\n审\n结",
            "",
            "总\n计",
            "",
            first_group,
            "",
            &second_group,
            "",
            "未经复议直接起诉\n结\n其\n尚\n果\n他\n未\n纠\n结\n审\n正\n果\n结\n0\n1\n0",
            "",
            "总\n计\n2",
            "",
            last_group,
            "五、存在的主要问题及改进情况",
            "无。",
        ];
        let text = format!("某局2023年政府信息公开工作年度报告\n{}\n", lines.join("\n"));
        crate::parse::parse(SourceFile::new("t.txt", text))
    }

    /// Table 四 in reading order: the header, then `body` (a line each).
    fn review_in_reading_order_of(body: &[&str]) -> Report {
        let text = format!(
            "某局2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n\
             行政复议\n行政诉讼\n未经复议直接起诉\n复议后起诉\n结果\n维持\n\n结果\n纠正\n\n\
             其他\n结果\n\n尚未\n审结\n总计\n\n{}\n五、存在的主要问题及改进情况\n无。\n",
            body.join("\n")
        );
        crate::parse::parse(SourceFile::new("t.txt", text))
    }

    fn review_figures(report: &Report) -> Option<Vec<&str>> {
        let table = report.tables.review.as_ref().expect("table 四");
        table
            .readable
            .then(|| table.cells.iter().map(|c| report.text(c.span)).collect())
    }

    #[test]
    fn table_four_in_reading_order_is_read_when_its_runs_can_only_go_one_way() {
        // A real WPS PDF (洪泽区 2024): the last 总计 after a header piece.
        let figures = "1 1 0 0 2 1 0 0 0 1 2 0 1 0".split(' ');
        let body: Vec<&str> = figures.chain(["", "总计", "", "3"]).collect();
        let report = review_in_reading_order_of(&body);
        assert_eq!(
            review_figures(&report).expect("read"),
            "1 1 0 0 2 1 0 0 0 1 2 0 1 0 3"
                .split(' ')
                .collect::<Vec<_>>(),
            "{:?}",
            report.notes
        );
        // Its runs the other way round: put back in order.
        let body: Vec<&str> = ["3", "总计"]
            .into_iter()
            .chain("1 1 0 0 2 1 0 0 0 1 2 0 1 0".split(' '))
            .collect();
        let report = review_in_reading_order_of(&body);
        assert_eq!(
            review_figures(&report).expect("read"),
            "1 1 0 0 2 1 0 0 0 1 2 0 1 0 3"
                .split(' ')
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn table_four_in_reading_order_whose_runs_could_go_two_ways_is_not_read() {
        let unread = |body: &[&str]| {
            let report = review_in_reading_order_of(body);
            assert!(review_figures(&report).is_none(), "{body:?}");
            assert_eq!(report.notes.len(), 1, "{:?}", report.notes);
            assert!(
                report.notes[0].message.contains("排法没有或不止一种"),
                "{}",
                report.notes[0].message
            );
        };
        // A real WPS PDF (淮安市 2024) gives "72 64 178 37 351 | 13 4 8 1
        // 26 | 12 1 1 6 20" so: 复议后起诉's figures before 未经复议直接起诉's.
        // Left to right no 总计 holds; put back, the two 行政诉讼 groups
        // could be either way round.
        unread(&[
            "72", "64", "178", "37", "结果", "12", "1", "1", "6", "总计", "351", "维持", "13", "4",
            "8", "1", "26", "总计", "20",
        ]);
        // Every 总计 holds as the figures come, and yet the groups could
        // have come in another order.
        unread(&[
            "2", "1", "0", "1", "4", "维持", "1", "0", "1", "0", "2", "审结", "1", "0", "0", "0",
            "1",
        ]);
        // A 总计 wrong in the report cannot be told from one out of place.
        unread(&[
            "1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "总计", "4",
        ]);
    }

    #[test]
    fn table_two_in_reading_order_takes_a_one_row_blocks_figure_wherever_it_stands() {
        // Real WPS PDFs through `pdftotext` without -layout: 洪泽区 2023 gives
        // "本年处理决定数量" / "550" / "行政许可"; 洪泽区 2024 gives "行政许可" /
        // "-2-" / "本年处理决定数量" / "9487"; both give "本年收费金额（单位：
        // 万元）" / a figure / "行政事业性收费".
        for (text, licensing, fees) in [
            (
                include_str!(
                    "../../../../fixtures/real-pdf-text/2023-淮安市洪泽区人民政府-pdf.reading.txt"
                ),
                "550",
                "7730.28",
            ),
            (
                include_str!(
                    "../../../../fixtures/real-pdf-text/2024-淮安市洪泽区人民政府-pdf.reading.txt"
                ),
                "9487",
                "7545",
            ),
        ] {
            let report = crate::parse::parse(SourceFile::new("t.txt", text.to_string()));
            assert!(
                !report.notes.iter().any(|n| n.kind
                    == crate::report::NoteKind::Unreadable(crate::report::TableKind::Proactive)),
                "{:?}",
                report.notes
            );
            let table = report.tables.proactive.as_ref().expect("table 二");
            let cell = |item: u8| {
                let block = table
                    .blocks
                    .iter()
                    .find(|b| b.item == Some(item))
                    .expect("block");
                assert_eq!(block.rows.len(), 1, "{:?}", block.rows);
                assert_eq!(block.columns.len(), 1);
                report.text(block.rows[0].cells[0].span)
            };
            assert_eq!(cell(5), licensing);
            assert_eq!(cell(8), fees);
        }
    }

    #[test]
    fn table_four_in_reading_order_with_anything_else_in_it_is_not_read() {
        // A text cell (“不详”) among the figures, or a group that the PDF
        // tool put after the next heading: fourteen figures either way.
        for last_group in [
            "结\n果\n维\n持\n1\n\n复议后起诉\n结\n其\n尚\n不\n0\n0\n详\n\n总\n计\n1\n",
            "结\n果\n维\n持\n1\n\n复议后起诉\n结\n其\n尚\n0\n0\n",
        ] {
            let report = review_in_reading_order(last_group);
            let table = report.tables.review.as_ref().expect("table 四");
            assert!(!table.readable, "{last_group:?}");
        }
    }

    /// Table 四 as `pdftotext -layout` writes it (the committed fixture of
    /// a LibreOffice export), with the cell of 复议后起诉's 尚未审结 column
    /// written as `above` / `on_line` / `below` over three lines.
    fn review_in_columns(above: &str, on_line: &str, below: &str) -> Report {
        let fixture = include_str!("../../../../fixtures/pdf/clean-2021.layout.txt");
        let figures = "2   1    0     1   4   1    0  1  0       2   1   0   0   0    1";
        assert_eq!(
            fixture.matches(figures).count(),
            1,
            "the fixture's table 四"
        );
        // The fourteenth figure: the last "0".
        let column = figures.len() - "0    1".len();
        let pad = " ".repeat(column);
        let line = format!(
            "{}{on_line:<4}{}",
            &figures[..column],
            &figures[column + 1..]
        );
        let text = fixture.replace(figures, &format!("{pad}{above}\n{line}\n{pad}{below}"));
        crate::parse::parse(SourceFile::new("t.txt", text))
    }

    #[test]
    fn table_four_in_columns_takes_a_cell_wrapped_round_its_figures_line() {
        for (above, on_line, below, cell) in [
            ("不", "", "详", "不详"),
            ("无", "数", "据", "无数据"),
            ("", "3", "", "3"),
            // A long number wrapped in its narrow column.
            ("", "123", "456", "123456"),
        ] {
            let report = review_in_columns(above, on_line, below);
            let table = report.tables.review.as_ref().expect("table 四");
            assert!(table.readable, "{cell}: {:?}", report.notes);
            let texts: Vec<_> = table.cells.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(
                texts,
                ["2", "1", "0", "1", "4", "1", "0", "1", "0", "2", "1", "0", "0", cell, "1"]
            );
            // The cell's span is in the text: from its first piece to its last.
            let at = table.cells[13].span;
            let source = &report.source.text[at.start..at.end];
            let (first, last) = (cell.chars().next(), cell.chars().last());
            assert!(
                source.chars().next() == first && source.chars().last() == last,
                "{cell}: {source:?}"
            );
        }
    }

    #[test]
    fn table_four_in_columns_with_a_word_over_a_figure_or_a_cell_too_many_is_not_read() {
        for (above, on_line, below) in [
            // A word over a figure (not the header's): not certainly part
            // of the cell.
            ("注", "3", ""),
            // Two pieces beside each other: sixteen cells.
            ("", "", "不详  5"),
        ] {
            let report = review_in_columns(above, on_line, below);
            let table = report.tables.review.as_ref().expect("table 四");
            assert!(!table.readable, "{above:?} {on_line:?} {below:?}");
            assert_eq!(report.notes.len(), 1, "{:?}", report.notes);
        }
    }
}
