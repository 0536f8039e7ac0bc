//! `build`: load → render → publish → lock, and what it keeps between runs so that a
//! rebuild costs what changed.
//!
//! - **Nothing changed.** The fingerprint of every input ([`super::inputs`]) matches the
//!   record of the last build into this output ([`super::manifest`]) and every file there
//!   is as that build left it: the build reports so, with the last build's warnings, and
//!   writes nothing at all — no file, no folder, not even editions.lock.
//! - **Something changed.** The whole site is rendered again (redlines come from
//!   [`super::cache`]), and only files whose bytes differ are written, all of them after
//!   rendering succeeded ([`super::update`]).
//! - **No usable record** (first build, `--no-cache`, another Redakt): everything is
//!   written into a staging folder that replaces the output whole.
//!
//! In every case the output is byte for byte what a clean build writes. The record and the
//! render cache live in `.redakt-cache/` at the site root, never in the output, which is
//! published as it is.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lock;

use super::cache::{self, RenderCache};
use super::inputs;
use super::manifest::{self, Manifest, Survey};
use super::output::Sink;
use super::update::Update;
use super::{load, render_with, LoadOptions, Scope, Site};

/// The site's cache folder, next to site.toml.
pub const CACHE_FOLDER: &str = ".redakt-cache";

/// What `build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub load: LoadOptions,
    pub output: PathBuf,
    /// Use and keep `.redakt-cache/`; without it the build renders everything, replaces the
    /// output whole and forgets its record of this output.
    pub cache: bool,
}

/// What happened to the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The output already held this build: nothing was written.
    UpToDate,
    /// Files written (new or changed), removed (no longer built) and left as they were.
    Updated {
        written: usize,
        removed: usize,
        unchanged: usize,
    },
}

/// What `build` did.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub outcome: Outcome,
    pub pages: usize,
    pub editions: usize,
    pub warnings: Diagnostics,
    /// What the build added to editions.lock.
    pub lock_changes: lock::Changes,
    /// Whether editions.lock was (re)written: it is left untouched when nothing changed.
    pub lock_written: bool,
    /// Time spent in each stage.
    pub stages: Vec<(&'static str, Duration)>,
    pub cache: cache::Stats,
}

/// Builds the site into `options.output`, writing only what changed (see the module).
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let root = &options.load.root;
    let cache_dir = root.join(CACHE_FOLDER);
    // Hashing the sources and comparing the output with its record both read thousands of
    // files: side by side.
    let (sources, previous) = match options.cache {
        true => rayon::join(
            || inputs::sources(root),
            || {
                let manifest = Manifest::read(&cache_dir, &options.output)?;
                let survey = manifest::survey(&options.output, &manifest);
                Some((manifest, survey))
            },
        ),
        false => (None, None),
    };
    let survey = match (&sources, previous) {
        (Some(sources), Some((manifest, survey))) => {
            match check_unchanged(options, sources, &manifest, survey) {
                Unchanged::Yes(report) => return Ok(report.with_stage("inputs", started.elapsed())),
                Unchanged::No(survey) => Some(survey),
            }
        }
        // Unreadable sources or no cache: this build is not recorded, so the record of the
        // last one goes (it would describe files this build may replace).
        (None, _) => {
            Manifest::remove(&cache_dir, &options.output);
            None
        }
        (Some(_), None) => None,
    };
    let fingerprinted = started.elapsed();
    let mut built = build_changed(options, survey)?;
    built.report.stages.insert(0, ("inputs", fingerprinted));
    if let Some(sources) = &sources {
        record(options, sources, &mut built);
    }
    Ok(built.report)
}

/// A build that wrote its output, and what the record of it needs.
struct Built {
    report: BuildReport,
    /// The warnings of the content, which a build that changes nothing reports again.
    lint: Diagnostics,
    files: std::collections::BTreeMap<String, manifest::FileRecord>,
    today: time::Date,
}

enum Unchanged {
    Yes(BuildReport),
    /// Something changed; the output compared with the record.
    No(Survey),
}

/// Whether the output already holds what this build would write.
fn check_unchanged(
    options: &BuildOptions,
    sources: &[u8; 32],
    manifest: &Manifest,
    survey: Survey,
) -> Unchanged {
    // Corrections rewrite editions.lock: always a real build.
    let same_inputs = options.load.corrections.is_empty()
        && fingerprint_now(&options.load, sources).is_some_and(|f| f == manifest.fingerprint);
    if !same_inputs || !survey.is_clean() {
        return Unchanged::No(survey);
    }
    if survey.refreshed {
        // Files rewritten with the same bytes: remember their new stamps.
        let mut refreshed = manifest.clone();
        refreshed.files = survey.intact.into_iter().collect();
        let _ = refreshed.write(&options.load.root.join(CACHE_FOLDER));
    }
    Unchanged::Yes(BuildReport {
        output: options.output.clone(),
        outcome: Outcome::UpToDate,
        pages: manifest.pages,
        editions: manifest.editions,
        warnings: manifest.warnings(),
        lock_changes: lock::Changes::default(),
        lock_written: false,
        stages: Vec::new(),
        cache: cache::Stats::default(),
    })
}

