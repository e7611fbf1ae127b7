//! A small hand-written LSP client for tests: Content-Length framing over an
//! in-memory pipe to `report_lint_lsp::serve`.

#![allow(dead_code)] // each test binary uses a different part of the helper

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, ReadHalf, WriteHalf};
use tokio::task::JoinHandle;

/// Long enough for a debug build on a busy 2-core machine; a hang fails
/// instead of blocking the suite.
const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    reader: ReadHalf<DuplexStream>,
    writer: WriteHalf<DuplexStream>,
    buf: Vec<u8>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pending: VecDeque<Value>,
    pub server: JoinHandle<std::io::Result<()>>,
}

impl Client {
    pub fn start() -> Client {
        Client::start_limited(None)
    }

    /// A server whose messages may be at most `max_frame` bytes (the
    /// `test-hooks` feature), or the server as it ships.
    pub fn start_limited(max_frame: Option<usize>) -> Client {
        let (client, server) = tokio::io::duplex(1 << 20);
        let (server_in, server_out) = tokio::io::split(server);
        let server = match max_frame {
            Some(limit) => tokio::spawn(report_lint_lsp::serve_with_frame_limit(
                server_in, server_out, limit,
            )),
            None => tokio::spawn(report_lint_lsp::serve(server_in, server_out)),
        };
        let (reader, writer) = tokio::io::split(client);
        Client {
            reader,
            writer,
            buf: Vec::new(),
            next_id: 1,
            pending: VecDeque::new(),
            server,
        }
    }

    /// Starts a server and initialises it; `utf8` offers UTF-8 positions,
    /// `pull` declares pull-diagnostics support.
    pub async fn initialized(utf8: bool, pull: bool) -> (Client, Value) {
        Client::start().initialize(utf8, pull).await
    }

    /// Initialises a started server (see [`Client::initialized`]).
    pub async fn initialize(mut self, utf8: bool, pull: bool) -> (Client, Value) {
        let mut capabilities = json!({});
        if utf8 {
            capabilities["general"] = json!({"positionEncodings": ["utf-8", "utf-16"]});
        }
        if pull {
            capabilities["textDocument"] = json!({"diagnostic": {"dynamicRegistration": false}});
        }
        let result = self
            .request(
                "initialize",
                json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
            )
            .await;
        self.notify("initialized", json!({})).await;
        (self, result["result"].clone())
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("write to server");
        self.writer.flush().await.expect("flush");
    }

