//! What office documents leave behind: unfilled template blanks (`placeholder`), export
//! artifacts (`export-debris`) and bold or italic markers that never close (`broken-bold`).
//! Each finding carries the body offset of what it found; the caller turns it into a
//! file position.

use super::blocks::{Block, Doc, Kind};
use super::codes::Code;

/// One finding in a body: the code, the body offset, the message and the hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub offset: usize,
    pub message: String,
    pub hint: String,
}

impl Finding {
    fn new(code: Code, offset: usize, message: String, hint: &str) -> Finding {
        Finding {
            code,
            offset,
            message,
            hint: hint.to_string(),
        }
    }
}

const FILL_IN: &str = "fill in the blank with the real value before publishing";

/// Every placeholder, debris and broken-bold finding of a body.
pub fn find(body: &str, doc: &Doc) -> Vec<Finding> {
    let mut found = Vec::new();
    for block in &doc.blocks {
        if block.kind == Kind::IndentedCode {
            indented(block, &mut found);
            continue;
        }
        placeholders(block, &mut found);
        debris(block, &mut found);
        markers(body, block, &mut found);
    }
    for (html, offset) in &doc.html {
        html_placeholder(html, *offset, &mut found);
    }
    found
}

fn indented(block: &Block, found: &mut Vec<Finding>) {
    if block.text.chars().any(char::is_alphabetic) {
        found.push(Finding::new(
            Code::ExportDebris,
            block.start,
            "text indented by four or more spaces shows as a code block (centring spaces from an export?)".into(),
            "remove the spaces at the start of the line; a heading is written `## Title`",
        ));
    }
}

fn placeholders(block: &Block, found: &mut Vec<Finding>) {
    let text = &block.text;
    let mut push = |at: usize, what: &str| {
        found.push(Finding::new(
            Code::Placeholder,
            block.source_offset(at),
            format!("unfilled placeholder `{what}`"),
            FILL_IN,
        ));
    };
    // Each rule first asks whether its character occurs at all: most blocks are plain
    // prose, and the rules run on every current edition of every build.
    if text.contains('_') {
        for (at, run) in runs(text, '_') {
            if run >= 3 {
                push(at, &text[at..at + run]);
            }
        }
    }
    if text.contains(['[', '<', '(', '{']) {
        for (at, len) in bracketed(text) {
            push(at, &text[at..at + len]);
        }
    }
    if text.contains(['X', 'Х']) {
        for (at, len) in template_words(text) {
            push(at, &text[at..at + len]);
        }
    }
}

/// `(start, length)` of every run of `c` in `text`.
fn runs(text: &str, c: char) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, ch) in text.char_indices().chain([(text.len(), '\0')]) {
        match (ch == c, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                found.push((s, i - s));
                start = None;
            }
            _ => {}
        }
    }
    found
}

/// `[название]`, `<дата>`, `(указать адрес)`, `{{company}}`: what a template asks to fill in.
fn bracketed(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (open, close) in [("[", "]"), ("<", ">"), ("(", ")"), ("{{", "}}")] {
        let mut from = 0;
        while let Some(i) = text[from..].find(open).map(|i| i + from) {
            let rest = &text[i + open.len()..];
            let inside = rest
                .find(close)
                .map(|j| &rest[..j])
                .filter(|inside| !inside.contains(open) && inside.chars().count() <= 80);
            match inside {
                Some(inside) if is_placeholder(open, inside) => {
                    let len = open.len() + inside.len() + close.len();
                    found.push((i, len));
                    from = i + len;
                }
                _ => from = i + open.len(),
            }
        }
    }
    found
}

fn is_placeholder(open: &str, inside: &str) -> bool {
    let trimmed = inside.trim();
    match open {
        "[" => square_placeholder(trimmed),
        "<" => inside.starts_with(char::is_alphabetic),
        "(" => starts_with_instruction(trimmed),
        _ => !trimmed.is_empty(),
    }
}

fn square_placeholder(inside: &str) -> bool {
    if inside.is_empty()
        || inside.starts_with('^')
        || inside.eq_ignore_ascii_case("x")
        || inside.to_lowercase().starts_with("bookmark:")
    {
        return false;
    }
    // [1], [1-3], [2, 5]: citations, not blanks.
    if inside
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '-' | '–' | ' '))
    {
        return false;
    }
    inside.chars().any(char::is_alphabetic)
        || inside
            .chars()
            .all(|c| matches!(c, '.' | '…' | '_' | '●' | '•' | '*' | ' '))
}

