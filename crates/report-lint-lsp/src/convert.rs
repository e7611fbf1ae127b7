//! Byte offsets ↔ LSP positions, in the encoding negotiated with the client.
//!
//! Positions are computed on the document's rope (with the line breaks LSP
//! counts: `\n`, `\r\n`, `\r`). Every conversion clamps: a position past the
//! end of its line means the end of the line (as LSP specifies), a line past
//! the end means the end of the text, and an offset inside a character means
//! that character's start. Nothing here can panic on client data.

use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

/// How `Position::character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Encoding {
    Utf8,
    /// The LSP default, which every client supports.
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 if the client offers it (our spans are UTF-8 bytes already),
    /// otherwise UTF-16.
    pub(crate) fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub(crate) fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The position of byte `offset` of `rope`.
pub(crate) fn position(rope: &Rope, offset: usize, encoding: Encoding) -> Position {
    let char_idx = rope.byte_to_char(offset.min(rope.len_bytes()));
    let line = rope.char_to_line(char_idx);
    let line_start = rope.line_to_char(line);
    let column = match encoding {
        Encoding::Utf8 => rope.char_to_byte(char_idx) - rope.char_to_byte(line_start),
        Encoding::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(line_start),
    };
    Position::new(saturate(line), saturate(column))
}

/// The byte offset of `position` in `rope`, clamped (see the module docs).
pub(crate) fn offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_char(line);
    let end = start + content_chars(rope.line(line));
    let column = position.character as usize;
    let char_idx = match encoding {
        Encoding::Utf8 => {
            let byte = rope
                .char_to_byte(start)
                .saturating_add(column)
                .min(rope.char_to_byte(end));
            rope.byte_to_char(byte)
        }
        Encoding::Utf16 => {
            let unit = rope
                .char_to_utf16_cu(start)
                .saturating_add(column)
                .min(rope.char_to_utf16_cu(end));
            rope.utf16_cu_to_char(unit)
        }
    };
    rope.char_to_byte(char_idx)
}

/// Chars of a line without its line break.
fn content_chars(line: RopeSlice) -> usize {
    let mut n = line.len_chars();
    if n > 0 && line.char(n - 1) == '\n' {
        n -= 1;
    }
    if n > 0 && line.char(n - 1) == '\r' {
        n -= 1;
    }
    n
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "一、总体\r\n𠀀1.其他\rx\n";

    #[test]
    fn columns_follow_the_encoding() {
        let rope = Rope::from_str(TEXT);
        let at = TEXT.find("1.").unwrap();
        assert_eq!(position(&rope, at, Encoding::Utf16), Position::new(1, 2));
        assert_eq!(position(&rope, at, Encoding::Utf8), Position::new(1, 4));
        assert_eq!(offset(&rope, Position::new(1, 2), Encoding::Utf16), at);
        assert_eq!(offset(&rope, Position::new(1, 4), Encoding::Utf8), at);
        // A lone \r ends a line too.
        assert_eq!(
            position(&rope, TEXT.find('x').unwrap(), Encoding::Utf16),
            Position::new(2, 0)
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let rope = Rope::from_str(TEXT);
        let line_end = TEXT.find("\r\n").unwrap();
        let cases = [
            (Position::new(0, 99), Encoding::Utf16, line_end),
            (Position::new(0, 99), Encoding::Utf8, line_end),
            (Position::new(99, 0), Encoding::Utf16, TEXT.len()),
            (
                Position::new(u32::MAX, u32::MAX),
                Encoding::Utf8,
                TEXT.len(),
            ),
            // Inside the surrogate pair of 𠀀, or inside a UTF-8 sequence: the char's start.
            (
                Position::new(1, 1),
                Encoding::Utf16,
                TEXT.find('𠀀').unwrap(),
            ),
            (Position::new(0, 2), Encoding::Utf8, 0),
        ];
        for (pos, encoding, expected) in cases {
            assert_eq!(
                offset(&rope, pos, encoding),
                expected,
                "{pos:?} {encoding:?}"
            );
        }
        assert_eq!(
            position(&rope, usize::MAX, Encoding::Utf16),
            Position::new(3, 0)
        );
    }

    #[test]
    fn every_offset_round_trips() {
        let rope = Rope::from_str(TEXT);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            // The \n of a \r\n has no position of its own.
            for (at, _) in TEXT.char_indices().filter(|(_, c)| *c != '\n') {
                assert_eq!(
                    offset(&rope, position(&rope, at, encoding), encoding),
                    at,
                    "{at} {encoding:?}"
                );
            }
        }
    }

    #[test]
    fn prefers_utf8_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
