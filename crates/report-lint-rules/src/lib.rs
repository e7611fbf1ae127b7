//! report-lint-rules: the rule registry and the built-in checks.
//!
//! - [`declare_rule!`] declares a rule with its metadata and docs and
//!   registers it (through `inventory`), in this crate or in a rule pack.
//! - [`Linter`] runs every enabled rule over a [`Report`](report_lint_core::Report),
//!   each under `catch_unwind`.
//! - [`fix`] is the one fix selector used by the CLI and the editor.
//!
//! This crate knows nothing of terminals or editors.

pub mod cap;
pub mod config;
pub mod config_file;
pub mod cross_year;
pub mod declarative;
pub mod diagnostic;
pub mod engine;
pub mod facts;
pub mod fix;
pub mod identities;
pub mod rule;
pub mod suppression;

mod checks;
pub mod testing;

pub use cap::{Findings, MAX_FINDINGS_PER_RULE};
pub use config::{Config, OptionValue, PerFileIgnores, RuleOptions};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
pub use engine::Linter;
pub use rule::{
    find_rule, registry, Check, DuplicateCode, FixAvailability, OptionKind, OptionSpec,
    RegisteredRule, RuleContext, RuleMeta,
};

#[doc(hidden)]
pub mod __private {
    pub use inventory;
}

/// Re-exported so rule packs need only this crate.
pub use report_lint_core as core;
