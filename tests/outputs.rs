//! The machine-readable outputs: Atom feeds, sitemap, robots.txt and the JSON API.

mod common;

use common::{edition, Fixture};

fn two_editions_and_an_upcoming_one() -> Fixture {
    Fixture::with_editions(&[
        ("1.0.md", &edition("version = \"1.0\"\npublished = 2024-01-15", "1.1. Первая.\n")),
        ("1.0.kk.md", &edition("version = \"1.0\"", "1.1. Бірінші.\n")),
        (
            "2.0.md",
            &edition("version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Изменён срок\"\nchanges = [\"П. 1.1 & 1.2\"]", "1.1. Вторая.\r\n"),
        ),
        (
            "2.1.md",
            &edition("version = \"2.1\"\npublished = 2026-11-10\neffective = 2026-12-01\nsummary = \"Скоро\"", "1.1. Третья.\n"),
        ),
    ])
}

#[test]
fn feeds_list_published_editions_newest_first_with_stable_ids() {
    let site = two_editions_and_an_upcoming_one();
    site.build();
    for feed in ["feed.xml", "op/feed.xml", "op/privacy/feed.xml"] {
        let xml = site.page(feed);
        assert!(
            xml.starts_with("<?xml") && xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
            "{feed}"
        );
        let ids: Vec<&str> = xml
            .split("<entry>")
            .skip(1)
            .filter_map(|entry| entry.split("<id>").nth(1)?.split("</id>").next())
            .collect();
        let expected: Vec<String> = ["2.1", "2.0", "1.0"]
            .iter()
            .map(|v| format!("https://policies.example.kz/op/privacy/{v}/"))
            .collect();
        assert_eq!(ids, expected, "{feed}: newest first");
    }
    let xml = site.page("op/privacy/feed.xml");
    assert!(xml.contains("<published>2025-03-01T00:00:00+05:00</published>"));
    assert!(
        xml.contains("П. 1.1 &amp;amp; 1.2"),
        "changes escaped inside the html summary"
    );
    // The Kazakh feed links the Kazakh page where a translation exists.
    assert!(site
        .page("kk/feed.xml")
        .contains("<id>https://policies.example.kz/kk/op/privacy/1.0/</id>"));
}

#[test]
fn feeds_can_be_switched_off() {
    let site = two_editions_and_an_upcoming_one();
    site.write(
        "site.toml",
        &format!("{}[feeds]\nenabled = false\n", common::SITE_TOML),
    );
    site.build();
    assert!(!site.exists("feed.xml"));
    assert!(!site.page("index.html").contains("feed.xml"));
}

#[test]
fn the_sitemap_lists_every_page_with_its_last_update_under_the_base_path() {
    let site = two_editions_and_an_upcoming_one();
    let run = site.run(&[
        "build",
        "--date",
        "2026-11-23",
        "--base-url",
        "https://example.kz/legal",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let xml = site.page("sitemap.xml");
    let entry = |loc: &str| {
        let at = xml
            .find(&format!("<loc>https://example.kz/legal/{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} missing"));
        xml[at..].split("</url>").next().unwrap().to_string()
    };
    // The policy page was last updated when its current edition was published.
    assert!(entry("op/privacy/").contains("<lastmod>2025-03-01</lastmod>"));
    assert!(entry("op/privacy/1.0/").contains("<lastmod>2024-01-15</lastmod>"));
    assert!(entry("op/privacy/1.0/")
        .contains("hreflang=\"kk\" href=\"https://example.kz/legal/kk/op/privacy/1.0/\""));
    assert!(
        !entry("op/privacy/2.0/").contains("hreflang"),
        "no translation, no alternates"
    );
    let pages = walk_html(&site.path("public")).len() - 1; // 404.html is not a page to index
    assert_eq!(xml.matches("<url>").count(), pages);
    assert!(site
        .page("robots.txt")
        .contains("Sitemap: https://example.kz/legal/sitemap.xml"));
}

fn walk_html(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn the_api_tells_an_app_about_an_edition_before_it_takes_effect() {
    let site = two_editions_and_an_upcoming_one();
    site.build();
    let doc: serde_json::Value =
        serde_json::from_str(&site.page("api/v1/op/privacy.json")).unwrap();
    let ru = &doc["languages"]["ru"];
    assert_eq!(ru["current"]["version"], "2.0");
    assert_eq!(ru["upcoming"][0]["version"], "2.1");
    assert_eq!(ru["upcoming"][0]["effective"], "2026-12-01");
    assert_eq!(ru["editions"].as_array().unwrap().len(), 3);
    assert_eq!(
        ru["current"]["url"],
        "https://policies.example.kz/op/privacy/2.0/"
    );
    // The fingerprint is of the body with line endings normalised to \n.
    assert_eq!(ru["current"]["sha256"], sha256_hex("1.1. Вторая.\n"));
    assert_eq!(doc["languages"]["kk"]["editions"][0]["version"], "1.0");
    assert!(
        doc["languages"]["kk"]["current"].is_null(),
        "2.0 has no Kazakh text"
    );
    let index: serde_json::Value = serde_json::from_str(&site.page("api/v1/index.json")).unwrap();
    let policy = &index["operators"][0]["policies"][0];
    assert_eq!(policy["current"]["ru"], "2.0");
    assert_eq!(policy["upcoming"]["ru"], "2.1");
    assert_eq!(
        policy["api"],
        "https://policies.example.kz/api/v1/op/privacy.json"
    );
}

fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
