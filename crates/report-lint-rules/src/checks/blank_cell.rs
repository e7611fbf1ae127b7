use crate::checks::table3::CellName;
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::template::{REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS};
use report_lint_core::{Cell, CellValue, Report};

declare_rule! {
    /// ## 检查内容
    /// 表三、表四中没有填写数字的单元格：留空，或用 `/`、`-`、`—`、`无` 等符号代替。
    ///
    /// ## 原因
    /// 这两张表的每个单元格都是件数，模板的各项勾稽关系需要全部数字。
    /// 空单元格无法与漏填区分开；没有发生的应填 0。
    /// 各项勾稽核对规则不会把空单元格当作 0 求和，而是由本规则报告。
    ///
    /// 同一模式只报告一次：几列在相同的若干行中都空着（如“法人或其他组织”五列整列未填），
    /// 或一行中有几列空着，合为一条，各单元格作为附注列出；零散的空单元格逐个报告。
    ///
    /// ## 示例
    /// 上海市2019年度报告中，多数办理结果行的总计列都留空——报告为一条：
    /// “表三“总计”列在22行中未填写”。
    ///
    /// `3.要求提供公开出版物 | 0 | 0 | / |` → `3.要求提供公开出版物 | 0 | 0 | 0 |`。
    ///
    /// ## 修复安全性
    /// 不提供修复：缺失的数字是否为 0，应由填报人确认。
    pub struct BlankCell {
        code: "C001",
        name: "blank-cell",
        family: "cells",
        summary: "表三、表四中应填数字的单元格为空或以“/”“-”代替",
        severity: Warning,
        fix: None,
    }
}

impl Check for BlankCell {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for grid in grids(report) {
            found.extend(grid.findings());
        }
        found
    }
}

/// The cells of one table that were read in place, by row and column.
/// Unreadable rows are left out: their columns are a guess.
struct Grid<'a> {
    table: &'static str,
    /// Row names as messages show them: "“（一）予以公开”行" in table 三,
    /// the group "“行政复议”" in table 四.
    rows: Vec<String>,
    columns: &'static [&'static str],
    cells: Vec<Vec<&'a Cell>>,
    /// Each cell's own name, as the other cell rules write it.
    names: Vec<Vec<CellName>>,
}

fn grids(report: &Report) -> Vec<Grid<'_>> {
    let mut grids = Vec::new();
    if let Some(table) = &report.tables.requests {
        let rows: Vec<_> = table.rows.iter().filter(|r| r.readable).collect();
        grids.push(Grid {
            table: "表三",
            rows: rows
                .iter()
                .map(|r| format!("“{}”行", r.key.short_name()))
                .collect(),
            columns: &REQUEST_COLUMNS,
            cells: rows.iter().map(|r| r.cells.iter().collect()).collect(),
            names: rows
                .iter()
                .map(|r| {
                    REQUEST_COLUMNS
                        .iter()
                        .map(|&column| CellName::Requests { row: r.key, column })
                        .collect()
                })
                .collect(),
        });
    }
    if let Some(table) = report.tables.review.as_ref().filter(|t| t.readable) {
        grids.push(Grid {
            table: "表四",
            rows: REVIEW_GROUPS.iter().map(|g| format!("“{g}”")).collect(),
            columns: &REVIEW_COLUMNS,
            cells: table.cells.chunks(5).map(|c| c.iter().collect()).collect(),
            names: (0..3)
                .map(|g| (0..5).map(|c| CellName::Review(g * 5 + c)).collect())
                .collect(),
        });
    }
    grids
}

/// A cell without a number: `Some(None)` blank, `Some(Some(marker))` a
/// placeholder such as "/".
fn missing(cell: &Cell) -> Option<Option<&str>> {
    match &cell.value {
        CellValue::Blank => Some(None),
        CellValue::NotApplicable(marker) => Some(Some(marker)),
        _ => None,
    }
}

