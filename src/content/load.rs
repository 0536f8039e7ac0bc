//! Walks `content/` into a [`Portal`]. Files are read and parsed in parallel; every problem
//! becomes a diagnostic and loading goes on, so one run reports all of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::frontmatter::{self, key_offset, to_date, Parsed};
use super::operator::OperatorInfo;
use super::policy::{PolicyInfo, PolicyKind};
use super::{
    bin, fingerprint, ident, read_text, Edition, EditionText, Operator, Policy, Portal, Version,
};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::toml_file;

/// Loads every operator under `root/content`. Returns the portal as far as it could be
/// read, and every problem found; the caller decides whether errors stop it.
pub fn load(root: &Path, config: &SiteConfig) -> (Portal, Diagnostics) {
    let content = root.join("content");
    let mut problems = Diagnostics::new();
    let dirs = match subfolders(&content) {
        Ok(dirs) => dirs,
        Err(e) => {
            problems.push(
                Diagnostic::error("content", format!("cannot read the content folder: {e}"))
                    .with_hint(
                        "create content/ with one folder per operator (`redakt new operator <id>`)",
                    ),
            );
            return (Portal::default(), problems);
        }
    };
    let results: Vec<(Option<Operator>, Diagnostics)> = dirs
        .par_iter()
        .map(|dir| load_operator(root, dir, config))
        .collect();
    let mut operators = Vec::new();
    for (operator, found) in results {
        problems.extend(found);
        operators.extend(operator);
    }
    operators.sort_by(|a, b| a.id.cmp(&b.id));
    (Portal { operators }, problems)
}

/// Folders directly inside `dir`, sorted, hidden ones skipped.
fn subfolders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if entry.file_type()?.is_dir() && !name.to_string_lossy().starts_with('.') {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    Ok(dirs)
}

fn shown(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostics::display_path(root, path)
}

fn check_id(root: &Path, dir: &Path, what: &str, problems: &mut Diagnostics) -> Option<String> {
    let name = dir.file_name()?.to_string_lossy().into_owned();
    if ident::is_valid(&name) {
        return Some(name);
    }
    let suggestion = ident::suggest(&name);
    problems.push(
        Diagnostic::error(shown(root, dir), format!("`{name}` is not a valid {what} id: it becomes part of every URL"))
            .with_hint(format!(
                "rename the folder to `{suggestion}`: lowercase Latin letters, digits and hyphens, starting with a letter or digit"
            )),
    );
    None
}

fn load_operator(root: &Path, dir: &Path, config: &SiteConfig) -> (Option<Operator>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let id = check_id(root, dir, "operator", &mut problems);
    let file = dir.join("_operator.toml");
    let info = if file.is_file() {
        read_operator(root, &file, config, &mut problems)
    } else {
        problems.push(
            Diagnostic::error(shown(root, dir), "the operator folder has no _operator.toml").with_hint(
                "create _operator.toml with at least `name = \"ТОО «…»\"` (or run `redakt new operator <id>`)",
            ),
        );
        None
    };
    let policies: Vec<(Option<Policy>, Diagnostics)> = match subfolders(dir) {
        Ok(dirs) => dirs
            .par_iter()
            .map(|p| load_policy(root, p, config))
            .collect(),
        Err(e) => {
            problems.push(Diagnostic::error(
                shown(root, dir),
                format!("cannot read the folder: {e}"),
            ));
            Vec::new()
        }
    };
    let mut loaded = Vec::new();
    for (policy, found) in policies {
        problems.extend(found);
        loaded.extend(policy);
    }
    let operator = match (id, info) {
        (Some(id), Some(info)) => Some(Operator {
            id,
            info,
            file: shown(root, &file),
            policies: loaded,
        }),
        _ => None,
    };
    (operator, problems)
}

fn read_operator(
    root: &Path,
    file: &Path,
    config: &SiteConfig,
    problems: &mut Diagnostics,
) -> Option<OperatorInfo> {
    let shown = shown(root, file);
    let text = read_text(file, &shown).map_err(|d| problems.push(d)).ok()?;
    let info: OperatorInfo = toml_file::parse(&text, &shown, 1)
        .map_err(|d| problems.push(d))
        .ok()?;
    if let Some(number) = &info.bin {
        if let Err(why) = bin::validate(number) {
            problems.push(point_at_key(
                Diagnostic::error(&shown, format!("invalid BIN: {why}"))
                    .with_hint("copy the 12-digit BIN from the operator's registration certificate, or remove the `bin` line"),
                &text, "bin", 1,
            ));
        }
    }
    check_languages(&info.i18n, config, &text, &shown, problems);
    let dir = file.parent().unwrap_or(root);
    for (key, d) in super::branding::check(&info, dir, &shown) {
        problems.push(point_at_key(d, &text, key, 1));
    }
    Some(info)
}

