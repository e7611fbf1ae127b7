//! Which configuration each input is linted with: `--config FILE`, else
//! the nearest `report-lint.toml` above the input that is the user's own and
//! in the input's repository ([`config_file::search`]); `--select` replaces the
//! file's `select`, `--ignore` adds to its `ignore`; then the file's
//! `per-file-ignores` for that input.
//!
//! Every configuration file is read before any report is linted, so a
//! broken one stops the run before it prints half a result.

use crate::args::RuleSelection;
use crate::walk::Input;
use report_lint_rules::config_file::{self, Search};
use report_lint_rules::{registry, Config, Linter, RuleMeta};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Settings {
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    /// `--config`, already read.
    explicit: Option<Config>,
    /// The search of each folder, made once.
    discovered: BTreeMap<PathBuf, Search>,
    loaded: BTreeMap<PathBuf, Config>,
    metas: Vec<&'static RuleMeta>,
}

impl Settings {
    /// Errors are usage errors: an unknown rule in `--select`, an unreadable
    /// `--config`, two rules sharing a code.
    pub fn new(args: &RuleSelection) -> Result<Settings, String> {
        let metas: Vec<&'static RuleMeta> = registry()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|r| r.meta)
            .collect();
        let select = args
            .select
            .as_ref()
            .map(|s| non_empty(s))
            .filter(|s| !s.is_empty());
        let ignore = non_empty(&args.ignore);
        let explicit = match &args.config {
            // Not opened unless it is a file: a FIFO would wait for a writer.
            Some(path) if path.exists() && !path.is_file() => {
                return Err(format!("{}: 配置文件不是普通文件", path.display()));
            }
            Some(path) if !path.is_file() => {
                return Err(format!("{}: 配置文件不存在", path.display()));
            }
            Some(path) => Some(config_file::load(path, &metas).map_err(|e| e.to_string())?),
            None => None,
        };
        // Rules written in a configuration file may be named too: those of
        // `--config`, and any code of the range kept for them (Z100–Z999),
        // which a configuration found later next to an input may define.
        let mut known = metas.clone();
        if let Some(config) = &explicit {
            known.extend(config.declarative.metas());
        }
        for (option, patterns) in [
            ("--select", select.as_deref().unwrap_or_default()),
            ("--ignore", &ignore),
        ] {
            if let Some(unknown) = patterns
                .iter()
                .find(|p| !names_a_rule(&known, p) && !declarative_code(p))
            {
                return Err(format!(
                    "{option}：没有代码或名称为“{unknown}”的规则（用 `{} rule` 查看全部规则）",
                    report_lint_core::program::name()
                ));
            }
        }
        Ok(Settings {
            select,
            ignore,
            explicit,
            discovered: BTreeMap::new(),
            loaded: BTreeMap::new(),
            metas,
        })
    }

    /// Finds and reads the configuration files of all inputs; the messages
    /// of those that cannot be used.
    pub fn load(&mut self, inputs: &[Input], stdin_filename: Option<&str>) -> Vec<String> {
        if self.explicit.is_some() {
            return Vec::new();
        }
        let mut errors = Vec::new();
        for input in inputs {
            let Some(file) = self.discover(&location(input, stdin_filename)).found else {
                continue;
            };
            if self.loaded.contains_key(&file) {
                continue;
            }
            match config_file::load(&file, &self.metas) {
                Ok(config) => {
                    self.loaded.insert(file, config);
                }
                Err(e) => errors.push(e.to_string()),
            }
        }
        errors
    }

    /// Warnings about the configuration files the searches passed over
    /// (another user's), each once: a run configured otherwise than its
    /// user expects says why.
    pub fn passed_over(&self) -> Vec<String> {
        let skipped: BTreeMap<&Path, u32> = self
            .discovered
            .values()
            .flat_map(|search| &search.skipped)
            .map(|s| (s.path.as_path(), s.owner))
            .collect();
        skipped
            .into_iter()
            .map(|(path, owner)| {
                format!(
                    "未使用配置文件 {}：该文件属于其他用户（uid {owner}），只有用 --config 指定时才读取",
                    path.display()
                )
            })
            .collect()
    }

