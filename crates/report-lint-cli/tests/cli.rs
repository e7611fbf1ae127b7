//! The real binary, spawned as a publisher's script would: exit codes,
//! streams, files on disk.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_report-lint");

/// Six headings in template order; the third is misspelled (S004, a safe fix).
const REPORT: &str = "某区2023年政府信息公开工作年度报告
一、总体情况
本年度依法做好政府信息公开工作。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
";

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/seeds")
        .join(name)
}

fn run(args: &[&str], stdin: &[u8], dir: &Path) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn report-lint");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "report-lint panicked: {stderr}"
    );
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

/// A temporary folder holding `files`, writable (seeds are read-only).
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
    }
    dir
}

#[test]
fn exit_code_is_0_without_errors_and_1_with_one() {
    let dir = folder(&[("r.txt", REPORT.as_bytes())]);
    let clean = run(&["check", "--select", "S001", "r.txt"], b"", dir.path());
    assert_eq!(clean.status.code(), Some(0));
    assert!(text(&clean.stdout).contains("检查了 1 个文件：全部通过"));

    let missing = REPORT.replace("五、存在的主要问题及改进情况\n", "");
    fs::write(dir.path().join("r.txt"), missing).unwrap();
    let failing = run(&["check", "--select", "S001", "r.txt"], b"", dir.path());
    assert_eq!(failing.status.code(), Some(1));
    let out = text(&failing.stdout);
    assert!(out.contains("error[S001]"), "{out}");
    assert!(out.contains("= missing-section"), "{out}");
    assert!(out.contains("1 个错误"), "{out}");
}

