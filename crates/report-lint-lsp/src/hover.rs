//! Hover: the arithmetic behind a number (a 总计 cell, a percentage in prose)
//! and the documentation of the rule behind a finding. Markdown, in Chinese.

use crate::analysis::Analysis;
use report_lint_core::template::{
    REQUEST_COLUMNS, REQUEST_TOTAL_COLUMN, REVIEW_COLUMNS, REVIEW_GROUPS,
};
use report_lint_core::{Cell, Decimal, PercentClaim, Report, RequestRow, RequestTable, Span};
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

fn sum(cells: &[&Cell]) -> Option<u128> {
    cells
        .iter()
        .map(|c| c.value.as_count().map(u128::from))
        .sum()
}

/// "`13 = 12 + 1 + 0 + 0 + 0 + 0` ✓ 成立", or with ≠ and the expected value.
fn identity(total: &Cell, parts: &[&Cell]) -> String {
    let addends: Vec<String> = parts.iter().map(|c| shown(c)).collect();
    let (stated, addends) = (shown(total), addends.join(" + "));
    match (sum(parts), total.value.as_count()) {
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
            blocks.extend(results_column(table, column));
        }
        if in_balance {
            blocks.extend(balance(table, column));
        }
    }
    Some((row.cells[column].span, blocks.join("\n\n")))
}

/// （七）总计 of one column: the sum of the results rows （一） to （六）.
fn results_column(table: &RequestTable, column: usize) -> Option<String> {
    let rows: Vec<_> = table.rows.iter().filter(|r| r.key.is_result()).collect();
    if rows.is_empty() {
        return None;
    }
    if rows.iter().any(|r| !r.readable) {
        return Some("办理结果中有行未能完整读取，未核对本列合计。".into());
    }
    let total = table.cell(RequestRow::ResultsTotal, column)?;
    let cells: Vec<&Cell> = rows.iter().filter_map(|r| r.cells.get(column)).collect();
    let nonzero: Vec<String> = rows
        .iter()
        .filter_map(|r| Some((r, r.cells.get(column)?)))
        .filter(|(_, c)| c.value.as_count() != Some(0))
        .map(|(r, c)| format!("{} {}", r.key.short_name(), shown(c)))
        .collect();
    let detail = if nonzero.is_empty() {
        "各行均为 0。".to_string()
    } else {
        format!("非零项：{}。", nonzero.join("，"))
    };
    Some(format!(
        "（七）总计 = 办理结果（一）至（六）各行之和：\n\n{}\n\n{detail}",
        identity(total, &cells)
    ))
}

/// The identity of the whole table, per column: 一 + 二 = （七） + 四.
fn balance(table: &RequestTable, column: usize) -> Option<String> {
    let count = |key| {
        table
            .cell(key, column)
            .and_then(|c| c.value.as_count())
            .map(u128::from)
    };
    let new = count(RequestRow::NewRequests)?;
    let carried = count(RequestRow::CarriedOver)?;
    let results = count(RequestRow::ResultsTotal)?;
    let forward = count(RequestRow::CarriedForward)?;
    let (left, right) = (new + carried, results + forward);
    let verdict = if left == right {
        format!("`{new} + {carried} = {results} + {forward}` ✓ 成立")
    } else {
        format!("`{new} + {carried} ≠ {results} + {forward}` ✗ 不成立（{left} ≠ {right}）")
    };
    Some(format!("勾稽关系 一 + 二 = （七） + 四：\n\n{verdict}"))
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
    let denominators = denominators(report);
    match &claim.count {
        None => lines.push("未找到这一百分比所指的件数，无法核算。".into()),
        Some(_) if denominators.is_empty() => {
            lines.push("表三中没有可作分母的总数，无法核算。".into())
        }
        Some(count) => {
            lines.push(format!(
                "按表三的总数重新计算（四舍五入到 {} 位小数）：",
                claim.value.scale
            ));
            for (denominator, names) in denominators {
                let line = match share(count.value, denominator, claim.value.scale) {
                    None => format!("- 分母 {denominator}（{}）为 0，无法计算", names.join("、")),
                    Some((rounded, truncated)) => {
                        let mark = if rounded == claim.value {
                            "✓"
                        } else if truncated == claim.value {
                            "✗ 截断而非四舍五入"
                        } else {
                            "✗"
                        };
                        format!(
                            "- `{} ÷ {denominator} = {rounded}%` {mark}　分母：{}",
                            count.value,
                            names.join("、")
                        )
                    }
                };
                lines.push(line);
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

/// The totals of table 三 a share can be of, equal values merged.
fn denominators(report: &Report) -> Vec<(u64, Vec<&'static str>)> {
    let Some(table) = &report.tables.requests else {
        return Vec::new();
    };
    let total = |key| table.total(key);
    let new = total(RequestRow::NewRequests);
    let candidates = [
        ("本年新收申请数", new),
        (
            "本年新收与上年结转之和",
            new.zip(total(RequestRow::CarriedOver))
                .and_then(|(a, b)| a.checked_add(b)),
        ),
        ("办理结果总计", total(RequestRow::ResultsTotal)),
    ];
    let mut merged: Vec<(u64, Vec<&'static str>)> = Vec::new();
    for (name, value) in candidates {
        let Some(value) = value else { continue };
        match merged.iter_mut().find(|(v, _)| *v == value) {
            Some((_, names)) => names.push(name),
            None => merged.push((value, vec![name])),
        }
    }
    merged
}

/// `count ÷ denominator` as a percentage with `scale` decimals, rounded half
/// up and truncated; exact integer arithmetic. `None` for a zero
/// denominator, a negative count or numbers too large to hold.
fn share(count: Decimal, denominator: u64, scale: u32) -> Option<(Decimal, Decimal)> {
    if denominator == 0 || count.mantissa < 0 {
        return None;
    }
    let numerator = u128::try_from(count.mantissa)
        .ok()?
        .checked_mul(100)?
        .checked_mul(10u128.checked_pow(scale)?)?;
    let denominator = 10u128
        .checked_pow(count.scale)?
        .checked_mul(u128::from(denominator))?;
    let truncated = numerator / denominator;
    let rounded =
        numerator.checked_mul(2)?.checked_add(denominator)? / denominator.checked_mul(2)?;
    let decimal = |mantissa: u128| {
        Some(Decimal {
            mantissa: i128::try_from(mantissa).ok()?,
            scale,
        })
    };
    Some((decimal(rounded)?, decimal(truncated)?))
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

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap()
    }

    #[test]
    fn shares_are_exact() {
        let cases = [
            // (count, denominator, scale) → (rounded, truncated)
            ((d("3"), 13, 2), Some((d("23.08"), d("23.07")))),
            ((d("6"), 13, 2), Some((d("46.15"), d("46.15")))),
            ((d("1"), 8, 1), Some((d("12.5"), d("12.5")))),
            ((d("1"), 3, 0), Some((d("33"), d("33")))),
            ((d("2"), 3, 0), Some((d("67"), d("66")))),
            ((d("1.5"), 3, 2), Some((d("50.00"), d("50.00")))),
            ((d("3"), 0, 2), None),
            ((d("-3"), 13, 2), None),
        ];
        for ((count, denominator, scale), expected) in cases {
            assert_eq!(
                share(count, denominator, scale),
                expected,
                "{count} ÷ {denominator}"
            );
        }
    }

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
