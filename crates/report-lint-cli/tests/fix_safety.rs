//! `fix` never loses data (issue 15): owner, mode and hard links kept,
//! temporary files of killed runs removed, each real file fixed once and
//! nothing outside the folder, fixes refused one by one, no hang on a FIFO,
//! operating-system errors in Chinese. The real binary, on real files.
#![cfg(unix)]

mod documents;

use documents::{text, REPORT};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{symlink, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_report-lint");

fn fixed_report() -> String {
    REPORT.replace("申请况", "申请情况")
}

/// Runs the binary in `dir`; a run that does not end within a minute is
/// killed and fails the test (it hung: the failure is the hang, not time).
fn run(args: &[&str], dir: &Path) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn report-lint");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("report-lint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    documents::checked(output)
}

fn write(path: &Path, content: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

/// The names in `dir`, sorted, without the result cache.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".report-lint-cache")
        .collect();
    names.sort();
    names
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Issue 15, 5: run as root, `fix` gave the file to root with mode 0644.
#[test]
fn fix_keeps_owner_group_and_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.txt");
    write(&path, REPORT);
    if is_root() {
        std::os::unix::fs::chown(&path, Some(4321), Some(8765)).unwrap();
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let before = fs::metadata(&path).unwrap();
    let out = run(&["fix", "--select", "S004", "r.txt"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(fs::read_to_string(&path).unwrap(), fixed_report());
    let after = fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if is_root() {
        assert_eq!((after.uid(), after.gid()), (4321, 8765));
    }
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!(names(dir.path()), ["r.txt"], "no temporary file left");
}

/// Issue 15, 5: the rename split hard links. A linked file is refused with
/// exit 2 and left as it was under every name; a folder holding both names
/// has one file.
#[test]
fn fix_refuses_a_file_with_hard_links_and_walks_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in/r.txt");
    let other = dir.path().join("in/r-副本.txt");
    write(&path, REPORT);
    fs::hard_link(&path, &other).unwrap();
    let out = run(&["fix", "--select", "S004", "in"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = text(&out.stderr);
    assert_eq!(stderr.matches("有 2 个硬链接").count(), 1, "{stderr}");
    assert!(
        stderr.contains("in/r-副本.txt: 文件有 2 个硬链接"),
        "{stderr}"
    );
    for name in [&path, &other] {
        assert_eq!(fs::read_to_string(name).unwrap(), REPORT);
        assert_eq!(fs::metadata(name).unwrap().nlink(), 2);
    }
    assert_eq!(names(&dir.path().join("in")), ["r-副本.txt", "r.txt"]);
}

/// Issue 15, 5: temporary files a killed run left are removed by the next
/// run on their folder, and only those.
#[test]
fn fix_removes_temporary_files_of_killed_runs() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("a/r.txt"), REPORT);
    write(&dir.path().join("b/r.txt"), &fixed_report());
    for stale in ["a/.report-lint-Zz9Yy8.tmp", "b/.report-lint-Aa1Bb2.tmp"] {
        write(&dir.path().join(stale), "half a report");
    }
    write(&dir.path().join("a/.report-lint-notes.txt"), "not ours");
    let out = run(&["fix", "--select", "S004", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        fs::read_to_string(dir.path().join("a/r.txt")).unwrap(),
        fixed_report()
    );
    assert_eq!(
        names(&dir.path().join("a")),
        [".report-lint-notes.txt", "r.txt"]
    );
    assert_eq!(names(&dir.path().join("b")), ["r.txt"]);
}

/// reports/a.txt, reports/link.txt → a.txt, reports/out.txt →
/// elsewhere/b.txt, reports/sub → elsewhere (b.txt and c.txt): every
/// report misspelled.
fn linked_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for file in ["reports/a.txt", "elsewhere/b.txt", "elsewhere/c.txt"] {
        write(&root.join(file), REPORT);
    }
    symlink("a.txt", root.join("reports/link.txt")).unwrap();
    symlink("../elsewhere/b.txt", root.join("reports/out.txt")).unwrap();
    symlink("../elsewhere", root.join("reports/sub")).unwrap();
    dir
}

/// Issue 15, 6: `fix` followed a symlink out of the folder, and fixed a
/// file reached by two paths twice.
#[test]
fn fix_writes_each_real_file_once_and_nothing_outside_the_folder() {
    let dir = linked_folder();
    let root = dir.path();
    let out = run(&["fix", "--select", "S004", "reports"], root);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        text(&out.stdout).contains("修复了 1 处问题（1 个文件）"),
        "{out:?}"
    );
    assert_eq!(
        fs::read_to_string(root.join("reports/a.txt")).unwrap(),
        fixed_report()
    );
    for outside in ["elsewhere/b.txt", "elsewhere/c.txt"] {
        assert_eq!(fs::read_to_string(root.join(outside)).unwrap(), REPORT);
    }
    // Said once, for both files (sub/b.txt is out.txt's file).
    let stderr = text(&out.stderr);
    assert_eq!(stderr.matches("注意：").count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "注意：2 个文件经符号链接指向所修复文件夹之外，未修复（要修复，请在命令行上直接指定）：\
             reports/out.txt、reports/sub/c.txt"
        ),
        "{stderr}"
    );
    assert!(fs::symlink_metadata(root.join("reports/link.txt"))
        .unwrap()
        .is_symlink());

    // `check` reads them all, each file once: a.txt, out.txt, sub/c.txt.
    let out = run(&["check", "--select", "S004", "reports"], root);
    assert!(text(&out.stdout).contains("检查了 3 个文件"), "{out:?}");

    // Named on the command line, a link is followed; named twice over, a
    // file is fixed once.
    let out = run(
        &[
            "fix",
            "--select",
            "S004",
            "reports/out.txt",
            "elsewhere/b.txt",
        ],
        root,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        text(&out.stdout).contains("修复了 1 处问题（1 个文件）"),
        "{out:?}"
    );
    assert_eq!(
        fs::read_to_string(root.join("elsewhere/b.txt")).unwrap(),
        fixed_report()
    );
    assert!(fs::symlink_metadata(root.join("reports/out.txt"))
        .unwrap()
        .is_symlink());
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(path)
}

