//! The result cache of `check` (and `fix`): what was found in a file, kept
//! in `.report-lint-cache/` so that a second run over unchanged reports
//! reads its results instead of parsing and linting again.
//!
//! An entry is found by a BLAKE3 hash of everything its result depends on
//! (the file's text enters as its XXH3-128 digest):
//! - this binary: a BLAKE3 hash of the executable's bytes ([`state`]), so
//!   every build (and every binary linking a rule pack) has entries of its
//!   own, whatever its size and time;
//! - the file's name as shown (web pages are recognised by their
//!   extension) and its bytes;
//! - the configuration the file is linted with: the enabled rules with
//!   their severities, and the rule options.
//!
//! A changed file is a new key, so nothing is ever invalidated, only
//! missed. Cross-year findings are kept under a key made of both files'
//! keys. Entries hold findings, not rendered output: rendering runs as
//! usual, so a run prints the same bytes with or without the cache.
//!
//! Entries are stored in packs, not one file each: creating thousands of
//! small files costs more than linting them on some disks (half a
//! millisecond each on ext4 here). Each run that found something new
//! writes one pack (records, then an index of them), under a temporary
//! name renamed into place when complete, so readers only ever see whole
//! packs and concurrent runs never write the same file. When packs pile up,
//! a run merges them into one.
//!
//! The cache is an optimisation and never a reason to fail: a pack or an
//! entry that cannot be read, or does not parse as what this binary
//! writes, is a miss; a pack that cannot be written is left out.
//!
//! Nor can it be made to lie. Anyone can compute an entry's key (the
//! binary, the file and the rules are no secret), so every record carries
//! a keyed BLAKE3 MAC of its key and its findings, under a key of the
//! user's that never enters the cache folder ([`state::cache_key`]): a
//! record someone edited, made or copied from another user's cache does not
//! verify and is a miss. A cache folder of another user, or one git tracks
//! (its packs came with a checkout), is not used at all; a pack of another
//! user is not read.

use crate::git_index::{self, Tracked};
use crate::state;
use report_lint_core::SourceFile;
use report_lint_rules::{Config, RuleMeta};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Where the cache is kept when neither `--cache-dir` nor the environment says.
pub const DEFAULT_DIR: &str = ".report-lint-cache";

/// The environment variable naming the cache folder.
pub const DIR_VARIABLE: &str = "REPORT_LINT_CACHE_DIR";

/// Identifies one cached result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u8; 32]);

/// Ends every pack, after its index; a file that does not is not a pack.
/// (Packs of version 01 had no MACs.)
const MAGIC: &[u8; 8] = b"RLPACK02";

/// An index entry: key, offset of the record, length of its JSON.
const INDEX_ENTRY: usize = 32 + 8 + 4;

/// A record's header: its key, the length of its JSON and its MAC.
const RECORD_HEADER: usize = 32 + 4 + 32;

/// More packs than this are merged into one at the end of a run.
const MAX_PACKS: usize = 8;

/// Above this many bytes of entries, a merge keeps only the entries the
/// run used or wrote (those of files no longer checked go).
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// What a cross-year comparison was made as: its findings can differ
/// (inline, the previous report is prepared under its own configuration;
/// deferred, under the current one's), so each has entries of its own.
#[derive(Debug, Clone, Copy)]
pub enum PairKind {
    /// With last year's report still in memory, printed with the file.
    Inline,
    /// At the end of the run, both files read again.
    Deferred,
    /// With the report given by `--previous`.
    Previous,
}

pub struct Cache {
    root: PathBuf,
    /// `root/<binary>`: this binary's packs.
    dir: PathBuf,
    seal: Seal,
    /// The packs there were when first read.
    packs: OnceLock<Packs>,
    /// This run's new pack, made at the first entry stored.
    writer: Mutex<Writing>,
    /// Keys found, so a merge keeps them.
    used: Mutex<HashSet<Key>>,
}

