//! The .docx package: a zip of XML parts. Only the parts the reader needs
//! are inflated, each under a cap, so a zip bomb or a draft full of images
//! costs no more than its text; a package is written back by copying every
//! entry it does not change byte for byte (still compressed).

use crate::DocxError;
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// More entries than any document has: a package with more is refused
/// before any is read.
const MAX_ENTRIES: usize = 20_000;
/// The main document part, inflated; a 300-page report is about 5 MB.
const MAX_DOCUMENT: u64 = 32 * 1024 * 1024;
/// Numbering, styles, comments and other small parts.
const MAX_PART: u64 = 16 * 1024 * 1024;

/// The parts of a Word package the reader and writers use.
pub struct Package {
    /// The whole file, kept to copy the untouched entries when writing.
    pub bytes: Vec<u8>,
    /// The main document part's name (`word/document.xml`).
    pub document_name: String,
    pub document: String,
    pub numbering: Option<String>,
    pub styles: Option<String>,
    /// `word/_rels/document.xml.rels`, as written, and its name.
    pub rels_name: String,
    pub rels: Option<String>,
    /// The comments part, its name, and the Word 2013+ parts that describe
    /// comments (threads, ids), by name.
    pub comments: Option<(String, String)>,
    pub comment_extras: Vec<(String, String)>,
    pub content_types: String,
}

/// Entry names of the zip, as written, by lower-case name: part names are
/// case-insensitive (OPC), and some producers do not keep Word's case.
struct Names(HashMap<String, usize>, Vec<String>);

impl Names {
    fn find(&self, name: &str) -> Option<usize> {
        self.0.get(&name.to_lowercase()).copied()
    }
}

fn zip_error(e: ZipError) -> DocxError {
    match e {
        ZipError::UnsupportedArchive(what)
            if what.to_lowercase().contains("password")
                || what.to_lowercase().contains("encrypt") =>
        {
            DocxError::Encrypted
        }
        ZipError::InvalidPassword => DocxError::Encrypted,
        other => DocxError::Corrupt(other.to_string()),
    }
}

impl Package {
    pub fn open(bytes: Vec<u8>) -> Result<Package, DocxError> {
        let mut archive = ZipArchive::new(Cursor::new(bytes.as_slice())).map_err(zip_error)?;
        if archive.len() > MAX_ENTRIES {
            return Err(DocxError::TooLarge(format!(
                "压缩包中有 {} 个文件（上限 {MAX_ENTRIES}）",
                archive.len()
            )));
        }
        let mut by_name = HashMap::new();
        let mut written = Vec::new();
        for (i, name) in archive.file_names().enumerate() {
            let name = name.map_err(zip_error)?.to_string();
            by_name.insert(name.to_lowercase(), i);
            written.push(name);
        }
        let names = Names(by_name, written);
        let mut budget = MAX_DOCUMENT + 4 * MAX_PART;
        let mut read = |name: &str, cap: u64| -> Result<Option<String>, DocxError> {
            let Some(index) = names.find(name) else {
                return Ok(None);
            };
            let mut file = archive.by_index(index).map_err(zip_error)?;
            if file.encrypted() {
                return Err(DocxError::Encrypted);
            }
            let cap = cap.min(budget);
            let mut out = Vec::with_capacity(file.size().min(cap) as usize);
            (&mut file)
                .take(cap + 1)
                .read_to_end(&mut out)
                .map_err(|e| DocxError::Corrupt(e.to_string()))?;
            if out.len() as u64 > cap {
                return Err(DocxError::TooLarge(format!(
                    "“{name}”解压后超过 {} MB",
                    cap / (1024 * 1024)
                )));
            }
            budget -= out.len() as u64;
            let text = String::from_utf8(out)
                .map_err(|_| DocxError::Corrupt(format!("“{name}”不是 UTF-8 编码的 XML")))?;
            Ok(Some(text.trim_start_matches('\u{feff}').to_string()))
        };

        let content_types = read("[Content_Types].xml", MAX_PART)?.unwrap_or_default();
        let root_rels = read("_rels/.rels", MAX_PART)?.unwrap_or_default();
        let document_name = relationship_target(&root_rels, "", "/officeDocument")
            .filter(|n| names.find(n).is_some())
            .unwrap_or_else(|| "word/document.xml".to_string());
        let Some(document) = read(&document_name, MAX_DOCUMENT)? else {
            return Err(not_word(&names, &content_types));
        };
        if !is_word_main(&content_types, &document_name) {
            return Err(not_word(&names, &content_types));
        }
        let dir = document_name
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"));
        let file = document_name.rsplit('/').next().unwrap_or("document.xml");
        let rels_name = format!("{dir}_rels/{file}.rels");
        let rels = read(&rels_name, MAX_PART)?;
        let rels_text = rels.clone().unwrap_or_default();
        let part = |suffix: &str, default: &str| {
            relationship_target(&rels_text, &dir, suffix)
                .unwrap_or_else(|| format!("{dir}{default}"))
        };
        let numbering = read(&part("/numbering", "numbering.xml"), MAX_PART)?;
        let styles = read(&part("/styles", "styles.xml"), MAX_PART)?;
        let comments_name = part("/comments", "comments.xml");
        let comments = read(&comments_name, MAX_PART)?.map(|c| {
            let written = names
                .find(&comments_name)
                .map_or(comments_name.clone(), |i| names.1[i].clone());
            (written, c)
        });
        let mut comment_extras = Vec::new();
        for (suffix, default) in [
            ("/commentsExtended", "commentsExtended.xml"),
            ("/commentsIds", "commentsIds.xml"),
            ("/commentsExtensible", "commentsExtensible.xml"),
        ] {
            let name = part(suffix, default);
            if let Some(text) = read(&name, MAX_PART)? {
                let written = names.find(&name).map_or(name, |i| names.1[i].clone());
                comment_extras.push((written, text));
            }
        }
        let rels_written = names
            .find(&rels_name)
            .map_or(rels_name.clone(), |i| names.1[i].clone());
        let document_written = names
            .find(&document_name)
            .map_or(document_name.clone(), |i| names.1[i].clone());
        Ok(Package {
            bytes,
            document_name: document_written,
            document,
            numbering,
            styles,
            rels_name: rels_written,
            rels,
            comments,
            comment_extras,
            content_types,
        })
    }

