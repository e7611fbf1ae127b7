use crate::{declare_rule, Check, Diagnostic, RuleContext, Severity};
use report_lint_core::{Report, TemplateVersion};

declare_rule! {
    /// ## 检查内容
    /// 表格是否使用报告年度对应的模板：2021年度起使用2021年版模板（国办公开办函〔2021〕30号），
    /// 2019、2020年度使用2019年试行模板（国办公开办函〔2019〕60号）。
    /// 模板版本根据表格自身的标签识别（2019年版：本年新制作数量、其他对外管理服务事项、
    /// 第二十条第（九）项 政府集中采购…；2021年版：本年制发件数、现行有效件数、
    /// 本年收费金额、（六）其他处理下三个带编号的小项）。
    ///
    /// ## 原因
    /// 监督检查发现有2022年度报告仍按2019年版格式填写；按过时格式填写的数字无法与其他机关比较。
    /// 2019年度只是鼓励使用该格式，因此该年度的不一致仅作警告。
    ///
    /// ## 示例
    /// 2022年度报告的表二中有 第二十条第（九）项 政府集中采购。
    ///
    /// ## 修复安全性
    /// 不提供修复：需要按正确的格式重新制表。
    pub struct TemplateYearMismatch {
        code: "V001",
        name: "template-year-mismatch",
        family: "template",
        summary: "表格所用模板与报告年度不符（2021年起应使用2021年版模板）",
        severity: Error,
        fix: None,
    }
}

impl Check for TemplateYearMismatch {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(year) = &report.meta.year else {
            return Vec::new();
        };
        let Some(expected) = TemplateVersion::expected_for_year(year.value) else {
            return Vec::new();
        };
        let found = report.template;
        if found == TemplateVersion::Unknown || found == expected {
            return Vec::new();
        }
        let span = match found {
            TemplateVersion::V2019 => report.tables.proactive.as_ref().map(|t| t.span),
            _ => None,
        }
        .or(report.tables.requests.as_ref().map(|t| t.span))
        .unwrap_or(year.span);
        let d = Diagnostic::new(
            &Self::META,
            span,
            format!(
                "{}年度报告应使用{}，表格实为{}",
                year.value,
                expected.label(),
                found.label()
            ),
        )
        .with_label(year.span, "报告年度");
        // The 2019 form was only encouraged for 2019 reports.
        vec![if year.value == 2019 {
            d.with_severity(Severity::Warning)
        } else {
            d
        }]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_a_2021_form_in_a_2020_report() {
        let text = table3_report(&[])
            .replace("2023年", "2020年")
            .replace("2023年1月1日", "2020年1月1日");
        assert_eq!(codes(&lint("V001", &text)), ["V001"]);
    }

    #[test]
    fn silent_when_the_form_matches_the_year() {
        assert!(lint("V001", &table3_report(&[])).is_empty());
    }
}
