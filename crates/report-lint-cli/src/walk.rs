//! Turns the PATH arguments into the list of inputs to lint, in a stable
//! order: folders are walked recursively, files are kept as named.

use crate::input::{describe_io, display_path};
use std::collections::HashSet;
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
    /// Files of `items` a folder walk reached through a symbolic link that
    /// leads out of the folder: read by `check`, never written by `fix`.
    pub outside: Vec<PathBuf>,
}

/// A file on its way to becoming an input.
struct Found {
    path: PathBuf,
    explicit: bool,
    /// Reached through a symbolic link (the file's, or a folder's on the way).
    through_link: bool,
    /// Found by a walk, through a link that leads out of the walked folder.
    outside: bool,
}

/// `-` is stdin; no path at all means the current folder. Each real file
/// is one input, whichever paths lead to it (a symlink and its target,
/// hard links, a file named and found by a walk).
pub fn collect(paths: &[PathBuf]) -> Inputs {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Inputs::default();
    let mut files: Vec<Found> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            if !inputs.items.contains(&Input::Stdin) {
                inputs.items.push(Input::Stdin);
            }
        } else if path.is_dir() {
            walk(path, &mut files, &mut inputs.errors);
        } else {
            // Missing or unreadable files are reported when they are read.
            files.push(Found {
                path: path.clone(),
                through_link: path.is_symlink(),
                explicit: true,
                outside: false,
            });
        }
    }
    // Of the paths to one file, the one named, else the one without a
    // link, else the first; a file no path leads to (missing) stays, to be
    // reported.
    files.sort_by(|a, b| {
        (!a.explicit, a.through_link, &a.path).cmp(&(!b.explicit, b.through_link, &b.path))
    });
    let mut paths_seen = HashSet::new();
    let mut files_seen = HashSet::new();
    files.retain(|f| {
        paths_seen.insert(f.path.clone()) && file_id(&f.path).is_none_or(|id| files_seen.insert(id))
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.outside = files
        .iter()
        .filter(|f| f.outside)
        .map(|f| f.path.clone())
        .collect();
    inputs.items.extend(files.into_iter().map(|f| Input::File {
        path: f.path,
        explicit: f.explicit,
    }));
    inputs
}

/// Which file a path leads to: device and inode, or where no such thing
/// is at hand, the path with every link resolved.
#[derive(PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

#[cfg(unix)]
fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    Some(FileId::Inode(metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_id(path: &Path) -> Option<FileId> {
    std::fs::canonicalize(path).ok().map(FileId::Path)
}

fn walk(root: &Path, files: &mut Vec<Found>, errors: &mut Vec<WalkError>) {
    // Links are followed, so that a folder of links to reports is checked;
    // whether one leads outside is decided against the folder's real path.
    let real_root = std::fs::canonicalize(root).ok();
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_skipped(e));
    // Whether each folder on the way down was reached through a link.
    let mut linked: Vec<bool> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => {
                let parent = e
                    .depth()
                    .checked_sub(1)
                    .and_then(|d| linked.get(d).copied());
                // The root is as named: a link there is the user's choice.
                let through_link = parent.is_some_and(|p| p || e.path_is_symlink());
                if e.file_type().is_dir() {
                    linked.truncate(e.depth());
                    linked.push(through_link);
                } else if e.file_type().is_file() && has_report_extension(e.path()) {
                    let outside = through_link
                        && real_root.as_ref().is_some_and(|root| {
                            std::fs::canonicalize(e.path())
                                .is_ok_and(|real| !real.starts_with(root))
                        });
                    files.push(Found {
                        path: clean(e.path()),
                        explicit: false,
                        through_link,
                        outside,
                    });
                }
            }
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

    /// Issue 15, 6: one input per real file, the path named or without a
    /// link first; what a folder's links lead to outside it is listed.
    #[cfg(unix)]
    #[test]
    fn each_real_file_once_and_links_out_of_the_folder_listed() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in ["in/a.txt", "in/b.txt", "out/c.txt"] {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "x").unwrap();
        }
        symlink("b.txt", root.join("in/0-link.txt")).unwrap();
        fs::hard_link(root.join("in/a.txt"), root.join("in/z-hard.txt")).unwrap();
        symlink("../out", root.join("in/sub")).unwrap();
        symlink("../out/c.txt", root.join("in/c-link.txt")).unwrap();
        let inputs = collect(&[root.join("in"), root.join("in/z-hard.txt")]);
        let names: Vec<(String, bool)> = inputs
            .items
            .iter()
            .map(|i| match i {
                Input::File { path, explicit } => {
                    let name = path.strip_prefix(root).unwrap().to_string_lossy();
                    (name.into_owned(), *explicit)
                }
                Input::Stdin => panic!("no stdin was asked for"),
            })
            .collect();
        let expected = [
            ("in/b.txt", false),
            ("in/c-link.txt", false),
            ("in/z-hard.txt", true),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(n, e)| (n.to_string(), *e)).collect();
        assert_eq!(names, expected);
        assert_eq!(inputs.outside, [root.join("in/c-link.txt")]);
    }
}
