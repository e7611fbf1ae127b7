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
use report_lint_core::{quote, Report, Span};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
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

/// The suppression comments of a report with what each covers, built
/// once per report and asked about every finding. A hostile page can hold
/// hundreds of thousands of comments: reaches are worked out in one pass,
/// and a finding is looked up by position, never against every comment.
pub struct Suppressions {
    directives: Vec<Directive>,
    /// What a comment covers, by the code it names ("" for every rule).
    by_code: HashMap<String, Reaches>,
    /// Whether each comment suppressed something.
    used: Vec<Cell<bool>>,
}

impl Suppressions {
    /// The comments of `report`; none for a format without comments.
    pub fn of(report: &Report) -> Suppressions {
        let directives = if allows_comments(report) {
            directives(report)
        } else {
            Vec::new()
        };
        let reaches = reaches(report, &directives);
        let mut spans: HashMap<String, Vec<(usize, usize, usize)>> = HashMap::new();
        for (i, (d, reach)) in directives.iter().zip(&reaches).enumerate() {
            if d.kind == Kind::Enable {
                continue;
            }
            // A finding is covered when it starts inside the reach (an
            // empty reach still covers its own position).
            let covered = (reach.start, reach.end.max(reach.start + 1), i);
            if d.codes.is_empty() {
                spans.entry(String::new()).or_default().push(covered);
            }
            for code in &d.codes {
                spans.entry(code.clone()).or_default().push(covered);
            }
        }
        Suppressions {
            used: directives.iter().map(|_| Cell::new(false)).collect(),
            directives,
            by_code: spans
                .into_iter()
                .map(|(code, spans)| (code, Reaches::new(spans)))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Whether a finding of `code` starting at `offset` is suppressed;
    /// every comment that suppresses it counts as used.
    pub fn suppresses(&self, code: &str, offset: usize) -> bool {
        let mut found = false;
        for key in ["", code] {
            if let Some(reaches) = self.by_code.get(key) {
                if reaches.covers(offset) {
                    found = true;
                    reaches.take_covering(offset, |i| self.used[i].set(true));
                }
            }
        }
        found
    }

    /// Removes the suppressed findings.
    pub fn retain(&self, diagnostics: &mut Vec<Diagnostic>) {
        if !self.is_empty() {
            diagnostics.retain(|d| !self.suppresses(d.code, d.span.start));
        }
    }

    /// X002 for each comment that names an unknown code or suppressed
    /// nothing, once every finding was asked about.
    pub fn unused(&self, known: impl Fn(&str) -> bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, d) in self.directives.iter().enumerate() {
            if d.kind == Kind::Enable {
                continue;
            }
            if let Some(code) = d.codes.iter().find(|c| !known(c)) {
                out.push(Diagnostic::new(
                    &UnusedSuppression::META,
                    d.span,
                    format!("禁用注释中的规则代码“{}”不存在", quote(code)),
                ));
            } else if !self.used[i].get() && !names_only_cross_year(d) {
                out.push(Diagnostic::new(
                    &UnusedSuppression::META,
                    d.span,
                    "此禁用注释没有抑制任何问题，可以删除",
                ));
            }
        }
        out
    }
}

/// Byte ranges covered by comments, sorted by start, answering "which
/// cover this offset" in logarithmic time per comment found. Each range
/// is reported once (`take_covering` removes it): a used comment stays
/// used, so later findings only need to know whether any covers them.
struct Reaches {
    /// `(start, end, directive)`, sorted by start.
    spans: Vec<(usize, usize, usize)>,
    /// The covered offsets as disjoint ranges, sorted.
    union: Vec<(usize, usize)>,
    /// A max-tree over the ends of the ranges not yet taken (0 once taken).
    tree: RefCell<Vec<usize>>,
}

impl Reaches {
    fn new(mut spans: Vec<(usize, usize, usize)>) -> Reaches {
        spans.sort_unstable();
        let mut union: Vec<(usize, usize)> = Vec::new();
        for &(start, end, _) in &spans {
            match union.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => union.push((start, end)),
            }
        }
        let size = spans.len().next_power_of_two();
        let mut tree = vec![0; 2 * size];
        for (i, &(_, end, _)) in spans.iter().enumerate() {
            tree[size + i] = end;
        }
        for i in (1..size).rev() {
            tree[i] = tree[2 * i].max(tree[2 * i + 1]);
        }
        Reaches {
            spans,
            union,
            tree: RefCell::new(tree),
        }
    }

    fn covers(&self, offset: usize) -> bool {
        let after = self.union.partition_point(|&(start, _)| start <= offset);
        after > 0 && offset < self.union[after - 1].1
    }

    /// Calls `found` with the directive of every range not taken yet that
    /// covers `offset`, and takes it.
    fn take_covering(&self, offset: usize, mut found: impl FnMut(usize)) {
        // Ranges starting at or before `offset` are a prefix.
        let prefix = self.spans.partition_point(|&(start, _, _)| start <= offset);
        let mut tree = self.tree.borrow_mut();
        let size = tree.len() / 2;
        while let Some(leaf) = first_above(&tree, size, prefix, offset) {
            found(self.spans[leaf].2);
            let mut node = size + leaf;
            tree[node] = 0;
            while node > 1 {
                node /= 2;
                tree[node] = tree[2 * node].max(tree[2 * node + 1]);
            }
        }
    }
}

