//! The original text of a report and conversions from byte offsets to
//! line/column positions. Conversions happen only at the edges (CLI, LSP).
//!
//! A column in characters or UTF-16 units is counted from the start of the
//! line. Counting it afresh for every position is quadratic on a report
//! pasted as one line (a 1 MB line with thousands of findings took
//! minutes), so a long distance is counted from a checkpoint instead: the
//! character and UTF-16 counts at every [`STEP`] bytes, built on first use.
//!
//! A text file's bytes become text here, and only here ([`SourceFile::from_bytes`]):
//! UTF-8 (with or without its byte-order mark), UTF-16 (with a byte-order
//! mark, or without one when the zero bytes of its ASCII say so plainly), and
//! otherwise the encoding chardetng guesses, if it is GBK/GB18030 (what
//! Notepad on Chinese Windows saves as "ANSI") or Big5 and the bytes are
//! valid in it. The encoding is remembered ([`SourceFile::encoding`]) so
//! that [`SourceFile::encode`] gives a fixed text the bytes the file had.
//! Spans, lines and columns are always about the decoded text.

use crate::document::DocumentMap;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// A half-open byte range into [`SourceFile::text`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// Published reports are 20–500 KB, web pages with inline images a few MB.
/// Anything bigger is not a report (a log, a database dump), and parsing it
/// would take minutes and hundreds of MB: the command line and the editor
/// refuse it with [`too_large`] instead of reading it.
pub const MAX_TEXT_BYTES: u64 = 16 * 1024 * 1024;

/// What the user is told about a text of `len` bytes over `limit`. A
/// reader that stops at `limit + 1` bytes (stdin) does not know the size.
pub fn too_large(len: u64, limit: u64) -> String {
    let mb = |n: u64| n as f64 / (1024.0 * 1024.0);
    let size = if len > limit + 1 {
        format!("{:.1} MB", mb(len))
    } else {
        format!("超过 {:.0} MB", mb(limit))
    };
    format!(
        "文件过大（{size}），不像是一份年度报告（上限 {:.0} MB），未检查",
        mb(limit)
    )
}

/// Why a file could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Led by the UTF-8 byte-order mark, but not UTF-8; `offset` is where
    /// the first invalid sequence starts.
    InvalidUtf8 { offset: usize },
    /// Led by a UTF-16 byte-order mark, but not UTF-16 after it (half a
    /// surrogate pair, or an odd byte at the end) at byte `offset`.
    InvalidUtf16 {
        encoding: TextEncoding,
        offset: usize,
    },
    /// Not UTF-8 (invalid from byte `offset`), and not recognisably any
    /// other encoding a report is written in.
    UnknownEncoding { offset: usize },
}

/// What the user is told to do about a text that cannot be read.
const SAVE_AS_UTF8: &str = "请用记事本或 WPS 另存为 UTF-8 后再检查";

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { offset } => {
                write!(
                    f,
                    "不是有效的 UTF-8 文本（第 {offset} 字节处编码无效），{SAVE_AS_UTF8}"
                )
            }
            DecodeError::InvalidUtf16 { encoding, offset } => {
                write!(
                    f,
                    "不是有效的 {} 文本（第 {offset} 字节处编码无效），{SAVE_AS_UTF8}",
                    encoding.name()
                )
            }
            DecodeError::UnknownEncoding { offset } => write!(
                f,
                "不是有效的 UTF-8 文本（第 {offset} 字节处编码无效），\
                 也不像 GBK/GB18030、Big5 或 UTF-16 文本，无法确定文本编码；{SAVE_AS_UTF8}"
            ),
        }
    }
}

/// How a text file's bytes encode its text, kept so that `fix` writes the
/// file back in the encoding it came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub enum TextEncoding {
    /// Also the encoding of every text that did not come from bytes (an
    /// editor's buffer, a document's text view).
    #[default]
    Utf8,
    Utf16Le,
    Utf16Be,
    /// GBK, what Notepad on Chinese Windows saves as "ANSI": a GB18030 file
    /// without GB18030's four-byte sequences. Read as GB18030 (as the
    /// Encoding Standard does), written with GBK's characters only.
    Gbk,
    /// GB18030: GBK and four-byte sequences for the rest of Unicode.
    Gb18030,
    /// Big5, for reports in traditional characters.
    Big5,
}

