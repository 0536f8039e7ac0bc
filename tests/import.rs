//! `redakt import`, end to end, on fixtures of the layouts policies arrive in
//! (`tests/fixtures/import/`): each import is compared with its expected edition
//! (`expected/<fixture>.md`; run with `REDAKT_BLESS=1` to rewrite them after a deliberate
//! change), and imported editions are checked as part of a site.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{edition, Fixture, Run};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// `redakt import <fixture> --output -` outside any site.
fn import_to_stdout(fixture: &str) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_redakt"))
        .current_dir(std::env::temp_dir())
        .arg("import")
        .arg(fixtures().join(fixture))
        .args([
            "--operator",
            "op",
            "--policy",
            "privacy",
            "--published",
            "2026-11-22",
            "--output",
            "-",
        ])
        .output()
        .expect("run redakt");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Imports `fixture` and compares the edition with `expected/<fixture>.md`.
fn expect(fixture: &str) -> Run {
    let run = import_to_stdout(fixture);
    assert_eq!(run.code, 0, "{fixture}:\n{}", run.stderr);
    let expected = fixtures().join("expected").join(format!("{fixture}.md"));
    if std::env::var_os("REDAKT_BLESS").is_some() {
        std::fs::create_dir_all(expected.parent().unwrap()).unwrap();
        std::fs::write(&expected, &run.stdout).unwrap();
    }
    let wanted = std::fs::read_to_string(&expected)
        .unwrap_or_else(|e| panic!("{}: {e} (run with REDAKT_BLESS=1)", expected.display()));
    assert_eq!(run.stdout, wanted, "{fixture} imports differently");
    run
}

fn report_has(run: &Run, line: &str) {
    assert!(
        run.stderr.lines().any(|l| l == line),
        "no report line `{line}` in:\n{}",
        run.stderr
    );
}

#[test]
fn numbered_headings_in_capitals_and_sub_clauses() {
    let run = expect("caps-headings.txt");
    report_has(
        &run,
        "  4 section(s), 10 clause(s), 0 list item(s), 0 table(s)",
    );
    report_has(&run, "  numbering gaps and repeats: 1");
    report_has(
        &run,
        "    stdout:30: numbering skips 3.2: clause 3.3 follows 3.1",
    );
    report_has(
        &run,
        "  every word of the source is in the edition (142 words)",
    );
    assert!(run
        .stdout
        .contains("\n## 2. ТЕРМИНЫ И ОПРЕДЕЛЕНИЯ\n\n2.1. В Политике"));
    assert!(run
        .stdout
        .contains("\n2.1.1. «Оператор» — ТОО «Qadam Digital», БИН 201140017369.\n"));
}

#[test]
fn bold_numbers_bookmarks_and_lone_dots_are_cleaned() {
    let run = expect("bold-numbers.txt");
    report_has(
        &run,
        "  debris removed: 1 bookmark marker(s) [bookmark: …], 5 unclosed bold/italic marker(s), 2 line(s) holding only \".\", 1 run(s) of centring spaces",
    );
    report_has(&run, "  placeholders left: 2");
    report_has(&run, "    stdout:12: unfilled placeholder `_____________`");
    assert!(run
        .stdout
        .contains("\n1.1. Оператор – ТОО «Astana Smart Parking»"));
    assert!(run
        .stdout
        .contains("\n## 2. Изменение Политики конфиденциальности.\n"));
    assert!(!run.stdout.contains("bookmark") && !run.stdout.contains("1.1.**"));
}

#[test]
fn dash_lists_and_a_pasted_table() {
    let run = expect("dash-lists.txt");
    report_has(
        &run,
        "  0 section(s), 0 clause(s), 6 list item(s), 1 table(s)",
    );
    assert!(run
        .stdout
        .contains("\n- фамилия, имя, отчество;\n- адрес электронной почты;\n- номер телефона;\n"));
    assert!(run.stdout.contains("| Журналы | 90 дней |"));
}