    /// A new package: the parts in `replace` (by name, as written) get new
    /// contents, `add` are appended, every other entry is copied as it was.
    pub fn rewrite(
        &self,
        replace: &HashMap<String, String>,
        add: &[(String, String)],
    ) -> Result<Vec<u8>, DocxError> {
        let mut archive = ZipArchive::new(Cursor::new(self.bytes.as_slice())).map_err(zip_error)?;
        let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(self.bytes.len() + 4096)));
        let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        let write_err = |e: std::io::Error| DocxError::Corrupt(e.to_string());
        for i in 0..archive.len() {
            let name = archive
                .name_for_index(i)
                .ok_or_else(|| DocxError::Corrupt("压缩包目录不完整".into()))?
                .map_err(zip_error)?
                .to_string();
            match replace.get(&name) {
                Some(contents) => {
                    let modified = archive
                        .by_index_raw(i)
                        .map_err(zip_error)?
                        .last_modified()
                        .unwrap_or_default();
                    writer
                        .start_file(name.as_str(), deflated.last_modified_time(modified))
                        .map_err(zip_error)?;
                    writer.write_all(contents.as_bytes()).map_err(write_err)?;
                }
                None => {
                    let file = archive.by_index_raw(i).map_err(zip_error)?;
                    writer.raw_copy_file(file).map_err(zip_error)?;
                }
            }
        }
        for (name, contents) in add {
            writer
                .start_file(name.as_str(), deflated)
                .map_err(zip_error)?;
            writer.write_all(contents.as_bytes()).map_err(write_err)?;
        }
        Ok(writer.finish().map_err(zip_error)?.into_inner())
    }
}

/// The target of the first relationship whose type ends with `suffix`,
/// as a part name (relative targets resolved against `dir`).
pub fn relationship_target(rels: &str, dir: &str, suffix: &str) -> Option<String> {
    let tree = crate::xml::Tree::parse(rels, |_, _| false).ok()?;
    let target = tree.descendants(tree.root).into_iter().find_map(|i| {
        let e = tree.get(i);
        let kind = tree.attr(i, crate::xml::Ns::None, "Type")?;
        if &*e.local == "Relationship" && kind.ends_with(suffix) {
            tree.attr(i, crate::xml::Ns::None, "Target")
                .map(str::to_string)
        } else {
            None
        }
    })?;
    Some(resolve_target(dir, &target))
}

fn resolve_target(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// Whether the content types say `name` is a WordprocessingML main part
/// (a document, a template or a macro-enabled document). Packages without
/// content types are judged by the part alone.
fn is_word_main(content_types: &str, name: &str) -> bool {
    if content_types.is_empty() {
        return true;
    }
    let Ok(tree) = crate::xml::Tree::parse(content_types, |_, _| false) else {
        return true;
    };
    let wanted = format!("/{}", name.to_lowercase());
    let declared = tree.descendants(tree.root).into_iter().find_map(|i| {
        let e = tree.get(i);
        (&*e.local == "Override"
            && tree
                .attr(i, crate::xml::Ns::None, "PartName")
                .is_some_and(|p| p.to_lowercase() == wanted))
        .then(|| {
            tree.attr(i, crate::xml::Ns::None, "ContentType")
                .unwrap_or("")
        })
    });
    declared.is_none_or(|t| t.contains("wordprocessingml"))
}

/// What a zip without a Word document is.
fn not_word(names: &Names, content_types: &str) -> DocxError {
    let has = |prefix: &str| names.1.iter().any(|n| n.to_lowercase().starts_with(prefix));
    let kind = if has("xl/") {
        "Excel 表格（.xlsx）"
    } else if has("ppt/") {
        "PowerPoint 演示文稿（.pptx）"
    } else if names.find("mimetype").is_some() || content_types.contains("opendocument") {
        "OpenDocument 文档（.odt 等）"
    } else {
        ""
    };
    DocxError::NotWord(kind.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relationship_targets() {
        assert_eq!(
            resolve_target("word/", "numbering.xml"),
            "word/numbering.xml"
        );
        assert_eq!(
            resolve_target("word/", "/word/styles.xml"),
            "word/styles.xml"
        );
        assert_eq!(
            resolve_target("word/", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/commentsExtended" Target="commentsExtended.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;
        // The namespace of a Relationships part is its default one, so its
        // attributes are unprefixed.
        assert_eq!(
            relationship_target(rels, "word/", "/comments").as_deref(),
            Some("word/comments.xml")
        );
    }
}
