//! Numbers written in the prose: counts ("予以公开3件") and percentages
//! ("占比23.07%"), with the words in front of them.

use crate::normalize::Normalized;
use crate::report::{Paragraph, PercentClaim, ProseNumber};
use crate::source::Span;
use crate::value::Decimal;
use regex::Regex;
use std::sync::LazyLock;

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+(?:\.\d+)?)\s*(%|件次|件|条|个|项|次|人次|家|份|篇|期|场)")
        .expect("valid regex")
});

/// Where a clause starts: the words in front of a number stop here.
fn is_clause_break(c: char) -> bool {
    matches!(c, ',' | ';' | '。' | '、' | ':' | '(' | ')' | '!' | '?')
}

/// How far back the words in front of a number are looked for.
const MAX_SUBJECT_BYTES: usize = 240;

/// How far (in characters) a percentage may stand from the count it is the
/// share of: "3件，占比23.07%" has 3 characters between them.
const MAX_COUNT_TO_PERCENT: usize = 8;

pub fn read_numbers(
    view: &Normalized,
    paragraphs: &[Paragraph],
) -> (Vec<ProseNumber>, Vec<PercentClaim>) {
    let mut numbers = Vec::new();
    let mut percents = Vec::new();
    for (index, p) in paragraphs.iter().enumerate() {
        let text = p.text.as_str();
        let base = p.view_start;
        let mut last_count: Option<(usize, ProseNumber)> = None;
        for c in NUMBER.captures_iter(text) {
            let digits = c.get(1).expect("group");
            // A digit run glued to a letter, digit or dot is part of something else.
            if text[..digits.start()].ends_with(|ch: char| ch.is_ascii_alphanumeric() || ch == '.')
            {
                continue;
            }
            let Some(value) = Decimal::parse(digits.as_str()) else {
                continue;
            };
            let unit = c[2].to_string();
            let at = digits.start()..c.get(0).expect("match").end();
            let span = view.to_source(Span::new(base + digits.start(), base + digits.end()));
            // The words before a number are a short phrase: look back a
            // bounded stretch so a huge line without punctuation stays linear.
            let window = text.floor_char_boundary(digits.start().saturating_sub(MAX_SUBJECT_BYTES));
            let before = &text[window..digits.start()];
            let clause_start = before
                .char_indices()
                .rev()
                .find(|(_, ch)| is_clause_break(*ch))
                .map_or(0, |(i, ch)| i + ch.len_utf8());
            let subject = before[clause_start..].trim().to_string();
            if unit == "%" {
                let count = last_count.take().and_then(|(end, n)| {
                    let between = &text[end..digits.start()];
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
            };
            last_count = Some((at.end, n.clone()));
            numbers.push(n);
        }
    }
    (numbers, percents)
}
