//! Watching the site's sources. `notify` reports single file events; an editor's save (write
//! a temp file, rename it over the original), a burst of saves or a `git checkout` of many
//! files each produce dozens. Events are filtered (editor temp files, hidden folders, the
//! output folder, reads) and gathered until the sources have been quiet for a moment, so
//! each burst ends in one [`Batch`] and one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::diagnostics::Diagnostic;

/// The folders watched recursively: every folder a build reads.
pub const FOLDERS: [&str; 5] = crate::site::inputs::FOLDERS;
/// The files of the site root that are watched.
pub const FILES: [&str; 2] = ["site.toml", "editions.lock"];

/// A burst ends once no event came for this long: editors write a file, and a `git checkout`
/// writes many, within a few milliseconds.
const QUIET: Duration = Duration::from_millis(30);
/// A stream of events that never pauses still gets a rebuild this often.
const LONGEST: Duration = Duration::from_secs(1);

/// Changed paths, relative to the site root, from one burst of events.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// The watcher lost events (a queue overflow): rebuild everything.
    pub rescan: bool,
}

impl Batch {
    /// For the terminal: the first changed file and how many more.
    pub fn describe(&self) -> String {
        match self.paths.iter().next() {
            None => "the sources".to_string(),
            Some(first) if self.paths.len() == 1 => first.display().to_string(),
            Some(first) => format!("{} and {} more", first.display(), self.paths.len() - 1),
        }
    }
}

/// Keeps the OS watches alive; dropping it ends [`Batches`].
pub struct Watcher {
    _inner: Arc<Mutex<RecommendedWatcher>>,
}

/// The receiving end: one [`Batch`] per burst.
pub struct Batches {
    root: PathBuf,
    events: Receiver<Event>,
    /// To watch a source folder created or replaced after the start. Weak, so that
    /// dropping the [`Watcher`] still ends the stream of events.
    watcher: Weak<Mutex<RecommendedWatcher>>,
}

type Event = notify::Result<notify::Event>;

impl Watcher {
    /// Watches the site root (its files only) and each source folder that exists.
    pub fn start(root: &Path) -> Result<(Watcher, Batches), Diagnostic> {
        let (sender, events) = mpsc::channel::<Event>();
        let mut inner = notify::recommended_watcher(move |event: Event| {
            let _ = sender.send(event);
        })
        .map_err(|e| watch_error(root, e))?;
        inner
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        for folder in FOLDERS.map(|f| root.join(f)).iter().filter(|f| f.is_dir()) {
            inner
                .watch(folder, RecursiveMode::Recursive)
                .map_err(|e| watch_error(folder, e))?;
        }
        let inner = Arc::new(Mutex::new(inner));
        let batches = Batches {
            root: root.to_path_buf(),
            events,
            watcher: Arc::downgrade(&inner),
        };
        Ok((Watcher { _inner: inner }, batches))
    }
}

impl Batches {
    /// Waits for the next burst of relevant changes; `None` once the watcher is gone.
    pub fn next(&self) -> Option<Batch> {
        let mut batch = Batch::default();
        while batch.paths.is_empty() && !batch.rescan {
            let event = self.events.recv().ok()?;
            self.add(&mut batch, event);
        }
        let started = Instant::now();
        while started.elapsed() < LONGEST {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => self.add(&mut batch, event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        self.rewatch(&batch);
        Some(batch)
    }

    fn add(&self, batch: &mut Batch, event: Event) {
        let event = match event {
            Ok(event) => event,
            Err(e) => {
                eprintln!("warning: watching for changes: {e}");
                return;
            }
        };
        if event.need_rescan() {
            batch.rescan = true;
        }
        if !is_change(&event.kind) {
            return;
        }
        for path in &event.paths {
            if let Some(relative) = relevant(&self.root, path) {
                batch.paths.insert(relative);
            }
        }
    }

    /// A source folder created, deleted or replaced at the root is watched afresh.
    fn rewatch(&self, batch: &Batch) {
        let Some(watcher) = self.watcher.upgrade() else {
            return;
        };
        let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
        for folder in FOLDERS {
            if batch.rescan || batch.paths.contains(Path::new(folder)) {
                let path = self.root.join(folder);
                let _ = watcher.unwatch(&path);
                if path.is_dir() {
                    if let Err(e) = watcher.watch(&path, RecursiveMode::Recursive) {
                        eprintln!("warning: {}", watch_error(&path, e));
                    }
                }
            }
        }
    }
}

/// Writes, creations, removals and renames; not reads, which the rebuild itself causes.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// The path relative to the root if a change there can matter to the site: a file of a
/// source folder, or a root file or folder the site reads. Editor temp and backup files
/// and anything hidden (staging folders included) are left out.
pub fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let mut components = relative.components();
    let first = components.next()?.as_os_str().to_str()?;
    let at_root = components.next().is_none();
    let known = if at_root {
        FILES.contains(&first) || FOLDERS.contains(&first)
    } else {
        FOLDERS.contains(&first)
    };
    let hidden = relative
        .components()
        .any(|c| c.as_os_str().to_str().is_none_or(is_ignored_name));
    (known && !hidden).then(|| relative.to_path_buf())
}

/// Vim's `.x.swp`, `x~` and `4913`, Emacs' `.#x` and `#x#`, other hidden files.
fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp"]
            .iter()
            .any(|e| name.ends_with(e))
}

