//! Which configuration a document is linted with.
//!
//! Every feature (diagnostics, quick-fixes, fix-all) gets its linter here, so
//! when `report-lint.toml` discovery lands in the rules crate (walk up from
//! the file, nearest wins), plugging it into [`config_for`] is the whole change.

use report_lint_rules::{Config, Linter};
use tower_lsp_server::ls_types::Uri;

/// The configuration for the document at `uri`.
pub(crate) fn config_for(_uri: &Uri) -> Config {
    Config::default()
}

/// A linter for the document at `uri`; `None` (logged) when two linked rules
/// share a code — the server reports that once at start-up.
pub(crate) fn linter_for(uri: &Uri) -> Option<Linter> {
    Linter::new(config_for(uri))
        .map_err(|e| eprintln!("report-lint: {e}"))
        .ok()
}
