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
    edits_of(&select_fixes(diagnostics, mode, |_, _| true))
}

/// The applicable fixes `keep` accepts, none overlapping another: safe
/// fixes first, so that an unsafe one never takes the place of a safe one
/// (`--unsafe-fixes` applies everything plain `fix` does), then in the
/// order of their findings.
fn select_fixes(
    diagnostics: &[Diagnostic],
    mode: FixMode,
    mut keep: impl FnMut(&Diagnostic, &Fix) -> bool,
) -> Vec<(&Diagnostic, &Fix)> {
    let candidates: Vec<(&Diagnostic, &Fix)> = diagnostics
        .iter()
        .filter_map(|d| applicable_fix(d, mode).map(|f| (d, f)))
        .filter(|(d, f)| keep(d, f))
        .collect();
    let mut chosen: Vec<(&Diagnostic, &Fix)> = Vec::new();
    for safe in [true, false] {
        for &(d, fix) in &candidates {
            if (fix.applicability == Applicability::Safe) != safe {
                continue;
            }
            let overlaps = fix.edits.iter().any(|e| {
                chosen.iter().flat_map(|(_, c)| &c.edits).any(|c| {
                    e.span.start < c.span.end && c.span.start < e.span.end
                        || (e.span.is_empty() || c.span.is_empty()) && e.span.start == c.span.start
                })
            });
            if !overlaps {
                chosen.push((d, fix));
            }
        }
    }
    chosen
}

/// The edits of `fixes`, sorted by position.
fn edits_of(fixes: &[(&Diagnostic, &Fix)]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = fixes
        .iter()
        .flat_map(|(_, f)| f.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits
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
    /// The fixes not applied because they would change the parsed structure.
    pub refused: Vec<Refusal>,
}

/// A fix not applied because, with the others of its pass, it would have
/// changed the parsed structure; the other fixes of the pass are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: &'static str,
    /// The fix's title (`将总计改为 50`).
    pub title: String,
    /// Where it is, for the user: `第 12 行`, or the place in a document.
    pub place: String,
    /// What it would have changed (`表三（收到和处理政府信息公开申请情况）的行或数值`).
    pub changes: &'static str,
}

/// How many lint–fix passes at most: fixes that enable other fixes converge
/// in two or three; a pair that undoes each other must not loop forever.
const MAX_PASSES: usize = 8;

/// Applies fixes until nothing changes. A fix whose result parses to a
/// different structure (sections, table rows, cell values) is refused, and
/// the others are applied: a fix may correct a label or a figure in the
/// prose, never move a table or change its figures.
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
    pub refused: Vec<Refusal>,
}

/// The fix passes of [`fix_parsed`] for a document kept in another form
/// (a Word file): `apply` writes a pass's edits into the document as it is
/// (`None`: the one `report` was read from) and returns the new document,
/// its report and how many edits it took, or `None` when nothing changed.
pub fn fix_with<D>(
    linter: &Linter,
    report: &Report,
    mode: FixMode,
    apply: impl FnMut(Option<&D>, &Report, &[Edit]) -> Option<(D, Report, usize)>,
) -> FixedWith<D> {
    fix_chosen(linter, report, mode, |_, _, _| true, apply)
}

