use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, SectionKind};

declare_rule! {
    /// ## 检查内容
    /// 第五部分（存在的主要问题及改进情况）是否有实际内容：
    /// 该部分为空，或只写了 `无`、`暂无`、`没有`、`无问题`（不计空白、句号和分号，如 `无。`）时报告。
    ///
    /// ## 原因
    /// 《条例》第五十条要求年度报告包括“存在的主要问题及改进情况”；
    /// 评估中会专门点出这一部分空缺的报告（“内容不翔实”）。
    ///
    /// ## 示例
    /// `五、存在的主要问题及改进情况 / 无。`
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct ProblemsSectionEmpty {
        code: "K002",
        name: "problems-section-empty",
        family: "content",
        summary: "第五部分“存在的主要问题及改进情况”为空或只写“无”",
        severity: Warning,
        fix: None,
    }
}

impl Check for ProblemsSectionEmpty {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(section) = report.section(SectionKind::Problems) else {
            return Vec::new();
        };
        // Only a body of a few characters can be one of the empty answers.
        let body: String = report
            .paragraphs_in(SectionKind::Problems)
            .flat_map(|p| p.text.chars())
            .filter(|c| !c.is_whitespace() && !"。.;".contains(*c))
            .take(4)
            .collect();
        if !matches!(body.as_str(), "" | "无" | "暂无" | "没有" | "无问题") {
            return Vec::new();
        }
        vec![Diagnostic::new(
            &Self::META,
            section.heading,
            "第五部分没有写明存在的主要问题及改进情况",
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_an_empty_or_none_part() {
        for filler in ["无。", "暂无", ""] {
            let text = table3_report(&[]).replace("一是公开深度不够。", filler);
            assert_eq!(codes(&lint("K002", &text)), ["K002"], "{filler:?}");
        }
    }

    #[test]
    fn silent_when_problems_are_described() {
        assert!(lint("K002", &table3_report(&[])).is_empty());
    }
}
