//! report-lint-lsp: the language server of report-lint, and the only crate
//! that knows LSP types.
//!
//! ```text
//! stdin ─► framing (validates every frame; answers ParseError itself) ─► tower-lsp-server ─► Backend
//! stdout ◄─ framing (one writer for library output and our error replies) ◄─┘
//! ```
//!
//! - `server`: the `LanguageServer` implementation (capabilities, sync,
//!   push/pull diagnostics) and the scheduling of analyses.
//! - `documents`: open documents (rope + version + the analysis job of that
//!   version); `analysis`: a parsed and linted snapshot of one version;
//!   `pool`: the bounded workers every analysis and feature runs on;
//!   `stats`: counts that the `test-hooks` feature lets the tests read.
//! - `convert`: byte offsets ↔ LSP positions (UTF-8 or UTF-16).
//! - `diagnostics`, `actions`, `hover`, `symbols`: the features.
//! - `config`: which configuration a document is linted with (one place).
//! - `status`: `report-lint/status`, whether a document is read as a report
//!   (and why not) and its counts, for the editor's status item.

mod actions;
mod analysis;
mod config;
mod convert;
mod diagnostics;
mod documents;
mod framing;
mod hover;
mod pool;
mod server;
mod stats;
mod status;
mod symbols;

use std::io;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::mpsc;
use tower_lsp_server::{LspService, Server};

/// Bytes buffered in each in-memory pipe between the framing layer and the
/// library; a report (≤ 100 KB, escaped in JSON) fits several times.
const PIPE_CAPACITY: usize = 1 << 20;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`, or the client closed its end.
    Clean,
    /// `exit` without `shutdown` before it.
    ExitWithoutShutdown,
}

impl Ending {
    /// The process exit code the LSP specification asks for: 0 when
    /// `shutdown` came before `exit`, 1 otherwise.
    pub fn exit_code(self) -> i32 {
        match self {
            Ending::Clean => 0,
            Ending::ExitWithoutShutdown => 1,
        }
    }
}

/// Runs the server on stdin/stdout until the client sends `exit` or closes
/// stdin. Builds its own tokio runtime; logs go to stderr only.
///
/// # Errors
/// When the runtime cannot start or stdin/stdout fail.
pub fn run_stdio() -> io::Result<Ending> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(serve_session(tokio::io::stdin(), tokio::io::stdout()));
    // tokio's stdin is a blocking read on a pool thread that cannot be
    // cancelled; waiting for it would hang after `exit` until the client
    // writes or closes the pipe.
    runtime.shutdown_background();
    result
}

/// Serves one client over any byte streams (stdio, a socket, an in-memory
/// pipe in tests). Returns when the client sends `exit` or closes `input`,
/// after everything the server wrote has been flushed to `output`.
///
/// # Errors
/// When reading `input` or writing `output` fails. Malformed messages are
/// not errors: they are answered and skipped.
pub async fn serve<I, O>(input: I, output: O) -> io::Result<()>
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    serve_session(input, output).await.map(|_| ())
}

/// [`serve`], telling how the session ended (for the exit code).
///
/// # Errors
/// As [`serve`].
pub async fn serve_session<I, O>(input: I, output: O) -> io::Result<Ending>
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    serve_limited(input, output, framing::MAX_BODY).await
}

/// [`serve`] with a smaller frame limit, so the crate's tests can exceed
/// it with a document of ordinary size.
#[cfg(feature = "test-hooks")]
pub async fn serve_with_frame_limit<I, O>(input: I, output: O, max_frame: usize) -> io::Result<()>
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    serve_limited(input, output, max_frame).await.map(|_| ())
}

/// A session whose messages, both ways, are at most `max_frame` bytes.
async fn serve_limited<I, O>(input: I, output: O, max_frame: usize) -> io::Result<Ending>
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let session = Arc::new(framing::Session::default());
    let (to_library, library_in) = tokio::io::duplex(PIPE_CAPACITY);
    let (library_out, from_library) = tokio::io::duplex(PIPE_CAPACITY);
    let (frames, outgoing) = mpsc::channel(64);

    let writer = tokio::spawn(framing::write_frames(outgoing, output));
    let relay = tokio::spawn(framing::relay_output(
        from_library,
        frames.clone(),
        max_frame,
    ));
    let filter = tokio::spawn({
        let session = Arc::clone(&session);
        async move { framing::filter_input(input, to_library, frames, &session, max_frame).await }
    });

    let builder = LspService::build(move |client| server::Backend::new(client, max_frame))
        .custom_method(status::METHOD, server::Backend::status);
    #[cfg(feature = "test-hooks")]
    let builder = builder.custom_method("report-lint/stats", server::Backend::stats);
    let (service, socket) = builder.finish();
    Server::new(library_in, library_out, socket)
        .serve(service)
        .await;

    // After `exit` the library has stopped reading; the client's input no
    // longer matters. Its task holds a frame sender, so it must be gone
    // before the writer can see the end of the channel.
    filter.abort();
    let input_result = match filter.await {
        Ok(result) => result,
        Err(e) if e.is_cancelled() => Ok(()),
        Err(e) => Err(io::Error::other(e)),
    };
    relay.await.map_err(io::Error::other)??;
    writer.await.map_err(io::Error::other)??;
    input_result?;
    Ok(if session.exited_without_shutdown() {
        Ending::ExitWithoutShutdown
    } else {
        Ending::Clean
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    async fn session_ending(messages: &[&str]) -> Ending {
        let (mut client, server) = tokio::io::duplex(1 << 16);
        let (server_in, server_out) = tokio::io::split(server);
        let session = tokio::spawn(serve_session(server_in, server_out));
        for body in messages {
            let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
            client.write_all(frame.as_bytes()).await.expect("write");
        }
        // Replies are not read: the pipe holds them.
        tokio::time::timeout(std::time::Duration::from_secs(20), session)
            .await
            .expect("the server exits after `exit`")
            .expect("server task")
            .expect("serve returns Ok")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn exit_without_shutdown_asks_for_exit_code_1() {
        let initialize =
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
        let initialized = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let shutdown = r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;
        let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let abrupt = session_ending(&[initialize, initialized, exit]).await;
        assert_eq!(abrupt, Ending::ExitWithoutShutdown);
        assert_eq!(abrupt.exit_code(), 1);
        let clean = session_ending(&[initialize, initialized, shutdown, exit]).await;
        assert_eq!(clean, Ending::Clean);
        assert_eq!(clean.exit_code(), 0);
    }
}
