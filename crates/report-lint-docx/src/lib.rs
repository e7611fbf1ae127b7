//! report-lint-docx: Word drafts (.docx) as report-lint reads and writes them.
//!
//! ```text
//! .docx ─► zip (capped) ─► word/document.xml, numbering.xml, styles.xml
//!       ─► text view: paragraphs as lines, tables as `| cell |` rows (merges
//!          resolved), automatic numbers as Word shows them, tracked changes
//!          as they print ─► SourceFile + DocumentMap ─► report-lint-core
//! fixes ─► edits of the view ─► the `w:t` runs they came from
//! findings ─► Word comments anchored on the flagged text or cell
//! ```
//!
//! Nothing here runs a program or touches the file system: bytes in, bytes
//! out, so the same code serves the command line and a browser.

mod comments;
mod numbering;
mod package;
mod patch;
mod styles;
mod view;
mod xml;

pub use comments::Comment;
pub use patch::Patched;

use package::Package;
use report_lint_core::{Report, SourceFile, Span};

/// Why a file could not be read as a Word document. [`DocxError::message`]
/// says it to the user, with what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// An older or other office format, by what it is (`.doc`, `.wps`, `.et`…).
    OtherFormat(&'static str),
    Encrypted,
    Corrupt(String),
    TooLarge(String),
    /// A zip that holds no Word document; what it holds instead, if known.
    NotWord(String),
    /// A spreadsheet (.et, .xls): not a report at all.
    Spreadsheet,
}

const RESAVE: &str = "请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再检查";

impl DocxError {
    pub fn message(&self) -> String {
        match self {
            DocxError::OtherFormat(kind) => format!("这是{kind}，不能直接读取。{RESAVE}"),
            DocxError::Encrypted => {
                "文件设置了打开密码（已加密），无法读取。请在 Word 或 WPS 中取消密码后另存为 .docx 再检查"
                    .into()
            }
            DocxError::Corrupt(detail) => {
                format!("Word 文件已损坏或不完整，无法读取（{detail}）。{RESAVE}")
            }
            DocxError::TooLarge(detail) => {
                format!("Word 文件的内容过大（{detail}），不像是一份年度报告，未检查")
            }
            DocxError::NotWord(kind) if kind.is_empty() => {
                format!("这个压缩文件中没有 Word 文档。{RESAVE}")
            }
            DocxError::NotWord(kind) => format!("这是{kind}，不是 Word 文档。{RESAVE}"),
            DocxError::Spreadsheet => {
                "这是电子表格文件（.et/.xls），不是年度报告文档，未检查。请检查年度报告的 Word 文档或 PDF".into()
            }
        }
    }
}

/// What a file's first bytes and name say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip package (.docx and friends; other zips are told apart on reading).
    Package,
    /// Something the Word reader knows it cannot read; reading it gives this error.
    Unreadable,
    /// Not an office file: text, HTML.
    Other,
}

/// Names of Word packages, by extension.
pub fn is_docx_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".docx", ".docm", ".dotx", ".dotm"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Office names report-lint cannot read but should explain (and, in a
/// folder, pick up to explain).
pub fn is_office_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    is_docx_name(name)
        || [".doc", ".wps", ".odt", ".rtf", ".dot", ".wpt"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

const ZIP: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP: &[u8] = b"PK\x05\x06";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

pub fn classify(name: &str, bytes: &[u8]) -> Kind {
    if bytes.starts_with(ZIP) || bytes.starts_with(EMPTY_ZIP) {
        return Kind::Package;
    }
    if bytes.starts_with(OLE) || bytes.starts_with(b"{\\rtf") {
        return Kind::Unreadable;
    }
    if is_docx_name(name) || is_office_name(name) && !looks_like_text(bytes) {
        return Kind::Unreadable;
    }
    Kind::Other
}

/// Some systems save a web page or plain text under `.doc`; it is read as what it is.
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    std::str::from_utf8(head).is_ok() || head.starts_with(&[0xEF, 0xBB, 0xBF])
}

/// The error for a file [`classify`] calls [`Kind::Unreadable`].
pub fn unreadable(name: &str, bytes: &[u8]) -> DocxError {
    let lower = name.to_lowercase();
    if bytes.starts_with(OLE) {
        // Word and WPS encrypt a .docx into an OLE file holding an
        // "EncryptedPackage" stream (its name is stored in UTF-16).
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let scan = &bytes[..bytes.len().min(8 * 1024 * 1024)];
        if scan.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return DocxError::Encrypted;
        }
        let kind = if lower.ends_with(".wps") || lower.ends_with(".wpt") {
            "WPS 文字的旧格式文档（.wps）"
        } else if lower.ends_with(".et") || lower.ends_with(".xls") {
            return DocxError::Spreadsheet;
        } else {
            "Word 97-2003 格式的文档（.doc）"
        };
        return DocxError::OtherFormat(kind);
    }
    if bytes.starts_with(b"{\\rtf") {
        return DocxError::OtherFormat("RTF 格式的文档");
    }
    if is_docx_name(name) {
        return DocxError::Corrupt("不是 zip 压缩格式".into());
    }
    DocxError::OtherFormat("无法识别的文档格式")
}

