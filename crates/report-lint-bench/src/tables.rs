//! Tables 二, 三 and 四 as rows of cells, the way the official template lays
//! them out. Each row also says how the flattened layouts show it: how many
//! leading cells a rowspan above covers (`lead`, written empty by `|`-row
//! renderers) and the `||` padding line the `cell |` layout prints after it
//! (DOMAIN §5.1). Cells keep their HTML colspan and rowspan.

use crate::model::{Block2, Model, Row3, COLUMNS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellKind {
    /// A row or column label.
    Label,
    /// A 第二十条第（X）项 banner of table 二.
    Banner,
    /// A figure.
    Value,
}

#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub text: String,
    pub kind: CellKind,
    pub colspan: usize,
    pub rowspan: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub cells: Vec<Cell>,
    /// Leading cells covered by a rowspan above.
    pub lead: usize,
    /// The padding line of the `cell |` layout after this row ("" for none).
    pub pad: &'static str,
}

#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub rows: Vec<Row>,
    /// Columns of the widest row, for `|`-row padding and Markdown.
    pub width: usize,
}

fn label(text: impl Into<String>) -> Cell {
    Cell {
        text: text.into(),
        kind: CellKind::Label,
        colspan: 1,
        rowspan: 1,
    }
}

fn value(text: impl Into<String>) -> Cell {
    Cell {
        kind: CellKind::Value,
        ..label(text)
    }
}

fn spans(mut cell: Cell, colspan: usize, rowspan: usize) -> Cell {
    cell.colspan = colspan;
    cell.rowspan = rowspan;
    cell
}

fn row(cells: Vec<Cell>, lead: usize, pad: &'static str) -> Row {
    Row { cells, lead, pad }
}

pub(crate) fn table2(blocks: &[Block2]) -> Table {
    const WIDTH: usize = 4;
    let mut rows = Vec::new();
    for block in blocks {
        let banner = Cell {
            kind: CellKind::Banner,
            ..spans(label(format!("第二十条第（{}）项", block.item)), WIDTH, 1)
        };
        rows.push(row(vec![banner], 0, "|||"));
        let pad = match block.columns.len() {
            3 => "",
            2 => "|",
            _ => "||",
        };
        // The last column stretches over what the block does not use.
        let stretch = WIDTH - block.columns.len();
        let mut header = vec![label("信息内容")];
        header.extend(block.columns.iter().enumerate().map(|(i, c)| {
            let span = if i + 1 == block.columns.len() {
                stretch
            } else {
                1
            };
            spans(label(*c), span, 1)
        }));
        rows.push(row(header, 0, pad));
        for (name, figures) in &block.rows {
            let mut cells = vec![label(*name)];
            cells.extend(figures.iter().enumerate().map(|(i, f)| {
                let span = if i + 1 == figures.len() { stretch } else { 1 };
                spans(value(f.text()), span, 1)
            }));
            rows.push(row(cells, 0, pad));
        }
    }
    if let Some(last) = rows.last_mut() {
        last.pad = "";
    }
    Table { rows, width: WIDTH }
}

// The template's wording is written out here rather than taken from
// report-lint-core's template data on purpose: the generator is an
// independent copy, so a misprint in the parser's template shows up as
// unread rows in the generated reports instead of agreeing with itself.
const WITHHELD: [&str; 8] = [
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及“三安全一稳定”",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
];
const UNAVAILABLE: [&str; 3] = [
    "本机关不掌握相关政府信息",
    "没有现成信息需要另行制作",
    "补正后申请内容仍不明确",
];
const NOT_PROCESSED: [&str; 5] = [
    "信访举报投诉类申请",
    "重复申请",
    "要求提供公开出版物",
    "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
];
const OTHER: [&str; 3] = [
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他",
];

