//! Runs the registered rules over a report. Each rule runs under
//! `catch_unwind`: a panicking rule becomes one `internal-error` diagnostic
//! naming it, and every other rule's findings are kept.

use crate::cap::cap;
use crate::config::Config;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::rule::{registry, Check, DuplicateCode, RegisteredRule, RuleContext, RuleMeta};
use crate::suppression::Suppressions;
use report_lint_core::{Report, Span};
/// The order of findings (position, then code), from the rule API.
pub use report_lint_rule_api::diagnostic::sort;
use std::panic::{catch_unwind, AssertUnwindSafe};

declare_rule! {
    /// ## 检查内容
    /// 不检查报告内容：此代码表示某条规则在检查时崩溃。消息中写明是哪条规则以及它的出错信息。
    ///
    /// ## 原因
    /// 一条规则的缺陷不应掩盖其他规则的检查结果，也不应让命令行或编辑器停止工作。
    /// 请连同该文件一起报告此问题。
    ///
    /// ## 修复安全性
    /// 不提供修复。
    pub struct InternalError {
        code: "X001",
        name: "internal-error",
        family: "internal",
        summary: "规则运行出错（程序缺陷），其他规则的结果不受影响",
        severity: Error,
        fix: None,
    }
}

impl Check for InternalError {
    fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        Vec::new()
    }
}

/// Families of rules that hold a report to the template: not run on a
/// report older than it.
const TEMPLATE_FAMILIES: [&str; 7] = [
    "structure",
    "balance",
    "cells",
    "labels",
    "template",
    "numbering",
    "content",
];

/// The registered rules and a configuration, ready to lint many reports.
pub struct Linter {
    rules: Vec<&'static RegisteredRule>,
    config: Config,
}

