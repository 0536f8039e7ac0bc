//! Writing a build into an output folder that already holds the previous one, touching only
//! what changed. [`Update`] is the sink: it hashes every file the build puts and stages only
//! those whose bytes differ from the intact files of the last build ([`super::manifest`]).
//! Nothing reaches the output before the whole site has rendered, so a build that fails
//! leaves it as it was, as the staging swap of [`Staging`] does.
//!
//! [`Update::commit`] then moves the staged files in one by one. Every step is a rename
//! inside one file system and is logged; if one fails, the log is undone backwards (what it
//! replaced or removed comes back from a side folder), so the output is either the new
//! build or the old one. Files of the output that the build did not write go to the side
//! folder too, so the result holds exactly the files a clean build holds. Unchanged files
//! keep their bytes, times and inode: a server, `rsync` or a CDN sees only what changed.
//! Without a usable record of the last build, every file is staged and the staging folder
//! replaces the output whole.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};

use super::manifest::{ancestors, content_hash, FileRecord, Stamp, Stray, Survey};
use super::output::{io_error, Sink, Staging};

/// The sink of a build into an existing output.
pub struct Update {
    staging: Staging,
    /// Intact files of the previous build; `None` replaces the output whole.
    previous: Option<HashMap<String, FileRecord>>,
    strays: Vec<Stray>,
    /// Every folder of the output.
    folders: Vec<String>,
    record: bool,
    produced: Mutex<HashMap<String, Produced>>,
}

#[derive(Debug, Clone)]
struct Produced {
    hash: String,
    /// Staged, to be moved into the output.
    staged: bool,
    /// The staged file's stamp, when it is final: the output is replaced whole.
    stamp: Option<Stamp>,
}

/// What a commit did, and the record of every file now in the output.
#[derive(Debug, Default)]
pub struct Committed {
    pub files: BTreeMap<String, FileRecord>,
    pub written: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Temporary folders that could not be removed: the build stands, the user is told.
    pub warnings: Diagnostics,
}

impl Update {
    /// A sink for a build into `output`. With `survey` (the output compared with the record
    /// of the last build), files already there are not written again. Without `record`,
    /// files are neither hashed nor stamped: nothing will be compared with this build.
    pub fn new(output: &Path, survey: Option<Survey>, record: bool) -> Result<Update, Diagnostic> {
        let staging = Staging::new(output)?;
        let (previous, strays, folders) = match survey {
            Some(s) if !s.intact.is_empty() && renames_work(staging.dir(), output) => {
                (Some(s.intact), s.strays, s.folders)
            }
            _ => Default::default(),
        };
        Ok(Update {
            staging,
            previous,
            strays,
            folders,
            record,
            produced: Mutex::default(),
        })
    }

    /// Throws the staged files away; the output is not touched.
    pub fn discard(self) {
        self.staging.discard();
    }

    /// Moves the build into the output.
    pub fn commit(self) -> Result<Committed, Diagnostic> {
        let produced = self
            .produced
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let output = self.staging.output().to_path_buf();
        match self.previous {
            None => {
                self.staging.publish()?;
                Ok(whole(produced, self.record))
            }
            Some(previous) => {
                let plan = Plan::new(&produced, &previous, &self.strays, &self.folders);
                let staged = self.staging.dir().to_path_buf();
                let side = side_folder(&output);
                let outcome = Journal::new(&output, &staged, &side).run(&plan);
                let warnings = clean_up(&staged, &side, outcome.is_ok());
                outcome?;
                Ok(Committed {
                    warnings,
                    ..recorded(&output, &produced, &previous, &plan)
                })
            }
        }
    }
}

impl Sink for Update {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let hash = match self.record {
            true => content_hash(bytes),
            false => String::new(),
        };
        let same = self
            .previous
            .as_ref()
            .and_then(|p| p.get(path))
            .is_some_and(|r| r.hash == hash);
        // Replacing the output whole, a file's stamp is final once written.
        let stamp = match (same, self.record && self.previous.is_none()) {
            (true, _) => None,
            (false, true) => Some(self.staging.put_stamped(path, bytes)?),
            (false, false) => {
                self.staging.put(path, bytes)?;
                None
            }
        };
        let mut produced = self.produced.lock().unwrap_or_else(|e| e.into_inner());
        produced.insert(
            path.to_string(),
            Produced {
                hash,
                staged: !same,
                stamp,
            },
        );
        Ok(())
    }
}

