//! The normalised view of a report: full-width forms folded to ASCII,
//! traditional characters converted to simplified, pinyin annotations and HTML
//! debris removed. Every normalised character remembers the source bytes it
//! came from, so anything found in the view maps back to what the user typed.

use crate::source::Span;
use serde::Serialize;

/// Conversion debris removed from the view; kept so a rule can offer to
/// delete it from the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Debris {
    pub span: Span,
    pub kind: DebrisKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DebrisKind {
    /// `號(hào)`: a pinyin reading a mirror site inserted after a character.
    Pinyin,
    /// `">`, `<br />`, `&nbsp;`: HTML left behind by a copy from a web page.
    Html,
}

#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// The offset map as runs, in text order, the first at 0 (see [`Piece`]).
    /// One entry per character took 24 bytes per character: a 50 MB file
    /// needed about 1 GB. Runs of characters copied unchanged (most of any
    /// report) take one entry each.
    pieces: Vec<Piece>,
    pub debris: Vec<Debris>,
    /// How many characters the traditional→simplified conversion changed.
    pub converted_chars: usize,
}

/// The characters of `text` from `norm` to the next piece's `norm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    norm: usize,
    /// `shifted`: each character has the same UTF-8 length as the source
    /// character it came from, and they follow each other in the source, so
    /// the character at `norm + k` came from the bytes at `src.start + k`;
    /// `src.end` is where the run ends in the source. Otherwise every
    /// character of the piece came from all of `src` (a folded full-width
    /// form, an entity, layout at an empty span).
    src: Span,
    shifted: bool,
}

impl Normalized {
    /// The view of plain text (any of the flattened layouts).
    pub fn new(source: &str) -> Normalized {
        let mut out = Folded::default();
        // The view of plain text is about as long as the text.
        out.text.reserve(source.len());
        out.fold(source, Span::new(0, source.len()), true);
        out.finish()
    }

    /// The view of hard-wrapped text taken out of a PDF: the line breaks the
    /// plan undoes are left out (with the next line's indent), and so are
    /// the spaces between Chinese and digits in prose.
    pub(crate) fn reflowed(source: &str, plan: &[crate::parse::reflow::Line]) -> Normalized {
        let mut out = Folded::default();
        out.text.reserve(source.len());
        let mut at = 0;
        // Page numbers between the last line written and the next.
        let mut furniture: Vec<Span> = Vec::new();
        for line in plan {
            if line.furniture {
                furniture.push(line.span);
                continue;
            }
            let mut start = line.span.start;
            if line.joins {
                let content = &source[start..line.span.end];
                start +=
                    content.len() - content.trim_start_matches([' ', '\u{3000}', '\u{c}']).len();
            } else {
                let mut from = at;
                for skipped in furniture.iter() {
                    out.fold(source, Span::new(from, skipped.start), true);
                    from = skipped.end;
                }
                out.fold(source, Span::new(from, start), true);
            }
            furniture.clear();
            if line.prose {
                let content = &source[line.span.start..line.span.end];
                let mut from = start;
                let mut at_line_start = !line.joins;
                for (i, c) in content.char_indices() {
                    let pos = line.span.start + i;
                    if pos >= start
                        && c == ' '
                        && crate::parse::reflow::is_typeset_space(content, i)
                    {
                        out.fold(source, Span::new(from, pos), at_line_start);
                        at_line_start = false;
                        from = pos + 1;
                    }
                }
                out.fold(source, Span::new(from, line.span.end), at_line_start);
            } else {
                out.fold(source, Span::new(start, line.span.end), !line.joins);
            }
            at = line.span.end;
        }
        out.fold(source, Span::new(at, source.len()), true);
        out.finish()
    }

    /// The view of an HTML page: text content only, tables rewritten as
    /// `| cell | cell |` rows, block elements as lines. Markup that produces
    /// layout maps to an empty span at its tag, so findings always land on
    /// text the page shows.
    pub fn from_html(source: &str) -> Normalized {
        crate::html::view(source)
    }

