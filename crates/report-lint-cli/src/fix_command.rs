//! `report-lint fix`: applies the fixes the shared selector allows, writes
//! changed files atomically, then reports what is left like `check`.

use crate::args::FixArgs;
use crate::cache::Cache;
use crate::cache::Key;
use crate::check::{
    close, enabled_checks, fail, internal_error, start, summary_stream, FileResult, Job, Read,
};
use crate::console::{Console, Stream};
use crate::diff;
use crate::input::{self, ReadError};
use crate::ordered::{default_window, for_each_ordered};
use crate::output::{Facts, FileView, Printer, Rendered, Renderer};
use crate::progress::Progress;
use crate::summary::{ExitPolicy, Tally};
use crate::walk::Input;
use crate::write::{
    not_round_trip_message, remove_stale_temp_files, unencodable_message, write_bytes_atomically,
    write_text_atomically, FileStamp, CHANGED,
};
use report_lint_core::{parse, Form, Report, SourceFile, Span};
use report_lint_docx::Docx;
use report_lint_rules::fix::{fix_parsed, fix_with, select_edits, FixMode, Refusal};
use report_lint_rules::{Diagnostic, Linter, RuleMeta};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
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
    let Some((mut settings, mut inputs)) = start(lint, console, &mut tally)? else {
        return Ok(2);
    };
    // What a folder's symlinks lead to outside it is not the folder's to
    // change: only files named on the command line are followed anywhere.
    if !inputs.outside.is_empty() {
        let outside = std::mem::take(&mut inputs.outside);
        inputs.items.retain(|input| match input {
            Input::File { path, .. } => !outside.contains(path),
            Input::Stdin => true,
        });
        writeln!(console.stderr, "{}", outside_message(&outside))?;
    }
    if !args.diff {
        for dir in folders_written(&inputs.items) {
            remove_stale_temp_files(&dir);
        }
    }
    // When stdout carries the fixed text or the diff, findings go to stderr.
    let findings = if args.diff || inputs.items.contains(&Input::Stdin) {
        Stream::Stderr
    } else {
        Stream::Stdout
    };
    let rules = settings.metas().to_vec();
    let cache = Cache::of_run(lint);
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
    let progress = Progress::new(
        console.terminal.stderr_is_tty && !lint.format.is_machine(),
        inputs.items.len(),
        "修复中",
    );
    // Files are fixed, written and rendered on every core; what they print
    // comes back here in input order. Jobs are made on this thread, which
    // holds `&mut Settings` and reads stdin.
    let stdin_filename = lint.stdin_filename.as_deref();
    let Console {
        stdin,
        stdout,
        stderr,
        ..
    } = console;
    let jobs = inputs
        .items
        .iter()
        .map(|input| Job::new(input, &mut settings, stdin_filename, &mut **stdin));
    let context = FixContext {
        mode,
        diff: args.diff,
        render: printer.is_some(),
        renderer: &renderer,
        cache: cache.as_ref(),
        rules: &rules,
    };
    let mut index = 0;
    for_each_ordered(
        jobs,
        default_window(),
        |job| fix_one(job, &context),
        |outcome| {
            let input = &inputs.items[index];
            index += 1;
            // Printed with the bar hidden, so that the two do not mix.
            let result = progress.suspend(|| -> io::Result<()> {
                let fixed = match outcome {
                    Ok(FixOutcome::Fixed(fixed)) => fixed,
                    Ok(FixOutcome::Skipped) => {
                        tally.skipped += 1;
                        return Ok(());
                    }
                    Ok(FixOutcome::Failed(err)) => {
                        return fail(
                            &mut **stderr,
                            printer.as_mut(),
                            &mut tally,
                            &err.path,
                            &err.message,
                        )
                    }
                    Err(panic) => {
                        let name = input::input_name(input, stdin_filename);
                        let message = internal_error(&panic);
                        return fail(&mut **stderr, printer.as_mut(), &mut tally, &name, &message);
                    }
                };
                let name = &fixed.name;
                for refusal in &fixed.refused {
                    writeln!(stderr, "{name}: {}", refusal_message(refusal))?;
                }
                if let Some(diff) = &fixed.diff {
                    stdout.write_all(diff.as_bytes())?;
                }
                if let Some(bytes) = &fixed.stdout_text {
                    stdout.write_all(bytes)?;
                }
                if let Some(message) = &fixed.write_error {
                    return fail(&mut **stderr, printer.as_mut(), &mut tally, name, message);
                }
                if fixed.changed {
                    fixed_files += 1;
                    fixed_edits += fixed.applied;
                }
                tally.add(&fixed.remaining);
                if let (Some(printer), Some(rendered)) = (printer.as_mut(), &fixed.rendered) {
                    let out: &mut dyn Write = match findings {
                        Stream::Stdout => &mut **stdout,
                        Stream::Stderr => &mut **stderr,
                    };
                    printer.write(out, rendered)?;
                }
                Ok(())
            });
            progress.inc();
            result
        },
    )?;
    progress.finish();
    if let Some(cache) = cache {
        cache.finish();
    }
    if args.diff {
        if fixed_files == 0 {
            writeln!(stderr, "没有可以自动修复的内容")?;
        } else {
            writeln!(
                stderr,
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
        let findings_out: &mut dyn Write = match findings {
            Stream::Stdout => &mut **stdout,
            Stream::Stderr => &mut **stderr,
        };
        printer.finish(findings_out, &tally)?;
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
            "另有 {} 个问题可用 `{} fix --unsafe-fixes` 修复（请先核对）",
            tally.fixable_unsafe,
            report_lint_core::program::name()
        )?;
    }
    Ok(tally.exit_code(ExitPolicy {
        threshold: lint.severity.severity(),
        exit_zero: lint.exit_zero,
    }))
}

