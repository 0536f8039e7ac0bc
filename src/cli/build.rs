//! `redakt build`: the whole site into a staging folder, swapped in for the output on success.

use std::path::{Path, PathBuf};

use clap::Args;

use super::{parse_date, report, Failure};
use crate::site::{self, LoadOptions};

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
    };
    let output = args.output.unwrap_or_else(|| root.join("public"));
    site::check_output(root, &output).map_err(Failure::Usage)?;
    let built = site::build(&options, &output)?;
    report(&built.warnings);
    println!(
        "Built {} page(s) from {} edition(s) into {}",
        built.pages,
        built.editions,
        built.output.display()
    );
    if args.verbose {
        for (stage, took) in built.stages {
            println!("  {stage:<8} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    Ok(())
}
