//! Reading source files as text: UTF-8 only, with a BOM dropped and CRLF turned into LF, so
//! everything after this point sees one kind of text. A file saved as Windows-1251 (common
//! for policies exported from office software) gets an error that says so and how to convert.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Position};

/// Reads `path` (named `shown` in messages) as normalised UTF-8 text.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read the file: {e}")))?;
    decode(bytes, shown)
}

/// Decodes file contents; the error points at the first byte that is not UTF-8.
pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(normalise(text)),
        Err(e) => Err(not_utf8(e.as_bytes(), e.utf8_error().valid_up_to(), shown)),
    }
}

fn normalise(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

fn not_utf8(bytes: &[u8], valid_up_to: usize, shown: &Path) -> Diagnostic {
    let before = &bytes[..valid_up_to];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..valid_up_to])
        .chars()
        .count()
        + 1;
    let encoding = guess_legacy_encoding(bytes);
    let file = shown.display();
    let mut d = Diagnostic::error(
        shown,
        format!("the file is not UTF-8 text; it looks like {encoding}"),
    )
    .with_hint(format!(
        "save it as UTF-8 (in Word or Notepad: «Save as» → encoding UTF-8), or convert it: \
         iconv -f {} -t UTF-8 {file} -o {file}.utf8 && mv {file}.utf8 {file}",
        if encoding.starts_with("KOI8") {
            "KOI8-R"
        } else {
            "CP1251"
        }
    ));
    d.position = Some(Position { line, column });
    d
}

/// Windows-1251 puts lowercase Cyrillic at 0xE0–0xFF; KOI8-R puts it at 0xC0–0xDF. Text is
/// mostly lowercase, so whichever range dominates names the encoding.
fn guess_legacy_encoding(bytes: &[u8]) -> &'static str {
    let high_e0 = bytes.iter().filter(|&&b| b >= 0xE0).count();
    let high_c0 = bytes.iter().filter(|&&b| (0xC0..0xE0).contains(&b)).count();
    if high_e0 == 0 && high_c0 == 0 {
        "a legacy 8-bit encoding"
    } else if high_e0 >= high_c0 {
        "Windows-1251 (CP1251)"
    } else {
        "KOI8-R"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let text = decode(b"\xEF\xBB\xBFa\r\nb\r\n".to_vec(), Path::new("f")).unwrap();
        assert_eq!(text, "a\nb\n");
    }

    #[test]
    fn windows_1251_is_named_with_a_conversion_hint() {
        // «Политика» in CP1251 on line 2.
        let bytes = b"+++\n\xCF\xEE\xEB\xE8\xF2\xE8\xEA\xE0".to_vec();
        let d = decode(bytes, Path::new("op/p/1.md")).unwrap_err();
        assert!(d.message.contains("Windows-1251"), "{}", d.message);
        assert!(d.hint.unwrap().contains("iconv -f CP1251"));
        assert_eq!(d.position, Some(Position { line: 2, column: 1 }));
    }
}
