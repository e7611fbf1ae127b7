//! The article of real fixtures: a snapshot of the page, and the findings
//! it lists and embeds are the ones `check --format json` prints.

use report_lint_core::{parse, SourceFile};
use report_lint_html::{article, document, findings, Counts, Entry, ReportView};
use report_lint_rules::identities::identity_checks;
use report_lint_rules::{Config, Linter};
use std::path::Path;

fn render(relative: &str) -> (String, serde_json::Value, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    let bytes = std::fs::read(&path).unwrap();
    let source = SourceFile::from_bytes(relative, bytes).unwrap();
    let report = parse(source);
    let linter = Linter::new(Config::default()).unwrap();
    let diagnostics = linter.lint(&report);
    let checks = identity_checks(&report);
    let view = ReportView {
        source: &report.source,
        diagnostics: &diagnostics,
        checks: &checks,
    };
    let html = article(&view, "0");
    let json = serde_json::to_value(findings::convert(&report.source, &diagnostics)).unwrap();
    (html, json, diagnostics.len())
}

fn embedded(html: &str) -> serde_json::Value {
    let start = html.find("class=\"findings-json\">").unwrap() + "class=\"findings-json\">".len();
    let end = html[start..].find("</script>").unwrap() + start;
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn markdown_report_snapshot() {
    let (html, json, count) = render("fixtures/edge/markdown-blank-total.md");
    assert!(count > 0);
    assert_eq!(html.matches("<li class=\"finding ").count(), count);
    assert_eq!(embedded(&html), json);
    let page = document(
        "检查结果",
        &[Entry {
            name: "fixtures/edge/markdown-blank-total.md".into(),
            id: "0".into(),
            report: Some((html, Counts::default())),
            failure: None,
            codes: vec!["B001"],
        }],
        &["B001"],
    );
    // The style is the same every time; the snapshot is about the markup.
    let page = page.replace(report_lint_html::STYLE, "…");
    insta::assert_snapshot!(page);
}

#[test]
fn html_page_report_lists_every_finding_and_embeds_the_json() {
    let (html, json, count) = render("fixtures/html/report-2021.html");
    assert_eq!(html.matches("<li class=\"finding ").count(), count);
    assert_eq!(embedded(&html), json);
    // The page's markup never leaks: no attribute of it survives.
    assert!(!html.contains("style="));
    insta::assert_snapshot!(html);
}
