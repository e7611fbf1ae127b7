//! HTML input: a report page saved from the browser. The page's text is
//! laid out as the plain-text parser expects — each table row as a
//! `| cell | cell |` line, each block element on its own line — while every
//! character keeps its byte span in the HTML file, so findings point into
//! the HTML source.
//!
//! HTML is also read where it is kept in other files (DOMAIN §5.5): inside
//! the strings of a JavaScript file (`document.write("<td style=\"…\">")`)
//! or of a JSON answer (`"content":"<p>…<\/p>"`), whose escapes are undone
//! first ([`Derived`]), or written into a text or Markdown file. No markup
//! reaches the view, so none reaches a message.

use crate::normalize::{Derived, Folded, Normalized};
use crate::source::Span;
use html5gum::{DefaultEmitter, Emitter, ForwardingEmitter, Token, Tokenizer};

/// Elements whose content is not shown as text.
const HIDDEN: [&[u8]; 5] = [b"script", b"style", b"noscript", b"template", b"iframe"];

/// Elements that start a new line of text.
const BLOCKS: [&[u8]; 20] = [
    b"p",
    b"div",
    b"br",
    b"li",
    b"ul",
    b"ol",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"table",
    b"tbody",
    b"thead",
    b"section",
    b"article",
    b"title",
    b"blockquote",
    b"hr",
];

/// html5gum's default emitter, without the parse errors of the HTML
/// standard: the view never reads them, and checking every character for
/// them took a quarter of the tokenizer's time.
struct QuietEmitter(DefaultEmitter<usize>);

impl ForwardingEmitter for QuietEmitter {
    type Token = Token<usize>;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

pub(crate) fn view(source: &str) -> Normalized {
    match kind(source) {
        Some(Kind::Json | Kind::Script | Kind::Escaped) => {
            let derived = unescape(source);
            view_of(&derived.text, false).rebase(&derived)
        }
        Some(Kind::Fragment) => view_of(source, true),
        Some(Kind::Page) | None => view_of(source, false),
    }
}

/// Elements whose text is one paragraph, however its source is wrapped.
const PARAGRAPHS: [&[u8]; 9] = [
    b"p",
    b"li",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"blockquote",
];

/// The view of an HTML text. `lines`: the text around the markup keeps its
/// own line breaks (HTML in a text or Markdown file), except inside tables
/// and paragraphs, whose lines come from the markup.
fn view_of(source: &str, lines: bool) -> Normalized {
    let mut out = Folded::default();
    let mut hidden = 0usize;
    let mut in_cell = 0usize;
    let mut in_table = 0usize;
    // Inside a paragraph element (which the next block ends, closed or not).
    let mut in_paragraph = false;
    // Footnotes, as Word and LibreOffice save them: the bodies (a `div` at
    // the end of the page, nested `div`s counted) and the marks in the text.
    // Not read, as in a Word draft or a PDF.
    let mut footnote_divs = 0usize;
    let mut in_footnote_mark = false;
    let emitter = QuietEmitter(DefaultEmitter::<usize>::new_with_span());
    let tokens = Tokenizer::new_with_emitter(source, emitter);
    for token in tokens.flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                let at = tag.span.start;
                if name == b"table" {
                    in_table += 1;
                }
                if BLOCKS.contains(&name.as_slice()) && name != b"br" {
                    in_paragraph = PARAGRAPHS.contains(&name.as_slice());
                }
                if name == b"div" && (footnote_divs > 0 || is_footnote_body(&tag)) {
                    footnote_divs += 1;
                } else if name == b"a" && is_footnote_mark(&tag) {
                    in_footnote_mark = !tag.self_closing;
                }
                if HIDDEN.contains(&name.as_slice()) {
                    hidden += usize::from(!tag.self_closing);
                } else if name == b"tr" {
                    out.push_layout("\n|", at);
                } else if name == b"td" || name == b"th" {
                    in_cell += 1;
                    out.push_layout(" ", at);
                } else if BLOCKS.contains(&name.as_slice()) {
                    // Inside a cell a paragraph or <br> only wraps text
                    // ("本年新<br />制作数量"): the row must stay one line,
                    // and so must a Markdown table's row around HTML.
                    let markdown_row = lines && out.line_so_far().trim_start().starts_with('|');
                    if in_cell == 0 && !markdown_row {
                        out.push_layout("\n", at);
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                let at = tag.span.start;
                if name == b"table" {
                    in_table = in_table.saturating_sub(1);
                }
                if BLOCKS.contains(&name.as_slice()) {
                    in_paragraph = false;
                }
                if name == b"div" {
                    footnote_divs = footnote_divs.saturating_sub(1);
                } else if name == b"a" {
                    in_footnote_mark = false;
                }
                if HIDDEN.contains(&name.as_slice()) {
                    hidden = hidden.saturating_sub(1);
                } else if name == b"tr" {
                    out.push_layout("\n", at);
                } else if name == b"td" || name == b"th" {
                    in_cell = in_cell.saturating_sub(1);
                    out.push_layout(" |", at);
                } else if BLOCKS.contains(&name.as_slice()) && in_cell == 0 {
                    out.push_layout("\n", at);
                }
            }
            Token::String(text) if hidden == 0 && footnote_divs == 0 && !in_footnote_mark => {
                let span = Span::new(
                    text.span.start.min(source.len()),
                    text.span.end.min(source.len()),
                );
                if !(source.is_char_boundary(span.start) && source.is_char_boundary(span.end)) {
                    continue;
                }
                // Spaces between blocks (`</tr>\n</tbody>`, `<p>&nbsp;</p>`)
                // would be a line of spaces, which reads as an empty cell.
                if in_cell == 0 && out.at_line_start() && is_space(&source[span.start..span.end]) {
                    continue;
                }
                if lines && in_table == 0 && !in_paragraph {
                    out.fold_text_lines(source, span);
                } else {
                    out.fold_markup_text(source, span);
                }
            }
            _ => {}
        }
    }
    out.finish()
}

