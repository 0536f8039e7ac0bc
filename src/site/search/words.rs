//! Words as search sees them: how text is cut into words and how a word is reduced to its
//! stem, so that «персональных», «персональные» and «персональными» meet.
//!
//! The browser never stems. It cuts a query into words exactly as [`for_each_word`] cuts the
//! text (`search.js` mirrors it: runs of Unicode letters and digits, lowercased, «ё» read as
//! «е») and looks those words up in the vocabulary the index ships. So only the cutting has
//! to agree between Rust and JavaScript, and that is two lines on each side. Stemming lives
//! here alone: Snowball for Russian and English, a suffix stripper for Kazakh, for which no
//! Snowball stemmer exists.

use std::borrow::Cow;

use pagefind_stem::{Algorithm, Stemmer};

/// The longest word indexed, in characters: longer runs are codes and hashes, not words.
/// `search.js` skips the same words in a query.
pub const MAX_WORD: usize = 40;

/// Calls `each` with every word of `text`, lowercased, «ё» read as «е». A word already in
/// that form (most are) is handed over as a slice of `text`; the others are lowered into a
/// buffer that is reused, so nothing is allocated per word.
pub fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut lowered = String::with_capacity(64);
    let mut i = 0;
    while i < text.len() {
        let (class, width) = class_at(text, i);
        if class == Class::Other {
            i += width;
            continue;
        }
        let start = i;
        let mut as_is = class == Class::AsIs;
        i += width;
        while i < text.len() {
            let lowercase_pair = lowercase_russian(text.as_bytes(), i);
            if lowercase_pair || matches!(text.as_bytes()[i], b'a'..=b'z' | b'0'..=b'9') {
                i += if lowercase_pair { 2 } else { 1 };
                continue;
            }
            let (class, width) = class_at(text, i);
            match class {
                Class::Other => break,
                Class::AsIs => {}
                Class::Lowered => as_is = false,
            }
            i += width;
        }
        let word = &text[start..i];
        if as_is {
            emit(word, &mut each);
        } else {
            lowered.clear();
            word.chars().for_each(|c| push_lower(&mut lowered, c));
            emit(&lowered, &mut each);
        }
    }
}

/// What the character at a byte offset is to the word cutter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Not part of a word.
    Other,
    /// Part of a word, as the index writes it.
    AsIs,
    /// Part of a word, to be lowercased (or «ё»).
    Lowered,
}

/// The class and byte width of the character at `i`, a character boundary. Basic Latin and
/// Russian letters are told from their bytes; others go through [`is_word_char`] and the
/// Unicode case tables.
#[inline]
fn class_at(text: &str, i: usize) -> (Class, usize) {
    let bytes = text.as_bytes();
    let lead = bytes[i];
    if lead < 0x80 {
        return match lead {
            b'a'..=b'z' | b'0'..=b'9' => (Class::AsIs, 1),
            b'A'..=b'Z' => (Class::Lowered, 1),
            _ => (Class::Other, 1),
        };
    }
    if lowercase_russian(bytes, i) {
        return (Class::AsIs, 2);
    }
    match (lead, bytes.get(i + 1).copied().unwrap_or(0)) {
        // А…Я
        (0xd0, 0x90..=0xaf) => (Class::Lowered, 2),
        _ => class_of_char_at(text, i),
    }
}

/// Whether the bytes at `i` are one of а…п (D0 B0…BF) or р…я (D1 80…8F): most of the text.
#[inline]
fn lowercase_russian(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i..i + 2) {
        Some(&[0xd0, next]) => (0xb0..=0xbf).contains(&next),
        Some(&[0xd1, next]) => (0x80..=0x8f).contains(&next),
        _ => false,
    }
}

#[inline(never)]
fn class_of_char_at(text: &str, i: usize) -> (Class, usize) {
    match text.get(i..).and_then(|rest| rest.chars().next()) {
        Some(c) => (class_of(c), c.len_utf8()),
        None => (Class::Other, 1),
    }
}

fn class_of(c: char) -> Class {
    if !is_word_char(c) {
        return Class::Other;
    }
    let mut lower = c.to_lowercase();
    if c != 'ё' && lower.next() == Some(c) && lower.next().is_none() {
        Class::AsIs
    } else {
        Class::Lowered
    }
}

