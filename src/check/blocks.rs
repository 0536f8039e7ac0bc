//! An edition body read once for every rule: its blocks (headings, paragraphs, list items,
//! table cells) with the text a reader sees and where each piece sits in the source, the
//! clause number a block opens with (the same rule as the clause anchors), its links and
//! its raw HTML. The body is parsed as written, not tidied, so offsets are those of the file.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use crate::markdown::{split_clause_number, OPTIONS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading(u8),
    Paragraph,
    Item,
    Cell,
    /// A code block indented by four spaces: in a policy, centring spaces from an export.
    IndentedCode,
}

/// A piece of a block's text and the source it came from; `exact` when the text is the
/// source verbatim (no escapes or entities), so that offsets inside it map one to one.
#[derive(Debug, Clone)]
pub struct Segment {
    pub at: usize,
    pub source: Range<usize>,
    pub exact: bool,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: Kind,
    /// Byte offset of the block in the body.
    pub start: usize,
    /// The text a reader sees, soft breaks as spaces; code spans left out.
    pub text: String,
    pub segments: Vec<Segment>,
    /// The clause number the block opens with (`2.4.1.`) and its offset in the body.
    pub number: Option<(String, usize)>,
}

impl Block {
    /// The body offset of byte `at` of the block's text.
    pub fn source_offset(&self, at: usize) -> usize {
        let segment = self
            .segments
            .iter()
            .rev()
            .find(|s| s.at <= at)
            .or(self.segments.first());
        match segment {
            Some(s) if s.exact => s.source.start + (at - s.at),
            Some(s) => s.source.start,
            None => self.start,
        }
    }
}

/// A link or image target and where it is written.
#[derive(Debug, Clone)]
pub struct Link {
    pub dest: String,
    pub offset: usize,
    pub email: bool,
}

/// A body read for the rules.
#[derive(Debug, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    /// Raw HTML as written, with its offset.
    pub html: Vec<(String, usize)>,
}

/// Reads `body` into blocks, links and raw HTML.
pub fn read(body: &str) -> Doc {
    let mut reader = Reader::default();
    for (event, range) in Parser::new_ext(body, OPTIONS).into_offset_iter() {
        reader.event(event, range, body);
    }
    reader.finish();
    reader.doc
}

#[derive(Default)]
struct Reader {
    doc: Doc,
    current: Option<Block>,
    /// The next text may hold a clause number: a block has just opened (bold allowed).
    expect_number: bool,
    in_fenced_code: bool,
}

impl Reader {
    fn event(&mut self, event: Event, range: Range<usize>, body: &str) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(end) => self.end(end),
            Event::Text(text) => self.text(&text, range, body),
            Event::Code(_) => self.space(),
            Event::SoftBreak | Event::HardBreak => self.space(),
            Event::Html(html) | Event::InlineHtml(html) => {
                self.expect_number = false;
                self.doc.html.push((html.to_string(), range.start));
            }
            _ => self.expect_number = false,
        }
    }

    fn start(&mut self, tag: Tag, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => self.open(Kind::Heading(level as u8), range.start),
            Tag::Item => self.open(Kind::Item, range.start),
            Tag::TableCell => self.open(Kind::Cell, range.start),
            Tag::Paragraph => {
                // A loose list item wraps its text in a paragraph: one block, as for anchors.
                let in_empty_item = self
                    .current
                    .as_ref()
                    .is_some_and(|b| b.kind == Kind::Item && b.text.trim().is_empty());
                if !in_empty_item {
                    self.open(Kind::Paragraph, range.start);
                }
            }
            Tag::CodeBlock(CodeBlockKind::Indented) => self.open(Kind::IndentedCode, range.start),
            Tag::CodeBlock(CodeBlockKind::Fenced(_)) => {
                self.close();
                self.in_fenced_code = true;
            }
            Tag::Strong | Tag::Emphasis => {}
            Tag::Link {
                dest_url,
                link_type,
                ..
            }
            | Tag::Image {
                dest_url,
                link_type,
                ..
            } => {
                self.expect_number = false;
                self.doc.links.push(Link {
                    dest: dest_url.to_string(),
                    offset: range.start,
                    email: link_type == LinkType::Email,
                });
            }
            _ => self.expect_number = false,
        }
    }

    fn end(&mut self, end: TagEnd) {
        match end {
            TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::Paragraph => {
                self.close()
            }
            TagEnd::CodeBlock => {
                self.in_fenced_code = false;
                self.close();
            }
            _ => {}
        }
    }

    fn open(&mut self, kind: Kind, start: usize) {
        self.close();
        self.current = Some(Block {
            kind,
            start,
            text: String::new(),
            segments: Vec::new(),
            number: None,
        });
        self.expect_number = true;
    }

    fn close(&mut self) {
        if let Some(block) = self.current.take() {
            self.doc.blocks.push(block);
        }
        self.expect_number = false;
    }

    fn text(&mut self, text: &str, range: Range<usize>, body: &str) {
        if self.in_fenced_code {
            return;
        }
        let Some(block) = self.current.as_mut() else {
            return;
        };
        if std::mem::take(&mut self.expect_number) && block.kind != Kind::IndentedCode {
            let visible = text.trim_start_matches(['\u{200b}', '\u{2060}', '\u{feff}']);
            if let Some((number, _)) = split_clause_number(visible) {
                let skipped = text.len() - visible.len();
                block.number = Some((number, range.start + skipped));
            }
        }
        let exact = body.get(range.clone()) == Some(text);
        block.segments.push(Segment {
            at: block.text.len(),
            source: range,
            exact,
        });
        block.text.push_str(text);
    }

    fn space(&mut self) {
        self.expect_number = false;
        if let Some(block) = self.current.as_mut() {
            block.text.push(' ');
        }
    }

    fn finish(&mut self) {
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_carry_their_clause_numbers_and_offsets() {
        let body = "# Title\n\n1.1. Text\n\n- **2.1.** Item\n\n| a |\n|---|\n| b |\n";
        let doc = read(body);
        let kinds: Vec<Kind> = doc.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Heading(1),
                Kind::Paragraph,
                Kind::Item,
                Kind::Cell,
                Kind::Cell
            ]
        );
        let numbered: Vec<_> = doc.blocks.iter().filter_map(|b| b.number.clone()).collect();
        assert_eq!(
            numbered,
            [
                ("1.1.".to_string(), body.find("1.1").unwrap()),
                ("2.1.".to_string(), body.find("2.1").unwrap())
            ]
        );
        let item = &doc.blocks[2];
        let at = item.text.find("Item").unwrap();
        assert_eq!(item.source_offset(at), body.find("Item").unwrap());
    }

    #[test]
    fn loose_items_are_one_block() {
        let doc = read("- 3.1. A\n\n- 3.2. B\n");
        assert_eq!(doc.blocks.len(), 2);
        assert!(doc.blocks.iter().all(|b| b.kind == Kind::Item));
        assert_eq!(doc.blocks[1].number.as_ref().unwrap().0, "3.2.");
    }
}
