//! Writes a fixed report back atomically: a reader (or a crash) sees either
//! the old file or the new one, never half of each.

use crate::input::describe_io;
use report_lint_core::{SourceFile, Unencodable};
use std::fs;
use std::io::{Read, Write};
use std::path::Path;

/// Replaces the text file `source` was read from (at `path`) with `text`,
/// in the file's encoding and led by its byte-order mark if it had one.
/// Nothing is written when the encoding has no bytes for a character of
/// `text` (GBK and Big5 lack many), when the file no longer holds the text
/// that was linted, or when its bytes would not come back the same for the
/// text that is unchanged. Errors are messages for the user.
pub fn write_text_atomically(path: &Path, source: &SourceFile, text: &str) -> Result<(), String> {
    let bytes = source.encode(text).map_err(|e| unencodable_message(&e))?;
    // The bytes the file holds if nothing changed it since it was read.
    let expected = source.encode(&source.text);
    let on_disk = read_at_most(path, crate::input::MAX_BYTES + 1)
        .map_err(|e| format!("无法读取：{}", describe_io(&e)))?;
    if expected.as_ref() != Ok(&on_disk) {
        let unchanged = SourceFile::from_bytes(source.name.clone(), on_disk).is_ok_and(|now| {
            now.text == source.text && now.encoding == source.encoding && now.bom == source.bom
        });
        return Err(if unchanged {
            not_round_trip_message(source)
        } else {
            "文件在检查过程中被修改，未修复；请重新运行".into()
        });
    }
    write_bytes_atomically(path, &bytes)
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

/// The first `limit` bytes of the file (a file grown huge is not read whole).
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    fs::File::open(path)?.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes `bytes` to `path` through a temporary file and a rename: an
/// existing file (through a symlink to its target) keeps its permissions;
/// a new one gets the usual ones.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("无法写入：{}", describe_io(&e));
    let (target, permissions) = match fs::canonicalize(path) {
        // Through a symlink to its target, so that the link stays a link.
        Ok(target) => {
            let permissions = fs::metadata(&target).map_err(fail)?.permissions();
            if permissions.readonly() {
                return Err("文件是只读的，未写入".into());
            }
            (target, Some(permissions))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (path.to_path_buf(), None),
        Err(e) => return Err(fail(e)),
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Hidden, so a folder walk never picks up one left by a crash. A new
    // file is created as `File::create` would (0o666 less the umask);
    // tempfile's own default is readable by the owner only.
    let mut builder = tempfile::Builder::new();
    builder.prefix(".report-lint-");
    #[cfg(unix)]
    if permissions.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions).map_err(fail)?;
    }
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use report_lint_core::TextEncoding;

    /// A file holding `text` in `encoding`, read back as `check` reads it.
    fn text_file(dir: &Path, text: &str, encoding: TextEncoding, bom: bool) -> SourceFile {
        let path = dir.join("r.txt");
        fs::write(&path, encoding.encode(text, bom).unwrap()).unwrap();
        let source = SourceFile::from_bytes("r.txt", fs::read(&path).unwrap()).unwrap();
        assert_eq!(source.encoding, encoding);
        source
    }

    #[test]
    fn keeps_bom_and_permissions_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let source = text_file(dir.path(), "旧\r\n", TextEncoding::Utf8, true);
        write_text_atomically(&path, &source, "新\r\n").unwrap();
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
            let source = text_file(dir.path(), old, encoding, bom);
            write_text_atomically(&path, &source, new).unwrap();
            assert_eq!(fs::read(&path).unwrap(), encoding.encode(new, bom).unwrap());
        }
    }

    #[test]
    fn refuses_what_the_encoding_cannot_hold_or_a_file_changed_since() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let source = text_file(dir.path(), "一、总体情况\r\n", TextEncoding::Gbk, false);
        let before = fs::read(&path).unwrap();
        let err = write_text_atomically(&path, &source, "一、总体情况😀\r\n").unwrap_err();
        assert!(err.contains("GBK 编码中没有“😀”"), "{err}");
        assert!(err.contains("文件未修改"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);

        fs::write(
            &path,
            TextEncoding::Gbk.encode("二、其他\r\n", false).unwrap(),
        )
        .unwrap();
        let err = write_text_atomically(&path, &source, "一、总体情况。\r\n").unwrap_err();
        assert_eq!(err, "文件在检查过程中被修改，未修复；请重新运行");
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
        let err = write_text_atomically(&path, &source, &format!("{text}€€。\r\n")).unwrap_err();
        assert!(err.contains("无法原样写回"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), bytes);
    }

    #[test]
    fn refuses_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        let source = text_file(dir.path(), "old", TextEncoding::Utf8, false);
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        assert!(write_text_atomically(&path, &source, "new").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn creates_new_files_and_keeps_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("新.docx");
        write_bytes_atomically(&path, b"PK").unwrap();
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
        let source = text_file(dir.path(), "old", TextEncoding::Utf8, false);
        fs::rename(dir.path().join("r.txt"), &real).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_text_atomically(&link, &source, "new").unwrap();
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }
}