    /// Maps a byte range of the normalised text back to the source.
    pub fn to_source(&self, span: Span) -> Span {
        if self.text.is_empty() {
            return Span::default();
        }
        let start = self.char_source(span.start).start;
        if span.is_empty() {
            return Span::new(start, start);
        }
        let last = self.char_source(span.end - 1);
        Span::new(start, last.end.max(start))
    }

    /// Source offset of a normalised offset (the end of the text maps to the end).
    pub fn source_offset(&self, offset: usize) -> usize {
        if self.text.is_empty() {
            return 0;
        }
        if offset >= self.text.len() {
            return self.char_source(self.text.len() - 1).end;
        }
        self.char_source(offset).start
    }

    /// The normalised offset showing what the source has at `source` (for
    /// a line start, the start of that line in the view).
    pub fn view_offset(&self, source: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.src.start <= source);
        let Some(piece) = i.checked_sub(1).map(|i| self.pieces[i]) else {
            return 0;
        };
        let next = self.pieces.get(i).map_or(self.text.len(), |n| n.norm);
        if piece.shifted {
            (piece.norm + (source - piece.src.start)).min(next)
        } else {
            piece.norm
        }
    }

    /// Whether every source byte of `span` shows in the view: no markup
    /// (`<span>`, a tag between the digits of one figure) or other hidden
    /// text lies inside it, so replacing the span loses only what it shows.
    pub fn shows_whole(&self, span: Span) -> bool {
        let first = self
            .pieces
            .partition_point(|p| p.src.end <= span.start)
            .saturating_sub(1);
        let mut covered = span.start;
        for piece in &self.pieces[first..] {
            if piece.src.is_empty() || piece.src.end <= span.start {
                continue;
            }
            if piece.src.start >= span.end || covered >= span.end {
                break;
            }
            if piece.src.start > covered {
                return false;
            }
            covered = covered.max(piece.src.end);
        }
        covered >= span.end
    }

    /// The source bytes of the character containing `offset` (past the end:
    /// the last character). The text must not be empty.
    fn char_source(&self, offset: usize) -> Span {
        let at = self
            .text
            .floor_char_boundary(offset.min(self.text.len() - 1));
        // The first piece starts at 0, so at least one piece is at or before `at`.
        let piece = self.pieces[self.pieces.partition_point(|p| p.norm <= at) - 1];
        if !piece.shifted {
            return piece.src;
        }
        let len = self.text[at..].chars().next().map_or(0, char::len_utf8);
        let start = piece.src.start + (at - piece.norm);
        Span::new(start, start + len)
    }
}

/// A text a reader took out of the source before making its view — the
/// HTML kept inside a JavaScript or JSON string, unescaped — with where
/// each part of it lies in the source: runs copied byte for byte, and
/// characters that stand for other source bytes (`"` for `\"`, a break put
/// between two strings for nothing).
#[derive(Debug, Default)]
pub(crate) struct Derived {
    pub text: String,
    /// In text order; each covers `text[at..next.at]`.
    segs: Vec<Seg>,
}

#[derive(Debug, Clone, Copy)]
struct Seg {
    at: usize,
    src: Span,
    /// `text[at..]` is `source[src]` byte for byte.
    copied: bool,
}

impl Derived {
    /// Appends `source[span]` unchanged.
    pub(crate) fn copy(&mut self, source: &str, span: Span) {
        if span.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(&source[span.start..span.end]);
        match self.segs.last_mut() {
            Some(last) if last.copied && last.src.end == span.start => last.src.end = span.end,
            _ => self.segs.push(Seg {
                at,
                src: span,
                copied: true,
            }),
        }
    }

    /// Appends `text`, which stands for `source[src]` (an escape sequence,
    /// or layout at an empty span).
    pub(crate) fn put(&mut self, text: &str, src: Span) {
        if text.is_empty() {
            return;
        }
        self.segs.push(Seg {
            at: self.text.len(),
            src,
            copied: false,
        });
        self.text.push_str(text);
    }

