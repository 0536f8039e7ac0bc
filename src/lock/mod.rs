//! `editions.lock`: the promise that a published edition never changes, kept as data.
//!
//! The policies on a portal promise readers that a posted text stays as it was; a change is
//! a new edition. A build therefore records the fingerprint of every published edition in
//! every language (SHA-256 of its Markdown body, see [`EditionText::sha256`]), and a later
//! build or check that finds a locked text changed stops and says so. A deliberate
//! correction (a typo) goes through `--correct`, and the lock keeps a dated record of it,
//! which the edition page and the API show.
//!
//! The file is plain text, one sorted line per edition and language, so that it diffs and
//! merges well in git:
//!
//! ```text
//! <op>/<policy>@<version> <lang> <sha256> [corrected:<YYYY-MM-DD>:<previous sha256>]...
//! ```
//!
//! This module owns the format, reading, checking and writing. It reads the loaded
//! [`Portal`] only, before timelines are resolved, so it never depends on how pages are made.

use std::collections::btree_map::Entry as MapEntry;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::path::Path;

use time::Date;

use crate::content::{self, iso_date, Edition, EditionText, Portal, Version};
use crate::diagnostics::{Diagnostic, Diagnostics};
use syntax::{parse_edition, parse_line, Bad};

mod syntax;

/// The lock's file name, at the site root next to site.toml.
pub const FILE: &str = "editions.lock";

/// Where a new lock is written before it is renamed over the old one (ignored by git).
const TEMP_FILE: &str = "editions.lock.tmp";

/// The first header line names the format, so that a future format is refused, not misread.
const FORMAT_PREFIX: &str = "# redakt editions.lock, format ";
const FORMAT: &str = "1";

const HEADER: &str = "# redakt editions.lock, format 1
# Fingerprints of published editions, written by `redakt build`; commit it.
# A published text never changes: publish a new edition instead, or record a deliberate
# correction with `redakt build --correct <op>/<policy>@<version>`.
# <op>/<policy>@<version> <lang> <sha256> [corrected:<date>:<previous sha256>]...
";

/// What every message about a malformed line suggests.
const LINE_HINT: &str = "lines read `<op>/<policy>@<version> <lang> <sha256>`, optionally followed by `corrected:<YYYY-MM-DD>:<previous sha256>`; editions.lock is written by `redakt build`, so restore it from git (`git checkout -- editions.lock`) rather than editing it";

/// The text one line locks. The derived order is the file's order: operator, policy,
/// version (numerically, 2.10 after 2.9), language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub operator: String,
    pub policy: String,
    pub version: Version,
    pub lang: String,
}

/// A deliberate change to a locked text, recorded by `--correct`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    /// The build date of the correcting build.
    pub date: Date,
    /// The fingerprint the text had before.
    pub previous_sha256: String,
}

/// One locked text.
#[derive(Debug, Clone)]
pub struct Locked {
    pub sha256: String,
    /// Oldest first.
    pub corrections: Vec<Correction>,
    /// The line it was read from; `None` for a text this build locks.
    line: Option<usize>,
}

/// The whole lock: every locked text, in the file's order.
#[derive(Debug, Clone, Default)]
pub struct Lock {
    entries: BTreeMap<Key, Locked>,
}

/// An edition named on the command line, `<op>/<policy>@<version>` (`--correct`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub operator: String,
    pub policy: String,
    pub version: Version,
}

/// How checking changes the lock, for the build's report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    /// Texts published since the lock was last written, now locked.
    pub added: usize,
    /// Locked texts whose change `--correct` accepted.
    pub corrected: usize,
}

/// What [`Lock::check`] found, and the lock a successful build writes.
#[derive(Debug, Default)]
pub struct Checked {
    pub lock: Lock,
    pub changes: Changes,
    /// Changed texts (errors) and `--correct` targets with nothing to correct (warnings).
    pub problems: Diagnostics,
    /// Locked texts and `--correct` targets not found on disk. Meaningful only when the
    /// content loaded without errors: a file that failed to load looks missing too.
    pub unfound: Diagnostics,
}