/// One line for the files a folder's symlinks lead to outside it.
fn outside_message(outside: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut names: Vec<String> = outside
        .iter()
        .take(SHOWN)
        .map(|p| input::display_path(p))
        .collect();
    if outside.len() > SHOWN {
        names.push("……".into());
    }
    format!(
        "注意：{} 个文件经符号链接指向所修复文件夹之外，未修复（要修复，请在命令行上直接指定）：{}",
        outside.len(),
        names.join("、")
    )
}

/// Why one fix was not applied.
fn refusal_message(refusal: &Refusal) -> String {
    format!(
        "警告：未应用 {} 的修复“{}”（{}）：它会改变{}，自动修复不做这样的改动，请人工核对",
        refusal.code, refusal.title, refusal.place, refusal.changes
    )
}

/// The folders the files of `inputs` are written in (through symlinks,
/// where their targets are), where a killed run may have left a
/// temporary file.
fn folders_written(inputs: &[Input]) -> BTreeSet<PathBuf> {
    inputs
        .iter()
        .filter_map(|input| match input {
            Input::File { path, .. } => std::fs::canonicalize(path).ok(),
            Input::Stdin => None,
        })
        .filter_map(|path| path.parent().map(Path::to_path_buf))
        .collect()
}

struct FixContext<'a> {
    mode: FixMode,
    diff: bool,
    /// Whether findings are printed (not with `--diff`).
    render: bool,
    renderer: &'a Renderer,
    cache: Option<&'a Cache>,
    /// Every linked rule.
    rules: &'a [&'static RuleMeta],
}

enum FixOutcome {
    Fixed(Box<FileFixed>),
    /// Found by a folder walk and not an annual report.
    Skipped,
    Failed(ReadError),
}

/// What fixing one file did, and what to print for it.
struct FileFixed {
    name: String,
    /// Fixes not applied because they would change the parsed structure.
    refused: Vec<Refusal>,
    changed: bool,
    applied: usize,
    remaining: Vec<Diagnostic>,
    /// `--diff`: the unified diff.
    diff: Option<String>,
    /// Stdin: the fixed text in the encoding it came in, BOM first when it
    /// had one.
    stdout_text: Option<Vec<u8>>,
    /// Writing the fixed file failed.
    write_error: Option<String>,
    /// The findings left, rendered.
    rendered: Option<Rendered>,
}

impl FileFixed {
    /// What fixing a file did, before anything is written or rendered.
    fn new(name: &str, refused: Vec<Refusal>, changed: bool, applied: usize) -> FileFixed {
        FileFixed {
            name: name.to_string(),
            refused,
            changed,
            applied,
            remaining: Vec::new(),
            diff: None,
            stdout_text: None,
            write_error: None,
            rendered: None,
        }
    }
}

