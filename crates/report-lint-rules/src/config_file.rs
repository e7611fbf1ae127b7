//! `report-lint.toml`: finding it (the nearest one above a file wins) and
//! reading it strictly — an unknown key or rule code is an error that names
//! the key and the file, never silently ignored.
//!
//! A configuration can silence every rule, so only the user's own files
//! are found: the search goes up from the file's folder and stops at the
//! root of its repository (a folder with `.git`, a folder or a file), and
//! before a folder owned by another user (whoever owns a folder can put
//! any file in it); a `report-lint.toml` owned by another user is passed
//! over. Without this, a file anyone may write in `/tmp` configured every
//! report below it. `--config` names a file, whoever owns it.
//!
//! ```toml
//! select = ["B", "S", "P001"]        # codes or prefixes; default: every rule
//! ignore = ["D004"]
//!
//! [severity]
//! P003 = "error"                     # info | warning | error
//!
//! [per-file-ignores]
//! "archive/**" = ["D003", "V001"]    # globs relative to this file
//!
//! [rules.D003]                       # options of one rule, see `report-lint rule D003`
//! agency-kind = "government"
//! ```

use crate::config::Config;
use crate::diagnostic::Severity;
use crate::rule::RuleMeta;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "report-lint.toml";

/// A configuration file that cannot be used, with the reason in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// The nearest `report-lint.toml` in `dir` or above it that may be used
/// (see [`search`]).
pub fn find(dir: &Path) -> Option<PathBuf> {
    search(dir).found
}

/// What a search for the configuration file of a folder found, and what
/// it passed over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// The file to use.
    pub found: Option<PathBuf>,
    /// Files nearer than `found` (or instead of it) that are not used.
    pub skipped: Vec<Skipped>,
    /// Where the search ended before the root of the file system.
    pub stopped: Option<Stop>,
}

/// A configuration file the search did not use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    /// Its owner, another user.
    pub owner: u32,
}

/// Why the search went no higher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// This folder holds `.git`: it was searched, nothing above it.
    RepositoryRoot(PathBuf),
    /// This folder belongs to another user: neither it nor anything above
    /// it was searched.
    ForeignFolder { path: PathBuf, owner: u32 },
}

/// Looks for `report-lint.toml` in `dir` and the folders above it, up to
/// the repository root, never in a folder or a file of another user.
pub fn search(dir: &Path) -> Search {
    let mut search = Search::default();
    for folder in dir.ancestors() {
        let Ok(metadata) = std::fs::metadata(folder) else {
            // A folder that does not exist (yet) owns nothing: look above.
            continue;
        };
        if let Some(owner) = foreign_owner(&metadata) {
            search.stopped = Some(Stop::ForeignFolder {
                path: folder.to_path_buf(),
                owner,
            });
            break;
        }
        let file = folder.join(FILE_NAME);
        if let Ok(metadata) = std::fs::metadata(&file) {
            if metadata.is_file() {
                match foreign_owner(&metadata) {
                    Some(owner) => search.skipped.push(Skipped { path: file, owner }),
                    None => {
                        search.found = Some(file);
                        break;
                    }
                }
            }
        }
        // A folder or, in a linked work tree or a submodule, a file.
        if std::fs::symlink_metadata(folder.join(".git")).is_ok() {
            search.stopped = Some(Stop::RepositoryRoot(folder.to_path_buf()));
            break;
        }
    }
    search
}

/// The owner of what `metadata` describes, when it is not the user running
/// report-lint.
#[cfg(unix)]
fn foreign_owner(metadata: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    (metadata.uid() != me).then_some(metadata.uid())
}

/// Elsewhere files have no single owner to compare: only the repository
/// root ends the search.
#[cfg(not(unix))]
fn foreign_owner(_: &std::fs::Metadata) -> Option<u32> {
    None
}

/// Reads and checks a configuration file against the registered rules,
/// with the rule files it includes.
pub fn load(path: &Path, rules: &[&RuleMeta]) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        message: format!("无法读取配置文件：{}", report_lint_core::describe_io(&e)),
    })?;
    let mut config = parse_in(&text, rules, Some(path))?;
    config.base = path.parent().map(Path::to_path_buf);
    config.origin = Some(path.to_path_buf());
    Ok(config)
}

