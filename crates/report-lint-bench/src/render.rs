//! Writes a report in each of the layouts published reports take when
//! copied as text (DOMAIN §5.1), and as an HTML page. The text layouts follow
//! `fixtures/generate.py`, whose renderings the parser is tested against.

use crate::tables::{CellKind, Row, Table};
use crate::Layout;

/// A report ready to be laid out: simplified characters, full-width
/// punctuation.
pub(crate) struct Document {
    pub title: String,
    pub agency: String,
    /// `YYYY-MM-DD`.
    pub published: String,
    pub index_no: String,
    pub preamble: Vec<String>,
    pub parts: Vec<Part>,
}

pub(crate) struct Part {
    pub heading: String,
    /// Sub-headings and paragraphs, in order.
    pub paragraphs: Vec<String>,
    pub table: Option<Table>,
}

const NBSP: char = '\u{a0}';

/// Labels as most copies print them: half-width parentheses, commas, colons.
fn half_width_label(s: &str) -> String {
    s.replace('（', "(")
        .replace('）', ")")
        .replace('，', ",")
        .replace('：', ":")
}

/// Prose copied from web pages keeps full-width punctuation except
/// parentheses and commas, which CMS exports often fold (seeds 000–002).
fn half_width_prose(s: &str) -> String {
    s.replace('（', "(").replace('）', ")").replace('，', ",")
}

/// Header words a PDF or a narrow column breaks in two (seed 004, DOMAIN §5.2).
fn broken_header(text: &str) -> Option<[&'static str; 2]> {
    Some(match text {
        "商业企业" => ["商业", "企业"],
        "科研机构" => ["科研", "机构"],
        "社会公益组织" => ["社会公益", "组织"],
        "法律服务机构" => ["法律服务", "机构"],
        "结果维持" => ["结果", "维持"],
        "结果纠正" => ["结果", "纠正"],
        "其他结果" => ["其他", "结果"],
        "尚未审结" => ["尚未", "审结"],
        _ => return None,
    })
}

struct Lines(String);

impl Lines {
    fn line(&mut self, text: &str) {
        self.0.push_str(text);
        self.0.push('\n');
    }
}

pub(crate) fn render(doc: &Document, layout: Layout, traditional: bool) -> String {
    if layout == Layout::Html {
        return html(doc);
    }
    let full = matches!(layout, Layout::PipeRows | Layout::Markdown);
    let blank_lines = matches!(
        layout,
        Layout::OneCellPerLine | Layout::PipeRows | Layout::Markdown
    );
    let mut out = Lines(String::with_capacity(128 * 1024));
    let para = |out: &mut Lines, text: &str| {
        if full {
            out.line(text);
        } else {
            out.line(&half_width_prose(text));
        }
        if blank_lines {
            out.line("");
        }
    };
    let (title, agency, date) = (&doc.title, &doc.agency, &doc.published);
    match layout {
        Layout::OneCellPerLine => {
            out.line("您的位置：首页 > 政府信息公开 > 政府信息公开年报");
            out.line("");
            out.line(title);
            out.line("");
            out.line(&format!("发布时间：{date} 09:30\u{3000}信息来源：{agency}"));
            out.line("");
        }
        Layout::Dense => {
            out.line(title);
            out.line(&format!("发布日期：{date}"));
        }
        Layout::CellPipe => {
            out.line(&format!(
                "索 引 号: | {} | 公开目录: | 年度报告 |",
                doc.index_no
            ));
            out.line(&format!("成文日期: | {date} | 发布日期: | {date} |"));
            out.line(&format!("发布机构: | {agency} |"));
            out.line(&format!("标 题: | {title} | ||"));
        }
        Layout::PipeRows => {
            out.line(&format!(
                "| 索引号 | {} | 发布机构 | {agency} |",
                doc.index_no
            ));
            out.line(&format!("| 发布日期 | {date} | 公开方式 | 主动公开 |"));
            out.line("");
            out.line(title);
            out.line("");
        }
        Layout::Markdown => {
            out.line(&format!("# {title}"));
            out.line("");
            out.line(&format!("发布日期：{date}"));
            out.line("");
        }
        Layout::Html => {}
    }
    for p in &doc.preamble {
        para(&mut out, p);
    }
    if layout == Layout::OneCellPerLine {
        out.line(&NBSP.to_string());
        out.line("");
    }
    for (i, part) in doc.parts.iter().enumerate() {
        if layout == Layout::Markdown {
            out.line(&format!("## {}", part.heading));
        } else {
            out.line(&part.heading);
        }
        if blank_lines {
            out.line("");
        }
        for p in &part.paragraphs {
            para(&mut out, p);
        }
        let Some(table) = &part.table else {
            if i == 0 && layout == Layout::OneCellPerLine {
                out.line(&NBSP.to_string());
                out.line("");
            }
            continue;
        };
        match layout {
            Layout::OneCellPerLine => cell_per_line(&mut out, table, true, false),
            Layout::Dense => cell_per_line(&mut out, table, false, traditional),
            Layout::CellPipe => cell_pipe(&mut out, table),
            Layout::PipeRows => {
                pipe_rows(&mut out, table);
                out.line("");
            }
            Layout::Markdown => {
                markdown(&mut out, table);
                out.line("");
            }
            Layout::Html => {}
        }
    }
    out.0
}

