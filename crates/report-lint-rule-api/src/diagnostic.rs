//! What a rule reports: a diagnostic with its fixes. Spans are byte ranges of
//! the report's source text; conversion to lines and columns happens in the
//! CLI and the language server.

use crate::rule::RuleMeta;
use report_lint_core::{Location, Script, Span};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// How safe it is to apply a fix without looking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Only shown, never applied by a tool (the right text is a guess).
    DisplayOnly,
    /// Probably right, but a person should confirm (`--unsafe-fixes`).
    Unsafe,
    /// Certainly right; applied by `report-lint fix` and "fix all".
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    /// A fix that writes the template's wording over `span` ("改为“…”").
    /// The wording is in simplified characters: the fix is safe in a
    /// simplified report and to be confirmed in a traditional one, where it
    /// would mix the scripts.
    pub fn template_wording(span: Span, words: &str, script: Script) -> Fix {
        let applicability = match script {
            Script::Simplified => Applicability::Safe,
            Script::Traditional => Applicability::Unsafe,
        };
        Fix::replace(format!("改为“{words}”"), span, words, applicability)
    }

    /// A fix that replaces one span.
    pub fn replace(
        title: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
        applicability: Applicability,
    ) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
            applicability,
        }
    }
}

/// A secondary location: a cell that makes up a sum, the heading a duplicate repeats.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One Chinese sentence with the numbers ("总计应为 13（12+1+0+0+0+0），实为 12").
    pub message: String,
    pub span: Span,
    pub labels: Vec<Label>,
    pub fixes: Vec<Fix>,
    /// Where the span is in the document, for a report read from one
    /// (Word); set by the engine, never by a rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// How many findings of its rule this one stands for, when it is the
    /// one that says they are not listed ([`crate::cap()`]); else 0.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A diagnostic read back from what this same binary wrote (the CLI's
/// result cache). Its code must be a linked rule's; the code and name are
/// then that rule's own strings.
#[derive(Deserialize)]
struct StoredDiagnostic {
    code: String,
    severity: Severity,
    message: String,
    span: Span,
    labels: Vec<Label>,
    fixes: Vec<Fix>,
    #[serde(default)]
    location: Option<Location>,
    #[serde(default)]
    omitted: usize,
}

impl<'de> Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Diagnostic, D::Error> {
        let stored = StoredDiagnostic::deserialize(deserializer)?;
        let meta = crate::rule::linked_meta(&stored.code).ok_or_else(|| {
            serde::de::Error::custom(format!("no linked rule has code {}", stored.code))
        })?;
        Ok(Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: stored.severity,
            message: stored.message,
            span: stored.span,
            labels: stored.labels,
            fixes: stored.fixes,
            location: stored.location,
            omitted: stored.omitted,
        })
    }
}

impl Diagnostic {
    /// A diagnostic of `meta`'s rule with its default severity.
    pub fn new(meta: &RuleMeta, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            fixes: Vec::new(),
            location: None,
            omitted: 0,
        }
    }

    /// How many findings this one counts for: 1, or what it stands for
    /// when it says that many are not listed ([`crate::cap()`]).
    pub fn count(&self) -> usize {
        self.omitted.max(1)
    }

    /// The finding as the paragraphs of a Word comment (批注): what is
    /// wrong, how to fix it, and the rule — the same wherever comments are
    /// written (`report-lint annotate`, the checker page).
    pub fn comment_paragraphs(&self) -> Vec<String> {
        let mut paragraphs = vec![format!("[{}] {}", self.code, self.message)];
        if let Some(fix) = self.fixes.first() {
            paragraphs.push(format!("修改建议：{}", fix.title));
        }
        let summary = crate::find_rule(self.code).map_or("", |r| r.meta.summary);
        paragraphs.push(format!(
            "规则 {} {}：{summary}（说明：{} rule {}）",
            self.code,
            self.name,
            report_lint_core::program::name(),
            self.code
        ));
        paragraphs
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }
}

/// Position, then code; findings of one rule at one place keep the order
/// the rule gave them (the sort is stable and rules are deterministic), so
/// two runs print the same bytes and S001 lists missing parts 一 to 六.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{declare_rule, Check, RuleContext};
    use report_lint_core::Report;

    declare_rule! {
        /// 测试用规则。
        pub struct TestRule {
            code: "T001",
            name: "test-rule",
            family: "test",
            summary: "测试",
            severity: Error,
            fix: Sometimes,
        }
    }

    impl Check for TestRule {
        fn check(&self, _: &Report, _: &RuleContext) -> Vec<Diagnostic> {
            Vec::new()
        }
    }

    #[test]
    fn diagnostics_read_back_are_the_diagnostics_written() {
        let diagnostic = Diagnostic::new(&TestRule::META, Span::new(3, 9), "消息")
            .with_label(Span::new(0, 3), "标签")
            .with_fix(Fix::replace(
                "改为“1”",
                Span::new(3, 9),
                "1",
                Applicability::Unsafe,
            ));
        let json = serde_json::to_string(&diagnostic).expect("serialises");
        let back: Diagnostic = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, diagnostic);

        let unlinked = json.replace("T001", "T999");
        assert!(serde_json::from_str::<Diagnostic>(&unlinked).is_err());
    }
}
