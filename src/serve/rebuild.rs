//! Rebuilding after a change. A change is classified by the paths it touched: files inside
//! existing policy folders only → reload those policies and render only what they touch
//! (`site::partial`); files of `static/` that still exist and that no page could shadow
//! (stylesheets, scripts, images) → copy just those; anything else (site.toml, an operator
//! file, a theme, a folder added or removed) → load and render the whole site. After a failed
//! rebuild the loaded site may be half updated, so the next rebuild is a full one.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::output::Memory;
use crate::site::partial::{Changed, Covers, Memo};
use crate::site::{self, LoadOptions, Scope, Site};

use super::state::Update;
use super::watch::Batch;
use super::ServeOptions;

/// What a batch of changed paths asks for.
#[derive(Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// Only stylesheets changed: tabs can keep the page and fetch the styles again.
    pub css_only: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    Full,
    /// `(operator, policy)` of changed policy folders.
    Policies(BTreeSet<(String, String)>),
    /// Files of `static/`, relative to it, copied as they are.
    Static(BTreeSet<String>),
}

/// The result of a rebuild, for the server and the terminal.
pub struct Outcome {
    pub update: Update,
    /// "the whole site" or "op/privacy".
    pub kind: String,
    /// Errors when it failed; warnings otherwise.
    pub problems: Diagnostics,
}

/// Owns the loaded site between rebuilds; only the rebuild thread touches it.
pub struct Builder {
    options: LoadOptions,
    /// `http://127.0.0.1:1111`: replaces the origin of `base_url`, whose path is kept.
    origin: String,
    base_path: String,
    /// The last good build, for partial rebuilds; `None` until one succeeds.
    current: Option<Built>,
    /// The last rebuild failed: `current` may be half updated.
    dirty: bool,
}

struct Built {
    site: Site,
    /// What the last render left for the next partial one.
    memo: Memo,
}

impl Builder {
    pub fn new(options: &ServeOptions, origin: String) -> Builder {
        Builder {
            options: LoadOptions {
                root: options.root.clone(),
                date: options.date,
                drafts: options.drafts,
                lint: Some(Default::default()),
                ..Default::default()
            },
            origin,
            base_path: String::new(),
            current: None,
            dirty: true,
        }
    }

    /// `http://127.0.0.1:1111/legal`.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
    }

    /// Sorts a batch into a partial or a full rebuild.
    pub fn classify(&self, batch: &Batch) -> Change {
        let css_only = !batch.rescan
            && batch
                .paths
                .iter()
                .all(|p| p.extension().is_some_and(|e| e == "css") && !p.starts_with("content"));
        let root = &self.options.root;
        let kind = match &self.current {
            Some(built) if !self.dirty && !batch.rescan => {
                changed_policies(root, &built.site, batch)
                    .map(Kind::Policies)
                    .or_else(|| changed_static_files(root, batch).map(Kind::Static))
                    .unwrap_or(Kind::Full)
            }
            _ => Kind::Full,
        };
        Change { kind, css_only }
    }

    pub fn rebuild(&mut self, change: &Change) -> Outcome {
        match &change.kind {
            Kind::Policies(policies) => self.partial(policies),
            Kind::Static(files) => self.copy_static(files),
            Kind::Full => self.full(),
        }
    }

    /// Copies changed files of `static/` over the served ones.
    fn copy_static(&mut self, files: &BTreeSet<String>) -> Outcome {
        let kind = "static files".to_string();
        let mut copied = std::collections::BTreeMap::new();
        for name in files {
            let path = self.options.root.join("static").join(name);
            match std::fs::read(&path) {
                Ok(bytes) => copied.insert(name.clone(), bytes),
                Err(e) => {
                    self.dirty = true;
                    let d = Diagnostic::error(path, format!("cannot read the file: {e}"));
                    return failed(kind, d.into());
                }
            };
        }
        Outcome {
            update: Update::Patch {
                covers: Box::new(|_| false),
                files: copied,
            },
            kind,
            problems: Diagnostics::new(),
        }
    }

    /// Loads and renders the whole site.
    pub fn full(&mut self) -> Outcome {
        let kind = "the whole site".to_string();
        self.dirty = true;
        let mut loaded = match site::load(&self.options) {
            Ok(loaded) => loaded,
            Err(problems) => return failed(kind, problems),
        };
        self.base_path = loaded.site.config.base_path.clone();
        if let Err(why) = loaded.site.config.set_base_url(&self.base_url()) {
            return failed(
                kind,
                Diagnostic::error(
                    "site.toml",
                    format!("cannot serve under {}: {why}", self.base_url()),
                )
                .into(),
            );
        }
        let memory = Memory::default();
        match site::render_scope(&loaded.site, &memory, Scope::All) {
            Ok(memo) => {
                self.current = Some(Built {
                    site: loaded.site,
                    memo,
                });
                self.dirty = false;
                Outcome {
                    update: Update::Replace {
                        files: memory.into_files(),
                        base_path: self.base_path.clone(),
                    },
                    kind,
                    problems: loaded.warnings,
                }
            }
            Err(problems) => failed(kind, problems),
        }
    }

    /// Reloads the changed policies into the loaded site and renders what they touch.
    fn partial(&mut self, policies: &BTreeSet<(String, String)>) -> Outcome {
        let kind = policies
            .iter()
            .map(|(op, p)| format!("{op}/{p}"))
            .collect::<Vec<_>>()
            .join(", ");
        let Some(built) = self.current.as_mut() else {
            return self.full();
        };
        self.dirty = true;
        let warnings = match reload_policies(&mut built.site, policies) {
            Ok(warnings) => warnings,
            Err(problems) => return failed(kind, problems),
        };
        let memory = Memory::default();
        let scope = Scope::Policies(Changed {
            policies: policies.clone(),
            memo: std::mem::take(&mut built.memo),
        });
        match site::render_scope(&built.site, &memory, scope) {
            Ok(memo) => {
                built.memo = memo;
                self.dirty = false;
                let covers = Covers::new(&built.site.config, policies);
                Outcome {
                    update: Update::Patch {
                        covers: Box::new(move |path| covers.covers(path)),
                        files: memory.into_files(),
                    },
                    kind,
                    problems: warnings,
                }
            }
            Err(problems) => failed(kind, problems),
        }
    }
}

