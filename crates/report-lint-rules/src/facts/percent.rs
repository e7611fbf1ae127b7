//! Recomputing a percentage written in prose with exact integer arithmetic
//! against the denominators it may have been computed from (DOMAIN §3.3);
//! adding up shares of one whole; growth rates from two years' figures.

use regex::Regex;
use report_lint_core::template::RequestRow;
use report_lint_core::{Decimal, PercentClaim, Report};
use std::cmp::Ordering;
use std::sync::LazyLock;

/// A denominator a percentage may be a share of, and where it comes from.
#[derive(Debug, Clone)]
pub struct Denominator {
    pub value: u128,
    pub source: String,
    /// A total the text states, not a figure of the table.
    pub stated: bool,
}

/// How many earlier numbers of a paragraph may be a stated total.
const NEARBY_NUMBERS: usize = 32;

/// How a written percentage relates to count ÷ denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Within half a unit of the last written digit.
    Rounded,
    /// Cut off instead of rounded (23.0769… written 23.07).
    Truncated,
    No,
}

/// How far back a stated total is looked for, in bytes: a sentence or two.
const MAX_WINDOW: usize = 1200;

/// Where the sentence before the one holding `at` starts.
fn sentence_window_start(text: &str, at: usize) -> usize {
    let floor = text.floor_char_boundary(at.saturating_sub(MAX_WINDOW));
    let before = &text[floor..at];
    let mut ends = before.rmatch_indices(['。', '！', '？']);
    match (ends.next(), ends.next()) {
        (Some(_), Some((i, m))) => floor + i + m.len(),
        _ => floor,
    }
}

/// Whole-number count of a claim, if the claim has one.
/// Only counts of requests or documents (件, 条) are shares of the table's
/// totals; a rate named before the number (`办结率100%`, `解读率100%`) is not
/// the share of the count written before it.
pub fn count(claim: &PercentClaim) -> Option<u128> {
    // A rate ("公开率") or a change over last year ("较上年增长") is not a
    // share of the count before it; P006 and P008 check those.
    if claim.subject.contains('率') || stated_change(&claim.subject).is_some() {
        return None;
    }
    // A share is introduced as one ("占23.08%", "比例为…", or bare after
    // the count: "3件（23.08%）"); other words make it something else
    // ("留言11条，已100%及时整改": how many were handled, not a share).
    let subject = claim.subject.trim();
    if !subject.is_empty() && !["占", "比例", "比重"].iter().any(|w| subject.contains(w)) {
        return None;
    }
    let count = claim.count.as_ref()?;
    if !crate::checks::prose_refs::COUNT_UNITS.contains(&count.unit.as_str()) {
        return None;
    }
    let n = count.value;
    (n.scale == 0 && n.mantissa >= 0).then_some(n.mantissa as u128)
}