impl Lock {
    /// Reads `root/editions.lock`; a site without one has an empty lock.
    pub fn read(root: &Path) -> Result<Lock, Diagnostics> {
        let path = root.join(FILE);
        if !path.exists() {
            return Ok(Lock::default());
        }
        let text = content::read_text(&path, Path::new(FILE))?;
        Lock::parse(&text)
    }

    /// Parses the text of a lock file; every malformed line is reported.
    pub fn parse(text: &str) -> Result<Lock, Diagnostics> {
        let mut lock = Lock::default();
        let mut problems = Diagnostics::new();
        let mut start = 0;
        for (index, line) in text.split_inclusive('\n').enumerate() {
            let at = |bad: Bad| {
                Diagnostic::error(FILE, bad.message)
                    .with_hint(bad.hint)
                    .at_offset(text, start + bad.offset, 1)
            };
            match parse_line(line.trim_end()) {
                Ok(Some((key, locked))) => {
                    if let Err(bad) = lock.insert(key, locked, index + 1) {
                        problems.push(at(bad));
                    }
                }
                Ok(None) => {}
                Err(bad) => problems.push(at(bad)),
            }
            start += line.len();
        }
        if problems.has_errors() {
            Err(problems)
        } else {
            Ok(lock)
        }
    }

    fn insert(&mut self, key: Key, mut locked: Locked, line: usize) -> Result<(), Bad> {
        locked.line = Some(line);
        match self.entries.entry(key) {
            MapEntry::Vacant(slot) => {
                slot.insert(locked);
                Ok(())
            }
            MapEntry::Occupied(first) => Err(Bad {
                offset: 0,
                message: format!(
                    "{} is locked twice: line {} locks it too",
                    first.key(),
                    first.get().line.unwrap_or(0)
                ),
                hint: "keep one line per edition and language; if their fingerprints differ, restore editions.lock from git".into(),
            }),
        }
    }

    /// The lock as the file holds it: the header, then one line per text, sorted.
    pub fn format(&self) -> String {
        let mut text = HEADER.to_string();
        for (key, locked) in &self.entries {
            text.push_str(&line_of(key, locked));
            text.push('\n');
        }
        text
    }

