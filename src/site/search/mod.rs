//! Full-text search in the static output: every operator and the current edition of every
//! policy, per language, indexed with [Pagefind](https://pagefind.app) used as a library.
//!
//! Why Pagefind: its index is split into small chunks fetched on demand, so a portal of
//! hundreds of policies costs the reader a few kilobytes per query; it stems Russian and
//! English queries with the Snowball stemmers compiled into its WebAssembly (so
//! «персональных данных» finds «персональные данные»), matches word prefixes for languages it
//! has no stemmer for (Kazakh: `search.js` strips Kazakh suffixes from the query, see there),
//! and its JS API, wasm and index are all written by the library: no network at build time,
//! nothing fetched from other hosts at search time.
//!
//! We do not index the rendered pages but a small document made for search per page: the
//! title, the operator's name and the policy text, with `data-pagefind-title` on every
//! numbered clause so that a match links to `#clause-2.4.1`, not just to the page. Archived
//! editions, changelogs and redlines stay out of the index: a search answers "what does the
//! policy say now".

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::content::{Operator, Policy};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::escape;
use crate::render::Renderer;

use super::output::Sink;
use super::present::Lang;
use super::{urls, Site};

/// Where the index goes, relative to the site root; `search.js` loads it from there.
pub const FOLDER: &str = "pagefind/";

/// One page as the search index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Site path with a leading slash (`/kk/qadam/privacy/`): what a result links to.
    pub url: String,
    /// A minimal HTML document: `<html lang>`, the title, meta fields, the text.
    pub html: String,
}

/// What the index holds, for the build report and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub files: usize,
    pub bytes: usize,
}

/// Builds the search index of `site` and writes it into `sink` under `pagefind/`. The theme
/// is loaded for its UI strings (policy kinds, the clause label); the preview server can
/// call this after any rebuild, since the index depends on the whole site.
pub fn write_index(site: &Site, sink: &dyn Sink) -> Result<Stats, Diagnostics> {
    let renderer = Renderer::new(&site.root, &site.config.theme, &site.config.languages)?;
    Ok(write_with(site, &renderer, sink)?)
}

/// [`write_index`] with the build's own renderer.
pub(super) fn write_with(
    site: &Site,
    renderer: &Renderer,
    sink: &dyn Sink,
) -> Result<Stats, Diagnostic> {
    start(site, renderer).finish(sink)
}

/// An index being built on a thread of its own: Pagefind works through the documents one by
/// one, so the build renders the pages meanwhile and collects the index at the end.
pub(super) struct Indexing {
    documents: usize,
    thread: std::thread::JoinHandle<Result<BTreeMap<String, Vec<u8>>, Diagnostic>>,
}

/// Starts indexing `site`; the documents are made here (fast), the index on the thread.
pub(super) fn start(site: &Site, renderer: &Renderer) -> Indexing {
    let documents = documents(site, renderer);
    Indexing {
        documents: documents.len(),
        thread: std::thread::spawn(move || run_pagefind(&documents).map_err(failed)),
    }
}

impl Indexing {
    /// Waits for the index and writes it into `sink` under `pagefind/`.
    pub(super) fn finish(self, sink: &dyn Sink) -> Result<Stats, Diagnostic> {
        let files = self
            .thread
            .join()
            .map_err(|_| failed("the indexer stopped unexpectedly".into()))??;
        let mut stats = Stats {
            documents: self.documents,
            ..Stats::default()
        };
        for (name, bytes) in files {
            stats.files += 1;
            stats.bytes += bytes.len();
            sink.put(&format!("{FOLDER}{name}"), &bytes)?;
        }
        Ok(stats)
    }
}

/// Every document to index, in a fixed order (the index files are named by content hashes,
/// and the same input must give the same output).
pub fn documents(site: &Site, renderer: &Renderer) -> Vec<Document> {
    let mut documents = Vec::new();
    for lang in &site.config.languages {
        let l = Lang {
            site,
            lang,
            strings: renderer.strings(lang),
        };
        for op in &site.portal.operators {
            documents.push(operator_document(&l, op));
            documents.extend(
                op.policies
                    .iter()
                    .filter_map(|policy| policy_document(&l, op, policy)),
            );
        }
    }
    documents
}

fn operator_document(l: &Lang, op: &Operator) -> Document {
    let view = l.operator_view(op, false);
    let mut body = String::new();
    for detail in [&view.short_name, &view.bin, &view.address, &view.website]
        .into_iter()
        .flatten()
    {
        body.push_str(&format!("<p>{}</p>\n", escape::html(detail)));
    }
    Document {
        url: format!("/{}", view.path),
        html: page(
            l.lang,
            &view.name,
            &[("kind", "operator")],
            &view.name,
            &body,
        ),
    }
}

