//! Writes a fixed report back atomically: a reader (or a crash) sees either
//! the old file or the new one, never half of each.

use crate::input::describe_io;
use std::fs;
use std::io::Write;
use std::path::Path;

/// The UTF-8 byte-order mark, which [`SourceFile`](report_lint_core::SourceFile) strips.
pub const BOM: &str = "\u{feff}";

/// Replaces the file behind `path` with `text`, led by a BOM when the
/// original had one. Errors are messages for the user.
pub fn write_atomically(path: &Path, bom: bool, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("无法写入：{}", describe_io(&e));
    // Through a symlink to its target, so that the link stays a link.
    let target = fs::canonicalize(path).map_err(fail)?;
    let permissions = fs::metadata(&target).map_err(fail)?.permissions();
    if permissions.readonly() {
        return Err("文件是只读的，未写入修复".into());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    // Hidden, so a folder walk never picks up one left by a crash.
    let mut tmp = tempfile::Builder::new()
        .prefix(".report-lint-")
        .tempfile_in(dir)
        .map_err(fail)?;
    if bom {
        tmp.write_all(BOM.as_bytes()).map_err(fail)?;
    }
    tmp.write_all(text.as_bytes()).map_err(fail)?;
    tmp.as_file().set_permissions(permissions).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(&target).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_bom_and_permissions_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, true, "新\r\n").unwrap();
        assert_eq!(fs::read(&path).unwrap(), "\u{feff}新\r\n".as_bytes());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_read_only_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        fs::write(&path, "old").unwrap();
        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        assert!(write_atomically(&path, false, "new").is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, false, "new").unwrap();
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }
}
