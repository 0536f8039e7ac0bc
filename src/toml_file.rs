//! Strict TOML reading shared by site.toml, _operator.toml, _policy.toml and front-matter:
//! every schema denies unknown keys, and every TOML or schema error becomes a
//! [`Diagnostic`] pointing at the line and column in the original file, with a hint a
//! non-programmer can act on (the nearest known key for a typo, an example for a missing key).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostic;

/// Parses `text` (which starts on line `first_line` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(text).map_err(|e| to_diagnostic(&e, text, file, first_line))
}

fn to_diagnostic(e: &toml::de::Error, text: &str, file: &Path, first_line: usize) -> Diagnostic {
    let raw = e.message().trim();
    let (message, hint) = explain(raw, text, e.span().map(|s| s.start));
    let diagnostic = Diagnostic::error(file, message).with_hint(hint);
    match e.span() {
        Some(span) if !(span.start == 0 && raw.starts_with("missing field")) => {
            diagnostic.at_offset(text, span.start, first_line)
        }
        // A missing key has no place of its own: point at the start of the table.
        _ => diagnostic.at_line(first_line.saturating_sub(1).max(1), None),
    }
}

/// Turns serde/toml wording into ours.
fn explain(raw: &str, text: &str, offset: Option<usize>) -> (String, String) {
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let unknown = names.first().cloned().unwrap_or_default();
        let known = &names[1.min(names.len())..];
        let hint = match nearest(&unknown, known) {
            Some(best) => format!("did you mean `{best}`? Known keys: {}", known.join(", ")),
            None => format!("remove it; known keys are: {}", known.join(", ")),
        };
        return (format!("unknown key `{unknown}`"), hint);
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        let key = backticked(rest).into_iter().next().unwrap_or_default();
        return (
            format!("missing required key `{key}`"),
            format!("add a line `{}`", example_for(&key)),
        );
    }
    let key = offset.and_then(|o| key_at(text, o)).unwrap_or_default();
    if raw.starts_with("invalid date") || raw.contains("invalid date") {
        return (
            format!("impossible date for `{key}`: {raw}"),
            "write a real calendar date as YYYY-MM-DD, e.g. 2024-02-29".into(),
        );
    }
    if raw.starts_with("invalid type") {
        let hint = if raw.contains("expected a TOML datetime") {
            format!("write the date without quotes: `{}`", example_for(&key))
        } else {
            format!("write it like this: `{}`", example_for(&key))
        };
        let what = if key.is_empty() {
            String::new()
        } else {
            format!(" for `{key}`")
        };
        return (format!("wrong kind of value{what}: {raw}"), hint);
    }
    (
        format!("TOML syntax error: {raw}"),
        "each line is `key = value`; text goes in \"double quotes\", dates as 2024-03-01, lists as [\"a\", \"b\"]".into(),
    )
}

/// The key on the line that holds `offset`, for messages about a value.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    Some(key.trim().trim_matches('"').to_string())
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The known name closest to a typo, if any is close enough to be a plausible intent.
pub fn nearest<'a>(typo: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(typo, k), k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

fn example_for(key: &str) -> String {
    match key {
        "version" => "version = \"2.1\"".into(),
        "published" => "published = 2024-03-01".into(),
        "effective" => "effective = 2024-03-15".into(),
        "summary" => "summary = \"What changed, in one sentence\"".into(),
        "changes" => "changes = [\"New clause 4.6\", \"Retention period clarified\"]".into(),
        "draft" => "draft = true".into(),
        "name" => "name = \"ТОО «Example»\"".into(),
        "title" => "title = \"Политика конфиденциальности\"".into(),
        "kind" => "kind = \"privacy\"".into(),
        "bin" => "bin = \"180640028978\"".into(),
        "base_url" => "base_url = \"https://policies.example.kz\"".into(),
        "default_language" => "default_language = \"ru\"".into(),
        "languages" => "languages = [\"ru\", \"kk\", \"en\"]".into(),
        "utc_offset" => "utc_offset = \"+05:00\"".into(),
        "" => "key = \"value\"".into(),
        other => format!("{other} = \"…\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_key_catches_a_typo_but_not_a_different_word() {
        let known: Vec<String> = ["version", "published", "effective"]
            .map(String::from)
            .into();
        assert_eq!(nearest("efective", &known), Some("effective"));
        assert_eq!(nearest("publised", &known), Some("published"));
        assert_eq!(nearest("colour", &known), None);
    }
}
