//! The lints of `redakt check` over a loaded, resolved [`Portal`]: what the build accepts
//! but a reader would trip over. Debris of office exports, unfilled placeholders, clause
//! numbers that skip or repeat, an operator without contacts, an empty summary, and a
//! checklist of what a personal-data policy in Kazakhstan states are warnings; a link to a
//! page of the site that does not exist is an error, because the build would ship it.
//!
//! This stage sits after `content` (and reads clause numbers the way `markdown` anchors
//! them) and before `render`; it knows nothing of URLs: the site hands in the pages it will
//! write ([`Pages`]). Every finding has a stable [`Code`] that `[lint] allow` can name.
//!
//! Texts are checked in parallel, each body parsed once into blocks that every rule reads.
//! Archived editions get only the link check unless `archived` is asked for: their text is
//! locked history, and a warning there could only be silenced, never fixed.

mod allow;
mod blocks;
mod checklist;
mod codes;
pub mod debris;
mod links;
mod numbering;

use rayon::prelude::*;

pub use codes::Code;
pub use debris::Finding;
pub use links::{Base, Pages};

use crate::config::SiteConfig;
use crate::content::timeline::Status;
use crate::content::{EditionText, Operator, Policy, Portal};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What to lint.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Lint archived editions too, not only the current, upcoming and unpublished ones.
    pub archived: bool,
}

/// What the lints found.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Diagnostics,
    /// Warnings dropped by `[lint] allow`.
    pub silenced: usize,
}

/// One text to check, with what it belongs to.
struct Unit<'a> {
    operator: &'a Operator,
    policy: &'a Policy,
    index: usize,
    lang: &'a str,
    text: &'a EditionText,
}

/// Runs every lint and the link check over `portal`.
pub fn run(portal: &Portal, config: &SiteConfig, pages: &dyn Pages, options: Options) -> Report {
    run_over(portal, config, pages, options, None)
}

/// [`run`] over the texts of some policies only, `(operator id, policy id)`: the preview
/// server lints what an edit reloaded, not the whole portal again.
pub fn run_policies(
    portal: &Portal,
    config: &SiteConfig,
    pages: &dyn Pages,
    options: Options,
    policies: &std::collections::BTreeSet<(String, String)>,
) -> Report {
    run_over(portal, config, pages, options, Some(policies))
}

fn run_over(
    portal: &Portal,
    config: &SiteConfig,
    pages: &dyn Pages,
    options: Options,
    only: Option<&std::collections::BTreeSet<(String, String)>>,
) -> Report {
    let wanted = |operator: &Operator, policy: &Policy| {
        only.is_none_or(|only| only.contains(&(operator.id.clone(), policy.id.clone())))
    };
    let units: Vec<Unit> = portal
        .operators
        .iter()
        .flat_map(|operator| operator.policies.iter().map(move |p| (operator, p)))
        .filter(|(operator, policy)| wanted(operator, policy))
        .flat_map(|(operator, policy)| {
            policy
                .editions
                .iter()
                .enumerate()
                .flat_map(move |(index, e)| {
                    e.texts.iter().map(move |(lang, text)| Unit {
                        operator,
                        policy,
                        index,
                        lang,
                        text,
                    })
                })
        })
        .collect();
    let base = Base {
        origin: &config.origin,
        path: &config.base_path,
    };
    let reports: Vec<Report> = units
        .par_iter()
        .map(|unit| text(unit, &base, pages, options))
        .chain(
            portal
                .operators
                .par_iter()
                .filter(|_| only.is_none())
                .map(operator),
        )
        .collect();
    let mut all = Report::default();
    for report in reports {
        all.findings.extend(report.findings);
        all.silenced += report.silenced;
    }
    all
}

