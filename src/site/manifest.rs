//! The record of the last build into an output folder: the fingerprint of its inputs
//! ([`super::inputs`]), its report (page count, warnings), and every file it wrote with
//! a hash of its contents and what the file system said about it right after (size, modification and
//! change times, inode).
//!
//! The record lives in the site's `.redakt-cache/outputs/`, not in the output: a hidden
//! file in `public/` would be published by every static host. It is a claim, checked before
//! it is believed: [`survey`] compares it with what is on disk, and a file whose size or
//! times differ counts only if its contents still hash the same. So a file edited, deleted
//! or added by hand, a folder replaced, or a build that stopped half-way all show as
//! differences, and a stale record can only cost a rebuild, never skip one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Diagnostics, Position, Severity};

use super::inputs::{hex, BUILD_ID};

/// Changes when the record's meaning changes; a record of another format is ignored.
const FORMAT: u32 = 2;

/// What the file system says about a file: if none of it changed, neither did the file
/// (the change time cannot be set back by tools that restore modification times).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: i64,
    changed: i64,
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path`, without following a symbolic link.
    pub fn of(path: &Path) -> std::io::Result<Stamp> {
        std::fs::symlink_metadata(path).map(|m| Stamp::from_metadata(&m))
    }

    #[cfg(unix)]
    pub(super) fn from_metadata(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        let nanos = |s: i64, ns: i64| s.saturating_mul(1_000_000_000).saturating_add(ns);
        Stamp {
            len: meta.len(),
            modified: nanos(meta.mtime(), meta.mtime_nsec()),
            changed: nanos(meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
        }
    }

    #[cfg(not(unix))]
    pub(super) fn from_metadata(meta: &std::fs::Metadata) -> Stamp {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        Stamp {
            len: meta.len(),
            modified,
            changed: 0,
            inode: 0,
        }
    }
}

/// One file of the output. Stored as a plain array: a portal has tens of thousands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "StoredRecord", from = "StoredRecord")]
pub struct FileRecord {
    /// [`content_hash`] of the bytes written.
    pub hash: String,
    pub stamp: Stamp,
}

/// `[hash, size, modified, changed, inode]`.
type StoredRecord = (String, u64, i64, i64, u64);

impl From<FileRecord> for StoredRecord {
    fn from(r: FileRecord) -> StoredRecord {
        let s = r.stamp;
        (r.hash, s.len, s.modified, s.changed, s.inode)
    }
}

impl From<StoredRecord> for FileRecord {
    fn from((hash, len, modified, changed, inode): StoredRecord) -> FileRecord {
        FileRecord {
            hash,
            stamp: Stamp {
                len,
                modified,
                changed,
                inode,
            },
        }
    }
}

/// The record of a successful build into one output folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    format: u32,
    build_id: String,
    /// The output folder, absolute: the record is found by a hash of it.
    output: String,
    pub fingerprint: String,
    pub pages: usize,
    pub editions: usize,
    warnings: Vec<Warning>,
    /// By path relative to the output folder, `/`-separated.
    pub files: BTreeMap<String, FileRecord>,
}

/// A warning of the build, kept so that a build that changes nothing reports the same.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Warning {
    file: PathBuf,
    line: Option<usize>,
    column: Option<usize>,
    source_line: Option<String>,
    message: String,
    hint: Option<String>,
    code: Option<String>,
}

impl Manifest {
    pub fn new(
        output: &Path,
        fingerprint: String,
        pages: usize,
        editions: usize,
        warnings: &Diagnostics,
        files: BTreeMap<String, FileRecord>,
    ) -> Manifest {
        Manifest {
            format: FORMAT,
            build_id: BUILD_ID.to_string(),
            output: absolute(output).to_string_lossy().into_owned(),
            fingerprint,
            pages,
            editions,
            warnings: warnings
                .iter()
                .filter(|d| !d.is_error())
                .map(Warning::from)
                .collect(),
            files,
        }
    }

    /// The warnings of the build it records.
    pub fn warnings(&self) -> Diagnostics {
        self.warnings.iter().map(Warning::to_diagnostic).collect()
    }

    /// Reads the record of the last build into `output`; `None` if there is none, or it is
    /// unreadable, of another format or binary, or of another folder.
    pub fn read(cache: &Path, output: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(path_for(cache, output)).ok()?;
        let manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
        let ours = manifest.format == FORMAT
            && manifest.build_id == BUILD_ID
            && Path::new(&manifest.output) == absolute(output);
        ours.then_some(manifest)
    }

    /// Writes the record through a temporary file, so a reader never sees half of it.
    pub fn write(&self, cache: &Path) -> Result<(), Diagnostic> {
        let path = path_for(cache, Path::new(&self.output));
        let parent = path.parent().unwrap_or(cache);
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(parent, format!("cannot create the cache folder: {e}"))
        })?;
        let temp = path.with_extension(format!("tmp-{}", std::process::id()));
        let json = serde_json::to_vec(self).map_err(|e| {
            Diagnostic::error(&path, format!("cannot record the build: {e}")).with_hint(
                "a file or folder name is not valid UTF-8; the next build starts from scratch",
            )
        })?;
        std::fs::write(&temp, json)
            .and_then(|()| std::fs::rename(&temp, &path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                Diagnostic::error(&path, format!("cannot write the build record: {e}")).with_hint(
                    "check that the site folder is writable; the next build starts from scratch",
                )
            })
    }

    /// Forgets the last build into `output` (when the next one must not trust it).
    pub fn remove(cache: &Path, output: &Path) {
        let _ = std::fs::remove_file(path_for(cache, output));
    }
}

impl From<&Diagnostic> for Warning {
    fn from(d: &Diagnostic) -> Warning {
        Warning {
            file: d.file.clone(),
            line: d.position.map(|p| p.line),
            column: d.position.map(|p| p.column),
            source_line: d.source_line.clone(),
            message: d.message.clone(),
            hint: d.hint.clone(),
            code: d.code.map(str::to_string),
        }
    }
}

impl Warning {
    fn to_diagnostic(&self) -> Diagnostic {
        let position = self
            .line
            .zip(self.column)
            .map(|(line, column)| Position { line, column });
        Diagnostic {
            severity: Severity::Warning,
            file: self.file.clone(),
            position,
            source_line: self.source_line.clone(),
            message: self.message.clone(),
            hint: self.hint.clone(),
            // Codes are `&'static str`: only the known ones come back.
            code: self
                .code
                .as_deref()
                .and_then(crate::check::Code::from_name)
                .map(crate::check::Code::name),
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `outputs/<hash of the absolute output path>.json`: one record per output folder, so
/// building into `public/` and into a staging folder in turn keeps both fast.
fn path_for(cache: &Path, output: &Path) -> PathBuf {
    let digest = Sha256::digest(absolute(output).to_string_lossy().as_bytes());
    cache
        .join("outputs")
        .join(format!("{}.json", &hex(&digest)[..16]))
}

