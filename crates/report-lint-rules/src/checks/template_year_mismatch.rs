use crate::{declare_rule, Check, Diagnostic, RuleContext, Severity};
use report_lint_core::{Report, TemplateVersion};

declare_rule! {
    /// ## What it checks
    /// That the tables follow the template of the report year: the 2021
    /// template (国办公开办函〔2021〕30号) from report year 2021 on, the 2019
    /// trial template (国办公开办函〔2019〕60号) for 2019 and 2020. The template
    /// is recognised from the tables' own labels (2019: 本年新制作数量,
    /// 其他对外管理服务事项, 第二十条第（九）项 政府集中采购…; 2021: 本年制发件数,
    /// 现行有效件数, 本年收费金额, three numbered rows under （六）其他处理).
    ///
    /// ## Why
    /// Supervisors found 2022 reports still filled in on the 2019 form;
    /// figures in an outdated form cannot be compared with other agencies'.
    /// For report year 2019 the form was only encouraged, so a mismatch there
    /// is a warning.
    ///
    /// ## Example
    /// A 2022 report whose table 二 has 第二十条第（九）项 政府集中采购.
    ///
    /// ## Fix safety
    /// No fix: the tables have to be redone on the right form.
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
