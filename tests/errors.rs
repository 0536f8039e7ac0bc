//! Bad input, end to end: every error names the file, the line (and column where the
//! parser knows it), what is wrong and what to do, exits with 1 (bad content) or 2 (bad
//! usage), and never writes or damages `public/`.

mod common;

use common::{edition, snapshot, Fixture, Run, OPERATOR_TOML};

const DATE: &str = "2026-11-23";

/// The body every fixture edition shares.
const BODY: &str = "\n# Политика\n\n1.1. Текст.\n";

/// A valid first edition `1.0`, published 2024-01-15.
fn first_edition() -> String {
    edition("version = \"1.0\"\npublished = 2024-01-15", BODY)
}

fn build(fixture: &Fixture) -> Run {
    fixture.run(&["build", "--date", DATE])
}

/// One diagnostic as printed: `file:line:col: error: message`, the source line with a
/// caret, then `  = help: hint`.
#[derive(Debug)]
struct Diag {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: String,
    /// Every line under the header up to the blank line that ends the block.
    body: Vec<String>,
}

impl Diag {
    /// The `= help:` text, panicking (with the block) when there is none.
    fn help(&self) -> &str {
        self.body
            .iter()
            .find_map(|l| l.strip_prefix("  = help: "))
            .unwrap_or_else(|| panic!("no `= help:` line for this diagnostic:\n{self:#?}"))
    }

    /// Whether the block shows `source` as the offending line (`N | source`).
    fn shows_source(&self, source: &str) -> bool {
        self.body.iter().any(|l| {
            l.split_once(" | ").is_some_and(|(gutter, text)| {
                gutter.trim().parse::<usize>().is_ok() && text == source
            })
        })
    }
}

/// Every error diagnostic of `stderr`, in order.
fn errors(stderr: &str) -> Vec<Diag> {
    let mut found: Vec<Diag> = Vec::new();
    let mut open = false;
    for line in stderr.lines() {
        let header = (!line.starts_with("error:"))
            .then(|| line.split_once(": error: "))
            .flatten();
        if let Some((location, message)) = header {
            let (file, line, column) = parse_location(location);
            found.push(Diag {
                file,
                line,
                column,
                message: message.to_string(),
                body: Vec::new(),
            });
            open = true;
        } else if line.trim().is_empty() {
            open = false;
        } else if open {
            found.last_mut().unwrap().body.push(line.to_string());
        }
    }
    found
}

/// `path:3:7` → (`path`, 3, 7); `path:3` → (`path`, 3, None); `path` → (`path`, None, None).
fn parse_location(location: &str) -> (String, Option<usize>, Option<usize>) {
    let number = |s: &str| s.parse::<usize>().ok();
    match location.rsplit_once(':') {
        Some((rest, last)) if number(last).is_some() => match rest.rsplit_once(':') {
            Some((file, line)) if number(line).is_some() => {
                (file.to_string(), number(line), number(last))
            }
            _ => (rest.to_string(), number(last), None),
        },
        _ => (location.to_string(), None, None),
    }
}

/// The one error about `file`, panicking with the whole stderr if there is not exactly one.
fn error_in(run: &Run, file: &str) -> Diag {
    let mut matching: Vec<Diag> = errors(&run.stderr)
        .into_iter()
        .filter(|d| d.file == file)
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "expected exactly one error in {file}, stderr:\n{}",
        run.stderr
    );
    matching.remove(0)
}

