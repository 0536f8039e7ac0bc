//! `sitemap.xml` with every page, its last-updated date and its translations (hreflang
//! alternates), and `robots.txt` pointing at it. Pages report themselves as they are
//! written, so the sitemap lists exactly what the build wrote.

use std::fmt::Write as _;
use std::sync::Mutex;

use crate::diagnostics::Diagnostic;

use super::output::Sink;
use super::Site;
use crate::escape::html as escape;

/// One page of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Url {
    /// Path relative to the site root: `qadam/privacy/`.
    pub path: String,
    pub lastmod: Option<time::Date>,
    /// `(lang, path)` of the same page in every language it exists in, itself included.
    pub alternates: Vec<(String, String)>,
}

/// Collects pages from the threads that render them.
#[derive(Debug, Default)]
pub struct Collector {
    urls: Mutex<Vec<Url>>,
    /// Pages of an earlier build this one left alone, and the entries the pages rendered
    /// again had then: when those come back the same, the sitemap need not be written.
    seeded: usize,
    replaced: Vec<Url>,
}

impl Collector {
    pub fn add(&self, url: Url) {
        self.urls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(url);
    }

    /// A collector that already holds the pages of an earlier build which a partial render
    /// leaves as they were (see `site::partial`).
    /// `replaced` are the earlier entries of the pages the render writes again.
    pub fn seeded(urls: Vec<Url>, mut replaced: Vec<Url>) -> Collector {
        replaced.sort();
        Collector {
            seeded: urls.len(),
            urls: Mutex::new(urls),
            replaced,
        }
    }

    /// Writes `sitemap.xml` and `robots.txt`, pages sorted by path; returns the pages, so a
    /// later partial render can start from them. A partial render whose pages kept their
    /// entries writes nothing: the earlier files are still right.
    pub fn write(self, site: &Site, sink: &dyn Sink) -> Result<Vec<Url>, Diagnostic> {
        let mut urls = self.urls.into_inner().unwrap_or_else(|e| e.into_inner());
        let unchanged = self.seeded > 0 && {
            let mut added = urls[self.seeded.min(urls.len())..].to_vec();
            added.sort();
            added == self.replaced
        };
        urls.sort();
        if unchanged {
            return Ok(urls);
        }
        // Escaping works character by character, so the base can be escaped once.
        let base = escape(&site.config.absolute_url("/"));
        let absolute = |path: &str| format!("{base}{}", escape(path));
        let mut xml = String::with_capacity(256 + urls.len() * 256);
        xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
        for url in &urls {
            let _ = writeln!(xml, "  <url>\n    <loc>{}</loc>", absolute(&url.path));
            if let Some(date) = url.lastmod {
                let _ = writeln!(
                    xml,
                    "    <lastmod>{}</lastmod>",
                    crate::content::iso_date(date)
                );
            }
            if url.alternates.len() > 1 {
                for (lang, path) in &url.alternates {
                    let _ = writeln!(
                        xml,
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                        absolute(path)
                    );
                }
            }
            xml.push_str("  </url>\n");
        }
        xml.push_str("</urlset>\n");
        sink.put("sitemap.xml", xml.as_bytes())?;
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.config.absolute_url("/sitemap.xml")
        );
        sink.put("robots.txt", robots.as_bytes())?;
        Ok(urls)
    }
}