impl Grid<'_> {
    fn cell(&self, row: usize, column: usize) -> Option<&Cell> {
        self.cells.get(row)?.get(column).copied()
    }

    fn name(&self, row: usize, column: usize) -> String {
        self.names[row][column].to_string()
    }

    /// Columns empty in the same rows (two rows or more) make one finding;
    /// then what is left, row by row: a row with two or more empty cells
    /// makes one; a lone empty cell makes its own.
    fn findings(&self) -> Vec<Diagnostic> {
        let width = self.columns.len();
        let empty_rows = |column: usize| -> Vec<usize> {
            (0..self.rows.len())
                .filter(|&r| self.cell(r, column).and_then(missing).is_some())
                .collect()
        };
        let mut taken = vec![vec![false; width]; self.rows.len()];
        let mut found: Vec<(usize, usize, Diagnostic)> = Vec::new();

        let mut patterns: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        for column in 0..width {
            let rows = empty_rows(column);
            if rows.len() < 2 {
                continue;
            }
            match patterns.iter_mut().find(|(r, _)| *r == rows) {
                Some((_, columns)) => columns.push(column),
                None => patterns.push((rows, vec![column])),
            }
        }
        for (rows, columns) in &patterns {
            let cells: Vec<(usize, usize)> = rows
                .iter()
                .flat_map(|&r| columns.iter().map(move |&c| (r, c)))
                .collect();
            for &(r, c) in &cells {
                taken[r][c] = true;
            }
            let what = format!(
                "{}{}在{}中{}",
                self.table,
                self.columns_phrase(columns),
                self.rows_phrase(rows),
                self.verdict(&cells)
            );
            found.push((rows[0], columns[0], self.grouped(what, &cells)));
        }

        for (row, taken) in taken.iter().enumerate() {
            let columns: Vec<usize> = (0..width)
                .filter(|&c| !taken[c] && self.cell(row, c).and_then(missing).is_some())
                .collect();
            let cells: Vec<(usize, usize)> = columns.iter().map(|&c| (row, c)).collect();
            let diagnostic = match cells.as_slice() {
                [] => continue,
                [(r, c)] => self.grouped(
                    format!("{}{}", self.name(*r, *c), self.verdict(&cells)),
                    &cells,
                ),
                _ => self.grouped(
                    format!(
                        "{}{}的{}{}",
                        self.table,
                        self.rows[row],
                        self.columns_phrase(&columns),
                        self.verdict(&cells)
                    ),
                    &cells,
                ),
            };
            found.push((row, columns[0], diagnostic));
        }
        found.sort_by_key(|(r, c, _)| (*r, *c));
        found.into_iter().map(|(_, _, d)| d).collect()
    }

    /// "“商业企业”列", "“科研机构”“其他”两列", "“法人或其他组织”五列".
    fn columns_phrase(&self, columns: &[usize]) -> String {
        if self.table == "表三" && columns == [1, 2, 3, 4, 5] {
            return "“法人或其他组织”五列".into();
        }
        let names: String = columns
            .iter()
            .map(|&c| format!("“{}”", self.columns[c]))
            .collect();
        match columns.len() {
            1 => format!("{names}列"),
            n => format!("{names}{}列", count_word(n)),
        }
    }

    /// "“（一）予以公开”行", "“（一）…”“（二）…”两行", "25行", "各行".
    fn rows_phrase(&self, rows: &[usize]) -> String {
        if rows.len() == self.rows.len() && rows.len() > 3 {
            return format!("全部{}行", rows.len());
        }
        if rows.len() <= 3 {
            let names: String = rows
                .iter()
                .map(|&r| self.rows[r].trim_end_matches('行').to_string())
                .collect();
            let unit = if self.table == "表三" { "行" } else { "" };
            return match rows.len() {
                1 => format!("{names}{unit}"),
                n => format!(
                    "{names}{}{}",
                    count_word(n),
                    if unit.is_empty() { "组" } else { unit }
                ),
            };
        }
        format!("{}行", rows.len())
    }

    /// What the cells hold, and what should be there.
    fn verdict(&self, cells: &[(usize, usize)]) -> String {
        let mut markers = cells
            .iter()
            .filter_map(|&(r, c)| self.cell(r, c).and_then(missing));
        let first = markers.next().flatten();
        let alike = markers.all(|m| m == first);
        let all = if cells.len() > 1 { "均" } else { "" };
        match (alike, first) {
            (true, None) => format!("{all}未填写，没有发生的应填 0"),
            (true, Some(marker)) => format!("{all}填写为“{marker}”，应填数字（没有发生的填 0）"),
            (false, _) => "未填写或以符号代替，应填数字（没有发生的填 0）".into(),
        }
    }

    /// The finding on the first cell, the others as labels.
    fn grouped(&self, mut message: String, cells: &[(usize, usize)]) -> Diagnostic {
        let (r, c) = cells[0];
        if cells.len() > 1 {
            message.push_str(&format!("（共{}个单元格）", cells.len()));
        }
        let mut found = Diagnostic::new(&BlankCell::META, self.cells[r][c].span, message);
        for &(r, c) in &cells[1..] {
            found = found.with_label(self.cells[r][c].span, self.name(r, c));
        }
        found
    }
}

