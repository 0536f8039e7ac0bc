//! `redakt check`: every validation of the build, rendering included, without writing output.

use std::path::Path;

use clap::Args;

use super::{parse_date, report, Failure};
use crate::site::{self, output::Discard, LoadOptions};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<time::Date>,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(root: &Path, args: CheckArgs) -> Result<(), Failure> {
    let options = LoadOptions {
        root: root.to_path_buf(),
        date: args.date,
        drafts: args.drafts,
        base_url: None,
    };
    let loaded = site::load(&options)?;
    // Rendering into memory catches template errors without touching public/.
    site::render(&loaded.site, &Discard)?;
    report(&loaded.warnings);
    let policies: Vec<_> = loaded
        .site
        .portal
        .operators
        .iter()
        .flat_map(|o| &o.policies)
        .collect();
    let editions: usize = policies.iter().map(|p| p.editions.len()).sum();
    let files: usize = policies
        .iter()
        .flat_map(|p| &p.editions)
        .map(|e| e.texts.len())
        .sum();
    println!(
        "OK: {} operator(s), {} policies, {editions} editions in {files} files; no errors",
        loaded.site.portal.operators.len(),
        policies.len()
    );
    Ok(())
}