/// What a file's contents are recorded by: XXH3-128, hex. It only has to tell our own
/// output from a changed one, not resist forgery (whoever can write the output folder can
/// write anything there), and it runs over every byte of every build: SHA-256 cost the
/// first build of a large portal ~4 % of its time, XXH3 a tenth of that.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// [`content_hash`] of the file at `path`.
pub fn hash_file(path: &Path) -> Option<String> {
    std::fs::read(path).ok().map(|b| content_hash(&b))
}

/// The output folder compared with the record of the last build into it.
#[derive(Debug, Default)]
pub struct Survey {
    /// Files as recorded (stamps refreshed where only the times changed).
    pub intact: HashMap<String, FileRecord>,
    /// Everything else on disk, relative: files changed or not recorded, symbolic links,
    /// and folders that hold no recorded file. A build removes what it does not write.
    pub strays: Vec<Stray>,
    /// Every folder of the output, relative: a build removes those it writes nothing into.
    pub folders: Vec<String>,
    /// Recorded files no longer on disk.
    pub missing: usize,
    /// Whether any intact file only had its stamp refreshed (the record should be rewritten).
    pub refreshed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    pub path: String,
    pub is_dir: bool,
}

impl Survey {
    /// The output is exactly what the record says.
    pub fn is_clean(&self) -> bool {
        self.strays.is_empty() && self.missing == 0
    }
}

