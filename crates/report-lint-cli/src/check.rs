//! `report-lint check`, and the steps `fix` shares with it: finding the
//! inputs, reading them, deciding which are reports.
//!
//! `check` reads every report before printing anything, so that a report
//! can be compared with last year's wherever that one is in the batch.

use crate::args::{CheckArgs, LintArgs};
use crate::console::{Console, Stream};
use crate::input;
use crate::output::Printer;
use crate::settings::Settings;
use crate::summary::Tally;
use crate::walk::{self, Input, Inputs};
use report_lint_core::{parse, Report, SourceFile};
use report_lint_rules::{cross_year, engine, Linter};
use std::io;
use std::path::PathBuf;

pub fn check(args: &CheckArgs, console: &mut Console) -> io::Result<i32> {
    let lint = &args.lint;
    let mut tally = Tally::default();
    let Some((mut settings, inputs)) = start(lint, console, &mut tally)? else {
        return Ok(2);
    };
    let previous = match &args.previous {
        Some(path) => {
            let input = Input::File {
                path: path.clone(),
                explicit: true,
            };
            match load_report(&input, lint, console, &mut tally)? {
                Some(report) => Some(report),
                None => return Ok(2),
            }
        }
        None => None,
    };
    let mut loaded: Vec<(Linter, Report)> = Vec::new();
    for input in &inputs.items {
        let linter = match settings.linter(input, lint.stdin_filename.as_deref()) {
            Ok(linter) => linter,
            Err(message) => return usage_error(console, &message),
        };
        if let Some(report) = load_report(input, lint, console, &mut tally)? {
            loaded.push((linter, report));
        }
    }
    let mut printer = Printer::new(lint.format, console.color(lint.color, Stream::Stdout));
    for (linter, report) in &loaded {
        let mut diagnostics = linter.lint(report);
        let last_year = previous.as_ref().or_else(|| {
            let mut batch = loaded.iter().map(|(_, r)| r);
            batch.find(|r| cross_year::is_previous_year(r, report))
        });
        if let Some(last_year) = last_year {
            diagnostics.extend(cross_year::compare(last_year, report, linter.config()));
            engine::sort(&mut diagnostics);
        }
        tally.add(&diagnostics);
        printer.file(console.stdout, &report.source, &diagnostics)?;
    }
    let summary = if printer.is_json() {
        Stream::Stderr
    } else {
        Stream::Stdout
    };
    printer.finish(console.stdout)?;
    let out = console.stream(summary);
    writeln!(out, "{}", tally.line())?;
    if let Some(hint) = tally.fix_hint() {
        writeln!(out, "{hint}")?;
    }
    Ok(tally.exit_code())
}

pub fn usage_error(console: &mut Console, message: &str) -> io::Result<i32> {
    writeln!(console.stderr, "错误：{message}")?;
    Ok(2)
}

/// The configuration and the inputs; `None` after a usage error was printed.
pub fn start(
    lint: &LintArgs,
    console: &mut Console,
    tally: &mut Tally,
) -> io::Result<Option<(Settings, Inputs)>> {
    let mut settings = match Settings::new(lint) {
        Ok(settings) => settings,
        Err(message) => {
            usage_error(console, &message)?;
            return Ok(None);
        }
    };
    let inputs = collect_inputs(lint, console, tally)?;
    let errors = settings.load(&inputs.items, lint.stdin_filename.as_deref());
    for message in &errors {
        usage_error(console, message)?;
    }
    Ok(errors.is_empty().then_some((settings, inputs)))
}

/// The inputs to lint; folders that could not be walked are reported and counted as failures.
fn collect_inputs(lint: &LintArgs, console: &mut Console, tally: &mut Tally) -> io::Result<Inputs> {
    // An editor that pipes a buffer passes only `--stdin-filename`.
    let paths = if lint.paths.is_empty() && lint.stdin_filename.is_some() {
        vec![PathBuf::from("-")]
    } else {
        lint.paths.clone()
    };
    let inputs = walk::collect(&paths);
    for err in &inputs.errors {
        writeln!(console.stderr, "{}: {}", err.path, err.message)?;
        tally.failed += 1;
    }
    Ok(inputs)
}

/// Reads and decodes an input; on failure says why on stderr and counts it.
fn load_source(
    input: &Input,
    lint: &LintArgs,
    console: &mut Console,
    tally: &mut Tally,
) -> io::Result<Option<SourceFile>> {
    let name = input::input_name(input, lint.stdin_filename.as_deref());
    match input::read(input, name, console.stdin) {
        Ok(source) => Ok(Some(source)),
        Err(err) => {
            writeln!(console.stderr, "{}: {}", err.path, err.message)?;
            tally.failed += 1;
            Ok(None)
        }
    }
}

/// Parses an input; `None` when it is unreadable, or when a folder walk
/// found it and it is not an annual report (counted as skipped).
pub fn load_report(
    input: &Input,
    lint: &LintArgs,
    console: &mut Console,
    tally: &mut Tally,
) -> io::Result<Option<Report>> {
    let Some(source) = load_source(input, lint, console, tally)? else {
        return Ok(None);
    };
    let report = parse(source);
    if matches!(
        input,
        Input::File {
            explicit: false,
            ..
        }
    ) && !report.is_annual_report()
    {
        tally.skipped += 1;
        return Ok(None);
    }
    Ok(Some(report))
}
