//! `[lint] allow = ["code"]` with a `reason`: warnings an edition (or an operator) keeps on
//! purpose. An allow list is content, committed and reviewed like the text, so it is held
//! to the same strictness: an unknown code is an error (a typo would silence nothing), an
//! error cannot be allowed (a broken link stays broken), the reason must say something, and
//! an allowed code that no longer fires is itself a warning, so stale entries do not pile up.

use std::path::Path;

use super::codes::Code;
use crate::content::frontmatter::{key_offset, LintSettings};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Where the settings are written, to point messages at them.
pub struct Source<'a> {
    pub file: &'a Path,
    /// The TOML holding `[lint]` and the line it starts on; `None` when not at hand.
    pub toml: Option<(&'a str, usize)>,
}

impl Source<'_> {
    fn at(&self, d: Diagnostic, keys: &[&str]) -> Diagnostic {
        let Some((text, first_line)) = self.toml else {
            return d;
        };
        let offset = keys
            .iter()
            .find_map(|k| key_offset(text, k))
            .or_else(|| text.find("[lint]"));
        match offset {
            Some(offset) => d.at_offset(text, offset, first_line),
            None => d,
        }
    }
}

/// Applies `settings` to `findings`: drops the allowed warnings, adds the problems of the
/// settings themselves. `linted` says whether the lints ran (an allowed code can only be
/// unused where they did). Returns how many warnings were silenced.
pub fn apply(
    settings: Option<&LintSettings>,
    source: &Source,
    findings: &mut Diagnostics,
    linted: bool,
) -> usize {
    let Some(settings) = settings else {
        return 0;
    };
    let allowed = validate(settings, source, findings);
    let before = findings.len();
    let mut fired = vec![false; allowed.len()];
    findings.retain(|d| {
        let hit = allowed
            .iter()
            .position(|c| !d.is_error() && d.code == Some(c.name()));
        if let Some(i) = hit {
            fired[i] = true;
        }
        hit.is_none()
    });
    let silenced = before - findings.len();
    if linted {
        for (code, _) in allowed.iter().zip(&fired).filter(|(_, f)| !**f) {
            findings.push(
                source.at(
                    Code::UnusedAllow
                        .warning(
                            source.file,
                            format!(
                                "`{}` is allowed, but no such warning is found here",
                                code.name()
                            ),
                        )
                        .with_hint(format!("remove \"{}\" from `allow`", code.name())),
                    &["allow", "lint"],
                ),
            );
        }
    }
    silenced
}

/// The allowed codes that exist and can be allowed; every other entry is an error.
fn validate(settings: &LintSettings, source: &Source, findings: &mut Diagnostics) -> Vec<Code> {
    if settings.reason.trim().is_empty() {
        findings.push(source.at(
            Diagnostic::error(source.file, "`[lint]` has an empty `reason`")
                .with_hint("say why these warnings are kept, e.g. reason = \"пункт 4.3 исключён в этой редакции\""),
            &["reason", "lint"],
        ));
    }
    let mut allowed = Vec::new();
    for name in &settings.allow {
        match Code::from_name(name) {
            Some(code) if code.is_error() => findings.push(
                source.at(
                    Diagnostic::error(
                        source.file,
                        format!("`{name}` is an error and cannot be allowed"),
                    )
                    .with_hint("fix the problem instead; `allow` silences warnings only"),
                    &["allow", "lint"],
                ),
            ),
            Some(code) => allowed.push(code),
            None => findings.push(source.at(unknown(source.file, name), &["allow", "lint"])),
        }
    }
    allowed
}

fn unknown(file: &Path, name: &str) -> Diagnostic {
    let known = Code::allowable_names();
    let hint = match crate::toml_file::nearest(name, &known) {
        Some(best) => format!("did you mean `{best}`? Codes: {}", known.join(", ")),
        None => format!("codes that can be allowed: {}", known.join(", ")),
    };
    Diagnostic::error(file, format!("unknown lint code `{name}` in `allow`")).with_hint(hint)
}