/// Parses configuration text; the error is a message for the user. Text
/// that is not a file has nothing to include relative to: `include` is an
/// error here.
pub fn parse(text: &str, rules: &[&RuleMeta]) -> Result<Config, String> {
    parse_in(text, rules, None).map_err(|e| {
        if e.path.as_os_str().is_empty() {
            e.message
        } else {
            e.to_string()
        }
    })
}

/// At most this many files are included, however they nest.
const MAX_INCLUDED: usize = 64;

/// A configuration's text, read from `path` when it is a file. Errors in
/// an included file name that file.
fn parse_in(text: &str, rules: &[&RuleMeta], path: Option<&Path>) -> Result<Config, ConfigError> {
    let here = |message: String| ConfigError {
        path: path.map(Path::to_path_buf).unwrap_or_default(),
        message,
    };
    let table = toml_table(text).map_err(here)?;
    let mut config = Config::default();
    // Rules written here and in included files first: the other keys may
    // name them.
    let mut known: Vec<&RuleMeta> = rules.to_vec();
    // The files being read, to refuse an include cycle.
    let mut included: Vec<PathBuf> = path
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
        .into_iter()
        .collect();
    declared(
        text,
        &table,
        path,
        &mut known,
        &mut config.declarative.0,
        &mut included,
    )?;
    parse_settings(text, &table, &known)
        .map_err(|message| here(locate(text, message)))
        .map(|settings| Config {
            declarative: config.declarative,
            ..settings
        })
}

/// TOML text as a table; a syntax error names its line.
fn toml_table(text: &str) -> Result<toml::Table, String> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| format!("第 {} 行：", line_of(text, s.start)))
            .unwrap_or_default();
        format!("{line}不是有效的 TOML：{}", e.message().trim())
    })
}

/// The message with the line of the key it names (`“severity.P003”` →
/// the line of `P003 =` under `[severity]`), when it has none yet.
fn locate(text: &str, message: String) -> String {
    if message.contains(" 行") {
        return message;
    }
    let Some(key) = message
        .split('“')
        .nth(1)
        .and_then(|rest| rest.split('”').next())
    else {
        return message;
    };
    match dotted_key_line(text, key) {
        Some(line) => format!("第 {line} 行：{message}"),
        None => message,
    }
}

/// The line where `key` (`a`, `a.b` or `a."b"`) is written: its last part
/// as a key (`b =`, `"b" =`) in the table of the others (`[a]`), or the
/// whole as a key or table header.
fn dotted_key_line(text: &str, key: &str) -> Option<usize> {
    let parts: Vec<&str> = key.split('.').map(|p| p.trim_matches('"')).collect();
    let (last, table) = parts.split_last()?;
    let table = table.join(".");
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = header
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            if current == key {
                return Some(i + 1);
            }
            continue;
        }
        let name = line
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        if line.contains('=') && name == *last && current == table {
            return Some(i + 1);
        }
    }
    // A value rather than a key (a rule code in a list): its first line.
    text.lines()
        .position(|l| !l.trim_start().starts_with('#') && l.contains(last))
        .map(|i| i + 1)
}

