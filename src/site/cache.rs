//! What `build` keeps between runs to render less: the redline fragment of each diff page,
//! keyed by the SHA-256 of both edition bodies and the words and links around it. A redline
//! is a pure function of that key, so a cached one is what a fresh comparison gives.
//!
//! Measured on the 15,000-edition bench portal, it is the one thing worth keeping: cutting
//! two texts into blocks, aligning and diffing them takes 210–240 µs, reading the entry back
//! 20 µs, and an entry is 3 KB. Rendered Markdown was cached too at first and dropped: a
//! render takes 80–100 µs and a hit 35 µs, but storing the 15 KB entries cost as much again
//! on every cold build (215 MB for the bench portal), so it paid only from the second
//! rebuild on. Page templates are not cached: a page depends on too much of the site to key
//! it safely.
//!
//! One file per entry under `.redakt-cache/render/`, named by its key: reading one costs an
//! `open` and a `read`, not a parse of a large index, and a damaged file spoils only itself.
//! Every file repeats its key and carries the SHA-256 of its payload; a file that is short,
//! foreign or does not match is a miss, computed afresh and written again. Keys include the
//! binary's build id, so another Redakt never reads what this one wrote. Entries are
//! written through a temporary file and a rename, so a reader never sees half of one, and
//! after a successful build every entry the build did not use is deleted: the cache holds
//! what the site needs now, never more.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::content::EditionText;
use crate::diff::Counts;

use super::inputs::{hex, BUILD_ID};

/// Starts every entry file; the digit is the entry format.
const MAGIC: &[u8; 8] = b"RDKTC\x001\n";

/// A key: the SHA-256 of what the value is a function of.
type Key = [u8; 32];

/// The redline fragment of a diff page and its counts, as the diff page shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redline {
    pub counts: Counts,
    pub html: String,
}

/// The render cache of one build; [`RenderCache::off`] renders everything.
#[derive(Debug, Default)]
pub struct RenderCache {
    dir: Option<PathBuf>,
    used: Mutex<HashSet<Key>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
    unwritten: AtomicUsize,
}

/// What the cache did during a build, for `build -v`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub hits: usize,
    pub misses: usize,
    /// Entries that could not be stored (a full disk, a read-only folder): a cost, not an error.
    pub unwritten: usize,
}

impl RenderCache {
    /// No cache: every value is computed.
    pub fn off() -> RenderCache {
        RenderCache::default()
    }

    /// The cache in `dir` (created on first store).
    pub fn at(dir: &Path) -> RenderCache {
        RenderCache {
            dir: Some(dir.to_path_buf()),
            ..RenderCache::default()
        }
    }

    pub fn stats(&self) -> Stats {
        Stats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            unwritten: self.unwritten.load(Ordering::Relaxed),
        }
    }

    /// The redline of `old` → `new`; `parts` are everything else the fragment depends on
    /// (its labels and links), `compute` makes it on a miss.
    pub fn redline(
        &self,
        old: &EditionText,
        new: &EditionText,
        parts: &[&str],
        compute: impl FnOnce() -> Redline,
    ) -> Redline {
        let mut all = vec!["redline", old.sha256.as_str(), new.sha256.as_str()];
        all.extend_from_slice(parts);
        self.get_or(key(&all), decode_redline, encode_redline, compute)
    }

    fn get_or<T>(
        &self,
        key: Key,
        decode: fn(&mut Reader) -> Option<T>,
        encode: fn(&T, &mut Vec<u8>),
        compute: impl FnOnce() -> T,
    ) -> T {
        let Some(dir) = &self.dir else {
            return compute();
        };
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key);
        let path = entry_path(dir, &key);
        if let Some(value) = read_entry(&path, &key).and_then(|payload| {
            let mut reader = Reader(&payload);
            decode(&mut reader).filter(|_| reader.0.is_empty())
        }) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return value;
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let value = compute();
        let mut payload = Vec::new();
        encode(&value, &mut payload);
        if write_entry(&path, &key, &payload).is_err() {
            self.unwritten.fetch_add(1, Ordering::Relaxed);
        }
        value
    }

    /// Deletes every entry this build did not use, and stray temporary files; returns how
    /// many files went. Only call it after a build that rendered the whole site.
    pub fn prune(&self) -> usize {
        let Some(dir) = &self.dir else {
            return 0;
        };
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let mut removed = 0;
        for shard in read_dir_paths(dir) {
            let prefix = file_name(&shard);
            for entry in read_dir_paths(&shard) {
                let name = format!("{prefix}{}", file_name(&entry));
                let keep = parse_key(&name).is_some_and(|k| used.contains(&k));
                if !keep && remove_any(&entry) {
                    removed += 1;
                }
            }
            // Only succeeds once the shard is empty.
            let _ = std::fs::remove_dir(&shard);
        }
        removed
    }
}