/// The packs of the cache folder and where each entry is.
#[derive(Default)]
struct Packs {
    files: Vec<(PathBuf, File)>,
    index: HashMap<Key, Slot>,
    /// The bytes of all entries, for [`MAX_BYTES`].
    bytes: u64,
}

#[derive(Clone, Copy)]
struct Slot {
    pack: usize,
    offset: u64,
    len: u32,
}

enum Writing {
    NotYet,
    Open(PackWriter),
    /// The pack could not be made or written: nothing more is tried.
    Failed,
}

struct PackWriter {
    file: BufWriter<tempfile::NamedTempFile>,
    offset: u64,
    index: Vec<(Key, u64, u32)>,
}

/// What authenticates records: the user's key and this binary's hash.
struct Seal {
    key: [u8; state::KEY_LEN],
    binary: blake3::Hash,
}

impl Seal {
    /// The MAC of the record of `key` holding `json`.
    fn mac(&self, key: &Key, json: &[u8]) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new_keyed(&self.key);
        hasher.update(b"report-lint cache record 2\0");
        hasher.update(self.binary.as_bytes());
        hasher.update(&key.0);
        field(&mut hasher, json);
        hasher.finalize()
    }

    /// Whether `record` (header and JSON) is the record of `key`, intact.
    fn verifies(&self, key: &Key, record: &[u8]) -> bool {
        if record.len() < RECORD_HEADER || record[..32] != key.0 {
            return false;
        }
        let (header, json) = record.split_at(RECORD_HEADER);
        let Ok(mac) = <[u8; 32]>::try_from(&header[36..]) else {
            return false;
        };
        header[32..36] == (json.len() as u32).to_le_bytes()
            // Compared in constant time.
            && self.mac(key, json) == blake3::Hash::from_bytes(mac)
    }
}

impl Cache {
    /// The cache in `dir`; `None` when it may not be used: the folder is
    /// another user's or tracked by git, the user has no private key
    /// ([`state`]), or this binary cannot be read (then nothing can be
    /// trusted to come from it).
    pub fn open(dir: PathBuf) -> Option<Cache> {
        if !usable_root(&dir) {
            return None;
        }
        let key = state::cache_key()?;
        let binary = state::binary_hash()?;
        Some(Cache::with_seal(dir, Seal { key, binary }))
    }

    fn with_seal(dir: PathBuf, seal: Seal) -> Cache {
        let name = seal.binary.to_hex();
        Cache {
            dir: dir.join(&name[..16]),
            root: dir,
            seal,
            packs: OnceLock::new(),
            writer: Mutex::new(Writing::NotYet),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The cache of a `check` or `fix` run; `None` with `--no-cache`.
    pub fn of_run(lint: &crate::args::LintArgs) -> Option<Cache> {
        if lint.no_cache {
            return None;
        }
        Cache::open(Cache::location(lint.cache_dir.as_deref()))
    }

    /// The folder of `--cache-dir`, else of [`DIR_VARIABLE`], else [`DEFAULT_DIR`].
    pub fn location(flag: Option<&Path>) -> PathBuf {
        match flag {
            Some(dir) => dir.to_path_buf(),
            None => std::env::var_os(DIR_VARIABLE)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR)),
        }
    }

