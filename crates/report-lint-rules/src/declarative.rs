//! Rules written in `report-lint.toml` rather than in Rust (`[[rule]]`):
//! a phrase or a pattern that a part of the report (or its title, or the
//! whole text) must or must not contain. Most provincial rules are of this
//! kind ("part 六 must say how much was charged"); a province writes them
//! in ten lines of configuration, and they run wherever the configuration
//! does — the command line, the language server — with the same
//! select/ignore/severity/suppression as the built-in rules.
//!
//! ```toml
//! [[rule]]
//! code = "Z101"                       # Z100–Z999 are for these rules
//! name = "fee-in-part-six"
//! severity = "warning"                # info | warning | error
//! message = "第六部分应说明信息处理费的收取情况"
//! help = "按本省通知，第六部分须写明本年度收取信息处理费的情况（未收取也应写明）。"
//! scope = "part 6"                    # "part 1"…"part 6", "title", "text"
//! must-mention = "信息处理费"          # or must-mention-pattern (a regex),
//!                                     # must-not-mention, must-not-mention-pattern
//! replacement = "…"                   # with must-not-…: offered as an unsafe fix
//! years = [2023, 2024]                # only reports of these years
//! ```
//!
//! Text is matched in the normalised view (full-width letters and digits
//! folded, traditional characters simplified), so a phrase is found however
//! the report was typed.

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rule::{FixAvailability, RuleMeta};
use crate::Severity;
use regex::Regex;
use report_lint_core::{Report, SectionKind, Span};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// One `[[rule]]` of a configuration.
#[derive(Debug)]
pub struct DeclarativeRule {
    pub meta: &'static RuleMeta,
    scope: Scope,
    condition: Condition,
    years: Option<Vec<u16>>,
    /// The rule as written, to tell two configurations apart.
    pub definition: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Part(SectionKind),
    Title,
    Text,
}

#[derive(Debug)]
enum Condition {
    MustMention(Regex),
    MustNotMention(Regex, Option<String>),
}

/// The `[[rule]]`s of one configuration, in the file's order.
#[derive(Debug, Clone, Default)]
pub struct DeclarativeRules(pub Vec<Arc<DeclarativeRule>>);

impl PartialEq for DeclarativeRules {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint() == other.fingerprint()
    }
}

impl DeclarativeRules {
    /// Everything findings depend on, for the result cache's key.
    pub fn fingerprint(&self) -> String {
        self.0
            .iter()
            .map(|r| r.definition.as_str())
            .collect::<Vec<_>>()
            .join("\u{1}")
    }

    pub fn metas(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.0.iter().map(|r| r.meta)
    }
}

/// The keys a `[[rule]]` may have.
const KEYS: [&str; 12] = [
    "code",
    "name",
    "severity",
    "message",
    "help",
    "scope",
    "must-mention",
    "must-mention-pattern",
    "must-not-mention",
    "must-not-mention-pattern",
    "replacement",
    "years",
];

