use crate::checks::table_headers::{headers, Header};
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::Report;

declare_rule! {
    /// ## 检查内容
    /// 表二、表三、表四的表头是否写全了模板规定的列名：
    /// 表三 `申请人情况`、`自然人`、`法人或其他组织`、五类法人和 `总计`；
    /// 表四 `行政复议`、`行政诉讼`、`未经复议直接起诉`、`复议后起诉`，
    /// 以及三组各一遍的 `结果维持`、`结果纠正`、`其他结果`、`尚未审结`、`总计`；
    /// 表二各项的列名（如 `本年制发件数`、`本年废止件数`、`现行有效件数`）。
    /// 只有读到了表头大部分列名时才检查；表头是图片或版式不含表头时不报告。
    ///
    /// ## 原因
    /// 缺了列名，读者无法知道某一列是什么。最常见的是表四只写了
    /// 四个结果列、漏掉三个 `总计`，于是 15 个数字对应 12 个列名。
    ///
    /// ## 示例
    /// 表四表头 `结果维持 结果纠正 其他结果 尚未审结` 每组重复一次，但没有 `总计`。
    ///
    /// ## 修复安全性
    /// 不提供修复：列名的位置取决于表格的版式。
    pub struct MissingColumnHeader {
        code: "L004",
        name: "missing-column-header",
        family: "labels",
        summary: "表二、表三、表四的表头缺少模板规定的列名",
        severity: Warning,
        fix: None,
    }
}

impl Check for MissingColumnHeader {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for header in headers(report) {
            let Some(first) = header.cells.first() else {
                continue;
            };
            let counts = header.counts();
            if !Header::was_read(&counts) {
                continue;
            }
            let missing: Vec<String> = counts
                .into_iter()
                .filter(|(_, expected, found)| found < expected)
                .map(|(word, expected, found)| match expected {
                    1 => format!("“{word}”"),
                    _ => format!("“{word}”（应有{expected}处，只有{found}处）"),
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            out.push(Diagnostic::new(
                &Self::META,
                first.span,
                format!(
                    "{}的表头缺少列名{}",
                    header.table.name(),
                    missing.join("、")
                ),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_when_table_four_lacks_its_totals() {
        let text = table3_report(&[]).replace("| 尚未审结 | 总计 |", "| 尚未审结 |");
        let found = lint("L004", &text);
        assert_eq!(codes(&found), ["L004"]);
        assert_eq!(
            found[0].message,
            "行政复议、行政诉讼情况表（四）的表头缺少列名“总计”（应有3处，只有0处）"
        );
        assert_eq!(&text[found[0].span.start..found[0].span.end], "行政复议");
    }

    #[test]
    fn fires_when_a_column_of_table_three_or_two_is_missing() {
        let text = table3_report(&[])
            .replace("| 科研机构 |", "|")
            .replace("| 本年废止件数 |", "|");
        let found = lint("L004", &text);
        assert_eq!(codes(&found), ["L004", "L004"]);
        assert!(
            found[0].message.ends_with("缺少列名“本年废止件数”"),
            "{}",
            found[0].message
        );
        assert!(
            found[1].message.ends_with("缺少列名“科研机构”"),
            "{}",
            found[1].message
        );
    }

    #[test]
    fn silent_on_a_complete_header_however_it_is_split_or_misprinted() {
        assert!(lint("L004", &table3_report(&[])).is_empty());
        let text = table3_report(&[]).replace("| 社会公益组织 |", "| 社会 | 公益 | 组织 |");
        assert!(lint("L004", &text).is_empty());
        // A misprint is L003's finding, not a missing column.
        let text = table3_report(&[]).replacen("| 结果维持 |", "| 结果维护 |", 1);
        assert!(lint("L004", &text).is_empty());
    }

    #[test]
    fn silent_on_table_two_when_its_template_is_unknown() {
        // None of table 二's labels tells 2019 from 2021: no columns to expect.
        let text = table3_report(&[])
            .replace(
                "| 本年制发件数 | 本年废止件数 | 现行有效件数 |",
                "| 制发 | 废止 | 有效 |",
            )
            .replace("本年收费金额（单位：万元）", "收费");
        assert!(lint("L004", &text).is_empty(), "{:?}", lint("L004", &text));
    }

    #[test]
    fn silent_when_the_header_was_not_written_out() {
        let text = table3_report(&[])
            .replace("| 行政复议 | 行政诉讼 |\n", "| 行政复议 |\n")
            .replace("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n", "")
            .replace("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n", "");
        assert!(lint("L004", &text).is_empty());
    }
}
