use crate::{declare_rule, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::{quote, Report};

declare_rule! {
    /// ## 检查内容
    /// 与某一部分的认可写法几乎一致、但不完全相同的标题，
    /// 如 `三、收到和处理政府信息公开申请况`（漏了“情”字）。
    /// 认可的其他写法（`五、存在问题及改进情况`、
    /// `五、政府信息公开工作存在的主要问题及改进情况` 等）不报告；
    /// 空格、全角/半角标点和繁体字不算差异。
    ///
    /// ## 原因
    /// 标题是该部分在每位读者的目录和监督检查清单中的名称；
    /// 写错既显得不严谨，也会让查找该部分的工具找不到它。
    ///
    /// ## 示例
    /// `三、收到和处理政府信息公开申请况` → `三、收到和处理政府信息公开申请情况`。
    ///
    /// ## 修复安全性
    /// 安全修复（`report-lint fix` 自动应用）：标题替换为最接近的认可写法。
    /// 报告用繁体字书写时为不安全修复（需 `--unsafe-fixes`，请人工确认），
    /// 因为替换内容是简体字。
    pub struct MisspelledSectionHeading {
        code: "S004",
        name: "misspelled-section-heading",
        family: "structure",
        summary: "部分标题与模板措辞有出入（错字、漏字）",
        severity: Warning,
        fix: Always,
    }
}

impl Check for MisspelledSectionHeading {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        report
            .sections
            .iter()
            .filter(|s| !s.exact)
            .map(|s| {
                Diagnostic::new(
                    &Self::META,
                    s.title,
                    format!(
                        "标题“{}”与模板不符，应为“{}”",
                        quote(report.text(s.title)),
                        s.closest
                    ),
                )
                .with_fix(Fix::template_wording(s.title, s.closest, report.script))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};
    use crate::Applicability;

    #[test]
    fn fires_with_a_safe_fix_on_a_near_miss() {
        let text = table3_report(&[]).replace(
            "三、收到和处理政府信息公开申请情况",
            "三、收到和处理政府信息公开申请况",
        );
        let found = lint("S004", &text);
        assert_eq!(codes(&found), ["S004"]);
        let fix = &found[0].fixes[0];
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(fix.edits[0].replacement, "收到和处理政府信息公开申请情况");
        assert_eq!(
            &text[fix.edits[0].span.start..fix.edits[0].span.end],
            "收到和处理政府信息公开申请况"
        );
    }

    #[test]
    fn silent_on_accepted_wordings() {
        let cases = [
            (
                "五、存在的主要问题及改进情况",
                "五、政府信息公开工作存在的主要问题及改进情况",
            ),
            ("五、存在的主要问题及改进情况", "五、存在问题及改进情况"),
            (
                "二、主动公开政府信息情况",
                "二、行政机关主动公开政府信息情况",
            ),
            ("二、主动公开政府信息情况", "二．主动公开政府信息情况"),
        ];
        for (from, to) in cases {
            let text = table3_report(&[]).replace(from, to);
            assert!(lint("S004", &text).is_empty(), "{to}");
        }
    }
}
