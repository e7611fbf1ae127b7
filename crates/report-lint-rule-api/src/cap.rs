//! How many findings of one rule a report gets listed.
//!
//! A report written by hand gets a few findings of any one rule (at most 5
//! over every fixture, real and made). A text that repeats something
//! thousands of times — a page crawled with its archive, 14 MB of
//! "2019年" — got one finding per repetition: 1.6 million D004, 1.3 GB of
//! JSON, 3 GB of memory and minutes to print, telling the reader nothing
//! the first few hundred did not. So the engine (`Linter::lint`) lists the first
//! [`MAX_FINDINGS_PER_RULE`] findings of each rule (by position) and one
//! more finding that stands for the rest ("另有 N 处同类问题（D004）未逐一
//! 列出", at the first one left out, with the rule's code and severity and
//! [`Diagnostic::omitted`] = N). Every front end (command line, language
//! server) gets the same list, and counts (the closing line, `summary`)
//! count what that finding stands for.
//!
//! A rule that may find something at every few bytes of the text collects
//! its findings in [`Findings`], which stops building them once they would
//! not be listed, so memory stays proportional to the input and not to
//! what a hostile text can make a rule find.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{RuleContext, RuleMeta};
use report_lint_core::Span;

/// Findings of one rule listed per report (see the module docs): forty
/// times what any real or made report has needed, small enough that the
/// worst text's output stays a few hundred KB.
pub const MAX_FINDINGS_PER_RULE: usize = 200;

/// The finding that stands for `omitted` findings of `meta`'s rule not
/// listed, the first of which is at `span`.
pub fn omitted_summary(
    meta: &RuleMeta,
    severity: Severity,
    span: Span,
    omitted: usize,
) -> Diagnostic {
    let mut d = Diagnostic::new(
        meta,
        span,
        format!("另有 {omitted} 处同类问题（{}）未逐一列出", meta.code),
    );
    d.severity = severity;
    d.omitted = omitted;
    d
}

/// Keeps the first [`MAX_FINDINGS_PER_RULE`] findings of each rule by
/// position and replaces the rest (and any finding that already stood for
/// some, from [`Findings`]) by one [`omitted_summary`] per rule.
/// `diagnostics` is left sorted by position, then code.
pub fn cap(diagnostics: &mut Vec<Diagnostic>) {
    crate::diagnostic::sort(diagnostics);
    // Few rules fire on a report: a list of them is quicker than a map.
    let mut rules: Vec<(&'static str, usize, Option<Diagnostic>)> = Vec::new();
    let mut capped = false;
    diagnostics.retain(|d| {
        let index = match rules.iter().position(|r| r.0 == d.code) {
            Some(i) => i,
            None => {
                rules.push((d.code, 0, None));
                rules.len() - 1
            }
        };
        let (_, listed, summary) = &mut rules[index];
        if d.omitted == 0 && *listed < MAX_FINDINGS_PER_RULE {
            *listed += 1;
            return true;
        }
        capped = true;
        let stands_for = d.count();
        match summary {
            // Sorted by position: the first one left out comes first.
            Some(s) => s.omitted += stands_for,
            None => {
                let mut s = d.clone();
                s.omitted = stands_for;
                *summary = Some(s);
            }
        }
        false
    });
    if !capped {
        return;
    }
    for (code, _, summary) in rules {
        if let Some(s) = summary {
            let n = s.omitted;
            let mut d = Diagnostic {
                message: format!("另有 {n} 处同类问题（{code}）未逐一列出"),
                labels: Vec::new(),
                fixes: Vec::new(),
                location: None,
                ..s
            };
            d.omitted = n;
            diagnostics.push(d);
        }
    }
    crate::diagnostic::sort(diagnostics);
}

/// The findings of one rule as it finds them: suppressed ones are dropped
/// (and their comments marked used), and past [`MAX_FINDINGS_PER_RULE`]
/// a finding is only counted, without building it. For rules that may find
/// something every few bytes; [`Findings::finish`] is what the rule returns.
///
/// ```text
/// let mut found = ctx.findings();
/// for m in YEAR.find_iter(text) {
///     let span = …;
///     found.push_with(span, || Diagnostic::new(&Self::META, span, format!(…)));
/// }
/// found.finish()
/// ```
///
/// Findings pushed out of position order are listed in the order pushed;
/// the engine then lists the first by position among them.
pub struct Findings<'a> {
    ctx: &'a RuleContext<'a>,
    kept: Vec<Diagnostic>,
    omitted: usize,
    first_omitted: Option<Span>,
}

