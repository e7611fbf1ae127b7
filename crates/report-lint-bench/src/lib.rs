//! report-lint-bench: a generator of realistic annual reports for
//! benchmarks and robustness tests.
//!
//! Each report is drawn from a seed: an agency, a report year and its
//! template, tables 二/三/四 whose every identity holds, and prose whose
//! counts and percentages agree with the tables. The same report can be
//! written in every layout published reports take as text (DOMAIN.md §5.1)
//! and as an HTML page, in simplified characters or converted to traditional
//! ones as mirror sites do. A clean generator is the point: every report it
//! writes must lint without an error or a warning, so a finding on the
//! corpus is a bug of the linter.
//!
//! ```
//! use report_lint_bench::{generate_report, Layout, Script};
//! let text = generate_report(7, Layout::Markdown, Script::Simplified);
//! assert!(text.starts_with("# "));
//! assert_eq!(text, generate_report(7, Layout::Markdown, Script::Simplified));
//! ```

mod model;
mod prose;
mod random;
mod render;
mod tables;
mod traditional;

use model::Series;
use prose::Writer;
use random::Random;
use render::{Document, Part};

/// How a report's text is laid out (DOMAIN.md §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// One cell per line with blank lines between (a CMS's `<p>` in `<td>`).
    OneCellPerLine,
    /// One cell per line, no blank lines.
    Dense,
    /// `cell |` per line, rows ended by `||` padding lines.
    CellPipe,
    /// One row per line, ` | `-separated, colspans padded with `|||`.
    PipeRows,
    /// Markdown headings and pipe tables.
    Markdown,
    /// The HTML page, tables with rowspan and colspan.
    Html,
}

impl Layout {
    pub const ALL: [Layout; 6] = [
        Layout::OneCellPerLine,
        Layout::Dense,
        Layout::CellPipe,
        Layout::PipeRows,
        Layout::Markdown,
        Layout::Html,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layout::OneCellPerLine => "one-cell-per-line",
            Layout::Dense => "one-cell-per-line-dense",
            Layout::CellPipe => "cell-pipe",
            Layout::PipeRows => "pipe-rows",
            Layout::Markdown => "markdown",
            Layout::Html => "html",
        }
    }

    /// The file extension a report in this layout is saved with.
    pub fn extension(self) -> &'static str {
        match self {
            Layout::Markdown => "md",
            Layout::Html => "html",
            _ => "txt",
        }
    }
}

/// The characters a report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Simplified,
    /// Converted character by character as mirror sites do (DOMAIN.md §5.3),
    /// with their word-level conversions (规范性文件 → 規範性檔案).
    Traditional,
}

impl Script {
    pub const ALL: [Script; 2] = [Script::Simplified, Script::Traditional];

    pub fn name(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
        }
    }
}

/// How large the generated reports are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sizes {
    /// As published: the text of most reports is 5–20 KB (the crawled
    /// reports of `fixtures/real` are 7–17 KB). A report is never shorter
    /// than its tables and required paragraphs: 6.5–9 KB as text, 11–12 KB
    /// as a page.
    Real,
    /// 20–100 KB: long reports, as the first benchmarks used.
    Large,
}

impl Sizes {
    pub const ALL: [Sizes; 2] = [Sizes::Real, Sizes::Large];

    /// The smallest and largest size aimed for, in bytes.
    pub fn range(self) -> std::ops::RangeInclusive<usize> {
        match self {
            Sizes::Real => 5 * 1024..=20 * 1024,
            Sizes::Large => 20 * 1024..=100 * 1024,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Sizes::Real => "real",
            Sizes::Large => "large",
        }
    }
}

/// Separates the random stream that decides a report's size and filler from
/// the one that decides its facts, so that the facts of a seed are the same
/// whatever the size.
const FILLER_STREAM: u64 = 0x9e37_79b9_7f4a_7c15;

/// The report of `seed`, of a published report's size (5–20 KB, see
/// [`Sizes::Real`]; the size is part of what the seed decides).
/// Deterministic: the same arguments give the same text.
pub fn generate_report(seed: u64, layout: Layout, script: Script) -> String {
    generate_report_in(seed, layout, script, Sizes::Real)
}

/// [`generate_report`] with its size in `sizes`.
pub fn generate_report_in(seed: u64, layout: Layout, script: Script, sizes: Sizes) -> String {
    generate_report_sized(seed, layout, script, target_size(seed, sizes))
}

/// The size in `sizes` that `seed` asks for.
fn target_size(seed: u64, sizes: Sizes) -> usize {
    let mut rng = Random::new(seed ^ FILLER_STREAM);
    let range = sizes.range();
    rng.range(*range.start() as u64, *range.end() as u64) as usize
}

/// The report of `seed` with filler paragraphs added until it is about
/// `target_bytes` long (never shorter than the report without filler). The
/// same seed gives the same facts in every layout, script and size.
pub fn generate_report_sized(
    seed: u64,
    layout: Layout,
    script: Script,
    target_bytes: usize,
) -> String {
    generate(seed, None, layout, script, target_bytes)
}

