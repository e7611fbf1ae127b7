//! Throughput of the pipeline on generated 100 KB reports, per layout:
//!
//! - `parse`: text → `Report`;
//! - `lint`: every rule over a parsed report (what an editor pays per edit,
//!   with `parse`);
//! - `pipeline`: what `report-lint check --format json` does per file —
//!   read it, decode, parse, lint, render the findings as JSON.
//!
//! ```text
//! cargo bench -p report-lint-bench --bench pipeline
//! cargo bench -p report-lint-bench --bench pipeline -- pipeline/html   # one layout
//! ```
//!
//! Figures are in crates/report-lint-bench/README.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use report_lint_bench::{generate_report_sized, Layout, Script};
use report_lint_core::{parse, parse_str, SourceFile};
use report_lint_rules::{Config, Diagnostic, Linter};
use serde::Serialize;
use std::hint::black_box;
use std::time::Duration;

const SIZE: usize = 100 * 1024;
const SEED: u64 = 42;

fn report(layout: Layout, script: Script) -> String {
    generate_report_sized(SEED, layout, script, SIZE)
}

fn file_name(layout: Layout) -> String {
    format!("report.{}", layout.extension())
}

/// A finding as the JSON output shows it: 1-based lines, columns in chars.
#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    start: (usize, usize),
    end: (usize, usize),
}

fn render_json(source: &SourceFile, diagnostics: &[Diagnostic]) -> Vec<u8> {
    let position = |offset: usize| {
        let (line, column) = source.line_col_chars(offset);
        (line + 1, column + 1)
    };
    let findings: Vec<JsonFinding> = diagnostics
        .iter()
        .map(|d| JsonFinding {
            path: &source.name,
            rule: d.code,
            name: d.name,
            severity: d.severity.as_str(),
            message: &d.message,
            start: position(d.span.start),
            end: position(d.span.end),
        })
        .collect();
    serde_json::to_vec_pretty(&findings).unwrap_or_default()
}

/// Short runs: 24 benchmarks finish in about two minutes.
fn configure() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for layout in Layout::ALL {
        let text = report(layout, Script::Simplified);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(layout.name()),
            &text,
            |b, text| b.iter(|| parse_str(&file_name(layout), black_box(text))),
        );
    }
    group.finish();
}

fn bench_lint(c: &mut Criterion) {
    let linter = Linter::new(Config::default()).expect("unique codes");
    let mut group = c.benchmark_group("lint");
    for layout in Layout::ALL {
        let text = report(layout, Script::Simplified);
        let parsed = parse_str(&file_name(layout), &text);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(layout.name()),
            &parsed,
            |b, parsed| b.iter(|| linter.lint(black_box(parsed))),
        );
    }
    group.finish();
}

fn bench_pipeline(c: &mut Criterion) {
    let linter = Linter::new(Config::default()).expect("unique codes");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("pipeline");
    for script in Script::ALL {
        for layout in Layout::ALL {
            let text = report(layout, script);
            let path = dir.path().join(file_name(layout));
            std::fs::write(&path, &text).expect("write the report");
            group.throughput(Throughput::Bytes(text.len() as u64));
            let id = format!("{}/{}", layout.name(), script.name());
            group.bench_function(BenchmarkId::from_parameter(id), |b| {
                b.iter(|| {
                    let bytes = std::fs::read(&path).expect("read the report");
                    let source =
                        SourceFile::from_bytes(path.display().to_string(), bytes).expect("UTF-8");
                    let report = parse(source);
                    let found = linter.lint(&report);
                    render_json(&report.source, &found)
                })
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = configure();
    targets = bench_parse, bench_lint, bench_pipeline
}
criterion_main!(benches);
