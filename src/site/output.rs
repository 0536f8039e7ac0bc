//! Where a build goes. Pages are handed to a [`Sink`]: [`Staging`] writes them into a
//! folder beside the output and swaps it in only when the whole build succeeded, so a failed
//! build leaves the previous `public/` exactly as it was; [`Discard`] lets `check` render
//! everything for its errors alone; [`Memory`] holds it for the preview server. A build
//! into an output that holds the previous build goes through [`super::update::Update`],
//! which stages only the files that changed.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

use super::manifest::Stamp;

/// Receives the files of a build, by path relative to the site root (`kk/op/index.html`).
pub trait Sink: Sync {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic>;

    /// Whether what is put is kept. Output that can fail only in being written (the search
    /// index) is not made for a sink that keeps nothing.
    fn keeps_output(&self) -> bool {
        true
    }
}

/// A staging folder next to the output folder.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder for `output`.
    pub fn new(output: &Path) -> Result<Staging, Diagnostic> {
        let name = output
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| io_error(&dir, "cannot clear the staging folder", e))?;
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| io_error(&dir, "cannot create the staging folder", e))?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
        })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output folder it stages for.
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Replaces the output folder by the staged build.
    pub fn publish(self) -> Result<(), Diagnostic> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.output
                .file_name()
                .map_or("public".into(), |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let had_output = self.output.exists();
        if had_output {
            std::fs::rename(&self.output, &old)
                .map_err(|e| io_error(&self.output, "cannot move the previous output aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_output {
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(io_error(
                &self.output,
                "cannot move the new build into place",
                e,
            ));
        }
        if had_output {
            std::fs::remove_dir_all(&old)
                .map_err(|e| io_error(&old, "cannot remove the previous output", e))?;
        }
        Ok(())
    }

    /// Throws the staged build away (the output folder is not touched).
    pub fn discard(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Staging {
    /// Writes one file, and returns the file's stamp as it will be once published (moving
    /// the staging folder changes nothing about the files in it): a build that keeps a
    /// record saves a second pass over every file.
    pub fn put_stamped(&self, path: &str, bytes: &[u8]) -> Result<Stamp, Diagnostic> {
        let target = self.prepare(path)?;
        let written = std::fs::File::create(&target).and_then(|mut file| {
            file.write_all(bytes)?;
            file.metadata()
        });
        written
            .map(|meta| Stamp::from_metadata(&meta))
            .map_err(|e| io_error(&target, "cannot write the file", e))
    }

    /// The path of `path` in the staging folder, its folder created.
    fn prepare(&self, path: &str) -> Result<PathBuf, Diagnostic> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "cannot create the folder", e))?;
        }
        Ok(target)
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let target = self.prepare(path)?;
        std::fs::write(&target, bytes).map_err(|e| io_error(&target, "cannot write the file", e))
    }
}

pub(super) fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
        .with_hint("check that the folder is writable and the disk is not full")
}

/// Renders for the errors only: `check` writes nothing.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: &[u8]) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn keeps_output(&self) -> bool {
        false
    }
}

/// Keeps the build in memory, for the preview server: it never writes `public/`, and a
/// finished build can be swapped in whole for the one being served.
#[derive(Debug, Default)]
pub struct Memory {
    files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// The files put so far, by path; the sink is spent.
    pub fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes.to_vec());
        Ok(())
    }
}
