//! The inverted index of one language, and the files it is shipped in.
//!
//! The browser has no stemmer, so the index carries the vocabulary: every word form of the
//! text with the id of its stem. A query word is looked up as written, else by prefix, and
//! the stems found lead to the postings: for each stem, the documents holding it and how
//! often (weighted: a word of a title counts more than one of the body). Both are split into
//! small files so that a query fetches only what its words need:
//!
//! ```text
//! <lang>/meta.json      {"format":1,"version":"…","docs":N,"words":[keys],"postings":[first stem ids]}
//! <lang>/w/<i>.json     the word forms starting with words[i]: {"персональные":812,…}
//! <lang>/p/<i>.json     the postings of stems postings[i]…: {"812":[doc,tf,Δdoc,tf,…],…}
//! <lang>/d/<doc>.json   one document: title, facts, and its text cut at clauses and headings
//! ```
//!
//! Word forms are grouped by their first two letters; a group grown past
//! [`WORDS_PER_FILE`] is split by the first three, and so on, so one file stays a few
//! kilobytes whatever the portal's vocabulary. Stem ids follow the stems' alphabetical
//! order, so the stems of one query word (which share a prefix) sit in one postings file.
//! Everything is sorted: the same documents give the same bytes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::json;
use super::words::{for_each_word, Stems};

/// The most word forms in one vocabulary file before it is split by a longer prefix.
pub const WORDS_PER_FILE: usize = 400;

/// The size a postings file grows to before the next stem starts a new one; a stem whose
/// postings alone are larger gets a file of its own.
pub const POSTINGS_BYTES_PER_FILE: usize = 16 * 1024;

/// How much an occurrence of a word counts, by where it is.
#[derive(Debug, Clone, Copy)]
pub enum Weight {
    /// The document's title and the operator's name.
    Title = 4,
    /// A heading.
    Heading = 2,
    Text = 1,
}

/// Builds the index of one language, one document at a time.
pub struct Builder {
    stems: Stems,
    /// Word form → stem slot.
    forms: FastMap<Box<str>, u32>,
    /// Stem → slot, and back.
    slots: FastMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// Per stem slot: the documents and weighted counts, `[doc, tf, doc, tf, …]`.
    postings: Vec<Vec<u32>>,
    /// The current document's weighted counts, by slot, and the slots it touched.
    counts: Vec<u32>,
    touched: Vec<u32>,
    docs: u32,
}

impl Builder {
    pub fn new(lang: &str) -> Builder {
        Builder {
            stems: Stems::new(lang),
            forms: FastMap::default(),
            slots: FastMap::default(),
            names: Vec::new(),
            postings: Vec::new(),
            counts: Vec::new(),
            touched: Vec::new(),
            docs: 0,
        }
    }

    /// Adds the words of `text` to the document being built.
    pub fn add(&mut self, text: &str, weight: Weight) {
        for_each_word(text, |word| {
            let slot = self.slot(word);
            let count = &mut self.counts[slot as usize];
            if *count == 0 {
                self.touched.push(slot);
            }
            *count += weight as u32;
        });
    }

    /// The stem slot of a word form; a form seen for the first time is stemmed here, once.
    fn slot(&mut self, word: &str) -> u32 {
        if let Some(&slot) = self.forms.get(word) {
            return slot;
        }
        let stem = self.stems.stem(word);
        let slot = match self.slots.get(stem.as_ref()) {
            Some(&slot) => slot,
            None => {
                let slot = self.names.len() as u32;
                self.slots.insert(stem.as_ref().into(), slot);
                self.names.push(stem.as_ref().into());
                self.postings.push(Vec::new());
                self.counts.push(0);
                slot
            }
        };
        self.forms.insert(word.into(), slot);
        slot
    }

    /// Ends the document being built; the next one gets the next number.
    pub fn end_document(&mut self) {
        for &slot in &self.touched {
            let count = std::mem::take(&mut self.counts[slot as usize]);
            self.postings[slot as usize].extend([self.docs, count]);
        }
        self.touched.clear();
        self.docs += 1;
    }

    /// The vocabulary and postings files, by name inside the language's folder, and the
    /// manifest's lists; the documents are the caller's.
    pub fn finish(self) -> Index {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut id_of = vec![0u32; order.len()];
        for (id, &slot) in order.iter().enumerate() {
            id_of[slot as usize] = id as u32;
        }
        let mut forms: Vec<(&str, u32)> = self
            .forms
            .iter()
            .map(|(form, &slot)| (form.as_ref(), id_of[slot as usize]))
            .collect();
        forms.sort_unstable();
        let (keys, word_files) = vocabulary_files(&forms);
        let postings: Vec<&[u32]> = order
            .iter()
            .map(|&slot| self.postings[slot as usize].as_slice())
            .collect();
        let (firsts, postings_files) = postings_files(&postings);
        Index {
            docs: self.docs,
            keys,
            firsts,
            files: word_files
                .into_iter()
                .enumerate()
                .map(|(i, bytes)| (format!("w/{i}.json"), bytes))
                .chain(
                    postings_files
                        .into_iter()
                        .enumerate()
                        .map(|(i, bytes)| (format!("p/{i}.json"), bytes)),
                )
                .collect(),
        }
    }
}

