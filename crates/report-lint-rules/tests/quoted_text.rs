//! A finding quotes at most a few dozen characters of the report, however
//! long the cell, label or line it is about: a cell of 20,000 digits made
//! a message of 20 KB, copied into every output format.

use report_lint_core::quote::QUOTE_CHARS;
use report_lint_core::{parse_str, quote};
use report_lint_rules::testing::table3_report;
use report_lint_rules::{Config, Linter};

/// Characters of a message besides what it quotes (the rule's own words,
/// the names of tables, rows and columns, numbers).
const OWN_WORDS: usize = 160;

/// The report with `from` replaced by `to`, which must be there.
fn with(from: &str, to: &str) -> String {
    let report = table3_report(&[]);
    assert!(report.contains(from), "{from}");
    report.replacen(from, to, 1)
}

#[test]
fn messages_labels_and_fixes_quote_a_bounded_part_of_the_text() {
    let long = "甲".repeat(20_000);
    let digits = "9".repeat(20_000);
    let texts = [
        // A cell of table 二 with too many digits to be a number.
        with("| 规章 | 0 |", &format!("| 规章 | {digits} |")),
        // A row of table 三 no one can name.
        with("| （一）予以公开 | 0 |", &format!("| {long} | 0 |")),
        // A placeholder left in the prose.
        with(
            "2023年，我局认真落实《条例》。",
            &format!("{}局。", "X".repeat(20_000)),
        ),
    ];
    let linter = Linter::new(Config::default()).expect("unique codes");
    for text in &texts {
        let found = linter.lint(&parse_str("a.txt", text));
        let quoting = found.iter().filter(|d| d.message.contains('…')).count();
        assert!(
            quoting > 0,
            "{:?}",
            found.iter().map(|d| quote(&d.message)).collect::<Vec<_>>()
        );
        for d in found {
            let quoted = |what: &str, s: &str| {
                let n = s.chars().count();
                assert!(
                    n <= QUOTE_CHARS + OWN_WORDS,
                    "{} {what} of {n} characters: {}",
                    d.code,
                    quote(s)
                );
            };
            quoted("message", &d.message);
            for l in &d.labels {
                quoted("label", &l.message);
            }
            for f in &d.fixes {
                quoted("fix title", &f.title);
            }
        }
    }
}
