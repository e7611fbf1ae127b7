//! The hand classification of real published reports stays true: every
//! error and warning report-lint gives on `fixtures/real/` has a row in
//! `fixtures/real/verdicts.tsv` (a true defect or not, judged by reading
//! the report), and every row is still given. A change of output therefore
//! fails here until its findings are judged again, and the precision the
//! READMEs state is the one the rows give. The same for
//! `fixtures/real-pdf-text/`: the text PDF tools take out of the real PDFs.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// One error or warning: file name, line, column, code, severity, message.
type Finding = (String, u64, u64, String, String, String);

/// What `report-lint check --format json --no-cache FOLDER/FILE` gives, run
/// from the workspace root, without the infos ("could not check" is not a
/// claim).
fn findings(root: &Path, folder: &str, file: &str) -> Vec<Finding> {
    let path = format!("{folder}/{file}");
    let args = [
        "report-lint",
        "check",
        "--format",
        "json",
        "--no-cache",
        &path,
    ]
    .iter()
    .map(Into::into)
    .collect();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    std::env::set_current_dir(root).expect("enter the workspace root");
    let code = report_lint_cli::run(args, &mut &b""[..], &mut stdout, &mut stderr);
    assert_ne!(code, 2, "{file}: {}", String::from_utf8_lossy(&stderr));
    let json: Value = serde_json::from_slice(&stdout).expect("one JSON document");
    json.as_array()
        .expect("a list of findings")
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| {
            let start = &d["range"]["start"];
            (
                file.to_string(),
                start["line"].as_u64().expect("line"),
                start["column"].as_u64().expect("column"),
                d["rule"].as_str().expect("rule").to_string(),
                d["severity"].as_str().expect("severity").to_string(),
                d["message"].as_str().expect("message").to_string(),
            )
        })
        .collect()
}

struct Verdict {
    finding: Finding,
    true_defect: bool,
}

fn verdicts(root: &Path, folder: &str) -> Vec<Verdict> {
    let text =
        std::fs::read_to_string(root.join(folder).join("verdicts.tsv")).expect("verdicts.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 8, "eight columns: {line}");
            let number = |s: &str| {
                s.parse::<u64>()
                    .unwrap_or_else(|_| panic!("a number: {line}"))
            };
            let true_defect = match f[5] {
                "true" => true,
                "false" => false,
                other => panic!("verdict is true or false, not {other}: {line}"),
            };
            Verdict {
                finding: (
                    f[0].to_string(),
                    number(f[1]),
                    number(f[2]),
                    f[3].to_string(),
                    f[4].to_string(),
                    f[7].to_string(),
                ),
                true_defect,
            }
        })
        .collect()
}

/// The reports of a real set: everything in the folder but its notes.
fn real_files(root: &Path, folder: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root.join(folder))
        .expect("the folder of a real set")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md") && !n.ends_with(".tsv"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_error_and_warning_on_real_reports_is_judged_and_the_precision_stated() {
    judged_and_stated("fixtures/real", &["README.md", "fixtures/real/README.md"]);
}

#[test]
fn every_error_and_warning_on_text_taken_out_of_real_pdfs_is_judged() {
    judged_and_stated(
        "fixtures/real-pdf-text",
        &["fixtures/real-pdf-text/README.md"],
    );
}

/// Every finding on the files of `folder` has its row in the folder's
/// `verdicts.tsv` and every row is given; `readmes` state the precision.
fn judged_and_stated(folder: &str, readmes: &[&str]) {
    let root = workspace_root();
    let mut given: Vec<Finding> = real_files(&root, folder)
        .iter()
        .flat_map(|f| findings(&root, folder, f))
        .collect();
    let verdicts = verdicts(&root, folder);
    let mut judged: Vec<Finding> = verdicts.iter().map(|v| v.finding.clone()).collect();
    given.sort();
    judged.sort();
    let unjudged: Vec<_> = given.iter().filter(|f| !judged.contains(f)).collect();
    let gone: Vec<_> = judged.iter().filter(|f| !given.contains(f)).collect();
    assert!(
        unjudged.is_empty() && gone.is_empty(),
        "{folder}/verdicts.tsv is out of date: judge these by reading the report\n\
         new findings: {unjudged:#?}\nno longer given: {gone:#?}"
    );
    assert_eq!(given, judged, "each finding has exactly one row");

    let total = verdicts.len();
    let true_ones = verdicts.iter().filter(|v| v.true_defect).count();
    let stated = format!("{true_ones} / {total}");
    for readme in readmes {
        let text = std::fs::read_to_string(root.join(readme)).expect("README");
        assert!(
            text.contains(&stated),
            "{readme} must state the precision on {folder} as “{stated}”"
        );
    }
}
