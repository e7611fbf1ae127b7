//! Table 三 as a PDF tool lays it out in columns (`pdftotext -layout`):
//! each row's seven figures on one line, aligned under the columns, and
//! the labels wrapped around them — a row label over two or three lines
//! with its figures on the middle one, the merged "三、本年度办理结果" and
//! group labels one or two characters a line down the left. Labels cannot
//! be read back with certainty; figures can.
//!
//! So the figures are read by position and the rows by order: the lines
//! that hold figures under the seven columns are the table's rows, in the
//! template's order. When their number is the number of rows of a
//! template, each line is that row; otherwise the table is not read and
//! one note says so. A row's sub-row number ("2.") is taken from the label
//! fragment it starts with, so a number written twice is still found.

use super::cells::{is_piece, lines, words};
use super::tables::Reader;
use crate::labels::{has_sub_number, split};
use crate::report::*;
use crate::source::Span;
use crate::template::{RequestRow, TemplateVersion, REQUEST_COLUMNS};
use crate::value::CellValue;

const WIDTH: usize = REQUEST_COLUMNS.len();

/// A run of text on a line: between runs of two spaces or more, and a
/// number separated by one space from the next is a run of its own.
#[derive(Debug, Clone, Copy)]
struct Token {
    span: Span,
    /// Character columns: pdftotext places each glyph in one column.
    start: usize,
    end: usize,
}

impl Token {
    fn centre(&self) -> f64 {
        (self.start + self.end) as f64 / 2.0
    }
}

/// A table cell's figure: a count, or what stands for none ("—", "/"),
/// never a sub-row number ("1.").
pub(super) fn is_figure(text: &str) -> bool {
    CellValue::is_value_text(text) && !has_sub_number(text)
}

fn tokens(text: &str, line: Span) -> Vec<Token> {
    let content = &text[line.start..line.end];
    // Runs between two spaces or more: (byte start, byte end, column start, column end).
    let mut runs = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let mut spaces = 0;
    let mut end = (0, 0);
    for (column, (byte, ch)) in content.char_indices().enumerate() {
        if ch.is_whitespace() {
            spaces += 1;
            if spaces == 2 {
                if let Some((b, c)) = current.take() {
                    runs.push((b, end.0, c, end.1));
                }
            }
        } else {
            if current.is_none() {
                current = Some((byte, column));
            }
            spaces = 0;
            end = (byte + ch.len_utf8(), column + 1);
        }
    }
    if let Some((b, c)) = current {
        runs.push((b, end.0, c, end.1));
    }
    let mut out = Vec::new();
    for (b, e, c, ce) in runs {
        let piece = &content[b..e];
        let words = words(piece);
        // "0 0 1": figures one space apart are cells of their own (figures
        // are ASCII, so a byte offset is a column offset).
        if words.len() > 1 && words.iter().all(|(_, w)| is_figure(w)) {
            for (at, word) in words {
                out.push(Token {
                    span: Span::new(line.start + b + at, line.start + b + at + word.len()),
                    start: c + at,
                    end: c + at + word.len(),
                });
            }
        } else {
            out.push(Token {
                span: Span::new(line.start + b, line.start + e),
                start: c,
                end: ce,
            });
        }
    }
    out
}

/// The seven value columns: where the figures of the lines that hold
/// seven of them at their end stand (the median of each).
fn columns<'a>(rows: impl Iterator<Item = &'a Vec<Token>>, text: &str) -> Option<[f64; WIDTH]> {
    let full: Vec<&[Token]> = rows
        .filter(|r| r.len() >= WIDTH)
        .map(|r| &r[r.len() - WIDTH..])
        .filter(|tail| {
            tail.iter()
                .all(|t| is_figure(&text[t.span.start..t.span.end]))
        })
        .collect();
    if full.is_empty() {
        return None;
    }
    let mut out = [0.0; WIDTH];
    for (j, slot) in out.iter_mut().enumerate() {
        let mut centres: Vec<f64> = full.iter().map(|r| r[j].centre()).collect();
        centres.sort_by(f64::total_cmp);
        *slot = centres[centres.len() / 2];
    }
    out.windows(2).all(|w| w[1] > w[0] + 1.0).then_some(out)
}

/// The value column a token stands under, if any.
fn column_of(token: &Token, columns: &[f64; WIDTH]) -> Option<usize> {
    let centre = token.centre();
    (0..WIDTH).find(|&j| {
        let left = if j == 0 {
            columns[1] - columns[0]
        } else {
            columns[j] - columns[j - 1]
        };
        let right = if j + 1 == WIDTH {
            left
        } else {
            columns[j + 1] - columns[j]
        };
        centre >= columns[j] - left * 0.45 && centre <= columns[j] + right * 0.45
    })
}

/// A line of the table: its label tokens (left of the figures) and its
/// cells, when it is a row of figures.
struct Line {
    labels: Vec<Token>,
    cells: Option<[Option<Token>; WIDTH]>,
}