/// The first leaf below `limit` whose value is above `offset`.
fn first_above(tree: &[usize], size: usize, limit: usize, offset: usize) -> Option<usize> {
    fn walk(
        tree: &[usize],
        node: usize,
        lo: usize,
        hi: usize,
        limit: usize,
        offset: usize,
    ) -> Option<usize> {
        #[cfg(test)]
        tests::STEPS.with(|s| s.set(s.get() + 1));
        if lo >= limit || tree[node] <= offset {
            return None;
        }
        if hi - lo == 1 {
            return Some(lo);
        }
        let mid = (lo + hi) / 2;
        walk(tree, 2 * node, lo, mid, limit, offset)
            .or_else(|| walk(tree, 2 * node + 1, mid, hi, limit, offset))
    }
    if size == 0 {
        return None;
    }
    walk(tree, 1, 0, size, limit, offset)
}

/// The byte range each directive covers, in one pass over them: a
/// `disable` reaches the next `enable` naming one of its codes (or naming
/// none), a `disable-next-line` the next line with anything on it.
fn reaches(report: &Report, all: &[Directive]) -> Vec<Span> {
    let text = &report.source.text;
    let source = &report.source;
    let mut out = vec![Span::new(0, 0); all.len()];
    // The next `enable` naming no code, and the next naming each code.
    let mut next_any = text.len();
    let mut next_by_code: HashMap<&str, usize> = HashMap::new();
    // Comments on one line share the next line with text.
    let mut next_line: Option<(usize, Span)> = None;
    for (i, d) in all.iter().enumerate().rev() {
        out[i] = match d.kind {
            Kind::Enable => {
                if d.codes.is_empty() {
                    next_any = d.span.start;
                }
                for code in &d.codes {
                    next_by_code.insert(code, d.span.start);
                }
                Span::new(d.span.start, d.span.start)
            }
            Kind::Disable => {
                // A `disable` naming no code ends only at an `enable` naming none.
                let end = d
                    .codes
                    .iter()
                    .filter_map(|c| next_by_code.get(c.as_str()))
                    .fold(next_any, |end, &e| end.min(e));
                Span::new(d.span.end, end.max(d.span.end))
            }
            Kind::ThisLine => source.line_span(source.line_index(d.span.start)),
            Kind::NextLine => {
                let line = source.line_index(d.span.end);
                match next_line {
                    Some((l, span)) if l == line => span,
                    _ => {
                        let mut next = line + 1;
                        while next < source.line_count()
                            && source.slice(source.line_span(next)).trim().is_empty()
                        {
                            next += 1;
                        }
                        let span = source.line_span(next);
                        next_line = Some((line, span));
                        span
                    }
                }
            }
        };
    }
    out
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
    if diagnostics.is_empty() {
        return;
    }
    Suppressions::of(report).retain(diagnostics);
}

#[cfg(test)]
mod tests {
    use crate::testing::{table3_report, with_overview};
    use crate::{Config, Linter};
    use report_lint_core::parse_str;
    use std::cell::Cell;

    thread_local! {
        /// Nodes of the comments' index visited: the work of looking up
        /// findings, counted rather than timed.
        pub static STEPS: Cell<usize> = const { Cell::new(0) };
    }

    /// Every finding under a comment of its own: each finding was checked
    /// against every comment (and each comment's reach worked out again),
    /// quadratic in a page of thousands of them.
    #[test]
    fn many_comments_and_findings_are_matched_in_near_linear_work() {
        let n = 20_000;
        let lines =
            "<!-- report-lint-disable-next-line D004 -->\n2019年，我局召开会议。\n\n".repeat(n);
        let text = with_overview(&lines);
        let config = Config {
            select: Some(vec!["D004".into(), "X002".into()]),
            ..Config::default()
        };
        STEPS.with(|s| s.set(0));
        let found = Linter::new(config)
            .expect("unique")
            .lint(&parse_str("report.md", &text));
        assert!(found.is_empty(), "{:?}", found.first());
        let steps = STEPS.with(Cell::get);
        // About two dozen a finding (a root-to-leaf walk or two); checking
        // each finding against each comment would be n × n.
        assert!(
            steps <= 64 * n,
            "{steps} steps for {n} comments and findings"
        );
    }

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

    /// A range ends at the first `enable` naming its code (or none), not
    /// at one naming only another rule.
    #[test]
    fn a_range_ends_at_an_enable_of_its_own_code() {
        let text = with_overview(
            "<!-- report-lint-disable D004 -->\n2019年，甲。\n\n<!-- report-lint-enable B001 -->\n\
             2019年，乙。\n\n<!-- report-lint-enable D004 -->\n2019年，丙。\n\n\
             <!-- report-lint-disable -->\n2019年，丁。",
        );
        let config = Config {
            select: Some(vec!["D004".into(), "X002".into()]),
            ..Config::default()
        };
        let found = Linter::new(config)
            .expect("unique")
            .lint(&parse_str("report.md", &text));
        let codes: Vec<_> = found
            .iter()
            .map(|d| (d.code, &text[d.span.start..]))
            .collect();
        assert_eq!(found.len(), 1, "{codes:?}");
        assert!(text[found[0].span.start..].starts_with("2019年，丙"));
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
