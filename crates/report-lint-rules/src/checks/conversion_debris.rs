use crate::{declare_rule, Applicability, Check, Diagnostic, Edit, Fix, RuleContext};
use report_lint_core::{quote, DebrisKind, Report, Span};

declare_rule! {
    /// ## 检查内容
    /// 从网页或镜像网站复制报告时留下的残留：字后的拼音注音（`號(hào)`、`公(gōng)開`），
    /// 以及 HTML 片段（标签前的 `">`、`<br />`）。镜像网站的副本可能带有数百处拼音注音：
    /// 它们合并为一个问题，标在第一处，其修复会删除全部注音（超过 5000 处时一次修复删除前 5000 处，
    /// `report-lint fix` 的下一轮再删除其余的）。HTML 残留则每处报告一次。
    ///
    /// ## 原因
    /// 这些残留不属于报告内容，会使行标签无法识别，也说明文本来自已损坏的副本——
    /// 请与原文核对各项数字。
    ///
    /// ## 示例
    /// `（国务院令第711号(hào)，` → `（国务院令第711号，`；同样，`索 引 號(hào)` 中的 `(hào)`、
    /// `">(三)不予公開` 中的 `">` 都应删除。
    ///
    /// ## 修复安全性
    /// 安全修复（`report-lint fix` 自动应用）：只删除残留内容，
    /// `(一)`、`(2)` 之类的序号不会被改动。
    pub struct ConversionDebris {
        code: "H002",
        name: "conversion-debris",
        family: "hygiene",
        summary: "文本含网页转换残留（拼音注音、HTML 片段）",
        severity: Warning,
        fix: Always,
    }
}

impl Check for ConversionDebris {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let mut out = ctx.findings();
        let pinyin = report
            .view
            .debris
            .iter()
            .filter(|d| d.kind == DebrisKind::Pinyin)
            .map(|d| d.span);
        // One fix removes them all; on a hostile page annotated everywhere
        // it would be as long as the page, so it removes the first
        // MAX_REMOVALS and `fix`'s next pass the next.
        let count = pinyin.clone().count();
        let removed: Vec<Span> = pinyin.take(MAX_REMOVALS).collect();
        if let Some(first) = removed.first() {
            let first_text = quote(report.text(*first));
            let message = match count {
                1 => format!("拼音注音“{first_text}”不属于报告内容"),
                n => format!(
                    "全文有 {n} 处拼音注音（如“{first_text}”），是镜像网站转换的残留，请与原文核对"
                ),
            };
            let title = if removed.len() < count {
                format!("删除前 {} 处拼音注音", removed.len())
            } else {
                "删除全部拼音注音".to_string()
            };
            out.push(
                Diagnostic::new(&Self::META, *first, message).with_fix(removal(&title, &removed)),
            );
        }
        for debris in report
            .view
            .debris
            .iter()
            .filter(|d| d.kind == DebrisKind::Html)
        {
            out.push(
                Diagnostic::new(
                    &Self::META,
                    debris.span,
                    format!(
                        "HTML 残留“{}”不属于报告内容",
                        quote(report.text(debris.span))
                    ),
                )
                .with_fix(removal("删除 HTML 残留", &[debris.span])),
            );
        }
        out.finish()
    }
}

/// Pinyin annotations one fix removes: ten times what the worst mirror
/// copy among the fixtures has (553 in a report of 14 KB).
const MAX_REMOVALS: usize = 5_000;

fn removal(title: &str, spans: &[Span]) -> Fix {
    Fix {
        title: title.into(),
        edits: spans
            .iter()
            .map(|span| Edit {
                span: *span,
                replacement: String::new(),
            })
            .collect(),
        applicability: Applicability::Safe,
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::apply_edits;
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_once_for_all_pinyin_and_the_fix_removes_it() {
        let text = table3_report(&[]).replace(
            "2023年，我局认真落实《条例》。",
            "發(fā)布機(jī)構(gòu)：我局。\n\">(三)不予公开",
        );
        let found = lint("H002", &text);
        assert_eq!(codes(&found), ["H002", "H002"]);
        assert_eq!(
            found[0].message,
            "全文有 3 处拼音注音（如“(fā)”），是镜像网站转换的残留，请与原文核对"
        );
        assert_eq!(found[0].fixes[0].edits.len(), 3);
        let fixed = apply_edits(&text, &found[0].fixes[0].edits);
        assert!(fixed.contains("發布機構：我局。"));
    }

    #[test]
    fn silent_on_ordinals_and_clean_text() {
        assert!(lint("H002", &table3_report(&[])).is_empty());
    }
}
