//! report-lint-rules: the engine and the built-in checks, over the rule
//! API of `report-lint-rule-api` (re-exported here).
//!
//! - [`declare_rule!`] (from the API) declares a rule with its metadata and
//!   docs and registers it (through `inventory`), here or in a rule pack.
//! - [`facts`]: the arithmetic the rules, the hover and the 核对 line share.
//! - [`Linter`] runs every enabled rule over a [`Report`](report_lint_core::Report),
//!   each under `catch_unwind`.
//! - [`fix`] is the one fix selector used by the CLI and the editor.
//!
//! This crate knows nothing of terminals or editors.

// The rule API, re-exported: built-in rules and front ends use these
// paths; rule packs depend on report-lint-rule-api alone.
pub use report_lint_rule_api::{cap, declare_rule, diagnostic, options, rule};

pub mod config;
pub mod config_file;
pub mod cross_year;
pub mod declarative;
pub mod engine;
pub mod facts;
pub mod fix;
pub mod identities;
pub mod suppression;

mod checks;
pub mod testing;

pub use config::{Config, PerFileIgnores};
pub use engine::Linter;
pub use report_lint_rule_api::{
    find_rule, registry, Applicability, Check, Diagnostic, DuplicateCode, Edit, Findings, Fix,
    FixAvailability, Label, OptionKind, OptionSpec, OptionValue, RegisteredRule, RuleContext,
    RuleMeta, RuleOptions, Severity, MAX_FINDINGS_PER_RULE,
};

#[doc(hidden)]
pub use report_lint_rule_api::__private;

/// Re-exported so code written against this crate keeps working.
pub use report_lint_core as core;
