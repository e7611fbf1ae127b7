//! What a hostile text costs `report-lint check`, counted rather than
//! timed: the heap at its peak (a counting global allocator) and the bytes
//! written, for texts of 8–14 MB that make rules fire at every few bytes,
//! in every output format.
//!
//! - Memory: the heap allocated at the peak of a run is at most [`K`]
//!   times the size of the file checked (and [`FIXED`] bytes that any run
//!   takes).
//! - Output: at most [`MAX_FINDINGS_PER_RULE`] findings of a rule and one
//!   that stands for the rest, each a bounded number of bytes in every
//!   format, whatever the length of the text or of its lines.
//!
//! In a debug build (`cargo test`) the texts are a 32nd of that size,
//! which is quicker and gives the same ratios; `REPORT_LINT_HOSTILE_SCALE=1`
//! runs them at full size, as a release build does:
//! `cargo test --release -p report-lint-cli --test bounded_cost -- --nocapture`
//! prints what each costs.
//!
//! One test, so that no other test allocates while a peak is measured.

mod crawled;

use peakmem_alloc::{PeakMemAlloc, PeakMemAllocTrait, INSTRUMENTED_SYSTEM};
use report_lint_rules::MAX_FINDINGS_PER_RULE;
use std::alloc::System;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

/// Peak heap over file size. Parsing keeps the text, its normalised view
/// and offset map, lines, paragraphs, cells and numbers: up to 18 times
/// the file for a million one-line paragraphs, and up to 27 times when
/// their number is just past a power of two (a growing vector doubles).
/// Listing every finding took 100 times the file for 14 MB of "2019年"
/// (1.4 GB, 1.6 million findings), 130 for a million "一、".
const K: usize = 30;

/// Heap a run takes whatever the text, beyond what was built at the first
/// run: SARIF's driver carries every rule's documentation (about 2 MB as
/// JSON values while it is written).
const FIXED: usize = 4 * 1024 * 1024;

/// Bytes of output per finding listed, in any format: a message and labels
/// quoting at most a few dozen characters of the text, and in text output
/// an excerpt of at most a window of each line shown.
const BYTES_PER_FINDING: usize = 4 * 1024;

/// Counts what is allocated, to measure the peak of one run.
#[global_allocator]
static ALLOCATOR: &PeakMemAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Counts what is written and keeps the start of it.
#[derive(Default)]
struct Counted {
    bytes: usize,
    kept: Vec<u8>,
}

impl Write for Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len();
        let room = KEEP.saturating_sub(self.kept.len());
        self.kept.extend_from_slice(&buf[..buf.len().min(room)]);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Output kept to be read back (JSON findings): enough for every finding
/// of a bounded output, not for an unbounded one.
const KEEP: usize = 64 * 1024 * 1024;

const TITLE: &str = "某县人民政府办公室2023年政府信息公开工作年度报告\n";
const PARTS: &str = "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
                     四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n\
                     六、其他需要报告的事项\n";

/// `pdftotext -raw` and `-layout` of a clean report's PDF.
const PDF_RAW: &str = include_str!("../../../fixtures/pdf/clean-2021.raw.txt");
const PDF_LAYOUT: &str = include_str!("../../../fixtures/pdf/clean-2021.layout.txt");

/// A report whose part 一 is `body`.
fn report(body: &str) -> String {
    format!("{TITLE}一、总体情况\n{body}\n{PARTS}")
}

/// A crawler's dump of every real report in `fixtures/real`, the bodies
/// repeated on one line to about `bytes`, under the first dump's header.
fn crawled_line(bytes: usize) -> String {
    let (header, line) = crawled::crawled_line(bytes);
    format!("{header}{line}\n")
}

