//! Title, agency, report year, publication date and stated statistics period.

use super::cells::lines;
use crate::normalize::Normalized;
use crate::report::{Date, Meta, Spanned, StatedPeriod};
use crate::source::Span;
use regex::Regex;
use std::sync::LazyLock;

static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([^\s|《》<>,，。:：]{0,40}?)(\d{4})\s*年度?\s*(政府信息公开工作年度报告|政务公开工作年度报告|政府信息公开年度报告)").expect("valid regex")
});
static DATE_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(发布日期|发文日期|发布时间|公开日期|成文日期)\s*[:：]?\s*\|?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})").expect("valid regex")
});
// Between a day and its 日 a stray quotation mark is let pass: text in a
// PDF's content order (`pdftotext -raw`) puts the glyphs of another font
// where that font's run ends ("31 “" / "日。").
static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"统计(?:期限|时间|时限|区间|周期|期间)?[^。\n]{0,20}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})[\s“”]*日\s*(?:起)?\s*(?:至|到|—|-|~|－)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})[\s“”]*日").expect("valid regex")
});

fn date(y: &str, m: &str, d: &str) -> Option<Date> {
    let date = Date {
        year: y.parse().ok()?,
        month: m.parse().ok()?,
        day: d.parse().ok()?,
    };
    ((1..=12).contains(&date.month) && (1..=31).contains(&date.day)).then_some(date)
}

/// `first_heading` bounds the search for the title: it is in the page header
/// or the preamble, never in the body.
pub fn read_meta(view: &Normalized, first_heading: usize) -> Meta {
    let text = view.text.as_str();
    let mut meta = Meta::default();
    let head = Span::new(0, first_heading.min(text.len()));
    // Prefer a line that is only the title; fall back to a title quoted in a sentence.
    let mut best: Option<(bool, usize)> = None;
    for line in lines(text, head) {
        let s = &text[line.start..line.end];
        // Every title ends in 年度报告: a substring search rules out the
        // other lines far faster than the regex's automaton.
        if !s.contains("年度报告") {
            continue;
        }
        if let Some(whole) = TITLE.find(s) {
            let alone = s.trim().trim_matches('|').trim().len() <= whole.as_str().len() + 12;
            if best.is_none_or(|(a, _)| alone && !a) {
                best = Some((alone, line.start + whole.start()));
            }
        }
    }
    // The groups of the chosen title only, matched in the whole text as
    // they always were.
    let best = best.and_then(|(_, at)| TITLE.captures_at(text, at));
    if let Some(c) = best {
        let whole = c.get(0).expect("match");
        meta.title = Some(Spanned {
            value: whole.as_str().to_string(),
            span: view.to_source(Span::new(whole.start(), whole.end())),
        });
        if let Some(y) = c.get(2) {
            if let Ok(year) = y.as_str().parse() {
                meta.year = Some(Spanned {
                    value: year,
                    span: view.to_source(Span::new(y.start(), y.end())),
                });
            }
        }
        if let Some(a) = c.get(1) {
            // A title quoted in a sentence: "现发布XX区2023年…年度报告".
            let verb = ["现发布", "特发布", "发布", "公布", "印发", "现将"]
                .iter()
                .find(|v| a.as_str().starts_with(*v))
                .map_or(0, |v| v.len());
            let start = a.start() + verb;
            if start < a.end() {
                meta.agency = Some(Spanned {
                    value: text[start..a.end()].to_string(),
                    span: view.to_source(Span::new(start, a.end())),
                });
                if verb > 0 {
                    let title = meta.title.as_mut().expect("set above");
                    title.value = text[start..whole.end()].to_string();
                    title.span = view.to_source(Span::new(start, whole.end()));
                }
            }
        }
    }
    // Publication dates appear in the page header; prefer 发布 over 成文.
    let mut dates: Vec<(usize, Spanned<Date>)> = DATE_FIELD
        .captures_iter(text)
        .filter_map(|c| {
            let rank = if &c[1] == "成文日期" { 1 } else { 0 };
            let d = date(&c[2], &c[3], &c[4])?;
            let m = c.get(0)?;
            Some((
                rank,
                Spanned {
                    value: d,
                    span: view.to_source(Span::new(m.start(), m.end())),
                },
            ))
        })
        .collect();
    dates.sort_by_key(|(rank, d)| (*rank, d.span.start));
    meta.publish_date = dates.into_iter().next().map(|(_, d)| d);

    if let Some(c) = PERIOD.captures(text) {
        let start = date(&c[1], &c[2], &c[3]);
        let end_year = c.get(4).map_or(&c[1], |m| m.as_str());
        let end = date(end_year, &c[5], &c[6]);
        if let (Some(start), Some(end)) = (start, end) {
            let m = c.get(0).expect("match");
            let from = c.get(1).expect("group").start();
            meta.period = Some(StatedPeriod {
                start,
                end,
                span: view.to_source(Span::new(from, m.end())),
            });
        }
    }
    meta
}
