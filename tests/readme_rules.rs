//! The rule table of README.md (between the `rule-table` markers under
//! `## 规则`) is generated from the registry, so it cannot fall behind a
//! new rule or a reworded summary.
//!
//! Regenerate it with `UPDATE_README=1 cargo test -p report-lint-e2e --test
//! readme_rules`.

mod support;

use support::{field, registry, workspace_root};

const START: &str = "<!-- rule-table:start (generated: UPDATE_README=1 cargo test -p report-lint-e2e --test readme_rules) -->\n";
const END: &str = "<!-- rule-table:end -->\n";

fn severity_in_chinese(severity: &str) -> &'static str {
    match severity {
        "error" => "错误",
        "warning" => "警告",
        "info" => "提示",
        other => panic!("unknown severity {other}"),
    }
}

/// A `|` inside a cell would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn table() -> String {
    let mut out = String::from("| 代码 | 名称 | 级别 | 检查内容 |\n|---|---|---|---|\n");
    for rule in registry() {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            field(&rule, "code"),
            field(&rule, "name"),
            severity_in_chinese(field(&rule, "severity")),
            cell(field(&rule, "summary")),
        ));
    }
    out
}

#[test]
fn readme_rule_table_is_the_registry() {
    let path = workspace_root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let start = readme
        .find(START)
        .expect("README.md has the rule-table start marker")
        + START.len();
    let end = start
        + readme[start..]
            .find(END)
            .expect("README.md has the rule-table end marker");
    let (written, generated) = (&readme[start..end], table());
    if written == generated {
        return;
    }
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{generated}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).expect("write README.md");
        return;
    }
    let differ: Vec<String> = generated
        .lines()
        .filter(|l| !written.lines().any(|w| w == *l))
        .chain(
            written
                .lines()
                .filter(|w| !generated.lines().any(|l| l == *w)),
        )
        .map(|l| format!("  {l}"))
        .collect();
    panic!(
        "README.md's rule table is not the registry's; regenerate it with\n  \
         UPDATE_README=1 cargo test -p report-lint-e2e --test readme_rules\n\
         lines that differ (generated first, then written):\n{}",
        differ.join("\n")
    );
}

#[test]
fn summaries_with_a_pipe_stay_in_their_cell() {
    assert_eq!(cell("a|b"), "a\\|b");
    assert_eq!(severity_in_chinese("info"), "提示");
}
