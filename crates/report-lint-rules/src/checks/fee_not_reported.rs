use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, SectionKind};

declare_rule! {
    /// ## What it checks
    /// That part 六 of a report for 2021 or later says something about the
    /// 信息处理费 (information processing fee) — how much was collected, or that
    /// none was.
    ///
    /// ## Why
    /// The 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号) took effect on
    /// 2021-01-01, and provincial notices ask for the fees collected to be
    /// reported in the annual report; a bare “无” leaves readers guessing.
    ///
    /// ## Example
    /// `六、其他需要报告的事项 / 无。` → `本年度未收取信息处理费。`
    ///
    /// ## Fix safety
    /// No fix.
    pub struct FeeNotReported {
        code: "K001",
        name: "fee-not-reported",
        family: "content",
        summary: "第六部分未说明信息处理费收取情况（2021年起）",
        severity: Info,
        fix: None,
    }
}

impl Check for FeeNotReported {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        if report.meta.year.as_ref().is_none_or(|y| y.value < 2021) {
            return Vec::new();
        }
        let Some(section) = report.section(SectionKind::Other) else {
            return Vec::new();
        };
        let body = report.section_prose(SectionKind::Other);
        if ["处理费", "收费"].iter().any(|w| body.contains(w)) {
            return Vec::new();
        }
        vec![Diagnostic::new(
            &Self::META,
            section.heading,
            "第六部分未说明信息处理费的收取情况（未收取也应写明）",
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_when_part_six_is_silent_about_fees() {
        let text = table3_report(&[]).replace("本年度未收取信息处理费。", "无。");
        assert_eq!(codes(&lint("K001", &text)), ["K001"]);
    }

    #[test]
    fn silent_when_fees_are_mentioned_or_before_2021() {
        assert!(lint("K001", &table3_report(&[])).is_empty());
        let old = table3_report(&[])
            .replace("2023年", "2020年")
            .replace("本年度未收取信息处理费。", "无。");
        assert!(lint("K001", &old).is_empty());
    }
}
