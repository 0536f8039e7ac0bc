//! Every path a build will write, known before rendering, so that `check` can test the
//! links between pages without rendering them. It follows the same [`urls`] as the pages,
//! feeds and API; a test renders the example portal and compares the two lists.

use std::collections::HashSet;
use std::path::Path;

use super::urls;
use crate::check::Pages;
use crate::config::SiteConfig;
use crate::content::{Operator, Policy, Portal};

/// The site paths of a build: `""` for the home page, `op/privacy/2.1/` for pages,
/// `feed.xml` for files.
#[derive(Debug, Default)]
pub struct SitePaths {
    paths: HashSet<String>,
    config: Option<SiteConfig>,
}

impl SitePaths {
    /// The paths a build of `portal` (resolved) writes, `root` holding its `static/`.
    pub fn new(root: &Path, config: &SiteConfig, portal: &Portal) -> SitePaths {
        let mut paths = HashSet::new();
        for lang in &config.languages {
            let prefix = urls::lang_prefix(config, lang);
            paths.insert(prefix.clone());
            if config.feeds {
                paths.insert(format!("{prefix}feed.xml"));
            }
            for op in &portal.operators {
                operator_paths(config, lang, op, &mut paths);
            }
        }
        paths.extend(
            portal
                .operators
                .iter()
                .filter_map(super::branding::logo_path),
        );
        for file in ["404.html", "sitemap.xml", "robots.txt", "api/v1/index.json"] {
            paths.insert(file.to_string());
        }
        static_files(root, &mut paths);
        SitePaths {
            paths,
            config: Some(config.clone()),
        }
    }

    /// Every path, for tests and tools.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.paths.iter()
    }
}

fn operator_paths(config: &SiteConfig, lang: &str, op: &Operator, paths: &mut HashSet<String>) {
    let page = urls::operator(config, lang, &op.id);
    if config.feeds {
        paths.insert(format!("{page}feed.xml"));
    }
    paths.insert(page);
    for policy in op
        .policies
        .iter()
        .filter(|p| !p.timeline.entries.is_empty())
    {
        let page = urls::policy(config, lang, &op.id, &policy.id);
        if config.feeds {
            paths.insert(format!("{page}feed.xml"));
        }
        paths.insert(page);
        paths.insert(urls::changelog(config, lang, &op.id, &policy.id));
        paths.insert(format!("api/v1/{}/{}.json", op.id, policy.id));
        for entry in &policy.timeline.entries {
            let edition = &policy.editions[entry.index];
            if edition.text(lang).is_none() {
                continue;
            }
            let version = edition.version.as_str();
            paths.insert(urls::edition(config, lang, &op.id, &policy.id, version));
            let previous = policy.timeline.previous(entry.index);
            if previous.is_some_and(|p| policy.editions[p.index].text(lang).is_some()) {
                paths.insert(urls::diff(config, lang, &op.id, &policy.id, version));
            }
        }
    }
}

/// The site's own `static/` files, copied to the root of the output.
fn static_files(root: &Path, paths: &mut HashSet<String>) {
    let dir = root.join("static");
    for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            if let Ok(relative) = entry.path().strip_prefix(&dir) {
                paths.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
}

/// The edition a policy page shows: the current one, else the one to come, else the last.
fn on_policy_page(policy: &Policy) -> Option<usize> {
    let timeline = &policy.timeline;
    timeline
        .current()
        .or_else(|| timeline.upcoming())
        .or(timeline.entries.last())
        .map(|e| e.index)
}

impl Pages for SitePaths {
    fn exists(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    fn showing(&self, op: &Operator, policy: &Policy, index: usize, lang: &str) -> Vec<String> {
        match &self.config {
            Some(config) => showing(config, op, policy, index, lang),
            None => Vec::new(),
        }
    }
}

fn showing(
    config: &SiteConfig,
    op: &Operator,
    policy: &Policy,
    index: usize,
    lang: &str,
) -> Vec<String> {
    if !policy.timeline.entries.iter().any(|e| e.index == index) {
        return Vec::new();
    }
    let version = policy.editions[index].version.as_str();
    let mut pages = vec![urls::edition(config, lang, &op.id, &policy.id, version)];
    if on_policy_page(policy) == Some(index) {
        pages.push(urls::policy(config, lang, &op.id, &policy.id));
    }
    pages
}

/// [`SitePaths`] made on first use. Linting the few texts an edit reloaded (the preview
/// server) needs every path of the site only when one of them holds a link, and listing
/// them costs more than the rest of such a rebuild.
pub struct LazySitePaths<'a> {
    root: &'a Path,
    config: &'a SiteConfig,
    portal: &'a Portal,
    paths: std::sync::OnceLock<SitePaths>,
}

impl<'a> LazySitePaths<'a> {
    pub fn new(root: &'a Path, config: &'a SiteConfig, portal: &'a Portal) -> LazySitePaths<'a> {
        LazySitePaths {
            root,
            config,
            portal,
            paths: std::sync::OnceLock::new(),
        }
    }
}

impl Pages for LazySitePaths<'_> {
    fn exists(&self, path: &str) -> bool {
        self.paths
            .get_or_init(|| SitePaths::new(self.root, self.config, self.portal))
            .exists(path)
    }

    fn showing(&self, op: &Operator, policy: &Policy, index: usize, lang: &str) -> Vec<String> {
        showing(self.config, op, policy, index, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;
    use crate::site::output::Sink;
    use std::sync::Mutex;

    struct Collect(Mutex<HashSet<String>>);

    impl Sink for Collect {
        fn put(&self, path: &str, _: &[u8]) -> Result<(), Diagnostic> {
            let path = path.strip_suffix("index.html").unwrap_or(path);
            self.0.lock().unwrap().insert(path.to_string());
            Ok(())
        }
    }

    #[test]
    fn the_list_matches_what_a_build_writes() {
        let options = crate::site::LoadOptions {
            root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            date: time::Date::from_calendar_date(2026, time::Month::November, 22).ok(),
            ..Default::default()
        };
        let loaded = crate::site::load(&options).expect("the example portal loads");
        let sink = Collect(Mutex::new(HashSet::new()));
        crate::site::render(&loaded.site, &sink).expect("the example portal renders");
        let renderer = crate::render::Renderer::new(
            &loaded.site.root,
            &loaded.site.config.theme,
            &loaded.site.config.languages,
        )
        .unwrap();
        let mut written = sink.0.into_inner().unwrap();
        for (name, _) in &renderer.static_files {
            written.remove(name);
        }
        // The search index is read by search.js, never linked to.
        written.retain(|path| !path.starts_with(crate::site::search::FOLDER));
        let site = &loaded.site;
        let listed: HashSet<String> = SitePaths::new(&site.root, &site.config, &site.portal)
            .iter()
            .cloned()
            .collect();
        let mut missing: Vec<_> = written.difference(&listed).collect();
        let mut extra: Vec<_> = listed.difference(&written).collect();
        missing.sort();
        extra.sort();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "written but not listed: {missing:?}\nlisted but not written: {extra:?}"
        );
    }
}
