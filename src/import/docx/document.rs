//! `word/document.xml` into paragraphs and tables. A paragraph (`w:p`) is a sequence of runs
//! (`w:r`) of text (`w:t`) with bold and italic, inside hyperlinks (`w:hyperlink`, or the
//! older `HYPERLINK` fields); its properties name a style, a list and level, an alignment.
//! What Word does not show is left out: deleted text of tracked changes, field instructions,
//! the fallback copy of a drawing (`mc:Fallback`), the old properties of a formatting change.

use std::collections::HashMap;

use super::numbering::{Label, Numbering, Styles};
use super::xml::{attr, walk, Element, Node};
use crate::import::{Block, Para};

/// Elements whose content Word does not show as text.
const HIDDEN: [&str; 6] = [
    "mc:Fallback",
    "w:del",
    "w:moveFrom",
    "w:rPrChange",
    "w:pPrChange",
    "w:delInstrText",
];

/// Reads the body of a document.
pub fn read(
    xml: &str,
    numbering: &mut Numbering,
    styles: &Styles,
    links: &HashMap<String, String>,
) -> Result<Vec<Block>, String> {
    let mut walker = Walker {
        numbering: Some(numbering),
        styles: Some(styles),
        links: Some(links),
        ..Walker::default()
    };
    walk(xml, |node| walker.node(node))?;
    Ok(walker.blocks)
}

/// The text of a document as Word shows it, one paragraph per line, read independently of
/// [`read`]: the verifier compares the import against this.
pub fn plain_text(xml: &str) -> Result<String, String> {
    let mut text = String::new();
    let mut hidden = 0;
    let mut in_text = false;
    walk(xml, |node| match node {
        Node::Open(e) if hidden > 0 || HIDDEN.contains(&e.name.as_str()) => hidden += 1,
        Node::Close(_) if hidden > 0 => hidden -= 1,
        Node::Open(e) if e.name == "w:t" => in_text = true,
        Node::Open(e) if e.name == "w:tab" || e.name == "w:br" => text.push(' '),
        Node::Close("w:t") => in_text = false,
        Node::Close("w:p") => text.push('\n'),
        Node::Text(t) if in_text => text.push_str(t),
        _ => {}
    })?;
    Ok(text)
}

#[derive(Default)]
struct Walker<'a> {
    numbering: Option<&'a mut Numbering>,
    styles: Option<&'a Styles>,
    links: Option<&'a HashMap<String, String>>,
    blocks: Vec<Block>,
    /// Paragraphs being read; a text box puts a paragraph inside another.
    paras: Vec<ParaState>,
    tables: Vec<TableState>,
    hidden: usize,
    bold: bool,
    italic: bool,
    in_para_props: bool,
    in_run_props: bool,
    in_text: bool,
    in_instruction: bool,
    hyperlink: Option<String>,
    fields: Vec<Field>,
}

#[derive(Default)]
struct ParaState {
    pieces: Vec<Piece>,
    style: Option<String>,
    num_id: Option<String>,
    level: Option<usize>,
    centered: bool,
    outline: Option<u8>,
}

/// Text with one formatting: merged as runs go by, since Word splits runs at random.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    text: String,
    bold: bool,
    italic: bool,
    link: Option<String>,
}

#[derive(Default)]
struct TableState {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    cell: Vec<String>,
}

/// A complex field (`w:fldChar`): its instruction, and the link it makes once its result
/// starts.
#[derive(Default)]
struct Field {
    instruction: String,
    link: Option<String>,
}

impl<'a> Walker<'a> {
    fn node(&mut self, node: Node) {
        match node {
            Node::Open(e) if self.hidden > 0 || HIDDEN.contains(&e.name.as_str()) => {
                self.hidden += 1
            }
            Node::Close(_) if self.hidden > 0 => self.hidden -= 1,
            Node::Open(e) => self.open(e),
            Node::Close(name) => self.close(name),
            Node::Text(text) => self.text(text),
        }
    }

    fn open(&mut self, e: &Element) {
        if self.in_para_props {
            self.para_property(e);
            return;
        }
        match e.name.as_str() {
            "w:p" => self.paras.push(ParaState::default()),
            "w:pPr" => self.in_para_props = true,
            "w:r" => (self.bold, self.italic) = (false, false),
            "w:rPr" => self.in_run_props = true,
            "w:b" if self.in_run_props => self.bold = on(e),
            "w:i" if self.in_run_props => self.italic = on(e),
            "w:t" => self.in_text = true,
            "w:tab" | "w:br" | "w:cr" => self.push(" "),
            "w:noBreakHyphen" => self.push("-"),
            "w:instrText" => self.in_instruction = true,
            "w:hyperlink" => self.hyperlink = self.target(e),
            "w:fldSimple" => self.fields.push(Field {
                link: hyperlink_of(&attr(e, "w:instr").unwrap_or_default()),
                ..Field::default()
            }),
            "w:fldChar" => self.field_char(e),
            "w:tbl" => self.tables.push(TableState::default()),
            "w:tr" => self.table().row.clear(),
            "w:tc" => self.table().cell.clear(),
            _ => {}
        }
    }

