use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, SectionKind, Span};

declare_rule! {
    /// ## 检查内容
    /// 模板要求的六个部分是否都有标题：
    /// 一、总体情况 / 二、主动公开政府信息情况 / 三、收到和处理政府信息公开申请情况 /
    /// 四、政府信息公开行政复议、行政诉讼情况 / 五、存在的主要问题及改进情况 /
    /// 六、其他需要报告的事项。各部分的常见写法（如 五、存在问题及改进情况）同样认可。
    ///
    /// ## 原因
    /// 《条例》第五十条列明了年度报告应包括的内容，模板也要求“不能遗漏”。
    /// 监督检查会把缺少某一部分（如没有行政复议、行政诉讼部分）列为报告的缺陷。
    ///
    /// ## 示例
    /// 报告从 三、… 直接跳到 五、…，缺少第四部分。
    ///
    /// ## 修复安全性
    /// 不提供修复：缺少的内容需要补写。
    pub struct MissingSection {
        code: "S001",
        name: "missing-section",
        family: "structure",
        summary: "缺少模板规定的六个部分之一",
        severity: Error,
        fix: None,
    }
}

impl Check for MissingSection {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        SectionKind::ALL
            .iter()
            .filter(|kind| report.section(**kind).is_none())
            .map(|kind| {
                // Point where the part belongs: at the next part that is
                // present, else after the last one, else the start.
                let next = report
                    .sections
                    .iter()
                    .filter(|s| s.kind > *kind)
                    .map(|s| s.heading)
                    .min();
                let prev = report
                    .sections
                    .iter()
                    .filter(|s| s.kind < *kind)
                    .map(|s| s.heading)
                    .max();
                let span = next.or(prev).unwrap_or(Span::new(0, 0));
                Diagnostic::new(
                    &Self::META,
                    span,
                    format!("缺少第{}部分“{}”", kind.ordinal(), kind.heading()),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_for_each_missing_part() {
        let text = table3_report(&[]).replace("四、政府信息公开行政复议、行政诉讼情况", "");
        let found = lint("S001", &text);
        assert_eq!(codes(&found), ["S001"]);
        assert!(found[0]
            .message
            .contains("四、政府信息公开行政复议、行政诉讼情况"));
        assert!(text[found[0].span.start..].starts_with("五、"));
    }

    #[test]
    fn silent_for_a_complete_report_and_accepted_variants() {
        let text =
            table3_report(&[]).replace("五、存在的主要问题及改进情况", "五、存在问题及改进情况");
        assert!(lint("S001", &text).is_empty());
    }
}
