//! Diff pages: the redline of each edition against the published edition before it, in
//! every language both are written in.

use std::collections::BTreeMap;

use crate::content::timeline::Entry;
use crate::content::{Operator, Policy};
use crate::diagnostics::Diagnostic;
use crate::diff::{self, Block};
use crate::render::views::DiffPageView;

use super::{urls, Pages, Place};

impl Pages<'_> {
    /// `blocks` holds each edition text cut into blocks, by edition index and language.
    pub(super) fn diff_page(
        &self,
        op: &Operator,
        policy: &Policy,
        entry: &Entry,
        lang: &str,
        blocks: &BTreeMap<(usize, &str), Vec<Block>>,
    ) -> Result<(), Diagnostic> {
        let Some(previous) = policy.timeline.previous(entry.index) else {
            return Ok(());
        };
        let (edition, before) = (
            &policy.editions[entry.index],
            &policy.editions[previous.index],
        );
        let (Some(new_blocks), Some(old_blocks)) = (
            blocks.get(&(entry.index, lang)),
            blocks.get(&(previous.index, lang)),
        ) else {
            return Ok(());
        };
        let l = self.lang(lang);
        let redline = diff::compare(old_blocks, new_blocks);
        let old_page = format!("../../{}/", before.version);
        let links = diff::html::Links {
            old_page: &old_page,
            new_page: "../",
        };
        let html = diff::html::render(&redline, &l.diff_labels(), &links);
        let default_language = &self.site.config.default_language;
        let view = DiffPageView {
            operator: l.operator_view(op, false),
            policy: l.policy_summary(op, policy),
            edition: l.edition_link(op, policy, entry.index),
            status: entry.status.as_str().to_string(),
            status_label: l.status_label(entry.status),
            previous: l.edition_link(op, policy, previous.index),
            summary: edition.summary_in(lang, default_language),
            changes: edition.changes_in(lang, default_language),
            counts: redline.counts,
            identical: redline.counts.is_empty(),
            html,
        };
        let path = urls::diff(
            &self.site.config,
            lang,
            &op.id,
            &policy.id,
            edition.version.as_str(),
        );
        let title = format!(
            "{} — {}",
            l.strings
                .get("diff_heading")
                .replace("{version}", edition.version.as_str()),
            l.policy_title(policy).0
        );
        let place = Place::Diff(op, policy, entry.index);
        self.write("diff.html", place, lang, &path, title, &view)
    }
}
