//! A redline as an HTML fragment for the diff page. Every change is marked twice: by
//! `<ins>`/`<del>` (underlined and struck through without any stylesheet, and announced by
//! screen readers) and by a word tag («добавлен», «изменён»), so the page reads in print and
//! without colour. Unchanged stretches are left out, named by a count and the clause numbers
//! they span, and linked to in the edition itself.

use std::fmt::Write as _;
use std::ops::Range;

use super::blocks::{Block, Kind};
use super::{Piece, Redline, Row, Span};
use crate::escape::push_html;

/// Words of the page's language the fragment needs.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub added: String,
    pub removed: String,
    pub changed: String,
    pub punctuation: String,
    /// «перенесён из п. {n}»: `{n}` is the old number.
    pub moved_from: String,
    /// «перенесён в п. {n}»: `{n}` is the new number.
    pub moved_to: String,
    pub moved: String,
    /// «Без изменений»: followed by a count.
    pub unchanged: String,
    /// «с новыми номерами»: followed by a count.
    pub renumbered: String,
}

/// Where clause numbers link: the two editions' pages, relative to the diff page.
#[derive(Debug, Clone)]
pub struct Links<'a> {
    pub old_page: &'a str,
    pub new_page: &'a str,
}

/// Unchanged rows kept visible around each change.
const CONTEXT: usize = 1;

/// Renders the rows of `redline`.
pub fn render(redline: &Redline, labels: &Labels, links: &Links) -> String {
    let mut out = String::with_capacity(redline.new.len() * 200);
    for piece in redline.pieces(CONTEXT) {
        match piece {
            Piece::Row(i) => row(&mut out, redline, redline.rows[i], labels, links),
            Piece::Folded(range) => fold(&mut out, redline, range, labels, links),
        }
    }
    out
}

/// Unchanged blocks left out, with their count and a link to them in the new edition:
/// repeating the whole text would make every diff page as heavy as the edition itself.
fn fold(out: &mut String, redline: &Redline, range: Range<usize>, labels: &Labels, links: &Links) {
    let renumbered = redline.renumbered_in(range.clone());
    let anchors: Vec<&str> = redline.rows[range.clone()]
        .iter()
        .filter_map(|row| match *row {
            Row::Same { new, .. } if redline.new[new].kind == Kind::Text => {
                redline.new[new].anchor()
            }
            _ => None,
        })
        .collect();
    out.push_str("<p class=\"rl-fold\">");
    let text = format!("{}: {}", labels.unchanged, range.len());
    match (anchors.first(), anchors.last()) {
        (Some(first), Some(last)) => {
            out.push_str("<a href=\"");
            push_html(out, links.new_page);
            out.push_str("#clause-");
            push_html(out, first);
            out.push_str("\">");
            push_html(out, &text);
            let span = if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            };
            let _ = write!(out, " ({})</a>", crate::escape::html(&span));
        }
        _ => push_html(out, &text),
    }
    if renumbered > 0 {
        let _ = write!(out, "; {}: {renumbered}", labels.renumbered);
    }
    out.push_str("</p>\n");
}

