use crate::{declare_rule, Check, Diagnostic, RuleContext};
use report_lint_core::template::RequestRow;
use report_lint_core::{Report, TemplateVersion};

declare_rule! {
    /// ## What it checks
    /// That table 三 has every row of its template: 25 numeric rows in the
    /// 2021 template, 23 in the 2019 one (where （六）其他处理 is a single row).
    ///
    /// ## Why
    /// A dropped row hides requests, and every column identity of the table
    /// (B002, B003) can only be checked when all rows are there.
    ///
    /// ## Example
    /// A table that goes from `2.其他法律行政法规禁止公开` to `4.保护第三方合法权益`.
    ///
    /// When more than five rows are missing, one finding lists them all.
    ///
    /// ## Fix safety
    /// No fix: the row's figures are needed.
    pub struct MissingTableRow {
        code: "L002",
        name: "missing-table-row",
        family: "labels",
        summary: "表三缺少模板规定的行",
        severity: Error,
        fix: None,
    }
}

/// Beyond this many, missing rows are listed in one finding.
const LIST_SEPARATELY: usize = 5;

impl Check for MissingTableRow {
    fn check(&self, report: &Report, _: &RuleContext) -> Vec<Diagnostic> {
        let Some(table) = &report.tables.requests else {
            return Vec::new();
        };
        let version = match report.template_evidence.requests {
            TemplateVersion::Unknown => report.template,
            v => v,
        };
        let version = if version == TemplateVersion::Unknown {
            TemplateVersion::V2021
        } else {
            version
        };
        let expected = RequestRow::all(version);
        let missing: Vec<(usize, RequestRow)> = expected
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, key)| table.row(*key).is_none())
            .collect();
        // Point at the row that follows the missing one, where it belongs.
        let anchor = |position: usize| {
            expected[position..]
                .iter()
                .find_map(|key| table.row(*key))
                .map_or(table.span, |row| row.label.span)
        };
        if missing.len() > LIST_SEPARATELY {
            let names: Vec<String> = missing.iter().map(|(_, k)| k.short_name()).collect();
            return vec![Diagnostic::new(
                &Self::META,
                table.span,
                format!("表三缺少 {} 行：{}", missing.len(), names.join("、")),
            )];
        }
        missing
            .into_iter()
            .map(|(position, key)| {
                Diagnostic::new(
                    &Self::META,
                    anchor(position),
                    format!("表三缺少“{}”行", key.label(version)),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{codes, lint, table3_report};

    #[test]
    fn fires_on_a_dropped_row_at_the_next_one() {
        let text = table3_report(&[]);
        let start = text.find("|  | 3.危及").unwrap();
        let end = start + text[start..].find('\n').unwrap() + 1;
        let text = format!("{}{}", &text[..start], &text[end..]);
        let found = lint("L002", &text);
        assert_eq!(codes(&found), ["L002"]);
        assert_eq!(
            found[0].message,
            "表三缺少“（三）不予公开3.危及“三安全一稳定””行"
        );
        assert!(text[found[0].span.start..].starts_with("4.保护第三方"));
    }

    #[test]
    fn silent_on_a_complete_table() {
        assert!(lint("L002", &table3_report(&[])).is_empty());
    }
}
