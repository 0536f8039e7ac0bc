//! The `dated` template filter: a UI string with date placeholders («вступает в силу
//! {date}.») becomes HTML with each date as a `<time>` element, so dates stay machine-readable
//! without every template splitting strings by hand. It also keeps the typography right: a
//! sentence that ends just after a date ending in a dot («1 декабря 2026 г.») gets no second
//! dot («…2026 г..» is wrong in any language).
//!
//! `{{ page.t.upcoming_notice | dated(date=upcoming.effective) }}` replaces `{date}`;
//! `{{ page.t.period_closed | dated(from=p.from, until=p.until) }}` replaces `{from}` and
//! `{until}`: every argument that is a date (`{iso, text}`) fills the placeholder of its name.
//! The text around the dates is escaped here, so the filter's output is safe HTML.

use std::collections::HashMap;

use tera::{Filter, Value};

pub struct Dated;

impl Filter for Dated {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let text = value
            .as_str()
            .ok_or_else(|| tera::Error::msg("`dated` applies to a string"))?;
        let mut dates = Vec::new();
        for (name, date) in args {
            let field = |key: &str| date.get(key).and_then(Value::as_str);
            match (field("iso"), field("text")) {
                (Some(iso), Some(shown)) => dates.push((format!("{{{name}}}"), iso, shown)),
                _ => {
                    return Err(tera::Error::msg(format!(
                        "`dated`: `{name}` is not a date (a value with `iso` and `text`)"
                    )))
                }
            }
        }
        Ok(Value::String(render(text, &dates)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `text` escaped, with each `(placeholder, iso, text)` replaced by a `<time>` element.
fn render(text: &str, dates: &[(String, &str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    let mut after_dot = false;
    loop {
        let next = dates
            .iter()
            .filter_map(|d| rest.find(d.0.as_str()).map(|at| (at, d)))
            .min_by_key(|(at, _)| *at);
        let (before, date) = match next {
            Some((at, date)) => (&rest[..at], Some((at, date))),
            None => (rest, None),
        };
        let before = match before.strip_prefix('.') {
            Some(stripped) if after_dot => stripped,
            _ => before,
        };
        crate::escape::push_html(&mut out, before);
        let Some((at, (placeholder, iso, shown))) = date else {
            return out;
        };
        out.push_str("<time datetime=\"");
        crate::escape::push_html(&mut out, iso);
        out.push_str("\">");
        crate::escape::push_html(&mut out, shown);
        out.push_str("</time>");
        after_dot = shown.ends_with('.');
        rest = &rest[at + placeholder.len()..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date<'a>(name: &str, iso: &'a str, text: &'a str) -> (String, &'a str, &'a str) {
        (format!("{{{name}}}"), iso, text)
    }

    #[test]
    fn a_sentence_ending_with_an_abbreviated_date_gets_one_dot() {
        let d = [date("date", "2026-12-01", "1 декабря 2026 г.")];
        assert_eq!(
            render("Вступает в силу {date}.", &d),
            "Вступает в силу <time datetime=\"2026-12-01\">1 декабря 2026 г.</time>"
        );
        let numeric = [date("date", "2026-12-01", "01.12.2026")];
        assert_eq!(
            render("Вступает в силу {date}.", &numeric),
            "Вступает в силу <time datetime=\"2026-12-01\">01.12.2026</time>."
        );
    }

    #[test]
    fn two_dates_in_any_order_and_text_escaped() {
        let d = [
            date("until", "2025-06-09", "9 June 2025"),
            date("from", "2023-04-17", "17 April 2023"),
        ];
        assert_eq!(
            render("<from {from} to {until}>", &d),
            "&lt;from <time datetime=\"2023-04-17\">17 April 2023</time> to <time datetime=\"2025-06-09\">9 June 2025</time>&gt;"
        );
        assert_eq!(render("no date", &d), "no date");
    }
}
