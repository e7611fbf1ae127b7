use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{NoteKind, Report, TableKind};

declare_rule! {
    /// ## 检查内容
    /// 第二、三、四部分是否以文本形式给出各自的统计表。
    /// 有标题、但其下找不到表格（表格以图片或附件形式发布）时，由本规则报告——
    /// 表格不存在，任何勾稽核对规则都不会对它运行。
    /// 表格的行名、列名在文中、只是无法读成行和列时，不是“未找到”，由 C003 报告一次“未核对该表”。
    ///
    /// ## 原因
    /// 表格是报告的数据。图片无法搜索、比较或核对，使用读屏软件的读者也无法阅读。
    ///
    /// ## 示例
    /// `二、主动公开政府信息情况` 之后直接就是 `三、…`。
    ///
    /// ## 修复安全性
    /// 不提供修复：需要把表格录入为文本。
    pub struct SectionTableMissing {
        code: "S005",
        name: "section-table-missing",
        family: "structure",
        summary: "第二、三、四部分未以文本形式给出统计表（可能以图片发布）",
        severity: Error,
        fix: None,
    }
}

impl Check for SectionTableMissing {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let tables = &report.tables;
        [
            (TableKind::Proactive, tables.proactive.is_some()),
            (TableKind::Requests, tables.requests.is_some()),
            (TableKind::Review, tables.review.is_some()),
        ]
        .into_iter()
        .filter(|(_, found)| !found)
        // Present but unreadable: C003 says so, once.
        .filter(|(kind, _)| {
            !report
                .notes
                .iter()
                .any(|n| n.kind == NoteKind::Unreadable(*kind))
        })
        .filter_map(|(kind, _)| {
            let section = report.section(kind.section())?;
            Some(Diagnostic::new(
                &Self::META,
                section.heading,
                format!(
                    "“{}”下未找到{}（可能以图片或附件发布），无法核对数据",
                    kind.section().heading(),
                    kind.name()
                ),
            ))
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_when_a_table_is_an_image() {
        let text = table3_report(&[]);
        let start = text.find("第二十条第（一）项").unwrap();
        let end = text.find("三、收到和处理").unwrap();
        let text = format!("{}（图片）\n\n{}", &text[..start], &text[end..]);
        let found = lint("S005", &text);
        assert_eq!(codes(&found), ["S005"]);
        assert!(found[0].message.contains("主动公开情况表"));
    }

    #[test]
    fn a_table_present_but_unreadable_is_not_reported_missing() {
        // Table 四 with its cells apart by spaces: its words are there, its
        // cells cannot be told apart.
        let text = table3_report(&[]);
        let start = text.find("| 行政复议 | 行政诉讼 |").unwrap();
        let end = text.find("五、存在的主要问题").unwrap();
        let table = text[start..end].replace(" | ", "  ").replace('|', "");
        let text = format!("{}{table}{}", &text[..start], &text[end..]);
        assert!(lint("S005", &text).is_empty());
        let all = crate::testing::lint_all(&text);
        assert_eq!(codes(&all), ["C003"], "{all:#?}");
        assert!(all[0].message.contains("未核对该表"));
    }

    #[test]
    fn silent_when_tables_are_text() {
        assert!(lint("S005", &table3_report(&[])).is_empty());
    }
}
