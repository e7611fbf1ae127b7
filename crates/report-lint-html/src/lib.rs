//! report-lint-html: reports and their findings as standalone HTML.
//!
//! One renderer for `report-lint check --format html` (a page for a batch
//! that can be mailed around) and for the web page (the engine in
//! WebAssembly, which shows the same article for each file it checks):
//! - [`body`]: a report's text, tables as tables, findings as marks;
//! - [`article`]: one report: its counts, its 核对 line, its findings (each
//!   with its message, place, suggested fix and rule), its text, and its
//!   findings as JSON ([`findings`], the schema of `check --format json`);
//! - [`page`]: the standalone document: an index of files with their
//!   status, then each report, with the documentation of the rules found;
//! - [`markdown`]: a rule's documentation as HTML.

pub mod article;
pub mod body;
mod escape;
pub mod findings;
pub mod markdown;
pub mod page;
pub mod positions;

pub use article::{article, Counts, ReportView};
pub use escape::escape;
pub use page::{document, rule_docs, Entry, STYLE};
