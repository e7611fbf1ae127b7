use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 六个部分的标题是否各只出现一次。
    ///
    /// ## 原因
    /// 出现第二个 `三、收到和处理政府信息公开申请情况`，通常说明某一部分被粘贴了两次
    /// （往往来自上年报告），其中一份的数字是过时的。
    ///
    /// ## 示例
    /// 出现两个 `二、主动公开政府信息情况` 标题：报告第二个，并在第一个上加标注。
    ///
    /// ## 修复安全性
    /// 不提供修复：保留哪一份，由作者决定。
    pub struct DuplicateSection {
        code: "S003",
        name: "duplicate-section",
        family: "structure",
        summary: "同一部分的标题出现了不止一次",
        severity: Error,
        fix: None,
    }
}

impl Check for DuplicateSection {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for (i, section) in report.sections.iter().enumerate() {
            if let Some(first) = report.sections[..i].iter().find(|s| s.kind == section.kind) {
                out.push_with(section.heading, || {
                    Diagnostic::new(
                        &Self::META,
                        section.heading,
                        format!("“{}”重复出现", section.kind.heading()),
                    )
                    .with_label(first.heading, "第一次出现在此")
                });
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_the_second_copy() {
        let text = format!(
            "{}\n二、主动公开政府信息情况\n\n重复。\n",
            table3_report(&[])
        );
        let found = lint("S003", &text);
        assert_eq!(codes(&found), ["S003"]);
        assert_eq!(
            found[0].span.start,
            text.rfind("二、主动公开政府信息情况").unwrap()
        );
    }

    #[test]
    fn silent_when_each_part_appears_once() {
        assert!(lint("S003", &table3_report(&[])).is_empty());
    }
}