fn watch_error(path: &Path, e: notify::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot watch for changes: {e}"))
        .with_hint("on Linux, raise fs.inotify.max_user_watches (sysctl) if the limit is reached")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, path: &str) -> Event {
        Ok(notify::Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn a_burst_of_events_is_one_batch_without_reads_or_litter() {
        let (sender, events) = mpsc::channel();
        let batches = Batches {
            root: PathBuf::from("/site"),
            events,
            watcher: Weak::new(),
        };
        // A `git checkout` of many files, an editor's save dance, and the rebuild's own reads.
        for i in 0..50 {
            let path = format!("/site/content/op/privacy/{i}.md");
            sender
                .send(event(EventKind::Modify(ModifyKind::Any), &path))
                .unwrap();
        }
        sender
            .send(event(
                EventKind::Create(notify::event::CreateKind::File),
                "/site/content/op/privacy/4913",
            ))
            .unwrap();
        sender
            .send(event(
                EventKind::Modify(ModifyKind::Any),
                "/site/content/op/privacy/.1.md.swp",
            ))
            .unwrap();
        sender
            .send(event(
                EventKind::Access(AccessKind::Open(AccessMode::Read)),
                "/site/content/op/privacy/2.md",
            ))
            .unwrap();
        let batch = batches.next().expect("a batch");
        assert_eq!(batch.paths.len(), 50);
        assert!(!batch.rescan);
        // Reads alone never make a batch.
        sender
            .send(event(
                EventKind::Access(AccessKind::Open(AccessMode::Read)),
                "/site/site.toml",
            ))
            .unwrap();
        sender
            .send(event(EventKind::Modify(ModifyKind::Any), "/site/site.toml"))
            .unwrap();
        let batch = batches.next().expect("a batch");
        assert_eq!(
            batch.paths.into_iter().collect::<Vec<_>>(),
            [PathBuf::from("site.toml")]
        );
        drop(sender);
        assert!(batches.next().is_none());
    }

    #[test]
    fn only_sources_count_and_editor_litter_does_not() {
        let root = Path::new("/site");
        let ok = |p: &str| relevant(root, &root.join(p)).is_some();
        assert!(ok("content/op/privacy/2.1.md"));
        assert!(ok("site.toml"));
        assert!(ok("editions.lock"));
        assert!(ok("static"));
        assert!(ok("themes/x/static/a.css"));
        assert!(!ok("public/index.html"));
        assert!(!ok(".public.staging-12/index.html"));
        assert!(!ok("notes.txt"));
        assert!(!ok("content/op/privacy/.2.1.md.swp"));
        assert!(!ok("content/op/privacy/2.1.md~"));
        assert!(!ok("content/op/privacy/4913"));
        assert!(!ok("content/op/privacy/.#2.1.md"));
        assert!(!ok("content/op/privacy/#2.1.md#"));
        assert!(!ok("content/.git/HEAD"));
        assert!(relevant(root, Path::new("/elsewhere/site.toml")).is_none());
    }
}