impl<'a> Findings<'a> {
    pub fn new(ctx: &'a RuleContext<'a>) -> Findings<'a> {
        Findings {
            ctx,
            kept: Vec::new(),
            omitted: 0,
            first_omitted: None,
        }
    }

    /// Adds the finding at `span` that `make` builds; `make` is not called
    /// when the finding is suppressed or would not be listed. Returns its
    /// index for [`Findings::get_mut`] when it is kept.
    pub fn push_with(&mut self, span: Span, make: impl FnOnce() -> Diagnostic) -> Option<usize> {
        if self
            .ctx
            .suppressions
            .suppresses(self.ctx.meta.code, span.start)
        {
            return None;
        }
        if self.kept.len() < MAX_FINDINGS_PER_RULE {
            self.kept.push(make());
            return Some(self.kept.len() - 1);
        }
        self.omitted += 1;
        let first = self.first_omitted.get_or_insert(span);
        if (span.start, span.end) < (first.start, first.end) {
            *first = span;
        }
        None
    }

    /// [`Findings::push_with`] of a finding already built.
    pub fn push(&mut self, diagnostic: Diagnostic) -> Option<usize> {
        let span = diagnostic.span;
        self.push_with(span, || diagnostic)
    }

    /// A finding kept, by the index its push returned, to amend it.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Diagnostic> {
        self.kept.get_mut(index)
    }

    /// The findings kept so far.
    pub fn kept(&self) -> &[Diagnostic] {
        &self.kept
    }

    /// How many findings were pushed and not suppressed.
    pub fn len(&self) -> usize {
        self.kept.len() + self.omitted
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What the rule returns: the findings kept, and one that stands for
    /// those only counted.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        if let Some(span) = self.first_omitted {
            let meta = self.ctx.meta;
            self.kept
                .push(omitted_summary(meta, meta.severity, span, self.omitted));
        }
        self.kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FixAvailability, RuleMeta};

    const META: RuleMeta = RuleMeta {
        code: "T001",
        name: "test",
        family: "test",
        summary: "测试",
        severity: Severity::Warning,
        fix: FixAvailability::None,
        docs: "",
        pack: "test",
        options: &[],
    };

    #[test]
    fn cap_keeps_the_first_by_position_and_merges_what_rules_left_out() {
        let meta = &META;
        let at = |i: usize| Diagnostic::new(meta, Span::new(i, i + 1), format!("{i}"));
        // Out of order, with a finding that already stands for 7 left out at 1000.
        let mut found: Vec<Diagnostic> = (0..MAX_FINDINGS_PER_RULE + 20).rev().map(at).collect();
        found.push(omitted_summary(
            meta,
            Severity::Warning,
            Span::new(1000, 1001),
            7,
        ));
        cap(&mut found);
        assert_eq!(found.len(), MAX_FINDINGS_PER_RULE + 1);
        assert!(found[..MAX_FINDINGS_PER_RULE]
            .iter()
            .enumerate()
            .all(|(i, d)| d.span.start == i && d.omitted == 0));
        let summary = &found[MAX_FINDINGS_PER_RULE];
        assert_eq!(
            (summary.span.start, summary.omitted),
            (MAX_FINDINGS_PER_RULE, 27)
        );
        assert!(summary.fixes.is_empty() && summary.labels.is_empty());
    }
}