/// The line (1-based) of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The `[[rule]]`s of one file, then those of the files it includes
/// (`include = ["rules/本省规则.toml"]`, relative to the file), in order.
/// `chain` holds every file read so far: a cycle, or a file included
/// twice, is refused.
fn declared(
    text: &str,
    table: &toml::Table,
    path: Option<&Path>,
    known: &mut Vec<&RuleMeta>,
    out: &mut Vec<std::sync::Arc<crate::declarative::DeclarativeRule>>,
    chain: &mut Vec<PathBuf>,
) -> Result<(), ConfigError> {
    let error = |message: String| ConfigError {
        path: path.map(Path::to_path_buf).unwrap_or_default(),
        message,
    };
    if let Some(value) = table.get("rule") {
        let items = value
            .as_array()
            .ok_or_else(|| error("“rule”应写成 [[rule]] 表".to_string()))?;
        for (i, item) in items.iter().enumerate() {
            let header = rule_line(text, i);
            let table = item.as_table().ok_or_else(|| {
                let at = header.map_or(String::new(), |l| format!("（第 {l} 行）"));
                error(format!("第 {} 个 [[rule]]{at}应为一个表", i + 1))
            })?;
            let mut rule = crate::declarative::parse_rule(table, known, path).map_err(|e| {
                let line = e
                    .key
                    .as_deref()
                    .and_then(|key| header.and_then(|h| key_line(text, h, key)))
                    .or(header);
                let at = line.map_or(String::new(), |l| format!("（第 {l} 行）"));
                error(format!("第 {} 个 [[rule]]{at}：{}", i + 1, e.message))
            })?;
            rule.source = path.map(Path::to_path_buf);
            known.push(rule.meta);
            out.push(std::sync::Arc::new(rule));
        }
    }
    let Some(value) = table.get("include") else {
        return Ok(());
    };
    let line = key_line(text, 0, "include").map_or(String::new(), |l| format!("（第 {l} 行）"));
    let files = value
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .map(toml::Value::as_str)
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| {
            error(format!(
                "“include”{line}应为规则文件的路径列表，如 include = [\"rules/本省规则.toml\"]"
            ))
        })?;
    let Some(base) = path.and_then(Path::parent) else {
        return Err(error(format!(
            "“include”{line}只能用于配置文件（路径相对于该文件所在的文件夹）"
        )));
    };
    for name in files {
        let file = base.join(name);
        let text = std::fs::read_to_string(&file).map_err(|e| {
            error(format!(
                "“include”{line}：无法读取“{name}”（{}）：{}",
                file.display(),
                report_lint_core::describe_io(&e)
            ))
        })?;
        let canonical = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        if chain.contains(&canonical) {
            return Err(error(format!(
                "“include”{line}：“{name}”已被包含过（循环或重复包含）"
            )));
        }
        if chain.len() >= MAX_INCLUDED {
            return Err(error(format!(
                "“include”{line}：包含的文件超过 {MAX_INCLUDED} 个"
            )));
        }
        chain.push(canonical);
        let in_file = |message: String| ConfigError {
            path: file.clone(),
            message,
        };
        let table = toml_table(&text).map_err(in_file)?;
        // An included file adds rules; what runs and how is the including
        // configuration's to say.
        if let Some(other) = table
            .keys()
            .find(|k| !matches!(k.as_str(), "rule" | "include"))
        {
            let at = key_line(&text, 0, other).map_or(String::new(), |l| format!("（第 {l} 行）"));
            return Err(in_file(format!(
                "被包含的规则文件中只能写 [[rule]] 和 include，不能写“{other}”{at}（请写在 report-lint.toml 中）"
            )));
        }
        declared(&text, &table, Some(&file), known, out, chain)?;
    }
    Ok(())
}

