use crate::checks::percent::{self, Agreement};
use crate::{declare_rule, Applicability, Check, Diagnostic, Edit, Fix, RuleContext};
use report_lint_core::{PercentClaim, Report};
use std::ops::Range;

declare_rule! {
    /// ## 检查内容
    /// 正文在一句话里逐项列出一个整体各组成部分的占比
    /// （按办理结果：`予以公开…占66.48%；部分公开…占4.61%；…其他处理…占6.61%`，
    /// 或按申请渠道：`网络申请…占86.92%；信函申请…占11.47%；当面申请…占1.60%`），
    /// 各项占比之和却不是 100%。
    /// 每项各自四舍五入，合计允许的误差为每项最后一位半个单位之和
    /// （6 项各保留两位小数，最多相差 0.03%）。
    ///
    /// 只核对能确定已列全的列表：
    /// - 各项件数之和恰好等于前文所述的总数（`共收到…1499件`）
    ///   或表三的本年新收、本年新收加上年结转、（七）总计；或
    /// - 各项恰好是办理结果的全部六类（予以公开、部分公开、不予公开、
    ///   无法提供、不予处理、其他处理），各出现一次。
    ///
    /// 只列出一部分的（`其中予以公开3件，占23.08%`）不核对；
    /// 有一项已由 P001/P002 报告（该项算不出来或被截断）时，本规则不再重复报告。
    /// 申请渠道没有模板规定的完整分类，只能按件数之和判断是否列全。
    ///
    /// ## 原因
    /// 一个整体的各部分占比加起来应当是 100%。合计不对，
    /// 通常是各项用了不同的分母（有的除以新收数，有的除以办结数），
    /// 或改了某项件数后没有重新计算占比。
    /// 定为警告而非错误：是否列全是由件数推断的，
    /// 作者也可能有意用同一个分母（如新收数）计算办理结果的占比。
    ///
    /// ## 示例
    /// `全年共收到申请10件，上年结转6件，共办结16件，其中予以公开12件，占75%；部分公开4件，占40%`
    /// ——12 + 4 = 16，列全了，但 75% + 40% = 115%：
    /// 部分公开按收到的 10 件计算，按办结的 16 件应为 25%。
    ///
    /// 按申请渠道，新收 48 件：`网上申请36件，占75.00%；信函申请9件，占18.37%；当面申请3件，占6.25%`
    /// 合计 99.62%：信函申请除以了办结的 49 件。`信函申请9件，占18.37%` → `信函申请9件，占18.75%`。
    ///
    /// ## 修复安全性
    /// 仅供参考（不会自动应用）：件数之和即为整体时，
    /// 建议按该总数重新计算与之不符的各项；只按类别判断列全时不提供修复。
    pub struct PercentageSharesSumMismatch {
        code: "P007",
        name: "percentage-shares-sum-mismatch",
        family: "prose",
        summary: "正文逐项列出的各部分占比合计不是100%",
        severity: Warning,
        fix: Sometimes,
    }
}

/// The six result groups of table 三 (（一）–（六）) as prose names them.
const RESULT_GROUPS: [&str; 6] = [
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
];

/// Words that make a number a stated total; one between two shares starts
/// a new list. The same words `percent::denominators` reads totals by.
const TOTAL_WORDS: [&str; 5] = ["共", "总", "合计", "全年", "累计"];

/// Words of a percentage that is a change, not a share ("较上年增长").
const CHANGE_WORDS: [&str; 10] = [
    "增长",
    "增加",
    "上升",
    "提高",
    "提升",
    "下降",
    "减少",
    "降低",
    "同比",
    "较上年",
];

/// The most parts a list of shares is read with: the 2021 table 三 has 17
/// result rows; a longer run is not one breakdown.
const MAX_SHARES: usize = 20;

/// A percentage that is the share of one part of a whole.
struct Share<'a> {
    claim: &'a PercentClaim,
    count: Option<u128>,
    group: Option<usize>,
}

/// The result group a phrase names, when it names exactly one.
fn result_group(words: &str) -> Option<usize> {
    let mut named = RESULT_GROUPS
        .iter()
        .enumerate()
        .filter(|(_, g)| words.contains(*g))
        .map(|(i, _)| i);
    let first = named.next()?;
    named.next().is_none().then_some(first)
}

fn share(claim: &PercentClaim) -> Option<Share<'_>> {
    let subject = claim.subject.as_str();
    if subject.contains('率') || CHANGE_WORDS.iter().any(|w| subject.contains(w)) {
        return None;
    }
    let count = percent::count(claim);
    let named = claim.count.as_ref().map_or(subject, |c| c.subject.as_str());
    let group = result_group(named);
    (count.is_some() || group.is_some()).then_some(Share {
        claim,
        count,
        group,
    })
}