/// The denominators to try, most specific first: a total stated earlier in
/// the same paragraph ("共受理…13件"), then the table's 本年新收 (N),
/// N + 上年结转, and （七）总计.
pub fn denominators(report: &Report, claim: &PercentClaim) -> Vec<Denominator> {
    let mut out: Vec<Denominator> = Vec::new();
    let mut push = |value: u128, source: String, stated: bool| {
        if value > 0 && !out.iter().any(|d| d.value == value) {
            out.push(Denominator {
                value,
                source,
                stated,
            });
        }
    };
    let before = claim
        .count
        .as_ref()
        .map_or(claim.span.start, |c| c.span.start);
    // The numbers just before the claim, nearest first: a total that is
    // meant to be the denominator stands close by, and looking no further
    // keeps a paragraph of thousands of percentages linear.
    let numbers = report.numbers_in(claim.paragraph);
    let earlier = numbers.partition_point(|n| n.span.start < before);
    // A stated total counts in the claim's sentence or the one before it;
    // further back it is another matter's ("共收到咨询投诉15564件。…
    // 共收到网友留言11条…"), as in a report whose paragraphs ran together.
    let text = &report.paragraphs[claim.paragraph].text;
    let at = claim.count.as_ref().map_or(claim.at.start, |c| c.at.start);
    let window_start = sentence_window_start(text, at);
    for n in numbers[..earlier]
        .iter()
        .rev()
        .take(NEARBY_NUMBERS)
        .take_while(|n| n.at.start >= window_start)
    {
        // One pass for the characters first: every word has 共, 总, 计 or 年.
        let stated_total = n.subject.contains(['共', '总', '计', '年'])
            && ["共", "总", "合计", "全年", "累计"]
                .iter()
                .any(|w| n.subject.contains(w));
        if stated_total && n.value.scale == 0 && n.value.mantissa > 0 {
            push(
                n.value.mantissa as u128,
                format!("文中所述总数 {}", n.value),
                true,
            );
        }
    }
    if let Some(table) = &report.tables.requests {
        let total = |key| table.total(key).map(u128::from);
        let new = total(RequestRow::NewRequests);
        if let Some(n) = new {
            push(n, format!("表三本年新收 {n}"), false);
        }
        if let (Some(n), Some(c)) = (new, total(RequestRow::CarriedOver)) {
            push(n + c, format!("表三本年新收加上年结转 {}", n + c), false);
        }
        if let Some(t) = total(RequestRow::ResultsTotal) {
            push(t, format!("表三办理结果总计 {t}"), false);
        }
    }
    out
}

/// The count a share is of and the denominators it may be a share of
/// (none smaller than the count), for P001 and P002.
pub fn share_candidates(report: &Report, claim: &PercentClaim) -> Option<(u128, Vec<Denominator>)> {
    let count = count(claim)?;
    // "其中…2件，占50%" opening a paragraph is a share of what the text
    // before it counted (a footnote printed at the end of a web page, or
    // a paragraph split from its total): unless the paragraph states its
    // own total, the whole is not known, and no table figure is guessed.
    let of_before = report.paragraphs[claim.paragraph]
        .text
        .trim_start()
        .starts_with("其中");
    let candidates = denominators(report, claim)
        .into_iter()
        .filter(|d| d.value >= count && (d.stated || !of_before))
        .collect();
    Some((count, candidates))
}

/// What a percentage of the prose is, measured against every denominator
/// it may be a share of: what P001 and P002 decide on and the hover shows.
#[derive(Debug, Clone)]
pub struct ShareVerdict {
    /// The count the share is of (`3件`).
    pub count: u128,
    /// Whether every denominator the share may be of is known: the table's
    /// 本年新收, 上年结转 and （七）总计 were read. Otherwise the share may
    /// be of one of them, and is only wrong if no whole number gives it.
    pub complete: bool,
    /// Whether some whole (any number of requests) gives the written
    /// value, rounded.
    pub possible: bool,
    /// Each denominator, most specific first, with how the written value
    /// relates to `count ÷ denominator` and that quotient rounded to the
    /// written number of decimals.
    pub candidates: Vec<(Denominator, Agreement, Decimal)>,
}

impl ShareVerdict {
    /// Whether no verdict can be had: a denominator is unknown (a table
    /// total unread) and some whole gives the written value.
    fn undecidable(&self) -> bool {
        !self.complete && self.possible
    }

    /// No denominator gives the written value, rounded or cut off: P001.
    pub fn mismatch(&self) -> bool {
        !self.undecidable()
            && !self.candidates.is_empty()
            && self.candidates.iter().all(|(_, a, _)| *a == Agreement::No)
    }

    /// No denominator gives it rounded, one gives it cut off: P002, with
    /// that denominator and the rounded value.
    pub fn truncated(&self) -> Option<(&Denominator, Decimal)> {
        if self
            .candidates
            .iter()
            .any(|(_, a, _)| *a == Agreement::Rounded)
            || self.undecidable()
        {
            return None;
        }
        self.candidates
            .iter()
            .find(|(_, a, _)| *a == Agreement::Truncated)
            .map(|(d, _, rounded)| (d, *rounded))
    }
}

