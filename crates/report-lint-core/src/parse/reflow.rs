//! Text taken out of a PDF (pdftotext, with or without `-layout`, or copied
//! from a viewer) is hard-wrapped: a paragraph is cut into page-width lines,
//! and a 《…》, “…” or "6.12%" broken by the wrap is not what the report
//! says. This finds such text and plans which line breaks to undo, so the
//! normalised view holds whole paragraphs (spans still point into the
//! text). Tables are left as they are: a line that lays out columns is
//! never joined.
//!
//! It also plans to drop the spaces PDF tools put between Chinese and
//! digits ("申请 48 件" is 申请48件): they come from the typesetting, not
//! from the text.

use crate::source::Span;

/// One line of the text and what the view does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Without its line terminator.
    pub span: Span,
    /// The line continues the previous one: the break before it goes.
    pub joins: bool,
    /// A line of prose (spaces between Chinese and digits go).
    pub prose: bool,
    /// A page number ("— 3 —", "第 3 页"): left out of the view, and a
    /// paragraph the page break cut goes on across it.
    pub furniture: bool,
}

/// The lines of a hard-wrapped text, or `None` when the text is not one
/// (a web page's text: one paragraph a line).
pub fn plan(text: &str) -> Option<Vec<Line>> {
    let spans: Vec<Span> = super::cells::lines(text, Span::new(0, text.len())).collect();
    let lines: Vec<Facts> = spans
        .iter()
        .map(|s| Facts::of(&text[s.start..s.end]))
        .collect();
    let from_pdf_tool = text.contains('\u{c}');
    let typical = typical_width(&lines)?;
    let wrapped = lines
        .windows(2)
        .filter(|w| w[0].prose && w[1].prose && wraps(&w[0], &w[1], typical))
        .count();
    let long = lines
        .iter()
        .filter(|l| l.prose && l.width >= MIN_WIDTH)
        .count();
    // Page breaks (form feeds) say a PDF tool made the text, if some lines
    // are wrapped too; copied text without them must look wrapped all over.
    let enough = if from_pdf_tool {
        wrapped >= 3
    } else {
        wrapped >= 5 && wrapped * 2 >= long
    };
    if !enough {
        return None;
    }
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut paragraph_lines = 0;
    // The last line that is not furniture (or blank between a page's end
    // and the next page).
    let mut prev: Option<usize> = None;
    // Prose lines before line `i`, counted as we go (counting them for
    // each line made a text of many short lines quadratic).
    let mut prose_before = 0;
    for (i, (span, facts)) in spans.iter().zip(&lines).enumerate() {
        let prose_so_far = prose_before;
        prose_before += usize::from(facts.prose);
        let furniture = is_furniture(&text[span.start..span.end]);
        if furniture {
            out.push(Line {
                span: *span,
                joins: false,
                prose: false,
                furniture: true,
            });
            continue;
        }
        let joins = prev.is_some_and(|p| {
            let before = &lines[p];
            // Blank lines between are a page's margin only next to furniture
            // or before the next page (`pdftotext` without -layout ends each
            // page's last block with one, page number or not).
            let page_break =
                || (p + 1..=i).any(|k| text[spans[k].start..spans[k].end].contains('\u{c}'));
            let across = (p + 1..i).all(|k| lines[k].width == 0 || out[k].furniture)
                && ((p + 1..i).any(|k| out[k].furniture) || p + 1 == i || page_break());
            across
                && before.prose
                && facts.prose
                && (wraps(before, facts, typical) && !is_heading(before, paragraph_lines, typical)
                    || is_title_wrap(prose_so_far, facts))
                && !is_template_cell(&text[spans[p].start..spans[p].end])
                && !is_template_cell(&text[span.start..span.end])
        });
        paragraph_lines = if joins { paragraph_lines + 1 } else { 1 };
        // The blank lines of the page break the paragraph goes on across
        // ("-1-", a blank line, the next page) are left out with its
        // page number.
        if let (true, Some(p)) = (joins, prev) {
            for skipped in &mut out[p + 1..] {
                skipped.furniture = true;
            }
        }
        out.push(Line {
            span: *span,
            joins,
            prose: facts.prose,
            furniture: false,
        });
        if facts.width > 0 {
            prev = Some(i);
        }
    }
    Some(out)
}