/// A finished index, short of its manifest.
pub struct Index {
    pub docs: u32,
    /// The prefix of each vocabulary file, in file order.
    pub keys: Vec<String>,
    /// The first stem id of each postings file, in file order.
    pub firsts: Vec<u32>,
    /// Vocabulary and postings files by name.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Index {
    /// `meta.json`; `version` changes whenever any file of the index does, so the browser
    /// can ask for `?v=<version>` and never mix files of two builds from its cache.
    pub fn manifest(&self, version: u64) -> Vec<u8> {
        let mut out = format!("{{\"format\":1,\"version\":\"{version:016x}\",\"docs\":");
        json::number(&mut out, self.docs);
        out.push_str(",\"words\":[");
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::string(&mut out, key);
        }
        out.push_str("],\"postings\":[");
        for (i, &first) in self.firsts.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::number(&mut out, first);
        }
        out.push_str("]}");
        out.into_bytes()
    }
}

/// The vocabulary files of sorted `forms`, with the prefix each file covers. A word form
/// belongs to the file with the longest prefix of it.
fn vocabulary_files(forms: &[(&str, u32)]) -> (Vec<String>, Vec<Vec<u8>>) {
    let mut groups = Vec::new();
    group(forms, 2, &mut groups);
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let keys = groups.iter().map(|(key, _)| key.clone()).collect();
    let files = groups
        .into_iter()
        .map(|(_, members)| {
            let mut out = String::with_capacity(members.len() * 24);
            out.push('{');
            for (i, (form, id)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::string(&mut out, form);
                out.push(':');
                json::number(&mut out, id);
            }
            out.push('}');
            out.into_bytes()
        })
        .collect();
    (keys, files)
}

