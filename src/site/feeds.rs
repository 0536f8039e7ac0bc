//! Atom feeds of new editions, per language: the whole portal (`/feed.xml`), one operator
//! (`/<op>/feed.xml`) and one policy (`/<op>/<policy>/feed.xml`). Entries are published
//! editions, newest first; ids are the editions' permanent URLs, so a reader never sees an
//! entry twice, and every date comes from the content, so the same input gives the same feed.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::content::{Operator, Policy};
use crate::diagnostics::Diagnostic;
use crate::escape::html as escape;
use crate::render::Renderer;

use super::output::Sink;
use super::present::Lang;
use super::{urls, Site};

/// One feed entry, before it is written out.
struct Entry {
    published: time::Date,
    version: String,
    title: String,
    url: String,
    summary: Option<String>,
    changes: Vec<String>,
    /// The redline against the previous edition, with its link text.
    diff: Option<(String, String)>,
}

/// Every policy's entries in every language, each written out once: the operator's and the
/// site's feeds are made of the same entries, and a partial render of the preview server
/// writes only the changed policies' entries again (see `partial`).
#[derive(Debug, Default)]
pub struct Written {
    /// `(lang, operator, policy)` → entries, newest first.
    entries: HashMap<(String, String, String), Vec<WrittenEntry>>,
}

#[derive(Debug, PartialEq, Eq)]
struct WrittenEntry {
    published: time::Date,
    url: String,
    xml: String,
}

/// Writes the feeds of the site in every language. With `changed`, only those policies'
/// feeds are written, and their operators' and the site's only if their entries changed
/// (an edit of an edition's text leaves them as they were); the other policies' entries
/// come from `written`, which the call brings up to date.
pub fn write_all(
    site: &Site,
    renderer: &Renderer,
    sink: &dyn Sink,
    changed: Option<&BTreeSet<(String, String)>>,
    written: &mut Written,
) -> Result<(), Diagnostic> {
    if changed.is_none() {
        written.entries.clear();
    }
    let touched = |op: &Operator, policy: &Policy| {
        changed.is_none_or(|c| c.contains(&(op.id.clone(), policy.id.clone())))
    };
    for lang in &site.config.languages {
        let l = Lang {
            site,
            lang,
            strings: renderer.strings(lang),
        };
        // Operators whose entries changed: only their feeds and the site's need writing again.
        let mut renewed = BTreeSet::new();
        for op in &site.portal.operators {
            for policy in op.policies.iter().filter(|p| touched(op, p)) {
                let entries = write_policy_feed(&l, op, policy, sink)?;
                let key = (lang.clone(), op.id.clone(), policy.id.clone());
                if written.entries.get(&key) != Some(&entries) {
                    renewed.insert(op.id.as_str());
                }
                written.entries.insert(key, entries);
            }
        }
        if changed.is_some() && renewed.is_empty() {
            continue;
        }
        let mut everything = Vec::new();
        for op in &site.portal.operators {
            let mut operator_entries: Vec<&WrittenEntry> = op
                .policies
                .iter()
                .filter_map(|p| {
                    written
                        .entries
                        .get(&(lang.clone(), op.id.clone(), p.id.clone()))
                })
                .flatten()
                .collect();
            sort_written(&mut operator_entries);
            if changed.is_none() || renewed.contains(op.id.as_str()) {
                let path = format!("{}feed.xml", urls::operator(&site.config, lang, &op.id));
                let title = op.info.name_in(lang, &site.config.default_language).0;
                sink.put(&path, feed(&l, &path, title, &operator_entries).as_bytes())?;
            }
            everything.extend(operator_entries);
        }
        sort_written(&mut everything);
        let path = format!("{}feed.xml", urls::lang_prefix(&site.config, lang));
        sink.put(
            &path,
            feed(&l, &path, site.config.title_in(lang), &everything).as_bytes(),
        )?;
    }
    Ok(())
}

/// Writes one policy's feed, if it has entries, and returns them written out.
fn write_policy_feed(
    l: &Lang,
    op: &Operator,
    policy: &Policy,
    sink: &dyn Sink,
) -> Result<Vec<WrittenEntry>, Diagnostic> {
    let entries: Vec<WrittenEntry> = policy_entries(l, op, policy)
        .iter()
        .map(|entry| {
            let mut xml = String::with_capacity(768);
            write_entry(&mut xml, l, entry);
            WrittenEntry {
                published: entry.published,
                url: entry.url.clone(),
                xml,
            }
        })
        .collect();
    if !entries.is_empty() {
        let config = &l.site.config;
        let path = format!(
            "{}feed.xml",
            urls::policy(config, l.lang, &op.id, &policy.id)
        );
        let title = format!(
            "{} — {}",
            l.policy_title(policy).0,
            op.info.name_in(l.lang, &config.default_language).0
        );
        let refs: Vec<&WrittenEntry> = entries.iter().collect();
        sink.put(&path, feed(l, &path, &title, &refs).as_bytes())?;
    }
    Ok(entries)
}

