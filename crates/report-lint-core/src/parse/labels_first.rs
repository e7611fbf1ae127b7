//! Table 三 written as every row label first, then every figure
//! (DOMAIN §5.5: text taken out of a PDF in reading order, a PDF that
//! draws its label column before its figures, a table copied column by
//! column). The token reader gives such a table as rows without cells and
//! every figure under its last row.
//!
//! The figures are put back only when the structure is certain: the labels
//! are the template's rows in order, there are exactly seven figures per
//! row, each a count, and the order they come in — row by row or column by
//! column — is settled by the table's own identities. Row totals, the
//! results adding up to （七）总计 and 一 + 二 = （七） + 四 hold in the
//! order the table was written but in the other order almost never: on real
//! and generated reports the other order breaks at least nine of them where
//! the right one breaks at most three (its defects). An order is taken only
//! when the other breaks [`MARGIN`] more, or both give the same table;
//! otherwise the table is not read, and said once.

use crate::report::{RequestTable, RequestTableRow};
use crate::template::{RequestGroup, RequestRow, TemplateVersion, REQUEST_COLUMNS};

const WIDTH: usize = REQUEST_COLUMNS.len();

/// How many more identities the order not taken must break than the order
/// taken. A mostly empty table can look almost as consistent read the
/// wrong way (a real 2021 report with a 1000000 typo breaks three
/// identities read right and two read transposed); such a table stays
/// unread.
pub(super) const MARGIN: usize = 6;

/// Whether the token reader's table has every row label first, then
/// every figure: rows without cells, the last holding more than one row's.
pub fn is_labels_first(table: &RequestTable) -> bool {
    match table.rows.split_last() {
        Some((last, rest)) => {
            rest.len() >= 2 && rest.iter().all(|r| r.cells.is_empty()) && last.cells.len() > WIDTH
        }
        None => false,
    }
}

/// The table with its figures put back under their rows, when certain;
/// otherwise why not, as the note that says the table was not read.
/// `table` is [`is_labels_first`]. In PDF text (`pdf_text`) a label may be
/// cut by a wrap, so labels are not compared with the template's words.
pub fn read(table: &RequestTable, pdf_text: bool) -> Result<RequestTable, String> {
    const HOW: &str = "表三先列出全部行名、再列出全部数字";
    let mut rows: Vec<RequestTableRow> = table
        .rows
        .iter()
        .map(|r| RequestTableRow {
            cells: Vec::new(),
            ..r.clone()
        })
        .collect();
    let figures = table.rows.last().map_or(&[][..], |r| &r.cells[..]);
    restore_other_handling(table, &mut rows);
    let keys: Vec<RequestRow> = rows.iter().map(|r| r.key).collect();
    if ![TemplateVersion::V2021, TemplateVersion::V2019]
        .into_iter()
        .any(|v| keys == RequestRow::all(v))
    {
        return Err(format!(
            "{HOW}，行名与模板的各行不一一对应，无法确定各行的数字，未核对该表"
        ));
    }
    let n = rows.len();
    if figures.len() != n * WIDTH {
        return Err(format!(
            "{HOW}，{n}行应有{}个数字，读到{}个（单元格空白时数字会少），无法确定各列，未核对该表",
            n * WIDTH,
            figures.len()
        ));
    }
    // A cell that is not a count ("/", "12.5") keeps its place; it only
    // leaves the identities it is in unchecked.
    let values: Vec<Option<u64>> = figures.iter().map(|c| c.value.as_count()).collect();
    let by_rows = |r: usize, c: usize| r * WIDTH + c;
    let by_columns = |r: usize, c: usize| c * n + r;
    let grid = |at: &dyn Fn(usize, usize) -> usize| -> Vec<[Option<u64>; WIDTH]> {
        (0..n)
            .map(|r| std::array::from_fn(|c| values[at(r, c)]))
            .collect()
    };
    let (rows_grid, columns_grid) = (grid(&by_rows), grid(&by_columns));
    let at: &dyn Fn(usize, usize) -> usize = if rows_grid == columns_grid {
        &by_rows
    } else {
        let (a, b) = (broken(&keys, &rows_grid), broken(&keys, &columns_grid));
        if a + MARGIN <= b {
            &by_rows
        } else if b + MARGIN <= a {
            &by_columns
        } else {
            return Err(format!(
                "{HOW}，无法确定数字是按行还是按列排列的，未核对该表"
            ));
        }
    };
    for (r, row) in rows.iter_mut().enumerate() {
        row.cells = (0..WIDTH).map(|c| figures[at(r, c)].clone()).collect();
        row.readable = true;
        row.exact_label |= pdf_text;
    }
    Ok(RequestTable {
        rows,
        ..table.clone()
    })
}

