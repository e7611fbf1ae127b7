use report_lint_rule_api::core::template::RequestRow;
use report_lint_rule_api::core::Report;
use report_lint_rule_api::{declare_rule, Check, Diagnostic, RuleContext};

declare_rule! {
    /// ## 检查内容
    /// 表三“四、结转下年度继续办理”的总计是否超过本年应办理申请——“一、本年新收”与
    /// “二、上年结转”两行总计之和——的三分之一。三行中任一行未能逐格读出、或总计不是数字时不检查。
    ///
    /// ## 原因
    /// 《条例》第三十三条规定的答复期限最长为四十个工作日，年底前收到的申请才需要结转。
    /// 结转超过三分之一，多半有逾期未答复的申请，省里要求逐件说明。
    ///
    /// 这条规则需要把两个单元格相加再与第三个比较，配置文件中的规则（`[[rule]]`，
    /// 只比较两个数）写不出来，所以用 Rust 编写；只要求“提到”某些内容的规则写在
    /// `rules/provincial.toml` 中即可。
    ///
    /// ## 示例
    /// 本年新收 6 件、上年结转 0 件，结转下年度 3 件：3 件超过 6 件的三分之一。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct BacklogTooLarge {
        code: "G001",
        name: "backlog-too-large",
        family: "provincial",
        summary: "结转下年度继续办理的申请超过本年应办理申请的三分之一",
        severity: Warning,
        fix: None,
    }
}

impl Check for BacklogTooLarge {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        // `total` is a count only for a row read cell for cell: a row the
        // parser had to guess at checks nothing.
        let (Some(new), Some(carried_over), Some(forward)) = (
            table.total(RequestRow::NewRequests),
            table.total(RequestRow::CarriedOver),
            table.total(RequestRow::CarriedForward),
        ) else {
            return Vec::new();
        };
        let due = new.saturating_add(carried_over);
        // forward > due / 3, in integers.
        if u128::from(forward) * 3 <= u128::from(due) {
            return Vec::new();
        }
        let Some(cell) = table.cell(RequestRow::CarriedForward, 6) else {
            return Vec::new();
        };
        vec![Diagnostic::new(
            &Self::META,
            cell.span,
            format!(
                "结转下年度继续办理 {forward} 件，超过本年应办理申请 {due} 件（新收 {new} 件＋上年结转 {carried_over} 件）的三分之一"
            ),
        )]
    }
}

#[cfg(test)]
mod tests {
    use report_lint_rules::testing::{codes, lint, table3_report};

    fn report(new: u64, carried_over: u64, forward: u64) -> String {
        table3_report(&[
            ("一、本年新收", [new, 0, 0, 0, 0, 0, new]),
            ("二、上年结转", [carried_over, 0, 0, 0, 0, 0, carried_over]),
            ("四、结转下年度", [forward, 0, 0, 0, 0, 0, forward]),
        ])
    }

    #[test]
    fn fires_when_more_than_a_third_is_carried_forward() {
        let text = report(6, 0, 3);
        let found = lint("G001", &text);
        assert_eq!(codes(&found), ["G001"]);
        assert_eq!(
            found[0].message,
            "结转下年度继续办理 3 件，超过本年应办理申请 6 件（新收 6 件＋上年结转 0 件）的三分之一"
        );
        // On the 总计 cell of the 结转 row.
        let line_start = text.find("| 四、结转下年度继续办理").unwrap();
        assert!(found[0].span.start > line_start);
        assert_eq!(&text[found[0].span.start..found[0].span.end], "3");
    }

    #[test]
    fn silent_at_a_third_or_less_and_when_a_row_is_not_read() {
        assert!(lint("G001", &report(6, 3, 3)).is_empty());
        assert!(lint("G001", &report(0, 0, 0)).is_empty());
        // The 结转 row lost a cell: its 总计 is not known.
        let lost = report(6, 0, 3).replace(
            "| 四、结转下年度继续办理 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |",
            "| 四、结转下年度继续办理 | 3 | 0 | 0 | 0 | 0 | 3 |",
        );
        assert!(lint("G001", &lost).is_empty());
    }
}
