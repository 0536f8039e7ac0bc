//! Per-operator branding in the output: the logo file copied to `<op>/logo.<ext>`, and the
//! accent colour turned into two shades a reader can actually read — one dark enough for the
//! light theme, one light enough for the dark theme (WCAG AA, 4.5:1 against the default
//! theme's backgrounds) — so an operator's pale yellow or navy never becomes unreadable text.

use crate::content::branding::{logo_extension, Rgb};
use crate::content::Operator;
use crate::diagnostics::Diagnostic;
use crate::render::views::AccentView;

use super::output::Sink;
use super::Site;

/// The darkest background text sits on in the light theme (`--surface`), and the lightest
/// in the dark theme: meeting the contrast there meets it everywhere.
const LIGHT_BACKGROUND: Rgb = Rgb(0xf4, 0xf5, 0xf7);
const DARK_BACKGROUND: Rgb = Rgb(0x20, 0x24, 0x2a);
const MIN_CONTRAST: f64 = 4.5;

/// Where the operator's logo is in the output (`qadam/logo.svg`), if it has one.
pub fn logo_path(op: &Operator) -> Option<String> {
    let ext = logo_extension(op.info.logo.as_deref()?)?;
    Some(format!("{}/logo.{ext}", op.id))
}

/// The accent colour and its readable shades, if the operator has one.
pub fn accent(op: &Operator) -> Option<AccentView> {
    let colour = Rgb::parse(op.info.accent.as_deref()?)?;
    Some(AccentView {
        color: colour.hex(),
        on_light: readable(colour, LIGHT_BACKGROUND, Rgb(0, 0, 0)).hex(),
        on_dark: readable(colour, DARK_BACKGROUND, Rgb(255, 255, 255)).hex(),
    })
}

/// Copies every operator's logo into the output.
pub fn write_logos(site: &Site, sink: &dyn Sink) -> Result<(), Diagnostic> {
    for op in &site.portal.operators {
        let (Some(logo), Some(target)) = (&op.info.logo, logo_path(op)) else {
            continue;
        };
        let dir = op.file.parent().unwrap_or(&op.file);
        let source = site.root.join(dir).join(logo);
        let bytes = std::fs::read(&source)
            .map_err(|e| Diagnostic::error(dir.join(logo), format!("cannot read the logo: {e}")))?;
        sink.put(&target, &bytes)?;
    }
    Ok(())
}

/// `colour`, mixed step by step towards `toward` until it reads on `background`.
fn readable(colour: Rgb, background: Rgb, toward: Rgb) -> Rgb {
    (0..=20)
        .map(|step| mix(colour, toward, f64::from(step) / 20.0))
        .find(|c| contrast(*c, background) >= MIN_CONTRAST)
        .unwrap_or(toward)
}

fn mix(a: Rgb, b: Rgb, t: f64) -> Rgb {
    let channel = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    Rgb(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
}

/// WCAG contrast ratio of two colours, 1 to 21.
fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG relative luminance.
fn luminance(c: Rgb) -> f64 {
    let linear = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag() {
        let ratio = contrast(Rgb(0, 0, 0), Rgb(255, 255, 255));
        assert!((ratio - 21.0).abs() < 0.01, "{ratio}");
        assert!((contrast(Rgb(0x76, 0x76, 0x76), Rgb(255, 255, 255)) - 4.54).abs() < 0.01);
    }

    #[test]
    fn every_accent_becomes_readable_in_both_themes() {
        for hex in [
            "#ffd400", "#0a7d5a", "#1a237e", "#ffffff", "#000000", "#e53935",
        ] {
            let c = Rgb::parse(hex).unwrap();
            let light = readable(c, LIGHT_BACKGROUND, Rgb(0, 0, 0));
            let dark = readable(c, DARK_BACKGROUND, Rgb(255, 255, 255));
            assert!(
                contrast(light, LIGHT_BACKGROUND) >= MIN_CONTRAST,
                "{hex} light"
            );
            assert!(
                contrast(light, Rgb(255, 255, 255)) >= MIN_CONTRAST,
                "{hex} on white"
            );
            assert!(
                contrast(dark, DARK_BACKGROUND) >= MIN_CONTRAST,
                "{hex} dark"
            );
            assert!(
                contrast(dark, Rgb(0x16, 0x18, 0x1c)) >= MIN_CONTRAST,
                "{hex} on black"
            );
        }
        // A colour that already reads is kept as it is.
        let green = Rgb::parse("#0a7d5a").unwrap();
        assert_eq!(readable(green, LIGHT_BACKGROUND, Rgb(0, 0, 0)), green);
    }
}