    /// The segment holding the byte at `at` (the last one past the end).
    fn seg(&self, at: usize) -> usize {
        self.segs.partition_point(|s| s.at <= at).saturating_sub(1)
    }

    /// The source offset where `text[at..]` starts.
    fn source_start(&self, at: usize) -> usize {
        let Some(seg) = self.segs.get(self.seg(at)) else {
            return 0;
        };
        if seg.copied {
            (seg.src.start + (at - seg.at).min(seg.src.len())).min(seg.src.end)
        } else {
            seg.src.start
        }
    }

    /// The source offset where `text[..at]` ends.
    fn source_end(&self, at: usize) -> usize {
        if at == 0 {
            return self.source_start(0);
        }
        let Some(seg) = self.segs.get(self.seg(at - 1)) else {
            return 0;
        };
        if seg.copied {
            (seg.src.start + (at - seg.at)).min(seg.src.end)
        } else {
            seg.src.end
        }
    }
}

impl Normalized {
    /// The view of a [`Derived`] text, made to map into the source the text
    /// was derived from.
    pub(crate) fn rebase(self, derived: &Derived) -> Normalized {
        let mut pieces: Vec<Piece> = Vec::with_capacity(self.pieces.len() + derived.segs.len());
        let mut push = |piece: Piece| match pieces.last_mut() {
            Some(last)
                if piece.shifted
                    && last.shifted
                    && last.src.end == piece.src.start
                    && last.norm + last.src.len() == piece.norm =>
            {
                last.src.end = piece.src.end;
            }
            Some(last) if !piece.shifted && !last.shifted && last.src == piece.src => {}
            _ => pieces.push(piece),
        };
        for p in &self.pieces {
            if !p.shifted {
                let start = derived.source_start(p.src.start);
                let end = if p.src.is_empty() {
                    start
                } else {
                    derived.source_end(p.src.end).max(start)
                };
                push(Piece {
                    norm: p.norm,
                    src: Span::new(start, end),
                    shifted: false,
                });
                continue;
            }
            // A run copied from the derived text: split where the derived
            // text stops being the source byte for byte.
            let mut at = p.src.start;
            while at < p.src.end {
                let i = derived.seg(at);
                let Some(seg) = derived.segs.get(i) else {
                    break;
                };
                let seg_end = derived.segs.get(i + 1).map_or(derived.text.len(), |n| n.at);
                let end = p.src.end.min(seg_end).max(at + 1);
                let norm = p.norm + (at - p.src.start);
                if seg.copied {
                    let from = seg.src.start + (at - seg.at);
                    push(Piece {
                        norm,
                        src: Span::new(from, from + (end - at)),
                        shifted: true,
                    });
                } else {
                    push(Piece {
                        norm,
                        src: seg.src,
                        shifted: false,
                    });
                }
                at = end;
            }
        }
        let debris = self
            .debris
            .into_iter()
            .map(|d| Debris {
                span: Span::new(
                    derived.source_start(d.span.start),
                    derived.source_end(d.span.end),
                ),
                kind: d.kind,
            })
            .collect();
        Normalized {
            text: self.text,
            pieces,
            debris,
            converted_chars: self.converted_chars,
        }
    }
}

/// The view under construction: the text, its offset map, and the debris
/// skipped so far.
#[derive(Default)]
pub(crate) struct Folded {
    text: String,
    pieces: Vec<Piece>,
    debris: Vec<Debris>,
    last: Option<char>,
    /// Whether a character the traditional→simplified converter may change
    /// has been folded in: noted while folding, so that a simplified
    /// report needs no second pass to find out.
    maybe_traditional: bool,
    /// Where the last line of `text` starts (runs never hold a line break:
    /// those are pushed one by one).
    line_start: usize,
}

