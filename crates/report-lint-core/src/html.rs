//! HTML input: a report page saved from the browser. The page's text is
//! laid out as the plain-text parser expects — each table row as a
//! `| cell | cell |` line, each block element on its own line — while every
//! character keeps its byte span in the HTML file, so findings point into
//! the HTML source.

use crate::normalize::{Folded, Normalized};
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
    let mut out = Folded::default();
    let mut hidden = 0usize;
    let mut in_cell = 0usize;
    let emitter = QuietEmitter(DefaultEmitter::<usize>::new_with_span());
    let tokens = Tokenizer::new_with_emitter(source, emitter);
    for token in tokens.flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                let at = tag.span.start;
                if HIDDEN.contains(&name.as_slice()) {
                    hidden += usize::from(!tag.self_closing);
                } else if name == b"tr" {
                    out.push_layout("\n|", at);
                } else if name == b"td" || name == b"th" {
                    in_cell += 1;
                    out.push_layout(" ", at);
                } else if BLOCKS.contains(&name.as_slice()) {
                    // Inside a cell a paragraph or <br> only wraps text
                    // ("本年新<br />制作数量"): the row must stay one line.
                    if in_cell == 0 {
                        out.push_layout("\n", at);
                    }
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                let at = tag.span.start;
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
            Token::String(text) if hidden == 0 => {
                let span = Span::new(
                    text.span.start.min(source.len()),
                    text.span.end.min(source.len()),
                );
                if source.is_char_boundary(span.start) && source.is_char_boundary(span.end) {
                    out.fold_markup_text(source, span);
                }
            }
            _ => {}
        }
    }
    out.finish()
}

/// Whether a file is an HTML page: by its name, or by its first tag.
pub fn looks_like_html(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        return true;
    }
    let head: String = text
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_become_pipe_rows_with_spans_into_the_html() {
        let html = "<html><head><style>td{}</style></head><body><p>一、总体情况</p>\
            <table><tr><td rowspan=\"2\">规章</td><td>&nbsp;</td><td>1<br/>2</td></tr></table></body></html>";
        let view = Normalized::from_html(html);
        let lines: Vec<&str> = view
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, ["一、总体情况", "| 规章 |   | 12 |"]);
        let at = view.text.find("规章").expect("cell text");
        let back = view.to_source(Span::new(at, at + "规章".len()));
        assert_eq!(&html[back.start..back.end], "规章");
        assert!(!view.text.contains("td{}"));
    }

    #[test]
    fn recognises_html_files() {
        assert!(looks_like_html("a.HTML", ""));
        assert!(looks_like_html("a.txt", "  <!DOCTYPE html><html>"));
        assert!(!looks_like_html("a.txt", "一、总体情况"));
    }
}
