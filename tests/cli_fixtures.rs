//! The command line over every fixture, in process: a snapshot of the text
//! and of the JSON output of each, and no panic on any fixture cut short.
//!
//! Accept changed output with `INSTA_UPDATE=always cargo test -p report-lint-e2e`
//! and review the diff of `tests/snapshots/` before committing it.

mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use support::{enter_workspace_root, run, workspace_root};

/// Workspace-relative, as a publisher would type it, so snapshots do not
/// depend on where the repository is checked out.
fn relative(path: &Path) -> String {
    let root = workspace_root();
    let relative = path
        .strip_prefix(&root)
        .expect("fixture inside the workspace");
    relative.to_string_lossy().replace('\\', "/")
}

/// Fixtures are the reports in the folders under `fixtures/` (Word drafts
/// included), not the folders' READMEs and lists of sources.
const FIXTURES: &str = "*/**/*.{txt,md,html,js,docx,pdf}";

/// One test over all fixtures: insta's `glob!` keeps shared state that two
/// tests walking at once would mix up.
#[test]
fn text_and_json_output_of_every_fixture() {
    enter_workspace_root();
    insta::glob!("../fixtures", FIXTURES, |path| {
        let name = relative(path);
        if path
            .file_name()
            .is_some_and(|n| n == "README.md" || n == "SOURCES.md")
            || is_rule_fixture(&name)
        {
            return;
        }
        let text = run(&["check", "--color", "never", &name], b"");
        assert_ne!(text.code, 2, "{name}: {}", text.stderr);
        insta::assert_snapshot!(
            "text",
            format!("exit {}\n{}{}", text.code, text.stdout, text.stderr)
        );

        let json = run(&["check", "--format", "json", &name], b"");
        assert_eq!(
            json.code, text.code,
            "{name}: the format must not change the exit code"
        );
        serde_json::from_str::<serde_json::Value>(&json.stdout)
            .expect("stdout is one JSON document");
        insta::assert_snapshot!("json", format!("exit {}\n{}", json.code, json.stdout));
    });
}

/// `fixtures/rules/` holds one clean report with one planted defect per
/// rule: `rule_fixtures.rs` snapshots their findings, and the reports are
/// near-copies of `layouts/markdown/clean-2021.md`, which is covered here.
fn is_rule_fixture(name: &str) -> bool {
    name.starts_with("fixtures/rules/")
}

#[test]
fn no_fixture_cut_short_makes_the_cli_panic() {
    let files = fixture_files(&workspace_root().join("fixtures"));
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for chunk in files.chunks(files.len().div_ceil(threads)) {
            scope.spawn(move || chunk.iter().for_each(|path| run_every_prefix(path)));
        }
    });
}

/// Cuts at every ~997 bytes land inside characters, table rows and words.
/// (A Word draft cut short is a broken zip, refused with a message: the
/// docx crate's tests cover those.)
fn run_every_prefix(path: &Path) {
    let name = relative(path);
    let text = std::fs::read_to_string(path).expect("fixtures are UTF-8");
    for cut in (0..=text.len()).step_by(997) {
        let end = (0..=cut)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let prefix = &text.as_bytes()[..end];
        // `fix` prints what is left as text, so both renderers run.
        for args in [
            &["check", "--format", "json", "-", "--stdin-filename", &name][..],
            &["fix", "--unsafe-fixes", "-", "--stdin-filename", &name],
        ] {
            let result = catch_unwind(AssertUnwindSafe(|| run(args, prefix)));
            let out =
                result.unwrap_or_else(|_| panic!("{args:?} panicked on {name} cut at byte {end}"));
            assert_ne!(
                out.code, 2,
                "{args:?} on {name} cut at byte {end}: {}",
                out.stderr
            );
        }
    }
}

fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read fixtures")
        .map(|e| e.expect("read fixtures").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files.extend(fixture_files(&path));
        } else if path.parent() != Some(&workspace_root().join("fixtures"))
            && !is_rule_fixture(&relative(&path))
            && path
                .extension()
                .is_some_and(|e| e == "txt" || e == "md" || e == "html")
        {
            files.push(path);
        }
    }
    files
}