/// Reads, fixes and (unless `--diff`) writes one file atomically. Writing
/// here, on the worker, is safe: each file is written by its own job.
///
/// A file whose findings are in the result cache and offer nothing to fix
/// in this mode is not parsed: fixing it would change nothing, and what is
/// left is what the cache holds. A file fixed leaves its new text's
/// findings in the cache, for the `check` that usually follows.
fn fix_one(job: Job, context: &FixContext) -> FixOutcome {
    let input = job.pending.input().clone();
    let walked = input.is_walked();
    let read = match job.read(context.cache, context.rules, true) {
        Ok(read) => read,
        Err(err) => return FixOutcome::Failed(err),
    };
    let with_checks = read.wants_checks(context.renderer);
    let Read {
        source,
        stamp,
        linter,
        cache,
        cached,
    } = read;
    if let Some(result) = cached {
        if walked && !result.report {
            return FixOutcome::Skipped;
        }
        if select_edits(&result.diagnostics, context.mode).is_empty() {
            return FixOutcome::Fixed(Box::new(nothing_to_fix(source, result, context)));
        }
    }
    let report = parse(source);
    // A folder walk fixes annual reports only, as `check` lints only them.
    if walked && !report.is_annual_report() {
        return FixOutcome::Skipped;
    }
    // A Word file is fixed in its runs; a PDF takes no fixes (the engine
    // made them all shown-only), so it goes the text way and is never written.
    if report
        .source
        .document
        .as_ref()
        .is_some_and(|d| d.form == Form::Word)
    {
        return fix_document(
            &input,
            &report,
            stamp.as_ref(),
            &linter,
            cache,
            with_checks,
            context,
        );
    }
    let fixed = fix_parsed(&linter, &report, context.mode);
    let (name, bom, original) = (&report.source.name, report.source.bom, &report.source.text);
    let encoding = report.source.encoding;
    let changed = fixed.text != *original;
    let mut out = FileFixed::new(name, fixed.refused, changed, fixed.applied);
    // A text file keeps its encoding (GBK, UTF-16…): a fix that writes a
    // character the encoding lacks is refused for the whole file, and
    // `--diff` says so.
    if context.diff {
        out.diff = Some(diff::unified(name, original, &fixed.text));
        if changed && report.source.document.is_none() {
            if let Err(e) = report.source.encode(&fixed.text) {
                out.write_error = Some(unencodable_message(&e));
                return FixOutcome::Fixed(Box::new(out));
            }
        }
    } else {
        match &input {
            Input::Stdin => match report.source.encode(&fixed.text) {
                Ok(bytes) => out.stdout_text = Some(bytes),
                Err(e) => {
                    out.write_error = Some(if changed {
                        unencodable_message(&e)
                    } else {
                        not_round_trip_message(&report.source)
                    });
                    return FixOutcome::Fixed(Box::new(out));
                }
            },
            Input::File { path, .. } if changed && report.source.document.is_none() => {
                // Every file read by `fix` is stamped.
                let written = match &stamp {
                    Some(stamp) => write_text_atomically(path, &report.source, &fixed.text, stamp),
                    None => Err(CHANGED.into()),
                };
                if let Err(message) = written {
                    out.write_error = Some(message);
                    return FixOutcome::Fixed(Box::new(out));
                }
            }
            Input::File { .. } => {}
        }
    }
    if context.render {
        // json-report shows the fixed report's facts and checks; a text
        // nothing changed is the report already parsed.
        let reparsed;
        let after = if changed {
            let mut source = SourceFile::new(name.clone(), fixed.text);
            // As it is written, and read back by the next run.
            source.bom = bom;
            source.encoding = encoding;
            reparsed = parse(source);
            &reparsed
        } else {
            &report
        };
        // What is left is what linting the text as it now is finds
        // (`fix_parsed` lints after every pass it keeps).
        out.rendered = Some(render_and_store(
            after,
            &fixed.remaining,
            changed,
            &linter,
            cache,
            with_checks,
            context,
        ));
    }
    out.remaining = fixed.remaining;
    FixOutcome::Fixed(Box::new(out))
}