/// A character that folding keeps as it is and that changes no state: not
/// the start of debris, not whitespace or a line or cell break, not a
/// full-width form or zero-width character. Runs of them are copied whole.
fn is_plain(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_whitespace()
            || c.is_ascii_control()
            || matches!(c, '(' | '&' | '<' | '"' | '\'' | '|'));
    }
    // CJK text, most of a report: no whitespace or zero-width character
    // lies between U+3001 and U+F000, so no table lookup is needed.
    if ('\u{3001}'..'\u{F000}').contains(&c) {
        return true;
    }
    // From U+F000 up: `（` (debris), full-width forms, U+FEFF.
    (c as u32) < 0xF000
        && !c.is_whitespace()
        && !c.is_control()
        && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}')
}

/// The length of the run of [`is_plain`] characters `text` starts with,
/// and whether any of them is one the traditional→simplified converter may
/// change (or `seen` already said so: then nothing is looked up). Reads
/// bytes: ASCII and the three-byte characters from U+3000 to U+EFFF (CJK
/// text, most of a report) are told apart without decoding characters one
/// by one.
fn plain_prefix(text: &str, domain: &Domain, mut seen: bool) -> (usize, bool) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        if lead.is_ascii() {
            if !is_plain(char::from(lead)) {
                break;
            }
            i += 1;
        } else if (0xE3..=0xEE).contains(&lead) {
            // U+3000..=U+EFFF: `text` is valid UTF-8, so two continuation
            // bytes follow.
            let Some(&[_, b1, b2]) = bytes.get(i..i + 3) else {
                break;
            };
            let cp =
                u16::from(lead & 0x0F) << 12 | u16::from(b1 & 0x3F) << 6 | u16::from(b2 & 0x3F);
            if cp == 0x3000 {
                // The ideographic space, folded to a space.
                break;
            }
            seen = seen || domain.contains_bmp(cp);
            i += 3;
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if !is_plain(c) {
                break;
            }
            seen |= domain.contains(c);
            i += c.len_utf8();
        }
    }
    (i, seen)
}

impl Folded {
    /// Folds `source[range]`: pinyin annotations and HTML debris are dropped
    /// (and recorded), entities decoded, full-width forms folded.
    pub(crate) fn fold(&mut self, source: &str, range: Span, at_line_start: bool) {
        self.fold_with(source, range, at_line_start, false);
    }

    /// Folds a text node of an HTML page, where line breaks in the source are
    /// only spaces (lines come from the markup).
    pub(crate) fn fold_markup_text(&mut self, source: &str, range: Span) {
        self.fold_with(source, range, false, true);
    }

    /// Folds text around HTML in a text or Markdown file: its own line
    /// breaks are lines.
    pub(crate) fn fold_text_lines(&mut self, source: &str, range: Span) {
        self.fold_with(source, range, false, false);
    }

    fn fold_with(&mut self, source: &str, range: Span, mut at_line_start: bool, markup: bool) {
        let domain = t2s_domain();
        let mut i = range.start;
        while i < range.end {
            let rest = &source[i..range.end];
            // Most of a report is plain characters: copy them as one run,
            // noting on the way whether the converter will have work.
            let (plain, seen) = plain_prefix(rest, domain, self.maybe_traditional);
            self.maybe_traditional |= seen;
            if plain > 0 {
                self.push_run(&rest[..plain], i);
                at_line_start = false;
                i += plain;
                continue;
            }
            let first = rest.as_bytes()[0];
            // Pinyin starts with `(` or `（`, HTML debris with `&`, `<`, `"`
            // or `'`: other characters (the full-width punctuation of every
            // sentence among them) skip the checks.
            if first == b'(' || rest.starts_with('（') {
                if let Some(len) = pinyin_annotation(rest, self.last) {
                    self.debris.push(Debris {
                        span: Span::new(i, i + len),
                        kind: DebrisKind::Pinyin,
                    });
                    i += len;
                    continue;
                }
            }
            if matches!(first, b'&' | b'<' | b'"' | b'\'') {
                if let Some((len, replacement)) = html_debris(rest, at_line_start) {
                    match replacement {
                        Some(c) => self.push(c, Span::new(i, i + len)),
                        None => self.debris.push(Debris {
                            span: Span::new(i, i + len),
                            kind: DebrisKind::Html,
                        }),
                    }
                    i += len;
                    continue;
                }
            }
            let Some(c) = rest.chars().next() else { break };
            let len = c.len_utf8();
            let c = if markup && (c == '\n' || c == '\r' || c == '\t') {
                ' '
            } else {
                c
            };
            // A browser shows no control character: an office suite's web
            // page may hold some around a figure (`\u{4}38\u{5}`).
            let shown = !(markup && c.is_control());
            if let Some(folded) = fold_width(c).filter(|_| shown) {
                self.push(folded, Span::new(i, i + len));
            }
            // `">` debris sits where a cell starts: at a line start or after `|`.
            if c == '\n' || c == '|' {
                at_line_start = true;
            } else if !c.is_whitespace() {
                at_line_start = false;
            }
            i += len;
        }
    }

