//! A redline as terminal text for `redakt diff`. Each line starts with a marker a reader
//! can grep (`+` added, `-` removed, `~` changed, `>` moved here, `<` moved away, a space
//! for context); inside a changed line, words are marked `[-old-]{+new+}` as `git diff
//! --word-diff` does, or coloured when the output is a terminal.

use std::fmt::Write as _;

use super::{Piece, Redline, Row, Span};

/// How marks are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Colour,
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const STRUCK_RED: &str = "\x1b[31;9m";
const UNDERLINED_GREEN: &str = "\x1b[32;4m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Unchanged lines kept around each change.
const CONTEXT: usize = 1;

/// Renders the rows of `redline`, one line per block.
pub fn render(redline: &Redline, style: Style) -> String {
    let mut out = String::new();
    for piece in redline.pieces(CONTEXT) {
        match piece {
            Piece::Row(i) => line(&mut out, redline, redline.rows[i], style),
            Piece::Folded(range) => {
                let renumbered = redline.renumbered_in(range.clone());
                let note = if renumbered > 0 {
                    format!(" ({renumbered} renumbered)")
                } else {
                    String::new()
                };
                paint(
                    &mut out,
                    style,
                    DIM,
                    &format!("  ⋯ {} unchanged{note} ⋯", range.len()),
                );
                out.push('\n');
            }
        }
    }
    out
}

fn line(out: &mut String, redline: &Redline, row: Row, style: Style) {
    match row {
        Row::Same { old, new } => {
            let (a, b) = (&redline.old[old], &redline.new[new]);
            out.push_str("  ");
            if redline.renumbered(old, new) {
                let was = a.number.as_deref().unwrap_or("");
                out.push_str(&b.full_text());
                paint(out, style, DIM, &format!(" (was {was})"));
            } else {
                out.push_str(&b.full_text());
            }
        }
        Row::Changed { old, new } => {
            out.push_str("~ ");
            number_change(out, redline, old, new, style);
            words(out, &redline.words(old, new).unwrap_or_default(), style);
        }
        Row::Added { new } => {
            paint(
                out,
                style,
                GREEN,
                &format!("+ {}", redline.new[new].full_text()),
            );
        }
        Row::Removed { old } => {
            paint(
                out,
                style,
                RED,
                &format!("- {}", redline.old[old].full_text()),
            );
        }
        Row::MovedAway { old, new } => {
            let to = redline.new[new].number.as_deref().unwrap_or("below");
            let text = format!("< {} (moved to {to})", redline.old[old].full_text());
            paint(out, style, DIM, &text);
        }
        Row::MovedHere { old, new } => {
            let from = redline.old[old].number.as_deref().unwrap_or("above");
            out.push_str("> ");
            number_change(out, redline, old, new, style);
            match redline.words(old, new) {
                Some(spans) => words(out, &spans, style),
                None => out.push_str(&redline.new[new].text),
            }
            paint(out, style, DIM, &format!(" (moved from {from})"));
        }
    }
    out.push('\n');
}

fn number_change(out: &mut String, redline: &Redline, old: usize, new: usize, style: Style) {
    let (a, b) = (&redline.old[old], &redline.new[new]);
    if a.anchor() == b.anchor() {
        if let Some(n) = &b.number {
            let _ = write!(out, "{n} ");
        }
        return;
    }
    let mut spans = Vec::new();
    if let Some(n) = &a.number {
        spans.push(Span::Deleted(n.clone()));
    }
    if let Some(n) = &b.number {
        spans.push(Span::Inserted(n.clone()));
    }
    words(out, &spans, style);
    out.push(' ');
}

fn words(out: &mut String, spans: &[Span], style: Style) {
    for span in spans {
        match (span, style) {
            (Span::Same(text), _) => out.push_str(text),
            (Span::Deleted(text), Style::Plain) => {
                let _ = write!(out, "[-{text}-]");
            }
            (Span::Inserted(text), Style::Plain) => {
                let _ = write!(out, "{{+{text}+}}");
            }
            (Span::Deleted(text), Style::Colour) => paint(out, style, STRUCK_RED, text),
            (Span::Inserted(text), Style::Colour) => paint(out, style, UNDERLINED_GREEN, text),
        }
    }
}

fn paint(out: &mut String, style: Style, colour: &str, text: &str) {
    match style {
        Style::Plain => out.push_str(text),
        Style::Colour => {
            let _ = write!(out, "{colour}{text}{RESET}");
        }
    }
}