/// Names under the site root that a build's staging or swap would leave behind.
fn leftovers(fixture: &Fixture) -> Vec<String> {
    std::fs::read_dir(fixture.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public."))
        .collect()
}

/// Exit code 1, a summary counting `count` errors, no `public/` and no staging folder.
fn assert_failed(fixture: &Fixture, run: &Run, count: usize) {
    assert_eq!(
        run.code, 1,
        "expected exit code 1 (bad content), stderr:\n{}",
        run.stderr
    );
    let summary = format!("error: {count} error(s)");
    assert!(
        run.stderr.lines().any(|l| l.starts_with(&summary)),
        "expected a summary line `{summary}…`, stderr:\n{}",
        run.stderr
    );
    assert!(
        !fixture.path("public").exists(),
        "a failed run created public/"
    );
    assert_eq!(
        leftovers(fixture),
        Vec::<String>::new(),
        "a failed run left a staging folder"
    );
}

// 1
#[test]
fn front_matter_never_closed() {
    let text = "+++\nversion = \"1.0\"\npublished = 2024-01-15\n\n# Политика\n\n1.1. Текст.\n";
    let fixture = Fixture::with_editions(&[("1.0.md", text)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.md");
    assert_eq!((d.line, d.column), (Some(1), Some(1)), "{d:#?}");
    assert!(d.message.contains("never closed"), "{d:#?}");
    assert!(d.help().contains("`+++`"), "{d:#?}");
}

// 2, an unterminated string on the first front-matter line (line 2 of the file)
#[test]
fn toml_syntax_error_unterminated_string() {
    let text = edition("version = \"1.0\npublished = 2024-01-15", BODY);
    let fixture = Fixture::with_editions(&[("1.0.md", &text)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.md");
    assert_eq!(
        d.line,
        Some(2),
        "the line of the file, not of the front-matter: {d:#?}"
    );
    assert!(d.column.is_some(), "{d:#?}");
    assert!(d.message.contains("TOML"), "{d:#?}");
    assert!(d.shows_source("version = \"1.0"), "{d:#?}");
    assert!(d.help().contains("\"double quotes\""), "{d:#?}");
}

// 2, a key with no value on the second front-matter line (line 3 of the file)
#[test]
fn toml_syntax_error_missing_value() {
    let text = edition("version = \"1.0\"\npublished = \nsummary = \"x\"", BODY);
    let fixture = Fixture::with_editions(&[("1.0.md", &text)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.md");
    assert_eq!(
        d.line,
        Some(3),
        "the line of the file, not of the front-matter: {d:#?}"
    );
    assert!(d.column.is_some(), "{d:#?}");
    assert!(d.shows_source("published ="), "{d:#?}");
    assert!(d.help().contains("key = value"), "{d:#?}");
}

// 3
#[test]
fn unknown_key_suggests_the_nearest_known_one() {
    let text = edition(
        "version = \"1.0\"\npublished = 2024-01-15\nefective = 2024-01-01",
        BODY,
    );
    let fixture = Fixture::with_editions(&[("1.0.md", &text)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.md");
    assert_eq!((d.line, d.column), (Some(4), Some(1)), "{d:#?}");
    assert!(d.message.contains("`efective`"), "{d:#?}");
    assert!(d.shows_source("efective = 2024-01-01"), "{d:#?}");
    assert!(d.help().contains("did you mean `effective`"), "{d:#?}");
}

// 4
#[test]
fn missing_version() {
    let text = edition("published = 2024-01-15", BODY);
    let fixture = Fixture::with_editions(&[("1.0.md", &text)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.md");
    assert!(d.line.is_some(), "{d:#?}");
    assert!(
        d.message.contains("missing") && d.message.contains("`version`"),
        "{d:#?}"
    );
    assert!(d.help().contains("version = \""), "{d:#?}");
}

// 5
#[test]
fn missing_published() {
    let text = edition("version = \"1.0\"", BODY);
    let fixture = Fixture::with_editions(&[("1.0.md", &text)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.md");
    assert!(d.line.is_some(), "{d:#?}");
    assert!(
        d.message.contains("missing") && d.message.contains("`published`"),
        "{d:#?}"
    );
    assert!(d.help().contains("published = 20"), "{d:#?}");
}

// 6
#[test]
fn impossible_date() {
    let text = edition("version = \"1.0\"\npublished = 2024-02-30", BODY);
    let fixture = Fixture::with_editions(&[("1.0.md", &text)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.md");
    assert_eq!(d.line, Some(3), "{d:#?}");
    assert!(d.column.is_some(), "{d:#?}");
    assert!(
        d.message.contains("published") && d.message.contains("date"),
        "{d:#?}"
    );
    assert!(d.shows_source("published = 2024-02-30"), "{d:#?}");
    assert!(d.help().contains("YYYY-MM-DD"), "{d:#?}");
}

fn effective_before_published() -> Fixture {
    let text = edition(
        "version = \"1.0\"\npublished = 2024-01-15\neffective = 2024-01-10",
        BODY,
    );
    Fixture::with_editions(&[("1.0.md", &text)])
}

fn assert_effective_before_published(run: &Run) {
    let d = error_in(run, "content/op/privacy/1.0.md");
    assert_eq!((d.line, d.column), (Some(4), Some(1)), "{d:#?}");
    assert!(
        d.message.contains("2024-01-10") && d.message.contains("2024-01-15"),
        "{d:#?}"
    );
    assert!(d.message.contains("before"), "{d:#?}");
    assert!(d.shows_source("effective = 2024-01-10"), "{d:#?}");
    assert!(d.help().contains("2024-01-15"), "{d:#?}");
}

// 7
#[test]
fn effective_before_published_is_an_error() {
    let fixture = effective_before_published();
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    assert_effective_before_published(&run);
}

// 8
#[test]
fn duplicate_version_names_both_files() {
    let copy = edition(
        "version = \"1.0\"\npublished = 2024-02-01\nsummary = \"Копия\"",
        BODY,
    );
    let fixture = Fixture::with_editions(&[("1.0.md", &first_edition()), ("1.1.md", &copy)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.1.md");
    assert_eq!((d.line, d.column), (Some(2), Some(1)), "{d:#?}");
    assert!(
        d.message.contains("1.0") && d.message.contains("content/op/privacy/1.0.md"),
        "{d:#?}"
    );
    assert!(d.shows_source("version = \"1.0\""), "{d:#?}");
    assert!(d.help().contains("version"), "{d:#?}");
}

fn dates_backwards() -> Fixture {
    let first = edition("version = \"1.0\"\npublished = 2024-03-01", BODY);
    let second = edition(
        "version = \"2.0\"\npublished = 2024-01-10\nsummary = \"Новая редакция\"",
        BODY,
    );
    Fixture::with_editions(&[("1.0.md", &first), ("2.0.md", &second)])
}

// 9
#[test]
fn dates_going_backwards_in_version_order() {
    let fixture = dates_backwards();
    let run = build(&fixture);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!fixture.path("public").exists());
    let d = errors(&run.stderr)
        .into_iter()
        .find(|d| d.file == "content/op/privacy/2.0.md" && d.message.contains("published"))
        .unwrap_or_else(|| panic!("no error about `published` in 2.0.md:\n{}", run.stderr));
    assert_eq!((d.line, d.column), (Some(3), Some(1)), "{d:#?}");
    assert!(
        d.message.contains("2.0") && d.message.contains("1.0"),
        "{d:#?}"
    );
    assert!(
        d.message.contains("2024-01-10") && d.message.contains("2024-03-01"),
        "{d:#?}"
    );
    assert!(
        d.message.contains("content/op/privacy/1.0.md"),
        "names the other file: {d:#?}"
    );
    assert!(d.shows_source("published = 2024-01-10"), "{d:#?}");
    assert!(d.help().contains("2024-03-01"), "{d:#?}");
}

// 9, the same mistake once: `effective` is not written, so it is not a second error
#[test]
fn dates_going_backwards_is_one_error_when_effective_is_implicit() {
    let fixture = dates_backwards();
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/2.0.md");
    assert!(d.message.contains("published"), "{d:#?}");
}

// 10
#[test]
fn translation_without_its_default_language_edition() {
    let text = edition(
        "version = \"1.0\"\npublished = 2024-01-15",
        "\n# Саясат\n\n1.1. Мәтін.\n",
    );
    let fixture = Fixture::with_editions(&[("1.0.kk.md", &text)]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.kk.md");
    assert_eq!((d.line, d.column), (Some(2), Some(1)), "{d:#?}");
    assert!(
        d.message.contains("`kk`") && d.message.contains("1.0") && d.message.contains("ru"),
        "{d:#?}"
    );
    assert!(d.help().contains("1.0.md"), "{d:#?}");
}

// 11
#[test]
fn operator_without_name() {
    let fixture = Fixture::new(&[
        (
            "content/op/_operator.toml",
            "bin = \"180640028978\"\nemail = \"privacy@test.kz\"\n",
        ),
        ("content/op/privacy/1.0.md", &first_edition()),
    ]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/_operator.toml");
    assert!(d.line.is_some(), "{d:#?}");
    assert!(
        d.message.contains("missing") && d.message.contains("`name`"),
        "{d:#?}"
    );
    assert!(d.help().contains("name = \""), "{d:#?}");
}

// 12
#[test]
fn bin_with_a_wrong_check_digit() {
    let operator = OPERATOR_TOML.replace("180640028978", "180640028979");
    let fixture = Fixture::new(&[
        ("content/op/_operator.toml", &operator),
        ("content/op/privacy/1.0.md", &first_edition()),
    ]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/_operator.toml");
    assert_eq!(d.line, Some(2), "{d:#?}");
    assert!(d.column.is_some(), "{d:#?}");
    assert!(
        d.message.contains("180640028979") && d.message.contains("check digit"),
        "{d:#?}"
    );
    assert!(d.message.contains("should be 8"), "{d:#?}");
    assert!(d.shows_source("bin = \"180640028979\""), "{d:#?}");
    assert!(d.help().contains("BIN"), "{d:#?}");
}

fn assert_bad_operator_folder(folder: &str, suggestion: &str) {
    let operator = format!("content/{folder}/_operator.toml");
    let policy = format!("content/{folder}/privacy/1.0.md");
    let fixture = Fixture::new(&[(&operator, OPERATOR_TOML), (&policy, &first_edition())]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, &format!("content/{folder}"));
    assert!(
        d.message.contains(&format!("`{folder}`")) && d.message.contains("operator id"),
        "{d:#?}"
    );
    assert!(d.help().contains(&format!("`{suggestion}`")), "{d:#?}");
}

// 13
#[test]
fn operator_folder_with_spaces_and_capitals() {
    assert_bad_operator_folder("My Operator", "my-operator");
}

// 13
#[test]
fn operator_folder_in_cyrillic() {
    assert_bad_operator_folder("Оператор", "operator");
}

// 14
#[test]
fn policy_folder_with_uppercase() {
    let fixture = Fixture::new(&[
        ("content/op/_operator.toml", OPERATOR_TOML),
        ("content/op/Privacy/1.0.md", &first_edition()),
    ]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/Privacy");
    assert!(
        d.message.contains("`Privacy`") && d.message.contains("policy id"),
        "{d:#?}"
    );
    assert!(d.help().contains("`privacy`"), "{d:#?}");
}

// 15
#[test]
fn windows_1251_file() {
    let mut bytes = b"+++\nversion = \"1.0\"\npublished = 2024-01-15\n+++\n\n# ".to_vec();
    bytes.extend_from_slice(&[0xCF, 0xEE, 0xEB, 0xE8, 0xF2, 0xE8, 0xEA, 0xE0]); // «Политика»
    bytes.extend_from_slice(b"\n\n1.1. \xD2\xE5\xEA\xF1\xF2.\n"); // «Текст.»
    let fixture = Fixture::with_editions(&[]);
    fixture.write_bytes("content/op/privacy/1.0.md", &bytes);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "content/op/privacy/1.0.md");
    assert_eq!(
        (d.line, d.column),
        (Some(6), Some(3)),
        "the first byte that is not UTF-8: {d:#?}"
    );
    assert!(
        d.message.contains("UTF-8") && d.message.contains("Windows-1251"),
        "{d:#?}"
    );
    let help = d.help();
    assert!(help.contains("iconv") && help.contains("UTF-8"), "{d:#?}");
    assert!(
        help.contains("CP1251") || help.to_uppercase().contains("WINDOWS-1251"),
        "{d:#?}"
    );
}

// 16
#[test]
fn default_language_missing_from_languages() {
    let site = "title = \"Тестовый портал\"\nbase_url = \"https://policies.example.kz\"\ndefault_language = \"de\"\nlanguages = [\"ru\", \"kk\", \"en\"]\n";
    let fixture = Fixture::new(&[
        ("site.toml", site),
        ("content/op/_operator.toml", OPERATOR_TOML),
        ("content/op/privacy/1.0.md", &first_edition()),
    ]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "site.toml");
    assert_eq!((d.line, d.column), (Some(3), Some(1)), "{d:#?}");
    assert!(
        d.message.contains("`de`") && d.message.contains("languages"),
        "{d:#?}"
    );
    assert!(d.shows_source("default_language = \"de\""), "{d:#?}");
    assert!(
        d.help().contains("\"de\"") && d.help().contains("languages"),
        "{d:#?}"
    );
}

// 17
#[test]
fn template_error_in_the_sites_own_override() {
    let template =
        "<!doctype html>\n<title>{{ page.title }}</title>\n{% if %}\n<p>x</p>\n{% endif %}\n";
    let fixture = Fixture::new(&[
        ("content/op/_operator.toml", OPERATOR_TOML),
        ("content/op/privacy/1.0.md", &first_edition()),
        ("templates/index.html", template),
    ]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "templates/index.html");
    assert_eq!(d.line, Some(3), "{d:#?}");
    assert!(d.message.contains("template"), "{d:#?}");
    assert!(
        d.help().contains("Tera") || d.help().contains("template"),
        "{d:#?}"
    );
}

// 17, in the compiler format: the template line under the message, with a caret
#[test]
fn template_syntax_error_shows_the_template_line() {
    let template =
        "<!doctype html>\n<title>{{ page.title }}</title>\n{% if %}\n<p>x</p>\n{% endif %}\n";
    let fixture = Fixture::new(&[
        ("content/op/_operator.toml", OPERATOR_TOML),
        ("content/op/privacy/1.0.md", &first_edition()),
        ("templates/index.html", template),
    ]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 1);
    let d = error_in(&run, "templates/index.html");
    assert_eq!((d.line, d.column), (Some(3), Some(7)), "{d:#?}");
    assert!(
        d.shows_source("{% if %}"),
        "the source line is not shown under the message: {d:#?}"
    );
    assert!(
        !d.message.contains("-->") && !d.message.contains(" | "),
        "the message carries Tera's own source rendering squashed into one line: {d:#?}"
    );
}

// 17, a runtime error in an overridden partial names that partial, not the built-in page
#[test]
fn template_error_in_an_overridden_partial_names_the_partial() {
    let fixture = Fixture::new(&[
        ("content/op/_operator.toml", OPERATOR_TOML),
        ("content/op/privacy/1.0.md", &first_edition()),
        (
            "templates/partials/footer.html",
            "<footer>{{ no_such_variable }}</footer>\n",
        ),
    ]);
    let run = build(&fixture);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!fixture.path("public").exists());
    let found = errors(&run.stderr);
    assert!(!found.is_empty(), "{}", run.stderr);
    for d in &found {
        assert_eq!(
            d.file, "templates/partials/footer.html",
            "names the wrong file:\n{}",
            run.stderr
        );
        assert!(d.message.contains("no_such_variable"), "{d:#?}");
    }
}

// 18
#[test]
fn every_error_of_a_run_is_reported() {
    let unknown_key = edition(
        "version = \"1.0\"\npublished = 2024-01-15\nefective = 2024-01-01",
        BODY,
    );
    let no_published = edition("version = \"1.0\"", "\n# Оферта\n\n1.1. Текст.\n");
    let fixture = Fixture::new(&[
        ("content/op/_operator.toml", OPERATOR_TOML),
        ("content/op/privacy/1.0.md", &unknown_key),
        ("content/op/offer/1.0.md", &no_published),
    ]);
    let run = build(&fixture);
    assert_failed(&fixture, &run, 2);
    let unknown = error_in(&run, "content/op/privacy/1.0.md");
    assert!(unknown.message.contains("`efective`"), "{unknown:#?}");
    let missing = error_in(&run, "content/op/offer/1.0.md");
    assert!(missing.message.contains("`published`"), "{missing:#?}");
}

// 19
#[test]
fn bom_and_crlf_are_accepted_silently() {
    let text = "\u{feff}+++\r\nversion = \"1.0\"\r\npublished = 2024-01-15\r\n+++\r\n\r\n# Политика\r\n\r\n1.1. Текст.\r\n";
    let fixture = Fixture::with_editions(&[("1.0.md", text)]);
    let run = build(&fixture);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The one-clause policy draws lints (coded `warning[…]`); nothing else may be said.
    let other: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning:"))
        .collect();
    assert_eq!(other, Vec::<&str>::new(), "no warning about the encoding");
    for page in ["op/privacy/index.html", "op/privacy/1.0/index.html"] {
        let html = fixture.page(page);
        assert!(
            html.contains("Политика") && html.contains("Текст."),
            "{page}:\n{html}"
        );
        assert!(
            !html.contains('\u{feff}') && !html.contains('\r'),
            "{page} kept a BOM or CR"
        );
        assert!(
            !html.contains("+++"),
            "{page} shows the front-matter as text"
        );
    }
}

// 20
#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let fixture = Fixture::with_editions(&[("1.0.md", &first_edition())]);
    fixture.build();
    let before = snapshot(&fixture.path("public"));
    assert!(
        before.contains_key("op/privacy/index.html"),
        "{:?}",
        before.keys()
    );

    let broken = edition(
        "version = \"1.0\"\npublished = 2024-01-15\nefective = 2024-01-01",
        BODY,
    );
    fixture.write("content/op/privacy/1.0.md", &broken);
    let run = build(&fixture);
    assert_eq!(run.code, 1, "{}", run.stderr);
    error_in(&run, "content/op/privacy/1.0.md");
    assert!(
        before == snapshot(&fixture.path("public")),
        "public/ changed after a failed build"
    );
    assert_eq!(
        leftovers(&fixture),
        Vec::<String>::new(),
        "a failed build left a staging folder"
    );

    // A failure after loading (in rendering) must not touch public/ either.
    fixture.write("content/op/privacy/1.0.md", &first_edition());
    fixture.write("templates/index.html", "{{ unclosed\n");
    let run = build(&fixture);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        before == snapshot(&fixture.path("public")),
        "public/ changed after a failed render"
    );
    assert_eq!(
        leftovers(&fixture),
        Vec::<String>::new(),
        "a failed render left a staging folder"
    );
}

// 21
#[test]
fn impossible_build_date_is_bad_usage() {
    let fixture = Fixture::with_editions(&[("1.0.md", &first_edition())]);
    let run = fixture.run(&["build", "--date", "2024-13-01"]);
    assert_eq!(
        run.code, 2,
        "expected exit code 2 (bad usage), stderr:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("2024-13-01"), "{}", run.stderr);
    assert!(run.stderr.contains("--date"), "{}", run.stderr);
    assert!(!fixture.path("public").exists());
    assert_eq!(leftovers(&fixture), Vec::<String>::new());
}

// 22
#[test]
fn check_reports_what_build_reports_and_writes_nothing() {
    let fixture = effective_before_published();
    let checked = fixture.run(&["check", "--date", DATE]);
    assert_failed(&fixture, &checked, 1);
    assert_effective_before_published(&checked);
    let built = build(&fixture);
    assert_eq!(checked.stderr, built.stderr, "check and build disagree");
}

// Beyond the issue: an output folder inside the sources is bad usage, refused before
// anything is written (building there replaces the folder with the site).
#[test]
fn output_inside_content_is_refused_and_destroys_nothing() {
    let fixture = Fixture::with_editions(&[("1.0.md", &first_edition())]);
    let before = snapshot(&fixture.path("content"));
    let output = fixture.path("content/op/privacy");
    let run = fixture.run(&[
        "build",
        "--date",
        DATE,
        "--output",
        output.to_str().unwrap(),
    ]);
    let after = snapshot(&fixture.path("content"));
    assert!(
        before == after,
        "the build replaced the sources: content/ now holds {:?}",
        after.keys().take(5).collect::<Vec<_>>()
    );
    assert_eq!(
        run.code, 2,
        "expected exit code 2 (bad usage), stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
}

// Beyond the issue: a malformed --base-url is a command-line mistake, not bad content.
#[test]
fn malformed_base_url_option_is_bad_usage() {
    let fixture = Fixture::with_editions(&[("1.0.md", &first_edition())]);
    let run = fixture.run(&["build", "--date", DATE, "--base-url", "policies.example.kz"]);
    assert_eq!(
        run.code, 2,
        "expected exit code 2 (bad usage), stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--base-url") && run.stderr.contains("https://"),
        "{}",
        run.stderr
    );
    assert!(!fixture.path("public").exists());
}
