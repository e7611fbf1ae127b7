//! The cap on findings per rule as the engine applies it: after
//! suppression, with the severity the configuration gives, one summary
//! standing for the rest (`report_lint_rule_api::cap`).

use report_lint_core::parse_str;
use report_lint_rules::testing::{lint, with_overview};
use report_lint_rules::{Config, Diagnostic, Linter, Severity, MAX_FINDINGS_PER_RULE};

/// `n` paragraphs of part 一 naming another year (D004 each).
fn stray_years(n: usize) -> String {
    let lines: Vec<String> = (0..n)
        .map(|i| format!("2019年，我局第{i}次会议。"))
        .collect();
    with_overview(&lines.join("\n\n"))
}

#[test]
fn findings_of_a_rule_beyond_the_cap_are_one_finding_that_counts_them() {
    let text = stray_years(MAX_FINDINGS_PER_RULE + 100);
    let found = lint("D004", &text);
    assert_eq!(found.len(), MAX_FINDINGS_PER_RULE + 1);
    let summary = found.iter().find(|d| d.omitted > 0).expect("a summary");
    assert_eq!(summary.omitted, 100);
    assert_eq!(summary.message, "另有 100 处同类问题（D004）未逐一列出");
    assert_eq!((summary.code, summary.severity), ("D004", Severity::Info));
    // At the first year not listed: the 201st.
    let first_omitted = text
        .match_indices("2019年")
        .nth(MAX_FINDINGS_PER_RULE)
        .unwrap()
        .0;
    assert_eq!(summary.span.start, first_omitted);
    let listed = found.iter().filter(|d| d.omitted == 0);
    assert!(listed.clone().all(|d| d.span.start < first_omitted));
    assert_eq!(found.iter().map(Diagnostic::count).sum::<usize>(), 300);

    let exactly = lint("D004", &stray_years(MAX_FINDINGS_PER_RULE));
    assert!(exactly.iter().all(|d| d.omitted == 0));
    assert_eq!(exactly.len(), MAX_FINDINGS_PER_RULE);
}

#[test]
fn the_summary_takes_the_severity_the_configuration_gives_the_rule() {
    let mut config = Config {
        select: Some(vec!["D004".into()]),
        ..Config::default()
    };
    config.severity.insert("D004".into(), Severity::Error);
    let found = Linter::new(config)
        .expect("unique codes")
        .lint(&parse_str("a.txt", &stray_years(MAX_FINDINGS_PER_RULE + 1)));
    assert!(found.iter().all(|d| d.severity == Severity::Error));
    assert_eq!(found.iter().filter(|d| d.omitted == 1).count(), 1);
}

/// A comment that suppresses a finding past the cap is used (no X002),
/// and suppressed findings are neither listed nor counted.
#[test]
fn suppressed_findings_do_not_count_towards_the_cap() {
    let n = MAX_FINDINGS_PER_RULE + 50;
    let mut lines: Vec<String> = (0..n)
        .map(|i| format!("2019年，我局第{i}次会议。"))
        .collect();
    for line in lines.iter_mut().skip(240) {
        *line = format!("<!-- report-lint-disable-next-line D004 -->\n{line}");
    }
    let text = with_overview(&lines.join("\n\n"));
    let config = Config {
        select: Some(vec!["D004".into(), "X002".into()]),
        ..Config::default()
    };
    let found = Linter::new(config)
        .expect("unique codes")
        .lint(&parse_str("a.md", &text));
    assert!(
        !found.iter().any(|d| d.code == "X002"),
        "every comment was used"
    );
    let summary = found.iter().find(|d| d.omitted > 0).expect("a summary");
    assert_eq!(
        summary.omitted, 40,
        "years 200 to 239; 240 to 249 are suppressed"
    );
    assert_eq!(found.len(), MAX_FINDINGS_PER_RULE + 1);
}
