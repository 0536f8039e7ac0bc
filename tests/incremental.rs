//! Rebuilds: a build that finds nothing changed writes nothing; one that finds something
//! changed writes only the files whose bytes differ; either way the output is byte for byte
//! what a clean build writes, whatever happened to the output or the cache in between.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::{edition, snapshot, Fixture, Run};

fn site() -> Fixture {
    Fixture::with_editions(&[
        (
            "1.0.md",
            &edition(
                "version = \"1.0\"\npublished = 2024-01-15",
                "# Политика\n\n1.1. Первая редакция.\n\n1.2. Хранение.\n",
            ),
        ),
        (
            "2.0.md",
            &edition(
                "version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Добавлен раздел о передаче\"",
                "# Политика\n\n1.1. Вторая редакция.\n\n1.2. Хранение.\n\n1.3. Передача.\n",
            ),
        ),
        (
            "2.0.kk.md",
            &edition("version = \"2.0\"", "# Саясат\n\n1.1. Екінші редакция.\n"),
        ),
    ])
}

/// What the file system says about every file and folder of `dir`: a file rewritten,
/// even with the same bytes, gets another modification time or inode.
fn stamps(dir: &Path) -> BTreeMap<String, (i64, i64, u64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let meta = e.metadata().unwrap();
            let relative = e.path().strip_prefix(dir).unwrap().display().to_string();
            (relative, (meta.mtime(), meta.mtime_nsec(), meta.ino()))
        })
        .collect()
}