/// Reads one `[[rule]]` table; `known` are the codes and names already
/// taken (built-in rules and earlier `[[rule]]`s). The error is a message
/// for the user, without the file and line (the caller adds them).
pub fn parse_rule(table: &toml::Table, known: &[&RuleMeta]) -> Result<DeclarativeRule, String> {
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            return Err(format!("未知的键“{key}”（可用：{}）", KEYS.join("、")));
        }
    }
    let text = |key: &str| -> Result<Option<String>, String> {
        match table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(format!("“{key}”应为非空字符串")),
        }
    };
    let required = |key: &str| text(key)?.ok_or_else(|| format!("缺少“{key}”"));
    let code = required("code")?.to_ascii_uppercase();
    let reserved = code.len() == 4
        && code.starts_with('Z')
        && code[1..].parse::<u16>().is_ok_and(|n| n >= 100);
    if !reserved {
        return Err(format!("规则代码“{code}”应在 Z100–Z999 之间（这一段留给配置文件中的规则）"));
    }
    let name = required("name")?;
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!("规则名称“{name}”应由小写字母、数字和连字符组成，如 fee-in-part-six"));
    }
    if let Some(other) = known.iter().find(|m| m.code == code || m.name == name) {
        return Err(format!(
            "规则代码或名称与已有规则 {}（{}）重复",
            other.code, other.name
        ));
    }
    let severity = match text("severity")? {
        None => Severity::Warning,
        Some(s) => Severity::parse(&s)
            .ok_or_else(|| "“severity”应为 \"info\"、\"warning\" 或 \"error\"".to_string())?,
    };
    let message = required("message")?;
    let help = text("help")?;
    let scope = scope(&required("scope")?)?;
    let pattern = |key: &str, literal: bool| -> Result<Option<Regex>, String> {
        let Some(s) = text(key)? else {
            return Ok(None);
        };
        let source = if literal { regex::escape(&s) } else { s };
        regex::RegexBuilder::new(&source)
            .size_limit(1 << 20)
            .build()
            .map(Some)
            .map_err(|e| format!("“{key}”不是有效的正则表达式：{e}"))
    };
    let mention = [
        pattern("must-mention", true)?,
        pattern("must-mention-pattern", false)?,
    ];
    let absent = [
        pattern("must-not-mention", true)?,
        pattern("must-not-mention-pattern", false)?,
    ];
    let replacement = text("replacement")?;
    let condition = match (mention, absent) {
        ([Some(r), None] | [None, Some(r)], [None, None]) => {
            if replacement.is_some() {
                return Err("“replacement”只能与 must-not-mention 或 must-not-mention-pattern 一起使用".into());
            }
            Condition::MustMention(r)
        }
        ([None, None], [Some(r), None] | [None, Some(r)]) => Condition::MustNotMention(r, replacement),
        _ => {
            return Err(
                "应有且只有一个条件：must-mention、must-mention-pattern、must-not-mention 或 must-not-mention-pattern"
                    .into(),
            )
        }
    };
    let years = match table.get("years") {
        None => None,
        Some(toml::Value::Array(items)) => Some(
            items
                .iter()
                .map(|y| {
                    y.as_integer()
                        .and_then(|y| u16::try_from(y).ok())
                        .ok_or_else(|| "“years”应为年份列表，如 [2023, 2024]".to_string())
                })
                .collect::<Result<Vec<u16>, String>>()?,
        ),
        Some(_) => return Err("“years”应为年份列表，如 [2023, 2024]".into()),
    };
    let fixes = matches!(condition, Condition::MustNotMention(_, Some(_)));
    let definition = toml::to_string(table).unwrap_or_default();
    let docs = format!(
        "## 检查内容\n{message}\n\n## 说明\n{}\n\n（配置文件中的规则：范围 {}）\n",
        help.as_deref().unwrap_or("（配置文件未写 help）"),
        required("scope")?
    );
    Ok(DeclarativeRule {
        meta: intern(RuleMeta {
            code: leak(code),
            name: leak(name),
            family: "declarative",
            summary: leak(message),
            severity,
            fix: if fixes {
                FixAvailability::Sometimes
            } else {
                FixAvailability::None
            },
            docs: leak(docs),
            pack: "report-lint.toml",
            options: &[],
        }),
        scope,
        condition,
        years,
        definition,
    })
}

fn scope(s: &str) -> Result<Scope, String> {
    let s = s.trim();
    if s == "title" {
        return Ok(Scope::Title);
    }
    if s == "text" {
        return Ok(Scope::Text);
    }
    s.strip_prefix("part")
        .map(str::trim)
        .and_then(|n| n.parse::<usize>().ok())
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| SectionKind::ALL.get(i).copied())
        .map(Scope::Part)
        .ok_or_else(|| format!("“scope”应为 \"part 1\"…\"part 6\"、\"title\" 或 \"text\"，实为“{s}”"))
}

/// Rule metadata lives as long as the program, like a built-in rule's. A
/// configuration read again (the language server reloads it on every
/// change) reuses what it made the first time instead of leaking again.
fn intern(meta: RuleMeta) -> &'static RuleMeta {
    static SEEN: LazyLock<Mutex<HashMap<String, &'static RuleMeta>>> = LazyLock::new(Default::default);
    let key = format!(
        "{}\u{1}{}\u{1}{}\u{1}{}\u{1}{:?}\u{1}{:?}",
        meta.code, meta.name, meta.summary, meta.docs, meta.severity, meta.fix
    );
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    seen.entry(key).or_insert_with(|| Box::leak(Box::new(meta)))
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

