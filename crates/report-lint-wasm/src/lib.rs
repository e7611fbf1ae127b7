//! report-lint-wasm: the engine for the web page (editors/web), through
//! wasm-bindgen. Every function answers with data or an error message in
//! Chinese, never a panic on bad input; results are JSON strings (the
//! findings in `check --format json`'s schema, and the HTML of
//! report-lint-html), bytes for files.
//!
//! Each call takes the page's configuration as the text of a
//! `report-lint.toml` (empty: the defaults); the page validates it first
//! with [`config`], so that an error there is shown once, by itself.
//!
//! The work is in [`engine`] and [`config`](mod@config), plain Rust,
//! tested natively; this file only crosses into JavaScript.

pub mod config;
pub mod engine;

use serde_json::json;
use wasm_bindgen::prelude::*;

// Linking the built-in rules: inventory only collects rules from crates
// that the binary references.
use report_lint_rules as _;

fn configured<T>(
    text: &str,
    work: impl FnOnce(&report_lint_rules::Config) -> T,
) -> Result<T, String> {
    config::parse(text)
        .map(|c| work(&c))
        .map_err(|e| format!("配置文件有错：{e}"))
}

/// Reads a `report-lint.toml`: `{summary}` (what it changes) or `{error}`
/// (in Chinese, with the line).
#[wasm_bindgen]
pub fn config(text: &str) -> String {
    engine::guard(|| match config::parse(text) {
        Ok(c) => json!({ "summary": config::describe(&c) }),
        Err(e) => json!({ "error": e }),
    })
}

/// Checks a file: `{name, form, findings, checks, checks_line, counts,
/// fixable, unsafe_fixes, html}` or `{error}`.
#[wasm_bindgen]
pub fn check(name: &str, bytes: &[u8], config: &str) -> String {
    engine::guard(|| {
        configured(config, |c| engine::check(name, bytes.to_vec(), c))
            .unwrap_or_else(|e| json!({ "name": name, "error": e }))
    })
}

/// The file with its safe fixes and the unsafe ones whose ids (from
/// `check`'s `unsafe_fixes`) are in `chosen`, in its own format (a Word
/// file stays a Word file, a GBK text stays GBK).
#[wasm_bindgen]
pub fn fix(name: &str, bytes: &[u8], config: &str, chosen: &[u32]) -> Result<Vec<u8>, JsValue> {
    let chosen = engine::Chosen::Ids(chosen.iter().map(|&i| i as usize).collect());
    configured(config, |c| engine::fix(name, bytes.to_vec(), c, &chosen))
        .and_then(|fixed| fixed)
        .map(|fixed| fixed.bytes)
        .map_err(|message| JsValue::from_str(&message))
}

/// A Word file with one comment per finding (`date`: ISO 8601, UTC).
#[wasm_bindgen]
pub fn annotate_docx(
    name: &str,
    bytes: &[u8],
    date: &str,
    config: &str,
) -> Result<Vec<u8>, JsValue> {
    configured(config, |c| engine::annotate(name, bytes.to_vec(), date, c))
        .and_then(|annotated| annotated)
        .map_err(|message| JsValue::from_str(&message))
}

/// The cross-year findings of `current` given last year's report:
/// `{findings, html}` or `{error}`.
#[wasm_bindgen]
pub fn cross_year(
    previous_name: &str,
    previous: &[u8],
    current_name: &str,
    current: &[u8],
    config: &str,
) -> String {
    engine::guard(|| {
        configured(config, |c| {
            engine::cross_year(
                (previous_name, previous.to_vec()),
                (current_name, current.to_vec()),
                c,
            )
        })
        .unwrap_or_else(|e| json!({ "error": e }))
    })
}

/// Every rule, with the configuration's own: `[{code, name, summary,
/// severity, docs, docs_html}]`.
#[wasm_bindgen]
pub fn rules(config: &str) -> String {
    configured(config, engine::rules).unwrap_or_else(|e| json!({ "error": e }).to_string())
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