fn check_languages<T>(
    i18n: &BTreeMap<String, T>,
    config: &SiteConfig,
    text: &str,
    file: &Path,
    problems: &mut Diagnostics,
) {
    for lang in i18n.keys() {
        if !config.languages.contains(lang) {
            problems.push(point_at_key(
                Diagnostic::error(
                    file,
                    format!("[i18n.{lang}] names a language that site.toml does not list"),
                )
                .with_hint(format!(
                    "add \"{lang}\" to `languages` in site.toml, or remove the table"
                )),
                text,
                &format!("[i18n.{lang}]"),
                1,
            ));
        }
    }
}

/// Points `d` at the line of `key` (or a `[table]` header) in `text`.
fn point_at_key(d: Diagnostic, text: &str, key: &str, first_line: usize) -> Diagnostic {
    let offset = if key.starts_with('[') {
        text.find(key)
    } else {
        key_offset(text, key)
    };
    match offset {
        Some(offset) => d.at_offset(text, offset, first_line),
        None => d,
    }
}

/// Loads one policy folder, as [`load`] does for each; the preview server reloads only the
/// policy whose files changed. Its timeline is left for [`super::resolve_policy`].
pub fn load_policy(root: &Path, dir: &Path, config: &SiteConfig) -> (Option<Policy>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let id = check_id(root, dir, "policy", &mut problems);
    let info_file = dir.join("_policy.toml");
    let info = if info_file.is_file() {
        let shown = shown(root, &info_file);
        read_text(&info_file, &shown)
            .and_then(|text| {
                let info: PolicyInfo = toml_file::parse(&text, &shown, 1)?;
                check_languages(&info.i18n, config, &text, &shown, &mut problems);
                Ok(info)
            })
            .map_err(|d| problems.push(d))
            .ok()
    } else {
        Some(PolicyInfo::default())
    };
    let files = match edition_files(dir) {
        Ok(files) => files,
        Err(e) => {
            problems.push(Diagnostic::error(
                shown(root, dir),
                format!("cannot read the folder: {e}"),
            ));
            return (None, problems);
        }
    };
    let texts: Vec<Result<(String, Parsed, PathBuf), Diagnostic>> = files
        .par_iter()
        .map(|file| read_edition(root, file, config))
        .collect();
    let mut parsed = Vec::new();
    for result in texts {
        match result {
            Ok(p) => parsed.push(p),
            Err(d) => problems.push(d),
        }
    }
    let editions = assemble(parsed, config, &mut problems);
    let (Some(id), Some(info)) = (id, info) else {
        return (None, problems);
    };
    let mut titles: BTreeMap<String, String> = info
        .i18n
        .into_iter()
        .filter_map(|(lang, t)| t.title.map(|title| (lang, title)))
        .collect();
    if let Some(title) = info.title {
        titles.insert(config.default_language.clone(), title);
    }
    let kind = info.kind.unwrap_or_else(|| PolicyKind::from_folder(&id));
    (
        Some(Policy {
            id,
            kind,
            titles,
            dir: shown(root, dir),
            editions,
            timeline: Default::default(),
        }),
        problems,
    )
}

/// `.md` files of a policy folder, sorted; `_`-prefixed and hidden files are not editions.
fn edition_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !name.starts_with(['_', '.']) && entry.file_type()?.is_file() {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// The language of an edition file: `2.1.kk.md` → `kk`, `2.1.md` → the default language.
fn language_of(file: &Path, config: &SiteConfig) -> Result<String, String> {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match stem.rsplit_once('.') {
        Some((_, suffix)) if config.languages.iter().any(|l| l == suffix) => Ok(suffix.to_string()),
        Some((_, suffix))
            if suffix.len() == 2 && suffix.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            Err(suffix.to_string())
        }
        _ => Ok(config.default_language.clone()),
    }
}