/// The settings of a configuration (everything but its rules) read from
/// `text`; `rules` are every rule they may name.
fn parse_settings(text: &str, table: &toml::Table, rules: &[&RuleMeta]) -> Result<Config, String> {
    let mut config = Config::default();
    for (key, value) in table {
        match key.as_str() {
            "rule" | "include" => {}
            "select" => config.select = Some(code_list(key, value, rules)?),
            "ignore" => config.ignore = code_list(key, value, rules)?,
            "severity" => {
                for (code, level) in section(key, value)? {
                    let meta = find_rule(code, rules)
                        .ok_or_else(|| unknown_rule(&format!("severity.{code}"), code))?;
                    let level = level.as_str().and_then(Severity::parse).ok_or_else(|| {
                        format!("“severity.{code}”应为 \"info\"、\"warning\" 或 \"error\"")
                    })?;
                    config.severity.insert(meta.code.to_string(), level);
                }
            }
            "per-file-ignores" => {
                let mut entries = Vec::new();
                for (pattern, codes) in section(key, value)? {
                    globset::Glob::new(pattern)
                        .map_err(|e| format!("“per-file-ignores”中的通配符“{pattern}”无效：{e}"))?;
                    let codes =
                        code_list(&format!("per-file-ignores.\"{pattern}\""), codes, rules)?;
                    entries.push((pattern.clone(), codes));
                }
                config.per_file_ignores = entries.into();
            }
            "rules" => {
                for (code, options) in section(key, value)? {
                    let meta = find_rule(code, rules)
                        .ok_or_else(|| unknown_rule(&format!("rules.{code}"), code))?;
                    let mut parsed = std::collections::BTreeMap::new();
                    for (name, v) in section(&format!("rules.{code}"), options)? {
                        let at = option_line(text, code, name)
                            .map_or(String::new(), |l| format!("第 {l} 行："));
                        let key = format!("rules.{code}.{name}");
                        let spec = meta.options.iter().find(|o| o.name == name).ok_or_else(|| {
                            let known: Vec<&str> = meta.options.iter().map(|o| o.name).collect();
                            if known.is_empty() {
                                format!("{at}“{key}”：规则 {} 没有选项", meta.code)
                            } else {
                                format!(
                                    "{at}“{key}”：规则 {} 没有这个选项（可用：{}；见 {} rule {}）",
                                    meta.code,
                                    known.join("、"),
                                    report_lint_core::program::name(),
                                    meta.code
                                )
                            }
                        })?;
                        let value = spec.kind.parse(&key, v).map_err(|e| format!("{at}{e}"))?;
                        parsed.insert(name.clone(), value);
                    }
                    config.options.by_rule.insert(meta.code.to_string(), parsed);
                }
            }
            other => {
                return Err(format!(
                "未知的配置项“{other}”（可用：select、ignore、severity、per-file-ignores、rules、[[rule]]、include）"
            ))
            }
        }
    }
    Ok(config)
}

/// The line (1-based) of `key = …` in the table whose header is on line
/// `from` (0: the top of the file, before any header). A dotted name
/// (`with.row`) is looked for by its first part.
fn key_line(text: &str, from: usize, key: &str) -> Option<usize> {
    let key = key.split('.').next().unwrap_or(key);
    text.lines()
        .enumerate()
        .skip(from)
        .take_while(|(i, l)| *i + 1 == from || !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            let l = l.trim_start();
            let l = l.strip_prefix('"').unwrap_or(l);
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches('"').trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1)
}

/// The line (1-based) of the `n`-th `[[rule]]` header of a file.
fn rule_line(text: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("[[rule]]"))
        .nth(n)
        .map(|(i, _)| i + 1)
}

fn find_rule<'a>(code: &str, rules: &[&'a RuleMeta]) -> Option<&'a RuleMeta> {
    rules
        .iter()
        .copied()
        .find(|m| m.code.eq_ignore_ascii_case(code) || m.name == code)
}

fn unknown_rule(key: &str, code: &str) -> String {
    format!(
        "“{key}”：没有代码为“{code}”的规则（运行 {} rule 查看全部规则）",
        report_lint_core::program::name()
    )
}

fn section<'a>(key: &str, value: &'a toml::Value) -> Result<&'a toml::Table, String> {
    value
        .as_table()
        .ok_or_else(|| format!("“{key}”应为一个表（[{key}]）"))
}

/// A list of codes, code prefixes (`"B"`) or rule names; each must name at
/// least one registered rule.
fn code_list(key: &str, value: &toml::Value, rules: &[&RuleMeta]) -> Result<Vec<String>, String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("“{key}”应为代码列表，如 [\"B001\", \"S\"]"))?;
    items
        .iter()
        .map(|item| {
            let code = item
                .as_str()
                .ok_or_else(|| format!("“{key}”的每一项都应为字符串"))?;
            let known = code.eq_ignore_ascii_case("ALL")
                || rules
                    .iter()
                    .any(|m| m.code.starts_with(&code.to_ascii_uppercase()) || m.name == code);
            if known && !code.is_empty() {
                Ok(code.to_string())
            } else {
                Err(unknown_rule(key, code))
            }
        })
        .collect()
}

