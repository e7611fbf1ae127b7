//! SARIF 2.1.0, the format code-scanning services read (GitHub code
//! scanning, Azure DevOps, IDE viewers): one run whose driver lists every
//! linked rule with its documentation, one result per finding.
//!
//! Columns count Unicode scalar values, said once on the run with
//! `columnKind`; `endColumn` is the column after the last character, as
//! SARIF defines it (the same numbers as `--format json`).

use crate::positions;
use report_lint_core::SourceFile;
use report_lint_core::Span;
use report_lint_rules::{Applicability, Diagnostic, RuleMeta, Severity};
use serde_json::{json, Map, Value};
use std::path::Path;

pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base that relative artifact URIs are resolved against.
pub const SRCROOT: &str = "%SRCROOT%";

/// `tool.driver`: the tool and every linked rule, built-ins and packs.
pub fn driver(rules: &[&RuleMeta]) -> Value {
    json!({
        "name": "report-lint",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules.iter().map(|m| rule(m)).collect::<Vec<_>>(),
    })
}

fn rule(meta: &RuleMeta) -> Value {
    let docs = meta.documentation();
    json!({
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": docs, "markdown": docs},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": level(meta.severity)},
        "properties": {"tags": [meta.family], "pack": meta.pack},
    })
}

/// `originalUriBaseIds`: where `%SRCROOT%` is (the folder the run started in).
pub fn uri_base_ids() -> Value {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut uri = file_uri(&cwd);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    json!({ SRCROOT: {"uri": uri} })
}

pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The results of one file. `rule_index` finds a code's place in the driver's rules.
pub fn results(
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    rule_index: &dyn Fn(&str) -> Option<usize>,
) -> Vec<Value> {
    let artifact = artifact_location(&source.name);
    diagnostics
        .iter()
        .map(|d| {
            let mut result = Map::new();
            result.insert("ruleId".into(), d.code.into());
            if let Some(index) = rule_index(d.code) {
                result.insert("ruleIndex".into(), index.into());
            }
            result.insert("level".into(), level(d.severity).into());
            result.insert("message".into(), json!({"text": d.message}));
            if d.omitted > 0 {
                // The finding that stands for those of its rule not listed.
                result.insert("properties".into(), json!({"omitted": d.omitted}));
            }
            let mut location = json!({"physicalLocation": {
                "artifactLocation": artifact,
                "region": region(source, d.span),
            }});
            if let Some(place) = &d.location {
                // A Word document's lines are those of its text view; the
                // place a person looks for is the logical location.
                location["logicalLocations"] = json!([{
                    "name": place.text,
                    "fullyQualifiedName": place.describe(),
                    "kind": "element",
                }]);
                location["properties"] = json!({"location": place});
            }
            result.insert("locations".into(), json!([location]));
            if !d.labels.is_empty() {
                let related: Vec<Value> = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(id, l)| {
                        json!({
                            "id": id,
                            "physicalLocation": {
                                "artifactLocation": artifact,
                                "region": region(source, l.span),
                            },
                            "message": {"text": l.message},
                        })
                    })
                    .collect();
                result.insert("relatedLocations".into(), related.into());
            }
            let fixes: Vec<Value> = d
                .fixes
                .iter()
                .filter(|f| f.applicability != Applicability::DisplayOnly)
                .map(|f| {
                    let replacements: Vec<Value> = f
                        .edits
                        .iter()
                        .map(|e| {
                            json!({
                                "deletedRegion": region(source, e.span),
                                "insertedContent": {"text": e.replacement},
                            })
                        })
                        .collect();
                    json!({
                        "description": {"text": f.title},
                        "artifactChanges": [{
                            "artifactLocation": artifact,
                            "replacements": replacements,
                        }],
                        "properties": {"applicability": f.applicability.as_str()},
                    })
                })
                .collect();
            // SARIF fixes are byte edits of the artifact; a Word file's are
            // made by `report-lint fix`, not by a SARIF consumer.
            if !fixes.is_empty() && source.document.is_none() {
                result.insert("fixes".into(), fixes.into());
            }
            Value::Object(result)
        })
        .collect()
}

fn region(source: &SourceFile, span: Span) -> Value {
    let range = positions::range(source, span);
    json!({
        "startLine": range.start.line,
        "startColumn": range.start.column,
        "endLine": range.end.line,
        "endColumn": range.end.column,
    })
}

/// A relative path becomes a relative URI against `%SRCROOT%`; an absolute
/// one a `file:` URI.
pub fn artifact_location(path: &str) -> Value {
    let p = Path::new(path);
    if p.is_absolute() {
        json!({"uri": file_uri(p)})
    } else {
        json!({"uri": encode_path(path), "uriBaseId": SRCROOT})
    }
}

fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = if text.starts_with('/') {
        text
    } else {
        format!("/{text}")
    };
    format!("file://{}", encode_path(&text))
}

/// Percent-encodes everything but RFC 3986 unreserved characters and `/`
/// (Chinese file names become `%E5%B9%B4…`, as a URI requires).
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            artifact_location("年报/a b.txt"),
            json!({"uri": "%E5%B9%B4%E6%8A%A5/a%20b.txt", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_location("/tmp/r.txt"),
            json!({"uri": "file:///tmp/r.txt"})
        );
    }
}
