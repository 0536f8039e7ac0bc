//! What the rebuild thread and the HTTP handlers share: the snapshot being served and the
//! channel that tells open tabs what happened. A snapshot is never changed in place; a
//! rebuild makes a new one and swaps the `Arc`, so a request sees one whole build.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use serde::Serialize;
use tokio::sync::broadcast;

use crate::diagnostics::Diagnostics;

/// The site being served.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every file of the last good build, by path relative to the site root.
    pub files: Arc<HashMap<String, Bytes>>,
    /// Names this build for the tabs showing it: `<server instance>-<build number>`.
    pub build: String,
    /// Set while the latest rebuild failed; `files` are then the last good ones.
    pub problems: Option<Arc<Vec<Problem>>>,
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
    /// A whole new site.
    Replace(BTreeMap<String, Vec<u8>>),
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
    /// `""` or `/legal`: where the site sits on the server.
    pub base_path: String,
    rebuilds: Mutex<Rebuilds>,
}

impl Shared {
    pub fn new(base_path: String) -> Shared {
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros());
        Shared {
            snapshot: RwLock::new(Arc::default()),
            events: broadcast::channel(16).0,
            instance: format!("{instance:x}"),
            base_path,
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

    /// Swaps in the result of a rebuild, then tells the tabs: a tab reloading on the message
    /// already gets the new files.
    pub fn publish(&self, update: Update, css_only: bool) {
        let old = self.snapshot();
        let mut rebuilds = self.rebuilds.lock().unwrap_or_else(|e| e.into_inner());
        let (next, message) = match update {
            Update::Failed(problems) => {
                rebuilds.failed += 1;
                let problems = Arc::new(to_problems(problems));
                let next = Snapshot {
                    files: old.files.clone(),
                    build: old.build.clone(),
                    problems: Some(problems.clone()),
                };
                (next, Message::Problems(problems))
            }
            Update::Replace(files) => {
                rebuilds.full += 1;
                self.next_build(to_bytes(files), *rebuilds, css_only)
            }
            Update::Patch { covers, files } => {
                rebuilds.partial += 1;
                let mut patched: HashMap<String, Bytes> = old
                    .files
                    .iter()
                    .filter(|(path, _)| !covers(path))
                    .map(|(path, bytes)| (path.clone(), bytes.clone()))
                    .collect();
                patched.extend(to_bytes(files));
                self.next_build(patched, *rebuilds, css_only)
            }
        };
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        drop(rebuilds);
        // No tab listening is not an error.
        let _ = self.events.send(message);
    }

    fn next_build(
        &self,
        files: HashMap<String, Bytes>,
        rebuilds: Rebuilds,
        css_only: bool,
    ) -> (Snapshot, Message) {
        let build = format!("{}-{}", self.instance, rebuilds.full + rebuilds.partial);
        let message = if css_only {
            Message::Css {
                build: build.clone(),
            }
        } else {
            Message::Reload {
                build: build.clone(),
            }
        };
        let next = Snapshot {
            files: Arc::new(files),
            build,
            problems: None,
        };
        (next, message)
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
