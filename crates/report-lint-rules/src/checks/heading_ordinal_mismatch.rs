use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::{Report, Span};

declare_rule! {
    /// ## What it checks
    /// A part heading whose number does not match its title: the template's
    /// order is fixed, so `四、收到和处理政府信息公开申请情况` should be `三、…`.
    /// This catches parts shifted by a deleted or inserted heading, and a
    /// sub-heading of 一 numbered as a top-level part.
    ///
    /// ## Why
    /// Readers and supervisors refer to parts by number; a shifted number
    /// sends them to the wrong part.
    ///
    /// ## Example
    /// `一、总体情况 … 二、依申请公开 … 二、主动公开政府信息情况` → the ordinal of
    /// `三、收到和处理政府信息公开申请情况` written as `四、`.
    ///
    /// ## Fix safety
    /// Unsafe: the number is changed to the title's; if the title is the
    /// wrong part, the title is what needs changing.
    pub struct HeadingOrdinalMismatch {
        code: "S006",
        name: "heading-ordinal-mismatch",
        family: "structure",
        summary: "部分标题的序号与其内容不符（如“四、收到和处理…”）",
        severity: Error,
        fix: Always,
    }
}

impl Check for HeadingOrdinalMismatch {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        report
            .sections
            .iter()
            .filter(|s| usize::from(s.ordinal) != s.kind.index() + 1)
            .map(|s| {
                let written = report
                    .text(s.heading)
                    .chars()
                    .find(|c| !c.is_whitespace() && *c != '#' && *c != '*');
                let start = s.heading.start
                    + report
                        .text(s.heading)
                        .find(|c: char| Some(c) == written)
                        .unwrap_or(0);
                let span = Span::new(start, start + written.map_or(0, char::len_utf8));
                Diagnostic::new(
                    &Self::META,
                    span,
                    format!(
                        "“{}”是第{}部分，序号应为“{}”",
                        s.closest,
                        s.kind.ordinal(),
                        s.kind.ordinal()
                    ),
                )
                .with_fix(Fix::replace(
                    format!("改为“{}”", s.kind.ordinal()),
                    span,
                    s.kind.ordinal(),
                    Applicability::Unsafe,
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_a_shifted_number() {
        let text = table3_report(&[]).replace(
            "三、收到和处理政府信息公开申请情况",
            "四、收到和处理政府信息公开申请情况",
        );
        let found = lint("S006", &text);
        assert_eq!(codes(&found), ["S006"]);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "四");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "三");
    }

    #[test]
    fn silent_when_numbers_match() {
        assert!(lint("S006", &table3_report(&[])).is_empty());
    }
}
