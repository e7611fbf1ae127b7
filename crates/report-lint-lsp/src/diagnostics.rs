//! Rule diagnostics as LSP diagnostics, and what a message of them may hold.
//!
//! The framing layer drops any message over its frame limit, and an editor
//! that never gets a `publishDiagnostics` keeps showing the old findings.
//! So a list that would not fit is cut ([`fit`]): the most severe findings
//! first, then by position, and one more saying how many were left out.

use crate::analysis::Analysis;
use report_lint_core::{Span, MAX_TEXT_BYTES};
use report_lint_rules::{Diagnostic, Severity};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
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

/// The one finding of a document over the command line's size limit: it is
/// not analysed at all.
pub(crate) fn too_large(bytes: u64) -> lsp::Diagnostic {
    notice(
        DiagnosticSeverity::WARNING,
        report_lint_core::too_large(bytes, MAX_TEXT_BYTES),
    )
}

/// A diagnostic of the server's own at the start of the document: no code,
/// no data, so no code action takes it for a rule's finding.
fn notice(severity: DiagnosticSeverity, message: String) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        severity: Some(severity),
        source: Some(SOURCE.to_string()),
        message,
        ..lsp::Diagnostic::default()
    }
}

/// Bytes left for the diagnostics of a `publishDiagnostics` of `uri`
/// under a frame limit of `max_frame`.
pub(crate) fn push_room(max_frame: usize, uri: &Uri) -> usize {
    let envelope = json!({
        "jsonrpc": "2.0",
        "method": "textDocument/publishDiagnostics",
        "params": {"uri": uri, "diagnostics": [], "version": i32::MIN},
    });
    max_frame.saturating_sub(serialized_len(&envelope).saturating_add(SLACK))
}

/// Bytes left for the items of a pull diagnostic response. The request's
/// id is not known here: room is left for one of up to a few KB.
pub(crate) fn pull_room(max_frame: usize) -> usize {
    max_frame.saturating_sub(4096)
}

/// Spare bytes, should the library order or space a message differently.
const SLACK: usize = 64;

/// `items` as they are when their JSON array takes at most `room` bytes;
/// otherwise the longest run of them, most severe first and then by
/// position, that fits with a last diagnostic saying how many are not shown.
pub(crate) fn fit(items: Vec<lsp::Diagnostic>, room: usize) -> Vec<lsp::Diagnostic> {
    let sizes: Vec<usize> = items.iter().map(serialized_len).collect();
    let all = 2 + sizes.iter().sum::<usize>() + sizes.len().saturating_sub(1);
    if all <= room {
        return items;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| (rank(items[i].severity), items[i].range.start));
    // The summary's count has at most as many digits as the total.
    let summary_len = serialized_len(&summary(items.len(), DiagnosticSeverity::ERROR));
    if 2 + summary_len > room {
        return Vec::new();
    }
    let mut used = 2 + summary_len;
    let shown = order
        .iter()
        .take_while(|&&i| {
            used += sizes[i] + 1;
            used <= room
        })
        .count();
    let mut items: Vec<Option<lsp::Diagnostic>> = items.into_iter().map(Some).collect();
    let mut kept: Vec<lsp::Diagnostic> = order[..shown]
        .iter()
        .filter_map(|&i| items[i].take())
        .collect();
    let worst = order[shown..]
        .iter()
        .filter_map(|&i| items[i].as_ref())
        .min_by_key(|d| rank(d.severity))
        .and_then(|d| d.severity)
        .unwrap_or(DiagnosticSeverity::WARNING);
    kept.push(summary(order.len() - shown, worst));
    kept
}

fn summary(left_out: usize, severity: DiagnosticSeverity) -> lsp::Diagnostic {
    notice(
        severity,
        format!(
            "另有 {left_out} 个问题未显示：问题太多，一次发给编辑器的消息装不下（已优先显示最严重的问题）。\
             请在命令行运行 report-lint check 查看全部。"
        ),
    )
}

/// Most severe first; a diagnostic without a severity last.
fn rank(severity: Option<DiagnosticSeverity>) -> u8 {
    match severity {
        Some(DiagnosticSeverity::ERROR) => 0,
        Some(DiagnosticSeverity::WARNING) => 1,
        Some(DiagnosticSeverity::INFORMATION) => 2,
        Some(DiagnosticSeverity::HINT) => 3,
        _ => 4,
    }
}

fn serialized_len<T: Serialize>(value: &T) -> usize {
    serde_json::to_vec(value).map_or(0, |bytes| bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(line: u32, severity: DiagnosticSeverity) -> lsp::Diagnostic {
        let mut d = notice(severity, format!("第 {line} 行的问题"));
        d.range = Range::new(Position::new(line, 0), Position::new(line, 1));
        d
    }

    fn array_len(items: &[lsp::Diagnostic]) -> usize {
        serialized_len(&items)
    }

    #[test]
    fn a_list_that_fits_is_left_as_it_is() {
        let items = vec![
            finding(3, DiagnosticSeverity::WARNING),
            finding(1, DiagnosticSeverity::ERROR),
        ];
        assert_eq!(fit(items.clone(), array_len(&items)), items);
    }

    #[test]
    fn a_cut_list_fits_keeps_the_most_severe_and_says_how_many_are_left_out() {
        let mut items: Vec<lsp::Diagnostic> = (0..300)
            .map(|line| finding(line, DiagnosticSeverity::INFORMATION))
            .collect();
        items.extend(
            (0..50)
                .rev()
                .map(|line| finding(1000 + line, DiagnosticSeverity::WARNING)),
        );
        items.push(finding(2000, DiagnosticSeverity::ERROR));
        let room = array_len(&items) / 10;
        let fitted = fit(items.clone(), room);
        assert!(
            array_len(&fitted) <= room,
            "{} > {room}",
            array_len(&fitted)
        );

        let (summary, shown) = fitted.split_last().expect("a summary");
        assert_eq!(shown[0], finding(2000, DiagnosticSeverity::ERROR));
        let order: Vec<(u8, u32)> = shown
            .iter()
            .map(|d| (rank(d.severity), d.range.start.line))
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] < w[1]),
            "by severity, then position: {order:?}"
        );
        assert!(shown.len() > 10, "the room is used: {}", shown.len());
        let left_out = items.len() - shown.len();
        assert!(summary
            .message
            .starts_with(&format!("另有 {left_out} 个问题未显示")));
        assert_eq!(summary.code, None);
        let worst_left_out = if shown.len() >= 51 {
            DiagnosticSeverity::INFORMATION
        } else {
            DiagnosticSeverity::WARNING
        };
        assert_eq!(summary.severity, Some(worst_left_out));
    }

    #[test]
    fn no_room_even_for_the_summary_gives_an_empty_list() {
        let items = vec![finding(1, DiagnosticSeverity::ERROR)];
        assert_eq!(fit(items, 10), Vec::new());
    }

    #[test]
    fn the_envelope_is_left_room_for() {
        let uri: Uri = "file:///tmp/%E5%B9%B4%E6%8A%A5.txt".parse().unwrap();
        let items = vec![finding(1, DiagnosticSeverity::ERROR); 40];
        let max_frame = 3000;
        let fitted = fit(items, push_room(max_frame, &uri));
        let message = json!({
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": {"uri": uri, "diagnostics": fitted, "version": i32::MAX},
        });
        assert!(serialized_len(&message) <= max_frame);
        assert!(fitted.len() > 1);
    }
}
