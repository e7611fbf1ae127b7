//! The Report AST. Every node carries a byte span into the original text.

use crate::normalize::Normalized;
use crate::source::{SourceFile, Span};
use crate::template::{RequestRow, TemplateVersion, REQUEST_COLUMNS, REQUEST_TOTAL_COLUMN};
use crate::value::{CellValue, Decimal};
use serde::Serialize;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// The statistics period a report states ("统计期限为2023年1月1日至2023年12月31日").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatedPeriod {
    pub start: Date,
    pub end: Date,
    pub span: Span,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    pub title: Option<Spanned<String>>,
    /// The agency named in the title, before the year.
    pub agency: Option<Spanned<String>>,
    /// The report year named in the title.
    pub year: Option<Spanned<u16>>,
    pub publish_date: Option<Spanned<Date>>,
    pub period: Option<StatedPeriod>,
}

/// Whether the text was written in traditional characters (a mirror copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Script {
    Simplified,
    Traditional,
}

/// The six sections of the template, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum SectionKind {
    Overview,
    Proactive,
    Requests,
    ReviewLitigation,
    Problems,
    Other,
}

impl SectionKind {
    pub const ALL: [SectionKind; 6] = [
        SectionKind::Overview,
        SectionKind::Proactive,
        SectionKind::Requests,
        SectionKind::ReviewLitigation,
        SectionKind::Problems,
        SectionKind::Other,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn ordinal(self) -> &'static str {
        ["一", "二", "三", "四", "五", "六"][self.index()]
    }

    /// The canonical heading, e.g. "二、主动公开政府信息情况".
    pub fn heading(self) -> String {
        format!(
            "{}、{}",
            self.ordinal(),
            crate::template::SECTION_HEADINGS[self.index()][0]
        )
    }
}

/// A top-level section heading and the body that follows it.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    /// The ordinal as written (1 for 一), which may disagree with `kind`.
    pub ordinal: u8,
    /// The whole heading line, trimmed.
    pub heading: Span,
    /// The heading's title after the ordinal ("收到和处理…情况").
    pub title: Span,
    /// The title in normalised form.
    pub title_text: String,
    /// The accepted wording closest to the title.
    pub closest: &'static str,
    /// Whether the title is exactly one of the accepted wordings.
    pub exact: bool,
    /// From the end of the heading line to the next heading (or the end).
    pub body: Span,
}

/// A row label, with the number written in front of it ("1." in "1.属于国家秘密").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    /// Normalised text of the label, as written.
    pub text: String,
    pub number: Option<Numbering>,
}

/// A sub-row number such as `1.`, `2、` or `（3）`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Numbering {
    pub value: u32,
    /// The span of the digits alone, so a fix can replace just them.
    pub digits: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub span: Span,
    /// Normalised text.
    pub text: String,
    pub value: CellValue,
}

/// One data row of table 三. `cells` holds the 7 applicant columns when the
/// row was read completely; an unreadable row keeps what was found and has
/// `readable == false`, and no arithmetic rule may use it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestTableRow {
    pub key: RequestRow,
    pub label: Label,
    /// Whether the label is exactly the template's wording (after normalisation).
    pub exact_label: bool,
    pub cells: Vec<Cell>,
    pub readable: bool,
}

impl RequestTableRow {
    pub fn count(&self, column: usize) -> Option<u64> {
        if !self.readable {
            return None;
        }
        self.cells.get(column)?.value.as_count()
    }

    pub fn total(&self) -> Option<&Cell> {
        self.readable
            .then(|| self.cells.get(REQUEST_TOTAL_COLUMN))
            .flatten()
    }
}

/// Table 三: requests received and how they were handled.
#[derive(Debug, Clone, Serialize)]
pub struct RequestTable {
    pub span: Span,
    pub rows: Vec<RequestTableRow>,
    /// Group labels as written (（三）不予公开 …), to anchor numbering findings.
    pub groups: Vec<Spanned<crate::template::RequestGroup>>,
    /// The column header cells as written, in reading order (申请人情况,
    /// 自然人, …), when the table starts with its identity note; layouts
    /// that split a label over lines give its pieces (`社会` / `公益` / `组织`).
    pub header: Vec<Cell>,
}

