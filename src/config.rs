//! `site.toml` → [`SiteConfig`]: strict schema, then validation right after reading, so a
//! typo in a key or a language missing from `languages` is reported before any content is
//! touched. The rest of the program only sees the validated, typed configuration.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use time::UtcOffset;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::toml_file;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default = "default_offset")]
    utc_offset: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    date_format: DateFormat,
    #[serde(default)]
    feeds: Toggle,
    #[serde(default)]
    search: Toggle,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    i18n: BTreeMap<String, SiteTranslation>,
}

fn default_language() -> String {
    "ru".into()
}
fn default_offset() -> String {
    "+05:00".into()
}
fn default_theme() -> String {
    "default".into()
}

/// How dates are written on pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateFormat {
    /// «15 марта 2024 г.», «2024 жылғы 15 наурыз», "15 March 2024".
    #[default]
    Long,
    /// 15.03.2024 in every language.
    Numeric,
}

/// An optional feature with an on/off switch (`[feeds]`, `[search]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Toggle {
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for Toggle {
    fn default() -> Self {
        Toggle { enabled: true }
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Turns HTML sanitising off, for a site whose editors are all trusted.
    #[serde(default)]
    pub trusted_html: bool,
}

/// Site title and description in one language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteTranslation {
    pub title: Option<String>,
    pub description: Option<String>,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Scheme and host, without a trailing slash: `https://example.kz`.
    pub origin: String,
    /// Path under which the site is served, `""` or `/legal` (no trailing slash).
    pub base_path: String,
    pub default_language: String,
    /// Every language, the default first.
    pub languages: Vec<String>,
    pub utc_offset: UtcOffset,
    pub theme: String,
    pub date_format: DateFormat,
    pub feeds: bool,
    pub search: bool,
    pub trusted_html: bool,
    pub i18n: BTreeMap<String, SiteTranslation>,
}

impl SiteConfig {
    /// Reads and validates `site.toml` at `path`; `shown` is the name used in messages.
    pub fn load(path: &Path, shown: &Path) -> Result<SiteConfig, Diagnostics> {
        let text = crate::content::read_text(path, shown)?;
        let raw: RawConfig = toml_file::parse(&text, shown, 1)?;
        SiteConfig::validate(raw, &text, shown)
    }

    fn validate(raw: RawConfig, text: &str, file: &Path) -> Result<SiteConfig, Diagnostics> {
        let mut problems = Diagnostics::new();
        let at_key = |key: &str, d: Diagnostic| match key_offset(text, key) {
            Some(offset) => d.at_offset(text, offset, 1),
            None => d,
        };
        let (origin, base_path) = match split_base_url(&raw.base_url) {
            Ok(parts) => parts,
            Err(why) => {
                problems.push(at_key(
                    "base_url",
                    Diagnostic::error(file, format!("invalid base_url `{}`: {why}", raw.base_url))
                        .with_hint("write the full address, e.g. base_url = \"https://policies.example.kz\" or \"https://example.kz/legal\""),
                ));
                (String::new(), String::new())
            }
        };
        let mut languages = raw.languages.clone();
        if languages.is_empty() {
            languages.push(raw.default_language.clone());
        }
        for lang in &languages {
            if !is_language_code(lang) {
                problems.push(at_key(
                    "languages",
                    Diagnostic::error(file, format!("`{lang}` is not a language code")).with_hint(
                        "use two- or three-letter lowercase codes such as \"ru\", \"kk\", \"en\"",
                    ),
                ));
            }
        }
        if !languages.contains(&raw.default_language) {
            problems.push(at_key(
                "default_language",
                Diagnostic::error(
                    file,
                    format!(
                        "default_language `{}` is not listed in languages {:?}",
                        raw.default_language, languages
                    ),
                )
                .with_hint(format!(
                    "add \"{}\" to `languages`, or set default_language to one of them",
                    raw.default_language
                )),
            ));
        }
        let utc_offset = parse_offset(&raw.utc_offset).unwrap_or_else(|| {
            problems.push(at_key(
                "utc_offset",
                Diagnostic::error(file, format!("invalid utc_offset `{}`", raw.utc_offset))
                    .with_hint("write it as \"+05:00\" (Astana, Almaty) or \"+06:00\""),
            ));
            UtcOffset::UTC
        });
        for lang in raw.i18n.keys() {
            if !languages.contains(lang) {
                problems.push(at_key(
                    &format!("[i18n.{lang}]"),
                    Diagnostic::error(
                        file,
                        format!("[i18n.{lang}] names a language not in `languages`"),
                    )
                    .with_hint(format!("add \"{lang}\" to `languages` or remove the table")),
                ));
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        // The default language goes first so every "for each language" loop starts with it.
        languages.retain(|l| l != &raw.default_language);
        languages.insert(0, raw.default_language.clone());
        Ok(SiteConfig {
            title: raw.title,
            description: raw.description,
            origin,
            base_path,
            default_language: raw.default_language,
            languages,
            utc_offset,
            theme: raw.theme,
            date_format: raw.date_format,
            feeds: raw.feeds.enabled,
            search: raw.search.enabled,
            trusted_html: raw.markdown.trusted_html,
            i18n: raw.i18n,
        })
    }

    /// Replaces the base URL (`build --base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (origin, path) = split_base_url(url)?;
        self.origin = origin;
        self.base_path = path;
        Ok(())
    }

    /// The absolute URL of a site path such as `/kk/op/privacy/`.
    pub fn absolute_url(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.base_path, site_path)
    }

    /// The site title in a language, falling back to the default one.
    pub fn title_in(&self, lang: &str) -> &str {
        self.i18n
            .get(lang)
            .and_then(|t| t.title.as_deref())
            .unwrap_or(&self.title)
    }

    pub fn description_in(&self, lang: &str) -> &str {
        self.i18n
            .get(lang)
            .and_then(|t| t.description.as_deref())
            .unwrap_or(&self.description)
    }

    pub fn is_default_language(&self, lang: &str) -> bool {
        lang == self.default_language
    }
}

/// Byte offset of `key = …` (or of a `[table]` header) in the file, for pointing at it.
fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let matches = if key.starts_with('[') {
            trimmed.starts_with(key)
        } else {
            trimmed
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        };
        if matches {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

/// Splits a base URL into origin and path; the error says what is wrong with it.
pub fn split_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with https:// or http://")?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err("it has no host name".into());
    }
    if path.contains(['?', '#', ' ']) {
        return Err("the path may not hold a query, a fragment or spaces".into());
    }
    let scheme_len = url.len() - rest.len();
    Ok((url[..scheme_len + host.len()].to_string(), path.to_string()))
}

/// A language code as site.toml accepts it: two or three lowercase letters (`ru`, `kk`).
pub(crate) fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

fn parse_offset(text: &str) -> Option<UtcOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
    let hours: i8 = hours.parse().ok()?;
    let minutes: i8 = minutes.parse().ok()?;
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_splits_into_origin_and_path() {
        assert_eq!(
            split_base_url("https://example.kz/legal/").unwrap(),
            ("https://example.kz".into(), "/legal".into())
        );
        assert_eq!(
            split_base_url("http://localhost:1111").unwrap(),
            ("http://localhost:1111".into(), "".into())
        );
        assert!(split_base_url("example.kz").is_err());
    }

    #[test]
    fn offsets_parse_with_sign_and_minutes() {
        assert_eq!(parse_offset("+05:00"), UtcOffset::from_hms(5, 0, 0).ok());
        assert_eq!(parse_offset("-03:30"), UtcOffset::from_hms(-3, -30, 0).ok());
        assert_eq!(parse_offset("5"), None);
    }
}