fn key(parts: &[&str]) -> Key {
    let mut hasher = Sha256::new();
    hasher.update(MAGIC);
    hasher.update(BUILD_ID.as_bytes());
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

/// `render/ab/cdef…`: 256 shards keep folders small.
fn entry_path(dir: &Path, key: &Key) -> PathBuf {
    let name = hex(key);
    dir.join(&name[..2]).join(&name[2..])
}

fn parse_key(name: &str) -> Option<Key> {
    if name.len() != 64 {
        return None;
    }
    let mut key = [0; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(name.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

/// The payload of the entry at `path` if it is whole and is the entry for `key`.
fn read_entry(path: &Path, key: &Key) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    let header = MAGIC.len() + 32 + 32;
    if bytes.len() < header || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let (stored_key, digest) = (
        &bytes[MAGIC.len()..MAGIC.len() + 32],
        &bytes[MAGIC.len() + 32..header],
    );
    if stored_key != key || digest != Sha256::digest(&bytes[header..]).as_slice() {
        return None;
    }
    bytes.drain(..header);
    Some(bytes)
}

fn write_entry(path: &Path, key: &Key, payload: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let mut bytes = Vec::with_capacity(MAGIC.len() + 64 + payload.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(key);
    bytes.extend_from_slice(&Sha256::digest(payload));
    bytes.extend_from_slice(payload);
    let parent = path.parent().unwrap_or(path);
    std::fs::create_dir_all(parent)?;
    let temp = parent.join(format!(
        ".tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&temp, &bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

fn read_dir_paths(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn remove_any(path: &Path) -> bool {
    if path.is_dir() {
        std::fs::remove_dir_all(path).is_ok()
    } else {
        std::fs::remove_file(path).is_ok()
    }
}

/// Payloads: little-endian lengths, then the bytes; strings are checked as UTF-8 on read.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        let len = self.usize()?;
        String::from_utf8(self.take(len)?.to_vec()).ok()
    }
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u64(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn encode_redline(r: &Redline, out: &mut Vec<u8>) {
    let c = r.counts;
    for n in [
        c.added,
        c.removed,
        c.changed,
        c.moved,
        c.renumbered,
        c.unchanged,
    ] {
        put_u64(out, n as u64);
    }
    put_str(out, &r.html);
}

fn decode_redline(r: &mut Reader) -> Option<Redline> {
    let counts = Counts {
        added: r.usize()?,
        removed: r.usize()?,
        changed: r.usize()?,
        moved: r.usize()?,
        renumbered: r.usize()?,
        unchanged: r.usize()?,
    };
    Some(Redline {
        counts,
        html: r.string()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> EditionText {
        EditionText {
            file: "content/op/p/1.md".into(),
            title: None,
            summary: None,
            changes: Vec::new(),
            body: body.to_string(),
            body_line: 4,
            draft: false,
            sha256: crate::content::fingerprint(body),
            front_text: String::new(),
            front_line: 2,
            lint: None,
        }
    }

    const OLD: &str = "## 1. Общие\n\n1.1. Текст.\n\n1.2. Хранение.\n";
    const NEW: &str = "## 1. Общие\n\n1.1. Новый текст.\n\n1.2. Хранение.\n";

    fn fresh(old: &str, new: &str) -> Redline {
        let (old, new) = (
            crate::diff::blocks::split(old),
            crate::diff::blocks::split(new),
        );
        let redline = crate::diff::compare(&old, &new);
        let links = crate::diff::html::Links {
            old_page: "../../1.0/",
            new_page: "../",
        };
        Redline {
            counts: redline.counts,
            html: crate::diff::html::render(&redline, &Default::default(), &links),
        }
    }

    fn get(cache: &RenderCache, old: &str, new: &str) -> Redline {
        cache.redline(&text(old), &text(new), &["ru"], || fresh(old, new))
    }

    fn entry(dir: &Path, old: &str, new: &str) -> PathBuf {
        let key = key(&["redline", &text(old).sha256, &text(new).sha256, "ru"]);
        entry_path(dir, &key)
    }

    #[test]
    fn a_cached_redline_is_the_redline() {
        let dir = tempfile::tempdir().unwrap();
        let cache = RenderCache::at(dir.path());
        assert_eq!(get(&cache, OLD, NEW), fresh(OLD, NEW));
        assert_eq!(cache.stats().misses, 1);
        let again = RenderCache::at(dir.path());
        let cached = again.redline(&text(OLD), &text(NEW), &["ru"], || unreachable!());
        assert_eq!(cached, fresh(OLD, NEW));
        assert_eq!(again.stats().hits, 1);
        // Other words around it are another entry.
        again.redline(&text(OLD), &text(NEW), &["kk"], || fresh(OLD, NEW));
        assert_eq!(again.stats().misses, 1);
    }

    #[test]
    fn a_damaged_entry_is_a_miss_and_is_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        get(&RenderCache::at(dir.path()), OLD, NEW);
        let path = entry(dir.path(), OLD, NEW);
        let whole = std::fs::read(&path).unwrap();
        let mut flipped = whole.clone();
        let last = flipped.len() - 3;
        flipped[last] ^= 0x20;
        let halved = whole[..whole.len() / 2].to_vec();
        for damaged in [flipped, halved, b"junk".to_vec(), Vec::new()] {
            std::fs::write(&path, damaged).unwrap();
            let cache = RenderCache::at(dir.path());
            assert_eq!(get(&cache, OLD, NEW), fresh(OLD, NEW));
            assert_eq!(cache.stats().misses, 1);
            assert_eq!(std::fs::read(&path).unwrap(), whole, "rewritten");
        }
    }

    #[test]
    fn an_entry_under_another_name_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        get(&RenderCache::at(dir.path()), OLD, NEW);
        let other = entry(dir.path(), NEW, OLD);
        std::fs::create_dir_all(other.parent().unwrap()).unwrap();
        std::fs::copy(entry(dir.path(), OLD, NEW), other).unwrap();
        let cache = RenderCache::at(dir.path());
        assert_eq!(get(&cache, NEW, OLD), fresh(NEW, OLD));
        assert_eq!(cache.stats().hits, 0);
    }

    #[test]
    fn pruning_keeps_what_the_build_used() {
        let dir = tempfile::tempdir().unwrap();
        let first = RenderCache::at(dir.path());
        get(&first, OLD, NEW);
        get(&first, NEW, OLD);
        let second = RenderCache::at(dir.path());
        get(&second, NEW, OLD);
        std::fs::write(dir.path().join("stray"), "x").unwrap();
        assert_eq!(second.prune(), 1);
        let third = RenderCache::at(dir.path());
        get(&third, OLD, NEW);
        get(&third, NEW, OLD);
        assert_eq!(
            third.stats(),
            Stats {
                hits: 1,
                misses: 1,
                unwritten: 0
            }
        );
    }

    #[test]
    fn off_computes_and_stores_nothing() {
        let cache = RenderCache::off();
        assert_eq!(get(&cache, OLD, NEW), fresh(OLD, NEW));
        assert_eq!(cache.stats(), Stats::default());
        assert_eq!(cache.prune(), 0);
    }
}