/// Words that open an instruction to whoever fills in the template.
const INSTRUCTIONS: [&str; 12] = [
    "указать",
    "укажите",
    "вставить",
    "вставьте",
    "заполнить",
    "вписать",
    "введите",
    "көрсету",
    "көрсетіңіз",
    "insert",
    "specify",
    "fill in",
];

fn starts_with_instruction(inside: &str) -> bool {
    let lower = inside.to_lowercase();
    INSTRUCTIONS.iter().any(|w| lower.starts_with(w))
}

/// `ХХХХХХХХХХХХ` (a BIN to fill in), `20ХХ`, `ХХ.ХХ.20ХХ`: words of the letter X in Latin
/// or Cyrillic, with digits or dots. Roman numerals (XX, XXX) stay out: four X at least, or
/// X mixed with digits.
fn template_words(text: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let is_part = |c: char| c.is_alphanumeric() || c == '.';
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (is_part(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = text[s..i].trim_end_matches('.');
                if is_x_word(word) {
                    found.push((s, word.len()));
                }
                start = None;
            }
            _ => {}
        }
    }
    found
}

fn is_x_word(word: &str) -> bool {
    let xs = word.chars().filter(|&c| c == 'X' || c == 'Х').count();
    let only = word
        .chars()
        .all(|c| c == 'X' || c == 'Х' || c.is_ascii_digit() || c == '.');
    let has_digit = word.chars().any(|c| c.is_ascii_digit() || c == '.');
    only && (xs >= 4 || (xs >= 2 && has_digit))
}

fn debris(block: &Block, found: &mut Vec<Finding>) {
    let text = &block.text;
    if let Some(at) = find_bookmark(text) {
        let len = text[at..].find(']').map_or(text.len() - at, |j| j + 1);
        found.push(Finding::new(
            Code::ExportDebris,
            block.source_offset(at),
            format!("Word bookmark marker `{}`", &text[at..at + len]),
            "delete it: it is a hidden Word bookmark that the export turned into text",
        ));
    }
    for marker in ["{.underline}", "{.mark}", "{#_"] {
        if let Some(at) = text.contains('{').then(|| text.find(marker)).flatten() {
            found.push(Finding::new(
                Code::ExportDebris,
                block.source_offset(at),
                format!("export attribute `{marker}`"),
                "delete it: a converter left its formatting attribute in the text",
            ));
        }
    }
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.chars().all(|c| matches!(c, '.' | '…' | '·' | ' ')) {
        found.push(Finding::new(
            Code::ExportDebris,
            block.start,
            format!("a line holding only `{trimmed}`"),
            "delete the line: it is left over from an export",
        ));
    }
    let spaced = text.contains("    ") || text.contains('\u{a0}');
    if let Some(at) = spaced.then(|| centring(text)).flatten() {
        found.push(Finding::new(
            Code::ExportDebris,
            block.source_offset(at),
            "a run of spaces inside the text (centring from an export?)".into(),
            "replace the run by one space; headings are centred by the theme",
        ));
    }
}

/// Where `[bookmark:` starts, in any case (`[Bookmark: _GoBack]`).
fn find_bookmark(text: &str) -> Option<usize> {
    text.match_indices('[').map(|(i, _)| i).find(|&i| {
        text.get(i + 1..i + 10)
            .is_some_and(|w| w.eq_ignore_ascii_case("bookmark:"))
    })
}

/// The first run of four or more spaces (or no-break spaces) inside a line.
fn centring(text: &str) -> Option<usize> {
    let mut start = None;
    let mut count = 0;
    for (i, c) in text.char_indices() {
        if c == ' ' || c == '\u{a0}' {
            start.get_or_insert(i);
            count += 1;
            if count >= 4 && start != Some(0) {
                return start;
            }
        } else {
            start = None;
            count = 0;
        }
    }
    None
}