fn attribute<'a>(tag: &'a html5gum::StartTag<usize>, name: &str) -> &'a [u8] {
    tag.attributes
        .get(name.as_bytes())
        .map_or(&[][..], |v| v.value.as_slice())
}

/// A footnote's or endnote's body: LibreOffice's `<div id="sdfootnote1">`,
/// Word's `<div style='mso-element:footnote' id=ftn1>`.
fn is_footnote_body(tag: &html5gum::StartTag<usize>) -> bool {
    let id = attribute(tag, "id");
    let numbered = |prefix: &[u8]| {
        id.strip_prefix(prefix)
            .is_some_and(|n| !n.is_empty() && n.iter().all(u8::is_ascii_digit))
    };
    let style = attribute(tag, "style").to_ascii_lowercase();
    ["sdfootnote", "sdendnote", "ftn", "edn"]
        .iter()
        .any(|p| numbered(p.as_bytes()))
        || memchr::memmem::find(&style, b"mso-element:footnote").is_some()
        || memchr::memmem::find(&style, b"mso-element:endnote").is_some()
}

/// A footnote's mark in the text: LibreOffice's `<a class="sdfootnoteanc">`,
/// Word's `<a href="#_ftn1" name="_ftnref1">`.
fn is_footnote_mark(tag: &html5gum::StartTag<usize>) -> bool {
    let class = attribute(tag, "class");
    let href = attribute(tag, "href");
    class == b"sdfootnoteanc"
        || class == b"sdendnoteanc"
        || href.starts_with(b"#_ftn")
        || href.starts_with(b"#_edn")
}

/// Whether an HTML text shows nothing but spaces (`&nbsp;` included).
fn is_space(text: &str) -> bool {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return true;
        }
        match [
            "&nbsp;", "&#160;", "&#xa0;", "&#xA0;", "&emsp;", "&ensp;", "&#12288;",
        ]
        .iter()
        .find(|e| rest.starts_with(**e))
        {
            Some(entity) => rest = &rest[entity.len()..],
            None => return false,
        }
    }
}

/// Whether a file is read as HTML: an HTML page (by its name, or by its
/// first tag), or HTML kept in a JavaScript or JSON string or written into
/// a text file.
pub fn looks_like_html(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return true;
    }
    kind(text).is_some()
}

/// Where the HTML of a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An HTML page.
    Page,
    /// A JSON document whose string values hold it.
    Json,
    /// JavaScript that writes it (`document.write("…")`, `innerHTML`).
    Script,
    /// HTML copied out of such a string, its quotes still escaped
    /// (`<td style=\"…\">`).
    Escaped,
    /// HTML in a text or Markdown file, around or between its lines.
    Fragment,
}

