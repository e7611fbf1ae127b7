//! Property tests of the whole pipeline on arbitrary and damaged input:
//!
//! - parsing and linting never panic, never hang, and no rule crashes (no
//!   X001);
//! - every span a diagnostic carries — primary, labels, fix edits — lies
//!   inside the text and on UTF-8 character boundaries;
//! - fixing is idempotent: `fix_report` on its own output changes nothing;
//! - a fixed text parses to the same structure (sections, table figures).
//!
//! Inputs: arbitrary Unicode, text assembled from the pieces reports are
//! made of, and real fixtures and generated reports damaged the ways copies
//! are damaged (truncated, lines spliced, sections duplicated, 40-digit
//! numbers, stray pipes, NBSP and full-width characters, CRLF).
//!
//! Case counts keep the suite to about fifteen seconds in a debug build; set
//! `PROPTEST_CASES` to run more (`PROPTEST_CASES=5000 cargo test --release
//! -p report-lint-bench --test fuzz_pipeline`).

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use report_lint_bench::{generate_report_sized, Layout, Script};
use report_lint_core::{parse_str, CellValue, Report, SectionKind, SourceFile, Span};
use report_lint_rules::fix::{fix_report, FixMode};
use report_lint_rules::{Config, Diagnostic, Linter};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, LazyLock};
use std::time::Duration;

static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::new(Config::default()).expect("unique codes"));

/// Every fixture report: real seeds, every layout, edge cases, HTML.
static FIXTURES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                walk(&path, out);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("txt" | "md" | "html")
            ) {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"),
        &mut paths,
    );
    paths.sort();
    let files: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, text))
        })
        .collect();
    assert!(files.len() > 20, "fixtures not found");
    files
});

fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// How long one case may take before it counts as a hang: cases are at
/// most a few tens of KB, checked in well under a second even in a debug
/// build. A guard against runaway loops, not a benchmark.
const HANG: Duration = Duration::from_secs(60);

/// Runs a check on another thread so that a hang fails the case (and is
/// shrunk) instead of stalling the suite; a panic fails it too.
fn guarded(
    check: impl FnOnce() -> Result<(), TestCaseError> + Send + 'static,
) -> Result<(), TestCaseError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(check());
    });
    match rx.recv_timeout(HANG) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(TestCaseError::fail("panicked")),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(TestCaseError::fail(format!("no result after {HANG:?}")))
        }
    }
}

fn span_ok(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Parses and lints `text`, checking what holds for any input.
fn lint_checked(name: &str, text: &str) -> Result<(Report, Vec<Diagnostic>), TestCaseError> {
    let report = parse_str(name, text);
    let found = LINTER.lint(&report);
    let source = &report.source.text;
    for d in &found {
        prop_assert_ne!(d.code, "X001", "a rule crashed: {}", d.message);
        prop_assert!(span_ok(source, d.span), "{} span {:?}", d.code, d.span);
        for label in &d.labels {
            prop_assert!(
                span_ok(source, label.span),
                "{} label {:?}",
                d.code,
                label.span
            );
        }
        for edit in d.fixes.iter().flat_map(|f| &f.edits) {
            prop_assert!(
                span_ok(source, edit.span),
                "{} edit {:?}",
                d.code,
                edit.span
            );
        }
    }
    for note in &report.notes {
        prop_assert!(span_ok(source, note.span), "note span {:?}", note.span);
    }
    Ok((report, found))
}

/// What a fix may not change (as `fix_report` defines it): the sections
/// found and every figure of the tables.
fn structure(report: &Report) -> (Vec<SectionKind>, Vec<String>) {
    let sections = report.sections.iter().map(|s| s.kind).collect();
    let mut figures = Vec::new();
    let values = |cells: &mut dyn Iterator<Item = &CellValue>| {
        cells
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    if let Some(t) = &report.tables.requests {
        for row in &t.rows {
            let cells = values(&mut row.cells.iter().map(|c| &c.value));
            figures.push(format!("{:?}:{cells}", row.key));
        }
    }
    if let Some(t) = &report.tables.review {
        figures.push(values(&mut t.cells.iter().map(|c| &c.value)));
    }
    if let Some(t) = &report.tables.proactive {
        for row in t.blocks.iter().flat_map(|b| &b.rows) {
            figures.push(values(&mut row.cells.iter().map(|c| &c.value)));
        }
    }
    (sections, figures)
}

fn fix_checked(name: &str, text: &str, mode: FixMode) -> Result<(), TestCaseError> {
    let once = fix_report(&LINTER, SourceFile::new(name, text), mode);
    let twice = fix_report(&LINTER, SourceFile::new(name, once.text.clone()), mode);
    prop_assert_eq!(
        &twice.text,
        &once.text,
        "fixing twice changed the text again"
    );
    let before = structure(&parse_str(name, text));
    let after = structure(&parse_str(name, &once.text));
    prop_assert_eq!(before, after, "the fixed text parses differently");
    lint_checked(name, &once.text)?;
    Ok(())
}

/// Pieces reports are made of, so that random text often looks like one.
const PIECES: [&str; 56] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "## ",
    "2023年政府信息公开工作年度报告",
    "发布日期：2024-01-20",
    "统计期限为2023年1月1日至2023年12月31日",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.",
    "（六）其他处理",
    "（七）总计",
    "四、结转下年度继续办理",
    "行政复议",
    "结果维持",
    "总计",
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "规章",
    "予以公开3件，占比23.07%",
    "共收到申请13件，其中",
    "一是",
    "二是",
    "公开率为",
    "0",
    "12",
    "1000000000000000000000000000000000000000",
    "-8",
    "35.62",
    " | ",
    "|",
    "||||",
    "\n",
    "\n\n",
    "\r\n",
    "\u{a0}",
    "（",
    "）",
    "號(hào)",
    "<td>&nbsp;</td>",
    "<tr>",
    "</td><td colspan=\"99999\" rowspan=\"0\">",
    "<table>",
    "</table>",
    "&#x110000;",
    "&#12288;&amp",
    "<!-- report-lint-disable B001 -->",
    "<script>",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&PIECES[..]), 0..300).prop_map(|p| p.concat())
}