pub fn read_requests(r: &mut Reader, region: Span) -> Option<RequestTable> {
    let text = r.text;
    let spans: Vec<Span> = lines(text, region).collect();
    let rows: Vec<Vec<Token>> = spans.iter().map(|l| tokens(text, *l)).collect();
    // Each page lays the table out anew (a page break is a form feed):
    // the columns are found per page.
    let mut page_of = Vec::with_capacity(spans.len());
    let mut page = 0;
    for span in &spans {
        if text[span.start..span.end].contains('\u{c}') {
            page += 1;
        }
        page_of.push(page);
    }
    let models: Vec<Option<[f64; WIDTH]>> = (0..=page)
        .map(|p| {
            columns(
                rows.iter()
                    .zip(&page_of)
                    .filter(|(_, q)| **q == p)
                    .map(|(r, _)| r),
                text,
            )
        })
        .collect();
    models.iter().flatten().next()?;
    // The table starts at its first row of figures or its identity note.
    let start = rows.iter().position(|tokens| {
        tokens.iter().any(|t| {
            let s = &text[t.span.start..t.span.end];
            s.contains("勾稽") || s.contains("本年新收")
        })
    })?;
    // Cells wrapped over several lines: (line, column, span, text).
    let mut wrapped: Vec<(usize, usize, Span, String)> = Vec::new();
    // Every line's label tokens and value tokens (with their column).
    let mut table_lines: Vec<(usize, Line)> = Vec::new();
    let mut scanned: Vec<Vec<(usize, Token)>> = Vec::new();
    for (i, tokens) in rows.iter().enumerate().skip(start) {
        let Some(columns) = models[page_of[i]] else {
            // A page of the table without a full row: its figures cannot
            // be placed.
            if tokens
                .iter()
                .any(|t| is_figure(&text[t.span.start..t.span.end]))
            {
                table_lines.push((
                    i,
                    Line {
                        labels: Vec::new(),
                        cells: None,
                    },
                ));
                scanned.push(Vec::new());
                break;
            }
            continue;
        };
        let value_edge = columns[0] - (columns[1] - columns[0]) * 0.5;
        let (labels, values): (Vec<Token>, Vec<Token>) =
            tokens.iter().partition(|t| t.centre() < value_edge);
        let mut placed = Vec::new();
        let mut clash = false;
        for t in &values {
            match column_of(t, &columns) {
                // Two tokens under one column: not a row read with certainty.
                Some(j) if !placed.iter().any(|(k, _)| *k == j) => placed.push((j, *t)),
                _ => clash = true,
            }
        }
        let figures = values
            .iter()
            .any(|t| is_figure(&text[t.span.start..t.span.end]));
        table_lines.push((
            i,
            Line {
                labels,
                cells: None,
            },
        ));
        scanned.push(if clash && figures { Vec::new() } else { placed });
        if clash && figures {
            break;
        }
    }
    // Rows are the lines with two figures or more under the columns. A cell
    // too narrow for its text wraps it over the lines above and below its
    // row ("无数"/"据", a long number): those lines hold one token under the
    // column their row lacks, and are put back into that cell.
    let figure = |t: &Token| is_figure(&text[t.span.start..t.span.end]);
    let main: Vec<usize> = (0..scanned.len())
        .filter(|&k| scanned[k].len() >= 2 && scanned[k].iter().any(|(_, t)| figure(t)))
        .collect();
    let mut fragments: Vec<Vec<(usize, Token)>> = vec![Vec::new(); scanned.len()];
    let mut extra_rows = Vec::new();
    if let (Some(&first), Some(&last)) = (main.first(), main.last()) {
        for k in first.saturating_sub(3)..(last + 4).min(scanned.len()) {
            if main.contains(&k) || scanned[k].len() != 1 {
                continue;
            }
            let (j, token) = scanned[k][0];
            let short = token.end - token.start <= 8;
            // A cell wraps within its page: a page's repeated header is not
            // the end of the cell above the break.
            let same_page = |m: &usize| page_of[table_lines[*m].0] == page_of[table_lines[k].0];
            let lacks = |m: &usize| !scanned[*m].iter().any(|(c, _)| *c == j) && same_page(m);
            let nearest = main
                .iter()
                .filter(|m| lacks(m))
                .min_by_key(|m| (m.abs_diff(k), usize::from(**m < k)));
            // A long number wraps five digits a line over as many lines as
            // it needs, above and below its row: further than a word's
            // pieces, but only through lines that hold nothing else under
            // the columns but its other pieces.
            let all_digits = |t: &Token| {
                text[t.span.start..t.span.end]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
            };
            let digits = all_digits(&token);
            let chain = |m: usize| {
                (k.min(m) + 1..k.max(m))
                    .all(|q| !main.contains(&q) && scanned[q].iter().all(|(c, _)| *c == j))
            };
            // A piece that starts with 0 ("00000") is never a count of its
            // own: it goes on the number above it in its column, across a
            // page break and the header repeated after it too.
            let goes_on = digits && text[token.span.start..token.span.end].starts_with('0');
            let above = || {
                main.iter().rev().find(|&&m| m < k).copied().filter(|&m| {
                    scanned[m].iter().any(|(c, t)| *c == j && all_digits(t))
                        && (m + 1..k).all(|q| scanned[q].iter().all(|(c, t)| *c == j || !figure(t)))
                })
            };
            let row = nearest
                .copied()
                .filter(|&m| short && (m.abs_diff(k) <= 4 || digits && chain(m)))
                .or_else(|| (short && goes_on).then(above).flatten());
            match row {
                Some(m) => fragments[m].push((k, token)),
                None if figure(&token) && k > first && k < last => extra_rows.push(k),
                None => {}
            }
        }
    }
    let mut rows_at: Vec<usize> = main.iter().copied().chain(extra_rows).collect();
    rows_at.sort_unstable();
    for &k in &rows_at {
        let mut cells: [Option<Token>; WIDTH] = [None; WIDTH];
        for (j, t) in &scanned[k] {
            cells[*j] = Some(*t);
        }
        let mut pieces = std::mem::take(&mut fragments[k]);
        if let Some(j) = pieces
            .first()
            .and_then(|(line, _)| scanned[*line].first().map(|(j, _)| *j))
        {
            // The row's own piece, when its line has one, between those
            // above and below it.
            if let Some(own) = cells[j].take() {
                pieces.push((k, own));
            }
            pieces.sort_by_key(|(line, _)| *line);
            let start = pieces.first().map_or(0, |(_, t)| t.span.start);
            let end = pieces.last().map_or(0, |(_, t)| t.span.end);
            let joined: String = pieces
                .iter()
                .map(|(_, t)| &text[t.span.start..t.span.end])
                .collect();
            wrapped.push((k, j, Span::new(start, end), joined));
        }
        table_lines[k].1.cells = Some(cells);
    }
    Some(rows_by_order(r, &spans, start, &table_lines, &wrapped))
}

