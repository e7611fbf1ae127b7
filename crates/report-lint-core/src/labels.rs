//! Matching what a report wrote against the template's wording: ordinals are
//! split off, spaces, quotes and punctuation ignored, and small misprints
//! tolerated so that a misprinted label is still recognised (and can be
//! reported as a misprint rather than a missing row).

/// A label split into its leading ordinals and the words after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitLabel {
    /// `一、` → 1
    pub top: Option<u32>,
    /// `（三）` → 3
    pub paren: Option<u32>,
    /// `2.` / `2、` / `(2)` → (2, byte range of the digits within the input)
    pub sub: Option<(u32, std::ops::Range<usize>)>,
    /// Byte offset in the input where the words after the ordinals start.
    pub words_start: usize,
    /// The words, as a comparison key (see [`key`]).
    pub key: String,
}

pub fn chinese_numeral(c: char) -> Option<u32> {
    "一二三四五六七八九十"
        .chars()
        .position(|d| d == c)
        .map(|i| i as u32 + 1)
}

/// The comparison key of a label: whitespace, quotes and punctuation removed,
/// and the word-level conversion 档案→文件 undone (mirror sites turn
/// 规范性文件 into 規範性檔案).
pub fn key(text: &str) -> String {
    let mut k = String::with_capacity(text.len());
    // Keys are computed for every cell: note on the way whether the rare
    // characters of the two words below are there, and copy runs of kept
    // characters rather than each one.
    let mut rare = false;
    let mut run = 0;
    for (i, c) in text.char_indices() {
        if is_key_skip(c) {
            k.push_str(&text[run..i]);
            run = i + c.len_utf8();
        } else {
            rare |= matches!(c, '档' | '覆');
        }
    }
    k.push_str(&text[run..]);
    // Word-level zh-TW conversions of mirror sites, undone for comparison.
    if rare {
        for (tw, cn) in [("档案", "文件"), ("反覆", "反复")] {
            if k.contains(tw) {
                k = k.replace(tw, cn);
            }
        }
    }
    k
}

/// `char::is_whitespace`, without its table lookup for the characters
/// labels are made of (no whitespace comes after U+3000).
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
    } else {
        (c as u32) <= 0x3000 && c.is_whitespace()
    }
}

/// Characters a label key leaves out: white space and punctuation.
pub(crate) fn is_key_skip(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            '、' | ','
                | '，'
                | '.'
                | '。'
                | ':'
                | '：'
                | ';'
                | '；'
                | '“'
                | '”'
                | '"'
                | '\''
                | '‘'
                | '’'
                | '('
                | ')'
                | '（'
                | '）'
                | '【'
                | '】'
                | '「'
                | '」'
                | '*'
                | '#'
                | '|'
                | '．'
        )
}

/// Splits `三、本年度办理结果`, `(三)不予公开`, `1.属于国家秘密`, `（2）重复申请`.
pub fn split(text: &str) -> SplitLabel {
    let (top, paren, sub, rest) = ordinals(text);
    // Words start after any spaces following the ordinals.
    let words_start = text.len() - rest.trim_start().len();
    SplitLabel {
        top,
        paren,
        sub,
        words_start,
        key: key(rest),
    }
}

/// Whether `text` starts with a sub-row number (`2.`, `2、`, `(2)`):
/// [`split`]'s `sub`, without the key it makes of the words. The table
/// readers ask it of every cell.
pub fn has_sub_number(text: &str) -> bool {
    ordinals(text).2.is_some()
}

/// A part ordinal, a parenthesised one, a sub-row number (as in
/// [`SplitLabel`]) and the text after them.
type Ordinals<'a> = (
    Option<u32>,
    Option<u32>,
    Option<(u32, std::ops::Range<usize>)>,
    &'a str,
);

fn ordinals(text: &str) -> Ordinals<'_> {
    let mut rest = text.trim_start();
    let mut offset = text.len() - rest.len();
    let mut top = None;
    let mut paren = None;
    let mut sub = None;

    let mut chars = rest.char_indices();
    if let Some((_, c)) = chars.next() {
        if let Some(n) = chinese_numeral(c) {
            if let Some((i, d)) = chars.next() {
                if matches!(d, '、' | '.' | '．' | ',') {
                    top = Some(n);
                    let skip = i + d.len_utf8();
                    rest = &rest[skip..];
                    offset += skip;
                }
            }
        }
    }
    let trimmed = rest.trim_start();
    offset += rest.len() - trimmed.len();
    rest = trimmed;
    let open = rest.chars().next().filter(|c| matches!(c, '(' | '（'));
    if let Some(inner) = open.map(|c| &rest[c.len_utf8()..]) {
        let open_len = rest.len() - inner.len();
        if let Some(close) = inner.find([')', '）']) {
            let close_len = inner[close..].chars().next().map_or(1, char::len_utf8);
            let body = inner[..close].trim();
            let mut cs = body.chars();
            if let (Some(c), None) = (cs.next(), cs.next()) {
                if let Some(n) = chinese_numeral(c) {
                    paren = Some(n);
                    let skip = open_len + close + close_len;
                    rest = &rest[skip..];
                    offset += skip;
                }
            }
            if paren.is_none() && !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
                let start = offset + open_len + (inner.len() - inner.trim_start().len());
                sub = body.parse().ok().map(|n| (n, start..start + body.len()));
                let skip = open_len + close + close_len;
                rest = &rest[skip..];
                offset += skip;
            }
        }
    }
    if sub.is_none() {
        let trimmed = rest.trim_start();
        offset += rest.len() - trimmed.len();
        rest = trimmed;
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits <= 3 {
            let after = &rest[digits..];
            if let Some(d) = after
                .chars()
                .next()
                .filter(|d| matches!(d, '.' | '、' | '．' | ','))
            {
                // "1.5" is a number, not a numbered label.
                if !after[d.len_utf8()..].starts_with(|c: char| c.is_ascii_digit()) {
                    sub = rest[..digits]
                        .parse()
                        .ok()
                        .map(|n| (n, offset..offset + digits));
                    rest = &after[d.len_utf8()..];
                }
            }
        }
    }
    (top, paren, sub, rest)
}