/// Ways copies of reports get damaged.
#[derive(Debug, Clone)]
enum Damage {
    /// Cut the text at this fraction of its length.
    Truncate(f64),
    /// Move `len` lines from `from` to before line `to` (fractions of the line count).
    SpliceLines { from: f64, len: usize, to: f64 },
    /// Paste the part starting at the `n`-th heading twice.
    DuplicateSection(usize),
    /// Replace the `n`-th run of digits with a 40-digit number.
    HugeNumber(usize),
    /// Insert one of the characters copies pick up, at a fraction of the length.
    Insert(f64, &'static str),
    /// Windows line endings throughout.
    Crlf,
}

const DEBRIS: [&str; 10] = [
    "|", "||", " | ", "\u{a0}", "\u{3000}", "１２", "（", "）", "｜", "\r",
];

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (0.0..1.0f64).prop_map(Damage::Truncate),
        (0.0..1.0f64, 1..40usize, 0.0..1.0f64).prop_map(|(from, len, to)| Damage::SpliceLines {
            from,
            len,
            to
        }),
        (0..8usize).prop_map(Damage::DuplicateSection),
        (0..200usize).prop_map(Damage::HugeNumber),
        (0.0..1.0f64, prop::sample::select(&DEBRIS[..])).prop_map(|(at, s)| Damage::Insert(at, s)),
        Just(Damage::Crlf),
    ]
}

/// The char boundary at or before `fraction` of the text.
fn boundary(text: &str, fraction: f64) -> usize {
    let mut at = ((text.len() as f64) * fraction) as usize;
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn is_heading(line: &str) -> bool {
    let line = line.trim_start_matches(['#', ' ', '*']);
    let mut chars = line.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('一' | '二' | '三' | '四' | '五' | '六'), Some('、'))
    )
}