/// How many tags of the elements a report's HTML is made of the text
/// holds, escaped or not, counting up to `enough`.
fn count_tags(text: &str, enough: usize) -> usize {
    const NAMES: [&[u8]; 12] = [
        b"p", b"div", b"td", b"th", b"tr", b"table", b"tbody", b"span", b"font", b"br", b"strong",
        b"li",
    ];
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut at = 0;
    while count < enough {
        // `<`, or `\u003c` / `\x3c` as JSON and JavaScript may escape it.
        let Some(i) = memchr::memchr2(b'<', b'\\', &bytes[at..]).map(|i| at + i) else {
            break;
        };
        let rest = &bytes[i..];
        let after = if rest.first() == Some(&b'<') {
            &rest[1..]
        } else if rest.len() >= 6 && rest[1..6].eq_ignore_ascii_case(b"u003c") {
            &rest[6..]
        } else if rest.len() >= 4 && rest[1..4].eq_ignore_ascii_case(b"x3c") {
            &rest[4..]
        } else {
            at = i + 1;
            continue;
        };
        let after = after
            .strip_prefix(b"\\/")
            .or_else(|| after.strip_prefix(b"/"))
            .unwrap_or(after);
        let len = after.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let name = &after[..len];
        let ends = after
            .get(len)
            .is_some_and(|b| matches!(b, b'>' | b' ' | b'/' | b'\\' | b'\t' | b'\n' | b'\r'));
        if ends && NAMES.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            count += 1;
        }
        at = i + 1;
    }
    count
}

fn kind(text: &str) -> Option<Kind> {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let head: String = trimmed
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Some(Kind::Page);
    }
    // A few tags in a text are debris of a copy (`<br />`), which the
    // normalised view drops; a report's worth of them is its markup.
    const ENOUGH: usize = 20;
    if count_tags(text, ENOUGH) < ENOUGH {
        return None;
    }
    if trimmed.starts_with(['{', '[']) {
        return Some(Kind::Json);
    }
    let script = ["document.write", ".innerHTML", ".insertAdjacentHTML"]
        .iter()
        .any(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some());
    // Written by the script: most of the markup is in its strings (a page
    // with a `document.write` of its own is read as the page).
    if script {
        let written: usize = literals(text, true)
            .iter()
            .map(|lit| count_tags(&text[lit.body.start..lit.body.end], usize::MAX))
            .sum();
        if written * 2 >= count_tags(text, usize::MAX) {
            return Some(Kind::Script);
        }
    }
    // Copied out of a string: quotes and closing tags escaped throughout,
    // not once in a script of the page.
    let escapes = text.matches("=\\\"").count() + text.matches("<\\/").count();
    if escapes > 0 && escapes * 4 >= count_tags(text, usize::MAX) {
        return Some(Kind::Escaped);
    }
    // Paragraphs or tables, closed: not `<br>`s in a Markdown table.
    let closed: usize = ["</p>", "</td>", "</tr>", "</div>", "</li>"]
        .iter()
        .map(|t| memchr::memmem::find_iter(text.as_bytes(), t.as_bytes()).count())
        .sum();
    (closed >= 10).then_some(Kind::Fragment)
}

