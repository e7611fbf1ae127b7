//! What the tests of Word and PDF files share: the binary, run in a folder
//! holding copies of fixtures, and its JSON read back.

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

/// The binary in `dir`; comments it writes are dated by SOURCE_DATE_EPOCH.
pub fn run(args: &[&str], dir: &Path) -> Output {
    let output = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1796601600")
        .output()
        .expect("spawn report-lint");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "report-lint panicked: {stderr}");
    output
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
