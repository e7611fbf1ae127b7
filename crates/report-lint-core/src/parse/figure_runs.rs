//! Table 三 in a PDF tool's reading order (`pdftotext` without `-layout`)
//! when the PDF's table is one an office suite drew cell by cell (WPS,
//! Word): every figure on a line of its own, and the labels wherever the
//! tool's blocks put them — some before their row, some after the figures
//! of several rows. The tool gives each block of cells as a run of lines,
//! a blank line after it (DOMAIN §5.5):
//!
//! - a cell standing alone is a run of one figure, and a row of them comes
//!   as seven such runs, left to right;
//! - rows of the same height one under the other (the eight 不予公开
//!   reasons) make each column one block, so those rows come as seven runs
//!   of as many figures as there are rows, column by column.
//!
//! Read so, the figures are put back when the runs are exactly that:
//! groups of seven runs of one length, as many rows as a template has.
//! The order each group was taken in is then checked against the table's
//! own identities, as for [`super::labels_first`]: the table is read only
//! when it breaks at most [`MAX_BROKEN`] of them (its defects) and every
//! other order the runs could come from (see [`other_orders`]) either
//! gives the same table or breaks [`MARGIN`] more. Otherwise it is not
//! read, and said once.
//!
//! Labels are not read from such text: they are not beside their figures.

use super::cells::lines;
use super::column_table::is_figure;
use super::labels_first::{broken, MARGIN};
use super::tables::Reader;
use crate::report::*;
use crate::source::Span;
use crate::template::{RequestRow, TemplateVersion, REQUEST_COLUMNS};
use crate::value::CellValue;

const WIDTH: usize = REQUEST_COLUMNS.len();

/// Most identities a table read this way may break. Read the right way,
/// every table of the fixtures, the real reports and the corpus breaks at
/// most three (its defects); a figure missing and another one too many
/// shift every cell between them and break far more.
const MAX_BROKEN: usize = 3;

/// How the figures of a group of seven runs are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Group {
    /// Index of its first figure.
    first: usize,
    /// Rows it holds: the length of each of its runs.
    rows: usize,
}

/// Table 三 from text in runs of figures: `None` when the text is not in
/// that shape (a line with two figures, runs that do not group by seven,
/// a figure count no template has); otherwise the table, or why it cannot
/// be read with certainty. `region` is table 三's part of the view;
/// `found` is what the token reader made of it (its groups are kept).
pub fn read(
    r: &Reader,
    region: Span,
    found: &RequestTable,
) -> Option<Result<RequestTable, String>> {
    let text = r.text;
    let runs = runs(text, region)?;
    let figures: Vec<Span> = runs.iter().flatten().copied().collect();
    let version = [TemplateVersion::V2021, TemplateVersion::V2019]
        .into_iter()
        .find(|v| RequestRow::all(*v).len() * WIDTH == figures.len())?;
    let keys = RequestRow::all(version);
    let n = keys.len();
    let groups = groups(&runs)?;

    let values: Vec<Option<u64>> = figures
        .iter()
        .map(|s| CellValue::parse(&text[s.start..s.end]).as_count())
        .collect();
    // Where each cell's figure is, read as the runs say.
    let at = layout(&groups, n, &|_, _, _| None);
    let grid = |at: &[[usize; WIDTH]]| -> Vec<[Option<u64>; WIDTH]> {
        at.iter().map(|r| r.map(|i| values[i])).collect()
    };
    let read = grid(&at);
    let errors = broken(&keys, &read);
    const HOW: &str = "表三的数字一格一行、按块排列（如 pdftotext 不加 -layout 从 PDF 取出的文字）";
    if errors > MAX_BROKEN {
        return Some(Err(format!(
            "{HOW}，按块读出的表有{errors}处行列合计不符，可能有单元格空白或错位，无法确定各列，未核对该表"
        )));
    }
    for other in other_orders(&groups, n) {
        let other = grid(&other);
        if other != read && broken(&keys, &other) < errors + MARGIN {
            return Some(Err(format!(
                "{HOW}，无法确定各块的数字是按行还是按列排列的，未核对该表"
            )));
        }
    }

    let rows = keys
        .iter()
        .zip(&at)
        .map(|(key, at)| {
            let cells: Vec<Cell> = at
                .iter()
                .map(|&i| {
                    let s = &text[figures[i].start..figures[i].end];
                    Cell {
                        span: r.view.to_source(figures[i]),
                        text: s.to_string(),
                        value: CellValue::parse(s),
                    }
                })
                .collect();
            // No label stands by its figures: the row is named by the
            // template, at its first figure, and its wording not compared.
            let first = cells[0].span;
            RequestTableRow {
                key: *key,
                label: Label {
                    span: Span::new(first.start, first.start),
                    text: key.label(version),
                    number: None,
                },
                exact_label: true,
                cells,
                readable: true,
            }
        })
        .collect();
    let last = figures.last().map_or(region, |s| *s);
    Some(Ok(RequestTable {
        span: Span::new(
            found.span.start,
            found.span.end.max(r.view.to_source(last).end),
        ),
        rows,
        groups: found.groups.clone(),
        header: Vec::new(),
    }))
}