/// The HTML a JSON or JavaScript file (or a text copied from one) keeps in
/// its strings, unescaped, with where each part of it is in the file.
fn unescape(source: &str) -> Derived {
    let mut out = Derived::default();
    match kind(source) {
        Some(Kind::Json) => {
            let mut first = true;
            for lit in literals(source, false) {
                let body = &source[lit.body.start..lit.body.end];
                let shown = has_markup(body) || body.chars().any(is_cjk);
                if lit.key || !shown {
                    continue;
                }
                // Each value is a block of its own (a title, the content).
                if !first {
                    out.put("<br>", Span::new(lit.open, lit.open));
                }
                first = false;
                unescape_into(&mut out, source, lit.body);
            }
        }
        Some(Kind::Script) => {
            // document.write() calls add to one stream of HTML.
            for lit in literals(source, true) {
                let body = &source[lit.body.start..lit.body.end];
                if has_markup(body) || lit.written {
                    unescape_into(&mut out, source, lit.body);
                }
            }
        }
        _ => unescape_into(&mut out, source, Span::new(0, source.len())),
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// Whether a string literal's body holds HTML: a tag or an entity.
fn has_markup(body: &str) -> bool {
    count_tags(body, 1) > 0
        || body.match_indices('&').any(|(i, _)| {
            let rest = &body[i + 1..];
            let name = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                .count();
            name > 0 && rest.as_bytes().get(name) == Some(&b';')
        })
}

/// A string literal of JSON or JavaScript.
struct Literal {
    /// Between the quotes.
    body: Span,
    /// The opening quote.
    open: usize,
    /// A JSON object's key (followed by `:`).
    key: bool,
    /// JavaScript writes it out: the argument of `write(`, or joined by
    /// `+` to other strings.
    written: bool,
}

/// The string literals of a JSON or JavaScript text (`script`: single
/// quotes and comments too).
fn literals(source: &str, script: bool) -> Vec<Literal> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if script && b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            i = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            continue;
        }
        if script && b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = memchr::memmem::find(&bytes[i + 2..], b"*/").map_or(bytes.len(), |n| i + 2 + n + 2);
            continue;
        }
        if !(b == b'"' || (script && b == b'\'')) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && bytes[j] != b {
            if bytes[j] == b'\\' {
                j += 1;
            } else if script && bytes[j] == b'\n' {
                break; // unterminated
            }
            j += 1;
        }
        let end = j.min(bytes.len());
        // A backslash before a multi-byte character: step to its end.
        let end = (end..=bytes.len())
            .find(|&e| source.is_char_boundary(e))
            .unwrap_or(bytes.len());
        let before = source[..i].trim_end();
        let after = source.get(end + 1..).unwrap_or("").trim_start();
        found.push(Literal {
            body: Span::new(i + 1, end),
            open: i,
            key: !script && after.starts_with(':'),
            written: before.ends_with("write(")
                || before.ends_with("writeln(")
                || before.ends_with('+')
                || after.starts_with('+'),
        });
        i = end + 1;
    }
    found
}

/// Appends `source[body]` with its escapes undone. Escapes other than
/// JSON's and JavaScript's usual ones are left as they are.
fn unescape_into(out: &mut Derived, source: &str, body: Span) {
    let bytes = source.as_bytes();
    let mut run = body.start;
    let mut i = body.start;
    while i < body.end {
        let Some(n) = memchr::memchr(b'\\', &bytes[i..body.end]) else {
            break;
        };
        i += n;
        let (text, len) = escape(&source[i..body.end]);
        if len == 0 {
            i += 1;
            continue;
        }
        out.copy(source, Span::new(run, i));
        let mut buf = [0u8; 4];
        out.put(
            text.map_or("", |c| c.encode_utf8(&mut buf)),
            Span::new(i, i + len),
        );
        i += len;
        run = i;
    }
    out.copy(source, Span::new(run, body.end));
}