/// The group label and sub-row wordings of a sub-row's group.
fn group_of(key: Row3) -> Option<(&'static str, &'static [&'static str], u8)> {
    match key {
        Row3::Withheld(k) => Some(("（三）不予公开", &WITHHELD, k)),
        Row3::Unavailable(k) => Some(("（四）无法提供", &UNAVAILABLE, k)),
        Row3::NotProcessed(k) => Some(("（五）不予处理", &NOT_PROCESSED, k)),
        Row3::Other(k) if k > 0 => Some(("（六）其他处理", &OTHER, k)),
        _ => None,
    }
}

pub(crate) fn table3(model: &Model) -> Table {
    let t = &model.table3;
    let values = |key: Row3| -> Vec<Cell> {
        let figures: [u64; COLUMNS] = t.get(key);
        figures.iter().map(|n| value(n.to_string())).collect()
    };
    let results = Row3::results(model.template).len() + 1;
    let mut rows = vec![
        row(
            vec![
                spans(
                    label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"),
                    3,
                    3,
                ),
                spans(label("申请人情况"), 7, 1),
            ],
            0,
            "||||||||",
        ),
        row(
            vec![
                spans(label("自然人"), 1, 2),
                spans(label("法人或其他组织"), 5, 1),
                spans(label("总计"), 1, 2),
            ],
            0,
            "|||||||",
        ),
        row(
            [
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他",
            ]
            .into_iter()
            .map(label)
            .collect(),
            0,
            "|||||",
        ),
    ];
    let full_row = |text: &str, key: Row3, pad| {
        let mut cells = vec![spans(label(text), 3, 1)];
        cells.extend(values(key));
        row(cells, 0, pad)
    };
    rows.push(full_row(
        "一、本年新收政府信息公开申请数量",
        Row3::New,
        "||",
    ));
    rows.push(full_row(
        "二、上年结转政府信息公开申请数量",
        Row3::Carried,
        "||",
    ));
    for key in Row3::results(model.template) {
        let mut cells = Vec::new();
        let (lead, pad) = match (key, group_of(key)) {
            (Row3::Granted, _) => {
                cells.push(spans(label("三、本年度办理结果"), 1, results));
                cells.push(spans(label("（一）予以公开"), 2, 1));
                (0, "|")
            }
            (Row3::Partly, _) => {
                cells.push(spans(
                    label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
                    2,
                    1,
                ));
                (1, "||")
            }
            (_, Some((group, words, k))) => {
                let numbered = label(format!("{k}.{}", words[usize::from(k) - 1]));
                if k == 1 {
                    cells.push(spans(label(group), 1, words.len()));
                    cells.push(numbered);
                    (1, "|")
                } else {
                    cells.push(numbered);
                    (2, "||")
                }
            }
            _ => {
                cells.push(spans(label("（六）其他处理"), 2, 1));
                (1, "||")
            }
        };
        cells.extend(values(key));
        rows.push(row(cells, lead, pad));
    }
    let mut total = vec![spans(label("（七）总计"), 2, 1)];
    total.extend(values(Row3::Total));
    rows.push(row(total, 1, "||"));
    rows.push(full_row("四、结转下年度继续办理", Row3::Forward, ""));
    Table { rows, width: 10 }
}

pub(crate) const REVIEW_WORDS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

pub(crate) fn table4(cells: &[u64; 15]) -> Table {
    let mut second: Vec<Cell> = REVIEW_WORDS
        .iter()
        .map(|w| spans(label(*w), 1, 2))
        .collect();
    second.push(spans(label("未经复议直接起诉"), 5, 1));
    second.push(spans(label("复议后起诉"), 5, 1));
    let rows = vec![
        row(
            vec![
                spans(label("行政复议"), 5, 1),
                spans(label("行政诉讼"), 10, 1),
            ],
            0,
            "|||||||||||||",
        ),
        row(second, 0, "||||||||"),
        row(
            REVIEW_WORDS
                .iter()
                .chain(&REVIEW_WORDS)
                .map(|w| label(*w))
                .collect(),
            0,
            "|||||",
        ),
        row(cells.iter().map(|n| value(n.to_string())).collect(), 0, ""),
    ];
    Table { rows, width: 15 }
}