/// The candidate whose key is closest to `found`, if it is close enough
/// (see [`close_enough`]). Choosing the best candidate first keeps
/// "上年结转…" from matching "本年新收…" three edits away.
pub fn best_match<'a, T: Copy>(
    found: &str,
    candidates: impl IntoIterator<Item = (&'a str, T)>,
) -> Option<(T, bool)> {
    let candidates: Vec<(&str, T)> = candidates.into_iter().collect();
    // Most labels are written exactly: no distance to compute.
    if let Some((_, value)) = candidates.iter().find(|(c, _)| *c == found) {
        return Some((*value, true));
    }
    // Most other cells are far from every label: when no candidate is long
    // enough and within three characters of the length (what close_enough
    // requires), the answer is None whichever would be closest.
    let found_chars = found.chars().count();
    let found_bits = char_bits(found);
    let could_be_close = |c: &str| {
        let n = c.chars().count();
        n >= 5
            && n.abs_diff(found_chars) <= 3
            && distance_lower_bound(found_bits, char_bits(c)) <= allowed_edits(n)
    };
    if !candidates.iter().any(|(c, _)| could_be_close(c)) {
        return None;
    }
    let mut best: Option<(f64, &str, T)> = None;
    for (canonical, value) in candidates {
        // The distance is at least the difference in length and at least
        // the characters one has that the other lacks, which bounds the
        // similarity from above: skip a candidate that cannot beat the best
        // so far without measuring it.
        let (n, lower) = (
            canonical.chars().count(),
            distance_lower_bound(found_bits, char_bits(canonical)),
        );
        let longer = found_chars.max(n).max(1);
        let bound = similarity_bound(found_chars, n).min(1.0 - lower as f64 / longer as f64);
        if best.is_some_and(|(b, _, _)| bound <= b) {
            continue;
        }
        let score = similarity(found, canonical);
        if best.is_none_or(|(b, _, _)| score > b) {
            best = Some((score, canonical, value));
        }
    }
    let (_, canonical, value) = best?;
    close_enough(found, canonical).then_some((value, found == canonical))
}

/// Whether the key `found` is a misprint of the template's `canonical` key:
/// not the same, but [`close_enough`], or — for the short column names of
/// the table headers (`结果维持`, `尚未审结`) — one character replaced in a
/// word of at least four. Words of two or three characters are never called
/// misprints: `其它` for `其他` is a variant, not a slip.
pub fn is_misprint_of(found: &str, canonical: &str) -> bool {
    // Keys of very different lengths are never a slip of each other.
    if found == canonical || found.len().abs_diff(canonical.len()) > 3 * 4 {
        return false;
    }
    if close_enough(found, canonical) {
        return true;
    }
    let n = canonical.chars().count();
    n >= 4
        && found.chars().count() == n
        && found
            .chars()
            .zip(canonical.chars())
            .filter(|(a, b)| a != b)
            .count()
            == 1
}

/// The most [`similarity`] two keys of these lengths (in characters) can
/// have: their distance is at least the difference in length. Cheap enough
/// to rule candidates out before measuring them.
pub fn similarity_bound(a_chars: usize, b_chars: usize) -> f64 {
    1.0 - a_chars.abs_diff(b_chars) as f64 / a_chars.max(b_chars).max(1) as f64
}

/// Similarity of two keys in [0, 1]: one minus their edit distance over
/// the longer one's length, in characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    let longer = a.chars().count().max(b.chars().count());
    if longer == 0 {
        return 1.0;
    }
    1.0 - distance(a, b) as f64 / longer as f64
}

/// How many edits [`close_enough`] allows a label of `n` characters.
fn allowed_edits(n: usize) -> usize {
    if n >= 12 {
        3
    } else {
        2
    }
}

