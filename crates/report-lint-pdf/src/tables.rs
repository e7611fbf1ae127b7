//! Tables as their drawn grid gives them (pdfplumber finds the cells from
//! the ruling lines and rectangles), and a table that runs over a page
//! break put back together.

use pdfplumber::Table;

/// A table, or the part of one on one page. Cells are per grid column;
/// `None` is a position another cell spans (a merge), left out of the view.
#[derive(Debug, Clone)]
pub struct Part {
    pub top: f64,
    pub bottom: f64,
    /// The left edges of the grid's columns.
    pub columns: Vec<f64>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub page: u32,
    pub cells: Vec<Option<String>>,
}

impl Row {
    fn texts(&self) -> impl Iterator<Item = &str> {
        self.cells.iter().flatten().map(String::as_str)
    }

    fn is_figure(text: &str) -> bool {
        let t = text.trim();
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '/' | '—' | '－'))
    }

    /// Whether a row holds figures (so its empty cells are figures left out).
    fn has_figures(&self) -> bool {
        self.texts().any(Row::is_figure)
    }

    /// Whether a row has a label: text that is not a figure.
    pub fn has_label(&self) -> bool {
        self.texts()
            .any(|t| !t.trim().is_empty() && !Row::is_figure(t))
    }
}

/// How far apart two parts' column edges may be and still be one table.
const SAME_COLUMN: f64 = 3.0;

impl Part {
    pub fn of(table: &Table, page: u32) -> Part {
        // A column's edge is where its real cells start; a position a
        // merge covers has no cell of its own (NaN when no row has one).
        let columns = table
            .columns
            .iter()
            .map(|column| {
                column
                    .iter()
                    .filter(|c| c.text.is_some())
                    .map(|c| c.bbox.x0)
                    .reduce(f64::min)
                    .unwrap_or(f64::NAN)
            })
            .collect();
        let rows = table
            .rows
            .iter()
            .map(|row| Row {
                page,
                cells: row.iter().map(|c| c.text.as_deref().map(clean)).collect(),
            })
            .collect();
        Part {
            top: table.bbox.top,
            bottom: table.bbox.bottom,
            columns,
            rows,
        }
    }

    /// The columns that hold labels: those left of the first column a row
    /// has a figure in. A column right of it is a column of figures, even
    /// one left blank in every row.
    pub fn label_columns(&self) -> Vec<bool> {
        let width = self.columns.len();
        let figures = |column: usize| {
            self.rows.iter().any(|row| {
                row.cells
                    .get(column)
                    .and_then(Option::as_deref)
                    .is_some_and(Row::is_figure)
            })
        };
        let first = (0..width).find(|&c| figures(c)).unwrap_or(width);
        (0..width).map(|column| column < first).collect()
    }

    /// Where each of `next`'s columns is in this table's grid, if every one
    /// of them is: a part can have fewer columns than the whole, when no
    /// row on its page separates two of them (only merged cells there).
    fn grid_of(&self, next: &Part) -> Option<Vec<usize>> {
        if next.columns.len() == self.columns.len() {
            let same = self
                .columns
                .iter()
                .zip(&next.columns)
                .all(|(a, b)| a.is_nan() || b.is_nan() || (a - b).abs() <= SAME_COLUMN);
            return same.then(|| (0..next.columns.len()).collect());
        }
        // Fewer columns: each found by its edge, in order.
        let mut grid = Vec::with_capacity(next.columns.len());
        let mut from = 0;
        for x in &next.columns {
            let at = from
                + self.columns[from..]
                    .iter()
                    .position(|c| (c - x).abs() <= SAME_COLUMN)?;
            grid.push(at);
            from = at + 1;
        }
        Some(grid)
    }

    /// Whether `next` (at the top of the next page) carries this table on:
    /// its columns are columns of this table's grid.
    pub fn continued_by(&self, next: &Part) -> bool {
        self.grid_of(next).is_some() || next.grid_of(self).is_some()
    }

