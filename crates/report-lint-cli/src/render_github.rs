//! GitHub Actions workflow commands: one `::error` / `::warning` /
//! `::notice` line per finding, which the runner turns into an annotation
//! on the file and line in the pull request.

use crate::positions;
use report_lint_core::SourceFile;
use report_lint_rules::{Diagnostic, Severity};
use std::fmt::Write as _;

pub fn lines(source: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let file = escape_property(&source.name);
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let range = positions::range(source, d.span);
        let title = escape_property(&format!("{} {}", d.code, d.name));
        let message = match &d.location {
            Some(location) => format!("{}（位置：{}）", d.message, location.describe()),
            None => d.message.clone(),
        };
        let _ = writeln!(
            out,
            "::{command} file={file},line={},col={},endLine={},endColumn={},title={title}::{}",
            range.start.line,
            range.start.column,
            range.end.line,
            range.end.column,
            escape_data(&message),
        );
    }
    out
}

/// The message after `::`: `%`, CR and LF would end or corrupt the command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` property: also `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_the_runner_rules() {
        assert_eq!(escape_data("50%\r\n下一行"), "50%25%0D%0A下一行");
        assert_eq!(escape_property("a,b:c%.txt"), "a%2Cb%3Ac%25.txt");
    }
}