    /// The key of a file's own findings under `config`.
    pub fn file_key(&self, source: &SourceFile, config: &Config, rules: &[&RuleMeta]) -> Key {
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.seal.binary.as_bytes());
        field(&mut hasher, b"file");
        field(&mut hasher, source.name.as_bytes());
        hash_config(&mut hasher, config, rules);
        // The text as read: a BOM or line endings can move spans. Its
        // digest is XXH3's, several times faster than BLAKE3's on a whole
        // report (a warm run hashes every byte of the folder); 128 bits make
        // an accidental collision of two texts out of reach.
        field(&mut hasher, &[u8::from(source.bom)]);
        // The file's encoding is not part of the key: findings and their
        // positions are about the decoded text, and `fix` encodes what it
        // writes from the file as read now, never from the cache.
        let text = twox_hash::XxHash3_128::oneshot(source.text.as_bytes());
        hasher.update(&text.to_le_bytes());
        // A Word document's findings name its paragraphs and cells.
        if let Some(map) = &source.document {
            field(&mut hasher, b"document");
            hasher.update(format!("{map:?}").as_bytes());
        }
        Key(*hasher.finalize().as_bytes())
    }

    /// The key of the cross-year findings on `current` given `previous`.
    pub fn pair_key(&self, kind: PairKind, previous: Key, current: Key) -> Key {
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.seal.binary.as_bytes());
        field(&mut hasher, format!("pair {kind:?}").as_bytes());
        hasher.update(&previous.0);
        hasher.update(&current.0);
        Key(*hasher.finalize().as_bytes())
    }

    /// The entry under `key`, if there is a readable one.
    pub fn load<T: DeserializeOwned>(&self, key: Key) -> Option<T> {
        let packs = self.packs.get_or_init(|| Packs::read(&self.dir));
        let slot = *packs.index.get(&key)?;
        let (_, file) = packs.files.get(slot.pack)?;
        let mut record = vec![0; RECORD_HEADER + slot.len as usize];
        read_at(file, &mut record, slot.offset).ok()?;
        if !self.seal.verifies(&key, &record) {
            return None;
        }
        let value = serde_json::from_slice(&record[RECORD_HEADER..]).ok()?;
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        Some(value)
    }

    /// Adds the entry to this run's pack; failures are ignored (the pack
    /// is then left out at [`finish`](Self::finish)).
    pub fn store<T: Serialize>(&self, key: Key, value: &T) {
        let Ok(json) = serde_json::to_vec(value) else {
            return;
        };
        let Ok(len) = u32::try_from(json.len()) else {
            return;
        };
        let Ok(mut writer) = self.writer.lock() else {
            return;
        };
        if let Writing::NotYet = *writer {
            *writer = match self.make_root().then(|| PackWriter::new(&self.dir)) {
                Some(Some(pack)) => Writing::Open(pack),
                _ => Writing::Failed,
            };
        }
        let Writing::Open(pack) = &mut *writer else {
            return;
        };
        let mac = self.seal.mac(&key, &json);
        let written = pack
            .file
            .write_all(&key.0)
            .and_then(|()| pack.file.write_all(&len.to_le_bytes()))
            .and_then(|()| pack.file.write_all(mac.as_bytes()))
            .and_then(|()| pack.file.write_all(&json));
        match written {
            Ok(()) => {
                pack.index.push((key, pack.offset, len));
                pack.offset += (RECORD_HEADER + json.len()) as u64;
            }
            // A pack with a hole is no pack: drop it (the temporary file goes).
            Err(_) => *writer = Writing::Failed,
        }
    }

    /// Publishes this run's pack, and merges the packs when there are too
    /// many. Failures leave the cache as it was.
    pub fn finish(self) {
        let Cache {
            dir,
            seal,
            writer,
            packs,
            used,
            ..
        } = self;
        let Ok(Writing::Open(writer)) = writer.into_inner() else {
            return;
        };
        let Ok(written) = writer.publish(&dir) else {
            return;
        };
        let packs = packs.into_inner().unwrap_or_else(|| Packs::read(&dir));
        if packs.files.len() + 1 > MAX_PACKS {
            let used = used.into_inner().unwrap_or_default();
            let _ = merge(&dir, &seal, packs, &written, &used);
        }
    }

    /// Makes the cache folder, tagged so that backup tools skip it
    /// (CACHEDIR.TAG) and git ignores it; false when it cannot be made, or
    /// it or this binary's folder in it is another user's (made meanwhile).
    fn make_root(&self) -> bool {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return false;
        }
        let mine = |dir: &Path| std::fs::metadata(dir).is_ok_and(|m| state::is_mine(&m));
        if !mine(&self.root) || !mine(&self.dir) {
            return false;
        }
        for (name, text) in [
            ("CACHEDIR.TAG", CACHEDIR_TAG),
            (".gitignore", "# 由 report-lint 自动生成\n*\n"),
        ] {
            let path = self.root.join(name);
            if !path.exists() {
                let _ = std::fs::write(path, text);
            }
        }
        true
    }
}

