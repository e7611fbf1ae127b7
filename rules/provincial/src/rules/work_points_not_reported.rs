use report_lint_rules::core::{Report, SectionKind};
use report_lint_rules::{declare_rule, Check, Diagnostic, RuleContext};

declare_rule! {
    /// ## 检查内容
    /// 第六部分是否报告了本年度政务公开工作要点（国务院和本省印发的工作要点）的落实情况：
    /// 须提到“工作要点”。
    ///
    /// ## 原因
    /// 本省关于年度报告的通知要求各机关在第六部分报告落实上级年度政务公开工作要点情况。
    ///
    /// ## 示例
    /// `六、其他需要报告的事项 / 本年度未收取信息处理费。`——没有提到工作要点。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct WorkPointsNotReported {
        code: "G001",
        name: "work-points-not-reported",
        family: "provincial",
        summary: "第六部分未报告落实上级年度政务公开工作要点情况",
        severity: Warning,
        fix: None,
    }
}

impl Check for WorkPointsNotReported {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(section) = report.section(SectionKind::Other) else {
            return Vec::new();
        };
        if report
            .section_prose(SectionKind::Other)
            .contains("工作要点")
        {
            return Vec::new();
        }
        vec![Diagnostic::new(
            &Self::META,
            section.heading,
            "第六部分应报告落实上级年度政务公开工作要点情况",
        )]
    }
}

#[cfg(test)]
mod tests {
    use report_lint_rules::testing::{codes, lint, table3_report};

    #[test]
    fn fires_when_part_six_is_silent_about_work_points() {
        assert_eq!(codes(&lint("G001", &table3_report(&[]))), ["G001"]);
    }

    #[test]
    fn silent_when_work_points_are_reported() {
        let text = table3_report(&[]).replace(
            "本年度未收取信息处理费。",
            "本年度未收取信息处理费。认真落实2023年政务公开工作要点。",
        );
        assert!(lint("G001", &text).is_empty());
    }
}