/// The table from its lines: the lines with cells are the template's rows
/// in order (a template with that many rows, else one note and no rows);
/// each row's label is the fragment that numbers it, on its line or on the
/// lines above it since the previous row. `wrapped`: (line, column, span,
/// text) of cells put back together from several lines.
fn rows_by_order(
    r: &mut Reader,
    spans: &[Span],
    start: usize,
    table_lines: &[(usize, Line)],
    wrapped: &[(usize, usize, Span, String)],
) -> RequestTable {
    let text = r.text;
    let data: Vec<usize> = table_lines
        .iter()
        .enumerate()
        .filter(|(_, (_, l))| l.cells.is_some())
        .map(|(k, _)| k)
        .collect();
    let version = [TemplateVersion::V2021, TemplateVersion::V2019]
        .into_iter()
        .find(|v| RequestRow::all(*v).len() == data.len());
    let first_span = spans[start];
    let Some(version) = version else {
        r.notes.push(ParseNote {
            span: r.view.to_source(trim_span(text, first_span)),
            kind: NoteKind::Unreadable(TableKind::Requests),
            message: format!(
                "表三读到{}行数字，与模板的行数（25或23）不符，无法确定各行，未核对该表",
                data.len()
            ),
        });
        return RequestTable {
            span: r.view.to_source(Span::new(
                first_span.start,
                spans[start..].last().map_or(first_span.end, |s| s.end),
            )),
            rows: Vec::new(),
            groups: Vec::new(),
            header: Vec::new(),
        };
    };
    let keys = RequestRow::all(version);
    let mut out = Vec::with_capacity(keys.len());
    for (n, (&k, key)) in data.iter().zip(&keys).enumerate() {
        let (_, line) = &table_lines[k];
        let cells = line.cells.as_ref().map_or_else(Vec::new, |cells| {
            cells
                .iter()
                .enumerate()
                .map(|(j, c)| match c {
                    None if wrapped.iter().any(|w| w.0 == k && w.1 == j) => {
                        let (_, _, span, joined) = wrapped
                            .iter()
                            .find(|w| w.0 == k && w.1 == j)
                            .unwrap_or_else(|| unreachable!("just found"));
                        Cell {
                            span: r.view.to_source(*span),
                            text: joined.clone(),
                            value: CellValue::parse(joined),
                        }
                    }
                    Some(t) => {
                        // A cell put back from several lines is its
                        // pieces run together.
                        let s: String = text[t.span.start..t.span.end].split_whitespace().collect();
                        Cell {
                            span: r.view.to_source(t.span),
                            value: CellValue::parse(&s),
                            text: s,
                        }
                    }
                    None => Cell {
                        span: r.view.to_source(Span::new(
                            spans[table_lines[k].0].end,
                            spans[table_lines[k].0].end,
                        )),
                        text: String::new(),
                        value: CellValue::Blank,
                    },
                })
                .collect()
        });
        // The label fragment that numbers this row: on its line, or on
        // the lines above it since the previous row.
        let previous = if n == 0 { 0 } else { data[n - 1] + 1 };
        let numbered = line
            .labels
            .iter()
            .chain(
                table_lines[previous..k]
                    .iter()
                    .rev()
                    .flat_map(|(_, l)| l.labels.iter()),
            )
            .map(|t| own_label(text, *t))
            .find(|t| split(&text[t.span.start..t.span.end]).sub.is_some())
            .filter(|_| key.sub_index().is_some());
        let label_token = numbered
            .or_else(|| line.labels.last().map(|t| own_label(text, *t)))
            .unwrap_or(Token {
                span: Span::new(spans[table_lines[k].0].start, spans[table_lines[k].0].start),
                start: 0,
                end: 0,
            });
        let label_text = &text[label_token.span.start..label_token.span.end];
        let s = split(label_text);
        let number = s.sub.as_ref().map(|(value, range)| Numbering {
            value: *value,
            digits: r.view.to_source(Span::new(
                label_token.span.start + range.start,
                label_token.span.start + range.end,
            )),
        });
        out.push(RequestTableRow {
            key: *key,
            label: Label {
                span: r.view.to_source(label_token.span),
                text: label_text.to_string(),
                number,
            },
            // A label wrapped round the figures cannot be compared with
            // the template's words: it is not reported as misprinted.
            exact_label: true,
            cells,
            readable: true,
        });
    }
    let last = table_lines.last().map_or(first_span, |(i, _)| spans[*i]);
    RequestTable {
        span: r.view.to_source(Span::new(first_span.start, last.end)),
        rows: out,
        groups: Vec::new(),
        header: Vec::new(),
    }
}

