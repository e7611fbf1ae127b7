//! A rule that panics costs exactly one X001 diagnostic naming it; every
//! other rule still reports what it finds.

use report_lint_panicking_pack::{PanicsOnPurpose, PANIC_MESSAGE};
use report_lint_rules::core::{parse, SourceFile};
use report_lint_rules::{Config, Diagnostic, Linter};
use std::path::Path;

/// A fixture with planted defects of many rules (see fixtures/README.md).
const FIXTURE: &str = "../../fixtures/layouts/one-cell-per-line/defective-2021.txt";

fn lint(config: Config) -> Vec<Diagnostic> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    let bytes = std::fs::read(&path).expect("fixture is readable");
    let report = parse(SourceFile::from_bytes(path.display().to_string(), bytes).expect("UTF-8"));
    Linter::new(config).expect("unique codes").lint(&report)
}

/// The codes of the fixture's `.expected` file (`LINE CODE` per line).
fn expected_codes() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(FIXTURE)
        .with_extension("expected");
    std::fs::read_to_string(path)
        .expect("expected diagnostics")
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_string))
        .collect()
}

#[test]
fn a_panicking_rule_becomes_one_internal_error_and_the_others_still_report() {
    // The panic is expected: keep its message out of the test output.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let with_panic = lint(Config::default());
    std::panic::set_hook(hook);

    let internal: Vec<&Diagnostic> = with_panic.iter().filter(|d| d.code == "X001").collect();
    assert_eq!(internal.len(), 1, "{with_panic:#?}");
    let message = &internal[0].message;
    assert!(
        message.contains(PanicsOnPurpose::META.code) && message.contains(PANIC_MESSAGE),
        "{message}"
    );

    // Everything else is what the linter reports without the rule.
    let without = lint(Config {
        ignore: vec![PanicsOnPurpose::META.code.to_string()],
        ..Config::default()
    });
    let others: Vec<&Diagnostic> = with_panic.iter().filter(|d| d.code != "X001").collect();
    assert_eq!(others, without.iter().collect::<Vec<_>>());

    // And that is the fixture's normal findings.
    let found: Vec<&str> = without.iter().map(|d| d.code).collect();
    for code in expected_codes() {
        assert!(found.contains(&code.as_str()), "{code} missing: {found:?}");
    }
}
