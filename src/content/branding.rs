//! An operator's branding in `_operator.toml`: `logo` (an image file in the operator's
//! folder) and `accent` (a colour). Both are checked when the content loads, so a missing
//! file or a colour written as `green` is an error naming the line, not a broken image on
//! the published portal.

use std::path::{Component, Path};

use super::OperatorInfo;
use crate::diagnostics::Diagnostic;

/// A colour as the three sRGB channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb` (either case).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(channel(0)?, channel(2)?, channel(4)?))
    }

    /// `#rrggbb`, lowercase.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The image formats a logo may have, by file extension, with the extension used in the
/// output.
const FORMATS: &[(&str, &str)] = &[
    ("svg", "svg"),
    ("png", "png"),
    ("jpg", "jpg"),
    ("jpeg", "jpg"),
    ("webp", "webp"),
];

/// The output extension of a logo file name (`logo.JPEG` → `jpg`), if it is an image.
pub fn logo_extension(name: &str) -> Option<&'static str> {
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    FORMATS.iter().find(|(e, _)| *e == ext).map(|(_, out)| *out)
}

/// Checks `logo` and `accent` of the operator whose folder is `dir`; each problem comes with
/// the key it is about, for pointing at its line. `file` is `_operator.toml` as shown.
pub fn check(info: &OperatorInfo, dir: &Path, file: &Path) -> Vec<(&'static str, Diagnostic)> {
    let mut problems = Vec::new();
    if let Some(logo) = &info.logo {
        if let Err(d) = check_logo(logo, dir, file) {
            problems.push(("logo", d));
        }
    }
    if let Some(accent) = &info.accent {
        if Rgb::parse(accent).is_none() {
            problems.push((
                "accent",
                Diagnostic::error(file, format!("invalid accent `{accent}`: write a colour as #rrggbb"))
                    .with_hint("e.g. accent = \"#0a7d5a\"; the theme darkens or lightens it where needed for contrast"),
            ));
        }
    }
    problems
}

fn check_logo(logo: &str, dir: &Path, file: &Path) -> Result<(), Diagnostic> {
    let path = Path::new(logo);
    let inside = !logo.is_empty()
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if !inside {
        return Err(Diagnostic::error(
            file,
            format!("logo `{logo}` must be a file inside the operator's folder"),
        )
        .with_hint(
            "put the image next to _operator.toml and write its name, e.g. logo = \"logo.svg\"",
        ));
    }
    let Some(ext) = logo_extension(logo) else {
        return Err(Diagnostic::error(
            file,
            format!("logo `{logo}` is not an SVG, PNG, JPEG or WebP file"),
        )
        .with_hint("use a .svg, .png, .jpg or .webp image; SVG stays sharp at every size"));
    };
    let full = dir.join(path);
    let shown = file.parent().unwrap_or(Path::new("")).join(path);
    let bytes = std::fs::read(&full).map_err(|e| {
        Diagnostic::error(
            file,
            format!("logo `{}` cannot be read: {e}", shown.display()),
        )
        .with_hint("check the file name: the path is relative to the operator's folder")
    })?;
    if !looks_like(ext, &bytes) {
        return Err(Diagnostic::error(
            file,
            format!(
                "logo `{}` is not a {} image: its content does not match its name",
                shown.display(),
                ext.to_uppercase()
            ),
        )
        .with_hint("export the logo again in the format its extension names"));
    }
    Ok(())
}

/// Whether `bytes` start the way a file of this format does.
fn looks_like(ext: &str, bytes: &[u8]) -> bool {
    match ext {
        "png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "jpg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "webp" => bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "svg" => {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
            head.contains("<svg")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_only_as_rrggbb() {
        assert_eq!(Rgb::parse("#0A7d5a"), Some(Rgb(10, 125, 90)));
        assert_eq!(Rgb(10, 125, 90).hex(), "#0a7d5a");
        for bad in ["0a7d5a", "#0a7d5", "#0a7d5g", "green", "#0a7d5aff"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn logo_formats_by_extension_and_content() {
        assert_eq!(logo_extension("brand/Logo.JPEG"), Some("jpg"));
        assert_eq!(logo_extension("logo.gif"), None);
        assert!(looks_like(
            "svg",
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        ));
        assert!(looks_like("png", b"\x89PNG\r\n\x1a\n...."));
        assert!(!looks_like("png", b"<svg/>"));
    }
}
