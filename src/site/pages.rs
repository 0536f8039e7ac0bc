//! Every page of the site, rendered into a [`Sink`]. A [`Place`] names a page independent of
//! language, so the language switcher can find the same page in every other language.

mod redline;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::timeline::Entry;
use crate::content::{Operator, Policy};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, Rendered};
use crate::render::views::{
    ChangelogEntry, Crumb, EditionPageView, LanguageLink, PageView, UntranslatedView,
};
use crate::render::Renderer;

use super::cache::RenderCache;
use super::output::Sink;
use super::present::Lang;
use super::sitemap;
use super::{urls, Site};

/// Edition texts cut into blocks for redlines, by edition index and language; each is cut
/// on first use.
type Blocks<'p> = BTreeMap<(usize, &'p str), std::cell::OnceCell<Vec<crate::diff::Block>>>;

/// A page, whatever its language.
#[derive(Clone, Copy)]
enum Place<'a> {
    Index,
    Operator(&'a Operator),
    Policy(&'a Operator, &'a Policy),
    Edition(&'a Operator, &'a Policy, usize),
    /// The redline of an edition against the one before it.
    Diff(&'a Operator, &'a Policy, usize),
    Changelog(&'a Operator, &'a Policy),
}

/// Renders pages for one build.
pub struct Pages<'a> {
    pub site: &'a Site,
    pub renderer: &'a Renderer,
    pub sink: &'a dyn Sink,
    /// Redlines kept between builds (off outside `build`).
    pub cache: &'a RenderCache,
    /// Every page written, for the sitemap.
    pub sitemap: sitemap::Collector,
}

#[derive(Serialize)]
struct IndexContext {
    operators: Vec<crate::render::views::OperatorView>,
}

#[derive(Serialize)]
struct OperatorContext {
    operator: crate::render::views::OperatorView,
}

#[derive(Serialize)]
struct ChangelogContext {
    operator: crate::render::views::OperatorView,
    policy: crate::render::views::PolicySummary,
    entries: Vec<ChangelogEntry>,
}

#[derive(Serialize)]
struct Empty {}

impl<'a> Pages<'a> {
    /// Renders the whole site; every error is collected.
    pub fn render_all(&self) -> Diagnostics {
        let policies: Vec<(&Operator, &Policy)> = self
            .site
            .portal
            .operators
            .iter()
            .flat_map(|op| op.policies.iter().map(move |p| (op, p)))
            .filter(|(_, p)| !p.timeline.entries.is_empty())
            .collect();
        let mut results: Vec<Result<(), Diagnostic>> = policies
            .par_iter()
            .map(|(op, p)| self.policy_pages(op, p))
            .collect();
        results.par_extend(
            self.site
                .portal
                .operators
                .par_iter()
                .map(|op| self.operator_pages(op)),
        );
        results.push(self.index_pages());
        results.push(self.not_found_page());
        results.into_iter().filter_map(Result::err).collect()
    }

    /// Renders what a change inside `changed` policies' folders can touch: their pages and,
    /// when what they show of their operators changed, those operators' pages and the index
    /// pages (see `partial`).
    pub fn render_policies(
        &self,
        changed: &[(&Operator, &Policy)],
        operators_changed: bool,
    ) -> Diagnostics {
        let mut results: Vec<Result<(), Diagnostic>> = changed
            .par_iter()
            .filter(|(_, p)| !p.timeline.entries.is_empty())
            .map(|(op, p)| self.policy_pages(op, p))
            .collect();
        if operators_changed {
            let mut operators: Vec<&Operator> = changed.iter().map(|(op, _)| *op).collect();
            operators.dedup_by_key(|op| &op.id);
            results.extend(operators.into_iter().map(|op| self.operator_pages(op)));
            results.push(self.index_pages());
        }
        results.into_iter().filter_map(Result::err).collect()
    }

    fn lang<'b>(&'b self, lang: &'b str) -> Lang<'b> {
        Lang {
            site: self.site,
            lang,
            strings: self.renderer.strings(lang),
        }
    }