/// A clean build of the same site into a folder of its own, without the cache.
fn clean_build(site: &Fixture, folder: &str) -> BTreeMap<String, Vec<u8>> {
    let output = site.path(folder).display().to_string();
    let run = site.run(&[
        "build",
        "--date",
        "2026-11-23",
        "--no-cache",
        "--output",
        &output,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = snapshot(&site.path(folder));
    std::fs::remove_dir_all(site.path(folder)).unwrap();
    files
}

fn assert_same_as_clean(site: &Fixture) {
    assert!(
        snapshot(&site.path("public")) == clean_build(site, "clean"),
        "the output differs from a clean build"
    );
}

/// Names at the site root that a build's staging or commit would leave behind.
fn leftovers(site: &Fixture) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect()
}

fn summary(run: &Run) -> &str {
    run.stdout.lines().next().unwrap_or_default()
}

#[test]
fn a_second_build_with_nothing_changed_writes_nothing() {
    let site = site();
    let first = site.build();
    assert!(summary(&first).starts_with("Built "), "{}", first.stdout);
    let before = stamps(&site.path("public"));
    let lock = stamps(&site.path("editions.lock"));
    let second = site.build();
    assert!(
        summary(&second).starts_with("Nothing changed:")
            && summary(&second).contains("nothing was written"),
        "{}",
        second.stdout
    );
    assert_eq!(
        stamps(&site.path("public")),
        before,
        "a file or folder was rewritten"
    );
    assert_eq!(stamps(&site.path("editions.lock")), lock);
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_same_as_clean(&site);
}

#[test]
fn the_warnings_of_the_last_build_are_reported_again() {
    let site = site();
    site.write("content/op/_operator.toml", "name = \"ТОО «Тест»\"\n");
    let first = site.build();
    assert!(
        first.stderr.contains("warning[operator-contact]"),
        "{}",
        first.stderr
    );
    let second = site.build();
    assert!(
        summary(&second).starts_with("Nothing changed:"),
        "{}",
        second.stdout
    );
    assert_eq!(second.stderr, first.stderr);
}

#[test]
fn an_edit_rewrites_only_the_files_whose_bytes_change() {
    let site = site();
    site.build();
    let old_clean = clean_build(&site, "clean");
    let before = stamps(&site.path("public"));
    site.write(
        "content/op/privacy/2.0.md",
        &edition(
            "version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Уточнён раздел о передаче\"",
            "# Политика\n\n1.1. Вторая редакция.\n\n1.2. Хранение.\n\n1.3. Передача.\n",
        ),
    );
    let run = site.build();
    assert!(summary(&run).contains("file(s) written"), "{}", run.stdout);
    let new_clean = clean_build(&site, "clean");
    assert!(
        snapshot(&site.path("public")) == new_clean,
        "the output differs from a clean build"
    );
    let after = stamps(&site.path("public"));
    let changed: Vec<&String> = new_clean
        .keys()
        .filter(|path| old_clean.get(*path) != new_clean.get(*path))
        .collect();
    assert!(
        changed.contains(&&"op/privacy/changelog/index.html".to_string()),
        "{changed:?}"
    );
    for (path, bytes) in &new_clean {
        let rewritten = before.get(path) != after.get(path);
        let differs = old_clean.get(path) != Some(bytes);
        assert_eq!(
            rewritten, differs,
            "{path}: rewritten {rewritten}, bytes differ {differs}"
        );
    }
    assert!(
        !changed.iter().any(|p| p.starts_with("op/privacy/1.0/")),
        "the untouched edition's page changed: {changed:?}"
    );
}

#[test]
fn a_new_edition_adds_its_pages_and_a_removed_one_takes_them_away() {
    let site = site();
    site.build();
    site.write(
        "content/op/privacy/3.0.md",
        &edition(
            "version = \"3.0\"\npublished = 2026-01-10\nsummary = \"Третья\"",
            "# Политика\n\n1.1. Третья редакция.\n",
        ),
    );
    site.build();
    assert!(site.exists("op/privacy/3.0/diff/index.html"));
    assert_same_as_clean(&site);
    // An edition posted in the future disappears when the build date goes back.
    let run = site.run(&["build", "--date", "2025-06-01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(summary(&run).contains("removed"), "{}", run.stdout);
    assert!(
        !site.exists("op/privacy/3.0"),
        "the folder of a page no longer built stays"
    );
    let output = site.path("clean").display().to_string();
    let clean = site.run(&[
        "build",
        "--date",
        "2025-06-01",
        "--no-cache",
        "--output",
        &output,
    ]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(snapshot(&site.path("public")) == snapshot(&site.path("clean")));
}

#[test]
fn files_changed_deleted_or_added_by_hand_are_put_right() {
    let site = site();
    site.build();
    let before = stamps(&site.path("public"));
    std::fs::remove_file(site.path("public/op/privacy/2.0/index.html")).unwrap();
    std::fs::write(site.path("public/index.html"), "edited by hand").unwrap();
    std::fs::write(site.path("public/op/stray.html"), "not built").unwrap();
    std::fs::create_dir_all(site.path("public/empty/deeper")).unwrap();
    let run = site.build();
    assert!(
        summary(&run).contains("2 file(s) written, 1 removed"),
        "{}",
        run.stdout
    );
    assert_same_as_clean(&site);
    assert!(!site.exists("empty"), "a folder made by hand stays");
    let after = stamps(&site.path("public"));
    assert_eq!(
        before.get("op/privacy/1.0/index.html"),
        after.get("op/privacy/1.0/index.html"),
        "an untouched page was rewritten"
    );
    // A file rewritten with its own bytes is not rewritten again, and the build after is
    // a no-op.
    let page = site.path("public/op/index.html");
    let bytes = std::fs::read(&page).unwrap();
    std::fs::remove_file(&page).unwrap();
    std::fs::write(&page, bytes).unwrap();
    let run = site.build();
    assert!(
        summary(&run).starts_with("Nothing changed:"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_damaged_cache_still_gives_the_right_output() {
    let site = site();
    site.build();
    let cache = site.path(".redakt-cache");
    let mut damaged = 0;
    for entry in walkdir::WalkDir::new(&cache) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let mut bytes = std::fs::read(entry.path()).unwrap();
            let middle = bytes.len() / 2;
            bytes.truncate(middle + 8);
            bytes[middle] ^= 0x55;
            std::fs::write(entry.path(), bytes).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged >= 2, "the cache holds redlines and the record");
    // Something must change too, or the (damaged) record alone decides.
    std::fs::remove_file(site.path("public/op/privacy/index.html")).unwrap();
    let run = site.run(&["build", "--date", "2026-11-23", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(" 0 redline(s) reused"),
        "{}",
        run.stdout
    );
    assert_same_as_clean(&site);
    let run = site.build();
    assert!(
        summary(&run).starts_with("Nothing changed:"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_failed_build_leaves_the_output_and_its_record_alone() {
    let site = site();
    site.build();
    let before = snapshot(&site.path("public"));
    let stamps_before = stamps(&site.path("public"));
    site.write(
        "content/op/privacy/2.0.md",
        &edition(
            "version = \"2.0\"\npublished = 2025-03-01\nsumary = \"опечатка\"",
            "1.1. Текст.\n",
        ),
    );
    let run = site.run(&["build", "--date", "2026-11-23"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        snapshot(&site.path("public")) == before,
        "public/ changed after a failed build"
    );
    assert_eq!(stamps(&site.path("public")), stamps_before);
    assert_eq!(leftovers(&site), Vec::<String>::new());
    // A failure in rendering, after loading, too.
    site.write(
        "content/op/privacy/2.0.md",
        &edition(
            "version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Добавлен раздел о передаче\"",
            "# Политика\n\n1.1. Вторая редакция.\n\n1.2. Хранение.\n\n1.3. Передача.\n",
        ),
    );
    site.write("templates/changelog.html", "{{ unclosed\n");
    let run = site.run(&["build", "--date", "2026-11-23"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(stamps(&site.path("public")), stamps_before);
    assert_eq!(leftovers(&site), Vec::<String>::new());
    // Back to the sources of the last good build: nothing to do.
    std::fs::remove_file(site.path("templates/changelog.html")).unwrap();
    std::fs::remove_dir(site.path("templates")).unwrap();
    let run = site.build();
    assert!(
        summary(&run).starts_with("Nothing changed:"),
        "{}",
        run.stdout
    );
}

#[test]
fn what_a_build_is_for_is_part_of_what_it_checks() {
    let site = site();
    site.build();
    for args in [
        &["build", "--date", "2026-11-24"][..],
        &["build", "--date", "2026-11-24", "--drafts"],
        &[
            "build",
            "--date",
            "2026-11-24",
            "--drafts",
            "--base-url",
            "https://x.kz/legal",
        ],
    ] {
        let run = site.run(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            summary(&run).starts_with("Built "),
            "{args:?}: {}",
            run.stdout
        );
    }
    // A static file counts like content.
    site.write("static/robots-extra.txt", "x");
    let run = site.run(&[
        "build",
        "--date",
        "2026-11-24",
        "--drafts",
        "--base-url",
        "https://x.kz/legal",
    ]);
    assert!(summary(&run).starts_with("Built "), "{}", run.stdout);
    assert!(site.exists("robots-extra.txt"));
}

#[test]
fn no_cache_builds_from_scratch_and_keeps_nothing() {
    let site = site();
    let run = site.run(&["build", "--date", "2026-11-23", "--no-cache"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site.path(".redakt-cache").exists(),
        "--no-cache created the cache folder"
    );
    site.build();
    let before = stamps(&site.path("public"));
    let run = site.run(&["build", "--date", "2026-11-23", "--no-cache"]);
    assert!(summary(&run).starts_with("Built "), "{}", run.stdout);
    assert_ne!(
        stamps(&site.path("public")),
        before,
        "--no-cache writes everything"
    );
    // Its output has no record, so the next build writes it whole once more.
    let run = site.build();
    assert!(summary(&run).starts_with("Built "), "{}", run.stdout);
    let run = site.build();
    assert!(
        summary(&run).starts_with("Nothing changed:"),
        "{}",
        run.stdout
    );
}

#[test]
fn init_keeps_the_cache_out_of_git() {
    let dir = tempfile::tempdir().unwrap();
    let site = Fixture { dir };
    let run = site.run(&["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site
        .read(".gitignore")
        .lines()
        .any(|l| l == ".redakt-cache/"));
}
