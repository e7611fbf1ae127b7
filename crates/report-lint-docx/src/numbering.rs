//! Word's automatic numbering: the "1." and "一、" a reader sees in front
//! of a paragraph that are not in its text runs (`w:numPr` +
//! `numbering.xml`).
//!
//! Counting follows Word: a list's counters belong to its abstract
//! definition, so paragraphs of two `w:num` that share one continue each
//! other's count unless a `w:num` restarts a level with `w:startOverride`
//! (applied when that `w:num` is first used); numbering a level restarts
//! the levels below it.

use crate::xml::Tree;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone)]
struct Level {
    start: i64,
    format: String,
    text: String,
    /// `w:lvlRestart w:val="0"`: this level never restarts.
    never_restarts: bool,
    /// `w:isLgl`: every number shown in decimal.
    legal: bool,
    suffix: Suffix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    starts: HashMap<u8, i64>,
    levels: HashMap<u8, Level>,
}

/// The numbering definitions of a document.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    nums: HashMap<String, Num>,
}

fn read_level(tree: &Tree, lvl: usize) -> Level {
    let val = |local: &str| {
        tree.child_w(lvl, local)
            .and_then(|c| tree.w_attr(c, "val"))
            .map(str::to_string)
    };
    Level {
        start: val("start").and_then(|s| s.parse().ok()).unwrap_or(1),
        format: val("numFmt").unwrap_or_else(|| "decimal".into()),
        text: val("lvlText").unwrap_or_default(),
        never_restarts: val("lvlRestart").as_deref() == Some("0"),
        legal: tree.child_w(lvl, "isLgl").is_some_and(|c| tree.is_on(c)),
        suffix: match val("suff").as_deref() {
            Some("space") => Suffix::Space,
            Some("nothing") => Suffix::Nothing,
            _ => Suffix::Tab,
        },
    }
}

fn level_index(tree: &Tree, lvl: usize) -> Option<u8> {
    tree.w_attr(lvl, "ilvl")
        .and_then(|v| v.parse().ok())
        .filter(|l: &u8| *l < 9)
}

impl Numbering {
    pub fn parse(xml: &str) -> Numbering {
        let Ok(tree) = Tree::parse(xml, |_, _| false) else {
            return Numbering::default();
        };
        let mut numbering = Numbering::default();
        for node in tree.children(tree.root) {
            let e = tree.get(node);
            if e.is_w("abstractNum") {
                let Some(id) = tree.w_attr(node, "abstractNumId") else {
                    continue;
                };
                let levels = tree
                    .children(node)
                    .filter(|&c| tree.get(c).is_w("lvl"))
                    .filter_map(|c| Some((level_index(&tree, c)?, read_level(&tree, c))))
                    .collect();
                numbering.abstracts.insert(id.to_string(), levels);
            } else if e.is_w("num") {
                let Some(id) = tree.w_attr(node, "numId") else {
                    continue;
                };
                let mut num = Num::default();
                for c in tree.children(node) {
                    let child = tree.get(c);
                    if child.is_w("abstractNumId") {
                        num.abstract_id = tree.w_attr(c, "val").unwrap_or_default().to_string();
                    } else if child.is_w("lvlOverride") {
                        let Some(ilvl) = level_index(&tree, c) else {
                            continue;
                        };
                        if let Some(start) = tree
                            .child_w(c, "startOverride")
                            .and_then(|s| tree.w_attr(s, "val"))
                            .and_then(|v| v.parse().ok())
                        {
                            num.starts.insert(ilvl, start);
                        }
                        if let Some(lvl) = tree.child_w(c, "lvl") {
                            num.levels.insert(ilvl, read_level(&tree, lvl));
                        }
                    }
                }
                numbering.nums.insert(id.to_string(), num);
            }
        }
        numbering
    }

    fn level<'a>(&'a self, num: &'a Num, ilvl: u8) -> Option<&'a Level> {
        num.levels
            .get(&ilvl)
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(&ilvl))
    }
}

/// The running counts while a document is read in order.
#[derive(Default)]
pub struct Counters {
    counts: HashMap<String, [Option<i64>; 9]>,
    started: HashSet<String>,
}