#[test]
fn markdown_keeps_its_markup_and_loses_its_front_matter() {
    let run = expect("policy.md");
    assert!(run
        .stdout
        .contains("**1.2.** Оператор *вправе* изменять Политику."));
    assert!(!run.stdout.contains("title: Политика"));
}

#[test]
fn windows_1251_is_detected() {
    let run = expect("cp1251.txt");
    assert!(run.stderr.starts_with(&format!(
        "Imported {} (.txt in Windows-1251)",
        fixtures().join("cp1251.txt").display()
    )));
    assert!(run
        .stdout
        .contains("ТОО «Центр электронного лицензирования», БИН 191140005310"));
}

#[test]
fn koi8_r_is_detected() {
    let run = expect("koi8r.txt");
    assert!(run.stderr.contains("(.txt in KOI8-R)"), "{}", run.stderr);
    assert!(run.stdout.contains("## 2. ТРАНСГРАНИЧНАЯ ПЕРЕДАЧА"));
}

#[test]
fn utf8_with_bom_and_crlf() {
    let run = expect("bom-crlf.txt");
    assert!(
        run.stderr.contains("(.txt in UTF-8 with BOM)"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains('\r') && !run.stdout.contains('\u{feff}'));
}

#[test]
fn docx_with_word_numbering() {
    let run = expect("policy.docx");
    report_has(
        &run,
        "  3 section(s), 10 clause(s), 3 list item(s), 1 table(s)",
    );
    // Section numbers come from the heading style's list, clause numbers from the same list.
    assert!(run
        .stdout
        .contains("\n## 1. Общие положения\n\n1.1. Настоящая Политика"));
    assert!(run
        .stdout
        .contains("\n2.1.1. «Оператор» — ТОО «Qadam Digital»"));
    // Runs split inside words join; bold and italic, links and tables survive.
    assert!(run
        .stdout
        .contains("1.3. Оператор обрабатывает данные на основании согласия."));
    assert!(run
        .stdout
        .contains("**персональные** данные пользователей *мобильного приложения*."));
    assert!(run
        .stdout
        .contains("[qadam.kz/privacy](https://qadam.kz/privacy)"));
    assert!(run.stdout.contains("<dpo@qadam.example.kz>"));
    assert!(run
        .stdout
        .contains("[портале политик](https://qadam.example.kz/policies/)"));
    assert!(run.stdout.contains("| Маршруты | 6 месяцев |"));
    // Tracked deletions are not text; literal Markdown characters stay literal.
    assert!(!run.stdout.contains("удалённый"));
    assert!(run.stdout.contains("знак \\* и строка \\<название>"));
}

fn import(fixture: &Fixture, file: &str, extra: &[&str]) -> Run {
    let source = fixtures().join(file);
    let mut args = vec![
        "import",
        source.to_str().unwrap(),
        "--operator",
        "op",
        "--policy",
        "privacy",
        "--published",
        "2026-11-22",
    ];
    args.extend_from_slice(extra);
    fixture.run(&args)
}

#[test]
fn an_imported_edition_is_valid_content() {
    let fixture = Fixture::with_editions(&[]);
    let run = import(&fixture, "policy.docx", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!(
            "Imported {} (.docx) into content/op/privacy/1.0.md: version 1.0, published 2026-11-22\n",
            fixtures().join("policy.docx").display()
        )),
        "{}",
        run.stdout
    );
    let text = fixture.read("content/op/privacy/1.0.md");
    assert!(text.starts_with(
        "+++\nversion = \"1.0\"\npublished = 2026-11-22\n+++\n\n# Политика конфиденциальности\n"
    ));
    let checked = fixture.run(&["check", "--date", "2026-11-23"]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(checked
        .stderr
        .contains("warning[placeholder]: unfilled placeholder `____________`"));
    let built = fixture.build();
    assert!(built.stderr.contains("warning[placeholder]"));
    let page = fixture.page("op/privacy/1.0/index.html");
    assert!(page.contains("id=\"clause-2.1.1\""), "clause anchors work");
}

#[test]
fn importing_into_a_policy_with_editions_makes_the_next_one() {
    let first = edition(
        "version = \"2.1\"\npublished = 2024-01-15",
        "\n# Политика\n\n1.1. Текст.\n",
    );
    let fixture = Fixture::with_editions(&[("2.1.md", &first)]);
    let run = import(&fixture, "caps-headings.txt", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("into content/op/privacy/2.2.md: version 2.2"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("warning: content/op/privacy/2.2.md: `summary` is empty: say in one sentence what changed since version 2.1\n"),
        "{}",
        run.stdout
    );
    let text = fixture.read("content/op/privacy/2.2.md");
    assert!(text.starts_with("+++\nversion = \"2.2\"\npublished = 2026-11-22\nsummary = \"\"   # what changed, in one sentence\nchanges = []\n+++\n"));
    let checked = fixture.run(&["check", "--date", "2026-11-23"]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        checked
            .stderr
            .contains("content/op/privacy/2.2.md:4:1: warning[empty-summary]: `summary` is empty"),
        "{}",
        checked.stderr
    );
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let fixture = Fixture::with_editions(&[]);
    assert_eq!(import(&fixture, "cp1251.txt", &[]).code, 0);
    let before = fixture.read("content/op/privacy/1.0.md");
    let target = fixture.path("content/op/privacy/1.0.md");
    let again = import(
        &fixture,
        "koi8r.txt",
        &["--output", target.to_str().unwrap()],
    );
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("error: the file already exists; it was left as it is"),
        "{}",
        again.stderr
    );
    assert_eq!(fixture.read("content/op/privacy/1.0.md"), before);
}

#[test]
fn a_version_not_after_the_latest_is_bad_usage() {
    let first = edition(
        "version = \"2.1\"\npublished = 2024-01-15",
        "\n1.1. Текст.\n",
    );
    let fixture = Fixture::with_editions(&[("2.1.md", &first)]);
    let run = import(&fixture, "cp1251.txt", &["--version", "2.0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: version 2.0 is not after the latest version 2.1 of op/privacy\n"
    );
}

#[test]
fn an_unknown_operator_is_imported_with_a_warning() {
    let fixture = Fixture::new(&[]);
    let run = import(&fixture, "cp1251.txt", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "warning: content/op/_operator.toml does not exist yet: run `redakt new operator op`"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn outside_a_site_an_output_is_required() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_redakt"))
        .args(["--root"])
        .arg(dir.path())
        .arg("import")
        .arg(fixtures().join("cp1251.txt"))
        .args(["--operator", "op", "--policy", "privacy"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("site.toml not found"));
}

#[test]
fn unsupported_and_broken_files_are_explained() {
    let fixture = Fixture::with_editions(&[]);
    fixture.write("old.doc", "binary");
    fixture.write("broken.docx", "not a zip");
    let run = fixture.run(&[
        "import",
        fixture.path("old.doc").to_str().unwrap(),
        "--operator",
        "op",
        "--policy",
        "privacy",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: cannot import a .doc file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("«Save as» .docx"), "{}", run.stderr);
    let run = fixture.run(&[
        "import",
        fixture.path("broken.docx").to_str().unwrap(),
        "--operator",
        "op",
        "--policy",
        "privacy",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: not a .docx file: it is not a ZIP archive"),
        "{}",
        run.stderr
    );
    assert!(!fixture.path("content/op/privacy").exists());
}

#[test]
fn invalid_ids_are_bad_usage() {
    let fixture = Fixture::with_editions(&[]);
    let source = fixtures().join("cp1251.txt");
    let run = fixture.run(&[
        "import",
        source.to_str().unwrap(),
        "--operator",
        "Qadam Digital",
        "--policy",
        "privacy",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: `Qadam Digital` is not a valid operator id; try `qadam-digital`\n"
    );
}
