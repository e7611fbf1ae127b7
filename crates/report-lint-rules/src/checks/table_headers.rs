//! What the column headers of tables 二, 三 and 四 should say, and how to
//! compare what was written with it. Shared by `column_header_misprint` and
//! `missing_column_header`.

use report_lint_core::labels;
use report_lint_core::template::{
    ProactiveBlockSpec, PROACTIVE_2019, PROACTIVE_2021, REQUEST_HEADER, REVIEW_HEADER,
};
use report_lint_core::{Cell, Report, TableKind, TemplateVersion};

/// One table's header as written, with the template's labels for it.
pub(crate) struct Header<'a> {
    pub table: TableKind,
    pub cells: &'a [Cell],
    /// The template's labels and how often each appears, longer labels first.
    expected: Vec<(&'static str, usize)>,
    /// The comparison keys of `expected`, computed once.
    keys: Vec<String>,
}

/// The headers of the tables the report has: table 三, table 四, and each
/// table-二 block whose 第二十条 item is known.
pub(crate) fn headers(report: &Report) -> Vec<Header<'_>> {
    let mut out = Vec::new();
    if let Some(t) = &report.tables.proactive {
        for block in &t.blocks {
            let Some(item) = block.item else { continue };
            let mut expected: Vec<(&'static str, usize)> = proactive_specs(report)
                .iter()
                .filter(|spec| spec.item == item)
                .flat_map(|spec| spec.columns.iter().map(|c| (*c, 1)))
                .collect();
            if expected.is_empty() {
                continue;
            }
            expected.sort_by_key(|(w, _)| std::cmp::Reverse(labels::key(w).chars().count()));
            out.push(Header::new(TableKind::Proactive, &block.columns, expected));
        }
    }
    if let Some(t) = &report.tables.requests {
        out.push(Header::new(
            TableKind::Requests,
            &t.header,
            REQUEST_HEADER.to_vec(),
        ));
    }
    if let Some(t) = &report.tables.review {
        out.push(Header::new(
            TableKind::Review,
            &t.header,
            REVIEW_HEADER.to_vec(),
        ));
    }
    out
}

/// The table-二 blocks of the report's template. None when table 二's own
/// labels do not tell which template it follows: the two templates' columns
/// differ, and comparing with both would call every column missing.
fn proactive_specs(report: &Report) -> &'static [ProactiveBlockSpec] {
    match report.template_evidence.proactive {
        TemplateVersion::V2019 => &PROACTIVE_2019,
        TemplateVersion::V2021 => &PROACTIVE_2021,
        TemplateVersion::Unknown => &[],
    }
}

impl<'a> Header<'a> {
    fn new(table: TableKind, cells: &'a [Cell], expected: Vec<(&'static str, usize)>) -> Self {
        let keys = expected.iter().map(|(w, _)| labels::key(w)).collect();
        Header {
            table,
            cells,
            expected,
            keys,
        }
    }

    /// How many times each expected label occurs in the header. The cells'
    /// keys are joined first, because layouts split labels over cells
    /// (`社会` / `公益` / `组织`, or one character per line in PDF text);
    /// longer labels are taken out before shorter ones are counted, so the
    /// `其他` inside `法人或其他组织` is not counted as the column `其他`.
    /// A misprinted label counts as the label it misprints: it is reported
    /// as a misprint, not as missing.
    pub fn counts(&self) -> Vec<(&'static str, usize, usize)> {
        let mut rest = String::new();
        for cell in self.cells {
            let key = labels::key(&cell.text);
            match self.misprint_of(&key) {
                Some(canonical) => rest.push_str(&labels::key(canonical)),
                None => rest.push_str(&key),
            }
        }
        self.expected
            .iter()
            .zip(&self.keys)
            .map(|((word, n), key)| {
                let found = rest.matches(key.as_str()).count();
                if found > 0 {
                    rest = rest.replace(key.as_str(), "|");
                }
                (*word, *n, found)
            })
            .collect()
    }

    /// Whether the header was written out at all, from its [`counts`]: at
    /// least half of the labels found. A table whose header is an image, or
    /// a layout that leaves it out, has nothing to compare.
    ///
    /// [`counts`]: Header::counts
    pub fn was_read(counts: &[(&'static str, usize, usize)]) -> bool {
        let expected: usize = counts.iter().map(|(_, n, _)| n).sum();
        let found: usize = counts.iter().map(|(_, n, f)| f.min(n)).sum();
        found * 2 >= expected
    }

    /// Whether `key` is part of the template's header: a label, a piece of
    /// one (a split layout), or labels run together in one cell.
    pub fn accepts(&self, key: &str) -> bool {
        if self.keys.iter().any(|w| w.contains(key)) {
            return true;
        }
        let mut rest = key.to_string();
        for w in &self.keys {
            if rest.contains(w.as_str()) {
                rest = rest.replace(w.as_str(), "");
            }
        }
        rest.is_empty()
    }

    /// The template label that the cell's key is a misprint of, if exactly
    /// one fits and the key is not itself part of the header.
    pub fn misprint_of(&self, key: &str) -> Option<&'static str> {
        if key.is_empty() || self.accepts(key) {
            return None;
        }
        let mut fits = self
            .expected
            .iter()
            .zip(&self.keys)
            .filter(|(_, k)| labels::is_misprint_of(key, k))
            .map(|((w, _), _)| *w);
        let first = fits.next()?;
        fits.next().is_none().then_some(first)
    }
}
