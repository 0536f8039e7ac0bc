//! The build, as named stages: load (config, content, editions.lock, theme) → resolve
//! (timelines as of today) → render (every page into a sink) → publish (the changed files
//! into the output, all or nothing, then the lock; see [`build`](mod@build) for what a
//! rebuild skips). Loading ends with the lints of [`crate::check`]: their
//! errors (broken links) stop here like any other, their warnings travel with the result.
//! `check` runs load and render; `build` runs them all; the preview server renders into
//! memory, and after an edit only the part of the site the edit touches ([`partial`]).

mod api;
mod branding;
mod build;
pub mod cache;
mod feeds;
pub mod inputs;
pub mod manifest;
pub mod output;
mod pages;
pub mod partial;
pub mod paths;
mod present;
pub mod search;
mod sitemap;
mod update;
pub mod urls;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use time::{Date, OffsetDateTime};

use crate::config::SiteConfig;
use crate::content::{self, Portal};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lock::{self, Lock};
use crate::render::Renderer;
pub use build::{build, BuildOptions, BuildReport, Outcome, CACHE_FOLDER};
use cache::RenderCache;
use output::Sink;
pub use partial::Scope;

/// A loaded and resolved site: what every later stage reads.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub portal: Portal,
    /// The day the build is for (`--date`, or today in the site's `utc_offset`).
    pub today: Date,
    pub drafts: bool,
    /// editions.lock as this build leaves it: what was locked, plus the texts it publishes
    /// and the corrections it records. Edition pages show the corrections.
    pub lock: Lock,
}

/// What the command line may change about a build.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub root: PathBuf,
    pub date: Option<Date>,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Editions whose changed text is a deliberate correction (`--correct`).
    pub corrections: Vec<lock::Target>,
    /// What the lints cover; `None` runs none (`redakt diff` only reads the texts).
    pub lint: Option<crate::check::Options>,
}

/// The result of a successful stage: the value and the warnings met on the way.
pub struct Loaded {
    pub site: Site,
    pub warnings: Diagnostics,
    /// What loading changed in the lock (`site.lock`); only `build` writes it.
    pub lock_changes: lock::Changes,
    /// Warnings dropped by `[lint] allow`.
    pub silenced: usize,
    /// Time spent loading and resolving, and linting.
    pub took: Duration,
    pub linted: Duration,
}

/// Loads site.toml, content/ and editions.lock, and resolves every timeline. Errors stop
/// here, all of them reported together.
pub fn load(options: &LoadOptions) -> Result<Loaded, Diagnostics> {
    let started = Instant::now();
    let root = &options.root;
    if !root.join("site.toml").is_file() {
        return Err(Diagnostic::error(root.join("site.toml"), "no site here: site.toml not found")
            .with_hint("run redakt in the site folder, pass --root <site folder>, or create a site with `redakt init`")
            .into());
    }
    let mut config = SiteConfig::load(&root.join("site.toml"), Path::new("site.toml"))?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url).map_err(|why| {
            Diagnostics::from(
                Diagnostic::error("--base-url", format!("invalid base URL `{url}`: {why}"))
                    .with_hint("pass a full address, e.g. --base-url https://example.kz/legal"),
            )
        })?;
    }
    let today = today(&config, options.date);
    let (mut portal, mut problems) = content::load(root, &config);
    // Before resolving, which drops draft translations: a locked text is checked whatever
    // its front-matter now says.
    let (lock, lock_changes) =
        check_lock(root, &portal, today, &options.corrections, &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }
    content::resolve(&mut portal, today, options.drafts);
    let took = started.elapsed();
    let started = Instant::now();
    let lints = match options.lint {
        Some(lint) => {
            let paths = paths::SitePaths::new(root, &config, &portal);
            crate::check::run(&portal, &config, &paths, lint)
        }
        None => Default::default(),
    };
    problems.extend(lints.findings);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(Loaded {
        site: Site {
            root: root.clone(),
            config,
            portal,
            today,
            drafts: options.drafts,
            lock,
        },
        warnings: problems,
        lock_changes,
        silenced: lints.silenced,
        took,
        linted: started.elapsed(),
    })
}

/// The day a build is for: `--date`, or today where the site is.
fn today(config: &SiteConfig, date: Option<Date>) -> Date {
    date.unwrap_or_else(|| {
        OffsetDateTime::now_utc()
            .to_offset(config.utc_offset)
            .date()
    })
}

