//! Whether git tracks anything in a folder, read from the index of the
//! work tree the folder is in, without running git (a repository's own
//! configuration can make git run programs, and git may not be installed).
//!
//! The index is found where git keeps it: `.git/index` in the nearest
//! folder above with a `.git` folder, or in the folder a `.git` file names
//! (linked work trees, submodules). Index versions 2, 3 and 4 are read,
//! with SHA-1 or SHA-256 object names. A split index (`core.splitIndex`)
//! keeps some entries in a shared file that is not read.

use std::path::{Path, PathBuf};

/// What the index says about a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tracked {
    /// Not in a work tree, no index yet, or nothing under the folder in it.
    No,
    /// Some file under the folder is in the index.
    Yes,
    /// There is an index, and it could not be read.
    Unknown,
}

/// Indexes larger than this are not read (a repository of a million files
/// has one of about 100 MB).
const MAX_INDEX: u64 = 512 * 1024 * 1024;

/// Whether git tracks a file in `folder` (an existing folder).
pub fn tracked(folder: &Path) -> Tracked {
    let Ok(folder) = folder.canonicalize() else {
        return Tracked::Unknown;
    };
    let Some((root, git_dir)) = work_tree(&folder) else {
        return Tracked::No;
    };
    let index = git_dir.join("index");
    let bytes = match std::fs::metadata(&index) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Tracked::No,
        Ok(metadata) if metadata.len() <= MAX_INDEX => std::fs::read(&index),
        _ => return Tracked::Unknown,
    };
    let Ok(bytes) = bytes else {
        return Tracked::Unknown;
    };
    // Paths in the index are relative to the work tree, with `/`.
    let Ok(relative) = folder.strip_prefix(&root) else {
        return Tracked::Unknown;
    };
    let mut prefix = Vec::new();
    for part in relative.components() {
        if !prefix.is_empty() {
            prefix.push(b'/');
        }
        prefix.extend_from_slice(part.as_os_str().as_encoded_bytes());
    }
    let under = |path: &[u8]| {
        prefix.is_empty()
            || path
                .strip_prefix(prefix.as_slice())
                .is_some_and(|rest| rest.is_empty() || rest.first() == Some(&b'/'))
    };
    // SHA-1 repositories are the rule; an index read with the wrong
    // length of object names does not parse.
    for oid_len in [20, 32] {
        if let Some(found) = any_path(&bytes, oid_len, &under) {
            return if found { Tracked::Yes } else { Tracked::No };
        }
    }
    Tracked::Unknown
}

/// The work tree `folder` is in and its git folder.
fn work_tree(folder: &Path) -> Option<(PathBuf, PathBuf)> {
    for dir in folder.ancestors() {
        let dot_git = dir.join(".git");
        let Ok(metadata) = std::fs::metadata(&dot_git) else {
            continue;
        };
        if metadata.is_dir() {
            return Some((dir.to_path_buf(), dot_git));
        }
        // `gitdir: <path>`, relative to the folder holding the file.
        let text = std::fs::read_to_string(&dot_git).ok()?;
        let named = text.lines().next()?.strip_prefix("gitdir:")?.trim();
        return Some((dir.to_path_buf(), dir.join(named)));
    }
    None
}

