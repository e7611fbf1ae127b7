//! The JSON output of DESIGN.md: one array of findings over all files, with
//! 1-based lines and columns counted in Unicode scalar values.

use crate::positions::{self, Range};
use report_lint_core::{Location, SourceFile};
use report_lint_rules::{Diagnostic, Edit, Fix, Label};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    path: String,
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    message: String,
    range: Range,
    labels: Vec<JsonLabel>,
    fixes: Vec<JsonFix>,
    /// For a Word document: the place in Word terms (`range` is in the
    /// text view `report-lint view` prints).
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    /// For the finding that says more of its rule are not listed: how
    /// many it stands for (absent on every other finding).
    #[serde(skip_serializing_if = "Option::is_none")]
    omitted: Option<usize>,
}

#[derive(Debug, Serialize)]
struct JsonLabel {
    range: Range,
    message: String,
}

#[derive(Debug, Serialize)]
struct JsonFix {
    title: String,
    applicability: &'static str,
    edits: Vec<JsonEdit>,
}

#[derive(Debug, Serialize)]
struct JsonEdit {
    range: Range,
    replacement: String,
}

/// Findings of one file; positions are resolved now, while its text is at hand.
pub fn convert(source: &SourceFile, diagnostics: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    let path = &source.name;
    diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            path: path.clone(),
            rule: d.code,
            name: d.name,
            severity: d.severity.as_str(),
            message: d.message.clone(),
            range: positions::range(source, d.span),
            labels: d.labels.iter().map(|l| label(source, l)).collect(),
            fixes: d.fixes.iter().map(|f| fix(source, f)).collect(),
            location: d.location.clone(),
            omitted: (d.omitted > 0).then_some(d.omitted),
        })
        .collect()
}

fn label(source: &SourceFile, l: &Label) -> JsonLabel {
    JsonLabel {
        range: positions::range(source, l.span),
        message: l.message.clone(),
    }
}

fn fix(source: &SourceFile, f: &Fix) -> JsonFix {
    JsonFix {
        title: f.title.clone(),
        applicability: f.applicability.as_str(),
        edits: f.edits.iter().map(|e| edit(source, e)).collect(),
    }
}

fn edit(source: &SourceFile, e: &Edit) -> JsonEdit {
    JsonEdit {
        range: positions::range(source, e.span),
        replacement: e.replacement.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use report_lint_core::{SourceFile, Span};
    use report_lint_rules::{Applicability, Severity};

    #[test]
    fn positions_are_one_based_chars() {
        let source = SourceFile::new("t.txt", "一、总体\r\n（六）其他 1.x");
        let start = source.text.find("1.").unwrap();
        let d = Diagnostic {
            code: "N001",
            name: "n",
            severity: Severity::Warning,
            message: "m".into(),
            span: Span::new(start, start + 2),
            labels: Vec::new(),
            fixes: vec![Fix::replace(
                "t",
                Span::new(start, start + 2),
                "2.",
                Applicability::Safe,
            )],
            location: None,
            omitted: 0,
        };
        let json = serde_json::to_value(convert(&source, &[d])).unwrap();
        assert_eq!(
            json[0]["range"]["start"],
            serde_json::json!({"line": 2, "column": 7})
        );
        assert_eq!(
            json[0]["range"]["end"],
            serde_json::json!({"line": 2, "column": 9})
        );
        assert_eq!(json[0]["fixes"][0]["applicability"], "safe");
        assert_eq!(json[0]["fixes"][0]["edits"][0]["replacement"], "2.");
    }
}
