//! Published PDFs through the real binary (fixtures/pdf: made by LibreOffice
//! from the Word fixtures, and two without extractable text).

mod documents;

use documents::{json, run};
use std::fs;
use std::path::Path;

fn copies(names: &[&str]) -> tempfile::TempDir {
    documents::copies("pdf", names)
}

#[test]
fn findings_on_a_pdf_name_their_page_and_take_no_fixes() {
    let dir = copies(&["defective-2021.pdf"]);
    let out = run(
        &["check", "--format", "json", "defective-2021.pdf"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let found = json(&out);
    let b001 = found.iter().find(|d| d["rule"] == "B001").expect("B001");
    assert!(b001["location"]["text"]
        .as_str()
        .unwrap()
        .starts_with("表三“"));
    assert!(b001["location"]["page"].as_u64().is_some());
    let p002 = found.iter().find(|d| d["rule"] == "P002").expect("P002");
    assert!(p002["location"]["text"]
        .as_str()
        .unwrap()
        .starts_with("第2页“"));
    // A fix exists for the source document; on the PDF it is only shown.
    assert_eq!(p002["fixes"][0]["applicability"], "display-only");
    assert!(p002["fixes"][0]["title"]
        .as_str()
        .unwrap()
        .contains("PDF 不能直接修改"));

    let before = fs::read(dir.path().join("defective-2021.pdf")).unwrap();
    let fixed = run(&["fix", "defective-2021.pdf"], dir.path());
    assert!(!String::from_utf8_lossy(&fixed.stdout).contains("修复了"));
    assert_eq!(
        fs::read(dir.path().join("defective-2021.pdf")).unwrap(),
        before
    );

    let annotate = run(&["annotate", "defective-2021.pdf"], dir.path());
    assert_eq!(annotate.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&annotate.stderr).contains("Word 文档"));
}

#[test]
fn clean_pdfs_are_silent_and_folders_take_pdfs() {
    let names = [
        "clean-2021.pdf",
        "clean-2019.pdf",
        "clean-2021-traditional.pdf",
    ];
    let dir = copies(&names);
    for name in names {
        let out = run(&["check", "--format", "json", name], dir.path());
        let loud: Vec<_> = json(&out)
            .into_iter()
            .filter(|d| d["severity"] != "info")
            .collect();
        assert!(loud.is_empty(), "{name}: {loud:#?}");
    }
    let walked = run(&["check", "--ignore", "Y", "."], dir.path());
    assert!(String::from_utf8_lossy(&walked.stdout).contains("检查了 3 个文件"));
}

#[test]
fn a_scanned_pdf_is_one_finding_and_a_broken_one_a_message() {
    let dir = copies(&["scanned.pdf"]);
    let out = run(&["check", "--format", "json", "scanned.pdf"], dir.path());
    let found = json(&out);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["rule"], "C005");
    assert_eq!(out.status.code(), Some(0), "a warning, not an error");

    fs::write(
        dir.path().join("坏.pdf"),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog",
    )
    .unwrap();
    let broken = run(&["check", "坏.pdf"], dir.path());
    assert_eq!(broken.status.code(), Some(2));
    let err = String::from_utf8_lossy(&broken.stderr);
    assert!(
        err.contains("坏.pdf") && err.contains("PDF 文件已损坏"),
        "{err}"
    );
}

/// A PDF that needs a password to open is one clear message and exit 2; one
/// encrypted only to restrict copying (empty user password, as many
/// published reports are) is read like any other.
#[test]
fn an_encrypted_pdf_is_refused_only_when_it_needs_a_password() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let dir = tempfile::tempdir().unwrap();
    for name in ["open-password.pdf", "permissions-only.pdf"] {
        fs::copy(data.join(name), dir.path().join(name)).unwrap();
    }
    let locked = run(&["check", "open-password.pdf"], dir.path());
    assert_eq!(locked.status.code(), Some(2));
    let err = String::from_utf8_lossy(&locked.stderr);
    assert!(
        err.contains("open-password.pdf: PDF 设置了打开密码，无法读取"),
        "{err}"
    );

    let view = run(&["view", "--plain", "permissions-only.pdf"], dir.path());
    assert_eq!(view.status.code(), Some(0), "{view:?}");
    let text = String::from_utf8_lossy(&view.stdout);
    assert!(
        text.contains("一、总体情况") && text.contains("全年收到申请3件"),
        "{text}"
    );
}

/// fixtures/pdf-browser: Word fixtures exported as a web page and printed
/// to PDF by Chromium (each cell's border drawn on its own, rows cut by the
/// page break with the grid left open, control characters printed as the
/// "no glyph", the browser's header and footer on every page), and a real
/// report's web page printed so. Each must give exactly the findings of
/// what was printed: the Word draft, or the real page kept in fixtures/real.
#[test]
fn browser_printed_pdfs_give_their_word_drafts_findings() {
    let pdfs: Vec<String> = fs::read_dir(documents::fixture("pdf-browser", ""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert!(pdfs.len() >= 5, "{pdfs:?}");
    let findings = |folder: &str, name: &str| {
        let dir = documents::copies(folder, &[name]);
        let out = run(&["check", "--format", "json", name], dir.path());
        let mut found: Vec<(String, String, String)> = json(&out)
            .iter()
            .map(|d| {
                let field = |k: &str| d[k].as_str().unwrap_or_default().to_string();
                (field("rule"), field("severity"), field("message"))
            })
            .collect();
        found.sort();
        found
    };
    let mut planted = 0;
    for pdf in &pdfs {
        let stem = pdf.trim_end_matches(".pdf");
        let (folder, source) = match stem.strip_prefix("real-") {
            Some(real) => ("real", format!("{real}-html-in-js.js")),
            None => ("docx", format!("{stem}.docx")),
        };
        let expected = findings(folder, &source);
        planted += expected.iter().filter(|f| f.1 != "info").count();
        assert_eq!(findings("pdf-browser", pdf), expected, "{pdf} and {source}");
    }
    // Not only clean drafts: the defects are found through the browser too.
    assert!(planted >= 10, "{planted}");
}
