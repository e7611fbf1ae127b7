//! report-lint-rule-api: what a rule is, and all a rule pack needs.
//!
//! - [`declare_rule!`] declares a rule with its metadata, documentation and
//!   typed options, and registers it (through `inventory`);
//! - [`Check`] is the check itself, a pure function of the parsed report
//!   ([`report_lint_core::Report`], re-exported as [`core`]) and a
//!   [`RuleContext`] (options, and [`RuleContext::findings`], which drops
//!   suppressed findings and stops building them past the cap);
//! - [`Diagnostic`], [`Fix`], [`Edit`], [`Applicability`]: what a rule
//!   reports and how it may be fixed;
//! - [`registry`], [`find_rule`]: every linked rule.
//!
//! The arithmetic of the template's identities and percentages that the
//! built-in rules share is `report_lint_rules::facts`; running rules over a
//! report (configuration, severity, suppression, caching) is the engine's,
//! `report_lint_rules::Linter`. This crate knows no particular rule.
//!
//! The surface is versioned with the crate: a pack built against one
//! version of the API keeps compiling until the next major version.

pub mod cap;
pub mod diagnostic;
pub mod options;
pub mod rule;
pub mod suppression;

pub use cap::{cap, Findings, MAX_FINDINGS_PER_RULE};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
pub use options::{OptionValue, RuleOptions};
pub use rule::{
    check_unique, find_rule, linked_meta, registry, Check, DuplicateCode, FixAvailability,
    OptionKind, OptionSpec, RegisteredRule, RuleContext, RuleMeta,
};

#[doc(hidden)]
pub mod __private {
    pub use inventory;
}

/// Re-exported so rule packs need only this crate.
pub use report_lint_core as core;
