//! The real binary, spawned as a publisher's script would: exit codes,
//! streams, files on disk.

mod documents;

use documents::{folder, packs, text, REPORT};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_report-lint");

/// report-lint, keeping its private state (the cache key, the binary's
/// hash) in a folder of this test process's rather than the user's.
fn bin() -> Command {
    static STATE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let state = STATE.get_or_init(|| tempfile::tempdir().unwrap());
    let mut command = Command::new(BIN);
    command.env("XDG_STATE_HOME", state.path());
    command
}

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/seeds")
        .join(name)
}

fn run(args: &[&str], stdin: &[u8], dir: &Path) -> Output {
    let mut child = bin()
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
    documents::checked(output)
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

/// A text that repeats one slip 300 times lists 200 findings and one
/// that stands for the other 100, in every format; the counts are 300.
#[test]
fn findings_of_a_rule_beyond_200_are_summed_up_in_one() {
    let years: String = (0..300)
        .map(|i| format!("2019年，我局第{i}次会议。\n"))
        .collect();
    let report = REPORT.replace("本年度依法做好政府信息公开工作。\n", &years);
    let dir = folder(&[("r.txt", report.as_bytes())]);
    let args = ["check", "--select", "D004", "--format"];
    let out = run(&[&args[..], &["json", "r.txt"]].concat(), b"", dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let found = json.as_array().unwrap();
    assert_eq!(found.len(), 201);
    let summary = &found[200];
    assert_eq!(summary["rule"], "D004");
    assert_eq!(summary["severity"], "info");
    assert_eq!(summary["message"], "另有 100 处同类问题（D004）未逐一列出");
    assert_eq!(summary["omitted"], 100);
    assert_eq!(summary["range"]["start"]["line"], 203);
    assert!(found[..200].iter().all(|d| d.get("omitted").is_none()));
    assert!(text(&out.stderr).contains("检查了 1 个文件：300 条提示"));

    let out = run(
        &[&args[..], &["text", "--statistics", "r.txt"]].concat(),
        b"",
        dir.path(),
    );
    let shown = text(&out.stdout);
    assert_eq!(shown.matches("note[D004]").count(), 201);
    assert!(shown.contains("另有 100 处同类问题（D004）未逐一列出"));
    assert!(shown.contains("  300  D004  stray-year"));

    let out = run(&[&args[..], &["sarif", "r.txt"]].concat(), b"", dir.path());
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 201);
    assert_eq!(results[200]["properties"]["omitted"], 100);
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
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name != ".report-lint-cache")
        .collect();
    assert_eq!(left, ["r.txt"], "no temporary file left behind");
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
fn fix_over_a_folder_fixes_every_report_and_reports_in_path_order() {
    // Enough files to keep every worker busy; every other one needs a fix,
    // one is not UTF-8 and one is not a report at all.
    let misspelled = REPORT;
    let correct = REPORT.replace("申请况", "申请情况");
    let names: Vec<String> = (0..40).map(|i| format!("d{}/r{i:02}.txt", i % 3)).collect();
    let mut files: Vec<(&str, &[u8])> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let text = if i % 2 == 0 {
                misspelled
            } else {
                correct.as_str()
            };
            (n.as_str(), text.as_bytes())
        })
        .collect();
    files.push(("d1/broken.txt", b"\xff"));
    files.push(("d2/notes.txt", "会议纪要".as_bytes()));
    let dir = folder(&files);
    let out = run(
        &["fix", "--select", "S004", "--format", "json", "."],
        b"",
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "one file is unreadable: {out:?}"
    );
    for name in &names {
        assert_eq!(
            fs::read_to_string(dir.path().join(name)).unwrap(),
            correct,
            "{name}"
        );
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("d2/notes.txt")).unwrap(),
        "会议纪要"
    );
    assert!(text(&out.stderr).contains("broken.txt"), "{out:?}");
    // Nothing is left to report, and the summary counts 20 files fixed.
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings, serde_json::json!([]));
    assert!(
        text(&out.stderr).contains("修复了 20 处问题（20 个文件）"),
        "{out:?}"
    );

    // With --diff nothing is written, and the diffs come in path order.
    let dir = folder(&files);
    let out = run(&["fix", "--diff", "--select", "S004", "."], b"", dir.path());
    let diffs = text(&out.stdout);
    let headers: Vec<&str> = diffs.lines().filter(|l| l.starts_with("--- ")).collect();
    let mut sorted = headers.clone();
    sorted.sort();
    assert_eq!(headers.len(), 20);
    assert_eq!(headers, sorted);
    assert_eq!(
        fs::read_to_string(dir.path().join(&names[0])).unwrap(),
        misspelled
    );
}