fn count_word(n: usize) -> String {
    const WORDS: [&str; 9] = ["", "一", "两", "三", "四", "五", "六", "七", "八"];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_empty_and_placeholder_cells() {
        let text = table3_report(&[]).replacen(
            "| （一）予以公开 | 0 | 0 |",
            "| （一）予以公开 |  | / |",
            1,
        );
        let found = lint("C001", &text);
        assert_eq!(codes(&found), ["C001"]);
        assert_eq!(
            found[0].message,
            "表三“（一）予以公开”行的“自然人”“商业企业”两列未填写或以符号代替，\
             应填数字（没有发生的填 0）（共2个单元格）"
        );
        assert_eq!(
            found[0].labels[0].message,
            "表三“（一）予以公开”行“商业企业”列"
        );
    }

    #[test]
    fn a_lone_cell_is_named_alone() {
        let text = table3_report(&[]).replacen(
            "| （一）予以公开 | 0 | 0 |",
            "| （一）予以公开 | 0 | / |",
            1,
        );
        let found = lint("C001", &text);
        assert_eq!(
            found[0].message,
            "表三“（一）予以公开”行“商业企业”列填写为“/”，应填数字（没有发生的填 0）"
        );
        assert!(found[0].labels.is_empty());
    }

    #[test]
    fn columns_empty_in_every_row_are_one_finding() {
        let text = table3_report(&[])
            .lines()
            .map(|line| {
                let cells: Vec<&str> = line.split(" | ").collect();
                // A table-三 row: label(s), then 7 figures and the closing pipe.
                if line.starts_with('|')
                    && (8..12).contains(&cells.len())
                    && cells[cells.len() - 1] == "0 |"
                {
                    let n = cells.len();
                    let mut out: Vec<&str> = cells[..n - 7].to_vec();
                    out.push("0");
                    out.extend(["", "", "", "", ""]);
                    out.push("0 |");
                    out.join(" | ")
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let found = lint("C001", &text);
        assert_eq!(codes(&found), ["C001"], "{found:#?}");
        assert!(
            found[0]
                .message
                .starts_with("表三“法人或其他组织”五列在全部"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("均未填写"));
        let rows = found[0].message.matches("行中").count();
        assert_eq!(rows, 1);
        // Every empty cell is named: the first by the finding, the rest as labels.
        let n: usize = found[0]
            .message
            .rsplit("共")
            .next()
            .unwrap()
            .trim_end_matches("个单元格）")
            .parse()
            .unwrap();
        assert_eq!(found[0].labels.len() + 1, n);
        assert_eq!(n % 5, 0);
    }

    #[test]
    fn silent_when_every_cell_is_a_number() {
        assert!(lint("C001", &table3_report(&[])).is_empty());
    }
}
