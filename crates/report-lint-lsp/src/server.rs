//! The `LanguageServer` implementation: capabilities, document sync, and
//! dispatch to the features.
//!
//! Handlers run concurrently (tower-lsp-server polls up to four at once), so
//! a `didChange` updates the document before its first `.await`, and every
//! result is tied to a document version: a lint finishing after a newer
//! edit is dropped instead of published.

use crate::analysis::Analysis;
use crate::convert::Encoding;
use crate::documents::{Change, Documents};
use crate::{actions, diagnostics, hover, symbols};
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
    /// The client can watch `report-lint.toml` for us (dynamic registration
    /// of `workspace/didChangeWatchedFiles`).
    watch_config: bool,
}

#[derive(Default)]
struct State {
    documents: Documents,
    session: OnceLock<Session>,
    /// Held from the version check to the end of a publish, so an older
    /// lint can never overwrite a newer one's diagnostics.
    publishing: tokio::sync::Mutex<()>,
}

impl State {
    fn session(&self) -> Session {
        self.session.get().copied().unwrap_or_default()
    }

    /// The analysis of the document's current version, computed on first use.
    async fn analysis(&self, uri: &Uri) -> Option<Arc<Analysis>> {
        let (snapshot, cached) = self.documents.snapshot(uri)?;
        if cached.is_some() {
            return cached;
        }
        let encoding = self.session().encoding;
        let analysis = Arc::new(
            guarded("分析文档", move || {
                Analysis::compute(snapshot, encoding)
            })
            .await?,
        );
        self.documents.store(&analysis);
        Some(analysis)
    }
}

/// Runs report work on the blocking pool: it keeps the async runtime
/// responsive, and a panic there (a parser bug, say) costs one answer, never
/// the server. Rule panics are already caught by the rules engine.
async fn guarded<T: Send + 'static>(
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(value) => Some(value),
        Err(e) => {
            eprintln!("report-lint: {what}时出错：{e}");
            None
        }
    }
}

pub(crate) struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    pub(crate) fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::default(),
        }
    }

    /// Lints `version` in the background and publishes the result if it is
    /// still the current version by then.
    fn publish_later(&self, uri: Uri, version: i32) {
        if self.state.session().pull {
            return;
        }
        let (state, client) = (Arc::clone(&self.state), self.client.clone());
        tokio::spawn(async move {
            let Some(analysis) = state.analysis(&uri).await else {
                return;
            };
            if analysis.version != version {
                return; // a newer version's own task publishes
            }
            let Some(items) = guarded("转换诊断", move || diagnostics::to_lsp(&analysis)).await
            else {
                return;
            };
            let _turn = state.publishing.lock().await;
            if state.documents.is_current(&uri, version) {
                client.publish_diagnostics(uri, items, Some(version)).await;
            }
        });
    }

    async fn with_analysis<T: Send + 'static>(
        &self,
        uri: &Uri,
        what: &str,
        feature: impl FnOnce(&Analysis) -> T + Send + 'static,
    ) -> Option<T> {
        let analysis = self.state.analysis(uri).await?;
        guarded(what, move || feature(&analysis)).await
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
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/report-lint.toml".into()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "report-lint-config".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(watch).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                eprintln!("report-lint: 无法监视配置文件的变化：{e}");
            }
        }
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        // Any report-lint.toml changed: every open document may lint differently.
        for (uri, version) in self.state.documents.invalidate_all() {
            self.publish_later(uri, version);
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
        self.publish_later(doc.uri, doc.version);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let VersionedTextDocumentIdentifier { uri, version } = params.text_document;
        let encoding = self.state.session().encoding;
        match self
            .state
            .documents
            .change(&uri, version, params.content_changes, encoding)
        {
            Change::Applied => self.publish_later(uri, version),
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
        let items = self
            .with_analysis(&params.text_document.uri, "转换诊断", |a| {
                diagnostics::to_lsp(a)
            })
            .await
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
