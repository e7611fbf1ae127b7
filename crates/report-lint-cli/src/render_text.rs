//! Human-readable diagnostics through codespan-reporting, which measures
//! Chinese characters as two columns so carets land under the right text.
//! It is shown an [`Excerpt`] of each report, never the whole text.

use crate::excerpt::Excerpt;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::Error as FilesError;
use codespan_reporting::term::{self, termcolor::Ansi, Config};
use report_lint_core::{SourceFile, Span};
use report_lint_rules::{Applicability, Diagnostic, Severity};
use std::io::{self, Write};
use std::ops::Range;

pub fn render_file(
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

fn how_to_apply(applicability: Applicability) -> &'static str {
    match applicability {
        Applicability::Safe => "可用 report-lint fix 自动修复",
        Applicability::Unsafe => "可用 report-lint fix --unsafe-fixes 修复，请先核对",
        Applicability::DisplayOnly => "仅供参考，请人工修改",
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
