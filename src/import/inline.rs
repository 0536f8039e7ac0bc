//! One paragraph's text, cleaned: export debris out (`[bookmark: _GoBack]`, bold markers
//! that never close, runs of spaces used for centring), a `<` that would start an HTML tag
//! escaped (a `<название компании>` blank must stay visible), e-mail addresses and URLs made
//! links. Everything else, «ёлочки» and all punctuation, is kept as it is.

/// What cleaning removed, for the report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Debris {
    pub bookmarks: usize,
    pub markers: usize,
    pub dot_lines: usize,
    pub centring: usize,
}

impl Debris {
    pub fn total(&self) -> usize {
        self.bookmarks + self.markers + self.dot_lines + self.centring
    }

    pub fn add(&mut self, other: Debris) {
        self.bookmarks += other.bookmarks;
        self.markers += other.markers;
        self.dot_lines += other.dot_lines;
        self.centring += other.centring;
    }
}

/// Cleans a paragraph of inline Markdown. `escape_html`: escape a `<` that is neither an
/// autolink nor a known HTML tag (text sources; a .docx paragraph arrives escaped).
pub fn clean(text: &str, escape_html: bool, debris: &mut Debris) -> String {
    let text = remove_bookmarks(text, debris);
    let text = collapse_spaces(&text, debris);
    let text = remove_stray_markers(&text, debris);
    let text = if escape_html {
        escape_angles(&text)
    } else {
        text
    };
    link(&text)
}

/// Removes `[bookmark: …]`, in any case; the verifier knows these are not words of the text.
pub fn remove_bookmarks(text: &str, debris: &mut Debris) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = find_bookmark(rest) {
        let Some(end) = rest[i..].find(']') else {
            break;
        };
        out.push_str(&rest[..i]);
        rest = &rest[i + end + 1..];
        debris.bookmarks += 1;
    }
    out.push_str(rest);
    out
}

fn find_bookmark(text: &str) -> Option<usize> {
    text.match_indices('[').map(|(i, _)| i).find(|&i| {
        text.get(i + 1..i + 10)
            .is_some_and(|w| w.eq_ignore_ascii_case("bookmark:"))
    })
}

/// Trims the paragraph and turns every run of spaces, tabs and no-break spaces into one
/// space; a run of three or more at the start, or four or more inside, was centring. A
/// single no-break space (`№ 94`, `5 000`) is typography, not layout, and stays.
fn collapse_spaces(text: &str, debris: &mut Debris) -> String {
    let blank = |c: char| c == ' ' || c == '\t' || c == '\u{a0}';
    let leading = text.chars().take_while(|&c| blank(c)).count();
    let mut out = String::with_capacity(text.len());
    let mut run: Option<(char, usize)> = None;
    let mut centred = leading >= 3;
    for c in text.trim_matches(blank).chars() {
        if blank(c) {
            run = Some(run.map_or((c, 1), |(first, n)| (first, n + 1)));
            continue;
        }
        if let Some((first, n)) = run.take() {
            centred |= n >= 4;
            out.push(if n == 1 && first == '\u{a0}' {
                first
            } else {
                ' '
            });
        }
        out.push(c);
    }
    if centred {
        debris.centring += 1;
    }
    out
}

/// Removes `*`, `**` and `__` runs that can neither open nor close emphasis, or that open and
/// never close, with the flanking rules of CommonMark; an escaped `\*` is text and stays.
pub fn remove_stray_markers(text: &str, debris: &mut Debris) -> String {
    let runs = marker_runs(text);
    if runs.is_empty() {
        return text.to_string();
    }
    let mut stray = Vec::new();
    let mut open: Vec<&Run> = Vec::new();
    for run in &runs {
        let partner = open
            .iter()
            .rposition(|o| o.marker == run.marker && o.len == run.len);
        match partner {
            Some(i) if run.can_close => {
                open.truncate(i);
            }
            _ if run.can_open => open.push(run),
            _ => stray.push(run.start..run.start + run.len),
        }
    }
    stray.extend(open.iter().map(|o| o.start..o.start + o.len));
    stray.sort_by_key(|r| r.start);
    debris.markers += stray.len();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in stray {
        out.push_str(&text[at..range.start]);
        at = range.end;
    }
    out.push_str(&text[at..]);
    tidy_spaces(&out)
}