/// The verdict on `claim`; `None` when it is not a share of a count of
/// requests or documents (a rate, a change, no count before it).
pub fn share_verdict(report: &Report, claim: &PercentClaim) -> Option<ShareVerdict> {
    let (count, candidates) = share_candidates(report, claim)?;
    let complete = report.tables.requests.as_ref().is_some_and(|t| {
        [
            RequestRow::NewRequests,
            RequestRow::CarriedOver,
            RequestRow::ResultsTotal,
        ]
        .iter()
        .all(|&key| t.total(key).is_some())
    });
    let possible = some_whole_gives(count, claim.value);
    let candidates = candidates
        .into_iter()
        .filter_map(|d| {
            let agreement = agreement(count, d.value, claim.value);
            let rounded = rounded(count, d.value, claim.value.scale)?;
            Some((d, agreement, rounded))
        })
        .collect();
    Some(ShareVerdict {
        count,
        complete,
        possible,
        candidates,
    })
}

/// Whether `count ÷ d × 100`, rounded to the written decimals, is `written`
/// for some whole number `d ≥ count`. 258 at 32.9% may be of 784 to 786;
/// 9 at 19.75% is of nothing (9 ÷ 45 = 20%, 9 ÷ 46 = 19.57%).
pub fn some_whole_gives(count: u128, written: Decimal) -> bool {
    if written.mantissa < 0 || written.scale > 6 || count > MAX_FIGURE {
        // Not a share this module can tell about: taken as possible.
        return true;
    }
    if count == 0 {
        return written.mantissa == 0;
    }
    let w = written.mantissa as u128;
    // |100·count·10^scale ÷ d − w| ≤ ½  ⇔  (2w − 1)·d ≤ n ≤ (2w + 1)·d
    // with n = 200·count·10^scale.
    let n = 200 * count * 10u128.pow(written.scale);
    let lowest = n.div_ceil(2 * w + 1).max(count);
    match (2 * w).checked_sub(1) {
        // 0 (or less than half a unit) is any share of a large enough whole.
        None => true,
        Some(below) => lowest <= n / below,
    }
}

/// Compares `written` with `count / denominator × 100` without floats.
pub fn agreement(count: u128, denominator: u128, written: Decimal) -> Agreement {
    if written.mantissa < 0 || written.scale > 6 || denominator == 0 {
        return Agreement::No;
    }
    let q = written.mantissa as u128;
    let scale = 10u128.pow(written.scale);
    let Some(exact) = count.checked_mul(100 * scale) else {
        return Agreement::No;
    };
    // |exact/denominator − q| ≤ ½  ⇔  |2·exact − 2·q·denominator| ≤ denominator
    let (two_exact, two_q_d) = (exact * 2, q.saturating_mul(denominator).saturating_mul(2));
    if two_exact.abs_diff(two_q_d) <= denominator {
        Agreement::Rounded
    } else if exact / denominator == q {
        Agreement::Truncated
    } else {
        Agreement::No
    }
}

/// `count / denominator × 100` rounded half-up to `scale` decimals.
/// `None` for a zero denominator or figures too large to compute exactly
/// (a 30-digit count, 40 decimals): such a percentage is not checked.
pub fn rounded(count: u128, denominator: u128, scale: u32) -> Option<Decimal> {
    let factor = 10u128.checked_pow(scale)?.checked_mul(100)?;
    let twice = count.checked_mul(factor)?.checked_mul(2)?;
    let value = twice.checked_add(denominator)? / denominator.checked_mul(2)?;
    Some(Decimal {
        mantissa: i128::try_from(value).ok()?,
        scale,
    })
}

/// Largest value this module recomputes: far above any count of a report,
/// and small enough that no product below overflows.
const MAX_FIGURE: u128 = 1_000_000_000_000_000;

/// Drops trailing zeros of the fraction (0.030 → 0.03) for messages.
fn trimmed(mut d: Decimal) -> Decimal {
    while d.scale > 0 && d.mantissa % 10 == 0 {
        d.mantissa /= 10;
        d.scale -= 1;
    }
    d
}