/// Whether `next` starts a new list after `prev`: a sentence ends or a new
/// total is stated between them.
fn breaks_between(report: &Report, prev: &Share, next: &Share) -> bool {
    let paragraph = prev.claim.paragraph;
    let from = prev.claim.at.end;
    let to = next
        .claim
        .count
        .as_ref()
        .map_or(next.claim.at.start, |c| c.at.start)
        .max(from);
    let text = &report.paragraphs[paragraph].text;
    if text
        .get(from..to)
        .is_none_or(|between| between.contains('。'))
    {
        return true;
    }
    let numbers = report.numbers_in(paragraph);
    let first = numbers.partition_point(|n| n.at.start < from);
    numbers[first..]
        .iter()
        .take_while(|n| n.at.start < to)
        .any(|n| TOTAL_WORDS.iter().any(|w| n.subject.contains(w)))
}

/// Runs of shares in one sentence, nothing but shares between them.
fn runs(report: &Report) -> Vec<Vec<Share<'_>>> {
    let mut out: Vec<Vec<Share>> = Vec::new();
    let mut current: Vec<Share> = Vec::new();
    for claim in &report.percents {
        let Some(next) = share(claim) else {
            out.push(std::mem::take(&mut current));
            continue;
        };
        let joined = current.last().is_some_and(|prev| {
            prev.claim.paragraph == claim.paragraph && !breaks_between(report, prev, &next)
        });
        if !joined {
            out.push(std::mem::take(&mut current));
        }
        current.push(next);
    }
    out.push(current);
    out.retain(|run| run.len() >= 2);
    out
}

/// The lists in a run that are known to be complete, with the whole their
/// counts add up to when they have counts.
fn complete_lists(report: &Report, run: &[Share]) -> Vec<(Range<usize>, Option<u128>)> {
    let counts: Option<Vec<u128>> = run.iter().map(|s| s.count).collect();
    let mut groups: Vec<usize> = run.iter().filter_map(|s| s.group).collect();
    groups.sort_unstable();
    groups.dedup();
    if run.len() == RESULT_GROUPS.len() && groups.len() == RESULT_GROUPS.len() {
        let whole = counts.map(|c| c.iter().fold(0u128, |a, b| a.saturating_add(*b)));
        return vec![(0..run.len(), whole)];
    }
    // Lists whose counts add up to a whole the text or table 三 states, one
    // after another ("共收到…，其中网上申请…；信函申请…；办结…，其中予以公开…").
    let mut lists = Vec::new();
    let mut start = 0;
    while start + 1 < run.len() {
        let wholes = percent::denominators(report, run[start].claim);
        let mut sum = 0u128;
        let mut end = None;
        for (i, share) in run.iter().enumerate().skip(start).take(MAX_SHARES) {
            let Some(count) = share.count else { break };
            sum = sum.saturating_add(count);
            // The longest list that adds up, so that trailing zero shares
            // ("不予处理0件，占0%") belong to it.
            if i > start && wholes.iter().any(|d| d.value == sum) {
                end = Some((i + 1, sum));
            }
        }
        let Some((end, whole)) = end else { break };
        lists.push((start..end, Some(whole)));
        start = end;
    }
    lists
}

/// Whether P001 or P002 already reports a share of the list: then that
/// finding explains the sum, and fixing it may fix the sum.
fn reported_elsewhere(report: &Report, list: &[Share]) -> bool {
    list.iter().any(|s| {
        percent::share_candidates(report, s.claim).is_some_and(|(count, candidates)| {
            !candidates.is_empty()
                && candidates.iter().all(|d| {
                    percent::agreement(count, d.value, s.claim.value) != Agreement::Rounded
                })
        })
    })
}

fn check_list(report: &Report, list: &[Share], whole: Option<u128>) -> Option<Diagnostic> {
    let (first, last) = (list.first()?, list.last()?);
    if reported_elsewhere(report, list) {
        return None;
    }
    let values: Vec<_> = list.iter().map(|s| s.claim.value).collect();
    let sum = percent::share_sum(&values)?;
    if sum.agrees {
        return None;
    }
    let span = first.claim.span.cover(last.claim.span);
    let of_whole = whole.map_or(String::new(), |w| format!("，各项件数之和为 {w}"));
    let mut d = Diagnostic::new(
        &PercentageSharesSumMismatch::META,
        span,
        format!(
            "{} 项占比之和为 {}%，不是 100%（四舍五入最多相差 {}%{of_whole}）",
            list.len(),
            sum.sum,
            sum.tolerance
        ),
    );
    let Some(whole) = whole.filter(|w| *w > 0) else {
        for s in list {
            d = d.with_label(s.claim.span, "占比");
        }
        return Some(d);
    };
    let mut edits = Vec::new();
    for s in list {
        let Some(count) = s.count else { continue };
        if percent::agreement(count, whole, s.claim.value) == Agreement::Rounded {
            continue;
        }
        let Some(expected) = percent::rounded(count, whole, s.claim.value.scale) else {
            continue;
        };
        d = d.with_label(s.claim.span, format!("{count} ÷ {whole} = {expected}%"));
        edits.push(Edit {
            span: s.claim.span,
            replacement: expected.to_string(),
        });
    }
    if !edits.is_empty() {
        d = d.with_fix(Fix {
            title: format!("按总数 {whole} 重新计算占比"),
            edits,
            applicability: Applicability::DisplayOnly,
        });
    }
    Some(d)
}

