use crate::checks::percent::{self, Agreement};
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::template::{RequestRow, REQUEST_TOTAL_COLUMN};
use report_lint_core::Report;

declare_rule! {
    /// ## What it checks
    /// A 公开率 (disclosure rate) in the prose (`公开率为30.80%`) against
    /// table 三: (（一）予以公开 + （二）部分公开) ÷ the requests handled, where
    /// “handled” may be （七）总计, 本年新收 or 本年新收 + 上年结转 (any agreeing
    /// is enough), within half a unit of the last written digit.
    ///
    /// ## Why
    /// 公开率 is the figure readers quote most; it must follow from the table.
    ///
    /// ## Example
    /// （一）70 + （二）11 = 81 of 263 handled: `公开率为30.80%` is right,
    /// `公开率为31.80%` is not.
    ///
    /// ## Fix safety
    /// No fix: the intended denominator is not certain.
    pub struct DisclosureRateMismatch {
        code: "P006",
        name: "disclosure-rate-mismatch",
        family: "prose",
        summary: "正文“公开率”与表三（予以公开＋部分公开）÷ 办理总数不符",
        severity: Warning,
        fix: None,
    }
}

impl Check for DisclosureRateMismatch {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let total = |key| {
            table
                .cell(key, REQUEST_TOTAL_COLUMN)
                .and_then(|c| c.value.as_count())
                .map(u128::from)
        };
        let (Some(granted), Some(partly)) =
            (total(RequestRow::Granted), total(RequestRow::PartlyGranted))
        else {
            return Vec::new();
        };
        let disclosed = granted + partly;
        let new = total(RequestRow::NewRequests);
        let denominators: Vec<u128> = [
            total(RequestRow::ResultsTotal),
            new,
            new.zip(total(RequestRow::CarriedOver)).map(|(n, c)| n + c),
        ]
        .into_iter()
        .flatten()
        .filter(|d| *d >= disclosed && *d > 0)
        .collect();
        let Some(first) = denominators.first().copied() else {
            return Vec::new();
        };
        report
            .percents
            .iter()
            .filter(|p| p.subject.contains("公开率") && p.count.is_none())
            .filter(|p| denominators.iter().all(|d| percent::agreement(disclosed, *d, p.value) != Agreement::Rounded))
            .map(|p| {
                let expected = percent::rounded(disclosed, first, p.value.scale);
                Diagnostic::new(
                    &Self::META,
                    p.span,
                    format!(
                        "公开率应为 {expected}%（（{granted}+{partly}）÷ {first}，按表三），实为 {}%",
                        p.value
                    ),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    fn report(sentence: &str) -> String {
        table3_report(&[
            ("一、本年新收", [10, 0, 0, 0, 0, 0, 10]),
            ("（一）予以公开", [3, 0, 0, 0, 0, 0, 3]),
            ("（二）部分公开", [1, 0, 0, 0, 0, 0, 1]),
            ("（四）无法提供1.", [6, 0, 0, 0, 0, 0, 6]),
            ("（七）总计", [10, 0, 0, 0, 0, 0, 10]),
        ])
        .replace("2023年，我局认真落实《条例》。", sentence)
    }

    #[test]
    fn fires_when_the_rate_does_not_follow_from_the_table() {
        let found = lint("P006", &report("全年公开率为45.00%。"));
        assert_eq!(codes(&found), ["P006"]);
        assert_eq!(
            found[0].message,
            "公开率应为 40.00%（（3+1）÷ 10，按表三），实为 45.00%"
        );
    }

    #[test]
    fn silent_when_it_does_or_is_not_a_disclosure_rate() {
        for sentence in ["全年公开率为40%。", "满意率93.75%。"] {
            assert!(lint("P006", &report(sentence)).is_empty(), "{sentence}");
        }
    }
}
