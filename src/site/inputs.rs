//! What a build reads, reduced to one fingerprint: the contents of every source file
//! (site.toml, editions.lock, content/, static/, themes/, templates/, i18n/), the day the
//! build is for, the command-line options that change the output, and the build id of the
//! binary. Two builds with the same fingerprint write the same bytes, which is what lets
//! `build` skip a rebuild when nothing changed.
//!
//! Contents are hashed, not modification times: a `git checkout` or a copy that keeps the
//! text but changes the times costs a rebuild that writes nothing, and a tool that restores
//! an old time on a changed file cannot fool it. Every file of the source folders counts,
//! even ones no page uses, so the fingerprint errs on the side of rebuilding.

use std::path::Path;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use time::Date;

/// The folders whose every file is an input (the preview server watches the same ones).
pub const FOLDERS: [&str; 5] = ["content", "static", "themes", "templates", "i18n"];

/// Changes when the manifest or cache formats or their meaning change.
const FORMAT: &str = "redakt-inputs 1";

/// The binary's build id (see build.rs): a hash of the source it was compiled from.
pub const BUILD_ID: &str = env!("REDAKT_BUILD_ID");

/// A SHA-256 digest as lower-case hex.
pub fn hex(digest: &[u8]) -> String {
    use std::fmt::Write as _;
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The options of a build that change what it writes.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub today: Date,
    pub drafts: bool,
    pub base_url: Option<&'a str>,
}

/// Digest of every source file but editions.lock, which a build may rewrite and so is
/// fingerprinted apart ([`lock`]). `None` when a source cannot be read: the build then
/// runs in full and reports the problem itself.
pub fn sources(root: &Path) -> Option<[u8; 32]> {
    let mut entries = vec![(root.join("site.toml"), false)];
    for folder in FOLDERS {
        let dir = root.join(folder);
        if dir.exists() {
            for entry in walkdir::WalkDir::new(&dir)
                .follow_links(true)
                .sort_by_file_name()
            {
                let entry = entry.ok()?;
                let is_dir = entry.file_type().is_dir();
                entries.push((entry.into_path(), is_dir));
            }
        }
    }
    let digests: Vec<[u8; 32]> = entries
        .par_iter()
        .map(|(path, is_dir)| entry_digest(root, path, *is_dir))
        .collect::<Option<_>>()?;
    let mut all = Sha256::new();
    for digest in digests {
        all.update(digest);
    }
    Some(all.finalize().into())
}

/// One file or folder: its path and, for a file, its contents. A folder counts by its name
/// alone, since an empty policy folder is still a policy.
fn entry_digest(root: &Path, path: &Path, is_dir: bool) -> Option<[u8; 32]> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut hasher = Sha256::new();
    hasher.update(relative.to_string_lossy().replace('\\', "/").as_bytes());
    hasher.update([0]);
    if is_dir {
        hasher.update(b"/");
    } else {
        let bytes = std::fs::read(path).ok()?;
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Some(hasher.finalize().into())
}

/// Digest of editions.lock (an absent lock is a state of its own); `None` if unreadable.
pub fn lock(root: &Path) -> Option<[u8; 32]> {
    match std::fs::read(root.join(crate::lock::FILE)) {
        Ok(bytes) => Some(
            Sha256::new()
                .chain_update(b"lock:")
                .chain_update(bytes)
                .finalize()
                .into(),
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Some(Sha256::digest(b"no lock").into())
        }
        Err(_) => None,
    }
}

/// The fingerprint of a build: its sources, its lock and its options, for this binary.
pub fn fingerprint(sources: &[u8; 32], lock: &[u8; 32], options: Options) -> String {
    let mut hasher = Sha256::new();
    for part in [FORMAT, BUILD_ID] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.update(sources);
    hasher.update(lock);
    hasher.update(crate::content::iso_date(options.today).as_bytes());
    hasher.update([u8::from(options.drafts)]);
    match options.base_url {
        Some(url) => hasher.update(format!("base_url={url}").as_bytes()),
        None => hasher.update(b"site base_url"),
    }
    hex(&hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn contents_count_and_times_do_not() {
        let a = site(&[("site.toml", "x"), ("content/op/1.md", "one")]);
        let before = sources(a.path()).unwrap();
        let file = a.path().join("content/op/1.md");
        std::fs::write(&file, "one").unwrap();
        assert_eq!(sources(a.path()), Some(before), "rewriting the same text");
        std::fs::write(&file, "two").unwrap();
        assert_ne!(sources(a.path()), Some(before));
        let without_folder = sources(a.path());
        std::fs::create_dir_all(a.path().join("content/op/empty")).unwrap();
        assert_ne!(sources(a.path()), without_folder, "an empty folder");
    }

    #[test]
    fn options_change_the_fingerprint() {
        let (s, l) = ([1; 32], [2; 32]);
        let today = time::macros::date!(2026 - 11 - 23);
        let base = Options {
            today,
            drafts: false,
            base_url: None,
        };
        let f = fingerprint(&s, &l, base);
        assert_eq!(f, fingerprint(&s, &l, base));
        assert_ne!(
            f,
            fingerprint(
                &s,
                &l,
                Options {
                    drafts: true,
                    ..base
                }
            )
        );
        assert_ne!(
            f,
            fingerprint(
                &s,
                &l,
                Options {
                    base_url: Some("https://a.kz"),
                    ..base
                }
            )
        );
        assert_ne!(
            f,
            fingerprint(
                &s,
                &l,
                Options {
                    today: time::macros::date!(2026 - 11 - 24),
                    ..base
                }
            )
        );
        assert_ne!(f, fingerprint(&s, &[3; 32], base));
    }
}