/// A removed marker can leave two spaces, or one before punctuation.
fn tidy_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_string()
}

struct Run {
    marker: char,
    start: usize,
    len: usize,
    can_open: bool,
    can_close: bool,
}

/// The runs of `*` (one to three) and of exactly two `_`, with whether each can open or close.
fn marker_runs(text: &str) -> Vec<Run> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let escaped = i > 0 && chars[i - 1].1 == '\\';
        let mut j = i;
        while j < chars.len() && chars[j].1 == c {
            j += 1;
        }
        let len = j - i;
        let marker = (c == '*' && len <= 3) || (c == '_' && len == 2);
        if (c == '*' || c == '_') && marker && !escaped {
            let before = i.checked_sub(1).map(|k| chars[k].1);
            let after = chars.get(j).map(|&(_, c)| c);
            let (left, right) = flanking(before, after);
            runs.push(Run {
                marker: c,
                start,
                len,
                can_open: left,
                can_close: right,
            });
        }
        i = j.max(i + 1);
    }
    runs
}

/// Left- and right-flanking, as CommonMark defines them.
fn flanking(before: Option<char>, after: Option<char>) -> (bool, bool) {
    let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punct = |c: Option<char>| c.is_some_and(|c| !c.is_alphanumeric() && !c.is_whitespace());
    let left = !space(after) && (!punct(after) || space(before) || punct(before));
    let right = !space(before) && (!punct(before) || space(after) || punct(after));
    (left, right)
}

/// HTML elements that policies use and the sanitiser keeps; any other `<word` is text.
const KNOWN_TAGS: [&str; 16] = [
    "a", "b", "br", "em", "i", "p", "s", "small", "span", "strong", "sub", "sup", "table", "td",
    "th", "tr",
];

/// Escapes every `<` that does not start an autolink or a known HTML tag.
fn escape_angles(text: &str) -> String {
    if !text.contains('<') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        if c == '<' && !(is_autolink(&text[i..]) || is_known_tag(&text[i + 1..])) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn is_autolink(text: &str) -> bool {
    let Some(end) = text.find('>') else {
        return false;
    };
    let inside = &text[1..end];
    !inside.contains(char::is_whitespace)
        && (inside.starts_with("http://")
            || inside.starts_with("https://")
            || inside.starts_with("mailto:")
            || email_at(inside, 0).is_some_and(|(s, e)| s == 0 && e == inside.len()))
}

fn is_known_tag(after: &str) -> bool {
    let name: String = after
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let closes = after
        .trim_start_matches('/')
        .get(name.len()..)
        .is_some_and(|rest| rest.starts_with(['>', ' ', '/']));
    KNOWN_TAGS.contains(&name.as_str()) && closes
}

/// Makes e-mail addresses and URLs outside existing links into links: `<dpo@x.kz>`,
/// `<https://x.kz/a>`, and `[www.x.kz](http://www.x.kz)` (which keeps the text as written).
pub fn link(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    while at < text.len() {
        if let Some(skip) = protected(text, at) {
            out.push_str(&text[at..skip]);
            at = skip;
            continue;
        }
        if let Some((end, markdown)) = link_at(text, at) {
            out.push_str(&markdown);
            at = end;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        out.push(c);
        at += c.len_utf8();
    }
    out
}

/// The end of a link already written (`<…>`, `[…](…)`) or a code span starting at `at`.
fn protected(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    if rest.starts_with('<') && is_autolink(rest) {
        return rest.find('>').map(|e| at + e + 1);
    }
    if rest.starts_with("](") {
        return rest.find(')').map(|e| at + e + 1);
    }
    if let Some(code) = rest.strip_prefix('`') {
        return code.find('`').map(|e| at + e + 2);
    }
    None
}

/// A URL or e-mail address starting at `at` (at a word start), as Markdown, and its end.
fn link_at(text: &str, at: usize) -> Option<(usize, String)> {
    let word_start = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && !matches!(c, '.' | '@' | '/' | '-' | '_' | '\\'));
    if !word_start {
        return None;
    }
    let rest = &text[at..];
    if rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.") {
        let end = at + url_len(rest);
        let url = &text[at..end];
        if url.len() <= 8 || !url.contains('.') {
            return None;
        }
        let markdown = if url.starts_with("www.") {
            format!("[{url}](http://{url})")
        } else {
            format!("<{url}>")
        };
        return Some((end, markdown));
    }
    let (start, end) = email_at(rest, 0)?;
    (start == 0).then(|| (at + end, format!("<{}>", &rest[..end])))
}