/// Fixes a Word document: each pass's edits go into the runs they fall in,
/// and the document is read again to lint it; the file is written once, at
/// the end, if anything changed. The file is read anew for its package and
/// must still be what was linted (`stamp`), when written as well.
fn fix_document(
    input: &Input,
    report: &Report,
    stamp: Option<&FileStamp>,
    linter: &Linter,
    cache: Option<(&Cache, Key)>,
    with_checks: bool,
    context: &FixContext,
) -> FixOutcome {
    let name = report.source.name.clone();
    let failed = |message: &str| {
        FixOutcome::Failed(ReadError {
            path: name.clone(),
            message: message.to_string(),
        })
    };
    let Input::File { path, .. } = input else {
        return failed("Word 文档不能从标准输入修复，请指定文件路径");
    };
    let (bytes, again) = match input::read_bytes_stamped(input, &name, &mut io::empty(), true) {
        Ok(read) => read,
        Err(err) => return FixOutcome::Failed(err),
    };
    let Some(stamp) = stamp.filter(|&s| again.as_ref() == Some(s)) else {
        return failed(CHANGED);
    };
    let original = match Docx::read(bytes) {
        Ok(docx) => docx,
        Err(e) => return failed(&e.message()),
    };
    let passes = fix_with(
        linter,
        report,
        context.mode,
        |document: Option<&Docx>, _, edits| {
            let edits: Vec<(Span, &str)> = edits
                .iter()
                .map(|e| (e.span, e.replacement.as_str()))
                .collect();
            document.unwrap_or(&original).fix_pass(&name, &edits)
        },
    );
    let changed = passes.fixed.is_some();
    let after = passes.fixed.as_ref().map_or(report, |(_, r)| r);
    let mut out = FileFixed::new(&name, passes.refused, changed, passes.applied);
    if context.diff {
        out.diff = Some(diff::unified(
            &name,
            &report.source.text,
            &after.source.text,
        ));
    } else if let Some((docx, _)) = &passes.fixed {
        if let Err(message) = write_bytes_atomically(path, docx.bytes(), Some(stamp)) {
            out.write_error = Some(message);
            return FixOutcome::Fixed(Box::new(out));
        }
    }
    if context.render {
        out.rendered = Some(render_and_store(
            after,
            &passes.remaining,
            changed,
            linter,
            cache,
            with_checks,
            context,
        ));
    }
    out.remaining = passes.remaining;
    FixOutcome::Fixed(Box::new(out))
}

/// The findings left in a fixed report, rendered; and stored in the cache
/// under the key of the text as it now is, for the `check` that follows.
fn render_and_store(
    after: &Report,
    remaining: &[Diagnostic],
    changed: bool,
    linter: &Linter,
    cache: Option<(&Cache, Key)>,
    with_checks: bool,
    context: &FixContext,
) -> Rendered {
    let checks = if with_checks {
        enabled_checks(after, linter.config())
    } else {
        Vec::new()
    };
    let facts = Facts::of(after);
    let rendered = context.renderer.file(&FileView {
        source: &after.source,
        diagnostics: remaining,
        facts: facts.clone(),
        checks: &checks,
    });
    if let Some((cache, read_key)) = cache {
        let key = if changed {
            cache.file_key(&after.source, linter.config(), context.rules)
        } else {
            read_key
        };
        let result = FileResult {
            report: after.is_annual_report(),
            diagnostics: remaining.to_vec(),
            facts,
            checks,
        };
        cache.store(key, &result);
    }
    rendered
}

/// The outcome of fixing a file whose cached findings offer nothing to fix.
fn nothing_to_fix(source: SourceFile, result: FileResult, context: &FixContext) -> FileFixed {
    let rendered = context.render.then(|| {
        context.renderer.file(&FileView {
            source: &source,
            diagnostics: &result.diagnostics,
            facts: result.facts,
            checks: &result.checks,
        })
    });
    FileFixed {
        name: source.name.clone(),
        refused: Vec::new(),
        changed: false,
        applied: 0,
        remaining: result.diagnostics,
        diff: context.diff.then(String::new),
        stdout_text: None,
        write_error: None,
        rendered,
    }
}
