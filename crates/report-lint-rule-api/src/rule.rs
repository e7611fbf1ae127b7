//! The rule registry. A rule is a unit struct with metadata and a check
//! function, declared with [`declare_rule!`](crate::declare_rule), which
//! registers it through `inventory`; a rule crate needs no dependency on
//! `inventory` itself.

use crate::cap::Findings;
use crate::diagnostic::{Diagnostic, Severity};
use crate::options::{OptionValue, RuleOptions};
use crate::suppression::Suppressions;
use report_lint_core::Report;
use serde::Serialize;

/// Whether a rule offers fixes, and how safe they are at best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Everything known about a rule without running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable forever: `B001`.
    pub code: &'static str,
    /// Kebab-case name of what is flagged: `row-total-mismatch`.
    pub name: &'static str,
    /// `structure`, `balance`, `cells`, `numbering`, `prose`, … (packs may add their own).
    pub family: &'static str,
    /// One line, in Chinese.
    pub summary: &'static str,
    /// Default severity.
    pub severity: Severity,
    pub fix: FixAvailability,
    /// Full documentation (`## 检查内容` / `## 原因` / `## 示例` /
    /// `## 修复安全性`), taken from the rule's doc comment.
    #[serde(serialize_with = "serialize_docs")]
    pub docs: &'static str,
    /// The crate that registered the rule (`report-lint-rules` for built-ins).
    pub pack: &'static str,
    /// The options the rule takes in `[rules.CODE]` of `report-lint.toml`;
    /// any other key there is an error.
    pub options: &'static [OptionSpec],
}

/// An option of a rule, declared with it: its name, what values it takes,
/// and what it does (in Chinese, for `report-lint rule CODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OptionSpec {
    pub name: &'static str,
    pub kind: OptionKind,
    pub help: &'static str,
}

/// The values an option takes; a value of another kind is an error that
/// names the key and line, never silently ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "values")]
pub enum OptionKind {
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A day of the year as `"MM-DD"` (`"01-31"`).
    MonthDay,
    Bool,
    /// A whole number in this range.
    Integer {
        min: i64,
        max: i64,
    },
    Text,
    TextList,
}

impl OptionKind {
    /// The value as a rule reads it, or why it is not one (`key` names it).
    pub fn parse(&self, key: &str, value: &toml::Value) -> Result<OptionValue, String> {
        let wrong = || format!("“{key}”应为{}", self.describe());
        match (self, value) {
            (OptionKind::OneOf(allowed), toml::Value::String(s))
                if allowed.contains(&s.as_str()) =>
            {
                Ok(OptionValue::Str(s.clone()))
            }
            (OptionKind::OneOf(_), toml::Value::String(s)) => {
                Err(format!("{}，实为 \"{s}\"", wrong()))
            }
            (OptionKind::MonthDay, toml::Value::String(s)) if parse_month_day(s).is_some() => {
                Ok(OptionValue::Str(s.clone()))
            }
            (OptionKind::Bool, toml::Value::Boolean(b)) => Ok(OptionValue::Bool(*b)),
            (OptionKind::Integer { min, max }, toml::Value::Integer(i))
                if (min..=max).contains(&i) =>
            {
                Ok(OptionValue::Int(*i))
            }
            (OptionKind::Text, toml::Value::String(s)) => Ok(OptionValue::Str(s.clone())),
            (OptionKind::TextList, toml::Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string).ok_or_else(wrong))
                .collect::<Result<_, _>>()
                .map(OptionValue::List),
            _ => Err(wrong()),
        }
    }

    /// What values are allowed, in Chinese.
    pub fn describe(&self) -> String {
        match self {
            OptionKind::OneOf(allowed) => {
                let quoted: Vec<String> = allowed.iter().map(|a| format!("\"{a}\"")).collect();
                format!("以下之一：{}", quoted.join("、"))
            }
            OptionKind::MonthDay => "“月-日”形式的日期，如 \"01-31\"".into(),
            OptionKind::Bool => "true 或 false".into(),
            OptionKind::Integer { min, max } => format!("{min} 到 {max} 之间的整数"),
            OptionKind::Text => "字符串".into(),
            OptionKind::TextList => "字符串列表".into(),
        }
    }
}

/// `"MM-DD"` as (month, day), for a day that exists in some year.
pub fn parse_month_day(text: &str) -> Option<(u8, u8)> {
    let (m, d) = text.split_once('-')?;
    if m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (month, day): (u8, u8) = (m.parse().ok()?, d.parse().ok()?);
    let days = match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((month, day))
}

impl RuleMeta {
    /// The documentation as Markdown: `/// text` doc comments arrive as
    /// " text", and that space is not part of the Markdown.
    pub fn documentation(&self) -> String {
        let lines: Vec<&str> = self
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        let mut docs = lines.join("\n").trim().to_string();
        if !self.options.is_empty() {
            docs.push_str("\n\n## 选项\n在 report-lint.toml 的 `[rules.");
            docs.push_str(self.code);
            docs.push_str("]` 中设置；写错选项名或取值时，配置文件报错。\n");
            for option in self.options {
                docs.push_str(&format!(
                    "\n- `{}`：{}。取值：{}。",
                    option.name,
                    option.help,
                    option.kind.describe()
                ));
            }
        }
        docs
    }
}

