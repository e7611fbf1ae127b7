//! Human-readable diagnostics through codespan-reporting, which measures
//! Chinese characters as two columns so carets land under the right text.
//! It is shown an [`Excerpt`] of each report, never the whole text.
//! After a report's findings comes one line saying what was checked.

use crate::excerpt::Excerpt;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::Error as FilesError;
use codespan_reporting::term::{self, termcolor::Ansi, Config};
use report_lint_core::{SourceFile, Span};
use report_lint_rules::identities::{summary, IdentityCheck};
use report_lint_rules::{Applicability, Diagnostic, Severity};
use std::io::{self, Write};
use std::ops::Range;

pub fn render_diagnostics(
    out: &mut dyn Write,
    color: bool,
    source: &SourceFile,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let config = Config::default();
    for diagnostic in diagnostics {
        let spans: Vec<Span> = std::iter::once(diagnostic.span)
            .chain(diagnostic.labels.iter().map(|l| l.span))
            .map(|s| clamp(source, s))
            .collect();
        let excerpt = Excerpt::new(source, &spans);
        let report = to_report(&excerpt, diagnostic);
        let emitted = if color {
            term::emit_to_write_style(&mut Ansi::new(&mut *out), &config, &excerpt, &report)
        } else {
            term::emit_to_io_write(&mut *out, &config, &excerpt, &report)
        };
        emitted.map_err(files_error)?;
    }
    Ok(())
}

/// What was checked, not only what failed, in one line:
/// `核对 a.txt：B001 表三行总计 不成立（1/25 处）；B004 表四总计 无法核对（未找到表四）；B002 表三（七）总计、B003 表三勾稽关系 成立`.
/// `None` when no identity rule ran.
pub fn checks_line(path: &str, checks: &[IdentityCheck]) -> Option<String> {
    summary(checks).map(|summary| format!("核对 {path}：{summary}"))
}

fn to_report(excerpt: &Excerpt, d: &Diagnostic) -> Report<()> {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let mut labels = vec![Label::primary((), range(excerpt, d.span))];
    labels.extend(
        d.labels
            .iter()
            .map(|l| Label::secondary((), range(excerpt, l.span)).with_message(&l.message)),
    );
    let mut notes = vec![d.name.to_string()];
    if let Some(location) = &d.location {
        notes.push(format!("位置：{}", location.describe()));
    }
    if let Some(fix) = d.fixes.first() {
        notes.push(format!(
            "help: {}（{}）",
            fix.title,
            how_to_apply(fix.applicability)
        ));
    }
    Report::new(level)
        .with_code(d.code)
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

fn how_to_apply(applicability: Applicability) -> String {
    let program = report_lint_core::program::name();
    match applicability {
        Applicability::Safe => format!("可用 {program} fix 自动修复"),
        Applicability::Unsafe => format!("可用 {program} fix --unsafe-fixes 修复，请先核对"),
        Applicability::DisplayOnly => "仅供参考，请人工修改".into(),
    }
}

fn range(excerpt: &Excerpt, span: Span) -> Range<usize> {
    excerpt.map(span.start)..excerpt.map(span.end.max(span.start))
}

/// A rule's span past the end, inside a character or backwards must not
/// abort the output.
fn clamp(source: &SourceFile, span: Span) -> Span {
    let start = source.floor_boundary(span.start);
    Span::new(start, source.floor_boundary(span.end).max(start))
}

fn files_error(err: FilesError) -> io::Error {
    match err {
        FilesError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(rule: &'static str, held: usize, failed: usize, unchecked: usize) -> IdentityCheck {
        IdentityCheck {
            rule,
            name: "",
            held,
            failed,
            unchecked,
            missing: None,
        }
    }

    #[test]
    fn the_checks_line_puts_failures_first_and_groups_the_rest() {
        let checks = [
            check("B001", 24, 1, 0),
            check("B002", 6, 0, 1),
            check("B003", 7, 0, 0),
            IdentityCheck {
                missing: Some("未找到表四"),
                ..check("B004", 0, 0, 0)
            },
        ];
        assert_eq!(
            checks_line("a.txt", &checks).unwrap(),
            "核对 a.txt：B001 表三行总计 不成立（1/25 处）；B002 表三（七）总计 部分核对（1 处无法核对）；\
             B004 表四总计 无法核对（未找到表四）；B003 表三勾稽关系 成立"
        );
        let all_held = [check("B001", 25, 0, 0), check("B004", 3, 0, 0)];
        assert_eq!(
            checks_line("a.txt", &all_held).unwrap(),
            "核对 a.txt：B001 表三行总计、B004 表四总计 成立"
        );
        assert_eq!(checks_line("a.txt", &[]), None);
    }

    mod crawled {
        include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/crawled/mod.rs"));
    }

    /// A crawler's dump of the real reports on one line, as plain text and
    /// as one JSON string (a page's data).
    fn dumps_on_one_line(bytes: usize) -> [(&'static str, String); 2] {
        let (header, line) = crawled::crawled_line(bytes);
        let json = format!("{{\"title\": \"年度报告\", \"body\": \"{line}\"}}");
        [
            ("dump.txt", format!("{header}{line}\n")),
            ("dump.json.txt", json),
        ]
    }

    /// Many findings on one line hundreds of KB long, some with labels far
    /// apart on it, took 74 seconds as text (JSON took a tenth of a second):
    /// each finding's excerpt was the whole line. Work and output per
    /// finding are now bounded: counted, not timed.
    #[test]
    fn text_output_of_a_finding_is_bounded_on_a_line_of_any_length() {
        use crate::excerpt::{scanned, SCAN_BYTES};
        use report_lint_rules::{Config, Linter};
        let linter = Linter::new(Config::default()).expect("unique codes");
        for (name, text) in dumps_on_one_line(300 * 1024) {
            let report = report_lint_core::parse(SourceFile::new(name, text));
            let found = linter.lint(&report);
            let line_of = |offset| report.source.line_index(offset);
            let far_apart = found
                .iter()
                .flat_map(|d| d.labels.iter().map(move |l| (d.span, l.span)))
                .filter(|(a, b)| {
                    line_of(a.start) == line_of(b.start) && a.start.abs_diff(b.start) > 10_000
                })
                .count();
            assert!(
                found.len() > 100 && far_apart > 10,
                "{name}: {} findings, {far_apart} with labels far apart",
                found.len()
            );
            scanned::take();
            let mut out = Vec::new();
            render_diagnostics(&mut out, false, &report.source, &found).expect("rendered");
            let (total, largest) = scanned::take();
            assert!(
                largest <= SCAN_BYTES,
                "{name}: {largest} bytes looked at in one go"
            );
            let per_finding = |n: usize| n / found.len();
            assert!(
                per_finding(total) <= 8 * SCAN_BYTES,
                "{name}: {total} bytes looked at"
            );
            assert!(
                per_finding(out.len()) <= 2048,
                "{name}: {} bytes of text",
                out.len()
            );
        }
    }
}