    /// The view's last line so far.
    pub(crate) fn line_so_far(&self) -> &str {
        self.text.get(self.line_start..).unwrap_or("")
    }

    /// Whether the view so far is empty or ends a line.
    pub(crate) fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }

    /// Layout a source construct produces (a row break for `</tr>`), mapped
    /// to an empty span at `at`.
    pub(crate) fn push_layout(&mut self, text: &str, at: usize) {
        for c in text.chars() {
            self.push(c, Span::new(at, at));
        }
    }

    pub(crate) fn finish(mut self) -> Normalized {
        let converted_chars = self.simplify();
        Normalized {
            text: self.text,
            pieces: self.pieces,
            debris: self.debris,
            converted_chars,
        }
    }

    /// Appends characters copied unchanged from `source[at..]`.
    fn push_run(&mut self, run: &str, at: usize) {
        let norm = self.text.len();
        self.text.push_str(run);
        self.last = run.chars().next_back();
        let src = Span::new(at, at + run.len());
        match self.pieces.last_mut() {
            Some(p) if p.shifted && p.src.end == at => p.src.end = src.end,
            _ => self.pieces.push(Piece {
                norm,
                src,
                shifted: true,
            }),
        }
    }

    fn push(&mut self, c: char, span: Span) {
        // Most characters pushed one by one are punctuation or layout,
        // outside the converter's range: compare before the table lookup.
        if T2S_RANGE.contains(&(c as u32)) {
            self.maybe_traditional |= t2s_domain().contains(c);
        }
        let norm = self.text.len();
        self.text.push(c);
        self.last = Some(c);
        if c == '\n' {
            self.line_start = self.text.len();
        }
        let shifted = span.len() == c.len_utf8();
        match self.pieces.last_mut() {
            Some(p) if shifted && p.shifted && p.src.end == span.start => p.src.end = span.end,
            Some(p) if !shifted && !p.shifted && p.src == span => {}
            _ => self.pieces.push(Piece {
                norm,
                src: span,
                shifted,
            }),
        }
    }

    /// Converts traditional characters to simplified ones in place; returns
    /// how many characters changed.
    fn simplify(&mut self) -> usize {
        // Most reports are simplified already: only run the converter when
        // some character is one it may change.
        if !self.maybe_traditional {
            return 0;
        }
        let Converted {
            text: simplified,
            changed,
            same_lengths,
        } = convert_t2s(&self.text);
        if !same_lengths {
            // Rare (a character whose simplified form is longer or shorter
            // in UTF-8): rebuild the map character by character.
            let view = Normalized {
                text: std::mem::take(&mut self.text),
                pieces: std::mem::take(&mut self.pieces),
                debris: Vec::new(),
                converted_chars: 0,
            };
            for ((at, _), new) in view.text.char_indices().zip(simplified.chars()) {
                self.push(new, view.char_source(at));
            }
            return changed;
        }
        self.text = simplified;
        changed
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê".contains(c)
}