impl Packs {
    /// Every whole pack of the user's in `dir`; a missing folder, a folder
    /// or a pack of another user, or a broken pack is no entries.
    fn read(dir: &Path) -> Packs {
        let mut packs = Packs::default();
        if !std::fs::metadata(dir).is_ok_and(|m| state::is_mine(&m)) {
            return packs;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return packs;
        };
        // Oldest first, so that a key written again (its old record did
        // not read back) is found in the newest pack.
        let mut paths: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|e| e == "pack"))
            .filter_map(|e| {
                let metadata = e.metadata().ok().filter(state::is_mine)?;
                let modified = metadata.modified();
                Some((modified.unwrap_or(std::time::UNIX_EPOCH), e.path()))
            })
            .collect();
        paths.sort();
        for (_, path) in paths {
            let Ok(mut file) = File::open(&path) else {
                continue;
            };
            let Ok(index) = read_index(&mut file) else {
                continue;
            };
            let pack = packs.files.len();
            for (key, offset, len) in index {
                packs.bytes += u64::from(len);
                packs.index.insert(key, Slot { pack, offset, len });
            }
            packs.files.push((path, file));
        }
        packs
    }
}

/// A pack's index, checked against the file's size: `[key, offset, len]…,
/// count, MAGIC`.
fn read_index(file: &mut File) -> io::Result<Vec<(Key, u64, u32)>> {
    let broken = || io::Error::new(io::ErrorKind::InvalidData, "not a pack");
    let size = file.metadata()?.len();
    let mut tail = [0u8; 16];
    if size < 16 {
        return Err(broken());
    }
    file.seek(SeekFrom::Start(size - 16))?;
    file.read_exact(&mut tail)?;
    if tail[8..] != MAGIC[..] {
        return Err(broken());
    }
    let count = u64::from_le_bytes(tail[..8].try_into().map_err(|_| broken())?);
    let index_bytes = count
        .checked_mul(INDEX_ENTRY as u64)
        .filter(|n| n + 16 <= size)
        .ok_or_else(broken)?;
    let records_end = size - 16 - index_bytes;
    let mut raw = vec![0; index_bytes as usize];
    file.seek(SeekFrom::Start(records_end))?;
    file.read_exact(&mut raw)?;
    let mut index = Vec::with_capacity(count as usize);
    for entry in raw.chunks_exact(INDEX_ENTRY) {
        let (key, rest) = entry.split_at(32);
        let (offset, len) = rest.split_at(8);
        let key = Key(key.try_into().map_err(|_| broken())?);
        let offset = u64::from_le_bytes(offset.try_into().map_err(|_| broken())?);
        let len = u32::from_le_bytes(len.try_into().map_err(|_| broken())?);
        let end = offset
            .checked_add((RECORD_HEADER as u64) + u64::from(len))
            .ok_or_else(broken)?;
        if end > records_end {
            return Err(broken());
        }
        index.push((key, offset, len));
    }
    Ok(index)
}

impl PackWriter {
    fn new(dir: &Path) -> Option<PackWriter> {
        let file = tempfile::Builder::new()
            .prefix(".pack-")
            .tempfile_in(dir)
            .ok()?;
        Some(PackWriter {
            file: BufWriter::new(file),
            offset: 0,
            index: Vec::new(),
        })
    }