fn apply(text: &str, damage: &Damage) -> String {
    match *damage {
        Damage::Truncate(f) => text[..boundary(text, f)].to_string(),
        Damage::SpliceLines { from, len, to } => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.is_empty() {
                return text.to_string();
            }
            let start = ((lines.len() as f64) * from) as usize % lines.len();
            let end = (start + len).min(lines.len());
            let moved: Vec<&str> = lines.drain(start..end).collect();
            let at = ((lines.len() as f64) * to) as usize;
            let at = at.min(lines.len());
            lines.splice(at..at, moved);
            lines.concat()
        }
        Damage::DuplicateSection(n) => {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let headings: Vec<usize> = (0..lines.len()).filter(|i| is_heading(lines[*i])).collect();
            let Some(&start) = headings.get(n % headings.len().max(1)) else {
                return text.to_string();
            };
            let end = headings
                .iter()
                .find(|h| **h > start)
                .copied()
                .unwrap_or(lines.len());
            let part = lines[start..end].concat();
            let mut out = lines[..end].concat();
            out.push_str(&part);
            out.push_str(&lines[end..].concat());
            out
        }
        Damage::HugeNumber(n) => {
            let runs: Vec<(usize, usize)> = text
                .char_indices()
                .filter(|(i, c)| {
                    c.is_ascii_digit() && !text[..*i].ends_with(|p: char| p.is_ascii_digit())
                })
                .map(|(i, _)| {
                    let len = text[i..].bytes().take_while(u8::is_ascii_digit).count();
                    (i, i + len)
                })
                .collect();
            match runs.get(n % runs.len().max(1)) {
                Some(&(a, b)) => format!(
                    "{}1000000000000000000000000000000000000000{}",
                    &text[..a],
                    &text[b..]
                ),
                None => text.to_string(),
            }
        }
        Damage::Insert(f, s) => {
            let at = boundary(text, f);
            format!("{}{s}{}", &text[..at], &text[at..])
        }
        Damage::Crlf => text.replace("\r\n", "\n").replace('\n', "\r\n"),
    }
}

/// A real fixture or a generated report (about 20 KB, any layout and
/// script), under a name whose extension says HTML or not.
fn base_report() -> impl Strategy<Value = (String, String)> {
    let fixture = (0..FIXTURES.len()).prop_map(|i| FIXTURES[i].clone());
    let generated = (
        0..1000u64,
        prop::sample::select(&Layout::ALL[..]),
        prop::sample::select(&Script::ALL[..]),
    )
        .prop_map(|(seed, layout, script)| {
            (
                format!("generated.{}", layout.extension()),
                generate_report_sized(seed, layout, script, 20_000),
            )
        });
    prop_oneof![3 => fixture, 1 => generated]
}

fn damaged_report() -> impl Strategy<Value = (String, String)> {
    (base_report(), prop::collection::vec(damage(), 1..4)).prop_map(|((name, text), damages)| {
        let damaged = damages.iter().fold(text, |t, d| apply(&t, d));
        (name, damaged)
    })
}

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn arbitrary_unicode_never_breaks_the_pipeline(
        text in prop::collection::vec(any::<char>(), 0..2000).prop_map(String::from_iter),
        html in any::<bool>(),
    ) {
        let name = if html { "page.html" } else { "report.txt" };
        guarded(move || lint_checked(name, &text).map(drop))?;
    }

}

proptest! {
    #![proptest_config(cases(64))]

    #[test]
    fn report_pieces_never_break_the_pipeline(text in pieces(), html in any::<bool>()) {
        let name = if html { "page.html" } else { "report.md" };
        guarded(move || lint_checked(name, &text).map(drop))?;
    }
}

proptest! {
    #![proptest_config(cases(96))]

    #[test]
    fn damaged_reports_never_break_the_pipeline((name, text) in damaged_report()) {
        guarded(move || lint_checked(&name, &text).map(drop))?;
    }
}

proptest! {
    #![proptest_config(cases(24))]

    #[test]
    fn fixing_damaged_reports_is_idempotent_and_keeps_the_structure(
        (name, text) in damaged_report(),
        unsafe_fixes in any::<bool>(),
    ) {
        let mode = if unsafe_fixes { FixMode::IncludeUnsafe } else { FixMode::SafeOnly };
        guarded(move || fix_checked(&name, &text, mode))?;
    }

    #[test]
    fn fixing_report_pieces_is_idempotent_and_keeps_the_structure(text in pieces()) {
        guarded(move || fix_checked("report.txt", &text, FixMode::IncludeUnsafe))?;
    }
}

/// Every fixture, undamaged, with unsafe fixes too (a superset of the safe
/// ones): the defective fixtures have fixes to apply, so this is where
/// idempotence matters most.
#[test]
fn fixing_every_fixture_is_idempotent_and_keeps_the_structure() {
    for (name, text) in FIXTURES.iter() {
        if let Err(e) = fix_checked(name, text, FixMode::IncludeUnsafe) {
            panic!("{name}: {e}");
        }
    }
}
