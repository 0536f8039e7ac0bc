//! Heading ids: a slug of the heading text (Cyrillic and Kazakh letters kept, as browsers
//! show them in the address bar), made unique within the page; `{#id}` in the source wins.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::Heading;

/// Gives every heading an id and returns the level 2 and 3 ones for the table of contents.
pub fn assign_ids(events: &mut [Event]) -> Vec<Heading> {
    // Ids the page layout itself uses; a heading must not take them.
    let mut used: HashSet<String> = ["main", "content", "toc"].map(String::from).into();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let text = heading_text(&events[i + 1..]);
            let wanted = match id {
                Some(id) => id.to_string(),
                None => slugify(&text),
            };
            let unique = unique_id(wanted, &mut used);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                toc.push(Heading {
                    level: level as u8,
                    id: unique,
                    text,
                });
            }
        }
        i += 1;
    }
    toc
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unique_id(wanted: String, used: &mut HashSet<String>) -> String {
    if used.insert(wanted.clone()) {
        return wanted;
    }
    (2..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or(wanted)
}

/// `1. Общие положения` → `1-общие-положения`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        // Basic Latin and Russian letters stay off the Unicode tables: every heading of
        // every edition passes here.
        match c {
            'a'..='z' | '0'..='9' | 'а'..='я' => slug.push(c),
            'A'..='Z' => slug.push(c.to_ascii_lowercase()),
            'А'..='Я' => slug.extend(char::from_u32(c as u32 + 0x20)),
            _ => c.to_lowercase().for_each(|c| push_other(&mut slug, c)),
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".into()
    } else {
        slug.to_string()
    }
}

/// A lowercased character other than a basic Latin or Russian letter or digit: kept if it
/// is a letter or digit, a separator turned into one hyphen, anything else dropped.
fn push_other(slug: &mut String, c: char) {
    if c.is_alphanumeric() {
        slug.push(c);
    } else if (c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/'))
        && !slug.is_empty()
        && !slug.ends_with('-')
    {
        slug.push('-');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_cyrillic_and_drop_punctuation() {
        assert_eq!(slugify("1. Общие положения"), "1-общие-положения");
        assert_eq!(slugify("«Термины» и определения!"), "термины-и-определения");
        assert_eq!(slugify("***"), "section");
    }

    #[test]
    fn the_shortcuts_slugify_as_unicode_does() {
        // What slugify did before it had shortcuts.
        fn slow(text: &str) -> String {
            let mut slug = String::new();
            for c in text.chars().flat_map(char::to_lowercase) {
                if c.is_alphanumeric() {
                    slug.push(c);
                } else if (c.is_whitespace() || matches!(c, '-' | '_' | '.' | '/'))
                    && !slug.is_empty()
                    && !slug.ends_with('-')
                {
                    slug.push('-');
                }
            }
            match slug.trim_end_matches('-') {
                "" => "section".into(),
                slug => slug.to_string(),
            }
        }
        let all: String = ('\u{0}'..='\u{500}').chain(['İ', 'Σ', '—', '«']).collect();
        for text in [
            all.as_str(),
            "1. Общие ПОЛОЖЕНИЯ — «Ёлка» / Straße_İ",
            "  -.- ",
        ] {
            assert_eq!(slugify(text), slow(text), "{text:?}");
        }
        for c in all.chars() {
            let text = format!("a{c}b{c}");
            assert_eq!(slugify(&text), slow(&text), "{c:?}");
        }
    }

    #[test]
    fn repeated_headings_get_distinct_ids() {
        let r = crate::markdown::render("## Цели\n\n## Цели\n", false);
        assert!(r.html.contains("id=\"цели\""));
        assert!(r.html.contains("id=\"цели-2\""));
        assert_eq!(r.toc.len(), 2);
    }
}
