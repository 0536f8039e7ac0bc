//! Links between pages: a link in an edition's Markdown to a page of the same site
//! (`/qadam/privacy/2.1/`, `../2.0/`, or the full `https://<base_url>/…`) must lead to a
//! page the build writes, or the portal ships a broken link; that is an error. The check
//! runs before rendering, against the list of pages the build will write, which the site
//! hands in as [`Pages`] (so this module needs no knowledge of the URL scheme).
//!
//! A relative link is followed from every page that shows the text: the current edition is
//! shown at its own address and at the policy's, one folder apart, so `../2.0/` that works
//! on one of them is broken on the other.

use super::blocks::Link;
use super::codes::Code;
use super::debris::Finding;
use crate::content::{Operator, Policy};

/// The pages and files a build writes, by site path: no leading slash, `""` for the home
/// page, pages ending in `/` (`qadam/privacy/2.1/`), files as they are (`feed.xml`).
pub trait Pages: Sync {
    fn exists(&self, path: &str) -> bool;
    /// The pages showing text `lang` of edition `index` of `policy`; empty when none does.
    fn showing(&self, op: &Operator, policy: &Policy, index: usize, lang: &str) -> Vec<String>;
}

/// Where the site is served: `https://example.kz` and `/legal` (or `""`), as in site.toml.
#[derive(Debug, Clone, Copy)]
pub struct Base<'a> {
    pub origin: &'a str,
    pub path: &'a str,
}

/// Broken internal links among `links`, for a text shown at `shown_on` (site paths).
pub fn check(
    links: &[Link],
    shown_on: &[String],
    config: &Base,
    pages: &dyn Pages,
) -> Vec<Finding> {
    let mut found = Vec::new();
    for link in links.iter().filter(|l| !l.email) {
        if let Some(problem) = follow(&link.dest, shown_on, config, pages) {
            found.push(Finding {
                code: Code::BrokenLink,
                offset: link.offset,
                message: problem.message,
                hint: problem.hint,
            });
        }
    }
    found
}

struct Problem {
    message: String,
    hint: String,
}

/// Where a link target leads inside the site, or `None` for a link elsewhere.
enum Target {
    /// A site path, whatever page the link is on.
    Absolute(String),
    /// A path relative to the page the link is on.
    Relative(String),
    /// An absolute path outside the site's base path.
    OutsideBase(String),
}

fn target(dest: &str, config: &Base) -> Option<Target> {
    let dest = dest.trim();
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
        return None;
    }
    let site = format!("{}{}", config.origin, config.path);
    if has_scheme(dest) {
        let rest = dest.strip_prefix(&site)?;
        return match rest.strip_prefix('/') {
            Some(path) => Some(Target::Absolute(path.to_string())),
            None if rest.is_empty() || rest.starts_with(['?', '#']) => {
                Some(Target::Absolute(String::new()))
            }
            None => None,
        };
    }
    match dest.strip_prefix('/') {
        Some(path) if config.path.is_empty() => Some(Target::Absolute(path.to_string())),
        Some(path) => match dest.strip_prefix(&format!("{}/", config.path)) {
            Some(inside) => Some(Target::Absolute(inside.to_string())),
            None => Some(Target::OutsideBase(path.to_string())),
        },
        None => Some(Target::Relative(dest.to_string())),
    }
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn follow(dest: &str, shown_on: &[String], config: &Base, pages: &dyn Pages) -> Option<Problem> {
    match target(dest, config)? {
        Target::Absolute(path) => {
            let path = normalise(&path)?;
            (!found(&path, pages)).then(|| missing(dest, &path, pages))
        }
        Target::OutsideBase(path) => Some(Problem {
            message: format!(
                "broken link `{dest}`: the site is served under {}, so this leads off the site",
                config.path
            ),
            hint: format!("write `{}/{path}`", config.path),
        }),
        Target::Relative(relative) => relative_problem(dest, &relative, shown_on, pages),
    }
}

fn relative_problem(
    dest: &str,
    relative: &str,
    shown_on: &[String],
    pages: &dyn Pages,
) -> Option<Problem> {
    let resolved: Vec<(&String, Option<String>)> = shown_on
        .iter()
        .map(|page| (page, resolve(page, relative)))
        .collect();
    let works = |r: &Option<String>| r.as_deref().is_some_and(|p| found(p, pages));
    let (page, leads_to) = resolved.iter().find(|(_, r)| !works(r))?;
    let Some(good) = resolved
        .iter()
        .find_map(|(_, r)| r.clone().filter(|p| found(p, pages)))
    else {
        return Some(match leads_to {
            Some(path) => missing(dest, path, pages),
            None => Problem {
                message: format!(
                    "broken link `{dest}`: it climbs above the site root from /{page}"
                ),
                hint: "write the link from the site root, e.g. `/<operator>/<policy>/`".into(),
            },
        });
    };
    let leads = leads_to.as_deref().unwrap_or("(above the site root)");
    Some(Problem {
        message: format!(
            "broken link `{dest}`: on /{page}, where this text is also shown, it leads to /{leads}, which does not exist"
        ),
        hint: format!("write the link from the site root: `/{good}`"),
    })
}