/// A Word document as read: its package, its tree and the text view.
pub struct Docx {
    package: Package,
    tree: xml::Tree,
    view: view::View,
}

fn xml_error(part: &str, e: xml::XmlError) -> DocxError {
    match e {
        xml::XmlError::Malformed(detail) => {
            DocxError::Corrupt(format!("{part} 的 XML 有错误：{detail}"))
        }
        xml::XmlError::Doctype => {
            DocxError::Corrupt(format!("{part} 含有 DOCTYPE 声明，Word 从不写入"))
        }
        xml::XmlError::TooLarge => DocxError::TooLarge(format!("{part} 的元素过多或嵌套过深")),
    }
}

impl Docx {
    /// Reads a .docx from its bytes. Never panics; every failure is a
    /// [`DocxError`].
    pub fn read(bytes: Vec<u8>) -> Result<Docx, DocxError> {
        if !(bytes.starts_with(ZIP) || bytes.starts_with(EMPTY_ZIP)) {
            return Err(DocxError::Corrupt("不是 zip 压缩格式".into()));
        }
        let package = Package::open(bytes)?;
        let tree = xml::Tree::parse(&package.document, |ns, local| {
            ns == xml::Ns::W && matches!(local, "t" | "instrText")
        })
        .map_err(|e| xml_error(&package.document_name, e))?;
        if !tree.get(tree.root).is_w("document") {
            return Err(DocxError::NotWord(String::new()));
        }
        let numbering = package
            .numbering
            .as_deref()
            .map(numbering::Numbering::parse)
            .unwrap_or_default();
        let styles = package
            .styles
            .as_deref()
            .map(styles::Styles::index)
            .unwrap_or_default();
        let view = view::build(&tree, &numbering, &styles);
        Ok(Docx {
            package,
            tree,
            view,
        })
    }

    /// The text view with its map, named `name`, ready to parse.
    pub fn source(&self, name: impl Into<String>) -> SourceFile {
        SourceFile::of_document(name, self.view.text.clone(), self.view.map.clone())
    }

    /// The text view alone.
    pub fn text(&self) -> &str {
        &self.view.text
    }

    /// The file as read.
    pub fn bytes(&self) -> &[u8] {
        &self.package.bytes
    }

    /// The document with `edits` of the view written into the runs they
    /// fall in (run formatting kept). Edits that touch text Word generates
    /// (automatic numbering) or that cross paragraphs or cells are skipped.
    pub fn apply_edits(&self, edits: &[(Span, &str)]) -> Result<Patched, DocxError> {
        patch::apply(self, edits)
    }

    /// One pass of fixes, as the fix selector asks for it: `edits` written
    /// into this document, which is read back, with its report parsed again
    /// under `name`, and how many edits were applied. `None` when none
    /// could be (the fixing then stops).
    pub fn fix_pass(&self, name: &str, edits: &[(Span, &str)]) -> Option<(Docx, Report, usize)> {
        let patched = self.apply_edits(edits).ok()?;
        if patched.applied == 0 {
            return None;
        }
        let next = Docx::read(patched.bytes).ok()?;
        let report = report_lint_core::parse(next.source(name));
        Some((next, report, patched.applied))
    }

    /// The document with one Word comment per entry of `comments`, anchored
    /// on its span, after removing the comments an earlier run wrote
    /// (author [`comments::AUTHOR`]); everyone else's are kept.
    pub fn annotate(&self, comments: &[Comment], date: &str) -> Result<Vec<u8>, DocxError> {
        comments::annotate(self, comments, date)
    }
}

#[cfg(test)]
mod tests;