/// Whether a path of the index satisfies `wanted`; `None` when `bytes` is
/// not an index with object names of `oid_len` bytes.
fn any_path(bytes: &[u8], oid_len: usize, wanted: &dyn Fn(&[u8]) -> bool) -> Option<bool> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(4)? != b"DIRC" {
        return None;
    }
    let version = reader.u32()?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = reader.u32()?;
    let mut path: Vec<u8> = Vec::new();
    let mut found = false;
    for _ in 0..count {
        let start = reader.at;
        // ctime, mtime, dev, ino, mode, uid, gid, size; the object name.
        reader.take(40 + oid_len)?;
        let flags = reader.u16()?;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return None;
            }
            reader.u16()?;
        }
        let stated = usize::from(flags & 0x0fff);
        if version == 4 {
            let strip = reader.varint()?;
            let keep = path.len().checked_sub(usize::try_from(strip).ok()?)?;
            path.truncate(keep);
            path.extend_from_slice(reader.until_nul()?);
        } else {
            path.clear();
            path.extend_from_slice(reader.until_nul()?);
            // Padded with NULs to a multiple of eight bytes, one at least
            // (that one ended the path).
            let len = reader.at - start;
            let padded = (len + 7) & !7;
            let padding = reader.take(padded - len)?;
            if padding.iter().any(|&b| b != 0) {
                return None;
            }
        }
        // The length in the flags is exact below 0xfff.
        if stated < 0x0fff && stated != path.len() {
            return None;
        }
        found = found || wanted(&path);
    }
    // Extensions, then the checksum, an object name long.
    (bytes.len() - reader.at >= oid_len).then_some(found)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let taken = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(taken)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_be_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_be_bytes(self.take(2)?.try_into().ok()?))
    }

    /// Bytes up to a NUL, which is consumed.
    fn until_nul(&mut self) -> Option<&'a [u8]> {
        let rest = self.bytes.get(self.at..)?;
        let len = rest.iter().position(|&b| b == 0)?;
        self.at += len + 1;
        Some(&rest[..len])
    }

    /// Git's offset varint (`decode_varint`): seven bits a byte, high bit
    /// set when more follow, each continuation adding one.
    fn varint(&mut self) -> Option<u64> {
        let mut byte = *self.take(1)?.first()?;
        let mut value = u64::from(byte & 0x7f);
        while byte & 0x80 != 0 {
            value = value.checked_add(1)?;
            if value >> 57 != 0 {
                return None;
            }
            byte = *self.take(1)?.first()?;
            value = (value << 7) + u64::from(byte & 0x7f);
        }
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of `paths`, version 2 or 4, SHA-1 object names.
    fn index(version: u32, paths: &[&str]) -> Vec<u8> {
        let mut bytes = b"DIRC".to_vec();
        bytes.extend(version.to_be_bytes());
        bytes.extend((paths.len() as u32).to_be_bytes());
        let mut previous: &str = "";
        for path in paths {
            let start = bytes.len();
            bytes.extend([0u8; 40 + 20]);
            bytes.extend((path.len().min(0xfff) as u16).to_be_bytes());
            if version == 4 {
                let common = previous
                    .bytes()
                    .zip(path.bytes())
                    .take_while(|(a, b)| a == b)
                    .count();
                // Below 128: one byte.
                bytes.push((previous.len() - common) as u8);
                bytes.extend(&path.as_bytes()[common..]);
                bytes.push(0);
            } else {
                bytes.extend(path.as_bytes());
                let len = bytes.len() - start + 1;
                bytes.extend(vec![0u8; ((len + 7) & !7) - len + 1]);
            }
            previous = path;
        }
        bytes.extend([0u8; 20]);
        bytes
    }

    fn has(bytes: &[u8], folder: &str) -> Option<bool> {
        any_path(bytes, 20, &|path| {
            path == folder.as_bytes() || path.starts_with(format!("{folder}/").as_bytes())
        })
    }

    #[test]
    fn paths_are_read_from_every_version() {
        let paths = [
            ".report-lint-cache-old/x",
            ".report-lint-cache/CACHEDIR.TAG",
            ".report-lint-cache/ab/1.pack",
            "reports/r.txt",
        ];
        for version in [2, 4] {
            let bytes = index(version, &paths);
            assert_eq!(has(&bytes, ".report-lint-cache"), Some(true), "{version}");
            assert_eq!(has(&bytes, "reports"), Some(true), "{version}");
            assert_eq!(has(&bytes, "report"), Some(false), "{version}");
            assert_eq!(has(&bytes, "cache"), Some(false), "{version}");
            // Cut anywhere, it is no index.
            for cut in [3, 12, 50, bytes.len() - 21] {
                assert_eq!(has(&bytes[..cut], "reports"), None, "{version} {cut}");
            }
        }
        assert_eq!(has(&index(2, &[]), "reports"), Some(false));
        assert_eq!(has(b"DIRC\0\0\0\x05\0\0\0\0", "reports"), None);
    }

    #[test]
    fn a_varint_adds_one_per_continuation() {
        let read = |bytes: &[u8]| Reader { bytes, at: 0 }.varint();
        assert_eq!(read(&[0x05]), Some(5));
        assert_eq!(read(&[0x80, 0x00]), Some(128));
        assert_eq!(read(&[0x81, 0x7f]), Some(((1 + 1) << 7) + 127));
        assert_eq!(read(&[0xff; 20]), None);
        assert_eq!(read(&[0x80]), None);
    }
}