/// Reads editions.lock and checks the content against it, adding what it finds to
/// `problems`. A locked text that seems gone is reported only when the content loaded
/// cleanly: an edition whose file has an error is missing from the portal, not from disk.
fn check_lock(
    root: &Path,
    portal: &Portal,
    today: Date,
    corrections: &[lock::Target],
    problems: &mut Diagnostics,
) -> (Lock, lock::Changes) {
    let lock = match Lock::read(root) {
        Ok(lock) => lock,
        Err(found) => {
            problems.extend(found);
            return Default::default();
        }
    };
    let complete = !problems.has_errors();
    let lock::Checked {
        lock,
        changes,
        problems: found,
        unfound,
    } = lock.check(portal, today, corrections);
    problems.extend(found);
    if complete {
        problems.extend(unfound);
    }
    (lock, changes)
}

/// Renders the whole site into `sink`: pages, theme static files and the site's `static/`.
pub fn render(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostics> {
    render_scope(site, sink, Scope::All).map(drop)
}

/// Renders the part of the site `scope` covers into `sink` and returns what a later partial
/// render of the preview server starts from.
pub fn render_scope(
    site: &Site,
    sink: &dyn Sink,
    scope: Scope,
) -> Result<partial::Memo, Diagnostics> {
    render_with(site, sink, scope, &RenderCache::off())
}

/// [`render_scope`] with redlines taken from `cache` where it has them.
fn render_with(
    site: &Site,
    sink: &dyn Sink,
    scope: Scope,
    cache: &RenderCache,
) -> Result<partial::Memo, Diagnostics> {
    // A scope for the search indexer's thread, which writes into `sink` while pages render.
    std::thread::scope(|threads| render_in(threads, site, sink, scope, cache))
}

fn render_in<'scope>(
    threads: &'scope std::thread::Scope<'scope, '_>,
    site: &'scope Site,
    sink: &'scope dyn Sink,
    scope: Scope,
    cache: &RenderCache,
) -> Result<partial::Memo, Diagnostics> {
    let (changed, mut memo) = scope.into_parts();
    let renderer = match memo.take_renderer() {
        Some(renderer) if changed.is_some() => renderer,
        _ => Arc::new(Renderer::new(
            &site.root,
            &site.config.theme,
            &site.config.languages,
        )?),
    };
    // The index covers every policy: the preview server's partial renders keep the one of
    // the last full render, so an edit shows in search after the next full rebuild.
    let indexing = (site.config.search && changed.is_none() && sink.keeps_output())
        .then(|| search::start(threads, site, Arc::clone(&renderer), sink));
    if changed.is_none() {
        for (name, text) in &renderer.static_files {
            sink.put(name, text.as_bytes())?;
        }
        copy_static(&site.root, sink)?;
        branding::write_logos(site, sink)?;
    }
    let plan = partial::Plan::new(site, &renderer, changed.as_ref(), &mut memo);
    let pages = pages::Pages {
        site,
        renderer: &renderer,
        sink,
        cache,
        sitemap: plan.sitemap,
    };
    let problems = match &plan.policies {
        None => pages.render_all(),
        Some(policies) => pages.render_policies(policies, plan.operators_changed),
    };
    if problems.has_errors() {
        return Err(problems);
    }
    let sitemap = pages.sitemap.write(site, sink)?;
    if site.config.feeds {
        feeds::write_all(site, &renderer, sink, changed.as_ref(), &mut memo.feeds)?;
    }
    api::write_all(site, sink, changed.as_ref(), &mut memo.api)?;
    if let Some(indexing) = indexing {
        indexing.finish()?;
    }
    memo.finish(renderer, sitemap);
    Ok(memo)
}

fn copy_static(root: &Path, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let dir = root.join("static");
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Diagnostic::error("static", format!("cannot read static/: {e}")))?;
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(entry.path()).map_err(|e| {
                Diagnostic::error(entry.path(), format!("cannot read the file: {e}"))
            })?;
            sink.put(&relative, &bytes)?;
        }
    }
    Ok(())
}

/// Refuses an output folder whose replacement would destroy the site's sources: the site
/// folder itself, a folder holding it, or one inside its content, static files or themes.
pub fn check_output(root: &Path, output: &Path) -> Result<(), String> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output) = (absolute(root), absolute(output));
    let inside_sources = ["content", "static", "templates", "themes", CACHE_FOLDER]
        .iter()
        .any(|folder| output.starts_with(root.join(folder)));
    let holds_sources = output.join("site.toml").exists() || output.join("content").is_dir();
    if root.starts_with(&output) || inside_sources || holds_sources {
        return Err(format!(
            "--output {} would replace the site's own sources; choose a folder of its own, e.g. --output public",
            output.display()
        ));
    }
    Ok(())
}
