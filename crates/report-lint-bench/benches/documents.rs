//! Word drafts (fixtures/docx) and PDFs (fixtures/pdf), per step and whole:
//!
//! - `docx/read`: the .docx bytes → the text view and its map (zip, XML,
//!   numbering, tables);
//! - `docx/check`: what `report-lint check 报告.docx` does per file — read
//!   the bytes, make the view, parse, lint, name each finding's place;
//! - `docx/check-text`: the same report as text (the view written to a
//!   .txt file), for comparison;
//! - `pdf/read` and `pdf/check`: the same for a PDF exported by LibreOffice
//!   (five pages: glyphs, ruling lines, tables, paragraphs).
//!
//! ```text
//! cargo bench -p report-lint-bench --bench documents
//! ```
//!
//! Figures are in crates/report-lint-bench/README.md.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use report_lint_core::{parse, SourceFile};
use report_lint_docx::Docx;
use report_lint_pdf::Pdf;
use report_lint_rules::{Config, Linter};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const DRAFTS: [&str; 2] = ["clean-2021", "defective-2021"];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/docx")
        .join(format!("{name}.docx"))
}

fn pdf_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pdf")
        .join(format!("{name}.pdf"))
}

fn configure() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
}

fn bench_docx(c: &mut Criterion) {
    let linter = Linter::new(Config::default()).expect("unique codes");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("docx");
    for name in DRAFTS {
        let path = fixture(name);
        let bytes = std::fs::read(&path).expect("the fixture is committed");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("read", name), &bytes, |b, bytes| {
            b.iter(|| Docx::read(black_box(bytes.clone())).expect("a Word file"))
        });
        group.bench_function(BenchmarkId::new("check", name), |b| {
            b.iter(|| {
                let bytes = std::fs::read(&path).expect("read the draft");
                let docx = Docx::read(bytes).expect("a Word file");
                let report = parse(docx.source(path.display().to_string()));
                linter.lint(&report)
            })
        });
        let text_path = dir.path().join(format!("{name}.txt"));
        let view = Docx::read(bytes.clone())
            .expect("a Word file")
            .text()
            .to_string();
        std::fs::write(&text_path, view).expect("write the text");
        group.bench_function(BenchmarkId::new("check-text", name), |b| {
            b.iter(|| {
                let bytes = std::fs::read(&text_path).expect("read the text");
                let source =
                    SourceFile::from_bytes(text_path.display().to_string(), bytes).expect("UTF-8");
                linter.lint(&parse(source))
            })
        });
    }
    group.finish();
}

fn bench_pdf(c: &mut Criterion) {
    let linter = Linter::new(Config::default()).expect("unique codes");
    let mut group = c.benchmark_group("pdf");
    for name in DRAFTS {
        let path = pdf_fixture(name);
        let bytes = std::fs::read(&path).expect("the fixture is committed");
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("read", name), &bytes, |b, bytes| {
            b.iter(|| Pdf::read(black_box(bytes)).expect("a PDF"))
        });
        group.bench_function(BenchmarkId::new("check", name), |b| {
            b.iter(|| {
                let bytes = std::fs::read(&path).expect("read the PDF");
                let pdf = Pdf::read(&bytes).expect("a PDF");
                let report = parse(pdf.source(path.display().to_string()));
                linter.lint(&report)
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = configure();
    targets = bench_docx, bench_pdf
}
criterion_main!(benches);