/// [`fix_with`] applying only the fixes that `choose` accepts, given the
/// report of the pass (`report` itself in the first), the finding and
/// its fix: the web page, where each unsafe fix is ticked on its own.
pub fn fix_chosen<D>(
    linter: &Linter,
    report: &Report,
    mode: FixMode,
    mut choose: impl FnMut(&Report, &Diagnostic, &Fix) -> bool,
    mut apply: impl FnMut(Option<&D>, &Report, &[Edit]) -> Option<(D, Report, usize)>,
) -> FixedWith<D> {
    let mut diagnostics = linter.lint(report);
    let mut fixed: Option<(D, Report)> = None;
    let mut applied = 0;
    let mut refused = Vec::new();
    // Refused fixes by what they do, so that the next passes (where spans
    // have moved) do not try them again.
    let mut refused_keys: Vec<FixKey> = Vec::new();
    for _ in 0..MAX_PASSES {
        let (document, current) = match &fixed {
            Some((d, r)) => (Some(d), r),
            None => (None, report),
        };
        let fixes = select_fixes(&diagnostics, mode, |d, f| {
            choose(current, d, f)
                && (refused_keys.is_empty() || !refused_keys.contains(&FixKey::of(current, d, f)))
        });
        if fixes.is_empty() {
            break;
        }
        let Some((mut next_document, mut next, mut taken)) =
            apply(document, current, &edits_of(&fixes))
        else {
            break;
        };
        if taken == 0 {
            break;
        }
        let before = structure(current);
        if changed_part(&before, &structure(&next)).is_some() {
            // Some fix of the pass changes the structure: the fixes are
            // added one at a time (safe ones first), and each that changes
            // it, alone or with those kept, is refused. Rare, so the parses
            // this takes do not matter.
            let mut kept: Vec<(&Diagnostic, &Fix)> = Vec::new();
            let mut last = None;
            for &fix in &fixes {
                let mut trial = kept.clone();
                trial.push(fix);
                let Some((d, r, n)) = apply(document, current, &edits_of(&trial)) else {
                    continue;
                };
                match changed_part(&before, &structure(&r)) {
                    Some(part) => {
                        refused_keys.push(FixKey::of(current, fix.0, fix.1));
                        refused.push(Refusal {
                            code: fix.0.code,
                            title: fix.1.title.clone(),
                            place: place(current, fix.0),
                            changes: part.describe(),
                        });
                    }
                    None if n > 0 => {
                        kept = trial;
                        last = Some((d, r, n));
                    }
                    None => {}
                }
            }
            let Some(last) = last else {
                // Every fix of the pass was refused: the next pass selects
                // the others, if any were left out for overlapping.
                continue;
            };
            (next_document, next, taken) = last;
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

/// A fix as it reads in its text: its rule, title, and each edit's old and
/// new text; the same after other edits moved it. Two fixes alike in all
/// this are refused together, which errs on the side of writing less.
#[derive(PartialEq, Eq)]
struct FixKey {
    code: &'static str,
    title: String,
    edits: Vec<(String, String)>,
}

impl FixKey {
    fn of(report: &Report, diagnostic: &Diagnostic, fix: &Fix) -> FixKey {
        let text = &report.source.text;
        FixKey {
            code: diagnostic.code,
            title: fix.title.clone(),
            edits: fix
                .edits
                .iter()
                .map(|e| {
                    let old = text.get(e.span.start..e.span.end).unwrap_or("");
                    (old.to_string(), e.replacement.clone())
                })
                .collect(),
        }
    }
}

/// Where a finding is, for the user: its place in a document, or its line.
fn place(report: &Report, diagnostic: &Diagnostic) -> String {
    match &diagnostic.location {
        Some(location) => location.describe(),
        None => format!(
            "第 {} 行",
            report.source.line_index(diagnostic.span.start) + 1
        ),
    }
}

/// The parts of a report's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sections,
    Proactive,
    Requests,
    Review,
}

impl Part {
    fn describe(self) -> &'static str {
        match self {
            Part::Sections => "报告的章节",
            Part::Proactive => "表二（主动公开政府信息情况）的行或数值",
            Part::Requests => "表三（收到和处理政府信息公开申请情况）的行或数值",
            Part::Review => "表四（政府信息公开行政复议、行政诉讼情况）的数值",
        }
    }
}

/// The part where two structures first differ, if they do.
fn changed_part(before: &[(Part, String)], after: &[(Part, String)]) -> Option<Part> {
    match before.iter().zip(after).find(|(b, a)| b != a) {
        Some((b, _)) => Some(b.0),
        None if before.len() != after.len() => {
            let n = before.len().min(after.len());
            Some(before.get(n).or(after.get(n))?.0)
        }
        None => None,
    }
}

/// What a fix must not change: which sections exist, which table rows were
/// read, and every count. Labels and prose may change.
fn structure(report: &Report) -> Vec<(Part, String)> {
    let mut out: Vec<(Part, String)> = report
        .sections
        .iter()
        .map(|s| (Part::Sections, format!("{:?}", s.kind)))
        .collect();
    if let Some(t) = &report.tables.requests {
        for row in &t.rows {
            let values: Vec<String> = row.cells.iter().map(|c| format!("{:?}", c.value)).collect();
            out.push((
                Part::Requests,
                format!("{:?}:{}", row.key, values.join(",")),
            ));
        }
    }
    if let Some(t) = &report.tables.review {
        out.push((
            Part::Review,
            format!("{:?}", t.cells.iter().map(|c| &c.value).collect::<Vec<_>>()),
        ));
    }
    if let Some(t) = &report.tables.proactive {
        for block in &t.blocks {
            for row in &block.rows {
                out.push((
                    Part::Proactive,
                    format!(
                        "{:?}",
                        row.cells.iter().map(|c| &c.value).collect::<Vec<_>>()
                    ),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::table3_report;
    use crate::Config;

    fn linter(codes: &[&str]) -> Linter {
        Linter::new(Config {
            select: Some(codes.iter().map(|c| c.to_string()).collect()),
            ..Config::default()
        })
        .expect("unique codes")
    }

    crate::declare_rule! {
        /// A rule of this test only: on a report marked 【改表】, an unsafe fix
        /// that writes 99 into the total of （一）予以公开 — a fix that would
        /// change a figure of table 三, which no built-in fix does.
        pub struct EditsATableFigure {
            code: "Z901",
            name: "test-edits-a-table-figure",
            family: "test",
            summary: "测试用：改动表三数字的修复",
            severity: Warning,
            fix: Always,
        }
    }

    impl crate::Check for EditsATableFigure {
        fn check(&self, report: &Report, _: &crate::RuleContext) -> Vec<Diagnostic> {
            let Some(table) = report
                .tables
                .requests
                .as_ref()
                .filter(|_| report.source.text.contains("【改表】"))
            else {
                return Vec::new();
            };
            let row = table
                .rows
                .iter()
                .find(|r| r.key == report_lint_core::template::RequestRow::Granted);
            let Some(total) = row.and_then(|r| r.total()) else {
                return Vec::new();
            };
            vec![
                Diagnostic::new(&Self::META, total.span, "测试".to_string()).with_fix(
                    Fix::replace(
                        "将总计改为 99",
                        total.span,
                        "99",
                        crate::Applicability::Unsafe,
                    ),
                ),
            ]
        }
    }

    /// Issue 15, 7: one unsafe fix that changes a figure of table 三 made
    /// `--unsafe-fixes` refuse its whole pass, the safe fixes with it.
    #[test]
    fn only_the_fix_that_changes_the_structure_is_refused() {
        // A misspelled heading (S004, safe) and a fix that would change a
        // figure of table 三 (the test rule, unsafe).
        let text = table3_report(&[("（一）予以公开", [3, 1, 0, 0, 0, 0, 4])])
            .replace(
                "三、收到和处理政府信息公开申请情况",
                "三、收到和处理政府信息公开申请况",
            )
            .replace(
                "2023年，我局认真落实《条例》。",
                "2023年，我局认真落实《条例》。【改表】",
            );
        let linter = linter(&["S004", "Z901"]);
        let source = || SourceFile::new("r.txt", text.clone());

        let safe = fix_report(&linter, source(), FixMode::SafeOnly);
        assert_eq!(safe.applied, 1);
        assert!(safe.refused.is_empty());

        let all = fix_report(&linter, source(), FixMode::IncludeUnsafe);
        assert_eq!(all.text, safe.text, "the safe fix, and nothing else");
        assert_eq!(all.applied, 1);
        assert_eq!(all.refused.len(), 1, "{:?}", all.refused);
        let refusal = &all.refused[0];
        assert_eq!(refusal.code, "Z901");
        assert_eq!(refusal.title, "将总计改为 99");
        assert!(refusal.changes.starts_with("表三"), "{refusal:?}");
        let line = text
            .lines()
            .position(|l| l.contains("（一）予以公开"))
            .unwrap()
            + 1;
        assert_eq!(refusal.place, format!("第 {line} 行"));
        assert!(all.remaining.iter().any(|d| d.code == "Z901"));
    }
}
