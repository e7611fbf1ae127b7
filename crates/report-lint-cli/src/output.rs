//! Output of `check` and `fix` in every format, in two halves:
//!
//! - [`Renderer`] turns one file's findings into text; it is shared by the
//!   worker threads, so rendering (the costly part) runs in parallel.
//! - [`Printer`] writes rendered files to stdout in order, on the main
//!   thread, with whatever the format needs around them (the `[` … `]` of
//!   JSON, the SARIF run, the CSV header). Nothing of a file is kept once
//!   written, so memory does not grow with the number of files.
//!
//! Document layouts (all pretty-printed like `serde_json::to_writer_pretty`):
//! - `json`: the DESIGN.md array of findings; cross-year findings last.
//! - `json-report`: `{ "version", "files": [{path, agency, year, template,
//!   diagnostics, checks}], "cross_year": [findings], "failures": [{path,
//!   message}], "summary": {…, statistics} }`.
//! - `sarif`: one run; results in file order, cross-year results last.
//! - `html`: one standalone page (report-lint-html): an index of the files,
//!   then each report. The index comes first, so the articles are kept
//!   until the end (the only format whose memory grows with the files).

use crate::args::Format;
use crate::json_stream::{pretty_at, ArrayStream};
use crate::render_csv;
use crate::render_github;
use crate::render_json;
use crate::render_sarif;
use crate::render_text;
use crate::summary::Tally;
use report_lint_core::{Report, SourceFile, TemplateVersion};
use report_lint_rules::identities::IdentityCheck;
use report_lint_rules::{Diagnostic, RuleMeta};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use std::io::{self, Write};

/// What json-report says about a report besides its findings.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub agency: Option<String>,
    pub year: Option<u16>,
    /// `"2019"`, `"2021"` or null when the tables matched neither template.
    pub template: Option<&'static str>,
}

/// Facts read back from the result cache.
#[derive(Deserialize)]
struct StoredFacts {
    agency: Option<String>,
    year: Option<u16>,
    template: Option<String>,
}

impl<'de> Deserialize<'de> for Facts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Facts, D::Error> {
        let stored = StoredFacts::deserialize(deserializer)?;
        let template = match stored.template {
            None => None,
            Some(year) => Some(
                [TemplateVersion::V2019, TemplateVersion::V2021]
                    .into_iter()
                    .filter_map(template_year)
                    .find(|t| *t == year)
                    .ok_or_else(|| serde::de::Error::custom(format!("no template {year}")))?,
            ),
        };
        Ok(Facts {
            agency: stored.agency,
            year: stored.year,
            template,
        })
    }
}

impl Facts {
    pub fn of(report: &Report) -> Facts {
        Facts {
            agency: report.meta.agency.as_ref().map(|a| a.value.clone()),
            year: report.meta.year.as_ref().map(|y| y.value),
            template: template_year(report.template),
        }
    }
}

pub fn template_year(version: TemplateVersion) -> Option<&'static str> {
    match version {
        TemplateVersion::V2019 => Some("2019"),
        TemplateVersion::V2021 => Some("2021"),
        TemplateVersion::Unknown => None,
    }
}

/// One linted file, as the renderer sees it.
pub struct FileView<'a> {
    pub source: &'a SourceFile,
    pub diagnostics: &'a [Diagnostic],
    pub facts: Facts,
    /// The identities whose rules ran, when [`Renderer::wants_checks`].
    pub checks: &'a [IdentityCheck],
}

/// A file's output: `text` is written as is, `items` are elements of the
/// document's array (JSON findings, SARIF results, json-report files).
#[derive(Debug, Default)]
pub struct Rendered {
    pub text: String,
    pub items: Vec<String>,
    /// `html`: the file's entry of the page.
    pub entry: Option<report_lint_html::Entry>,
}

pub struct Renderer {
    format: Format,
    color: bool,
    show_checks: bool,
    /// Codes of the SARIF driver's rules, in order.
    codes: Vec<&'static str>,
}

impl Renderer {
    pub fn new(format: Format, color: bool, show_checks: bool, rules: &[&RuleMeta]) -> Renderer {
        Renderer {
            format,
            color,
            show_checks,
            codes: rules.iter().map(|m| m.code).collect(),
        }
    }

    /// Whether [`FileView::checks`] is shown, so worth computing.
    pub fn wants_checks(&self) -> bool {
        match self.format {
            Format::Text => self.show_checks,
            Format::JsonReport | Format::Html => true,
            _ => false,
        }
    }