    /// Writes the lock into `root/editions.lock` unless the file already holds exactly this
    /// text (it is then not touched at all); returns whether it wrote. The text goes to a
    /// temporary file first and is renamed into place, so a crash never leaves half a lock.
    pub fn write(&self, root: &Path) -> Result<bool, Diagnostic> {
        let path = root.join(FILE);
        let text = self.format();
        if std::fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            return Ok(false);
        }
        let temp = root.join(TEMP_FILE);
        let written = std::fs::File::create(&temp)
            .and_then(|mut file| file.write_all(text.as_bytes()).and(file.sync_all()));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temp);
            return Err(io_error(&temp, "cannot write the new lock", e));
        }
        std::fs::rename(&temp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            io_error(&path, "cannot replace the lock", e)
        })?;
        Ok(true)
    }

    /// The corrections recorded for one text, oldest first.
    pub fn corrections(
        &self,
        operator: &str,
        policy: &str,
        version: &Version,
        lang: &str,
    ) -> &[Correction] {
        let key = Key {
            operator: operator.to_string(),
            policy: policy.to_string(),
            version: version.clone(),
            lang: lang.to_string(),
        };
        self.entries
            .get(&key)
            .map_or(&[], |locked| locked.corrections.as_slice())
    }

    /// Checks every locked text against `portal` as loaded (drafts and future editions
    /// included: a locked text is locked whatever its front-matter now says), accepts the
    /// changes `corrections` name, and locks every text published as of `today`.
    pub fn check(&self, portal: &Portal, today: Date, corrections: &[Target]) -> Checked {
        let mut checked = Checked {
            lock: self.clone(),
            ..Checked::default()
        };
        for (key, locked) in &self.entries {
            let Some(text) = find(portal, key) else {
                checked.unfound.push(gone(key, locked));
                continue;
            };
            if text.sha256 == locked.sha256 {
                continue;
            }
            if corrections.iter().any(|t| t.names(key)) {
                checked.lock.correct(key, today, &text.sha256);
                checked.changes.corrected += 1;
            } else {
                checked.problems.push(changed(key, locked, text));
            }
        }
        for target in corrections {
            self.check_target(target, portal, &mut checked);
        }
        checked.changes.added = checked.lock.add_published(portal, today);
        checked
    }

    /// Checks one freshly reloaded policy against the texts locked on disk: what [`check`]
    /// does, for the preview server, which reloads a policy folder after an edit. Texts
    /// this run locked itself (not yet written) are not checked: a build would lock them
    /// anew.
    ///
    /// [`check`]: Lock::check
    pub fn check_policy(&self, operator: &str, policy: &crate::content::Policy) -> Diagnostics {
        let mut problems = Diagnostics::new();
        let ours = |key: &Key| key.operator == operator && key.policy == policy.id;
        for (key, locked) in self
            .entries
            .iter()
            .filter(|(k, l)| ours(k) && l.line.is_some())
        {
            let text = policy.edition(&key.version).and_then(|e| e.text(&key.lang));
            match text {
                None => problems.push(gone(key, locked)),
                Some(text) if text.sha256 != locked.sha256 => {
                    problems.push(changed(key, locked, text))
                }
                Some(_) => {}
            }
        }
        problems
    }

    /// A `--correct` target must name an edition, and one whose locked text changed.
    fn check_target(&self, target: &Target, portal: &Portal, checked: &mut Checked) {
        let Some(edition) = find_edition(portal, &target.operator, &target.policy, &target.version)
        else {
            checked.unfound.push(no_such_target(target, portal));
            return;
        };
        let changed = self
            .entries
            .iter()
            .filter(|(key, _)| target.names(key))
            .any(|(key, locked)| find(portal, key).is_some_and(|t| t.sha256 != locked.sha256));
        if !changed {
            let file = edition.texts.values().next().map(|t| t.file.clone());
            checked.problems.push(
                Diagnostic::warning(
                    file.unwrap_or_else(|| "--correct".into()),
                    format!("`--correct {target}`: nothing to correct: no locked text of version {} has changed", target.version),
                )
                .with_hint(format!("drop `--correct {target}`; it is needed only for the build that publishes a correction")),
            );
        }
    }

    fn correct(&mut self, key: &Key, today: Date, sha256: &str) {
        if let Some(locked) = self.entries.get_mut(key) {
            let previous = std::mem::replace(&mut locked.sha256, sha256.to_string());
            locked.corrections.push(Correction {
                date: today,
                previous_sha256: previous,
            });
        }
    }

    /// Locks every text published as of `today` that is not locked yet; returns how many.
    fn add_published(&mut self, portal: &Portal, today: Date) -> usize {
        let mut added = 0;
        for (key, text) in published_texts(portal, today) {
            if let MapEntry::Vacant(slot) = self.entries.entry(key) {
                slot.insert(Locked {
                    sha256: text.sha256.clone(),
                    corrections: Vec::new(),
                    line: None,
                });
                added += 1;
            }
        }
        added
    }
}

/// Texts that are published as of `today`: neither drafts (of the edition or of the
/// translation) nor posted after today.
fn published_texts(portal: &Portal, today: Date) -> Vec<(Key, &EditionText)> {
    let mut texts = Vec::new();
    for operator in &portal.operators {
        for policy in &operator.policies {
            let published = policy
                .editions
                .iter()
                .filter(|e| !e.draft && e.published <= today);
            for edition in published {
                for (lang, text) in edition.texts.iter().filter(|(_, t)| !t.draft) {
                    let key = Key {
                        operator: operator.id.clone(),
                        policy: policy.id.clone(),
                        version: edition.version.clone(),
                        lang: lang.clone(),
                    };
                    texts.push((key, text));
                }
            }
        }
    }
    texts
}

fn find_edition<'p>(
    portal: &'p Portal,
    operator: &str,
    policy: &str,
    version: &Version,
) -> Option<&'p Edition> {
    portal.policy(operator, policy)?.edition(version)
}

fn find<'p>(portal: &'p Portal, key: &Key) -> Option<&'p EditionText> {
    find_edition(portal, &key.operator, &key.policy, &key.version)?.text(&key.lang)
}

