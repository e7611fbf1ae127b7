//! The `LanguageServer` implementation: capabilities, document sync, and
//! dispatch to the features.
//!
//! Handlers run concurrently (tower-lsp-server polls up to four at once), so
//! a `didChange` updates the document before its first `.await`, and every
//! result is tied to a document version ([`Stamp`]).
//!
//! Scheduling: a document has at most one analysis per version, started by
//! the first request or publication that needs it and shared by all of
//! them; it runs on the [`Pool`] (one job per core), and a version
//! superseded before its turn is never analysed. Diagnostics are pushed by
//! one task per document, which analyses the newest version, publishes it
//! if it is still the newest, and goes on until it is: a burst of edits
//! costs at most the analysis running when it started and one of the last
//! version. Closing a document drops its text, its analysis and its task.

use crate::analysis::Analysis;
use crate::convert::Encoding;
use crate::documents::{Change, Documents, Snapshot, Stamp};
use crate::pool::Pool;
use crate::stats::Stats;
use crate::{actions, diagnostics, hover, status, symbols};
use std::sync::{Arc, OnceLock};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// What was agreed with the client in `initialize`.
#[derive(Debug, Clone, Copy, Default)]
struct Session {
    encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); pushing
    /// them as well would show every finding twice.
    pull: bool,
    /// The client can watch `report-lint.toml` and the rule files it
    /// includes for us (dynamic registration
    /// of `workspace/didChangeWatchedFiles`).
    watch_config: bool,
}

struct State {
    documents: Documents,
    session: OnceLock<Session>,
    pool: Pool,
    stats: Stats,
    /// No message may be larger (see `framing`).
    max_frame: usize,
    /// Held from the version check to the end of a publish, so an older
    /// lint can never overwrite a newer one's diagnostics.
    publishing: tokio::sync::Mutex<()>,
}

impl State {
    fn session(&self) -> Session {
        self.session.get().copied().unwrap_or_default()
    }

    /// The analysis of the document's newest version, for a feature.
    async fn analysis(self: &Arc<Self>, uri: &Uri) -> Option<Arc<Analysis>> {
        self.analysed(uri).await?.1
    }

    /// The analysis of the document's newest version and which version it
    /// is (`None` inside: that version's analysis failed). `None` when the
    /// document is not open or too large to analyse.
    async fn analysed(self: &Arc<Self>, uri: &Uri) -> Option<(Stamp, Option<Arc<Analysis>>)> {
        loop {
            let (snapshot, job, new) = self.documents.job(uri)?;
            if new {
                let state = Arc::clone(self);
                let job = Arc::clone(&job);
                // A task of its own: the analysis is finished for the
                // others even if this request is cancelled.
                tokio::spawn(async move {
                    let outcome = state.run_analysis(snapshot).await;
                    job.finish(outcome);
                });
            }
            let outcome = job.outcome().await;
            if outcome.is_some() || self.documents.is_current(uri, job.stamp) {
                return Some((job.stamp, outcome));
            }
            // Superseded before its turn: the newer version, then.
        }
    }

    async fn run_analysis(self: Arc<Self>, snapshot: Snapshot) -> Option<Arc<Analysis>> {
        let encoding = self.session().encoding;
        let state = Arc::clone(&self);
        let analysis = self.pool.run("分析文档", move || {
            // Its turn may come after a newer version: then it is not run.
            if !state.documents.is_current(&snapshot.uri, snapshot.stamp()) {
                return None;
            }
            let alive = state.stats.analysis_started();
            Some(Arc::new(Analysis::compute(snapshot, encoding, alive)))
        });
        analysis.await.flatten()
    }

    /// The diagnostics of the document's newest version, cut to fit in
    /// `room` bytes, and which version they are of. A document too large
    /// to analyse has the one finding saying so.
    async fn diagnostics(
        self: &Arc<Self>,
        uri: &Uri,
        room: usize,
    ) -> Option<(Stamp, Vec<Diagnostic>)> {
        if let Some((stamp, bytes)) = self.documents.oversize(uri) {
            return Some((stamp, vec![diagnostics::too_large(bytes)]));
        }
        let (stamp, analysis) = self.analysed(uri).await?;
        let Some(analysis) = analysis else {
            return Some((stamp, Vec::new()));
        };
        let items = self.pool.run("转换诊断", move || {
            diagnostics::fit(diagnostics::to_lsp(&analysis), room)
        });
        Some((stamp, items.await.unwrap_or_default()))
    }
}