/// The line (1-based) of option `name` under `[rules.CODE]` (or written
/// as `CODE.name` under `[rules]`), for error messages.
fn option_line(text: &str, code: &str, name: &str) -> Option<usize> {
    let mut table = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            table = header.trim().replace(['"', ' '], "");
            continue;
        }
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().replace(['"', ' '], "");
        let full = if table.is_empty() {
            key
        } else {
            format!("{table}.{key}")
        };
        if full == format!("rules.{code}.{name}") {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;

    fn metas() -> Vec<&'static RuleMeta> {
        registry().expect("unique").iter().map(|r| r.meta).collect()
    }

    #[test]
    fn reads_every_section() {
        let text = r#"
            select = ["B", "S001"]
            ignore = ["D004"]
            [severity]
            P003 = "error"
            [per-file-ignores]
            "archive/**" = ["D003"]
            [rules.D003]
            agency-kind = "government"
        "#;
        let config = parse(text, &metas()).expect("valid");
        assert_eq!(
            config.select,
            Some(vec!["B".to_string(), "S001".to_string()])
        );
        assert_eq!(config.severity.get("P003"), Some(&Severity::Error));
        assert_eq!(
            config.options.str("D003", "agency-kind"),
            Some("government")
        );
        let base = PathBuf::from("/reports");
        let config = Config {
            base: Some(base.clone()),
            ..config
        };
        assert!(config
            .for_path(&base.join("archive/2019/a.txt"))
            .ignore
            .contains(&"D003".to_string()));
        assert!(!config
            .for_path(&base.join("2024/a.txt"))
            .ignore
            .contains(&"D003".to_string()));
    }

    #[test]
    fn unknown_keys_and_codes_are_errors_that_name_them() {
        let cases = [
            ("selekt = []", "selekt"),
            ("ignore = [\"Z999\"]", "Z999"),
            ("[severity]\nB001 = \"fatal\"", "severity.B001"),
            ("[rules.Q123]\nx = 1", "Q123"),
            ("select = \"B\"", "select"),
            ("select = [", "TOML"),
        ];
        for (text, named) in cases {
            let err = parse(text, &metas()).expect_err(text);
            assert!(err.contains(named), "{text}: {err}");
        }
    }

    #[test]
    fn rule_options_are_typed_and_errors_name_the_key_and_line() {
        let parse = |text: &str| parse(text, &metas());
        let ok = parse("[rules.D003]\nagency-kind = \"township\"\ndeadline = \"02-29\"\n")
            .expect("valid options");
        assert_eq!(ok.options.str("D003", "deadline"), Some("02-29"));

        let typo =
            parse("select = [\"D\"]\n\n[rules.D003]\nagency-kind = \"goverment\"\n").unwrap_err();
        assert!(
            typo.starts_with("第 4 行：“rules.D003.agency-kind”应为"),
            "{typo}"
        );
        assert!(
            typo.contains("\"government\""),
            "lists what is allowed: {typo}"
        );
        assert!(typo.contains("实为 \"goverment\""), "{typo}");

        let unknown = parse("[rules.D003]\nagency = \"government\"\n").unwrap_err();
        assert!(
            unknown.starts_with("第 2 行：“rules.D003.agency”"),
            "{unknown}"
        );
        assert!(unknown.contains("agency-kind、deadline"), "{unknown}");

        let none = parse("[rules]\nB001.strict = true\n").unwrap_err();
        assert_eq!(none, "第 2 行：“rules.B001.strict”：规则 B001 没有选项");

        for bad in ["\"13-01\"", "\"02-30\"", "\"1-31\"", "131"] {
            let err = parse(&format!("[rules.D003]\ndeadline = {bad}\n")).unwrap_err();
            assert!(err.contains("“月-日”形式的日期"), "{bad}: {err}");
        }
    }

    #[test]
    fn the_nearest_file_wins() {
        let dir = std::env::temp_dir().join(format!("rl-config-{}", std::process::id()));
        let inner = dir.join("a/b");
        std::fs::create_dir_all(&inner).expect("temp dir");
        std::fs::write(dir.join(FILE_NAME), "ignore = [\"B\"]").expect("write");
        std::fs::write(dir.join("a").join(FILE_NAME), "ignore = [\"S\"]").expect("write");
        assert_eq!(find(&inner), Some(dir.join("a").join(FILE_NAME)));
        let config = load(&dir.join("a").join(FILE_NAME), &metas()).expect("valid");
        assert_eq!(config.ignore, ["S"]);
        assert_eq!(config.base.as_deref(), Some(dir.join("a").as_path()));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_search_ends_at_the_repository_root() {
        let dir = tempdir("repo");
        let inner = dir.join("repo/reports");
        std::fs::create_dir_all(&inner).expect("temp dir");
        std::fs::create_dir_all(dir.join("repo/.git")).expect("temp dir");
        std::fs::write(dir.join(FILE_NAME), "ignore = [\"ALL\"]").expect("write");
        let search = search(&inner);
        assert_eq!(search.found, None);
        assert_eq!(search.stopped, Some(Stop::RepositoryRoot(dir.join("repo"))));
        // The repository's own file is found.
        std::fs::write(dir.join("repo").join(FILE_NAME), "").expect("write");
        assert_eq!(find(&inner), Some(dir.join("repo").join(FILE_NAME)));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[cfg(unix)]
    #[test]
    fn files_and_folders_of_other_users_are_passed_over() {
        use std::os::unix::fs::{chown, MetadataExt};
        let dir = tempdir("owners");
        std::fs::create_dir_all(dir.join("a/b")).expect("temp dir");
        std::fs::write(dir.join(FILE_NAME), "").expect("write");
        std::fs::write(dir.join("a").join(FILE_NAME), "ignore = [\"ALL\"]").expect("write");
        let root = rustix::process::geteuid().is_root();
        if !root {
            // Only root can give a file away; the owner is still compared.
            assert_eq!(find(&dir.join("a/b")), Some(dir.join("a").join(FILE_NAME)));
            std::fs::remove_dir_all(&dir).ok();
            return;
        }
        chown(dir.join("a").join(FILE_NAME), Some(65534), None).expect("chown");
        let found = search(&dir.join("a/b"));
        assert_eq!(found.found, Some(dir.join(FILE_NAME)));
        assert_eq!(
            found.skipped,
            [Skipped {
                path: dir.join("a").join(FILE_NAME),
                owner: 65534
            }]
        );
        // A folder of another user: nothing in it or above it is read.
        chown(dir.join("a"), Some(65534), None).expect("chown");
        let found = search(&dir.join("a/b"));
        assert_eq!(found.found, None);
        assert_eq!(
            found.stopped,
            Some(Stop::ForeignFolder {
                path: dir.join("a"),
                owner: 65534
            })
        );
        assert_eq!(std::fs::metadata(dir.join("a/b")).expect("b").uid(), 0);
        std::fs::remove_dir_all(&dir).ok();
    }

    /// A folder holding `report-lint.toml` and the given files.
    fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = tempdir(name);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("temp dir");
            std::fs::write(path, text).expect("write");
        }
        dir
    }

    const RULE: &str = "[[rule]]\ncode = \"CODE\"\nname = \"NAME\"\nmessage = \"第六部分应写明工作要点\"\nscope = \"part 6\"\nmust-mention = \"工作要点\"\n";

    fn rule(code: &str, name: &str) -> String {
        RULE.replace("CODE", code).replace("NAME", name)
    }

    #[test]
    fn included_rule_files_add_their_rules_named_by_their_file() {
        let nested = rule("Z502", "b");
        let included = format!("include = [\"more/b.toml\"]\n{}", rule("Z501", "a"));
        let dir = folder(
            "include",
            &[
                (FILE_NAME, "include = [\"rules/本省规则.toml\"]\nselect = [\"Z5\"]\n[severity]\nZ502 = \"error\"\n"),
                ("rules/本省规则.toml", &included),
                // Relative to the file that includes it.
                ("rules/more/b.toml", &nested),
            ],
        );
        let config = load(&dir.join(FILE_NAME), &metas()).expect("valid");
        let rules: Vec<(&str, PathBuf)> = config
            .declarative
            .0
            .iter()
            .map(|r| (r.meta.code, r.source.clone().expect("from a file")))
            .collect();
        assert_eq!(
            rules,
            [
                ("Z501", dir.join("rules/本省规则.toml")),
                ("Z502", dir.join("rules/more/b.toml")),
            ]
        );
        assert_eq!(config.select, Some(vec!["Z5".to_string()]));
        assert_eq!(config.severity.get("Z502"), Some(&Severity::Error));
        assert_eq!(
            config.declarative.0[1].meta.pack,
            dir.join("rules/more/b.toml").display().to_string()
        );

        // What an included file says is part of the cache key.
        let before = config.declarative.fingerprint();
        std::fs::write(
            dir.join("rules/more/b.toml"),
            nested.replace("工作要点", "工作任务"),
        )
        .expect("write");
        let after = load(&dir.join(FILE_NAME), &metas()).expect("valid");
        assert_ne!(after.declarative.fingerprint(), before);
        assert_ne!(after, config);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn mistakes_in_included_files_name_the_file_and_the_line() {
        let main = "# 本省规则\ninclude = [\"rules/x.toml\"]\n";
        let bad_regex = rule("Z501", "a").replace("must-mention = ", "\nmust-mention-pattern = ");
        let bad_regex = bad_regex.replace("\"工作要点\"", "\"(工作要点\"");
        // (included file, what the message names, the file named, its line)
        let cases: Vec<(String, &str, &str, usize)> = vec![
            (format!("\n{bad_regex}"), "正则表达式", "rules/x.toml", 8),
            (
                rule("Z501", "a").replace("scope", "\nscopes"),
                "未知的键“scopes”",
                "rules/x.toml",
                6,
            ),
            (rule("B001", "a"), "Z100–Z999", "rules/x.toml", 2),
            (rule("Z501", "blank-cell"), "C001", "rules/x.toml", 3),
            (
                format!("{}\n{}", rule("Z501", "a"), rule("Z501", "b")),
                "重复",
                "rules/x.toml",
                9,
            ),
            (
                format!("\n\nignore = [\"B\"]\n{}", rule("Z501", "a")),
                "只能写 [[rule]] 和 include",
                "rules/x.toml",
                3,
            ),
            ("[[rule]\n".to_string(), "TOML", "rules/x.toml", 1),
            (
                "include = [\"../report-lint.toml\"]\n".to_string(),
                "已被包含过",
                "rules/x.toml",
                1,
            ),
        ];
        for (included, named, file, line) in cases {
            let dir = folder(
                "include-errors",
                &[(FILE_NAME, main), ("rules/x.toml", &included)],
            );
            let err = load(&dir.join(FILE_NAME), &metas()).expect_err(&included);
            assert_eq!(err.path, dir.join(file), "{included}: {err}");
            assert!(err.message.contains(named), "{included}: {err}");
            assert!(
                err.message.contains(&format!("第 {line} 行")),
                "{included}: line {line}: {err}"
            );
            std::fs::remove_dir_all(&dir).ok();
        }
        // A code the including file already uses: the second is refused,
        // and the message names where the first is.
        let dir = folder(
            "include-clash",
            &[
                (
                    FILE_NAME,
                    &format!("include = [\"x.toml\"]\n{}", rule("Z501", "a")),
                ),
                ("x.toml", &rule("Z501", "b")),
            ],
        );
        let err = load(&dir.join(FILE_NAME), &metas()).expect_err("clash");
        assert_eq!(err.path, dir.join("x.toml"));
        assert!(
            err.message.contains("Z501")
                && err
                    .message
                    .contains(&dir.join(FILE_NAME).display().to_string()),
            "{err}"
        );
        // A file that is not there: the including file's line says so.
        std::fs::write(dir.join(FILE_NAME), "\ninclude = [\"nowhere.toml\"]\n").expect("write");
        let err = load(&dir.join(FILE_NAME), &metas()).expect_err("missing");
        assert_eq!(err.path, dir.join(FILE_NAME));
        assert!(
            err.message.contains("nowhere.toml") && err.message.contains("第 2 行"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    fn tempdir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rl-config-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        dir
    }
}
