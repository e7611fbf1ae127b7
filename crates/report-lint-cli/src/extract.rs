//! `report-lint extract`: the figures of tables 二, 三 and 四 as data, so
//! that a supervisor can put every agency's report in one spreadsheet.
//!
//! - JSON: an array with one object per report (path, agency, year,
//!   template, `proactive` blocks, `requests` rows, `review` cells).
//! - CSV: one row per report and one column per cell, the same columns for
//!   every report (both templates' cells, the other template's left empty):
//!   `二.规章.本年制发件数`, `三.一.自然人` … `三.三（三）1.总计` … `四.总计`,
//!   `四.行政复议.结果维持` …
//!
//! Blank, `/`, text or unreadable cells are null in JSON and empty in CSV.
//! A CSV cell a spreadsheet would run as a formula (a file name or an
//! agency starting with `=`…) is made text ([`render_csv::neutralise`]).

use crate::args::{ExtractArgs, ExtractFormat};
use crate::check::collect_inputs;
use crate::console::Console;
use crate::input::{self, NoReport, Pending, ReadError};
use crate::json_stream::{pretty_at, ArrayStream};
use crate::ordered::{default_window, for_each_ordered};
use crate::output::template_year;
use crate::render_csv;
use crate::summary::Tally;
use report_lint_core::labels;
use report_lint_core::template::{
    ProactiveBlockSpec, RequestRow, TemplateVersion, PROACTIVE_2019, PROACTIVE_2021,
    REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS,
};
use report_lint_core::{Cell, CellValue, Report};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{self, Write};

pub fn extract(args: &ExtractArgs, console: &mut Console) -> io::Result<i32> {
    let stdin_filename = args.stdin_filename.as_deref();
    let mut tally = Tally::default();
    let inputs = collect_inputs(&args.paths, stdin_filename, console, &mut tally)?;
    let columns = csv_columns();
    let mut array = match args.format {
        ExtractFormat::Json => {
            write!(console.stdout, "[")?;
            Some(ArrayStream::new(2))
        }
        ExtractFormat::Csv => {
            console.stdout.write_all(render_csv::BOM.as_bytes())?;
            let header = columns.iter().map(|c| c.name.as_str());
            console
                .stdout
                .write_all(render_csv::record(header).as_bytes())?;
            None
        }
    };
    let Console {
        stdin,
        stdout,
        stderr,
        ..
    } = console;
    let jobs = inputs
        .items
        .iter()
        .map(|input| Pending::new(input, stdin_filename, &mut **stdin));
    let format = args.format;
    let mut index = 0;
    for_each_ordered(
        jobs,
        default_window(),
        |pending| extract_one(pending.open(), format, &columns),
        |outcome| -> io::Result<()> {
            let name = input::input_name(&inputs.items[index], stdin_filename);
            index += 1;
            match outcome {
                Ok(Extracted::Record(text)) => {
                    tally.files += 1;
                    match &mut array {
                        Some(array) => array.push(&mut **stdout, &text),
                        None => stdout.write_all(text.as_bytes()),
                    }
                }
                Ok(Extracted::Skipped) => {
                    tally.skipped += 1;
                    Ok(())
                }
                Ok(Extracted::Failed(err)) => {
                    tally.failed += 1;
                    writeln!(stderr, "{}: {}", err.path, err.message)
                }
                Err(panic) => {
                    tally.failed += 1;
                    writeln!(stderr, "{name}: 内部错误：{panic}")
                }
            }
        },
    )?;
    if let Some(array) = array {
        array.close(&mut **stdout)?;
        writeln!(stdout)?;
    }
    let skipped = if tally.skipped > 0 {
        format!("（跳过 {} 个非年报文件）", tally.skipped)
    } else {
        String::new()
    };
    writeln!(stderr, "导出了 {} 份报告{skipped}", tally.files)?;
    Ok(if tally.failed > 0 { 2 } else { 0 })
}

enum Extracted {
    /// A JSON object (pretty, depth 0) or a CSV record.
    Record(String),
    Skipped,
    Failed(ReadError),
}

fn extract_one(
    report: Result<Report, NoReport>,
    format: ExtractFormat,
    columns: &[Column],
) -> Extracted {
    let report = match report {
        Ok(report) => report,
        Err(NoReport::Skipped) => return Extracted::Skipped,
        Err(NoReport::Failed(err)) => return Extracted::Failed(err),
    };
    match format {
        ExtractFormat::Json => Extracted::Record(pretty_at(&report_json(&report), 0)),
        ExtractFormat::Csv => {
            let cells = cells_by_column(&report);
            let row = columns.iter().map(|c| match c.name.as_str() {
                META_PATH => report.source.name.clone(),
                META_AGENCY => report
                    .meta
                    .agency
                    .as_ref()
                    .map_or(String::new(), |a| a.value.clone()),
                META_YEAR => report
                    .meta
                    .year
                    .as_ref()
                    .map_or(String::new(), |y| y.value.to_string()),
                META_TEMPLATE => template_year(report.template).unwrap_or("").to_string(),
                name => cells.get(name).cloned().unwrap_or_default(),
            });
            Extracted::Record(render_csv::record(row))
        }
    }
}