/// The escape `rest` starts with: what it stands for (nothing for a line
/// continuation) and its length; length 0 when it is none of those read.
fn escape(rest: &str) -> (Option<char>, usize) {
    let b = rest.as_bytes();
    let hex = |s: &[u8]| -> Option<u32> {
        std::str::from_utf8(s)
            .ok()
            .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    match b.get(1) {
        Some(b'n') => (Some('\n'), 2),
        Some(b'r') => (Some('\r'), 2),
        Some(b't') => (Some('\t'), 2),
        Some(c @ (b'"' | b'\'' | b'/' | b'\\')) => (Some(char::from(*c)), 2),
        Some(b'\n') => (None, 2),
        Some(b'\r') if b.get(2) == Some(&b'\n') => (None, 3),
        Some(b'x') => match b.get(2..4).and_then(hex) {
            Some(code) => (char::from_u32(code), 4),
            None => (None, 0),
        },
        Some(b'u') => {
            let Some(code) = b.get(2..6).and_then(hex) else {
                return (None, 0);
            };
            if (0xD800..0xDC00).contains(&code) {
                // A surrogate pair: `\ud83d\ude00`.
                let low = (b.get(6) == Some(&b'\\') && b.get(7) == Some(&b'u'))
                    .then(|| b.get(8..12).and_then(hex))
                    .flatten()
                    .filter(|l| (0xDC00..0xE000).contains(l));
                if let Some(low) = low {
                    let c = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    return (char::from_u32(c), 12);
                }
                return (Some('\u{fffd}'), 6);
            }
            (Some(char::from_u32(code).unwrap_or('\u{fffd}')), 6)
        }
        _ => (None, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_become_pipe_rows_with_spans_into_the_html() {
        let html = "<html><head><style>td{}</style></head><body><p>一、总体情况</p>\
            <table><tr><td rowspan=\"2\">规章</td><td>&nbsp;</td><td>1<br/>2</td></tr></table></body></html>";
        let view = Normalized::from_html(html);
        assert_eq!(shown(&view), ["一、总体情况", "| 规章 |   | 12 |"]);
        let at = view.text.find("规章").expect("cell text");
        let back = view.to_source(Span::new(at, at + "规章".len()));
        assert_eq!(&html[back.start..back.end], "规章");
        assert!(!view.text.contains("td{}"));
    }

    #[test]
    fn control_characters_a_browser_does_not_show_are_not_read() {
        // LibreOffice's web page of a Word draft, around a figure.
        let html = "<table><tr><td>一、本年新收</td><td>\u{4}38\u{5}</td></tr></table>";
        let view = Normalized::from_html(html);
        assert_eq!(view.text.trim(), "| 一、本年新收 | 38 |");
        let at = view.text.find("38").expect("the figure");
        let back = view.to_source(Span::new(at, at + 2));
        assert_eq!(&html[back.start..back.end], "38");
    }

    #[test]
    fn footnotes_are_not_read() {
        // LibreOffice's web page of a draft with a footnote.
        let libreoffice = "<p>网上申请4件<a class=\"sdfootnoteanc\" name=\"sdfootnote1anc\" \
            href=\"#sdfootnote1sym\"><sup>1</sup></a>，均已答复。</p>\
            <div id=\"sdfootnote1\"><p><a class=\"sdfootnotesym\" href=\"#sdfootnote1anc\">1</a>\
            其中<div>微信</div>转来申请2件，占50.00%。</p></div><p>（完）</p>";
        // Word's \"save as web page\".
        let word = "<p>网上申请4件<a style='mso-footnote-id:ftn1' href=\"#_ftn1\" name=\"_ftnref1\">\
            <span class=MsoFootnoteReference>[1]</span></a>，均已答复。</p>\
            <div style='mso-element:footnote-list'><div style='mso-element:footnote' id=ftn1>\
            <p><a href=\"#_ftnref1\" name=\"_ftn1\">[1]</a>其中微信转来申请2件，占50.00%。</p></div></div>\
            <p>（完）</p>";
        for html in [libreoffice, word] {
            // (The view folds full-width forms: ， and （） are ASCII in it.)
            assert_eq!(
                shown(&Normalized::from_html(html)),
                ["网上申请4件,均已答复。", "(完)"],
                "{html}"
            );
        }
    }

    #[test]
    fn recognises_html_files() {
        assert!(looks_like_html("a.HTML", ""));
        assert!(looks_like_html("a.txt", "  <!DOCTYPE html><html>"));
        assert!(!looks_like_html("a.txt", "一、总体情况"));
        // A few tags left by a copy are debris, not a page.
        let debris = "一、总体情况<br />\n本年度<br />共收到申请12件。<br />\n".repeat(5);
        assert!(!looks_like_html("a.txt", &debris));
        let script = format!(
            "document.write(\"{}\");",
            "<p>一、总体情况<\\/p>".repeat(20)
        );
        assert!(looks_like_html("a.txt", &script));
        assert_eq!(kind(&script), Some(Kind::Script));
        // A page of its own with a script that writes a little.
        let page = format!(
            "<div>{}</div><script>document.write(\"<p>统计<\\/p>\");</script>",
            "<p>一、总体情况</p>".repeat(20)
        );
        assert_eq!(kind(&page), Some(Kind::Fragment));
    }

    /// The non-empty lines of a view, trimmed.
    fn shown(view: &Normalized) -> Vec<String> {
        view.text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Enough markup for a file to be read as HTML.
    fn padding() -> String {
        "<p>&nbsp;</p>".repeat(20)
    }

    #[test]
    fn html_in_a_javascript_string_is_read_with_spans_into_the_file() {
        let js = format!(
            "<script type=\"text/javascript\">\n\
             var pubDate = \"2022-01-20\";\n\
             // document.write(\"<p>注释<\\/p>\");\n\
             document.write(\"<p style=\\\"text-indent:2em\\\"><font face=\\\"黑体\\\">一、总体</font>\
             <font face=\\\"黑体\\\">情况<\\/font><\\/p>\\n\");\n\
             document.write('<table><tr><td>行政许可<\\/td><td>' + \"<span>12<\\/span><span>86<\\/span><\\/td>\");\n\
             document.write(\"<td>&nbsp;<\\/td><td>危及\\\"三安全一稳定\\\"<\\/td><\\/tr><\\/table>{}\");\n\
             </script>\n",
            padding()
        );
        assert!(looks_like_html("archive.txt", &js));
        let view = Normalized::from_html(&js);
        assert_eq!(
            shown(&view),
            [
                "一、总体情况",
                "| 行政许可 | 1286 |   | 危及\"三安全一稳定\" |"
            ]
        );
        assert!(!view.text.contains('<') && !view.text.contains("注释"));
        let back = |needle: &str| {
            let at = view.text.find(needle).expect("in the view");
            let span = view.to_source(Span::new(at, at + needle.len()));
            &js[span.start..span.end]
        };
        assert_eq!(back("总体情况"), "总体</font><font face=\\\"黑体\\\">情况");
        assert_eq!(back("1286"), "12<\\/span><span>86");
        assert_eq!(back("\"三"), "\\\"三");
    }

    #[test]
    fn html_in_a_json_field_is_read_and_keys_are_not() {
        let content = format!(
            "<p>\\u4e00\\u3001总体情况<\\/p>\\u003ctable\\u003e<tr><td>规章<\\/td><td>\\u00a0<\\/td>\
             <td>\\ud840\\udc00<\\/td><\\/tr><\\/table>{}",
            padding()
        );
        let json = format!(
            "{{\"code\":200,\"msg\":\"success\",\"data\":{{\"title\":\"青溪县2021年报告\",\
             \"content\":\"{content}\"}}}}"
        );
        let view = Normalized::from_html(&json);
        assert_eq!(
            shown(&view),
            [
                "青溪县2021年报告",
                "一、总体情况",
                "| 规章 |   | \u{20000} |"
            ]
        );
        let at = view.text.find('、').expect("in the view");
        let span = view.to_source(Span::new(at, at + '、'.len_utf8()));
        assert_eq!(&json[span.start..span.end], "\\u3001");
    }

    #[test]
    fn escaped_html_in_a_text_file_and_html_in_markdown() {
        let text = format!(
            "<p class=\\\"t\\\">一、总体情况<\\/p>\n<table><tr><td class=\\\"c\\\">规章<\\/td>\
             <td>0<\\/td><\\/tr><\\/table>{}",
            padding().replace("</", "<\\/")
        );
        assert_eq!(
            shown(&Normalized::from_html(&text)),
            ["一、总体情况", "| 规章 | 0 |"]
        );
        // A converter's Markdown with the table as HTML: the Markdown keeps
        // its lines, a paragraph and a table row are one line each.
        let markdown = format!(
            "## 三、收到和处理政府信息公开申请情况\n\n说明：\n<p>全年共收到\n申请48件。</p>\n\
             <table>\n<tr>\n<td>一、本年新收</td>\n<td>48</td>\n</tr>\n</table>\n## 四、行政复议\n{}",
            padding()
        );
        assert!(looks_like_html("a.md", &markdown));
        let with_br = markdown.replace("说明：", "| 本年新<br>制作数量 | 3 |");
        assert!(
            shown(&Normalized::from_html(&with_br)).contains(&"| 本年新制作数量 | 3 |".to_string())
        );
        assert_eq!(
            shown(&Normalized::from_html(&markdown)),
            [
                "## 三、收到和处理政府信息公开申请情况",
                "说明:",
                "全年共收到 申请48件。",
                "|  一、本年新收 |  48 |",
                "## 四、行政复议"
            ]
        );
    }

    #[test]
    fn escapes_cut_short_or_unknown_are_kept_as_written() {
        for (input, expected) in [
            ("\\u12", (None, 0)),
            ("\\x4", (None, 0)),
            ("\\q", (None, 0)),
            ("\\", (None, 0)),
            ("\\ud800x", (Some('\u{fffd}'), 6)),
            ("\\\n", (None, 2)),
        ] {
            assert_eq!(escape(input), expected, "{input:?}");
        }
        // A literal cut short, a backslash before a multi-byte character.
        let cut = format!("document.write(\"<p>一、总{}\\中", padding());
        let view = Normalized::from_html(&cut);
        assert!(view.text.contains("一、总"));
    }
}
