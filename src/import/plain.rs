//! `.txt` and `.md` sources into paragraphs. Text pasted from Word holds one paragraph per
//! line; Markdown separates paragraphs by blank lines and may wrap them. Either way a line
//! that opens a unit (a clause number, a bullet, a heading, a table row) starts a new
//! paragraph. Bullets of every kind Word exports (`-`, `–`, `•`, ``…) become flags, so
//! that later stages see the text alone.

use super::{Block, Para};

/// The source split into blocks; `markdown` for `.md` files.
pub fn read(text: &str, markdown: bool) -> Vec<Block> {
    let mut reader = Reader {
        markdown,
        blocks: Vec::new(),
        current: None,
        table: Vec::new(),
    };
    for line in text.lines() {
        reader.line(line);
    }
    reader.flush();
    reader.flush_table();
    reader.blocks
}

/// A `.md` source without its front-matter (`+++` or `---`), if it has one.
pub fn body_of(text: &str) -> &str {
    for fence in ["+++", "---"] {
        let Some(rest) = text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n')) else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                return &rest[offset + line.len()..];
            }
            offset += line.len();
        }
    }
    text
}

struct Reader {
    markdown: bool,
    blocks: Vec<Block>,
    current: Option<Para>,
    table: Vec<Vec<String>>,
}

const BULLETS: [char; 10] = ['-', '–', '—', '•', '·', '*', '+', '▪', '○', '\u{f0b7}'];

impl Reader {
    fn line(&mut self, line: &str) {
        if line.trim().is_empty() {
            self.flush();
            self.flush_table();
            return;
        }
        if let Some(cells) = self.table_row(line) {
            self.flush();
            if !is_delimiter_row(&cells) {
                self.table.push(cells);
            }
            return;
        }
        self.flush_table();
        if let Some(para) = self
            .current
            .as_mut()
            .filter(|p| continues(p, line, self.markdown))
        {
            para.text.push(' ');
            para.text.push_str(line.trim());
            return;
        }
        self.flush();
        self.current = Some(opening(line, self.markdown));
    }

    /// The cells of a table row: `| a | b |` in Markdown, tab-separated in pasted text.
    fn table_row(&self, line: &str) -> Option<Vec<String>> {
        let trimmed = line.trim();
        if trimmed.starts_with('|') && trimmed.len() > 1 {
            let inner = trimmed.trim_start_matches('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            return Some(split_unescaped(inner, '|'));
        }
        if self.markdown {
            return None;
        }
        let cells: Vec<String> = line
            .trim_matches('\t')
            .split('\t')
            .map(|c| c.trim().to_string())
            .collect();
        // `1.1.<tab>Текст` is how Word writes a numbered paragraph, not a table row.
        let numbered =
            opens_unit(&cells[0]) || cells[0].chars().all(|c| c.is_ascii_digit() || c == '.');
        (cells.len() >= 2 && !numbered).then_some(cells)
    }

    fn flush(&mut self) {
        if let Some(para) = self.current.take() {
            self.blocks.push(Block::Para(para));
        }
    }

    /// A single tab-separated line is a paragraph with a tab in it, not a table.
    fn flush_table(&mut self) {
        match self.table.len() {
            0 => {}
            1 => {
                let row = self.table.remove(0);
                self.blocks.push(Block::Para(Para::text(row.join(" "))));
            }
            _ => self
                .blocks
                .push(Block::Table(std::mem::take(&mut self.table))),
        }
    }
}

fn split_unescaped(text: &str, separator: char) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in text.chars() {
        if c == separator && !escaped {
            cells.push(String::new());
        } else if let Some(cell) = cells.last_mut() {
            cell.push(c);
        }
        escaped = c == '\\' && !escaped;
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_delimiter_row(cells: &[String]) -> bool {
    cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
}

/// Whether `line` goes on the paragraph being read: in Markdown unless it opens a unit; in
/// pasted text only a line that starts in lowercase after one that did not end a sentence.
fn continues(para: &Para, line: &str, markdown: bool) -> bool {
    let trimmed = line.trim_start();
    if para.heading.is_some() || opens_unit(trimmed) {
        return false;
    }
    if markdown {
        return true;
    }
    let ends_sentence = para
        .text
        .trim_end()
        .ends_with(['.', ';', ':', '!', '?', '»', '"']);
    trimmed.starts_with(char::is_lowercase) && !ends_sentence
}

fn opens_unit(line: &str) -> bool {
    let first = line.chars().next().unwrap_or(' ');
    let bullet = BULLETS.contains(&first) && line[first.len_utf8()..].starts_with([' ', '\t']);
    bullet || first.is_ascii_digit() || first == '#' || line.starts_with("**")
}

/// A paragraph opening with `line`: its heading level (Markdown `#`) or bullet read off.
fn opening(line: &str, markdown: bool) -> Para {
    let trimmed = line.trim_start();
    let hashes = trimmed.len() - trimmed.trim_start_matches('#').len();
    if markdown && (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
        let mut para = Para::text(trimmed[hashes..].trim().to_string());
        para.heading = Some(hashes as u8);
        return para;
    }
    let first = trimmed.chars().next().unwrap_or(' ');
    let rest = &trimmed[first.len_utf8()..];
    if BULLETS.contains(&first) && rest.starts_with([' ', '\t']) {
        let mut para = Para::text(rest.trim().to_string());
        para.bullet = true;
        return para;
    }
    let mut para = Para::text(line.to_string());
    para.centered = line.len() - trimmed.len() >= 3;
    para
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => format!(
                    "{}{}{}",
                    p.heading.map(|h| format!("h{h} ")).unwrap_or_default(),
                    if p.bullet { "• " } else { "" },
                    p.text
                ),
                Block::Table(rows) => format!("table {}x{}", rows.len(), rows[0].len()),
            })
            .collect()
    }

    #[test]
    fn pasted_text_is_one_paragraph_per_line_with_wrapped_lines_joined() {
        let text = "ПОЛИТИКА\n1.1. Оператор обрабатывает\nданные пользователей.\n– первое;\n• второе.\nИмя\tЗначение\nСрок\t3 года\n";
        assert_eq!(
            texts(&read(text, false)),
            [
                "ПОЛИТИКА",
                "1.1. Оператор обрабатывает данные пользователей.",
                "• первое;",
                "• второе.",
                "table 2x2"
            ]
        );
    }

    #[test]
    fn markdown_paragraphs_join_lines_until_a_unit_opens() {
        let text =
            "# Политика\n\nТекст\nпродолжается.\n2.1. Пункт\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        assert_eq!(
            texts(&read(text, true)),
            [
                "h1 Политика",
                "Текст продолжается.",
                "2.1. Пункт",
                "table 2x2"
            ]
        );
    }

    #[test]
    fn front_matter_is_not_body() {
        assert_eq!(body_of("+++\nversion = \"1\"\n+++\nТекст\n"), "Текст\n");
        assert_eq!(body_of("Текст\n"), "Текст\n");
    }
}
