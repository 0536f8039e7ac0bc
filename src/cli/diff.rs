//! `redakt diff <op>/<policy> [OLD] [NEW]`: the redline of two editions in the terminal.
//! Every edition on disk can be compared, drafts and editions not yet posted included:
//! an editor wants to see what a draft changes before it is published.

use std::io::IsTerminal;
use std::path::Path;

use clap::{Args, ValueEnum};

use super::Failure;
use crate::content::{iso_date, Edition, EditionText, Policy};
use crate::diff::{self, terminal::Style};
use crate::site::{self, LoadOptions};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The policy: `<operator>/<policy>`.
    pub policy: String,
    /// The older version; default: the version before NEW.
    pub old: Option<String>,
    /// The newer version; default: the newest edition on disk.
    pub new: Option<String>,
    /// Compare the texts in this language; default: the site's default language.
    #[arg(long)]
    pub lang: Option<String>,
    /// Colour: `auto` (when writing to a terminal and NO_COLOR is not set), `always`, `never`.
    #[arg(long, value_enum, default_value_t = ColourChoice::Auto)]
    pub color: ColourChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColourChoice {
    Auto,
    Always,
    Never,
}

pub fn run(root: &Path, args: DiffArgs) -> Result<(), Failure> {
    let options = LoadOptions {
        root: root.to_path_buf(),
        drafts: true,
        ..Default::default()
    };
    let loaded = site::load(&options)?;
    let site = &loaded.site;
    let policy = find_policy(site, &args.policy)?;
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| site.config.default_language.clone());
    let (old, new) = pick_editions(policy, args.old.as_deref(), args.new.as_deref())?;
    let old_blocks = diff::blocks::split(&text_in(old, &lang, &args.policy)?.body);
    let new_blocks = diff::blocks::split(&text_in(new, &lang, &args.policy)?.body);
    let redline = diff::compare(&old_blocks, &new_blocks);
    let style = match args.color {
        ColourChoice::Always => Style::Colour,
        ColourChoice::Never => Style::Plain,
        ColourChoice::Auto if colour_wanted() => Style::Colour,
        ColourChoice::Auto => Style::Plain,
    };
    print!("{}", header(&args.policy, &lang, old, new, &redline.counts));
    let default_language = &site.config.default_language;
    if let Some(summary) = new.summary_in(&lang, default_language) {
        println!("Summary: {summary}");
    }
    for change in new.changes_in(&lang, default_language) {
        println!("  * {change}");
    }
    println!();
    print!("{}", diff::terminal::render(&redline, style));
    Ok(())
}

fn text_in<'a>(edition: &'a Edition, lang: &str, target: &str) -> Result<&'a EditionText, Failure> {
    edition.text(lang).ok_or_else(|| {
        Failure::Usage(format!(
            "edition {} of {target} has no text in `{lang}`; choose another --lang",
            edition.version
        ))
    })
}

fn colour_wanted() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

fn find_policy<'a>(site: &'a site::Site, target: &str) -> Result<&'a Policy, Failure> {
    let (op_id, policy_id) = super::split_policy(target)?;
    let operator = site.portal.operator(op_id).ok_or_else(|| {
        let known: Vec<&str> = site
            .portal
            .operators
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        Failure::Usage(format!(
            "no operator `{op_id}` in content/; operators: {}",
            known.join(", ")
        ))
    })?;
    operator.policy(policy_id).ok_or_else(|| {
        let known: Vec<&str> = operator.policies.iter().map(|p| p.id.as_str()).collect();
        Failure::Usage(format!(
            "operator `{op_id}` has no policy `{policy_id}`; its policies: {}",
            known.join(", ")
        ))
    })
}

/// The two editions to compare; `editions` are sorted by version.
fn pick_editions<'a>(
    policy: &'a Policy,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<(&'a Edition, &'a Edition), Failure> {
    let position = |version: &str| {
        policy
            .editions
            .iter()
            .position(|e| e.version.as_str() == version)
            .ok_or_else(|| {
                let known: Vec<&str> = policy.editions.iter().map(|e| e.version.as_str()).collect();
                Failure::Usage(format!(
                    "policy `{}` has no edition `{version}`; its versions: {}",
                    policy.id,
                    known.join(", ")
                ))
            })
    };
    let new_at = match new {
        Some(v) => position(v)?,
        None => policy.editions.len().saturating_sub(1),
    };
    let old_at = match old {
        Some(v) => position(v)?,
        None if new_at > 0 => new_at - 1,
        None => {
            return Err(Failure::Usage(format!(
                "policy `{}` has a single edition: nothing to compare it with",
                policy.id
            )))
        }
    };
    Ok((&policy.editions[old_at], &policy.editions[new_at]))
}

fn header(target: &str, lang: &str, old: &Edition, new: &Edition, counts: &diff::Counts) -> String {
    let facts = |e: &Edition| {
        let draft = if e.draft { ", draft" } else { "" };
        format!(
            "published {}, effective {}{draft}",
            iso_date(e.published),
            iso_date(e.effective)
        )
    };
    let mut out = format!(
        "{target} ({lang}): {} → {}\n  {}: {}\n  {}: {}\n",
        old.version,
        new.version,
        old.version,
        facts(old),
        new.version,
        facts(new)
    );
    if counts.is_empty() {
        out.push_str("The text is the same; only dates or front-matter differ.\n");
    } else {
        out.push_str(&format!(
            "{} added, {} removed, {} changed, {} moved, {} renumbered, {} unchanged\n",
            counts.added,
            counts.removed,
            counts.changed,
            counts.moved,
            counts.renumbered,
            counts.unchanged
        ));
    }
    out
}
