//! Builds the typed template views from the resolved portal: names and titles in the page's
//! language with fallbacks, dates written for that language, links between editions.

use crate::content::timeline::{Entry, Status};
use crate::content::{Operator, Policy};
use crate::markdown::Rendered;
use crate::render::views::{
    CorrectionView, DateView, EditionLink, EditionView, OperatorView, PeriodView, PolicySummary,
    TocEntry,
};
use crate::render::Strings;

use super::urls;
use super::Site;

/// What every view builder needs: the site, the page's language and its strings.
pub struct Lang<'a> {
    pub site: &'a Site,
    pub lang: &'a str,
    pub strings: &'a Strings,
}

impl Lang<'_> {
    pub fn date(&self, date: time::Date) -> DateView {
        self.strings.date(date, self.site.config.date_format)
    }

    fn default_language(&self) -> &str {
        &self.site.config.default_language
    }

    /// The policy's title in this language: `_policy.toml`, else the kind's name.
    pub fn policy_title(&self, policy: &Policy) -> (String, bool) {
        match policy.title_in(self.lang, self.default_language()) {
            Some((title, fallback)) => (title.to_string(), fallback),
            None => (
                self.strings.get(&format!("kind_{}", policy.kind.as_str())),
                false,
            ),
        }
    }

    pub fn status_label(&self, status: Status) -> String {
        self.strings.get(&format!("status_{}", status.as_str()))
    }

    /// The edition page in this language, or in the default language when untranslated.
    pub fn edition_link(&self, op: &Operator, policy: &Policy, index: usize) -> EditionLink {
        let edition = &policy.editions[index];
        let lang = if edition.text(self.lang).is_some() {
            self.lang
        } else {
            self.default_language()
        };
        EditionLink {
            version: edition.version.to_string(),
            path: urls::edition(
                &self.site.config,
                lang,
                &op.id,
                &policy.id,
                edition.version.as_str(),
            ),
            published: self.date(edition.published),
            effective: self.date(edition.effective),
            diff_path: self.diff_path(op, policy, index),
        }
    }

    /// The redline of edition `index` against the one before it, if there is one.
    pub fn diff_path(&self, op: &Operator, policy: &Policy, index: usize) -> Option<String> {
        urls::diff_of(&self.site.config, self.lang, op, policy, index)
    }

    /// Words for the redline fragment, in this language.
    pub fn diff_labels(&self) -> crate::diff::html::Labels {
        let get = |key: &str| self.strings.get(key);
        crate::diff::html::Labels {
            added: get("diff_added"),
            removed: get("diff_removed"),
            changed: get("diff_changed"),
            punctuation: get("diff_punctuation"),
            moved_from: get("diff_moved_from"),
            moved_to: get("diff_moved_to"),
            moved: get("diff_moved"),
            unchanged: get("diff_unchanged"),
            renumbered: get("diff_renumbered"),
        }
    }

    pub fn period(&self, entry: &Entry) -> Option<PeriodView> {
        entry.in_force.map(|(from, until)| PeriodView {
            from: self.date(from),
            until: until.map(|d| self.date(d)),
        })
    }

    pub fn policy_summary(&self, op: &Operator, policy: &Policy) -> PolicySummary {
        let config = &self.site.config;
        let (title, title_is_fallback) = self.policy_title(policy);
        let current = policy.timeline.current();
        PolicySummary {
            id: policy.id.clone(),
            kind: policy.kind.as_str().to_string(),
            title,
            title_is_fallback,
            path: urls::policy(config, self.lang, &op.id, &policy.id),
            changelog_path: urls::changelog(config, self.lang, &op.id, &policy.id),
            current: current.map(|e| self.edition_link(op, policy, e.index)),
            upcoming: policy
                .timeline
                .upcoming()
                .map(|e| self.edition_link(op, policy, e.index)),
            last_updated: current.map(|e| self.date(policy.editions[e.index].published)),
        }
    }

    pub fn operator_view(&self, op: &Operator, with_policies: bool) -> OperatorView {
        let (name, name_is_fallback) = op.info.name_in(self.lang, self.default_language());
        let policies = if with_policies {
            op.policies
                .iter()
                .filter(|p| !p.timeline.entries.is_empty())
                .map(|p| self.policy_summary(op, p))
                .collect()
        } else {
            Vec::new()
        };
        OperatorView {
            id: op.id.clone(),
            name: name.to_string(),
            name_is_fallback,
            short_name: op.info.short_name_in(self.lang).map(str::to_string),
            bin: op.info.bin.clone(),
            website: op.info.website.clone(),
            email: op.info.email.clone(),
            address: op.info.address_in(self.lang).map(str::to_string),
            path: urls::operator(&self.site.config, self.lang, &op.id),
            policies,
            logo: super::branding::logo_path(op),
            accent: super::branding::accent(op),
        }
    }

    /// The view of one edition in this language; the text must exist in it.
    pub fn edition_view(
        &self,
        op: &Operator,
        policy: &Policy,
        entry: &Entry,
        rendered: &Rendered,
    ) -> EditionView {
        let edition = &policy.editions[entry.index];
        let text = edition
            .text(self.lang)
            .expect("edition pages are made only for languages the edition has");
        let path = urls::edition(
            &self.site.config,
            self.lang,
            &op.id,
            &policy.id,
            edition.version.as_str(),
        );
        let timeline = &policy.timeline;
        EditionView {
            version: edition.version.to_string(),
            title: text
                .title
                .clone()
                .or_else(|| rendered.title.clone())
                .unwrap_or_else(|| self.policy_title(policy).0),
            status: entry.status.as_str().to_string(),
            status_label: self.status_label(entry.status),
            published: self.date(edition.published),
            effective: self.date(edition.effective),
            in_force: self.period(entry),
            never_in_force: entry.status == Status::Archived && entry.in_force.is_none(),
            summary: edition.summary_in(self.lang, self.default_language()),
            changes: edition.changes_in(self.lang, self.default_language()),
            html: rendered.html.clone(),
            toc: rendered
                .toc
                .iter()
                .map(|h| TocEntry {
                    level: h.level,
                    id: h.id.clone(),
                    text: h.text.clone(),
                })
                .collect(),
            sha256: text.sha256.clone(),
            corrections: self
                .site
                .lock
                .corrections(&op.id, &policy.id, &edition.version, self.lang)
                .iter()
                .map(|c| CorrectionView {
                    date: self.date(c.date),
                    previous_sha256: c.previous_sha256.clone(),
                })
                .collect(),
            url: self.site.config.absolute_url(&format!("/{path}")),
            path,
            previous: timeline
                .previous(entry.index)
                .map(|e| self.edition_link(op, policy, e.index)),
            next: timeline
                .next(entry.index)
                .map(|e| self.edition_link(op, policy, e.index)),
            diff_path: self.diff_path(op, policy, entry.index),
            draft: edition.draft,
        }
    }
}
