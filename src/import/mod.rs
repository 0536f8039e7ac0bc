//! `redakt import`: a policy from an office document into an edition file. Real policies
//! arrive as Word documents or text pasted from them, with debris editors do not see; the
//! importer gives them the shape of an edition (title, `## ` sections, clauses that keep
//! their numbers) and removes the debris, but never a word: every word of the source must
//! appear in the result in the same order, which [`verify`] checks before anything is
//! written.
//!
//! The stages: read the source into paragraphs ([`docx`] for Word, [`plain`] for text in
//! any of the encodings [`decode`] detects), clean each paragraph ([`inline`]), shape the
//! whole ([`shape`]), verify, and report what `check` would still find (placeholders,
//! numbering gaps) in the result.

mod decode;
mod docx;
mod inline;
mod plain;
mod shape;
mod verify;

use std::path::Path;

use time::Date;

use crate::diagnostics::Diagnostic;

pub use inline::Debris;

/// A paragraph of the source, before it is given its Markdown shape.
#[derive(Debug, Clone, Default)]
pub struct Para {
    /// Inline Markdown: raw for a text source, escaped and marked up for a .docx.
    pub text: String,
    /// The number Word shows before the paragraph, computed from its list numbering.
    pub number: Option<String>,
    pub bullet: bool,
    /// The level the source gives: 1 the title, 2 a section (`##`), 3 a subsection.
    pub heading: Option<u8>,
    pub centered: bool,
    /// The whole paragraph is bold.
    pub bold: bool,
    /// `text` is Markdown already (a .docx); a text source's `<` still needs escaping.
    pub escaped: bool,
}

impl Para {
    pub fn text(text: String) -> Para {
        Para {
            text,
            ..Para::default()
        }
    }
}

/// What a source is made of.
#[derive(Debug, Clone)]
pub enum Block {
    Para(Para),
    /// Rows of cells, the first row the header.
    Table(Vec<Vec<String>>),
}

/// The front-matter of the edition to write.
#[derive(Debug, Clone)]
pub struct Front {
    pub version: String,
    pub published: Date,
    /// Not the first edition: `summary` must be filled in, so it is written empty.
    pub next_edition: bool,
}

/// An imported edition and what the import did.
#[derive(Debug)]
pub struct Imported {
    /// The whole edition file, front-matter included.
    pub text: String,
    pub report: Report,
}

/// What the importer found and did, for the report it prints.
#[derive(Debug, Default)]
pub struct Report {
    /// `.docx`, or the encoding a text file was read in.
    pub source: String,
    pub title: Option<String>,
    pub sections: usize,
    pub clauses: usize,
    pub items: usize,
    pub tables: usize,
    pub debris: Debris,
    /// Placeholders left in the text, by line of the written file.
    pub placeholders: Vec<(usize, String)>,
    /// Clause-numbering gaps and repeats, by line of the written file.
    pub numbering: Vec<(usize, String)>,
    /// Words of the source, every one of them found in the result.
    pub words: usize,
}

/// Imports `path` (named `shown` in messages).
pub fn import(path: &Path, shown: &Path, front: &Front) -> Result<Imported, Diagnostic> {
    let (blocks, source, kind) = read(path, shown)?;
    let shaped = shape::shape(blocks);
    if shaped.title.is_none() && shaped.body.trim().is_empty() {
        return Err(Diagnostic::error(shown, "the file holds no text to import"));
    }
    let words = verify::verify(&source, &shaped.body).map_err(|lost| lost_words(shown, &lost))?;
    let front_text = front_matter(front);
    let body_line = front_text.lines().count() + 1;
    let mut report = Report {
        source: kind,
        title: shaped.title.clone(),
        sections: shaped.sections,
        clauses: shaped.clauses,
        items: shaped.items,
        tables: shaped.tables,
        debris: shaped.debris,
        words,
        ..Report::default()
    };
    for finding in crate::check::lint_markdown(&shaped.body, body_line) {
        let line = body_line + shaped.body[..finding.offset].matches('\n').count();
        match finding.code {
            crate::check::Code::Placeholder => report.placeholders.push((line, finding.message)),
            crate::check::Code::NumberingGap | crate::check::Code::NumberingRepeat => {
                report.numbering.push((line, finding.message))
            }
            _ => {}
        }
    }
    Ok(Imported {
        text: format!("{front_text}{}", shaped.body),
        report,
    })
}

