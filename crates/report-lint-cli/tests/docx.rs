//! Word drafts through the real binary, as staff and reviewers use it:
//! check, fix, annotate, extract and view on the drafts of fixtures/docx
//! (made with python-docx by fixtures/docx/generate.py), and files Word
//! users have that report-lint cannot read.

mod documents;

use documents::{json, run, text};
use std::fs;
use std::io::{Cursor, Read};
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    documents::fixture("docx", name)
}

fn copies(names: &[&str]) -> tempfile::TempDir {
    documents::copies("docx", names)
}

fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            (file.name().unwrap().to_string(), data)
        })
        .collect()
}

#[test]
fn findings_on_a_draft_name_their_place_in_word_terms() {
    let dir = copies(&["defective-2021.docx"]);
    let out = run(
        &["check", "--format", "json", "defective-2021.docx"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let found = json(&out);
    let b001 = found
        .iter()
        .find(|d| d["rule"] == "B001")
        .expect("a wrong row total is found");
    let location = &b001["location"];
    assert!(
        location["text"].as_str().unwrap().starts_with("表三“"),
        "{location}"
    );
    assert!(location["table"].as_u64().is_some() && location["row"].as_u64().is_some());
    assert!(found
        .iter()
        .any(|d| d["rule"] == "P002" && d["location"]["paragraph"].as_u64().is_some()));

    let human = run(&["check", "defective-2021.docx"], dir.path());
    assert!(text(&human.stdout).contains("= 位置：表三“"));
    let csv = text(
        &run(
            &["check", "--format", "csv", "defective-2021.docx"],
            dir.path(),
        )
        .stdout,
    );
    assert!(csv.lines().next().unwrap().ends_with(",location"));
    assert!(csv.contains("表三“"));
    let sarif = run(
        &["check", "--format", "sarif", "defective-2021.docx"],
        dir.path(),
    );
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert!(result["locations"][0]["logicalLocations"][0]["name"].is_string());
    assert!(
        result.get("fixes").is_none(),
        "no byte edits of a Word file"
    );
}

#[test]
fn clean_drafts_are_silent() {
    let names = [
        "clean-2021.docx",
        "clean-2019.docx",
        "clean-2021-traditional.docx",
        "auto-numbering-2021.docx",
        "split-runs-2021.docx",
    ];
    let dir = copies(&names);
    // Each on its own: the fixtures are one agency's 2020 and 2021 reports
    // made from one model, which do not agree with each other (Y001).
    for name in names {
        let out = run(&["check", "--format", "json", name], dir.path());
        let loud: Vec<_> = json(&out)
            .into_iter()
            .filter(|d| d["severity"] != "info")
            .collect();
        assert!(loud.is_empty(), "{name}: {loud:#?}");
        assert_eq!(out.status.code(), Some(0), "{name}");
    }
}

#[test]
fn ranges_count_in_the_text_view_that_view_prints() {
    let dir = copies(&["defective-2021.docx"]);
    let view = text(&run(&["view", "defective-2021.docx"], dir.path()).stdout);
    let found = json(&run(
        &["check", "--format", "json", "defective-2021.docx"],
        dir.path(),
    ));
    let b001 = found.iter().find(|d| d["rule"] == "B001").unwrap();
    let line = b001["range"]["start"]["line"].as_u64().unwrap() as usize;
    let shown = view.lines().nth(line - 1).unwrap();
    let (number, content) = shown.trim_start().split_once("  ").unwrap();
    assert_eq!(number, line.to_string());
    assert!(content.starts_with('|'), "a table row: {content}");
    let column = b001["range"]["start"]["column"].as_u64().unwrap() as usize;
    let cell: String = content
        .chars()
        .skip(column - 1)
        .take_while(|c| c.is_ascii_digit())
        .collect();
    assert_eq!(cell, b001["location"]["excerpt"].as_str().unwrap());
}

#[test]
fn fix_writes_into_the_draft_and_nothing_else() {
    let dir = copies(&["defective-2021.docx"]);
    let path = dir.path().join("defective-2021.docx");
    let before = entries(&path);
    let out = run(&["fix", "defective-2021.docx"], dir.path());
    assert!(
        text(&out.stdout).contains("修复了"),
        "{}",
        text(&out.stdout)
    );
    let after = entries(&path);
    assert_eq!(
        before.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        after.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        if name == "word/document.xml" {
            assert_ne!(old, new);
        } else {
            assert_eq!(old, new, "{name} changed");
        }
    }
    // The safe fixes are gone; nothing safe is left to fix.
    let again = json(&run(
        &["check", "--format", "json", "defective-2021.docx"],
        dir.path(),
    ));
    assert!(!again
        .iter()
        .any(|d| ["P002", "S004", "N001"].contains(&d["rule"].as_str().unwrap())));
    let second = run(&["fix", "defective-2021.docx"], dir.path());
    assert!(!text(&second.stdout).contains("修复了"));
}

#[test]
fn automatic_numbers_are_shown_not_fixed() {
    let dir = copies(&["auto-numbering-defective-2021.docx"]);
    let found = json(&run(
        &[
            "check",
            "--format",
            "json",
            "auto-numbering-defective-2021.docx",
        ],
        dir.path(),
    ));
    let n001 = found.iter().find(|d| d["rule"] == "N001").unwrap();
    assert_eq!(n001["location"]["auto_number"], true);
    assert_eq!(n001["fixes"][0]["applicability"], "display-only");
    let before = fs::read(dir.path().join("auto-numbering-defective-2021.docx")).unwrap();
    run(&["fix", "auto-numbering-defective-2021.docx"], dir.path());
    assert_eq!(
        fs::read(dir.path().join("auto-numbering-defective-2021.docx")).unwrap(),
        before
    );
}

#[test]
fn annotate_writes_a_commented_copy_and_replaces_its_own_comments() {
    let dir = copies(&["defective-2021.docx"]);
    let found = json(&run(
        &["check", "--format", "json", "defective-2021.docx"],
        dir.path(),
    ));
    let out = run(&["annotate", "defective-2021.docx"], dir.path());
    assert_eq!(out.status.code(), Some(1), "errors found, as check");
    let copy = dir.path().join("defective-2021.批注.docx");
    let comments = |path: &Path| -> String {
        entries(path)
            .into_iter()
            .find(|(n, _)| n == "word/comments.xml")
            .map(|(_, d)| String::from_utf8(d).unwrap())
            .unwrap_or_default()
    };
    let xml = comments(&copy);
    assert_eq!(xml.matches("w:author=\"report-lint\"").count(), found.len());
    assert!(xml.contains("[B001]"));
    // The original is unchanged; the copy holds the same text.
    assert_eq!(
        fs::read(dir.path().join("defective-2021.docx")).unwrap(),
        fs::read(fixture("defective-2021.docx")).unwrap()
    );
    let view = |name: &str| text(&run(&["view", name], dir.path()).stdout);
    assert_eq!(
        view("defective-2021.docx"),
        view("defective-2021.批注.docx")
    );
    // Annotating the copy again updates it in place, without doubling.
    run(&["annotate", "defective-2021.批注.docx"], dir.path());
    assert_eq!(
        comments(&copy).matches("w:author=\"report-lint\"").count(),
        found.len()
    );
    // A folder walk leaves the copies alone.
    let walked = run(&["check", "--format", "json", "."], dir.path());
    assert_eq!(json(&walked).len(), found.len());
}

#[test]
fn extract_reads_word_tables_like_text_ones() {
    let dir = copies(&["clean-2021.docx"]);
    let out = run(&["extract", "clean-2021.docx"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let data: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let report = &data[0];
    assert_eq!(report["template"], "2021");
    let rows = report["requests"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 25);
    assert!(rows.iter().all(|r| r["readable"] == true));
}

#[test]
fn files_word_users_have_get_a_message_and_exit_2() {
    let ole = {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(2048, 0);
        b
    };
    let mut encrypted = ole.clone();
    encrypted.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let mut truncated = fs::read(fixture("clean-2021.docx")).unwrap();
    truncated.truncate(truncated.len() / 3);
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 5] = [
        ("旧.doc", &ole, "Word 97-2003"),
        ("旧.wps", &ole, "WPS"),
        ("加密.docx", &encrypted, "密码"),
        ("损坏.docx", &truncated, "损坏"),
        ("空.docx", b"", "损坏"),
    ];
    for (name, bytes, says) in cases {
        fs::write(dir.path().join(name), bytes).unwrap();
        let out = run(&["check", name], dir.path());
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = text(&out.stderr);
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
        if name != "加密.docx" {
            assert!(err.contains("另存为"), "{name} says what to do: {err}");
        }
    }
    // In a folder, Word's lock files are skipped; old formats are listed.
    fs::write(dir.path().join("~$报告.docx"), b"lock").unwrap();
    let out = run(&["check", "."], dir.path());
    let err = text(&out.stderr);
    assert!(!err.contains("~$"), "{err}");
    assert!(err.contains("旧.doc"));
}
