//! The command line: parse arguments, call the library, print diagnostics like a compiler,
//! pick the exit code (0 fine, 1 bad content, 2 bad usage). One module per command.

mod build;
mod check;
mod diff;
mod import;
mod init;
mod new;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostics::Diagnostics;

#[derive(Debug, Parser)]
#[command(
    name = "redakt",
    version,
    about = "Static site generator for policy portals: every edition of every policy, forever."
)]
pub struct Cli {
    /// The site folder (holding site.toml and content/).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with one example operator.
    Init(init::InitArgs),
    /// Scaffold an operator or a new edition of a policy.
    #[command(subcommand)]
    New(new::NewCommand),
    /// Build the site into public/.
    Build(build::BuildArgs),
    /// Validate the site without writing anything.
    Check(check::CheckArgs),
    /// Show what changed between two editions of a policy.
    Diff(diff::DiffArgs),
    /// Preview the site: build it in memory, serve it, rebuild and reload on every change.
    Serve(serve::ServeArgs),
    /// Turn a .docx, .txt or .md policy into a new edition file.
    Import(import::ImportArgs),
}

/// Parses `std::env::args` and runs the command.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    run(cli)
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Init(args) => init::run(&cli.root, args),
        Command::New(command) => new::run(&cli.root, command),
        Command::Build(args) => build::run(&cli.root, args),
        Command::Check(args) => check::run(&cli.root, args),
        Command::Diff(args) => diff::run(&cli.root, args),
        Command::Serve(args) => serve::run(&cli.root, args),
        Command::Import(args) => import::run(&cli.root, args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Content(problems)) => {
            report(&problems);
            ExitCode::from(1)
        }
        Err(Failure::Reported) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Why a command failed: the content is wrong (1) or the command line is (2).
#[derive(Debug)]
pub enum Failure {
    Content(Diagnostics),
    /// Bad content whose findings the command has already printed (JSON, denied warnings).
    Reported,
    Usage(String),
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Self {
        Failure::Content(d)
    }
}

impl From<crate::diagnostics::Diagnostic> for Failure {
    fn from(d: crate::diagnostics::Diagnostic) -> Self {
        Failure::Content(d.into())
    }
}

/// Prints every finding, then a one-line count.
pub fn report(problems: &Diagnostics) {
    let findings = problems.clone().sorted();
    let errors = findings.iter().filter(|d| d.is_error()).count();
    let warnings = findings.len() - errors;
    for d in findings {
        eprint!("{d}");
        eprintln!();
    }
    if errors > 0 {
        eprintln!("error: {errors} error(s), {warnings} warning(s); nothing was written");
    } else if warnings > 0 {
        eprintln!("{warnings} warning(s)");
    }
}

/// Splits `<operator>/<policy>` as `new edition` and `diff` take it.
fn split_policy(target: &str) -> Result<(&str, &str), Failure> {
    target.split_once('/').ok_or_else(|| {
        Failure::Usage(format!(
            "`{target}` must be <operator>/<policy>, e.g. qadam/privacy"
        ))
    })
}

/// Parses `YYYY-MM-DD` for `--date`.
pub use crate::content::parse_iso_date as parse_date;
