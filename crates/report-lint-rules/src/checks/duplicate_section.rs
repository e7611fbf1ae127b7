use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::Report;

declare_rule! {
    /// ## What it checks
    /// That each of the six parts has one heading only.
    ///
    /// ## Why
    /// A second `三、收到和处理政府信息公开申请情况` usually means a part was
    /// pasted twice (often from last year's report), so one of the copies
    /// carries stale figures.
    ///
    /// ## Example
    /// Two headings `二、主动公开政府信息情况`: the second is reported, with a
    /// label on the first.
    ///
    /// ## Fix safety
    /// No fix: which copy is right is for the author to decide.
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
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, section) in report.sections.iter().enumerate() {
            if let Some(first) = report.sections[..i].iter().find(|s| s.kind == section.kind) {
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        section.heading,
                        format!("“{}”重复出现", section.kind.heading()),
                    )
                    .with_label(first.heading, "第一次出现在此"),
                );
            }
        }
        out
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
