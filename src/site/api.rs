//! The JSON API for apps: `/api/v1/index.json` lists every operator and policy with the
//! current edition per language; `/api/v1/<op>/<policy>.json` holds, per language, the
//! current and upcoming editions and every published one with its fingerprint. An app
//! polling it learns of a new edition on the day it is posted, before it takes effect.

use std::collections::BTreeMap;

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

#[derive(Serialize)]
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

/// Writes the index and one document per policy.
pub fn write_all(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    let mut operators = Vec::new();
    for op in &site.portal.operators {
        let mut policies = Vec::new();
        for policy in op
            .policies
            .iter()
            .filter(|p| !p.timeline.entries.is_empty())
        {
            let document = policy_document(site, op, policy);
            let path = format!("api/v1/{}/{}.json", op.id, policy.id);
            let pick = |f: fn(&LanguageState) -> Option<&EditionRecord>| {
                document
                    .languages
                    .iter()
                    .filter_map(|(lang, state)| f(state).map(|e| (lang.clone(), e.version.clone())))
                    .collect()
            };
            policies.push(IndexPolicy {
                id: policy.id.clone(),
                kind: policy.kind.as_str().to_string(),
                api: site.config.absolute_url(&format!("/{path}")),
                current: pick(|s| s.current.as_ref()),
                upcoming: pick(|s| s.upcoming.first()),
            });
            sink.put(&path, &to_json(&document))?;
        }
        operators.push(IndexOperator {
            id: op.id.clone(),
            name: op.info.name.clone(),
            bin: op.info.bin.clone(),
            policies,
        });
    }
    let index = Index {
        schema: SCHEMA,
        as_of: iso_date(site.today),
        base_url: site.config.absolute_url("/"),
        languages: site.config.languages.clone(),
        operators,
    };
    sink.put("api/v1/index.json", &to_json(&index))
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