    pub fn file(&self, view: &FileView) -> Rendered {
        if self.format == Format::Html {
            return html_entry(
                &view.source.name,
                view.source,
                view.diagnostics,
                view.checks,
            );
        }
        if self.format == Format::JsonReport {
            let file = JsonFile {
                path: &view.source.name,
                facts: &view.facts,
                diagnostics: render_json::convert(view.source, view.diagnostics),
                checks: view.checks.iter().map(JsonCheck::of).collect(),
            };
            return Rendered {
                items: vec![pretty_at(&file, 0)],
                ..Rendered::default()
            };
        }
        let mut rendered = self.findings(view.source, view.diagnostics);
        if self.format == Format::Text && self.show_checks {
            if let Some(line) = render_text::checks_line(&view.source.name, view.checks) {
                rendered.text.push_str(&line);
                rendered.text.push('\n');
            }
        }
        rendered
    }

    /// Findings alone: cross-year findings, found after their file was printed.
    pub fn findings(&self, source: &SourceFile, diagnostics: &[Diagnostic]) -> Rendered {
        let mut rendered = Rendered::default();
        match self.format {
            Format::Text => {
                let mut out = Vec::new();
                // Rendering into memory fails only on a codespan bug; show what was rendered.
                let _ = render_text::render_diagnostics(&mut out, self.color, source, diagnostics);
                rendered.text = String::from_utf8_lossy(&out).into_owned();
            }
            Format::Json | Format::JsonReport => {
                rendered.items = render_json::convert(source, diagnostics)
                    .iter()
                    .map(|d| pretty_at(d, 0))
                    .collect();
            }
            Format::Sarif => {
                let index = |code: &str| self.codes.iter().position(|c| *c == code);
                rendered.items = render_sarif::results(source, diagnostics, &index)
                    .iter()
                    .map(|r| pretty_at(r, 0))
                    .collect();
            }
            Format::Github => rendered.text = render_github::lines(source, diagnostics),
            Format::Csv => rendered.text = render_csv::rows(source, diagnostics),
            Format::Html => {
                let name = format!("{}（跨年度对照）", source.name);
                rendered = html_entry(&name, source, diagnostics, &[]);
            }
        }
        rendered
    }
}

/// A file's entry of the `html` page. Ids come from the name (a hash), as
/// the worker rendering it does not know its place in the page.
fn html_entry(
    name: &str,
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    checks: &[IdentityCheck],
) -> Rendered {
    let id = blake3::hash(name.as_bytes()).to_hex()[..16].to_string();
    let view = report_lint_html::ReportView {
        source,
        diagnostics,
        checks,
    };
    let mut codes: Vec<&'static str> = diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    Rendered {
        entry: Some(report_lint_html::Entry {
            name: name.to_string(),
            id: id.clone(),
            report: Some((
                report_lint_html::article(&view, &id),
                report_lint_html::Counts::of(diagnostics),
            )),
            failure: None,
            codes,
        }),
        ..Rendered::default()
    }
}

/// A file of json-report.
#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    #[serde(flatten)]
    facts: &'a Facts,
    diagnostics: Vec<render_json::JsonDiagnostic>,
    checks: Vec<JsonCheck>,
}

/// One identity of json-report's `checks`.
#[derive(Serialize)]
struct JsonCheck {
    rule: &'static str,
    name: &'static str,
    /// `held`, `failed`, `partly-checked` or `unchecked`.
    verdict: &'static str,
    /// The same in Chinese: 成立, 不成立, 部分核对, 无法核对.
    verdict_text: &'static str,
    held: usize,
    failed: usize,
    unchecked: usize,
    /// Why nothing could be checked ("未找到表四").
    missing: Option<&'static str>,
}

impl JsonCheck {
    fn of(check: &IdentityCheck) -> JsonCheck {
        let verdict_text = check.verdict();
        JsonCheck {
            rule: check.rule,
            name: check.name,
            verdict: match verdict_text {
                "成立" => "held",
                "不成立" => "failed",
                "部分核对" => "partly-checked",
                _ => "unchecked",
            },
            verdict_text,
            held: check.held,
            failed: check.failed,
            unchecked: check.unchecked,
            missing: check.missing,
        }
    }
}

/// A file that could not be read, decoded or written.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub path: String,
    pub message: String,
}

/// Whether findings are now cross-year ones, and whether text said so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CrossYear {
    Not,
    Begun,
    Announced,
}

pub struct Printer {
    format: Format,
    /// `html`: the page's files, written at the end.
    entries: Vec<report_lint_html::Entry>,
    stream: Option<ArrayStream>,
    cross_year: CrossYear,
    failures: Vec<Failure>,
}

