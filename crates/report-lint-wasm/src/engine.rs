//! What the page asks of the engine, as plain Rust: the same readers,
//! linter, fix selector and renderer as the command line, with the
//! default configuration (a page has no report-lint.toml).

use report_lint_core::{parse, Form, Report, SourceFile, Span};
use report_lint_docx::{classify, unreadable, Comment, Docx, Kind};
use report_lint_html::{article, findings, Counts, ReportView};
use report_lint_rules::fix::{fix_parsed, fix_with, select_edits, FixMode};
use report_lint_rules::identities::{identity_checks, summary};
use report_lint_rules::{cross_year, registry, Config, Diagnostic, Linter};
use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, Once};

/// The limits of the command line: a text of 16 MB, a document of 128 MB.
const MAX_TEXT_BYTES: usize = report_lint_core::MAX_TEXT_BYTES as usize;
const MAX_DOCUMENT_BYTES: usize = 128 * 1024 * 1024;

static PANIC: Mutex<String> = Mutex::new(String::new());
static HOOK: Once = Once::new();

/// Runs `work` and gives its JSON, or `{error}` when it panicked (natively;
/// in WebAssembly the hook keeps the message for [`last_panic`]).
pub fn guard(work: impl FnOnce() -> Value) -> String {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if let Ok(mut last) = PANIC.lock() {
                *last = info.to_string();
            }
        }));
    });
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(value) => value.to_string(),
        Err(_) => json!({ "error": internal_error() }).to_string(),
    }
}

pub fn last_panic() -> String {
    PANIC.lock().map(|p| p.clone()).unwrap_or_default()
}

fn internal_error() -> String {
    format!(
        "内部错误：处理该文件时程序出错（{}），请连同该文件报告此问题",
        last_panic()
    )
}

fn linter() -> Result<Linter, String> {
    Linter::new(Config::default()).map_err(|e| e.to_string())
}

/// A file's text: a Word document's or a PDF's text view, or the text
/// decoded from whichever encoding it is in (as `report-lint check`).
pub fn read(name: &str, bytes: Vec<u8>) -> Result<SourceFile, String> {
    let limit = if report_lint_docx::is_office_name(name) || report_lint_pdf::is_pdf(&bytes) {
        MAX_DOCUMENT_BYTES
    } else {
        MAX_TEXT_BYTES
    };
    if bytes.len() > limit {
        return Err(report_lint_core::too_large(
            bytes.len() as u64,
            limit as u64,
        ));
    }
    if report_lint_pdf::is_pdf(&bytes) {
        return report_lint_pdf::Pdf::read(&bytes)
            .map(|pdf| pdf.source(name))
            .map_err(|e| e.message());
    }
    match classify(name, &bytes) {
        Kind::Package => Docx::read(bytes)
            .map(|docx| docx.source(name))
            .map_err(|e| e.message()),
        Kind::Unreadable => Err(unreadable(name, &bytes).message()),
        Kind::Other => SourceFile::from_bytes(name, bytes).map_err(|e| e.to_string()),
    }
}

fn form(source: &SourceFile) -> &'static str {
    match source.document.as_ref().map(|d| d.form) {
        Some(Form::Word) => "word",
        Some(_) => "pdf",
        None => "text",
    }
}

/// The page's view of one file.
pub fn check(name: &str, bytes: Vec<u8>) -> Value {
    match check_result(name, bytes) {
        Ok(value) => value,
        Err(error) => json!({ "name": name, "error": error }),
    }
}

fn check_result(name: &str, bytes: Vec<u8>) -> Result<Value, String> {
    let report = parse(read(name, bytes)?);
    let linter = linter()?;
    let diagnostics = linter.lint(&report);
    let checks = if report.is_annual_report() {
        identity_checks(&report)
    } else {
        Vec::new()
    };
    let counts = Counts::of(&diagnostics);
    let html = article(
        &ReportView {
            source: &report.source,
            diagnostics: &diagnostics,
            checks: &checks,
        },
        "0",
    );
    let fixable = |mode| select_edits(&diagnostics, mode).len();
    Ok(json!({
        "name": name,
        "form": form(&report.source),
        "report": report.is_annual_report(),
        "findings": findings::convert(&report.source, &diagnostics),
        "checks": checks,
        "checks_line": summary(&checks),
        "counts": {"error": counts.error, "warning": counts.warning, "info": counts.info},
        "fixable": {"safe": fixable(FixMode::SafeOnly), "unsafe": fixable(FixMode::IncludeUnsafe)},
        "html": html,
    }))
}

/// A fixed file and how many fixes went in.
#[derive(Debug)]
pub struct Fixed {
    pub bytes: Vec<u8>,
    pub applied: usize,
}

/// The file with its fixes, in its own format; a fix the file's encoding
/// cannot hold, or a PDF, is an error.
pub fn fix(name: &str, bytes: Vec<u8>, unsafe_fixes: bool) -> Result<Fixed, String> {
    let mode = if unsafe_fixes {
        FixMode::IncludeUnsafe
    } else {
        FixMode::SafeOnly
    };
    let original = bytes.clone();
    let report = parse(read(name, bytes)?);
    let linter = linter()?;
    match report.source.document.as_ref().map(|d| d.form) {
        Some(Form::Word) => fix_word(name, original, &report, &linter, mode),
        Some(_) => Err("PDF 不能直接修改，请在原文档中修改后重新导出".into()),
        None => {
            let fixed = fix_parsed(&linter, &report, mode);
            if fixed.text == report.source.text {
                return Ok(Fixed {
                    bytes: original,
                    applied: 0,
                });
            }
            let bytes = report.source.encode(&fixed.text).map_err(|_| {
                "修复要写入的文字无法用原文件的编码保存；请用记事本或 WPS 将文件另存为 UTF-8 后再修复"
                    .to_string()
            })?;
            Ok(Fixed {
                bytes,
                applied: fixed.applied,
            })
        }
    }
}

