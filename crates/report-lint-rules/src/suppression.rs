//! Suppression comments in Markdown and HTML reports:
//! `<!-- report-lint-disable B001 -->` … `<!-- report-lint-enable B001 -->`
//! `<!-- report-lint-disable-next-line B001 -->`, and at the end of the line
//! it applies to `<!-- report-lint-disable-line B001 -->`. Without codes a comment
//! applies to every rule. A comment that suppresses nothing is reported
//! (X002), so stale suppressions do not pile up.
//!
//! Cross-year findings (Y001, Y002) are computed outside [`Linter::lint`]
//! (they need last year's report): [`apply_cross_year`] removes the
//! suppressed ones. Whether a comment naming only cross-year rules is used
//! depends on last year's report, which linting one report does not see,
//! so such a comment is never reported as unused.
//!
//! [`Linter::lint`]: crate::Linter::lint

use crate::diagnostic::Diagnostic;
use crate::{declare_rule, Check, RuleContext};
use regex::Regex;
use report_lint_core::{Report, Span};
use std::sync::LazyLock;

declare_rule! {
    /// ## 检查内容
    /// 没有抑制任何问题、或写了不存在的规则代码的禁用注释
    /// （`<!-- report-lint-disable … -->`、`<!-- report-lint-disable-next-line … -->`）。
    ///
    /// ## 原因
    /// 问题改正后遗留下来的禁用注释，会悄无声息地掩盖该行今后出现的真实问题。
    ///
    /// ## 示例
    /// 在总计正确的一行上方写了 `<!-- report-lint-disable-next-line B001 -->`。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct UnusedSuppression {
        code: "X002",
        name: "unused-suppression",
        family: "internal",
        summary: "禁用注释没有抑制任何问题，或写了不存在的规则代码",
        severity: Warning,
        fix: None,
    }
}

impl Check for UnusedSuppression {
    fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        Vec::new() // reported by `apply`, which sees what the other rules found
    }
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*report-lint-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->")
        .expect("valid regex")
});

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Kind {
    NextLine,
    /// At the end of the line it applies to (a table row: a comment line
    /// between rows would stand inside the table).
    ThisLine,
    Disable,
    Enable,
}

#[derive(Debug)]
struct Directive {
    kind: Kind,
    span: Span,
    /// Empty means every rule.
    codes: Vec<String>,
}

/// Whether the file's format has comments that the reader does not see.
pub fn allows_comments(report: &Report) -> bool {
    let name = report.source.name.to_ascii_lowercase();
    [".md", ".markdown", ".html", ".htm"]
        .iter()
        .any(|ext| name.ends_with(ext))
        || report_lint_core::looks_like_html(&report.source.name, &report.source.text)
}

fn directives(report: &Report) -> Vec<Directive> {
    DIRECTIVE
        .captures_iter(&report.source.text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let kind = match &c[1] {
                "disable-next-line" => Kind::NextLine,
                "disable-line" => Kind::ThisLine,
                "disable" => Kind::Disable,
                _ => Kind::Enable,
            };
            let codes = c[2]
                .split([',', ' ', '\t'])
                .filter(|s| !s.is_empty())
                .map(|s| s.to_ascii_uppercase())
                .collect();
            Some(Directive {
                kind,
                span: Span::new(whole.start(), whole.end()),
                codes,
            })
        })
        .collect()
}

/// The byte range a directive covers.
fn reach(report: &Report, all: &[Directive], index: usize) -> Span {
    let d = &all[index];
    let text = &report.source.text;
    match d.kind {
        Kind::NextLine => {
            // The first line after the comment that has anything on it.
            let mut line = report.source.line_index(d.span.end) + 1;
            while line < report.source.line_count()
                && report
                    .source
                    .slice(report.source.line_span(line))
                    .trim()
                    .is_empty()
            {
                line += 1;
            }
            report.source.line_span(line)
        }
        Kind::ThisLine => report.source.line_span(report.source.line_index(d.span.start)),
        Kind::Disable => {
            let end = all[index + 1..]
                .iter()
                .find(|e| {
                    e.kind == Kind::Enable
                        && (e.codes.is_empty() || e.codes.iter().any(|c| d.codes.contains(c)))
                })
                .map_or(text.len(), |e| e.span.start);
            Span::new(d.span.end, end)
        }
        Kind::Enable => Span::new(d.span.start, d.span.start),
    }
}

/// Whether `code` is one of the rules that compare two years' reports.
fn is_cross_year(code: &str) -> bool {
    code == crate::cross_year::CarryOverMismatch::META.code
        || code == crate::cross_year::CopiedSection::META.code
}

fn names_only_cross_year(d: &Directive) -> bool {
    !d.codes.is_empty() && d.codes.iter().all(|c| is_cross_year(c))
}

/// Removes the cross-year findings on `report` that its suppression
/// comments cover.
pub fn apply_cross_year(report: &Report, diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.is_empty() || !allows_comments(report) {
        return;
    }
    let all = directives(report);
    diagnostics.retain(|diag| suppressor(report, &all, diag).is_none());
}