impl Printer {
    /// Writes what comes before the first file.
    pub fn begin(format: Format, rules: &[&RuleMeta], out: &mut dyn Write) -> io::Result<Printer> {
        let stream = match format {
            Format::Text | Format::Github | Format::Html => None,
            Format::Csv => {
                out.write_all(render_csv::BOM.as_bytes())?;
                out.write_all(render_csv::record(render_csv::HEADER).as_bytes())?;
                None
            }
            Format::Json => {
                write!(out, "[")?;
                Some(ArrayStream::new(2))
            }
            Format::JsonReport => {
                write!(out, "{{\n  \"version\": 1,\n  \"files\": [")?;
                Some(ArrayStream::new(4))
            }
            Format::Sarif => {
                write!(
                    out,
                    "{{\n  \"$schema\": \"{}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {{\n        \"driver\": {}\n      }},\n      \"columnKind\": \"unicodeCodePoints\",\n      \"originalUriBaseIds\": {},\n      \"results\": [",
                    render_sarif::SCHEMA,
                    pretty_at(&render_sarif::driver(rules), 8),
                    pretty_at(&render_sarif::uri_base_ids(), 6),
                )?;
                Some(ArrayStream::new(8))
            }
        };
        Ok(Printer {
            format,
            entries: Vec::new(),
            stream,
            cross_year: CrossYear::Not,
            failures: Vec::new(),
        })
    }

    pub fn write(&mut self, out: &mut dyn Write, rendered: &Rendered) -> io::Result<()> {
        if self.cross_year == CrossYear::Begun
            && self.format == Format::Text
            && !rendered.text.is_empty()
        {
            writeln!(out, "跨年度对照（与同一机关上一年度的报告）：\n")?;
            self.cross_year = CrossYear::Announced;
        }
        out.write_all(rendered.text.as_bytes())?;
        if let Some(entry) = &rendered.entry {
            self.entries.push(entry.clone());
        }
        if let Some(stream) = &mut self.stream {
            for item in &rendered.items {
                stream.push(out, item)?;
            }
        }
        Ok(())
    }

    /// From here on, findings are cross-year ones (json-report keeps them apart).
    pub fn begin_cross_year(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.format == Format::JsonReport && self.cross_year == CrossYear::Not {
            if let Some(files) = self.stream.take() {
                files.close(out)?;
            }
            write!(out, ",\n  \"cross_year\": [")?;
            self.stream = Some(ArrayStream::new(4));
        }
        if self.cross_year == CrossYear::Not {
            self.cross_year = CrossYear::Begun;
        }
        Ok(())
    }

    /// Remembers a file that could not be processed (json-report, SARIF).
    pub fn failure(&mut self, path: &str, message: &str) {
        if self.format == Format::Html {
            self.entries.push(report_lint_html::Entry {
                name: path.to_string(),
                id: blake3::hash(path.as_bytes()).to_hex()[..16].to_string(),
                report: None,
                failure: Some(message.to_string()),
                codes: Vec::new(),
            });
        }
        if matches!(self.format, Format::JsonReport | Format::Sarif) {
            self.failures.push(Failure {
                path: path.to_string(),
                message: message.to_string(),
            });
        }
    }

    /// Writes what comes after the last file.
    pub fn finish(mut self, out: &mut dyn Write, tally: &Tally) -> io::Result<()> {
        match self.format {
            Format::Text | Format::Github | Format::Csv => Ok(()),
            Format::Html => {
                let mut codes: Vec<&str> = self
                    .entries
                    .iter()
                    .flat_map(|e| e.codes.iter().copied())
                    .collect();
                codes.sort_unstable();
                codes.dedup();
                let page = report_lint_html::document(
                    "政府信息公开工作年度报告检查结果",
                    &self.entries,
                    &codes,
                );
                out.write_all(page.as_bytes())
            }
            Format::Json => {
                if let Some(stream) = self.stream.take() {
                    stream.close(out)?;
                }
                writeln!(out)
            }
            Format::JsonReport => {
                self.begin_cross_year(out)?;
                if let Some(stream) = self.stream.take() {
                    stream.close(out)?;
                }
                writeln!(
                    out,
                    ",\n  \"failures\": {},\n  \"summary\": {}\n}}",
                    pretty_at(&self.failures, 2),
                    pretty_at(&tally.to_json(), 2)
                )
            }
            Format::Sarif => {
                if let Some(stream) = self.stream.take() {
                    stream.close(out)?;
                }
                let notifications: Vec<Value> = self
                    .failures
                    .iter()
                    .map(|f| {
                        json!({
                            "level": "error",
                            "message": {"text": f.message},
                            "locations": [{"physicalLocation": {
                                "artifactLocation": render_sarif::artifact_location(&f.path),
                            }}],
                        })
                    })
                    .collect();
                let invocations = json!([{
                    "executionSuccessful": self.failures.is_empty(),
                    "toolExecutionNotifications": notifications,
                }]);
                writeln!(
                    out,
                    ",\n      \"invocations\": {}\n    }}\n  ]\n}}",
                    pretty_at(&invocations, 6)
                )
            }
        }
    }
}
