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
//!
//! A wrong `Content-Length` must not cost the messages after it. A
//! `Content-Length: <digits>` line ending in a raw line break can never be
//! part of a JSON text (a string cannot hold a raw line break, and a name
//! outside a string is not JSON), so finding one inside a body, or after
//! the end of one, shows where the next message really starts: the reader
//! goes on from there, and the broken message is answered with its id when
//! that can be read.

use serde_json::{json, Value};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// A header block longer than this without its blank line is not a header.
const MAX_HEADER: usize = 8 * 1024;
/// The buffer a reader keeps between messages: one grown for a large
/// message (a document opened in full) is given back once it is read.
const KEEP: usize = 256 * 1024;
/// Bodies above this are skipped unread (a report is at most a few MB of
/// JSON). The limit holds both ways: the server's own messages are kept
/// under it (see `diagnostics::fit`).
pub(crate) const MAX_BODY: usize = 64 * 1024 * 1024;

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
    /// A body cut where the next message's header starts inside it: its
    /// `Content-Length` was larger than the message.
    Misframed(Vec<u8>),
}

enum State {
    Header,
    /// Reading a body of `len` bytes; the first `scanned` have no header.
    Body {
        len: usize,
        scanned: usize,
    },
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
    max_body: usize,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub(crate) fn new(inner: R, max_body: usize) -> Self {
        FrameReader {
            inner,
            buf: Vec::new(),
            state: State::Header,
            max_body,
        }
    }

    /// The next frame, or `None` at the end of the stream (a partial frame
    /// at the end is dropped).
    pub(crate) async fn next(&mut self) -> io::Result<Option<Frame>> {
        loop {
            if let Some(frame) = self.parse() {
                if self.buf.capacity() > KEEP && self.buf.len() < KEEP / 2 {
                    self.buf.shrink_to(KEEP);
                }
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
            let frame = match self.state {
                State::Header => self.header(),
                State::Body { len, scanned } => self.body(len, scanned),
                State::Discard(left) => self.discard(left),
                State::Resync => self.resync(),
            };
            match frame {
                Step::Frame(frame) => return Some(frame),
                Step::NeedMore => return None,
                Step::Again => {}
            }
        }
    }

    fn header(&mut self) -> Step {
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
                return Step::Frame(Frame::BadHeader("消息头过长或缺少空行".into()));
            }
            return Step::NeedMore;
        };
        match content_length(&self.buf[..end]) {
            Ok(len) if len > self.max_body => {
                self.buf.drain(..end + 4);
                self.state = State::Discard(len);
                Step::Frame(Frame::BadHeader(format!("消息体过大（{len} 字节）")))
            }
            Ok(len) => {
                self.buf.drain(..end + 4);
                self.state = State::Body { len, scanned: 0 };
                Step::Again
            }
            Err(reason) => {
                // The rest of a message whose `Content-Length` was too
                // small, then the next header: already answered, skipped.
                if let Some((at, _)) = find_header(&self.buf, 1, end) {
                    eprintln!("report-lint: 跳过消息之间的 {at} 字节");
                    self.buf.drain(..at);
                    return Step::Again;
                }
                self.buf.drain(..end + 4);
                self.state = State::Resync;
                Step::Frame(Frame::BadHeader(reason))
            }
        }
    }

    fn body(&mut self, len: usize, scanned: usize) -> Step {
        let end = len.min(self.buf.len());
        match find_header(&self.buf, scanned, end) {
            Some((at, Match::Yes)) => {
                self.state = State::Header;
                return Step::Frame(Frame::Misframed(self.buf.drain(..at).collect()));
            }
            Some((at, _)) => {
                // Only a broken body ends in what may be a header's start.
                self.state = State::Body { len, scanned: at };
                return Step::NeedMore;
            }
            None => {}
        }
        if self.buf.len() < len {
            self.state = State::Body { len, scanned: end };
            return Step::NeedMore;
        }
        self.state = State::Header;
        Step::Frame(Frame::Body(self.buf.drain(..len).collect()))
    }

    fn discard(&mut self, left: usize) -> Step {
        let end = left.min(self.buf.len());
        match find_header(&self.buf, 0, end) {
            Some((at, Match::Yes)) => {
                self.buf.drain(..at);
                self.state = State::Header;
                Step::Again
            }
            Some((at, _)) => {
                self.buf.drain(..at);
                self.state = State::Discard(left - at);
                Step::NeedMore
            }
            None if end < left => {
                self.buf.drain(..end);
                self.state = State::Discard(left - end);
                Step::NeedMore
            }
            None => {
                self.buf.drain(..end);
                self.state = State::Header;
                Step::Again
            }
        }
    }

    fn resync(&mut self) -> Step {
        match find_header(&self.buf, 0, self.buf.len()) {
            Some((at, _)) => {
                self.buf.drain(..at);
                self.state = State::Header;
                Step::Again
            }
            None => {
                self.buf.clear();
                Step::NeedMore
            }
        }
    }
}