fn row(out: &mut String, redline: &Redline, row: Row, labels: &Labels, links: &Links) {
    match row {
        Row::Same { old, new } => {
            let (a, b) = (&redline.old[old], &redline.new[new]);
            open(out, "same", b, None);
            if redline.renumbered(old, new) {
                out.push_str("<span class=\"rl-num\"><del>");
                push_html(out, a.number.as_deref().unwrap_or(""));
                out.push_str("</del> <ins>");
                push_html(out, b.number.as_deref().unwrap_or(""));
                out.push_str("</ins></span> ");
                push_html(out, &b.text);
            } else {
                number(out, b, links.new_page);
                push_html(out, &b.text);
            }
        }
        Row::Changed { old, new } => {
            let spans = redline.words(old, new).unwrap_or_default();
            let tag = if super::words::only_punctuation(&spans) {
                &labels.punctuation
            } else {
                &labels.changed
            };
            open(out, "changed", &redline.new[new], Some(tag));
            changed_number(out, &redline.old[old], &redline.new[new], links);
            words(out, &spans);
        }
        Row::Added { new } => whole(
            out,
            "added",
            &labels.added,
            &redline.new[new],
            "ins",
            links.new_page,
        ),
        Row::Removed { old } => whole(
            out,
            "removed",
            &labels.removed,
            &redline.old[old],
            "del",
            links.old_page,
        ),
        Row::MovedAway { old, new } => {
            let b = &redline.new[new];
            let tag = match &b.number {
                Some(n) => labels.moved_to.replace("{n}", n.trim_end_matches('.')),
                None => labels.moved.clone(),
            };
            open(out, "moved-away", &redline.old[old], Some(&tag));
            let _ = write!(out, "<a href=\"#rl-{new}\"><del>");
            push_html(out, &redline.old[old].full_text());
            out.push_str("</del></a>");
        }
        Row::MovedHere { old, new } => {
            let a = &redline.old[old];
            let tag = match &a.number {
                Some(n) => labels.moved_from.replace("{n}", n.trim_end_matches('.')),
                None => labels.moved.clone(),
            };
            let b = &redline.new[new];
            let _ = write!(
                out,
                "<div class=\"rl rl-moved{}\" id=\"rl-{new}\">",
                kind_class(b)
            );
            tag_span(out, &tag);
            changed_number(out, a, b, links);
            match redline.words(old, new) {
                Some(spans) => words(out, &spans),
                None => push_html(out, &b.text),
            }
        }
    }
    out.push_str("</div>\n");
}

fn open(out: &mut String, class: &str, block: &Block, tag: Option<&str>) {
    let _ = write!(out, "<div class=\"rl rl-{class}{}\">", kind_class(block));
    if let Some(tag) = tag {
        tag_span(out, tag);
    }
}

fn tag_span(out: &mut String, tag: &str) {
    out.push_str("<span class=\"rl-tag\">");
    push_html(out, tag);
    out.push_str("</span> ");
}

fn kind_class(block: &Block) -> String {
    match block.kind {
        Kind::Heading(level) => format!(" rl-heading rl-h{level}"),
        Kind::Code => " rl-code".into(),
        Kind::TableRow => " rl-row".into(),
        Kind::Text => String::new(),
    }
}

/// A block added or removed as a whole.
fn whole(out: &mut String, class: &str, tag: &str, block: &Block, mark: &str, page: &str) {
    open(out, class, block, Some(tag));
    let _ = write!(out, "<{mark}>");
    number(out, block, page);
    push_html(out, &block.text);
    let _ = write!(out, "</{mark}>");
}

/// The clause number as a link to the clause on its edition's page.
fn number(out: &mut String, block: &Block, page: &str) {
    let Some(number) = &block.number else {
        return;
    };
    match (block.kind, block.anchor()) {
        (Kind::Text, Some(anchor)) => {
            out.push_str("<a class=\"rl-num\" href=\"");
            push_html(out, page);
            out.push_str("#clause-");
            push_html(out, anchor);
            out.push_str("\">");
            push_html(out, number);
            out.push_str("</a> ");
        }
        _ => {
            out.push_str("<span class=\"rl-num\">");
            push_html(out, number);
            out.push_str("</span> ");
        }
    }
}

fn changed_number(out: &mut String, old: &Block, new: &Block, links: &Links) {
    if old.anchor() == new.anchor() {
        number(out, new, links.new_page);
        return;
    }
    if old.number.is_some() {
        out.push_str("<del>");
        number(out, old, links.old_page);
        out.push_str("</del>");
    }
    if new.number.is_some() {
        out.push_str("<ins>");
        number(out, new, links.new_page);
        out.push_str("</ins>");
    }
}

fn words(out: &mut String, spans: &[Span]) {
    for span in spans {
        match span {
            Span::Same(text) => push_html(out, text),
            Span::Deleted(text) => {
                out.push_str("<del>");
                push_html(out, text);
                out.push_str("</del>");
            }
            Span::Inserted(text) => {
                out.push_str("<ins>");
                push_html(out, text);
                out.push_str("</ins>");
            }
        }
    }
}
