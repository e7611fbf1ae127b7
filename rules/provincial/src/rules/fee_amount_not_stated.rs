use report_lint_rules::core::{Report, SectionKind};
use report_lint_rules::{declare_rule, Check, Diagnostic, RuleContext};

declare_rule! {
    /// ## 检查内容
    /// 第六部分是否写明了信息处理费的收取金额（`共计400元`），
    /// 或明确说明未收取（`未收取`、`没有产生`、`0元`）。
    /// 提到信息处理费、但两者都没有写的，予以报告。
    ///
    /// ## 原因
    /// 省里要汇总各机关收取的信息处理费；只写“按规定收取信息处理费”而没有金额，无法汇总。
    ///
    /// ## 示例
    /// `严格按照《政府信息公开信息处理费管理办法》收取信息处理费。` → 写明金额。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct FeeAmountNotStated {
        code: "G002",
        name: "fee-amount-not-stated",
        family: "provincial",
        summary: "第六部分提到信息处理费但未写明收取金额或“未收取”",
        severity: Warning,
        fix: None,
    }
}

const NONE_COLLECTED: [&str; 6] = ["未收取", "没有收取", "未产生", "没有产生", "不收取", "0元"];

impl Check for FeeAmountNotStated {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(section) = report.section(SectionKind::Other) else {
            return Vec::new();
        };
        let prose = report.section_prose(SectionKind::Other);
        if !prose.contains("处理费") || NONE_COLLECTED.iter().any(|w| prose.contains(w)) {
            return Vec::new();
        }
        // "400元", "400 元", "0.04万元": a figure right before the unit.
        let amount = prose.match_indices('元').any(|(i, _)| {
            let before = prose[..i].trim_end();
            let before = before.strip_suffix('万').unwrap_or(before).trim_end();
            before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
        });
        if amount {
            return Vec::new();
        }
        vec![Diagnostic::new(
            &Self::META,
            section.heading,
            "第六部分应写明信息处理费的收取金额（未收取的写明“未收取”）",
        )]
    }
}

#[cfg(test)]
mod tests {
    use report_lint_rules::testing::{codes, lint, table3_report};

    fn with_part_six(text: &str) -> String {
        table3_report(&[]).replace("本年度未收取信息处理费。", text)
    }

    #[test]
    fn fires_when_the_fee_is_mentioned_without_an_amount() {
        let text = with_part_six("严格按照《政府信息公开信息处理费管理办法》收取信息处理费。");
        assert_eq!(codes(&lint("G002", &text)), ["G002"]);
    }

    #[test]
    fn silent_with_an_amount_or_none_collected() {
        for part in [
            "本年度收取信息处理费共计400元。",
            "本年度未收取信息处理费。",
        ] {
            assert!(lint("G002", &with_part_six(part)).is_empty(), "{part}");
        }
    }
}
