//! Rendering with Tera: the theme's templates are compiled once per build, each page gets a
//! typed view ([`views`]), and template errors become diagnostics that name the template
//! file (the site's own override when it is one) and the line.

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
    sources: BTreeMap<String, String>,
}

impl Renderer {
    /// Loads the theme of the site at `root` for `languages`.
    pub fn new(root: &Path, theme: &str, languages: &[String]) -> Result<Renderer, Diagnostic> {
        let files = theme::collect(root, theme)?;
        let strings = i18n::load(&files, languages)?;
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let mut sources = BTreeMap::new();
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        for file in files {
            if let Some(name) = file.name.strip_prefix("templates/") {
                sources.insert(name.to_string(), shown_source(&file));
                templates.push((name.to_string(), file.text));
            } else if let Some(name) = file.name.strip_prefix("static/") {
                static_files.push((name.to_string(), file.text));
            }
        }
        tera.add_raw_templates(templates)
            .map_err(|e| template_error(&e, &sources))?;
        Ok(Renderer { tera, static_files, strings, sources })
    }

    /// Renders `template` with `page` and the page-specific `view` flattened into the context.
    pub fn render<V: Serialize>(&self, template: &str, page: &views::PageView, view: &V) -> Result<String, Diagnostic> {
        let mut context = Context::from_serialize(view).map_err(|e| template_error(&e, &self.sources))?;
        context.insert("page", page);
        self.tera.render(template, &context).map_err(|e| template_error(&e, &self.sources))
    }

    /// UI strings of `lang` (every configured language has them).
    pub fn strings(&self, lang: &str) -> &Strings {
        static EMPTY: std::sync::LazyLock<Strings> = std::sync::LazyLock::new(Strings::default);
        self.strings.get(lang).unwrap_or(&EMPTY)
    }
}

/// Escapes what HTML needs escaped. Tera's default also escapes `/`, which turns every
/// link into `..&#x2F;..&#x2F;` noise without making anything safer.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn shown_source(file: &ThemeFile) -> String {
    match &file.source {
        Some(path) => path.display().to_string(),
        None => format!("(built-in theme) {}", file.name),
    }
}

/// Turns a Tera error chain into one diagnostic naming the template and, where Tera knows
/// it, the line and column.
fn template_error(error: &tera::Error, sources: &BTreeMap<String, String>) -> Diagnostic {
    let mut messages = vec![error.to_string()];
    let mut cause = std::error::Error::source(error);
    while let Some(e) = cause {
        messages.push(e.to_string());
        cause = e.source();
    }
    let full = messages.join("\n");
    let template = sources
        .keys()
        .find(|name| full.contains(&format!("'{name}'")) || full.contains(&format!("`{name}`")))
        .cloned();
    let file = template
        .as_ref()
        .and_then(|t| sources.get(t).cloned())
        .unwrap_or_else(|| "templates".to_string());
    let detail = messages.last().cloned().unwrap_or_default();
    let mut d = Diagnostic::error(file, format!("template error: {}", detail.trim()))
        .with_hint("fix the template (Tera syntax: {{ variable }}, {% block name %}…{% endblock %}); the variables each template receives are documented in src/render/views.rs and README");
    if let Some((line, column)) = parse_position(&full) {
        d.position = Some(crate::diagnostics::Position { line, column });
    }
    if messages.len() > 1 {
        d.message = format!("template error: {}", messages.join(": ").replace('\n', " "));
    }
    d
}

/// Tera's parser reports positions as ` --> 3:7`.
fn parse_position(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")?;
    let rest = &message[at + 4..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}