/// Table 三 in the order a PDF's content stream gives it (`pdftotext -raw`,
/// pdf.js): a row is its label and its figures on one line, one
/// space apart ("（七）总计 39 6 1 1 2 0 49"), or its figures on a line of
/// their own after its label's lines; the merged labels come a character
/// or two a line. The lines that end in figures are the rows, in the
/// template's order. A row is read when it ends in exactly seven figures:
/// with fewer, a cell is blank or holds a word, and which one cannot be
/// told (the row is kept, unread, with one note).
pub fn read_requests_in_content_order(r: &mut Reader, region: Span) -> Option<RequestTable> {
    let text = r.text;
    let spans: Vec<Span> = lines(text, region).collect();
    let start = spans.iter().position(|l| {
        let s = &text[l.start..l.end];
        s.contains("勾稽") || s.contains("本年新收")
    })?;
    let mut table_lines: Vec<(usize, Line)> = Vec::new();
    let mut unsure = Vec::new();
    let split_lines = spans.iter().enumerate().skip(start).map(|(i, span)| {
        let line = trim_span(text, *span);
        let words = words(&text[line.start..line.end])
            .into_iter()
            .map(|(at, w)| Span::new(line.start + at, line.start + at + w.len()))
            .map(|span| Word {
                span,
                cell: is_figure(&text[span.start..span.end]),
            })
            .collect();
        (i, words)
    });
    for (i, mut words) in join_wrapped_cells(text, split_lines.collect()) {
        // A word where a figure belongs ("若干", "不详") between two of
        // the row's figures is a cell. (Before the first figure it cannot
        // be told from the label's last words.)
        for j in 1..words.len().saturating_sub(1) {
            if words[j - 1].cell
                && words[j + 1].cell
                && is_piece(&text[words[j].span.start..words[j].span.end])
            {
                words[j].cell = true;
            }
        }
        // Figures, or what stands for none ("—", "/"), or a word between
        // them, or a cell put back from several lines: a cell each.
        let figures = words.iter().rev().take_while(|w| w.cell).count();
        let words: Vec<Token> = words
            .into_iter()
            .map(|w| Token {
                span: w.span,
                start: 0,
                end: 0,
            })
            .collect();
        let label_words = &words[..words.len() - figures.min(WIDTH)];
        let labels: Vec<Token> = match (label_words.first(), label_words.last()) {
            (Some(first), Some(last)) => vec![Token {
                span: Span::new(first.span.start, last.span.end),
                start: 0,
                end: 0,
            }],
            _ => Vec::new(),
        };
        let cells = (figures > 0).then(|| {
            let mut cells: [Option<Token>; WIDTH] = [None; WIDTH];
            if figures >= WIDTH {
                for (slot, t) in cells.iter_mut().zip(&words[words.len() - WIDTH..]) {
                    *slot = Some(*t);
                }
            } else {
                unsure.push((table_lines.len(), figures));
            }
            cells
        });
        table_lines.push((i, Line { labels, cells }));
    }
    // Text in another order (one figure a line, every label first) has
    // lines ending in figures too, but few of them ending in seven.
    let rows = table_lines
        .iter()
        .filter(|(_, l)| l.cells.is_some())
        .count();
    if unsure.len() > 2 || rows == 0 {
        return None;
    }
    let mut notes = Vec::new();
    let mut table = rows_by_order(r, &spans, start, &table_lines, &[]);
    let data = (0..table_lines.len()).filter(|&k| table_lines[k].1.cells.is_some());
    for (row, k) in table.rows.iter_mut().zip(data) {
        if let Some((_, n)) = unsure.iter().find(|(at, _)| *at == k) {
            // A row with a cell blank or not a figure: kept, not read.
            row.readable = false;
            row.cells.clear();
            notes.push(ParseNote {
                span: row.label.span,
                kind: NoteKind::Unreadable(TableKind::Requests),
                message: format!(
                    "“{}”一行末尾只有{n}个数字，应为{WIDTH}个（有单元格空白或不是数字），无法确定各列，未核对该行",
                    row.key.short_name()
                ),
            });
        }
    }
    r.notes.extend(notes);
    Some(table)
}

/// A word of a line of content-order text, and whether it is a cell
/// (a figure, or a cell put back from several lines).
#[derive(Debug, Clone, Copy)]
struct Word {
    span: Span,
    cell: bool,
}

