//! A small harness for fixture sites: write a site into a temporary folder from
//! `(path, text)` pairs, run the `redakt` binary on it, read what it wrote.

#![allow(dead_code)] // each test binary uses its own part of the harness

pub mod http;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The site.toml most fixtures share: ru default, kk and en translations.
pub const SITE_TOML: &str = r#"title = "Тестовый портал"
base_url = "https://policies.example.kz"
default_language = "ru"
languages = ["ru", "kk", "en"]
utc_offset = "+05:00"
"#;

pub const OPERATOR_TOML: &str =
    "name = \"ТОО «Тест»\"\nbin = \"180640028978\"\nemail = \"privacy@test.kz\"\n";

/// A fixture site on disk, removed when dropped.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Fixture {
    /// A site with `site.toml` and the given files (paths relative to the site root).
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        if !files.iter().any(|(p, _)| *p == "site.toml") {
            fixture.write("site.toml", SITE_TOML);
        }
        for (path, text) in files {
            fixture.write(path, text);
        }
        fixture
    }

    /// A site with one operator `op` (valid BIN) and the given editions under `op/privacy/`.
    pub fn with_editions(editions: &[(&str, &str)]) -> Fixture {
        let mut files = vec![("content/op/_operator.toml", OPERATOR_TOML)];
        let paths: Vec<String> = editions
            .iter()
            .map(|(name, _)| format!("content/op/privacy/{name}"))
            .collect();
        for ((_, text), path) in editions.iter().zip(&paths) {
            files.push((path.as_str(), text));
        }
        Fixture::new(&files)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        self.write_bytes(relative, text.as_bytes());
    }

    pub fn write_bytes(&self, relative: &str, bytes: &[u8]) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// Runs `redakt --root <site> <args>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_redakt"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .output()
            .expect("run redakt");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `build --date 2026-11-23`, asserting success.
    pub fn build(&self) -> Run {
        let run = self.run(&["build", "--date", "2026-11-23"]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// A file of the built site, as text.
    pub fn page(&self, relative: &str) -> String {
        let path = self.path("public").join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.path("public").join(relative).exists()
    }

    /// A file of the site itself (not of the output), as text.
    pub fn read(&self, relative: &str) -> String {
        let path = self.path(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                let relative = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// An edition file with the given front-matter lines and body.
pub fn edition(front: &str, body: &str) -> String {
    format!("+++\n{front}\n+++\n{body}")
}
