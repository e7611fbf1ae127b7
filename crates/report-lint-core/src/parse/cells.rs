//! Turns the lines of a table region into a stream of cells, whatever the
//! layout it was flattened into (DOMAIN §5.1): one cell per line with or
//! without blank separator lines, `cell |` lines with `||` padding,
//! `|`-separated rows, Markdown pipe tables, PDF lines of space-separated
//! numbers. Row breaks are hints only: the readers rely on the template's row
//! labels and column counts, because half of the layouts have no row ends.

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// A cell with text.
    Text,
    /// A cell with nothing in it.
    Blank,
    /// The end of a physical row, where the layout shows one.
    Break,
    /// A line that is a single `|`: in the `cell |` layout either an empty
    /// cell or the end of a row, which only the reader can tell (it knows
    /// whether the row is complete).
    Pipe,
    /// A paragraph between a document's own tables ([`Cells::Exact`]):
    /// never a cell. It ends a table that is complete, and may be a table
    /// 二 banner written above its table.
    Loose,
    /// A Markdown header separator `|---|---|`; its span is the line, so
    /// the number of columns of the table below it is known
    /// ([`rule_columns`]).
    Rule,
    /// Put in by a reader, never by the tokenizer: the row this ends cannot
    /// be read with certainty (its cells do not fill the table's columns).
    Doubt,
}

/// A token; `span` is a range of the normalised text (trimmed for cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub kind: TokKind,
    pub span: Span,
}

/// The lines of `text[range]` as (span, content) pairs, without terminators.
pub fn lines(text: &str, range: Span) -> impl Iterator<Item = Span> + '_ {
    let mut pos = range.start;
    std::iter::from_fn(move || {
        if pos >= range.end {
            return None;
        }
        // memchr's vectorised search: every line of a report passes here.
        let end =
            memchr::memchr(b'\n', &text.as_bytes()[pos..range.end]).map_or(range.end, |i| pos + i);
        let mut content_end = end;
        if content_end > pos && text.as_bytes()[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        let line = Span::new(pos, content_end);
        pos = end + 1;
        Some(line)
    })
}

/// A line without the HTML comment that ends it (`| 2 | … | 2 | <!--
/// report-lint-disable-line B004 -->`), or `None` for a line that is only a
/// comment.
fn without_comment(text: &str, line: Span) -> Option<Span> {
    let content = &text[line.start..line.end];
    let Some(body) = content.trim_end().strip_suffix("-->") else {
        return Some(line);
    };
    let Some(at) = body.rfind("<!--") else {
        return Some(line);
    };
    let before = &content[..at];
    (!before.trim().is_empty()).then(|| Span::new(line.start, line.start + before.trim_end().len()))
}

fn trimmed(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    if start >= end {
        Span::new(span.start, span.start)
    } else {
        Span::new(start, end)
    }
}

/// How the cells of a `|` row were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    /// Flattened text: a cell holding "0 0 1" is three cells run together
    /// (a PDF line), so it is split.
    Flattened,
    /// A document's own table (Word): every part between `|` is one cell as
    /// the document states it, never split.
    Exact,
    /// Text a PDF tool laid out in columns (`pdftotext -layout`): a line is
    /// a row, and two spaces or more separate its cells.
    Columns,
}

pub fn tokenize(text: &str, range: Span, cells: Cells) -> Vec<Tok> {
    let mut toks = Vec::new();
    // A document whose part has no table of its own (a table typed with
    // tabs or spaces) is read as flattened text.
    let exact = cells == Cells::Exact
        && lines(text, range).any(|l| text[l.start..l.end].trim_start().starts_with('|'));
    for line in lines(text, range) {
        // Comments are the reader's to ignore (suppressions among them):
        // never a row or a cell, never the end of a table.
        let Some(line) = without_comment(text, line) else {
            continue;
        };
        let content = &text[line.start..line.end];
        if exact && !content.trim_start().starts_with('|') {
            if !content.trim().is_empty() {
                toks.push(Tok {
                    kind: TokKind::Loose,
                    span: trimmed(text, line),
                });
            }
        } else if is_page_footer(content) {
            // `— 4 —`, `第4页`: a page footer kept by a PDF converter, even
            // between the rows of a table; never a cell.
        } else if content.contains('|') {
            tokenize_piped(text, line, cells, '|', &mut toks);
        } else if cells != Cells::Exact && content.trim().contains('\t') {
            // A table copied from Word into a plain editor: a row a line,
            // its cells between tabs, an empty cell as two tabs.
            tokenize_piped(text, line, cells, '\t', &mut toks);
        } else if content.is_empty() {
            // A separator between cells in the one-cell-per-line layout.
        } else if content.trim().is_empty() {
            // A cell holding only spaces or NBSP: the span covers them so a
            // finding about the blank cell is visible in an editor.
            toks.push(Tok {
                kind: TokKind::Blank,
                span: line,
            });
        } else if cells == Cells::Columns {
            let mut start = None;
            let mut spaces = 0;
            let bytes = content.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b' ' || b == b'\t' || b == b'\x0c' {
                    spaces += 1;
                    if spaces == 2 || b != b' ' {
                        if let Some(s) = start.take() {
                            let end = line.start + i + 1 - spaces;
                            push_run(text, Span::new(line.start + s, end), &mut toks);
                        }
                    }
                } else {
                    if start.is_none() {
                        start = Some(i);
                    }
                    spaces = 0;
                }
            }
            if let Some(s) = start {
                push_run(text, Span::new(line.start + s, line.end), &mut toks);
            }
            toks.push(Tok {
                kind: TokKind::Break,
                span: Span::new(line.end, line.end),
            });
        } else {
            push_cell(text, line, Cells::Flattened, &mut toks);
        }
    }
    toks
}