/// A table 三 cell too narrow for what it holds is wrapped inside it, and
/// content order gives its pieces on lines of their own. Put back:
/// - a long number's pieces: a line that is only a run of digits starting
///   with 0 (no count is written so) goes on the number ending the line
///   before ("10000" / "00000" / …); the row's other figures may follow
///   on a line of their own;
/// - a word's pieces ("无数" / "据") between two parts of a row's figures
///   (`pdftotext -raw`: "1 0" / "无数" / "据" / "0 0 0 1"; pdf.js: "明确 1 0
///   无数" / "据 0 0 0 1"), when the figures on both sides and the word are
///   exactly seven cells.
fn join_wrapped_cells(text: &str, lines: Vec<(usize, Vec<Word>)>) -> Vec<(usize, Vec<Word>)> {
    let str = |w: &Word| &text[w.span.start..w.span.end];
    // (A number put back from lines has line breaks in it.)
    let digits = |w: &Word| {
        str(w)
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_whitespace())
    };
    let piece = |w: &Word| is_piece(str(w));
    let trailing = |words: &[Word]| words.iter().rev().take_while(|w| w.cell).count();
    let joined = |a: &Word, b: &Word| Word {
        span: Span::new(a.span.start, b.span.end),
        cell: true,
    };
    let mut out: Vec<(usize, Vec<Word>)> = Vec::with_capacity(lines.len());
    let mut long_number_at: Option<usize> = None;
    let mut k = 0;
    while k < lines.len() {
        let (i, words) = &lines[k];
        // A long number's next piece.
        if let ([w], Some((_, last))) = (&words[..], out.last_mut()) {
            if digits(w) && str(w).len() >= 2 && str(w).starts_with('0') {
                if let Some(number) = last.last_mut().filter(|n| digits(n)) {
                    *number = joined(number, w);
                    long_number_at = Some(out.len() - 1);
                    k += 1;
                    continue;
                }
            }
        }
        // The rest of the figures of a row whose long number ended its line.
        if let Some(at) = long_number_at.take().filter(|&at| at + 1 == out.len()) {
            let before = trailing(&out[at].1);
            let figures = !words.is_empty() && words.iter().all(|w| w.cell);
            if figures && before + words.len() == WIDTH {
                out[at].1.extend(words.iter().copied());
                k += 1;
                continue;
            }
            // The long number on lines of its own inside its row ("… 1 0
            // 0 0" / "10000" / "00000" … / "0 1"): the row's first figures
            // end the line before it, the rest follow it.
            let first = at.checked_sub(1).map_or(0, |p| trailing(&out[p].1));
            if figures && out[at].1.len() == 1 && first > 0 && first + 1 + words.len() == WIDTH {
                let (_, number) = out.pop().expect("the number's line");
                let row = &mut out[at - 1].1;
                row.extend(number);
                row.extend(words.iter().copied());
                k += 1;
                continue;
            }
        }
        // A word wrapped between two parts of a row's figures, only after
        // some of them (and so at most once for each run of pieces: the
        // text is looked at once).
        if let Some((_, before)) = out.last_mut() {
            // pdf.js: the first piece ends the figures' first part.
            let first_on_line = before.last().filter(|w| piece(w) && !w.cell).copied();
            let figures = trailing(&before[..before.len() - usize::from(first_on_line.is_some())]);
            if (1..WIDTH).contains(&figures) {
                let mut end = k;
                let mut pieces: Vec<Word> = first_on_line.into_iter().collect();
                // A cell is a few lines high.
                while let Some((_, [w])) = lines
                    .get(end)
                    .filter(|_| pieces.len() < 16)
                    .map(|(i, w)| (i, &w[..]))
                {
                    if !piece(w) {
                        break;
                    }
                    pieces.push(*w);
                    end += 1;
                }
                // The figures' second part, maybe after the last piece (pdf.js).
                let rest = lines.get(end).map(|(_, w)| &w[..]).unwrap_or_default();
                let (last_piece, rest) = match rest.split_first() {
                    Some((w, after)) if piece(w) && !w.cell && first_on_line.is_some() => {
                        (Some(*w), after)
                    }
                    _ => (None, rest),
                };
                pieces.extend(last_piece);
                let whole = pieces.len() >= 2
                    && !rest.is_empty()
                    && rest.iter().all(|w| w.cell)
                    && figures + 1 + rest.len() == WIDTH;
                if whole {
                    if first_on_line.is_some() {
                        before.pop();
                    }
                    before.push(joined(&pieces[0], &pieces[pieces.len() - 1]));
                    before.extend(rest.iter().copied());
                    k = end + 1;
                    continue;
                }
            }
        }
        out.push((*i, words.clone()));
        k += 1;
    }
    out
}

/// Whether a table 三 read from PDF text is certain: every row of a
/// template, in order, each with seven figures.
pub fn certain(table: &RequestTable) -> bool {
    [TemplateVersion::V2021, TemplateVersion::V2019]
        .into_iter()
        .any(|v| table.rows.iter().map(|r| r.key).eq(RequestRow::all(v)))
        && table.rows.iter().all(|r| {
            r.readable
                && r.cells
                    .iter()
                    .all(|c| matches!(c.value, CellValue::Count(_)))
        })
}

/// Table 三 found in PDF text but not read: no rows, one note.
pub fn unread(r: &mut Reader, span: Span, message: &str) -> RequestTable {
    r.notes.push(ParseNote {
        span: Span::new(span.start, span.start),
        kind: NoteKind::Unreadable(TableKind::Requests),
        message: message.into(),
    });
    RequestTable {
        span,
        rows: Vec::new(),
        groups: Vec::new(),
        header: Vec::new(),
    }
}