/// The characters of a key as a 64-bit set: each character sets one bit
/// chosen by a hash of it.
fn char_bits(key: &str) -> u64 {
    key.chars().fold(0, |bits, c| {
        bits | 1 << (u32::from(c).wrapping_mul(0x9E37_79B1) >> 26)
    })
}

/// A lower bound of the edit distance of two keys from their
/// [`char_bits`]: a bit only one of them has stands for at least one
/// character the other lacks, and each such character costs an edit.
fn distance_lower_bound(a: u64, b: u64) -> usize {
    (a & !b).count_ones().max((b & !a).count_ones()) as usize
}

/// The Levenshtein distance of two keys, in characters (bit-parallel: a
/// few machine words per character for labels this short).
fn distance(a: &str, b: &str) -> usize {
    rapidfuzz::distance::levenshtein::distance(a.chars(), b.chars())
}

/// Whether `found` is the template's `canonical` key with at most a small
/// misprint: an exact match, or a close one for labels long enough that a
/// one- or two-character slip cannot turn one label into another.
pub fn close_enough(found: &str, canonical: &str) -> bool {
    if found == canonical {
        return true;
    }
    let n = canonical.chars().count();
    let found_chars = found.chars().count();
    let allowed = allowed_edits(n);
    // The edit distance is at least the difference in length, and at least
    // the characters one has that the other lacks, and at most three edits
    // are allowed: most candidates end here, unmeasured.
    if n < 5
        || found_chars.abs_diff(n) > 3
        || distance_lower_bound(char_bits(found), char_bits(canonical)) > allowed
    {
        return false;
    }
    let distance = distance(found, canonical);
    // The similarity of `similarity`, from the distance already measured.
    let similarity = 1.0 - distance as f64 / n.max(found_chars) as f64;
    distance <= allowed && similarity >= 0.75
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_are_unicode_whitespace() {
        for c in (0..=0x3100u32)
            .filter_map(char::from_u32)
            .chain(['甲', '𠀀'])
        {
            assert_eq!(is_space(c), c.is_whitespace(), "{c:?}");
        }
        assert_eq!(key(" （一）予以\u{3000}公开：\t"), "一予以公开");
    }

    #[test]
    fn splits_ordinals() {
        let s = split("三、 本年 度办 理结 果");
        assert_eq!(
            (s.top, s.paren, s.sub.clone(), s.key.as_str()),
            (Some(3), None, None, "本年度办理结果")
        );
        let s = split("(三)不予公开");
        assert_eq!(
            (s.paren, s.key.as_str(), s.words_start),
            (Some(3), "不予公开", 5)
        );
        let s = split("1.属于国家秘密");
        assert_eq!(
            (s.sub.clone(), s.key.as_str()),
            (Some((1, 0..1)), "属于国家秘密")
        );
        let s = split("(六) 12、其他");
        assert_eq!(
            (s.paren, s.sub.clone(), s.key.as_str()),
            (Some(6), Some((12, 6..8)), "其他")
        );
        let s = split("(2)重复申请");
        assert_eq!(
            (s.sub.clone(), s.key.as_str()),
            (Some((2, 1..2)), "重复申请")
        );
        assert_eq!(split("1.5").sub, None);
        assert_eq!(split("3.危及\"三安全一稳定\"").key, "危及三安全一稳定");
    }

    #[test]
    fn tolerates_small_misprints_only() {
        assert!(close_enough(
            "其他法律行政止公开",
            "其他法律行政法规禁止公开"
        ));
        assert!(!close_enough("重复申请", "重复申报"));
        assert!(!close_enough("属于国家秘密", "属于行政查询事项"));
        assert_eq!(key("行政规范性档案"), "行政规范性文件");
    }

    #[test]
    fn the_lower_bound_never_exceeds_the_distance() {
        let keys = [
            "本年新收政府信息公开申请数量",
            "上年结转政府信息公开申请数量",
            "本年新收政府信公开申请数",
            "其他法律行政止公开",
            "其他法律行政法规禁止公开",
            "重复申请",
            "属于国家秘密",
            "",
            "abc123",
            "𠀀𠀁",
        ];
        for a in keys {
            for b in keys {
                let lower = distance_lower_bound(char_bits(a), char_bits(b));
                assert!(lower <= distance(a, b), "{a} / {b}");
            }
        }
        assert_eq!(
            distance_lower_bound(char_bits("重复申请"), char_bits("重复申请")),
            0
        );
        assert!(distance_lower_bound(char_bits("属于国家秘密"), char_bits("其他处理")) >= 3);
    }

    #[test]
    fn header_misprints_are_single_slips_of_long_enough_words() {
        assert!(is_misprint_of("结果维护", "结果维持"));
        assert!(is_misprint_of("未经复议直接起述", "未经复议直接起诉"));
        assert!(!is_misprint_of("结果维持", "结果维持"));
        assert!(!is_misprint_of("结果纠正", "结果维持"));
        assert!(!is_misprint_of("其它", "其他"));
        assert!(!is_misprint_of("合计", "总计"));
    }
}
