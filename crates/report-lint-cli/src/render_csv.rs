//! Findings as CSV for spreadsheets: one row per finding. The file starts
//! with a UTF-8 byte-order mark, without which Excel on Chinese Windows
//! reads UTF-8 as GBK and shows mojibake.

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

/// One CSV record (with proper quoting) as text, ending in a line break.
pub fn record<I, S>(fields: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

pub fn rows(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let path = &source.name;
    diagnostics
        .iter()
        .map(|d| {
            let range = positions::range(source, d.span);
            let fix = d.fixes.first().map_or("", |f| f.title.as_str());
            let location = d.location.as_ref().map(|l| l.describe()).unwrap_or_default();
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
}