impl Linter {
    /// Fails when two linked rules share a code.
    pub fn new(config: Config) -> Result<Linter, DuplicateCode> {
        Ok(Linter {
            rules: registry()?,
            config,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn rules(&self) -> &[&'static RegisteredRule] {
        &self.rules
    }

    /// Diagnostics sorted by position, then code; deterministic. A text that
    /// is not an annual report (no report title, fewer than three of the six
    /// headings) gets none: meeting minutes are not a report missing parts.
    /// At most [`MAX_FINDINGS_PER_RULE`](crate::MAX_FINDINGS_PER_RULE) findings of a rule are listed, and
    /// one more that stands for the rest ([`crate::cap`]).
    pub fn lint(&self, report: &Report) -> Vec<Diagnostic> {
        if !report.is_annual_report() {
            return Vec::new();
        }
        let suppressions = Suppressions::of(report);
        let mut out = Vec::new();
        // A document whose text could not be read gets one finding that
        // says so: every other rule would report what was not read.
        let unreadable = report
            .source
            .document
            .as_ref()
            .is_some_and(|d| d.unreadable.is_some());
        let predates = report.predates_template();
        for rule in &self.rules {
            if !self.config.is_enabled(rule.meta) {
                continue;
            }
            if unreadable
                && rule.meta.code
                    != crate::checks::text_not_extractable::TextNotExtractable::META.code
            {
                continue;
            }
            // A report older than the template is not held to it (V005 says so).
            if predates
                && TEMPLATE_FAMILIES.contains(&rule.meta.family)
                && rule.meta.code
                    != crate::checks::report_predates_template::ReportPredatesTemplate::META.code
            {
                continue;
            }
            let severity = self.config.severity_of(rule.meta);
            let ctx = RuleContext::new(rule.meta, &self.config.options, &suppressions);
            match catch_unwind(AssertUnwindSafe(|| rule.rule.check(report, &ctx))) {
                Ok(mut found) => {
                    // Capped rule by rule, so that no more than one rule's
                    // findings are ever held beyond the cap.
                    suppressions.retain(&mut found);
                    cap(&mut found);
                    out.extend(found.into_iter().map(|d| d.with_severity(severity)));
                }
                Err(panic) => {
                    let mut found = vec![internal_error(rule.meta, panic.as_ref())];
                    suppressions.retain(&mut found);
                    out.extend(found);
                }
            }
        }
        // Rules written in the configuration, after the linked ones.
        for rule in &self.config.declarative.0 {
            if unreadable || !self.config.is_enabled(rule.meta) {
                continue;
            }
            let severity = self.config.severity_of(rule.meta);
            // Isolated like a linked rule: a panic is one X001 naming it.
            let checked = catch_unwind(AssertUnwindSafe(|| {
                rule.check(report, &self.config.options)
            }));
            let mut found = match checked {
                Ok(found) => found,
                Err(panic) => vec![internal_error(rule.meta, panic.as_ref())],
            };
            suppressions.retain(&mut found);
            cap(&mut found);
            out.extend(found.into_iter().map(|d| {
                if d.code == InternalError::META.code {
                    d
                } else {
                    d.with_severity(severity)
                }
            }));
        }
        let unused = crate::suppression::UnusedSuppression::META;
        if self.config.is_enabled(&unused) {
            let declared = &self.config.declarative;
            let known = |code: &str| {
                self.rules.iter().any(|r| r.meta.code == code)
                    || declared.metas().any(|m| m.code == code)
            };
            let severity = self.config.severity_of(&unused);
            let mut found = crate::suppression::unused(&suppressions, known);
            cap(&mut found);
            out.extend(found.into_iter().map(|d| d.with_severity(severity)));
        }
        sort(&mut out);
        locate(report, &mut out);
        keep_hidden_text(report, &mut out);
        out
    }
}

/// Names each finding's place in the document a report was read from
/// (Word): rules know spans only, a reviewer needs a cell or a paragraph.
/// A fix that would edit text the document generates (Word's automatic
/// numbering) cannot be written back: it is shown, not applied.
pub fn locate(report: &Report, diagnostics: &mut [Diagnostic]) {
    let Some(map) = report.source.document.as_deref() else {
        return;
    };
    for d in diagnostics {
        d.location = report.locate(d.span);
        for fix in &mut d.fixes {
            if fix.applicability == crate::Applicability::DisplayOnly {
                continue;
            }
            if !map.form.takes_fixes() {
                fix.applicability = crate::Applicability::DisplayOnly;
                fix.title.push_str("（PDF 不能直接修改，请在原文档中修改）");
            } else if fix.edits.iter().any(|e| map.is_numbering(e.span)) {
                fix.applicability = crate::Applicability::DisplayOnly;
                fix.title
                    .push_str("（此编号由 Word 自动编号生成，请在 Word 中调整编号）");
            }
        }
    }
}

/// A fix that would write over text the view does not show — markup
/// inside a figure (`4.3<span>4</span>`) — would delete it: such a fix is
/// shown, not applied. Deleting hidden debris (an edit to nothing) is what
/// the debris rules mean to do, and stays.
fn keep_hidden_text(report: &Report, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        for fix in &mut d.fixes {
            let hides = fix
                .edits
                .iter()
                .any(|e| !e.replacement.is_empty() && !report.view.shows_whole(e.span));
            if hides && fix.applicability != crate::Applicability::DisplayOnly {
                fix.applicability = crate::Applicability::DisplayOnly;
                fix.title
                    .push_str("（所改文字在原文中夹有排版标记，请在原文中修改）");
            }
        }
    }
}

fn internal_error(rule: &RuleMeta, panic: &(dyn std::any::Any + Send)) -> Diagnostic {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".into());
    Diagnostic::new(
        &InternalError::META,
        Span::new(0, 0),
        format!("规则 {}（{}）运行出错：{what}", rule.code, rule.name),
    )
}

#[cfg(test)]
mod tests {
    use crate::{Applicability, Config, Linter};
    use report_lint_core::parse_str;

    fn p002_fix(page: &str) -> Applicability {
        let config = Config {
            select: Some(vec!["P002".into()]),
            ..Config::default()
        };
        let found = Linter::new(config)
            .expect("unique codes")
            .lint(&parse_str("a.html", page));
        assert_eq!(found.len(), 1, "{found:#?}");
        found[0].fixes[0].applicability
    }

    #[test]
    fn a_fix_over_markup_inside_a_figure_is_shown_not_applied() {
        let page = |figure: &str| {
            format!("<p>青溪县市场监督管理局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>全年共收到申请49件，予以公开22件，占{figure}%。</p>")
        };
        assert_eq!(p002_fix(&page("44.89")), Applicability::Safe);
        assert_eq!(
            p002_fix(&page("44.8<span>9</span>")),
            Applicability::DisplayOnly
        );
    }
}