impl Counters {
    /// The text Word shows in front of the next paragraph of list `num_id`
    /// at level `ilvl` (with its suffix), or `None` when it shows none.
    pub fn next(&mut self, numbering: &Numbering, num_id: &str, ilvl: u8) -> Option<String> {
        let num = numbering.nums.get(num_id)?;
        let level = numbering.level(num, ilvl)?.clone();
        let counts = self.counts.entry(num.abstract_id.clone()).or_default();
        if self.started.insert(num_id.to_string()) {
            for (&l, &start) in &num.starts {
                counts[l as usize] = Some(start - 1);
            }
        }
        let i = ilvl as usize;
        counts[i] = Some(counts[i].map_or(level.start, |c| c + 1));
        for (deeper, count) in counts.iter_mut().enumerate().skip(i + 1) {
            let keeps = numbering
                .level(num, deeper as u8)
                .is_some_and(|l| l.never_restarts);
            if !keeps {
                *count = None;
            }
        }
        let counts = *counts;
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k @ 1..=9)) => {
                    chars.next();
                    let at = (k - 1) as usize;
                    let Some(of) = numbering.level(num, at as u8) else {
                        continue;
                    };
                    let value = counts[at].unwrap_or(of.start);
                    let format = if level.legal && at < i {
                        "decimal"
                    } else {
                        of.format.as_str()
                    };
                    out.push_str(&format_number(value, format));
                }
                _ => out.push(c),
            }
        }
        if level.format == "bullet" {
            out = "•".into();
        }
        if out.is_empty() {
            return None;
        }
        // Word's tab after "1." is a gap, not a character a reader sees;
        // after a bare number it separates it from the text.
        let ends_in_punctuation = out
            .chars()
            .last()
            .is_some_and(|c| "、.．）)，,:：".contains(c));
        match level.suffix {
            Suffix::Space => out.push(' '),
            Suffix::Tab if !ends_in_punctuation => out.push(' '),
            _ => {}
        }
        Some(out)
    }
}

/// A number in one of Word's formats (`w:numFmt`).
fn format_number(n: i64, format: &str) -> String {
    if n < 0 {
        return n.to_string();
    }
    let n = n as u64;
    match format {
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerLetter" => letters(n).to_lowercase(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => chinese(n, CHINESE_DIGITS, ["十", "百", "千"]),
        "chineseLegalSimplified" | "japaneseLegal" => chinese(n, LEGAL_DIGITS, ["拾", "佰", "仟"]),
        "ideographTraditional" if (1..=10).contains(&n) => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth(n as usize - 1)
            .map(String::from)
            .unwrap_or_default(),
        "ideographZodiac" if (1..=12).contains(&n) => "子丑寅卯辰巳午未申酉戌亥"
            .chars()
            .nth(n as usize - 1)
            .map(String::from)
            .unwrap_or_default(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n as u32 - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32('⑴' as u32 + n as u32 - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32('⒈' as u32 + n as u32 - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "none" | "bullet" => String::new(),
        _ => n.to_string(),
    }
}

const CHINESE_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const LEGAL_DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];

/// 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (below 10 000;
/// larger numbers are written in digits, as no list reaches them).
fn chinese(n: u64, digits: [&str; 10], units: [&str; 3]) -> String {
    if n == 0 {
        return digits[0].into();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [(n / 1000) % 10, (n / 100) % 10, (n / 10) % 10, n % 10];
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in parts.iter().enumerate() {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push_str(digits[0]);
            zero = false;
        }
        // 十一 rather than 一十一 when the tens lead.
        if !(i == 2 && d == 1 && out.is_empty() && digits[1] == "一") {
            out.push_str(digits[d as usize]);
        }
        if i < 3 {
            out.push_str(units[2 - i]);
        }
    }
    out
}

fn roman(mut n: u64) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, text) in table {
        while n >= value {
            out.push_str(text);
            n -= value;
        }
    }
    out
}

/// A, B, … Z, AA, BB, … as Word writes them.
fn letters(n: u64) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = (b'A' + ((n - 1) % 26) as u8) as char;
    letter.to_string().repeat(((n - 1) / 26 + 1) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words_formats() {
        let cases = [
            (1, "chineseCounting", "一"),
            (10, "chineseCounting", "十"),
            (11, "chineseCounting", "十一"),
            (20, "chineseCountingThousand", "二十"),
            (105, "chineseCounting", "一百零五"),
            (3, "chineseLegalSimplified", "叁"),
            (2, "ideographTraditional", "乙"),
            (12, "decimalFullWidth", "１２"),
            (3, "decimalEnclosedCircle", "③"),
            (4, "lowerRoman", "iv"),
            (28, "upperLetter", "BB"),
            (7, "decimalZero", "07"),
            (7, "decimal", "7"),
        ];
        for (n, format, expected) in cases {
            assert_eq!(format_number(n, format), expected, "{n} {format}");
        }
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

    #[test]
    fn counts_like_word() {
        let numbering = Numbering::parse(NUMBERING);
        let mut c = Counters::default();
        let mut next = |num: &str, lvl: u8| c.next(&numbering, num, lvl);
        assert_eq!(next("1", 0).as_deref(), Some("一、"));
        assert_eq!(next("2", 0).as_deref(), Some("1."));
        assert_eq!(next("2", 1).as_deref(), Some("（1）"));
        assert_eq!(next("2", 1).as_deref(), Some("（2）"));
        assert_eq!(next("2", 0).as_deref(), Some("2."));
        // A level restarts under its parent.
        assert_eq!(next("2", 1).as_deref(), Some("（1）"));
        assert_eq!(next("1", 0).as_deref(), Some("二、"));
        // A second list of the same definition continues it...
        assert_eq!(next("4", 0).as_deref(), Some("3."));
        // ...unless it restarts.
        assert_eq!(next("3", 0).as_deref(), Some("1."));
        assert_eq!(next("3", 0).as_deref(), Some("2."));
        assert_eq!(next("9", 0), None);
    }
}
