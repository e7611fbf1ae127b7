//! A `report-lint.toml` given to the page as text: read by the CLI's own
//! reader (`config_file::parse`, so a file means the same on the page as
//! with `--config`), an error located on its line for the user, and a
//! one-line description of what it changes.

use report_lint_rules::{config_file, registry, Config, RuleMeta};

/// The configuration of `text`; empty text is the defaults. The error
/// names the line where it could be found.
pub fn parse(text: &str) -> Result<Config, String> {
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    let rules = registry().map_err(|e| e.to_string())?;
    let metas: Vec<&RuleMeta> = rules.iter().map(|r| r.meta).collect();
    config_file::parse(text, &metas)
}

/// What a configuration changes, for the page: `select B, S；ignore D004；
/// 2 条级别调整；1 条自定义规则（Z101）`.
pub fn describe(config: &Config) -> String {
    let mut parts = Vec::new();
    if let Some(select) = &config.select {
        parts.push(format!("只运行 {}", select.join("、")));
    }
    if !config.ignore.is_empty() {
        parts.push(format!("不运行 {}", config.ignore.join("、")));
    }
    if !config.severity.is_empty() {
        parts.push(format!("{} 条级别调整", config.severity.len()));
    }
    if !config.options.by_rule.is_empty() {
        parts.push(format!("{} 条规则的选项", config.options.by_rule.len()));
    }
    if !config.per_file_ignores.is_empty() {
        parts.push(format!(
            "{} 条按文件名忽略",
            config.per_file_ignores.entries().len()
        ));
    }
    let declared: Vec<&str> = config.declarative.metas().map(|m| m.code).collect();
    if !declared.is_empty() {
        parts.push(format!(
            "{} 条自定义规则（{}）",
            declared.len(),
            declared.join("、")
        ));
    }
    if parts.is_empty() {
        "与默认配置相同".into()
    } else {
        parts.join("；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_the_defaults() {
        assert_eq!(parse("  \n").unwrap(), Config::default());
    }

    #[test]
    fn errors_name_their_line() {
        let bad_syntax = "ignore = [\"D004\"]\n\nselect = [\"B\"\n";
        let e = parse(bad_syntax).unwrap_err();
        assert!(e.starts_with("第 3 行") || e.starts_with("第 4 行"), "{e}");
        let unknown_key = "ignore = [\"D004\"]\nfoo = 1\n";
        assert!(parse(unknown_key).unwrap_err().starts_with("第 2 行："));
        let unknown_code = "ignore = [\"D004\"]\n[severity]\nX999 = \"error\"\n";
        let e = parse(unknown_code).unwrap_err();
        assert!(e.starts_with("第 3 行：") && e.contains("X999"), "{e}");
        let bad_rule = "ignore = [\"D004\"]\n\n[[rule]]\ncode = \"Z101\"\n";
        let e = parse(bad_rule).unwrap_err();
        assert!(e.contains("第 3 行"), "{e}");
    }

    #[test]
    fn a_description_lists_what_changes() {
        let config = parse(
            "ignore = [\"D004\"]\n[[rule]]\ncode = \"Z101\"\nname = \"fee\"\nmessage = \"m\"\n\
             scope = \"part 6\"\nmust-mention = \"信息处理费\"\n",
        )
        .unwrap();
        assert_eq!(describe(&config), "不运行 D004；1 条自定义规则（Z101）");
        assert_eq!(describe(&Config::default()), "与默认配置相同");
    }
}
