//! Arithmetic helpers shared by the balance checks of table 三 and 四.

use report_lint_core::Cell;

/// The exact sum of the cells, or `None` if any is not a count (blank,
/// "/", text): such cells are reported by the cell rules, never summed as 0.
pub fn sum(cells: &[Cell]) -> Option<u128> {
    cells.iter().map(|c| c.value.as_count().map(u128::from)).sum()
}

/// "12+1+0+0+0+0"
pub fn addends(cells: &[Cell]) -> String {
    cells.iter().map(|c| c.text.trim()).collect::<Vec<_>>().join("+")
}