    /// Path of `place` in `lang`, and whether it had to fall back to the policy page.
    fn path_of(&self, place: Place, lang: &str) -> (String, bool) {
        let config = &self.site.config;
        match place {
            Place::Index => (urls::lang_prefix(config, lang), false),
            Place::Operator(op) => (urls::operator(config, lang, &op.id), false),
            Place::Policy(op, p) => (urls::policy(config, lang, &op.id, &p.id), false),
            Place::Changelog(op, p) => (urls::changelog(config, lang, &op.id, &p.id), false),
            Place::Edition(op, p, i) => {
                let edition = &p.editions[i];
                match edition.text(lang) {
                    Some(_) => (
                        urls::edition(config, lang, &op.id, &p.id, edition.version.as_str()),
                        false,
                    ),
                    None => (urls::policy(config, lang, &op.id, &p.id), true),
                }
            }
            Place::Diff(op, p, i) => match urls::diff_in(config, lang, op, p, i) {
                Some(path) => (path, false),
                None => (urls::policy(config, lang, &op.id, &p.id), true),
            },
        }
    }

    fn page_view(&self, place: Place, lang: &str, path: &str, title: String) -> PageView {
        let config = &self.site.config;
        let root = urls::root_from(path);
        let languages = config
            .languages
            .iter()
            .map(|other| {
                let (target, missing) = self.path_of(place, other);
                LanguageLink {
                    lang: other.clone(),
                    name: self.renderer.strings(other).get("language_name"),
                    url: config.absolute_url(&format!("/{target}")),
                    path: target,
                    active: other == lang,
                    missing,
                }
            })
            .collect();
        PageView {
            lang: lang.to_string(),
            lang_root: format!("{root}{}", urls::lang_prefix(config, lang)),
            root,
            site_title: config.title_in(lang).to_string(),
            site_description: config.description_in(lang).to_string(),
            title,
            canonical: config.absolute_url(&format!("/{path}")),
            languages,
            breadcrumbs: self.breadcrumbs(place, lang),
            feeds: config.feeds,
            search: config.search,
            default_lang: config.default_language.clone(),
        }
    }

    fn breadcrumbs(&self, place: Place, lang: &str) -> Vec<Crumb> {
        let l = self.lang(lang);
        let mut crumbs = vec![Crumb {
            title: l.strings.get("home"),
            path: self.path_of(Place::Index, lang).0,
        }];
        let (op, policy) = match place {
            Place::Index => return crumbs,
            Place::Operator(op) => (op, None),
            Place::Policy(op, p)
            | Place::Edition(op, p, _)
            | Place::Diff(op, p, _)
            | Place::Changelog(op, p) => (op, Some(p)),
        };
        crumbs.push(Crumb {
            title: op
                .info
                .name_in(lang, &self.site.config.default_language)
                .0
                .to_string(),
            path: self.path_of(Place::Operator(op), lang).0,
        });
        if let Some(p) = policy {
            crumbs.push(Crumb {
                title: l.policy_title(p).0,
                path: self.path_of(Place::Policy(op, p), lang).0,
            });
        }
        if let Place::Diff(op, p, i) = place {
            crumbs.push(Crumb {
                title: l
                    .strings
                    .get("version_n")
                    .replace("{version}", p.editions[i].version.as_str()),
                path: self.path_of(Place::Edition(op, p, i), lang).0,
            });
        }
        crumbs
    }

    fn write(
        &self,
        template: &str,
        place: Place,
        lang: &str,
        path: &str,
        title: String,
        view: &impl Serialize,
    ) -> Result<(), Diagnostic> {
        let page = self.page_view(place, lang, path, title);
        let html = self.renderer.render(template, &page, view)?;
        self.sitemap.add(sitemap::Url {
            path: path.to_string(),
            lastmod: self.last_updated(place),
            alternates: page
                .languages
                .iter()
                .filter(|l| !l.missing)
                .map(|l| (l.lang.clone(), l.path.clone()))
                .collect(),
        });
        self.sink.put(&urls::file_of(path), &html)
    }

