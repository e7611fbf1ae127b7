//! Turns the PATH arguments into the list of inputs to lint, in a stable
//! order: folders are walked recursively, files are kept as named.

use crate::input::{describe_io, display_path};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Extensions of the formats reports are drafted and published in. Older
/// office formats are picked up too, to say that they must be saved as
/// .docx rather than pass over them in silence.
const REPORT_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "html", "htm", "docx", "docm", "pdf", "doc", "wps", "odt", "rtf",
];

/// Folders that never hold reports but can be huge.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules"];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    /// `explicit` files were named on the command line and are linted even
    /// when they do not look like a report; walked ones are skipped then.
    File {
        path: PathBuf,
        explicit: bool,
    },
}

impl Input {
    /// Found by a folder walk (not named on the command line): a text that
    /// is not an annual report is skipped, not checked.
    pub fn is_walked(&self) -> bool {
        matches!(
            self,
            Input::File {
                explicit: false,
                ..
            }
        )
    }
}

/// Something the walk could not enter or list.
#[derive(Debug)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Inputs {
    pub items: Vec<Input>,
    pub errors: Vec<WalkError>,
}

/// `-` is stdin; no path at all means the current folder.
pub fn collect(paths: &[PathBuf]) -> Inputs {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Inputs::default();
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            if !inputs.items.contains(&Input::Stdin) {
                inputs.items.push(Input::Stdin);
            }
        } else if path.is_dir() {
            walk(path, &mut files, &mut inputs.errors);
        } else {
            // Missing or unreadable files are reported when they are read.
            files.push((path.clone(), true));
        }
    }
    // Sorted by path; a file both named and found by a walk is linted once, as named.
    files.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    files.dedup_by(|later, first| later.0 == first.0);
    inputs.items.extend(
        files
            .into_iter()
            .map(|(path, explicit)| Input::File { path, explicit }),
    );
    inputs
}

fn walk(root: &Path, files: &mut Vec<(PathBuf, bool)>, errors: &mut Vec<WalkError>) {
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped(e));
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() && has_report_extension(e.path()) => {
                files.push((clean(e.path()), false));
            }
            Ok(_) => {}
            Err(err) => errors.push(walk_error(root, &err)),
        }
    }
}

/// Hidden files and folders (`.git`, editor lock files like `.#报告.txt`),
/// the lock files Word keeps beside an open document (`~$报告.docx`), the
/// copies `annotate` writes (`报告.批注.docx`, the draft's findings again),
/// and build folders.
fn is_skipped(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.')
        || name.starts_with("~$")
        || entry.file_type().is_dir() && SKIPPED_DIRS.contains(&name.as_ref())
        || entry.file_type().is_file() && crate::annotate::is_annotated_copy(entry.path())
}

fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|r| e.eq_ignore_ascii_case(r)))
}

/// `./a/b.txt` → `a/b.txt`, so that output names files the way a person would.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

fn walk_error(root: &Path, err: &walkdir::Error) -> WalkError {
    let path = display_path(err.path().unwrap_or(root));
    let message = if err.loop_ancestor().is_some() {
        "符号链接构成循环，已跳过".to_string()
    } else if let Some(io) = err.io_error() {
        describe_io(io)
    } else {
        err.to_string()
    };
    WalkError { path, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_sorted_and_skips_hidden_build_and_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "b.txt",
            "a/z.md",
            "a/y.HTML",
            "a/notes.docx",
            "a/~$notes.docx",
            "a/notes.批注.docx",
            "a/data.xlsx",
            ".git/x.txt",
            "target/x.txt",
            "node_modules/x.txt",
            "a/.#lock.txt",
        ] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "x").unwrap();
        }
        let inputs = collect(&[root.to_path_buf()]);
        let names: Vec<String> = inputs
            .items
            .iter()
            .map(|i| match i {
                Input::File { path, explicit } => {
                    assert!(!explicit);
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                }
                Input::Stdin => panic!("no stdin was asked for"),
            })
            .collect();
        assert_eq!(names, ["a/notes.docx", "a/y.HTML", "a/z.md", "b.txt"]);
        assert!(inputs.errors.is_empty());
    }

    #[test]
    fn named_files_stay_explicit_and_appear_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("r.txt");
        fs::write(&file, "x").unwrap();
        let inputs = collect(&[
            dir.path().to_path_buf(),
            file.clone(),
            PathBuf::from("-"),
            PathBuf::from("-"),
        ]);
        assert_eq!(
            inputs.items,
            [
                Input::Stdin,
                Input::File {
                    path: file,
                    explicit: true
                }
            ]
        );
    }

    #[test]
    fn a_hidden_root_is_still_walked() {
        let dir = tempfile::tempdir().unwrap();
        let hidden = dir.path().join(".reports");
        fs::create_dir(&hidden).unwrap();
        fs::write(hidden.join("r.txt"), "x").unwrap();
        assert_eq!(collect(&[hidden]).items.len(), 1);
    }
}
