//! The registry is complete and well-formed. A rule whose crate the linker
//! dropped would vanish from the snapshot below.

use report_lint_rules::rule::check_unique;
use report_lint_rules::{registry, FixAvailability, RuleMeta, Severity};

#[test]
fn registered_rules_snapshot() {
    let rules = registry().expect("codes are unique");
    let listing: Vec<String> = rules
        .iter()
        .map(|r| {
            format!(
                "{} {} [{}] {:?} {}",
                r.meta.code, r.meta.name, r.meta.family, r.meta.severity, r.meta.pack
            )
        })
        .collect();
    insta::assert_snapshot!(listing.join("\n"));
}

#[test]
fn every_rule_is_documented() {
    for rule in registry().expect("codes are unique") {
        let docs = rule.meta.docs;
        for heading in ["## 检查内容", "## 原因", "## 修复安全性"] {
            assert!(docs.contains(heading), "{} lacks {heading}", rule.meta.code);
        }
        let is_kebab = rule
            .meta
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-');
        assert!(is_kebab, "{} name {}", rule.meta.code, rule.meta.name);
        assert!(!rule.meta.summary.is_empty());
    }
}

#[test]
fn a_duplicate_code_is_an_error_naming_both_packs() {
    let meta = |pack| RuleMeta {
        code: "B001",
        name: "x",
        family: "balance",
        summary: "x",
        severity: Severity::Error,
        fix: FixAvailability::None,
        docs: "",
        pack,
        options: &[],
    };
    let (a, b) = (meta("report-lint-rules"), meta("some-pack"));
    let err = check_unique([&a, &b]).unwrap_err();
    assert_eq!(err.code, "B001");
    assert!(err.to_string().contains("some-pack"));
}