    /// Writes the index and renames the pack into place; its path.
    fn publish(mut self, dir: &Path) -> io::Result<PathBuf> {
        for (key, offset, len) in &self.index {
            self.file.write_all(&key.0)?;
            self.file.write_all(&offset.to_le_bytes())?;
            self.file.write_all(&len.to_le_bytes())?;
        }
        self.file
            .write_all(&(self.index.len() as u64).to_le_bytes())?;
        self.file.write_all(MAGIC)?;
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        // Unique among concurrent runs: the temporary name already is.
        let name = file
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().trim_start_matches(".pack-").to_string())
            .unwrap_or_default();
        let path = dir.join(format!("{name}.pack"));
        file.persist_noclobber(&path).map_err(|e| e.error)?;
        Ok(path)
    }
}

/// Merges `packs` and the pack just `written` into one, then removes
/// them. Packs other runs wrote meanwhile are left alone; a reader that
/// still has a removed pack open reads on (on Unix), or misses.
fn merge(
    dir: &Path,
    seal: &Seal,
    mut packs: Packs,
    written: &Path,
    used: &HashSet<Key>,
) -> io::Result<()> {
    let mut file = File::open(written)?;
    let new = read_index(&mut file)?;
    let pack = packs.files.len();
    for (key, offset, len) in &new {
        packs.bytes += u64::from(*len);
        packs.index.insert(
            *key,
            Slot {
                pack,
                offset: *offset,
                len: *len,
            },
        );
    }
    packs.files.push((written.to_path_buf(), file));
    // Over the limit, what this run did not touch goes: it is what the
    // files no longer checked (or changed since) left behind.
    let keep_all = packs.bytes <= MAX_BYTES;
    let fresh: HashSet<Key> = new.iter().map(|(key, _, _)| *key).collect();
    let mut merged = PackWriter::new(dir).ok_or_else(|| io::Error::other("no pack"))?;
    for (key, slot) in &packs.index {
        if !keep_all && !used.contains(key) && !fresh.contains(key) {
            continue;
        }
        let (_, file) = &packs.files[slot.pack];
        let mut record = vec![0; RECORD_HEADER + slot.len as usize];
        // A record that does not verify would never be read: it goes.
        if read_at(file, &mut record, slot.offset).is_err() || !seal.verifies(key, &record) {
            continue;
        }
        merged.file.write_all(&record)?;
        merged.index.push((*key, merged.offset, slot.len));
        merged.offset += record.len() as u64;
    }
    merged.publish(dir)?;
    for (path, _) in &packs.files {
        let _ = std::fs::remove_file(path);
    }
    remove_abandoned(dir);
    Ok(())
}

/// Removes the temporary packs of runs that were killed: those not
/// written to for a day (a run that long is not running any more).
fn remove_abandoned(dir: &Path) {
    let day = std::time::Duration::from_secs(24 * 60 * 60);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let abandoned = entry.file_name().to_string_lossy().starts_with(".pack-")
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > day));
        if abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Reads `buf.len()` bytes at `offset`, without moving a shared cursor:
/// workers read one pack at once.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut std::mem::take(&mut buf)[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// Elsewhere nothing is read back: every lookup is a miss.
#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// `report-lint clean`: removes the cache folder, if it is one (it has
/// the tag this module writes: a folder named by mistake is left alone).
pub fn clean(flag: Option<&Path>, console: &mut crate::console::Console) -> io::Result<i32> {
    let dir = Cache::location(flag);
    let shown = dir.display();
    if !dir.exists() {
        writeln!(console.stdout, "没有缓存：{shown} 不存在")?;
        return Ok(0);
    }
    let tagged =
        std::fs::read_to_string(dir.join("CACHEDIR.TAG")).is_ok_and(|tag| tag == CACHEDIR_TAG);
    if !tagged {
        writeln!(
            console.stderr,
            "错误：{shown} 不是 report-lint 的缓存文件夹（其中没有 report-lint 写的 CACHEDIR.TAG），未删除"
        )?;
        return Ok(2);
    }
    match std::fs::remove_dir_all(&dir) {
        Ok(()) => {
            writeln!(console.stdout, "已删除缓存 {shown}")?;
            Ok(0)
        }
        Err(err) => {
            let reason = crate::input::describe_io(&err);
            writeln!(console.stderr, "错误：无法删除缓存 {shown}：{reason}")?;
            Ok(2)
        }
    }
}

