//! Word's list numbering (`word/numbering.xml`) and paragraph styles (`word/styles.xml`).
//! A numbered paragraph in Word holds no number: it names a list (`numId`) and a level
//! (`ilvl`), and Word computes «1.1.» from counters and the level's pattern (`%1.%2.`).
//! The importer does the same, so that clause numbers survive into the Markdown.
//!
//! Lists that share an abstract definition continue one another's numbering, as in Word,
//! unless a list restarts it (`startOverride`), which gives it counters of its own.

use std::collections::HashMap;

use super::xml::{attr, each_element, Element};

/// What Word shows before a numbered paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    Number(String),
    Bullet,
    Nothing,
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `isLgl`: every level shown as a decimal number (1.1.1 under a Roman I).
    legal: bool,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    starts: HashMap<usize, u32>,
}

/// The lists of a document and their counters as the paragraphs go by.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    pub fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut abstract_id = String::new();
        let mut level: Option<usize> = None;
        let mut num_id = String::new();
        let mut override_level = 0;
        each_element(xml, |e: &Element| match e.name.as_str() {
            "w:abstractNum" => abstract_id = attr(e, "w:abstractNumId").unwrap_or_default(),
            "w:lvl" if e.depth == 3 => {
                let index = attr(e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                let levels = n.abstracts.entry(abstract_id.clone()).or_default();
                while levels.len() <= index.min(8) {
                    levels.push(Level {
                        start: 1,
                        ..Level::default()
                    });
                }
                level = Some(index.min(8));
            }
            "w:start" | "w:numFmt" | "w:lvlText" | "w:isLgl" if e.depth == 4 => {
                if let Some(l) =
                    level.and_then(|i| n.abstracts.get_mut(&abstract_id).and_then(|v| v.get_mut(i)))
                {
                    set_level(l, e);
                }
            }
            "w:num" => {
                num_id = attr(e, "w:numId").unwrap_or_default();
                n.nums.insert(num_id.clone(), Num::default());
            }
            "w:abstractNumId" => {
                if let Some(num) = n.nums.get_mut(&num_id) {
                    num.abstract_id = attr(e, "w:val").unwrap_or_default();
                }
            }
            "w:lvlOverride" => {
                override_level = attr(e, "w:ilvl").and_then(|v| v.parse().ok()).unwrap_or(0)
            }
            "w:startOverride" => {
                let start = attr(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(1);
                if let Some(num) = n.nums.get_mut(&num_id) {
                    num.starts.insert(override_level, start);
                }
            }
            _ => {}
        });
        n
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`.
    pub fn next(&mut self, num_id: &str, ilvl: usize) -> Label {
        let ilvl = ilvl.min(8);
        let Some(num) = self.nums.get(num_id) else {
            return Label::Nothing;
        };
        let Some(levels) = self.abstracts.get(&num.abstract_id) else {
            return Label::Nothing;
        };
        let Some(level) = levels.get(ilvl) else {
            return Label::Nothing;
        };
        let key = if num.starts.is_empty() {
            format!("a{}", num.abstract_id)
        } else {
            format!("n{num_id}")
        };
        let start = |i: usize| {
            num.starts
                .get(&i)
                .copied()
                .or_else(|| levels.get(i).map(|l| l.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(key).or_insert([None; 9]);
        counters[ilvl] = Some(counters[ilvl].map_or(start(ilvl), |c| c + 1));
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        match level.format.as_str() {
            "bullet" => Label::Bullet,
            "none" => Label::Nothing,
            _ => {
                let value = |i: usize| counters[i].unwrap_or(start(i));
                let shown = render(&level.text, levels, level.legal, value);
                if shown.trim().is_empty() {
                    Label::Nothing
                } else {
                    Label::Number(shown)
                }
            }
        }
    }
}

fn set_level(level: &mut Level, e: &Element) {
    let value = attr(e, "w:val");
    match e.name.as_str() {
        "w:start" => level.start = value.and_then(|v| v.parse().ok()).unwrap_or(1),
        "w:numFmt" => level.format = value.unwrap_or_default(),
        "w:lvlText" => level.text = value.unwrap_or_default(),
        _ => level.legal = value.is_none_or(|v| v != "0" && v != "false"),
    }
}

/// `%1.%2.` with each `%k` replaced by level k's counter in level k's format.
fn render(pattern: &str, levels: &[Level], legal: bool, value: impl Fn(usize) -> u32) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().and_then(|d| d.to_digit(10))) {
            ('%', Some(k @ 1..=9)) => {
                chars.next();
                let i = k as usize - 1;
                let format = levels.get(i).map_or("decimal", |l| l.format.as_str());
                let format = if legal { "decimal" } else { format };
                out.push_str(&format_number(value(i), format));
            }
            _ => out.push(c),
        }
    }
    out
}

/// A counter in one of Word's number formats; formats it has no rule for are decimal.
pub fn format_number(n: u32, format: &str) -> String {
    match format {
        "decimalZero" => format!("{n:02}"),
        "lowerLetter" => letters(n, "abcdefghijklmnopqrstuvwxyz"),
        "upperLetter" => letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "russianLower" => letters(n, "абвгдежзиклмнопрстуфхцчшщэюя"),
        "russianUpper" => letters(n, "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ"),
        _ => n.to_string(),
    }
}

/// a, b, … z, aa, bb, … as Word counts letters.
fn letters(n: u32, alphabet: &str) -> String {
    let letters: Vec<char> = alphabet.chars().collect();
    let count = letters.len() as u32;
    if n == 0 {
        return String::new();
    }
    let letter = letters[((n - 1) % count) as usize];
    std::iter::repeat_n(letter, ((n - 1) / count + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// A paragraph style: its heading level and the list it numbers its paragraphs with.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    num: Option<(String, usize)>,
    outline: Option<u8>,
}

/// The paragraph styles of a document.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
}

impl Styles {
    pub fn parse(xml: &str) -> Styles {
        let mut styles = HashMap::new();
        let mut current: Option<(String, Style)> = None;
        let mut flush = |current: &mut Option<(String, Style)>| {
            if let Some((id, style)) = current.take() {
                styles.insert(id, style);
            }
        };
        each_element(xml, |e: &Element| match e.name.as_str() {
            "w:style" => {
                flush(&mut current);
                let paragraph = attr(e, "w:type").is_none_or(|t| t == "paragraph");
                current =
                    paragraph.then(|| (attr(e, "w:styleId").unwrap_or_default(), Style::default()));
            }
            _ => {
                if let Some((_, style)) = current.as_mut() {
                    read_style(style, e);
                }
            }
        });
        flush(&mut current);
        Styles { styles }
    }

    /// The chain of a style and those it is based on, nearest first.
    fn chain(&self, id: &str) -> Vec<&Style> {
        let mut chain = Vec::new();
        let mut next = Some(id.to_string());
        while let Some(style) = next.and_then(|id| self.styles.get(&id)) {
            if chain.len() >= 10 {
                break;
            }
            chain.push(style);
            next = style.based_on.clone();
        }
        chain
    }

    /// 1 for a title, 2 for Heading 1 (a `##` section), 3 for Heading 2, …
    pub fn heading(&self, id: &str) -> Option<u8> {
        let chain = self.chain(id);
        let first = chain.first()?;
        let name = first.name.to_lowercase();
        if name == "title" || name == "заголовок" {
            return Some(1);
        }
        if let Some(n) = name
            .strip_prefix("heading ")
            .and_then(|n| n.trim().parse::<u8>().ok())
        {
            return Some(n.saturating_add(1));
        }
        chain
            .iter()
            .find_map(|s| s.outline)
            .filter(|&l| l < 9)
            .map(|l| l + 2)
    }

    /// The list a style numbers its paragraphs with.
    pub fn numbering(&self, id: &str) -> Option<(String, usize)> {
        self.chain(id).into_iter().find_map(|s| s.num.clone())
    }
}

fn read_style(style: &mut Style, e: &Element) {
    let value = || attr(e, "w:val").unwrap_or_default();
    match e.name.as_str() {
        "w:name" => style.name = value(),
        "w:basedOn" => style.based_on = Some(value()),
        "w:outlineLvl" => style.outline = value().parse().ok(),
        "w:numId" => {
            let level = style.num.as_ref().map_or(0, |n| n.1);
            style.num = Some((value(), level));
        }
        "w:ilvl" => {
            let id = style.num.as_ref().map(|n| n.0.clone()).unwrap_or_default();
            style.num = Some((id, value().parse().unwrap_or(0)));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="russianLower"/><w:lvlText w:val="%2)"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"#;

    fn label(n: &str) -> Label {
        Label::Number(n.to_string())
    }

    #[test]
    fn multilevel_numbers_are_computed_as_word_does() {
        let mut n = Numbering::parse(NUMBERING);
        let got: Vec<Label> = [
            (1, 0),
            (1, 1),
            (1, 1),
            (1, 2),
            (1, 0),
            (1, 1),
            (2, 0),
            (2, 1),
            (2, 1),
        ]
        .iter()
        .map(|&(num, level)| n.next(&num.to_string(), level))
        .collect();
        assert_eq!(
            got,
            [
                label("1."),
                label("1.1."),
                label("1.2."),
                label("1.2.1."),
                label("2."),
                label("2.1."),
                Label::Bullet,
                label("а)"),
                label("б)"),
            ]
        );
        assert_eq!(n.next("3", 0), label("5."), "a restarted list");
        assert_eq!(n.next("9", 0), Label::Nothing, "an unknown list");
    }

    #[test]
    fn formats() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(3, "decimalZero"), "03");
    }

    #[test]
    fn heading_styles_and_their_numbering() {
        let styles = Styles::parse(
            r#"<w:styles><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="My heading"/><w:basedOn w:val="1"/></w:style>
            <w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title"/></w:style></w:styles>"#,
        );
        assert_eq!(styles.heading("1"), Some(2));
        assert_eq!(styles.heading("T"), Some(1));
        assert_eq!(styles.numbering("Sub"), Some(("1".to_string(), 0)));
        assert_eq!(styles.heading("Normal"), None);
    }
}
