//! `Content-Length` framing between the real stdio and tower-lsp-server.
//!
//! tower-lsp-server 0.23 stops reading — and so the server exits — after the
//! first frame it cannot decode (a body that is not JSON, a bad header).
//! JSON-RPC asks for a ParseError (-32700) reply instead. So every frame from
//! the client passes through here first: valid messages are re-framed into
//! the library's input pipe; anything else is answered here and dropped.
//!
//! Our replies and the library's output share stdout. A single writer task
//! owns stdout and writes whole frames only, so the two never interleave.

use serde_json::{json, Value};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// A header block longer than this without its blank line is not a header.
const MAX_HEADER: usize = 8 * 1024;
/// Bodies above this are skipped unread (a report is at most a few MB of JSON).
const MAX_BODY: usize = 64 * 1024 * 1024;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// The messages that end a session, as far as the exit code is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lifecycle {
    Shutdown,
    Exit,
    Other,
}

/// What the client said about ending the session: whether `shutdown`
/// came, and whether `exit` came without it (the LSP specification asks
/// for exit code 1 then).
#[derive(Debug, Default)]
pub(crate) struct Session {
    shutdown: AtomicBool,
    exit_without_shutdown: AtomicBool,
}

impl Session {
    pub(crate) fn note(&self, message: Lifecycle) {
        match message {
            Lifecycle::Shutdown => self.shutdown.store(true, Ordering::SeqCst),
            Lifecycle::Exit if !self.shutdown.load(Ordering::SeqCst) => {
                self.exit_without_shutdown.store(true, Ordering::SeqCst);
            }
            Lifecycle::Exit | Lifecycle::Other => {}
        }
    }

    pub(crate) fn exited_without_shutdown(&self) -> bool {
        self.exit_without_shutdown.load(Ordering::SeqCst)
    }
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    Body(Vec<u8>),
    /// A header without a usable `Content-Length`; the reader has skipped
    /// ahead to the next message it can find.
    BadHeader(String),
}

enum State {
    Header,
    Body(usize),
    /// Skipping the body of an oversized message.
    Discard(usize),
    /// Looking for the next `Content-Length` after garbage.
    Resync,
}

