//! report-lint-pdf: published PDF reports as report-lint reads them.
//!
//! ```text
//! .pdf ─► guard (every Flate stream inflated into nothing, capped)
//!      ─► pdfplumber: glyphs with positions, ruling lines, tables from the drawn grid
//!      ─► prose lines (page headers and numbers dropped) ─► paragraphs re-joined
//!         across line wraps and page breaks
//!      ─► tables as `| cell |` rows, merged cells resolved, a table split over
//!         pages joined (repeated header rows dropped, a row cut by the page
//!         break put back together)
//!      ─► text view + DocumentMap (the page of every block) ─► report-lint-core
//! ```
//!
//! A PDF whose pages hold only images (a scan), or whose fonts cannot be
//! mapped to characters, gives an empty view marked unreadable: one finding
//! says so, never a balance error made of garbage. Bytes in, bytes out: no
//! file system, no programs run.

mod guard;
mod layout;
mod open_grid;
mod tables;

use pdfplumber::{ExplicitLines, ExtractOptions, PageObject, PdfErrorKind, TableSettings};
use report_lint_core::{DocumentMap, Form, SourceFile};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Why a PDF could not be read. [`PdfError::message`] says it to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    Encrypted,
    Corrupt(String),
    TooLarge(String),
}

impl PdfError {
    pub fn message(&self) -> String {
        match self {
            PdfError::Encrypted => {
                "PDF 设置了打开密码，无法读取。请检查未加密的 PDF 或原始的 Word 文档".into()
            }
            PdfError::Corrupt(detail) => format!(
                "PDF 文件已损坏或格式异常，无法读取（{detail}）。请重新导出 PDF，或检查原始的 Word 文档"
            ),
            PdfError::TooLarge(detail) => {
                format!("PDF 的内容过大（{detail}），不像是一份年度报告，未检查")
            }
        }
    }
}

/// Whether bytes are a PDF (the header may follow a little junk).
pub fn is_pdf(bytes: &[u8]) -> bool {
    memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some()
}

/// More pages than any annual report has: refused before any is read.
const MAX_PAGES: usize = 500;

/// A PDF as read: its text view and where each part of it is.
pub struct Pdf {
    view: String,
    map: DocumentMap,
}

impl Pdf {
    /// Reads a PDF from its bytes. Never panics; every failure is a
    /// [`PdfError`].
    pub fn read(bytes: &[u8]) -> Result<Pdf, PdfError> {
        guard::check(bytes)?;
        match catch_unwind(AssertUnwindSafe(|| read_pages(bytes))) {
            Ok(result) => result,
            Err(_) => Err(PdfError::Corrupt("解析时遇到无法处理的结构".into())),
        }
    }

    /// The text view with its map, named `name`, ready to parse.
    pub fn source(&self, name: impl Into<String>) -> SourceFile {
        SourceFile::of_document(name, self.view.clone(), self.map.clone())
    }

    pub fn text(&self) -> &str {
        &self.view
    }
}

fn options() -> ExtractOptions {
    ExtractOptions {
        max_pages: Some(MAX_PAGES),
        max_stream_bytes: 32 * 1024 * 1024,
        max_total_objects: Some(4_000_000),
        collect_warnings: false,
        ..ExtractOptions::default()
    }
}

fn pdf_error(e: pdfplumber::PdfError) -> PdfError {
    match e.kind() {
        PdfErrorKind::PasswordRequired | PdfErrorKind::InvalidPassword => PdfError::Encrypted,
        PdfErrorKind::ResourceLimit => PdfError::TooLarge(e.to_string()),
        _ => PdfError::Corrupt(e.to_string()),
    }
}

fn read_pages(bytes: &[u8]) -> Result<Pdf, PdfError> {
    let pdf = pdfplumber::Pdf::open(bytes, Some(options())).map_err(pdf_error)?;
    if pdf.page_count() > MAX_PAGES {
        return Err(PdfError::TooLarge(format!(
            "{} 页（上限 {MAX_PAGES} 页）",
            pdf.page_count()
        )));
    }
    let mut pages = Vec::with_capacity(pdf.page_count());
    for (index, page) in pdf.pages_iter().enumerate() {
        let page = page.map_err(pdf_error)?;
        // Fake bold draws a glyph twice, a fraction of a point apart.
        let page = page.dedupe_chars(&pdfplumber::DedupeOptions::default());
        // Code 0 is the font's "no glyph" (.notdef): it stands for no
        // character. Browsers print the control characters a page holds
        // (`\u{4}38\u{5}` from an office suite's HTML) as that glyph.
        let notdef = |c: &pdfplumber::Char| c.text == "(cid:0)";
        let page = if page.chars().iter().any(notdef) {
            page.filter(|o| !matches!(o, PageObject::Char(c) if notdef(c)))
        } else {
            page
        };
        // A grid a page break left open (as browsers print) is closed.
        let open = open_grid::open_ends(&page.edges());
        let settings = TableSettings {
            explicit_lines: (!open.is_empty()).then(|| ExplicitLines {
                horizontal_lines: open,
                vertical_lines: Vec::new(),
            }),
            ..TableSettings::default()
        };
        let found = page.find_tables(&settings);
        pages.push(layout::Page::read(index as u32 + 1, &page, found));
    }
    if let Some(reason) = layout::unreadable(&pages) {
        return Ok(Pdf {
            view: String::new(),
            map: DocumentMap {
                form: Form::Pdf,
                blocks: Vec::new(),
                unreadable: Some(reason),
            },
        });
    }
    let (view, blocks) = layout::assemble(pages);
    Ok(Pdf {
        view,
        map: DocumentMap {
            form: Form::Pdf,
            blocks,
            unreadable: None,
        },
    })
}

#[cfg(test)]
mod tests;
