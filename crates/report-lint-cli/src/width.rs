//! Terminal column widths, close enough to size windows and table columns.
//! (codespan-reporting measures exactly when it draws carets.)

/// East Asian wide and full-width characters take two columns.
pub fn char_width(c: char) -> usize {
    match u32::from(c) {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
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
    }
}