/// A line that is one cell of a template table as the template words it
/// ("本年收费金额（单位：万元）", "行政事业性收费", "申请人情况"): text
/// taken out of a PDF one cell a line has such lines long enough to look
/// wrapped, and they are never a sentence's.
fn is_template_cell(line: &str) -> bool {
    use crate::template::*;
    static KEYS: std::sync::LazyLock<std::collections::HashSet<String>> =
        std::sync::LazyLock::new(|| {
            let proactive = PROACTIVE_2021.iter().chain(&PROACTIVE_2019);
            let cells = proactive
                .flat_map(|b| b.columns.iter().chain(b.rows))
                .chain(["信息内容"].iter())
                .chain(&REQUEST_HEADER_WORDS)
                .chain(&REQUEST_COLUMNS)
                .chain(&REVIEW_HEADER_WORDS);
            cells.map(|c| crate::labels::key(c)).collect()
        });
    // Cells are short; a sentence needs no key.
    line.len() <= 64 && KEYS.contains(&crate::labels::key(line))
}

/// Lines shorter than this (in columns, a Chinese character being two)
/// are cells or headings, never the start of a wrapped paragraph.
const MIN_WIDTH: usize = 20;

/// What the plan needs to know of a line.
#[derive(Debug, Clone, Copy)]
struct Facts {
    /// Leading spaces.
    indent: usize,
    /// Display columns of the text after the indent.
    width: usize,
    /// Prose: not a row of a table laid out in columns, not only numbers.
    prose: bool,
    /// Opens an item of its own: a part or sub-heading, a numbered point.
    item: bool,
    /// Ends a sentence (or a clause of a list).
    ends_sentence: bool,
    /// Its first token is only figures ("48", "6.12%"): never an item, but
    /// a line that is nothing else is a table's.
    numeric: bool,
}

impl Facts {
    /// In one pass over the line: every line of every text is looked at
    /// (a tenth of parsing a short report).
    fn of(line: &str) -> Facts {
        let body = line.trim_start_matches([' ', '\u{3000}', '\u{c}']);
        let indent = line.len() - body.len();
        let body = body.trim_end();
        let mut width = 0;
        let mut pipe = false;
        // Only figures (and . % - /) between whitespace.
        let mut numeric = true;
        // Parts between runs of two spaces or more that hold anything
        // (what `split("  ")` keeps), and the spaces just passed.
        let mut gaps = 0;
        let mut in_part = false;
        let mut spaces = 0;
        // By bytes: a character beyond ASCII is two columns, and is never a
        // figure; only whitespace needs it decoded.
        let bytes = body.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b < 0x80 {
                width += 1;
                match b {
                    b' ' => {
                        spaces += 1;
                        if spaces == 2 {
                            in_part = false;
                        }
                        continue;
                    }
                    b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => {
                        spaces = 0;
                        continue;
                    }
                    b'|' => pipe = true,
                    _ => {}
                }
                numeric &= b.is_ascii_digit() || matches!(b, b'.' | b'%' | b'-' | b'/');
            } else if b >= 0xc0 {
                width += display_width('\u{80}');
                // Whitespace beyond ASCII (U+0085, U+00A0, U+1680,
                // U+2000–U+205F, U+3000) starts with one of these bytes.
                let space = matches!(b, 0xc2 | 0xe1 | 0xe2 | 0xe3)
                    && body[i..].chars().next().is_some_and(char::is_whitespace);
                if space {
                    spaces = 0;
                    continue;
                }
                numeric = false;
            } else {
                // The rest of a character.
                continue;
            }
            spaces = 0;
            if !in_part {
                gaps += 1;
                in_part = true;
            }
        }
        // A tab between words is a table copied from Word, never a wrapped line.
        let tabbed = body.trim().contains('\t');
        let prose = !body.is_empty()
            && !pipe
            && !tabbed
            && gaps <= 1
            && !numeric
            && !is_content_order_row(body, width);
        Facts {
            indent: indent.min(line.len()),
            width,
            prose,
            item: opens_item(body),
            ends_sentence: body
                .chars()
                .last()
                .is_some_and(|c| "。！？；：!?;:".contains(c)),
            numeric,
        }
    }
}

