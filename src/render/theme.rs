//! The theme: Tera templates, static files and UI strings. The built-in `default` theme is
//! embedded in the binary, so a site needs no `themes/` folder; a site's
//! `themes/<name>/…` and then its `templates/` override it file by file. UI strings are
//! overridden string by string instead: every `i18n/<lang>.toml` (embedded, the theme's, the
//! site's own `i18n/`) is kept, in that order, and [`super::i18n`] merges them key by key, so
//! a site that wants another word for one label writes that one line.

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// One theme file: its name inside the theme folder, its text, and where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// `templates/edition.html`, `static/redakt.css`, `i18n/ru.toml`.
    pub name: String,
    pub text: String,
    /// The site file it was read from; `None` for the embedded default.
    pub source: Option<PathBuf>,
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// The default theme as compiled in.
const DEFAULT_THEME: &[(&str, &str)] = embedded![
    "templates/base.html",
    "templates/partials/header.html",
    "templates/partials/footer.html",
    "templates/partials/languages.html",
    "templates/partials/edition_meta.html",
    "templates/partials/toc.html",
    "templates/partials/policy_list.html",
    "templates/partials/period.html",
    "templates/partials/search.html",
    "templates/partials/operator_mark.html",
    "templates/index.html",
    "templates/operator.html",
    "templates/edition.html",
    "templates/untranslated.html",
    "templates/changelog.html",
    "templates/diff.html",
    "templates/404.html",
    "static/redakt.css",
    "static/search.js",
    "i18n/ru.toml",
    "i18n/kk.toml",
    "i18n/en.toml",
];

/// Collects the theme's files: embedded defaults, then the site's theme folder, then the
/// site's own `templates/` and `i18n/`, each overriding the one before by name, except
/// `i18n/*.toml`, whose every layer is kept in that order (stable sort) for merging.
pub fn collect(root: &Path, theme: &str) -> Result<Vec<ThemeFile>, Diagnostic> {
    let mut files: Vec<ThemeFile> = DEFAULT_THEME
        .iter()
        .map(|(name, text)| ThemeFile {
            name: name.to_string(),
            text: text.to_string(),
            source: None,
        })
        .collect();
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        return Err(Diagnostic::error(
            "site.toml",
            format!("theme `{theme}` not found: there is no themes/{theme}/ folder"),
        )
        .with_hint("set theme = \"default\" for the built-in theme, or create the folder"));
    }
    overlay(&mut files, root, &theme_dir, "")?;
    overlay(&mut files, root, &root.join("templates"), "templates/")?;
    overlay(&mut files, root, &root.join("i18n"), "i18n/")?;
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

fn overlay(
    files: &mut Vec<ThemeFile>,
    root: &Path,
    dir: &Path,
    prefix: &str,
) -> Result<(), Diagnostic> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry
            .map_err(|e| Diagnostic::error(dir, format!("cannot read the theme folder: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = format!("{prefix}{}", relative.to_string_lossy().replace('\\', "/"));
        let shown = crate::diagnostics::display_path(root, entry.path());
        let text = crate::content::read_text(entry.path(), &shown)?;
        let file = ThemeFile {
            name,
            text,
            source: Some(shown),
        };
        let layered = file.name.starts_with("i18n/");
        match files.iter_mut().find(|f| f.name == file.name) {
            Some(existing) if !layered => *existing = file,
            _ => files.push(file),
        }
    }
    Ok(())
}