    /// Puts this part's rows into a finer grid its own columns are in
    /// (`grid`: where each of them is): a column this part lacks is
    /// spanned by the cell to its left.
    fn regrid(&mut self, columns: &[f64], grid: &[usize]) {
        let width = columns.len();
        for row in &mut self.rows {
            let mut cells = vec![None; width];
            for (cell, &column) in row.cells.drain(..).zip(grid) {
                cells[column] = cell;
            }
            row.cells = cells;
        }
        self.columns = columns.to_vec();
    }

    /// Appends the rows of `next`, the same table's part on the next page:
    /// header rows the page repeats are dropped, and a first row that only
    /// finishes the wrapped labels of the row the page break cut is put
    /// back into that row.
    pub fn append(&mut self, next: Part) {
        // The part before the break may have fewer columns: none of its
        // rows separated two that the next page's rows do.
        if self.grid_of(&next).is_none() {
            if let Some(grid) = next.grid_of(self) {
                self.regrid(&next.columns, &grid);
            }
        }
        let Some(grid) = self.grid_of(&next) else {
            return;
        };
        let width = self.columns.len();
        // Into this table's grid: a column the part lacks is spanned there.
        let rows = next.rows.into_iter().map(|row| {
            let mut cells = vec![None; width];
            for (cell, &column) in row.cells.into_iter().zip(&grid) {
                cells[column] = cell;
            }
            Row {
                page: row.page,
                cells,
            }
        });
        let mut rows = rows.peekable();
        let mut index = 0;
        while let (Some(row), Some(header)) = (rows.peek(), self.rows.get(index)) {
            if row.cells != header.cells || row.has_figures() {
                break;
            }
            rows.next();
            index += 1;
        }
        if let Some(first) = rows.peek() {
            if let Some(targets) = self.continuation_targets(first) {
                let first = rows.next().unwrap_or_else(|| unreachable!("peeked"));
                for (column, row) in targets {
                    if let (Some(Some(cell)), Some(Some(more))) = (
                        self.rows[row].cells.get_mut(column),
                        first.cells.get(column),
                    ) {
                        cell.push_str(more);
                    }
                }
            }
        }
        self.rows.extend(rows);
        self.bottom = next.bottom;
    }
}

impl Part {
    /// Where the texts of `first`, the first row after a page break, go
    /// when they only finish labels the break cut: (column, row) for each
    /// non-empty cell. A label goes into the last row's cell, or, where a
    /// merged label covers the last row, into the row the merge starts in.
    /// `None` when the row is a row of its own: it has figures, the last
    /// row has none, or a text stands where the last row has no label.
    fn continuation_targets(&self, first: &Row) -> Option<Vec<(usize, usize)>> {
        let last = self.rows.len().checked_sub(1)?;
        if first.has_figures() || !self.rows[last].has_figures() {
            return None;
        }
        let mut targets = Vec::new();
        for (column, cell) in first.cells.iter().enumerate() {
            match cell {
                Some(t) if !t.is_empty() => {}
                Some(_) => continue,
                // A merge on the new page must meet a cell or merge above.
                None => match self.rows[last].cells.get(column) {
                    Some(Some(_)) => return None,
                    _ => continue,
                },
            }
            let origin = (0..=last)
                .rev()
                .find(|&r| !matches!(self.rows[r].cells.get(column), Some(None)))?;
            match self.rows[origin].cells.get(column) {
                Some(Some(label)) if !label.is_empty() && !Row::is_figure(label) => {
                    targets.push((column, origin))
                }
                _ => return None,
            }
        }
        (!targets.is_empty()).then_some(targets)
    }
}