/// The length of the URL at the start of `text`: up to a space or `<>"`, without the
/// punctuation that ends the sentence or an unopened closing bracket.
fn url_len(text: &str) -> usize {
    let mut end = text
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '«' | '»'))
        .unwrap_or(text.len());
    loop {
        let url = &text[..end];
        let Some(last) = url.chars().next_back() else {
            return 0;
        };
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '”' | '\'') || unbalanced {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

/// An e-mail address in `text` whose `@` is at or after `from`: its start and end.
fn email_at(text: &str, from: usize) -> Option<(usize, usize)> {
    let local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let mut end_local = from;
    while let Some(c) = text[end_local..].chars().next().filter(|&c| local(c)) {
        end_local += c.len_utf8();
    }
    if !text[end_local..].starts_with('@') || end_local == from {
        return None;
    }
    let host_start = end_local + 1;
    let mut end = host_start;
    while let Some(c) = text[end..].chars().next().filter(|&c| domain(c)) {
        end += c.len_utf8();
    }
    let host = text[host_start..end].trim_end_matches(['.', '-']);
    let end = host_start + host.len();
    let tld = host.rsplit('.').next().unwrap_or("");
    let valid =
        host.contains('.') && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic());
    valid.then_some((from, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str) -> (String, Debris) {
        let mut debris = Debris::default();
        (clean(text, true, &mut debris), debris)
    }

    #[test]
    fn debris_goes_and_words_stay() {
        let (text, debris) = cleaned("   Текст[bookmark: _GoBack]     с    пробелами  ");
        assert_eq!(text, "Текст с пробелами");
        assert_eq!(
            debris,
            Debris {
                bookmarks: 1,
                centring: 1,
                ..Debris::default()
            }
        );
    }

    #[test]
    fn unclosed_bold_markers_go_and_closed_ones_stay() {
        assert_eq!(cleaned("2.1.** Оператор").0, "2.1. Оператор");
        assert_eq!(
            cleaned("**2.1.** Оператор **вправе**").0,
            "**2.1.** Оператор **вправе**"
        );
        assert_eq!(cleaned("Текст **без конца").0, "Текст без конца");
        assert_eq!(cleaned("Цена \\* и *курсив*").0, "Цена \\* и *курсив*");
        assert_eq!(cleaned("1.1. Текст **").1.markers, 1);
    }

    #[test]
    fn addresses_become_links() {
        assert_eq!(
            cleaned("Пишите на dpo@qadam.example.kz или https://qadam.kz/help.").0,
            "Пишите на <dpo@qadam.example.kz> или <https://qadam.kz/help>."
        );
        assert_eq!(
            cleaned("Сайт www.qadam.kz (см. <https://a.kz>) и [форма](https://b.kz/x)").0,
            "Сайт [www.qadam.kz](http://www.qadam.kz) (см. <https://a.kz>) и [форма](https://b.kz/x)"
        );
    }

    #[test]
    fn angle_blanks_are_escaped_but_tags_and_autolinks_kept() {
        assert_eq!(
            cleaned("<company name> и <название>, x<sup>2</sup>, <a@b.kz>").0,
            "\\<company name> и \\<название>, x<sup>2</sup>, <a@b.kz>"
        );
    }

    #[test]
    fn a_no_break_space_between_words_is_kept() {
        assert_eq!(cleaned("№\u{a0}94-V от 21 мая").0, "№\u{a0}94-V от 21 мая");
    }
}