/// The lints of one text, read once.
fn text(unit: &Unit, base: &Base, pages: &dyn Pages, options: Options) -> Report {
    let text = unit.text;
    let status = unit
        .policy
        .timeline
        .entries
        .iter()
        .find(|e| e.index == unit.index)
        .map(|e| e.status);
    let linted = options.archived || status != Some(Status::Archived);
    let shown_on = pages.showing(unit.operator, unit.policy, unit.index, unit.lang);
    let links = !shown_on.is_empty() && may_link(&text.body);
    let mut found = Vec::new();
    if linted || links {
        let doc = blocks::read(&text.body);
        if links {
            found.extend(links::check(&doc.links, &shown_on, base, pages));
        }
        if linted {
            found.extend(lint_body(unit, &doc));
        }
    }
    let mut findings: Diagnostics = found.into_iter().map(|f| place(f, text)).collect();
    if linted {
        empty_summary(text, &mut findings);
    }
    let source = allow::Source {
        file: &text.file,
        toml: Some((&text.front_text, text.front_line)),
    };
    let silenced = allow::apply(text.lint.as_ref(), &source, &mut findings, linted);
    Report { findings, silenced }
}

/// Whether a body may hold a link at all: most do not, and they skip the parse. Every
/// rendered text is asked, archived ones included, so this is two byte scans: a Markdown
/// link needs `](` or `]:`, an autolink or raw HTML link needs `<`.
fn may_link(body: &str) -> bool {
    let bytes = body.as_bytes();
    let markdown = body
        .match_indices(']')
        .any(|(i, _)| matches!(bytes.get(i + 1), Some(b'(' | b':')));
    markdown || body.contains('<')
}

/// The text rules: debris, placeholders, numbering, and the checklist where it applies.
fn lint_body(unit: &Unit, doc: &blocks::Doc) -> Vec<Finding> {
    let body = &unit.text.body;
    let mut found = debris::find(body, doc);
    let line_of =
        |offset: usize| body[..offset.min(body.len())].matches('\n').count() + unit.text.body_line;
    found.extend(numbering::check(&numbering::numbers(doc), &line_of));
    if checklist::applies(unit.policy.kind, unit.lang) {
        let subject = checklist::Subject {
            kind: unit.policy.kind,
            lang: unit.lang,
            body,
            operator: &unit.operator.info,
        };
        found.extend(checklist::check(&subject, doc));
    }
    found
}

/// The text rules alone (debris, placeholders, numbering) over a Markdown body that is not
/// part of a site yet, whose first line is line `first_line` of its file: `import` reports
/// what it could not clean. Offsets are in `body`.
pub fn lint_markdown(body: &str, first_line: usize) -> Vec<Finding> {
    let doc = blocks::read(body);
    let mut found = debris::find(body, &doc);
    let line_of = |offset: usize| body[..offset.min(body.len())].matches('\n').count() + first_line;
    found.extend(numbering::check(&numbering::numbers(&doc), &line_of));
    found
}

/// A finding as a diagnostic at its place in the file.
fn place(f: Finding, text: &EditionText) -> Diagnostic {
    let d = if f.code.is_error() {
        Diagnostic::error(&text.file, f.message).with_code(f.code.name())
    } else {
        f.code.warning(&text.file, f.message)
    };
    d.with_hint(f.hint)
        .at_offset_short(&text.body, f.offset, text.body_line)
}

fn empty_summary(text: &EditionText, findings: &mut Diagnostics) {
    if !text.summary.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return;
    }
    let d = Code::EmptySummary
        .warning(&text.file, "`summary` is empty")
        .with_hint("say in one sentence what changed in this edition: readers see it in the changelog and the feeds");
    findings.push(
        match crate::content::frontmatter::key_offset(&text.front_text, "summary") {
            Some(offset) => d.at_offset_short(&text.front_text, offset, text.front_line),
            None => d,
        },
    );
}

/// `operator-contact`: an operator a data subject cannot reach.
fn operator(operator: &Operator) -> Report {
    let info = &operator.info;
    let mut missing = Vec::new();
    if info.email.is_none() && info.website.is_none() {
        missing.push("e-mail or website");
    }
    if info.address.is_none() {
        missing.push("address");
    }
    let mut findings = Diagnostics::new();
    if !missing.is_empty() {
        findings.push(
            Code::OperatorContact
                .warning(
                    &operator.file,
                    format!("the operator has no {}", missing.join(" and no ")),
                )
                .with_hint("add `email`, `website` and `address` to _operator.toml: the operator page shows them, and data subjects send their requests there")
                .at_line(1, None),
        );
    }
    let source = allow::Source {
        file: &operator.file,
        toml: None,
    };
    let silenced = allow::apply(info.lint.as_ref(), &source, &mut findings, true);
    Report { findings, silenced }
}