/// Reads `Content-Length` framed messages from a byte stream.
pub(crate) struct FrameReader<R> {
    inner: R,
    buf: Vec<u8>,
    state: State,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        FrameReader {
            inner,
            buf: Vec::new(),
            state: State::Header,
        }
    }

    /// The next frame, or `None` at the end of the stream (a partial frame
    /// at the end is dropped).
    pub(crate) async fn next(&mut self) -> io::Result<Option<Frame>> {
        loop {
            if let Some(frame) = self.parse() {
                return Ok(Some(frame));
            }
            self.buf.reserve(16 * 1024);
            if self.inner.read_buf(&mut self.buf).await? == 0 {
                return Ok(None);
            }
        }
    }

    /// A frame from what is buffered, or `None` if more bytes are needed.
    fn parse(&mut self) -> Option<Frame> {
        loop {
            match self.state {
                State::Header => {
                    // Stray line breaks between messages are harmless.
                    let blank = self
                        .buf
                        .iter()
                        .take_while(|b| matches!(b, b'\r' | b'\n'))
                        .count();
                    self.buf.drain(..blank);
                    let Some(end) = find(&self.buf, b"\r\n\r\n") else {
                        if self.buf.len() > MAX_HEADER {
                            self.buf.drain(..1);
                            self.state = State::Resync;
                            return Some(Frame::BadHeader("消息头过长或缺少空行".into()));
                        }
                        return None;
                    };
                    let header: Vec<u8> = self.buf.drain(..end + 4).collect();
                    match content_length(&header[..end]) {
                        Ok(len) if len > MAX_BODY => {
                            self.state = State::Discard(len);
                            return Some(Frame::BadHeader(format!("消息体过大（{len} 字节）")));
                        }
                        Ok(len) => self.state = State::Body(len),
                        Err(reason) => {
                            self.state = State::Resync;
                            return Some(Frame::BadHeader(reason));
                        }
                    }
                }
                State::Body(len) => {
                    if self.buf.len() < len {
                        return None;
                    }
                    self.state = State::Header;
                    return Some(Frame::Body(self.buf.drain(..len).collect()));
                }
                State::Discard(left) => {
                    let n = left.min(self.buf.len());
                    self.buf.drain(..n);
                    if n < left {
                        self.state = State::Discard(left - n);
                        return None;
                    }
                    self.state = State::Header;
                }
                State::Resync => match find(&self.buf, b"Content-Length") {
                    Some(at) => {
                        self.buf.drain(..at);
                        self.state = State::Header;
                    }
                    None => {
                        // Keep a tail that may be the start of a split "Content-Length".
                        let keep = self.buf.len().min(b"Content-Length".len() - 1);
                        self.buf.drain(..self.buf.len() - keep);
                        return None;
                    }
                },
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The `Content-Length` of a header block; other headers (`Content-Type`)
/// are ignored, since the body is re-framed before the library sees it.
fn content_length(header: &[u8]) -> Result<usize, String> {
    let header = std::str::from_utf8(header).map_err(|_| "消息头不是有效的 UTF-8".to_string())?;
    let value = header
        .split("\r\n")
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .map(|(_, value)| value.trim())
        .ok_or_else(|| "缺少 Content-Length 消息头".to_string())?;
    value
        .parse()
        .map_err(|_| format!("Content-Length 无效：{value:?}"))
}

/// `Ok` for a body the library can decode; otherwise the error response to
/// send back: ParseError for invalid JSON, InvalidRequest for JSON that is
/// not a JSON-RPC message (with its id when it has a usable one).
pub(crate) fn validate(body: &[u8]) -> Result<Lifecycle, Vec<u8>> {
    if let Ok(request) = serde_json::from_slice::<Request>(body) {
        return Ok(match request.method() {
            "shutdown" => Lifecycle::Shutdown,
            "exit" => Lifecycle::Exit,
            _ => Lifecycle::Other,
        });
    }
    if serde_json::from_slice::<Response>(body).is_ok() {
        return Ok(Lifecycle::Other);
    }
    match serde_json::from_slice::<Value>(body) {
        Err(e) => Err(error_response(
            Value::Null,
            PARSE_ERROR,
            &format!("Parse error: {e}"),
        )),
        Ok(value) => {
            let id = value
                .get("id")
                .filter(|id| id.is_i64() || id.is_string())
                .cloned()
                .unwrap_or(Value::Null);
            Err(error_response(
                id,
                INVALID_REQUEST,
                "Invalid request: not a JSON-RPC 2.0 message",
            ))
        }
    }
}

pub(crate) fn error_response(id: Value, code: i64, message: &str) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
        .to_string()
        .into_bytes()
}

async fn write_frame<W: AsyncWrite + Unpin>(out: &mut W, body: &[u8]) -> io::Result<()> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    out.write_all(&frame).await?;
    out.flush().await
}

/// Client → library: forwards valid frames, answers the others. Ends at the
/// end of `input`; dropping `library` then tells the library the client is gone.
pub(crate) async fn filter_input<R, W>(
    input: R,
    mut library: W,
    replies: mpsc::Sender<Vec<u8>>,
    session: &Session,
) -> io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut frames = FrameReader::new(input);
    while let Some(frame) = frames.next().await? {
        let reply = match frame {
            Frame::Body(body) => match validate(&body) {
                Ok(lifecycle) => {
                    // Noted before the library sees it: after `exit` it stops.
                    session.note(lifecycle);
                    write_frame(&mut library, &body).await?;
                    continue;
                }
                Err(reply) => reply,
            },
            Frame::BadHeader(reason) => {
                error_response(Value::Null, PARSE_ERROR, &format!("Parse error: {reason}"))
            }
        };
        eprintln!(
            "report-lint: 收到无法解析的消息，已回复错误：{}",
            String::from_utf8_lossy(&reply)
        );
        if replies.send(reply).await.is_err() {
            break;
        }
    }
    Ok(())
}

