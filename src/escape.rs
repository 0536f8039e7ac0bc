//! Escaping text for HTML and XML, one way for every output. Tera's default also escapes
//! `/`, which turns every link into `..&#x2F;..&#x2F;` noise without making anything safer.

/// Escapes text for HTML or XML content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_html(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped. Runs without special characters are copied whole:
/// escaping every page's text is on the build's hot path.
pub fn push_html(out: &mut String, text: &str) {
    let mut plain_from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[plain_from..at]);
        out.push_str(entity);
        plain_from = at + 1;
    }
    out.push_str(&text[plain_from..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_keeps_the_rest() {
        assert_eq!(
            super::html("«Оператор» <b>&</b> \"x\" 'y'"),
            "«Оператор» &lt;b&gt;&amp;&lt;/b&gt; &quot;x&quot; &#39;y&#39;"
        );
    }
}
