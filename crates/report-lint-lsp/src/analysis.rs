//! One version of a document, parsed and linted. Computed on the blocking
//! pool, shared (`Arc`) by every request about that version.

use crate::config;
use crate::convert::{self, Encoding};
use crate::documents::Snapshot;
use crate::stats::Held;
use report_lint_core::{parse, Report, SourceFile, Span};
use report_lint_rules::Diagnostic;
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range, Uri};

pub(crate) struct Analysis {
    pub uri: Uri,
    pub version: i32,
    pub encoding: Encoding,
    /// Whether findings can be silenced with an HTML comment.
    pub allows_comments: bool,
    pub report: Report,
    /// Empty unless the document is an annual report.
    pub diagnostics: Vec<Diagnostic>,
    /// The document's text, for positions.
    text: Rope,
    /// The byte-order mark is in the editor's text but not in the report's
    /// (see `SourceFile::bom`): report offsets are shifted by this much.
    bom_len: usize,
    /// Counted among the analyses alive until dropped.
    _alive: Held,
}

impl Analysis {
    pub(crate) fn compute(snapshot: Snapshot, encoding: Encoding, alive: Held) -> Analysis {
        let allows_comments = snapshot.allows_comments();
        let Snapshot {
            uri, version, text, ..
        } = snapshot;
        let source = SourceFile::new(source_name(&uri), text.to_string());
        let bom_len = if source.bom { '\u{feff}'.len_utf8() } else { 0 };
        let report = parse(source);
        // Only reports are linted: any other Markdown or text file open in
        // the editor gets no findings at all.
        let diagnostics = if report.is_annual_report() {
            config::linter_for(&uri)
                .map(|linter| linter.lint(&report))
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Analysis {
            uri,
            version,
            encoding,
            allows_comments,
            report,
            diagnostics,
            text,
            bom_len,
            _alive: alive,
        }
    }

    pub(crate) fn is_report(&self) -> bool {
        self.report.is_annual_report()
    }

    /// The editor position of a report offset.
    pub(crate) fn position(&self, offset: usize) -> Position {
        convert::position(
            &self.text,
            offset.saturating_add(self.bom_len),
            self.encoding,
        )
    }

    pub(crate) fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The report offset of an editor position (clamped).
    pub(crate) fn offset(&self, position: Position) -> usize {
        convert::offset(&self.text, position, self.encoding).saturating_sub(self.bom_len)
    }

    /// The report offset where the line containing `offset` starts.
    pub(crate) fn line_start(&self, offset: usize) -> usize {
        let at = offset
            .saturating_add(self.bom_len)
            .min(self.text.len_bytes());
        let start = self.text.line_to_byte(self.text.byte_to_line(at));
        start.saturating_sub(self.bom_len)
    }
}

/// The name rules and messages see: the file path when there is one.
fn source_name(uri: &Uri) -> String {
    match uri.scheme().as_str() {
        "file" => uri
            .to_file_path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| uri.to_string()),
        _ => uri.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse(text: &str) -> Analysis {
        let snapshot = Snapshot {
            uri: "file:///tmp/r.txt".parse().unwrap(),
            version: 1,
            generation: 0,
            text: Rope::from_str(text),
            language_id: "plaintext".into(),
        };
        let alive = crate::stats::Counter::default().hold();
        Analysis::compute(snapshot, Encoding::Utf16, alive)
    }

    #[test]
    fn positions_account_for_the_byte_order_mark() {
        let a = analyse("\u{feff}一、总体情况\n二");
        let at = a.report.source.text.find("总").unwrap();
        assert_eq!(a.position(at), Position::new(0, 3));
        assert_eq!(a.offset(Position::new(0, 3)), at);
        assert_eq!(a.offset(Position::new(0, 0)), 0);
        assert_eq!(a.line_start(at), 0);
        assert_eq!(
            a.line_start(a.report.source.text.find('二').unwrap()),
            a.report.source.text.find('二').unwrap()
        );
    }

    #[test]
    fn other_documents_are_not_linted() {
        let a = analyse("# 会议纪要\n\n今天讨论了预算，共 3 项，占比 23.07%。\n");
        assert!(!a.is_report());
        assert!(a.diagnostics.is_empty());
    }
}