fn emit(word: &str, each: &mut impl FnMut(&str)) {
    // Bytes first: a char never takes fewer than one.
    if word.len() <= MAX_WORD || word.chars().count() <= MAX_WORD {
        each(word);
    }
}

/// A letter or a digit: Unicode `Alphabetic` or `Numeric`, as `[\p{Alphabetic}\p{N}]` in
/// JavaScript. Basic Latin, Russian letters and the punctuation of Russian text («», —, №,
/// no-break space) skip the Unicode tables.
fn is_word_char(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        'а'..='я' | 'А'..='Я' => true,
        // Latin-1 punctuation, General Punctuation (dashes, quotes, spaces), №.
        '\u{a0}'..='\u{a9}' | '\u{ab}' | '\u{bb}' | '\u{2000}'..='\u{206f}' | '№' => false,
        _ => c.is_alphanumeric(),
    }
}

fn push_lower(word: &mut String, c: char) {
    match c {
        'а'..='я' | 'a'..='z' | '0'..='9' => word.push(c),
        'A'..='Z' => word.push(c.to_ascii_lowercase()),
        'А'..='Я' => word.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        'ё' | 'Ё' => word.push('е'),
        _ => word.extend(
            c.to_lowercase()
                .map(|lower| if lower == 'ё' { 'е' } else { lower }),
        ),
    }
}

/// The stemmer of one language's index. A word is stemmed by its script: Cyrillic words by
/// the page's language (Kazakh in Kazakh pages, Russian elsewhere, since Russian names and
/// terms appear in every language), Latin words in English; digits and other scripts stay
/// as they are. Languages other than ru, kk and en are not stemmed at all.
pub struct Stems {
    cyrillic: Rule,
    latin: Rule,
}

#[derive(Clone, Copy)]
enum Rule {
    Keep,
    Snowball(fn(&str) -> Cow<'_, str>),
    Kazakh,
}

impl Stems {
    pub fn new(lang: &str) -> Stems {
        let (cyrillic, latin) = match lang {
            "ru" | "en" => (Rule::Snowball(russian), Rule::Snowball(english)),
            "kk" => (Rule::Kazakh, Rule::Snowball(english)),
            _ => (Rule::Keep, Rule::Keep),
        };
        Stems { cyrillic, latin }
    }

    /// The stem of `word`, which [`for_each_word`] gave.
    pub fn stem<'w>(&self, word: &'w str) -> Cow<'w, str> {
        let rule = if word.chars().any(is_cyrillic) {
            self.cyrillic
        } else if word.bytes().any(|b| b.is_ascii_alphabetic()) {
            self.latin
        } else {
            Rule::Keep
        };
        match rule {
            Rule::Keep => Cow::Borrowed(word),
            Rule::Snowball(stem) => stem(word),
            Rule::Kazakh => Cow::Borrowed(kazakh(word)),
        }
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{52f}')
}

fn russian(word: &str) -> Cow<'_, str> {
    static STEMMER: std::sync::LazyLock<Stemmer> =
        std::sync::LazyLock::new(|| Stemmer::create(Algorithm::Russian));
    STEMMER.stem(word)
}

fn english(word: &str) -> Cow<'_, str> {
    static STEMMER: std::sync::LazyLock<Stemmer> =
        std::sync::LazyLock::new(|| Stemmer::create(Algorithm::English));
    STEMMER.stem(word)
}

/// Kazakh endings, longest first: case, possessive and plural suffixes, with their vowel
/// and consonant variants.
const KAZAKH_ENDINGS: [&str; 67] = [
    "дағы", "дегі", "тағы", "тегі", "ымен", "імен", "ымыз", "іміз", "ыңыз", "іңіз", //
    "ның", "нің", "дың", "дің", "тың", "тің", "нан", "нен", "дан", "ден", "тан", "тен", //
    "нда", "нде", "лар", "лер", "дар", "дер", "тар", "тер", "мен", "бен", "пен", //
    "ды", "ді", "ты", "ті", "ны", "ні", "ға", "ге", "қа", "ке", "на", "не", "да", "де", //
    "та", "те", "сы", "сі", "ым", "ім", "ың", "ің", "ын", "ін", "уы", "уі", //
    "ы", "і", "н", "у", "а", "е", "ң", "м",
];

