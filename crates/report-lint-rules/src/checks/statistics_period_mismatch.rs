use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Date, Report};

declare_rule! {
    /// ## 检查内容
    /// 报告所述的统计期限（`本报告中所列数据统计期限为…`）与标题中的报告年度核对：
    /// 应为该年的1月1日至12月31日。
    ///
    /// ## 原因
    /// 年度报告反映的是发布前一个自然年度的情况（《条例》第四十九条；
    /// 又如 DB51/T 2660—2019 §2.1：“统计时间段为上一年度1月1日至12月31日”）。
    /// 期限不符，通常是上年的句子没有改。
    ///
    /// ## 示例
    /// 标题为 `…2021年政府信息公开工作年度报告`，统计期限却是上一年：
    /// `2020年1月1日至2020年12月31日` → `2021年1月1日至2021年12月31日`。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct StatisticsPeriodMismatch {
        code: "D001",
        name: "statistics-period-mismatch",
        family: "dates",
        summary: "所述统计期限不是报告年度的1月1日至12月31日",
        severity: Warning,
        fix: None,
    }
}

impl Check for StatisticsPeriodMismatch {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let (Some(year), Some(period)) = (&report.meta.year, &report.meta.period) else {
            return Vec::new();
        };
        let y = year.value;
        let start = Date {
            year: y,
            month: 1,
            day: 1,
        };
        let end = Date {
            year: y,
            month: 12,
            day: 31,
        };
        if period.start == start && period.end == end {
            return Vec::new();
        }
        vec![Diagnostic::new(
            &Self::META,
            period.span,
            format!(
                "统计期限为{}至{}，报告年度为{y}年，应为{start}至{end}",
                period.start, period.end
            ),
        )
        .with_label(year.span, "报告年度")]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_last_years_period() {
        let text = table3_report(&[]).replace(
            "2023年1月1日至2023年12月31日",
            "2022年1月1日至2022年12月31日",
        );
        assert_eq!(codes(&lint("D001", &text)), ["D001"]);
    }

    #[test]
    fn silent_on_the_report_year_in_any_wording() {
        assert!(lint("D001", &table3_report(&[])).is_empty());
        let text = table3_report(&[]).replace(
            "统计期限为2023年1月1日至2023年12月31日",
            "统计期限从2023年1月1日到12月31日止",
        );
        assert!(lint("D001", &text).is_empty());
    }
}
