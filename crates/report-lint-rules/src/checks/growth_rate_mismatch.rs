use crate::checks::percent::{self, stated_change, Agreement};
use crate::checks::prose_refs::same_unit;
use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::{Decimal, PercentClaim, ProseNumber, Report};
use std::cmp::Ordering;

declare_rule! {
    /// ## 检查内容
    /// 正文中的增减幅度（`较上年增长26.49%`、`同比下降10%`、`比去年增加…%`），
    /// 只在同一句里写出了上年的数字时核对：
    /// - `本年共受理申请191件，上年151件，较上年增长26.49%`；
    /// - `由上年的151件增加到191件，增长26.49%`；
    /// - `共受理申请191件，比上年增加40件，增长26.49%`（上年为 191 − 40）。
    ///
    /// 增长率 =（本年 − 上年）÷ 上年，下降率 =（上年 − 本年）÷ 上年，
    /// 与所写最后一位相差不超过半个单位（或为截断值）即视为相符。
    /// 本年比上年少却写“增长”、比上年多却写“下降”，同样报告。
    /// 一句中有几个可能的本年数或上年数时，任一组合相符即可；
    /// 同一句中前一个增减幅度之前的数字属于那个幅度，不用于后面的幅度。
    /// “上年结转”不是上年数；`比去年多受理40件` 是增减数而不是上年数。
    /// 没有写出上年数字的增减幅度（`同比增长23.44%`）不核对；
    /// 百分点的变化（`提高2.3个百分点`）不属于本规则。
    ///
    /// ## 原因
    /// 增减幅度与所依据的两个数字写在同一句里，读者随手就能验算；
    /// 算不出来的幅度就是公开文本中的错误数字，与 P001 一样定为错误。
    ///
    /// ## 示例
    /// `上年151件，本年191件，较上年增长36.49%`——(191 − 151) ÷ 151 = 26.49%。
    /// `由上年的191件减少到151件，增长20.94%`——应为下降 20.94%。
    ///
    /// `较上年的40件增长25.00%` → `较上年的40件增长20.00%`（本年 48 件，(48 − 40) ÷ 40 = 20.00%）。
    ///
    /// ## 修复安全性
    /// 仅供参考（不会自动应用）：本年数和上年数都只有一种可能且增减方向正确时，
    /// 建议按所写的小数位数改为重新计算的数值。
    pub struct GrowthRateMismatch {
        code: "P008",
        name: "growth-rate-mismatch",
        family: "prose",
        summary: "文中增减幅度无法由同一句的本年数和上年数重新算出",
        severity: Error,
        fix: Sometimes,
    }
}

/// Words that make a figure last year's.
const LAST_YEAR: [&str; 5] = ["上年", "去年", "上一年", "上年度", "前一年"];

/// Characters that end the words a figure belongs to. Brackets do not:
/// in "较上年（151件）" the figure is last year's.
fn ends_clause(c: char) -> bool {
    matches!(c, ',' | ';' | '。' | ':' | '、' | '!' | '?')
}

/// Where the sentence of a rate starts: the rate and its figures stand
/// between two full stops or semicolons.
fn ends_sentence(c: char) -> bool {
    matches!(c, ';' | '。' | '!' | '?')
}

/// How far back the figures of a rate are looked for.
const MAX_SENTENCE_BYTES: usize = 600;

/// The words a figure belongs to: back to the clause start, or to the end
/// of the figure before it (`after`) when that stands in the same clause
/// ("由上年的151件增加到191件": 191's words are "增加到").
fn own_words(text: &str, after: usize, at: usize) -> &str {
    let floor = text.floor_char_boundary(at.saturating_sub(MAX_SENTENCE_BYTES));
    let before = &text[after.clamp(floor, at)..at];
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| ends_clause(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    before[start..].trim_start_matches(['(', ')']).trim()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// This year's figure, or one that may be.
    This,
    Last,
    /// The change itself ("比上年增加40件").
    Change(Ordering),
    Unrelated,
}

fn role(text: &str, after: usize, n: &ProseNumber, last_year: &Option<String>) -> Role {
    let own = own_words(text, after, n.at.start);
    if own.contains("结转") {
        return Role::Unrelated;
    }
    if let Some((direction, _)) = stated_change(own) {
        return Role::Change(direction);
    }
    if own.ends_with(['到', '至']) {
        return Role::This;
    }
    let marker = LAST_YEAR
        .iter()
        .copied()
        .chain(last_year.as_deref())
        .filter_map(|w| own.find(w).map(|i| i + w.len()))
        .min();
    match marker {
        None => Role::This,
        // "比去年多受理40件", "较上年新增": a difference, not last year's figure.
        Some(end) if own[end..].contains(COMPARATIVE) => Role::Unrelated,
        Some(_) => Role::Last,
    }
}

/// Characters of a comparison after a last-year word.
const COMPARATIVE: [char; 9] = ['多', '少', '增', '减', '降', '升', '提', '高', '低'];

/// A reading of the sentence: this year's figure and last year's.
struct Pair<'a> {
    this: &'a ProseNumber,
    last: Decimal,
    /// The figure last year's comes from: written, or the change.
    from: &'a ProseNumber,
    role: Role,
}

