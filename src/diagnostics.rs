//! Diagnostics as data: every problem found in a site is a [`Diagnostic`] with a file, a
//! position in the *original* file, a message and a hint. Loading never stops at the first
//! problem: stages push into a [`Diagnostics`] list, and the caller decides whether errors
//! stop the build (they do) and how to print them (like a compiler, with the source line).

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors stop `build` and fail `check`; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column in a file, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One finding about the site's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the user knows it: relative to the site root where possible.
    pub file: PathBuf,
    pub position: Option<Position>,
    /// The offending source line, shown under the message with a caret.
    pub source_line: Option<String>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The stable name of the rule that found it (`placeholder`, `broken-link`…), shown as
    /// `warning[placeholder]` and in JSON, and named in `lint.allow` to silence a warning.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position: None,
            source_line: None,
            message: message.into(),
            hint: None,
            code: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Points at a byte offset of `source` (starting on line `first_line`) without quoting
    /// the line: a lint finding is one line plus its hint, not a code excerpt.
    pub fn at_offset_short(self, source: &str, offset: usize, first_line: usize) -> Self {
        let mut d = self.at_offset(source, offset, first_line);
        d.source_line = None;
        d
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Points the diagnostic at a byte offset of `source`, whose first byte sits on
    /// line `first_line` of the file (front-matter starts on line 2, after `+++`).
    pub fn at_offset(mut self, source: &str, offset: usize, first_line: usize) -> Self {
        let (position, line) = locate(source, offset);
        self.position = Some(Position {
            line: position.line + first_line - 1,
            column: position.column,
        });
        self.source_line = Some(line.trim_end().to_string());
        self
    }

    /// Points at a known line (1-based) of the file, column 1.
    pub fn at_line(mut self, line: usize, source_line: Option<&str>) -> Self {
        self.position = Some(Position { line, column: 1 });
        self.source_line = source_line.map(|l| l.trim_end().to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Line/column of a byte offset, and the text of that line.
fn locate(source: &str, offset: usize) -> (Position, &str) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line = source[..line_start].matches('\n').count() + 1;
    let column = source[line_start..offset].chars().count() + 1;
    (Position { line, column }, &source[line_start..line_end])
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let label = match self.code {
            Some(code) => format!("{label}[{code}]"),
            None => label.to_string(),
        };
        let file = self.file.display();
        match self.position {
            Some(p) => writeln!(
                f,
                "{file}:{}:{}: {label}: {}",
                p.line, p.column, self.message
            )?,
            None => writeln!(f, "{file}: {label}: {}", self.message)?,
        }
        if let (Some(p), Some(line)) = (self.position, &self.source_line) {
            let gutter = p.line.to_string();
            let pad = " ".repeat(gutter.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{gutter} | {line}")?;
            let caret_pad: String = line
                .chars()
                .take(p.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} | {caret_pad}^")?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = help: {hint}")?;
        }
        Ok(())
    }
}

/// An ordered collection of findings.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Keeps the findings for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Findings sorted by file and position, so output is stable whatever the thread order;
    /// the same finding met on many pages (a broken partial) is listed once.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.position, a.severity, &a.message)
                .cmp(&(&b.file, b.position, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// `check --format json`: one document listing every finding, sorted like the text output.
/// The schema is a contract with tools (documented in the README): fields are added, never
/// renamed; `schema` changes only if one must be.
pub fn to_json(findings: Diagnostics, silenced: usize) -> String {
    #[derive(serde::Serialize)]
    struct Document {
        schema: u32,
        errors: usize,
        warnings: usize,
        silenced: usize,
        findings: Vec<Finding>,
    }
    #[derive(serde::Serialize)]
    struct Finding {
        severity: &'static str,
        code: Option<&'static str>,
        file: String,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
        hint: Option<String>,
    }
    let findings: Vec<Finding> = findings
        .sorted()
        .into_iter()
        .map(|d| Finding {
            severity: if d.is_error() { "error" } else { "warning" },
            code: d.code,
            file: d.file.to_string_lossy().replace('\\', "/"),
            line: d.position.map(|p| p.line),
            column: d.position.map(|p| p.column),
            message: d.message,
            hint: d.hint,
        })
        .collect();
    let errors = findings.iter().filter(|f| f.severity == "error").count();
    let document = Document {
        schema: 1,
        errors,
        warnings: findings.len() - errors,
        silenced,
        findings,
    };
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

/// Shows `path` relative to `root` when it lies inside it: messages name files as the
/// user typed them, not as absolute paths.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_character_columns() {
        let src = "a = 1\nзаголовок = 2\n";
        let d = Diagnostic::error("f.md", "m").at_offset(src, src.find('2').unwrap(), 2);
        assert_eq!(
            d.position,
            Some(Position {
                line: 3,
                column: 13
            })
        );
        assert_eq!(d.source_line.as_deref(), Some("заголовок = 2"));
    }
}