pub(crate) struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    /// A server whose messages are kept under `max_frame` bytes.
    pub(crate) fn new(client: Client, max_frame: usize) -> Backend {
        let state = State {
            documents: Documents::default(),
            session: OnceLock::new(),
            pool: Pool::default(),
            stats: Stats::default(),
            max_frame,
            publishing: tokio::sync::Mutex::new(()),
        };
        Backend {
            client,
            state: Arc::new(state),
        }
    }

    /// Makes sure the document's newest version gets its diagnostics
    /// published: starts the document's publishing task unless it has one,
    /// which then publishes this version too.
    fn publish_later(&self, uri: Uri) {
        if self.state.session().pull {
            return;
        }
        let Some(opened) = self.state.documents.start_publishing(&uri) else {
            return;
        };
        let (state, client) = (Arc::clone(&self.state), self.client.clone());
        tokio::spawn(publish_until_current(state, client, uri, opened));
    }

    async fn with_analysis<T: Send + 'static>(
        &self,
        uri: &Uri,
        what: &str,
        feature: impl FnOnce(&Analysis) -> T + Send + 'static,
    ) -> Option<T> {
        let analysis = self.state.analysis(uri).await?;
        self.state.pool.run(what, move || feature(&analysis)).await
    }

    /// `report-lint/status`: how the editor's status item describes the
    /// document's newest version; `null` when it is not open.
    pub(crate) async fn status(&self, params: status::StatusParams) -> Result<serde_json::Value> {
        let uri = params.text_document.uri;
        if let Some((stamp, bytes)) = self.state.documents.oversize(&uri) {
            return Ok(serde_json::json!(status::too_large(stamp.version, bytes)));
        }
        let Some((stamp, analysis)) = self.state.analysed(&uri).await else {
            return Ok(serde_json::Value::Null);
        };
        Ok(match analysis {
            Some(analysis) => serde_json::json!(status::of(&analysis)),
            // That version's analysis failed (the worker panicked).
            None => serde_json::json!({"version": stamp.version, "report": false,
                "reason": "分析失败", "title": false, "headings": 0,
                "counts": {"error": 0, "warning": 0, "info": 0}}),
        })
    }

    /// Counts for the crate's tests (`report-lint/stats`).
    #[cfg(feature = "test-hooks")]
    pub(crate) async fn stats(&self) -> Result<serde_json::Value> {
        let state = &self.state;
        Ok(serde_json::json!({
            "documents": state.documents.len(),
            "analysesRun": state.stats.analyses_run.load(std::sync::atomic::Ordering::Relaxed),
            "analysesAlive": state.stats.analyses_alive.get(),
            "workers": state.pool.size(),
        }))
    }
}

/// The publishing task of one opening of a document: publishes the newest
/// version's diagnostics, again and again while the document changes
/// meanwhile; stale results are never published.
async fn publish_until_current(state: Arc<State>, client: Client, uri: Uri, opened: u64) {
    loop {
        let room = diagnostics::push_room(state.max_frame, &uri);
        let published = match state.diagnostics(&uri, room).await {
            Some((stamp, items)) => {
                let _turn = state.publishing.lock().await;
                if state.documents.is_current(&uri, stamp) {
                    client
                        .publish_diagnostics(uri.clone(), items, Some(stamp.version))
                        .await;
                }
                Some(stamp)
            }
            None => None,
        };
        if state.documents.done_publishing(&uri, opened, published) {
            return;
        }
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let capabilities = &params.capabilities;
        let session = Session {
            encoding: Encoding::negotiate(
                capabilities
                    .general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            pull: capabilities
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            watch_config: capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
        };
        // A second `initialize` is refused by the library before it gets here.
        let session = *self.state.session.get_or_init(|| session);
        let diagnostic_provider = session.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(diagnostics::SOURCE.into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        });
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(session.encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::FIX_ALL]),
                        ..CodeActionOptions::default()
                    },
                )),
                diagnostic_provider,
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo {
                name: "report-lint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if let Err(e) = report_lint_rules::registry() {
            self.client
                .show_message(MessageType::ERROR, format!("report-lint 无法加载规则：{e}"))
                .await;
        }
        if self.state.session().watch_config {
            let watch = DidChangeWatchedFilesRegistrationOptions {
                // Every TOML file, not only report-lint.toml: rules may be
                // written in files it includes, under any name.
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.toml".into()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "report-lint-config".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(watch).ok(),
            };
            // Its own task: a client that never answers must not hold this
            // notification's handler (the library then never gets to `exit`
            // or to the end of input, and the server outlives its client).
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.register_capability(vec![registration]).await {
                    eprintln!("report-lint: 无法监视配置文件的变化：{e}");
                }
            });
        }
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        // A configuration or a rule file it includes changed: every open
        // document may lint differently.
        for uri in self.state.documents.invalidate_all() {
            self.publish_later(uri);
        }
        if self.state.session().pull {
            self.client.workspace_diagnostic_refresh().await.ok();
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        self.state
            .documents
            .open(doc.uri.clone(), doc.version, doc.language_id, &doc.text);
        self.publish_later(doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let VersionedTextDocumentIdentifier { uri, version } = params.text_document;
        let encoding = self.state.session().encoding;
        match self
            .state
            .documents
            .change(&uri, version, params.content_changes, encoding)
        {
            Change::Applied => self.publish_later(uri),
            Change::Stale { current } => {
                eprintln!(
                    "report-lint: 忽略过期的修改（{} 版本 {version}，当前为 {current}）",
                    uri.as_str()
                );
            }
            Change::NotOpen => eprintln!("report-lint: 忽略未打开文档的修改：{}", uri.as_str()),
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.state.documents.close(&uri);
        if !self.state.session().pull {
            let _turn = self.state.publishing.lock().await;
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let room = diagnostics::pull_room(self.state.max_frame);
        let items = self
            .state
            .diagnostics(&params.text_document.uri, room)
            .await
            .map(|(_, items)| items)
            .unwrap_or_default();
        let report = FullDocumentDiagnosticReport {
            result_id: None,
            items,
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: report,
            }),
        ))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let actions = self
            .with_analysis(&uri, "生成代码操作", move |a| {
                actions::code_actions(a, &params)
            })
            .await;
        Ok(actions.filter(|a| !a.is_empty()))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let HoverParams {
            text_document_position_params: at,
            ..
        } = params;
        let position = at.position;
        Ok(self
            .with_analysis(&at.text_document.uri, "生成悬停提示", move |a| {
                hover::hover(a, position)
            })
            .await
            .flatten())
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let outline = self
            .with_analysis(&params.text_document.uri, "生成大纲", symbols::outline)
            .await;
        Ok(outline
            .filter(|s| !s.is_empty())
            .map(DocumentSymbolResponse::Nested))
    }
}