/// A table row as a PDF's content order gives it (`pdftotext -raw`,
/// pdf.js): its cells one space apart — a label and its figures
/// ("（七）总计 39 6 1 1 2 0 49", a short "行政许可 1286"), or header
/// words ("信息内容 本年制发件数"; prose never has a space between two
/// Chinese characters). Never joined to another line, and its spaces are
/// the table's.
fn is_content_order_row(body: &str, width: usize) -> bool {
    if !body.contains(' ') {
        return false;
    }
    let mut words: Vec<&str> = body.split(' ').filter(|w| !w.is_empty()).collect();
    // "79000.1 元": a unit typeset apart from its figure.
    let unit = words.len() >= 2 && crate::value::UNITS.contains(&words[words.len() - 1]);
    if unit {
        words.pop();
    }
    let figures = words
        .iter()
        .rev()
        .take_while(|w| super::cells::is_plain_figure(w))
        .count();
    let spaced_chinese = super::cells::words_apart(body, words.iter().copied());
    // Only figures: a row of figures with a full-width digit among them.
    figures >= 2 && figures == words.len()
        || super::cells::figures_then_piece(&words).is_some()
        || figures < words.len()
            && (figures >= 2 || figures == 1 && !unit && width <= 30 || spaced_chinese)
}

fn display_width(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// A part heading (一、), a sub-heading (（一）), a numbered point (1. or
/// 1、, not 6.12%).
fn opens_item(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let mut rest = text[digits..].chars();
        return matches!(rest.next(), Some('.' | '、' | '．'))
            && !rest.next().is_some_and(|c| c.is_ascii_digit());
    }
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some('、')) => "一二三四五六七八九十".contains(a),
        (Some('（' | '('), Some(b)) => "一二三四五六七八九十".contains(b),
        _ => false,
    }
}

/// The width of a full line: what most long prose lines reach.
fn typical_width(lines: &[Facts]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| l.prose && l.width >= MIN_WIDTH)
        .map(|l| l.width)
        .collect();
    if widths.len() < 3 {
        return None;
    }
    widths.sort_unstable();
    Some(widths[widths.len() * 9 / 10])
}

/// Whether `next` continues `prev`, a line the wrap cut: `prev` is long,
/// and either reaches the full width or stops mid-sentence; `next` is not
/// indented (a new paragraph) and opens no item.
fn wraps(prev: &Facts, next: &Facts, typical: usize) -> bool {
    prev.width >= MIN_WIDTH
        && next.indent < 2
        && !next.item
        && !(next.numeric && next.width < MIN_WIDTH)
        && (prev.width * 10 >= typical * 8 || !prev.ends_sentence)
}

/// A page number a PDF tool kept: `— 3 —`, `- 3 -`, `第 3 页`, `第3页 共8页`.
/// (A bare number is a table's figure as likely.)
fn is_furniture(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let dashes = |c: char| matches!(c, '—' | '–' | '-' | '－' | '_' | '·');
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    if t.chars().any(dashes) && digits(t.trim_matches(dashes)) {
        return true;
    }
    let Some(rest) = t.strip_prefix('第') else {
        return false;
    };
    match rest.split_once('页') {
        Some((n, "")) => digits(n),
        Some((n, more)) => {
            digits(n)
                && more
                    .strip_prefix('共')
                    .and_then(|m| m.strip_suffix('页'))
                    .is_some_and(digits)
        }
        None => false,
    }
}