/// A label token without the merged labels' fragments in front of it:
/// "）不 2.重复申请" → "2.重复申请", "三 （一）予以公开" → "（一）予以公开".
/// The row's own label starts with a number or an ordinal after a space.
fn own_label(text: &str, token: Token) -> Token {
    let s = &text[token.span.start..token.span.end];
    let starts_label = |piece: &str| {
        let mut chars = piece.chars();
        match (chars.next(), chars.next()) {
            (Some(a), Some(b)) if a.is_ascii_digit() => {
                matches!(b, '.' | '、' | '．') || b.is_ascii_digit()
            }
            (Some('（' | '('), _) => true,
            (Some(a), Some('、')) => crate::labels::chinese_numeral(a).is_some(),
            _ => false,
        }
    };
    let mut offset = 0;
    let mut chars = 0;
    for piece in s.split(' ') {
        if offset > 0 && starts_label(piece) {
            return Token {
                span: Span::new(token.span.start + offset, token.span.end),
                start: token.start + chars,
                end: token.end,
            };
        }
        offset += piece.len() + 1;
        chars += piece.chars().count() + 1;
    }
    token
}

fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let start = span.start + (s.len() - s.trim_start().len());
    Span::new(
        start,
        span.start + s.trim_end().len().max(start - span.start),
    )
}

/// Table 四 as a PDF tool lays it out in columns: one line of fifteen
/// cells. A cell too narrow for its text wraps it over the lines right
/// above and below that line, one piece a line ("不" / "详", "无" / "数" /
/// "据"), so the token reader sees a figure short or a piece too many.
/// Here the pieces are put back by position: a line next to the figures
/// line that holds a single short piece belongs to the cell it stands
/// over — the figures line's token there, or a cell of its own where that
/// line has a gap. The table is read only when that gives exactly fifteen
/// cells, each from one column; the caller keeps its note otherwise.
pub fn read_review(r: &Reader, region: Span) -> Option<(Vec<Cell>, Span)> {
    const WIDTH: usize = 15;
    let text = r.text;
    let spans: Vec<Span> = lines(text, region).collect();
    let rows: Vec<Vec<Token>> = spans.iter().map(|l| tokens(text, *l)).collect();
    let figure = |t: &Token| is_figure(&text[t.span.start..t.span.end]);
    let start = rows.iter().position(|row| {
        row.iter()
            .any(|t| text[t.span.start..t.span.end].starts_with("行政复议"))
    })?;
    // The one line of figures: the only line after the header with two or more.
    let mut figure_lines =
        (start + 1..rows.len()).filter(|&k| rows[k].iter().filter(|t| figure(t)).count() >= 2);
    let main = figure_lines.next()?;
    if figure_lines.next().is_some() {
        return None;
    }
    let lone = |k: usize| match rows[k].as_slice() {
        [t] if t.end - t.start <= 8 => Some(*t),
        _ => None,
    };
    let above: Vec<(usize, Token)> = (start + 1..main)
        .rev()
        .map_while(|k| lone(k).map(|t| (k, t)))
        .collect();
    let below: Vec<(usize, Token)> = (main + 1..rows.len())
        .map_while(|k| lone(k).map(|t| (k, t)))
        .collect();
    // Each cell: its tokens with their lines (the figures line's own, if
    // any, and the pieces wrapped above and below it).
    let mut cells: Vec<Vec<(usize, Token)>> = rows[main].iter().map(|t| vec![(main, *t)]).collect();
    let digits = |t: &Token| {
        text[t.span.start..t.span.end]
            .bytes()
            .all(|b| b.is_ascii_digit())
    };
    let overlaps = |a: &Token, b: &Token| a.start < b.end && b.start < a.end;
    for &(k, piece) in above.iter().chain(&below) {
        let owner = cells
            .iter()
            .position(|c| c.iter().any(|(_, t)| overlaps(t, &piece)));
        match owner {
            // A piece over a number continues it only when it is digits too
            // (a long number wrapped); a word there is not certain.
            Some(j)
                if cells[j].iter().any(|(at, t)| *at == main && digits(t)) && !digits(&piece) =>
            {
                return None
            }
            Some(j) => cells[j].push((k, piece)),
            None => cells.push(vec![(k, piece)]),
        }
    }
    if cells.len() != WIDTH {
        return None;
    }
    for cell in &mut cells {
        cell.sort_by_key(|(k, _)| *k);
    }
    cells.sort_by_key(|c| c.iter().map(|(_, t)| t.start).min());
    // Two cells over the same columns would be one cell read twice.
    if cells.windows(2).any(|w| {
        let right = w[0].iter().map(|(_, t)| t.end).max();
        let left = w[1].iter().map(|(_, t)| t.start).min();
        right > left
    }) {
        return None;
    }
    let out = cells
        .iter()
        .map(|c| {
            let joined: String = c
                .iter()
                .map(|(_, t)| &text[t.span.start..t.span.end])
                .collect();
            let start = c.iter().map(|(_, t)| t.span.start).min().unwrap_or(0);
            let end = c.iter().map(|(_, t)| t.span.end).max().unwrap_or(0);
            Cell {
                span: r.view.to_source(Span::new(start, end)),
                value: CellValue::parse(&joined),
                text: joined,
            }
        })
        .collect();
    let end = spans[main + below.len()].end;
    Some((out, r.view.to_source(Span::new(spans[start].start, end))))
}

#[cfg(test)]
mod tests {
    use crate::report::Report;
    use crate::source::SourceFile;
    use crate::template::RequestRow;
    use crate::value::CellValue;

    /// `pdftotext -raw` of LibreOffice's PDF of a clean 2021 draft.
    const RAW: &str = include_str!("../../../../fixtures/pdf/clean-2021.raw.txt");