fn failed(kind: String, problems: Diagnostics) -> Outcome {
    Outcome {
        update: Update::Failed(problems.clone()),
        kind,
        problems,
    }
}

/// The policies whose folders hold every changed path, if all of them are policies the site
/// has and whose folders still exist; `None` when anything else changed.
fn changed_policies(root: &Path, site: &Site, batch: &Batch) -> Option<BTreeSet<(String, String)>> {
    let mut policies = BTreeSet::new();
    for path in &batch.paths {
        let mut parts = path.iter().map(|c| c.to_str());
        let (Some(Some("content")), Some(Some(op)), Some(Some(policy)), Some(_)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let known = site
            .portal
            .operators
            .iter()
            .any(|o| o.id == op && o.policies.iter().any(|p| p.id == policy));
        if !known || !root.join("content").join(op).join(policy).is_dir() {
            return None;
        }
        policies.insert((op.to_string(), policy.to_string()));
    }
    (!policies.is_empty()).then_some(policies)
}

/// The changed files of `static/`, relative to it, if every changed path is a file there
/// that still exists and whose name no page, feed or API document can have: copying them is
/// then all a full build would do differently. Removed files, folders and the rest: `None`.
fn changed_static_files(root: &Path, batch: &Batch) -> Option<BTreeSet<String>> {
    const GENERATED: [&str; 4] = ["html", "xml", "json", "txt"];
    let mut files = BTreeSet::new();
    for path in &batch.paths {
        let name = path.strip_prefix("static").ok()?;
        let generated = name
            .extension()
            .is_some_and(|e| GENERATED.iter().any(|g| e.eq_ignore_ascii_case(g)));
        if generated || !root.join(path).is_file() {
            return None;
        }
        files.insert(name.to_str()?.replace('\\', "/"));
    }
    (!files.is_empty()).then_some(files)
}

/// Loads each changed policy folder afresh and puts it in place of the old one.
fn reload_policies(
    site: &mut Site,
    policies: &BTreeSet<(String, String)>,
) -> Result<Diagnostics, Diagnostics> {
    let mut problems = Diagnostics::new();
    for (op_id, policy_id) in policies {
        let dir = site.root.join("content").join(op_id).join(policy_id);
        let (policy, found) = content::load_policy(&site.root, &dir, &site.config);
        let clean = !found.has_errors();
        problems.extend(found);
        // A published text must not change in the preview either: the build would refuse it.
        if let (Some(policy), true) = (&policy, clean) {
            problems.extend(site.lock.check_policy(op_id, policy));
        }
        let (Some(mut policy), Some(operator)) = (
            policy,
            site.portal.operators.iter_mut().find(|o| &o.id == op_id),
        ) else {
            continue;
        };
        content::resolve_policy(&mut policy, site.today, site.drafts);
        if let Some(slot) = operator.policies.iter_mut().find(|p| &p.id == policy_id) {
            *slot = policy;
        }
    }
    if !problems.has_errors() {
        // What `build` would say of these texts: broken links stop it, warnings are shown.
        let pages = crate::site::paths::LazySitePaths::new(&site.root, &site.config, &site.portal);
        let lints = crate::check::run_policies(
            &site.portal,
            &site.config,
            &pages,
            Default::default(),
            policies,
        );
        problems.extend(lints.findings);
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(problems)
    }
}