/// A heading on a line of its own ("（三）政府信息管理"): an item's first
/// line that stops short of the full width. An item that fills the line
/// ("（一）信息处理费收取情况。依据《…") is a paragraph that goes on.
fn is_heading(line: &Facts, paragraph_lines: usize, typical: usize) -> bool {
    paragraph_lines == 1 && line.item && line.width * 10 < typical * 8
}

/// The title's last words on a line of their own ("…2021 年政府信息公开" /
/// "工作年度报告"): the first prose of the text, then a short line
/// finishing it with 报告.
fn is_title_wrap(prose_before: usize, next: &Facts) -> bool {
    prose_before == 1 && !next.ends_sentence && next.width <= 24 && !next.item
}

/// Whether the space at `at` in a prose line sits between a Chinese
/// character and a Latin letter or digit (or two such spaces), which PDF
/// tools insert where the typesetting left a gap.
pub fn is_typeset_space(line: &str, at: usize) -> bool {
    let before = line[..at].trim_end_matches(' ').chars().next_back();
    let after = line[at..].trim_start_matches(' ').chars().next();
    match (before, after) {
        (Some(a), Some(b)) => {
            let cjk = |c: char| {
                !c.is_ascii() && c.is_alphanumeric() || "，。、；：（）《》“”%".contains(c)
            };
            let latin = |c: char| c.is_ascii_alphanumeric() || c == '%';
            (cjk(a) && latin(b)) || (latin(a) && cjk(b))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Facts::of`] reads a line in one pass over its bytes; these are
    /// the definitions it must agree with.
    #[test]
    fn facts_in_one_pass_are_those_of_their_definitions() {
        let lines = [
            "",
            "   ",
            "  本报告根据《中华人民共和国政府信息公开条例》（国务",
            "48",
            "6.12%  -3  1/2",
            "| 规章 | 0 | 0 |",
            "行政许可  3960  181",
            "行政许可   3960 \t 181",
            "a  \t  b",
            "甲\u{3000}乙\u{a0}丙\u{2003}丁",
            "12\u{a0}34",
            "第 3 页",
            "（一）主动公开。",
            "𠀀 2",
            "（七）总计 39 6 1 1 2 0 49",
            "行政许可 1286",
            "信息内容 本年制发件数 本年废止件数 现行有效件数",
            "全年共收到政府信息公开申请 48 件，其中网上申请 36",
            "院令第 711 号",
            "日。本报告电子版可在青溪县人民政府门户网站 政",
            "行政事业性收费 3 -1",
            "政府集中采购 7 79000.1元",
            "政府集中采购 7 79000.1 元",
            "网上申请 36 件",
            "1.属于国家秘密 0 0 0 0 0 0 ０",
            "1 0 0 ０ 0 0 1",
        ];
        let corpus = include_str!("../../../../fixtures/real/2021-平潭综合实验区-crawler.txt");
        for line in lines.iter().copied().chain(corpus.lines()) {
            let facts = Facts::of(line);
            let body = line
                .trim_start_matches([' ', '\u{3000}', '\u{c}'])
                .trim_end();
            let width: usize = body.chars().map(display_width).sum();
            let gaps = body.split("  ").filter(|p| !p.trim().is_empty()).count();
            let numeric = body.split_whitespace().all(|w| {
                w.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '-' | '/'))
            });
            // Content order: a label and figures, or Chinese words, one space apart.
            let mut words: Vec<&str> = body.split_whitespace().collect();
            let unit = words.len() >= 2 && matches!(words[words.len() - 1], "万元" | "元" | "件");
            if unit {
                words.pop();
            }
            let figure = |w: &str| {
                let w = w
                    .trim_end_matches(['万', '元', '件'])
                    .trim_start_matches(['-', '+']);
                let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
                w.chars().all(|c| digit(c) || c == '.' || c == '．') && w.chars().any(digit)
            };
            let trailing = words.iter().rev().take_while(|w| figure(w)).count();
            let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
            let row = body.contains(' ')
                && (trailing >= 2 && trailing == words.len() || trailing < words.len())
                && (trailing >= 2
                    || trailing == 1 && !unit && width <= 30
                    || !body.contains(['。', '，'])
                        && body.split(' ').collect::<Vec<_>>().windows(2).any(|w| {
                            w[0].chars().last().is_some_and(han)
                                && w[1].chars().next().is_some_and(han)
                        }));
            let prose = !body.is_empty() && !body.contains('|') && gaps <= 1 && !numeric && !row;
            assert_eq!(
                (facts.width, facts.numeric, facts.prose),
                (width, numeric, prose),
                "{line:?}"
            );
        }
    }

    const WRAPPED: &str = "\
青溪县市场监督管理局 2021 年政府信息公开
       工作年度报告
  本报告根据《中华人民共和国政府信息公开条例》（国务
院令第 711 号，以下简称《条例》）和《国务院办公厅政府信
息与政务公开办公室关于印发〈中华人民共和国政府信息公开
工作年度报告格式〉的通知》要求编制。
  一、总体情况
  全年共收到政府信息公开申请 48 件，其中网上申请 36
件，占 75.00%；信函申请 9 件，占 18.75%；当面申请 3 件，占
6.25%。
  （一）主动公开
  2021 年，本局坚持以公开为常态、不公开为例外，围绕中心工作，持续推进政府信息公开工作。
\u{c}";

    fn joined(text: &str) -> Vec<String> {
        let plan = plan(text).expect("a PDF text");
        let mut out: Vec<String> = Vec::new();
        for line in plan.into_iter().filter(|l| !l.furniture) {
            let s = text[line.span.start..line.span.end]
                .trim_matches(|c: char| c.is_whitespace())
                .to_string();
            if s.is_empty() {
                continue;
            }
            match out.last_mut() {
                Some(last) if line.joins => last.push_str(&s),
                _ => out.push(s),
            }
        }
        out
    }

    #[test]
    fn rejoins_wrapped_paragraphs_and_keeps_headings() {
        let lines = joined(WRAPPED);
        assert_eq!(
            lines[0],
            "青溪县市场监督管理局 2021 年政府信息公开工作年度报告"
        );
        assert!(lines[1].starts_with("本报告根据《中华人民共和国政府信息公开条例》（国务院令"));
        assert!(lines[1].ends_with("要求编制。"));
        assert_eq!(lines[2], "一、总体情况");
        assert!(
            lines[3].ends_with("占6.25%。") || lines[3].ends_with("占 6.25%。"),
            "{}",
            lines[3]
        );
        assert_eq!(lines[4], "（一）主动公开");
    }

    #[test]
    fn template_cells_stay_lines_of_their_own() {
        // Text taken out of a PDF one cell a line: a long header cell, the
        // row label after it; table 三's note (wrapped), the header after it.
        let text = format!(
            "{WRAPPED}本年收费金额（单位：万元）\n行政事业性收费\n35.62\n\
             三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二\n\
             项之和，等于第三项加第四项之和）\n申请人情况\n自然人\n"
        );
        let lines = joined(&text);
        let at = |s: &str| lines.iter().position(|l| l == s);
        assert!(at("本年收费金额（单位：万元）").is_some(), "{lines:?}");
        assert!(at("行政事业性收费").is_some(), "{lines:?}");
        assert!(
            at("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）").is_some(),
            "{lines:?}"
        );
        assert!(at("申请人情况").is_some(), "{lines:?}");
        // Prose still joins.
        let text = format!(
            "{WRAPPED}（二）依申请公开情况，本年度共收到政府信息公开申请四十八件，办结四十九件，其中\n网上申请三十六件。\n"
        );
        let lines = joined(&text);
        assert!(
            lines.iter().any(|l| l.ends_with("其中网上申请三十六件。")),
            "{lines:?}"
        );
    }

    #[test]
    fn leaves_tables_and_web_text_alone() {
        let table = "  行政规范性文件            4            1             23\n一、本年新收政府信息公开申请数量      38   6     1     1   2   0     48\n";
        let facts: Vec<Facts> = table.lines().map(Facts::of).collect();
        assert!(facts.iter().all(|f| !f.prose));
        // One paragraph a line, as web pages give it: not hard-wrapped.
        let web = "一、总体情况\n本年度，我局认真贯彻落实《条例》，全面推进政务公开。\n二、主动公开政府信息情况\n本年度主动公开政府信息326条。\n";
        assert!(plan(web).is_none());
    }

    #[test]
    fn a_paragraph_goes_on_across_a_page_number_and_a_blank_line() {
        // `pdftotext` of a WPS PDF: the page number, a blank line, then the
        // next page (form feed) going on with the sentence.
        let text = format!("{WRAPPED}加强区政府门户网站及政务新媒体日常管理，运用第三方检测平台实行常态化监测，\n执行信息审核发布制度。严格执行“分\n-1-\n\n\x0c级审核、先审后发”程序，落实“三审三校”制度。\n");
        let view = crate::normalize::Normalized::reflowed(&text, &plan(&text).expect("a PDF text"));
        assert!(
            view.text.contains("严格执行“分级审核、先审后发”程序"),
            "{}",
            view.text
        );
        assert!(!view.text.contains("-1-"));
    }

    #[test]
    fn a_paragraph_goes_on_across_a_blank_line_before_the_next_page() {
        // `pdftotext` without -layout of a PDF with no page numbers: the
        // page's last block ends with a blank line, then the next page.
        let text = format!(
            "{WRAPPED}件，新公开 3 件，对外公开规范性文件总数 21 件，均已在“政

策文件”栏目集中公开。全年在门户网站发布政策解读 14 篇，
其中图解 6 篇。
"
        );
        let view = crate::normalize::Normalized::reflowed(&text, &plan(&text).expect("a PDF text"));
        assert!(view.text.contains("均已在“政策文件”栏目"), "{}", view.text);
        // A paragraph that ends at the page's foot still ends there.
        let text = format!(
            "{WRAPPED}件，新公开 3 件，对外公开规范性文件总数 21 件，均已集中公开。

全年在门户网站发布政策解读 14 篇，其中图解 6 篇，均已在政
府网站公开。
"
        );
        let view = crate::normalize::Normalized::reflowed(&text, &plan(&text).expect("a PDF text"));
        assert!(!view.text.contains("公开。全年"), "{}", view.text);
    }

    #[test]
    fn page_numbers_are_furniture_and_paragraphs_go_on_across_them() {
        for t in ["          —   3—", "- 3 -", "第 3 页", "第3页 共8页"] {
            assert!(is_furniture(t), "{t}");
        }
        for t in ["3", "2021", "一、总体情况", "—"] {
            assert!(!is_furniture(t), "{t}");
        }
        let text = format!(
            "{WRAPPED}  全年共收到政府信息公开申请 48 件，其中网上申请 36 件，占\n\n                   — 2 —\n{}75.00%；信函申请 9 件，占 18.75%。\n",
            '\u{c}'
        );
        let lines = joined(&text);
        assert!(
            lines
                .iter()
                .any(|l| l.ends_with("占75.00%；信函申请 9 件，占 18.75%。")),
            "{lines:#?}"
        );
    }

    #[test]
    fn knows_items_and_typeset_spaces() {
        assert!(opens_item("一、总体情况"));
        assert!(opens_item("（三）政府信息管理"));
        assert!(opens_item("1.属于国家秘密"));
        assert!(!opens_item("6.12%；其他处理"));
        assert!(!opens_item("75.00%；信函申请"));
        assert!(opens_item("12.其他"));
        assert!(!opens_item("一是严格落实"));
        let line = "申请 48 件，占 75.00%";
        assert!(is_typeset_space(line, line.find(' ').unwrap()));
        assert!(!is_typeset_space("Page 3", 4));
    }
}
