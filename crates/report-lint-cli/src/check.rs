//! `report-lint check`, and the steps `fix` and `extract` share with it:
//! finding the inputs, reading them, deciding which are reports.
//!
//! Files are read, parsed, linted and rendered on all cores and printed in
//! path order as soon as each and all before it are done ([`ordered`]);
//! nothing of a file is kept after it is printed except, for cross-year
//! pairing, its agency and year, and the last few reports ([`pairing`]).
//! A report whose last-year report came shortly before it is compared at
//! once and its cross-year findings printed with its own; the other pairs
//! are compared at the end (both files read again) and printed after all
//! files.
//!
//! What a file and a pair give is kept in the result cache ([`cache`]): a
//! file found there is read (for the positions of its findings) but not
//! parsed, unless a comparison with another year that is not cached needs
//! it.

use crate::args::{CheckArgs, LintArgs, RuleSelection};
use crate::cache::{Cache, Key, PairKind};
use crate::console::{Console, Stream};
use crate::input::{self, NoReport, Pending, ReadError};
use crate::ordered::{default_window, for_each_ordered};
use crate::output::{Facts, FileView, Printer, Rendered, Renderer};
use crate::pairing::{self, Batch, PairKey};
use crate::progress::Progress;
use crate::settings::Settings;
use crate::summary::{ExitPolicy, Tally};
use crate::walk::{self, Input, Inputs};
use crate::write::FileStamp;
use report_lint_core::{parse, Report, SourceFile};
use report_lint_rules::identities::{identity_checks, IdentityCheck};
use report_lint_rules::{cross_year, engine, find_rule, Config, Diagnostic, Linter, RuleMeta};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

