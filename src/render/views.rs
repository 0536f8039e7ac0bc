//! Typed views handed to templates: the contract with theme authors. Every template gets a
//! [`PageView`] under the name `page`, plus exactly one of the page-specific views below under
//! the name given on each. Field names are stable; add fields, never rename them.
//!
//! Paths (`path`, `*_path`) are relative to the site root without a leading slash
//! (`qadam/privacy/2.1/`, `kk/qadam/`); templates write `{{ page.root }}{{ x.path }}` so links
//! keep working when `public/` is moved or served under a base path.

use serde::Serialize;

/// A calendar date, machine-readable and as written in the page's language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DateView {
    /// `2024-03-15`, for `<time datetime>`.
    pub iso: String,
    /// «15 марта 2024 г.», «2024 жылғы 15 наурыз», "15 March 2024" or `15.03.2024`.
    pub text: String,
}

/// What every page gets, as `page`. Besides these fields, `page.t` holds the UI strings of
/// the page's language (`{{ page.t.last_updated }}`, from the theme's `i18n/<lang>.toml`); the
/// renderer adds it from a copy made once per language, not once per page.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// Language of the page: `ru`.
    pub lang: String,
    /// Relative prefix from this page to the site root: `""`, `../`, `../../`. The 404 page,
    /// which is served at any depth, gets the absolute base path instead (`/` or `/legal/`).
    pub root: String,
    /// Root of this page's language: `root` plus `kk/` for a non-default language.
    pub lang_root: String,
    /// Site title in the page's language.
    pub site_title: String,
    pub site_description: String,
    /// Title for `<title>`, without the site title.
    pub title: String,
    /// Absolute URL of this page, for `<link rel=canonical>`.
    pub canonical: String,
    /// The same page in every configured language, the page's own language included.
    pub languages: Vec<LanguageLink>,
    /// Where the reader is: index → operator → policy → edition.
    pub breadcrumbs: Vec<Crumb>,
    /// Atom feeds are built (`[feeds] enabled`): `{{ page.lang_root }}feed.xml` exists.
    pub feeds: bool,
    /// The search index is built (`[search] enabled`): `{{ page.root }}search_index/` holds it
    /// and `{{ page.root }}search.js` runs the search box of `index.html`.
    pub search: bool,
    /// The site's default language, for `lang` on text shown untranslated (`*_is_fallback`).
    pub default_lang: String,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    /// `ru`, `kk`, `en`.
    pub lang: String,
    /// The language's own name: «Русский», «Қазақша», "English".
    pub name: String,
    /// Relative link to the same page in that language, or to the nearest page that exists.
    pub path: String,
    /// Absolute URL of `path`, for `hreflang` alternates.
    pub url: String,
    /// This is the page's own language.
    pub active: bool,
    /// The exact page has no translation in that language; `path` leads to the policy page.
    pub missing: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub title: String,
    pub path: String,
}

/// A link to one edition.
#[derive(Debug, Clone, Serialize)]
pub struct EditionLink {
    pub version: String,
    pub path: String,
    pub published: DateView,
    pub effective: DateView,
    /// Its redline against the edition before it (`op/policy/2.2/diff/`), in this language
    /// when both editions are translated, else in the default language; `None` for the
    /// first edition.
    pub diff_path: Option<String>,
}

/// The period an edition was or is in force.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodView {
    pub from: DateView,
    /// Last day in force; `None` while it is still in force.
    pub until: Option<DateView>,
}

/// One edition of a policy, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct EditionView {
    pub version: String,
    /// The edition's title: front-matter `title`, else the level-1 heading that opens the
    /// body (taken out of `html`), else the policy title.
    pub title: String,
    /// `current`, `upcoming` or `archived`.
    pub status: String,
    /// The status in the page's language: «действующая редакция».
    pub status_label: String,
    pub published: DateView,
    pub effective: DateView,
    /// When it was or is in force; `None` for an upcoming edition and for one superseded
    /// before it took effect (`never_in_force`).
    pub in_force: Option<PeriodView>,
    pub never_in_force: bool,
    /// The summary in this language (the default language's when the translation has none).
    pub summary: Option<String>,
    pub changes: Vec<String>,
    /// Rendered, sanitised HTML of the body, without its opening level-1 heading.
    pub html: String,
    /// Headings of levels 2 and 3, for the table of contents.
    pub toc: Vec<TocEntry>,
    /// SHA-256 of the Markdown body (front-matter excluded, line endings `\n`), hex.
    pub sha256: String,
    /// Deliberate corrections of the published text (`redakt build --correct`), oldest
    /// first; empty for a text never corrected.
    pub corrections: Vec<CorrectionView>,
    /// The edition's permanent page.
    pub path: String,
    /// Absolute URL of the permanent page: what to cite.
    pub url: String,
    pub previous: Option<EditionLink>,
    pub next: Option<EditionLink>,
    /// Redline against the previous edition (see [`EditionLink::diff_path`]).
    pub diff_path: Option<String>,
    /// Shown on drafts built with `--drafts`.
    pub draft: bool,
}

/// One recorded correction of a published edition's text.
#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    /// The day the correction was published.
    pub date: DateView,
    /// The fingerprint (`sha256`) the text had before the correction.
    pub previous_sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An operator, with names in the page's language.