impl RequestTable {
    pub fn row(&self, key: RequestRow) -> Option<&RequestTableRow> {
        self.rows.iter().find(|r| r.key == key)
    }

    /// A cell of a readable row.
    pub fn cell(&self, key: RequestRow, column: usize) -> Option<&Cell> {
        let row = self.row(key)?;
        row.readable.then(|| row.cells.get(column)).flatten()
    }

    /// The 总计 of a readable row, when it is a count.
    pub fn total(&self, key: RequestRow) -> Option<u64> {
        self.cell(key, REQUEST_TOTAL_COLUMN)?.value.as_count()
    }

    pub fn columns() -> &'static [&'static str; 7] {
        &REQUEST_COLUMNS
    }
}

/// Table 四: administrative review and litigation, 15 cells in template order.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewTable {
    pub span: Span,
    pub cells: Vec<Cell>,
    pub readable: bool,
    /// The header cells as written, from 行政复议 to the first figure, in
    /// reading order; PDF text may give one character per cell.
    pub header: Vec<Cell>,
}

impl ReviewTable {
    /// The five cells of group `g` (0 = 行政复议, 1 = 未经复议直接起诉, 2 = 复议后起诉).
    pub fn group(&self, g: usize) -> Option<&[Cell]> {
        if !self.readable {
            return None;
        }
        self.cells.get(g * 5..g * 5 + 5)
    }
}

/// One row of a table 二 block.
#[derive(Debug, Clone, Serialize)]
pub struct ProactiveRow {
    pub label: Label,
    pub cells: Vec<Cell>,
}

/// One 第二十条第（X）项 block of table 二.
#[derive(Debug, Clone, Serialize)]
pub struct ProactiveBlock {
    /// The item number of 条例第二十条 (1, 5, 6, 8, 9), when the banner was found.
    pub item: Option<u8>,
    pub banner: Option<Span>,
    pub columns: Vec<Cell>,
    pub rows: Vec<ProactiveRow>,
}

/// Table 二: proactive disclosure.
#[derive(Debug, Clone, Serialize)]
pub struct ProactiveTable {
    pub span: Span,
    pub blocks: Vec<ProactiveBlock>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Tables {
    pub proactive: Option<ProactiveTable>,
    pub requests: Option<RequestTable>,
    pub review: Option<ReviewTable>,
}

/// Which table a note or finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TableKind {
    Proactive,
    Requests,
    Review,
}

impl TableKind {
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Proactive => "主动公开情况表（二）",
            TableKind::Requests => "收到和处理政府信息公开申请情况表（三）",
            TableKind::Review => "行政复议、行政诉讼情况表（四）",
        }
    }

    pub fn section(self) -> SectionKind {
        match self {
            TableKind::Proactive => SectionKind::Proactive,
            TableKind::Requests => SectionKind::Requests,
            TableKind::Review => SectionKind::ReviewLitigation,
        }
    }
}

/// Something the parser had to guess or could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParseNote {
    pub span: Span,
    pub kind: NoteKind,
    /// A Chinese sentence for the user.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum NoteKind {
    /// Part of a table could not be read (cells glued, lost or extra); the
    /// arithmetic on that part was not checked.
    Unreadable(TableKind),
}

/// A number written in prose with the words in front of it
/// ("予以公开3件" → subject "予以公开", value 3, unit "件").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProseNumber {
    pub span: Span,
    /// Byte range of the digits and unit within the paragraph's normalised text.
    pub at: std::ops::Range<usize>,
    pub value: Decimal,
    pub unit: String,
    /// Normalised words between the previous punctuation mark and the number.
    pub subject: String,
    /// Index of the paragraph (line) it stands in, in `Report::paragraphs`.
    pub paragraph: usize,
    /// Written with 余 or 多 ("8300余条"): more than `value`, by less than
    /// a unit of its last nonzero digit.
    pub approximate: bool,
}

