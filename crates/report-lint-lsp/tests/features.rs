//! Code actions, hover and the outline, on seed 000.

mod common;

use common::{apply_edits, second_one_under_other_handling, seed, utf16_position, Client};
use report_lint_core::SourceFile;
use report_lint_rules::fix::{fix_report, FixMode};
use report_lint_rules::{Config, Linter};
use serde_json::{json, Value};

const TXT: &str = "file:///tmp/report-000.txt";
const MD: &str = "file:///tmp/report-000.md";

async fn opened(uri: &str, language: &str, text: &str) -> (Client, Vec<Value>) {
    let (mut client, _) = Client::initialized(false, false).await;
    client.open(uri, language, 1, text).await;
    let diagnostics = client.diagnostics(uri, 1).await;
    (client, diagnostics)
}

async fn code_actions(
    client: &mut Client,
    uri: &str,
    range: &Value,
    diagnostics: Vec<Value>,
    only: Option<&[&str]>,
) -> Vec<Value> {
    let mut context = json!({"diagnostics": diagnostics});
    if let Some(only) = only {
        context["only"] = json!(only);
    }
    let response = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
        )
        .await;
    response["result"].as_array().cloned().unwrap_or_default()
}

fn edits<'a>(action: &'a Value, uri: &str) -> &'a [Value] {
    action["edit"]["changes"][uri]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

async fn hover(client: &mut Client, uri: &str, (line, character): (u64, u64)) -> String {
    let response = client
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}))
        .await;
    response["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_fix_renumbers_the_second_row() {
    let text = seed("000");
    let (mut client, diagnostics) = opened(TXT, "plaintext", &text).await;
    let n001 = diagnostics
        .iter()
        .find(|d| d["code"] == "N001")
        .expect("N001")
        .clone();

    let actions = code_actions(&mut client, TXT, &n001["range"], vec![n001.clone()], None).await;
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "N001")
        .unwrap_or_else(|| panic!("an N001 quick-fix in {actions:?}"));
    assert_eq!(fix["isPreferred"], true, "the fix is safe");
    // The finding underlines "1."; the fix replaces the digit alone.
    let digit = json!({"start": n001["range"]["start"], "end": {"line": 268, "character": 1}});
    assert_eq!(edits(fix, TXT), [json!({"range": digit, "newText": "2"})]);
    let fixed = apply_edits(&text, edits(fix, TXT));
    assert!(fixed[second_one_under_other_handling(&text)..].starts_with("2.申"));

    // Plain text has no comments: no "disable" action.
    assert!(!actions
        .iter()
        .any(|a| edits(a, TXT).iter().any(|e| e["newText"]
            .as_str()
            .unwrap_or("")
            .contains("report-lint-disable"))));
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fix_all_matches_report_lint_fix() {
    let text = seed("000");
    let (mut client, _) = opened(TXT, "plaintext", &text).await;
    let everywhere =
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    let actions = code_actions(
        &mut client,
        TXT,
        &everywhere,
        Vec::new(),
        Some(&["source.fixAll"]),
    )
    .await;
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.report-lint");

    let fixed = apply_edits(&text, edits(&actions[0], TXT));
    let linter = Linter::new(Config::default()).expect("unique rule codes");
    let expected = fix_report(
        &linter,
        SourceFile::new("report-000.txt", text.as_str()),
        FixMode::SafeOnly,
    );
    assert_eq!(fixed, expected.text);

    let remaining = linter.lint(&report_lint_core::parse_str("report-000.txt", &fixed));
    assert!(!remaining.iter().any(|d| d.code == "N001"));
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markdown_findings_can_be_silenced_for_one_line() {
    let text = seed("000");
    let (mut client, diagnostics) = opened(MD, "markdown", &text).await;
    let n001 = diagnostics
        .iter()
        .find(|d| d["code"] == "N001")
        .expect("N001")
        .clone();
    let actions = code_actions(
        &mut client,
        MD,
        &n001["range"],
        vec![n001.clone()],
        Some(&["quickfix"]),
    )
    .await;
    let disable = actions
        .iter()
        .find(|a| {
            edits(a, MD)
                .iter()
                .any(|e| e["newText"] == "<!-- report-lint-disable-next-line N001 -->\n")
        })
        .unwrap_or_else(|| panic!("a disable action in {actions:?}"));
    assert_eq!(
        edits(disable, MD)[0]["range"]["start"],
        json!({"line": 268, "character": 0})
    );
    assert!(
        !actions
            .iter()
            .any(|a| a["kind"] == "source.fixAll.report-lint"),
        "`only` is respected"
    );
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_shows_identities_percentages_and_rule_docs() {
    let text = seed("000");
    let (mut client, diagnostics) = opened(TXT, "plaintext", &text).await;

    // The 总计 of 一、本年新收 (line 82).
    let new_requests = hover(&mut client, TXT, (81, 0)).await;
    assert!(
        new_requests.contains("13 = 12 + 1 + 0 + 0 + 0 + 0"),
        "{new_requests}"
    );
    assert!(new_requests.contains('✓'), "{new_requests}");

    // （七）总计, 总计 column (line 294): the column sum of the results rows.
    let results = hover(&mut client, TXT, (293, 0)).await;
    assert!(results.contains("（七）总计 = 办理结果"), "{results}");
    assert!(results.contains("`13 = 3 + 0 + "), "{results}");

    // "予以公开3件,占比23.07%": 3 ÷ 13 rounds to 23.08.
    let percent = hover(
        &mut client,
        TXT,
        utf16_position(&text, text.find("23.07%").expect("percentage")),
    )
    .await;
    assert!(percent.contains("3 ÷ 13 = 23.08%"), "{percent}");
    assert!(percent.contains("截断"), "{percent}");

    // On a finding: the rule's documentation.
    let n001 = diagnostics
        .iter()
        .find(|d| d["code"] == "N001")
        .expect("N001");
    let start = &n001["range"]["start"];
    let docs = hover(
        &mut client,
        TXT,
        (
            start["line"].as_u64().unwrap(),
            start["character"].as_u64().unwrap(),
        ),
    )
    .await;
    assert!(docs.contains("N001 · sub-row-numbering"), "{docs}");
    assert!(
        docs.contains("## Fix safety") || docs.contains("修复"),
        "{docs}"
    );

    // A heading without findings: nothing.
    assert_eq!(hover(&mut client, TXT, (7, 2)).await, "");
    client.shut_down().await;
}

/// The hover recomputes a percentage with P001's own denominators: a share
/// of a total stated in the sentence (20) holds although it is not a share
/// of any total of table 三 (13), and P001 stays silent on it too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_and_p001_agree_on_a_share_of_a_stated_total() {
    // A paragraph of its own after the heading "(二)規範依申請公開".
    let mut text = seed("000");
    let heading = text.find("(二)").expect("heading (二)");
    let line_end = heading + text[heading..].find('\n').expect("line end") + 1;
    text.insert_str(
        line_end,
        "全年共接到咨询20件，其中电话咨询5件，占25.00%。\n",
    );
    let (mut client, diagnostics) = opened(TXT, "plaintext", &text).await;
    let at = utf16_position(&text, text.find("25.00%").expect("percentage"));
    assert!(
        !diagnostics
            .iter()
            .any(|d| d["code"] == "P001" && d["range"]["start"]["line"] == at.0),
        "P001 is silent on the share: {diagnostics:?}"
    );
    let percent = hover(&mut client, TXT, at).await;
    assert!(percent.contains("`5 ÷ 20 = 25.00%` ✓"), "{percent}");
    assert!(percent.contains("文中所述总数 20"), "{percent}");
    assert!(percent.contains("`5 ÷ 13 = 38.46%` ✗"), "{percent}");
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outline_lists_the_six_sections_with_their_tables() {
    let (mut client, _) = opened(TXT, "plaintext", &seed("000")).await;
    let response = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": TXT}}),
        )
        .await;
    let symbols = response["result"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = symbols.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项"
        ]
    );
    assert_eq!(
        symbols[2]["children"][0]["name"],
        "收到和处理政府信息公开申请情况表（三）"
    );
    assert_eq!(
        symbols[2]["selectionRange"]["start"],
        json!({"line": 60, "character": 0})
    );
    client.shut_down().await;
}

