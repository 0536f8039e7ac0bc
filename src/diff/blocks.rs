//! An edition body as the reader sees it, cut into the units a redline compares: headings,
//! paragraphs, list items and table rows, each as plain text with its clause number apart.
//! Markup is dropped on purpose: re-flowing a paragraph, turning `*` into `_` or adding a
//! hard break changes nothing a reader sees, so it must not show as a change.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::markdown;

/// What kind of unit a block is; only blocks of the same kind are ever paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Heading(u8),
    Text,
    TableRow,
    Code,
}

/// One unit of an edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    /// The clause or section number as written (`2.4.1.`), when the block starts with one.
    pub number: Option<String>,
    /// The text after the number, whitespace collapsed.
    pub text: String,
}

impl Block {
    /// The number without its final dot (`2.4.1`), as clause anchors use it.
    pub fn anchor(&self) -> Option<&str> {
        self.number.as_deref().map(|n| n.trim_end_matches('.'))
    }

    /// Number and text, as a reader would quote the block.
    pub fn full_text(&self) -> String {
        match &self.number {
            Some(number) if self.text.is_empty() => number.clone(),
            Some(number) => format!("{number} {}", self.text),
            None => self.text.clone(),
        }
    }
}

/// Cuts a Markdown body into blocks, in reading order.
pub fn split(body: &str) -> Vec<Block> {
    let source = markdown::tidy(body);
    let mut cutter = Cutter::default();
    for event in Parser::new_ext(&source, markdown::OPTIONS) {
        cutter.feed(event);
    }
    cutter.flush();
    cutter.blocks
}

/// Collects the text of the block being read. List items nest, so an item's own text is
/// flushed when a nested item starts: every item becomes a block of its own, in order.
#[derive(Default)]
struct Cutter {
    blocks: Vec<Block>,
    kind: Option<Kind>,
    text: String,
    items: usize,
    in_table_row: bool,
    cell_started: bool,
}

impl Cutter {
    fn feed(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.push(&text),
            Event::SoftBreak | Event::HardBreak => self.push(" "),
            Event::Html(html) | Event::InlineHtml(html) => self.push_html(&html),
            Event::FootnoteReference(label) => self.push(&format!("[{label}]")),
            Event::TaskListMarker(done) => self.push(if done { "[x] " } else { "[ ] " }),
            Event::Rule | Event::InlineMath(_) | Event::DisplayMath(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => self.open(Kind::Heading(level as u8)),
            Tag::Item => {
                self.flush();
                self.items += 1;
                self.kind = Some(Kind::Text);
            }
            Tag::Paragraph if self.items == 0 => self.open(Kind::Text),
            Tag::CodeBlock(_) => self.open(Kind::Code),
            Tag::TableHead | Tag::TableRow => {
                self.open(Kind::TableRow);
                self.in_table_row = true;
                self.cell_started = false;
            }
            Tag::TableCell if self.in_table_row => {
                if self.cell_started {
                    self.text.push_str(" | ");
                }
                self.cell_started = true;
            }
            Tag::FootnoteDefinition(label) => {
                self.open(Kind::Text);
                self.push(&format!("[{label}] "));
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Item => {
                self.flush();
                self.items = self.items.saturating_sub(1);
                if self.items > 0 {
                    self.kind = Some(Kind::Text);
                }
            }
            TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::Paragraph if self.items == 0 => self.flush(),
            TagEnd::TableHead | TagEnd::TableRow => {
                self.flush();
                self.in_table_row = false;
            }
            _ => {}
        }
    }

    fn open(&mut self, kind: Kind) {
        self.flush();
        self.kind = Some(kind);
    }

    fn push(&mut self, text: &str) {
        if self.kind.is_none() {
            self.kind = Some(Kind::Text);
        }
        self.text.push_str(text);
    }

    /// `<br>` in a table cell separates words; other tags carry no text of their own.
    fn push_html(&mut self, html: &str) {
        if self.kind == Some(Kind::Code) {
            self.push(html);
        } else if html.trim_start().starts_with("<br") {
            self.push(" ");
        } else if !html.trim_start().starts_with('<') {
            self.push(html);
        }
    }

    fn flush(&mut self) {
        let Some(kind) = self.kind.take() else {
            return;
        };
        let mut text = if kind == Kind::Code {
            self.text.trim_end().to_string()
        } else {
            collapse(&self.text)
        };
        self.text.clear();
        if text.is_empty() {
            return;
        }
        let number = match kind {
            Kind::Heading(_) | Kind::Text => markdown::clause_number_len(&text).map(|end| {
                let spaces = text[end..].len() - text[end..].trim_start().len();
                let number = text[..end].to_string();
                text.replace_range(..end + spaces, "");
                number
            }),
            Kind::TableRow | Kind::Code => None,
        };
        self.blocks.push(Block { kind, number, text });
    }
}

/// Runs of whitespace, no-break spaces included, read as one space; none at either end.
/// Words are copied whole, not char by char: this runs over every edition's full text.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    for (at, c) in text.char_indices() {
        match (is_space(c), word_start) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..at]);
                word_start = None;
            }
            (false, None) => word_start = Some(at),
            _ => {}
        }
    }
    if let Some(start) = word_start {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

/// `char::is_whitespace`, answering the common letters without its Unicode table: no
/// whitespace lies between U+00A1 and U+167F, where Cyrillic and Kazakh letters are.
fn is_space(c: char) -> bool {
    match c {
        ' ' | '\t'..='\r' => true,
        '\0'..='\u{7f}' | '\u{a1}'..='\u{167f}' => false,
        _ => c.is_whitespace(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortcut_for_spaces_agrees_with_unicode_on_every_char() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_space(c), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn whitespace_of_any_kind_collapses_to_single_spaces() {
        assert_eq!(collapse("  а\u{a0}\u{a0}б\n\tв\u{2003}г  "), "а б в г");
        assert_eq!(collapse(" \u{3000} "), "");
    }

    fn texts(body: &str) -> Vec<(Kind, Option<String>, String)> {
        split(body)
            .into_iter()
            .map(|b| (b.kind, b.number, b.text))
            .collect()
    }

    #[test]
    fn headings_clauses_items_and_rows_are_blocks_in_order() {
        let body = "# Политика\n\n## 1. Общие положения\n\n1.1. Первый\nпункт.\n\n\
                    - 1.2. Пункт **списка**\n  - вложенный\n- третий\n\n\
                    | Срок | Данные |\n|---|---|\n| 3 года | ИИН<br>телефон |\n";
        assert_eq!(
            texts(body),
            vec![
                (Kind::Heading(1), None, "Политика".into()),
                (
                    Kind::Heading(2),
                    Some("1.".into()),
                    "Общие положения".into()
                ),
                (Kind::Text, Some("1.1.".into()), "Первый пункт.".into()),
                (Kind::Text, Some("1.2.".into()), "Пункт списка".into()),
                (Kind::Text, None, "вложенный".into()),
                (Kind::Text, None, "третий".into()),
                (Kind::TableRow, None, "Срок | Данные".into()),
                (Kind::TableRow, None, "3 года | ИИН телефон".into()),
            ]
        );
    }

    #[test]
    fn markup_and_line_breaks_do_not_change_the_text() {
        let a = split("2.1. Оператор *обрабатывает*   данные.\n");
        let b = split("2.1. Оператор _обрабатывает_\nданные.\n");
        assert_eq!(a, b);
    }
}