/// The policy page: the edition it shows (the current one, else the first to come), or only
/// the title where that edition is not translated into this language.
fn policy_document(l: &Lang, op: &Operator, policy: &Policy) -> Option<Document> {
    let timeline = &policy.timeline;
    let entry = timeline
        .current()
        .or_else(|| timeline.upcoming())
        .or(timeline.entries.last())?;
    let edition = &policy.editions[entry.index];
    let operator = op.info.name_in(l.lang, &l.site.config.default_language).0;
    let summary = l.policy_summary(op, policy);
    let version = edition.version.to_string();
    let mut meta = vec![
        ("kind", policy.kind.as_str()),
        ("version", version.as_str()),
    ];
    let updated = summary.last_updated.map(|d| d.text).unwrap_or_default();
    if !updated.is_empty() {
        meta.push(("updated", updated.as_str()));
    }
    let (title, body) = match edition.text(l.lang) {
        Some(text) => {
            let rendered = crate::markdown::render(&text.body, l.site.config.trusted_html);
            let title = text
                .title
                .clone()
                .or(rendered.title)
                .unwrap_or_else(|| summary.title.clone());
            (
                title,
                with_clause_titles(&rendered.html, &l.strings.get("search_clause")),
            )
        }
        None => {
            meta.push(("untranslated", "true"));
            (summary.title.clone(), String::new())
        }
    };
    Some(Document {
        url: format!(
            "/{}",
            urls::policy(&l.site.config, l.lang, &op.id, &policy.id)
        ),
        html: page(l.lang, &title, &meta, operator, &body),
    })
}

/// The document for one page: `meta` becomes Pagefind metadata, `operator` is indexed (a
/// search for the operator's name finds its policies) and kept as metadata to show.
fn page(lang: &str, title: &str, meta: &[(&str, &str)], operator: &str, body: &str) -> String {
    let meta: String = meta
        .iter()
        .map(|(key, value)| {
            format!(
                "<p data-pagefind-ignore data-pagefind-meta=\"{key}:{}\"></p>\n",
                escape::html(value)
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><title>{title}</title></head><body>\n\
         <h1 data-pagefind-meta=\"title\">{title}</h1>\n\
         <p data-pagefind-meta=\"operator\">{operator}</p>\n{meta}{body}</body></html>",
        title = escape::html(title),
        operator = escape::html(operator),
    )
}

/// Gives every clause element (`id="clause-2.4.1"`) a `data-pagefind-title` («п. 2.4.1»), so
/// a match inside it becomes a sub-result linking to the clause.
fn with_clause_titles(html: &str, label: &str) -> String {
    const MARK: &str = " id=\"clause-";
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(at) = rest.find(MARK) {
        let after = at + MARK.len();
        let Some(end) = rest[after..].find('"') else {
            break;
        };
        let number = &rest[after..after + end];
        out.push_str(&rest[..after + end + 1]);
        out.push_str(" data-pagefind-title=\"");
        escape::push_html(&mut out, &label.replace("{n}", number));
        out.push('"');
        rest = &rest[after + end + 1..];
    }
    out.push_str(rest);
    out
}

/// Runs Pagefind over `documents` and returns the files of the index, by name inside
/// `pagefind/`. Pagefind's API is async: it runs on a runtime of its own, on a thread of its
/// own, so this works whether or not the caller is inside an async runtime (the preview
/// server is).
pub fn index(documents: &[Document]) -> Result<BTreeMap<String, Vec<u8>>, Diagnostic> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| run_pagefind(documents))
            .join()
            .unwrap_or_else(|_| Err("the indexer stopped unexpectedly".into()))
    })
    .map_err(failed)
}

fn failed(why: String) -> Diagnostic {
    Diagnostic::error(
        FOLDER.trim_end_matches('/'),
        format!("cannot build the search index: {why}"),
    )
    .with_hint("set `[search] enabled = false` in site.toml to build without search, and report the problem")
}

fn run_pagefind(documents: &[Document]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for doc in documents {
            index
                .add_html_file(None, Some(doc.url.clone()), doc.html.clone())
                .await
                .map_err(|e| format!("{}: {e}", doc.url))?;
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .filter_map(|file| {
                let name = file.filename.to_string_lossy().replace('\\', "/");
                needed(&name).then_some((name, file.contents))
            })
            .collect())
    })
}

/// The files the search page uses: Pagefind's JS API, its wasm, its entry and the index.
/// Pagefind's own UI bundles are left out: the theme has its own small UI (`search.js`).
fn needed(name: &str) -> bool {
    !(name.starts_with("pagefind-ui")
        || name.starts_with("pagefind-modular-ui")
        || name.starts_with("pagefind-component-ui")
        || name.starts_with("pagefind-highlight")
        || name.starts_with("playground/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_get_titles() {
        let html = "<p id=\"clause-2.4.1\" class=\"clause\"><a href=\"#clause-2.4.1\">2.4.1.</a> Текст</p>";
        assert_eq!(
            with_clause_titles(html, "п. {n}"),
            "<p id=\"clause-2.4.1\" data-pagefind-title=\"п. 2.4.1\" class=\"clause\"><a href=\"#clause-2.4.1\">2.4.1.</a> Текст</p>"
        );
    }

    #[test]
    fn only_the_api_and_the_index_are_kept() {
        assert!(needed("pagefind.js"));
        assert!(needed("pagefind-worker.js"));
        assert!(needed("wasm.ru.pagefind"));
        assert!(needed("index/ru_1a2b3c.pf_index"));
        assert!(!needed("pagefind-ui.js"));
        assert!(!needed("pagefind-component-ui.css"));
    }
}