fn missing(dest: &str, path: &str, pages: &dyn Pages) -> Problem {
    let hint = if path.ends_with(".md") {
        "link to the page, not to the Markdown file: e.g. `/<operator>/<policy>/2.1/`".to_string()
    } else {
        match nearest(path, pages) {
            Some(near) => format!(
                "the nearest page that exists is `/{near}`; check the operator, policy and version (an edition gets its page once it is published)"
            ),
            None => "check the address".to_string(),
        }
    };
    Problem {
        message: format!("broken link `{dest}`: the site has no page /{path}"),
        hint,
    }
}

/// The closest existing ancestor of `path`.
fn nearest(path: &str, pages: &dyn Pages) -> Option<String> {
    let mut current = path.trim_end_matches('/').to_string();
    while let Some(cut) = current.rfind('/') {
        current.truncate(cut);
        let candidate = format!("{current}/");
        if pages.exists(&candidate) {
            return Some(candidate);
        }
    }
    pages.exists("").then(String::new)
}

/// Whether the site has `path`, as a server would find it: `x/index.html` is `x/`, and a
/// folder asked for without its slash is redirected to it.
fn found(path: &str, pages: &dyn Pages) -> bool {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    pages.exists(path) || (!path.ends_with('/') && pages.exists(&format!("{path}/")))
}

/// `path` with the query and fragment dropped and `.`/`..` resolved; `None` above the root.
fn normalise(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let folder = path.is_empty()
        || path.ends_with('/')
        || [".", ".."]
            .iter()
            .any(|d| path == *d || path.ends_with(&format!("/{d}")));
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `relative` followed from the page at `page` (a folder path ending in `/`).
fn resolve(page: &str, relative: &str) -> Option<String> {
    normalise(&format!("{page}{relative}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    struct Set(HashSet<&'static str>);

    impl Pages for Set {
        fn exists(&self, path: &str) -> bool {
            self.0.contains(path)
        }

        fn showing(&self, _: &Operator, _: &Policy, _: usize, _: &str) -> Vec<String> {
            Vec::new()
        }
    }

    fn site() -> Set {
        Set(HashSet::from([
            "",
            "op/",
            "op/privacy/",
            "op/privacy/1.0/",
            "op/privacy/2.0/",
            "feed.xml",
        ]))
    }

    fn config(base_url: &str) -> Base<'_> {
        let (origin, path) = match base_url.match_indices('/').nth(2) {
            Some((i, _)) => (&base_url[..i], &base_url[i..]),
            None => (base_url, ""),
        };
        Base { origin, path }
    }

    fn problems(dest: &str, base_url: &str) -> Vec<String> {
        let links = [Link {
            dest: dest.into(),
            offset: 0,
            email: false,
        }];
        let shown = ["op/privacy/2.0/".to_string(), "op/privacy/".to_string()];
        check(&links, &shown, &config(base_url), &site())
            .into_iter()
            .map(|f| format!("{} | {}", f.message, f.hint))
            .collect()
    }

    #[test]
    fn links_to_existing_pages_pass() {
        for dest in [
            "/op/privacy/1.0/",
            "/op/privacy/1.0",
            "/op/privacy/1.0/index.html#clause-2.1",
            "https://policies.example.kz/op/privacy/",
            "https://elsewhere.kz/x/",
            "mailto:a@b.kz",
            "#clause-1.1",
            "/feed.xml",
            "/",
        ] {
            assert_eq!(
                problems(dest, "https://policies.example.kz"),
                Vec::<String>::new(),
                "{dest}"
            );
        }
    }

    #[test]
    fn a_missing_page_is_named_with_the_nearest_one() {
        assert_eq!(
            problems("/op/privacy/3.0/", "https://policies.example.kz"),
            ["broken link `/op/privacy/3.0/`: the site has no page /op/privacy/3.0/ | the nearest page that exists is `/op/privacy/`; check the operator, policy and version (an edition gets its page once it is published)"]
        );
        assert_eq!(
            problems(
                "https://policies.example.kz/op/cookies/",
                "https://policies.example.kz"
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_relative_link_must_work_on_every_page_showing_the_text() {
        assert_eq!(
            problems("../1.0/", "https://policies.example.kz"),
            ["broken link `../1.0/`: on /op/privacy/, where this text is also shown, it leads to /op/1.0/, which does not exist | write the link from the site root: `/op/privacy/1.0/`"]
        );
    }

    #[test]
    fn a_base_path_is_part_of_every_absolute_link() {
        assert_eq!(
            problems("/legal/op/privacy/", "https://example.kz/legal"),
            Vec::<String>::new()
        );
        assert_eq!(
            problems("/op/privacy/", "https://example.kz/legal"),
            ["broken link `/op/privacy/`: the site is served under /legal, so this leads off the site | write `/legal/op/privacy/`"]
        );
    }

    #[test]
    fn normalising_resolves_dots() {
        assert_eq!(normalise("a/b/../c/").as_deref(), Some("a/c/"));
        assert_eq!(normalise("a/./b").as_deref(), Some("a/b"));
        assert_eq!(normalise("../x"), None);
        assert_eq!(resolve("op/privacy/", "..").as_deref(), Some("op/"));
    }
}