/// Newest first; the URL breaks ties so the order never depends on thread timing.
fn sort(entries: &mut [Entry]) {
    entries.sort_by(|a, b| (b.published, &b.url).cmp(&(a.published, &a.url)));
}

fn sort_written(entries: &mut [&WrittenEntry]) {
    entries.sort_by(|a, b| (b.published, &b.url).cmp(&(a.published, &a.url)));
}

fn policy_entries(l: &Lang, op: &Operator, policy: &Policy) -> Vec<Entry> {
    let original = &l.site.config.default_language;
    let mut entries: Vec<Entry> = policy
        .timeline
        .entries
        .iter()
        .map(|entry| {
            let edition = &policy.editions[entry.index];
            let link = l.edition_link(op, policy, entry.index);
            Entry {
                published: edition.published,
                version: edition.version.to_string(),
                title: format!(
                    "{} — {}",
                    l.policy_title(policy).0,
                    l.strings
                        .get("version_n")
                        .replace("{version}", edition.version.as_str())
                ),
                url: l.site.config.absolute_url(&format!("/{}", link.path)),
                summary: edition.summary_in(l.lang, original),
                changes: edition.changes_in(l.lang, original),
                diff: link.diff_path.map(|path| {
                    (
                        l.site.config.absolute_url(&format!("/{path}")),
                        l.strings.get("compare_previous"),
                    )
                }),
            }
        })
        .collect();
    sort(&mut entries);
    entries
}

fn feed(l: &Lang, path: &str, title: &str, entries: &[&WrittenEntry]) -> String {
    let config = &l.site.config;
    let self_url = config.absolute_url(&format!("/{path}"));
    let updated = entries.first().map_or(l.site.today, |e| e.published);
    let mut xml = String::with_capacity(1024 + entries.iter().map(|e| e.xml.len()).sum::<usize>());
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        l.lang
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape(&self_url));
    let _ = writeln!(xml, "  <title>{}</title>", escape(title));
    let _ = writeln!(xml, "  <updated>{}</updated>", timestamp(l, updated));
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&config.absolute_url(&format!("/{}", path.trim_end_matches("feed.xml"))))
    );
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        escape(config.title_in(l.lang))
    );
    for entry in entries {
        xml.push_str(&entry.xml);
    }
    xml.push_str("</feed>\n");
    xml
}

fn write_entry(xml: &mut String, l: &Lang, entry: &Entry) {
    let date = timestamp(l, entry.published);
    let mut html = String::new();
    if let Some(summary) = &entry.summary {
        let _ = write!(html, "<p>{}</p>", escape(summary));
    }
    if !entry.changes.is_empty() {
        html.push_str("<ul>");
        for change in &entry.changes {
            let _ = write!(html, "<li>{}</li>", escape(change));
        }
        html.push_str("</ul>");
    }
    if let Some((url, text)) = &entry.diff {
        let _ = write!(
            html,
            "<p><a href=\"{}\">{}</a></p>",
            escape(url),
            escape(text)
        );
    }
    let _ = writeln!(xml, "  <entry>");
    let _ = writeln!(xml, "    <id>{}</id>", escape(&entry.url));
    let _ = writeln!(xml, "    <title>{}</title>", escape(&entry.title));
    let _ = writeln!(xml, "    <published>{date}</published>");
    let _ = writeln!(xml, "    <updated>{date}</updated>");
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&entry.url)
    );
    if let Some((url, text)) = &entry.diff {
        let _ = writeln!(
            xml,
            "    <link rel=\"related\" type=\"text/html\" title=\"{}\" href=\"{}\"/>",
            escape(text),
            escape(url)
        );
    }
    let _ = writeln!(xml, "    <category term=\"{}\"/>", escape(&entry.version));
    if !html.is_empty() {
        let _ = writeln!(
            xml,
            "    <summary type=\"html\">{}</summary>",
            escape(&html)
        );
    }
    let _ = writeln!(xml, "  </entry>");
}

/// Midnight of `date` in the site's offset, as RFC 3339.
fn timestamp(l: &Lang, date: time::Date) -> String {
    let offset = l.site.config.utc_offset;
    let (hours, minutes, _) = offset.as_hms();
    let sign = if hours < 0 || minutes < 0 { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02}T00:00:00{sign}{:02}:{:02}",
        date.year(),
        u8::from(date.month()),
        date.day(),
        hours.unsigned_abs(),
        minutes.unsigned_abs()
    )
}
