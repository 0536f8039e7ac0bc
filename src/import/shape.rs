//! Paragraphs into an edition body: the title line becomes `# `, numbered section lines
//! (`1. ТЕРМИНЫ`, `7. Изменение Политики.`) and unnumbered headings in capitals become `## `,
//! numbered clauses (`2.4.1.`, `- 2.1.** …`) stay paragraphs that keep their numbers so
//! clause anchors work, bullets become a Markdown list, tables a Markdown table.
//!
//! A single number is a section heading when the line is short and looks like one: in
//! capitals, bold, styled as a heading, or followed by clauses numbered under it.

use std::collections::HashSet;

use super::inline::{self, Debris};
use super::{Block, Para};
use crate::markdown::split_clause_number;

/// The body and what it is made of.
#[derive(Debug, Default)]
pub struct Shaped {
    pub body: String,
    pub title: Option<String>,
    pub sections: usize,
    pub clauses: usize,
    pub items: usize,
    pub tables: usize,
    pub debris: Debris,
}

/// A cleaned paragraph and its leading clause number.
struct Line {
    para: Para,
    number: Option<Number>,
}

struct Number {
    parts: Vec<u32>,
}

/// Shapes the blocks of a source into Markdown.
pub fn shape(blocks: Vec<Block>) -> Shaped {
    let mut shaped = Shaped::default();
    let mut items: Vec<Item> = blocks
        .into_iter()
        .filter_map(|b| clean(b, &mut shaped.debris))
        .collect();
    let parents: HashSet<u32> = items
        .iter()
        .filter_map(Item::number)
        .filter(|n| n.parts.len() > 1)
        .map(|n| n.parts[0])
        .collect();
    let title_end = title_end(&items);
    raise_headings(&mut items, title_end);
    let mut out = Out::default();
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Table(rows) => {
                shaped.tables += 1;
                out.block(&table(rows), false);
            }
            Item::Line(line) if i < title_end => out.title(&line.para.text),
            Item::Line(line) => emit(line, &parents, &mut shaped, &mut out),
        }
    }
    shaped.title = out.title_text.clone();
    shaped.body = out.finish();
    shaped
}

enum Item {
    Line(Line),
    Table(Vec<Vec<String>>),
}

impl Item {
    fn number(&self) -> Option<&Number> {
        match self {
            Item::Line(l) => l.number.as_ref(),
            Item::Table(_) => None,
        }
    }

    fn line(&self) -> Option<&Line> {
        match self {
            Item::Line(l) => Some(l),
            Item::Table(_) => None,
        }
    }
}

/// Cleans a block; a paragraph left empty, or holding only dots, is dropped.
fn clean(block: Block, debris: &mut Debris) -> Option<Item> {
    let mut para = match block {
        Block::Table(rows) => {
            let rows = rows
                .into_iter()
                .map(|row| row.iter().map(|c| inline::clean(c, true, debris)).collect())
                .collect();
            return Some(Item::Table(rows));
        }
        Block::Para(para) => para,
    };
    para.text = inline::clean(&para.text, !para.escaped, debris);
    let only_dots = !para.text.is_empty()
        && para
            .text
            .chars()
            .all(|c| matches!(c, '.' | '…' | '·' | ' ' | '\\'));
    if only_dots && para.number.is_none() {
        debris.dot_lines += 1;
        return None;
    }
    if para.text.is_empty() && para.number.is_none() {
        return None;
    }
    let number = match &para.number {
        Some(n) => parse_number(n),
        None => leading_number(&para.text),
    };
    Some(Item::Line(Line { para, number }))
}

/// `2.1.`, `3.` as parts; `а)`, `i.` and bullets are not clause numbers.
fn parse_number(n: &str) -> Option<Number> {
    let (number, rest) = split_clause_number(n.trim())?;
    rest.trim().is_empty().then(|| Number {
        parts: number
            .trim_end_matches('.')
            .split('.')
            .filter_map(|p| p.parse().ok())
            .collect(),
    })
}

/// The clause number a text opens with, also in bold (`**2.1.** …`).
fn leading_number(text: &str) -> Option<Number> {
    let probe = text.trim_start_matches('*');
    let digits: String = probe
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let after = &probe[digits.len()..];
    let ends = after.is_empty() || after.starts_with([' ', '*', '\u{a0}']);
    if digits.is_empty() || !ends {
        return None;
    }
    parse_number(&digits)
}

