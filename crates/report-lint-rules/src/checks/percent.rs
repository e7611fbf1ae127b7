//! Recomputing a percentage written in prose with exact integer arithmetic
//! against the denominators it may have been computed from (DOMAIN §3.3).

use report_lint_core::template::RequestRow;
use report_lint_core::{Decimal, PercentClaim, Report};

/// A denominator a percentage may be a share of, and where it comes from.
#[derive(Debug, Clone)]
pub struct Denominator {
    pub value: u128,
    pub source: String,
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

/// Whole-number count of a claim, if the claim has one.
/// Only counts of requests or documents (件, 条) are shares of the table's
/// totals; a rate named before the number (`办结率100%`, `解读率100%`) is not
/// the share of the count written before it.
pub fn count(claim: &PercentClaim) -> Option<u128> {
    if claim.subject.contains('率') {
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
    let mut push = |value: u128, source: String| {
        if value > 0 && !out.iter().any(|d| d.value == value) {
            out.push(Denominator { value, source });
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
    for n in numbers[..earlier].iter().rev().take(NEARBY_NUMBERS) {
        let stated_total = ["共", "总", "合计", "全年", "累计"]
            .iter()
            .any(|w| n.subject.contains(w));
        if stated_total && n.value.scale == 0 && n.value.mantissa > 0 {
            push(
                n.value.mantissa as u128,
                format!("文中所述总数 {}", n.value),
            );
        }
    }
    if let Some(table) = &report.tables.requests {
        let total = |key| table.total(key).map(u128::from);
        let new = total(RequestRow::NewRequests);
        if let Some(n) = new {
            push(n, format!("表三本年新收 {n}"));
        }
        if let (Some(n), Some(c)) = (new, total(RequestRow::CarriedOver)) {
            push(n + c, format!("表三本年新收加上年结转 {}", n + c));
        }
        if let Some(t) = total(RequestRow::ResultsTotal) {
            push(t, format!("表三办理结果总计 {t}"));
        }
    }
    out
}

/// The count a share is of and the denominators it may be a share of
/// (none smaller than the count), for P001 and P002.
pub fn share_candidates(report: &Report, claim: &PercentClaim) -> Option<(u128, Vec<Denominator>)> {
    let count = count(claim)?;
    let candidates = denominators(report, claim)
        .into_iter()
        .filter(|d| d.value >= count)
        .collect();
    Some((count, candidates))
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
pub fn rounded(count: u128, denominator: u128, scale: u32) -> Decimal {
    let factor = 100 * 10u128.pow(scale);
    let value = (count * factor * 2 + denominator) / (denominator * 2);
    Decimal {
        mantissa: value as i128,
        scale,
    }
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
        assert_eq!(rounded(3, 13, 2).to_string(), "23.08");
        assert_eq!(rounded(2, 3, 0).to_string(), "67");
    }
}