impl DeclarativeRule {
    pub fn check(&self, report: &Report) -> Vec<Diagnostic> {
        if let Some(years) = &self.years {
            if !report.meta.year.as_ref().is_some_and(|y| years.contains(&y.value)) {
                return Vec::new();
            }
        }
        // The region searched (source span) and where a missing phrase is
        // reported; a part the report lacks is S001's, not this rule's.
        let (region, anchor) = match self.scope {
            Scope::Text => (Span::new(0, report.source.text.len()), None),
            Scope::Title => match &report.meta.title {
                Some(title) => (title.span, Some(title.span)),
                None => return Vec::new(),
            },
            Scope::Part(kind) => match report.sections.iter().find(|s| s.kind == kind) {
                Some(section) => (Span::new(section.heading.start, section.body.end), Some(section.heading)),
                None => return Vec::new(),
            },
        };
        let view = &report.view;
        let from = view.view_offset(region.start).min(view.text.len());
        let to = view.view_offset(region.end).clamp(from, view.text.len());
        let (from, to) = (
            view.text.floor_char_boundary(from),
            view.text.floor_char_boundary(to),
        );
        let text = &view.text[from..to];
        match &self.condition {
            Condition::MustMention(pattern) => {
                if pattern.is_match(text) {
                    return Vec::new();
                }
                let span = anchor.unwrap_or(Span::new(0, 0));
                vec![Diagnostic::new(self.meta, span, self.meta.summary)]
            }
            Condition::MustNotMention(pattern, replacement) => pattern
                .find_iter(text)
                .filter(|m| !m.as_str().is_empty())
                .map(|m| {
                    let span = view.to_source(Span::new(from + m.start(), from + m.end()));
                    let found = Diagnostic::new(
                        self.meta,
                        span,
                        format!("{}（“{}”）", self.meta.summary, m.as_str()),
                    );
                    match replacement {
                        Some(r) => found.with_fix(Fix::replace(
                            format!("改为“{r}”"),
                            span,
                            r.clone(),
                            Applicability::Unsafe,
                        )),
                        None => found,
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::table3_report;
    use crate::{Config, Linter};
    use report_lint_core::parse_str;

    fn lint(config: &str, text: &str) -> Vec<Diagnostic> {
        let metas: Vec<&RuleMeta> = crate::registry().expect("unique").iter().map(|r| r.meta).collect();
        let config: Config = crate::config_file::parse(config, &metas).expect("valid");
        Linter::new(config).expect("unique").lint(&parse_str("r.txt", text))
    }

    const FEE: &str = r#"
        [[rule]]
        code = "Z101"
        name = "fee-in-part-six"
        message = "第六部分应说明信息处理费的收取情况"
        scope = "part 6"
        must-mention = "信息处理费"
    "#;

    #[test]
    fn a_phrase_a_part_must_mention() {
        let text = table3_report(&[]);
        assert!(lint(FEE, &text).iter().all(|d| d.code != "Z101"));
        let without = text.replace("本年度未收取信息处理费。", "本年度无其他事项。");
        let found: Vec<_> = lint(FEE, &without).into_iter().filter(|d| d.code == "Z101").collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, "第六部分应说明信息处理费的收取情况");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(&without[found[0].span.start..found[0].span.end], "六、其他需要报告的事项");
        // select, ignore and severity apply as to any rule.
        let ignored = format!("ignore = [\"Z101\"]\n{FEE}");
        assert!(lint(&ignored, &without).iter().all(|d| d.code != "Z101"));
        let severe = format!("[severity]\nZ101 = \"error\"\n{FEE}");
        let found = lint(&severe, &without);
        assert!(found.iter().any(|d| d.code == "Z101" && d.severity == Severity::Error));
    }

    #[test]
    fn a_pattern_that_must_not_appear_with_its_fix_and_years() {
        let config = r#"
            [[rule]]
            code = "Z102"
            name = "old-office-name"
            severity = "error"
            message = "机构名称已变更"
            scope = "text"
            must-not-mention-pattern = "政务公开(办公室|科)"
            replacement = "政务公开办"
            years = [2023]
        "#;
        let text = table3_report(&[]).replace("2023年，我局认真落实《条例》。", "2023年，我局政务公开科认真落实《条例》。");
        let found: Vec<_> = lint(config, &text).into_iter().filter(|d| d.code == "Z102").collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, "机构名称已变更（“政务公开科”）");
        assert_eq!(&text[found[0].span.start..found[0].span.end], "政务公开科");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "政务公开办");
        let other_year = config.replace("[2023]", "[2021]");
        assert!(lint(other_year.as_str(), &text).iter().all(|d| d.code != "Z102"));
    }

    #[test]
    fn mistakes_are_errors_that_name_the_rule_and_its_line() {
        let metas: Vec<&RuleMeta> = crate::registry().expect("unique").iter().map(|r| r.meta).collect();
        let cases = [
            (FEE.replace("Z101", "B001"), "Z100–Z999"),
            (FEE.replace("\"part 6\"", "\"part 9\""), "scope"),
            (FEE.replace("must-mention = ", "must-mention-pattern = \"(\"\nx = "), "未知的键“x”"),
            (FEE.replace("must-mention = \"信息处理费\"", "must-mention-pattern = \"(\""), "正则表达式"),
            (FEE.replace("must-mention = \"信息处理费\"", ""), "条件"),
            (format!("{FEE}\n{FEE}"), "重复"),
        ];
        for (config, named) in cases {
            let err = crate::config_file::parse(&config, &metas).expect_err(&config);
            assert!(err.contains(named) && err.contains("第") && err.contains("行"), "{config}: {err}");
        }
    }
}