/// Groups sorted `forms` by their first `letters` letters (a shorter form is its own key);
/// a group larger than [`WORDS_PER_FILE`] is grouped again by one letter more, keeping the
/// forms no longer than its key.
fn group<'f>(
    forms: &[(&'f str, u32)],
    letters: usize,
    out: &mut Vec<(String, Vec<(&'f str, u32)>)>,
) {
    let mut start = 0;
    while start < forms.len() {
        let key = prefix(forms[start].0, letters);
        let end = start
            + forms[start..]
                .iter()
                .position(|(form, _)| prefix(form, letters) != key)
                .unwrap_or(forms.len() - start);
        let members = &forms[start..end];
        if members.len() > WORDS_PER_FILE && letters < super::words::MAX_WORD {
            let (own, longer): (Vec<_>, Vec<_>) = members
                .iter()
                .partition(|(form, _)| form.chars().count() <= letters);
            if !own.is_empty() {
                out.push((key.to_string(), own));
            }
            group(&longer, letters + 1, out);
        } else {
            out.push((key.to_string(), members.to_vec()));
        }
        start = end;
    }
}

/// The first `letters` characters of `word`, or all of it.
fn prefix(word: &str, letters: usize) -> &str {
    word.char_indices()
        .nth(letters)
        .map_or(word, |(at, _)| &word[..at])
}

/// The postings files of the stems in id order, with the first stem id of each file.
/// Document numbers after the first of a stem are written as the difference from the one
/// before, which keeps the numbers short.
fn postings_files(postings: &[&[u32]]) -> (Vec<u32>, Vec<Vec<u8>>) {
    let mut firsts = Vec::new();
    let mut files = Vec::new();
    let mut file = String::new();
    let mut entry = String::new();
    for (id, list) in postings.iter().enumerate() {
        entry.clear();
        entry.push('"');
        json::number(&mut entry, id as u32);
        entry.push_str("\":[");
        let mut previous = 0;
        for (i, pair) in list.chunks_exact(2).enumerate() {
            if i > 0 {
                entry.push(',');
            }
            json::number(&mut entry, pair[0] - previous);
            entry.push(',');
            json::number(&mut entry, pair[1]);
            previous = pair[0];
        }
        entry.push(']');
        if !file.is_empty() && file.len() + entry.len() > POSTINGS_BYTES_PER_FILE {
            file.push('}');
            files.push(std::mem::take(&mut file).into_bytes());
        }
        if file.is_empty() {
            firsts.push(id as u32);
            file.push('{');
        } else {
            file.push(',');
        }
        file.push_str(&entry);
    }
    if !file.is_empty() {
        file.push('}');
        files.push(file.into_bytes());
    }
    (firsts, files)
}

/// A hash map with a fast hash for short keys (FxHash, as in rustc); the index is built from
/// the portal's own text, not from requests, so there is no one to attack it.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// FxHash: a multiply and a rotate per eight bytes. Also the index's version stamp, which
/// must be the same for the same bytes on every machine: hence little-endian words.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fx(u64);

impl Fx {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.mix(byte as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> &str {
        std::str::from_utf8(bytes).unwrap()
    }

    fn built(docs: &[&str]) -> Index {
        let mut builder = Builder::new("ru");
        for doc in docs {
            builder.add(doc, Weight::Text);
            builder.end_document();
        }
        builder.finish()
    }

    #[test]
    fn word_forms_lead_to_their_stem_and_its_documents() {
        let index = built(&[
            "Персональные данные",
            "Оператор",
            "персональных данных и данных",
        ]);
        assert_eq!(index.docs, 3);
        assert_eq!(index.keys, ["да", "и", "оп", "пе"]);
        let files: HashMap<&str, &str> = index
            .files
            .iter()
            .map(|(name, bytes)| (name.as_str(), text(bytes)))
            .collect();
        // Stems in alphabetical order: данн 0, и 1, оператор 2, персональн 3.
        assert_eq!(files["w/0.json"], "{\"данные\":0,\"данных\":0}");
        assert_eq!(files["w/3.json"], "{\"персональные\":3,\"персональных\":3}");
        assert_eq!(index.firsts, [0]);
        // Documents 0 and 2 (written as +2); «данных» twice in document 2.
        assert_eq!(
            files["p/0.json"],
            "{\"0\":[0,1,2,2],\"1\":[2,1],\"2\":[1,1],\"3\":[0,1,2,1]}"
        );
    }

    #[test]
    fn titles_weigh_more() {
        let mut builder = Builder::new("ru");
        builder.add("Политика", Weight::Title);
        builder.add("политика", Weight::Text);
        builder.end_document();
        let index = builder.finish();
        assert_eq!(text(&index.files[1].1), "{\"0\":[0,5]}");
    }

    #[test]
    fn a_large_group_of_words_is_split_by_a_longer_prefix() {
        let mut forms: Vec<String> = (0..=WORDS_PER_FILE as u32)
            .map(|i| format!("пр{}{i}", char::from_u32('а' as u32 + i % 32).unwrap()))
            .collect();
        forms.push("пр".into());
        forms.push("по".into());
        forms.sort();
        let pairs: Vec<(&str, u32)> = forms.iter().map(|f| (f.as_str(), 0)).collect();
        let (keys, files) = vocabulary_files(&pairs);
        assert_eq!(keys[0], "по");
        assert_eq!(keys[1], "пр");
        assert_eq!(text(&files[1]), "{\"пр\":0}");
        assert!(keys[2..].iter().all(|k| k.chars().count() == 3), "{keys:?}");
        assert_eq!(keys.len(), 2 + 32);
        // Every form is in the file of the longest key that is a prefix of it.
        for form in &forms {
            let file = keys
                .iter()
                .enumerate()
                .filter(|(_, k)| form.starts_with(k.as_str()))
                .max_by_key(|(_, k)| k.len())
                .map(|(i, _)| i)
                .unwrap();
            assert!(
                text(&files[file]).contains(&format!("\"{form}\":")),
                "{form}"
            );
        }
    }

    #[test]
    fn postings_files_stay_small_unless_one_stem_is_large() {
        let small = vec![0, 1];
        let large: Vec<u32> = (0..10_000).flat_map(|d| [d, 1]).collect();
        let lists: Vec<&[u32]> = vec![&small, &small, &large, &small];
        let (firsts, files) = postings_files(&lists);
        assert_eq!(firsts, [0, 2, 3]);
        assert!(files[1].len() > POSTINGS_BYTES_PER_FILE);
        assert_eq!(text(&files[2]), "{\"3\":[0,1]}");
    }

    #[test]
    fn the_same_documents_give_the_same_files() {
        let docs = [
            "Оператор обрабатывает данные",
            "Cookie хранятся год",
            "данные",
        ];
        let a = built(&docs);
        let b = built(&docs);
        assert_eq!(a.files, b.files);
        assert_eq!(a.manifest(1), b.manifest(1));
        assert_eq!(
            text(&a.manifest(0xab)),
            "{\"format\":1,\"version\":\"00000000000000ab\",\"docs\":3,\"words\":[\"co\",\"го\",\"да\",\"об\",\"оп\",\"хр\"],\"postings\":[0]}"
        );
    }
}
