//! Terminal column widths, to size excerpt windows and table columns: the
//! Unicode East Asian Width property through `unicode-width`, the table
//! codespan-reporting also measures its carets with.

use unicode_width::UnicodeWidthChar;

/// Wide and full-width characters take two columns. Every character takes
/// at least one: zero-width and control characters too, so that a window
/// of N columns holds at most N characters whatever the text (the excerpt
/// code reads at most `SCAN_BYTES` on that promise).
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(1).max(1)
}

pub fn str_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_full_width_are_wide() {
        assert_eq!(str_width("B001"), 4);
        assert_eq!(str_width("总计（一）"), 10);
        assert_eq!(str_width("１2"), 3);
        assert_eq!(str_width("〔2021〕30号"), 12);
    }

    #[test]
    fn no_character_is_narrower_than_one_column() {
        for c in ['\u{200B}', '\u{0301}', '\t', '\0', '\u{FEFF}'] {
            assert_eq!(char_width(c), 1, "{c:?}");
        }
    }
}