/// In a 2019 table （六）其他处理 is a row; with no figure after it the
/// token reader took it for the 2021 group label and dropped it.
fn restore_other_handling(table: &RequestTable, rows: &mut Vec<RequestTableRow>) {
    let has_sub_rows = rows
        .iter()
        .any(|r| r.key.group() == Some(RequestGroup::OtherHandling));
    let Some(group) = table
        .groups
        .iter()
        .find(|g| g.value == RequestGroup::OtherHandling)
    else {
        return;
    };
    let Some(at) = rows.iter().position(|r| r.key == RequestRow::ResultsTotal) else {
        return;
    };
    if has_sub_rows || rows.iter().any(|r| r.key == RequestRow::OtherHandling(0)) {
        return;
    }
    // The group label was recognised as （六）其他处理; its text is not
    // kept with it, and no rule reads a row label without a number.
    let label = crate::report::Label {
        span: group.span,
        text: RequestRow::OtherHandling(0).label(TemplateVersion::V2019),
        number: None,
    };
    rows.insert(
        at,
        RequestTableRow {
            key: RequestRow::OtherHandling(0),
            label,
            exact_label: true,
            cells: Vec::new(),
            readable: false,
        },
    );
}

/// How many of the table's identities `grid` breaks: each row's total,
/// each column's results against （七）总计, and each column's
/// 一 + 二 = （七） + 四. An identity with a cell that is not a count is
/// not counted.
pub(super) fn broken(keys: &[RequestRow], grid: &[[Option<u64>; WIDTH]]) -> usize {
    let breaks = |left: &mut dyn Iterator<Item = &Option<u64>>,
                  right: &mut dyn Iterator<Item = &Option<u64>>| {
        let sum = |xs: &mut dyn Iterator<Item = &Option<u64>>| {
            xs.map(|x| x.map(u128::from)).sum::<Option<u128>>()
        };
        matches!((sum(left), sum(right)), (Some(a), Some(b)) if a != b)
    };
    let mut broken = grid
        .iter()
        .filter(|r| breaks(&mut r[..WIDTH - 1].iter(), &mut r[WIDTH - 1..].iter()))
        .count();
    let row = |key: RequestRow| keys.iter().position(|k| *k == key).map(|i| &grid[i]);
    let (Some(new), Some(carried), Some(total), Some(forward)) = (
        row(RequestRow::NewRequests),
        row(RequestRow::CarriedOver),
        row(RequestRow::ResultsTotal),
        row(RequestRow::CarriedForward),
    ) else {
        return broken;
    };
    for c in 0..WIDTH {
        let mut results = keys
            .iter()
            .zip(grid)
            .filter(|(k, _)| k.is_result())
            .map(|(_, r)| &r[c]);
        broken += usize::from(breaks(&mut results, &mut std::iter::once(&total[c])));
        broken += usize::from(breaks(
            &mut [&new[c], &carried[c]].into_iter(),
            &mut [&total[c], &forward[c]].into_iter(),
        ));
    }
    broken
}

#[cfg(test)]
pub(super) mod tests {
    use crate::report::Report;
    use crate::source::SourceFile;
    use crate::template::{RequestGroup, RequestRow, TemplateVersion};

    const ROWS: usize = 25;

    /// A consistent 2021 table 三: varied figures in every results row,
    /// （七）总计 their sum, 一 + 二 = （七） + 四.
    fn table() -> Vec<[u64; 7]> {
        let mut grid = vec![[0u64; 7]; ROWS];
        for (i, row) in grid.iter_mut().enumerate().take(ROWS - 2).skip(2) {
            let i = i as u64;
            *row = [(i * 5 + 3) % 11, (i * 3) % 4, i % 2, 0, (i / 7) % 2, 0, 0];
        }
        for c in 0..6 {
            grid[ROWS - 2][c] = grid[2..ROWS - 2].iter().map(|r| r[c]).sum();
            grid[ROWS - 1][c] = c as u64 % 2; // 四
            grid[1][c] = u64::from(c == 0) * 2; // 二
            grid[0][c] = grid[ROWS - 2][c] + grid[ROWS - 1][c] - grid[1][c]; // 一
        }
        for row in &mut grid {
            row[6] = row[..6].iter().sum();
        }
        grid
    }

    /// Every label on its line (group labels on lines of their own), then
    /// every figure on its line, by rows or by columns.
    fn text(version: TemplateVersion, grid: &[[u64; 7]], by_columns: bool) -> String {
        let mut lines = vec!["三、收到和处理政府信息公开申请情况".to_string()];
        for row in RequestRow::all(version) {
            if row == RequestRow::Granted {
                lines.push("三、本年度办理结果".into());
            }
            if let (Some(group), Some(1)) = (row.group(), row.sub_index()) {
                lines.push(group.label().into());
            }
            let label = row.label(version);
            let own = row
                .group()
                .map_or(label.as_str(), |g| label.trim_start_matches(g.label()));
            lines.push(own.to_string());
        }
        let n = grid.len();
        let figures: Vec<u64> = if by_columns {
            (0..7)
                .flat_map(|c| (0..n).map(move |r| grid[r][c]))
                .collect()
        } else {
            grid.iter().flatten().copied().collect()
        };
        lines.extend(figures.iter().map(u64::to_string));
        lines.push("四、政府信息公开行政复议、行政诉讼情况".into());
        lines.join("\n") + "\n"
    }

