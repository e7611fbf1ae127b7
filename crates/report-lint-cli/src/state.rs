//! What report-lint keeps for the user running it, outside every project
//! and every cache folder: the key that authenticates the result cache's
//! entries, and the hash of each report-lint binary it ran as (a binary is
//! hashed once, not at every run).
//!
//! The folder is `$XDG_STATE_HOME/report-lint`, else
//! `~/.local/state/report-lint` (`%LOCALAPPDATA%\report-lint` on Windows).
//! It is made for its owner alone (0700), and used only while it belongs
//! to the user running report-lint and no one else can write in it; the
//! key is a file of 32 random bytes only its owner can read (0600). When
//! any of this does not hold, there is no key, and no cache.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The bytes of the cache key.
pub const KEY_LEN: usize = 32;

const KEY_FILE: &str = "key";

/// The memo of binaries' hashes: one `identity hash` line each, newest first.
const BINARIES_FILE: &str = "binaries";

/// Binaries remembered; a build replaces the last one's entry soon enough.
const MAX_BINARIES: usize = 64;

/// The folder, whether or not it exists; `None` when neither variable
/// says where (or says it relatively, which XDG forbids).
pub fn dir() -> Option<PathBuf> {
    let absolute = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if cfg!(windows) {
        return absolute("LOCALAPPDATA").map(|d| d.join("report-lint"));
    }
    absolute("XDG_STATE_HOME")
        .or_else(|| absolute("HOME").map(|home| home.join(".local/state")))
        .map(|d| d.join("report-lint"))
}

/// The folder, made if missing; `None` when it cannot be made or is not
/// the user's alone.
fn private_dir() -> Option<PathBuf> {
    let dir = dir()?;
    if let Some(parent) = dir.parent() {
        let _ = fs::create_dir_all(parent);
    }
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(&dir) {
        Ok(()) => {}
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
        Err(_) => return None,
    }
    let metadata = fs::metadata(&dir).ok()?;
    (metadata.is_dir() && is_mine(&metadata) && !others_can_write(&metadata)).then_some(dir)
}

/// The user's cache key, made at the first run; `None` when there is no
/// private folder to keep it in, or no randomness to make it from.
pub fn cache_key() -> Option<[u8; KEY_LEN]> {
    let dir = private_dir()?;
    let path = dir.join(KEY_FILE);
    match read_key(&path) {
        Ok(key) => return Some(key),
        // Made now.
        Err(KeyError::Missing) => {}
        // Damaged, or readable by others (then others may know it): a new
        // key, which misses every entry the old one made.
        Err(KeyError::Unusable) => {}
    }
    let mut key = [0u8; KEY_LEN];
    getrandom::fill(&mut key).ok()?;
    // Written under a temporary name (0600, tempfile's default) and linked
    // into place whole: a run starting meanwhile sees no key or all of it.
    let mut file = tempfile::Builder::new()
        .prefix(".key-")
        .tempfile_in(&dir)
        .ok()?;
    file.write_all(&key).ok()?;
    file.as_file().sync_all().ok()?;
    match file.persist_noclobber(&path) {
        Ok(_) => Some(key),
        // Another run made one first: theirs it is.
        Err(err) if err.error.kind() == io::ErrorKind::AlreadyExists => match read_key(&path) {
            Ok(theirs) => Some(theirs),
            Err(KeyError::Unusable) => err.file.persist(&path).ok().map(|_| key),
            Err(KeyError::Missing) => None,
        },
        Err(_) => None,
    }
}

enum KeyError {
    Missing,
    Unusable,
}

fn read_key(path: &Path) -> Result<[u8; KEY_LEN], KeyError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    // The key file itself, never what a link in its place points to.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Err(KeyError::Missing),
        Err(_) => return Err(KeyError::Unusable),
    };
    let metadata = file.metadata().map_err(|_| KeyError::Unusable)?;
    let private = metadata.is_file()
        && metadata.len() == KEY_LEN as u64
        && is_mine(&metadata)
        && !others_can_read(&metadata);
    if !private {
        return Err(KeyError::Unusable);
    }
    let mut key = [0u8; KEY_LEN];
    file.read_exact(&mut key).map_err(|_| KeyError::Unusable)?;
    Ok(key)
}