/// The output replaced whole: every file was written.
fn whole(produced: HashMap<String, Produced>, record: bool) -> Committed {
    let written = produced.len();
    let files = match record {
        true => produced
            .into_iter()
            .filter_map(|(path, p)| {
                Some((
                    path,
                    FileRecord {
                        hash: p.hash,
                        stamp: p.stamp?,
                    },
                ))
            })
            .collect(),
        false => BTreeMap::new(),
    };
    Committed {
        files,
        written,
        ..Committed::default()
    }
}

/// Records of `files` (path and hash) with their stamps as they are now on disk.
fn stamp_all(output: &Path, files: Vec<(String, String)>) -> BTreeMap<String, FileRecord> {
    files
        .into_par_iter()
        .filter_map(|(path, hash)| {
            let stamp = Stamp::of(&output.join(&path)).ok()?;
            Some((path, FileRecord { hash, stamp }))
        })
        .collect()
}

/// The record after a per-file commit: unchanged files keep theirs, moved-in ones are
/// stamped afresh.
fn recorded(
    output: &Path,
    produced: &HashMap<String, Produced>,
    previous: &HashMap<String, FileRecord>,
    plan: &Plan,
) -> Committed {
    let mut files = BTreeMap::new();
    let mut fresh = Vec::new();
    for (path, p) in produced {
        match (p.staged, previous.get(path)) {
            (false, Some(record)) => {
                files.insert(path.clone(), record.clone());
            }
            _ => fresh.push((path.clone(), p.hash.clone())),
        }
    }
    let unchanged = files.len();
    files.extend(stamp_all(output, fresh));
    Committed {
        files,
        written: plan.moves_in.len(),
        removed: plan.moves_out.len() - plan.replaced,
        unchanged,
        warnings: Diagnostics::default(),
    }
}

/// What a per-file commit does, in order: move out every file that is replaced or no
/// longer written, remove folders that hold nothing the build wrote, move the staged files in.
#[derive(Debug, Default)]
struct Plan {
    moves_out: Vec<String>,
    /// How many of `moves_out` are replaced by a new version.
    replaced: usize,
    folders_out: Vec<String>,
    moves_in: Vec<String>,
}

impl Plan {
    fn new(
        produced: &HashMap<String, Produced>,
        previous: &HashMap<String, FileRecord>,
        strays: &[Stray],
        folders: &[String],
    ) -> Plan {
        let mut plan = Plan::default();
        for path in previous.keys() {
            match produced.get(path) {
                Some(p) if !p.staged => {}
                Some(_) => {
                    plan.replaced += 1;
                    plan.moves_out.push(path.clone());
                }
                None => plan.moves_out.push(path.clone()),
            }
        }
        for stray in strays.iter().filter(|s| !s.is_dir) {
            if produced.contains_key(&stray.path) {
                plan.replaced += 1;
            }
            plan.moves_out.push(stray.path.clone());
        }
        let kept: BTreeSet<&str> = produced.keys().flat_map(|p| ancestors(p)).collect();
        plan.folders_out = folders
            .iter()
            .filter(|f| !kept.contains(f.as_str()))
            .cloned()
            .collect();
        plan.moves_out.sort();
        // Deepest first: a folder is empty once its files and subfolders are gone.
        plan.folders_out.sort_by(|a, b| b.cmp(a));
        plan.moves_in = produced
            .iter()
            .filter(|(_, p)| p.staged)
            .map(|(path, _)| path.clone())
            .collect();
        plan.moves_in.sort();
        plan
    }
}

/// Whether files can be renamed from the staging folder into the output: not when the
/// output is a symbolic link or a mount point (another file system), which then is
/// replaced whole, as before.
fn renames_work(staging: &Path, output: &Path) -> bool {
    let real_folder = std::fs::symlink_metadata(output).is_ok_and(|m| m.is_dir());
    real_folder && same_device(staging, output)
}

