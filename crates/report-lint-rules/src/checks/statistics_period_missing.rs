use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, Span};

declare_rule! {
    /// ## What it checks
    /// That the report says which period its figures cover
    /// (`本报告中所列数据统计期限为2023年1月1日至12月31日`).
    ///
    /// ## Why
    /// Most reports state it in the preamble, and readers need it to compare
    /// figures across years. The template text does not strictly require the
    /// sentence, so this is only a hint.
    ///
    /// ## Example
    /// A report whose preamble jumps straight to 一、总体情况.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct StatisticsPeriodMissing {
        code: "D002",
        name: "statistics-period-missing",
        family: "dates",
        summary: "未说明数据统计期限",
        severity: Info,
        fix: None,
    }
}

impl Check for StatisticsPeriodMissing {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        if report.meta.period.is_some() || !report.is_annual_report() {
            return Vec::new();
        }
        let span = report
            .meta
            .title
            .as_ref()
            .map_or(Span::new(0, 0), |t| t.span);
        vec![Diagnostic::new(
            &Self::META,
            span,
            "未说明数据统计期限（如“本报告所列数据统计期限为…年1月1日至12月31日”）",
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_without_a_period_sentence() {
        let text = table3_report(&[])
            .replace("本报告所列数据统计期限为2023年1月1日至2023年12月31日。", "");
        assert_eq!(codes(&lint("D002", &text)), ["D002"]);
    }

    #[test]
    fn silent_with_a_period_sentence() {
        assert!(lint("D002", &table3_report(&[])).is_empty());
    }
}
