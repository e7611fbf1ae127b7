//! Finds the six top-level headings (一、总体情况 … 六、其他需要报告的事项).

use super::cells::lines;
use crate::labels::{self, chinese_numeral};
use crate::report::SectionKind;
use crate::source::Span;
use crate::template::SECTION_HEADINGS;
use std::sync::LazyLock;

/// A heading found in the normalised text (spans are normalised).
#[derive(Debug, Clone)]
pub struct FoundHeading {
    pub kind: SectionKind,
    pub ordinal: u8,
    /// The heading without decorations (`## `, `**`).
    pub line: Span,
    /// The whole physical line the heading stands on.
    pub row: Span,
    pub title: Span,
    pub closest: &'static str,
    pub exact: bool,
}

/// Table 三 row labels that also start with 一、二、三、四 and must not be
/// taken for headings.
const TABLE_ROW_KEYS: [&str; 4] = [
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "本年度办理结果",
    "结转下年度继续办理",
];

/// How similar a title must be to an accepted wording to count as that
/// heading. Lower would take list items ("一、加强组织领导") for headings.
const MIN_SIMILARITY: f64 = 0.6;

/// The comparison keys of [`SECTION_HEADINGS`], computed once rather than
/// for every line that starts like a heading.
static HEADING_KEYS: LazyLock<Vec<Vec<(String, &'static str)>>> = LazyLock::new(|| {
    SECTION_HEADINGS
        .iter()
        .map(|variants| variants.iter().map(|v| (labels::key(v), *v)).collect())
        .collect()
});

/// How similar the title of a heading paragraph without an ordinal
/// (a Word heading style, no "一、") must be to count as a part's heading.
const MIN_STYLED_SIMILARITY: f64 = 0.8;

/// The headings of `text`. `styled` are the sorted offsets of lines a
/// document marks as top-level headings (Word's heading style or outline
/// level); they are headings even without an ordinal.
pub fn find_headings(text: &str, styled: &[usize]) -> Vec<FoundHeading> {
    let found: Vec<FoundHeading> = lines(text, Span::new(0, text.len()))
        .filter_map(|line| {
            heading(text, line).or_else(|| {
                styled
                    .binary_search(&line.start)
                    .ok()
                    .and_then(|_| styled_heading(text, line))
            })
        })
        .collect();
    with_reworded_parts(text, drop_subheadings(found))
}

/// A part's heading written exactly, with its own ordinal, is the part's;
/// another line like it that is not (a sub-heading "一、主动公开情况" under
/// 一、总体情况, numbered like a part) is a sub-heading, not a second
/// heading of that part — else one misnumbered sub-heading cascades into
/// "duplicate part", "parts out of order" and "table missing".
fn drop_subheadings(found: Vec<FoundHeading>) -> Vec<FoundHeading> {
    let own = |h: &FoundHeading| h.exact && usize::from(h.ordinal) == h.kind.index() + 1;
    let certain: Vec<SectionKind> = found.iter().filter(|h| own(h)).map(|h| h.kind).collect();
    found
        .into_iter()
        .filter(|h| own(h) || !certain.contains(&h.kind))
        .collect()
}

/// A heading paragraph with no ordinal ("总体情况" in Heading 1): the part
/// its words name, with that part's ordinal.
fn styled_heading(text: &str, line: Span) -> Option<FoundHeading> {
    let raw = &text[line.start..line.end];
    let lead = raw.len() - raw.trim_start().len();
    let body = raw.trim();
    if body.is_empty() || chinese_numeral(body.chars().next()?).is_some() {
        return None;
    }
    let (score, kind, closest) = closest_heading(&labels::key(body), MIN_STYLED_SIMILARITY)?;
    let span = Span::new(line.start + lead, line.start + lead + body.len());
    Some(FoundHeading {
        kind,
        ordinal: kind.index() as u8 + 1,
        line: span,
        row: line,
        title: span,
        exact: score >= 1.0,
        closest,
    })
}

/// The accepted heading wording closest to `key`, if it is at least `floor`
/// alike: (similarity, part, wording).
fn closest_heading(key: &str, floor: f64) -> Option<(f64, SectionKind, &'static str)> {
    let key_chars = key.chars().count();
    let mut best: Option<(f64, SectionKind, &'static str)> = None;
    for (kind, variants) in SectionKind::ALL.iter().zip(HEADING_KEYS.iter()) {
        for (variant_key, variant) in variants {
            // A variant that cannot reach the threshold, or beat the best so
            // far, cannot change the outcome.
            let at_least = best.map_or(floor, |(b, _, _)| b.max(floor));
            if labels::similarity_bound(key_chars, variant_key.chars().count()) < at_least {
                continue;
            }
            let score = labels::similarity(variant_key, key);
            if best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, *kind, variant));
            }
        }
    }
    best.filter(|(score, _, _)| *score >= floor)
}

/// A line numbered like a part heading: its ordinal, the heading without
/// decorations, its title, and the title's comparison key.
struct Numbered {
    ordinal: u32,
    line: Span,
    title: Span,
    key: String,
}

fn numbered(text: &str, line: Span) -> Option<Numbered> {
    let raw = &text[line.start..line.end];
    // Markdown and bold decorations around a heading.
    let lead = raw.len()
        - raw
            .trim_start_matches(|c: char| c.is_whitespace() || c == '#' || c == '*')
            .len();
    let body = raw[lead..].trim_end_matches(|c: char| c.is_whitespace() || c == '*' || c == '|');
    let mut chars = body.char_indices();
    let (_, first) = chars.next()?;
    let ordinal = chinese_numeral(first)?;
    let (di, delim) = chars.next()?;
    if !matches!(delim, '、' | '.' | '．' | ',' | ' ') {
        return None;
    }
    let title_rel = di + delim.len_utf8();
    let title_str = &body[title_rel..];
    let title_trimmed = title_str.trim_start();
    let title_start = line.start + lead + title_rel + (title_str.len() - title_trimmed.len());
    let title = Span::new(title_start, line.start + lead + body.len());
    let n = title_trimmed.chars().count();
    if !(2..=40).contains(&n) || title_trimmed.contains('|') || title_trimmed.ends_with('。') {
        return None;
    }
    Some(Numbered {
        ordinal,
        line: Span::new(line.start + lead, line.start + lead + body.len()),
        title,
        key: labels::key(title_trimmed),
    })
}

