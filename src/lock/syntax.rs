//! The line syntax of `editions.lock`, read strictly: a lock that cannot be read exactly
//! is refused with the line and column of the fault, never half-trusted.

use super::{Correction, Key, Locked, Target, FORMAT, FORMAT_PREFIX, LINE_HINT};
use crate::config::is_language_code;
use crate::content::{ident, parse_iso_date, Version};

/// A malformed line: where in the line, what is wrong, what to do.
pub(super) struct Bad {
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

impl Bad {
    fn at(offset: usize, message: String) -> Bad {
        Bad {
            offset,
            message,
            hint: LINE_HINT.into(),
        }
    }
}

/// One line: `None` for a blank line or a comment.
pub(super) fn parse_line(line: &str) -> Result<Option<(Key, Locked)>, Bad> {
    if let Some(format) = line.strip_prefix(FORMAT_PREFIX) {
        return check_format(format.trim()).map(|()| None);
    }
    if line.trim().is_empty() || line.trim_start().starts_with('#') {
        return Ok(None);
    }
    let fields = fields(line);
    let [(at_edition, edition), (at_lang, lang), (at_sha, sha256), records @ ..] = &fields[..]
    else {
        return Err(Bad::at(
            line.len(),
            format!(
                "expected `<op>/<policy>@<version> <lang> <sha256>`, found {} field(s)",
                fields.len()
            ),
        ));
    };
    let target =
        parse_edition(edition).map_err(|(offset, why)| Bad::at(at_edition + offset, why))?;
    if !is_language_code(lang) {
        return Err(Bad::at(
            *at_lang,
            format!("`{lang}` is not a language code like ru, kk or en"),
        ));
    }
    check_sha256(sha256).map_err(|why| Bad::at(*at_sha, why))?;
    let corrections = records
        .iter()
        .map(|(at, record)| parse_correction(record).map_err(|why| Bad::at(*at, why)))
        .collect::<Result<Vec<_>, _>>()?;
    let key = Key {
        operator: target.operator,
        policy: target.policy,
        version: target.version,
        lang: lang.to_string(),
    };
    let locked = Locked {
        sha256: sha256.to_string(),
        corrections,
        line: None,
    };
    Ok(Some((key, locked)))
}

fn check_format(format: &str) -> Result<(), Bad> {
    if format == FORMAT {
        return Ok(());
    }
    Err(Bad {
        offset: FORMAT_PREFIX.len(),
        message: format!("editions.lock is in format `{format}`, which this version of redakt does not read (it reads format {FORMAT})"),
        hint: "build with the redakt version that wrote the lock, or upgrade redakt".into(),
    })
}

/// The whitespace-separated fields of a line, each with its byte offset.
fn fields(line: &str) -> Vec<(usize, &str)> {
    let mut fields = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                fields.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    fields
}

/// `<op>/<policy>@<version>`; the error carries the byte offset of the faulty part.
pub(super) fn parse_edition(text: &str) -> Result<Target, (usize, String)> {
    let example = "write it as <operator>/<policy>@<version>, e.g. qadam/privacy@2.1";
    let (path, version) = text
        .split_once('@')
        .ok_or_else(|| (0, format!("`{text}` names no version: {example}")))?;
    let (operator, policy) = path
        .split_once('/')
        .ok_or_else(|| (0, format!("`{text}` names no policy: {example}")))?;
    for (offset, id, what) in [
        (0, operator, "operator"),
        (operator.len() + 1, policy, "policy"),
    ] {
        if !ident::is_valid(id) {
            return Err((offset, format!("`{id}` is not a valid {what} id")));
        }
    }
    let version = Version::parse(version).map_err(|why| (path.len() + 1, why))?;
    Ok(Target {
        operator: operator.to_string(),
        policy: policy.to_string(),
        version,
    })
}

fn check_sha256(text: &str) -> Result<(), String> {
    let hex = text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if hex {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not a SHA-256 fingerprint: 64 lowercase hexadecimal digits"
        ))
    }
}

/// `corrected:<YYYY-MM-DD>:<previous sha256>`.
fn parse_correction(record: &str) -> Result<Correction, String> {
    let unknown = || {
        format!("unknown record `{record}`: expected `corrected:<YYYY-MM-DD>:<previous sha256>`")
    };
    let rest = record.strip_prefix("corrected:").ok_or_else(unknown)?;
    let (date, previous) = rest.split_once(':').ok_or_else(unknown)?;
    let date = parse_iso_date(date)?;
    check_sha256(previous)?;
    Ok(Correction {
        date,
        previous_sha256: previous.to_string(),
    })
}
