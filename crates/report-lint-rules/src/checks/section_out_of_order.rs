use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 六个部分是否按模板顺序（一 → 六）排列。
    ///
    /// ## 原因
    /// 读者和监督检查人员逐个部分比较各机关的报告；模板固定了顺序，
    /// 各机关的报告才能按同样的方式阅读。
    ///
    /// ## 示例
    /// `四、政府信息公开行政复议、行政诉讼情况` 排在
    /// `三、收到和处理政府信息公开申请情况` 之前：报告出现在后面的 `三、…` 标题。
    ///
    /// ## 修复安全性
    /// 不提供修复：整个部分的移动由作者完成。
    pub struct SectionOutOfOrder {
        code: "S002",
        name: "section-out-of-order",
        family: "structure",
        summary: "六个部分的顺序与模板不一致",
        severity: Error,
        fix: None,
    }
}

impl Check for SectionOutOfOrder {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        let mut latest: Option<&report_lint_core::Section> = None;
        for section in &report.sections {
            match latest {
                Some(prev) if section.kind < prev.kind => {
                    out.push_with(section.heading, || {
                        Diagnostic::new(
                            &Self::META,
                            section.heading,
                            format!(
                                "“{}”应在“{}”之前",
                                section.kind.heading(),
                                prev.kind.heading()
                            ),
                        )
                        .with_label(prev.heading, "在此之后出现")
                    });
                }
                Some(prev) if section.kind == prev.kind => {}
                _ => latest = Some(section),
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_when_a_part_comes_too_late() {
        let text = table3_report(&[]);
        let five = text.find("五、存在的主要问题及改进情况").unwrap();
        let six = text.find("六、其他需要报告的事项").unwrap();
        let swapped = format!("{}{}\n{}", &text[..five], &text[six..], &text[five..six]);
        let found = lint("S002", &swapped);
        assert_eq!(codes(&found), ["S002"]);
        assert!(swapped[found[0].span.start..].starts_with("五、"));
    }

    #[test]
    fn silent_in_template_order() {
        assert!(lint("S002", &table3_report(&[])).is_empty());
    }
}
