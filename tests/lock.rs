//! editions.lock, end to end: a build locks every published text; a later build or check
//! that finds a locked text changed or gone fails and writes nothing; `--correct` accepts a
//! deliberate change and the edition page shows the record.

mod common;

use std::time::{Duration, SystemTime};

use common::{edition, snapshot, Fixture, Run, OPERATOR_TOML};
use redakt::content::fingerprint;

const DATE: &str = "2026-11-23";

const BODY_1: &str = "\n# Политика\n\n1.1. Первая редакция.\n";
const BODY_1_KK: &str = "\n# Саясат\n\n1.1. Бірінші редакция.\n";
const BODY_2: &str = "\n# Политика\n\n1.1. Вторая редакция.\n";
const BODY_2_FIXED: &str = "\n# Политика\n\n1.1. Вторая редакция, без опечатки.\n";
const BODY_9: &str = "1.1. Согласие.\n";
const BODY_10: &str = "1.1. Согласие, десятая редакция.\n";

/// Two operators; `op/privacy` has a translated first edition, a current one with a draft
/// translation, a draft edition and one published after `DATE`; `op/consent` has versions
/// 9 and 10 (10 sorts after 9).
fn portal() -> Fixture {
    let privacy = |file: &str, front: &str, body: &str| {
        (format!("content/op/privacy/{file}"), edition(front, body))
    };
    let files = [
        privacy(
            "1.0.md",
            "version = \"1.0\"\npublished = 2024-01-15",
            BODY_1,
        ),
        privacy("1.0.kk.md", "version = \"1.0\"", BODY_1_KK),
        privacy(
            "2.0.md",
            "version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Срок хранения\"",
            BODY_2,
        ),
        privacy(
            "2.0.en.md",
            "version = \"2.0\"\ndraft = true",
            "1.1. Second edition.\n",
        ),
        privacy(
            "2.1.md",
            "version = \"2.1\"\npublished = 2026-11-01\nsummary = \"Черновик\"\ndraft = true",
            "1.1. Черновик.\n",
        ),
        privacy(
            "3.0.md",
            "version = \"3.0\"\npublished = 2026-12-01\nsummary = \"Будущая\"",
            "1.1. Будущая.\n",
        ),
        (
            "content/op/consent/9.md".into(),
            edition("version = \"9\"\npublished = 2024-01-01", BODY_9),
        ),
        (
            "content/op/consent/10.md".into(),
            edition(
                "version = \"10\"\npublished = 2024-02-01\nsummary = \"Десятая\"",
                BODY_10,
            ),
        ),
        (
            "content/alpha/privacy/1.0.md".into(),
            edition("version = \"1.0\"\npublished = 2024-01-15", BODY_1),
        ),
    ];
    let mut all: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    all.push(("content/op/_operator.toml", OPERATOR_TOML));
    all.push(("content/alpha/_operator.toml", OPERATOR_TOML));
    Fixture::new(&all)
}

