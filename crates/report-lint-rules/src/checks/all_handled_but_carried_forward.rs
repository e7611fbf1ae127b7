use crate::{declare_rule, Check, Diagnostic, RuleContext};
use regex::Regex;
use report_lint_core::template::{RequestRow, REQUEST_TOTAL_COLUMN};
use report_lint_core::Report;
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 正文称申请已全部办结（`全部办结`、`均已办结`、`无结转`等），
    /// 而表三“四、结转下年度继续办理”的总计不为 0。
    ///
    /// ## 原因
    /// 结转下年度的申请本身就是尚未办结的申请，两种说法必有一处有误。
    ///
    /// ## 示例
    /// 正文写 `均已按时办结`，而表三四、结转下年度继续办理的总计为 3。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct AllHandledButCarriedForward {
        code: "P005",
        name: "all-handled-but-carried-forward",
        family: "prose",
        summary: "正文称申请全部办结，但表三有结转下年度的申请",
        severity: Warning,
        fix: None,
    }
}

const ALL_DONE: [&str; 9] = [
    "全部办结",
    "均已办结",
    "均按时办结",
    "均已按时办结",
    "全部按时办结",
    "已全部办结",
    "均已按期办结",
    "全部办理完毕",
    "无结转",
];

/// The phrases as one pattern: one scan of each paragraph finds any of them.
static ALL_DONE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&ALL_DONE.map(regex::escape).join("|")).expect("valid pattern"));

impl Check for AllHandledButCarriedForward {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let Some(cell) = table.cell(RequestRow::CarriedForward, REQUEST_TOTAL_COLUMN) else {
            return Vec::new();
        };
        let Some(carried) = cell.value.as_count().filter(|n| *n > 0) else {
            return Vec::new();
        };
        let mut out = ctx.findings();
        for p in &report.paragraphs {
            if let Some((i, word)) = ALL_DONE_RE.find(&p.text).map(|m| (m.start(), m.as_str())) {
                let span = report.view.to_source(report_lint_core::Span::new(
                    p.view_start + i,
                    p.view_start + i + word.len(),
                ));
                out.push(
                    Diagnostic::new(
                        &Self::META,
                        span,
                        format!("正文称“{word}”，但表三四、结转下年度继续办理为 {carried}"),
                    )
                    .with_label(cell.span, "结转下年度"),
                );
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    fn report(sentence: &str, carried: u64) -> String {
        table3_report(&[
            ("一、本年新收", [5, 0, 0, 0, 0, 0, 5]),
            ("（一）予以公开", [5 - carried, 0, 0, 0, 0, 0, 5 - carried]),
            ("（七）总计", [5 - carried, 0, 0, 0, 0, 0, 5 - carried]),
            ("四、结转下年度", [carried, 0, 0, 0, 0, 0, carried]),
        ])
        .replace("2023年，我局认真落实《条例》。", sentence)
    }

    #[test]
    fn fires_when_requests_were_carried_forward() {
        let found = lint("P005", &report("全年收到申请5件，均已按时办结。", 2));
        assert_eq!(codes(&found), ["P005"]);
    }

    #[test]
    fn silent_when_nothing_is_carried_forward() {
        assert!(lint("P005", &report("全年收到申请5件，均已按时办结。", 0)).is_empty());
        assert!(lint("P005", &report("全年收到申请5件，3件已办结。", 2)).is_empty());
    }
}