/// The sum of percentages written as shares of one whole, and how far from
/// 100% rounding alone can take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShareSum {
    pub sum: Decimal,
    /// Half a unit of the last written digit of each share, added up: six
    /// shares rounded to 2 decimals may miss 100% by up to 0.03%.
    pub tolerance: Decimal,
    pub agrees: bool,
}

/// Adds up `shares` exactly; `None` for a negative value or one with more
/// than 6 decimals.
pub fn share_sum(shares: &[Decimal]) -> Option<ShareSum> {
    let scale = shares.iter().map(|d| d.scale).max()?;
    if scale > 6 || shares.iter().any(|d| d.mantissa < 0) {
        return None;
    }
    let mut sum: u128 = 0;
    // Twice the tolerance, in units of the finest written digit.
    let mut two_tolerance: u128 = 0;
    for d in shares {
        let unit = 10u128.pow(scale - d.scale);
        sum = sum.checked_add((d.mantissa as u128).checked_mul(unit)?)?;
        two_tolerance += unit;
    }
    let whole = 100 * 10u128.pow(scale);
    // |sum − whole| ≤ two_tolerance / 2, in integers.
    let agrees = sum.abs_diff(whole) <= two_tolerance / 2;
    Some(ShareSum {
        sum: trimmed(Decimal {
            mantissa: i128::try_from(sum).ok()?,
            scale,
        }),
        tolerance: trimmed(Decimal {
            mantissa: (two_tolerance * 5) as i128,
            scale: scale + 1,
        }),
        agrees,
    })
}

/// A change from last year's figure to this year's, as integers of one
/// scale so that `amount ÷ base` is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// |this − last|.
    pub amount: u128,
    /// Last year's figure, never zero.
    pub base: u128,
    pub direction: Ordering,
}

/// The change from `last` to `this`; `None` when `last` is zero (no rate),
/// either is negative, or the figures are beyond what a report holds.
pub fn change(this: Decimal, last: Decimal) -> Option<Change> {
    let scale = this.scale.max(last.scale);
    let scaled = |d: Decimal| -> Option<u128> {
        let m = u128::try_from(d.mantissa).ok()?;
        let v = m.checked_mul(10u128.checked_pow(scale - d.scale)?)?;
        (v <= MAX_FIGURE).then_some(v)
    };
    let (t, l) = (scaled(this)?, scaled(last)?);
    (l > 0).then(|| Change {
        amount: t.abs_diff(l),
        base: l,
        direction: t.cmp(&l),
    })
}

/// Words of a change, up to a sign: group 1 of `CHANGE`.
const INCREASE: [&str; 6] = ["增长", "增加", "上升", "提高", "提升", "增幅"];

/// A phrase that is nothing but a comparison with last year and a change
/// ("较上年增长", "同比下降了", "比去年同期增加", "较上年的151件增长",
/// "增幅为"). A rate with a noun of its own ("网络申请增长") or a level
/// ("提高到") is not one.
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:较|比|与|同比|上年度|上一年度?|上年|去年|前一年|同期|\d{4}年度?|的|相比|分别|\d+(?:\.\d+)?(?:件次|人次|件|条|个|项|次|家|份|篇|期|场))*(增长|增加|上升|提高|提升|增幅|下降|减少|降低|降幅|下滑|回落)(?:了|率)?(?:为|达|约)?$",
    )
    .expect("valid regex")
});

