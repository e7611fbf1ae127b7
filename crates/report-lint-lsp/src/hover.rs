//! Hover: the arithmetic behind a number (a 总计 cell, a percentage in prose)
//! and the documentation of the rule behind a finding. Markdown, in Chinese.

use crate::analysis::Analysis;
use report_lint_core::template::{
    REQUEST_COLUMNS, REQUEST_TOTAL_COLUMN, REVIEW_COLUMNS, REVIEW_GROUPS,
};
use report_lint_core::{Cell, PercentClaim, Report, RequestRow, RequestTable, Span};
use report_lint_rules::facts::percent::{self, Agreement};
use report_lint_rules::facts::table3;
use report_lint_rules::{find_rule, Diagnostic, Severity};
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

pub(crate) fn hover(analysis: &Analysis, position: Position) -> Option<Hover> {
    if !analysis.is_report() {
        return None;
    }
    let offset = analysis.offset(position);
    let report = &analysis.report;
    let mut range: Option<Span> = None;
    let mut blocks: Vec<String> = Vec::new();

    let number = request_cell(report, offset)
        .or_else(|| review_cell(report, offset))
        .or_else(|| percent(report, offset));
    if let Some((span, text)) = number {
        range = Some(span);
        blocks.push(text);
    }
    let mut codes: Vec<&str> = Vec::new();
    for d in analysis.diagnostics.iter().filter(|d| hit(d.span, offset)) {
        if !codes.contains(&d.code) {
            codes.push(d.code);
            range.get_or_insert(d.span);
            blocks.push(rule_docs(d));
        }
    }
    let range = range?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: blocks.join("\n\n---\n\n"),
        }),
        range: Some(analysis.range(range)),
    })
}

fn hit(span: Span, offset: usize) -> bool {
    span.contains(offset) || (span.is_empty() && span.start == offset)
}

/// A cell as it reads in an identity: its count, or its text.
fn shown(cell: &Cell) -> String {
    match cell.value.as_count() {
        Some(n) => n.to_string(),
        None if cell.text.trim().is_empty() => "（空）".into(),
        None => cell.text.trim().replace('`', "'"),
    }
}

/// "`13 = 12 + 1 + 0 + 0 + 0 + 0` ✓ 成立", or with ≠ and the expected value.
fn identity(total: &Cell, parts: &[&Cell]) -> String {
    let addends: Vec<String> = parts.iter().map(|c| shown(c)).collect();
    let (stated, addends) = (shown(total), addends.join(" + "));
    match (table3::sum(parts.iter().copied()), total.value.as_count()) {
        (Some(s), Some(t)) if s == u128::from(t) => format!("`{stated} = {addends}` ✓ 成立"),
        (Some(s), _) => format!("`{stated} ≠ {addends}` ✗ 不成立，应为 {s}"),
        (None, _) => format!("`{stated} = {addends}`：有单元格不是数字，无法核对"),
    }
}

fn request_cell(report: &Report, offset: usize) -> Option<(Span, String)> {
    let table = report.tables.requests.as_ref()?;
    let (row, column) = table.rows.iter().find_map(|row| {
        row.cells
            .iter()
            .position(|c| hit(c.span, offset))
            .map(|column| (row, column))
    })?;
    let in_balance = matches!(
        row.key,
        RequestRow::NewRequests
            | RequestRow::CarriedOver
            | RequestRow::ResultsTotal
            | RequestRow::CarriedForward
    );
    if column != REQUEST_TOTAL_COLUMN && !in_balance {
        return None;
    }
    let column_name = REQUEST_COLUMNS
        .get(column)
        .copied()
        .unwrap_or("（多余的列）");
    let mut blocks = vec![format!(
        "**表三 · {} · {column_name}**",
        row.key.short_name()
    )];
    if !row.readable {
        blocks.push("该行未能完整读取，未核对。".into());
    } else {
        if column == REQUEST_TOTAL_COLUMN {
            let parts: Vec<&Cell> = row.cells[..REQUEST_TOTAL_COLUMN].iter().collect();
            let named: Vec<String> = parts
                .iter()
                .zip(REQUEST_COLUMNS)
                .map(|(c, name)| format!("{name} {}", shown(c)))
                .collect();
            blocks.push(format!(
                "总计 = 各类申请人之和：\n\n{}\n\n（{}）",
                identity(&row.cells[REQUEST_TOTAL_COLUMN], &parts),
                named.join("，")
            ));
        }
        if row.key == RequestRow::ResultsTotal {
            blocks.push(results_column(table, column));
        }
        if in_balance {
            blocks.push(balance(table, column));
        }
    }
    Some((row.cells[column].span, blocks.join("\n\n")))
}

/// （七）总计 of one column: the sum of the results rows （一） to （六）,
/// over the same rows as B002 (`facts::table3::results_column`).
fn results_column(table: &RequestTable, column: usize) -> String {
    let Some((total, rows)) = table3::results_column(table, column) else {
        return "办理结果（一）至（六）有行缺失或未能完整读取，未核对本列合计。".into();
    };
    let cells: Vec<&Cell> = rows.iter().map(|(_, c)| *c).collect();
    let nonzero: Vec<String> = rows
        .iter()
        .filter(|(_, c)| c.value.as_count() != Some(0))
        .map(|(r, c)| format!("{} {}", r.key.short_name(), shown(c)))
        .collect();
    let detail = if nonzero.is_empty() {
        "各行均为 0。".to_string()
    } else {
        format!("非零项：{}。", nonzero.join("，"))
    };
    format!(
        "（七）总计 = 办理结果（一）至（六）各行之和：\n\n{}\n\n{detail}",
        identity(total, &cells)
    )
}