/// What one step of the reader came to.
enum Step {
    Frame(Frame),
    NeedMore,
    Again,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Yes,
    No,
    /// The bytes so far match, but end too soon to tell.
    Partial,
}

/// The first place in `from..to` where a header line starts (or may start:
/// the buffer ends first).
fn find_header(buf: &[u8], from: usize, to: usize) -> Option<(usize, Match)> {
    let mut at = from;
    while at < to {
        at += memchr::memchr2(b'C', b'c', &buf[at..to])?;
        match header_at(buf, at) {
            Match::No => at += 1,
            found => return Some((at, found)),
        }
    }
    None
}

/// Whether `Content-Length: <digits>\r\n` (name in any case, blanks around
/// the colon) starts at `at`.
fn header_at(buf: &[u8], at: usize) -> Match {
    const NAME: &[u8] = b"content-length";
    let rest = &buf[at..];
    let n = NAME.len().min(rest.len());
    if !rest[..n].eq_ignore_ascii_case(&NAME[..n]) {
        return Match::No;
    }
    let mut i = n;
    let blanks = |i: &mut usize| {
        while rest.get(*i).is_some_and(|b| matches!(b, b' ' | b'\t')) {
            *i += 1;
        }
    };
    blanks(&mut i);
    let Some(&colon) = rest.get(i) else {
        return Match::Partial;
    };
    if colon != b':' {
        return Match::No;
    }
    i += 1;
    blanks(&mut i);
    let digits = rest[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    i += digits;
    match rest.get(i..i + 2) {
        _ if digits > 20 => Match::No,
        Some(b"\r\n") if digits > 0 => Match::Yes,
        Some(_) => Match::No,
        None if rest.get(i).is_none_or(|&b| b == b'\r') => Match::Partial,
        None => Match::No,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
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
/// not a JSON-RPC message (with the request's id when it can be read).
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
            request_id(body),
            PARSE_ERROR,
            &format!("Parse error: {e}"),
        )),
        Ok(_) => Err(error_response(
            request_id(body),
            INVALID_REQUEST,
            "Invalid request: not a JSON-RPC 2.0 message",
        )),
    }
}

/// The reply to a message whose `Content-Length` was larger than it: it is
/// not run (its bytes were guessed at), but answered with its id.
pub(crate) fn misframed_response(body: &[u8]) -> Vec<u8> {
    error_response(
        request_id(body),
        PARSE_ERROR,
        "Parse error: Content-Length 与消息的实际长度不符",
    )
}

/// The id of a message, so the client can tell which of its requests
/// failed: read from the JSON, or from the start of a body cut short.
/// `null` when there is no number or string to be sure of.
fn request_id(body: &[u8]) -> Value {
    let id = match serde_json::from_slice::<Value>(body) {
        Ok(value) => value.get("id").cloned(),
        Err(_) => salvage_id(body),
    };
    id.filter(|id| id.is_i64() || id.is_string())
        .unwrap_or(Value::Null)
}

