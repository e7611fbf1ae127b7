use crate::{declare_rule, Check, Diagnostic, Fix, RuleContext};
use report_lint_core::template::{PROACTIVE_2019, PROACTIVE_2021};
use report_lint_core::{labels, quote, Report, Span};

declare_rule! {
    /// ## 检查内容
    /// 表二（主动公开政府信息情况）中已识别、但措辞与模板不一致的行标签，
    /// 如 `行政规范性文伴`（应为 `行政规范性文件`）、`行政事业性收废`（应为 `行政事业性收费`）。
    /// 2019年版和2021年版模板的行标签都认可；空格、标点和繁体字不算差异，
    /// 镜像网站把 `规范性文件` 转成的 `規範性檔案` 也不算差异。
    ///
    /// ## 原因
    /// 行标签界定了每一行统计的内容；标签写错既显得不严谨，
    /// 也会让读者和工具难以找到该行。
    ///
    /// ## 示例
    /// `行政规范性文伴 | 4` → `行政规范性文件 | 4`。
    ///
    /// ## 修复安全性
    /// 简体字报告中为安全修复：标签文字替换为模板措辞。
    /// 繁体字报告中为不安全修复（需 `--unsafe-fixes`），因为替换内容是简体字。
    pub struct ProactiveRowLabelMisprint {
        code: "L005",
        name: "proactive-row-label-misprint",
        family: "labels",
        summary: "表二行标签与模板措辞不符（错字、漏字）",
        severity: Warning,
        fix: Always,
    }
}

impl Check for ProactiveRowLabelMisprint {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.proactive else {
            return Vec::new();
        };
        // The rows of both templates, as comparison keys with their wording.
        let rows: Vec<(String, &'static str)> = PROACTIVE_2021
            .iter()
            .chain(PROACTIVE_2019.iter())
            .flat_map(|b| b.rows.iter())
            .map(|r| (labels::key(r), *r))
            .collect();
        let mut out = Vec::new();
        for row in table.blocks.iter().flat_map(|b| &b.rows) {
            let written = labels::split(&row.label.text);
            if rows.iter().any(|(k, _)| *k == written.key) {
                continue;
            }
            let candidates = rows.iter().map(|(k, r)| (k.as_str(), *r));
            let Some((canonical, _)) = labels::best_match(&written.key, candidates) else {
                continue;
            };
            let span = Span::new(
                row.label.span.start + written.words_start,
                row.label.span.end,
            );
            out.push(
                Diagnostic::new(
                    &Self::META,
                    span,
                    format!(
                        "表二行标签“{}”与模板不符，应为“{canonical}”",
                        quote(report.text(span))
                    ),
                )
                .with_fix(Fix::template_wording(span, canonical, report.script)),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_a_misprinted_row_with_a_fix() {
        let text = table3_report(&[]).replace("| 行政规范性文件 |", "| 行政规范性文伴 |");
        let found = lint("L005", &text);
        assert_eq!(codes(&found), ["L005"]);
        let edit = &found[0].fixes[0].edits[0];
        assert_eq!(&text[edit.span.start..edit.span.end], "行政规范性文伴");
        assert_eq!(edit.replacement, "行政规范性文件");
    }

    #[test]
    fn silent_on_the_wording_of_either_template() {
        assert!(lint("L005", &table3_report(&[])).is_empty());
        let text = table3_report(&[])
            .replace("| 行政规范性文件 |", "| 规范性文件 |")
            .replace("| 行政许可 |", "| 行 政 许 可 |");
        assert!(lint("L005", &text).is_empty());
    }
}
