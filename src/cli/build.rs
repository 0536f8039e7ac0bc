//! `redakt build`: the site into the output folder, all or nothing, writing only what changed
//! since the last build (nothing at all when nothing did; see [`crate::site::build`]).

use std::path::{Path, PathBuf};

use clap::Args;

use super::{parse_date, report, Failure};
use crate::lock::{self, Target};
use crate::site::{self, BuildOptions, LoadOptions, Outcome};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Build as of this day (YYYY-MM-DD) instead of today: decides which editions are current.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<time::Date>,
    /// Include editions marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Output folder [default: public inside the site folder].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override `base_url` of site.toml, e.g. for a staging host.
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Accept the changed text of this published edition as a deliberate correction (a
    /// typo), recorded in editions.lock. Repeatable.
    #[arg(long, value_name = "OP/POLICY@VERSION", value_parser = Target::parse)]
    pub correct: Vec<Target>,
    /// Ignore and do not keep `.redakt-cache/`: render everything and replace the output
    /// folder whole, as a first build does.
    #[arg(long)]
    pub no_cache: bool,
    /// Print how long each stage took.
    #[arg(long, short)]
    pub verbose: bool,
}

fn parse_base_url(url: &str) -> Result<String, String> {
    crate::config::split_base_url(url).map(|_| url.to_string())
}

pub fn run(root: &Path, args: BuildArgs) -> Result<(), Failure> {
    let options = LoadOptions {
        root: root.to_path_buf(),
        date: args.date,
        drafts: args.drafts,
        base_url: args.base_url,
        corrections: args.correct,
        lint: Some(crate::check::Options::default()),
    };
    let output = args.output.unwrap_or_else(|| root.join("public"));
    site::check_output(root, &output).map_err(Failure::Usage)?;
    let built = site::build(&BuildOptions {
        load: options,
        output,
        cache: !args.no_cache,
    })?;
    report(&built.warnings);
    println!("{}", summary(&built));
    if built.lock_written {
        println!("{}", lock_summary(built.lock_changes));
    }
    if args.verbose {
        for (stage, took) in &built.stages {
            println!("  {stage:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
        let cache = built.cache;
        if cache.hits + cache.misses > 0 {
            println!(
                "  cache    {} redline(s) reused, {} made{}",
                cache.hits,
                cache.misses,
                match cache.unwritten {
                    0 => String::new(),
                    n => format!(", {n} could not be stored"),
                }
            );
        }
    }
    Ok(())
}

/// The line that says what the build did to the output folder.
fn summary(built: &site::BuildReport) -> String {
    let what = format!("{} page(s) from {} edition(s)", built.pages, built.editions);
    let output = built.output.display();
    match built.outcome {
        Outcome::UpToDate => {
            format!("Nothing changed: {output} is up to date ({what}); nothing was written")
        }
        Outcome::Updated {
            written,
            removed,
            unchanged,
        } if unchanged > 0 || removed > 0 => format!(
            "Built {what} into {output}: {written} file(s) written, {removed} removed, {unchanged} unchanged"
        ),
        Outcome::Updated { .. } => format!("Built {what} into {output}"),
    }
}

/// What the build did to editions.lock, for the one line of the report.
fn lock_summary(changes: lock::Changes) -> String {
    let mut parts = Vec::new();
    if changes.added > 0 {
        parts.push(format!("locked {} newly published text(s)", changes.added));
    }
    if changes.corrected > 0 {
        parts.push(format!("recorded {} correction(s)", changes.corrected));
    }
    if parts.is_empty() {
        parts.push("rewritten".to_string());
    }
    format!("{}: {}; commit it", lock::FILE, parts.join(", "))
}
