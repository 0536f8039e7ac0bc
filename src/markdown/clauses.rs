//! Clause anchors: a paragraph or list item that starts with a clause number (`2.4.1.` or
//! `2.4.1`, possibly in bold) gets `id="clause-2.4.1"` and its number becomes a link to
//! itself, so «п. 2.4.1» can be cited with a link that works in every edition having it.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag};

/// Rewrites the events so numbered paragraphs and items carry their anchors.
pub fn anchor(events: Vec<Event>) -> Vec<Event> {
    let mut used = HashSet::new();
    let mut out = Vec::with_capacity(events.len() + 16);
    let mut events = events.into_iter().peekable();
    let mut pending: Option<&'static str> = None;
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Item) => {
                // A loose item wraps its text in a paragraph: anchor the item, not both.
                let loose = matches!(events.peek(), Some(Event::Start(Tag::Paragraph)));
                out.push(Event::Start(Tag::Item));
                if loose {
                    out.push(events.next().unwrap_or(Event::Start(Tag::Paragraph)));
                }
                pending = Some("li");
                continue;
            }
            Event::Start(Tag::Paragraph) => {
                out.push(event);
                pending = Some("p");
                continue;
            }
            Event::Start(Tag::Strong | Tag::Emphasis) if pending.is_some() => {
                out.push(event);
                continue;
            }
            Event::Text(text) if pending.is_some() => {
                let element = pending.take().unwrap_or("p");
                match split_number(&text) {
                    Some((number, rest))
                        if used.insert(number.trim_end_matches('.').to_string()) =>
                    {
                        mark(&mut out, element, &number);
                        if !rest.is_empty() {
                            out.push(Event::Text(CowStr::from(rest)));
                        }
                    }
                    _ => out.push(Event::Text(text)),
                }
                continue;
            }
            _ => pending = None,
        }
        out.push(event);
    }
    out
}

/// Replaces the opening tag of the block being built by one with the anchor, and puts a
/// self-link in place of the number.
fn mark(out: &mut Vec<Event>, element: &str, number: &str) {
    let id = number.trim_end_matches('.');
    let open = if element == "li" {
        Tag::Item
    } else {
        Tag::Paragraph
    };
    if let Some(position) = out
        .iter()
        .rposition(|e| matches!(e, Event::Start(t) if *t == open))
    {
        out[position] = Event::Html(CowStr::from(format!(
            "<{element} id=\"clause-{id}\" class=\"clause\">"
        )));
    }
    out.push(Event::Html(CowStr::from(format!(
        "<a class=\"clause-number\" href=\"#clause-{id}\">{number}</a>"
    ))));
}

/// The clause id of an opening tag that [`mark`] wrote (`<p id="clause-2.4.1" …>` → `2.4.1`):
/// how a reader of the anchored events (search) finds where a clause starts.
pub fn opened(html: &str) -> Option<&str> {
    let rest = html
        .strip_prefix("<p id=\"clause-")
        .or_else(|| html.strip_prefix("<li id=\"clause-"))?;
    rest.split_once('"').map(|(id, _)| id)
}

/// Whether `html` is the self-link that [`mark`] put in place of a clause number.
pub fn is_number_link(html: &str) -> bool {
    html.starts_with("<a class=\"clause-number\"")
}

/// Splits `2.4.1. Текст` into `2.4.1.` and ` Текст`. A clause number has two to five parts
/// of one to three digits (`2.4.1`, with or without the final dot), or is one such part
/// with a dot (`3.`); it is followed by a space or ends the text.
pub fn split_number(text: &str) -> Option<(String, String)> {
    let end = number_len(text)?;
    Some((text[..end].to_string(), text[end..].to_string()))
}

/// Length in bytes of the clause number that opens `text` (see [`split_number`]).
pub fn number_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut end = 0;
    let mut parts = 0;
    let mut trailing_dot = false;
    loop {
        let start = end;
        while end < bytes.len() && bytes[end].is_ascii_digit() && end - start < 4 {
            end += 1;
        }
        let digits = end - start;
        if digits == 0 || digits > 3 {
            if digits == 0 && parts > 0 {
                trailing_dot = true;
                break;
            }
            return None;
        }
        parts += 1;
        if end < bytes.len() && bytes[end] == b'.' {
            end += 1;
        } else {
            break;
        }
    }
    let number_end = end;
    if trailing_dot || text[..number_end].ends_with('.') {
        trailing_dot = true;
    }
    let rest = &text[number_end..];
    let followed_well = rest.is_empty() || rest.starts_with(char::is_whitespace);
    let shaped = (2..=5).contains(&parts) || (parts == 1 && trailing_dot);
    if !(followed_well && shaped) {
        return None;
    }
    Some(number_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_recognised_only_at_clause_shape() {
        assert_eq!(
            split_number("2.4.1. Текст"),
            Some(("2.4.1.".into(), " Текст".into()))
        );
        assert_eq!(
            split_number("2.4.1 Текст"),
            Some(("2.4.1".into(), " Текст".into()))
        );
        assert_eq!(
            split_number("3. Текст"),
            Some(("3.".into(), " Текст".into()))
        );
        assert_eq!(split_number("2.1."), Some(("2.1.".into(), "".into())));
        assert_eq!(split_number("2024 год"), None);
        assert_eq!(split_number("3 дня"), None);
        assert_eq!(split_number("1.5x"), None);
        assert_eq!(split_number("Текст 1.1"), None);
    }

    #[test]
    fn paragraphs_items_and_bold_numbers_get_anchors() {
        let html = crate::markdown::render(
            "2.4.1. Текст\n\n- 3.1. Пункт\n\n**4.2.** Жирный\n\n1\\. Раздел\n",
            false,
        )
        .html;
        assert!(html.contains("<p id=\"clause-2.4.1\" class=\"clause\"><a class=\"clause-number\" href=\"#clause-2.4.1\">2.4.1.</a> Текст</p>"), "{html}");
        assert!(
            html.contains("<li id=\"clause-3.1\" class=\"clause\">"),
            "{html}"
        );
        assert!(
            html.contains(
                "<strong><a class=\"clause-number\" href=\"#clause-4.2\">4.2.</a></strong>"
            ),
            "{html}"
        );
        assert!(html.contains("id=\"clause-1\""), "{html}");
    }

    #[test]
    fn the_marks_written_are_the_marks_read() {
        let events =
            anchor(pulldown_cmark::Parser::new("2.4.1. Текст\n\n- 3.1. Пункт\n").collect());
        let html: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::Html(h) => Some(h.as_ref()),
                _ => None,
            })
            .collect();
        let opened: Vec<_> = html.iter().filter_map(|h| opened(h)).collect();
        assert_eq!(opened, ["2.4.1", "3.1"]);
        assert_eq!(html.iter().filter(|h| is_number_link(h)).count(), 2);
    }

    #[test]
    fn a_repeated_number_keeps_the_first_anchor_only() {
        let html = crate::markdown::render("1.1. A\n\n1.1. B\n", false).html;
        assert_eq!(html.matches("id=\"clause-1.1\"").count(), 1);
    }
}
