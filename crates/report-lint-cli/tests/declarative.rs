//! Rules written in configuration (`[[rule]]`, and rule files included
//! from `report-lint.toml`) through the official binary: findings in JSON,
//! exit codes, the rule list naming each rule's file, errors naming the
//! file and line, and the result cache following included files.

mod documents;

use documents::run;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed(name: &str) -> PathBuf {
    repository().join("fixtures/seeds").join(name)
}

/// (rule, message, line) of each finding of a `--format json` run.
fn findings(output: &Output) -> Vec<(String, String, u64)> {
    let found: Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    found
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A folder as a province would set it up: `report-lint.toml` including
/// the example rule file `rules/provincial.toml`, and copies of four real
/// reports.
fn provincial_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("rules")).unwrap();
    fs::copy(
        repository().join("rules/provincial.toml"),
        dir.path().join("rules/provincial.toml"),
    )
    .unwrap();
    fs::write(
        dir.path().join("report-lint.toml"),
        "include = [\"rules/provincial.toml\"]\n",
    )
    .unwrap();
    for name in [
        "001_5bca17c1ce8495dd.txt",
        "003_8c3aac9d8f9db296.txt",
        "004_7595553dd3c74eb9.txt",
    ] {
        fs::copy(seed(name), dir.path().join(name)).unwrap();
    }
    dir
}

const WORK_POINTS: &str = "第六部分应报告落实上级年度政务公开工作要点情况";
const FEE: &str = "第六部分应写明信息处理费的收取金额（未收取的写明“未收取”）";
const PROPOSALS: &str = "政府年报第六部分应报告人大代表建议和政协提案办理结果公开情况";

/// The three rules of the example pack, now written in `provincial.toml`:
/// each fires on one real report and is silent on another, with the
/// messages and places the Rust rules (G001–G003) gave.
#[test]
fn the_example_rule_file_fires_as_the_rust_rules_did() {
    let dir = provincial_folder();
    let check = |name: &str| {
        let out = run(
            &["check", "--format", "json", "--select", "Z6", name],
            dir.path(),
        );
        // Warnings and an info: nothing fails the run.
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        findings(&out)
    };
    let s = |rule: &str, message: &str, line| (rule.to_string(), message.to_string(), line);
    // 001 reports its 工作要点 (Z601 silent) but states no fee amount (Z602);
    // a department's report (Z603 silent).
    assert_eq!(check("001_5bca17c1ce8495dd.txt"), [s("Z602", FEE, 347)]);
    // 003, a people's government's report: neither 工作要点 nor 建议/提案;
    // it says no fee was collected (Z602 silent).
    assert_eq!(
        check("003_8c3aac9d8f9db296.txt"),
        [s("Z601", WORK_POINTS, 43), s("Z603", PROPOSALS, 43)]
    );
    // 004: no 工作要点; a department (Z603 silent), no fee mentioned.
    assert_eq!(
        check("004_7595553dd3c74eb9.txt"),
        [s("Z601", WORK_POINTS, 313)]
    );

    // The severity the file gives (Z603: info) and the configuration's own
    // [severity] over it; an error fails the run.
    fs::write(
        dir.path().join("report-lint.toml"),
        "include = [\"rules/provincial.toml\"]\n[severity]\nZ603 = \"error\"\n",
    )
    .unwrap();
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "Z603",
            "003_8c3aac9d8f9db296.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["name"], "proposals-not-reported");
}

