//! The resolved configuration a lint runs with, and where it came from.
//! `config_file` reads `report-lint.toml`; front ends add their flags.

use crate::diagnostic::Severity;
use crate::rule::RuleMeta;
use serde::Serialize;
use std::collections::BTreeMap;

/// A value of a rule option in `[rules.CODE]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<String>),
}

/// Options of every rule, keyed by rule code.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RuleOptions {
    pub by_rule: BTreeMap<String, BTreeMap<String, OptionValue>>,
}

impl RuleOptions {
    pub fn get(&self, code: &str, key: &str) -> Option<&OptionValue> {
        self.by_rule.get(code)?.get(key)
    }

    pub fn str(&self, code: &str, key: &str) -> Option<&str> {
        match self.get(code, key)? {
            OptionValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Config {
    /// Codes or code prefixes to run (`["B", "S001"]`); `None` runs every rule.
    pub select: Option<Vec<String>>,
    /// Codes or prefixes never to run; wins over `select`.
    pub ignore: Vec<String>,
    /// Per-rule severity overrides.
    pub severity: BTreeMap<String, Severity>,
    pub options: RuleOptions,
    /// Glob (relative to `base`) → codes ignored in the files it matches.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    /// The directory of the configuration file, which globs are relative to.
    #[serde(skip)]
    pub base: Option<std::path::PathBuf>,
    /// The file the configuration was read from, if any.
    #[serde(skip)]
    pub origin: Option<std::path::PathBuf>,
}

fn matches(pattern: &str, meta: &RuleMeta) -> bool {
    pattern.eq_ignore_ascii_case("ALL")
        || meta.code.starts_with(&pattern.to_ascii_uppercase())
        || meta.name == pattern
}

impl Config {
    pub fn is_enabled(&self, meta: &RuleMeta) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|p| matches(p, meta)));
        selected && !self.ignore.iter().any(|p| matches(p, meta))
    }

    /// The configuration for one file: `per-file-ignores` whose glob matches
    /// the path (relative to the configuration's directory) join `ignore`.
    pub fn for_path(&self, path: &std::path::Path) -> Config {
        let mut config = self.clone();
        let relative = match &self.base {
            Some(base) => path.strip_prefix(base).unwrap_or(path),
            None => path,
        };
        for (pattern, codes) in &self.per_file_ignores {
            let matched = globset::Glob::new(pattern)
                .map(|g| g.compile_matcher().is_match(relative))
                .unwrap_or(false);
            if matched {
                config.ignore.extend(codes.iter().cloned());
            }
        }
        config
    }

    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity
            .get(meta.code)
            .or_else(|| self.severity.get(meta.name))
            .copied()
            .unwrap_or(meta.severity)
    }
}
