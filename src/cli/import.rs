//! `redakt import FILE --operator <op> --policy <policy>`: an office document into a new
//! edition file, never over an existing one, with a report of what the import did.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{new::write_new, parse_date, Failure};
use crate::config::SiteConfig;
use crate::content::{self, ident, version, Version};
use crate::diagnostics::display_path;
use crate::import::{self, Front, Report};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The document: .docx, .txt or .md (UTF-8, UTF-16, Windows-1251 or KOI8-R).
    pub file: PathBuf,
    /// Operator id: the folder under content/.
    #[arg(long)]
    pub operator: String,
    /// Policy id: the folder under the operator.
    #[arg(long)]
    pub policy: String,
    /// Version of the edition [default: 1.0, or the policy's latest version bumped: 2.1 → 2.2].
    #[arg(long)]
    pub version: Option<String>,
    /// Publication date [default: today in the site's utc_offset].
    #[arg(long, value_parser = parse_date)]
    pub published: Option<time::Date>,
    /// Write to this file instead of content/<op>/<policy>/<version>.md; `-` for stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// What the site already knows about the policy being imported into.
struct Target {
    config: Option<SiteConfig>,
    latest: Option<Version>,
    operator_known: bool,
}

pub fn run(root: &Path, args: ImportArgs) -> Result<(), Failure> {
    for (what, id) in [("operator", &args.operator), ("policy", &args.policy)] {
        if !ident::is_valid(id) {
            return Err(Failure::Usage(format!(
                "`{id}` is not a valid {what} id; try `{}`",
                ident::suggest(id)
            )));
        }
    }
    let target = target(root, &args)?;
    let version = version_of(&args, &target)?;
    let today = time::OffsetDateTime::now_utc()
        .to_offset(target.config.as_ref().map_or(KAZAKHSTAN, |c| c.utc_offset))
        .date();
    let front = Front {
        version: version.to_string(),
        published: args.published.unwrap_or(today),
        next_edition: target.latest.is_some(),
    };
    let imported = import::import(&args.file, &args.file, &front)?;
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let written = match &args.output {
        Some(_) if to_stdout => {
            print_stdout(&imported.text)?;
            None
        }
        Some(path) => {
            write_new(path, &imported.text)?;
            Some(path.clone())
        }
        None => {
            let path = root
                .join("content")
                .join(&args.operator)
                .join(&args.policy)
                .join(format!("{version}.md"));
            write_new(&path, &imported.text)?;
            Some(display_path(root, &path))
        }
    };
    let report = report(&args, written.as_deref(), &imported.report, &target, &front);
    if to_stdout {
        eprint!("{report}");
    } else {
        print!("{report}");
    }
    Ok(())
}

/// The site's default offset, for an import outside any site.
const KAZAKHSTAN: time::UtcOffset = time::macros::offset!(+5);

fn print_stdout(text: &str) -> Result<(), Failure> {
    std::io::stdout()
        .write_all(text.as_bytes())
        .map_err(|e| Failure::Usage(format!("cannot write to stdout: {e}")))
}

/// Reads the site, if there is one, for the policy's latest version. Without a site the
/// edition can still go to `--output`.
fn target(root: &Path, args: &ImportArgs) -> Result<Target, Failure> {
    if !root.join("site.toml").is_file() {
        if args.output.is_none() {
            return Err(Failure::Usage(format!(
                "no site in {} (site.toml not found): pass --root <site folder>, or --output FILE (or - for stdout)",
                root.display()
            )));
        }
        return Ok(Target {
            config: None,
            latest: None,
            operator_known: true,
        });
    }
    let config = SiteConfig::load(&root.join("site.toml"), Path::new("site.toml"))?;
    // Problems elsewhere in the content are `check`'s business, not a reason to refuse.
    let (portal, _) = content::load(root, &config);
    let latest = portal
        .policy(&args.operator, &args.policy)
        .and_then(|p| p.editions.last())
        .map(|e| e.version.clone());
    let operator_known = root
        .join("content")
        .join(&args.operator)
        .join("_operator.toml")
        .is_file();
    Ok(Target {
        config: Some(config),
        latest,
        operator_known,
    })
}

fn version_of(args: &ImportArgs, target: &Target) -> Result<Version, Failure> {
    let Some(wanted) = &args.version else {
        return Ok(match &target.latest {
            Some(latest) => version::bump(latest),
            None => Version::parse("1.0").map_err(Failure::Usage)?,
        });
    };
    let wanted =
        Version::parse(wanted).map_err(|why| Failure::Usage(format!("--version: {why}")))?;
    match &target.latest {
        Some(latest) if wanted <= *latest => Err(Failure::Usage(format!(
            "version {wanted} is not after the latest version {latest} of {}/{}",
            args.operator, args.policy
        ))),
        _ => Ok(wanted),
    }
}

/// The report: what was found, removed and left, then what to do next.
fn report(
    args: &ImportArgs,
    written: Option<&Path>,
    report: &Report,
    target: &Target,
    front: &Front,
) -> String {
    let destination = written.map_or("stdout".to_string(), |p| p.display().to_string());
    let mut out = format!(
        "Imported {} ({}) into {destination}: version {}, published {}\n",
        args.file.display(),
        report.source,
        front.version,
        content::iso_date(front.published)
    );
    if let Some(title) = &report.title {
        out.push_str(&format!("  title: {title}\n"));
    }
    out.push_str(&format!(
        "  {} section(s), {} clause(s), {} list item(s), {} table(s)\n",
        report.sections, report.clauses, report.items, report.tables
    ));
    out.push_str(&format!("  debris removed: {}\n", debris(&report.debris)));
    let at = |line: &usize| format!("{destination}:{line}");
    out.push_str(&format!(
        "  placeholders left: {}\n",
        report.placeholders.len()
    ));
    for (line, message) in &report.placeholders {
        out.push_str(&format!("    {}: {message}\n", at(line)));
    }
    out.push_str(&format!(
        "  numbering gaps and repeats: {}\n",
        report.numbering.len()
    ));
    for (line, message) in &report.numbering {
        out.push_str(&format!("    {}: {message}\n", at(line)));
    }
    out.push_str(&format!(
        "  every word of the source is in the edition ({} words)\n",
        report.words
    ));
    if front.next_edition {
        out.push_str(&format!(
            "warning: {destination}: `summary` is empty: say in one sentence what changed since version {}\n",
            target.latest.as_ref().map(Version::as_str).unwrap_or("")
        ));
    }
    if !target.operator_known {
        out.push_str(&format!(
            "warning: content/{0}/_operator.toml does not exist yet: run `redakt new operator {0}`\n",
            args.operator
        ));
    }
    out
}

fn debris(d: &import::Debris) -> String {
    if d.total() == 0 {
        return "none".to_string();
    }
    let parts = [
        (d.bookmarks, "bookmark marker(s) [bookmark: …]"),
        (d.markers, "unclosed bold/italic marker(s)"),
        (d.dot_lines, "line(s) holding only \".\""),
        (d.centring, "run(s) of centring spaces"),
    ];
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect::<Vec<_>>()
        .join(", ")
}