/// The blocks of the source, its text as a reader sees it, and what kind of source it was.
fn read(path: &Path, shown: &Path) -> Result<(Vec<Block>, String, String), Diagnostic> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "docx" => {
            let (blocks, plain) = docx::read(path, shown)?;
            Ok((blocks, plain, ".docx".into()))
        }
        "txt" | "text" | "md" | "markdown" => {
            let bytes = std::fs::read(path)
                .map_err(|e| Diagnostic::error(shown, format!("cannot read the file: {e}")))?;
            let decoded = decode::decode(&bytes);
            let markdown = extension.starts_with('m');
            let text = if markdown {
                plain::body_of(&decoded.text).to_string()
            } else {
                decoded.text
            };
            let kind = format!(".{extension} in {}", decoded.encoding);
            Ok((plain::read(&text, markdown), text, kind))
        }
        other => Err(unsupported(shown, other)),
    }
}

fn unsupported(shown: &Path, extension: &str) -> Diagnostic {
    let hint = match extension {
        "doc" | "rtf" | "odt" | "pages" => {
            "open it in Word or LibreOffice and «Save as» .docx (or as plain text, .txt)"
        }
        "pdf" => "copy the text out of the PDF into a .txt file and import that",
        _ => "import reads .docx, .txt and .md files",
    };
    let shown_ext = if extension.is_empty() {
        "a file without an extension".to_string()
    } else {
        format!("a .{extension} file")
    };
    Diagnostic::error(shown, format!("cannot import {shown_ext}")).with_hint(hint)
}

fn lost_words(shown: &Path, lost: &verify::Lost) -> Diagnostic {
    Diagnostic::error(
        shown,
        format!(
            "the import would lose {} word(s) at line {} of the source: «{}»; nothing was written",
            lost.count, lost.line, lost.passage
        ),
    )
    .with_hint("this is a bug in redakt import: please report it with the file; meanwhile copy the text into a .txt file and import that")
}

/// `+++`-delimited TOML, then a blank line before the body.
fn front_matter(front: &Front) -> String {
    let mut text = format!(
        "+++\nversion = \"{}\"\npublished = {}\n",
        front.version,
        crate::content::iso_date(front.published)
    );
    if front.next_edition {
        text.push_str("summary = \"\"   # what changed, in one sentence\nchanges = []\n");
    }
    text.push_str("+++\n\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import")
            .join(name)
    }

    /// The real pipeline on a fixture, then the output broken on purpose: a clause dropped,
    /// as a buggy conversion would. The verifier must name it.
    #[test]
    fn the_verifier_catches_a_broken_conversion() {
        let path = fixture("bold-numbers.txt");
        let (blocks, source, _) = read(&path, &path).unwrap();
        let body = shape::shape(blocks).body;
        assert!(verify::verify(&source, &body).is_ok());
        let broken: String = body
            .split_inclusive("\n\n")
            .filter(|p| !p.starts_with("1.2."))
            .collect();
        let lost = verify::verify(&source, &broken).unwrap_err();
        assert_eq!(lost.line, 6);
        assert!(
            lost.passage.contains("Политика размещается на сайте"),
            "{lost:?}"
        );
        let d = lost_words(&path, &lost);
        assert!(
            d.message
                .starts_with("the import would lose 9 word(s) at line 6 of the source: «"),
            "{}",
            d.message
        );
        assert!(
            d.message.ends_with("»; nothing was written"),
            "{}",
            d.message
        );
    }

    /// A conversion that let Markdown swallow words (an unescaped `<company name>` is an
    /// HTML tag) is caught too.
    #[test]
    fn the_verifier_reads_the_output_as_markdown() {
        let source = "1.1. Укажите <company name> здесь.\n";
        let unescaped = "1.1. Укажите <company name> здесь.\n";
        assert!(verify::verify(source, unescaped).is_err());
        let path = std::env::temp_dir().join("redakt-import-angle.txt");
        std::fs::write(&path, source).unwrap();
        let (blocks, source, _) = read(&path, &path).unwrap();
        let body = shape::shape(blocks).body;
        assert_eq!(body, "1.1. Укажите \\<company name> здесь.\n");
        assert!(verify::verify(&source, &body).is_ok());
        let _ = std::fs::remove_file(&path);
    }
}
