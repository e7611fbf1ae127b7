//! What the CLI's test files share: the binary, run in a folder holding
//! copies of fixtures or given files, its output read back, a small report.

// Each test file uses its own part of these.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_report-lint");

/// A fixture of `fixtures/<folder>`.
pub fn fixture(folder: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(folder)
        .join(name)
}

/// The binary in `dir`; comments it writes are dated by SOURCE_DATE_EPOCH,
/// and its private state (the cache key) is kept in a folder of this test
/// process's rather than the user's.
pub fn run(args: &[&str], dir: &Path) -> Output {
    static STATE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    let state = STATE.get_or_init(|| tempfile::tempdir().unwrap());
    checked(
        Command::new(BIN)
            .args(args)
            .current_dir(dir)
            .env("SOURCE_DATE_EPOCH", "1796601600")
            .env("XDG_STATE_HOME", state.path())
            .output()
            .expect("spawn report-lint"),
    )
}

/// `output`, after making sure the run did not panic.
pub fn checked(output: Output) -> Output {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "report-lint panicked: {stderr}"
    );
    output
}

/// Six headings in template order; the third is misspelled (S004, a safe fix).
pub const REPORT: &str = "某区2023年政府信息公开工作年度报告
一、总体情况
本年度依法做好政府信息公开工作。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
";

/// A temporary folder holding `files`, writable (seeds are read-only).
pub fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, content).unwrap();
    }
    dir
}

/// Every pack under `cache` (packs sit in one folder per binary).
pub fn packs(cache: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in fs::read_dir(cache).into_iter().flatten().flatten() {
        for entry in fs::read_dir(dir.path()).into_iter().flatten().flatten() {
            if entry.path().extension().is_some_and(|e| e == "pack") {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    found
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("output is UTF-8")
}

/// A temporary folder with copies of these fixtures of `fixtures/<folder>`.
pub fn copies(folder: &str, names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        fs::copy(fixture(folder, name), dir.path().join(name)).unwrap();
    }
    dir
}

/// The findings of a `--format json` run.
pub fn json(output: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .expect("JSON output")
        .as_array()
        .cloned()
        .unwrap_or_default()
}
