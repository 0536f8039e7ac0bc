//! The content model: a [`Portal`] of operators → policies → editions, loaded from
//! `content/` with every problem collected as a diagnostic (never only the first one).
//! Loading reads and parses files in parallel; validation that spans files (duplicate
//! versions, dates in version order, translations without an original) runs after.

pub mod bin;
pub mod branding;
pub mod frontmatter;
pub mod ident;
mod load;
pub mod operator;
pub mod policy;
pub mod text;
pub mod timeline;
pub mod version;

use std::collections::BTreeMap;
use std::path::PathBuf;

use time::Date;

pub use load::{load, load_policy};
pub use operator::OperatorInfo;
pub use policy::PolicyKind;
pub use text::read_text;
pub use version::Version;

/// Every operator of the site, sorted by id.
#[derive(Debug, Default)]
pub struct Portal {
    pub operators: Vec<Operator>,
}

#[derive(Debug)]
pub struct Operator {
    /// Folder name, also the URL segment.
    pub id: String,
    pub info: OperatorInfo,
    /// `_operator.toml` as shown in messages.
    pub file: PathBuf,
    /// Sorted by id.
    pub policies: Vec<Policy>,
}

#[derive(Debug)]
pub struct Policy {
    pub id: String,
    pub kind: PolicyKind,
    /// Titles from `_policy.toml` by language, the default language's under its own code.
    pub titles: BTreeMap<String, String>,
    /// Folder as shown in messages.
    pub dir: PathBuf,
    /// Sorted by version, oldest first.
    pub editions: Vec<Edition>,
    /// Which editions are published and their status; filled by [`resolve`].
    pub timeline: timeline::Timeline,
}

/// One edition (one version) of a policy, with its text in every language it exists in.
#[derive(Debug, Clone)]
pub struct Edition {
    pub version: Version,
    pub published: Date,
    /// The day it takes effect; `published` when the front-matter names none.
    pub effective: Date,
    pub draft: bool,
    /// The text in each language, the default language always present.
    pub texts: BTreeMap<String, EditionText>,
}

/// One edition in one language: a single `.md` file.
#[derive(Debug, Clone)]
pub struct EditionText {
    pub file: PathBuf,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub changes: Vec<String>,
    /// Markdown after the front-matter.
    pub body: String,
    /// The line of the file where `body` starts, to report body positions.
    pub body_line: usize,
    /// A translation still being written, of an edition that may already be published.
    pub draft: bool,
    /// SHA-256 of `body`, hex: the edition's fingerprint.
    pub sha256: String,
    /// The front-matter as written and its first line, to point later messages at a key.
    pub front_text: String,
    pub front_line: usize,
    /// `[lint]`: warnings this text deliberately keeps.
    pub lint: Option<frontmatter::LintSettings>,
}

/// Decides every policy's timeline as of `today`; without `drafts`, draft translations are
/// dropped so that only published text reaches any page.
pub fn resolve(portal: &mut Portal, today: Date, drafts: bool) {
    for operator in &mut portal.operators {
        for policy in &mut operator.policies {
            resolve_policy(policy, today, drafts);
        }
    }
}

/// [`resolve`] for one policy.
pub fn resolve_policy(policy: &mut Policy, today: Date, drafts: bool) {
    if !drafts {
        for edition in &mut policy.editions {
            edition.texts.retain(|_, text| !text.draft || edition.draft);
        }
    }
    policy.timeline = timeline::Timeline::resolve(&policy.editions, today, drafts);
}

impl Portal {
    pub fn operator(&self, id: &str) -> Option<&Operator> {
        self.operators.iter().find(|o| o.id == id)
    }

    /// The policy `policy_id` of operator `operator_id`.
    pub fn policy(&self, operator_id: &str, policy_id: &str) -> Option<&Policy> {
        self.operator(operator_id)?.policy(policy_id)
    }
}

impl Operator {
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }
}

impl Policy {
    /// The edition of version `version`, whether published or not.
    pub fn edition(&self, version: &Version) -> Option<&Edition> {
        self.editions.iter().find(|e| &e.version == version)
    }

    /// The policy title in `lang`, and whether it fell back to the default language's;
    /// `None` when `_policy.toml` names no title and the kind's name is all there is.
    pub fn title_in(&self, lang: &str, default_language: &str) -> Option<(&str, bool)> {
        if let Some(title) = self.titles.get(lang) {
            return Some((title, false));
        }
        self.titles
            .get(default_language)
            .map(|t| (t.as_str(), true))
    }
}

impl Edition {
    pub fn text(&self, lang: &str) -> Option<&EditionText> {
        self.texts.get(lang)
    }

    /// The summary in `lang`; a translation without one shows the original's.
    pub fn summary_in(&self, lang: &str, default_language: &str) -> Option<String> {
        [lang, default_language]
            .iter()
            .find_map(|l| self.text(l).and_then(|t| t.summary.clone()))
    }

    /// The list of changes in `lang`; a translation without one shows the original's.
    pub fn changes_in(&self, lang: &str, default_language: &str) -> Vec<String> {
        [lang, default_language]
            .iter()
            .filter_map(|l| self.text(l))
            .find(|t| !t.changes.is_empty())
            .map(|t| t.changes.clone())
            .unwrap_or_default()
    }
}

/// `2024-03-15`: dates in URLs, feeds, sitemaps and the API.
pub fn iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Parses `2024-03-15` (`--date`, editions.lock); the error says what a date looks like.
pub fn parse_iso_date(text: &str) -> Result<Date, String> {
    let bad = || format!("`{text}` is not a date like 2024-03-15");
    let mut parts = text.splitn(3, '-');
    let mut next = || {
        parts
            .next()
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(bad)
    };
    let (year, month, day) = (next()?, next()?, next()?);
    let month =
        time::Month::try_from(month.parse::<u8>().map_err(|_| bad())?).map_err(|_| bad())?;
    Date::from_calendar_date(
        year.parse().map_err(|_| bad())?,
        month,
        day.parse().map_err(|_| bad())?,
    )
    .map_err(|_| bad())
}

/// SHA-256 of a body, hex-encoded.
pub fn fingerprint(body: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use std::fmt::Write;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}