/// Library → writer: splits the library's output back into whole frames.
pub(crate) async fn relay_output<R: AsyncRead + Unpin>(
    library: R,
    frames: mpsc::Sender<Vec<u8>>,
) -> io::Result<()> {
    let mut reader = FrameReader::new(library);
    while let Some(frame) = reader.next().await? {
        match frame {
            Frame::Body(body) => {
                if frames.send(body).await.is_err() {
                    break;
                }
            }
            Frame::BadHeader(reason) => eprintln!("report-lint: 服务器输出的消息头有误：{reason}"),
        }
    }
    Ok(())
}

/// The only task that writes to the client.
pub(crate) async fn write_frames<W: AsyncWrite + Unpin>(
    mut frames: mpsc::Receiver<Vec<u8>>,
    mut out: W,
) -> io::Result<()> {
    while let Some(body) = frames.recv().await {
        write_frame(&mut out, &body).await?;
    }
    out.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = FrameReader::new(input);
        let mut out = Vec::new();
        while let Some(frame) = reader.next().await.expect("in-memory read") {
            out.push(frame);
        }
        out
    }

    fn body(text: &str) -> Frame {
        Frame::Body(text.as_bytes().to_vec())
    }

    #[tokio::test]
    async fn reads_frames_and_recovers_from_bad_headers() {
        let cases: [(&[u8], Vec<Frame>); 6] = [
            (b"Content-Length: 2\r\n\r\n{}Content-Length: 3\r\n\r\n[1]", vec![body("{}"), body("[1]")]),
            (
                b"Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}",
                vec![body("{}")],
            ),
            (b"content-length:2\r\n\r\n{}\r\n", vec![body("{}")]),
            (
                b"Content-Length: x\r\n\r\n{}Content-Length: 2\r\n\r\n[]",
                vec![Frame::BadHeader("Content-Length 无效：\"x\"".into()), body("[]")],
            ),
            (
                b"X-Other: 1\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n[]",
                vec![Frame::BadHeader("缺少 Content-Length 消息头".into()), body("[]")],
            ),
            (b"Content-Length: 10\r\n\r\n{}", vec![]),
        ];
        for (input, expected) in cases {
            assert_eq!(
                frames(input).await,
                expected,
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[tokio::test]
    async fn skips_oversized_bodies() {
        let mut input = format!("Content-Length: {}\r\n\r\n", MAX_BODY + 1).into_bytes();
        input.resize(input.len() + MAX_BODY + 1, b' ');
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        let found = frames(&input).await;
        assert!(matches!(found[0], Frame::BadHeader(_)));
        assert_eq!(found[1], body("{}"));
    }

    #[test]
    fn notes_exit_without_shutdown() {
        let lifecycle = |body: &[u8]| validate(body).expect("valid");
        let shutdown = br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let exit = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        let clean = Session::default();
        clean.note(lifecycle(shutdown));
        clean.note(lifecycle(exit));
        assert!(!clean.exited_without_shutdown());
        let abrupt = Session::default();
        abrupt.note(lifecycle(
            br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
        ));
        abrupt.note(lifecycle(exit));
        assert!(abrupt.exited_without_shutdown());
    }

    #[test]
    fn validates_bodies() {
        assert!(validate(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#).is_ok());
        assert!(validate(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_ok());
        assert!(validate(br#"{"jsonrpc":"2.0","id":7,"result":null}"#).is_ok());

        let reply: Value = serde_json::from_slice(&validate(b"{garbage}").unwrap_err()).unwrap();
        assert_eq!(reply["error"]["code"], PARSE_ERROR);
        assert_eq!(reply["id"], Value::Null);

        let reply: Value =
            serde_json::from_slice(&validate(br#"{"id":3,"hello":true}"#).unwrap_err()).unwrap();
        assert_eq!(reply["error"]["code"], INVALID_REQUEST);
        assert_eq!(reply["id"], 3);
    }
}