/// <https://bford.info/cachedir/>
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by report-lint.\n";

/// A length-prefixed field, so that two fields can never run together.
fn field(hasher: &mut blake3::Hasher, bytes: &[u8]) {
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    hasher.update(bytes);
}

/// What of a configuration the findings depend on: which rules run, at
/// which severity, with which options. Two configurations written
/// differently that lint alike share entries. Hashed as it is walked, with
/// no text built: this runs for every file.
fn hash_config(hasher: &mut blake3::Hasher, config: &Config, rules: &[&RuleMeta]) {
    for meta in rules.iter().filter(|m| config.is_enabled(m)) {
        field(hasher, meta.code.as_bytes());
        field(hasher, config.severity_of(meta).as_str().as_bytes());
    }
    // Rules written in the configuration: what they say, and which run how.
    for meta in config.declarative.metas().filter(|m| config.is_enabled(m)) {
        field(hasher, meta.code.as_bytes());
        field(hasher, config.severity_of(meta).as_str().as_bytes());
    }
    // Rule codes are never empty: this ends the list unambiguously.
    field(hasher, b"");
    field(hasher, config.declarative.fingerprint().as_bytes());
    let options = serde_json::to_vec(&config.options).unwrap_or_default();
    field(hasher, &options);
}

/// Whether the cache folder `dir` may be used: it does not exist yet (it
/// will be made the user's), or it is the user's and git tracks nothing in
/// it. Whatever a checkout brought (packs of someone else's, made to
/// verify nowhere) or another user keeps is left alone rather than read.
/// The index is read once a run, and only when the folder exists.
fn usable_root(dir: &Path) -> bool {
    let Ok(metadata) = std::fs::metadata(dir) else {
        return true;
    };
    metadata.is_dir() && state::is_mine(&metadata) && git_index::tracked(dir) == Tracked::No
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_of(bytes: &[u8]) -> io::Result<Vec<(Key, u64, u32)>> {
        let mut file = tempfile::tempfile()?;
        file.write_all(bytes)?;
        read_index(&mut file)
    }

    /// One record (key 7…, JSON `[1]`, MAC 9…) and its index.
    fn one_record() -> Vec<u8> {
        let mut bytes = vec![7; 32];
        bytes.extend(3u32.to_le_bytes());
        bytes.extend([9; 32]);
        bytes.extend(b"[1]");
        bytes.extend([7; 32]);
        bytes.extend(0u64.to_le_bytes());
        bytes.extend(3u32.to_le_bytes());
        bytes.extend(1u64.to_le_bytes());
        bytes.extend(MAGIC);
        bytes
    }

    #[test]
    fn a_whole_pack_is_read_and_a_damaged_one_refused() {
        let whole = one_record();
        assert_eq!(pack_of(&whole).unwrap(), [(Key([7; 32]), 0, 3)]);

        let n = whole.len();
        let mut too_many = whole.clone();
        too_many[n - 16..n - 8].copy_from_slice(&u64::MAX.to_le_bytes());
        let mut beyond = whole.clone();
        // The record would run into the index.
        beyond[n - 20..n - 16].copy_from_slice(&4u32.to_le_bytes());
        let mut not_a_pack = whole.clone();
        not_a_pack[n - 1] = b'1';
        for damaged in [
            &whole[..n - 1],
            &whole[..10],
            &too_many,
            &beyond,
            &not_a_pack,
        ] {
            assert!(pack_of(damaged).is_err());
        }
    }

    fn seal(key: u8) -> Seal {
        Seal {
            key: [key; 32],
            binary: blake3::hash(b"report-lint"),
        }
    }

    /// A cache in `dir` under the user's key `key`, holding `entries`.
    fn filled(dir: &Path, key: u8, entries: &[(Key, &str)]) {
        let cache = Cache::with_seal(dir.to_path_buf(), seal(key));
        // As in a run, the packs are read before anything is stored.
        assert_eq!(cache.load::<String>(Key([0; 32])), None);
        for (k, value) in entries {
            cache.store(*k, value);
        }
        cache.finish();
    }

    fn load(dir: &Path, key: u8, k: Key) -> Option<String> {
        Cache::with_seal(dir.to_path_buf(), seal(key)).load(k)
    }

    #[test]
    fn an_entry_reads_back_only_under_its_key_and_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (Key([1; 32]), Key([2; 32]));
        filled(dir.path(), 5, &[(a, "干净"), (b, "有问题")]);
        assert_eq!(load(dir.path(), 5, a).as_deref(), Some("干净"));
        // Another user's key (or an attacker's): nothing verifies.
        assert_eq!(load(dir.path(), 6, a), None);
        // Someone who writes the pack cannot make one verify either: not
        // by changing the findings, nor by moving one record under another
        // key.
        let cache = Cache::with_seal(dir.path().to_path_buf(), seal(5));
        let [pack] = &std::fs::read_dir(&cache.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect::<Vec<_>>()[..]
        else {
            panic!("one pack");
        };
        let original = std::fs::read(pack).unwrap();
        let at = |needle: &[u8]| {
            original
                .windows(needle.len())
                .position(|w| w == needle)
                .unwrap()
        };
        let mut changed = original.clone();
        let found = at("有问题".as_bytes());
        changed[found..found + "有问题".len()].copy_from_slice("没问题".as_bytes());
        std::fs::write(pack, &changed).unwrap();
        assert_eq!(load(dir.path(), 5, b), None, "findings changed");
        // Record b, relabelled as a's and indexed as a's.
        let mut moved = original.clone();
        let index = original.len() - 16 - 2 * INDEX_ENTRY;
        let slot = |i: usize| index + i * INDEX_ENTRY;
        let offset_b = u64::from_le_bytes(original[slot(1) + 32..slot(1) + 40].try_into().unwrap());
        let offset_b = offset_b as usize;
        moved[offset_b..offset_b + 32].copy_from_slice(&a.0);
        moved.copy_within(slot(1) + 32..slot(1) + INDEX_ENTRY, slot(0) + 32);
        std::fs::write(pack, &moved).unwrap();
        assert_eq!(
            load(dir.path(), 5, a),
            None,
            "a record moved under another key"
        );
        std::fs::write(pack, &original).unwrap();
        assert_eq!(load(dir.path(), 5, b).as_deref(), Some("有问题"));
    }

    #[test]
    fn a_merge_keeps_what_verifies_and_drops_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let keys: Vec<Key> = (0..=MAX_PACKS as u8).map(|i| Key([i + 1; 32])).collect();
        // Packs of someone else's key, in the user's folder.
        filled(dir.path(), 6, &[(keys[0], "伪造")]);
        for (i, key) in keys.iter().enumerate().skip(1) {
            filled(dir.path(), 5, &[(*key, &format!("第{i}个"))]);
        }
        let packs = std::fs::read_dir(dir.path().join(&seal(5).binary.to_hex()[..16]))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "pack")
            })
            .count();
        assert_eq!(packs, 1, "merged");
        assert_eq!(load(dir.path(), 6, keys[0]), None, "dropped at the merge");
        for (i, key) in keys.iter().enumerate().skip(1) {
            assert_eq!(load(dir.path(), 5, *key), Some(format!("第{i}个")));
        }
    }
}
