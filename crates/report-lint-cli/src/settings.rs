//! Which configuration each input is linted with: `--config FILE`, else
//! the nearest `report-lint.toml` above the input; `--select` replaces the
//! file's `select`, `--ignore` adds to its `ignore`; then the file's
//! `per-file-ignores` for that input.
//!
//! Every configuration file is read before any report is linted, so a
//! broken one stops the run before it prints half a result.

use crate::args::RuleSelection;
use crate::walk::Input;
use report_lint_rules::config_file;
use report_lint_rules::{registry, Config, Linter, RuleMeta};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Settings {
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    /// `--config`, already read.
    explicit: Option<Config>,
    /// Discovered files, read once each; `None` where there is none.
    discovered: BTreeMap<PathBuf, Option<PathBuf>>,
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
        for (option, patterns) in [
            ("--select", select.as_deref().unwrap_or_default()),
            ("--ignore", &ignore),
        ] {
            if let Some(unknown) = patterns.iter().find(|p| !names_a_rule(&metas, p)) {
                return Err(format!(
                    "{option}：没有代码或名称为“{unknown}”的规则（用 `report-lint rule` 查看全部规则）"
                ));
            }
        }
        let explicit = match &args.config {
            Some(path) if !path.is_file() => {
                return Err(format!("{}: 配置文件不存在", path.display()));
            }
            Some(path) => Some(config_file::load(path, &metas).map_err(|e| e.to_string())?),
            None => None,
        };
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
            let Some(file) = self.discover(&location(input, stdin_filename)) else {
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
        let (file, file_config) = match &self.explicit {
            Some(config) => (
                config.origin.clone().map(|p| (p, ConfigSource::Explicit)),
                config.clone(),
            ),
            None => match self.discover(&path) {
                Some(found) => (
                    Some((found.clone(), ConfigSource::Discovered)),
                    self.loaded.get(&found).cloned().unwrap_or_default(),
                ),
                None => (None, Config::default()),
            },
        };
        let mut config = file_config.clone();
        if let Some(select) = &self.select {
            config.select = Some(select.clone());
        }
        config.ignore.extend(self.ignore.iter().cloned());
        // Ask the configuration itself which globs match, one at a time, so
        // that matching is exactly the linter's.
        let per_file = file_config
            .per_file_ignores
            .iter()
            .filter(|(pattern, codes)| {
                let probe = Config {
                    per_file_ignores: vec![(pattern.clone(), codes.clone())],
                    base: file_config.base.clone(),
                    ..Config::default()
                };
                !probe.for_path(&path).ignore.is_empty()
            })
            .cloned()
            .collect();
        Resolved {
            config: config.for_path(&path),
            file,
            file_config,
            cli_select: self.select.clone(),
            cli_ignore: self.ignore.clone(),
            per_file,
        }
    }

    /// Every linked rule.
    pub fn metas(&self) -> &[&'static RuleMeta] {
        &self.metas
    }

    /// The nearest configuration file above `path`, remembered per folder.
    fn discover(&mut self, path: &Path) -> Option<PathBuf> {
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        self.discovered
            .entry(dir)
            .or_insert_with_key(|dir| config_file::find(dir))
            .clone()
    }
}

/// How the configuration file of an input was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigSource {
    /// `--config FILE`.
    Explicit,
    /// The nearest `report-lint.toml` above the input.
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
fn names_a_rule(metas: &[&RuleMeta], pattern: &str) -> bool {
    let probe = Config {
        select: Some(vec![pattern.to_string()]),
        ..Config::default()
    };
    metas.iter().any(|m| probe.is_enabled(m))
}
