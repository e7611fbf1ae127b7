use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::{Report, Span};

declare_rule! {
    /// ## 检查内容
    /// 序号与标题内容不符的部分标题：模板中各部分的顺序是固定的，
    /// 所以 `四、收到和处理政府信息公开申请情况` 应为 `三、…`。
    /// 可发现因删除或插入标题而整体错位的部分序号，
    /// 包括把“一、总体情况”下的小标题按部分编号所引起的错位。
    ///
    /// ## 原因
    /// 读者和监督检查人员按序号引用各部分；序号错位会把他们引到错误的部分。
    ///
    /// ## 示例
    /// `一、总体情况` 下的小标题写成了 `二、依申请公开`，其后各部分依次顺延：
    /// `三、主动公开政府信息情况`、`四、收到和处理政府信息公开申请情况`……
    /// 这些标题都会被报告，如 `四、收到和处理政府信息公开申请情况` 的序号应为 `三、`。
    ///
    /// 单独一个标题写错序号：`四、收到和处理政府信息公开申请情况` → `三、收到和处理政府信息公开申请情况`。
    ///
    /// ## 修复安全性
    /// 不安全修复（需 `--unsafe-fixes`，请人工确认）：序号改为与标题相符的序号；
    /// 如果错的是标题（本该是另一部分的标题），应修改标题。
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
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for s in report
            .sections
            .iter()
            .filter(|s| usize::from(s.ordinal) != s.kind.index() + 1)
        {
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
            out.push(
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
                )),
            );
        }
        out.finish()
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
