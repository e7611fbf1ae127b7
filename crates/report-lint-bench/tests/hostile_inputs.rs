//! Inputs no report looks like, each of which must be parsed and linted
//! without a panic, without a crashed rule (X001) and without a hang:
//! empty text, control characters, a 50 MB file, a single 10 MB line,
//! 40-digit numbers everywhere, and 5,000 copies of part 三.
//!
//! The large inputs are a fiftieth of their size in a debug build (`cargo
//! test`) so the suite stays quick; `REPORT_LINT_HOSTILE_SCALE=1` runs them
//! at full size (50 MB, 10 MB, 5,000 copies) in a release build:
//! `REPORT_LINT_HOSTILE_SCALE=1 cargo test --release -p report-lint-bench --test hostile_inputs`.

use report_lint_bench::{generate_report_sized, Layout, Script};
use report_lint_core::{parse, parse_str, SourceFile};
use report_lint_rules::{Config, Linter};
use std::sync::mpsc;
use std::time::Duration;

/// How long any one input may take before it counts as a hang. Far above
/// the real cost (seconds at most): this guards against runaway (quadratic)
/// behaviour, it is not a benchmark.
const HANG: Duration = Duration::from_secs(300);

/// The divisor applied to the full sizes: 1 for full size, 50 in a debug
/// build, where the pipeline is ten to twenty times slower and some inputs
/// (a line of 300,000 numbers) are slow even in a release build.
fn scale() -> usize {
    std::env::var("REPORT_LINT_HOSTILE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s| *s > 0)
        .unwrap_or(if cfg!(debug_assertions) { 50 } else { 1 })
}

/// Parses and lints on another thread; fails on a panic, a crashed rule, a
/// span outside the text, or no answer within [`HANG`].
fn survives(what: &str, source: SourceFile) {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let report = parse(source);
        let linter = Linter::new(Config::default()).expect("unique codes");
        let found = linter.lint(&report);
        let text = &report.source.text;
        let bad_span = found.iter().find(|d| {
            d.span.end > text.len()
                || !text.is_char_boundary(d.span.start)
                || !text.is_char_boundary(d.span.end)
        });
        let crashed = found.iter().find(|d| d.code == "X001");
        let result = match (crashed, bad_span) {
            (Some(d), _) => Err(format!("a rule crashed: {}", d.message)),
            (_, Some(d)) => Err(format!("{} has span {:?} outside the text", d.code, d.span)),
            _ => Ok(found.len()),
        };
        let _ = tx.send(result);
    });
    match rx.recv_timeout(HANG) {
        Ok(Ok(_)) => {}
        Ok(Err(problem)) => panic!("{what}: {problem}"),
        // The worker panicked (the channel closed) or is still running.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let _ = worker.join();
            panic!("{what}: the pipeline panicked");
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: no result after {HANG:?}"),
    }
}

fn survives_text(what: &str, name: &str, text: String) {
    survives(what, SourceFile::new(name, text));
}

#[test]
fn empty_input() {
    for name in ["empty.txt", "empty.md", "empty.html"] {
        survives_text(name, name, String::new());
        survives_text(name, name, "\u{feff}".into());
        survives_text(name, name, "\n\r\n  \u{a0}\n".into());
    }
}

#[test]
fn control_characters() {
    let controls: String = (0u32..0x20)
        .chain(0x7f..0xa0)
        .chain([0xfffd, 0xfeff, 0x200b, 0x2028, 0x202e])
        .filter_map(char::from_u32)
        .collect();
    survives_text("controls", "controls.txt", controls.repeat(1_000));
    // A real report with a control character after every seventh character.
    let report = generate_report_sized(5, Layout::PipeRows, Script::Simplified, 30_000);
    let salted: String = report
        .chars()
        .enumerate()
        .flat_map(|(i, c)| {
            let extra = controls.chars().nth(i % controls.chars().count());
            std::iter::once(c).chain(extra.filter(|_| i % 7 == 6))
        })
        .collect();
    survives_text("salted report", "salted.txt", salted.clone());
    survives_text("salted page", "salted.html", salted);
}

