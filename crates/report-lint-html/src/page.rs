//! The standalone document: style inlined, no script, no request; an index
//! of the files (status and counts, failures with their reason), then each
//! report's article, then the documentation of the rules that found
//! something.

use crate::article::Counts;
use crate::escape::escape;
use report_lint_rules::find_rule;
use std::fmt::Write;

/// The style of the articles, shared with the web page.
pub const STYLE: &str = include_str!("report.css");

/// A file of the batch.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    /// The id its article was rendered with.
    pub id: String,
    /// Its article (see [`crate::article`]) and counts; `None` when it
    /// could not be read.
    pub report: Option<(String, Counts)>,
    /// Why it could not be read.
    pub failure: Option<String>,
    /// The rules that found something in it.
    pub codes: Vec<&'static str>,
}

/// The whole page for a batch.
pub fn document(title: &str, entries: &[Entry], codes: &[&str]) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body class=\"standalone\"><main>\
         <h1>{}</h1>",
        escape(title),
        escape(title)
    );
    out.push_str(&index(entries));
    for entry in entries {
        let id = &entry.id;
        match (&entry.report, &entry.failure) {
            (Some((article, _)), _) => out.push_str(article),
            (None, Some(message)) => {
                let _ = write!(
                    out,
                    "<article class=\"report failed\" id=\"r{id}\"><header><h2>{}</h2>\
                     <p class=\"status failed\">无法读取：{}</p></header></article>",
                    escape(&entry.name),
                    escape(message)
                );
            }
            (None, None) => {}
        }
    }
    out.push_str(&rule_docs(codes));
    out.push_str("</main></body></html>\n");
    out
}

/// The index: one row per file, linking to its article.
fn index(entries: &[Entry]) -> String {
    let mut total = Counts::default();
    let mut rows = String::new();
    for entry in entries {
        let (name, id) = (escape(&entry.name), &entry.id);
        match &entry.report {
            Some((_, counts)) => {
                total.error += counts.error;
                total.warning += counts.warning;
                total.info += counts.info;
                let (class, text) = counts.status();
                let _ = write!(
                    rows,
                    "<tr class=\"{class}\"><td><a href=\"#r{id}\">{name}</a></td><td>{text}</td>\
                     <td>{}</td><td>{}</td><td>{}</td></tr>",
                    counts.error, counts.warning, counts.info
                );
            }
            None => {
                let _ = write!(
                    rows,
                    "<tr class=\"failed\"><td><a href=\"#r{id}\">{name}</a></td><td>无法读取</td>\
                     <td></td><td></td><td></td></tr>"
                );
            }
        }
    }
    format!(
        "<section class=\"index\"><p>共 {} 个文件；{}</p><table><thead><tr><th>文件</th><th>结果</th>\
         <th>错误</th><th>警告</th><th>提示</th></tr></thead><tbody>{rows}</tbody></table></section>",
        entries.len(),
        total.describe()
    )
}

/// The documentation of these rules, each in a `<details id="rule-CODE">`.
pub fn rule_docs(codes: &[&str]) -> String {
    if codes.is_empty() {
        return String::new();
    }
    let mut out = String::from("<section class=\"rules\"><h2>规则说明</h2>");
    for code in codes {
        // A rule of a report-lint.toml is not in the registry.
        let Some(meta) = find_rule(code)
            .map(|r| r.meta)
            .or_else(|| report_lint_rules::declarative::read_meta(code))
        else {
            continue;
        };
        let _ = write!(
            out,
            "<details id=\"rule-{}\"><summary><code>{}</code> {}：{}</summary><div class=\"doc-text\">{}</div></details>",
            meta.code,
            meta.code,
            meta.name,
            escape(meta.summary),
            crate::markdown::to_html(&meta.documentation())
        );
    }
    out.push_str("</section>");
    out
}
