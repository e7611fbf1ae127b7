//! report-lint-wasm: the engine for the web page (editors/web), through
//! wasm-bindgen. Every function answers with data or an error message in
//! Chinese, never a panic on bad input; results are JSON strings (the
//! findings in `check --format json`'s schema, and the HTML of
//! report-lint-html), bytes for files.
//!
//! The work is in [`engine`], plain Rust, tested natively; this file only
//! crosses into JavaScript.

pub mod engine;

use wasm_bindgen::prelude::*;

// Linking the built-in rules: inventory only collects rules from crates
// that the binary references.
use report_lint_rules as _;

/// Checks a file: `{name, form, findings, checks, checks_line, counts,
/// fixable, html}` or `{error}`.
#[wasm_bindgen]
pub fn check(name: &str, bytes: &[u8]) -> String {
    engine::guard(|| engine::check(name, bytes.to_vec()))
}

/// The file with its fixes applied, in its own format (a Word file stays
/// a Word file, a GBK text stays GBK); safe fixes, and unsafe ones with
/// `unsafe_fixes`.
#[wasm_bindgen]
pub fn fix(name: &str, bytes: &[u8], unsafe_fixes: bool) -> Result<Vec<u8>, JsValue> {
    engine::fix(name, bytes.to_vec(), unsafe_fixes)
        .map(|fixed| fixed.bytes)
        .map_err(|message| JsValue::from_str(&message))
}

/// A Word file with one comment per finding (`date`: ISO 8601, UTC).
#[wasm_bindgen]
pub fn annotate_docx(name: &str, bytes: &[u8], date: &str) -> Result<Vec<u8>, JsValue> {
    engine::annotate(name, bytes.to_vec(), date).map_err(|message| JsValue::from_str(&message))
}

/// The cross-year findings of `current` given last year's report:
/// `{findings, html}` or `{error}`.
#[wasm_bindgen]
pub fn cross_year(
    previous_name: &str,
    previous: &[u8],
    current_name: &str,
    current: &[u8],
) -> String {
    engine::guard(|| {
        engine::cross_year(
            (previous_name, previous.to_vec()),
            (current_name, current.to_vec()),
        )
    })
}

/// Every rule: `[{code, name, summary, severity, docs}]`.
#[wasm_bindgen]
pub fn rules() -> String {
    engine::rules()
}

/// The style of the articles (report-lint-html's).
#[wasm_bindgen]
pub fn style() -> String {
    report_lint_html::STYLE.to_string()
}

/// What the last panic said: in WebAssembly a panic cannot be caught, it
/// ends the call; the page then shows this and starts a fresh instance.
#[wasm_bindgen]
pub fn last_panic() -> String {
    engine::last_panic()
}
