//! Edition versions: dotted numbers (`1`, `1.1`, `2.0.3`) compared numerically, so 2.10
//! comes after 2.9, and 2 and 2.0 are the same version.

use std::cmp::Ordering;
use std::fmt;

#[derive(Debug, Clone)]
pub struct Version {
    text: String,
    parts: Vec<u32>,
}

impl Version {
    /// Parses a dotted version; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Version, String> {
        if text.is_empty() {
            return Err("the version is empty".into());
        }
        let parts = text
            .split('.')
            .map(|p| {
                if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
                    Err(format!(
                        "`{text}` is not a dotted number like 1, 1.1 or 2.0.3"
                    ))
                } else {
                    p.parse::<u32>().map_err(|_| format!("`{p}` is too large"))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Version {
            text: text.to_string(),
            parts,
        })
    }

    /// The version as written; it is also the URL segment of the edition.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn significant(&self) -> &[u32] {
        let len = self
            .parts
            .iter()
            .rposition(|&p| p != 0)
            .map_or(0, |i| i + 1);
        &self.parts[..len]
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.significant() == other.significant()
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.significant().cmp(other.significant())
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The version after `v` at the same depth: 2.1 → 2.2, 3 → 4.
pub fn bump(v: &Version) -> Version {
    let mut parts = v.parts.clone();
    if let Some(last) = parts.last_mut() {
        *last += 1;
    }
    let text = parts
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".");
    Version { text, parts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn versions_compare_numerically() {
        assert!(v("2.10") > v("2.9"));
        assert!(v("1.1") > v("1"));
        assert_eq!(v("2"), v("2.0"));
        assert!(v("10") > v("9.9.9"));
    }

    #[test]
    fn malformed_versions_are_rejected() {
        for bad in ["", "v2", "2.", "2..1", "1.a", "-1"] {
            assert!(Version::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bump_increments_the_last_part() {
        assert_eq!(bump(&v("2.1")).as_str(), "2.2");
        assert_eq!(bump(&v("3")).as_str(), "4");
    }
}