/// How many columns a Markdown separator line (a [`TokKind::Rule`]) gives
/// its table: `|---|---|` and `---|---` both have two.
pub fn rule_columns(text: &str, rule: &Tok) -> usize {
    text[rule.span.start..rule.span.end]
        .split('|')
        .filter(|part| !part.trim().is_empty())
        .count()
}

/// A page footer a PDF or OCR converter left in the text, on a line of its
/// own: a page number between dashes (`— 4 —`, `- 4 -`) or `第4页`
/// (`第4页 共12页`). A bare number is not one: in some layouts it is a cell.
fn is_page_footer(line: &str) -> bool {
    let t = line.trim();
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―');
    if let Some(inner) = t
        .strip_prefix(dashes)
        .and_then(|rest| rest.strip_suffix(dashes))
    {
        let number = inner.trim_matches(|c: char| dashes(c) || c.is_whitespace());
        return (1..=4).contains(&number.len())
            && number.bytes().all(|b| b.is_ascii_digit())
            && t.chars().take_while(|c| dashes(*c)).count() <= 3;
    }
    let Some(rest) = t.strip_prefix('第') else {
        return false;
    };
    // `4页` (spaces allowed) at the start of `s`: how many bytes it takes.
    let page = |s: &str| -> Option<usize> {
        let number = s.trim_start();
        let digits = number.bytes().take_while(u8::is_ascii_digit).count();
        let rest = number[digits..].trim_start().strip_prefix('页')?;
        (1..=4).contains(&digits).then_some(s.len() - rest.len())
    };
    let Some(used) = page(rest) else {
        return false;
    };
    let rest = rest[used..].trim_start_matches([' ', ',', '，', '/', '、']);
    rest.is_empty()
        || rest
            .strip_prefix('共')
            .and_then(|r| page(r).map(|n| r[n..].trim().is_empty()))
            .unwrap_or(false)
}

/// A run of a PDF text line between two spaces or more. In the order a
/// PDF's content stream gives (`pdftotext -raw`, pdf.js), a row is
/// its label and its figures one space apart ("（七）总计 39 6 1 1 2 0 49"):
/// the figures at the end of a run are cells of their own. A run that
/// ends in a word ("…行政复议 4 件、被提起") is one cell.
fn push_run(text: &str, span: Span, toks: &mut Vec<Tok>) {
    let run = text[span.start..span.end].trim_end();
    // The banner of a block of table 二 is one cell however its words are
    // spaced ("第二十条 第（一）项", as WPS writes it).
    let key = crate::labels::key(run);
    if key.starts_with("第二十条") && key.ends_with('项') {
        push_cell(text, span, Cells::Flattened, toks);
        return;
    }
    // The run's words with their offsets; "79000.1 元": a unit typeset
    // apart is its figure's.
    let mut words = words(run);
    if let [.., (at, figure), (_, unit)] = words[..] {
        if crate::value::UNITS.contains(&unit) && is_plain_figure(figure) {
            words.pop();
            let end = run.len();
            words.pop();
            words.push((at, &run[at..end]));
        }
    }
    // Figures, and what a table writes for none ("/", "—").
    let figures = words
        .iter()
        .rev()
        .take_while(|(_, w)| is_plain_figure(w) || crate::value::PLACEHOLDERS.contains(w))
        .count();
    // A row's figures, then the first piece of its wrapped cell: a cell each.
    let wrapped = (figures == 0)
        .then(|| figures_then_piece(&words.iter().map(|(_, w)| *w).collect::<Vec<_>>()))
        .flatten();
    let figures = wrapped.unwrap_or(figures);
    let label = &words[..words.len() - figures];
    // Header words one space apart ("信息内容 本年制发件数 本年废止件数"):
    // a cell each.
    if label.is_empty() && wrapped.is_some() {
        // Only the figures and the piece: no label to push.
    } else if words_apart(run, label.iter().map(|(_, w)| *w)) {
        for (at, word) in label {
            toks.push(Tok {
                kind: TokKind::Text,
                span: Span::new(span.start + at, span.start + at + word.len()),
            });
        }
    } else if figures == 0 || figures == words.len() {
        push_cell(text, span, Cells::Flattened, toks);
        return;
    } else {
        let (last, last_word) = label[label.len() - 1];
        toks.push(Tok {
            kind: TokKind::Text,
            span: Span::new(span.start, span.start + last + last_word.len()),
        });
    }
    for (at, word) in &words[label.len()..] {
        toks.push(Tok {
            kind: TokKind::Text,
            span: Span::new(span.start + at, span.start + at + word.len()),
        });
    }
}

