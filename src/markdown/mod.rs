//! Edition Markdown → HTML: CommonMark with tables, footnotes and strikethrough; stable
//! heading ids and a table of contents; clause anchors (`id="clause-2.4.1"`); raw HTML
//! sanitised unless the site trusts its editors. The same text cut into plain passages at
//! those anchors is what search indexes ([`passages`]).
//!
//! Sanitising runs only on documents that carry raw HTML: Markdown alone cannot produce
//! unsafe markup once link targets are checked, and most policies carry none, so the
//! expensive HTML re-parse is paid only where it protects something.

mod clauses;
mod headings;
mod passages;
mod sanitize;

use pulldown_cmark::{
    CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream,
};

pub use clauses::number_len as clause_number_len;
pub use clauses::split_number as split_clause_number;
pub use headings::slugify;
pub use passages::{passages, Anchor, Passage, Plain};

/// The Markdown an edition is written in: CommonMark with tables, footnotes,
/// strikethrough and `{#id}` heading attributes.
pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// A rendered edition body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The document's own title: a level-1 heading that opens the body. It is taken out of
    /// `html` so the page shows one `<h1>`, with the edition's facts under it.
    pub title: Option<String>,
    pub html: String,
    /// Level 2 and 3 headings, in order.
    pub toc: Vec<Heading>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Renders an edition body; `trusted` keeps raw HTML as written.
pub fn render(body: &str, trusted: bool) -> Rendered {
    let source = tidy(body);
    let mut events: Vec<Event> = TextMergeStream::new(Parser::new_ext(&source, OPTIONS)).collect();
    let has_raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    if !trusted {
        neutralise_links(&mut events);
    }
    let title = take_title(&mut events);
    let toc = headings::assign_ids(&mut events);
    let events = clauses::anchor(events);
    let mut html = String::with_capacity(source.len() + source.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html && !trusted {
        html = sanitize::clean(&html);
    }
    Rendered { title, html, toc }
}

/// Removes a level-1 heading that opens the document and returns its text.
fn take_title(events: &mut Vec<Event>) -> Option<String> {
    if !matches!(
        events.first(),
        Some(Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }))
    ) {
        return None;
    }
    let end = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(HeadingLevel::H1))))?;
    let mut title = String::new();
    for event in events.drain(..=end) {
        match event {
            Event::Text(t) | Event::Code(t) => title.push_str(&t),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    Some(title.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Invisible characters pasted from web pages and office documents break headings, clause
/// numbers and search without showing anywhere, so they go before parsing. A no-break space
/// after `#` is what a heading looks like after a trip through Word.
pub(crate) fn tidy(body: &str) -> std::borrow::Cow<'_, str> {
    // One search per character: each is a fast byte search, where a set of characters
    // would decode every character of the text.
    let invisible = ['\u{200b}', '\u{2060}', '\u{feff}'];
    if !invisible.iter().any(|&c| body.contains(c)) && !body.contains("#\u{a0}") {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let line = line.trim_start_matches(['\u{200b}', '\u{2060}', '\u{feff}']);
        let hashes = line.len() - line.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with('\u{a0}') {
            out.push_str(&line[..hashes]);
            out.push(' ');
            push_visible(&mut out, &line[hashes + '\u{a0}'.len_utf8()..]);
        } else {
            push_visible(&mut out, line);
        }
    }
    std::borrow::Cow::Owned(out)
}

fn push_visible(out: &mut String, text: &str) {
    if text.contains(['\u{200b}', '\u{2060}', '\u{feff}']) {
        out.extend(
            text.chars()
                .filter(|c| !matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}')),
        );
    } else {
        out.push_str(text);
    }
}

/// Link and image targets that run code are replaced by a harmless `#`.
fn neutralise_links(events: &mut [Event]) {
    for event in events.iter_mut() {
        if let Event::Start(
            Tag::Link {
                dest_url,
                link_type,
                ..
            }
            | Tag::Image {
                dest_url,
                link_type,
                ..
            },
        ) = event
        {
            if *link_type != LinkType::Email && is_dangerous_url(dest_url) {
                *dest_url = CowStr::Borrowed("#");
            }
        }
    }
}

fn is_dangerous_url(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_links_are_neutralised() {
        let r = render("[x](javascript:alert(1)) [y]( JaVaScRiPt:alert(1))", false);
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
    }

    #[test]
    fn zero_width_spaces_do_not_hide_a_clause_number() {
        let r = render("\u{200b}2.1. Текст\u{200b}", false);
        assert!(r.html.contains("id=\"clause-2.1\""), "{}", r.html);
    }

    #[test]
    fn a_heading_after_a_no_break_space_is_a_heading() {
        let r = render("#\u{a0}Политика\n", false);
        assert_eq!(r.title.as_deref(), Some("Политика"));
        let r = render("Текст\n\n#\u{a0}Раздел\n", false);
        assert!(
            r.html.contains("<h1 id=\"раздел\">Раздел</h1>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn an_opening_title_is_taken_out_of_the_body() {
        let r = render("# Политика *конфиденциальности*\n\n1.1. Текст\n", false);
        assert_eq!(r.title.as_deref(), Some("Политика конфиденциальности"));
        assert!(!r.html.contains("<h1"), "{}", r.html);
    }
}