#[test]
fn warnings_alone_exit_0() {
    let dir = folder(&[("r.txt", REPORT.as_bytes())]);
    let out = run(&["check", "--select", "S004", "r.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("warning[S004]"), "{stdout}");
    assert!(stdout.contains("r.txt:5:3"), "{stdout}");
    assert!(
        stdout.contains("help: 改为“收到和处理政府信息公开申请情况”"),
        "{stdout}"
    );
}

#[test]
fn invalid_utf8_exits_2_with_the_offset() {
    let dir = folder(&[("bad.txt", b"ab\xffcd")]);
    let out = run(&["check", "bad.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("bad.txt: 不是有效的 UTF-8 文本（第 2 字节处编码无效）"));
}

#[test]
fn a_missing_file_exits_2() {
    let dir = folder(&[]);
    let out = run(&["check", "nope.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nope.txt: 无法读取：文件不存在"));
}

#[test]
fn empty_and_junk_files_do_not_crash() {
    let junk: Vec<u8> = (0..=255u8)
        .cycle()
        .take(5000)
        .filter(|b| b.is_ascii())
        .collect();
    let dir = folder(&[("empty.txt", b""), ("junk.txt", &junk)]);
    for file in ["empty.txt", "junk.txt"] {
        for format in ["text", "json"] {
            let out = run(&["check", "--format", format, file], b"", dir.path());
            assert!(matches!(out.status.code(), Some(0 | 1)), "{file}: {out:?}");
        }
    }
}

#[test]
fn stdin_is_linted_under_the_given_name() {
    let dir = folder(&[]);
    let out = run(
        &[
            "check",
            "--select",
            "S004",
            "-",
            "--stdin-filename",
            "报告.txt",
        ],
        REPORT.as_bytes(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("报告.txt:5:3"));
}

#[test]
fn json_is_pure_with_one_based_char_columns() {
    let dir = folder(&[("r.txt", REPORT.as_bytes())]);
    let out = run(
        &["check", "--format", "json", "--select", "S004", "r.txt"],
        b"",
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let found = json.as_array().unwrap();
    assert_eq!(found.len(), 1);
    let d = &found[0];
    assert_eq!(d["path"], "r.txt");
    assert_eq!(d["rule"], "S004");
    assert_eq!(d["name"], "misspelled-section-heading");
    assert_eq!(d["severity"], "warning");
    // “三、” is two characters (six bytes) before the heading text.
    assert_eq!(
        d["range"]["start"],
        serde_json::json!({"line": 5, "column": 3})
    );
    assert_eq!(
        d["range"]["end"],
        serde_json::json!({"line": 5, "column": 17})
    );
    assert_eq!(d["fixes"][0]["applicability"], "safe");
    assert_eq!(
        d["fixes"][0]["edits"][0]["replacement"],
        "收到和处理政府信息公开申请情况"
    );
    assert!(d["labels"].is_array());
    // The summary goes to stderr so that stdout stays parseable.
    assert!(text(&out.stderr).contains("检查了 1 个文件"));
}

#[test]
fn a_folder_walk_skips_non_reports_but_named_files_are_linted() {
    let dir = folder(&[
        ("reports/r.txt", REPORT.as_bytes()),
        ("reports/notes.txt", "会议记录：下周二开会。\n".as_bytes()),
        ("reports/.hidden/x.txt", REPORT.as_bytes()),
    ]);
    let walked = run(&["check", "--select", "S004", "reports"], b"", dir.path());
    let out = text(&walked.stdout);
    assert!(
        out.contains("检查了 1 个文件：1 个警告（跳过 1 个非年报文件）"),
        "{out}"
    );
    assert!(out.contains("reports/r.txt:5:3"), "{out}");

    // Named, it is linted (the engine finds nothing in a non-report) and not skipped.
    let named = run(&["check", "reports/notes.txt"], b"", dir.path());
    assert_eq!(named.status.code(), Some(0));
    assert!(text(&named.stdout).contains("检查了 1 个文件：全部通过\n"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = folder(&[("r.txt", REPORT.as_bytes())]);
    assert_eq!(
        run(&["check", "--bogus"], b"", dir.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["check", "--format", "xml"], b"", dir.path())
            .status
            .code(),
        Some(2)
    );
    let unknown = run(&["check", "--select", "Q999", "r.txt"], b"", dir.path());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("Q999"));
    assert_eq!(run(&[], b"", dir.path()).status.code(), Some(2));
    assert_eq!(run(&["--help"], b"", dir.path()).status.code(), Some(0));
}

#[test]
fn colour_only_when_asked_for_off_a_terminal() {
    let dir = folder(&[("r.txt", REPORT.as_bytes())]);
    let plain = run(&["check", "--select", "S004", "r.txt"], b"", dir.path());
    assert!(!plain.stdout.contains(&0x1b));
    let coloured = run(
        &["check", "--select", "S004", "--color", "always", "r.txt"],
        b"",
        dir.path(),
    );
    assert!(coloured.stdout.contains(&0x1b));
}

#[test]
fn fix_keeps_bom_and_crlf_and_changes_only_the_fixed_text() {
    let original = format!("\u{feff}{}", REPORT.replace('\n', "\r\n"));
    let dir = folder(&[("r.txt", original.as_bytes())]);
    let out = run(&["fix", "--select", "S004", "r.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fixed = fs::read(dir.path().join("r.txt")).unwrap();
    let expected = original.replace("申请况", "申请情况");
    assert_eq!(text(&fixed), expected);
    assert!(text(&out.stdout).contains("修复了 1 处问题（1 个文件）"));
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn fix_leaves_a_file_with_nothing_to_fix_untouched() {
    let dir = folder(&[("r.txt", REPORT.as_bytes())]);
    let path = dir.path().join("r.txt");
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let out = run(&["fix", "--select", "S001", "r.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&path).unwrap(), REPORT);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert!(!text(&out.stdout).contains("修复了"));
}

#[test]
fn fix_diff_shows_the_change_and_writes_nothing() {
    let dir = folder(&[("r.txt", REPORT.as_bytes())]);
    let out = run(
        &["fix", "--diff", "--select", "S004", "r.txt"],
        b"",
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let diff = text(&out.stdout);
    assert!(diff.starts_with("--- r.txt\n+++ r.txt\n@@ "), "{diff}");
    assert!(
        diff.contains("\n-三、收到和处理政府信息公开申请况\n+三、收到和处理政府信息公开申请情况\n")
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("r.txt")).unwrap(),
        REPORT
    );
}

#[test]
fn fix_from_stdin_writes_the_fixed_text_to_stdout() {
    let dir = folder(&[]);
    let out = run(
        &["fix", "--select", "S004", "-"],
        REPORT.as_bytes(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), REPORT.replace("申请况", "申请情况"));
    assert!(text(&out.stderr).contains("修复了 1 处问题"));
}

#[test]
fn fix_renumbers_the_repeated_item_in_seed_000() {
    let name = "000_f866b5b8ecaa5ac0.txt";
    let original = fs::read_to_string(seed(name)).unwrap();
    let repeated = "\n1.申請(qǐng)人逾期未按收費(fèi)通知要求繳納費(fèi)用";
    assert_eq!(original.matches(repeated).count(), 1);
    let dir = folder(&[(name, original.as_bytes())]);
    let out = run(&["fix", "--select", "N001", name], b"", dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let fixed = fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(
        fixed,
        original.replace(repeated, &repeated.replace("\n1.", "\n2."))
    );
}

#[test]
fn rule_prints_the_docs_of_one_rule() {
    let dir = folder(&[]);
    for query in ["B001", "b001", "row-total-mismatch"] {
        let out = run(&["rule", query], b"", dir.path());
        assert_eq!(out.status.code(), Some(0));
        let docs = text(&out.stdout);
        assert!(docs.starts_with("B001 row-total-mismatch\n"), "{docs}");
        assert!(docs.contains("来源：report-lint-rules"));
        let body = docs.split_once("自动修复：").expect("the fix line").1;
        assert!(body.contains("\n## "), "the Markdown docs follow: {docs}");
    }
}

#[test]
fn rule_lists_every_rule() {
    let dir = folder(&[]);
    let table = text(&run(&["rule"], b"", dir.path()).stdout);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("B001  row-total-mismatch")),
        "{table}"
    );
    let out = run(&["rule", "--format", "json"], b"", dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"X001") && codes.contains(&"B001"),
        "{codes:?}"
    );
    assert!(
        codes.windows(2).all(|w| w[0] < w[1]),
        "sorted and unique: {codes:?}"
    );
}

#[test]
fn an_unknown_rule_exits_2() {
    let out = run(&["rule", "Z999"], b"", &std::env::temp_dir());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Z999"));
    assert!(out.stdout.is_empty());
}

#[test]
fn lsp_accepts_stdio_and_ends_when_the_client_goes_away() {
    let mut child = Command::new(BIN)
        .args(["lsp", "--stdio"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("`report-lint lsp --stdio` did not end after stdin closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_ne!(status.code(), Some(2), "--stdio must be accepted");
}

#[test]
fn the_nearest_configuration_file_applies() {
    let dir = folder(&[
        ("report-lint.toml", b"select = [\"S004\"]\n"),
        ("a/report-lint.toml", b"select = [\"S001\"]\n"),
        ("a/r.txt", REPORT.as_bytes()),
        ("b/r.txt", REPORT.as_bytes()),
    ]);
    let out = run(&["check", "a", "b"], b"", dir.path());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("b/r.txt:5:3"), "{stdout}");
    assert!(
        stdout.contains("检查了 2 个文件：1 个警告\n"),
        "a/ runs only S001: {stdout}"
    );

    // `--select` replaces the file's list; `--ignore` adds to it.
    let selected = run(&["check", "--select", "S004", "a"], b"", dir.path());
    assert!(text(&selected.stdout).contains("a/r.txt:5:3"));
    let ignored = run(&["check", "--ignore", "S004", "b"], b"", dir.path());
    assert!(text(&ignored.stdout).contains("检查了 1 个文件：全部通过"));
}

#[test]
fn per_file_ignores_match_paths_relative_to_the_configuration() {
    let dir = folder(&[
        (
            "report-lint.toml",
            b"[per-file-ignores]\n\"archive/**\" = [\"S004\"]\n",
        ),
        ("archive/r.txt", REPORT.as_bytes()),
        ("current/r.txt", REPORT.as_bytes()),
    ]);
    let out = run(&["check", "--select", "S004", "."], b"", dir.path());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("current/r.txt:5:3") && !stdout.contains("archive/r.txt:5:3"),
        "{stdout}"
    );
}

#[test]
fn an_explicit_configuration_must_exist_and_be_valid() {
    let dir = folder(&[
        ("r.txt", REPORT.as_bytes()),
        ("strict.toml", b"select = [\"S004\"]\n"),
        ("bad/report-lint.toml", b"colour = true\n"),
        ("bad/r.txt", REPORT.as_bytes()),
    ]);
    let explicit = run(
        &["check", "--config", "strict.toml", "r.txt", "bad/r.txt"],
        b"",
        dir.path(),
    );
    assert_eq!(
        explicit.status.code(),
        Some(0),
        "--config wins over discovery: {explicit:?}"
    );
    assert!(text(&explicit.stdout).contains("2 个警告"));

    let missing = run(
        &["check", "--config", "nope.toml", "r.txt"],
        b"",
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nope.toml: 配置文件不存在"));

    let invalid = run(&["check", "bad/r.txt"], b"", dir.path());
    assert_eq!(invalid.status.code(), Some(2));
    let stderr = text(&invalid.stderr);
    assert!(
        stderr.contains("report-lint.toml") && stderr.contains("colour"),
        "{stderr}"
    );
    assert!(
        invalid.stdout.is_empty(),
        "nothing is linted with a broken configuration"
    );
}

/// A report of one agency for `year` whose part 五 is the same every year.
fn yearly_report(year: u32) -> String {
    format!(
        "某市某区人民政府{year}年政府信息公开工作年度报告
一、总体情况
本年度依法做好政府信息公开工作。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
存在的主要问题是政务公开工作的制度化、规范化、标准化水平还需要进一步提高，公开内容的全面性、及时性和准确性还有待加强，解读回应工作的针对性和实效性还需提升。下一步将继续加强队伍建设和业务培训。
六、其他需要报告的事项
无。
"
    )
}

#[test]
fn last_years_report_is_compared_in_a_batch_or_with_previous() {
    let (old, new) = (yearly_report(2022), yearly_report(2023));
    let dir = folder(&[("r2022.txt", old.as_bytes()), ("r2023.txt", new.as_bytes())]);
    let batch = text(&run(&["check", "--select", "Y002", "."], b"", dir.path()).stdout);
    assert!(
        batch.contains("note[Y002]") && batch.contains("r2023.txt:7:1"),
        "{batch}"
    );
    assert_eq!(
        batch.matches("[Y002]").count(),
        1,
        "only the later report is compared: {batch}"
    );

    let alone = text(&run(&["check", "--select", "Y002", "r2023.txt"], b"", dir.path()).stdout);
    assert!(!alone.contains("[Y002]"), "{alone}");
    let args = [
        "check",
        "--select",
        "Y002",
        "--previous",
        "r2022.txt",
        "r2023.txt",
    ];
    let paired = text(&run(&args, b"", dir.path()).stdout);
    assert!(paired.contains("r2023.txt:7:1"), "{paired}");

    let missing = run(
        &["check", "--previous", "nope.txt", "r2023.txt"],
        b"",
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(2));
}