    /// The day a page last changed: the `published` date of the edition it shows, or the
    /// newest such date among the policies it lists.
    fn last_updated(&self, place: Place) -> Option<time::Date> {
        let policy_date = |p: &Policy| {
            p.timeline
                .entries
                .iter()
                .map(|e| p.editions[e.index].published)
                .max()
        };
        let operator_date = |op: &Operator| op.policies.iter().filter_map(policy_date).max();
        match place {
            Place::Index => self
                .site
                .portal
                .operators
                .iter()
                .filter_map(operator_date)
                .max(),
            Place::Operator(op) => operator_date(op),
            Place::Policy(_, p) => p
                .timeline
                .current()
                .map(|e| p.editions[e.index].published)
                .or_else(|| policy_date(p)),
            Place::Changelog(_, p) => policy_date(p),
            Place::Edition(_, p, i) | Place::Diff(_, p, i) => Some(p.editions[i].published),
        }
    }

    fn index_pages(&self) -> Result<(), Diagnostic> {
        for lang in &self.site.config.languages {
            let l = self.lang(lang);
            let operators = self
                .site
                .portal
                .operators
                .iter()
                .map(|op| l.operator_view(op, true))
                .collect();
            let path = urls::lang_prefix(&self.site.config, lang);
            let title = self.site.config.title_in(lang).to_string();
            self.write(
                "index.html",
                Place::Index,
                lang,
                &path,
                title,
                &IndexContext { operators },
            )?;
        }
        Ok(())
    }

    fn operator_pages(&self, op: &Operator) -> Result<(), Diagnostic> {
        for lang in &self.site.config.languages {
            let operator = self.lang(lang).operator_view(op, true);
            let path = urls::operator(&self.site.config, lang, &op.id);
            let title = operator.name.clone();
            self.write(
                "operator.html",
                Place::Operator(op),
                lang,
                &path,
                title,
                &OperatorContext { operator },
            )?;
        }
        Ok(())
    }

    fn not_found_page(&self) -> Result<(), Diagnostic> {
        let lang = &self.site.config.default_language;
        let mut page = self.page_view(
            Place::Index,
            lang,
            "",
            self.renderer.strings(lang).get("not_found_title"),
        );
        // Served at any depth, so links start from the site's absolute base path.
        page.root = format!("{}/", self.site.config.base_path);
        page.lang_root = page.root.clone();
        for link in &mut page.languages {
            link.path = urls::lang_prefix(&self.site.config, &link.lang);
        }
        page.canonical = self.site.config.absolute_url("/404.html");
        let html = self.renderer.render("404.html", &page, &Empty {})?;
        self.sink.put("404.html", &html)
    }

    /// The policy page, every edition page and the changelog, in every language.
    fn policy_pages(&self, op: &Operator, policy: &Policy) -> Result<(), Diagnostic> {
        let mut rendered: BTreeMap<(usize, &str), Rendered> = BTreeMap::new();
        // Each text is compared twice, with the edition before and the one after it, so it
        // is cut into blocks once, when the first redline that is not cached needs it.
        let mut blocks: Blocks = BTreeMap::new();
        for entry in &policy.timeline.entries {
            for (lang, text) in &policy.editions[entry.index].texts {
                rendered.insert(
                    (entry.index, lang),
                    markdown::render(&text.body, self.site.config.trusted_html),
                );
                blocks.insert((entry.index, lang), std::cell::OnceCell::new());
            }
        }
        for lang in &self.site.config.languages {
            self.policy_page(op, policy, lang, &rendered)?;
            for entry in &policy.timeline.entries {
                if let Some(r) = rendered.get(&(entry.index, lang.as_str())) {
                    let path = urls::edition(
                        &self.site.config,
                        lang,
                        &op.id,
                        &policy.id,
                        policy.editions[entry.index].version.as_str(),
                    );
                    self.edition_page(op, policy, entry, lang, r, &path, false)?;
                    self.diff_page(op, policy, entry, lang, &blocks)?;
                }
            }
            self.changelog_page(op, policy, lang)?;
        }
        Ok(())
    }

    fn policy_page(
        &self,
        op: &Operator,
        policy: &Policy,
        lang: &str,
        rendered: &BTreeMap<(usize, &str), Rendered>,
    ) -> Result<(), Diagnostic> {
        let timeline = &policy.timeline;
        // With nothing in force yet, the permanent address shows the edition to come.
        let Some(entry) = timeline
            .current()
            .or_else(|| timeline.upcoming())
            .or(timeline.entries.last())
        else {
            return Ok(());
        };
        let path = urls::policy(&self.site.config, lang, &op.id, &policy.id);
        match rendered.get(&(entry.index, lang)) {
            Some(r) => self.edition_page(op, policy, entry, lang, r, &path, true),
            None => self.untranslated_page(op, policy, entry, lang, &path),
        }
    }

