use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::template::RequestRow;
use report_lint_core::{Report, TemplateVersion};

declare_rule! {
    /// ## 检查内容
    /// 表三是否包含模板规定的每一行：2021年版模板有 25 个数据行，
    /// 2019年版有 23 个（其中（六）其他处理只有一行）。
    ///
    /// ## 原因
    /// 漏掉一行会隐藏一部分申请，而且表格的各列勾稽关系（B002、B003）
    /// 只有在各行齐全时才能核对。
    ///
    /// ## 示例
    /// 表格从 `2.其他法律行政法规禁止公开` 直接跳到 `4.保护第三方合法权益`。
    ///
    /// 缺少的行超过五行时，合并为一个问题，列出全部缺少的行。
    ///
    /// ## 修复安全性
    /// 不提供修复：需要补上该行的数字。
    pub struct MissingTableRow {
        code: "L002",
        name: "missing-table-row",
        family: "labels",
        summary: "表三缺少模板规定的行",
        severity: Error,
        fix: None,
    }
}

/// Beyond this many, missing rows are listed in one finding.
const LIST_SEPARATELY: usize = 5;

impl Check for MissingTableRow {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        // A table found but not read (C003 says so) has no rows to miss.
        if table.rows.is_empty() {
            return Vec::new();
        }
        let version = match report.template_evidence.requests {
            TemplateVersion::Unknown => report.template,
            v => v,
        };
        let version = if version == TemplateVersion::Unknown {
            TemplateVersion::V2021
        } else {
            version
        };
        let expected = RequestRow::all(version);
        let missing: Vec<(usize, RequestRow)> = expected
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, key)| table.row(*key).is_none())
            .collect();
        // Point at the row that follows the missing one, where it belongs.
        let anchor = |position: usize| {
            expected[position..]
                .iter()
                .find_map(|key| table.row(*key))
                .map_or(table.span, |row| row.label.span)
        };
        if missing.len() > LIST_SEPARATELY {
            let names: Vec<String> = missing.iter().map(|(_, k)| k.short_name()).collect();
            return vec![Diagnostic::new(
                &Self::META,
                table.span,
                format!("表三缺少 {} 行：{}", missing.len(), names.join("、")),
            )];
        }
        missing
            .into_iter()
            .map(|(position, key)| {
                Diagnostic::new(
                    &Self::META,
                    anchor(position),
                    format!("表三缺少“{}”行", key.label(version)),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_a_dropped_row_at_the_next_one() {
        let text = table3_report(&[]);
        let start = text.find("|  | 3.危及").unwrap();
        let end = start + text[start..].find('\n').unwrap() + 1;
        let text = format!("{}{}", &text[..start], &text[end..]);
        let found = lint("L002", &text);
        assert_eq!(codes(&found), ["L002"]);
        assert_eq!(
            found[0].message,
            "表三缺少“（三）不予公开3.危及“三安全一稳定””行"
        );
        assert!(text[found[0].span.start..].starts_with("4.保护第三方"));
    }

    #[test]
    fn silent_on_a_complete_table() {
        assert!(lint("L002", &table3_report(&[])).is_empty());
    }
}