/// Length of a `(hào)`-style annotation at the start of `rest`, if the
/// previous character is a CJK ideograph. `(一)` and `(2)` are never matched.
fn pinyin_annotation(rest: &str, prev: Option<char>) -> Option<usize> {
    if !prev.is_some_and(is_cjk) {
        return None;
    }
    let mut chars = rest.char_indices();
    let (_, open) = chars.next()?;
    let close = match open {
        '(' => ')',
        '（' => '）',
        _ => return None,
    };
    for (letters, (i, c)) in chars.enumerate() {
        if c == close {
            return (1..=7).contains(&letters).then_some(i + c.len_utf8());
        }
        if !is_pinyin_letter(c) {
            return None;
        }
    }
    None
}

/// HTML left in text: entities become their character, tags and the `">`
/// tail of a broken attribute at the start of a cell disappear.
fn html_debris(rest: &str, at_line_start: bool) -> Option<(usize, Option<char>)> {
    const ENTITIES: [(&str, char); 13] = [
        ("&nbsp;", ' '),
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&ldquo;", '“'),
        ("&rdquo;", '”'),
        ("&lsquo;", '‘'),
        ("&rsquo;", '’'),
        ("&mdash;", '—'),
        ("&ndash;", '–'),
        ("&middot;", '·'),
        ("&hellip;", '…'),
    ];
    for (entity, c) in ENTITIES {
        if rest.starts_with(entity) {
            return Some((entity.len(), Some(c)));
        }
    }
    if let Some(numeric) = rest.strip_prefix("&#") {
        let end = numeric.find(';').filter(|e| *e <= 8)?;
        let body = &numeric[..end];
        let code = match body.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => body.parse().ok(),
        };
        let c = code.and_then(char::from_u32)?;
        return Some((2 + end + 1, Some(if c == '\u{a0}' { ' ' } else { c })));
    }
    if at_line_start {
        for tail in ["\">", "'>", "\"/>"] {
            if rest.starts_with(tail) {
                return Some((tail.len(), None));
            }
        }
    }
    if let Some(tag) = rest.strip_prefix('<') {
        const TAGS: [&str; 12] = [
            "br", "p", "span", "td", "tr", "th", "div", "strong", "b", "font", "table", "tbody",
        ];
        let inner = tag.strip_prefix('/').unwrap_or(tag);
        let name_len = inner
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(inner.len());
        let name = inner[..name_len].to_ascii_lowercase();
        if TAGS.contains(&name.as_str()) {
            let after = &inner[name_len..];
            if after.starts_with(['>', ' ', '/']) {
                let close = rest.find('>')?;
                if !rest[..close].contains('\n') {
                    return Some((close + 1, None));
                }
            }
        }
    }
    None
}

/// Full-width ASCII variants and exotic spaces to their plain forms; zero-width
/// characters vanish (None).
fn fold_width(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => Some(' '),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        '\u{3001}' => Some('、'),
        _ => Some(c),
    }
}

/// fast2s's conversion of a code point on its own, as static tables that
/// `build.rs` writes from fast2s itself: converting a report is then a few
/// operations per character instead of fast2s's hash lookups.
mod t2s_table {
    include!(concat!(env!("OUT_DIR"), "/t2s_table.rs"));
}

/// The characters fast2s 0.3.1 converts according to their neighbours
/// (its `T2S_EXCLUDE` and `T2S_SPECIAL_CONVERT_TYPE`): `乾隆` stays, `乾淨`
/// becomes `干净`. These are converted by fast2s itself, with the neighbours.
/// Cargo.lock pins fast2s; a test compares with fast2s on all their words.
const CONTEXTUAL: [char; 15] = [
    '兒', '覆', '夥', '藉', '瞭', '麽', '幺', '於', '乾', '著', '苧', '闔', '鍾', '讎', '畫',
];

fn t2s_domain() -> &'static Domain {
    static DOMAIN: Domain = Domain(t2s_table::DOMAIN);
    &DOMAIN
}

/// What a code point of the domain becomes on its own: the targets are
/// listed in code point order, so its index is how many domain code points
/// come before it.
fn alone(cp: u16) -> char {
    let word = usize::from(cp >> 6);
    let below = t2s_table::DOMAIN[word] & ((1u64 << (cp & 63)) - 1);
    t2s_table::TARGETS[t2s_table::RANK[word] as usize + below.count_ones() as usize]
}