/// A percentage in prose and the count it is the share of
/// ("予以公开3件，占比23.07%").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PercentClaim {
    /// The percentage's digits (without "%").
    pub span: Span,
    /// Byte range of the digits and "%" within the paragraph's normalised text.
    pub at: std::ops::Range<usize>,
    pub value: Decimal,
    /// Normalised words between the previous punctuation mark and the
    /// number ("公开率为").
    pub subject: String,
    /// The count the percentage is about, when written right before it.
    pub count: Option<ProseNumber>,
    /// Index into `Report::paragraphs`.
    pub paragraph: usize,
}

/// A line of prose (outside tables), with its normalised text.
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub span: Span,
    /// Normalised text: `view.text[view_start..view_start + text.len()]`, so
    /// a match at `i` in `text` maps back with
    /// `report.view.to_source(Span::new(view_start + i, …))`.
    pub text: String,
    pub view_start: usize,
    pub section: Option<SectionKind>,
}

/// Which template each table's own labels point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TemplateEvidence {
    pub overall: TemplateVersion,
    /// Table 二: 2019 has 本年新制作数量, 其他对外管理服务事项, 第二十条第（九）项…
    pub proactive: TemplateVersion,
    /// Table 三: 2021 splits （六）其他处理 into three numbered rows.
    pub requests: TemplateVersion,
}

/// A parsed report. Building one never fails; see [`crate::parse`].
#[derive(Debug, Clone)]
pub struct Report {
    pub source: SourceFile,
    /// The normalised view the parser read.
    pub view: Normalized,
    pub script: Script,
    pub meta: Meta,
    /// The template the tables follow, judged from all their labels.
    pub template: TemplateVersion,
    /// The same judgement per table, to spot a report that mixes templates.
    pub template_evidence: TemplateEvidence,
    pub sections: Vec<Section>,
    pub tables: Tables,
    pub paragraphs: Vec<Paragraph>,
    /// Exact figures in prose, in text order.
    pub numbers: Vec<ProseNumber>,
    /// Figures written with 余/多, in text order: kept apart so that no
    /// exact comparison uses them by mistake.
    pub approximate_numbers: Vec<ProseNumber>,
    pub percents: Vec<PercentClaim>,
    pub notes: Vec<ParseNote>,
}

impl Report {
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// The normalised prose of a part: its paragraphs (tables excluded),
    /// one per line.
    pub fn section_prose(&self, kind: SectionKind) -> String {
        let lines: Vec<&str> = self.paragraphs_in(kind).map(|p| p.text.as_str()).collect();
        lines.join("\n")
    }

    /// The prose paragraphs of one part, in text order.
    pub fn paragraphs_in(&self, kind: SectionKind) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs
            .iter()
            .filter(move |p| p.section == Some(kind))
    }

    /// The exact prose numbers of one paragraph (they are stored in text order).
    pub fn numbers_in(&self, paragraph: usize) -> &[ProseNumber] {
        of_paragraph(&self.numbers, paragraph)
    }

    /// The approximate prose numbers ("8300余条") of one paragraph.
    pub fn approximate_numbers_in(&self, paragraph: usize) -> &[ProseNumber] {
        of_paragraph(&self.approximate_numbers, paragraph)
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }

    /// Whether this text is an annual report at all: its title says so, or
    /// at least three of the six headings are present. Editors use this to
    /// leave other files alone.
    /// Whether the title names a report year before the unified format
    /// (2019): such a report follows local instructions, not the template.
    pub fn predates_template(&self) -> bool {
        self.meta.year.as_ref().is_some_and(|y| y.value < 2019)
    }

    pub fn is_annual_report(&self) -> bool {
        // A document whose text could not be read may be one: it is
        // reported as unreadable, not passed over.
        if self
            .source
            .document
            .as_ref()
            .is_some_and(|d| d.unreadable.is_some())
        {
            return true;
        }
        let titled = self.meta.title.is_some();
        let mut kinds: Vec<SectionKind> = self.sections.iter().map(|s| s.kind).collect();
        kinds.dedup();
        titled || kinds.len() >= 3
    }
}

/// The numbers of one paragraph in a list sorted by paragraph.
fn of_paragraph(numbers: &[ProseNumber], paragraph: usize) -> &[ProseNumber] {
    let start = numbers.partition_point(|n| n.paragraph < paragraph);
    let end = numbers.partition_point(|n| n.paragraph <= paragraph);
    &numbers[start..end]
}
