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
    let mut bytes = Vec::with_capacity(text.len() + BOM.len());
    if bom {
        bytes.extend_from_slice(BOM.as_bytes());
    }
    bytes.extend_from_slice(text.as_bytes());
    write_bytes_atomically(path, &bytes)
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
