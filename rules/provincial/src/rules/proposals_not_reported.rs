use report_lint_rules::core::{Report, SectionKind};
use report_lint_rules::{declare_rule, Check, Diagnostic, RuleContext};

declare_rule! {
    /// ## 检查内容
    /// 人民政府的报告（标题中为 `…人民政府`）第六部分是否报告了人大代表建议和政协提案的办理情况
    /// （须同时提到“建议”和“提案”）。部门的报告不检查。
    ///
    /// ## 原因
    /// 省里要求政府一级的报告在第六部分报告人大代表建议和政协提案办理结果公开情况。
    ///
    /// ## 示例
    /// 区人民政府的报告，第六部分只写了信息处理费。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct ProposalsNotReported {
        code: "G003",
        name: "proposals-not-reported",
        family: "provincial",
        summary: "政府年报第六部分未报告人大代表建议和政协提案办理情况",
        severity: Info,
        fix: None,
    }
}

impl Check for ProposalsNotReported {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let government = report
            .meta
            .agency
            .as_ref()
            .is_some_and(|a| a.value.ends_with("人民政府"));
        let Some(section) = report.section(SectionKind::Other).filter(|_| government) else {
            return Vec::new();
        };
        let prose = report.section_prose(SectionKind::Other);
        if prose.contains("建议") && prose.contains("提案") {
            return Vec::new();
        }
        vec![Diagnostic::new(
            &Self::META,
            section.heading,
            "政府年报第六部分应报告人大代表建议和政协提案办理结果公开情况",
        )]
    }
}

#[cfg(test)]
mod tests {
    use report_lint_rules::testing::{codes, lint, table3_report};

    fn government() -> String {
        table3_report(&[]).replace("示例市数据局", "示例市某区人民政府")
    }

    #[test]
    fn fires_for_a_government_report_without_proposals() {
        assert_eq!(codes(&lint("G003", &government())), ["G003"]);
    }

    #[test]
    fn silent_for_departments_and_complete_reports() {
        assert!(lint("G003", &table3_report(&[])).is_empty());
        let complete = government().replace(
            "本年度未收取信息处理费。",
            "本年度未收取信息处理费。办理人大代表建议12件、政协提案8件，办理结果均已公开。",
        );
        assert!(lint("G003", &complete).is_empty());
    }
}
