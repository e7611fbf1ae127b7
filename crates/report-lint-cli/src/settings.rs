//! Which configuration each input is linted with: `--config FILE`, else
//! the nearest `report-lint.toml` above the input; `--select` replaces the
//! file's `select`, `--ignore` adds to its `ignore`; then the file's
//! `per-file-ignores` for that input.
//!
//! Every configuration file is read before any report is linted, so a
//! broken one stops the run before it prints half a result.

use crate::args::LintArgs;
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
    pub fn new(args: &LintArgs) -> Result<Settings, String> {
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
        let path = location(input, stdin_filename);
        let file_config = match &self.explicit {
            Some(config) => Some(config.clone()),
            None => self
                .discover(&path)
                .and_then(|f| self.loaded.get(&f).cloned()),
        };
        let mut config = file_config.unwrap_or_default();
        if let Some(select) = &self.select {
            config.select = Some(select.clone());
        }
        config.ignore.extend(self.ignore.iter().cloned());
        Linter::new(config.for_path(&path)).map_err(|e| e.to_string())
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
