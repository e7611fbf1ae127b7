//! The one fix selector shared by `report-lint fix`, the editor's code
//! actions and "fix all": it decides which fixes apply and applies them.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::engine::Linter;
use report_lint_core::{parse, Report, SourceFile};

/// Which fixes may be applied without a person looking at each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    SafeOnly,
    IncludeUnsafe,
}

impl FixMode {
    pub fn allows(self, applicability: Applicability) -> bool {
        match self {
            FixMode::SafeOnly => applicability == Applicability::Safe,
            FixMode::IncludeUnsafe => applicability >= Applicability::Unsafe,
        }
    }
}

/// The fix of `diagnostic` that `mode` allows, safest first.
pub fn applicable_fix(diagnostic: &Diagnostic, mode: FixMode) -> Option<&Fix> {
    diagnostic
        .fixes
        .iter()
        .filter(|f| mode.allows(f.applicability))
        .max_by_key(|f| f.applicability)
}

/// Edits of the applicable fixes, in source order, skipping any fix that
/// overlaps one already chosen (it is retried on the next pass).
pub fn select_edits(diagnostics: &[Diagnostic], mode: FixMode) -> Vec<Edit> {
    let mut chosen: Vec<Edit> = Vec::new();
    for fix in diagnostics.iter().filter_map(|d| applicable_fix(d, mode)) {
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.span.start < c.span.end && c.span.start < e.span.end
                    || (e.span.is_empty() || c.span.is_empty()) && e.span.start == c.span.start
            })
        });
        if !overlaps {
            chosen.extend(fix.edits.iter().cloned());
        }
    }
    chosen.sort_by_key(|e| (e.span.start, e.span.end));
    chosen
}

/// Applies non-overlapping edits sorted by position.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for edit in edits {
        if edit.span.start < pos || edit.span.end > text.len() {
            continue;
        }
        out.push_str(&text[pos..edit.span.start]);
        out.push_str(&edit.replacement);
        pos = edit.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// The result of fixing one report.
#[derive(Debug)]
pub struct Fixed {
    /// The new text (without BOM; see [`SourceFile::bom`]).
    pub text: String,
    /// How many edits were applied over all passes.
    pub applied: usize,
    /// What is left after fixing.
    pub remaining: Vec<Diagnostic>,
    /// A pass whose edits would have changed the parsed structure was refused.
    pub refused: bool,
}

/// How many lint–fix passes at most: fixes that enable other fixes converge
/// in two or three; a pair that undoes each other must not loop forever.
const MAX_PASSES: usize = 8;

/// Applies fixes until nothing changes. A pass whose result parses to a
/// different structure (sections, table rows, cell values) is refused: a
/// fix may correct a number or a label, never move a table.
pub fn fix_report(linter: &Linter, source: SourceFile, mode: FixMode) -> Fixed {
    fix_parsed(linter, &parse(source), mode)
}

/// [`fix_report`] of a report already parsed (the CLI and the editor have
/// one), so that it is not parsed again.
pub fn fix_parsed(linter: &Linter, report: &Report, mode: FixMode) -> Fixed {
    let name = &report.source.name;
    let passes = fix_with(linter, report, mode, |_: Option<&()>, current, edits| {
        let text = apply_edits(&current.source.text, edits);
        (text != current.source.text)
            .then(|| ((), parse(SourceFile::new(name.clone(), text)), edits.len()))
    });
    Fixed {
        text: passes
            .fixed
            .as_ref()
            .map_or(&report.source.text, |(_, r)| &r.source.text)
            .clone(),
        applied: passes.applied,
        remaining: passes.remaining,
        refused: passes.refused,
    }
}

/// What fixing a document of any form gave: the document and report after
/// the last pass kept (`None` when none was), and as [`Fixed`].
#[derive(Debug)]
pub struct FixedWith<D> {
    pub fixed: Option<(D, Report)>,
    pub applied: usize,
    pub remaining: Vec<Diagnostic>,
    pub refused: bool,
}

/// The fix passes of [`fix_parsed`] for a document kept in another form
/// (a Word file): `apply` writes a pass's edits into the document as it is
/// (`None`: the one `report` was read from) and returns the new document,
/// its report and how many edits it took, or `None` when nothing changed.
pub fn fix_with<D>(
    linter: &Linter,
    report: &Report,
    mode: FixMode,
    mut apply: impl FnMut(Option<&D>, &Report, &[Edit]) -> Option<(D, Report, usize)>,
) -> FixedWith<D> {
    let mut diagnostics = linter.lint(report);
    let mut fixed: Option<(D, Report)> = None;
    let mut applied = 0;
    let mut refused = false;
    for _ in 0..MAX_PASSES {
        let (document, current) = match &fixed {
            Some((d, r)) => (Some(d), r),
            None => (None, report),
        };
        let edits = select_edits(&diagnostics, mode);
        if edits.is_empty() {
            break;
        }
        let Some((next_document, next, taken)) = apply(document, current, &edits) else {
            break;
        };
        if taken == 0 {
            break;
        }
        if structure(&next) != structure(current) {
            refused = true;
            break;
        }
        applied += taken;
        diagnostics = linter.lint(&next);
        fixed = Some((next_document, next));
    }
    FixedWith {
        fixed,
        applied,
        remaining: diagnostics,
        refused,
    }
}

/// What a fix must not change: which sections exist, which table rows were
/// read, and every count. Labels and prose may change.
fn structure(report: &Report) -> Vec<String> {
    let mut out: Vec<String> = report
        .sections
        .iter()
        .map(|s| format!("{:?}", s.kind))
        .collect();
    if let Some(t) = &report.tables.requests {
        for row in &t.rows {
            let values: Vec<String> = row.cells.iter().map(|c| format!("{:?}", c.value)).collect();
            out.push(format!("{:?}:{}", row.key, values.join(",")));
        }
    }
    if let Some(t) = &report.tables.review {
        out.push(format!(
            "{:?}",
            t.cells.iter().map(|c| &c.value).collect::<Vec<_>>()
        ));
    }
    if let Some(t) = &report.tables.proactive {
        for block in &t.blocks {
            for row in &block.rows {
                out.push(format!(
                    "{:?}",
                    row.cells.iter().map(|c| &c.value).collect::<Vec<_>>()
                ));
            }
        }
    }
    out
}
