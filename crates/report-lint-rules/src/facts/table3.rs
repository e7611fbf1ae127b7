//! The identities of tables 三 and 四 over exact integers: what the balance
//! rules (B001–B004), the hover and the 核对 line compute alike.

use crate::Diagnostic;

use report_lint_core::template::{RequestRow, TemplateVersion};
use report_lint_core::{Cell, RequestTable, RequestTableRow};

/// The exact sum of the cells, or `None` if any is not a count (blank,
/// "/", text): such cells are reported by the cell rules, never summed as 0.
pub fn sum<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> Option<u128> {
    cells
        .into_iter()
        .map(|c| c.value.as_count().map(u128::from))
        .sum()
}

/// "12+1+0+0+0+0"
pub fn addends(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| c.text.trim())
        .collect::<Vec<_>>()
        .join("+")
}

/// The results rows （一）…（六） when every one of them, for one of the two
/// templates, was read completely; `None` when a row is missing or
/// unreadable, because a sum over an incomplete set is not a fact.
pub fn complete_results(table: &RequestTable) -> Option<Vec<&RequestTableRow>> {
    [TemplateVersion::V2021, TemplateVersion::V2019]
        .into_iter()
        .find_map(|version| {
            RequestRow::all(version)
                .into_iter()
                .filter(|key| key.is_result())
                .map(|key| table.row(key).filter(|row| row.readable))
                .collect()
        })
}

/// Where a cell of table 三 or 四 is, named for messages
/// ("表三“（一）予以公开”行“总计”列"). Written out only when a rule reports.
#[derive(Debug, Clone, Copy)]
pub enum CellName {
    Requests {
        row: RequestRow,
        column: &'static str,
    },
    /// The index of the cell among table 四's 15.
    Review(usize),
}

impl std::fmt::Display for CellName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use report_lint_core::template::{REVIEW_COLUMNS, REVIEW_GROUPS};
        match self {
            CellName::Requests { row, column } => {
                write!(f, "表三“{}”行“{column}”列", row.short_name())
            }
            CellName::Review(i) => write!(
                f,
                "表四“{}”的“{}”",
                REVIEW_GROUPS[i / 5],
                REVIEW_COLUMNS[i % 5]
            ),
        }
    }
}

/// Every cell of tables 三 and 四 that was read in place, with its name.
/// Cells of unreadable rows are left out: their column is a guess.
pub fn named_cells(report: &report_lint_core::Report) -> Vec<(CellName, &Cell)> {
    use report_lint_core::template::REQUEST_COLUMNS;
    let mut out = Vec::new();
    if let Some(table) = &report.tables.requests {
        for row in table.rows.iter().filter(|r| r.readable) {
            for (cell, column) in row.cells.iter().zip(REQUEST_COLUMNS) {
                out.push((
                    CellName::Requests {
                        row: row.key,
                        column,
                    },
                    cell,
                ));
            }
        }
    }
    if let Some(table) = report.tables.review.as_ref().filter(|t| t.readable) {
        for (i, cell) in table.cells.iter().enumerate() {
            out.push((CellName::Review(i), cell));
        }
    }
    out
}

/// The result of checking one instance of an identity (one row, one column,
/// one group). Both the rule and the run summary ("which identities held,
/// failed, or could not be checked") are built from these.
#[derive(Debug)]
pub enum Outcome {
    Held,
    Failed(Box<Diagnostic>),
    /// A cell is blank, not a number, or its row unreadable.
    Unchecked,
}

impl Outcome {
    pub fn failure(self) -> Option<Diagnostic> {
        match self {
            Outcome::Failed(d) => Some(*d),
            _ => None,
        }
    }

    /// The diagnostics of the failed instances: what a balance rule reports.
    pub fn failures(outcomes: Vec<Outcome>) -> Vec<Diagnostic> {
        outcomes.into_iter().filter_map(Outcome::failure).collect()
    }
}

/// Held when `stated == sum`, else the diagnostic `fail` builds.
pub fn compare(
    sum: Option<u128>,
    stated: Option<u64>,
    fail: impl FnOnce(u128, u64) -> Diagnostic,
) -> Outcome {
    match (sum, stated) {
        (Some(sum), Some(stated)) if sum == u128::from(stated) => Outcome::Held,
        (Some(sum), Some(stated)) => Outcome::Failed(Box::new(fail(sum, stated))),
        _ => Outcome::Unchecked,
    }
}

/// Table 三's balance in one column: 一、本年新收 + 二、上年结转 =
/// （七）总计 + 四、结转下年度继续办理, over the four cells.
#[derive(Debug, Clone, Copy)]
pub struct Balance<'a> {
    pub new: &'a Cell,
    pub carried: &'a Cell,
    pub results: &'a Cell,
    pub forward: &'a Cell,
}

impl Balance<'_> {
    /// The counts of the four cells, in that order.
    pub fn counts(&self) -> [u128; 4] {
        [self.new, self.carried, self.results, self.forward]
            .map(|c| u128::from(c.value.as_count().unwrap_or_default()))
    }

    /// 一 + 二 and （七） + 四.
    pub fn sides(&self) -> (u128, u128) {
        let [n, c, t, f] = self.counts();
        (n + c, t + f)
    }
}

/// The balance of `column`, when its four cells were read and are counts;
/// `None` otherwise (then it is not checked).
pub fn balance(table: &RequestTable, column: usize) -> Option<Balance<'_>> {
    let cell = |key| {
        table
            .cell(key, column)
            .filter(|c| c.value.as_count().is_some())
    };
    Some(Balance {
        new: cell(RequestRow::NewRequests)?,
        carried: cell(RequestRow::CarriedOver)?,
        results: cell(RequestRow::ResultsTotal)?,
        forward: cell(RequestRow::CarriedForward)?,
    })
}

/// The （七）总计 of `column` and the cells of the results rows （一）…（六）
/// it must be the sum of, when every results row and the total row were read
/// completely; `None` otherwise, because a sum over an incomplete set is not
/// a fact.
pub fn results_column(
    table: &RequestTable,
    column: usize,
) -> Option<(&Cell, Vec<(&RequestTableRow, &Cell)>)> {
    let results = complete_results(table)?;
    let total = table
        .row(RequestRow::ResultsTotal)
        .filter(|r| r.readable)?
        .cells
        .get(column)?;
    let parts = results
        .into_iter()
        .map(|row| Some((row, row.cells.get(column)?)))
        .collect::<Option<Vec<_>>>()?;
    Some((total, parts))
}