#[cfg(unix)]
fn same_device(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_device(_: &Path, _: &Path) -> bool {
    true
}

/// `.public.old-<pid>` beside the output: what the commit moved out, until it succeeds.
fn side_folder(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.old-{}", std::process::id()))
}

/// Removes the staging and side folders. After a failed commit, the side folder may hold
/// files of the previous build that could not be put back: only its empty folders go then.
fn clean_up(staged: &Path, side: &Path, committed: bool) -> Diagnostics {
    let mut warnings = Diagnostics::default();
    let mut remove = |folder: &Path, result: std::io::Result<()>| {
        if let Err(e) = result {
            warnings.push(
                io_error(folder, "cannot remove the temporary folder", e)
                    .with_hint("delete it by hand; the output folder is complete"),
            );
        }
    };
    remove(staged, remove_dir_all_if_exists(staged));
    if committed {
        remove(side, remove_dir_all_if_exists(side));
    } else {
        for folder in walkdir::WalkDir::new(side)
            .contents_first(true)
            .into_iter()
            .flatten()
        {
            if folder.file_type().is_dir() {
                let _ = std::fs::remove_dir(folder.path());
            }
        }
    }
    warnings
}

fn remove_dir_all_if_exists(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// One step of a commit, as it can be undone.
#[derive(Debug)]
enum Step {
    Renamed { from: PathBuf, to: PathBuf },
    CreatedFolder(PathBuf),
    RemovedFolder(PathBuf),
}

/// Runs a plan step by step, and undoes the steps taken if one fails.
struct Journal<'a> {
    output: &'a Path,
    staged: &'a Path,
    side: &'a Path,
    steps: Vec<Step>,
    /// Tests make the n-th rename fail.
    #[cfg(test)]
    fail_at: Option<usize>,
}

impl<'a> Journal<'a> {
    fn new(output: &'a Path, staged: &'a Path, side: &'a Path) -> Journal<'a> {
        Journal {
            output,
            staged,
            side,
            steps: Vec::new(),
            #[cfg(test)]
            fail_at: None,
        }
    }

    fn run(mut self, plan: &Plan) -> Result<(), Diagnostic> {
        match self.apply(plan) {
            Ok(()) => Ok(()),
            Err(failure) => Err(self.undo(failure)),
        }
    }

    fn apply(&mut self, plan: &Plan) -> Result<(), Diagnostic> {
        for path in &plan.moves_out {
            self.rename(&self.output.join(path), &self.side.join(path))?;
        }
        for path in &plan.folders_out {
            let folder = self.output.join(path);
            std::fs::remove_dir(&folder)
                .map_err(|e| io_error(&folder, "cannot remove the folder", e))?;
            self.steps.push(Step::RemovedFolder(folder));
        }
        for path in &plan.moves_in {
            self.rename(&self.staged.join(path), &self.output.join(path))?;
        }
        Ok(())
    }

    fn rename(&mut self, from: &Path, to: &Path) -> Result<(), Diagnostic> {
        #[cfg(test)]
        if self.fail_at == Some(self.renames()) {
            return Err(Diagnostic::error(to, "injected failure"));
        }
        if let Some(parent) = to.parent() {
            self.create_folders(parent)?;
        }
        std::fs::rename(from, to)
            .map_err(|e| io_error(to, "cannot move the file into place", e))?;
        self.steps.push(Step::Renamed {
            from: from.to_path_buf(),
            to: to.to_path_buf(),
        });
        Ok(())
    }

    #[cfg(test)]
    fn renames(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s, Step::Renamed { .. }))
            .count()
    }

    /// Creates `folder` and its missing parents, logging each one made.
    fn create_folders(&mut self, folder: &Path) -> Result<(), Diagnostic> {
        let mut missing = Vec::new();
        let mut current = folder;
        while !current.is_dir() {
            missing.push(current.to_path_buf());
            match current.parent() {
                Some(parent) => current = parent,
                None => break,
            }
        }
        for folder in missing.into_iter().rev() {
            std::fs::create_dir(&folder)
                .map_err(|e| io_error(&folder, "cannot create the folder", e))?;
            self.steps.push(Step::CreatedFolder(folder));
        }
        Ok(())
    }

    /// Takes every step back, last first; returns the failure, with what could not be
    /// restored named in the hint.
    fn undo(self, failure: Diagnostic) -> Diagnostic {
        let mut unrestored = Vec::new();
        for step in self.steps.into_iter().rev() {
            let (result, path) = match &step {
                Step::Renamed { from, to } => (std::fs::rename(to, from), from),
                Step::CreatedFolder(folder) => (std::fs::remove_dir(folder), folder),
                Step::RemovedFolder(folder) => (std::fs::create_dir(folder), folder),
            };
            if result.is_err() {
                unrestored.push(path.display().to_string());
            }
        }
        let hint = match (unrestored.is_empty(), &failure.hint) {
            (true, Some(hint)) => format!("{hint}; the output folder was left as it was"),
            (true, None) => "the output folder was left as it was".to_string(),
            (false, _) => format!(
                "the output folder could not be fully restored (not put back: {}; what was moved out is in {}); run `redakt build --no-cache` to write it whole",
                unrestored.join(", "),
                self.side.display()
            ),
        };
        failure.with_hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::manifest::{hash_file, survey, Manifest};

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
    }

    /// An output built from `files`, with its record.
    fn built(root: &Path, files: &[(&str, &str)]) -> Manifest {
        let output = root.join("public");
        write(&output, files);
        let records = files
            .iter()
            .map(|(path, _)| {
                let full = output.join(path);
                let record = FileRecord {
                    hash: hash_file(&full).unwrap(),
                    stamp: Stamp::of(&full).unwrap(),
                };
                (path.to_string(), record)
            })
            .collect();
        Manifest::new(&output, "f".into(), 0, 0, &Diagnostics::default(), records)
    }

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .flatten()
            .map(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap_or_else(|_| "/".into());
                (super::super::manifest::relative_path(dir, e.path()), text)
            })
            .collect();
        files.sort();
        files
    }

    const OLD: &[(&str, &str)] = &[
        ("index.html", "index"),
        ("op/index.html", "op"),
        ("op/p/1.0/index.html", "one"),
        ("gone/index.html", "gone"),
    ];
    const NEW: &[(&str, &str)] = &[
        ("index.html", "index"),
        ("op/index.html", "op, edited"),
        ("op/p/1.0/index.html", "one"),
        ("op/p/2.0/index.html", "two"),
    ];

    fn update(root: &Path, manifest: &Manifest) -> Update {
        let output = root.join("public");
        let sink = Update::new(&output, Some(survey(&output, manifest)), true).unwrap();
        for (path, text) in NEW {
            sink.put(path, text.as_bytes()).unwrap();
        }
        sink
    }

    #[test]
    fn only_changed_files_are_written_and_old_ones_go() {
        let root = tempfile::tempdir().unwrap();
        let manifest = built(root.path(), OLD);
        let output = root.path().join("public");
        let untouched = Stamp::of(&output.join("op/p/1.0/index.html")).unwrap();
        let committed = update(root.path(), &manifest).commit().unwrap();
        let clean = tempfile::tempdir().unwrap();
        write(clean.path(), NEW);
        assert_eq!(tree(&output), tree(clean.path()));
        assert_eq!(
            (committed.written, committed.removed, committed.unchanged),
            (2, 1, 2)
        );
        assert_eq!(
            Stamp::of(&output.join("op/p/1.0/index.html")).unwrap(),
            untouched
        );
        assert_eq!(committed.files.len(), 4);
        let leftovers: Vec<_> = std::fs::read_dir(root.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, ["public"], "no staging or side folder is left");
    }

    #[test]
    fn a_failed_commit_leaves_the_output_as_it_was() {
        for fail_at in 0..4 {
            let root = tempfile::tempdir().unwrap();
            let manifest = built(root.path(), OLD);
            let output = root.path().join("public");
            let before = tree(&output);
            let sink = update(root.path(), &manifest);
            let produced = sink.produced.lock().unwrap().clone();
            let plan = Plan::new(
                &produced,
                sink.previous.as_ref().unwrap(),
                &sink.strays,
                &sink.folders,
            );
            let side = side_folder(&output);
            let mut journal = Journal::new(&output, sink.staging.dir(), &side);
            journal.fail_at = Some(fail_at);
            let failure = journal.run(&plan).expect_err("injected");
            assert!(failure.hint.unwrap().contains("left as it was"));
            assert_eq!(tree(&output), before, "failing at rename {fail_at}");
            sink.discard();
        }
    }
}