/// Compares the output folder with `manifest`. An unreadable folder reads as empty: every
/// file then counts as missing and is written again.
pub fn survey(output: &Path, manifest: &Manifest) -> Survey {
    let folders: HashSet<&str> = manifest.files.keys().flat_map(|p| ancestors(p)).collect();
    let tops: Vec<PathBuf> = std::fs::read_dir(output)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    // A portal's output is one folder per operator: they are walked side by side.
    let parts: Vec<Part> = tops
        .par_iter()
        .map(|top| walk(output, top, manifest, &folders))
        .collect();
    let mut survey = Survey::default();
    let mut doubtful = Vec::new();
    let mut seen = 0;
    for part in parts {
        survey.intact.extend(part.intact);
        survey.strays.extend(part.strays);
        survey.folders.extend(part.folders);
        doubtful.extend(part.doubtful);
        seen += part.seen;
    }
    survey.missing = manifest.files.len().saturating_sub(seen);
    settle(output, manifest, doubtful, &mut survey);
    survey
}

/// What one walk of [`survey`] found.
#[derive(Default)]
struct Part {
    intact: Vec<(String, FileRecord)>,
    /// Recorded files whose stamp changed.
    doubtful: Vec<String>,
    strays: Vec<Stray>,
    folders: Vec<String>,
    /// Recorded files found.
    seen: usize,
}

/// Walks `top` (an entry of the output folder) and sorts what it finds.
fn walk(output: &Path, top: &Path, manifest: &Manifest, folders: &HashSet<&str>) -> Part {
    let mut part = Part::default();
    for entry in walkdir::WalkDir::new(top).into_iter().flatten() {
        let relative = relative_path(output, entry.path());
        let file_type = entry.file_type();
        if file_type.is_dir() {
            if !folders.contains(relative.as_str()) {
                part.strays.push(Stray {
                    path: relative.clone(),
                    is_dir: true,
                });
            }
            part.folders.push(relative);
            continue;
        }
        let Some(record) = manifest
            .files
            .get(&relative)
            .filter(|_| file_type.is_file())
        else {
            part.strays.push(Stray {
                path: relative,
                is_dir: false,
            });
            continue;
        };
        part.seen += 1;
        let stamp = entry.metadata().ok().map(|m| Stamp::from_metadata(&m));
        if stamp == Some(record.stamp) {
            part.intact.push((relative, record.clone()));
        } else {
            part.doubtful.push(relative);
        }
    }
    part
}

/// Files whose stamp changed: intact if their contents still hash as recorded (a `touch`,
/// a copy that kept the bytes), strays otherwise.
fn settle(output: &Path, manifest: &Manifest, doubtful: Vec<String>, survey: &mut Survey) {
    let checked: Vec<(String, Option<FileRecord>)> = doubtful
        .into_par_iter()
        .map(|relative| {
            let path = output.join(&relative);
            let record = manifest.files.get(&relative).and_then(|recorded| {
                let same = hash_file(&path).is_some_and(|h| h == recorded.hash);
                let stamp = Stamp::of(&path).ok().filter(|_| same)?;
                Some(FileRecord {
                    hash: recorded.hash.clone(),
                    stamp,
                })
            });
            (relative, record)
        })
        .collect();
    for (relative, record) in checked {
        match record {
            Some(record) => {
                survey.refreshed = true;
                survey.intact.insert(relative, record);
            }
            None => survey.strays.push(Stray {
                path: relative,
                is_dir: false,
            }),
        }
    }
}

