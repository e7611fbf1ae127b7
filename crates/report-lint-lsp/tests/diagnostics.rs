//! Diagnostics: push and pull, document versions, positions, non-reports.

mod common;

use common::{
    codes, second_one_under_other_handling, seed, start_of, utf16_position, utf8_position, Client,
};
use serde_json::{json, Value};

const URI: &str = "file:///tmp/report-000.txt";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishes_findings_of_seed_000_inside_the_document() {
    let (mut client, _) = Client::initialized(false, false).await;
    let text = seed("000");
    client.open(URI, "plaintext", 1, &text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert!(!diagnostics.is_empty());

    let lines: Vec<&str> = text.split('\n').collect();
    for d in &diagnostics {
        assert_eq!(d["source"], "report-lint");
        for end in ["start", "end"] {
            let (line, character) = (
                d["range"][end]["line"].as_u64().unwrap(),
                d["range"][end]["character"].as_u64().unwrap(),
            );
            let line_text = lines
                .get(line as usize)
                .unwrap_or_else(|| panic!("line {line} inside the document: {d}"));
            assert!(
                character as usize <= line_text.encode_utf16().count(),
                "{d}"
            );
        }
    }

    let n001: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "N001").collect();
    assert_eq!(n001.len(), 1, "{:?}", codes(&diagnostics));
    let at = second_one_under_other_handling(&text);
    assert_eq!(start_of(n001[0]), utf16_position(&text, at));
    assert_eq!(start_of(n001[0]), (268, 0));
    assert_eq!(
        n001[0]["range"]["end"],
        json!({"line": 268, "character": 2})
    );
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_versions_are_linted_and_stale_ones_dropped() {
    let (mut client, _) = Client::initialized(false, false).await;
    let text = seed("000");
    client.open(URI, "plaintext", 1, &text).await;
    assert!(codes(&client.diagnostics(URI, 1).await).contains(&"N001".to_string()));

    // Incremental: renumber the row.
    let (line, character) = utf16_position(&text, second_one_under_other_handling(&text));
    let edit = json!([{"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character + 1}}, "text": "2"}]);
    client.change(URI, 2, edit).await;
    assert!(!codes(&client.diagnostics(URI, 2).await).contains(&"N001".to_string()));

    // Full text, with the 一 row's 总计 written 12 instead of 13 (line 82).
    let broken = text.replacen("\n13 |\n||\n二、上年", "\n12 |\n||\n二、上年", 1);
    assert_ne!(broken, text);
    client.change(URI, 4, json!([{"text": broken}])).await;
    let v4 = client.diagnostics(URI, 4).await;
    let b001 = v4
        .iter()
        .find(|d| d["code"] == "B001")
        .unwrap_or_else(|| panic!("B001 in {:?}", codes(&v4)));
    assert_eq!(start_of(b001), (81, 0));

    // Version 3 arrives late: dropped, the text stays at version 4.
    client.change(URI, 3, json!([{"text": text}])).await;
    let pulled = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    let items = pulled["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        codes(&items).contains(&"B001".to_string()),
        "still version 4: {:?}",
        codes(&items)
    );
    assert!(!client.published(URI, 3));
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_documents_get_empty_diagnostics() {
    let (mut client, _) = Client::initialized(false, false).await;
    let uri = "file:///tmp/notes.md";
    let notes = "# 会议纪要\n\n今天讨论了预算，共 13 项，其中 3 项通过，占比 23.07%。\n\n| 项目 | 数量 |\n| --- | --- |\n| 合计 | 12 |\n";
    client.open(uri, "markdown", 7, notes).await;
    assert_eq!(client.diagnostics(uri, 7).await, Vec::<Value>::new());
    let outline = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(outline["result"], Value::Null);
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_clears_diagnostics() {
    let (mut client, _) = Client::initialized(false, false).await;
    client.open(URI, "plaintext", 1, &seed("000")).await;
    client.diagnostics(URI, 1).await;
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    let cleared = client
        .notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == URI && p["diagnostics"] == json!([])
        })
        .await;
    assert!(cleared["params"].get("version").is_none());
    client.shut_down().await;
}

/// A table 三 in `|` rows whose 一 row's 总计 is wrong (12 for 12+1), with
/// `before` written into that row's label.
fn report_with_wrong_total(before: &str) -> String {
    format!(
        "某某局2023年政府信息公开工作年度报告\n\n一、总体情况\n\n本年度共收到申请13件。\n\n三、收到和处理政府信息公开申请情况\n\n\
         | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n\
         | 一、本年新收政府信息公开申请数量{before} | 12 | 1 | 0 | 0 | 0 | 0 | 12 |\n\
         | 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    )
}

async fn b001_start(utf8: bool, text: &str) -> (u64, u64) {
    let (mut client, _) = Client::initialized(utf8, false).await;
    client.open(URI, "plaintext", 1, text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let b001 = diagnostics
        .iter()
        .find(|d| d["code"] == "B001")
        .unwrap_or_else(|| panic!("B001 in {:?}", codes(&diagnostics)));
    let start = start_of(b001);
    client.shut_down().await;
    start
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn columns_count_utf16_units_or_utf8_bytes() {
    let plain = report_with_wrong_total("");
    let astral = report_with_wrong_total("𠀀");
    let finding = |text: &str| text.rfind("12 |\n| 二").expect("the wrong total");

    let utf16_plain = b001_start(false, &plain).await;
    let utf16_astral = b001_start(false, &astral).await;
    assert_eq!(utf16_astral, utf16_position(&astral, finding(&astral)));
    assert_eq!(
        utf16_astral.1,
        utf16_plain.1 + 2,
        "𠀀 is a surrogate pair in UTF-16"
    );

    let utf8_astral = b001_start(true, &astral).await;
    assert_eq!(utf8_astral, utf8_position(&astral, finding(&astral)));
    assert_eq!(
        utf8_astral.1,
        b001_start(true, &plain).await.1 + 4,
        "𠀀 is 4 bytes in UTF-8"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pulling_clients_get_diagnostics_on_request() {
    let (mut client, _) = Client::initialized(false, true).await;
    client.open(URI, "plaintext", 1, &seed("000")).await;
    let pulled = client
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_eq!(pulled["result"]["kind"], "full");
    let items = pulled["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(codes(&items).contains(&"N001".to_string()));
    assert!(
        !client.published(URI, 1),
        "pulled diagnostics are not pushed too"
    );
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_nearest_configuration_applies_and_is_reloaded_when_it_changes() {
    let dir = std::env::temp_dir().join(format!("rl-lsp-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("report-lint.toml");
    std::fs::write(&config, "ignore = [\"N001\"]\n").unwrap();
    let uri = format!("file://{}/report.txt", dir.display());

    let (mut client, _) = Client::initialized(false, false).await;
    client.open(&uri, "plaintext", 1, &seed("000")).await;
    assert!(!codes(&client.diagnostics(&uri, 1).await).contains(&"N001".to_string()));

    std::fs::write(&config, "ignore = []\n").unwrap();
    let change = json!({"changes": [{"uri": format!("file://{}", config.display()), "type": 2}]});
    client
        .notify("workspace/didChangeWatchedFiles", change)
        .await;
    assert!(codes(&client.diagnostics(&uri, 1).await).contains(&"N001".to_string()));

    client.shut_down().await;
    std::fs::remove_dir_all(&dir).ok();
}

/// Text pasted from a PDF (`pdftotext -layout`, and `-raw`: the content
/// order a viewer's copy gives, of fixtures/pdf): the editor gets the
/// findings the command line gives for the same text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pdf_text_pasted_into_the_editor_gets_the_findings_of_check() {
    let (mut client, _) = Client::initialized(false, false).await;
    for (version, name) in [
        (1, "defective-2021.layout.txt"),
        (2, "defective-2021.raw.txt"),
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/pdf")
            .join(name);
        let text = std::fs::read_to_string(&path).expect("the fixture is committed");
        let report = report_lint_core::parse_str(name, &text);
        let linter = report_lint_rules::Linter::new(report_lint_rules::Config::default()).unwrap();
        let mut expected: Vec<String> = linter
            .lint(&report)
            .iter()
            .map(|d| d.code.to_string())
            .collect();
        expected.sort();
        assert!(
            expected.contains(&"B001".to_string()),
            "{name}: {expected:?}"
        );

        let uri = format!("file:///tmp/%E5%B9%B4%E6%8A%A5{version}.txt");
        client.open(&uri, "plaintext", 1, &text).await;
        let mut got = codes(&client.diagnostics(&uri, 1).await);
        got.sort();
        assert_eq!(got, expected, "{name}");
    }
    client.shut_down().await;
}

/// More findings than one message can hold: the list is cut to fit under
/// the frame limit (most severe first, then by position) and ends with one
/// diagnostic saying how many were left out, instead of the whole
/// notification being dropped and the editor keeping stale findings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_findings_for_one_message_are_cut_to_fit_with_a_summary() {
    // The engine gives at most 200 findings of a rule (and one for the
    // rest): a frame of 24 KB holds fewer than that.
    const LIMIT: usize = 24 * 1024;
    let seed = seed("000");
    let wrong_total = seed.replacen("\n13 |\n||\n二、上年", "\n12 |\n||\n二、上年", 1);
    // Every paragraph with an unmatched 《 is a finding of its own.
    let text = format!("{wrong_total}{}", "\n\n《甲。\n".repeat(250));
    let uri = "file:///tmp/many-findings.txt";
    let report = report_lint_core::parse_str("/tmp/many-findings.txt", &text);
    let linter = report_lint_rules::Linter::new(report_lint_rules::Config::default()).unwrap();
    let expected = linter.lint(&report);
    let errors = expected
        .iter()
        .filter(|d| d.severity == report_lint_rules::Severity::Error)
        .count();
    assert!(errors > 0 && expected.len() > 200, "{}", expected.len());

    let (mut client, _) = Client::start_limited(Some(LIMIT))
        .initialize(false, false)
        .await;
    client.open(uri, "plaintext", 1, &text).await;
    let message = client
        .notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == 1
        })
        .await;
    assert!(message.to_string().len() <= LIMIT);
    let diagnostics = message["params"]["diagnostics"].as_array().unwrap();
    let (summary, shown) = diagnostics.split_last().unwrap();
    let left_out = expected.len() - shown.len();
    assert!(
        summary["message"]
            .as_str()
            .unwrap()
            .starts_with(&format!("另有 {left_out} 个问题未显示")),
        "{summary}"
    );
    assert!(summary.get("code").is_none() && summary.get("data").is_none());
    assert!(shown.len() > 50, "the room is used: {}", shown.len());
    let order: Vec<(u64, (u64, u64))> = shown
        .iter()
        .map(|d| (d["severity"].as_u64().unwrap(), start_of(d)))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] <= w[1]),
        "most severe first, then by position"
    );
    assert!(order[..errors].iter().all(|(severity, _)| *severity == 1));
    assert!(codes(shown).contains(&"B001".to_string()));

    // Fixed: the whole list fits again and replaces the cut one.
    client.change(uri, 2, json!([{"text": seed}])).await;
    let fixed = client.diagnostics(uri, 2).await;
    assert!(fixed.iter().all(|d| d.get("code").is_some()), "no summary");
    assert!(codes(&fixed).contains(&"N001".to_string()));
    client.shut_down().await;
}
