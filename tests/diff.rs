//! Redline diff pages, the links to them, and `redakt diff`.

mod common;

use common::{edition, Fixture};

const V1: &str = "# Политика

## 1. Общие положения

1.1. Политика определяет порядок обработки персональных данных.

1.2. Оператор обрабатывает данные в соответствии с законом.

1.3. Политика действует бессрочно.

## 2. Хранение

2.1. Срок хранения составляет три года.

2.2. Данные хранятся в Республике Казахстан.
";

/// 2.0: a clause inserted as 1.2 (1.2 and 1.3 renumbered), a sentence changed in 2.1, 2.2
/// deleted.
fn v2() -> String {
    V1.replace(
        "1.2. Оператор",
        "1.2. Оператор назначает ответственного за обработку данных.\n\n1.3. Оператор",
    )
    .replace("1.3. Политика", "1.4. Политика")
    .replace("три года", "пять лет")
    .replace("\n2.2. Данные хранятся в Республике Казахстан.\n", "")
}

fn site() -> Fixture {
    let v2 = v2();
    let v3 = v2.replace("законом.", "законом Республики Казахстан.");
    Fixture::with_editions(&[
        ("1.0.md", &edition("version = \"1.0\"\npublished = 2024-01-15", V1)),
        ("1.0.kk.md", &edition("version = \"1.0\"", "1.1. Саясат.\n")),
        (
            "2.0.md",
            &edition(
                "version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Назначен ответственный\"\nchanges = [\"Новый пункт 1.2\"]",
                &v2,
            ),
        ),
        ("2.0.kk.md", &edition("version = \"2.0\"", "1.1. Саясат өзгерді.\n")),
        (
            "3.0.md",
            &edition(
                "version = \"3.0\"\npublished = 2026-11-10\neffective = 2026-12-01\nsummary = \"Уточнена ссылка на закон\"",
                &v3,
            ),
        ),
    ])
}

#[test]
fn every_edition_after_the_first_has_a_redline_in_each_language_it_is_written_in() {
    let site = site();
    site.build();
    assert!(
        !site.exists("op/privacy/1.0/diff/index.html"),
        "the first edition has nothing to compare"
    );
    assert!(site.exists("op/privacy/2.0/diff/index.html"));
    assert!(
        site.exists("op/privacy/3.0/diff/index.html"),
        "an upcoming edition has its diff"
    );
    assert!(
        site.exists("kk/op/privacy/2.0/diff/index.html"),
        "both editions exist in kk"
    );
    assert!(
        !site.exists("kk/op/privacy/3.0/diff/index.html"),
        "3.0 has no kk translation"
    );
    let kk = site.page("kk/op/privacy/2.0/diff/index.html");
    assert!(kk.contains("Саясат<ins> өзгерді</ins>."), "{kk}");
}

#[test]
fn the_redline_shows_the_edit_as_an_editor_made_it() {
    let site = site();
    site.build();
    let page = site.page("op/privacy/2.0/diff/index.html");
    // The counts at the top: one clause added, one removed, one changed, two renumbered.
    for count in [
        "Добавлено пунктов: <strong>1</strong>",
        "Удалено: <strong>1</strong>",
        "Изменено: <strong>1</strong>",
        "Перенумеровано без изменений: <strong>2</strong>",
    ] {
        assert!(page.contains(count), "{count} in\n{page}");
    }
    // The versions compared, with dates, and what the editors said changed.
    assert!(page.contains("<a href=\"../../../../op/privacy/1.0/\">Редакция 1.0</a>"));
    assert!(page.contains("<time datetime=\"2025-03-01\">1 марта 2025 г.</time>"));
    assert!(page.contains("Назначен ответственный") && page.contains("Новый пункт 1.2"));
    // Word-level change inside the clause, and the inserted clause as a whole.
    assert!(
        page.contains("Срок хранения составляет <del>три года</del><ins>пять лет</ins>."),
        "{page}"
    );
    assert!(page.contains(
        "<ins><a class=\"rl-num\" href=\"../#clause-1.2\">1.2.</a> Оператор назначает ответственного за обработку данных.</ins>"
    ));
    // Renumbered clauses keep their text, with the number change marked.
    assert!(page.contains("<del>1.2.</del> <ins>1.3.</ins></span> Оператор обрабатывает данные"));
    assert!(page.contains(
        "<del><a class=\"rl-num\" href=\"../../1.0/#clause-2.2\">2.2.</a> Данные хранятся в Республике Казахстан.</del>"
    ));
}

#[test]
fn unchanged_stretches_are_folded_with_a_count() {
    let site = site();
    site.build();
    let page = site.page("op/privacy/3.0/diff/index.html");
    assert!(page.contains("Изменено: <strong>1</strong>"), "{page}");
    assert!(
        page.contains("<p class=\"rl-fold\"><a href=\"../#clause-1.1\">Без изменений: "),
        "{page}"
    );
    assert!(
        page.contains("законом<ins> Республики Казахстан</ins>."),
        "{page}"
    );
}

