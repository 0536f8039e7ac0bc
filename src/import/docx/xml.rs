//! A thin layer over quick-xml for the parts of a .docx: elements with their qualified name
//! (`w:p`), depth and attributes, closing tags, and text with entities resolved. An empty
//! element (`<w:tab/>`) is an opening followed by a closing, so readers handle one shape.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// An opening tag.
#[derive(Debug)]
pub struct Element {
    pub name: String,
    /// 1 for the root element.
    pub depth: usize,
    attributes: Vec<(String, String)>,
}

/// What a reader sees, in document order.
#[derive(Debug)]
pub enum Node<'e> {
    Open(&'e Element),
    Close(&'e str),
    Text(&'e str),
}

/// The value of attribute `name` (qualified, `w:val`), entities resolved.
pub fn attr(e: &Element, name: &str) -> Option<String> {
    e.attributes
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Walks every node of `xml`; the error says what is malformed and where.
pub fn walk(xml: &str, mut visit: impl FnMut(Node)) -> Result<(), String> {
    let mut reader = Reader::from_str(xml);
    let mut names: Vec<String> = Vec::new();
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML near byte {at}: {e}"))?;
        match event {
            Event::Start(start) => {
                let element = element(&start, names.len() + 1);
                visit(Node::Open(&element));
                names.push(element.name);
            }
            Event::Empty(start) => {
                let element = element(&start, names.len() + 1);
                visit(Node::Open(&element));
                visit(Node::Close(&element.name));
            }
            Event::End(_) => {
                if let Some(name) = names.pop() {
                    visit(Node::Close(&name));
                }
            }
            Event::Text(text) => {
                let raw = text
                    .decode()
                    .map_err(|e| format!("bad text near byte {at}: {e}"))?;
                visit(Node::Text(&raw));
            }
            Event::CData(data) => {
                let raw = data
                    .decode()
                    .map_err(|e| format!("bad text near byte {at}: {e}"))?;
                visit(Node::Text(&raw));
            }
            Event::GeneralRef(r) => {
                let name = r
                    .decode()
                    .map_err(|e| format!("bad entity near byte {at}: {e}"))?;
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => predefined(&name).to_string(),
                };
                visit(Node::Text(&resolved));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn predefined(name: &str) -> &str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

/// Calls `visit` for every opening tag; for parts read only for their settings, where a
/// malformed tail costs only the settings after it.
pub fn each_element(xml: &str, mut visit: impl FnMut(&Element)) {
    let _ = walk(xml, |node| {
        if let Node::Open(e) = node {
            visit(e);
        }
    });
}

fn element(start: &BytesStart, depth: usize) -> Element {
    let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let attributes = start
        .attributes()
        .with_checks(false)
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let raw = String::from_utf8_lossy(&a.value).into_owned();
            let value = quick_xml::escape::unescape(&raw)
                .map(|v| v.into_owned())
                .unwrap_or(raw);
            (key, value)
        })
        .collect();
    Element {
        name,
        depth,
        attributes,
    }
}
