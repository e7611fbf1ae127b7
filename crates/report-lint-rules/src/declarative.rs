//! Rules written in `report-lint.toml` rather than in Rust (`[[rule]]`).
//! Most provincial rules are of a few kinds — a part must (or must not)
//! mention something, a table cell must be zero or filled in, a figure in
//! the prose must agree with a cell — and a province writes them in ten
//! lines of configuration. They run wherever the configuration does (the
//! command line, the language server) with the same
//! select/ignore/severity/suppression as the built-in rules.
//!
//! ```toml
//! [[rule]]
//! code = "Z101"                       # Z100–Z999 are for these rules
//! name = "fee-in-part-six"
//! severity = "warning"                # info | warning | error
//! message = "第六部分应说明信息处理费的收取情况"
//! help = "按本省通知，第六部分须写明本年度收取信息处理费的情况（未收取也应写明）。"
//! scope = "part 6"                    # "part 1"…"part 6", "title", "text",
//!                                     # "table 2", "table 3", "table 4"
//! must-mention = "信息处理费"          # or a list, all of which must appear;
//!                                     # must-mention-pattern (a regex),
//!                                     # must-not-mention, must-not-mention-pattern
//! when-mentions = "处理费"             # only when the scope mentions this (or -pattern)
//! replacement = "…"                   # with must-not-…: offered as an unsafe fix
//! years = [2023, 2024]                # only reports of these years
//! agency-kinds = ["government"]       # government | department | township (as D003)
//!
//! [[rule]]                            # a table's cells, by the template's labels
//! scope = "table 3"
//! row = "（三）不予公开"               # a row, a group of sub-rows, "（三）1", …
//! column = "总计"                      # an applicant column, or "法人或其他组织"
//! must-be-zero = true                 # or must-be-non-empty = true
//!
//! [[rule]]                            # a figure in the prose against a cell
//! scope = "part 3"
//! number-pattern = '共收到政府信息公开申请(\d+)件'   # one capture group
//! compare = "="                       # "=", "<=", ">=": scope's figure OP with's
//! with = { scope = "table 3", row = "一、本年新收政府信息公开申请数量", column = "总计" }
//! ```
//!
//! Text is matched in the normalised view (full-width letters and digits
//! folded, traditional characters simplified), so a phrase is found however
//! the report was typed. Tables are read from the parsed report, the way the
//! built-in cell rules read them: a row the parser could not read, a cell
//! that is not a number, a pattern found with two different figures — each
//! makes the rule silent, for a finding must be a fact about the report.

use crate::checks::late_publication::{agency_kind, AgencyKind};
use crate::checks::table3::CellName;
use crate::config::RuleOptions;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::rule::{FixAvailability, RuleMeta};
use crate::Severity;
use regex::Regex;
use report_lint_core::labels::key;
use report_lint_core::template::{
    ProactiveBlockSpec, RequestGroup, RequestRow, TemplateVersion, REQUEST_COLUMNS, REVIEW_COLUMNS,
    REVIEW_GROUPS,
};
use report_lint_core::{quote, Cell, CellValue, Decimal, Report, SectionKind, Span};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

/// One `[[rule]]` of a configuration.
#[derive(Debug)]
pub struct DeclarativeRule {
    pub meta: &'static RuleMeta,
    scope: Scope,
    condition: Condition,
    /// The rule applies only when its scope mentions this.
    when: Option<Regex>,
    years: Option<Vec<u16>>,
    agency_kinds: Option<Vec<AgencyKind>>,
    /// The rule as written, to tell two configurations apart.
    pub definition: String,
    /// The file it was written in (`report-lint.toml` or a file it
    /// includes), when it was read from a file.
    pub source: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    Part(SectionKind),
    Title,
    Text,
    Table(Table),
}

/// Cells of one table, addressed by the template's labels. An empty list
/// stands for every row (or column).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Table {
    /// Table 二: template row and column labels (of either template).
    Proactive {
        rows: Vec<&'static str>,
        columns: Vec<&'static str>,
    },
    /// Table 三: row keys (of either template) and column indices.
    Requests {
        rows: Vec<RequestRow>,
        columns: Vec<usize>,
    },
    /// Table 四: group indices (行政复议, 未经复议直接起诉, 复议后起诉) and
    /// column indices.
    Review {
        groups: Vec<usize>,
        columns: Vec<usize>,
    },
}

#[derive(Debug)]
enum Condition {
    /// Every pattern must be found.
    MustMention(Vec<Regex>),
    MustNotMention(Regex, Option<String>),
    MustBeZero,
    MustBeNonEmpty,
    Compare {
        left: Operand,
        op: Op,
        right: Operand,
    },
}

#[derive(Debug)]
enum Operand {
    /// One cell of a table (`Scope::Table` addressing exactly one).
    Cell(Table),
    /// The figure that a pattern's one capture group finds in a scope.
    Number(Scope, Regex),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Le,
    Ge,
}

impl Op {
    fn holds(self, ordering: Ordering) -> bool {
        match self {
            Op::Eq => ordering == Ordering::Equal,
            Op::Le => ordering != Ordering::Greater,
            Op::Ge => ordering != Ordering::Less,
        }
    }

    fn should(self) -> &'static str {
        match self {
            Op::Eq => "应相等",
            Op::Le => "前者应不大于后者",
            Op::Ge => "前者应不小于后者",
        }
    }
}

/// The `[[rule]]`s of one configuration, in the file's order (a file's own
/// rules, then those of the files it includes).
#[derive(Debug, Clone, Default)]
pub struct DeclarativeRules(pub Vec<Arc<DeclarativeRule>>);

impl PartialEq for DeclarativeRules {
    fn eq(&self, other: &Self) -> bool {
        self.fingerprint() == other.fingerprint()
    }
}

impl DeclarativeRules {
    /// Everything findings depend on, for the result cache's key: every
    /// rule as written, whichever file (included or not) it came from.
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

/// Why a `[[rule]]` cannot be used: a message for the user, and the key it
/// is about (so the caller can name its line), without the file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub key: Option<String>,
    pub message: String,
}

impl From<String> for RuleError {
    fn from(message: String) -> RuleError {
        RuleError { key: None, message }
    }
}

fn at(key: &str, message: impl Into<String>) -> RuleError {
    RuleError {
        key: Some(key.to_string()),
        message: message.into(),
    }
}

/// The keys a `[[rule]]` may have.
const KEYS: [&str; 22] = [
    "code",
    "name",
    "severity",
    "message",
    "help",
    "scope",
    "row",
    "column",
    "must-mention",
    "must-mention-pattern",
    "must-not-mention",
    "must-not-mention-pattern",
    "replacement",
    "when-mentions",
    "when-mentions-pattern",
    "must-be-zero",
    "must-be-non-empty",
    "number-pattern",
    "compare",
    "with",
    "years",
    "agency-kinds",
];

/// The keys of `with`, the other side of a comparison.
const WITH_KEYS: [&str; 4] = ["scope", "row", "column", "number-pattern"];

/// A non-empty string.
fn text(table: &toml::Table, key: &str, name: &str) -> Result<Option<String>, RuleError> {
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
        Some(_) => Err(at(name, format!("“{name}”应为非空字符串"))),
    }
}

