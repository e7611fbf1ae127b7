//! What the rule tests share: the CLI run in process from the workspace
//! root, the registry as `report-lint rule --format json` lists it, and a
//! rule's fixtures under `fixtures/rules/CODE/`.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::path::{Path, PathBuf};
use std::sync::Once;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// Paths in findings and snapshots are then workspace-relative, whatever
/// the checkout's location.
pub fn enter_workspace_root() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::env::set_current_dir(workspace_root()).expect("enter the workspace root")
    });
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str], stdin: &[u8]) -> Run {
    enter_workspace_root();
    let args = std::iter::once("report-lint")
        .chain(args.iter().copied())
        .map(Into::into)
        .collect();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = report_lint_cli::run(args, &mut &stdin[..], &mut stdout, &mut stderr);
    Run {
        code,
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// Every linked rule's metadata (code, name, severity, summary, docs…),
/// sorted by code, exactly as the binary lists it.
pub fn registry() -> Vec<serde_json::Value> {
    let out = run(&["rule", "--format", "json"], b"");
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("rule --format json is a JSON array")
}

pub fn field<'a>(rule: &'a serde_json::Value, key: &str) -> &'a str {
    rule[key]
        .as_str()
        .unwrap_or_else(|| panic!("rule without {key}: {rule}"))
}

/// `fire` or `silent`: the report of a rule's folder, and last year's
/// report beside it (`fire.previous.md`) for the cross-year rules.
pub struct Fixture {
    pub path: PathBuf,
    pub previous: Option<PathBuf>,
}

pub fn rule_dir(code: &str) -> PathBuf {
    Path::new("fixtures/rules").join(code)
}

/// The one `KIND.EXT` of a rule's folder, any extension.
pub fn fixture(code: &str, kind: &str) -> Option<Fixture> {
    enter_workspace_root();
    let entries = std::fs::read_dir(rule_dir(code)).ok()?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.split('.').next() == Some(kind) && !name.contains(".previous.")
        })
        .collect();
    found.sort();
    let path = found.into_iter().next()?;
    let ext = path.extension()?.to_str()?.to_string();
    let previous = path.with_file_name(format!("{kind}.previous.{ext}"));
    Some(Fixture {
        previous: previous.exists().then_some(previous),
        path,
    })
}

/// Every rule runs, as for a user; the caller keeps the findings it is
/// about (a planted defect may well set off other rules too).
pub fn findings_of(code: &str, fixture: &Fixture, text: Option<&str>) -> Vec<serde_json::Value> {
    let name = fixture.path.to_string_lossy().replace('\\', "/");
    let previous = fixture
        .previous
        .as_ref()
        .map(|p| p.to_string_lossy().replace('\\', "/"));
    let mut args = vec!["check", "--no-cache", "--format", "json"];
    if let Some(previous) = &previous {
        args.extend(["--previous", previous]);
    }
    let out = match text {
        None => run(&[&args[..], &[&name]].concat(), b""),
        Some(text) => run(
            &[&args[..], &["-", "--stdin-filename", &name]].concat(),
            text.as_bytes(),
        ),
    };
    assert_ne!(out.code, 2, "{name}: {}", out.stderr);
    let all: Vec<serde_json::Value> =
        serde_json::from_str(&out.stdout).expect("check --format json is a JSON array");
    all.into_iter().filter(|d| d["rule"] == code).collect()
}
