//! Where each page lives. Paths are relative to the site root, without a leading slash, and
//! end in `/` (pretty URLs: the file is `index.html` inside); the default language sits at
//! the root and every other language under `<lang>/`.

use crate::config::SiteConfig;

/// `""` for the default language, `kk/` for another.
pub fn lang_prefix(config: &SiteConfig, lang: &str) -> String {
    if config.is_default_language(lang) {
        String::new()
    } else {
        format!("{lang}/")
    }
}

pub fn operator(config: &SiteConfig, lang: &str, op: &str) -> String {
    format!("{}{op}/", lang_prefix(config, lang))
}

pub fn policy(config: &SiteConfig, lang: &str, op: &str, policy: &str) -> String {
    format!("{}{op}/{policy}/", lang_prefix(config, lang))
}

pub fn edition(
    config: &SiteConfig,
    lang: &str,
    op: &str,
    policy_id: &str,
    version: &str,
) -> String {
    format!("{}{version}/", policy(config, lang, op, policy_id))
}

/// The redline of an edition against the one before it.
pub fn diff(config: &SiteConfig, lang: &str, op: &str, policy_id: &str, version: &str) -> String {
    format!("{}diff/", edition(config, lang, op, policy_id, version))
}

/// The redline of edition `index` against the published edition before it, in `lang`;
/// `None` for the first edition and where either edition has no text in `lang`.
pub fn diff_in(
    config: &SiteConfig,
    lang: &str,
    op: &crate::content::Operator,
    policy: &crate::content::Policy,
    index: usize,
) -> Option<String> {
    let previous = policy.timeline.previous(index)?;
    let translated = |i: usize| policy.editions[i].text(lang).is_some();
    (translated(index) && translated(previous.index)).then(|| {
        let version = policy.editions[index].version.as_str();
        diff(config, lang, &op.id, &policy.id, version)
    })
}

/// [`diff_in`] `lang`, else in the default language, which every edition has.
pub fn diff_of(
    config: &SiteConfig,
    lang: &str,
    op: &crate::content::Operator,
    policy: &crate::content::Policy,
    index: usize,
) -> Option<String> {
    diff_in(config, lang, op, policy, index)
        .or_else(|| diff_in(config, &config.default_language, op, policy, index))
}

pub fn changelog(config: &SiteConfig, lang: &str, op: &str, policy_id: &str) -> String {
    format!("{}changelog/", policy(config, lang, op, policy_id))
}

/// The relative way back to the root from a page at `path`: `kk/op/` → `../../`.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The file that holds the page at `path`.
pub fn file_of(path: &str) -> String {
    format!("{path}index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_from(""), "");
        assert_eq!(root_from("op/"), "../");
        assert_eq!(root_from("kk/op/privacy/2.1/"), "../../../../");
    }
}
