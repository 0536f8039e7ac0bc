//! An edition body as plain text, cut where a reader can be sent: at each heading and each
//! numbered clause. Search indexes these passages and quotes them in its results.
//!
//! The passages are read from the same anchored events the HTML renderer writes (heading ids
//! from [`super::headings`], clause anchors from [`super::clauses`]), so an anchor here is an
//! id the page really has. No HTML is written and nothing is sanitised: this costs a parse,
//! not a render. Raw HTML in the text counts for its words only.

use pulldown_cmark::{Event, Parser, Tag, TagEnd, TextMergeStream};

use super::{clauses, headings, take_title, tidy, OPTIONS};

/// The plain text of an edition body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plain {
    /// The level-1 heading that opens the body, as [`super::Rendered::title`].
    pub title: Option<String>,
    /// The text of every passage in document order, each ended by a line break so that the
    /// words of two passages never run together. One buffer for the whole body: a policy has
    /// a hundred passages, and this is done for every policy of the portal.
    pub text: String,
    /// Where each passage starts and which part of `text` is its own; text before the first
    /// anchor is [`Anchor::Top`].
    pub passages: Vec<Passage>,
}

impl Plain {
    /// The text of one of the passages: the pieces of its text joined by single spaces; a
    /// heading's own text is not included.
    pub fn text_of(&self, passage: &Passage) -> &str {
        self.text.get(passage.range.clone()).unwrap_or_default()
    }
}

/// A stretch of text that starts at an anchor and runs to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub anchor: Anchor,
    /// Its text in [`Plain::text`].
    pub range: std::ops::Range<usize>,
}

/// Where a passage starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The top of the page: text before the first heading or clause.
    Top,
    /// A heading: its id (`2-обработка`) and its text.
    Heading { id: String, text: String },
    /// A numbered clause: `2.4.1`, whose id is `clause-2.4.1`.
    Clause(String),
}

/// Cuts `body` into passages.
pub fn passages(body: &str) -> Plain {
    let source = tidy(body);
    // About one event per 24 bytes of policy text: one allocation instead of a dozen.
    let mut events: Vec<Event> = Vec::with_capacity(source.len() / 24);
    events.extend(TextMergeStream::new(Parser::new_ext(&source, OPTIONS)));
    let title = take_title(&mut events);
    headings::assign_ids(&mut events);
    let mut walker = Walker::new(source.len());
    for event in clauses::anchor(events) {
        walker.event(event);
    }
    let (text, passages) = walker.finish();
    Plain {
        title,
        text,
        passages,
    }
}

/// Collects text into passages as the events go by.
struct Walker {
    passages: Vec<Passage>,
    anchor: Anchor,
    text: Collapsed,
    /// Inside a heading: its id and the text so far.
    heading: Option<(String, Collapsed)>,
    raw: RawHtml,
}

impl Walker {
    fn new(capacity: usize) -> Walker {
        Walker {
            passages: Vec::new(),
            anchor: Anchor::Top,
            text: Collapsed::with_capacity(capacity),
            heading: None,
            raw: RawHtml::default(),
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                let id = id.map(|id| id.to_string()).unwrap_or_default();
                self.heading = Some((id, Collapsed::with_capacity(64)));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, text)) = self.heading.take() {
                    let text = text.into_string();
                    self.start(Anchor::Heading { id, text });
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html),
            Event::Text(text) | Event::Code(text) => self.sink().push(&text),
            Event::SoftBreak | Event::HardBreak | Event::Rule => self.sink().space(),
            Event::End(end) if ends_a_block(end) => self.sink().space(),
            _ => {}
        }
    }

    fn html(&mut self, html: &str) {
        if let Some(number) = clauses::opened(html) {
            self.start(Anchor::Clause(number.to_string()));
        } else if !clauses::is_number_link(html) {
            let mut raw = std::mem::take(&mut self.raw);
            raw.text(html, self.sink());
            self.raw = raw;
        }
    }

    /// Where text goes now: the heading being read, or the passage.
    fn sink(&mut self) -> &mut Collapsed {
        match &mut self.heading {
            Some((_, text)) => text,
            None => &mut self.text,
        }
    }

    /// Ends the passage being collected and starts one at `anchor`.
    fn start(&mut self, anchor: Anchor) {
        let previous = std::mem::replace(&mut self.anchor, anchor);
        let range = self.text.end_piece();
        if previous != Anchor::Top || !range.is_empty() {
            self.passages.push(Passage {
                anchor: previous,
                range,
            });
        }
    }

    fn finish(mut self) -> (String, Vec<Passage>) {
        self.start(Anchor::Top);
        (self.text.into_string(), self.passages)
    }
}

/// Block ends separate words; inline ones (`пере*дача*`) do not.
fn ends_a_block(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::FootnoteDefinition
    )
}

/// Text joined from pieces with one space where there was any between them, and none at
/// either end; [`Collapsed::end_piece`] starts another text in the same buffer.
#[derive(Debug, Default)]
struct Collapsed {
    text: String,
    /// Where the text being collected starts.
    start: usize,
    space: bool,
}

impl Collapsed {
    fn with_capacity(capacity: usize) -> Collapsed {
        Collapsed {
            text: String::with_capacity(capacity),
            start: 0,
            space: false,
        }
    }

    /// Ends the text being collected with a line break and returns where it is.
    fn end_piece(&mut self) -> std::ops::Range<usize> {
        let range = self.start..self.text.len();
        if !range.is_empty() {
            self.text.push('\n');
        }
        self.start = self.text.len();
        self.space = false;
        range
    }

