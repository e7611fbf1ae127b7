//! What others can put in the way of a run: a result cache edited, planted,
//! shared with another user or with git, or reused by another binary; a
//! configuration file above the project or owned by someone else; cells
//! that a spreadsheet would run as formulas.
//!
//! The tests run as root (ownership is given away with `chown 65534`), and
//! each test process keeps report-lint's private state (the cache key, the
//! binaries' hashes) in a folder of its own.

mod documents;

use documents::{folder, packs, text};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_report-lint");

/// The uid of `nobody`, owner of what "another user" wrote.
const OTHER_USER: u32 = 65534;

/// Six headings in template order, part 五 missing (S001, an error).
const DEFECTIVE: &str = "某区2023年政府信息公开工作年度报告
一、总体情况
本年度依法做好政府信息公开工作。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
六、其他需要报告的事项
";

/// This test process's `XDG_STATE_HOME`.
fn state_home() -> &'static Path {
    static STATE: OnceLock<tempfile::TempDir> = OnceLock::new();
    STATE.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

fn command(program: &Path, args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(dir)
        .env("XDG_STATE_HOME", state_home())
        .env_remove("REPORT_LINT_CACHE_DIR")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run_program(program: &Path, args: &[&str], dir: &Path) -> Output {
    let mut attempts = 0;
    let output = loop {
        match command(program, args, dir).output() {
            // A binary this test just wrote may still be open for writing
            // in a child another test forked meanwhile (until it execs).
            Err(err) if err.raw_os_error() == Some(26) && attempts < 100 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => break other.expect("spawn report-lint"),
        }
    };
    documents::checked(output)
}

fn run(args: &[&str], dir: &Path) -> Output {
    run_program(Path::new(BIN), args, dir)
}

fn chown(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(uid))
        .expect("these tests run as root, who can give files away");
}

/// The same run without a cache: what every cached run must print.
fn uncached(args: &[&str], dir: &Path) -> Output {
    run(&[args, &["--no-cache"]].concat(), dir)
}

fn assert_same(found: &Output, expected: &Output, what: &str) {
    assert_eq!(text(&found.stdout), text(&expected.stdout), "{what}");
    assert_eq!(found.status.code(), expected.status.code(), "{what}");
}

// ------------------------------------------------------------------
// The result cache.

#[test]
fn an_edited_pack_is_a_miss() {
    let dir = folder(&[("r.txt", DEFECTIVE.as_bytes())]);
    let args = ["check", "--format", "json", "--cache-dir", "cache", "r.txt"];
    let expected = uncached(&args, dir.path());
    assert_eq!(expected.status.code(), Some(1));
    assert_same(&run(&args, dir.path()), &expected, "cold");
    // Each error made a note, in a pack that still parses (same length,
    // valid JSON): the report would pass.
    let mut edited = 0;
    for pack in packs(&dir.path().join("cache")) {
        let bytes = fs::read(&pack).unwrap();
        let from = br#""severity":"error""#;
        let to = br#""severity":"info" "#;
        let mut changed = bytes.clone();
        let mut i = 0;
        while let Some(at) = changed[i..].windows(from.len()).position(|w| w == from) {
            changed[i + at..i + at + from.len()].copy_from_slice(to);
            i += at + from.len();
            edited += 1;
        }
        fs::write(&pack, changed).unwrap();
    }
    assert!(edited > 0, "the pack holds the findings");
    assert_same(&run(&args, dir.path()), &expected, "edited");
}