/// A Kazakh stem: up to three endings stripped, case then possessive then plural
/// («деректерінің» → «деректерін» → «деректер» → «дерек»), each time the longest that
/// leaves at least four letters, so a word never shrinks to a root that matches everything.
pub fn kazakh(word: &str) -> &str {
    let mut stem = word;
    for _ in 0..3 {
        let letters = stem.chars().count();
        let stripped = KAZAKH_ENDINGS.iter().find_map(|ending| {
            let rest = stem.strip_suffix(ending)?;
            (letters - ending.chars().count() >= 4).then_some(rest)
        });
        match stripped {
            Some(rest) => stem = rest,
            None => break,
        }
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_word(text, |w| out.push(w.to_string()));
        out
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_lowercased() {
        assert_eq!(
            words("«Персональные данные» — п. 2.4.1, e-mail: Privacy@op.kz; Ёлка ӘЛЕМ"),
            [
                "персональные",
                "данные",
                "п",
                "2",
                "4",
                "1",
                "e",
                "mail",
                "privacy",
                "op",
                "kz",
                "елка",
                "әлем"
            ]
        );
        assert_eq!(
            words("Қазақстан Республикасының"),
            ["қазақстан", "республикасының"]
        );
        assert!(words(" \n—«»").is_empty());
    }

    #[test]
    fn the_shortcuts_agree_with_unicode() {
        for c in ('\u{0}'..='\u{3000}').chain(['№']) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn words_are_cut_as_a_char_by_char_reading_would() {
        let text = "«Ёлка» ЁЖ-ёж; Straße İstanbul ΣΊΣΥΦΟΣ Қазақстан әлемі 2024г. № 5 \u{1d400}bc";
        let mut slow = Vec::new();
        let mut word = String::new();
        for c in text.chars().chain([' ']) {
            if c.is_alphanumeric() {
                push_lower(&mut word, c);
            } else if !word.is_empty() {
                slow.push(std::mem::take(&mut word));
            }
        }
        assert_eq!(words(text), slow);
    }

    #[test]
    fn very_long_runs_are_not_words() {
        let long = "a".repeat(MAX_WORD + 1);
        assert_eq!(words(&format!("x {long} y")), ["x", "y"]);
        let cyrillic = "д".repeat(MAX_WORD);
        assert_eq!(words(&cyrillic), vec![cyrillic]);
    }

    #[test]
    fn russian_word_forms_share_a_stem() {
        let ru = Stems::new("ru");
        let stem = ru.stem("персональные");
        for form in ["персональных", "персональными", "персональный"]
        {
            assert_eq!(ru.stem(form), stem, "{form}");
        }
        assert_eq!(ru.stem("данных"), ru.stem("данные"));
        assert_eq!(ru.stem("cookies"), ru.stem("cookie"));
        assert_eq!(ru.stem("2024"), "2024");
    }

    #[test]
    fn english_word_forms_share_a_stem() {
        let en = Stems::new("en");
        assert_eq!(en.stem("processing"), en.stem("processes"));
        assert_eq!(en.stem("policies"), en.stem("policy"));
        assert_eq!(en.stem("операторы"), Stems::new("ru").stem("операторы"));
    }

    #[test]
    fn kazakh_endings_are_stripped() {
        assert_eq!(kazakh("деректерінің"), "дерек");
        assert_eq!(kazakh("деректерді"), "дерек");
        assert_eq!(kazakh("деректер"), "дерек");
        // Four letters stay: «жыл» is not stripped to «жы».
        assert_eq!(kazakh("жыл"), "жыл");
        assert_eq!(kazakh("сақталады"), "сақтал");
        let kk = Stems::new("kk");
        assert_eq!(kk.stem("деректерін"), kk.stem("деректерді"));
        assert_eq!(kk.stem("cookies"), "cooki");
    }

    #[test]
    fn other_languages_are_not_stemmed() {
        assert_eq!(Stems::new("de").stem("daten"), "daten");
    }
}