pub fn check(args: &CheckArgs, console: &mut Console) -> io::Result<i32> {
    let started = Instant::now();
    let lint = &args.lint;
    let mut tally = Tally::default();
    let Some((mut settings, inputs)) = start(lint, console, &mut tally)? else {
        return Ok(2);
    };
    let rules = settings.metas().to_vec();
    let cache = Cache::of_run(lint);
    let previous = match &args.previous {
        Some(path) => {
            let input = Input::File {
                path: path.clone(),
                explicit: true,
            };
            match load_report(&input, lint, console, &mut tally)? {
                Some(report) => {
                    let config = settings.resolve(&input, None).config;
                    let key = cache
                        .as_ref()
                        .map(|c| c.file_key(&report.source, &config, &rules));
                    Some(Kept::parsed(report, true, key))
                }
                None => return Ok(2),
            }
        }
        None => None,
    };
    let renderer = Renderer::new(
        lint.format,
        console.color(lint.color, Stream::Stdout),
        !args.no_checks,
        &rules,
    );
    let progress = Progress::new(
        console.terminal.stderr_is_tty && !lint.format.is_machine(),
        inputs.items.len(),
        "检查中",
    );
    let mut printer = Printer::begin(lint.format, &rules, console.stdout)?;
    for err in &inputs.errors {
        printer.failure(&err.path, &err.message);
    }

    // Jobs are made on this thread as the workers need them: configuration
    // lookup needs `&mut Settings`, and stdin is read here.
    let stdin_filename = lint.stdin_filename.as_deref();
    let Console {
        stdin,
        stdout,
        stderr,
        ..
    } = console;
    let mut stdin_text: Option<SourceFile> = None;
    let jobs = inputs.items.iter().map(|input| {
        let job = Job::new(input, &mut settings, stdin_filename, &mut **stdin);
        // Kept to read stdin's report again for a cross-year pair.
        if let Some(source) = job.pending.stdin_text() {
            stdin_text = Some(source.clone());
        }
        job
    });
    let context = Context {
        renderer: &renderer,
        previous: previous.as_ref(),
        pairing: previous.is_none(),
        cache: cache.as_ref(),
        rules: &rules,
    };
    let mut batch: Batch<Arc<Kept>> = Batch::default();
    let mut index = 0;
    for_each_ordered(
        jobs,
        default_window(),
        |job| check_one(job, &context),
        |outcome| {
            let input = &inputs.items[index];
            index += 1;
            let result = progress.suspend(|| match outcome {
                Ok(Outcome::Linted {
                    mut diagnostics,
                    mut rendered,
                    pairing,
                }) => {
                    if let Some(p) = pairing.map(|p| *p) {
                        let compared = match (&p.kept, batch.last_year(&p.key)) {
                            // Its configuration compares nothing.
                            (None, _) => true,
                            (Some(kept), Some(last_year)) => {
                                // Last year's report is still in memory: compare now
                                // (both were prepared by the workers, unless they
                                // came from the cache), and show the findings with
                                // the file's own.
                                let found = kept.compare_with(
                                    last_year,
                                    &p.config,
                                    cache.as_ref(),
                                    PairKind::Inline,
                                );
                                if !found.is_empty() {
                                    diagnostics.extend(found);
                                    engine::sort(&mut diagnostics);
                                    rendered = renderer.file(&FileView {
                                        source: kept.source(),
                                        diagnostics: &diagnostics,
                                        facts: p.facts,
                                        checks: &p.checks,
                                    });
                                }
                                true
                            }
                            (Some(_), None) => false,
                        };
                        batch.record(input.clone(), p.key, p.kept, compared);
                    }
                    tally.add(&diagnostics);
                    printer.write(&mut **stdout, &rendered)
                }
                Ok(Outcome::Skipped) => {
                    tally.skipped += 1;
                    Ok(())
                }
                Ok(Outcome::Failed(err)) => fail(
                    &mut **stderr,
                    Some(&mut printer),
                    &mut tally,
                    &err.path,
                    &err.message,
                ),
                Err(panic) => {
                    let name = input::input_name(input, stdin_filename);
                    let message = internal_error(&panic);
                    fail(
                        &mut **stderr,
                        Some(&mut printer),
                        &mut tally,
                        &name,
                        &message,
                    )
                }
            });
            progress.inc();
            result
        },
    )?;

    let pairs = batch.deferred();
    drop(batch);
    let mut jobs = Vec::new();
    for pair in pairs {
        let config = settings.resolve(&pair.current, stdin_filename).config;
        if compares_anything(&config) {
            jobs.push((pair, config));
        }
    }
    if !jobs.is_empty() {
        progress.extend(jobs.len(), "跨年度对照");
        printer.begin_cross_year(&mut **stdout)?;
        let stdin = PairSources {
            stdin_filename,
            stdin_text: stdin_text.as_ref(),
        };
        let cached = cache.as_ref().map(|cache| (cache, rules.as_slice()));
        for_each_ordered(
            jobs,
            default_window(),
            |(pair, config)| compare_pair(&pair, &config, &stdin, &renderer, cached),
            |outcome| {
                let result = progress.suspend(|| match outcome {
                    Ok(Ok((diagnostics, rendered))) => {
                        tally.add_findings(&diagnostics);
                        printer.write(&mut **stdout, &rendered)
                    }
                    Ok(Err(err)) => fail(
                        &mut **stderr,
                        Some(&mut printer),
                        &mut tally,
                        &err.path,
                        &err.message,
                    ),
                    Err(panic) => {
                        let message = internal_error(&panic);
                        fail(
                            &mut **stderr,
                            Some(&mut printer),
                            &mut tally,
                            "跨年度对照",
                            &message,
                        )
                    }
                });
                progress.inc();
                result
            },
        )?;
    }
    progress.finish();
    if let Some(cache) = cache {
        cache.finish();
    }
    printer.finish(&mut **stdout, &tally)?;
    let policy = ExitPolicy {
        threshold: lint.severity.severity(),
        exit_zero: lint.exit_zero,
    };
    close(console, lint, summary_stream(lint), &tally, Some(started))?;
    if let Some(hint) = tally.fix_hint() {
        writeln!(console.stream(summary_stream(lint)), "{hint}")?;
    }
    Ok(tally.exit_code(policy))
}