    /// The linter for one input; [`load`](Self::load) must have succeeded.
    pub fn linter(
        &mut self,
        input: &Input,
        stdin_filename: Option<&str>,
    ) -> Result<Linter, String> {
        Linter::new(self.resolve(input, stdin_filename).config).map_err(|e| e.to_string())
    }

    /// The configuration for one input and where each part came from.
    pub fn resolve(&mut self, input: &Input, stdin_filename: Option<&str>) -> Resolved {
        let path = location(input, stdin_filename);
        let (file, file_config, search) = match &self.explicit {
            Some(config) => (
                config.origin.clone().map(|p| (p, ConfigSource::Explicit)),
                config.clone(),
                None,
            ),
            None => {
                let search = self.discover(&path);
                match &search.found {
                    Some(found) => (
                        Some((found.clone(), ConfigSource::Discovered)),
                        self.loaded.get(found).cloned().unwrap_or_default(),
                        Some(search),
                    ),
                    None => (None, Config::default(), Some(search)),
                }
            }
        };
        let mut config = file_config.clone();
        if let Some(select) = &self.select {
            config.select = Some(select.clone());
        }
        config.ignore.extend(self.ignore.iter().cloned());
        let per_file = file_config
            .per_file_ignores
            .matching(file_config.relative(&path))
            .cloned()
            .collect();
        Resolved {
            config: config.for_path(&path),
            file,
            file_config,
            cli_select: self.select.clone(),
            cli_ignore: self.ignore.clone(),
            per_file,
            search,
        }
    }

    /// Every linked rule.
    pub fn metas(&self) -> &[&'static RuleMeta] {
        &self.metas
    }

    /// The search for the configuration file of `path`, remembered per folder.
    fn discover(&mut self, path: &Path) -> Search {
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        self.discovered
            .entry(dir)
            .or_insert_with_key(|dir| config_file::search(dir))
            .clone()
    }
}

/// How the configuration file of an input was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigSource {
    /// `--config FILE`.
    Explicit,
    /// The nearest usable `report-lint.toml` above the input.
    Discovered,
}

/// The configuration of one input, with its provenance (`config --show`).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub file: Option<(PathBuf, ConfigSource)>,
    /// What the file says (the defaults when there is none).
    pub file_config: Config,
    pub cli_select: Option<Vec<String>>,
    pub cli_ignore: Vec<String>,
    /// The file's `per-file-ignores` entries that match this input.
    pub per_file: Vec<(String, Vec<String>)>,
    /// How the file was searched for; `None` with `--config`.
    pub search: Option<Search>,
    /// The result: what the input is linted with.
    pub config: Config,
}

/// Where an input is, absolute, for discovery and `per-file-ignores`: stdin
/// is where `--stdin-filename` says, else in the current folder.
fn location(input: &Input, stdin_filename: Option<&str>) -> PathBuf {
    let path = match input {
        Input::File { path, .. } => path.clone(),
        Input::Stdin => PathBuf::from(stdin_filename.unwrap_or("-")),
    };
    std::path::absolute(&path).unwrap_or(path)
}

/// `--select B001,` leaves an empty item behind; it means nothing.
fn non_empty(patterns: &[String]) -> Vec<String> {
    patterns
        .iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Asks a configuration itself, so that prefixes, names and `ALL` match
/// exactly as they will when linting.
/// `Z`, `Z6`, `Z601`: a code or prefix in the range of rules written in
/// configuration files.
fn declarative_code(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&'z'))
        && pattern.len() <= 4
        && chars.all(|c| c.is_ascii_digit())
}

fn names_a_rule(metas: &[&RuleMeta], pattern: &str) -> bool {
    let probe = Config {
        select: Some(vec![pattern.to_string()]),
        ..Config::default()
    };
    metas.iter().any(|m| probe.is_enabled(m))
}
