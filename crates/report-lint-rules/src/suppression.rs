//! What the engine does with suppression comments (the mechanism is
//! [`report_lint_rule_api::suppression`]): a comment that suppresses
//! nothing or names an unknown code is reported (X002), so stale
//! suppressions do not pile up.
//!
//! Cross-year findings (Y001, Y002) are computed outside [`Linter::lint`]
//! (they need last year's report): [`apply_cross_year`] removes the
//! suppressed ones. Whether a comment naming only cross-year rules is used
//! depends on last year's report, which linting one report does not see,
//! so such a comment is never reported as unused.
//!
//! [`Linter::lint`]: crate::Linter::lint

use crate::diagnostic::Diagnostic;
use crate::{declare_rule, Check, RuleContext};
use report_lint_core::{quote, Report};
pub use report_lint_rule_api::suppression::{allows_comments, Suppressions, Unused};

declare_rule! {
    /// ## 检查内容
    /// 没有抑制任何问题、或写了不存在的规则代码的禁用注释
    /// （`<!-- report-lint-disable … -->`、`<!-- report-lint-disable-next-line … -->`）。
    ///
    /// ## 原因
    /// 问题改正后遗留下来的禁用注释，会悄无声息地掩盖该行今后出现的真实问题。
    ///
    /// ## 示例
    /// 在总计正确的一行上方写了 `<!-- report-lint-disable-next-line B001 -->`。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct UnusedSuppression {
        code: "X002",
        name: "unused-suppression",
        family: "internal",
        summary: "禁用注释没有抑制任何问题，或写了不存在的规则代码",
        severity: Warning,
        fix: None,
    }
}

impl Check for UnusedSuppression {
    fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        Vec::new() // reported by `apply`, which sees what the other rules found
    }
}

/// X002 for each comment that names an unknown code or suppressed
/// nothing, once every finding was asked about; `known` tells the codes of
/// the rules that exist.
pub fn unused(suppressions: &Suppressions, known: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
    suppressions
        .unused(known, is_cross_year)
        .into_iter()
        .map(|u| match u.unknown_code {
            Some(code) => Diagnostic::new(
                &UnusedSuppression::META,
                u.span,
                format!("禁用注释中的规则代码“{}”不存在", quote(&code)),
            ),
            None => Diagnostic::new(
                &UnusedSuppression::META,
                u.span,
                "此禁用注释没有抑制任何问题，可以删除",
            ),
        })
        .collect()
}

/// Whether `code` is one of the rules that compare two years' reports.
fn is_cross_year(code: &str) -> bool {
    code == crate::cross_year::CarryOverMismatch::META.code
        || code == crate::cross_year::CopiedSection::META.code
}

/// Removes the cross-year findings on `report` that its suppression
/// comments cover.
pub fn apply_cross_year(report: &Report, diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.is_empty() {
        return;
    }
    Suppressions::of(report).retain(diagnostics);
}

#[cfg(test)]
mod tests {
    use crate::testing::{table3_report, with_overview};
    use crate::{Config, Linter};
    use report_lint_core::parse_str;

    fn lint_md(text: &str) -> Vec<(&'static str, String)> {
        let linter = Linter::new(Config::default()).expect("unique");
        linter
            .lint(&parse_str("report.md", text))
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect()
    }

    /// Issue 15, 8: a comment between table 四's header and its figures
    /// made the table unreadable (C003, no B004): a comment is never part
    /// of a table, and a row can carry its own at its end.
    #[test]
    fn comments_never_change_how_a_table_is_read() {
        let row = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        let wrong = "| 2 | 1 | 0 | 1 | 5 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        let text = table3_report(&[]).replace(row, wrong);
        let codes =
            |t: &str| -> Vec<&'static str> { lint_md(t).into_iter().map(|(c, _)| c).collect() };
        assert!(codes(&text).contains(&"B004"));

        let above = text.replace(
            wrong,
            &format!("<!-- report-lint-disable-next-line B004 -->\n{wrong}"),
        );
        let found = codes(&above);
        assert!(
            !found.contains(&"C003") && !found.contains(&"B004") && !found.contains(&"X002"),
            "{found:?}"
        );

        let at_end = text.replace(
            wrong,
            &format!("{wrong} <!-- report-lint-disable-line B004 -->"),
        );
        let found = codes(&at_end);
        assert!(
            !found.contains(&"C003") && !found.contains(&"B004") && !found.contains(&"X002"),
            "{found:?}"
        );

        // A comment naming another rule leaves the finding, and is unused.
        let other = text.replace(
            wrong,
            &format!("{wrong} <!-- report-lint-disable-line B001 -->"),
        );
        let found = codes(&other);
        assert!(
            found.contains(&"B004") && found.contains(&"X002"),
            "{found:?}"
        );
    }

    #[test]
    fn next_line_and_ranges_suppress_and_unused_ones_are_reported() {
        let text = table3_report(&[]).replace("一是公开深度不够。", "一是加强。三是完善。");
        assert!(lint_md(&text).iter().any(|(c, _)| *c == "E001"));

        let suppressed = text.replace(
            "一是加强。三是完善。",
            "<!-- report-lint-disable-next-line E001 -->\n一是加强。三是完善。",
        );
        let found = lint_md(&suppressed);
        assert!(
            !found.iter().any(|(c, _)| *c == "E001" || *c == "X002"),
            "{found:?}"
        );

        let ranged = text.replace(
            "一是加强。三是完善。",
            "<!-- report-lint-disable -->\n一是加强。三是完善。\n<!-- report-lint-enable -->",
        );
        assert!(!lint_md(&ranged).iter().any(|(c, _)| *c == "E001"));

        let unused = table3_report(&[]).replace(
            "一是公开深度不够。",
            "<!-- report-lint-disable-next-line B001 -->\n一是公开深度不够。",
        );
        assert_eq!(
            lint_md(&unused)
                .iter()
                .filter(|(c, _)| *c == "X002")
                .count(),
            1
        );

        let unknown = table3_report(&[]).replace(
            "一是公开深度不够。",
            "<!-- report-lint-disable-next-line Q999 -->\n一是公开深度不够。",
        );
        assert!(lint_md(&unknown)
            .iter()
            .any(|(c, m)| *c == "X002" && m.contains("Q999")));
    }

    /// A range ends at the first `enable` naming its code (or none), not
    /// at one naming only another rule.
    #[test]
    fn a_range_ends_at_an_enable_of_its_own_code() {
        let text = with_overview(
            "<!-- report-lint-disable D004 -->\n2019年，甲。\n\n<!-- report-lint-enable B001 -->\n\
             2019年，乙。\n\n<!-- report-lint-enable D004 -->\n2019年，丙。\n\n\
             <!-- report-lint-disable -->\n2019年，丁。",
        );
        let config = Config {
            select: Some(vec!["D004".into(), "X002".into()]),
            ..Config::default()
        };
        let found = Linter::new(config)
            .expect("unique")
            .lint(&parse_str("report.md", &text));
        let codes: Vec<_> = found
            .iter()
            .map(|d| (d.code, &text[d.span.start..]))
            .collect();
        assert_eq!(found.len(), 1, "{codes:?}");
        assert!(text[found[0].span.start..].starts_with("2019年，丙"));
    }

    #[test]
    fn plain_text_has_no_comments_to_honour() {
        let text = table3_report(&[]).replace(
            "一是公开深度不够。",
            "<!-- report-lint-disable -->\n一是加强。三是完善。",
        );
        let linter = Linter::new(Config::default()).expect("unique");
        let found = linter.lint(&parse_str("report.txt", &text));
        assert!(found.iter().any(|d| d.code == "E001"));
    }
}
