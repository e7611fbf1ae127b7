use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, TemplateVersion};

declare_rule! {
    /// ## 检查内容
    /// 表二和表三是否使用同一版模板：2021年版的表二（本年制发件数…）
    /// 配2019年版的表三（（六）其他处理只有一行），或者反过来，都会报告。
    ///
    /// ## 原因
    /// 混用说明报告是用两个年度的文件拼成的，至少有一张表用错了格式。
    ///
    /// ## 示例
    /// 表二有 本年制发件数，而表三的（六）其他处理只有一行。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct MixedTemplate {
        code: "V002",
        name: "mixed-template",
        family: "template",
        summary: "表二与表三分别使用了2019年版和2021年版模板",
        severity: Error,
        fix: None,
    }
}

impl Check for MixedTemplate {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let e = report.template_evidence;
        let known = |v: TemplateVersion| v != TemplateVersion::Unknown;
        let (Some(proactive), Some(requests)) = (&report.tables.proactive, &report.tables.requests)
        else {
            return Vec::new();
        };
        if !known(e.proactive) || !known(e.requests) || e.proactive == e.requests {
            return Vec::new();
        }
        vec![Diagnostic::new(
            &Self::META,
            requests.span,
            format!(
                "表三为{}，而表二为{}",
                e.requests.label(),
                e.proactive.label()
            ),
        )
        .with_label(proactive.span, e.proactive.label())]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_when_table_two_is_2019_and_table_three_2021() {
        let text = table3_report(&[]).replace(
            "本年制发件数 | 本年废止件数 | 现行有效件数",
            "本年新制作数量 | 本年新公开数量 | 对外公开总数量",
        );
        assert_eq!(codes(&lint("V002", &text)), ["V002"]);
    }

    #[test]
    fn silent_when_both_tables_use_one_form() {
        assert!(lint("V002", &table3_report(&[])).is_empty());
    }
}