#[derive(Debug, Clone, Serialize)]
pub struct OperatorView {
    pub id: String,
    pub name: String,
    /// `name` fell back to the default language (no `[i18n.<lang>] name`).
    pub name_is_fallback: bool,
    pub short_name: Option<String>,
    pub bin: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub path: String,
    pub policies: Vec<PolicySummary>,
    /// The operator's logo (`qadam/logo.svg`, from the site root), shown beside its name:
    /// `<img src="{{ page.root }}{{ operator.logo }}" alt="">` (the name says who it is).
    pub logo: Option<String>,
    /// The operator's accent colour (`accent` in `_operator.toml`), if any.
    pub accent: Option<AccentView>,
}

/// An operator's accent colour and the shades of it that keep text readable.
#[derive(Debug, Clone, Serialize)]
pub struct AccentView {
    /// As written in `_operator.toml`, lowercase: `#0a7d5a`.
    pub color: String,
    /// The colour, darkened if needed to a 4.5:1 contrast on the light theme's backgrounds:
    /// for text and thin rules in the light theme.
    pub on_light: String,
    /// The colour, lightened if needed to a 4.5:1 contrast on the dark theme's backgrounds.
    pub on_dark: String,
}

/// A policy as listed on the index and operator pages.
#[derive(Debug, Clone, Serialize)]
pub struct PolicySummary {
    pub id: String,
    /// `privacy`, `consent`, `offer`, `terms`, `cookies`, `other`.
    pub kind: String,
    pub title: String,
    pub title_is_fallback: bool,
    /// The permanent address of the current edition: `op/policy/`.
    pub path: String,
    pub changelog_path: String,
    /// The edition in force today, if any.
    pub current: Option<EditionLink>,
    /// An edition published but not yet in force.
    pub upcoming: Option<EditionLink>,
    /// `published` of the current edition.
    pub last_updated: Option<DateView>,
}

/// `index.html`: `page`, `operators`.
pub type IndexView = Vec<OperatorView>;

/// `edition.html` (the policy page and every version page): `page`, `operator`, `policy`,
/// `edition`, plus:
#[derive(Debug, Clone, Serialize)]
pub struct EditionPageView {
    pub operator: OperatorView,
    pub policy: PolicySummary,
    pub edition: EditionView,
    /// True on `/<op>/<policy>/`, the permanent address of whatever edition is current.
    pub is_policy_page: bool,
    /// On the current edition: the upcoming edition that will replace it.
    pub upcoming: Option<EditionLink>,
    /// The other languages this very edition exists in.
    pub translations: Vec<LanguageLink>,
}

/// `untranslated.html`: the policy page in a language that has no translation of the
/// current edition: `page`, `operator`, `policy`, plus `original` (the current edition in
/// the default language) and `translated` (the latest edition that does exist in this
/// language, if any).
#[derive(Debug, Clone, Serialize)]
pub struct UntranslatedView {
    pub operator: OperatorView,
    pub policy: PolicySummary,
    pub original: EditionLink,
    pub original_lang: String,
    pub translated: Option<EditionLink>,
}

/// `changelog.html`: `page`, `operator`, `policy`, `entries` (newest first).
#[derive(Debug, Clone, Serialize)]
pub struct ChangelogEntry {
    pub version: String,
    pub status: String,
    pub status_label: String,
    pub published: DateView,
    pub effective: DateView,
    pub in_force: Option<PeriodView>,
    pub summary: Option<String>,
    pub changes: Vec<String>,
    /// The edition page in this language, or in the default language when untranslated.
    pub path: String,
    /// No translation of this edition in the page's language.
    pub untranslated: bool,
    /// Redline against the previous edition (see [`EditionLink::diff_path`]).
    pub diff_path: Option<String>,
}

/// `diff.html`, the redline of an edition against the one before it: `page`, `operator`,
/// `policy`, plus:
#[derive(Debug, Clone, Serialize)]
pub struct DiffPageView {
    pub operator: OperatorView,
    pub policy: PolicySummary,
    /// The edition whose changes are shown, with its status.
    pub edition: EditionLink,
    pub status: String,
    pub status_label: String,
    /// The edition it is compared with.
    pub previous: EditionLink,
    /// The new edition's summary and list of changes, as its editors wrote them.
    pub summary: Option<String>,
    pub changes: Vec<String>,
    /// Blocks (clauses, headings, paragraphs, list items, table rows) added, removed,
    /// changed, moved and renumbered; `counts.unchanged` for the rest.
    pub counts: crate::diff::Counts,
    /// The text changed in no visible way: only dates or front-matter did.
    pub identical: bool,
    /// The redline itself, rendered: one `div.rl` per block (`rl-same`, `rl-added`,
    /// `rl-removed`, `rl-changed`, `rl-moved`, `rl-moved-away`; plus `rl-heading rl-h2`,
    /// `rl-row`, `rl-code` by kind), each change also tagged in words (`span.rl-tag`),
    /// words marked with `<ins>`/`<del>`, and each unchanged run left out, replaced by a
    /// `p.rl-fold` with its count and a link to its first clause in the edition.
    pub html: String,
}