    fn para_property(&mut self, e: &Element) {
        let value = attr(e, "w:val");
        let Some(para) = self.paras.last_mut() else {
            return;
        };
        match e.name.as_str() {
            "w:pStyle" => para.style = value,
            "w:numId" => para.num_id = value,
            "w:ilvl" => para.level = value.and_then(|v| v.parse().ok()),
            "w:jc" => para.centered = value.as_deref() == Some("center"),
            "w:outlineLvl" => para.outline = value.and_then(|v| v.parse().ok()),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "w:pPr" => self.in_para_props = false,
            "w:rPr" => self.in_run_props = false,
            "w:t" => self.in_text = false,
            "w:instrText" => self.in_instruction = false,
            "w:hyperlink" => self.hyperlink = None,
            "w:fldSimple" => {
                self.fields.pop();
            }
            "w:p" => self.finish_paragraph(),
            "w:tc" => {
                let table = self.table();
                let cell = std::mem::take(&mut table.cell).join("\n");
                table.row.push(cell);
            }
            "w:tr" => {
                let table = self.table();
                let row = std::mem::take(&mut table.row);
                table.rows.push(row);
            }
            "w:tbl" => self.finish_table(),
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.in_instruction {
            if let Some(field) = self.fields.last_mut() {
                field.instruction.push_str(text);
            }
        } else if self.in_text {
            self.push(text);
        }
    }

    /// The external target of a `w:hyperlink`; an internal anchor is no link.
    fn target(&self, e: &Element) -> Option<String> {
        let id = attr(e, "r:id")?;
        self.links.and_then(|l| l.get(&id)).cloned()
    }

    fn field_char(&mut self, e: &Element) {
        match attr(e, "w:fldCharType").as_deref() {
            Some("begin") => self.fields.push(Field::default()),
            Some("separate") => {
                if let Some(field) = self.fields.last_mut() {
                    field.link = hyperlink_of(&field.instruction);
                }
            }
            Some("end") => {
                self.fields.pop();
            }
            _ => {}
        }
    }

    fn link(&self) -> Option<String> {
        self.hyperlink
            .clone()
            .or_else(|| self.fields.iter().rev().find_map(|f| f.link.clone()))
    }

    fn push(&mut self, text: &str) {
        let piece = Piece {
            text: text.to_string(),
            bold: self.bold,
            italic: self.italic,
            link: self.link(),
        };
        let Some(para) = self.paras.last_mut() else {
            return;
        };
        match para.pieces.last_mut() {
            Some(last)
                if (last.bold, last.italic, &last.link)
                    == (piece.bold, piece.italic, &piece.link) =>
            {
                last.text.push_str(text)
            }
            _ => para.pieces.push(piece),
        }
    }

    fn table(&mut self) -> &mut TableState {
        if self.tables.is_empty() {
            self.tables.push(TableState::default());
        }
        let last = self.tables.len() - 1;
        &mut self.tables[last]
    }

    fn finish_paragraph(&mut self) {
        let Some(state) = self.paras.pop() else {
            return;
        };
        let para = self.paragraph(state);
        match self.tables.last_mut() {
            Some(table) => {
                let number = para.number.map(|n| format!("{n} ")).unwrap_or_default();
                let bullet = if para.bullet { "• " } else { "" };
                if !para.text.trim().is_empty() {
                    table.cell.push(format!("{bullet}{number}{}", para.text));
                }
            }
            None => self.blocks.push(Block::Para(para)),
        }
    }

    /// A nested table's cells go into the cell that holds it, one per line.
    fn finish_table(&mut self) {
        let Some(table) = self.tables.pop() else {
            return;
        };
        match self.tables.last_mut() {
            Some(outer) => outer
                .cell
                .extend(table.rows.into_iter().map(|r| r.join(" | "))),
            None if !table.rows.is_empty() => self.blocks.push(Block::Table(table.rows)),
            None => {}
        }
    }

    fn paragraph(&mut self, state: ParaState) -> Para {
        let styles = self.styles;
        let style = state.style.as_deref().unwrap_or("");
        let num = state
            .num_id
            .map(|id| (id, state.level.unwrap_or(0)))
            .or_else(|| styles.and_then(|s| s.numbering(style)));
        let label = match (&num, self.numbering.as_deref_mut()) {
            (Some((id, level)), Some(numbering)) if id != "0" => numbering.next(id, *level),
            _ => Label::Nothing,
        };
        let bold = state.pieces.iter().any(|p| !p.text.trim().is_empty())
            && state
                .pieces
                .iter()
                .all(|p| p.bold || p.text.trim().is_empty());
        let mut para = Para::text(state.pieces.iter().map(markdown).collect());
        para.escaped = true;
        para.bold = bold;
        para.centered = state.centered;
        para.heading = state
            .outline
            .filter(|&l| l < 9)
            .map(|l| l + 2)
            .or_else(|| styles.and_then(|s| s.heading(style)));
        match label {
            Label::Number(n) => para.number = Some(n),
            Label::Bullet => para.bullet = true,
            Label::Nothing => {}
        }
        para
    }
}

/// `w:b`, `w:i`: on unless `w:val` says off.
fn on(e: &Element) -> bool {
    attr(e, "w:val").is_none_or(|v| !matches!(v.as_str(), "0" | "false" | "off"))
}

/// The URL of a `HYPERLINK "https://…"` field instruction.
fn hyperlink_of(instruction: &str) -> Option<String> {
    let rest = instruction.trim().strip_prefix("HYPERLINK")?.trim();
    let url = rest.strip_prefix('"')?.split('"').next()?;
    (!url.is_empty()).then(|| url.to_string())
}

/// A piece as inline Markdown: escaped, bold and italic markers inside its spaces (so
/// that they flank words), a link around it.
fn markdown(piece: &Piece) -> String {
    let text = &piece.text;
    let core = text.trim();
    if core.is_empty() {
        return text.clone();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let escaped = escape(core);
    let styled = match (piece.bold, piece.italic) {
        (true, true) => format!("***{escaped}***"),
        (true, false) => format!("**{escaped}**"),
        (false, true) => format!("*{escaped}*"),
        (false, false) => escaped,
    };
    let linked = match &piece.link {
        Some(url) if url == core || url.strip_prefix("mailto:") == Some(core) => {
            if piece.bold || piece.italic {
                format!("[{styled}]({})", destination(url))
            } else {
                format!("<{core}>")
            }
        }
        Some(url) => format!("[{styled}]({})", destination(url)),
        None => styled,
    };
    format!("{lead}{linked}{trail}")
}

fn destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// Escapes the characters that mean something to Markdown inside a line. Runs of three or
/// more `_` are blanks to fill in and stay readable as they are.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let underscore_run = c == '_' && {
            let start = chars[..i].iter().rev().take_while(|&&x| x == '_').count();
            let end = chars[i..].iter().take_while(|&&x| x == '_').count();
            start + end >= 3
        };
        if matches!(c, '\\' | '*' | '[' | ']' | '<' | '`') || (c == '_' && !underscore_run) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(body: &str) -> Vec<Block> {
        let xml =
            format!(r#"<w:document xmlns:w="w" xmlns:r="r"><w:body>{body}</w:body></w:document>"#);
        let mut links = HashMap::new();
        links.insert("rId5".to_string(), "https://qadam.kz/help".to_string());
        read(&xml, &mut Numbering::default(), &Styles::default(), &links).unwrap()
    }

    fn text(block: &Block) -> &str {
        match block {
            Block::Para(p) => &p.text,
            Block::Table(_) => "(table)",
        }
    }

    #[test]
    fn runs_become_inline_markdown() {
        let found = blocks(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>По</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">литика </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>сайта</w:t></w:r><w:r><w:t xml:space="preserve"> *звёздочка* &amp; </w:t></w:r><w:hyperlink r:id="rId5"><w:r><w:t>помощь</w:t></w:r></w:hyperlink></w:p>"#,
        );
        assert_eq!(
            text(&found[0]),
            "**Политика** *сайта* \\*звёздочка\\* & [помощь](https://qadam.kz/help)"
        );
    }

    #[test]
    fn hidden_text_stays_hidden_and_fields_link() {
        let found = blocks(
            r#"<w:p><w:del><w:r><w:delText>удалено</w:delText></w:r></w:del><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "https://x.kz"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>https://x.kz</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        );
        assert_eq!(text(&found[0]), "<https://x.kz>");
    }

    #[test]
    fn tables_are_rows_of_cells() {
        let found = blocks(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Данные</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Срок</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Логи</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>90 дней</w:t></w:r></w:p><w:p><w:r><w:t>затем удаляются</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        match &found[0] {
            Block::Table(rows) => assert_eq!(
                rows,
                &[
                    vec!["Данные".to_string(), "Срок".to_string()],
                    vec!["Логи".to_string(), "90 дней\nзатем удаляются".to_string()]
                ]
            ),
            _ => panic!("not a table"),
        }
    }

    #[test]
    fn plain_text_is_what_word_shows() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Один</w:t></w:r><w:del><w:r><w:delText>нет</w:delText></w:r></w:del><w:r><w:tab/><w:t>два</w:t></w:r></w:p><w:p><w:r><w:t>три</w:t></w:r></w:p></w:body></w:document>"#;
        assert_eq!(plain_text(xml).unwrap(), "Один два\nтри\n");
    }
}
