//! `report-lint config --show FILE`: the configuration a file would be
//! checked with, and where each part of it came from — the defaults, a
//! `report-lint.toml` (found or given with `--config`), its
//! `per-file-ignores`, or the command line — and, when the file was
//! searched for, the files passed over and where the search stopped.

use crate::args::{ConfigArgs, TextOrJson};
use crate::check::usage_error;
use crate::console::Console;
use crate::settings::{ConfigSource, Resolved, Settings};
use crate::walk::Input;
use crate::width::str_width;
use report_lint_rules::config_file::{Search, Stop};
use report_lint_rules::OptionValue;
use serde_json::{json, Value};
use std::io::{self, Write};
use std::path::Path;

pub fn config(args: &ConfigArgs, console: &mut Console) -> io::Result<i32> {
    let mut settings = match Settings::new(&args.rules) {
        Ok(settings) => settings,
        Err(message) => return usage_error(console, &message),
    };
    let input = Input::File {
        path: args.show.clone(),
        explicit: true,
    };
    let errors = settings.load(std::slice::from_ref(&input), None);
    if let Some(message) = errors.first() {
        return usage_error(console, message);
    }
    let resolved = settings.resolve(&input, None);
    let shown = Shown::new(&resolved, &settings, &args.show);
    match args.format {
        TextOrJson::Text => write_text(console.stdout, &shown)?,
        TextOrJson::Json => {
            serde_json::to_writer_pretty(&mut *console.stdout, &shown.to_json())?;
            writeln!(console.stdout)?;
        }
    }
    Ok(0)
}

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    Default,
    File,
    PerFile(String),
    CommandLine(&'static str),
}

impl Source {
    fn id(&self) -> &'static str {
        match self {
            Source::Default => "default",
            Source::File => "config-file",
            Source::PerFile(_) => "per-file-ignores",
            Source::CommandLine(_) => "command-line",
        }
    }

    fn describe(&self, file: &str) -> String {
        match self {
            Source::Default => "默认".into(),
            Source::File => format!("来自 {file}"),
            Source::PerFile(glob) => format!("来自 {file} 的 per-file-ignores \"{glob}\""),
            Source::CommandLine(flag) => format!("来自命令行 {flag}"),
        }
    }
}

struct RuleRow {
    code: &'static str,
    name: &'static str,
    enabled: bool,
    severity: &'static str,
    severity_source: Source,
}

struct Shown {
    path: String,
    file: Option<(String, ConfigSource)>,
    select: (Option<Vec<String>>, Source),
    ignore: Vec<(String, Source)>,
    severity: Vec<(String, &'static str)>,
    options: Vec<(String, String, OptionValue)>,
    rules: Vec<RuleRow>,
    /// How the configuration file was searched for; `None` with `--config`.
    search: Option<Search>,
}

impl Shown {
    fn new(resolved: &Resolved, settings: &Settings, shown: &Path) -> Shown {
        let file_config = &resolved.file_config;
        let select = match (&resolved.cli_select, &file_config.select) {
            (Some(cli), _) => (Some(cli.clone()), Source::CommandLine("--select")),
            (None, Some(file)) => (Some(file.clone()), Source::File),
            (None, None) => (None, Source::Default),
        };
        let mut ignore: Vec<(String, Source)> = file_config
            .ignore
            .iter()
            .map(|p| (p.clone(), Source::File))
            .collect();
        for (glob, codes) in &resolved.per_file {
            ignore.extend(
                codes
                    .iter()
                    .map(|c| (c.clone(), Source::PerFile(glob.clone()))),
            );
        }
        ignore.extend(
            resolved
                .cli_ignore
                .iter()
                .map(|p| (p.clone(), Source::CommandLine("--ignore"))),
        );
        let severity = file_config
            .severity
            .iter()
            .map(|(code, level)| (code.clone(), level.as_str()))
            .collect();
        let options = file_config
            .options
            .by_rule
            .iter()
            .flat_map(|(code, options)| {
                options
                    .iter()
                    .map(move |(key, value)| (code.clone(), key.clone(), value.clone()))
            })
            .collect();
        let rules = settings
            .metas()
            .iter()
            .map(|meta| {
                let overridden = file_config.severity.contains_key(meta.code)
                    || file_config.severity.contains_key(meta.name);
                RuleRow {
                    code: meta.code,
                    name: meta.name,
                    enabled: resolved.config.is_enabled(meta),
                    severity: resolved.config.severity_of(meta).as_str(),
                    severity_source: if overridden {
                        Source::File
                    } else {
                        Source::Default
                    },
                }
            })
            .collect();
        Shown {
            path: shown.to_string_lossy().into_owned(),
            file: resolved
                .file
                .as_ref()
                .map(|(path, source)| (display(path), *source)),
            select,
            ignore,
            severity,
            options,
            rules,
            search: resolved.search.clone(),
        }
    }

    fn file_name(&self) -> &str {
        self.file.as_ref().map_or("", |(p, _)| p.as_str())
    }

