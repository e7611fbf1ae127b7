//! Text files in the encodings reports are saved in: GBK (Notepad's "ANSI"
//! on Chinese Windows), GB18030, Big5, UTF-16 with a byte-order mark and
//! UTF-8 with one. Each is made here from a UTF-8 fixture (see
//! fixtures/encodings/README.md), read exactly as the UTF-8 text is, and
//! fixed back into the bytes of its own encoding; bytes in no encoding a
//! report is written in are refused with a message and exit code 2.

mod documents;

use documents::{fixture, text};
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_report-lint");

/// The binary in `dir`, with `stdin`.
fn run(args: &[&str], stdin: &[u8], dir: &Path) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn report-lint");
    // A run that reads no stdin may be gone before it is written.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let output = child.wait_with_output().unwrap();
    documents::checked(output)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Encoding {
    Utf8,
    Utf8Bom,
    Gbk,
    Gb18030,
    Big5,
    Utf16LeBom,
    Utf16BeBom,
}

use Encoding::*;

/// `text` as a file in `encoding` holds it, made with encoding_rs (and by
/// hand for UTF-16, which encoding_rs only decodes).
fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let legacy = |e: &'static encoding_rs::Encoding| {
        let (bytes, _, unmappable) = e.encode(text);
        assert!(!unmappable, "{encoding:?} has every character of the text");
        bytes.into_owned()
    };
    let utf16 = |to_bytes: fn(u16) -> [u8; 2]| -> Vec<u8> {
        std::iter::once(0xFEFF)
            .chain(text.encode_utf16())
            .flat_map(to_bytes)
            .collect()
    };
    match encoding {
        Utf8 => text.as_bytes().to_vec(),
        Utf8Bom => [b"\xEF\xBB\xBF", text.as_bytes()].concat(),
        Gbk => legacy(encoding_rs::GBK),
        Gb18030 => legacy(encoding_rs::GB18030),
        Big5 => legacy(encoding_rs::BIG5),
        Utf16LeBom => utf16(u16::to_le_bytes),
        Utf16BeBom => utf16(u16::to_be_bytes),
    }
}

/// The text of a file in `encoding`, decoded by encoding_rs: the file
/// must be valid in it (and start with its byte-order mark, if it has one).
fn decode(bytes: &[u8], encoding: Encoding) -> String {
    let (decoder, bom): (&'static encoding_rs::Encoding, &[u8]) = match encoding {
        Utf8 => (encoding_rs::UTF_8, b""),
        Utf8Bom => (encoding_rs::UTF_8, b"\xEF\xBB\xBF"),
        Gbk | Gb18030 => (encoding_rs::GB18030, b""),
        Big5 => (encoding_rs::BIG5, b""),
        Utf16LeBom => (encoding_rs::UTF_16LE, b"\xFF\xFE"),
        Utf16BeBom => (encoding_rs::UTF_16BE, b"\xFE\xFF"),
    };
    let rest = bytes
        .strip_prefix(bom)
        .unwrap_or_else(|| panic!("{encoding:?}: the byte-order mark is kept"));
    decoder
        .decode_without_bom_handling_and_without_replacement(rest)
        .unwrap_or_else(|| panic!("{encoding:?}: the file is valid in its encoding"))
        .into_owned()
}

/// A fixture with Windows line endings, as Notepad saves it.
fn crlf_fixture(folder: &str, name: &str) -> String {
    let text = fs::read_to_string(fixture(folder, name)).unwrap();
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

/// A simplified report with planted errors, two of them with safe fixes
/// (a percentage, a misspelled heading).
fn simplified() -> String {
    // Its one no-break space (a blank cell) is a character GBK lacks.
    crlf_fixture("layouts/one-cell-per-line", "defective-2021.txt").replace('\u{a0}', "\u{3000}")
}

/// A simplified report with table 三 in `|` rows.
fn pipe_rows() -> String {
    crlf_fixture("layouts/pipe-rows", "defective-2021.txt")
}

/// With characters GBK lacks, so that GB18030 writes four-byte sequences.
fn with_extension_a_characters() -> String {
    format!("{}注：㐀、𠀀为扩展区汉字，GBK 中没有。\r\n", simplified())
}

/// A traditional report, without its pinyin `(hào)`, which Big5 lacks.
fn traditional(name: &str) -> String {
    crlf_fixture("layouts/one-cell-per-line-dense", name).replace("(hào)", "")
}

/// A traditional report whose heading 二 is misspelled: its fix, unsafe,
/// writes the template's heading in simplified characters (主动公开…),
/// which Big5 lacks; its safe fix deletes HTML debris.
fn misspelled_traditional() -> String {
    let report = traditional("clean-2021-traditional.txt");
    assert!(report.contains("\r\n二、主動公開政府信息情況\r\n"));
    report.replace(
        "\r\n二、主動公開政府信息情況",
        "\r\n二、主動公開政府信息清況",
    )
}

/// Every encoded version of a text that `check` is tested with against
/// its UTF-8 one.
fn check_cases() -> Vec<(Encoding, String)> {
    let mut cases = Vec::new();
    for report in [simplified(), pipe_rows()] {
        for encoding in [Utf8Bom, Gbk, Utf16LeBom, Utf16BeBom] {
            cases.push((encoding, report.clone()));
        }
    }
    cases.push((Gb18030, with_extension_a_characters()));
    cases.push((Big5, traditional("defective-2021-traditional.txt")));
    cases.push((Big5, misspelled_traditional()));
    cases
}

/// Every encoded version of a text that `fix` is tested with.
fn fix_cases() -> Vec<(Encoding, String)> {
    let mut cases: Vec<(Encoding, String)> = [Utf8Bom, Gbk, Utf16LeBom, Utf16BeBom]
        .into_iter()
        .map(|encoding| (encoding, simplified()))
        .collect();
    cases.push((Gb18030, with_extension_a_characters()));
    cases.push((Big5, misspelled_traditional()));
    cases
}

/// A folder holding `r.txt` with these bytes.
fn folder_with(bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("r.txt"), bytes).unwrap();
    dir
}

