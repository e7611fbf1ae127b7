//! Cost per report of the pipeline on generated reports of two sizes, per
//! layout: 10 KB (a published report's text: most are 5–20 KB) and 100 KB
//! (a long one):
//!
//! - `parse`: text → `Report`;
//! - `lint`: every rule over a parsed report (what an editor pays per edit,
//!   with `parse`);
//! - `pipeline`: what `report-lint check --format json` does per file —
//!   read it, decode, parse, lint, render the findings as JSON.
//!
//! Criterion gives the time per report and the throughput (MiB/s) of each.
//! The allocator is the `report-lint` binary's (mimalloc): parsing
//! allocates many small strings, and what is measured is what the binary
//! pays.
//!
//! ```text
//! cargo bench -p report-lint-bench --bench pipeline
//! cargo bench -p report-lint-bench --bench pipeline -- 10KB   # one size
//! cargo bench -p report-lint-bench --bench pipeline -- pipeline/10KB/html   # one layout
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

/// The sizes measured, in bytes, with their names: a published report
/// (the page of one is at least 11 KB) and a long one.
const SIZES: [(usize, &str); 2] = [(10 * 1024, "10KB"), (100 * 1024, "100KB")];
const SEED: u64 = 42;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn report(layout: Layout, script: Script, size: usize) -> String {
    generate_report_sized(SEED, layout, script, size)
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

/// Short runs: 48 benchmarks finish in about four minutes.
fn configure() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20)
}

fn bench_parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (size, size_name) in SIZES {
        for layout in Layout::ALL {
            let text = report(layout, Script::Simplified, size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::new(size_name, layout.name()),
                &text,
                |b, text| b.iter(|| parse_str(&file_name(layout), black_box(text))),
            );
        }
    }
    group.finish();
}

fn bench_lint(c: &mut Criterion) {
    let linter = Linter::new(Config::default()).expect("unique codes");
    let mut group = c.benchmark_group("lint");
    for (size, size_name) in SIZES {
        for layout in Layout::ALL {
            let text = report(layout, Script::Simplified, size);
            let parsed = parse_str(&file_name(layout), &text);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(
                BenchmarkId::new(size_name, layout.name()),
                &parsed,
                |b, parsed| b.iter(|| linter.lint(black_box(parsed))),
            );
        }
    }
    group.finish();
}

fn bench_pipeline(c: &mut Criterion) {
    let linter = Linter::new(Config::default()).expect("unique codes");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("pipeline");
    for (size, size_name) in SIZES {
        for script in Script::ALL {
            for layout in Layout::ALL {
                let text = report(layout, script, size);
                let path = dir.path().join(file_name(layout));
                std::fs::write(&path, &text).expect("write the report");
                group.throughput(Throughput::Bytes(text.len() as u64));
                let id = format!("{}/{}", layout.name(), script.name());
                group.bench_function(BenchmarkId::new(size_name, id), |b| {
                    b.iter(|| {
                        let bytes = std::fs::read(&path).expect("read the report");
                        let source = SourceFile::from_bytes(path.display().to_string(), bytes)
                            .expect("UTF-8");
                        let report = parse(source);
                        let found = linter.lint(&report);
                        render_json(&report.source, &found)
                    })
                });
            }
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
