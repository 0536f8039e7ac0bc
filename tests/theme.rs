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