impl TextEncoding {
    /// The name users know it by.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gbk => "GBK",
            TextEncoding::Gb18030 => "GB18030",
            TextEncoding::Big5 => "Big5",
        }
    }

    /// The byte-order mark of the encoding (none for the legacy ones).
    pub fn bom(self) -> &'static [u8] {
        match self {
            TextEncoding::Utf8 => BOM.as_bytes(),
            TextEncoding::Utf16Le => &[0xFF, 0xFE],
            TextEncoding::Utf16Be => &[0xFE, 0xFF],
            TextEncoding::Gbk | TextEncoding::Gb18030 | TextEncoding::Big5 => &[],
        }
    }

    /// The encoding_rs encoder of a legacy encoding. (encoding_rs's GBK
    /// decoder is its GB18030 decoder; its GBK encoder writes only GBK.)
    fn legacy(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            TextEncoding::Gbk => Some(encoding_rs::GBK),
            TextEncoding::Gb18030 => Some(encoding_rs::GB18030),
            TextEncoding::Big5 => Some(encoding_rs::BIG5),
            TextEncoding::Utf8 | TextEncoding::Utf16Le | TextEncoding::Utf16Be => None,
        }
    }

    /// The bytes of `text` in this encoding, led by its byte-order mark
    /// when `bom`. A character the encoding has no bytes for (GBK and Big5
    /// lack many; GB18030 only a few private-use ones) is an error, never
    /// replaced: encoding_rs's `Encoding::encode` would write `&#20917;`
    /// into the report instead.
    pub fn encode(self, text: &str, bom: bool) -> Result<Vec<u8>, Unencodable> {
        let mut out = Vec::with_capacity(text.len() + 2);
        if bom {
            out.extend_from_slice(self.bom());
        }
        match self {
            TextEncoding::Utf8 => out.extend_from_slice(text.as_bytes()),
            TextEncoding::Utf16Le => out.extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
            TextEncoding::Utf16Be => out.extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
            TextEncoding::Gbk | TextEncoding::Gb18030 | TextEncoding::Big5 => {
                let encoding = self.legacy().expect("a legacy encoding");
                let mut encoder = encoding.new_encoder();
                let mut read = 0;
                loop {
                    let rest = &text[read..];
                    let room = encoder
                        .max_buffer_length_from_utf8_without_replacement(rest.len())
                        .unwrap_or(rest.len() * 4);
                    let start = out.len();
                    out.resize(start + room, 0);
                    let (result, consumed, written) =
                        encoder.encode_from_utf8_without_replacement(rest, &mut out[start..], true);
                    out.truncate(start + written);
                    read += consumed;
                    match result {
                        encoding_rs::EncoderResult::InputEmpty => break,
                        encoding_rs::EncoderResult::OutputFull => continue,
                        encoding_rs::EncoderResult::Unmappable(ch) => {
                            return Err(Unencodable {
                                encoding: self,
                                ch,
                                offset: read - ch.len_utf8(),
                            })
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

/// A character a text's encoding cannot write, at byte `offset` of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unencodable {
    pub encoding: TextEncoding,
    pub ch: char,
    pub offset: usize,
}

impl std::fmt::Display for Unencodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} 编码中没有“{}”（U+{:04X}）这个字符",
            self.encoding.name(),
            self.ch,
            u32::from(self.ch)
        )
    }
}

/// How much of a file chardetng is given (it reads some 20 MB a second;
/// less in the unit tests, which are not optimised).
const DETECTION_BYTES: usize = if cfg!(test) { 64 * 1024 } else { 1024 * 1024 };

/// Reads `bytes` as text: see the module docs for the order.
fn decode(bytes: &[u8]) -> Result<(String, TextEncoding, bool), DecodeError> {
    // simdutf8 validates many bytes per instruction where the standard
    // validator goes through CJK text a byte at a time; copying the
    // validated text into a String costs far less than validating again.
    if let Ok(text) = simdutf8::basic::from_utf8(bytes) {
        return Ok((text.to_owned(), TextEncoding::Utf8, false));
    }
    // Only the standard validator says where the text goes wrong.
    let offset = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    if bytes.starts_with(BOM.as_bytes()) {
        return Err(DecodeError::InvalidUtf8 { offset });
    }
    for encoding in [TextEncoding::Utf16Le, TextEncoding::Utf16Be] {
        if let Some(rest) = bytes.strip_prefix(encoding.bom()) {
            let big_endian = encoding == TextEncoding::Utf16Be;
            return match decode_utf16(rest, big_endian) {
                Ok(text) => Ok((text, encoding, true)),
                Err(at) => Err(DecodeError::InvalidUtf16 {
                    encoding,
                    offset: at + 2,
                }),
            };
        }
    }
    if let Some((encoding, text)) = utf16_without_bom(bytes) {
        return Ok((text, encoding, false));
    }
    // A report (20–500 KB) is looked at whole; of a bigger file the first
    // megabyte says enough, and the decoding below checks all of it.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let head = &bytes[..bytes.len().min(DETECTION_BYTES)];
    detector.feed(head, head.len() == bytes.len());
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let encoding = if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        if has_four_byte_sequences(bytes) {
            TextEncoding::Gb18030
        } else {
            TextEncoding::Gbk
        }
    } else if guess == encoding_rs::BIG5 {
        TextEncoding::Big5
    } else {
        return Err(DecodeError::UnknownEncoding { offset });
    };
    // The GB18030 decoder reads GBK too: the two differ only in writing.
    let decoder = match encoding {
        TextEncoding::Big5 => encoding_rs::BIG5,
        _ => encoding_rs::GB18030,
    };
    match decoder.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text.into_owned(), encoding, false)),
        None => Err(DecodeError::UnknownEncoding { offset }),
    }
}