#[test]
fn edition_changelog_and_announcement_link_to_the_diff() {
    let site = site();
    site.build();
    let edition = site.page("op/privacy/2.0/index.html");
    assert!(
        edition.contains("href=\"../../../op/privacy/2.0/diff/\""),
        "{edition}"
    );
    let changelog = site.page("op/privacy/changelog/index.html");
    for version in ["2.0", "3.0"] {
        assert!(changelog.contains(&format!("href=\"../../../op/privacy/{version}/diff/\"")));
    }
    assert!(!changelog.contains("1.0/diff/"));
    // The current edition announces the upcoming one with a link to what will change.
    let current = site.page("op/privacy/index.html");
    assert!(
        current.contains("href=\"../../op/privacy/3.0/diff/\""),
        "{current}"
    );
    // Untranslated in kk: the kk changelog links the Russian diff of 3.0.
    let kk = site.page("kk/op/privacy/changelog/index.html");
    assert!(
        kk.contains("href=\"../../../../op/privacy/3.0/diff/\""),
        "{kk}"
    );
    assert!(
        kk.contains("href=\"../../../../kk/op/privacy/2.0/diff/\""),
        "{kk}"
    );
}

#[test]
fn feeds_api_and_sitemap_know_the_diffs() {
    let site = site();
    site.build();
    let feed = site.page("op/privacy/feed.xml");
    assert!(feed.contains(
        "<link rel=\"related\" type=\"text/html\" title=\"Сравнить с предыдущей\" href=\"https://policies.example.kz/op/privacy/2.0/diff/\"/>"
    ));
    let api = site.page("api/v1/op/privacy.json");
    assert!(api.contains("\"diff_url\": \"https://policies.example.kz/op/privacy/3.0/diff/\""));
    assert!(
        api.contains("\"diff_url\": null"),
        "the first edition has none"
    );
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://policies.example.kz/kk/op/privacy/2.0/diff/</loc>"));
}

#[test]
fn an_edition_with_the_same_text_says_so() {
    let site = Fixture::with_editions(&[
        (
            "1.md",
            &edition("version = \"1\"\npublished = 2024-01-15", V1),
        ),
        (
            "2.md",
            &edition(
                "version = \"2\"\npublished = 2025-01-15\nsummary = \"Перенесена дата\"",
                &V1.replace("определяет порядок", "определяет\nпорядок"),
            ),
        ),
    ]);
    site.build();
    let page = site.page("op/privacy/2/diff/index.html");
    assert!(page.contains("Текст документа не изменился"), "{page}");
    assert!(
        !page.contains("rl-changed") && !page.contains("rl-added"),
        "{page}"
    );
}

#[test]
fn redakt_diff_prints_the_redline_with_plain_markers_when_piped() {
    let site = site();
    let run = site.run(&["diff", "op/privacy", "1.0", "2.0"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.starts_with("op/privacy (ru): 1.0 → 2.0\n"), "{out}");
    assert!(
        out.contains("1 added, 1 removed, 1 changed, 0 moved, 2 renumbered"),
        "{out}"
    );
    assert!(out.contains("Summary: Назначен ответственный"), "{out}");
    assert!(
        out.contains("\n+ 1.2. Оператор назначает ответственного за обработку данных.\n"),
        "{out}"
    );
    assert!(
        out.contains("\n~ 2.1. Срок хранения составляет [-три года-]{+пять лет+}.\n"),
        "{out}"
    );
    assert!(
        out.contains("\n- 2.2. Данные хранятся в Республике Казахстан.\n"),
        "{out}"
    );
    assert!(
        !out.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
}

#[test]
fn redakt_diff_defaults_to_the_newest_edition_and_can_colour() {
    let site = site();
    let run = site.run(&["diff", "op/privacy", "--color", "always"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("op/privacy (ru): 2.0 → 3.0"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\x1b[32;4m Республики Казахстан\x1b[0m"),
        "{}",
        run.stdout
    );
    let kk = site.run(&["diff", "op/privacy", "1.0", "2.0", "--lang", "kk"]);
    assert_eq!(kk.code, 0, "{}", kk.stderr);
    assert!(kk.stdout.contains("Саясат{+ өзгерді+}."), "{}", kk.stdout);
}

#[test]
fn redakt_diff_explains_a_wrong_policy_or_version() {
    let site = site();
    let run = site.run(&["diff", "op/privacy", "1.0", "9.9"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no edition `9.9`; its versions: 1.0, 2.0, 3.0"),
        "{}",
        run.stderr
    );
    let run = site.run(&["diff", "op/cookies"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("has no policy `cookies`; its policies: privacy"),
        "{}",
        run.stderr
    );
    let run = site.run(&["diff", "op/privacy", "2.0", "3.0", "--lang", "kk"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("has no text in `kk`"), "{}", run.stderr);
}
