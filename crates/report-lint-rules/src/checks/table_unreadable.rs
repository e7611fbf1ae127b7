use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{NoteKind, ParseNote, Report, TableKind};

declare_rule! {
    /// ## 检查内容
    /// 表格中无法确定读取的部分：单元格数多于或少于列数的行
    /// （PDF/OCR 转换时单元格粘连或丢失），或标签不属于模板的行。
    ///
    /// ## 原因
    /// “无法读取”不等于“有错”。某一行的各列无法区分时，不会对它运行任何勾稽核对规则——
    /// 本问题就是提示这一点，以便重新录入该行或人工核对。
    ///
    /// 每张表只报告一次：第一处无法读取的位置为主位置，其余各处作为附注列出。
    /// 默认级别为“提示”（info）：它说的是“未能核对”，不是“有错”；需要把它当作警告的，
    /// 可在配置的 `[severity]` 中写 `C003 = "warning"`。
    ///
    /// ## 示例
    /// `（一）予以公开 | 3 | 0 | 0 | 3`——应有 7 个单元格，只有 4 个。
    ///
    /// `4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 1 |` → `4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |`。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct TableUnreadable {
        code: "C003",
        name: "table-unreadable",
        family: "cells",
        summary: "表格有部分无法准确读取（单元格缺失或粘连），未核对该部分",
        severity: Info,
        fix: None,
    }
}

impl Check for TableUnreadable {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        report
            .notes
            .iter()
            .fold(
                Vec::<(TableKind, Vec<&ParseNote>)>::new(),
                |mut tables, note| {
                    let NoteKind::Unreadable(table) = note.kind;
                    match tables.iter_mut().find(|(t, _)| *t == table) {
                        Some((_, notes)) => notes.push(note),
                        None => tables.push((table, vec![note])),
                    }
                    tables
                },
            )
            .into_iter()
            .map(|(table, notes)| one_per_table(table, &notes))
            .collect()
    }
}

/// One finding for a table, however many of its rows could not be read:
/// the first place is the finding's, the others are its labels.
fn one_per_table(table: TableKind, notes: &[&ParseNote]) -> Diagnostic {
    let first = notes[0];
    if notes.len() == 1 {
        return Diagnostic::new(&TableUnreadable::META, first.span, first.message.clone());
    }
    let message = format!(
        "{}有{}处无法准确读取，这些行未核对：{}",
        short_name(table),
        notes.len(),
        first.message
    );
    let mut found = Diagnostic::new(&TableUnreadable::META, first.span, message);
    for note in notes[1..].iter().take(MAX_LABELS) {
        found = found.with_label(note.span, note.message.clone());
    }
    found
}

/// Places shown as labels: every row of any real table (table 三 has 25),
/// not every line of a text that is one endless broken table.
const MAX_LABELS: usize = 30;

fn short_name(table: TableKind) -> &'static str {
    match table {
        TableKind::Proactive => "表二",
        TableKind::Requests => "表三",
        TableKind::Review => "表四",
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, lint_all, table3_report};
    use crate::Severity;

    #[test]
    fn fires_on_a_row_with_missing_cells_and_checks_nothing_there() {
        let text = table3_report(&[("（七）总计", [5, 0, 0, 0, 0, 0, 5])]).replacen(
            "| （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| （一）予以公开 | 5 | 0 | 0 | 5 |",
            1,
        );
        let found = lint("C003", &text);
        assert_eq!(codes(&found), ["C003"]);
        assert!(found[0].message.contains("读到4个单元格，应为7个"));
        // The 5 in （七）总计 cannot be checked against an unreadable row.
        assert!(!codes(&lint_all(&text)).contains(&"B002"));
    }

    #[test]
    fn several_unreadable_rows_of_one_table_are_one_finding_of_severity_info() {
        let text = table3_report(&[])
            .replacen(
                "| （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
                "| （一）予以公开 | 0 | 0 | 0 |",
                1,
            )
            .replacen(
                "| （七）总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
                "| （七）总计 | 0 | 0 |",
                1,
            );
        let found = lint("C003", &text);
        assert_eq!(codes(&found), ["C003"]);
        assert_eq!(found[0].severity, Severity::Info);
        assert!(found[0].message.starts_with("表三有2处无法准确读取"));
        assert_eq!(found[0].labels.len(), 1);
        assert!(found[0].labels[0].message.contains("（七）总计"));
    }

    #[test]
    fn a_table_3_with_figures_glued_to_its_labels_is_one_finding_and_nothing_else() {
        // Cells apart by two spaces, as text copied out of a document can be.
        let text = table3_report(&[]);
        let start = text.find("| 一、本年新收").unwrap();
        let end = text.find("四、政府信息公开行政复议").unwrap();
        let table = text[start..end].replace(" | ", "  ").replace('|', "");
        let text = format!("{}{table}{}", &text[..start], &text[end..]);
        let found = lint_all(&text);
        assert_eq!(codes(&found), ["C003"], "{found:#?}");
        assert!(found[0].message.contains("行名与数字连在一起"));
    }

    #[test]
    fn silent_on_a_complete_table() {
        assert!(lint("C003", &table3_report(&[])).is_empty());
    }
}