/// UTF-16 code units to text; `Err` with the byte offset of the first one
/// that is half a surrogate pair (or of an odd last byte).
fn decode_utf16(bytes: &[u8], big_endian: bool) -> Result<String, usize> {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut at = 0;
    for c in char::decode_utf16(units) {
        let c = c.map_err(|_| at)?;
        at += 2 * c.len_utf16();
        text.push(c);
    }
    if bytes.len() % 2 == 1 {
        return Err(bytes.len() - 1);
    }
    Ok(text)
}

/// UTF-16 without a byte-order mark, when it is plain to see: in a report
/// the digits, spaces and line breaks are ASCII, whose other byte is zero,
/// so zero bytes are mostly on one side of the code units (the second for
/// little-endian); a Chinese character has one on the other side only when
/// its code ends in 00 (一 is U+4E00), one in 256 of them. The text must
/// then be read with line breaks and no control characters. A text with
/// little ASCII is not recognised.
fn utf16_without_bom(bytes: &[u8]) -> Option<(TextEncoding, String)> {
    if bytes.len() < 2 || bytes.len() % 2 == 1 {
        return None;
    }
    let zeros = |side: usize| {
        bytes
            .iter()
            .skip(side)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (first, second) = (zeros(0), zeros(1));
    let encoding = if second > 2 * first {
        TextEncoding::Utf16Le
    } else if first > 2 * second {
        TextEncoding::Utf16Be
    } else {
        return None;
    };
    let text = decode_utf16(bytes, encoding == TextEncoding::Utf16Be).ok()?;
    let plain = |c: char| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}');
    (text.contains('\n') && text.chars().all(plain)).then_some((encoding, text))
}

/// Whether GB18030 text (valid, as decoded) has a four-byte sequence: a
/// lead byte followed by a digit, where GBK's second bytes are 0x40 and up.
fn has_four_byte_sequences(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0x81..=0xFE => match bytes.get(i + 1) {
                Some(0x30..=0x39) => return true,
                _ => i += 2,
            },
            _ => i += 1,
        }
    }
    false
}

/// Line ending style, kept so that `fix` writes the file back the way it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LineEnding {
    Lf,
    CrLf,
}