    /// Whitespace inside one piece of text is kept as written: Markdown text rarely holds
    /// more than single spaces there, and a page shows any run as one, so this stays a copy.
    fn push(&mut self, text: &str) {
        let trimmed = text.trim_start();
        if trimmed.len() < text.len() {
            self.space = true;
        }
        let core = trimmed.trim_end();
        self.word(core);
        if core.len() < trimmed.len() {
            self.space = true;
        }
    }

    fn word(&mut self, word: &str) {
        if word.is_empty() {
            return;
        }
        if std::mem::take(&mut self.space) && self.text.len() > self.start {
            self.text.push(' ');
        }
        self.text.push_str(word);
    }

    fn space(&mut self) {
        self.space = true;
    }

    fn into_string(self) -> String {
        self.text
    }
}

/// The words of raw HTML: tags dropped, with what scripts and styles hold; a few entities
/// decoded. A tag may span several events (HTML blocks come line by line).
#[derive(Debug, Default)]
struct RawHtml {
    in_tag: bool,
    tag: String,
    /// Inside `<script>` or `<style>`: the closing tag that ends the skip.
    skipping: Option<&'static str>,
}

impl RawHtml {
    fn text(&mut self, html: &str, out: &mut Collapsed) {
        let mut rest = html;
        while !rest.is_empty() {
            if self.in_tag {
                let Some(end) = rest.find('>') else {
                    self.tag.push_str(rest);
                    return;
                };
                self.tag.push_str(&rest[..end]);
                self.close_tag();
                out.space();
                rest = &rest[end + 1..];
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                if self.skipping.is_none() {
                    out.push(&decode_entities(&rest[..end]));
                }
                rest = &rest[end..];
                if let Some(tag) = rest.strip_prefix('<') {
                    self.in_tag = true;
                    rest = tag;
                }
            }
        }
    }

    fn close_tag(&mut self) {
        self.in_tag = false;
        let name: String = self
            .tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let closing = self.tag.starts_with('/');
        self.tag.clear();
        match (self.skipping, closing) {
            (Some(skipped), true) if skipped == name => self.skipping = None,
            (None, false) => {
                self.skipping = match name.as_str() {
                    "script" => Some("script"),
                    "style" => Some("style"),
                    _ => None,
                }
            }
            _ => {}
        }
    }
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references; others are
/// kept as written.
fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors(plain: &Plain) -> Vec<String> {
        plain
            .passages
            .iter()
            .map(|p| match &p.anchor {
                Anchor::Top => "top".to_string(),
                Anchor::Heading { id, .. } => id.clone(),
                Anchor::Clause(n) => format!("clause-{n}"),
            })
            .collect()
    }

    #[test]
    fn passages_start_at_headings_and_clauses() {
        let plain = passages(
            "# Политика\n\nВведение *к* документу.\n\n## 2. Обработка\n\n2.4.1. Оператор \
             обрабатывает\nданные.\n\nПродолжение пункта.\n\n- 2.4.2. Пункт списка\n",
        );
        assert_eq!(plain.title.as_deref(), Some("Политика"));
        assert_eq!(
            anchors(&plain),
            ["top", "2-обработка", "clause-2.4.1", "clause-2.4.2"]
        );
        assert_eq!(plain.text_of(&plain.passages[0]), "Введение к документу.");
        assert_eq!(
            plain.passages[1].anchor,
            Anchor::Heading {
                id: "2-обработка".into(),
                text: "2. Обработка".into()
            }
        );
        assert_eq!(plain.text_of(&plain.passages[1]), "");
        assert_eq!(
            plain.text_of(&plain.passages[2]),
            "Оператор обрабатывает данные. Продолжение пункта."
        );
        assert_eq!(plain.text_of(&plain.passages[3]), "Пункт списка");
        assert_eq!(
            plain.text,
            "Введение к документу.\nОператор обрабатывает данные. Продолжение пункта.\nПункт списка\n"
        );
    }

    #[test]
    fn every_anchor_is_an_id_of_the_rendered_page() {
        let body = "# T\n\n## Цели\n\n1.1. A\n\n1.1. B\n\n## Цели\n\n**2.1.** C\n\n- 2.2 D\n\n  - 2.2.1. E\n\n| a | b |\n|---|---|\n| 3.1. x | y |\n";
        let html = crate::markdown::render(body, false).html;
        for anchor in anchors(&passages(body)).iter().filter(|a| *a != "top") {
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "{anchor}: {html}"
            );
        }
        assert_eq!(
            anchors(&passages(body)),
            [
                "цели",
                "clause-1.1",
                "цели-2",
                "clause-2.1",
                "clause-2.2",
                "clause-2.2.1"
            ]
        );
    }

    #[test]
    fn raw_html_counts_for_its_words_only() {
        let plain = passages(
            "Текст<br>с&nbsp;тегами &amp; <b>жирным</b>\n\n<table>\n<tr><td>Ячейка</td>\n<td \
             class=\"x\">вторая</td></tr>\n</table>\n\n<script>alert('нет')</script>\n",
        );
        assert_eq!(
            plain.text_of(&plain.passages[0]),
            "Текст с\u{a0}тегами & жирным Ячейка вторая"
        );
    }

    #[test]
    fn pieces_are_joined_by_one_space() {
        let mut text = Collapsed::default();
        text.push("  а б\u{a0}");
        text.push("в");
        text.space();
        text.push("\u{3000}г ");
        text.push("\n");
        text.push("д");
        assert_eq!(text.end_piece(), 0..14);
        text.space();
        text.push(" е");
        assert_eq!(text.end_piece(), 15..17);
        assert_eq!(text.into_string(), "а б в г д\nе\n");
    }

    #[test]
    fn inline_markup_does_not_split_words() {
        let plain = passages("пере*дача* `код` и [ссылка](https://example.kz)\n");
        assert_eq!(plain.text_of(&plain.passages[0]), "передача код и ссылка");
    }
}