/// A cell's text on one line: lines of a wrapped label, or the characters
/// of vertical text, joined without a space between Chinese characters.
/// Latin words keep a space between them, except a number wrapped over
/// two lines of a narrow cell, which is one number.
pub fn clean(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        for (i, word) in line.split_whitespace().enumerate() {
            let spaced = match (out.chars().last(), word.chars().next()) {
                (Some(a), Some(b)) if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() => {
                    i > 0 || !(a.is_ascii_digit() && b.is_ascii_digit())
                }
                _ => false,
            };
            if spaced {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    // A `|` in a cell must not split the row.
    out.replace('|', "¦")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(page: u32, cells: &[Option<&str>]) -> Row {
        Row {
            page,
            cells: cells.iter().map(|c| c.map(str::to_string)).collect(),
        }
    }

    fn texts(part: &Part) -> Vec<Vec<Option<&str>>> {
        part.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.as_deref()).collect())
            .collect()
    }

    fn part(rows: Vec<Row>) -> Part {
        Part {
            top: 0.0,
            bottom: 0.0,
            columns: vec![0.0, 100.0, 150.0],
            rows,
        }
    }

    #[test]
    fn joins_wrapped_labels_and_vertical_text() {
        assert_eq!(
            clean("（二）部分公开（区分处理\n的，只计这一情形"),
            "（二）部分公开（区分处理的，只计这一情形"
        );
        assert_eq!(clean("三\n、\n本\n年"), "三、本年");
        assert_eq!(clean("Page\n3"), "Page 3");
        assert_eq!(clean("a|b"), "a¦b");
        assert_eq!(clean("10000000\n00000"), "1000000000000");
        assert_eq!(clean("12 34"), "12 34");
    }

    #[test]
    fn a_table_over_a_page_break_is_one_table() {
        let header = row(1, &[Some("信息内容"), Some("件数"), None]);
        let mut first = part(vec![
            header.clone(),
            row(1, &[Some("4.无正当理由大量反复"), Some("0"), Some("0")]),
        ]);
        // The page repeats the header; the label cut by the break ends in
        // the first row, whose figure cells are empty.
        let second = part(vec![
            row(2, &[Some("信息内容"), Some("件数"), None]),
            row(2, &[Some("申请"), Some(""), Some("")]),
            row(2, &[Some("5.要求行政机关确认"), Some("1"), Some("1")]),
        ]);
        assert!(first.continued_by(&second));
        first.append(second);
        assert_eq!(
            texts(&first),
            [
                vec![Some("信息内容"), Some("件数"), None],
                vec![Some("4.无正当理由大量反复申请"), Some("0"), Some("0")],
                vec![Some("5.要求行政机关确认"), Some("1"), Some("1")],
            ]
        );
    }

    #[test]
    fn a_merged_label_cut_by_the_break_goes_back_to_its_row() {
        let mut first = part(vec![
            row(
                1,
                &[Some("（四）无法提"), Some("1.本机关不掌握"), Some("8")],
            ),
            row(1, &[None, Some("2.没有现成信息需要另"), Some("2")]),
        ]);
        first.append(part(vec![row(2, &[Some("供"), Some("行制作"), Some("")])]));
        assert_eq!(first.rows.len(), 2);
        assert_eq!(first.rows[0].cells[0].as_deref(), Some("（四）无法提供"));
        assert_eq!(
            first.rows[1].cells[1].as_deref(),
            Some("2.没有现成信息需要另行制作")
        );
    }

    #[test]
    fn a_part_with_fewer_columns_before_the_break_takes_the_finer_grid() {
        // Before the break no row has a sub-row label, so the group's
        // label column and the sub-row labels' are one; after it, the
        // cut row ends its label in the merged cell over both.
        let mut first = Part {
            columns: vec![0.0, 100.0, 150.0],
            ..part(vec![row(
                1,
                &[Some("（二）部分公开"), Some("4"), Some("5")],
            )])
        };
        let second = Part {
            columns: vec![0.0, 40.0, 100.0, 150.0],
            ..part(vec![
                row(2, &[Some("（区分处理的）"), None, Some(""), Some("")]),
                row(2, &[Some(""), Some("1.属于国家秘密"), Some("0"), Some("0")]),
            ])
        };
        assert!(first.continued_by(&second));
        first.append(second);
        assert_eq!(
            texts(&first),
            [
                vec![
                    Some("（二）部分公开（区分处理的）"),
                    None,
                    Some("4"),
                    Some("5")
                ],
                vec![Some(""), Some("1.属于国家秘密"), Some("0"), Some("0")],
            ]
        );
    }

    #[test]
    fn a_banner_row_after_a_break_stays_a_row() {
        let mut first = part(vec![row(
            1,
            &[Some("行政规范性文件"), Some("4"), Some("1")],
        )]);
        let second = part(vec![row(2, &[Some("第二十条第（五）项"), None, None])]);
        first.append(second);
        assert_eq!(first.rows.len(), 2);
    }
}