/// A cell's text as a text layout shows it.
fn cell_text(text: &str, kind: CellKind, full: bool, gap: bool) -> String {
    match kind {
        CellKind::Value => text.to_string(),
        CellKind::Banner if gap => half_width_label(&text.replace("条第", "条 第")),
        _ if full => text.to_string(),
        _ => half_width_label(text),
    }
}

/// One cell per line, with or without blank lines between; a mirror's dense
/// copy also breaks header words and spaces the banners (seed 004).
fn cell_per_line(out: &mut Lines, table: &Table, blank_lines: bool, mirror: bool) {
    let mut values = 0;
    for row in &table.rows {
        for cell in &row.cells {
            let text = cell_text(&cell.text, cell.kind, false, mirror);
            let pieces: Vec<String> = match (cell.kind, mirror, broken_header(&text)) {
                (CellKind::Label, true, Some(halves)) => {
                    halves.iter().map(|s| s.to_string()).collect()
                }
                (CellKind::Value, ..) => {
                    values += 1;
                    // Stray spaces around numbers, as in CMS exports (seed 002).
                    let spaced = match (blank_lines, values % 3) {
                        (true, 0) => format!(" {text}"),
                        (true, 1) => format!("{text} "),
                        _ => text,
                    };
                    vec![spaced]
                }
                _ => vec![text],
            };
            for piece in pieces {
                out.line(&piece);
                if blank_lines {
                    out.line("");
                }
            }
        }
    }
}

fn cell_pipe(out: &mut Lines, table: &Table) {
    for row in &table.rows {
        for cell in &row.cells {
            out.line(&format!(
                "{} |",
                cell_text(&cell.text, cell.kind, false, false)
            ));
        }
        if !row.pad.is_empty() {
            out.line(row.pad);
        }
    }
}

fn row_cells(row: &Row) -> Vec<&str> {
    std::iter::repeat_n("", row.lead)
        .chain(row.cells.iter().map(|c| c.text.as_str()))
        .collect()
}

fn pipe_rows(out: &mut Lines, table: &Table) {
    for row in &table.rows {
        let cells = row_cells(row);
        let mut line = format!("| {} |", cells.join(" | "));
        if cells.len() < table.width {
            line.push(' ');
            line.push_str(&"|".repeat(table.width - cells.len()));
        }
        out.line(&line);
    }
}

/// One Markdown cell per HTML `<td>`: cells under a rowspan are absent, as
/// an HTML→Markdown converter writes them; the header row is padded to the
/// table's width.
fn markdown(out: &mut Lines, table: &Table) {
    for (n, row) in table.rows.iter().enumerate() {
        let mut cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
        if n == 0 {
            cells.resize(table.width.max(cells.len()), "");
        }
        out.line(&format!("| {} |", cells.join(" | ")));
        if n == 0 {
            out.line(&format!("|{}", "---|".repeat(table.width)));
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A report page as a government site serves it: navigation, metadata,
/// the report in `<p>` and `<table>` with rowspan/colspan, a footer.
fn html(doc: &Document) -> String {
    let mut out = Lines(String::with_capacity(160 * 1024));
    let title = escape(&doc.title);
    let agency = escape(&doc.agency);
    out.line("<!DOCTYPE html>");
    out.line("<html lang=\"zh-CN\">");
    out.line("<head>");
    out.line("<meta charset=\"utf-8\">");
    out.line(&format!("<title>{title}</title>"));
    out.line("<style>.nav{color:#333} td{border:1px solid #000}</style>");
    out.line("<script>var siteTrack = \"政务公开统计代码\";</script>");
    out.line("</head>");
    out.line("<body>");
    out.line("<div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; 年度报告</div>");
    out.line(&format!(
        "<div class=\"meta\">发布日期：{}&nbsp;&nbsp;来源：{agency}</div>",
        doc.published
    ));
    out.line(&format!("<h1>{title}</h1>"));
    out.line("<div class=\"content\">");
    for p in &doc.preamble {
        out.line(&format!("<p>{}</p>", escape(p)));
    }
    for part in &doc.parts {
        out.line(&format!(
            "<p><strong>{}</strong></p>",
            escape(&part.heading)
        ));
        for p in &part.paragraphs {
            out.line(&format!("<p>{}</p>", escape(p)));
        }
        if let Some(table) = &part.table {
            out.line("<table>");
            for row in &table.rows {
                let mut line = String::from("<tr>");
                for cell in &row.cells {
                    line.push_str("<td");
                    if cell.colspan > 1 {
                        line.push_str(&format!(" colspan=\"{}\"", cell.colspan));
                    }
                    if cell.rowspan > 1 {
                        line.push_str(&format!(" rowspan=\"{}\"", cell.rowspan));
                    }
                    line.push('>');
                    let text = escape(&cell.text);
                    // Narrow header cells wrap their words ("商业<br />企业").
                    match broken_header(&cell.text).filter(|_| cell.kind == CellKind::Label) {
                        Some([a, b]) => line.push_str(&format!("{a}<br />{b}")),
                        None => line.push_str(&text),
                    }
                    line.push_str("</td>");
                }
                line.push_str("</tr>");
                out.line(&line);
            }
            out.line("</table>");
        }
    }
    out.line("</div>");
    out.line(&format!(
        "<div class=\"footer\">主办：{agency}&nbsp;|&nbsp;网站标识码：{}</div>",
        doc.index_no.get(..10).unwrap_or(&doc.index_no)
    ));
    out.line("</body>");
    out.line("</html>");
    out.0
}
