//! Sanitising raw HTML: one operator's editor must not inject script into a portal shared by
//! many. The allow-list keeps what real policies carry (tables, `<br>`, `<sup>`, `<b>`,
//! links) and the attributes our own renderer writes (ids, classes, table alignment).

use std::sync::LazyLock;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "class"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("ol", ["start"])
        .filter_style_properties(["text-align"].into())
        .link_rel(None);
    builder
});

pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use crate::markdown::render;

    #[test]
    fn scripts_handlers_and_frames_go_harmless_markup_stays() {
        let source = "| a | b |\n|---|---|\n| x<br>y | <sup>1</sup> <b>b</b> |\n\n<script>alert(1)</script>\n\n<p onclick=\"x()\">t</p>\n\n<iframe src=\"https://e.kz\"></iframe><form><input></form>\n\n<a href=\"javascript:alert(1)\">l</a> <a href=\"https://e.kz\">ok</a>\n";
        let html = render(source, false).html;
        for gone in [
            "<script",
            "alert(1)",
            "onclick",
            "<iframe",
            "<form",
            "<input",
            "javascript:",
        ] {
            assert!(!html.contains(gone), "{gone} survived: {html}");
        }
        for kept in [
            "x<br>y",
            "<sup>1</sup>",
            "<b>b</b>",
            "href=\"https://e.kz\"",
            "<table>",
        ] {
            assert!(html.contains(kept), "{kept} lost: {html}");
        }
    }

    #[test]
    fn trusted_sites_keep_raw_html() {
        let html = render("<div onclick=\"x()\">t</div>\n", true).html;
        assert!(html.contains("onclick"));
    }
}