/// The `"id"` member of the outermost object of a JSON text that may be
/// cut short or followed by garbage.
fn salvage_id(body: &[u8]) -> Option<Value> {
    let mut depth = 0usize;
    let mut at = 0;
    while at < body.len() {
        match body[at] {
            b'"' => {
                let end = string_end(body, at)?;
                let after = skip_blanks(body, end + 1);
                if depth == 1 && &body[at..=end] == b"\"id\"" && body.get(after) == Some(&b':') {
                    return id_value(body, skip_blanks(body, after + 1));
                }
                at = end;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    None
}

/// The closing quote of the string opening at `start`.
fn string_end(body: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    while at < body.len() {
        match body[at] {
            b'\\' => at += 2,
            b'"' => return Some(at),
            _ => at += 1,
        }
    }
    None
}

fn skip_blanks(body: &[u8], mut at: usize) -> usize {
    while body.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// A string or an integer at `at`, unless the body ends inside it (a
/// number cut short would be another request's id).
fn id_value(body: &[u8], at: usize) -> Option<Value> {
    if body.get(at) == Some(&b'"') {
        let end = string_end(body, at)?;
        return serde_json::from_slice(&body[at..=end]).ok();
    }
    let rest = body.get(at..)?;
    let len = rest
        .iter()
        .enumerate()
        .take_while(|&(i, b)| b.is_ascii_digit() || (i == 0 && *b == b'-'))
        .count();
    let after = *rest.get(len)?;
    if after != b',' && after != b'}' && !after.is_ascii_whitespace() {
        return None;
    }
    serde_json::from_slice(&rest[..len]).ok()
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
    max_body: usize,
) -> io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut frames = FrameReader::new(input, max_body);
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
            Frame::Misframed(body) => misframed_response(&body),
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
    max_body: usize,
) -> io::Result<()> {
    let mut reader = FrameReader::new(library, max_body);
    while let Some(frame) = reader.next().await? {
        match frame {
            Frame::Body(body) => {
                if frames.send(body).await.is_err() {
                    break;
                }
            }
            Frame::BadHeader(reason) => eprintln!("report-lint: 服务器输出的消息头有误：{reason}"),
            Frame::Misframed(_) => eprintln!("report-lint: 服务器输出的消息长度有误"),
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
        let mut reader = FrameReader::new(input, MAX_BODY);
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

    /// A stream that gives one byte per read, so every header is split.
    struct Trickle<'a>(&'a [u8]);

    impl AsyncRead for Trickle<'_> {
        fn poll_read(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
            buf: &mut tokio::io::ReadBuf<'_>,
        ) -> std::task::Poll<io::Result<()>> {
            if let Some((first, rest)) = self.0.split_first() {
                buf.put_slice(&[*first]);
                self.0 = rest;
            }
            std::task::Poll::Ready(Ok(()))
        }
    }

    fn framed(body: &str, declared: usize) -> Vec<u8> {
        format!("Content-Length: {declared}\r\n\r\n{body}").into_bytes()
    }

    #[tokio::test]
    async fn a_wrong_content_length_costs_only_its_own_message() {
        let bad = r#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#;
        let good = r#"{"jsonrpc":"2.0","id":8,"method":"shutdown"}"#;
        let next = |declared: usize| [framed(bad, declared), framed(good, good.len())].concat();

        // Too long: the next message's header is inside the body.
        let too_long = next(bad.len() + 30);
        let expected = vec![Frame::Misframed(bad.into()), body(good)];
        assert_eq!(frames(&too_long).await, expected);
        let mut reader = FrameReader::new(Trickle(&too_long), MAX_BODY);
        let mut got = Vec::new();
        while let Some(frame) = reader.next().await.expect("in-memory read") {
            got.push(frame);
        }
        assert_eq!(got, expected, "read a byte at a time");

        // Too short: the rest of the body is skipped up to the next header.
        let too_short = next(bad.len() - 12);
        assert_eq!(
            frames(&too_short).await,
            vec![body(&bad[..bad.len() - 12]), body(good)]
        );

        // Far too long: skipped as oversized, but only up to the next header.
        let oversized = next(MAX_BODY + 1);
        let found = frames(&oversized).await;
        assert!(matches!(found[0], Frame::BadHeader(_)), "{found:?}");
        assert_eq!(found[1..], [body(good)]);
    }

    #[test]
    fn a_header_is_told_from_json() {
        assert_eq!(header_at(b"Content-Length: 12\r\n", 0), Match::Yes);
        assert_eq!(header_at(b"content-length :12\r\n", 0), Match::Yes);
        assert_eq!(header_at(b"Content-Len", 0), Match::Partial);
        assert_eq!(header_at(b"Content-Length: 12", 0), Match::Partial);
        assert_eq!(header_at(b"Content-Length: 12\r", 0), Match::Partial);
        // In JSON the line break is escaped, never raw.
        assert_eq!(header_at(br#"Content-Length: 12\r\n""#, 0), Match::No);
        assert_eq!(header_at(b"Content-Length: \r\n", 0), Match::No);
        assert_eq!(header_at(b"contentChanges", 0), Match::No);
    }

    #[test]
    fn the_id_of_a_broken_message_is_read_when_it_can_be() {
        let id = |body: &str| request_id(body.as_bytes());
        assert_eq!(
            id(r#"{"jsonrpc":"2.0","id":12,"method":"textDocument/hov"#),
            12
        );
        assert_eq!(id(r#"{"id" : "a\"b", "method":"#), "a\"b");
        assert_eq!(id(r#"{"id":-3,"#), -3);
        assert_eq!(
            id(r#"{"method":"x","params":{"id":5}}garbage"#),
            Value::Null
        );
        assert_eq!(id(r#"{"method":"id","params":{"#), Value::Null);
        assert_eq!(id(r#"{"id":12"#), Value::Null, "the number may go on");
        assert_eq!(id(r#"{"id":"ab"#), Value::Null);
        assert_eq!(id(r#"{"id":1.5,"method":"#), Value::Null);
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
