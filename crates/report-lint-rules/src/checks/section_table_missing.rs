use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, TableKind};

declare_rule! {
    /// ## What it checks
    /// That parts 二, 三 and 四 contain their statistics table as text. When
    /// the heading is there but no table can be found under it (the table
    /// was published as an image or an attachment), this rule reports it —
    /// and no balance rule runs on a table that is not there.
    ///
    /// ## Why
    /// The tables are the report's data. An image cannot be searched,
    /// compared or checked, and readers with screen readers cannot read it.
    ///
    /// ## Example
    /// `二、主动公开政府信息情况` followed directly by `三、…`.
    ///
    /// ## Fix safety
    /// No fix: the table has to be typed in.
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
    fn silent_when_tables_are_text() {
        assert!(lint("S005", &table3_report(&[])).is_empty());
    }
}
