//! Gives the binary a build id: a hash of the source it was compiled from (`src/`, the
//! embedded default theme, `Cargo.lock` and the version). `redakt build` keys its caches and
//! its "nothing changed" check with it, so a binary that renders differently never reuses
//! what another one cached — the version number alone would not do, since it stays the same
//! across every commit between two releases.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

const SOURCES: [&str; 3] = ["src", "themes/default", "Cargo.lock"];

fn main() {
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
    }
    let mut files = Vec::new();
    for source in SOURCES {
        collect(Path::new(source), &mut files);
    }
    files.sort();
    // Two SipHash runs with different prefixes: 128 bits, with std alone.
    let id: String = [0u8, 1]
        .iter()
        .map(|seed| {
            let mut hasher = std::hash::DefaultHasher::new();
            hasher.write_u8(*seed);
            hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
            for file in &files {
                hasher.write(file.to_string_lossy().as_bytes());
                let bytes = std::fs::read(file).unwrap_or_default();
                hasher.write_usize(bytes.len());
                hasher.write(&bytes);
            }
            format!("{:016x}", hasher.finish())
        })
        .collect();
    println!("cargo:rustc-env=REDAKT_BUILD_ID={id}");
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_file() {
        files.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    }
}
