use crate::{declare_rule, Applicability, Check, Diagnostic, Edit, Fix, RuleContext};
use report_lint_core::{DebrisKind, Report, Span};

declare_rule! {
    /// ## What it checks
    /// Debris left by copying the report from a web page or a mirror site:
    /// pinyin readings after characters (`號(hào)`, `公(gōng)開`) and HTML
    /// remnants (`">` before a label, `<br />`). A mirror copy can carry
    /// hundreds of pinyin readings: they are one finding, at the first, whose
    /// fix removes them all. HTML remnants are one finding each.
    ///
    /// ## Why
    /// The debris is not part of the report; it makes labels unrecognisable
    /// and is a sign the text came from a corrupted copy — check the figures
    /// against the original.
    ///
    /// ## Example
    /// `索 引 號(hào)` → `索 引 號`; `">(三)不予公開` → `(三)不予公開`.
    ///
    /// ## Fix safety
    /// Safe: only the debris is deleted; `(一)` and `(2)` are never touched.
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
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let pinyin: Vec<Span> = report
            .view
            .debris
            .iter()
            .filter(|d| d.kind == DebrisKind::Pinyin)
            .map(|d| d.span)
            .collect();
        if let Some(first) = pinyin.first() {
            let message = match pinyin.len() {
                1 => format!("拼音注音“{}”不属于报告内容", report.text(*first)),
                n => format!(
                    "全文有 {n} 处拼音注音（如“{}”），是镜像网站转换的残留，请与原文核对",
                    report.text(*first)
                ),
            };
            out.push(
                Diagnostic::new(&Self::META, *first, message)
                    .with_fix(removal("删除全部拼音注音", &pinyin)),
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
                    format!("HTML 残留“{}”不属于报告内容", report.text(debris.span)),
                )
                .with_fix(removal("删除 HTML 残留", &[debris.span])),
            );
        }
        out
    }
}

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