/// How many leading lines make the title: the first line unless it is numbered or too long
/// to be a title, then the lines in capitals right after it (`ПОЛИТИКА` / `КОНФИДЕНЦИАЛЬНОСТИ`).
fn title_end(items: &[Item]) -> usize {
    let Some(first) = items.first().and_then(Item::line) else {
        return 0;
    };
    let text = plain(&first.para.text);
    let styled = first.para.heading == Some(1);
    let shaped = text.chars().count() <= 200
        && (capitals(&text) || first.para.centered || !text.ends_with('.'));
    if first.number.is_some() || first.para.bullet || !(styled || shaped) {
        return 0;
    }
    let more = items[1..]
        .iter()
        .take_while(|item| {
            item.line().is_some_and(|l| {
                l.number.is_none()
                    && !l.para.bullet
                    && l.para.heading.is_none()
                    && capitals(&plain(&l.para.text))
            })
        })
        .count();
    1 + more
}

/// Sections are `##` whatever style the source gave them: a document titled in Heading 1
/// has its sections in Heading 2, which would otherwise all come out as `###`.
fn raise_headings(items: &mut [Item], title_end: usize) {
    let levels = items[title_end..]
        .iter()
        .filter_map(|i| i.line().and_then(|l| l.para.heading));
    let Some(top) = levels.min().filter(|&l| l > 2) else {
        return;
    };
    for item in &mut items[title_end..] {
        if let Item::Line(line) = item {
            if let Some(level) = line.para.heading.as_mut() {
                *level -= top - 2;
            }
        }
    }
}

fn emit(line: &Line, parents: &HashSet<u32>, shaped: &mut Shaped, out: &mut Out) {
    let para = &line.para;
    let text = match &para.number {
        Some(n) => format!("{n} {}", para.text),
        None => para.text.clone(),
    };
    if let Some(level) = heading_level(line, parents) {
        shaped.sections += 1;
        out.block(&format!("{} {}", "#".repeat(level), unbold(&text)), false);
    } else if para.bullet && line.number.is_none() {
        shaped.items += 1;
        out.block(&format!("- {}", escape_start(&text)), true);
    } else {
        if line.number.is_some() {
            shaped.clauses += 1;
        }
        out.block(&escape_start(&text), false);
    }
}

/// `##` for a section line, `##`–`####` for a heading the source marks as such.
fn heading_level(line: &Line, parents: &HashSet<u32>) -> Option<usize> {
    let para = &line.para;
    if let Some(level) = para.heading {
        return Some(usize::from(level.clamp(2, 4)));
    }
    let text = plain(&para.text);
    if text.chars().count() > 150 || para.bullet {
        return None;
    }
    let looks = capitals(&text) || para.bold || is_bold(&para.text);
    match &line.number {
        Some(n) if n.parts.len() == 1 => (looks || parents.contains(&n.parts[0])).then_some(2),
        Some(_) => None,
        None => (looks && !text.ends_with(['.', ';', ','])).then_some(2),
    }
}

/// The text without Markdown markers and escapes, for judging its shape.
fn plain(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '*' | '\\')).collect()
}

/// Mostly capital letters: at least three letters, four in five of them capitals.
fn capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 3 && upper * 5 >= letters.len() * 4
}

fn is_bold(text: &str) -> bool {
    text.starts_with("**") && text.ends_with("**") && text.len() > 4
}

/// A heading is bold already: `**1. ТЕРМИНЫ**` → `1. ТЕРМИНЫ`.
fn unbold(text: &str) -> String {
    if is_bold(text) && !text[2..text.len() - 2].contains("**") {
        text[2..text.len() - 2].trim().to_string()
    } else {
        text.to_string()
    }
}

/// Escapes what would make a paragraph's start into other Markdown: a heading (`#`), a
/// quote, a list (`- `, `1. `, `1) `), a code fence, a thematic break (`____`).
fn escape_start(text: &str) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let after = &text[digits..];
        let marker = after.starts_with(['.', ')']);
        if marker && (after.len() == 1 || after[1..].starts_with(' ')) {
            return format!("{}\\{}", &text[..digits], after);
        }
        return text.to_string();
    }
    let rule = text.len() >= 3
        && ['_', '-', '*', '=']
            .iter()
            .any(|&c| text.chars().all(|x| x == c || x == ' '));
    let opener = text.starts_with(['#', '>', '|'])
        || text.starts_with("- ")
        || text.starts_with("+ ")
        || text.starts_with("* ")
        || text.starts_with("```")
        || text.starts_with("~~~");
    if rule || opener {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

/// A Markdown table, the first row as its header.
fn table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let row = |cells: &[String]| {
        let mut line = String::from("|");
        for i in 0..width {
            let cell = cells.get(i).map(String::as_str).unwrap_or("");
            line.push(' ');
            line.push_str(&escape_cell(cell));
            line.push_str(" |");
        }
        line
    };
    let mut lines = vec![row(&rows[0])];
    lines.push(format!("|{}", " --- |".repeat(width)));
    lines.extend(rows[1..].iter().map(|r| row(r)));
    lines.join("\n")
}

