use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 标题所写报告年度早于2019年：这样的报告不按统一格式编制，
    /// 只说一次“未按模板核对”。
    ///
    /// ## 原因
    /// 统一格式（国办公开办函〔2019〕60号）自2019年度报告起才有；此前的报告按各地
    /// 要求编制（“概述”“政府信息公开情况统计表”等），缺少模板的部分标题和表格不是缺陷。
    /// 因此对这样的报告不运行依模板的规则（结构、表格、勾稽、单元格、行标签、模板版本、
    /// 编号、内容），只运行正文、列举、日期和文字规则（百分比、引号括号、统计期限等）。
    ///
    /// ## 示例
    /// `平潭综合实验区2018年度政府信息公开工作年度报告`。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct ReportPredatesTemplate {
        code: "V005",
        name: "report-predates-template",
        family: "template",
        summary: "报告年度早于统一格式（2019年度起），未按模板核对",
        severity: Info,
        fix: None,
    }
}

impl Check for ReportPredatesTemplate {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(year) = report
            .meta
            .year
            .as_ref()
            .filter(|_| report.predates_template())
        else {
            return Vec::new();
        };
        vec![Diagnostic::new(
            &Self::META,
            year.span,
            format!(
                "{}年度报告早于统一格式（国办公开办函〔2019〕60号，2019年度起），未按模板核对各部分和表格",
                year.value
            ),
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint_all, table3_report};

    #[test]
    fn a_2018_report_is_said_once_and_not_held_to_the_template() {
        let text = "平潭综合实验区2018年度政府信息公开工作年度报告\n一、概述\n本报告所列数据的统计期限自2018年1月1日起至2018年12月31日止。2018年，我区认真落实《条例》（以下简称《条例》。\n二、主动公开政府信息情况\n全年主动公开信息100条。\n";
        let found = lint_all(text);
        assert_eq!(codes(&found), ["V005", "H003"], "{found:#?}");
    }

    #[test]
    fn silent_on_a_report_under_the_template() {
        assert!(!codes(&lint_all(&table3_report(&[]))).contains(&"V005"));
    }
}
