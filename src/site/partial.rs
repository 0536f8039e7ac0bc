//! Rendering part of a site, for the preview server. An edit inside one policy's folder (an
//! edition, a translation, `_policy.toml`) can change only that policy's pages, its
//! operator's pages, the index pages and the site-wide files (feeds, sitemap, API); every
//! other page of the previous build stays byte for byte what a full build would write. So a
//! partial render writes only those, and the caller keeps the rest of the previous build.
//!
//! Site-wide files list every policy, so a render leaves a [`Memo`] behind: the sitemap
//! entries, each policy's feed entries and index line, and what the index shows of each
//! operator. The next partial render recomputes these for the changed policies only and
//! reuses the rest. The index and operator pages are rendered again only when what they show
//! of the changed operators did change; an edit of an edition's text leaves them alone.
//! Whatever this module gets wrong, the preview server's test compares the site after a
//! sequence of edits with a fresh full build, byte for byte.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::{Operator, Policy};
use crate::render::Renderer;

use super::present::Lang;
use super::sitemap::{Collector, Url};
use super::{api, feeds, urls, Site};

/// Which part of a site a render covers.
pub enum Scope {
    /// Everything: what `build` and `check` write.
    All,
    /// What a change inside these policies' folders can touch.
    Policies(Changed),
}

/// Policies whose folders changed since a render, and what that render left.
pub struct Changed {
    /// `(operator id, policy id)`; both must still be in the site's portal.
    pub policies: BTreeSet<(String, String)>,
    pub memo: Memo,
}

/// What a render leaves for the next partial one.
#[derive(Default)]
pub struct Memo {
    sitemap: Vec<Url>,
    pub(super) feeds: feeds::Written,
    pub(super) api: api::Written,
    /// Compiled once: a partial render follows a change of content, never of the theme.
    renderer: Option<Arc<Renderer>>,
    /// Operator id → what the index and the operator's page show of it.
    operators: HashMap<String, String>,
}

/// What a render is to do, decided before it starts.
pub(super) struct Plan<'a> {
    /// The changed policies; `None`: everything.
    pub policies: Option<Vec<(&'a Operator, &'a Policy)>>,
    /// Whether the index pages and the changed operators' pages must be rendered again.
    pub operators_changed: bool,
    /// The sitemap entries of the pages the render leaves alone.
    pub sitemap: Collector,
}

impl Scope {
    /// The changed policies (`None`: everything) and the memo to update.
    pub(super) fn into_parts(self) -> (Option<BTreeSet<(String, String)>>, Memo) {
        match self {
            Scope::All => (None, Memo::default()),
            Scope::Policies(changed) => (Some(changed.policies), changed.memo),
        }
    }
}

impl Memo {
    /// The compiled theme of the previous render, for a partial one.
    pub(super) fn take_renderer(&mut self) -> Option<Arc<Renderer>> {
        self.renderer.take()
    }

    pub(super) fn finish(&mut self, renderer: Arc<Renderer>, sitemap: Vec<Url>) {
        self.renderer = Some(renderer);
        self.sitemap = sitemap;
    }
}

impl<'a> Plan<'a> {
    pub(super) fn new(
        site: &'a Site,
        renderer: &Renderer,
        changed: Option<&BTreeSet<(String, String)>>,
        memo: &mut Memo,
    ) -> Plan<'a> {
        let Some(changed) = changed else {
            memo.operators = site
                .portal
                .operators
                .iter()
                .map(|op| (op.id.clone(), fingerprint(site, renderer, op)))
                .collect();
            return Plan {
                policies: None,
                operators_changed: true,
                sitemap: Collector::default(),
            };
        };
        let policies: Vec<(&Operator, &Policy)> = site
            .portal
            .operators
            .iter()
            .flat_map(|op| op.policies.iter().map(move |p| (op, p)))
            .filter(|(op, p)| changed.contains(&(op.id.clone(), p.id.clone())))
            .collect();
        let mut operators_changed = false;
        for (op, _) in &policies {
            let print = fingerprint(site, renderer, op);
            operators_changed |= memo.operators.get(&op.id) != Some(&print);
            memo.operators.insert(op.id.clone(), print);
        }
        let covers = Covers::new(&site.config, changed);
        let operator_pages: Vec<String> = site
            .config
            .languages
            .iter()
            .flat_map(|lang| {
                let mut pages = vec![urls::lang_prefix(&site.config, lang)];
                pages.extend(
                    policies
                        .iter()
                        .map(|(op, _)| urls::operator(&site.config, lang, &op.id)),
                );
                pages
            })
            .collect();
        let (kept, replaced) =
            std::mem::take(&mut memo.sitemap)
                .into_iter()
                .partition(|url: &Url| {
                    let rendered_again = operators_changed && operator_pages.contains(&url.path);
                    !(rendered_again || covers.covers(&url.path))
                });
        Plan {
            policies: Some(policies),
            operators_changed,
            sitemap: Collector::seeded(kept, replaced),
        }
    }
}

/// Everything the index and an operator's page can show of `op` or date it by: its view
/// with policies in every language and every published edition's dates and status.
fn fingerprint(site: &Site, renderer: &Renderer, op: &Operator) -> String {
    let mut print = String::new();
    for lang in &site.config.languages {
        let l = Lang {
            site,
            lang,
            strings: renderer.strings(lang),
        };
        print.push_str(&serde_json::to_string(&l.operator_view(op, true)).unwrap_or_default());
    }
    for policy in &op.policies {
        for entry in &policy.timeline.entries {
            let edition = &policy.editions[entry.index];
            print.push_str(&format!(
                "|{} {} {} {} {:?}",
                policy.id, edition.version, edition.published, edition.effective, entry.in_force
            ));
            print.push_str(entry.status.as_str());
        }
    }
    print
}

/// The files and pages of a previous build that a partial render of changed policies may
/// drop, such as the page of a deleted edition: everything under the policies' folders, in
/// every language, and their API documents. The caller removes them before adding what the
/// partial render wrote; the index and operator pages always exist and are overwritten.
pub struct Covers {
    prefixes: Vec<String>,
    documents: Vec<String>,
}

impl Covers {
    pub fn new(config: &SiteConfig, policies: &BTreeSet<(String, String)>) -> Covers {
        let prefixes = config
            .languages
            .iter()
            .flat_map(|lang| {
                policies
                    .iter()
                    .map(move |(op, policy)| urls::policy(config, lang, op, policy))
            })
            .collect();
        let documents = policies
            .iter()
            .map(|(op, policy)| format!("api/v1/{op}/{policy}.json"))
            .collect();
        Covers {
            prefixes,
            documents,
        }
    }

    /// For a file (`kk/op/privacy/2.1/index.html`) or a page (`kk/op/privacy/2.1/`).
    pub fn covers(&self, path: &str) -> bool {
        self.prefixes.iter().any(|p| path.starts_with(p.as_str()))
            || self.documents.iter().any(|d| d == path)
    }
}