/// What a run printed and returned, for comparing two runs.
fn outcome(out: &Output) -> (Option<i32>, String, String) {
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn check_finds_the_same_in_every_encoding_as_in_utf8() {
    for (encoding, report) in check_cases() {
        let utf8 = folder_with(report.as_bytes());
        let encoded = folder_with(&encode(&report, encoding));
        for format in ["json", "text"] {
            let args = ["check", "--format", format, "--color", "never", "r.txt"];
            let expected = run(&args, b"", utf8.path());
            let stdout = text(&expected.stdout);
            assert!(
                matches!(expected.status.code(), Some(0 | 1))
                    && (stdout.contains("\"rule\": ") || stdout.contains("个警告")),
                "every fixture has findings: {expected:?}"
            );
            let found = run(&args, b"", encoded.path());
            assert_eq!(outcome(&found), outcome(&expected), "{encoding:?} {format}");
            // Again, from the result cache: the same bytes.
            let cached = run(&args, b"", encoded.path());
            assert_eq!(outcome(&cached), outcome(&expected), "{encoding:?} cached");
        }
        // Stdin is read the same way.
        let args = [
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "r.txt",
        ];
        let expected = run(&args, report.as_bytes(), utf8.path());
        let found = run(&args, &encode(&report, encoding), utf8.path());
        assert_eq!(outcome(&found), outcome(&expected), "{encoding:?} stdin");
        // `view` shows the decoded text, `extract` reads the same tables.
        for args in [&["view", "--plain", "r.txt"][..], &["extract", "r.txt"]] {
            let expected = run(args, b"", utf8.path());
            assert_eq!(expected.status.code(), Some(0), "{expected:?}");
            let found = run(args, b"", encoded.path());
            assert_eq!(outcome(&found), outcome(&expected), "{encoding:?} {args:?}");
        }
    }
}

#[test]
fn folders_and_last_years_report_are_read_in_any_encoding() {
    // The same agency's report of the year before (2020, on the 2019 template).
    let last_year = crlf_fixture("layouts/pipe-rows", "clean-2019.txt");
    let this_year = pipe_rows();
    let (utf8, encoded) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (last, this, dir) in [(Utf8, Utf8, &utf8), (Gbk, Utf16LeBom, &encoded)] {
        fs::write(dir.path().join("2020.txt"), encode(&last_year, last)).unwrap();
        fs::write(dir.path().join("2021.txt"), encode(&this_year, this)).unwrap();
    }
    for args in [
        &["check", "--format", "json", "."][..],
        &[
            "check",
            "--format",
            "json",
            "--previous",
            "2020.txt",
            "2021.txt",
        ],
    ] {
        let expected = run(args, b"", utf8.path());
        assert_eq!(expected.status.code(), Some(1), "{expected:?}");
        // Both files are read: the two years are compared.
        assert!(
            text(&expected.stdout).contains("\"rule\": \"Y001\""),
            "{expected:?}"
        );
        let found = run(args, b"", encoded.path());
        assert_eq!(outcome(&found), outcome(&expected), "{args:?}");
    }
}

#[test]
fn fix_writes_the_file_back_in_its_encoding_with_its_line_endings() {
    for (encoding, report) in fix_cases() {
        let utf8 = folder_with(report.as_bytes());
        let expected = run(&["fix", "r.txt"], b"", utf8.path());
        let fixed = fs::read_to_string(utf8.path().join("r.txt")).unwrap();
        assert_ne!(fixed, report, "the fixture has fixes: {expected:?}");
        assert!(!fixed.replace("\r\n", "").contains('\n'), "CRLF kept");

        let original = encode(&report, encoding);
        let dir = folder_with(&original);
        let out = run(&["fix", "r.txt"], b"", dir.path());
        assert_eq!(outcome(&out), outcome(&expected), "{encoding:?}");
        let written = fs::read(dir.path().join("r.txt")).unwrap();
        assert_eq!(decode(&written, encoding), fixed, "{encoding:?}");
        assert_eq!(written, encode(&fixed, encoding), "{encoding:?}");

        // The fixed text from stdin goes to stdout in its encoding too.
        let args = ["fix", "-", "--stdin-filename", "r.txt"];
        let out = run(&args, &original, dir.path());
        assert_eq!(out.status.code(), expected.status.code(), "{encoding:?}");
        assert_eq!(out.stdout, written, "{encoding:?} stdin");
    }
}

#[test]
fn a_fix_the_encoding_cannot_write_leaves_the_file_as_it_was() {
    // S004 puts the template's heading, in simplified characters, in
    // place of a misspelled one; Big5 has no 动 or 开.
    let report = misspelled_traditional();
    let original = encode(&report, Big5);
    let dir = folder_with(&original);
    let refused = |out: &Output, what: &str| {
        assert_eq!(out.status.code(), Some(2), "{what}: {out:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("修复要写入的文字无法用原文件的编码保存（Big5 编码中没有“"),
            "{what}: {stderr}"
        );
        assert!(
            stderr.contains("文件未修改；请用记事本或 WPS 将文件另存为 UTF-8 后再修复"),
            "{what}: {stderr}"
        );
        assert!(!stderr.contains("修复了"), "{what}: {stderr}");
    };
    let out = run(&["fix", "--unsafe-fixes", "r.txt"], b"", dir.path());
    refused(&out, "file");
    assert_eq!(fs::read(dir.path().join("r.txt")).unwrap(), original);

    let args = ["fix", "--unsafe-fixes", "-", "--stdin-filename", "r.txt"];
    let out = run(&args, &original, dir.path());
    refused(&out, "stdin");
    assert!(out.stdout.is_empty(), "nothing half-written to stdout");

    let out = run(
        &["fix", "--unsafe-fixes", "--diff", "r.txt"],
        b"",
        dir.path(),
    );
    refused(&out, "--diff");
    assert!(text(&out.stdout).contains("\n+二、主动公开政府信息情况\r\n"));
    assert_eq!(fs::read(dir.path().join("r.txt")).unwrap(), original);

    // The same report in UTF-8 takes the fix.
    let utf8 = folder_with(report.as_bytes());
    let out = run(&["fix", "--unsafe-fixes", "r.txt"], b"", utf8.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(fs::read_to_string(utf8.path().join("r.txt"))
        .unwrap()
        .contains("\r\n二、主动公开政府信息情况\r\n"));
}

#[test]
fn bytes_in_no_encoding_of_a_report_exit_2_with_a_message() {
    let japanese = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\
        何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。\n";
    let (shift_jis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(japanese);
    assert!(!unmappable);
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let random: Vec<u8> = (0..8192)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    for (what, bytes) in [
        ("Shift_JIS", shift_jis.into_owned()),
        ("random", random),
        ("0xFF", vec![0xFF]),
    ] {
        let dir = folder_with(&bytes);
        for args in [&["check", "r.txt"][..], &["fix", "--unsafe-fixes", "r.txt"]] {
            let out = run(args, b"", dir.path());
            assert_eq!(out.status.code(), Some(2), "{what} {args:?}: {out:?}");
            let stderr = text(&out.stderr);
            assert!(
                stderr.contains("r.txt: 不是有效的 UTF-8 文本（第 ")
                    && stderr.contains(
                        " 字节处编码无效），也不像 GBK/GB18030、Big5 或 UTF-16 文本，\
                         无法确定文本编码；请用记事本或 WPS 另存为 UTF-8 后再检查"
                    ),
                "{what}: {stderr}"
            );
            assert_eq!(fs::read(dir.path().join("r.txt")).unwrap(), bytes);
        }
    }
    // A UTF-16 byte-order mark followed by what UTF-16 cannot be.
    let dir = folder_with(b"\xFF\xFE\x00\xD8a\x00");
    let out = run(&["check", "r.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(text(&out.stderr).contains(
        "r.txt: 不是有效的 UTF-16LE 文本（第 2 字节处编码无效），请用记事本或 WPS 另存为 UTF-8 后再检查"
    ));
}
