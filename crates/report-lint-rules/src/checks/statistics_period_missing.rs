use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, Span};

declare_rule! {
    /// ## 检查内容
    /// 报告是否说明了其数据所涵盖的期限
    /// （`本报告中所列数据统计期限为2023年1月1日至12月31日`）。
    ///
    /// ## 原因
    /// 多数报告在开头说明这一点，读者跨年度比较数字时需要它。
    /// 模板原文并未严格要求写这句话，因此仅作提示。
    ///
    /// ## 示例
    /// 开头直接进入 一、总体情况 的报告。
    ///
    /// ## 修复安全性
    /// 不提供修复。
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

    #[test]
    fn silent_when_a_pdf_put_a_quotation_mark_inside_the_date() {
        // `pdftotext -raw`: a glyph of another font where its run ends.
        let text = table3_report(&[]).replace("2023年12月31日。", "2023年12月31“日。");
        assert!(text.contains("31“日"));
        assert!(lint("D002", &text).is_empty());
    }
}