/// The index of every directive that covers `diag`.
fn suppressors<'a>(
    report: &'a Report,
    all: &'a [Directive],
    diag: &'a Diagnostic,
) -> impl Iterator<Item = usize> + 'a {
    all.iter().enumerate().filter_map(move |(i, d)| {
        if d.kind == Kind::Enable {
            return None;
        }
        let covers = reach(report, all, i);
        let code_matches = d.codes.is_empty() || d.codes.iter().any(|c| c == diag.code);
        (code_matches
            && covers.start <= diag.span.start
            && diag.span.start < covers.end.max(covers.start + 1))
        .then_some(i)
    })
}

fn suppressor(report: &Report, all: &[Directive], diag: &Diagnostic) -> Option<usize> {
    suppressors(report, all, diag).next()
}

/// Removes suppressed diagnostics and reports unused suppressions.
/// `known` tells whether a rule code exists; `report_unused` is false when
/// X002 itself is disabled.
pub fn apply(
    report: &Report,
    diagnostics: &mut Vec<Diagnostic>,
    known: impl Fn(&str) -> bool,
    report_unused: bool,
) {
    if !allows_comments(report) {
        return;
    }
    let all = directives(report);
    let mut used = vec![false; all.len()];
    diagnostics.retain(|diag| {
        let mut keep = true;
        for i in suppressors(report, &all, diag) {
            used[i] = true;
            keep = false;
        }
        keep
    });
    if !report_unused {
        return;
    }
    for (i, d) in all.iter().enumerate() {
        if d.kind == Kind::Enable {
            continue;
        }
        if let Some(code) = d.codes.iter().find(|c| !known(c)) {
            diagnostics.push(Diagnostic::new(
                &UnusedSuppression::META,
                d.span,
                format!("禁用注释中的规则代码“{code}”不存在"),
            ));
        } else if !used[i] && !names_only_cross_year(d) {
            diagnostics.push(Diagnostic::new(
                &UnusedSuppression::META,
                d.span,
                "此禁用注释没有抑制任何问题，可以删除",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::table3_report;
    use crate::{Config, Linter};
    use report_lint_core::parse_str;

    fn lint_md(text: &str) -> Vec<(&'static str, String)> {
        let linter = Linter::new(Config::default()).expect("unique");
        linter
            .lint(&parse_str("report.md", text))
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect()
    }

    /// Issue 15, 8: a comment between table 四's header and its figures
    /// made the table unreadable (C003, no B004): a comment is never part
    /// of a table, and a row can carry its own at its end.
    #[test]
    fn comments_never_change_how_a_table_is_read() {
        let row = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        let wrong = "| 2 | 1 | 0 | 1 | 5 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        let text = table3_report(&[]).replace(row, wrong);
        let codes = |t: &str| -> Vec<&'static str> { lint_md(t).into_iter().map(|(c, _)| c).collect() };
        assert!(codes(&text).contains(&"B004"));

        let above = text.replace(wrong, &format!("<!-- report-lint-disable-next-line B004 -->\n{wrong}"));
        let found = codes(&above);
        assert!(!found.contains(&"C003") && !found.contains(&"B004") && !found.contains(&"X002"), "{found:?}");

        let at_end = text.replace(wrong, &format!("{wrong} <!-- report-lint-disable-line B004 -->"));
        let found = codes(&at_end);
        assert!(!found.contains(&"C003") && !found.contains(&"B004") && !found.contains(&"X002"), "{found:?}");

        // A comment naming another rule leaves the finding, and is unused.
        let other = text.replace(wrong, &format!("{wrong} <!-- report-lint-disable-line B001 -->"));
        let found = codes(&other);
        assert!(found.contains(&"B004") && found.contains(&"X002"), "{found:?}");
    }

    #[test]
    fn next_line_and_ranges_suppress_and_unused_ones_are_reported() {
        let text = table3_report(&[]).replace("一是公开深度不够。", "一是加强。三是完善。");
        assert!(lint_md(&text).iter().any(|(c, _)| *c == "E001"));

        let suppressed = text.replace(
            "一是加强。三是完善。",
            "<!-- report-lint-disable-next-line E001 -->\n一是加强。三是完善。",
        );
        let found = lint_md(&suppressed);
        assert!(
            !found.iter().any(|(c, _)| *c == "E001" || *c == "X002"),
            "{found:?}"
        );

        let ranged = text.replace(
            "一是加强。三是完善。",
            "<!-- report-lint-disable -->\n一是加强。三是完善。\n<!-- report-lint-enable -->",
        );
        assert!(!lint_md(&ranged).iter().any(|(c, _)| *c == "E001"));

        let unused = table3_report(&[]).replace(
            "一是公开深度不够。",
            "<!-- report-lint-disable-next-line B001 -->\n一是公开深度不够。",
        );
        assert_eq!(
            lint_md(&unused)
                .iter()
                .filter(|(c, _)| *c == "X002")
                .count(),
            1
        );

        let unknown = table3_report(&[]).replace(
            "一是公开深度不够。",
            "<!-- report-lint-disable-next-line Q999 -->\n一是公开深度不够。",
        );
        assert!(lint_md(&unknown)
            .iter()
            .any(|(c, m)| *c == "X002" && m.contains("Q999")));
    }

    #[test]
    fn plain_text_has_no_comments_to_honour() {
        let text = table3_report(&[]).replace(
            "一是公开深度不够。",
            "<!-- report-lint-disable -->\n一是加强。三是完善。",
        );
        let linter = Linter::new(Config::default()).expect("unique");
        let found = linter.lint(&parse_str("report.txt", &text));
        assert!(found.iter().any(|d| d.code == "E001"));
    }
}
