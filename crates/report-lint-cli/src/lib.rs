//! The `report-lint` command line: `check`, `fix`, `extract`, `annotate`,
//! `view`, `config`, `rule`, `clean`, `lsp` and `web`.
//!
//! A rule-pack author can ship their own binary that links their pack and
//! calls [`main`]:
//!
//! ```no_run
//! use report_lint_rules as _; // and `use my_rule_pack as _;`
//! fn main() -> std::process::ExitCode {
//!     report_lint_cli::main()
//! }
//! ```
//!
//! Exit codes: 0 no finding at or above `--severity` (default: error), 1 at
//! least one (0 with `--exit-zero`), 2 usage error or a file that could not
//! be read or written.

mod annotate;
mod args;
mod cache;
mod check;
mod config_show;
mod console;
mod diff;
mod excerpt;
mod extract;
mod fix_command;
mod git_index;
mod input;
mod json_stream;
mod ordered;
mod output;
mod pairing;
mod progress;
mod render_csv;
mod render_github;
mod render_sarif;
mod render_text;
mod rule_docs;
mod settings;
mod state;
mod summary;
mod view;
mod walk;
mod web;
mod width;
mod write;

// The JSON of findings and their positions are the HTML renderer's, which
// embeds them in its pages: `check --format json` and the pages agree by
// construction.
use report_lint_html::{findings as render_json, positions};

use args::{Cli, Command};
use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};
use console::{Console, Terminal};
use std::ffi::OsString;
use std::io::{self, Read, Write};
use std::process::ExitCode;

/// Runs the command line over the given streams and returns the exit code.
/// Nothing here is a terminal, so `--color auto` means no colour. `lsp`
/// always speaks over the process's real stdin and stdout.
pub fn run(
    args: Vec<OsString>,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32 {
    let mut console = Console {
        stdin,
        stdout,
        stderr,
        terminal: Terminal::default(),
    };
    run_in(args, &mut console)
}

/// The process entry point: real arguments, real streams, colour when they are terminals.
pub fn main() -> ExitCode {
    // Unlocked handles: the language server takes the real streams for itself.
    let mut console = Console {
        stdin: &mut io::stdin(),
        stdout: &mut io::stdout(),
        stderr: &mut io::stderr(),
        terminal: Terminal::detect(),
    };
    let args: Vec<OsString> = std::env::args_os().collect();
    // Hints name the program the user ran (a province's own build too).
    report_lint_core::program::set_from_argv0(args.first().map(OsString::as_os_str));
    let code = run_in(args, &mut console);
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}

fn run_in(args: Vec<OsString>, console: &mut Console) -> i32 {
    let (short, long) = version_texts();
    let command = Cli::command().version(short).long_version(long);
    let parsed = command
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => return clap_exit(&err, console),
    };
    let result = match &cli.command {
        Command::Check(args) => check::check(args, console),
        Command::Fix(args) => fix_command::fix(args, console),
        Command::Extract(args) => extract::extract(args, console),
        Command::Annotate(args) => annotate::annotate(args, console),
        Command::View(args) => view::view(args, console),
        Command::Config(args) => config_show::config(args, console),
        Command::Rule(args) => rule_docs::rule(args, console),
        Command::Clean(args) => cache::clean(args.cache_dir.as_deref(), console),
        Command::Lsp(_) => lsp(console),
        Command::Web(args) => web::web(args, console),
    };
    let flushed = console.stdout.flush().and(console.stderr.flush());
    match result.and_then(|code| flushed.map(|()| code)) {
        Ok(code) => code,
        Err(err) => output_failed(&err, console),
    }
}

/// The commit this binary was built from (`build.rs`), or "unknown".
pub const COMMIT: &str = env!("REPORT_LINT_COMMIT");

/// What `-V` and `--version` print: the version and commit, and for
/// `--version` also every rule pack linked into this binary, from the
/// registry (so a pack's own binary names its pack).
fn version_texts() -> (&'static str, &'static str) {
    let version = env!("CARGO_PKG_VERSION");
    let short = format!("{version} (commit {COMMIT})");
    let mut packs: Vec<(&str, usize)> = Vec::new();
    // Duplicate codes are reported by every command that runs rules.
    for rule in report_lint_rules::registry().unwrap_or_default() {
        match packs.iter_mut().find(|(name, _)| *name == rule.meta.pack) {
            Some((_, count)) => *count += 1,
            None => packs.push((rule.meta.pack, 1)),
        }
    }
    packs.sort();
    let mut long = format!("{short}\n规则包：");
    if packs.is_empty() {
        long.push_str("（无）");
    }
    for (i, (name, count)) in packs.iter().enumerate() {
        if i > 0 {
            long.push('，');
        }
        long.push_str(&format!("{name}（{count} 条规则）"));
    }
    // Once per process, for clap's `&'static str`.
    (
        Box::leak(short.into_boxed_str()),
        Box::leak(long.into_boxed_str()),
    )
}

/// `--help` and `--version` are answers (stdout, 0); anything else is a usage error (stderr, 2).
fn clap_exit(err: &clap::Error, console: &mut Console) -> i32 {
    let text = err.render().to_string();
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = console.stdout.write_all(text.as_bytes());
            0
        }
        _ => {
            let _ = console.stderr.write_all(text.as_bytes());
            2
        }
    }
}

fn lsp(console: &mut Console) -> io::Result<i32> {
    match report_lint_lsp::run_stdio() {
        Ok(ending) => Ok(ending.exit_code()),
        Err(err) => {
            writeln!(
                console.stderr,
                "错误：语言服务器异常退出：{}",
                report_lint_core::describe_io(&err)
            )?;
            Ok(2)
        }
    }
}

/// A closed pipe (`report-lint check | head`) is the reader's choice, not
/// worth a message; the run still did not print everything, hence 2.
fn output_failed(err: &io::Error, console: &mut Console) -> i32 {
    if err.kind() != io::ErrorKind::BrokenPipe {
        let _ = writeln!(
            console.stderr,
            "错误：无法输出结果：{}",
            report_lint_core::describe_io(err)
        );
    }
    2
}
