//! A rule that panics costs one `X001` finding, never the server. The rule
//! is registered in this test binary only.

mod common;

use common::{codes, seed, Client};
use report_lint_rules::core::Report;
use report_lint_rules::{declare_rule, Check, Diagnostic, RuleContext};
use serde_json::json;

declare_rule! {
    /// Panics on every report (a stand-in for a buggy rule pack).
    pub struct AlwaysPanics {
        code: "Z999",
        name: "always-panics",
        family: "test",
        summary: "测试用：总是出错的规则",
        severity: Error,
        fix: None,
    }
}

impl Check for AlwaysPanics {
    fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        panic!("deliberate failure in a test rule")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_rule_becomes_one_finding() {
    let (mut client, _) = Client::initialized(false, false).await;
    let uri = "file:///tmp/report-000.txt";
    client.open(uri, "plaintext", 1, &seed("000")).await;
    let diagnostics = client.diagnostics(uri, 1).await;
    let found = codes(&diagnostics);
    assert!(found.contains(&"X001".to_string()), "{found:?}");
    assert!(
        found.contains(&"N001".to_string()),
        "other rules still run: {found:?}"
    );

    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 81, "character": 0}}),
        )
        .await;
    assert!(hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .contains("13 = 12 + 1"));
    client.shut_down().await;
}
