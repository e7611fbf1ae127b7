//! Code actions: each finding's fixes, "fix all safe" for the document, and
//! silencing a finding where the format has comments.

use crate::analysis::Analysis;
use crate::config;
use crate::diagnostics::{self, DiagnosticData};
use report_lint_core::{LineEnding, Span};
use report_lint_rules::fix::{applicable_fix, fix_parsed, FixMode};
use report_lint_rules::{Applicability, Diagnostic, Fix};
use std::collections::HashMap;
use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Range,
    TextEdit, WorkspaceEdit,
};

/// Our fix-all kind: under `source.fixAll`, so editors' "fix all on save"
/// settings pick it up.
pub(crate) const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.report-lint");

pub(crate) fn code_actions(
    analysis: &Analysis,
    params: &CodeActionParams,
) -> Vec<CodeActionOrCommand> {
    if !analysis.is_report() {
        return Vec::new();
    }
    let only = params.context.only.as_deref();
    let mut actions = Vec::new();
    if wants(only, &CodeActionKind::QUICKFIX) {
        let start = analysis.offset(params.range.start);
        let end = analysis.offset(params.range.end);
        // Diagnostics the client sent back identify their finding exactly;
        // the requested range catches the rest (clients that drop `data`).
        let pinned: Vec<DiagnosticData> = params
            .context
            .diagnostics
            .iter()
            .filter_map(DiagnosticData::of)
            .filter(|data| data.version == analysis.version)
            .collect();
        for d in &analysis.diagnostics {
            let touched = d.span.start <= end.max(start) && start.min(end) <= d.span.end;
            let is_pinned = pinned.iter().any(|p| p.span() == d.span);
            if touched || is_pinned {
                actions.extend(quick_fixes(analysis, d).map(CodeActionOrCommand::CodeAction));
            }
        }
    }
    if wants(only, &FIX_ALL) {
        actions.extend(fix_all(analysis).map(CodeActionOrCommand::CodeAction));
    }
    actions
}

/// Whether the client's `only` filter admits `kind` (a requested kind
/// covers its sub-kinds: `source.fixAll` covers `source.fixAll.report-lint`).
fn wants(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|asked| {
        let (asked, kind) = (asked.as_str(), kind.as_str());
        kind == asked
            || kind
                .strip_prefix(asked)
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

fn quick_fixes<'a>(
    analysis: &'a Analysis,
    d: &'a Diagnostic,
) -> impl Iterator<Item = CodeAction> + 'a {
    let lsp_diagnostic = diagnostics::one(analysis, d);
    let mut fixes: Vec<&Fix> = d
        .fixes
        .iter()
        .filter(|f| f.applicability != Applicability::DisplayOnly)
        .collect();
    fixes.sort_by_key(|f| std::cmp::Reverse(f.applicability));
    let fix_actions: Vec<CodeAction> = fixes
        .into_iter()
        .map(|fix| {
            let safe = fix.applicability == Applicability::Safe;
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit::new(analysis.range(e.span), e.replacement.clone()))
                .collect();
            CodeAction {
                title: if safe {
                    fix.title.clone()
                } else {
                    format!("{}（请人工确认）", fix.title)
                },
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diagnostic.clone()]),
                edit: Some(workspace_edit(analysis, edits)),
                is_preferred: Some(safe),
                ..CodeAction::default()
            }
        })
        .collect();
    let disable = analysis
        .allows_comments
        .then(|| disable_next_line(analysis, d, lsp_diagnostic));
    fix_actions.into_iter().chain(disable)
}

/// Inserts `<!-- report-lint-disable-next-line CODE -->` above the finding's
/// line, with the line's indentation and the file's line ending.
fn disable_next_line(
    analysis: &Analysis,
    d: &Diagnostic,
    lsp_diagnostic: lsp::Diagnostic,
) -> CodeAction {
    let source = &analysis.report.source;
    let line_start = analysis.line_start(d.span.start);
    let indent: String = source.text[line_start..]
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .collect();
    let eol = match source.line_ending() {
        LineEnding::CrLf => "\r\n",
        LineEnding::Lf => "\n",
    };
    let at = analysis.position(line_start);
    let comment = format!(
        "{indent}<!-- report-lint-disable-next-line {} -->{eol}",
        d.code
    );
    CodeAction {
        title: format!("在本行禁用 {}（{}）", d.code, d.name),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![lsp_diagnostic]),
        edit: Some(workspace_edit(
            analysis,
            vec![TextEdit::new(Range::new(at, at), comment)],
        )),
        is_preferred: Some(false),
        ..CodeAction::default()
    }
}

/// Every safe fix, chosen and applied by the same selector as
/// `report-lint fix` (re-linting until nothing changes), as one edit.
fn fix_all(analysis: &Analysis) -> Option<CodeAction> {
    // Cheap gate: most requests come while the cursor moves.
    if !analysis
        .diagnostics
        .iter()
        .any(|d| applicable_fix(d, FixMode::SafeOnly).is_some())
    {
        return None;
    }
    let linter = config::linter_for(&analysis.uri)?;
    let fixed = fix_parsed(&linter, &analysis.report, FixMode::SafeOnly);
    let (span, replacement) = minimal_edit(&analysis.report.source.text, &fixed.text)?;
    Some(CodeAction {
        title: format!("修复全部可安全修复的问题（{} 处）", fixed.applied),
        kind: Some(FIX_ALL),
        edit: Some(workspace_edit(
            analysis,
            vec![TextEdit::new(analysis.range(span), replacement)],
        )),
        ..CodeAction::default()
    })
}

fn workspace_edit(analysis: &Analysis, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(analysis.uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The single replacement turning `old` into `new`: only the differing
/// middle, so the editor keeps the cursor, folds and undo history elsewhere.
fn minimal_edit(old: &str, new: &str) -> Option<(Span, String)> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) {
        prefix -= 1;
    }
    let room = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    Some((
        Span::new(prefix, old.len() - suffix),
        new[prefix..new.len() - suffix].to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &str, (span, replacement): &(Span, String)) -> String {
        format!("{}{}{}", &old[..span.start], replacement, &old[span.end..])
    }

    #[test]
    fn minimal_edits_reproduce_the_new_text() {
        let cases = [
            ("1.其他\n1.其他", "1.其他\n2.其他"),
            ("中", "丫"),
            ("abc", "abXbc"),
            ("aaaa", "aa"),
            ("", "新"),
            ("旧", ""),
        ];
        for (old, new) in cases {
            let edit = minimal_edit(old, new).expect("texts differ");
            assert_eq!(apply(old, &edit), new, "{old:?} → {new:?}");
        }
        assert_eq!(
            minimal_edit("1.其他\n1.其他", "1.其他\n2.其他"),
            Some((Span::new(9, 10), "2".into()))
        );
        assert_eq!(minimal_edit("同", "同"), None);
    }

    #[test]
    fn only_filters_by_kind_prefix() {
        let fix_all = [CodeActionKind::SOURCE_FIX_ALL];
        assert!(wants(Some(&fix_all), &FIX_ALL));
        assert!(!wants(Some(&fix_all), &CodeActionKind::QUICKFIX));
        assert!(wants(Some(&[CodeActionKind::SOURCE]), &FIX_ALL));
        assert!(!wants(Some(&[CodeActionKind::new("source.fix")]), &FIX_ALL));
        assert!(wants(None, &CodeActionKind::QUICKFIX));
    }
}