fn serialize_docs<S: serde::Serializer>(
    docs: &&'static str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let lines: Vec<&str> = docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    serializer.serialize_str(lines.join("\n").trim())
}

/// What a rule sees besides the report.
pub struct RuleContext<'a> {
    pub options: &'a RuleOptions,
    /// The rule running, and the report's suppression comments: what
    /// [`Findings`] needs to drop what would not be listed.
    pub(crate) meta: &'a RuleMeta,
    pub(crate) suppressions: &'a Suppressions,
}

impl<'a> RuleContext<'a> {
    /// The context of `meta` running over a report with these options and
    /// suppression comments (what an engine builds for each rule).
    pub fn new(
        meta: &'a RuleMeta,
        options: &'a RuleOptions,
        suppressions: &'a Suppressions,
    ) -> Self {
        RuleContext {
            options,
            meta,
            suppressions,
        }
    }

    /// A collector of the running rule's findings that builds only those
    /// listed; see [`Findings`].
    pub fn findings(&'a self) -> Findings<'a> {
        Findings::new(self)
    }
}

/// The check of a rule: a pure function of the report.
pub trait Check: Sync {
    fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic>;
}

/// An entry of the registry, created by [`declare_rule!`](crate::declare_rule).
pub struct RegisteredRule {
    pub meta: &'static RuleMeta,
    pub rule: &'static dyn Check,
}

inventory::collect!(RegisteredRule);

/// Declares a rule and registers it. The doc comment becomes the rule's
/// documentation (`report-lint rule CODE`, editor hovers).
///
/// ```text
/// declare_rule! {
///     /// ## 检查内容
///     /// …
///     pub struct RowTotalMismatch {
///         code: "B001",
///         name: "row-total-mismatch",
///         family: "balance",
///         summary: "表三某行的总计不等于各申请人类别之和",
///         severity: Error,
///         fix: None,
///         // optional: the options of `[rules.B001]`
///         options: [OptionSpec { name: "…", kind: OptionKind::Bool, help: "…" }],
///     }
/// }
/// impl Check for RowTotalMismatch { fn check(&self, report: &Report, ctx: &RuleContext) -> Vec<Diagnostic> { … } }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $rule:ident {
            code: $code:literal,
            name: $name:literal,
            family: $family:literal,
            summary: $summary:literal,
            severity: $severity:ident,
            fix: $fix:ident
            $(, options: [$($option:expr),* $(,)?])? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis struct $rule;

        impl $rule {
            pub const META: $crate::RuleMeta = $crate::RuleMeta {
                code: $code,
                name: $name,
                family: $family,
                summary: $summary,
                severity: $crate::Severity::$severity,
                fix: $crate::FixAvailability::$fix,
                docs: concat!($($doc, "\n"),*),
                pack: env!("CARGO_PKG_NAME"),
                options: &[$($($option),*)?],
            };
        }

        $crate::__private::inventory::submit! {
            $crate::RegisteredRule { meta: &$rule::META, rule: &$rule }
        }
    };
}

/// Two registered rules share a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateCode {
    pub code: &'static str,
    pub packs: (&'static str, &'static str),
}

impl std::fmt::Display for DuplicateCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "规则代码 {} 重复注册（{} 与 {}）：每条规则的代码必须唯一",
            self.code, self.packs.0, self.packs.1
        )
    }
}

/// Every linked rule, sorted by code; an error if two share a code.
pub fn registry() -> Result<Vec<&'static RegisteredRule>, DuplicateCode> {
    let mut rules: Vec<&'static RegisteredRule> =
        inventory::iter::<RegisteredRule>.into_iter().collect();
    rules.sort_by_key(|r| r.meta.code);
    check_unique(rules.iter().map(|r| r.meta))?;
    Ok(rules)
}

/// Fails on the first code used twice; `metas` must be sorted by code.
pub fn check_unique<'a>(
    metas: impl IntoIterator<Item = &'a RuleMeta>,
) -> Result<(), DuplicateCode> {
    let mut prev: Option<&RuleMeta> = None;
    for meta in metas {
        if let Some(p) = prev.filter(|p| p.code == meta.code) {
            return Err(DuplicateCode {
                code: meta.code,
                packs: (p.pack, meta.pack),
            });
        }
        prev = Some(meta);
    }
    Ok(())
}

/// The linked rule with exactly this code.
pub fn linked_meta(code: &str) -> Option<&'static RuleMeta> {
    inventory::iter::<RegisteredRule>
        .into_iter()
        .map(|r| r.meta)
        .find(|m| m.code == code)
}

/// The rule with this code (case-insensitive) or kebab name.
pub fn find_rule(code_or_name: &str) -> Option<&'static RegisteredRule> {
    inventory::iter::<RegisteredRule>
        .into_iter()
        .find(|r| r.meta.code.eq_ignore_ascii_case(code_or_name) || r.meta.name == code_or_name)
}
