//! `.docx` sources: a ZIP archive of XML parts. The body is `word/document.xml`; list
//! numbering, styles and hyperlink targets live in `numbering.xml`, `styles.xml` and
//! `_rels/document.xml.rels`, each optional.

mod document;
mod numbering;
mod xml;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use super::Block;
use crate::diagnostics::Diagnostic;

/// A part larger than this is not a policy; the limit keeps a crafted archive (a «zip
/// bomb») from exhausting memory.
const MAX_PART: u64 = 64 * 1024 * 1024;

/// The blocks of a .docx, and its text as Word shows it (for the verifier).
pub fn read(path: &Path, shown: &Path) -> Result<(Vec<Block>, String), Diagnostic> {
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read the file: {e}")))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| {
        Diagnostic::error(
            shown,
            format!("not a .docx file: it is not a ZIP archive ({e})"),
        )
        .with_hint(
            "a .doc from an old Word? Open it in Word and «Save as» .docx, or save it as .txt",
        )
    })?;
    let document = part(&mut archive, "word/document.xml", shown)?.ok_or_else(|| {
        Diagnostic::error(
            shown,
            "not a Word document: the archive has no word/document.xml",
        )
        .with_hint("import .docx files saved by Word, LibreOffice or Google Docs, or a .txt")
    })?;
    let mut numbering = part(&mut archive, "word/numbering.xml", shown)?
        .map(|x| numbering::Numbering::parse(&x))
        .unwrap_or_default();
    let styles = part(&mut archive, "word/styles.xml", shown)?
        .map(|x| numbering::Styles::parse(&x))
        .unwrap_or_default();
    let links = part(&mut archive, "word/_rels/document.xml.rels", shown)?
        .map(|x| relationships(&x))
        .unwrap_or_default();
    let malformed = |why: String| {
        Diagnostic::error(shown, format!("word/document.xml: {why}"))
            .with_hint("open the file in Word and save it again")
    };
    let blocks = document::read(&document, &mut numbering, &styles, &links).map_err(malformed)?;
    let plain = document::plain_text(&document).map_err(malformed)?;
    Ok((blocks, plain))
}

/// One part of the archive as text, `None` if absent.
fn part(
    archive: &mut zip::ZipArchive<std::fs::File>,
    name: &str,
    shown: &Path,
) -> Result<Option<String>, Diagnostic> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(
                shown,
                format!("cannot read {name} in the archive: {e}"),
            ))
        }
    };
    if entry.size() > MAX_PART {
        return Err(Diagnostic::error(
            shown,
            format!(
                "{name} is larger than {} MiB; this is not a policy",
                MAX_PART >> 20
            ),
        ));
    }
    let mut text = String::new();
    entry
        .take(MAX_PART)
        .read_to_string(&mut text)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read {name} in the archive: {e}")))?;
    Ok(Some(text))
}

/// Hyperlink targets by relationship id; only external ones are links to follow.
fn relationships(xml: &str) -> HashMap<String, String> {
    let mut links = HashMap::new();
    xml::each_element(xml, |e| {
        if e.name == "Relationship" && xml::attr(e, "TargetMode").as_deref() == Some("External") {
            if let (Some(id), Some(target)) = (xml::attr(e, "Id"), xml::attr(e, "Target")) {
                links.insert(id, target);
            }
        }
    });
    links
}