/// A BLAKE3 hash of this binary's bytes: two builds, or a binary and the
/// same one with a rule pack linked, never share cache entries, whatever
/// their size and time. Hashing a debug build takes a moment, so on Unix
/// the hash is remembered in the private folder under the executable's
/// path, device, inode, size, modification and change times; the change
/// time cannot be set back, so a binary rewritten in place is hashed again.
pub fn binary_hash() -> Option<blake3::Hash> {
    let (path, mut file) = open_self()?;
    let metadata = file.metadata().ok()?;
    let identity = identity(&path, &metadata);
    let dir = identity.and_then(|_| private_dir());
    let memo = dir.as_ref().map(|d| d.join(BINARIES_FILE));
    let remembered = memo.as_deref().map(read_memo).unwrap_or_default();
    if let Some(identity) = identity {
        if let Some((_, hash)) = remembered.iter().find(|(id, _)| *id == identity) {
            return Some(*hash);
        }
    }
    let mut hasher = blake3::Hasher::new();
    hasher.update_reader(&mut file).ok()?;
    let hash = hasher.finalize();
    if let (Some(identity), Some(dir), Some(memo)) = (identity, dir, memo) {
        let mut lines = format!("{} {}\n", identity.to_hex(), hash.to_hex());
        for (id, hash) in remembered.iter().filter(|(id, _)| *id != identity) {
            lines.push_str(&format!("{} {}\n", id.to_hex(), hash.to_hex()));
        }
        // Concurrent runs may each write theirs; the last one stays, the
        // other binary is hashed once more.
        let _ = write_replacing(&dir, &memo, lines.as_bytes());
    }
    Some(hash)
}

/// The running executable, opened: on Linux through `/proc/self/exe`, the
/// file this process runs even if its path has been replaced since.
fn open_self() -> Option<(PathBuf, File)> {
    let path = std::env::current_exe().ok()?;
    #[cfg(target_os = "linux")]
    if let Ok(file) = File::open("/proc/self/exe") {
        return Some((path, file));
    }
    let file = File::open(&path).ok()?;
    Some((path, file))
}

/// What tells one executable file from another without reading it.
#[cfg(unix)]
fn identity(path: &Path, metadata: &fs::Metadata) -> Option<blake3::Hash> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::MetadataExt;
    let mut hasher = blake3::Hasher::new();
    hasher.update(&(path.as_os_str().len() as u64).to_le_bytes());
    hasher.update(path.as_os_str().as_bytes());
    for n in [
        metadata.dev(),
        metadata.ino(),
        metadata.size(),
        metadata.mtime() as u64,
        metadata.mtime_nsec() as u64,
        metadata.ctime() as u64,
        metadata.ctime_nsec() as u64,
    ] {
        hasher.update(&n.to_le_bytes());
    }
    Some(hasher.finalize())
}

/// Without a change time the user cannot set, nothing is remembered: the
/// binary is hashed at every run.
#[cfg(not(unix))]
fn identity(_: &Path, _: &fs::Metadata) -> Option<blake3::Hash> {
    None
}

fn read_memo(path: &Path) -> Vec<(blake3::Hash, blake3::Hash)> {
    let Ok(text) = fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let (id, hash) = line.split_once(' ')?;
            Some((
                blake3::Hash::from_hex(id).ok()?,
                blake3::Hash::from_hex(hash).ok()?,
            ))
        })
        .take(MAX_BINARIES - 1)
        .collect()
}

/// Replaces `path` (in `dir`) with `bytes` whole.
fn write_replacing(dir: &Path, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether the user running report-lint owns what `metadata` describes
/// (always, where files have no single owner to compare).
pub fn is_mine(metadata: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        metadata.uid() == rustix::process::geteuid().as_raw()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        true
    }
}

fn others_can_write(metadata: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.permissions().mode() & 0o022 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

fn others_can_read(metadata: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        metadata.permissions().mode() & 0o077 != 0
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}
