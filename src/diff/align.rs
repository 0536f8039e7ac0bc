//! Which block of the old edition became which block of the new one.
//!
//! Blocks are first matched by their text without the clause number, so inserting a
//! clause in the middle leaves every later clause matched (and marked as renumbered), not
//! rewritten. What is left between matched stretches is paired by word similarity, in
//! order, to find the clauses that were edited; what is left after that and reappears
//! elsewhere in the document was moved. Only the rest is added or removed.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use rustc_hash::FxHashMap;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::blocks::{Block, Kind};
use super::Row;

/// Similarity at which an edited block is still the same clause.
const SAME_CLAUSE: f64 = 0.5;
/// A shared clause number makes a weaker likeness enough.
const SAME_NUMBER_BONUS: f64 = 0.25;
/// Similarity at which a block found elsewhere counts as moved, not removed and added.
const MOVED: f64 = 0.75;
/// Above this many candidate pairs, only exact matches are looked for: a wholesale rewrite
/// has nothing to align, and the quadratic search would only cost time.
const PAIR_BUDGET: usize = 250_000;

/// Aligns `old` with `new` into rows in reading order.
pub fn align(old: &[Block], new: &[Block]) -> Vec<Row> {
    let old_profiles: Vec<Profile> = old.iter().map(Profile::of).collect();
    let new_profiles: Vec<Profile> = new.iter().map(Profile::of).collect();
    let (old_keys, new_keys) = interned_keys(old, new);
    let mut rows = Vec::with_capacity(new.len() + 8);
    let mut gap = Gap::default();
    for op in capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                gap.close(&old_profiles, &new_profiles, &mut rows);
                rows.extend((0..len).map(|i| Row::Same {
                    old: old_index + i,
                    new: new_index + i,
                }));
                gap = Gap::at(old_index + len, new_index + len);
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => gap.old_end = old_index + old_len,
            DiffOp::Insert {
                new_index, new_len, ..
            } => gap.new_end = new_index + new_len,
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                gap.old_end = old_index + old_len;
                gap.new_end = new_index + new_len;
            }
        }
    }
    gap.close(&old_profiles, &new_profiles, &mut rows);
    find_moves(&mut rows, &old_profiles, &new_profiles);
    rows
}

/// What makes two blocks the same: kind and text, the number left out.
fn key(block: &Block) -> (Kind, &str) {
    (block.kind, block.text.as_str())
}

/// The keys of both editions as small numbers, equal exactly when the keys are equal (the
/// texts themselves are compared, so no collision can hide a change). The diff then hashes
/// and compares numbers instead of whole clauses: it spent most of its time hashing texts.
fn interned_keys(old: &[Block], new: &[Block]) -> (Vec<u32>, Vec<u32>) {
    let mut ids: FxHashMap<(Kind, &str), u32> = FxHashMap::default();
    ids.reserve(old.len() + new.len());
    let mut intern = |block| {
        let next = ids.len() as u32;
        *ids.entry(key(block)).or_insert(next)
    };
    let old_keys = old.iter().map(&mut intern).collect();
    let new_keys = new.iter().map(&mut intern).collect();
    (old_keys, new_keys)
}

/// What alignment needs to know about a block to find its likes.
struct Profile<'a> {
    block: &'a Block,
    /// Hashes of the words, sorted: a bag of words for similarity. Made only for blocks
    /// that are compared for likeness, a small part of most documents.
    words: OnceCell<Vec<u64>>,
}

