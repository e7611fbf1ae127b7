//! `report-lint fix`: applies the fixes the shared selector allows, writes
//! changed files atomically, then reports what is left like `check`.

use crate::args::FixArgs;
use crate::check::{close, enabled_checks, load_report, start, summary_stream, usage_error};
use crate::console::{Console, Stream};
use crate::diff;
use crate::output::{Facts, FileView, Printer, Renderer};
use crate::summary::{ExitPolicy, Tally};
use crate::walk::Input;
use crate::write::{write_atomically, BOM};
use report_lint_core::{parse, SourceFile};
use report_lint_rules::fix::{fix_report, FixMode};
use std::io;
use std::time::Instant;

pub fn fix(args: &FixArgs, console: &mut Console) -> io::Result<i32> {
    let started = Instant::now();
    let lint = &args.lint;
    let mode = if args.unsafe_fixes {
        FixMode::IncludeUnsafe
    } else {
        FixMode::SafeOnly
    };
    let mut tally = Tally::default();
    let Some((mut settings, inputs)) = start(lint, console, &mut tally)? else {
        return Ok(2);
    };
    // When stdout carries the fixed text or the diff, findings go to stderr.
    let findings = if args.diff || inputs.items.contains(&Input::Stdin) {
        Stream::Stderr
    } else {
        Stream::Stdout
    };
    let rules = settings.metas().to_vec();
    let renderer = Renderer::new(
        lint.format,
        console.color(lint.color, findings),
        false,
        &rules,
    );
    let mut printer = if args.diff {
        None
    } else {
        Some(Printer::begin(
            lint.format,
            &rules,
            console.stream(findings),
        )?)
    };
    if let Some(printer) = &mut printer {
        for err in &inputs.errors {
            printer.failure(&err.path, &err.message);
        }
    }
    let (mut fixed_files, mut fixed_edits) = (0, 0);
    for input in &inputs.items {
        let linter = match settings.linter(input, lint.stdin_filename.as_deref()) {
            Ok(linter) => linter,
            Err(message) => return usage_error(console, &message),
        };
        let Some(report) = load_report(input, lint, console, &mut tally)? else {
            continue;
        };
        let source = report.source;
        let (name, bom, original) = (source.name.clone(), source.bom, source.text.clone());
        let fixed = fix_report(&linter, source, mode);
        if fixed.refused {
            writeln!(
                console.stderr,
                "{name}: 警告：有修复会改变报告的解析结构（章节、表格行或数值），已拒绝应用，请人工核对"
            )?;
        }
        let changed = fixed.text != original;
        if args.diff {
            console
                .stdout
                .write_all(diff::unified(&name, &original, &fixed.text).as_bytes())?;
        } else {
            match input {
                Input::Stdin => {
                    if bom {
                        console.stdout.write_all(BOM.as_bytes())?;
                    }
                    console.stdout.write_all(fixed.text.as_bytes())?;
                }
                Input::File { path, .. } if changed => {
                    if let Err(message) = write_atomically(path, bom, &fixed.text) {
                        writeln!(console.stderr, "{name}: {message}")?;
                        if let Some(printer) = &mut printer {
                            printer.failure(&name, &message);
                        }
                        tally.failed += 1;
                        continue;
                    }
                }
                Input::File { .. } => {}
            }
        }
        if changed {
            fixed_files += 1;
            fixed_edits += fixed.applied;
        }
        tally.add(&fixed.remaining);
        if let Some(printer) = &mut printer {
            // json-report shows the fixed report's facts and checks.
            let after = parse(SourceFile::new(name, fixed.text));
            let checks = if renderer.wants_checks() {
                enabled_checks(&after, linter.config())
            } else {
                Vec::new()
            };
            let rendered = renderer.file(&FileView {
                source: &after.source,
                diagnostics: &fixed.remaining,
                facts: Facts::of(&after),
                checks: &checks,
            });
            printer.write(console.stream(findings), &rendered)?;
        }
    }
    if args.diff {
        if fixed_files == 0 {
            writeln!(console.stderr, "没有可以自动修复的内容")?;
        } else {
            writeln!(
                console.stderr,
                "{fixed_files} 个文件可以修复，共 {fixed_edits} 处（未写入）"
            )?;
        }
        // Like `diff`: 1 says "there is something to apply", for CI.
        return Ok(if tally.failed > 0 {
            2
        } else {
            i32::from(fixed_files > 0)
        });
    }
    if let Some(printer) = printer {
        printer.finish(console.stream(findings), &tally)?;
    }
    let summary = match summary_stream(lint) {
        Stream::Stdout => findings,
        Stream::Stderr => Stream::Stderr,
    };
    if fixed_files > 0 {
        writeln!(
            console.stream(summary),
            "修复了 {fixed_edits} 处问题（{fixed_files} 个文件）"
        )?;
    }
    close(console, lint, summary, &tally, Some(started))?;
    if !args.unsafe_fixes && tally.fixable_unsafe > 0 {
        writeln!(
            console.stream(summary),
            "另有 {} 个问题可用 `report-lint fix --unsafe-fixes` 修复（请先核对）",
            tally.fixable_unsafe
        )?;
    }
    Ok(tally.exit_code(ExitPolicy {
        threshold: lint.severity.severity(),
        exit_zero: lint.exit_zero,
    }))
}
