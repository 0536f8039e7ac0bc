//! Word-by-word comparison inside one changed block. Text is cut into words, single
//! punctuation marks and spaces, so a changed comma shows as a changed comma and not as a
//! changed word; runs of changes separated only by spaces are joined, so a rewritten phrase
//! reads as one deletion followed by one insertion instead of a zebra of small marks.

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A piece of a word-level redline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Same(String),
    Deleted(String),
    Inserted(String),
}

/// The word-level redline of `old` → `new`.
pub fn diff(old: &str, new: &str) -> Vec<Span> {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let ops = capture_diff_slices(Algorithm::Myers, &old_tokens, &new_tokens);
    let mut spans = Spans::default();
    let mut pending = Pending::default();
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                let same = &old_tokens[old_index..old_index + len];
                if pending.is_open() && same.iter().all(|t| t.trim().is_empty()) {
                    // A lone space between two changes belongs to the change.
                    let text: String = same.concat();
                    pending.deleted.push_str(&text);
                    pending.inserted.push_str(&text);
                } else {
                    pending.flush(&mut spans);
                    spans.push(Span::Same(same.concat()));
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => pending
                .deleted
                .push_str(&old_tokens[old_index..old_index + old_len].concat()),
            DiffOp::Insert {
                new_index, new_len, ..
            } => pending
                .inserted
                .push_str(&new_tokens[new_index..new_index + new_len].concat()),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                pending
                    .deleted
                    .push_str(&old_tokens[old_index..old_index + old_len].concat());
                pending
                    .inserted
                    .push_str(&new_tokens[new_index..new_index + new_len].concat());
            }
        }
    }
    pending.flush(&mut spans);
    spans.0
}

/// Whether every change in `spans` is punctuation or spacing: no word was added or removed.
pub fn only_punctuation(spans: &[Span]) -> bool {
    let wordless = |s: &str| !s.chars().any(is_word_char);
    let mut changed = false;
    for span in spans {
        match span {
            Span::Same(_) => {}
            Span::Deleted(text) | Span::Inserted(text) => {
                changed = true;
                if !wordless(text) {
                    return false;
                }
            }
        }
    }
    changed
}

/// A letter or digit. Policies here are mostly Cyrillic, and the standard library's
/// Unicode table lookup for every character of every edition showed as the top cost of a
/// build, so ASCII and the Cyrillic block (Kazakh letters included) are answered directly.
pub fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0400}'..='\u{0481}' | '\u{048a}'..='\u{04ff}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphanumeric(),
    }
}

/// Words, single other characters, and runs of spaces.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut start = 0;
    let mut class = None;
    for (at, c) in text.char_indices() {
        let this = if is_word_char(c) {
            1
        } else if c.is_whitespace() {
            2
        } else {
            3
        };
        if at > start && (class != Some(this) || this == 3) {
            out.push(&text[start..at]);
            start = at;
        }
        class = Some(this);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Deleted and inserted text waiting to be written once the change run ends.
#[derive(Default)]
struct Pending {
    deleted: String,
    inserted: String,
}

impl Pending {
    fn is_open(&self) -> bool {
        !self.deleted.is_empty() || !self.inserted.is_empty()
    }

    /// Writes the run; spaces common to both ends go back outside the marks.
    fn flush(&mut self, spans: &mut Spans) {
        let deleted = std::mem::take(&mut self.deleted);
        let inserted = std::mem::take(&mut self.inserted);
        let trailing = common_trailing_spaces(&deleted, &inserted);
        let (deleted, inserted) = (
            &deleted[..deleted.len() - trailing],
            &inserted[..inserted.len() - trailing],
        );
        if !deleted.is_empty() {
            spans.push(Span::Deleted(deleted.to_string()));
        }
        if !inserted.is_empty() {
            spans.push(Span::Inserted(inserted.to_string()));
        }
        if trailing > 0 {
            spans.push(Span::Same(" ".repeat(trailing)));
        }
    }
}

fn common_trailing_spaces(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y && *x == b' ')
        .count()
}

/// Spans with neighbours of the same kind merged.
#[derive(Default)]
struct Spans(Vec<Span>);

impl Spans {
    fn push(&mut self, span: Span) {
        match (self.0.last_mut(), &span) {
            (Some(Span::Same(a)), Span::Same(b)) => a.push_str(b),
            _ => self.0.push(span),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Span::*;
    use super::*;

    #[test]
    fn a_changed_phrase_is_one_deletion_and_one_insertion() {
        assert_eq!(
            diff(
                "Данные хранятся три года после отзыва.",
                "Данные хранятся не более пяти лет после отзыва."
            ),
            vec![
                Same("Данные хранятся ".into()),
                Deleted("три года".into()),
                Inserted("не более пяти лет".into()),
                Same(" после отзыва.".into()),
            ]
        );
    }

    #[test]
    fn a_changed_comma_is_marked_alone_and_known_as_punctuation() {
        let spans = diff("Оператор, вправе", "Оператор вправе");
        assert_eq!(
            spans,
            vec![
                Same("Оператор".into()),
                Deleted(",".into()),
                Same(" вправе".into())
            ]
        );
        assert!(only_punctuation(&spans));
        assert!(!only_punctuation(&diff("один", "два")));
        assert!(!only_punctuation(&diff("один", "один")));
    }
}
