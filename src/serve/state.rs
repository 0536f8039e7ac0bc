//! What the rebuild thread and the HTTP handlers share: the snapshot being served and the
//! channel that tells open tabs what happened. A request clones the snapshot's `Arc` and
//! lets go of the lock at once; a rebuild changes the snapshot under the write lock, in
//! place when no request holds it (copy on write otherwise), so a request sees one whole
//! build, and a partial rebuild does not copy the ten thousands of files it leaves alone.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::diagnostics::Diagnostics;

/// The site being served.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// Every file of the last good build, by path relative to the site root.
    pub files: Arc<HashMap<String, Bytes>>,
    /// Names this build for the tabs showing it: `<server instance>-<build number>`.
    pub build: String,
    /// Set while the latest rebuild failed; `files` are then the last good ones.
    pub problems: Option<Arc<Vec<Problem>>>,
    /// `""` or `/legal`: where the site sits on the server, from site.toml's `base_url`.
    pub base_path: String,
}

/// One error of a failed rebuild, as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line of the file, when known.
    pub source: Option<String>,
}

impl Problem {
    /// `content/op/privacy/2.1.md:3:1`.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", self.file),
            (Some(line), None) => format!("{}:{line}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// What a live-reload connection is told.
#[derive(Debug, Clone)]
pub enum Message {
    /// A new build is served: reload the page.
    Reload { build: String },
    /// A new build changed stylesheets only: fetch them again, keep the page.
    Css { build: String },
    /// The latest rebuild failed: show the overlay.
    Problems(Arc<Vec<Problem>>),
}

/// How a rebuild changes the served files.
pub enum Update {
    /// A whole new site, under this base path.
    Replace {
        files: BTreeMap<String, Vec<u8>>,
        base_path: String,
    },
    /// Drop the old files `covers` names, then add `files` (a partial render).
    Patch {
        covers: Box<dyn Fn(&str) -> bool + Send>,
        files: BTreeMap<String, Vec<u8>>,
    },
    /// The rebuild failed: keep the files, show the errors.
    Failed(Diagnostics),
}

/// Rebuilds since the server started, the first build included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebuilds {
    pub full: u64,
    pub partial: u64,
    pub failed: u64,
}

impl Rebuilds {
    pub fn total(&self) -> u64 {
        self.full + self.partial + self.failed
    }
}

pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Message>,
    /// Tells this server's builds from those of an earlier run on the same port.
    instance: String,
    rebuilds: Mutex<Rebuilds>,
}

impl Shared {
    pub fn new() -> Shared {
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros());
        Shared {
            snapshot: RwLock::new(Arc::default()),
            events: broadcast::channel(16).0,
            instance: format!("{instance:x}"),
            rebuilds: Mutex::default(),
        }
    }

    /// The snapshot being served now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.events.subscribe()
    }

    pub fn rebuilds(&self) -> Rebuilds {
        *self.rebuilds.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts in the result of a rebuild, then tells the tabs: a tab reloading on the message
    /// already gets the new files. Requests see the old snapshot or the new one, never a mix:
    /// the files are patched in place only when no request holds them, and copied otherwise.
    pub fn publish(&self, update: Update, css_only: bool) {
        let mut rebuilds = self.rebuilds.lock().unwrap_or_else(|e| e.into_inner());
        let mut slot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let snapshot = Arc::make_mut(&mut slot);
        let message = match update {
            Update::Failed(problems) => {
                rebuilds.failed += 1;
                let problems = Arc::new(to_problems(problems));
                snapshot.problems = Some(problems.clone());
                Message::Problems(problems)
            }
            Update::Replace { files, base_path } => {
                rebuilds.full += 1;
                snapshot.files = Arc::new(to_bytes(files));
                snapshot.base_path = base_path;
                self.next_build(snapshot, *rebuilds, css_only)
            }
            Update::Patch { covers, files } => {
                rebuilds.partial += 1;
                let served = Arc::make_mut(&mut snapshot.files);
                served.retain(|path, _| !covers(path));
                served.extend(to_bytes(files));
                self.next_build(snapshot, *rebuilds, css_only)
            }
        };
        drop(slot);
        drop(rebuilds);
        // No tab listening is not an error.
        let _ = self.events.send(message);
    }

    /// Names the new build and clears the errors.
    fn next_build(&self, snapshot: &mut Snapshot, rebuilds: Rebuilds, css_only: bool) -> Message {
        let build = format!("{}-{}", self.instance, rebuilds.full + rebuilds.partial);
        snapshot.build = build.clone();
        snapshot.problems = None;
        if css_only {
            Message::Css { build }
        } else {
            Message::Reload { build }
        }
    }
}

fn to_bytes(files: BTreeMap<String, Vec<u8>>) -> HashMap<String, Bytes> {
    files
        .into_iter()
        .map(|(path, bytes)| (path, Bytes::from(bytes)))
        .collect()
}

/// The errors of a failed rebuild, warnings left out, in file order.
fn to_problems(problems: Diagnostics) -> Vec<Problem> {
    problems
        .sorted()
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| Problem {
            file: d.file.display().to_string(),
            line: d.position.map(|p| p.line),
            column: d.position.map(|p| p.column),
            message: d.message,
            hint: d.hint,
            source: d.source_line,
        })
        .collect()
}