fn line_of(key: &Key, locked: &Locked) -> String {
    let mut line = format!("{key} {}", locked.sha256);
    for c in &locked.corrections {
        let _ = write!(
            line,
            " corrected:{}:{}",
            iso_date(c.date),
            c.previous_sha256
        );
    }
    line
}

/// A locked text whose body changed: the error points at the start of the body.
fn changed(key: &Key, locked: &Locked, text: &EditionText) -> Diagnostic {
    let (op, policy, version) = (&key.operator, &key.policy, &key.version);
    let d = Diagnostic::error(
        &text.file,
        format!(
            "the text of published edition {op}/{policy} version {version} ({}) has changed: editions.lock has fingerprint {}, {} now has {}",
            key.lang, locked.sha256, text.file.display(), text.sha256
        ),
    )
    .with_hint(format!(
        "a published edition's text cannot change. Publish the change as a new edition (`redakt new edition {op}/{policy}`), or, for a deliberate correction such as a typo, rebuild with `redakt build --correct {op}/{policy}@{version}`, which records the correction in editions.lock"
    ));
    // Point at the first line of text, not at a blank line after the front-matter.
    match text
        .body
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty())
    {
        Some((index, line)) => d.at_line(text.body_line + index, Some(line)),
        None => d.at_line(text.body_line, None),
    }
}

/// A locked text that is no longer on disk.
fn gone(key: &Key, locked: &Locked) -> Diagnostic {
    let d = Diagnostic::error(
        FILE,
        format!(
            "{} version {} ({}) is locked, but it is no longer on disk: content/{}/{}/ has no file of version {} in `{}`",
            key.path(), key.version, key.lang, key.operator, key.policy, key.version, key.lang
        ),
    )
    .with_hint("a published edition stays forever: restore its file (e.g. with `git checkout`), or, if it was published by mistake, delete this line from editions.lock deliberately");
    match locked.line {
        Some(line) => d.at_line(line, Some(&line_of(key, locked))),
        None => d,
    }
}

fn no_such_target(target: &Target, portal: &Portal) -> Diagnostic {
    let versions: Option<Vec<String>> = portal
        .operators
        .iter()
        .find(|o| o.id == target.operator)
        .and_then(|o| o.policies.iter().find(|p| p.id == target.policy))
        .map(|p| p.editions.iter().map(|e| e.version.to_string()).collect());
    let hint = match versions {
        Some(versions) => format!(
            "{}/{} has versions {}; name one of them",
            target.operator,
            target.policy,
            versions.join(", ")
        ),
        None => format!(
            "there is no policy content/{}/{}/; name an edition as <operator>/<policy>@<version>",
            target.operator, target.policy
        ),
    };
    Diagnostic::error(
        "--correct",
        format!("`--correct {target}` names an edition that does not exist"),
    )
    .with_hint(hint)
}

impl Key {
    fn path(&self) -> String {
        format!("{}/{}", self.operator, self.policy)
    }
}

impl fmt::Display for Key {
    /// `op/policy@1.0 kk`: the start of its line in the file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}@{} {}",
            self.operator, self.policy, self.version, self.lang
        )
    }
}

impl Target {
    /// Parses `<op>/<policy>@<version>`; the error says what is wrong, for clap to print.
    pub fn parse(text: &str) -> Result<Target, String> {
        parse_edition(text).map_err(|(_, why)| why)
    }

    fn names(&self, key: &Key) -> bool {
        self.operator == key.operator && self.policy == key.policy && self.version == key.version
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}@{}", self.operator, self.policy, self.version)
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
        .with_hint("check that the site folder is writable and the disk is not full")
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;
    use crate::diagnostics::Position;

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    fn key(operator: &str, policy: &str, version: &str, lang: &str) -> Key {
        Key {
            operator: operator.into(),
            policy: policy.into(),
            version: Version::parse(version).unwrap(),
            lang: lang.into(),
        }
    }

    fn lines(lock: &Lock) -> Vec<String> {
        lock.format()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    }

    fn first_error(text: &str) -> Diagnostic {
        Lock::parse(text).unwrap_err().sorted().remove(0)
    }