/// The divisor applied to the sizes: 1 in a release build, 32 in a debug
/// one (see the module docs).
fn scale() -> usize {
    std::env::var("REPORT_LINT_HOSTILE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s| *s > 0)
        .unwrap_or(if cfg!(debug_assertions) { 32 } else { 1 })
}

/// The hostile texts: name and text.
fn inputs() -> Vec<(&'static str, String)> {
    let mb = 1024 * 1024 / scale();
    vec![
        // 1.6 million stray years (D004) before the cap.
        ("years.txt", report(&"2019年".repeat(14 * mb / 7))),
        // A 10 MB line of digits.
        ("digits.txt", report(&"1234567890".repeat(mb))),
        // A million headings numbered like parts (S007), one per line.
        ("headings.txt", report(&"一、\n".repeat(mb))),
        // A table of 300,000 rows.
        (
            "pipes.txt",
            report(&"| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |\n".repeat(10 * mb / 34)),
        ),
        // The whole of every crawled report, again and again, on one line:
        // headings, tables and prose repeated, findings with labels far
        // apart on the line.
        ("crawled.txt", crawled_line(8 * mb)),
        // Parts 一 to 六 over and over (S002, S003 at every heading).
        (
            "parts.txt",
            format!(
                "{TITLE}{}",
                format!("一、总体情况\n{PARTS}三、总体情况\n").repeat(10 * mb / 262)
            ),
        ),
        // Quotes, percentages and lists that do not add up, on every line.
        (
            "prose.txt",
            report(
                &"“共收到申请13件，其中予以公开3件，占比50%，一是加强，三是完善。\n"
                    .repeat(10 * mb / 94),
            ),
        ),
        // PDF text (form feeds, wrapped lines) whose tables' parts are
        // two million one-character lines: table 三's in content order,
        // table 二's laid out in columns.
        (
            "pdf-raw.txt",
            PDF_RAW.replacen(
                "3.补正后申请内容仍不",
                &format!("{}3.补正后申请内容仍不", "字\n".repeat(8 * mb / 4)),
                1,
            ),
        ),
        (
            "pdf-layout.txt",
            PDF_LAYOUT.replacen(
                "第二十条第（五）项",
                &format!("{}第二十条第（五）项", "字\n".repeat(8 * mb / 4)),
                1,
            ),
        ),
        // Every stray year under a suppression comment of its own.
        (
            "suppressed.md",
            report(
                &"<!-- report-lint-disable-next-line D004 -->\n2019年，我局召开会议。\n"
                    .repeat(10 * mb / 80),
            ),
        ),
    ]
}

/// Runs `report-lint check --no-cache --format FORMAT path` in this
/// process; the output, and the heap the run added at its peak.
fn check(path: &Path, format: &str) -> (Counted, usize) {
    let args = [
        "report-lint",
        "check",
        "--no-cache",
        "--no-checks",
        "--format",
        format,
    ];
    let args: Vec<_> = args
        .iter()
        .map(Into::into)
        .chain([path.as_os_str().to_owned()])
        .collect();
    let mut out = Counted::default();
    // The output's own buffer is the test's, not the run's.
    out.kept.reserve(KEEP);
    // The peak counts from here: what the run allocates on top.
    ALLOCATOR.reset_peak_memory();
    let code = report_lint_cli::run(args, &mut io::empty(), &mut out, &mut io::sink());
    let peak = ALLOCATOR.get_peak_memory();
    assert!(
        code == 0 || code == 1,
        "{}: exit code {code}",
        path.display()
    );
    (out, peak)
}

#[test]
fn hostile_texts_cost_memory_and_output_in_proportion() {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::env::set_var("XDG_STATE_HOME", dir.path());
    // Regular expressions, tables and the like are built once per process,
    // at their first use: not what a text costs.
    let warm = dir.path().join("warm.txt");
    std::fs::write(&warm, report("2019年，三、“一是，三是，50%。")).expect("write");
    check(&warm, "text");
    let mut failures = Vec::new();
    for (name, text) in inputs() {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).expect("write the input");
        let size = text.len();
        drop(text);
        let (json, peak) = check(&path, "json");
        let findings: Vec<serde_json::Value> =
            serde_json::from_slice(&json.kept).expect("the JSON output is whole and valid");
        let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
        for f in &findings {
            *by_rule
                .entry(f["rule"].as_str().unwrap_or("").to_string())
                .or_default() += 1;
        }
        eprintln!(
            "{name}: {} KB, {} findings listed {by_rule:?}, JSON {} KB, peak heap {} MB ({:.1}× the file)",
            size >> 10,
            findings.len(),
            json.bytes >> 10,
            peak >> 20,
            peak as f64 / size as f64
        );
        if peak > K * size + FIXED {
            failures.push(format!("{name}: peak heap {peak} > {K} × {size} + {FIXED}"));
        }
        for (rule, n) in &by_rule {
            if *n > MAX_FINDINGS_PER_RULE + 1 {
                failures.push(format!("{name}: {n} findings of {rule} listed"));
            }
        }
        let bound = BYTES_PER_FINDING * findings.len().max(1);
        for format in ["json", "text", "sarif", "github", "csv"] {
            let (out, peak) = if format == "json" {
                (
                    Counted {
                        bytes: json.bytes,
                        kept: Vec::new(),
                    },
                    peak,
                )
            } else {
                check(&path, format)
            };
            eprintln!(
                "  {format}: {} KB, peak heap {} MB",
                out.bytes >> 10,
                peak >> 20
            );
            // SARIF starts with every rule's documentation.
            let fixed = if format == "sarif" { 256 * 1024 } else { 0 };
            if out.bytes > bound + fixed {
                failures.push(format!(
                    "{name}: {} bytes of {format} for {} findings",
                    out.bytes,
                    findings.len()
                ));
            }
            if peak > K * size + FIXED {
                failures.push(format!(
                    "{name} as {format}: peak heap {peak} > {K} × {size} + {FIXED}"
                ));
            }
        }
        std::fs::remove_file(&path).expect("remove the input");
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
