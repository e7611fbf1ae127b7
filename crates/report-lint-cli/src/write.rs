//! Writes a fixed report back atomically: a reader (or a crash) sees either
//! the old file or the new one, never half of each. The new file is what
//! the old one was in everything but its bytes: owner, group, permissions,
//! name (through a symlink, the target is replaced and the link kept). It
//! is written only if the file is still what was read: a line someone
//! appended meanwhile is never lost.

use crate::input::{describe_io, open_regular, OpenError};
use report_lint_core::{SourceFile, Unencodable};
use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::path::Path;

/// What a file was when it was read: its size, which file it is (device
/// and inode) and a BLAKE3 hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    id: Option<(u64, u64)>,
    hash: blake3::Hash,
}

impl FileStamp {
    /// The stamp of a file whose metadata (taken from the open file
    /// before reading) is `metadata` and whose bytes are `bytes`.
    pub fn of(metadata: &Metadata, bytes: &[u8]) -> FileStamp {
        FileStamp {
            len: bytes.len() as u64,
            id: file_id(metadata),
            hash: blake3::hash(bytes),
        }
    }

    /// Whether the file at `path` is still the one stamped, with the same
    /// bytes. The size and identity are compared first, which is cheap; the
    /// bytes always (a change within the clock's resolution leaves the time
    /// as it was). A file only touched (saved again as it was, `touch`) has
    /// another time and the same bytes: nothing to lose, it is written.
    fn is_unchanged(&self, path: &Path) -> io::Result<bool> {
        let (file, metadata) = match open_regular(path) {
            Ok(opened) => opened,
            Err(OpenError::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(OpenError::Io(e)) => return Err(e),
            Err(OpenError::NotRegular(_)) => return Ok(false),
        };
        if metadata.len() != self.len || file_id(&metadata) != self.id {
            return Ok(false);
        }
        let mut hasher = blake3::Hasher::new();
        let read = io::copy(&mut file.take(self.len + 1), &mut hasher)?;
        Ok(read == self.len && hasher.finalize() == self.hash)
    }
}

#[cfg(unix)]
fn file_id(metadata: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &Metadata) -> Option<(u64, u64)> {
    None
}

/// Why nothing was written: the file is no longer what was read.
pub const CHANGED: &str =
    "文件在修复过程中被修改（大小或内容与读取时不同，或被换成了另一个文件），\
                           未修复，其中的改动都保留着；请重新运行";

/// Replaces the text file `source` was read from (at `path`, stamped
/// `stamp` when read) with `text`, in the file's encoding and led by its
/// byte-order mark if it had one. Nothing is written when the encoding has
/// no bytes for a character of `text` (GBK and Big5 lack many), when the
/// file's bytes would not come back the same for the text that is
/// unchanged, or when the file changed since it was read. Errors are
/// messages for the user.
pub fn write_text_atomically(
    path: &Path,
    source: &SourceFile,
    text: &str,
    stamp: &FileStamp,
) -> Result<(), String> {
    let bytes = source.encode(text).map_err(|e| unencodable_message(&e))?;
    // The bytes the file held, if the text read from them is written back
    // as it was: otherwise writing changes bytes no fix touched.
    let same = source.encode(&source.text);
    if same.map(|b| blake3::hash(&b)).ok() != Some(stamp.hash) {
        return Err(not_round_trip_message(source));
    }
    write_bytes_atomically(path, &bytes, Some(stamp))
}

/// Why a fixed text is not written: its file's encoding lacks a character.
pub fn unencodable_message(e: &Unencodable) -> String {
    format!(
        "修复要写入的文字无法用原文件的编码保存（{e}），文件未修改；\
         请用记事本或 WPS 将文件另存为 UTF-8 后再修复"
    )
}

/// Why a text is not written: its file's bytes would not all come back
/// the same (a GBK file with GB18030's bytes for €, a Big5 file with
/// Hong Kong characters the Big5 encoder does not write).
pub fn not_round_trip_message(source: &SourceFile) -> String {
    format!(
        "文件中有 {} 编码的字节无法原样写回，为免改动其他文字，未修复；\
         请用记事本或 WPS 将文件另存为 UTF-8 后再修复",
        source.encoding.name()
    )
}

/// Writes `bytes` to `path` through a temporary file and a rename. An
/// existing file (through a symlink, its target) keeps its owner, group
/// and permissions, and with `expected` is replaced only if it is still
/// the file stamped; a new one gets the usual permissions.
///
/// A file with other hard links is refused: renaming a new file over one
/// name splits it from the others, and writing in place is not atomic (a
/// crash or a full disk midway leaves half a file under every name, and
/// the other names are often a backup that should keep the old text).
pub fn write_bytes_atomically(
    path: &Path,
    bytes: &[u8],
    expected: Option<&FileStamp>,
) -> Result<(), String> {
    replace(path, bytes, expected, &mut || {})
}

/// [`write_bytes_atomically`], calling `before_rename` just before the
/// file is checked a last time and replaced (tests change the file there).
fn replace(
    path: &Path,
    bytes: &[u8],
    expected: Option<&FileStamp>,
    before_rename: &mut dyn FnMut(),
) -> Result<(), String> {
    let fail = |e: io::Error| format!("无法写入：{}", describe_io(&e));
    let (target, existing) = match fs::canonicalize(path) {
        // Through a symlink to its target, so that the link stays a link.
        Ok(target) => {
            let metadata = fs::metadata(&target).map_err(fail)?;
            (target, Some(metadata))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => (path.to_path_buf(), None),
        Err(e) => return Err(fail(e)),
    };
    let unchanged = |target: &Path| match expected {
        Some(stamp) => match stamp.is_unchanged(target) {
            Ok(true) => Ok(()),
            Ok(false) => Err(CHANGED.to_string()),
            Err(e) => Err(format!("无法读取：{}", describe_io(&e))),
        },
        None => Ok(()),
    };
    if let Some(metadata) = &existing {
        refuse_to_replace(metadata)?;
    } else if expected.is_some() {
        // Read, then deleted or moved away.
        return Err(CHANGED.into());
    }
    // Nothing is written for a file that changed already.
    unchanged(&target)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = temp_file(dir, existing.is_none()).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    if let Some(metadata) = &existing {
        // The owner first: changing it clears the set-user-ID bits.
        keep_owner(tmp.as_file(), metadata)?;
        tmp.as_file()
            .set_permissions(metadata.permissions())
            .map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    before_rename();
    // As late as it can be: what is still unseen is what changes between
    // this and the rename, microseconds.
    unchanged(&target)?;
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    sync_dir(dir);
    Ok(())
}

/// Files that are not replaced: read-only ones, and those with hard links.
fn refuse_to_replace(metadata: &Metadata) -> Result<(), String> {
    if metadata.permissions().readonly() {
        return Err("文件是只读的，未写入".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let links = metadata.nlink();
        if links > 1 {
            return Err(format!(
                "文件有 {links} 个硬链接（同一文件的多个名称），替换会拆开它们，\
                 原地改写又不能保证中途出错时不丢内容，未修复；\
                 如不需要保持链接，请先复制出一份独立的文件（cp 后再 mv 回原名）再修复，\
                 或用 --diff 查看修改后手工修改"
            ));
        }
    }
    Ok(())
}

/// The new file gets the old one's owner and group. Only the superuser may
/// give a file away: anyone else whose file would change hands is refused
/// rather than take it over.
#[cfg(unix)]
fn keep_owner(file: &File, old: &Metadata) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let new = file
        .metadata()
        .map_err(|e| format!("无法写入：{}", describe_io(&e)))?;
    if (new.uid(), new.gid()) == (old.uid(), old.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).map_err(|e| {
        format!(
            "无法让修复后的文件保留原来的所有者和组（用户 {}、组 {}）：{}；\
             为免改变文件归属，未修复，请以文件所有者的身份运行",
            old.uid(),
            old.gid(),
            describe_io(&e)
        )
    })
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) -> Result<(), String> {
    Ok(())
}

/// What temporary files are called: `.report-lint-XXXXXX.tmp`, hidden (a
/// folder walk never picks one up) and recognisable (the next run removes
/// one a killed run left).
const TEMP_PREFIX: &str = ".report-lint-";
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM: usize = 6;

/// A temporary file in `dir`, locked while this run holds it, so that
/// [`remove_stale_temp_files`] can tell it from one a killed run left. A
/// new file is created as `File::create` would (0o666 less the umask);
/// one that replaces a file gets that file's permissions once written,
/// and is readable by the owner only until then.
fn temp_file(dir: &Path, new: bool) -> io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(TEMP_RANDOM)
        .make_in(dir, |path| {
            let mut options = fs::OpenOptions::new();
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(if new { 0o666 } else { 0o600 });
            }
            #[cfg(not(unix))]
            let _ = new;
            let file = options.open(path)?;
            // Where files cannot be locked, none is ever removed as stale.
            let _ = file.try_lock();
            Ok(file)
        })
}

/// Whether `name` is one of our temporary files.
fn is_temp_name(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMP_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes the temporary files that runs killed while writing left in
/// `dir`: those no running process holds locked. One being written by a
/// run at the same time is locked, and kept. Best effort: what cannot be
/// removed stays, silently. Returns how many were removed.
pub fn remove_stale_temp_files(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        if !entry.file_name().to_str().is_some_and(is_temp_name) {
            continue;
        }
        // Not through a symlink: only a file we could have made.
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let path = entry.path();
        let Ok(file) = File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() && fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Makes the rename itself durable; a file system that cannot is no error.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;
    use report_lint_core::TextEncoding;

    /// A file holding `text` in `encoding`, read back as `fix` reads it.
    fn text_file(
        dir: &Path,
        text: &str,
        encoding: TextEncoding,
        bom: bool,
    ) -> (SourceFile, FileStamp) {
        let path = dir.join("r.txt");
        fs::write(&path, encoding.encode(text, bom).unwrap()).unwrap();
        let (bytes, stamp) = read_stamped(&path);
        let source = SourceFile::from_bytes("r.txt", bytes).unwrap();
        assert_eq!(source.encoding, encoding);
        (source, stamp)
    }

    /// The file's bytes and stamp, as `fix` reads them.
    fn read_stamped(path: &Path) -> (Vec<u8>, FileStamp) {
        let Ok((mut file, metadata)) = open_regular(path) else {
            panic!("{} is a regular file", path.display());
        };
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        let stamp = FileStamp::of(&metadata, &bytes);
        (bytes, stamp)
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn keeps_bom_and_permissions_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let (source, stamp) = text_file(dir.path(), "旧\r\n", TextEncoding::Utf8, true);
        write_text_atomically(&path, &source, "新\r\n", &stamp).unwrap();
        assert_eq!(fs::read(&path).unwrap(), "\u{feff}新\r\n".as_bytes());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn keeps_the_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let old = "一、总体情况\r\n本年度收到申请5件。\r\n";
        let new = "一、总体情况\r\n本年度收到申请6件。\r\n";
        for (encoding, bom) in [
            (TextEncoding::Gbk, false),
            (TextEncoding::Utf16Le, true),
            (TextEncoding::Utf16Be, true),
        ] {
            let (source, stamp) = text_file(dir.path(), old, encoding, bom);
            write_text_atomically(&path, &source, new, &stamp).unwrap();
            assert_eq!(fs::read(&path).unwrap(), encoding.encode(new, bom).unwrap());
        }
    }

    #[test]
    fn refuses_what_the_encoding_cannot_hold_or_a_file_changed_since() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let (source, stamp) = text_file(dir.path(), "一、总体情况\r\n", TextEncoding::Gbk, false);
        let before = fs::read(&path).unwrap();
        let err = write_text_atomically(&path, &source, "一、总体情况😀\r\n", &stamp).unwrap_err();
        assert!(err.contains("GBK 编码中没有“😀”"), "{err}");
        assert!(err.contains("文件未修改"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);

        let other = TextEncoding::Gbk.encode("二、其他\r\n", false).unwrap();
        fs::write(&path, &other).unwrap();
        let err = write_text_atomically(&path, &source, "一、总体情况。\r\n", &stamp).unwrap_err();
        assert_eq!(err, CHANGED);
        assert_eq!(fs::read(&path).unwrap(), other);
    }

    /// Issue 15, 4: a line appended while `fix` ran was overwritten.
    #[test]
    fn a_line_appended_before_the_rename_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let (source, stamp) = text_file(dir.path(), "一、总体情况\n", TextEncoding::Utf8, false);
        let fixed = source.encode("一、总体情况。\n").unwrap();
        let mut append = || {
            // The temporary file is there, named as the next run expects.
            let temp: Vec<String> = names(dir.path())
                .into_iter()
                .filter(|n| is_temp_name(n))
                .collect();
            assert_eq!(temp.len(), 1, "{temp:?}");
            let mut file = fs::OpenOptions::new().append(true).open(&path).unwrap();
            file.write_all("二、新加的一行\n".as_bytes()).unwrap();
        };
        let err = replace(&path, &fixed, Some(&stamp), &mut append).unwrap_err();
        assert_eq!(err, CHANGED);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "一、总体情况\n二、新加的一行\n"
        );
        assert_eq!(names(dir.path()), ["r.txt"], "no temporary file left");

        // Same size and bytes, another file: renamed over it meanwhile.
        let (source, stamp) = text_file(dir.path(), "一、总体情况\n", TextEncoding::Utf8, false);
        let mut swap = || {
            let other = dir.path().join("other.txt");
            fs::write(&other, "一、总体情况\n").unwrap();
            fs::rename(&other, &path).unwrap();
        };
        let fixed = source.encode("一、总体情况。\n").unwrap();
        let err = replace(&path, &fixed, Some(&stamp), &mut swap).unwrap_err();
        assert_eq!(err, CHANGED);

        // Unchanged, it is written.
        let (source, stamp) = text_file(dir.path(), "一、总体情况\n", TextEncoding::Utf8, false);
        let fixed = source.encode("一、总体情况。\n").unwrap();
        replace(&path, &fixed, Some(&stamp), &mut || {}).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "一、总体情况。\n");
    }

    /// Saved again unchanged meanwhile (another time, the same bytes):
    /// nothing someone wrote is lost, so the fix is written.
    #[test]
    fn a_file_only_touched_meanwhile_is_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let (source, stamp) = text_file(dir.path(), "一、总体情况\n", TextEncoding::Utf8, false);
        let later =
            fs::metadata(&path).unwrap().modified().unwrap() + std::time::Duration::from_secs(60);
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(later).unwrap();
        drop(file);
        write_text_atomically(&path, &source, "一、总体情况。\n", &stamp).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "一、总体情况。\n");
    }

    /// The same size and modification time, other bytes: the hash tells.
    #[test]
    fn the_bytes_are_compared_even_when_size_and_time_agree() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let (source, stamp) = text_file(dir.path(), "一、总体情况\n", TextEncoding::Utf8, false);
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        fs::write(&path, "二、总体情况\n").unwrap();
        let file = fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(modified).unwrap();
        drop(file);
        let err = write_text_atomically(&path, &source, "一、总体情况。\n", &stamp).unwrap_err();
        assert_eq!(err, CHANGED);
        assert_eq!(fs::read_to_string(&path).unwrap(), "二、总体情况\n");
    }

    #[test]
    fn refuses_bytes_that_would_not_come_back_the_same() {
        // GB18030 writes € as A2 E3, GBK as 80: a GBK file with A2 E3
        // reads fine, but writing it would change bytes no fix touched.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let text = "一、总体情况\r\n本年度依法做好政府信息公开工作，收费标准为每件";
        let mut bytes = TextEncoding::Gbk.encode(text, false).unwrap();
        bytes.extend([0xA2, 0xE3, 0xA2, 0xE3, b'\r', b'\n']);
        let source = SourceFile::from_bytes("r.txt", bytes.clone()).unwrap();
        assert_eq!(source.encoding, TextEncoding::Gbk);
        assert_eq!(source.text, format!("{text}€€\r\n"));
        fs::write(&path, &bytes).unwrap();
        let (_, stamp) = read_stamped(&path);
        let err =
            write_text_atomically(&path, &source, &format!("{text}€€。\r\n"), &stamp).unwrap_err();
        assert!(err.contains("无法原样写回"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn refuses_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let (source, stamp) = text_file(dir.path(), "old", TextEncoding::Utf8, false);
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        assert!(write_text_atomically(&path, &source, "new", &stamp).is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn creates_new_files_and_keeps_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("新.docx");
        write_bytes_atomically(&path, b"PK", None).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"PK");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            // The permissions any new file gets (not tempfile's 0600).
            use std::os::unix::fs::PermissionsExt;
            let plain = dir.path().join("plain");
            fs::File::create(&plain).unwrap();
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), mode(&plain));
        }
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        let (source, stamp) = text_file(dir.path(), "old", TextEncoding::Utf8, false);
        fs::rename(dir.path().join("r.txt"), &real).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_text_atomically(&link, &source, "new", &stamp).unwrap();
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    /// Issue 15, 5: run as root, `fix` gave the file to root and the
    /// usual mode. Run by anyone else, the owner is the runner already.
    #[cfg(unix)]
    #[test]
    fn keeps_owner_group_and_mode() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let (source, _) = text_file(dir.path(), "old", TextEncoding::Utf8, false);
        let root = rustix::process::geteuid().is_root();
        if root {
            std::os::unix::fs::chown(&path, Some(4321), Some(8765)).unwrap();
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let before = fs::metadata(&path).unwrap();
        let (_, stamp) = read_stamped(&path);
        write_text_atomically(&path, &source, "new", &stamp).unwrap();
        let after = fs::metadata(&path).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_ne!(after.ino(), before.ino(), "replaced, not written in place");
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
        if root {
            assert_eq!((after.uid(), after.gid()), (4321, 8765));
        }
        assert_eq!(after.mode() & 0o7777, 0o640);
    }

    /// Issue 15, 5: the rename split hard links. A linked file is refused,
    /// and every name keeps the same, untouched file.
    #[cfg(unix)]
    #[test]
    fn refuses_files_with_hard_links() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let other = dir.path().join("备份.txt");
        let (source, stamp) = text_file(dir.path(), "old", TextEncoding::Utf8, false);
        fs::hard_link(&path, &other).unwrap();
        let err = write_text_atomically(&path, &source, "new", &stamp).unwrap_err();
        assert!(err.contains("有 2 个硬链接"), "{err}");
        assert!(err.contains("未修复"), "{err}");
        for name in [&path, &other] {
            assert_eq!(fs::read_to_string(name).unwrap(), "old");
            assert_eq!(fs::metadata(name).unwrap().nlink(), 2);
        }
        assert_eq!(names(dir.path()), ["r.txt", "备份.txt"]);
    }

    /// Issue 15, 5: temporary files of killed runs are removed by the next
    /// run; one a running process holds, and anything else, is kept.
    #[test]
    fn stale_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".report-lint-Ab12Cd.tmp");
        fs::write(&stale, "half a report").unwrap();
        // Another run, writing now: it holds its file locked.
        let busy = temp_file(dir.path(), true).unwrap();
        let busy_name = busy
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(is_temp_name(&busy_name), "{busy_name}");
        for other in [".report-lint-x.tmp", ".report-lint-Ab12Cd.txt", "r.txt"] {
            fs::write(dir.path().join(other), "keep").unwrap();
        }
        fs::create_dir(dir.path().join(".report-lint-cache")).unwrap();
        assert_eq!(remove_stale_temp_files(dir.path()), 1);
        let mut expected = vec![
            ".report-lint-Ab12Cd.txt".to_string(),
            ".report-lint-cache".into(),
            ".report-lint-x.tmp".into(),
            busy_name,
            "r.txt".into(),
        ];
        expected.sort();
        assert_eq!(names(dir.path()), expected);
        drop(busy);
        assert_eq!(names(dir.path()).len(), 4);
    }
}
