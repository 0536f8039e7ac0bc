//! Clause numbering: every number is the one after its previous sibling (2.3 after 2.2) or
//! the first under its parent (2.1 under 2), and none comes twice. Numbers are read where
//! the clause anchors read them (the start of a paragraph, list item or heading), so what
//! this rule checks is exactly what readers cite. A parent never written (sections headed
//! without numbers) counts as present where its first clause is, so 4.1 after 2.5 still
//! reports the missing section 3. An appendix heading starts a numbering of its own.

use std::collections::HashMap;

use super::blocks::{Doc, Kind};
use super::codes::Code;
use super::debris::Finding;

/// Headings that start an appendix, whose clauses are numbered from 1 again.
const APPENDIX: [&str; 5] = ["приложение", "қосымша", "appendix", "annex", "schedule"];

/// A clause number as written (`2.4.1.`) and where.
#[derive(Debug, Clone)]
pub struct Numbered {
    pub parts: Vec<u32>,
    pub offset: usize,
}

/// The clause numbers of a body in order, `None` where an appendix restarts numbering.
pub fn numbers(doc: &Doc) -> Vec<Option<Numbered>> {
    let mut found = Vec::new();
    for block in &doc.blocks {
        let heading = matches!(block.kind, Kind::Heading(_));
        if heading && is_appendix(&block.text) {
            found.push(None);
        }
        if !matches!(
            block.kind,
            Kind::Heading(2..) | Kind::Paragraph | Kind::Item
        ) {
            continue;
        }
        if let Some((number, offset)) = &block.number {
            let parts = number
                .trim_end_matches('.')
                .split('.')
                .filter_map(|p| p.parse().ok())
                .collect();
            found.push(Some(Numbered {
                parts,
                offset: *offset,
            }));
        }
    }
    found
}

fn is_appendix(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    APPENDIX.iter().any(|w| lower.starts_with(w))
}

/// Gaps and repeats in `numbers`; `line_of` names the line of an offset for messages.
pub fn check(numbers: &[Option<Numbered>], line_of: &dyn Fn(usize) -> usize) -> Vec<Finding> {
    let mut state = State::default();
    let mut found = Vec::new();
    for number in numbers {
        match number {
            None => state = State::default(),
            Some(n) => state.visit(n, line_of, &mut found),
        }
    }
    found
}

#[derive(Default)]
struct State {
    /// The last child number seen under each parent (the empty parent holds the sections).
    last: HashMap<Vec<u32>, u32>,
    /// Where each number was first seen.
    seen: HashMap<Vec<u32>, usize>,
}

impl State {
    fn visit(&mut self, n: &Numbered, line_of: &dyn Fn(usize) -> usize, found: &mut Vec<Finding>) {
        for depth in 1..n.parts.len() {
            let parent = &n.parts[..depth];
            if !self.seen.contains_key(parent) {
                self.place(parent, n.offset, true, line_of, found);
            }
        }
        self.place(&n.parts, n.offset, false, line_of, found);
    }

    fn place(
        &mut self,
        parts: &[u32],
        offset: usize,
        implied: bool,
        line_of: &dyn Fn(usize) -> usize,
        found: &mut Vec<Finding>,
    ) {
        let Some((&own, parent)) = parts.split_last() else {
            return;
        };
        let shown = show(parts);
        if let Some(&first) = self.seen.get(parts) {
            found.push(repeat(
                offset,
                format!(
                    "clause {shown} is numbered again (first on line {})",
                    line_of(first)
                ),
            ));
            return;
        }
        let last = self.last.get(parent).copied();
        let expected = last.map_or(1, |l| l + 1);
        if own > expected {
            found.push(gap(offset, parts, last, implied));
        } else if own < expected {
            let before = show(&[parent, &[expected - 1]].concat());
            found.push(repeat(
                offset,
                format!("clause {shown} comes after {before}: the numbering goes back"),
            ));
        }
        self.seen.insert(parts.to_vec(), offset);
        let entry = self.last.entry(parent.to_vec()).or_insert(own);
        *entry = (*entry).max(own);
    }
}

fn show(parts: &[u32]) -> String {
    parts
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

fn gap(offset: usize, parts: &[u32], last: Option<u32>, implied: bool) -> Finding {
    let (own, parent) = parts.split_last().unwrap_or((&0, &[]));
    let with = |n: u32| show(&[parent, &[n]].concat());
    let missing = if own - last.unwrap_or(0) == 2 {
        with(own - 1)
    } else {
        format!("{}–{}", with(last.unwrap_or(0) + 1), with(own - 1))
    };
    let what = if implied { "section" } else { "clause" };
    let message = match last {
        Some(l) => format!(
            "numbering skips {missing}: {what} {} follows {}",
            show(parts),
            with(l)
        ),
        None => format!(
            "numbering skips {missing}: {what} {} is the first of its level",
            show(parts)
        ),
    };
    Finding {
        code: Code::NumberingGap,
        offset,
        message,
        hint: "renumber the clauses; if a clause was deleted on purpose, say so in its place (e.g. «2.2. Исключён.»)".into(),
    }
}

fn repeat(offset: usize, message: String) -> Finding {
    Finding {
        code: Code::NumberingRepeat,
        offset,
        message,
        hint: "give every clause its own number: a reader cites «п. 2.3» and must find one clause"
            .into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::blocks::read;

    fn messages(body: &str) -> Vec<String> {
        let numbers = numbers(&read(body));
        let line_of = |o: usize| body[..o].matches('\n').count() + 1;
        check(&numbers, &line_of)
            .into_iter()
            .map(|f| f.message)
            .collect()
    }

    #[test]
    fn a_clean_numbering_passes() {
        let body =
            "## 1. A\n\n1.1. a\n\n1.2. b\n\n1.2.1. c\n\n## 2. B\n\n2.1. d\n\n## Приложение 1\n\n1.1. e\n";
        assert_eq!(messages(body), Vec::<String>::new());
    }

    #[test]
    fn gaps_and_repeats_are_named() {
        assert_eq!(
            messages("1.1. a\n\n1.3. b\n"),
            ["numbering skips 1.2: clause 1.3 follows 1.1"]
        );
        assert_eq!(
            messages("1.1. a\n\n1.2. b\n\n1.2. c\n"),
            ["clause 1.2 is numbered again (first on line 3)"]
        );
        assert_eq!(
            messages("1.1. a\n\n2.1. b\n\n4.1. c\n"),
            ["numbering skips 3: section 4 follows 2"]
        );
        assert_eq!(
            messages("1.2. a\n"),
            ["numbering skips 1.1: clause 1.2 is the first of its level"]
        );
        assert_eq!(
            messages("1.1. a\n\n1.5. b\n\n1.3. c\n"),
            [
                "numbering skips 1.2–1.4: clause 1.5 follows 1.1",
                "clause 1.3 comes after 1.5: the numbering goes back"
            ]
        );
    }
}