/// Every reading of the figures before `claim` in its sentence, the most
/// likely first: last year's figure nearest the rate, this year's nearest it.
fn readings<'a>(report: &'a Report, claim: &PercentClaim) -> Vec<Pair<'a>> {
    let text = &report.paragraphs[claim.paragraph].text;
    let floor = text.floor_char_boundary(claim.at.start.saturating_sub(MAX_SENTENCE_BYTES));
    let sentence = text[floor..claim.at.start]
        .char_indices()
        .rev()
        .find(|(_, c)| ends_sentence(*c))
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    // The figures of an earlier rate of the sentence are that rate's:
    // "…较上年的1000条增长20%，其中政策解读100条，同比增长25%" does not
    // say how many 政策解读 there were last year.
    let percents = &report.percents;
    let earlier =
        percents.partition_point(|p| (p.paragraph, p.at.start) < (claim.paragraph, claim.at.start));
    let start = percents[..earlier]
        .iter()
        .rev()
        .take_while(|p| p.paragraph == claim.paragraph && p.at.start >= sentence)
        .find(|p| stated_change(&p.subject).is_some())
        .map_or(sentence, |p| p.at.end);
    let numbers = report.numbers_in(claim.paragraph);
    let from = numbers.partition_point(|n| n.at.start < start);
    let to = numbers.partition_point(|n| n.at.end <= claim.at.start);
    let last_year = report
        .meta
        .year
        .as_ref()
        .map(|y| format!("{}年", y.value.saturating_sub(1)));
    let figures: Vec<(&ProseNumber, Role)> = (from..to.max(from))
        .map(|i| {
            let after = i.checked_sub(1).map_or(0, |p| numbers[p].at.end);
            (&numbers[i], role(text, after, &numbers[i], &last_year))
        })
        .collect();
    let this_years = |of: &ProseNumber| {
        let mut found: Vec<&ProseNumber> = figures
            .iter()
            .filter(|(n, r)| *r == Role::This && same_unit(n, of))
            .map(|(n, _)| *n)
            .collect();
        found.sort_by_key(|n| n.at.start.abs_diff(of.at.start));
        found
    };
    let mut out = Vec::new();
    for (n, role) in figures.iter().rev() {
        match role {
            Role::Last => {
                for this in this_years(n) {
                    out.push(Pair {
                        this,
                        last: n.value,
                        from: n,
                        role: *role,
                    });
                }
            }
            Role::Change(direction) => {
                for this in this_years(n).into_iter().filter(|t| t.at.end <= n.at.start) {
                    let last = last_from_change(this.value, n.value, *direction);
                    out.extend(last.map(|last| Pair {
                        this,
                        last,
                        from: n,
                        role: *role,
                    }));
                }
            }
            Role::This | Role::Unrelated => {}
        }
    }
    // Written figures before derived ones.
    out.sort_by_key(|p| p.role != Role::Last);
    out
}

/// Last year's figure from this year's and the change ("191件，比上年增加40件").
fn last_from_change(this: Decimal, change: Decimal, direction: Ordering) -> Option<Decimal> {
    let scale = this.scale.max(change.scale);
    let lift = |d: Decimal| d.mantissa.checked_mul(10i128.checked_pow(scale - d.scale)?);
    let (t, c) = (lift(this)?, lift(change)?);
    let mantissa = match direction {
        Ordering::Less => t.checked_add(c)?,
        _ => t.checked_sub(c).filter(|m| *m >= 0)?,
    };
    Some(Decimal { mantissa, scale })
}

/// Whether the written rate follows from a reading: the right direction,
/// and within half a unit of the last digit (or cut off there).
fn agrees(change: &percent::Change, direction: Ordering, written: Decimal) -> bool {
    let sign = change.direction == Ordering::Equal || change.direction == direction;
    sign && percent::agreement(change.amount, change.base, written) != Agreement::No
}

impl Check for GrowthRateMismatch {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for claim in &report.percents {
            let Some((direction, verb)) = stated_change(&claim.subject) else {
                continue;
            };
            let pairs: Vec<(Pair, percent::Change)> = readings(report, claim)
                .into_iter()
                .filter_map(|p| percent::change(p.this.value, p.last).map(|c| (p, c)))
                .collect();
            if pairs.iter().any(|(_, c)| agrees(c, direction, claim.value)) {
                continue;
            }
            let Some((pair, change)) = pairs.first() else {
                continue;
            };
            let Some(expected) = percent::rounded(change.amount, change.base, claim.value.scale)
            else {
                continue;
            };
            let (this, last) = (pair.this.value, pair.last);
            let message = match change.direction {
                Ordering::Greater if direction == Ordering::Less => format!(
                    "本年 {this} 多于上年 {last}，应为增长 {expected}%，文中写作“{verb}{}%”",
                    claim.value
                ),
                Ordering::Less if direction == Ordering::Greater => format!(
                    "本年 {this} 少于上年 {last}，应为下降 {expected}%，文中写作“{verb}{}%”",
                    claim.value
                ),
                Ordering::Less => format!(
                    "{verb}幅度应为 {expected}%（({last}−{this}) ÷ {last}），实为 {}%",
                    claim.value
                ),
                _ => format!(
                    "{verb}幅度应为 {expected}%（({this}−{last}) ÷ {last}），实为 {}%",
                    claim.value
                ),
            };
            let mut d = Diagnostic::new(&Self::META, claim.span, message)
                .with_label(pair.this.span, "本年数");
            d = match pair.role {
                Role::Change(_) => d.with_label(pair.from.span, "增减数"),
                _ => d.with_label(pair.from.span, "上年数"),
            };
            let sign = change.direction == Ordering::Equal || change.direction == direction;
            if pairs.len() == 1 && sign {
                d = d.with_fix(Fix::replace(
                    format!("改为 {expected}"),
                    claim.span,
                    expected.to_string(),
                    Applicability::DisplayOnly,
                ));
            }
            out.push(d);
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, with_overview};

