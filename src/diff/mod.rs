//! Two editions → a redline. Both bodies are cut into blocks (headings, clauses,
//! paragraphs, list items, table rows: [`blocks`]), the blocks are aligned clause by clause
//! ([`align`]: renumbered, edited and moved clauses are recognised as such), and edited
//! blocks are compared word by word ([`words`]). The result is data; [`html`] and
//! [`terminal`] turn it into the diff page and the `redakt diff` output.

mod align;
pub mod blocks;
pub mod html;
pub mod terminal;
pub mod words;

use std::ops::Range;

pub use blocks::Block;
pub use words::Span;

/// One line of the redline, by indices into the old and new blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The same text; renumbered when the numbers differ.
    Same {
        old: usize,
        new: usize,
    },
    /// The same clause, edited.
    Changed {
        old: usize,
        new: usize,
    },
    Added {
        new: usize,
    },
    Removed {
        old: usize,
    },
    /// Where a moved block used to be.
    MovedAway {
        old: usize,
        new: usize,
    },
    /// Where a moved block is now, possibly edited on the way.
    MovedHere {
        old: usize,
        new: usize,
    },
}

/// How much changed, for the top of the diff page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub moved: usize,
    /// Unchanged text under a new number.
    pub renumbered: usize,
    pub unchanged: usize,
}

impl Counts {
    /// Nothing a reader can see changed.
    pub fn is_empty(&self) -> bool {
        self.added + self.removed + self.changed + self.moved + self.renumbered == 0
    }
}

/// The redline of one edition against another, over their blocks.
#[derive(Debug, Clone)]
pub struct Redline<'a> {
    pub old: &'a [Block],
    pub new: &'a [Block],
    pub rows: Vec<Row>,
    pub counts: Counts,
}

/// A stretch of the redline as shown: a row, or unchanged rows folded away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Row(usize),
    Folded(Range<usize>),
}

/// Compares two editions cut into blocks by [`blocks::split`].
pub fn compare<'a>(old: &'a [Block], new: &'a [Block]) -> Redline<'a> {
    let rows = align::align(old, new);
    let mut redline = Redline {
        old,
        new,
        rows,
        counts: Counts::default(),
    };
    redline.counts = redline.count();
    redline
}

impl Redline<'_> {
    /// Whether a `Same` row's number changed.
    pub fn renumbered(&self, old: usize, new: usize) -> bool {
        self.old[old].anchor() != self.new[new].anchor()
    }

    /// The word-level changes of an edited or moved block; `None` when its text is the same.
    pub fn words(&self, old: usize, new: usize) -> Option<Vec<Span>> {
        let (a, b) = (&self.old[old], &self.new[new]);
        if a.text == b.text {
            return None;
        }
        Some(words::diff(&a.text, &b.text))
    }

    fn count(&self) -> Counts {
        let mut counts = Counts::default();
        for row in &self.rows {
            match *row {
                Row::Same { old, new } if self.renumbered(old, new) => counts.renumbered += 1,
                Row::Same { .. } => counts.unchanged += 1,
                Row::Changed { .. } => counts.changed += 1,
                Row::Added { .. } => counts.added += 1,
                Row::Removed { .. } => counts.removed += 1,
                Row::MovedHere { .. } => counts.moved += 1,
                Row::MovedAway { .. } => {}
            }
        }
        counts
    }

    /// The rows to show, with runs of unchanged rows folded except for `context` rows next
    /// to each change.
    pub fn pieces(&self, context: usize) -> Vec<Piece> {
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < self.rows.len() {
            if !matches!(self.rows[at], Row::Same { .. }) {
                pieces.push(Piece::Row(at));
                at += 1;
                continue;
            }
            let end = (at..self.rows.len())
                .find(|&i| !matches!(self.rows[i], Row::Same { .. }))
                .unwrap_or(self.rows.len());
            let lead = if at == 0 { 0 } else { context };
            let tail = if end == self.rows.len() { 0 } else { context };
            if end - at <= lead + tail + 1 {
                pieces.extend((at..end).map(Piece::Row));
            } else {
                pieces.extend((at..at + lead).map(Piece::Row));
                pieces.push(Piece::Folded(at + lead..end - tail));
                pieces.extend((end - tail..end).map(Piece::Row));
            }
            at = end;
        }
        pieces
    }

    /// How many rows of `range` are renumbered.
    pub fn renumbered_in(&self, range: Range<usize>) -> usize {
        self.rows[range]
            .iter()
            .filter(|row| matches!(**row, Row::Same { old, new } if self.renumbered(old, new)))
            .count()
    }
}

#[cfg(test)]
mod tests;