/// Reports of every layout, concatenated until the file has the size asked
/// for: headings, tables and prose repeat hundreds of times.
fn concatenated(bytes: usize) -> String {
    let one_of_each: String = Layout::ALL
        .into_iter()
        .filter(|l| *l != Layout::Html)
        .map(|layout| generate_report_sized(11, layout, Script::Simplified, 100 * 1024))
        .collect();
    one_of_each.repeat(bytes.div_ceil(one_of_each.len()))
}

#[test]
fn a_50_mb_file() {
    let bytes = 50 * 1024 * 1024 / scale();
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("huge.txt");
    std::fs::write(&path, concatenated(bytes)).expect("write the file");
    let read = std::fs::read(&path).expect("read the file");
    assert!(read.len() >= bytes);
    let source = SourceFile::from_bytes(path.display().to_string(), read).expect("UTF-8");
    survives("a 50 MB file", source);
}

/// A report whose part 一 is one line of `piece` repeated to 10 MB, as
/// plain text and (with no line breaks at all) as Markdown.
fn single_line(piece: &str) {
    let bytes = 10 * 1024 * 1024 / scale();
    let line = piece.repeat(bytes / piece.len() + 1);
    let text = format!("某县2023年政府信息公开工作年度报告\n一、总体情况\n{line}\n");
    survives_text(piece, "line.txt", text.clone());
    survives_text(piece, "line.md", text.replace('\n', ""));
}

#[test]
fn a_single_10_mb_line_of_table_cells() {
    single_line("| 1.属于国家秘密 | 0 ");
}

#[test]
fn a_single_10_mb_line_of_pdf_numbers() {
    single_line("0 12 3 ");
}

#[test]
fn a_single_10_mb_line_of_headings() {
    single_line("三、收到和处理政府信息公开申请情况");
}

/// Counts and percentages without end: every percentage is checked
/// against the totals stated shortly before it in its paragraph.
#[test]
fn a_single_10_mb_line_of_prose_numbers() {
    single_line("全年共收到政府信息公开申请13件，其中予以公开3件，占比23.08%，");
}

/// Every run of digits in the text replaced by a 40-digit number.
fn with_forty_digit_numbers(text: &str) -> String {
    const FORTY: &str = "1234567890123456789012345678901234567890";
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push_str(FORTY);
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out
}

#[test]
fn forty_digit_numbers_everywhere() {
    for layout in Layout::ALL {
        let report = generate_report_sized(8, layout, Script::Simplified, 30_000);
        let name = format!("digits.{}", layout.extension());
        survives_text(layout.name(), &name, with_forty_digit_numbers(&report));
    }
    let prose = "一、总体情况\n共收到申请1000000000000000000000000000000000000000件，其中予以公开\
                 999999999999999999999999999999999999999件，占比99.99999999999999999999999999%。\
                 公开率为1000000000000000000000000000000000000000.5%。\n";
    survives_text("prose", "digits.txt", prose.into());
}

#[test]
fn part_three_repeated_5000_times() {
    let copies = 5_000 / scale();
    for layout in [Layout::PipeRows, Layout::Dense] {
        let report = generate_report_sized(2, layout, Script::Simplified, 20_000);
        let start = report.find("三、收到和处理").expect("part 三");
        // Part 四's heading, not table 三's row 四、结转下年度继续办理.
        let end = report
            .match_indices("四、")
            .map(|(i, _)| i)
            .find(|i| *i > start && !report[*i..].starts_with("四、结转"))
            .expect("part 四");
        let text = format!(
            "{}{}{}",
            &report[..end],
            report[start..end].repeat(copies),
            &report[end..]
        );
        let name = format!("repeated.{}", layout.extension());
        survives_text(layout.name(), &name, text);
    }
}

/// The linter is also run on text that is not a report at all.
#[test]
fn a_binary_looking_page() {
    let bytes: Vec<u8> = (0..50_000u32).map(|i| (i * 7919 % 128) as u8).collect();
    let text = String::from_utf8(bytes).expect("ASCII is UTF-8");
    survives_text("ascii noise", "noise.html", text.clone());
    let report = parse_str("noise.txt", &text);
    assert!(!report.is_annual_report());
}
