//! Rendering with Tera: the theme's templates are compiled once per build, each page gets a
//! typed view ([`views`]), and template errors become diagnostics that name the template
//! file (the site's own override when it is one) and the line.

mod dated;
pub mod i18n;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use theme::ThemeFile;

pub use i18n::Strings;

/// Compiled templates, static theme files and UI strings, shared by every page of a build.
pub struct Renderer {
    tera: Tera,
    /// `static/…` files of the theme, by output path.
    pub static_files: Vec<(String, String)>,
    pub strings: BTreeMap<String, Strings>,
    /// `page.t` of each language, ready to graft into a page's context: every page of a
    /// language shares it, and cloning a built value is several times cheaper than
    /// serialising the hundred strings again.
    labels: BTreeMap<String, serde_json::Value>,
    sources: BTreeMap<String, Source>,
}

/// A template's text and the name its file goes by in messages.
struct Source {
    shown: String,
    text: String,
}

impl Renderer {
    /// Loads the theme of the site at `root` for `languages`.
    pub fn new(root: &Path, theme: &str, languages: &[String]) -> Result<Renderer, Diagnostic> {
        let files = theme::collect(root, theme)?;
        let strings = i18n::load(&files, languages)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::escape::html);
        tera.register_filter("dated", dated::Dated);
        let mut sources = BTreeMap::new();
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        for file in files {
            if let Some(name) = file.name.strip_prefix("templates/") {
                sources.insert(
                    name.to_string(),
                    Source {
                        shown: shown_source(&file),
                        text: file.text.clone(),
                    },
                );
                templates.push((name.to_string(), file.text));
            } else if let Some(name) = file.name.strip_prefix("static/") {
                static_files.push((name.to_string(), file.text));
            }
        }
        tera.add_raw_templates(templates)
            .map_err(|e| template_error(&e, &sources))?;
        let labels = strings
            .iter()
            .map(|(lang, s)| (lang.clone(), serde_json::json!(s.labels)))
            .collect();
        Ok(Renderer {
            tera,
            static_files,
            strings,
            labels,
            sources,
        })
    }

    /// Renders `template` with `page` (plus the UI strings of its language as `page.t`) and
    /// the page-specific `view` flattened into the context.
    pub fn render<V: Serialize>(
        &self,
        template: &str,
        page: &views::PageView,
        view: &V,
    ) -> Result<Vec<u8>, Diagnostic> {
        let fail = |e: serde_json::Error| template_error(&tera::Error::json(e), &self.sources);
        let mut page_value = serde_json::to_value(page).map_err(fail)?;
        if let Some(fields) = page_value.as_object_mut() {
            let labels = self.labels.get(&page.lang).cloned();
            fields.insert(
                "t".to_string(),
                labels.unwrap_or_else(|| serde_json::json!({})),
            );
        }
        // Built as one value and handed over whole: `Context::insert` would serialise the
        // page a second time.
        let mut root = serde_json::to_value(view).map_err(fail)?;
        let Some(fields) = root.as_object_mut() else {
            return Err(template_error(
                &tera::Error::msg("a page view must be a struct"),
                &self.sources,
            ));
        };
        fields.insert("page".to_string(), page_value);
        let context = Context::from_value(root).map_err(|e| template_error(&e, &self.sources))?;
        // Rendering into bytes skips re-validating every page as UTF-8.
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| template_error(&e, &self.sources))?;
        Ok(html)
    }

    /// UI strings of `lang` (every configured language has them).
    pub fn strings(&self, lang: &str) -> &Strings {
        static EMPTY: std::sync::LazyLock<Strings> = std::sync::LazyLock::new(Strings::default);
        self.strings.get(lang).unwrap_or(&EMPTY)
    }
}

fn shown_source(file: &ThemeFile) -> String {
    match &file.source {
        Some(path) => path.display().to_string(),
        None => format!("(built-in theme) {}", file.name),
    }
}

/// Turns a Tera error chain into one diagnostic naming the template where it happened (the
/// innermost one: a broken partial is blamed, not every page that includes it) and, for
/// syntax errors, the line and column with the offending source line.
fn template_error(error: &tera::Error, sources: &BTreeMap<String, Source>) -> Diagnostic {
    let mut messages = vec![error.to_string()];
    let mut cause = std::error::Error::source(error);
    while let Some(e) = cause {
        messages.push(e.to_string());
        cause = e.source();
    }
    let innermost = messages.last().cloned().unwrap_or_default();
    let template = messages
        .iter()
        .rev()
        .find_map(|m| named_template(m, sources))
        .unwrap_or_default();
    let source = sources.get(&template);
    let file = source.map_or_else(|| "templates".to_string(), |s| s.shown.clone());
    let hint = "fix the template (Tera syntax: {{ variable }}, {% if … %}…{% endif %}); README («Theming») lists the variables each template receives";
    match parse_position(&innermost) {
        Some((line, column)) => {
            let what = innermost.rsplit("= ").next().unwrap_or(&innermost).trim();
            let mut d =
                Diagnostic::error(file, format!("template syntax error: {what}")).with_hint(hint);
            let text = source.map_or("", |s| s.text.as_str());
            d.source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_string);
            d.position = Some(crate::diagnostics::Position { line, column });
            d
        }
        None => {
            Diagnostic::error(file, format!("template error: {}", innermost.trim())).with_hint(hint)
        }
    }
}

/// The template a Tera message is about: `while rendering 'x'`, else `'x'` anywhere.
fn named_template(message: &str, sources: &BTreeMap<String, Source>) -> Option<String> {
    let quoted = |m: &str| {
        m.split('\'')
            .skip(1)
            .step_by(2)
            .find(|name| sources.contains_key(*name))
            .map(str::to_string)
    };
    match message.rfind("while rendering ") {
        Some(at) => quoted(&message[at..]),
        None => quoted(message),
    }
}

/// Tera's parser reports positions as ` --> 3:7`.
fn parse_position(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")?;
    let rest = &message[at + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}
