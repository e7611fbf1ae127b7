//! Word documents built here, as Word lays them out, read, fixed and
//! annotated.

use super::*;
use report_lint_core::Place;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;

/// A package with `body` as the document body, and other parts by name.
fn package(body: &str, parts: &[(&str, &str)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut files: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.into()),
        ("_rels/.rels", ROOT_RELS.into()),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOC_RELS.into()),
        ("word/media/image1.png", "\u{89}PNG not really".into()),
    ];
    for (name, text) in parts {
        files.retain(|(n, _)| n != name);
        files.push((name, text.to_string()));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in files {
        zip.start_file(name, SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn cell(text: &str, props: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).ok()?;
    let mut out = String::new();
    file.read_to_string(&mut out).unwrap();
    Some(out)
}

fn lines(docx: &Docx) -> Vec<&str> {
    docx.text().lines().filter(|l| !l.is_empty()).collect()
}

#[test]
fn lays_out_paragraphs_and_merged_tables() {
    let table = format!(
        "<w:tbl>\
         <w:tr>{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         </w:tbl>",
        cell(
            "三、本年度办理结果",
            r#"<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>"#
        ),
        cell("总计", ""),
        cell("", r#"<w:gridSpan w:val="2"/><w:vMerge/>"#),
        cell("1|2", ""),
        cell("", ""),
        cell("（一）予以公开", r#"<w:gridSpan w:val="2"/>"#),
        cell("3", ""),
        "",
    );
    let body = format!(
        "{}{}{table}{}",
        p("某局2023年政府信息公开工作年度报告"),
        "<w:p/>",
        p("结尾")
    );
    let docx = Docx::read(package(&body, &[])).unwrap();
    assert_eq!(
        lines(&docx),
        [
            "某局2023年政府信息公开工作年度报告",
            "| 三、本年度办理结果 | 总计 |",
            "| 1¦2 |  |",
            "| （一）予以公开 | 3 |",
            "结尾"
        ]
    );
    let source = docx.source("a.docx");
    let map = source.document.as_deref().unwrap();
    let at = |s: &str| source.text.find(s).unwrap();
    assert_eq!(map.block_at(at("结尾")).unwrap().place, Place::Paragraph(2));
    assert_eq!(
        map.block_at(at("1¦2")).unwrap().place,
        Place::Cell {
            table: 1,
            row: 2,
            column: 3
        }
    );
    assert_eq!(
        map.block_at(at("3 |")).unwrap().place,
        Place::Cell {
            table: 1,
            row: 3,
            column: 3
        }
    );
}

const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

fn numbered(num: u32, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
    )
}

#[test]
fn shows_automatic_numbering_as_word_does() {
    let body = format!(
        "{}{}<w:tbl><w:tr><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
        numbered(1, "总体情况"),
        numbered(1, "主动公开政府信息情况"),
        numbered(2, "属于国家秘密"),
        numbered(2, "其他法律行政法规禁止公开"),
    );
    let docx = Docx::read(package(&body, &[("word/numbering.xml", NUMBERING)])).unwrap();
    assert_eq!(
        lines(&docx),
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "| 1.属于国家秘密 |",
            "| 2.其他法律行政法规禁止公开 |"
        ]
    );
    let source = docx.source("a.docx");
    let map = source.document.as_deref().unwrap();
    let two = source.text.find("2.").unwrap();
    assert!(map.is_numbering(Span::new(two, two + 2)));
    let typed = source.text.find("其他").unwrap();
    assert!(!map.is_numbering(Span::new(typed, typed + 3)));
}

#[test]
fn reads_text_as_it_prints() {
    let body = concat!(
        // Tracked changes: a deletion out, an insertion in; digits split over runs.
        "<w:p><w:r><w:t>予以公开</w:t></w:r><w:del w:id=\"1\" w:author=\"甲\"><w:r><w:delText>5</w:delText></w:r></w:del>",
        "<w:ins w:id=\"2\" w:author=\"甲\"><w:r><w:t>1</w:t></w:r></w:ins><w:r><w:t>2</w:t></w:r><w:r><w:t>件</w:t></w:r></w:p>",
        // A page number field and a date field.
        "<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>",
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t>页</w:t></w:r>",
        "<w:fldSimple w:instr=\"DATE\"><w:r><w:t>2024年1月5日</w:t></w:r></w:fldSimple></w:p>",
        // A soft line break, and a text box written twice (choice and fallback).
        "<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>",
        "<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>",
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
        // A paragraph whose mark was deleted joins the next one.
        "<w:p><w:pPr><w:rPr><w:del w:id=\"3\" w:author=\"甲\"/></w:rPr></w:pPr><w:r><w:t>前半</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>后半</w:t></w:r></w:p>",
    );
    let docx = Docx::read(package(body, &[])).unwrap();
    assert_eq!(
        lines(&docx),
        [
            "予以公开12件",
            "第页2024年1月5日",
            "甲",
            "乙",
            "文本框",
            "前半后半"
        ]
    );
}

#[test]
fn fixes_go_into_the_runs_they_came_from() {
    let body = "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>占比23.0</w:t></w:r><w:r><w:t>7%，</w:t></w:r><w:r><w:t>其余</w:t></w:r></w:p>";
    let docx = Docx::read(package(body, &[])).unwrap();
    let text = docx.text();
    let at = text.find("23.07").unwrap();
    let patched = docx
        .apply_edits(&[(Span::new(at, at + 5), "23.08"), (Span::new(0, 0), "X")])
        .unwrap();
    assert_eq!((patched.applied, patched.skipped), (2, 0));
    let again = Docx::read(patched.bytes.clone()).unwrap();
    assert_eq!(lines(&again), ["X占比23.08%，其余"]);
    let xml = part(&patched.bytes, "word/document.xml").unwrap();
    assert!(
        xml.contains("<w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">X占比23.08</w:t>"),
        "{xml}"
    );
    // Untouched entries are copied as they were.
    assert_eq!(
        part(&patched.bytes, "word/media/image1.png"),
        part(&package(body, &[]), "word/media/image1.png")
    );
}

#[test]
fn fixes_never_touch_generated_numbers() {
    let body = numbered(2, "属于国家秘密");
    let docx = Docx::read(package(&body, &[("word/numbering.xml", NUMBERING)])).unwrap();
    assert!(docx.text().starts_with("1.属于"));
    let patched = docx.apply_edits(&[(Span::new(0, 1), "2")]).unwrap();
    assert_eq!((patched.applied, patched.skipped), (0, 1));
}

fn comments_of(bytes: &[u8]) -> Vec<(String, String)> {
    let xml = part(bytes, "word/comments.xml").unwrap_or_default();
    let tree = xml::Tree::parse(&xml, |ns, l| ns == xml::Ns::W && l == "t").unwrap();
    tree.children(tree.root)
        .map(|c| {
            let author = tree.w_attr(c, "author").unwrap_or("").to_string();
            let text: String = tree
                .descendants(c)
                .into_iter()
                .filter(|&d| tree.get(d).is_w("t"))
                .map(|d| tree.text(d))
                .collect();
            (author, text)
        })
        .collect()
}

#[test]
fn annotates_with_comments_and_replaces_its_own() {
    let body = format!(
        "{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        p("予以公开3件，占比23.07%。"),
        cell("总计", ""),
        cell("", ""),
    );
    let original = package(&body, &[]);
    let docx = Docx::read(original.clone()).unwrap();
    let text = docx.text();
    let pct = text.find("23.07").unwrap();
    let blank = text.rfind("|  |").unwrap() + 1;
    let comment = |span, what: &str| Comment {
        span,
        paragraphs: vec![what.to_string(), "规则 P001".to_string()],
    };
    let once = docx
        .annotate(
            &[
                comment(Span::new(pct, pct + 5), "百分比"),
                comment(Span::new(blank, blank + 2), "空白"),
            ],
            "2026-12-07T00:00:00Z",
        )
        .unwrap();
    let found = comments_of(&once);
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|(a, _)| a == "report-lint"));
    let xml = part(&once, "word/document.xml").unwrap();
    // The run was split around the percentage: the anchor holds exactly it.
    assert!(xml.contains(r#"<w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">23.07</w:t></w:r><w:commentRangeEnd w:id="0"/>"#), "{xml}");
    assert!(part(&once, "[Content_Types].xml")
        .unwrap()
        .contains("comments+xml"));
    assert!(part(&once, "word/_rels/document.xml.rels")
        .unwrap()
        .contains("comments.xml"));
    // The view of the annotated copy is the same text.
    let reread = Docx::read(once.clone()).unwrap();
    assert_eq!(reread.text(), docx.text());

    // Someone else comments; annotating again replaces only ours.
    let theirs = once.clone();
    let theirs_xml = part(&theirs, "word/comments.xml").unwrap().replace(
        "</w:comments>",
        r#"<w:comment w:id="7" w:author="张三"><w:p><w:r><w:t>请核对</w:t></w:r></w:p></w:comment></w:comments>"#,
    );
    let mut replace = std::collections::HashMap::new();
    replace.insert("word/comments.xml".to_string(), theirs_xml);
    let with_theirs = Docx::read(theirs)
        .unwrap()
        .package
        .rewrite(&replace, &[])
        .unwrap();
    let again = Docx::read(with_theirs)
        .unwrap()
        .annotate(
            &[comment(Span::new(pct, pct + 5), "百分比")],
            "2026-12-07T00:00:00Z",
        )
        .unwrap();
    let found = comments_of(&again);
    assert_eq!(found.iter().filter(|(a, _)| a == "report-lint").count(), 1);
    assert!(found.iter().any(|(a, t)| a == "张三" && t == "请核对"));
    let xml = part(&again, "word/document.xml").unwrap();
    assert_eq!(xml.matches("commentRangeStart").count(), 1);
    assert!(
        xml.contains(r#"w:id="8""#),
        "new ids follow the kept ones: {xml}"
    );
    assert_eq!(Docx::read(again).unwrap().text(), docx.text());
}

#[test]
fn hostile_files_get_errors_not_panics() {
    assert!(matches!(
        Docx::read(b"not a zip".to_vec()),
        Err(DocxError::Corrupt(_))
    ));
    let mut truncated = package(&p("x"), &[]);
    truncated.truncate(truncated.len() / 2);
    assert!(matches!(Docx::read(truncated), Err(DocxError::Corrupt(_))));
    // A zip with no Word document in it.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("xl/workbook.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    let xlsx = zip.finish().unwrap().into_inner();
    assert_eq!(
        Docx::read(xlsx).err(),
        Some(DocxError::NotWord("Excel 表格（.xlsx）".into()))
    );
    // An entity bomb in the document part.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(br#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><d>&b;</d>"#)
        .unwrap();
    let bomb = zip.finish().unwrap().into_inner();
    assert!(matches!(Docx::read(bomb), Err(DocxError::Corrupt(_))));
    // A decompression bomb: 40 MB of zeros in a few hundred kilobytes.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(
        "word/document.xml",
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated),
    )
    .unwrap();
    let zeros = vec![b'0'; 1024 * 1024];
    for _ in 0..40 {
        zip.write_all(&zeros).unwrap();
    }
    let inflating = zip.finish().unwrap().into_inner();
    assert!(inflating.len() < 1024 * 1024);
    assert!(matches!(Docx::read(inflating), Err(DocxError::TooLarge(_))));
    // Within the size cap, but more elements than any document has.
    let many = package(&"<w:p/>".repeat(1_100_000), &[]);
    assert!(matches!(Docx::read(many), Err(DocxError::TooLarge(_))));
    // Encrypted Word files and Word 97 files are OLE containers.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 512));
    assert_eq!(classify("a.doc", &ole), Kind::Unreadable);
    assert!(unreadable("a.doc", &ole).message().contains("Word 97-2003"));
    assert!(unreadable("a.wps", &ole).message().contains("WPS"));
    let mut encrypted = ole.clone();
    encrypted.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    assert_eq!(unreadable("a.docx", &encrypted), DocxError::Encrypted);
    // A web page saved as .doc is read as what it is.
    assert_eq!(
        classify("a.doc", "<html><body>一、总体情况".as_bytes()),
        Kind::Other
    );
}

#[test]
fn heading_styles_make_headings_without_ordinals() {
    let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style></w:styles>"#;
    let rels = DOC_RELS.replace(
        "</Relationships>",
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
    );
    let heading = |t: &str| {
        format!("<w:p><w:pPr><w:pStyle w:val=\"1\"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>")
    };
    let body: String = [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ]
    .iter()
    .map(|t| heading(t) + &p("正文。"))
    .collect::<String>()
        + &p("总体情况");
    let docx = Docx::read(package(
        &body,
        &[
            ("word/styles.xml", styles),
            ("word/_rels/document.xml.rels", &rels),
        ],
    ))
    .unwrap();
    let report = report_lint_core::parse(docx.source("a.docx"));
    let kinds: Vec<u8> = report.sections.iter().map(|s| s.ordinal).collect();
    // The last "总体情况" is body text, not a heading paragraph.
    assert_eq!(kinds, [1, 2, 3, 4, 5, 6]);
}