/// `report-lint rule` lists a rule of an included file with that file as
/// its source, and shows its documentation.
#[test]
fn the_rule_list_names_the_included_file() {
    let dir = provincial_folder();
    fs::write(
        dir.path().join("report-lint.toml"),
        "include = [\"rules/provincial.toml\"]\n\n[[rule]]\ncode = \"Z101\"\nname = \"own-rule\"\nmessage = \"第一部分应写明工作机构\"\nscope = \"part 1\"\nmust-mention = \"工作机构\"\n",
    )
    .unwrap();
    let out = run(&["rule", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let rules: Value = serde_json::from_slice(&out.stdout).unwrap();
    let source = |code: &str| {
        rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap_or_else(|| panic!("{code} listed"))["pack"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let included = dir.path().join("rules/provincial.toml");
    assert_eq!(source("Z601"), included.display().to_string());
    assert_eq!(source("Z603"), included.display().to_string());
    assert_eq!(
        source("Z101"),
        dir.path().join("report-lint.toml").display().to_string()
    );

    let table = String::from_utf8(run(&["rule"], dir.path()).stdout).unwrap();
    let line = table
        .lines()
        .find(|l| l.starts_with("Z602"))
        .expect("Z602 in the table");
    assert!(
        line.contains("fee-amount-not-stated") && line.contains("provincial.toml"),
        "{line}"
    );

    let docs = run(&["rule", "Z603"], dir.path());
    assert_eq!(docs.status.code(), Some(0));
    let docs = String::from_utf8(docs.stdout).unwrap();
    assert!(
        docs.contains(&format!("来源：{}", included.display())),
        "{docs}"
    );
    assert!(
        docs.contains("默认级别：info") && docs.contains("人大代表建议"),
        "{docs}"
    );
}

/// A table rule and a comparison, in JSON, and the exit code of an error.
#[test]
fn table_rules_and_comparisons_report_the_cell() {
    let text = report_lint_rules::testing::table3_report(&[
        ("一、本年新收", [5, 0, 0, 0, 0, 0, 5]),
        ("1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1]),
    ])
    .replace(
        "三、收到和处理政府信息公开申请情况\n\n",
        "三、收到和处理政府信息公开申请情况\n\n本年度共收到政府信息公开申请7件。\n\n",
    );
    let config = r#"
[[rule]]
code = "Z201"
name = "no-state-secrets"
severity = "error"
message = "本省要求不得以国家秘密为由不予公开"
scope = "table 3"
row = "（三）1"
column = "总计"
must-be-zero = true

[[rule]]
code = "Z301"
name = "received-as-in-table"
message = "正文所写收到申请数与表三不一致"
scope = "part 3"
number-pattern = '共收到政府信息公开申请(\d+)件'
compare = "="
with = { scope = "table 3", row = "一、本年新收政府信息公开申请数量", column = "总计" }
"#;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("r.txt"), &text).unwrap();
    fs::write(dir.path().join("report-lint.toml"), config).unwrap();
    let out = run(
        &["check", "--format", "json", "--select", "Z", "r.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "Z201 is an error: {out:?}");
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 2, "{found:#?}");
    let z301 = found.iter().find(|d| d["rule"] == "Z301").expect("Z301");
    assert_eq!(
        z301["message"],
        "正文所写收到申请数与表三不一致（“共收到政府信息公开申请7件”为 7，表三“一、本年新收政府信息公开申请数量”行“总计”列为 5，应相等）"
    );
    assert_eq!(z301["severity"], "warning");
    // The figure in the prose is the place; the cell is a second label.
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1;
    assert_eq!(
        z301["range"]["start"]["line"],
        line_of("共收到政府信息公开申请7件")
    );
    assert_eq!(
        z301["labels"][0]["range"]["start"]["line"],
        line_of("一、本年新收政府信息公开申请数量")
    );
    let z201 = found.iter().find(|d| d["rule"] == "Z201").expect("Z201");
    assert_eq!(z201["severity"], "error");
    assert_eq!(
        z201["message"],
        "本省要求不得以国家秘密为由不予公开（表三“（三）1”行“总计”列为 1）"
    );
    assert_eq!(z201["range"]["start"]["line"], line_of("1.属于国家秘密"));
    // Ignored like any rule.
    let out = run(
        &[
            "check", "--format", "json", "--select", "Z", "--ignore", "Z201", "r.txt",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(findings(&out).len(), 1);
}

/// A mistake in an included file stops the run (exit 2) with that file's
/// name and the line.
#[test]
fn a_mistake_in_an_included_file_names_it() {
    let dir = provincial_folder();
    let included = dir.path().join("rules/provincial.toml");
    let text = fs::read_to_string(&included).unwrap();
    fs::write(
        &included,
        text.replace(
            "scope = \"part 6\"\nmust-mention = \"工作要点\"",
            "scope = \"part 6\"\nmust-mention-pattern = \"(工作要点\"",
        ),
    )
    .unwrap();
    let line = fs::read_to_string(&included)
        .unwrap()
        .lines()
        .position(|l| l.starts_with("must-mention-pattern = \"(工作要点"))
        .unwrap()
        + 1;
    let out = run(&["check", "004_7595553dd3c74eb9.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(&included.display().to_string()), "{err}");
    assert!(
        err.contains(&format!("第 1 个 [[rule]]（第 {line} 行）")) && err.contains("正则表达式"),
        "{err}"
    );
    // The rule list refuses it too.
    assert_eq!(run(&["rule"], dir.path()).status.code(), Some(2));
}

/// The result cache is keyed by what the included files say: a changed
/// rule file is never answered from the cache of the old one.
#[test]
fn a_changed_included_file_is_not_answered_from_the_cache() {
    let dir = provincial_folder();
    let check = || {
        let out = run(
            &[
                "check",
                "--format",
                "json",
                "--select",
                "Z6",
                "004_7595553dd3c74eb9.txt",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        findings(&out)
            .into_iter()
            .map(|(rule, ..)| rule)
            .collect::<Vec<_>>()
    };
    assert_eq!(check(), ["Z601"]);
    assert_eq!(check(), ["Z601"], "from the cache");
    assert!(
        dir.path().join(".report-lint-cache").exists(),
        "the cache was used"
    );
    // 004 says nothing of 工作要点 but does speak of 公开: a rule that asks
    // for 公开 instead is satisfied.
    let included = dir.path().join("rules/provincial.toml");
    let text = fs::read_to_string(&included).unwrap();
    fs::write(
        &included,
        text.replace("must-mention = \"工作要点\"", "must-mention = \"公开\""),
    )
    .unwrap();
    assert!(check().is_empty(), "the changed rule is applied");
}

/// The HTML report documents the rules behind its findings, configuration
/// rules too: a finding's "规则 Z602" link leads to the rule's message and
/// help, not to nothing.
#[test]
fn the_html_report_documents_configuration_rules() {
    let dir = provincial_folder();
    let out = run(
        &["check", "--format", "html", "001_5bca17c1ce8495dd.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.contains("href=\"#rule-Z602\""),
        "the finding links its rule"
    );
    let docs = page
        .split("<details id=\"rule-Z602\">")
        .nth(1)
        .expect("the rule's documentation");
    let docs = &docs[..docs.find("</details>").unwrap()];
    assert!(docs.contains(FEE), "{docs}");
    assert!(docs.contains("<h3>说明</h3>"), "its help, rendered: {docs}");
}