/// The statistics and the closing line on `stream`.
pub fn close(
    console: &mut Console,
    lint: &LintArgs,
    stream: Stream,
    tally: &Tally,
    started: Option<Instant>,
) -> io::Result<()> {
    let tty = match stream {
        Stream::Stdout => console.terminal.stdout_is_tty,
        Stream::Stderr => console.terminal.stderr_is_tty,
    };
    let out = console.stream(stream);
    // json-report carries the statistics in its `summary`.
    if lint.statistics && lint.format != crate::args::Format::JsonReport {
        write!(out, "{}", tally.statistics_table())?;
    }
    // The time only for a person watching: saved output stays byte-identical.
    let elapsed = started.filter(|_| tty).map(|s| s.elapsed());
    writeln!(out, "{}", tally.line_timed(elapsed))
}

/// Where the closing lines go: after text on stdout, on stderr for the
/// formats programs read.
pub fn summary_stream(lint: &LintArgs) -> Stream {
    if lint.format.is_machine() {
        Stream::Stderr
    } else {
        Stream::Stdout
    }
}

/// A file that could not be processed: said on stderr, counted, and kept
/// for the formats that list failures.
pub(crate) fn fail(
    stderr: &mut dyn io::Write,
    printer: Option<&mut Printer>,
    tally: &mut Tally,
    path: &str,
    message: &str,
) -> io::Result<()> {
    writeln!(stderr, "{path}: {message}")?;
    if let Some(printer) = printer {
        printer.failure(path, message);
    }
    tally.failed += 1;
    Ok(())
}

pub(crate) fn internal_error(panic: &str) -> String {
    format!("内部错误：处理该文件时程序出错（{panic}），请连同该文件报告此问题")
}

/// One input for a worker of `check` or `fix`, made on the main thread,
/// which holds `&mut Settings` and stdin.
pub(crate) struct Job {
    pub(crate) pending: Pending,
    /// Fails only when two rules share a code, which `Settings::new` already refused.
    linter: Result<Linter, String>,
}

impl Job {
    pub(crate) fn new(
        input: &Input,
        settings: &mut Settings,
        stdin_filename: Option<&str>,
        stdin: &mut dyn io::Read,
    ) -> Job {
        Job {
            linter: settings.linter(input, stdin_filename),
            pending: Pending::new(input, stdin_filename, stdin),
        }
    }

    /// The input read on a worker, with its linter and what the result
    /// cache holds for it; with `stamped`, what the file was when read.
    pub(crate) fn read<'a>(
        self,
        cache: Option<&'a Cache>,
        rules: &[&RuleMeta],
        stamped: bool,
    ) -> Result<Read<'a>, ReadError> {
        // Stdin is an editor's buffer, a new text at every keystroke: not cached.
        let cache = cache.filter(|_| *self.pending.input() != Input::Stdin);
        let (source, stamp) = self.pending.read_stamped(stamped)?;
        let linter = self.linter.map_err(|message| ReadError {
            path: source.name.clone(),
            message,
        })?;
        let cache = cache.map(|cache| (cache, cache.file_key(&source, linter.config(), rules)));
        let cached = cache.and_then(|(cache, key)| cache.load(key));
        Ok(Read {
            source,
            stamp,
            linter,
            cache,
            cached,
        })
    }
}

/// One input as a worker of `check` or `fix` starts on it.
pub(crate) struct Read<'a> {
    pub(crate) source: SourceFile,
    /// What the file was when read, when asked for (`fix` writes it only
    /// if it still is).
    pub(crate) stamp: Option<FileStamp>,
    pub(crate) linter: Linter,
    /// The run's cache and this text's key; `None` without a cache, and for stdin.
    pub(crate) cache: Option<(&'a Cache, Key)>,
    /// What the cache holds for the text.
    pub(crate) cached: Option<FileResult>,
}

impl Read<'_> {
    /// Whether a [`FileResult`] needs its checks: when shown, and when it
    /// is cached (for the runs that show them).
    pub(crate) fn wants_checks(&self, renderer: &Renderer) -> bool {
        renderer.wants_checks() || self.cache.is_some()
    }
}

