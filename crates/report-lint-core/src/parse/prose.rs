//! Numbers written in the prose: counts ("予以公开3件") and percentages
//! ("占比23.07%"), with the words in front of them.

use crate::normalize::Normalized;
use crate::report::{Paragraph, PercentClaim, ProseNumber};
use crate::source::Span;
use crate::value::Decimal;
use regex::Regex;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+(?:\.\d+)?)\s*(?:余|多)?\s*(%|件次|件|条|个|项|次|人次|家|份|篇|期|场)")
        .expect("valid regex")
});

/// The units of [`NUMBER`], two-character ones first.
const UNITS: [&str; 13] = [
    "件次", "人次", "%", "件", "条", "个", "项", "次", "家", "份", "篇", "期", "场",
];

/// A match of [`NUMBER`] split into its two groups without the cost of
/// the regex's capture engine: it ends with its unit (`件次` and `人次`
/// rather than `次`, as the character before a unit is a digit or a
/// space), and the figure is what precedes the unit, less the spaces.
/// A figure written with 余 or 多 before its unit ("8300余条") is
/// approximate: the third value is true.
fn split_number(m: &str) -> Option<(&str, &str, bool)> {
    let unit = UNITS.iter().find(|u| m.ends_with(*u))?;
    let figure = m[..m.len() - unit.len()].trim_end();
    match figure.strip_suffix(['余', '多']) {
        Some(exact) => Some((exact.trim_end(), unit, true)),
        None => Some((figure, unit, false)),
    }
}

/// Where a clause starts: the words in front of a number stop here.
fn is_clause_break(c: char) -> bool {
    matches!(c, ',' | ';' | '。' | '、' | ':' | '(' | ')' | '!' | '?')
}

/// How far back the words in front of a number are looked for.
const MAX_SUBJECT_BYTES: usize = 240;

/// How far (in characters) a percentage may stand from the count it is the
/// share of: "3件，占比23.07%" has 3 characters between them.
const MAX_COUNT_TO_PERCENT: usize = 8;

/// Whether `text` has an ASCII digit. Tested 32 bytes at a time with no
/// exit inside a block, which the compiler turns into vector compares: a
/// byte-by-byte search was most of this module's time.
fn has_ascii_digit(text: &str) -> bool {
    text.as_bytes()
        .chunks(32)
        .any(|block| block.iter().fold(false, |any, b| any | b.is_ascii_digit()))
}

/// A number written with thousands separators that the figure at
/// `at..end` of `text` ends ("1,038件": the figure `038`): where it starts,
/// and its digits without the commas ([`crate::value::ungrouped`]). `None`
/// when no comma stands right before the figure, or the digits and commas
/// before it do not make such a number with it.
fn grouped(text: &str, at: usize, end: usize) -> Option<(usize, String)> {
    let before = text[..at].strip_suffix(',')?;
    let start = before
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == ',')
        .len();
    Some((start, crate::value::ungrouped(&text[start..end])?))
}