// ------------------------------------------------------------------ JSON

/// One report in JSON; fields in this order.
#[derive(Serialize)]
struct JsonReport<'a> {
    path: &'a str,
    agency: Option<&'a str>,
    year: Option<u16>,
    template: Option<&'static str>,
    /// Table 二 as read: each 第二十条 block with its columns and rows.
    proactive: Option<Vec<JsonBlock<'a>>>,
    requests: Option<JsonRequests>,
    review: Option<JsonReview>,
}

#[derive(Serialize)]
struct JsonBlock<'a> {
    item: Option<u8>,
    columns: Vec<&'a str>,
    rows: Vec<JsonRow<'a>>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    label: &'a str,
    values: Vec<Value>,
}

#[derive(Serialize)]
struct JsonRequests {
    columns: [&'static str; 7],
    rows: Vec<JsonRequestRow>,
}

#[derive(Serialize)]
struct JsonRequestRow {
    /// `三（三）1`: the row's place in the template (see [`row_key`]).
    key: String,
    /// The template's wording of the row.
    label: String,
    readable: bool,
    values: Vec<Value>,
}

#[derive(Serialize)]
struct JsonReview {
    columns: Vec<String>,
    readable: bool,
    values: Vec<Value>,
}

fn report_json(report: &Report) -> JsonReport<'_> {
    let version = report.template;
    let cells = |cells: &[Cell], readable: bool, n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| match cells.get(i) {
                Some(c) if readable => number(&c.value),
                _ => Value::Null,
            })
            .collect()
    };
    JsonReport {
        path: &report.source.name,
        agency: report.meta.agency.as_ref().map(|a| a.value.as_str()),
        year: report.meta.year.as_ref().map(|y| y.value),
        template: template_year(version),
        proactive: report.tables.proactive.as_ref().map(|t| {
            t.blocks
                .iter()
                .map(|b| JsonBlock {
                    item: b.item,
                    columns: b.columns.iter().map(|c| c.text.as_str()).collect(),
                    rows: b
                        .rows
                        .iter()
                        .map(|r| JsonRow {
                            label: &r.label.text,
                            values: r.cells.iter().map(|c| number(&c.value)).collect(),
                        })
                        .collect(),
                })
                .collect()
        }),
        requests: report.tables.requests.as_ref().map(|t| JsonRequests {
            columns: REQUEST_COLUMNS,
            rows: t
                .rows
                .iter()
                .map(|r| JsonRequestRow {
                    key: row_key(r.key),
                    label: r.key.label(label_version(version)),
                    readable: r.readable,
                    values: cells(&r.cells, r.readable, REQUEST_COLUMNS.len()),
                })
                .collect(),
        }),
        review: report.tables.review.as_ref().map(|t| JsonReview {
            columns: review_names(),
            readable: t.readable,
            values: cells(
                &t.cells,
                t.readable,
                REVIEW_GROUPS.len() * REVIEW_COLUMNS.len(),
            ),
        }),
    }
}

fn label_version(version: TemplateVersion) -> TemplateVersion {
    match version {
        TemplateVersion::Unknown => TemplateVersion::V2021,
        v => v,
    }
}

/// A count or amount as a JSON number; anything else is null.
fn number(value: &CellValue) -> Value {
    match value {
        CellValue::Count(n) => json!(n),
        CellValue::Number(d) if d.scale == 0 => {
            i64::try_from(d.mantissa).map_or(Value::Null, |n| json!(n))
        }
        CellValue::Number(d) => d
            .to_string()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        _ => Value::Null,
    }
}

/// A cell as spreadsheet text; empty when it holds no number.
fn text(value: &CellValue) -> String {
    match value {
        CellValue::Count(n) => n.to_string(),
        CellValue::Number(d) => d.to_string(),
        _ => String::new(),
    }
}

// ------------------------------------------------------------------- CSV

const META_PATH: &str = "文件";
const META_AGENCY: &str = "机关";
const META_YEAR: &str = "年度";
const META_TEMPLATE: &str = "模板";

struct Column {
    name: String,
}

