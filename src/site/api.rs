//! The JSON API for apps: `/api/v1/index.json` lists every operator and policy with the
//! current edition per language; `/api/v1/<op>/<policy>.json` holds, per language, the
//! current and upcoming editions and every published one with its fingerprint. An app
//! polling it learns of a new edition on the day it is posted, before it takes effect.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::content::timeline::{Entry, Status};
use crate::content::{iso_date, Operator, Policy};
use crate::diagnostics::Diagnostic;

use super::output::Sink;
use super::{urls, Site};

/// Version of the schema, bumped on any incompatible change.
const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Index {
    schema: u32,
    /// The day the site was built for: statuses are as of this day.
    as_of: String,
    base_url: String,
    languages: Vec<String>,
    operators: Vec<IndexOperator>,
}

#[derive(Serialize)]
struct IndexOperator {
    id: String,
    name: String,
    bin: Option<String>,
    policies: Vec<IndexPolicy>,
}

#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
struct IndexPolicy {
    id: String,
    kind: String,
    /// `/api/v1/<op>/<policy>.json`.
    api: String,
    /// Language → version of the edition in force.
    current: BTreeMap<String, String>,
    /// Language → version of the next edition, published but not yet in force.
    upcoming: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct PolicyDocument {
    schema: u32,
    as_of: String,
    operator: String,
    policy: String,
    kind: String,
    languages: BTreeMap<String, LanguageState>,
}

#[derive(Serialize)]
struct LanguageState {
    title: Option<String>,
    /// The permanent address of the current edition in this language.
    url: String,
    current: Option<EditionRecord>,
    upcoming: Vec<EditionRecord>,
    /// Every published edition in this language, oldest first.
    editions: Vec<EditionRecord>,
}

#[derive(Serialize, Clone)]
struct EditionRecord {
    version: String,
    status: &'static str,
    published: String,
    effective: String,
    summary: Option<String>,
    changes: Vec<String>,
    url: String,
    /// The redline against the previous edition; `null` for the first.
    diff_url: Option<String>,
    /// SHA-256 of the Markdown body (front-matter excluded, `\n` line endings).
    sha256: String,
    /// Deliberate corrections of the published text, oldest first.
    corrections: Vec<CorrectionRecord>,
}

#[derive(Serialize, Clone)]
struct CorrectionRecord {
    date: String,
    /// The fingerprint before the correction.
    previous_sha256: String,
}

/// Every policy's line in the index, from the last render: a partial render of the preview
/// server writes only the changed policies' documents and reuses the rest (see `partial`).
#[derive(Debug, Default)]
pub struct Written {
    /// `(operator, policy)` → its line in the index.
    index: HashMap<(String, String), IndexPolicy>,
}

/// Writes the index and one document per policy. With `changed`, only those policies'
/// documents are written; the index takes the other policies' lines from `written`, which
/// the call brings up to date.
pub fn write_all(
    site: &Site,
    sink: &dyn Sink,
    changed: Option<&BTreeSet<(String, String)>>,
    written: &mut Written,
) -> Result<(), Diagnostic> {
    if changed.is_none() {
        written.index.clear();
    }
    let mut renewed = false;
    for op in &site.portal.operators {
        for policy in &op.policies {
            let key = (op.id.clone(), policy.id.clone());
            if changed.is_some_and(|c| !c.contains(&key)) {
                continue;
            }
            let before = written.index.remove(&key);
            if !policy.timeline.entries.is_empty() {
                let line = write_policy(site, op, policy, sink)?;
                renewed |= before.as_ref() != Some(&line);
                written.index.insert(key, line);
            } else {
                renewed |= before.is_some();
            }
        }
    }
    // A partial render whose policies kept their index lines leaves the index as it was.
    if changed.is_some() && !renewed {
        return Ok(());
    }
    let operators = site
        .portal
        .operators
        .iter()
        .map(|op| IndexOperator {
            id: op.id.clone(),
            name: op.info.name.clone(),
            bin: op.info.bin.clone(),
            policies: op
                .policies
                .iter()
                .filter_map(|p| written.index.get(&(op.id.clone(), p.id.clone())).cloned())
                .collect(),
        })
        .collect();
    let index = Index {
        schema: SCHEMA,
        as_of: iso_date(site.today),
        base_url: site.config.absolute_url("/"),
        languages: site.config.languages.clone(),
        operators,
    };
    sink.put("api/v1/index.json", &to_json(&index))
}

/// Writes one policy's document; returns its line in the index.
fn write_policy(
    site: &Site,
    op: &Operator,
    policy: &Policy,
    sink: &dyn Sink,
) -> Result<IndexPolicy, Diagnostic> {
    let document = policy_document(site, op, policy);
    let path = format!("api/v1/{}/{}.json", op.id, policy.id);
    let pick = |f: fn(&LanguageState) -> Option<&EditionRecord>| {
        document
            .languages
            .iter()
            .filter_map(|(lang, state)| f(state).map(|e| (lang.clone(), e.version.clone())))
            .collect()
    };
    let line = IndexPolicy {
        id: policy.id.clone(),
        kind: policy.kind.as_str().to_string(),
        api: site.config.absolute_url(&format!("/{path}")),
        current: pick(|s| s.current.as_ref()),
        upcoming: pick(|s| s.upcoming.first()),
    };
    sink.put(&path, &to_json(&document))?;
    Ok(line)
}

fn to_json(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn policy_document(site: &Site, op: &Operator, policy: &Policy) -> PolicyDocument {
    let languages = site
        .config
        .languages
        .iter()
        .map(|lang| {
            let editions: Vec<EditionRecord> = policy
                .timeline
                .entries
                .iter()
                .filter_map(|entry| record(site, op, policy, entry, lang))
                .collect();
            let state = LanguageState {
                title: policy
                    .title_in(lang, &site.config.default_language)
                    .map(|(t, _)| t.to_string()),
                url: site.config.absolute_url(&format!(
                    "/{}",
                    urls::policy(&site.config, lang, &op.id, &policy.id)
                )),
                current: editions
                    .iter()
                    .find(|e| e.status == Status::Current.as_str())
                    .cloned(),
                upcoming: editions
                    .iter()
                    .filter(|e| e.status == Status::Upcoming.as_str())
                    .cloned()
                    .collect(),
                editions,
            };
            (lang.clone(), state)
        })
        .collect();
    PolicyDocument {
        schema: SCHEMA,
        as_of: iso_date(site.today),
        operator: op.id.clone(),
        policy: policy.id.clone(),
        kind: policy.kind.as_str().to_string(),
        languages,
    }
}

/// The edition in `lang`, if it was translated into it.
fn record(
    site: &Site,
    op: &Operator,
    policy: &Policy,
    entry: &Entry,
    lang: &str,
) -> Option<EditionRecord> {
    let edition = &policy.editions[entry.index];
    let text = edition.text(lang)?;
    let path = urls::edition(
        &site.config,
        lang,
        &op.id,
        &policy.id,
        edition.version.as_str(),
    );
    Some(EditionRecord {
        version: edition.version.to_string(),
        status: entry.status.as_str(),
        published: iso_date(edition.published),
        effective: iso_date(edition.effective),
        summary: edition.summary_in(lang, &site.config.default_language),
        changes: edition.changes_in(lang, &site.config.default_language),
        url: site.config.absolute_url(&format!("/{path}")),
        diff_url: urls::diff_of(&site.config, lang, op, policy, entry.index)
            .map(|path| site.config.absolute_url(&format!("/{path}"))),
        sha256: text.sha256.clone(),
        corrections: site
            .lock
            .corrections(&op.id, &policy.id, &edition.version, lang)
            .iter()
            .map(|c| CorrectionRecord {
                date: iso_date(c.date),
                previous_sha256: c.previous_sha256.clone(),
            })
            .collect(),
    })
}
