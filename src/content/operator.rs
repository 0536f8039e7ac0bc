//! `_operator.toml`: who the operator is, with names and addresses per language.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The operator's details as written; `name` is the legal name in the default language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorInfo {
    pub name: String,
    pub short_name: Option<String>,
    pub bin: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// A logo: an SVG, PNG, JPEG or WebP file, its path relative to the operator's folder
    /// (checked by [`super::branding`]); copied to `<op>/logo.<ext>` in the output.
    pub logo: Option<String>,
    /// The operator's accent colour, `#rrggbb`, used sparingly on its pages.
    pub accent: Option<String>,
    #[serde(default)]
    pub i18n: BTreeMap<String, OperatorTranslation>,
    /// Warnings about the operator itself (`operator-contact`) deliberately kept.
    pub lint: Option<crate::content::frontmatter::LintSettings>,
}

/// The parts of an operator's details that change with the language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorTranslation {
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub address: Option<String>,
}

impl OperatorInfo {
    /// The legal name in `lang`, and whether it fell back to the default language's name
    /// (`lang` is not the default one and has no `[i18n.<lang>] name`).
    pub fn name_in(&self, lang: &str, default_language: &str) -> (&str, bool) {
        match self.i18n.get(lang).and_then(|t| t.name.as_deref()) {
            Some(name) => (name, false),
            None => (&self.name, lang != default_language),
        }
    }

    pub fn short_name_in(&self, lang: &str) -> Option<&str> {
        self.i18n
            .get(lang)
            .and_then(|t| t.short_name.as_deref())
            .or(self.short_name.as_deref())
    }

    pub fn address_in(&self, lang: &str) -> Option<&str> {
        self.i18n
            .get(lang)
            .and_then(|t| t.address.as_deref())
            .or(self.address.as_deref())
    }
}