    fn to_json(&self) -> Value {
        let file = self.file_name();
        json!({
            "path": self.path,
            "config_file": self.file.as_ref().map(|(path, source)| json!({
                "path": path,
                "source": match source {
                    ConfigSource::Explicit => "command-line",
                    ConfigSource::Discovered => "discovered",
                },
            })),
            "select": {"value": self.select.0, "source": self.select.1.id()},
            "ignore": self.ignore.iter().map(|(pattern, source)| {
                let mut entry = json!({"pattern": pattern, "source": source.id()});
                if let Source::PerFile(glob) = source {
                    entry["glob"] = json!(glob);
                }
                entry
            }).collect::<Vec<_>>(),
            "severity": self.severity.iter().map(|(code, level)| json!({
                "rule": code, "level": level, "source": Source::File.id(), "file": file,
            })).collect::<Vec<_>>(),
            "options": self.options.iter().map(|(code, key, value)| json!({
                "rule": code, "key": key, "value": value, "source": Source::File.id(), "file": file,
            })).collect::<Vec<_>>(),
            "search": self.search.as_ref().map(|search| json!({
                "skipped": search.skipped.iter().map(|s| json!({
                    "path": display(&s.path), "reason": "other-owner", "uid": s.owner,
                })).collect::<Vec<_>>(),
                "stopped_at": search.stopped.as_ref().map(|stop| match stop {
                    Stop::RepositoryRoot(path) => json!({
                        "path": display(path), "reason": "repository-root",
                    }),
                    Stop::ForeignFolder { path, owner } => json!({
                        "path": display(path), "reason": "other-owner", "uid": owner,
                    }),
                }),
            })),
            "rules": self.rules.iter().map(|r| json!({
                "code": r.code,
                "name": r.name,
                "enabled": r.enabled,
                "severity": r.severity,
                "severity_source": r.severity_source.id(),
            })).collect::<Vec<_>>(),
        })
    }
}

fn write_text(out: &mut dyn Write, shown: &Shown) -> io::Result<()> {
    let file = shown.file_name();
    writeln!(out, "文件：{}", shown.path)?;
    match &shown.file {
        Some((path, ConfigSource::Discovered)) => {
            writeln!(out, "配置文件：{path}（离该文件最近的 report-lint.toml）")?
        }
        Some((path, ConfigSource::Explicit)) => {
            writeln!(out, "配置文件：{path}（命令行 --config 指定）")?
        }
        None => writeln!(out, "配置文件：无（未找到 report-lint.toml，使用默认配置）")?,
    }
    if let Some(search) = &shown.search {
        for skipped in &search.skipped {
            writeln!(
                out,
                "未使用 {}：该文件属于其他用户（uid {}），只有用 --config 指定时才读取",
                display(&skipped.path),
                skipped.owner
            )?;
        }
        match &search.stopped {
            Some(Stop::RepositoryRoot(path)) => {
                writeln!(out, "查找止于 {}（仓库根目录，其中有 .git）", display(path))?
            }
            Some(Stop::ForeignFolder { path, owner }) => writeln!(
                out,
                "查找止于 {}（该文件夹属于其他用户（uid {owner}），不在其中及其上查找）",
                display(path)
            )?,
            None => {}
        }
    }
    let (select, source) = &shown.select;
    match select {
        Some(patterns) => writeln!(
            out,
            "select：{}（{}）",
            patterns.join("、"),
            source.describe(file)
        )?,
        None => writeln!(out, "select：全部规则（默认）")?,
    }
    if shown.ignore.is_empty() {
        writeln!(out, "ignore：无")?;
    } else {
        let parts: Vec<String> = shown
            .ignore
            .iter()
            .map(|(p, s)| format!("{p}（{}）", s.describe(file)))
            .collect();
        writeln!(out, "ignore：{}", parts.join("；"))?;
    }
    if !shown.severity.is_empty() {
        let parts: Vec<String> = shown
            .severity
            .iter()
            .map(|(code, level)| format!("{code} = {level}"))
            .collect();
        writeln!(out, "级别：{}（来自 {file}）", parts.join("；"))?;
    }
    for (code, key, value) in &shown.options {
        let value = serde_json::to_string(value).unwrap_or_default();
        writeln!(
            out,
            "规则选项：[rules.{code}] {key} = {value}（来自 {file}）"
        )?;
    }
    let (enabled, disabled): (Vec<&RuleRow>, Vec<&RuleRow>) =
        shown.rules.iter().partition(|r| r.enabled);
    writeln!(out)?;
    writeln!(out, "启用的规则（{} 条）：", enabled.len())?;
    let name_width = enabled.iter().map(|r| str_width(r.name)).max().unwrap_or(0);
    for r in &enabled {
        let source = match &r.severity_source {
            Source::Default => String::new(),
            other => format!("  {}", other.describe(file)),
        };
        let line = format!(
            "  {}  {}{}  {:<7}{source}",
            r.code,
            r.name,
            " ".repeat(name_width - str_width(r.name)),
            r.severity
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    if !disabled.is_empty() {
        let codes: Vec<&str> = disabled.iter().map(|r| r.code).collect();
        writeln!(
            out,
            "未启用的规则（{} 条）：{}",
            codes.len(),
            codes.join(" ")
        )?;
    }
    Ok(())
}

/// A configuration file's path relative to the current folder when inside it.
fn display(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative
        .unwrap_or_else(|| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}
