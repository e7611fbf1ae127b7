//! What a count in the prose refers to in table 三: "予以公开3件" is the
//! （一）予以公开 total, "无法提供6件" the sum of （四）1–3, "共受理…13件" the
//! requests received (with or without those carried over, or handled).

use report_lint_core::template::{RequestGroup, RequestRow};
use report_lint_core::{ProseNumber, RequestTable};

/// Units a count of requests is written with.
pub const COUNT_UNITS: [&str; 3] = ["件", "条", "件次"];

/// Whether two prose figures count the same thing: the same unit, with
/// 件次 taken as 件.
pub fn same_unit(a: &ProseNumber, b: &ProseNumber) -> bool {
    let base = |u: &str| if u == "件次" { "件" } else { u }.to_string();
    base(&a.unit) == base(&b.unit)
}

/// A table figure the prose may mean, with a description for messages.
#[derive(Debug, Clone)]
pub struct Referent {
    pub value: u128,
    pub what: String,
}

fn total(table: &RequestTable, key: RequestRow) -> Option<u128> {
    table.total(key).map(u128::from)
}

/// The 总计 of every row of a group, summed; `None` if any is unreadable.
fn group_total(table: &RequestTable, group: RequestGroup) -> Option<u128> {
    let rows: Vec<_> = table
        .rows
        .iter()
        .filter(|r| {
            r.key.group() == Some(group)
                || (group == RequestGroup::OtherHandling && r.key == RequestRow::OtherHandling(0))
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.iter()
        .map(|r| r.total().and_then(|c| c.value.as_count()).map(u128::from))
        .sum()
}

/// Words that mark a count as last year's or a comparison, not this table's.
const OTHER_PERIOD: [&str; 6] = ["上一年", "去年", "同比", "较上年", "上年度", "比上年"];

/// Words that mark a count as one unit's share of the work, not the
/// agency's whole ("区政府办代表区政府受理…17件" in a report whose table
/// counts every application to the district government).
const OTHER_AGENT: [&str; 1] = ["代表"];

/// Marks that end a sentence, and those that end a clause of a list.
pub const SENTENCE_ENDS: &[char] = &['。', '！', '？'];
pub const CLAUSE_ENDS: &[char] = &['。', '！', '？', '；', ';'];

/// The words of a paragraph's text before byte `at`, back to the last of
/// `ends`: the sentence (or clause) a number stands in, up to the number.
pub fn text_before<'a>(text: &'a str, at: usize, ends: &[char]) -> &'a str {
    let before = &text[..text.floor_char_boundary(at.min(text.len()))];
    let start = before
        .rmatch_indices(ends)
        .next()
        .map_or(0, |(i, m)| i + m.len());
    &before[start..]
}

/// The table figures a prose count names, or `None` if it names none.
/// Any one of the referents matching means the prose agrees with the table.
pub fn referents(table: &RequestTable, number: &ProseNumber) -> Option<(String, Vec<Referent>)> {
    if !COUNT_UNITS.contains(&number.unit.as_str()) {
        return None;
    }
    let subject = number.subject.trim_end_matches('的').trim();
    let ends = |word: &str| subject.ends_with(word);
    let r = |value: Option<u128>, what: &str| {
        value.map(|value| Referent {
            value,
            what: what.to_string(),
        })
    };
    if subject.contains("上年结转") {
        return Some((
            "上年结转".into(),
            r(total(table, RequestRow::CarriedOver), "表三二、上年结转")
                .into_iter()
                .collect(),
        ));
    }
    if [
        "结转下年",
        "转下一年",
        "结转到下一年",
        "结转至下一年",
        "结转下一年",
    ]
    .iter()
    .any(|w| subject.contains(w))
    {
        return Some((
            "结转下年度".into(),
            r(
                total(table, RequestRow::CarriedForward),
                "表三四、结转下年度继续办理",
            )
            .into_iter()
            .collect(),
        ));
    }
    if OTHER_PERIOD
        .iter()
        .chain(&OTHER_AGENT)
        .any(|w| subject.contains(w))
    {
        return None;
    }
    // Every figure the prose may mean must be read: with one of them
    // unknown (its row unreadable), the prose may well mean that one.
    let single = |name: &str, refs: Vec<Option<Referent>>| {
        Some((
            name.to_string(),
            refs.into_iter().collect::<Option<Vec<_>>>()?,
        ))
    };
    if ends("予以公开") {
        let granted = total(table, RequestRow::Granted);
        let partly = total(table, RequestRow::PartlyGranted);
        return single(
            "予以公开",
            vec![
                r(granted, "表三（一）予以公开"),
                r(
                    granted.zip(partly).map(|(a, b)| a + b),
                    "表三（一）予以公开加（二）部分公开",
                ),
            ],
        );
    }
    if ends("部分公开") {
        return single(
            "部分公开",
            vec![r(
                total(table, RequestRow::PartlyGranted),
                "表三（二）部分公开",
            )],
        );
    }
    for group in RequestGroup::ALL {
        if ends(group.bare_label()) {
            let what = format!("表三{}合计", group.label());
            return single(
                group.bare_label(),
                vec![r(group_total(table, group), &what)],
            );
        }
    }
    let about_requests = subject.contains("申请")
        && ["收到", "受理", "新收", "办理", "答复", "接收"]
            .iter()
            .any(|w| subject.contains(w));
    if about_requests {
        let new = total(table, RequestRow::NewRequests);
        let carried = total(table, RequestRow::CarriedOver);
        return single(
            "申请总数",
            vec![
                r(new, "表三一、本年新收"),
                r(
                    new.zip(carried).map(|(a, b)| a + b),
                    "表三本年新收加上年结转",
                ),
                r(total(table, RequestRow::ResultsTotal), "表三（七）总计"),
            ],
        );
    }
    None
}
