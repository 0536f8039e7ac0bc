//! What a user sees after `redakt build`: which edition is current, the pages and links
//! between them, languages, clause anchors, sanitising, messy pasted Markdown, determinism.

mod common;

use common::{edition, Fixture, OPERATOR_TOML};

fn three_editions() -> Fixture {
    Fixture::with_editions(&[
        ("1.0.md", &edition("version = \"1.0\"\npublished = 2024-01-15", "# Политика\n\n1.1. Первая редакция.\n")),
        (
            "2.0.md",
            &edition(
                "version = \"2.0\"\npublished = 2025-03-01\neffective = 2025-03-15\nsummary = \"Добавлен раздел о передаче\"\nchanges = [\"Новый п. 1.2\"]",
                "# Политика\n\n1.1. Вторая редакция.\n\n1.2. Передача.\n",
            ),
        ),
        (
            "2.1.md",
            &edition(
                "version = \"2.1\"\npublished = 2026-11-10\neffective = 2026-12-01\nsummary = \"Сокращён срок хранения\"",
                "# Политика\n\n1.1. Будущая редакция.\n",
            ),
        ),
        ("3.0.md", &edition("version = \"3.0\"\npublished = 2027-01-10\nsummary = \"Ещё не опубликована\"", "1.1. Завтра.\n")),
    ])
}

#[test]
fn the_policy_page_shows_the_edition_in_force_today_and_announces_the_next() {
    let site = three_editions();
    site.build();
    let page = site.page("op/privacy/index.html");
    assert!(
        page.contains("Вторая редакция"),
        "current edition text missing"
    );
    assert!(!page.contains("Будущая редакция"));
    // Last updated is the current edition's published date, in Russian.
    assert!(page.contains("<time datetime=\"2025-03-01\">1 марта 2025 г.</time>"));
    // The upcoming edition is announced with its effective date and a link.
    assert!(page.contains("<time datetime=\"2026-12-01\">1 декабря 2026 г.</time>"));
    assert!(page.contains("href=\"../../op/privacy/2.1/\""));
}

#[test]
fn every_published_edition_keeps_a_page_and_unpublished_ones_get_none() {
    let site = three_editions();
    site.build();
    let archived = site.page("op/privacy/1.0/index.html");
    assert!(archived.contains("Первая редакция"));
    assert!(archived.contains("archived"), "archived status missing");
    // In force from its effective date until the day before 2.0 took effect.
    assert!(
        archived.contains("datetime=\"2024-01-15\"")
            && archived.contains("datetime=\"2025-03-14\"")
    );
    assert!(site.page("op/privacy/2.1/index.html").contains("upcoming"));
    assert!(
        !site.exists("op/privacy/3.0/index.html"),
        "an edition posted after today must not be built"
    );
}

#[test]
fn the_changelog_lists_every_published_edition_newest_first() {
    let site = three_editions();
    site.build();
    let changelog = site.page("op/privacy/changelog/index.html");
    let positions: Vec<usize> = ["Сокращён срок хранения", "Добавлен раздел о передаче"]
        .iter()
        .map(|s| changelog.find(s).unwrap_or_else(|| panic!("{s} missing")))
        .collect();
    assert!(positions[0] < positions[1], "newest first");
    assert!(changelog.contains("Новый п. 1.2"));
    assert!(!changelog.contains("Ещё не опубликована"));
}