/// `a/b/c.html` → `a`, `a/b`.
pub fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

pub fn relative_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built(files: &[(&str, &str)]) -> (tempfile::TempDir, Manifest) {
        let dir = tempfile::tempdir().unwrap();
        let mut records = BTreeMap::new();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
            records.insert(
                path.to_string(),
                FileRecord {
                    hash: hash_file(&full).unwrap(),
                    stamp: Stamp::of(&full).unwrap(),
                },
            );
        }
        let manifest = Manifest::new(
            dir.path(),
            "f".into(),
            1,
            1,
            &Diagnostics::default(),
            records,
        );
        (dir, manifest)
    }

    const SITE: &[(&str, &str)] = &[
        ("index.html", "i"),
        ("op/index.html", "o"),
        ("op/p/index.html", "p"),
    ];

    #[test]
    fn an_untouched_output_is_clean() {
        let (dir, manifest) = built(SITE);
        let survey = survey(dir.path(), &manifest);
        assert!(survey.is_clean(), "{survey:?}");
        assert_eq!(survey.intact.len(), 3);
        assert!(!survey.refreshed);
    }

    #[test]
    fn edits_deletions_and_additions_by_hand_show() {
        let (dir, manifest) = built(SITE);
        std::fs::write(dir.path().join("op/index.html"), "edited").unwrap();
        std::fs::remove_file(dir.path().join("op/p/index.html")).unwrap();
        std::fs::create_dir_all(dir.path().join("extra/deep")).unwrap();
        std::fs::write(dir.path().join("extra/deep/x.html"), "x").unwrap();
        let survey = survey(dir.path(), &manifest);
        assert_eq!(survey.missing, 1);
        let mut strays: Vec<&str> = survey.strays.iter().map(|s| s.path.as_str()).collect();
        strays.sort();
        assert_eq!(
            strays,
            ["extra", "extra/deep", "extra/deep/x.html", "op/index.html"]
        );
        assert_eq!(survey.intact.len(), 1);
    }

    #[test]
    fn a_file_rewritten_with_the_same_bytes_is_intact() {
        let (dir, manifest) = built(SITE);
        let path = dir.path().join("op/index.html");
        std::fs::remove_file(&path).unwrap();
        std::fs::write(&path, "o").unwrap();
        let survey = survey(dir.path(), &manifest);
        assert!(survey.is_clean(), "{survey:?}");
        assert!(survey.refreshed);
        assert_eq!(
            survey.intact["op/index.html"].stamp,
            Stamp::of(&path).unwrap()
        );
    }

    #[test]
    fn a_record_is_read_back_for_its_own_folder_only() {
        let (dir, manifest) = built(SITE);
        let cache = tempfile::tempdir().unwrap();
        manifest.write(cache.path()).unwrap();
        let read = Manifest::read(cache.path(), dir.path()).expect("read back");
        assert_eq!(read.files, manifest.files);
        assert!(Manifest::read(cache.path(), &dir.path().join("other")).is_none());
        let path = path_for(cache.path(), dir.path());
        std::fs::write(&path, "{ not json").unwrap();
        assert!(
            Manifest::read(cache.path(), dir.path()).is_none(),
            "a damaged record is ignored"
        );
    }

    #[test]
    fn warnings_come_back_with_their_codes() {
        let warning = Diagnostic::warning("content/op/p/1.md", "a placeholder")
            .with_code("placeholder")
            .with_hint("fill it in");
        let manifest = Manifest::new(
            Path::new("public"),
            "f".into(),
            0,
            0,
            &Diagnostics::from(warning.clone()),
            BTreeMap::new(),
        );
        let json = serde_json::to_vec(&manifest).unwrap();
        let back: Manifest = serde_json::from_slice(&json).unwrap();
        assert_eq!(
            back.warnings().iter().cloned().collect::<Vec<_>>(),
            vec![warning]
        );
    }
}