/// Runs the binary under `script`, which gives it a terminal, and returns
/// everything the terminal received.
fn run_in_terminal(args: &[&str], dir: &Path) -> String {
    let command: Vec<String> = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect();
    let out = Command::new("script")
        .args(["-qec", &command.join(" "), "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs the binary in a terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn long_runs_show_a_progress_bar_on_a_terminal_but_never_in_json() {
    let names: Vec<String> = (0..60).map(|i| format!("r{i:02}.txt")).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), REPORT.as_bytes()))
        .collect();
    let dir = folder(&files);
    let check = run_in_terminal(&["check", "."], dir.path());
    assert!(check.contains("检查中"), "{check}");
    let json = run_in_terminal(&["check", "--format", "json", "."], dir.path());
    assert!(!json.contains("检查中"), "{json}");
    let fix = run_in_terminal(&["fix", "--select", "S004", "."], dir.path());
    assert!(fix.contains("修复中"), "{fix}");
    assert!(fix.contains("修复了 60 处问题（60 个文件）"), "{fix}");
    // A short run has no bar.
    let one = run_in_terminal(&["check", "r00.txt"], dir.path());
    assert!(!one.contains("检查中"), "{one}");
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
fn rule_options_are_listed_and_a_wrong_one_stops_the_run_naming_file_and_line() {
    let docs = text(&run(&["rule", "D003"], b"", &std::env::temp_dir()).stdout);
    assert!(docs.contains("## 选项"), "{docs}");
    assert!(
        docs.contains("`agency-kind`") && docs.contains("\"township\""),
        "{docs}"
    );

    let dir = folder(&[
        ("r.txt", REPORT.as_bytes()),
        (
            "report-lint.toml",
            "[rules.D003]\nagency-kind = \"goverment\"\n".as_bytes(),
        ),
    ]);
    let out = run(&["check", "r.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("report-lint.toml"), "{err}");
    assert!(
        err.contains("第 2 行：“rules.D003.agency-kind”应为以下之一"),
        "{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing is checked with a wrong configuration"
    );
}

/// A province's own build (the binary of a rule pack) is named in hints,
/// not `report-lint`, which would lack the province's rules.
#[test]
fn hints_name_the_program_that_runs() {
    let dir = tempfile::tempdir().unwrap();
    let own = dir
        .path()
        .join(format!("my-report-lint{}", std::env::consts::EXE_SUFFIX));
    fs::copy(BIN, &own).unwrap();
    let out = Command::new(&own).args(["rule", "Q999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("用 `my-report-lint rule` 查看全部规则"),
        "{err}"
    );
    assert!(!err.contains("`report-lint rule`"), "{err}");
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
    let mut child = bin()
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

// ------------------------------------------------------------------
// Output formats for publishing pipelines.

/// A report with an error (a row total off by one, B001 with an unsafe fix),
/// a warning (S004, safe fix) and its checks.
fn defective_report() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/layouts/pipe-rows/defective-2021.txt"),
    )
    .unwrap()
}

#[test]
fn sarif_has_the_required_structure() {
    let dir = folder(&[
        ("年报/r.txt", defective_report().as_bytes()),
        ("年报/bad.txt", b"\xff"),
    ]);
    let out = run(&["check", "--format", "sarif", "年报"], b"", dir.path());
    assert_eq!(out.status.code(), Some(2), "an unreadable file: {out:?}");
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"]
        .as_str()
        .unwrap()
        .contains("sarif-schema-2.1.0"));
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let first = &runs[0];
    assert_eq!(first["columnKind"], "unicodeCodePoints");
    let driver = &first["tool"]["driver"];
    assert_eq!(driver["name"], "report-lint");
    let rules = driver["rules"].as_array().unwrap();
    for rule in rules {
        for field in ["id", "name"] {
            assert!(rule[field].is_string(), "{rule}");
        }
        assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
        assert!(rule["fullDescription"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## "));
        assert!(rule["help"]["text"].is_string());
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{rule}");
    }
    let results = first["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result}");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(result["message"]["text"].is_string());
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "%E5%B9%B4%E6%8A%A5/r.txt"
        );
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{result}");
        }
    }
    // B001: the cells that make up the sum are related locations; its
    // suggestion (set the total) is for a person to weigh, not a SARIF fix.
    let b001 = results.iter().find(|r| r["ruleId"] == "B001").unwrap();
    assert!(b001["relatedLocations"].as_array().unwrap().len() >= 6);
    assert!(
        b001["fixes"].as_array().is_none_or(|f| f.is_empty()),
        "{b001}"
    );
    // A fix that applies is a replacement.
    let md = fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/layouts/markdown/defective-2021.md"),
    )
    .unwrap();
    let md_dir = folder(&[("m.md", &md)]);
    let md_out = run(&["check", "--format", "sarif", "m.md"], b"", md_dir.path());
    let md_sarif: serde_json::Value =
        serde_json::from_slice(&md_out.stdout).expect("one JSON document");
    let p002 = md_sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "P002")
        .cloned()
        .unwrap();
    let replacement = &p002["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "44.90");
    assert_eq!(replacement["deletedRegion"]["startLine"], 17);
    assert_eq!(replacement["deletedRegion"]["startColumn"], 92);
    assert_eq!(replacement["deletedRegion"]["endColumn"], 97);
    // The JSON format gives the same position.
    let json = run(
        &[
            "check",
            "--format",
            "json",
            "--select",
            "B001",
            "年报/r.txt",
        ],
        b"",
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        json[0]["range"]["start"],
        serde_json::json!({"line": 57, "column": 61})
    );

    let invocation = &first["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert!(
        invocation["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("UTF-8")
    );
    assert!(first["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .starts_with("file:///"));
}

#[test]
fn github_annotations_one_per_finding() {
    let dir = folder(&[("a,b.txt", defective_report().as_bytes())]);
    let out = run(&["check", "--format", "github", "a,b.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(!lines.is_empty());
    assert!(
        lines.iter().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{stdout}"
    );
    assert!(
        stdout.contains("::error file=a%2Cb.txt,line=57,col=61,endLine=57,endColumn=62,title=B001 row-total-mismatch::“（二）部分公开”行总计应为 5"),
        "{stdout}"
    );
    // `%` in a message is escaped, so "6.52%" cannot start an escape.
    assert!(stdout.contains("实为 6.52%25"), "{stdout}");
    assert!(
        text(&out.stderr).contains("检查了 1 个文件"),
        "the summary goes to stderr"
    );
}

#[test]
fn csv_has_a_bom_a_header_and_quoted_rows() {
    let dir = folder(&[("r.txt", defective_report().as_bytes())]);
    let out = run(&["check", "--format", "csv", "r.txt"], b"", dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.starts_with("\u{feff}".as_bytes()),
        "Excel needs the BOM"
    );
    let body = &out.stdout[3..];
    let mut reader = csv::Reader::from_reader(body);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "code",
            "name",
            "severity",
            "message",
            "fix",
            "location"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json = run(&["check", "--format", "json", "r.txt"], b"", dir.path());
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows.len(), json.as_array().unwrap().len());
    let b001 = rows.iter().find(|r| &r[5] == "B001").unwrap();
    assert_eq!(&b001[0], "r.txt");
    assert_eq!((&b001[1], &b001[2]), ("57", "61"));
    assert_eq!(&b001[7], "error");
    assert_eq!(&b001[9], "将总计改为 5");
    // A text file's lines are the place; only documents have a location.
    assert_eq!(&b001[10], "");
    // Messages with commas and quotes survive the round trip.
    let b002 = rows.iter().find(|r| &r[5] == "B002").unwrap();
    assert!(b002[8].contains("，") && b002[8].contains("（一）予以公开 22"));
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = folder(&[
        ("r.txt", defective_report().as_bytes()),
        ("s.txt", REPORT.as_bytes()),
    ]);
    let out = run(
        &["check", "--statistics", "--no-checks", "."],
        b"",
        dir.path(),
    );
    let stdout = text(&out.stdout);
    let table = stdout
        .split("按规则统计：\n")
        .nth(1)
        .expect("the table on stdout");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().collect())
        .collect();
    let counts: Vec<usize> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "by count: {table}");
    assert!(rows
        .iter()
        .any(|r| r[1] == "S004" && r[2] == "misspelled-section-heading"));
    let total: usize = counts.iter().sum();
    let json = run(
        &["check", "--format", "json", "--statistics", "."],
        b"",
        dir.path(),
    );
    let found: serde_json::Value =
        serde_json::from_slice(&json.stdout).expect("stdout stays one JSON array");
    assert_eq!(found.as_array().unwrap().len(), total);
    assert!(
        text(&json.stderr).contains("按规则统计："),
        "statistics go to stderr with JSON"
    );
}

#[test]
fn exit_zero_and_the_severity_threshold() {
    let dir = folder(&[
        ("r.txt", REPORT.as_bytes()),
        ("bad.txt", defective_report().as_bytes()),
    ]);
    // With S004 alone, r.txt has one warning and no error.
    let code = |args: &[&str]| run(args, b"", dir.path()).status.code();
    assert_eq!(code(&["check", "--select", "S004", "r.txt"]), Some(0));
    assert_eq!(
        code(&[
            "check",
            "--select",
            "S004",
            "--severity",
            "warning",
            "r.txt"
        ]),
        Some(1)
    );
    assert_eq!(
        code(&["check", "--select", "S004", "--severity", "info", "r.txt"]),
        Some(1)
    );
    assert_eq!(
        code(&["check", "--select", "S001", "--severity", "info", "r.txt"]),
        Some(0)
    );
    assert_eq!(code(&["check", "--severity", "error", "bad.txt"]), Some(1));
    assert_eq!(code(&["check", "--exit-zero", "bad.txt"]), Some(0));
    assert_eq!(
        code(&["check", "--exit-zero", "--severity", "info", "bad.txt"]),
        Some(0)
    );
    // A file that cannot be read still fails the run.
    assert_eq!(
        code(&["check", "--exit-zero", "bad.txt", "nope.txt"]),
        Some(2)
    );
    assert_eq!(code(&["check", "--severity", "fatal", "r.txt"]), Some(2));
}

#[test]
fn text_says_what_was_checked_and_json_report_carries_it() {
    let dir = folder(&[("r.txt", defective_report().as_bytes())]);
    let out = run(&["check", "r.txt"], b"", dir.path());
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("核对 r.txt："))
        .expect("the checks line");
    assert_eq!(
        line,
        "核对 r.txt：B001 表三行总计 不成立（1/25 处）；B002 表三（七）总计 不成立（1/7 处）；\
         B004 表四总计 无法核对（未找到表四）；B003 表三勾稽关系 成立"
    );
    let quiet = text(&run(&["check", "--no-checks", "r.txt"], b"", dir.path()).stdout);
    assert!(!quiet.contains("核对 r.txt"), "{quiet}");
    // Only identities whose rule runs are reported.
    let b003 = text(&run(&["check", "--select", "B003", "r.txt"], b"", dir.path()).stdout);
    assert!(
        b003.contains("核对 r.txt：B003 表三勾稽关系 成立\n"),
        "{b003}"
    );

    let report = run(
        &["check", "--format", "json-report", "r.txt", "nope.txt"],
        b"",
        dir.path(),
    );
    assert_eq!(report.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["version"], 1);
    let file = &report["files"][0];
    assert_eq!(file["path"], "r.txt");
    assert_eq!(file["agency"], "青溪县市场监督管理局");
    assert_eq!(file["year"], 2021);
    assert_eq!(file["template"], "2021");
    let plain = run(&["check", "--format", "json", "r.txt"], b"", dir.path());
    let plain: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(
        file["diagnostics"], plain,
        "the same findings as --format json"
    );
    let checks = file["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 4);
    assert_eq!(checks[0]["rule"], "B001");
    assert_eq!(checks[0]["verdict"], "failed");
    let counts = |c: &serde_json::Value| {
        (
            c["held"].as_u64(),
            c["failed"].as_u64(),
            c["unchecked"].as_u64(),
        )
    };
    assert_eq!(counts(&checks[0]), (Some(22), Some(1), Some(2)));
    assert_eq!(checks[3]["verdict"], "unchecked");
    assert_eq!(checks[3]["missing"], "未找到表四");
    assert_eq!(report["failures"][0]["path"], "nope.txt");
    assert_eq!(report["cross_year"], serde_json::json!([]));
    let summary = &report["summary"];
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["failed"], 1);
    assert_eq!(
        summary["errors"].as_u64().unwrap() as usize,
        plain
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .count()
    );
    assert!(summary["statistics"][0]["count"].as_u64().unwrap() >= 1);
}

/// Last year's report just before in path order: compared at once, its
/// findings with the file's own. Otherwise: at the end, after all files.
#[test]
fn cross_year_findings_come_with_their_file_or_after_all_files() {
    let dir = folder(&[
        ("0/r2024.txt", yearly_report(2024).as_bytes()),
        ("a/r2022.txt", yearly_report(2022).as_bytes()),
        ("a/r2023.txt", yearly_report(2023).as_bytes()),
        ("c/other.txt", REPORT.as_bytes()),
    ]);
    let args = ["check", "--select", "Y002,S004", "."];
    let stdout = text(&run(&args, b"", dir.path()).stdout);
    let inline = stdout.find("a/r2023.txt:7:1").expect("compared at once");
    let s004 = stdout.find("c/other.txt:5:3").expect("c's own finding");
    let header = stdout
        .find("跨年度对照")
        .expect("a heading before later findings");
    let deferred = stdout.find("0/r2024.txt:7:1").expect("compared at the end");
    assert!(
        inline < s004 && s004 < header && header < deferred,
        "{stdout}"
    );

    let json = run(
        &["check", "--format", "json", "--select", "Y002,S004", "."],
        b"",
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let found: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            ("a/r2023.txt", "Y002"),
            ("c/other.txt", "S004"),
            ("0/r2024.txt", "Y002")
        ],
        "the late pair is appended to the array"
    );

    let report = run(
        &["check", "--format", "json-report", "--select", "Y002", "."],
        b"",
        dir.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    assert_eq!(files[2]["diagnostics"][0]["rule"], "Y002");
    let late = report["cross_year"].as_array().unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0]["path"], "0/r2024.txt");
}