/// The fingerprint this build would have, with the day read from site.toml alone; `None`
/// if site.toml does not load, which the full build then reports.
fn fingerprint_now(options: &LoadOptions, sources: &[u8; 32]) -> Option<String> {
    let config = SiteConfig::load(&options.root.join("site.toml"), Path::new("site.toml")).ok()?;
    fingerprint(options, sources, super::today(&config, options.date))
}

/// The fingerprint of a build for `today` with the sources and editions.lock as they are.
fn fingerprint(options: &LoadOptions, sources: &[u8; 32], today: time::Date) -> Option<String> {
    let lock = inputs::lock(&options.root)?;
    Some(inputs::fingerprint(
        sources,
        &lock,
        inputs::Options {
            today,
            drafts: options.drafts,
            base_url: options.base_url.as_deref(),
        },
    ))
}

/// Loads, renders and writes what changed, then writes editions.lock: a failed build
/// writes nothing and locks nothing.
fn build_changed(options: &BuildOptions, survey: Option<Survey>) -> Result<Built, Diagnostics> {
    let loaded = load(&options.load)?;
    let sink = Update::new(&options.output, survey, options.cache)?;
    let cache = match options.cache {
        true => RenderCache::at(&options.load.root.join(CACHE_FOLDER).join("render")),
        false => RenderCache::off(),
    };
    let counter = Counting {
        inner: &sink,
        pages: AtomicUsize::new(0),
    };
    let started = Instant::now();
    if let Err(problems) = render_with(&loaded.site, &counter, Scope::All, &cache) {
        sink.discard();
        return Err(problems);
    }
    let rendered = started.elapsed();
    let pages = counter.pages.into_inner();
    let started = Instant::now();
    let committed = sink.commit()?;
    let lock_written = loaded.site.lock.write(&loaded.site.root)?;
    let published = started.elapsed();
    let started = Instant::now();
    cache.prune();
    let lint = loaded.warnings;
    let mut warnings = lint.clone();
    warnings.extend(committed.warnings);
    let report = BuildReport {
        output: options.output.clone(),
        outcome: Outcome::Updated {
            written: committed.written,
            removed: committed.removed,
            unchanged: committed.unchanged,
        },
        pages,
        editions: editions(&loaded.site),
        warnings,
        lock_changes: loaded.lock_changes,
        lock_written,
        stages: vec![
            ("load", loaded.took),
            ("lint", loaded.linted),
            ("render", rendered),
            ("publish", published),
            ("prune", started.elapsed()),
        ],
        cache: cache.stats(),
    };
    Ok(Built {
        report,
        lint,
        files: committed.files,
        today: loaded.site.today,
    })
}

/// Records the build for the next one. Failing to is not an error of the build (the next
/// one is only slower), but the user hears of it.
fn record(options: &BuildOptions, sources: &[u8; 32], built: &mut Built) {
    let started = Instant::now();
    let report = &mut built.report;
    let written = fingerprint(&options.load, sources, built.today).map(|fingerprint| {
        Manifest::new(
            &options.output,
            fingerprint,
            report.pages,
            report.editions,
            &built.lint,
            std::mem::take(&mut built.files),
        )
        .write(&options.load.root.join(CACHE_FOLDER))
    });
    if let Some(Err(problem)) = written {
        report.warnings.push(Diagnostic {
            severity: crate::diagnostics::Severity::Warning,
            ..problem
        });
    }
    report.stages.push(("record", started.elapsed()));
}

fn editions(site: &Site) -> usize {
    site.portal
        .operators
        .iter()
        .flat_map(|o| &o.policies)
        .map(|p| p.timeline.entries.len())
        .sum()
}

impl BuildReport {
    fn with_stage(mut self, stage: &'static str, took: Duration) -> BuildReport {
        self.stages.push((stage, took));
        self
    }
}

/// Counts the HTML pages passing through to the real sink.
struct Counting<'a> {
    inner: &'a dyn Sink,
    pages: AtomicUsize,
}

impl Sink for Counting<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.inner.put(path, bytes)
    }

    fn keeps_output(&self) -> bool {
        self.inner.keeps_output()
    }
}