/// The code points fast2s may change (all in [`T2S_RANGE`]), as a bitset
/// over the Basic Multilingual Plane: one shift and mask per character.
struct Domain([u64; 1024]);

impl Domain {
    fn contains_bmp(&self, cp: u16) -> bool {
        self.0[usize::from(cp >> 6)] >> (cp & 63) & 1 != 0
    }

    fn contains(&self, c: char) -> bool {
        u16::try_from(u32::from(c)).is_ok_and(|cp| self.contains_bmp(cp))
    }
}

/// A text converted to simplified characters, one character for one.
struct Converted {
    text: String,
    /// How many characters changed.
    changed: usize,
    /// Whether every changed character kept its length in UTF-8, so that
    /// offsets into the text still hold.
    same_lengths: bool,
}

/// fast2s's conversion of `text`. Runs of unchanged characters are copied
/// whole.
fn convert_t2s(text: &str) -> Converted {
    let domain = t2s_domain();
    let mut out = Converted {
        text: String::with_capacity(text.len()),
        changed: 0,
        same_lengths: true,
    };
    // `text[..copied]` is converted into `out.text`.
    let mut copied = 0;
    let mut prev = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if domain.contains(c) {
            let to = if CONTEXTUAL.contains(&c) {
                // fast2s reads the characters around (the originals): convert
                // the three and keep the middle one.
                let mut window = String::new();
                window.extend(prev);
                window.push(c);
                window.extend(chars.peek().map(|(_, next)| *next));
                let skip = usize::from(prev.is_some());
                fast2s::convert(&window).chars().nth(skip).unwrap_or(c)
            } else {
                // In the domain, so in the Basic Multilingual Plane.
                alone(c as u16)
            };
            if to != c {
                out.text.push_str(&text[copied..at]);
                out.text.push(to);
                copied = at + c.len_utf8();
                out.changed += 1;
                out.same_lengths &= to.len_utf8() == c.len_utf8();
            }
        }
        prev = Some(c);
    }
    out.text.push_str(&text[copied..]);
    out
}

/// The code points fast2s may change lie in this range.
const T2S_RANGE: std::ops::Range<u32> = 0x3400..0xFB00;

#[cfg(test)]
mod tests {
    use super::*;

    fn view(s: &str) -> String {
        Normalized::new(s).text
    }