/// Every column of the CSV, the same for every report.
fn csv_columns() -> Vec<Column> {
    let mut names: Vec<String> = [META_PATH, META_AGENCY, META_YEAR, META_TEMPLATE]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for spec in PROACTIVE_2021.iter().chain(PROACTIVE_2019.iter()) {
        for row in spec.rows {
            for column in spec.columns {
                let name = proactive_name(row, column);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    for row in request_rows() {
        for column in REQUEST_COLUMNS {
            names.push(request_name(row, column));
        }
    }
    names.extend(review_names().into_iter().map(|n| format!("四.{n}")));
    names.into_iter().map(|name| Column { name }).collect()
}

/// Rows of both templates: the 2021 rows, with the single 2019 （六）其他处理
/// row before its 2021 sub-rows.
fn request_rows() -> Vec<RequestRow> {
    let mut rows = RequestRow::all(TemplateVersion::V2021);
    if let Some(i) = rows.iter().position(|r| *r == RequestRow::OtherHandling(1)) {
        rows.insert(i, RequestRow::OtherHandling(0));
    }
    rows
}

/// `一`, `二`, `三（一）`, `三（三）1`, `三（六）`, `三（七）`, `四`: the row's
/// numbering in the template, short enough for a column name.
pub fn row_key(row: RequestRow) -> String {
    match row {
        RequestRow::NewRequests => "一".into(),
        RequestRow::CarriedOver => "二".into(),
        RequestRow::Granted => "三（一）".into(),
        RequestRow::PartlyGranted => "三（二）".into(),
        RequestRow::OtherHandling(0) => "三（六）".into(),
        RequestRow::ResultsTotal => "三（七）".into(),
        RequestRow::CarriedForward => "四".into(),
        row => match row.group().zip(row.sub_index()) {
            Some((group, k)) => format!("三（{}）{k}", group.ordinal()),
            None => row.short_name(),
        },
    }
}

fn request_name(row: RequestRow, column: &str) -> String {
    format!("三.{}.{column}", row_key(row))
}

fn proactive_name(row: &str, column: &str) -> String {
    format!("二.{row}.{column}")
}

fn review_names() -> Vec<String> {
    REVIEW_GROUPS
        .iter()
        .flat_map(|g| REVIEW_COLUMNS.iter().map(move |c| format!("{g}.{c}")))
        .collect()
}

/// The report's cells by column name; readable cells only.
fn cells_by_column(report: &Report) -> HashMap<String, String> {
    let mut cells = HashMap::new();
    if let Some(table) = &report.tables.proactive {
        let specs = ProactiveBlockSpec::for_version(report.template);
        for block in &table.blocks {
            let Some(spec) = specs.iter().find(|s| Some(s.item) == block.item) else {
                continue;
            };
            for row in &block.rows {
                let found = labels::key(&row.label.text);
                let name = spec
                    .rows
                    .iter()
                    .find(|r| labels::key(r) == found)
                    .or_else(|| {
                        spec.rows
                            .iter()
                            .find(|r| labels::close_enough(&found, &labels::key(r)))
                    });
                let Some(name) = name else { continue };
                if row.cells.len() != spec.columns.len() {
                    continue;
                }
                for (cell, column) in row.cells.iter().zip(spec.columns) {
                    cells.insert(proactive_name(name, column), text(&cell.value));
                }
            }
        }
    }
    if let Some(table) = &report.tables.requests {
        for row in table.rows.iter().filter(|r| r.readable) {
            for (cell, column) in row.cells.iter().zip(REQUEST_COLUMNS) {
                cells.insert(request_name(row.key, column), text(&cell.value));
            }
        }
    }
    if let Some(table) = report.tables.review.as_ref().filter(|t| t.readable) {
        for (cell, name) in table.cells.iter().zip(review_names()) {
            cells.insert(format!("四.{name}"), text(&cell.value));
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_unique_and_cover_both_templates() {
        let names: Vec<String> = csv_columns().into_iter().map(|c| c.name).collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        for expected in [
            "三.一.自然人",
            "三.三（三）1.总计",
            "三.三（六）.总计",
            "三.三（六）3.其他",
            "三.四.总计",
            "二.规章.本年制发件数",
            "二.规章.本年新制作数量",
            "四.行政复议.结果维持",
        ] {
            assert!(names.iter().any(|n| n == expected), "{expected}");
        }
        // 26 rows of 7 cells in table 三, 15 cells in table 四.
        assert_eq!(
            names.iter().filter(|n| n.starts_with("三.")).count(),
            26 * 7
        );
        assert_eq!(names.iter().filter(|n| n.starts_with("四.")).count(), 15);
    }
}