pub fn read_numbers(
    view: &Normalized,
    source: &str,
    paragraphs: &[Paragraph],
) -> (Vec<ProseNumber>, Vec<ProseNumber>, Vec<PercentClaim>) {
    let mut numbers = Vec::new();
    let mut approximate = Vec::new();
    let mut percents = Vec::new();
    for (index, p) in paragraphs.iter().enumerate() {
        let text = p.text.as_str();
        // A figure without an ASCII digit is never read (`Decimal::parse`):
        // most paragraphs have none and skip the search.
        if !has_ascii_digit(text) {
            continue;
        }
        let base = p.view_start;
        let mut last_count: Option<(usize, ProseNumber)> = None;
        for m in NUMBER.find_iter(text) {
            let Some((figure, unit, is_approximate)) = split_number(m.as_str()) else {
                continue;
            };
            let mut digits = m.start()..m.start() + figure.len();
            // "1,038件" is 1038 things when its commas are ASCII ones, the
            // thousands separators of a number. The view folds "，" to ","
            // too, and "分别为12，125件" may be two figures: then neither is
            // read.
            let grouped = grouped(text, digits.start, digits.end).map(|(start, whole)| {
                let commas = text[start..digits.start].match_indices(',').all(|(i, _)| {
                    let at = view.to_source(Span::new(base + start + i, base + start + i + 1));
                    source.get(at.start..at.end) == Some(",")
                });
                (start, whole, commas)
            });
            let figure: std::borrow::Cow<'_, str> = match grouped {
                Some((_, _, false)) => continue,
                Some((start, whole, true)) => {
                    digits.start = start;
                    whole.into()
                }
                None => figure.into(),
            };
            // A digit run glued to a letter, digit or dot is part of something else.
            if text[..digits.start].ends_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '.') {
                continue;
            }
            // Nor is a figure after another one and a space: `申请<span>4</span>
            // <span>8</span>件` is shown as “4 8件”, which is not 8 of anything.
            if text[..digits.start].strip_suffix(' ').is_some_and(|b| {
                b.trim_end_matches(' ')
                    .ends_with(|ch: char| ch.is_ascii_digit())
            }) {
                continue;
            }
            let Some(value) = Decimal::parse(&figure) else {
                continue;
            };
            let unit = unit.to_string();
            let at = digits.start..m.end();
            let span = view.to_source(Span::new(base + digits.start, base + digits.end));
            // The words before a number are a short phrase: look back a
            // bounded stretch so a huge line without punctuation stays linear.
            let window = text.floor_char_boundary(digits.start.saturating_sub(MAX_SUBJECT_BYTES));
            let before = &text[window..digits.start];
            let clause_start = before
                .char_indices()
                .rev()
                .find(|(_, ch)| is_clause_break(*ch))
                .map_or(0, |(i, ch)| i + ch.len_utf8());
            let subject = before[clause_start..].trim().to_string();
            if is_approximate {
                // "30余%" says nothing exact; "8300余条" only a lower bound.
                if unit != "%" {
                    approximate.push(ProseNumber {
                        span,
                        at,
                        value,
                        unit,
                        subject,
                        paragraph: index,
                        approximate: true,
                    });
                }
                continue;
            }
            if unit == "%" {
                let count = last_count.take().and_then(|(end, n)| {
                    let between = &text[end..digits.start];
                    let close = between.chars().count() <= MAX_COUNT_TO_PERCENT
                        && !between.contains(['。', ';']);
                    close.then_some(n)
                });
                percents.push(PercentClaim {
                    span,
                    at,
                    value,
                    subject,
                    count,
                    paragraph: index,
                });
                continue;
            }
            let n = ProseNumber {
                span,
                at: at.clone(),
                value,
                unit,
                subject,
                paragraph: index,
                approximate: false,
            };
            last_count = Some((at.end, n.clone()));
            numbers.push(n);
        }
    }
    (numbers, approximate, percents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_numbers_agree_with_the_regex_groups() {
        let text =
            "予以公开3件次，占比23.08%。共12 人次、4.5\u{3000}件、7次、\u{663}3件、1.件、2件次次。";
        let mut n = 0;
        for c in NUMBER.captures_iter(text) {
            let whole = c.get(0).expect("match").as_str();
            assert_eq!(split_number(whole), Some((&c[1], &c[2], false)), "{whole}");
            n += 1;
        }
        assert_eq!(n, 7);
    }

    #[test]
    fn finds_digits_anywhere_in_long_texts() {
        let long = "文a".repeat(30);
        assert!(!has_ascii_digit(&long));
        assert!(!has_ascii_digit(""));
        assert!(!has_ascii_digit("\u{663}"));
        // Either side of the 32-byte blocks, and at both ends.
        for at in [0, 3, 28, 32, 36, 64, long.len()] {
            let mut text = long.clone();
            text.insert(at, '7');
            assert!(has_ascii_digit(&text), "digit at {at}");
        }
    }

    #[test]
    fn a_figure_after_another_and_a_space_is_not_read() {
        let report = crate::parse_str(
            "a.html",
            "<p>一、总体情况</p><p>全年收到申请<span>4</span>\n<span>8</span>件，办结 12 件。</p>",
        );
        let counts: Vec<String> = report.numbers.iter().map(|n| n.value.to_string()).collect();
        assert_eq!(counts, ["12"], "{:?}", report.paragraphs);
    }

    #[test]
    fn a_figure_with_thousands_separators_is_read_whole_when_they_are_ascii_commas() {
        let counts = |body: &str| -> Vec<(String, String)> {
            let report = crate::parse_str("a.txt", &format!("一、总体情况\n{body}\n"));
            report
                .numbers
                .iter()
                .map(|n| (n.value.to_string(), report.text(n.span).to_string()))
                .collect()
        };
        let pair = |v: &str, t: &str| (v.to_string(), t.to_string());
        assert_eq!(counts("全年收到申请1,038件。"), [pair("1038", "1,038")]);
        assert_eq!(
            counts("答复12,345,678件。"),
            [pair("12345678", "12,345,678")]
        );
        // A full-width comma may part two figures ("分别为12，125件"): the
        // view folds it to ",", so the source tells; neither is read.
        assert!(counts("收到和办结分别为12，125件。").is_empty());
        assert!(counts("全年收到申请1，038件。").is_empty());
        // Not three digits after the comma, or a first group of four: as before.
        assert_eq!(counts("分别为1,25件。"), [pair("25", "25")]);
        assert_eq!(counts("编号1234,567件。"), [pair("567", "567")]);
    }

    #[test]
    fn figures_with_yu_or_duo_are_approximate() {
        assert_eq!(split_number("8300余条"), Some(("8300", "条", true)));
        assert_eq!(split_number("30 多件"), Some(("30", "件", true)));
        assert_eq!(split_number("152条"), Some(("152", "条", false)));
    }
}