fn generate(
    seed: u64,
    series: Option<Series>,
    layout: Layout,
    script: Script,
    target_bytes: usize,
) -> String {
    let mut rng = Random::new(seed);
    let model = model::model(&mut rng, series);
    let mut writer = Writer::new(&model);
    let mut text = prose::text(&mut writer, &mut rng);
    let index_no = format!(
        "{:08}MB{:07}X/{}-{:05}",
        rng.range(11_000_000, 65_999_999),
        rng.range(0, 9_999_999),
        model.year + 1,
        rng.range(1, 99_999)
    );
    let traditional = script == Script::Traditional;
    let base = render::render(&document(&model, &text, &index_no), layout, traditional);
    // What a paragraph costs besides its words: its line break, a blank line
    // after it, or `<p></p>`.
    let overhead = match layout {
        Layout::OneCellPerLine | Layout::PipeRows | Layout::Markdown => 2,
        Layout::Dense | Layout::CellPipe => 1,
        Layout::Html => 8,
    };
    let mut missing = target_bytes.saturating_sub(base.len());
    if missing == 0 {
        return finish(base, traditional);
    }
    let mut filler = Random::new(seed.wrapping_mul(FILLER_STREAM).rotate_left(17));
    let growable: Vec<_> = text
        .parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| {
            part.passages
                .iter()
                .enumerate()
                .filter_map(move |(i, passage)| passage.topic.map(|topic| (p, i, topic)))
        })
        .collect();
    while missing > 0 && !growable.is_empty() {
        let (p, i, topic) = filler.pick(&growable);
        let paragraph = writer.filler(&mut filler, topic);
        missing = missing.saturating_sub(paragraph.len() + overhead);
        text.parts[p].passages[i].paragraphs.push(paragraph);
    }
    finish(
        render::render(&document(&model, &text, &index_no), layout, traditional),
        traditional,
    )
}

fn finish(text: String, traditional: bool) -> String {
    if traditional {
        traditional::convert(&text)
    } else {
        text
    }
}

fn document(model: &model::Model, text: &prose::Text, index_no: &str) -> Document {
    let d = model.published;
    let parts = text
        .parts
        .iter()
        .enumerate()
        .map(|(n, part)| Part {
            heading: part.heading.clone(),
            paragraphs: part
                .passages
                .iter()
                .flat_map(|p| p.subheading.iter().chain(&p.paragraphs).cloned())
                .collect(),
            table: match n {
                1 => Some(tables::table2(&model.table2)),
                2 => Some(tables::table3(model)),
                3 => Some(tables::table4(&model.table4)),
                _ => None,
            },
        })
        .collect();
    Document {
        title: text.title.clone(),
        agency: model.agency.name.clone(),
        published: format!("{}-{:02}-{:02}", d.year, d.month, d.day),
        index_no: index_no.to_string(),
        preamble: text.preamble.clone(),
        parts,
    }
}

/// One file of a generated corpus.
#[derive(Debug, Clone)]
pub struct CorpusFile {
    /// `00042-cell-pipe-simplified.txt`: the index, layout and script.
    pub name: String,
    pub text: String,
}

/// The years a corpus follows each agency through, both templates included.
const CORPUS_YEARS: std::ops::RangeInclusive<u16> = 2019..=2024;

/// The `index`-th report of the corpus `corpus_seed`. The corpus follows
/// each agency through the years 2019–2024 (six consecutive files), and the
/// requests one report carries forward are those the next one carries over,
/// as `report-lint check` verifies for reports of one agency in one folder.
/// Layouts take turns; every fourth agency's reports are in traditional
/// characters. Reports are of a published report's size ([`Sizes::Real`]).
pub fn corpus_file(corpus_seed: u64, index: u64) -> CorpusFile {
    corpus_file_in(corpus_seed, index, Sizes::Real)
}

/// [`corpus_file`] with reports of `sizes`.
pub fn corpus_file_in(corpus_seed: u64, index: u64, sizes: Sizes) -> CorpusFile {
    let years = CORPUS_YEARS.len() as u64;
    let agency = index / years;
    let year = *CORPUS_YEARS.start() + (index % years) as u16;
    let layout = Layout::ALL[((index + agency) % 6) as usize];
    let script = if agency % 4 == 3 {
        Script::Traditional
    } else {
        Script::Simplified
    };
    let series = Series {
        agency,
        seed: mix(corpus_seed ^ AGENCY_STREAM, agency),
        year,
    };
    let seed = mix(corpus_seed, index);
    let text = generate(seed, Some(series), layout, script, target_size(seed, sizes));
    CorpusFile {
        name: format!(
            "{index:05}-{}-{}.{}",
            layout.name(),
            script.name(),
            layout.extension()
        ),
        text,
    }
}

/// Separates the random streams of a corpus's agencies from its reports'.
const AGENCY_STREAM: u64 = 0x6a09_e667_f3bc_c908;

/// A well-mixed seed per index (SplitMix64), so neighbouring indices give
/// unrelated reports.
fn mix(corpus_seed: u64, index: u64) -> u64 {
    let mut z = corpus_seed.wrapping_add(index.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