    pub async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes()).await;
    }

    /// Ends the server's input, as a client process that exits would.
    pub async fn close_input(&mut self) {
        self.writer.shutdown().await.expect("close the pipe");
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Sends a request and returns its whole response message.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        self.response(json!(id)).await
    }

    /// The response with this id; notifications meanwhile are kept.
    pub async fn response(&mut self, id: Value) -> Value {
        loop {
            let message = self.read().await;
            if message.get("method").is_none() && message["id"] == id {
                return message;
            }
            self.keep(message).await;
        }
    }

    async fn keep(&mut self, message: Value) {
        match (message.get("method"), message.get("id")) {
            // A request from the server: answer so it never waits on us.
            (Some(_), Some(id)) => {
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": null}))
                    .await
            }
            (Some(_), None) => self.pending.push_back(message),
            _ => panic!("unexpected response: {message}"),
        }
    }

    /// The next notification with this method that satisfies `accept`.
    pub async fn notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self
            .pending
            .iter()
            .position(|m| m["method"] == method && accept(&m["params"]))
        {
            return self.pending.remove(i).expect("index in range");
        }
        loop {
            let message = self.read().await;
            if message["method"] == method && accept(&message["params"]) {
                return message;
            }
            self.keep(message).await;
        }
    }

    /// The diagnostics published for `uri` at `version`.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let message = self
            .notification("textDocument/publishDiagnostics", |p| {
                p["uri"] == uri && p["version"] == version
            })
            .await;
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The server's counts (`report-lint/stats`, a `test-hooks` request).
    pub async fn stats(&mut self) -> Value {
        self.request("report-lint/stats", Value::Null).await["result"].clone()
    }

    /// Whether a publishDiagnostics for `uri` at `version` has arrived so far.
    pub fn published(&self, uri: &str, version: i64) -> bool {
        self.pending.iter().any(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        })
    }

    pub async fn open(&mut self, uri: &str, language: &str, version: i64, text: &str) {
        let document =
            json!({"uri": uri, "languageId": language, "version": version, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}))
            .await;
    }

    pub async fn change(&mut self, uri: &str, version: i64, changes: Value) {
        let params =
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes});
        self.notify("textDocument/didChange", params).await;
    }

    /// Reads one message (with a timeout).
    pub async fn read(&mut self) -> Value {
        tokio::time::timeout(TIMEOUT, self.read_frame())
            .await
            .expect("server answered in time")
    }

    async fn read_frame(&mut self) -> Value {
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let header = String::from_utf8(self.buf[..end].to_vec()).expect("ASCII header");
                let length: usize = header
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .and_then(|v| v.trim().parse().ok())
                    .expect("Content-Length header");
                if self.buf.len() >= end + 4 + length {
                    let body: Vec<u8> = self.buf.drain(..end + 4 + length).skip(end + 4).collect();
                    return serde_json::from_slice(&body).expect("server sends JSON");
                }
            }
            self.buf.reserve(64 * 1024);
            let n = self
                .reader
                .read_buf(&mut self.buf)
                .await
                .expect("read from server");
            assert!(n > 0, "server closed its output");
        }
    }

    /// Sends shutdown and exit and waits for `serve` to return.
    pub async fn shut_down(mut self) {
        let response = self.request("shutdown", Value::Null).await;
        assert_eq!(response["result"], Value::Null);
        self.notify("exit", Value::Null).await;
        let result = tokio::time::timeout(TIMEOUT, self.server)
            .await
            .expect("server exits after `exit`");
        result.expect("server task").expect("serve returns Ok");
    }
}

pub fn seed(name: &str) -> String {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let entry = std::fs::read_dir(&dir)
        .expect("fixtures/seeds")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(name))
        .unwrap_or_else(|| panic!("seed {name} in {}", dir.display()));
    std::fs::read_to_string(entry.path()).expect("seed is UTF-8")
}

/// The offset of the second "1." under （六）其他处理 in seed 000 (line 269),
/// which should read "2.".
pub fn second_one_under_other_handling(text: &str) -> usize {
    let group = text.find("(六)其他處理").expect("（六） in seed 000");
    let rows: Vec<usize> = text[group..]
        .match_indices("\n1.")
        .map(|(i, _)| group + i + 1)
        .collect();
    rows[1]
}

/// (line, UTF-16 column) of byte `offset` of `text`, computed independently
/// of the server.
pub fn utf16_position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        line as u64,
        text[line_start..offset].encode_utf16().count() as u64,
    )
}

/// (line, UTF-8 column) of byte `offset` of `text`.
pub fn utf8_position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() as u64,
        (offset - line_start) as u64,
    )
}

pub fn start_of(diagnostic: &Value) -> (u64, u64) {
    let start = &diagnostic["range"]["start"];
    (
        start["line"].as_u64().expect("line"),
        start["character"].as_u64().expect("character"),
    )
}

pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str().map(String::from))
        .collect()
}

/// Applies LSP text edits (UTF-16 positions) to `text`, as an editor would.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let at = |p: &Value| {
                offset_utf16(
                    text,
                    p["line"].as_u64().expect("line"),
                    p["character"].as_u64().expect("character"),
                )
            };
            (
                at(&e["range"]["start"]),
                at(&e["range"]["end"]),
                e["newText"].as_str().expect("newText").to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, replacement) in spans {
        out.replace_range(start..end, &replacement);
    }
    out
}

fn offset_utf16(text: &str, line: u64, character: u64) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum::<usize>();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= character || c == '\n' {
            return line_start + i;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}
