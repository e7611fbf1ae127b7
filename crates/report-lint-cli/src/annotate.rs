//! `report-lint annotate`: a copy of a Word draft with one comment (批注)
//! per finding, anchored on the flagged text or cell, so the people who
//! wrote it see the findings in Word or WPS where they work.
//!
//! The copy is written beside the draft as `报告.批注.docx` (or `-o`); a
//! draft that already is such a copy is updated in place: report-lint's
//! earlier comments are replaced, everyone else's kept. In a folder, the
//! copies themselves are not annotated again.

use crate::args::AnnotateArgs;
use crate::check::{collect_inputs, internal_error, usage_error};
use crate::console::Console;
use crate::input::{self, ReadError};
use crate::ordered::{default_window, for_each_ordered};
use crate::settings::Settings;
use crate::summary::{ExitPolicy, Tally};
use crate::walk::Input;
use crate::write::write_bytes_atomically;
use report_lint_core::parse;
use report_lint_docx::{classify, is_docx_name, Comment, Docx, Kind};
use report_lint_rules::{Diagnostic, Linter};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The suffix of annotated copies, before `.docx`.
pub const SUFFIX: &str = ".批注";

pub fn annotate(args: &AnnotateArgs, console: &mut Console) -> io::Result<i32> {
    let mut tally = Tally::default();
    let mut settings = match Settings::new(&args.rules) {
        Ok(settings) => settings,
        Err(message) => return usage_error(console, &message),
    };
    let inputs = collect_inputs(&args.paths, None, console, &mut tally)?;
    if inputs.items.contains(&Input::Stdin) {
        return usage_error(console, "annotate 需要 Word 文件的路径，不能从标准输入读取");
    }
    if args.output.is_some() && inputs.items.len() != 1 {
        return usage_error(console, "-o/--output 只能用于一个 Word 文档");
    }
    let errors = settings.load(&inputs.items, None);
    for message in &errors {
        usage_error(console, message)?;
    }
    crate::check::warn_passed_over(&settings, console)?;
    if !errors.is_empty() {
        return Ok(2);
    }
    let date = comment_date();
    let jobs: Vec<(Input, Result<Linter, String>)> = inputs
        .items
        .iter()
        .map(|input| (input.clone(), settings.linter(input, None)))
        .collect();
    let Console { stdout, stderr, .. } = console;
    let mut index = 0;
    for_each_ordered(
        jobs,
        default_window(),
        |(input, linter)| annotate_one(&input, linter, args.output.as_deref(), &date),
        |outcome| -> io::Result<()> {
            let name = input::input_name(&inputs.items[index], None);
            index += 1;
            match outcome {
                Ok(Annotated::Written { out, diagnostics }) => {
                    tally.add(&diagnostics);
                    let counts = tally_line(&diagnostics);
                    writeln!(
                        stdout,
                        "{name}：已写入 {}（{} 条批注{counts}）",
                        input::display_path(&out),
                        diagnostics.len()
                    )
                }
                Ok(Annotated::Skipped) => {
                    tally.skipped += 1;
                    Ok(())
                }
                Ok(Annotated::Failed(err)) => {
                    tally.failed += 1;
                    writeln!(stderr, "{}: {}", err.path, err.message)
                }
                Err(panic) => {
                    tally.failed += 1;
                    writeln!(stderr, "{name}: {}", internal_error(&panic))
                }
            }
        },
    )?;
    writeln!(stdout, "{}", tally.line_timed(None))?;
    Ok(tally.exit_code(ExitPolicy {
        threshold: args.severity.severity(),
        exit_zero: args.exit_zero,
    }))
}

enum Annotated {
    Written {
        out: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
    /// Found in a folder and not a Word annual report, or an annotated copy.
    Skipped,
    Failed(ReadError),
}

fn annotate_one(
    input: &Input,
    linter: Result<Linter, String>,
    output: Option<&Path>,
    date: &str,
) -> Annotated {
    let Input::File { path, .. } = input else {
        return Annotated::Skipped;
    };
    let walked = input.is_walked();
    let name = input::display_path(path);
    let failed = |message: String| {
        Annotated::Failed(ReadError {
            path: name.clone(),
            message,
        })
    };
    if walked && !is_docx_name(&name) {
        return Annotated::Skipped;
    }
    let bytes = match input::read_bytes(input, &name, &mut io::empty()) {
        Ok(bytes) => bytes,
        Err(err) => return Annotated::Failed(err),
    };
    let docx = match classify(&name, &bytes) {
        Kind::Package => match Docx::read(bytes) {
            Ok(docx) => docx,
            Err(e) => return failed(e.message()),
        },
        Kind::Unreadable => return failed(report_lint_docx::unreadable(&name, &bytes).message()),
        Kind::Other => {
            return failed(format!(
                "不是 Word 文档（.docx）：批注只能写入 Word 文档，其他文件请用 {} check",
                report_lint_core::program::name()
            ))
        }
    };
    let linter = match linter {
        Ok(linter) => linter,
        Err(message) => return failed(message),
    };
    let report = parse(docx.source(name.clone()));
    if walked && !report.is_annual_report() {
        return Annotated::Skipped;
    }
    let diagnostics = linter.lint(&report);
    let comments: Vec<Comment> = diagnostics.iter().map(comment_of).collect();
    let annotated = match docx.annotate(&comments, date) {
        Ok(bytes) => bytes,
        Err(e) => return failed(e.message()),
    };
    let out = output.map_or_else(|| copy_path(path), Path::to_path_buf);
    if let Err(message) = write_bytes_atomically(&out, &annotated, None) {
        return failed(format!("{}：{message}", input::display_path(&out)));
    }
    Annotated::Written { out, diagnostics }
}

/// A finding as a comment: what is wrong, how to fix it, and the rule.
fn comment_of(d: &Diagnostic) -> Comment {
    Comment {
        span: d.span,
        paragraphs: d.comment_paragraphs(),
    }
}

fn tally_line(diagnostics: &[Diagnostic]) -> String {
    use report_lint_rules::Severity;
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    let parts: Vec<String> = [
        (Severity::Error, "错误"),
        (Severity::Warning, "警告"),
        (Severity::Info, "提示"),
    ]
    .into_iter()
    .filter(|(s, _)| count(*s) > 0)
    .map(|(s, name)| format!("{name} {}", count(s)))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("：{}", parts.join("，"))
    }
}

/// Whether a file is a copy this command wrote (`报告.批注.docx`).
pub fn is_annotated_copy(path: &Path) -> bool {
    let name = path.to_string_lossy();
    is_docx_name(&name)
        && path
            .file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| s.ends_with(SUFFIX))
}

/// `报告.docx` → `报告.批注.docx`; an annotated copy is its own.
fn copy_path(path: &Path) -> PathBuf {
    if is_annotated_copy(path) {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = path
        .extension()
        .map_or_else(|| "docx".to_string(), |e| e.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}{SUFFIX}.{ext}"))
}

/// The comments' date, in UTC: now, or `SOURCE_DATE_EPOCH` when set (for
/// reproducible output).
fn comment_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian
/// calendar (the well-known era-based conversion).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_copies_beside_the_draft() {
        assert_eq!(
            copy_path(Path::new("a/报告.docx")),
            Path::new("a/报告.批注.docx")
        );
        assert_eq!(
            copy_path(Path::new("a/报告.批注.docx")),
            Path::new("a/报告.批注.docx")
        );
        assert!(is_annotated_copy(Path::new("报告.批注.docx")));
        assert!(!is_annotated_copy(Path::new("批注说明.docx")));
    }

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_794), (2026, 12, 7));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
