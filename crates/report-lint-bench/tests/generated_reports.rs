//! The generator is only useful if what it writes is clean: every report, in
//! every layout and script, must parse with all three tables read completely
//! and lint without an error or a warning. A finding here is a bug of the
//! generator or a false positive of a rule — check which before changing
//! either.

use report_lint_bench::{corpus_file, generate_report, generate_report_in, Layout, Script, Sizes};
use report_lint_core::template::RequestRow;
use report_lint_core::{parse_str, CellValue, Report, TemplateVersion};
use report_lint_rules::cross_year::{compare, is_previous_year};
use report_lint_rules::{Config, Linter, Severity};

/// Reports per layout and script; each is 20–100 KB of text.
const SEEDS: u64 = 8;

fn name(layout: Layout) -> String {
    format!("generated.{}", layout.extension())
}

fn every_report() -> impl Iterator<Item = (u64, Layout, Script)> {
    (0..SEEDS).flat_map(|seed| {
        Layout::ALL
            .into_iter()
            .flat_map(move |layout| Script::ALL.map(|script| (seed, layout, script)))
    })
}

/// What is wrong with how the tables were read, if anything.
fn unread_tables(report: &Report) -> Vec<String> {
    let mut problems: Vec<String> = report.notes.iter().map(|n| n.message.clone()).collect();
    let expected_rows = match report.template {
        TemplateVersion::V2019 => 23,
        _ => 25,
    };
    match &report.tables.requests {
        Some(t) => {
            if t.rows.len() != expected_rows {
                problems.push(format!("table 三 has {} rows", t.rows.len()));
            }
            for row in t.rows.iter().filter(|r| !r.readable || r.cells.len() != 7) {
                problems.push(format!("table 三 row {:?} unreadable", row.key));
            }
            let counts = t
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .all(|c| matches!(c.value, CellValue::Count(_)));
            if !counts {
                problems.push("table 三 has a cell that is not a count".into());
            }
        }
        None => problems.push("table 三 not found".into()),
    }
    match &report.tables.review {
        Some(t) if t.readable && t.cells.len() == 15 => {}
        _ => problems.push("table 四 not read".into()),
    }
    let blocks = match report.template {
        TemplateVersion::V2019 => 5,
        _ => 4,
    };
    match &report.tables.proactive {
        Some(t) if t.blocks.len() == blocks => {}
        _ => problems.push("table 二 not read".into()),
    }
    if report.template == TemplateVersion::Unknown {
        problems.push("template not recognised".into());
    }
    problems
}

#[test]
fn every_generated_report_is_read_completely_and_lints_clean() {
    let linter = Linter::new(Config::default()).expect("unique codes");
    let mut failures = Vec::new();
    for (seed, layout, script) in every_report() {
        // Both sizes: filler paragraphs must not upset any rule either.
        let sizes = Sizes::ALL[seed as usize % 2];
        let text = generate_report_in(seed, layout, script, sizes);
        let report = parse_str(&name(layout), &text);
        let what = format!(
            "seed {seed} {} {} {}",
            layout.name(),
            script.name(),
            sizes.name()
        );
        for problem in unread_tables(&report) {
            failures.push(format!("{what}: {problem}"));
        }
        for d in linter.lint(&report) {
            if d.severity >= Severity::Warning {
                let line = report.source.line_index(d.span.start) + 1;
                failures.push(format!("{what}: line {line} {} {}", d.code, d.message));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The test above would pass on a linter that finds nothing: one wrong
/// figure in a generated report must be found.
#[test]
fn a_wrong_total_in_a_generated_report_is_found() {
    let linter = Linter::new(Config::default()).expect("unique codes");
    for layout in Layout::ALL {
        let text = generate_report(1, layout, Script::Simplified);
        let report = parse_str(&name(layout), &text);
        let table = report.tables.requests.as_ref().expect("table 三");
        let total = table
            .row(RequestRow::ResultsTotal)
            .and_then(|r| r.total())
            .expect("（七）总计");
        let CellValue::Count(n) = total.value else {
            panic!("（七）总计 is a count");
        };
        let span = total.span;
        let wrong = format!("{}{}{}", &text[..span.start], n + 1, &text[span.end..]);
        let codes: Vec<&str> = linter
            .lint(&parse_str(&name(layout), &wrong))
            .iter()
            .map(|d| d.code)
            .collect();
        assert!(
            codes.contains(&"B001") && codes.contains(&"B002"),
            "{}: {codes:?}",
            layout.name()
        );
    }
}

#[test]
fn generation_is_deterministic_and_sized() {
    for layout in Layout::ALL {
        for script in Script::ALL {
            let a = generate_report(3, layout, script);
            assert_eq!(a, generate_report(3, layout, script));
            assert_ne!(a, generate_report(4, layout, script));
            for sizes in Sizes::ALL {
                let a = generate_report_in(3, layout, script, sizes);
                // The last filler paragraph may overshoot the target a
                // little; a report is never shorter than without filler
                // (up to 12 KB, for a page).
                let range = sizes.range();
                let fits = *range.start().min(&(12 * 1024))..=range.end() + 4096;
                assert!(fits.contains(&a.len()), "{} bytes", a.len());
            }
        }
    }
    let file = corpus_file(9, 14);
    assert_eq!(file.name, "00014-markdown-simplified.md");
    assert_eq!(file.text, corpus_file(9, 14).text);
    assert_eq!(
        corpus_file(9, 21).name,
        "00021-one-cell-per-line-traditional.txt"
    );
}

/// A corpus follows each agency through six years, and `report-lint
/// check` compares each report with the agency's previous one (Y001,
/// Y002): the reports must pair up, and agree.
#[test]
fn a_corpus_follows_agencies_through_the_years_consistently() {
    let linter = Linter::new(Config::default()).expect("unique codes");
    let reports: Vec<Report> = (0..12)
        .map(|i| {
            let file = corpus_file(5, i);
            parse_str(&file.name, &file.text)
        })
        .collect();
    let mut pairs = 0;
    let mut failures = Vec::new();
    for current in &reports {
        let mut found = linter.lint(current);
        for previous in reports.iter().filter(|p| is_previous_year(p, current)) {
            pairs += 1;
            found.extend(compare(previous, current, linter.config()));
        }
        for d in found.iter().filter(|d| d.severity >= Severity::Warning) {
            failures.push(format!("{}: {} {}", current.source.name, d.code, d.message));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        pairs, 10,
        "two agencies, five pairs of consecutive years each"
    );
}