async fn status(client: &mut Client, uri: &str) -> Value {
    client
        .request("report-lint/status", json!({"textDocument": {"uri": uri}}))
        .await["result"]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_tells_whether_a_document_is_a_report_and_its_counts() {
    let text = seed("000_f866b5b8ecaa5ac0.txt");
    let (mut client, diagnostics) = opened(TXT, "plaintext", &text).await;
    let report = status(&mut client, TXT).await;
    assert_eq!(report["version"], 1);
    assert_eq!(report["report"], true, "{report}");
    assert_eq!(report["title"], true);
    assert_eq!(report["headings"], 6);
    assert_eq!(report["reason"], Value::Null);
    let count = |severity: i64| {
        diagnostics
            .iter()
            .filter(|d| d["severity"] == severity)
            .count()
    };
    assert_eq!(report["counts"]["error"], count(1), "{report}");
    assert_eq!(report["counts"]["warning"], count(2));
    assert_eq!(report["counts"]["info"], count(3) + count(4));
    assert!(
        report["counts"]["error"].as_u64().unwrap() >= 1,
        "seed 000 has N001"
    );

    // An untitled buffer with two headings and no title: not a report, and why.
    let untitled = "untitled:Untitled-1";
    let notes = "会议记录\n一、总体情况\n略。\n二、主动公开政府信息情况\n略。\n";
    client.open(untitled, "plaintext", 1, notes).await;
    let other = status(&mut client, untitled).await;
    assert_eq!(other["report"], false, "{other}");
    assert_eq!(other["title"], false);
    assert_eq!(other["headings"], 2);
    let reason = other["reason"].as_str().expect("a reason");
    assert!(
        reason.contains("标题") && reason.contains("2 个"),
        "{reason}"
    );
    assert_eq!(
        other["counts"],
        json!({"error": 0, "warning": 0, "info": 0})
    );

    // Pasting the report into it makes it one, at the new version.
    client
        .change(untitled, 2, json!([{"text": text.clone()}]))
        .await;
    let pasted = status(&mut client, untitled).await;
    assert_eq!(pasted["version"], 2);
    assert_eq!(pasted["report"], true, "{pasted}");
    assert_eq!(
        pasted["counts"], report["counts"],
        "the same findings as the file"
    );

    let closed = status(&mut client, "file:///tmp/not-open.txt").await;
    assert_eq!(closed, Value::Null);
    client.shut_down().await;
}