fn escape_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut escaped = false;
    for c in cell.chars() {
        if c == '|' && !escaped {
            out.push('\\');
        }
        if c == '\n' {
            out.push_str("<br>");
        } else {
            out.push(c);
        }
        escaped = c == '\\' && !escaped;
    }
    out
}

/// The body being written: blocks separated by blank lines, list items by one newline.
#[derive(Default)]
struct Out {
    text: String,
    title_text: Option<String>,
    last_item: bool,
}

impl Out {
    fn title(&mut self, line: &str) {
        let line = unbold(line);
        match &mut self.title_text {
            Some(title) => {
                title.push(' ');
                title.push_str(&line);
            }
            None => self.title_text = Some(line),
        }
    }

    fn block(&mut self, markdown: &str, item: bool) {
        if let Some(title) = self.title_text.as_ref().filter(|_| self.text.is_empty()) {
            self.text = format!("# {title}");
        }
        let separator = if item && self.last_item { "\n" } else { "\n\n" };
        if !self.text.is_empty() {
            self.text.push_str(separator);
        }
        self.text.push_str(markdown);
        self.last_item = item;
    }

    fn finish(mut self) -> String {
        if self.text.is_empty() {
            if let Some(title) = &self.title_text {
                self.text = format!("# {title}");
            }
        }
        self.text.push('\n');
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::plain;

    fn shaped(text: &str) -> Shaped {
        shape(plain::read(text, false))
    }

    #[test]
    fn a_pasted_policy_gets_its_structure() {
        let s = shaped(
            "      ПОЛИТИКА КОНФИДЕНЦИАЛЬНОСТИ\n1. ТЕРМИНЫ\n1.1. Оператор — ТОО «Тест».\n- 1.2.** Пользователь — лицо.\n.\n2. Изменение Политики.\n2.1. Текст:\n- первое;\n- второе.\n",
        );
        assert_eq!(
            s.body,
            "# ПОЛИТИКА КОНФИДЕНЦИАЛЬНОСТИ\n\n## 1. ТЕРМИНЫ\n\n1.1. Оператор — ТОО «Тест».\n\n1.2. Пользователь — лицо.\n\n## 2. Изменение Политики.\n\n2.1. Текст:\n\n- первое;\n- второе.\n"
        );
        assert_eq!((s.sections, s.clauses, s.items), (2, 3, 2));
        assert_eq!(s.debris.markers, 1);
        assert_eq!(s.debris.dot_lines, 1);
        assert_eq!(s.debris.centring, 1);
    }

    #[test]
    fn a_title_in_heading_1_lifts_its_sections_to_level_2() {
        let para = |text: &str, heading: u8| {
            let mut p = Para::text(text.to_string());
            p.heading = Some(heading);
            Block::Para(p)
        };
        let s = shape(vec![
            para("ПОЛИТИКА", 2),
            para("Общие положения", 3),
            para("Термины", 4),
        ]);
        assert_eq!(s.body, "# ПОЛИТИКА\n\n## Общие положения\n\n### Термины\n");
    }

    #[test]
    fn list_markers_at_a_paragraph_start_are_escaped() {
        assert_eq!(escape_start("1) первое"), "1\\) первое");
        assert_eq!(escape_start("3. Текст"), "3\\. Текст");
        assert_eq!(escape_start("2.1. Текст"), "2.1. Текст");
        assert_eq!(escape_start("# 5"), "\\# 5");
        assert_eq!(escape_start("________"), "\\________");
        assert_eq!(escape_start("2024 год"), "2024 год");
    }

    #[test]
    fn tables_keep_their_cells() {
        let s = shaped("Текст\nИмя\tСрок\nЛоги\t90 | дней\n");
        assert!(
            s.body
                .ends_with("| Имя | Срок |\n| --- | --- |\n| Логи | 90 \\| дней |\n"),
            "{}",
            s.body
        );
    }
}