    fn read(text: String) -> Report {
        crate::parse::parse(SourceFile::new("t.txt", text))
    }

    fn figures(cells: &[crate::report::Cell]) -> Vec<Option<u64>> {
        cells.iter().map(|c| c.value.as_count()).collect()
    }

    #[test]
    fn content_order_text_is_read_row_for_row() {
        let report = read(RAW.to_string());
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        let requests = report.tables.requests.as_ref().expect("table 三");
        assert_eq!(requests.rows.len(), 25);
        assert!(requests
            .rows
            .iter()
            .all(|r| r.readable && r.cells.len() == 7));
        let total = requests.rows.iter().rev().nth(1).expect("（七）总计");
        assert_eq!(
            figures(&total.cells),
            [39, 6, 1, 1, 2, 0, 49].map(Some).to_vec()
        );
        // Table 二's header words and rows, one space apart.
        let proactive = report.tables.proactive.as_ref().expect("table 二");
        let permits = proactive
            .blocks
            .iter()
            .flat_map(|b| &b.rows)
            .find(|r| r.label.text == "行政许可")
            .expect("the 行政许可 row");
        assert_eq!(figures(&permits.cells), [Some(1286)]);
        assert!(report.tables.review.as_ref().is_some_and(|t| t.readable));
    }

    /// pdf.js's text of the same PDF.
    const PDFJS: &str = include_str!("../../../../fixtures/pdf/clean-2021.pdfjs.txt");

    /// Row `key` of table 三 in `report`, which must have been read.
    fn read_row(report: &Report, key: RequestRow) -> &crate::report::RequestTableRow {
        let requests = report.tables.requests.as_ref().expect("table 三");
        let row = requests
            .rows
            .iter()
            .find(|r| r.key == key)
            .unwrap_or_else(|| panic!("row {key:?}"));
        assert!(row.readable, "{:?}", report.notes);
        row
    }

    #[test]
    fn a_table_three_cell_wrapped_in_content_order_is_one_cell() {
        // A word too wide for its cell, one piece a line between the row's
        // figures (`pdftotext -raw`), or its first piece ending the first
        // figures' line and its last starting the next (pdf.js).
        for (text, from, to) in [
            (RAW, "明确\n1 0 0 0 0 0 1", "明确\n1 0\n无数\n据\n0 0 0 1"),
            (PDFJS, "明确 1 0 0 0 0 0 1", "明确 1 0 无数\n据 0 0 0 1"),
        ] {
            let changed = text.replace(from, to);
            assert_ne!(changed, text);
            let report = read(changed);
            assert!(report.notes.is_empty(), "{:?}", report.notes);
            // （四）3, 科研机构.
            let cell = &read_row(&report, RequestRow::Unavailable(3)).cells[2];
            assert_eq!(cell.text, "无数据");
            assert!(matches!(cell.value, CellValue::Invalid(_)));
        }
        // Pieces that do not make seven cells with the figures round them
        // are not joined: the row is not read.
        let report = read(RAW.replace("明确\n1 0 0 0 0 0 1", "明确\n1 0\n无数\n据\n0 0 0 0 1"));
        let requests = report.tables.requests.as_ref().expect("table 三");
        assert!(requests
            .rows
            .iter()
            .all(|r| r.key != RequestRow::Unavailable(3) || !r.readable));
    }

    #[test]
    fn a_long_number_wrapped_in_its_cell_is_one_figure() {
        // Forty digits in 自然人, five a line, the row's other figures on
        // the line after them.
        let long = format!("10000{}", "\n00000".repeat(7));
        let text = RAW.replace(
            "止公开\n0 0 0 0 0 0 0",
            &format!("止公开\n{long}\n0 0 0 0 0 0"),
        );
        assert_ne!(text, RAW);
        let report = read(text);
        let row = read_row(&report, RequestRow::Withheld(2));
        assert_eq!(row.cells[0].text, format!("1{}", "0".repeat(39)));
        assert!(matches!(row.cells[0].value, CellValue::TooLarge(_)));
        assert_eq!(figures(&row.cells[1..]), [Some(0); 6].to_vec());
        // Ending the row's line: the pieces go on it.
        let text = RAW.replace(
            "止公开\n0 0 0 0 0 0 0",
            &format!("止公开\n0 0 0 0 0 0 {long}"),
        );
        let report = read(text);
        let row = read_row(&report, RequestRow::Withheld(2));
        assert!(matches!(row.cells[6].value, CellValue::TooLarge(_)));
        // On lines of its own inside the row: the row's first figures
        // before it, the rest after.
        let text = RAW.replace(
            "4.保护第三方合法权益 1 0 0 0 0 0 1",
            &format!("4.保护第三方合法权益 1 0 0 0\n{long}\n0 1"),
        );
        assert_ne!(text, RAW);
        let report = read(text);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        let row = read_row(&report, RequestRow::Withheld(4));
        assert!(matches!(row.cells[4].value, CellValue::TooLarge(_)));
        assert_eq!(figures(&row.cells[5..]), [Some(0), Some(1)].to_vec());
    }

    /// `pdftotext -layout` of the same PDF.
    const LAYOUT: &str = include_str!("../../../../fixtures/pdf/clean-2021.layout.txt");