/// A report's text. The byte-order mark, if any, is not part of `text`
/// (so that line 1 column 1 is the first visible character) but is remembered
/// in `bom`, and the file's encoding in `encoding`, so a rewritten file keeps
/// both.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    /// Whether the file began with the byte-order mark of its encoding
    /// (UTF-8's or UTF-16's), which is not part of `text`.
    pub bom: bool,
    /// The encoding of the file the text was read from: UTF-8 for a text
    /// made in memory ([`SourceFile::new`]) and for a document's text view.
    pub encoding: TextEncoding,
    /// For a text view made from a document (Word): where each part of the
    /// view is in the document. `None` for text and HTML files.
    pub document: Option<Arc<DocumentMap>>,
    line_starts: Vec<usize>,
    /// See the module docs; only texts with a line longer than [`STEP`]
    /// bytes ever build it.
    checkpoints: OnceLock<Vec<Checkpoint>>,
}

const BOM: &str = "\u{feff}";

/// Distance in bytes between checkpoints: counting at most this far is
/// cheap, and the checkpoints take 0.3 % of the text's size.
const STEP: usize = 8 * 1024;

/// Counts before `byte`, the char boundary at or before a multiple of [`STEP`].
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    byte: usize,
    chars: usize,
    utf16: usize,
}

/// What a column counts.
#[derive(Clone, Copy)]
enum Unit {
    Char,
    Utf16,
}

impl Unit {
    fn count(self, text: &str) -> usize {
        match self {
            Unit::Char => text.chars().count(),
            Unit::Utf16 => text.chars().map(char::len_utf16).sum(),
        }
    }