    #[allow(clippy::too_many_arguments)] // one page, described by its parts; a struct would only rename them
    fn edition_page(
        &self,
        op: &Operator,
        policy: &Policy,
        entry: &Entry,
        lang: &str,
        rendered: &Rendered,
        path: &str,
        is_policy_page: bool,
    ) -> Result<(), Diagnostic> {
        let l = self.lang(lang);
        let edition = l.edition_view(op, policy, entry, rendered);
        let place = if is_policy_page {
            Place::Policy(op, policy)
        } else {
            Place::Edition(op, policy, entry.index)
        };
        let upcoming = match (entry.status, policy.timeline.upcoming()) {
            (crate::content::timeline::Status::Current, Some(next)) => {
                Some(l.edition_link(op, policy, next.index))
            }
            _ => None,
        };
        let translations = self
            .site
            .config
            .languages
            .iter()
            .filter(|other| *other != lang && policy.editions[entry.index].text(other).is_some())
            .map(|other| {
                let target = urls::edition(
                    &self.site.config,
                    other,
                    &op.id,
                    &policy.id,
                    &edition.version,
                );
                LanguageLink {
                    lang: other.clone(),
                    name: self.renderer.strings(other).get("language_name"),
                    url: self.site.config.absolute_url(&format!("/{target}")),
                    path: target,
                    active: false,
                    missing: false,
                }
            })
            .collect();
        let title = format!(
            "{} {} — {}",
            edition.title,
            edition.version,
            op.info.name_in(lang, &self.site.config.default_language).0
        );
        let view = EditionPageView {
            operator: l.operator_view(op, false),
            policy: l.policy_summary(op, policy),
            edition,
            is_policy_page,
            upcoming,
            translations,
        };
        self.write("edition.html", place, lang, path, title, &view)
    }

    fn untranslated_page(
        &self,
        op: &Operator,
        policy: &Policy,
        entry: &Entry,
        lang: &str,
        path: &str,
    ) -> Result<(), Diagnostic> {
        let l = self.lang(lang);
        let translated = policy
            .timeline
            .entries
            .iter()
            .rev()
            .find(|e| e.index < entry.index && policy.editions[e.index].text(lang).is_some())
            .map(|e| l.edition_link(op, policy, e.index));
        let view = UntranslatedView {
            operator: l.operator_view(op, false),
            policy: l.policy_summary(op, policy),
            original: l.edition_link(op, policy, entry.index),
            original_lang: self.site.config.default_language.clone(),
            translated,
        };
        let title = l.policy_title(policy).0;
        self.write(
            "untranslated.html",
            Place::Policy(op, policy),
            lang,
            path,
            title,
            &view,
        )
    }

    fn changelog_page(&self, op: &Operator, policy: &Policy, lang: &str) -> Result<(), Diagnostic> {
        let l = self.lang(lang);
        let entries = policy
            .timeline
            .entries
            .iter()
            .rev()
            .map(|entry| {
                let edition = &policy.editions[entry.index];
                let text = edition.text(lang);
                ChangelogEntry {
                    version: edition.version.to_string(),
                    status: entry.status.as_str().to_string(),
                    status_label: l.status_label(entry.status),
                    published: l.date(edition.published),
                    effective: l.date(edition.effective),
                    in_force: l.period(entry),
                    summary: edition.summary_in(lang, &self.site.config.default_language),
                    changes: edition.changes_in(lang, &self.site.config.default_language),
                    path: l.edition_link(op, policy, entry.index).path,
                    untranslated: text.is_none(),
                    diff_path: l.diff_path(op, policy, entry.index),
                }
            })
            .collect();
        let path = urls::changelog(&self.site.config, lang, &op.id, &policy.id);
        let title = format!(
            "{} — {}",
            l.strings.get("changelog"),
            l.policy_title(policy).0
        );
        let view = ChangelogContext {
            operator: l.operator_view(op, false),
            policy: l.policy_summary(op, policy),
            entries,
        };
        self.write(
            "changelog.html",
            Place::Changelog(op, policy),
            lang,
            &path,
            title,
            &view,
        )
    }
}
