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
//!
//! # What a rule reads
//!
//! The parsed report, [`core::Report`]; these fields are the stable
//! surface (others may change with the parser):
//!
//! - `source` — the file as decoded: `text`, `name`, line/column of a
//!   byte offset. Every `Span` is a byte range of `source.text`.
//! - `view` — the normalised text (traditional characters simplified,
//!   full-width folded, conversion debris out) and `view.to_source`, for
//!   matching words however the report was typed.
//! - `meta` — `title`, `year`, `agency`, `publish_date`, each with its span.
//! - `template` — the 2019 or 2021 template the tables follow.
//! - `sections` (`section(kind)`, `section_prose(kind)`,
//!   `paragraphs_in(kind)`) — the six parts, with heading and body spans.
//! - `tables` — `proactive` (表二), `requests` (表三: rows by
//!   `RequestRow`, `cell(row, column)`, `total(row)`, `readable`), `review`
//!   (表四). A row or table that was not read with certainty is marked so;
//!   a rule never reads a guess.
//! - `paragraphs`, `numbers`, `percents` — prose, and the figures and
//!   percentages in it with what they count.

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