    #[test]
    fn folds_traditional_width_and_debris() {
        let cases = [
            ("索 引 號(hào)", "索 引 号"),
            ("信息公(gōng)開", "信息公开"),
            ("\">(三)不予公開", "(三)不予公开"),
            ("| \">(三)不予公开 |", "| (三)不予公开 |"),
            ("a\">b", "a\">b"),
            ("（一）予以公开", "(一)予以公开"),
            ("本年新<br />制作数量", "本年新制作数量"),
            ("&nbsp;0", " 0"),
            ("\u{a0}0", " 0"),
            ("(一)", "(一)"),
            ("第711號(hào),以下", "第711号,以下"),
            ("(2)", "(2)"),
            ("<中华人民共和国>", "<中华人民共和国>"),
        ];
        for (input, expected) in cases {
            assert_eq!(view(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn plain_runs_read_by_bytes_agree_with_characters() {
        let domain = t2s_domain();
        let texts = [
            "信息公开工作年度报告",
            "資訊公開\u{3000}年度",
            "申请123件,占比50%。(一)",
            "𠀀𪚥中文\u{FEFF}尾",
            "\u{E000}\u{EFFF}\u{F000}x",
            "全角１２３",
            "a\u{200B}b",
            "",
        ];
        for text in texts {
            let mut seen = false;
            let expected = text
                .char_indices()
                .find(|(_, c)| {
                    seen |= domain.contains(*c);
                    !is_plain(*c)
                })
                .map_or(text.len(), |(at, _)| at);
            assert_eq!(
                plain_prefix(text, domain, false),
                (expected, seen),
                "{text:?}"
            );
            assert_eq!(
                plain_prefix(text, domain, true),
                (expected, true),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_table_converts_as_fast2s_does() {
        // fast2s's own examples, with every character it converts by its
        // neighbours, at the start, middle and end of the text.
        let texts = [
            "乾隆的乾兒子一邊乾淨利落地擲出了一個乾卦，一邊嘴裡嚼着芒果乾。",
            "企畫 計畫 企劃 計劃 畫圖 畫畫",
            "藉口、憑藉的藉，慰藉、狼藉等的藉仍用藉。看著苧麻，闔家鍾書校讎讎定仇讎",
            "兒寬答覆批覆回覆甚夥瞭望幺麽樊於期",
            "乾",
            "於",
            "畫計",
            "本機關全年共收到政府資訊公開申請，較上年增長，依申請公開資訊情況統計表",
        ];
        for text in texts {
            assert_eq!(convert_t2s(text).text, fast2s::convert(text), "{text}");
        }
    }

    #[test]
    fn the_generated_tables_are_fast2s_on_every_code_point() {
        let domain = t2s_domain();
        let mut buf = [0u8; 4];
        for c in T2S_RANGE.filter_map(char::from_u32) {
            let converted = fast2s::convert(c.encode_utf8(&mut buf));
            if domain.contains(c) {
                let expected = converted
                    .chars()
                    .next()
                    .filter(|_| converted.chars().count() == 1);
                assert_eq!(alone(c as u16), expected.unwrap_or(c), "{c}");
            } else {
                assert_eq!(converted, c.to_string(), "{c} is outside the domain");
            }
        }
        // Outside the range nothing changes.
        assert!(!domain.contains('A') && !domain.contains('𠀀'));
    }

    #[test]
    fn a_derived_text_maps_into_its_source() {
        // `"a\"b"` + `"c"`: the derived text `a"b<br>c`.
        let source = "x(\"a\\\"b\", \"c\")";
        let mut derived = Derived::default();
        derived.copy(source, Span::new(3, 4));
        derived.put("\"", Span::new(4, 6));
        derived.copy(source, Span::new(6, 7));
        derived.put("\n", Span::new(8, 8));
        derived.copy(source, Span::new(11, 12));
        assert_eq!(derived.text, "a\"b\nc");
        let view = Normalized::new(&derived.text).rebase(&derived);
        assert_eq!(view.text, "a\"b\nc");
        let back = |at: usize, len: usize| {
            let span = view.to_source(Span::new(at, at + len));
            &source[span.start..span.end]
        };
        assert_eq!(back(0, 1), "a");
        assert_eq!(back(1, 1), "\\\"");
        assert_eq!(back(0, 3), "a\\\"b");
        assert_eq!(back(4, 1), "c");
        assert_eq!(view.view_offset(11), 4);
    }

    #[test]
    fn spans_map_back_to_source() {
        let src = "發(fā)布機(jī)構(gòu)";
        let n = Normalized::new(src);
        assert_eq!(n.text, "发布机构");
        let pos = n.text.find("机构").unwrap();
        let back = n.to_source(Span::new(pos, n.text.len()));
        assert_eq!(&src[back.start..back.end], "機(jī)構");
        assert_eq!(n.debris.len(), 3);
        assert!(n.converted_chars >= 3);
    }

    #[test]
    fn a_span_with_markup_inside_is_not_shown_whole() {
        let source = "<p>占比4.3<span>4</span>%，共12件</p>";
        let view = Normalized::from_html(source);
        let figure = Span::new(source.find("4.3").unwrap(), source.find("</span>").unwrap());
        assert_eq!(&view.text[view.view_offset(figure.start)..][..4], "4.34");
        assert!(!view.shows_whole(figure));
        let plain = Span::new(source.find("12").unwrap(), source.find("12").unwrap() + 2);
        assert!(view.shows_whole(plain));
        assert!(Normalized::new("共12件").shows_whole(Span::new(3, 5)));
    }
}