fn read_edition(
    root: &Path,
    file: &Path,
    config: &SiteConfig,
) -> Result<(String, Parsed, PathBuf), Diagnostic> {
    let shown = shown(root, file);
    let lang = language_of(file, config).map_err(|lang| {
        Diagnostic::error(&shown, format!("the file name marks it as a translation into `{lang}`, which site.toml does not list"))
            .with_hint(format!(
                "add \"{lang}\" to `languages` in site.toml, or rename the file (configured languages: {})",
                config.languages.join(", ")
            ))
    })?;
    let text = read_text(file, &shown)?;
    let parsed = frontmatter::parse(&text, &shown)?;
    Ok((lang, parsed, shown))
}

/// A file's front-matter after the checks that need only that file.
struct Checked {
    lang: String,
    version: Version,
    published: Option<time::Date>,
    effective: Option<time::Date>,
    parsed: Parsed,
    file: PathBuf,
}

fn check_front(
    lang: String,
    parsed: Parsed,
    file: PathBuf,
    problems: &mut Diagnostics,
) -> Option<Checked> {
    let front = &parsed.front;
    let at = |d: Diagnostic, key: &str| point_at_key(d, &parsed.front_text, key, parsed.front_line);
    let version = Version::parse(&front.version)
        .map_err(|why| {
            problems.push(at(
                Diagnostic::error(&file, format!("invalid version: {why}"))
                    .with_hint("write the version as a dotted number in quotes: version = \"2.1\""),
                "version",
            ))
        })
        .ok();
    let mut date = |key: &str, value: &Option<toml::value::Datetime>| match value {
        Some(v) => to_date(v, key)
            .map_err(|why| {
                problems.push(at(
                    Diagnostic::error(&file, why)
                        .with_hint("write a real calendar date as YYYY-MM-DD, e.g. 2024-03-01"),
                    key,
                ))
            })
            .map(Some),
        None => Ok(None),
    };
    let published = date("published", &front.published);
    let effective = date("effective", &front.effective);
    let (Some(version), Ok(published), Ok(effective)) = (version, published, effective) else {
        return None;
    };
    if let (Some(p), Some(e)) = (published, effective) {
        if e < p {
            problems.push(at(
                Diagnostic::error(&file, format!("`effective = {e}` is before `published = {p}`: an edition cannot take effect before it is posted"))
                    .with_hint(format!("set effective to {p} or later, or remove it (it then defaults to the published date)")),
                "effective",
            ));
            return None;
        }
    }
    Some(Checked {
        lang,
        version,
        published,
        effective,
        parsed,
        file,
    })
}

/// Groups files into editions by version and checks what spans files.
fn assemble(
    files: Vec<(String, Parsed, PathBuf)>,
    config: &SiteConfig,
    problems: &mut Diagnostics,
) -> Vec<Edition> {
    let checked: Vec<Checked> = files
        .into_iter()
        .filter_map(|(lang, parsed, file)| check_front(lang, parsed, file, problems))
        .collect();
    let (originals, translations): (Vec<Checked>, Vec<Checked>) = checked
        .into_iter()
        .partition(|c| c.lang == config.default_language);
    let mut editions: Vec<Edition> = Vec::new();
    let mut seen: BTreeMap<(String, Version), PathBuf> = BTreeMap::new();
    for original in originals {
        if let Some(edition) = original_edition(original, &mut seen, problems) {
            editions.push(edition);
        }
    }
    editions.sort_by(|a, b| a.version.cmp(&b.version));
    check_order(&editions, problems);
    check_summaries(&editions, problems);
    for translation in translations {
        attach_translation(translation, &mut editions, &mut seen, config, problems);
    }
    editions
}

fn duplicate(
    c: &Checked,
    seen: &mut BTreeMap<(String, Version), PathBuf>,
    problems: &mut Diagnostics,
) -> bool {
    let key = (c.lang.clone(), c.version.clone());
    if let Some(first) = seen.get(&key) {
        problems.push(point_at_key(
            Diagnostic::error(&c.file, format!("version {} is already used by {}", c.version, first.display()))
                .with_hint("each edition needs its own version: give this file the next free version, or delete the copy"),
            &c.parsed.front_text, "version", c.parsed.front_line,
        ));
        return true;
    }
    seen.insert(key, c.file.clone());
    false
}

