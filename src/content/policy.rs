//! `_policy.toml`: what a policy is. The file is optional; without it the kind is taken from
//! the folder name when it names one (`privacy/`, `consent/`…) and the title from the kind.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyKind {
    Privacy,
    Consent,
    Offer,
    Terms,
    Cookies,
    #[default]
    Other,
}

impl PolicyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Privacy => "privacy",
            PolicyKind::Consent => "consent",
            PolicyKind::Offer => "offer",
            PolicyKind::Terms => "terms",
            PolicyKind::Cookies => "cookies",
            PolicyKind::Other => "other",
        }
    }

    /// The kind a folder name implies, for a policy without `_policy.toml`.
    pub fn from_folder(id: &str) -> PolicyKind {
        match id {
            "privacy" | "privacy-policy" => PolicyKind::Privacy,
            "consent" => PolicyKind::Consent,
            "offer" | "public-offer" => PolicyKind::Offer,
            "terms" | "terms-of-use" => PolicyKind::Terms,
            "cookies" | "cookie-policy" => PolicyKind::Cookies,
            _ => PolicyKind::Other,
        }
    }
}

/// `_policy.toml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyInfo {
    pub kind: Option<PolicyKind>,
    pub title: Option<String>,
    #[serde(default)]
    pub i18n: BTreeMap<String, PolicyTranslation>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyTranslation {
    pub title: Option<String>,
}