    #[test]
    fn fires_when_the_rate_does_not_follow_from_the_figures() {
        let cases = [
            (
                "本年共受理申请191件，上年151件，较上年增长36.49%。",
                "增长幅度应为 26.49%（(191−151) ÷ 151），实为 36.49%",
            ),
            (
                "受理申请由上年的151件增加到191件，增长25%。",
                "增长幅度应为 26%（(191−151) ÷ 151），实为 25%",
            ),
            (
                "共受理申请191件，比上年增加40件，增长20.94%。",
                "增长幅度应为 26.49%（(191−151) ÷ 151），实为 20.94%",
            ),
            (
                "共受理申请151件，上年191件，同比下降26.49%。",
                "下降幅度应为 20.94%（(191−151) ÷ 191），实为 26.49%",
            ),
            (
                "受理申请由上年的191件减少到151件，增长20.94%。",
                "本年 151 少于上年 191，应为下降 20.94%，文中写作“增长20.94%”",
            ),
            (
                "2023年受理申请191件，2022年受理151件，同比增长30%。",
                "增长幅度应为 26%（(191−151) ÷ 151），实为 30%",
            ),
            (
                "共受理申请191件，较上年（151件）增长30%。",
                "增长幅度应为 26%（(191−151) ÷ 151），实为 30%",
            ),
        ];
        for (sentence, message) in cases {
            let text = with_overview(sentence);
            let found = lint("P008", &text);
            assert_eq!(codes(&found), ["P008"], "{sentence}");
            assert_eq!(found[0].message, message, "{sentence}");
        }
    }

    #[test]
    fn offers_the_recomputed_value_only_when_unambiguous() {
        let text = with_overview("本年共受理申请191件，上年151件，较上年增长36.49%。");
        let found = lint("P008", &text);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "36.49");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "26.49");
        let sign = lint(
            "P008",
            &with_overview("受理申请由上年的191件减少到151件，增长20.94%。"),
        );
        assert!(sign[0].fixes.is_empty());
        let two = lint(
            "P008",
            &with_overview("本年共受理申请191件，其中网上申请180件，上年151件，较上年增长10%。"),
        );
        assert_eq!(codes(&two), ["P008"]);
        assert!(two[0].fixes.is_empty());
    }

    #[test]
    fn silent_when_the_rate_follows_or_cannot_be_checked() {
        for sentence in [
            "本年共受理申请191件，上年151件，较上年增长26.49%。",
            "由上年的151件增加到191件，增长26.49%。",
            "受理申请由上年的151件增加到191件，增长26.5%。",
            "共受理申请191件，比上年增加40件，增长26.49%。",
            "共受理申请151件，上年191件，同比下降20.94%。",
            "共受理申请191件，较上年的151件增长26.49%。",
            // Truncated rather than rounded: not this rule's concern.
            "本年受理申请5件，上年3件，较上年增长66.66%。",
            // Any reading of the sentence that agrees is enough.
            "本年共受理申请191件，其中网上申请180件，上年151件，较上年增长26.49%。",
            // Each rate has its own figures; a figure after a last-year word
            // that is a difference is not last year's figure.
            "主动公开信息1200条，较上年的1000条增长20%，其中政策解读100条，同比增长25%。",
            "本年共受理申请191件，比去年多受理40件，增长26.49%。",
            "本年度共收到申请191件，比上年（151件）增加40件，同比增长26.49%。",
            // No figure of last year in the text.
            "2021年共审核认定176件文件公开属性，较上一年增加60%。",
            "全年累计受理群众诉求188件，同比增长23.44%。",
            "上年151件。本年共受理申请191件，较上年增长26.49%。",
            // A rate with a subject of its own, or a level, or percentage points.
            "本年共受理申请191件，上年151件，其中网络申请增长30%。",
            "本年共受理申请191件，上年151件，公开率提高到95%。",
            "本年共受理申请191件，上年151件，公开率提高2.3个百分点。",
            // Carried over is not last year's figure; no rate from zero.
            "本年新收申请191件，上年结转151件，较上年增长30%。",
            "本年受理申请5件，上年0件，较上年增长100%。",
        ] {
            assert!(
                lint("P008", &with_overview(sentence)).is_empty(),
                "{sentence}"
            );
        }
    }
}