struct Context<'a> {
    renderer: &'a Renderer,
    /// `--previous`: compared with every report, inline.
    previous: Option<&'a Kept>,
    /// Pair reports of the batch at the end (no `--previous`).
    pairing: bool,
    cache: Option<&'a Cache>,
    /// Every linked rule.
    rules: &'a [&'static RuleMeta],
}

/// A report kept to compare with another year's. Reports that were linted
/// are prepared (Y002's shingles) by the worker that parsed them: each is
/// compared twice, and the comparisons themselves run on the thread that
/// prints. A report whose findings came from the cache keeps only its text,
/// parsed and prepared if a comparison is not in the cache either.
pub struct Kept {
    held: Held,
    /// Whether Y002 runs, so the shingles are worth making.
    copies: bool,
    prepared: OnceLock<cross_year::Prepared>,
    /// The file's cache key, when the run has a cache.
    key: Option<Key>,
}

enum Held {
    Report(Report),
    Text {
        source: SourceFile,
        report: OnceLock<Report>,
    },
}

impl Kept {
    fn parsed(report: Report, copies: bool, key: Option<Key>) -> Kept {
        Kept {
            held: Held::Report(report),
            copies,
            prepared: OnceLock::new(),
            key,
        }
    }

    fn unparsed(source: SourceFile, copies: bool, key: Option<Key>) -> Kept {
        Kept {
            held: Held::Text {
                source,
                report: OnceLock::new(),
            },
            copies,
            prepared: OnceLock::new(),
            key,
        }
    }

    fn source(&self) -> &SourceFile {
        match &self.held {
            Held::Report(report) => &report.source,
            Held::Text { source, .. } => source,
        }
    }

    fn report(&self) -> &Report {
        match &self.held {
            Held::Report(report) => report,
            Held::Text { source, report } => report.get_or_init(|| parse(source.clone())),
        }
    }

    fn prepared(&self) -> &cross_year::Prepared {
        self.prepared.get_or_init(|| {
            if self.copies {
                cross_year::Prepared::of(self.report())
            } else {
                cross_year::Prepared::default()
            }
        })
    }

    /// The cross-year findings on this report, given last year's: from the
    /// cache when both files' findings came from it.
    fn compare_with(
        &self,
        previous: &Kept,
        config: &Config,
        cache: Option<&Cache>,
        kind: PairKind,
    ) -> Vec<Diagnostic> {
        let cached = match (cache, previous.key, self.key) {
            (Some(cache), Some(previous), Some(current)) => {
                Some((cache, cache.pair_key(kind, previous, current)))
            }
            _ => None,
        };
        if let Some(found) = cached.and_then(|(cache, key)| cache.load(key)) {
            return found;
        }
        let found = cross_year::compare_prepared(
            previous.report(),
            previous.prepared(),
            self.report(),
            self.prepared(),
            config,
        );
        if let Some((cache, key)) = cached {
            cache.store(key, &found);
        }
        found
    }
}

/// What a file gives by itself, before any comparison with another year:
/// what the cache keeps of it.
#[derive(Serialize, Deserialize)]
pub(crate) struct FileResult {
    /// Whether it is an annual report at all (a folder walk skips the rest).
    pub(crate) report: bool,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) facts: Facts,
    /// The identities whose rule is enabled (kept even when this run's
    /// format does not show them, for the runs that do).
    pub(crate) checks: Vec<IdentityCheck>,
}

impl FileResult {
    pub(crate) fn of(report: &Report, linter: &Linter, with_checks: bool) -> FileResult {
        FileResult {
            report: report.is_annual_report(),
            diagnostics: linter.lint(report),
            facts: Facts::of(report),
            checks: if with_checks {
                enabled_checks(report, linter.config())
            } else {
                Vec::new()
            },
        }
    }
}

