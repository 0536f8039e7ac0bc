//! The default theme: UI strings a site overrides one by one, per-operator branding (logo
//! and accent colour), and the parts of the layout people rely on (skip link, landmarks,
//! print footer).

mod common;

use common::{edition, Fixture, OPERATOR_TOML};

fn one_policy(operator_toml: &str) -> Fixture {
    Fixture::new(&[
        ("content/op/_operator.toml", operator_toml),
        (
            "content/op/privacy/1.0.md",
            &edition(
                "version = \"1.0\"\npublished = 2024-01-15",
                "# Политика\n\n1.1. Текст.\n",
            ),
        ),
    ])
}

#[test]
fn a_site_overrides_one_ui_string_and_keeps_the_others() {
    let site = one_policy(OPERATOR_TOML);
    site.write("i18n/ru.toml", "last_updated = \"Обновлено\"\n");
    site.write("themes/default/i18n/kk.toml", "home = \"Бастапқы бет\"\n");
    site.build();
    let index = site.page("index.html");
    assert!(index.contains("Обновлено: <time"), "{index}");
    // Every other Russian string still comes from the theme, not from English.
    assert!(index.contains("Все редакции"), "{index}");
    assert!(index.contains("Перейти к содержанию"));
    let kk = site.page("kk/op/privacy/index.html");
    assert!(kk.contains(">Бастапқы бет</a>"), "{kk}");
    assert!(kk.contains("Соңғы жаңарту"), "{kk}");
}

#[test]
fn a_bad_override_names_its_file() {
    let site = one_policy(OPERATOR_TOML);
    site.write("i18n/ru.toml", "months = [\"января\"]\n");
    let run = site.run(&["build", "--date", "2026-11-23"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("i18n/ru.toml: error: `months` must list 12 month names"),
        "{}",
        run.stderr
    );
}

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>\n";

#[test]
fn an_operator_logo_and_accent_show_on_its_pages() {
    let site = one_policy(&format!(
        "{OPERATOR_TOML}logo = \"brand/mark.svg\"\naccent = \"#FFD400\"\n"
    ));
    site.write("content/op/brand/mark.svg", LOGO);
    site.build();
    assert_eq!(site.page("op/logo.svg"), LOGO);
    let policy = site.page("op/privacy/index.html");
    assert!(
        policy.contains("<img class=\"operator-logo\" src=\"../../op/logo.svg\" alt=\"\">"),
        "{policy}"
    );
    // A pale yellow is darkened for the light theme and kept for the dark one.
    assert!(
        policy.contains("style=\"--accent: #806a00; --accent-dark: #ffd400\""),
        "{policy}"
    );
    assert!(site
        .page("kk/op/index.html")
        .contains("src=\"../../op/logo.svg\""));
    assert!(site.page("index.html").contains("src=\"op/logo.svg\""));
}

#[test]
fn an_operator_without_branding_gets_none() {
    let site = one_policy(OPERATOR_TOML);
    site.build();
    let policy = site.page("op/privacy/index.html");
    assert!(!policy.contains("operator-logo"), "{policy}");
    assert!(!policy.contains("--accent"), "{policy}");
}

/// Builds with `_operator.toml` lines `extra` and returns stderr, asserting exit code 1.
fn branding_error(extra: &str, files: &[(&str, &[u8])]) -> String {
    let site = one_policy(&format!("{OPERATOR_TOML}{extra}"));
    for (path, bytes) in files {
        site.write_bytes(path, bytes);
    }
    let run = site.run(&["build", "--date", "2026-11-23"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.exists("index.html"), "a failed build wrote output");
    run.stderr
}

#[test]
fn branding_errors_name_the_file_and_line() {
    let missing = branding_error("logo = \"logo.svg\"\n", &[]);
    assert!(
        missing.contains(
            "content/op/_operator.toml:4:1: error: logo `content/op/logo.svg` cannot be read"
        ),
        "{missing}"
    );
    let gif = branding_error(
        "logo = \"logo.gif\"\n",
        &[("content/op/logo.gif", b"GIF89a")],
    );
    assert!(
        gif.contains("error: logo `logo.gif` is not an SVG, PNG, JPEG or WebP file"),
        "{gif}"
    );
    let fake = branding_error(
        "logo = \"logo.png\"\n",
        &[("content/op/logo.png", LOGO.as_bytes())],
    );
    assert!(
        fake.contains(
            "logo `content/op/logo.png` is not a PNG image: its content does not match its name"
        ),
        "{fake}"
    );
    let outside = branding_error(
        "logo = \"../logo.svg\"\n",
        &[("content/logo.svg", LOGO.as_bytes())],
    );
    assert!(
        outside.contains("logo `../logo.svg` must be a file inside the operator's folder"),
        "{outside}"
    );
    let colour = branding_error("accent = \"green\"\n", &[]);
    assert!(
        colour.contains("content/op/_operator.toml:4:1: error: invalid accent `green`: write a colour as #rrggbb"),
        "{colour}"
    );
}

#[test]
fn every_page_has_a_skip_link_and_landmarks_and_an_edition_prints_its_fingerprint() {
    let site = one_policy(OPERATOR_TOML);
    site.build();
    for page in [
        "index.html",
        "op/index.html",
        "op/privacy/index.html",
        "op/privacy/changelog/index.html",
        "404.html",
    ] {
        let html = site.page(page);
        for part in [
            "<a class=\"skip-link\" href=\"#main\">",
            "<header class=\"site-header\">",
            "<main id=\"main\">",
            "<footer class=\"site-footer\">",
        ] {
            assert!(html.contains(part), "{page} lacks {part}");
        }
    }
    let policy = site.page("op/privacy/index.html");
    let footer = &policy[policy
        .find("<footer class=\"print-footer\">")
        .expect("print footer")..];
    assert!(
        footer.contains("Редакция 1.0 (действующая редакция)"),
        "{footer}"
    );
    assert!(
        footer.contains("<time datetime=\"2024-01-15\">15 января 2024 г.</time></p>"),
        "{footer}"
    );
    assert!(footer.contains("Отпечаток SHA-256: <code>"), "{footer}");
    assert!(
        footer.contains("https://policies.example.kz/op/privacy/1.0/"),
        "{footer}"
    );
}