fn original_edition(
    c: Checked,
    seen: &mut BTreeMap<(String, Version), PathBuf>,
    problems: &mut Diagnostics,
) -> Option<Edition> {
    if duplicate(&c, seen, problems) {
        return None;
    }
    let Some(published) = c.published else {
        problems.push(
            Diagnostic::error(&c.file, "missing required key `published`")
                .with_hint(
                    "add the day the edition is posted on the portal: `published = 2024-03-01`",
                )
                .at_line(1, Some("+++")),
        );
        return None;
    };
    let effective = c.effective.unwrap_or(published);
    let draft = c.parsed.front.draft;
    let version = c.version.clone();
    let mut texts = BTreeMap::new();
    texts.insert(c.lang.clone(), edition_text(c));
    Some(Edition {
        version,
        published,
        effective,
        draft,
        texts,
    })
}

fn edition_text(c: Checked) -> EditionText {
    let front = c.parsed.front;
    EditionText {
        draft: front.draft,
        sha256: fingerprint(&c.parsed.body),
        file: c.file,
        title: front.title,
        summary: front.summary,
        changes: front.changes,
        body: c.parsed.body,
        body_line: c.parsed.body_line,
        front_text: c.parsed.front_text,
        front_line: c.parsed.front_line,
        lint: front.lint,
    }
}

/// In version order, `published` and `effective` never go backwards.
fn check_order(editions: &[Edition], problems: &mut Diagnostics) {
    for pair in editions.windows(2) {
        let (earlier, later) = (&pair[0], &pair[1]);
        let file = &later
            .texts
            .values()
            .next()
            .map(|t| t.file.clone())
            .unwrap_or_default();
        let earlier_file = earlier
            .texts
            .values()
            .next()
            .map(|t| t.file.display().to_string())
            .unwrap_or_default();
        for (key, a, b) in [
            ("published", earlier.published, later.published),
            ("effective", earlier.effective, later.effective),
        ] {
            // One mistake, one error: an effective date that follows a backward published date is not a second problem.
            if b < a && !(key == "effective" && later.published < earlier.published) {
                let d = Diagnostic::error(file, format!(
                    "dates go backwards: version {} has `{key} = {b}`, but the earlier version {} ({earlier_file}) has {a}",
                    later.version, earlier.version
                ))
                .with_hint(format!("a later version must have `{key}` on or after {a}: fix the date, or the version numbers"));
                problems.push(match later.texts.values().next() {
                    Some(text) => point_at_key(d, &text.front_text, key, text.front_line),
                    None => d,
                });
            }
        }
    }
}

fn check_summaries(editions: &[Edition], problems: &mut Diagnostics) {
    for edition in editions.iter().skip(1) {
        for text in edition.texts.values() {
            if text.summary.is_none() {
                problems.push(Diagnostic::error(&text.file, format!("version {} has no `summary`", edition.version))
                    .with_hint("every edition after the first says what changed: summary = \"Добавлен раздел о трансграничной передаче\"")
                    .at_line(1, Some("+++")));
            }
        }
    }
}

fn attach_translation(
    c: Checked,
    editions: &mut [Edition],
    seen: &mut BTreeMap<(String, Version), PathBuf>,
    config: &SiteConfig,
    problems: &mut Diagnostics,
) {
    if duplicate(&c, seen, problems) {
        return;
    }
    let Some(edition) = editions.iter_mut().find(|e| e.version == c.version) else {
        let original = c
            .file
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .replace(&format!(".{}.md", c.lang), ".md")
            })
            .unwrap_or_default();
        problems.push(point_at_key(
            Diagnostic::error(&c.file, format!(
                "translation into `{}` of version {}, but there is no {} edition with that version",
                c.lang, c.version, config.default_language
            ))
            .with_hint(format!("add the original edition (e.g. {original}) with version = \"{}\", or fix this file's version", c.version)),
            &c.parsed.front_text, "version", c.parsed.front_line,
        ));
        return;
    };
    for (key, mine, theirs) in [
        ("published", c.published, edition.published),
        ("effective", c.effective, edition.effective),
    ] {
        if let Some(mine) = mine {
            if mine != theirs {
                problems.push(point_at_key(
                    Diagnostic::error(&c.file, format!("`{key} = {mine}` differs from the original edition's {theirs}: a translation is the same edition"))
                        .with_hint(format!("set {key} = {theirs}, or remove the line to inherit it")),
                    &c.parsed.front_text, key, c.parsed.front_line,
                ));
            }
        }
    }
    let lang = c.lang.clone();
    edition.texts.insert(lang, edition_text(c));
}
