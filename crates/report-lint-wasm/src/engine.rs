//! What the page asks of the engine, as plain Rust: the same readers,
//! linter, fix selector and renderer as the command line, with the
//! configuration the page was given (a `report-lint.toml`, read by
//! [`crate::config`]) applied to each file as `--config` applies it.

use report_lint_core::{parse, Form, Report, SourceFile, Span};
use report_lint_docx::{classify, unreadable, Comment, Docx, Kind};
use report_lint_html::{article, findings, Counts, ReportView};
use report_lint_rules::fix::{applicable_fix, apply_edits, fix_chosen, select_edits, FixMode};
use report_lint_rules::identities::{identity_checks, summary};
use report_lint_rules::{
    cross_year, find_rule, registry, Applicability, Config, Diagnostic, Edit, Fix, Linter,
};
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

/// The linter for one file: the configuration with its `per-file-ignores`
/// matched against the file's name (the page has no folders).
fn linter(config: &Config, name: &str) -> Result<Linter, String> {
    Linter::new(config.for_path(std::path::Path::new(name))).map_err(|e| e.to_string())
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
pub fn check(name: &str, bytes: Vec<u8>, config: &Config) -> Value {
    match check_result(name, bytes, config) {
        Ok(value) => value,
        Err(error) => json!({ "name": name, "error": error }),
    }
}

fn check_result(name: &str, bytes: Vec<u8>, config: &Config) -> Result<Value, String> {
    let report = parse(read(name, bytes)?);
    let linter = linter(config, name)?;
    let diagnostics = linter.lint(&report);
    // The identities whose rule runs, as `check` lists them.
    let checks = if report.is_annual_report() {
        identity_checks(&report)
            .into_iter()
            .filter(|c| find_rule(c.rule).is_some_and(|r| linter.config().is_enabled(r.meta)))
            .collect()
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
        "unsafe_fixes": unsafe_fixes(&report, &diagnostics),
        "html": html,
    }))
}

/// The fix of a finding that only `--unsafe-fixes` applies, if it has one.
fn unsafe_fix(d: &Diagnostic) -> Option<&Fix> {
    applicable_fix(d, FixMode::IncludeUnsafe).filter(|f| f.applicability == Applicability::Unsafe)
}

/// Each unsafe fix, for the page to offer one by one: `id` (the finding's
/// index, which [`fix`] takes back), its rule, place, message, title and
/// each edit's old and new text; `blocked` when it overlaps a safe fix,
/// which wins (as with `--unsafe-fixes`), so that ticking it does nothing.
fn unsafe_fixes(report: &Report, diagnostics: &[Diagnostic]) -> Vec<Value> {
    let safe = select_edits(diagnostics, FixMode::SafeOnly);
    let text = &report.source.text;
    diagnostics
        .iter()
        .enumerate()
        .filter_map(|(id, d)| {
            let fix = unsafe_fix(d)?;
            let blocked = fix.edits.iter().any(|e| safe.iter().any(|s| overlaps(e, s)));
            let edits: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| json!({"old": text.get(e.span.start..e.span.end).unwrap_or(""), "new": e.replacement}))
                .collect();
            Some(json!({
                "id": id,
                "rule": d.code,
                "severity": d.severity.as_str(),
                "place": place(report, d),
                "message": d.message,
                "title": fix.title,
                "edits": edits,
                "blocked": blocked,
            }))
        })
        .collect()
}

/// The rule of `select_fixes` in report-lint-rules: ranges that share a
/// byte, or two insertions at one place.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.span.start < b.span.end && b.span.start < a.span.end
        || (a.span.is_empty() || b.span.is_empty()) && a.span.start == b.span.start
}

/// Where a finding is: its place in a document, or its line.
fn place(report: &Report, d: &Diagnostic) -> String {
    match &d.location {
        Some(location) => location.describe(),
        None => format!("第 {} 行", report.source.line_index(d.span.start) + 1),
    }
}

/// A fixed file and how many fixes went in.
#[derive(Debug)]
pub struct Fixed {
    pub bytes: Vec<u8>,
    pub applied: usize,
}

/// Which unsafe fixes go in: the ids of [`check`]'s `unsafe_fixes`, or all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    All,
    Ids(Vec<usize>),
}