/// A non-empty string, or a non-empty list of them.
fn texts(table: &toml::Table, key: &str, name: &str) -> Result<Option<Vec<String>>, RuleError> {
    let wrong = || at(name, format!("“{name}”应为非空字符串或字符串列表"));
    match table.get(key) {
        None => Ok(None),
        Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(Some(vec![s.clone()])),
        Some(toml::Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|i| match i {
                toml::Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
                _ => Err(wrong()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(wrong()),
    }
}

fn regex(source: &str, name: &str) -> Result<Regex, RuleError> {
    regex::RegexBuilder::new(source)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| at(name, format!("“{name}”不是有效的正则表达式：{e}")))
}

/// A pattern given as a phrase (`literal`) or a regex.
fn pattern(table: &toml::Table, key: &str, literal: bool) -> Result<Option<Regex>, RuleError> {
    let Some(s) = text(table, key, key)? else {
        return Ok(None);
    };
    let source = if literal { regex::escape(&s) } else { s };
    regex(&source, key).map(Some)
}

/// `key = true`; `false` is a mistake (it would check nothing).
fn flag(table: &toml::Table, key: &str) -> Result<bool, RuleError> {
    match table.get(key) {
        None => Ok(false),
        Some(toml::Value::Boolean(true)) => Ok(true),
        Some(_) => Err(at(key, format!("“{key}”应写为 {key} = true"))),
    }
}

/// Reads one `[[rule]]` table; `known` are the codes and names already
/// taken (built-in rules and earlier `[[rule]]`s); `source` is the file it
/// is written in, which the rule list names as its source.
pub fn parse_rule(
    table: &toml::Table,
    known: &[&RuleMeta],
    source: Option<&std::path::Path>,
) -> Result<DeclarativeRule, RuleError> {
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            return Err(at(
                key,
                format!("未知的键“{key}”（可用：{}）", KEYS.join("、")),
            ));
        }
    }
    let required =
        |key: &str| text(table, key, key)?.ok_or_else(|| RuleError::from(format!("缺少“{key}”")));
    let code = required("code")?.to_ascii_uppercase();
    let reserved = code.len() == 4
        && code.starts_with('Z')
        && code[1..].parse::<u16>().is_ok_and(|n| n >= 100);
    if !reserved {
        return Err(at(
            "code",
            format!("规则代码“{code}”应在 Z100–Z999 之间（这一段留给配置文件中的规则）"),
        ));
    }
    let name = required("name")?;
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(at(
            "name",
            format!("规则名称“{name}”应由小写字母、数字和连字符组成，如 fee-in-part-six"),
        ));
    }
    if let Some(other) = known.iter().find(|m| m.code == code || m.name == name) {
        let key = if other.code == code { "code" } else { "name" };
        return Err(at(
            key,
            format!(
                "规则代码或名称与已有规则 {}（{}，来源 {}）重复",
                other.code, other.name, other.pack
            ),
        ));
    }
    let severity = match text(table, "severity", "severity")? {
        None => Severity::Warning,
        Some(s) => Severity::parse(&s).ok_or_else(|| {
            at(
                "severity",
                "“severity”应为 \"info\"、\"warning\" 或 \"error\"",
            )
        })?,
    };
    let message = required("message")?;
    let help = text(table, "help", "help")?;
    let scope_text = required("scope")?;
    let scope = scope(
        &scope_text,
        texts(table, "row", "row")?,
        texts(table, "column", "column")?,
        "",
    )?;
    let condition = condition(table, &scope)?;
    let when = match (
        pattern(table, "when-mentions", true)?,
        pattern(table, "when-mentions-pattern", false)?,
    ) {
        (None, None) => None,
        (Some(r), None) | (None, Some(r)) => Some(r),
        (Some(_), Some(_)) => {
            return Err(at(
                "when-mentions-pattern",
                "when-mentions 与 when-mentions-pattern 只能写一个",
            ))
        }
    };
    if when.is_some() && matches!(scope, Scope::Table(_)) {
        let key = if table.contains_key("when-mentions") {
            "when-mentions"
        } else {
            "when-mentions-pattern"
        };
        return Err(at(
            key,
            format!("“{key}”只能用于文字范围（part、title、text），不能用于表格"),
        ));
    }
    let years = match table.get("years") {
        None => None,
        Some(toml::Value::Array(items)) => Some(
            items
                .iter()
                .map(|y| {
                    y.as_integer()
                        .and_then(|y| u16::try_from(y).ok())
                        .ok_or_else(|| at("years", "“years”应为年份列表，如 [2023, 2024]"))
                })
                .collect::<Result<Vec<u16>, RuleError>>()?,
        ),
        Some(_) => return Err(at("years", "“years”应为年份列表，如 [2023, 2024]")),
    };
    let agency_kinds = match texts(table, "agency-kinds", "agency-kinds")? {
        None => None,
        Some(kinds) => Some(
            kinds
                .iter()
                .map(|k| match k.as_str() {
                    "government" => Ok(AgencyKind::Government),
                    "department" => Ok(AgencyKind::Department),
                    "township" => Ok(AgencyKind::Township),
                    other => Err(at(
                        "agency-kinds",
                        format!(
                            "“agency-kinds”的每一项应为 \"government\"、\"department\" 或 \"township\"，实为“{other}”"
                        ),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let fixes = matches!(condition, Condition::MustNotMention(_, Some(_)));
    let definition = toml::to_string(table).unwrap_or_default();
    let docs = format!(
        "## 检查内容\n{message}\n\n## 说明\n{}\n\n（配置文件中的规则：范围 {}）\n",
        help.as_deref().unwrap_or("（配置文件未写 help）"),
        describe(&scope_text, table)
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
            pack: source.map_or("report-lint.toml", |p| leak(p.display().to_string())),
            options: &[],
        }),
        scope,
        condition,
        when,
        years,
        agency_kinds,
        definition,
        source: None,
    })
}

/// The scope as the documentation shows it: "table 3，行 …，列 …".
fn describe(scope: &str, table: &toml::Table) -> String {
    let mut out = scope.to_string();
    for (key, what) in [("row", "行"), ("column", "列")] {
        match table.get(key) {
            Some(toml::Value::String(s)) => out.push_str(&format!("，{what}“{s}”")),
            Some(toml::Value::Array(items)) => {
                let items: Vec<&str> = items.iter().filter_map(toml::Value::as_str).collect();
                out.push_str(&format!("，{what}“{}”", items.join("”“")));
            }
            _ => {}
        }
    }
    out
}

/// The one condition of a rule.
fn condition(table: &toml::Table, scope: &Scope) -> Result<Condition, RuleError> {
    let literal = |key: &str| -> Result<Option<Vec<Regex>>, RuleError> {
        texts(table, key, key)?
            .map(|phrases| {
                phrases
                    .iter()
                    .map(|p| regex(&regex::escape(p), key))
                    .collect()
            })
            .transpose()
    };
    let mention = [
        literal("must-mention")?,
        pattern(table, "must-mention-pattern", false)?.map(|r| vec![r]),
    ];
    let absent = [
        pattern(table, "must-not-mention", true)?,
        pattern(table, "must-not-mention-pattern", false)?,
    ];
    let zero = flag(table, "must-be-zero")?;
    let filled = flag(table, "must-be-non-empty")?;
    let compare = text(table, "compare", "compare")?;
    let number = text(table, "number-pattern", "number-pattern")?;
    let replacement = text(table, "replacement", "replacement")?;
    let given = mention.iter().filter(|m| m.is_some()).count()
        + absent.iter().filter(|m| m.is_some()).count()
        + usize::from(zero)
        + usize::from(filled)
        + usize::from(compare.is_some());
    if given != 1 {
        return Err(
            "应有且只有一个条件：must-mention、must-mention-pattern、must-not-mention、must-not-mention-pattern、must-be-zero、must-be-non-empty 或 compare"
                .to_string()
                .into(),
        );
    }
    if replacement.is_some() && absent.iter().all(Option::is_none) {
        return Err(at(
            "replacement",
            "“replacement”只能与 must-not-mention 或 must-not-mention-pattern 一起使用",
        ));
    }
    if number.is_some() && compare.is_none() {
        return Err(at(
            "number-pattern",
            "“number-pattern”只能与 compare 一起使用",
        ));
    }
    if table.contains_key("with") && compare.is_none() {
        return Err(at("with", "“with”只能与 compare 一起使用"));
    }
    let is_table = matches!(scope, Scope::Table(_));
    let text_condition = mention.iter().any(Option::is_some) || absent.iter().any(Option::is_some);
    if is_table && text_condition {
        let key = [
            "must-mention",
            "must-mention-pattern",
            "must-not-mention",
            "must-not-mention-pattern",
        ]
        .into_iter()
        .find(|k| table.contains_key(*k))
        .unwrap_or("scope");
        return Err(at(
            key,
            format!("“{key}”用于文字范围；表格范围（table 2/3/4）请用 must-be-zero、must-be-non-empty 或 compare"),
        ));
    }
    if !is_table && (zero || filled) {
        let key = if zero {
            "must-be-zero"
        } else {
            "must-be-non-empty"
        };
        return Err(at(
            key,
            format!("“{key}”用于表格范围（scope = \"table 2\"、\"table 3\" 或 \"table 4\"）"),
        ));
    }
    if let Some(r) = absent.into_iter().flatten().next() {
        return Ok(Condition::MustNotMention(r, replacement));
    }
    if let Some(patterns) = mention.into_iter().flatten().next() {
        return Ok(Condition::MustMention(patterns));
    }
    if zero {
        return Ok(Condition::MustBeZero);
    }
    if filled {
        return Ok(Condition::MustBeNonEmpty);
    }
    // compare: the scope's figure against `with`'s.
    let op = match compare.as_deref().map(str::trim) {
        Some("=" | "==") => Op::Eq,
        Some("<=" | "≤") => Op::Le,
        Some(">=" | "≥") => Op::Ge,
        other => {
            return Err(at(
                "compare",
                format!(
                    "“compare”应为 \"=\"、\"<=\" 或 \">=\"，实为“{}”",
                    other.unwrap_or_default()
                ),
            ))
        }
    };
    let left = operand(scope.clone(), number, "")?;
    let Some(toml::Value::Table(with)) = table.get("with") else {
        return Err(at(
            "with",
            "compare 须有“with”：比较的另一方，如 with = { scope = \"table 3\", row = \"（七）总计\", column = \"总计\" }",
        ));
    };
    for key in with.keys() {
        if !WITH_KEYS.contains(&key.as_str()) {
            return Err(at(
                "with",
                format!(
                    "“with”中有未知的键“{key}”（可用：{}）",
                    WITH_KEYS.join("、")
                ),
            ));
        }
    }
    let with_scope =
        text(with, "scope", "with.scope")?.ok_or_else(|| at("with", "“with”缺少“scope”"))?;
    let right_scope = self::scope(
        &with_scope,
        texts(with, "row", "with.row")?,
        texts(with, "column", "with.column")?,
        "with.",
    )?;
    let right = operand(
        right_scope,
        text(with, "number-pattern", "with.number-pattern")?,
        "with.",
    )?;
    Ok(Condition::Compare { left, op, right })
}

/// One side of a comparison: a single cell of a table, or a pattern's
/// figure in a part, the title or the text.
fn operand(scope: Scope, number: Option<String>, prefix: &str) -> Result<Operand, RuleError> {
    let name = format!("{prefix}number-pattern");
    match (scope, number) {
        (Scope::Table(table), None) => {
            if table.is_single() {
                Ok(Operand::Cell(table))
            } else {
                Err(at(
                    &format!("{prefix}row"),
                    format!("compare 比较的是一个单元格：“{prefix}row”和“{prefix}column”应各指向一行、一列"),
                ))
            }
        }
        (Scope::Table(_), Some(_)) => Err(at(
            &name,
            format!("“{name}”用于文字范围；表格范围用 row 和 column 指向一个单元格"),
        )),
        (_, None) => Err(at(
            &name,
            format!("文字范围参与比较时须有“{name}”：一个带一个捕获组的正则表达式，如 '共收到政府信息公开申请(\\d+)件'"),
        )),
        (scope, Some(source)) => {
            let r = regex(&source, &name)?;
            if r.captures_len() != 2 {
                return Err(at(
                    &name,
                    format!("“{name}”应有且只有一个捕获组（括号），括起要比较的数字"),
                ));
            }
            Ok(Operand::Number(scope, r))
        }
    }
}

/// A `scope` with its `row` and `column`.
fn scope(
    s: &str,
    rows: Option<Vec<String>>,
    columns: Option<Vec<String>>,
    prefix: &str,
) -> Result<Scope, RuleError> {
    let s = s.trim();
    let scope_key = format!("{prefix}scope");
    let table = match s {
        "table 2" | "table2" | "表二" => Some(2),
        "table 3" | "table3" | "表三" => Some(3),
        "table 4" | "table4" | "表四" => Some(4),
        _ => None,
    };
    let Some(n) = table else {
        let text = match s {
            "title" => Some(Scope::Title),
            "text" => Some(Scope::Text),
            _ => s
                .strip_prefix("part")
                .map(str::trim)
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| SectionKind::ALL.get(i).copied())
                .map(Scope::Part),
        };
        let text = text.ok_or_else(|| {
            at(
                &scope_key,
                format!(
                    "“{scope_key}”应为 \"part 1\"…\"part 6\"、\"title\"、\"text\"、\"table 2\"、\"table 3\" 或 \"table 4\"，实为“{s}”"
                ),
            )
        })?;
        if rows.is_some() || columns.is_some() {
            let key = if rows.is_some() { "row" } else { "column" };
            return Err(at(
                &format!("{prefix}{key}"),
                format!("“{prefix}{key}”只能用于表格范围（\"table 2\"、\"table 3\"、\"table 4\"）"),
            ));
        }
        return Ok(text);
    };
    let row_key = format!("{prefix}row");
    let column_key = format!("{prefix}column");
    let rows = rows.unwrap_or_default();
    let columns = columns.unwrap_or_default();
    let unknown = |key: &str, what: &str, label: &str, examples: &str| {
        at(
            key,
            format!(
                "表{}没有{what}“{label}”（可写模板中的名称，如 {examples}）",
                ["二", "三", "四"][n - 2]
            ),
        )
    };
    let table = match n {
        2 => {
            let rows = rows
                .iter()
                .map(|r| {
                    proactive_row(r).ok_or_else(|| {
                        unknown(
                            &row_key,
                            "行",
                            r,
                            "“规章”“行政规范性文件”“行政许可”“行政事业性收费”",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let columns = columns
                .iter()
                .map(|c| {
                    proactive_column(c).ok_or_else(|| {
                        unknown(
                            &column_key,
                            "列",
                            c,
                            "“本年制发件数”“现行有效件数”“本年处理决定数量”",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            // Each row must have each column in one of the templates.
            for row in &rows {
                for column in &columns {
                    let exists =
                        specs().any(|b| b.rows.contains(row) && b.columns.contains(column));
                    if !exists {
                        return Err(at(&column_key, format!("表二“{row}”行没有“{column}”列")));
                    }
                }
            }
            Table::Proactive { rows, columns }
        }
        3 => {
            let rows = rows
                .iter()
                .map(|r| {
                    request_rows(r).ok_or_else(|| {
                        unknown(
                            &row_key,
                            "行",
                            r,
                            "“一、本年新收政府信息公开申请数量”“（一）予以公开”“（三）不予公开”“（三）1”“（七）总计”",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
                .concat();
            let columns = columns
                .iter()
                .map(|c| {
                    request_columns(c).ok_or_else(|| {
                        unknown(
                            &column_key,
                            "列",
                            c,
                            "“自然人”“商业企业”“法人或其他组织”“总计”",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
                .concat();
            Table::Requests { rows, columns }
        }
        _ => {
            let groups = rows
                .iter()
                .map(|r| {
                    review_groups(r).ok_or_else(|| {
                        unknown(
                            &row_key,
                            "行",
                            r,
                            "“行政复议”“未经复议直接起诉”“复议后起诉”“行政诉讼”",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
                .concat();
            let columns = columns
                .iter()
                .map(|c| {
                    index_of(&REVIEW_COLUMNS, c).ok_or_else(|| {
                        unknown(
                            &column_key,
                            "列",
                            c,
                            "“结果维持”“结果纠正”“其他结果”“尚未审结”“总计”",
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Table::Review { groups, columns }
        }
    };
    Ok(Scope::Table(table))
}

fn specs() -> impl Iterator<Item = &'static ProactiveBlockSpec> {
    ProactiveBlockSpec::for_version(TemplateVersion::V2021)
        .iter()
        .chain(ProactiveBlockSpec::for_version(TemplateVersion::V2019))
}

fn proactive_row(label: &str) -> Option<&'static str> {
    let k = key(label);
    specs()
        .flat_map(|b| b.rows.iter().copied())
        .find(|r| key(r) == k)
}

fn proactive_column(label: &str) -> Option<&'static str> {
    let k = key(label);
    specs()
        .flat_map(|b| b.columns.iter().copied())
        .find(|c| key(c) == k)
}

fn index_of(labels: &[&str], label: &str) -> Option<usize> {
    let k = key(label);
    labels.iter().position(|l| key(l) == k)
}

/// The rows of table 三 a label names, in either template: a row
/// ("（一）予以公开", "予以公开", "（三）1", "（三）不予公开1.属于国家秘密",
/// "属于国家秘密"), or a group of numbered sub-rows ("（三）不予公开").
fn request_rows(label: &str) -> Option<Vec<RequestRow>> {
    let k = key(label);
    let versions = [TemplateVersion::V2021, TemplateVersion::V2019];
    for group in RequestGroup::ALL {
        if k == key(group.label()) || k == key(group.bare_label()) {
            let mut rows: Vec<RequestRow> = versions
                .iter()
                .flat_map(|&v| RequestRow::all(v))
                .filter(|r| {
                    r.group() == Some(group)
                        || (group == RequestGroup::OtherHandling
                            && *r == RequestRow::OtherHandling(0))
                })
                .collect();
            rows.sort();
            rows.dedup();
            return Some(rows);
        }
    }
    for v in versions {
        for row in RequestRow::all(v) {
            let label = row.label(v);
            let mut names = vec![
                key(&label),
                key(&row.short_name()),
                report_lint_core::labels::split(&label).key,
            ];
            if let (Some(group), Some(k)) = (row.group(), row.sub_index()) {
                if let Some(words) = group.sub_rows(v).get(usize::from(k) - 1) {
                    names.push(key(words));
                    names.push(key(&format!("{}{k}", group.label())));
                }
            }
            if names.contains(&k) {
                return Some(vec![row]);
            }
        }
    }
    None
}

/// The columns of table 三 a label names; "法人或其他组织" is its five.
fn request_columns(label: &str) -> Option<Vec<usize>> {
    if key(label) == key("法人或其他组织") {
        return Some((1..=5).collect());
    }
    index_of(&REQUEST_COLUMNS, label).map(|i| vec![i])
}

/// The groups of table 四 a label names; "行政诉讼" is its two.
fn review_groups(label: &str) -> Option<Vec<usize>> {
    let k = key(label);
    if k == key("行政诉讼") {
        return Some(vec![1, 2]);
    }
    if k == key("未经复议直接起诉") {
        return Some(vec![1]);
    }
    if k == key("复议后起诉") {
        return Some(vec![2]);
    }
    index_of(&REVIEW_GROUPS, label).map(|i| vec![i])
}

impl Table {
    /// Whether it names exactly one cell (one side of a comparison).
    fn is_single(&self) -> bool {
        match self {
            Table::Proactive { rows, columns } => rows.len() == 1 && columns.len() == 1,
            Table::Requests { rows, columns } => rows.len() == 1 && columns.len() == 1,
            Table::Review { groups, columns } => groups.len() == 1 && columns.len() == 1,
        }
    }

    /// The addressed cells the parser read in place, each with its name.
    /// Rows it could not read are left out, as the built-in cell rules
    /// leave them: which column a cell of theirs is in is a guess.
    fn cells<'a>(&self, report: &'a Report) -> Vec<(String, &'a Cell)> {
        let mut out = Vec::new();
        match self {
            Table::Requests { rows, columns } => {
                let Some(table) = &report.tables.requests else {
                    return out;
                };
                for row in table.rows.iter().filter(|r| r.readable) {
                    if !rows.is_empty() && !rows.contains(&row.key) {
                        continue;
                    }
                    for (i, (cell, column)) in row.cells.iter().zip(REQUEST_COLUMNS).enumerate() {
                        if columns.is_empty() || columns.contains(&i) {
                            out.push((
                                CellName::Requests {
                                    row: row.key,
                                    column,
                                }
                                .to_string(),
                                cell,
                            ));
                        }
                    }
                }
            }
            Table::Review { groups, columns } => {
                let Some(table) = report.tables.review.as_ref().filter(|t| t.readable) else {
                    return out;
                };
                for (i, cell) in table.cells.iter().enumerate().take(15) {
                    let (g, c) = (i / 5, i % 5);
                    if (groups.is_empty() || groups.contains(&g))
                        && (columns.is_empty() || columns.contains(&c))
                    {
                        out.push((CellName::Review(i).to_string(), cell));
                    }
                }
            }
            Table::Proactive { rows, columns } => {
                let Some(table) = &report.tables.proactive else {
                    return out;
                };
                let version = match report.template_evidence.proactive {
                    TemplateVersion::Unknown => report.template,
                    v => v,
                };
                if version == TemplateVersion::Unknown {
                    // Which template's columns the cells are in is not known.
                    return out;
                }
                for block in &table.blocks {
                    let Some(spec) = ProactiveBlockSpec::for_version(version)
                        .iter()
                        .find(|s| Some(s.item) == block.item)
                    else {
                        continue;
                    };
                    if block.columns.len() != spec.columns.len() {
                        continue;
                    }
                    for row in &block.rows {
                        // A row that does not fill its columns is C003's:
                        // the column of each of its cells is a guess.
                        if row.cells.len() != spec.columns.len() {
                            continue;
                        }
                        let Some(&label) =
                            spec.rows.iter().find(|r| key(r) == key(&row.label.text))
                        else {
                            continue;
                        };
                        if !rows.is_empty() && !rows.contains(&label) {
                            continue;
                        }
                        for (cell, &column) in row.cells.iter().zip(spec.columns) {
                            if columns.is_empty() || columns.contains(&column) {
                                out.push((format!("表二“{label}”行“{}”列", key(column)), cell));
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

/// Rule metadata lives as long as the program, like a built-in rule's. A
/// configuration read again (the language server reloads it on every
/// change) reuses what it made the first time instead of leaking again.
static SEEN: LazyLock<Mutex<HashMap<String, &'static RuleMeta>>> = LazyLock::new(Default::default);

/// A configuration rule read in this process, by code, for pages that
/// document the rules behind their findings (`check --format html`). Two
/// configurations may define one code differently: then the one whose
/// documentation sorts first, so that the answer does not depend on order.
pub fn read_meta(code: &str) -> Option<&'static RuleMeta> {
    let seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    seen.values()
        .copied()
        .filter(|m| m.code == code)
        .min_by_key(|m| (m.docs, m.pack))
}

fn intern(meta: RuleMeta) -> &'static RuleMeta {
    let key = format!(
        "{}\u{1}{}\u{1}{}\u{1}{}\u{1}{:?}\u{1}{:?}\u{1}{}",
        meta.code, meta.name, meta.summary, meta.docs, meta.severity, meta.fix, meta.pack
    );
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    seen.entry(key).or_insert_with(|| Box::leak(Box::new(meta)))
}

/// A string that lives as long as the program, made once per distinct text
/// (a reloaded configuration leaks nothing more).
fn leak(s: String) -> &'static str {
    static SEEN: LazyLock<Mutex<std::collections::HashSet<&'static str>>> =
        LazyLock::new(Default::default);
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&s) = seen.get(s.as_str()) {
        return s;
    }
    let s: &'static str = Box::leak(s.into_boxed_str());
    seen.insert(s);
    s
}

/// The part of the normalised view a text scope covers.
struct Region<'a> {
    text: &'a str,
    /// Where `text` starts in the view.
    from: usize,
    /// Where a missing phrase is reported.
    anchor: Option<Span>,
}

fn region<'a>(scope: &Scope, report: &'a Report) -> Option<Region<'a>> {
    // A part the report lacks is S001's, not this rule's.
    let (source, anchor) = match scope {
        Scope::Text => (Span::new(0, report.source.text.len()), None),
        Scope::Title => {
            let title = report.meta.title.as_ref()?;
            (title.span, Some(title.span))
        }
        Scope::Part(kind) => {
            let section = report.sections.iter().find(|s| s.kind == *kind)?;
            (
                Span::new(section.heading.start, section.body.end),
                Some(section.heading),
            )
        }
        Scope::Table(_) => return None,
    };
    let view = &report.view;
    let from = view.view_offset(source.start).min(view.text.len());
    let to = view.view_offset(source.end).clamp(from, view.text.len());
    let (from, to) = (
        view.text.floor_char_boundary(from),
        view.text.floor_char_boundary(to),
    );
    Some(Region {
        text: &view.text[from..to],
        from,
        anchor,
    })
}

/// A figure read with certainty, where it was read and how to name it.
struct Figure {
    value: Decimal,
    span: Span,
    place: String,
}

impl Operand {
    /// The figure, or `None` when it cannot be read with certainty: the
    /// cell is not read in place or not a number, the pattern is not found,
    /// or it is found with different figures.
    fn figure(&self, report: &Report) -> Option<Figure> {
        match self {
            Operand::Cell(table) => {
                let cells = table.cells(report);
                let [(name, cell)] = cells.as_slice() else {
                    return None;
                };
                let value = match &cell.value {
                    CellValue::Count(n) => Decimal {
                        mantissa: i128::from(*n),
                        scale: 0,
                    },
                    CellValue::Number(d) => *d,
                    _ => return None,
                };
                Some(Figure {
                    value,
                    span: cell.span,
                    place: name.clone(),
                })
            }
            Operand::Number(scope, pattern) => {
                let region = region(scope, report)?;
                let mut found: Option<Figure> = None;
                for captures in pattern.captures_iter(region.text) {
                    let group = captures.get(1)?;
                    let digits: String = group
                        .as_str()
                        .chars()
                        .filter(|c| !matches!(c, ',' | '，') && !c.is_whitespace())
                        .collect();
                    let value = Decimal::parse(&digits)?;
                    match &found {
                        // Two different figures: which one the rule means is a guess.
                        Some(first) if compare(first.value, value)? != Ordering::Equal => {
                            return None
                        }
                        Some(_) => {}
                        None => {
                            let whole = captures.get(0)?;
                            found = Some(Figure {
                                value,
                                span: report.view.to_source(Span::new(
                                    region.from + group.start(),
                                    region.from + group.end(),
                                )),
                                place: format!("“{}”", quote(whole.as_str())),
                            });
                        }
                    }
                }
                found
            }
        }
    }
}

/// Exact comparison of two decimals (`None` past i128).
fn compare(a: Decimal, b: Decimal) -> Option<Ordering> {
    let scale = a.scale.max(b.scale);
    let up = |d: Decimal| d.mantissa.checked_mul(10i128.checked_pow(scale - d.scale)?);
    Some(up(a)?.cmp(&up(b)?))
}

impl DeclarativeRule {
    /// The rule's findings in `report`; `options` are the configuration's
    /// rule options (`[rules.D003] agency-kind` settles `agency-kinds`).
    pub fn check(&self, report: &Report, options: &RuleOptions) -> Vec<Diagnostic> {
        if let Some(years) = &self.years {
            if !report
                .meta
                .year
                .as_ref()
                .is_some_and(|y| years.contains(&y.value))
            {
                return Vec::new();
            }
        }
        if let Some(kinds) = &self.agency_kinds {
            // An agency whose kind is uncertain is in no list: silent.
            if !kinds.contains(&agency_kind(report, options)) {
                return Vec::new();
            }
        }
        if let Some(when) = &self.when {
            if !region(&self.scope, report).is_some_and(|r| when.is_match(r.text)) {
                return Vec::new();
            }
        }
        match &self.condition {
            Condition::MustMention(patterns) => {
                let Some(region) = region(&self.scope, report) else {
                    return Vec::new();
                };
                if patterns.iter().all(|p| p.is_match(region.text)) {
                    return Vec::new();
                }
                let span = region.anchor.unwrap_or(Span::new(0, 0));
                vec![Diagnostic::new(self.meta, span, self.meta.summary)]
            }
            Condition::MustNotMention(pattern, replacement) => {
                let Some(region) = region(&self.scope, report) else {
                    return Vec::new();
                };
                pattern
                    .find_iter(region.text)
                    .filter(|m| !m.as_str().is_empty())
                    .map(|m| {
                        let span = report
                            .view
                            .to_source(Span::new(region.from + m.start(), region.from + m.end()));
                        let found = Diagnostic::new(
                            self.meta,
                            span,
                            format!("{}（“{}”）", self.meta.summary, quote(m.as_str())),
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
                    .collect()
            }
            Condition::MustBeZero | Condition::MustBeNonEmpty => {
                let Scope::Table(table) = &self.scope else {
                    return Vec::new();
                };
                let zero = matches!(self.condition, Condition::MustBeZero);
                table
                    .cells(report)
                    .into_iter()
                    .filter_map(|(name, cell)| {
                        let what = match (&cell.value, zero) {
                            (CellValue::Count(n), true) if *n > 0 => format!("{name}为 {n}"),
                            (CellValue::Number(d), true) if d.mantissa != 0 => {
                                format!("{name}为 {d}")
                            }
                            (CellValue::Blank, false) => format!("{name}未填写"),
                            (CellValue::NotApplicable(marker), false) => {
                                format!("{name}填写为“{}”", quote(marker))
                            }
                            // Blank or not a number when it must be zero,
                            // a figure when it must be filled in: nothing
                            // known against the rule.
                            _ => return None,
                        };
                        Some(Diagnostic::new(
                            self.meta,
                            cell.span,
                            format!("{}（{what}）", self.meta.summary),
                        ))
                    })
                    .collect()
            }
            Condition::Compare { left, op, right } => {
                let (Some(l), Some(r)) = (left.figure(report), right.figure(report)) else {
                    return Vec::new();
                };
                let Some(ordering) = compare(l.value, r.value) else {
                    return Vec::new();
                };
                if op.holds(ordering) {
                    return Vec::new();
                }
                let message = format!(
                    "{}（{}为 {}，{}为 {}，{}）",
                    self.meta.summary,
                    l.place,
                    l.value,
                    r.place,
                    r.value,
                    op.should()
                );
                vec![Diagnostic::new(self.meta, l.span, message)
                    .with_label(r.span, format!("{}为 {}", r.place, r.value))]
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::table3_report;
    use crate::{Config, Linter};
    use report_lint_core::parse_str;

    fn metas() -> Vec<&'static RuleMeta> {
        crate::registry()
            .expect("unique")
            .iter()
            .map(|r| r.meta)
            .collect()
    }

    fn lint(config: &str, text: &str) -> Vec<Diagnostic> {
        let config: Config = crate::config_file::parse(config, &metas()).expect("valid");
        Linter::new(config)
            .expect("unique")
            .lint(&parse_str("r.txt", text))
    }

    /// The findings of one code, as (message, the source text they point at).
    fn found(config: &str, text: &str, code: &str) -> Vec<(String, String)> {
        lint(config, text)
            .into_iter()
            .filter(|d| d.code == code)
            .map(|d| {
                (
                    d.message.clone(),
                    text[d.span.start..d.span.end].to_string(),
                )
            })
            .collect()
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
        let found: Vec<_> = lint(FEE, &without)
            .into_iter()
            .filter(|d| d.code == "Z101")
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, "第六部分应说明信息处理费的收取情况");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            &without[found[0].span.start..found[0].span.end],
            "六、其他需要报告的事项"
        );
        // select, ignore and severity apply as to any rule.
        let ignored = format!("ignore = [\"Z101\"]\n{FEE}");
        assert!(lint(&ignored, &without).iter().all(|d| d.code != "Z101"));
        let severe = format!("[severity]\nZ101 = \"error\"\n{FEE}");
        let found = lint(&severe, &without);
        assert!(found
            .iter()
            .any(|d| d.code == "Z101" && d.severity == Severity::Error));
    }

    #[test]
    fn every_phrase_of_a_list_must_be_mentioned() {
        let config = FEE.replace(
            "must-mention = \"信息处理费\"",
            "must-mention = [\"信息处理费\", \"收费标准\"]",
        );
        let text = table3_report(&[]);
        // One of the two is there: not enough.
        assert_eq!(found(&config, &text, "Z101").len(), 1);
        let both = text.replace(
            "本年度未收取信息处理费。",
            "本年度未收取信息处理费，收费标准已公开。",
        );
        assert!(found(&config, &both, "Z101").is_empty());
    }

    #[test]
    fn when_mentions_limits_the_rule_to_reports_that_mention_it() {
        // Part 六 mentions the fee: it must say how much (or that none was).
        let config = r#"
            [[rule]]
            code = "Z102"
            name = "fee-amount"
            message = "应写明金额"
            scope = "part 6"
            when-mentions = "处理费"
            must-mention-pattern = '未收取|\d\s*万?\s*元'
        "#;
        let part_six = |s: &str| table3_report(&[]).replace("本年度未收取信息处理费。", s);
        assert!(found(config, &part_six("本年度未收取信息处理费。"), "Z102").is_empty());
        assert!(found(config, &part_six("收取信息处理费共计400元。"), "Z102").is_empty());
        assert!(
            found(config, &part_six("本年度无其他事项。"), "Z102").is_empty(),
            "not mentioned"
        );
        assert_eq!(
            found(config, &part_six("按规定收取信息处理费。"), "Z102").len(),
            1
        );
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
        let text = table3_report(&[]).replace(
            "2023年，我局认真落实《条例》。",
            "2023年，我局政务公开科认真落实《条例》。",
        );
        let found: Vec<_> = lint(config, &text)
            .into_iter()
            .filter(|d| d.code == "Z102")
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, "机构名称已变更（“政务公开科”）");
        assert_eq!(&text[found[0].span.start..found[0].span.end], "政务公开科");
        assert_eq!(found[0].fixes[0].edits[0].replacement, "政务公开办");
        let other_year = config.replace("[2023]", "[2021]");
        assert!(lint(other_year.as_str(), &text)
            .iter()
            .all(|d| d.code != "Z102"));
    }

    /// The generated report with one line of its tables replaced.
    fn with_line(old: &str, new: &str) -> String {
        let text = table3_report(&[]);
        assert!(text.contains(old), "{old}");
        text.replace(old, new)
    }

    const ZERO_WITHHELD: &str = r#"
        [[rule]]
        code = "Z201"
        name = "nothing-withheld"
        message = "本省要求不得以国家秘密为由不予公开"
        scope = "table 3"
        row = "（三）1"
        column = "总计"
        must-be-zero = true
    "#;

    #[test]
    fn a_table_three_cell_must_be_zero() {
        let row = "| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        assert!(found(ZERO_WITHHELD, &with_line(row, row), "Z201").is_empty());
        let text = with_line(
            row,
            "| （三）不予公开 | 1.属于国家秘密 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        );
        let z = found(ZERO_WITHHELD, &text, "Z201");
        assert_eq!(
            z,
            [(
                "本省要求不得以国家秘密为由不予公开（表三“（三）1”行“总计”列为 2）".to_string(),
                "2".to_string()
            )]
        );
        // The finding is on the 总计 cell, the last of the row.
        let d = lint(ZERO_WITHHELD, &text)
            .into_iter()
            .find(|d| d.code == "Z201")
            .unwrap();
        assert_eq!(d.span.end, text.find(" 2 |\n| ").map(|i| i + 2).unwrap());
        // The same row, by other names of the template.
        for name in ["（三）不予公开1.属于国家秘密", "属于国家秘密", "(三)1"] {
            let config = ZERO_WITHHELD.replace("（三）1", name);
            assert_eq!(found(&config, &text, "Z201").len(), 1, "{name}");
        }
        // A row that was not read cell for cell (a cell lost): silent.
        let lost = with_line(
            row,
            "| （三）不予公开 | 1.属于国家秘密 | 2 | 0 | 0 | 0 | 0 | 2 |",
        );
        assert!(found(ZERO_WITHHELD, &lost, "Z201").is_empty());
        // A blank cell is not known to be non-zero (C001 reports it).
        let blank = with_line(
            row,
            "| （三）不予公开 | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 |  |",
        );
        assert!(found(ZERO_WITHHELD, &blank, "Z201").is_empty());
    }

    #[test]
    fn a_group_of_sub_rows_and_a_group_of_columns() {
        // Every sub-row of （三）不予公开, in the five 法人或其他组织 columns.
        let config = ZERO_WITHHELD
            .replace("row = \"（三）1\"", "row = \"（三）不予公开\"")
            .replace("column = \"总计\"", "column = \"法人或其他组织\"");
        let text = with_line(
            "| 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| 4.保护第三方合法权益 | 5 | 1 | 0 | 0 | 0 | 3 | 9 |",
        );
        let z: Vec<String> = found(&config, &text, "Z201")
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        assert_eq!(
            z,
            [
                "本省要求不得以国家秘密为由不予公开（表三“（三）4”行“商业企业”列为 1）",
                "本省要求不得以国家秘密为由不予公开（表三“（三）4”行“其他”列为 3）",
            ]
        );
    }

    #[test]
    fn a_cell_that_must_be_filled_in() {
        let config = r#"
            [[rule]]
            code = "Z202"
            name = "granted-total-filled"
            message = "予以公开的总计应填写"
            scope = "table 3"
            row = "（一）予以公开"
            column = "总计"
            must-be-non-empty = true
        "#;
        let row = "| （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        assert!(found(config, &with_line(row, row), "Z202").is_empty());
        let slash = with_line(row, "| （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | / |");
        assert_eq!(
            found(config, &slash, "Z202"),
            [(
                "予以公开的总计应填写（表三“（一）予以公开”行“总计”列填写为“/”）".to_string(),
                "/".to_string()
            )]
        );
        let blank = with_line(row, "| （一）予以公开 | 0 | 0 | 0 | 0 | 0 | 0 |  |");
        let z = found(config, &blank, "Z202");
        assert_eq!(z.len(), 1, "{z:?}");
        assert_eq!(
            z[0].0,
            "予以公开的总计应填写（表三“（一）予以公开”行“总计”列未填写）"
        );
    }

    #[test]
    fn table_four_cells() {
        let config = r#"
            [[rule]]
            code = "Z203"
            name = "no-litigation-pending"
            message = "行政诉讼应全部审结"
            scope = "table 4"
            row = "行政诉讼"
            column = "尚未审结"
            must-be-zero = true
        "#;
        let row = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";
        assert!(found(config, &with_line(row, row), "Z203").is_empty());
        // 行政复议 pending (not addressed), 复议后起诉 pending (addressed).
        let text = with_line(
            row,
            "| 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 4 | 4 |",
        );
        assert_eq!(
            found(config, &text, "Z203")
                .into_iter()
                .map(|(m, _)| m)
                .collect::<Vec<_>>(),
            ["行政诉讼应全部审结（表四“行政诉讼（复议后起诉）”的“尚未审结”为 4）"]
        );
    }

    #[test]
    fn table_two_cells() {
        let config = r#"
            [[rule]]
            code = "Z204"
            name = "no-fees"
            message = "本省已取消行政事业性收费"
            scope = "table 2"
            row = "行政事业性收费"
            column = "本年收费金额（单位：万元）"
            must-be-zero = true
        "#;
        let row = "| 行政事业性收费 | 0 |";
        assert!(found(config, &with_line(row, row), "Z204").is_empty());
        let text = with_line(row, "| 行政事业性收费 | 1.50 |");
        assert_eq!(
            found(config, &text, "Z204"),
            [(
                "本省已取消行政事业性收费（表二“行政事业性收费”行“本年收费金额单位万元”列为 1.50）"
                    .to_string(),
                "1.50".to_string()
            )]
        );
        // Every column of a row: 行政规范性文件 has figures in two of three.
        let all = config
            .replace("row = \"行政事业性收费\"", "row = \"行政规范性文件\"")
            .replace("column = \"本年收费金额（单位：万元）\"\n", "");
        assert_eq!(found(&all, &table3_report(&[]), "Z204").len(), 2);
    }

    /// Part 三 with a sentence of prose before its table.
    fn part_three(sentence: &str, new_requests: [u64; 7]) -> String {
        table3_report(&[("一、本年新收", new_requests)]).replace(
            "三、收到和处理政府信息公开申请情况\n\n",
            &format!("三、收到和处理政府信息公开申请情况\n\n{sentence}\n\n"),
        )
    }

    const RECEIVED: &str = r#"
        [[rule]]
        code = "Z301"
        name = "received-as-in-table"
        message = "正文所写收到申请数与表三不一致"
        scope = "part 3"
        number-pattern = '共收到政府信息公开申请(\d+)件'
        compare = "="
        with = { scope = "table 3", row = "一、本年新收政府信息公开申请数量", column = "总计" }
    "#;

    #[test]
    fn a_figure_in_the_prose_against_a_cell() {
        let agree = part_three("本年度共收到政府信息公开申请5件。", [5, 0, 0, 0, 0, 0, 5]);
        assert!(found(RECEIVED, &agree, "Z301").is_empty());
        let text = part_three("本年度共收到政府信息公开申请7件。", [5, 0, 0, 0, 0, 0, 5]);
        let d = lint(RECEIVED, &text)
            .into_iter()
            .find(|d| d.code == "Z301")
            .expect("Z301");
        assert_eq!(
            d.message,
            "正文所写收到申请数与表三不一致（“共收到政府信息公开申请7件”为 7，表三“一、本年新收政府信息公开申请数量”行“总计”列为 5，应相等）"
        );
        // On the figure in the prose, with the cell as a second label.
        assert_eq!(&text[d.span.start..d.span.end], "7");
        assert_eq!(&text[d.labels[0].span.start..d.labels[0].span.end], "5");
        assert!(text[..d.labels[0].span.start].ends_with("| 5 | 0 | 0 | 0 | 0 | 0 | "));
        // <= and >=.
        let le = RECEIVED.replace("compare = \"=\"", "compare = \"<=\"");
        let ge = RECEIVED.replace("compare = \"=\"", "compare = \">=\"");
        assert_eq!(found(&le, &text, "Z301").len(), 1);
        assert!(found(&ge, &text, "Z301").is_empty());
        assert!(found(&le, &agree, "Z301").is_empty() && found(&ge, &agree, "Z301").is_empty());
        assert!(found(&le, &text, "Z301")[0]
            .0
            .ends_with("前者应不大于后者）"));
    }

    #[test]
    fn a_comparison_is_silent_when_either_side_is_uncertain() {
        let table = [5, 0, 0, 0, 0, 0, 5];
        // The sentence is not there.
        assert!(found(RECEIVED, &part_three("本年度收到申请若干。", table), "Z301").is_empty());
        // Two different figures: which one is meant is a guess.
        let two = part_three(
            "共收到政府信息公开申请7件，其中上半年共收到政府信息公开申请3件。",
            table,
        );
        assert!(found(RECEIVED, &two, "Z301").is_empty());
        // The same figure twice is certain.
        let same = part_three(
            "共收到政府信息公开申请7件（即共收到政府信息公开申请7件）。",
            table,
        );
        assert_eq!(found(RECEIVED, &same, "Z301").len(), 1);
        // The row could not be read (a cell lost).
        let lost = part_three("本年度共收到政府信息公开申请7件。", table).replace(
            "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
            "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 5 |",
        );
        assert!(found(RECEIVED, &lost, "Z301").is_empty());
        // The cell holds no figure.
        let slash = part_three("本年度共收到政府信息公开申请7件。", table).replace(
            "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 5 |",
            "| 一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | / |",
        );
        assert!(found(RECEIVED, &slash, "Z301").is_empty());
    }

    #[test]
    fn two_figures_in_the_prose_and_two_cells() {
        let config = r#"
            [[rule]]
            code = "Z302"
            name = "answered-not-above-received"
            message = "答复数不应多于收到数"
            scope = "part 3"
            number-pattern = '办结(\d+)件'
            compare = "<="
            with = { scope = "part 3", number-pattern = '共收到政府信息公开申请(\d+)件' }
        "#;
        let table = [5, 0, 0, 0, 0, 0, 5];
        let ok = part_three("共收到政府信息公开申请5件，办结5件。", table);
        assert!(found(config, &ok, "Z302").is_empty());
        let more = part_three("共收到政府信息公开申请5件，办结6件。", table);
        assert_eq!(
            found(config, &more, "Z302"),
            [(
                "答复数不应多于收到数（“办结6件”为 6，“共收到政府信息公开申请5件”为 5，前者应不大于后者）".to_string(),
                "6".to_string()
            )]
        );
        // Cell against cell.
        let cells = r#"
            [[rule]]
            code = "Z303"
            name = "granted-not-above-new"
            message = "予以公开不应多于新收申请"
            scope = "table 3"
            row = "（一）予以公开"
            column = "总计"
            compare = "<="
            with = { scope = "table 3", row = "一、本年新收政府信息公开申请数量", column = "总计" }
        "#;
        let text = table3_report(&[
            ("（一）予以公开", [6, 0, 0, 0, 0, 0, 6]),
            ("一、本年新收", table),
        ]);
        assert_eq!(
            found(cells, &text, "Z303").into_iter().map(|(m, _)| m).collect::<Vec<_>>(),
            ["予以公开不应多于新收申请（表三“（一）予以公开”行“总计”列为 6，表三“一、本年新收政府信息公开申请数量”行“总计”列为 5，前者应不大于后者）"]
        );
    }

    #[test]
    fn agency_kinds_as_d003_judges_them() {
        let config = r#"
            [[rule]]
            code = "Z401"
            name = "government-only"
            message = "政府年报应写明工作要点"
            scope = "part 6"
            must-mention = "工作要点"
            agency-kinds = ["government"]
        "#;
        let department = table3_report(&[]);
        let government = department.replace("示例市数据局", "示例市某区人民政府");
        let uncertain = department.replace("示例市数据局", "示例经济技术开发区管理委员会");
        assert_eq!(found(config, &government, "Z401").len(), 1);
        assert!(found(config, &department, "Z401").is_empty());
        assert!(
            found(config, &uncertain, "Z401").is_empty(),
            "uncertain kind: silent"
        );
        // [rules.D003] agency-kind settles the kind, for D003 and for these rules.
        let told = format!("[rules.D003]\nagency-kind = \"government\"\n{config}");
        assert_eq!(found(&told, &department, "Z401").len(), 1);
        assert_eq!(found(&told, &uncertain, "Z401").len(), 1);
        let departments = config.replace("[\"government\"]", "[\"department\", \"township\"]");
        assert_eq!(found(&departments, &department, "Z401").len(), 1);
        assert!(found(&departments, &government, "Z401").is_empty());
    }

    /// The error a configuration is refused with.
    fn refused(config: &str) -> String {
        crate::config_file::parse(config, &metas()).expect_err(config)
    }

    #[test]
    fn mistakes_are_errors_that_name_the_rule_and_its_line() {
        // (configuration, what the message names, the line it names)
        let cases = [
            (FEE.replace("Z101", "B001"), "Z100–Z999", 3),
            (FEE.replace("Z101", "Z99"), "Z100–Z999", 3),
            (FEE.replace("\"part 6\"", "\"part 9\""), "scope", 6),
            (
                FEE.replace("must-mention = ", "must-mention-pattern = \"(\"\nx = "),
                "未知的键“x”",
                8,
            ),
            (
                FEE.replace(
                    "must-mention = \"信息处理费\"",
                    "must-mention-pattern = \"(\"",
                ),
                "正则表达式",
                7,
            ),
            (FEE.replace("must-mention = \"信息处理费\"", ""), "条件", 2),
            (format!("{FEE}\n{FEE}"), "重复", 11),
            (
                FEE.replace("Z101", "Z999")
                    .replace("fee-in-part-six", "blank-cell"),
                "C001",
                4,
            ),
            (
                FEE.replace("must-mention = \"信息处理费\"", "must-be-zero = true"),
                "表格范围",
                7,
            ),
            (
                ZERO_WITHHELD.replace("（三）1", "（三）9"),
                "表三没有行“（三）9”",
                7,
            ),
            (
                ZERO_WITHHELD.replace("\"总计\"", "\"合计\""),
                "表三没有列“合计”",
                8,
            ),
            (
                ZERO_WITHHELD.replace("\"table 3\"", "\"table 5\""),
                "scope",
                6,
            ),
            (
                ZERO_WITHHELD.replace("must-be-zero = true", "must-mention = \"x\""),
                "文字范围",
                9,
            ),
            (
                ZERO_WITHHELD.replace("must-be-zero = true", "must-be-zero = false"),
                "must-be-zero = true",
                9,
            ),
            (
                FEE.replace("scope = \"part 6\"", "scope = \"part 6\"\nrow = \"x\""),
                "只能用于表格范围",
                7,
            ),
            (
                ZERO_WITHHELD
                    .replace("\"table 3\"", "\"table 4\"")
                    .replace("（三）1", "行政复议")
                    .replace("\"总计\"", "\"自然人\""),
                "表四没有列“自然人”",
                8,
            ),
            (
                ZERO_WITHHELD
                    .replace("\"table 3\"", "\"table 2\"")
                    .replace("（三）1", "规章")
                    .replace("\"总计\"", "\"本年处理决定数量\""),
                "表二“规章”行没有“本年处理决定数量”列",
                8,
            ),
            (RECEIVED.replace("(\\d+)", "\\d+"), "捕获组", 7),
            (
                RECEIVED.replace("'共收到政府信息公开申请(\\d+)件'", "'('"),
                "正则表达式",
                7,
            ),
            (
                RECEIVED.replace("number-pattern = '共收到政府信息公开申请(\\d+)件'\n", ""),
                "number-pattern",
                2,
            ),
            (
                RECEIVED.replace("compare = \"=\"", "compare = \"<\""),
                "compare",
                8,
            ),
            (
                RECEIVED.replace("column = \"总计\" }", "column = \"总计\", x = 1 }"),
                "with",
                9,
            ),
            (RECEIVED.replace(", column = \"总计\"", ""), "with.row", 9),
            (
                RECEIVED.replace(
                    "row = \"一、本年新收政府信息公开申请数量\"",
                    "row = \"（三）不予公开\"",
                ),
                "一个单元格",
                9,
            ),
            (
                RECEIVED.replace("row = \"一、本年新收政府信息公开申请数量\"", "row = \"甲\""),
                "表三没有行“甲”",
                9,
            ),
            (
                RECEIVED.replace("        with = ", "        x = 1\n        #"),
                "未知的键“x”",
                9,
            ),
            (
                RECEIVED.replace("        with = ", "        #"),
                "须有“with”",
                2,
            ),
            (
                FEE.replace("must-mention", "agency-kinds = [\"city\"]\nmust-mention"),
                "agency-kinds",
                7,
            ),
            (
                FEE.replace("must-mention", "years = \"2023\"\nmust-mention"),
                "years",
                7,
            ),
            (
                ZERO_WITHHELD.replace("must-be-zero", "when-mentions = \"x\"\nmust-be-zero"),
                "when-mentions",
                9,
            ),
        ];
        for (config, named, line) in cases {
            let err = refused(&config);
            assert!(err.contains(named), "{config}\n{err}");
            let rule = if config.matches("[[rule]]").count() == 2 {
                2
            } else {
                1
            };
            let at = format!("第 {rule} 个 [[rule]]（第 {line} 行）");
            assert!(err.contains(&at), "{config}\nexpected {at}: {err}");
        }
    }

    #[test]
    fn includes_need_a_file_to_be_relative_to() {
        let err = refused("include = [\"rules/a.toml\"]");
        assert!(
            err.contains("include") && err.contains("只能用于配置文件"),
            "{err}"
        );
    }
}