impl<'a> Profile<'a> {
    fn of(block: &'a Block) -> Profile<'a> {
        Profile {
            block,
            words: OnceCell::new(),
        }
    }

    fn words(&self) -> &[u64] {
        self.words.get_or_init(|| {
            let mut words: Vec<u64> = self
                .block
                .text
                .split(|c: char| !super::words::is_word_char(c))
                .filter(|w| !w.is_empty())
                .map(hash)
                .collect();
            words.sort_unstable();
            words
        })
    }

    /// Dice coefficient of the two bags of words, plus the bonus for a shared number;
    /// `None` when the blocks cannot be the same clause.
    fn likeness(&self, other: &Profile) -> Option<f64> {
        if self.block.kind != other.block.kind {
            return None;
        }
        let bonus = match (self.block.anchor(), other.block.anchor()) {
            (Some(a), Some(b)) if a == b => SAME_NUMBER_BONUS,
            _ => 0.0,
        };
        let score = dice(self.words(), other.words()) + bonus;
        (score >= SAME_CLAUSE).then_some(score)
    }
}

fn hash(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Blocks between two matched stretches: removed from the old text, added to the new.
#[derive(Default)]
struct Gap {
    old_start: usize,
    old_end: usize,
    new_start: usize,
    new_end: usize,
}

impl Gap {
    fn at(old: usize, new: usize) -> Gap {
        Gap {
            old_start: old,
            old_end: old,
            new_start: new,
            new_end: new,
        }
    }

    /// Pairs edited blocks in order and writes the gap's rows.
    fn close(&self, old: &[Profile], new: &[Profile], rows: &mut Vec<Row>) {
        let olds = self.old_start..self.old_end;
        let news = self.new_start..self.new_end;
        let pairs = if olds.len() * news.len() <= PAIR_BUDGET {
            best_pairs(&old[olds.clone()], &new[news.clone()])
        } else {
            Vec::new()
        };
        let (mut o, mut n) = (self.old_start, self.new_start);
        for (po, pn) in pairs {
            let (po, pn) = (po + self.old_start, pn + self.new_start);
            rows.extend((o..po).map(|old| Row::Removed { old }));
            rows.extend((n..pn).map(|new| Row::Added { new }));
            rows.push(Row::Changed { old: po, new: pn });
            (o, n) = (po + 1, pn + 1);
        }
        rows.extend((o..self.old_end).map(|old| Row::Removed { old }));
        rows.extend((n..self.new_end).map(|new| Row::Added { new }));
    }
}

/// The in-order pairing of `old` with `new` blocks of greatest total likeness: a weighted
/// longest common subsequence.
fn best_pairs(old: &[Profile], new: &[Profile]) -> Vec<(usize, usize)> {
    if old.is_empty() || new.is_empty() {
        return Vec::new();
    }
    let width = new.len() + 1;
    let mut score = vec![0.0f64; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            let skip = score[(i + 1) * width + j].max(score[i * width + j + 1]);
            let take = old[i]
                .likeness(&new[j])
                .map_or(0.0, |s| s + score[(i + 1) * width + j + 1]);
            score[i * width + j] = skip.max(take);
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < old.len() && j < new.len() {
        let here = score[i * width + j];
        match old[i].likeness(&new[j]) {
            Some(s) if (here - (s + score[(i + 1) * width + j + 1])).abs() < 1e-9 => {
                pairs.push((i, j));
                i += 1;
                j += 1;
            }
            _ if (here - score[(i + 1) * width + j]).abs() < 1e-9 => i += 1,
            _ => j += 1,
        }
    }
    pairs
}

/// A removed block that reappears as an added one elsewhere was moved: first exact
/// matches, then close ones.
fn find_moves(rows: &mut [Row], old: &[Profile], new: &[Profile]) {
    let removed: Vec<usize> = positions(rows, |r| matches!(r, Row::Removed { .. }));
    let added: Vec<usize> = positions(rows, |r| matches!(r, Row::Added { .. }));
    if removed.is_empty() || added.is_empty() {
        return;
    }
    let mut added_by_key: HashMap<(Kind, &str), Vec<usize>> = HashMap::new();
    for &at in added.iter().rev() {
        if let Row::Added { new: n } = rows[at] {
            added_by_key.entry(key(new[n].block)).or_default().push(at);
        }
    }
    for &at in &removed {
        let Row::Removed { old: o } = rows[at] else {
            continue;
        };
        if let Some(to) = added_by_key.get_mut(&key(old[o].block)).and_then(Vec::pop) {
            mark_moved(rows, at, to);
        }
    }
    if removed.len() * added.len() > PAIR_BUDGET {
        return;
    }
    for &at in &removed {
        let Row::Removed { old: o } = rows[at] else {
            continue;
        };
        let best = added
            .iter()
            .filter_map(|&to| match rows[to] {
                Row::Added { new: n } => old[o]
                    .likeness(&new[n])
                    .filter(|_| dice(old[o].words(), new[n].words()) >= MOVED)
                    .map(|s| (to, s)),
                _ => None,
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((to, _)) = best {
            mark_moved(rows, at, to);
        }
    }
}

fn positions(rows: &[Row], wanted: impl Fn(&Row) -> bool) -> Vec<usize> {
    (0..rows.len()).filter(|&i| wanted(&rows[i])).collect()
}

fn mark_moved(rows: &mut [Row], removed_at: usize, added_at: usize) {
    let (Row::Removed { old }, Row::Added { new }) = (&rows[removed_at], &rows[added_at]) else {
        return;
    };
    let (old, new) = (*old, *new);
    rows[removed_at] = Row::MovedAway { old, new };
    rows[added_at] = Row::MovedHere { old, new };
}
