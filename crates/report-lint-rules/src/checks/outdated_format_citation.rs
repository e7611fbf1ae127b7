use crate::{declare_rule, Check, Diagnostic, RuleContext};
use regex::Regex;
use report_lint_core::{Report, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 2021年及以后的报告中出现国办公开办函〔2019〕60号
    /// （已被替代的2019年试行模板的通知），通常是仍以它作为格式依据。
    ///
    /// ## 原因
    /// 自2021年度报告起，格式依据为国办公开办函〔2021〕30号；
    /// 引用旧通知，说明可能沿用了旧模板或上年报告的开头段落。
    ///
    /// ## 示例
    /// 2022年度报告中的 `…按照《…年度报告格式（试行）》（国办公开办函〔2019〕60号）要求编制…`。
    ///
    /// `《中华人民共和国政府信息公开工作年度报告格式（试行）》（国办公开办函〔2019〕60号）` →
    /// `《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）`。
    ///
    /// ## 修复安全性
    /// 不提供修复：这句话需要重写，而不只是改文号。
    pub struct OutdatedFormatCitation {
        code: "V003",
        name: "outdated-format-citation",
        family: "template",
        summary: "2021年及以后的报告仍以国办公开办函〔2019〕60号为格式依据",
        severity: Warning,
        fix: None,
    }
}

/// The 2019 notice's number in any bracket form, in one scan of the text.
static CITATION_2019: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[〔\[(【]2019[〕\])】]60号").expect("valid pattern"));

impl Check for OutdatedFormatCitation {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(year) = report.meta.year.as_ref().filter(|y| y.value >= 2021) else {
            return Vec::new();
        };
        // Bracket forms vary: 〔2019〕, [2019], (2019); the view folded full-width ones.
        let Some(found) = CITATION_2019.find(&report.view.text) else {
            return Vec::new();
        };
        let span = report.view.to_source(Span::new(found.start(), found.end()));
        vec![Diagnostic::new(
            &Self::META,
            span,
            format!("{}年度报告引用了已被替代的国办公开办函〔2019〕60号，格式依据应为国办公开办函〔2021〕30号", year.value),
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_in_a_2023_report() {
        let text = table3_report(&[]).replace(
            "认真落实《条例》。",
            "按照国办公开办函〔2019〕60号要求编制本报告。",
        );
        assert_eq!(codes(&lint("V003", &text)), ["V003"]);
    }

    #[test]
    fn silent_with_the_current_notice_or_in_a_2020_report() {
        let text = table3_report(&[]).replace(
            "认真落实《条例》。",
            "按照国办公开办函〔2021〕30号要求编制本报告。",
        );
        assert!(lint("V003", &text).is_empty());
        let old = table3_report(&[]).replace("2023年", "2020年").replace(
            "认真落实《条例》。",
            "按照国办公开办函〔2019〕60号要求编制。",
        );
        assert!(lint("V003", &old).is_empty());
    }
}