/// The direction and verb of a change phrase, if the words before a
/// percentage are one: then the percentage is a growth rate (P008), not a
/// share of the count written before it.
pub fn stated_change(words: &str) -> Option<(Ordering, String)> {
    let words: String = words.chars().filter(|c| !c.is_whitespace()).collect();
    let verb = CHANGE.captures(&words)?.get(1)?.as_str().to_string();
    let direction = if INCREASE.contains(&verb.as_str()) {
        Ordering::Greater
    } else {
        Ordering::Less
    };
    Some((direction, verb))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn recomputes_exactly() {
        let cases = [
            (3, 13, "23.08", Agreement::Rounded),
            (3, 13, "23.07", Agreement::Truncated),
            (6, 13, "46.15", Agreement::Rounded),
            (1303, 1499, "86.92", Agreement::Rounded),
            (81, 263, "30.80", Agreement::Rounded),
            (1, 3, "33", Agreement::Rounded),
            (2, 3, "66", Agreement::Truncated),
            (7, 13, "46.15", Agreement::No),
            (1, 8, "12.5", Agreement::Rounded),
        ];
        for (n, den, written, expected) in cases {
            assert_eq!(
                agreement(n, den, d(written)),
                expected,
                "{n}/{den} vs {written}"
            );
        }
        assert_eq!(rounded(3, 13, 2).unwrap().to_string(), "23.08");
        assert_eq!(rounded(2, 3, 0).unwrap().to_string(), "67");
        assert_eq!(rounded(10u128.pow(30), 7, 30), None, "too large to compute");
    }

    #[test]
    fn some_whole_gives_a_share_or_none_does() {
        // 258 of 785 (the real base, not stated in the sentence) is 32.9%.
        assert!(some_whole_gives(258, d("32.9")));
        assert!(some_whole_gives(265, d("32.9")));
        // 9 ÷ 45 = 20%, 9 ÷ 46 = 19.57%: nothing gives 19.75%.
        assert!(!some_whole_gives(9, d("19.75")));
        assert!(some_whole_gives(9, d("18.75")));
        assert!(some_whole_gives(3, d("100")));
        assert!(!some_whole_gives(3, d("101")), "more than the whole");
        assert!(some_whole_gives(1, d("0.00")), "1 of a million");
        assert!(!some_whole_gives(0, d("5")));
        assert!(some_whole_gives(10u128.pow(30), d("5")), "not told");
        // The exact edges: 1 ÷ 8 = 12.5% written 13 (half up) and 12.
        assert!(some_whole_gives(1, d("13")));
        assert!(some_whole_gives(1, d("12")));
    }

    #[test]
    fn shares_add_up_within_their_rounding() {
        let sum = |values: &[&str]| {
            let values: Vec<Decimal> = values.iter().map(|v| d(v)).collect();
            share_sum(&values).unwrap()
        };
        let results = sum(&["66.48", "4.61", "5.57", "12.53", "4.20", "6.61"]);
        assert!(results.agrees);
        assert_eq!(results.sum.to_string(), "100");
        assert_eq!(results.tolerance.to_string(), "0.03");
        assert!(sum(&["86.92", "11.47", "1.60"]).agrees);
        assert!(sum(&["33.33", "33.33", "33.33"]).agrees);
        assert!(sum(&["33", "33", "33"]).agrees);
        assert!(!sum(&["33", "33", "32"]).agrees);
        assert!(!sum(&["66.48", "4.61", "5.57", "12.53", "4.20", "7.61"]).agrees);
        assert!(share_sum(&[]).is_none());
    }

    #[test]
    fn changes_are_exact() {
        let c = change(d("191"), d("151")).unwrap();
        assert_eq!((c.amount, c.base), (40, 151));
        assert_eq!(c.direction, std::cmp::Ordering::Greater);
        assert_eq!(agreement(c.amount, c.base, d("26.49")), Agreement::Rounded);
        let c = change(d("1.5"), d("2")).unwrap();
        assert_eq!((c.amount, c.base), (5, 20));
        assert_eq!(c.direction, std::cmp::Ordering::Less);
        assert!(change(d("3"), d("0")).is_none());
    }

    #[test]
    fn reads_change_phrases() {
        for (words, expected) in [
            ("较上年增长", Some(Ordering::Greater)),
            ("同比下降了", Some(Ordering::Less)),
            ("比去年同期增加", Some(Ordering::Greater)),
            ("较上年的151件增长", Some(Ordering::Greater)),
            ("增幅为", Some(Ordering::Greater)),
            ("其中网络申请增长", None),
            ("公开率提高到", None),
            ("占比", None),
        ] {
            assert_eq!(stated_change(words).map(|c| c.0), expected, "{words}");
        }
    }
}
