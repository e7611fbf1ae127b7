//! Helpers for rule tests, here and in rule packs: a complete, balanced
//! report to start from, and linting with one rule enabled.
//!
//! ```
//! use report_lint_rules::testing::{codes, lint, table3_report};
//! let text = table3_report(&[("（一）予以公开", [3, 1, 0, 0, 0, 0, 3])]);
//! assert_eq!(codes(&lint("B001", &text)), ["B001"]);
//! ```

use crate::{Config, Diagnostic, Linter};
use report_lint_core::parse_str;

/// Lints `text` with only the rule `code` enabled.
pub fn lint(code: &str, text: &str) -> Vec<Diagnostic> {
    let config = Config {
        select: Some(vec![code.to_string()]),
        ..Config::default()
    };
    let linter = Linter::new(config).expect("unique codes");
    linter.lint(&parse_str("test.txt", text))
}

/// Lints `text` with only the rule `code` enabled and the given string
/// options (`(code, key, value)`, as `[rules.CODE] key = "value"`).
pub fn lint_with_options(
    code: &str,
    text: &str,
    options: &[(&str, &str, &str)],
) -> Vec<Diagnostic> {
    let mut config = Config {
        select: Some(vec![code.to_string()]),
        ..Config::default()
    };
    for (rule, key, value) in options {
        config
            .options
            .by_rule
            .entry(rule.to_string())
            .or_default()
            .insert(key.to_string(), crate::OptionValue::Str(value.to_string()));
    }
    let linter = Linter::new(config).expect("unique codes");
    linter.lint(&parse_str("test.txt", text))
}

/// Lints `text` with every rule.
pub fn lint_all(text: &str) -> Vec<Diagnostic> {
    Linter::new(Config::default())
        .expect("unique codes")
        .lint(&parse_str("test.txt", text))
}

pub fn codes(found: &[Diagnostic]) -> Vec<&'static str> {
    found.iter().map(|d| d.code).collect()
}

/// Sub-row labels of the 2021 table 三, in order, with their group label
/// written before the first one.
fn table3_rows() -> Vec<(String, [u64; 7])> {
    use report_lint_core::template::{RequestRow, TemplateVersion};
    let zero = [0u64; 7];
    let mut rows = Vec::new();
    for key in RequestRow::all(TemplateVersion::V2021) {
        let label = key.label(TemplateVersion::V2021);
        rows.push((label, zero));
    }
    rows
}

/// A complete, balanced 2021 report in the `|`-separated row layout, with
/// the given table 三 rows (matched by label prefix) replaced. The other rows
/// are zero, so only the replaced rows can break an identity.
pub fn table3_report(overrides: &[(&str, [u64; 7])]) -> String {
    let mut rows = table3_rows();
    for (label, values) in overrides {
        if let Some(row) = rows
            .iter_mut()
            .find(|(l, _)| l.starts_with(label) || l.contains(label))
        {
            row.1 = *values;
        }
    }
    report_with_rows(&rows)
}

/// "（四）无法提供1.本机关…" is written as two cells, the group label only
/// on the first sub-row and an empty merged cell on the others, the way
/// published `|`-row tables show a row-spanning label.
fn layout_label(label: &str) -> String {
    match label.find("1.").filter(|_| label.starts_with('（')) {
        Some(i) if label[..i].chars().count() > 3 => format!("{} | {}", &label[..i], &label[i..]),
        _ => match label.find(|c: char| c.is_ascii_digit()) {
            Some(i) if label.starts_with('（') && label[i..].chars().nth(1) == Some('.') => {
                format!(" | {}", &label[i..])
            }
            _ => label.to_string(),
        },
    }
}

/// The balanced report of [`table3_report`] with the first paragraph of
/// part 一 replaced by `prose`: the usual start of a test of a prose rule.
pub fn with_overview(prose: &str) -> String {
    table3_report(&[]).replace(OVERVIEW_SENTENCE, prose)
}

/// The first paragraph of part 一 in the generated report.
pub const OVERVIEW_SENTENCE: &str = "2023年，我局认真落实《条例》。";

pub fn report_with_rows(rows: &[(String, [u64; 7])]) -> String {
    let mut t = String::from(
        "示例市数据局2023年政府信息公开工作年度报告\n\n本报告所列数据统计期限为2023年1月1日至2023年12月31日。\n\n一、总体情况\n\n2023年，我局认真落实《条例》。\n\n二、主动公开政府信息情况\n\n第二十条第（一）项\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 1 | 0 | 5 |\n第二十条第（五）项\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 3 |\n第二十条第（六）项\n| 信息内容 | 本年处理决定数量 |\n| 行政处罚 | 0 |\n| 行政强制 | 0 |\n第二十条第（八）项\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 0 |\n\n三、收到和处理政府信息公开申请情况\n\n| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |\n| 自然人 | 法人或其他组织 | 总计 |\n| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n",
    );
    for (label, values) in rows {
        let cells: Vec<String> = values.iter().map(u64::to_string).collect();
        t.push_str(&format!(
            "| {} | {} |\n",
            layout_label(label),
            cells.join(" | ")
        ));
    }
    t.push_str("\n四、政府信息公开行政复议、行政诉讼情况\n\n| 行政复议 | 行政诉讼 |\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\n五、存在的主要问题及改进情况\n\n一是公开深度不够。\n\n六、其他需要报告的事项\n\n本年度未收取信息处理费。\n");
    t
}