/// The lock's lines without its comment header.
fn lock_lines(site: &Fixture) -> Vec<String> {
    site.read("editions.lock")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn run(site: &Fixture, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    if !all.contains(&"--date") {
        all.extend(["--date", DATE]);
    }
    site.run(&all)
}

fn assert_exit(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
}

/// Changes the body of 2.0.md, keeping its front-matter.
fn fix_typo(site: &Fixture) {
    site.write(
        "content/op/privacy/2.0.md",
        &edition(
            "version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Срок хранения\"",
            BODY_2_FIXED,
        ),
    );
}

#[test]
fn a_build_locks_every_published_text_in_sorted_lines() {
    let site = portal();
    let built = site.build();
    let lock = site.read("editions.lock");
    assert!(
        lock.starts_with("# ") && lock.contains("`redakt build`") && lock.contains("commit"),
        "{lock}"
    );
    let line = |key: &str, body: &str| format!("{key} {}", fingerprint(body));
    assert_eq!(
        lock_lines(&site),
        [
            line("alpha/privacy@1.0 ru", BODY_1),
            line("op/consent@9 ru", BODY_9),
            line("op/consent@10 ru", BODY_10),
            line("op/privacy@1.0 kk", BODY_1_KK),
            line("op/privacy@1.0 ru", BODY_1),
            line("op/privacy@2.0 ru", BODY_2),
        ],
        "no draft edition, draft translation or edition posted after {DATE}"
    );
    assert!(
        built
            .stdout
            .contains("editions.lock: locked 6 newly published text(s)"),
        "{}",
        built.stdout
    );
}

#[test]
fn an_unchanged_build_leaves_the_lock_untouched() {
    let site = portal();
    site.build();
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let file = std::fs::File::options()
        .write(true)
        .open(site.path("editions.lock"))
        .unwrap();
    file.set_modified(old).unwrap();
    drop(file);
    let before = site.read("editions.lock");

    let again = site.build();
    assert_eq!(site.read("editions.lock"), before);
    let modified = std::fs::metadata(site.path("editions.lock"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, old, "the lock was rewritten");
    assert!(!again.stdout.contains("editions.lock"), "{}", again.stdout);
    assert_exit(&run(&site, &["check"]), 0);
}

#[test]
fn a_changed_published_text_fails_build_and_check_and_writes_nothing() {
    let site = portal();
    site.build();
    let public = snapshot(&site.path("public"));
    let lock = site.read("editions.lock");
    fix_typo(&site);

    for command in ["build", "check"] {
        let failed = run(&site, &[command]);
        assert_exit(&failed, 1);
        let stderr = &failed.stderr;
        // The body starts on line 6; its first line of text is line 7.
        assert!(
            stderr.contains("content/op/privacy/2.0.md:7:1: error: the text of published edition op/privacy version 2.0 (ru) has changed"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains(&fingerprint(BODY_2)) && stderr.contains(&fingerprint(BODY_2_FIXED)),
            "{command}: both fingerprints: {stderr}"
        );
        assert!(
            stderr.contains("`redakt new edition op/privacy`")
                && stderr.contains("`redakt build --correct op/privacy@2.0`"),
            "{command}: {stderr}"
        );
        assert!(stderr.contains("error: 1 error(s)"), "{command}: {stderr}");
    }
    assert!(public == snapshot(&site.path("public")), "public/ changed");
    assert_eq!(site.read("editions.lock"), lock);
}

#[test]
fn every_changed_text_is_reported() {
    let site = portal();
    site.build();
    fix_typo(&site);
    site.write(
        "content/op/privacy/1.0.kk.md",
        &edition("version = \"1.0\"", "\n# Саясат\n\n1.1. Өзгертілген.\n"),
    );
    let failed = run(&site, &["build"]);
    assert_exit(&failed, 1);
    assert!(
        failed.stderr.contains("content/op/privacy/1.0.kk.md:")
            && failed.stderr.contains("version 1.0 (kk) has changed")
            && failed.stderr.contains("error: 2 error(s)"),
        "{}",
        failed.stderr
    );
}

#[test]
fn front_matter_edits_do_not_trip_the_lock() {
    let site = portal();
    site.build();
    let lock = site.read("editions.lock");
    site.write(
        "content/op/privacy/2.0.md",
        &edition(
            "version = \"2.0\"\npublished = 2025-03-01\nsummary = \"Иначе сформулировано\"\nchanges = [\"П. 1.1\"]\ntitle = \"Политика\"",
            BODY_2,
        ),
    );
    site.build();
    assert_eq!(site.read("editions.lock"), lock);
}

#[test]
fn drafts_and_editions_posted_later_are_not_locked_and_may_change() {
    let site = portal();
    site.build();
    let lock = site.read("editions.lock");
    site.write(
        "content/op/privacy/2.0.en.md",
        &edition(
            "version = \"2.0\"\ndraft = true",
            "1.1. Second edition, reworded.\n",
        ),
    );
    site.write(
        "content/op/privacy/2.1.md",
        &edition(
            "version = \"2.1\"\npublished = 2026-11-01\nsummary = \"Черновик\"\ndraft = true",
            "1.1. Черновик, правка.\n",
        ),
    );
    site.write(
        "content/op/privacy/3.0.md",
        &edition(
            "version = \"3.0\"\npublished = 2026-12-01\nsummary = \"Будущая\"",
            "1.1. Будущая, правка.\n",
        ),
    );
    site.build();
    assert_exit(&run(&site, &["build", "--drafts"]), 0);
    assert_eq!(site.read("editions.lock"), lock, "drafts were locked");
}

#[test]
fn an_edition_becoming_published_is_locked_by_that_build() {
    let site = portal();
    site.build();
    let later = run(&site, &["build", "--date", "2026-12-01"]);
    assert_exit(&later, 0);
    assert!(
        later
            .stdout
            .contains("editions.lock: locked 1 newly published text(s)"),
        "{}",
        later.stdout
    );
    let lines = lock_lines(&site);
    assert_eq!(lines.len(), 7);
    assert_eq!(
        lines[6],
        format!("op/privacy@3.0 ru {}", fingerprint("1.1. Будущая.\n"))
    );
}

#[test]
fn correct_accepts_a_deliberate_change_and_records_it() {
    let site = portal();
    site.build();
    let lock = site.read("editions.lock");
    fix_typo(&site);

    // `check --correct` previews the correction and writes nothing.
    let preview = run(&site, &["check", "--correct", "op/privacy@2.0"]);
    assert_exit(&preview, 0);
    assert!(
        preview.stdout.contains("record 1 correction(s)"),
        "{}",
        preview.stdout
    );
    assert_eq!(site.read("editions.lock"), lock);

    // `--correct` is repeatable; here the second one corrects a translation.
    let kk_fixed = "\n# Саясат\n\n1.1. Бірінші редакция (түзетілген).\n";
    site.write(
        "content/op/privacy/1.0.kk.md",
        &edition("version = \"1.0\"", kk_fixed),
    );
    let corrected = run(
        &site,
        &[
            "build",
            "--date",
            "2026-11-25",
            "--correct",
            "op/privacy@2.0",
            "--correct",
            "op/privacy@1.0",
        ],
    );
    assert_exit(&corrected, 0);
    assert!(
        corrected.stdout.contains("recorded 2 correction(s)"),
        "{}",
        corrected.stdout
    );
    let (old, new) = (fingerprint(BODY_2), fingerprint(BODY_2_FIXED));
    let record = format!("op/privacy@2.0 ru {new} corrected:2026-11-25:{old}");
    assert!(
        lock_lines(&site).contains(&record),
        "{:?}",
        lock_lines(&site)
    );

    let page = site.page("op/privacy/2.0/index.html");
    assert!(
        page.contains(&format!("Исправлена <time datetime=\"2026-11-25\">25 ноября 2026 г.</time> (прежний отпечаток <code class=\"sha256\">{old}</code>)")),
        "{page}"
    );
    assert!(page.contains(&new), "the new fingerprint is shown");
    let kk = site.page("kk/op/privacy/1.0/index.html");
    assert!(
        kk.contains("Түзетілді: <time datetime=\"2026-11-25\">")
            && kk.contains(&fingerprint(BODY_1_KK)),
        "{kk}"
    );
    assert!(
        !site
            .page("op/privacy/1.0/index.html")
            .contains("прежний отпечаток"),
        "only the corrected language shows a correction"
    );
    let api: serde_json::Value =
        serde_json::from_str(&site.page("api/v1/op/privacy.json")).unwrap();
    let editions = &api["languages"]["ru"]["editions"];
    assert_eq!(
        editions[1]["corrections"],
        serde_json::json!([{ "date": "2026-11-25", "previous_sha256": old }])
    );
    assert_eq!(editions[0]["corrections"], serde_json::json!([]));

    // The corrected text is now the locked one: later builds pass without the flag.
    let before = site.read("editions.lock");
    assert_exit(&run(&site, &["build", "--date", "2026-11-26"]), 0);
    assert_eq!(site.read("editions.lock"), before);
}

#[test]
fn correct_must_name_an_existing_changed_edition() {
    let site = portal();
    site.build();

    let unknown = run(&site, &["build", "--correct", "op/privacy@9.9"]);
    assert_exit(&unknown, 1);
    assert!(
        unknown.stderr.contains(
            "--correct: error: `--correct op/privacy@9.9` names an edition that does not exist"
        ) && unknown.stderr.contains("versions 1.0, 2.0, 2.1, 3.0"),
        "{}",
        unknown.stderr
    );

    let malformed = run(&site, &["build", "--correct", "op/privacy"]);
    assert_exit(&malformed, 2);
    assert!(
        malformed.stderr.contains("--correct"),
        "{}",
        malformed.stderr
    );

    let unchanged = run(&site, &["build", "--correct", "op/privacy@1.0"]);
    assert_exit(&unchanged, 0);
    assert!(
        unchanged
            .stderr
            .contains("warning: `--correct op/privacy@1.0`: nothing to correct"),
        "{}",
        unchanged.stderr
    );
}

#[test]
fn a_deleted_locked_edition_fails_naming_its_lock_line() {
    let site = portal();
    site.build();
    let public = snapshot(&site.path("public"));
    let line = 1 + site
        .read("editions.lock")
        .lines()
        .position(|l| l.starts_with("op/privacy@1.0 kk "))
        .unwrap();
    std::fs::remove_file(site.path("content/op/privacy/1.0.kk.md")).unwrap();

    for command in ["build", "check"] {
        let failed = run(&site, &[command]);
        assert_exit(&failed, 1);
        assert!(
            failed.stderr.contains(&format!(
                "editions.lock:{line}:1: error: op/privacy version 1.0 (kk) is locked, but it is no longer on disk"
            )),
            "{command}: {}",
            failed.stderr
        );
        assert!(
            failed.stderr.contains("restore its file")
                && failed
                    .stderr
                    .contains("delete this line from editions.lock"),
            "{command}: {}",
            failed.stderr
        );
    }
    assert!(public == snapshot(&site.path("public")), "public/ changed");
}

#[test]
fn a_malformed_lock_line_is_reported_with_line_and_column() {
    let site = portal();
    site.write(
        "editions.lock",
        "# редактировано вручную\nop/privacy@1.0 ru not-a-fingerprint\n",
    );
    let failed = run(&site, &["build"]);
    assert_exit(&failed, 1);
    assert!(
        failed.stderr.contains(
            "editions.lock:2:19: error: `not-a-fingerprint` is not a SHA-256 fingerprint"
        ),
        "{}",
        failed.stderr
    );
    assert!(failed.stderr.contains("= help:"), "{}", failed.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn a_locked_file_that_fails_to_load_is_not_also_reported_missing() {
    let site = portal();
    site.build();
    site.write(
        "content/op/privacy/1.0.kk.md",
        &edition("version = \"1.0\"\nsumary = \"Бірінші\"", BODY_1_KK),
    );
    let failed = run(&site, &["build"]);
    assert_exit(&failed, 1);
    assert!(
        failed.stderr.contains("unknown key `sumary`")
            && !failed.stderr.contains("no longer on disk")
            && failed.stderr.contains("error: 1 error(s)"),
        "{}",
        failed.stderr
    );
}