fn heading(text: &str, line: Span) -> Option<FoundHeading> {
    let Numbered {
        ordinal,
        line: at,
        title,
        key,
    } = numbered(text, line)?;
    let key_chars = key.chars().count();
    // Every numbered line is measured against these: the length bound
    // spares the edit distance of keys that cannot come close enough.
    let could_reach =
        |k: &str, at_least: f64| labels::similarity_bound(key_chars, k.chars().count()) >= at_least;
    if TABLE_ROW_KEYS
        .iter()
        .any(|k| could_reach(k, 0.8) && labels::similarity(k, &key) >= 0.8)
    {
        return None;
    }
    let (score, kind, closest) = closest_heading(&key, MIN_SIMILARITY)?;
    Some(FoundHeading {
        kind,
        ordinal: ordinal as u8,
        line: at,
        row: line,
        title,
        exact: score >= 1.0,
        closest,
    })
}

/// Adds the parts whose heading is reworded beyond [`MIN_SIMILARITY`]
/// (`五、存在的主要问题及明年工作计划`): a part missing between the parts
/// before and after it (or after the last, for 六) whose ordinal numbers
/// exactly one line there, a title that starts as one of the part's
/// wordings does. Such a part is there under another title (S004 says
/// so), not missing; a list item numbered like it would not stand alone
/// between two parts, nor start with the part's words.
fn with_reworded_parts(text: &str, mut found: Vec<FoundHeading>) -> Vec<FoundHeading> {
    for kind in SectionKind::ALL {
        let part = kind.index();
        if found.iter().any(|h| h.kind == kind) {
            continue;
        }
        let prev = found.iter().rfind(|h| h.kind.index() + 1 == part);
        let next = found.iter().find(|h| h.kind.index() == part + 1);
        let (from, to) = match (prev, next) {
            (Some(p), Some(n)) if p.row.end <= n.row.start => (p.row.end, n.row.start),
            (Some(p), None) if part + 1 == SectionKind::ALL.len() => (p.row.end, text.len()),
            _ => continue,
        };
        let mut candidates = lines(text, Span::new(from, to)).filter_map(|line| {
            let n = numbered(text, line)?;
            let lead: String = n.key.chars().take(2).collect();
            let starts_as = HEADING_KEYS[part].iter().any(|(k, _)| k.starts_with(&lead));
            (n.ordinal as usize == part + 1 && lead.chars().count() == 2 && starts_as)
                .then_some((line, n))
        });
        let (Some((row, n)), None) = (candidates.next(), candidates.next()) else {
            continue;
        };
        found.push(FoundHeading {
            kind,
            ordinal: n.ordinal as u8,
            line: n.line,
            row,
            title: n.title,
            exact: false,
            closest: HEADING_KEYS[part][0].1,
        });
        found.sort_by_key(|h| h.row.start);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_headings_and_variants() {
        let text = "一、总体情况\n三、本年度办理结果\n三、收到和处理政府信息公开申请况\n五、存在问题及改进情况\n一、加强组织领导\n## 六、其他需要报告的事项\n";
        let found = find_headings(text, &[]);
        let summary: Vec<_> = found.iter().map(|h| (h.kind, h.exact)).collect();
        assert_eq!(
            summary,
            vec![
                (SectionKind::Overview, true),
                (SectionKind::Requests, false),
                (SectionKind::Problems, true),
                (SectionKind::Other, true),
            ]
        );
        assert_eq!(found[1].closest, "收到和处理政府信息公开申请情况");
    }

    #[test]
    fn a_subheading_like_a_part_is_not_a_second_heading_of_it() {
        let text = "一、总体情况\n一、主动公开情况\n二、依申请公开情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n";
        let found = find_headings(text, &[]);
        let kinds: Vec<_> = found.iter().map(|h| (h.kind, h.ordinal)).collect();
        assert_eq!(
            kinds,
            vec![
                (SectionKind::Overview, 1),
                (SectionKind::Proactive, 2),
                (SectionKind::Requests, 3),
            ]
        );
        // Without the part's own heading, the line is still the best there is.
        let found = find_headings("一、总体情况\n一、主动公开情况\n", &[]);
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn a_reworded_part_between_its_neighbours_is_that_part() {
        let text = "四、政府信息公开行政复议、行政诉讼情况\n表\n五、存在的主要问题及明年工作计划\n一是加强培训。\n六、其他需要报告的事项\n";
        let found = find_headings(text, &[]);
        let kinds: Vec<_> = found.iter().map(|h| (h.kind, h.exact)).collect();
        assert_eq!(
            kinds,
            vec![
                (SectionKind::ReviewLitigation, true),
                (SectionKind::Problems, false),
                (SectionKind::Other, true),
            ]
        );
        // A list item numbered like the part, in words of its own, is not it;
        // nor is either of two lines that could be.
        for body in ["五、加强组织领导\n", "五、存在问题多\n五、存在不足多\n"]
        {
            let text =
                format!("四、政府信息公开行政复议、行政诉讼情况\n{body}六、其他需要报告的事项\n");
            assert_eq!(find_headings(&text, &[]).len(), 2, "{body}");
        }
    }
}
