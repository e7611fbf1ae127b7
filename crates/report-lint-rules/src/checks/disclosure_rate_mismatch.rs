use crate::checks::percent::{self, Agreement};
use crate::checks::prose_refs;
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::template::RequestRow;
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 正文中的公开率（`公开率为30.80%`）与表三核对：
    /// 公开率 =（（一）予以公开 + （二）部分公开）÷ 办理总数，
    /// 办理总数可以是（七）总计、本年新收或本年新收 + 上年结转（任一相符即可）；
    /// 与所写最后一位相差不超过半个单位即视为相符。
    ///
    /// ## 原因
    /// 公开率是读者最常引用的数字，必须能由表格算出。
    ///
    /// ## 示例
    /// （一）22 + （二）5 = 27，（七）总计 49：`公开率为56.10%` → `公开率为55.10%`。
    ///
    /// ## 修复安全性
    /// 不提供修复：无法确定作者所用的分母。
    pub struct DisclosureRateMismatch {
        code: "P006",
        name: "disclosure-rate-mismatch",
        family: "prose",
        summary: "正文“公开率”与表三（予以公开＋部分公开）÷ 办理总数不符",
        severity: Warning,
        fix: None,
    }
}

impl Check for DisclosureRateMismatch {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let total = |key| table.total(key).map(u128::from);
        let (Some(granted), Some(partly)) =
            (total(RequestRow::Granted), total(RequestRow::PartlyGranted))
        else {
            return Vec::new();
        };
        let disclosed = granted + partly;
        let new = total(RequestRow::NewRequests);
        let denominators: Vec<u128> = [
            total(RequestRow::ResultsTotal),
            new,
            new.zip(total(RequestRow::CarriedOver)).map(|(n, c)| n + c),
        ]
        .into_iter()
        .flatten()
        .filter(|d| *d >= disclosed && *d > 0)
        .collect();
        let Some(first) = denominators.first().copied() else {
            return Vec::new();
        };
        let mut out = ctx.findings();
        let rates = report.percents.iter().filter(|p| {
            // 预决算公开率, 主动公开率: other rates, not of requests. A rate
            // is of requests only where its sentence speaks of them
            // (“依申请公开…公开率”): a bare “公开率100%” after the
            // budgets is theirs.
            let clause = prose_refs::text_before(
                &report.paragraphs[p.paragraph].text,
                p.at.start,
                prose_refs::CLAUSE_ENDS,
            );
            let other = ["预算", "决算", "主动公开"]
                .iter()
                .any(|w| p.subject.contains(w));
            p.subject.contains("公开率") && !other && p.count.is_none() && clause.contains("申请")
        });
        let agrees = |p: &&report_lint_core::PercentClaim| {
            denominators
                .iter()
                .any(|d| percent::agreement(disclosed, *d, p.value) == Agreement::Rounded)
        };
        for p in rates.filter(|p| !agrees(p)) {
            let Some(expected) = percent::rounded(disclosed, first, p.value.scale) else {
                continue;
            };
            out.push(Diagnostic::new(
                &Self::META,
                p.span,
                format!(
                    "公开率应为 {expected}%（（{granted}+{partly}）÷ {first}，按表三），实为 {}%",
                    p.value
                ),
            ));
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    fn report(sentence: &str) -> String {
        table3_report(&[
            ("一、本年新收", [10, 0, 0, 0, 0, 0, 10]),
            ("（一）予以公开", [3, 0, 0, 0, 0, 0, 3]),
            ("（二）部分公开", [1, 0, 0, 0, 0, 0, 1]),
            ("（四）无法提供1.", [6, 0, 0, 0, 0, 0, 6]),
            ("（七）总计", [10, 0, 0, 0, 0, 0, 10]),
        ])
        .replace("2023年，我局认真落实《条例》。", sentence)
    }

    #[test]
    fn fires_when_the_rate_does_not_follow_from_the_table() {
        let found = lint("P006", &report("全年依申请公开的公开率为45.00%。"));
        assert_eq!(codes(&found), ["P006"]);
        assert_eq!(
            found[0].message,
            "公开率应为 40.00%（（3+1）÷ 10，按表三），实为 45.00%"
        );
    }

    #[test]
    fn silent_when_it_does_or_is_not_a_disclosure_rate() {
        for sentence in [
            "全年申请公开率为40%。",
            "公开2022年政府预算、2021年政府决算，涵盖全区部门预算单位的预决算信息，公开率45.00%。",
            "满意率93.75%。",
            "预决算公开率达100%。",
        ] {
            assert!(lint("P006", &report(sentence)).is_empty(), "{sentence}");
        }
    }
}
