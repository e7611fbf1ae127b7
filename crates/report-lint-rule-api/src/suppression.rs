//! Suppression comments in Markdown and HTML reports:
//! `<!-- report-lint-disable B001 -->` … `<!-- report-lint-enable B001 -->`
//! `<!-- report-lint-disable-next-line B001 -->`, and at the end of the line
//! it applies to `<!-- report-lint-disable-line B001 -->`. Without codes a comment
//! applies to every rule.
//!
//! This is the mechanism only: which findings a comment covers, and which
//! comments covered nothing. What is reported about the latter (X002), and
//! which codes are judged elsewhere (the cross-year rules), is the engine's
//! business; this crate knows no particular rule.

use crate::diagnostic::Diagnostic;
use regex::Regex;
use report_lint_core::{Report, Span};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::LazyLock;

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

    /// The comments that name a code `known` does not know, or that
    /// suppressed nothing once every finding was asked about. A comment
    /// naming only codes for which `deferred` holds is never unused: those
    /// rules are judged where this report's lint cannot see (the cross-year
    /// rules need last year's report).
    pub fn unused(
        &self,
        known: impl Fn(&str) -> bool,
        deferred: impl Fn(&str) -> bool,
    ) -> Vec<Unused> {
        let mut out = Vec::new();
        for (i, d) in self.directives.iter().enumerate() {
            if d.kind == Kind::Enable {
                continue;
            }
            if let Some(code) = d.codes.iter().find(|c| !known(c)) {
                out.push(Unused {
                    span: d.span,
                    unknown_code: Some(code.clone()),
                });
            } else if !self.used[i].get() && !names_only(d, &deferred) {
                out.push(Unused {
                    span: d.span,
                    unknown_code: None,
                });
            }
        }
        out
    }
}

/// Whether `d` names codes, each of them one that `deferred` holds for.
fn names_only(d: &Directive, deferred: impl Fn(&str) -> bool) -> bool {
    !d.codes.is_empty() && d.codes.iter().all(|c| deferred(c))
}

/// A suppression comment that did nothing: it names a code no rule has,
/// or it covered no finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unused {
    pub span: Span,
    pub unknown_code: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::Suppressions;
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
        let text =
            "<!-- report-lint-disable-next-line D004 -->\n2019年，我局召开会议。\n\n".repeat(n);
        let report = parse_str("report.md", &text);
        let suppressions = Suppressions::of(&report);
        STEPS.with(|s| s.set(0));
        let findings: Vec<usize> = text.match_indices("2019年").map(|(i, _)| i).collect();
        assert_eq!(findings.len(), n);
        assert!(findings
            .iter()
            .all(|&at| suppressions.suppresses("D004", at)));
        assert!(suppressions.unused(|_| true, |_| false).is_empty());
        let steps = STEPS.with(Cell::get);
        // About two dozen a finding (a root-to-leaf walk or two); checking
        // each finding against each comment would be n × n.
        assert!(
            steps <= 64 * n,
            "{steps} steps for {n} comments and findings"
        );
    }

    #[test]
    fn unknown_codes_and_comments_that_covered_nothing_are_unused() {
        let text = "<!-- report-lint-disable-next-line Q999 -->\n甲\n\n\
                    <!-- report-lint-disable-next-line B001 -->\n乙\n\n\
                    <!-- report-lint-disable-next-line Y001 -->\n丙\n";
        let report = parse_str("report.md", text);
        let unused = Suppressions::of(&report).unused(|c| c != "Q999", |c| c == "Y001");
        assert_eq!(unused.len(), 2, "{unused:?}");
        assert_eq!(unused[0].unknown_code.as_deref(), Some("Q999"));
        assert_eq!(unused[1].unknown_code, None);
        assert!(text[unused[1].span.start..].contains("B001"));
    }
}
