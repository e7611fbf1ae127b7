//! The resolved configuration a lint runs with, and where it came from.
//! `config_file` reads `report-lint.toml`; front ends add their flags.

use crate::diagnostic::Severity;
use crate::rule::RuleMeta;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub use report_lint_rule_api::options::{OptionValue, RuleOptions};

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
    pub per_file_ignores: PerFileIgnores,
    /// The directory of the configuration file, which globs are relative to.
    #[serde(skip)]
    pub base: Option<std::path::PathBuf>,
    /// The file the configuration was read from, if any.
    #[serde(skip)]
    pub origin: Option<std::path::PathBuf>,
    /// Rules written in the file (`[[rule]]`), run after the linked ones.
    #[serde(skip)]
    pub declarative: crate::declarative::DeclarativeRules,
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
    pub fn for_path(&self, path: &Path) -> Config {
        let mut config = self.clone();
        for (_, codes) in self.per_file_ignores.matching(self.relative(path)) {
            config.ignore.extend(codes.iter().cloned());
        }
        config
    }

    /// `path` as `per-file-ignores` globs see it: relative to `base`.
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        match &self.base {
            Some(base) => path.strip_prefix(base).unwrap_or(path),
            None => path,
        }
    }

    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity
            .get(meta.code)
            .or_else(|| self.severity.get(meta.name))
            .copied()
            .unwrap_or(meta.severity)
    }
}

/// The `per-file-ignores` of a configuration, its globs compiled once into
/// one set when it is made: every file linted asks which match, and a
/// configuration is cloned for each (the compiled set is shared).
#[derive(Clone, Default)]
pub struct PerFileIgnores {
    entries: Vec<(String, Vec<String>)>,
    /// Matches paths against every valid glob at once; the indices of
    /// `entries` that each of its globs stands for.
    matcher: Arc<(globset::GlobSet, Vec<usize>)>,
}

impl PerFileIgnores {
    /// Globs that do not parse match nothing (`config_file` refuses them
    /// with a message; a configuration made in code is not checked).
    pub fn new(entries: Vec<(String, Vec<String>)>) -> PerFileIgnores {
        #[cfg(test)]
        tests::COMPILED.with(|n| n.set(n.get() + 1));
        let mut builder = globset::GlobSetBuilder::new();
        let mut indices = Vec::new();
        for (i, (pattern, _)) in entries.iter().enumerate() {
            if let Ok(glob) = globset::Glob::new(pattern) {
                builder.add(glob);
                indices.push(i);
            }
        }
        let set = builder.build().unwrap_or_else(|_| {
            indices.clear();
            globset::GlobSet::empty()
        });
        PerFileIgnores {
            entries,
            matcher: Arc::new((set, indices)),
        }
    }

    /// Every entry, in the file's order.
    pub fn entries(&self) -> &[(String, Vec<String>)] {
        &self.entries
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries whose glob matches `relative` (see [`Config::relative`]),
    /// in the file's order.
    pub fn matching(&self, relative: &Path) -> impl Iterator<Item = &(String, Vec<String>)> {
        let (set, indices) = &*self.matcher;
        let mut matched: Vec<usize> = set
            .matches(relative)
            .into_iter()
            .filter_map(|i| indices.get(i).copied())
            .collect();
        matched.sort_unstable();
        matched.into_iter().filter_map(|i| self.entries.get(i))
    }
}

impl From<Vec<(String, Vec<String>)>> for PerFileIgnores {
    fn from(entries: Vec<(String, Vec<String>)>) -> PerFileIgnores {
        PerFileIgnores::new(entries)
    }
}

/// Two are the same when their entries are: the matcher follows from them.
impl PartialEq for PerFileIgnores {
    fn eq(&self, other: &PerFileIgnores) -> bool {
        self.entries == other.entries
    }
}

impl std::fmt::Debug for PerFileIgnores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.entries.fmt(f)
    }
}

impl Serialize for PerFileIgnores {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.entries.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// How many times this thread compiled `per-file-ignores`.
        pub(super) static COMPILED: Cell<usize> = const { Cell::new(0) };
    }

    #[test]
    fn per_file_globs_are_compiled_once_per_configuration() {
        let before = COMPILED.with(Cell::get);
        let config = Config {
            per_file_ignores: PerFileIgnores::new(vec![
                ("archive/**".into(), vec!["S004".into()]),
                ("[".into(), vec!["B001".into()]),
                ("**/2019/*.txt".into(), vec!["D003".into()]),
            ]),
            base: Some("/reports".into()),
            ..Config::default()
        };
        assert_eq!(COMPILED.with(Cell::get), before + 1);
        let ignored = |path: &str| config.for_path(Path::new(path)).ignore;
        assert_eq!(ignored("/reports/archive/2019/a.txt"), ["S004", "D003"]);
        assert_eq!(ignored("/reports/2019/a.txt"), ["D003"]);
        assert!(ignored("/reports/2024/a.txt").is_empty());
        assert!(ignored("/elsewhere/x.txt").is_empty());
        // Many files, and each file's clone: not one glob compiled again.
        for i in 0..100 {
            config.for_path(Path::new(&format!("/reports/archive/{i}.txt")));
        }
        assert_eq!(COMPILED.with(Cell::get), before + 1);
    }
}
