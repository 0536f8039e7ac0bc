//! Not one word lost: every word of the source must appear in the imported edition, in the
//! same order. The check compares words, not characters, because cleaning legitimately
//! changes everything else (spaces, markers, escapes, numbering written out by Word); and
//! it reads the output the way a reader sees it, through the Markdown parser, so a word
//! swallowed by Markdown (say `<company name>` read as an HTML tag) counts as lost too.
//!
//! The comparison is a diff of the two word sequences; output words that the source lacks
//! (numbers Word computed, link targets) are fine, a source word without a partner is not.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// A source passage that did not make it into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    /// 1-based line of the source (of the extracted text, for a .docx).
    pub line: usize,
    /// The lost words, with a few words before them for context.
    pub passage: String,
    pub count: usize,
}

/// A word and the line of its text.
#[derive(Debug, Clone)]
struct Word<'a> {
    text: &'a str,
    line: usize,
}

/// The words of a source text; `[bookmark: …]` markers are debris, not words.
fn source_words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut visible = Vec::new();
        while let Some(i) = bookmark(rest) {
            visible.push(&rest[..i]);
            rest = rest[i..].find(']').map_or("", |e| &rest[i + e + 1..]);
        }
        visible.push(rest);
        for part in visible {
            words.extend(split(part).map(|text| Word {
                text,
                line: index + 1,
            }));
        }
    }
    words
}

fn bookmark(text: &str) -> Option<usize> {
    text.match_indices('[').map(|(i, _)| i).find(|&i| {
        text.get(i + 1..i + 10)
            .is_some_and(|w| w.eq_ignore_ascii_case("bookmark:"))
    })
}

fn split(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The words a reader of `markdown` sees, in order: text, code, the targets of links (after
/// their text, where a source writes them), and known HTML tags. Other raw HTML is not shown.
fn output_words(markdown: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut targets: Vec<String> = Vec::new();
    let push = |text: &str, words: &mut Vec<String>| {
        words.extend(split(text).map(str::to_string));
    };
    for event in Parser::new_ext(markdown, crate::markdown::OPTIONS) {
        match event {
            Event::Text(t) | Event::Code(t) => push(&t, &mut words),
            Event::Start(Tag::Link { dest_url, .. }) => targets.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(target) = targets.pop() {
                    push(&target, &mut words);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) if shown_tag(&html) => {
                push(&html, &mut words)
            }
            _ => {}
        }
    }
    words
}

/// Tags the sanitiser keeps and whose words the source wrote as text (`<sup>`, `<br>`).
fn shown_tag(html: &str) -> bool {
    let name: String = html
        .trim_start()
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "b", "br", "i", "s", "sub", "sup", "u", "em", "strong", "a", "span", "small",
    ]
    .contains(&name.as_str())
}

/// Checks that every word of `source` appears in `markdown` in order; the error names the
/// first passage lost.
pub fn verify(source: &str, markdown: &str) -> Result<usize, Lost> {
    let source = source_words(source);
    let output = output_words(markdown);
    let old: Vec<&str> = source.iter().map(|w| w.text).collect();
    let new: Vec<&str> = output.iter().map(String::as_str).collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new);
    for op in ops {
        let (start, len) = match op {
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index, old_len),
            similar::DiffOp::Replace {
                old_index, old_len, ..
            } => (old_index, old_len),
            _ => continue,
        };
        let context = start.saturating_sub(3);
        let shown = (start + len).min(context + 15);
        let mut passage = old[context..shown].join(" ");
        if shown < start + len {
            passage.push_str(" …");
        }
        return Err(Lost {
            line: source[start].line,
            passage,
            count: len,
        });
    }
    Ok(source.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaned_and_marked_up_text_keeps_every_word() {
        let source =
            "   ПОЛИТИКА[bookmark: _GoBack]\n- 2.1.** Оператор — dpo@x.kz, <название>.\n.\n";
        let output = "# ПОЛИТИКА\n\n2.1. Оператор — <dpo@x.kz>, \\<название>.\n";
        assert_eq!(verify(source, output), Ok(8));
    }

    #[test]
    fn a_dropped_sentence_is_named() {
        let source = "1.1. Первый пункт.\n1.2. Второй пункт о сроках хранения.\n1.3. Третий.\n";
        let output = "1.1. Первый пункт.\n\n1.3. Третий.\n";
        let lost = verify(source, output).unwrap_err();
        assert_eq!(lost.line, 2);
        assert!(
            lost.passage.contains("Второй пункт о сроках хранения"),
            "{lost:?}"
        );
    }

    #[test]
    fn words_swallowed_by_markdown_are_lost() {
        let lost = verify(
            "Укажите <company name> здесь",
            "Укажите <company name> здесь",
        )
        .unwrap_err();
        assert_eq!(lost.passage, "Укажите company name");
    }
}
