//! `redakt check`: every validation of the build, rendering included, without writing output.

use std::path::Path;

use clap::Args;

use super::{parse_date, report, Failure};
use crate::lock::Target;
use crate::site::{self, output::Discard, LoadOptions};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check as of this day (YYYY-MM-DD) instead of today.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<time::Date>,
    /// Check drafts too.
    #[arg(long)]
    pub drafts: bool,
    /// Preview `build --correct`: accept the changed text of this published edition as a
    /// deliberate correction (nothing is written). Repeatable.
    #[arg(long, value_name = "OP/POLICY@VERSION", value_parser = Target::parse)]
    pub correct: Vec<Target>,
}

pub fn run(root: &Path, args: CheckArgs) -> Result<(), Failure> {
    let options = LoadOptions {
        root: root.to_path_buf(),
        date: args.date,
        drafts: args.drafts,
        base_url: None,
        corrections: args.correct,
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
    let lock = loaded.lock_changes;
    if lock.added > 0 || lock.corrected > 0 {
        println!(
            "A build would lock {} newly published text(s) and record {} correction(s) in {}",
            lock.added,
            lock.corrected,
            crate::lock::FILE
        );
    }
    Ok(())
}
