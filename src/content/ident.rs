//! Operator and policy ids are folder names that become URL segments, so they are kept to
//! `[a-z0-9][a-z0-9-]*`. A folder named in Cyrillic or with capitals gets a suggested id.

/// Whether `id` is a valid operator or policy id.
pub fn is_valid(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// A valid id close to `name`: transliterated, lowercased, other characters turned into
/// single hyphens (`ТОО Қадам` → `too-qadam`).
pub fn suggest(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut id = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.is_empty() {
        "operator".into()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_ascii_with_hyphens() {
        assert!(is_valid("it-analytics"));
        assert!(is_valid("2gis"));
        assert!(!is_valid("-x"));
        assert!(!is_valid("IT"));
        assert!(!is_valid("my policy"));
        assert!(!is_valid("политика"));
        assert!(!is_valid(""));
    }

    #[test]
    fn suggestions_transliterate_cyrillic_and_kazakh() {
        assert_eq!(suggest("Политика"), "politika");
        assert_eq!(suggest("My Policy"), "my-policy");
        assert!(is_valid(&suggest("Қадам Әлем")));
    }
}
