//! Edit → published diagnostics latency of the language server, measured
//! in-process over an in-memory pipe (no editor, no process start-up):
//!
//! ```sh
//! cargo bench -p report-lint-lsp --bench edit_latency
//! ```
//!
//! For each report (the largest seed, and a ~100 KB report made by
//! repeating its prose) it opens the document, then sends full-text edits
//! that alternate between two versions and times each `didChange` until the
//! `publishDiagnostics` for that version arrives. Prints median, p95 and max.

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, ReadHalf, WriteHalf};

const EDITS: usize = 200;

struct Client {
    reader: ReadHalf<DuplexStream>,
    writer: WriteHalf<DuplexStream>,
    buf: Vec<u8>,
}

impl Client {
    async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer
            .write_all(frame.as_bytes())
            .await
            .expect("server reads");
    }

    async fn read(&mut self) -> Value {
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let header = String::from_utf8_lossy(&self.buf[..end]).to_string();
                let length: usize = header
                    .lines()
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .and_then(|n| n.trim().parse().ok())
                    .expect("Content-Length");
                if self.buf.len() >= end + 4 + length {
                    let body: Vec<u8> = self.buf.drain(..end + 4 + length).skip(end + 4).collect();
                    return serde_json::from_slice(&body).expect("JSON");
                }
            }
            let mut chunk = [0u8; 65536];
            let n = self.reader.read(&mut chunk).await.expect("server writes");
            assert!(n > 0, "server closed the pipe");
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }

    async fn published(&mut self, version: i64) {
        loop {
            let m = self.read().await;
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
            {
                return;
            }
        }
    }
}

async fn measure(name: &str, text: &str) {
    let (client, server) = tokio::io::duplex(1 << 22);
    let (server_in, server_out) = tokio::io::split(server);
    let handle = tokio::spawn(report_lint_lsp::serve(server_in, server_out));
    let (reader, writer) = tokio::io::split(client);
    let mut c = Client {
        reader,
        writer,
        buf: Vec::new(),
    };
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}})).await;
    while c.read().await["id"] != 1 {}
    c.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        .await;
    let uri = "file:///bench/report.txt";
    let doc = json!({"uri": uri, "languageId": "plaintext", "version": 1, "text": text});
    c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": doc}})).await;
    c.published(1).await;

    let edited = text.replacen("13", "14", 1);
    let mut times: Vec<Duration> = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let version = i as i64 + 2;
        let body = if i % 2 == 0 { &edited } else { text };
        let params = json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": body}]});
        let start = Instant::now();
        c.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}))
            .await;
        c.published(version).await;
        times.push(start.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<28} {:>6} KB  median {:>6.2} ms  p95 {:>6.2} ms  max {:>6.2} ms  ({EDITS} edits)",
        text.len() / 1024,
        ms(times[EDITS / 2]),
        ms(times[EDITS * 95 / 100]),
        ms(times[EDITS - 1]),
    );
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
        .await;
    c.send(json!({"jsonrpc": "2.0", "method": "exit"})).await;
    drop(c);
    handle.await.ok();
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let seed = std::fs::read_to_string(root.join("000_f866b5b8ecaa5ac0.txt")).expect("seed 000");
    // ~100 KB: the seed with its part-一 prose repeated, tables unchanged.
    let prose_end = seed.find("二、主動").unwrap_or(seed.len() / 2);
    let (head, tail) = seed.split_at(prose_end);
    let mut large = head.to_string();
    // Repeat the prose under 一、總體情況 (not its heading: one part 一 only).
    let repeat = head
        .find("一、總體情況")
        .and_then(|i| head[i..].find('\n').map(|j| &head[i + j + 1..]))
        .unwrap_or(head);
    while large.len() + tail.len() < 100 * 1024 {
        large.push_str(repeat);
    }
    large.push_str(tail);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        measure("seed 000 (largest seed)", &seed).await;
        measure("seed 000 grown to 100 KB", &large).await;
    });
}
