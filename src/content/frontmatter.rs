//! An edition file: TOML front-matter between `+++` lines, then the Markdown body. The
//! schema is strict (a typo such as `efective` is an error with a suggestion), and every
//! position reported is a line and column of the original `.md` file.

use std::path::Path;

use serde::Deserialize;
use time::Date;

use crate::diagnostics::Diagnostic;
use crate::toml_file;

/// Front-matter exactly as written; validation of meaning happens in [`super::load`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub version: String,
    /// Required for default-language editions; a translation may inherit it.
    pub published: Option<toml::value::Datetime>,
    pub effective: Option<toml::value::Datetime>,
    pub summary: Option<String>,
    #[serde(default)]
    pub changes: Vec<String>,
    pub title: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub lint: Option<LintSettings>,
}

/// `[lint]` in front-matter (or in `_operator.toml`): warnings deliberately kept, and why.
/// The reason is required so that a silenced warning is a decision someone can read later,
/// not a way to make the output quiet. Which codes exist is checked by `check`, which owns them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintSettings {
    pub allow: Vec<String>,
    pub reason: String,
}

/// A split edition file.
#[derive(Debug)]
pub struct Parsed {
    pub front: FrontMatter,
    /// The Markdown after the closing `+++` line.
    pub body: String,
    /// 1-based line of the file on which the body starts.
    pub body_line: usize,
    /// The front-matter text and the line it starts on, for positioning later messages.
    pub front_text: String,
    pub front_line: usize,
}

/// Splits and parses an edition file.
pub fn parse(text: &str, file: &Path) -> Result<Parsed, Diagnostic> {
    let (front_text, body, body_line) = split(text, file)?;
    let front: FrontMatter = toml_file::parse(front_text, file, 2)?;
    Ok(Parsed {
        front,
        body: body.to_string(),
        body_line,
        front_text: front_text.to_string(),
        front_line: 2,
    })
}

fn split<'a>(text: &'a str, file: &Path) -> Result<(&'a str, &'a str, usize), Diagnostic> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "+++" {
        let hint = if first.trim_end() == "---" {
            "Redakt front-matter is TOML between `+++` lines, not YAML between `---`: replace both `---` lines with `+++` and write `key = value`"
        } else {
            "start the file with a `+++` line, then `version = \"1.0\"`, `published = 2024-03-01`, then a closing `+++` line"
        };
        return Err(Diagnostic::error(
            file,
            "the edition has no front-matter: the first line must be `+++`",
        )
        .with_hint(hint)
        .at_line(1, Some(first)));
    }
    let after_open = first.len() + 1;
    let rest = text.get(after_open..).unwrap_or("");
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((front, body, index + 3));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(file, "the front-matter opened on line 1 is never closed")
        .with_hint("add a line holding only `+++` after the last front-matter key, before the text of the policy")
        .at_line(1, Some(first)))
}

/// Converts a TOML datetime into a calendar date; the error names the key.
pub fn to_date(value: &toml::value::Datetime, key: &str) -> Result<Date, String> {
    match (value.date, value.time) {
        (Some(d), None) if value.offset.is_none() => {
            let month = time::Month::try_from(d.month)
                .map_err(|_| format!("`{key}` has no month {}", d.month))?;
            Date::from_calendar_date(i32::from(d.year), month, d.day)
                .map_err(|_| format!("`{key} = {value}` is not a real date"))
        }
        _ => Err(format!(
            "`{key} = {value}` must be a plain date such as 2024-03-01, without a time"
        )),
    }
}

/// Byte offset of the value of `key` in front-matter text, for pointing at it.
pub fn key_offset(front: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return Some(offset + line.len() - trimmed.len());
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_starts_after_the_closing_line() {
        let p = parse(
            "+++\nversion = \"1\"\npublished = 2024-01-01\n+++\n\n# T\n",
            Path::new("f.md"),
        )
        .unwrap();
        assert_eq!(p.body, "\n# T\n");
        assert_eq!(p.body_line, 5);
        assert_eq!(p.front.version, "1");
    }

    #[test]
    fn a_dashes_line_in_the_body_is_text_not_front_matter() {
        let p = parse("+++\nversion = \"1\"\n+++\n---\nx\n", Path::new("f.md")).unwrap();
        assert_eq!(p.body, "---\nx\n");
    }
}