/// What the run keeps of a report with an agency and a year, to compare
/// it with last year's.
struct Pairing {
    key: PairKey,
    /// `None` when its configuration compares nothing.
    kept: Option<Arc<Kept>>,
    /// Its configuration (whether Y001 and Y002 run, their severity).
    config: Config,
    /// To render it again with cross-year findings.
    facts: Facts,
    checks: Vec<IdentityCheck>,
}

enum Outcome {
    Linted {
        diagnostics: Vec<Diagnostic>,
        rendered: Rendered,
        pairing: Option<Box<Pairing>>,
    },
    /// Found by a folder walk and not an annual report.
    Skipped,
    Failed(ReadError),
}

fn check_one(job: Job, context: &Context) -> Outcome {
    let walked = job.pending.input().is_walked();
    let read = match job.read(context.cache, context.rules, false) {
        Ok(read) => read,
        Err(err) => return Outcome::Failed(err),
    };
    let with_checks = read.wants_checks(context.renderer);
    let Read {
        source,
        linter,
        cache,
        cached,
        ..
    } = read;
    let config = linter.config();
    let copies = config.is_enabled(&cross_year::CopiedSection::META);
    let key = cache.map(|(_, key)| key);
    let (result, kept) = match cached {
        Some(result) => (result, Kept::unparsed(source, copies, key)),
        None => {
            let report = parse(source);
            // A text that is not a report is linted as nothing (no
            // findings, no checks), cheaply, and cached like the others.
            let result = FileResult::of(&report, &linter, with_checks);
            if let Some((cache, key)) = cache {
                cache.store(key, &result);
            }
            (result, Kept::parsed(report, copies, key))
        }
    };
    let cache = cache.map(|(cache, _)| cache);
    if walked && !result.report {
        return Outcome::Skipped;
    }
    let FileResult {
        mut diagnostics,
        facts,
        checks,
        ..
    } = result;
    if let Some(previous) = context.previous {
        diagnostics.extend(kept.compare_with(previous, config, cache, PairKind::Previous));
        engine::sort(&mut diagnostics);
    }
    let rendered = context.renderer.file(&FileView {
        source: kept.source(),
        diagnostics: &diagnostics,
        facts: facts.clone(),
        checks: &checks,
    });
    let pairing = match PairKey::of(&facts) {
        Some(key) if context.pairing => {
            let kept = compares_anything(config).then(|| {
                if let Held::Report(_) = kept.held {
                    // Prepared here, on a worker, rather than on the
                    // printing thread when compared.
                    kept.prepared();
                }
                Arc::new(kept)
            });
            Some(Box::new(Pairing {
                key,
                kept,
                config: config.clone(),
                facts,
                checks,
            }))
        }
        _ => None,
    };
    Outcome::Linted {
        diagnostics,
        rendered,
        pairing,
    }
}

/// The identities of tables 三 and 四 whose rule is enabled; none for a
/// text that is not a report (the linter checks nothing there either).
pub fn enabled_checks(report: &Report, config: &Config) -> Vec<IdentityCheck> {
    if !report.is_annual_report() {
        return Vec::new();
    }
    identity_checks(report)
        .into_iter()
        .filter(|c| find_rule(c.rule).is_some_and(|r| config.is_enabled(r.meta)))
        .collect()
}

fn compares_anything(config: &Config) -> bool {
    config.is_enabled(&cross_year::CarryOverMismatch::META)
        || config.is_enabled(&cross_year::CopiedSection::META)
}

/// Where the two files of a pair are read from again.
struct PairSources<'a> {
    stdin_filename: Option<&'a str>,
    stdin_text: Option<&'a SourceFile>,
}

impl PairSources<'_> {
    fn source(&self, input: &Input) -> Result<SourceFile, ReadError> {
        match input {
            Input::Stdin => self.stdin_text.cloned().ok_or_else(|| ReadError {
                path: input::input_name(input, self.stdin_filename),
                message: "标准输入已读完".into(),
            }),
            Input::File { .. } => input::read(
                input,
                input::input_name(input, self.stdin_filename),
                &mut io::empty(),
            ),
        }
    }
}

