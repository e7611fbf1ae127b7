use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, SectionKind};

declare_rule! {
    /// ## 检查内容
    /// 2021年及以后的报告，第六部分是否说明了信息处理费的情况——
    /// 收取了多少，或写明未收取。
    ///
    /// ## 原因
    /// 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）自2021年1月1日起施行，
    /// 各省的通知要求在年度报告中报告信息处理费的收取情况；只写一个“无”，读者无从判断。
    ///
    /// ## 示例
    /// 第六部分只写了 `无。` → `本年度未收取信息处理费。`
    ///
    /// ## 修复安全性
    /// 不提供修复。
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