/// A Word file is fixed in its runs, pass after pass, as `report-lint fix` does.
fn fix_word(
    name: &str,
    bytes: Vec<u8>,
    report: &Report,
    linter: &Linter,
    mode: FixMode,
) -> Result<Fixed, String> {
    let original = Docx::read(bytes.clone()).map_err(|e| e.message())?;
    let passes = fix_with(linter, report, mode, |document: Option<&Docx>, _, edits| {
        let edits: Vec<(Span, &str)> = edits
            .iter()
            .map(|e| (e.span, e.replacement.as_str()))
            .collect();
        let patched = document.unwrap_or(&original).apply_edits(&edits).ok()?;
        if patched.applied == 0 {
            return None;
        }
        let next = Docx::read(patched.bytes).ok()?;
        let next_report = parse(next.source(name));
        Some((next, next_report, patched.applied))
    });
    Ok(match passes.fixed {
        Some((docx, _)) => Fixed {
            bytes: docx.bytes().to_vec(),
            applied: passes.applied,
        },
        None => Fixed { bytes, applied: 0 },
    })
}

/// A copy of a Word file with one comment per finding, as `report-lint annotate`.
pub fn annotate(name: &str, bytes: Vec<u8>, date: &str) -> Result<Vec<u8>, String> {
    if !matches!(classify(name, &bytes), Kind::Package) {
        return Err("只有 Word 文档（.docx）可以写入批注".into());
    }
    let docx = Docx::read(bytes).map_err(|e| e.message())?;
    let report = parse(docx.source(name));
    let diagnostics = linter()?.lint(&report);
    let comments: Vec<Comment> = diagnostics.iter().map(comment_of).collect();
    docx.annotate(&comments, date).map_err(|e| e.message())
}

/// A finding as a comment: the CLI's wording (`report-lint annotate`).
fn comment_of(d: &Diagnostic) -> Comment {
    Comment {
        span: d.span,
        paragraphs: d.comment_paragraphs(),
    }
}

/// Y001/Y002 on `current` given last year's report.
pub fn cross_year(previous: (&str, Vec<u8>), current: (&str, Vec<u8>)) -> Value {
    let result = (|| -> Result<Value, String> {
        let previous = parse(read(previous.0, previous.1)?);
        let current = parse(read(current.0, current.1)?);
        let mut diagnostics = cross_year::compare(&previous, &current, &Config::default());
        report_lint_rules::engine::sort(&mut diagnostics);
        let html = article(
            &ReportView {
                source: &current.source,
                diagnostics: &diagnostics,
                checks: &[],
            },
            "y",
        );
        Ok(json!({
            "previous_year": cross_year::is_previous_year(&previous, &current),
            "findings": findings::convert(&current.source, &diagnostics),
            "html": html,
        }))
    })();
    result.unwrap_or_else(|error| json!({ "error": error }))
}

pub fn rules() -> String {
    let rules = registry().unwrap_or_default();
    let list: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "code": r.meta.code,
                "name": r.meta.name,
                "summary": r.meta.summary,
                "severity": r.meta.severity.as_str(),
                "docs": r.meta.documentation(),
            })
        })
        .collect();
    Value::Array(list).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn fixture(relative: &str) -> Vec<u8> {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(relative),
        )
        .unwrap()
    }

    #[test]
    fn checks_text_word_and_pdf() {
        for file in [
            "fixtures/edge/markdown-blank-total.md",
            "fixtures/docx/defective-2021.docx",
            "fixtures/pdf/defective-2021.pdf",
            "fixtures/html/report-2021.html",
        ] {
            let value: Value = serde_json::from_str(&guard(|| check(file, fixture(file)))).unwrap();
            assert!(value["error"].is_null(), "{file}: {value}");
            assert!(!value["findings"].as_array().unwrap().is_empty(), "{file}");
            assert!(value["html"].as_str().unwrap().starts_with("<article"));
        }
    }

    #[test]
    fn bad_input_is_a_message() {
        let value: Value =
            serde_json::from_str(&guard(|| check("a.docx", b"PK\x03\x04broken".to_vec()))).unwrap();
        assert!(
            value["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{value}"
        );
        let value: Value = serde_json::from_str(&guard(|| {
            check("a.txt", vec![0x82, 0xa0, 0xff, 0x00, 0x81])
        }))
        .unwrap();
        assert!(value["error"].is_string() || value["findings"].is_array());
        assert!(fix("a.pdf", fixture("fixtures/pdf/defective-2021.pdf"), false).is_err());
    }

    #[test]
    fn word_fix_and_annotation_give_word_files() {
        let file = "fixtures/docx/defective-2021.docx";
        let fixed = fix(file, fixture(file), false).unwrap();
        assert!(fixed.applied > 0);
        assert!(Docx::read(fixed.bytes).is_ok());
        let annotated = annotate(file, fixture(file), "2024-01-01T00:00:00Z").unwrap();
        assert!(Docx::read(annotated).is_ok());
    }

    #[test]
    fn every_rule_is_listed() {
        let list: Value = serde_json::from_str(&rules()).unwrap();
        assert_eq!(list.as_array().unwrap().len(), registry().unwrap().len());
    }
}