/// The identity of the whole table, per column: 一 + 二 = （七） + 四, as B003
/// reads it (`facts::table3::balance`).
fn balance(table: &RequestTable, column: usize) -> String {
    let Some(balance) = table3::balance(table, column) else {
        return "勾稽关系 一 + 二 = （七） + 四：本列有单元格缺失或不是数字，未核对。".into();
    };
    let [new, carried, results, forward] = balance.counts();
    let (left, right) = balance.sides();
    let verdict = if left == right {
        format!("`{new} + {carried} = {results} + {forward}` ✓ 成立")
    } else {
        format!("`{new} + {carried} ≠ {results} + {forward}` ✗ 不成立（{left} ≠ {right}）")
    };
    format!("勾稽关系 一 + 二 = （七） + 四：\n\n{verdict}")
}

fn review_cell(report: &Report, offset: usize) -> Option<(Span, String)> {
    let table = report.tables.review.as_ref()?;
    let index = table.cells.iter().position(|c| hit(c.span, offset))?;
    let group = index / REVIEW_COLUMNS.len();
    if index % REVIEW_COLUMNS.len() != REVIEW_COLUMNS.len() - 1 || group >= REVIEW_GROUPS.len() {
        return None;
    }
    let title = format!("**表四 · {} · 总计**", REVIEW_GROUPS[group]);
    let text = match table.group(group) {
        None => format!("{title}\n\n该表未能完整读取，未核对。"),
        Some(cells) => {
            let (parts, total) = cells.split_at(REVIEW_COLUMNS.len() - 1);
            let parts: Vec<&Cell> = parts.iter().collect();
            let named: Vec<String> = parts
                .iter()
                .zip(REVIEW_COLUMNS)
                .map(|(c, name)| format!("{name} {}", shown(c)))
                .collect();
            format!(
                "{title}\n\n总计 = 各结果之和：\n\n{}\n\n（{}）",
                identity(&total[0], &parts),
                named.join("，")
            )
        }
    };
    Some((table.cells[index].span, text))
}

fn percent(report: &Report, offset: usize) -> Option<(Span, String)> {
    let claim = report
        .percents
        .iter()
        .find(|p| hit(with_sign(report, p), offset))?;
    let mut lines = vec![format!("**百分比核算** · 写作 {}%", claim.value)];
    // The same verdict as P001 and P002: the same count, the same
    // denominators in the same order, the same exact arithmetic.
    match percent::share_verdict(report, claim) {
        None if claim.count.is_none() => {
            lines.push("未找到这一百分比所指的件数，不按占比核算。".into())
        }
        None => lines.push(
            "这一百分比不是申请或信息件数的占比（如“公开率”、增减幅度、其他事项的比例），不按占比核算。"
                .into(),
        ),
        Some(verdict) if verdict.candidates.is_empty() => {
            lines.push("没有可作分母的总数（文中所述总数或表三的总数），无法核算。".into())
        }
        Some(verdict) => {
            lines.push(format!(
                "按可能的分母重新计算（四舍五入到 {} 位小数）：",
                claim.value.scale
            ));
            for (denominator, agreement, rounded) in &verdict.candidates {
                let mark = match agreement {
                    Agreement::Rounded => "✓",
                    Agreement::Truncated => "✗ 截断而非四舍五入",
                    Agreement::No => "✗",
                };
                lines.push(format!(
                    "- `{} ÷ {} = {rounded}%` {mark}　分母：{}",
                    verdict.count, denominator.value, denominator.source
                ));
            }
        }
    }
    Some((claim.span, lines.join("\n\n")))
}

/// The claim's digits and the `%` after them.
fn with_sign(report: &Report, claim: &PercentClaim) -> Span {
    let sign = report
        .source
        .text
        .get(claim.span.end..)
        .and_then(|rest| rest.chars().next());
    let extra = sign
        .filter(|c| matches!(c, '%' | '％'))
        .map_or(0, char::len_utf8);
    Span::new(claim.span.start, claim.span.end + extra)
}

fn rule_docs(d: &Diagnostic) -> String {
    let severity = match d.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    };
    let Some(rule) = find_rule(d.code) else {
        return format!("**{} · {}**（{severity}）", d.code, d.name);
    };
    let meta = rule.meta;
    format!(
        "**{} · {}**（{severity}）\n\n{}\n\n{}",
        meta.code,
        meta.name,
        meta.summary,
        meta.documentation()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identities_show_parts_and_verdict() {
        let cell = |text: &str| Cell {
            span: Span::default(),
            text: text.into(),
            value: report_lint_core::CellValue::parse(text),
        };
        let (twelve, one, zero, thirteen) = (cell("12"), cell("1"), cell("0"), cell("13"));
        assert_eq!(
            identity(&thirteen, &[&twelve, &one, &zero]),
            "`13 = 12 + 1 + 0` ✓ 成立"
        );
        assert_eq!(
            identity(&twelve, &[&twelve, &one, &zero]),
            "`12 ≠ 12 + 1 + 0` ✗ 不成立，应为 13"
        );
        assert_eq!(
            identity(&thirteen, &[&twelve, &cell("/")]),
            "`13 = 12 + /`：有单元格不是数字，无法核对"
        );
    }
}