/// The cross-year findings of a pair left to the end of the run; `cache`
/// with every linked rule, when the run has one.
fn compare_pair(
    pair: &pairing::Pair,
    config: &Config,
    sources: &PairSources,
    renderer: &Renderer,
    cache: Option<(&Cache, &[&'static RuleMeta])>,
) -> Result<(Vec<Diagnostic>, Rendered), ReadError> {
    let previous = sources.source(&pair.previous)?;
    let current = sources.source(&pair.current)?;
    // Both files under the current file's configuration: the comparison
    // prepares both under it.
    let key = cache.filter(|_| pair.current != Input::Stdin && pair.previous != Input::Stdin);
    let key = key.map(|(cache, rules)| {
        let previous = cache.file_key(&previous, config, rules);
        let current = cache.file_key(&current, config, rules);
        (cache, cache.pair_key(PairKind::Deferred, previous, current))
    });
    let cached = key.and_then(|(cache, key)| cache.load(key));
    let (diagnostics, current) = match cached {
        Some(diagnostics) => (diagnostics, current),
        None => {
            let previous = parse(previous);
            let current = parse(current);
            let mut diagnostics = cross_year::compare(&previous, &current, config);
            engine::sort(&mut diagnostics);
            if let Some((cache, key)) = key {
                cache.store(key, &diagnostics);
            }
            (diagnostics, current.source)
        }
    };
    let rendered = if diagnostics.is_empty() {
        Rendered::default()
    } else {
        renderer.findings(&current, &diagnostics)
    };
    Ok((diagnostics, rendered))
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
    start_with(
        &lint.rules,
        &lint.paths,
        lint.stdin_filename.as_deref(),
        console,
        tally,
    )
}

pub fn start_with(
    rules: &RuleSelection,
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
    console: &mut Console,
    tally: &mut Tally,
) -> io::Result<Option<(Settings, Inputs)>> {
    let mut settings = match Settings::new(rules) {
        Ok(settings) => settings,
        Err(message) => {
            usage_error(console, &message)?;
            return Ok(None);
        }
    };
    let inputs = collect_inputs(paths, stdin_filename, console, tally)?;
    let errors = settings.load(&inputs.items, stdin_filename);
    for message in &errors {
        usage_error(console, message)?;
    }
    warn_passed_over(&settings, console)?;
    Ok(errors.is_empty().then_some((settings, inputs)))
}

/// Says on stderr which configuration files were not used, and why.
pub fn warn_passed_over(settings: &Settings, console: &mut Console) -> io::Result<()> {
    for message in settings.passed_over() {
        writeln!(console.stderr, "警告：{message}")?;
    }
    Ok(())
}

/// The inputs to lint; folders that could not be walked are reported and counted as failures.
pub fn collect_inputs(
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
    console: &mut Console,
    tally: &mut Tally,
) -> io::Result<Inputs> {
    // An editor that pipes a buffer passes only `--stdin-filename`.
    let paths = if paths.is_empty() && stdin_filename.is_some() {
        vec![PathBuf::from("-")]
    } else {
        paths.to_vec()
    };
    let inputs = walk::collect(&paths);
    for err in &inputs.errors {
        writeln!(console.stderr, "{}: {}", err.path, err.message)?;
        tally.failed += 1;
    }
    Ok(inputs)
}

/// Parses an input; `None` when it is unreadable (said on stderr and
/// counted), or when a folder walk found it and it is not an annual report
/// (counted as skipped).
fn load_report(
    input: &Input,
    lint: &LintArgs,
    console: &mut Console,
    tally: &mut Tally,
) -> io::Result<Option<Report>> {
    match Pending::new(input, lint.stdin_filename.as_deref(), console.stdin).open() {
        Ok(report) => Ok(Some(report)),
        Err(NoReport::Skipped) => {
            tally.skipped += 1;
            Ok(None)
        }
        Err(NoReport::Failed(err)) => {
            writeln!(console.stderr, "{}: {}", err.path, err.message)?;
            tally.failed += 1;
            Ok(None)
        }
    }
}
