//! UI strings of each language from the theme's `i18n/<lang>.toml`: flat `key = "text"`
//! pairs for templates, plus `months` and `date_long` for writing dates. The layers of a
//! language (embedded theme, site theme, site `i18n/`) are merged key by key, later ones
//! winning, so a site overrides one string without copying the file. A language the theme
//! does not know falls back to English strings key by key, never to an empty label.

use std::collections::BTreeMap;

use time::Date;

use super::theme::ThemeFile;
use super::views::DateView;
use crate::config::DateFormat;
use crate::diagnostics::Diagnostic;

/// UI strings of one language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    pub labels: BTreeMap<String, String>,
    months: Vec<String>,
}

impl Strings {
    /// A label, or its key when missing (visible, so a missing string is noticed).
    pub fn get(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// Writes a date in this language.
    pub fn date(&self, date: Date, format: DateFormat) -> DateView {
        let iso = crate::content::iso_date(date);
        let text = match (
            format,
            self.months.get(usize::from(u8::from(date.month())) - 1),
        ) {
            (DateFormat::Long, Some(month)) => self
                .labels
                .get("date_long")
                .map_or("{day} {month} {year}", String::as_str)
                .replace("{day}", &date.day().to_string())
                .replace("{month}", month)
                .replace("{year}", &date.year().to_string()),
            _ => format!(
                "{:02}.{:02}.{:04}",
                date.day(),
                u8::from(date.month()),
                date.year()
            ),
        };
        DateView { iso, text }
    }
}

/// Strings for every language in `languages`.
pub fn load(
    files: &[ThemeFile],
    languages: &[String],
) -> Result<BTreeMap<String, Strings>, Diagnostic> {
    let english = parse_language(files, "en")?.unwrap_or_default();
    let mut all = BTreeMap::new();
    for lang in languages {
        let mut strings = parse_language(files, lang)?.unwrap_or_default();
        for (key, value) in &english.labels {
            strings
                .labels
                .entry(key.clone())
                .or_insert_with(|| value.clone());
        }
        if strings.months.len() != 12 {
            strings.months = english.months.clone();
        }
        all.insert(lang.clone(), strings);
    }
    Ok(all)
}

/// Every layer of `i18n/<lang>.toml`, merged; `None` when no layer exists.
fn parse_language(files: &[ThemeFile], lang: &str) -> Result<Option<Strings>, Diagnostic> {
    let name = format!("i18n/{lang}.toml");
    let mut merged: Option<Strings> = None;
    for file in files.iter().filter(|f| f.name == name) {
        let layer = parse_layer(file, &name)?;
        let strings = merged.get_or_insert_with(Strings::default);
        strings.labels.extend(layer.labels);
        if !layer.months.is_empty() {
            strings.months = layer.months;
        }
    }
    Ok(merged)
}

fn parse_layer(file: &ThemeFile, name: &str) -> Result<Strings, Diagnostic> {
    let shown = file
        .source
        .clone()
        .unwrap_or_else(|| format!("(built-in theme) {name}").into());
    let table: toml::Table = crate::toml_file::parse(&file.text, &shown, 1)?;
    let mut strings = Strings::default();
    for (key, value) in table {
        match value {
            toml::Value::String(text) => {
                strings.labels.insert(key, text);
            }
            toml::Value::Array(items) if key == "months" => {
                strings.months = items
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
            }
            _ => {
                return Err(
                    Diagnostic::error(&shown, format!("`{key}` must be a string")).with_hint(
                        "write every UI string as key = \"text\"; only `months` is a list",
                    ),
                )
            }
        }
    }
    if !strings.months.is_empty() && strings.months.len() != 12 {
        return Err(
            Diagnostic::error(&shown, "`months` must list 12 month names")
                .with_hint("write months = [\"января\", \"февраля\", …] with all twelve"),
        );
    }
    Ok(strings)
}