/// The number in `修复了 N 处问题`, 0 when nothing was fixed.
fn fixed_count(out: &Output) -> usize {
    let stdout = text(&out.stdout);
    stdout
        .split_once("修复了 ")
        .and_then(|(_, rest)| rest.split_once(' '))
        .map_or(0, |(n, _)| n.parse().unwrap())
}

/// Issue 15, 7: `--unsafe-fixes` refused a whole pass for one fix that
/// changes a figure of a table, and so fixed less than plain `fix`. In
/// this fixture the unsafe S004 (a heading in traditional characters) is
/// good; the totals of table 三 that B001 and B002 find wrong are only
/// suggested (which figure is wrong is for a person to say), so the fixed
/// file still has them and nothing is refused.
#[test]
fn unsafe_fixes_apply_everything_plain_fix_does_and_the_good_unsafe_ones() {
    let name = "layouts/one-cell-per-line-dense/defective-2021-traditional.txt";
    let original = fs::read_to_string(fixture(name)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (safe, all) = (dir.path().join("safe.txt"), dir.path().join("all.txt"));
    write(&safe, &original);
    write(&all, &original);

    let plain = run(&["fix", "safe.txt"], dir.path());
    let unsafe_ = run(&["fix", "--unsafe-fixes", "all.txt"], dir.path());
    let stderr = text(&unsafe_.stderr);
    assert!(fixed_count(&plain) > 0, "{plain:?}");
    assert!(fixed_count(&unsafe_) > fixed_count(&plain), "{unsafe_:?}");
    assert!(!stderr.contains("未应用"), "{stderr}");
    let remaining = text(&unsafe_.stdout);
    for code in ["B001", "B002"] {
        assert!(remaining.contains(&format!("error[{code}]")), "{remaining}");
    }

    // Everything plain `fix` applied is in: nothing safe is left, and
    // adding the unsafe fixes to the safely fixed file gives the same text.
    let again = run(&["fix", "all.txt"], dir.path());
    assert_eq!(fixed_count(&again), 0, "{again:?}");
    let fixed_all = fs::read_to_string(&all).unwrap();
    assert_ne!(fixed_all, fs::read_to_string(&safe).unwrap());
    run(&["fix", "--unsafe-fixes", "safe.txt"], dir.path());
    assert_eq!(fs::read_to_string(&safe).unwrap(), fixed_all);
}

/// Issue 15, 13: a FIFO named on the command line or as `--previous`
/// made the run wait forever for a writer.
#[test]
fn a_fifo_or_a_device_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/r.txt"), REPORT);
    let made = Command::new("mkfifo")
        .arg(dir.path().join("in/pipe.txt"))
        .status()
        .expect("mkfifo (coreutils) runs");
    assert!(made.success());
    let fifo = "in/pipe.txt: 这是命名管道（FIFO），不是普通文件，未读取；要从管道读入，请用 `-` 表示标准输入";
    for args in [
        &["check", "in/pipe.txt"][..],
        &["fix", "in/pipe.txt"],
        &["check", "--previous", "in/pipe.txt", "in/r.txt"],
        &["extract", "in/pipe.txt"],
    ] {
        let out = run(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(text(&out.stderr).contains(fifo), "{args:?}: {out:?}");
    }
    let out = run(
        &["check", "--config", "in/pipe.txt", "in/r.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        text(&out.stderr).contains("in/pipe.txt: 配置文件不是普通文件"),
        "{out:?}"
    );
    let out = run(&["check", "/dev/null"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        text(&out.stderr).contains("/dev/null: 这是字符设备，不是普通文件"),
        "{out:?}"
    );
    // A folder walk passes over it, as over any file that is not a report.
    let out = run(&["check", "--select", "S004", "in"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(text(&out.stdout).contains("检查了 1 个文件"), "{out:?}");
}

/// Issue 15, 15: "Too many levels of symbolic links (os error 40)".
#[test]
fn operating_system_errors_are_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    symlink("loop.txt", dir.path().join("loop.txt")).unwrap();
    write(&dir.path().join("r.txt"), REPORT);
    for (args, expected) in [
        (
            ["check", "loop.txt"],
            "loop.txt: 无法读取：符号链接层数过多，可能构成循环（os error 40）",
        ),
        (
            ["fix", "r.txt/a.txt"],
            "r.txt/a.txt: 无法读取：路径中有一级不是文件夹（os error 20）",
        ),
        (
            ["check", "nope.txt"],
            "nope.txt: 无法读取：文件不存在（os error 2）",
        ),
    ] {
        let out = run(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!stderr.contains("Too many") && !stderr.contains("Not a directory"));
    }
    let mut config = fs::File::create(dir.path().join("bad.toml")).unwrap();
    config.write_all(b"\xff\xfe").unwrap();
    let out = run(&["check", "--config", "bad.toml", "r.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        text(&out.stderr).contains("无法读取配置文件：内容无效（例如文字不是 UTF-8 编码）"),
        "{out:?}"
    );
}