    #[test]
    fn format_and_parse_round_trip() {
        let text = format!(
            "{HEADER}op/privacy@1.0 kk {A}\nop/privacy@1.0 ru {B} corrected:2026-11-23:{A} corrected:2026-12-01:{A}\n"
        );
        let lock = Lock::parse(&text).unwrap();
        assert_eq!(lock.format(), text);
        let corrections = lock.corrections("op", "privacy", &Version::parse("1.0").unwrap(), "ru");
        assert_eq!(corrections.len(), 2);
        assert_eq!(corrections[0].date, date!(2026 - 11 - 23));
    }

    #[test]
    fn lines_sort_by_operator_policy_numeric_version_and_language() {
        let mut lock = Lock::default();
        for k in [
            key("op", "privacy", "10", "ru"),
            key("op", "privacy", "9", "ru"),
            key("op", "privacy", "9", "en"),
            key("op", "consent", "2", "ru"),
            key("alpha", "terms", "1", "ru"),
        ] {
            let locked = Locked {
                sha256: A.into(),
                corrections: Vec::new(),
                line: None,
            };
            lock.entries.insert(k, locked);
        }
        let order: Vec<String> = lines(&lock)
            .iter()
            .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            order,
            [
                "alpha/terms@1 ru",
                "op/consent@2 ru",
                "op/privacy@9 en",
                "op/privacy@9 ru",
                "op/privacy@10 ru"
            ]
        );
    }

    #[test]
    fn parsing_reorders_a_hand_shuffled_file() {
        let lock = Lock::parse(&format!("op/p@2.10 ru {A}\n\nop/p@2.9 ru {B}\n")).unwrap();
        assert_eq!(
            lines(&lock),
            [format!("op/p@2.9 ru {B}"), format!("op/p@2.10 ru {A}")]
        );
    }

    #[test]
    fn a_bad_fingerprint_is_pointed_at_by_line_and_column() {
        let d = first_error(&format!(
            "# lock\nop/privacy@1.0 ru {A}\nop/privacy@2.0 ru xyz\n"
        ));
        assert_eq!(d.file, Path::new(FILE));
        assert_eq!(
            d.position,
            Some(Position {
                line: 3,
                column: 19
            })
        );
        assert!(d.message.contains("`xyz`"), "{}", d.message);
        assert!(d.hint.is_some());
    }

    #[test]
    fn malformed_lines_name_what_is_wrong() {
        let cases = [
            (format!("op/privacy {A} ru"), 1, "no version"),
            (format!("op/privacy@1.0 russian {A}"), 16, "language code"),
            (format!("Op/privacy@1.0 ru {A}"), 1, "operator id"),
            (format!("op/privacy@1.x ru {A}"), 12, "dotted number"),
            ("op/privacy@1.0 ru".to_string(), 18, "found 2 field(s)"),
            (
                format!("op/privacy@1.0 ru {A} fixed:{B}"),
                84,
                "unknown record",
            ),
            (
                format!("op/privacy@1.0 ru {A} corrected:2026-02-30:{B}"),
                84,
                "not a date",
            ),
        ];
        for (line, column, words) in cases {
            let d = first_error(&format!("{line}\n"));
            assert_eq!(d.position.map(|p| p.column), Some(column), "{line}: {d}");
            assert!(d.message.contains(words), "{line}: {d}");
        }
    }

    #[test]
    fn every_bad_line_is_reported_and_duplicates_name_the_first() {
        let text = format!("op/p@1 ru {A}\nop/p@1.0 ru {B}\nbad\n");
        let found = Lock::parse(&text).unwrap_err().sorted();
        assert_eq!(found.len(), 2);
        assert!(found[0].message.contains("line 1"), "{}", found[0]);
    }

    #[test]
    fn an_unknown_format_is_refused() {
        let d = first_error("# redakt editions.lock, format 2\n");
        assert!(d.message.contains("format `2`"), "{}", d.message);
        assert_eq!(d.position.map(|p| p.column), Some(FORMAT_PREFIX.len() + 1));
    }

    #[test]
    fn targets_parse_and_print() {
        let target = Target::parse("qadam/privacy@2.1").unwrap();
        assert_eq!(target.to_string(), "qadam/privacy@2.1");
        for bad in [
            "qadam/privacy",
            "qadam@2.1",
            "qadam/privacy@",
            "Qadam/privacy@1",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad}");
        }
    }
}
