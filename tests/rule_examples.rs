//! The `## 示例` sections of the rule docs (`report-lint rule CODE`) are
//! run: each example pair written `` `错误的写法` → `正确的写法` `` must
//! hold in the rule's own report. The correct text must occur exactly once
//! in `fixtures/rules/CODE/silent.*` (which the rule is silent on); putting
//! the wrong text in its place must make the rule fire.
//!
//! So an example is always the text of a realistic report, shown as the
//! user will see it, and a doc that promises more than the rule does fails
//! here. An example that describes rather than quotes (a missing part, a
//! scanned PDF, last year's report) has no pair; such rules are listed in
//! `DESCRIBED`, with why, and a listed rule that gains a pair fails too.

mod support;

use support::{field, findings_of, fixture, registry};

const DESCRIBED: &[(&str, &str)] = &[
    ("C005", "a scanned PDF has no text to quote"),
    ("D002", "an absence: no sentence states the period"),
    ("H005", "a page's navigation line, told in words"),
    ("K002", "an absence: part 五 says only “无”"),
    ("L002", "an absence: a missing row"),
    ("L004", "an absence: a missing column header"),
    ("P005", "a claim against a table figure, told in words"),
    ("S001", "an absence: a missing part"),
    ("S002", "the order of two parts"),
    ("S003", "a heading written twice"),
    ("S005", "an absence: a part without its table"),
    ("V001", "which template a whole table follows"),
    ("V002", "which template each of two tables follows"),
    ("V005", "a report older than the template, not a mistake"),
    ("X001", "a rule that crashed, whatever the report"),
    ("X002", "a comment in a report, told in words"),
    ("Y001", "needs last year's report"),
    ("Y002", "needs last year's report"),
];

/// The text of the rule's `## 示例` section.
fn examples_section(docs: &str) -> &str {
    let Some(start) = docs.find("## 示例") else {
        return "";
    };
    let body = &docs[start + "## 示例".len()..];
    body.find("\n## ").map_or(body, |end| &body[..end])
}

/// Every `` `A` → `B` `` of the section, as (wrong, right); a long pair
/// may break its line after the arrow. Fenced blocks are pictures of a
/// table, not pairs, and their fences would upset the count of backticks.
fn pairs(section: &str) -> Vec<(String, String)> {
    let mut prose = String::new();
    let mut fenced = false;
    for line in section.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    // Odd pieces are inside backticks.
    let pieces: Vec<&str> = prose.split('`').collect();
    let mut out = Vec::new();
    let mut i = 1;
    while i + 2 < pieces.len() {
        if pieces[i + 1].trim() == "→" {
            out.push((pieces[i].to_string(), pieces[i + 2].to_string()));
        }
        i += 2;
    }
    out
}

#[test]
fn pairs_are_read_from_inline_code_around_an_arrow() {
    let section =
        "\n`坏` → `好`；`x` 和 `y`。\n```text\n| 1 | 2 |\n```\n`一是` … `三是` →\n`二是`\n";
    assert_eq!(
        pairs(section),
        [("坏".into(), "好".into()), ("三是".into(), "二是".into())]
    );
    assert_eq!(examples_section("## 示例\n`a`\n## 修复安全性\nb"), "\n`a`");
}

#[test]
fn every_example_pair_holds_in_the_rules_report() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in registry() {
        let code = field(&rule, "code");
        let found = pairs(examples_section(field(&rule, "docs")));
        let described = DESCRIBED.iter().any(|(c, _)| *c == code);
        match (found.is_empty(), described) {
            (true, false) => {
                failures.push(format!(
                    "{code}: its ## 示例 has no `错误` → `正确` pair (or list it in DESCRIBED)"
                ));
                continue;
            }
            (false, true) => {
                failures.push(format!(
                    "{code}: has example pairs now; remove it from DESCRIBED"
                ));
            }
            _ => {}
        }
        if found.is_empty() {
            continue;
        }
        let Some(silent) = fixture(code, "silent") else {
            failures.push(format!("{code}: no fixtures/rules/{code}/silent.*"));
            continue;
        };
        let text = std::fs::read_to_string(&silent.path).expect("silent fixture is text");
        for (wrong, right) in found {
            let times = text.matches(right.as_str()).count();
            if times != 1 {
                failures.push(format!(
                    "{code}: “{right}” occurs {times} times in {}, not once",
                    silent.path.display()
                ));
                continue;
            }
            if !findings_of(code, &silent, Some(&text)).is_empty() {
                failures.push(format!(
                    "{code}: fires on “{right}” in {}",
                    silent.path.display()
                ));
            }
            let planted = text.replacen(right.as_str(), &wrong, 1);
            if findings_of(code, &silent, Some(&planted)).is_empty() {
                failures.push(format!(
                    "{code}: silent on “{wrong}” (in place of “{right}” in {})",
                    silent.path.display()
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 25, "only {checked} example pairs checked");
}
