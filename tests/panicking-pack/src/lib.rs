//! A rule pack for tests only: its one rule panics on every report, the way
//! a buggy third-party rule might. Nothing links it but its own test.

use report_lint_rule_api::core::Report;
use report_lint_rule_api::{declare_rule, Check, Diagnostic, RuleContext};

/// What the rule's panic says, so a test can find it in the X001 message.
pub const PANIC_MESSAGE: &str = "panicking-pack: this rule always fails";

declare_rule! {
    /// ## What it checks
    /// Nothing: it panics, to test that the engine survives a crashing rule.
    ///
    /// ## Why
    /// A rule pack is third-party code. A bug in it must cost one
    /// internal-error diagnostic, never the other rules' findings.
    ///
    /// ## Fix safety
    /// No fix.
    pub struct PanicsOnPurpose {
        code: "Z901",
        name: "panics-on-purpose",
        family: "test",
        summary: "测试用规则：检查时总是出错",
        severity: Error,
        fix: None,
    }
}

impl Check for PanicsOnPurpose {
    fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        panic!("{PANIC_MESSAGE}")
    }
}