#[test]
fn the_date_decides_what_is_current() {
    let site = three_editions();
    let run = site.run(&["build", "--date", "2026-12-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .page("op/privacy/index.html")
        .contains("Будущая редакция"));
}

#[test]
fn drafts_are_built_only_with_the_flag() {
    let site = Fixture::with_editions(&[
        (
            "1.0.md",
            &edition("version = \"1.0\"\npublished = 2024-01-15", "1.1. Текст.\n"),
        ),
        (
            "1.1.md",
            &edition(
                "version = \"1.1\"\npublished = 2026-12-20\nsummary = \"Черновик\"\ndraft = true",
                "1.1. Черновой текст.\n",
            ),
        ),
    ]);
    site.build();
    assert!(!site.exists("op/privacy/1.1/index.html"));
    let run = site.run(&["build", "--date", "2026-11-23", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .page("op/privacy/1.1/index.html")
        .contains("Черновой текст"));
}

#[test]
fn languages_get_their_own_pages_and_switch_to_the_same_edition() {
    let site = Fixture::with_editions(&[
        (
            "1.0.md",
            &edition(
                "version = \"1.0\"\npublished = 2024-01-15",
                "# Политика\n\n1.1. Русский текст.\n",
            ),
        ),
        (
            "1.0.kk.md",
            &edition("version = \"1.0\"", "# Саясат\n\n1.1. Қазақша мәтін.\n"),
        ),
    ]);
    site.build();
    let kk = site.page("kk/op/privacy/1.0/index.html");
    assert!(kk.contains("<html lang=\"kk\""));
    assert!(kk.contains("Қазақша мәтін"));
    assert!(kk.contains("2024 жылғы 15 қаңтар"), "Kazakh date");
    // The switcher leads to the same edition in Russian.
    assert!(kk.contains("href=\"../../../../op/privacy/1.0/\""));
    // English has no translation: the policy page says so and links to the original.
    let en = site.page("en/op/privacy/index.html");
    assert!(en.contains("href=\"../../../op/privacy/1.0/\""), "{en}");
    assert!(!site.exists("en/op/privacy/1.0/index.html"));
    assert!(site.page("en/index.html").contains("15 January 2024"));
}

#[test]
fn clause_numbers_become_self_links() {
    let site = Fixture::with_editions(&[(
        "1.0.md",
        &edition(
            "version = \"1.0\"\npublished = 2024-01-15",
            "## 2. Цели\n\n2.4.1. Пункт.\n\n- 2.5. В списке\n",
        ),
    )]);
    site.build();
    let page = site.page("op/privacy/index.html");
    assert!(page.contains("<p id=\"clause-2.4.1\" class=\"clause\"><a class=\"clause-number\" href=\"#clause-2.4.1\">2.4.1.</a> Пункт.</p>"));
    assert!(page.contains("<li id=\"clause-2.5\" class=\"clause\">"));
    assert!(page.contains("id=\"2-цели\""), "heading id");
    assert!(page.contains("href=\"#2-цели\""), "table of contents entry");
}

#[test]
fn raw_html_is_sanitised_unless_the_site_trusts_it() {
    let body = "| Цель | Данные |\n|---|---|\n| Учёт<br>и отчёт | ФИО |\n\n<script>alert('x')</script>\n\n<img src=x onerror=\"alert(1)\">\n";
    let site = Fixture::with_editions(&[(
        "1.0.md",
        &edition("version = \"1.0\"\npublished = 2024-01-15", body),
    )]);
    site.build();
    let page = site.page("op/privacy/index.html");
    assert!(page.contains("Учёт<br>и отчёт"));
    assert!(!page.contains("alert"), "script survived");
    let trusted = format!("{}[markdown]\ntrusted_html = true\n", common::SITE_TOML);
    site.write("site.toml", &trusted);
    site.build();
    assert!(site
        .page("op/privacy/index.html")
        .contains("<script>alert('x')</script>"));
}

/// Policies copied from websites and Word: each quirk must render as the reader expects.
#[test]
fn messy_pasted_markdown_renders_correctly() {
    let body = concat!(
        "Политика\n========\n\n",
        "---\n\n",
        "## 1\\. Общие положения\n\n",
        "1\\.1\\. Экранированный номер.  \n",
        "Строка после двух пробелов.\n\n",
        "2.1.\u{a0}Неразрывный пробел\u{200b} и нулевой.\n\n",
        "| Цель | Срок |\n| --- | --- |\n| Учёт<br>данных | 3 года |\n\n",
        "Сноска[^1].\n\n[^1]: Текст сноски.\n\n",
        "~~Зачёркнуто~~ без перевода строки в конце",
    );
    let site = Fixture::with_editions(&[(
        "1.0.md",
        &edition("version = \"1.0\"\npublished = 2024-01-15", body),
    )]);
    site.build();
    let page = site.page("op/privacy/index.html");
    assert!(
        page.contains("<h1>Политика</h1>"),
        "setext title becomes the page title"
    );
    assert!(page.contains("<hr"), "a --- line is a rule");
    assert!(page.contains("id=\"clause-1.1\""), "escaped clause number");
    assert!(
        page.contains("<br>\nСтрока после двух пробелов")
            || page.contains("<br />\nСтрока после двух пробелов"),
        "hard line break"
    );
    assert!(
        page.contains("id=\"clause-2.1\""),
        "no-break space after a clause number"
    );
    assert!(!page.contains('\u{200b}'), "zero-width space removed");
    assert!(page.contains("Учёт<br>данных"), "<br> in a table cell");
    assert!(page.contains("footnote-definition"), "footnote");
    assert!(page.contains("<del>Зачёркнуто</del> без перевода строки в конце"));
}

#[test]
fn a_one_megabyte_policy_builds() {
    let mut body = String::from("# Большая политика\n\n");
    let mut n = 0;
    while body.len() < 1_000_000 {
        n += 1;
        body.push_str(&format!("{}.{}. Оператор обрабатывает персональные данные в объёме, необходимом для целей, указанных в разделе {}.\n\n", n / 50 + 1, n % 50 + 1, n));
    }
    let site = Fixture::with_editions(&[(
        "1.0.md",
        &edition("version = \"1.0\"\npublished = 2024-01-15", &body),
    )]);
    site.build();
    assert!(site.page("op/privacy/index.html").contains(&format!(
        "id=\"clause-{}.{}\"",
        n / 50 + 1,
        n % 50 + 1
    )));
}

#[test]
fn links_are_relative_and_work_under_a_base_path() {
    let site = three_editions();
    let run = site.run(&[
        "build",
        "--date",
        "2026-11-23",
        "--base-url",
        "https://example.kz/legal",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("op/privacy/1.0/index.html");
    assert!(page.contains("rel=\"canonical\" href=\"https://example.kz/legal/op/privacy/1.0/\""));
    assert!(page.contains("href=\"../../../redakt.css\""));
    // The 404 page is served at any depth: its links start at the base path.
    assert!(site.page("404.html").contains("href=\"/legal/redakt.css\""));
    for page in [
        "index.html",
        "op/index.html",
        "op/privacy/changelog/index.html",
    ] {
        assert!(
            !site.page(page).contains("href=\"/op"),
            "{page} has a root-absolute link"
        );
    }
}

#[test]
fn the_same_input_and_date_give_byte_identical_output() {
    let site = three_editions();
    site.build();
    let first = snapshot_tree(&site.path("public"));
    // From scratch, not from the last build (which would find nothing to do).
    let again = site.path("again").display().to_string();
    let run = site.run(&["build", "--date", "2026-11-23", "--no-cache", "-o", &again]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(first, snapshot_tree(&site.path("again")));
    assert!(first.len() > 10);
}

fn snapshot_tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn operator_and_index_pages_list_policies_with_current_versions() {
    let site = three_editions();
    site.write(
        "content/op/_operator.toml",
        &format!("{OPERATOR_TOML}website = \"https://test.kz\"\n[i18n.en]\nname = \"Test LLP\"\n"),
    );
    site.build();
    let index = site.page("index.html");
    assert!(index.contains("ТОО «Тест»") && index.contains("2.0"));
    let operator = site.page("op/index.html");
    assert!(operator.contains("180640028978") && operator.contains("https://test.kz"));
    assert!(site.page("en/op/index.html").contains("Test LLP"));
    // Kazakh has no name of its own: the Russian one stands in.
    assert!(site.page("kk/op/index.html").contains("ТОО «Тест»"));
}

#[test]
fn init_then_new_edition_gives_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("portal");
    let redakt = env!("CARGO_BIN_EXE_redakt");
    let run = |args: &[&str]| {
        std::process::Command::new(redakt)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["init", site.to_str().unwrap()]).status.success());
    let root = site.to_str().unwrap();
    let made = run(&[
        "--root",
        root,
        "new",
        "edition",
        "example/privacy",
        "--date",
        "2026-11-23",
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let new = std::fs::read_to_string(site.join("content/example/privacy/1.1.md")).unwrap();
    assert!(new.contains("version = \"1.1\"") && new.contains("published = 2026-11-23"));
    assert!(
        new.contains("1.1. Настоящая Политика"),
        "the text is copied from the latest edition"
    );
    let build = run(&["--root", root, "build", "--date", "2026-11-23"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(
        run(&["--root", root, "new", "operator", "Bad Id"])
            .status
            .code()
            == Some(2)
    );
    assert!(run(&["--root", root, "new", "operator", "acme"])
        .status
        .success());
    assert!(site.join("content/acme/_operator.toml").exists());
}