/// The file with every safe fix and the chosen unsafe ones, in its own
/// format; a fix the file's encoding cannot hold, or a PDF, is an error.
///
/// A chosen fix is the one at its place in the file as checked: it goes in
/// with the first pass (the passes after it only take safe fixes), so that
/// no unsafe fix that nobody ticked — one the others gave rise to, or an
/// identical one elsewhere — is written.
pub fn fix(name: &str, bytes: Vec<u8>, config: &Config, chosen: &Chosen) -> Result<Fixed, String> {
    let original = bytes.clone();
    let report = parse(read(name, bytes)?);
    let linter = linter(config, name)?;
    let diagnostics = linter.lint(&report);
    let picked: Vec<(&str, Span, String)> = match chosen {
        Chosen::All => Vec::new(),
        Chosen::Ids(ids) => ids
            .iter()
            .filter_map(|&id| {
                let d = diagnostics.get(id)?;
                Some((d.code, d.span, unsafe_fix(d)?.title.clone()))
            })
            .collect(),
    };
    let choose = |current: &Report, d: &Diagnostic, f: &Fix| {
        f.applicability == Applicability::Safe
            || match chosen {
                Chosen::All => true,
                Chosen::Ids(_) => {
                    std::ptr::eq(current, &report)
                        && picked.iter().any(|(code, span, title)| {
                            *code == d.code && *span == d.span && *title == f.title
                        })
                }
            }
    };
    match report.source.document.as_ref().map(|d| d.form) {
        Some(Form::Word) => fix_word(name, original, &report, &linter, choose),
        Some(_) => Err("PDF 不能直接修改，请在原文档中修改后重新导出".into()),
        None => {
            let passes = fix_chosen(
                &linter,
                &report,
                FixMode::IncludeUnsafe,
                choose,
                |_: Option<&()>, current, edits| {
                    let text = apply_edits(&current.source.text, edits);
                    (text != current.source.text).then(|| {
                        (
                            (),
                            parse(SourceFile::new(name.to_string(), text)),
                            edits.len(),
                        )
                    })
                },
            );
            let Some((_, fixed)) = passes.fixed else {
                return Ok(Fixed {
                    bytes: original,
                    applied: 0,
                });
            };
            let bytes = report.source.encode(&fixed.source.text).map_err(|_| {
                "修复要写入的文字无法用原文件的编码保存；请用记事本或 WPS 将文件另存为 UTF-8 后再修复"
                    .to_string()
            })?;
            Ok(Fixed {
                bytes,
                applied: passes.applied,
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
    choose: impl FnMut(&Report, &Diagnostic, &Fix) -> bool,
) -> Result<Fixed, String> {
    let original = Docx::read(bytes.clone()).map_err(|e| e.message())?;
    let passes = fix_chosen(
        linter,
        report,
        FixMode::IncludeUnsafe,
        choose,
        |document: Option<&Docx>, _, edits| {
            let edits: Vec<(Span, &str)> = edits
                .iter()
                .map(|e| (e.span, e.replacement.as_str()))
                .collect();
            document.unwrap_or(&original).fix_pass(name, &edits)
        },
    );
    Ok(match passes.fixed {
        Some((docx, _)) => Fixed {
            bytes: docx.bytes().to_vec(),
            applied: passes.applied,
        },
        None => Fixed { bytes, applied: 0 },
    })
}

/// A copy of a Word file with one comment per finding, as `report-lint annotate`.
pub fn annotate(
    name: &str,
    bytes: Vec<u8>,
    date: &str,
    config: &Config,
) -> Result<Vec<u8>, String> {
    if !matches!(classify(name, &bytes), Kind::Package) {
        return Err("只有 Word 文档（.docx）可以写入批注".into());
    }
    let docx = Docx::read(bytes).map_err(|e| e.message())?;
    let report = parse(docx.source(name));
    let diagnostics = linter(config, name)?.lint(&report);
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
pub fn cross_year(previous: (&str, Vec<u8>), current: (&str, Vec<u8>), config: &Config) -> Value {
    let result = (|| -> Result<Value, String> {
        let config = config.for_path(std::path::Path::new(current.0));
        let previous = parse(read(previous.0, previous.1)?);
        let current = parse(read(current.0, current.1)?);
        let mut diagnostics = cross_year::compare(&previous, &current, &config);
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

/// Every rule, those of the configuration's `[[rule]]`s after the
/// linked ones, with the severity it gives them and their documentation
/// as Markdown (`docs`) and as HTML (`docs_html`, escaped throughout).
pub fn rules(config: &Config) -> String {
    let rules = registry().unwrap_or_default();
    let list: Vec<Value> = rules
        .iter()
        .map(|r| r.meta)
        .chain(config.declarative.metas())
        .map(|meta| {
            let docs = meta.documentation();
            json!({
                "code": meta.code,
                "name": meta.name,
                "summary": meta.summary,
                "severity": config.severity_of(meta).as_str(),
                "docs_html": report_lint_html::markdown::to_html(&docs),
                "docs": docs,
            })
        })
        .collect();
    Value::Array(list).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use report_lint_rules::fix::fix_parsed;
    use std::path::{Path, PathBuf};

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn fixture(relative: &str) -> Vec<u8> {
        std::fs::read(root().join(relative)).unwrap()
    }

    fn checked(file: &str, config: &Config) -> Value {
        serde_json::from_str(&guard(|| check(file, fixture(file), config))).unwrap()
    }

    fn none() -> Chosen {
        Chosen::Ids(Vec::new())
    }

    #[test]
    fn checks_text_word_and_pdf() {
        for file in [
            "fixtures/edge/markdown-blank-total.md",
            "fixtures/docx/defective-2021.docx",
            "fixtures/pdf/defective-2021.pdf",
            "fixtures/html/report-2021.html",
        ] {
            let value = checked(file, &Config::default());
            assert!(value["error"].is_null(), "{file}: {value}");
            assert!(!value["findings"].as_array().unwrap().is_empty(), "{file}");
            assert!(value["html"].as_str().unwrap().starts_with("<article"));
        }
    }

    #[test]
    fn bad_input_is_a_message() {
        let config = Config::default();
        let value: Value = serde_json::from_str(&guard(|| {
            check("a.docx", b"PK\x03\x04broken".to_vec(), &config)
        }))
        .unwrap();
        assert!(
            value["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{value}"
        );
        let value: Value = serde_json::from_str(&guard(|| {
            check("a.txt", vec![0x82, 0xa0, 0xff, 0x00, 0x81], &config)
        }))
        .unwrap();
        assert!(value["error"].is_string() || value["findings"].is_array());
        let pdf = "fixtures/pdf/defective-2021.pdf";
        assert!(fix("a.pdf", fixture(pdf), &config, &none()).is_err());
    }

    #[test]
    fn word_fix_and_annotation_give_word_files() {
        let file = "fixtures/docx/defective-2021.docx";
        let config = Config::default();
        let fixed = fix(file, fixture(file), &config, &none()).unwrap();
        assert!(fixed.applied > 0);
        assert!(Docx::read(fixed.bytes).is_ok());
        let annotated = annotate(file, fixture(file), "2024-01-01T00:00:00Z", &config).unwrap();
        assert!(Docx::read(annotated).is_ok());
    }

    /// `(rule, title)` of each unsafe fix offered for a file, sorted.
    fn offered(value: &Value) -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> = value["unsafe_fixes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().into(),
                    f["title"].as_str().unwrap().into(),
                )
            })
            .collect();
        list.sort();
        list
    }

    /// Text fixtures with at least two unsafe fixes that no safe fix overlaps.
    fn with_two_unsafe_fixes() -> Vec<(String, Value)> {
        let mut found = Vec::new();
        let mut stack = vec![root().join("fixtures")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let relative = path
                    .strip_prefix(root())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                if path.is_dir() {
                    stack.push(path);
                } else if relative.ends_with(".txt") {
                    let value = checked(&relative, &Config::default());
                    let open = value["unsafe_fixes"]
                        .as_array()
                        .map_or(0, |l| l.iter().filter(|f| f["blocked"] == false).count());
                    if open >= 2 {
                        found.push((relative, value));
                    }
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    #[test]
    fn no_choice_is_report_lint_fix_and_all_is_unsafe_fixes() {
        let config = Config::default();
        let files = with_two_unsafe_fixes();
        assert!(!files.is_empty(), "no fixture has two unsafe fixes");
        for (file, _) in files.iter().take(3) {
            let report = parse(read(file, fixture(file)).unwrap());
            let linter = Linter::new(config.clone()).unwrap();
            for (chosen, mode) in [
                (none(), FixMode::SafeOnly),
                (Chosen::All, FixMode::IncludeUnsafe),
            ] {
                let page = fix(file, fixture(file), &config, &chosen).unwrap();
                let cli = fix_parsed(&linter, &report, mode);
                assert_eq!(
                    String::from_utf8(page.bytes).unwrap(),
                    cli.text,
                    "{file} {chosen:?}"
                );
            }
        }
    }

    #[test]
    fn one_chosen_unsafe_fix_goes_in_and_no_other() {
        let config = Config::default();
        let files = with_two_unsafe_fixes();
        for (file, before) in files.iter().take(3) {
            let safe = fix(file, fixture(file), &config, &none()).unwrap().bytes;
            let after_safe: Value =
                serde_json::from_str(&guard(|| check(file, safe.clone(), &config))).unwrap();
            let open: Vec<&Value> = before["unsafe_fixes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["blocked"] == false)
                .collect();
            for pick in [open[0], open[open.len() - 1]] {
                let id = pick["id"].as_u64().unwrap() as usize;
                let one = fix(file, fixture(file), &config, &Chosen::Ids(vec![id])).unwrap();
                assert_ne!(one.bytes, safe, "{file}: fix {id} changed nothing");
                let new_text = pick["edits"][0]["new"].as_str().unwrap();
                assert!(
                    String::from_utf8_lossy(&one.bytes).contains(new_text),
                    "{file} {id}"
                );
                // What is left to offer: every unsafe fix but the chosen one.
                let after: Value =
                    serde_json::from_str(&guard(|| check(file, one.bytes.clone(), &config)))
                        .unwrap();
                let mut expected = offered(&after_safe);
                let gone = (
                    pick["rule"].as_str().unwrap().to_string(),
                    pick["title"].as_str().unwrap().to_string(),
                );
                let at = expected
                    .iter()
                    .position(|f| *f == gone)
                    .expect("offered after safe fixes");
                expected.remove(at);
                assert_eq!(offered(&after), expected, "{file}: fix {id}");
            }
        }
    }

    #[test]
    fn a_chosen_unsafe_fix_goes_into_a_word_file_alone() {
        // No Word fixture has an unsafe fix of its own: a [[rule]] with a
        // replacement gives one per "门户网站" (three in this draft).
        let file = "fixtures/docx/defective-2021.docx";
        let config = crate::config::parse(
            "[[rule]]\ncode = \"Z102\"\nname = \"portal\"\nmessage = \"写“网站”\"\n\
             scope = \"text\"\nmust-not-mention = \"门户网站\"\nreplacement = \"网站\"\n",
        )
        .unwrap();
        let value = checked(file, &config);
        let z102: Vec<&Value> = value["unsafe_fixes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "Z102")
            .collect();
        assert_eq!(z102.len(), 3, "{value}");
        assert!(z102.iter().all(|f| f["blocked"] == false));
        let text = |bytes: Vec<u8>| Docx::read(bytes).unwrap().source(file).text;
        let safe = text(fix(file, fixture(file), &config, &none()).unwrap().bytes);
        assert_eq!(safe.matches("门户网站").count(), 3);
        // The second: the second "门户网站" of the text, and only it, changes.
        let id = z102[1]["id"].as_u64().unwrap() as usize;
        let one = fix(file, fixture(file), &config, &Chosen::Ids(vec![id])).unwrap();
        let at = safe.match_indices("门户网站").nth(1).unwrap().0;
        let expected = format!("{}网站{}", &safe[..at], &safe[at + "门户网站".len()..]);
        assert_eq!(text(one.bytes), expected);
    }

    #[test]
    fn the_configuration_is_applied_to_every_call() {
        let file = "fixtures/edge/markdown-blank-total.md";
        let default = checked(file, &Config::default());
        assert!(default["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "C001"));
        let config = crate::config::parse(
            "ignore = [\"C001\"]\n[severity]\nB001 = \"info\"\n\
             [[rule]]\ncode = \"Z101\"\nname = \"fee-in-six\"\nmessage = \"第六部分应写明收费标准\"\n\
             scope = \"part 6\"\nmust-mention = \"收费标准\"\n",
        )
        .unwrap();
        let value = checked(file, &config);
        let rules: Vec<&str> = value["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["Z101"], "{value}");
        // Its link names it by code and name (it has no registered summary).
        assert!(value["html"]
            .as_str()
            .unwrap()
            .contains(">规则 Z101 fee-in-six</a>"));
        let listed: Value = serde_json::from_str(&super::rules(&config)).unwrap();
        let z101 = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "Z101")
            .unwrap();
        assert_eq!(z101["summary"], "第六部分应写明收费标准");
        let b001 = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == "B001")
            .unwrap();
        assert_eq!(b001["severity"], "info");
    }

    #[test]
    fn every_rule_is_listed_with_its_documentation_as_html() {
        let list: Value = serde_json::from_str(&rules(&Config::default())).unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), registry().unwrap().len());
        let b001 = list.iter().find(|r| r["code"] == "B001").unwrap();
        let html = b001["docs_html"].as_str().unwrap();
        assert!(html.contains("<h3>") && !html.contains("##"), "{html}");
    }
}
