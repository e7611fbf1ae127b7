//! Findings as CSV for spreadsheets: one row per finding. The file starts
//! with a UTF-8 byte-order mark, without which Excel on Chinese Windows
//! reads UTF-8 as GBK and shows mojibake.
//!
//! Cells come from the reports (file names, agencies, quoted text): a
//! cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, a tab
//! or a carriage return first, OWASP's list) gets a `'` before it, which
//! makes it text. Numbers (`-3`, `+1.5`) are left as they are.

use crate::positions;
use report_lint_core::SourceFile;
use report_lint_rules::Diagnostic;

pub const BOM: &str = "\u{feff}";

pub const HEADER: [&str; 11] = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "severity",
    "message",
    "fix",
    "location",
];

/// One CSV record (with proper quoting, no cell a formula) as text,
/// ending in a line break.
pub fn record<I, S>(fields: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let fields = fields
        .into_iter()
        .map(|f| neutralise(f.as_ref()).into_owned());
    let _ = writer.write_record(fields);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// `cell`, with a `'` before it when a spreadsheet would run it as a
/// formula (DDE, `HYPERLINK`…).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A signed decimal number: what a spreadsheet reads as one, never a formula.
fn is_number(cell: &str) -> bool {
    let unsigned = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !unsigned.ends_with('.')
}

pub fn rows(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let path = &source.name;
    diagnostics
        .iter()
        .map(|d| {
            let range = positions::range(source, d.span);
            let fix = d.fixes.first().map_or("", |f| f.title.as_str());
            let location = d
                .location
                .as_ref()
                .map(|l| l.describe())
                .unwrap_or_default();
            record([
                path.as_str(),
                &range.start.line.to_string(),
                &range.start.column.to_string(),
                &range.end.line.to_string(),
                &range.end.column.to_string(),
                d.code,
                d.name,
                d.severity.as_str(),
                &d.message,
                fix,
                &location,
            ])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_commas_quotes_and_line_breaks() {
        assert_eq!(
            record(["a,b", "说\"是\"", "x\ny", "plain"]),
            "\"a,b\",\"说\"\"是\"\"\",\"x\ny\",plain\n"
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_text() {
        for formula in [
            "=1+1",
            "+1+1",
            "-1+1",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "=cmd|' /C calc'!A0",
            "-",
            "+",
            "-1.",
            "--1",
        ] {
            assert_eq!(neutralise(formula), format!("'{formula}"), "{formula:?}");
        }
        for kept in ["", "1", "-3", "+1.5", "12.25", "某区", "a=1", " =1", "'=1"] {
            assert_eq!(neutralise(kept), kept, "{kept:?}");
        }
        assert_eq!(record(["=1", "-2", "x"]), "'=1,-2,x\n");
    }
}