    fn read(text: String) -> Report {
        crate::parse::parse(SourceFile::new("t.txt", text))
    }

    /// Table 三's figures; every row readable.
    pub(in crate::parse) fn grid_of(report: &Report) -> Vec<[Option<u64>; 7]> {
        let table = report.tables.requests.as_ref().expect("table 三");
        table
            .rows
            .iter()
            .map(|r| {
                assert!(r.readable, "{:?}", r.key);
                std::array::from_fn(|c| r.cells[c].value.as_count())
            })
            .collect()
    }

    fn expected(grid: &[[u64; 7]]) -> Vec<[Option<u64>; 7]> {
        grid.iter().map(|r| r.map(Some)).collect()
    }

    #[test]
    fn figures_after_the_labels_are_put_back_row_by_row_or_column_by_column() {
        let grid = table();
        for by_columns in [false, true] {
            let report = read(text(TemplateVersion::V2021, &grid, by_columns));
            assert!(report.notes.is_empty(), "{:?}", report.notes);
            assert_eq!(
                grid_of(&report),
                expected(&grid),
                "by columns: {by_columns}"
            );
            // Each cell is its own figure in the text.
            let table = report.tables.requests.as_ref().expect("table 三");
            let cell = &table.rows[0].cells[6];
            assert_eq!(report.text(cell.span), grid[0][6].to_string());
        }
    }

    #[test]
    fn a_defective_table_is_put_back_in_the_order_its_identities_hold() {
        let mut grid = table();
        grid[12][6] += 1; // （四）1 总计 one too many
        for by_columns in [false, true] {
            let report = read(text(TemplateVersion::V2021, &grid, by_columns));
            assert_eq!(
                grid_of(&report),
                expected(&grid),
                "by columns: {by_columns}"
            );
        }
    }

    #[test]
    fn a_2019_table_keeps_its_other_handling_row() {
        let mut grid = table();
        // 2019: （六）其他处理 is one row instead of three.
        let other: Vec<u64> = (0..7)
            .map(|c| grid[20..23].iter().map(|r| r[c]).sum())
            .collect();
        grid.splice(20..23, [std::array::from_fn(|c| other[c])]);
        let report = read(text(TemplateVersion::V2019, &grid, true));
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        assert_eq!(grid_of(&report), expected(&grid));
        let table = report.tables.requests.as_ref().expect("table 三");
        assert_eq!(table.rows[20].key, RequestRow::OtherHandling(0));
        assert!(table
            .groups
            .iter()
            .any(|g| g.value == RequestGroup::OtherHandling));
    }

    fn unread_with(text: String, why: &str) {
        let report = read(text);
        let table = report.tables.requests.as_ref().expect("table 三");
        assert!(table.rows.is_empty());
        assert_eq!(report.notes.len(), 1, "{:?}", report.notes);
        assert!(
            report.notes[0].message.contains(why),
            "{}",
            report.notes[0].message
        );
    }

    #[test]
    fn a_missing_figure_leaves_the_table_unread_said_once() {
        let text = text(TemplateVersion::V2021, &table(), false).replacen("\n0\n", "\n", 1);
        unread_with(text, "25行应有175个数字，读到174个");
    }

    #[test]
    fn an_order_the_identities_do_not_settle_leaves_the_table_unread() {
        // Almost every cell 0 and two defects: read by rows four identities
        // break, by columns nine; too close to tell.
        let mut grid = vec![[0u64; 7]; ROWS];
        for r in [0, 2, ROWS - 2] {
            grid[r][0] = 5;
            grid[r][6] = 5;
        }
        grid[ROWS - 2][6] = 1_000_000;
        grid[0][6] = 7;
        unread_with(
            text(TemplateVersion::V2021, &grid, false),
            "无法确定数字是按行还是按列排列的",
        );
    }

    #[test]
    fn labels_are_compared_with_the_template_except_in_pdf_text() {
        // The edge fixture is PDF text (a page number and a form feed among
        // the figures); without the form feed it is a plain text.
        const PDF_TEXT: &str =
            include_str!("../../../../fixtures/edge/labels-first-by-columns.txt");
        let cut = PDF_TEXT.replace("2.其他法律行政法规禁止公开\n", "2.其他法律行政法规禁\n");
        assert_ne!(cut, PDF_TEXT);
        for (text, pdf_text) in [(cut.clone(), true), (cut.replace('\u{c}', ""), false)] {
            let report = read(text);
            let table = report.tables.requests.as_ref().expect("table 三");
            let row = table
                .rows
                .iter()
                .find(|r| r.key == RequestRow::Withheld(2))
                .expect("（三）2");
            assert!(row.readable, "{:?}", report.notes);
            // A label cut by a wrap in PDF text is not a misprint.
            assert_eq!(row.exact_label, pdf_text);
        }
    }

    #[test]
    fn labels_other_than_the_templates_leave_the_table_unread() {
        let text =
            text(TemplateVersion::V2021, &table(), false).replace("3.补正后申请内容仍不明确\n", "");
        assert!(!text.contains("3.补正后"));
        unread_with(text, "行名与模板的各行不一一对应");
    }
}