#[test]
fn many_files_print_in_path_order_and_stay_quiet_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let n = 120;
    for i in 0..n {
        let body = if i % 3 == 0 {
            REPORT.to_string()
        } else {
            REPORT.replace("申请况", "申请情况")
        };
        let path = dir.path().join(format!("d{}/r{i:03}.txt", i % 7));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    }
    let out = run(
        &["check", "--format", "json", "--select", "S004", "."],
        b"",
        dir.path(),
    );
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), n / 3);
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr,
        format!(
            "检查了 {n} 个文件：{} 个警告\n其中 {} 个问题可用 `report-lint fix` 自动修复\n",
            n / 3,
            n / 3
        )
    );
    // Two runs print the same bytes.
    let again = run(
        &["check", "--format", "json", "--select", "S004", "."],
        b"",
        dir.path(),
    );
    assert_eq!(again.stdout, out.stdout);
}

// ------------------------------------------------------------------
// extract and config --show.

#[test]
fn extract_dumps_the_tables_as_json_and_csv() {
    let layouts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/layouts/pipe-rows");
    let dir = folder(&[
        (
            "r2021.txt",
            &fs::read(layouts.join("clean-2021.txt")).unwrap(),
        ),
        (
            "r2019.txt",
            &fs::read(layouts.join("clean-2019.txt")).unwrap(),
        ),
        ("notes.txt", "会议记录\n".as_bytes()),
    ]);
    let out = run(&["extract", "."], b"", dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let reports: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 2, "the non-report is skipped");
    assert!(text(&out.stderr).contains("导出了 2 份报告（跳过 1 个非年报文件）"));
    let r2021 = &reports[1];
    assert_eq!(r2021["path"], "r2021.txt");
    assert_eq!(r2021["template"], "2021");
    assert_eq!(r2021["year"], 2021);
    let rows = r2021["requests"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 26 - 1, "25 rows of the 2021 template");
    assert_eq!(rows[0]["key"], "一");
    assert_eq!(rows[0]["label"], "一、本年新收政府信息公开申请数量");
    assert_eq!(rows[0]["values"].as_array().unwrap().len(), 7);
    assert_eq!(r2021["review"]["values"].as_array().unwrap().len(), 15);
    assert_eq!(r2021["proactive"][0]["item"], 1);
    // A "/" cell is null.
    let r2019 = &reports[0];
    assert_eq!(r2019["proactive"][0]["rows"][0]["label"], "规章");
    assert_eq!(
        r2019["proactive"][0]["rows"][0]["values"][0],
        serde_json::Value::Null
    );

    let csv_out = run(
        &["extract", "--format", "csv", "r2019.txt", "r2021.txt"],
        b"",
        dir.path(),
    );
    assert!(csv_out.stdout.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(&csv_out.stdout[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2, "one row per report");
    let cell = |record: &csv::StringRecord, column: &str| {
        let i = header
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("{column}"));
        record[i].to_string()
    };
    assert_eq!(cell(&records[0], "文件"), "r2019.txt");
    assert_eq!(cell(&records[0], "模板"), "2019");
    // Both templates' rows are columns; the other template's are empty.
    assert_eq!(cell(&records[0], "三.三（六）1.总计"), "");
    assert_ne!(cell(&records[1], "三.三（六）1.总计"), "");
    assert_eq!(cell(&records[1], "三.三（六）.总计"), "");
    let json_total = &r2021["requests"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "三（七）")
        .unwrap()["values"][6];
    assert_eq!(
        cell(&records[1], "三.三（七）.总计"),
        json_total.to_string()
    );
    assert_eq!(
        cell(&records[0], "二.规章.本年新制作数量"),
        "",
        "“/” is empty"
    );
    assert!(header.iter().any(|h| h == "四.行政复议.结果维持"));
}

#[test]
fn config_show_says_where_each_setting_came_from() {
    let dir = folder(&[
        (
            "a/report-lint.toml",
            b"select = [\"B\", \"S\"]\nignore = [\"S007\"]\n[severity]\nS004 = \"error\"\n[per-file-ignores]\n\"archive/**\" = [\"S001\"]\n",
        ),
        ("a/archive/r.txt", REPORT.as_bytes()),
    ]);
    let out = run(
        &["config", "--show", "a/archive/r.txt", "--ignore", "B004"],
        b"",
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let shown = text(&out.stdout);
    for expected in [
        "配置文件：a/report-lint.toml（离该文件最近的 report-lint.toml）",
        "select：B、S（来自 a/report-lint.toml）",
        "S007（来自 a/report-lint.toml）",
        "S001（来自 a/report-lint.toml 的 per-file-ignores \"archive/**\"）",
        "B004（来自命令行 --ignore）",
        "级别：S004 = error（来自 a/report-lint.toml）",
    ] {
        assert!(shown.contains(expected), "{expected}\n{shown}");
    }
    let json = run(
        &["config", "--show", "a/archive/r.txt", "--format", "json"],
        b"",
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["config_file"]["source"], "discovered");
    assert_eq!(json["select"]["source"], "config-file");
    let rule = |code: &str| {
        json["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(rule("S004")["severity"], "error");
    assert_eq!(rule("S004")["severity_source"], "config-file");
    assert_eq!(rule("S001")["enabled"], false);
    assert_eq!(rule("B001")["enabled"], true);
    assert_eq!(rule("D001")["enabled"], false);

    // The running check agrees: S004 is an error there, S001 ignored.
    let check = run(&["check", "a/archive/r.txt"], b"", dir.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check.stdout).contains("error[S004]"));

    let defaults = text(&run(&["config", "--show", "elsewhere.txt"], b"", dir.path()).stdout);
    assert!(
        defaults.contains("配置文件：无") && defaults.contains("select：全部规则（默认）"),
        "{defaults}"
    );
    let explicit = text(
        &run(
            &[
                "config",
                "--show",
                "x.txt",
                "--config",
                "a/report-lint.toml",
            ],
            b"",
            dir.path(),
        )
        .stdout,
    );
    assert!(explicit.contains("（命令行 --config 指定）"), "{explicit}");
}

#[test]
fn the_plain_binary_links_no_rule_pack() {
    let out = run(&["rule", "--format", "json"], b"", &std::env::temp_dir());
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(
        rules.iter().all(|r| r["pack"] == "report-lint-rules"),
        "packs are opt-in per binary"
    );
    assert!(!rules.iter().any(|r| r["code"] == "G001"));
}

// ------------------------------------------------------------------
// Bad input: a clear message and an exit code, never a panic.

#[test]
fn bad_files_in_a_folder_are_reported_and_the_rest_is_checked() {
    let control: Vec<u8> = (0u8..32).cycle().take(4000).collect();
    let digits = "1".repeat(40);
    let huge_numbers = defective_report()
        .replace("| 17 |", &format!("| {digits} |"))
        .replace("予以公开22件", &format!("予以公开{digits}件"))
        .replace("占44.90%", &format!("占{digits}.{digits}%"));
    let dir = folder(&[
        ("in/a-empty.txt", b""),
        ("in/b-control.txt", &control),
        (
            "in/c-latin1.txt",
            "年报"
                .as_bytes()
                .iter()
                .chain(b"\xe9t\xe9")
                .copied()
                .collect::<Vec<u8>>()
                .as_slice(),
        ),
        ("in/d-digits.txt", huge_numbers.as_bytes()),
        ("in/e-good.txt", REPORT.as_bytes()),
    ]);
    // 50 MB without building it in memory twice: a report followed by spaces.
    let big = fs::File::create(dir.path().join("in/f-big.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();

    let started = Instant::now();
    for format in ["text", "json", "sarif", "csv", "github", "json-report"] {
        let out = run(&["check", "--format", format, "in"], b"", dir.path());
        assert_eq!(out.status.code(), Some(2), "{format}: {out:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("in/c-latin1.txt: 不是有效的 UTF-8 文本（第 6 字节处编码无效）"),
            "{stderr}"
        );
        assert!(
            stderr.contains(
                "in/f-big.txt: 文件过大（50.0 MB），不像是一份年度报告（上限 16 MB），未检查"
            ),
            "{stderr}"
        );
        assert!(
            stderr.contains("检查了 2 个文件：")
                && stderr.contains("（跳过 2 个非年报文件；2 个文件无法处理）")
                || format == "text",
            "{format}: {stderr}"
        );
    }
    let out = run(&["check", "--no-checks", "in"], b"", dir.path());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("in/d-digits.txt") && stdout.contains("有 40 位"),
        "{stdout}"
    );
    assert!(stdout.contains("in/e-good.txt:5:3"), "{stdout}");
    assert!(
        stdout.contains("检查了 2 个文件：")
            && stdout.contains("（跳过 2 个非年报文件；2 个文件无法处理）"),
        "{stdout}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "bad input is dealt with quickly"
    );

    // Named explicitly, the empty and control-character files are linted (and pass).
    let named = run(
        &["check", "in/a-empty.txt", "in/b-control.txt"],
        b"",
        dir.path(),
    );
    assert_eq!(named.status.code(), Some(0), "{named:?}");
    assert!(text(&named.stdout).contains("检查了 2 个文件：全部通过"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_reported_and_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = folder(&[
        ("reports/ok.txt", REPORT.as_bytes()),
        ("reports/locked/r.txt", REPORT.as_bytes()),
    ]);
    let locked = dir.path().join("reports/locked");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(
        dir.path().join("reports"),
        fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    fs::set_permissions(
        dir.path().join("reports/ok.txt"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads any folder: run as `nobody` then, which needs setpriv.
    let privileged = fs::read_dir(&locked).is_ok();
    let mut command = if privileged {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        bin()
    };
    let out = command
        .args(["check", "--select", "S004", "reports"])
        .current_dir(dir.path())
        .output();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let out = match out {
        Ok(out) => out,
        Err(err) if privileged => {
            eprintln!(
                "setpriv is not available ({err}); cannot drop root to test an unreadable folder"
            );
            return;
        }
        Err(err) => panic!("{err}"),
    };
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(stderr.contains("reports/locked: 没有访问权限"), "{stderr}");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("reports/ok.txt:5:3"),
        "the rest is still checked: {stdout}"
    );
}

// ------------------------------------------------------------------
// The result cache.

/// Reports with findings of their own, a pair compared at once
/// (a/2022, a/2023) and one compared at the end (a/2023, 0/2024).
fn paired_folder() -> tempfile::TempDir {
    folder(&[
        ("0/r2024.txt", yearly_report(2024).as_bytes()),
        ("a/r2022.txt", yearly_report(2022).as_bytes()),
        ("a/r2023.txt", yearly_report(2023).as_bytes()),
        ("c/other.txt", REPORT.as_bytes()),
        ("d/defective.txt", defective_report().as_bytes()),
        ("e/notes.txt", "会议纪要\n".as_bytes()),
    ])
}

#[test]
fn a_second_run_reads_the_cache_and_prints_the_same_bytes() {
    let dir = paired_folder();
    let cache = dir.path().join("cache");
    let cache_arg = cache.to_str().unwrap();
    let runs: [&[&str]; 5] = [
        &["check", "."],
        &["check", "--format", "json", "."],
        &["check", "--format", "json-report", "."],
        &["check", "--format", "sarif", "--select", "Y,B,S", "."],
        &[
            "check",
            "--previous",
            "a/r2022.txt",
            "a/r2023.txt",
            "0/r2024.txt",
        ],
    ];
    for args in runs {
        let uncached = run(&[args, &["--no-cache"]].concat(), b"", dir.path());
        let with_cache = [args, &["--cache-dir", cache_arg]].concat();
        let cold = run(&with_cache, b"", dir.path());
        let written = packs(&cache);
        assert!(!written.is_empty(), "{args:?} wrote its results");
        let warm = run(&with_cache, b"", dir.path());
        for output in [&cold, &warm] {
            assert_eq!(text(&output.stdout), text(&uncached.stdout), "{args:?}");
            assert_eq!(text(&output.stderr), text(&uncached.stderr), "{args:?}");
            assert_eq!(output.status.code(), uncached.status.code(), "{args:?}");
        }
        assert_eq!(
            packs(&cache),
            written,
            "{args:?}: everything was found in the cache, nothing new written"
        );
    }
    assert!(cache.join("CACHEDIR.TAG").is_file());
    assert!(cache.join(".gitignore").is_file());
}

#[test]
fn a_changed_file_or_configuration_is_linted_again() {
    let dir = paired_folder();
    // Whether a/r2023.txt has an S004, checked with the cache and without.
    let misspelled = |extra: &[&str]| {
        let args = [&["check", "--format", "json", "."], extra].concat();
        let cached = run(&args, b"", dir.path());
        let fresh = run(
            &[args.as_slice(), &["--no-cache"]].concat(),
            b"",
            dir.path(),
        );
        assert_eq!(text(&cached.stdout), text(&fresh.stdout), "{extra:?}");
        let found: serde_json::Value = serde_json::from_slice(&cached.stdout).unwrap();
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["path"] == "a/r2023.txt" && d["rule"] == "S004")
    };
    assert!(!misspelled(&[]));
    // Same name, same size, new text: the heading of part 三 misspelled.
    let path = dir.path().join("a/r2023.txt");
    let changed = yearly_report(2023).replace("申请情况", "申请况况");
    fs::write(&path, changed).unwrap();
    assert!(misspelled(&[]), "the new text was linted");
    assert!(!misspelled(&["--ignore", "S004"]));
    assert!(misspelled(&["--select", "S004"]));
}

#[test]
fn a_broken_or_unwritable_cache_is_never_an_error() {
    let dir = paired_folder();
    let args = ["check", "--format", "json", "--cache-dir", "cache", "."];
    let expected = run(&args, b"", dir.path());
    for pack in packs(&dir.path().join("cache")) {
        let bytes = fs::read(&pack).unwrap();
        // Records kept, index cut: not a pack any more.
        fs::write(&pack, &bytes[..bytes.len() / 2]).unwrap();
    }
    let garbage = dir.path().join("cache/0123456789abcdef");
    fs::create_dir_all(&garbage).unwrap();
    fs::write(garbage.join("x.pack"), b"RLPACK01RLPACK01").unwrap();
    let broken = run(&args, b"", dir.path());
    assert_eq!(text(&broken.stdout), text(&expected.stdout));
    assert_eq!(broken.status.code(), expected.status.code());

    // The cache folder is a file: nothing can be cached, all is checked.
    fs::write(dir.path().join("blocked"), b"").unwrap();
    let args = ["check", "--format", "json", "--cache-dir", "blocked", "."];
    let blocked = run(&args, b"", dir.path());
    assert_eq!(text(&blocked.stdout), text(&expected.stdout));
    assert_eq!(text(&blocked.stderr), text(&expected.stderr));
}

#[test]
fn the_cache_is_in_the_current_folder_unless_told_and_never_for_stdin() {
    let dir = folder(&[("r.txt", REPORT.as_bytes())]);
    run(&["check", "-"], REPORT.as_bytes(), dir.path());
    assert!(!dir.path().join(".report-lint-cache").exists(), "stdin");
    run(&["check", "--no-cache", "r.txt"], b"", dir.path());
    assert!(
        !dir.path().join(".report-lint-cache").exists(),
        "--no-cache"
    );
    run(&["check", "r.txt"], b"", dir.path());
    assert_eq!(packs(&dir.path().join(".report-lint-cache")).len(), 1);

    let output = bin()
        .args(["check", "r.txt"])
        .current_dir(dir.path())
        .env("REPORT_LINT_CACHE_DIR", dir.path().join("elsewhere"))
        .output()
        .unwrap();
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
    assert_eq!(packs(&dir.path().join("elsewhere")).len(), 1);
}

#[test]
fn packs_of_many_runs_are_merged_and_keep_their_entries() {
    let dir = folder(&[]);
    let variant = |i: usize| REPORT.replace("本年度", &format!("本年度第{i}次"));
    let path = dir.path().join("r.txt");
    let cache = dir.path().join(".report-lint-cache");
    for i in 0..12 {
        fs::write(&path, variant(i)).unwrap();
        run(&["check", "r.txt"], b"", dir.path());
        assert!(packs(&cache).len() <= 8, "run {i}: {:?}", packs(&cache));
    }
    // Every variant is still cached: checking them again writes nothing.
    let before = packs(&cache);
    for i in 0..12 {
        fs::write(&path, variant(i)).unwrap();
        let output = run(&["check", "r.txt"], b"", dir.path());
        assert!(text(&output.stdout).contains("S004"));
    }
    assert_eq!(packs(&cache), before);
}

#[test]
fn runs_at_the_same_time_share_the_cache() {
    let dir = paired_folder();
    let args = ["check", "--format", "json", "--cache-dir", "cache", "."];
    let expected = run(
        &[args.as_slice(), &["--no-cache"]].concat(),
        b"",
        dir.path(),
    );
    let children: Vec<_> = (0..4)
        .map(|_| {
            bin()
                .args(args)
                .current_dir(dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert_eq!(text(&output.stdout), text(&expected.stdout));
        assert_eq!(text(&output.stderr), text(&expected.stderr));
    }
    let written = packs(&dir.path().join("cache"));
    assert!(!written.is_empty() && written.len() <= 4, "{written:?}");
    let warm = run(&args, b"", dir.path());
    assert_eq!(text(&warm.stdout), text(&expected.stdout));
    assert_eq!(packs(&dir.path().join("cache")), written, "all found");
}

#[test]
fn clean_removes_the_cache_and_nothing_else() {
    let dir = folder(&[("r.txt", REPORT.as_bytes()), ("notes/a.txt", b"keep")]);
    let gone = run(&["clean"], b"", dir.path());
    assert_eq!(gone.status.code(), Some(0));
    assert!(
        text(&gone.stdout).contains("没有缓存"),
        "{}",
        text(&gone.stdout)
    );

    run(&["check", "r.txt"], b"", dir.path());
    assert!(dir.path().join(".report-lint-cache").is_dir());
    let cleaned = run(&["clean"], b"", dir.path());
    assert_eq!(cleaned.status.code(), Some(0));
    assert!(!dir.path().join(".report-lint-cache").exists());

    let refused = run(&["clean", "--cache-dir", "notes"], b"", dir.path());
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("不是 report-lint 的缓存文件夹"));
    assert!(
        dir.path().join("notes/a.txt").is_file(),
        "a folder named by mistake stays"
    );
}

#[test]
fn fix_uses_the_cache_and_leaves_its_results_for_check() {
    // S004 with a safe fix in other.txt; in traditional.txt, with an
    // unsafe one (the template's wording would mix the scripts).
    let traditional = "某區2023年政府信息公開工作年度報告
一、總體情況
本年度依法做好政府信息公開工作。
二、主動公開政府信息情況
三、收到和處理政府信息公開申請況
四、政府信息公開行政復議、行政訴訟情況
五、存在的主要問題及改進情況
六、其他需要報告的事項
";
    let files = [
        ("c/other.txt", REPORT.as_bytes().to_vec()),
        ("d/defective.txt", defective_report().into_bytes()),
        ("t/traditional.txt", traditional.as_bytes().to_vec()),
    ];
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, c)| (*n, c.as_slice())).collect();
    let dir = folder(&files);
    let uncached = folder(&files);
    let cache = dir.path().join(".report-lint-cache");
    let both = |args: &[&str]| {
        let cached = run(args, b"", dir.path());
        let fresh = run(&[args, &["--no-cache"]].concat(), b"", uncached.path());
        assert_eq!(text(&cached.stdout), text(&fresh.stdout), "{args:?}");
        assert_eq!(text(&cached.stderr), text(&fresh.stderr), "{args:?}");
        assert_eq!(cached.status.code(), fresh.status.code(), "{args:?}");
        text(&cached.stdout)
    };
    // Fills the cache with what is left in the fixed files.
    both(&["fix", "--format", "json", "."]);
    assert!(!fs::read_to_string(dir.path().join("c/other.txt"))
        .unwrap()
        .contains("申请况"));
    let after_fix = packs(&cache);
    // A check right after finds every result in the cache.
    both(&["check", "--format", "json-report", "."]);
    assert_eq!(packs(&cache), after_fix, "check linted nothing again");
    // Nothing safe is left to fix: the cached results are printed.
    both(&["fix", "--format", "json", "."]);
    assert_eq!(packs(&cache), after_fix, "fix parsed nothing again");
    // An unsafe fix is still applied, though the file's results are cached.
    let before = fs::read_to_string(dir.path().join("t/traditional.txt")).unwrap();
    let unsafe_fixes = both(&["fix", "--unsafe-fixes", "--format", "json", "."]);
    let after = fs::read_to_string(dir.path().join("t/traditional.txt")).unwrap();
    assert_ne!(before, after, "{unsafe_fixes}");
    assert_eq!(
        after,
        fs::read_to_string(uncached.path().join("t/traditional.txt")).unwrap()
    );
    // Nothing left to show as a diff, from the cache as without it.
    let written = packs(&cache);
    both(&["fix", "--diff", "--unsafe-fixes", "."]);
    assert_eq!(packs(&cache), written);
}

/// A rule written in `report-lint.toml` runs in `check` like a built-in one,
/// and `report-lint rule` lists it with the file it comes from.
#[test]
fn a_rule_written_in_the_configuration_runs_and_is_listed() {
    let config = r#"
[[rule]]
code = "Z101"
name = "fee-standard-in-part-six"
message = "第六部分应写明信息处理费的收费标准"
scope = "part 6"
must-mention = "收费标准"
"#;
    let dir = folder(&[
        ("r.txt", defective_report().as_bytes()),
        ("report-lint.toml", config.as_bytes()),
    ]);
    let out = run(&["check", "--format", "json", "r.txt"], b"", dir.path());
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let z101: Vec<_> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "Z101")
        .collect();
    assert_eq!(z101.len(), 1, "{found}");
    assert_eq!(z101[0]["severity"], "warning");
    assert_eq!(z101[0]["message"], "第六部分应写明信息处理费的收费标准");

    let listed = run(&["rule"], b"", dir.path());
    let table = text(&listed.stdout);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("Z101") && l.contains("report-lint.toml")),
        "{table}"
    );
    // A mistake in it names the rule and the line of the key at fault.
    fs::write(
        dir.path().join("report-lint.toml"),
        config.replace("part 6", "part 7"),
    )
    .unwrap();
    let broken = run(&["check", "r.txt"], b"", dir.path());
    assert_eq!(broken.status.code(), Some(2));
    let err = text(&broken.stderr);
    assert!(
        err.contains("第 1 个 [[rule]]（第 6 行）") && err.contains("scope"),
        "{err}"
    );
}

#[test]
fn version_names_the_version_the_commit_and_the_rule_packs() {
    let dir = tempfile::tempdir().unwrap();
    let long = run(&["--version"], b"", dir.path());
    assert_eq!(long.status.code(), Some(0));
    let long = text(&long.stdout);
    let first = long.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "report-lint {} (commit ",
            env!("CARGO_PKG_VERSION")
        )),
        "{long}"
    );
    // The commit is the checkout's HEAD when git can tell (this test runs
    // in the checkout), else "unknown".
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| text(&o.stdout).trim().to_string());
    let commit = first
        .rsplit("commit ")
        .next()
        .unwrap()
        .trim_end_matches(')');
    match head {
        // A commit made after the binary was built is not its commit; the
        // build script reruns on the next build. Either way it is hex.
        Some(_) => assert!(
            commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit()),
            "{commit}"
        ),
        None => assert_eq!(commit, "unknown"),
    }
    let rules = report_lint_rules_count();
    assert!(
        long.contains(&format!("report-lint-rules（{rules} 条规则）")),
        "{long}"
    );

    let short = text(&run(&["-V"], b"", dir.path()).stdout);
    assert_eq!(short.trim_end(), first, "-V is the first line");
    // Subcommands answer the same, under their own name.
    assert_eq!(
        text(&run(&["check", "--version"], b"", dir.path()).stdout),
        long.replacen("report-lint ", "report-lint-check ", 1)
    );
}

/// How many rules `report-lint rule` lists from the built-in pack.
fn report_lint_rules_count() -> usize {
    let dir = tempfile::tempdir().unwrap();
    let list = text(&run(&["rule"], b"", dir.path()).stdout);
    list.lines()
        .filter(|l| l.contains("report-lint-rules"))
        .count()
}
