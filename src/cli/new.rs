//! `redakt new operator|edition`: scaffolding that never overwrites a file.

use std::path::Path;

use clap::Subcommand;

use super::{parse_date, Failure};
use crate::config::SiteConfig;
use crate::content::{self, ident, version};
use crate::diagnostics::{Diagnostic, Diagnostics};

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Create content/<op>/_operator.toml.
    Operator {
        /// Operator id: lowercase letters, digits and hyphens.
        id: String,
    },
    /// Copy the latest edition of a policy into a new one with the next version and today's date.
    Edition {
        /// `<operator>/<policy>`.
        policy: String,
        /// Version of the new edition [default: the latest one bumped: 2.1 → 2.2].
        #[arg(long)]
        version: Option<String>,
        /// Publication date [default: today in the site's utc_offset].
        #[arg(long, value_parser = parse_date)]
        date: Option<time::Date>,
    },
}

pub fn run(root: &Path, command: NewCommand) -> Result<(), Failure> {
    match command {
        NewCommand::Operator { id } => new_operator(root, &id),
        NewCommand::Edition {
            policy,
            version,
            date,
        } => new_edition(root, &policy, version, date),
    }
}

/// Writes a file that must not exist yet, creating its folders.
pub fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if path.exists() {
        return Err(
            Diagnostic::error(path, "the file already exists; it was left as it is")
                .with_hint("pick another name or version, or edit the existing file"),
        );
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(parent, format!("cannot create the folder: {e}")))?;
    }
    std::fs::write(path, text)
        .map_err(|e| Diagnostic::error(path, format!("cannot write the file: {e}")))
}

fn new_operator(root: &Path, id: &str) -> Result<(), Failure> {
    if !ident::is_valid(id) {
        return Err(Failure::Usage(format!(
            "`{id}` is not a valid operator id; try `{}`",
            ident::suggest(id)
        )));
    }
    let path = root.join("content").join(id).join("_operator.toml");
    let text = format!(
        "name = \"ТОО «{id}»\"              # legal name, required\nshort_name = \"{id}\"\n# bin = \"180640028978\"           # 12-digit BIN\nwebsite = \"https://{id}.kz\"\nemail = \"privacy@{id}.kz\"\naddress = \"г. Алматы, ...\"\n# logo = \"logo.svg\"              # SVG, PNG, JPEG or WebP in this folder\n# accent = \"#0a7d5a\"             # brand colour, #rrggbb\n"
    );
    write_new(&path, &text)?;
    println!(
        "Created {}: fill in the legal name and contacts.",
        path.display()
    );
    Ok(())
}

fn new_edition(
    root: &Path,
    target: &str,
    version: Option<String>,
    date: Option<time::Date>,
) -> Result<(), Failure> {
    let (op_id, policy_id) = super::split_policy(target)?;
    let config = SiteConfig::load(&root.join("site.toml"), Path::new("site.toml"))?;
    let (portal, problems) = content::load(root, &config);
    let Some(latest) = portal
        .policy(op_id, policy_id)
        .and_then(|p| p.editions.last())
    else {
        if problems.has_errors() {
            return Err(Failure::Content(problems));
        }
        return Err(Failure::Usage(format!(
            "there is no policy `{target}` with an edition under content/"
        )));
    };
    let next = match version {
        Some(v) => content::Version::parse(&v).map_err(Failure::Usage)?,
        None => version::bump(&latest.version),
    };
    if next <= latest.version {
        return Err(Failure::Usage(format!(
            "version {next} is not after the latest version {}",
            latest.version
        )));
    }
    let today = date.unwrap_or_else(|| {
        time::OffsetDateTime::now_utc()
            .to_offset(config.utc_offset)
            .date()
    });
    let Some(original) = latest.text(&config.default_language) else {
        return Err(Failure::Content(Diagnostics::from(Diagnostic::error(
            target,
            "the latest edition has no default-language text",
        ))));
    };
    let text = format!(
        "+++\nversion = \"{next}\"\npublished = {today}\nsummary = \"\"   # what changed, in one sentence\nchanges = []\n+++\n{}",
        original.body
    );
    let path = root
        .join("content")
        .join(op_id)
        .join(policy_id)
        .join(format!("{next}.md"));
    write_new(&path, &text)?;
    println!(
        "Created {} from version {}: edit the text and fill in `summary`.",
        path.display(),
        latest.version
    );
    Ok(())
}
