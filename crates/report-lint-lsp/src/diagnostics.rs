//! Rule diagnostics as LSP diagnostics.

use crate::analysis::Analysis;
use report_lint_core::Span;
use report_lint_rules::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
};

pub(crate) const SOURCE: &str = "report-lint";

/// What a diagnostic carries in `data`, so a code action request can find
/// the exact finding (and its fixes) again. Only valid for `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct DiagnosticData {
    pub version: i32,
    pub start: usize,
    pub end: usize,
}

impl DiagnosticData {
    /// The data of a diagnostic the client sent back, if it is one of ours.
    pub(crate) fn of(diagnostic: &lsp::Diagnostic) -> Option<DiagnosticData> {
        if diagnostic.source.as_deref() != Some(SOURCE) {
            return None;
        }
        serde_json::from_value(diagnostic.data.clone()?).ok()
    }

    pub(crate) fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

pub(crate) fn to_lsp(analysis: &Analysis) -> Vec<lsp::Diagnostic> {
    analysis
        .diagnostics
        .iter()
        .map(|d| one(analysis, d))
        .collect()
}

pub(crate) fn one(analysis: &Analysis, d: &Diagnostic) -> lsp::Diagnostic {
    let data = DiagnosticData {
        version: analysis.version,
        start: d.span.start,
        end: d.span.end,
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(analysis.uri.clone(), analysis.range(label.span)),
            message: label.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: analysis.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
