//! `report-lint/status`: what the editor's status item says about one open
//! document — whether it is read as an annual report and, if not, why (no
//! title, too few of the six headings), and how many findings of each
//! severity its newest version has. A request of our own (LSP has no
//! message for this); the client asks when the diagnostics change.

use crate::analysis::Analysis;
use report_lint_core::{SectionKind, MAX_TEXT_BYTES};
use report_lint_rules::Severity;
use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::TextDocumentIdentifier;

pub(crate) const METHOD: &str = "report-lint/status";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StatusParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Status {
    /// The document version this describes.
    pub version: i32,
    /// Whether the document is read as an annual report (and linted).
    pub report: bool,
    /// Whether a report title was found.
    pub title: bool,
    /// How many of the six part headings were found.
    pub headings: usize,
    /// Why the document is not checked, in Chinese; `None` when it is.
    pub reason: Option<String>,
    pub counts: Counts,
}

/// The status of an analysed version.
pub(crate) fn of(analysis: &Analysis) -> Status {
    let report = &analysis.report;
    let title = report.meta.title.is_some();
    let headings = SectionKind::ALL
        .iter()
        .filter(|kind| report.sections.iter().any(|s| s.kind == **kind))
        .count();
    let is_report = analysis.is_report();
    let reason = (!is_report).then(|| {
        format!(
            "不像年报：没有“……政府信息公开工作年度报告”标题，六个部分的标题只找到 {headings} 个（至少需要 3 个）"
        )
    });
    let mut counts = Counts::default();
    for d in &analysis.diagnostics {
        match d.severity {
            Severity::Error => counts.error += 1,
            Severity::Warning => counts.warning += 1,
            Severity::Info => counts.info += 1,
        }
    }
    Status {
        version: analysis.version,
        report: is_report,
        title,
        headings,
        reason,
        counts,
    }
}

/// The status of a version too large to analyse.
pub(crate) fn too_large(version: i32, bytes: u64) -> Status {
    Status {
        version,
        report: false,
        title: false,
        headings: 0,
        reason: Some(format!(
            "文本有 {} MB，超过 {} MB，未检查",
            bytes.div_ceil(1 << 20),
            MAX_TEXT_BYTES >> 20
        )),
        counts: Counts::default(),
    }
}