/// Whether the `words` of `line` (not a sentence: no 。 or ，) are cells
/// one space apart: two neighbours meet Chinese character to Chinese
/// character ("信息内容 本年制发件数"). Prose never has a space there; in a
/// sentence such a gap is where a PDF put a glyph of another font (a
/// quotation mark) elsewhere.
pub(super) fn words_apart<'a>(line: &str, words: impl Iterator<Item = &'a str> + Clone) -> bool {
    let chinese = |c: Option<char>| c.is_some_and(|c| !c.is_ascii() && c.is_alphanumeric());
    !line.contains(['。', '，'])
        && words
            .clone()
            .zip(words.skip(1))
            .any(|(a, b)| chinese(a.chars().next_back()) && chinese(b.chars().next()))
}

/// The words of `s` between single spaces, each with its byte offset.
pub(super) fn words(s: &str) -> Vec<(usize, &str)> {
    s.split(' ')
        .scan(0, |at, w| {
            let here = *at;
            *at += w.len() + 1;
            Some((here, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect()
}

/// How many words at the end of a line are a row's figures and then the
/// first piece of a cell too narrow for its word ("2 1 0 … 0 0 不", "明确
/// 1 0 无数"; the rest, "详" or "据", starts the next line): the line
/// pdf.js gives for a table row whose cell is wrapped. Two figures at
/// least: prose never has two figures one space apart and then a word.
pub(super) fn figures_then_piece(words: &[&str]) -> Option<usize> {
    let (piece, before) = words.split_last()?;
    let figures = before
        .iter()
        .rev()
        .take_while(|w| is_plain_figure(w))
        .count();
    (figures >= 2 && is_piece(piece)).then_some(figures + 1)
}

/// A short word (one to four Chinese characters) that can be a cell's
/// text or a piece of one wrapped in its cell.
pub(super) fn is_piece(word: &str) -> bool {
    (1..=4).contains(&word.chars().count())
        && word.chars().all(|c| !c.is_ascii() && c.is_alphabetic())
}

/// A figure as a PDF prints a count, a change or an amount: digits (ASCII
/// or full-width), with a decimal point, a sign ("-2") or a unit ("79000.1元").
pub(super) fn is_plain_figure(word: &str) -> bool {
    let number = crate::value::UNITS
        .iter()
        .find_map(|unit| word.strip_suffix(unit))
        .map_or(word, str::trim_end);
    let number = number.strip_prefix(['-', '+']).unwrap_or(number);
    // Full-width digits ("０") are figures too: the view folds them.
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    number.chars().any(digit) && number.chars().all(|c| digit(c) || c == '.' || c == '．')
}

/// A cell, split when it is a run of numbers ("0 0 0 … 0" from a PDF).
fn push_cell(text: &str, span: Span, cells: Cells, toks: &mut Vec<Tok>) {
    let whole = span;
    let span = trimmed(text, span);
    if span.is_empty() {
        toks.push(Tok {
            kind: TokKind::Blank,
            span: whole,
        });
        return;
    }
    let s = &text[span.start..span.end];
    let words = words(s);
    let numeric = |w: &str| {
        w.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    };
    if cells == Cells::Flattened && words.len() >= 2 && words.iter().all(|(_, w)| numeric(w)) {
        for (at, w) in words {
            let start = span.start + at;
            toks.push(Tok {
                kind: TokKind::Text,
                span: Span::new(start, start + w.len()),
            });
        }
    } else {
        toks.push(Tok {
            kind: TokKind::Text,
            span,
        });
    }
}

/// A row whose cells stand between `sep`s (`|`, or tabs).
fn tokenize_piped(text: &str, line: Span, cells: Cells, sep: char, toks: &mut Vec<Tok>) {
    let content = &text[line.start..line.end];
    let t = content.trim();
    if t == "|" {
        toks.push(Tok {
            kind: TokKind::Pipe,
            span: trimmed(text, line),
        });
        return;
    }
    if t.chars().all(|c| c == '|' || c.is_whitespace()) {
        toks.push(Tok {
            kind: TokKind::Break,
            span: trimmed(text, line),
        });
        return;
    }
    let is_separator = t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
        && t.matches('|').count() >= 2
        && t.matches('-').count() >= 3;
    if is_separator {
        // Markdown header separator `|---|---|`
        toks.push(Tok {
            kind: TokKind::Rule,
            span: trimmed(text, line),
        });
        return;
    }
    let mut parts: Vec<Span> = Vec::new();
    let mut start = line.start;
    for (i, c) in content.char_indices() {
        if c == sep {
            parts.push(Span::new(start, line.start + i));
            start = line.start + i + 1;
        }
    }
    parts.push(Span::new(start, line.end));
    let blank = |s: &Span| text[s.start..s.end].trim().is_empty();
    if t.starts_with('|') && parts.first().is_some_and(blank) {
        parts.remove(0);
    }
    // The part after a closing pipe is nothing. Other trailing empties may
    // be colspan padding or a blank last cell: the reader, which knows how
    // many columns a row has, trims what is padding.
    if t.ends_with('|') && parts.last().is_some_and(blank) {
        parts.pop();
    }
    if parts.len() == 1 {
        // `cell |`: one cell per line; the row continues on the next line.
        push_cell(text, parts[0], cells, toks);
        return;
    }
    for part in parts {
        push_cell(text, part, cells, toks);
    }
    toks.push(Tok {
        kind: TokKind::Break,
        span: Span::new(line.end, line.end),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokKind, String)> {
        tokenize(text, Span::new(0, text.len()), Cells::Flattened)
            .into_iter()
            .map(|t| (t.kind, text[t.span.start..t.span.end].to_string()))
            .collect()
    }

    #[test]
    fn reads_every_layout() {
        use TokKind::*;
        let one_per_line = "规章\n\n 0\n\n \n";
        assert_eq!(
            kinds(one_per_line),
            vec![
                (Text, "规章".into()),
                (Text, "0".into()),
                (Blank, " ".into())
            ]
        );
        let cell_pipe = "规章 |\n0 |\n|\n||\n- |\n";
        assert_eq!(
            kinds(cell_pipe),
            vec![
                (Text, "规章".into()),
                (Text, "0".into()),
                (Pipe, "|".into()),
                (Break, "||".into()),
                (Text, "-".into())
            ]
        );
        let row = "| 规章 | 0 | | 2 | |||\n";
        assert_eq!(
            kinds(row),
            vec![
                (Text, "规章".into()),
                (Text, "0".into()),
                (Blank, " ".into()),
                (Text, "2".into()),
                (Blank, " ".into()),
                (Blank, "".into()),
                (Blank, "".into()),
                (Break, "".into())
            ]
        );
        let markdown = "| a | b |\n|---|:--|\n— 4 —\n第4页 共12页\n";
        assert_eq!(
            kinds(markdown),
            vec![
                (Text, "a".into()),
                (Text, "b".into()),
                (Break, "".into()),
                (Rule, "|---|:--|".into())
            ]
        );
        let pdf = "0 0 1\n";
        assert_eq!(
            kinds(pdf),
            vec![(Text, "0".into()), (Text, "0".into()), (Text, "1".into())]
        );
    }

    #[test]
    fn page_footers_and_rules() {
        for footer in [
            "— 4 —",
            " - 12 - ",
            "－3－",
            "第4页",
            "第 4 页",
            "第4页 共12页",
            "第4页，共12页",
        ] {
            assert!(is_page_footer(footer), "{footer}");
        }
        for not in [
            "4",
            "-4",
            "—",
            "——",
            "第四页",
            "第4页的内容",
            "- 2023 年 -x",
            "—— 1 —— 2 ——",
        ] {
            assert!(!is_page_footer(not), "{not}");
        }
        let text = "|---|---|---|";
        let rule = Tok {
            kind: TokKind::Rule,
            span: Span::new(0, text.len()),
        };
        assert_eq!(rule_columns(text, &rule), 3);
        assert_eq!(
            rule_columns(
                "---|---",
                &Tok {
                    kind: TokKind::Rule,
                    span: Span::new(0, 7)
                }
            ),
            2
        );
    }
}
