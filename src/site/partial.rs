//! Rendering part of a site, for the preview server. An edit inside one policy's folder (an
//! edition, a translation, `_policy.toml`) can change only that policy's pages, its
//! operator's pages, the index pages and the site-wide files (feeds, sitemap, API); every
//! other page of the previous build stays byte for byte what a full build would write. So a
//! partial render writes exactly those, and the caller keeps the rest of the previous build.
//!
//! The sitemap lists every page of the site, so a partial render starts from the previous
//! build's entries minus the pages it renders again; the pages then report themselves as in
//! a full build. Feeds and the API are cheap next to the pages and are always written whole.
//! Whatever this module gets wrong, the preview server's test compares the result of a
//! sequence of edits with a fresh full build, byte for byte.

use std::collections::BTreeSet;

use crate::config::SiteConfig;
use crate::content::{Operator, Policy};

use super::sitemap::{Collector, Url};
use super::{urls, Site};

/// Which part of a site a render covers.
#[derive(Debug)]
pub enum Scope {
    /// Everything: what `build` and `check` write.
    All,
    /// What a change inside these policies' folders can touch.
    Policies(Changed),
}

/// Policies whose folders changed since a build, and that build's sitemap.
#[derive(Debug, Default)]
pub struct Changed {
    /// `(operator id, policy id)`; both must still be in the site's portal.
    pub policies: BTreeSet<(String, String)>,
    /// The sitemap entries the previous render returned.
    pub sitemap: Vec<Url>,
}

impl Scope {
    /// The sitemap collector to start from, and the changed policies (`None`: everything).
    pub(super) fn start(self, site: &Site) -> (Collector, Option<Vec<(&Operator, &Policy)>>) {
        match self {
            Scope::All => (Collector::default(), None),
            Scope::Policies(changed) => {
                let policies = changed.resolve(site);
                let kept = changed
                    .sitemap
                    .into_iter()
                    .filter(|url| !covers(&site.config, &changed.policies, &url.path))
                    .collect();
                (Collector::seeded(kept), Some(policies))
            }
        }
    }
}

impl Changed {
    fn resolve<'a>(&self, site: &'a Site) -> Vec<(&'a Operator, &'a Policy)> {
        site.portal
            .operators
            .iter()
            .flat_map(|op| op.policies.iter().map(move |p| (op, p)))
            .filter(|(op, p)| self.policies.contains(&(op.id.clone(), p.id.clone())))
            .collect()
    }
}

/// Whether the file or page at `path` of the previous build (`kk/op/privacy/2.1/index.html`,
/// `kk/op/privacy/2.1/`) is one a render of changed `policies` writes afresh or may drop,
/// such as the page of a deleted edition. The caller removes such files of the previous
/// build before adding what the partial render wrote.
///
/// Page paths (`op/`) and file paths (`op/index.html`) alike: the index and operator pages
/// by their folder, a policy's pages and feed by its folder, its API document by name.
pub fn covers(config: &SiteConfig, policies: &BTreeSet<(String, String)>, path: &str) -> bool {
    let page = path.strip_suffix("index.html").unwrap_or(path);
    config.languages.iter().any(|lang| {
        page == urls::lang_prefix(config, lang)
            || policies.iter().any(|(op, policy)| {
                page == urls::operator(config, lang, op)
                    || path.starts_with(&urls::policy(config, lang, op, policy))
            })
    }) || policies
        .iter()
        .any(|(op, policy)| path == format!("api/v1/{op}/{policy}.json"))
}