fn field(hasher: &mut blake3::Hasher, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// A pack of one record, `key` → `json`, as report-lint 0.1 wrote them.
fn pack_of(key: &[u8; 32], json: &[u8]) -> Vec<u8> {
    let mut pack = key.to_vec();
    pack.extend((json.len() as u32).to_le_bytes());
    pack.extend(json);
    pack.extend(key);
    pack.extend(0u64.to_le_bytes());
    pack.extend((json.len() as u32).to_le_bytes());
    pack.extend(1u64.to_le_bytes());
    pack.extend(b"RLPACK01");
    pack
}

#[test]
fn a_pack_made_from_public_facts_is_a_miss() {
    let dir = folder(&[("r.txt", DEFECTIVE.as_bytes())]);
    let args = [
        "check",
        "--select",
        "S001",
        "--format",
        "json",
        "--cache-dir",
        "cache",
        "r.txt",
    ];
    let expected = uncached(&args, dir.path());
    assert_eq!(expected.status.code(), Some(1));
    // Everything the key was made of is known to anyone: the version, the
    // executable's size and time, the file's name and text, the rules.
    let metadata = fs::metadata(BIN).unwrap();
    let modified = metadata
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let mut binary = blake3::Hasher::new();
    field(&mut binary, env!("CARGO_PKG_VERSION").as_bytes());
    binary.update(&metadata.len().to_le_bytes());
    binary.update(&modified.to_le_bytes());
    let binary = binary.finalize();
    let mut key = blake3::Hasher::new();
    key.update(binary.as_bytes());
    field(&mut key, b"file");
    field(&mut key, b"r.txt");
    field(&mut key, b"S001");
    field(&mut key, b"error");
    field(&mut key, b"");
    field(&mut key, br#"{"by_rule":{}}"#);
    field(&mut key, &[0]);
    key.update(&twox_hash::XxHash3_128::oneshot(DEFECTIVE.as_bytes()).to_le_bytes());
    let key = key.finalize();
    let clean = r#"{"report":true,"diagnostics":[],"facts":{"agency":"某区","year":2023,"template":null},"checks":[]}"#.as_bytes();
    let planted = dir.path().join("cache").join(&binary.to_hex()[..16]);
    fs::create_dir_all(&planted).unwrap();
    fs::write(planted.join("planted.pack"), pack_of(key.as_bytes(), clean)).unwrap();
    assert_same(&run(&args, dir.path()), &expected, "planted");
}

#[test]
fn a_cache_folder_of_another_user_is_not_used() {
    let dir = folder(&[("r.txt", DEFECTIVE.as_bytes())]);
    let cache = dir.path().join("cache");
    fs::create_dir(&cache).unwrap();
    chown(&cache, OTHER_USER);
    let args = ["check", "--format", "json", "--cache-dir", "cache", "r.txt"];
    let expected = uncached(&args, dir.path());
    assert_same(&run(&args, dir.path()), &expected, "foreign cache");
    assert_eq!(
        fs::read_dir(&cache).unwrap().count(),
        0,
        "nothing written into it"
    );
    // The same folder, once it is the user's own, is used.
    chown(&cache, 0);
    run(&args, dir.path());
    assert_eq!(packs(&cache).len(), 1);
}

fn git(args: &[&str], dir: &Path) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(Stdio::null())
        .status()
        .expect("git is installed");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn a_cache_folder_tracked_by_git_is_not_used() {
    let dir = folder(&[("r.txt", DEFECTIVE.as_bytes())]);
    git(&["init", "-q"], dir.path());
    let args = ["check", "--format", "json", "r.txt"];
    let expected = uncached(&args, dir.path());
    let cache = dir.path().join(".report-lint-cache");
    // Untracked (its .gitignore keeps it so): used.
    assert_same(&run(&args, dir.path()), &expected, "untracked");
    assert_eq!(packs(&cache).len(), 1);
    // Committed: whatever came with the checkout is not read, nothing is
    // added. A cache folder elsewhere in the same work tree is used. Every
    // index format git writes is read (3 when an entry has extended flags).
    git(&["add", "-f", ".report-lint-cache"], dir.path());
    let other = dir.path().join("other");
    for (i, version) in ["2", "3", "4"].into_iter().enumerate() {
        git(&["update-index", "--index-version", version], dir.path());
        if version == "3" {
            git(
                &[
                    "update-index",
                    "--skip-worktree",
                    ".report-lint-cache/CACHEDIR.TAG",
                ],
                dir.path(),
            );
        }
        let index = fs::read(dir.path().join(".git/index")).unwrap();
        assert_eq!(index[4..8], [0, 0, 0, i as u8 + 2]);
        fs::write(dir.path().join("r.txt"), format!("{DEFECTIVE}\n{version}")).unwrap();
        let expected = uncached(&args, dir.path());
        assert_same(&run(&args, dir.path()), &expected, version);
        assert_eq!(packs(&cache).len(), 1, "index version {version}");
        let elsewhere = ["check", "--format", "json", "--cache-dir", "other", "r.txt"];
        run(&elsewhere, dir.path());
        assert_eq!(packs(&other).len(), i + 1, "index version {version}");
    }
}

/// Replaces the last bytes of `path` in place, keeping its size, inode and
/// modification time.
fn rewrite_tail(path: &Path, tail: &[u8]) {
    let before = fs::metadata(path).unwrap();
    let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
    std::io::Seek::seek(&mut file, std::io::SeekFrom::End(-(tail.len() as i64))).unwrap();
    file.write_all(tail).unwrap();
    file.set_modified(before.modified().unwrap()).unwrap();
    drop(file);
    let after = fs::metadata(path).unwrap();
    assert_eq!(
        (after.len(), after.ino(), after.modified().unwrap()),
        (before.len(), before.ino(), before.modified().unwrap())
    );
}

#[test]
fn another_binary_with_the_same_size_and_time_has_entries_of_its_own() {
    let dir = folder(&[("r.txt", DEFECTIVE.as_bytes())]);
    // A copy of report-lint with eight bytes more at the end, which the
    // loader never reads: it runs as report-lint does.
    let exe = dir.path().join("bin/report-lint");
    fs::create_dir_all(exe.parent().unwrap()).unwrap();
    fs::copy(BIN, &exe).unwrap();
    fs::OpenOptions::new()
        .append(true)
        .open(&exe)
        .unwrap()
        .write_all(b"AAAAAAAA")
        .unwrap();
    fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
    let args = ["check", "--format", "json", "--cache-dir", "cache", "r.txt"];
    let cache = dir.path().join("cache");
    run_program(&exe, &args, dir.path());
    let first = packs(&cache);
    assert_eq!(first.len(), 1);
    run_program(&exe, &args, dir.path());
    assert_eq!(packs(&cache), first, "the same binary finds its entries");
    // Other bytes, same path, size, inode and time: not the same binary.
    rewrite_tail(&exe, b"BBBBBBBB");
    let output = run_program(&exe, &args, dir.path());
    assert_same(&output, &uncached(&args, dir.path()), "changed binary");
    assert_eq!(packs(&cache).len(), 2, "its results are its own");
}

#[test]
fn the_key_is_the_users_alone_and_outside_the_cache() {
    let dir = folder(&[("r.txt", DEFECTIVE.as_bytes())]);
    run(&["check", "r.txt"], dir.path());
    let state = state_home().join("report-lint");
    let key = fs::metadata(state.join("key")).unwrap();
    assert_eq!(key.len(), 32);
    assert_eq!(key.mode() & 0o777, 0o600);
    // The test process's own user, who made the state folder.
    assert_eq!(key.uid(), fs::metadata(state_home()).unwrap().uid());
    assert_eq!(fs::metadata(&state).unwrap().mode() & 0o077, 0);
    let cache = dir.path().join(".report-lint-cache");
    for entry in walk(&cache) {
        assert_ne!(
            fs::read(&entry).unwrap(),
            fs::read(state.join("key")).unwrap()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().is_dir() {
            files.extend(walk(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

// ------------------------------------------------------------------
// Which configuration file is read.

/// Silences every rule.
const SILENCE: &[u8] = b"ignore = [\"ALL\"]\n";

#[test]
fn a_configuration_file_of_another_user_is_not_read_unless_named() {
    let dir = folder(&[
        ("a/report-lint.toml", SILENCE),
        ("a/r.txt", DEFECTIVE.as_bytes()),
    ]);
    let config = dir.path().join("a/report-lint.toml");
    chown(&config, OTHER_USER);
    let out = run(&["check", "--no-cache", "a/r.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let warning = format!(
        "警告：未使用配置文件 {}：该文件属于其他用户（uid 65534），只有用 --config 指定时才读取\n",
        config.display()
    );
    assert_eq!(text(&out.stderr), warning);

    let shown = text(&run(&["config", "--show", "a/r.txt"], dir.path()).stdout);
    assert!(
        shown.contains("配置文件：无（未找到 report-lint.toml，使用默认配置）"),
        "{shown}"
    );
    assert!(
        shown.contains("未使用 a/report-lint.toml：该文件属于其他用户（uid 65534）"),
        "{shown}"
    );
    let json = run(
        &["config", "--show", "a/r.txt", "--format", "json"],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["config_file"], serde_json::Value::Null);
    assert_eq!(json["search"]["skipped"][0]["reason"], "other-owner");
    assert_eq!(json["search"]["skipped"][0]["uid"], OTHER_USER);

    // Named, it is read.
    let named = [
        "check",
        "--no-cache",
        "--config",
        "a/report-lint.toml",
        "a/r.txt",
    ];
    assert_eq!(run(&named, dir.path()).status.code(), Some(0));
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let dir = folder(&[
        ("report-lint.toml", SILENCE),
        ("repo/.git/HEAD", b"ref: refs/heads/main\n"),
        ("repo/reports/r.txt", DEFECTIVE.as_bytes()),
        ("plain/r.txt", DEFECTIVE.as_bytes()),
    ]);
    let args = ["check", "--no-cache", "repo/reports/r.txt"];
    assert_eq!(run(&args, dir.path()).status.code(), Some(1));
    let shown = text(&run(&["config", "--show", "repo/reports/r.txt"], dir.path()).stdout);
    assert!(
        shown.contains("查找止于 repo（仓库根目录，其中有 .git）"),
        "{shown}"
    );
    // A work tree's .git is a file: the same.
    fs::remove_dir_all(dir.path().join("repo/.git")).unwrap();
    fs::write(dir.path().join("repo/.git"), "gitdir: /elsewhere\n").unwrap();
    assert_eq!(run(&args, dir.path()).status.code(), Some(1));
    // Outside a repository the file above applies.
    let plain = run(&["check", "--no-cache", "plain/r.txt"], dir.path());
    assert_eq!(plain.status.code(), Some(0));
}

#[test]
fn the_search_stops_at_a_folder_of_another_user() {
    let dir = folder(&[
        ("report-lint.toml", SILENCE),
        ("shared/r.txt", DEFECTIVE.as_bytes()),
    ]);
    chown(&dir.path().join("shared"), OTHER_USER);
    let out = run(&["check", "--no-cache", "shared/r.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let shown = text(&run(&["config", "--show", "shared/r.txt"], dir.path()).stdout);
    assert!(
        shown.contains("查找止于 shared（该文件夹属于其他用户（uid 65534），不在其中及其上查找）"),
        "{shown}"
    );
}

// ------------------------------------------------------------------
// CSV.

/// Cells a spreadsheet would run: `=`, `+`, `-`, `@`, tab, CR first.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(1).txt",
    "+1+1.txt",
    "-1+1.txt",
    "@SUM(1).txt",
    "\tx.txt",
    "\rx.txt",
];

#[test]
fn check_csv_cells_are_never_formulas() {
    let files: Vec<(&str, &[u8])> = FORMULAS
        .iter()
        .map(|name| (*name, DEFECTIVE.as_bytes()))
        .collect();
    let dir = folder(&files);
    let out = run(&["check", "--no-cache", "--format", "csv", "."], dir.path());
    let mut reader = csv::Reader::from_reader(&out.stdout[3..]);
    let paths: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    for name in FORMULAS {
        assert!(paths.contains(&format!("'{name}")), "{name:?}: {paths:?}");
    }
    assert!(paths.iter().all(|p| p.starts_with('\'')), "{paths:?}");
    let help = text(&run(&["check", "--help"], dir.path()).stdout);
    assert!(help.contains("以免被当作公式"), "{help}");
}

#[test]
fn extract_csv_cells_are_never_formulas() {
    let files: Vec<(&str, &[u8])> = FORMULAS
        .iter()
        .map(|name| (*name, DEFECTIVE.as_bytes()))
        .collect();
    let dir = folder(&files);
    let out = run(&["extract", "--format", "csv", "."], dir.path());
    let mut reader = csv::Reader::from_reader(&out.stdout[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), FORMULAS.len());
    for name in FORMULAS {
        assert!(rows.iter().any(|r| r[0] == format!("'{name}")), "{name:?}");
    }
    let help = text(&run(&["extract", "--help"], dir.path()).stdout);
    assert!(help.contains("以免被当作公式"), "{help}");
}