    /// `LAYOUT` with the figures line of `row` given `own` for its
    /// first figure and `before`/`after` lines (each `""` a label-only
    /// line) of one piece under that figure's column.
    fn with_pieces(text: &str, row: &str, own: &str, before: &[&str], after: &[&str]) -> String {
        let line = text
            .lines()
            .find(|l| l.contains(row) && l.contains(" 0 "))
            .unwrap_or_else(|| panic!("{row}"));
        let at = line.find(" 0 ").expect("a 0 figure") + 1;
        let column = line[..at].chars().count();
        let piece = |p: &&str| {
            if p.is_empty() {
                "      止".to_string()
            } else {
                format!("{}{p}", " ".repeat(column))
            }
        };
        // As pdftotext places it: over the spaces after the figure.
        assert!(line[at + 1..at + own.len()].bytes().all(|b| b == b' '));
        let own_line = format!("{}{own}{}", &line[..at], &line[at + own.len()..]);
        let lines: Vec<String> = before
            .iter()
            .map(piece)
            .chain([own_line])
            .chain(after.iter().map(piece))
            .collect();
        text.replacen(line, &lines.join("\n"), 1)
    }

    #[test]
    fn a_long_number_wrapped_over_many_lines_of_its_column_is_one_figure() {
        // Round a row whose line leaves the cell blank: further from it
        // than a word's pieces, through lines of nothing else but labels.
        let text = with_pieces(
            LAYOUT,
            "8.属于行政查询事项",
            " ",
            &["10000", "00000", "", "00000", "00000"],
            &["00000", "", "00000", "00000"],
        );
        let report = read(text);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        let row = read_row(&report, RequestRow::Withheld(8));
        assert_eq!(row.cells[0].text, format!("1{}", "0".repeat(34)));
        assert!(matches!(row.cells[0].value, CellValue::TooLarge(_)));
        assert_eq!(figures(&row.cells[1..]), [Some(0); 6].to_vec());
        // Its row's line holding the first piece, the rest after the page
        // break and the header repeated there: "00000" is never a row.
        let text = with_pieces(
            LAYOUT,
            "4.无正当理由大量反复",
            "1000",
            &[],
            &["0000", "0000"],
        );
        let page_two = text
            .find("       申请\n")
            .expect("the next page's first label");
        let text = format!(
            "{}{}{}",
            &text[..page_two],
            format!("{}0000\n", " ".repeat(28)).repeat(3),
            &text[page_two..]
        );
        let report = read(text);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        let row = read_row(&report, RequestRow::NotProcessed(4));
        assert_eq!(row.cells[0].text, format!("1{}", "0".repeat(23)));
        assert_eq!(
            read_row(&report, RequestRow::NotProcessed(5)).cells.len(),
            7
        );
    }

    #[test]
    fn a_row_short_of_a_figure_is_kept_unread_and_said_once() {
        // A blank cell takes no place in content order: which one is blank
        // cannot be told.
        let text = RAW.replace(
            "4.保护第三方合法权益 1 0 0 0 0 0 1",
            "4.保护第三方合法权益 1 0 0 0 0 1",
        );
        assert_ne!(text, RAW);
        let report = read(text);
        let requests = report.tables.requests.as_ref().expect("table 三");
        assert_eq!(requests.rows.len(), 25);
        let unread: Vec<_> = requests.rows.iter().filter(|r| !r.readable).collect();
        assert_eq!(unread.len(), 1);
        assert!(unread[0].cells.is_empty());
        assert_eq!(report.notes.len(), 1, "{:?}", report.notes);
        assert!(report.notes[0]
            .message
            .contains("“（三）4”一行末尾只有6个数字"));
        // Every other row is read; no cell of it is a guess.
        assert!(requests.rows.iter().filter(|r| r.readable).all(|r| r
            .cells
            .iter()
            .all(|c| matches!(c.value, CellValue::Count(_)))));
    }

    #[test]
    fn a_table_four_cell_wrapped_one_piece_a_line_is_one_cell() {
        let figures = "2 1 0 1 4 1 0 1 0 2 1 0 0 0 1";
        for (pieces, cell) in [
            ("不\n详", "不详"),
            ("暂\n无\n相\n关\n数\n据", "暂无相关数据"),
        ] {
            let text = RAW.replace(figures, &format!("2 1 0 1 4 1 0 1 0 2 1 0 0\n{pieces}\n1"));
            assert_ne!(text, RAW);
            let report = read(text);
            let review = report.tables.review.as_ref().expect("table 四");
            assert!(review.readable, "{:?}", report.notes);
            assert_eq!(review.cells[13].text, cell);
            assert_eq!(review.cells[14].text, "1");
        }
        // pdf.js keeps the first piece on the figures line and the last
        // on the line of the next figure.
        let text = RAW.replace(figures, "2 1 0 1 4 1 0 1 0 2 1 0 0 不\n详 1");
        let report = read(text);
        let review = report.tables.review.as_ref().expect("table 四");
        assert!(review.readable, "{:?}", report.notes);
        assert_eq!(review.cells[13].text, "不详");
        assert_eq!(review.cells[14].text, "1");
        // Two cells' worth of pieces apart: sixteen cells, not read.
        let text = RAW.replace(figures, "2 1 0 1 4 1 0 1 0 2 1 0 0\n不\n详\n1\n无\n1");
        let report = read(text);
        assert!(!report.tables.review.as_ref().expect("table 四").readable);
    }
}
