use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{Report, Span};

declare_rule! {
    /// ## What it checks
    /// A report for 2021 or later that cites 国办公开办函〔2019〕60号 — the
    /// notice of the superseded 2019 trial template — as the basis of its format.
    ///
    /// ## Why
    /// From report year 2021 the format is 国办公开办函〔2021〕30号; citing the old
    /// notice suggests an old template or last year's preamble was reused.
    ///
    /// ## Example
    /// `…按照《…年度报告格式（试行）》（国办公开办函〔2019〕60号）要求编制…` in a 2022 report.
    ///
    /// ## Fix safety
    /// No fix: the sentence should be rewritten, not only renumbered.
    pub struct OutdatedFormatCitation {
        code: "V003",
        name: "outdated-format-citation",
        family: "template",
        summary: "2021年及以后的报告仍以国办公开办函〔2019〕60号为格式依据",
        severity: Warning,
        fix: None,
    }
}

impl Check for OutdatedFormatCitation {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(year) = report.meta.year.as_ref().filter(|y| y.value >= 2021) else {
            return Vec::new();
        };
        let text = &report.view.text;
        // Bracket forms vary: 〔2019〕, [2019], (2019); the view folded full-width ones.
        let Some(found) = ["〔2019〕60号", "[2019]60号", "(2019)60号", "【2019】60号"]
            .iter()
            .find_map(|p| text.find(p).map(|i| (i, p.len())))
        else {
            return Vec::new();
        };
        let span = report.view.to_source(Span::new(found.0, found.0 + found.1));
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
