use crate::{declare_rule, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::labels;
use report_lint_core::template::{RequestRow, TemplateVersion};
use report_lint_core::{quote, Report, Span};

declare_rule! {
    /// ## 检查内容
    /// 已识别、但措辞与模板不一致的表三行标签，
    /// 如把 `2.其他法律行政法规禁止公开` 写成 `2.其他法律行政止公开`。
    /// 空格、标点的全角/半角、引号样式和繁体字不算差异。
    ///
    /// ## 原因
    /// 行标签界定了每一行统计的内容；标签写错既显得不严谨，
    /// 也会让读者和工具难以找到该行。
    ///
    /// ## 示例
    /// `2.其他法律行政止公开` → `2.其他法律行政法规禁止公开`。
    ///
    /// ## 修复安全性
    /// 简体字报告中为安全修复（`report-lint fix` 自动应用）：行序号之后的文字替换为模板措辞。
    /// 繁体字报告中为不安全修复（需 `--unsafe-fixes`，请人工确认），因为替换内容是简体字。
    pub struct RowLabelMisprint {
        code: "L001",
        name: "row-label-misprint",
        family: "labels",
        summary: "表三行标签与模板措辞不符（错字、漏字）",
        severity: Warning,
        fix: Always,
    }
}

/// The template's words for a row, without its ordinals.
fn canonical_words(key: RequestRow) -> String {
    if let Some((group, k)) = key.group().zip(key.sub_index()) {
        return group.sub_rows(TemplateVersion::V2021)[k as usize - 1].to_string();
    }
    let label = key.label(TemplateVersion::V2021);
    label[labels::split(&label).words_start..].to_string()
}

impl Check for RowLabelMisprint {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for row in table.rows.iter().filter(|r| !r.exact_label) {
            let words = canonical_words(row.key);
            let written = report.text(row.label.span);
            // Replace only the words after the row's own ordinals ("（一）", "1.").
            let span = Span::new(
                row.label.span.start + labels::split(written).words_start,
                row.label.span.end,
            );
            out.push(
                Diagnostic::new(
                    &Self::META,
                    span,
                    format!(
                        "行标签“{}”与模板不符，应为“{words}”",
                        quote(report.text(span))
                    ),
                )
                .with_fix(Fix::template_wording(span, &words, report.script)),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_a_misprinted_sub_row_with_a_fix() {
        let text = table3_report(&[]).replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开");
        let found = lint("L001", &text);
        assert_eq!(codes(&found), ["L001"]);
        let edit = &found[0].fixes[0].edits[0];
        assert_eq!(&text[edit.span.start..edit.span.end], "其他法律行政止公开");
        assert_eq!(edit.replacement, "其他法律行政法规禁止公开");
    }

    #[test]
    fn silent_on_template_wording_in_any_width_or_quotes() {
        assert!(lint("L001", &table3_report(&[])).is_empty());
        let text = table3_report(&[])
            .replace("危及“三安全一稳定”", "危及\"三安全一稳定\"")
            .replace("（一）予以公开", "(一)予以公开");
        assert!(lint("L001", &text).is_empty());
    }
}