    fn at(self, point: &Checkpoint) -> usize {
        match self {
            Unit::Char => point.chars,
            Unit::Utf16 => point.utf16,
        }
    }
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        let bom = text.starts_with(BOM);
        if bom {
            text.drain(..BOM.len());
        }
        SourceFile::of_text(name.into(), text, bom, TextEncoding::Utf8)
    }

    /// `text` as it is (a byte-order mark already taken off by the caller).
    fn of_text(name: String, text: String, bom: bool, encoding: TextEncoding) -> Self {
        // memchr's vectorised search: the line index is built for every file.
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            name,
            text,
            bom,
            encoding,
            document: None,
            line_starts,
            checkpoints: OnceLock::new(),
        }
    }

    /// The text view a reader made of a document, with its map.
    pub fn of_document(name: impl Into<String>, view: String, map: DocumentMap) -> Self {
        let mut source = SourceFile::new(name, view);
        source.document = Some(Arc::new(map));
        source
    }

    /// Decodes raw file contents in whichever encoding they are (see the
    /// module docs); bytes that are no text a report is written in are an
    /// error, never a panic.
    pub fn from_bytes(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, DecodeError> {
        let (text, encoding, bom) = decode(&bytes)?;
        Ok(match encoding {
            // UTF-8's byte-order mark is still in the text.
            TextEncoding::Utf8 => SourceFile::new(name, text),
            _ => SourceFile::of_text(name.into(), text, bom, encoding),
        })
    }

    /// The bytes of `text` (this file's text, fixed) as this file holds
    /// its own: in its encoding, led by its byte-order mark if it had one.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, Unencodable> {
        self.encoding.encode(text, self.bom)
    }

    /// The line ending used by the first line break (LF when there is none).
    pub fn line_ending(&self) -> LineEnding {
        match self.text.find('\n') {
            Some(i) if i > 0 && self.text.as_bytes()[i - 1] == b'\r' => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line containing `offset` (offsets past the end clamp to the last line).
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset of the start of a 0-based line (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The byte range of a 0-based line, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        let bytes = self.text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// The nearest char boundary at or before `offset`.
    pub fn floor_boundary(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// 0-based line and 0-based column counted in Unicode scalar values.
    pub fn line_col_chars(&self, offset: usize) -> (usize, usize) {
        self.line_col(offset, Unit::Char)
    }

    /// 0-based line and 0-based column counted in UTF-16 code units (LSP default).
    pub fn line_col_utf16(&self, offset: usize) -> (usize, usize) {
        self.line_col(offset, Unit::Utf16)
    }

    fn line_col(&self, offset: usize, unit: Unit) -> (usize, usize) {
        let offset = self.floor_boundary(offset);
        let line = self.line_index(offset);
        let start = self.line_start(line);
        let col = if offset - start <= STEP {
            unit.count(&self.text[start..offset])
        } else {
            self.units_before(offset, unit) - self.units_before(start, unit)
        };
        (line, col)
    }

    fn checkpoints(&self) -> &[Checkpoint] {
        self.checkpoints.get_or_init(|| {
            let mut points = Vec::with_capacity(self.text.len() / STEP + 1);
            let mut at = Checkpoint {
                byte: 0,
                chars: 0,
                utf16: 0,
            };
            for i in 0..=self.text.len() / STEP {
                let next = self.floor_boundary(i * STEP);
                let run = &self.text[at.byte..next];
                at = Checkpoint {
                    byte: next,
                    chars: at.chars + Unit::Char.count(run),
                    utf16: at.utf16 + Unit::Utf16.count(run),
                };
                points.push(at);
            }
            points
        })
    }

    /// How many units precede the char boundary `offset`.
    fn units_before(&self, offset: usize, unit: Unit) -> usize {
        let points = self.checkpoints();
        // The checkpoint of `offset / STEP` is at or before `offset`.
        let point = &points[(offset / STEP).min(points.len() - 1)];
        unit.at(point) + unit.count(&self.text[point.byte..offset])
    }

    /// 0-based line and 0-based column counted in UTF-8 bytes.
    pub fn line_col_utf8(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor_boundary(offset);
        let line = self.line_index(offset);
        (line, offset - self.line_start(line))
    }

    /// Inverse of [`line_col_utf16`](Self::line_col_utf16); out-of-range
    /// positions clamp to the end of the line / text.
    pub fn offset_utf16(&self, line: usize, col: usize) -> usize {
        if line >= self.line_count() {
            return self.text.len();
        }
        let span = self.line_span(line);
        let mut from = span.start;
        let mut units = 0;
        if span.len() > STEP {
            // Start from the last checkpoint of the line before the column.
            let points = self.checkpoints();
            let base = self.units_before(span.start, Unit::Utf16);
            let first = span.start.div_ceil(STEP);
            let last = points.partition_point(|p| p.byte <= span.end);
            if let Some(p) = points[first.min(last)..last]
                .iter()
                .take_while(|p| p.utf16 - base <= col)
                .last()
            {
                from = p.byte;
                units = p.utf16 - base;
            }
        }
        for (i, c) in self.text[from..span.end].char_indices() {
            if units >= col {
                return from + i;
            }
            units += c.len_utf16();
        }
        span.end
    }

    /// Inverse of [`line_col_utf8`](Self::line_col_utf8), clamped and
    /// snapped to a char boundary.
    pub fn offset_utf8(&self, line: usize, col: usize) -> usize {
        if line >= self.line_count() {
            return self.text.len();
        }
        let span = self.line_span(line);
        self.floor_boundary((span.start + col).min(span.end))
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_chars_and_utf16_units() {
        let src = SourceFile::new("t", "一、总体\n𠀀1.其他\r\nx");
        let off = src.text.find("1.").unwrap();
        assert_eq!(src.line_col_chars(off), (1, 1));
        assert_eq!(src.line_col_utf16(off), (1, 2));
        assert_eq!(src.offset_utf16(1, 2), off);
        assert_eq!(
            src.line_span(1),
            Span::new(src.line_start(1), src.text.find('\r').unwrap())
        );
    }

    #[test]
    fn long_lines_agree_with_counting_from_the_line_start() {
        let line = "予以公开3件，占比23.08%。𠀀".repeat(2000);
        let text = format!("标题\r\n{line}\n\n尾");
        let src = SourceFile::new("t.txt", text.as_str());
        let naive = |offset: usize, utf16: bool| {
            let offset = src.floor_boundary(offset);
            let line = src.line_index(offset);
            let before = &src.text[src.line_start(line)..offset];
            let col = if utf16 {
                before.chars().map(char::len_utf16).sum()
            } else {
                before.chars().count()
            };
            (line, col)
        };
        for offset in (0..=text.len() + 3).step_by(997) {
            assert_eq!(src.line_col_chars(offset), naive(offset, false), "{offset}");
            let (line, col) = naive(offset, true);
            assert_eq!(src.line_col_utf16(offset), (line, col), "{offset}");
            let back = src.floor_boundary(offset.min(src.line_span(line).end));
            assert_eq!(src.offset_utf16(line, col), back, "{offset}");
        }
        assert_eq!(src.offset_utf16(1, usize::MAX), src.line_span(1).end);
    }

    #[test]
    fn bom_is_remembered_and_stripped() {
        let src = SourceFile::new("t", "\u{feff}一、总体情况\r\n");
        assert!(src.bom);
        assert!(src.text.starts_with('一'));
        assert_eq!(src.line_ending(), LineEnding::CrLf);
    }

    #[test]
    fn invalid_utf8_is_an_error() {
        let err = SourceFile::from_bytes("t", vec![b'a', 0xff, b'b']).unwrap_err();
        assert_eq!(err, DecodeError::UnknownEncoding { offset: 1 });
        assert_eq!(
            err.to_string(),
            "不是有效的 UTF-8 文本（第 1 字节处编码无效），也不像 GBK/GB18030、Big5 或 \
             UTF-16 文本，无法确定文本编码；请用记事本或 WPS 另存为 UTF-8 后再检查"
        );
        // The UTF-8 byte-order mark says what the rest must be.
        let mut bytes = BOM.as_bytes().to_vec();
        bytes.extend_from_slice(&GBK_REPORT);
        let err = SourceFile::from_bytes("t", bytes).unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 5 });
    }

    /// A report's opening, with the characters a report has: digits,
    /// full-width punctuation, line breaks, a percentage.
    const REPORT: &str = "某区人民政府2023年政府信息公开工作年度报告\r\n\
        一、总体情况\r\n\
        本年度主动公开政府信息1234条，其中规范性文件12件（占比0.97%）。\r\n\
        二、主动公开政府信息情况\r\n\
        （一）收到和处理政府信息公开申请情况：本年新收申请20件，予以公开15件。\r\n";

    static GBK_REPORT: std::sync::LazyLock<Vec<u8>> =
        std::sync::LazyLock::new(|| TextEncoding::Gbk.encode(REPORT, false).unwrap());

    fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        for unit in std::iter::once(0xFEFF)
            .filter(|_| bom)
            .chain(text.encode_utf16())
        {
            if big_endian {
                bytes.extend(unit.to_be_bytes());
            } else {
                bytes.extend(unit.to_le_bytes());
            }
        }
        bytes
    }

    #[test]
    fn every_encoding_reads_and_writes_back_the_same_bytes() {
        let gb18030 = format!("{REPORT}扩展汉字𠀀与“㐀”。\r\n");
        let traditional = "某區人民政府2023年政府資訊公開工作年度報告\r\n\
            一、總體情況\r\n\
            本年度主動公開政府資訊1234條，其中規範性文件12件。\r\n\
            二、主動公開政府資訊情況\r\n";
        let cases: Vec<(&str, Vec<u8>, TextEncoding, bool)> = vec![
            (
                REPORT,
                REPORT.as_bytes().to_vec(),
                TextEncoding::Utf8,
                false,
            ),
            (
                REPORT,
                [BOM.as_bytes(), REPORT.as_bytes()].concat(),
                TextEncoding::Utf8,
                true,
            ),
            (
                REPORT,
                utf16(REPORT, false, true),
                TextEncoding::Utf16Le,
                true,
            ),
            (
                REPORT,
                utf16(REPORT, true, true),
                TextEncoding::Utf16Be,
                true,
            ),
            (
                REPORT,
                utf16(REPORT, false, false),
                TextEncoding::Utf16Le,
                false,
            ),
            (
                REPORT,
                utf16(REPORT, true, false),
                TextEncoding::Utf16Be,
                false,
            ),
            (REPORT, GBK_REPORT.clone(), TextEncoding::Gbk, false),
            (
                &gb18030,
                encoding_rs::GB18030.encode(&gb18030).0.into_owned(),
                TextEncoding::Gb18030,
                false,
            ),
            (
                traditional,
                encoding_rs::BIG5.encode(traditional).0.into_owned(),
                TextEncoding::Big5,
                false,
            ),
        ];
        for (text, bytes, encoding, bom) in cases {
            let source = SourceFile::from_bytes("t", bytes.clone())
                .unwrap_or_else(|e| panic!("{encoding:?}: {e}"));
            assert_eq!(source.encoding, encoding);
            assert_eq!(source.bom, bom, "{encoding:?}");
            assert_eq!(source.text, text, "{encoding:?}");
            assert_eq!(source.line_ending(), LineEnding::CrLf);
            assert_eq!(source.encode(&source.text).unwrap(), bytes, "{encoding:?}");
        }
    }

    #[test]
    fn a_long_file_is_guessed_from_its_beginning_and_read_whole() {
        let copies = DETECTION_BYTES / GBK_REPORT.len() + 1;
        let tail = "附：𠀀\r\n";
        let text = REPORT.repeat(copies) + tail;
        let mut bytes = GBK_REPORT.repeat(copies);
        bytes.extend(TextEncoding::Gb18030.encode(tail, false).unwrap());
        assert!(bytes.len() > DETECTION_BYTES);
        let source = SourceFile::from_bytes("t", bytes.clone()).unwrap();
        // The four-byte sequence past what chardetng saw makes it GB18030.
        assert_eq!(source.encoding, TextEncoding::Gb18030);
        assert_eq!(source.text, text);
        // A byte GB18030 has no character for, however far in, is refused.
        let mut broken = bytes;
        broken.extend([0x81, 0x20]);
        assert!(SourceFile::from_bytes("t", broken).is_err());
    }

    #[test]
    fn a_character_the_encoding_lacks_is_an_error_not_a_reference() {
        let gbk = SourceFile::from_bytes("t", GBK_REPORT.clone()).unwrap();
        let fixed = gbk.text.replace("总体情况", "总体情况😀");
        let err = gbk.encode(&fixed).unwrap_err();
        assert_eq!(err.ch, '😀');
        assert_eq!(err.offset, fixed.find('😀').unwrap());
        assert_eq!(err.to_string(), "GBK 编码中没有“😀”（U+1F600）这个字符");
        // GB18030 has every character; UTF-16 and UTF-8 too.
        for encoding in [
            TextEncoding::Gb18030,
            TextEncoding::Utf16Le,
            TextEncoding::Utf8,
        ] {
            let bytes = encoding.encode(&fixed, false).unwrap();
            let back = SourceFile::from_bytes("t", bytes).unwrap();
            assert_eq!(back.text, fixed, "{encoding:?}");
        }
        // Simplified characters Big5 does not have.
        let err = TextEncoding::Big5
            .encode("總體情況報告：总体", false)
            .unwrap_err();
        assert_eq!((err.ch, err.offset), ('总', "總體情況報告：".len()));
    }

    #[test]
    fn bytes_in_no_expected_encoding_are_refused() {
        let japanese = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\
            何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。";
        let shift_jis = encoding_rs::SHIFT_JIS.encode(japanese).0.into_owned();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let random: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect();
        for bytes in [shift_jis, random, vec![0xff], b"caf\xe9 cr\xe8me".to_vec()] {
            let err = SourceFile::from_bytes("t", bytes.clone()).unwrap_err();
            assert!(
                matches!(err, DecodeError::UnknownEncoding { .. }),
                "{bytes:?}: {err:?}"
            );
        }
    }

    #[test]
    fn broken_utf16_is_refused_where_it_breaks() {
        let mut bytes = utf16("年报", false, true);
        bytes.extend([0x00, 0xD8, b'a', 0x00]); // a high surrogate alone
        assert_eq!(
            SourceFile::from_bytes("t", bytes).unwrap_err(),
            DecodeError::InvalidUtf16 {
                encoding: TextEncoding::Utf16Le,
                offset: 6
            }
        );
        let mut odd = utf16("年报", true, true);
        odd.push(b'x');
        let err = SourceFile::from_bytes("t", odd).unwrap_err();
        assert_eq!(err.to_string(), "不是有效的 UTF-16BE 文本（第 6 字节处编码无效），请用记事本或 WPS 另存为 UTF-8 后再检查");
        // Only a byte-order mark: an empty text, as Notepad saves one.
        let empty = SourceFile::from_bytes("t", vec![0xFF, 0xFE]).unwrap();
        assert_eq!(
            (empty.text.as_str(), empty.encoding),
            ("", TextEncoding::Utf16Le)
        );
        // Zero bytes on both sides of the code units are not UTF-16.
        assert!(SourceFile::from_bytes("t", vec![0x80, 0, 0, 0x80]).is_err());
    }
}
