use crate::checks::table3;
use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::{CellValue, Report};

declare_rule! {
    /// ## What it checks
    /// Cells of tables 三 and 四 that hold no number: left empty, or filled
    /// with a placeholder such as `/`, `-`, `—` or `无`.
    ///
    /// ## Why
    /// Every cell of these tables is a count, and the template's identities
    /// need all of them. An empty cell cannot be told apart from a forgotten
    /// one; write 0 where nothing happened. Blank cells are never summed as
    /// 0 by the balance rules: they are reported here instead.
    ///
    /// ## Example
    /// Shanghai's 2019 report left the 总计 column of most result rows empty.
    ///
    /// ## Fix safety
    /// No fix: whether the missing number is 0 is for the author to say.
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
        table3::named_cells(report)
            .into_iter()
            .filter_map(|(name, cell)| {
                let message = match &cell.value {
                    CellValue::Blank => format!("{name}未填写，没有发生的应填 0"),
                    CellValue::NotApplicable(marker) => {
                        format!("{name}填写为“{marker}”，应填数字（没有发生的填 0）")
                    }
                    _ => return None,
                };
                Some(Diagnostic::new(&Self::META, cell.span, message))
            })
            .collect()
    }
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
        assert_eq!(codes(&found), ["C001", "C001"]);
        assert_eq!(
            found[1].message,
            "表三“（一）予以公开”行“商业企业”列填写为“/”，应填数字（没有发生的填 0）"
        );
    }

    #[test]
    fn silent_when_every_cell_is_a_number() {
        assert!(lint("C001", &table3_report(&[])).is_empty());
    }
}
