use crate::{declare_rule, Applicability, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::labels::chinese_numeral;
use report_lint_core::{Report, SectionKind, Span};

declare_rule! {
    /// ## 检查内容
    /// 第一部分“一、总体情况”内按部分序号编号的小标题：
    /// 如 一、总体情况 下的 `二、依申请公开`，按模板提纲应写作 `（二）`。
    /// 只检查短行（不超过 20 个字、不含句号），即标题而非句子。
    ///
    /// ## 原因
    /// 六个部分依次编号为 一 至 六；编号为 `二、` 的小标题读起来像是第二部分的开始，
    /// 打乱了读者据以浏览的提纲。
    ///
    /// ## 示例
    /// `一、总体情况` … `二、依申请公开` → `（二）依申请公开`。
    ///
    /// ## 修复安全性
    /// 不安全修复（需 `--unsafe-fixes`，请人工确认）：序号改写为 `（二）`；
    /// 请确认该行确实是小标题。
    pub struct SubheadingNumberedAsPart {
        code: "S007",
        name: "subheading-numbered-as-part",
        family: "structure",
        summary: "“一、总体情况”下的小标题使用了“二、”这类部分序号（应为“（二）”）",
        severity: Warning,
        fix: Always,
    }
}

/// Longer lines are sentences of a list, not sub-headings.
const MAX_HEADING_CHARS: usize = 20;

/// The number of a line of part 一 that is a sub-heading numbered like a
/// part ("二、依申请公开"), with its numeral; the enumeration rule counts
/// it as "（二）" so that one misnumbering is one finding.
pub(crate) fn part_numbered_subheading(text: &str) -> Option<(u32, char)> {
    let mut chars = text.chars();
    let (Some(numeral), Some('、')) = (chars.next(), chars.next()) else {
        return None;
    };
    if text.chars().count() > MAX_HEADING_CHARS || text.contains('。') {
        return None;
    }
    chinese_numeral(numeral).map(|n| (n, numeral))
}

impl Check for SubheadingNumberedAsPart {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        for p in report.paragraphs_in(SectionKind::Overview) {
            let text = p.text.trim();
            let Some((_, numeral)) = part_numbered_subheading(text) else {
                continue;
            };
            let start = p.view_start + (p.text.len() - p.text.trim_start().len());
            let span = report.view.to_source(Span::new(
                start,
                start + numeral.len_utf8() + '、'.len_utf8(),
            ));
            out.push_with(span, || {
                Diagnostic::new(
                    &Self::META,
                    span,
                    format!("“{text}”是“一、总体情况”下的小标题，应编号为“（{numeral}）”"),
                )
                .with_fix(Fix::replace(
                    format!("改为“（{numeral}）”"),
                    span,
                    format!("（{numeral}）"),
                    Applicability::Unsafe,
                ))
            });
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, with_overview};

    #[test]
    fn fires_on_a_part_numbered_sub_heading() {
        let found = lint(
            "S007",
            &with_overview("（一）主动公开\n\n公开信息100条。\n\n二、依申请公开\n\n收到申请5件。"),
        );
        assert_eq!(codes(&found), ["S007"]);
        assert_eq!(found[0].fixes[0].edits[0].replacement, "（二）");
    }

    #[test]
    fn silent_on_proper_sub_headings_and_list_sentences() {
        let prose = "（一）主动公开\n\n一、坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开。";
        assert!(lint("S007", &with_overview(prose)).is_empty());
    }
}
