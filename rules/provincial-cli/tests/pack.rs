//! The example pack's rules fire in a binary that links the pack: on the
//! command line, in the rule list and in the editor (a language-server
//! session over the binary's stdio).

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// This test links the pack itself, so the registry of this process holds
// the pack's rules whatever the binary does: what the binary lists can be
// compared with it.
use report_lint_pack_provincial as _;

const BIN: &str = env!("CARGO_BIN_EXE_report-lint-provincial");
const PACK: &str = "report-lint-pack-provincial";

/// A report whose table 三 carries 3 of 6 requests forward (G001), alone in
/// a folder of its own, so no `report-lint.toml` above it applies.
fn backlog_report() -> (tempfile::TempDir, PathBuf) {
    let text = report_lint_rules::testing::table3_report(&[
        ("一、本年新收", [6, 0, 0, 0, 0, 0, 6]),
        ("四、结转下年度", [3, 0, 0, 0, 0, 0, 3]),
    ]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.txt");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// The binary's `rule --format json`.
fn rule_list() -> Value {
    let out = Command::new(BIN)
        .args(["rule", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn check_reports_the_packs_rule() {
    let (_dir, path) = backlog_report();
    let out = Command::new(BIN)
        .args(["check", "--no-cache", "--format", "json", "--select", "G"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "G001 is a warning: {out:?}");
    let found: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["G001"]);
    assert_eq!(found[0]["name"], "backlog-too-large");
    assert_eq!(found[0]["severity"], "warning");
}

/// Every rule the pack registers is in the binary. A binary that depends
/// on the pack but never names it (`use report_lint_pack_provincial as _;`
/// dropped from main.rs) is linked without it, and its rules vanish
/// silently: this test is what notices.
#[test]
fn every_rule_of_the_pack_is_registered_in_the_binary() {
    let pack: Vec<&str> = report_lint_rules::registry()
        .expect("unique codes")
        .iter()
        .filter(|r| r.meta.pack == PACK)
        .map(|r| r.meta.code)
        .collect();
    assert!(!pack.is_empty(), "the pack registers rules");
    let rules = rule_list();
    let listed: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["pack"] == PACK)
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(listed, pack, "the binary lists the pack's rules");
}

#[test]
fn the_rule_list_names_the_pack() {
    let rules = rule_list();
    let rules = rules.as_array().unwrap();
    let g001 = rules
        .iter()
        .find(|r| r["code"] == "G001")
        .expect("G001 listed");
    assert_eq!(g001["pack"], PACK);
    let b001 = rules
        .iter()
        .find(|r| r["code"] == "B001")
        .expect("built-ins too");
    assert_eq!(b001["pack"], "report-lint-rules");

    let table = Command::new(BIN).arg("rule").output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    let line = table.lines().find(|l| l.starts_with("G001")).unwrap();
    assert!(line.contains(PACK), "{line}");
}

/// Content-Length framing of the language server protocol.
fn send(stdin: &mut impl Write, message: &Value) {
    let body = message.to_string();
    write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    stdin.flush().unwrap();
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length:") {
            length = n.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

#[test]
fn the_packs_rule_fires_in_the_editor() {
    let (_dir, path) = backlog_report();
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = format!("file://{}", path.display()).replace(' ', "%20");
    // The path holds Chinese characters; percent-encode them as a client would.
    let uri: String = uri
        .bytes()
        .map(|b| {
            if b.is_ascii() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();

    let mut server = Command::new(BIN)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = server.stdin.take().unwrap();
    let stdout = server.stdout.take().unwrap();
    // Messages are read on a thread, so the test can give up after a deadline.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        while let Some(message) = read_message(&mut reader) {
            if tx.send(message).is_err() {
                break;
            }
        }
    });

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": null, "rootUri": null, "capabilities": {}}}),
    );
    // A client waits for the answer to `initialize` before saying anything else.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = rx.recv_timeout(left).expect("initialize answered");
        if message["id"] == 1 {
            assert!(message["result"]["capabilities"].is_object(), "{message}");
            break;
        }
    }
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
            "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}
        }}),
    );

    let mut diagnostics = None;
    while diagnostics.is_none() {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = rx
            .recv_timeout(left)
            .expect("publishDiagnostics before the deadline");
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri.as_str()
        {
            diagnostics = Some(message["params"]["diagnostics"].clone());
        }
    }
    let diagnostics = diagnostics.unwrap();
    let g001 = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "G001")
        .unwrap_or_else(|| panic!("G001 among {diagnostics}"));
    assert!(g001["message"].as_str().unwrap().contains("三分之一"));

    send(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    );
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = rx.recv_timeout(left).expect("shutdown answered");
        if message["id"] == 2 {
            break;
        }
    }
    send(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(stdin);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            server.kill().unwrap();
            panic!("the server did not exit");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
}
