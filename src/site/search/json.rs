//! The little JSON the index is written in, by hand: strings and whole numbers into a buffer.
//! A large portal's index is tens of megabytes of policy text that almost never needs
//! escaping; copying the stretches between the rare characters that do is several times
//! faster than serde_json's character-by-character escaping, and the numbers of the postings
//! skip the formatting machinery.

use std::fmt::Write as _;

/// Appends `text` as a JSON string.
pub fn string(out: &mut String, text: &str) {
    string_of(out, &[text]);
}

/// Appends the pieces of text, joined, as one JSON string.
pub fn string_of(out: &mut String, pieces: &[&str]) {
    out.push('"');
    for piece in pieces {
        escaped(out, piece);
    }
    out.push('"');
}

/// Appends `text` escaped for a JSON string, without the quotes. Eight bytes at a time are
/// checked for anything to escape; only a group that has some is looked at byte by byte.
fn escaped(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        while i + 8 <= bytes.len() && !needs_escape(&bytes[i..i + 8]) {
            i += 8;
        }
        for at in i..(i + 8).min(bytes.len()) {
            if let Some(escape) = escape(bytes[at]) {
                out.push_str(&text[copied..at]);
                match escape {
                    "" => {
                        let _ = write!(out, "\\u{:04x}", bytes[at]);
                    }
                    escape => out.push_str(escape),
                }
                copied = at + 1;
            }
        }
        i += 8;
    }
    out.push_str(&text[copied..]);
}

/// How a byte is written in a JSON string, if not as itself: `""` for `\u00XX`.
fn escape(byte: u8) -> Option<&'static str> {
    match byte {
        b'"' => Some("\\\""),
        b'\\' => Some("\\\\"),
        b'\n' => Some("\\n"),
        b'\r' => Some("\\r"),
        b'\t' => Some("\\t"),
        0..=0x1f => Some(""),
        _ => None,
    }
}

/// Whether eight bytes hold a quote, a backslash or a control character, tested all at once
/// (the "has a byte less than n" and "has a zero byte" bit tricks).
fn needs_escape(eight: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut word = [0; 8];
    word.copy_from_slice(eight);
    let x = u64::from_le_bytes(word);
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGHS != 0;
    below_space || zero_in(x ^ (ONES * u64::from(b'"'))) || zero_in(x ^ (ONES * u64::from(b'\\')))
}

/// Appends `n` in decimal.
pub fn number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        for text in [
            "",
            "Текст «в кавычках»",
            "a\"b\\c\nd\re\tf\u{1}g\u{1f}",
            "\u{2028}",
            "длинный текст без кавычек, потом \"кавычки\" и обратная \\ черта, и \u{7f}\u{80}",
        ] {
            let mut out = String::new();
            string(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn numbers_are_decimal() {
        let mut out = String::new();
        for n in [0, 7, 10, 4_000_000_000, u32::MAX] {
            number(&mut out, n);
            out.push(',');
        }
        assert_eq!(out, "0,7,10,4000000000,4294967295,");
    }
}