impl Check for PercentageSharesSumMismatch {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for run in runs(report) {
            for (range, whole) in complete_lists(report, &run) {
                if let Some(d) = check_list(report, &run[range], whole) {
                    out.push(d);
                }
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report, with_overview};

    const RESULTS: &str = "共完成答复1453件。其中，予以公开966件，占66.48%；部分公开67件，占4.61%；不予公开81件，占5.57%；无法提供182件，占12.53%；不予处理61件，占4.20%；其他处理96件，占6.61%。";

    #[test]
    fn fires_when_the_shares_of_a_complete_list_do_not_add_up() {
        // Counts add up to the stated total; one share is of another whole.
        let text = with_overview(
            "全年共收到申请10件，上年结转6件，共办结16件，其中予以公开12件，占75%；部分公开4件，占40%。",
        );
        let found = lint("P007", &text);
        assert_eq!(codes(&found), ["P007"]);
        assert_eq!(
            found[0].message,
            "2 项占比之和为 115%，不是 100%（四舍五入最多相差 1%，各项件数之和为 16）"
        );
        assert_eq!(
            &text[found[0].span.start..found[0].span.end],
            "75%；部分公开4件，占40"
        );
        assert_eq!(found[0].labels[0].message, "4 ÷ 16 = 25%");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "25");

        // All six result groups, without counts.
        let found = lint("P007", &with_overview(
            "予以公开的占66.48%，部分公开的占4.61%，不予公开的占5.57%，无法提供的占12.53%，不予处理的占4.20%，其他处理的占7.61%。",
        ));
        assert_eq!(codes(&found), ["P007"]);
        assert!(found[0].fixes.is_empty());
        assert_eq!(
            found[0].message,
            "6 项占比之和为 101%，不是 100%（四舍五入最多相差 0.03%）"
        );
    }

    #[test]
    fn fires_when_the_counts_add_up_to_a_table_total() {
        // 6 + 4 = 10 = 一、本年新收; 25% is 4 of the 16 handled, 60% is 6 of 10.
        let text = table3_report(&[
            ("一、本年新收", [10, 0, 0, 0, 0, 0, 10]),
            ("二、上年结转", [6, 0, 0, 0, 0, 0, 6]),
            ("（一）予以公开", [16, 0, 0, 0, 0, 0, 16]),
            ("（七）总计", [16, 0, 0, 0, 0, 0, 16]),
        ])
        .replace(
            "2023年，我局认真落实《条例》。",
            "其中网上申请6件，占60%；信函申请4件，占25%。",
        );
        assert_eq!(codes(&lint("P007", &text)), ["P007"]);
    }

    #[test]
    fn silent_when_the_list_adds_up_or_may_be_partial() {
        for sentence in [
            RESULTS,
            "共收到1499件。其中，通过网络申请1303件，占86.92%；通过信函申请172件，占11.47%；通过当面申请24件，占1.60%。",
            // Shares of 3 rounded to whole percents: 33 + 33 + 33 = 99 is within 1.5.
            "共收到3件，其中网上申请1件，占33%；信函申请1件，占33%；当面申请1件，占33%。",
            // Partial lists.
            "共受理13件，其中予以公开3件，占23.08%。",
            "共受理13件，其中予以公开3件，占23.08%；无法提供6件，占46.15%。",
            "予以公开的占66.48%，部分公开的占4.61%，不予公开的占5.57%。",
            // A wrong share is P001's finding, not this rule's.
            "共受理10件，其中予以公开6件，占60%；部分公开4件，占50%。",
            // Growth rates and other rates are not shares.
            "共收到10件，其中网上申请6件，较上年增长20%；信函申请4件，占40%，公开率为60%。",
            // Two lists in one sentence, each adding up.
            "共收到10件，其中网上申请6件，占60%；信函申请4件，占40%；共办结8件，其中予以公开6件，占75%；部分公开2件，占25%。",
        ] {
            assert!(lint("P007", &with_overview(sentence)).is_empty(), "{sentence}");
        }
    }

    #[test]
    fn each_complete_list_of_a_sentence_is_checked() {
        let sentence = "共收到10件，其中网上申请6件，占60%；信函申请4件，占40%；共办结8件，其中予以公开6件，占75%；部分公开2件，占35%。";
        // 2 ÷ 8 = 25%, but 35% is 2 ÷ 10 rounded from nowhere: P001 reports it.
        assert!(lint("P007", &with_overview(sentence)).is_empty());
        let sentence = "共收到10件，其中网上申请6件，占60%；信函申请4件，占40%；共办结8件，其中予以公开6件，占75%；部分公开2件，占20%。";
        // 20% is 2 ÷ 10, a share of the requests received, not of the 8 handled.
        assert_eq!(codes(&lint("P007", &with_overview(sentence))), ["P007"]);
    }
}
