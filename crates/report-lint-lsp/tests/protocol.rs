//! The protocol layer: capabilities, malformed input, and exiting.

mod common;

use common::Client;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negotiates_utf8_positions_when_offered() {
    let (client, result) = Client::initialized(true, false).await;
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-8");
    assert_eq!(
        capabilities["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["documentSymbolProvider"], true);
    assert_eq!(
        capabilities["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.report-lint"])
    );
    assert!(
        capabilities.get("diagnosticProvider").is_none(),
        "push only, unless the client pulls"
    );
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn falls_back_to_utf16_and_offers_pull_diagnostics_to_pulling_clients() {
    let (client, result) = Client::initialized(false, true).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "report-lint"
    );
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_a_malformed_body_with_parse_error_and_goes_on() {
    let (mut client, _) = Client::initialized(false, false).await;
    client.send_raw(b"Content-Length: 9\r\n\r\n{garbage}").await;
    let reply = client.response(Value::Null).await;
    assert_eq!(reply["error"]["code"], -32700);

    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": "file:///none.txt"}}),
        )
        .await;
    assert_eq!(symbols["result"], Value::Null, "still serving: {symbols}");
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_bad_headers_and_non_jsonrpc_bodies() {
    let (mut client, _) = Client::initialized(false, false).await;

    // After a bad header the body's extent is unknown: everything up to the
    // next `Content-Length` is skipped, and that message is served.
    client.send_raw(b"Content-Length: nine\r\n\r\n{}").await;
    assert_eq!(client.response(Value::Null).await["error"]["code"], -32700);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": "file:///none.txt"}}),
        )
        .await;
    assert_eq!(symbols["result"], Value::Null);

    client.send_raw(b"X-Custom: 1\r\n\r\n{}").await;
    assert_eq!(client.response(Value::Null).await["error"]["code"], -32700);

    client.send(json!({"id": 41, "hello": "world"})).await;
    assert_eq!(client.response(json!(41)).await["error"]["code"], -32600);

    // Invalid UTF-8 in the body.
    client.send_raw(b"Content-Length: 3\r\n\r\n\"\xff\"").await;
    assert_eq!(client.response(Value::Null).await["error"]["code"], -32700);

    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_out_of_range_and_reversed_edits() {
    let (mut client, _) = Client::initialized(false, false).await;
    let uri = "file:///tmp/report.txt";
    let text = common::seed("000");
    client.open(uri, "plaintext", 1, &text).await;
    client.diagnostics(uri, 1).await;

    let beyond = json!([
        {"range": {"start": {"line": 99999, "character": 5}, "end": {"line": 100000, "character": 0}}, "text": "\n附注"},
        {"range": {"start": {"line": 3, "character": 4000}, "end": {"line": 2, "character": 0}}, "text": ""},
        {"range": {"start": {"line": 0, "character": 4294967295u32}, "end": {"line": 4294967295u32, "character": 4294967295u32}}, "text": "x"}
    ]);
    client.change(uri, 2, beyond).await;
    client.diagnostics(uri, 2).await;

    let hover = client
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 4294967295u32, "character": 4294967295u32}}))
        .await;
    assert!(hover.get("error").is_none(), "{hover}");
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exits_when_the_client_closes_its_output() {
    let (mut client, _) = Client::initialized(false, false).await;
    client
        .send_raw(b"Content-Length: 100\r\n\r\n{\"partial\"")
        .await;
    client.close_input().await;
    let result = tokio::time::timeout(std::time::Duration::from_secs(20), client.server).await;
    result
        .expect("server exits at end of input")
        .expect("server task")
        .expect("serve returns Ok");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exits_on_exit_even_without_shutdown() {
    let (mut client, _) = Client::initialized(false, false).await;
    client.notify("exit", Value::Null).await;
    let result = tokio::time::timeout(std::time::Duration::from_secs(20), &mut client.server).await;
    result
        .expect("server exits after `exit`")
        .expect("server task")
        .expect("serve returns Ok");
}

/// A message whose `Content-Length` is wrong is answered with its id, and
/// the valid request after it is served: the reader finds that request's
/// header instead of reading it as the end of the broken body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_content_length_costs_only_its_own_message() {
    let (mut client, _) = Client::initialized(false, false).await;
    let symbols = |id: i64| {
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/documentSymbol",
               "params": {"textDocument": {"uri": "file:///none.txt"}}})
        .to_string()
    };
    for (bad_id, wrong_by) in [(101, 25_isize), (102, -10), (103, 1 << 30)] {
        let (bad, good) = (symbols(bad_id), symbols(bad_id + 100));
        let declared = bad.len().checked_add_signed(wrong_by).expect("a length");
        let frames = format!(
            "Content-Length: {declared}\r\n\r\n{bad}Content-Length: {}\r\n\r\n{good}",
            good.len()
        );
        client.send_raw(frames.as_bytes()).await;

        let reply = client
            .response(match wrong_by {
                // Skipped unread: nothing to take an id from.
                n if n > 1 << 20 => Value::Null,
                _ => json!(bad_id),
            })
            .await;
        assert_eq!(reply["error"]["code"], -32700, "{reply}");
        let served = client.response(json!(bad_id + 100)).await;
        assert_eq!(served["result"], Value::Null, "served: {served}");
        assert!(served.get("error").is_none(), "{served}");
    }
    client.shut_down().await;
}

/// Starts a server whose client offers to watch files, and reads up to the
/// server's `client/registerCapability` request, which is never answered.
async fn orphaned() -> Client {
    let mut client = Client::start();
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let init = client
        .request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        )
        .await;
    assert!(init["result"]["capabilities"].is_object(), "{init}");
    client.notify("initialized", json!({})).await;
    loop {
        let message = client.read().await;
        if message["method"] == "client/registerCapability" {
            assert!(message.get("id").is_some(), "a request: {message}");
            return client;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exits_on_exit_while_its_registration_is_never_answered() {
    let mut client = orphaned().await;
    // Still serving meanwhile.
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": "file:///none.txt"}}),
        )
        .await;
    assert_eq!(symbols["result"], Value::Null, "{symbols}");
    client.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exits_at_end_of_input_while_its_registration_is_never_answered() {
    let mut client = orphaned().await;
    client.close_input().await;
    let server = std::mem::replace(&mut client.server, tokio::spawn(async { Ok(()) }));
    tokio::time::timeout(std::time::Duration::from_secs(20), server)
        .await
        .expect("the server ends when its input ends")
        .expect("server task")
        .expect("serve returns Ok");
}
