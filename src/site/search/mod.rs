//! Full-text search in the static output: every operator and the current edition of every
//! policy, per language, in an index Redakt writes itself and `search.js` reads.
//!
//! Why our own index: a portal's search needs little (word forms of three languages, a link
//! to the clause, a few kilobytes per query) and the general engine we used before
//! (Pagefind) cost more than the rest of the build together: at 15,000 editions it tripled
//! the build time and quintupled its memory. This one is built in one pass over the text,
//! while the pages render, from the same Markdown events the pages are rendered from.
//!
//! How it works: [`words`] cuts text into words and stems them (Snowball for Russian and
//! English, a suffix stripper for Kazakh); [`index`] maps every word form to its stem and
//! every stem to the documents holding it, and splits both into small files; [`documents`]
//! makes the documents, each cut into units a result can link to (`#clause-2.4.1`, a
//! heading). The browser looks a query's words up in the vocabulary (as written, else by
//! prefix: it has no stemmer), fetches the postings of the stems found, keeps the documents
//! holding every word, and fetches the few documents it shows to quote the clauses where the
//! words are. Archived editions, changelogs and redlines stay out: a search answers "what
//! does the policy say now".

mod documents;
mod index;
mod json;
mod words;

use std::hash::Hasher;
use std::sync::Arc;
use std::thread::{Scope, ScopedJoinHandle};

pub use documents::Document;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::Anchor;
use crate::render::Renderer;

use super::output::Sink;
use super::present::Lang;
use super::Site;
use index::{Builder, Fx, Weight};

/// Where the index goes, relative to the site root; `search.js` loads it from there. The
/// underscore keeps it apart from operator ids, which cannot hold one.
pub const FOLDER: &str = "search_index/";

/// What the index holds, for the build report and tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub documents: usize,
    pub files: usize,
    pub bytes: usize,
}

/// Builds the search index of `site` and writes it into `sink` under [`FOLDER`]. The theme
/// is loaded for its UI strings (policy kinds, the clause label); the preview server can
/// call this after any rebuild, since the index depends on the whole site.
pub fn write_index(site: &Site, sink: &dyn Sink) -> Result<Stats, Diagnostics> {
    let renderer = Renderer::new(&site.root, &site.config.theme, &site.config.languages)?;
    Ok(write_with(site, &renderer, sink)?)
}

/// [`write_index`] with the build's own renderer: every language in turn.
pub(super) fn write_with(
    site: &Site,
    renderer: &Renderer,
    sink: &dyn Sink,
) -> Result<Stats, Diagnostic> {
    let mut stats = Stats::default();
    for lang in &site.config.languages {
        let l = Lang {
            site,
            lang,
            strings: renderer.strings(lang),
        };
        let written = write_language(&l, sink)?;
        stats.documents += written.documents;
        stats.files += written.files;
        stats.bytes += written.bytes;
    }
    Ok(stats)
}

/// An index being built on a thread of its own while the build renders the pages. It
/// writes into the build's sink as it goes, so no document is held longer than it is read.
pub(super) struct Indexing<'scope> {
    thread: ScopedJoinHandle<'scope, Result<Stats, Diagnostic>>,
}

/// Starts indexing `site` on a thread of `scope`.
pub(super) fn start<'scope>(
    scope: &'scope Scope<'scope, '_>,
    site: &'scope Site,
    renderer: Arc<Renderer>,
    sink: &'scope dyn Sink,
) -> Indexing<'scope> {
    Indexing {
        thread: scope.spawn(move || write_with(site, &renderer, sink)),
    }
}

impl Indexing<'_> {
    /// Waits for the index to be written.
    pub(super) fn finish(self) -> Result<Stats, Diagnostic> {
        self.thread
            .join()
            .map_err(|_| failed("the indexer stopped unexpectedly"))?
    }
}

fn failed(why: &str) -> Diagnostic {
    Diagnostic::error(
        FOLDER.trim_end_matches('/'),
        format!("cannot build the search index: {why}"),
    )
    .with_hint("set `[search] enabled = false` in site.toml to build without search, and report the problem")
}

/// Indexes the documents of one language and writes `<lang>/…` (see [`index`]): each
/// document file as soon as its words are counted, the vocabulary, postings and manifest
/// at the end.
fn write_language(l: &Lang, sink: &dyn Sink) -> Result<Stats, Diagnostic> {
    let mut out = Writer {
        folder: format!("{FOLDER}{}/", l.lang),
        sink,
        version: Fx::default(),
        stats: Stats::default(),
    };
    let mut builder = Builder::new(l.lang);
    let mut result = Ok(());
    documents::each(l, |document| {
        if result.is_ok() {
            add(&mut builder, &document);
            result = out.document(&document);
        }
    });
    result?;
    let index = builder.finish();
    for (name, bytes) in &index.files {
        out.put(name, bytes)?;
    }
    let manifest = index.manifest(out.version.finish());
    out.put("meta.json", &manifest)?;
    Ok(out.stats)
}

/// Writes the files of one language's index, keeping count and the version stamp.
struct Writer<'a> {
    folder: String,
    sink: &'a dyn Sink,
    version: Fx,
    stats: Stats,
}

impl Writer<'_> {
    /// Writes the next document as `d/<n>.json`.
    fn document(&mut self, document: &Document) -> Result<(), Diagnostic> {
        let name = format!("d/{}.json", self.stats.documents);
        self.stats.documents += 1;
        self.put(&name, document.to_json().as_bytes())
    }

    fn put(&mut self, name: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.version.write(name.as_bytes());
        self.version.write(bytes);
        self.stats.files += 1;
        self.stats.bytes += bytes.len();
        self.sink.put(&format!("{}{name}", self.folder), bytes)
    }
}

/// Counts the words of `document` into the index, titles weighing more than the text.
fn add(builder: &mut Builder, document: &Document) {
    builder.add(&document.title, Weight::Title);
    builder.add(&document.operator, Weight::Title);
    for passage in &document.body.passages {
        if let Anchor::Heading { text, .. } = &passage.anchor {
            builder.add(text, Weight::Heading);
        }
    }
    builder.add(&document.body.text, Weight::Text);
    builder.end_document();
}
