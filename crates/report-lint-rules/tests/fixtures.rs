//! The fixture oracle: every report under `fixtures/` with a `.expected`
//! file beside it must produce exactly those diagnostics (for the codes the
//! oracle covers), and every clean synthetic report must produce no error and
//! no warning from any rule.

use report_lint_core::{parse, SourceFile};
use report_lint_rules::{Config, Diagnostic, Linter, Severity};
use std::path::{Path, PathBuf};

/// The codes `.expected` files list (see fixtures/README.md).
const ORACLE: [&str; 15] = [
    "S001", "S002", "S003", "S004", "S005", "B001", "B002", "B003", "B004", "C001", "C002", "C003",
    "N001", "P001", "P002",
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn reports(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            reports(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "html")
        ) {
            out.push(path);
        }
    }
}

fn lint(path: &Path) -> (SourceFile, Vec<Diagnostic>) {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let source =
        SourceFile::from_bytes(path.display().to_string(), bytes).expect("fixture is UTF-8");
    let report = parse(source);
    let found = Linter::new(Config::default())
        .expect("unique codes")
        .lint(&report);
    (report.source, found)
}

/// Where a fixture's expectations are: beside it, or for a seed in seeds-expected/.
fn expected_file(path: &Path) -> PathBuf {
    let beside = path.with_extension("expected");
    if beside.exists() {
        return beside;
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    fixtures_dir()
        .join("seeds-expected")
        .join(format!("{stem}.expected"))
}

#[test]
fn every_fixture_produces_its_expected_diagnostics() {
    let mut files = Vec::new();
    reports(&fixtures_dir(), &mut files);
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in &files {
        let expected_path = expected_file(path);
        let Ok(expected) = std::fs::read_to_string(&expected_path) else {
            continue;
        };
        let (source, found) = lint(path);
        let mut actual: Vec<String> = found
            .iter()
            .filter(|d| ORACLE.contains(&d.code))
            .map(|d| format!("{} {}", source.line_index(d.span.start) + 1, d.code))
            .collect();
        actual.sort_by_key(|l| {
            let (line, code) = l.split_once(' ').unwrap_or_default();
            (line.parse::<usize>().unwrap_or(0), code.to_string())
        });
        let expected: Vec<String> = expected
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        if actual != expected {
            failures.push(format!(
                "{}\n  expected: {expected:?}\n  actual:   {actual:?}",
                path.display()
            ));
        }
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} fixtures have expectations");
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn clean_reports_have_no_errors_or_warnings_from_any_rule() {
    let mut files = Vec::new();
    reports(&fixtures_dir().join("layouts"), &mut files);
    let clean: Vec<&PathBuf> = files
        .iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("clean-"))
        })
        .collect();
    assert!(
        clean.len() >= 10,
        "expected clean fixtures in every layout, found {}",
        clean.len()
    );
    let mut failures = Vec::new();
    for path in clean {
        let (source, found) = lint(path);
        for d in found.iter().filter(|d| d.severity >= Severity::Warning) {
            // Traditional fixtures are mirror copies with planted pinyin debris.
            let planted = d.code == "H002" && path.to_string_lossy().contains("traditional");
            if !planted {
                failures.push(format!(
                    "{}:{} {} {}",
                    path.display(),
                    source.line_index(d.span.start) + 1,
                    d.code,
                    d.message
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "clean fixtures with findings:\n{}",
        failures.join("\n")
    );
}
