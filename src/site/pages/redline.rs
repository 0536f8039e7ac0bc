//! Diff pages: the redline of each edition against the published edition before it, in
//! every language both are written in.

use crate::content::timeline::Entry;
use crate::content::{EditionText, Operator, Policy};
use crate::diagnostics::Diagnostic;
use crate::diff;
use crate::render::views::DiffPageView;

use super::super::cache::Redline;
use super::{urls, Blocks, Pages, Place};

impl Pages<'_> {
    /// `blocks` holds each edition text cut into blocks, by edition index and language; a
    /// redline found in the cache needs none of them.
    pub(super) fn diff_page(
        &self,
        op: &Operator,
        policy: &Policy,
        entry: &Entry,
        lang: &str,
        blocks: &Blocks,
    ) -> Result<(), Diagnostic> {
        let Some(previous) = policy.timeline.previous(entry.index) else {
            return Ok(());
        };
        let (edition, before) = (
            &policy.editions[entry.index],
            &policy.editions[previous.index],
        );
        let (Some(new_text), Some(old_text)) = (edition.text(lang), before.text(lang)) else {
            return Ok(());
        };
        let l = self.lang(lang);
        let old_page = format!("../../{}/", before.version);
        let links = diff::html::Links {
            old_page: &old_page,
            new_page: "../",
        };
        let labels = l.diff_labels();
        let redline = self
            .cache
            .redline(old_text, new_text, &key_parts(&labels, &links), || {
                let old_blocks = cut(blocks, previous.index, lang, old_text);
                let new_blocks = cut(blocks, entry.index, lang, new_text);
                let redline = diff::compare(&old_blocks, &new_blocks);
                Redline {
                    counts: redline.counts,
                    html: diff::html::render(&redline, &labels, &links),
                }
            });
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
            html: redline.html,
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

/// The blocks of a text, cut once per build.
fn cut<'b>(
    blocks: &'b Blocks,
    index: usize,
    lang: &'b str,
    text: &EditionText,
) -> std::borrow::Cow<'b, [diff::Block]> {
    match blocks.get(&(index, lang)) {
        Some(cell) => cell.get_or_init(|| diff::blocks::split(&text.body)).into(),
        None => diff::blocks::split(&text.body).into(),
    }
}

/// Everything a redline fragment depends on besides the two texts: its words and links.
fn key_parts<'a>(labels: &'a diff::html::Labels, links: &diff::html::Links<'a>) -> Vec<&'a str> {
    let diff::html::Labels {
        added,
        removed,
        changed,
        punctuation,
        moved_from,
        moved_to,
        moved,
        unchanged,
        renumbered,
    } = labels;
    vec![
        added,
        removed,
        changed,
        punctuation,
        moved_from,
        moved_to,
        moved,
        unchanged,
        renumbered,
        links.old_page,
        links.new_page,
    ]
}
