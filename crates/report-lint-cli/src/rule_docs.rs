//! `report-lint rule [CODE]`: one rule's documentation, or the table of all
//! linked rules (built-ins and packs alike) and of the rules written in the
//! configuration file of the current folder and the files it includes
//! (`[[rule]]`, each named by its file).

use crate::args::{RuleArgs, TextOrJson};
use crate::check::usage_error;
use crate::console::Console;
use crate::width::str_width;
use report_lint_rules::{registry, FixAvailability, RuleMeta};
use std::io::{self, Write};

pub fn rule(args: &RuleArgs, console: &mut Console) -> io::Result<i32> {
    let rules = match registry() {
        Ok(rules) => rules,
        Err(duplicate) => return usage_error(console, &duplicate.to_string()),
    };
    let mut metas: Vec<&RuleMeta> = rules.iter().map(|r| r.meta).collect();
    // Rules written in the configuration this folder uses, named by it.
    let found = std::env::current_dir()
        .ok()
        .and_then(|dir| report_lint_rules::config_file::search(&dir).found);
    if let Some(path) = found {
        match report_lint_rules::config_file::load(&path, &metas) {
            // Each names the file it is written in (`report-lint.toml`
            // or a rule file it includes) as its source.
            Ok(config) => metas.extend(config.declarative.metas()),
            Err(e) => return usage_error(console, &e.to_string()),
        }
    }
    let out = &mut *console.stdout;
    match &args.code {
        None => match args.format {
            TextOrJson::Text => write_table(out, &metas)?,
            TextOrJson::Json => write_json(out, &metas)?,
        },
        Some(code) => {
            let found = metas
                .iter()
                .find(|m| m.code.eq_ignore_ascii_case(code) || m.name == code.as_str());
            let Some(meta) = found else {
                let message = format!(
                    "没有代码或名称为“{code}”的规则（用 `{} rule` 查看全部规则）",
                    report_lint_core::program::name()
                );
                return usage_error(console, &message);
            };
            match args.format {
                TextOrJson::Text => write_docs(out, meta)?,
                TextOrJson::Json => write_json(out, meta)?,
            }
        }
    }
    Ok(0)
}

fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

fn write_docs(out: &mut dyn Write, meta: &RuleMeta) -> io::Result<()> {
    writeln!(out, "{} {}", meta.code, meta.name)?;
    writeln!(out, "{}", meta.summary)?;
    writeln!(out)?;
    writeln!(out, "类别：{}", meta.family)?;
    writeln!(out, "来源：{}", meta.pack)?;
    writeln!(out, "默认级别：{}", meta.severity.as_str())?;
    writeln!(out, "自动修复：{}", fix_text(meta.fix))?;
    writeln!(out)?;
    writeln!(out, "{}", meta.documentation())?;
    Ok(())
}

fn fix_text(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::None => "无",
        FixAvailability::Sometimes => "部分情况下提供",
        FixAvailability::Always => "提供",
    }
}

/// The summary, the widest column, comes last so it needs no padding.
fn write_table(out: &mut dyn Write, metas: &[&RuleMeta]) -> io::Result<()> {
    let header = ["代码", "名称", "级别", "来源", "说明"];
    let rows: Vec<[&str; 5]> = metas
        .iter()
        .map(|m| [m.code, m.name, m.severity.as_str(), m.pack, m.summary])
        .collect();
    let mut widths = [0; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(str_width(cell));
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            line.push_str(cell);
            line.push_str(&" ".repeat(width - str_width(cell) + 2));
        }
        line.push_str(row[4]);
        writeln!(out, "{line}")?;
    }
    Ok(())
}
