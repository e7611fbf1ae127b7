//! One report as an `<article>`: its name, counts by severity, the 核对
//! line, the list of findings, the text with the findings marked, and the
//! findings as JSON (`check --format json`'s schema) for scripts — the web
//! page's filters and fixes, and the tests that compare it with the CLI.

use crate::escape::{escape, script_json};
use crate::{body, findings, positions};
use report_lint_core::SourceFile;
use report_lint_rules::identities::{summary, IdentityCheck};
use report_lint_rules::{find_rule, Applicability, Diagnostic, Severity};
use std::fmt::Write;

/// A linted report as the renderer sees it.
pub struct ReportView<'a> {
    pub source: &'a SourceFile,
    /// Its findings, cross-year ones included, sorted.
    pub diagnostics: &'a [Diagnostic],
    /// The identities whose rules ran.
    pub checks: &'a [IdentityCheck],
}

/// Findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        Counts {
            error: count(Severity::Error),
            warning: count(Severity::Warning),
            info: count(Severity::Info),
        }
    }

    /// The file's status: a class and its words.
    pub fn status(&self) -> (&'static str, &'static str) {
        if self.error > 0 {
            ("error", "有错误")
        } else if self.warning > 0 {
            ("warning", "有警告")
        } else if self.info > 0 {
            ("info", "有提示")
        } else {
            ("clean", "未发现问题")
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "错误 {} · 警告 {} · 提示 {}",
            self.error, self.warning, self.info
        )
    }
}

pub fn severity_text(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

fn how_to_apply(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "安全修复，可自动应用",
        Applicability::Unsafe => "需要人工确认的修复",
        Applicability::DisplayOnly => "仅供参考，请人工修改",
    }
}

/// The article of a report; `id` is unique in its page (the article is
/// `r{id}`, the first mark of finding n `f{id}-{n}`).
pub fn article(view: &ReportView, id: &str) -> String {
    let source = view.source;
    let counts = Counts::of(view.diagnostics);
    let (status, status_text) = counts.status();
    let prefix = format!("f{id}-");
    let mut out = String::new();
    let _ = write!(
        out,
        "<article class=\"report\" id=\"r{id}\" data-path=\"{}\">\
         <header><h2>{}</h2><p class=\"status {status}\">{status_text}：<span class=\"counts\">{}</span></p>",
        escape(&source.name),
        escape(&source.name),
        counts.describe(),
    );
    if let Some(line) = summary(view.checks) {
        let _ = write!(out, "<p class=\"checks\">核对：{}</p>", escape(&line));
    }
    out.push_str("</header>");
    if !view.diagnostics.is_empty() {
        out.push_str("<ol class=\"findings\">");
        for (i, d) in view.diagnostics.iter().enumerate() {
            finding(&mut out, source, d, &prefix, i);
        }
        out.push_str("</ol>");
    }
    let _ = write!(
        out,
        "<div class=\"body\">{}</div>",
        body::render(source, view.diagnostics, &prefix)
    );
    let json = serde_json::to_string(&findings::convert(source, view.diagnostics))
        .unwrap_or_else(|_| "[]".into());
    let _ = write!(
        out,
        "<script type=\"application/json\" class=\"findings-json\">{}</script></article>",
        script_json(&json)
    );
    out
}

fn finding(out: &mut String, source: &SourceFile, d: &Diagnostic, prefix: &str, i: usize) {
    let severity = d.severity.as_str();
    let start = positions::range(source, d.span).start;
    let _ = write!(
        out,
        "<li class=\"finding {severity}\" data-i=\"{i}\" data-rule=\"{}\" data-severity=\"{severity}\">\
         <a class=\"at\" href=\"#{prefix}{i}\">第 {} 行</a> <span class=\"sev\">{}</span> \
         <code class=\"rule\">{}</code> <span class=\"msg\">{}</span>",
        d.code,
        start.line,
        severity_text(d.severity),
        d.code,
        escape(&d.message),
    );
    if let Some(location) = &d.location {
        let _ = write!(
            out,
            "<div class=\"where\">位置：{}</div>",
            escape(&location.describe())
        );
    }
    for fix in &d.fixes {
        let _ = write!(
            out,
            "<div class=\"help {}\">修改建议：{}<span class=\"how\">（{}）</span></div>",
            fix.applicability.as_str(),
            escape(&fix.title),
            how_to_apply(fix.applicability),
        );
    }
    // A rule of a report-lint.toml (`[[rule]]`) is not in the registry:
    // its code and name alone.
    let summary =
        find_rule(d.code).map_or(String::new(), |r| format!("：{}", escape(r.meta.summary)));
    let _ = write!(
        out,
        "<a class=\"doc\" href=\"#rule-{}\">规则 {} {}{summary}</a></li>",
        d.code, d.code, d.name,
    );
}
