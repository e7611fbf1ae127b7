//! PDFs made by LibreOffice from the Word fixtures (fixtures/pdf), and
//! hostile ones built here.

use super::*;
use report_lint_core::{parse, Place};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/pdf")
        .join(name);
    std::fs::read(path).expect("the fixture is committed")
}

fn read(name: &str) -> Pdf {
    Pdf::read(&fixture(name)).expect("a readable PDF")
}

#[test]
fn paragraphs_are_rejoined_and_page_numbers_dropped() {
    let pdf = read("clean-2021.pdf");
    let lines: Vec<&str> = pdf.text().lines().collect();
    // The title wraps in the PDF; it is one line of the view.
    assert!(
        lines[0].ends_with("政府信息公开工作年度报告"),
        "{}",
        lines[0]
    );
    // A paragraph wrapped over five lines of the page is one line.
    assert!(lines
        .iter()
        .any(|l| l.starts_with("全年共收到政府信息公开申请48件")
            && l.ends_with("均在法定期限内答复。")));
    // Page footers (— 2 —) are gone.
    assert!(!lines.iter().any(|l| crate::layout::is_page_number(l)));
}

#[test]
fn tables_come_from_the_grid_and_are_joined_over_page_breaks() {
    let pdf = read("clean-2021.pdf");
    let source = pdf.source("clean-2021.pdf");
    let report = parse(source);
    let table = report.tables.requests.as_ref().expect("table 三 is read");
    assert_eq!(table.rows.len(), 25, "every row of the 2021 template");
    assert!(table.rows.iter().all(|r| r.readable));
    // The label the page break cut ("…大量反复" / "申请") is whole again.
    assert!(table
        .rows
        .iter()
        .any(|r| r.label.text.ends_with("无正当理由大量反复申请")));
    let review = report.tables.review.as_ref().expect("table 四 is read");
    assert!(review.readable);
}

#[test]
fn every_block_knows_its_page() {
    let pdf = read("defective-2021.pdf");
    let source = pdf.source("defective-2021.pdf");
    let map = source.document.as_deref().unwrap();
    assert!(map.blocks.iter().all(|b| b.page.is_some()));
    let at = source.text.find("二、主动公开政府信息清况").unwrap();
    let block = map.block_at(at).unwrap();
    assert_eq!(block.place, Place::Line);
    assert_eq!(block.page, Some(2));
    let report = parse(source);
    let location = report
        .locate(report_lint_core::Span::new(at, at + 3))
        .unwrap();
    assert!(location.text.starts_with("第2页“"), "{}", location.text);
}

#[test]
fn pages_without_text_are_unreadable() {
    for (name, says) in [
        ("scanned.pdf", "扫描件"),
        ("no-tounicode.pdf", "无法转换为文字"),
    ] {
        let pdf = read(name);
        assert!(pdf.text().is_empty());
        let source = pdf.source(name);
        let reason = source
            .document
            .as_deref()
            .unwrap()
            .unreadable
            .clone()
            .unwrap();
        assert!(reason.contains(says), "{name}: {reason}");
    }
}

#[test]
fn hostile_files_get_errors_not_panics() {
    let good = fixture("clean-2019.pdf");
    for cut in [10, good.len() / 4, good.len() / 2, good.len() - 10] {
        // A truncated file is read as far as it goes, or refused: never a panic.
        let _ = Pdf::read(&good[..cut]);
    }
    assert!(matches!(
        Pdf::read(b"%PDF-1.7\n garbage"),
        Err(PdfError::Corrupt(_))
    ));
    // Flipping bytes anywhere must not panic either.
    for i in (0..good.len()).step_by(good.len() / 40) {
        let mut broken = good.clone();
        broken[i] ^= 0x5a;
        let _ = Pdf::read(&broken);
    }
    assert!(is_pdf(b"%PDF-1.4"));
    assert!(is_pdf(b"\n\n  %PDF-1.4"));
    assert!(!is_pdf("一、总体情况".as_bytes()));
}

/// A real published report (fixtures/real, see SOURCES.md there).
fn real(name: &str) -> Pdf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/real")
        .join(name);
    Pdf::read(&std::fs::read(path).expect("the fixture is committed")).expect("a readable PDF")
}

#[test]
fn a_box_behind_every_printed_line_is_prose_not_a_table() {
    // The editor that made these PDFs drew a filled rectangle behind each
    // line of the body; the boxes touching table 二 joined its grid.
    let pdf = real("2024-淮安市洪泽区人民政府-pdf.pdf");
    let text = pdf.text();
    for line in [
        "（三）政府信息管理情况。加强区政府门户网站及政务新媒体日常管理，",
        "二、主动公开政府信息情况",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "{line} is a line of prose"
        );
    }
    let report = parse(pdf.source("x.pdf"));
    assert_eq!(report.sections.len(), 6, "every part's heading is found");
    let proactive = report.tables.proactive.as_ref().expect("table 二 is read");
    assert!(proactive.blocks.len() >= 4);
}

#[test]
fn an_empty_cell_beside_a_merged_label_is_not_a_figure() {
    // "（六）其他处理" spans the sub-label column, drawn as an empty cell.
    let report = parse(real("2023-淮安市洪泽区人民政府-pdf.pdf").source("x.pdf"));
    let table = report.tables.requests.as_ref().expect("table 三 is read");
    assert!(
        table.rows.iter().all(|r| r.readable),
        "every row has 7 cells"
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}