/// The runs of figure lines of `region`: each ended by a line that is not
/// a figure (blank, a label, a header word). `None` when a line holds a
/// figure and something else: the cells are then not one a line.
fn runs(text: &str, region: Span) -> Option<Vec<Vec<Span>>> {
    let mut runs: Vec<Vec<Span>> = Vec::new();
    let mut current = Vec::new();
    for line in lines(text, region) {
        let s = &text[line.start..line.end];
        let t = s.trim();
        let figure = !t.is_empty() && !t.contains(char::is_whitespace) && is_figure(t);
        if figure {
            let start = line.start + (s.len() - s.trim_start().len());
            current.push(Span::new(start, start + t.len()));
            continue;
        }
        // "0 95": two cells side by side on a line, not this shape.
        let mut words = t.split_whitespace();
        if words.clone().nth(1).is_some() && words.all(is_figure) {
            return None;
        }
        if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    Some(runs)
}

/// The runs as groups of seven runs of one length; `None` when they are not.
fn groups(runs: &[Vec<Span>]) -> Option<Vec<Group>> {
    let mut groups = Vec::new();
    let mut first = 0;
    for seven in runs.chunks(WIDTH) {
        let rows = seven[0].len();
        if seven.len() < WIDTH || seven.iter().any(|r| r.len() != rows) {
            return None;
        }
        groups.push(Group { first, rows });
        first += rows * WIDTH;
    }
    Some(groups)
}

/// Where the figure of each cell of the `n` rows is: the runs of each group
/// a column each, top to bottom, except where `flip` (group, row in it,
/// column) says otherwise.
fn layout(
    groups: &[Group],
    n: usize,
    flip: &dyn Fn(&Group, usize, usize) -> Option<usize>,
) -> Vec<[usize; WIDTH]> {
    let mut at = Vec::with_capacity(n);
    for g in groups {
        for k in 0..g.rows {
            at.push(std::array::from_fn(|c| {
                flip(g, k, c).unwrap_or(g.first + c * g.rows + k)
            }));
        }
    }
    at
}

/// Where each cell's figure would be in the other orders the same runs
/// could come from. A run is one block of the PDF's table: cells next to
/// each other in one row, or one under the other in one column. So a
/// group of seven runs of seven could be seven rows, a run each; a run of
/// one-row groups (a run a cell) could be those rows column by column;
/// and the whole table could be column by column. Other readings would
/// make a run of cells that are not next to each other (a group of runs
/// of two read by rows puts a row's last cell and the next row's first in
/// one run), which no block is.
fn other_orders(groups: &[Group], n: usize) -> Vec<Vec<[usize; WIDTH]>> {
    let layout = |flip: &dyn Fn(&Group, usize, usize) -> Option<usize>| layout(groups, n, flip);
    let mut out = Vec::new();
    // Each group of seven rows, a row a run.
    for seven in groups.iter().filter(|g| g.rows == WIDTH) {
        out.push(layout(&|g: &Group, k, c| {
            (g.first == seven.first).then_some(g.first + k * WIDTH + c)
        }));
    }
    // Each run of one-row groups, as one block by columns.
    let mut i = 0;
    while i < groups.len() {
        let j = (i..groups.len())
            .find(|&j| groups[j].rows != 1)
            .unwrap_or(groups.len());
        if j - i > 1 {
            let (start, rows) = (groups[i].first, j - i);
            out.push(layout(&|g: &Group, _, c| {
                let k = g.first.checked_sub(start)? / WIDTH;
                (g.rows == 1 && k < rows).then_some(start + c * rows + k)
            }));
        }
        i = j + 1;
    }
    // The whole table by columns.
    out.push((0..n).map(|r| std::array::from_fn(|c| c * n + r)).collect());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Report;
    use crate::source::SourceFile;

    /// PDF text (a page number and a form feed among the blocks) with a
    /// 2021 table 三 in blocks: 一 … （二） a cell a block, （三）1–8 and
    /// （四）1–3 a block a column, （五）1 … （六）3 a cell a block, （七）
    /// and 四 a block a column; （三）2 总计 3 where the cells add up to 0.
    const FIXTURE: &str = include_str!("../../../../fixtures/edge/figure-runs-by-blocks.txt");
    /// The rows of each group of the fixture's runs.
    const GROUPS: [usize; 15] = [1, 1, 1, 1, 8, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2];

    fn read(text: &str) -> Report {
        crate::parse::parse(SourceFile::new("t.txt", text.to_string()))
    }

    fn grid_of(report: &Report) -> Vec<[u64; WIDTH]> {
        let grid = super::super::labels_first::tests::grid_of(report);
        grid.iter()
            .map(|r| r.map(|c| c.expect("a count")))
            .collect()
    }

    /// The fixture's table part with its figures, in the fixture's blocks,
    /// taken from `grid`.
    fn with_grid(grid: &[[u64; WIDTH]]) -> String {
        let mut order = Vec::new();
        let mut row = 0;
        for rows in GROUPS {
            let block = &grid[row..row + rows];
            order.extend((0..WIDTH).flat_map(|c| block.iter().map(move |r| r[c])));
            row += rows;
        }
        let start = FIXTURE.find("三、收到和处理").expect("table 三");
        let end = FIXTURE.find("四、政府信息公开行政复议").expect("table 四");
        let mut figures = order.into_iter();
        let part: String = FIXTURE[start..end]
            .split_inclusive('\n')
            .map(|line| match line.trim().parse::<u64>() {
                Ok(_) => format!("{}\n", figures.next().expect("a figure a line")),
                Err(_) => line.to_string(),
            })
            .collect();
        assert!(figures.next().is_none());
        format!("{}{part}{}", &FIXTURE[..start], &FIXTURE[end..])
    }

    fn note(report: &Report) -> &str {
        let table = report.tables.requests.as_ref().expect("table 三");
        assert!(table.rows.is_empty());
        assert_eq!(report.notes.len(), 1, "{:?}", report.notes);
        &report.notes[0].message
    }

    #[test]
    fn blocks_of_rows_are_read_column_by_column_and_cells_alone_row_by_row() {
        let report = read(FIXTURE);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
        let grid = grid_of(&report);
        assert_eq!(grid.len(), 25);
        // 一, a cell a block; （四）1–3, a block a column; （七）and 四.
        assert_eq!(grid[0], [38, 6, 1, 1, 2, 0, 48]);
        assert_eq!(grid[12], [8, 1, 0, 1, 0, 0, 10]);
        assert_eq!(grid[14], [1, 0, 0, 0, 0, 0, 1]);
        assert_eq!(grid[23], [39, 6, 1, 1, 2, 0, 49]);
        // Every row adds up but the one planted.
        for (r, row) in grid.iter().enumerate() {
            let sum: u64 = row[..6].iter().sum();
            assert_eq!(sum == row[6], r != 5, "row {r}: {row:?}");
        }
        // Each cell is its own line of the text.
        let table = report.tables.requests.as_ref().expect("table 三");
        let cell = &table.rows[5].cells[6];
        assert_eq!(report.text(cell.span), "3");
        // The round trip the other tests rely on.
        assert_eq!(with_grid(&grid), FIXTURE);
    }

    #[test]
    fn a_figure_lost_and_another_too_many_leave_the_table_unread() {
        // 一's first figure gone, a figure after （二）'s last: every cell
        // between is one place off.
        let lost = FIXTURE.replacen("数量\n38\n", "数量\n", 1);
        let shifted = lost.replacen("\n5\n\n", "\n5\n\n7\n\n", 1);
        assert_ne!(shifted, lost);
        let report = read(&shifted);
        assert!(note(&report).contains("行列合计不符"), "{}", note(&report));
    }

    #[test]
    fn an_order_the_identities_do_not_settle_leaves_the_table_unread() {
        // All 0 but （五）1, （七） and 一 (1 … 1): read as the blocks say,
        // every identity holds; （五）1 … （六）3 read column by column, four
        // break. Too close to tell.
        let mut grid = [[0u64; WIDTH]; 25];
        for r in [0, 15, 23] {
            grid[r][0] = 1;
            grid[r][6] = 1;
        }
        let report = read(&with_grid(&grid));
        assert!(
            note(&report).contains("无法确定各块的数字是按行还是按列排列的"),
            "{}",
            note(&report)
        );
    }

    #[test]
    fn two_figures_on_a_line_are_not_this_shape() {
        let text = "1\n\n0 95\n";
        assert!(runs(text, Span::new(0, text.len())).is_none());
        let text = "1\n2\n\n（七）总计\n3\n\n申请 4\n";
        let runs = runs(text, Span::new(0, text.len())).expect("one a line");
        let lengths: Vec<usize> = runs.iter().map(Vec::len).collect();
        assert_eq!(lengths, [2, 1]);
    }

    #[test]
    fn runs_group_by_seven_of_one_length() {
        let run = |n: usize| vec![Span::new(0, 0); n];
        let mut runs: Vec<Vec<Span>> = (0..7).map(|_| run(1)).collect();
        runs.extend((0..7).map(|_| run(3)));
        let groups = groups(&runs).expect("two groups");
        assert_eq!(
            groups,
            [Group { first: 0, rows: 1 }, Group { first: 7, rows: 3 }]
        );
        runs[9] = run(2);
        assert!(super::groups(&runs).is_none());
        assert!(super::groups(&runs[..6]).is_none());
    }

    #[test]
    fn a_group_of_seven_rows_may_be_a_row_a_run() {
        let groups = [Group { first: 0, rows: 7 }];
        let others = other_orders(&groups, 7);
        // By rows, and the whole table by columns (the order of the runs).
        assert_eq!(others.len(), 2);
        assert_eq!(others[0][1], std::array::from_fn(|c| 7 + c));
        assert_eq!(others[1][1], std::array::from_fn(|c| c * 7 + 1));
        // Runs of two read by rows would put two rows in a run: not tried.
        let groups = [Group { first: 0, rows: 2 }];
        assert_eq!(other_orders(&groups, 2).len(), 1);
    }
}
