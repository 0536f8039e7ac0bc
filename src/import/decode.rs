//! Text files arrive in whatever encoding the editor's computer used: UTF-8 (with or without
//! a BOM), UTF-16 from Notepad's «Unicode», and in Kazakhstan still Windows-1251 and
//! KOI8-R. The importer detects which instead of failing.
//!
//! The two single-byte encodings are two 128-character tables written out here (generated
//! from Python's codecs and checked in the tests) rather than a dependency: `encoding_rs`
//! would bring every encoding of the web, CJK tables included, to decode two alphabets.
//!
//! Telling them apart: both decode any byte, but only the right one gives Russian words
//! their usual shape. Running text is mostly lowercase words, some Capitalised, a few in
//! CAPITALS; read with the wrong table, lowercase turns into capitals and Capitalised words
//! into `пОЛИТИКА`. Each reading is scored by the shape of its Cyrillic words.

/// Bytes 0x80–0xFF in Windows-1251.
const CP1251: &str = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\u{fffd}™љ›њќћџ\u{00a0}ЎўЈ¤Ґ¦§Ё\u{00a9}Є«¬\u{00ad}®Ї\u{00b0}±Ііґµ¶\u{00b7}ё№є»јЅѕїАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюя";

/// Bytes 0x80–0xFF in KOI8-R.
const KOI8_R: &str = "\u{2500}\u{2502}\u{250c}\u{2510}\u{2514}\u{2518}\u{251c}\u{2524}\u{252c}\u{2534}\u{253c}\u{2580}\u{2584}\u{2588}\u{258c}\u{2590}\u{2591}\u{2592}\u{2593}\u{2320}\u{25a0}\u{2219}\u{221a}\u{2248}\u{2264}\u{2265}\u{00a0}\u{2321}\u{00b0}\u{00b2}\u{00b7}\u{00f7}\u{2550}\u{2551}\u{2552}ё\u{2553}\u{2554}\u{2555}\u{2556}\u{2557}\u{2558}\u{2559}\u{255a}\u{255b}\u{255c}\u{255d}\u{255e}\u{255f}\u{2560}\u{2561}Ё\u{2562}\u{2563}\u{2564}\u{2565}\u{2566}\u{2567}\u{2568}\u{2569}\u{256a}\u{256b}\u{256c}\u{00a9}юабцдефгхийклмнопярстужвьызшэщчъЮАБЦДЕФГХИЙКЛМНОПЯРСТУЖВЬЫЗШЭЩЧЪ";

/// A decoded text file and the encoding it was found in.
#[derive(Debug)]
pub struct Decoded {
    /// The text, line endings normalised to `\n`, a BOM dropped.
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes a text file, detecting its encoding.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), "UTF-8 with BOM")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, u16::from_le_bytes), "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, u16::from_be_bytes), "UTF-16BE")
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), "UTF-8")
    } else {
        legacy(bytes)
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Decoded { text, encoding }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Windows-1251 or KOI8-R, whichever reads as Russian; Windows-1251 on a tie, being the
/// more common of the two.
fn legacy(bytes: &[u8]) -> (String, &'static str) {
    let cp1251 = with_table(bytes, CP1251);
    let koi8 = with_table(bytes, KOI8_R);
    if shape_score(&koi8) > shape_score(&cp1251) {
        (koi8, "KOI8-R")
    } else {
        (cp1251, "Windows-1251")
    }
}

fn with_table(bytes: &[u8], table: &str) -> String {
    let high: Vec<char> = table.chars().collect();
    bytes
        .iter()
        .map(|&b| match b {
            0..=0x7F => char::from(b),
            _ => high
                .get(usize::from(b - 0x80))
                .copied()
                .unwrap_or(char::REPLACEMENT_CHARACTER),
        })
        .collect()
}

/// Cyrillic words scored by shape: lowercase and Capitalised words 2, CAPITALS 1, a word
/// with its case mixed any other way nothing.
fn shape_score(text: &str) -> usize {
    let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
    text.split(|c: char| !cyrillic(c))
        .filter(|w| !w.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first_upper = chars.next().is_some_and(char::is_uppercase);
            let rest: Vec<bool> = chars.map(char::is_uppercase).collect();
            let rest_lower = rest.iter().all(|u| !u);
            let rest_upper = rest.iter().all(|u| *u);
            match (first_upper, rest_lower, rest_upper) {
                (_, true, _) => 2,
                (true, _, true) => 1,
                _ => 0,
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "ПОЛИТИКА конфиденциальности ТОО «Qadam»: Оператор обрабатывает данные — №1.";

    /// KOI8-R has no «ёлочки», dashes or №.
    const SAMPLE_ASCII_PUNCTUATION: &str =
        "ПОЛИТИКА конфиденциальности ТОО \"Qadam\": Оператор обрабатывает данные - п. 1.";

    /// The samples as Python's codecs encode them.
    const SAMPLE_CP1251: &[u8] = b"\xCF\xCE\xCB\xC8\xD2\xC8\xCA\xC0 \xEA\xEE\xED\xF4\xE8\xE4\xE5\xED\xF6\xE8\xE0\xEB\xFC\xED\xEE\xF1\xF2\xE8 \xD2\xCE\xCE \xABQadam\xBB: \xCE\xEF\xE5\xF0\xE0\xF2\xEE\xF0 \xEE\xE1\xF0\xE0\xE1\xE0\xF2\xFB\xE2\xE0\xE5\xF2 \xE4\xE0\xED\xED\xFB\xE5 \x97 \xB91.";
    const SAMPLE_KOI8: &[u8] = b"\xF0\xEF\xEC\xE9\xF4\xE9\xEB\xE1 \xCB\xCF\xCE\xC6\xC9\xC4\xC5\xCE\xC3\xC9\xC1\xCC\xD8\xCE\xCF\xD3\xD4\xC9 \xF4\xEF\xEF \x22Qadam\x22: \xEF\xD0\xC5\xD2\xC1\xD4\xCF\xD2 \xCF\xC2\xD2\xC1\xC2\xC1\xD4\xD9\xD7\xC1\xC5\xD4 \xC4\xC1\xCE\xCE\xD9\xC5 - \xD0. 1.";

    #[test]
    fn tables_match_the_standard_encodings() {
        assert_eq!(CP1251.chars().count(), 128);
        assert_eq!(KOI8_R.chars().count(), 128);
        assert_eq!(decode(SAMPLE_CP1251).text, SAMPLE);
        assert_eq!(decode(SAMPLE_CP1251).encoding, "Windows-1251");
        assert_eq!(decode(SAMPLE_KOI8).text, SAMPLE_ASCII_PUNCTUATION);
        assert_eq!(decode(SAMPLE_KOI8).encoding, "KOI8-R");
    }

    #[test]
    fn unicode_files_are_recognised_by_their_bom_or_validity() {
        let utf8 = decode("Текст\r\nдалее".as_bytes());
        assert_eq!(
            (utf8.text.as_str(), utf8.encoding),
            ("Текст\nдалее", "UTF-8")
        );
        let bom = decode("\u{feff}Текст".as_bytes());
        assert_eq!(
            (bom.text.as_str(), bom.encoding),
            ("Текст", "UTF-8 with BOM")
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("Текст".encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(&utf16);
        assert_eq!((d.text.as_str(), d.encoding), ("Текст", "UTF-16LE"));
    }
}