/// `*` and `**` that Markdown did not pair: bold or italic that opens and never closes, or
/// closes without opening (`- 2.1.** Оператор…`). `__` likewise; longer runs are blanks.
fn markers(body: &str, block: &Block, found: &mut Vec<Finding>) {
    for range in joined(block) {
        let Some(source) = body.get(range.clone()).filter(|s| s.contains(['*', '_'])) else {
            continue;
        };
        for c in ['*', '_'] {
            for (at, len) in runs(source, c) {
                let offset = range.start + at;
                let escaped = offset > 0 && body.as_bytes()[offset - 1] == b'\\';
                if escaped || (c == '_' && len != 2) {
                    continue;
                }
                found.push(Finding::new(
                    Code::BrokenBold,
                    offset,
                    format!("stray `{}`: bold or italic that never closes", &source[at..at + len]),
                    "remove the marker, close it (`**bold**`), or write `\\*` for a literal asterisk",
                ));
            }
        }
    }
}

/// The source ranges of a block's text, adjacent pieces joined: the parser hands an
/// unpaired `**` over as two texts of one `*` each.
fn joined(block: &Block) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for segment in &block.segments {
        match ranges.last_mut() {
            Some(last) if last.end == segment.source.start => last.end = segment.source.end,
            _ => ranges.push(segment.source.clone()),
        }
    }
    ranges
}

/// Known HTML elements; any other tag in raw HTML is a template's `<placeholder>`.
const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "article",
    "audio",
    "b",
    "blockquote",
    "br",
    "button",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "link",
    "main",
    "mark",
    "meta",
    "nav",
    "object",
    "ol",
    "option",
    "p",
    "picture",
    "pre",
    "q",
    "s",
    "script",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "video",
    "wbr",
];

fn html_placeholder(html: &str, offset: usize, found: &mut Vec<Finding>) {
    let Some(rest) = html.trim_start().strip_prefix('<') else {
        return;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || HTML_TAGS.contains(&name.as_str()) {
        return;
    }
    let shown: String = html.trim().chars().take(60).collect();
    found.push(Finding::new(
        Code::Placeholder,
        offset,
        format!("unfilled placeholder `{shown}` (read as an HTML tag, so it would not even show)"),
        FILL_IN,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::blocks::read;

    fn codes(body: &str) -> Vec<(Code, String)> {
        find(body, &read(body))
            .into_iter()
            .map(|f| (f.code, f.message))
            .collect()
    }

    #[test]
    fn blanks_and_template_words_are_placeholders() {
        let found = codes("1.1. На домене ____ с [название] и <дата>, БИН ХХХХХХХХХХХХ, {{city}} (указать адрес).\n");
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unfilled placeholder `____`",
                "unfilled placeholder `[название]`",
                "unfilled placeholder `<дата>`",
                "unfilled placeholder `(указать адрес)`",
                "unfilled placeholder `{{city}}`",
                "unfilled placeholder `ХХХХХХХХХХХХ`",
            ]
        );
    }

    #[test]
    fn ordinary_text_is_not_a_placeholder() {
        let body = "См. [1] и [2-3], век XX, сноска[^n], [ссылка](https://x.kz), <https://x.kz>, (см. п. 2).\n\n[^n]: Текст.\n";
        assert_eq!(codes(body), []);
    }

    #[test]
    fn export_debris_and_stray_markers_are_found() {
        let body = "    ПОЛИТИКА\n\nТекст[bookmark: _GoBack] дальше\n\n.\n\n- 2.1.** Оператор\n";
        let found = codes(body);
        assert_eq!(
            found,
            [
                (Code::ExportDebris, "text indented by four or more spaces shows as a code block (centring spaces from an export?)".into()),
                (
                    Code::ExportDebris,
                    "Word bookmark marker `[bookmark: _GoBack]`".into()
                ),
                (Code::ExportDebris, "a line holding only `.`".into()),
                (
                    Code::BrokenBold,
                    "stray `**`: bold or italic that never closes".into()
                ),
            ]
        );
    }

    #[test]
    fn paired_and_escaped_markers_are_fine() {
        assert_eq!(codes("**2.1.** Оператор *вправе* \\* и __жирный__.\n"), []);
    }

    #[test]
    fn offsets_point_at_the_finding() {
        let body = "Текст **не закрыт\n";
        let found = find(body, &read(body));
        assert_eq!(found[0].offset, body.find("**").unwrap());
    }
}
