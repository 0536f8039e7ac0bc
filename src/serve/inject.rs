//! What `serve` adds to every HTML page it sends, and only there: the live-reload script and,
//! while the latest rebuild has failed, the error overlay. A page opened while the site is
//! broken then shows the errors at once, without waiting for the script to connect. The
//! files of the build stay untouched, so `build` output never carries any of this.

use std::fmt::Write as _;

use super::state::{Problem, Snapshot};

const SCRIPT: &str = include_str!("reload.js");

/// Readable on any page: fixed to the top, above everything, its own colours and fonts.
const STYLE: &str = "#redakt-overlay{position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:60vh;overflow:auto;background:#1b1b1f;color:#f4f4f5;border-bottom:4px solid #e5484d;font:15px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.4)}\
#redakt-overlay .redakt-panel{position:relative;padding:16px 56px 16px 20px}\
#redakt-overlay .redakt-title{margin:0 0 8px;font-weight:600;color:#ff9592}\
#redakt-overlay ol{margin:0;padding-left:24px}\
#redakt-overlay li{margin:8px 0}\
#redakt-overlay code,#redakt-overlay pre{font:14px/1.4 ui-monospace,monospace}\
#redakt-overlay .redakt-at{color:#7ce2fe}\
#redakt-overlay pre{margin:4px 0;padding:4px 8px;background:#000;color:#f4f4f5;white-space:pre-wrap}\
#redakt-overlay .redakt-hint{margin:2px 0;color:#b5b3ad}\
#redakt-overlay .redakt-close{position:absolute;top:8px;right:12px;font-size:24px;line-height:1;background:none;border:0;color:#f4f4f5;cursor:pointer}";

/// `html` with the script (and the overlay, if the site is broken) before `</body>`.
pub fn page(html: &[u8], snapshot: &Snapshot, events_url: &str) -> Vec<u8> {
    let addition = addition(snapshot, events_url);
    let at = closing_body(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + addition.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(addition.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A whole page for when there is no page to inject into: the site never built.
pub fn standalone(title: &str, snapshot: &Snapshot, events_url: &str) -> Vec<u8> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title></head>\n<body><h1>{0}</h1>\n</body></html>\n",
        escape(title)
    );
    page(html.as_bytes(), snapshot, events_url)
}

fn addition(snapshot: &Snapshot, events_url: &str) -> String {
    let mut out = format!("<style id=\"redakt-overlay-style\">{STYLE}</style>\n");
    if let Some(problems) = &snapshot.problems {
        out.push_str(&overlay(problems));
    }
    let _ = writeln!(
        out,
        "<script data-build=\"{}\" data-events=\"{}\">{SCRIPT}</script>",
        escape(&snapshot.build),
        escape(events_url)
    );
    out
}

/// The overlay as the script draws it, for pages served while the site is broken.
pub fn overlay(problems: &[Problem]) -> String {
    let mut out = String::from(
        "<div id=\"redakt-overlay\" role=\"alert\"><div class=\"redakt-panel\"><button type=\"button\" class=\"redakt-close\" aria-label=\"Close\">\u{d7}</button><p class=\"redakt-title\">Redakt: the site could not be rebuilt. The last good version is shown; fix the file and it reloads.</p><ol>",
    );
    for p in problems {
        let _ = write!(
            out,
            "<li><code class=\"redakt-at\">{}</code><span class=\"redakt-message\"> {}</span>",
            escape(&p.location()),
            escape(&p.message)
        );
        if let Some(source) = &p.source {
            let _ = write!(out, "<pre class=\"redakt-source\">{}</pre>", escape(source));
        }
        if let Some(hint) = &p.hint {
            let _ = write!(out, "<p class=\"redakt-hint\">help: {}</p>", escape(hint));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></div></div>\n");
    out
}

/// Where the last `</body>` starts, in any letter case.
fn closing_body(html: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body";
    html.windows(TAG.len())
        .rposition(|w| w.eq_ignore_ascii_case(TAG))
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn broken() -> Snapshot {
        Snapshot {
            build: "b-1".into(),
            problems: Some(Arc::new(vec![Problem {
                file: "content/op/privacy/1.0.md".into(),
                line: Some(3),
                column: Some(1),
                message: "unknown key `<efective>`".into(),
                hint: Some("did you mean `effective`?".into()),
                source: Some("efective = 2024-03-01".into()),
            }])),
            ..Snapshot::default()
        }
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(page(html, &Snapshot::default(), "/__redakt/events")).unwrap();
        let script = out.find("<script data-build").unwrap();
        assert!(script < out.find("</BODY>").unwrap());
        assert!(out.ends_with("</BODY></html>"));
        assert!(!out.contains("id=\"redakt-overlay\""));
    }

    #[test]
    fn a_broken_site_puts_the_escaped_overlay_on_the_page() {
        let out = String::from_utf8(page(b"<body></body>", &broken(), "/e")).unwrap();
        assert!(out.contains("<code class=\"redakt-at\">content/op/privacy/1.0.md:3:1</code>"));
        assert!(out.contains("unknown key `&lt;efective&gt;`"));
        assert!(out.contains("help: did you mean `effective`?"));
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        let out = String::from_utf8(page(b"<p>fragment</p>", &Snapshot::default(), "/e")).unwrap();
        assert!(out.starts_with("<p>fragment</p><style"));
    }
}
