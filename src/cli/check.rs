//! `redakt check`: every validation of the build, rendering included, and the lints, without
//! writing output. Findings print like a compiler's, or as JSON for tools.

use std::io::Write;
use std::path::Path;

use clap::{Args, ValueEnum};

use super::{parse_date, report, Failure};
use crate::diagnostics::Diagnostics;
use crate::lock::Target;
use crate::site::{self, output::Discard, LoadOptions, Loaded};

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
    /// Fail (exit code 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Lint archived editions too (by default only current, upcoming and unpublished ones).
    #[arg(long)]
    pub archived: bool,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `file:line:col: warning[code]: message`, a hint, then a summary, on stderr.
    Human,
    /// One JSON document on stdout (schema in the README).
    Json,
}

pub fn run(root: &Path, args: CheckArgs) -> Result<(), Failure> {
    let options = LoadOptions {
        root: root.to_path_buf(),
        date: args.date,
        drafts: args.drafts,
        base_url: None,
        corrections: args.correct,
        lint: Some(crate::check::Options {
            archived: args.archived,
        }),
    };
    let outcome = site::load(&options).and_then(|loaded| {
        // Rendering into memory catches template errors without touching public/.
        site::render(&loaded.site, &Discard)?;
        Ok(loaded)
    });
    match args.format {
        Format::Json => json(outcome, args.deny_warnings),
        Format::Human => human(outcome, args.deny_warnings),
    }
}

fn json(outcome: Result<Loaded, Diagnostics>, deny_warnings: bool) -> Result<(), Failure> {
    let (findings, silenced) = match &outcome {
        Ok(loaded) => (loaded.warnings.clone(), loaded.silenced),
        Err(problems) => (problems.clone(), 0),
    };
    let failed = findings.has_errors() || (deny_warnings && !findings.is_empty());
    // A tool reading only the head of the document closes the pipe early: not an error.
    let _ = writeln!(
        std::io::stdout().lock(),
        "{}",
        crate::diagnostics::to_json(findings, silenced)
    );
    if failed {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}

fn human(outcome: Result<Loaded, Diagnostics>, deny_warnings: bool) -> Result<(), Failure> {
    let loaded = outcome?;
    report(&loaded.warnings);
    let warnings = loaded.warnings.len();
    if deny_warnings && warnings > 0 {
        eprintln!("error: {warnings} warning(s) denied by --deny-warnings");
        return Err(Failure::Reported);
    }
    println!("{}", summary(&loaded));
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

/// `OK: 4 operator(s), … ; no errors, 2 warning(s) (1 allowed)`.
fn summary(loaded: &Loaded) -> String {
    let portal = &loaded.site.portal;
    let policies: Vec<_> = portal.operators.iter().flat_map(|o| &o.policies).collect();
    let editions: usize = policies.iter().map(|p| p.editions.len()).sum();
    let files: usize = policies
        .iter()
        .flat_map(|p| &p.editions)
        .map(|e| e.texts.len())
        .sum();
    let mut line = format!(
        "OK: {} operator(s), {} policies, {editions} editions in {files} files; no errors, {} warning(s)",
        portal.operators.len(),
        policies.len(),
        loaded.warnings.len()
    );
    if loaded.silenced > 0 {
        line.push_str(&format!(" ({} allowed by [lint])", loaded.silenced));
    }
    line
}
